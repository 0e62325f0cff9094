//! `preflight doctor --self-test`: each configured preflight hook command is run as its agent
//! runs it — through the shell, from the project, with a synthetic call in the agent's protocol
//! on standard input — once with a destructive command and once with a benign one, and its answer
//! is read as the agent reads it. The destructive command is only data on standard input: the
//! hook analyses it, nothing runs it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::handlers::{Handler, run_bounded};
use crate::hook::Agent;

/// The destructive call: preflight denies it in every agent.
pub const DESTRUCTIVE: &str = "rm -rf /";
/// The benign call: preflight has no objection.
pub const BENIGN: &str = "ls -la";

/// How the agent would take the hook's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The call is blocked.
    Blocked,
    /// A person is asked (where the agent asks).
    Asked,
    /// The call runs.
    Allowed,
}

/// One run of a hook command.
#[derive(Clone, Debug)]
pub struct Run {
    pub outcome: Outcome,
    /// What the hook did, in a few words (`deny, exit 0`; `exit 127: …`; `timed out`).
    pub detail: String,
    pub millis: u128,
}

/// The hook input for a shell call of `command` in `agent`'s protocol.
pub fn input(agent: Agent, command: &str, cwd: &Path) -> String {
    let cwd = cwd.display().to_string();
    let tool_call = |event: &str, tool: &str| {
        json!({
            "session_id": "preflight-doctor",
            "cwd": cwd,
            "hook_event_name": event,
            "tool_name": tool,
            "tool_input": {"command": command},
        })
    };
    let v = match agent {
        Agent::ClaudeCode | Agent::Codex => tool_call("PreToolUse", "Bash"),
        Agent::Gemini => tool_call("BeforeTool", "run_shell_command"),
        Agent::Cursor => json!({
            "conversation_id": "preflight-doctor",
            "hook_event_name": "beforeShellExecution",
            "command": command,
            "cwd": cwd,
            "workspace_roots": [cwd],
        }),
        Agent::Copilot => json!({
            "timestamp": 0,
            "cwd": cwd,
            "toolName": "bash",
            "toolArgs": json!({"command": command}).to_string(),
        }),
    };
    v.to_string()
}

/// The decision word in a hook's standard output, as the agent reads it.
fn decision(agent: Agent, stdout: &str) -> Option<String> {
    let v: Value = serde_json::from_str(stdout.trim()).ok()?;
    let word = match agent {
        Agent::ClaudeCode | Agent::Codex => v
            .pointer("/hookSpecificOutput/permissionDecision")
            .or_else(|| v.get("decision")),
        Agent::Cursor => v.get("permission"),
        Agent::Gemini => v.get("decision"),
        Agent::Copilot => v.get("permissionDecision"),
    }?;
    word.as_str().map(str::to_owned)
}

/// Runs `handler`'s command with a shell call of `command`, from `cwd`, for at most its
/// timeout, and reads the answer as `agent` does.
pub fn run(agent: Agent, handler: &Handler, command: &str, cwd: &Path, project: &Path) -> Run {
    let limit = Duration::from_millis(handler.timeout_ms.unwrap_or(30_000).clamp(1000, 60_000));
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.arg("/C").arg(&handler.command);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c").arg(&handler.command);
        c
    };
    cmd.current_dir(cwd)
        .env("CLAUDE_PROJECT_DIR", project)
        .env("GEMINI_PROJECT_DIR", project)
        // the self-test's calls are not the agent's: keep them out of the decision log
        .env("PREFLIGHT_LOG", "off");
    let started = Instant::now();
    let result = run_bounded(cmd, Some(input(agent, command, project).as_bytes()), limit);
    let millis = started.elapsed().as_millis();
    // what the agent does when the hook fails: Cursor with failClosed blocks, the others run it
    let failed = |detail: String| Run {
        outcome: if agent == Agent::Cursor && handler.fail_closed == Some(true) {
            Outcome::Blocked
        } else {
            Outcome::Allowed
        },
        detail,
        millis,
    };
    let (code, stdout, stderr) = match result {
        Err(e) => return failed(format!("could not start: {e}")),
        Ok(None) => return failed(format!("no answer within {} ms", limit.as_millis())),
        Ok(Some(r)) => r,
    };
    let first_line = |s: &str| s.lines().next().unwrap_or("").chars().take(160).collect::<String>();
    match code {
        Some(2) => Run {
            outcome: Outcome::Blocked,
            detail: "exit 2".into(),
            millis,
        },
        Some(0) => {
            let word = decision(agent, &stdout);
            let outcome = match word.as_deref() {
                Some("deny" | "block") => Outcome::Blocked,
                // Codex and Gemini let an `ask` through
                Some("ask") if agent.honours_ask() => Outcome::Asked,
                _ => Outcome::Allowed,
            };
            let detail = match word {
                Some(w) => format!("{w}, exit 0"),
                None if stdout.trim().is_empty() || stdout.trim() == "{}" => "no objection, exit 0".into(),
                None => format!(
                    "exit 0, an answer {} does not read: `{}`",
                    agent.name(),
                    first_line(&stdout)
                ),
            };
            Run {
                outcome,
                detail,
                millis,
            }
        }
        other => failed(format!(
            "exit {}: {}",
            other.map_or("by a signal".into(), |c| c.to_string()),
            first_line(stderr.trim())
        )),
    }
}
