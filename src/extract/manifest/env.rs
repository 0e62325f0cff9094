//! A container's `env` as Kubernetes applies it: `$(NAME)` in `command`, `args` and later `env`
//! values is replaced by a literal value, or stands for one set when the pod starts.

use std::cell::Cell;
use std::collections::HashMap;

use super::super::yaml::{Node, get, get_str};
use crate::source::Span;

/// Container `env` entries read.
const MAX_ENV: usize = 256;
/// Bytes of `env` values put in place of `$(NAME)` in one value (`B=$(A)$(A)`, `C=$(B)$(B)` …
/// doubles at each entry): past it, a run-time value. The commands of a file have their own
/// bound (`MAX_SUBSTITUTED`).
pub(super) const MAX_VALUE: usize = 4096;

/// The values of a container's `env`, as Kubernetes expands `$(NAME)` with them.
#[derive(Default)]
pub(super) struct Env {
    pub(super) vars: HashMap<String, Var>,
    /// Literal values in order, for the shell code the container runs.
    pub(super) literal: Vec<(String, String, Span)>,
    /// `envFrom`: any other name may be set too, at run time.
    pub(super) any: bool,
}

pub(super) enum Var {
    /// A literal value (its `$(…)` expanded).
    Value(String),
    /// Set when the pod starts: from a secret, a config map, a field.
    Runtime,
}

impl Env {
    pub(super) fn of(container: &Node) -> Env {
        let mut env = Env {
            any: get(container, "envFrom").is_some(),
            ..Env::default()
        };
        let Some(list) = get(container, "env") else { return env };
        let Node::Seq { items, .. } = &*list else { return env };
        for e in items.iter().take(MAX_ENV) {
            let Some((name, _)) = get_str(e, "name") else { continue };
            let var = match get(e, "value") {
                Some(v) if v.str().is_some() => {
                    let (value, runtime) = env.expand(v.str().unwrap_or_default());
                    if runtime {
                        Var::Runtime
                    } else {
                        env.literal.push((name.clone(), value.clone(), v.span()));
                        Var::Value(value)
                    }
                }
                _ => Var::Runtime,
            };
            env.vars.insert(name, var);
        }
        env
    }

    /// A value with Kubernetes' `$(NAME)` expansion of the names before it (`$$` is a `$`);
    /// whether it reads a run-time value.
    fn expand(&self, value: &str) -> (String, bool) {
        let mut out = String::new();
        let mut runtime = false;
        for seg in segments(value, self, &Cell::new(MAX_VALUE)) {
            match seg {
                Seg::Text(a, b) => out.push_str(&value[a..b]),
                Seg::Value(_, v) => out.push_str(v),
                Seg::Runtime(..) => runtime = true,
            }
        }
        (out, runtime)
    }
}

/// A part of a command word after Kubernetes' expansion.
pub(super) enum Seg<'a> {
    /// Bytes `a..b` of the word, as they are.
    Text(usize, usize),
    /// `$(NAME)` at byte `.0`, the literal value of NAME.
    Value(usize, &'a str),
    /// `$(NAME)` at byte `.0` whose value is known only at run time.
    Runtime(usize, &'a str),
}

/// The parts of `value`; the values put in place take from `budget`.
pub(super) fn segments<'a>(value: &'a str, env: &'a Env, budget: &Cell<usize>) -> Vec<Seg<'a>> {
    let mut out = Vec::new();
    let b = value.as_bytes();
    let (mut i, mut lit) = (0, 0);
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        if b.get(i + 1) == Some(&b'$') {
            // `$$`: one `$`, never expanded
            out.push(Seg::Text(lit, i + 1));
            i += 2;
            lit = i;
            continue;
        }
        if b.get(i + 1) == Some(&b'(')
            && let Some(len) = value[i + 2..].find(')')
        {
            let name = &value[i + 2..i + 2 + len];
            let known = match env.vars.get(name) {
                Some(Var::Value(v)) if v.len() <= budget.get() => {
                    budget.set(budget.get() - v.len());
                    Some(Seg::Value(i, v.as_str()))
                }
                Some(Var::Value(_)) => Some(Seg::Runtime(i, name)),
                Some(Var::Runtime) => Some(Seg::Runtime(i, name)),
                None if env.any && is_name(name) => Some(Seg::Runtime(i, name)),
                None => None,
            };
            if let Some(seg) = known {
                out.push(Seg::Text(lit, i));
                out.push(seg);
                i += len + 3;
                lit = i;
                continue;
            }
        }
        i += 1;
    }
    out.push(Seg::Text(lit, b.len()));
    out.retain(|s| !matches!(s, Seg::Text(a, b) if a == b));
    out
}

/// A name a shell reads as a variable.
pub(super) fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether a variable's name says it holds an environment (`ENV`, `APP_ENV`, `ENVIRONMENT`,
/// `STAGE`, `TIER`), as the environment analysis reads assignments.
pub(super) fn names_environment(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n == "ENV" || n.ends_with("_ENV") || n.contains("ENVIRONMENT") || n.ends_with("STAGE") || n == "TIER"
}

/// Whether shell code expands variable `name` (`$NAME`, `${NAME…`).
pub(super) fn expands(code: &str, name: &str) -> bool {
    code.match_indices('$').any(|(i, _)| {
        let rest = &code[i + 1..];
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        rest.strip_prefix(name)
            .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
    })
}
