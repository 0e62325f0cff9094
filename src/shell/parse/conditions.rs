//! Guards: the conditions of `if`, `while` and `&&`/`||` with the words of their tests, and
//! whether a branch leaves the script (`exit`, `return`, a function that exits).

use super::tree::Node;

use crate::shell::ir::{Guard, Word};
use crate::source::Span;

use super::{FIELDS, Produced, Walker, span, text};

impl<'t> Walker<'t> {
    /// Walks condition statements and records them as a guard.
    pub(super) fn condition(&mut self, nodes: &[Node<'t>]) -> (usize, Produced) {
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
                    let kids: Vec<Node> = n.children().collect();
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
    pub(super) fn exits(&self, node: Node<'t>) -> bool {
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
                    .child_by_field(FIELDS.name)
                    .map(|n| text(self.src, n))
                    .unwrap_or("");
                let name = name.trim_matches(|c| c == '"' || c == '\'');
                matches!(
                    name,
                    "exit" | "return" | "die" | "fail" | "fatal" | "abort" | "bail" | "error_exit" | "panic"
                ) || self.funcs.get(name).is_some_and(|body| exits(*body))
            }
            "redirected_statement" => node.child_by_field(FIELDS.body).is_some_and(exits),
            "compound_statement" | "list" => node
                .named_children()
                .filter(|k| k.kind_str() != "comment")
                .last()
                .is_some_and(exits),
            _ => false,
        }
    }
}
