//! justfiles (`justfile`, `Justfile`, `.justfile`, `*.just`): the shell code of each recipe,
//! origin `just:RECIPE`, mapped back to the file; recipe names are notes.
//!
//! Read by hand: `tree-sitter-just` depends on tree-sitter ~0.25 and cannot link beside the
//! tree-sitter in use, and no other kept crate parses justfiles. What is read:
//!
//! - a recipe header at column 0, `[@]name params…: deps` (a `:` outside quotes, not `:=`),
//!   with `[attribute]` lines before it (`[script("python3")]` makes it another language's);
//! - its indented body lines: each runs in its own shell (a `\` at the end joins the next line),
//!   with the `@` and `-` prefixes dropped; a body starting with `#!` is one script, read when
//!   the shebang names a shell, skipped otherwise;
//! - `{{ expr }}` interpolation: a variable the file sets to a quoted string (`env := "prod"`)
//!   is its value, anything else (a parameter, a function call) a quoted run-time value
//!   (`"${JUST_env}"`); `{{{{` is a literal `{{`;
//! - `set shell := ["pwsh", …]` (not a POSIX shell): linewise recipes are not read.
//!
//! An indented line outside a recipe, or an unclosed `{{`, is a `syntax` finding.

use crate::lang::is_shell_command;
use std::collections::HashMap;

use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind};
use crate::lang::Lang;
use crate::source::Span;

/// Lines read from one file.
const MAX_LINES: usize = 100_000;
/// Syntax errors reported from one file (a file of anything else would give one per line).
const MAX_ERRORS: usize = 100;

struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut lines = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive('\n').take(MAX_LINES) {
        lines.push(Line {
            start: at,
            text: raw.trim_end_matches(['\n', '\r']),
        });
        at += raw.len();
    }
    // first pass: variables and settings
    let mut vars: HashMap<String, Option<String>> = HashMap::new();
    let mut foreign_shell = false;
    for l in &lines {
        if l.text.starts_with([' ', '\t']) {
            continue;
        }
        let t = l.text.trim();
        let t = t.strip_prefix("export ").unwrap_or(t).trim_start();
        if let Some(rest) = t.strip_prefix("set ") {
            let rest = rest.trim_start();
            if let Some(v) = rest.strip_prefix("shell") {
                let v = v.trim_start();
                if let Some(v) = v.strip_prefix(":=") {
                    let first = v.trim().trim_start_matches('[').split(',').next().unwrap_or("");
                    foreign_shell = !is_shell_command(&unquote(first).unwrap_or_default());
                }
            }
            continue;
        }
        if let Some((name, value)) = t.split_once(":=")
            && is_ident(name.trim())
        {
            let known = unquote(value.trim());
            let e = vars.entry(name.trim().to_owned()).or_insert(known.clone());
            if *e != known {
                *e = None;
            }
        }
    }
    let mut cx = Cx {
        text,
        vars,
        out: &mut out,
    };
    let mut attrs: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        let t = l.text.trim();
        if t.is_empty() || (t.starts_with('#') && !l.text.starts_with([' ', '\t'])) {
            i += 1;
            continue;
        }
        if l.text.starts_with([' ', '\t']) {
            cx.malformed(
                l.start + (l.text.len() - l.text.trim_start().len()),
                "an indented line outside a recipe",
            );
            i += 1;
            continue;
        }
        if t.starts_with('[') {
            attrs.push(t);
            i += 1;
            continue;
        }
        let Some((name, params)) = header(t) else {
            attrs.clear();
            i += 1;
            continue;
        };
        // the body: the indented (and blank) lines after the header
        let mut j = i + 1;
        while j < lines.len() && (lines[j].text.trim().is_empty() || lines[j].text.starts_with([' ', '\t'])) {
            j += 1;
        }
        let mut end = j;
        while end > i + 1 && lines[end - 1].text.trim().is_empty() {
            end -= 1;
        }
        let name_at = l.start + l.text.find(name).unwrap_or(0);
        cx.out.notes.push(Note {
            text: name.to_owned(),
            span: Span::new(name_at, name_at + name.len()),
            scope: None,
        });
        let script = attrs.iter().find_map(|a| script_attr(a));
        let body = &lines[i + 1..end];
        cx.recipe(name, &params, body, script, foreign_shell);
        attrs.clear();
        i = j;
    }
    out
}

struct Cx<'a, 'o> {
    text: &'a str,
    vars: HashMap<String, Option<String>>,
    out: &'o mut Extracted,
}

impl Cx<'_, '_> {
    fn malformed(&mut self, at: usize, what: &str) {
        if self.out.unread.len() >= MAX_ERRORS {
            return;
        }
        let more = if self.out.unread.len() + 1 == MAX_ERRORS {
            " (further errors are not reported)"
        } else {
            ""
        };
        let line = self.text[..at.min(self.text.len())].matches('\n').count() + 1;
        self.out.unread.push(Unread {
            span: Span::new(at, at),
            message: format!("justfile syntax error at line {line}: {what}; it was not analysed{more}"),
            kind: UnreadKind::Malformed,
            origin: Some(Lang::Justfile.as_str().into()),
        });
    }

    /// `script`: the recipe's `[script(…)]` attribute (`Some("")` for a bare `[script]`).
    fn recipe(&mut self, name: &str, params: &[String], body: &[Line], script: Option<String>, foreign_shell: bool) {
        let origin = format!("just:{name}");
        let Some(first) = body.iter().find(|l| !l.text.trim().is_empty()) else {
            return;
        };
        let indent = first.text.len() - first.text.trim_start().len();
        let shebang = first.text.trim_start().starts_with("#!");
        if script.is_some() || shebang {
            // one script: for its interpreter, read when it is a shell
            let interp = match &script {
                Some(s) if !s.is_empty() => s.clone(),
                Some(_) => "sh".to_owned(),
                None => first.text.trim_start().to_owned(),
            };
            let shell = if shebang && script.is_none() {
                Lang::from_shebang(interp.as_bytes()) == Some(Lang::Shell)
            } else {
                is_shell_command(&interp)
            };
            if !shell {
                return;
            }
            let mut b = TextBuilder::new();
            for l in body {
                let cut = indent.min(l.text.len() - l.text.trim_start().len());
                if !b.text.is_empty() {
                    b.push("\n", l.start, false);
                }
                self.interpolate(&mut b, &l.text[cut..], l.start + cut, params);
            }
            self.push(b, &origin);
            return;
        }
        if foreign_shell {
            return;
        }
        // linewise: each line (with its `\` continuations) in its own shell
        let mut b = TextBuilder::new();
        for l in body {
            let continued = !b.text.is_empty();
            let cut = indent.min(l.text.len() - l.text.trim_start().len());
            let mut s = &l.text[cut..];
            let mut at = l.start + cut;
            if !continued {
                let t = s.trim_start_matches(['@', '-']);
                at += s.len() - t.len();
                s = t;
            }
            if s.trim().is_empty() && !continued {
                continue;
            }
            self.interpolate(&mut b, s, at, params);
            if s.ends_with('\\') {
                b.push("\n", at + s.len(), false);
                continue;
            }
            let done = std::mem::replace(&mut b, TextBuilder::new());
            self.push(done, &origin);
        }
        self.push(b, &origin);
    }

    /// Appends `s` (at `at` in the file) with its `{{ … }}` replaced.
    fn interpolate(&mut self, b: &mut TextBuilder, s: &str, at: usize, params: &[String]) {
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            if rest.starts_with("{{{{") {
                b.push("{{", at + i, false);
                i += 4;
                continue;
            }
            if let Some(inner) = rest.strip_prefix("{{") {
                let Some(len) = inner.find("}}") else {
                    self.malformed(at + i, "an unclosed `{{`");
                    b.push("\"${JUST_expr}\"", at + i, false);
                    return;
                };
                let expr = inner[..len].trim();
                b.push(&self.value(expr, params), at + i, false);
                i += 2 + len + 2;
                continue;
            }
            let ch = rest.chars().next().expect("a char boundary");
            b.push(ch.encode_utf8(&mut [0; 4]), at + i, true);
            i += ch.len_utf8();
        }
    }

    /// What `{{ expr }}` stands for in the shell code.
    fn value(&self, expr: &str, params: &[String]) -> String {
        if is_ident(expr)
            && !params.iter().any(|p| p == expr)
            && let Some(Some(v)) = self.vars.get(expr)
        {
            return v.clone();
        }
        let name: String = expr
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|w| !w.is_empty())
            .unwrap_or("expr")
            .to_owned();
        format!("\"${{JUST_{name}}}\"")
    }

    fn push(&mut self, b: TextBuilder, origin: &str) {
        if b.text.trim().is_empty() {
            return;
        }
        let (text, map) = b.finish();
        self.out
            .snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, origin.to_owned()));
    }
}

/// A recipe header: its name and its parameters' names, else `None` (an assignment, a
/// setting, an `alias`, `import` or `mod` line).
fn header(t: &str) -> Option<(&str, Vec<String>)> {
    let t = t.strip_prefix('@').unwrap_or(t);
    let name_len = t
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &t[..name_len];
    if matches!(name, "alias" | "set" | "import" | "mod" | "export") && t[name_len..].starts_with(' ') {
        return None;
    }
    // the first `:` outside quotes
    let mut quote = None;
    let mut colon = None;
    for (i, c) in t.char_indices().skip(name_len) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, ':') => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    if t[colon + 1..].starts_with('=') {
        return None;
    }
    let params = t[name_len..colon]
        .split_whitespace()
        .map(|p| {
            p.trim_start_matches(['+', '*', '$'])
                .split('=')
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .filter(|p| is_ident(p))
        .collect();
    Some((name, params))
}

/// `[script]` → `Some("")`, `[script("python3", …)]` → `Some("python3")`; other attributes:
/// `None`.
fn script_attr(attr: &str) -> Option<String> {
    let inner = attr.trim().trim_start_matches('[').trim_end_matches(']');
    inner.split(',').map(str::trim).find_map(|a| {
        if a == "script" {
            return Some(String::new());
        }
        let arg = a.strip_prefix("script(")?;
        Some(unquote(arg.trim_end_matches(')').trim()).unwrap_or_default())
    })
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A quoted string's content (`"prod"`, `'prod'`), else `None`.
fn unquote(s: &str) -> Option<String> {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            let inner = &s[1..s.len() - 1];
            if !inner.contains(q) {
                return Some(inner.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{at, origins_and_texts};

    #[test]
    fn recipes_become_snippets() {
        let src = "set dotenv-load\ndb := \"app_prod\"\nalias n := nuke\n\n# wipes it\n[confirm]\n@nuke env='staging': build\n    @rm -rf /srv/{{env}}/data\n    -psql -d {{db}} -c 'DROP TABLE t' \\\n      --quiet\n\nbuild:\n  cargo build {{{{x}}\n\n[script(\"python3\")]\npy:\n  import shutil\n\nsh:\n  #!/usr/bin/env bash\n  set -e\n  kubectl delete ns {{ uppercase(db) }}\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("just:nuke", "rm -rf /srv/\"${JUST_env}\"/data"),
                ("just:nuke", "psql -d app_prod -c 'DROP TABLE t' \\\n  --quiet"),
                ("just:build", "cargo build {{x}}"),
                (
                    "just:sh",
                    "#!/usr/bin/env bash\nset -e\nkubectl delete ns \"${JUST_uppercase}\""
                ),
            ]
        );
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &ex.snippets[1], "--quiet"), "--quiet");
        assert_eq!(at(src, &ex.snippets[3], "kubectl"), "kubectl");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["nuke", "build", "py", "sh"]);
    }

    #[test]
    fn bad_input_is_reported() {
        let ex = extract("x := '1'\n  stray\nr:\n  echo {{ oops\n  rm -rf /x\n");
        assert_eq!(ex.unread.len(), 2);
        assert!(ex.unread.iter().all(|u| u.kind == UnreadKind::Malformed));
        assert_eq!(ex.snippets.last().unwrap().text, "rm -rf /x");
        assert!(
            extract("set shell := [\"pwsh\", \"-c\"]\nr:\n  Remove-Item x\n")
                .snippets
                .is_empty()
        );
        for src in ["", ":", "@", "a:\n\t{{", "[", "é:\n é {{é}}\n", "a b='x:y' :\n  echo\n"] {
            let ex = extract(src);
            for u in &ex.unread {
                assert!(u.span.end() <= src.len());
            }
        }
    }
}
