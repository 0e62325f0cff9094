//! Builds a file's plan: every operation it would run, in order — each shell command, each
//! GraphQL root field, each SQL statement — following code wherever it is nested (a Markdown
//! fence, a tool call, `bash -c`, a heredoc, `echo … | sh`, `psql -c`, a curl body, a file
//! passed with `-d @body.json`). Rules run on each operation as it is added; the environment
//! analysis reads the whole plan afterwards.
//!
//! By job: [`types`] (the plan's data), `dispatch` (by language), `nested` (code in code),
//! `dynamic` (what only run time knows), `follow` (files a plan runs or reads, `cd`), `eval`
//! (what `echo`, `printf`, `base64 -d` print), `interp` (other interpreters' code) and `scripts`
//! (package.json scripts, Makefile recipes).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use crate::extract::{self, Note, Snippet, SnippetLang, TextBuilder, UnreadKind};
use crate::finding::{Category, Finding, Severity};
use crate::graphql;
use crate::lang::Lang;
use crate::rules::schema::{EmbedLang, EmbedSpec, FlagGroup};
use crate::rules::view::View;
use crate::rules::{EngineRule, FieldContext, Hit, RuleSet};
use crate::shell::{self, Command, Part, VarState, Word};
use crate::source::{OffsetMap, Span};
use crate::sql::{self, SqlDialect};

mod dispatch;
mod dynamic;
mod eval;
mod follow;
pub mod interp;
mod nested;
mod reread;
pub mod scripts;
pub mod types;
mod windows;

pub use types::{DocUnit, Op, OpKind, Plan, ScriptUnit, SqlUnit};

use dynamic::shifted;
use nested::{command_line, is_stdin_device, reads_code_on_stdin};

/// Code nested deeper than this (a `bash -c` in a `bash -c` in …) is not followed.
const MAX_NESTING: usize = 12;
/// Files named by a script (`-d @body.json`, `psql -f x.sql`) larger than this are not read.
const MAX_SIDE_FILE: u64 = 1024 * 1024;
/// Scripts beside the file followed in one plan, at most.
const MAX_FOLLOWED_SCRIPTS: usize = 64;

/// Builds plans.
pub struct Planner<'a> {
    rules: &'a RuleSet,
    /// The directory of the analysed file, for files a script names.
    base_dir: Option<&'a Path>,
    plan: Plan,
    step: usize,
    /// The scripts beside the file being followed (`bash x.sh`, `. ./env.sh` inside
    /// `./deploy.sh` …), innermost last: scripts that run each other cannot loop.
    active: Vec<PathBuf>,
    /// How many scripts were followed: a bound on the reading, however they fan out.
    followed: usize,
    /// Files earlier commands wrote (`printf … > x.sh`), for the commands that run them.
    written: follow::WrittenFiles,
    /// Symlinks earlier commands made: (link, target).
    links: Vec<(String, String)>,
    /// The directory earlier `cd`s moved to, relative to `base_dir` (empty: that directory) or
    /// absolute; `None` once it is not known (`cd "$DIR"`, `popd`), when relative paths name
    /// no file that can be read.
    cwd: Option<String>,
    /// Files named by absolute path are read too (see [`crate::engine::Options::local_files`]).
    local_files: bool,
}

impl<'a> Planner<'a> {
    /// The plan of a whole file; with `local_files`, files named by absolute path are read too.
    pub fn file(rules: &'a RuleSet, text: &str, lang: Lang, base_dir: Option<&'a Path>, local_files: bool) -> Plan {
        let mut p = Planner {
            local_files,
            rules,
            base_dir,
            plan: Plan::default(),
            step: 0,
            active: Vec::new(),
            followed: 0,
            written: follow::WrittenFiles::default(),
            links: Vec::new(),
            cwd: Some(String::new()),
        };
        p.extracted(extract::extract(lang, text));
        p.plan
    }

    /// The span of the top-level operation an operation is nested in (itself at the top).
    pub fn root_span(&self, parent: Option<usize>, own: Span) -> Span {
        let mut span = own;
        let mut cur = parent;
        while let Some(p) = cur {
            span = self.plan.ops[p].span;
            cur = self.plan.ops[p].parent;
        }
        span
    }

    fn push_op(&mut self, kind: OpKind, span: Span, origin: String, parent: Option<usize>, hits: Vec<Hit>) -> usize {
        let anchor = self.root_span(parent, span);
        for hit in &hits {
            let mut f = self
                .rules
                .rule(hit.rule)
                .finding(hit.severity, hit.message.clone(), span, &origin);
            f.anchor = Some(anchor);
            self.plan.findings.push(f);
        }
        self.plan.ops.push(Op {
            kind,
            span,
            origin,
            parent,
            step: self.step,
            hits,
        });
        self.plan.ops.len() - 1
    }

    /// A finding of an engine rule at this severity.
    fn engine_finding(&self, e: EngineRule, severity: Severity, message: String, span: Span, origin: &str) -> Finding {
        self.rules.engine_finding(e, Some(severity), message, span, origin)
    }
}

/// A relative path without `.` components (`./a/../b.sh` and `b.sh` are one script).
fn normalize_rel(p: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in Path::new(p).components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Every offset maps to `at` (a file's contents reported at the word that names it).
fn stretch(at: usize) -> OffsetMap {
    let mut b = OffsetMap::builder();
    b.push_stretch(0, at);
    b.finish()
}

fn push_mapped(b: &mut TextBuilder, value: &str, map: &OffsetMap) {
    for (i, ch) in value.char_indices() {
        b.push(ch.encode_utf8(&mut [0; 4]), map.map(i), true);
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}
