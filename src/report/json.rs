//! The JSON report: one document, as the output contract in DESIGN.md describes.

use serde::Serialize;

use crate::finding::Report;
use crate::finding::{Category, Confidence, Severity};

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    category: Category,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    origin: &'a str,
    /// What resolving the target found (added in place, like `confidence`: the contract only grows).
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<&'a crate::target::Context>,
}

/// Renders a report as one JSON document.
pub fn render_json(report: &Report) -> String {
    let mut diagnostics = Vec::new();
    for file in &report.reports {
        let index = file.line_index();
        for f in &file.findings {
            let (line, column, end_line, end_column) = super::line_cols(file, &index, f);
            diagnostics.push(JsonDiagnostic {
                rule: &f.rule,
                category: f.category,
                severity: f.severity,
                confidence: f.confidence,
                message: &f.message,
                help: f.help.as_deref(),
                file: &file.path,
                line,
                column,
                end_line,
                end_column,
                offset: f.span.start(),
                length: f.span.len(),
                origin: &f.origin,
                context: f.context.as_deref(),
            });
        }
    }
    let doc = JsonReport {
        version: 1,
        summary: Summary {
            files: report.files,
            findings: diagnostics.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
        diagnostics,
    };
    serde_json::to_string_pretty(&doc).expect("the report serializes") + "\n"
}
