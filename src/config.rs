//! Configuration: `preflight.toml` (or `.preflight.toml`), found by walking up from each checked
//! path. It selects and ignores rules, overrides severities, sets the failing severity, excludes
//! paths, adds rule packs, and states facts about environments (what counts as production).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::finding::{Category, Finding, Severity};
use crate::rules::RuleSet;

/// The providers `--verify` looks IDs up at (the keys of `verify-endpoints`).
pub const VERIFY_PROVIDERS: &[&str] = &["railway", "fly", "github", "neon"];

/// Whether a URL's host is this machine's loopback (`localhost`, `127.0.0.0/8`, `::1`).
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The names a configuration file may have, in order of preference.
pub const FILE_NAMES: &[&str] = &["preflight.toml", ".preflight.toml"];

/// The `preflight.toml` format.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Only these rules, families (`git`, `aws`) or categories (`destructive`) are reported.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules, families or categories never reported.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity at or above which `preflight check` exits with status 1 (`--fail-on` wins).
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Globs (relative to this file's directory) of paths not to walk into.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Extra rule pack files (relative to this file's directory).
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Per-rule severity: `git-push-force = "error"`.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Facts about your environments, for the environment analysis.
    #[serde(default)]
    pub environment: EnvironmentFacts,
    /// How `check` and the editor grade code only known at run time (`dynamic` findings:
    /// `$CMD args`, `eval "$X"`): `reachable` (the default) reports a warning only where it can
    /// reach something destructive and `info` elsewhere; `strict` reports a warning wherever an
    /// agent hook would ask. The agent hook always grades as `strict`.
    #[serde(default)]
    pub dynamic: DynamicPolicy,
    /// Where the rules' documentation is published for this team (`https://…/rules.md`, or
    /// `file:///…/docs/rules.md` of an installed copy): each finding links to `URL#RULE`.
    /// Without it findings say `preflight explain RULE`. `PREFLIGHT_DOCS_URL` in the environment
    /// does the same.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// A baseline file (relative to this file's directory, as `preflight check --write-baseline`
    /// writes it from here): `check` reports only the findings it does not record. `--baseline`
    /// and `--no-baseline` win; the agent hooks and the editor do not read it.
    #[serde(default)]
    pub baseline: Option<PathBuf>,
    /// Name the target an environment finding would really hit, from local state (the kube
    /// current-context, the AWS profile, the linked Railway project …; names only, no network).
    /// On by default in the agent hooks and the editor; `check` reads it with
    /// `--resolve-context` or `resolve-context = true`.
    #[serde(default)]
    pub resolve_context: Option<bool>,
    /// Look the IDs destructive operations target up at their provider, read-only, with a
    /// token already in the environment (`--verify`); see docs/verify.md.
    #[serde(default)]
    pub verify: Option<bool>,
    /// The deadline shared by every lookup of one run, in milliseconds (default 700 in hooks
    /// and the editor, 3000 in `check`).
    #[serde(default)]
    pub verify_timeout_ms: Option<u64>,
    /// Another API base URL for a provider (`railway`, `fly`, `github`, `neon`): a proxy or an
    /// enterprise host. Only read from a configuration applied in full (not a project's file in
    /// an agent hook), so a file the agent can write cannot send a token elsewhere.
    #[serde(default)]
    pub verify_endpoints: BTreeMap<String, String>,
}

/// How `check` grades code only known at run time (see docs/configuration.md, "Dynamic code").
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DynamicPolicy {
    /// A computed command word or an `eval` is a warning only where it can reach something
    /// destructive (destructive arguments, code or a program name from the network or input) or
    /// sits in a file that otherwise destroys or touches production; `info` elsewhere.
    #[default]
    Reachable,
    /// A warning wherever the agent hook would ask.
    Strict,
}

/// What counts as production (and what does not) in this repository.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvironmentFacts {
    /// Names that are production even when they do not say so.
    #[serde(default)]
    pub production: Targets,
    /// Names that are not production even when they look like it.
    #[serde(default)]
    pub non_production: Targets,
    /// Names of staging environments (not production).
    #[serde(default)]
    pub staging: Targets,
    /// Names of development environments (not production).
    #[serde(default)]
    pub development: Targets,
}

/// Target names by kind.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Targets {
    #[serde(default)]
    pub kube_contexts: Vec<String>,
    #[serde(default)]
    pub aws_profiles: Vec<String>,
    #[serde(default)]
    pub gcp_projects: Vec<String>,
    #[serde(default)]
    pub azure_subscriptions: Vec<String>,
    #[serde(default)]
    pub terraform_workspaces: Vec<String>,
    #[serde(default)]
    pub railway_projects: Vec<String>,
    #[serde(default)]
    pub railway_environments: Vec<String>,
    #[serde(default)]
    pub database_hosts: Vec<String>,
    /// AWS account IDs (`123456789012`).
    #[serde(default)]
    pub aws_accounts: Vec<String>,
    #[serde(default)]
    pub fly_apps: Vec<String>,
    /// Supabase project refs.
    #[serde(default)]
    pub supabase_projects: Vec<String>,
    /// Neon project IDs.
    #[serde(default)]
    pub neon_projects: Vec<String>,
    /// Any other names: app names, buckets, database names, hosts.
    #[serde(default)]
    pub names: Vec<String>,
}

impl Targets {
    pub fn all(&self) -> impl Iterator<Item = &str> {
        [
            &self.kube_contexts,
            &self.aws_profiles,
            &self.gcp_projects,
            &self.azure_subscriptions,
            &self.terraform_workspaces,
            &self.railway_projects,
            &self.railway_environments,
            &self.database_hosts,
            &self.aws_accounts,
            &self.fly_apps,
            &self.supabase_projects,
            &self.neon_projects,
            &self.names,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.all().any(|n| n == name)
    }
}

/// A configuration file that could not be loaded: points into the TOML.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(preflight::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("here")]
    pub span: Option<SourceSpan>,
}

impl ConfigError {
    fn new(path: &Path, text: &Arc<str>, span: Option<std::ops::Range<usize>>, message: String) -> Self {
        let name = path.display().to_string();
        ConfigError {
            message: format!("{name}: {message}"),
            src: NamedSource::new(name, text.clone()),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
        }
    }
}

/// A loaded configuration.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub file: ConfigFile,
    exclude: GlobSet,
    /// Extra rule packs, as absolute (or cwd-relative) paths.
    pub rule_packs: Vec<PathBuf>,
}

impl Config {
    /// Reads and parses a configuration file (rule names are checked later, against the rules).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text: Arc<str> = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::new(path, &Arc::from(""), None, format!("cannot read: {e}")))?
            .into();
        Config::parse(path, text)
    }

    /// Parses the text of the configuration file at `path` (which is not read).
    pub fn parse(path: &Path, text: Arc<str>) -> Result<Config, ConfigError> {
        let file: ConfigFile =
            toml::from_str(&text).map_err(|e| ConfigError::new(path, &text, e.span(), e.message().to_owned()))?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut b = GlobSetBuilder::new();
        for g in &file.exclude {
            let glob = GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map_err(|e| ConfigError::new(path, &text, find(&text, g), format!("bad exclude glob `{g}`: {e}")))?;
            b.add(glob);
        }
        let exclude = b
            .build()
            .map_err(|e| ConfigError::new(path, &text, None, e.to_string()))?;
        for (provider, url) in &file.verify_endpoints {
            if !VERIFY_PROVIDERS.contains(&provider.as_str()) {
                return Err(ConfigError::new(
                    path,
                    &text,
                    find(&text, provider),
                    format!(
                        "`{provider}` is not a provider preflight looks up (known: {})",
                        VERIFY_PROVIDERS.join(", ")
                    ),
                ));
            }
            let ok = url::Url::parse(url).is_ok_and(|u| {
                u.scheme() == "https" || (u.scheme() == "http" && u.host_str().is_some_and(is_loopback_host))
            });
            if !ok {
                return Err(ConfigError::new(
                    path,
                    &text,
                    find(&text, url),
                    format!("`{url}` is not an https URL (plain http only to this machine's loopback)"),
                ));
            }
        }
        let rule_packs = file.rules.iter().map(|p| dir.join(p)).collect();
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            file,
            exclude,
            rule_packs,
        })
    }

    /// Checks the names the configuration uses against the loaded rules.
    pub fn validate(&self, rules: &RuleSet) -> Result<(), ConfigError> {
        let text: Arc<str> = std::fs::read_to_string(&self.path).unwrap_or_default().into();
        let families = rules.families();
        let known = |n: &str| rules.get(n).is_some() || families.contains(&n) || n.parse::<Category>().is_ok();
        for name in self.file.select.iter().chain(&self.file.ignore) {
            if !known(name) {
                return Err(ConfigError::new(
                    &self.path,
                    &text,
                    find(&text, &format!("\"{name}\"")),
                    format!("`{name}` is not a rule, family or category (see `preflight rules`)"),
                ));
            }
        }
        for name in self.file.severity.keys() {
            if rules.get(name).is_none() {
                return Err(ConfigError::new(
                    &self.path,
                    &text,
                    find(&text, name),
                    format!("`{name}` is not a rule (see `preflight rules`)"),
                ));
            }
        }
        Ok(())
    }

    /// The baseline file the configuration names, if any.
    pub fn baseline(&self) -> Option<PathBuf> {
        self.file.baseline.as_ref().map(|b| self.dir.join(b))
    }

    /// Whether a walked path is excluded (globs are relative to the configuration's directory).
    pub fn excludes(&self, path: &Path) -> bool {
        let abs = absolute(path);
        match abs.strip_prefix(absolute(&self.dir)) {
            Ok(rel) => {
                self.exclude.is_match(rel)
                    || rel
                        .ancestors()
                        .any(|a| !a.as_os_str().is_empty() && self.exclude.is_match(a))
            }
            Err(_) => false,
        }
    }

    /// Applies only what makes checks stricter: severity overrides that raise a finding. For
    /// a configuration that whoever is being checked can write (an agent's project).
    pub fn apply_raises(&self, findings: &mut [Finding]) {
        for f in findings.iter_mut() {
            if let Some(s) = self.file.severity.get(&f.rule) {
                f.severity = f.severity.max(*s);
            }
        }
    }

    /// Applies selection, ignores and severity overrides to a file's findings.
    pub fn apply(&self, rules: &RuleSet, findings: &mut Vec<Finding>) {
        let matches = |entry: &str, f: &Finding| {
            entry == f.rule || entry == f.category.as_str() || rules.get(&f.rule).is_some_and(|r| r.family == entry)
        };
        findings.retain(|f| {
            (self.file.select.is_empty() || self.file.select.iter().any(|s| matches(s, f)))
                && !self.file.ignore.iter().any(|s| matches(s, f))
        });
        for f in findings.iter_mut() {
            if let Some(s) = self.file.severity.get(&f.rule) {
                f.severity = *s;
            }
        }
    }
}

fn find(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    text.find(needle).map(|i| i..i + needle.len())
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The configuration file for a path: the nearest `preflight.toml`/`.preflight.toml` in its
/// directory or above.
pub fn discover(path: &Path) -> Option<PathBuf> {
    let abs = absolute(path);
    let start = if abs.is_dir() { abs.as_path() } else { abs.parent()? };
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn unknown_keys_and_bad_values_point_into_the_toml() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "preflight.toml",
            "select = [\"git\"]\nfial-on = \"error\"\n",
        );
        let err = Config::load(&p).unwrap_err();
        assert!(err.message.contains("unknown field `fial-on`"), "{}", err.message);
        assert_eq!(err.span.unwrap().offset(), 17);
        let p = write(dir.path(), "preflight.toml", "fail-on = \"fatal\"\n");
        let err = Config::load(&p).unwrap_err();
        assert!(err.message.contains("fatal"), "{}", err.message);
    }

    #[test]
    fn names_are_checked_against_the_rules() {
        let dir = tempfile::tempdir().unwrap();
        let rules = RuleSet::builtin().unwrap();
        let p = write(
            dir.path(),
            "preflight.toml",
            "ignore = [\"git\", \"environment\", \"rm-recursive-root\"]\n",
        );
        Config::load(&p).unwrap().validate(&rules).unwrap();
        let p = write(dir.path(), "preflight.toml", "ignore = [\"no-such-rule\"]\n");
        let err = Config::load(&p).unwrap().validate(&rules).unwrap_err();
        assert!(err.message.contains("no-such-rule"), "{}", err.message);
        assert!(err.span.is_some());
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let p = write(dir.path(), ".preflight.toml", "");
        assert_eq!(discover(&dir.path().join("a/b")), Some(p.clone()));
        assert_eq!(discover(&dir.path().join("a/b/x.sh")), Some(p));
    }

    #[test]
    fn excludes_are_relative_to_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "preflight.toml", "exclude = [\"vendor/**\", \"docs\"]\n");
        let c = Config::load(&p).unwrap();
        assert!(c.excludes(&dir.path().join("vendor/x/y.sh")));
        assert!(c.excludes(&dir.path().join("docs/a.md")));
        assert!(!c.excludes(&dir.path().join("src/vendor.sh")));
    }
}
