//! A run: finds the configuration governing each checked path, loads the rule packs it adds,
//! checks files in parallel, and applies suppressions and the configuration's selection and
//! severities. The CLI, the editor server and the agent hooks all check through it, so they
//! report the same findings for the same file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use miette::Diagnostic;
use rayon::prelude::*;

use crate::config::{self, Config, ConfigError, DynamicPolicy};
use crate::discover;
use crate::engine::{Engine, Input, Options};
use crate::finding::{Category, FileReport, Finding, Report, Severity, sort_findings};
use crate::resolve::{ResolveOptions, Resolver, Settings};
use crate::rules::{EngineRule, PackError, RuleSet};
use crate::suppress;

/// Where the configuration comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ConfigMode {
    /// The nearest `preflight.toml` / `.preflight.toml` above each path.
    #[default]
    Discover,
    /// This file, for every path.
    File(PathBuf),
    /// None.
    Off,
}

/// How much a configuration found beside the checked files may change the findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConfigPolicy {
    /// All of it: selection, ignores, severities (`check`, the editor server, a hook's
    /// `--config` the user wrote into the agent's settings).
    #[default]
    Full,
    /// Only what makes checks stricter: its environments, rule packs and raised severities,
    /// never its `ignore`, `select` or lowered severities (an agent hook: the agent can write
    /// any file of its project, `preflight.toml` included).
    StricterOnly,
}

/// Where findings are used: committed code (`check`, pre-commit, CI, the editor), or a command
/// about to run (an agent hook).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Check,
    Hook,
}

/// What a run cannot go on without.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum SessionError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Pack(#[from] PackError),
    #[error(transparent)]
    Missing(#[from] discover::MissingPath),
}

/// Settings of a run.
#[derive(Clone, Debug, Default)]
pub struct SessionOptions {
    pub engine: Options,
    pub config: ConfigMode,
    /// Rule packs given on the command line.
    pub rule_packs: Vec<PathBuf>,
    /// Report suppressed findings too (`--no-ignores`; always in a hook, where a comment in the
    /// checked call cannot silence a finding).
    pub no_ignores: bool,
    pub policy: ConfigPolicy,
    pub mode: Mode,
    /// Local context and read-only lookups (see [`crate::resolve`]).
    pub resolve: ResolveOptions,
}

/// A run's configurations and rule sets, loaded once and shared by every file.
pub struct Session {
    pub options: SessionOptions,
    configs: Mutex<HashMap<PathBuf, Arc<Config>>>,
    engines: Mutex<HashMap<Vec<PathBuf>, Arc<Engine>>>,
    /// Shared by every file of the run: one deadline, one cache.
    resolver: Resolver,
}

impl Session {
    pub fn new(options: SessionOptions) -> Self {
        Session::with_resolver(options, Resolver::new())
    }

    /// A session whose lookups go through `resolver` (tests give it another environment).
    pub fn with_resolver(options: SessionOptions, resolver: Resolver) -> Self {
        Session {
            options,
            configs: Mutex::new(HashMap::new()),
            engines: Mutex::new(HashMap::new()),
            resolver,
        }
    }

    /// The configuration governing `path`.
    pub fn config_for(&self, path: &Path) -> Result<Option<Arc<Config>>, SessionError> {
        let file = match &self.options.config {
            ConfigMode::Off => return Ok(None),
            ConfigMode::File(f) => f.clone(),
            ConfigMode::Discover => match config::discover(path) {
                Some(f) => f,
                None => return Ok(None),
            },
        };
        if let Some(c) = self.configs.lock().expect("not poisoned").get(&file) {
            return Ok(Some(c.clone()));
        }
        let c = Arc::new(Config::load(&file)?);
        let engine = self.engine_for(Some(&c))?;
        c.validate(&engine.rules)?;
        self.configs.lock().expect("not poisoned").insert(file, c.clone());
        Ok(Some(c))
    }

    /// The engine with the built-in rules, the command line's packs and the configuration's.
    pub fn engine_for(&self, config: Option<&Config>) -> Result<Arc<Engine>, SessionError> {
        let mut packs = self.options.rule_packs.clone();
        if let Some(c) = config {
            packs.extend(c.rule_packs.iter().cloned());
        }
        if let Some(e) = self.engines.lock().expect("not poisoned").get(&packs) {
            return Ok(e.clone());
        }
        let rules = if packs.is_empty() {
            RuleSet::builtin()?
        } else {
            RuleSet::with_user_packs(&packs)?
        };
        let engine = Arc::new(Engine::new(Arc::new(rules), self.options.engine.clone()));
        self.engines.lock().expect("not poisoned").insert(packs, engine.clone());
        Ok(engine)
    }

    /// Discovers and checks `paths` in parallel; the order of the result is deterministic.
    /// `progress` is called once per file checked.
    pub fn check_paths(&self, paths: &[PathBuf], progress: &(dyn Fn(usize) + Sync)) -> Result<Report, SessionError> {
        let candidates = discover::discover(paths, self.options.engine.forced_lang)?;
        // configurations first (they can fail, and excluded files are never read)
        let mut work = Vec::with_capacity(candidates.len());
        for c in candidates {
            let config = self.config_for(&c.path)?;
            if !c.explicit && config.as_ref().is_some_and(|cfg| cfg.excludes(&c.path)) {
                continue;
            }
            let engine = self.engine_for(config.as_deref())?;
            work.push((c, config, engine));
        }
        let total = work.len();
        // the largest files first, so no thread is left with one big file at the end
        let mut work: Vec<_> = work
            .into_iter()
            .map(|w| (std::fs::metadata(&w.0.path).map_or(0, |m| m.len()), w))
            .collect();
        work.sort_by_key(|w| std::cmp::Reverse(w.0));
        let work: Vec<_> = work.into_iter().map(|(_, w)| w).collect();
        // one job per file: rayon's adaptive splitting would otherwise hand each thread a run of
        // files to work through without splitting it again, and the first runs, the largest
        // files, kept one core busy long after the other had run out of work
        let mut out: Vec<FileReport> = work
            .par_iter()
            .with_max_len(1)
            .filter_map(|(c, config, engine)| {
                let facts = config.as_ref().map(|c| c.file.environment.clone()).unwrap_or_default();
                let mut r = engine.check_file(c, &facts)?;
                self.finish(config.as_deref(), engine, &mut r, &workdir_of(&c.path));
                if r.findings.is_empty() {
                    // only findings need the text (for lines, columns and snippets): a large
                    // tree's files are not all kept in memory until the report
                    r.text = std::sync::Arc::from("");
                }
                progress(total);
                Some(r)
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out.dedup_by(|a, b| a.path == b.path);
        Ok(Report {
            files: out.len(),
            reports: out,
        })
    }

    /// Checks a text that is not (or not yet) a file on disk — standard input, an editor
    /// buffer, an agent's tool call — under the configuration governing `config_at`.
    pub fn check_text(&self, config_at: &Path, input: Input<'_>) -> Result<FileReport, SessionError> {
        let config = self.config_for(config_at)?;
        let engine = self.engine_for(config.as_deref())?;
        let facts = config.as_ref().map(|c| &c.file.environment);
        let input = match facts {
            Some(f) => input.with_facts(f),
            None => input,
        };
        let mut r = engine.check(input);
        self.finish(config.as_deref(), &engine, &mut r, &workdir_of(config_at));
        Ok(r)
    }

    /// Suppressions, then the configuration's selection and severities (as far as the policy
    /// lets it), then each remaining finding's help.
    fn finish(&self, config: Option<&Config>, engine: &Engine, r: &mut FileReport, workdir: &Path) {
        if let (false, Some(lang)) = (self.options.no_ignores, r.lang) {
            suppress::apply(&r.text, lang, &engine.rules, &mut r.findings);
        }
        // before the configuration's severities: what it says about a rule still has the last word
        if r.findings.iter().any(|f| f.target.is_some()) {
            let settings = self.resolve_settings(config);
            self.resolver.resolve(&mut r.findings, workdir, &settings);
        }
        match (config, self.options.policy) {
            (Some(c), ConfigPolicy::Full) => c.apply(&engine.rules, &mut r.findings),
            (Some(c), ConfigPolicy::StricterOnly) => c.apply_raises(&mut r.findings),
            (None, _) => {}
        }
        if self.options.mode == Mode::Check {
            // what a bound of the analysis left unread is said, not failed on: nobody can act on
            // it in a commit (the hook, which gets the warning, asks)
            for f in r.findings.iter_mut() {
                if f.rule == EngineRule::AnalysisTruncated.id() {
                    f.severity = f.severity.min(Severity::Info);
                }
            }
            if config.is_none_or(|c| c.file.dynamic == DynamicPolicy::Reachable) {
                grade_dynamic(&mut r.findings);
            }
        }
        crate::report::attach_help(&engine.rules, &mut r.findings);
        sort_findings(&mut r.findings);
    }
}

impl Session {
    /// What resolution may do for files under `config`: the options, then the configuration
    /// (in full, or under an agent hook only where it adds checking: it can turn context and
    /// lookups on, never off, and never redirect a lookup).
    fn resolve_settings<'a>(&self, config: Option<&'a Config>) -> Settings<'a> {
        let o = &self.options.resolve;
        let file = config.map(|c| &c.file);
        let full = self.options.policy == ConfigPolicy::Full;
        let context = match (o.context, file.and_then(|f| f.resolve_context)) {
            // a flag on the command line wins
            (Some(c), _) => c,
            // a project file under an agent hook can turn it on, not off
            (None, Some(c)) if full || c => c,
            (None, _) => o.context_default,
        };
        let asked = o.verify || file.and_then(|f| f.verify) == Some(true);
        let offline = o.offline || self.resolver.offline_by_env();
        let timeout = o
            .timeout
            .or_else(|| {
                file.filter(|_| full)
                    .and_then(|f| f.verify_timeout_ms)
                    .map(std::time::Duration::from_millis)
            })
            .unwrap_or(o.default_timeout);
        Settings {
            context,
            verify: asked && !offline,
            verify_off: (asked && offline).then_some("lookups are off (--offline or PREFLIGHT_OFFLINE)"),
            timeout,
            endpoints: file.filter(|_| full).map(|f| &f.verify_endpoints),
            facts: file.map(|f| &f.environment),
            production_facts_only: !full,
        }
    }
}

/// The directory a command of `path` runs in: the directory itself, or the file's.
fn workdir_of(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if abs.is_dir() {
        abs
    } else {
        abs.parent().map(Path::to_path_buf).unwrap_or(abs)
    }
}

/// The `reachable` policy of `check` for code only known at run time: a computed command word, an
/// `eval` or a shell given a command string is ordinary shell, a warning only where it can reach
/// something destructive (see [`crate::finding::Finding::reaches_destructive`]) or in a file that
/// otherwise destroys data (a destructive finding at `error`) or touches production (an
/// environment finding at `warning` or above, other than an unset variable); `info` elsewhere.
fn grade_dynamic(findings: &mut [Finding]) {
    let touches = findings.iter().any(|f| match f.category {
        Category::Destructive => f.severity >= Severity::Error,
        // an environment other than this machine's (an unset variable is this machine's path)
        Category::Environment => f.severity >= Severity::Warning && f.rule != EngineRule::EnvUnsetVariable.id(),
        _ => false,
    });
    if touches {
        return;
    }
    for f in findings.iter_mut() {
        let ordinary = matches!(
            EngineRule::from_id(&f.rule),
            Some(EngineRule::DynamicCommand | EngineRule::DynamicEval | EngineRule::DynamicShellInput)
        );
        if ordinary && f.severity == Severity::Warning && !f.reaches_destructive {
            f.severity = Severity::Info;
        }
    }
}
