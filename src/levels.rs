//! Categories and severities of findings. Self-contained (serde and schemars only): the build
//! script compiles it too, to read the rule packs at build time.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of problem a finding reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The operation deletes or overwrites data or infrastructure.
    Destructive,
    /// The operation's target was never pinned or checked.
    Environment,
    /// The input could not be read or parsed (fully).
    Syntax,
    /// What runs cannot be known statically (`$CMD args`, `eval "$X"`, unknown data piped
    /// into a shell): nothing can be said about it.
    Dynamic,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Destructive,
        Category::Environment,
        Category::Syntax,
        Category::Dynamic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Destructive => "destructive",
            Category::Environment => "environment",
            Category::Syntax => "syntax",
            Category::Dynamic => "dynamic",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown category `{s}` (expected destructive, environment, syntax or dynamic)"))
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// One level up (an error stays an error).
    pub fn raised(self) -> Severity {
        match self {
            Severity::Info => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("unknown severity `{s}` (expected error, warning or info)")),
        }
    }
}
