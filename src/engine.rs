//! The check stage: runs one file through plan, rules and the environment analysis and returns
//! its findings (the engine never prints). Two entry points: a file found on disk
//! ([`Engine::check_file`]) and a text in memory ([`Engine::check`]); [`Engine::plan`] gives the
//! plan alone.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use crate::config::EnvironmentFacts;
use crate::discover::{self, Candidate};
use crate::finding::{FileReport, sort_findings};
use crate::lang::Lang;
use crate::plan::{Plan, Planner};
use crate::rules::{EngineRule, RuleSet};
use crate::source::{Span, sanitize};

/// Default upper bound on the size of an analysed file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Options {
    pub max_file_size: u64,
    /// Analyse every file as this language.
    pub forced_lang: Option<Lang>,
    /// The files commands name by absolute path are the ones they will use (the agent hook
    /// checks a command about to run on this machine): read them too, not only the files
    /// beside the checked one.
    pub local_files: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            forced_lang: None,
            local_files: false,
        }
    }
}

/// A text to check: what it is shown as, its bytes, its language, where the files it names
/// are, and what the configuration says about environments.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The path it is reported as (`-` for standard input).
    pub display: &'a str,
    pub bytes: &'a [u8],
    pub lang: Lang,
    /// The directory of the files it runs or reads (`./x.sh`, `-d @body.json`); `None`: none
    /// are read.
    pub base_dir: Option<&'a Path>,
    pub facts: &'a EnvironmentFacts,
}

static NO_FACTS: LazyLock<EnvironmentFacts> = LazyLock::new(EnvironmentFacts::default);

impl<'a> Input<'a> {
    /// A text shown as `display`, reading no file beside it, with no environment facts.
    pub fn new(display: &'a str, bytes: &'a [u8], lang: Lang) -> Self {
        Input {
            display,
            bytes,
            lang,
            base_dir: None,
            facts: &NO_FACTS,
        }
    }

    /// The files it names are read from `dir`.
    pub fn in_dir(mut self, dir: Option<&'a Path>) -> Self {
        self.base_dir = dir;
        self
    }

    pub fn with_facts(mut self, facts: &'a EnvironmentFacts) -> Self {
        self.facts = facts;
        self
    }
}

/// Runs the rules over sources.
pub struct Engine {
    pub rules: Arc<RuleSet>,
    pub options: Options,
}

impl Engine {
    pub fn new(rules: Arc<RuleSet>, options: Options) -> Self {
        Engine { rules, options }
    }

    /// Reads and checks one discovered file; `None` when it turns out not to be ours (a file
    /// without extension and without a shebang preflight reads, found by walking).
    pub fn check_file(&self, c: &Candidate, facts: &EnvironmentFacts) -> Option<FileReport> {
        let unread = |rule: EngineRule, message: String| {
            Some(FileReport::unread(
                &c.display,
                self.rules.engine_finding(rule, None, message, Span::default(), ""),
            ))
        };
        let meta = match std::fs::metadata(&c.path) {
            Ok(m) => m,
            Err(e) => return unread(EngineRule::UnreadableFile, format!("cannot read {}: {e}", c.display)),
        };
        if !meta.is_file() {
            let what = if meta.is_dir() {
                "a directory"
            } else {
                "not a regular file"
            };
            return unread(EngineRule::UnreadableFile, format!("cannot read {}: {what}", c.display));
        }
        let too_large = meta.len() > self.options.max_file_size;
        // a YAML or JSON file is ours only if its content says so (a manifest, a plan): read it
        // (its head when it is over the limit) and look; a file that is none of ours stays quiet
        let by_content = c.lang.is_none() && Lang::needs_content(&c.path);
        let mut bytes = None;
        let lang = match c.lang {
            Some(l) => l,
            None if by_content => {
                let text = if too_large {
                    discover::read_head(&c.path, 1 << 16)
                } else {
                    std::fs::read(&c.path)
                };
                let text = match text {
                    Ok(b) => b,
                    Err(e) => return unread(EngineRule::UnreadableFile, format!("cannot read {}: {e}", c.display)),
                };
                let lang = Lang::from_text(&c.path, &String::from_utf8_lossy(&text))?;
                bytes = (!too_large).then_some(text);
                lang
            }
            None => match Lang::from_shebang(&discover::read_head(&c.path, 256).unwrap_or_default()) {
                Some(l) => l,
                None if !c.explicit => return None,
                None => {
                    return unread(
                        EngineRule::UnsupportedFile,
                        format!("{} is not a kind of file preflight reads; skipped", c.display),
                    );
                }
            },
        };
        if too_large {
            return unread(
                EngineRule::FileTooLarge,
                format!(
                    "{} is {} bytes, over the {} byte limit; skipped",
                    c.display,
                    meta.len(),
                    self.options.max_file_size
                ),
            );
        }
        let bytes = match bytes.map_or_else(|| std::fs::read(&c.path), Ok) {
            Ok(b) => b,
            Err(e) => return unread(EngineRule::UnreadableFile, format!("cannot read {}: {e}", c.display)),
        };
        let base_dir = Path::new(&c.display).parent();
        Some(self.check(Input::new(&c.display, &bytes, lang).in_dir(base_dir).with_facts(facts)))
    }

    /// Checks a text: the file's binary and encoding checks, its plan's findings and the
    /// environment analysis, sorted.
    pub fn check(&self, input: Input<'_>) -> FileReport {
        let Input {
            display,
            bytes,
            lang,
            base_dir,
            facts,
        } = input;
        if lang.is_binary(bytes) {
            let f = self.rules.engine_finding(
                EngineRule::BinaryFile,
                None,
                format!("{display} looks binary (it holds a NUL byte); skipped"),
                Span::default(),
                "",
            );
            return FileReport::unread(display, f);
        }
        let (text, invalid) = sanitize(bytes);
        let mut findings = Vec::new();
        if let Some(at) = invalid {
            findings.push(self.rules.engine_finding(
                EngineRule::InvalidUtf8,
                None,
                "the file is not valid UTF-8; invalid bytes were read as `?`",
                Span::new(at, at + 1),
                "",
            ));
        }
        let plan = self.plan(&text, lang, base_dir);
        let analyzed = crate::analysis::analyze(&plan, &self.rules, display, facts);
        findings.extend(analyzed.findings);
        let mut plan_findings = plan.findings;
        for (rule, span, target) in analyzed.targets {
            let id = &self.rules.rule(rule).spec().id;
            if let Some(f) = plan_findings.iter_mut().find(|f| f.span == span && f.rule == *id) {
                f.target = Some(Box::new(target));
            }
        }
        findings.extend(plan_findings);
        sort_findings(&mut findings);
        FileReport {
            path: display.to_owned(),
            lang: Some(lang),
            text: Arc::from(text),
            findings,
        }
    }

    /// The plan of a text: its operations in order, with the rules' findings.
    pub fn plan(&self, text: &str, lang: Lang, base_dir: Option<&Path>) -> Plan {
        Planner::file(&self.rules, text, lang, base_dir, self.options.local_files)
    }
}
