//! Rule documentation generated from the rule packs (the one source): `preflight explain`,
//! `docs/rules.md` and, later, editor hovers all come from here.

use std::fmt::Write;

use crate::rules::{Rule, RuleSet};

/// Joins the lines of each paragraph of a TOML multi-line string (blank lines separate
/// paragraphs), for one-line displays such as a finding's help.
pub fn reflow(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|para| para.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The documentation of one rule, as Markdown.
pub fn rule_markdown(r: &Rule) -> String {
    let s = &r.spec();
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", s.id);
    let _ = writeln!(out, "{}\n", s.summary);
    let _ = writeln!(out, "- family: `{}`", r.family);
    let _ = writeln!(out, "- category: `{}`", s.category);
    let _ = writeln!(out, "- severity: `{}`\n", s.severity);
    let _ = writeln!(out, "{}\n", s.explanation.trim());
    let _ = writeln!(out, "**Instead:** {}\n", s.help.trim());
    let lang = if r.matches_graphql() {
        "graphql"
    } else if r.matches_sql() {
        "sql"
    } else {
        "sh"
    };
    if !s.examples.fire.is_empty() {
        let _ = writeln!(out, "Reported:\n\n```{lang}");
        for e in &s.examples.fire {
            let _ = writeln!(out, "{e}");
        }
        let _ = writeln!(out, "```\n");
    }
    if !s.examples.ok.is_empty() {
        let _ = writeln!(out, "Not reported:\n\n```{lang}");
        for e in &s.examples.ok {
            let _ = writeln!(out, "{e}");
        }
        let _ = writeln!(out, "```\n");
    }
    out
}

/// `docs/rules.md`: every rule, grouped by family.
pub fn rules_markdown(set: &RuleSet) -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from rules/*.toml; do not edit. Regenerate with `PREFLIGHT_UPDATE_DOCS=1 cargo test --test docs`. -->\n\n\
         | rule | family | category | severity | summary |\n|---|---|---|---|---|\n",
    );
    for r in set.rules() {
        let s = &r.spec();
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} | {} | {} |",
            s.id, s.id, r.family, s.category, s.severity, s.summary
        );
    }
    out.push('\n');
    for family in set.families() {
        let _ = writeln!(out, "# {family}\n");
        for r in set.rules().iter().filter(|r| r.family == family) {
            out.push_str(&rule_markdown(r));
        }
    }
    out
}
