//! The concise report: one line per finding, `path:line:col: severity[rule] message`, in the
//! form editors and compilers use, then the summary line.

use std::fmt::Write;

use crate::finding::Report;

/// Renders every finding on one line, then a summary line.
pub fn render_concise(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.reports {
        let index = file.line_index();
        for f in &file.findings {
            let (line, column, _, _) = super::line_cols(file, &index, f);
            let message = one_line(&f.message);
            let _ = writeln!(
                out,
                "{}:{line}:{column}: {}[{}] {message}",
                file.path, f.severity, f.rule
            );
        }
    }
    out.push_str(&super::summary_line(report));
    out.push('\n');
    out
}

/// A message on one line: line breaks become spaces.
fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.split(['\n', '\r'])
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(one_line("a\nb\r\nc"), "a b c");
        assert_eq!(one_line("plain"), "plain");
    }
}
