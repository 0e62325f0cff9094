//! Entry points of the fuzz targets (`fuzz/`) and of their regression tests
//! (`tests/fuzz_regressions.rs`): each runs one kind of input through the path the CLI, the
//! editor server or the agent hook takes, and asserts what must hold for any input — spans inside
//! the text, reports that render, a hook answer in the agent's protocol. A panic is the failure.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::config::Config;
use crate::engine::{Engine, Input, Options};
use crate::finding::{FileReport, Report};
use crate::hook::{self, Agent};
use crate::lang::{LANGS, Lang};
use crate::rules::{Origin, RuleSet, RuleSetBuilder};
use crate::source::LineIndex;

/// What a fuzz target reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Shell,
    Graphql,
    Markdown,
    /// The input as a JSON document, as JSON Lines and as every language whose files are JSON
    /// (`package.json`, `devcontainer.json` …).
    Json,
    Sql,
    /// A CI workflow (GitHub Actions or GitLab CI YAML).
    Workflow,
    /// First byte: the agent (mod 5) and `--strict` (bit 7); the rest is the hook's stdin.
    Hook,
    /// First byte even: a `preflight.toml`; odd: a user rule pack. The rest is the text.
    Config,
    /// The input as every language whose files are YAML (compose files, Taskfiles, cloud-init,
    /// CI workflows …): the rows of the language table that sniff `.yml`/`.yaml` files or whose
    /// names and path patterns end so.
    Yaml,
    /// A Dockerfile or Containerfile.
    Dockerfile,
    /// The input as a Makefile, a justfile and a Procfile (the build files of issue 16).
    Makefile,
    /// The input as a PowerShell script and as a cmd.exe batch file (issue 19), and nested in
    /// `pwsh -Command` and `pwsh -EncodedCommand` of a shell script.
    PowerShell,
}

impl Target {
    pub const ALL: [Target; 12] = [
        Target::Shell,
        Target::Graphql,
        Target::Markdown,
        Target::Json,
        Target::Sql,
        Target::Workflow,
        Target::Hook,
        Target::Config,
        Target::Yaml,
        Target::Dockerfile,
        Target::Makefile,
        Target::PowerShell,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Shell => "shell",
            Target::Graphql => "graphql",
            Target::Markdown => "markdown",
            Target::Json => "json",
            Target::Sql => "sql",
            Target::Workflow => "workflow",
            Target::Hook => "hook",
            Target::Config => "config",
            Target::Yaml => "yaml",
            Target::Dockerfile => "dockerfile",
            Target::Makefile => "makefile",
            Target::PowerShell => "powershell",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// The built-in rules, loaded once per process.
pub fn builtin() -> Arc<RuleSet> {
    static RULES: OnceLock<Arc<RuleSet>> = OnceLock::new();
    RULES
        .get_or_init(|| Arc::new(RuleSet::builtin().expect("the built-in rules load")))
        .clone()
}

/// Runs one input through the target; panics when something that must hold does not.
pub fn run(target: Target, data: &[u8]) {
    match target {
        Target::Shell => file(data, Lang::Shell),
        Target::Graphql => file(data, Lang::Graphql),
        Target::Markdown => file(data, Lang::Markdown),
        Target::Sql => file(data, Lang::Sql),
        Target::Workflow => file(data, Lang::Workflow),
        Target::Json => {
            file(data, Lang::Jsonl);
            for lang in langs_of(&["json"]) {
                file(data, lang);
            }
        }
        Target::Yaml => {
            for lang in langs_of(&["yml", "yaml"]) {
                file(data, lang);
            }
        }
        Target::Hook => hook_input(data),
        Target::Config => config(data),
        Target::Dockerfile => file(data, Lang::Dockerfile),
        Target::Makefile => {
            file(data, Lang::Makefile);
            file(data, Lang::Justfile);
            file(data, Lang::Procfile);
        }
        Target::PowerShell => {
            file(data, Lang::PowerShell);
            file(data, Lang::Batch);
            // nested: as a command and as an encoded command (the bytes as UTF-16LE, whatever
            // they are: invalid UTF-16 must be a finding, not a panic)
            use base64::Engine as _;
            let text = String::from_utf8_lossy(data);
            let quoted = text.replace('\'', "''");
            file(format!("pwsh -NoProfile -Command '{quoted}'").as_bytes(), Lang::Shell);
            let b64 = base64::engine::general_purpose::STANDARD.encode(data);
            file(format!("powershell -enc {b64}").as_bytes(), Lang::Shell);
        }
    }
}

/// The languages whose files have one of these extensions: by extension, by content (a sniff
/// for it) or by a file name or path pattern that ends with it.
pub fn langs_of(exts: &[&str]) -> Vec<Lang> {
    let ends = |name: &str| {
        let name = name.to_ascii_lowercase();
        exts.iter().any(|e| name.ends_with(&format!(".{e}")))
    };
    LANGS
        .iter()
        .filter(|i| {
            exts.iter().any(|e| i.extensions.contains(e))
                || i.sniff
                    .as_ref()
                    .is_some_and(|s| exts.iter().any(|e| s.extensions.contains(e)))
                || i.file_names.iter().chain(i.paths).any(|p| ends(p))
        })
        .map(|i| i.lang)
        .collect()
}

/// A file's text checked as `lang`, with suppressions applied, rendered in every format.
fn file(data: &[u8], lang: Lang) {
    let rules = builtin();
    let engine = Engine::new(rules.clone(), Options::default());
    // no base directory: nothing beside the input is read
    let mut report = engine.check(Input::new("fuzz", data, lang));
    crate::suppress::apply(&report.text, lang, &rules, &mut report.findings);
    assert_spans(&report);
    render(report, &rules);
}

/// Every span points into the text, and every rendering works.
fn assert_spans(r: &FileReport) {
    let len = r.text.len();
    let index = LineIndex::new(&r.text);
    for f in &r.findings {
        for span in std::iter::once(f.span).chain(f.anchor) {
            assert!(
                span.start <= span.end && span.end() <= len,
                "{}: span {span} outside a text of {len} bytes",
                f.rule
            );
            let _ = index.line_col(&r.text, span.start());
            let _ = index.line_col(&r.text, span.end());
        }
        assert!(!f.message.is_empty(), "{}: empty message", f.rule);
    }
}

fn render(report: FileReport, rules: &RuleSet) {
    let report = Report {
        files: 1,
        reports: vec![report],
    };
    let json = crate::report::render_json(&report);
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON report is JSON");
    let sarif = crate::report::render_sarif(&report, rules);
    serde_json::from_str::<serde_json::Value>(&sarif).expect("the SARIF report is JSON");
    let _ = crate::report::render_concise(&report);
    let _ = crate::report::render_github(&report);
    let opts = crate::report::HumanOptions {
        color: false,
        width: 100,
        links: false,
    };
    let _ = crate::report::render_human(&report, &opts);
}

const AGENTS: [Agent; 5] = [
    Agent::ClaudeCode,
    Agent::Cursor,
    Agent::Codex,
    Agent::Gemini,
    Agent::Copilot,
];

/// A hook input: decided or failed, the answer is one line of JSON in the agent's protocol, with
/// exit status 0 for a decision and 2 (blocking) for a failure.
fn hook_input(data: &[u8]) {
    let Some((&head, input)) = data.split_first() else {
        return;
    };
    let agent = AGENTS[usize::from(head & 0x7f) % AGENTS.len()];
    let strict = head & 0x80 != 0;
    let answer = match hook::evaluate_input(agent, strict, input) {
        Ok(verdict) => {
            let a = hook::answer(agent, &verdict);
            assert_eq!(a.code, 0);
            a
        }
        Err(failure) => {
            let a = hook::fail_closed(agent, &failure);
            assert_eq!(a.code, hook::EXIT_BLOCK);
            assert!(a.stdout.contains("deny"), "a failure is a deny: {}", a.stdout);
            a
        }
    };
    assert!(answer.stdout.ends_with('\n') && answer.stdout.matches('\n').count() == 1);
    let v: serde_json::Value = serde_json::from_str(&answer.stdout).expect("the answer is JSON");
    assert!(v.is_object(), "the answer is a JSON object: {}", answer.stdout);
}

/// A configuration (loaded, validated and applied) or a user rule pack (built, then run over a
/// few snippets so its matchers execute).
fn config(data: &[u8]) {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let text: Arc<str> = String::from_utf8_lossy(rest).into();
    let path = Path::new("fuzz/preflight.toml");
    let rules = builtin();
    if head % 2 == 0 {
        let Ok(config) = Config::parse(path, text) else {
            return;
        };
        let _ = config.validate(&rules);
        let _ = config.excludes(Path::new("fuzz/a/b.sh"));
        let engine = Engine::new(rules.clone(), Options::default());
        let mut findings = engine
            .check(Input::new("fuzz", SNIPPETS[0].0.as_bytes(), Lang::Shell))
            .findings;
        config.apply_raises(&mut findings);
        config.apply(&rules, &mut findings);
        return;
    }
    let mut b = RuleSetBuilder::default();
    if b.add("fuzz.toml", text, Origin::User(path.to_path_buf())).is_err() {
        return;
    }
    let Ok(set) = b.build() else { return };
    let engine = Engine::new(Arc::new(set), Options::default());
    for (snippet, lang) in SNIPPETS {
        let r = engine.check(Input::new("fuzz", snippet.as_bytes(), *lang));
        assert_spans(&r);
    }
}

/// What a user rule pack's matchers are run over.
const SNIPPETS: &[(&str, Lang)] = &[
    (
        "set -e\nkubectl --context prod delete ns payments\nrm -rf \"$DIR\"/ && git push -f origin main\naws s3 rb s3://b --force\ncurl -X DELETE https://api.example.com/v1/x -d '{\"query\":\"mutation { volumeDelete(volumeId: \\\"v\\\") }\"}'\npsql -c 'DROP TABLE users'\n",
        Lang::Shell,
    ),
    (
        "mutation Drop($id: ID!) { volumeDelete(volumeId: $id) projectDelete(id: \"p\") { id } }",
        Lang::Graphql,
    ),
    (
        "DROP DATABASE app; DELETE FROM users; TRUNCATE t; UPDATE t SET a = 1;",
        Lang::Sql,
    ),
];
