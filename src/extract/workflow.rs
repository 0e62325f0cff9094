//! CI workflows: the shell commands of GitHub Actions jobs (`jobs.<id>.steps[].run`, with the
//! `shell:` that runs them) and of GitLab CI jobs (`script`, `before_script`, `after_script`,
//! the top-level `default:` ones too), one snippet per command string, each mapped back to the
//! bytes of the file; the workflow's and jobs' names and environments are notes.
//!
//! The YAML is read by `saphyr-parser`: a maintained, pure-Rust YAML 1.2 parser (the event
//! parser under `saphyr`, the successor of `yaml-rust`/`yaml-rust2`) whose events carry a span
//! of start and end markers for every scalar and collection, the scalar's style (plain, quoted,
//! `|`, `>`), anchors, aliases and tags, and errors with a position. `serde_yaml` keeps no
//! positions and is no longer maintained; `marked-yaml` has line/column markers only and
//! rejects what it does not model. The tree is built here from the events, so that aliases share
//! the anchored node (with the anchor's own spans), `<<` merge keys and GitLab's `!reference`
//! are resolved where the commands are looked up, and nesting is bounded.
//!
//! A scalar's decoded value (folding, escapes and indentation already applied by the parser) is
//! aligned with its source text character by character to build the offset map, so a command in
//! a `|` or `>` block points at its own line and column. `${{ … }}` expressions of GitHub
//! Actions are replaced by a quoted variable named after what they read (`${{ inputs.env }}` →
//! `"${GHA_inputs_env}"`): the shell analysis sees a value known only at run time.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind};
use crate::lang::Lang;
use crate::source::Span;

/// Collections nested deeper than this are not kept (a step could hide there: reported).
const MAX_DEPTH: usize = 64;
/// `<<` merges and `!reference`s followed one inside another.
const MAX_RESOLVE: usize = 8;
/// Command strings taken from one file.
const MAX_COMMANDS: usize = 10_000;
/// Script nodes visited in one file (lists of aliases of lists can multiply them).
const MAX_VISITS: usize = 20_000;

/// A YAML node with its span in bytes of the file.
#[derive(Debug)]
enum Node {
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
    fn span(&self) -> Span {
        match self {
            Node::Scalar { span, .. } | Node::Seq { span, .. } | Node::Map { span, .. } | Node::Missing(span) => *span,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            Node::Scalar { value, tag: None, .. } => Some(value),
            _ => None,
        }
    }

    fn tag(&self) -> Option<&str> {
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

/// The documents of a YAML stream, and what could not be read of it.
fn parse(text: &str, unread: &mut Vec<Unread>) -> Vec<Rc<Node>> {
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
                    origin: Some(Lang::Workflow.as_str().into()),
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
                        origin: Some(Lang::Workflow.as_str().into()),
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
fn get(node: &Node, key: &str) -> Option<Rc<Node>> {
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

fn get_str(node: &Node, key: &str) -> Option<(String, Span)> {
    let v = get(node, key)?;
    v.str().map(|s| (s.to_owned(), v.span()))
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let docs = parse(text, &mut out.unread);
    let mut cx = Cx {
        text,
        out,
        seen: BTreeSet::new(),
        commands: 0,
        visits: 0,
    };
    for doc in docs {
        match &*doc {
            Node::Map { .. } if get(&doc, "jobs").is_some_and(|j| matches!(*j, Node::Map { .. })) => cx.github(&doc),
            Node::Map { .. } => cx.gitlab(&doc),
            // an empty document
            Node::Scalar { value, .. } if value.is_empty() || value == "~" || value == "null" => {}
            other => cx.out.unread.push(Unread {
                span: other.span(),
                message: "a CI workflow is a YAML mapping (of jobs); this document is not one and was not read".into(),
                kind: UnreadKind::Malformed,
                origin: Some(Lang::Workflow.as_str().into()),
            }),
        }
    }
    cx.out
}

struct Cx<'a> {
    text: &'a str,
    out: Extracted,
    /// Commands already taken (by their place in the file): an alias used twice is read once.
    seen: BTreeSet<(usize, usize)>,
    commands: usize,
    visits: usize,
}

impl Cx<'_> {
    fn note(&mut self, text: &str, span: Span) {
        if !text.trim().is_empty() {
            self.out.notes.push(Note {
                text: text.to_owned(),
                span,
            });
        }
    }

    /// A job's or workflow's `name`, and a job's `environment` (a name or `{name: …}`).
    fn names(&mut self, node: &Node) {
        if let Some((name, span)) = get_str(node, "name") {
            self.note(&name, span);
        }
        if let Some(env) = get(node, "environment") {
            let env = match env.str() {
                Some(_) => Some(env),
                None => get(&env, "name"),
            };
            if let Some(env) = env
                && let Some(name) = env.str()
            {
                self.note(&format!("environment: {name}"), env.span());
            }
        }
    }

    /// A command string: one shell snippet.
    fn command(&mut self, node: &Node, origin: &str, github: bool) {
        let Node::Scalar { value, style, span, .. } = node else {
            return;
        };
        if value.trim().is_empty() || !self.seen.insert((span.start(), span.end())) {
            return;
        }
        self.commands += 1;
        if self.commands > MAX_COMMANDS {
            if self.commands == MAX_COMMANDS + 1 {
                self.out.unread.push(Unread {
                    span: Span::new(span.start(), span.start()),
                    message: format!("more than {MAX_COMMANDS} commands: the rest were not analysed"),
                    kind: UnreadKind::TooDeep,
                    origin: Some(origin.to_owned()),
                });
            }
            return;
        }
        let at = align(value, *style, self.text, *span);
        // what the CI system replaces before the shell runs: `${{ … }}` expressions of GitHub
        // Actions, `$[[ inputs.… ]]` interpolation of GitLab CI
        let (open, close, prefix) = if github {
            ("${{", "}}", "GHA_")
        } else {
            ("$[[", "]]", "GLCI_")
        };
        let mut b = TextBuilder::new();
        let mut i = 0;
        while i < value.len() {
            if value[i..].starts_with(open)
                && let Some(len) = value[i + 3..].find(close)
            {
                let name = placeholder(prefix, &value[i + 3..i + 3 + len]);
                b.push(&format!("\"${{{name}}}\""), at[i].0, false);
                i += 3 + len + 2;
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

    // ----- GitHub Actions ----------------------------------------------------------------------

    fn github(&mut self, doc: &Node) {
        self.names(doc);
        let shell_of = |n: &Node| {
            get(n, "defaults")
                .and_then(|d| get(&d, "run"))
                .and_then(|r| get_str(&r, "shell"))
                .map(|(s, _)| s)
        };
        let top_shell = shell_of(doc);
        let Some(jobs) = get(doc, "jobs") else { return };
        let Node::Map { entries, .. } = &*jobs else { return };
        for (key, job) in entries {
            let Some(id) = key.str() else { continue };
            self.note(id, key.span());
            self.names(job);
            // a Windows runner's default shell is PowerShell
            let windows = get(job, "runs-on").is_some_and(|r| mentions_windows(&r));
            let job_shell = shell_of(job)
                .or_else(|| top_shell.clone())
                .or_else(|| windows.then(|| "pwsh".to_owned()));
            let Some(steps) = get(job, "steps") else { continue };
            let Node::Seq { items, .. } = &*steps else { continue };
            for (k, step) in items.iter().enumerate() {
                let Some(run) = get(step, "run") else { continue };
                let shell = get_str(step, "shell").map(|(s, _)| s).or_else(|| job_shell.clone());
                if !shell.as_deref().is_none_or(is_posix_shell) {
                    continue; // pwsh, python, cmd …: not shell code
                }
                let step_name = get_str(step, "id")
                    .or_else(|| get_str(step, "name"))
                    .map(|(s, _)| s.chars().take(60).collect::<String>())
                    .unwrap_or_else(|| (k + 1).to_string());
                self.command(&run, &format!("github-actions:{id}/{step_name}"), true);
            }
        }
    }

    // ----- GitLab CI ---------------------------------------------------------------------------

    fn gitlab(&mut self, doc: &Node) {
        let Node::Map { entries, .. } = doc else { return };
        const KEYWORDS: &[&str] = &[
            "stages",
            "variables",
            "include",
            "workflow",
            "image",
            "services",
            "cache",
            "spec",
            "before_script",
            "after_script",
        ];
        for (key, job) in entries {
            let Some(name) = key.str() else { continue };
            if KEYWORDS.contains(&name) || name == "<<" || !matches!(**job, Node::Map { .. }) {
                continue;
            }
            if name != "default" {
                self.note(name, key.span());
                self.names(job);
            }
            let origin = format!("gitlab-ci:{name}");
            for field in ["before_script", "script", "after_script"] {
                if let Some(v) = get(job, field) {
                    self.script(doc, &v, &origin, 0);
                }
            }
        }
        // the deprecated global ones
        for field in ["before_script", "after_script"] {
            if let Some(v) = get(doc, field) {
                self.script(doc, &v, "gitlab-ci:default", 0);
            }
        }
    }

    /// A `script`: a string, or a list of strings and of lists (flattened), with `!reference`s.
    fn script(&mut self, doc: &Node, v: &Rc<Node>, origin: &str, depth: usize) {
        self.visits += 1;
        if self.visits > MAX_VISITS {
            if self.visits == MAX_VISITS + 1 {
                self.unresolved(v, origin, "aliases that repeat lists this often");
            }
            return;
        }
        if depth > MAX_RESOLVE {
            if !self.out.unread.iter().any(|u| u.kind == UnreadKind::TooDeep) {
                self.unresolved(v, origin, "lists nested too deep");
            }
            return;
        }
        if v.tag().is_some_and(|t| t.ends_with("reference")) {
            return match reference(doc, v) {
                Ok(target) => self.script(doc, &target, origin, depth + 1),
                Err(why) => self.unresolved(v, origin, why),
            };
        }
        match &**v {
            Node::Scalar { .. } => self.command(v, origin, false),
            Node::Seq { items, .. } => {
                for item in items {
                    self.script(doc, item, origin, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn unresolved(&mut self, v: &Node, origin: &str, why: &str) {
        self.out.unread.push(Unread {
            span: v.span(),
            message: format!("{why}: the commands it stands for were not analysed"),
            kind: UnreadKind::TooDeep,
            origin: Some(origin.to_owned()),
        });
    }
}

/// The node a GitLab `!reference [job, key, …]` names in this file.
fn reference(doc: &Node, v: &Node) -> Result<Rc<Node>, &'static str> {
    let Node::Seq { items, .. } = v else {
        return Err("a `!reference` that is not a list");
    };
    let mut path = items.iter().map(|i| i.str());
    let Some(Some(first)) = path.next() else {
        return Err("an empty `!reference`");
    };
    let mut cur = get(doc, first).ok_or("a `!reference` to a job not in this file (an included one?)")?;
    for p in path {
        let p = p.ok_or("a `!reference` with a part that is not a name")?;
        cur = get(&cur, p).ok_or("a `!reference` to a key the job does not have")?;
    }
    Ok(cur)
}

/// Whether a job's `runs-on` (a label, a list of labels) names a Windows runner.
fn mentions_windows(runs_on: &Node) -> bool {
    match runs_on {
        Node::Scalar { value, .. } => value.to_ascii_lowercase().contains("windows"),
        Node::Seq { items, .. } => items.iter().any(|i| mentions_windows(i)),
        _ => false,
    }
}

/// Whether a step's `shell:` runs its `run:` as POSIX shell code: `bash`, `sh`, a custom
/// `bash -e {0}`, or an expression (unknown: read as shell).
fn is_posix_shell(shell: &str) -> bool {
    let word = shell.split_whitespace().next().unwrap_or("");
    let word = word.rsplit('/').next().unwrap_or(word);
    matches!(word, "bash" | "sh" | "zsh" | "dash" | "ksh" | "ash") || shell.contains("${{")
}

/// The shell variable a `${{ … }}` (or GitLab `$[[ … ]]`) expression stands for: `prefix` and
/// the first context path it reads (`inputs.env` → `GHA_inputs_env`, `secrets.PROD_DB_URL` →
/// `GHA_secrets_PROD_DB_URL`), else `GHA_expr`.
fn placeholder(prefix: &str, expr: &str) -> String {
    const CONTEXTS: &[&str] = &[
        "inputs", "vars", "secrets", "env", "matrix", "github", "steps", "needs", "jobs", "runner", "strategy",
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
fn align(value: &str, style: ScalarStyle, text: &str, span: Span) -> Vec<(usize, bool)> {
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

    fn at<'a>(src: &'a str, s: &Snippet, needle: &str) -> &'a str {
        let i = s.text.find(needle).unwrap();
        let o = s.map.map(i);
        &src[o..o + needle.len()]
    }

    #[test]
    fn github_run_steps_with_offsets() {
        let src = "name: Deploy staging\non: push\njobs:\n  deploy:\n    environment: production\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: clean\n        run: rm -rf /srv/app\n      - id: multi\n        run: |\n          echo hi\n          kubectl delete namespace prod\n      - run: >\n          terraform destroy\n          -auto-approve\n      - shell: pwsh\n        run: Remove-Item -Recurse C:\\\n      - run: \"psql -c \\\"DROP DATABASE x\\\"\"\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let texts: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "rm -rf /srv/app",
                "echo hi\nkubectl delete namespace prod\n",
                "terraform destroy -auto-approve\n",
                "psql -c \"DROP DATABASE x\""
            ]
        );
        assert_eq!(ex.snippets[0].origin, "github-actions:deploy/clean");
        assert_eq!(ex.snippets[1].origin, "github-actions:deploy/multi");
        assert_eq!(ex.snippets[2].origin, "github-actions:deploy/4");
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &ex.snippets[1], "kubectl delete"), "kubectl delete");
        assert_eq!(at(src, &ex.snippets[2], "-auto-approve"), "-auto-approve");
        assert_eq!(at(src, &ex.snippets[3], "DROP DATABASE"), "DROP DATABASE");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["Deploy staging", "deploy", "environment: production"]);
    }

    #[test]
    fn windows_runners_default_to_powershell() {
        let src = "jobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: rm -rf C:/x\n      - shell: bash\n        run: rm -rf /x\n  l:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: rm -rf /y\n";
        let texts: Vec<String> = extract(src).snippets.into_iter().map(|s| s.text).collect();
        assert_eq!(texts, ["rm -rf /x", "rm -rf /y"]);
    }

    #[test]
    fn expressions_are_run_time_values() {
        let src = "jobs:\n  x:\n    steps:\n      - run: kubectl --context ${{ inputs.env }} delete ns ${{ secrets.PROD_NS }}\n";
        let ex = extract(src);
        let s = &ex.snippets[0];
        assert_eq!(
            s.text,
            "kubectl --context \"${GHA_inputs_env}\" delete ns \"${GHA_secrets_PROD_NS}\""
        );
        let i = s.text.find("\"${GHA_secrets").unwrap();
        assert_eq!(&src[s.map.map(i)..s.map.map(i) + 3], "${{");
        assert_eq!(
            placeholder("GHA_", " github.event.inputs.target "),
            "GHA_github_event_inputs_target"
        );
        assert_eq!(placeholder("GHA_", "format('{0}', 1)"), "GHA_expr");
        assert_eq!(
            placeholder("GHA_", "matrix.env == 'prod' && 'a' || 'b'"),
            "GHA_matrix_env"
        );
        let ex = extract("job:\n  script:\n    - rm -rf $[[ inputs.dir ]]/cache\n");
        assert_eq!(ex.snippets[0].text, "rm -rf \"${GLCI_inputs_dir}\"/cache");
    }

    #[test]
    fn gitlab_anchors_merges_and_references() {
        let src = ".cleanup: &cleanup\n  - rm -rf /var/lib/app\n.tmpl: &tmpl\n  environment:\n    name: staging\n  script:\n    - dropdb app\ndefault:\n  before_script:\n    - echo start\nreset:\n  <<: *tmpl\n  after_script: *cleanup\ndeploy:\n  script:\n    - !reference [.tmpl, script]\n    - !reference [.other, script]\n    - [echo a, echo b]\n";
        let ex = extract(src);
        let got: Vec<(&str, &str)> = ex
            .snippets
            .iter()
            .map(|s| (s.origin.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("gitlab-ci:.tmpl", "dropdb app"),
                ("gitlab-ci:default", "echo start"),
                ("gitlab-ci:reset", "rm -rf /var/lib/app"),
                ("gitlab-ci:deploy", "echo a"),
                ("gitlab-ci:deploy", "echo b"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[2], "rm -rf"), "rm -rf");
        assert_eq!(ex.unread.len(), 1);
        assert_eq!(ex.unread[0].kind, UnreadKind::TooDeep);
        assert!(ex.notes.iter().any(|n| n.text == "environment: staging"));
    }

    #[test]
    fn bad_input_is_reported() {
        for src in [
            "jobs:\n  x:\n\tsteps: []\n",
            "jobs: [a\n",
            "- a\n- b\n",
            "script: \"unterminated\n",
            "a: &x [*x]\n",
            "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
        ] {
            let ex = extract(src);
            for u in &ex.unread {
                assert!(u.span.end() <= src.len());
            }
            let _ = ex;
        }
        let ex = extract("- a\n- b\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        let ex = extract("build:\n  script:\n    - rm -rf /tmp/x\ndeploy:\n  script: [a\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert_eq!(
            ex.snippets[0].text, "rm -rf /tmp/x",
            "what was read before the error is analysed"
        );
        assert!(extract("").unread.is_empty());
    }

    #[test]
    fn non_ascii_offsets() {
        let src = "jobs:\n  é:\n    steps:\n      - name: ünïcode\n        run: |\n          echo ☃\n          rm -rf /opt/x\n";
        let ex = extract(src);
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
    }
}
