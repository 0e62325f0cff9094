//! cmd.exe front end: `.bat`/`.cmd` files, `cmd /c "…"` and cmd tool calls, read into the same
//! command IR as bash. There is no maintained tree-sitter grammar for batch files, and cmd's own
//! syntax is line-based and small (no nesting but `( … )` blocks), so a hand tokenizer reads it:
//! lines (`^` continues one), `&`/`&&`/`||`/`|`, `( … )`, `if …`/`for … do …`, `set VAR=…`,
//! `%VAR%`/`!VAR!` expansions, `^` escapes and quotes, `REM`/`::` comments, redirections. Each
//! `/x` switch is normalized to `-x` (`/MIR` to `--mir`, `/w:X` to `--w=X`), see [`Dialect::Cmd`].

use rustc_hash::FxHashMap as HashMap;

use super::ir::{Command, Context, Dialect, Guard, GuardRef, Part, Redirect, Script, ScriptAssignment, VarState, Word};
use crate::source::{OffsetMap, Span};

/// Commands read at most from one script: bounded work on any input.
const MAX_COMMANDS: usize = 50_000;
/// Bytes read at most.
pub const MAX_SCRIPT: usize = 4 * 1024 * 1024;

/// A cmd.exe switch normalized (`/s` → `-s`, `/MIR` → `--mir`, `/w:C:\` → `--w=C:\`), or `None`
/// when the word is no switch.
pub fn cmd_switch(w: &str) -> Option<String> {
    let body = w.strip_prefix('/')?;
    let (name, value) = match body.split_once(':') {
        Some((n, v)) => (n, Some(v)),
        None => (body, None),
    };
    let ok = !name.is_empty()
        && name.len() <= 16
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '?')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '?');
    if !ok {
        return None;
    }
    let name = name.to_ascii_lowercase();
    Some(match value {
        Some(v) => format!("--{name}={v}"),
        None if name.len() == 1 => format!("-{name}"),
        None => format!("--{name}"),
    })
}

/// Programs only cmd.exe has (builtins and Windows tools) that read `/x` switches.
const CMD_FIRST_WORDS: &[&str] = &[
    "rd",
    "rmdir",
    "del",
    "erase",
    "format",
    "robocopy",
    "xcopy",
    "vssadmin",
    "wmic",
    "cipher",
    "diskpart",
    "wbadmin",
    "bcdedit",
    "fsutil",
    "icacls",
    "takeown",
    "dir",
    "copy",
    "move",
    "attrib",
    "cmd",
    "schtasks",
    "reg",
    "taskkill",
    "sdelete",
    "mountvol",
    "diskshadow",
    "manage-bde",
];

/// Whether a command line reads as cmd.exe rather than a POSIX shell: a Windows command with a
/// `/x` switch (`rd /s /q X`, `del /f /q X`), `%VAR%` expansions with cmd words, `@echo off`.
pub fn looks_like_cmd(text: &str) -> bool {
    let t = text.trim_start().trim_start_matches('@');
    if t.to_ascii_lowercase().starts_with("echo off") {
        return true;
    }
    for seg in t.split(['&', '|', '\n']) {
        let mut words = seg.split_whitespace();
        let Some(first) = words.next() else { continue };
        let first = first.to_ascii_lowercase();
        let first = first.strip_suffix(".exe").unwrap_or(&first);
        if CMD_FIRST_WORDS.contains(&first) && words.any(|w| cmd_switch(w).is_some() && !w[1..].contains('/')) {
            return true;
        }
    }
    false
}

/// Parses a batch script (or one cmd.exe command line) into the IR.
pub fn parse(text: &str) -> Script {
    if text.len() > MAX_SCRIPT {
        return Script {
            unusable: true,
            ..Script::default()
        };
    }
    let mut p = Parser {
        src: text,
        out: Script::default(),
        ctx: Context::default(),
        vars: HashMap::default(),
    };
    p.run();
    p.out
}

/// A token of a line: a word (with its span) or an operator.
#[derive(Debug)]
enum Tok {
    Word(Word),
    /// `&`, `&&`, `||`, `|`, `(`, `)`.
    Op(&'static str),
    /// A redirection operator (`>`, `>>`, `<`, `2>` …) with its fd.
    Redir(String, Option<u32>),
}

struct Parser<'a> {
    src: &'a str,
    out: Script,
    ctx: Context,
    vars: HashMap<String, Option<String>>,
}

impl Parser<'_> {
    fn run(&mut self) {
        // logical lines: a `^` at the end of a line joins the next
        let src = self.src;
        let mut start = 0;
        let mut guards_saved = Vec::new();
        let mut block_guards: Vec<usize> = Vec::new();
        while start < src.len() {
            let mut end = start;
            loop {
                let nl = src[end..].find('\n').map_or(src.len(), |i| end + i);
                let line = src[end..nl].trim_end_matches('\r');
                if line.ends_with('^') && !line.ends_with("^^") && nl < src.len() {
                    end = nl + 1;
                    continue;
                }
                end = nl;
                break;
            }
            let line_end = end;
            self.line(start, line_end, &mut guards_saved, &mut block_guards);
            start = line_end + 1;
            if self.out.commands.len() >= MAX_COMMANDS {
                self.out.limits.push((
                    Span::new(start.min(src.len()), src.len()),
                    "the rest of the script was not read (too many commands)",
                ));
                break;
            }
        }
    }

    fn line(&mut self, start: usize, end: usize, guards_saved: &mut Vec<usize>, block_guards: &mut Vec<usize>) {
        let raw = &self.src[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim_start();
        let t_at = start + lead;
        let (t, t_at) = match t.strip_prefix('@') {
            Some(r) => (r, t_at + 1),
            None => (t, t_at),
        };
        let lower = t.to_ascii_lowercase();
        if t.starts_with("::") || lower == "rem" || lower.starts_with("rem ") || lower.starts_with("rem\t") {
            let body = t.trim_start_matches(':');
            let body = if lower.starts_with("rem") { &t[3..] } else { body };
            self.out.comments.push((body.trim().to_owned(), Span::new(t_at, end)));
            return;
        }
        if t.starts_with(':') || t.trim().is_empty() {
            return;
        }
        let toks = self.tokens(t_at, end);
        self.statements(toks, guards_saved, block_guards);
    }

    /// Splits `[from, to)` into words and operators.
    fn tokens(&self, from: usize, to: usize) -> Vec<Tok> {
        let s = &self.src[from..to];
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b' ' || c == b'\t' || c == b'\r' || c == b'\n' || c == b',' || c == b';' {
                i += 1;
                continue;
            }
            if c == b'&' || c == b'|' {
                let two = i + 1 < b.len() && b[i + 1] == c;
                let op = match (c, two) {
                    (b'&', true) => "&&",
                    (b'&', false) => "&",
                    (b'|', true) => "||",
                    _ => "|",
                };
                out.push(Tok::Op(op));
                i += if two { 2 } else { 1 };
                continue;
            }
            if c == b'(' || c == b')' {
                out.push(Tok::Op(if c == b'(' { "(" } else { ")" }));
                i += 1;
                continue;
            }
            let fd = if c.is_ascii_digit() && i + 1 < b.len() && (b[i + 1] == b'>' || b[i + 1] == b'<') {
                Some((c - b'0') as u32)
            } else {
                None
            };
            if c == b'>' || c == b'<' || fd.is_some() {
                if fd.is_some() {
                    i += 1;
                }
                let op_start = i;
                i += 1;
                if i < b.len() && b[i] == b'>' {
                    i += 1;
                }
                if i < b.len() && b[i] == b'&' {
                    // `2>&1`: a merge, no file
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    continue;
                }
                out.push(Tok::Redir(s[op_start..i].to_owned(), fd));
                continue;
            }
            // a word: up to an unquoted separator
            let st = i;
            let mut parts: Vec<Part> = Vec::new();
            let mut buf = String::new();
            let mut quoted = false;
            let mut in_q = false;
            while i < b.len() {
                let c = b[i];
                // (cmd also splits at `=`; `set X=y` needs it kept)
                if !in_q
                    && matches!(
                        c,
                        b' ' | b'\t' | b'\r' | b'\n' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' | b',' | b';'
                    )
                {
                    break;
                }
                if c == b'"' {
                    in_q = !in_q;
                    quoted = true;
                    i += 1;
                    continue;
                }
                if c == b'^' && !in_q && i + 1 < b.len() {
                    let ch = s[i + 1..].chars().next().unwrap_or(' ');
                    if ch != '\n' && ch != '\r' {
                        buf.push(ch);
                    }
                    i += 1 + ch.len_utf8();
                    continue;
                }
                if (c == b'%' || c == b'!')
                    && i + 1 < b.len()
                    && let Some((part, len)) = self.expansion(&s[i..], in_q)
                {
                    if !buf.is_empty() {
                        parts.push(Part::Lit {
                            text: std::mem::take(&mut buf),
                            quoted: quoted || in_q,
                            var: None,
                        });
                    }
                    parts.push(part);
                    i += len;
                    continue;
                }
                let ch = s[i..].chars().next().unwrap_or(' ');
                buf.push(ch);
                i += ch.len_utf8();
            }
            if !buf.is_empty() || parts.is_empty() {
                parts.push(Part::Lit {
                    text: buf,
                    quoted,
                    var: None,
                });
            }
            let at = Span::new(from + st, from + i);
            out.push(Tok::Word(Word {
                span: at,
                parts,
                map: OffsetMap::identity(from + st + usize::from(b[st] == b'"')),
            }));
        }
        out
    }

    /// `%VAR%`, `!VAR!`, `%1`, `%*`, `%~dp0`, `%%i`: the part and the bytes it takes.
    fn expansion(&self, s: &str, quoted: bool) -> Option<(Part, usize)> {
        let b = s.as_bytes();
        let sigil = b[0];
        let var = |name: String, state: VarState| Part::Var {
            name,
            quoted,
            state,
            required: false,
            default: None,
        };
        if sigil == b'%' {
            // `%%i` (a `for` variable in a file), `%1`, `%*`, `%~dp0`
            if b.get(1) == Some(&b'%') {
                let len = 2 + s[2..].chars().take_while(|c| c.is_ascii_alphanumeric()).count().min(1);
                return Some((var(s[..len].to_owned(), VarState::Special), len));
            }
            if b.get(1).is_some_and(|c| c.is_ascii_digit() || *c == b'*') {
                return Some((var(s[..2].to_owned(), VarState::Special), 2));
            }
            if b.get(1) == Some(&b'~') {
                let len = 2 + s[2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '$' || *c == ':')
                    .count();
                return Some((var(s[..len].to_owned(), VarState::Special), len));
            }
        }
        let close = s[1..].find(sigil as char)? + 1;
        let inner = &s[1..close];
        if inner.is_empty() || inner.contains([' ', '"', '\n']) && !inner.contains(':') || inner.len() > 64 {
            return None;
        }
        let len = close + 1;
        // `%VAR:~0,3%`, `%VAR:a=b%`: a piece of the value, only known at run time
        if inner.contains(':') {
            let name = inner.split(':').next().unwrap_or("").to_ascii_uppercase();
            return Some((var(name, VarState::Dynamic), len));
        }
        let name = inner.to_ascii_uppercase();
        Some(match self.vars.get(&name) {
            Some(Some(v)) => (
                Part::Lit {
                    text: v.clone(),
                    quoted,
                    var: Some(name),
                },
                len,
            ),
            Some(None) => (var(name, VarState::Dynamic), len),
            None => (var(name, VarState::External), len),
        })
    }

    /// Commands of one line's tokens: split at operators, `if`/`for` read for the command they run.
    fn statements(&mut self, toks: Vec<Tok>, guards_saved: &mut Vec<usize>, block_guards: &mut Vec<usize>) {
        let mut cur: Vec<Word> = Vec::new();
        let mut redirects: Vec<Redirect> = Vec::new();
        let mut pending_redir: Option<(String, Option<u32>)> = None;
        let mut prev_pipe: Option<usize> = None;
        let mut line_guards = 0usize;
        let mut it = toks.into_iter().peekable();
        loop {
            let tok = it.next();
            match tok {
                Some(Tok::Word(w)) => {
                    if let Some((op, fd)) = pending_redir.take() {
                        redirects.push(Redirect { op, fd, target: w });
                        continue;
                    }
                    // `if [/i] [not] COND CMD`: a guard and the command it runs
                    if cur.is_empty() && w.as_lit().is_some_and(|v| v.eq_ignore_ascii_case("if")) {
                        let mut cond: Vec<Word> = Vec::new();
                        let mut negate = false;
                        let mut need = 0usize;
                        while let Some(Tok::Word(x)) = it.peek() {
                            let v = x.as_lit().map(str::to_ascii_lowercase);
                            let Some(Tok::Word(x)) = it.next() else { unreachable!() };
                            match v.as_deref() {
                                Some("/i") if cond.is_empty() => {}
                                Some("not") if cond.is_empty() => negate = true,
                                Some("exist" | "errorlevel" | "defined") if cond.is_empty() => {
                                    need = 1;
                                    cond.push(x);
                                }
                                Some("==" | "equ" | "neq" | "lss" | "leq" | "gtr" | "geq") => {
                                    need = 1;
                                    cond.push(x);
                                }
                                _ => {
                                    let compares = x.as_lit().is_some_and(|v| v.contains("=="));
                                    cond.push(x);
                                    if need > 0 {
                                        need -= 1;
                                        if need == 0 && !it.peek().is_some_and(|t| matches!(t, Tok::Word(y) if y.as_lit().is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "==" | "equ" | "neq" | "lss" | "leq" | "gtr" | "geq")))) {
                                            break;
                                        }
                                    } else if compares
                                        || cond.len() >= 2
                                            && !it
                                                .peek()
                                                .is_some_and(|t| matches!(t, Tok::Word(y) if y.as_lit() == Some("==")))
                                    {
                                        break;
                                    }
                                }
                            }
                        }
                        let span = cond.first().map_or(w.span, |c| {
                            w.span.cover(c.span).cover(cond.last().map_or(c.span, |l| l.span))
                        });
                        self.out.guards.push(Guard {
                            span,
                            commands: Vec::new(),
                            test_words: cond,
                            exits_when: None,
                        });
                        let gid = self.out.guards.len() - 1;
                        self.ctx.guards.push(GuardRef {
                            guard: gid,
                            when_true: !negate,
                        });
                        line_guards += 1;
                        if matches!(it.peek(), Some(Tok::Op("("))) {
                            it.next();
                            guards_saved.push(self.ctx.guards.len() - 1);
                            block_guards.push(gid);
                            line_guards -= 1;
                        }
                        continue;
                    }
                    // `for … in (…) do CMD`: the command after `do`
                    if cur.is_empty() && w.as_lit().is_some_and(|v| v.eq_ignore_ascii_case("for")) {
                        let mut depth = 0;
                        for t in it.by_ref() {
                            match t {
                                Tok::Op("(") => depth += 1,
                                Tok::Op(")") => depth -= 1,
                                Tok::Word(x)
                                    if depth <= 0 && x.as_lit().is_some_and(|v| v.eq_ignore_ascii_case("do")) =>
                                {
                                    break;
                                }
                                _ => {}
                            }
                        }
                        if matches!(it.peek(), Some(Tok::Op("("))) {
                            it.next();
                        }
                        continue;
                    }
                    if cur.is_empty() && w.as_lit().is_some_and(|v| v.eq_ignore_ascii_case("else")) {
                        if matches!(it.peek(), Some(Tok::Op("("))) {
                            it.next();
                        }
                        continue;
                    }
                    cur.push(w);
                }
                Some(Tok::Redir(op, fd)) => pending_redir = Some((op, fd)),
                Some(Tok::Op(op)) => {
                    let saved = self.ctx.in_condition;
                    if op == "&&" || op == "||" {
                        self.ctx.in_condition = true;
                    }
                    let idx = self.command(std::mem::take(&mut cur), std::mem::take(&mut redirects), prev_pipe);
                    self.ctx.in_condition = saved;
                    prev_pipe = if op == "|" { idx } else { None };
                    if op == ")"
                        && let Some(saved) = guards_saved.pop()
                    {
                        self.ctx.guards.truncate(saved);
                        block_guards.pop();
                    }
                }
                None => {
                    self.command(std::mem::take(&mut cur), std::mem::take(&mut redirects), prev_pipe);
                    break;
                }
            }
        }
        // an `if` without a block guards the rest of its line only
        let keep = self.ctx.guards.len() - line_guards.min(self.ctx.guards.len());
        self.ctx.guards.truncate(
            keep.max(guards_saved.last().map_or(0, |s| s + 1))
                .min(self.ctx.guards.len()),
        );
    }

    fn command(&mut self, mut words: Vec<Word>, redirects: Vec<Redirect>, piped_from: Option<usize>) -> Option<usize> {
        if words.is_empty() {
            return None;
        }
        // `call prog …` runs prog (`call :label` a label of this script)
        if words.len() > 1 && words[0].as_lit().is_some_and(|v| v.eq_ignore_ascii_case("call")) {
            if words[1].as_lit().is_some_and(|v| v.starts_with(':')) {
                return None;
            }
            words.remove(0);
        }
        let name = words.remove(0);
        let program = name.value().map(|n| {
            let base = n.rsplit(['\\', '/']).next().unwrap_or(&n).to_ascii_lowercase();
            [".exe", ".com", ".bat", ".cmd"]
                .iter()
                .find_map(|e| base.strip_suffix(e).map(str::to_owned))
                .unwrap_or(base)
        });
        if program.as_deref() == Some("set") {
            self.set(&name, &words);
        }
        let args = words
            .into_iter()
            .map(|w| match w.as_lit().and_then(cmd_switch) {
                Some(s) => Word {
                    parts: vec![Part::Lit {
                        text: s,
                        quoted: false,
                        var: None,
                    }],
                    ..w
                },
                None => w,
            })
            .collect::<Vec<_>>();
        let end = args.last().map_or(name.span.end(), |a| a.span.end());
        let end = redirects.iter().map(|r| r.target.span.end()).fold(end, usize::max);
        let cmd = Command {
            span: Span::new(name.span.start(), end),
            name,
            program,
            args,
            wrappers: Vec::new(),
            assignments: Vec::new(),
            redirects,
            stdin: None,
            piped_from,
            context: self.ctx.clone(),
            dialect: Dialect::Cmd,
        };
        self.out.commands.push(cmd);
        Some(self.out.commands.len() - 1)
    }

    /// `set VAR=value`, `set "VAR=value"`, `set /p VAR=prompt`, `set /a VAR=expr`.
    fn set(&mut self, name: &Word, words: &[Word]) {
        let mut i = 0;
        let mut prompt = false;
        let mut arith = false;
        while let Some(w) = words.get(i) {
            match w.as_lit().map(str::to_ascii_lowercase).as_deref() {
                Some("/p") => prompt = true,
                Some("/a") => arith = true,
                _ => break,
            }
            i += 1;
        }
        let Some(first) = words.get(i) else { return };
        // the words after `set` joined: `set X=a b` sets `a b`
        let text: Option<String> = words[i..]
            .iter()
            .map(Word::value)
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(" "));
        let head = first.static_prefix();
        let Some((var, _)) = head.split_once('=') else { return };
        let var = var.trim().to_ascii_uppercase();
        if var.is_empty() {
            return;
        }
        let value = text.and_then(|t| t.split_once('=').map(|(_, v)| v.to_owned()));
        let span = name.span.cover(words.last().map_or(first.span, |w| w.span));
        if prompt {
            self.out.read_vars.push((var.clone(), span));
            self.vars.insert(var, None);
            return;
        }
        let value = if arith { None } else { value };
        let word = match &value {
            Some(v) => Word {
                span: first.span,
                parts: vec![Part::Lit {
                    text: v.clone(),
                    quoted: true,
                    var: None,
                }],
                map: OffsetMap::identity(first.span.start()),
            },
            None => Word {
                span: first.span,
                parts: vec![Part::Subst],
                map: OffsetMap::identity(first.span.start()),
            },
        };
        self.vars.insert(var.clone(), value);
        self.out.assignments.push(ScriptAssignment {
            name: var,
            value: word,
            span,
            exported: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmds(src: &str) -> Vec<String> {
        parse(src).commands.iter().map(Command::display).collect()
    }

    #[test]
    fn switches_and_separators() {
        assert_eq!(cmds("rd /s /q C:\\data"), ["rd /s /q C:\\data"]);
        let s = parse("@echo off\r\nRD /S /Q \"C:\\Program Files\\x\" && del /f /q %TEMP%\\*.log\r\n");
        assert_eq!(s.commands.len(), 3);
        assert_eq!(s.commands[1].program.as_deref(), Some("rd"));
        assert_eq!(s.commands[1].args[0].as_lit(), Some("-s"));
        assert_eq!(s.commands[1].args[2].value().as_deref(), Some("C:\\Program Files\\x"));
        assert!(s.commands[1].context.in_condition);
        assert!(matches!(&s.commands[2].args[2].parts[0], Part::Var { name, .. } if name == "TEMP"));
        assert_eq!(cmd_switch("/MIR").as_deref(), Some("--mir"));
        assert_eq!(cmd_switch("/w:C:\\").as_deref(), Some("--w=C:\\"));
        assert_eq!(cmd_switch("/tmp/x"), None);
    }

    #[test]
    fn set_if_for_and_comments() {
        let s = parse(
            "set TARGET=D:\\backups\nREM wipe it\nif exist %TARGET% rd /s /q %TARGET%\nfor %%f in (*.tmp) do del %%f\n:: done\n",
        );
        assert_eq!(s.assignments[0].name, "TARGET");
        let rd = &s.commands[1];
        assert_eq!(rd.program.as_deref(), Some("rd"));
        assert_eq!(rd.args[2].value().as_deref(), Some("D:\\backups"));
        assert_eq!(rd.context.guards.len(), 1);
        assert_eq!(s.commands[2].program.as_deref(), Some("del"));
        assert!(s.commands[2].context.guards.is_empty());
        assert_eq!(s.comments.len(), 2);
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_cmd("rd /s /q C:\\x"));
        assert!(looks_like_cmd("cd x && del /q *.log"));
        assert!(!looks_like_cmd("rm -rf /tmp/x"));
        assert!(!looks_like_cmd("ls /tmp"));
    }

    #[test]
    fn odd_input_never_panics() {
        for odd in [
            "^", "\"", "%", "%%", "!x", "if", "if not", "for", "( ) ) (", "set", "set =", "a >", "2>&1", "é^é", "%~",
            "call",
        ] {
            let _ = parse(odd);
        }
    }
}
