//! Where each agent reads its hook settings, from the most to the least specific. Every agent
//! here merges the hooks of all the files it reads (none lets a project file switch off a user's
//! hook, but Claude Code's `disableAllHooks` does), so the doctor reads them all.

use std::path::{Path, PathBuf};

use crate::hook::Agent;

/// Whose settings a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The project's own, not committed (`.claude/settings.local.json`).
    Local,
    /// The project's, committed and shared.
    Project,
    /// The user's, in the home directory.
    User,
    /// Set by an administrator for the machine (managed or enterprise settings).
    System,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Local => "local",
            Scope::Project => "project",
            Scope::User => "user",
            Scope::System => "system",
        }
    }
}

/// The format of a settings file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON with comments and trailing commas.
    Json,
    /// Codex's `config.toml`.
    Toml,
}

/// A place an agent reads settings from.
#[derive(Clone, Debug)]
pub struct Location {
    pub scope: Scope,
    pub path: PathBuf,
    pub format: Format,
}

/// Where the doctor looks: the project, the home directory and the machine.
#[derive(Clone, Debug)]
pub struct Roots {
    pub project: PathBuf,
    pub home: Option<PathBuf>,
    pub codex_home: Option<PathBuf>,
    /// Prefixed to the machine-wide paths (`/` but in tests).
    pub system: PathBuf,
}

fn json(scope: Scope, path: PathBuf) -> Location {
    Location {
        scope,
        path,
        format: Format::Json,
    }
}

/// A machine-wide path under `roots.system`, per platform.
fn system(roots: &Roots, linux: &str, macos: &str, windows: &str) -> PathBuf {
    let p = if cfg!(windows) {
        windows
    } else if cfg!(target_os = "macos") {
        macos
    } else {
        linux
    };
    roots.system.join(p.trim_start_matches('/'))
}

/// The JSON files in a directory (Copilot CLI reads every `*.json` in its hooks directory), in
/// name order; none when the directory does not exist.
fn json_files_in(dir: &Path, scope: Scope) -> Vec<Location> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files.into_iter().map(|p| json(scope, p)).collect()
}

/// Every settings file `agent` reads here (existing or not, but for directories of files).
pub fn locations(agent: Agent, roots: &Roots) -> Vec<Location> {
    let p = &roots.project;
    let home = roots.home.as_deref();
    let mut out = Vec::new();
    match agent {
        Agent::ClaudeCode => {
            out.push(json(Scope::Local, p.join(".claude/settings.local.json")));
            out.push(json(Scope::Project, p.join(".claude/settings.json")));
            if let Some(h) = home {
                out.push(json(Scope::User, h.join(".claude/settings.json")));
            }
            out.push(json(
                Scope::System,
                system(
                    roots,
                    "/etc/claude-code/managed-settings.json",
                    "/Library/Application Support/ClaudeCode/managed-settings.json",
                    "C:/Program Files/ClaudeCode/managed-settings.json",
                ),
            ));
        }
        Agent::Cursor => {
            out.push(json(Scope::Project, p.join(".cursor/hooks.json")));
            if let Some(h) = home {
                out.push(json(Scope::User, h.join(".cursor/hooks.json")));
            }
            out.push(json(
                Scope::System,
                system(
                    roots,
                    "/etc/cursor/hooks.json",
                    "/Library/Application Support/Cursor/hooks.json",
                    "C:/ProgramData/Cursor/hooks.json",
                ),
            ));
        }
        Agent::Codex => {
            let user = roots.codex_home.clone().or_else(|| home.map(|h| h.join(".codex")));
            for (scope, dir) in [(Scope::Project, Some(p.join(".codex"))), (Scope::User, user)] {
                if let Some(dir) = dir {
                    out.push(json(scope, dir.join("hooks.json")));
                    out.push(Location {
                        scope,
                        path: dir.join("config.toml"),
                        format: Format::Toml,
                    });
                }
            }
        }
        Agent::Gemini => {
            out.push(json(Scope::Project, p.join(".gemini/settings.json")));
            if let Some(h) = home {
                out.push(json(Scope::User, h.join(".gemini/settings.json")));
            }
            out.push(json(
                Scope::System,
                system(
                    roots,
                    "/etc/gemini-cli/settings.json",
                    "/Library/Application Support/GeminiCli/settings.json",
                    "C:/ProgramData/gemini-cli/settings.json",
                ),
            ));
        }
        Agent::Copilot => {
            let project = p.join(".github/hooks");
            let found = json_files_in(&project, Scope::Project);
            if found.is_empty() {
                out.push(json(Scope::Project, project.join("preflight.json")));
            }
            out.extend(found);
            if let Some(h) = home {
                let user = h.join(".copilot/hooks");
                let found = json_files_in(&user, Scope::User);
                if found.is_empty() {
                    out.push(json(Scope::User, user.join("preflight.json")));
                }
                out.extend(found);
            }
        }
    }
    out
}

/// The project an agent started in `dir` works in: the nearest directory above with `.git`,
/// else `dir` itself.
pub fn project_root(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(dir)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_agent_has_user_and_project_settings() {
        let roots = Roots {
            project: PathBuf::from("/p"),
            home: Some(PathBuf::from("/h")),
            codex_home: None,
            system: PathBuf::from("/s"),
        };
        for agent in Agent::ALL {
            let l = locations(agent, &roots);
            assert!(
                l.iter().any(|l| l.scope == Scope::Project && l.path.starts_with("/p")),
                "{agent:?}"
            );
            assert!(
                l.iter().any(|l| l.scope == Scope::User && l.path.starts_with("/h")),
                "{agent:?}"
            );
        }
        let codex = Roots {
            codex_home: Some(PathBuf::from("/c")),
            ..roots
        };
        assert!(
            locations(Agent::Codex, &codex)
                .iter()
                .any(|l| l.path == Path::new("/c/config.toml"))
        );
    }
}
