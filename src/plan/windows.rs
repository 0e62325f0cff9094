//! Windows shells nested in a command: `pwsh -Command …`, `powershell -c …`, `-EncodedCommand
//! <base64 of UTF-16LE>`, `cmd /c "…"`, `Invoke-Expression '…'` — from any shell, read as
//! PowerShell or cmd.exe code.

use super::nested::joined;
use super::*;
use crate::shell::Dialect;

/// How `powershell.exe`/`pwsh` read their command line.
pub(super) enum PwshCode<'c> {
    /// `-Command` (or the first argument of `powershell`): the words after it, joined.
    Command(&'c [Word]),
    /// `-EncodedCommand VALUE`.
    Encoded(&'c Word),
    /// Nothing it runs is on the command line (`-File x.ps1`, `-Command -`, no arguments).
    None,
}

/// Whether `program` is PowerShell's executable.
pub(super) fn is_pwsh(program: &str) -> bool {
    matches!(
        program,
        "pwsh" | "powershell" | "pwsh.exe" | "powershell.exe" | "pwsh-preview"
    )
}

/// Whether `w` is PowerShell's option `name` as its command line accepts it: any case, one or
/// two dashes or a slash, any unambiguous prefix down to `min` letters.
fn pwsh_option(w: &str, name: &str, min: usize) -> bool {
    let body = w.trim_start_matches('-');
    let body = if body.len() == w.len() {
        w.strip_prefix('/').unwrap_or("")
    } else {
        body
    };
    let body = body.split(':').next().unwrap_or(body);
    body.len() >= min && body.len() <= name.len() && name[..body.len()].eq_ignore_ascii_case(body)
}

/// What a `pwsh`/`powershell` command line runs.
pub(super) fn pwsh_code(args: &[Word]) -> PwshCode<'_> {
    // options that take a value
    const VALUED: &[(&str, usize)] = &[
        ("ExecutionPolicy", 2),
        ("WindowStyle", 1),
        ("Version", 1),
        ("InputFormat", 2),
        ("OutputFormat", 1),
        ("ConfigurationName", 6),
        ("WorkingDirectory", 2),
        ("PSConsoleFile", 3),
        ("CustomPipeName", 2),
        ("SettingsFile", 2),
        ("ConfigurationFile", 7),
    ];
    let mut i = 0;
    while i < args.len() {
        let Some(v) = args[i].value() else {
            return PwshCode::None;
        };
        if !(v.starts_with('-') || (v.starts_with('/') && v.len() > 1 && !v[1..].contains('/'))) {
            // the first argument that is no option: a script file, or (Windows PowerShell's
            // default, and what an agent means) a command
            let script_file = v.to_ascii_lowercase().ends_with(".ps1");
            return if script_file {
                PwshCode::None
            } else {
                PwshCode::Command(&args[i..])
            };
        }
        if pwsh_option(&v, "Command", 1) {
            return match args.get(i + 1).and_then(Word::value).as_deref() {
                Some("-") | None if args.len() <= i + 1 => PwshCode::None,
                Some("-") => PwshCode::None,
                _ => PwshCode::Command(&args[i + 1..]),
            };
        }
        if pwsh_option(&v, "EncodedCommand", 1) && !pwsh_option(&v, "ExecutionPolicy", 2) {
            return args.get(i + 1).map_or(PwshCode::None, PwshCode::Encoded);
        }
        if pwsh_option(&v, "File", 1) {
            return PwshCode::None;
        }
        i += 1;
        if VALUED.iter().any(|(n, min)| pwsh_option(&v, n, *min)) && !v.contains(':') {
            i += 1;
        }
    }
    PwshCode::None
}

/// The words after `cmd`'s `/c` or `/k` (`-c`/`-k` once normalized), `None` if it has none.
pub(super) fn cmd_code(args: &[Word]) -> Option<&[Word]> {
    let at = args.iter().position(|a| {
        a.value()
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "/c" | "/k" | "/r" | "-c" | "-k" | "-r"))
    })?;
    let rest = &args[at + 1..];
    (!rest.is_empty()).then_some(rest)
}

impl<'a> Planner<'a> {
    /// The Windows shell code a command carries (see the module's doc).
    pub(super) fn windows_nested(&self, u: &ScriptUnit, cmd: &Command) -> Vec<Snippet> {
        let Some(program) = cmd.program.as_deref() else {
            return Vec::new();
        };
        let origin = |what: &str| format!("{}/{what}", u.origin);
        let snippet = |lang: SnippetLang, words: &[Word], what: &str| -> Option<Snippet> {
            // one word is the code as it is; several are joined as the shell joins them
            let (text, map) = match words {
                [w] => {
                    let v = w.value()?;
                    let mut b = TextBuilder::new();
                    push_mapped(&mut b, &v, &w.map);
                    b.finish()
                }
                _ => joined(words)?,
            };
            let file_map = u.map.compose(&map, text.len());
            let mut s = Snippet::new(lang, text, file_map, origin(what));
            s.partial = words.iter().any(|w| !w.is_static());
            Some(s)
        };
        let lower = program.to_ascii_lowercase();
        if is_pwsh(&lower) {
            return match pwsh_code(&cmd.args) {
                PwshCode::Command(words) => snippet(SnippetLang::PowerShell, words, "powershell")
                    .into_iter()
                    .collect(),
                PwshCode::Encoded(w) => {
                    let Some(code) = w
                        .value()
                        .and_then(|v| crate::shell::powershell::decode_encoded_command(&v))
                    else {
                        return Vec::new();
                    };
                    // the decoded code has no place of its own in the file: all of it is the word
                    let map = u.map.compose(&stretch(w.span.start()), code.len());
                    vec![Snippet::new(
                        SnippetLang::PowerShell,
                        code,
                        map,
                        origin("powershell:encoded"),
                    )]
                }
                PwshCode::None => Vec::new(),
            };
        }
        if lower == "cmd" || lower == "cmd.exe" {
            return cmd_code(&cmd.args)
                .and_then(|w| snippet(SnippetLang::Batch, w, "cmd"))
                .into_iter()
                .collect();
        }
        if cmd.dialect == Dialect::Cmdlet && program == "Invoke-Expression" {
            let words: Vec<Word> = cmd
                .args
                .iter()
                .filter(|a| !a.as_lit().is_some_and(|v| v.starts_with("--")))
                .cloned()
                .collect();
            if words.len() == 1 && words[0].is_static() {
                return snippet(SnippetLang::PowerShell, &words, "Invoke-Expression")
                    .into_iter()
                    .collect();
            }
        }
        Vec::new()
    }

    /// `pwsh -EncodedCommand X` whose X is no base64 of UTF-16LE: what it runs is unknown.
    pub(super) fn undecodable(&self, cmd: &Command) -> Option<(EngineRule, Severity, String)> {
        let program = cmd.program.as_deref()?.to_ascii_lowercase();
        if !is_pwsh(&program) {
            return None;
        }
        let PwshCode::Encoded(w) = pwsh_code(&cmd.args) else {
            return None;
        };
        if w.value()
            .is_some_and(|v| crate::shell::powershell::decode_encoded_command(&v).is_some())
        {
            return None;
        }
        Some((
            EngineRule::DynamicEval,
            Severity::Warning,
            format!(
                "`{}` runs an encoded command that is not base64 of UTF-16 text: what it runs is not known",
                clip(&cmd.display(), 60)
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<Word> {
        s.iter().map(|w| Word::literal(w, Span::new(0, w.len()))).collect()
    }

    #[test]
    fn pwsh_command_lines() {
        let a = words(&["-NoProfile", "-ExecutionPolicy", "Bypass", "-c", "Remove-Item", "x"]);
        assert!(matches!(pwsh_code(&a), PwshCode::Command(w) if w.len() == 2));
        let a = words(&["-NoP", "-NonI", "-W", "Hidden", "-enc", "AAAA"]);
        assert!(matches!(pwsh_code(&a), PwshCode::Encoded(_)));
        let a = words(&["-File", "x.ps1"]);
        assert!(matches!(pwsh_code(&a), PwshCode::None));
        let a = words(&["Remove-Item C:\\x -Recurse"]);
        assert!(matches!(pwsh_code(&a), PwshCode::Command(_)));
        let a = words(&["/c", "rd", "/s", "/q", "C:\\x"]);
        assert_eq!(cmd_code(&a).map(<[Word]>::len), Some(4));
    }
}
