//! Report: renders findings for people (miette's graphical report) and tools (JSON). Lines and
//! columns are computed here, from the byte spans the engine carries.

mod human;
mod json;

pub use human::{HumanOptions, render_human};
pub use json::render_json;

/// Where each rule is documented.
pub const DOCS_URL: &str = "https://github.com/preflight-rs/preflight/blob/main/docs/rules.md";

/// The documentation link of a rule.
pub fn rule_url(id: &str) -> String {
    format!("{DOCS_URL}#{id}")
}
