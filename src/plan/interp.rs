//! Code in other languages run from a shell command (`python -c`, `node -e`, `perl -e`,
//! `ruby -e`, `php -r`, an `awk` program, or the same fed on standard input): read — never run —
//! for what it does to the system, as the shell text it amounts to: the command lines it hands
//! to a shell (`os.system("…")`, `execSync("…")`, `` `…` ``, `system()`), the argument vectors
//! it runs (`subprocess.run([…])`, `spawnSync(…, […])`), and the files it deletes
//! (`shutil.rmtree(p)` reads as `rm -rf p`). String literals that are GraphQL requests are kept
//! too. A command it runs that is not a literal is only known at run time.

use crate::rules::schema::EmbedLang;
use crate::source::{OffsetMap, Span};

use crate::extract::TextBuilder;

/// A language whose code preflight reads for commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Python,
    Node,
    Perl,
    Ruby,
    Awk,
    Php,
}

impl Lang {
    /// The interpreter a program's embed declares, if it is one.
    pub fn of_embed(e: EmbedLang) -> Option<Lang> {
        Some(match e {
            EmbedLang::Python => Lang::Python,
            EmbedLang::Node => Lang::Node,
            EmbedLang::Perl => Lang::Perl,
            EmbedLang::Ruby => Lang::Ruby,
            EmbedLang::Awk => Lang::Awk,
            EmbedLang::Php => Lang::Php,
            _ => return None,
        })
    }
}

/// What a piece of code does, as shell text (with maps into the code).
#[derive(Debug, Default)]
pub struct Found {
    /// Shell command lines it runs or amounts to.
    pub shell: Vec<(String, OffsetMap)>,
    /// String literals holding a GraphQL document or request body.
    pub graphql: Vec<(String, OffsetMap)>,
    /// A command it runs that is built at run time: the call, for the message.
    pub dynamic: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    /// A string literal: its value, a map into the code, and whether it interpolates nothing.
    Str(String, OffsetMap, bool),
    /// A literal that runs its text as a command (`` `…` ``, `qx(…)`, `%x(…)`).
    Exec(String, OffsetMap, bool),
    Punct(char),
}

/// What a call does with its arguments.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    /// The first argument is a shell command line.
    Shell,
    /// A command line, or (several string arguments, or a list) an argument vector.
    ShellOrArgv,
    /// The first argument is a program and the second a list of its arguments.
    ProgramArgs,
    /// Deletes the path in the first argument and everything under it.
    RemoveTree,
    /// Deletes the path in the first argument (recursively when an option says `recursive`).
    Remove,
}

fn action(lang: Lang, callee: &[String]) -> Option<Action> {
    let last = callee.last()?.as_str();
    let prev = callee.len().checked_sub(2).map(|i| callee[i].as_str());
    use Action::*;
    Some(match lang {
        Lang::Python => match (prev, last) {
            (Some("os"), "system" | "popen") => Shell,
            (Some("subprocess"), "getoutput" | "getstatusoutput") => Shell,
            (Some("subprocess"), "run" | "call" | "check_call" | "check_output" | "Popen") => ShellOrArgv,
            (Some("os"), "execv" | "execvp" | "execve" | "execvpe" | "spawnv" | "spawnvp") => ProgramArgs,
            (_, "rmtree") => RemoveTree,
            (Some("os"), "remove" | "unlink" | "rmdir" | "removedirs") => Remove,
            _ => return None,
        },
        Lang::Node => match last {
            "exec" | "execSync" => Shell,
            "spawn" | "spawnSync" | "execFile" | "execFileSync" => ProgramArgs,
            "rmSync" | "rm" | "rmdirSync" | "rmdir" => Remove,
            "unlinkSync" | "unlink" => Remove,
            _ => return None,
        },
        Lang::Perl => match last {
            "system" | "exec" | "qx" | "readpipe" => ShellOrArgv,
            "rmtree" | "remove_tree" => RemoveTree,
            "unlink" | "rmdir" => Remove,
            _ => return None,
        },
        Lang::Ruby => match (prev, last) {
            (_, "system" | "exec" | "spawn" | "popen" | "capture2" | "capture2e" | "capture3" | "popen3") => {
                ShellOrArgv
            }
            (_, "rm_rf" | "rm_r" | "remove_dir" | "remove_entry" | "remove_entry_secure" | "rmtree") => RemoveTree,
            (Some("FileUtils" | "File"), "rm" | "rm_f" | "delete" | "unlink" | "remove_file") => Remove,
            _ => return None,
        },
        Lang::Awk => match last {
            "system" => Shell,
            _ => return None,
        },
        Lang::Php => match last {
            "system" | "exec" | "shell_exec" | "passthru" | "popen" | "proc_open" => Shell,
            "unlink" | "rmdir" => Remove,
            _ => return None,
        },
    })
}

/// Reads `code` for what it runs and deletes.
pub fn scan(lang: Lang, code: &str) -> Found {
    let toks = lex(lang, code);
    let mut out = Found::default();
    for (i, t) in toks.iter().enumerate() {
        match &t.0 {
            Tok::Exec(value, map, literal) => {
                if *literal {
                    out.shell.push((value.clone(), map.clone()));
                } else {
                    out.dynamic.get_or_insert_with(|| clip(value));
                }
            }
            Tok::Str(value, map, _) => {
                if looks_like_graphql_text(value) {
                    out.graphql.push((value.clone(), map.clone()));
                }
                // awk: `"cmd" | getline` runs cmd
                if lang == Lang::Awk
                    && matches!(toks.get(i + 1).map(|t| &t.0), Some(Tok::Punct('|')))
                    && matches!(toks.get(i + 2).map(|t| &t.0), Some(Tok::Ident(n)) if n == "getline")
                {
                    out.shell.push((value.clone(), map.clone()));
                }
            }
            Tok::Punct('(') => {
                let callee = callee_before(&toks, i);
                let Some(act) = action(lang, &callee) else { continue };
                let (args, _) = arguments(&toks, i);
                call(lang, act, &callee, &args, t.1, &mut out);
            }
            // `system "cmd"` and `exec "cmd"` without parentheses (Perl, Ruby)
            Tok::Ident(name)
                if matches!(lang, Lang::Perl | Lang::Ruby)
                    && matches!(name.as_str(), "system" | "exec")
                    && matches!(toks.get(i + 1).map(|t| &t.0), Some(Tok::Str(..))) =>
            {
                let args = vec![
                    toks[i + 1..]
                        .iter()
                        .take_while(|t| t.0 != Tok::Punct(';'))
                        .cloned()
                        .collect(),
                ];
                call(
                    lang,
                    Action::ShellOrArgv,
                    std::slice::from_ref(name),
                    &args,
                    t.1,
                    &mut out,
                );
            }
            _ => {}
        }
    }
    out
}

type Arg = Vec<(Tok, usize)>;

/// The dotted name before the `(` at `i`: `os.system`, `require("child_process").execSync`.
fn callee_before(toks: &[(Tok, usize)], i: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = i;
    while k > 0 {
        match &toks[k - 1].0 {
            Tok::Ident(n) => {
                out.push(n.clone());
                k -= 1;
                // `a.b`, `a::b`, `a->b`
                match k.checked_sub(1).map(|j| &toks[j].0) {
                    Some(Tok::Punct('.' | ':' | '>')) => {
                        k -= 1;
                        while k > 0 && matches!(toks[k - 1].0, Tok::Punct(':' | '-')) {
                            k -= 1;
                        }
                    }
                    _ => break,
                }
            }
            _ => break,
        }
    }
    out.reverse();
    out
}

/// The arguments of the call whose `(` is at `i`: each a run of tokens between commas at depth
/// one; and the index after the closing `)`.
fn arguments(toks: &[(Tok, usize)], i: usize) -> (Vec<Arg>, usize) {
    let mut args: Vec<Arg> = vec![Vec::new()];
    let mut depth = 0usize;
    let mut k = i;
    while k < toks.len() {
        let t = &toks[k];
        match t.0 {
            Tok::Punct('(' | '[' | '{') => {
                depth += 1;
                if depth > 1 {
                    args.last_mut().expect("one").push(t.clone());
                }
            }
            Tok::Punct(')' | ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (args, k + 1);
                }
                args.last_mut().expect("one").push(t.clone());
            }
            Tok::Punct(',') if depth == 1 => args.push(Vec::new()),
            _ => args.last_mut().expect("one").push(t.clone()),
        }
        k += 1;
        if args.len() > 64 {
            break;
        }
    }
    (args, k)
}

/// A single string literal.
fn literal(arg: &Arg) -> Option<(&str, &OffsetMap, bool)> {
    match arg.as_slice() {
        [(Tok::Str(v, m, lit), _)] => Some((v, m, *lit)),
        _ => None,
    }
}

/// A list of string literals (`["rm", "-rf", "/"]`, `%w[rm -rf /]` is not handled).
fn literal_list(arg: &Arg) -> Option<Vec<(&str, &OffsetMap)>> {
    let inner = match arg.as_slice() {
        [(Tok::Punct('['), _), rest @ .., (Tok::Punct(']'), _)] => rest,
        _ => return None,
    };
    let mut out = Vec::new();
    for (k, (t, _)) in inner.iter().enumerate() {
        match (k % 2, t) {
            (0, Tok::Str(v, m, true)) => out.push((v.as_str(), m)),
            (1, Tok::Punct(',')) => {}
            _ => return None,
        }
    }
    Some(out)
}

fn call(lang: Lang, act: Action, callee: &[String], args: &[Arg], at: usize, out: &mut Found) {
    let name = callee.join(".");
    let first = args.first();
    let dynamic = |out: &mut Found| {
        out.dynamic.get_or_insert_with(|| format!("{name}(…)"));
    };
    match act {
        Action::Shell | Action::ShellOrArgv => {
            let Some(first) = first.filter(|a| !a.is_empty()) else {
                return;
            };
            if let Some((v, m, true)) = literal(first) {
                // several literal arguments: an argument vector (`system("rm", "-rf", "/")`)
                let rest: Option<Vec<_>> = args[1..]
                    .iter()
                    .filter(|a| act == Action::ShellOrArgv && !is_keyword_arg(a))
                    .map(|a| literal(a).filter(|l| l.2).map(|l| (l.0, l.1)))
                    .collect();
                match rest {
                    Some(rest) if !rest.is_empty() => {
                        let mut words = vec![(v, m)];
                        words.extend(rest);
                        out.shell.push(argv(&words));
                    }
                    _ => out.shell.push((v.to_owned(), m.clone())),
                }
            } else if let Some(words) = literal_list(first).filter(|_| act == Action::ShellOrArgv) {
                if !words.is_empty() {
                    out.shell.push(argv(&words));
                }
            } else {
                dynamic(out);
            }
        }
        Action::ProgramArgs => {
            let Some((program, pm, true)) = first.and_then(literal) else {
                if first.is_some_and(|a| !a.is_empty()) {
                    dynamic(out);
                }
                return;
            };
            let mut words = vec![(program, pm)];
            match args.get(1).map(literal_list) {
                Some(Some(list)) => {
                    // `os.execv("/bin/rm", ["rm", "-rf", "/"])`: the list starts with argv[0]
                    let skip = usize::from(lang == Lang::Python);
                    words.extend(list.into_iter().skip(skip));
                }
                Some(None) if !is_keyword_arg(&args[1]) => {
                    dynamic(out);
                    return;
                }
                _ => {}
            }
            out.shell.push(argv(&words));
        }
        Action::RemoveTree | Action::Remove => {
            let Some((path, pm, true)) = first.and_then(literal) else {
                return;
            };
            let recursive = act == Action::RemoveTree
                || args[1..].iter().any(|a| {
                    a.windows(2)
                        .any(|w| matches!((&w[0].0, &w[1].0), (Tok::Ident(k), Tok::Punct(':')) if k == "recursive"))
                        && a.iter().any(|t| t.0 == Tok::Ident("true".into()))
                });
            let program = if recursive { "rm -rf -- " } else { "rm -f -- " };
            let mut b = TextBuilder::new();
            b.push(program, at, false);
            push_quoted(&mut b, path, pm);
            out.shell.push(b.finish());
        }
    }
}

/// `shell=True`, `{ stdio: … }`: options, not part of the command.
fn is_keyword_arg(a: &Arg) -> bool {
    matches!(
        a.as_slice(),
        [(Tok::Ident(_), _), (Tok::Punct('=' | ':'), _), ..] | [(Tok::Punct('{'), _), ..]
    )
}

/// Words as a shell command line that reads back as the same words.
fn argv(words: &[(&str, &OffsetMap)]) -> (String, OffsetMap) {
    let mut b = TextBuilder::new();
    for (k, (w, m)) in words.iter().enumerate() {
        if k > 0 {
            b.push(" ", m.map(0), false);
        }
        push_quoted(&mut b, w, m);
    }
    b.finish()
}

fn push_quoted(b: &mut TextBuilder, w: &str, m: &OffsetMap) {
    b.push_single_quoted(w, m.map(0), m.map(w.len().saturating_sub(1)), |i| m.map(i));
}

fn looks_like_graphql_text(s: &str) -> bool {
    let t = s.trim_start();
    (t.starts_with("mutation") || t.starts_with("query") || t.starts_with('{'))
        && (t.contains("mutation") || t.contains("query"))
        && t.contains('{')
}

fn clip(s: &str) -> String {
    let s: String = s.chars().take(40).collect();
    format!("`{s}`")
}

// ----- lexing --------------------------------------------------------------------------------

/// Tokens of the code with their offsets: identifiers, string literals (decoded), punctuation.
/// Comments are skipped; anything else is one punctuation token per character.
fn lex(lang: Lang, code: &str) -> Vec<(Tok, usize)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() && out.len() < 100_000 {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'#' if matches!(lang, Lang::Python | Lang::Perl | Lang::Ruby | Lang::Awk | Lang::Php) => {
                // `#{…}` inside Ruby strings is handled by the string lexer; here it is a comment
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') && matches!(lang, Lang::Node | Lang::Php) => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') && matches!(lang, Lang::Node | Lang::Php) => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'\'' | b'"' => {
                let (tok, end) = string(lang, code, i);
                out.push((tok, i));
                i = end;
            }
            b'`' => {
                let (tok, end) = string(lang, code, i);
                let tok = match tok {
                    // backticks run their text in Perl, Ruby and PHP; in JavaScript they are a
                    // template string
                    Tok::Str(v, m, lit) if matches!(lang, Lang::Perl | Lang::Ruby | Lang::Php) => Tok::Exec(v, m, lit),
                    other => other,
                };
                out.push((tok, i));
                i = end;
            }
            _ if c == b'_' || c.is_ascii_alphabetic() || c == b'$' || c == b'@' => {
                let start = i;
                i += 1;
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                let word = &code[start..i];
                let word = word.trim_start_matches(['$', '@']);
                // `qx(…)`, `qx{…}` (Perl) and `%x(…)` (Ruby, below): a command
                if lang == Lang::Perl
                    && matches!(word, "qx" | "q" | "qq")
                    && let Some(&open) = b.get(i)
                    && let Some(close) = closing(open)
                {
                    let (value, map, end) = delimited(code, i, close);
                    let tok = if word == "qx" {
                        Tok::Exec(value, map, true)
                    } else {
                        Tok::Str(value, map, true)
                    };
                    out.push((tok, start));
                    i = end;
                    continue;
                }
                // Python string prefixes: r"…", b'…', f"…" (an f-string interpolates)
                if lang == Lang::Python
                    && word.len() <= 2
                    && word.chars().all(|ch| "rRbBuUfF".contains(ch))
                    && matches!(b.get(i), Some(b'\'' | b'"'))
                {
                    let (tok, end) = string(lang, code, i);
                    let tok = match tok {
                        Tok::Str(v, m, lit) => Tok::Str(v, m, lit && !word.to_ascii_lowercase().contains('f')),
                        other => other,
                    };
                    out.push((tok, start));
                    i = end;
                    continue;
                }
                out.push((Tok::Ident(word.to_owned()), start));
            }
            b'%' if lang == Lang::Ruby
                && matches!(b.get(i + 1), Some(b'x' | b'q' | b'Q'))
                && b.get(i + 2).copied().and_then(closing).is_some() =>
            {
                let close = closing(b[i + 2]).expect("checked");
                let (value, map, end) = delimited(code, i + 2, close);
                let tok = if b[i + 1] == b'x' {
                    Tok::Exec(value, map, true)
                } else {
                    Tok::Str(value, map, true)
                };
                out.push((tok, i));
                i = end;
            }
            _ => {
                let ch = code[i..].chars().next().expect("char boundary");
                out.push((Tok::Punct(ch), i));
                i += ch.len_utf8();
            }
        }
    }
    out
}

fn closing(open: u8) -> Option<u8> {
    Some(match open {
        b'(' => b')',
        b'{' => b'}',
        b'[' => b']',
        b'<' => b'>',
        b'|' | b'!' | b'/' | b'#' => open,
        _ => return None,
    })
}

/// A `qx(…)`-style literal whose opening delimiter is at `open_at`: its text (no escapes
/// decoded), a map, and the index after it.
fn delimited(code: &str, open_at: usize, close: u8) -> (String, OffsetMap, usize) {
    let b = code.as_bytes();
    let open = b[open_at];
    let mut depth = 1;
    let mut i = open_at + 1;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == close && open != close {
            depth -= 1;
        } else if b[i] == open && open != close {
            depth += 1;
        } else if b[i] == close {
            depth = 0;
        }
        if depth == 0 {
            break;
        }
        i += 1;
    }
    let end = i.min(b.len());
    let text = code.get(open_at + 1..end).unwrap_or("").to_owned();
    (text, OffsetMap::identity(open_at + 1), (end + 1).min(b.len()))
}

/// A quoted string starting at `start`: its decoded value, a map into the code, whether it
/// interpolates nothing, and the index after it.
fn string(lang: Lang, code: &str, start: usize) -> (Tok, usize) {
    let b = code.as_bytes();
    let q = b[start];
    let triple = lang == Lang::Python && b[start..].starts_with(&[q, q, q]);
    let open = if triple { 3 } else { 1 };
    // single quotes interpolate nothing and keep backslashes (but `\'` and `\\`), except in
    // Python and JavaScript where both kinds decode the same escapes
    let raw = q == b'\'' && matches!(lang, Lang::Perl | Lang::Ruby | Lang::Php | Lang::Awk);
    let mut literal = true;
    let mut bld = TextBuilder::new();
    let mut i = start + open;
    let mut end = b.len();
    while i < b.len() {
        if triple && b[i..].starts_with(&[q, q, q]) {
            end = i + 3;
            break;
        }
        if !triple && b[i] == q {
            end = i + 1;
            break;
        }
        let ch = code[i..].chars().next().expect("char boundary");
        if ch == '\\' && i + 1 < b.len() {
            let next = code[i + 1..].chars().next().expect("char boundary");
            let decoded = match next {
                'n' if !raw => Some('\n'),
                't' if !raw => Some('\t'),
                'r' if !raw => Some('\r'),
                '0' if !raw => Some('\0'),
                '\\' => Some('\\'),
                c if c == q as char => Some(c),
                '"' | '\'' | '`' | '$' if !raw => Some(next),
                _ => None,
            };
            match decoded {
                Some(d) => {
                    bld.push(d.encode_utf8(&mut [0; 4]), i, false);
                    i += 1 + next.len_utf8();
                }
                None => {
                    // an escape not decoded here (`\x72`, `\u0041`): the text is not what it reads
                    if !raw {
                        literal = false;
                    }
                    bld.push("\\", i, true);
                    i += 1;
                }
            }
            continue;
        }
        // interpolation: `${…}` (JavaScript templates, Ruby `#{…}`), `$var` (Perl, PHP "…")
        let interpolates = match lang {
            Lang::Node => q == b'`' && ch == '$' && b.get(i + 1) == Some(&b'{'),
            Lang::Ruby => q != b'\'' && ch == '#' && b.get(i + 1) == Some(&b'{'),
            Lang::Perl | Lang::Php => {
                q != b'\''
                    && matches!(ch, '$' | '@')
                    && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'{')
            }
            _ => false,
        };
        if interpolates {
            literal = false;
        }
        bld.push(ch.encode_utf8(&mut [0; 4]), i, true);
        i += ch.len_utf8();
    }
    let (value, map) = bld.finish();
    (Tok::Str(value, map, literal), end)
}

/// The span a scan result covers (for messages), or the whole code.
pub fn span_of(map: &OffsetMap, len: usize) -> Span {
    map.map_span(Span::new(0, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(lang: Lang, code: &str) -> Vec<String> {
        scan(lang, code).shell.into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn python() {
        assert_eq!(shell(Lang::Python, "import os; os.system('rm -rf /x')"), ["rm -rf /x"]);
        assert_eq!(
            shell(Lang::Python, "subprocess.run(['rm', '-rf', '/x'], check=True)"),
            ["'rm' '-rf' '/x'"]
        );
        assert_eq!(
            shell(Lang::Python, "subprocess.call(\"rm -rf /x\", shell=True)"),
            ["rm -rf /x"]
        );
        assert_eq!(shell(Lang::Python, "shutil.rmtree(\"/x\")"), ["rm -rf -- '/x'"]);
        assert_eq!(
            shell(Lang::Python, "print('os.system(\"rm -rf /\")')"),
            Vec::<String>::new()
        );
        assert!(scan(Lang::Python, "os.system(os.environ['CMD'])").dynamic.is_some());
        assert!(scan(Lang::Python, "os.system(f'rm -rf {d}')").dynamic.is_some());
    }

    #[test]
    fn node_perl_ruby_awk_php() {
        assert_eq!(
            shell(Lang::Node, "require('child_process').execSync(\"rm -rf /x\")"),
            ["rm -rf /x"]
        );
        assert_eq!(
            shell(Lang::Node, "fs.rmSync('/x', { recursive: true, force: true })"),
            ["rm -rf -- '/x'"]
        );
        assert_eq!(shell(Lang::Node, "fs.rmSync('/x')"), ["rm -f -- '/x'"]);
        assert_eq!(shell(Lang::Node, "spawnSync('rm', ['-rf', '/x'])"), ["'rm' '-rf' '/x'"]);
        assert_eq!(shell(Lang::Perl, "system(\"rm -rf /x\")"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Perl, "my $x = `rm -rf /x`;"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Perl, "qx{rm -rf /x}"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Ruby, "FileUtils.rm_rf('/x')"), ["rm -rf -- '/x'"]);
        assert_eq!(shell(Lang::Ruby, "%x(rm -rf /x)"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Ruby, "system 'rm -rf /x'"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Awk, "BEGIN { system(\"rm -rf /x\") }"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Awk, "BEGIN { \"rm -rf /x\" | getline }"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Php, "shell_exec('rm -rf /x');"), ["rm -rf /x"]);
    }

    #[test]
    fn maps_point_into_the_code() {
        let code = "os.system('rm -rf /x')";
        let f = scan(Lang::Python, code);
        let (text, map) = &f.shell[0];
        let at = text.find("/x").unwrap();
        assert_eq!(&code[map.map(at)..map.map(at) + 2], "/x");
    }

    #[test]
    fn graphql_strings() {
        let f = scan(
            Lang::Python,
            "requests.post(URL, json={'query': 'mutation { volumeDelete(volumeId: \"v\") }'})",
        );
        assert_eq!(f.graphql.len(), 1);
    }
}
