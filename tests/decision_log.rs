//! The decision log as the processes write and read it: `preflight hook AGENT` appends one line
//! per answer (without changing the answer), and `preflight log` summarizes the file. Fixture
//! commands are only ever handed to preflight as JSON on standard input, never run.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

const DENY: &str = "rm -rf /";
/// A destructive warning only: asks where the agent can ask.
const ASK: &str = "git push --force origin feature";
const ALLOW: &str = "git status";
const VOLUME_DELETE: &str = r#"mutation { volumeDelete(volumeId: "vol_8f2a") }"#;

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// preflight with an environment of the test's own: HOME in `home`, none of the log's variables
/// but those given.
fn preflight(home: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Out {
    let mut c = Command::cargo_bin("preflight").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("HOME", home)
        .env("USERPROFILE", home)
        .env("LOCALAPPDATA", home.join("AppData/Local"))
        .env_remove("XDG_STATE_HOME")
        .env_remove("PREFLIGHT_LOG")
        .env_remove("PREFLIGHT_LOG_FILE")
        .env_remove("PREFLIGHT_LOG_MAX_BYTES")
        .env_remove("PREFLIGHT_HOOK_FAULT")
        .write_stdin(stdin);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    Out {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `preflight hook AGENT` (no local context: answers must not depend on this machine) with
/// `input`, logging to `log`.
fn hook(home: &Path, log: &Path, agent: &str, args: &[&str], env: &[(&str, &str)], input: &str) -> Out {
    let mut all = vec!["hook", agent, "--no-resolve-context"];
    all.extend_from_slice(args);
    let mut env = env.to_vec();
    let log = log.to_str().unwrap();
    env.push(("PREFLIGHT_LOG_FILE", log));
    preflight(home, &all, &env, input)
}

/// The same hook call with the log off: the answer to compare with.
fn unlogged(home: &Path, agent: &str, args: &[&str], input: &str) -> Out {
    let mut all = vec!["hook", agent, "--no-resolve-context"];
    all.extend_from_slice(args);
    preflight(home, &all, &[("PREFLIGHT_LOG", "off")], input)
}

fn lines(log: &Path) -> Vec<Value> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

// ---- inputs, as each agent sends them (see tests/hook.rs) -----------------------------------------

fn claude(tool: &str, input: Value) -> Value {
    json!({
        "session_id": "abc123", "transcript_path": "/home/u/.claude/projects/p/abc123.jsonl",
        "cwd": root(), "permission_mode": "default",
        "hook_event_name": "PreToolUse", "tool_name": tool, "tool_input": input,
        "tool_use_id": "toolu_01"
    })
}

fn claude_bash(command: &str) -> Value {
    claude("Bash", json!({"command": command, "description": "run it"}))
}

fn codex_bash(command: Value) -> Value {
    json!({
        "session_id": "s-codex", "transcript_path": null, "cwd": root(),
        "permission_mode": "default", "hook_event_name": "PreToolUse", "model": "gpt-5-codex",
        "turn_id": "t-1", "tool_name": "Bash", "tool_input": {"command": command},
        "tool_use_id": "call-1"
    })
}

fn gemini_shell(command: &str) -> Value {
    json!({
        "session_id": "s-gemini", "transcript_path": "/home/u/.gemini/tmp/s1.json",
        "cwd": root(), "hook_event_name": "BeforeTool", "timestamp": "2026-05-01T10:00:00Z",
        "tool_name": "run_shell_command", "tool_input": {"command": command, "description": "run it"}
    })
}

fn copilot_bash(command: &str) -> Value {
    json!({
        "timestamp": 1_777_000_000_000_u64, "cwd": root(), "toolName": "bash",
        "toolArgs": json!({"command": command, "description": "run it"}).to_string()
    })
}

fn cursor_shell(command: &str) -> Value {
    json!({
        "conversation_id": "c1", "generation_id": "g1", "hook_event_name": "beforeShellExecution",
        "workspace_roots": [root()], "command": command, "cwd": root()
    })
}

fn cursor_mcp(tool: &str, input: Value) -> Value {
    json!({
        "conversation_id": "c1", "generation_id": "g1", "hook_event_name": "beforeMCPExecution",
        "workspace_roots": [root()], "tool_name": tool, "tool_input": input,
        "url": "https://mcp.example.com/mcp"
    })
}

fn is_rfc3339_seconds(t: &str) -> bool {
    let shape = b"0000-00-00T00:00:00Z";
    t.len() == shape.len()
        && t.bytes()
            .zip(shape)
            .all(|(b, &s)| if s == b'0' { b.is_ascii_digit() } else { b == s })
}

fn sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs each call through the hook with the log on and off: the answers and exit statuses are
/// the same; returns the log's lines.
fn logged_calls(calls: &[(&str, &[&str], String)]) -> (tempfile::TempDir, PathBuf, Vec<Value>) {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("state/decisions.jsonl");
    for (agent, args, input) in calls {
        let out = hook(tmp.path(), &log, agent, args, &[], input);
        let reference = unlogged(tmp.path(), agent, args, input);
        assert_eq!(
            (out.code, &out.stdout, &out.stderr),
            (reference.code, &reference.stdout, &reference.stderr),
            "{agent} {input}"
        );
    }
    let lines = lines(&log);
    assert_eq!(lines.len(), calls.len(), "{lines:#?}");
    (tmp, log, lines)
}

#[test]
fn every_answer_of_every_agent_is_a_line() {
    let calls: Vec<(&str, &[&str], String)> = vec![
        ("claude-code", &[], claude_bash(DENY).to_string()),
        ("claude-code", &[], claude_bash(ALLOW).to_string()),
        ("claude-code", &[], claude_bash(ASK).to_string()),
        ("codex", &[], codex_bash(json!(ASK)).to_string()),
        ("codex", &[], codex_bash(json!(["bash", "-lc", DENY])).to_string()),
        ("gemini", &[], gemini_shell(ASK).to_string()),
        ("copilot", &[], copilot_bash(ASK).to_string()),
        ("cursor", &[], cursor_shell(DENY).to_string()),
        (
            "cursor",
            &[],
            cursor_mcp("graphql", json!({"query": VOLUME_DELETE})).to_string(),
        ),
        ("claude-code", &[], "{\"tool_name\": \"Bash\", ".to_owned()),
    ];
    let (_tmp, _log, lines) = logged_calls(&calls);
    for l in &lines {
        assert!(is_rfc3339_seconds(l["time"].as_str().unwrap()), "{l}");
        assert_eq!(l["version"], env!("CARGO_PKG_VERSION"));
        assert!(l["duration_ms"].as_u64().is_some(), "{l}");
        assert!(l["rules"].is_array(), "{l}");
    }
    let field = |i: usize, k: &str| lines[i][k].clone();

    // Claude Code: deny, no objection, ask
    assert_eq!(field(0, "agent"), "claude-code");
    assert_eq!(field(0, "session"), "abc123");
    assert_eq!(field(0, "cwd"), root());
    assert_eq!(field(0, "tool"), "Bash");
    assert_eq!(field(0, "decision"), "deny");
    assert_eq!(field(0, "command"), DENY);
    assert_eq!(field(0, "rules")[0], "rm-recursive-root");
    assert!(lines[0].get("failure").is_none() && lines[0].get("command_sha256").is_none());
    assert_eq!((field(1, "decision"), field(1, "rules")), (json!("allow"), json!([])));
    assert_eq!(field(1, "command"), ALLOW);
    assert_eq!(field(2, "decision"), "ask");
    assert_eq!(field(2, "rules")[0], "git-push-force");

    // Codex cannot ask: what it was answered, deny, is what is recorded
    assert_eq!(
        (field(3, "agent"), field(3, "decision")),
        (json!("codex"), json!("deny"))
    );
    assert_eq!(field(3, "rules")[0], "git-push-force");
    assert_eq!(field(3, "session"), "s-codex");
    // an argument vector, joined with spaces
    assert_eq!(field(4, "command"), "bash -lc rm -rf /");
    assert_eq!(field(4, "decision"), "deny");

    // Gemini CLI cannot ask either
    assert_eq!(
        (field(5, "agent"), field(5, "decision")),
        (json!("gemini"), json!("deny"))
    );
    assert_eq!(field(5, "tool"), "run_shell_command");

    // Copilot CLI: toolName and toolArgs (a JSON string), no session in its input
    assert_eq!(
        (field(6, "agent"), field(6, "decision")),
        (json!("copilot"), json!("ask"))
    );
    assert_eq!((field(6, "tool"), field(6, "command")), (json!("bash"), json!(ASK)));
    assert!(lines[6].get("session").is_none());

    // Cursor: its shell event is the tool "Shell"; an MCP call's command is its input as JSON
    assert_eq!((field(7, "agent"), field(7, "tool")), (json!("cursor"), json!("Shell")));
    assert_eq!((field(7, "session"), field(7, "command")), (json!("c1"), json!(DENY)));
    assert_eq!(field(7, "decision"), "deny");
    assert_eq!(field(8, "tool"), "graphql");
    assert_eq!(field(8, "command"), json!({"query": VOLUME_DELETE}).to_string());
    assert_eq!(field(8, "rules")[0], "railway-volume-delete");

    // input the hook cannot read: a deny that failed closed, with what could be read (nothing)
    assert_eq!(
        (field(9, "decision"), field(9, "failure")),
        (json!("deny"), json!("input"))
    );
    assert!(lines[9].get("command").is_none() && lines[9].get("tool").is_none());
}

#[cfg(debug_assertions)]
#[test]
fn a_timeout_is_recorded_within_the_bound() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("decisions.jsonl");
    let started = std::time::Instant::now();
    let out = hook(
        tmp.path(),
        &log,
        "claude-code",
        &["--timeout-ms", "300"],
        &[("PREFLIGHT_HOOK_FAULT", "hang")],
        &claude_bash(ALLOW).to_string(),
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(out.code, 2);
    let lines = lines(&log);
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0]["failure"].clone(), lines[0]["decision"].clone()),
        (json!("timeout"), json!("deny"))
    );
    // the input was read before the check hung
    assert_eq!(lines[0]["command"], ALLOW);
    assert!(lines[0]["duration_ms"].as_u64().unwrap() >= 300);
}

#[test]
fn hash_mode_keeps_no_command_text() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("decisions.jsonl");
    let secret = "rm -rf /srv/zebra-unique-9137";
    let input = claude_bash(secret).to_string();
    let out = hook(tmp.path(), &log, "claude-code", &["--log", "hash"], &[], &input);
    assert_eq!(out.stdout, unlogged(tmp.path(), "claude-code", &[], &input).stdout);
    // from the environment too
    hook(
        tmp.path(),
        &log,
        "codex",
        &[],
        &[("PREFLIGHT_LOG", "hash")],
        &codex_bash(json!(secret)).to_string(),
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("zebra-unique-9137"), "{text}");
    let lines = lines(&log);
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l["command_sha256"], sha256(secret));
        assert!(l.get("command").is_none());
        assert_ne!(l["decision"], "allow");
    }
    // the flag wins over the environment
    hook(
        tmp.path(),
        &log,
        "claude-code",
        &["--log", "text"],
        &[("PREFLIGHT_LOG", "off")],
        &claude_bash(ALLOW).to_string(),
    );
    assert_eq!(self::lines(&log)[2]["command"], ALLOW);
}

#[test]
fn off_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("state/preflight/decisions.jsonl");
    let input = claude_bash(DENY).to_string();
    let out = hook(
        tmp.path(),
        &log,
        "claude-code",
        &[],
        &[("PREFLIGHT_LOG", "off")],
        &input,
    );
    assert!(out.stdout.contains("\"deny\""));
    let out = hook(
        tmp.path(),
        &log,
        "cursor",
        &["--log", "off"],
        &[],
        &cursor_shell(DENY).to_string(),
    );
    assert!(out.stdout.contains("\"deny\""));
    // and with no PREFLIGHT_LOG_FILE, nothing under HOME either (the doctor's self-test)
    preflight(
        tmp.path(),
        &["hook", "gemini"],
        &[("PREFLIGHT_LOG", "off")],
        &gemini_shell(ALLOW).to_string(),
    );
    let entries: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(entries.is_empty(), "{entries:?}");
    // an unknown value is text
    hook(
        tmp.path(),
        &log,
        "claude-code",
        &[],
        &[("PREFLIGHT_LOG", "verbose")],
        &input,
    );
    assert_eq!(lines(&log).len(), 1);
}

#[test]
fn the_default_location_is_the_user_state_directory() {
    let tmp = tempfile::tempdir().unwrap();
    preflight(
        tmp.path(),
        &["hook", "claude-code", "--no-resolve-context"],
        &[],
        &claude_bash(ALLOW).to_string(),
    );
    let log = if cfg!(windows) {
        tmp.path().join("AppData/Local/preflight/decisions.jsonl")
    } else {
        tmp.path().join(".local/state/preflight/decisions.jsonl")
    };
    assert_eq!(lines(&log).len(), 1, "{}", log.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&log), 0o600);
        assert_eq!(mode(log.parent().unwrap()), 0o700);
        let state = tmp.path().join("xdg-state");
        preflight(
            tmp.path(),
            &["hook", "claude-code", "--no-resolve-context"],
            &[("XDG_STATE_HOME", state.to_str().unwrap())],
            &claude_bash(ALLOW).to_string(),
        );
        assert_eq!(lines(&state.join("preflight/decisions.jsonl")).len(), 1);
    }
    // `preflight log` finds it there too
    let out = preflight(tmp.path(), &["log", "--format", "json"], &[], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let summary: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["records"], 1);
}

#[test]
fn a_log_that_cannot_be_written_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a-directory");
    std::fs::create_dir(&dir).unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let calls = [
        ("claude-code", claude_bash(DENY).to_string()),
        ("claude-code", claude_bash(ALLOW).to_string()),
        ("codex", codex_bash(json!(ASK)).to_string()),
        ("cursor", cursor_shell(ALLOW).to_string()),
        ("claude-code", "not json".to_owned()),
    ];
    // a directory where the file should be, and a file where its directory should be
    for log in [dir.clone(), file.join("decisions.jsonl")] {
        for (agent, input) in &calls {
            let out = hook(tmp.path(), &log, agent, &[], &[], input);
            let reference = unlogged(tmp.path(), agent, &[], input);
            assert_eq!(
                (out.code, &out.stdout, &out.stderr),
                (reference.code, &reference.stdout, &reference.stderr),
                "{} {agent} {input}",
                log.display()
            );
        }
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a directory");
}

#[test]
fn the_log_is_rotated_at_its_bound() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("decisions.jsonl");
    let input = claude_bash(ALLOW).to_string();
    for _ in 0..5 {
        hook(
            tmp.path(),
            &log,
            "claude-code",
            &[],
            &[("PREFLIGHT_LOG_MAX_BYTES", "700")],
            &input,
        );
    }
    let rotated = tmp.path().join("decisions.jsonl.1");
    let (now, older) = (lines(&log), lines(&rotated));
    assert!(!now.is_empty() && !older.is_empty(), "{now:?} {older:?}");
    for f in [&log, &rotated] {
        assert!(std::fs::metadata(f).unwrap().len() <= 700);
    }
    // `preflight log` reads both, the older first
    let out = preflight(
        tmp.path(),
        &["log", "--file", log.to_str().unwrap(), "--format", "json"],
        &[],
        "",
    );
    let summary: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["records"], now.len() + older.len());
    assert_eq!(
        summary["files"],
        json!([rotated.to_str().unwrap(), log.to_str().unwrap()])
    );
}

// ---- preflight log ---------------------------------------------------------------------------------

fn log_cmd(home: &Path, file: &Path, args: &[&str]) -> Out {
    let mut all = vec!["log", "--file", file.to_str().unwrap()];
    all.extend_from_slice(args);
    preflight(home, &all, &[], "")
}

#[test]
fn preflight_log_summarizes_what_the_hooks_wrote() {
    let calls: Vec<(&str, &[&str], String)> = vec![
        ("claude-code", &[], claude_bash(DENY).to_string()),
        ("claude-code", &[], claude_bash(DENY).to_string()),
        ("claude-code", &[], claude_bash(ALLOW).to_string()),
        ("cursor", &[], cursor_shell(ASK).to_string()),
        ("codex", &[], codex_bash(json!(DENY)).to_string()),
        ("gemini", &["--log", "hash"], gemini_shell(ASK).to_string()),
        ("copilot", &[], "{".to_owned()),
    ];
    let (tmp, log, _) = logged_calls(&calls);

    let out = log_cmd(tmp.path(), &log, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = &out.stdout;
    for expected in [
        format!("Decision log: {}", log.display()),
        "7 decisions, from ".to_owned(),
        "allow 1   ask 1   deny 5   (1 of the denials failed closed: input 1)".to_owned(),
        "claude-code         1     0     2".to_owned(),
        "rm-recursive-root".to_owned(),
        "    3     0     3  rm -rf /".to_owned(),
        format!("sha256:{}", &sha256(ASK)[..12]),
        "latest denials".to_owned(),
        "copilot  failed closed (input)".to_owned(),
        format!("    in {}", root()),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
    assert!(!text.contains(&sha256(ASK)[..13]), "{text}");

    let out = log_cmd(tmp.path(), &log, &["--format", "json"]);
    assert_eq!(out.code, 0);
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    let mut expected = vec![
        "file",
        "files",
        "since",
        "agent",
        "records",
        "skipped_lines",
        "period",
        "decisions",
        "failed_closed",
        "agents",
        "rules",
        "commands",
        "latest_denials",
    ];
    expected.sort();
    assert_eq!(sorted, expected);
    assert_eq!(s["records"], 7);
    assert_eq!(s["skipped_lines"], 0);
    assert_eq!(s["decisions"], json!({"allow": 1, "ask": 1, "deny": 5}));
    assert_eq!(s["failed_closed"], json!({"input": 1}));
    assert_eq!(
        s["agents"][0],
        json!({"agent": "claude-code", "allow": 1, "ask": 0, "deny": 2})
    );
    assert_eq!(s["rules"][0]["rule"], "rm-recursive-root");
    assert_eq!(s["rules"][0]["deny"], 3);
    assert_eq!(s["commands"][0]["command"], DENY);
    assert_eq!(s["commands"][0]["times"], 3);
    assert!(
        s["commands"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["command_sha256"] == sha256(ASK))
    );
    assert_eq!(s["latest_denials"].as_array().unwrap().len(), 5);
    assert_eq!(s["latest_denials"][0]["agent"], "copilot");
    assert!(s["period"]["from"].as_str().unwrap() <= s["period"]["to"].as_str().unwrap());

    // filters and limits
    let out = log_cmd(
        tmp.path(),
        &log,
        &["--agent", "claude", "--format", "json", "--limit", "1"],
    );
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        (s["records"].clone(), s["agent"].clone()),
        (json!(3), json!("claude-code"))
    );
    assert_eq!(s["latest_denials"].as_array().unwrap().len(), 1);
    let out = log_cmd(tmp.path(), &log, &["--since", "2999-01-01", "--format", "json"]);
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!((s["records"].clone(), s["period"].clone()), (json!(0), Value::Null));
    let out = log_cmd(tmp.path(), &log, &["--since", "2000"]);
    assert!(out.stdout.contains("7 decisions (since 2000), from"), "{}", out.stdout);
    let out = log_cmd(tmp.path(), &log, &["--since", "last tuesday"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("RFC 3339"), "{}", out.stderr);
}

#[test]
fn preflight_log_skips_and_counts_what_is_not_a_record() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("decisions.jsonl");
    let record = json!({
        "time": "2026-12-05T23:44:40Z", "agent": "claude-code", "session": "s", "cwd": "/p",
        "tool": "Bash", "decision": "deny", "rules": ["rm-recursive-root"], "duration_ms": 4,
        "command": "rm -rf /", "version": "0.1.0"
    })
    .to_string();
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"garbage\n");
    bytes.extend_from_slice(record.as_bytes());
    bytes.extend_from_slice(b"\n{\"time\": 12}\n\xc3\x28 not UTF-8\n\n");
    bytes.extend_from_slice(
        b"{\"time\":\"2026-12-06T00:00:00Z\",\"agent\":\"codex\",\"decision\":\"allow\",\"future\":{\"x\":1}}\n",
    );
    bytes.extend_from_slice(&record.as_bytes()[..40]); // a last line cut short
    std::fs::write(&log, &bytes).unwrap();
    std::fs::write(tmp.path().join("decisions.jsonl.1"), b"\x00\x01\x02\xff\n[]\n").unwrap();

    let out = log_cmd(tmp.path(), &log, &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!((s["records"].clone(), s["skipped_lines"].clone()), (json!(2), json!(6)));
    let out = log_cmd(tmp.path(), &log, &[]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("6 lines skipped: corrupt, cut short or not UTF-8"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("2 decisions, from 2026-12-05T23:44:40Z to 2026-12-06T00:00:00Z"),
        "{}",
        out.stdout
    );

    // a command with terminal escapes is shown escaped
    let nasty = json!({"time": "2026-12-07T00:00:00Z", "agent": "cursor", "decision": "deny",
                       "command": "rm -rf /\u{1b}[2J\u{1b}]0;owned\u{7}"});
    std::fs::write(&log, format!("{nasty}\n")).unwrap();
    let out = log_cmd(tmp.path(), &log, &[]);
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
        "{:?}",
        out.stdout
    );
    assert!(out.stdout.contains("rm -rf /\\u{1b}[2J"), "{}", out.stdout);
}

#[test]
fn preflight_log_without_a_log_and_with_an_unreadable_one() {
    let tmp = tempfile::tempdir().unwrap();
    let absent = tmp.path().join("nothing/decisions.jsonl");
    let out = log_cmd(tmp.path(), &absent, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("No decisions recorded"), "{}", out.stdout);
    assert!(out.stdout.contains(absent.to_str().unwrap()), "{}", out.stdout);
    let out = log_cmd(tmp.path(), &absent, &["--format", "json"]);
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!((s["records"].clone(), s["files"].clone()), (json!(0), json!([])));
    assert!(!absent.parent().unwrap().exists(), "reading created the directory");

    // a directory is not a log
    let out = log_cmd(tmp.path(), tmp.path(), &[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read the decision log"), "{}", out.stderr);
    assert!(out.stderr.contains("directory"), "{}", out.stderr);
    assert_eq!(out.stdout, "");
}

#[test]
fn the_guide_and_the_readme_show_the_log() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/integrations.md")).unwrap();
    for snippet in [
        "\n### Decision log\n",
        "decisions.jsonl",
        "--log text|hash|off",
        "PREFLIGHT_LOG_FILE",
        "PREFLIGHT_LOG_MAX_BYTES",
        "\npreflight log [--file PATH]",
    ] {
        assert!(guide.contains(snippet), "docs/integrations.md lacks {snippet:?}");
    }
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("\npreflight log "), "README shows `preflight log`");
}
