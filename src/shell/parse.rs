//! Walks the tree-sitter-bash syntax tree and builds the [`Script`] IR: every simple command in
//! execution order (substitutions before the command that uses them), the guards around them,
//! and a simple constant propagation of variables and function arguments.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;

use tree_sitter::{Node, Parser, Tree};

use super::escape;
use super::ir::{
    Assignment, Command, Context, Guard, GuardRef, Input, Part, Redirect, Script, ScriptAssignment, VarState, Word,
};
use super::wrappers::{self, normalize_program};
use crate::source::{OffsetMap, OffsetMapBuilder, Span};

/// Statement nesting deeper than this is not analysed (reported as `truncated`).
const MAX_DEPTH: usize = 200;
/// Function call expansions nest at most this deep.
const MAX_CALL_DEPTH: usize = 4;
/// Upper bound on commands produced by function call expansion for one script.
const MAX_EXPANDED: usize = 20_000;
/// Bytes of known variable values inlined into words, at least (see [`Walker::inline_budget`]).
const MIN_INLINE_BUDGET: usize = 4 * 1024 * 1024;
/// … and per byte of script: values built from values (`A="$A$A"`) grow no further than this.
const INLINE_BUDGET_PER_BYTE: usize = 16;

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// The tree-sitter-bash grammar.
pub fn language() -> tree_sitter::Language {
    tree_sitter_bash::LANGUAGE.into()
}

/// Node kind names by kind id. `Node::kind` turns the grammar's C string into a `&str` (a
/// `strlen`) at every call; the walker asks for kinds millions of times on a large corpus.
static KIND_NAMES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    // the grammar's tables are static; one handle to them lives as long as the program (in a
    // static, not leaked: leak checkers such as the fuzzers' would report it)
    static LANGUAGE: std::sync::LazyLock<tree_sitter::Language> = std::sync::LazyLock::new(language);
    let lang: &'static tree_sitter::Language = &LANGUAGE;
    (0..lang.node_kind_count() as u16)
        .map(|id| lang.node_kind_for_id(id).unwrap_or(""))
        .collect()
});

/// Field ids, looked up once: `child_by_field_name` compares the name with every field name of
/// the grammar at each call.
struct Fields {
    argument: std::num::NonZeroU16,
    body: std::num::NonZeroU16,
    condition: std::num::NonZeroU16,
    descriptor: std::num::NonZeroU16,
    destination: std::num::NonZeroU16,
    name: std::num::NonZeroU16,
    operator: std::num::NonZeroU16,
    redirect: std::num::NonZeroU16,
    value: std::num::NonZeroU16,
    variable: std::num::NonZeroU16,
}

static FIELDS: std::sync::LazyLock<Fields> = std::sync::LazyLock::new(|| {
    let lang = language();
    let id = |n: &str| lang.field_id_for_name(n).expect("a field of tree-sitter-bash");
    Fields {
        argument: id("argument"),
        body: id("body"),
        condition: id("condition"),
        descriptor: id("descriptor"),
        destination: id("destination"),
        name: id("name"),
        operator: id("operator"),
        redirect: id("redirect"),
        value: id("value"),
        variable: id("variable"),
    }
});

/// [`Node::kind`] through [`KIND_NAMES`].
trait Kind {
    fn kind_str(&self) -> &'static str;
}

impl Kind for Node<'_> {
    #[inline]
    fn kind_str(&self) -> &'static str {
        match KIND_NAMES.get(self.kind_id() as usize) {
            Some(k) => k,
            // the error node's id (u16::MAX) is outside the grammar's table
            None if self.is_error() => "ERROR",
            None => "",
        }
    }
}

/// Parses `text` with tree-sitter-bash (one parser per thread).
pub fn parse_tree(text: &str) -> Result<Tree, String> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&language())
                .map_err(|e| format!("the tree-sitter-bash grammar cannot be loaded: {e}"))?;
            *slot = Some(p);
        }
        let parser = slot.as_mut().expect("initialized above");
        parser
            .parse(text, None)
            .ok_or_else(|| "tree-sitter returned no tree".to_owned())
    })
}

/// Parses a shell script into the IR.
pub fn parse(text: &str) -> Script {
    parse_with(text, &|_| true)
}

/// [`parse`], told which programs matter to the analysis (`interesting`: the ones rules or
/// program declarations name). A function whose body runs none of them, and runs nothing
/// computed or defined as a function, is not walked again at each of its calls: nothing there
/// can be found that its definition did not show.
pub fn parse_with(text: &str, interesting: &dyn Fn(&str) -> bool) -> Script {
    // A CR before LF would end up inside the last word of every line; blank it (same length).
    let cleaned;
    let text = if text.contains("\r\n") {
        cleaned = text.replace("\r\n", " \n");
        &cleaned
    } else {
        text
    };
    let tree = match parse_tree(text) {
        Ok(t) => t,
        Err(_) => {
            return Script {
                unusable: true,
                ..Script::default()
            };
        }
    };
    let root = tree.root_node();
    let mut w = Walker::new(text, interesting);
    // following function calls may cost about as much as the script itself, however the calls nest
    w.expansion_budget = root.descendant_count() / 4 + 2_000;
    let (errexit, nounset) = shebang_flags(text);
    w.ctx.errexit = errexit;
    w.ctx.nounset = nounset;
    w.block(root);
    let mut script = w.out;
    if root.has_error() {
        script.errors = error_spans(text, root);
        let named = root.named_child_count();
        let errors = (0..named)
            .filter(|&i| root.named_child(i as u32).is_some_and(|c| c.is_error()))
            .count();
        script.unusable = script.commands.is_empty() && errors > 0;
    }
    script
}

/// `set -e`/`set -u` given on the shebang line (`#!/bin/bash -eu`, `#!/usr/bin/env -S bash -e`).
fn shebang_flags(text: &str) -> (bool, bool) {
    let first = text.lines().next().unwrap_or("");
    let Some(rest) = first.trim_start().strip_prefix("#!") else {
        return (false, false);
    };
    let mut e = false;
    let mut u = false;
    for word in rest.split_whitespace().skip(1) {
        if let Some(flags) = word.strip_prefix('-').filter(|f| !f.starts_with('-') && *f != "S") {
            e |= flags.contains('e');
            u |= flags.contains('u');
        }
    }
    (e, u)
}

/// Kinds of nodes that are complete statements: inside an ERROR node they parsed fine.
const STATEMENTS: &[&str] = &[
    "command",
    "comment",
    "list",
    "pipeline",
    "redirected_statement",
    "if_statement",
    "while_statement",
    "for_statement",
    "c_style_for_statement",
    "case_statement",
    "function_definition",
    "variable_assignment",
    "variable_assignments",
    "declaration_command",
    "subshell",
    "compound_statement",
    "negated_command",
    "test_command",
    "unset_command",
];

/// `{a,b}` read by tree-sitter-bash as the start of a `{ … }` group.
fn is_brace_word(src: &str, node: Node) -> bool {
    matches!(node.kind_str(), "compound_statement" | "ERROR")
        && text(src, node).starts_with('{')
        && src[node.start_byte() + 1..].starts_with(|c: char| !c.is_whitespace())
}

/// The regions of a tree that did not parse: the broken children of each outermost ERROR node
/// and MISSING tokens (iteratively: deep trees must not overflow the stack).
fn error_spans(src: &str, root: Node) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut push = |span: Span| match out.last_mut() {
        Some(last) if last.end >= span.start => *last = last.cover(span),
        _ => out.push(span),
    };
    let mut cursor = root.walk();
    let mut descend = true;
    loop {
        let node = cursor.node();
        if descend {
            if is_brace_word(src, node) {
                // handled by the walker; its MISSING `}` is an artifact
            } else if node.is_error() {
                let mut c = node.walk();
                let broken: Vec<Node> = node
                    .children(&mut c)
                    .filter(|k| !STATEMENTS.contains(&k.kind_str()))
                    .collect();
                match (broken.first(), broken.last()) {
                    (Some(a), Some(b)) => push(Span::new(a.start_byte(), b.end_byte())),
                    _ => push(span(node)),
                }
            } else if node.is_missing() {
                push(Span::new(node.start_byte(), node.end_byte().max(node.start_byte())));
            } else if node.has_error() && cursor.goto_first_child() {
                continue;
            }
        }
        if cursor.goto_next_sibling() {
            descend = true;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
        descend = false;
    }
    out
}

/// What the walker knows about a variable: the parts of the word last assigned to it.
#[derive(Clone, Debug)]
struct VarValue {
    parts: Vec<Part>,
    /// Derived from a function's positional parameters (during a call expansion).
    tainted: bool,
}

/// Extra pieces of a command that tree-sitter attaches to the surrounding `redirected_statement`.
#[derive(Default)]
struct Extra<'t> {
    span: Option<Span>,
    args: Vec<Node<'t>>,
    redirects: Vec<Node<'t>>,
    heredoc: Option<Node<'t>>,
}

/// The main commands a statement produced (substitution contents excluded).
#[derive(Clone, Copy, Default)]
struct Produced {
    first: Option<usize>,
    last: Option<usize>,
}

impl Produced {
    fn one(i: usize) -> Self {
        Produced {
            first: Some(i),
            last: Some(i),
        }
    }

    fn then(self, next: Produced) -> Self {
        Produced {
            first: self.first.or(next.first),
            last: next.last.or(self.last),
        }
    }
}

struct CallSite {
    span: Span,
    name: String,
    args: Vec<Word>,
}

struct Walker<'t> {
    src: &'t str,
    interesting: &'t dyn Fn(&str) -> bool,
    /// The programs each function's body runs (`None`: a computed command word).
    func_programs: HashMap<String, Vec<Option<String>>>,
    out: Script,
    vars: HashMap<String, VarValue>,
    /// For each call being expanded, the variables it changed with their values before.
    var_undo: Vec<Vec<(String, Option<VarValue>)>>,
    /// Variables made non-empty by `${VAR:?}`.
    required: HashSet<String>,
    funcs: HashMap<String, Node<'t>>,
    calls: Vec<CallSite>,
    /// Set when a word of the current command used a call's arguments.
    tainted: bool,
    expanded: usize,
    /// Statements walked inside call expansions, and how many may be.
    expansion_work: usize,
    expansion_budget: usize,
    ctx: Context,
    depth: usize,
    /// A guard that dominates the statements after the current one in its block.
    dominating: Option<GuardRef>,
    /// Inside a branch or loop body: what is assigned there may not happen.
    branch: usize,
    /// Arrays assigned static elements (`a=(rm -rf /)`), for `"${a[@]}"`.
    arrays: HashMap<String, Vec<Word>>,
    /// Nesting of words inside words (`${a:-${b:-…}}`), bounded like statements.
    word_depth: usize,
    /// Bytes of known values that may still be inlined where a variable is expanded; past it,
    /// values are treated as unknown (`A="$A$A"` repeated would otherwise grow exponentially).
    inline_budget: usize,
}

fn text<'a>(src: &'a str, node: Node) -> &'a str {
    &src[node.byte_range()]
}

fn span(node: Node) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

fn is_special_param(name: &str) -> bool {
    matches!(name, "?" | "$" | "!" | "#" | "-" | "@" | "*" | "_") || name.chars().all(|c| c.is_ascii_digit())
}

/// Builds a [`Word`] from decoded characters, keeping the offset map.
struct WordBuilder {
    span: Span,
    parts: Vec<Part>,
    map: OffsetMapBuilder,
    len: usize,
    cur: Option<(String, bool, Option<String>)>,
}

impl WordBuilder {
    fn new(span: Span) -> Self {
        WordBuilder {
            span,
            parts: Vec::new(),
            map: OffsetMap::builder(),
            len: 0,
            cur: None,
        }
    }

    fn mode(&mut self, quoted: bool, var: Option<&str>) -> &mut String {
        let same = matches!(&self.cur, Some((_, q, v)) if *q == quoted && v.as_deref() == var);
        if !same {
            self.flush();
            self.cur = Some((String::new(), quoted, var.map(str::to_owned)));
        }
        &mut self.cur.as_mut().expect("set above").0
    }

    fn ch(&mut self, c: char, src: usize, quoted: bool) {
        self.map.push(self.len, src);
        self.mode(quoted, None).push(c);
        self.len += c.len_utf8();
    }

    /// Literal text from `src` on, one character per byte (no escapes in it).
    fn text(&mut self, text: &str, src: usize, quoted: bool) {
        if text.is_empty() {
            return;
        }
        self.map.push(self.len, src);
        self.mode(quoted, None).push_str(text);
        self.len += text.len();
    }

    /// Unquoted shell text: backslashes escape the next character.
    fn unquoted(&mut self, text: &str, src: usize, quoted: bool) {
        if memchr::memchr(b'\\', text.as_bytes()).is_none() {
            self.text(text, src, quoted);
        } else {
            escape::unquoted(text, src, |c, o| self.ch(c, o, quoted));
        }
    }

    /// The content of a double-quoted string.
    fn double_quoted(&mut self, text: &str, src: usize) {
        if memchr::memchr(b'\\', text.as_bytes()).is_none() {
            self.text(text, src, true);
        } else {
            escape::double_quoted(text, src, |c, o| self.ch(c, o, true));
        }
    }

    fn stretch(&mut self, text: &str, src: usize, quoted: bool, var: Option<&str>) {
        if text.is_empty() {
            // an empty value still splits literals from different sources
            self.mode(quoted, var);
            return;
        }
        self.map.push_stretch(self.len, src);
        self.mode(quoted, var).push_str(text);
        self.len += text.len();
    }

    fn part(&mut self, p: Part) {
        self.flush();
        self.parts.push(p);
    }

    fn flush(&mut self) {
        if let Some((text, quoted, var)) = self.cur.take()
            && (!text.is_empty() || self.parts.is_empty())
        {
            self.parts.push(Part::Lit { text, quoted, var });
        }
    }

    fn finish(mut self) -> Word {
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
    fn new(src: &'t str, interesting: &'t dyn Fn(&str) -> bool) -> Self {
        Walker {
            src,
            interesting,
            func_programs: HashMap::default(),
            out: Script::default(),
            vars: HashMap::default(),
            var_undo: Vec::new(),
            required: HashSet::default(),
            funcs: HashMap::default(),
            calls: Vec::new(),
            tainted: false,
            expanded: 0,
            expansion_work: 0,
            expansion_budget: usize::MAX,
            ctx: Context::default(),
            depth: 0,
            dominating: None,
            branch: 0,
            arrays: HashMap::default(),
            word_depth: 0,
            inline_budget: MIN_INLINE_BUDGET.max(src.len().saturating_mul(INLINE_BUDGET_PER_BYTE)),
        }
    }

    fn enter(&mut self, node: Node) -> bool {
        if self.depth >= MAX_DEPTH {
            if self.out.truncated.is_none() {
                self.out.truncated = Some(span(node));
            }
            return false;
        }
        self.depth += 1;
        true
    }

    // ----- statements -------------------------------------------------------------------

    fn stmt(&mut self, node: Node<'t>) -> Produced {
        if !self.enter(node) {
            return Produced::default();
        }
        if !self.calls.is_empty() {
            self.expansion_work += 1;
        }
        let p = match node.kind_str() {
            "command" => self.command(node, Extra::default()),
            "redirected_statement" => self.redirected(node),
            "pipeline" => self.pipeline(node, None),
            "list" => self.list(node),
            "negated_command" => self.children_seq(node),
            "compound_statement" | "ERROR" if is_brace_word(self.src, node) => self.brace_word_command(node),
            "subshell" | "compound_statement" | "do_group" | "program" | "ERROR" => self.block(node),
            "if_statement" => self.if_stmt(node),
            "while_statement" | "until_statement" => self.while_stmt(node),
            "for_statement" | "c_style_for_statement" | "select_statement" => self.for_stmt(node),
            "case_statement" => self.case_stmt(node),
            "function_definition" => self.function(node),
            "declaration_command" => self.declaration(node),
            "variable_assignment" => {
                self.assign(node, false);
                Produced::default()
            }
            "variable_assignments" => {
                let mut c = node.walk();
                let kids: Vec<_> = node.named_children(&mut c).collect();
                for k in kids {
                    self.assign(k, false);
                }
                Produced::default()
            }
            "unset_command" => {
                let mut c = node.walk();
                let kids: Vec<_> = node.named_children(&mut c).collect();
                for k in kids {
                    let name = text(self.src, k).to_owned();
                    self.unset_var(&name);
                    self.arrays.remove(&name);
                    self.required.remove(&name);
                }
                Produced::default()
            }
            "comment" => {
                let t = text(self.src, node).trim_start_matches('#').trim();
                if !t.is_empty() && !t.starts_with('!') {
                    self.out.comments.push((t.to_owned(), span(node)));
                }
                Produced::default()
            }
            "heredoc_body" | "heredoc_end" | "heredoc_start" => Produced::default(),
            _ => {
                self.substitutions(node);
                Produced::default()
            }
        };
        self.depth -= 1;
        p
    }

    fn named_children(node: Node<'t>) -> Vec<Node<'t>> {
        let mut c = node.walk();
        node.named_children(&mut c).collect()
    }

    /// A sequence of statements (a script, `{ … }`, `( … )`, a loop body).
    fn block(&mut self, node: Node<'t>) -> Produced {
        let saved = self.ctx.guards.len();
        let mut produced = Produced::default();
        // all children at once: `next_sibling` walks down from the root each time, which made
        // long scripts quadratic
        let all: Vec<Node<'t>> = node.children(&mut node.walk()).collect();
        for (i, &child) in all.iter().enumerate() {
            if !child.is_named() {
                continue;
            }
            let bg = all.get(i + 1).is_some_and(|s| s.kind_str() == "&");
            let saved_bg = self.ctx.background;
            self.ctx.background |= bg;
            self.dominating = None;
            produced = produced.then(self.stmt(child));
            self.ctx.background = saved_bg;
            if let Some(g) = self.dominating.take() {
                self.ctx.guards.push(g);
            }
        }
        self.ctx.guards.truncate(saved);
        produced
    }

    fn children_seq(&mut self, node: Node<'t>) -> Produced {
        let mut produced = Produced::default();
        for child in Self::named_children(node) {
            produced = produced.then(self.stmt(child));
        }
        produced
    }

    fn redirected(&mut self, node: Node<'t>) -> Produced {
        let mut extra = Extra {
            span: Some(span(node)),
            ..Extra::default()
        };
        let mut c = node.walk();
        let redirects: Vec<Node> = node.children_by_field_id(FIELDS.redirect, &mut c).collect();
        for r in redirects {
            match r.kind_str() {
                "file_redirect" => {
                    let mut c2 = r.walk();
                    let dests: Vec<Node> = r.children_by_field_id(FIELDS.destination, &mut c2).collect();
                    // `cmd >/dev/null more args`: words after the first target are arguments
                    extra.args.extend(dests.into_iter().skip(1));
                    extra.redirects.push(r);
                }
                "heredoc_redirect" => {
                    for k in Self::named_children(r) {
                        if k.kind_str() == "file_redirect" || k.kind_str() == "herestring_redirect" {
                            extra.redirects.push(k);
                        }
                    }
                    extra.heredoc = Some(r);
                }
                _ => extra.redirects.push(r),
            }
        }
        let heredoc = extra.heredoc;
        let produced = match node.child_by_field_id(FIELDS.body.get()) {
            Some(body) if body.kind_str() == "command" => self.command(body, extra),
            // `a | b >f <<EOF` read with the redirects around the whole pipeline (tree-sitter-bash
            // does so when it glues the next lines onto `b`): they are the last command's
            Some(body)
                if body.kind_str() == "pipeline"
                    && Self::named_children(body)
                        .last()
                        .is_some_and(|l| l.kind_str() == "command") =>
            {
                extra.span = None;
                self.pipeline(body, Some(extra))
            }
            Some(body) => {
                for r in &extra.redirects {
                    self.substitutions(*r);
                }
                self.stmt(body)
            }
            None => {
                for r in &extra.redirects {
                    self.substitutions(*r);
                }
                Produced::default()
            }
        };
        match heredoc {
            Some(h) => self.heredoc_tail(h, produced),
            None => produced,
        }
    }

    /// Statements tree-sitter nests inside a heredoc redirect (`cat <<EOF | sh`): the rest of the
    /// pipeline or list that follows the heredoc operator.
    fn heredoc_tail(&mut self, heredoc: Node<'t>, before: Produced) -> Produced {
        let mut produced = before;
        for k in Self::named_children(heredoc) {
            match k.kind_str() {
                "pipeline" => {
                    let mut prev = produced.last;
                    for el in Self::named_children(k) {
                        let p = self.stmt(el);
                        if let (Some(from), Some(to)) = (prev, p.first) {
                            self.out.commands[to].piped_from = Some(from);
                        }
                        prev = p.last.or(prev);
                        produced = produced.then(p);
                    }
                }
                "heredoc_start" | "heredoc_body" | "heredoc_end" | "file_redirect" | "herestring_redirect" => {}
                _ => produced = produced.then(self.stmt(k)),
            }
        }
        produced
    }

    /// `a | b | c`: each command reads the one before it. With `last`, the last element is a
    /// command that takes those redirects (tree-sitter puts `a | b >f <<EOF` around the whole
    /// pipeline when it glues the next lines onto `b`).
    fn pipeline(&mut self, node: Node<'t>, last: Option<Extra<'t>>) -> Produced {
        let els: Vec<Node> = Self::named_children(node)
            .into_iter()
            .filter(|e| e.kind_str() != "comment")
            .collect();
        let mut produced = Produced::default();
        let mut prev: Option<usize> = None;
        let mut last = last;
        let n = els.len();
        for (k, el) in els.into_iter().enumerate() {
            let p = match last.take_if(|_| k + 1 == n) {
                Some(extra) => self.command(el, extra),
                None => self.stmt(el),
            };
            if let (Some(from), Some(to)) = (prev, p.first)
                && self.out.commands[to].piped_from.is_none()
            {
                self.out.commands[to].piped_from = Some(from);
            }
            prev = p.last.or(prev);
            produced = produced.then(p);
        }
        produced
    }

    /// `left && right`, `left || right`: the left side guards the right side.
    fn list(&mut self, node: Node<'t>) -> Produced {
        let mut c = node.walk();
        let kids: Vec<Node> = node.children(&mut c).collect();
        let Some(op_at) = kids.iter().position(|k| matches!(k.kind_str(), "&&" | "||")) else {
            return self.children_seq(node);
        };
        let when_true = kids[op_at].kind_str() == "&&";
        let left: Vec<Node> = kids[..op_at].iter().copied().filter(|k| k.is_named()).collect();
        let right: Vec<Node> = kids[op_at + 1..]
            .iter()
            .copied()
            .filter(|k| k.is_named() && k.kind_str() != "comment")
            .collect();
        let (gid, mut produced) = self.condition(&left);
        self.ctx.guards.push(GuardRef { guard: gid, when_true });
        self.branch += 1;
        for r in &right {
            produced = produced.then(self.stmt(*r));
        }
        self.branch -= 1;
        self.ctx.guards.pop();
        if right.last().is_some_and(|r| self.exits(*r)) {
            self.out.guards[gid].exits_when = Some(when_true);
            self.dominating = Some(GuardRef {
                guard: gid,
                when_true: !when_true,
            });
        } else {
            self.dominating = None;
        }
        produced
    }

    /// Walks condition statements and records them as a guard.
    fn condition(&mut self, nodes: &[Node<'t>]) -> (usize, Produced) {
        let start = self.out.commands.len();
        let saved = self.ctx.in_condition;
        self.ctx.in_condition = true;
        let mut produced = Produced::default();
        let mut test_words = Vec::new();
        let mut sp: Option<Span> = None;
        for n in nodes {
            if n.kind_str() == "comment" {
                continue;
            }
            sp = Some(sp.map_or(span(*n), |s| s.cover(span(*n))));
            self.collect_test_words(*n, &mut test_words);
            produced = produced.then(self.stmt(*n));
        }
        self.ctx.in_condition = saved;
        let commands = (start..self.out.commands.len()).collect();
        self.out.guards.push(Guard {
            span: sp.unwrap_or_default(),
            commands,
            test_words,
            exits_when: None,
        });
        (self.out.guards.len() - 1, produced)
    }

    /// The words of `[[ … ]]` / `[ … ]` expressions inside a condition, in order.
    fn collect_test_words(&mut self, node: Node<'t>, out: &mut Vec<Word>) {
        let mut stack = vec![node];
        // a bound on the nodes looked at: `a && b && … && z` nests each condition in the next,
        // and every level would otherwise rescan all of it
        let mut budget = 2_000;
        while let Some(n) = stack.pop() {
            budget -= 1;
            if budget == 0 {
                break;
            }
            match n.kind_str() {
                "test_command"
                | "binary_expression"
                | "unary_expression"
                | "parenthesized_expression"
                | "list"
                | "negated_command"
                | "redirected_statement" => {
                    let mut c = n.walk();
                    let kids: Vec<Node> = n.children(&mut c).collect();
                    for k in kids.into_iter().rev() {
                        stack.push(k);
                    }
                }
                "word" | "string" | "raw_string" | "simple_expansion" | "expansion" | "concatenation" | "number"
                | "ansi_c_string" | "regex" | "extglob_pattern" | "test_operator" => {
                    let w = self.word(n);
                    out.push(w);
                }
                k if !n.is_named() && matches!(k, "=" | "==" | "!=" | "=~" | "<" | ">" | "!" | "&&" | "||") => {
                    out.push(Word::literal(k, span(n)));
                }
                _ => {}
            }
        }
    }

    /// Whether a statement leaves the script (`exit`, `return`, a function that exits, or a
    /// `{ …; exit 1; }` group).
    fn exits(&self, node: Node<'t>) -> bool {
        self.exits_within(node, 8)
    }

    fn exits_within(&self, node: Node<'t>, depth: usize) -> bool {
        if depth == 0 {
            return false;
        }
        let exits = |n: Node<'t>| self.exits_within(n, depth - 1);
        match node.kind_str() {
            "command" => {
                let name = node
                    .child_by_field_id(FIELDS.name.get())
                    .map(|n| text(self.src, n))
                    .unwrap_or("");
                let name = name.trim_matches(|c| c == '"' || c == '\'');
                matches!(
                    name,
                    "exit" | "return" | "die" | "fail" | "fatal" | "abort" | "bail" | "error_exit" | "panic"
                ) || self.funcs.get(name).is_some_and(|body| exits(*body))
            }
            "redirected_statement" => node.child_by_field_id(FIELDS.body.get()).is_some_and(exits),
            "compound_statement" | "list" => {
                let kids = Self::named_children(node);
                kids.iter()
                    .rev()
                    .find(|k| k.kind_str() != "comment")
                    .is_some_and(|k| exits(*k))
            }
            _ => false,
        }
    }

    fn if_stmt(&mut self, node: Node<'t>) -> Produced {
        // clauses: (condition nodes, body nodes); `else` has no condition
        let mut clauses: Vec<(Vec<Node>, Vec<Node>)> = Vec::new();
        let mut else_body: Option<Vec<Node>> = None;
        let mut c = node.walk();
        let kids: Vec<Node> = node.children(&mut c).collect();
        let split = |kids: &[Node<'t>]| -> (Vec<Node<'t>>, Vec<Node<'t>>) {
            let mut cond = Vec::new();
            let mut body = Vec::new();
            let mut in_body = false;
            for k in kids {
                match k.kind_str() {
                    "then" => in_body = true,
                    _ if !k.is_named() => {}
                    _ if in_body => body.push(*k),
                    _ => cond.push(*k),
                }
            }
            (cond, body)
        };
        let main: Vec<Node> = kids
            .iter()
            .copied()
            .filter(|k| !matches!(k.kind_str(), "elif_clause" | "else_clause"))
            .collect();
        clauses.push(split(&main));
        for k in &kids {
            match k.kind_str() {
                "elif_clause" => {
                    let mut c2 = k.walk();
                    let ks: Vec<Node> = k.children(&mut c2).collect();
                    clauses.push(split(&ks));
                }
                "else_clause" => else_body = Some(Self::named_children(*k)),
                _ => {}
            }
        }
        let saved = self.ctx.guards.len();
        let mut produced = Produced::default();
        let mut first_exit: Option<usize> = None;
        let n_clauses = clauses.len();
        for (cond, body) in clauses {
            let (gid, p) = self.condition(&cond);
            produced = produced.then(p);
            self.ctx.guards.push(GuardRef {
                guard: gid,
                when_true: true,
            });
            self.branch += 1;
            produced = produced.then(self.body(&body));
            self.branch -= 1;
            self.ctx.guards.pop();
            if body
                .iter()
                .rev()
                .find(|k| k.kind_str() != "comment")
                .is_some_and(|k| self.exits(*k))
            {
                self.out.guards[gid].exits_when = Some(true);
                first_exit.get_or_insert(gid);
            }
            // later clauses run only when this condition failed
            self.ctx.guards.push(GuardRef {
                guard: gid,
                when_true: false,
            });
        }
        if let Some(body) = else_body {
            self.branch += 1;
            produced = produced.then(self.body(&body));
            self.branch -= 1;
        }
        self.ctx.guards.truncate(saved);
        self.dominating = match first_exit {
            Some(gid) if n_clauses == 1 => Some(GuardRef {
                guard: gid,
                when_true: false,
            }),
            _ => None,
        };
        produced
    }

    /// Statements of a branch body, with dominating guards applied as in a block.
    fn body(&mut self, nodes: &[Node<'t>]) -> Produced {
        let saved = self.ctx.guards.len();
        let mut produced = Produced::default();
        for n in nodes {
            self.dominating = None;
            produced = produced.then(self.stmt(*n));
            if let Some(g) = self.dominating.take() {
                self.ctx.guards.push(g);
            }
        }
        self.ctx.guards.truncate(saved);
        produced
    }

    fn while_stmt(&mut self, node: Node<'t>) -> Produced {
        let mut c = node.walk();
        let conds: Vec<Node> = node
            .children_by_field_id(FIELDS.condition, &mut c)
            .filter(|n| n.is_named())
            .collect();
        let (gid, mut produced) = self.condition(&conds);
        if let Some(body) = node.child_by_field_id(FIELDS.body.get()) {
            self.ctx.guards.push(GuardRef {
                guard: gid,
                when_true: node.kind_str() == "while_statement",
            });
            self.branch += 1;
            produced = produced.then(self.stmt(body));
            self.branch -= 1;
            self.ctx.guards.pop();
        }
        produced
    }

    fn for_stmt(&mut self, node: Node<'t>) -> Produced {
        let mut c = node.walk();
        let values: Vec<Node> = node.children_by_field_id(FIELDS.value, &mut c).collect();
        for v in &values {
            self.substitutions(*v);
        }
        if let Some(var) = node.child_by_field_id(FIELDS.variable.get()) {
            let name = text(self.src, var).to_owned();
            self.set_dynamic(&name);
        }
        self.branch += 1;
        let produced = node
            .child_by_field_id(FIELDS.body.get())
            .map(|body| self.stmt(body))
            .unwrap_or_default();
        self.branch -= 1;
        produced
    }

    fn case_stmt(&mut self, node: Node<'t>) -> Produced {
        let value = node.child_by_field_id(FIELDS.value.get()).map(|v| {
            self.substitutions(v);
            self.word(v)
        });
        let mut produced = Produced::default();
        for item in Self::named_children(node) {
            if item.kind_str() != "case_item" {
                continue;
            }
            let mut c = item.walk();
            let patterns: Vec<Node> = item.children_by_field_id(FIELDS.value, &mut c).collect();
            let mut test_words: Vec<Word> = value.iter().cloned().collect();
            test_words.push(Word::literal("==", span(item)));
            for p in &patterns {
                let w = self.word(*p);
                test_words.push(w);
            }
            self.out.guards.push(Guard {
                span: span(item),
                commands: Vec::new(),
                test_words,
                exits_when: None,
            });
            let gid = self.out.guards.len() - 1;
            let body: Vec<Node> = Self::named_children(item)
                .into_iter()
                .filter(|k| !patterns.iter().any(|p| p.id() == k.id()))
                .collect();
            self.ctx.guards.push(GuardRef {
                guard: gid,
                when_true: true,
            });
            self.branch += 1;
            produced = produced.then(self.body(&body));
            self.branch -= 1;
            self.ctx.guards.pop();
        }
        produced
    }

    fn function(&mut self, node: Node<'t>) -> Produced {
        let name = node
            .child_by_field_id(FIELDS.name.get())
            .map(|n| text(self.src, n).to_owned())
            .unwrap_or_default();
        let Some(body) = node.child_by_field_id(FIELDS.body.get()) else {
            return Produced::default();
        };
        if self.calls.is_empty() {
            self.funcs.insert(name.clone(), body);
        }
        let saved = self.ctx.in_function.replace(name);
        let saved_guards = std::mem::take(&mut self.ctx.guards);
        let saved_branch = std::mem::take(&mut self.branch);
        self.stmt(body);
        self.branch = saved_branch;
        self.ctx.guards = saved_guards;
        self.ctx.in_function = saved;
        Produced::default()
    }

    fn declaration(&mut self, node: Node<'t>) -> Produced {
        let keyword = node.child(0).map(|k| k.kind_str()).unwrap_or("");
        let exported = keyword == "export"
            || Self::named_children(node).iter().any(|k| {
                k.kind_str() == "word" && text(self.src, *k).starts_with('-') && text(self.src, *k).contains('x')
            });
        for k in Self::named_children(node) {
            match k.kind_str() {
                "variable_assignment" => self.assign(k, exported),
                "variable_name" if exported => {
                    let name = text(self.src, k).to_owned();
                    let value = self.lookup_word(&name, span(k));
                    self.out.assignments.push(ScriptAssignment {
                        name,
                        value,
                        span: span(k),
                        exported: true,
                    });
                }
                _ => self.substitutions(k),
            }
        }
        Produced::default()
    }

    /// A `NAME=value` statement: updates the variable and records the assignment.
    fn assign(&mut self, node: Node<'t>, exported: bool) {
        if node.kind_str() != "variable_assignment" {
            self.substitutions(node);
            return;
        }
        self.substitutions(node);
        let Some(name_node) = node.child_by_field_id(FIELDS.name.get()) else {
            return;
        };
        let name = match name_node.kind_str() {
            "subscript" => name_node
                .child_by_field_id(FIELDS.name.get())
                .map(|n| text(self.src, n))
                .unwrap_or(""),
            _ => text(self.src, name_node),
        }
        .to_owned();
        let append = node.child(1).is_some_and(|op| op.kind_str() == "+=");
        let value_node = node.child_by_field_id(FIELDS.value.get());
        self.array_assignment(&name, name_node.kind_str() == "subscript", value_node, append);
        self.tainted = false;
        let mut value = match value_node {
            Some(v) if v.kind_str() == "array" => {
                let mut b = WordBuilder::new(span(v));
                b.part(Part::Var {
                    name: name.clone(),
                    quoted: false,
                    state: VarState::Dynamic,
                    required: false,
                    default: None,
                });
                b.finish()
            }
            Some(v) => self.word(v),
            None => Word::literal("", Span::new(node.end_byte(), node.end_byte())),
        };
        let tainted = self.tainted;
        if value_node.is_some_and(|v| self.is_mktemp(v)) {
            value.parts = vec![Part::Var {
                name: name.clone(),
                quoted: true,
                state: VarState::Temp,
                required: false,
                default: None,
            }];
        }
        let temp = matches!(
            value.parts.as_slice(),
            [Part::Var {
                state: VarState::Temp,
                ..
            }]
        );
        if name_node.kind_str() == "subscript"
            || value.parts.iter().any(|p| matches!(p, Part::Subst))
            || (self.branch > 0 && !temp)
        {
            // an array element, a value computed at run time, or one assigned only on some
            // paths: known to be set, value unknown
            self.set_dynamic(&name);
        } else {
            let mut parts = value.parts.clone();
            if append {
                let prev = self.vars.get(&name).map(|v| v.parts.clone());
                let mut prev = prev.unwrap_or_else(|| {
                    vec![Part::Var {
                        name: name.clone(),
                        quoted: true,
                        state: VarState::External,
                        required: false,
                        default: None,
                    }]
                });
                if !self.charge(&prev, span(node)) {
                    // grown past the inlining budget (`A+="$A"` repeated): set, value unknown
                    prev = vec![Part::Var {
                        name: name.clone(),
                        quoted: true,
                        state: VarState::Dynamic,
                        required: false,
                        default: None,
                    }];
                    parts.clear();
                }
                prev.extend(parts);
                parts = prev;
            }
            self.set_var(name.clone(), VarValue { parts, tainted });
        }
        self.out.assignments.push(ScriptAssignment {
            name,
            value,
            span: span(node),
            exported,
        });
    }

    fn is_mktemp(&self, node: Node) -> bool {
        let t = text(self.src, node).trim_matches('"');
        let inner = t.strip_prefix("$(").or_else(|| t.strip_prefix('`')).unwrap_or("");
        inner.trim_start().starts_with("mktemp")
    }

    /// Records that a bound of the walk was hit at `at` (the first time for each kind).
    fn limit(&mut self, at: Span, what: &'static str) {
        if !self.out.limits.iter().any(|(_, w)| *w == what) {
            self.out.limits.push((at, what));
        }
    }

    /// Keeps the static elements of `NAME=(…)` (and `NAME+=(…)`) for `"${NAME[@]}"`; any other
    /// assignment of the name, or one that may not happen, forgets them.
    fn array_assignment(&mut self, name: &str, element: bool, value: Option<Node<'t>>, append: bool) {
        let known = self.arrays.remove(name);
        let Some(v) = value.filter(|v| v.kind_str() == "array") else {
            return;
        };
        if element || self.branch > 0 || !self.calls.is_empty() || (append && known.is_none()) {
            return;
        }
        let mut words = if append { known.unwrap_or_default() } else { Vec::new() };
        for el in Self::named_children(v) {
            if el.kind_str() == "comment" {
                continue;
            }
            words.extend(self.word_list(el));
        }
        if words.iter().all(Word::is_static) {
            self.arrays.insert(name.to_owned(), words);
        }
    }

    fn set_dynamic(&mut self, name: &str) {
        let parts = vec![Part::Var {
            name: name.to_owned(),
            quoted: true,
            state: VarState::Dynamic,
            required: false,
            default: None,
        }];
        self.set_var(name.to_owned(), VarValue { parts, tainted: false });
    }

    /// Walks the statements inside command substitutions found under `node`.
    fn substitutions(&mut self, node: Node<'t>) {
        // `$( )`, backticks, `<( )`, `>( )`: text without `(` or a backtick holds none
        let bytes = &self.src.as_bytes()[node.start_byte().min(self.src.len())..node.end_byte().min(self.src.len())];
        if memchr::memchr2(b'(', b'`', bytes).is_none() {
            return;
        }
        // one cursor over the subtree (no allocation per node); the substitutions found are
        // walked afterwards, in order
        let mut found: Vec<Node<'t>> = Vec::new();
        let mut cursor = node.walk();
        // the depth is counted here: the cursor's own `depth()` walks its whole stack, which
        // made deep trees quadratic
        let mut depth = 0usize;
        'walk: loop {
            let n = cursor.node();
            let sub = matches!(n.kind_str(), "command_substitution" | "process_substitution");
            if sub {
                found.push(n);
            } else if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                if depth == 0 {
                    break 'walk;
                }
                if cursor.goto_next_sibling() {
                    continue 'walk;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
                depth -= 1;
            }
        }
        for n in found {
            if n.kind_str() == "process_substitution" {
                self.out.process_substitutions.push(span(n));
            }
            if !self.enter(n) {
                continue;
            }
            let saved = self.ctx.in_substitution;
            self.ctx.in_substitution = true;
            self.block(n);
            self.ctx.in_substitution = saved;
            self.depth -= 1;
        }
    }

    // ----- commands ---------------------------------------------------------------------

    fn command(&mut self, node: Node<'t>, extra: Extra<'t>) -> Produced {
        let mut assigns = Vec::new();
        let mut name = None;
        let mut args: Vec<Node> = Vec::new();
        let mut redirects = extra.redirects;
        // one cursor over the children, reading each one's field as it goes (asking the node
        // for the field of its i-th child walks the children up to i every time)
        let mut c = node.walk();
        let fields = &*FIELDS;
        let mut more = c.goto_first_child();
        while more {
            let child = c.node();
            match c.field_id() {
                Some(f) if f == fields.name => name = Some(child),
                Some(f) if f == fields.argument => args.push(child),
                Some(f) if f == fields.redirect => redirects.push(child),
                _ if child.kind_str() == "variable_assignment" && name.is_none() => assigns.push(child),
                _ if matches!(child.kind_str(), "file_redirect" | "herestring_redirect") => redirects.push(child),
                _ => {}
            }
            more = c.goto_next_sibling();
        }
        args.extend(extra.args);
        args.sort_by_key(|a| a.start_byte());

        // substitutions run before the command
        for n in assigns
            .iter()
            .chain(name.iter())
            .chain(args.iter())
            .chain(redirects.iter())
        {
            self.substitutions(*n);
        }
        if let Some(h) = extra.heredoc
            && let Some(body) = h.named_children(&mut h.walk()).find(|k| k.kind_str() == "heredoc_body")
        {
            self.substitutions(body);
        }

        let Some(name) = name else {
            for a in assigns {
                self.assign(a, false);
            }
            return Produced::default();
        };
        // tree-sitter-bash sometimes glues the next line onto a command as arguments (a line
        // that starts with a backslash, `\rm -rf /`; an argument `==`): split the command at
        // every unescaped newline between its words
        let mut segments: Vec<Vec<Node>> = vec![Vec::new()];
        let mut prev_end = name.end_byte();
        for a in args {
            let starts_with_newline = a.kind_str() == "word" && text(self.src, a).starts_with('\n');
            if starts_with_newline || unescaped_newline(&self.src[prev_end.min(a.start_byte())..a.start_byte()]) {
                segments.push(Vec::new());
            }
            prev_end = a.end_byte();
            segments.last_mut().expect("one segment at least").push(a);
        }
        self.tainted = false;
        let first: Vec<Node> = std::iter::once(name).chain(segments[0].iter().copied()).collect();
        let words = self.word_lists(&first);
        let mut assignments = Vec::new();
        for a in assigns {
            let Some(n) = a.child_by_field_id(FIELDS.name.get()) else {
                continue;
            };
            let value = match a.child_by_field_id(FIELDS.value.get()) {
                Some(v) => self.word(v),
                None => Word::literal("", Span::new(a.end_byte(), a.end_byte())),
            };
            assignments.push(Assignment {
                name: text(self.src, n).to_owned(),
                value,
                span: span(a),
            });
        }
        let whole = extra.span.unwrap_or_else(|| span(node));
        if segments.len() == 1 {
            let (redirect_list, stdin) = self.redirects(&redirects, extra.heredoc);
            return self
                .finish_command(words, assignments, redirect_list, stdin, whole)
                .map(Produced::one)
                .unwrap_or_default();
        }
        // each redirect (and the heredoc) belongs to the segment it stands in
        let starts: Vec<usize> = std::iter::once(name.start_byte())
            .chain(segments[1..].iter().map(|s| s[0].start_byte()))
            .collect();
        let segment_of = |at: usize| starts.iter().rposition(|&s| s <= at).unwrap_or(0);
        let mut seg_redirects: Vec<Vec<Node>> = vec![Vec::new(); segments.len()];
        for r in &redirects {
            seg_redirects[segment_of(r.start_byte())].push(*r);
        }
        let heredoc_segment = extra.heredoc.map(|h| segment_of(h.start_byte()));
        let heredoc_for = |k: usize| {
            if heredoc_segment == Some(k) {
                extra.heredoc
            } else {
                None
            }
        };
        let own_end = segments[0].last().map_or(name.end_byte(), |a| a.end_byte());
        let (redirect_list, stdin) = self.redirects(&seg_redirects[0], heredoc_for(0));
        let mut produced = self
            .finish_command(
                words,
                assignments,
                redirect_list,
                stdin,
                Span::new(whole.start(), own_end),
            )
            .map(Produced::one)
            .unwrap_or_default();
        let n = segments.len();
        for (k, seg) in segments.into_iter().enumerate().skip(1) {
            let first = seg[0];
            let lead = text(self.src, first).len() - text(self.src, first).trim_start_matches('\n').len();
            let start = first.start_byte() + lead;
            self.tainted = false;
            let mut words = if lead > 0 {
                let mut b = WordBuilder::new(Span::new(start, first.end_byte()));
                b.unquoted(&text(self.src, first)[lead..], start, false);
                vec![b.finish()]
            } else {
                self.word_list(first)
            };
            for a in &seg[1..] {
                let ws = self.word_list(*a);
                words.extend(ws);
            }
            let end = if k + 1 == n {
                // arguments glued on from outside the node (after a heredoc) may end after it
                whole.end().max(seg.last().map_or(start, |a| a.end_byte()))
            } else {
                seg.last().map_or(start, |a| a.end_byte())
            };
            let (redirects, input) = self.redirects(&seg_redirects[k], heredoc_for(k));
            // leading `NAME=value` words: assignments, of the statement or of the command after them
            let lead_assignments = words.iter().take_while(|w| assignment_word(w).is_some()).count();
            let assigned: Vec<Word> = words.drain(..lead_assignments).collect();
            if words.is_empty() {
                for w in &assigned {
                    self.assign_word(w);
                }
                continue;
            }
            let prefix: Vec<Assignment> = assigned
                .iter()
                .filter_map(|w| {
                    let name = assignment_word(w)?;
                    Some(Assignment {
                        value: wrappers::value_after_eq(w, name.len() + 1),
                        name,
                        span: w.span,
                    })
                })
                .collect();
            let p = self
                .finish_command(words, prefix, redirects, input, Span::new(start, end))
                .map(Produced::one)
                .unwrap_or_default();
            produced = produced.then(p);
        }
        produced
    }

    /// A `NAME=value` statement recovered from words tree-sitter-bash glued onto a command.
    fn assign_word(&mut self, w: &Word) {
        let Some(name) = assignment_word(w) else { return };
        let value = wrappers::value_after_eq(w, name.len() + 1);
        let parts = if self.branch > 0 || value.parts.iter().any(|p| matches!(p, Part::Subst)) {
            vec![Part::Var {
                name: name.clone(),
                quoted: true,
                state: VarState::Dynamic,
                required: false,
                default: None,
            }]
        } else {
            value.parts.clone()
        };
        self.set_var(name.clone(), VarValue { parts, tainted: false });
        self.out.assignments.push(ScriptAssignment {
            name,
            value,
            span: w.span,
            exported: false,
        });
    }

    /// A `{a,b,c}` word that tree-sitter-bash took for the start of a `{ … }` group: its first
    /// word is the brace expansion, and the statements it swallowed after that are walked as
    /// they are.
    fn brace_word_command(&mut self, node: Node<'t>) -> Produced {
        let kids = Self::named_children(node);
        let (name_end, args): (usize, Vec<Node>) = match kids.first() {
            Some(k) if k.kind_str() == "command" => {
                let mut c = k.walk();
                let args = k.children_by_field_id(FIELDS.argument, &mut c).collect();
                (
                    k.child_by_field_id(FIELDS.name.get())
                        .map_or(k.end_byte(), |n| n.end_byte()),
                    args,
                )
            }
            Some(k) if k.kind_str() == "command_name" => (k.end_byte(), Vec::new()),
            _ => return self.block(node),
        };
        let word = Word::literal(
            &self.src[node.start_byte()..name_end],
            Span::new(node.start_byte(), name_end),
        );
        let Some(mut words) = brace_expand(&word) else {
            return self.block(node);
        };
        self.tainted = false;
        for a in &args {
            let ws = self.word_list(*a);
            words.extend(ws);
        }
        let end = args.last().map_or(name_end, |a| a.end_byte());
        let mut produced = self
            .finish_command(words, Vec::new(), Vec::new(), None, Span::new(node.start_byte(), end))
            .map(Produced::one)
            .unwrap_or_default();
        for k in kids.into_iter().skip(1) {
            produced = produced.then(self.stmt(k));
        }
        produced
    }

    fn redirects(&mut self, redirects: &[Node<'t>], heredoc: Option<Node<'t>>) -> (Vec<Redirect>, Option<Input>) {
        let mut redirect_list = Vec::new();
        let mut stdin = None;
        for r in redirects {
            match r.kind_str() {
                "file_redirect" => {
                    let fd = r
                        .child_by_field_id(FIELDS.descriptor.get())
                        .and_then(|d| text(self.src, d).parse().ok());
                    let op = (0..r.child_count())
                        .filter_map(|i| r.child(i))
                        .find(|k| !k.is_named())
                        .map(|k| k.kind_str().to_owned())
                        .unwrap_or_default();
                    if let Some(dest) = r.child_by_field_id(FIELDS.destination.get()) {
                        let target = self.word(dest);
                        redirect_list.push(Redirect { op, fd, target });
                    }
                }
                "herestring_redirect" => {
                    if let Some(w) = r.named_children(&mut r.walk()).last() {
                        let word = self.word(w);
                        let literal = matches!(w.kind_str(), "raw_string" | "ansi_c_string");
                        stdin = Some(Input {
                            text: word.value().unwrap_or_default(),
                            is_static: word.is_static(),
                            map: word.map.clone(),
                            span: word.span,
                            literal,
                            heredoc: false,
                        });
                    }
                }
                _ => {}
            }
        }
        if let Some(h) = heredoc {
            stdin = self.heredoc(h).or(stdin);
        }
        (redirect_list, stdin)
    }

    /// Peels wrappers off evaluated words and records the command (or, inside a function call
    /// expansion, only when it used the call's arguments).
    fn finish_command(
        &mut self,
        mut words: Vec<Word>,
        mut assignments: Vec<Assignment>,
        redirects: Vec<Redirect>,
        stdin: Option<Input>,
        node_span: Span,
    ) -> Option<usize> {
        let peeled = wrappers::peel(&words);
        let mut rest: Vec<Word> = peeled.split;
        rest.extend(words.drain(peeled.start.min(words.len())..));
        if rest.is_empty() {
            return None;
        }
        let name_word = rest.remove(0);
        let program = name_word.value().map(|v| normalize_program(&v));
        assignments.extend(peeled.assignments);
        if self.calls.is_empty()
            && let Some(f) = &self.ctx.in_function
        {
            self.func_programs.entry(f.clone()).or_default().push(program.clone());
        }
        let (cmd_span, via_call) = match self.calls.last() {
            Some(call) => {
                if !self.tainted {
                    self.after_command(program.as_deref(), &rest);
                    return None;
                }
                (call.span, Some(call.name.clone()))
            }
            None => (node_span, None),
        };
        let mut context = self.ctx.clone();
        context.via_call = via_call;
        let cmd = Command {
            span: cmd_span,
            name: name_word,
            program: program.clone(),
            args: rest,
            wrappers: peeled.wrappers,
            assignments,
            redirects,
            stdin,
            piped_from: None,
            context,
        };
        self.out.commands.push(cmd);
        let idx = self.out.commands.len() - 1;
        let args = self.out.commands[idx].args.clone();
        self.after_command(program.as_deref(), &args);
        if let Some(p) = program.as_deref()
            && self.funcs.contains_key(p)
            && self.out.commands[idx].wrappers.is_empty()
        {
            self.expand_call(p, args, node_span);
        }
        Some(idx)
    }

    /// Script facts a command changes: `set -e/-u`, variables `read` and friends assign.
    fn after_command(&mut self, program: Option<&str>, args: &[Word]) {
        match program {
            Some("set") => {
                let mut it = args.iter().filter_map(Word::value).peekable();
                while let Some(a) = it.next() {
                    let (on, flags) = match a.chars().next() {
                        Some('-') => (true, &a[1..]),
                        Some('+') => (false, &a[1..]),
                        _ => continue,
                    };
                    if flags == "o" {
                        match it.next().as_deref() {
                            Some("errexit") => self.ctx.errexit = on,
                            Some("nounset") => self.ctx.nounset = on,
                            _ => {}
                        }
                        continue;
                    }
                    if flags.contains('e') {
                        self.ctx.errexit = on;
                    }
                    if flags.contains('u') {
                        self.ctx.nounset = on;
                    }
                    if flags.ends_with('o') {
                        match it.next().as_deref() {
                            Some("errexit") => self.ctx.errexit = on,
                            Some("nounset") => self.ctx.nounset = on,
                            _ => {}
                        }
                    }
                }
            }
            Some("read" | "mapfile" | "readarray" | "getopts") => {
                for w in args.iter().filter(|w| w.value().is_some_and(|v| wrappers::is_name(&v))) {
                    let name = w.value().unwrap_or_default();
                    self.set_dynamic(&name);
                    if program == Some("read") {
                        self.out.read_vars.push((name, w.span));
                    }
                }
            }
            Some("printf") => {
                if let Some(pos) = args.iter().position(|a| a.as_lit() == Some("-v"))
                    && let Some(v) = args.get(pos + 1).and_then(Word::value)
                {
                    self.set_dynamic(&v);
                }
            }
            _ => {}
        }
    }

    /// Re-walks a function's body with its positional parameters bound to a call's arguments;
    /// commands that use them are reported at the call.
    fn expand_call(&mut self, name: &str, args: Vec<Word>, call_span: Span) {
        if self.calls.iter().any(|c| c.name == name) {
            return; // recursion: the body was expanded with the outer call's arguments
        }
        if self.calls.len() >= MAX_CALL_DEPTH {
            // what the body does with these arguments is not checked: say so when there are any
            // (and the calls start at the top level, not in a function's definition)
            if !args.is_empty() && self.ctx.in_function.is_none() {
                let at = self.calls.first().map(|c| c.span).unwrap_or(call_span);
                self.limit(
                    at,
                    "function calls nested this deep (or this many) were not followed with their arguments",
                );
            }
            return;
        }
        let Some(body) = self.funcs.get(name).copied() else {
            return;
        };
        if self.expansion_work >= self.expansion_budget || self.expanded >= MAX_EXPANDED {
            let at = self.calls.first().map_or(call_span, |c| c.span);
            self.out.calls_not_followed.get_or_insert(at);
            return;
        }
        if !self.uses_arguments(body) || !self.runs_anything_interesting(name) {
            // only words built from the call's arguments make a command differ from the one
            // already analysed at the definition, and only in commands the analysis looks at
            return;
        }
        let span = self.calls.first().map(|c| c.span).unwrap_or(call_span);
        self.calls.push(CallSite {
            span,
            name: name.to_owned(),
            args,
        });
        let before = self.out.commands.len();
        let saved_guards = self.ctx.guards.clone();
        // variables set in the body are undone after it (no copy of the whole table per call)
        self.var_undo.push(Vec::new());
        self.stmt(body);
        for (name, old) in self.var_undo.pop().unwrap_or_default().into_iter().rev() {
            match old {
                Some(v) => self.vars.insert(name, v),
                None => self.vars.remove(&name),
            };
        }
        self.ctx.guards = saved_guards;
        self.calls.pop();
        self.expanded += self.out.commands.len() - before;
    }

    fn set_var(&mut self, name: String, value: VarValue) {
        let old = self.vars.insert(name.clone(), value);
        if let Some(frame) = self.var_undo.last_mut() {
            frame.push((name, old));
        }
    }

    fn unset_var(&mut self, name: &str) {
        let old = self.vars.remove(name);
        if let Some(frame) = self.var_undo.last_mut() {
            frame.push((name.to_owned(), old));
        }
    }

    /// Whether a function's body runs a program the analysis looks at, a computed command or
    /// another function.
    fn runs_anything_interesting(&self, name: &str) -> bool {
        self.func_programs.get(name).is_none_or(|programs| {
            programs.iter().any(|p| match p {
                None => true,
                Some(p) => (self.interesting)(p) || self.funcs.contains_key(p),
            })
        })
    }

    /// Whether a function body can read its call's arguments: a positional parameter (`$1`,
    /// `${2}`, `$@`, `$*`), or a call of another function (which may pass them on).
    fn uses_arguments(&self, body: Node<'t>) -> bool {
        let text = text(self.src, body).as_bytes();
        let positional = memchr::memchr_iter(b'$', text).any(|i| {
            let next = text.get(i + 1).copied();
            let next = if next == Some(b'{') {
                text.get(i + 2).copied()
            } else {
                next
            };
            next.is_some_and(|c| c.is_ascii_digit() || c == b'@' || c == b'*')
        });
        positional
            || self.funcs.keys().any(|f| {
                memchr::memmem::find_iter(text, f.as_bytes()).any(|i| {
                    let edge =
                        |c: Option<&u8>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'_' && *c != b'-');
                    edge(i.checked_sub(1).and_then(|j| text.get(j))) && edge(text.get(i + f.len()))
                })
            })
    }

    fn heredoc(&mut self, h: Node<'t>) -> Option<Input> {
        let start = h
            .named_children(&mut h.walk())
            .find(|k| k.kind_str() == "heredoc_start")?;
        let body = h
            .named_children(&mut h.walk())
            .find(|k| k.kind_str() == "heredoc_body")?;
        let delim = text(self.src, start);
        let literal = delim.contains(['\'', '"', '\\']);
        let mut b = WordBuilder::new(span(body));
        let body_text = text(self.src, body);
        if literal {
            for (i, ch) in body_text.char_indices() {
                b.ch(ch, body.start_byte() + i, true);
            }
        } else {
            let mut pos = body.start_byte();
            for k in Self::named_children(body) {
                if k.kind_str() == "heredoc_content" {
                    continue;
                }
                self.heredoc_text(&mut b, pos, k.start_byte());
                self.word_into(k, &mut b, true);
                pos = k.end_byte();
            }
            self.heredoc_text(&mut b, pos, body.end_byte());
        }
        let word = b.finish();
        if !word.is_static() {
            // expansions whose values are unknown: the body as written (`rm -rf $DIR`) reads the
            // same to a shell or SQL client analysing it
            return Some(Input {
                text: body_text.to_owned(),
                map: OffsetMap::identity(body.start_byte()),
                span: span(body),
                literal,
                is_static: false,
                heredoc: true,
            });
        }
        Some(Input {
            text: word.value().unwrap_or_default(),
            map: word.map,
            span: span(body),
            literal,
            is_static: true,
            heredoc: true,
        })
    }

    fn heredoc_text(&self, b: &mut WordBuilder, from: usize, to: usize) {
        if from >= to {
            return;
        }
        let t = &self.src[from..to];
        let mut it = t.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c == '\\'
                && let Some(&(j, d)) = it.peek()
            {
                if matches!(d, '$' | '`' | '\\') {
                    it.next();
                    b.ch(d, from + j, true);
                    continue;
                }
                if d == '\n' {
                    it.next();
                    continue;
                }
            }
            b.ch(c, from + i, true);
        }
    }

    // ----- words ------------------------------------------------------------------------

    /// The words one argument node becomes: `"$@"` in a function call expansion splices the
    /// call's arguments, an unquoted expansion of a known value splits on whitespace, and an
    /// unquoted brace expansion `{a,b}` expands.
    fn word_list(&mut self, node: Node<'t>) -> Vec<Word> {
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
    fn word_lists(&mut self, nodes: &[Node<'t>]) -> Vec<Word> {
        let mut out = Vec::new();
        let mut k = 0;
        while k < nodes.len() {
            let n = nodes[k];
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
                let mut c = inner.walk();
                let kids: Vec<Node> = inner.children(&mut c).collect();
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

    fn word(&mut self, node: Node<'t>) -> Word {
        let mut b = WordBuilder::new(span(node));
        self.word_into(node, &mut b, false);
        b.finish()
    }

    fn word_into(&mut self, node: Node<'t>, b: &mut WordBuilder, quoted: bool) {
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
                let mut c = node.walk();
                let kids: Vec<Node> = node.children(&mut c).collect();
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
                let mut c = node.walk();
                let kids: Vec<Node> = node.children(&mut c).collect();
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
                    .named_children(&mut node.walk())
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
        let mut c = node.walk();
        let kids: Vec<Node> = node.children(&mut c).collect();
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
        let op_node = node.child_by_field_id(FIELDS.operator.get());
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

    fn var_state(&self, name: &str) -> VarState {
        if is_special_param(name) {
            return VarState::Special;
        }
        match self.vars.get(name) {
            Some(v) => match v.parts.as_slice() {
                [
                    Part::Var {
                        state: VarState::Temp, ..
                    },
                ] => VarState::Temp,
                _ => VarState::Dynamic,
            },
            None => VarState::External,
        }
    }

    /// Expands `$name` into the builder: a known value is inlined (so `D=$ROOT/x; rm "$D"` shows
    /// `$ROOT`), an unknown one becomes a [`Part::Var`].
    fn expand_var(
        &mut self,
        name: &str,
        sp: Span,
        quoted: bool,
        b: &mut WordBuilder,
        required: bool,
        default: Option<String>,
    ) {
        let required = required || self.required.contains(name);
        if let Some(call) = self.calls.last() {
            if let Ok(n) = name.parse::<usize>()
                && n >= 1
            {
                self.tainted = true;
                match call.args.get(n - 1).cloned() {
                    Some(w) if self.charge(&w.parts, sp) => self.inline_parts(&w.parts, sp, quoted, b, name),
                    Some(_) => b.part(Part::Var {
                        name: name.to_owned(),
                        quoted,
                        state: VarState::Special,
                        required,
                        default,
                    }),
                    None => b.stretch("", sp.start(), quoted, Some(name)),
                }
                return;
            }
            if matches!(name, "@" | "*") {
                self.tainted = true;
                let joined: Vec<String> = call.args.iter().map(Word::display).collect();
                let joined = joined.join(" ");
                let known = [Part::Lit {
                    text: joined,
                    quoted,
                    var: None,
                }];
                if self.charge(&known, sp) {
                    let [Part::Lit { text, .. }] = &known else {
                        unreachable!()
                    };
                    b.stretch(text, sp.start(), quoted, Some(name));
                } else {
                    b.part(Part::Var {
                        name: name.to_owned(),
                        quoted,
                        state: VarState::Special,
                        required,
                        default,
                    });
                }
                return;
            }
        }
        if is_special_param(name) {
            b.part(Part::Var {
                name: name.to_owned(),
                quoted,
                state: VarState::Special,
                required,
                default,
            });
            return;
        }
        match self.vars.get(name).cloned() {
            Some(v) => {
                if v.tainted {
                    self.tainted = true;
                }
                match v.parts.as_slice() {
                    [
                        Part::Var {
                            state: VarState::Temp, ..
                        },
                    ] => b.part(Part::Var {
                        name: name.to_owned(),
                        quoted,
                        state: VarState::Temp,
                        required,
                        default,
                    }),
                    [
                        Part::Var {
                            name: n,
                            state: VarState::Dynamic,
                            ..
                        },
                    ] if n == name => b.part(Part::Var {
                        name: name.to_owned(),
                        quoted,
                        state: VarState::Dynamic,
                        required,
                        default,
                    }),
                    parts if self.charge(parts, sp) => self.inline_parts(parts, sp, quoted, b, name),
                    _ => b.part(Part::Var {
                        name: name.to_owned(),
                        quoted,
                        state: VarState::Dynamic,
                        required,
                        default,
                    }),
                }
            }
            None => b.part(Part::Var {
                name: name.to_owned(),
                quoted,
                state: VarState::External,
                required,
                default,
            }),
        }
    }

    /// Takes the size of a value about to be inlined at `at` from the budget; false (and the
    /// place recorded) when it is spent.
    fn charge(&mut self, parts: &[Part], at: Span) -> bool {
        let size: usize = parts
            .iter()
            .map(|p| match p {
                Part::Lit { text, .. } => text.len() + 1,
                _ => 1,
            })
            .sum();
        match self.inline_budget.checked_sub(size) {
            Some(rest) => {
                self.inline_budget = rest;
                true
            }
            None => {
                self.limit(
                    at,
                    "variable values built from other values grew too large to follow here; from here on they were read as unknown",
                );
                false
            }
        }
    }

    fn inline_parts(&mut self, parts: &[Part], sp: Span, quoted: bool, b: &mut WordBuilder, var: &str) {
        for p in parts {
            match p {
                Part::Lit { text, .. } => b.stretch(text, sp.start(), quoted, Some(var)),
                Part::Var {
                    name,
                    state,
                    required,
                    default,
                    ..
                } => b.part(Part::Var {
                    name: name.clone(),
                    quoted,
                    state: state.clone(),
                    required: *required || self.required.contains(name),
                    default: default.clone(),
                }),
                Part::Subst => b.part(Part::Subst),
            }
        }
    }

    fn lookup_word(&mut self, name: &str, sp: Span) -> Word {
        let mut b = WordBuilder::new(sp);
        self.expand_var(name, sp, true, &mut b, false, None);
        b.finish()
    }
}

/// The variable name of a `NAME=value` word.
fn assignment_word(w: &Word) -> Option<String> {
    let prefix = w.static_prefix();
    let (name, _) = prefix.split_once('=')?;
    wrappers::is_name(name).then(|| name.to_owned())
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
            .child(inner.child_count().saturating_sub(1))
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

/// Whether a run of text between words holds a newline that is not a line continuation.
fn unescaped_newline(gap: &str) -> bool {
    let b = gap.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\n' && (i == 0 || b[i - 1] != b'\\'))
}

/// Expands an unquoted, static `pre{a,b}post` into several words (`{rm,-rf,/}` → `rm -rf /`).
fn brace_expand(word: &Word) -> Option<Vec<Word>> {
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
