//! Runs every fixture under `testdata/` and checks its annotations (Semgrep's convention):
//!
//! - `# ruleid: RULE[, RULE]` (or `-- ruleid:` in SQL, `<!-- ruleid: -->` in Markdown, `REM ruleid:`
//!   or `:: ruleid:` in a batch file) — the
//!   next code line must get a finding of each rule;
//! - `# ok: RULE` — the next code line must not;
//! - any finding on a line no `ruleid` annotation names is a failure too.
//!
//! A fixture whose format has no comments (JSON) keeps its annotations in `NAME.expect`, one
//! `LINE ruleid|ok RULE` per line. Environment findings are checked strictly under
//! `testdata/environment/`, and elsewhere only where a line is annotated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use preflight::engine::{Engine, Input, Options};
use preflight::lang::Lang;
use preflight::rules::RuleSet;
use preflight::source::LineIndex;

fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let p = entry.path();
        if entry.file_type().is_file() && p.extension().is_none_or(|e| e != "expect" && e != "md_snap") {
            out.push(p.to_path_buf());
        }
    }
    out
}

#[derive(Default)]
struct Expect {
    fire: BTreeSet<(usize, String)>,
    ok: BTreeSet<(usize, String)>,
}

fn comment_annotation(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    // `REM` and `::` comment a batch file; `#` a PowerShell script
    let rem = t.get(..4).filter(|r| r.eq_ignore_ascii_case("rem ")).map(|_| &t[4..]);
    let body = t
        .strip_prefix('#')
        .or_else(|| t.strip_prefix("::"))
        .or(rem)
        .or_else(|| t.strip_prefix("--"))
        .or_else(|| t.strip_prefix("<!--").map(|b| b.trim_end().trim_end_matches("-->")))?;
    let body = body.trim();
    if let Some(r) = body.strip_prefix("ruleid:") {
        return Some(("ruleid", r));
    }
    body.strip_prefix("ok:").map(|r| ("ok", r))
}

fn expectations(path: &Path, text: &str) -> Expect {
    let mut e = Expect::default();
    let sidecar = PathBuf::from(format!("{}.expect", path.display()));
    if let Ok(s) = std::fs::read_to_string(&sidecar) {
        for line in s.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("//")) {
            let mut it = line.split_whitespace();
            let (n, kind, rule) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
            let n: usize = n.parse().unwrap();
            match kind {
                "ruleid" => e.fire.insert((n, rule.to_owned())),
                "ok" => e.ok.insert((n, rule.to_owned())),
                other => panic!("{}: unknown annotation {other}", sidecar.display()),
            };
        }
        return e;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut pending: Vec<(&str, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some((kind, rules)) = comment_annotation(line) {
            for r in rules.split(',') {
                pending.push((kind, r.trim().to_owned()));
            }
            continue;
        }
        // the next code line: not blank, and not a Markdown fence's opening line
        let opens_fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if line.trim().is_empty() || pending.is_empty() || opens_fence {
            continue;
        }
        for (kind, rule) in pending.drain(..) {
            if kind == "ruleid" {
                e.fire.insert((i + 1, rule));
            } else {
                e.ok.insert((i + 1, rule));
            }
        }
    }
    assert!(
        pending.is_empty(),
        "{}: annotation at the end of the file",
        path.display()
    );
    e
}

#[test]
fn fixtures_match_their_annotations() {
    let rules = Arc::new(RuleSet::builtin().unwrap());
    let engine = Engine::new(rules.clone(), Options::default());
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let lang = Lang::from_text(&path, &String::from_utf8_lossy(&bytes));
        let Some(lang) = lang else { continue };
        checked += 1;
        let display = path.display().to_string();
        let report = engine.check(Input::new(&display, &bytes, lang).in_dir(path.parent()));
        let index = LineIndex::new(&report.text);
        let mut got: BTreeMap<(usize, String), String> = BTreeMap::new();
        for f in &report.findings {
            let (line, _) = index.line_col(&report.text, f.span.start());
            got.insert((line, f.rule.clone()), f.message.clone());
        }
        let expect = expectations(&path, &text);
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        for key in &expect.fire {
            if !got.contains_key(key) {
                failures.push(format!("{name}:{} expected {} but it did not fire", key.0, key.1));
            }
        }
        for key in &expect.ok {
            if let Some(msg) = got.get(key) {
                failures.push(format!("{name}:{} {} fired on an `ok` line: {msg}", key.0, key.1));
            }
        }
        // environment findings are checked strictly in testdata/environment/; elsewhere (fixtures
        // about destructive rules) only where annotated
        let env_strict = name.contains("/environment/");
        for (key, msg) in &got {
            let env = rules
                .get(&key.1)
                .is_some_and(|r| r.spec().category == preflight::finding::Category::Environment);
            if env && !env_strict {
                continue;
            }
            if !expect.fire.contains(key) {
                failures.push(format!("{name}:{} unexpected {}: {msg}", key.0, key.1));
            }
        }
        for r in expect.fire.iter().chain(&expect.ok) {
            assert!(
                rules.get(&r.1).is_some(),
                "{name}:{} names an unknown rule {}",
                r.0,
                r.1
            );
        }
    }
    assert!(checked > 0, "no fixtures found");
    assert!(failures.is_empty(), "fixture mismatches:\n{}", failures.join("\n"));
}

/// Every rule has a fixture that fires it and a near miss that must stay silent.
#[test]
fn every_rule_has_firing_and_silent_fixtures() {
    let rules = RuleSet::builtin().unwrap();
    let mut fire = BTreeSet::new();
    let mut ok = BTreeSet::new();
    for path in fixtures() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let e = expectations(&path, &text);
        fire.extend(e.fire.into_iter().map(|(_, r)| r));
        ok.extend(e.ok.into_iter().map(|(_, r)| r));
    }
    let mut missing = Vec::new();
    for r in rules.rules() {
        if r.family == preflight::rules::CORE_FAMILY {
            continue;
        }
        if !fire.contains(r.id()) {
            missing.push(format!("{}: no fixture fires it", r.id()));
        }
        if !ok.contains(r.id()) && r.spec().examples.ok.is_empty() {
            missing.push(format!("{}: no near-miss fixture (`ok:`) or `examples.ok`", r.id()));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Each rule's documented examples behave as documented.
#[test]
fn rule_examples_fire_and_stay_silent() {
    let rules = Arc::new(RuleSet::builtin().unwrap());
    let engine = Engine::new(rules.clone(), Options::default());
    let mut failures = Vec::new();
    for r in rules.rules() {
        let lang = if r.matches_graphql() {
            Lang::Graphql
        } else if r.matches_sql() {
            Lang::Sql
        } else {
            Lang::Shell
        };
        for ex in &r.spec().examples.fire {
            let found = engine.check(Input::new("", ex.as_bytes(), lang)).findings;
            if !found.iter().any(|f| f.rule == r.id()) {
                failures.push(format!("{}: example does not fire: {ex}", r.id()));
            }
        }
        for ex in &r.spec().examples.ok {
            let found = engine.check(Input::new("", ex.as_bytes(), lang)).findings;
            if found.iter().any(|f| f.rule == r.id()) {
                failures.push(format!("{}: `ok` example fires: {ex}", r.id()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
