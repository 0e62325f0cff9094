//! Suppressions: `# preflight: ignore[rule-a, rule-b] -- reason` covers its own line or the next
//! command (`--` in SQL, `<!-- … -->` before a Markdown fence covers the fence);
//! `preflight: ignore-file[…]` covers the file. A suppression naming an unknown rule, or one
//! that suppresses nothing, is itself reported (`unused-ignore`).

use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use crate::rules::{EngineRule, RuleSet};
use crate::source::{LineIndex, Span};

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub file_wide: bool,
    pub rules: Vec<String>,
    /// The comment, in the file.
    pub span: Span,
    /// The first and last line (1-based) it covers; a file-wide one covers every line.
    pub lines: (usize, usize),
}

/// Finds the suppression comments of a file.
pub fn directives(text: &str, lang: Lang) -> Vec<Directive> {
    if memchr::memmem::find(text.as_bytes(), b"preflight: ignore").is_none() {
        return Vec::new();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut offsets = Vec::with_capacity(lines.len());
    let mut at = 0;
    for l in &lines {
        offsets.push(at);
        at += l.len() + 1;
    }
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(pos) = line.find("preflight: ignore") else {
            continue;
        };
        // only in a comment: `#`, `--`, `//` or `<!--` before it on the line (`REM` or `::` in
        // a batch file)
        let before = &line[..pos];
        let batch_comment = lang == Lang::Batch && {
            let t = before.trim_start().trim_start_matches('@');
            t.starts_with("::") || t.get(..3).is_some_and(|r| r.eq_ignore_ascii_case("rem"))
        };
        let comment = batch_comment
            || before.contains('#')
            || before.contains("--")
            || before.contains("//")
            || before.contains("<!--");
        if !comment {
            continue;
        }
        let rest = &line[pos + "preflight: ignore".len()..];
        let (file_wide, rest) = match rest.strip_prefix("-file") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let Some(list) = rest.strip_prefix('[').and_then(|r| r.split_once(']')).map(|(l, _)| l) else {
            continue;
        };
        let rules: Vec<String> = list
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        let start = offsets[i] + pos;
        let end = offsets[i] + line.len();
        let span = Span::new(start, end.max(start));
        let line_no = i + 1;
        let covered = if file_wide {
            (1, usize::MAX)
        } else if lang == Lang::Markdown && before.trim_start().starts_with("<!--") {
            fence_after(&lines, i).unwrap_or((line_no, line_no))
        } else if matches!(before.trim(), "#" | "--" | "//" | "<!--")
            || (batch_comment
                && matches!(
                    before.trim().trim_start_matches('@').to_ascii_lowercase().as_str(),
                    "::" | "rem"
                ))
        {
            // a comment on its own line covers the next line of code
            let next = next_code_line(&lines, i);
            (next.unwrap_or(line_no), next.unwrap_or(line_no))
        } else {
            (line_no, line_no)
        };
        out.push(Directive {
            file_wide,
            rules,
            span,
            lines: covered,
        });
    }
    out
}

fn next_code_line(lines: &[&str], from: usize) -> Option<usize> {
    lines.iter().enumerate().skip(from + 1).find_map(|(k, l)| {
        let t = l.trim();
        (!t.is_empty() && !t.starts_with('#') && !t.starts_with("--") && !t.starts_with("<!--")).then_some(k + 1)
    })
}

/// The lines of the Markdown fence starting after line `from` (0-based), 1-based inclusive.
fn fence_after(lines: &[&str], from: usize) -> Option<(usize, usize)> {
    let open = lines
        .iter()
        .enumerate()
        .skip(from + 1)
        .find(|(_, l)| !l.trim().is_empty())?;
    let t = open.1.trim_start();
    let marker = if t.starts_with("```") {
        "```"
    } else if t.starts_with("~~~") {
        "~~~"
    } else {
        return None;
    };
    let close = lines
        .iter()
        .enumerate()
        .skip(open.0 + 1)
        .find(|(_, l)| l.trim_start().starts_with(marker))?;
    Some((open.0 + 1, close.0 + 1))
}

/// Drops the findings the file's suppressions cover, and reports suppressions that name unknown
/// rules or suppress nothing (`unused-ignore`).
pub fn apply(text: &str, lang: Lang, rules: &RuleSet, findings: &mut Vec<Finding>) {
    let dirs = directives(text, lang);
    if dirs.is_empty() {
        return;
    }
    let index = LineIndex::new(text);
    let line_of = |span: Span| index.line_col(text, span.start()).0;
    let mut used = vec![vec![false; 0]; dirs.len()];
    for (d, u) in dirs.iter().zip(used.iter_mut()) {
        *u = vec![false; d.rules.len()];
    }
    findings.retain(|f| {
        let lines = [line_of(f.span), line_of(f.anchor_span())];
        let mut suppressed = false;
        for (k, d) in dirs.iter().enumerate() {
            let covers = d.file_wide || lines.iter().any(|l| (d.lines.0..=d.lines.1).contains(l));
            if !covers {
                continue;
            }
            if let Some(r) = d.rules.iter().position(|r| r == &f.rule || r == "*") {
                used[k][r] = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    for (d, u) in dirs.iter().zip(&used) {
        for (r, name) in d.rules.iter().enumerate() {
            if u[r] {
                continue;
            }
            let message = if name != "*" && rules.get(name).is_none() {
                format!("`{name}` is not a rule: this suppression suppresses nothing")
            } else {
                format!("this suppression of `{name}` suppresses nothing")
            };
            findings.push(rules.engine_finding(
                EngineRule::UnusedIgnore,
                Some(Severity::Warning),
                message,
                d.span,
                "suppression",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        let text = "# preflight: ignore-file[git-stash-clear]\nls\n# preflight: ignore[a, b] -- reason\n\nrm -rf /x\nrm -rf /y # preflight: ignore[c]\n";
        let d = directives(text, Lang::Shell);
        assert_eq!(d.len(), 3);
        assert!(d[0].file_wide);
        assert_eq!(d[1].rules, ["a", "b"]);
        assert_eq!(d[1].lines, (5, 5));
        assert_eq!(d[2].lines, (6, 6));
    }

    #[test]
    fn markdown_fences() {
        let text = "# Plan\n<!-- preflight: ignore[x] -->\n```bash\nrm -rf /srv\nls\n```\nrm -rf /z\n";
        let d = directives(text, Lang::Markdown);
        assert_eq!(d[0].lines, (3, 6));
    }

    #[test]
    fn prose_mentions_are_not_directives() {
        let d = directives("echo 'preflight: ignore[x]'\n", Lang::Shell);
        assert!(d.is_empty());
    }
}
