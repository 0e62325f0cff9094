//! Plans of infrastructure tools: a Terraform or OpenTofu plan as JSON (`terraform show -json
//! PLAN`, `tofu show -json PLAN`) and a Pulumi preview as JSON (`pulumi preview --json`).
//!
//! Each resource the plan deletes, or replaces (deletes and creates again), becomes one rebuilt
//! call, an action snippet pointing at the resource's `address` (Pulumi: `urn`) string:
//!
//! ```text
//! terraform-plan delete|replace 'ADDRESS' '--type=TYPE' ['--reason=ACTION_REASON'] ['--deletion-protection'] …
//! pulumi-preview delete|replace 'URN' '--type=TYPE' ['--protected'] ['--retain-on-delete'] …
//! ```
//!
//! The rule pack `rules/infra-plans.toml` grades them by resource type (data, not Rust per
//! type). What the resource's current state says about deleting it (deletion protection,
//! `force_destroy`, `skip_final_snapshot`, Pulumi's `protect` and `retainOnDelete`) becomes
//! flags; the workspace's environment (variables named `environment`, `stage` …, the Pulumi
//! stack in the URN) becomes notes for the environment analysis.

use std::collections::HashMap;

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;

use super::json::{decoded, parse_object, prop, span_of, str_prop};
use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind};
use crate::source::OffsetMap;

/// The program name of a rebuilt Terraform/OpenTofu change.
pub const TERRAFORM_PROGRAM: &str = "terraform-plan";
/// The program name of a rebuilt Pulumi step.
pub const PULUMI_PROGRAM: &str = "pulumi-preview";

/// Attributes of a resource's current state (`change.before`, Pulumi's `oldState.outputs`)
/// that say what deleting it does, and the flag a `true` value adds to the rebuilt change.
const STATE_FLAGS: &[(&str, &str)] = &[
    // the provider refuses to delete it (aws_db_instance, aws_rds_cluster, google_sql_*,
    // google_container_cluster, google_bigquery_table, google_compute_instance …)
    ("deletion_protection", "deletion-protection"),
    ("deletionProtection", "deletion-protection"),
    // aws_dynamodb_table
    ("deletion_protection_enabled", "deletion-protection"),
    ("deletionProtectionEnabled", "deletion-protection"),
    // aws_lb
    ("enable_deletion_protection", "deletion-protection"),
    ("enableDeletionProtection", "deletion-protection"),
    // aws_instance
    ("disable_api_termination", "deletion-protection"),
    ("disableApiTermination", "deletion-protection"),
    // buckets, registries: deleted with everything in them
    ("force_destroy", "force-destroy"),
    ("forceDestroy", "force-destroy"),
    ("force_delete", "force-destroy"),
    ("forceDelete", "force-destroy"),
    // databases: no final snapshot is taken
    ("skip_final_snapshot", "skip-final-snapshot"),
    ("skipFinalSnapshot", "skip-final-snapshot"),
];

/// Names of Terraform variables and Pulumi config keys (after `project:`) whose value names
/// the environment a plan is for.
const ENV_NAMES: &[&str] = &[
    "env",
    "environment",
    "stage",
    "workspace",
    "tier",
    "deployment",
    "env_name",
    "environment_name",
    "stage_name",
    "app_env",
    "deploy_env",
];

/// Parts of one plan reported as not of the shape this reads, at most.
const MAX_MALFORMED: usize = 20;

/// Distinct Pulumi stacks noted at most.
const MAX_STACK_NOTES: usize = 4;

/// Longest address or type put in a rebuilt change, and longest origin suffix.
const MAX_WORD: usize = 1000;
const MAX_ORIGIN: usize = 100;

// ----- recognition by content ----------------------------------------------------------------

/// A JSON object with `format_version` and `resource_changes` or `planned_values`: the plan
/// Terraform and OpenTofu write with `show -json` (a state shown as JSON has `values` instead).
pub fn is_terraform_plan(text: &str) -> bool {
    is_object(text)
        && has_key(text, "format_version")
        && (has_key(text, "resource_changes") || has_key(text, "planned_values"))
}

/// A JSON object with `changeSummary` and `steps` (or `duration`, a preview without steps):
/// `pulumi preview --json`.
pub fn is_pulumi_preview(text: &str) -> bool {
    is_object(text) && has_key(text, "changeSummary") && (has_key(text, "steps") || has_key(text, "duration"))
}

fn is_object(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim_start().starts_with('{')
}

/// Whether `"key"` occurs as an object key (followed by `:`). One linear scan, no parse; a key
/// inside an escaped JSON string (`\"key\"`) does not count.
fn has_key(text: &str, key: &str) -> bool {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let start = from + i;
        let end = start + key.len();
        let quoted = start > 0 && b[start - 1] == b'"' && b.get(end) == Some(&b'"');
        let escaped = start > 1 && b[start - 2] == b'\\';
        if quoted && !escaped && b[end + 1..].iter().find(|c| !c.is_ascii_whitespace()) == Some(&b':') {
            return true;
        }
        from = end;
    }
    false
}

// ----- Terraform / OpenTofu ------------------------------------------------------------------

/// The deletes and replacements of a Terraform/OpenTofu plan, and its environment variables.
pub fn terraform(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let Some(ref root) = root(text, TERRAFORM_PROGRAM, "Terraform plan", &mut out) else {
        return out;
    };
    let map = OffsetMap::identity(0);
    if let Some(v) = prop(root, "format_version") {
        let version = match v {
            Value::StringLit(s) => Some(s.value.to_string()),
            _ => None,
        };
        // 0.1 and 0.2 (Terraform 0.12–0.15) have the shape of 1.x, which only declared it stable
        if !matches!(version.as_deref().and_then(|s| s.split('.').next()), Some("0" | "1")) {
            malformed(
                &mut out,
                TERRAFORM_PROGRAM,
                v.range(),
                format!(
                    "a Terraform plan of JSON format version {}: preflight reads versions 0.x and 1.x (its changes were read where their shape fits)",
                    version
                        .as_deref()
                        .map_or_else(|| "(not a string)".to_owned(), |s| format!("`{}`", clip(s, 20)))
                ),
            );
        }
    }
    // the environment: variables named after it (the workspace's name is not in the JSON)
    if let Some(Value::Object(vars)) = prop(root, "variables") {
        for p in &vars.properties {
            let name = p.name.as_str();
            if !is_env_name(name) {
                continue;
            }
            if let Value::Object(v) = &p.value
                && let Some(value @ Value::StringLit(s)) = prop(v, "value")
            {
                out.notes.push(Note {
                    text: format!("variable {name} = {}", clip(&s.value, 100)),
                    span: map.map_span(span_of(value.range())),
                    scope: None,
                });
            }
        }
    }
    let changes = match prop(root, "resource_changes") {
        None | Some(Value::NullKeyword(_)) => return out,
        Some(Value::Array(a)) => &a.elements,
        Some(v) => {
            malformed(
                &mut out,
                TERRAFORM_PROGRAM,
                v.range(),
                "`resource_changes` is not a list".to_owned(),
            );
            return out;
        }
    };
    for rc in changes {
        let Value::Object(rc) = rc else {
            malformed(
                &mut out,
                TERRAFORM_PROGRAM,
                rc.range(),
                "an entry of `resource_changes` is not an object".to_owned(),
            );
            continue;
        };
        if str_prop(rc, "mode") == Some("data") {
            continue;
        }
        let Some(Value::Object(change)) = prop(rc, "change") else {
            malformed(
                &mut out,
                TERRAFORM_PROGRAM,
                rc.range,
                "a resource change without a `change` object".to_owned(),
            );
            continue;
        };
        let actions: Vec<&str> = match prop(change, "actions") {
            Some(Value::Array(a)) => a
                .elements
                .iter()
                .filter_map(|e| match e {
                    Value::StringLit(s) => Some(&*s.value),
                    _ => None,
                })
                .collect(),
            _ => {
                malformed(
                    &mut out,
                    TERRAFORM_PROGRAM,
                    change.range,
                    "a resource change without a list of `actions`".to_owned(),
                );
                continue;
            }
        };
        if !actions.contains(&"delete") {
            continue;
        }
        let verb = if actions.contains(&"create") {
            "replace"
        } else {
            "delete"
        };
        let Some(addr @ Value::StringLit(_)) = prop(rc, "address") else {
            malformed(
                &mut out,
                TERRAFORM_PROGRAM,
                rc.range,
                "a resource change that deletes has no `address`".to_owned(),
            );
            continue;
        };
        let Some((address, amap)) = decoded(text, &map, addr) else {
            continue;
        };
        let mut words = Vec::new();
        let ty = str_prop(rc, "type")
            .map(str::to_owned)
            .or_else(|| type_of_address(&address));
        if let Some(ty) = ty {
            words.push(format!("--type={}", clip(&ty, MAX_WORD)));
        }
        if let Some(reason) = str_prop(rc, "action_reason") {
            words.push(format!("--reason={}", clip(reason, 100)));
        }
        if let Some(Value::Object(before)) = prop(change, "before") {
            state_flags(before, &mut words);
        }
        let origin = format!("{TERRAFORM_PROGRAM}:{}", clip(&address, MAX_ORIGIN));
        out.snippets
            .push(rebuilt(TERRAFORM_PROGRAM, verb, &address, &amap, &words, origin));
    }
    out
}

/// The resource type of an address: `module.db.aws_db_instance.main[0]` → `aws_db_instance`.
fn type_of_address(address: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    // split on dots outside brackets (`module.x["a.b"].aws_s3_bucket.y`)
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in address.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(&address[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&address[start..]);
    let mut i = 0;
    while parts.get(i) == Some(&"module") {
        i += 2;
    }
    if parts.get(i) == Some(&"data") {
        return None;
    }
    parts
        .get(i)
        .filter(|t| parts.len() > i + 1 && !t.is_empty())
        .map(|t| (*t).to_owned())
}

// ----- Pulumi --------------------------------------------------------------------------------

/// The deletes and replacements of a Pulumi preview, and its stack and environment config.
pub fn pulumi(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let Some(ref root) = root(text, PULUMI_PROGRAM, "Pulumi preview", &mut out) else {
        return out;
    };
    let map = OffsetMap::identity(0);
    // the environment: config keys named after it (`project:environment`)
    if let Some(Value::Object(config)) = prop(root, "config") {
        for p in &config.properties {
            let key = p.name.as_str();
            let name = key.rsplit(':').next().unwrap_or(key);
            if let Value::StringLit(s) = &p.value
                && is_env_name(name)
            {
                out.notes.push(Note {
                    text: format!("config {key} = {}", clip(&s.value, 100)),
                    span: map.map_span(span_of(s.range)),
                    scope: None,
                });
            }
        }
    }
    let steps = match prop(root, "steps") {
        None | Some(Value::NullKeyword(_)) => return out,
        Some(Value::Array(a)) => &a.elements,
        Some(v) => {
            malformed(&mut out, PULUMI_PROGRAM, v.range(), "`steps` is not a list".to_owned());
            return out;
        }
    };
    // a replacement is three steps of one URN (`create-replacement`, `replace`,
    // `delete-replaced`): one change, at the first of them
    let mut changes: Vec<Step> = Vec::new();
    let mut by_urn: HashMap<&str, usize> = HashMap::new();
    let mut stacks: Vec<String> = Vec::new();
    for step in steps {
        let Value::Object(step) = step else {
            malformed(
                &mut out,
                PULUMI_PROGRAM,
                step.range(),
                "a step that is not an object".to_owned(),
            );
            continue;
        };
        let Some(op) = str_prop(step, "op") else {
            malformed(
                &mut out,
                PULUMI_PROGRAM,
                step.range,
                "a step without an `op`".to_owned(),
            );
            continue;
        };
        let Some(urn_value @ Value::StringLit(urn)) = prop(step, "urn") else {
            if step_deletes(op).is_some() {
                malformed(
                    &mut out,
                    PULUMI_PROGRAM,
                    step.range,
                    "a step that deletes has no `urn`".to_owned(),
                );
            }
            continue;
        };
        if let Some(stack) = stack_of(&urn.value)
            && stacks.len() < MAX_STACK_NOTES
            && !stacks.iter().any(|s| s == stack)
        {
            stacks.push(stack.to_owned());
            out.notes.push(Note {
                text: format!("stack {stack}"),
                span: map.map_span(span_of(urn.range)),
                scope: None,
            });
        }
        let Some(verb) = step_deletes(op) else { continue };
        let old = match prop(step, "oldState") {
            Some(Value::Object(o)) => Some(o),
            _ => None,
        };
        let new_type = match prop(step, "newState") {
            Some(Value::Object(n)) => str_prop(n, "type"),
            _ => None,
        };
        // properties whose change forces the replacement (Pulumi's diff)
        let forced = matches!(prop(step, "replaceReasons"), Some(Value::Array(a)) if !a.elements.is_empty());
        match by_urn.get(&*urn.value) {
            Some(&i) => {
                let c = &mut changes[i];
                if verb == "replace" {
                    c.verb = "replace";
                }
                c.old = c.old.or(old);
                c.new_type = c.new_type.or(new_type);
                c.forced |= forced;
            }
            None => {
                by_urn.insert(&urn.value, changes.len());
                changes.push(Step {
                    urn: urn_value,
                    verb,
                    old,
                    new_type,
                    forced,
                });
            }
        }
    }
    for Step {
        urn: urn_value,
        verb,
        old,
        new_type,
        forced,
    } in changes
    {
        let Some((urn, umap)) = decoded(text, &map, urn_value) else {
            continue;
        };
        let mut words = Vec::new();
        let ty = type_of_urn(&urn).or_else(|| old.and_then(|o| str_prop(o, "type")).or(new_type).map(str::to_owned));
        if let Some(ty) = ty {
            words.push(format!("--type={}", clip(&ty, MAX_WORD)));
        }
        // Terraform's name for the same cause, so the pack says it once for both tools
        if verb == "replace" && forced {
            words.push("--reason=replace_because_cannot_update".to_owned());
        }
        if let Some(old) = old {
            if is_true(prop(old, "protect")) {
                words.push("--protected".to_owned());
            }
            if is_true(prop(old, "retainOnDelete")) {
                words.push("--retain-on-delete".to_owned());
            }
            for key in ["outputs", "inputs"] {
                if let Some(Value::Object(o)) = prop(old, key) {
                    state_flags(o, &mut words);
                }
            }
        }
        let name = urn.rsplit("::").next().unwrap_or(&urn);
        let origin = format!("{PULUMI_PROGRAM}:{}", clip(name, MAX_ORIGIN));
        out.snippets
            .push(rebuilt(PULUMI_PROGRAM, verb, &urn, &umap, &words, origin));
    }
    out
}

/// The steps of one URN that delete it, folded.
struct Step<'a, 'b> {
    /// The `urn` string of the first of them.
    urn: &'b Value<'a>,
    verb: &'static str,
    /// The state before, from any of them.
    old: Option<&'b Object<'a>>,
    new_type: Option<&'b str>,
    /// A step lists `replaceReasons`: properties that cannot change in place changed.
    forced: bool,
}

/// What a Pulumi step does to the resource in the cloud: `delete`, `replace`, or nothing.
/// `discard` and `discard-replaced` only drop a resource the program reads (`.get`) from the
/// state; `read`, `refresh`, `import` and `remove-pending-replace` delete nothing either.
fn step_deletes(op: &str) -> Option<&'static str> {
    match op {
        "delete" => Some("delete"),
        "replace" | "create-replacement" | "delete-replaced" => Some("replace"),
        _ => None,
    }
}

/// The stack of a URN: `urn:pulumi:STACK::PROJECT::TYPE::NAME`.
fn stack_of(urn: &str) -> Option<&str> {
    let head = urn.strip_prefix("urn:pulumi:")?;
    let stack = head.split("::").next()?;
    (!stack.is_empty() && stack.len() <= 100).then_some(stack)
}

/// The type of a URN, the last of its `$`-separated qualified type
/// (`urn:pulumi:prod::shop::aws:s3/bucket:Bucket::assets`, a child
/// `…::my:component:Db$aws:rds/instance:Instance::db`).
fn type_of_urn(urn: &str) -> Option<String> {
    let mut parts = urn.strip_prefix("urn:pulumi:")?.splitn(4, "::");
    let (_stack, _project, qualified, _name) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let ty = qualified.rsplit('$').next()?;
    (!ty.is_empty()).then(|| ty.to_owned())
}

// ----- shared --------------------------------------------------------------------------------

/// The document's top object, or why there is none (a `syntax-error`).
fn root<'a>(text: &'a str, program: &str, what: &str, out: &mut Extracted) -> Option<Object<'a>> {
    parse_object(text, program, &format!("a {what} as JSON is an object, not this"), out)
}

/// A part of the plan that is not of the shape this reads: a `syntax-error` at it.
/// The first [`MAX_MALFORMED`] are reported: a plan of thousands of odd entries is one problem.
fn malformed(out: &mut Extracted, program: &str, r: jsonc_parser::common::Range, message: String) {
    if out.unread.len() >= MAX_MALFORMED {
        return;
    }
    out.unread.push(Unread {
        span: span_of(r),
        message,
        kind: UnreadKind::Malformed,
        origin: Some(program.to_owned()),
    });
}

fn is_true(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::BooleanLit(b)) if b.value)
}

fn is_env_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ENV_NAMES.contains(&n.as_str())
}

/// The flags the state's attributes add (each once, in the table's order).
fn state_flags(state: &Object, words: &mut Vec<String>) {
    for (attr, flag) in STATE_FLAGS {
        let word = format!("--{flag}");
        if is_true(prop(state, attr)) && !words.contains(&word) {
            words.push(word);
        }
    }
}

/// The change rebuilt as the call `PROGRAM VERB 'ADDRESS' 'WORD' …`: the address mapped
/// character by character to its string in the file, the other words to its ends.
fn rebuilt(program: &str, verb: &str, address: &str, amap: &OffsetMap, words: &[String], origin: String) -> Snippet {
    let address = clip(address, MAX_WORD);
    let (start, end) = (amap.map(0), amap.map(address.len()));
    let mut b = TextBuilder::new();
    b.push(program, start, false);
    b.push(" ", start, false);
    b.push(verb, start, false);
    b.push(" ", start, false);
    b.push_single_quoted(address, start, end, |i| amap.map(i));
    for w in words {
        b.push(" ", end, false);
        b.push_single_quoted(w, end, end, |_| end);
    }
    let (text, map) = b.finish();
    let mut s = Snippet::new(SnippetLang::Shell, text, map, origin);
    s.action = true;
    s
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        let plan = r#"{"format_version":"1.2","terraform_version":"1.9.0","resource_changes":[]}"#;
        assert!(is_terraform_plan(plan));
        assert!(is_terraform_plan(
            "\u{feff}\n{\"format_version\" : \"1.0\", \"planned_values\": {}}"
        ));
        assert!(!is_pulumi_preview(plan));
        // a state shown as JSON, a package.json, a plan quoted inside a string
        assert!(!is_terraform_plan(r#"{"format_version":"1.0","values":{}}"#));
        assert!(!is_terraform_plan(
            r#"{"name":"x","resource_changes":"format_version"}"#
        ));
        assert!(!is_terraform_plan(
            r#"{"output":"{\"format_version\":\"1.2\",\"resource_changes\":[]}"}"#
        ));
        assert!(!is_terraform_plan(
            r#"[{"format_version":"1.0","resource_changes":[]}]"#
        ));
        let preview = r#"{"steps":[{"op":"same","urn":"urn:pulumi:dev::p::a:b:C::n"}],"changeSummary":{"same":1}}"#;
        assert!(is_pulumi_preview(preview));
        assert!(!is_terraform_plan(preview));
        assert!(!is_pulumi_preview(r#"{"steps":[1,2,3]}"#));
        for junk in [
            "",
            "{",
            "\"",
            "{\"format_version",
            "\\\"format_version\":",
            "{\"changeSummary\"",
        ] {
            let _ = (is_terraform_plan(junk), is_pulumi_preview(junk));
        }
    }

    #[test]
    fn terraform_deletes_and_replaces() {
        let text = r#"{"format_version":"1.2","variables":{"environment":{"value":"production"}},
"resource_changes":[
 {"address":"module.db.aws_db_instance.main","mode":"managed","type":"aws_db_instance",
  "change":{"actions":["delete"],"before":{"deletion_protection":true,"skip_final_snapshot":false},"after":null},
  "action_reason":"delete_because_no_resource_config"},
 {"address":"google_storage_bucket.assets","type":"google_storage_bucket",
  "change":{"actions":["create","delete"],"before":{"force_destroy":true}}},
 {"address":"aws_s3_bucket.new","type":"aws_s3_bucket","change":{"actions":["create"]}},
 {"address":"data.aws_ami.x","mode":"data","type":"aws_ami","change":{"actions":["delete"]}},
 {"address":"terraform_data.gone","type":"terraform_data","change":{"actions":["forget"]}}
]}"#;
        let ex = terraform(text);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let texts: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "terraform-plan delete 'module.db.aws_db_instance.main' '--type=aws_db_instance' '--reason=delete_because_no_resource_config' '--deletion-protection'",
                "terraform-plan replace 'google_storage_bucket.assets' '--type=google_storage_bucket' '--force-destroy'",
            ]
        );
        let s = &ex.snippets[0];
        assert!(s.action);
        assert_eq!(s.origin, "terraform-plan:module.db.aws_db_instance.main");
        // the address maps to its string in the file
        let at = s.text.find("module.db").unwrap();
        assert_eq!(&text[s.map.map(at)..s.map.map(at) + 9], "module.db");
        assert_eq!(&text[s.map.map(0)..s.map.map(0) + 9], "module.db");
        assert_eq!(ex.notes.len(), 1);
        assert_eq!(ex.notes[0].text, "variable environment = production");
        assert_eq!(
            &text[ex.notes[0].span.start()..ex.notes[0].span.end()],
            "\"production\""
        );
    }

    #[test]
    fn terraform_bad_input() {
        // another major version: said, and read where the shape fits
        let ex = terraform(
            r#"{"format_version":"2.0","resource_changes":[{"address":"aws_ebs_volume.v","change":{"actions":["delete"]}}]}"#,
        );
        assert_eq!(ex.unread.len(), 1);
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert!(ex.unread[0].message.contains("`2.0`"));
        // the type from the address when `type` is missing
        assert_eq!(
            ex.snippets[0].text,
            "terraform-plan delete 'aws_ebs_volume.v' '--type=aws_ebs_volume'"
        );
        let many = format!(
            r#"{{"format_version":"1.0","resource_changes":[{}1]}}"#,
            "1,".repeat(1000)
        );
        assert_eq!(terraform(&many).unread.len(), MAX_MALFORMED);
        let ex = terraform(r#"{"format_version":"1.0","resource_changes":{"a":1}}"#);
        assert_eq!(ex.unread.len(), 1);
        let ex = terraform(r#"{"format_version":"1.0","resource_changes":[{"change":{"actions":["delete"]}}, 3]}"#);
        assert_eq!(ex.unread.len(), 2);
        let ex = terraform("{\"format_version\":\"1.0\",\n\"resource_changes\":[");
        assert_eq!(ex.unread.len(), 1);
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert!(terraform("").unread.is_empty());
        let deep = format!(
            "{{\"format_version\":\"1.0\",\"x\":{}{}}}",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        assert_eq!(terraform(&deep).unread.len(), 1);
    }

    #[test]
    fn large_plans_are_read_in_one_pass() {
        let n = 20_000;
        let mut text = String::from(r#"{"format_version":"1.2","resource_changes":["#);
        for i in 0..n {
            if i > 0 {
                text.push(',');
            }
            let action = if i % 2 == 0 { "delete" } else { "create" };
            text.push_str(&format!(
                r#"{{"address":"aws_ebs_volume.v[{i}]","type":"aws_ebs_volume","change":{{"actions":["{action}"],"before":{{"size":{i}}}}}}}"#
            ));
        }
        text.push_str("]}");
        assert!(is_terraform_plan(&text));
        let started = std::time::Instant::now();
        let ex = terraform(&text);
        assert_eq!(ex.snippets.len(), n / 2);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn addresses_name_their_type() {
        for (a, t) in [
            ("aws_db_instance.main", Some("aws_db_instance")),
            (
                "module.a.module.b.google_sql_database_instance.db[0]",
                Some("google_sql_database_instance"),
            ),
            ("module.x[\"a.b\"].aws_s3_bucket.y[\"k.v\"]", Some("aws_s3_bucket")),
            ("data.aws_ami.x", None),
            ("module.m", None),
            ("", None),
        ] {
            assert_eq!(type_of_address(a).as_deref(), t, "{a}");
        }
    }

    #[test]
    fn pulumi_steps_fold_per_urn() {
        let text = r#"{"config":{"shop:environment":"staging","aws:region":"eu-west-1"},"steps":[
 {"op":"same","urn":"urn:pulumi:staging::shop::aws:ecs/cluster:Cluster::main"},
 {"op":"create-replacement","urn":"urn:pulumi:staging::shop::aws:rds/instance:Instance::db","replaceReasons":["engineVersion"]},
 {"op":"replace","urn":"urn:pulumi:staging::shop::aws:rds/instance:Instance::db","oldState":{"protect":false,"outputs":{"deletionProtection":true}}},
 {"op":"delete-replaced","urn":"urn:pulumi:staging::shop::aws:rds/instance:Instance::db"},
 {"op":"delete","urn":"urn:pulumi:staging::shop::my:x:Comp$aws:s3/bucket:Bucket::logs","oldState":{"retainOnDelete":true}},
 {"op":"discard","urn":"urn:pulumi:staging::shop::aws:s3/bucket:Bucket::external"}
],"changeSummary":{"replace":1,"delete":1}}"#;
        let ex = pulumi(text);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let texts: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                // the state before comes from the `replace` step
                "pulumi-preview replace 'urn:pulumi:staging::shop::aws:rds/instance:Instance::db' '--type=aws:rds/instance:Instance' '--reason=replace_because_cannot_update' '--deletion-protection'",
                "pulumi-preview delete 'urn:pulumi:staging::shop::my:x:Comp$aws:s3/bucket:Bucket::logs' '--type=aws:s3/bucket:Bucket' '--retain-on-delete'",
            ]
        );
        assert_eq!(ex.snippets[0].origin, "pulumi-preview:db");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["config shop:environment = staging", "stack staging"]);
    }
}
