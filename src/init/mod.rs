//! `preflight init`: sets a project up to run preflight — a starting `preflight.toml`, the
//! pre-commit hook, a CI workflow, the coding agents' pre-execution hooks, a baseline — or the
//! agents of one user. Every change is planned first; nothing is written unless all can be made.

mod agents;
mod config_file;
mod files;
mod precommit;
mod settings;
mod workflow;

use std::path::{Path, PathBuf};

pub use agents::Scope;
pub use agents::{command as hook_command, settings_path};
pub use config_file::{BASELINE, template as config_template};
pub use settings::{read_json as read_settings_json, runs_preflight};

use crate::baseline::Baseline;
use crate::config::FILE_NAMES;
use crate::discover::display_path;
use crate::hook::Agent;
use crate::session::{ConfigMode, ConfigPolicy, Mode, Session, SessionOptions};
use files::{Change, Planned, read};
use precommit::REPO;
use settings::Merged;

/// What `init` was asked to do.
#[derive(Clone, Debug)]
pub struct InitOptions {
    /// The project directory.
    pub dir: PathBuf,
    /// Write `preflight.toml` (when it does not exist).
    pub config: bool,
    pub pre_commit: bool,
    pub github_actions: bool,
    pub agents: Vec<Agent>,
    pub scope: Scope,
    /// Record today's findings and name the baseline in `preflight.toml`.
    pub baseline: bool,
    /// Replace the files written whole (`preflight.toml`, the workflow, the baseline).
    pub force: bool,
    pub dry_run: bool,
    /// The user's home directory (for [`Scope::User`]).
    pub home: Option<PathBuf>,
    /// `$CODEX_HOME`, where Codex keeps its user settings when it is set.
    pub codex_home: Option<PathBuf>,
}

/// A change that could not be planned or made.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InitError(pub String);

/// What was done (or, with `--dry-run`, what would be), one entry per file, and what to tell
/// the user besides.
#[derive(Debug, Default)]
pub struct Outcome {
    pub lines: Vec<String>,
    pub notes: Vec<String>,
}

/// Plans every change, then (unless `dry_run`) makes them.
pub fn run(opts: &InitOptions) -> Result<Outcome, InitError> {
    let (plan, baseline, notes) = plan(opts).map_err(|e| InitError(format!("{e}\nnothing was written")))?;
    let mut out = Outcome {
        notes,
        ..Outcome::default()
    };
    if opts.dry_run {
        out.lines.extend(plan.iter().map(Planned::preview));
        if let Some(b) = &baseline {
            out.lines.push(b.preview(opts)?);
        }
        return Ok(out);
    }
    // what was written before a failure is named, so that nothing is left unexplained
    let failed = |out: &Outcome, e: InitError| {
        let done: Vec<&str> = out
            .lines
            .iter()
            .filter(|l| !l.starts_with("left "))
            .map(String::as_str)
            .collect();
        if done.is_empty() {
            InitError(format!("{e}\nnothing was written"))
        } else {
            InitError(format!("{e}\nalready done: {}", done.join("; ")))
        }
    };
    for p in &plan {
        match p.apply() {
            Ok(line) => out.lines.push(line),
            Err(e) => return Err(failed(&out, e)),
        }
    }
    if let Some(b) = &baseline {
        match b.record(opts) {
            Ok(line) => out.lines.push(line),
            Err(e) => return Err(failed(&out, e)),
        }
    }
    Ok(out)
}

type Plan = (Vec<Planned>, Option<PendingBaseline>, Vec<String>);

/// Every file's change, the baseline to record after them, and notes for the user.
fn plan(opts: &InitOptions) -> Result<Plan, InitError> {
    let mut plan = Vec::new();
    let mut baseline = None;
    let mut notes = Vec::new();
    if opts.config {
        let (p, b) = plan_config(opts)?;
        plan.push(p);
        baseline = b;
    }
    if opts.pre_commit {
        plan.push(plan_pre_commit(&opts.dir)?);
    }
    if opts.github_actions {
        plan.push(plan_workflow(opts)?);
    }
    let mut agents: Vec<Agent> = Vec::new();
    for a in &opts.agents {
        if !agents.contains(a) {
            agents.push(*a);
        }
    }
    for a in &agents {
        let p = plan_agent(*a, opts)?;
        if matches!(p.change, Change::Write { .. })
            && let Some(n) = agents::next_step(*a)
        {
            notes.push(n.to_owned());
        }
        plan.push(p);
    }
    if !agents.is_empty() && !on_path("preflight") {
        notes.push(format!(
            "`preflight` is not on the PATH: the agents run `preflight hook …` by name, and most let a call run when its hook cannot start. Install it (`cargo install --locked --git {REPO} preflight`) before starting the agent"
        ));
    }

    Ok((plan, baseline, notes))
}

/// A project file's path and how it is shown.
fn project_file(dir: &Path, rel: &str) -> (PathBuf, String) {
    let p = dir.join(rel);
    let shown = display_path(&p);
    (p, shown)
}

/// `preflight.toml`: written when there is none (or with `--force`); an existing one only gets
/// the `baseline` key `--baseline` needs. Returns the baseline to record, if any.
fn plan_config(opts: &InitOptions) -> Result<(Planned, Option<PendingBaseline>), InitError> {
    let existing = FILE_NAMES.iter().map(|n| opts.dir.join(n)).find(|p| p.is_file());
    let path = existing.clone().unwrap_or_else(|| opts.dir.join(FILE_NAMES[0]));
    let shown = display_path(&path);
    let before = read(&path, &shown)?;
    let fresh = |before: Option<String>, what: &str| -> Result<(Planned, Option<PathBuf>), InitError> {
        let text = config_file::template(opts.baseline.then_some(BASELINE));
        config_file::load(&path, &text).map_err(|e| {
            InitError(format!(
                "the starting configuration does not load (a preflight bug): {e}"
            ))
        })?;
        Ok((
            Planned::write(path.clone(), shown.clone(), before, text, what),
            opts.baseline.then(|| PathBuf::from(BASELINE)),
        ))
    };
    let (planned, baseline) = match before {
        None => fresh(None, "a starting configuration to commit")?,
        Some(before) if opts.force => fresh(Some(before), "the starting configuration, replacing this one")?,
        Some(before) => {
            let current = config_file::load(&path, &before).map_err(|e| InitError(format!("{e}; fix it first")))?;
            match (&current.file.baseline, opts.baseline) {
                (Some(b), true) => (
                    Planned::keep(
                        path.clone(),
                        shown.clone(),
                        format!("it already names the baseline {}", b.display()),
                    ),
                    Some(b.clone()),
                ),
                (None, true) => {
                    let after = config_file::add_baseline(&before, BASELINE, &shown)
                        .map_err(InitError)?
                        .expect("it names no baseline");
                    config_file::load(&path, &after)
                        .map_err(|e| InitError(format!("{e} (after adding `baseline`, a preflight bug)")))?;
                    (
                        Planned::write(
                            path.clone(),
                            shown.clone(),
                            Some(before),
                            after,
                            format!("`baseline = \"{BASELINE}\"`"),
                        ),
                        Some(PathBuf::from(BASELINE)),
                    )
                }
                (_, false) => (
                    Planned::keep(
                        path.clone(),
                        shown.clone(),
                        "it exists (`--force` replaces it with the starting one)",
                    ),
                    None,
                ),
            }
        }
    };
    let config_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let pending = baseline.map(|rel| {
        let path = config_dir.join(rel);
        PendingBaseline {
            shown: display_path(&path),
            existed: path.is_file(),
            path,
            dir: config_dir.clone(),
        }
    });
    Ok((planned, pending))
}

/// The baseline `--baseline` records once the other files are written (so that the new
/// configuration applies to the check), like `preflight check --write-baseline FILE .`.
struct PendingBaseline {
    path: PathBuf,
    shown: String,
    /// The configuration's directory: paths in the baseline are relative to it.
    dir: PathBuf,
    existed: bool,
}

impl PendingBaseline {
    fn findings(&self) -> Result<Baseline, InitError> {
        let session = Session::new(SessionOptions {
            config: ConfigMode::Discover,
            policy: ConfigPolicy::Full,
            mode: Mode::Check,
            ..SessionOptions::default()
        });
        let report = session
            .check_paths(std::slice::from_ref(&self.dir), &|_| {})
            .map_err(|e| InitError(format!("{:?}", miette::Report::new(e))))?;
        Ok(Baseline::from_report(&report, Some(&self.dir)))
    }

    fn kept(&self, opts: &InitOptions) -> bool {
        self.existed && !opts.force
    }

    fn preview(&self, opts: &InitOptions) -> Result<String, InitError> {
        if self.kept(opts) {
            return Ok(format!(
                "would leave {}: it exists (`--force` records today's findings again)\n",
                self.shown
            ));
        }
        let b = self.findings()?;
        let verb = if self.existed { "replace" } else { "create" };
        Ok(format!(
            "would {verb} {} with today's findings: {} entries\n",
            self.shown,
            b.findings.len()
        ))
    }

    fn record(&self, opts: &InitOptions) -> Result<String, InitError> {
        if self.kept(opts) {
            return Ok(format!(
                "left {}: it exists (`--force` records today's findings again)",
                self.shown
            ));
        }
        let b = self.findings()?;
        files::write_file(&self.path, &b.to_json(), self.existed)
            .map_err(|e| InitError(format!("cannot write {}: {e}", self.shown)))?;
        let total: usize = b.findings.iter().map(|e| e.count).sum();
        Ok(format!(
            "recorded {total} findings in {}: `preflight check` now reports only new ones",
            self.shown
        ))
    }
}

fn plan_pre_commit(dir: &Path) -> Result<Planned, InitError> {
    let (path, shown) = project_file(dir, ".pre-commit-config.yaml");
    Ok(match read(&path, &shown)? {
        None => Planned::write(
            path,
            shown,
            None,
            precommit::fresh(),
            "the preflight hooks; then run `pre-commit install`",
        ),
        Some(text) => match precommit::add(&text, &shown).map_err(InitError)? {
            precommit::Added::Present => Planned::keep(path, shown, "it already runs preflight"),
            precommit::Added::Text(after) => {
                Planned::write(path, shown, Some(text), after, "the preflight hooks added to `repos:`")
            }
        },
    })
}

fn plan_workflow(opts: &InitOptions) -> Result<Planned, InitError> {
    let (path, shown) = project_file(&opts.dir, workflow::PATH);
    Ok(match read(&path, &shown)? {
        None => Planned::write(
            path,
            shown,
            None,
            workflow::text(),
            "checks every push and pull request",
        ),
        Some(before) if opts.force => Planned::write(
            path,
            shown,
            Some(before),
            workflow::text(),
            "checks every push and pull request",
        ),
        Some(_) => Planned::keep(path, shown, "it exists (`--force` replaces it)"),
    })
}

/// An agent's settings file with preflight's hook added. Codex reads hooks from `hooks.json` and
/// from `config.toml`'s `[hooks]` (both run): its `config.toml` is edited only when it already
/// holds the hooks and there is no `hooks.json`.
fn plan_agent(agent: Agent, opts: &InitOptions) -> Result<Planned, InitError> {
    let (rel_dir, file) = agents::settings_path(agent, opts.scope);
    let dir = match opts.scope {
        Scope::Project => opts.dir.join(rel_dir),
        Scope::User => {
            let home = opts
                .home
                .as_deref()
                .ok_or_else(|| InitError("--user: the home directory is unknown (set HOME)".into()))?;
            agents::user_dir(agent, home, opts.codex_home.as_deref())
        }
    };
    let shown = |p: &Path| match (opts.scope, opts.home.as_deref()) {
        (Scope::User, Some(home)) => match p.strip_prefix(home) {
            Ok(rel) => format!("~/{}", rel.display()),
            Err(_) => p.display().to_string(),
        },
        _ => display_path(p),
    };
    let hooks = agents::hooks(agent);
    let command = agents::command(agent);
    let mut path = dir.join(file);
    let mut toml = false;
    if agent == Agent::Codex {
        let config = dir.join("config.toml");
        let inline = read(&config, &shown(&config))?
            .as_deref()
            .and_then(settings::toml_hooks);
        let json = read(&path, &shown(&path))?;
        let json_runs = json
            .as_deref()
            .is_some_and(|t| settings::merge_json(Some(t), &hooks, "").is_ok_and(|m| m == Merged::Present));
        if inline == Some(true) && !json_runs {
            return Ok(Planned::keep(
                config.clone(),
                shown(&config),
                format!("its [hooks] already run `{command}`"),
            ));
        }
        // the hooks are kept in config.toml: add preflight's there
        if json.is_none() && inline == Some(false) {
            path = config;
            toml = true;
        }
    }
    let shown = shown(&path);
    let before = read(&path, &shown)?;
    let merged = if toml {
        settings::merge_toml(before.as_deref().unwrap_or(""), &hooks, &shown)
    } else {
        settings::merge_json(before.as_deref(), &hooks, &shown)
    }
    .map_err(InitError)?;
    Ok(match merged {
        Merged::Present => Planned::keep(path, shown, format!("it already runs `{command}`")),
        Merged::Changed(after, events) => {
            let what = format!("{} runs `{command}` on {}", agent.name(), events.join(" and "));
            Planned::write(path, shown, before, after, what)
        }
    })
}

/// Whether a program of this name is on the `PATH`.
fn on_path(name: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path)
        .any(|d| d.join(name).is_file() || (cfg!(windows) && d.join(format!("{name}.exe")).is_file()))
}
