//! Walks the tree-sitter-powershell syntax tree into the [`Script`] IR: each command in execution
//! order with its parameters normalized, the conditions around it, the script's assignments.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use tree_sitter::Node;

use super::names;
use crate::shell::batch::cmd_switch;
use crate::shell::ir::{
    Command, Context, Dialect, Guard, GuardRef, Part, Redirect, Script, ScriptAssignment, VarState, Word,
};
use crate::source::{OffsetMap, Span};

/// Nodes nested deeper than this are not walked (reported as `truncated`): an expression adds a
/// level for each of the grammar's precedence wrappers, so this is some forty levels of code.
const MAX_DEPTH: usize = 600;
/// Errors reported at most, per script.
const MAX_ERRORS: usize = 200;

/// What the script says of a variable.
#[derive(Clone)]
enum Val {
    /// Assigned a value known statically.
    Known(String),
    /// Assigned at run time.
    Dynamic,
    /// A parameter of the script or a function.
    Param,
}

/// Automatic variables PowerShell sets itself: never empty, never the script's to check.
const AUTOMATIC: &[&str] = &[
    "_",
    "psitem",
    "args",
    "input",
    "this",
    "matches",
    "pwd",
    "psscriptroot",
    "pscommandpath",
    "myinvocation",
    "pshome",
    "profile",
    "host",
    "pid",
    "lastexitcode",
    "error",
    "executioncontext",
    "psversiontable",
    "iswindows",
    "islinux",
    "ismacos",
    "iscoreclr",
    "psboundparameters",
    "pscmdlet",
    "foreach",
    "switch",
    "?",
    "stacktrace",
    "shellid",
    "psculture",
    "psuiculture",
    "nestedpromptlevel",
    "event",
    "sender",
];

pub(super) struct Walker<'t> {
    src: &'t str,
    out: Script,
    ctx: Context,
    vars: HashMap<String, Val>,
    env: HashMap<String, Option<String>>,
    functions: HashSet<String>,
    depth: usize,
    /// A guard that dominates the statements after the current one in its block
    /// (`if (…) { exit }`).
    dominating: Option<GuardRef>,
}

fn span(n: Node) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

/// The single named child of a node that only wraps another (the grammar's precedence levels).
fn only_named(n: Node) -> Option<Node> {
    (n.named_child_count() == 1).then(|| n.named_child(0)).flatten()
}

fn named_children<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

fn children<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.children(&mut c).collect()
}

/// A literal word.
fn lit(text: String, at: Span, quoted: bool, map_base: usize) -> Word {
    Word {
        span: at,
        parts: vec![Part::Lit {
            text,
            quoted,
            var: None,
        }],
        map: OffsetMap::identity(map_base),
    }
}

/// A word only known at run time.
fn dynamic(at: Span) -> Word {
    Word {
        span: at,
        parts: vec![Part::Subst],
        map: OffsetMap::identity(at.start()),
    }
}

/// Backtick escapes as PowerShell reads them in a double-quoted string or a bare word
/// (`` `t `` is a tab, `` `$ `` a dollar, a backtick before anything else that thing).
fn unescape(s: &str, doubled_quote: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '`' => match it.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('0') => out.push('\0'),
                Some('a') => out.push('\u{7}'),
                Some('b') => out.push('\u{8}'),
                Some('e') => out.push('\u{1b}'),
                Some('f') => out.push('\u{c}'),
                Some('v') => out.push('\u{b}'),
                Some(x) => out.push(x),
                None => {}
            },
            '"' if doubled_quote && it.peek() == Some(&'"') => {
                it.next();
                out.push('"');
            }
            c => out.push(c),
        }
    }
    out
}

impl<'t> Walker<'t> {
    pub(super) fn new(src: &'t str) -> Self {
        Walker {
            src,
            out: Script::default(),
            ctx: Context::default(),
            vars: HashMap::default(),
            env: HashMap::default(),
            functions: HashSet::default(),
            depth: 0,
            dominating: None,
        }
    }

    fn text(&self, n: Node) -> &'t str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    pub(super) fn script(mut self, root: Node<'t>) -> Script {
        self.collect_errors(root);
        if root.kind() == "ERROR"
            || (root.has_error() && root.named_child_count() == 1 && root.named_child(0).is_some_and(|c| c.is_error()))
        {
            self.out.unusable = true;
            return self.out;
        }
        // functions are known before their calls (a script may call one defined below)
        self.find_functions(root);
        self.walk(root);
        self.out
    }

    fn collect_errors(&mut self, root: Node<'t>) {
        if !root.has_error() {
            return;
        }
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if self.out.errors.len() >= MAX_ERRORS {
                break;
            }
            if n.is_error() || n.is_missing() {
                self.out.errors.push(span(n));
                continue;
            }
            if n.has_error() {
                let mut c = n.walk();
                let kids: Vec<Node> = n.children(&mut c).collect();
                stack.extend(kids.into_iter().rev());
            }
        }
        self.out.errors.sort_by_key(|s| s.start());
    }

    fn find_functions(&mut self, root: Node<'t>) {
        let mut stack = vec![root];
        let mut budget = 200_000usize;
        while let Some(n) = stack.pop() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            if n.kind() == "function_statement"
                && let Some(name) = named_children(n).into_iter().find(|c| c.kind() == "function_name")
            {
                self.functions.insert(self.text(name).to_ascii_lowercase());
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }

    fn walk(&mut self, node: Node<'t>) {
        if self.depth >= MAX_DEPTH {
            self.out.truncated.get_or_insert(span(node));
            return;
        }
        self.depth += 1;
        match node.kind() {
            "comment" => {
                let t = self.text(node);
                let body = t
                    .strip_prefix("<#")
                    .map(|b| b.trim_end_matches("#>"))
                    .or_else(|| t.strip_prefix('#'))
                    .unwrap_or(t);
                self.out.comments.push((body.trim().to_owned(), span(node)));
            }
            "statement_list" => self.block(node),
            "pipeline" => self.pipeline(node),
            "pipeline_chain" => self.chain(node),
            "command" => {
                self.command(node, None);
            }
            "if_statement" => self.if_stmt(node),
            "function_statement" => self.function(node),
            "assignment_expression" => self.assignment(node),
            "invokation_expression" => self.invocation(node),
            "script_parameter" => {
                for v in named_children(node).into_iter().filter(|c| c.kind() == "variable") {
                    let (_, name) = self.var_name(v);
                    self.vars.insert(name, Val::Param);
                }
                for c in named_children(node) {
                    if c.kind() != "variable" {
                        self.walk(c);
                    }
                }
            }
            "sub_expression" | "parenthesized_expression" | "array_expression" | "script_block_expression" => {
                let saved = self.ctx.in_substitution;
                self.ctx.in_substitution = node.kind() != "script_block_expression" || saved;
                for c in named_children(node) {
                    self.walk(c);
                }
                self.ctx.in_substitution = saved;
            }
            "ERROR" => {}
            _ => {
                for c in named_children(node) {
                    self.walk(c);
                }
            }
        }
        self.depth -= 1;
    }

    /// Statements in order; a guard that leaves the script (`if (…) { exit }`) guards the rest.
    fn block(&mut self, node: Node<'t>) {
        let saved = self.ctx.guards.len();
        for child in named_children(node) {
            self.dominating = None;
            self.walk(child);
            if let Some(g) = self.dominating.take() {
                self.ctx.guards.push(g);
            }
        }
        self.ctx.guards.truncate(saved);
    }

    /// `a && b || c`: the commands left of `&&`/`||` run as conditions.
    fn pipeline(&mut self, node: Node<'t>) {
        let kids = named_children(node);
        let last_chain = kids.iter().rposition(|k| k.kind() == "pipeline_chain");
        for (i, k) in kids.iter().enumerate() {
            let saved = self.ctx.in_condition;
            if k.kind() == "pipeline_chain" && last_chain.is_some_and(|l| i < l) {
                self.ctx.in_condition = true;
            }
            self.walk(*k);
            self.ctx.in_condition = saved;
        }
    }

    /// `a | b | c`: each command reads the output of the one before.
    fn chain(&mut self, node: Node<'t>) {
        let mut prev: Option<usize> = None;
        for k in named_children(node) {
            if k.kind() == "command" {
                prev = self.command(k, prev);
            } else {
                self.walk(k);
                prev = None;
            }
        }
    }

    fn exits(&self, block: Node<'t>) -> bool {
        let Some(list) = named_children(block).into_iter().find(|c| c.kind() == "statement_list") else {
            return false;
        };
        named_children(list)
            .into_iter()
            .rev()
            .find(|k| k.kind() != "comment")
            .is_some_and(|k| {
                let t = self.text(k).trim_start().to_ascii_lowercase();
                k.kind() == "flow_control_statement"
                    && (t.starts_with("exit")
                        || t.starts_with("throw")
                        || t.starts_with("return")
                        || t.starts_with("break"))
            })
    }

    fn if_stmt(&mut self, node: Node<'t>) {
        let mut clauses: Vec<(Node<'t>, Node<'t>)> = Vec::new();
        let mut else_body: Option<Node<'t>> = None;
        let kids = named_children(node);
        let cond = node.child_by_field_name("condition");
        let block = kids.iter().find(|k| k.kind() == "statement_block").copied();
        if let (Some(c), Some(b)) = (cond, block) {
            clauses.push((c, b));
        }
        for k in &kids {
            match k.kind() {
                "elseif_clauses" => {
                    for e in named_children(*k) {
                        let c = e.child_by_field_name("condition");
                        let b = named_children(e).into_iter().find(|x| x.kind() == "statement_block");
                        if let (Some(c), Some(b)) = (c, b) {
                            clauses.push((c, b));
                        }
                    }
                }
                "else_clause" => else_body = named_children(*k).into_iter().find(|x| x.kind() == "statement_block"),
                _ => {}
            }
        }
        let saved = self.ctx.guards.len();
        let n_clauses = clauses.len();
        let mut first_exit = None;
        for (cond, body) in clauses {
            let gid = self.condition(cond);
            self.ctx.guards.push(GuardRef {
                guard: gid,
                when_true: true,
            });
            self.walk(body);
            self.ctx.guards.pop();
            if self.exits(body) {
                self.out.guards[gid].exits_when = Some(true);
                first_exit.get_or_insert(gid);
            }
            self.ctx.guards.push(GuardRef {
                guard: gid,
                when_true: false,
            });
        }
        if let Some(b) = else_body {
            self.walk(b);
        }
        self.ctx.guards.truncate(saved);
        self.dominating = match first_exit {
            Some(gid) if n_clauses == 1 && else_body.is_none() => Some(GuardRef {
                guard: gid,
                when_true: false,
            }),
            _ => None,
        };
    }

    /// A condition: its commands run as conditions; its variables and strings are its test words.
    fn condition(&mut self, cond: Node<'t>) -> usize {
        let start = self.out.commands.len();
        let saved = self.ctx.in_condition;
        self.ctx.in_condition = true;
        self.walk(cond);
        self.ctx.in_condition = saved;
        let mut test_words = Vec::new();
        let mut stack = vec![cond];
        let mut budget = 2_000;
        while let Some(n) = stack.pop() {
            budget -= 1;
            if budget == 0 {
                break;
            }
            match n.kind() {
                "variable" | "string_literal" => test_words.extend(self.words_quiet(n)),
                "command" | "script_block_expression" => {}
                _ => {
                    let mut c = n.walk();
                    let kids: Vec<Node> = n.named_children(&mut c).collect();
                    stack.extend(kids.into_iter().rev());
                }
            }
        }
        self.out.guards.push(Guard {
            span: span(cond),
            commands: (start..self.out.commands.len()).collect(),
            test_words,
            exits_when: None,
        });
        self.out.guards.len() - 1
    }

    fn function(&mut self, node: Node<'t>) {
        let kids = named_children(node);
        let name = kids
            .iter()
            .find(|c| c.kind() == "function_name")
            .map(|n| self.text(*n).to_owned());
        let saved = self.ctx.in_function.clone();
        self.ctx.in_function = name.or(saved.clone());
        for k in kids {
            if k.kind() != "function_name" {
                self.walk(k);
            }
        }
        self.ctx.in_function = saved;
    }

    /// `$name` → (scope, name): `env` and the name in uppercase for environment variables, none
    /// and the lowercase name for the script's own.
    fn var_name(&self, n: Node) -> (Option<String>, String) {
        let t = self.text(n);
        let t = t.trim_start_matches(['$', '@']);
        let t = t.strip_prefix('{').map(|x| x.trim_end_matches('}')).unwrap_or(t);
        match t.split_once(':') {
            Some((scope, name)) if scope.eq_ignore_ascii_case("env") => (Some("env".into()), name.to_ascii_uppercase()),
            Some((_, name)) => (None, name.to_ascii_lowercase()),
            None => (None, t.to_ascii_lowercase()),
        }
    }

    /// The variable a node reads, descending through the precedence wrappers (`[string]$x` too).
    fn variable_in(&self, mut n: Node<'t>) -> Option<Node<'t>> {
        for _ in 0..64 {
            if n.kind() == "variable" {
                return Some(n);
            }
            n = match n.kind() {
                "cast_expression" | "expression_with_unary_operator" => named_children(n).into_iter().last()?,
                _ => only_named(n)?,
            };
        }
        None
    }

    fn assignment(&mut self, node: Node<'t>) {
        let kids = named_children(node);
        let value = node.child_by_field_name("value");
        let op = kids
            .iter()
            .find(|k| k.kind() == "assignement_operator")
            .map(|k| self.text(*k).trim().to_owned());
        let var = kids.first().and_then(|l| self.variable_in(*l));
        let Some(value) = value else {
            for k in kids {
                self.walk(k);
            }
            return;
        };
        let Some(var) = var else {
            self.walk(value);
            return;
        };
        let (scope, name) = self.var_name(var);
        let simple = op.as_deref() == Some("=");
        let word = match self.literal_value(value) {
            Some(w) if simple => w,
            _ => {
                let saved = self.ctx.in_substitution;
                self.ctx.in_substitution = true;
                self.walk(value);
                self.ctx.in_substitution = saved;
                dynamic(span(value))
            }
        };
        let known = if simple { word.value() } else { None };
        if name == "erroractionpreference" && known.as_deref().is_some_and(|v| v.eq_ignore_ascii_case("stop")) {
            self.ctx.errexit = true;
        }
        if scope.is_some() {
            self.env.insert(name.clone(), known.clone());
        } else {
            self.vars
                .insert(name.clone(), known.clone().map_or(Val::Dynamic, Val::Known));
        }
        self.out.assignments.push(ScriptAssignment {
            name,
            value: word,
            span: span(node),
            exported: scope.is_some(),
        });
    }

    /// The word a value is when it is one literal, string or variable (`"C:\srv"`, `$other`).
    fn literal_value(&mut self, mut n: Node<'t>) -> Option<Word> {
        for _ in 0..64 {
            match n.kind() {
                "string_literal" | "variable" | "integer_literal" | "real_literal" | "generic_token" => {
                    let w = self.words_quiet(n);
                    return (w.len() == 1).then(|| w.into_iter().next()).flatten();
                }
                _ => n = only_named(n)?,
            }
        }
        None
    }

    /// `[ScriptBlock]::Create($code)`, `$ExecutionContext.InvokeCommand.InvokeScript($code)`: code
    /// built at run time, read as `Invoke-Expression`.
    fn invocation(&mut self, node: Node<'t>) {
        let t = self.text(node).to_ascii_lowercase();
        let kids = named_children(node);
        let creates = (t.starts_with("[scriptblock]::create")
            || t.starts_with("[system.management.automation.scriptblock]::create"))
            || t.contains(".invokecommand.invokescript")
            || t.contains(".invokecommand.newscriptblock");
        if !creates {
            for k in kids {
                self.walk(k);
            }
            return;
        }
        let Some(args) = kids.iter().find(|k| k.kind() == "argument_list") else {
            return;
        };
        let head_end = args.start_byte();
        let name = lit(
            self.src[node.start_byte()..head_end].to_owned(),
            Span::new(node.start_byte(), head_end),
            false,
            node.start_byte(),
        );
        let mut words = Vec::new();
        let mut stack = vec![*args];
        while let Some(n) = stack.pop() {
            if matches!(
                n.kind(),
                "string_literal" | "variable" | "sub_expression" | "member_access"
            ) {
                words.extend(self.words(n));
                continue;
            }
            let mut c = n.walk();
            let kids: Vec<Node> = n.named_children(&mut c).collect();
            stack.extend(kids.into_iter().rev());
        }
        let cmd = Command {
            span: span(node),
            name,
            program: Some("Invoke-Expression".into()),
            args: words,
            wrappers: Vec::new(),
            assignments: Vec::new(),
            redirects: Vec::new(),
            stdin: None,
            piped_from: None,
            context: self.ctx.clone(),
            dialect: Dialect::Cmdlet,
        };
        self.out.commands.push(cmd);
    }

    /// One command: its name resolved, its elements read, pushed to the script.
    fn command(&mut self, node: Node<'t>, piped_from: Option<usize>) -> Option<usize> {
        let mut call_op = None;
        let mut name_node = None;
        let mut elems = None;
        for c in children(node) {
            match c.kind() {
                "command_invokation_operator" => call_op = Some(self.text(c).to_owned()),
                "command_name" | "command_name_expr" => name_node = Some(c),
                "command_elements" => elems = Some(c),
                _ => {}
            }
        }
        let name_node = name_node?;
        let inner = if name_node.kind() == "command_name_expr" {
            only_named(name_node).unwrap_or(name_node)
        } else {
            name_node
        };
        let name_word = if inner.kind() == "command_name" {
            let t = self.text(inner);
            lit(unescape(t, false), span(inner), false, inner.start_byte())
        } else {
            self.words(inner)
                .into_iter()
                .next()
                .unwrap_or_else(|| dynamic(span(inner)))
        };
        let (program, dialect) = match name_word.value() {
            Some(n) => self.resolve(&n, call_op.as_deref()),
            None => (None, Dialect::Posix),
        };
        let mut els: Vec<El> = Vec::new();
        let mut redirects = Vec::new();
        if let Some(e) = elems {
            for c in children(e) {
                match c.kind() {
                    "command_argument_sep" => {
                        if self.text(c).trim() == ":"
                            && let Some(El::Param { colon, .. }) = els.last_mut()
                        {
                            *colon = true;
                        }
                    }
                    "command_parameter" => {
                        let t = self.text(c);
                        let (t, colon) = match t.strip_suffix(':') {
                            Some(x) => (x, true),
                            None => (t, false),
                        };
                        els.push(El::Param {
                            text: t.to_owned(),
                            at: Span::new(c.start_byte(), c.start_byte() + t.len()),
                            colon,
                        });
                    }
                    "," => els.push(El::Comma),
                    "redirection" => redirects.extend(self.redirect(c)),
                    "stop_parsing" => {
                        let t = self.text(c);
                        let rest = t.strip_prefix("--%").unwrap_or(t);
                        let base = c.start_byte() + (t.len() - rest.len());
                        let mut off = 0;
                        let mut ws = Vec::new();
                        for piece in rest.split(' ') {
                            if !piece.trim().is_empty() {
                                let at = base + off;
                                ws.push(lit(piece.trim().to_owned(), Span::new(at, at + piece.len()), false, at));
                            }
                            off += piece.len() + 1;
                        }
                        els.push(El::Words(ws));
                    }
                    _ if c.is_named() => {
                        let ws = self.words(c);
                        els.push(El::Words(ws));
                    }
                    _ => {}
                }
            }
        }
        // `rm -rf /`: parameters no cmdlet has, written for the Unix program of that name
        let (program, dialect) = match (&program, dialect, name_word.value()) {
            (Some(p), Dialect::Cmdlet, Some(n))
                if names::UNIX_NAMES.contains(&n.as_str())
                    && els.iter().any(|e| matches!(e, El::Param { text, .. } if !text.starts_with("--") && !names::resolves(p, text.trim_start_matches('-')))) =>
            {
                (Some(n), Dialect::Posix)
            }
            _ => (program, dialect),
        };
        let args = match dialect {
            Dialect::Cmdlet => self.cmdlet_args(program.as_deref().unwrap_or(""), els),
            _ => native_args(els, dialect == Dialect::Cmd),
        };
        let end = node.start_byte() + self.text(node).trim_end().len();
        let mut cmd = Command {
            span: Span::new(node.start_byte(), end.max(node.start_byte())),
            name: name_word,
            program,
            args,
            wrappers: Vec::new(),
            assignments: Vec::new(),
            redirects,
            stdin: None,
            piped_from,
            context: self.ctx.clone(),
            dialect,
        };
        if let Some(p) = piped_from {
            self.items_from(&mut cmd, p);
        }
        if cmd.program.as_deref() == Some("Set-StrictMode") {
            self.ctx.nounset = true;
        }
        self.out.commands.push(cmd);
        Some(self.out.commands.len() - 1)
    }

    /// The program a command name runs and how its words are spelled.
    fn resolve(&self, name: &str, call_op: Option<&str>) -> (Option<String>, Dialect) {
        let has_path = name.contains(['\\', '/']);
        if !has_path {
            if let Some(c) = names::alias(name) {
                return (Some(c.to_owned()), Dialect::Cmdlet);
            }
            if let Some(c) = names::known_cmdlet(name) {
                return (Some(c.to_owned()), Dialect::Cmdlet);
            }
            if names::is_cmdlet_name(name) || self.functions.contains(&name.to_ascii_lowercase()) {
                return (Some(name.to_owned()), Dialect::Cmdlet);
            }
        }
        if call_op == Some(".") {
            return (Some(name.to_owned()), Dialect::Posix);
        }
        let base = name.rsplit(['\\', '/']).next().unwrap_or(name);
        let lower = base.to_ascii_lowercase();
        let program = [".exe", ".com"]
            .iter()
            .find_map(|e| lower.strip_suffix(e))
            .unwrap_or(&lower)
            .to_owned();
        let dialect = if names::SWITCH_PROGRAMS.contains(&program.as_str()) {
            Dialect::Cmd
        } else {
            Dialect::Posix
        };
        (Some(program), dialect)
    }

    /// A cmdlet's elements as the IR spells them (see [`Dialect::Cmdlet`]).
    fn cmdlet_args(&self, cmdlet: &str, els: Vec<El>) -> Vec<Word> {
        let mut out = Vec::new();
        let mut it = els.into_iter().peekable();
        while let Some(e) = it.next() {
            match e {
                El::Param { text, at, colon } => {
                    let written = text.trim_start_matches('-');
                    if written.is_empty() || text.starts_with("--") {
                        out.push(lit(text, at, false, at.start()));
                        continue;
                    }
                    let (name, switch) = names::resolve_param(cmdlet, written);
                    let path = names::is_path_param(cmdlet, &name);
                    let flag = lit(format!("--{name}"), at, false, at.start());
                    if colon {
                        let value = match it.next() {
                            Some(El::Words(ws)) => ws,
                            _ => Vec::new(),
                        };
                        if switch {
                            let v = value.first().and_then(Word::value);
                            match v {
                                Some(v) => out.push(lit(
                                    format!("--{name}={}", v.to_ascii_lowercase()),
                                    at,
                                    false,
                                    at.start(),
                                )),
                                None => out.push(flag),
                            }
                        } else {
                            if !path {
                                out.push(flag);
                            }
                            out.extend(value);
                        }
                        continue;
                    }
                    if switch {
                        out.push(flag);
                        continue;
                    }
                    if !path {
                        out.push(flag);
                    }
                    // the value and, for an array (`-Path a, b`), its other elements
                    if let Some(El::Words(_)) = it.peek() {
                        let Some(El::Words(ws)) = it.next() else { unreachable!() };
                        out.extend(ws);
                        while matches!(it.peek(), Some(El::Comma)) {
                            it.next();
                            if let Some(El::Words(_)) = it.peek() {
                                let Some(El::Words(ws)) = it.next() else { unreachable!() };
                                out.extend(ws);
                            }
                        }
                    }
                }
                El::Words(ws) => out.extend(ws),
                El::Comma => {}
            }
        }
        out
    }

    /// `Get-ChildItem PATH -Recurse | Remove-Item`: what the pipe gives Remove-Item are the items
    /// under PATH, so it is read as `Remove-Item PATH` (recursive when either is). Not when a
    /// filter narrows the items (`-Filter`, `-Include`, `-Exclude`, a wildcard in the name).
    fn items_from(&self, cmd: &mut Command, from: usize) {
        if cmd.program.as_deref() != Some("Remove-Item")
            || cmd
                .args
                .iter()
                .any(|a| !a.as_lit().is_some_and(|v| v.starts_with("--")))
        {
            return;
        }
        let src = &self.out.commands[from];
        if !matches!(src.program.as_deref(), Some("Get-ChildItem" | "Get-Item")) {
            return;
        }
        let narrowed = src.args.iter().any(|a| {
            a.as_lit()
                .is_some_and(|v| ["--Filter", "--Include", "--Exclude", "--Attributes", "--Depth"].contains(&v))
        });
        let paths: Vec<&Word> = src
            .args
            .iter()
            .filter(|a| !a.as_lit().is_some_and(|v| v.starts_with("--")))
            .collect();
        if narrowed || paths.is_empty() {
            return;
        }
        if paths.iter().any(|p| {
            p.value().is_some_and(|v| {
                v.rsplit(['\\', '/'])
                    .next()
                    .is_some_and(|last| last.contains(['*', '?']) && last != "*")
            })
        }) {
            return;
        }
        let recurse = src.args.iter().find(|a| a.as_lit() == Some("--Recurse"));
        if let Some(r) = recurse
            && !cmd.args.iter().any(|a| a.as_lit() == Some("--Recurse"))
        {
            cmd.args.push(r.clone());
        }
        cmd.args.extend(paths.into_iter().cloned());
    }

    fn redirect(&mut self, n: Node<'t>) -> Option<Redirect> {
        let kids = named_children(n);
        let op = kids.iter().find(|k| k.kind() == "file_redirection_operator")?;
        let target = kids.iter().find(|k| k.kind() == "redirected_file_name")?;
        let op_text = self.text(*op).trim().to_owned();
        let (fd, op_s) = match op_text.chars().next() {
            Some(c) if c.is_ascii_digit() => (c.to_digit(10), op_text[1..].to_owned()),
            _ => (None, op_text.clone()),
        };
        let word = only_named(*target)
            .map(|t| self.words(t))
            .and_then(|w| w.into_iter().next())
            .unwrap_or_else(|| dynamic(span(*target)));
        Some(Redirect {
            op: op_s,
            fd,
            target: word,
        })
    }

    /// [`Self::words`] without walking commands inside (for test words, already walked).
    fn words_quiet(&mut self, n: Node<'t>) -> Vec<Word> {
        let saved = (
            self.out.commands.len(),
            self.out.guards.len(),
            self.out.assignments.len(),
        );
        let ws = self.words(n);
        self.out.commands.truncate(saved.0);
        self.out.guards.truncate(saved.1);
        self.out.assignments.truncate(saved.2);
        ws
    }

    /// The words an argument expression stands for (an array literal is one word per element);
    /// commands inside (`$(…)`, script blocks) are walked.
    fn words(&mut self, node: Node<'t>) -> Vec<Word> {
        let mut n = node;
        for _ in 0..64 {
            match n.kind() {
                "array_literal_expression" if n.named_child_count() > 1 => {
                    return named_children(n).into_iter().flat_map(|c| self.words(c)).collect();
                }
                "generic_token" => return vec![self.bare(n)],
                "string_literal" => return vec![self.string(n)],
                "variable" => {
                    let p = self.var_part(n, false);
                    return vec![Word {
                        span: span(n),
                        parts: vec![p],
                        map: OffsetMap::identity(n.start_byte()),
                    }];
                }
                "integer_literal" | "real_literal" | "decimal_integer_literal" | "hexadecimal_integer_literal" => {
                    return vec![lit(self.text(n).to_owned(), span(n), false, n.start_byte())];
                }
                "member_access" => {
                    let base = named_children(n).into_iter().next();
                    let special =
                        base.is_some_and(|b| matches!(self.text(b).to_ascii_lowercase().as_str(), "$_" | "$psitem"));
                    let name = self.text(n).trim_start_matches('$').to_ascii_lowercase();
                    return vec![Word {
                        span: span(n),
                        parts: vec![Part::Var {
                            name,
                            quoted: false,
                            state: if special { VarState::Special } else { VarState::Dynamic },
                            required: false,
                            default: None,
                        }],
                        map: OffsetMap::identity(n.start_byte()),
                    }];
                }
                _ => {}
            }
            match only_named(n) {
                Some(c)
                    if !matches!(
                        n.kind(),
                        "sub_expression"
                            | "parenthesized_expression"
                            | "script_block_expression"
                            | "array_expression"
                            | "hash_literal_expression"
                    ) =>
                {
                    n = c
                }
                _ => break,
            }
        }
        // an expression: its commands run, its value is only known at run time
        self.walk(n);
        vec![dynamic(span(node))]
    }

    fn var_part(&self, n: Node, quoted: bool) -> Part {
        let raw = self.text(n);
        if raw.starts_with('@') {
            return Part::Subst; // splatting: parameters only known at run time
        }
        let (scope, name) = self.var_name(n);
        self.part_for(scope.as_deref(), &name, quoted)
    }

    fn part_for(&self, scope: Option<&str>, name: &str, quoted: bool) -> Part {
        let var = |state: VarState, name: &str| Part::Var {
            name: name.to_owned(),
            quoted,
            state,
            required: false,
            default: None,
        };
        if scope == Some("env") {
            return match self.env.get(name) {
                Some(Some(v)) => Part::Lit {
                    text: v.clone(),
                    quoted,
                    var: Some(name.to_owned()),
                },
                Some(None) => var(VarState::Dynamic, name),
                None => var(VarState::External, name),
            };
        }
        match name {
            "true" => {
                return Part::Lit {
                    text: "true".into(),
                    quoted,
                    var: None,
                };
            }
            "false" => {
                return Part::Lit {
                    text: "false".into(),
                    quoted,
                    var: None,
                };
            }
            "null" => {
                return Part::Lit {
                    text: String::new(),
                    quoted,
                    var: None,
                };
            }
            // PowerShell's `$HOME` is the user's profile: the predicates read it as the home
            "home" => return var(VarState::External, "HOME"),
            "pwd" => return var(VarState::Special, "PWD"),
            _ => {}
        }
        match self.vars.get(name) {
            Some(Val::Known(v)) => Part::Lit {
                text: v.clone(),
                quoted,
                var: Some(name.to_owned()),
            },
            Some(Val::Dynamic) => var(VarState::Dynamic, name),
            Some(Val::Param) => var(VarState::Special, name),
            None if AUTOMATIC.contains(&name) => var(VarState::Special, name),
            None => var(VarState::External, name),
        }
    }

    /// A bare word: backtick escapes, and `$var` inside it (`C:\$dir\x`).
    fn bare(&self, n: Node) -> Word {
        let t = self.text(n);
        let at = span(n);
        if !t.contains('$') {
            return lit(unescape(t, false), at, false, n.start_byte());
        }
        let mut parts = Vec::new();
        let mut buf = String::new();
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'`' && i + 1 < b.len() {
                let ch = t[i + 1..].chars().next().unwrap_or(' ');
                buf.push_str(&unescape(&t[i..i + 1 + ch.len_utf8()], false));
                i += 1 + ch.len_utf8();
                continue;
            }
            if b[i] == b'$' {
                let rest = &t[i + 1..];
                let len = if rest.starts_with('{') {
                    rest.find('}').map(|e| e + 1)
                } else {
                    let mut l = 0;
                    for (k, c) in rest.char_indices() {
                        if c.is_ascii_alphanumeric()
                            || c == '_'
                            || (c == ':' && k > 0 && rest[..k].eq_ignore_ascii_case("env"))
                        {
                            l = k + 1;
                        } else {
                            break;
                        }
                    }
                    (l > 0).then_some(l)
                };
                if let Some(len) = len {
                    let inner = rest[..len].trim_start_matches('{').trim_end_matches('}');
                    if !buf.is_empty() {
                        parts.push(Part::Lit {
                            text: std::mem::take(&mut buf),
                            quoted: false,
                            var: None,
                        });
                    }
                    let (scope, name) = match inner.split_once(':') {
                        Some((s, nm)) if s.eq_ignore_ascii_case("env") => (Some("env"), nm.to_ascii_uppercase()),
                        Some((_, nm)) => (None, nm.to_ascii_lowercase()),
                        None => (None, inner.to_ascii_lowercase()),
                    };
                    parts.push(self.part_for(scope, &name, false));
                    i += 1 + len;
                    continue;
                }
            }
            let ch = t[i..].chars().next().unwrap_or(' ');
            buf.push(ch);
            i += ch.len_utf8();
        }
        if !buf.is_empty() {
            parts.push(Part::Lit {
                text: buf,
                quoted: false,
                var: None,
            });
        }
        Word {
            span: at,
            parts,
            map: OffsetMap::identity(n.start_byte()),
        }
    }

    /// A string literal: `'…'` and `@'…'@` as written, `"…"` and `@"…"@` with their variables
    /// and `$(…)` expansions.
    fn string(&mut self, n: Node<'t>) -> Word {
        let at = span(n);
        let Some(inner) = only_named(n) else {
            return dynamic(at);
        };
        let t = self.text(inner);
        match inner.kind() {
            "verbatim_string_characters" => {
                let body = t.strip_prefix('\'').unwrap_or(t);
                let body = body.strip_suffix('\'').unwrap_or(body);
                lit(body.replace("''", "'"), at, true, inner.start_byte() + 1)
            }
            "verbatim_here_string_characters" => {
                let (open, body) = here_body(t);
                lit(body.to_owned(), at, true, inner.start_byte() + open)
            }
            "expandable_string_literal" | "expandable_here_string_literal" => {
                let here = inner.kind() == "expandable_here_string_literal";
                let (open, body) = if here {
                    here_body(t)
                } else {
                    let b = t.strip_prefix('"').unwrap_or(t);
                    (1, b.strip_suffix('"').unwrap_or(b))
                };
                let base = inner.start_byte() + open;
                let end = base + body.len();
                let mut parts = Vec::new();
                let mut pos = base;
                for c in named_children(inner) {
                    if c.start_byte() < pos || c.end_byte() > end {
                        continue;
                    }
                    let piece = &self.src[pos..c.start_byte()];
                    if !piece.is_empty() {
                        parts.push(Part::Lit {
                            text: unescape(piece, !here),
                            quoted: true,
                            var: None,
                        });
                    }
                    match c.kind() {
                        "variable" => parts.push(self.var_part(c, true)),
                        _ => {
                            let saved = self.ctx.in_substitution;
                            self.ctx.in_substitution = true;
                            self.walk(c);
                            self.ctx.in_substitution = saved;
                            parts.push(Part::Subst);
                        }
                    }
                    pos = c.end_byte();
                }
                let piece = self.src.get(pos..end).unwrap_or("");
                if !piece.is_empty() || parts.is_empty() {
                    parts.push(Part::Lit {
                        text: unescape(piece, !here),
                        quoted: true,
                        var: None,
                    });
                }
                // one literal: merge (a `"C:\x"` is one piece already)
                Word {
                    span: at,
                    parts,
                    map: OffsetMap::identity(base),
                }
            }
            _ => dynamic(at),
        }
    }
}

/// The body of a here-string (`@'⏎…⏎'@`) and where it starts in it.
fn here_body(t: &str) -> (usize, &str) {
    let open = t.find('\n').map_or(2.min(t.len()), |i| i + 1);
    let body = &t[open..];
    let body = body
        .strip_suffix("'@")
        .or_else(|| body.strip_suffix("\"@"))
        .unwrap_or(body);
    let body = body.strip_suffix('\n').unwrap_or(body);
    let body = body.strip_suffix('\r').unwrap_or(body);
    (open, body)
}

/// An element of a command as written.
enum El {
    Param { text: String, at: Span, colon: bool },
    Words(Vec<Word>),
    Comma,
}

/// A native program's elements: words as written (`-n`, `--force`); for a Windows tool,
/// `/x` switches normalized as cmd.exe's are.
fn native_args(els: Vec<El>, switches: bool) -> Vec<Word> {
    let mut out = Vec::new();
    let mut it = els.into_iter();
    while let Some(e) = it.next() {
        match e {
            El::Param { text, at, colon } => {
                if colon {
                    // `-name:value` reaches the program as one word
                    if let Some(El::Words(ws)) = it.next() {
                        let v = ws.first().and_then(Word::value).unwrap_or_default();
                        let end = ws.first().map_or(at.end(), |w| w.span.end());
                        out.push(lit(
                            format!("{text}:{v}"),
                            Span::new(at.start(), end),
                            false,
                            at.start(),
                        ));
                        out.extend(ws.into_iter().skip(1));
                        continue;
                    }
                }
                out.push(lit(text, at, false, at.start()));
            }
            El::Words(ws) => {
                for w in ws {
                    match (switches, w.as_lit().and_then(cmd_switch)) {
                        (true, Some(s)) => out.push(lit(s, w.span, false, w.span.start())),
                        _ => out.push(w),
                    }
                }
            }
            El::Comma => {}
        }
    }
    out
}
