//! Rules are data: packs of TOML rules (`rules/*.toml`, embedded at build time, plus user packs)
//! compiled into an index so each command or GraphQL field is checked only against the rules
//! that can match it.
//!
//! The built-in packs are parsed by the build script: the binary holds each rule's index keys
//! and, as postcard bytes, its spec, which is decoded and compiled the first time the rule is
//! looked at. A run that checks one command (an agent hook) touches a handful of rules. User
//! packs are parsed, validated and compiled in full when they load.

mod engine_rules;
mod index;
mod matcher;
pub(crate) mod predicates;
pub mod schema;
mod validate;
pub mod view;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use miette::{Diagnostic, NamedSource, SourceSpan};
use rustc_hash::FxHashMap as HashMap;

pub use engine_rules::EngineRule;
use index::{RuleKeys, Slot};
pub use matcher::{FieldContext, Hit};
pub use predicates::Builtin;
use schema::{ArgCheck, Escalation, GraphqlMatch, LexiconSpec, PackFile, ProgramSpec, RuleSpec, ShellMatch, SqlMatch};
use validate::Invalid;

use crate::finding::{Category, Finding, Severity};
use crate::source::Span;

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

    fn plain(message: String) -> Self {
        PackError {
            message,
            src: NamedSource::new("rules", Arc::from("")),
            span: None,
        }
    }
}

/// Where a rule came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Builtin(&'static str),
    User(PathBuf),
}

/// A rule's spec with its compiled matchers.
#[derive(Debug)]
struct Compiled {
    spec: RuleSpec,
    shell: Vec<matcher::ShellMatcher>,
    graphql: Vec<matcher::GraphqlMatcher>,
    sql: Vec<matcher::SqlMatcher>,
    escalate: Vec<matcher::EscalationMatcher>,
}

impl Compiled {
    fn new(spec: RuleSpec) -> Result<Compiled, String> {
        Ok(Compiled {
            shell: spec.shell.iter().map(compile_shell).collect::<Result<_, _>>()?,
            graphql: spec.graphql.iter().map(compile_graphql).collect::<Result<_, _>>()?,
            sql: spec.sql.iter().map(compile_sql).collect::<Result<_, _>>()?,
            escalate: spec.escalate.iter().map(compile_escalation).collect::<Result<_, _>>()?,
            spec,
        })
    }
}

/// A loaded rule.
#[derive(Debug)]
pub struct Rule {
    id: Cow<'static, str>,
    pub family: Cow<'static, str>,
    pub origin: Origin,
    /// Whether it has shell, GraphQL and SQL matchers.
    kinds: [bool; 3],
    /// A built-in rule's postcard bytes, compiled on first use.
    builtin: Option<&'static [u8]>,
    compiled: OnceLock<Compiled>,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the rule matches and what it says.
    pub fn spec(&self) -> &RuleSpec {
        &self.compiled().spec
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            // the build script wrote these bytes from packs the tests load in full
            let bytes = self.builtin.expect("a user rule is compiled when it loads");
            let spec: RuleSpec = postcard::from_bytes(bytes).expect("a built-in rule decodes");
            Compiled::new(spec).expect("a built-in rule compiles")
        })
    }

    /// What to do instead, as the pack writes it (renderers reflow it: see
    /// [`crate::report::attach_help`]).
    pub fn help(&self) -> &str {
        &self.spec().help
    }

    /// A finding of this rule: the one place findings are made from rules. Its category is the
    /// rule's; its label the rule's summary (but for syntax findings, whose message says it
    /// all); its help is attached when the report is rendered.
    pub fn finding(&self, severity: Severity, message: impl Into<String>, span: Span, origin: &str) -> Finding {
        let spec = self.spec();
        Finding {
            rule: self.id.to_string(),
            category: spec.category,
            severity,
            confidence: None,
            message: message.into(),
            help: None,
            span,
            origin: origin.to_owned(),
            label: (spec.category != Category::Syntax).then(|| spec.summary.clone()),
            anchor: None,
            reaches_destructive: false,
            target: None,
            context: None,
        }
    }

    /// Whether the rule matches code of this kind.
    pub fn matches_shell(&self) -> bool {
        self.kinds[0]
    }

    pub fn matches_graphql(&self) -> bool {
        self.kinds[1]
    }

    pub fn matches_sql(&self) -> bool {
        self.kinds[2]
    }
}

/// A program's argument syntax: the built-in declarations (decoded on first use) merged with
/// the user packs'.
#[derive(Debug, Default)]
struct LazyProgram {
    builtin: Option<&'static [u8]>,
    user: Vec<ProgramSpec>,
    merged: OnceLock<ProgramSpec>,
}

impl LazyProgram {
    fn get(&self) -> &ProgramSpec {
        self.merged.get_or_init(|| {
            let mut spec: ProgramSpec = self
                .builtin
                .map(|b| postcard::from_bytes(b).expect("a built-in program decodes"))
                .unwrap_or_default();
            for u in &self.user {
                schema::merge_program(&mut spec, u);
            }
            spec
        })
    }
}

type Key = Cow<'static, str>;

/// The value of `k` in a table `build.rs` generated, sorted by name.
fn find_fixed<V>(table: &'static [(&'static str, V)], k: &str) -> Option<&'static V> {
    table.binary_search_by(|(n, _)| (*n).cmp(k)).ok().map(|i| &table[i].1)
}

/// A name → index lookup: the built-in part generated at build time (a sorted table searched by
/// binary search: nothing to build when a process starts) and what packs loaded at run time add.
#[derive(Debug, Default)]
struct Lookup {
    fixed: &'static [(&'static str, u32)],
    added: HashMap<Key, u32>,
}

impl Lookup {
    fn fixed(table: &'static [(&'static str, u32)]) -> Self {
        Lookup {
            fixed: table,
            added: HashMap::default(),
        }
    }

    fn get(&self, k: &str) -> Option<usize> {
        self.added
            .get(k)
            .or_else(|| find_fixed(self.fixed, k))
            .map(|&v| v as usize)
    }

    fn contains_key(&self, k: &str) -> bool {
        self.get(k).is_some()
    }

    fn insert(&mut self, k: Key, v: usize) {
        self.added.insert(k, v as u32);
    }

    /// Every name, built-in and added.
    #[cfg(test)]
    fn keys(&self) -> impl Iterator<Item = &str> {
        self.fixed
            .iter()
            .map(|(k, _)| *k)
            .chain(self.added.keys().map(|k| &**k))
    }
}

/// A name → (rule, matcher) pairs lookup, built-in (generated) and added, like [`Lookup`].
#[derive(Debug, Default)]
struct PairLookup {
    fixed: &'static [(&'static str, &'static [(u32, u32)])],
    added: HashMap<Key, Vec<(usize, usize)>>,
}

impl PairLookup {
    fn fixed(table: &'static [(&'static str, &'static [(u32, u32)])]) -> Self {
        PairLookup {
            fixed: table,
            added: HashMap::default(),
        }
    }

    /// Appends the pairs of `k` to `out`: the built-in rules' first, as they were loaded first.
    fn extend_into(&self, k: &str, out: &mut Vec<(usize, usize)>) {
        if let Some(v) = find_fixed(self.fixed, k) {
            out.extend(v.iter().map(|&(r, m)| (r as usize, m as usize)));
        }
        if let Some(v) = self.added.get(k) {
            out.extend(v);
        }
    }

    fn contains_key(&self, k: &str) -> bool {
        self.added.contains_key(k) || find_fixed(self.fixed, k).is_some()
    }

    fn push(&mut self, k: Key, v: (usize, usize)) {
        self.added.entry(k).or_default().push(v);
    }

    /// Every name with its pairs, sorted (for tests).
    #[cfg(test)]
    fn entries(&self) -> Vec<(String, Vec<(usize, usize)>)> {
        let mut m: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for k in self
            .fixed
            .iter()
            .map(|(k, _)| *k)
            .chain(self.added.keys().map(|k| &**k))
        {
            let e = m.entry(k.to_owned()).or_default();
            if e.is_empty() {
                self.extend_into(k, e);
            }
        }
        m.into_iter().collect()
    }
}

/// All loaded rules with their lookup index.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_id: Lookup,
    /// Program name or alias → its declarations.
    programs: Lookup,
    program_specs: Vec<LazyProgram>,
    /// Program name → (rule, matcher).
    by_program: PairLookup,
    /// Program-name globs (`mkfs.*`), matched one by one.
    program_glob_list: Vec<matcher::LazyGlob>,
    program_glob_targets: Vec<(usize, usize)>,
    gql_by_field: PairLookup,
    gql_by_token: PairLookup,
    gql_any: Vec<(usize, usize)>,
    sql_by_kind: HashMap<crate::sql::Kind, Vec<(usize, usize)>>,
    /// Matchers of any program that writes to a file (`writes` without `program`).
    by_write: Vec<(usize, usize)>,
    /// The verb lexicon: the built-in packs' words (decoded on first use) and the user packs'.
    lexicon_builtin: bool,
    lexicon_user: Vec<LexiconSpec>,
    lexicon: OnceLock<crate::lexicon::Lexicon>,
}

impl RuleSet {
    /// The built-in packs.
    pub fn builtin() -> Result<RuleSet, PackError> {
        RuleSetBuilder::with_builtin()?.build()
    }

    /// The built-in packs plus user packs read from `paths`.
    pub fn with_user_packs(paths: &[PathBuf]) -> Result<RuleSet, PackError> {
        let mut b = RuleSetBuilder::with_builtin()?;
        for p in paths {
            b.add_file(p)?;
        }
        b.build()
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|i| &self.rules[i])
    }

    /// An engine rule: loaded with the built-in packs (the build checks that they declare each);
    /// a set of user packs alone (fuzzing, tests) has none.
    pub fn engine(&self, e: EngineRule) -> Option<&Rule> {
        self.get(e.id())
    }

    /// A finding of engine rule `e`, at its pack's severity unless `severity` is given.
    pub fn engine_finding(
        &self,
        e: EngineRule,
        severity: Option<Severity>,
        message: impl Into<String>,
        span: Span,
        origin: &str,
    ) -> Finding {
        match self.engine(e) {
            Some(rule) => rule.finding(severity.unwrap_or(rule.spec().severity), message, span, origin),
            None => {
                let mut f = Finding::new(
                    e.id(),
                    e.category(),
                    severity.unwrap_or(Severity::Warning),
                    message,
                    span,
                );
                f.origin = origin.to_owned();
                f
            }
        }
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id)
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
        let mut f: Vec<&str> = self.rules.iter().map(|r| &*r.family).collect();
        f.sort_unstable();
        f.dedup();
        f
    }

    /// The argument syntax of a program (or of the program it is an alias of).
    pub fn program(&self, name: &str) -> Option<&ProgramSpec> {
        self.programs.get(name).map(|i| self.program_specs[i].get())
    }

    /// The verb lexicon of the loaded packs.
    pub fn lexicon(&self) -> &crate::lexicon::Lexicon {
        self.lexicon.get_or_init(|| {
            let mut spec: LexiconSpec = if self.lexicon_builtin {
                postcard::from_bytes(BUILTIN_LEXICON).expect("the built-in lexicon decodes")
            } else {
                LexiconSpec::default()
            };
            for u in &self.lexicon_user {
                spec.merge(u);
            }
            crate::lexicon::Lexicon::new(&spec)
        })
    }

    /// Whether a pack has rules for the program.
    pub fn knows_program(&self, program: &str) -> bool {
        !self.program_candidates(program).is_empty()
    }

    /// Whether a pack has rules for the program's subcommand `first` (or for all of the
    /// program): its authors read that part of its reference, confirmation flags and dry runs
    /// included, so what none of those rules matched is not destructive.
    pub fn covers(&self, program: &str, first: Option<&str>) -> bool {
        self.program_candidates(program).into_iter().any(|(r, m)| {
            let path = &self.rules[r].spec().shell[m].command;
            path.is_empty() || first.is_some_and(|f| path[0].split('|').any(|alt| simple_glob(alt, f)))
        })
    }

    /// Whether rules or program declarations name this program.
    pub fn is_interesting(&self, program: &str) -> bool {
        self.programs
            .get(program)
            .is_some_and(|i| !self.program_specs[i].get().only_facts())
            || self.by_program.contains_key(program)
            || (!self.program_glob_targets.is_empty() && !self.program_candidates(program).is_empty())
    }

    /// Candidate (rule, matcher) pairs for a command of a program.
    fn shell_candidates(&self, program: &str, cmd: &crate::shell::Command) -> Vec<(usize, usize)> {
        let mut out = self.program_candidates(program);
        if !self.by_write.is_empty() && cmd.redirects.iter().any(matcher::writes_file) {
            out.extend(&self.by_write);
        }
        out
    }

    /// Candidate (rule, matcher) pairs for a program, by its name or a glob of names.
    fn program_candidates(&self, program: &str) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        self.by_program.extend_into(program, &mut out);
        // a handful of globs (`mkfs.*`), most of them `*`-only: matched one by one, without
        // compiling a set at every start
        for (g, target) in self.program_glob_list.iter().zip(&self.program_glob_targets) {
            if g.is_match(program) {
                out.push(*target);
            }
        }
        out
    }

    /// Indexes rule `idx` by its keys (see [`RuleKeys::slots`]); `aliases` are the other names
    /// of each program.
    fn index(&mut self, idx: usize, keys: &RuleKeys<'_>, aliases: &HashMap<Key, Vec<Key>>) -> Result<(), String> {
        let own = |s: &str| -> Key { Cow::Owned(s.to_owned()) };
        for (mi, slot) in keys.slots() {
            let at = (idx, mi as usize);
            match slot {
                Slot::Program(p) => {
                    self.by_program.push(own(p), at);
                    for a in aliases.get(p).into_iter().flatten() {
                        self.by_program.push(a.clone(), at);
                    }
                }
                Slot::ProgramGlob(p) => {
                    self.program_glob_list.push(matcher::LazyGlob::new(p.to_owned()));
                    self.program_glob_targets.push(at);
                }
                Slot::Write => self.by_write.push(at),
                Slot::GqlField(f) => self.gql_by_field.push(own(f), at),
                Slot::GqlToken(t) => self.gql_by_token.push(Cow::Owned(t), at),
                Slot::GqlAny => self.gql_any.push(at),
                Slot::Sql(k) => {
                    let kind = crate::sql::Kind::parse(k).ok_or_else(|| format!("unknown SQL statement kind `{k}`"))?;
                    self.sql_by_kind.entry(kind).or_default().push(at);
                }
            }
        }
        Ok(())
    }
}

/// A subcommand pattern of a rule (`flush`, `*manage.py`, `mkfs.*`) against a word: `*` at
/// either end stands for anything, as in the rules' paths.
fn simple_glob(pattern: &str, word: &str) -> bool {
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        (Some(rest), _) if !rest.contains('*') => word.ends_with(rest),
        (_, Some(rest)) if !rest.contains('*') => word.starts_with(rest),
        _ if pattern.contains('*') => true,
        _ => pattern == word,
    }
}

/// A pack's TOML text, for pointing at a mistake in it.
#[derive(Clone)]
struct PackText(Arc<str>);

impl PackText {
    /// An error in pack `name`, pointing at the first occurrence of `needle`.
    fn error(&self, name: &str, needle: Option<&str>, message: String) -> PackError {
        let span = needle.and_then(|n| find(&self.0, n));
        PackError::new(name, &self.0, span, message)
    }
}

/// Accumulates packs, then validates and indexes them.
#[derive(Default)]
pub struct RuleSetBuilder {
    /// Whether the built-in packs, as the build script stored them, are loaded.
    builtin: bool,
    /// Packs parsed from TOML here: user packs (and, in tests, the built-in ones).
    packs: Vec<(String, PackText, Origin, PackFile)>,
}

impl RuleSetBuilder {
    /// The built-in packs, parsed when preflight was built (see `build.rs`).
    pub fn with_builtin() -> Result<Self, PackError> {
        Ok(RuleSetBuilder {
            builtin: true,
            packs: Vec::new(),
        })
    }

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
        let globset = |p: &str| matcher::LazyGlob::parse(p).map(drop).map_err(|e| e.to_string());
        validate::validate_pack(&pack, &globset).map_err(|e| {
            let needle = match &e {
                Invalid::Family => "family".to_owned(),
                Invalid::Rule(id, _) => format!("\"{id}\""),
                Invalid::Program(name, _) => format!("[programs.{name}"),
                Invalid::Lexicon(_) => "[lexicon]".to_owned(),
            };
            PackText(text.clone()).error(name, Some(&needle), e.to_string())
        })?;
        self.packs.push((name.to_owned(), PackText(text), origin, pack));
        Ok(())
    }

    pub fn build(self) -> Result<RuleSet, PackError> {
        use builtin_index as bi;
        let spec_bytes = |(start, end): (u32, u32)| &bi::SPECS[start as usize..end as usize];
        let pairs = |v: &[(u32, u32)]| v.iter().map(|&(r, m)| (r as usize, m as usize)).collect::<Vec<_>>();
        let b = self.builtin;
        let mut set = RuleSet {
            rules: Vec::new(),
            by_id: if b { Lookup::fixed(bi::BY_ID) } else { Lookup::default() },
            programs: Lookup::default(),
            program_specs: Vec::new(),
            by_program: if b {
                PairLookup::fixed(bi::BY_PROGRAM)
            } else {
                PairLookup::default()
            },
            program_glob_list: Vec::new(),
            program_glob_targets: Vec::new(),
            gql_by_field: if b {
                PairLookup::fixed(bi::GQL_BY_FIELD)
            } else {
                PairLookup::default()
            },
            gql_by_token: if b {
                PairLookup::fixed(bi::GQL_BY_TOKEN)
            } else {
                PairLookup::default()
            },
            gql_any: if b { pairs(bi::GQL_ANY) } else { Vec::new() },
            sql_by_kind: HashMap::default(),
            by_write: if b { pairs(bi::BY_WRITE) } else { Vec::new() },
            lexicon_builtin: b,
            lexicon_user: self.packs.iter().filter_map(|(_, _, _, p)| p.lexicon.clone()).collect(),
            lexicon: OnceLock::new(),
        };
        // program declarations first (merged across packs), so aliases are known
        let mut aliases: HashMap<Key, Vec<Key>> = HashMap::default();
        if b {
            set.programs = Lookup::fixed(bi::PROGRAMS);
            set.program_specs = bi::PROGRAM_SPECS
                .iter()
                .map(|&r| LazyProgram {
                    builtin: Some(spec_bytes(r)),
                    ..Default::default()
                })
                .collect();
            // the built-in aliases, for the user packs' rules
            if !self.packs.is_empty() {
                for (name, list) in bi::PROGRAM_ALIASES {
                    aliases.insert(Cow::Borrowed(*name), list.iter().map(|&a| Cow::Borrowed(a)).collect());
                }
            }
            for &(p, (r, m)) in bi::PROGRAM_GLOBS {
                // valid: the build script validated every built-in pack
                set.program_glob_list.push(matcher::LazyGlob::new(p.to_owned()));
                set.program_glob_targets.push((r as usize, m as usize));
            }
            for &(k, (r, m)) in bi::SQL_KINDS {
                if let Some(kind) = crate::sql::Kind::parse(k) {
                    set.sql_by_kind.entry(kind).or_default().push((r as usize, m as usize));
                }
            }
        }
        let merged = schema::merge_programs(self.packs.iter().map(|(_, _, _, p)| p));
        for (name, spec) in merged {
            let i = match set.programs.get(name.as_str()) {
                Some(i) => i,
                None => {
                    set.program_specs.push(LazyProgram::default());
                    set.program_specs.len() - 1
                }
            };
            for a in &spec.aliases {
                set.programs.insert(Cow::Owned(a.clone()), i);
                let list = aliases.entry(Cow::Owned(name.clone())).or_default();
                if !list.iter().any(|x| x == a) {
                    list.push(Cow::Owned(a.clone()));
                    // the built-in rules for the program are found by the new alias too
                    if b {
                        for &(r, m) in find_fixed(bi::BY_PROGRAM_DIRECT, &name).copied().unwrap_or_default() {
                            set.by_program.push(Cow::Owned(a.clone()), (r as usize, m as usize));
                        }
                    }
                }
            }
            set.programs.insert(Cow::Owned(name), i);
            set.program_specs[i].user.push(spec);
        }
        // the built-in rules: indexed at build time, compiled when first used
        if b {
            set.rules.reserve(bi::RULES.len());
            for &(id, pack, kinds, start, end) in bi::RULES {
                let (file, family) = bi::PACKS[pack as usize];
                set.rules.push(Rule {
                    id: Cow::Borrowed(id),
                    family: Cow::Borrowed(family),
                    origin: Origin::Builtin(file),
                    kinds,
                    builtin: Some(spec_bytes((start, end))),
                    compiled: OnceLock::new(),
                });
            }
        }
        // packs parsed from TOML: validated and compiled now
        for (name, text, origin, pack) in self.packs {
            for spec in pack.rules {
                let err = |m: String| {
                    text.error(
                        &name,
                        Some(&format!("\"{}\"", spec.id)),
                        format!("rule `{}`: {m}", spec.id),
                    )
                };
                if set.by_id.contains_key(spec.id.as_str()) {
                    return Err(err("a rule with this id is already loaded".into()));
                }
                // rules the engine reports itself (syntax, environment) have no matcher
                let engine_rule = matches!(origin, Origin::Builtin(_)) && EngineRule::from_id(&spec.id).is_some();
                if spec.shell.is_empty() && spec.graphql.is_empty() && spec.sql.is_empty() && !engine_rule {
                    return Err(err(
                        "the rule has no `shell`, `graphql` or `sql` matcher, so it could never fire".into(),
                    ));
                }
                let idx = set.rules.len();
                let keys = RuleKeys::of(&spec);
                set.index(idx, &keys, &aliases).map_err(err)?;
                let kinds = keys.kinds();
                let id = spec.id.clone();
                let compiled = Compiled::new(spec)
                    .map_err(|m| text.error(&name, Some(&format!("\"{id}\"")), format!("rule `{id}`: {m}")))?;
                set.by_id.insert(Cow::Owned(id.clone()), idx);
                set.rules.push(Rule {
                    id: Cow::Owned(id),
                    family: Cow::Owned(pack.pack.family.clone()),
                    origin: origin.clone(),
                    kinds,
                    builtin: None,
                    compiled: OnceLock::from(compiled),
                });
            }
        }
        if set.rules.iter().all(|r| r.family == CORE_FAMILY) {
            return Err(PackError::plain(
                "no rules loaded: preflight would report nothing".into(),
            ));
        }
        Ok(set)
    }
}

fn find(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    text.find(needle).map(|i| i..i + needle.len())
}

fn glob(p: &str) -> Result<matcher::LazyGlob, String> {
    Ok(matcher::LazyGlob::new(p.to_owned()))
}

fn compile_pattern(p: &str, ignore_case: bool) -> Result<matcher::Pattern, String> {
    let alts = p
        .split('|')
        .map(|a| {
            let a = if ignore_case { a.to_lowercase() } else { a.to_owned() };
            if index::is_glob(&a) {
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

/// Option groups and the value patterns of each (`options`, `not_options`).
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
        options: compile_options(&m.options)?,
        not_options: compile_options(&m.not_options)?,
        last_arg: m.last_arg.iter().map(|p| compile_pred(p)).collect::<Result<_, _>>()?,
        no_args: m.no_args,
        writes: m.writes.iter().map(|p| glob(p)).collect::<Result<_, _>>()?,
        overwrites: m.overwrites,
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
        ops.insert(match o {
            schema::OperationKind::Query => crate::graphql::OpKind::Query,
            schema::OperationKind::Mutation => crate::graphql::OpKind::Mutation,
            schema::OperationKind::Subscription => crate::graphql::OpKind::Subscription,
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

fn compile_escalation(e: &Escalation) -> Result<matcher::EscalationMatcher, String> {
    Ok(matcher::EscalationMatcher {
        flags: e.flags.iter().map(|g| compile_group(g)).collect(),
        options: compile_options(&e.options)?,
        args: e.args.iter().map(|p| compile_pred(p)).collect::<Result<_, _>>()?,
        env: e.env.clone(),
        graphql_args: compile_arg_checks(&e.graphql_args)?,
        unless_graphql_args: compile_arg_checks(&e.unless_graphql_args)?,
        tokens: e.tokens.iter().map(|t| t.to_lowercase()).collect(),
        severity: e.severity,
        note: e.note.clone(),
    })
}

#[cfg(test)]
mod tests;
