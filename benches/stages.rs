//! Byte throughput of each stage of the pipeline, on the fixtures under `testdata/` (so the
//! benches run from a fresh clone): `cargo bench --bench stages`.
//!
//! - `shell_parse_ir`: tree-sitter-bash parse and the walk into commands;
//! - `graphql_parse_ir`: graphql-parser and the operations' root fields;
//! - `markdown_extract`, `json_extract`: finding the code in plans and agent logs;
//! - `rule_matching`: matching every command of a parsed script against the rules;
//! - `environment_analysis`: the environment analysis of a plan;
//! - `render_json`, `render_human`: rendering a report;
//! - `check_shell`: all of it for shell, as `preflight check` runs a file;
//! - `load_rules`: the built-in rules, as every process loads them.

use std::path::Path;
use std::sync::Arc;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use preflight::config::EnvironmentFacts;
use preflight::engine::{Engine, Input};
use preflight::finding::Report;
use preflight::lang::Lang;
use preflight::rules::RuleSet;

fn main() {
    divan::main();
}

/// The fixtures of one kind, concatenated (shell: each file on its own lines).
fn fixtures(ext: &[&str]) -> String {
    let mut files: Vec<_> = walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| ext.iter().any(|e| x == *e)))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut out = String::new();
    for f in files {
        out.push_str(&std::fs::read_to_string(f).unwrap_or_default());
        out.push('\n');
    }
    out
}

fn shell() -> String {
    fixtures(&["sh", "bash"])
}

fn rules() -> Arc<RuleSet> {
    Arc::new(RuleSet::builtin().unwrap())
}

#[divan::bench]
fn shell_parse_ir(b: Bencher) {
    let text = shell();
    b.counter(BytesCount::of_str(&text))
        .bench(|| preflight::shell::parse(black_box(&text)));
}

#[divan::bench]
fn graphql_parse_ir(b: Bencher) {
    // the documents one by one (concatenated they would redefine operations)
    let docs: Vec<String> = fixtures(&["graphql", "gql"])
        .split("\n\n\n")
        .map(str::to_owned)
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    b.counter(BytesCount::new(bytes)).bench(|| {
        for d in &docs {
            let _ = black_box(preflight::graphql::parse(black_box(d)));
        }
    });
}

#[divan::bench]
fn markdown_extract(b: Bencher) {
    let text = fixtures(&["md"]).repeat(20);
    b.counter(BytesCount::of_str(&text))
        .bench(|| preflight::extract::markdown::extract(black_box(&text)));
}

#[divan::bench]
fn json_extract(b: Bencher) {
    let text = fixtures(&["jsonl"]).repeat(20);
    b.counter(BytesCount::of_str(&text))
        .bench(|| preflight::extract::json::extract(black_box(&text), true));
}

#[divan::bench]
fn rule_matching(b: Bencher) {
    let rules = rules();
    let text = shell();
    let script = preflight::shell::parse(&text);
    b.counter(BytesCount::of_str(&text)).bench(|| {
        script
            .commands
            .iter()
            .map(|c| rules.match_command(black_box(c)).len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn environment_analysis(b: Bencher) {
    let rules = rules();
    let text = shell();
    let engine = Engine::new(rules.clone(), Default::default());
    let plan = engine.plan(&text, Lang::Shell, None);
    let facts = EnvironmentFacts::default();
    b.counter(BytesCount::of_str(&text))
        .bench(|| preflight::analysis::analyze(black_box(&plan), &rules, "deploy.sh", &facts));
}

fn report() -> (Report, usize) {
    let engine = Engine::new(rules(), Default::default());
    let text = shell();
    let r = engine.check(Input::new("fixtures.sh", text.as_bytes(), Lang::Shell));
    let n = r.findings.len();
    (
        Report {
            files: 1,
            reports: vec![r],
        },
        n,
    )
}

#[divan::bench]
fn render_json(b: Bencher) {
    let (report, _) = report();
    let bytes = report.reports[0].text.len();
    b.counter(BytesCount::new(bytes))
        .bench(|| preflight::report::render_json(black_box(&report)));
}

#[divan::bench]
fn render_human(b: Bencher) {
    let (report, _) = report();
    let bytes = report.reports[0].text.len();
    let opts = preflight::report::HumanOptions {
        color: false,
        links: false,
        width: 100,
    };
    b.counter(BytesCount::new(bytes))
        .bench(|| preflight::report::render_human(black_box(&report), &opts));
}

#[divan::bench]
fn check_shell(b: Bencher) {
    let engine = Engine::new(rules(), Default::default());
    let text = shell();
    b.counter(BytesCount::of_str(&text))
        .bench(|| engine.check(Input::new("fixtures.sh", black_box(text.as_bytes()), Lang::Shell)));
}

#[divan::bench(sample_count = 30)]
fn load_rules() -> RuleSet {
    RuleSet::builtin().unwrap()
}
