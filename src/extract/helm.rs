//! Helm chart templates (and the `{{ … }}` of Argo Workflows) made readable as YAML without
//! moving a byte: lines of only template actions become blank, other actions a run-time value.
//!
//! A chart's `templates/*.yaml` is Go template text, not YAML: `{{- if .Values.x }}` alone on a
//! line, `{{ .Values.image }}` inside a value. Each action is replaced by text of the same byte
//! length, so every span the YAML parser gives is a span of the file: a line holding nothing but
//! actions (and blanks) becomes empty lines, a control action inside a line (`if`, `else`, `end`,
//! `range`, `with`, comments) spaces too (both branches are read, as if each held), and any other
//! action a shell variable named after what it reads, padded to its length
//! (`{{ .Values.db }}` → `${Values_db____}`): the shell analysis sees a value known only when the
//! chart is rendered.

use super::{Unread, UnreadKind};
use crate::source::Span;

/// Go template keywords whose action prints nothing.
const CONTROL: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "block", "break", "continue",
];

/// The text with its template actions blanked (see the module), or `None` when it has none.
/// An action that is never closed is reported, and the text from it on read as it is.
pub(crate) fn blank(text: &str, origin: &str, unread: &mut Vec<Unread>) -> Option<String> {
    if !text.contains("{{") {
        return None;
    }
    let src = text.as_bytes();
    let mut out = src.to_vec();
    let mut covered = vec![false; src.len()];
    let mut i = 0;
    while let Some(p) = find(src, b"{{", i) {
        let Some(q) = find(src, b"}}", p + 2) else {
            unread.push(Unread {
                span: Span::new(p, p),
                message: "a template action `{{` that is never closed: the text from it on was read as it is".into(),
                kind: UnreadKind::Malformed,
                origin: Some(origin.to_owned()),
            });
            break;
        };
        let end = q + 2;
        covered[p..end].fill(true);
        let action = &text[p..end];
        let one_line = !action.contains('\n');
        if one_line && !is_silent(action) {
            out[p..end].copy_from_slice(placeholder(action, end - p).as_bytes());
        } else {
            for b in &mut out[p..end] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        i = end;
    }
    // lines of nothing but actions and blanks
    let mut start = 0;
    while start < src.len() {
        let end = find(src, b"\n", start).unwrap_or(src.len());
        let line = start..end;
        let only_actions =
            line.clone().any(|k| covered[k]) && line.clone().all(|k| covered[k] || src[k].is_ascii_whitespace());
        if only_actions {
            // line breaks, not spaces: a block scalar's first lines may not be indented deeper
            // than its text, and a blank line is nothing in YAML and nothing in a script
            out[line].fill(b'\n');
        }
        start = end + 1;
    }
    // every replaced byte is ASCII and stands for whole characters
    Some(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// A comment or a control action: it prints nothing.
fn is_silent(action: &str) -> bool {
    let inner = action.trim_start_matches("{{").trim_start_matches('-').trim_start();
    if inner.starts_with("/*") {
        return true;
    }
    let word = inner
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    CONTROL.contains(&word)
}

/// `${NAME}` exactly `len` bytes long (`len` ≥ 4), NAME after the first field path the action
/// reads (`.Values.db.name` → `Values_db_name`, `$dir` → `dir`), else `helm`.
fn placeholder(action: &str, len: usize) -> String {
    let want = len.saturating_sub(3).max(1);
    let mut name = first_path(action).unwrap_or_else(|| "helm".to_owned());
    name.truncate(want);
    while name.len() < want {
        name.push('_');
    }
    let p = format!("${{{name}}}");
    debug_assert_eq!(p.len(), len);
    p
}

fn first_path(action: &str) -> Option<String> {
    // the words outside quoted strings
    let mut words = Vec::new();
    let (mut quote, mut start) = (None, None);
    for (i, c) in action.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '`' => {
                words.extend(start.take().map(|s| &action[s..i]));
                quote = Some(c);
            }
            None if c.is_whitespace() || "(){}|,".contains(c) => words.extend(start.take().map(|s| &action[s..i])),
            None => {
                start.get_or_insert(i);
            }
        }
    }
    words.extend(start.map(|s| &action[s..]));
    words.into_iter().find_map(|t| {
        // `.Values.x`, `$dir`, and Argo's `inputs.parameters.x`
        let path = t.strip_prefix(['.', '$']).or_else(|| t.contains('.').then_some(t))?;
        path.starts_with(|c: char| c.is_ascii_alphabetic()).then(|| {
            path.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .map(|c| if c == '.' { '_' } else { c })
                .collect::<String>()
                .trim_end_matches('_')
                .to_owned()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_keep_every_offset() {
        let src = "{{- if .Values.wipe }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include \"x.fullname\" . }}-reset\n  namespace: {{ .Release.Namespace }}\n  # {{/* a comment */}}\nspec:\n  x: {{ if .Values.a }}yes{{ else }}no{{ end }}\n{{- end }}\n";
        let mut unread = Vec::new();
        let out = blank(src, "kubernetes", &mut unread).unwrap();
        assert!(unread.is_empty());
        assert_eq!(out.len(), src.len());
        let lines: Vec<&str> = out.lines().collect();
        assert!(out.starts_with(&"\n".repeat("{{- if .Values.wipe }}\n".len())));
        let lines: Vec<&str> = lines.into_iter().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], "apiVersion: batch/v1");
        assert!(lines[3].starts_with("  name: ${helm___") && lines[3].ends_with("___}-reset"));
        assert_eq!(lines[4], "  namespace: ${Release_Namespace____}");
        assert_eq!(lines[5].trim_end(), "  #");
        assert_eq!(lines[7].split_whitespace().collect::<Vec<_>>(), ["x:", "yes", "no"]);
        assert_eq!(lines.len(), 8);
        assert_eq!(placeholder("{{}}", 4), "${h}");
        assert_eq!(placeholder("{{ .Values.db }}", 16), "${Values_db____}");
        assert_eq!(placeholder("{{ $dir }}", 10), "${dir____}");
        assert_eq!(
            placeholder("{{inputs.parameters.env}}", 25),
            "${inputs_parameters_env_}"
        );
        assert_eq!(placeholder("{{ include \"a.b\" . }}", 21), "${helm______________}");
    }

    #[test]
    fn unclosed_action_is_reported() {
        let mut unread = Vec::new();
        let src = "kind: Job\nname: {{ .Values.x\n";
        let out = blank(src, "kubernetes", &mut unread).unwrap();
        assert_eq!(out, src);
        assert_eq!(unread[0].kind, UnreadKind::Malformed);
        assert_eq!(unread[0].span.start(), src.find("{{").unwrap());
        assert!(blank("a: b\n", "kubernetes", &mut unread).is_none());
        // non-ASCII text inside and around actions
        let src = "é: {{ .Values.ü }}\n{{/* ☃ */}}\n";
        let out = blank(src, "kubernetes", &mut unread).unwrap();
        assert_eq!(out.len(), src.len());
        assert!(out.starts_with("é: ${Values_"));
    }
}
