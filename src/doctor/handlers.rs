//! The hook handlers of an agent's settings files, and what is wrong with those that run
//! preflight: the event, the matcher, the agent named on the command line, the timeout, Cursor's
//! `failClosed`, a program that is not there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::locations::{Format, Location, Scope};
use super::{Check, Level};
use crate::hook::{Agent, DEFAULT_TIMEOUT_MS};

/// What reading a settings file came to.
#[derive(Clone, Debug)]
pub enum FileState {
    Missing,
    Unreadable(String),
    Read(Value),
}

/// A settings file and its state.
#[derive(Clone, Debug)]
pub struct SettingsFile {
    pub location: Location,
    pub shown: String,
    pub state: FileState,
}

/// Reads a settings file as its agent would: JSON with comments, trailing commas and a BOM, or
/// TOML. A file that cannot be read or parsed is reported, not skipped.
pub fn read(location: &Location, shown: String) -> SettingsFile {
    let state = match std::fs::read(&location.path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileState::Missing,
        Err(e) => FileState::Unreadable(format!("cannot read it: {e}")),
        Ok(bytes) => match String::from_utf8(bytes) {
            Err(_) => FileState::Unreadable("it is not UTF-8 text".into()),
            Ok(text) => match location.format {
                Format::Json => match crate::init::read_settings_json(&text, &shown) {
                    Ok(v) => FileState::Read(v),
                    Err(e) => FileState::Unreadable(e),
                },
                Format::Toml => match toml::from_str::<toml::Table>(&text) {
                    Ok(t) => FileState::Read(serde_json::to_value(t).unwrap_or(Value::Null)),
                    Err(e) => FileState::Unreadable(format!("it does not parse as TOML: {}", e.to_string().trim_end())),
                },
            },
        },
    };
    SettingsFile {
        location: location.clone(),
        shown,
        state,
    }
}

/// One hook command in a settings file.
#[derive(Clone, Debug)]
pub struct Handler {
    /// Index into the agent's files.
    pub file: usize,
    pub event: String,
    pub matcher: Option<String>,
    pub command: String,
    /// The agent's own timeout for the hook, in milliseconds (written or its default).
    pub timeout_ms: Option<u64>,
    pub timeout_written: bool,
    pub fail_closed: Option<bool>,
    /// Claude Code's `if` (a permission rule that narrows the calls the hook sees).
    pub condition: Option<String>,
    /// The handler's `type`, when written.
    pub kind: Option<String>,
    /// Copilot's `cwd`.
    pub cwd: Option<String>,
}

/// The agent's timeout when a handler sets none, in milliseconds, where its documentation says.
fn default_timeout(agent: Agent) -> Option<u64> {
    match agent {
        Agent::ClaudeCode | Agent::Gemini => Some(60_000),
        Agent::Codex => Some(600_000),
        Agent::Copilot => Some(30_000),
        Agent::Cursor => None,
    }
}

fn num(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64)
}

fn string(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

/// The handlers of one file, and what is wrong with its shape.
pub fn handlers(agent: Agent, file: usize, f: &SettingsFile, checks: &mut Vec<Check>) -> Vec<Handler> {
    let FileState::Read(value) = &f.state else {
        return Vec::new();
    };
    let Some(hooks) = value.get("hooks") else {
        return Vec::new();
    };
    let Value::Object(events) = hooks else {
        checks.push(Check::error(
            format!(
                "{}: `hooks` is not an object, so {} reads no hook from it",
                f.shown,
                agent.name()
            ),
            None,
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (event, list) in events {
        let Value::Array(list) = list else {
            if crate::init::runs_preflight(list) {
                checks.push(Check::error(
                    format!(
                        "{}: `hooks.{event}` is not a list, so its preflight hook never runs",
                        f.shown
                    ),
                    Some("Make it a list of entries, as `preflight init` writes it".into()),
                ));
            }
            continue;
        };
        for entry in list {
            let Value::Object(o) = entry else { continue };
            // Claude Code, Codex and Gemini nest handlers under a matcher group
            if let Some(Value::Array(inner)) = o.get("hooks") {
                let matcher = string(o.get("matcher"));
                for h in inner {
                    let Value::Object(h) = h else { continue };
                    if let Some(command) = string(h.get("command")) {
                        let timeout = num(h.get("timeout")).map(|t| match agent {
                            // Gemini's timeouts are milliseconds, the others' seconds
                            Agent::Gemini => t as u64,
                            _ => (t * 1000.0) as u64,
                        });
                        out.push(Handler {
                            file,
                            event: event.clone(),
                            matcher: matcher.clone(),
                            command,
                            timeout_written: timeout.is_some(),
                            timeout_ms: timeout.or(default_timeout(agent)),
                            fail_closed: None,
                            condition: string(h.get("if")),
                            kind: string(h.get("type")),
                            cwd: None,
                        });
                    }
                }
                continue;
            }
            let command = match agent {
                // Copilot runs `bash` on Linux and macOS, `powershell` on Windows
                Agent::Copilot if cfg!(windows) => string(o.get("powershell")),
                Agent::Copilot => string(o.get("bash")),
                _ => string(o.get("command")),
            };
            let Some(command) = command else {
                if agent == Agent::Copilot && crate::init::runs_preflight(entry) {
                    let key = if cfg!(windows) { "powershell" } else { "bash" };
                    checks.push(Check::error(
                        format!(
                            "{}: the {event} entry running preflight has no `{key}` command, which is what Copilot CLI runs on this system",
                            f.shown
                        ),
                        Some(format!("Add `\"{key}\": \"preflight hook copilot\"`")),
                    ));
                }
                continue;
            };
            let timeout = match agent {
                Agent::Copilot => num(o.get("timeoutSec")),
                _ => num(o.get("timeout")),
            }
            .map(|t| (t * 1000.0) as u64);
            out.push(Handler {
                file,
                event: event.clone(),
                matcher: string(o.get("matcher")),
                command,
                timeout_written: timeout.is_some(),
                timeout_ms: timeout.or(default_timeout(agent)),
                fail_closed: o.get("failClosed").and_then(Value::as_bool),
                condition: None,
                kind: string(o.get("type")),
                cwd: string(o.get("cwd")),
            });
        }
    }
    out
}

/// Whether a matcher lets a tool's calls through to the hook, as the agents match: none, empty
/// or `*` is every tool, a plain name or `A|B` is those names, anything else a regular expression.
pub fn matches(matcher: Option<&str>, tool: &str) -> Result<bool, String> {
    let m = matcher.map(str::trim).unwrap_or("");
    if m.is_empty() || m == "*" {
        return Ok(true);
    }
    if m.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '|' || c == '-')
    {
        return Ok(m.split('|').any(|n| n == tool));
    }
    regex::Regex::new(m)
        .map(|r| r.is_match(tool))
        .map_err(|e| format!("`{m}` is not a valid pattern: {e}"))
}

/// The words of a hook command and where `preflight hook` is in them.
pub struct Invocation {
    pub words: Vec<String>,
    /// Index of the `preflight` word.
    pub at: usize,
}

impl Invocation {
    pub fn parse(command: &str) -> Option<Invocation> {
        let words = shlex::split(command).unwrap_or_else(|| command.split_whitespace().map(str::to_owned).collect());
        let at = words.windows(2).position(|w| {
            let name = w[0].rsplit(['/', '\\']).next().unwrap_or(&w[0]);
            matches!(name, "preflight" | "preflight.exe") && w[1] == "hook"
        })?;
        Some(Invocation { words, at })
    }

    pub fn program(&self) -> &str {
        &self.words[self.at]
    }

    /// The agent named after `hook`.
    pub fn agent_arg(&self) -> Option<&str> {
        self.words
            .get(self.at + 2)
            .map(String::as_str)
            .filter(|w| !w.starts_with('-'))
    }

    /// The value of an option after `hook` (`--timeout-ms 500` or `--timeout-ms=500`).
    pub fn option(&self, name: &str) -> Option<&str> {
        let rest = &self.words[self.at + 2..];
        rest.iter().enumerate().find_map(|(i, w)| {
            if w == name {
                rest.get(i + 1).map(String::as_str)
            } else {
                w.strip_prefix(name).and_then(|v| v.strip_prefix('='))
            }
        })
    }
}

/// The agent a `preflight hook` argument names.
pub fn agent_of(arg: &str) -> Option<Agent> {
    Agent::ALL
        .into_iter()
        .find(|a| a.arg() == arg || (arg == "claude" && *a == Agent::ClaudeCode))
}

/// How a hook's program word is found: `$CLAUDE_PROJECT_DIR` and `~` expanded, a path relative
/// to where the agent runs the hook, or a name looked up on the `PATH`.
pub fn resolve_program(word: &str, project: &Path, file_dir: &Path, home: Option<&Path>) -> Option<PathBuf> {
    let mut w = word.to_owned();
    for var in [
        "${CLAUDE_PROJECT_DIR}",
        "$CLAUDE_PROJECT_DIR",
        "${GEMINI_PROJECT_DIR}",
        "$GEMINI_PROJECT_DIR",
    ] {
        w = w.replace(var, &project.display().to_string());
    }
    if let Some(h) = home {
        if let Some(rest) = w.strip_prefix("~/") {
            w = h.join(rest).display().to_string();
        }
        for var in ["${HOME}", "$HOME"] {
            w = w.replace(var, &h.display().to_string());
        }
    }
    let candidates = |p: PathBuf| {
        let mut v = vec![p.clone()];
        if cfg!(windows) && p.extension().is_none() {
            v.push(p.with_extension("exe"));
        }
        v
    };
    if w.contains('/') || w.contains('\\') {
        let p = PathBuf::from(&w);
        let tries = if p.is_absolute() {
            vec![p]
        } else {
            vec![project.join(&p), file_dir.join(&p)]
        };
        return tries.into_iter().flat_map(candidates).find(|p| is_executable(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| candidates(d.join(&w)))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// Runs a program with arguments, standard input closed, for at most `limit`; its exit code,
/// standard output and error (`None` on a timeout).
pub fn run_bounded(
    mut cmd: Command,
    stdin: Option<&[u8]>,
    limit: Duration,
) -> Result<Option<(Option<i32>, String, String)>, String> {
    use std::io::{Read, Write};
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let reader_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let reader_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(None);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let out = String::from_utf8_lossy(&reader_out.join().unwrap_or_default()).into_owned();
    let err = String::from_utf8_lossy(&reader_err.join().unwrap_or_default()).into_owned();
    Ok(Some((status.code(), out, err)))
}

/// `preflight --version` of a binary, or why it did not run.
pub fn version_of(bin: &Path) -> Result<String, String> {
    let mut cmd = Command::new(bin);
    cmd.arg("--version");
    match run_bounded(cmd, None, Duration::from_secs(10))? {
        None => Err("`--version` did not answer within 10 s".into()),
        Some((Some(0), out, _)) => out
            .split_whitespace()
            .nth(1)
            .map(str::to_owned)
            .ok_or_else(|| format!("`--version` printed `{}`", out.trim())),
        Some((code, _, err)) => Err(format!(
            "`--version` failed (exit {}): {}",
            code.map_or("by a signal".into(), |c| c.to_string()),
            err.trim()
        )),
    }
}

/// The checks of one preflight handler. `versions` caches `--version` per binary.
pub fn check_handler(
    agent: Agent,
    h: &Handler,
    file: &SettingsFile,
    project: &Path,
    home: Option<&Path>,
    versions: &mut BTreeMap<PathBuf, Result<String, String>>,
) -> (Vec<Check>, Option<PathBuf>) {
    let mut checks = Vec::new();
    let at = format!("{} ({})", file.shown, h.event);
    let Some(inv) = Invocation::parse(&h.command) else {
        return (checks, None);
    };
    if !agent.events().contains(&h.event.as_str()) {
        checks.push(Check::error(
            format!(
                "{at}: preflight runs on `{}`, an event it does not answer for {} (it answers {}), so it denies every call there or sees none before it runs",
                h.event,
                agent.name(),
                agent.events().join(" and ")
            ),
            Some(format!("Move it to {}: `preflight init --agent {}` writes it", agent.events().join(" and "), agent.arg())),
        ));
    }
    match inv.agent_arg().map(|a| (a, agent_of(a))) {
        None => checks.push(Check::error(
            format!("{at}: `{}` names no agent, so it fails on every call", h.command),
            Some(format!("Run `preflight hook {}`", agent.arg())),
        )),
        Some((a, None)) => checks.push(Check::error(
            format!("{at}: `{a}` is not an agent preflight knows, so the hook fails on every call"),
            Some(format!("Run `preflight hook {}`", agent.arg())),
        )),
        Some((_, Some(other))) if other != agent => checks.push(Check::error(
            format!(
                "{at}: the hook answers in {}'s protocol, which {} does not read: its denials do not block",
                other.name(),
                agent.name()
            ),
            Some(format!("Run `preflight hook {}`", agent.arg())),
        )),
        Some(_) => {}
    }
    if let Some(kind) = &h.kind
        && kind != "command"
    {
        checks.push(Check::error(
            format!("{at}: the handler's type is `{kind}`, not `command`, so the command never runs"),
            Some("Set `\"type\": \"command\"`".into()),
        ));
    }
    if let Some(c) = &h.condition {
        checks.push(Check::warning(
            format!("{at}: `\"if\": \"{c}\"` sends only the calls it matches to preflight"),
            Some("Remove `if` so that every shell command is checked".into()),
        ));
    }
    if agent == Agent::Cursor && h.fail_closed != Some(true) {
        checks.push(Check::error(
            format!("{at}: without `\"failClosed\": true`, Cursor runs the command when the hook crashes, times out or cannot start"),
            Some("Add `\"failClosed\": true` to the entry".into()),
        ));
    }
    // preflight answers within its own bound; the agent must wait longer than that
    let bound = inv
        .option("--timeout-ms")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(DEFAULT_TIMEOUT_MS);
    let room = bound + 1000;
    if let Some(t) = h.timeout_ms
        && t < room
    {
        let unit = if agent == Agent::Gemini {
            format!("{room}")
        } else {
            format!("{}", room.div_ceil(1000))
        };
        checks.push(Check::error(
            format!(
                "{at}: {} stops waiting after {t} ms, before preflight's own {bound} ms bound and its start: a slow check is {}",
                agent.name(),
                if agent == Agent::Cursor && h.fail_closed == Some(true) { "blocked for no reason" } else { "let through" }
            ),
            Some(format!("Raise the hook's timeout to at least {unit}{}", if agent == Agent::Gemini { " (milliseconds)" } else { " seconds" })),
        ));
    }
    if let Some(config) = inv.option("--config") {
        let p = if Path::new(config).is_absolute() {
            PathBuf::from(config)
        } else {
            project.join(config)
        };
        if let Err(e) = crate::config::Config::load(&p) {
            checks.push(Check::error(
                format!(
                    "{at}: the configuration it names does not load, so the hook denies every call: {}",
                    e.message
                ),
                Some(format!("Fix {}", p.display())),
            ));
        }
    }
    let file_dir = file.location.path.parent().unwrap_or(project);
    let bin = resolve_program(inv.program(), project, file_dir, home);
    match &bin {
        None => checks.push(Check::error(
            format!(
                "{at}: `{}` is not found{}: the agent cannot start the hook{}",
                inv.program(),
                if inv.program().contains(['/', '\\']) {
                    ""
                } else {
                    " on the PATH"
                },
                if agent == Agent::Cursor && h.fail_closed == Some(true) {
                    " and blocks every command"
                } else {
                    ", and most agents then let the call run"
                }
            ),
            Some(
                "Install preflight (`cargo install --locked preflight`) or write its full path in the hook command"
                    .into(),
            ),
        )),
        Some(bin) => {
            let v = versions.entry(bin.clone()).or_insert_with(|| version_of(bin));
            match v {
                Err(e) => checks.push(Check::error(
                    format!("{at}: {} does not run: {e}", bin.display()),
                    Some("Reinstall preflight".into()),
                )),
                Ok(v) if v != env!("CARGO_PKG_VERSION") => checks.push(Check::warning(
                    format!(
                        "{at}: {} is preflight {v}, this is {}: the hook's rules may differ from `preflight check`'s",
                        bin.display(),
                        env!("CARGO_PKG_VERSION")
                    ),
                    Some("Install the same version in both places".into()),
                )),
                Ok(_) => {}
            }
        }
    }
    if checks.iter().all(|c| c.level < Level::Error) {
        let timeout = match h.timeout_ms {
            Some(t) if h.timeout_written => format!(", timeout {t} ms"),
            Some(t) => format!(", timeout {t} ms (the default)"),
            None => String::new(),
        };
        let matcher = h
            .matcher
            .as_deref()
            .map(|m| format!(", matcher `{m}`"))
            .unwrap_or_default();
        let scope = match file.location.scope {
            Scope::System => " (managed)",
            _ => "",
        };
        checks.insert(
            0,
            Check::ok(format!("{at}{scope}: runs `{}`{matcher}{timeout}", h.command)),
        );
    }
    (checks, bin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_as_the_agents_read_them() {
        assert_eq!(matches(None, "Bash"), Ok(true));
        assert_eq!(matches(Some("*"), "mcp__a__b"), Ok(true));
        assert_eq!(matches(Some("Bash"), "Bash"), Ok(true));
        assert_eq!(matches(Some("Bash"), "BashOutput"), Ok(false));
        assert_eq!(matches(Some("Edit|Write"), "Bash"), Ok(false));
        assert_eq!(matches(Some("Bash|mcp__.*"), "mcp__github__delete_repo"), Ok(true));
        assert_eq!(matches(Some("mcp__.*"), "Bash"), Ok(false));
        assert!(matches(Some("Bash("), "Bash").is_err());
    }

    #[test]
    fn invocations_are_read_by_their_words() {
        let i = Invocation::parse("\"$CLAUDE_PROJECT_DIR\"/bin/preflight hook claude-code --timeout-ms=900").unwrap();
        assert_eq!(i.program(), "$CLAUDE_PROJECT_DIR/bin/preflight");
        assert_eq!(i.agent_arg(), Some("claude-code"));
        assert_eq!(i.option("--timeout-ms"), Some("900"));
        let i = Invocation::parse("env X=1 preflight hook --strict").unwrap();
        assert_eq!(i.agent_arg(), None);
        assert!(Invocation::parse("echo preflight hook").is_some());
        assert!(Invocation::parse("my-guard").is_none());
    }
}
