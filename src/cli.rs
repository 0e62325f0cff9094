//! The command line: `preflight check`, `preflight rules`, `preflight explain`, `preflight hook`,
//! `preflight lsp`, `preflight init`, `preflight log`.
//! Parses arguments, runs the engine, prints a report and returns the exit status (0 clean, 1
//! findings, 2 error).

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::baseline::Baseline;
use crate::engine::{self, Input, Options};
use crate::finding::{Category, Severity};
use crate::finding::{FileReport, Report};
use crate::hook;
use crate::init;
use crate::lang::Lang;
use crate::report::{self, HumanOptions};
use crate::rules::RuleSet;
use crate::session::{ConfigMode, ConfigPolicy, Mode, Session, SessionError, SessionOptions};

/// Exit status: no finding at or above the failing severity.
pub const EXIT_OK: i32 = 0;
/// Exit status: findings at or above the failing severity.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage, configuration or internal error.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "preflight",
    version,
    about = "Reports destructive operations and unverified environment assumptions in shell scripts, GraphQL documents and agent plans, before they run."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check files and directories (default `.`); `-` reads standard input.
    Check(CheckArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Show a rule's documentation.
    Explain {
        /// The rule id, e.g. `rm-recursive-root`.
        rule: String,
    },
    /// Serve editors over the Language Server Protocol (standard input and output).
    Lsp(LspArgs),
    /// Answer a coding agent's pre-execution hook: reads the tool call as JSON on standard input
    /// and prints allow, ask or deny in that agent's protocol (see docs/integrations.md).
    Hook(HookArgs),
    /// Set a project up: a starting preflight.toml, and on request the pre-commit hook, a GitHub
    /// Actions workflow, the coding agents' pre-execution hooks and a baseline of today's findings.
    Init(InitArgs),
    /// Check the installed guards: every agent's hook settings that apply here (matcher, command,
    /// timeout, fail-closed), the configuration and the decision log; `--self-test` runs each
    /// hook with a destructive and a benign call. Exit 0 when every installed guard works.
    Doctor(DoctorArgs),
    /// Summarize the hooks' decision log: decisions by agent and rule, the commands asked about or
    /// denied most often, the latest denials.
    Log(crate::decision_log::summary::LogArgs),
}

#[derive(clap::Args, Debug)]
pub struct DoctorArgs {
    /// The directory the agents start in (its project: the nearest directory above with `.git`).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Run each configured hook command with a synthetic destructive call and a benign one, and
    /// say whether each was blocked and allowed.
    #[arg(long)]
    pub self_test: bool,
    /// Only this agent (repeatable).
    #[arg(long = "agent", value_enum, value_name = "NAME")]
    pub agents: Vec<AgentArg>,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Where machine-wide settings are looked for (for tests).
    #[arg(long, value_name = "DIR", default_value = "/", hide = true)]
    pub system_root: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The project directory.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Do not write preflight.toml.
    #[arg(long, conflicts_with = "baseline")]
    pub no_config: bool,
    /// Add preflight's hooks to .pre-commit-config.yaml (created if there is none).
    #[arg(long)]
    pub pre_commit: bool,
    /// Write .github/workflows/preflight.yml, a job that checks every push and pull request.
    #[arg(long)]
    pub github_actions: bool,
    /// Add preflight's pre-execution hook to this agent's settings (repeatable).
    #[arg(long = "agent", value_enum, value_name = "NAME")]
    pub agents: Vec<AgentArg>,
    /// Add it for all five agents.
    #[arg(long = "all")]
    pub all_agents: bool,
    /// Write the agents' user settings (under $HOME) instead of the project's; nothing else.
    #[arg(long, conflicts_with_all = ["dir", "pre_commit", "github_actions", "baseline", "no_config"])]
    pub user: bool,
    /// Record today's findings in .preflight-baseline.json and name it in preflight.toml, so that
    /// `check` reports only new ones.
    #[arg(long)]
    pub baseline: bool,
    /// Replace preflight.toml, the workflow and the baseline when they exist (a backup is kept).
    #[arg(long)]
    pub force: bool,
    /// Print what would be written or changed, as diffs; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Extra rule pack files (TOML) to load with the built-in ones.
    #[arg(long = "rules", value_name = "FILE")]
    pub rule_packs: Vec<PathBuf>,
    /// Use this configuration file for every document.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub no_config: bool,
    /// Accepted for clients that pass it: standard input and output is the only transport.
    #[arg(long, hide = true)]
    pub stdio: bool,
    #[command(flatten)]
    pub resolve: ResolveArgs,
}

/// Where a finding really lands: local context and read-only lookups (docs/verify.md).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ResolveArgs {
    /// Name the target ambient-target findings would hit from local state (kube context, AWS
    /// profile, linked Railway project …; no network). On by default in `hook` and `lsp`.
    #[arg(long, overrides_with = "no_resolve_context")]
    pub resolve_context: bool,
    /// Do not read local context.
    #[arg(long)]
    pub no_resolve_context: bool,
    /// Look up the IDs destructive operations target, read-only, with a token already in the
    /// environment (Railway, Fly.io, Neon, GitHub). Also `verify = true` in preflight.toml.
    #[arg(long)]
    pub verify: bool,
    /// No network at all, whatever `--verify` or the configuration say (also PREFLIGHT_OFFLINE=1).
    #[arg(long)]
    pub offline: bool,
    /// The deadline shared by all lookups of the run, in milliseconds.
    #[arg(long, value_name = "N")]
    pub verify_timeout_ms: Option<u64>,
}

impl ResolveArgs {
    fn options(&self, context_default: bool, default_timeout: std::time::Duration) -> crate::resolve::ResolveOptions {
        crate::resolve::ResolveOptions {
            context: if self.no_resolve_context {
                Some(false)
            } else if self.resolve_context {
                Some(true)
            } else {
                None
            },
            context_default,
            verify: self.verify,
            offline: self.offline,
            timeout: self.verify_timeout_ms.map(std::time::Duration::from_millis),
            default_timeout,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AgentArg {
    /// Claude Code `PreToolUse`.
    #[value(alias = "claude")]
    ClaudeCode,
    /// Cursor `beforeShellExecution` and `beforeMCPExecution`.
    Cursor,
    /// Codex `PreToolUse`.
    Codex,
    /// Gemini CLI `BeforeTool`.
    Gemini,
    /// GitHub Copilot CLI `preToolUse`.
    Copilot,
}

impl From<AgentArg> for hook::Agent {
    fn from(a: AgentArg) -> hook::Agent {
        match a {
            AgentArg::ClaudeCode => hook::Agent::ClaudeCode,
            AgentArg::Cursor => hook::Agent::Cursor,
            AgentArg::Codex => hook::Agent::Codex,
            AgentArg::Gemini => hook::Agent::Gemini,
            AgentArg::Copilot => hook::Agent::Copilot,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct HookArgs {
    /// The agent whose hook protocol to speak.
    #[arg(value_enum)]
    pub agent: AgentArg,
    /// Deny, rather than ask about, commands preflight cannot analyse (`$CMD args`, `eval "$X"`,
    /// downloads piped into a shell, code that does not parse).
    #[arg(long)]
    pub strict: bool,
    /// Deny when reading and checking the call takes longer than this many milliseconds.
    #[arg(long, value_name = "N", default_value_t = hook::DEFAULT_TIMEOUT_MS)]
    pub timeout_ms: u64,
    /// Apply this configuration in full. Without it, the project's `preflight.toml` (which the
    /// agent can edit) only makes checks stricter: its environments, rule packs and raised
    /// severities count, its `ignore`, `select` and lowered severities do not.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What the decision log keeps of each call (default: $PREFLIGHT_LOG, else text).
    #[arg(long, value_enum, value_name = "MODE")]
    pub log: Option<crate::decision_log::LogMode>,
    #[command(flatten)]
    pub resolve: ResolveArgs,
}

/// How `preflight check` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette's graphical report, for people.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document (the output contract).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the files).
    Github,
}

/// How `preflight rules` prints the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// `--lang`: a language's name or any alias of it in [`crate::lang::LANGS`] (`bash`, `gql` …).
fn lang_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::lang::LANGS
            .iter()
            .map(|i| clap::builder::PossibleValue::new(i.name).aliases(i.aliases.iter().copied())),
    )
}

fn parse_lang(s: &str) -> Lang {
    Lang::parse(s).expect("clap accepts only the table's names")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with status 1 when a finding at or above this severity is reported (default: the
    /// configuration's `fail-on`, else warning).
    #[arg(long, value_enum)]
    pub fail_on: Option<SeverityArg>,
    /// Read every input (and standard input) as this language (`shell`, also `bash`, `sh`,
    /// `zsh` …; `graphql`, `sql`, `markdown`, `json`, `jsonl`).
    #[arg(long, value_parser = lang_parser(), ignore_case = true)]
    pub lang: Option<String>,
    /// The file name standard input stands for (for its language and in the report).
    #[arg(long)]
    pub stdin_filename: Option<String>,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = engine::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Extra rule pack files (TOML) to load with the built-in ones.
    #[arg(long = "rules", value_name = "FILE")]
    pub rule_packs: Vec<PathBuf>,
    /// When to use colors in the human report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Use this configuration file for every path.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub no_config: bool,
    /// Report findings that `preflight: ignore[…]` comments suppress (an audit).
    #[arg(long)]
    pub no_ignores: bool,
    /// Report only findings that are not in this baseline file (default: the configuration's
    /// `baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report every finding, also those in the configuration's `baseline`.
    #[arg(long, conflicts_with = "baseline")]
    pub no_baseline: bool,
    /// Write the current findings to this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "no_baseline"])]
    pub write_baseline: Option<PathBuf>,
    #[command(flatten)]
    pub resolve: ResolveArgs,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// Only rules of this family (`filesystem`, `git`, `graphql` …).
    #[arg(long)]
    pub family: Option<String>,
    /// Only rules of this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// Runs the CLI and returns the process exit status.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Explain { rule } => explain(&rule),
        Command::Hook(args) => hook(args),
        Command::Lsp(args) => lsp(args),
        Command::Init(args) => init(args),
        Command::Doctor(args) => doctor(args),
        Command::Log(args) => crate::decision_log::summary::run(args),
    }
}

fn config_mode(config: &Option<PathBuf>, no_config: bool) -> ConfigMode {
    match (config, no_config) {
        (_, true) => ConfigMode::Off,
        (Some(f), false) => ConfigMode::File(f.clone()),
        (None, false) => ConfigMode::Discover,
    }
}

fn lsp(args: LspArgs) -> i32 {
    let options = SessionOptions {
        engine: Options::default(),
        config: config_mode(&args.config, args.no_config),
        rule_packs: args.rule_packs,
        no_ignores: false,
        policy: ConfigPolicy::Full,
        mode: Mode::Check,
        resolve: args.resolve.options(true, crate::resolve::HOOK_TIMEOUT),
    };
    match crate::lsp::run_stdio(options) {
        Ok(()) => EXIT_OK,
        Err(e) => fail(format!("language server: {e}")),
    }
}

fn fail(msg: impl std::fmt::Display) -> i32 {
    eprintln!("preflight: {msg}");
    EXIT_ERROR
}

fn load_rules(extra: &[PathBuf]) -> Result<Arc<RuleSet>, i32> {
    let set = if extra.is_empty() {
        RuleSet::builtin()
    } else {
        RuleSet::with_user_packs(extra)
    };
    set.map(Arc::new).map_err(|e| {
        eprintln!("{:?}", miette::Report::new(e));
        EXIT_ERROR
    })
}

/// The worker threads of a check, with stacks deep enough for deeply nested input.
fn thread_pool(threads: Option<usize>) {
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(16 * 1024 * 1024);
    if let Some(n) = threads {
        pool = pool.num_threads(n.max(1));
    }
    // fails only when a pool already exists (tests calling `run` twice): keep that one
    let _ = pool.build_global();
}

fn check(args: CheckArgs) -> i32 {
    thread_pool(args.threads);

    let config = config_mode(&args.config, args.no_config);
    let session = Session::new(SessionOptions {
        engine: Options {
            max_file_size: args.max_file_size,
            forced_lang: args.lang.as_deref().map(parse_lang),
            ..Options::default()
        },
        config,
        rule_packs: args.rule_packs.clone(),
        no_ignores: args.no_ignores,
        policy: ConfigPolicy::Full,
        mode: Mode::Check,
        resolve: args.resolve.options(false, crate::resolve::CHECK_TIMEOUT),
    });
    let stdin_count = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return fail("`-` (standard input) can be given only once");
    }
    let files: Vec<PathBuf> = args.paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect();
    // the failing severity: --fail-on, else the configuration of the first path, else warning
    let first = files.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let root_config = match session.config_for(&first) {
        Ok(c) => c,
        Err(e) => return config_error(e),
    };
    // the docs link of each finding: the configuration's `docs-url`, else PREFLIGHT_DOCS_URL
    if let Some(url) = root_config.as_ref().and_then(|c| c.file.docs_url.clone()) {
        report::set_docs_base(Some(url));
    }
    let fail_on: Severity = match args.fail_on {
        Some(s) => s.into(),
        None => root_config
            .as_ref()
            .and_then(|c| c.file.fail_on)
            .unwrap_or(Severity::Warning),
    };
    let mut report = Report::default();
    if stdin_count == 1 {
        match check_stdin(&session, &args) {
            Ok(r) => {
                report.files += 1;
                report.reports.push(r);
            }
            Err(code) => return code,
        }
    }
    if !files.is_empty() {
        let bar = progress_bar(args.format);
        let started = std::time::Instant::now();
        let tick = |total: usize| {
            if let Some(b) = &bar {
                b.set_length(total as u64);
                b.inc(1);
                reveal(b, started);
            }
        };
        let result = session.check_paths(&files, &tick);
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        match result {
            Ok(r) => {
                report.files += r.files;
                report.reports.extend(r.reports);
            }
            Err(e) => return config_error(e),
        }
    }
    // the configuration's baseline (of the first path, like `fail-on`) records paths relative to
    // the configuration's directory
    let configured = match session.config_for(&first) {
        Ok(c) => c.and_then(|c| Some((c.baseline()?, c.dir.clone()))),
        Err(e) => return config_error(e),
    };
    if let Some(path) = &args.write_baseline {
        let base = configured
            .as_ref()
            .filter(|(b, _)| same_file(b, path))
            .map(|(_, dir)| dir.as_path());
        let b = Baseline::from_report(&report, base);
        if let Err(e) = b.save(path) {
            return fail(e);
        }
        eprintln!(
            "preflight: wrote {} baseline entries to {}",
            b.findings.len(),
            path.display()
        );
        return EXIT_OK;
    }
    let baseline = match (&args.baseline, args.no_baseline) {
        (Some(path), _) => Some((path.clone(), None)),
        (None, false) => configured.map(|(b, dir)| (b, Some(dir))),
        (None, true) => None,
    };
    if let Some((path, base)) = &baseline {
        match Baseline::load(path) {
            Ok(b) => {
                let known = b.filter(&mut report, base.as_deref());
                if known > 0 && args.format == Format::Human {
                    eprintln!("preflight: {known} findings are in the baseline and not shown");
                }
            }
            Err(e) => return fail(e),
        }
    }
    let text = match args.format {
        Format::Json => report::render_json(&report),
        Format::Concise => report::render_concise(&report),
        Format::Sarif => match session.engine_for(session.config_for(&first).ok().flatten().as_deref()) {
            Ok(engine) => report::render_sarif(&report, &engine.rules),
            Err(e) => return config_error(e),
        },
        Format::Github => report::render_github(&report),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let width = terminal_width().unwrap_or(100);
            report::render_human(
                &report,
                &HumanOptions {
                    color,
                    links: color,
                    width,
                },
            )
        }
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
        return EXIT_ERROR;
    }
    if report.fails(fail_on) { EXIT_FINDINGS } else { EXIT_OK }
}

/// Whether two paths name the same file (which need not exist yet).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    crate::baseline::absolute(a) == crate::baseline::absolute(b)
}

/// A progress bar on standard error, for the human report on a terminal only.
fn progress_bar(format: Format) -> Option<indicatif::ProgressBar> {
    if format != Format::Human || !std::io::stderr().is_terminal() {
        return None;
    }
    // hidden at first: only scans that take more than a moment show it (see `reveal`)
    let bar = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::hidden());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} checking {pos}/{len} files {wide_bar}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// How long a scan runs before its progress bar appears.
const PROGRESS_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// Shows the progress bar once the scan has run for [`PROGRESS_DELAY`].
fn reveal(bar: &indicatif::ProgressBar, started: std::time::Instant) {
    if bar.is_hidden() && started.elapsed() >= PROGRESS_DELAY {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.enable_steady_tick(std::time::Duration::from_millis(250));
    }
}

fn config_error(e: SessionError) -> i32 {
    eprintln!("{:?}", miette::Report::new(e));
    EXIT_ERROR
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok().filter(|w: &usize| *w >= 40)
}

fn check_stdin(session: &Session, args: &CheckArgs) -> Result<FileReport, i32> {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
        return Err(fail(format!("cannot read standard input: {e}")));
    }
    let name = args.stdin_filename.clone().unwrap_or_else(|| "-".to_owned());
    let lang = args
        .lang
        .as_deref()
        .map(parse_lang)
        .or_else(|| match args.stdin_filename.as_deref() {
            Some(n) => Lang::from_text(std::path::Path::new(n), &String::from_utf8_lossy(&bytes)),
            None => Lang::from_shebang(&bytes),
        });
    let Some(lang) = lang else {
        return Err(fail(
            "cannot tell the language of standard input: pass --lang (shell, graphql, sql, markdown, json, jsonl) or --stdin-filename NAME",
        ));
    };
    // its configuration is the one of the file it stands for, or of the current directory
    let at = args
        .stdin_filename
        .as_deref()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    // the files it names are beside the file it stands for; plain `-` names none
    let base_dir = args
        .stdin_filename
        .as_deref()
        .and_then(|n| std::path::Path::new(n).parent());
    session
        .check_text(&at, Input::new(&name, &bytes, lang).in_dir(base_dir))
        .map_err(config_error)
}

fn rules(args: RulesArgs) -> i32 {
    let set = match load_rules(&[]) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let category = match args.category.as_deref().map(str::parse::<Category>) {
        Some(Err(e)) => return fail(e),
        Some(Ok(c)) => Some(c),
        None => None,
    };
    if let Some(f) = &args.family
        && !set.families().contains(&f.as_str())
    {
        return fail(format!("unknown family `{f}` (known: {})", set.families().join(", ")));
    }
    let selected: Vec<_> = set
        .rules()
        .iter()
        .filter(|r| args.family.as_ref().is_none_or(|f| &r.family == f))
        .filter(|r| category.is_none_or(|c| r.spec().category == c))
        .collect();
    match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = selected
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.spec().id, "family": r.family, "category": r.spec().category,
                        "severity": r.spec().severity, "summary": r.spec().summary,
                        "url": report::rule_url(&r.spec().id),
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&list).expect("serializes"));
        }
        ListFormat::Human => {
            let width = selected.iter().map(|r| r.spec().id.len()).max().unwrap_or(0);
            for r in selected {
                println!(
                    "{:width$}  {:11}  {:7}  {}",
                    r.spec().id,
                    r.spec().category,
                    r.spec().severity,
                    r.spec().summary
                );
            }
        }
    }
    EXIT_OK
}

fn explain(id: &str) -> i32 {
    let set = match load_rules(&[]) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(r) = set.get(id) else {
        return fail(format!("unknown rule `{id}` (see `preflight rules`)"));
    };
    print!("{}", crate::report::docs::rule_markdown(r));
    EXIT_OK
}

fn init(args: InitArgs) -> i32 {
    let mut agents: Vec<hook::Agent> = args.agents.iter().map(|a| (*a).into()).collect();
    if args.all_agents {
        agents = [
            AgentArg::ClaudeCode,
            AgentArg::Cursor,
            AgentArg::Codex,
            AgentArg::Gemini,
            AgentArg::Copilot,
        ]
        .map(hook::Agent::from)
        .to_vec();
    }
    if args.user && agents.is_empty() {
        return fail("--user sets up agents: name them with --agent NAME or --all");
    }
    if !args.dir.is_dir() {
        return fail(format!("{}: no such directory", args.dir.display()));
    }
    let env_dir = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let opts = init::InitOptions {
        dir: args.dir,
        config: !args.no_config && !args.user,
        pre_commit: args.pre_commit,
        github_actions: args.github_actions,
        agents,
        scope: if args.user {
            init::Scope::User
        } else {
            init::Scope::Project
        },
        baseline: args.baseline,
        force: args.force,
        dry_run: args.dry_run,
        home: env_dir("HOME").or_else(|| env_dir("USERPROFILE")),
        codex_home: env_dir("CODEX_HOME"),
    };
    if opts.baseline {
        thread_pool(None);
    }
    match init::run(&opts) {
        Ok(outcome) => {
            let mut out = std::io::stdout().lock();
            let text: String = outcome
                .lines
                .iter()
                .map(|l| if l.ends_with('\n') { l.clone() } else { format!("{l}\n") })
                .collect();
            if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
                return EXIT_ERROR;
            }
            for n in outcome.notes {
                eprintln!("preflight: note: {n}");
            }
            EXIT_OK
        }
        Err(e) => fail(e),
    }
}

fn hook(args: HookArgs) -> i32 {
    // a panic is answered as a deny by the hook; its default message would only garble stderr,
    // which some agents show to the model
    std::panic::set_hook(Box::new(|_| {}));
    let opts = hook::HookOptions {
        strict: args.strict,
        timeout: std::time::Duration::from_millis(args.timeout_ms),
        config: args.config,
        resolve: {
            let mut r = args.resolve.options(true, crate::resolve::HOOK_TIMEOUT);
            // the lookups end well before the hook's own bound, which would deny
            let bound = std::time::Duration::from_millis(args.timeout_ms * 3 / 4);
            r.timeout = Some(r.timeout.unwrap_or(r.default_timeout).min(bound));
            r
        },
    };
    let agent = hook::Agent::from(args.agent);
    let recorder = crate::decision_log::Recorder::new(agent, crate::decision_log::LogMode::resolve(args.log));
    let answer = hook::run(agent, opts, recorder.tee(std::io::stdin()));
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(answer.stderr.as_bytes()).and_then(|_| err.flush());
    let mut out = std::io::stdout().lock();
    if out
        .write_all(answer.stdout.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        // the answer did not get out: block rather than let silence read as "no opinion"
        return hook::EXIT_BLOCK;
    }
    // after the answer is out, and bounded: the log never changes or delays it
    recorder.finish(&answer, std::time::Duration::from_millis(args.timeout_ms));
    answer.code
}

fn doctor(args: DoctorArgs) -> i32 {
    if !args.dir.is_dir() {
        return fail(format!("{}: no such directory", args.dir.display()));
    }
    let env_dir = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let dir = std::path::absolute(&args.dir).unwrap_or(args.dir);
    let opts = crate::doctor::DoctorOptions {
        dir,
        home: env_dir("HOME").or_else(|| env_dir("USERPROFILE")),
        codex_home: env_dir("CODEX_HOME"),
        system_root: args.system_root,
        self_test: args.self_test,
        agents: args.agents.iter().map(|a| (*a).into()).collect(),
        log_path: crate::decision_log::default_path(),
    };
    let report = crate::doctor::run(&opts);
    let text = match args.format {
        ListFormat::Human => crate::doctor::render_human(&report),
        ListFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report).expect("the report serializes");
            s.push('\n');
            s
        }
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
        return EXIT_ERROR;
    }
    if report.ok { EXIT_OK } else { EXIT_FINDINGS }
}
