//! Configuration files, suppression comments and baselines, exercised through the CLI.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn preflight(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("preflight").unwrap();
    c.current_dir(dir).env("COLUMNS", "100");
    c
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = preflight(dir)
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), doc)
}

fn rules(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A script with a git force push (warning), a stash clear (warning) and a reset (error).
const SCRIPT: &str = "#!/bin/sh\nset -eu\ngit push --force origin feature\ngit stash clear\ngit reset --hard\n";

#[test]
fn select_ignore_severity_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.sh", SCRIPT);
    let (code, doc) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(rules(&doc), ["git-push-force", "git-stash-clear", "git-reset-hard"]);

    write(
        dir.path(),
        "preflight.toml",
        "ignore = [\"git-stash-clear\"]\n[severity]\ngit-push-force = \"info\"\n",
    );
    let (_, doc) = json(dir.path(), &[]);
    assert_eq!(rules(&doc), ["git-push-force", "git-reset-hard"]);
    assert_eq!(doc["diagnostics"][0]["severity"], "info");

    // select by family; fail only on errors
    write(
        dir.path(),
        "preflight.toml",
        "select = [\"git\"]\nignore = [\"git-reset-hard\"]\nfail-on = \"error\"\n",
    );
    let (code, doc) = json(dir.path(), &[]);
    assert_eq!(rules(&doc), ["git-push-force", "git-stash-clear"]);
    assert_eq!(code, 0);
    // --fail-on wins over the configuration
    let (code, _) = json(dir.path(), &["--fail-on", "warning"]);
    assert_eq!(code, 1);
    // --no-config ignores it
    let (_, doc) = json(dir.path(), &["--no-config"]);
    assert_eq!(rules(&doc).len(), 3);
}

#[test]
fn nearest_configuration_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".preflight.toml", "exclude = [\"vendor\"]\n");
    write(dir.path(), "vendor/lib.sh", "rm -rf /srv/data\n");
    write(dir.path(), "app/deploy.sh", SCRIPT);
    write(dir.path(), "app/preflight.toml", "ignore = [\"destructive\"]\n");
    let (code, doc) = json(dir.path(), &[]);
    assert_eq!(code, 0, "{doc}");
    assert!(rules(&doc).is_empty(), "{doc}");
    // an excluded file named on the command line is still checked
    let (_, doc) = json(dir.path(), &["vendor/lib.sh"]);
    assert_eq!(rules(&doc), ["rm-recursive-absolute"]);
}

#[test]
fn configuration_errors_point_into_the_toml() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.sh", SCRIPT);
    write(dir.path(), "preflight.toml", "selct = [\"git\"]\n");
    let out = preflight(dir.path()).args(["check", "x.sh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown field `selct`"), "{err}");
    assert!(err.contains("preflight.toml:1:1"), "{err}");
    write(dir.path(), "preflight.toml", "ignore = [\"git-stsh-clear\"]\n");
    let out = preflight(dir.path()).args(["check", "x.sh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git-stsh-clear"));
    // --config names one explicitly
    write(
        dir.path(),
        "ci/strict.toml",
        "[severity]\ngit-stash-clear = \"error\"\n",
    );
    let (_, doc) = json(dir.path(), &["--config", "ci/strict.toml", "x.sh"]);
    assert_eq!(doc["diagnostics"][1]["severity"], "error");
}

#[test]
fn configuration_adds_rule_packs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ci/ours.toml",
        "[pack]\nfamily = \"ours\"\ndescription = \"d\"\n[[rule]]\nid = \"nuke-cluster\"\ncategory = \"destructive\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"e\"\nhelp = \"h\"\n[[rule.shell]]\nprogram = [\"nuke\"]\n",
    );
    write(dir.path(), "preflight.toml", "rules = [\"ci/ours.toml\"]\n");
    write(dir.path(), "x.sh", "nuke prod\n");
    let (_, doc) = json(dir.path(), &[]);
    assert_eq!(rules(&doc), ["nuke-cluster"]);
}

#[test]
fn environment_facts_name_production() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "staging-cleanup.sh",
        "#!/bin/sh\nset -eu\n# Clean the staging cluster.\nkubectl --context eu-main delete namespace cache\n",
    );
    let (_, doc) = json(dir.path(), &[]);
    assert!(!rules(&doc).contains(&"env-mismatch".to_owned()));
    write(
        dir.path(),
        "preflight.toml",
        "[environment.production]\nkube-contexts = [\"eu-main\"]\n",
    );
    let (_, doc) = json(dir.path(), &[]);
    assert!(rules(&doc).contains(&"env-mismatch".to_owned()), "{doc}");
}

#[test]
fn suppressions_and_unused_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "x.sh",
        "#!/bin/sh\nset -eu\n# preflight: ignore[git-push-force] -- feature branch, rebased\ngit push --force origin feature\ngit stash clear # preflight: ignore[git-stash-clear]\n# preflight: ignore[rm-recursive-root]\ngit reset --hard\n# preflight: ignore[no-such-rule]\nls\n",
    );
    let (code, doc) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules(&doc),
        ["unused-ignore", "git-reset-hard", "unused-ignore"],
        "{doc}"
    );
    let msgs: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(msgs[0].contains("rm-recursive-root"));
    assert!(msgs[2].contains("not a rule"));
    // --no-ignores audits with suppressions off
    let (_, doc) = json(dir.path(), &["--no-ignores"]);
    assert_eq!(rules(&doc), ["git-push-force", "git-stash-clear", "git-reset-hard"]);
}

#[test]
fn file_wide_and_multi_line_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "x.sh",
        "#!/bin/bash\n# preflight: ignore-file[git-stash-clear]\ngit stash clear\n# preflight: ignore[railway-volume-delete, env-unverified-id]\ncurl -s https://backboard.railway.com/graphql/v2 \\\n  -d '{\"query\":\"mutation { volumeDelete(volumeId: \\\"3f2b8c1e-9a4d-4c6e-8f1a-2b7d9e0c4a51\\\") }\"}'\n",
    );
    let (code, doc) = json(dir.path(), &[]);
    assert_eq!(code, 0, "{doc}");
    assert!(rules(&doc).is_empty(), "{doc}");
}

#[test]
fn markdown_suppression_before_a_fence() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "plan.md",
        "# Plan\n\n<!-- preflight: ignore[git-reset-hard] -->\n```bash\ngit fetch\ngit reset --hard origin/main\n```\n\n```bash\ngit reset --hard HEAD~1\n```\n",
    );
    let (_, doc) = json(dir.path(), &[]);
    let lines: Vec<u64> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(rules(&doc), ["git-reset-hard"]);
    assert_eq!(lines, [10]);
}

#[test]
fn baseline_survives_line_shifts_and_reports_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.sh", SCRIPT);
    let out = preflight(dir.path())
        .args(["check", "--write-baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let b: Value = serde_json::from_slice(&std::fs::read(dir.path().join("baseline.json")).unwrap()).unwrap();
    assert_eq!(b["version"], 1);
    assert_eq!(b["findings"].as_array().unwrap().len(), 3);
    let (code, doc) = json(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 0);
    assert!(rules(&doc).is_empty());
    // unrelated lines shift everything down; one new finding appears
    write(
        dir.path(),
        "x.sh",
        &format!(
            "#!/bin/sh\n# a new header\n\necho start\n{}git clean -fdx\n",
            &SCRIPT[10..]
        ),
    );
    let (code, doc) = json(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(rules(&doc), ["git-clean-force"]);
    // a second occurrence of a baselined finding is new
    write(dir.path(), "x.sh", &format!("{SCRIPT}git stash clear\n"));
    let (_, doc) = json(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(rules(&doc), ["git-stash-clear"]);
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..50 {
        write(dir.path(), &format!("s{i}.sh"), "ls\n");
    }
    let out = preflight(dir.path()).args(["check"]).output().unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn configured_baseline_applies_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ops/x.sh", SCRIPT);
    write(dir.path(), "preflight.toml", "baseline = \"ci/baseline.json\"\n");
    std::fs::create_dir_all(dir.path().join("ci")).unwrap();
    // written from a subdirectory to the configuration's baseline: paths relative to the config
    let out = preflight(&dir.path().join("ops"))
        .args(["check", "--write-baseline", "../ci/baseline.json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let b: Value = serde_json::from_slice(&std::fs::read(dir.path().join("ci/baseline.json")).unwrap()).unwrap();
    assert_eq!(b["findings"][0]["path"], "ops/x.sh");
    // no --baseline: the configuration's is applied, from the root and from the subdirectory
    let (code, doc) = json(dir.path(), &[]);
    assert_eq!((code, rules(&doc)), (0, vec![]));
    let (code, doc) = json(&dir.path().join("ops"), &["."]);
    assert_eq!((code, rules(&doc)), (0, vec![]));
    // a new destructive line is the only finding
    write(dir.path(), "ops/x.sh", &format!("{SCRIPT}git clean -fdx\n"));
    let (code, doc) = json(dir.path(), &[]);
    assert_eq!((code, rules(&doc)), (1, vec!["git-clean-force".to_owned()]));
    let (_, doc) = json(&dir.path().join("ops"), &["x.sh"]);
    assert_eq!(rules(&doc), ["git-clean-force"]);
    // --no-baseline shows everything; a missing baseline file is an error, not a silent no-op
    let (_, doc) = json(dir.path(), &["--no-baseline"]);
    assert_eq!(rules(&doc).len(), 4);
    std::fs::remove_file(dir.path().join("ci/baseline.json")).unwrap();
    let out = preflight(dir.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot read baseline"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
