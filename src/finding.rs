//! The finding type every stage produces and every renderer consumes — a rule, a category, a
//! severity and a byte span in the original file — and the reports that collect them per file.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::source::{LineIndex, Span};
use crate::target::{Context, Target};

pub use crate::levels::{Category, Severity};

/// How sure the analysis is that the finding is real (environment findings are inferences).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// One reported problem. `span` is a byte range of the original file, also for code found inside
/// a Markdown fence, a JSON string or a `bash -c` argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    pub confidence: Option<Confidence>,
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
    /// Where the analysed code came from: `shell`, `graphql`, `markdown:bash`, `json:claude-code` …
    pub origin: String,
    /// A short text for the underlined span in the human report.
    pub label: Option<String>,
    /// The top-level command or step the finding was found in (the whole `curl …` for a
    /// mutation in its body): suppressions and baselines refer to it.
    pub anchor: Option<Span>,
    /// For code only known at run time (`dynamic`): whether it can reach something destructive —
    /// its arguments carry destructive shape (`$RM -rf "$dir"`) or what runs comes from the
    /// network or input (`eval "$(curl …)"`). `check` grades dynamic code by it (see
    /// `session::DynamicPolicy`); the agent hook does not.
    pub reaches_destructive: bool,
    /// What the operation targets, as the analysis saw it (read by the `resolve` stage).
    pub target: Option<Box<Target>>,
    /// What resolving the target found (local state, a read-only lookup), when it was resolved.
    pub context: Option<Box<Context>>,
}

impl Finding {
    pub fn new(rule: &str, category: Category, severity: Severity, message: impl Into<String>, span: Span) -> Self {
        Finding {
            rule: rule.to_owned(),
            category,
            severity,
            confidence: None,
            message: message.into(),
            help: None,
            span,
            origin: String::new(),
            label: None,
            anchor: None,
            reaches_destructive: false,
            target: None,
            context: None,
        }
    }

    /// The span suppressions and baselines refer to.
    pub fn anchor_span(&self) -> Span {
        self.anchor.unwrap_or(self.span)
    }
}

/// Sorts findings by position, then rule, and drops exact duplicates.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule, &a.message).cmp(&(b.span.start, b.span.end, &b.rule, &b.message))
    });
    findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
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
    /// A file that was not analysed, with the finding that says why.
    pub fn unread(path: &str, finding: Finding) -> Self {
        FileReport {
            path: path.to_owned(),
            lang: None,
            text: Arc::from(""),
            findings: vec![finding],
        }
    }

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
