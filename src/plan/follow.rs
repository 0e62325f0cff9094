//! Code a command runs that is out of sight of the embed declarations, the ways guards are
//! known to be bypassed (issue 10): a script written earlier in the plan and then run, a symlink
//! into a protected path, an npm script or a Makefile target, a git alias, code in another
//! interpreter (`python -c`, `node -e` …), `. <(…)` and `source /dev/stdin`, `eval "$(cat
//! <<EOF …)"`, a command word with look-alike characters or a glob, and an unknown program
//! given a destructive command line. Files are read, never run.

use std::path::{Path, PathBuf};

use super::{Planner, ScriptUnit, clip, command_line, normalize_rel, stretch};
use crate::extract::{self, Snippet, SnippetLang, interp};
use crate::finding::{Category, Severity};
use crate::rules::Hit;
use crate::rules::view::View;
use crate::shell::{self, Command, Part, Word};
use crate::source::OffsetMap;

/// A file an earlier command of the plan wrote: its content when known.
#[derive(Clone, Debug)]
pub(super) struct Written {
    pub path: PathBuf,
    pub text: Option<String>,
    /// The command that wrote it, for messages.
    pub by: String,
}

/// The files earlier commands wrote, by path (a script writing thousands of files must not make
/// every later command scan them all).
#[derive(Debug, Default)]
pub(super) struct WrittenFiles {
    by_path: rustc_hash::FxHashMap<PathBuf, Written>,
    /// The absolute paths among them, latest last: `./x.sh` may name one of them.
    absolute: Vec<PathBuf>,
}

impl WrittenFiles {
    /// Records a write, replacing what an earlier one left at the path.
    pub(super) fn insert(&mut self, w: Written) {
        if w.path.is_absolute() {
            self.absolute.retain(|p| *p != w.path);
            self.absolute.push(w.path.clone());
        }
        self.by_path.insert(w.path.clone(), w);
    }

    pub(super) fn get(&self, key: &Path) -> Option<&Written> {
        self.by_path.get(key)
    }

    /// The file at `key` or, for a relative `key`, the latest absolute path ending with it
    /// (`./cleanup.sh` run after a tool wrote `/home/dev/project/cleanup.sh`).
    fn find(&self, key: &Path) -> Option<&Written> {
        self.get(key).or_else(|| {
            if !key.is_relative() {
                return None;
            }
            let p = self.absolute.iter().rev().find(|p| p.ends_with(key))?;
            self.by_path.get(p)
        })
    }
}

/// Programs that never run their arguments as a command (their arguments that read like one are
/// text, package names or documentation): not reported as possible wrappers.
const NOT_WRAPPERS: &[&str] = &[
    "echo",
    "printf",
    "print",
    "which",
    "type",
    "whereis",
    "whatis",
    "man",
    "info",
    "help",
    "apropos",
    "tldr",
    "grep",
    "egrep",
    "fgrep",
    "rg",
    "ag",
    "ack",
    "cat",
    "less",
    "more",
    "head",
    "tail",
    "wc",
    "sort",
    "uniq",
    "cut",
    "tr",
    "logger",
    "say",
    "notify-send",
    "log",
    "warn",
    "error",
    "die",
    "fail",
    "fatal",
    "msg",
    "note",
    "debug",
    "usage",
    "apt",
    "apt-get",
    "apt-cache",
    "aptitude",
    "dpkg",
    "dpkg-query",
    "yum",
    "dnf",
    "rpm",
    "zypper",
    "pacman",
    "apk",
    "brew",
    "port",
    "snap",
    "flatpak",
    "nix-env",
    "pip",
    "pip3",
    "pipx",
    "gem",
    "conda",
    "mamba",
    "compgen",
    "complete",
    "hash",
    "alias",
    "unalias",
    "declare",
    "typeset",
    "local",
    "export",
    "readonly",
    "set",
    "unset",
    "trap",
    "test",
    "[",
    "read",
    "mapfile",
    "getopts",
    "shift",
    "return",
    "exit",
    "true",
    "false",
    ":",
    "sleep",
    "date",
    "basename",
    "dirname",
    "realpath",
    "readlink",
    "stat",
    "file",
    "ls",
    "touch",
    "mkdir",
    "chmod",
    "chown",
    "cp",
    "mv",
    "install",
    "ln",
    "diff",
    "cmp",
    "git",
    "gettext",
    "eval_gettext",
    "ngettext",
    "dialog",
    "whiptail",
    "zenity",
    "yad",
    "printenv",
];

/// Package managers' own commands: `yarn NAME` runs the script NAME only when NAME is not one.
const YARN_COMMANDS: &[&str] = &[
    "add",
    "audit",
    "autoclean",
    "bin",
    "cache",
    "check",
    "config",
    "create",
    "dedupe",
    "dlx",
    "exec",
    "explain",
    "generate-lock-entry",
    "global",
    "help",
    "import",
    "info",
    "init",
    "install",
    "licenses",
    "link",
    "list",
    "login",
    "logout",
    "node",
    "npm",
    "outdated",
    "owner",
    "pack",
    "patch",
    "plugin",
    "policies",
    "publish",
    "rebuild",
    "remove",
    "run",
    "search",
    "set",
    "stage",
    "tag",
    "team",
    "unlink",
    "unplug",
    "up",
    "upgrade",
    "upgrade-interactive",
    "version",
    "versions",
    "why",
    "workspace",
    "workspaces",
    "add",
    "fetch",
    "store",
    "env",
    "setup",
    "prune",
    "deploy",
    "root",
    "import",
];

impl<'a> Planner<'a> {
    // ----- what a command leaves for later ones ------------------------------------------

    /// Learns from a command what later commands may rely on: files it writes (with their
    /// content when it is static) and symlinks it makes.
    pub(super) fn remember(&mut self, unit: usize, index: usize) {
        let u = &self.plan.scripts[unit];
        if u.origin.ends_with("/file-tool") {
            return; // a file tool's write, recorded with its content by the extractor
        }
        let cmd = &u.script.commands[index];
        let program = cmd.program.as_deref().unwrap_or("");
        if matches!(program, "cd" | "pushd" | "popd" | "chdir") {
            if cmd.context.in_function.is_none() {
                self.cwd = self.changed_dir(cmd);
            }
            return;
        }
        let mut writes: Vec<(String, bool)> = Vec::new();
        for r in &cmd.redirects {
            if matches!(r.op.as_str(), ">" | ">>" | ">|" | "&>" | "&>>")
                && r.fd.is_none_or(|fd| fd == 1)
                && let Some(path) = r.target.value()
            {
                writes.push((path, r.op.contains(">>")));
            }
        }
        // the command, for messages: only built when it may write a file
        let by = if writes.is_empty() && !matches!(program, "tee" | "curl" | "wget") {
            String::new()
        } else {
            clip(&cmd.display(), 60)
        };
        let mut content = if writes.is_empty() {
            None
        } else {
            self.static_output(u, index, 0).map(|(t, _)| t)
        };
        match program {
            "tee" => {
                let append = cmd.args.iter().any(|a| matches!(a.as_lit(), Some("-a" | "--append")));
                content = self.stdin_text(u, index, 0).map(|(t, _)| t);
                for a in &cmd.args {
                    if let Some(v) = a.value().filter(|v| !v.starts_with('-')) {
                        writes.push((v, append));
                    }
                }
            }
            // downloads: the content is only known at run time
            "curl" | "wget" => {
                let names: &[&str] = if program == "curl" {
                    &["o", "output"]
                } else {
                    &["O", "output-document"]
                };
                let spec = self.rules.program(program);
                let view = View::new(cmd, spec);
                let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
                for f in view.flags_named(&names) {
                    if let Some(v) = f.value.clone().filter(|v| v != "-") {
                        writes.push((v, false));
                    }
                }
            }
            "ln" => {
                let cmd = cmd.clone();
                self.remember_link(&cmd);
            }
            _ => {}
        }
        for (path, append) in writes {
            if path.starts_with("/dev/") {
                continue;
            }
            let Some(path) = self.in_cwd(&path) else {
                continue; // somewhere not known
            };
            let key = normalize_rel(&path);
            let text = match (append, self.written.get(&key)) {
                // appended to: known while it stays the size of a file that is read
                (true, Some(prev)) => prev
                    .text
                    .as_ref()
                    .zip(content.as_ref())
                    .filter(|(a, b)| (a.len() + b.len()) as u64 <= super::MAX_SIDE_FILE)
                    .map(|(a, b)| format!("{a}{b}")),
                _ => content.clone(),
            };
            self.written.insert(Written {
                path: key,
                text,
                by: by.clone(),
            });
        }
    }

    /// `ln -s TARGET LINK`: later paths through LINK are paths in TARGET.
    fn remember_link(&mut self, cmd: &Command) {
        let mut symbolic = false;
        let mut positionals = Vec::new();
        for a in &cmd.args {
            let Some(v) = a.value() else { return };
            if v == "--symbolic" {
                symbolic = true;
            } else if let Some(flags) = v.strip_prefix('-').filter(|f| !f.starts_with('-')) {
                symbolic |= flags.contains('s');
                if flags.contains('t') {
                    return; // `ln -s -t DIR TARGET…`
                }
            } else if !v.starts_with("--") {
                positionals.push(v);
            }
        }
        if let (true, [target, link]) = (symbolic, positionals.as_slice()) {
            let link = link.trim_end_matches('/').trim_start_matches("./").to_owned();
            if !link.is_empty() {
                self.links.retain(|(l, _)| *l != link);
                self.links.push((link, target.clone()));
            }
        }
    }

    /// The directory a `cd`, `pushd` or `popd` moves to (see [`Planner::cwd`]).
    fn changed_dir(&self, cmd: &Command) -> Option<String> {
        if cmd.program.as_deref() == Some("popd") {
            return None;
        }
        // `cd [-L|-P|-e|-@] DIR`; no directory is `$HOME`, `-` the previous one
        let dir = cmd
            .args
            .iter()
            .find(|a| a.as_lit().is_none_or(|v| !v.starts_with('-') || v == "-"))?
            .value()?;
        if dir == "-" || dir.starts_with('~') {
            return None;
        }
        let joined = self.in_cwd(&dir)?;
        Some(normalize_rel(&joined).to_string_lossy().into_owned())
    }

    /// A path as named after the `cd`s so far: relative to `base_dir`, or absolute; `None`
    /// when the current directory is not known and the path is relative.
    pub(super) fn in_cwd(&self, name: &str) -> Option<String> {
        if name.starts_with('/') {
            return Some(name.to_owned());
        }
        match self.cwd.as_deref()? {
            "" => Some(name.to_owned()),
            d => Some(format!("{}/{name}", d.trim_end_matches('/'))),
        }
    }

    /// A file an earlier command wrote: `Some(None)` when its content is only known at run time.
    pub(super) fn written_file(&self, name: &str) -> Option<&Written> {
        let name = self.in_cwd(name)?;
        let key = normalize_rel(&name);
        self.written.find(&key)
    }

    // ----- extra readings of a command ----------------------------------------------------

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

    // ----- code only known at run time ------------------------------------------------------

    /// What [`Planner::dynamic`] does not see: a command word that is a pattern or holds
    /// look-alike characters, a script an earlier command downloaded, a shell or interpreter fed
    /// code it cannot read, and an unknown program given a destructive command line.
    pub(super) fn dynamic_hidden(
        &self,
        unit: usize,
        index: usize,
        has_hits: bool,
    ) -> Option<(&'static str, Severity, String)> {
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        let program = cmd.program.as_deref()?;
        let shown = clip(&cmd.display(), 60);
        let word = cmd.name.value().unwrap_or_default();
        // a path pattern (`/bin/r?`); a bare `*` or `Hash*` is a case pattern tree-sitter lost
        if word.contains('/') && is_glob_word(&cmd.name) {
            return Some((
                "dynamic-command",
                Severity::Warning,
                format!("the command word `{word}` is a pattern: which program runs depends on the files it matches"),
            ));
        }
        // (`…` stands for an unknown part in code rebuilt from words: `eval set -- "$(…)"`)
        if !word.is_ascii() && word != "\u{2026}" {
            let looks = ascii_lookalike(program).map_or_else(String::new, |p| format!(" (it reads as `{p}`)"));
            return Some((
                "dynamic-command",
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
                "dynamic-shell-input",
                Severity::Warning,
                format!(
                    "`{shown}` runs `{path}`, which `{}` wrote with content only known at run time",
                    w.by
                ),
            ));
        }
        let spec = self.rules.program(program);
        if let Some(spec) = spec {
            let view = View::new(cmd, Some(spec));
            // `. <(curl …)`, `curl … | source /dev/stdin`
            for e in spec
                .embeds
                .iter()
                .filter(|e| e.lang == "shell" && e.file && view.path_is(&e.command))
            {
                let Some(&at) = view.positionals.get(e.command.len() + e.arg.unwrap_or(0)) else {
                    continue;
                };
                let w = &cmd.args[at];
                if let Some(None) = self.process_output(u, index, w) {
                    return Some((
                        "dynamic-shell-input",
                        Severity::Warning,
                        format!("`{shown}` runs what a process substitution produces, which is only known at run time"),
                    ));
                }
                if w.value().is_some_and(|v| is_stdin_device(&v))
                    && (cmd.piped_from.is_some() || cmd.stdin.is_some())
                    && self.stdin_text(u, index, 0).is_none()
                {
                    return Some((
                        "dynamic-shell-input",
                        Severity::Warning,
                        format!("`{shown}` runs its standard input, which is only known at run time"),
                    ));
                }
            }
            // other interpreters: a command built at run time, or code fed on standard input
            for e in spec.embeds.iter().filter(|e| view.path_is(&e.command)) {
                let Some(lang) = interp::Lang::parse(&e.lang) else {
                    continue;
                };
                if e.stdin {
                    if !reads_code_on_stdin(spec, &view, &e.lang) {
                        continue;
                    }
                    if let Some(d) = self.unknown_code_on_stdin(u, index, program) {
                        return Some(d);
                    }
                }
                for (text, _, _) in self.interp_texts(u, index, &view, e) {
                    if let Some(call) = interp::scan(lang, &text).dynamic {
                        return Some((
                            "dynamic-shell-input",
                            Severity::Warning,
                            format!("`{shown}` runs a command built at run time ({call})"),
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
    fn unknown_wrapper(&self, u: &ScriptUnit, cmd: &Command) -> Option<(&'static str, Severity, String)> {
        let program = cmd.program.as_deref()?;
        if NOT_WRAPPERS.contains(&program) || program.contains('=') || shell::wrappers::is_wrapper(program) {
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
            "dynamic-wrapper",
            Severity::Warning,
            format!(
                "`{program}` is not a program preflight knows, and its arguments read as `{}`: if it runs them, {}",
                clip(&inner.display(), 60),
                lowercase_first(&hit.message)
            ),
        ))
    }

    // ----- code written elsewhere ----------------------------------------------------------

    /// The code a command runs that its program's embed declarations do not point at directly.
    pub(super) fn hidden_code(&self, unit: usize, index: usize) -> Vec<Snippet> {
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        let Some(program) = cmd.program.as_deref() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let at = |text: String, map: OffsetMap, origin: String| {
            let file_map = u.map.compose(&map, text.len());
            Snippet::new(SnippetLang::Shell, text, file_map, origin)
        };
        match program {
            "git" => out.extend(self.git_alias(u, cmd)),
            "npm" | "pnpm" | "yarn" | "bun" => out.extend(self.package_script(u, cmd, program)),
            "make" | "gmake" => out.extend(self.make_targets(u, cmd)),
            "eval" if cmd.args.len() == 1 => {
                if let Some(Some((text, map))) = self.subst_output(u, index, &cmd.args[0]) {
                    out.push(at(text, map, format!("{}/eval", u.origin)));
                }
            }
            _ => {}
        }
        let Some(spec) = self.rules.program(program) else {
            return out;
        };
        let view = View::new(cmd, Some(spec));
        for e in spec.embeds.iter().filter(|e| view.path_is(&e.command)) {
            // `. <(echo …)`, `bash <(…)`, `… | source /dev/stdin`
            if e.lang == "shell" && e.file {
                let Some(&i) = view.positionals.get(e.command.len() + e.arg.unwrap_or(0)) else {
                    continue;
                };
                let w = &cmd.args[i];
                if let Some(Some((text, map))) = self.process_output(u, index, w) {
                    out.push(at(text, map, format!("{}/{program}", u.origin)));
                } else if w.value().is_some_and(|v| is_stdin_device(&v))
                    && let Some((text, map)) = self.stdin_text(u, index, 0)
                {
                    out.push(at(text, map, format!("{}/{program}", u.origin)));
                }
                continue;
            }
            let Some(lang) = interp::Lang::parse(&e.lang) else {
                continue;
            };
            for (text, map, _) in self.interp_texts(u, index, &view, e) {
                let found = interp::scan(lang, &text);
                let origin = format!("{}/{program}", u.origin);
                for (code, m) in found.shell {
                    let inner = map.compose(&m, code.len());
                    out.push(at(code, inner, origin.clone()));
                }
                for (doc, m) in found.graphql {
                    let inner = map.compose(&m, doc.len());
                    let t = doc.trim_start();
                    let lang = if t.starts_with('{') && t.contains("\"query\"") {
                        SnippetLang::Json
                    } else {
                        SnippetLang::Graphql
                    };
                    let file_map = u.map.compose(&inner, doc.len());
                    out.push(Snippet::new(lang, doc, file_map, origin.clone()));
                }
            }
        }
        out
    }

    /// The texts of an interpreter embed; its standard input only when it reads code there.
    fn interp_texts(
        &self,
        u: &ScriptUnit,
        index: usize,
        view: &View,
        e: &crate::rules::schema::EmbedSpec,
    ) -> Vec<(String, OffsetMap, Option<PathBuf>)> {
        if e.stdin {
            let spec = self
                .rules
                .program(u.script.commands[index].program.as_deref().unwrap_or(""));
            if !spec.is_some_and(|s| reads_code_on_stdin(s, view, &e.lang)) {
                return Vec::new();
            }
            return self
                .stdin_text(u, index, 0)
                .map(|(t, m)| (t, m, None))
                .into_iter()
                .collect();
        }
        let mut plain = e.clone();
        plain.lang = "text".into();
        self.embedded_texts(u, index, view, &plain)
    }

    /// The script file a command runs: `bash x.sh`, `. x.sh`, `./x.sh`.
    fn script_named(&self, u: &ScriptUnit, cmd: &Command) -> Option<String> {
        let word = cmd.name.value()?;
        if word.contains('/') {
            return Some(word);
        }
        let spec = self.rules.program(cmd.program.as_deref()?)?;
        let view = View::new(cmd, Some(spec));
        let e = spec
            .embeds
            .iter()
            .find(|e| e.lang == "shell" && e.file && view.path_is(&e.command))?;
        let _ = u;
        let &i = view.positionals.get(e.command.len() + e.arg.unwrap_or(0))?;
        cmd.args[i].value()
    }

    /// The output of the commands in a word that is one command or process substitution:
    /// `None` when the word is not one; `Some(None)` when the output is not static.
    pub(super) fn subst_output(&self, u: &ScriptUnit, index: usize, w: &Word) -> Option<Option<(String, OffsetMap)>> {
        if w.parts.as_slice() != [Part::Subst] {
            return None;
        }
        let cmds = &u.script.commands;
        let inside: Vec<usize> = (0..index)
            .rev()
            .take_while(|&k| cmds[k].context.in_substitution)
            .filter(|&k| w.span.start <= cmds[k].span.start && cmds[k].span.end <= w.span.end)
            .collect();
        let Some(&last) = inside.first() else {
            return Some(None);
        };
        // one pipeline: its last command's output is the substitution's
        let mut chain = vec![last];
        let mut cur = last;
        while let Some(from) = cmds[cur].piped_from {
            chain.push(from);
            cur = from;
        }
        if inside.iter().any(|k| !chain.contains(k)) {
            return Some(None);
        }
        Some(self.static_output(u, last, 0))
    }

    /// [`Planner::subst_output`] for a process substitution (`<(…)`) only.
    fn process_output(&self, u: &ScriptUnit, index: usize, w: &Word) -> Option<Option<(String, OffsetMap)>> {
        if !u.script.process_substitutions.contains(&w.span) {
            return None;
        }
        self.subst_output(u, index, w)
    }

    /// `git -c alias.NAME=VALUE NAME …` runs VALUE; `git config alias.NAME VALUE` stores it.
    fn git_alias(&self, u: &ScriptUnit, cmd: &Command) -> Option<Snippet> {
        let mut aliases: Vec<(String, String, &Word)> = Vec::new();
        let mut k = 0;
        let args = &cmd.args;
        // global options, then the subcommand
        while let Some(v) = args.get(k).and_then(Word::value) {
            if v == "-c" {
                if let Some(w) = args.get(k + 1)
                    && let Some((name, value)) = w.value().as_deref().and_then(alias_setting)
                {
                    aliases.push((name, value, w));
                }
                k += 2;
            } else if let Some(rest) = v.strip_prefix("-c").filter(|r| !r.is_empty() && !v.starts_with("--")) {
                if let Some((name, value)) = alias_setting(rest) {
                    aliases.push((name, value, &args[k]));
                }
                k += 1;
            } else if matches!(
                v.as_str(),
                "-C" | "--git-dir" | "--work-tree" | "--namespace" | "--config-env"
            ) {
                k += 2;
            } else if v.starts_with('-') {
                k += 1;
            } else {
                break;
            }
        }
        let sub = args.get(k).and_then(Word::value)?;
        let rest = &args[k + 1..];
        let origin = format!("{}/git-alias", u.origin);
        if let Some((_, value, w)) = aliases.iter().find(|(n, _, _)| *n == sub) {
            return Some(self.alias_code(u, value, rest, w, origin));
        }
        if sub != "config" {
            return None;
        }
        // `git config [--global …] [set] [--add] alias.NAME VALUE`
        let mut positionals: Vec<&Word> = Vec::new();
        let mut j = 0;
        while j < rest.len() {
            let v = rest[j].value()?;
            match v.as_str() {
                "-f" | "--file" | "--blob" | "--type" | "--default" | "--comment" => j += 2,
                "--get" | "--get-all" | "--unset" | "--unset-all" | "-l" | "--list" | "--get-regexp" | "-e"
                | "--edit" | "--remove-section" | "--rename-section" | "get" | "unset" | "list" => return None,
                _ if v.starts_with('-') => j += 1,
                _ => {
                    positionals.push(&rest[j]);
                    j += 1;
                }
            }
        }
        if positionals.first().and_then(|w| w.as_lit()) == Some("set") {
            positionals.remove(0);
        }
        let [key, value] = positionals.as_slice() else {
            return None;
        };
        key.value()?.strip_prefix("alias.")?;
        let value = value.value()?;
        Some(self.alias_code(u, &value, &[], positionals[1], origin))
    }

    /// The code of a git alias: `!cmd` is shell code; anything else is a git command line.
    fn alias_code(&self, u: &ScriptUnit, value: &str, rest: &[Word], w: &Word, origin: String) -> Snippet {
        let extra = command_line(rest).map(|(t, _)| t).unwrap_or_default();
        let text = match value.strip_prefix('!') {
            Some(code) => format!("{code} {extra}"),
            None => format!("git {value} {extra}"),
        };
        let map = u.map.compose(&stretch(w.span.start()), text.len());
        Snippet::new(SnippetLang::Shell, text, map, origin)
    }

    /// `npm run clean`, `yarn wipe`, `npm test`: the package.json scripts it runs.
    fn package_script(&self, u: &ScriptUnit, cmd: &Command, program: &str) -> Vec<Snippet> {
        let mut dir: Option<String> = None;
        let mut positionals: Vec<(usize, String)> = Vec::new();
        let mut k = 0;
        while k < cmd.args.len() {
            let Some(v) = cmd.args[k].value() else {
                positionals.push((k, String::new()));
                k += 1;
                continue;
            };
            if v == "--" {
                break;
            }
            if matches!(v.as_str(), "--prefix" | "-C" | "--dir" | "--cwd") {
                dir = cmd.args.get(k + 1).and_then(Word::value);
                k += 2;
                continue;
            }
            if let Some(d) = ["--prefix=", "--dir=", "--cwd="].iter().find_map(|p| v.strip_prefix(p)) {
                dir = Some(d.to_owned());
            } else if !v.starts_with('-') {
                positionals.push((k, v));
            }
            k += 1;
        }
        let first = positionals.first().map(|(_, v)| v.as_str()).unwrap_or("");
        let (name, pre_post, name_at) = match (program, first) {
            (_, "run" | "run-script" | "rum" | "urn") => match positionals.get(1) {
                Some((i, n)) => (n.clone(), program != "pnpm", *i),
                None => return Vec::new(),
            },
            ("npm" | "pnpm" | "bun", "test" | "t" | "tst" | "start" | "stop" | "restart") => {
                let n = if matches!(first, "t" | "tst") { "test" } else { first };
                (n.to_owned(), program != "pnpm", positionals[0].0)
            }
            ("yarn" | "pnpm", n) if !n.is_empty() && !YARN_COMMANDS.contains(&n) => {
                (n.to_owned(), program == "yarn", positionals[0].0)
            }
            _ => return Vec::new(),
        };
        let file = match &dir {
            Some(d) => format!("{}/package.json", d.trim_end_matches('/')),
            None => "package.json".to_owned(),
        };
        let Some(json) = self.side_file(&file) else {
            return Vec::new();
        };
        let Some(scripts) = extract::scripts::package_scripts(&json, &name, pre_post) else {
            return Vec::new();
        };
        // arguments after the script name are appended to it
        let extra: Vec<Word> = cmd.args[name_at + 1..]
            .iter()
            .filter(|w| w.as_lit() != Some("--"))
            .cloned()
            .collect();
        let extra = command_line(&extra).map(|(t, _)| format!(" {t}")).unwrap_or_default();
        scripts
            .into_iter()
            .filter_map(|(key, script)| {
                let source = PathBuf::from(format!("{file}#{key}"));
                if self.active.contains(&source) {
                    return None;
                }
                let text = if key == name {
                    format!("{script}{extra}")
                } else {
                    script
                };
                let map = u.map.compose(&stretch(cmd.name.span.start()), text.len());
                let mut s = Snippet::new(SnippetLang::Shell, text, map, format!("{}/{program}:{key}", u.origin));
                s.source_file = Some(source);
                Some(s)
            })
            .collect()
    }

    /// `make nuke`: the recipes of the targets (and their prerequisites) in the Makefile.
    fn make_targets(&self, u: &ScriptUnit, cmd: &Command) -> Vec<Snippet> {
        let mut dir: Option<String> = None;
        let mut file: Option<String> = None;
        let mut targets = Vec::new();
        let mut k = 0;
        while k < cmd.args.len() {
            let Some(v) = cmd.args[k].value() else {
                k += 1;
                continue;
            };
            match v.as_str() {
                // nothing runs
                "-n" | "--dry-run" | "--just-print" | "--recon" | "-q" | "--question" | "-p" | "--print-data-base"
                | "--help" | "-v" | "--version" => return Vec::new(),
                "-C" | "--directory" => {
                    dir = cmd.args.get(k + 1).and_then(Word::value);
                    k += 2;
                    continue;
                }
                "-f" | "--file" | "--makefile" => {
                    file = cmd.args.get(k + 1).and_then(Word::value);
                    k += 2;
                    continue;
                }
                "-o" | "-W" | "-I" | "--old-file" | "--what-if" | "--include-dir" => {
                    k += 2;
                    continue;
                }
                "-j" | "-l" | "--jobs" | "--load-average" => {
                    if cmd
                        .args
                        .get(k + 1)
                        .and_then(Word::value)
                        .is_some_and(|n| n.parse::<f64>().is_ok())
                    {
                        k += 1;
                    }
                }
                _ if v.starts_with("-C") && v.len() > 2 => dir = Some(v[2..].to_owned()),
                _ if v.starts_with("-f") && v.len() > 2 => file = Some(v[2..].to_owned()),
                _ if v.starts_with("--directory=") => dir = Some(v["--directory=".len()..].to_owned()),
                _ if v.starts_with("--file=") || v.starts_with("--makefile=") => {
                    file = v.split_once('=').map(|(_, f)| f.to_owned());
                }
                _ if v.starts_with('-') || v.contains('=') => {}
                _ => targets.push(v),
            }
            k += 1;
        }
        let join = |name: &str| match &dir {
            Some(d) => format!("{}/{name}", d.trim_end_matches('/')),
            None => name.to_owned(),
        };
        let names: Vec<String> = match &file {
            Some(f) => vec![join(f)],
            None => ["GNUmakefile", "makefile", "Makefile"]
                .iter()
                .map(|n| join(n))
                .collect(),
        };
        let Some((path, text)) = names.into_iter().find_map(|n| self.side_file(&n).map(|t| (n, t))) else {
            return Vec::new();
        };
        let makefile = extract::scripts::Makefile::parse(&text);
        if targets.is_empty() {
            targets.extend(makefile.default_goal().map(str::to_owned));
        }
        let mut out = Vec::new();
        for target in targets {
            let source = PathBuf::from(format!("{path}#{target}"));
            if self.active.contains(&source) {
                continue;
            }
            let lines: Vec<String> = makefile.recipes(&target).into_iter().map(|(_, l)| l).collect();
            if lines.is_empty() {
                continue;
            }
            let text = lines.join("\n") + "\n";
            let map = u.map.compose(&stretch(cmd.name.span.start()), text.len());
            let mut s = Snippet::new(SnippetLang::Shell, text, map, format!("{}/make:{target}", u.origin));
            s.source_file = Some(source);
            out.push(s);
        }
        out
    }
}

/// `alias.NAME=VALUE` of `git -c`.
fn alias_setting(s: &str) -> Option<(String, String)> {
    let (key, value) = s.split_once('=')?;
    let name = key.strip_prefix("alias.")?;
    Some((name.to_owned(), value.to_owned()))
}

/// Whether an interpreter reads its program on standard input: no code option, no script
/// (or the script `-`), and for Python no `-m` module other than the interactive `code`.
fn reads_code_on_stdin(spec: &crate::rules::schema::ProgramSpec, view: &View, lang: &str) -> bool {
    let code_options: Vec<String> = spec
        .embeds
        .iter()
        .filter(|e| e.lang == lang)
        .filter_map(|e| e.option.as_deref())
        .flat_map(|g| g.split('|').map(str::to_owned))
        .collect();
    if view.flags.iter().any(|f| code_options.contains(&f.name)) {
        return false;
    }
    if view
        .flags
        .iter()
        .any(|f| f.name == "m" && lang == "python" && f.value.as_deref() != Some("code"))
    {
        return false;
    }
    match view.positionals.first() {
        None => true,
        Some(&i) => view.cmd.args[i].as_lit() == Some("-"),
    }
}

fn is_stdin_device(v: &str) -> bool {
    matches!(v, "/dev/stdin" | "/dev/fd/0" | "/proc/self/fd/0")
}

/// An unquoted glob character (`*`, `?`, `[…]`) in a command word.
fn is_glob_word(w: &Word) -> bool {
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

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !s.starts_with('`') => f.to_lowercase().collect::<String>() + c.as_str(),
        _ => s.to_owned(),
    }
}
