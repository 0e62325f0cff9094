//! The rule index's entries: where each matcher of a rule is filed (program, program glob, GraphQL
//! field or word, SQL kind). Std-only: `build.rs` and the run-time loader both index with it.

use super::schema::RuleSpec;

/// What the rule index needs of a rule: its id and the names it is looked up by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleKeys<'a> {
    pub id: &'a str,
    /// The programs of each shell matcher.
    pub shell: Vec<Vec<&'a str>>,
    /// The fields and the name tokens of each GraphQL matcher.
    pub graphql: Vec<(Vec<&'a str>, Vec<&'a str>)>,
    /// The statement kinds of each SQL matcher.
    pub sql: Vec<Vec<&'a str>>,
}

impl<'a> RuleKeys<'a> {
    pub fn of(spec: &'a RuleSpec) -> Self {
        let strs = |v: &'a [String]| v.iter().map(String::as_str).collect::<Vec<_>>();
        RuleKeys {
            id: &spec.id,
            shell: spec.shell.iter().map(|m| strs(&m.program)).collect(),
            graphql: spec
                .graphql
                .iter()
                .map(|m| (strs(&m.fields), strs(&m.tokens)))
                .collect(),
            sql: spec.sql.iter().map(|m| strs(&m.statements)).collect(),
        }
    }

    /// Whether the rule has shell, GraphQL and SQL matchers.
    pub fn kinds(&self) -> [bool; 3] {
        [!self.shell.is_empty(), !self.graphql.is_empty(), !self.sql.is_empty()]
    }

    /// Where each matcher is filed: (matcher index within its kind, slot), shell matchers
    /// first, then GraphQL, then SQL, each in pack order.
    pub fn slots(&self) -> Vec<(u32, Slot<'a>)> {
        let mut out = Vec::new();
        for (mi, programs) in self.shell.iter().enumerate() {
            let mi = mi as u32;
            if programs.is_empty() {
                // any program that writes to a file: looked up by its redirections
                out.push((mi, Slot::Write));
            }
            for &p in programs {
                out.push((
                    mi,
                    if is_glob(p) {
                        Slot::ProgramGlob(p)
                    } else {
                        Slot::Program(p)
                    },
                ));
            }
        }
        for (mi, (fields, tokens)) in self.graphql.iter().enumerate() {
            let mi = mi as u32;
            if !fields.is_empty() {
                out.extend(fields.iter().map(|&f| (mi, Slot::GqlField(f))));
            } else if !tokens.is_empty() {
                out.extend(tokens.iter().map(|t| (mi, Slot::GqlToken(t.to_lowercase()))));
            } else {
                out.push((mi, Slot::GqlAny));
            }
        }
        for (mi, kinds) in self.sql.iter().enumerate() {
            out.extend(kinds.iter().map(|&k| (mi as u32, Slot::Sql(k))));
        }
        out
    }
}

/// Where one matcher of a rule is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot<'a> {
    /// Commands of this program, as the matcher names it (the caller also files it under the
    /// program's aliases, which it knows).
    Program(&'a str),
    /// Commands whose program matches this glob (`mkfs.*`).
    ProgramGlob(&'a str),
    /// Any command that writes to a file (a matcher with `writes` and no `program`).
    Write,
    /// This GraphQL root field.
    GqlField(&'a str),
    /// GraphQL fields whose name has this word (lowercase).
    GqlToken(String),
    /// Any GraphQL field.
    GqlAny,
    /// SQL statements of this kind (as the pack spells it).
    Sql(&'a str),
}

/// Whether a program name or pattern alternative is a glob (`mkfs.*`, `[ab]`, `?`).
pub fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}
