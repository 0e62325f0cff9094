//! Makefiles (`Makefile`, `makefile`, `GNUmakefile`, `*.mk`): the shell code of each recipe
//! line, one snippet per line (make runs each in its own shell, unless `.ONESHELL:`), mapped back
//! to the file; target names are notes (a `deploy-prod` target says which environment it is for).
//!
//! The structure (rules, recipe lines, assignments, conditionals) is read by `tree-sitter-make`
//! (a tree-sitter-grammars grammar on `tree-sitter-language`). Each recipe line is then read as
//! make hands it to the shell: its `@`, `-` and `+` prefixes dropped (offsets kept), `$$` as `$`,
//! a `\` continuation kept for the shell with the next line's recipe tab removed, and make's own
//! expansions replaced:
//!
//! - `$(VAR)`/`${VAR}` of a variable the file sets once, outside conditionals, to plain text
//!   (`DB := prod`, `DIR ?= /srv`): its value; any other variable: a quoted run-time value
//!   (`"${MAKE_DB}"`), as make may take it from the command line or the environment;
//! - `$@`: the target; `$<`, `$^`, `$*` … and functions (`$(wildcard …)`, `$(shell …)`):
//!   run-time values (`"${MAKE_prerequisites}"`, `"${MAKE_shell}"`).
//!
//! A line make rejects ("missing separator": a recipe indented with spaces, a stray word) is a
//! `syntax` finding; an indented one is still read as the recipe line it was meant to be.

use crate::lang::is_shell_command;
use std::collections::HashMap;

use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind};
use crate::lang::Lang;
use crate::source::Span;

/// Recipe lines read from one file.
const MAX_LINES: usize = 10_000;
/// Tree nodes visited in one file.
const MAX_NODES: usize = 200_000;
/// Conditionals nested deeper than this are not looked into.
const MAX_DEPTH: usize = 32;
/// Syntax errors reported from one file (a file of anything else would give one per line).
const MAX_ERRORS: usize = 100;

/// The tree-sitter grammar.
pub fn language() -> tree_sitter::Language {
    tree_sitter_make::LANGUAGE.into()
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut parser = tree_sitter::Parser::new();
    let tree = parser
        .set_language(&language())
        .ok()
        .and_then(|()| parser.parse(text, None));
    let Some(tree) = tree else {
        out.unread.push(malformed(
            0,
            "the Makefile could not be parsed; the file was not read".into(),
        ));
        return out;
    };
    let mut cx = Cx {
        src: text,
        out,
        vars: HashMap::new(),
        prefixes: HashMap::new(),
        oneshell: text
            .lines()
            .any(|l| l.trim_start().starts_with(".ONESHELL") && l.trim_start()[9..].trim_start().starts_with(':')),
        lines: 0,
        nodes: 0,
        foreign_shell: false,
    };
    let root = tree.root_node();
    cx.assignments(root, false, 0);
    cx.foreign_shell = cx
        .vars
        .get("SHELL")
        .and_then(|v| v.as_deref())
        .is_some_and(|s| !is_shell_command(s));
    cx.walk(root, 0);
    cx.out
}

struct Cx<'a> {
    src: &'a str,
    out: Extracted,
    /// Variables the file sets: `Some(value)` when set once, outside conditionals, to plain
    /// text; `None` otherwise.
    vars: HashMap<String, Option<String>>,
    /// Variables every assignment of which is empty or a recipe prefix (`Q = @`, kbuild's
    /// quiet switch): they add nothing to the shell code.
    prefixes: HashMap<String, bool>,
    oneshell: bool,
    lines: usize,
    nodes: usize,
    /// `SHELL = python3` …: recipes are not shell code.
    foreign_shell: bool,
}

impl Cx<'_> {
    fn text(&self, n: tree_sitter::Node) -> &str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    fn budget(&mut self) -> bool {
        self.nodes += 1;
        self.nodes <= MAX_NODES
    }

    /// The file's variable assignments (in conditionals: values not known).
    fn assignments(&mut self, node: tree_sitter::Node, conditional: bool, depth: usize) {
        if depth > MAX_DEPTH || !self.budget() {
            return;
        }
        let mut c = node.walk();
        let kids: Vec<_> = node.named_children(&mut c).collect();
        for k in kids {
            match k.kind() {
                "variable_assignment" => {
                    let Some(name) = k.child_by_field_name("name").map(|n| self.text(n).trim().to_owned()) else {
                        continue;
                    };
                    let op = k.child_by_field_name("operator").map_or("=", |o| self.text(o));
                    let value = k
                        .child_by_field_name("value")
                        .map_or("", |v| self.text(v))
                        .trim()
                        .to_owned();
                    let plain = !conditional && op != "+=" && op != "!=" && !value.contains('$');
                    let known = match self.vars.get(&name) {
                        // a second assignment: only the same value stays known
                        Some(Some(old)) => plain && *old == value,
                        Some(None) => false,
                        None => plain,
                    };
                    // `Q = @` / `Q =` in the branches of a conditional: a recipe prefix or nothing
                    let prefix = op != "!=" && value.chars().all(|c| matches!(c, '@' | '-' | '+'));
                    self.prefixes
                        .entry(name.clone())
                        .and_modify(|p| *p &= prefix)
                        .or_insert(prefix);
                    self.vars.insert(name, known.then_some(value));
                }
                "define_directive" => {
                    if let Some(name) = k.child_by_field_name("name").map(|n| self.text(n).trim().to_owned()) {
                        self.prefixes.insert(name.clone(), false);
                        self.vars.insert(name, None);
                    }
                }
                "conditional" | "ifeq_directive" | "ifneq_directive" | "ifdef_directive" | "ifndef_directive"
                | "else_directive" | "elsif_directive" => self.assignments(k, true, depth + 1),
                "export_directive" | "override_directive" | "private_directive" => {
                    self.assignments(k, conditional, depth + 1)
                }
                _ => {}
            }
        }
    }

    /// Rules (also inside conditionals) and syntax errors.
    fn walk(&mut self, node: tree_sitter::Node, depth: usize) {
        if depth > MAX_DEPTH || !self.budget() {
            return;
        }
        let mut c = node.walk();
        let kids: Vec<_> = node.children(&mut c).collect();
        let mut last_rule: Option<String> = None;
        for k in kids {
            match k.kind() {
                "rule" => {
                    let target = self.rule(k, last_rule.as_deref());
                    last_rule = target;
                }
                "ERROR" => self.error(k),
                "conditional" | "ifeq_directive" | "ifneq_directive" | "ifdef_directive" | "ifndef_directive"
                | "else_directive" | "elsif_directive" => self.walk(k, depth + 1),
                _ if k.is_missing() => self.error(k),
                _ if k.has_error() => self.error(k),
                _ => {}
            }
        }
    }

    /// What the grammar could not read. tree-sitter-make rejects some of what GNU make accepts
    /// (indented assignments in conditionals, a function call alone on a line): those parts hold
    /// no recipe and say nothing. Reported: a recipe line in it (commands that were not read),
    /// else a line make itself rejects ("missing separator").
    fn error(&mut self, node: tree_sitter::Node) {
        let at = first_error(node).unwrap_or(node.start_byte());
        let line_start = self.src[..at.min(self.src.len())].rfind('\n').map_or(0, |i| i + 1);
        let region = self.src.get(line_start..node.end_byte().max(line_start)).unwrap_or("");
        let mut off = line_start;
        for (k, l) in region.split_inclusive('\n').enumerate() {
            let here = off;
            off += l.len();
            if l.starts_with('\t') && !l.trim().is_empty() && !l.trim_start().starts_with('#') {
                let line = self.line_of(here);
                self.syntax(
                    here,
                    format!("the Makefile grammar could not read the rule around line {line}: its recipe lines were not analysed"),
                );
                return;
            }
            if k == 0 && !make_accepts(l) {
                let line = self.line_of(here);
                self.syntax(
                    here,
                    format!("Makefile syntax error at line {line}: missing separator (make stops here)"),
                );
                return;
            }
        }
    }

    fn line_of(&self, at: usize) -> usize {
        self.src[..at.min(self.src.len())].matches('\n').count() + 1
    }

    /// A rule: its target names as notes and its recipe lines as snippets; returns its first
    /// target. `previous`: the target of the rule before it (the one an indented line that make
    /// rejects was meant for).
    fn rule(&mut self, rule: tree_sitter::Node, previous: Option<&str>) -> Option<String> {
        let targets = child(rule, "targets")?;
        // a target list spanning lines: each line before the last is one make rejects
        let ttext = self.text(targets).to_owned();
        let mut line_start = targets.start_byte();
        let mut names_from = targets.start_byte();
        for (i, _) in ttext.match_indices('\n') {
            let abs = targets.start_byte() + i;
            if ttext[..i].ends_with('\\') {
                continue;
            }
            self.bad_line(line_start, abs, previous);
            line_start = abs + 1;
            names_from = abs + 1;
        }
        let names: Vec<(String, usize)> = {
            let mut v = Vec::new();
            let mut c = targets.walk();
            let mut stack: Vec<_> = targets.named_children(&mut c).collect();
            stack.reverse();
            while let Some(n) = stack.pop() {
                if n.kind() == "concatenation" {
                    let mut c2 = n.walk();
                    let mut inner: Vec<_> = n.named_children(&mut c2).collect();
                    inner.reverse();
                    stack.extend(inner);
                } else if n.start_byte() >= names_from {
                    v.push((self.text(n).to_owned(), n.start_byte()));
                }
            }
            v
        };
        let target = names.first().map(|(n, _)| n.clone())?;
        for (name, at) in &names {
            if !name.starts_with('.') {
                self.out.notes.push(Note {
                    text: name.clone(),
                    span: Span::new(*at, at + name.len()),
                    scope: None,
                });
            }
        }
        if rule.has_error() {
            self.error(rule);
        }
        let Some(recipe) = child(rule, "recipe") else {
            return Some(target);
        };
        let mut c = recipe.walk();
        let lines: Vec<_> = recipe
            .named_children(&mut c)
            .filter(|n| n.kind() == "recipe_line")
            .collect();
        let origin = format!("make:{target}");
        let mut one = TextBuilder::new();
        for line in lines {
            if self.oneshell {
                if !one.text.is_empty() {
                    one.push("\n", line.start_byte(), false);
                }
                self.expand(&mut one, line.start_byte(), line.end_byte(), &target);
            } else {
                let mut b = TextBuilder::new();
                self.expand(&mut b, line.start_byte(), line.end_byte(), &target);
                self.push(b, &origin);
            }
        }
        if self.oneshell {
            self.push(one, &origin);
        }
        Some(target)
    }

    /// A line make rejects (`start..end`): a `syntax` finding; an indented one (a recipe line
    /// indented with spaces) is read as a recipe line of the rule before it.
    fn bad_line(&mut self, start: usize, end: usize, previous: Option<&str>) {
        let line_start = self.src[..start].rfind('\n').map_or(0, |i| i + 1);
        let indented = self.src[line_start..start].chars().all(|c| c == ' ' || c == '\t') && line_start < start;
        let line = self.line_of(start);
        let text = self.src[start..end].trim();
        let accepted = if indented && previous.is_some() {
            // after a rule, a recipe indented with spaces, unless an assignment or directive
            is_assignment_or_directive(text)
        } else {
            make_accepts(text)
        };
        if text.is_empty() || text.starts_with('#') || accepted {
            // a blank or comment line inside what the grammar took for one target list, or a
            // line make reads (an indented assignment in a conditional …)
            return;
        }
        self.syntax(
            start,
            format!(
                "Makefile syntax error at line {line}: missing separator (make stops here){}",
                if indented {
                    "; a recipe line must start with a tab"
                } else {
                    ""
                }
            ),
        );
        if indented
            && !text.is_empty()
            && let Some(target) = previous
        {
            let mut b = TextBuilder::new();
            self.expand(&mut b, start, end, target);
            self.push(b, &format!("make:{target}"));
        }
    }

    fn push(&mut self, b: TextBuilder, origin: &str) {
        if b.text.trim().is_empty() || self.foreign_shell {
            return;
        }
        self.lines += 1;
        if self.lines > MAX_LINES {
            return;
        }
        let (text, map) = b.finish();
        self.out
            .snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, origin.to_owned()));
    }

    /// The recipe line at `start..end` as make hands it to the shell.
    fn expand(&self, b: &mut TextBuilder, start: usize, end: usize, target: &str) {
        let s = self.src.get(start..end).unwrap_or("");
        let bytes = s.as_bytes();
        let mut i = 0;
        // the `@`, `-` and `+` prefixes
        while i < bytes.len() && matches!(bytes[i], b'@' | b'-' | b'+' | b' ' | b'\t') {
            i += 1;
        }
        while i < bytes.len() {
            let at = start + i;
            match bytes[i] {
                b'\\' if bytes.get(i + 1) == Some(&b'\n') => {
                    b.push("\\\n", at, true);
                    i += 2;
                    // make removes the recipe tab of a continued line
                    if bytes.get(i) == Some(&b'\t') {
                        i += 1;
                    }
                }
                b'$' => match bytes.get(i + 1) {
                    Some(b'$') => {
                        b.push("$", at, false);
                        i += 2;
                    }
                    Some(&open @ (b'(' | b'{')) => {
                        let close = if open == b'(' { b')' } else { b'}' };
                        match matching(&bytes[i + 2..], open, close) {
                            Some(len) => {
                                let body = &s[i + 2..i + 2 + len];
                                let mut piece = self.reference(body, target);
                                // a variable not known here in a command word's place (`$(PYTHON)
                                // -m x`, `$(CC) …`) names a program: read as an unknown program's
                                // name, not as a command only known at run time
                                let last = b.text.rfind(['\n', ';', '&', '|', '(']).map_or(0, |k| k + 1);
                                if b.text[last..].trim().is_empty()
                                    && let Some(name) = piece.strip_prefix("\"${").and_then(|p| p.strip_suffix("}\""))
                                    && !body.contains(char::is_whitespace)
                                {
                                    piece = name.to_owned();
                                }
                                b.push(&piece, at, false);
                                i += 2 + len + 1;
                            }
                            None => {
                                b.push("\"${MAKE_expr}\"", at, false);
                                i = bytes.len();
                            }
                        }
                    }
                    Some(&c) => {
                        let piece = match c {
                            b'@' => single_quoted(target),
                            b'<' => "\"${MAKE_first_prerequisite}\"".to_owned(),
                            b'^' | b'+' => "\"${MAKE_prerequisites}\"".to_owned(),
                            b'?' => "\"${MAKE_newer_prerequisites}\"".to_owned(),
                            b'*' => "\"${MAKE_stem}\"".to_owned(),
                            b'%' | b'|' => "\"${MAKE_automatic}\"".to_owned(),
                            c if c.is_ascii_alphanumeric() || c == b'_' => {
                                self.reference(&(c as char).to_string(), target)
                            }
                            _ => {
                                b.push("$", at, true);
                                i += 1;
                                continue;
                            }
                        };
                        b.push(&piece, at, false);
                        i += 2;
                    }
                    None => {
                        b.push("$", at, true);
                        i += 1;
                    }
                },
                _ => {
                    let ch = s[i..].chars().next().expect("a char boundary");
                    b.push(ch.encode_utf8(&mut [0; 4]), at, true);
                    i += ch.len_utf8();
                }
            }
        }
    }

    /// What `$(body)` stands for in the shell code.
    fn reference(&self, body: &str, target: &str) -> String {
        let body = body.trim();
        let name = body.split_whitespace().next().unwrap_or("");
        if body.contains(char::is_whitespace) || body.contains(',') {
            // make's messages and `eval` expand to nothing
            if matches!(name, "info" | "warning" | "error" | "eval") {
                return String::new();
            }
            // a function: `$(shell …)`, `$(wildcard …)`
            let f: String = name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            return format!("\"${{MAKE_{}}}\"", if f.is_empty() { "function" } else { &f });
        }
        match body {
            "@" => return single_quoted(target),
            "MAKE" => return "make".to_owned(),
            _ => {}
        }
        match self.vars.get(body) {
            Some(Some(v)) if !v.is_empty() => v.clone(),
            _ if self.prefixes.get(body) == Some(&true) => String::new(),
            // make's own defaults, where the file sets nothing
            None if builtin(body).is_some() => builtin(body).unwrap_or_default().to_owned(),
            _ => {
                let n: String = body
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                format!("\"${{MAKE_{n}}}\"")
            }
        }
    }
}

impl Cx<'_> {
    fn syntax(&mut self, at: usize, message: String) {
        match self.out.unread.len() {
            n if n + 1 < MAX_ERRORS => self.out.unread.push(malformed(at, message)),
            n if n + 1 == MAX_ERRORS => self
                .out
                .unread
                .push(malformed(at, format!("{message} (further errors are not reported)"))),
            _ => {}
        }
    }
}

fn malformed(at: usize, message: String) -> Unread {
    Unread {
        span: Span::new(at, at),
        message,
        kind: UnreadKind::Malformed,
        origin: Some(Lang::Makefile.as_str().into()),
    }
}

fn child<'t>(node: tree_sitter::Node<'t>, kind: &str) -> Option<tree_sitter::Node<'t>> {
    let mut c = node.walk();
    node.named_children(&mut c).find(|k| k.kind() == kind)
}

/// Whether GNU make reads `line` (outside a recipe) without a "missing separator": an
/// assignment or a rule (it has a `=` or a `:`), a directive, a function call alone, a comment.
fn make_accepts(line: &str) -> bool {
    const DIRECTIVES: &[&str] = &[
        "include", "-include", "sinclude", "export", "unexport", "override", "private", "vpath", "define", "endef",
        "undefine", "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "load", "-load",
    ];
    let t = line.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    t.is_empty()
        || t.starts_with('#')
        || t.starts_with("$(")
        || t.starts_with("${")
        || t.contains('=')
        || t.contains(':')
        || DIRECTIVES.contains(&first)
}

/// `NAME = …` (any assignment operator) or a directive line.
fn is_assignment_or_directive(t: &str) -> bool {
    let name_len = t
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        .count();
    let rest = t[name_len..].trim_start();
    let assignment = name_len > 0
        && ["=", ":=", "::=", "?=", "+=", "!="]
            .iter()
            .any(|op| rest.starts_with(op));
    assignment || (make_accepts(t) && !t.contains('=') && !t.contains(':'))
}

/// The offset of the first `ERROR` or missing node in `node`, in a bounded walk.
fn first_error(node: tree_sitter::Node) -> Option<usize> {
    let mut stack = vec![node];
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            return None;
        }
        if n.is_error() || n.is_missing() {
            return Some(n.start_byte());
        }
        let mut c = n.walk();
        let kids: Vec<_> = n.children(&mut c).filter(|k| k.has_error() || k.is_missing()).collect();
        stack.extend(kids.into_iter().rev());
    }
    None
}

/// The length up to the bracket closing one already open.
fn matching(s: &[u8], open: u8, close: u8) -> Option<usize> {
    let mut depth = 1usize;
    for (i, &c) in s.iter().enumerate() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        } else if c == b'\n' {
            return None;
        }
    }
    None
}

/// The value make gives its built-in variables.
fn builtin(name: &str) -> Option<&'static str> {
    Some(match name {
        "CC" => "cc",
        "CXX" => "g++",
        "CPP" => "cc -E",
        "AR" => "ar",
        "AS" => "as",
        "LD" => "ld",
        "RM" => "rm -f",
        "LEX" => "lex",
        "YACC" => "yacc",
        "FC" => "f77",
        "MAKE" => "make",
        _ => return None,
    })
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{at, origins_and_texts};

    #[test]
    fn grammar_loads() {
        // an incompatible tree-sitter ABI would fail here, not at build time
        let mut p = tree_sitter::Parser::new();
        p.set_language(&language()).expect("tree-sitter-make loads");
        let t = p.parse("all:\n\techo hi\n", None).unwrap();
        assert!(!t.root_node().has_error());
    }

    #[test]
    fn recipe_lines_become_snippets() {
        let src = "DB := prod\nDIR ?= /srv\nX = a\nX = b\nifdef Y\nZ = 1\nendif\nall: dep\n\t@rm -rf $(DIR)/x \\\n\t  && echo $$HOME\n\t-psql -d ${DB} -c 'DROP TABLE t' $(X) $(Z)\n\t+$(MAKE) -C sub $@ $< $(wildcard *.c)\ndeploy-prod: ; kubectl delete ns $(NS)\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("make:all", "rm -rf /srv/x \\\n  && echo $HOME"),
                ("make:all", "psql -d prod -c 'DROP TABLE t' \"${MAKE_X}\" \"${MAKE_Z}\""),
                (
                    "make:all",
                    "make -C sub 'all' \"${MAKE_first_prerequisite}\" \"${MAKE_wildcard}\""
                ),
                ("make:deploy-prod", "kubectl delete ns \"${MAKE_NS}\""),
            ]
        );
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &ex.snippets[0], "&& echo"), "&& echo");
        assert_eq!(at(src, &ex.snippets[1], "'DROP TABLE t'"), "'DROP TABLE t'");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["all", "deploy-prod"]);
    }

    #[test]
    fn oneshell_and_foreign_shells() {
        let ex = extract(".ONESHELL:\nx:\n\tcd /tmp\n\trm -rf y\n");
        assert_eq!(ex.snippets.len(), 1);
        assert_eq!(ex.snippets[0].text, "cd /tmp\nrm -rf y");
        assert!(
            extract("SHELL := /usr/bin/python3\nx:\n\tprint(1)\n")
                .snippets
                .is_empty()
        );
    }

    #[test]
    fn missing_separators_are_reported() {
        let src = "a:\n    rm -rf /srv/x\nb:\n\techo b\njust words\nc:\n\techo c\noops\n";
        let ex = extract(src);
        let lines: Vec<usize> = ex
            .unread
            .iter()
            .map(|u| src[..u.span.start()].matches('\n').count() + 1)
            .collect();
        assert_eq!(lines, [2, 5, 8]);
        assert!(ex.unread.iter().all(|u| u.kind == UnreadKind::Malformed));
        let texts: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["rm -rf /srv/x", "echo b", "echo c"]);
        assert_eq!(ex.snippets[0].origin, "make:a");
        for src in [
            "",
            "\t",
            "$(",
            "a:\n\t$(",
            "a:\n\t$",
            "x = $(y",
            "define\n",
            "ifeq (\n",
            "\u{e9}:\n\t\u{e9} $@\n",
        ] {
            let ex = extract(src);
            for u in &ex.unread {
                assert!(u.span.end() <= src.len());
            }
        }
    }
}
