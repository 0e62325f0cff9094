//! What a finding's operation targets (as the analysis saw it) and what resolving it found: the
//! facts the `resolve` stage reads (an ambient source, a provider ID, a branch) and the
//! [`Context`] it gives back, which every renderer shows.

use serde::Serialize;

pub use crate::levels::{ContextSource, Lookup};

/// What the plan says it is about, for the resolved target to be compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    /// Production or not.
    pub production: bool,
    /// The environment word as written (`staging`).
    pub word: String,
    /// Where it says so: "a comment says …", "`APP_ENV=staging`".
    pub source: String,
}

/// What an operation targets, as far as the plan tells: the input of `resolve`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    /// What the plan says it is about, when it says one thing.
    pub declared: Option<Declared>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// Ambient state picks the target; `variables` are the environment variables that would
    /// name it (`DATABASE_URL`).
    Ambient {
        source: Option<ContextSource>,
        variables: Vec<String>,
        program: String,
    },
    /// An ID of a provider resource; `scope` is what the command says it is in (a Fly app, a Neon
    /// project), when it says.
    Id {
        lookup: Lookup,
        id: String,
        scope: Option<String>,
    },
    /// The branch a `git push` writes: the remote (a name or a URL) and the branch, when the
    /// command names them.
    Branch {
        remote: Option<String>,
        branch: Option<String>,
    },
}

/// An environment a target was found in, and its tier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnvName {
    pub name: String,
    pub tier: Tier,
}

/// What an environment is, from its name and the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Production,
    Staging,
    Development,
    Unknown,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Production => "production",
            Tier::Staging => "staging",
            Tier::Development => "development",
            Tier::Unknown => "unknown",
        }
    }
}

/// How a context was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read from local state (a config file, an environment variable): no network.
    Local,
    /// A read-only lookup at the provider answered.
    Verified,
    /// Nothing could be resolved (the note says why); the finding stands as it was.
    Unverified,
}

/// What resolving a finding's target found: names only, never a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Context {
    /// `kubernetes`, `aws`, `gcloud`, `terraform`, `railway`, `fly`, `supabase`, `database`,
    /// `neon`, `github`.
    pub provider: String,
    /// What was resolved: `kube context \`prod-eu\``, `volume \`pg-data\` (3f6c…)`.
    pub resource: String,
    pub status: Status,
    /// The environments it lives in, each with its tier.
    pub environments: Vec<EnvName>,
    /// Where the fact comes from: a file, an environment variable, a provider's API.
    pub source: String,
    /// Further names, in order (`cluster`, `namespace`, `account`, `token` …).
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "pairs")]
    pub details: Vec<(String, String)>,
    /// One sentence for people: what was found, or why nothing was.
    pub note: String,
}

fn pairs<S: serde::Serializer>(v: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, val) in v {
        m.serialize_entry(k, val)?;
    }
    m.end()
}

impl Context {
    /// The tiers of its environments, each once, production first.
    pub fn tiers(&self) -> Vec<Tier> {
        let mut t: Vec<Tier> = self.environments.iter().map(|e| e.tier).collect();
        t.sort();
        t.dedup();
        t
    }

    /// Whether one of its environments is production.
    pub fn production(&self) -> bool {
        self.environments.iter().any(|e| e.tier == Tier::Production)
    }
}
