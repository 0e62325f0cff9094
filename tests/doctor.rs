//! `preflight doctor` as a process, in throwaway project and home directories (never the real
//! ones): guards installed by `preflight init` for every agent, in project and user scope, pass
//! the checks and the self-test; each broken configuration is an error with a fix, and exit 1.
//! The self-test's destructive call is only data on the hook's standard input.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The directory of the preflight binary under test, put first on the PATH the hooks get.
fn bin_dir() -> PathBuf {
    let bin = assert_cmd::cargo::cargo_bin("preflight");
    bin.parent().unwrap().to_path_buf()
}

fn path_with_preflight() -> std::ffi::OsString {
    let mut dirs = vec![bin_dir()];
    dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(dirs).unwrap()
}

struct Env {
    _tmp: tempfile::TempDir,
    project: PathBuf,
    home: PathBuf,
    system: PathBuf,
}

impl Env {
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let project = tmp.path().join("project");
        let home = tmp.path().join("home");
        let system = tmp.path().join("system");
        for d in [&project, &home, &system] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::create_dir(project.join(".git")).unwrap();
        Env {
            _tmp: tmp,
            project,
            home,
            system,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::cargo_bin("preflight")
            .unwrap()
            .current_dir(&self.project)
            .env("HOME", &self.home)
            .env("PATH", path_with_preflight())
            .env("PREFLIGHT_LOG_FILE", self.home.join("decisions.jsonl"))
            .env_remove("USERPROFILE")
            .env_remove("CODEX_HOME")
            .env_remove("XDG_STATE_HOME")
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    fn init(&self, args: &[&str]) {
        let mut all = vec!["init", "--no-config"];
        if args.contains(&"--user") {
            all.retain(|a| *a != "--no-config");
        }
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    }

    /// `doctor --format json` (with `--self-test` when asked) and its exit code.
    fn doctor(&self, extra: &[&str]) -> (i32, Value) {
        let system = self.system.display().to_string();
        let mut args = vec!["doctor", "--format", "json", "--system-root", system.as_str()];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr));
        (r.code, v)
    }

    fn write(&self, base: &Path, name: &str, text: &str) {
        let p = base.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn agent<'a>(report: &'a Value, arg: &str) -> &'a Value {
    report["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agent"] == arg)
        .unwrap_or_else(|| panic!("no {arg} in {report:#}"))
}

/// The messages of an agent's checks at `level`.
fn messages(report: &Value, arg: &str, level: &str) -> Vec<String> {
    agent(report, arg)["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == level)
        .map(|c| c["message"].as_str().unwrap().to_owned())
        .collect()
}

fn has(report: &Value, arg: &str, level: &str, needle: &str) -> bool {
    messages(report, arg, level).iter().any(|m| m.contains(needle))
}

const AGENTS: [&str; 5] = ["claude-code", "cursor", "codex", "gemini", "copilot"];

#[test]
fn nothing_installed_is_exit_1_and_says_how() {
    let env = Env::new();
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(r["ok"], false);
    for a in AGENTS {
        assert_eq!(agent(&r, a)["installed"], false);
        assert!(has(&r, a, "info", "no "), "{a}: {r:#}");
    }
    let human = env.run(&["doctor", "--system-root", env.system.to_str().unwrap()]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("No agent runs preflight"), "{}", human.stdout);
}

#[test]
fn every_agent_installed_by_init_passes_the_self_test() {
    for scope in [&[][..], &["--user"][..]] {
        let env = Env::new();
        let mut args = vec!["--all"];
        args.extend_from_slice(scope);
        env.init(&args);
        let (code, r) = env.doctor(&["--self-test"]);
        assert_eq!(code, 0, "{scope:?}: {r:#}");
        assert_eq!(r["errors"], 0, "{r:#}");
        for a in AGENTS {
            let report = agent(&r, a);
            assert_eq!(report["installed"], true, "{a}");
            let tests = report["self_test"].as_array().unwrap();
            assert_eq!(tests.len(), 2, "{a}: {report:#}");
            for t in tests {
                assert_eq!(t["outcome"], t["expected"], "{a}: {t:#}");
            }
            let files = report["files"].as_array().unwrap();
            let want = if scope.is_empty() { "project" } else { "user" };
            assert!(files.iter().any(|f| f["scope"] == want), "{a}: {files:?}");
        }
    }
}

#[test]
fn a_hook_that_cannot_block_is_an_error() {
    let env = Env::new();
    // the answer is thrown away and the exit status is 0: the agent sees no objection
    env.write(
        &env.project,
        ".claude/settings.json",
        r#"{"hooks": {"PreToolUse": [{"matcher": "Bash|mcp__.*", "hooks": [
            {"type": "command", "command": "preflight hook claude-code > /dev/null; true", "timeout": 30}]}]}}"#,
    );
    let (code, r) = env.doctor(&["--self-test"]);
    assert_eq!(code, 1, "{r:#}");
    assert!(has(&r, "claude-code", "error", "this hook cannot block"), "{r:#}");
    let t = &agent(&r, "claude-code")["self_test"][0];
    assert_eq!(t["outcome"], "allowed");
    // without --self-test the static checks find nothing wrong with it
    let (code, _) = env.doctor(&[]);
    assert_eq!(code, 0);
}

#[test]
fn a_matcher_that_misses_the_shell_tool() {
    let env = Env::new();
    env.write(
        &env.project,
        ".claude/settings.json",
        r#"{"hooks": {"PreToolUse": [{"matcher": "Edit|Write", "hooks": [
            {"type": "command", "command": "preflight hook claude-code", "timeout": 30}]}]}}"#,
    );
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 1);
    assert!(has(&r, "claude-code", "error", "covers `Bash`"), "{r:#}");
    assert!(has(&r, "claude-code", "warning", "MCP"), "{r:#}");
    // a matcher that is not a valid pattern never runs the hook
    env.write(
        &env.project,
        ".claude/settings.json",
        r#"{"hooks": {"PreToolUse": [{"matcher": "Bash(", "hooks": [
            {"type": "command", "command": "preflight hook claude-code"}]}]}}"#,
    );
    let (_, r) = env.doctor(&[]);
    assert!(has(&r, "claude-code", "error", "not a valid pattern"), "{r:#}");
}

#[test]
fn cursor_without_fail_closed_and_without_the_mcp_event() {
    let env = Env::new();
    env.write(
        &env.project,
        ".cursor/hooks.json",
        r#"{"version": 1, "hooks": {"beforeShellExecution": [{"command": "preflight hook cursor", "timeout": 30}]}}"#,
    );
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 1);
    assert!(has(&r, "cursor", "error", "failClosed"), "{r:#}");
    assert!(has(&r, "cursor", "warning", "beforeMCPExecution"), "{r:#}");
    let fix = agent(&r, "cursor")["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["message"].as_str().unwrap().contains("failClosed"))
        .unwrap()["fix"]
        .clone();
    assert!(fix.as_str().unwrap().contains("\"failClosed\": true"), "{fix}");
}

#[test]
fn a_command_that_is_not_there() {
    let env = Env::new();
    env.write(
        &env.project,
        ".cursor/hooks.json",
        r#"{"version": 1, "hooks": {
            "beforeShellExecution": [{"command": "/nonexistent/bin/preflight hook cursor", "timeout": 30}],
            "beforeMCPExecution": [{"command": "/nonexistent/bin/preflight hook cursor", "timeout": 30}]}}"#,
    );
    let (code, r) = env.doctor(&["--self-test"]);
    assert_eq!(code, 1);
    assert!(has(&r, "cursor", "error", "is not found"), "{r:#}");
    // and without failClosed Cursor runs the command: the self-test says so
    assert!(has(&r, "cursor", "error", "cannot block"), "{r:#}");
}

#[test]
fn the_wrong_agent_on_the_command_line() {
    let env = Env::new();
    env.write(
        &env.home,
        ".gemini/settings.json",
        r#"{"hooks": {"BeforeTool": [{"matcher": "run_shell_command|mcp__.*", "hooks": [
            {"type": "command", "command": "preflight hook claude-code", "timeout": 5000}]}]}}"#,
    );
    let (code, r) = env.doctor(&["--self-test"]);
    assert_eq!(code, 1);
    assert!(has(&r, "gemini", "error", "Claude Code's protocol"), "{r:#}");
    // Claude Code's hook refuses Gemini's event name: it fails closed on every call
    assert!(has(&r, "gemini", "error", "gets in the way of every call"), "{r:#}");
    assert_eq!(agent(&r, "gemini")["files"][0]["path"], "~/.gemini/settings.json");
}

#[test]
fn a_timeout_shorter_than_the_hooks_own_bound() {
    let env = Env::new();
    // Gemini's timeout is in milliseconds: 1000 ms is less than preflight's 2000 ms bound
    env.write(
        &env.project,
        ".gemini/settings.json",
        r#"{"hooks": {"BeforeTool": [{"matcher": "run_shell_command|mcp__.*", "hooks": [
            {"type": "command", "command": "preflight hook gemini", "timeout": 1000}]}]}}"#,
    );
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 1);
    assert!(has(&r, "gemini", "error", "stops waiting after 1000 ms"), "{r:#}");
    // with the bound lowered on the command line, it fits
    env.write(
        &env.project,
        ".gemini/settings.json",
        r#"{"hooks": {"BeforeTool": [{"matcher": "run_shell_command|mcp__.*", "hooks": [
            {"type": "command", "command": "preflight hook gemini --timeout-ms 500", "timeout": 2000}]}]}}"#,
    );
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 0, "{r:#}");
}

#[test]
fn comments_trailing_commas_a_bom_and_symlinks_are_read() {
    let env = Env::new();
    let text = "\u{feff}{\n  // mine\n  \"hooks\": {\n    \"PreToolUse\": [\n      {\"matcher\": \"Bash|mcp__.*\", \"hooks\": [{\"type\": \"command\", \"command\": \"preflight hook claude-code\", \"timeout\": 30,},],},\n    ],\n  },\n}\n";
    env.write(&env.home, "dotfiles/claude.json", text);
    std::fs::create_dir_all(env.home.join(".claude")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        env.home.join("dotfiles/claude.json"),
        env.home.join(".claude/settings.json"),
    )
    .unwrap();
    #[cfg(not(unix))]
    env.write(&env.home, ".claude/settings.json", text);
    let (code, r) = env.doctor(&["--self-test", "--agent", "claude-code"]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(agent(&r, "claude-code")["installed"], true);
}

#[test]
fn unreadable_and_broken_settings_are_reported() {
    let env = Env::new();
    env.init(&["--agent", "claude-code"]);
    // a directory where a file should be, and JSON that does not parse
    std::fs::create_dir_all(env.project.join(".claude/settings.local.json")).unwrap();
    env.write(&env.home, ".claude/settings.json", "{\"hooks\": {");
    env.write(&env.home, ".gemini/settings.json", "{\"hooks\": []}");
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 1, "{r:#}");
    assert!(
        has(&r, "claude-code", "error", "settings.local.json: cannot read it"),
        "{r:#}"
    );
    assert!(has(&r, "claude-code", "error", "does not parse as JSON"), "{r:#}");
    let states: Vec<&str> = agent(&r, "claude-code")["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["unreadable", "read", "unreadable"]);
    assert!(has(&r, "gemini", "error", "`hooks` is not an object"), "{r:#}");
    // doctor only reads: the broken files are as they were
    assert_eq!(
        std::fs::read_to_string(env.home.join(".claude/settings.json")).unwrap(),
        "{\"hooks\": {"
    );
}

#[test]
fn switches_that_turn_hooks_off() {
    let env = Env::new();
    env.init(&["--agent", "claude-code", "--agent", "codex"]);
    env.write(
        &env.project,
        ".claude/settings.local.json",
        "{\"disableAllHooks\": true}",
    );
    env.write(&env.home, ".codex/config.toml", "[features]\nhooks = false\n");
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 1);
    assert!(has(&r, "claude-code", "error", "disableAllHooks"), "{r:#}");
    assert!(has(&r, "codex", "error", "hooks = false"), "{r:#}");
}

#[test]
fn codex_hooks_in_config_toml_and_copilot_without_a_bash_command() {
    let env = Env::new();
    env.write(
        &env.home,
        ".codex/config.toml",
        "model = \"o3\"\n\n[[hooks.PreToolUse]]\nmatcher = \"Bash|mcp__.*\"\n\n[[hooks.PreToolUse.hooks]]\ntype = \"command\"\ncommand = \"preflight hook codex\"\ntimeout = 30\n",
    );
    env.write(
        &env.project,
        ".github/hooks/guard.json",
        r#"{"version": 1, "hooks": {"preToolUse": [{"type": "command", "powershell": "preflight hook copilot", "timeoutSec": 30}]}}"#,
    );
    let (code, r) = env.doctor(&["--self-test"]);
    assert_eq!(code, 1, "{r:#}");
    assert!(messages(&r, "codex", "error").is_empty(), "{r:#}");
    assert_eq!(agent(&r, "codex")["self_test"][0]["outcome"], "blocked", "{r:#}");
    if cfg!(unix) {
        assert!(has(&r, "copilot", "error", "no `bash` command"), "{r:#}");
    }
}

#[test]
fn a_configuration_that_does_not_load_is_an_error_with_its_span() {
    let env = Env::new();
    env.init(&["--agent", "claude-code"]);
    env.write(&env.project, "preflight.toml", "ignore = [\"no-such-rule\"]\n");
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = &r["configuration"][0];
    assert_eq!(c["level"], "error");
    let m = c["message"].as_str().unwrap();
    assert!(m.contains("`no-such-rule` is not a rule"), "{m}");
    assert!(m.contains("preflight.toml:1:11"), "{m}");
    // and the hook it would guard fails closed on it, as doctor says
    env.write(&env.project, "preflight.toml", "rules = [\"missing-pack.toml\"]\n");
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 1);
    assert_eq!(r["configuration"][0]["level"], "error", "{r:#}");
}

#[test]
fn other_hooks_are_named_and_not_run() {
    let env = Env::new();
    env.write(
        &env.project,
        ".cursor/hooks.json",
        r#"{"version": 1, "hooks": {"beforeShellExecution": [{"command": "./hooks/audit.sh", "failClosed": true}]}}"#,
    );
    let (code, r) = env.doctor(&["--self-test"]);
    assert_eq!(code, 1, "nothing runs preflight: {r:#}");
    assert_eq!(agent(&r, "cursor")["installed"], false);
    assert!(has(&r, "cursor", "info", "`./hooks/audit.sh` is another hook"), "{r:#}");
    assert!(agent(&r, "cursor").get("self_test").is_none(), "{r:#}");
}

#[test]
fn the_decision_log_is_checked_and_counted() {
    let env = Env::new();
    env.init(&["--agent", "claude-code"]);
    let (code, r) = env.doctor(&["--self-test"]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["log"][0]["level"], "ok", "{r:#}");
    assert!(
        r["log"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no decision recorded yet"),
        "{r:#}"
    );
    // the self-test's calls are not the agent's: nothing was recorded
    assert!(!env.home.join("decisions.jsonl").exists());
    // a real call is recorded, a corrupt line is counted
    let call = r#"{"session_id": "s", "cwd": "/", "hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": "ls"}}"#;
    let out = Command::cargo_bin("preflight")
        .unwrap()
        .env("PREFLIGHT_LOG_FILE", env.home.join("decisions.jsonl"))
        .args(["hook", "claude-code"])
        .write_stdin(call)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut text = std::fs::read_to_string(env.home.join("decisions.jsonl")).unwrap();
    text.push_str("{not json\n");
    std::fs::write(env.home.join("decisions.jsonl"), text).unwrap();
    let (_, r) = env.doctor(&[]);
    assert!(
        r["log"][0]["message"].as_str().unwrap().contains("1 decision recorded"),
        "{r:#}"
    );
    assert!(
        r["log"][1]["message"]
            .as_str()
            .unwrap()
            .contains("1 line is not a decision"),
        "{r:#}"
    );
    // a log that cannot be written is a warning: the guard still works
    std::fs::remove_file(env.home.join("decisions.jsonl")).unwrap();
    std::fs::create_dir(env.home.join("decisions.jsonl")).unwrap();
    let (code, r) = env.doctor(&[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["log"][0]["level"], "warning", "{r:#}");
}
