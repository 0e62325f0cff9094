//! Redirects and input: `>file` targets, here-strings, and heredoc bodies with their
//! expansions (the text a command reads on standard input).

use super::tree::Node;

use crate::shell::ir::{Input, Redirect};
use crate::source::OffsetMap;

use super::words::WordBuilder;
use super::{FIELDS, Walker, span, text};

impl<'t> Walker<'t> {
    pub(super) fn redirects(
        &mut self,
        redirects: &[Node<'t>],
        heredoc: Option<Node<'t>>,
    ) -> (Vec<Redirect>, Option<Input>) {
        let mut redirect_list = Vec::new();
        let mut stdin = None;
        for r in redirects {
            match r.kind_str() {
                "file_redirect" => {
                    let fd = r
                        .child_by_field(FIELDS.descriptor)
                        .and_then(|d| text(self.src, d).parse().ok());
                    let op = r
                        .children()
                        .find(|k| !k.is_named())
                        .map(|k| k.kind_str().to_owned())
                        .unwrap_or_default();
                    if let Some(dest) = r.child_by_field(FIELDS.destination) {
                        let target = self.word(dest);
                        redirect_list.push(Redirect { op, fd, target });
                    }
                }
                "herestring_redirect" => {
                    if let Some(w) = r.named_children().last() {
                        let word = self.word(w);
                        let literal = matches!(w.kind_str(), "raw_string" | "ansi_c_string");
                        stdin = Some(Input {
                            text: word.value().unwrap_or_default(),
                            is_static: word.is_static(),
                            map: word.map.clone(),
                            span: word.span,
                            literal,
                            heredoc: false,
                        });
                    }
                }
                _ => {}
            }
        }
        if let Some(h) = heredoc {
            stdin = self.heredoc(h).or(stdin);
        }
        (redirect_list, stdin)
    }

    fn heredoc(&mut self, h: Node<'t>) -> Option<Input> {
        let start = h.named_children().find(|k| k.kind_str() == "heredoc_start")?;
        let body = h.named_children().find(|k| k.kind_str() == "heredoc_body")?;
        let delim = text(self.src, start);
        let literal = delim.contains(['\'', '"', '\\']);
        let mut b = WordBuilder::new(span(body));
        let body_text = text(self.src, body);
        if literal {
            for (i, ch) in body_text.char_indices() {
                b.ch(ch, body.start_byte() + i, true);
            }
        } else {
            let mut pos = body.start_byte();
            for k in body.named_children() {
                if k.kind_str() == "heredoc_content" {
                    continue;
                }
                self.heredoc_text(&mut b, pos, k.start_byte());
                self.word_into(k, &mut b, true);
                pos = k.end_byte();
            }
            self.heredoc_text(&mut b, pos, body.end_byte());
        }
        let word = b.finish();
        if !word.is_static() {
            // expansions whose values are unknown: the body as written (`rm -rf $DIR`) reads the
            // same to a shell or SQL client analysing it
            return Some(Input {
                text: body_text.to_owned(),
                map: OffsetMap::identity(body.start_byte()),
                span: span(body),
                literal,
                is_static: false,
                heredoc: true,
            });
        }
        Some(Input {
            text: word.value().unwrap_or_default(),
            map: word.map,
            span: span(body),
            literal,
            is_static: true,
            heredoc: true,
        })
    }

    fn heredoc_text(&self, b: &mut WordBuilder, from: usize, to: usize) {
        if from >= to {
            return;
        }
        let t = &self.src[from..to];
        let mut it = t.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c == '\\'
                && let Some(&(j, d)) = it.peek()
            {
                if matches!(d, '$' | '`' | '\\') {
                    it.next();
                    b.ch(d, from + j, true);
                    continue;
                }
                if d == '\n' {
                    it.next();
                    continue;
                }
            }
            b.ch(c, from + i, true);
        }
    }
}
