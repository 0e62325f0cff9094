//! A small evaluator of what commands print when it is known without running them: `echo`,
//! `printf`, `cat` of a heredoc, `base64 -d`; and what a command reads on standard input.

use super::*;

impl<'a> Planner<'a> {
    /// What a command reads on standard input, when it is static: a heredoc, a here-string, a
    /// `< file` beside the script, or the output of `echo`/`printf`/`cat <<EOF`/`base64 -d`
    /// piped into it.
    pub(super) fn stdin_text(&self, u: &ScriptUnit, index: usize, depth: usize) -> Option<(String, OffsetMap)> {
        if depth > 4 {
            return None;
        }
        let cmd = &u.script.commands[index];
        // a heredoc is code as written even with expansions; a here-string of a variable is not
        if let Some(input) = &cmd.stdin
            && (input.is_static || input.literal || input.heredoc)
        {
            return Some((input.text.clone(), input.map.clone()));
        }
        for r in &cmd.redirects {
            if r.op == "<"
                && r.fd.is_none_or(|fd| fd == 0)
                && let Some(t) = r.target.value().and_then(|p| self.side_file(&p))
            {
                return Some((t, stretch(r.target.span.start())));
            }
        }
        let from = cmd.piped_from?;
        self.static_output(u, from, depth + 1)
    }

    /// The output of a command when it is known without running anything.
    pub(super) fn static_output(&self, u: &ScriptUnit, index: usize, depth: usize) -> Option<(String, OffsetMap)> {
        let cmd = &u.script.commands[index];
        match cmd.program.as_deref()? {
            "echo" => {
                let flags: Vec<&str> = cmd
                    .args
                    .iter()
                    .map_while(|a| a.as_lit().filter(|f| matches!(*f, "-n" | "-e" | "-E" | "-ne" | "-en")))
                    .collect();
                let escapes = flags.iter().any(|f| f.contains('e'));
                let args: Vec<&Word> = cmd.args.iter().skip(flags.len()).collect();
                let mut b = TextBuilder::new();
                for (k, a) in args.iter().enumerate() {
                    let v = a.value()?;
                    if k > 0 {
                        b.push(" ", a.span.start(), false);
                    }
                    if escapes && v.contains('\\') {
                        // `echo -e '\x72\x6d'`: decoded, reported at the word
                        let mut decoded = String::new();
                        crate::shell::escape::ansi_c(&v, 0, |c, _| decoded.push(c));
                        b.push(&decoded, a.span.start(), false);
                    } else {
                        push_mapped(&mut b, &v, &a.map);
                    }
                }
                let end = args.last().map_or(cmd.span.end(), |a| a.span.end());
                b.push("\n", end, false);
                Some(b.finish())
            }
            "printf" => {
                if cmd.args.first().and_then(Word::as_lit) == Some("-v") {
                    return None; // into a variable, not standard output
                }
                let format = cmd.args.iter().find(|a| a.as_lit() != Some("--"))?;
                let f = format.value()?;
                let fields: Vec<String> = cmd
                    .args
                    .iter()
                    .skip_while(|a| *a != format)
                    .skip(1)
                    .filter_map(Word::value)
                    .collect();
                let text = printf(&f, &fields);
                if fields.is_empty() && !f.contains('\\') && !f.contains('%') {
                    return Some((text, format.map.clone()));
                }
                Some((text, stretch(format.span.start())))
            }
            "cat" if cmd.args.is_empty() => self.stdin_text(u, index, depth),
            "base64"
                if cmd
                    .args
                    .iter()
                    .any(|a| matches!(a.as_lit(), Some("-d" | "--decode" | "-D"))) =>
            {
                let (input, map) = self.stdin_text(u, index, depth)?;
                let clean: String = input.chars().filter(|c| !c.is_whitespace()).collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&clean)
                    .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(&clean))
                    .ok()?;
                let text = String::from_utf8(bytes).ok()?;
                Some((text, stretch(map.map(0))))
            }
            _ => None,
        }
    }
}

/// A small `printf`: escapes in the format (`\n`, `\x72`, `\162` …), `%s`/`%b`/`%d` filled
/// from the arguments (`%b` decoding escapes in them), the format reused while arguments remain.
pub(super) fn printf(format: &str, args: &[String]) -> String {
    let decode = |s: &str, out: &mut String| crate::shell::escape::ansi_c(s, 0, |c, _| out.push(c));
    let mut out = String::new();
    let mut next = args.iter();
    let mut used = 0;
    for round in 0..64 {
        let before = used;
        let mut literal = String::new();
        let mut it = format.chars().peekable();
        while let Some(c) = it.next() {
            if c != '%' {
                literal.push(c);
                continue;
            }
            decode(&std::mem::take(&mut literal), &mut out);
            match it.next() {
                Some('%') => out.push('%'),
                Some('s' | 'd' | 'i' | 'u' | 'c') => {
                    used += 1;
                    out.push_str(next.next().map(String::as_str).unwrap_or(""));
                }
                Some('b') => {
                    used += 1;
                    decode(next.next().map(String::as_str).unwrap_or(""), &mut out);
                }
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
                None => out.push('%'),
            }
        }
        decode(&literal, &mut out);
        // `printf 'rm -rf %s\n' /a /b` repeats the format for each argument
        if used == before || used >= args.len() || round == 63 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_formats() {
        assert_eq!(printf("%s\\n", &["rm -rf /x".into()]), "rm -rf /x\n");
        assert_eq!(printf("a\\tb%%", &[]), "a\tb%");
    }
}
