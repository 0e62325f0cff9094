//! The check stage: runs one file through parse and rules and returns its findings (the engine
//! never prints). Files are independent, so [`Engine::check_paths`] runs them in parallel and
//! sorts the result.

use std::path::Path;
use std::sync::Arc;

use crate::config::EnvironmentFacts;
use crate::discover::{self, Candidate, Lang};
use crate::finding::{Category, Finding, Severity};
use crate::plan::{Plan, Planner};
use crate::rules::RuleSet;
use crate::source::{LineIndex, Span, sanitize};

/// Default upper bound on the size of an analysed file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// A NUL byte within this many leading bytes marks a file as binary.
const BINARY_SNIFF: usize = 8000;

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

/// The findings of one file, with its text for rendering.
#[derive(Clone, Debug)]
pub struct FileReport {
    pub path: String,
    /// The language it was read as (none when it could not be read).
    pub lang: Option<Lang>,
    /// The file's text (invalid UTF-8 bytes read as `?`; offsets are the file's).
    pub text: Arc<str>,
    pub findings: Vec<Finding>,
}

impl FileReport {
    pub fn line_index(&self) -> LineIndex {
        LineIndex::new(&self.text)
    }
}

/// The result of a run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Files that were read (or reported as unreadable, binary, too large).
    pub files: usize,
    pub reports: Vec<FileReport>,
}

impl Report {
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Finding)> {
        self.reports.iter().flat_map(|r| r.findings.iter().map(move |f| (r, f)))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings().filter(|(_, f)| f.severity == severity).count()
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings().any(|(_, f)| f.severity >= threshold)
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
    /// without extension and without a shell shebang, found by walking).
    pub fn check_candidate(&self, c: &Candidate, facts: &EnvironmentFacts) -> Option<FileReport> {
        let empty = |f: Finding| FileReport {
            path: c.display.clone(),
            lang: None,
            text: Arc::from(""),
            findings: vec![f],
        };
        let meta = match std::fs::metadata(&c.path) {
            Ok(m) => m,
            Err(e) => {
                return Some(empty(
                    self.core("unreadable-file", format!("cannot read {}: {e}", c.display)),
                ));
            }
        };
        if !meta.is_file() {
            let what = if meta.is_dir() {
                "a directory"
            } else {
                "not a regular file"
            };
            return Some(empty(
                self.core("unreadable-file", format!("cannot read {}: {what}", c.display)),
            ));
        }
        if c.lang.is_none() {
            let head = discover::read_head(&c.path, 256).unwrap_or_default();
            if !discover::is_shell_shebang(&head) {
                if !c.explicit {
                    return None;
                }
                let f = self.core(
                    "unsupported-file",
                    format!("{} is not a kind of file preflight reads; skipped", c.display),
                );
                return Some(empty(f));
            }
        }
        if meta.len() > self.options.max_file_size {
            let f = self.core(
                "file-too-large",
                format!(
                    "{} is {} bytes, over the {} byte limit; skipped",
                    c.display,
                    meta.len(),
                    self.options.max_file_size
                ),
            );
            return Some(empty(f));
        }
        let bytes = match std::fs::read(&c.path) {
            Ok(b) => b,
            Err(e) => {
                return Some(empty(
                    self.core("unreadable-file", format!("cannot read {}: {e}", c.display)),
                ));
            }
        };
        let lang = c.lang.unwrap_or(Lang::Shell);
        Some(self.check_bytes_with(&c.display, &bytes, lang, facts))
    }

    /// Checks file contents already in memory (standard input, an editor buffer).
    pub fn check_bytes(&self, path: &str, bytes: &[u8], lang: Lang) -> FileReport {
        self.check_bytes_with(path, bytes, lang, &EnvironmentFacts::default())
    }

    /// [`Engine::check_bytes`] with facts about the environments from the configuration.
    pub fn check_bytes_with(&self, path: &str, bytes: &[u8], lang: Lang, facts: &EnvironmentFacts) -> FileReport {
        let base_dir = Path::new(path).parent().filter(|_| path != "-");
        self.check_bytes_in(path, base_dir, bytes, lang, facts)
    }

    /// [`Engine::check_bytes_with`] for a text shown as `path` whose neighbouring files (the
    /// ones it runs or reads) are in `base_dir`.
    pub fn check_bytes_in(
        &self,
        path: &str,
        base_dir: Option<&Path>,
        bytes: &[u8],
        lang: Lang,
        facts: &EnvironmentFacts,
    ) -> FileReport {
        let binary = match lang {
            // bash refuses a script only when its first line holds a NUL (or it is an ELF
            // executable); elsewhere it ignores NUL bytes, and so does the analysis
            Lang::Shell => bash_binary(bytes),
            _ => bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0),
        };
        if binary {
            let f = self.core(
                "binary-file",
                format!("{path} looks binary (it holds a NUL byte); skipped"),
            );
            return FileReport {
                path: path.to_owned(),
                lang: None,
                text: Arc::from(""),
                findings: vec![f],
            };
        }
        let (text, invalid) = sanitize(bytes);
        let mut findings = Vec::new();
        if let Some(at) = invalid {
            let mut f = self.core(
                "invalid-utf8",
                "the file is not valid UTF-8; invalid bytes were read as `?`".to_owned(),
            );
            f.span = Span::new(at, at + 1);
            findings.push(f);
        }
        findings.extend(self.findings(&text, lang, base_dir, path, facts));
        sort_findings(&mut findings);
        FileReport {
            path: path.to_owned(),
            lang: Some(lang),
            text: Arc::from(text),
            findings,
        }
    }

    /// Checks a text (offsets of the findings are offsets into it).
    pub fn check_text(&self, text: &str, lang: Lang) -> Vec<Finding> {
        self.findings(text, lang, None, "", &EnvironmentFacts::default())
    }

    /// Every finding of a text: the rules' and the environment analysis'.
    pub fn findings(
        &self,
        text: &str,
        lang: Lang,
        base_dir: Option<&Path>,
        path: &str,
        facts: &EnvironmentFacts,
    ) -> Vec<Finding> {
        let plan = self.plan(text, lang, base_dir);
        let env = crate::analysis::analyze(&plan, &self.rules, path, facts);
        let mut out = plan.findings;
        out.extend(env);
        sort_findings(&mut out);
        out
    }

    /// The plan of a text: its operations in order, with the rules' findings.
    pub fn plan(&self, text: &str, lang: Lang, base_dir: Option<&Path>) -> Plan {
        Planner::file_with(&self.rules, text, lang, base_dir, self.options.local_files)
    }

    /// A finding of a core rule at the start of the file.
    fn core(&self, id: &str, message: String) -> Finding {
        let sev = self.rules.get(id).map_or(Severity::Warning, |r| r.spec().severity);
        self.core_at(id, sev, message, Span::default(), "")
    }

    fn core_at(&self, id: &str, severity: Severity, message: String, span: Span, origin: &str) -> Finding {
        let help = self.rules.get(id).map(|r| crate::docs::reflow(&r.spec().help));
        Finding {
            rule: id.to_owned(),
            category: Category::Syntax,
            severity,
            confidence: None,
            message,
            help,
            span,
            origin: origin.to_owned(),
            label: None,
            anchor: None,
        }
    }
}

/// Whether bash refuses to run `bytes` as a script ("cannot execute binary file"): an ELF
/// executable, or a NUL byte in the first line (the first two after `#!`) of its first 80 bytes.
pub(crate) fn bash_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\x7fELF") {
        return true;
    }
    let mut lines = if bytes.starts_with(b"#!") { 2 } else { 1 };
    for &b in bytes.iter().take(80) {
        match b {
            b'\n' => {
                lines -= 1;
                if lines == 0 {
                    return false;
                }
            }
            0 => return true,
            _ => {}
        }
    }
    false
}

/// Sorts findings by position, then rule, and drops exact duplicates.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule, &a.message).cmp(&(b.span.start, b.span.end, &b.rule, &b.message))
    });
    findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
}
