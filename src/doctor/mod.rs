//! `preflight doctor`: whether the guards installed for this directory and user work. For each
//! agent it reads every settings file the agent reads (project, local, user, managed), finds the
//! hooks that run preflight and checks each as the agent would run it: the event, the matcher
//! over the shell and MCP tools, the agent named on the command line, a program that starts and
//! is this version, the timeout against preflight's own bound, Cursor's `failClosed`. With
//! `--self-test` it runs each hook command with a synthetic destructive call and a benign one.
//! It also loads the project's configuration as `check` and the hooks would (a configuration
//! that does not load makes every hook deny) and checks that the decision log can be written.

mod handlers;
mod locations;
mod selftest;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::hook::Agent;
use crate::session::{ConfigMode, ConfigPolicy, Mode, Session, SessionOptions};
use handlers::{FileState, Handler};
pub use locations::{Roots, Scope};
use selftest::Outcome;

/// How serious a check's result is. Ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Ok,
    Info,
    Warning,
    Error,
}

/// One thing the doctor found.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    pub level: Level,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    fn new(level: Level, message: String, fix: Option<String>) -> Check {
        Check { level, message, fix }
    }
    pub fn ok(message: String) -> Check {
        Check::new(Level::Ok, message, None)
    }
    pub fn info(message: String, fix: Option<String>) -> Check {
        Check::new(Level::Info, message, fix)
    }
    pub fn warning(message: String, fix: Option<String>) -> Check {
        Check::new(Level::Warning, message, fix)
    }
    pub fn error(message: String, fix: Option<String>) -> Check {
        Check::new(Level::Error, message, fix)
    }
}

/// A settings file as reported.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    pub scope: Scope,
    /// `missing`, `read` or `unreadable`.
    pub state: &'static str,
}

/// One self-test run.
#[derive(Clone, Debug, Serialize)]
pub struct SelfTestReport {
    pub command: String,
    /// The shell command sent to the hook.
    pub call: &'static str,
    /// `blocked`, `asked` or `allowed`.
    pub outcome: &'static str,
    pub expected: &'static str,
    pub detail: String,
    pub millis: u128,
}

/// What the doctor found for one agent.
#[derive(Clone, Debug, Serialize)]
pub struct AgentReport {
    pub agent: &'static str,
    pub name: &'static str,
    /// Some settings file of the agent runs preflight.
    pub installed: bool,
    pub files: Vec<FileReport>,
    pub checks: Vec<Check>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub self_test: Vec<SelfTestReport>,
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub version: &'static str,
    pub project: String,
    pub agents: Vec<AgentReport>,
    /// The project's `preflight.toml` and its rule packs.
    pub configuration: Vec<Check>,
    /// The decision log.
    pub log: Vec<Check>,
    pub errors: usize,
    pub warnings: usize,
    /// Every installed guard works (and at least one is installed).
    pub ok: bool,
}

/// What `doctor` was asked to do.
#[derive(Clone, Debug)]
pub struct DoctorOptions {
    pub dir: PathBuf,
    pub home: Option<PathBuf>,
    pub codex_home: Option<PathBuf>,
    /// Prefixed to machine-wide settings paths (`/`).
    pub system_root: PathBuf,
    pub self_test: bool,
    /// Only these agents (all when empty).
    pub agents: Vec<Agent>,
    /// The decision log's path, when it is known.
    pub log_path: Option<PathBuf>,
}

/// The tool names an agent's shell calls use, and a sample MCP tool name.
fn shell_tools(agent: Agent) -> &'static [&'static str] {
    match agent {
        Agent::ClaudeCode if cfg!(windows) => &["Bash", "PowerShell"],
        Agent::ClaudeCode | Agent::Codex => &["Bash"],
        Agent::Gemini => &["run_shell_command"],
        Agent::Cursor | Agent::Copilot => &[],
    }
}

const MCP_SAMPLE: &str = "mcp__server__delete_thing";

/// How a path is shown: relative to the project, or under `~`.
fn shown(path: &Path, roots: &Roots) -> String {
    if let Ok(rel) = path.strip_prefix(&roots.project) {
        return rel.display().to_string();
    }
    if let Some(home) = &roots.home
        && let Ok(rel) = path.strip_prefix(home)
    {
        return format!("~/{}", rel.display());
    }
    path.display().to_string()
}

/// Examines one agent.
fn examine(agent: Agent, roots: &Roots, opts: &DoctorOptions) -> AgentReport {
    let mut checks = Vec::new();
    let files: Vec<handlers::SettingsFile> = locations::locations(agent, roots)
        .iter()
        .map(|l| handlers::read(l, shown(&l.path, roots)))
        .collect();
    for f in &files {
        if let FileState::Unreadable(why) = &f.state {
            checks.push(Check::error(
                format!(
                    "{}: {why}; {} may refuse it or skip its hooks, and the doctor cannot tell what it holds",
                    f.shown,
                    agent.name()
                ),
                Some(format!(
                    "Fix {} (`preflight init --agent {}` edits it only once it reads)",
                    f.shown,
                    agent.arg()
                )),
            ));
        }
    }
    let mut all: Vec<Handler> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        all.extend(handlers::handlers(agent, i, f, &mut checks));
    }
    let (ours, others): (Vec<&Handler>, Vec<&Handler>) = all
        .iter()
        .partition(|h| crate::init::runs_preflight(&serde_json::Value::from(h.command.as_str())));
    let file_reports = files
        .iter()
        .filter(|f| !matches!(f.state, FileState::Missing))
        .map(|f| FileReport {
            path: f.shown.clone(),
            scope: f.location.scope,
            state: match f.state {
                FileState::Missing => "missing",
                FileState::Read(_) => "read",
                FileState::Unreadable(_) => "unreadable",
            },
        })
        .collect();
    let mut report = AgentReport {
        agent: agent.arg(),
        name: agent.name(),
        installed: !ours.is_empty(),
        files: file_reports,
        checks: Vec::new(),
        self_test: Vec::new(),
    };
    // other commands on the events preflight answers: a wrapper around preflight cannot be
    // told from any other hook by its words
    for h in others.iter().filter(|h| agent.events().contains(&h.event.as_str())) {
        checks.push(Check::info(
            format!(
                "{} ({}): `{}` is another hook, not `preflight hook {}`; the doctor does not run or vouch for it",
                files[h.file].shown,
                h.event,
                h.command,
                agent.arg()
            ),
            None,
        ));
    }
    if ours.is_empty() {
        let any = files.iter().any(|f| !matches!(f.state, FileState::Missing));
        checks.push(Check::info(
            if any {
                format!("{}'s settings do not run preflight", agent.name())
            } else {
                format!("no {} settings here", agent.name())
            },
            Some(format!("`preflight init --agent {}` installs the hook", agent.arg())),
        ));
        report.checks = checks;
        return report;
    }
    let mut versions = BTreeMap::new();
    let mut bins: Vec<Option<PathBuf>> = Vec::new();
    for h in &ours {
        let (c, bin) = handlers::check_handler(
            agent,
            h,
            &files[h.file],
            &roots.project,
            roots.home.as_deref(),
            &mut versions,
        );
        checks.extend(c);
        bins.push(bin);
    }
    coverage(agent, &ours, &files, &mut checks);
    if agent != Agent::Cursor {
        checks.push(Check::info(
            format!(
                "{} has no fail-closed setting: a hook that cannot start, crashes or outlives its timeout lets the call run; preflight itself answers deny (exit 2) on its own failures within its bound",
                agent.name()
            ),
            None,
        ));
    }
    switched_off(agent, &files, &ours, &mut checks);
    if opts.self_test {
        let mut seen = Vec::new();
        for h in &ours {
            // the synthetic calls are shell commands: Cursor's go to `beforeShellExecution`
            let shell_event = match agent {
                Agent::Cursor => h.event == "beforeShellExecution",
                _ => agent.events().contains(&h.event.as_str()),
            };
            if seen.contains(&(&h.command, h.file)) || !shell_event {
                continue;
            }
            seen.push((&h.command, h.file));
            self_test(agent, h, &files[h.file], roots, &mut report.self_test, &mut checks);
        }
    }
    report.checks = checks;
    report
}

/// Whether the handlers together see the agent's shell calls and MCP calls.
fn coverage(agent: Agent, ours: &[&Handler], files: &[handlers::SettingsFile], checks: &mut Vec<Check>) {
    let on = |event: &'static str| ours.iter().filter(move |h| h.event == event);
    let covers = |tool: &str| -> bool {
        ours.iter().any(|h| {
            agent.events().contains(&h.event.as_str()) && handlers::matches(h.matcher.as_deref(), tool).unwrap_or(false)
        })
    };
    for h in ours {
        if let Err(e) = handlers::matches(h.matcher.as_deref(), "Bash") {
            checks.push(Check::error(
                format!(
                    "{} ({}): the matcher {e}, so the hook never runs",
                    files[h.file].shown, h.event
                ),
                Some("Write the matcher as `Bash|mcp__.*`".into()),
            ));
        }
    }
    match agent {
        Agent::Cursor => {
            if on("beforeShellExecution").next().is_none() {
                checks.push(Check::error(
                    "no preflight hook on `beforeShellExecution`: Cursor's shell commands are not checked".into(),
                    Some("`preflight init --agent cursor`".into()),
                ));
            } else if let Some(m) =
                on("beforeShellExecution").find_map(|h| h.matcher.as_deref().filter(|m| !m.is_empty() && *m != "*"))
                && !on("beforeShellExecution").any(|h| h.matcher.as_deref().is_none_or(|m| m.is_empty() || m == "*"))
            {
                checks.push(Check::warning(
                    format!("the `beforeShellExecution` hook has the matcher `{m}`: only the commands it matches are checked"),
                    Some("Remove `matcher` so that every command is checked".into()),
                ));
            }
            if on("beforeMCPExecution").next().is_none() {
                checks.push(Check::warning(
                    "no preflight hook on `beforeMCPExecution`: MCP tool calls are not checked".into(),
                    Some("`preflight init --agent cursor`".into()),
                ));
            }
        }
        Agent::Copilot => {
            if on("preToolUse").next().is_none() {
                checks.push(Check::error(
                    "no preflight hook on `preToolUse`: Copilot CLI's tool calls are not checked".into(),
                    Some("`preflight init --agent copilot`".into()),
                ));
            }
        }
        _ => {
            for tool in shell_tools(agent) {
                if !covers(tool) {
                    checks.push(Check::error(
                        format!(
                            "no preflight hook's matcher covers `{tool}`: {}'s shell commands are not checked",
                            agent.name()
                        ),
                        Some(format!("Add `{tool}` to the matcher (`{tool}|mcp__.*`)")),
                    ));
                }
            }
            if !covers(MCP_SAMPLE) {
                checks.push(Check::warning(
                    "no preflight hook's matcher covers MCP tools (`mcp__…`): their calls are not checked".into(),
                    Some("Add `mcp__.*` to the matcher".into()),
                ));
            }
        }
    }
}

/// Settings that switch hooks off altogether.
fn switched_off(agent: Agent, files: &[handlers::SettingsFile], ours: &[&Handler], checks: &mut Vec<Check>) {
    for f in files {
        let FileState::Read(v) = &f.state else { continue };
        match agent {
            Agent::ClaudeCode if v.get("disableAllHooks") == Some(&serde_json::Value::Bool(true)) => {
                // managed hooks still run
                let managed = ours.iter().any(|h| files[h.file].location.scope == Scope::System);
                let level = if managed { Level::Warning } else { Level::Error };
                checks.push(Check::new(
                    level,
                    format!(
                        "{}: `\"disableAllHooks\": true` switches every hook but the managed ones off",
                        f.shown
                    ),
                    Some("Remove `disableAllHooks`".into()),
                ));
            }
            Agent::Codex => {
                let features = v.get("features");
                for key in ["hooks", "codex_hooks"] {
                    if features.and_then(|f| f.get(key)) == Some(&serde_json::Value::Bool(false)) {
                        checks.push(Check::error(
                            format!("{}: `[features] {key} = false` switches Codex's hooks off", f.shown),
                            Some(format!("Remove `{key} = false`")),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Runs one handler with the destructive and the benign call.
fn self_test(
    agent: Agent,
    h: &Handler,
    file: &handlers::SettingsFile,
    roots: &Roots,
    out: &mut Vec<SelfTestReport>,
    checks: &mut Vec<Check>,
) {
    // Cursor runs project hooks from `.cursor`, the others from the project (Copilot from its
    // `cwd`)
    let cwd = match (agent, file.location.scope) {
        (Agent::Cursor, Scope::Project) => file.location.path.parent().unwrap_or(&roots.project).to_path_buf(),
        (Agent::Copilot, _) => roots.project.join(h.cwd.as_deref().unwrap_or(".")),
        _ => roots.project.clone(),
    };
    let cwd = if cwd.is_dir() { cwd } else { roots.project.clone() };
    let word = |o: &Outcome| match o {
        Outcome::Blocked => "blocked",
        Outcome::Asked => "asked",
        Outcome::Allowed => "allowed",
    };
    let bad = selftest::run(agent, h, selftest::DESTRUCTIVE, &cwd, &roots.project);
    let good = selftest::run(agent, h, selftest::BENIGN, &cwd, &roots.project);
    let at = format!("{} ({})", file.shown, h.event);
    if bad.outcome == Outcome::Allowed {
        checks.push(Check::error(
            format!(
                "{at}: self-test: `{}` was let through ({}): this hook cannot block",
                selftest::DESTRUCTIVE,
                bad.detail
            ),
            Some(format!(
                "Make the command `preflight hook {}` with preflight on the agent's PATH, and check the errors above",
                agent.arg()
            )),
        ));
    } else if bad.detail.starts_with("exit 2")
        || bad.detail.starts_with("deny")
        || bad.detail.starts_with("ask")
        || bad.detail.starts_with("block")
    {
        if good.outcome == Outcome::Allowed {
            checks.push(Check::ok(format!(
                "{at}: self-test: `{}` {} ({}, {} ms); `{}` allowed ({} ms)",
                selftest::DESTRUCTIVE,
                word(&bad.outcome),
                bad.detail,
                bad.millis,
                selftest::BENIGN,
                good.millis
            )));
        }
    } else {
        // blocked only because the hook failed (Cursor's failClosed)
        checks.push(Check::error(
            format!(
                "{at}: self-test: `{}` was blocked only because the hook failed ({}): it blocks every command",
                selftest::DESTRUCTIVE,
                bad.detail
            ),
            Some("Fix the command so that it runs".into()),
        ));
    }
    if good.outcome != Outcome::Allowed {
        checks.push(Check::error(
            format!(
                "{at}: self-test: the benign `{}` was {} ({}): this hook gets in the way of every call",
                selftest::BENIGN,
                word(&good.outcome),
                good.detail
            ),
            Some("Check the errors above; `preflight hook` allows calls it has no objection to".into()),
        ));
    }
    for (call, run, expected) in [
        (selftest::DESTRUCTIVE, &bad, "blocked"),
        (selftest::BENIGN, &good, "allowed"),
    ] {
        out.push(SelfTestReport {
            command: h.command.clone(),
            call,
            outcome: word(&run.outcome),
            expected,
            detail: run.detail.clone(),
            millis: run.millis,
        });
    }
}

/// The project's configuration as `check` loads it: keys, rule names, rule packs.
fn configuration(dir: &Path) -> Vec<Check> {
    let Some(file) = crate::config::discover(dir) else {
        return vec![Check::info(
            "no preflight.toml: the built-in rules at their default severities".into(),
            Some("`preflight init` writes a starting one".into()),
        )];
    };
    let session = Session::new(SessionOptions {
        config: ConfigMode::File(file.clone()),
        policy: ConfigPolicy::Full,
        mode: Mode::Check,
        ..SessionOptions::default()
    });
    let loaded = session
        .config_for(dir)
        .and_then(|c| session.engine_for(c.as_deref()).map(|e| (c, e)));
    match loaded {
        Ok((_, engine)) => vec![Check::ok(format!(
            "{} loads ({} rules)",
            file.display(),
            engine.rules.len()
        ))],
        Err(e) => vec![Check::error(
            format!(
                "{}: every hook denies every call and `check` stops while it does not load:\n{}",
                file.display(),
                render_diagnostic(&e)
            ),
            Some(format!("Fix {}", file.display())),
        )],
    }
}

/// Whether the decision log can be written, and what it holds. A log that cannot be written is
/// a warning: the hook answers all the same, it only keeps no record.
fn log_checks(path: Option<&Path>) -> Vec<Check> {
    use crate::decision_log::{LogMode, check_writable, read};
    let Some(path) = path else {
        return vec![Check::warning(
            "the decision log has no place: neither PREFLIGHT_LOG_FILE, XDG_STATE_HOME nor HOME is set".into(),
            Some("Set HOME, or PREFLIGHT_LOG_FILE=PATH".into()),
        )];
    };
    let shown = path.display();
    let mut out = Vec::new();
    if LogMode::resolve(None) == LogMode::Off {
        out.push(Check::info(
            "PREFLIGHT_LOG=off here: hooks started with this environment record nothing".into(),
            None,
        ));
    }
    if let Err(e) = check_writable(path) {
        out.push(Check::warning(
            format!("{shown}: the hooks cannot record their decisions: {e}"),
            Some(
                "Make the file and its directory writable, or set PREFLIGHT_LOG_FILE=PATH in the agent's environment"
                    .into(),
            ),
        ));
        return out;
    }
    match read(path) {
        Ok(r) if r.files.is_empty() => out.push(Check::ok(format!("{shown}: writable; no decision recorded yet"))),
        Ok(r) => {
            let n = r.records.len();
            out.push(Check::ok(format!(
                "{shown}: writable; {n} decision{} recorded (`preflight log` sums them up)",
                if n == 1 { "" } else { "s" }
            )));
            if r.skipped > 0 {
                out.push(Check::info(
                    format!(
                        "{shown}: {} not a decision (corrupt or cut short) and skipped",
                        if r.skipped == 1 {
                            "1 line is".to_owned()
                        } else {
                            format!("{} lines are", r.skipped)
                        }
                    ),
                    None,
                ));
            }
        }
        Err(e) => out.push(Check::warning(e.to_string(), None)),
    }
    out
}

/// A miette diagnostic as plain text (with the source line and its span).
pub fn render_diagnostic(e: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor()).with_width(100);
    if handler.render_report(&mut out, e).is_err() {
        out = e.to_string();
    }
    out.trim_end().to_owned()
}

/// Runs the doctor.
pub fn run(opts: &DoctorOptions) -> Report {
    let roots = Roots {
        project: locations::project_root(&opts.dir),
        home: opts.home.clone(),
        codex_home: opts.codex_home.clone(),
        system: opts.system_root.clone(),
    };
    let agents: Vec<Agent> = if opts.agents.is_empty() {
        Agent::ALL.to_vec()
    } else {
        opts.agents.clone()
    };
    let agents: Vec<AgentReport> = agents.into_iter().map(|a| examine(a, &roots, opts)).collect();
    let configuration = configuration(&opts.dir);
    let log = log_checks(opts.log_path.as_deref());
    let all = agents.iter().flat_map(|a| &a.checks).chain(&configuration).chain(&log);
    let errors = all.clone().filter(|c| c.level == Level::Error).count();
    let warnings = all.filter(|c| c.level == Level::Warning).count();
    let installed = agents.iter().any(|a| a.installed);
    Report {
        version: env!("CARGO_PKG_VERSION"),
        project: roots.project.display().to_string(),
        ok: errors == 0 && installed,
        agents,
        configuration,
        log,
        errors,
        warnings,
    }
}

fn mark(level: Level) -> &'static str {
    match level {
        Level::Ok => "ok   ",
        Level::Info => "info ",
        Level::Warning => "warn ",
        Level::Error => "ERROR",
    }
}

fn push_checks(out: &mut String, checks: &[Check]) {
    for c in checks {
        let mut lines = c.message.lines();
        let _ = writeln!(out, "  {} {}", mark(c.level), lines.next().unwrap_or(""));
        for l in lines {
            let _ = writeln!(out, "        {l}");
        }
        if let Some(fix) = &c.fix {
            let _ = writeln!(out, "        fix: {fix}");
        }
    }
}

/// The report for people.
pub fn render_human(r: &Report) -> String {
    let mut out = format!("preflight {} doctor — project {}\n", r.version, r.project);
    for a in &r.agents {
        let _ = writeln!(out, "\n{}{}", a.name, if a.installed { "" } else { " (not guarded)" });
        for f in &a.files {
            let _ = writeln!(
                out,
                "  read  {} ({}{})",
                f.path,
                f.scope.name(),
                if f.state == "unreadable" { ", unreadable" } else { "" }
            );
        }
        push_checks(&mut out, &a.checks);
    }
    out.push_str("\nConfiguration\n");
    push_checks(&mut out, &r.configuration);
    out.push_str("\nDecision log\n");
    push_checks(&mut out, &r.log);
    let guarded: Vec<&str> = r.agents.iter().filter(|a| a.installed).map(|a| a.name).collect();
    let _ = writeln!(
        out,
        "\n{}; {} error{}, {} warning{}.",
        if guarded.is_empty() {
            "No agent runs preflight as its hook (`preflight init --agent NAME`)".to_owned()
        } else {
            format!("Guarded: {}", guarded.join(", "))
        },
        r.errors,
        if r.errors == 1 { "" } else { "s" },
        r.warnings,
        if r.warnings == 1 { "" } else { "s" },
    );
    out
}
