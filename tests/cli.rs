//! The CLI as a process: exit codes, the JSON contract, standard input, and inputs that cannot be
//! read or parsed. Fixture text is only ever handed to preflight, never to a shell.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn preflight() -> Command {
    let mut c = Command::cargo_bin("preflight").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR");
    c
}

fn json(args: &[&str]) -> (i32, Value) {
    let out = preflight()
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

fn json_stdin(args: &[&str], input: &[u8]) -> (i32, Value) {
    let out = preflight()
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    (out.status.code().unwrap(), serde_json::from_slice(&out.stdout).unwrap())
}

fn rules_of(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn destructive_file_exits_1_and_clean_file_exits_0() {
    preflight()
        .args(["check", "testdata/git/history-and-worktree.sh"])
        .assert()
        .code(1);
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("ok.sh");
    std::fs::write(&clean, "#!/bin/sh\nset -eu\necho hello\nrm -rf ./build\n").unwrap();
    let out = preflight().arg("check").arg(&clean).assert().code(0);
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("No findings in 1 file."));
}

#[test]
fn json_follows_the_contract() {
    let (code, doc) = json(&["testdata/filesystem/rm.sh"]);
    assert_eq!(code, 1);
    assert_eq!(doc["version"], 1);
    let summary = &doc["summary"];
    for key in ["files", "findings", "errors", "warnings"] {
        assert!(summary[key].is_u64(), "summary.{key}");
    }
    assert_eq!(summary["files"], 1);
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(summary["findings"].as_u64().unwrap() as usize, diags.len());
    let first = &diags[0];
    for key in ["rule", "category", "severity", "message", "help", "file", "origin"] {
        assert!(first[key].is_string(), "{key}: {first}");
    }
    for key in ["line", "column", "end_line", "end_column", "offset", "length"] {
        assert!(first[key].is_u64(), "{key}: {first}");
    }
    // `rm -rf /` is on line 5, column 1
    assert_eq!(first["rule"], "rm-recursive-root");
    assert_eq!(first["file"], "testdata/filesystem/rm.sh");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(5), Some(1)));
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(5), Some(9))
    );
    assert_eq!(first["length"], 8);
    assert_eq!(first["category"], "destructive");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["origin"], "shell");
    // sorted by line within the file
    let lines: Vec<u64> = diags.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}

#[test]
fn output_is_deterministic_across_runs_and_threads() {
    let a = preflight()
        .args(["check", "--format", "json", "--threads", "1", "testdata"])
        .output()
        .unwrap();
    let b = preflight()
        .args(["check", "--format", "json", "--threads", "2", "testdata"])
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
    let doc: Value = serde_json::from_slice(&a.stdout).unwrap();
    let files: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
}

/// `--lang` takes the names users type for a language (the language table's aliases), in any
/// case, and an unknown one is a usage error naming the languages.
#[test]
fn lang_aliases_users_type() {
    for lang in ["bash", "sh", "zsh", "SHELL"] {
        let (code, doc) = json_stdin(&["-", "--lang", lang], b"rm -rf /\n");
        assert_eq!(code, 1, "--lang {lang}");
        assert_eq!(rules_of(&doc), ["rm-recursive-root"], "--lang {lang}");
    }
    let (code, doc) = json_stdin(&["-", "--lang", "gql"], b"mutation { volumeDelete(volumeId: \"v\") }\n");
    assert_eq!(code, 1);
    assert!(rules_of(&doc).contains(&"railway-volume-delete".to_owned()), "{doc}");
    let out = preflight()
        .args(["check", "-", "--lang", "cobol"])
        .write_stdin("rm -rf /\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shell"));
}

#[test]
fn stdin_with_lang_and_filename() {
    let (code, doc) = json_stdin(&["-", "--lang", "shell"], b"sudo rm -rf --no-preserve-root /\n");
    assert_eq!(code, 1);
    assert_eq!(rules_of(&doc), ["rm-recursive-root"]);
    assert_eq!(doc["diagnostics"][0]["file"], "-");
    assert!(
        doc["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--no-preserve-root")
    );

    let (code, doc) = json_stdin(
        &["-", "--stdin-filename", "plan/step.graphql"],
        b"mutation { volumeDelete(volumeId: \"v\") }\n",
    );
    assert_eq!(code, 1);
    assert_eq!(rules_of(&doc), ["railway-volume-delete"]);
    assert_eq!(doc["diagnostics"][0]["file"], "plan/step.graphql");

    // a shebang is enough to tell
    let (code, _) = json_stdin(&["-"], b"#!/bin/bash\nls\n");
    assert_eq!(code, 0);
    // nothing to tell the language by: a usage error
    preflight().args(["check", "-"]).write_stdin("ls").assert().code(2);
}

#[test]
fn fail_on_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("stash.sh");
    std::fs::write(&f, "git stash clear\n").unwrap();
    preflight().arg("check").arg(&f).assert().code(1);
    preflight()
        .arg("check")
        .arg("--fail-on")
        .arg("error")
        .arg(&f)
        .assert()
        .code(0);
    // info findings only fail with --fail-on info
    let b = dir.path().join("bad.sh");
    std::fs::write(&b, b"ls\n\xff\xfe\n").unwrap();
    preflight().arg("check").arg(&b).assert().code(0);
    preflight()
        .arg("check")
        .arg("--fail-on")
        .arg("info")
        .arg(&b)
        .assert()
        .code(1);
}

#[test]
fn unreadable_file_is_a_finding_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let dangling = dir.path().join("gone.sh");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let dir_named_like_a_script = dir.path().join("dir.sh");
    std::fs::create_dir(&dir_named_like_a_script).unwrap();
    let good = dir.path().join("good.sh");
    std::fs::write(&good, "rm -rf /srv/data\n").unwrap();
    let out = preflight()
        .args(["check", "--format", "json"])
        .arg(&dangling)
        .arg(dir_named_like_a_script.join(""))
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules_of(&doc);
    assert!(rules.contains(&"unreadable-file".to_owned()), "{rules:?}");
    assert!(rules.contains(&"rm-recursive-absolute".to_owned()), "{rules:?}");
    let unreadable = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "unreadable-file")
        .unwrap();
    assert_eq!(unreadable["category"], "syntax");
    assert_eq!(unreadable["severity"], "warning");
}

#[test]
fn invalid_utf8_keeps_true_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("latin1.sh");
    // "# caf\xe9" is Latin-1; the command after it must still be found at its byte offset
    std::fs::write(&f, b"# caf\xe9 \xff\xfe\nrm -rf /srv/data\n").unwrap();
    let (code, doc) = json(&[f.to_str().unwrap()]);
    assert_eq!(code, 1);
    let diags = doc["diagnostics"].as_array().unwrap();
    let utf8 = diags
        .iter()
        .find(|d| d["rule"] == "invalid-utf8")
        .expect("invalid-utf8 finding");
    assert_eq!(utf8["severity"], "info");
    assert_eq!(utf8["offset"], 5);
    let rm = diags.iter().find(|d| d["rule"] == "rm-recursive-absolute").unwrap();
    assert_eq!(rm["offset"], 10);
    assert_eq!((rm["line"].as_u64(), rm["column"].as_u64()), (Some(2), Some(1)));
}

#[test]
fn binary_files_are_skipped_with_info() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("blob.sh");
    std::fs::write(&f, b"rm -rf /\x00\x01\x02").unwrap();
    let (code, doc) = json(&[f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(rules_of(&doc), ["binary-file"]);
    assert_eq!(doc["diagnostics"][0]["severity"], "info");
}

#[test]
fn oversized_files_are_skipped_with_info() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.sh");
    std::fs::write(&f, "rm -rf /srv/data\n".repeat(100)).unwrap();
    let out = preflight()
        .args(["check", "--format", "json", "--max-file-size", "100"])
        .arg(&f)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules_of(&doc), ["file-too-large"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn graphql_syntax_error_has_the_parser_position() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("broken.graphql");
    std::fs::write(&f, "mutation {\n  volumeDelete(volumeId: )\n}\n").unwrap();
    let (code, doc) = json(&[f.to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "syntax-error");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["category"], "syntax");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(26)));
    assert!(
        d["message"].as_str().unwrap().starts_with("GraphQL syntax error"),
        "{d}"
    );
}

#[test]
fn explicit_file_of_another_kind_is_reported_not_skipped_silently() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("notes.txt");
    std::fs::write(&f, "rm -rf /\n").unwrap();
    let (code, doc) = json(&[f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(rules_of(&doc), ["unsupported-file"]);
    // --lang forces it
    let (code, doc) = json(&["--lang", "shell", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&doc), ["rm-recursive-root"]);
}

#[test]
fn directories_are_walked_by_extension_and_shebang() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::create_dir_all(root.join("node_modules/pkg")).unwrap();
    std::fs::write(
        root.join("bin/deploy"),
        "#!/usr/bin/env -S bash -e\nterraform plan\nrm -rf /srv/x\n",
    )
    .unwrap();
    std::fs::write(root.join("bin/README"), "rm -rf /srv/x\n").unwrap();
    std::fs::write(root.join("node_modules/pkg/x.sh"), "rm -rf /srv/x\n").unwrap();
    std::fs::write(
        root.join("q.gql"),
        "mutation { deleteRef(input: {refId: \"r\"}) { clientMutationId } }\n",
    )
    .unwrap();
    let out = preflight()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["bin/deploy", "q.gql"]);
    assert_eq!(doc["summary"]["files"], 2);
}

#[test]
fn ci_workflows_are_found_by_path_and_point_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".github/workflows")).unwrap();
    std::fs::write(
        root.join(".github/workflows/deploy.yml"),
        "name: Deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: drop\n        run: |\n          echo start\n          kubectl --context prod delete namespace billing\n",
    )
    .unwrap();
    std::fs::write(
        root.join(".gitlab-ci.yml"),
        "wipe:\n  script:\n    - echo hi\n    - rm -rf /\n",
    )
    .unwrap();
    // a YAML file that is no workflow: not read
    std::fs::write(root.join("config.yml"), "script:\n  - rm -rf /\n").unwrap();
    let out = preflight()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, u64, u64, String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_owned(),
                d["origin"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want = |f: &str, l, c, r: &str, o: &str| (f.to_owned(), l, c, r.to_owned(), o.to_owned());
    assert_eq!(
        got,
        [
            want(
                ".github/workflows/deploy.yml",
                11,
                11,
                "kubectl-delete-namespace",
                "github-actions:deploy/drop"
            ),
            want(".gitlab-ci.yml", 4, 7, "rm-recursive-root", "gitlab-ci:wipe"),
        ]
    );
    assert_eq!(doc["summary"]["files"], 2);

    // standard input, by its name or by `--lang`
    let yml = b"jobs:\n  x:\n    steps:\n      - run: terraform destroy -auto-approve\n";
    let (code, doc) = json_stdin(&["-", "--stdin-filename", ".github/workflows/x.yml"], yml);
    assert_eq!(code, 1);
    assert!(rules_of(&doc).contains(&"terraform-destroy".to_owned()));
    let (_, doc) = json_stdin(&["-", "--lang", "github-actions"], yml);
    assert_eq!(doc["diagnostics"][0]["column"], 14);
    // malformed YAML: a syntax finding with the parser's position
    let (_, doc) = json_stdin(&["-", "--lang", "gitlab-ci"], b"job:\n  script: [a\n\tb: c\n");
    assert_eq!(rules_of(&doc), ["syntax-error"]);
}

#[test]
fn kubernetes_manifests_are_found_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("deploy")).unwrap();
    std::fs::write(
        root.join("deploy/reset.yaml"),
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: reset\n  annotations:\n    helm.sh/hook: pre-delete\nspec:\n  template:\n    spec:\n      containers:\n        - name: wipe\n          image: busybox\n          command: [\"sh\", \"-c\", \"rm -rf /\"]\n",
    )
    .unwrap();
    // YAML that is no manifest: not read
    std::fs::write(root.join("deploy/values.yaml"), "command: [rm, -rf, /]\n").unwrap();
    let out = preflight()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(rules_of(&doc), ["rm-recursive-root"]);
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(13), Some(34)));
    assert_eq!(d["origin"], "kubernetes:Job/reset[helm-hook:pre-delete]/wipe/sh");
    assert_eq!(doc["summary"]["files"], 1);

    // standard input, by its content or by `--lang`
    let pod = b"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - {name: c, image: i, command: [kubectl, delete, namespace, prod]}\n";
    let (code, doc) = json_stdin(&["-", "--stdin-filename", "pod.yml"], pod);
    assert_eq!(code, 1);
    assert!(rules_of(&doc).contains(&"kubectl-delete-namespace".to_owned()));
    let (_, doc) = json_stdin(
        &["-", "--lang", "k8s"],
        b"kind: Pod\nspec: {containers: [{image: i, args: [rm, -rf, /]}]}\n",
    );
    assert_eq!(rules_of(&doc), ["rm-recursive-root"]);
    let (_, doc) = json_stdin(&["-", "--lang", "helm"], b"kind: Pod\nspec:\n\tcontainers: []\n");
    assert_eq!(rules_of(&doc), ["syntax-error"]);
}

#[test]
fn app_files_by_name_and_by_content() {
    let origins = |doc: &Value| -> Vec<(String, String)> {
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_owned(),
                    d["origin"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let compose = b"services:\n  db:\n    image: postgres\n    command: [\"dropdb\", \"shop\"]\n";
    for name in ["docker-compose.yml", "deploy/stack.yml"] {
        let (code, doc) = json_stdin(&["-", "--stdin-filename", name], compose);
        assert_eq!(code, 1, "{name}");
        assert_eq!(
            origins(&doc),
            [("dropdb-database".to_owned(), "compose:db/command".to_owned())]
        );
    }
    let pkg = b"{\"scripts\": {\"db:reset\": \"dropdb shop\"}}";
    let (_, doc) = json_stdin(&["-", "--stdin-filename", "web/package.json"], pkg);
    assert_eq!(
        origins(&doc),
        [("dropdb-database".to_owned(), "npm:db:reset".to_owned())]
    );
    let task = b"version: '3'\nvars:\n  DB: shop\ntasks:\n  reset: dropdb {{.DB}}\n";
    let (_, doc) = json_stdin(&["-", "--lang", "taskfile"], task);
    assert_eq!(
        origins(&doc),
        [("dropdb-database".to_owned(), "taskfile:reset".to_owned())]
    );
    let cloud = b"#cloud-config\nruncmd:\n  - [dropdb, shop]\n";
    let (_, doc) = json_stdin(&["-", "--stdin-filename", "init.yaml"], cloud);
    assert_eq!(
        origins(&doc),
        [("dropdb-database".to_owned(), "cloud-init:runcmd/1".to_owned())]
    );
    let dc = b"{\n  // JSONC\n  \"postCreateCommand\": {\"db\": \"dropdb shop\"},\n}";
    let (_, doc) = json_stdin(&["-", "--stdin-filename", ".devcontainer/devcontainer.json"], dc);
    assert_eq!(
        origins(&doc),
        [(
            "dropdb-database".to_owned(),
            "devcontainer:postCreateCommand/db".to_owned()
        )]
    );
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    preflight().args(["check", "does/not/exist.sh"]).assert().code(2);
    preflight().args(["check", "--format", "yaml", "."]).assert().code(2);
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mine.toml");
    std::fs::write(
        &pack,
        "[pack]\nfamily = \"mine\"\ndescription = \"d\"\n[[rule]]\nid = \"x\"\nseverity = \"fatal\"\n",
    )
    .unwrap();
    let out = preflight()
        .args(["check", "--rules"])
        .arg(&pack)
        .arg("testdata/git")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mine.toml"), "{err}");
    assert!(err.contains("fatal"), "{err}");
}

#[test]
fn user_rule_packs_add_rules() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mine.toml");
    std::fs::write(
        &pack,
        r#"[pack]
family = "mine"
description = "Our own deploy tool."

[[rule]]
id = "nuke-cluster"
category = "destructive"
severity = "error"
summary = "nuke removes a whole cluster"
explanation = "It does."
help = "Don't."

[[rule.shell]]
program = ["nuke"]
command = ["cluster"]
"#,
    )
    .unwrap();
    let script = dir.path().join("x.sh");
    std::fs::write(&script, "nuke cluster prod-eu\nnuke --help\n").unwrap();
    let out = preflight()
        .args(["check", "--format", "json", "--rules"])
        .arg(&pack)
        .arg(&script)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules_of(&doc), ["nuke-cluster"]);
}

#[test]
fn rules_and_explain() {
    let out = preflight().args(["rules", "--family", "git"]).assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("git-push-force"), "{text}");
    assert!(!text.contains("rm-recursive-root"));
    let out = preflight()
        .args(["rules", "--format", "json", "--category", "syntax"])
        .assert()
        .code(0);
    let list: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(list.as_array().unwrap().iter().all(|r| r["category"] == "syntax"));
    let out = preflight().args(["explain", "railway-volume-delete"]).assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("every environment"), "{text}");
    preflight().args(["explain", "no-such-rule"]).assert().code(2);
}

#[test]
fn human_report_snapshots() {
    for (name, path) in [
        ("rm_spellings", "testdata/filesystem/rm.sh"),
        ("railway_mutations", "testdata/railway/mutations.graphql"),
        ("partly_broken", "testdata/core/partly-broken.sh"),
    ] {
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(path).exists());
        let out = preflight().args(["check", "--color", "never", path]).output().unwrap();
        insta::assert_snapshot!(name, String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn human_report_for_unreadable_and_binary_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("blob.sh");
    std::fs::write(&f, b"\x00\x01").unwrap();
    let out = preflight()
        .current_dir(dir.path())
        .args(["check", "--color", "never", "blob.sh"])
        .output()
        .unwrap();
    insta::assert_snapshot!("binary", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn environment_findings_carry_confidence() {
    let (code, doc) = json(&["testdata/environment/staging-touches-prod.sh"]);
    assert_eq!(code, 1);
    let diags = doc["diagnostics"].as_array().unwrap();
    let mismatch = diags
        .iter()
        .find(|d| d["rule"] == "env-mismatch")
        .expect("env-mismatch");
    assert_eq!(mismatch["category"], "environment");
    assert_eq!(mismatch["severity"], "warning");
    assert_eq!(mismatch["confidence"], "high");
    assert!(mismatch["message"].as_str().unwrap().contains("staging"), "{mismatch}");
    // destructive findings carry no confidence field
    let truncate = diags.iter().find(|d| d["rule"] == "sql-truncate").unwrap();
    assert!(truncate.get("confidence").is_none());
}

/// `testdata/lexicon/teardown.sh`: what tears down what the script made earlier is `info`; the
/// same operations on what it did not make keep their severity.
#[test]
fn teardown_of_what_the_script_made_is_info() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/lexicon/teardown.sh");
    let out = preflight()
        .args(["check", "--format", "json", "--fail-on", "error", path])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l == needle).unwrap() + 1;
    let severity = |line: usize, rule: &str| {
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["line"] == line && d["rule"] == rule)
            .map(|d| d["severity"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no {rule} on line {line}"))
    };
    for (line, rule) in [
        ("sqlx db drop -y", "destructive-verb"),
        ("dropdb ci_scratch", "dropdb-database"),
        ("docker volume rm pgdata-test", "docker-volume-rm"),
        ("aws s3 rb s3://ci-artifacts-1234 --force", "aws-s3-rb-force"),
        ("git reset --hard 46a429eac9f", "git-reset-hard"),
    ] {
        assert_eq!(severity(line_of(line), rule), "info", "{line}");
    }
    for (line, rule) in [
        ("dropdb orders", "dropdb-database"),
        ("docker volume rm pgdata-prod", "docker-volume-rm"),
        ("acmectl volume delete vol-data --yes", "destructive-verb"),
    ] {
        assert_ne!(severity(line_of(line), rule), "info", "{line}");
    }
}

/// Each finding links to the rules' documentation where the team published it (`docs-url` in
/// `preflight.toml`, or PREFLIGHT_DOCS_URL), and otherwise says `preflight explain RULE`.
#[test]
fn docs_links_point_where_the_user_says() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.sh"), "rm -rf /srv/data\n").unwrap();
    let human = |envs: &[(&str, &str)]| {
        let mut c = preflight();
        c.current_dir(dir.path()).env_remove("PREFLIGHT_DOCS_URL");
        for (k, v) in envs {
            c.env(k, v);
        }
        String::from_utf8(c.args(["check", "x.sh"]).output().unwrap().stdout).unwrap()
    };
    let out = human(&[]);
    assert!(!out.contains("https://"), "{out}");
    assert!(out.contains("`preflight explain rm-recursive-absolute`"), "{out}");
    let out = human(&[("PREFLIGHT_DOCS_URL", "https://docs.acme.dev/rules.md")]);
    assert!(
        out.contains("(https://docs.acme.dev/rules.md#rm-recursive-absolute)"),
        "{out}"
    );
    assert!(!out.contains("preflight explain"), "{out}");
    std::fs::write(
        dir.path().join("preflight.toml"),
        "docs-url = \"file:///usr/share/doc/preflight/rules.md\"\n",
    )
    .unwrap();
    let out = human(&[]);
    assert!(
        out.contains("(file:///usr/share/doc/preflight/rules.md#rm-recursive-absolute)"),
        "{out}"
    );
    let sarif = preflight()
        .current_dir(dir.path())
        .env_remove("PREFLIGHT_DOCS_URL")
        .args(["check", "--no-config", "--format", "sarif", "x.sh"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let rule = &doc["runs"][0]["tool"]["driver"]["rules"][0];
    assert!(rule.get("helpUri").is_none(), "{rule}");
}
