//! preflight: reads what is about to run — shell scripts, GraphQL documents, agent plans and tool
//! calls — and reports destructive operations and unverified environment assumptions.
//!
//! The pipeline has one module per stage: [`discover`] (walk and classify), [`shell`] and
//! [`graphql`] (parse into an IR), [`rules`] (match rule packs), [`engine`] (run a file through
//! it all), [`report`] (render), [`hook`] (answer a coding agent's pre-execution hook),
//! [`init`] (write the files that set a project up). [`cli`] wires them to the command line.

pub mod analysis;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod decision_log;
pub mod discover;
pub mod doctor;
pub mod engine;
pub mod extract;
pub mod finding;
#[doc(hidden)]
pub mod fuzzing;
pub mod graphql;
pub mod hook;
pub mod init;
pub mod lang;
pub mod levels;
pub mod lexicon;
pub mod lsp;
pub mod plan;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod session;
pub mod shell;
pub mod source;
pub mod sql;
pub mod suppress;
pub mod target;

/// Rule documentation (`preflight explain`, docs/rules.md, hovers) is rendered by the report stage.
pub use report::docs;
