//! `preflight log`: a summary of the decision log — the period it covers, decisions by agent
//! and by rule, the commands asked about or denied most often (where the guard gets in the way)
//! and the latest denials.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::{ReadResult, Record};
use crate::cli::{AgentArg, EXIT_ERROR, EXIT_OK, ListFormat};
use crate::hook::{Agent, Decision};

#[derive(clap::Args, Debug)]
pub struct LogArgs {
    /// The log file (default: $PREFLIGHT_LOG_FILE, else decisions.jsonl in the user's state
    /// directory); its rotated `.1` is read too.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// Only decisions at or after this time: an RFC 3339 date or time, or a prefix of one
    /// (`2026-12-01`, `2026-12-01T09:30`).
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<String>,
    /// Only this agent's decisions.
    #[arg(long, value_enum, value_name = "NAME")]
    pub agent: Option<AgentArg>,
    /// Rows per table.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `--since`: a prefix of `YYYY-MM-DDTHH:MM:SSZ` at least as long as the year (a space or a
/// lower-case `t` for the `T`).
fn parse_since(s: &str) -> Result<String, String> {
    const SHAPE: &[u8] = b"0000-00-00T00:00:00Z";
    let s = s.trim();
    let normal: String = s
        .char_indices()
        .map(|(i, c)| if i == 10 && (c == ' ' || c == 't') { 'T' } else { c })
        .collect();
    let fits = normal.len() >= 4
        && normal.len() <= SHAPE.len()
        && normal.bytes().zip(SHAPE).all(|(b, &want)| match want {
            b'0' => b.is_ascii_digit(),
            _ => b == want,
        });
    if fits {
        Ok(normal)
    } else {
        Err(format!(
            "`{s}` is not an RFC 3339 date or time in UTC, or a prefix of one (2026-12-01, 2026-12-01T09:30:00Z)"
        ))
    }
}

/// Allow, ask and deny counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub allow: usize,
    pub ask: usize,
    pub deny: usize,
}

impl Counts {
    fn add(&mut self, d: Decision) {
        match d {
            Decision::Allow => self.allow += 1,
            Decision::Ask => self.ask += 1,
            Decision::Deny => self.deny += 1,
        }
    }

    fn total(&self) -> usize {
        self.allow + self.ask + self.deny
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgentRow {
    pub agent: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleRow {
    pub rule: String,
    /// Decisions it caused (it was among the rules behind an ask or a deny).
    pub ask: usize,
    pub deny: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommandRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command_sha256: Option<String>,
    pub times: usize,
    pub ask: usize,
    pub deny: usize,
    pub last: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Denial {
    pub time: String,
    pub agent: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    pub rules: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
}

/// What `preflight log` shows (its JSON document: keys in this order, always present but for a
/// row's absent command, cwd or failure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The log file named.
    pub file: String,
    /// The files read, older first; empty when there is no log yet.
    pub files: Vec<String>,
    pub since: Option<String>,
    pub agent: Option<String>,
    /// Records kept by the filters.
    pub records: usize,
    /// Lines that are not records (corrupt, cut short, not UTF-8), in the files read.
    pub skipped_lines: usize,
    pub period: Option<Period>,
    pub decisions: Counts,
    /// Denials because the hook could not decide, by kind (`input`, `internal`, `config`,
    /// `timeout`).
    pub failed_closed: BTreeMap<String, usize>,
    pub agents: Vec<AgentRow>,
    pub rules: Vec<RuleRow>,
    /// The commands asked about or denied most often.
    pub commands: Vec<CommandRow>,
    /// Most recent first.
    pub latest_denials: Vec<Denial>,
}

/// The filters and table length of a summary.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub since: Option<String>,
    pub agent: Option<String>,
    pub limit: usize,
}

impl Filter {
    fn keeps(&self, r: &Record) -> bool {
        self.since.as_deref().is_none_or(|s| r.time.as_str() >= s) && self.agent.as_deref().is_none_or(|a| r.agent == a)
    }
}

/// The summary of `log` (read from `file`).
pub fn summarize(file: &std::path::Path, log: &ReadResult, filter: &Filter) -> Summary {
    let records: Vec<&Record> = log.records.iter().filter(|r| filter.keeps(r)).collect();
    let limit = filter.limit;
    let mut decisions = Counts::default();
    let mut failed_closed = BTreeMap::new();
    let mut agents: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut rules: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    // by command text, or by hash: (row, position of its latest record)
    let mut commands: BTreeMap<(bool, &str), (CommandRow, usize)> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        decisions.add(r.decision);
        agents.entry(&r.agent).or_default().add(r.decision);
        if let Some(f) = &r.failure {
            *failed_closed.entry(f.clone()).or_insert(0) += 1;
        }
        if r.decision == Decision::Allow {
            continue;
        }
        let deny = r.decision == Decision::Deny;
        for rule in &r.rules {
            let e = rules.entry(rule).or_default();
            if deny {
                e.1 += 1;
            } else {
                e.0 += 1;
            }
        }
        let key = match (&r.command, &r.command_sha256) {
            (Some(c), _) => (false, c.as_str()),
            (None, Some(h)) => (true, h.as_str()),
            (None, None) => continue,
        };
        let (row, latest) = commands.entry(key).or_insert_with(|| {
            (
                CommandRow {
                    command: r.command.clone(),
                    command_sha256: r.command_sha256.clone().filter(|_| r.command.is_none()),
                    times: 0,
                    ask: 0,
                    deny: 0,
                    last: String::new(),
                },
                0,
            )
        });
        row.times += 1;
        if deny {
            row.deny += 1;
        } else {
            row.ask += 1;
        }
        if r.time >= row.last {
            row.last = r.time.clone();
            *latest = i;
        }
    }
    let period = records
        .iter()
        .map(|r| &r.time)
        .min()
        .zip(records.iter().map(|r| &r.time).max())
        .map(|(from, to)| Period {
            from: from.clone(),
            to: to.clone(),
        });

    let mut agents: Vec<AgentRow> = agents
        .into_iter()
        .map(|(agent, counts)| AgentRow {
            agent: agent.to_owned(),
            counts,
        })
        .collect();
    agents.sort_by(|a, b| b.counts.total().cmp(&a.counts.total()).then(a.agent.cmp(&b.agent)));
    agents.truncate(limit);

    let mut rules: Vec<RuleRow> = rules
        .into_iter()
        .map(|(rule, (ask, deny))| RuleRow {
            rule: rule.to_owned(),
            ask,
            deny,
        })
        .collect();
    rules.sort_by(|a, b| {
        (b.ask + b.deny, b.deny)
            .cmp(&(a.ask + a.deny, a.deny))
            .then(a.rule.cmp(&b.rule))
    });
    rules.truncate(limit);

    let mut commands: Vec<(CommandRow, usize)> = commands.into_values().collect();
    commands.sort_by(|(a, ai), (b, bi)| b.times.cmp(&a.times).then(b.last.cmp(&a.last)).then(bi.cmp(ai)));
    let commands: Vec<CommandRow> = commands.into_iter().take(limit).map(|(row, _)| row).collect();

    // most recent first; among equal times, the later line
    let mut denials: Vec<(usize, &&Record)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.decision == Decision::Deny)
        .collect();
    denials.sort_by(|(ai, a), (bi, b)| b.time.cmp(&a.time).then(bi.cmp(ai)));
    let latest_denials = denials
        .into_iter()
        .take(limit)
        .map(|(_, r)| Denial {
            time: r.time.clone(),
            agent: r.agent.clone(),
            tool: r.tool.clone(),
            rules: r.rules.clone(),
            failure: r.failure.clone(),
            command: r.command.clone(),
            command_sha256: r.command_sha256.clone(),
            cwd: r.cwd.clone(),
        })
        .collect();

    Summary {
        file: file.display().to_string(),
        files: log.files.iter().map(|f| f.display().to_string()).collect(),
        since: filter.since.clone(),
        agent: filter.agent.clone(),
        records: records.len(),
        skipped_lines: log.skipped,
        period,
        decisions,
        failed_closed,
        agents,
        rules,
        commands,
        latest_denials,
    }
}

/// At most this many characters of a command in a table row, and in a denial.
const ROW_CHARS: usize = 72;
const DENIAL_CHARS: usize = 300;

/// `text` on one line, safe for a terminal (control characters escaped), cut to `max`
/// characters.
fn shown(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for c in text.chars() {
        let piece: String = match c {
            '\n' => "⏎ ".into(),
            '\t' => " ".into(),
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                c.escape_unicode().to_string()
            }
            c => c.to_string(),
        };
        let n = piece.chars().count();
        if count + n > max {
            out.push('…');
            return out;
        }
        out.push_str(&piece);
        count += n;
    }
    out
}

fn command_cell(command: Option<&str>, sha: Option<&str>, max: usize) -> String {
    match (command, sha) {
        (Some(c), _) => shown(c, max),
        (None, Some(h)) => format!("sha256:{}", shown(&h.chars().take(12).collect::<String>(), 12)),
        (None, None) => "-".to_owned(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary for people.
pub fn render_human(s: &Summary) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(o, "Decision log: {}", shown(&s.file, 4096));
    if s.files.len() > 1 {
        let _ = writeln!(o, "  (with the older {})", shown(&s.files[0], 4096));
    }
    let mut filters = Vec::new();
    if let Some(since) = &s.since {
        filters.push(format!("since {since}"));
    }
    if let Some(agent) = &s.agent {
        filters.push(format!("agent {agent}"));
    }
    let filtered = if filters.is_empty() {
        String::new()
    } else {
        format!(" ({})", filters.join(", "))
    };
    match &s.period {
        Some(p) => {
            let _ = writeln!(
                o,
                "{}{filtered}, from {} to {}",
                plural(s.records, "decision", "decisions"),
                p.from,
                p.to
            );
        }
        None => {
            let _ = writeln!(o, "No decisions{filtered}.");
        }
    }
    if s.skipped_lines > 0 {
        let _ = writeln!(
            o,
            "{} skipped: corrupt, cut short or not UTF-8",
            plural(s.skipped_lines, "line", "lines")
        );
    }
    if s.records == 0 {
        return out;
    }
    let d = s.decisions;
    let _ = write!(o, "\nallow {}   ask {}   deny {}", d.allow, d.ask, d.deny);
    let failed: usize = s.failed_closed.values().sum();
    if failed > 0 {
        let kinds: Vec<String> = s.failed_closed.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ = write!(o, "   ({failed} of the denials failed closed: {})", kinds.join(", "));
    }
    o.push('\n');

    let _ = writeln!(o, "\n{:<14}{:>7}{:>6}{:>6}", "agent", "allow", "ask", "deny");
    for a in &s.agents {
        let c = a.counts;
        let _ = writeln!(o, "{:<14}{:>7}{:>6}{:>6}", shown(&a.agent, 14), c.allow, c.ask, c.deny);
    }

    if !s.rules.is_empty() {
        let width = s
            .rules
            .iter()
            .map(|r| r.rule.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(4, 48);
        let _ = writeln!(o, "\n{:<width$}{:>6}{:>6}", "rule", "ask", "deny");
        for r in &s.rules {
            let _ = writeln!(o, "{:<width$}{:>6}{:>6}", shown(&r.rule, width), r.ask, r.deny);
        }
    }

    if !s.commands.is_empty() {
        let _ = writeln!(o, "\nasked about or denied most often");
        let _ = writeln!(o, "{:>5}{:>6}{:>6}  command", "times", "ask", "deny");
        for c in &s.commands {
            let cell = command_cell(c.command.as_deref(), c.command_sha256.as_deref(), ROW_CHARS);
            let _ = writeln!(o, "{:>5}{:>6}{:>6}  {cell}", c.times, c.ask, c.deny);
        }
    }

    if !s.latest_denials.is_empty() {
        let _ = writeln!(o, "\nlatest denials");
        for d in &s.latest_denials {
            let why = match (&d.failure, d.rules.is_empty()) {
                (Some(f), _) => format!("failed closed ({f})"),
                (None, true) => "-".to_owned(),
                (None, false) => d.rules.join(", "),
            };
            let tool = d
                .tool
                .as_deref()
                .map(|t| format!("  {}", shown(t, 40)))
                .unwrap_or_default();
            let _ = writeln!(o, "{}  {}{tool}  {}", d.time, shown(&d.agent, 20), shown(&why, 200));
            if d.command.is_some() || d.command_sha256.is_some() {
                let cell = command_cell(d.command.as_deref(), d.command_sha256.as_deref(), DENIAL_CHARS);
                let _ = writeln!(o, "    {cell}");
            }
            if let Some(cwd) = &d.cwd {
                let _ = writeln!(o, "    in {}", shown(cwd, 200));
            }
        }
    }
    out
}

/// `preflight log`.
pub fn run(args: LogArgs) -> i32 {
    let Some(file) = args.file.clone().or_else(super::default_path) else {
        eprintln!(
            "preflight: cannot tell where the decision log is: neither PREFLIGHT_LOG_FILE, XDG_STATE_HOME nor HOME is set; pass --file PATH"
        );
        return EXIT_ERROR;
    };
    let log = match super::read(&file) {
        Ok(log) => log,
        Err(e) => {
            eprintln!("preflight: {e}");
            return EXIT_ERROR;
        }
    };
    let filter = Filter {
        since: args.since.clone(),
        agent: args.agent.map(|a| Agent::from(a).arg().to_owned()),
        limit: args.limit,
    };
    let summary = summarize(&file, &log, &filter);
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&summary).expect("summaries serialize") + "\n",
        ListFormat::Human if log.files.is_empty() => format!(
            "No decisions recorded: there is no decision log at {} yet.\n`preflight hook` writes one line there per answer (see docs/integrations.md, \"Decision log\").\n",
            shown(&file.display().to_string(), 4096)
        ),
        ListFormat::Human => render_human(&summary),
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
        return EXIT_ERROR;
    }
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(time: &str, agent: &str, decision: Decision, rules: &[&str], command: &str) -> Record {
        Record {
            time: time.into(),
            agent: agent.into(),
            session: None,
            cwd: Some("/p".into()),
            tool: Some("Bash".into()),
            decision,
            rules: rules.iter().map(|r| (*r).to_owned()).collect(),
            duration_ms: 1,
            command: Some(command.into()),
            command_sha256: None,
            failure: None,
            version: "0".into(),
        }
    }

    fn log() -> ReadResult {
        use Decision::*;
        let mut hashed = rec("2026-12-03T00:00:00Z", "codex", Deny, &["rm-recursive-root"], "");
        hashed.command = None;
        hashed.command_sha256 = Some("0123456789abcdef".repeat(4));
        let mut failed = rec("2026-12-04T00:00:00Z", "gemini", Deny, &[], "");
        failed.command = None;
        failed.failure = Some("input".into());
        ReadResult {
            records: vec![
                rec("2026-11-30T10:00:00Z", "claude-code", Allow, &[], "git status"),
                rec(
                    "2026-12-01T10:00:00Z",
                    "claude-code",
                    Deny,
                    &["rm-recursive-root"],
                    "rm -rf /",
                ),
                rec(
                    "2026-12-01T11:00:00Z",
                    "cursor",
                    Ask,
                    &["git-push-force"],
                    "git push -f",
                ),
                rec(
                    "2026-12-02T10:00:00Z",
                    "claude-code",
                    Deny,
                    &["rm-recursive-root"],
                    "rm -rf /",
                ),
                hashed,
                failed,
            ],
            skipped: 2,
            files: vec![PathBuf::from("/l")],
        }
    }

    fn filter(limit: usize) -> Filter {
        Filter {
            limit,
            ..Filter::default()
        }
    }

    #[test]
    fn the_summary_counts_by_decision_agent_rule_and_command() {
        let s = summarize(std::path::Path::new("/l"), &log(), &filter(10));
        assert_eq!(s.records, 6);
        assert_eq!(s.skipped_lines, 2);
        assert_eq!(
            s.period,
            Some(Period {
                from: "2026-11-30T10:00:00Z".into(),
                to: "2026-12-04T00:00:00Z".into()
            })
        );
        assert_eq!(
            s.decisions,
            Counts {
                allow: 1,
                ask: 1,
                deny: 4
            }
        );
        assert_eq!(s.failed_closed, BTreeMap::from([("input".to_owned(), 1)]));
        assert_eq!(s.agents[0].agent, "claude-code");
        assert_eq!(
            s.agents[0].counts,
            Counts {
                allow: 1,
                ask: 0,
                deny: 2
            }
        );
        let rules: Vec<_> = s.rules.iter().map(|r| (r.rule.as_str(), r.ask, r.deny)).collect();
        assert_eq!(rules, [("rm-recursive-root", 0, 3), ("git-push-force", 1, 0)]);
        assert_eq!(s.commands[0].command.as_deref(), Some("rm -rf /"));
        assert_eq!(
            (s.commands[0].times, s.commands[0].last.as_str()),
            (2, "2026-12-02T10:00:00Z")
        );
        assert_eq!(s.commands.len(), 3);
        let times: Vec<_> = s.latest_denials.iter().map(|d| d.time.as_str()).collect();
        assert_eq!(
            times,
            [
                "2026-12-04T00:00:00Z",
                "2026-12-03T00:00:00Z",
                "2026-12-02T10:00:00Z",
                "2026-12-01T10:00:00Z"
            ]
        );
        let human = render_human(&s);
        assert!(human.contains("sha256:0123456789ab\n"), "{human}");
        assert!(!human.contains("0123456789abc"), "{human}");
        assert!(human.contains("failed closed (input)"), "{human}");
        assert!(
            human.contains("6 decisions, from 2026-11-30T10:00:00Z to 2026-12-04T00:00:00Z"),
            "{human}"
        );
    }

    #[test]
    fn filters_and_limits() {
        let s = summarize(
            std::path::Path::new("/l"),
            &log(),
            &Filter {
                since: Some("2026-12-02".into()),
                agent: Some("claude-code".into()),
                limit: 10,
            },
        );
        assert_eq!(s.records, 1);
        let s = summarize(std::path::Path::new("/l"), &log(), &filter(1));
        assert_eq!(
            (s.rules.len(), s.commands.len(), s.latest_denials.len(), s.agents.len()),
            (1, 1, 1, 1)
        );
        let s = summarize(
            std::path::Path::new("/l"),
            &log(),
            &Filter {
                since: Some("2027".into()),
                ..filter(10)
            },
        );
        assert_eq!((s.records, s.period.clone()), (0, None));
        assert!(render_human(&s).contains("No decisions (since 2027)."));
    }

    #[test]
    fn since_takes_rfc3339_prefixes() {
        assert_eq!(parse_since("2026-12-01").unwrap(), "2026-12-01");
        assert_eq!(parse_since("2026-12-01 09:30").unwrap(), "2026-12-01T09:30");
        assert_eq!(parse_since("2026-12-01T09:30:00Z").unwrap(), "2026-12-01T09:30:00Z");
        assert_eq!(parse_since("2026").unwrap(), "2026");
        for bad in [
            "",
            "26",
            "yesterday",
            "2026/12/01",
            "2026-12-01T09:30:00+01:00",
            "2026-12-01X",
        ] {
            assert!(parse_since(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn commands_are_shown_safely() {
        assert_eq!(shown("a\u{1b}[2Jb\nc", 100), "a\\u{1b}[2Jb⏎ c");
        assert_eq!(shown("abcdef", 3), "abc…");
        assert_eq!(shown("a\u{202e}b", 100), "a\\u{202e}b");
    }
}
