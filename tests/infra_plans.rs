//! Terraform/OpenTofu plan JSON and Pulumi preview JSON through the CLI: recognised by content in
//! a directory walk and on standard input, graded by what the resource holds (the fixtures under
//! `testdata/infra-plans/` check rule ids by line; this checks severities and the exit code).
//! Fixture text is only ever handed to preflight, never to a shell.

use assert_cmd::Command;
use serde_json::Value;

fn preflight() -> Command {
    let mut c = Command::cargo_bin("preflight").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR");
    c
}

fn check(args: &[&str], stdin: Option<&[u8]>) -> (i32, Value) {
    let mut c = preflight();
    c.args(["check", "--format", "json"]).args(args);
    if let Some(input) = stdin {
        c.write_stdin(input);
    }
    let out = c.output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

/// (file name, line, rule, severity) of every finding.
fn findings(doc: &Value) -> Vec<(String, u64, String, String)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            (
                file.rsplit('/').next().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(all: &[(String, u64, String, String)], file: &str, line: u64, rule: &str, severity: &str) -> bool {
    all.iter()
        .any(|f| f.0 == file && f.1 == line && f.2 == rule && f.3 == severity)
}

#[test]
fn plans_are_found_by_content_and_graded_by_what_they_delete() {
    let (code, doc) = check(&["testdata/infra-plans"], None);
    assert_eq!(code, 1);
    let all = findings(&doc);
    for (file, line, rule, severity) in [
        // an RDS instance deleted: error; a security-group rule: info
        ("rds-delete.json", 11, "infra-plan-deletes-data", "error"),
        ("rds-delete.json", 33, "infra-plan-deletes-resource", "info"),
        // a GCS bucket replaced: error; a random_id: info; a protected instance: info
        ("gcs-replace.json", 3, "infra-plan-deletes-data", "error"),
        ("gcs-replace.json", 7, "infra-plan-deletes-resource", "info"),
        ("gcs-replace.json", 10, "infra-plan-deletes-resource", "info"),
        // deletion protection on: the apply fails there, a warning
        ("deletion-protected.json", 5, "infra-plan-deletes-data", "warning"),
        ("deletion-protected.json", 17, "infra-plan-deletes-data", "error"),
        // Pulumi: a delete and a replace of data, a security-group rule, a retained table
        ("pulumi-preview.json", 14, "infra-plan-deletes-data", "error"),
        ("pulumi-preview.json", 25, "infra-plan-deletes-data", "error"),
        ("pulumi-preview.json", 43, "infra-plan-deletes-resource", "info"),
        ("pulumi-preview.json", 57, "infra-plan-deletes-data", "info"),
        // bad input: said where it is, the rest still read
        ("format-version-2.json", 2, "syntax-error", "info"),
        ("format-version-2.json", 5, "infra-plan-deletes-data", "error"),
        ("truncated-plan.json", 12, "syntax-error", "info"),
    ] {
        assert!(
            has(&all, file, line, rule, severity),
            "{file}:{line} {rule} {severity} in {all:#?}"
        );
    }
    assert!(!all.iter().any(|f| f.0 == "creates-only.json"), "{all:#?}");
    // the verb lexicon does not read the rebuilt changes a second time
    assert!(!all.iter().any(|f| f.2 == "destructive-verb"), "{all:#?}");
}

#[test]
fn a_plan_with_only_creates_passes() {
    let (code, doc) = check(&["testdata/infra-plans/creates-only.json"], None);
    assert_eq!((code, findings(&doc).len()), (0, 0), "{doc}");
    let (code, doc) = check(&["testdata/infra-plans/gcs-replace.json", "--fail-on", "error"], None);
    assert_eq!(code, 1, "{doc}");
}

#[test]
fn standard_input_by_file_name_or_language() {
    let plan = br#"{"format_version":"1.2","resource_changes":[{"address":"aws_kms_key.main","type":"aws_kms_key","change":{"actions":["delete"]}}]}"#;
    let (code, doc) = check(&["-", "--stdin-filename", "infra/plan.json"], Some(plan));
    assert_eq!(code, 1);
    assert_eq!(doc["diagnostics"][0]["rule"], "infra-plan-deletes-data");
    assert_eq!(doc["diagnostics"][0]["origin"], "terraform-plan:aws_kms_key.main");
    let (code, doc) = check(&["-", "--lang", "tfplan"], Some(plan));
    assert_eq!(
        (code, doc["diagnostics"][0]["rule"].as_str()),
        (1, Some("infra-plan-deletes-data"))
    );
    // an IAM policy: info, which does not fail the check
    let preview = br#"{"steps":[{"op":"delete","urn":"urn:pulumi:dev::app::aws:iam/rolePolicy:RolePolicy::ci"}],"changeSummary":{"delete":1}}"#;
    let (code, doc) = check(&["-", "--stdin-filename", "preview.json"], Some(preview));
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["diagnostics"][0]["rule"], "infra-plan-deletes-resource");
    assert_eq!(doc["diagnostics"][0]["severity"], "info");
    assert_eq!(doc["diagnostics"][0]["origin"], "pulumi-preview:ci");
    // a function: a warning, which does (`fail-on` defaults to `warning`)
    let preview = br#"{"steps":[{"op":"replace","urn":"urn:pulumi:dev::app::aws:lambda/function:Function::api"}],"changeSummary":{"replace":1}}"#;
    let (code, doc) = check(&["-", "--stdin-filename", "preview.json"], Some(preview));
    assert_eq!(
        (code, doc["diagnostics"][0]["severity"].as_str()),
        (1, Some("warning")),
        "{doc}"
    );
    // a JSON file of another kind with the same words stays quiet
    let other = br#"{"name":"pkg","description":"format_version resource_changes","scripts":{}}"#;
    let (code, doc) = check(&["-", "--stdin-filename", "package.json"], Some(other));
    assert_eq!((code, findings(&doc).len()), (0, 0), "{doc}");
}
