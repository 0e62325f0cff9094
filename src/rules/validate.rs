//! Rule-pack validation: ids, messages, patterns, predicates, statement kinds, embeds and empty
//! matchers. Std-only, so `build.rs` runs it on the built-in packs and the loader on user packs.

use super::index::is_glob;
use super::schema::{ArgCheck, EmbedSpec, Escalation, LexiconSpec, PackFile, RuleSpec, ShellMatch};

/// Checks the syntax of one glob: the loader passes globset's parser, the build script (which
/// does not link globset) [`check_glob`].
pub type GlobCheck<'a> = &'a dyn Fn(&str) -> Result<(), String>;

/// What in a pack is wrong, for the loader to point at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// `pack.family` is empty.
    Family,
    /// A rule, by id.
    Rule(String, String),
    /// A program declaration, by name.
    Program(String, String),
    /// A word of the `[lexicon]`.
    Lexicon(String),
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::Family => f.write_str("`pack.family` is empty"),
            Invalid::Rule(id, m) => write!(f, "rule `{id}`: {m}"),
            Invalid::Program(name, m) => write!(f, "program `{name}`: {m}"),
            Invalid::Lexicon(m) => write!(f, "lexicon: {m}"),
        }
    }
}

/// The placeholders a message may use (besides `{arg.NAME}`).
pub const PLACEHOLDERS: &[&str] = &["command", "program", "target", "field", "operation"];

/// The built-in argument predicates, without their `@` (`predicates::Builtin::ALL`; a test checks
/// they agree).
pub const PREDICATES: &[&str] = &[
    "root",
    "home",
    "system",
    "absolute",
    "temp",
    "glob-all",
    "parent",
    "variable-root",
    "dynamic",
    "block-device",
    "any",
];

/// SQL statement kinds (`sql::Kind::NAMES`; a test checks they agree).
pub const SQL_KINDS: &[&str] = &[
    "drop-database",
    "drop-schema",
    "drop-table",
    "drop-other",
    "truncate",
    "delete-without-where",
    "update-without-where",
    "delete",
    "update",
    "alter-table-drop",
    "read",
    "begin",
    "commit",
    "rollback",
    "other",
];

/// Everything about one pack that can be checked without the other packs: its family, its
/// program declarations' embeds and every rule ([`validate_rule`]). Duplicate ids and rules
/// without a matcher depend on the other packs and the engine rules: the caller checks those.
pub fn validate_pack(pack: &PackFile, glob: GlobCheck) -> Result<(), Invalid> {
    if pack.pack.family.trim().is_empty() {
        return Err(Invalid::Family);
    }
    for (name, spec) in &pack.programs {
        for e in &spec.embeds {
            validate_embed(e).map_err(|m| Invalid::Program(name.clone(), m))?;
        }
    }
    for r in &pack.rules {
        validate_rule(r, glob).map_err(|m| Invalid::Rule(r.id.clone(), m))?;
    }
    if let Some(l) = &pack.lexicon {
        validate_lexicon(l).map_err(Invalid::Lexicon)?;
    }
    Ok(())
}

/// Lexicon words are single lowercase tokens (what the lexicon splits a command word into);
/// a compound stands for such tokens; options and programs are names as written.
fn validate_lexicon(l: &LexiconSpec) -> Result<(), String> {
    let token = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let lists = [
        ("strong_verbs", &l.strong_verbs),
        ("verbs", &l.verbs),
        ("read_verbs", &l.read_verbs),
        ("nouns", &l.nouns),
        ("benign_nouns", &l.benign_nouns),
        ("ignored", &l.ignored),
    ];
    for (name, words) in lists {
        if let Some(w) = words.iter().find(|w| !token(w)) {
            return Err(format!(
                "`{w}` in `{name}` is not one lowercase token (letters and digits only)"
            ));
        }
    }
    for (k, v) in &l.compounds {
        if !token(k) || v.split(' ').any(|t| !token(t)) || v.split(' ').count() < 2 {
            return Err(format!(
                "compound `{k} = \"{v}\"` must be a token standing for two or more space-separated tokens"
            ));
        }
    }
    let name = |w: &str| !w.is_empty() && !w.starts_with('-') && !w.contains(char::is_whitespace);
    for (list, words) in [
        ("amplifiers", &l.amplifiers),
        ("dry_run", &l.dry_run),
        ("benign_programs", &l.benign_programs),
        ("make_verbs", &l.make_verbs),
    ] {
        if let Some(w) = words.iter().find(|w| !name(w)) {
            return Err(format!(
                "`{w}` in `{list}` must be a name without leading dashes or spaces"
            ));
        }
    }
    Ok(())
}

/// One rule: its id, its message, and each matcher and escalation.
pub fn validate_rule(r: &RuleSpec, glob: GlobCheck) -> Result<(), String> {
    validate_id(&r.id)?;
    validate_message(r.message.as_deref().unwrap_or(&r.summary))?;
    for m in &r.shell {
        validate_shell(m, glob)?;
    }
    for m in &r.graphql {
        validate_arg_checks(&m.args)?;
    }
    for m in &r.sql {
        if m.statements.is_empty() {
            return Err("a sql matcher needs at least one statement kind".into());
        }
        for k in &m.statements {
            if !SQL_KINDS.contains(&k.as_str()) {
                return Err(format!("unknown SQL statement kind `{k}`"));
            }
        }
        for p in &m.objects {
            patterns(p, glob)?;
        }
    }
    for e in &r.escalate {
        validate_escalation(e, glob)?;
    }
    Ok(())
}

fn validate_shell(m: &ShellMatch, glob: GlobCheck) -> Result<(), String> {
    if m.program.is_empty() && m.writes.is_empty() {
        return Err("a shell matcher needs at least one `program` (or `writes`)".into());
    }
    for p in m.program.iter().filter(|p| is_glob(p)) {
        glob(p).map_err(|e| format!("bad program glob `{p}`: {e}"))?;
    }
    for p in m.args.iter().chain(&m.except_args).chain(&m.last_arg) {
        predicate(p)?;
    }
    let patterns_of = m.command.iter().chain(&m.args).chain(&m.except_args);
    for p in patterns_of
        .chain(&m.last_arg)
        .chain(&m.writes)
        .chain(m.options.values().flatten())
        .chain(m.not_options.values().flatten())
    {
        patterns(p, glob)?;
    }
    Ok(())
}

fn validate_escalation(e: &Escalation, glob: GlobCheck) -> Result<(), String> {
    if e.flags.is_empty()
        && e.options.is_empty()
        && e.args.is_empty()
        && e.env.is_empty()
        && e.graphql_args.is_empty()
        && e.tokens.is_empty()
    {
        return Err("an escalation needs a condition (`flags`, `args`, `env`, `graphql_args` or `tokens`)".into());
    }
    for p in &e.args {
        predicate(p)?;
    }
    for p in e.args.iter().chain(e.options.values().flatten()) {
        patterns(p, glob)?;
    }
    validate_arg_checks(&e.graphql_args)?;
    validate_arg_checks(&e.unless_graphql_args)
}

/// An argument predicate: `@name` names a built-in one.
fn predicate(p: &str) -> Result<(), String> {
    match p.strip_prefix('@') {
        Some(name) if !PREDICATES.contains(&name) => Err(format!("unknown predicate `{p}`")),
        _ => Ok(()),
    }
}

/// A pattern: `|`-separated alternatives, each a literal, a glob or a `@predicate`.
fn patterns(p: &str, glob: GlobCheck) -> Result<(), String> {
    p.split('|')
        .filter(|a| is_glob(a) && !a.starts_with('@'))
        .try_for_each(glob)
        .map_err(|e| format!("bad pattern `{p}`: {e}"))
}

fn validate_arg_checks(checks: &[ArgCheck]) -> Result<(), String> {
    for c in checks {
        match c.value.trim() {
            "" => return Err(format!("argument check `{}` has an empty value", c.name)),
            "absent" if c.deep => {
                return Err(format!(
                    "argument check `{}`: `absent` cannot be combined with `deep`",
                    c.name
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

pub fn validate_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && id.starts_with(|c: char| c.is_ascii_lowercase());
    if ok {
        Ok(())
    } else {
        Err("ids are kebab-case: lowercase words joined by `-`".into())
    }
}

pub fn validate_message(m: &str) -> Result<(), String> {
    let mut rest = m;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or("unclosed `{` in message")? + open;
        let name = &rest[open + 1..close];
        if !PLACEHOLDERS.contains(&name) && !name.starts_with("arg.") {
            return Err(format!("unknown placeholder `{{{name}}}` in message"));
        }
        rest = &rest[close + 1..];
    }
    Ok(())
}

pub fn validate_embed(e: &EmbedSpec) -> Result<(), String> {
    // its language and dialect are enums: an unknown one fails when the TOML is read
    let sources = [
        e.option.is_some(),
        e.arg.is_some(),
        e.any_arg,
        e.args_from.is_some(),
        e.stdin,
    ];
    let n = sources.iter().filter(|b| **b).count();
    if n == 0 && e.argv_from.is_none() {
        return Err("an embed needs a source: `option`, `arg`, `any_arg`, `args_from`, `argv_from` or `stdin`".into());
    }
    if n > 1 {
        return Err("an embed takes one source (`option`, `arg`, `any_arg`, `args_from` or `stdin`)".into());
    }
    Ok(())
}

/// The syntax of a glob as globset reads it with the options of rule patterns (`\` escapes):
/// classes closed, ranges ascending, `{…}` balanced and at most 100 deep, no `\` at the end.
/// The build script's stand-in for globset (a test checks they agree).
#[cfg_attr(not(test), allow(dead_code))]
pub fn check_glob(p: &str) -> Result<(), String> {
    let err = |what: &str| Err(format!("error parsing glob '{p}': {what}"));
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    let mut depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '[' => {
                if matches!(chars.get(i), Some('!' | '^')) {
                    i += 1;
                }
                let (mut first, mut in_range) = (true, false);
                // where the last range of the class starts
                let mut last = '\0';
                loop {
                    let Some(&c) = chars.get(i) else {
                        return err("unclosed character class; missing ']'");
                    };
                    i += 1;
                    match c {
                        ']' if !first => break,
                        '-' if !first && !in_range => in_range = true,
                        '[' if !in_range && chars.get(i) == Some(&':') => match posix_class(&chars[i..]) {
                            Some((len, start)) => {
                                i += len;
                                last = start.unwrap_or('[');
                            }
                            None => last = '[',
                        },
                        c if in_range => {
                            if c < last {
                                return err("invalid character range");
                            }
                            in_range = false;
                        }
                        c => last = c,
                    }
                    first = false;
                }
            }
            '{' => {
                if depth >= 100 {
                    return err("too many nested alternate groups");
                }
                depth += 1;
            }
            '}' => {
                if depth == 0 {
                    return err("unopened alternate group; missing '{'");
                }
                depth -= 1;
            }
            '\\' => {
                if i == chars.len() {
                    return err("dangling '\\'");
                }
                i += 1;
            }
            _ => {}
        }
    }
    if depth > 0 {
        return err("unclosed alternate group; missing '}'");
    }
    Ok(())
}

/// A POSIX class name inside a class, `rest` starting at its `:` (`:alpha:]`): the characters it
/// takes and where the last range of a known class starts (globset's table).
fn posix_class(rest: &[char]) -> Option<(usize, Option<char>)> {
    let mut name = String::new();
    for (j, &c) in rest.iter().enumerate().skip(1) {
        if c == ':' && rest.get(j + 1) == Some(&']') {
            let start = match name.as_str() {
                "alnum" | "alpha" | "lower" | "xdigit" => 'a',
                "blank" | "print" | "space" => ' ',
                "cntrl" => '\x7f',
                "digit" => '0',
                "graph" => '!',
                "punct" => '{',
                "upper" => 'A',
                _ => return Some((j + 2, None)),
            };
            return Some((j + 2, Some(start)));
        }
        if c.is_ascii_lowercase() && name.len() < 8 {
            name.push(c);
        } else {
            return None;
        }
    }
    None
}
