//! The text of an Ansible task: Jinja `{{ … }}` values written into a snippet (a known value
//! in its place, else a quoted run-time variable), and the words of a module's free-form string.

use super::{Vars, scalar};
use crate::extract::TextBuilder;
use crate::extract::yaml::Node;

/// How the text of a value is written into a snippet.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Quote {
    /// As shell code.
    Shell,
    /// In single quotes (one word; Jinja values as quoted variables between quoted pieces).
    Single,
}

/// Writes bytes `from..to` of `value` (without the ranges `cut`) into `b`: text as is (or
/// single-quoted, `open`: a quote is open already), `{{ expr }}` as the plain value `vars` give
/// it or a quoted run-time variable, `{% … %}` and `{# … #}` left out.
#[allow(clippy::too_many_arguments)]
pub(super) fn jinja(
    value: &str,
    from: usize,
    to: usize,
    cut: &[(usize, usize)],
    at: &[(usize, bool)],
    vars: &Vars,
    b: &mut TextBuilder,
    quote: Quote,
    open: bool,
) {
    let mut open = open;
    let mut i = from;
    let set_open = |b: &mut TextBuilder, open: &mut bool, want: bool, pos: usize| {
        if quote == Quote::Single && *open != want {
            b.push("'", pos, false);
            *open = want;
        }
    };
    while i < to {
        if let Some(&(_, end)) = cut.iter().find(|(s, e)| *s <= i && i < *e) {
            i = end;
            continue;
        }
        let rest = &value[i..to];
        let src = at[i].0;
        if let Some(close) = ["{{", "{%", "{#"]
            .iter()
            .find(|o| rest.starts_with(**o))
            .map(|o| match *o {
                "{{" => "}}",
                "{%" => "%}",
                _ => "#}",
            })
            && let Some(len) = jinja_end(&rest[2..], close)
        {
            let inner = &rest[2..2 + len];
            if rest.starts_with("{{") {
                let name = inner.trim();
                match vars.get(name) {
                    Some(v) => {
                        set_open(b, &mut open, true, src);
                        if quote == Quote::Single {
                            b.push(&v.replace('\'', "'\\''"), src, false);
                        } else {
                            b.push(v, src, false);
                        }
                    }
                    None => {
                        // Ansible fails a task on an undefined variable: only one with a
                        // `default` may be empty
                        let check = if inner.contains("default") || inner.contains("d(") {
                            ""
                        } else {
                            ":?"
                        };
                        set_open(b, &mut open, false, src);
                        let after = &value[(i + 2 + len + 2).min(to)..to];
                        let ph = placeholder(inner);
                        let program_dir = ["bin_dir", "bin_path", "_bin"].iter().any(|e| ph.ends_with(e));
                        if quote == Quote::Shell && after.starts_with('/') && (program_dir || at_command_start(&b.text))
                        {
                            // `{{ bin_dir }}/kubectl delete …`: the program is the file's name
                            b.push(&ph, src, false);
                        } else {
                            b.push(&format!("\"${{{ph}{check}}}\""), src, false);
                        }
                    }
                }
            }
            i += 2 + len + 2;
            continue;
        }
        let ch = rest.chars().next().expect("i is a char boundary");
        set_open(b, &mut open, true, src);
        let (src, exact) = at[i];
        if quote == Quote::Single && ch == '\'' {
            b.push("'\\''", src, false);
        } else {
            b.push(ch.encode_utf8(&mut [0; 4]), src, exact);
        }
        i += ch.len_utf8();
    }
    if quote == Quote::Single {
        if open {
            b.push("'", at[to.min(at.len() - 1)].0, false);
        } else if from == to {
            b.push("''", at[to.min(at.len() - 1)].0, false);
        }
    }
}

/// Where the Jinja tag that `s` follows closes (`close`: `}}`, `%}`, `#}`), past the strings
/// in it (`{{ '{{ .Image }}' }}`).
fn jinja_end(s: &str, close: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        match quote {
            Some(q) if b[i] == q => quote = None,
            Some(_) => {}
            None if b[i] == b'\'' || b[i] == b'"' => quote = Some(b[i]),
            None if s[i..].starts_with(close) => return Some(i),
            None => {}
        }
        i += 1;
    }
    // an unclosed string: the first close
    s.find(close)
}

/// `text` with the Jinja values `vars` know put in (the others left as they are).
pub(super) fn render(text: &str, vars: &Vars) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(k) = rest.find("{{") {
        out.push_str(&rest[..k]);
        let Some(len) = jinja_end(&rest[k + 2..], "}}") else {
            break;
        };
        let tag = &rest[k..k + 2 + len + 2];
        match vars.get(tag[2..tag.len() - 2].trim()) {
            Some(v) => out.push_str(v),
            None => out.push_str(tag),
        }
        rest = &rest[k + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Whether a command word would start after `text`: at its start, after `;`, `&`, `|`, `(` or a
/// line break, or after a word that runs the next one (`sudo`, `then`).
pub(super) fn at_command_start(text: &str) -> bool {
    let t = text.trim_end_matches([' ', '\t']);
    if t.len() == text.len() && !t.is_empty() && !t.ends_with('\n') {
        return false;
    }
    match t.chars().last() {
        None => true,
        Some(';' | '&' | '|' | '(' | '\n' | '{') => true,
        Some(_) => {
            let last = t.rsplit([' ', '\t', '\n', ';', '&', '|', '(']).next().unwrap_or("");
            matches!(
                last,
                "sudo" | "exec" | "then" | "do" | "else" | "time" | "nohup" | "env" | "!"
            )
        }
    }
}

/// Whether the last component of a path names a file by its extension (`index.html`,
/// `000-default.conf`, `{{ item }}.manifest`; not `conf.d`, not a Jinja value alone).
pub(super) fn looks_like_file(path: &str) -> bool {
    let name = path.trim().rsplit('/').next().unwrap_or("");
    // `{{ item }}.manifest`: the literal end of the name
    let (jinja, name) = match name.rfind("}}") {
        Some(k) => (true, &name[k + 2..]),
        None => (false, name),
    };
    match name.rsplit_once('.') {
        Some((stem, ext)) => {
            (jinja || !stem.is_empty())
                && (2..=10).contains(&ext.len())
                && ext.bytes().all(|c| c.is_ascii_alphanumeric())
                && ext.bytes().any(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// The variable a Jinja expression stands for: `ANSIBLE_` and the variable path it starts with
/// (`db_name | default('x')` → `ANSIBLE_db_name`, `item.path` → `ANSIBLE_item_path`).
fn placeholder(expr: &str) -> String {
    let e = expr.trim();
    let path: String = e
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    let path = path.trim_matches('.');
    if path.is_empty() || path.starts_with(|c: char| c.is_ascii_digit()) {
        return "ANSIBLE_expr".into();
    }
    format!("ANSIBLE_{}", path.replace('.', "_"))
}

/// The free-form string's words from byte `from`, split at spaces outside quotes and Jinja,
/// each with its byte range.
fn words(v: &str, from: usize) -> Vec<(usize, usize)> {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = from.min(b.len());
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        let mut quote: Option<u8> = None;
        while i < b.len() {
            let c = b[i];
            if let Some(q) = quote {
                if c == b'\\' && q == b'"' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            } else if c == b'\'' || c == b'"' {
                quote = Some(c);
            } else if c == b'\\' {
                i += 1;
            } else if c == b'{' && matches!(b.get(i + 1), Some(b'{' | b'%' | b'#')) {
                let close = match b[i + 1] {
                    b'{' => "}}",
                    b'%' => "%}",
                    _ => "#}",
                };
                match jinja_end(&v[i + 2..], close) {
                    Some(n) => i += 2 + n + 1,
                    None => i = b.len() - 1,
                }
            } else if c.is_ascii_whitespace() {
                break;
            }
            i += 1;
        }
        let end = i.min(b.len());
        // `i` may have stepped past a multi-byte character's first byte only onto a boundary
        if v.is_char_boundary(start) && v.is_char_boundary(end) {
            out.push((start, end));
        }
    }
    out
}

/// The options of the `command`/`shell`/`raw`/`script` modules Ansible takes out of the
/// free-form string (`chdir=/srv`); `raw` only has `executable`.
fn is_command_option(word: &str, raw: bool) -> Option<(&str, &str)> {
    const OPTIONS: &[&str] = &[
        "chdir",
        "creates",
        "removes",
        "executable",
        "warn",
        "stdin",
        "stdin_add_newline",
        "strip_empty_ends",
        "decrypt",
    ];
    let (k, v) = word.split_once('=')?;
    ((raw && k == "executable") || (!raw && OPTIONS.contains(&k))).then_some((k, v))
}

/// The module options in a command's free-form string, unquoted, and the string's start.
pub(super) fn free_options(node: &Node, from: usize, raw: bool) -> Vec<(String, String)> {
    let v = scalar(node);
    words(v, from)
        .into_iter()
        .filter_map(|(s, e)| is_command_option(&v[s..e], raw).map(|(k, val)| (k.to_owned(), unquote(val))))
        .collect()
}

/// The byte ranges of the module options in a command's free-form string, with the space
/// before each.
pub(super) fn free_option_ranges(node: &Node, from: usize, raw: bool) -> Vec<(usize, usize)> {
    let v = scalar(node);
    words(v, from)
        .into_iter()
        .filter(|&(s, e)| is_command_option(&v[s..e], raw).is_some())
        .map(|(s, e)| {
            let before = v[..s].trim_end_matches([' ', '\t']).len().max(from);
            (before, e)
        })
        .collect()
}

/// `key=value` words of a module's free-form arguments (`path=/tmp/x state=absent`): the key,
/// the value (its quotes kept out) and the value's byte offset.
pub(super) fn free_kv(node: &Node, from: usize) -> Vec<(String, String, usize)> {
    let v = scalar(node);
    words(v, from)
        .into_iter()
        .filter_map(|(s, e)| {
            let w = &v[s..e];
            let (k, val) = w.split_once('=')?;
            if k.is_empty() || !k.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
                return None;
            }
            let mut at = s + k.len() + 1;
            let mut val = val;
            if val.len() >= 2
                && (val.starts_with('"') && val.ends_with('"') || val.starts_with('\'') && val.ends_with('\''))
            {
                val = &val[1..val.len() - 1];
                at += 1;
            }
            Some((k.to_owned(), val.to_owned(), at))
        })
        .collect()
}

fn unquote(v: &str) -> String {
    let t = v.trim_matches(|c| c == '"' || c == '\'');
    t.to_owned()
}
