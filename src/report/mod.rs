//! Report: renders findings for people (miette's graphical report, a concise one-line form) and
//! tools (JSON, SARIF, GitHub workflow commands). Lines and columns are computed here, from the
//! byte spans the engine carries.

mod concise;
pub mod docs;
mod github;
mod human;
mod json;
mod sarif;

pub use concise::render_concise;
pub use github::render_github;
pub use human::{HumanOptions, render_human};
pub use json::render_json;
pub use sarif::render_sarif;

use crate::finding::{FileReport, Finding, Report, Severity};
use crate::rules::RuleSet;

/// The project's home page.
pub const HOME_URL: &str = "https://github.com/preflight-rs/preflight";

/// Where the rules' documentation is published, when the user says (`docs-url` in
/// `preflight.toml`, `PREFLIGHT_DOCS_URL`); set once per process by the command line.
static DOCS_BASE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Sets where the rules' documentation is published (the first call wins); an empty value is none.
pub fn set_docs_base(url: Option<String>) {
    let _ = DOCS_BASE.set(url.filter(|u| !u.trim().is_empty()));
}

/// The documentation link of a rule: `BASE#RULE` where the user published the docs, else none
/// (`preflight explain RULE` documents every rule offline; see [`explain_hint`]).
pub fn rule_url(id: &str) -> Option<String> {
    let base = DOCS_BASE
        .get_or_init(|| {
            std::env::var("PREFLIGHT_DOCS_URL")
                .ok()
                .filter(|u| !u.trim().is_empty())
        })
        .as_deref()?;
    Some(format!("{}#{id}", base.trim_end_matches('#')))
}

/// The documentation link of a rule under `base` (a configuration's `docs-url`) when given, else
/// [`rule_url`].
pub fn rule_url_in(base: Option<&str>, id: &str) -> Option<String> {
    match base.filter(|b| !b.trim().is_empty()) {
        Some(b) => Some(format!("{}#{id}", b.trim_end_matches('#'))),
        None => rule_url(id),
    }
}

/// How to read a rule's documentation where no docs URL is set.
pub fn explain_hint(id: &str) -> String {
    format!("preflight explain {id}")
}

/// Gives each finding without a help of its own its rule's help, reflowed for one-line displays
/// (once per rule, for the findings that are reported).
pub fn attach_help(rules: &RuleSet, findings: &mut [Finding]) {
    let mut cache: Vec<(String, Option<String>)> = Vec::new();
    for f in findings.iter_mut().filter(|f| f.help.is_none()) {
        let help = match cache.iter().find(|(id, _)| *id == f.rule) {
            Some((_, h)) => h.clone(),
            None => {
                let h = rules.get(&f.rule).map(|r| docs::reflow(r.help()));
                cache.push((f.rule.clone(), h.clone()));
                h
            }
        };
        f.help = help;
    }
}

/// The last line of the human and concise reports: `3 findings (2 errors, 1 warning, 0 info) in
/// 4 files.` or `No findings in 4 files.`
pub fn summary_line(report: &Report) -> String {
    let n = report.findings().count();
    let plural = |k: usize, w: &str| format!("{k} {w}{}", if k == 1 { "" } else { "s" });
    if n == 0 {
        return format!("No findings in {}.", plural(report.files, "file"));
    }
    format!(
        "{} ({} {}, {}, {} info) in {}.",
        plural(n, "finding"),
        report.count(Severity::Error),
        if report.count(Severity::Error) == 1 {
            "error"
        } else {
            "errors"
        },
        plural(report.count(Severity::Warning), "warning"),
        report.count(Severity::Info),
        plural(report.files, "file"),
    )
}

/// The text a finding points at with its whitespace runs collapsed to one space, so that
/// re-indenting or re-wrapping a command does not change it. Empty for an empty span.
pub fn normalized_span_text(file: &FileReport, finding: &Finding) -> String {
    let text = file.text.get(finding.span.range()).unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stable 64-bit hash of a finding's identity: its rule, its file's path and the normalized
/// text of its span (the message when the span is empty, as for an unreadable file). It does
/// not depend on the line, so unrelated edits above a finding keep it. FNV-1a: the value is
/// fixed by this code, not by a hasher that may change between Rust releases.
pub fn finding_hash(file: &FileReport, finding: &Finding) -> u64 {
    let mut text = normalized_span_text(file, finding);
    if text.is_empty() {
        text = finding.message.clone();
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [finding.rule.as_str(), file.path.as_str(), text.as_str()] {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The 1-based line and column (in characters, as the JSON output counts them) of the start and
/// the end of a finding: `(line, column, end_line, end_column)`; the end is exclusive.
fn line_cols(file: &FileReport, index: &crate::source::LineIndex, finding: &Finding) -> (usize, usize, usize, usize) {
    let (line, column) = index.line_col(&file.text, finding.span.start());
    let (end_line, end_column) = index.line_col(&file.text, finding.span.end());
    (line, column, end_line, end_column)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::finding::Category;
    use crate::source::Span;

    fn file(text: &str, findings: Vec<Finding>) -> FileReport {
        FileReport {
            path: "deploy.sh".into(),
            lang: None,
            text: Arc::from(text),
            findings,
        }
    }

    fn finding(rule: &str, start: usize, end: usize) -> Finding {
        Finding::new(rule, Category::Destructive, Severity::Error, "m", Span::new(start, end))
    }

    #[test]
    fn hash_ignores_line_shifts_and_whitespace_but_not_the_command() {
        let a = file("rm -rf /srv\n", vec![]);
        let b = file("echo one\necho two\n    rm  -rf\t/srv\n", vec![]);
        let c = file("rm -rf /srv/other\n", vec![]);
        let ha = finding_hash(&a, &finding("rm-recursive", 0, 11));
        let hb = finding_hash(&b, &finding("rm-recursive", 22, 35));
        let hc = finding_hash(&c, &finding("rm-recursive", 0, 17));
        assert_eq!(normalized_span_text(&b, &finding("x", 22, 35)), "rm -rf /srv");
        assert_eq!(ha, hb);
        assert_ne!(ha, hc);
        assert_ne!(ha, finding_hash(&a, &finding("other-rule", 0, 11)));
        let mut moved = a.clone();
        moved.path = "ops/deploy.sh".into();
        assert_ne!(ha, finding_hash(&moved, &finding("rm-recursive", 0, 11)));
    }

    #[test]
    fn hash_of_an_empty_span_uses_the_message() {
        let f = file("", vec![]);
        let mut one = finding("unreadable-file", 0, 0);
        one.message = "cannot read a".into();
        let mut two = one.clone();
        two.message = "cannot read b".into();
        assert_ne!(finding_hash(&f, &one), finding_hash(&f, &two));
    }

    #[test]
    fn hash_is_fixed() {
        // FNV-1a of "r\0p\0t\0": a change here breaks every stored fingerprint.
        let f = FileReport {
            path: "p".into(),
            lang: None,
            text: Arc::from("t"),
            findings: vec![],
        };
        assert_eq!(finding_hash(&f, &finding("r", 0, 1)), 0xed64_9451_b0bc_4c7b);
    }
}
