//! Matching compiled rules against the IR: a shell command seen through its program's argument
//! syntax (flags, option values, subcommand path, positionals), or a GraphQL root field.

use std::collections::{BTreeMap, HashSet};

use std::sync::OnceLock;

use globset::{Glob, GlobMatcher};

use super::RuleSet;
use super::predicates::Builtin;
use super::schema::ArgCheck;
use crate::finding::Severity;
use crate::graphql::{Field, OpKind, Operation, Value, name_tokens};
use crate::shell::{Command, Word};

pub(super) use super::view::View;
use crate::source::Span;

/// One step of a subcommand path or an option-value pattern: alternatives.
#[derive(Debug)]
pub(super) struct Pattern(pub Vec<Alt>);

#[derive(Debug)]
pub(super) enum Alt {
    Exact(String),
    Glob(LazyGlob),
}

impl Pattern {
    fn matches(&self, s: &str) -> bool {
        self.0.iter().any(|a| match a {
            Alt::Exact(e) => e == s,
            Alt::Glob(g) => g.is_match(s),
        })
    }
}

/// Flag names that mean the same (`r|R|recursive`).
#[derive(Debug)]
pub(super) struct FlagGroup(pub Vec<String>);

/// A rule's glob. Most are only `*` wildcards (`*manage.py`, `db:drop:*`), matched directly;
/// the others (`?`, `[…]`, `{a,b}`, escapes) are compiled by globset the first time they meet a
/// word, since most of the rules' globs never meet a command they could match in a run. User
/// packs' globs are checked when they load; the built-in ones by a test.
#[derive(Debug)]
pub(super) struct LazyGlob {
    pattern: String,
    stars_only: bool,
    /// Characters every match holds (the pattern's literal ones, outside `[…]`): a word
    /// without one of them is rejected before the glob is ever compiled (`C:\\Users` patterns
    /// against `/srv` need a `:`).
    required: Vec<char>,
    /// Length of the literal text the pattern starts with (before any special character): a
    /// match starts with it.
    prefix: usize,
    matcher: OnceLock<Option<GlobMatcher>>,
}

impl LazyGlob {
    pub(super) fn new(pattern: String) -> Self {
        // `**` has path semantics in globset (`**/` matches no directory at all)
        let stars_only = !pattern.contains(['?', '[', ']', '{', '}', '\\']) && !pattern.contains("**");
        LazyGlob {
            prefix: pattern.find(['*', '?', '[', '{', '\\']).unwrap_or(pattern.len()),
            required: required_chars(&pattern),
            pattern,
            stars_only,
            matcher: OnceLock::new(),
        }
    }

    /// The glob with the options every rule pattern uses.
    pub(super) fn parse(pattern: &str) -> Result<Glob, globset::Error> {
        globset::GlobBuilder::new(pattern)
            .literal_separator(false)
            .backslash_escape(true)
            .build()
    }

    pub(super) fn is_match(&self, s: &str) -> bool {
        if !s.as_bytes().starts_with(&self.pattern.as_bytes()[..self.prefix]) {
            return false;
        }
        if self.stars_only {
            return star_match(&self.pattern, s);
        }
        if !self.required.iter().all(|c| s.contains(*c)) {
            return false;
        }
        self.matcher
            .get_or_init(|| Self::parse(&self.pattern).ok().map(|g| g.compile_matcher()))
            .as_ref()
            .is_some_and(|m| m.is_match(s))
    }
}

/// The literal characters of a glob outside classes (none when it has `{a,b}` alternatives,
/// whose literals are not all required). A `/` next to `**` is not required either: `**/a`
/// matches `a`.
fn required_chars(pattern: &str) -> Vec<char> {
    if pattern.contains('{') {
        return Vec::new();
    }
    let mut out: Vec<char> = Vec::new();
    let mut it = pattern.char_indices();
    while let Some((i, c)) = it.next() {
        let lit = match c {
            '*' | '?' => None,
            '/' if pattern[..i].ends_with("**") || pattern[i + 1..].starts_with("**") => None,
            '[' => {
                // a class stands for one character of a set: skip to its end (`[]…]` and
                // `[!]…]` hold a literal `]` first)
                let mut first = true;
                for (_, d) in it.by_ref() {
                    if d == ']' && !first {
                        break;
                    }
                    first = d == '!' && first;
                }
                None
            }
            '\\' => it.next().map(|(_, d)| d),
            c => Some(c),
        };
        if let Some(l) = lit
            && !out.contains(&l)
        {
            out.push(l);
        }
    }
    out
}

/// Whether `s` matches `pattern`, whose only special character is `*` (any run of characters,
/// `/` included).
pub(super) fn star_match(pattern: &str, s: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = s.strip_prefix(first) else {
        return false;
    };
    let mut parts: Vec<&str> = parts.collect();
    let Some(last) = parts.pop() else {
        // no `*`: the whole word
        return rest.is_empty();
    };
    for mid in parts {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[derive(Debug)]
pub(super) enum ArgPred {
    Builtin(Builtin),
    Glob(LazyGlob),
}

impl ArgPred {
    fn test(&self, w: &Word) -> bool {
        match self {
            ArgPred::Builtin(b) => b.test(w),
            // a partly static word (`https://api.example.com/projects/$ID`) matches as it reads
            ArgPred::Glob(g) => match w.value() {
                // a path that climbs with `..` is matched where it lands (`/var/cache/../lib`,
                // `build/..` is `.`)
                Some(v) if v.contains('/') && v.split('/').any(|c| c == "..") && !v.contains("://") => {
                    g.is_match(&super::predicates::landing(&v))
                }
                Some(v) => g.is_match(v.as_str()),
                None => !w.static_prefix().is_empty() && g.is_match(&w.display()),
            },
        }
    }
}

#[derive(Debug)]
pub(super) struct ShellMatcher {
    pub command: Vec<Pattern>,
    pub flags: Vec<FlagGroup>,
    pub any_flags: Vec<FlagGroup>,
    pub not_flags: Vec<FlagGroup>,
    pub args: Vec<ArgPred>,
    pub except_args: Vec<ArgPred>,
    pub options: Vec<(FlagGroup, Vec<Pattern>)>,
    pub not_options: Vec<(FlagGroup, Vec<Pattern>)>,
    pub last_arg: Vec<ArgPred>,
    pub no_args: bool,
    pub writes: Vec<LazyGlob>,
    pub overwrites: bool,
    pub env: Vec<String>,
    pub ignore_case: bool,
}

/// Whether a redirection writes to a file (`>`, `>>`, `>|`, `&>`, `&>>`, `<>`, `>& file`).
pub(super) fn writes_file(r: &crate::shell::ir::Redirect) -> bool {
    match r.op.as_str() {
        ">" | ">>" | ">|" | "&>" | "&>>" | "<>" => true,
        // `>&2` duplicates a descriptor; `>& file` writes to the file
        ">&" => r
            .target
            .value()
            .is_some_and(|v| v != "-" && !v.chars().all(|c| c.is_ascii_digit())),
        _ => false,
    }
}

#[derive(Debug)]
pub(super) struct GraphqlMatcher {
    pub operations: HashSet<OpKind>,
    pub fields: HashSet<String>,
    pub tokens: HashSet<String>,
    pub not_tokens: HashSet<String>,
    pub args: Vec<ArgCondition>,
}

#[derive(Debug)]
pub(super) struct SqlMatcher {
    pub kinds: Vec<crate::sql::Kind>,
    pub objects: Vec<LazyGlob>,
    pub rolled_back: bool,
}

impl SqlMatcher {
    fn matches(&self, st: &crate::sql::Statement) -> bool {
        self.kinds.contains(&st.kind)
            && (self.rolled_back || !st.rolled_back)
            && (self.objects.is_empty()
                || st
                    .object
                    .as_deref()
                    .is_some_and(|o| self.objects.iter().any(|g| g.is_match(&o.to_lowercase()))))
    }
}

#[derive(Debug)]
pub(super) struct EscalationMatcher {
    pub flags: Vec<FlagGroup>,
    pub options: Vec<(FlagGroup, Vec<Pattern>)>,
    pub args: Vec<ArgPred>,
    pub env: Vec<String>,
    pub graphql_args: Vec<ArgCondition>,
    pub unless_graphql_args: Vec<ArgCondition>,
    pub tokens: HashSet<String>,
    pub severity: Option<Severity>,
    pub note: String,
}

/// A condition on a GraphQL argument.
#[derive(Debug)]
pub(super) struct ArgCondition {
    name: String,
    expect: Expect,
    deep: bool,
}

#[derive(Debug, PartialEq)]
enum Expect {
    EmptyObject,
    /// A filter that compares no column: `{}`, `{_and: []}`, `{id: {}}` (every row).
    Unscoped,
    /// A filter with at least one comparison on a column (`{id: {_eq: 1}}`).
    Scoped,
    EmptyList,
    Bool(bool),
    Null,
    Absent,
    Present,
    Literal(String),
}

impl ArgCondition {
    pub(super) fn parse(c: &ArgCheck) -> Result<ArgCondition, String> {
        let expect = match c.value.trim() {
            "{}" => Expect::EmptyObject,
            "unscoped" => Expect::Unscoped,
            "scoped" => Expect::Scoped,
            "[]" => Expect::EmptyList,
            "true" => Expect::Bool(true),
            "false" => Expect::Bool(false),
            "null" => Expect::Null,
            "absent" => Expect::Absent,
            "present" => Expect::Present,
            "" => return Err(format!("argument check `{}` has an empty value", c.name)),
            other => Expect::Literal(other.trim_matches('"').to_owned()),
        };
        if c.deep && expect == Expect::Absent {
            return Err(format!(
                "argument check `{}`: `absent` cannot be combined with `deep`",
                c.name
            ));
        }
        Ok(ArgCondition {
            name: c.name.clone(),
            expect,
            deep: c.deep,
        })
    }

    fn value_matches(&self, v: &Value) -> bool {
        match (&self.expect, v) {
            (Expect::EmptyObject, Value::Object(o)) => o.is_empty(),
            (Expect::Unscoped, v @ (Value::Object(_) | Value::List(_))) => !compares(v, 0),
            (Expect::Scoped, v @ (Value::Object(_) | Value::List(_))) => compares(v, 0),
            (Expect::EmptyList, Value::List(l)) => l.is_empty(),
            (Expect::Bool(b), Value::Boolean(x)) => b == x,
            (Expect::Null, Value::Null) => true,
            (Expect::Present, _) => true,
            (Expect::Literal(s), Value::String(x) | Value::Enum(x)) => s == x,
            (Expect::Literal(s), Value::Int(i)) => s == &i.to_string(),
            _ => false,
        }
    }

    fn holds(&self, field: &Field, vars: &BTreeMap<String, Value>) -> bool {
        if self.deep {
            return field.args.iter().any(|(n, v)| {
                let v = v.resolve(vars);
                (n == &self.name && self.value_matches(&v)) || self.deep_in(&v)
            });
        }
        match field.arg(&self.name) {
            None => self.expect == Expect::Absent,
            Some(v) => self.value_matches(&v.resolve(vars)),
        }
    }

    fn deep_in(&self, v: &Value) -> bool {
        match v {
            Value::Object(o) => o
                .iter()
                .any(|(k, v)| (k == &self.name && self.value_matches(v)) || self.deep_in(v)),
            Value::List(l) => l.iter().any(|v| self.deep_in(v)),
            _ => false,
        }
    }
}

/// Whether a filter value compares something: a leaf that is a value or a variable, not only
/// empty objects and lists (`{_and: [{}]}` compares nothing; `{id: {_eq: $id}}` does).
fn compares(v: &Value, depth: usize) -> bool {
    if depth > 32 {
        return true;
    }
    match v {
        Value::Object(o) => o.values().any(|x| compares(x, depth + 1)),
        Value::List(l) => l.iter().any(|x| compares(x, depth + 1)),
        _ => true,
    }
}

/// A rule that matched one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the rule in the [`RuleSet`].
    pub rule: usize,
    pub severity: Severity,
    pub message: String,
    /// The span (in the parsed snippet) of the argument the rule is about, if any.
    pub target: Option<Span>,
}

/// Whether an option of the group has a value matching one of the patterns.
fn option_matches(view: &View, group: &FlagGroup, patterns: &[Pattern]) -> bool {
    view.flags_named(&group.0).any(|f| {
        f.value
            .as_deref()
            .is_some_and(|v| patterns.iter().any(|p| p.matches(v)))
    })
}

fn env_set(cmd: &Command, view: &View, names: &[String]) -> bool {
    names.iter().any(|n| {
        cmd.assignment(n).is_some()
            || view.positional_words().any(|w| {
                w.value()
                    .is_some_and(|v| v.split_once('=').is_some_and(|(k, _)| k == n))
            })
    })
}

impl ShellMatcher {
    /// On a match, the index of the positional the rule is about (its target), if any.
    fn matches(&self, cmd: &Command, view: &View) -> Option<Option<usize>> {
        let path_len = self.command.len();
        if view.positionals.len() < path_len {
            return None;
        }
        for (k, step) in self.command.iter().enumerate() {
            let v = view.positional(k).value()?;
            let v = if self.ignore_case { v.to_lowercase() } else { v };
            if !step.matches(&v) {
                return None;
            }
        }
        if !self.flags.iter().all(|g| view.has(&g.0)) {
            return None;
        }
        if !self.any_flags.is_empty() && !self.any_flags.iter().any(|g| view.has(&g.0)) {
            return None;
        }
        if self.not_flags.iter().any(|g| view.has(&g.0)) {
            return None;
        }
        let option_ok = |(g, pats): &(FlagGroup, Vec<Pattern>)| {
            view.flags_named(&g.0)
                .any(|f| f.value.as_deref().is_some_and(|v| pats.iter().any(|p| p.matches(v))))
        };
        if !self.options.iter().all(option_ok) {
            return None;
        }
        // given, and only with values the rule leaves alone
        let only_excepted = |(g, pats): &(FlagGroup, Vec<Pattern>)| {
            let mut values = view.flags_named(&g.0).map(|f| f.value.as_deref()).peekable();
            values.peek().is_some() && values.all(|v| v.is_some_and(|v| pats.iter().any(|p| p.matches(v))))
        };
        if self.not_options.iter().any(only_excepted) {
            return None;
        }
        if !self.env.is_empty() && !env_set(cmd, view, &self.env) {
            return None;
        }
        let rest: Vec<&Word> = view.positional_words().skip(path_len).collect();
        if self.no_args && !rest.is_empty() {
            return None;
        }
        if !self.last_arg.is_empty() && !rest.last().is_some_and(|w| self.last_arg.iter().any(|p| p.test(w))) {
            return None;
        }
        if !self.writes.is_empty() {
            // the target of the rule is the file written (not a positional): no target index
            return self.written(cmd).map(|_| None);
        }
        if self.args.is_empty() {
            return Some(if rest.is_empty() { None } else { Some(path_len) });
        }
        let hit = rest
            .iter()
            .position(|w| self.args.iter().any(|p| p.test(w)) && !self.except_args.iter().any(|p| p.test(w)))?;
        Some(Some(path_len + hit))
    }
}

impl ShellMatcher {
    /// The file a redirection of the command writes that `writes` matches.
    fn written<'c>(&self, cmd: &'c Command) -> Option<&'c Word> {
        if self.writes.is_empty() {
            return None;
        }
        cmd.redirects
            .iter()
            .filter(|r| writes_file(r) && (!self.overwrites || matches!(r.op.as_str(), ">" | ">|" | "&>" | ">&")))
            .map(|r| &r.target)
            .find(|w| {
                let v = w.value().unwrap_or_else(|| w.display());
                self.writes.iter().any(|g| g.is_match(&v))
            })
    }
}

impl EscalationMatcher {
    fn holds_shell(&self, cmd: &Command, view: &View) -> bool {
        self.flags.iter().any(|g| view.has(&g.0))
            || self.options.iter().any(|(g, pats)| option_matches(view, g, pats))
            || view.positional_words().any(|w| self.args.iter().any(|p| p.test(w)))
            || (!self.env.is_empty() && env_set(cmd, view, &self.env))
    }

    fn holds_graphql(&self, field: &Field, tokens: &[String], vars: &BTreeMap<String, Value>) -> bool {
        if self.unless_graphql_args.iter().any(|c| c.holds(field, vars)) {
            return false;
        }
        (!self.graphql_args.is_empty() && self.graphql_args.iter().all(|c| c.holds(field, vars)))
            || tokens.iter().any(|t| self.tokens.contains(t))
    }
}

impl GraphqlMatcher {
    fn matches(&self, op: &Operation, field: &Field, tokens: &[String], vars: &BTreeMap<String, Value>) -> bool {
        self.operations.contains(&op.kind)
            && (self.fields.is_empty() || self.fields.contains(&field.name))
            && (self.tokens.is_empty() || tokens.iter().any(|t| self.tokens.contains(t)))
            && !tokens.iter().any(|t| self.not_tokens.contains(t))
            && self.args.iter().all(|c| c.holds(field, vars))
    }
}

/// A GraphQL root field with the operation it belongs to and the request's variables.
pub struct FieldContext<'a> {
    pub op: &'a Operation,
    pub field: &'a Field,
    pub vars: &'a BTreeMap<String, Value>,
}

/// Fills `{name}` placeholders.
fn render(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                let name = &rest[open + 1..open + close];
                out.push_str(&lookup(name).unwrap_or_else(|| "?".into()));
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn clip(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

fn with_notes(mut message: String, notes: &[&str]) -> String {
    if !notes.is_empty() {
        message.push_str(" (");
        message.push_str(&notes.join("; "));
        message.push(')');
    }
    message
}

impl RuleSet {
    /// The rules that match a shell command.
    pub fn match_command(&self, cmd: &Command) -> Vec<Hit> {
        let Some(program) = cmd.program.as_deref() else {
            return Vec::new();
        };
        let cands = self.shell_candidates(program, cmd);
        if cands.is_empty() {
            return Vec::new();
        }
        let view = View::new(cmd, self.program(program));
        let mut hits: Vec<Hit> = Vec::new();
        for (ri, mi) in cands {
            if hits.iter().any(|h| h.rule == ri) {
                continue;
            }
            let rule = &self.rules[ri];
            let Some(target) = rule.compiled().shell[mi].matches(cmd, &view) else {
                continue;
            };
            let target_word = target
                .map(|t| view.positional(t))
                .or_else(|| rule.compiled().shell[mi].written(cmd));
            let mut severity = rule.spec().severity;
            let mut notes = Vec::new();
            for e in &rule.compiled().escalate {
                if e.holds_shell(cmd, &view) {
                    severity = e.severity.unwrap_or(severity.raised());
                    notes.push(e.note.as_str());
                }
            }
            let template = rule.spec().message.as_deref().unwrap_or(&rule.spec().summary);
            let message = render(template, |name| match name {
                "command" => Some(clip(cmd.display(), 100)),
                "program" => Some(program.to_owned()),
                "target" => target_word.map(|w| clip(w.value().unwrap_or_else(|| w.display()), 80)),
                _ => None,
            });
            hits.push(Hit {
                rule: ri,
                severity,
                message: with_notes(message, &notes),
                target: target_word.map(|w| w.span),
            });
        }
        self.drop_fallbacks(&mut hits);
        hits
    }

    /// The rules that match a GraphQL root field.
    pub fn match_field(&self, ctx: &FieldContext) -> Vec<Hit> {
        let tokens = name_tokens(&ctx.field.name);
        let mut cands: Vec<(usize, usize)> = Vec::new();
        self.gql_by_field.extend_into(ctx.field.name.as_str(), &mut cands);
        for t in &tokens {
            self.gql_by_token.extend_into(t.as_str(), &mut cands);
        }
        cands.extend(&self.gql_any);
        let mut hits: Vec<Hit> = Vec::new();
        for (ri, mi) in cands {
            if hits.iter().any(|h| h.rule == ri) {
                continue;
            }
            let rule = &self.rules[ri];
            if !rule.compiled().graphql[mi].matches(ctx.op, ctx.field, &tokens, ctx.vars) {
                continue;
            }
            let mut severity = rule.spec().severity;
            let mut notes = Vec::new();
            for e in &rule.compiled().escalate {
                if e.holds_graphql(ctx.field, &tokens, ctx.vars) {
                    severity = e.severity.unwrap_or(severity.raised());
                    notes.push(e.note.as_str());
                }
            }
            let template = rule.spec().message.as_deref().unwrap_or(&rule.spec().summary);
            let message = render(template, |name| match name {
                "field" => Some(ctx.field.name.clone()),
                "operation" => Some(ctx.op.name.clone().unwrap_or_else(|| ctx.op.kind.as_str().to_owned())),
                "command" | "target" => Some(ctx.field.name.clone()),
                _ => name
                    .strip_prefix("arg.")
                    .and_then(|a| ctx.field.arg(a))
                    .map(|v| clip(v.resolve(ctx.vars).display(), 80)),
            });
            hits.push(Hit {
                rule: ri,
                severity,
                message: with_notes(message, &notes),
                target: None,
            });
        }
        self.drop_fallbacks(&mut hits);
        hits
    }

    /// The rules that match a SQL statement.
    pub fn match_sql(&self, st: &crate::sql::Statement) -> Vec<Hit> {
        let Some(cands) = self.sql_by_kind.get(&st.kind) else {
            return Vec::new();
        };
        let mut hits: Vec<Hit> = Vec::new();
        for &(ri, mi) in cands {
            if hits.iter().any(|h| h.rule == ri) || !self.rules[ri].compiled().sql[mi].matches(st) {
                continue;
            }
            let rule = &self.rules[ri];
            let template = rule.spec().message.as_deref().unwrap_or(&rule.spec().summary);
            let object = st.object.clone();
            let message = render(template, |name| match name {
                "target" => object.clone().or_else(|| Some("it".into())),
                "command" => Some(st.kind.as_str().to_uppercase().replace('-', " ")),
                _ => None,
            });
            hits.push(Hit {
                rule: ri,
                severity: rule.spec().severity,
                message,
                target: None,
            });
        }
        self.drop_fallbacks(&mut hits);
        hits
    }

    /// A fallback rule is dropped when another rule of its category matched the same operation.
    fn drop_fallbacks(&self, hits: &mut Vec<Hit>) {
        if hits.len() < 2 {
            return;
        }
        let specific: HashSet<_> = hits
            .iter()
            .filter(|h| !self.rules[h.rule].spec().fallback)
            .map(|h| self.rules[h.rule].spec().category)
            .collect();
        hits.retain(|h| !self.rules[h.rule].spec().fallback || !specific.contains(&self.rules[h.rule].spec().category));
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Patterns match exactly as globset would match them, `*`-only ones included.
        #[test]
        fn lazy_globs_agree_with_globset(pattern in "([ab/.:*?]|\\*\\*/|/\\*\\*|\\[ab\\]|\\[!a\\]|\\[\\]a\\]|\\\\:){0,8}", s in "[ab/.:\\]]{0,10}") {
            let expected = LazyGlob::parse(&pattern).unwrap().compile_matcher().is_match(&s);
            prop_assert_eq!(LazyGlob::new(pattern.clone()).is_match(&s), expected, "{} on {}", pattern, s);
        }
    }

    #[test]
    fn lazy_glob_prefilter_keeps_what_globset_matches() {
        for (p, s) in [
            ("**/preflight.toml", "preflight.toml"),
            ("**/.claude/settings.json", ".claude/settings.json"),
            ("a/**/b", "a/b"),
            ("[A-Za-z]:\\\\*", "C:\\Users"),
            ("[]:]x", ":x"),
        ] {
            assert!(LazyGlob::parse(p).unwrap().compile_matcher().is_match(s), "{p} {s}");
            assert!(LazyGlob::new(p.to_owned()).is_match(s), "{p} {s}");
        }
        assert!(!LazyGlob::new("[A-Za-z]:\\\\*".to_owned()).is_match("/srv"));
    }

    #[test]
    fn filters_scope_when_they_compare_a_column() {
        let filter = |text: &str| {
            let doc = crate::graphql::parse(&format!("mutation {{ d(where: {text}) }}")).unwrap();
            doc.operations[0].fields[0].arg("where").unwrap().clone()
        };
        for unscoped in ["{}", "{_and: []}", "{_and: [{}]}", "{id: {}}", "{AND: [{}, {}]}"] {
            assert!(!compares(&filter(unscoped), 0), "{unscoped}");
        }
        for scoped in [
            "{id: {_eq: 1}}",
            "{createdAt_lt: \"2024\"}",
            "{id: {_eq: $id}}",
            "{_and: [{}, {n: {_is_null: true}}]}",
            "{id_in: [\"a\"]}",
        ] {
            assert!(compares(&filter(scoped), 0), "{scoped}");
        }
        let check = |value: &str| {
            ArgCondition::parse(&ArgCheck {
                name: "where".into(),
                value: value.into(),
                deep: false,
            })
            .unwrap()
        };
        assert!(check("unscoped").value_matches(&filter("{_or: []}")));
        assert!(!check("scoped").value_matches(&filter("{_or: []}")));
        // a variable whose value is not known is neither
        assert!(!check("unscoped").value_matches(&Value::Dynamic("$w".into())));
        assert!(!check("scoped").value_matches(&Value::Dynamic("$w".into())));
    }

    #[test]
    fn star_match_cases() {
        assert!(star_match("*manage.py", "./manage.py"));
        assert!(star_match("db:drop:*", "db:drop:all"));
        assert!(star_match("*a*a*", "aa"));
        assert!(!star_match("*a*a*", "a"));
        assert!(!star_match("ab*ba", "aba"));
        assert!(star_match("", ""));
        assert!(!star_match("", "x"));
        assert!(star_match("*", ""));
    }
}
