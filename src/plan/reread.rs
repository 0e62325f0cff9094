//! A command re-read as it really runs: relative paths from the directory earlier `cd`s moved
//! to, variables its own prefix assigns, `find` that deletes its whole tree as `rm -r START`, and
//! the arguments `xargs`/`parallel` read at run time (known when piped from `echo`).

use super::*;

/// Programs whose operands are paths, so that a relative operand is resolved against the
/// directory earlier `cd`s moved to.
const PATH_OPERANDS: &[&str] = &[
    "rm", "rmdir", "unlink", "shred", "find", "chmod", "chown", "chgrp", "truncate", "srm", "wipe",
];

/// `find` tests and actions that do not narrow what it visits: with only these, every file
/// under the start points is deleted.
const FIND_WHOLE_TREE: &[&str] = &[
    "delete",
    "exec",
    "execdir",
    "ok",
    "okdir",
    "depth",
    "d",
    "mindepth",
    "maxdepth",
    "xdev",
    "mount",
    "type",
    "xtype",
    "print",
    "print0",
    "ls",
    "noleaf",
    "ignore_readdir_race",
    "noignore_readdir_race",
    "follow",
    "warn",
    "nowarn",
    "daystart",
    "H",
    "L",
    "P",
    "D",
    "O",
];

/// Programs `find -exec` runs that delete the paths given to them.
const DELETERS: &[&str] = &["rm", "shred", "unlink", "rmdir", "srm"];

impl<'a> Planner<'a> {
    /// Rule hits of `cmd` read as it runs (see the module doc), with messages naming the command
    /// as written.
    pub(super) fn reread_hits(&self, u: &ScriptUnit, index: usize) -> Vec<Hit> {
        let cmd = &u.script.commands[index];
        let Some(program) = cmd.program.as_deref() else {
            return Vec::new();
        };
        // each way of reading it, with what to add to a hit's message
        let mut variants: Vec<(Command, Option<String>)> = Vec::new();
        if let Some((c, from)) = Self::moved_here(u, index, cmd, program) {
            variants.push((c, Some(format!(" (moved there from `{from}` by an earlier `mv`)"))));
        }
        if let Some(c) = self.in_working_dir(cmd, program) {
            variants.push((c, None));
        }
        if let Some(c) = own_assignments(cmd) {
            variants.push((c, None));
        }
        if program == "find" {
            variants.extend(self.find_as_rm(cmd).map(|c| (c, None)));
        }
        if let Some(c) = self.xargs_static_input(u, index) {
            variants.push((c, None));
        }
        if let Some(c) = in_container_mount(cmd, program) {
            variants.push((c, None));
        }
        let shown = format!("`{}`", clip(&cmd.display(), 100));
        let mut hits: Vec<Hit> = Vec::new();
        for (v, note) in variants {
            let from = format!("`{}`", clip(&v.display(), 100));
            for mut h in self.rules.match_command(&v) {
                if hits.iter().any(|k| k.rule == h.rule) {
                    continue;
                }
                h.message = h.message.replace(&from, &shown);
                if let Some(note) = &note {
                    h.message = format!("{}{note}", h.message.trim_end_matches('.'));
                }
                hits.push(h);
            }
        }
        hits
    }

    /// `mv /srv/data /tmp/trash; rm -rf /tmp/trash`: a path program acting on where an earlier `mv`
    /// of the same script put something, read as acting on where it came from. Only literal
    /// two-operand moves of a path from outside the temporary directories count. The command and
    /// the original path.
    fn moved_here(u: &ScriptUnit, index: usize, cmd: &Command, program: &str) -> Option<(Command, String)> {
        if !PATH_OPERANDS.contains(&program) {
            return None;
        }
        let mut moves: Vec<(String, String)> = Vec::new();
        for earlier in &u.script.commands[..index] {
            if earlier.program.as_deref() != Some("mv") {
                continue;
            }
            let operands: Vec<String> = earlier
                .args
                .iter()
                .filter_map(Word::value)
                .filter(|v| !v.starts_with('-'))
                .collect();
            if operands.len() != 2 || earlier.args.iter().any(|a| a.value().is_none()) {
                continue;
            }
            let (src, dest) = (operands[0].trim_end_matches('/'), operands[1].trim_end_matches('/'));
            if !src.starts_with('/') || src.len() < 2 || dest.is_empty() || crate::rules::predicates::is_temp_path(src)
            {
                continue;
            }
            moves.push((src.to_owned(), dest.to_owned()));
        }
        let mut c = cmd.clone();
        let mut from = None;
        for a in &mut c.args {
            let Some(v) = a.value() else { continue };
            let v = v.trim_end_matches('/');
            // the latest move wins
            for (src, dest) in moves.iter().rev() {
                let base = src.rsplit('/').next().unwrap_or(src);
                let rest = if v == dest {
                    Some(String::new())
                } else if let Some(r) = v.strip_prefix(&format!("{dest}/{base}")) {
                    // `mv SRC DIR/` then `rm -rf DIR/NAME`
                    (r.is_empty() || r.starts_with('/')).then(|| r.to_owned())
                } else {
                    None
                };
                if let Some(rest) = rest {
                    *a = Word::literal(&format!("{src}{rest}"), a.span);
                    from = Some(src.clone());
                    break;
                }
            }
        }
        from.map(|f| (c, f))
    }

    /// `cd /; rm -rf build`: relative operands of a path program read from the directory earlier
    /// `cd`s moved to, when that is absolute or above the script's own (`cd ..`).
    fn in_working_dir(&self, cmd: &Command, program: &str) -> Option<Command> {
        let cwd = self.cwd.as_deref()?;
        if !(cwd.starts_with('/') || cwd == ".." || cwd.starts_with("../")) || !PATH_OPERANDS.contains(&program) {
            return None;
        }
        let mut c = cmd.clone();
        let mut changed = false;
        for a in &mut c.args {
            let Some(v) = a.value() else { continue };
            if v.is_empty() || v.starts_with(['/', '-', '~', '(', '!']) || v == "{}" || v == "+" || v == ";" {
                continue;
            }
            let joined = format!("{}/{v}", cwd.trim_end_matches('/'));
            *a = Word::literal(&joined, a.span);
            changed = true;
        }
        changed.then_some(c)
    }

    /// `find START -delete`, `find START -exec rm -rf {} +` with no test that narrows what is
    /// found: every file under START goes, as with `rm -r START`.
    fn find_as_rm(&self, cmd: &Command) -> Option<Command> {
        let spec = self.rules.program("find");
        let view = View::new(cmd, spec);
        let mut deletes = false;
        for f in &view.flags {
            let name = f.name.as_str();
            if !FIND_WHOLE_TREE.contains(&name) {
                return None;
            }
            if name == "delete" {
                deletes = true;
            }
            if matches!(name, "exec" | "execdir" | "ok" | "okdir") {
                // the command and its words up to `;`/`+`: a deleter given the found path
                let range = f.terminated.clone()?;
                let run: Vec<String> = cmd.args.get(range)?.iter().filter_map(Word::value).collect();
                let prog = run.first().map(|p| shell::wrappers::normalize_program(p));
                // (`rmdir` removes only empty directories: nothing is lost)
                if prog.is_some_and(|p| p != "rmdir" && DELETERS.contains(&p.as_str()))
                    && run.iter().any(|w| w.contains("{}"))
                {
                    deletes = true;
                } else {
                    return None;
                }
            }
        }
        if !deletes {
            return None;
        }
        // the start points: the words before the first test (`.` when there is none)
        let starts: Vec<Word> = cmd
            .args
            .iter()
            .take_while(|a| a.as_lit().is_none_or(|v| !v.starts_with(['-', '(', '!'])))
            .cloned()
            .collect();
        let starts = if starts.is_empty() {
            vec![Word::literal(".", cmd.name.span)]
        } else {
            starts
        };
        let mut c = cmd.clone();
        c.name = Word::literal("rm", cmd.name.span);
        c.program = Some("rm".into());
        c.args = std::iter::once(Word::literal("-r", cmd.name.span))
            .chain(starts)
            .collect();
        // the start points are read from where `cd` moved to as well
        Some(self.in_working_dir(&c, "rm").unwrap_or(c))
    }

    /// `echo /srv/data | xargs rm -rf`: the words `xargs` reads, when they are known.
    fn xargs_static_input(&self, u: &ScriptUnit, index: usize) -> Option<Command> {
        let cmd = &u.script.commands[index];
        let x = cmd.wrappers.iter().find(|w| w.name == "xargs")?;
        // `-I R` / `-iR` / `--replace[=R]`: each input line takes the place of R
        let mut replace: Option<String> = None;
        let words: Vec<String> = x.args.iter().map(Word::value).collect::<Option<_>>()?;
        for (k, v) in words.iter().enumerate() {
            if v.starts_with("-a") || v.starts_with("--arg-file") {
                return None;
            }
            if v == "-I" {
                replace = Some(words.get(k + 1)?.clone());
            } else if let Some(r) = v.strip_prefix("-I").or_else(|| v.strip_prefix("--replace=")) {
                replace = Some(r.to_owned());
            } else if let Some(r) = v.strip_prefix("-i") {
                replace = Some(if r.is_empty() { "{}".to_owned() } else { r.to_owned() });
            } else if v == "--replace" {
                replace = Some("{}".to_owned());
            }
        }
        let (text, _) = self.stdin_text(u, index, 0)?;
        let mut c = cmd.clone();
        match replace.filter(|r| !r.is_empty()) {
            // one command per line: the first stands for them all
            Some(r) => {
                // no line: nothing runs
                let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
                    c.args.clear();
                    return Some(c);
                };
                for a in &mut c.args {
                    if let Some(v) = a.value().filter(|v| v.contains(r.as_str())) {
                        *a = Word::literal(&v.replace(r.as_str(), line), a.span);
                    }
                }
            }
            None => c.args.extend(
                text.split_whitespace()
                    .take(64)
                    .map(|w| Word::literal(w.trim_matches(['\'', '"']), cmd.span)),
            ),
        }
        Some(c)
    }

    /// `… | xargs rm -rf`, `parallel rm -rf {} < list`: a command given arguments that are only
    /// read at run time, when it destroys what it is given.
    pub(super) fn run_time_arguments(
        &self,
        unit: usize,
        index: usize,
        has_hits: bool,
    ) -> Option<(EngineRule, Severity, String)> {
        // a rule already judged what it destroys (`xargs -I{} rm -rf /srv/{}`)
        if has_hits {
            return None;
        }
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        let (runner, inner) = if let Some(x) = cmd.wrappers.iter().find(|w| w.name == "xargs") {
            if self.xargs_static_input(u, index).is_some() {
                return None;
            }

            let from = x
                .args
                .iter()
                .position(|a| a.as_lit().is_some_and(|v| v == "-a" || v == "--arg-file"))
                .and_then(|k| x.args.get(k + 1))
                .map(|w| format!("the file `{}`", w.display()))
                .or_else(|| {
                    x.args.iter().find_map(|a| {
                        a.as_lit()?
                            .strip_prefix("--arg-file=")
                            .map(|f| format!("the file `{f}`"))
                    })
                });
            let mut inner = cmd.clone();
            inner.wrappers.retain(|w| w.name != "xargs");
            (("xargs", from), inner)
        } else if cmd.program.as_deref() == Some("parallel") {
            let words: Vec<String> = cmd.args.iter().filter_map(Word::value).collect();
            // `::: a b`: the arguments are on the command line
            if words.iter().any(|w| w == ":::" || w == ":::+") {
                return None;
            }
            let view = View::new(cmd, self.rules.program("parallel"));
            // the command starts at the first positional; the rest is its own
            let &at = view.positionals.first()?;
            let pos: Vec<&Word> = cmd.args[at..]
                .iter()
                .take_while(|w| w.as_lit() != Some("::::"))
                .collect();
            let (first, rest) = pos.split_first()?;
            let name = first.value()?;
            let mut inner = cmd.clone();
            inner.program = Some(shell::wrappers::normalize_program(&name));
            inner.name = (*first).clone();
            inner.args = rest
                .iter()
                .filter(|w| !w.as_lit().is_some_and(|v| v.starts_with('{') && v.ends_with('}')))
                .map(|w| (*w).clone())
                .collect();
            let from = view
                .flags
                .iter()
                .find(|f| matches!(f.name.as_str(), "a" | "arg-file"))
                .and_then(|f| f.value.clone())
                .map(|f| format!("the file `{f}`"));
            (("parallel", from), inner)
        } else {
            return None;
        };
        let (runner, from) = runner;
        // what it would do to a path it is given
        let probes = [
            Word::literal("/\u{2026}", cmd.span),
            Word {
                span: cmd.span,
                parts: vec![Part::Subst],
                map: OffsetMap::identity(cmd.span.start()),
            },
        ];
        let hit = probes.into_iter().find_map(|p| {
            let mut c = inner.clone();
            c.args.push(p);
            self.rules.match_command(&c).into_iter().find(|h| {
                let r = self.rules.rule(h.rule);
                // in a throw-away filesystem, deleting local files loses nothing
                let moot = u.scratch_fs.as_ref().is_some_and(|s| {
                    super::dispatch::SCRATCH_FAMILIES.contains(&&*r.family)
                        && !super::dispatch::scratch_reaches_out(s, &inner)
                });
                r.spec().category == Category::Destructive && h.severity >= Severity::Warning && !moot
            })
        })?;
        let from = from
            .or_else(|| {
                cmd.piped_from
                    .map(|k| format!("`{}`", clip(&u.script.commands[k].display(), 50)))
            })
            .or_else(|| {
                cmd.redirects
                    .iter()
                    .find(|r| r.op == "<")
                    .map(|r| format!("the file `{}`", r.target.display()))
            })
            .unwrap_or_else(|| "its standard input".into());
        let rule = self.rules.rule(hit.rule).spec().id.clone();
        // `find DIR -name __pycache__ | xargs rm -rf`: the paths are what `find` selects with a
        // test that narrows them, as `find … -exec rm -rf {} +` would delete: said, not failing
        let narrowed = cmd.piped_from.is_some_and(|k| {
            let f = &u.script.commands[k];
            f.program.as_deref() == Some("find")
                && View::new(f, self.rules.program("find"))
                    .flags
                    .iter()
                    .any(|f| !FIND_WHOLE_TREE.contains(&f.name.as_str()))
        });
        Some((
            EngineRule::DynamicArguments,
            if narrowed { Severity::Info } else { Severity::Warning },
            format!(
                "`{runner}` runs `{}` on arguments read at run time from {from}: what it deletes is not known ({rule} on any path it is given)",
                clip(&inner.display(), 60)
            ),
        ))
    }
}

/// Options of `docker run` (and Podman's, nerdctl's) that take a value: everything before the
/// image is skipped by these.
const RUN_VALUED: &[&str] = &[
    "a",
    "attach",
    "add-host",
    "annotation",
    "blkio-weight",
    "blkio-weight-device",
    "cap-add",
    "cap-drop",
    "cgroup-parent",
    "cgroupns",
    "cidfile",
    "cpu-period",
    "cpu-quota",
    "cpu-rt-period",
    "cpu-rt-runtime",
    "c",
    "cpu-shares",
    "cpus",
    "cpuset-cpus",
    "cpuset-mems",
    "device",
    "device-cgroup-rule",
    "device-read-bps",
    "device-read-iops",
    "device-write-bps",
    "device-write-iops",
    "dns",
    "dns-option",
    "dns-search",
    "domainname",
    "entrypoint",
    "e",
    "env",
    "env-file",
    "expose",
    "gpus",
    "group-add",
    "health-cmd",
    "health-interval",
    "health-retries",
    "health-start-period",
    "health-timeout",
    "h",
    "hostname",
    "ip",
    "ip6",
    "ipc",
    "isolation",
    "kernel-memory",
    "l",
    "label",
    "label-file",
    "link",
    "link-local-ip",
    "log-driver",
    "log-opt",
    "mac-address",
    "m",
    "memory",
    "memory-reservation",
    "memory-swap",
    "memory-swappiness",
    "mount",
    "name",
    "network",
    "net",
    "network-alias",
    "oom-score-adj",
    "pid",
    "pids-limit",
    "platform",
    "p",
    "publish",
    "pull",
    "restart",
    "runtime",
    "security-opt",
    "shm-size",
    "stop-signal",
    "stop-timeout",
    "storage-opt",
    "sysctl",
    "tmpfs",
    "ulimit",
    "u",
    "user",
    "userns",
    "uts",
    "v",
    "volume",
    "volume-driver",
    "volumes-from",
    "w",
    "workdir",
    "arch",
    "os",
    "variant",
    "secret",
    "pod",
    "hooks-dir",
    "env-host",
];

/// `docker run -v /srv:/data alpine rm -rf /data/x`: the command a container runs, read with
/// the paths under its bind mounts turned back into the host paths they are (only when one is:
/// what a container does to its own file system is gone with it).
fn in_container_mount(cmd: &Command, program: &str) -> Option<Command> {
    if !matches!(program, "docker" | "podman" | "nerdctl") {
        return None;
    }
    let words: Vec<String> = cmd.args.iter().map(Word::value).collect::<Option<_>>()?;
    let mut k = 0;
    // global options of the CLI, then `run` (or `container run`)
    while k < words.len() && words[k].starts_with('-') {
        k += if words[k].contains('=')
            || !matches!(
                words[k].as_str(),
                "-H" | "--host" | "--context" | "-c" | "--config" | "-l" | "--log-level"
            ) {
            1
        } else {
            2
        };
    }
    if words.get(k).map(String::as_str) == Some("container") {
        k += 1;
    }
    if words.get(k).map(String::as_str) != Some("run") {
        return None;
    }
    k += 1;
    let mut mounts: Vec<(String, String)> = Vec::new();
    while k < words.len() && words[k].starts_with('-') && words[k] != "--" {
        let w = &words[k];
        let (name, glued) = match w.trim_start_matches('-').split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (w.trim_start_matches('-').to_owned(), None),
        };
        // a short option with its value glued on (`-v/srv:/data`)
        let (name, glued) =
            if !w.starts_with("--") && name.len() > 1 && glued.is_none() && RUN_VALUED.contains(&&name[..1]) {
                (name[..1].to_owned(), Some(name[1..].to_owned()))
            } else {
                (name, glued)
            };
        let value = if RUN_VALUED.contains(&name.as_str()) {
            match glued {
                Some(v) => Some(v),
                None => {
                    k += 1;
                    words.get(k).cloned()
                }
            }
        } else {
            None
        };
        if let Some(v) = value {
            if matches!(name.as_str(), "v" | "volume") {
                let mut parts = v.split(':');
                if let (Some(host), Some(ctr)) = (parts.next(), parts.next())
                    && host.starts_with('/')
                    && ctr.starts_with('/')
                {
                    mounts.push((host.to_owned(), ctr.to_owned()));
                }
            } else if name == "mount" {
                let field = |keys: &[&str]| {
                    v.split(',').find_map(|f| {
                        f.split_once('=')
                            .filter(|(key, _)| keys.contains(key))
                            .map(|(_, x)| x.to_owned())
                    })
                };
                if let (Some(host), Some(ctr)) = (field(&["source", "src"]), field(&["target", "destination", "dst"]))
                    && host.starts_with('/')
                {
                    mounts.push((host, ctr));
                }
            }
        }
        k += 1;
    }
    if words.get(k).map(String::as_str) == Some("--") {
        k += 1;
    }
    // the image, then the command it runs
    let argv = words.get(k + 1..).filter(|a| !a.is_empty())?;
    if mounts.is_empty() {
        return None;
    }
    let mut changed = false;
    let mapped: Vec<String> = argv
        .iter()
        .map(|a| {
            for (host, ctr) in &mounts {
                let ctr = ctr.trim_end_matches('/');
                let rest = if ctr.is_empty() {
                    Some(a.as_str()).filter(|a| a.starts_with('/'))
                } else {
                    a.strip_prefix(ctr).filter(|r| r.is_empty() || r.starts_with('/'))
                };
                if let Some(rest) = rest {
                    changed = true;
                    return format!("{}{rest}", host.trim_end_matches('/'));
                }
            }
            a.clone()
        })
        .collect();
    if !changed {
        return None;
    }
    let program = shell::wrappers::normalize_program(&mapped[0]);
    let mut c = cmd.clone();
    c.name = Word::literal(&mapped[0], cmd.name.span);
    c.program = Some(program);
    c.args = mapped[1..].iter().map(|a| Word::literal(a, cmd.span)).collect();
    Some(c)
}

/// `TMPDIR=/ rm -rf $TMPDIR/x`, `env HOME= rm -rf $HOME/x`: the command's own assignments in
/// place of the variables they set (a location reassigned for one command is not the usual one).
fn own_assignments(cmd: &Command) -> Option<Command> {
    if cmd.assignments.is_empty() {
        return None;
    }
    let mut c = cmd.clone();
    let mut changed = false;
    for a in &mut c.args {
        if !a
            .parts
            .iter()
            .any(|p| matches!(p, Part::Var { name, .. } if cmd.assignment(name).is_some()))
        {
            continue;
        }
        let mut parts = Vec::new();
        for p in &a.parts {
            match p {
                Part::Var { name, quoted, .. } => match cmd.assignment(name).map(|s| &s.value) {
                    Some(v) if v.is_static() => parts.push(Part::Lit {
                        text: v.value().unwrap_or_default(),
                        quoted: *quoted,
                        var: Some(name.clone()),
                    }),
                    Some(_) => parts.push(Part::Subst),
                    None => parts.push(p.clone()),
                },
                other => parts.push(other.clone()),
            }
        }
        a.parts = parts;
        changed = true;
    }
    changed.then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last command of `src` (substitutions run before it).
    fn first(src: &str) -> Command {
        shell::parse(src).commands.pop().expect("a command")
    }

    #[test]
    fn own_assignments_replace_the_variables_they_set() {
        let c = own_assignments(&first("TMPDIR=/ rm -rf \"$TMPDIR/x\"")).expect("rewritten");
        assert_eq!(c.args[1].value().as_deref(), Some("//x"));
        let c = own_assignments(&first("env HOME= rm -rf $HOME/x")).expect("rewritten");
        assert_eq!(c.args[1].value().as_deref(), Some("/x"));
        // a value only known at run time stays unknown
        let c = own_assignments(&first("HOME=$(pwd) rm -rf $HOME/x")).expect("rewritten");
        assert!(c.args[1].value().is_none());
        assert!(own_assignments(&first("LC_ALL=C rm -rf \"$TMPDIR/x\"")).is_none());
        assert!(own_assignments(&first("rm -rf \"$TMPDIR/x\"")).is_none());
    }
}
