//! The decision log: every answer of `preflight hook` appends one JSON line to a user-level file
//! (what was decided, for which agent, tool and command, and which rules decided it), and
//! `preflight log` ([`summary`]) reads it back as a summary.
//!
//! Writing never changes a decision and never holds the answer up: the hook answers first, then
//! writes the line on a thread it waits for only briefly ([`Recorder::finish`]), and any error is
//! dropped silently (some agents show a hook's standard error to the model). Several agents' hooks
//! can append at once: each line is one `write_all` under an advisory lock, and a line whose lock
//! is not free within a few milliseconds is left out rather than waited for.

pub mod summary;

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::hook::{Agent, Answer, Decision, MAX_INPUT};

/// The log file's name in its directory.
pub const FILE_NAME: &str = "decisions.jsonl";
/// The log is rotated when a line would make it larger than this (`PREFLIGHT_LOG_MAX_BYTES`).
pub const DEFAULT_MAX_BYTES: u64 = 4 * 1024 * 1024;
/// A logged command is cut to this many characters.
pub const MAX_COMMAND_CHARS: usize = 4096;
/// How long the hook waits for its line to be written, at most (less when the hook's own bound
/// leaves less, but never less than [`MIN_WRITE_WAIT`]).
pub const WRITE_WAIT: Duration = Duration::from_millis(100);
/// The wait when the bound is used up (a hook that timed out): enough for the line, which takes
/// about a millisecond, to be written, so that timeouts are in the log too. The answer is out
/// by then; only the process's exit waits.
pub const MIN_WRITE_WAIT: Duration = Duration::from_millis(20);
/// How long a line waits for the file's lock in all, and the pause between tries.
const LOCK_BUDGET: Duration = Duration::from_millis(20);
const LOCK_PAUSE: Duration = Duration::from_millis(4);

/// What the log keeps of a command.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogMode {
    /// The command's text (cut to 4096 characters).
    #[default]
    Text,
    /// Only the SHA-256 of the command, never its text.
    Hash,
    /// No log at all.
    Off,
}

impl LogMode {
    /// The mode in force: the hook's `--log` flag, else `PREFLIGHT_LOG`, else text (also for a
    /// value of `PREFLIGHT_LOG` it does not know).
    pub fn resolve(flag: Option<LogMode>) -> LogMode {
        flag.unwrap_or_else(|| Self::parse_env(std::env::var_os("PREFLIGHT_LOG").as_deref()))
    }

    fn parse_env(value: Option<&std::ffi::OsStr>) -> LogMode {
        match value
            .and_then(|v| v.to_str())
            .map(|v| v.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("hash") => LogMode::Hash,
            Some("off") => LogMode::Off,
            _ => LogMode::Text,
        }
    }
}

/// Where the log is: `$PREFLIGHT_LOG_FILE`; else `$XDG_STATE_HOME/preflight/decisions.jsonl`;
/// else `$HOME/.local/state/preflight/decisions.jsonl`; on Windows
/// `%LOCALAPPDATA%\preflight\decisions.jsonl`. `None` when none of these is set.
pub fn default_path() -> Option<PathBuf> {
    path_from(|name| std::env::var_os(name), cfg!(windows))
}

fn path_from(env: impl Fn(&str) -> Option<OsString>, windows: bool) -> Option<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(file) = var("PREFLIGHT_LOG_FILE") {
        return Some(file);
    }
    let dir = if windows {
        var("LOCALAPPDATA")?
    } else if let Some(state) = var("XDG_STATE_HOME").filter(|p| p.is_absolute()) {
        state
    } else {
        var("HOME")?.join(".local").join("state")
    };
    Some(dir.join("preflight").join(FILE_NAME))
}

/// The rotated log beside `path`: `decisions.jsonl.1`.
pub fn rotated_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".1");
    PathBuf::from(name)
}

/// The size at which the log is rotated: `PREFLIGHT_LOG_MAX_BYTES`, else [`DEFAULT_MAX_BYTES`].
pub fn max_bytes() -> u64 {
    std::env::var("PREFLIGHT_LOG_MAX_BYTES")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(DEFAULT_MAX_BYTES)
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// When the hook was called: RFC 3339, UTC, whole seconds (`2026-12-05T23:44:40Z`).
    pub time: String,
    /// `claude-code`, `cursor`, `codex`, `gemini` or `copilot`.
    pub agent: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// What the agent was answered (Codex and Gemini CLI are answered deny where others are
    /// asked).
    pub decision: Decision,
    /// The rules behind the decision, most serious first.
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default)]
    pub duration_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command_sha256: Option<String>,
    /// `input`, `internal`, `config` or `timeout` when the hook failed closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// preflight's version.
    #[serde(default)]
    pub version: String,
}

impl Record {
    /// The record as one line of the log, newline included.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("records serialize");
        line.push('\n');
        line
    }
}

// ---------------------------------------------------------------------------------------------
// Recording

/// A reader that keeps a copy of what it reads (up to the hook's input bound), so that the log
/// can say what was called without changing how the hook reads its input.
pub struct Tee<R> {
    inner: R,
    copy: Option<Arc<Mutex<Vec<u8>>>>,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(copy) = &self.copy {
            let mut copy = copy.lock().unwrap_or_else(PoisonError::into_inner);
            let room = (MAX_INPUT + 1).saturating_sub(copy.len());
            copy.extend_from_slice(&buf[..n.min(room)]);
        }
        Ok(n)
    }
}

/// Records one hook call: created before the hook reads its input, finished after it answered.
pub struct Recorder {
    agent: Agent,
    mode: LogMode,
    path: Option<PathBuf>,
    max_bytes: u64,
    time: SystemTime,
    started: Instant,
    copy: Arc<Mutex<Vec<u8>>>,
}

impl Recorder {
    /// A recorder for `agent`'s hook in `mode`, writing to [`default_path`].
    pub fn new(agent: Agent, mode: LogMode) -> Recorder {
        let path = if mode == LogMode::Off { None } else { default_path() };
        Recorder {
            agent,
            mode,
            path,
            max_bytes: max_bytes(),
            time: SystemTime::now(),
            started: Instant::now(),
            copy: Arc::default(),
        }
    }

    /// `input`, read through a copy for the log (none when the log is off).
    pub fn tee<R: Read>(&self, input: R) -> Tee<R> {
        Tee {
            inner: input,
            copy: self.path.is_some().then(|| Arc::clone(&self.copy)),
        }
    }

    /// Appends the line for `answer`, after the answer is written. Waits for the write at most
    /// [`WRITE_WAIT`] or what is left of the hook's `bound`, whichever is less (but at least
    /// [`MIN_WRITE_WAIT`]); errors are ignored.
    pub fn finish(self, answer: &Answer, bound: Duration) {
        let Some(path) = self.path.filter(|_| self.mode != LogMode::Off) else {
            return;
        };
        let elapsed = self.started.elapsed();
        let wait = WRITE_WAIT.min(bound.saturating_sub(elapsed)).max(MIN_WRITE_WAIT);
        let outcome = Outcome::of(answer);
        let (agent, mode, time, max_bytes, copy) = (self.agent, self.mode, self.time, self.max_bytes, self.copy);
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new().name("preflight-log".into()).spawn(move || {
            let input = std::mem::take(&mut *copy.lock().unwrap_or_else(PoisonError::into_inner));
            let record = make_record(agent, mode, time, elapsed, &outcome, &input);
            let _ = tx.send(append(&path, &record.to_line(), max_bytes));
        });
        if spawned.is_ok() {
            let _ = rx.recv_timeout(wait);
        }
    }
}

/// What an answer decided, as the log records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub decision: Decision,
    pub rules: Vec<String>,
    pub failure: Option<&'static str>,
}

impl Outcome {
    pub fn of(answer: &Answer) -> Outcome {
        Outcome {
            decision: answer.decision,
            rules: answer.rules.clone(),
            failure: answer.failure,
        }
    }
}

/// The log line for one call: `input` is the hook input as read (parsed leniently: whatever does
/// not parse is left out).
pub fn make_record(
    agent: Agent,
    mode: LogMode,
    time: SystemTime,
    duration: Duration,
    outcome: &Outcome,
    input: &[u8],
) -> Record {
    let call = Called::parse(agent, input);
    let (command, command_sha256) = match (call.command, mode) {
        (None, _) => (None, None),
        (Some(c), LogMode::Hash) => (None, Some(sha256_hex(c.as_bytes()))),
        (Some(c), _) => (Some(truncate_chars(c, MAX_COMMAND_CHARS)), None),
    };
    Record {
        time: rfc3339(time),
        agent: agent.arg().to_owned(),
        session: call.session,
        cwd: call.cwd,
        tool: call.tool,
        decision: outcome.decision,
        rules: outcome.rules.clone(),
        duration_ms: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
        command,
        command_sha256,
        failure: outcome.failure.map(str::to_owned),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}

/// What the log says about a call, read from the hook input.
#[derive(Debug, Default)]
struct Called {
    session: Option<String>,
    cwd: Option<String>,
    tool: Option<String>,
    command: Option<String>,
}

impl Called {
    fn parse(agent: Agent, input: &[u8]) -> Called {
        if input.len() > MAX_INPUT {
            return Called::default();
        }
        let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(input) else {
            return Called::default();
        };
        let text = |key: &str| o.get(key).and_then(Value::as_str).map(str::to_owned);
        let session = text("session_id")
            .or_else(|| text("conversation_id"))
            .or_else(|| text("sessionId"));
        let cwd = crate::hook::input_cwd(agent, &o).map(str::to_owned);
        let mut tool = text("tool_name").or_else(|| text("toolName"));
        let mut command = None;
        if agent == Agent::Cursor && o.get("hook_event_name").and_then(Value::as_str) == Some("beforeShellExecution") {
            tool = Some("Shell".to_owned());
            command = text("command");
        }
        if command.is_none() {
            let args = if agent == Agent::Copilot {
                "toolArgs"
            } else {
                "tool_input"
            };
            command = o
                .get(args)
                .and_then(|input| tool_command(tool.as_deref().unwrap_or(""), input));
        }
        Called {
            session,
            cwd,
            tool,
            command,
        }
    }
}

/// A tool call's command: a shell tool's command line (an argument vector joined with spaces),
/// else the compact JSON of its input.
fn tool_command(tool: &str, input: &Value) -> Option<String> {
    let parsed;
    let input = match input {
        // JSON in a string (Copilot CLI's `toolArgs`, some Cursor versions' `tool_input`)
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return Some(s.clone()),
        },
        Value::Null => return None,
        v => v,
    };
    if crate::hook::SHELL_TOOLS.contains(&tool) {
        match input.get("command") {
            Some(Value::String(line)) => return Some(line.clone()),
            Some(Value::Array(argv)) if argv.iter().all(Value::is_string) => {
                let words: Vec<&str> = argv.iter().filter_map(Value::as_str).collect();
                return Some(words.join(" "));
            }
            _ => {}
        }
    }
    serde_json::to_string(input).ok()
}

fn truncate_chars(mut s: String, max: usize) -> String {
    if let Some((at, _)) = s.char_indices().nth(max) {
        s.truncate(at);
    }
    s
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `t` in RFC 3339, UTC, whole seconds: `2026-12-05T23:44:40Z` (times before 1970 are 1970).
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// Whether `t` starts like an RFC 3339 time (`2026-12-05T23:44:40`), as [`rfc3339`] writes
/// them: the records are filtered and sorted by their time as text.
fn is_time(t: &str) -> bool {
    let shape = b"0000-00-00T00:00:00";
    t.len() >= shape.len()
        && t.bytes()
            .zip(shape)
            .all(|(b, &s)| if s == b'0' { b.is_ascii_digit() } else { b == s })
}

/// What became of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Appended {
    Written,
    /// Written to a new file, the old one kept as `decisions.jsonl.1`.
    Rotated,
    /// Left out: other hooks held the file's lock (or rotated it) for longer than a few
    /// milliseconds.
    Locked,
}

/// Appends `line` to the log at `path` in one write, under the file's lock: the directory is
/// created (0700 on Unix) and the file (0600), and when the line would make the file larger than
/// `max_bytes` the file is first renamed to `decisions.jsonl.1` (replacing an older one).
pub fn append(path: &Path, line: &str, max_bytes: u64) -> io::Result<Appended> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        create_dir(dir)?;
    }
    let mut rotated = false;
    let deadline = Instant::now() + LOCK_BUDGET;
    // the file can be rotated away by another hook between opening and locking it: reopen then
    for _ in 0..8 {
        let mut file = open_append(path, true)?;
        if !lock(&file, deadline)? {
            return Ok(Appended::Locked);
        }
        if !still_at(&file, path) {
            continue;
        }
        let len = file.metadata()?.len();
        if len > 0 && len.saturating_add(line.len() as u64) > max_bytes {
            fs::rename(path, rotated_path(path))?;
            rotated = true;
            continue;
        }
        file.write_all(line.as_bytes())?;
        return Ok(if rotated { Appended::Rotated } else { Appended::Written });
    }
    Ok(Appended::Locked)
}

fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn open_append(path: &Path, create: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).create(create);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Takes `file`'s exclusive lock, trying until `deadline`; `false` when another process keeps
/// it. A file system without locks is written without.
fn lock(file: &File, deadline: Instant) -> io::Result<bool> {
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(true),
            Err(fs::TryLockError::WouldBlock) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(false);
                }
                std::thread::sleep(LOCK_PAUSE.min(left));
            }
            Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => return Ok(true),
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_: &File, path: &Path) -> bool {
    path.is_file()
}

/// Whether the log at `path` can be appended to: its directory exists or can be created (it is
/// then created, as the hook would), and the file, if there is one, opens for appending. Writes
/// no line: where there is no file yet, an empty probe file is created beside it and removed.
pub fn check_writable(path: &Path) -> Result<(), String> {
    let shown = path.display();
    if path.is_dir() {
        return Err(format!("{shown} is a directory"));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        create_dir(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    if path.exists() {
        return open_append(path, false)
            .map(drop)
            .map_err(|e| format!("cannot append to {shown}: {e}"));
    }
    let probe = dir.join(format!(".{FILE_NAME}.probe-{}", std::process::id()));
    let created = OpenOptions::new().write(true).create_new(true).open(&probe);
    let _ = fs::remove_file(&probe);
    created
        .map(drop)
        .map_err(|e| format!("cannot create files in {}: {e}", dir.display()))
}

// ---------------------------------------------------------------------------------------------
// Reading

/// The records of a log, older first.
#[derive(Clone, Debug, Default)]
pub struct ReadResult {
    pub records: Vec<Record>,
    /// Lines that are not records: corrupt, cut short or not UTF-8.
    pub skipped: usize,
    /// The files read (the rotated one first); none when there is no log yet.
    pub files: Vec<PathBuf>,
}

/// A log file that exists but cannot be read.
#[derive(Debug)]
pub struct ReadError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot read the decision log {}: {}",
            self.path.display(),
            self.error
        )
    }
}

impl std::error::Error for ReadError {}

/// Reads the log at `path` and its rotated `.1` (first): every line that is a record, and the
/// count of those that are not. Files that do not exist are no error (a log not yet written
/// has no records); a path that exists but cannot be read (a directory, no permission) is.
pub fn read(path: &Path) -> Result<ReadResult, ReadError> {
    let mut result = ReadResult::default();
    for file in [rotated_path(path), path.to_path_buf()] {
        let fail = |error| ReadError {
            path: file.clone(),
            error,
        };
        match fs::metadata(&file) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(fail(e)),
            Ok(m) if m.is_dir() => return Err(fail(io::Error::other("it is a directory"))),
            Ok(_) => {}
        }
        let f = File::open(&file).map_err(fail)?;
        read_lines(BufReader::new(f), &mut result).map_err(fail)?;
        result.files.push(file);
    }
    Ok(result)
}

/// The records in `reader`, one per line, added to `result`.
pub fn read_lines(mut reader: impl BufRead, result: &mut ReadResult) -> io::Result<()> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record = std::str::from_utf8(text)
            .ok()
            .and_then(|t| serde_json::from_str::<Record>(t).ok())
            .filter(|r| is_time(&r.time) && !r.agent.is_empty());
        match record {
            Some(r) => result.records.push(r),
            None => result.skipped += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn outcome(decision: Decision, rules: &[&str]) -> Outcome {
        Outcome {
            decision,
            rules: rules.iter().map(|r| (*r).to_owned()).collect(),
            failure: None,
        }
    }

    fn claude(command: &str) -> Vec<u8> {
        json!({
            "session_id": "abc", "cwd": "/p", "hook_event_name": "PreToolUse",
            "tool_name": "Bash", "tool_input": {"command": command, "description": "x"}
        })
        .to_string()
        .into_bytes()
    }

    fn record(command: &str) -> Record {
        make_record(
            Agent::ClaudeCode,
            LogMode::Text,
            at(0),
            Duration::from_millis(3),
            &outcome(Decision::Deny, &["rm-recursive-root"]),
            &claude(command),
        )
    }

    #[test]
    fn times_are_rfc3339_utc_seconds() {
        assert_eq!(rfc3339(at(0)), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(at(951_782_400)), "2000-02-29T00:00:00Z"); // divisible by 400: leap
        assert_eq!(rfc3339(at(951_868_799)), "2000-02-29T23:59:59Z");
        assert_eq!(rfc3339(at(951_868_800)), "2000-03-01T00:00:00Z");
        assert_eq!(rfc3339(at(1_709_164_800)), "2024-02-29T00:00:00Z");
        assert_eq!(rfc3339(at(1_709_251_199)), "2024-02-29T23:59:59Z");
        assert_eq!(rfc3339(at(1_740_787_200)), "2025-03-01T00:00:00Z"); // 2025: no Feb 29
        assert_eq!(rfc3339(at(1_735_689_599)), "2024-12-31T23:59:59Z"); // day 366 of a leap year
        assert_eq!(rfc3339(at(4_107_542_400)), "2100-03-01T00:00:00Z"); // 2100: not a leap year
        assert_eq!(rfc3339(at(1_796_514_280)), "2026-12-05T23:44:40Z");
        assert_eq!(rfc3339(UNIX_EPOCH - Duration::from_secs(5)), "1970-01-01T00:00:00Z");
        // four centuries of days follow each other, months end on their last day
        let leap = |y: u64| y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
        let month_days = |y: u64, m: u64| match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let mut previous = (1969, 12, 31);
        for day in 0..146_097 {
            let (y, m, d) = civil_from_days(day);
            let next = if (y, m) == (previous.0, previous.1) {
                d == previous.2 + 1
            } else {
                d == 1
                    && previous.2 == month_days(previous.0, previous.1)
                    && (m == previous.1 % 12 + 1)
                    && y == previous.0 + u64::from(m == 1)
            };
            assert!(next, "day {day}: {y}-{m}-{d} after {previous:?}");
            previous = (y, m, d);
        }
        assert_eq!(previous, (2369, 12, 31));
    }

    #[test]
    fn a_record_holds_the_call() {
        let r = record("rm -rf /");
        let line = r.to_line();
        assert!(line.ends_with("}\n") && line.matches('\n').count() == 1);
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            v,
            json!({
                "time": "1970-01-01T00:00:00Z", "agent": "claude-code", "session": "abc", "cwd": "/p",
                "tool": "Bash", "decision": "deny", "rules": ["rm-recursive-root"], "duration_ms": 3,
                "command": "rm -rf /", "version": env!("CARGO_PKG_VERSION")
            })
        );
    }

    #[test]
    fn commands_by_agent_and_tool() {
        let o = outcome(Decision::Allow, &[]);
        let rec = |agent, input: Value| {
            make_record(
                agent,
                LogMode::Text,
                at(0),
                Duration::ZERO,
                &o,
                input.to_string().as_bytes(),
            )
        };
        let r = rec(
            Agent::Cursor,
            json!({"conversation_id": "c1", "hook_event_name": "beforeShellExecution",
                   "workspace_roots": ["/w"], "command": "ls -l"}),
        );
        assert_eq!(
            (
                r.tool.as_deref(),
                r.command.as_deref(),
                r.session.as_deref(),
                r.cwd.as_deref()
            ),
            (Some("Shell"), Some("ls -l"), Some("c1"), Some("/w"))
        );
        let r = rec(
            Agent::Cursor,
            json!({"hook_event_name": "beforeMCPExecution", "tool_name": "graphql",
                   "tool_input": "{\"query\": \"query { me { id } }\"}"}),
        );
        assert_eq!(r.command.as_deref(), Some(r#"{"query":"query { me { id } }"}"#));
        let r = rec(
            Agent::Copilot,
            json!({"sessionId": "s9", "cwd": "/c", "toolName": "bash", "toolArgs": "{\"command\": \"git status\"}"}),
        );
        assert_eq!(
            (r.tool.as_deref(), r.command.as_deref(), r.session.as_deref()),
            (Some("bash"), Some("git status"), Some("s9"))
        );
        let r = rec(
            Agent::Codex,
            json!({"tool_name": "Bash", "tool_input": {"command": ["bash", "-lc", "echo hi"]}}),
        );
        assert_eq!(r.command.as_deref(), Some("bash -lc echo hi"));
        let r = rec(
            Agent::Gemini,
            json!({"tool_name": "write_file", "tool_input": {"file_path": "a", "content": "b"}}),
        );
        assert_eq!(r.command.as_deref(), Some(r#"{"content":"b","file_path":"a"}"#));
        // what does not parse leaves fields out
        for input in [&b"not json"[..], b"[1]", b"{\"tool_name\": 3}", b"\xff\xfe", b""] {
            let r = make_record(Agent::ClaudeCode, LogMode::Text, at(0), Duration::ZERO, &o, input);
            assert_eq!((r.session, r.cwd, r.tool, r.command), (None, None, None, None));
        }
    }

    #[test]
    fn long_commands_are_cut_at_a_character() {
        let long = "é".repeat(MAX_COMMAND_CHARS + 10);
        let r = record(&long);
        assert_eq!(r.command.as_ref().unwrap().chars().count(), MAX_COMMAND_CHARS);
    }

    #[test]
    fn hash_mode_never_holds_the_text() {
        let secret = "psql -c 'DROP TABLE zebra_unique_9137'";
        let r = make_record(
            Agent::ClaudeCode,
            LogMode::Hash,
            at(0),
            Duration::ZERO,
            &outcome(Decision::Deny, &["sql-drop-table"]),
            &claude(secret),
        );
        let line = r.to_line();
        assert!(!line.contains("zebra_unique_9137"), "{line}");
        assert!(!line.contains("\"command\""), "{line}");
        assert_eq!(
            r.command_sha256.as_deref(),
            Some(sha256_hex(secret.as_bytes()).as_str())
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // the hash is of the whole command, even one longer than the text would keep
        let long = "x".repeat(MAX_COMMAND_CHARS * 2);
        let r = make_record(
            Agent::ClaudeCode,
            LogMode::Hash,
            at(0),
            Duration::ZERO,
            &outcome(Decision::Allow, &[]),
            &claude(&long),
        );
        assert_eq!(r.command_sha256, Some(sha256_hex(long.as_bytes())));
    }

    #[test]
    fn failures_are_recorded() {
        let o = Outcome {
            decision: Decision::Deny,
            rules: vec![],
            failure: Some("input"),
        };
        let r = make_record(Agent::Gemini, LogMode::Text, at(0), Duration::ZERO, &o, b"{");
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["failure"], "input");
        assert_eq!(v["decision"], "deny");
        assert_eq!(v["rules"], json!([]));
        assert!(v.get("command").is_none() && v.get("session").is_none());
    }

    #[test]
    fn the_mode_comes_from_the_flag_then_the_environment() {
        assert_eq!(LogMode::resolve(Some(LogMode::Hash)), LogMode::Hash);
        assert_eq!(LogMode::parse_env(None), LogMode::Text);
        assert_eq!(LogMode::parse_env(Some("off".as_ref())), LogMode::Off);
        assert_eq!(LogMode::parse_env(Some("HASH".as_ref())), LogMode::Hash);
        assert_eq!(LogMode::parse_env(Some("0".as_ref())), LogMode::Text);
    }

    #[test]
    fn where_the_log_is() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
        };
        let p = |vars, windows| path_from(env(vars), windows);
        assert_eq!(
            p(&[("PREFLIGHT_LOG_FILE", "/x/l.jsonl"), ("HOME", "/h")], false),
            Some(PathBuf::from("/x/l.jsonl"))
        );
        // (absolute paths of the Unix kind: this branch is not taken on Windows)
        if cfg!(unix) {
            assert_eq!(
                p(&[("XDG_STATE_HOME", "/s"), ("HOME", "/h")], false),
                Some(PathBuf::from("/s/preflight/decisions.jsonl"))
            );
            // a relative XDG_STATE_HOME is invalid, an empty value unset
            assert_eq!(
                p(
                    &[("XDG_STATE_HOME", "rel"), ("HOME", "/h"), ("PREFLIGHT_LOG_FILE", "")],
                    false
                ),
                Some(PathBuf::from("/h/.local/state/preflight/decisions.jsonl"))
            );
        }
        assert_eq!(p(&[], false), None);
        assert_eq!(
            p(&[("LOCALAPPDATA", "C:/Users/u/AppData/Local"), ("HOME", "/h")], true),
            Some(
                Path::new("C:/Users/u/AppData/Local")
                    .join("preflight")
                    .join("decisions.jsonl")
            )
        );
        assert_eq!(p(&[("HOME", "/h")], true), None);
        assert_eq!(
            rotated_path(Path::new("/a/decisions.jsonl")),
            PathBuf::from("/a/decisions.jsonl.1")
        );
    }

    #[test]
    fn appending_creates_a_private_directory_and_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state/preflight/decisions.jsonl");
        assert_eq!(append(&path, "{}\n", 1000).unwrap(), Appended::Written);
        assert_eq!(append(&path, "{}\n", 1000).unwrap(), Appended::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "{}\n{}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
    }

    #[test]
    fn the_log_is_rotated_at_its_bound() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("decisions.jsonl");
        let line = |n: usize| format!("{{\"n\":{n:04}}}\n"); // 11 bytes
        for n in 0..3 {
            assert_eq!(append(&path, &line(n), 40).unwrap(), Appended::Written);
        }
        // a fourth would make 44 bytes: the three go to .1
        assert_eq!(append(&path, &line(3), 40).unwrap(), Appended::Rotated);
        assert_eq!(fs::read_to_string(&path).unwrap(), line(3));
        assert_eq!(
            fs::read_to_string(rotated_path(&path)).unwrap(),
            line(0) + &line(1) + &line(2)
        );
        for n in 4..7 {
            append(&path, &line(n), 40).unwrap();
        }
        // the older .1 is replaced
        assert_eq!(
            fs::read_to_string(rotated_path(&path)).unwrap(),
            line(3) + &line(4) + &line(5)
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), line(6));
        // a line longer than the bound still goes into a file of its own
        let big = format!("{}\n", "x".repeat(100));
        assert_eq!(append(&path, &big, 40).unwrap(), Appended::Rotated);
        assert_eq!(append(&path, "y\n", 40).unwrap(), Appended::Rotated);
        assert_eq!(fs::read_to_string(rotated_path(&path)).unwrap(), big);
    }

    #[test]
    fn a_locked_log_is_skipped_quickly() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("decisions.jsonl");
        append(&path, "a\n", 1000).unwrap();
        let holder = File::open(&path).unwrap();
        holder.lock().unwrap();
        let started = Instant::now();
        assert_eq!(append(&path, "b\n", 1000).unwrap(), Appended::Locked);
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "{:?}",
            started.elapsed()
        );
        holder.unlock().unwrap();
        assert_eq!(append(&path, "c\n", 1000).unwrap(), Appended::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "a\nc\n");
    }

    /// 8 threads append 50 lines each to `path`, rotated at `max`; returns how many were written.
    fn append_concurrently(path: &Path, max: u64) -> usize {
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let path = path.to_path_buf();
                std::thread::spawn(move || {
                    let mut written = 0;
                    for i in 0..50 {
                        let r = record(&format!("echo {t} {i} {}", "x".repeat(200)));
                        if append(&path, &r.to_line(), max).unwrap() != Appended::Locked {
                            written += 1;
                        }
                    }
                    written
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).sum()
    }

    #[test]
    fn concurrent_appends_keep_whole_lines() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("decisions.jsonl");
        let written = append_concurrently(&path, DEFAULT_MAX_BYTES);
        let log = read(&path).unwrap();
        assert_eq!(log.skipped, 0);
        assert_eq!(log.records.len(), written);
        assert!(written > 0);
        // rotating all the while: every line in both files is still whole, neither file grows
        // past the bound
        let path = tmp.path().join("rotated.jsonl");
        let line = record(&format!("echo 0 0 {}", "x".repeat(200))).to_line().len() as u64;
        assert!(append_concurrently(&path, 10 * line) > 0);
        let log = read(&path).unwrap();
        assert_eq!(log.skipped, 0);
        assert!(!log.records.is_empty());
        for f in [&path, &rotated_path(&path)] {
            assert!(fs::metadata(f).unwrap().len() <= 10 * line + 2, "{}", f.display());
        }
    }

    #[test]
    fn reading_counts_what_is_not_a_record() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("decisions.jsonl");
        let good = record("rm -rf /").to_line();
        let older = record("git status").to_line();
        let mut bytes = Vec::new();
        bytes.extend_from_slice(good.as_bytes());
        bytes.extend_from_slice(b"not json at all\n");
        bytes.extend_from_slice(b"\n   \n"); // blank lines are not counted
        bytes.extend_from_slice(b"{\"time\": \"2026\"}\n"); // no agent nor decision
        bytes.extend_from_slice(b"{\"time\":\"x\",\"agent\":\"a\",\"decision\":\"maybe\"}\n");
        bytes.extend_from_slice(b"{\"time\":\"yesterday\",\"agent\":\"a\",\"decision\":\"deny\"}\n");
        bytes.extend_from_slice(b"{\"time\":\"2026-12-05T23:44:40Z\",\"agent\":\"\",\"decision\":\"deny\"}\n");
        bytes.extend_from_slice(b"\xff\xfe{\"bad\": \"utf-8\"}\n");
        bytes.extend_from_slice(good.trim_end().as_bytes());
        bytes.extend_from_slice(b"\r\n"); // CRLF is fine
        bytes.extend_from_slice(&good.as_bytes()[..good.len() / 2]); // cut short by a crash
        fs::write(&path, &bytes).unwrap();
        fs::write(rotated_path(&path), &older).unwrap();
        let log = read(&path).unwrap();
        assert_eq!(log.skipped, 7);
        let commands: Vec<_> = log.records.iter().map(|r| r.command.as_deref().unwrap()).collect();
        assert_eq!(commands, ["git status", "rm -rf /", "rm -rf /"]);
        assert_eq!(log.files, [rotated_path(&path), path.clone()]);
        // a record without its newline at the end of the file is whole
        fs::write(&path, good.trim_end()).unwrap();
        fs::remove_file(rotated_path(&path)).unwrap();
        let log = read(&path).unwrap();
        assert_eq!((log.records.len(), log.skipped), (1, 0));
    }

    #[test]
    fn an_absent_log_is_empty_and_a_directory_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let log = read(&tmp.path().join("none.jsonl")).unwrap();
        assert!(log.records.is_empty() && log.files.is_empty() && log.skipped == 0);
        let err = read(tmp.path()).unwrap_err();
        assert!(err.to_string().contains("directory"), "{err}");
    }

    #[test]
    fn writability_is_checked_without_writing() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("new/dir/decisions.jsonl");
        assert_eq!(check_writable(&path), Ok(()));
        assert!(!path.exists());
        assert_eq!(
            fs::read_dir(path.parent().unwrap()).unwrap().count(),
            0,
            "probe left behind"
        );
        append(&path, "{}\n", 100).unwrap();
        assert_eq!(check_writable(&path), Ok(()));
        assert_eq!(fs::read_to_string(&path).unwrap(), "{}\n");
        let err = check_writable(tmp.path()).unwrap_err();
        assert!(err.contains("is a directory"), "{err}");
        // a parent that is a file cannot become a directory
        let blocked = tmp.path().join("new/dir/decisions.jsonl/x.jsonl");
        assert!(check_writable(&blocked).is_err());
    }

    #[test]
    fn the_recorder_writes_after_the_answer_and_off_writes_nothing() {
        // PREFLIGHT_LOG_FILE is read by `Recorder::new`: build them by hand instead of setting
        // the environment of the test process
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("decisions.jsonl");
        let recorder = |mode, path: Option<PathBuf>| Recorder {
            agent: Agent::Codex,
            mode,
            path,
            max_bytes: DEFAULT_MAX_BYTES,
            time: at(0),
            started: Instant::now(),
            copy: Arc::default(),
        };
        let answer = Answer {
            stdout: "{}\n".into(),
            stderr: String::new(),
            code: 0,
            decision: Decision::Allow,
            rules: vec![],
            failure: None,
        };
        let r = recorder(LogMode::Text, Some(path.clone()));
        let mut read_back = Vec::new();
        r.tee(&claude("git status")[..]).read_to_end(&mut read_back).unwrap();
        assert_eq!(read_back, claude("git status"));
        r.finish(&answer, Duration::from_secs(2));
        let log = read(&path).unwrap();
        assert_eq!(log.records.len(), 1);
        assert_eq!(log.records[0].command.as_deref(), Some("git status"));
        assert_eq!(log.records[0].agent, "codex");

        let off = recorder(LogMode::Off, None);
        let mut sink = Vec::new();
        off.tee(&claude("ls")[..]).read_to_end(&mut sink).unwrap();
        assert!(off.copy.lock().unwrap().is_empty());
        off.finish(&answer, Duration::from_secs(2));
        assert_eq!(read(&path).unwrap().records.len(), 1);
    }
}
