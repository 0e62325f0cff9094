//! PowerShell front end: tree-sitter-powershell parses a script (`.ps1`, a `pwsh` fence, a
//! PowerShell tool call) and the walker turns it into the same command IR as bash, so every pack
//! rule applies: aliases resolved to cmdlets (`rm` → `Remove-Item`), parameters normalized as
//! PowerShell binds them (`-Rec` → `--Recurse`, see [`Dialect::Cmdlet`]), native programs
//! (`& kubectl …`) read as written, variables, splatting and script blocks as run-time words.

mod names;
mod walk;

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

use super::ir::Script;

pub use names::{SWITCH_PROGRAMS, alias, is_cmdlet_name, is_path_param, is_switch, known_cmdlet, resolve_param};

/// Scripts longer than this are not parsed (a `syntax` finding says so): bounded time on any input.
pub const MAX_SCRIPT: usize = 4 * 1024 * 1024;

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// The tree-sitter-powershell grammar.
pub fn language() -> tree_sitter::Language {
    tree_sitter_powershell::LANGUAGE.into()
}

/// Parses `text` with tree-sitter-powershell (one parser per thread).
pub fn parse_tree(text: &str) -> Result<Tree, String> {
    super::parse::parse_with_grammar(&PARSER, language, "tree-sitter-powershell", text)
}

/// Parses a PowerShell script into the IR.
pub fn parse(text: &str) -> Script {
    if text.len() > MAX_SCRIPT {
        return Script {
            unusable: true,
            ..Script::default()
        };
    }
    match parse_tree(text) {
        Ok(tree) => walk::Walker::new(text).script(tree.root_node()),
        Err(_) => Script {
            unusable: true,
            ..Script::default()
        },
    }
}

/// The script a `-EncodedCommand` value stands for: base64 of UTF-16LE. `None` when it is not
/// base64, not whole UTF-16 units, or not valid UTF-16.
pub fn decode_encoded_command(b64: &str) -> Option<String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok()?;
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// Whether a command line reads as PowerShell rather than a POSIX shell: its first word is a
/// cmdlet (`Remove-Item`, `Get-ChildItem`) or the script uses what only PowerShell writes
/// (`$env:X`, `$x = …` with spaces, `[Type]::Member`, a here-string, the call operator `&`).
/// Agents whose hook does not say which shell runs the command (Codex's `Bash`, Gemini's
/// `run_shell_command`, Cursor's shell) run PowerShell on Windows.
pub fn looks_like_powershell(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let first = t
        .split(|c: char| c.is_whitespace() || c == ';' || c == '|')
        .next()
        .unwrap_or("");
    if is_cmdlet_name(first) || known_cmdlet(first).is_some_and(|c| c.eq_ignore_ascii_case(first)) {
        return true;
    }
    if t.contains("$env:") || t.contains("${env:") || t.starts_with("& '") || t.starts_with("& \"") {
        return true;
    }
    if t.starts_with('[') && t.contains("]::") {
        return true;
    }
    // `$x = …`: bash allows no space around `=`
    if let Some(rest) = t.strip_prefix('$') {
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let after = rest[name_end..].trim_start();
        if name_end > 0 && after.starts_with('=') && !after.starts_with("==") && rest[name_end..].starts_with(' ') {
            return true;
        }
    }
    // a cmdlet after a pipe or a separator (`ls | Remove-Item`, `cd x; Remove-Item …`)
    t.split(['|', ';', '\n'])
        .skip(1)
        .filter_map(|s| s.split_whitespace().next())
        .any(is_cmdlet_name)
}

#[cfg(test)]
mod tests;

/// Rewrites the arguments tree-sitter-powershell cannot parse but PowerShell reads as one
/// expandable word: a variable followed by a path (`$env:TEMP\x`, `$HOME\.cache`, `$dir/sub`),
/// which the grammar takes for an error (and lets swallow the next line). Each becomes the same
/// word in double quotes; the map takes offsets of the new text back to `text`. `None`: nothing
/// to rewrite.
pub fn prepare(text: &str) -> Option<(String, crate::source::OffsetMap)> {
    let b = text.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let at_word_start = |i: usize| i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b',' | b'=');
    while i < b.len() {
        match b[i] {
            b'#' => {
                i = text[i..].find('\n').map_or(b.len(), |e| i + e);
            }
            b'<' if b.get(i + 1) == Some(&b'#') => {
                i = text[i + 2..].find("#>").map_or(b.len(), |e| i + 2 + e + 2);
            }
            b'@' if matches!(b.get(i + 1), Some(b'\'' | b'"')) && matches!(b.get(i + 2), Some(b'\n' | b'\r')) => {
                let close = if b[i + 1] == b'\'' { "\n'@" } else { "\n\"@" };
                i = text[i + 2..].find(close).map_or(b.len(), |e| i + 2 + e + 3);
            }
            b'\'' => {
                let mut j = i + 1;
                while j < b.len() {
                    if b[j] == b'\'' {
                        if b.get(j + 1) == Some(&b'\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'`' { 2 } else { 1 };
                }
                i = j + 1;
            }
            b'`' => i += 2,
            b'$' if at_word_start(i) => {
                // `$name`, `$env:NAME`, `${…}` followed by `\` or `/` and more of a path
                let mut j = i + 1;
                if b.get(j) == Some(&b'{') {
                    j = text[j..].find('}').map_or(b.len(), |e| j + e + 1);
                } else {
                    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b':') {
                        j += 1;
                    }
                }
                let path = j > i + 1
                    && match b.get(j) {
                        Some(b'\\') => true,
                        Some(b'/') => b
                            .get(j + 1)
                            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'.' | b'*' | b'_')),
                        _ => false,
                    };
                if !path {
                    i = j.max(i + 1);
                    continue;
                }
                let mut k = j;
                let mut clean = true;
                while k < b.len()
                    && !matches!(
                        b[k],
                        b' ' | b'\t' | b'\n' | b'\r' | b';' | b'|' | b'&' | b')' | b'}' | b'>' | b','
                    )
                {
                    if matches!(b[k], b'"' | b'\'' | b'(' | b'`' | b'{') {
                        clean = false;
                    }
                    k += 1;
                }
                if clean {
                    spans.push((i, k));
                }
                i = k;
            }
            _ => i += 1,
        }
    }
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 2 * spans.len());
    let mut map = crate::source::OffsetMap::builder();
    let mut pos = 0;
    for (s, e) in spans {
        map.push(out.len(), pos);
        out.push_str(&text[pos..s]);
        map.push_stretch(out.len(), s);
        out.push('"');
        map.push(out.len(), s);
        out.push_str(&text[s..e]);
        map.push_stretch(out.len(), e.saturating_sub(1));
        out.push('"');
        pos = e;
    }
    map.push(out.len(), pos);
    out.push_str(&text[pos..]);
    Some((out, map.finish()))
}
