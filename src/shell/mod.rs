//! Shell front end: tree-sitter-bash parses the script and the walker turns it into the command
//! IR that rules match on (never raw text); `powershell` (tree-sitter-powershell) and `batch`
//! (cmd.exe, a hand tokenizer) read Windows shells into the same IR.

pub mod batch;
pub(crate) mod escape;
pub mod ir;
mod parse;
pub mod powershell;
pub mod wrappers;

pub use ir::*;
pub use parse::{language, parse, parse_tree, parse_with};

#[cfg(test)]
mod tests;
