//! Variables: assignment statements, arrays, and the expansion of `$NAME` with what the walker
//! knows of its value (inlined when static, a [`Part::Var`] with its state otherwise).

use super::tree::Node;

use crate::shell::ir::{Part, ScriptAssignment, VarState, Word};
use crate::shell::wrappers;
use crate::source::Span;

use super::commands::assignment_word;
use super::words::WordBuilder;
use super::{FIELDS, Produced, VarValue, Walker, is_special_param, span, text};

impl<'t> Walker<'t> {
    pub(super) fn declaration(&mut self, node: Node<'t>) -> Produced {
        let keyword = node.child(0).map(|k| k.kind_str()).unwrap_or("");
        let exported = keyword == "export"
            || node.named_children().any(|k| {
                k.kind_str() == "word" && text(self.src, k).starts_with('-') && text(self.src, k).contains('x')
            });
        for k in node.named_children() {
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
    pub(super) fn assign(&mut self, node: Node<'t>, exported: bool) {
        if node.kind_str() != "variable_assignment" {
            self.substitutions(node);
            return;
        }
        self.substitutions(node);
        let Some(name_node) = node.child_by_field(FIELDS.name) else {
            return;
        };
        let name = match name_node.kind_str() {
            "subscript" => name_node
                .child_by_field(FIELDS.name)
                .map(|n| text(self.src, n))
                .unwrap_or(""),
            _ => text(self.src, name_node),
        }
        .to_owned();
        let append = node.child(1).is_some_and(|op| op.kind_str() == "+=");
        let value_node = node.child_by_field(FIELDS.value);
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
        // `D=$(pwd)`, ``D=`pwd -P` ``: the working directory, which the shell keeps in `PWD`
        if value_node.is_some_and(|v| self.is_pwd(v)) {
            value.parts = vec![Part::Var {
                name: "PWD".into(),
                quoted: true,
                state: VarState::External,
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

    /// A `NAME=value` statement recovered from words tree-sitter-bash glued onto a command.
    pub(super) fn assign_word(&mut self, w: &Word) {
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

    /// `$(pwd)`, `` `pwd` ``, `"$(pwd -P)"`: the whole value is the working directory.
    fn is_pwd(&self, node: Node) -> bool {
        let t = text(self.src, node).trim_matches('"');
        let inner = t
            .strip_prefix("$(")
            .and_then(|r| r.strip_suffix(')'))
            .or_else(|| t.strip_prefix('`').and_then(|r| r.strip_suffix('`')))
            .unwrap_or("");
        matches!(inner.trim(), "pwd" | "pwd -P" | "pwd -L" | "/bin/pwd" | "builtin pwd")
    }

    fn is_mktemp(&self, node: Node) -> bool {
        let t = text(self.src, node).trim_matches('"');
        let inner = t.strip_prefix("$(").or_else(|| t.strip_prefix('`')).unwrap_or("");
        inner.trim_start().starts_with("mktemp")
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
        for el in v.named_children() {
            if el.kind_str() == "comment" {
                continue;
            }
            words.extend(self.word_list(el));
        }
        if words.iter().all(Word::is_static) {
            self.arrays.insert(name.to_owned(), words);
        }
    }

    pub(super) fn var_state(&self, name: &str) -> VarState {
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
    pub(super) fn expand_var(
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
