//! Words: quote removal and expansions of a word node into [`Word`] parts with their offset map,
//! field splitting, `$IFS` splits, brace expansion, and arrays spliced into argument lists.

use super::tree::Node;

use crate::shell::ir::{Part, Word};
use crate::shell::{escape, wrappers};
use crate::source::{OffsetMap, OffsetMapBuilder, Span};

use super::{FIELDS, MAX_DEPTH, Walker, span, text};

/// Builds a [`Word`] from decoded characters, keeping the offset map.
pub(super) struct WordBuilder {
    span: Span,
    parts: Vec<Part>,
    map: OffsetMapBuilder,
    len: usize,
    cur: Option<(String, bool, Option<String>)>,
}

impl WordBuilder {
    pub(super) fn new(span: Span) -> Self {
        WordBuilder {
            span,
            parts: Vec::new(),
            map: OffsetMap::builder(),
            len: 0,
            cur: None,
        }
    }

    pub(super) fn mode(&mut self, quoted: bool, var: Option<&str>) -> &mut String {
        let same = matches!(&self.cur, Some((_, q, v)) if *q == quoted && v.as_deref() == var);
        if !same {
            self.flush();
            self.cur = Some((String::new(), quoted, var.map(str::to_owned)));
        }
        &mut self.cur.as_mut().expect("set above").0
    }

    pub(super) fn ch(&mut self, c: char, src: usize, quoted: bool) {
        self.map.push(self.len, src);
        self.mode(quoted, None).push(c);
        self.len += c.len_utf8();
    }

    /// Literal text from `src` on, one character per byte (no escapes in it).
    pub(super) fn text(&mut self, text: &str, src: usize, quoted: bool) {
        if text.is_empty() {
            return;
        }
        self.map.push(self.len, src);
        self.mode(quoted, None).push_str(text);
        self.len += text.len();
    }

    /// Unquoted shell text: backslashes escape the next character.
    pub(super) fn unquoted(&mut self, text: &str, src: usize, quoted: bool) {
        if memchr::memchr(b'\\', text.as_bytes()).is_none() {
            self.text(text, src, quoted);
        } else {
            escape::unquoted(text, src, |c, o| self.ch(c, o, quoted));
        }
    }

    /// The content of a double-quoted string.
    pub(super) fn double_quoted(&mut self, text: &str, src: usize) {
        if memchr::memchr(b'\\', text.as_bytes()).is_none() {
            self.text(text, src, true);
        } else {
            escape::double_quoted(text, src, |c, o| self.ch(c, o, true));
        }
    }

    pub(super) fn stretch(&mut self, text: &str, src: usize, quoted: bool, var: Option<&str>) {
        if text.is_empty() {
            // an empty value still splits literals from different sources
            self.mode(quoted, var);
            return;
        }
        self.map.push_stretch(self.len, src);
        self.mode(quoted, var).push_str(text);
        self.len += text.len();
    }

    pub(super) fn part(&mut self, p: Part) {
        self.flush();
        self.parts.push(p);
    }

    pub(super) fn flush(&mut self) {
        if let Some((text, quoted, var)) = self.cur.take()
            && (!text.is_empty() || self.parts.is_empty())
        {
            self.parts.push(Part::Lit { text, quoted, var });
        }
    }

    pub(super) fn finish(mut self) -> Word {
        self.flush();
        if self.parts.len() > 1 {
            self.parts
                .retain(|p| !matches!(p, Part::Lit { text, .. } if text.is_empty()));
        }
        Word {
            span: self.span,
            parts: self.parts,
            map: self.map.finish(),
        }
    }
}

impl<'t> Walker<'t> {
    /// The words one argument node becomes: `"$@"` in a function call expansion splices the
    /// call's arguments, an unquoted expansion of a known value splits on whitespace, and an
    /// unquoted brace expansion `{a,b}` expands.
    pub(super) fn word_list(&mut self, node: Node<'t>) -> Vec<Word> {
        let raw = text(self.src, node);
        if matches!(raw, "\"$@\"" | "$@" | "\"${@}\"" | "${@}" | "$*" | "\"$*\"")
            && let Some(call) = self.calls.last()
        {
            self.tainted = true;
            return call.args.clone();
        }
        // `"${a[@]}"`: the elements of an array assigned static words
        if let Some(elements) = array_expansion(raw).and_then(|name| self.arrays.get(name)) {
            return elements.clone();
        }
        let word = self.word(node);
        // `rm${IFS}-rf${IFS}/`: an unquoted `$IFS` the script never sets splits the word
        if !self.vars.contains_key("IFS") && word.parts.iter().any(is_ifs) {
            return split_at_ifs(&word);
        }
        // unquoted expansion of a known value: field splitting
        if let [
            Part::Lit {
                text,
                quoted: false,
                var: Some(_),
            },
        ] = word.parts.as_slice()
            && text.split_whitespace().count() > 1
        {
            let sp = word.span;
            return text.split_whitespace().map(|t| Word::literal(t, sp)).collect();
        }
        if let Some(expanded) = brace_expand(&word) {
            return expanded;
        }
        vec![word]
    }

    /// The words of a command's word nodes. tree-sitter-bash splits `a$X-b$Y/` after the second
    /// `$` (`…-b$` and `Y/`, with no space between): such a pair is one word, `$Y` an expansion.
    pub(super) fn word_lists(&mut self, nodes: &[Node<'t>]) -> Vec<Word> {
        let mut out = Vec::new();
        let mut k = 0;
        while k < nodes.len() {
            let n = nodes[k];
            // `re\<newline>set`: bash removes a line continuation before it splits words, so
            // the pieces on either side of it are one word
            let mut end = k + 1;
            while let Some(&next) = nodes.get(end)
                && line_continuations_only(
                    &self.src[nodes[end - 1].end_byte().min(next.start_byte())..next.start_byte()],
                )
            {
                end += 1;
            }
            if end > k + 1 {
                let mut b = WordBuilder::new(Span::new(n.start_byte(), nodes[end - 1].end_byte()));
                for &piece in &nodes[k..end] {
                    self.word_into(piece, &mut b, false);
                }
                out.push(b.finish());
                k = end;
                continue;
            }
            if let Some(&next) = nodes.get(k + 1)
                && next.start_byte() == n.end_byte()
                && next.kind_str() == "word"
                && ends_with_lone_dollar(n)
            {
                let mut b = WordBuilder::new(Span::new(n.start_byte(), next.end_byte()));
                let inner = if n.kind_str() == "command_name" {
                    n.named_child(0).unwrap_or(n)
                } else {
                    n
                };
                // the node without its last `$`
                let kids: Vec<Node> = inner.children().collect();
                let mut pos = inner.start_byte();
                for kid in &kids[..kids.len() - 1] {
                    if kid.start_byte() > pos {
                        escape::unquoted(&self.src[pos..kid.start_byte()], pos, |ch, o| b.ch(ch, o, false));
                    }
                    self.word_into(*kid, &mut b, false);
                    pos = kid.end_byte();
                }
                // `$NAME` and the rest of the next word
                let t = text(self.src, next);
                let len = t
                    .char_indices()
                    .find(|&(i, ch)| !(ch == '_' || ch.is_ascii_alphabetic() || (i > 0 && ch.is_ascii_digit())))
                    .map_or(t.len(), |(i, _)| i);
                let dollar = n.end_byte() - 1;
                if len == 0 {
                    b.ch('$', dollar, false);
                } else {
                    self.expand_var(
                        &t[..len],
                        Span::new(dollar, next.start_byte() + len),
                        false,
                        &mut b,
                        false,
                        None,
                    );
                }
                escape::unquoted(&t[len..], next.start_byte() + len, |ch, o| b.ch(ch, o, false));
                let word = b.finish();
                if !self.vars.contains_key("IFS") && word.parts.iter().any(is_ifs) {
                    out.extend(split_at_ifs(&word));
                } else {
                    out.push(word);
                }
                k += 2;
                continue;
            }
            out.extend(self.word_list(n));
            k += 1;
        }
        out
    }

    pub(super) fn word(&mut self, node: Node<'t>) -> Word {
        let mut b = WordBuilder::new(span(node));
        self.word_into(node, &mut b, false);
        b.finish()
    }

    pub(super) fn word_into(&mut self, node: Node<'t>, b: &mut WordBuilder, quoted: bool) {
        if self.word_depth >= MAX_DEPTH {
            if self.out.truncated.is_none() {
                self.out.truncated = Some(span(node));
            }
            b.part(Part::Subst);
            return;
        }
        self.word_depth += 1;
        self.word_parts(node, b, quoted);
        self.word_depth -= 1;
    }

    fn word_parts(&mut self, node: Node<'t>, b: &mut WordBuilder, quoted: bool) {
        let t = text(self.src, node);
        let start = node.start_byte();
        match node.kind_str() {
            "raw_string" => {
                let inner = t.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')).unwrap_or(t);
                for (i, ch) in inner.char_indices() {
                    b.ch(ch, start + 1 + i, true);
                }
            }
            "ansi_c_string" => {
                let inner = t.strip_prefix("$'").and_then(|s| s.strip_suffix('\'')).unwrap_or(t);
                escape::ansi_c(inner, start + 2, |c, o| b.ch(c, o, true));
            }
            "string" | "translated_string" => {
                let kids: Vec<Node> = node.children().collect();
                let mut pos = start + if node.kind_str() == "translated_string" { 2 } else { 1 };
                let end = node.end_byte().saturating_sub(1).max(pos);
                for k in kids {
                    if !k.is_named() {
                        continue;
                    }
                    if k.start_byte() > pos {
                        // text tree-sitter does not wrap in a node
                        b.double_quoted(&self.src[pos..k.start_byte()], pos);
                    }
                    if k.kind_str() == "string_content" {
                        b.double_quoted(text(self.src, k), k.start_byte());
                    } else {
                        self.word_into(k, b, true);
                    }
                    pos = k.end_byte();
                }
                if end > pos {
                    b.double_quoted(&self.src[pos..end], pos);
                }
            }
            "command_name" => {
                if let Some(k) = node.named_child(0) {
                    self.word_into(k, b, quoted);
                }
            }
            "concatenation" => {
                let kids: Vec<Node> = node.children().collect();
                let mut pos = start;
                for k in kids {
                    if k.start_byte() > pos {
                        b.unquoted(&self.src[pos..k.start_byte()], pos, quoted);
                    }
                    self.word_into(k, b, quoted);
                    pos = k.end_byte();
                }
                if node.end_byte() > pos {
                    b.unquoted(&self.src[pos..node.end_byte()], pos, quoted);
                }
            }
            "simple_expansion" => {
                let name = node
                    .named_children()
                    .find(|k| matches!(k.kind_str(), "variable_name" | "special_variable_name"))
                    .map(|k| text(self.src, k))
                    .unwrap_or_else(|| t.trim_start_matches('$'));
                self.expand_var(name, span(node), quoted, b, false, None);
            }
            "expansion" => self.expansion(node, b, quoted),
            "command_substitution" | "process_substitution" | "arithmetic_expansion" => b.part(Part::Subst),
            _ => {
                if quoted {
                    for (i, ch) in t.char_indices() {
                        b.ch(ch, start + i, true);
                    }
                } else {
                    b.unquoted(t, start, false);
                }
            }
        }
    }

    /// `${…}` forms: plain, `:?` (required), `:-`/`:=` (default), the rest dynamic.
    fn expansion(&mut self, node: Node<'t>, b: &mut WordBuilder, quoted: bool) {
        let kids: Vec<Node> = node.children().collect();
        let first = kids.get(1).map(|k| k.kind_str()).unwrap_or("");
        if matches!(first, "#" | "!") {
            b.part(Part::Subst);
            return;
        }
        let Some(name_node) = kids
            .iter()
            .find(|k| matches!(k.kind_str(), "variable_name" | "special_variable_name"))
        else {
            b.part(Part::Subst);
            return;
        };
        let name = text(self.src, *name_node).to_owned();
        let op_node = node.child_by_field(FIELDS.operator);
        let op = op_node.map(|o| text(self.src, o)).unwrap_or("");
        // the operand after the operator, as a static string when it is one
        let operand = op_node.and_then(|o| {
            let rest: Vec<Node> = kids
                .iter()
                .copied()
                .filter(|k| k.start_byte() >= o.end_byte() && k.kind_str() != "}")
                .collect();
            if rest.is_empty() {
                return Some(String::new());
            }
            let mut wb = WordBuilder::new(span(rest[0]));
            for r in rest {
                self.word_into(r, &mut wb, true);
            }
            wb.finish().value()
        });
        match op {
            "" => self.expand_var(&name, span(node), quoted, b, false, None),
            ":?" | "?" => {
                self.required.insert(name.clone());
                self.expand_var(&name, span(node), quoted, b, true, None)
            }
            ":-" | "-" | ":=" | "=" => {
                self.expand_var(&name, span(node), quoted, b, false, Some(operand.unwrap_or_default()));
                if op.ends_with('=') && !self.vars.contains_key(&name) {
                    self.set_dynamic(&name);
                }
            }
            _ => {
                // a transformation of the value (`${X%/}`, `${X/a/b}`, `${X:+y}`)
                let state = self.var_state(&name);
                let required = self.required.contains(&name);
                if matches!(op, ":+" | "+") {
                    b.part(Part::Subst);
                } else {
                    b.part(Part::Var {
                        name,
                        quoted,
                        state,
                        required,
                        default: None,
                    });
                }
            }
        }
    }
}

/// A word node whose last token is a `$` on its own (tree-sitter-bash's split of `a$X-b$Y`).
fn ends_with_lone_dollar(n: Node) -> bool {
    let inner = if n.kind_str() == "command_name" {
        n.named_child(0).unwrap_or(n)
    } else {
        n
    };
    inner.kind_str() == "concatenation"
        && inner
            .last_child()
            .is_some_and(|last| !last.is_named() && last.kind_str() == "$")
}

/// The array of `"${NAME[@]}"`, `${NAME[*]}` and the like.
fn array_expansion(raw: &str) -> Option<&str> {
    let inner = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw);
    let inner = inner.strip_prefix("${")?.strip_suffix('}')?;
    let name = inner.strip_suffix("[@]").or_else(|| inner.strip_suffix("[*]"))?;
    wrappers::is_name(name).then_some(name)
}

/// An unquoted expansion of `IFS`.
fn is_ifs(p: &Part) -> bool {
    matches!(p, Part::Var { name, quoted: false, .. } if name == "IFS")
}

/// Splits a word where an unquoted `$IFS` (whitespace, unless the script sets it) stands.
fn split_at_ifs(word: &Word) -> Vec<Word> {
    let mut out = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    // offsets of the word's literal text (what its map maps), where the current piece starts
    let (mut at, mut start) = (0, 0);
    let mut flush = |parts: &mut Vec<Part>, start: usize, at: usize| {
        if parts.is_empty() {
            return;
        }
        let map = word.map.compose(&OffsetMap::identity(start), at - start);
        out.push(Word {
            span: word.span,
            parts: std::mem::take(parts),
            map,
        });
    };
    for p in &word.parts {
        if is_ifs(p) {
            flush(&mut parts, start, at);
            start = at;
            continue;
        }
        if let Part::Lit { text, .. } = p {
            at += text.len();
        }
        parts.push(p.clone());
    }
    flush(&mut parts, start, at);
    out
}

/// Expands an unquoted, static `pre{a,b}post` into several words (`{rm,-rf,/}` → `rm -rf /`).
pub(super) fn brace_expand(word: &Word) -> Option<Vec<Word>> {
    if !word.parts.iter().all(|p| matches!(p, Part::Lit { quoted: false, .. })) {
        return None;
    }
    let v = word.value()?;
    let open = v.find('{')?;
    let close = open + v[open..].find('}')?;
    let inner = &v[open + 1..close];
    if !inner.contains(',') || inner.contains('{') || inner.contains(char::is_whitespace) {
        return None;
    }
    let (pre, post) = (&v[..open], &v[close + 1..]);
    Some(
        inner
            .split(',')
            .map(|alt| Word::literal(&format!("{pre}{alt}{post}"), word.span))
            .collect(),
    )
}

/// Whether the text between two word nodes is nothing but line continuations (`\` newline),
/// at least one.
fn line_continuations_only(gap: &str) -> bool {
    !gap.is_empty() && gap.len().is_multiple_of(2) && gap.as_bytes().chunks(2).all(|c| c == b"\\\n")
}
