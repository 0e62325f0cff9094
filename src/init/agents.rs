//! Each agent's settings file and the pre-execution hook entry preflight adds to it, in the shape
//! docs/integrations.md ("Agent hooks") documents: the events, the matcher covering the shell
//! tool and MCP tools, `preflight hook AGENT`, the timeouts, Cursor's `failClosed`.

use std::path::{Path, PathBuf};

use crate::hook::Agent;

use super::settings::{Entry, Hooks};

/// Where the hooks go: the project's settings (committed, shared with the team) or the user's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Project,
    User,
}

/// The command the hook runs.
pub fn command(agent: Agent) -> String {
    format!("preflight hook {}", agent.arg())
}

/// The settings directory and file name (relative to the project or to the home directory), as
/// docs/integrations.md names them. Codex's is its directory: `hooks.json` or `config.toml` in
/// it (see `plan_agent`).
pub fn settings_path(agent: Agent, scope: Scope) -> (&'static str, &'static str) {
    match (agent, scope) {
        (Agent::ClaudeCode, _) => (".claude", "settings.json"),
        (Agent::Cursor, _) => (".cursor", "hooks.json"),
        (Agent::Codex, _) => (".codex", "hooks.json"),
        (Agent::Gemini, _) => (".gemini", "settings.json"),
        (Agent::Copilot, Scope::Project) => (".github/hooks", "preflight.json"),
        (Agent::Copilot, Scope::User) => (".copilot/hooks", "preflight.json"),
    }
}

/// The directory of an agent's user settings: under `home`, or Codex's `$CODEX_HOME`.
pub fn user_dir(agent: Agent, home: &Path, codex_home: Option<&Path>) -> PathBuf {
    match (agent, codex_home) {
        (Agent::Codex, Some(c)) => c.to_path_buf(),
        _ => home.join(settings_path(agent, Scope::User).0),
    }
}

/// A `{type: command, command, timeout}` hook inside a matcher group (Claude Code, Codex).
fn group(agent: Agent, matcher: &'static str) -> Entry {
    Entry::Obj(vec![
        ("matcher", Entry::Str(matcher.into())),
        (
            "hooks",
            Entry::List(vec![Entry::Obj(vec![
                ("type", Entry::Str("command".into())),
                ("command", Entry::Str(command(agent))),
                ("timeout", Entry::Num(30)),
            ])]),
        ),
    ])
}

/// The hook entries for an agent, one per event it answers ([`Agent::events`]).
pub fn hooks(agent: Agent) -> Hooks {
    let entry = match agent {
        // Claude Code on Windows runs commands with its PowerShell tool too
        Agent::ClaudeCode => group(agent, "Bash|PowerShell|mcp__.*"),
        Agent::Codex => group(agent, "Bash|mcp__.*"),
        // Without failClosed, Cursor runs the action when the hook crashes or times out
        Agent::Cursor => Entry::Obj(vec![
            ("command", Entry::Str(command(agent))),
            ("timeout", Entry::Num(30)),
            ("failClosed", Entry::Bool(true)),
        ]),
        // Gemini's timeout is in milliseconds
        Agent::Gemini => Entry::Obj(vec![
            ("matcher", Entry::Str("run_shell_command|mcp__.*".into())),
            ("sequential", Entry::Bool(false)),
            (
                "hooks",
                Entry::List(vec![Entry::Obj(vec![
                    ("type", Entry::Str("command".into())),
                    ("command", Entry::Str(command(agent))),
                    ("name", Entry::Str("preflight".into())),
                    ("timeout", Entry::Num(5000)),
                ])]),
            ),
        ]),
        Agent::Copilot => Entry::Obj(vec![
            ("type", Entry::Str("command".into())),
            ("bash", Entry::Str(command(agent))),
            ("powershell", Entry::Str(command(agent))),
            ("cwd", Entry::Str(".".into())),
            ("timeoutSec", Entry::Num(30)),
        ]),
    };
    Hooks {
        version: matches!(agent, Agent::Cursor | Agent::Copilot),
        events: agent.events().iter().map(|e| (*e, entry.clone())).collect(),
    }
}

/// What to do after the hook is written, where the agent needs more than the file.
pub fn next_step(agent: Agent) -> Option<&'static str> {
    match agent {
        Agent::Codex => {
            Some("Codex runs a new or changed hook only once you have reviewed and trusted it: `/hooks` in Codex")
        }
        _ => None,
    }
}
