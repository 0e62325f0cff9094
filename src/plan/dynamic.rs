//! The `dynamic-*` checks: what a command runs that cannot be known without running it (a computed
//! command word, `eval` of a variable, code fed to a shell or interpreter at run time, look-alike
//! characters, an unknown program given a destructive command line).

use super::*;

impl<'a> Planner<'a> {
    /// What a command runs that cannot be known without running it: a computed command word,
    /// `eval` of a variable, a shell fed with data nobody can read beforehand.
    pub(super) fn dynamic(&self, unit: usize, index: usize) -> Option<(EngineRule, Severity, String)> {
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        // nothing but run-time values (an empty `''` is nothing to run, not unknown code)
        let fully_dynamic = |w: &Word| {
            !w.is_static()
                && !w
                    .parts
                    .iter()
                    .any(|p| matches!(p, Part::Lit { text, .. } if !text.trim().is_empty()))
        };
        let Some(program) = cmd.program.as_deref() else {
            let shown = clip(&cmd.display(), 60);
            let (severity, what) = match cmd.name.parts.first()? {
                // `./build/tool$EXEEXT`: the program is known up to a suffix
                Part::Lit { text, .. } if !text.is_empty() => return None,
                _ if cmd.name.parts.iter().any(|p| matches!(p, Part::Subst)) => {
                    (Severity::Warning, "the output of a command substitution")
                }
                Part::Var {
                    state: VarState::Special,
                    ..
                } if cmd.context.in_function.is_some() => {
                    return None; // `"$@"` in a function: its calls are expanded and checked
                }
                Part::Var {
                    state: VarState::Special,
                    ..
                } => (Severity::Info, "a parameter of the script"),
                Part::Var {
                    state: VarState::External,
                    name,
                    ..
                } if !conventional_variable(name) => (Severity::Warning, "a variable the script never sets"),
                Part::Var {
                    state: VarState::External,
                    ..
                } => (Severity::Info, "a variable naming a program"),
                // `CMD=$(printf 'r%s' m); $CMD -rf /`: a command's output names the program
                // (`$DIR/tool`: the program is known up to its directory)
                Part::Var { name, .. }
                    if cmd.name.parts.len() == 1
                        && u.script
                            .assignments
                            .iter()
                            .rev()
                            .find(|a| a.name == *name && a.span.start < cmd.span.start)
                            .is_some_and(|a| a.value.parts.iter().any(|p| matches!(p, Part::Subst)))
                        && !conventional_variable(name) =>
                {
                    (Severity::Warning, "a variable holding a command's output")
                }
                _ => (Severity::Info, "a variable the script sets at run time"),
            };
            return Some((
                EngineRule::DynamicCommand,
                severity,
                format!("the command word of `{shown}` is {what}: which program runs is not known"),
            ));
        };
        // `eval "$CMD"` (the command word unknown); `eval set -- "$ARGS"` is analysed as `set`
        if program == "eval"
            && cmd.args.first().is_some_and(|a| !a.is_static() && fully_dynamic(a))
            && !(cmd.args.len() == 1 && matches!(self.subst_output(u, index, &cmd.args[0]), Some(Some(_))))
        {
            let shown = clip(&cmd.display(), 60);
            // `eval "$(ssh-agent -s)"`: programs whose output is shell assignments for this shell
            // (its substitutions are the commands just before it: look no further back)
            let emits = |c: &Command| {
                c.program
                    .as_deref()
                    .and_then(|p| self.rules.program(p))
                    .is_some_and(|s| s.prints_shell_setup)
                    // `cargo llvm-cov show-env --sh`, `brew shellenv`: a subcommand that prints
                    // the environment it needs as shell assignments
                    || c.args
                        .iter()
                        .filter_map(Word::as_lit)
                        .any(|a| matches!(a, "shellenv" | "show-env" | "shell-env" | "shell-init"))
            };
            let within = |span: Span| {
                u.script.commands[..index].iter().any(|c| {
                    c.context.in_substitution && span.start <= c.span.start && c.span.end <= span.end && emits(c)
                })
            };
            // `env="$(cargo llvm-cov show-env --sh)"; eval "$env"`: the variable's value is that
            // output (its last assignment before the eval is one substitution of such a program)
            let through_variable = || {
                let [Part::Var { name, .. }] = cmd.args[0].parts.as_slice() else {
                    return false;
                };
                u.script
                    .assignments
                    .iter()
                    .rfind(|a| &a.name == name && a.span.end <= cmd.span.start)
                    .is_some_and(|a| matches!(a.value.parts.as_slice(), [Part::Subst]) && within(a.span))
            };
            let emitter = (cmd.args.len() == 1 && through_variable()) || within(cmd.span);
            let severity = if emitter { Severity::Info } else { Severity::Warning };
            return Some((
                EngineRule::DynamicEval,
                severity,
                format!("`{shown}` runs code that is only known at run time"),
            ));
        }
        let spec = self.rules.program(program)?;
        let view = View::new(cmd, Some(spec));
        // `eval "$(cat <<'EOF' … EOF)"`: code known statically, analysed
        if program == "eval"
            && cmd.args.len() == 1
            && matches!(self.subst_output(u, index, &cmd.args[0]), Some(Some(_)))
        {
            return None;
        }
        for e in spec
            .embeds
            .iter()
            .filter(|e| e.lang == EmbedLang::Shell && view.path_is(&e.command))
        {
            if let Some(group) = &e.option {
                for f in view.flags_named(group.names()) {
                    if f.terminated.is_none() && view.value_word(f).is_some_and(|w| fully_dynamic(&w)) {
                        let shown = clip(&cmd.display(), 60);
                        return Some((
                            EngineRule::DynamicShellInput,
                            Severity::Warning,
                            format!("`{shown}` runs a command string only known at run time"),
                        ));
                    }
                }
            }
            if let Some(from) = e.args_from {
                let rest: Vec<&Word> = view
                    .positionals
                    .iter()
                    .skip(e.command.len() + from)
                    .map(|&i| &cmd.args[i])
                    .collect();
                if !rest.is_empty() && rest.iter().all(|w| fully_dynamic(w)) {
                    let shown = clip(&cmd.display(), 60);
                    return Some((
                        EngineRule::DynamicShellInput,
                        Severity::Warning,
                        format!("`{shown}` runs a command string only known at run time"),
                    ));
                }
            }
            if e.stdin
                && view.positionals.is_empty()
                && !view.flags.iter().any(|f| f.name == "c")
                && let Some(d) = self.unknown_code_on_stdin(u, index, program)
            {
                return Some(d);
            }
        }
        None
    }

    /// `… | sh`, `python3 - <<EOF`: a program that runs the code on its standard input, when that
    /// input is only known at run time.
    pub(super) fn unknown_code_on_stdin(
        &self,
        u: &ScriptUnit,
        index: usize,
        program: &str,
    ) -> Option<(EngineRule, Severity, String)> {
        let cmd = &u.script.commands[index];
        if (cmd.piped_from.is_none() && cmd.stdin.is_none()) || self.stdin_text(u, index, 0).is_some() {
            return None;
        }
        let source = cmd
            .piped_from
            .map(|from| clip(&u.script.commands[from].display(), 50))
            .unwrap_or_else(|| "its input".into());
        Some((
            EngineRule::DynamicShellInput,
            Severity::Warning,
            format!("`{program}` runs whatever `{source}` produces, which is only known at run time"),
        ))
    }

    /// Rule hits of the command read as it really runs: its command word with look-alike
    /// characters replaced, or its arguments through symlinks made earlier in the plan.
    pub(super) fn hidden_hits(&self, cmd: &Command) -> Vec<Hit> {
        let mut hits = Vec::new();
        if let Some(p) = cmd.program.as_deref().filter(|p| !p.is_ascii())
            && let Some(plain) = ascii_lookalike(p)
        {
            let mut c = cmd.clone();
            c.program = Some(plain);
            hits.extend(self.rules.match_command(&c));
        }
        if !self.links.is_empty() {
            let mut c = cmd.clone();
            let mut changed = false;
            for a in &mut c.args {
                let Some(v) = a.value() else { continue };
                let v2 = v.trim_start_matches("./");
                for (link, target) in self.links.iter().rev() {
                    let rest = match v2.strip_prefix(link.as_str()) {
                        Some(r) if r.is_empty() || r.starts_with('/') => r,
                        _ => continue,
                    };
                    let through = format!("{}{rest}", target.trim_end_matches('/'));
                    let through = if through.is_empty() { "/".to_owned() } else { through };
                    *a = Word::literal(&through, a.span);
                    changed = true;
                    break;
                }
            }
            if changed {
                hits.extend(self.rules.match_command(&c));
            }
        }
        hits
    }

    /// What [`Planner::dynamic`] does not see: a command word that is a pattern or holds
    /// look-alike characters, a script an earlier command downloaded, a shell or interpreter fed
    /// code it cannot read, and an unknown program given a destructive command line.
    pub(super) fn dynamic_hidden(
        &self,
        unit: usize,
        index: usize,
        has_hits: bool,
    ) -> Option<(EngineRule, Severity, String)> {
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        let program = cmd.program.as_deref()?;
        let shown = clip(&cmd.display(), 60);
        let word = cmd.name.value().unwrap_or_default();
        // a path pattern (`/bin/r?`); a bare `*` or `Hash*` is a case pattern tree-sitter lost
        if word.contains('/') && is_glob_word(&cmd.name) {
            return Some((
                EngineRule::DynamicCommand,
                Severity::Warning,
                format!("the command word `{word}` is a pattern: which program runs depends on the files it matches"),
            ));
        }
        // (`…` stands for an unknown part in code rebuilt from words: `eval set -- "$(…)"`)
        if !word.is_ascii() && word != "\u{2026}" {
            let looks = ascii_lookalike(program).map_or_else(String::new, |p| format!(" (it reads as `{p}`)"));
            return Some((
                EngineRule::DynamicCommand,
                Severity::Warning,
                format!(
                    "the command word `{}` holds characters that are not ASCII{looks}: which program runs is not what it seems",
                    word.escape_default()
                ),
            ));
        }
        // a script an earlier command downloaded or built at run time, then run
        if let Some(path) = self.script_named(u, cmd)
            && let Some(w) = self.written_file(&path).filter(|w| w.text.is_none())
        {
            return Some((
                EngineRule::DynamicShellInput,
                Severity::Warning,
                format!(
                    "`{shown}` runs `{path}`, which `{}` wrote with content only known at run time",
                    w.by
                ),
            ));
        }
        let spec = self.rules.program(program);
        // `grep rm -rf /` wraps nothing
        if spec.is_some_and(|s| s.never_runs_arguments) {
            return None;
        }
        if let Some(spec) = spec {
            let view = View::new(cmd, Some(spec));
            // `. <(curl …)`, `curl … | source /dev/stdin`
            for e in spec
                .embeds
                .iter()
                .filter(|e| e.lang == EmbedLang::Shell && e.file && view.path_is(&e.command))
            {
                let Some(&at) = view.positionals.get(e.command.len() + e.arg.unwrap_or(0)) else {
                    continue;
                };
                let w = &cmd.args[at];
                if let Some(None) = self.process_output(u, index, w) {
                    return Some((
                        EngineRule::DynamicShellInput,
                        Severity::Warning,
                        format!("`{shown}` runs what a process substitution produces, which is only known at run time"),
                    ));
                }
                if w.value().is_some_and(|v| is_stdin_device(&v))
                    && (cmd.piped_from.is_some() || cmd.stdin.is_some())
                    && self.stdin_text(u, index, 0).is_none()
                {
                    return Some((
                        EngineRule::DynamicShellInput,
                        Severity::Warning,
                        format!("`{shown}` runs its standard input, which is only known at run time"),
                    ));
                }
            }
            // other interpreters: a command built at run time, or code fed on standard input
            for e in spec.embeds.iter().filter(|e| view.path_is(&e.command)) {
                let Some(lang) = interp::Lang::of_embed(e.lang) else {
                    continue;
                };
                if e.stdin {
                    if !reads_code_on_stdin(spec, &view, e) {
                        continue;
                    }
                    if let Some(d) = self.unknown_code_on_stdin(u, index, program) {
                        return Some(d);
                    }
                }
                // `python3 -c "$CODE"`, `deno eval "import …; $X"`: code only known at run time
                let code_words: Vec<Word> = if let Some(group) = &e.option {
                    view.flags_named(group.names())
                        .filter_map(|f| view.value_word(f))
                        .collect()
                } else if let Some(k) = e
                    .arg
                    .filter(|_| !view.flags.iter().any(|f| f.name == "f" || f.name == "file"))
                {
                    // (`awk -f FILE`: the program is in the file, the positionals are input)
                    view.positionals
                        .get(e.command.len() + k)
                        .map(|&i| cmd.args[i].clone())
                        .into_iter()
                        .collect()
                } else {
                    Vec::new()
                };
                // code that is all run-time words, or code with a value spliced into a call that
                // runs, deletes or queries (`Deno.remove('$TARGET')`); a value spliced into code
                // that does none of that (`awk '/$pat/ {print}'`) is only data
                if let Some(w) = code_words.iter().find(|w| {
                    w.value().is_none()
                        && (!w
                            .parts
                            .iter()
                            .any(|p| matches!(p, Part::Lit { text, .. } if !text.trim().is_empty()))
                            || {
                                let f = interp::scan(lang, &w.display());
                                !f.shell.is_empty() || !f.sql.is_empty() || !f.calls.is_empty() || f.dynamic.is_some()
                            })
                }) {
                    return Some((
                        EngineRule::DynamicShellInput,
                        Severity::Warning,
                        format!(
                            "`{shown}` runs code that is only known at run time (`{}`)",
                            clip(&w.display(), 40)
                        ),
                    ));
                }
                for (text, _, _) in self.interp_texts(u, index, &view, e) {
                    let found = interp::scan(lang, &text);
                    if let Some(call) = found.dynamic {
                        return Some((
                            EngineRule::DynamicShellInput,
                            Severity::Warning,
                            format!("`{shown}` runs a command built at run time ({call})"),
                        ));
                    }
                    if let Some(call) = found.dynamic_sql {
                        return Some((
                            EngineRule::DynamicShellInput,
                            Severity::Warning,
                            format!("`{shown}` runs SQL built at run time ({call})"),
                        ));
                    }
                    if found.truncated {
                        return Some((
                            EngineRule::AnalysisTruncated,
                            Severity::Warning,
                            format!(
                                "`{shown}` runs code longer than preflight reads: only its first {} tokens were analysed",
                                interp::MAX_TOKENS
                            ),
                        ));
                    }
                }
            }
            return None;
        }
        // a program some rule knows (`sail artisan migrate:fresh`) is not an unknown wrapper
        if has_hits {
            return None;
        }
        self.unknown_wrapper(u, cmd)
    }

    /// `with-retries 3 rm -rf /`: an unknown program whose arguments read as a destructive command.
    pub(super) fn unknown_wrapper(&self, u: &ScriptUnit, cmd: &Command) -> Option<(EngineRule, Severity, String)> {
        let program = cmd.program.as_deref()?;
        if program.contains('=') || shell::wrappers::is_wrapper(program) {
            return None;
        }
        // a function of the script: its calls are expanded and checked
        if u.functions.contains(program) {
            return None;
        }
        let mut k = 0;
        while let Some(v) = cmd.args.get(k).and_then(Word::value) {
            let option = v.starts_with('-') && v != "--";
            let count = !v.is_empty() && v.chars().next().is_some_and(|c| c.is_ascii_digit());
            if !(option || count) {
                break;
            }
            k += 1;
        }
        if cmd.args.get(k).and_then(Word::as_lit) == Some("--") {
            k += 1;
        }
        let first = cmd.args.get(k)?;
        let inner_program = shell::wrappers::normalize_program(&first.value()?);
        if inner_program.is_empty() || inner_program == program {
            return None;
        }
        let mut inner = cmd.clone();
        inner.name = first.clone();
        inner.program = Some(inner_program);
        inner.args.drain(..=k);
        inner.wrappers.clear();
        let hit = self.rules.match_command(&inner).into_iter().find(|h| {
            let r = self.rules.rule(h.rule);
            r.spec().category == Category::Destructive && h.severity >= Severity::Warning
        })?;
        Some((
            EngineRule::DynamicWrapper,
            Severity::Warning,
            format!(
                "`{program}` is not a program preflight knows, and its arguments read as `{}`: if it runs them, {}",
                clip(&inner.display(), 60),
                lowercase_first(&hit.message)
            ),
        ))
    }
}

/// Variables that conventionally name a program (`$CC`, `$MAKE`) or a privilege wrapper
/// (`$SUDO`): reported at `info` when used as the command word.
pub(super) fn conventional_variable(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "CC",
        "CXX",
        "CPP",
        "LD",
        "AR",
        "AS",
        "NM",
        "RANLIB",
        "STRIP",
        "OBJCOPY",
        "MAKE",
        "SHELL",
        "CONFIG_SHELL",
        "SED",
        "AWK",
        "GREP",
        "EGREP",
        "FGREP",
        "INSTALL",
        "MKDIR_P",
        "LN_S",
        "PYTHON",
        "PYTHON3",
        "PERL",
        "RUBY",
        "JAVA",
        "NODE",
        "NPM",
        "EDITOR",
        "VISUAL",
        "PAGER",
        "BROWSER",
        "SUDO",
        "DOAS",
        "TAR",
        "GIT",
        "CARGO",
        "GO",
        "M4",
        "BISON",
        "YACC",
        "LEX",
        "PKG_CONFIG",
        "DIFF",
        "CMP",
        "LN",
        "CP",
        "MV",
        "CAT",
        "ECHO",
        "PRINTF",
        "TEST",
        "TRUE",
        "FALSE",
    ];
    let upper = name.to_ascii_uppercase();
    // `$SCCACHE_EXE`, `$NODE_BIN`: the path of one program (not `_CMD`, a whole command line)
    let program_path = ["_EXE", "_BIN", "_BINARY", "_PROG", "_PROGRAM"]
        .iter()
        .any(|s| upper.len() > s.len() && upper.ends_with(s));
    program_path || NAMES.contains(&upper.as_str())
}

/// `$SUDO rm -rf /srv`: when the command word is unknown but the next word is a program name,
/// that command is checked too (the variable may be a wrapper, or empty).
pub(super) fn shifted(cmd: &shell::Command) -> Option<shell::Command> {
    if cmd.program.is_some() {
        return None;
    }
    let first = cmd.args.first()?;
    let v = first.value()?;
    if v.is_empty() || v.starts_with('-') || v.contains('=') {
        return None;
    }
    let mut c = cmd.clone();
    c.name = first.clone();
    c.program = Some(shell::wrappers::normalize_program(&v));
    c.args.remove(0);
    Some(c)
}

/// An unquoted glob character (`*`, `?`, `[…]`) in a command word.
pub(super) fn is_glob_word(w: &Word) -> bool {
    w.parts.iter().any(|p| match p {
        Part::Lit {
            text, quoted: false, ..
        } => text.contains(['*', '?']) || text.find('[').is_some_and(|i| text[i..].contains(']')),
        _ => false,
    })
}

/// The ASCII text a word with look-alike or invisible characters reads as (`rм` → `rm`), when
/// every character has one.
pub(super) fn ascii_lookalike(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        // invisible: zero-width spaces and joiners, word joiner, soft hyphen, BOM
        if matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{00ad}' | '\u{feff}' | '\u{180e}') {
            continue;
        }
        // fullwidth ASCII
        if ('\u{ff01}'..='\u{ff5e}').contains(&c) {
            out.push(char::from_u32(c as u32 - 0xff01 + 0x21)?);
            continue;
        }
        let plain = match c {
            'а' | 'α' => 'a',
            'в' | 'β' => 'b',
            'с' | 'ϲ' => 'c',
            'ԁ' => 'd',
            'е' | 'ε' => 'e',
            'һ' => 'h',
            'і' | 'ι' | 'ı' => 'i',
            'ј' => 'j',
            'к' | 'κ' => 'k',
            'ӏ' | 'ⅼ' => 'l',
            'м' => 'm',
            'п' | 'η' => 'n',
            'о' | 'ο' | 'σ' => 'o',
            'р' | 'ρ' => 'p',
            'г' => 'r',
            'ѕ' => 's',
            'т' | 'τ' => 't',
            'υ' => 'u',
            'ν' => 'v',
            'ѡ' | 'ω' => 'w',
            'х' | 'χ' => 'x',
            'у' | 'γ' => 'y',
            'ᴢ' => 'z',
            'А' | 'Α' => 'A',
            'В' | 'Β' => 'B',
            'С' => 'C',
            'Е' | 'Ε' => 'E',
            'Н' | 'Η' => 'H',
            'І' | 'Ι' => 'I',
            'К' | 'Κ' => 'K',
            'М' | 'Μ' => 'M',
            'О' | 'Ο' => 'O',
            'Р' | 'Ρ' => 'P',
            'Т' | 'Τ' => 'T',
            'Х' | 'Χ' => 'X',
            'У' => 'Y',
            '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
            _ => return None,
        };
        out.push(plain);
    }
    (!out.is_empty() && out != s).then_some(out)
}

pub(super) fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !s.starts_with('`') => f.to_lowercase().collect::<String>() + c.as_str(),
        _ => s.to_owned(),
    }
}

/// Option words that make a command destructive whatever the program (`$RM -rf "$dir"`,
/// `$GIT reset --hard`).
const DESTRUCTIVE_FLAGS: &[&str] = &[
    "-rf",
    "-fr",
    "-Rf",
    "-fR",
    "-rF",
    "--force",
    "--recursive",
    "--delete",
    "--purge",
    "--hard",
    "--no-preserve-root",
    "--cascade",
    "--force-delete",
    "--yes-i-really-mean-it",
];

/// Subcommand words that destroy (`$DOCKER rm …`, `$KUBECTL delete …`).
const DESTRUCTIVE_VERBS: &[&str] = &[
    "rm",
    "rmi",
    "rmdir",
    "del",
    "delete",
    "destroy",
    "drop",
    "dropdb",
    "purge",
    "wipe",
    "wipefs",
    "erase",
    "truncate",
    "flushall",
    "flushdb",
    "nuke",
    "prune",
    "shred",
    "mkfs",
    "terminate",
];

/// Programs whose output comes from the network: code or a program name they produce is
/// whatever a server sends.
const NETWORK_PROGRAMS: &[&str] = &[
    "curl", "wget", "fetch", "http", "https", "xh", "nc", "ncat", "netcat", "socat", "ssh", "aria2c",
];

impl<'a> Planner<'a> {
    /// Whether a command whose program or code is only known at run time can reach something
    /// destructive: its static arguments carry destructive shape, or the code or program name
    /// comes from the network, a decoded payload, or a prompt.
    pub(super) fn reaches_destructive(&self, rule: EngineRule, unit: usize, index: usize) -> bool {
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        match rule {
            EngineRule::DynamicCommand | EngineRule::DynamicEval => {}
            EngineRule::DynamicShellInput => {
                // a script downloaded or built at run time, code an interpreter builds, a
                // pipeline from the network or a decoder
                let built = self
                    .script_named(u, cmd)
                    .and_then(|p| self.written_file(&p))
                    .is_some_and(|w| w.text.is_none());
                let interpreter = cmd.program.as_deref().is_some_and(|p| {
                    self.rules
                        .program(p)
                        .is_some_and(|s| s.embeds.iter().any(|e| e.lang.is_interpreter()))
                });
                let mut from = cmd.piped_from;
                let mut piped = false;
                while let Some(k) = from {
                    piped |= untrusted_program(&u.script.commands[k]);
                    from = u.script.commands[k].piped_from;
                }
                if built || interpreter || piped {
                    return true;
                }
            }
            // an unknown program given a destructive command line, a request whose document is
            // elsewhere: each can reach anything
            _ => return true,
        }
        let shape =
            cmd.args.iter().filter_map(Word::as_lit).any(|a| {
                DESTRUCTIVE_FLAGS.contains(&a) || DESTRUCTIVE_VERBS.contains(&a.to_ascii_lowercase().as_str())
            });
        if shape {
            return true;
        }
        // the words that are the program or the code: the command word, or the arguments of
        // `eval`, `sh -c`, `ssh HOST …`
        let words: Vec<&Word> = if rule == EngineRule::DynamicCommand {
            vec![&cmd.name]
        } else {
            cmd.args.iter().collect()
        };
        // `eval "$(curl …)"`: a substitution in the words themselves
        let spans: Vec<Span> = words.iter().map(|w| w.span).collect();
        if self.untrusted_output_within(u, index, &spans) {
            return true;
        }
        // `CMD=$(curl …); $CMD`, `read CMD; $CMD`: where each variable got its value
        for name in words.iter().flat_map(|w| &w.parts).filter_map(|p| match p {
            Part::Var { name, .. } => Some(name.as_str()),
            _ => None,
        }) {
            let assigned: Vec<Span> = u
                .script
                .assignments
                .iter()
                .filter(|a| a.name == name && a.span.start < cmd.span.start)
                .map(|a| a.span)
                .collect();
            if self.untrusted_output_within(u, index, &assigned) {
                return true;
            }
            // typed in at a prompt (`read -p "command: " CMD`); a `read` loop over a program's
            // output is not input from outside
            let read = u.untrusted.iter().take_while(|&&k| k < index).any(|&k| {
                let c = &u.script.commands[k];
                c.program.as_deref() == Some("read") && c.args.iter().any(|a| a.as_lit() == Some(name))
            });
            if read {
                return true;
            }
        }
        false
    }

    /// Whether a command before `index` inside one of `spans` (a substitution's commands) reads
    /// the network or decodes a payload.
    fn untrusted_output_within(&self, u: &ScriptUnit, index: usize, spans: &[Span]) -> bool {
        if spans.is_empty() {
            return false;
        }
        u.untrusted.iter().take_while(|&&k| k < index).any(|&k| {
            let c = &u.script.commands[k];
            c.context.in_substitution
                && spans.iter().any(|s| s.start <= c.span.start && c.span.end <= s.end)
                && untrusted_program(c)
        })
    }
}

/// Whether a command's output comes from the network or decodes a payload.
fn untrusted_program(c: &Command) -> bool {
    c.program.as_deref().is_some_and(|p| {
        NETWORK_PROGRAMS.contains(&p)
            || (matches!(p, "base64" | "base32" | "xxd" | "openssl")
                && c.args
                    .iter()
                    .any(|a| matches!(a.as_lit(), Some("-d" | "--decode" | "-D" | "-r" | "-a"))))
    })
}

/// What can feed dynamic code from outside: a command whose output comes from the network or
/// decodes a payload, or a `read -p` prompt.
pub(super) fn untrusted_source(c: &Command) -> bool {
    untrusted_program(c)
        || (c.program.as_deref() == Some("read")
            && c.args
                .iter()
                .any(|a| a.as_lit().is_some_and(|v| v.starts_with('-') && v.contains('p'))))
}
