//! The finding type every stage produces and every renderer consumes: a rule, a category, a
//! severity and a byte span in the original file.

use serde::{Deserialize, Serialize};

use crate::source::Span;

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
        }
    }

    /// The span suppressions and baselines refer to.
    pub fn anchor_span(&self) -> Span {
        self.anchor.unwrap_or(self.span)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = origin.into();
        self
    }
}
