//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding,
//! which GitHub shows as an annotation on the file and line (in the run and on pull requests),
//! then the summary line as plain log text.
//!
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`. Values are
//! escaped as the runner expects: `%`, `\r` and `\n` everywhere, and `:` and `,` also inside
//! properties (the runner's `toCommandValue`/`escapeProperty`).

use std::fmt::Write;

use crate::finding::Report;
use crate::finding::Severity;

/// Renders every finding as a workflow command, then a summary line.
pub fn render_github(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.reports {
        let index = file.line_index();
        for f in &file.findings {
            let (line, col, end_line, end_column) = super::line_cols(file, &index, f);
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            message.push('\n');
            message.push_str(&super::rule_url(&f.rule).unwrap_or_else(|| super::explain_hint(&f.rule)));
            let _ = writeln!(
                out,
                "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_column},title={}::{}",
                escape_property(&file.path),
                escape_property(&f.rule),
                escape_data(&message),
            );
        }
    }
    out.push_str(&super::summary_line(report));
    out.push('\n');
    out
}

/// Escapes a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command's property value (`file=…`, `title=…`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_first_and_line_breaks() {
        assert_eq!(escape_data("100%\r\nnext"), "100%25%0D%0Anext");
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }
}
