//! The plan's data: the operations a file would run, in order (each shell command, GraphQL root
//! field and SQL statement), and the parsed units of code they come from.

use std::collections::BTreeMap;

use crate::extract::Note;
use crate::finding::Finding;
use crate::graphql::{self, Document};
use crate::rules::Hit;
use crate::shell::{self, Script};
use crate::source::{OffsetMap, Span};
use crate::sql;

/// What an operation is; indexes into the plan's units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    Command { script: usize, index: usize },
    Field { doc: usize, operation: usize, field: usize },
    Sql { unit: usize, index: usize },
}

/// One operation of the plan.
#[derive(Clone, Debug)]
pub struct Op {
    pub kind: OpKind,
    /// In the original file.
    pub span: Span,
    pub origin: String,
    /// The operation whose code this one is nested in (the `curl` of a GraphQL field).
    pub parent: Option<usize>,
    /// The top-level step (fence, tool call) it belongs to.
    pub step: usize,
    /// The rules that matched it.
    pub hits: Vec<Hit>,
}

/// A parsed shell snippet.
#[derive(Debug)]
pub struct ScriptUnit {
    pub script: Script,
    /// Snippet offsets → original file offsets.
    pub map: OffsetMap,
    pub origin: String,
    pub parent: Option<usize>,
    /// The functions the script defines or calls into (looked up per command: a scan of every
    /// command made long scripts quadratic).
    pub functions: rustc_hash::FxHashSet<String>,
    /// Its commands whose output comes from the network or decodes a payload, and its
    /// `read -p` prompts, in order (what dynamic code can be fed from outside; see
    /// `Planner::reaches_destructive`): found once, as most scripts have none.
    pub untrusted: Vec<usize>,
    /// Calls rebuilt as command lines (tool calls, SDK calls): each command word names the
    /// action (see [`crate::extract::Snippet::action`]).
    pub action: bool,
    /// Runs in a throw-away filesystem (see [`crate::extract::Snippet::scratch_fs`]).
    pub scratch_fs: Option<crate::extract::ScratchFs>,
}

/// A parsed GraphQL document with the request's variables.
#[derive(Debug)]
pub struct DocUnit {
    pub doc: Document,
    pub map: OffsetMap,
    pub vars: BTreeMap<String, graphql::Value>,
    pub origin: String,
    pub parent: Option<usize>,
}

/// Classified SQL statements.
#[derive(Debug)]
pub struct SqlUnit {
    pub statements: Vec<sql::Statement>,
    pub map: OffsetMap,
    pub origin: String,
    pub parent: Option<usize>,
}

/// A file's plan.
#[derive(Debug, Default)]
pub struct Plan {
    pub ops: Vec<Op>,
    pub scripts: Vec<ScriptUnit>,
    pub docs: Vec<DocUnit>,
    pub sqls: Vec<SqlUnit>,
    /// What the plan says it is for (headings, the user's task, comments).
    pub notes: Vec<Note>,
    /// Findings of the rules and of the parsers.
    pub findings: Vec<Finding>,
}

impl Plan {
    pub fn command(&self, op: &Op) -> Option<(&ScriptUnit, &shell::Command)> {
        match op.kind {
            OpKind::Command { script, index } => {
                let u = &self.scripts[script];
                Some((u, &u.script.commands[index]))
            }
            _ => None,
        }
    }
}
