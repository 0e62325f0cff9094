//! YAML with positions, for the formats that keep commands in YAML (CI workflows, compose
//! files, manifests, playbooks): a tree of nodes with byte spans, and the [`Commands`] that turn
//! its scalars into shell snippets mapped back to the file.
//!
//! The YAML is read by `saphyr-parser`: a maintained, pure-Rust YAML 1.2 parser (the event
//! parser under `saphyr`, the successor of `yaml-rust`/`yaml-rust2`) whose events carry a span
//! of start and end markers for every scalar and collection, the scalar's style (plain, quoted,
//! `|`, `>`), anchors, aliases and tags, and errors with a position. `serde_yaml` keeps no
//! positions and is no longer maintained; `marked-yaml` has line/column markers only and
//! rejects what it does not model. The tree is built here from the events, so that aliases share
//! the anchored node (with the anchor's own spans), `<<` merge keys are resolved where keys are
//! looked up ([`get`]), and nesting is bounded.
//!
//! A scalar's decoded value (folding, escapes and indentation already applied by the parser) is
//! aligned with its source text character by character to build the offset map, so a command in
//! a `|` or `>` block points at its own line and column.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind};
use crate::source::Span;

/// Collections nested deeper than this are not kept (a command could hide there: reported).
const MAX_DEPTH: usize = 64;
/// `<<` merges (and references of the formats that have them) followed one inside another.
pub(crate) const MAX_RESOLVE: usize = 8;
/// Command strings taken from one file.
const MAX_COMMANDS: usize = 10_000;

/// A YAML node with its span in bytes of the file.
#[derive(Debug)]
pub(crate) enum Node {
    Scalar {
        value: String,
        style: ScalarStyle,
        span: Span,
        tag: Option<String>,
    },
    Seq {
        items: Vec<Rc<Node>>,
        span: Span,
        tag: Option<String>,
    },
    Map {
        entries: Vec<(Rc<Node>, Rc<Node>)>,
        span: Span,
    },
    /// An alias to an unknown anchor, or what was cut off by the depth bound.
    Missing(Span),
}

impl Node {
    pub(crate) fn span(&self) -> Span {
        match self {
            Node::Scalar { span, .. } | Node::Seq { span, .. } | Node::Map { span, .. } | Node::Missing(span) => *span,
        }
    }

    pub(crate) fn str(&self) -> Option<&str> {
        match self {
            Node::Scalar { value, tag: None, .. } => Some(value),
            _ => None,
        }
    }

    pub(crate) fn tag(&self) -> Option<&str> {
        match self {
            Node::Scalar { tag, .. } | Node::Seq { tag, .. } => tag.as_deref(),
            _ => None,
        }
    }
}

/// Byte offsets of the parser's character indices.
struct Chars {
    /// `None`: the text is ASCII and indices are offsets.
    starts: Option<Vec<usize>>,
    len: usize,
}

impl Chars {
    fn new(text: &str) -> Self {
        let starts = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Chars {
            starts,
            len: text.len(),
        }
    }

    fn byte(&self, index: usize) -> usize {
        match &self.starts {
            None => index.min(self.len),
            Some(s) => s.get(index).copied().unwrap_or(self.len),
        }
    }

    fn span(&self, s: saphyr_parser::Span) -> Span {
        let start = self.byte(s.start.index());
        Span::new(start, self.byte(s.end.index()).max(start))
    }
}

enum Frame {
    Seq {
        items: Vec<Rc<Node>>,
        start: usize,
        anchor: usize,
        tag: Option<String>,
    },
    Map {
        entries: Vec<(Rc<Node>, Rc<Node>)>,
        key: Option<Rc<Node>>,
        start: usize,
        anchor: usize,
    },
}

/// The documents of a YAML stream, and what could not be read of it (reported as met in
/// `origin`: the language's name).
pub(crate) fn parse(text: &str, origin: &str, unread: &mut Vec<Unread>) -> Vec<Rc<Node>> {
    let before = unread.len();
    let docs = parse_text(text, origin, unread);
    let indentation = unread[before..]
        .iter()
        .any(|u| u.message.contains("invalid indentation"));
    if !indentation {
        return docs;
    }
    match with_flow_closers_moved(text) {
        Some(fixed) => {
            unread.truncate(before);
            parse_text(&fixed, origin, unread)
        }
        None => docs,
    }
}

/// Fixes at most this many dedented flow closers in one file.
const MAX_CLOSERS: usize = 64;

/// `key: [\n  a,\n]` with the `]` at the key's indentation or less: valid for YAML readers CI
/// systems use (and per YAML 1.2's flow rules), rejected by saphyr-parser's indentation check
/// (saphyr-rs/saphyr#108). Each such closer the parser stops at is moved to the end of the line
/// before it, taking that line's newline's place (`a,\n  ]` → `a,]  ` plus the newline that
/// followed the `]`): the text keeps its length and every other character its offset. Only where
/// the parser stops at a line holding nothing but the closer, after a line without a comment;
/// `None` when nothing was moved.
fn with_flow_closers_moved(text: &str) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let mut moved = 0;
    while moved < MAX_CLOSERS {
        let t = std::str::from_utf8(&bytes).ok()?;
        let chars = Chars::new(t);
        let mut parser = Parser::new_from_str(t);
        let at = loop {
            match parser.next_event() {
                None => return (moved > 0).then(|| String::from_utf8(bytes).ok()).flatten(),
                Some(Ok(_)) => {}
                Some(Err(e)) if e.info().contains("invalid indentation") => break chars.byte(e.marker().index()),
                Some(Err(_)) => return (moved > 0).then(|| String::from_utf8(bytes).ok()).flatten(),
            }
        };
        if !matches!(bytes.get(at), Some(b']' | b'}')) {
            break;
        }
        let line_start = t[..at].rfind('\n')?;
        if !t[line_start + 1..at].bytes().all(|b| b == b' ') {
            break;
        }
        let prev_start = t[..line_start].rfind('\n').map_or(0, |i| i + 1);
        let prev = &t[prev_start..line_start];
        if prev.contains('#') || prev.trim().is_empty() {
            break;
        }
        // `\r\n`: the `\r` takes the closer, the `\n` still ends the line
        let nl = if line_start > 0 && bytes[line_start - 1] == b'\r' {
            line_start - 1
        } else {
            line_start
        };
        bytes[nl] = bytes[at];
        bytes[at] = b' ';
        moved += 1;
    }
    (moved > 0).then(|| String::from_utf8(bytes).ok()).flatten()
}

fn parse_text(text: &str, origin: &str, unread: &mut Vec<Unread>) -> Vec<Rc<Node>> {
    let chars = Chars::new(text);
    let mut docs = Vec::new();
    let mut anchors: HashMap<usize, Rc<Node>> = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    // collections entered past MAX_DEPTH, not kept
    let mut skipped = 0usize;
    let mut skipped_at = 0usize;
    let mut root: Option<Rc<Node>> = None;
    let mut end = 0usize;
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                // an error at the end of the file (an unclosed `[`) is shown on its last line
                let at = chars.byte(e.marker().index()).min(text.trim_end().len());
                unread.push(Unread {
                    span: Span::new(at, at),
                    message: format!(
                        "YAML syntax error at line {} column {}: {}; the rest of the file was not read",
                        e.marker().line(),
                        e.marker().col() + 1,
                        e.info()
                    ),
                    kind: UnreadKind::Malformed,
                    origin: Some(origin.into()),
                });
                end = at;
                break;
            }
        };
        let span = chars.span(span);
        end = end.max(span.end());
        if skipped > 0 {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => skipped += 1,
                Event::SequenceEnd | Event::MappingEnd => skipped -= 1,
                _ => {}
            }
            if skipped == 0 {
                add(
                    &mut stack,
                    &mut root,
                    Rc::new(Node::Missing(Span::new(skipped_at, span.end()))),
                );
            }
            continue;
        }
        let node = match event {
            Event::DocumentStart(_) => {
                anchors.clear();
                continue;
            }
            Event::DocumentEnd => {
                docs.extend(root.take());
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let n = Rc::new(Node::Scalar {
                    value: value.into_owned(),
                    style,
                    span,
                    tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                });
                if anchor > 0 {
                    anchors.insert(anchor, n.clone());
                }
                n
            }
            Event::Alias(id) => anchors
                .get(&id)
                .cloned()
                .unwrap_or_else(|| Rc::new(Node::Missing(span))),
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) if stack.len() >= MAX_DEPTH => {
                let _ = (anchor, tag);
                skipped = 1;
                skipped_at = span.start();
                if !unread.iter().any(|u| u.kind == UnreadKind::TooDeep) {
                    unread.push(Unread {
                        span: Span::new(span.start(), span.start()),
                        message: "YAML nested this deep was not looked into for commands".into(),
                        kind: UnreadKind::TooDeep,
                        origin: Some(origin.into()),
                    });
                }
                continue;
            }
            Event::SequenceStart(anchor, tag) => {
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: span.start(),
                    anchor,
                    tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                });
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    start: span.start(),
                    anchor,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match close(stack.pop(), span.end(), &mut anchors) {
                Some(n) => n,
                None => continue,
            },
            Event::StreamStart | Event::StreamEnd | Event::Nothing => continue,
        };
        add(&mut stack, &mut root, node);
    }
    // a syntax error: what was read up to it is analysed
    while let Some(f) = stack.pop() {
        if let Some(n) = close(Some(f), end, &mut anchors) {
            add(&mut stack, &mut root, n);
        }
    }
    docs.extend(root);
    docs
}

fn close(frame: Option<Frame>, end: usize, anchors: &mut HashMap<usize, Rc<Node>>) -> Option<Rc<Node>> {
    let (node, anchor) = match frame? {
        Frame::Seq {
            items,
            start,
            anchor,
            tag,
        } => (
            Node::Seq {
                items,
                span: Span::new(start, end.max(start)),
                tag,
            },
            anchor,
        ),
        Frame::Map {
            entries, start, anchor, ..
        } => (
            Node::Map {
                entries,
                span: Span::new(start, end.max(start)),
            },
            anchor,
        ),
    };
    let n = Rc::new(node);
    if anchor > 0 {
        anchors.insert(anchor, n.clone());
    }
    Some(n)
}

fn add(stack: &mut [Frame], root: &mut Option<Rc<Node>>, node: Rc<Node>) {
    match stack.last_mut() {
        None => *root = Some(node),
        Some(Frame::Seq { items, .. }) => items.push(node),
        Some(Frame::Map { entries, key, .. }) => match key.take() {
            None => *key = Some(node),
            Some(k) => entries.push((k, node)),
        },
    }
}

/// The value of `key` in a mapping, own keys first, then those merged in with `<<`.
pub(crate) fn get(node: &Node, key: &str) -> Option<Rc<Node>> {
    // mappings looked at: merges of merges of aliases must not multiply without end
    let mut budget = 64;
    get_in(node, key, 0, &mut budget)
}

fn get_in(node: &Node, key: &str, depth: usize, budget: &mut usize) -> Option<Rc<Node>> {
    let Node::Map { entries, .. } = node else {
        return None;
    };
    *budget = budget.checked_sub(1)?;
    if let Some((_, v)) = entries.iter().find(|(k, _)| k.str() == Some(key)) {
        return Some(v.clone());
    }
    if depth >= MAX_RESOLVE {
        return None;
    }
    let (_, merged) = entries.iter().find(|(k, _)| k.str() == Some("<<"))?;
    match &**merged {
        Node::Seq { items, .. } => items.iter().find_map(|m| get_in(m, key, depth + 1, budget)),
        m => get_in(m, key, depth + 1, budget),
    }
}

pub(crate) fn get_str(node: &Node, key: &str) -> Option<(String, Span)> {
    let v = get(node, key)?;
    v.str().map(|s| (s.to_owned(), v.span()))
}

#[derive(Clone)]
/// A variable a CI tool sets for a command: its name (a shell name), where the name stands,
/// the value, and whether the tool expands `$NAME` references in it (GitLab does; GitHub's
/// `env:` does not).
pub(crate) struct EnvVar {
    pub name: String,
    pub at: Span,
    pub value: Rc<Node>,
    pub refs: bool,
}

/// A tool's syntax for values it fills in before the shell runs: `${{ … }}` of GitHub Actions
/// (`prefix` `GHA_`), `$[[ … ]]` of GitLab CI.
pub(crate) struct Expr {
    pub open: &'static str,
    pub close: &'static str,
    pub prefix: &'static str,
}

/// What one file's extraction collects: the snippets, notes and unread parts, each command taken
/// once (an alias used twice is read once) and at most [`MAX_COMMANDS`] of them.
pub(crate) struct Commands<'a> {
    pub text: &'a str,
    pub out: Extracted,
    /// Commands already taken (by their place in the file).
    seen: BTreeSet<(usize, usize)>,
    count: usize,
}

impl<'a> Commands<'a> {
    pub(crate) fn new(text: &'a str, out: Extracted) -> Self {
        Commands {
            text,
            out,
            seen: BTreeSet::new(),
            count: 0,
        }
    }

    /// A note of prose (a job's name, an environment), unless blank.
    pub(crate) fn note(&mut self, text: &str, span: Span) {
        self.note_in(text, span, None);
    }

    /// A note that speaks for the code of one origin only (`scope`: a job's, `gitlab-ci:deploy`),
    /// unless blank.
    pub(crate) fn note_in(&mut self, text: &str, span: Span, scope: Option<&str>) {
        if !text.trim().is_empty() {
            self.out.notes.push(Note {
                text: text.to_owned(),
                span,
                scope: scope.map(str::to_owned),
            });
        }
    }

    /// Whether the command at `span` is new and within the bound (past it, reported once).
    pub(crate) fn take(&mut self, span: Span, origin: &str) -> bool {
        if !self.seen.insert((span.start(), span.end())) {
            return false;
        }
        self.count += 1;
        if self.count == MAX_COMMANDS + 1 {
            self.out.unread.push(Unread {
                span: Span::new(span.start(), span.start()),
                message: format!("more than {MAX_COMMANDS} commands: the rest were not analysed"),
                kind: UnreadKind::TooDeep,
                origin: Some(origin.to_owned()),
            });
        }
        self.count <= MAX_COMMANDS
    }

    /// A command string: one shell snippet, mapped back to the scalar's characters. `expr`: the
    /// syntax the tool replaces before the shell runs (`${{ … }}` of GitHub Actions), read as a
    /// quoted run-time value named after what it reads (see [`placeholder`]).
    pub(crate) fn shell(&mut self, node: &Node, origin: &str, expr: Option<&Expr>) {
        self.shell_env(node, origin, expr, &[]);
    }

    /// A command string run with the variables `env` sets (a job's `env:`, `variables:`): each
    /// becomes an assignment `NAME='value'` on a line of its own before the command, mapped to
    /// the value, so that the shell analysis knows what `$NAME` holds. Expressions in a value
    /// are run-time values like those of the command (`"${GHA_secrets_PROD_URL}"`).
    pub(crate) fn shell_env(&mut self, node: &Node, origin: &str, expr: Option<&Expr>, env: &[EnvVar]) {
        let Node::Scalar { value, style, span, .. } = node else {
            return;
        };
        if value.trim().is_empty() || !self.take(*span, origin) {
            return;
        }
        let mut b = TextBuilder::new();
        for v in env {
            b.push(&format!("{}=", v.name), v.at.start(), false);
            self.env_value(&mut b, v, expr);
            b.push("\n", v.value.span().end(), false);
        }
        let at = align(value, *style, self.text, *span);
        let mut i = 0;
        while i < value.len() {
            if let Some(e) = expr
                && value[i..].starts_with(e.open)
                && let Some(len) = value[i + e.open.len()..].find(e.close)
            {
                let inner = &value[i + e.open.len()..i + e.open.len() + len];
                let name = placeholder(e.prefix, inner);
                b.push(&format!("\"${{{name}}}\""), at[i].0, false);
                i += e.open.len() + len + e.close.len();
                continue;
            }
            let ch = value[i..].chars().next().expect("i is a char boundary");
            let (src, exact) = at[i];
            b.push(ch.encode_utf8(&mut [0; 4]), src, exact);
            i += ch.len_utf8();
        }
        let (text, map) = b.finish();
        self.out
            .snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, origin.to_owned()));
    }

    /// The value of an assignment [`Commands::shell_env`] writes: literal runs single-quoted,
    /// expressions (and, where the tool expands them, `$NAME` references) as `"${NAME}"`.
    fn env_value(&self, b: &mut TextBuilder, v: &EnvVar, expr: Option<&Expr>) {
        let Node::Scalar { value, style, span, .. } = &*v.value else {
            b.push("''", v.value.span().start(), false);
            return;
        };
        let at = align(value, *style, self.text, *span);
        let quoted = |b: &mut TextBuilder, from: usize, to: usize| {
            if from < to {
                b.push_single_quoted(&value[from..to], at[from].0, at[to].0, |k| at[from + k].0);
            }
        };
        let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let bytes = value.as_bytes();
        let (mut lit, mut i) = (0, 0);
        while i < value.len() {
            // an expression the tool fills in
            if let Some(e) = expr
                && value[i..].starts_with(e.open)
                && let Some(len) = value[i + e.open.len()..].find(e.close)
            {
                quoted(b, lit, i);
                let name = placeholder(e.prefix, &value[i + e.open.len()..i + e.open.len() + len]);
                b.push(&format!("\"${{{name}}}\""), at[i].0, false);
                i += e.open.len() + len + e.close.len();
                lit = i;
                continue;
            }
            // `$NAME`, `${NAME}`: another variable, where the tool expands them
            if v.refs && bytes[i] == b'$' {
                let braced = bytes.get(i + 1) == Some(&b'{');
                let start = i + 1 + usize::from(braced);
                let mut j = start;
                while j < bytes.len() && ident(bytes[j]) {
                    j += 1;
                }
                let closed = !braced || bytes.get(j) == Some(&b'}');
                if j > start && !bytes[start].is_ascii_digit() && closed {
                    quoted(b, lit, i);
                    b.push(&format!("\"${{{}}}\"", &value[start..j]), at[i].0, false);
                    i = j + usize::from(braced);
                    lit = i;
                    continue;
                }
            }
            i += value[i..].chars().next().map_or(1, char::len_utf8);
        }
        quoted(b, lit, value.len());
        if value.is_empty() {
            b.push("''", span.start(), false);
        }
    }

    // ----- GitHub Actions ----------------------------------------------------------------------
    /// A shell snippet an extractor built itself (compose's words, a Taskfile's templates) from
    /// the command at `span`: taken like [`Commands::shell`]'s, once and within the bound.
    pub(crate) fn built(&mut self, span: Span, origin: &str, b: TextBuilder) {
        if b.text.trim().is_empty() || !self.take(span, origin) {
            return;
        }
        let (text, map) = b.finish();
        self.out
            .snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, origin.to_owned()));
    }

    /// A command given as a list of words (`command: ["sh", "-c", "…"]`): one shell snippet of
    /// the words, each single-quoted so the shell reads it back as that one word, mapped back to
    /// the scalars. Items that are not strings (numbers are strings in YAML) end the command.
    pub(crate) fn argv(&mut self, items: &[Rc<Node>], origin: &str) {
        let Some(first) = items.first() else { return };
        let span = Span::new(
            first.span().start(),
            items.last().map_or(first.span(), |l| l.span()).end(),
        );
        if !self.take(span, origin) {
            return;
        }
        let mut b = TextBuilder::new();
        for (k, item) in items.iter().enumerate() {
            let Node::Scalar {
                value,
                style,
                span,
                tag: None,
            } = &**item
            else {
                break;
            };
            if k > 0 {
                b.push(" ", span.start(), false);
            }
            let at = align(value, *style, self.text, *span);
            b.push_single_quoted(
                value,
                span.start(),
                span.end().saturating_sub(1).max(span.start()),
                |i| at[i].0,
            );
        }
        let (text, map) = b.finish();
        self.out
            .snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, origin.to_owned()));
    }
}

/// The shell variable a `${{ … }}` (or GitLab `$[[ … ]]`) expression stands for: `prefix` and
/// the first context path it reads (`inputs.env` → `GHA_inputs_env`, `secrets.PROD_DB_URL` →
/// `GHA_secrets_PROD_DB_URL`), else `GHA_expr`.
pub(crate) fn placeholder(prefix: &str, expr: &str) -> String {
    const CONTEXTS: &[&str] = &[
        "inputs",
        "vars",
        "secrets",
        "env",
        "matrix",
        "github",
        "steps",
        "needs",
        "jobs",
        "runner",
        "strategy",
        // CircleCI's `<< pipeline.parameters.x >>`, Azure's `${{ variables.x }}`
        "parameters",
        "pipeline",
        "variables",
    ];
    let b = expr.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let mut i = 0;
    while i < b.len() {
        if ident(b[i]) && (i == 0 || !(ident(b[i - 1]) || b[i - 1] == b'.')) {
            let mut j = i;
            while j < b.len() && (ident(b[j]) || b[j] == b'.' || b[j] == b'*') {
                j += 1;
            }
            let path = &expr[i..j];
            let head = path.split('.').next().unwrap_or("");
            if path.contains('.') && CONTEXTS.contains(&head) {
                let name: String = path
                    .trim_end_matches('.')
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                return format!("{prefix}{name}");
            }
            i = j;
        } else {
            i += 1;
        }
    }
    format!("{prefix}expr")
}

/// For each byte of a scalar's decoded `value`, the file offset it comes from and whether it is
/// that very character there: the value's characters are found one by one in the source text,
/// skipping indentation, line breaks and what escapes and quotes add.
pub(crate) fn align(value: &str, style: ScalarStyle, text: &str, span: Span) -> Vec<(usize, bool)> {
    let end = text.len();
    let mut pos = span.start().min(end);
    match style {
        // the content starts on the line after the `|`/`>` header
        ScalarStyle::Literal | ScalarStyle::Folded if matches!(text.as_bytes().get(pos), Some(b'|' | b'>')) => {
            pos = text[pos..].find('\n').map_or(end, |n| pos + n + 1);
        }
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            if matches!(text.as_bytes().get(pos), Some(b'\'' | b'"')) {
                pos += 1;
            }
        }
        _ => {}
    }
    let src = text.as_bytes();
    let mut out = vec![(pos.min(end), false); value.len() + 1];
    let quoted = style == ScalarStyle::DoubleQuoted;
    for (i, ch) in value.char_indices() {
        if quoted {
            // `\` and a line break: nothing in the value
            while src.get(pos) == Some(&b'\\') && matches!(src.get(pos + 1), Some(b'\n' | b'\r')) {
                pos += 2;
                while pos < end && src[pos].is_ascii_whitespace() {
                    pos += 1;
                }
            }
            // an escape: the character stands at its `\`
            if src.get(pos) == Some(&b'\\') {
                let len = match src.get(pos + 1) {
                    Some(b'x') => 4,
                    Some(b'u') => 6,
                    Some(b'U') => 10,
                    _ => 2,
                };
                out[i..i + ch.len_utf8()].fill((pos, false));
                pos = (pos + len).min(end);
                continue;
            }
        }
        let want = ch.encode_utf8(&mut [0; 4]).as_bytes().to_owned();
        let space = ch.is_whitespace();
        let mut q = pos;
        let mut other = 0;
        let mut found = None;
        while q < end && q - pos < 256 {
            if src[q..].starts_with(&want) || (space && src[q].is_ascii_whitespace()) {
                found = Some(q);
                break;
            }
            if !src[q].is_ascii_whitespace() {
                other += 1;
                if other > 4 {
                    break;
                }
            }
            q += 1;
        }
        match found {
            Some(q) => {
                let exact = &src[q..q + want.len()] == want.as_slice();
                out[i..i + want.len()].fill((q, exact));
                pos = q + if exact { want.len() } else { 1 };
            }
            None => out[i..i + want.len()].fill((pos.min(end), false)),
        }
    }
    out[value.len()] = (pos.min(end), false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argv_quotes_each_word_and_maps_it_back() {
        let src = "command: [\"sh\", \"-c\", 'rm -rf /data; echo it''s done']\n";
        let mut unread = Vec::new();
        let docs = parse(src, "test", &mut unread);
        assert!(unread.is_empty(), "{unread:?}");
        let cmd = get(&docs[0], "command");
        let Some(Node::Seq { items, .. }) = cmd.as_deref() else {
            panic!("no list")
        };
        let mut c = Commands::new(src, Extracted::default());
        c.argv(items, "test");
        let s = &c.out.snippets[0];
        assert_eq!(s.text, "'sh' '-c' 'rm -rf /data; echo it'\\''s done'");
        let i = s.text.find("rm -rf").unwrap();
        assert_eq!(&src[s.map.map(i)..s.map.map(i) + 6], "rm -rf");
        // the same list again (an alias) is not read twice
        c.argv(items, "test");
        assert_eq!(c.out.snippets.len(), 1);
    }

    #[test]
    fn dedented_flow_closers_are_read_with_offsets_kept() {
        for text in [
            "jobs:\n  a:\n    matrix:\n      target: [\n        { os: ubuntu },\n        { os: macos }\n      ]\n    run: rm -rf /x\n",
            "jobs:\r\n  a:\r\n    matrix:\r\n      target: [\r\n        a,\r\n      ]\r\n    run: rm -rf /x\r\n",
            "k:\n  image: [\n    'a',\n    'b'\n  ]\n  m: {\n    x: 1\n  }\n  run: rm -rf /x\n",
        ] {
            let mut unread = Vec::new();
            let docs = parse(text, "workflow", &mut unread);
            assert!(unread.is_empty(), "{text:?}: {unread:?}");
            let run = find_scalar(&docs[0], "rm -rf /x").unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(&text[run.start()..run.end()], "rm -rf /x");
        }
        // a `}` line of a block scalar is not touched: the file is otherwise broken
        let text = "a: |\n  f() {\n  }\nb: [\n  1\n]\n";
        let mut unread = Vec::new();
        parse(text, "workflow", &mut unread);
    }

    fn find_scalar(node: &Node, value: &str) -> Option<Span> {
        match node {
            Node::Scalar { value: v, span, .. } if v == value => Some(*span),
            Node::Seq { items, .. } => items.iter().find_map(|n| find_scalar(n, value)),
            Node::Map { entries, .. } => entries.iter().find_map(|(_, n)| find_scalar(n, value)),
            _ => None,
        }
    }
}
