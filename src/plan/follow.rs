//! Script following: the files a plan's commands run or read (`./x.sh`, `make`, `npm run`,
//! `-d @body.json`), the files earlier commands wrote and the symlinks they made, and the
//! directory `cd` moved to. Files are read, never run.

use super::*;

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

impl<'a> Planner<'a> {
    /// `./deploy.sh`, `scripts/x.sh`: a shell script beside the file, run by its path, is
    /// followed (read, never run) once.
    pub(super) fn script_run_by_path(&self, u: &ScriptUnit, cmd: &crate::shell::ir::Command) -> Option<Snippet> {
        let word = cmd.name.value()?;
        if !word.contains('/') || (Path::new(&word).is_absolute() && !self.local_files) {
            return None;
        }
        let text = self.side_file(&word)?;
        let shell = Lang::from_path(Path::new(&word)) == Some(Lang::Shell)
            || Lang::from_shebang(text.as_bytes()) == Some(Lang::Shell);
        let path = normalize_rel(&word);
        if !shell || self.active.contains(&path) {
            return None;
        }
        let map = u.map.compose(&stretch(cmd.name.span.start()), text.len());
        let origin = format!("{}/{}", u.origin, word.trim_start_matches("./"));
        let mut s = Snippet::new(SnippetLang::Shell, text, map, origin);
        s.source_file = Some(path);
        Some(s)
    }

    /// A file a script names (`-d @body.json`, `psql -f x.sql`, `< x.sql`): read, never run.
    pub(super) fn side_file(&self, name: &str) -> Option<String> {
        // written earlier in the plan: that content (or none, when only known at run time)
        if let Some(w) = self.written_file(name) {
            return w.text.clone();
        }
        let base = self.base_dir?;
        let name = self.in_cwd(name)?;
        let p = Path::new(&name);
        if p.is_absolute() && !self.local_files {
            return None;
        }
        let full = base.join(p);
        let meta = std::fs::metadata(&full).ok()?;
        // an empty file has nothing to read (and a file of `/proc` that says it is empty can
        // block a reader forever)
        if !meta.is_file() || meta.len() == 0 || meta.len() > MAX_SIDE_FILE {
            return None;
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&full)
            .ok()?
            .take(MAX_SIDE_FILE)
            .read_to_end(&mut bytes)
            .ok()?;
        // binary as bash sees it; NUL bytes elsewhere are dropped where shell code is parsed
        if crate::source::bash_binary(&bytes) {
            return None;
        }
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

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
            // a `cd` in a function body (at its definition), `( … )` or `$( … )` moves no
            // command after it here
            if cmd.context.in_function.is_none() && !cmd.context.in_subshell && !cmd.context.in_substitution {
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
    pub(super) fn remember_link(&mut self, cmd: &Command) {
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
    pub(super) fn changed_dir(&self, cmd: &Command) -> Option<String> {
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

    /// The script file a command runs: `bash x.sh`, `. x.sh`, `./x.sh`.
    pub(super) fn script_named(&self, u: &ScriptUnit, cmd: &Command) -> Option<String> {
        let word = cmd.name.value()?;
        if word.contains('/') {
            return Some(word);
        }
        let spec = self.rules.program(cmd.program.as_deref()?)?;
        let view = View::new(cmd, Some(spec));
        let e = spec
            .embeds
            .iter()
            .find(|e| e.lang == EmbedLang::Shell && e.file && view.path_is(&e.command))?;
        let _ = u;
        let &i = view.positionals.get(e.command.len() + e.arg.unwrap_or(0))?;
        cmd.args[i].value()
    }

    /// `npm run clean`, `yarn wipe`, `npm test`: the package.json scripts it runs.
    pub(super) fn package_script(&self, u: &ScriptUnit, cmd: &Command, program: &str) -> Vec<Snippet> {
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
            ("yarn" | "pnpm", n)
                if !n.is_empty()
                    && !self
                        .rules
                        .program(program)
                        .is_some_and(|s| s.own_commands.iter().any(|c| c == n)) =>
            {
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
        let Some(scripts) = scripts::package_scripts(&json, &name, pre_post) else {
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
    pub(super) fn make_targets(&self, u: &ScriptUnit, cmd: &Command) -> Vec<Snippet> {
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
        let makefile = scripts::Makefile::parse(&text);
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
