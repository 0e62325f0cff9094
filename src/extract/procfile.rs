//! Procfiles (`Procfile`, `Procfile.*`): one `name: command` line per process type, each
//! command a shell snippet with origin `procfile:NAME`; the process names are notes, and a
//! `release` process — which Heroku and its kin run on every deploy, before the new release
//! serves — is noted as such.
//!
//! Read by hand: it is a line format (`^[A-Za-z0-9_-]+:\s*command$`, as Heroku and foreman read
//! it) with no grammar crate to speak of. Blank lines and `#` comments are skipped; any other
//! line is a `syntax` finding.

use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind};
use crate::lang::Lang;
use crate::source::Span;

/// Lines read from one file.
const MAX_LINES: usize = 10_000;
/// Syntax errors reported from one file (a file of anything else would give one per line).
const MAX_ERRORS: usize = 100;

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut at = 0;
    for (k, raw) in text.split_inclusive('\n').enumerate() {
        let start = at;
        at += raw.len();
        if k >= MAX_LINES {
            out.unread.push(Unread {
                span: Span::new(start, start),
                message: format!("more than {MAX_LINES} lines: the rest were not analysed"),
                kind: UnreadKind::TooDeep,
                origin: Some(Lang::Procfile.as_str().into()),
            });
            break;
        }
        let line = raw.trim_end_matches(['\n', '\r']);
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let lead = line.len() - t.len();
        let name_len = t
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        if name_len == 0 || t.as_bytes().get(name_len) != Some(&b':') {
            if out.unread.len() >= MAX_ERRORS {
                continue;
            }
            out.unread.push(Unread {
                span: Span::new(start + lead, start + lead),
                message: format!(
                    "Procfile line {} is not `name: command`; it was not analysed{}",
                    k + 1,
                    if out.unread.len() + 1 == MAX_ERRORS {
                        " (further such lines are not reported)"
                    } else {
                        ""
                    }
                ),
                kind: UnreadKind::Malformed,
                origin: Some(Lang::Procfile.as_str().into()),
            });
            continue;
        }
        let name = &t[..name_len];
        let name_at = start + lead;
        let cmd = &t[name_len + 1..];
        let cmd_at = name_at + name_len + 1 + (cmd.len() - cmd.trim_start().len());
        let cmd = cmd.trim();
        out.notes.push(Note {
            text: name.to_owned(),
            span: Span::new(name_at, name_at + name_len),
            scope: None,
        });
        if name == "release" {
            out.notes.push(Note {
                text: "release: runs on every deploy".to_owned(),
                span: Span::new(name_at, name_at + name_len),
                scope: None,
            });
        }
        if cmd.is_empty() {
            continue;
        }
        let mut b = TextBuilder::new();
        b.push(cmd, cmd_at, true);
        let (text, map) = b.finish();
        out.snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, format!("procfile:{name}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::origins_and_texts;

    #[test]
    fn process_lines() {
        let src = "# processes\nweb: bundle exec puma -C config/puma.rb\nrelease:   rails db:migrate && rm -rf /srv/x\r\nworker:\n  oops no colon\n";
        let ex = extract(src);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("procfile:web", "bundle exec puma -C config/puma.rb"),
                ("procfile:release", "rails db:migrate && rm -rf /srv/x"),
            ]
        );
        let s = &ex.snippets[1];
        let i = s.text.find("rm -rf").unwrap();
        assert_eq!(&src[s.map.map(i)..s.map.map(i) + 6], "rm -rf");
        assert!(ex.notes.iter().any(|n| n.text == "release: runs on every deploy"));
        assert_eq!(ex.unread.len(), 1);
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert_eq!(&src[ex.unread[0].span.start()..ex.unread[0].span.start() + 4], "oops");
        assert!(extract("").snippets.is_empty());
        assert!(extract("é: x\n:\n").snippets.is_empty());
    }
}
