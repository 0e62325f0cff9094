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
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&language())
                .map_err(|e| format!("the tree-sitter-powershell grammar cannot be loaded: {e}"))?;
            *slot = Some(p);
        }
        let parser = slot.as_mut().expect("initialized above");
        parser
            .parse(text, None)
            .ok_or_else(|| "tree-sitter returned no tree".to_owned())
    })
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
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()?;
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
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
