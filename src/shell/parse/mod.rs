//! Walks the tree-sitter-bash syntax tree into the [`Script`] IR: every simple command in execution
//! order, the guards around them, and a simple constant propagation of variables and arguments.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

use super::ir::{Context, GuardRef, Part, Script, VarState, Word};
use crate::source::Span;
use errors::error_spans;
use tree::{Flat, Node};

mod commands;
mod conditions;
mod errors;
mod redirects;
mod statements;
mod tree;
mod variables;
mod words;

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

/// Node kind names by kind id. `tree_sitter::Node::kind` turns the grammar's C string into a
/// `&str` (a `strlen`) at every call; the walker asks for kinds millions of times on a large corpus.
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

/// Parses `text` with tree-sitter-bash (one parser per thread).
pub fn parse_tree(text: &str) -> Result<Tree, String> {
    parse_with_grammar(&PARSER, language, "tree-sitter-bash", text)
}

/// Parses `text` with the parser kept in `parser` (one per thread, made on first use with the
/// grammar `language`, named `grammar` in errors).
pub fn parse_with_grammar(
    parser: &'static std::thread::LocalKey<RefCell<Option<Parser>>>,
    language: fn() -> tree_sitter::Language,
    grammar: &str,
    text: &str,
) -> Result<Tree, String> {
    parser.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&language())
                .map_err(|e| format!("the {grammar} grammar cannot be loaded: {e}"))?;
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
    // following function calls may cost about as much as the script itself, however the calls nest
    let expansion_budget = tree.root_node().descendant_count() / 4 + 2_000;
    // one pass over tree-sitter's tree; the walker reads the copy (and the original is freed)
    let flat = Flat::new(&tree);
    drop(tree);
    let root = flat.root();
    let mut w = Walker::new(text, interesting);
    w.expansion_budget = expansion_budget;
    let (errexit, nounset) = shebang_flags(text);
    w.ctx.errexit = errexit;
    w.ctx.nounset = nounset;
    w.block(root);
    let mut script = w.out;
    if root.has_error() {
        script.errors = error_spans(text, root);
        let errors = root.named_children().filter(|c| c.is_error()).count();
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

    /// Records that a bound of the walk was hit at `at` (the first time for each kind).
    fn limit(&mut self, at: Span, what: &'static str) {
        if !self.out.limits.iter().any(|(_, w)| *w == what) {
            self.out.limits.push((at, what));
        }
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
}
