//! Statements: blocks, lists, pipelines, `if`/`while`/`for`/`case` bodies, function definitions,
//! and the commands inside `$( … )` and `<( … )`, walked in the order the shell runs them.

use super::tree::Node;

use crate::shell::ir::{Guard, GuardRef, Word};

use super::errors::is_brace_word;
use super::{Extra, FIELDS, Produced, Walker, span, text};

impl<'t> Walker<'t> {
    pub(super) fn stmt(&mut self, node: Node<'t>) -> Produced {
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
            "subshell" => {
                let saved = std::mem::replace(&mut self.ctx.in_subshell, true);
                let p = self.block(node);
                self.ctx.in_subshell = saved;
                p
            }
            "compound_statement" | "do_group" | "program" | "ERROR" => self.block(node),
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
                for k in node.named_children() {
                    self.assign(k, false);
                }
                Produced::default()
            }
            "unset_command" => {
                for k in node.named_children() {
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

    /// A sequence of statements (a script, `{ … }`, `( … )`, a loop body).
    pub(super) fn block(&mut self, node: Node<'t>) -> Produced {
        let saved = self.ctx.guards.len();
        let mut produced = Produced::default();
        let mut children = node.children().peekable();
        while let Some(child) = children.next() {
            if !child.is_named() {
                continue;
            }
            let bg = children.peek().is_some_and(|s| s.kind_str() == "&");
            let saved_bg = self.ctx.background;
            self.ctx.background |= bg;
            self.dominating = None;
            produced = produced.then(self.stmt(child));
            self.ctx.background = saved_bg;
            if let Some(g) = self.dominating.take() {
                self.proven_non_empty(g);
                self.ctx.guards.push(g);
            }
        }
        self.ctx.guards.truncate(saved);
        produced
    }

    fn children_seq(&mut self, node: Node<'t>) -> Produced {
        let mut produced = Produced::default();
        for child in node.named_children() {
            produced = produced.then(self.stmt(child));
        }
        produced
    }

    fn redirected(&mut self, node: Node<'t>) -> Produced {
        let mut extra = Extra {
            span: Some(span(node)),
            ..Extra::default()
        };
        let redirects: Vec<Node> = node.children_by_field(FIELDS.redirect).collect();
        for r in redirects {
            match r.kind_str() {
                "file_redirect" => {
                    let dests: Vec<Node> = r.children_by_field(FIELDS.destination).collect();
                    // `cmd >/dev/null more args`: words after the first target are arguments
                    extra.args.extend(dests.into_iter().skip(1));
                    extra.redirects.push(r);
                }
                "heredoc_redirect" => {
                    for k in r.named_children() {
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
        let produced = match node.child_by_field(FIELDS.body) {
            Some(body) if body.kind_str() == "command" => self.command(body, extra),
            // `a | b >f <<EOF` read with the redirects around the whole pipeline (tree-sitter-bash
            // does so when it glues the next lines onto `b`): they are the last command's
            Some(body)
                if body.kind_str() == "pipeline"
                    && body.named_children().last().is_some_and(|l| l.kind_str() == "command") =>
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
        for k in heredoc.named_children() {
            match k.kind_str() {
                "pipeline" => {
                    let mut prev = produced.last;
                    for el in k.named_children() {
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
        let els: Vec<Node> = node.named_children().filter(|e| e.kind_str() != "comment").collect();
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
        let kids: Vec<Node> = node.children().collect();
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

    /// `[ -d "$ROOT" ] || exit 1`, `if [ -z "$X" ]; then exit; fi`: a guard that leaves the script
    /// unless a variable is set and not empty makes it so for the straight-line code after it
    /// (as `${X:?}` does). Only a test of that one variable counts, and only outside branches
    /// and function definitions (where the guard does not dominate what follows).
    fn proven_non_empty(&mut self, g: GuardRef) {
        if self.branch > 0 || self.ctx.in_function.is_some() {
            return;
        }
        // as written: a variable whose value is known is shown by its value
        let words: Vec<String> = self.out.guards[g.guard]
            .test_words
            .iter()
            .map(|w| {
                self.src
                    .get(w.span.start()..w.span.end())
                    .unwrap_or_default()
                    .trim_matches('"')
                    .to_owned()
            })
            .collect();
        let (negated, rest) = match words.split_first() {
            Some((first, rest)) if first == "!" => (true, rest),
            _ => (false, &words[..]),
        };
        // the polarity of the test on the path that goes on
        let holds = g.when_true != negated;
        let (op, word) = match rest {
            [w] => (None, w),
            [op, w] => (Some(op.as_str()), w),
            _ => return,
        };
        let non_empty = match op {
            None | Some("-n" | "-d" | "-e" | "-f" | "-s" | "-r" | "-w" | "-x" | "-L" | "-h") => holds,
            Some("-z") => !holds,
            _ => false,
        };
        let Some(name) = word
            .strip_prefix("${")
            .and_then(|r| r.strip_suffix('}'))
            .or_else(|| word.strip_prefix('$'))
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        else {
            return;
        };
        if non_empty {
            self.required.insert(name.to_owned());
        }
    }

    /// Statements of a branch body, with dominating guards applied as in a block.
    fn body(&mut self, nodes: &[Node<'t>]) -> Produced {
        let saved = self.ctx.guards.len();
        let mut produced = Produced::default();
        for n in nodes {
            self.dominating = None;
            produced = produced.then(self.stmt(*n));
            if let Some(g) = self.dominating.take() {
                self.proven_non_empty(g);
                self.ctx.guards.push(g);
            }
        }
        self.ctx.guards.truncate(saved);
        produced
    }

    fn if_stmt(&mut self, node: Node<'t>) -> Produced {
        // clauses: (condition nodes, body nodes); `else` has no condition
        let mut clauses: Vec<(Vec<Node>, Vec<Node>)> = Vec::new();
        let mut else_body: Option<Vec<Node>> = None;
        let kids: Vec<Node> = node.children().collect();
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
                    let ks: Vec<Node> = k.children().collect();
                    clauses.push(split(&ks));
                }
                "else_clause" => else_body = Some(k.named_children().collect()),
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

    fn while_stmt(&mut self, node: Node<'t>) -> Produced {
        let conds: Vec<Node> = node
            .children_by_field(FIELDS.condition)
            .filter(|n| n.is_named())
            .collect();
        let (gid, mut produced) = self.condition(&conds);
        if let Some(body) = node.child_by_field(FIELDS.body) {
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
        let values: Vec<Node> = node.children_by_field(FIELDS.value).collect();
        for v in &values {
            self.substitutions(*v);
        }
        if let Some(var) = node.child_by_field(FIELDS.variable) {
            let name = text(self.src, var).to_owned();
            self.set_dynamic(&name);
        }
        self.branch += 1;
        let produced = node
            .child_by_field(FIELDS.body)
            .map(|body| self.stmt(body))
            .unwrap_or_default();
        self.branch -= 1;
        produced
    }

    fn case_stmt(&mut self, node: Node<'t>) -> Produced {
        let value = node.child_by_field(FIELDS.value).map(|v| {
            self.substitutions(v);
            self.word(v)
        });
        let mut produced = Produced::default();
        for item in node.named_children() {
            if item.kind_str() != "case_item" {
                continue;
            }
            let patterns: Vec<Node> = item.children_by_field(FIELDS.value).collect();
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
            let body: Vec<Node> = item
                .named_children()
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
            .child_by_field(FIELDS.name)
            .map(|n| text(self.src, n).to_owned())
            .unwrap_or_default();
        let Some(body) = node.child_by_field(FIELDS.body) else {
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

    /// Walks the statements inside command substitutions found under `node`.
    pub(super) fn substitutions(&mut self, node: Node<'t>) {
        // `$( )`, backticks, `<( )`, `>( )`: text without `(` or a backtick holds none
        let bytes = &self.src.as_bytes()[node.start_byte().min(self.src.len())..node.end_byte().min(self.src.len())];
        if memchr::memchr2(b'(', b'`', bytes).is_none() {
            return;
        }
        // the outermost substitutions of the subtree, walked afterwards in order
        let mut found: Vec<Node<'t>> = Vec::new();
        let mut nodes = node.subtree();
        while let Some(n) = nodes.next() {
            if matches!(n.kind_str(), "command_substitution" | "process_substitution") {
                found.push(n);
                nodes.skip_children(n);
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
}
