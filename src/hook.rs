//! The hook stage: answers a coding agent's pre-execution hook (Claude Code, Cursor, Codex, Gemini
//! CLI, Copilot CLI) — reads its tool call, checks it, and allows, asks or denies in its protocol.

use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::engine::{Input, Options};
use crate::finding::{Category, Finding, Severity};
use crate::lang::Lang;
use crate::resolve::ResolveOptions;
use crate::session::{ConfigMode, ConfigPolicy, Mode, Session, SessionError, SessionOptions};

/// Default bound on the whole check, in milliseconds: well under every agent's own hook timeout
/// (an agent that times a hook out lets the call run).
pub const DEFAULT_TIMEOUT_MS: u64 = 2000;
/// Hook input larger than this is refused.
pub const MAX_INPUT: usize = 10 * 1024 * 1024;
/// Exit status that blocks the call in all five agents, used when the hook itself fails.
pub const EXIT_BLOCK: i32 = 2;
/// At most this many findings are spelled out in a reason.
const MAX_LISTED: usize = 5;

/// The agents whose hook protocol preflight speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agent {
    ClaudeCode,
    Cursor,
    Codex,
    Gemini,
    Copilot,
}

impl Agent {
    /// Every agent, in the order the docs list them.
    pub const ALL: [Agent; 5] = [
        Agent::ClaudeCode,
        Agent::Cursor,
        Agent::Codex,
        Agent::Gemini,
        Agent::Copilot,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Agent::ClaudeCode => "Claude Code",
            Agent::Cursor => "Cursor",
            Agent::Codex => "Codex",
            Agent::Gemini => "Gemini CLI",
            Agent::Copilot => "Copilot CLI",
        }
    }

    /// The name on the command line: `preflight hook <arg>`.
    pub fn arg(self) -> &'static str {
        match self {
            Agent::ClaudeCode => "claude-code",
            Agent::Cursor => "cursor",
            Agent::Codex => "codex",
            Agent::Gemini => "gemini",
            Agent::Copilot => "copilot",
        }
    }

    /// The hook events preflight answers for the agent.
    pub fn events(self) -> &'static [&'static str] {
        match self {
            Agent::ClaudeCode | Agent::Codex => &["PreToolUse"],
            Agent::Cursor => &["beforeShellExecution", "beforeMCPExecution"],
            Agent::Gemini => &["BeforeTool"],
            Agent::Copilot => &["preToolUse"],
        }
    }

    /// Whether the agent shows a person a prompt when a hook answers "ask".
    pub fn honours_ask(self) -> bool {
        matches!(self, Agent::ClaudeCode | Agent::Cursor | Agent::Copilot)
    }
}

#[derive(Clone, Debug)]
pub struct HookOptions {
    /// Deny (rather than ask about) what cannot be analysed.
    pub strict: bool,
    /// Bound on reading, parsing and checking the call.
    pub timeout: Duration,
    /// A configuration named on the hook's command line (applied in full), instead of the
    /// project's (applied only where it makes checks stricter).
    pub config: Option<PathBuf>,
    /// Local context (on by default) and read-only lookups (`--verify`).
    pub resolve: ResolveOptions,
}

impl Default for HookOptions {
    fn default() -> Self {
        HookOptions {
            strict: false,
            timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
            config: None,
            resolve: hook_resolve_options(),
        }
    }
}

/// What preflight makes of a call. Ordered: `Allow < Ask < Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// No objection: the agent's own permission rules decide.
    Allow,
    /// A person should confirm it.
    Ask,
    Deny,
}

impl Decision {
    /// `allow`, `ask` or `deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Ask => "ask",
            Decision::Deny => "deny",
        }
    }
}

/// A decision and the findings behind it.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub decision: Decision,
    /// The findings that led to the decision, most serious first.
    pub findings: Vec<Finding>,
    /// `command` or `tool call`, for the reason.
    pub what: &'static str,
    /// Decided under `--strict`.
    pub strict: bool,
}

/// Why the hook could not decide (each is a deny).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The hook input is not what the agent sends.
    Input(String),
    /// A bug in preflight.
    Internal(String),
    /// The configuration (or a rule pack it names) does not load.
    Config(String),
    /// The check took longer than the bound (in milliseconds).
    Timeout(u128),
}

impl Failure {
    /// `input`, `internal`, `config` or `timeout`.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Input(_) => "input",
            Failure::Internal(_) => "internal",
            Failure::Config(_) => "config",
            Failure::Timeout(_) => "timeout",
        }
    }
}

/// What the hook process writes and its exit status, and (for the decision log) what that
/// answer decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    /// What the agent was answered: an ask that the agent cannot show a person is a deny.
    pub decision: Decision,
    /// The rules of the findings behind the decision, most serious first, each once.
    pub rules: Vec<String>,
    /// Why the hook failed closed ([`Failure::kind`]), when it did.
    pub failure: Option<&'static str>,
}

/// The session a call made in `cwd` (the agent's working directory) is checked in, and the
/// project directory (where files a command names, `-d @body.json`, are read from).
///
/// The agent can write any file in its project, so the project's `preflight.toml` (the nearest
/// above `cwd`) counts only where it makes checks stricter ([`ConfigPolicy::StricterOnly`]):
/// its environment facts, its rule packs and severities it raises — never its `ignore`,
/// `select` or lowered severities. A configuration named on the hook's command line
/// (`--config`), which the user wrote into the agent's settings, is applied in full. A
/// configuration that does not load is a failure (and so a deny), not a reason to check less.
/// Inline suppressions are never applied: a comment in the call cannot silence a finding.
/// The hook's resolution by default: local context on, lookups off, a deadline well under a
/// second.
pub fn hook_resolve_options() -> ResolveOptions {
    ResolveOptions {
        context_default: true,
        default_timeout: crate::resolve::HOOK_TIMEOUT,
        ..ResolveOptions::default()
    }
}

pub fn session(cwd: &Path, explicit: Option<&Path>, resolve: ResolveOptions) -> (Session, PathBuf) {
    let dir = if cwd.is_absolute() && cwd.is_dir() {
        cwd.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
    };
    let (config, policy) = match explicit {
        Some(f) => (ConfigMode::File(f.to_path_buf()), ConfigPolicy::Full),
        None => (ConfigMode::Discover, ConfigPolicy::StricterOnly),
    };
    let session = Session::new(SessionOptions {
        // the command runs here: `bash /tmp/x.sh` runs that very file
        engine: Options {
            local_files: true,
            ..Options::default()
        },
        config,
        rule_packs: Vec::new(),
        no_ignores: true,
        policy,
        mode: Mode::Hook,
        resolve,
    });
    (session, dir)
}

/// Reads the hook input from `input`, checks it and answers for `agent`, all within
/// `opts.timeout`. It fails closed: input it cannot read, a panic or the bound exceeded is a deny
/// in the agent's protocol with exit status 2, which blocks in all five agents. When the bound is
/// exceeded the check is left running on its thread (the process exits after answering).
///
/// Nothing in the hook input can switch a check off: inline suppressions are not applied, no
/// environment variable is read (but a test-only one in debug builds), and `cwd` only says where
/// the project is (see [`session`]).
pub fn run<R: Read + Send + 'static>(agent: Agent, opts: HookOptions, input: R) -> Answer {
    let (tx, rx) = mpsc::channel();
    let strict = opts.strict;
    let config = opts.config.clone();
    let resolve = opts.resolve.clone();
    let spawned = std::thread::Builder::new()
        .name("preflight-hook".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| {
                evaluate(agent, strict, config.as_deref(), resolve, input)
            }))
            .unwrap_or_else(|p| Err(Failure::Internal(panic_message(p.as_ref()))));
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return fail_closed(agent, &Failure::Internal(format!("cannot start the check: {e}")));
    }
    match rx.recv_timeout(opts.timeout) {
        Ok(Ok(verdict)) => answer(agent, &verdict),
        Ok(Err(failure)) => fail_closed(agent, &failure),
        Err(mpsc::RecvTimeoutError::Timeout) => fail_closed(agent, &Failure::Timeout(opts.timeout.as_millis())),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            fail_closed(agent, &Failure::Internal("the check stopped without an answer".into()))
        }
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let msg = p
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    format!("internal error: {msg}")
}

/// Checks one hook input (the bytes the agent writes on standard input) without the fail-closed
/// boundary of [`run`]: no thread, no time bound, and a panic propagates. For fuzzing and tests;
/// [`answer`] and [`fail_closed`] turn the result into what the hook writes.
pub fn evaluate_input(agent: Agent, strict: bool, input: &[u8]) -> Result<Verdict, Failure> {
    evaluate(agent, strict, None, ResolveOptions::default(), input)
}

/// Reads, parses and checks one hook input.
fn evaluate<R: Read>(
    agent: Agent,
    strict: bool,
    config_file: Option<&Path>,
    resolve: ResolveOptions,
    input: R,
) -> Result<Verdict, Failure> {
    let mut bytes = Vec::new();
    input
        .take(MAX_INPUT as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Input(format!("cannot read the hook input: {e}")))?;
    if bytes.len() > MAX_INPUT {
        return Err(Failure::Input(format!(
            "the hook input is larger than {MAX_INPUT} bytes"
        )));
    }
    fault_injection();
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|e| Failure::Input(format!("the hook input is not JSON ({e})")))?;
    let Value::Object(obj) = value else {
        return Err(Failure::Input("the hook input is not a JSON object".into()));
    };
    let call = parse_call(agent, &obj)?;
    let Some(doc) = call.doc else {
        return Ok(decide(Vec::new(), strict, call.what));
    };
    if crate::extract::json::extract(&doc, false).snippets.is_empty() {
        // no command in it (a file tool the extractor knows): nothing to load the rules for
        return Ok(decide(Vec::new(), strict, call.what));
    }
    let (session, dir) = session(call.cwd.as_deref().unwrap_or(Path::new("")), config_file, resolve);
    let input = Input::new("", doc.as_bytes(), Lang::Json).in_dir(Some(&dir));
    let report = session.check_text(&dir, input).map_err(|e| match e {
        SessionError::Pack(e) => Failure::Config(format!("the configuration's rule packs do not load: {e}")),
        other => Failure::Config(format!("the configuration does not load: {other}")),
    })?;
    Ok(decide(report.findings, strict, call.what))
}

/// Test-only faults, honoured in debug builds: `PREFLIGHT_HOOK_FAULT=panic|hang`. Either can
/// only turn an answer into a deny.
#[cfg(debug_assertions)]
fn fault_injection() {
    match std::env::var("PREFLIGHT_HOOK_FAULT").as_deref() {
        Ok("panic") => panic!("injected fault"),
        Ok("hang") => std::thread::sleep(Duration::from_secs(3600)),
        _ => {}
    }
}

#[cfg(not(debug_assertions))]
fn fault_injection() {}

/// The decision on a call's findings:
///
/// | finding | decision | `--strict` |
/// |---|---|---|
/// | destructive or environment, error | deny | deny |
/// | destructive or environment, warning | ask | ask |
/// | dynamic or syntax, warning or error | ask | deny |
/// | dynamic or syntax, info | allow | deny |
/// | anything else, or nothing | allow | allow |
pub fn decide(findings: Vec<Finding>, strict: bool, what: &'static str) -> Verdict {
    let mut kept: Vec<(Decision, Finding)> = findings
        .into_iter()
        .filter_map(|f| classify(&f, strict).map(|d| (d, f)))
        .collect();
    // most serious first; the engine's order (position, rule) within a decision
    kept.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
    let decision = kept.first().map_or(Decision::Allow, |(d, _)| *d);
    Verdict {
        decision,
        findings: kept.into_iter().map(|(_, f)| f).collect(),
        what,
        strict,
    }
}

fn classify(f: &Finding, strict: bool) -> Option<Decision> {
    match f.category {
        Category::Destructive | Category::Environment => match f.severity {
            Severity::Error => Some(Decision::Deny),
            Severity::Warning => Some(Decision::Ask),
            Severity::Info => None,
        },
        // what could not be analysed
        Category::Dynamic | Category::Syntax => {
            if strict {
                Some(Decision::Deny)
            } else if f.severity >= Severity::Warning {
                Some(Decision::Ask)
            } else {
                None
            }
        }
    }
}

/// A tool call read from a hook input.
struct Call {
    cwd: Option<PathBuf>,
    /// The call as a JSON document of the `tool_name`/`tool_input` shape the JSON extractor
    /// reads; `None` for tools whose inputs are not commands (file edits, reads, searches).
    doc: Option<String>,
    what: &'static str,
}

/// Shell tools, by agent: their `command` input is a command line.
pub(crate) const SHELL_TOOLS: &[&str] = &[
    "Bash",
    "PowerShell",
    "Shell",
    "run_shell_command",
    "bash",
    "shell",
    "powershell",
    "pwsh",
];

/// The agents' own reading and search tools: their inputs are paths or patterns. (The JSON
/// extractor knows Claude Code's and most others, and reads the file-writing tools for the
/// path they write.)
const FILE_TOOLS: &[&str] = &[
    // Copilot CLI (its `create`, `edit` and `str_replace` go to the extractor, which checks the
    // path they write)
    "view",
    "glob",
    "grep",
    "web_fetch",
    // Gemini CLI
    "read_many_files",
    "list_directory",
    "search_file_content",
    "google_web_search",
    "save_memory",
];

/// The working directory a hook input names: its `cwd`, or (Cursor) its first workspace root.
pub(crate) fn input_cwd(agent: Agent, o: &Map<String, Value>) -> Option<&str> {
    str_field(o, "cwd").or_else(|| {
        (agent == Agent::Cursor)
            .then(|| o.get("workspace_roots")?.as_array()?.first()?.as_str())
            .flatten()
    })
}

fn parse_call(agent: Agent, o: &Map<String, Value>) -> Result<Call, Failure> {
    let cwd = input_cwd(agent, o).map(PathBuf::from);
    match agent {
        Agent::ClaudeCode | Agent::Codex => {
            expect_event(agent, o)?;
            tool_call(cwd, required_str(o, "tool_name")?, o.get("tool_input"))
        }
        Agent::Gemini => {
            expect_event(agent, o)?;
            tool_call(cwd, required_str(o, "tool_name")?, o.get("tool_input"))
        }
        Agent::Copilot => {
            let args = match o.get("toolArgs") {
                // the CLI sends the arguments JSON-encoded in a string
                Some(Value::String(s)) => Some(
                    serde_json::from_str::<Value>(s)
                        .map_err(|e| Failure::Input(format!("`toolArgs` is a string but not JSON ({e})")))?,
                ),
                other => other.cloned(),
            };
            tool_call(cwd, required_str(o, "toolName")?, args.as_ref())
        }
        Agent::Cursor => {
            let event = str_field(o, "hook_event_name");
            match event {
                Some("beforeShellExecution") => shell_call(cwd, required_str(o, "command")?, None, "Shell"),
                Some("beforeMCPExecution") => {
                    let input = match o.get("tool_input") {
                        // a JSON string in some Cursor versions, an object in others
                        Some(Value::String(s)) => Some(
                            serde_json::from_str::<Value>(s)
                                .map_err(|e| Failure::Input(format!("`tool_input` is a string but not JSON ({e})")))?,
                        ),
                        other => other.cloned(),
                    };
                    tool_call(cwd, required_str(o, "tool_name")?, input.as_ref())
                }
                Some(other) => Err(unsupported_event(other)),
                None => Err(Failure::Input("`hook_event_name` is missing".into())),
            }
        }
    }
}

fn str_field<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

fn required_str<'a>(o: &'a Map<String, Value>, key: &str) -> Result<&'a str, Failure> {
    match o.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(Failure::Input(format!("`{key}` is not a string"))),
        None => Err(Failure::Input(format!("`{key}` is missing"))),
    }
}

/// An event name, when given, must be one preflight answers.
fn expect_event(agent: Agent, o: &Map<String, Value>) -> Result<(), Failure> {
    match o.get("hook_event_name") {
        None => Ok(()),
        Some(Value::String(e)) if agent.events().contains(&e.as_str()) => Ok(()),
        Some(Value::String(e)) => Err(unsupported_event(e)),
        Some(_) => Err(Failure::Input("`hook_event_name` is not a string".into())),
    }
}

fn unsupported_event(event: &str) -> Failure {
    Failure::Input(format!(
        "the hook was called for `{event}`, an event it does not answer"
    ))
}

/// A call of tool `name` with `input` (its arguments object).
fn tool_call(cwd: Option<PathBuf>, name: &str, input: Option<&Value>) -> Result<Call, Failure> {
    if SHELL_TOOLS.contains(&name) {
        let input = input.and_then(Value::as_object);
        let Some(command) = input.and_then(|i| i.get("command")) else {
            return Err(Failure::Input(format!("the `{name}` call has no `command`")));
        };
        if let Some(line) = command.as_str() {
            let description = input.and_then(|i| str_field(i, "description"));
            return shell_call(cwd, line, description, name);
        }
        // an argument vector (`["bash", "-lc", "…"]`): the extractor reads it
        let argv = command
            .as_array()
            .filter(|a| !a.is_empty() && a.iter().all(Value::is_string));
        let Some(argv) = argv else {
            return Err(Failure::Input(format!(
                "the `{name}` call's `command` is neither a string nor a list of strings"
            )));
        };
        let mut args = Map::new();
        args.insert("command".into(), Value::Array(argv.clone()));
        return Ok(Call {
            cwd,
            doc: Some(document("Bash", Value::Object(args))),
            what: "command",
        });
    }
    if FILE_TOOLS.contains(&name) {
        return Ok(Call {
            cwd,
            doc: None,
            what: "tool call",
        });
    }
    let input = match input {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return Err(Failure::Input(format!("the `{name}` call's input is not an object"))),
    };
    Ok(Call {
        cwd,
        doc: Some(document(name, input)),
        what: "tool call",
    })
}

/// A shell tool's command line. PowerShell tools keep their name (the extractor reads their
/// command as PowerShell); the others are `Bash`, whose command is read by its words (a Windows
/// agent's `Bash`, `run_shell_command` or shell may run PowerShell or cmd.exe).
fn shell_call(cwd: Option<PathBuf>, command: &str, description: Option<&str>, tool: &str) -> Result<Call, Failure> {
    let mut input = Map::new();
    input.insert("command".into(), Value::String(command.to_owned()));
    if let Some(d) = description {
        // what the agent says the command is for: context for the environment analysis
        input.insert("description".into(), Value::String(d.to_owned()));
    }
    let tool = if tool.eq_ignore_ascii_case("powershell") || tool.eq_ignore_ascii_case("pwsh") {
        "powershell"
    } else {
        "Bash"
    };
    Ok(Call {
        cwd,
        doc: Some(document(tool, Value::Object(input))),
        what: "command",
    })
}

fn document(name: &str, input: Value) -> String {
    let mut o = Map::new();
    o.insert("tool_name".into(), Value::String(name.to_owned()));
    o.insert("tool_input".into(), input);
    Value::Object(o).to_string()
}

// ---------------------------------------------------------------------------------------------
// Answers

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaudeAnswer<'a> {
    hook_specific_output: ClaudeDecision<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaudeDecision<'a> {
    hook_event_name: &'a str,
    permission_decision: &'a str,
    permission_decision_reason: &'a str,
}

#[derive(Serialize)]
struct CursorAnswer<'a> {
    permission: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_message: Option<&'a str>,
}

#[derive(Serialize)]
struct GeminiAnswer<'a> {
    decision: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CopilotAnswer<'a> {
    permission_decision: &'a str,
    permission_decision_reason: &'a str,
}

/// The JSON line that says `decision` (allow, ask or deny) with `reason` in `agent`'s protocol.
/// Allow is "no objection" wherever the protocol has one (`{}`), so the agent's own permission
/// rules still apply; only Cursor needs an explicit allow.
fn protocol_json(agent: Agent, decision: &str, reason: &str) -> String {
    let json = match (agent, decision) {
        (Agent::Cursor, "allow") => serde_json::to_string(&CursorAnswer {
            permission: "allow",
            user_message: None,
            agent_message: None,
        }),
        (_, "allow") => Ok("{}".to_owned()),
        (Agent::ClaudeCode | Agent::Codex, _) => serde_json::to_string(&ClaudeAnswer {
            hook_specific_output: ClaudeDecision {
                hook_event_name: "PreToolUse",
                permission_decision: decision,
                permission_decision_reason: reason,
            },
        }),
        (Agent::Cursor, _) => serde_json::to_string(&CursorAnswer {
            permission: decision,
            user_message: Some(reason),
            agent_message: Some(reason),
        }),
        (Agent::Gemini, _) => serde_json::to_string(&GeminiAnswer { decision, reason }),
        (Agent::Copilot, _) => serde_json::to_string(&CopilotAnswer {
            permission_decision: decision,
            permission_decision_reason: reason,
        }),
    };
    let mut line = json.expect("answers serialize");
    line.push('\n');
    line
}

/// The answer to a decided call: always exit 0 with the decision as JSON.
pub fn answer(agent: Agent, v: &Verdict) -> Answer {
    let (decision, reason) = match v.decision {
        Decision::Allow => (Decision::Allow, String::new()),
        Decision::Deny => (Decision::Deny, reason(agent, v)),
        Decision::Ask if agent.honours_ask() => (Decision::Ask, reason(agent, v)),
        Decision::Ask => (Decision::Deny, reason(agent, v)),
    };
    let mut rules: Vec<String> = Vec::new();
    for f in &v.findings {
        if !rules.contains(&f.rule) {
            rules.push(f.rule.clone());
        }
    }
    Answer {
        stdout: protocol_json(agent, decision.as_str(), &reason),
        stderr: String::new(),
        code: 0,
        decision,
        rules,
        failure: None,
    }
}

/// The answer when the hook could not decide: a deny in the agent's protocol, the reason on
/// standard error too, and exit status 2 (which blocks in every agent, whatever it does with the
/// JSON).
pub fn fail_closed(agent: Agent, failure: &Failure) -> Answer {
    let why = match failure {
        Failure::Input(m) | Failure::Internal(m) | Failure::Config(m) => m.clone(),
        Failure::Timeout(ms) => format!("the check took longer than its {ms} ms bound"),
    };
    let hint = match failure {
        Failure::Input(_) => format!(
            "Check that {} runs `preflight hook {}` on {}.",
            agent.name(),
            agent.arg(),
            agent.events().join(" or ")
        ),
        Failure::Internal(_) => "This is a bug in preflight; please report it.".to_owned(),
        Failure::Config(_) => "Ask the user to fix the preflight configuration.".to_owned(),
        Failure::Timeout(_) => "Split the command into smaller ones, or raise `--timeout-ms`.".to_owned(),
    };
    let reason = format!("preflight could not check this call, so it is blocked: {why}. {hint}");
    Answer {
        stdout: protocol_json(agent, "deny", &reason),
        stderr: format!("{reason}\n"),
        code: EXIT_BLOCK,
        decision: Decision::Deny,
        rules: Vec::new(),
        failure: Some(failure.kind()),
    }
}

/// What was found and what to do instead, for the agent (and, on ask, the person).
fn reason(agent: Agent, v: &Verdict) -> String {
    let what = v.what;
    let mut out = match v.decision {
        Decision::Deny => format!("preflight blocked this {what}:"),
        Decision::Ask if agent.honours_ask() => format!("preflight asks a person to confirm this {what}:"),
        _ => format!(
            "preflight blocked this {what}: it needs a person's confirmation, and {} hooks cannot ask for one:",
            agent.name()
        ),
    };
    for f in v.findings.iter().take(MAX_LISTED) {
        let message = f.message.trim_end();
        let stop = if message.ends_with(['.', '!', '?']) { "" } else { "." };
        out.push_str(&format!(
            "\n- {} ({} {}): {message}{stop}",
            f.rule, f.category, f.severity
        ));
        if let Some(c) = &f.context
            && !f.message.contains(&c.note)
        {
            out.push_str(&format!(" Resolved: {}.", c.note.trim_end_matches('.')));
        }
        if let Some(help) = f.help.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
            out.push_str(&format!(" Instead: {}", help.replace('\n', " ")));
        }
    }
    if v.findings.len() > MAX_LISTED {
        out.push_str(&format!("\n- and {} more", v.findings.len() - MAX_LISTED));
    }
    let unanalysable = |f: &Finding| matches!(f.category, Category::Dynamic | Category::Syntax);
    if v.strict && v.decision == Decision::Deny && v.findings.iter().any(unanalysable) {
        out.push_str("\nUnder --strict, code preflight cannot analyse is blocked: spell the command out literally.");
    }
    if v.decision == Decision::Deny || !agent.honours_ask() {
        out.push_str(
            "\nTake the safer path above; if this exact operation is really needed, ask the user to run it themselves rather than rephrasing it.",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn finding(category: Category, severity: Severity) -> Finding {
        Finding::new("r", category, severity, "m", Span::default())
    }

    #[test]
    fn policy_table() {
        use Category::*;
        use Severity::*;
        let cases = [
            (Destructive, Error, Decision::Deny, Decision::Deny),
            (Environment, Error, Decision::Deny, Decision::Deny),
            (Destructive, Warning, Decision::Ask, Decision::Ask),
            (Environment, Warning, Decision::Ask, Decision::Ask),
            (Destructive, Info, Decision::Allow, Decision::Allow),
            (Dynamic, Warning, Decision::Ask, Decision::Deny),
            (Dynamic, Info, Decision::Allow, Decision::Deny),
            (Syntax, Warning, Decision::Ask, Decision::Deny),
            (Syntax, Info, Decision::Allow, Decision::Deny),
        ];
        for (c, s, normal, strict) in cases {
            assert_eq!(
                decide(vec![finding(c, s)], false, "command").decision,
                normal,
                "{c} {s}"
            );
            assert_eq!(
                decide(vec![finding(c, s)], true, "command").decision,
                strict,
                "{c} {s} strict"
            );
        }
        assert_eq!(decide(vec![], true, "command").decision, Decision::Allow);
    }

    #[test]
    fn the_most_serious_finding_decides_and_comes_first() {
        let v = decide(
            vec![
                finding(Category::Environment, Severity::Warning),
                finding(Category::Destructive, Severity::Error),
            ],
            false,
            "command",
        );
        assert_eq!(v.decision, Decision::Deny);
        assert_eq!(v.findings[0].severity, Severity::Error);
        assert_eq!(v.findings.len(), 2);
    }

    #[test]
    fn a_dynamic_command_asks_and_codex_turns_ask_into_deny() {
        let v = decide(vec![finding(Category::Dynamic, Severity::Warning)], false, "command");
        assert!(
            answer(Agent::ClaudeCode, &v)
                .stdout
                .contains(r#""permissionDecision":"ask""#)
        );
        assert!(
            answer(Agent::Codex, &v)
                .stdout
                .contains(r#""permissionDecision":"deny""#)
        );
        assert!(answer(Agent::Gemini, &v).stdout.starts_with(r#"{"decision":"deny""#));
        assert!(
            answer(Agent::Copilot, &v)
                .stdout
                .contains(r#""permissionDecision":"ask""#)
        );
        assert!(answer(Agent::Cursor, &v).stdout.contains(r#""permission":"ask""#));
    }

    #[test]
    fn answers_say_what_they_decided_and_why() {
        let mut a = finding(Category::Destructive, Severity::Warning);
        a.rule = "a".into();
        let mut b = finding(Category::Destructive, Severity::Error);
        b.rule = "b".into();
        let v = decide(vec![a.clone(), b, a], false, "command");
        let answer = answer(Agent::ClaudeCode, &v);
        assert_eq!(answer.decision, Decision::Deny);
        assert_eq!(answer.rules, ["b", "a"]);
        assert_eq!(answer.failure, None);
        let v = decide(vec![finding(Category::Dynamic, Severity::Warning)], false, "command");
        assert_eq!(super::answer(Agent::Cursor, &v).decision, Decision::Ask);
        // what Codex and Gemini CLI are answered: deny
        assert_eq!(super::answer(Agent::Codex, &v).decision, Decision::Deny);
        assert_eq!(super::answer(Agent::Gemini, &v).decision, Decision::Deny);
        assert_eq!(
            super::answer(Agent::Gemini, &decide(vec![], false, "command")).decision,
            Decision::Allow
        );
        let failed = fail_closed(Agent::Copilot, &Failure::Timeout(5));
        assert_eq!((failed.decision, failed.failure), (Decision::Deny, Some("timeout")));
        assert!(failed.rules.is_empty());
    }

    #[test]
    fn reasons_are_bounded() {
        let v = decide(
            (0..8)
                .map(|_| finding(Category::Destructive, Severity::Error))
                .collect(),
            false,
            "command",
        );
        let r = reason(Agent::ClaudeCode, &v);
        assert_eq!(r.matches("\n- r ").count(), MAX_LISTED);
        assert!(r.contains("- and 3 more"));
    }

    #[test]
    fn a_panic_is_a_deny() {
        let a = run(Agent::ClaudeCode, HookOptions::default(), Panics);
        assert_eq!(a.code, EXIT_BLOCK);
        assert!(a.stderr.contains("internal error: boom"), "{}", a.stderr);
        assert!(a.stdout.contains(r#""permissionDecision":"deny""#));
    }

    struct Panics;
    impl Read for Panics {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            panic!("boom")
        }
    }
}
