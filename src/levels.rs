//! Categories and severities of findings, and the kinds of target the packs declare (where an
//! ambient target is read from, which provider lookup an ID takes). Self-contained (serde and schemars only): the build
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

/// Where a program takes its ambient target from: the local state `resolve` reads to name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContextSource {
    /// The kube current-context (`KUBECONFIG`, `~/.kube/config`).
    Kube,
    /// The AWS profile (`AWS_PROFILE`, `~/.aws/config`).
    Aws,
    /// gcloud's active configuration (`~/.config/gcloud`).
    Gcloud,
    /// The Terraform workspace (`TF_WORKSPACE`, `.terraform/environment`).
    Terraform,
    /// The Railway project linked to the directory (`~/.railway/config.json`).
    Railway,
    /// The Fly.io app of `./fly.toml`.
    Fly,
    /// The Supabase project linked with `supabase link` (`supabase/.temp/project-ref`).
    Supabase,
}

/// A provider resource whose ID a rule's operation destroys, and which `--verify` can look up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Lookup {
    /// A Railway volume (project-wide; its instances live in environments).
    RailwayVolume,
    /// A Fly.io volume (`vol_…`), of the app given with `-a` or in `fly.toml`.
    FlyVolume,
    /// A Fly.io app, by name.
    FlyApp,
    /// A Neon branch, of the project given with `--project-id`.
    NeonBranch,
    /// A Neon project.
    NeonProject,
    /// The branch a `git push` overwrites, on GitHub.
    GithubBranch,
}
