//! The resolve stage: says where a finding's operation really lands. It reads the local state
//! the tool would read (no network) and, with `--verify`, looks the IDs destructive operations
//! target up at their provider with fixed read-only queries, under one deadline per run. What it
//! finds is attached to the finding as a [`Context`]; a target that turns out to be production in
//! a plan about staging raises the finding to an error, one that is exactly what the plan says
//! lowers an ambient or unverified-ID warning to `info`. Nothing it fails to find lowers anything.

pub mod fly;
pub mod github;
pub mod http;
pub mod local;
pub mod neon;
pub mod railway;
pub mod tier;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::config::{EnvironmentFacts, is_loopback_host};
use crate::finding::{Category, Finding, Severity};
use crate::rules::EngineRule;
use crate::target::{Context, ContextSource, Declared, Lookup, Status, Target, TargetKind, Tier};
use http::{Client, Request};
use local::Host;

/// Default deadline of all lookups of one run in an agent hook and the editor.
pub const HOOK_TIMEOUT: Duration = Duration::from_millis(700);
/// Default deadline of all lookups of one `check` run.
pub const CHECK_TIMEOUT: Duration = Duration::from_millis(3000);

/// What a run resolves.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions {
    /// Read local context: a flag's word (`None`: as the configuration says, else
    /// `context_default`).
    pub context: Option<bool>,
    /// On in the agent hooks and the editor, off in `check`.
    pub context_default: bool,
    /// Look IDs up (the configuration's `verify = true` also turns it on).
    pub verify: bool,
    /// No network at all (`--offline`, `PREFLIGHT_OFFLINE=1`).
    pub offline: bool,
    /// The deadline of the run's lookups (`None`: the configuration's, else `default_timeout`).
    pub timeout: Option<Duration>,
    pub default_timeout: Duration,
}

/// What one file's resolution may do, after the options and its configuration are combined.
#[derive(Clone, Debug, Default)]
pub struct Settings<'a> {
    pub context: bool,
    pub verify: bool,
    /// Why verification is off although it was asked for (`--offline`).
    pub verify_off: Option<&'static str>,
    pub timeout: Duration,
    /// Provider base URLs from a configuration the user controls.
    pub endpoints: Option<&'a BTreeMap<String, String>>,
    pub facts: Option<&'a EnvironmentFacts>,
    /// Only the configuration's production names count (an agent hook reading a project's
    /// file: the agent could call production "staging" there).
    pub production_facts_only: bool,
}

/// Provider API base URLs.
fn default_base(provider: &str) -> &'static str {
    match provider {
        "railway" => "https://backboard.railway.com/graphql/v2",
        "fly" => "https://api.machines.dev",
        "github" => "https://api.github.com",
        "neon" => "https://console.neon.tech/api/v2",
        _ => "",
    }
}

type Cached = Result<Value, String>;

/// One run's resolver: shared by every file of the run (caches and the one deadline).
pub struct Resolver {
    host: OnceLock<Host>,
    locals: Mutex<HashMap<(ContextSource, PathBuf), Result<Context, String>>>,
    lookups: Mutex<HashMap<String, Cached>>,
    resolved: Mutex<HashMap<String, Context>>,
    deadline: OnceLock<Instant>,
    client: OnceLock<Client>,
    /// Token values sent in this run, removed from anything shown.
    secrets: Mutex<Vec<String>>,
}

impl Default for Resolver {
    fn default() -> Self {
        Resolver::new()
    }
}

impl Resolver {
    pub fn new() -> Self {
        Resolver {
            host: OnceLock::new(),
            locals: Mutex::new(HashMap::new()),
            lookups: Mutex::new(HashMap::new()),
            resolved: Mutex::new(HashMap::new()),
            deadline: OnceLock::new(),
            client: OnceLock::new(),
            secrets: Mutex::new(Vec::new()),
        }
    }

    /// A resolver that sees `host` instead of this process's environment (tests).
    pub fn with_host(host: Host) -> Self {
        let r = Resolver::new();
        let _ = r.host.set(host);
        r
    }

    fn host(&self) -> &Host {
        self.host.get_or_init(Host::current)
    }

    /// Whether `PREFLIGHT_OFFLINE` asks for no network.
    pub fn offline_by_env(&self) -> bool {
        self.host()
            .var("PREFLIGHT_OFFLINE")
            .is_some_and(|v| !matches!(v, "0" | "false" | "no"))
    }

    /// Resolves the targets of `findings` (commands run in `workdir`).
    pub fn resolve(&self, findings: &mut [Finding], workdir: &Path, settings: &Settings) {
        if !settings.context && !settings.verify && settings.verify_off.is_none() {
            return;
        }
        let no_facts = EnvironmentFacts::default();
        let production_only;
        let facts = match settings.facts {
            Some(f) if settings.production_facts_only => {
                production_only = EnvironmentFacts {
                    production: f.production.clone(),
                    ..EnvironmentFacts::default()
                };
                &production_only
            }
            Some(f) => f,
            None => &no_facts,
        };
        for f in findings.iter_mut() {
            let Some(target) = f.target.clone() else { continue };
            let Some(ctx) = self.context_of(&target, workdir, settings, facts) else {
                continue;
            };
            let declared = target
                .declared
                .clone()
                .or_else(|| self.session_env(&target, workdir, facts));
            apply(f, self.redact(ctx), declared.as_ref());
        }
    }

    fn context_of(
        &self,
        target: &Target,
        workdir: &Path,
        settings: &Settings,
        facts: &EnvironmentFacts,
    ) -> Option<Context> {
        match &target.kind {
            TargetKind::Ambient {
                source,
                variables,
                program,
            } => {
                if !settings.context {
                    return None;
                }
                let found = match source {
                    Some(s) => self.local(*s, workdir, facts),
                    None => local::database(variables, self.host(), facts)?,
                };
                Some(found.unwrap_or_else(|why| unverified(provider_of_source(*source), program, why)))
            }
            TargetKind::Id { lookup, id, scope } => {
                let key = format!("{lookup:?}\u{0}{id}\u{0}{scope:?}\u{0}{}", workdir.display());
                if let Some(c) = self.resolved.lock().expect("not poisoned").get(&key) {
                    return Some(c.clone());
                }
                let c = if let Some(why) = settings.verify_off {
                    unverified(provider_of(*lookup), &resource_of(*lookup, id), why.to_owned())
                } else if !settings.verify {
                    return None;
                } else {
                    let net = Net {
                        resolver: self,
                        settings,
                        facts,
                        workdir,
                    };
                    let r = match lookup {
                        Lookup::RailwayVolume => railway::volume(&net, id),
                        Lookup::FlyVolume => fly::volume(&net, id, scope.as_deref()),
                        Lookup::FlyApp => fly::app(&net, id),
                        Lookup::NeonProject => neon::project(&net, id),
                        Lookup::NeonBranch => neon::branch(&net, id, scope.as_deref()),
                        Lookup::GithubBranch => Err("not an ID lookup".into()),
                    };
                    r.unwrap_or_else(|why| unverified(provider_of(*lookup), &resource_of(*lookup, id), why))
                };
                self.resolved.lock().expect("not poisoned").insert(key, c.clone());
                Some(c)
            }
            TargetKind::Branch { remote, branch } => {
                let what = branch.as_deref().unwrap_or("the current branch");
                if let Some(why) = settings.verify_off {
                    return Some(unverified("github", &format!("branch `{what}`"), why.to_owned()));
                }
                if !settings.verify {
                    return None;
                }
                let net = Net {
                    resolver: self,
                    settings,
                    facts,
                    workdir,
                };
                Some(
                    github::branch(&net, remote.as_deref(), branch.as_deref())
                        .unwrap_or_else(|why| unverified("github", &format!("branch `{what}`"), why)),
                )
            }
        }
    }

    fn local(&self, source: ContextSource, workdir: &Path, facts: &EnvironmentFacts) -> Result<Context, String> {
        // the kube, AWS and gcloud state is the machine's, whatever the directory
        let key = match source {
            ContextSource::Kube | ContextSource::Aws | ContextSource::Gcloud => (source, PathBuf::new()),
            _ => (source, workdir.to_path_buf()),
        };
        if let Some(c) = self.locals.lock().expect("not poisoned").get(&key) {
            return c.clone();
        }
        let c = local::read(source, workdir, self.host(), facts);
        self.locals.lock().expect("not poisoned").insert(key, c.clone());
        c
    }

    /// What the session is about when the plan does not say: the Railway environment the
    /// directory is linked to, for a Railway lookup.
    fn session_env(&self, target: &Target, workdir: &Path, facts: &EnvironmentFacts) -> Option<Declared> {
        let TargetKind::Id {
            lookup: Lookup::RailwayVolume,
            ..
        } = target.kind
        else {
            return None;
        };
        let link = local::railway_link(workdir, self.host()).ok()?;
        let name = link.environment_name?;
        let t = tier::tier_of(&name, facts, tier::MainIs::Production);
        (t != Tier::Unknown).then(|| Declared {
            production: t == Tier::Production,
            word: name.clone(),
            source: format!("this directory is linked to Railway environment `{name}`"),
        })
    }

    fn redact(&self, mut c: Context) -> Context {
        let secrets = self.secrets.lock().expect("not poisoned").clone();
        let clean = |s: &mut String| {
            for t in &secrets {
                if s.contains(t.as_str()) {
                    *s = s.replace(t.as_str(), "[token]");
                }
            }
        };
        clean(&mut c.note);
        clean(&mut c.resource);
        clean(&mut c.source);
        for (_, v) in c.details.iter_mut() {
            clean(v);
        }
        for e in c.environments.iter_mut() {
            clean(&mut e.name);
        }
        c
    }
}

/// A provider's lookups in one run: the base URL, tokens, the shared deadline and cache.
pub(crate) struct Net<'a> {
    resolver: &'a Resolver,
    settings: &'a Settings<'a>,
    pub facts: &'a EnvironmentFacts,
    pub workdir: &'a Path,
}

impl Net<'_> {
    pub fn host(&self) -> &Host {
        self.resolver.host()
    }

    /// The first of `names` the environment sets, and its value.
    pub fn token(&self, names: &[&'static str]) -> Option<(&'static str, String)> {
        names
            .iter()
            .find_map(|n| self.host().var(n).map(|v| (*n, v.to_owned())))
    }

    /// The provider's API base: a loopback override from `PREFLIGHT_<PROVIDER>_API` (tests), a
    /// `verify-endpoints` entry of a configuration the user controls, or the public API.
    pub fn base(&self, provider: &str) -> Result<String, String> {
        let var = format!("PREFLIGHT_{}_API", provider.to_ascii_uppercase());
        if let Some(v) = self.host().var(&var) {
            let loopback = url::Url::parse(v)
                .ok()
                .is_some_and(|u| u.host_str().is_some_and(is_loopback_host));
            if loopback {
                return Ok(v.trim_end_matches('/').to_owned());
            }
            return Err(format!(
                "{var} points outside this machine and is ignored; name another endpoint in preflight.toml (`verify-endpoints.{provider}`) instead"
            ));
        }
        if let Some(u) = self.settings.endpoints.and_then(|e| e.get(provider)) {
            return Ok(u.trim_end_matches('/').to_owned());
        }
        Ok(default_base(provider).to_owned())
    }

    /// Sends one read-only request (cached for the run), with the token's value remembered so
    /// that nothing shown can hold it.
    pub fn send(&self, req: Request, headers: &[(&str, String)], token: &str) -> Result<Value, String> {
        if !token.is_empty() {
            let mut s = self.resolver.secrets.lock().expect("not poisoned");
            if !s.iter().any(|x| x == token) {
                s.push(token.to_owned());
            }
        }
        let key = match &req {
            Request::Get { url } => format!("GET {url} {}", fingerprint(token)),
            Request::Query {
                url,
                document,
                variables,
            } => {
                format!("POST {url} {document} {variables} {}", fingerprint(token))
            }
        };
        if let Some(c) = self.resolver.lookups.lock().expect("not poisoned").get(&key) {
            return c.clone();
        }
        let deadline = *self
            .resolver
            .deadline
            .get_or_init(|| Instant::now() + self.settings.timeout);
        let client = self.resolver.client.get_or_init(Client::new);
        let r = client.send(&req, headers, deadline);
        self.resolver
            .lookups
            .lock()
            .expect("not poisoned")
            .insert(key, r.clone());
        r
    }

    /// Whether the run's deadline has passed.
    pub fn expired(&self) -> bool {
        self.resolver.deadline.get().is_some_and(|d| Instant::now() >= *d)
    }
}

/// A short, non-reversible tag of a token for cache keys (two tokens, two entries).
fn fingerprint(token: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut h);
    format!("{:x}", h.finish() & 0xffff)
}

fn provider_of(lookup: Lookup) -> &'static str {
    match lookup {
        Lookup::RailwayVolume => "railway",
        Lookup::FlyVolume | Lookup::FlyApp => "fly",
        Lookup::NeonBranch | Lookup::NeonProject => "neon",
        Lookup::GithubBranch => "github",
    }
}

fn resource_of(lookup: Lookup, id: &str) -> String {
    let what = match lookup {
        Lookup::RailwayVolume | Lookup::FlyVolume => "volume",
        Lookup::FlyApp => "app",
        Lookup::NeonBranch => "branch",
        Lookup::NeonProject => "project",
        Lookup::GithubBranch => "branch",
    };
    format!("{what} `{id}`")
}

fn provider_of_source(source: Option<ContextSource>) -> &'static str {
    match source {
        Some(ContextSource::Kube) => "kubernetes",
        Some(ContextSource::Aws) => "aws",
        Some(ContextSource::Gcloud) => "gcloud",
        Some(ContextSource::Terraform) => "terraform",
        Some(ContextSource::Railway) => "railway",
        Some(ContextSource::Fly) => "fly",
        Some(ContextSource::Supabase) => "supabase",
        None => "database",
    }
}

fn unverified(provider: &str, resource: &str, why: String) -> Context {
    Context {
        provider: provider.to_owned(),
        resource: resource.to_owned(),
        status: Status::Unverified,
        environments: Vec::new(),
        source: String::new(),
        details: Vec::new(),
        note: format!("not resolved: {why}"),
    }
}

/// Names the environments of a context: `production and staging`.
pub fn environments_text(c: &Context) -> String {
    let names: Vec<String> = c
        .environments
        .iter()
        .map(|e| {
            if e.tier == Tier::Unknown || e.name.eq_ignore_ascii_case(e.tier.as_str()) {
                format!("`{}`", e.name)
            } else {
                format!("`{}` ({})", e.name, e.tier.as_str())
            }
        })
        .collect();
    match names.len() {
        0 => "no environment".into(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// Changes a finding by what was resolved: production where the plan says staging raises it to
/// an error, naming both; exactly what the plan says lowers an ambient or unverified-ID warning to
/// `info`; a force push onto the default or a protected branch is an error. Nothing unresolved
/// changes a severity.
fn apply(f: &mut Finding, ctx: Context, declared: Option<&Declared>) {
    let resolved = ctx.status != Status::Unverified;
    let rule = EngineRule::from_id(&f.rule);
    let lowerable = matches!(rule, Some(EngineRule::EnvAmbientTarget | EngineRule::EnvUnverifiedId));
    if resolved && matches!(f.category, Category::Environment | Category::Destructive) {
        if let Some(d) = declared {
            if !d.production && ctx.production() {
                f.severity = Severity::Error;
                let place = match ctx.environments.as_slice() {
                    [one] if ctx.resource.contains(&format!("`{}`", one.name)) => ctx.resource.clone(),
                    _ => format!("{} in {}", ctx.resource, environments_text(&ctx)),
                };
                f.message.push_str(&format!(
                    " — it resolves to production: {place}, while the session is about {} ({})",
                    d.word, d.source
                ));
            } else if lowerable
                && !ctx.environments.is_empty()
                && ctx
                    .environments
                    .iter()
                    .all(|e| tier::matches_declared(e, &d.word, d.production))
            {
                f.severity = f.severity.min(Severity::Info);
                f.message.push_str(&format!(
                    " — resolved to {}, which is what the session says it is about ({})",
                    environments_text(&ctx),
                    d.source
                ));
            }
        }
        if ctx.provider == "github"
            && ctx
                .details
                .iter()
                .any(|(k, v)| v == "yes" && (k == "default-branch" || k == "protected"))
        {
            f.severity = f.severity.max(Severity::Error);
        }
    }
    f.context = Some(Box::new(ctx));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::EnvName;

    fn ctx(envs: &[(&str, Tier)]) -> Context {
        Context {
            provider: "railway".into(),
            resource: "volume".into(),
            status: Status::Verified,
            environments: envs
                .iter()
                .map(|(n, t)| EnvName {
                    name: (*n).into(),
                    tier: *t,
                })
                .collect(),
            source: "s".into(),
            details: vec![],
            note: "n".into(),
        }
    }

    fn finding(rule: &str) -> Finding {
        Finding::new(rule, Category::Environment, Severity::Warning, "m", Default::default())
    }

    #[test]
    fn production_in_a_staging_session_is_an_error_and_a_match_is_info() {
        let staging = Declared {
            production: false,
            word: "staging".into(),
            source: "a comment".into(),
        };
        let mut f = finding("env-unverified-id");
        apply(
            &mut f,
            ctx(&[("production", Tier::Production), ("staging", Tier::Staging)]),
            Some(&staging),
        );
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains("production") && f.message.contains("staging"));
        let mut f = finding("env-ambient-target");
        apply(&mut f, ctx(&[("staging", Tier::Staging)]), Some(&staging));
        assert_eq!(f.severity, Severity::Info);
        // unresolved: nothing changes
        let mut f = finding("env-ambient-target");
        let mut c = ctx(&[("production", Tier::Production)]);
        c.status = Status::Unverified;
        apply(&mut f, c, Some(&staging));
        assert_eq!(f.severity, Severity::Warning);
        // no declaration: attached, unchanged
        let mut f = finding("env-ambient-target");
        apply(&mut f, ctx(&[("production", Tier::Production)]), None);
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.context.is_some());
    }
}
