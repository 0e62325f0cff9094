//! Rules are data: packs of TOML rules (`rules/*.toml`, embedded at build time, plus user packs)
//! compiled once into an index so each command or GraphQL field is checked only against the
//! rules that can match it.

mod matcher;
mod predicates;
pub mod schema;
pub mod view;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};

pub use matcher::{FieldContext, Hit};
pub use predicates::Builtin;
use schema::{ArgCheck, EmbedSpec, Escalation, GraphqlMatch, PackFile, ProgramSpec, RuleSpec, ShellMatch, SqlMatch};

use crate::finding::{Category, Severity};

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// The family of the built-in rules the engine itself reports (`syntax-error` …).
pub const CORE_FAMILY: &str = "core";

/// A rule file that could not be loaded: points into the TOML.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(preflight::rule_pack))]
pub struct PackError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("here")]
    pub span: Option<SourceSpan>,
}

impl PackError {
    fn new(name: &str, text: &Arc<str>, span: Option<std::ops::Range<usize>>, message: String) -> Self {
        PackError {
            message: format!("{name}: {message}"),
            src: NamedSource::new(name, text.clone()),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
        }
    }
}

/// Where a rule came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Builtin(&'static str),
    User(PathBuf),
}

/// A loaded rule.
#[derive(Debug)]
pub struct Rule {
    pub spec: RuleSpec,
    pub family: String,
    pub origin: Origin,
    shell: Vec<matcher::ShellMatcher>,
    graphql: Vec<matcher::GraphqlMatcher>,
    sql: Vec<matcher::SqlMatcher>,
    escalate: Vec<matcher::EscalationMatcher>,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// Whether the rule matches code of this kind.
    pub fn matches_shell(&self) -> bool {
        !self.shell.is_empty()
    }

    pub fn matches_graphql(&self) -> bool {
        !self.graphql.is_empty()
    }

    pub fn matches_sql(&self) -> bool {
        !self.sql.is_empty()
    }
}

/// All loaded rules with their lookup index.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_id: HashMap<String, usize>,
    programs: HashMap<String, Arc<ProgramSpec>>,
    /// Program name → (rule, matcher).
    by_program: HashMap<String, Vec<(usize, usize)>>,
    program_globs: GlobSet,
    program_glob_targets: Vec<(usize, usize)>,
    gql_by_field: HashMap<String, Vec<(usize, usize)>>,
    gql_by_token: HashMap<String, Vec<(usize, usize)>>,
    gql_any: Vec<(usize, usize)>,
    sql_by_kind: HashMap<crate::sql::Kind, Vec<(usize, usize)>>,
    /// Matchers of any program that writes to a file (`writes` without `program`).
    by_write: Vec<(usize, usize)>,
}

impl RuleSet {
    /// The built-in packs.
    pub fn builtin() -> Result<RuleSet, PackError> {
        let mut b = RuleSetBuilder::default();
        for (name, text) in BUILTIN_PACKS {
            b.add(name, Arc::from(*text), Origin::Builtin(name))?;
        }
        b.build()
    }

    /// The built-in packs plus user packs read from `paths`.
    pub fn with_user_packs(paths: &[PathBuf]) -> Result<RuleSet, PackError> {
        let mut b = RuleSetBuilder::default();
        for (name, text) in BUILTIN_PACKS {
            b.add(name, Arc::from(*text), Origin::Builtin(name))?;
        }
        for p in paths {
            b.add_file(p)?;
        }
        b.build()
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn rule(&self, i: usize) -> &Rule {
        &self.rules[i]
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The families of the loaded rules.
    pub fn families(&self) -> Vec<&str> {
        let mut f: Vec<&str> = self.rules.iter().map(|r| r.family.as_str()).collect();
        f.sort_unstable();
        f.dedup();
        f
    }

    /// The argument syntax of a program (or of the program it is an alias of).
    pub fn program(&self, name: &str) -> Option<&ProgramSpec> {
        self.programs.get(name).map(|p| &**p)
    }

    /// Candidate (rule, matcher) pairs for a command of a program.
    fn shell_candidates(&self, program: &str, cmd: &crate::shell::Command) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = self.by_program.get(program).cloned().unwrap_or_default();
        if !self.by_write.is_empty() && cmd.redirects.iter().any(matcher::writes_file) {
            out.extend(&self.by_write);
        }
        if !self.program_glob_targets.is_empty() {
            for i in self.program_globs.matches(program) {
                out.push(self.program_glob_targets[i]);
            }
        }
        out
    }
}

/// Accumulates packs, then validates and indexes them.
#[derive(Default)]
pub struct RuleSetBuilder {
    packs: Vec<(String, Arc<str>, Origin, PackFile)>,
}

impl RuleSetBuilder {
    pub fn add_file(&mut self, path: &Path) -> Result<(), PackError> {
        let name = path.display().to_string();
        let text: Arc<str> = std::fs::read_to_string(path)
            .map_err(|e| PackError::new(&name, &Arc::from(""), None, format!("cannot read rule pack: {e}")))?
            .into();
        self.add(&name, text, Origin::User(path.to_path_buf()))
    }

    pub fn add(&mut self, name: &str, text: Arc<str>, origin: Origin) -> Result<(), PackError> {
        let pack: PackFile =
            toml::from_str(&text).map_err(|e| PackError::new(name, &text, e.span(), e.message().to_owned()))?;
        self.packs.push((name.to_owned(), text, origin, pack));
        Ok(())
    }

    pub fn build(self) -> Result<RuleSet, PackError> {
        let mut set = RuleSet {
            rules: Vec::new(),
            by_id: HashMap::new(),
            programs: HashMap::new(),
            by_program: HashMap::new(),
            program_globs: GlobSet::empty(),
            program_glob_targets: Vec::new(),
            gql_by_field: HashMap::new(),
            gql_by_token: HashMap::new(),
            gql_any: Vec::new(),
            sql_by_kind: HashMap::new(),
            by_write: Vec::new(),
        };
        // program specs first (merged across packs), so aliases are known
        let mut merged: BTreeMap<String, ProgramSpec> = BTreeMap::new();
        for (_, _, _, pack) in &self.packs {
            for (name, spec) in &pack.programs {
                let m = merged.entry(name.clone()).or_default();
                m.valued.extend(spec.valued.iter().cloned());
                m.terminated.extend(spec.terminated.iter().cloned());
                for a in &spec.aliases {
                    if !m.aliases.contains(a) {
                        m.aliases.push(a.clone());
                    }
                }
                m.single_dash_long |= spec.single_dash_long;
                m.embeds.extend(spec.embeds.iter().cloned());
                if m.target.is_none() {
                    m.target = spec.target.clone();
                }
            }
        }
        let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
        for (name, spec) in &merged {
            for e in &spec.embeds {
                validate_embed(e).map_err(|m| {
                    let (pack, text) = self
                        .packs
                        .iter()
                        .find(|(_, _, _, p)| p.programs.get(name).is_some_and(|ps| ps.embeds.contains(e)))
                        .map(|(n, t, _, _)| (n.clone(), t.clone()))
                        .unwrap_or_default();
                    PackError::new(
                        &pack,
                        &text,
                        find(&text, &format!("[programs.{name}")),
                        format!("program `{name}`: {m}"),
                    )
                })?;
            }
        }
        for (name, spec) in merged {
            let spec = Arc::new(spec);
            for a in &spec.aliases {
                set.programs.insert(a.clone(), spec.clone());
                aliases.entry(name.clone()).or_default().push(a.clone());
            }
            set.programs.insert(name, spec);
        }
        let mut globs = GlobSetBuilder::new();
        for (name, text, origin, pack) in self.packs {
            if pack.pack.family.trim().is_empty() {
                return Err(PackError::new(
                    &name,
                    &text,
                    find(&text, "family"),
                    "`pack.family` is empty".into(),
                ));
            }
            for spec in pack.rules {
                let at = find(&text, &format!("\"{}\"", spec.id));
                let err = |m: String| PackError::new(&name, &text, at.clone(), format!("rule `{}`: {m}", spec.id));
                validate_id(&spec.id).map_err(err)?;
                if set.by_id.contains_key(&spec.id) {
                    return Err(err("a rule with this id is already loaded".into()));
                }
                // rules the engine reports itself (syntax, environment) have no matcher
                let engine_rule = matches!(origin, Origin::Builtin(_)) && spec.category != Category::Destructive;
                if spec.shell.is_empty() && spec.graphql.is_empty() && spec.sql.is_empty() && !engine_rule {
                    return Err(err(
                        "the rule has no `shell`, `graphql` or `sql` matcher, so it could never fire".into(),
                    ));
                }
                validate_message(spec.message.as_deref().unwrap_or(&spec.summary)).map_err(err)?;
                let shell = spec
                    .shell
                    .iter()
                    .map(compile_shell)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                let graphql = spec
                    .graphql
                    .iter()
                    .map(compile_graphql)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                let escalate = spec
                    .escalate
                    .iter()
                    .map(compile_escalation)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                let sql = spec
                    .sql
                    .iter()
                    .map(compile_sql)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                let idx = set.rules.len();
                for (mi, spec_m) in spec.shell.iter().enumerate() {
                    if spec_m.program.is_empty() {
                        // any program that writes to a file: looked up by its redirections
                        set.by_write.push((idx, mi));
                    }
                    for p in &spec_m.program {
                        if is_glob(p) {
                            globs.add(Glob::new(p).map_err(|e| err(format!("bad program glob `{p}`: {e}")))?);
                            set.program_glob_targets.push((idx, mi));
                        } else {
                            set.by_program.entry(p.clone()).or_default().push((idx, mi));
                            for a in aliases.get(p).into_iter().flatten() {
                                set.by_program.entry(a.clone()).or_default().push((idx, mi));
                            }
                        }
                    }
                }
                for (mi, m) in spec.graphql.iter().enumerate() {
                    if !m.fields.is_empty() {
                        for f in &m.fields {
                            set.gql_by_field.entry(f.clone()).or_default().push((idx, mi));
                        }
                    } else if !m.tokens.is_empty() {
                        for t in &m.tokens {
                            set.gql_by_token.entry(t.to_lowercase()).or_default().push((idx, mi));
                        }
                    } else {
                        set.gql_any.push((idx, mi));
                    }
                }
                for (mi, m) in sql.iter().enumerate() {
                    for k in &m.kinds {
                        set.sql_by_kind.entry(*k).or_default().push((idx, mi));
                    }
                }
                set.by_id.insert(spec.id.clone(), idx);
                set.rules.push(Rule {
                    family: pack.pack.family.clone(),
                    origin: origin.clone(),
                    shell,
                    graphql,
                    sql,
                    escalate,
                    spec,
                });
            }
        }
        set.program_globs = globs.build().map_err(|e| PackError {
            message: format!("program globs: {e}"),
            src: NamedSource::new("rules", Arc::from("")),
            span: None,
        })?;
        if set.rules.iter().all(|r| r.family == CORE_FAMILY) {
            return Err(PackError {
                message: "no rules loaded: preflight would report nothing".into(),
                src: NamedSource::new("rules", Arc::from("")),
                span: None,
            });
        }
        Ok(set)
    }
}

fn find(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    text.find(needle).map(|i| i..i + needle.len())
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

fn validate_id(id: &str) -> Result<(), String> {
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

const PLACEHOLDERS: &[&str] = &["command", "program", "target", "field", "operation"];

fn validate_message(m: &str) -> Result<(), String> {
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

fn glob(p: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(p)
        .literal_separator(false)
        .backslash_escape(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("bad pattern `{p}`: {e}"))
}

fn compile_pattern(p: &str, ignore_case: bool) -> Result<matcher::Pattern, String> {
    let alts = p
        .split('|')
        .map(|a| {
            let a = if ignore_case { a.to_lowercase() } else { a.to_owned() };
            if is_glob(&a) {
                glob(&a).map(matcher::Alt::Glob)
            } else {
                Ok(matcher::Alt::Exact(a))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(matcher::Pattern(alts))
}

fn compile_group(g: &str) -> matcher::FlagGroup {
    matcher::FlagGroup(g.split('|').map(|s| s.trim_start_matches('-').to_owned()).collect())
}

fn compile_pred(p: &str) -> Result<matcher::ArgPred, String> {
    match p.strip_prefix('@') {
        Some(name) => Builtin::parse(name)
            .map(matcher::ArgPred::Builtin)
            .ok_or_else(|| format!("unknown predicate `{p}`")),
        None => glob(p).map(matcher::ArgPred::Glob),
    }
}

fn compile_options(
    options: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<(matcher::FlagGroup, Vec<matcher::Pattern>)>, String> {
    options
        .iter()
        .map(|(k, v)| {
            Ok((
                compile_group(k),
                v.iter()
                    .map(|p| compile_pattern(p, false))
                    .collect::<Result<Vec<_>, String>>()?,
            ))
        })
        .collect()
}

fn compile_shell(m: &ShellMatch) -> Result<matcher::ShellMatcher, String> {
    if m.program.is_empty() && m.writes.is_empty() {
        return Err("a shell matcher needs at least one `program` (or `writes`)".into());
    }
    Ok(matcher::ShellMatcher {
        command: m
            .command
            .iter()
            .map(|c| compile_pattern(c, m.ignore_case))
            .collect::<Result<_, _>>()?,
        flags: m.flags.iter().map(|g| compile_group(g)).collect(),
        any_flags: m.any_flags.iter().map(|g| compile_group(g)).collect(),
        not_flags: m.not_flags.iter().map(|g| compile_group(g)).collect(),
        args: m.args.iter().map(|p| compile_pred(p)).collect::<Result<_, _>>()?,
        except_args: m
            .except_args
            .iter()
            .map(|p| compile_pred(p))
            .collect::<Result<_, _>>()?,
        options: m
            .options
            .iter()
            .map(|(k, v)| {
                Ok((
                    compile_group(k),
                    v.iter()
                        .map(|p| compile_pattern(p, false))
                        .collect::<Result<Vec<_>, String>>()?,
                ))
            })
            .collect::<Result<_, String>>()?,
        last_arg: m.last_arg.iter().map(|p| compile_pred(p)).collect::<Result<_, _>>()?,
        writes: m.writes.iter().map(|p| glob(p)).collect::<Result<_, _>>()?,
        env: m.env.clone(),
        ignore_case: m.ignore_case,
    })
}

fn compile_arg_checks(checks: &[ArgCheck]) -> Result<Vec<matcher::ArgCondition>, String> {
    checks.iter().map(matcher::ArgCondition::parse).collect()
}

fn compile_graphql(m: &GraphqlMatch) -> Result<matcher::GraphqlMatcher, String> {
    let mut ops = HashSet::new();
    for o in &m.operation {
        ops.insert(match o.as_str() {
            "query" => crate::graphql::OpKind::Query,
            "mutation" => crate::graphql::OpKind::Mutation,
            "subscription" => crate::graphql::OpKind::Subscription,
            other => return Err(format!("unknown operation kind `{other}`")),
        });
    }
    if ops.is_empty() {
        ops.insert(crate::graphql::OpKind::Mutation);
    }
    Ok(matcher::GraphqlMatcher {
        operations: ops,
        fields: m.fields.iter().cloned().collect(),
        tokens: m.tokens.iter().map(|t| t.to_lowercase()).collect(),
        not_tokens: m.not_tokens.iter().map(|t| t.to_lowercase()).collect(),
        args: compile_arg_checks(&m.args)?,
    })
}

fn compile_sql(m: &SqlMatch) -> Result<matcher::SqlMatcher, String> {
    if m.statements.is_empty() {
        return Err("a sql matcher needs at least one statement kind".into());
    }
    let kinds = m
        .statements
        .iter()
        .map(|k| crate::sql::Kind::parse(k).ok_or_else(|| format!("unknown SQL statement kind `{k}`")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(matcher::SqlMatcher {
        kinds,
        objects: m
            .objects
            .iter()
            .map(|o| glob(&o.to_lowercase()))
            .collect::<Result<_, _>>()?,
        rolled_back: m.rolled_back,
    })
}

const EMBED_LANGS: &[&str] = &[
    "shell",
    "sql",
    "graphql",
    "graphql-request",
    "python",
    "node",
    "perl",
    "ruby",
    "awk",
    "php",
];

fn validate_embed(e: &EmbedSpec) -> Result<(), String> {
    if !EMBED_LANGS.contains(&e.lang.as_str()) {
        return Err(format!(
            "unknown embed language `{}` (expected one of {})",
            e.lang,
            EMBED_LANGS.join(", ")
        ));
    }
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
    if let Some(d) = &e.dialect {
        crate::sql::SqlDialect::parse(d).ok_or_else(|| format!("unknown SQL dialect `{d}`"))?;
    }
    Ok(())
}

fn compile_escalation(e: &Escalation) -> Result<matcher::EscalationMatcher, String> {
    if e.flags.is_empty()
        && e.options.is_empty()
        && e.args.is_empty()
        && e.env.is_empty()
        && e.graphql_args.is_empty()
        && e.tokens.is_empty()
    {
        return Err("an escalation needs a condition (`flags`, `args`, `env`, `graphql_args` or `tokens`)".into());
    }
    Ok(matcher::EscalationMatcher {
        flags: e.flags.iter().map(|g| compile_group(g)).collect(),
        options: compile_options(&e.options)?,
        args: e.args.iter().map(|p| compile_pred(p)).collect::<Result<_, _>>()?,
        env: e.env.clone(),
        graphql_args: compile_arg_checks(&e.graphql_args)?,
        tokens: e.tokens.iter().map(|t| t.to_lowercase()).collect(),
        severity: e.severity,
        note: e.note.clone(),
    })
}

/// The category and severity a rule reports with.
pub fn rule_levels(rule: &Rule) -> (Category, Severity) {
    (rule.spec.category, rule.spec.severity)
}

#[cfg(test)]
mod tests;
