//! Dockerfiles and Containerfiles: the shell code of `RUN` (shell form with `\` continuations,
//! exec form, heredocs), `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD`, one snippet per
//! instruction, mapped back to the file; stage names, `ENV`/`ARG` values and `LABEL`s are notes.
//!
//! The file is read by `tree-sitter-containerfile` (a maintained Dockerfile/Containerfile
//! grammar on `tree-sitter-language`, so it links with the tree-sitter in use;
//! `tree-sitter-dockerfile` pins an old tree-sitter and cannot).
//!
//! - A `RUN` runs in a throw-away build container: its snippets carry [`ScratchFs`], and what
//!   they delete on the container's own filesystem is not graded as lost data (cache mounts and
//!   writable bind mounts excepted). `CMD` and `ENTRYPOINT` run in the real container, with its
//!   volumes: graded as usual.
//! - `SHELL ["pwsh", …]` (or `cmd`) makes later shell forms of the stage code of another
//!   language: not read (a new `FROM` goes back to `/bin/sh`).
//! - `ENV` and `ARG` values with a default are set before each later shell form of the stage
//!   (`NAME='value'`), so the shell analysis knows them.
//! - A `# escape=` parser directive with a backtick is honoured for line continuations.

use super::{Extracted, Note, ScratchFs, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind};
use crate::lang::Lang;
use crate::lang::is_shell_program;
use crate::source::Span;

/// Instructions read from one file.
const MAX_INSTRUCTIONS: usize = 10_000;
/// Syntax errors reported from one file.
const MAX_ERRORS: usize = 100;
/// Tree nodes looked at to find where a syntax error is.
const MAX_ERROR_WALK: usize = 10_000;

/// The tree-sitter grammar.
pub fn language() -> tree_sitter::Language {
    tree_sitter_containerfile::LANGUAGE.into()
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let src = with_escape_directive(text);
    let src = match without_template_tags(&src) {
        Some(t) => std::borrow::Cow::Owned(t),
        None => src,
    };
    let mut parser = tree_sitter::Parser::new();
    if parser.set_language(&language()).is_err() {
        out.unread.push(malformed(
            Span::new(0, 0),
            "the Dockerfile grammar could not be loaded; the file was not read".into(),
        ));
        return out;
    }
    let Some(tree) = parser.parse(src.as_bytes(), None) else {
        out.unread.push(malformed(
            Span::new(0, 0),
            "the Dockerfile could not be parsed; the file was not read".into(),
        ));
        return out;
    };
    let mut cx = Cx {
        src: &src,
        out,
        stage: Stage::default(),
        stages: 0,
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let nodes: Vec<_> = root.named_children(&mut cursor).collect();
    for (k, node) in nodes.iter().enumerate() {
        if k >= MAX_INSTRUCTIONS {
            cx.out.unread.push(Unread {
                span: Span::new(node.start_byte(), node.start_byte()),
                message: format!("more than {MAX_INSTRUCTIONS} instructions: the rest were not analysed"),
                kind: UnreadKind::TooDeep,
                origin: Some(Lang::Dockerfile.as_str().into()),
            });
            break;
        }
        if node.kind() == "comment" {
            continue;
        }
        if node.is_error() || node.has_error() {
            cx.syntax_error(*node, k.checked_sub(1).map(|p| nodes[p]));
            continue;
        }
        cx.instruction(*node, "", 0);
    }
    cx.out
}

/// What the stage being read has set.
#[derive(Default)]
struct Stage {
    /// `AS name`, else the stage's number from 1.
    name: String,
    /// Later shell forms are not POSIX shell code (`SHELL ["pwsh", …]`).
    foreign_shell: bool,
    /// `ENV` and `ARG` values: (name, value, offset of the pair, set by `ARG`: at build time
    /// only).
    vars: Vec<(String, String, usize, bool)>,
}

struct Cx<'a> {
    src: &'a str,
    out: Extracted,
    stage: Stage,
    stages: usize,
}

impl Cx<'_> {
    fn text(&self, n: tree_sitter::Node) -> &str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    fn note(&mut self, text: String, span: Span) {
        if !text.trim().is_empty() {
            self.out.notes.push(Note {
                text,
                span,
                scope: None,
            });
        }
    }

    /// One instruction; `prefix` is `ONBUILD ` inside an `ONBUILD`.
    fn instruction(&mut self, node: tree_sitter::Node, prefix: &str, depth: usize) {
        match node.kind() {
            "from_instruction" => {
                self.stages += 1;
                let alias = node.child_by_field_name("as").map(|a| (self.text(a).to_owned(), a));
                self.stage = Stage {
                    name: alias
                        .as_ref()
                        .map_or_else(|| self.stages.to_string(), |(a, _)| a.clone()),
                    ..Stage::default()
                };
                if let Some((a, n)) = alias {
                    self.note(format!("stage: {a}"), Span::new(n.start_byte(), n.end_byte()));
                }
            }
            "env_instruction" | "arg_instruction" => {
                let mut c = node.walk();
                for pair in node.named_children(&mut c) {
                    let name = pair.child_by_field_name("name").map(|n| self.text(n).to_owned());
                    let value = pair
                        .child_by_field_name("value")
                        .or_else(|| pair.child_by_field_name("default"));
                    let (Some(name), Some(value)) = (name, value) else {
                        continue;
                    };
                    let v = unquote(self.text(value));
                    let at = pair.start_byte();
                    self.note(format!("{name}={v}"), Span::new(at, pair.end_byte()));
                    // a later ENV or ARG of the same name wins
                    let build_only = node.kind() == "arg_instruction";
                    self.stage.vars.retain(|(n, _, _, _)| *n != name);
                    self.stage.vars.push((name, v, at, build_only));
                }
            }
            "label_instruction" => {
                let mut c = node.walk();
                for pair in node.named_children(&mut c) {
                    let key = pair.child_by_field_name("key").map(|n| unquote(self.text(n)));
                    let value = pair.child_by_field_name("value").map(|n| unquote(self.text(n)));
                    if let (Some(k), Some(v)) = (key, value) {
                        self.note(format!("{k}={v}"), Span::new(pair.start_byte(), pair.end_byte()));
                    }
                }
            }
            "shell_instruction" => {
                if let Some(words) = child(node, "json_string_array").map(|a| self.words(a)) {
                    let shell = words.first().map_or("", |w| w.0.as_str());
                    self.stage.foreign_shell = !is_shell_program(shell);
                }
            }
            "run_instruction" => {
                let kept = self.mounts(node);
                let origin = format!("dockerfile:{prefix}RUN@{}", self.stage.name);
                self.command(node, &origin, Some(ScratchFs { kept }));
            }
            "cmd_instruction" | "entrypoint_instruction" => {
                let what = if node.kind() == "cmd_instruction" {
                    "CMD"
                } else {
                    "ENTRYPOINT"
                };
                let origin = format!("dockerfile:{prefix}{what}@{}", self.stage.name);
                self.command(node, &origin, None);
            }
            "healthcheck_instruction" => {
                if let Some(cmd) = child(node, "cmd_instruction") {
                    let origin = format!("dockerfile:{prefix}HEALTHCHECK@{}", self.stage.name);
                    self.command(cmd, &origin, None);
                }
            }
            "onbuild_instruction" if depth == 0 => {
                // runs in the build of an image made FROM this one
                let mut c = node.walk();
                let inner: Vec<_> = node.named_children(&mut c).collect();
                for i in inner {
                    self.instruction(i, "ONBUILD ", depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The targets of a `RUN`'s mounts whose writes outlive the build: cache mounts and
    /// writable bind mounts.
    fn mounts(&self, node: tree_sitter::Node) -> Vec<String> {
        let mut kept = Vec::new();
        let mut c = node.walk();
        for m in node.named_children(&mut c).filter(|m| m.kind() == "mount_param") {
            let text = self.text(m);
            let body = text.split_once('=').map_or("", |(_, b)| b);
            let mut kind = "bind";
            let mut target = None;
            let mut writable = false;
            for part in body.split(',') {
                let (k, v) = part.split_once('=').unwrap_or((part, ""));
                match k.trim() {
                    "type" => kind = v.trim(),
                    "target" | "dst" | "destination" => target = Some(v.trim().to_owned()),
                    "rw" | "readwrite" => writable = v.trim() != "false",
                    _ => {}
                }
            }
            if let Some(t) = target
                && (kind == "cache" || (kind == "bind" && writable))
            {
                kept.push(t);
            }
        }
        kept
    }

    /// The code of a `RUN`, `CMD` or `ENTRYPOINT`: its shell form (with its heredocs) or its exec
    /// form.
    fn command(&mut self, node: tree_sitter::Node, origin: &str, scratch: Option<ScratchFs>) {
        let mut c = node.walk();
        let kids: Vec<_> = node.named_children(&mut c).collect();
        if let Some(array) = kids.iter().find(|k| k.kind() == "json_string_array") {
            let words = self.words(*array);
            if words.is_empty() {
                return;
            }
            let mut b = TextBuilder::new();
            for (k, (value, at, span)) in words.iter().enumerate() {
                if k > 0 {
                    b.push(" ", span.start(), false);
                }
                b.push_single_quoted(value, span.start(), span.end().saturating_sub(1), |i| at[i]);
            }
            let (text, map) = b.finish();
            let mut s = Snippet::new(SnippetLang::Shell, text, map, origin.to_owned());
            s.scratch_fs = scratch;
            self.out.snippets.push(s);
            return;
        }
        let Some(cmd) = kids.iter().find(|k| k.kind() == "shell_command") else {
            return;
        };
        if self.stage.foreign_shell {
            return; // PowerShell or cmd code: not read
        }
        let heredocs: Vec<_> = kids.iter().filter(|k| k.kind() == "heredoc_block").collect();
        let mut sc = cmd.walk();
        let inner: Vec<_> = cmd.children(&mut sc).collect();
        if heredocs.is_empty()
            && let Some(marker) = inner.iter().find(|n| n.kind() == "heredoc_marker")
        {
            // `RUN <<EOF` with no `EOF` line: Docker reads the rest of the file as its body
            let m = self.text(*marker).to_owned();
            self.out.unread.push(malformed(
                Span::new(marker.start_byte(), marker.end_byte()),
                format!("unterminated heredoc `{m}`: the instruction and the rest of the file were not analysed"),
            ));
            return;
        }
        // the command with its heredoc markers taken out: nothing left means each heredoc's body
        // is a script of its own
        let mut rest = self.text(*cmd).to_owned();
        for m in inner.iter().filter(|n| n.kind() == "heredoc_marker") {
            rest = rest.replacen(self.text(*m), "", 1);
        }
        if !heredocs.is_empty() && rest.trim().is_empty() {
            for h in heredocs {
                let Some(body) = child(*h, "heredoc_content") else {
                    continue;
                };
                let text = self.text(body);
                if let Some(line) = text.strip_prefix("#!") {
                    let line = line.lines().next().unwrap_or("");
                    if Lang::from_shebang(format!("#!{line}").as_bytes()) != Some(Lang::Shell) {
                        continue; // a Python script …
                    }
                }
                let mut b = self.prelude(scratch.is_some());
                b.push(text, body.start_byte(), true);
                self.push(b, origin, scratch.clone());
            }
            return;
        }
        // the shell form: the text from the command to its last heredoc's end as the shell reads
        // it, without the comment lines Docker removes from a continued instruction
        let end = heredocs.last().map_or(cmd.end_byte(), |h| h.end_byte());
        let mut b = self.prelude(scratch.is_some());
        let mut at = cmd.start_byte();
        for com in inner.iter().filter(|n| n.kind() == "comment") {
            b.push(self.src.get(at..com.start_byte()).unwrap_or(""), at, true);
            at = com.end_byte();
        }
        b.push(self.src.get(at..end).unwrap_or(""), at, true);
        self.push(b, origin, scratch);
    }

    /// The stage's `ENV` and `ARG` values, as assignments before a shell form (`build`: of a
    /// `RUN`, which sees `ARG`s too).
    fn prelude(&self, build: bool) -> TextBuilder {
        let mut b = TextBuilder::new();
        for (name, value, at, build_only) in &self.stage.vars {
            if *build_only && !build {
                continue; // an `ARG` is gone when the container runs
            }
            if !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') || name.is_empty() {
                continue;
            }
            b.push(name, *at, false);
            b.push("=", *at, false);
            b.push_single_quoted(value, *at, *at, |_| *at);
            b.push("\n", *at, false);
        }
        b
    }

    fn push(&mut self, b: TextBuilder, origin: &str, scratch: Option<ScratchFs>) {
        let (text, map) = b.finish();
        let mut s = Snippet::new(SnippetLang::Shell, text, map, origin.to_owned());
        s.scratch_fs = scratch;
        self.out.snippets.push(s);
    }

    /// The strings of a JSON array, decoded, with the file offset of each byte and the string's
    /// span (quotes included).
    fn words(&self, array: tree_sitter::Node) -> Vec<(String, Vec<usize>, Span)> {
        let mut c = array.walk();
        array
            .named_children(&mut c)
            .filter(|n| n.kind() == "json_string")
            .map(|n| {
                let (value, at) = json_string(self.src, n.start_byte(), n.end_byte());
                (value, at, Span::new(n.start_byte(), n.end_byte()))
            })
            .collect()
    }

    /// A syntax error in `node` (an instruction or an `ERROR` node): a `syntax` finding at the
    /// first error in it; the instruction is not read, the others are.
    fn syntax_error(&mut self, node: tree_sitter::Node, before: Option<tree_sitter::Node>) {
        if self.out.unread.len() >= MAX_ERRORS {
            return; // a file of something else would give one per line
        }
        let at = first_error(node).unwrap_or(node.start_byte());
        // `RUN <<EOF` with no `EOF` line: the grammar leaves the body as an error, reported
        // with the instruction
        if let Some(prev) = before
            && node.is_error()
            && last_heredoc_marker(prev).is_some()
            && !prev.children(&mut prev.walk()).any(|k| k.kind() == "heredoc_block")
        {
            return;
        }
        let line = self.src[..at.min(self.src.len())].matches('\n').count() + 1;
        let what = if node.is_error() {
            "this part".to_owned()
        } else {
            format!("this `{}` instruction", instruction_name(node))
        };
        self.out.unread.push(malformed(
            Span::new(at, at),
            format!("Dockerfile syntax error at line {line}: {what} was not analysed"),
        ));
    }
}

fn malformed(span: Span, message: String) -> Unread {
    Unread {
        span,
        message,
        kind: UnreadKind::Malformed,
        origin: Some(Lang::Dockerfile.as_str().into()),
    }
}

fn instruction_name(node: tree_sitter::Node) -> String {
    node.kind().trim_end_matches("_instruction").to_ascii_uppercase()
}

fn child<'t>(node: tree_sitter::Node<'t>, kind: &str) -> Option<tree_sitter::Node<'t>> {
    let mut c = node.walk();
    node.named_children(&mut c).find(|k| k.kind() == kind)
}

/// The heredoc marker a `RUN`'s shell form ends with, if any.
fn last_heredoc_marker(node: tree_sitter::Node) -> Option<tree_sitter::Node> {
    let cmd = child(node, "shell_command")?;
    let mut c = cmd.walk();
    cmd.named_children(&mut c)
        .filter(|k| k.kind() == "heredoc_marker")
        .last()
}

/// The offset of the first `ERROR` or missing node in `node`, in a bounded walk.
fn first_error(node: tree_sitter::Node) -> Option<usize> {
    let mut stack = vec![node];
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > MAX_ERROR_WALK {
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

/// A JSON string's value (`start..end` spans its quotes) with, for each byte of the value, the
/// file offset it comes from (an escape: its `\`).
fn json_string(src: &str, start: usize, end: usize) -> (String, Vec<usize>) {
    let inner_start = (start + 1).min(end);
    let inner = src
        .get(inner_start..end.saturating_sub(1).max(inner_start))
        .unwrap_or("");
    let mut value = String::new();
    let mut at = Vec::new();
    let mut it = inner.char_indices().peekable();
    while let Some((i, ch)) = it.next() {
        let pos = inner_start + i;
        let decoded = if ch == '\\' {
            match it.next() {
                Some((_, 'n')) => '\n',
                Some((_, 't')) => '\t',
                Some((_, 'r')) => '\r',
                Some((_, 'b')) => '\u{8}',
                Some((_, 'f')) => '\u{c}',
                Some((_, 'u')) => {
                    let hex: String = (0..4).filter_map(|_| it.next().map(|(_, c)| c)).collect();
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}')
                }
                Some((_, other)) => other,
                None => '\\',
            }
        } else {
            ch
        };
        let n = decoded.len_utf8();
        value.push(decoded);
        at.extend(std::iter::repeat_n(pos, n));
    }
    at.push(end.saturating_sub(1).max(start));
    (value, at)
}

/// A value as Docker reads it: quotes removed (`"a b"`, `'a'`).
fn unquote(s: &str) -> String {
    let t = s.trim();
    if t.len() >= 2 && ((t.starts_with('"') && t.ends_with('"')) || (t.starts_with('\'') && t.ends_with('\''))) {
        let inner = &t[1..t.len() - 1];
        return if t.starts_with('"') {
            inner.replace("\\\"", "\"")
        } else {
            inner.to_owned()
        };
    }
    t.to_owned()
}

/// A Jinja-style template of a Dockerfile (`Dockerfile.j2`: `{% if … %}` lines, `FROM {{ image }}`)
/// as a Dockerfile, byte for byte: tag lines become comments, `{{ x }}` a variable `${_x__}`
/// known only when the template is rendered. `None`: not a template.
fn without_template_tags(text: &str) -> Option<String> {
    let template = text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("{%") || t.starts_with("{#") || t.to_ascii_uppercase().starts_with("FROM {{")
    });
    if !template {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("{%") || t.starts_with("{#") {
            let lead = line.len() - t.len();
            out.push_str(&line[..lead]);
            out.push('#');
            out.push_str(&t[1..]);
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find("{{") {
            let Some(len) = rest[open + 2..].find("}}") else { break };
            out.push_str(&rest[..open]);
            out.push_str("${");
            for c in rest[open + 2..open + 2 + len].chars() {
                let keep = c.is_ascii_alphanumeric() || c == '_';
                for _ in 0..c.len_utf8() {
                    out.push(if keep { c } else { '_' });
                }
            }
            out.push_str("_}");
            rest = &rest[open + 2 + len + 2..];
        }
        out.push_str(rest);
    }
    Some(out)
}

/// The text with a `# escape=`` ` parser directive's continuations (`` ` `` at a line's end)
/// turned into `\` ones for the grammar, byte for byte (offsets do not move).
fn with_escape_directive(text: &str) -> std::borrow::Cow<'_, str> {
    let mut backtick = false;
    for line in text.lines() {
        let t = line.trim();
        let Some(d) = t.strip_prefix('#') else { break };
        let Some((key, value)) = d.split_once('=') else { break };
        if !key.trim().eq_ignore_ascii_case("escape") {
            if key.trim().contains(' ') {
                break;
            }
            continue;
        }
        backtick = value.trim() == "`";
        break;
    }
    if !backtick {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let body = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = body.trim_end_matches([' ', '\t']);
        if let Some(head) = trimmed.strip_suffix('`') {
            out.push_str(head);
            out.push('\\');
            out.push_str(&line[trimmed.len()..]);
        } else if let Some(head) = trimmed.strip_suffix('\\') {
            // a literal `\` (a Windows path) is no continuation here
            out.push_str(head);
            out.push('/');
            out.push_str(&line[trimmed.len()..]);
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{at, origins_and_texts};

    #[test]
    fn grammar_loads() {
        // an incompatible tree-sitter ABI would fail here, not at build time
        let mut p = tree_sitter::Parser::new();
        p.set_language(&language()).expect("tree-sitter-containerfile loads");
        let t = p.parse("FROM alpine\nRUN echo hi\n", None).unwrap();
        assert!(!t.root_node().has_error());
    }

    #[test]
    fn instructions_become_snippets() {
        let src = "FROM node:20 AS build\nENV DB=prod\nRUN apt-get update \\\n    # gone\n    && rm -rf /x\nRUN [\"sh\", \"-c\", \"echo \\\"hi\\\" && rm -rf /y\"]\nRUN <<EOF\nrm -rf /z\nEOF\nRUN python3 <<PY\nprint(1)\nPY\nCMD rm -rf /data\nSHELL [\"pwsh\", \"-Command\"]\nRUN Remove-Item x\nFROM alpine\nRUN --mount=type=cache,target=/c echo ok\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                (
                    "dockerfile:RUN@build",
                    "DB='prod'\napt-get update \\\n        && rm -rf /x"
                ),
                ("dockerfile:RUN@build", "'sh' '-c' 'echo \"hi\" && rm -rf /y'"),
                ("dockerfile:RUN@build", "DB='prod'\nrm -rf /z\n"),
                ("dockerfile:RUN@build", "DB='prod'\npython3 <<PY\nprint(1)\nPY"),
                ("dockerfile:CMD@build", "DB='prod'\nrm -rf /data"),
                ("dockerfile:RUN@2", "echo ok"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[0], "rm -rf /x"), "rm -rf /x");
        assert_eq!(at(src, &ex.snippets[1], "rm -rf /y"), "rm -rf /y");
        assert_eq!(at(src, &ex.snippets[2], "rm -rf /z"), "rm -rf /z");
        assert!(ex.snippets[0].scratch_fs.is_some());
        assert!(ex.snippets[4].scratch_fs.is_none(), "CMD runs in the real container");
        assert_eq!(ex.snippets[5].scratch_fs.as_ref().unwrap().kept, ["/c"]);
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["stage: build", "DB=prod"]);
    }

    #[test]
    fn templates_are_read_as_dockerfiles() {
        let src = "{% if x %}\nFROM {{ image }}\n{% endif %}\nRUN rm -rf {{ dir }}/x && kubectl delete ns {{ é }}\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        assert_eq!(ex.snippets[0].text, "rm -rf ${_dir__}/x && kubectl delete ns ${_____}");
        assert_eq!(at(src, &ex.snippets[0], "kubectl"), "kubectl");
    }

    #[test]
    fn args_are_gone_at_run_time() {
        let ex = extract("FROM a\nARG DIR=/srv\nENV MODE=prod\nRUN rm -rf $DIR\nCMD rm -rf $DIR\n");
        let texts: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            ["DIR='/srv'\nMODE='prod'\nrm -rf $DIR", "MODE='prod'\nrm -rf $DIR"]
        );
    }

    #[test]
    fn escape_directive_and_non_shell_heredocs() {
        let src =
            "# escape=`\nFROM x\nRUN echo a `\n    && rm -rf /q\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        assert_eq!(ex.snippets.len(), 1);
        assert_eq!(at(src, &ex.snippets[0], "rm -rf /q"), "rm -rf /q");
    }

    #[test]
    fn bad_input_is_reported() {
        let ex = extract("FROM a\nRUN <<EOF\necho never closed\n");
        assert_eq!(ex.unread.len(), 1);
        assert!(ex.unread[0].message.contains("unterminated heredoc"));
        assert!(ex.snippets.is_empty());
        let ex = extract("FROM a\nFROM\nCMD rm -rf /x\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert_eq!(ex.snippets.len(), 1, "the rest is still read");
        for src in [
            "",
            "\u{feff}",
            "RUN [\"\\u12\"]",
            "RUN [\"a\\",
            "ONBUILD ONBUILD RUN x",
            "\0\0RUN",
            "RUN \\\n",
        ] {
            let ex = extract(src);
            for u in &ex.unread {
                assert!(u.span.end() <= src.len());
            }
        }
    }
}
