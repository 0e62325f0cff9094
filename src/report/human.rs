//! The human report: one miette graphical diagnostic per finding, with the rule id as its code,
//! the help, and a link to the rule's documentation; then a summary line.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use crate::finding::Report;
use crate::finding::{Finding, Severity};

#[derive(Clone, Debug)]
pub struct HumanOptions {
    pub color: bool,
    /// Clickable links (terminal hyperlinks) instead of printed URLs.
    pub links: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            links: false,
            width: 100,
        }
    }
}

/// One finding as a miette diagnostic.
struct Diag<'a> {
    finding: &'a Finding,
    src: Option<NamedSource<Arc<str>>>,
    url: Option<String>,
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diag").field("rule", &self.finding.rule).finish()
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.url.as_ref().map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.src.as_ref()?;
        let span = self.finding.span;
        let label = self
            .finding
            .label
            .clone()
            .or_else(|| Some(self.finding.category.to_string()));
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(
            label,
            span.start()..span.end(),
        ))))
    }
}

/// Renders every finding of a report, then a summary line.
pub fn render_human(report: &Report, opts: &HumanOptions) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(opts.links);
    let mut out = String::new();
    for file in &report.reports {
        let src = if file.text.is_empty() {
            None
        } else {
            Some(NamedSource::new(&file.path, file.text.clone()))
        };
        for f in &file.findings {
            let diag = Diag {
                finding: f,
                src: src.clone(),
                url: super::rule_url(&f.rule),
            };
            let mut s = String::new();
            if src.is_none() {
                s.push_str(&format!("{}: ", file.path));
            }
            if handler.render_report(&mut s, &diag).is_err() {
                s = format!("{}: {}: {} [{}]\n", file.path, f.severity, f.message, f.rule);
            }
            out.push_str(&s);
            if let Some(c) = &f.context {
                out.push_str(&format!("  note: {}\n", c.note));
            }
            out.push('\n');
        }
    }
    out.push_str(&super::summary_line(report));
    out.push('\n');
    // where each finding has no docs link, say where the documentation is
    if let Some(f) = report.reports.iter().flat_map(|r| &r.findings).next()
        && super::rule_url(&f.rule).is_none()
    {
        out.push_str(&format!(
            "`{}` (any rule) says what it checks and how to fix it.\n",
            super::explain_hint(&f.rule)
        ));
    }
    out
}
