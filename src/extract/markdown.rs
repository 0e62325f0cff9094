//! Markdown plans: fenced code blocks in order, by info string. `bash sh shell zsh` are shell,
//! `powershell pwsh ps1` PowerShell, `bat batch cmd` cmd.exe,
//! `console`/`shell-session` are shell with prompts stripped and output ignored, `graphql gql`,
//! `json`, `sql`; a fence of a file format that holds commands (`dockerfile`, `makefile`, a
//! `yaml` fence whose content is a workflow, a manifest or a playbook …) is read by that format's
//! extractor. Prose, inline code and other fences are never analysed; headings and paragraphs are
//! kept as notes (what the plan says it is for).

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder};
use crate::lang::Lang;
use crate::source::Span;
use crate::sql::SqlDialect;

enum Fence {
    Lang(SnippetLang, &'static str),
    Console,
    /// A file format that holds commands; `None`: YAML, whose content tells which one.
    Format(Option<Lang>),
    Skip,
}

fn fence_kind(info: &str) -> Fence {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match word.as_str() {
        "bash" | "sh" | "shell" | "zsh" | "ksh" | "dash" => Fence::Lang(SnippetLang::Shell, "bash"),
        "console" | "shell-session" | "shellsession" | "terminal" => Fence::Console,
        "powershell" | "pwsh" | "ps1" | "ps" | "posh" => Fence::Lang(SnippetLang::PowerShell, "powershell"),
        "bat" | "batch" | "cmd" | "dosbatch" | "batchfile" => Fence::Lang(SnippetLang::Batch, "batch"),
        "graphql" | "gql" => Fence::Lang(SnippetLang::Graphql, "graphql"),
        "json" | "jsonc" | "json5" => Fence::Lang(SnippetLang::Json, "json"),
        "sql" | "psql" | "postgres" | "postgresql" | "pgsql" => {
            Fence::Lang(SnippetLang::Sql(SqlDialect::Postgres), "sql")
        }
        "mysql" => Fence::Lang(SnippetLang::Sql(SqlDialect::MySql), "sql"),
        "sqlite" => Fence::Lang(SnippetLang::Sql(SqlDialect::Sqlite), "sql"),
        "yaml" | "yml" => Fence::Format(None),
        other => match Lang::parse(other) {
            Some(l) if l.holds_commands() => Fence::Format(Some(l)),
            _ => Fence::Skip,
        },
    }
}

/// A line (or run of lines) of a fence: its text, its offset, and whether the text is the
/// source verbatim.
type Piece = (String, usize, bool);

/// Extracts the fences of a Markdown document.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut fence: Option<(Fence, Vec<Piece>)> = None;
    let mut prose: Option<(String, usize, usize)> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => fence = Some((fence_kind(&info), Vec::new())),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => fence = Some((Fence::Skip, Vec::new())),
            Event::End(TagEnd::CodeBlock) => {
                if let Some((kind, pieces)) = fence.take() {
                    finish_fence(kind, pieces, &mut out);
                }
            }
            Event::Text(t) if fence.is_some() => {
                let exact = text.get(range.clone()) == Some(&*t);
                fence
                    .as_mut()
                    .expect("checked")
                    .1
                    .push((t.into_string(), range.start, exact));
            }
            Event::Start(Tag::Heading { .. } | Tag::Paragraph) => prose = Some((String::new(), range.start, range.end)),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => {
                if let Some((t, s, e)) = prose.take()
                    && !t.trim().is_empty()
                {
                    out.notes.push(Note {
                        text: t,
                        span: Span::new(s, e),
                        scope: None,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((p, _, _)) = prose.as_mut() {
                    p.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

fn finish_fence(kind: Fence, pieces: Vec<Piece>, out: &mut Extracted) {
    let (lang, origin) = match kind {
        Fence::Skip => return,
        Fence::Lang(l, o) => (l, o),
        Fence::Console => (SnippetLang::Shell, "console"),
        Fence::Format(l) => return format_fence(l, pieces, out),
    };
    let console = origin == "console";
    let mut b = TextBuilder::new();
    let mut continuing = false;
    let lines = pieces.iter().flat_map(|(piece, src, exact)| {
        let mut at = 0;
        piece.split_inclusive('\n').map(move |l| {
            let off = if *exact { src + at } else { *src };
            at += l.len();
            (l, off, *exact)
        })
    });
    for (line, src, exact) in lines {
        if !console {
            b.push(line, src, exact);
            continue;
        }
        // `$ cmd` / `# cmd` (root prompt) are commands; a line after one ending in `\` continues it;
        // everything else is output
        let body = line.trim_end_matches('\n');
        let cmd = if continuing {
            Some((body, 0))
        } else {
            ["$ ", "# ", "% ", "> "]
                .iter()
                .find_map(|p| {
                    body.trim_start()
                        .strip_prefix(p)
                        .map(|rest| (rest, body.len() - rest.len()))
                })
                .or_else(|| matches!(body.trim(), "$" | "#").then_some(("", body.len())))
        };
        match cmd {
            Some((c, skip)) => {
                b.push(c, src + skip, exact);
                b.push("\n", src + body.len(), exact);
                continuing = c.trim_end().ends_with('\\');
            }
            None => continuing = false,
        }
    }
    let (text, map) = b.finish();
    if text.trim().is_empty() {
        return;
    }
    out.snippets
        .push(Snippet::new(lang, text, map, format!("markdown:{origin}")));
}

/// A fence of a file format that holds commands: its text read by that format's extractor (a
/// YAML fence by whichever format recognises its content; none: not read), its snippets, notes
/// and unread parts mapped back to the plan.
fn format_fence(lang: Option<Lang>, pieces: Vec<Piece>, out: &mut Extracted) {
    let mut b = TextBuilder::new();
    for (piece, src, exact) in &pieces {
        b.push(piece, *src, *exact);
    }
    let (text, map) = b.finish();
    let Some(lang) = lang.or_else(|| Lang::from_text(std::path::Path::new("fence.yml"), &text)) else {
        return;
    };
    if !lang.holds_commands() {
        return;
    }
    let inner = super::extract(lang, &text);
    out.append_nested(inner, &map, &format!("markdown:{lang}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_by_info_string_with_offsets() {
        let md = "# Plan\n\n1. Step\n\n   ```bash\n   rm -rf /srv/x\n   ```\n\n```text\nrm -rf /\n```\n\n~~~gql\nmutation { a }\n~~~\n";
        let ex = extract(md);
        assert_eq!(ex.snippets.len(), 2);
        let s = &ex.snippets[0];
        assert_eq!(s.text, "rm -rf /srv/x\n");
        assert_eq!(s.origin, "markdown:bash");
        assert_eq!(&md[s.map.map(0)..s.map.map(0) + 2], "rm");
        assert_eq!(ex.snippets[1].lang, SnippetLang::Graphql);
        assert_eq!(ex.notes[0].text, "Plan");
    }

    #[test]
    fn fences_of_formats_that_hold_commands() {
        let md = "Add the job:\n\n```gitlab-ci\nwipe:\n  script:\n    - rm -rf /srv/data\n```\n\n```yaml\nscript:\n  - rm -rf /\n```\n";
        let ex = extract(md);
        // the YAML fence is none of the formats: not read
        assert_eq!(ex.snippets.len(), 1, "{:?}", ex.snippets);
        let s = &ex.snippets[0];
        assert_eq!(s.text, "rm -rf /srv/data");
        assert_eq!(s.origin, "markdown:workflow/gitlab-ci:wipe");
        assert_eq!(&md[s.map.map(0)..s.map.map(0) + 16], "rm -rf /srv/data");
    }

    #[test]
    fn console_prompts_and_output() {
        let md =
            "```console\n$ kubectl get ns\nNAME STATUS\n$ kubectl delete \\\n    namespace x\nnamespace deleted\n```\n";
        let ex = extract(md);
        let s = &ex.snippets[0];
        assert_eq!(s.text, "kubectl get ns\nkubectl delete \\\n    namespace x\n");
        let at = s.text.find("delete").unwrap();
        assert_eq!(&md[s.map.map(at)..s.map.map(at) + 6], "delete");
    }

    #[test]
    fn prose_and_inline_code_are_not_code() {
        let ex = extract("Never run `rm -rf /` here.\n\n```python\nos.system('rm -rf /')\n```\n");
        assert!(ex.snippets.is_empty());
        assert_eq!(ex.notes.len(), 1);
    }
}
