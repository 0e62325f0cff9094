//! Commands that run another command given as their arguments (`sudo`, `env`, `timeout 60`,
//! `nohup`, `xargs`, `npx` …). Peeling them exposes the real program, and the wrapper is kept on
//! the command so rules and the environment analysis can still see it.

use super::ir::{Assignment, Word, Wrapper};

/// How one wrapper reads its arguments before the wrapped command.
struct Spec {
    names: &'static [&'static str],
    /// Options that take a value (short letters and long names, without dashes).
    valued: &'static [&'static str],
    /// Options after which no command follows (`sudo -l`, `command -v`): not a wrapper then.
    no_command: &'static [&'static str],
    /// Operands to skip after the options (`timeout DURATION`, `chroot DIR`, `flock FILE`).
    operands: usize,
    /// The first argument must be one of these subcommands (`pnpm dlx`, `bundle exec`).
    subcommand: &'static [&'static str],
    /// Reads `NAME=VALUE` words as environment assignments (`env`).
    assignments: bool,
}

const fn spec(names: &'static [&'static str]) -> Spec {
    Spec {
        names,
        valued: &[],
        no_command: &[],
        operands: 0,
        subcommand: &[],
        assignments: false,
    }
}

static SPECS: &[Spec] = &[
    Spec {
        valued: &[
            "u",
            "g",
            "h",
            "p",
            "C",
            "D",
            "r",
            "t",
            "U",
            "T",
            "R",
            "user",
            "group",
            "host",
            "prompt",
            "close-from",
            "chdir",
            "role",
            "type",
            "other-user",
            "command-timeout",
            "chroot",
        ],
        no_command: &[
            "l",
            "list",
            "v",
            "validate",
            "k",
            "K",
            "reset-timestamp",
            "remove-timestamp",
            "e",
            "edit",
            "V",
            "version",
        ],
        ..spec(&["sudo"])
    },
    Spec {
        valued: &["u", "C"],
        no_command: &["L"],
        ..spec(&["doas"])
    },
    Spec {
        valued: &[
            "u",
            "unset",
            "C",
            "chdir",
            "S",
            "split-string",
            "P",
            "block-signal",
            "default-signal",
            "ignore-signal",
        ],
        assignments: true,
        ..spec(&["env"])
    },
    Spec {
        no_command: &["v", "V"],
        ..spec(&["command"])
    },
    spec(&["builtin", "nohup", "noglob", "nocorrect", "unbuffer", "catchsegv"]),
    Spec {
        valued: &["a"],
        ..spec(&["exec"])
    },
    Spec {
        valued: &["n", "adjustment"],
        ..spec(&["nice"])
    },
    Spec {
        valued: &["o", "f", "output", "format"],
        ..spec(&["time"])
    },
    Spec {
        valued: &["s", "k", "signal", "kill-after"],
        operands: 1,
        ..spec(&["timeout"])
    },
    Spec {
        valued: &["i", "o", "e", "input", "output", "error"],
        ..spec(&["stdbuf"])
    },
    spec(&["setsid"]),
    Spec {
        valued: &["w", "E", "timeout", "wait", "conflict-exit-code"],
        operands: 1,
        ..spec(&["flock"])
    },
    spec(&["busybox"]),
    // programs that run their arguments as a command: tracers, sandboxes, namespaces,
    // privilege and secret injectors
    Spec {
        valued: &["e", "o", "p", "s", "u", "E", "I", "a", "b", "P", "X", "S", "O"],
        no_command: &["p", "attach"],
        ..spec(&["strace", "ltrace"])
    },
    Spec {
        valued: &[
            "S",
            "setuid",
            "G",
            "setgid",
            "R",
            "root",
            "w",
            "wd",
            "setgroups",
            "map-user",
            "map-group",
        ],
        ..spec(&["unshare"])
    },
    Spec {
        valued: &[
            "t", "target", "S", "setuid", "G", "setgid", "r", "root", "w", "wd", "W", "wdns", "env",
        ],
        ..spec(&["nsenter"])
    },
    spec(&[
        "chronic",
        "eatmydata",
        "with-contenv",
        "dumb-init",
        "tini",
        "catatonit",
        "dbus-run-session",
    ]),
    Spec {
        valued: &["l", "lib", "s", "i", "faked"],
        ..spec(&["fakeroot"])
    },
    Spec {
        valued: &["f"],
        ..spec(&["proxychains", "proxychains4", "proxychains-ng"])
    },
    Spec {
        valued: &["a", "P", "u", "p", "address", "port", "user", "pass"],
        ..spec(&["torsocks"])
    },
    spec(&["firejail"]),
    Spec {
        valued: &[
            "u",
            "unit",
            "p",
            "property",
            "description",
            "slice",
            "M",
            "machine",
            "E",
            "setenv",
            "uid",
            "gid",
            "nice",
            "working-directory",
            "H",
            "host",
            "on-active",
            "on-boot",
            "on-calendar",
            "timer-property",
            "path-property",
            "socket-property",
            "service-type",
        ],
        ..spec(&["systemd-run"])
    },
    Spec {
        operands: 1,
        ..spec(&["gosu", "su-exec", "s6-setuidgid", "setuidgid"])
    },
    Spec {
        valued: &[
            "u", "U", "b", "e", "n", "l", "L", "m", "d", "o", "p", "f", "c", "r", "t",
        ],
        ..spec(&["chpst"])
    },
    Spec {
        valued: &["T", "sched-runtime", "P", "sched-period", "D", "sched-deadline"],
        no_command: &["p", "pid", "m", "max"],
        operands: 1,
        ..spec(&["chrt"])
    },
    Spec {
        valued: &[
            "N",
            "cpunodebind",
            "m",
            "membind",
            "C",
            "physcpubind",
            "i",
            "interleave",
            "p",
            "preferred",
        ],
        no_command: &["H", "hardware", "s", "show"],
        ..spec(&["numactl"])
    },
    Spec {
        valued: &["p", "f", "d", "e"],
        ..spec(&["sshpass"])
    },
    Spec {
        valued: &["u", "user"],
        ..spec(&["pkexec"])
    },
    Spec {
        valued: &["a", "E", "t", "P"],
        no_command: &["k", "l", "L", "D", "d", "x", "X", "s", "c"],
        ..spec(&["ssh-agent"])
    },
    Spec {
        valued: &[
            "n",
            "s",
            "e",
            "f",
            "p",
            "w",
            "a",
            "server-num",
            "server-args",
            "error-file",
            "auth-file",
        ],
        ..spec(&["xvfb-run"])
    },
    // `aws-vault exec PROFILE -- cmd`, `op run -- cmd`, `doppler run -- cmd`, `direnv exec DIR cmd`
    Spec {
        subcommand: &["exec"],
        valued: &["d", "duration", "r", "region", "t", "mfa-token", "prompt"],
        operands: 1,
        ..spec(&["aws-vault", "direnv"])
    },
    Spec {
        subcommand: &["run"],
        valued: &[
            "env-file",
            "account",
            "config",
            "session",
            "cache",
            "p",
            "project",
            "c",
            "config-dir",
            "token",
        ],
        ..spec(&["op", "doppler", "infisical", "dotenvx"])
    },
    Spec {
        valued: &["c", "n", "class", "classdata"],
        no_command: &["p", "pid", "P", "pgid", "u", "uid"],
        ..spec(&["ionice"])
    },
    Spec {
        no_command: &["p", "pid"],
        operands: 1,
        ..spec(&["taskset"])
    },
    Spec {
        valued: &["userspec", "groups"],
        operands: 1,
        ..spec(&["chroot"])
    },
    Spec {
        valued: &[
            "u",
            "g",
            "G",
            "user",
            "group",
            "supp-group",
            "w",
            "whitelist-environment",
        ],
        ..spec(&["runuser"])
    },
    Spec {
        valued: &[
            "a",
            "d",
            "E",
            "I",
            "L",
            "n",
            "P",
            "s",
            "arg-file",
            "delimiter",
            "eof",
            "max-lines",
            "max-args",
            "max-procs",
            "max-chars",
            "process-slot-var",
        ],
        no_command: &["show-limits", "help", "version"],
        ..spec(&["xargs"])
    },
    Spec {
        valued: &["p", "package", "c", "call"],
        no_command: &["c", "call"],
        ..spec(&["npx", "pnpx", "bunx"])
    },
    Spec {
        subcommand: &["dlx", "exec"],
        valued: &["package", "C", "dir"],
        ..spec(&["pnpm", "yarn"])
    },
    Spec {
        subcommand: &["exec"],
        ..spec(&["bundle", "npm"])
    },
    Spec {
        subcommand: &["run"],
        valued: &["with", "python", "p", "directory", "project", "env-file"],
        ..spec(&["poetry", "uv", "pipenv", "pdm", "rye", "hatch"])
    },
    Spec {
        valued: &["e", "v", "c"],
        ..spec(&["dotenv"])
    },
];

/// Program name of a command word: the basename, without a Windows `.exe`.
pub fn normalize_program(word: &str) -> String {
    // an npm package run by `npx`: `@railway/cli` → railway, `@scope/tool@2` → tool
    if let Some((scope, name)) = word.strip_prefix('@').and_then(|r| r.split_once('/')) {
        let name = name.split('@').next().unwrap_or(name);
        return if name == "cli" {
            scope.to_owned()
        } else {
            name.to_owned()
        };
    }
    let base = word.rsplit('/').next().unwrap_or(word);
    let base = base.strip_suffix(".exe").unwrap_or(base);
    // `prisma@5.1.0`, `vercel@latest`
    match base.split_once('@') {
        Some((name, v))
            if !name.is_empty()
                && (v == "latest" || v.starts_with(|c: char| c.is_ascii_digit() || c == '^' || c == '~')) =>
        {
            name.to_owned()
        }
        _ => base.to_owned(),
    }
}

fn find_spec(name: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.names.contains(&name))
}

pub fn is_wrapper(name: &str) -> bool {
    find_spec(name).is_some()
}

/// An option word split into its name and glued value: `--user=app` → (`user`, `app`),
/// `-uapp` → (`u`, `app`) when `u` takes a value.
fn option_name<'a>(word: &'a str, valued: &[&str]) -> Option<(&'a str, Option<&'a str>)> {
    if let Some(long) = word.strip_prefix("--") {
        if long.is_empty() {
            return None;
        }
        return Some(match long.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (long, None),
        });
    }
    let short = word.strip_prefix('-')?;
    if short.is_empty() {
        return None;
    }
    // the first letter that takes a value swallows the rest of the word
    for (i, c) in short.char_indices() {
        let letter = &short[i..i + c.len_utf8()];
        if valued.contains(&letter) {
            let rest = &short[i + c.len_utf8()..];
            return Some((letter, if rest.is_empty() { None } else { Some(rest) }));
        }
    }
    Some((short, None))
}

/// The result of peeling: the wrappers, the assignments they carry, and where the real command
/// word is.
pub struct Peeled {
    pub wrappers: Vec<Wrapper>,
    pub assignments: Vec<Assignment>,
    /// Words of an `env -S STRING` split: the command starts with these, then `words[start..]`.
    pub split: Vec<Word>,
    /// Index of the real command word in the peeled word list.
    pub start: usize,
}

/// Peels wrappers off `words` (the command word first). A wrapper that runs nothing (`env`,
/// `sudo -l`, `command -v x`) is itself the command.
pub fn peel(words: &[Word]) -> Peeled {
    let mut out = Peeled {
        wrappers: Vec::new(),
        assignments: Vec::new(),
        split: Vec::new(),
        start: 0,
    };
    let mut i = 0;
    while let Some(name) = words.get(i).and_then(Word::value).map(|v| normalize_program(&v)) {
        let Some(spec) = find_spec(&name) else { break };
        let mut assignments = Vec::new();
        let mut split = Vec::new();
        match read_wrapper(spec, &name, words, i + 1, &mut assignments, &mut split) {
            Some(next) if next < words.len() || !split.is_empty() => {
                out.wrappers.push(Wrapper {
                    name,
                    args: words[i + 1..next].to_vec(),
                });
                out.assignments.extend(assignments);
                i = next;
                if !split.is_empty() {
                    out.split = split;
                    break;
                }
            }
            _ => break,
        }
    }
    out.start = i;
    out
}

/// Reads one wrapper's options and operands starting at `words[j]`; returns the index of the
/// wrapped command word, or `None` when the options say no command runs.
fn read_wrapper(
    spec: &Spec,
    name: &str,
    words: &[Word],
    mut j: usize,
    assignments: &mut Vec<Assignment>,
    split: &mut Vec<Word>,
) -> Option<usize> {
    if !spec.subcommand.is_empty() {
        let sub = words.get(j).and_then(Word::value)?;
        if !spec.subcommand.contains(&sub.as_str()) {
            return None;
        }
        j += 1;
    }
    while let Some(w) = words.get(j).and_then(Word::value) {
        if w == "--" {
            j += 1;
            break;
        }
        if spec.assignments
            && let Some((n, _)) = w.split_once('=').filter(|(n, _)| is_name(n))
        {
            assignments.push(Assignment {
                name: n.to_owned(),
                value: value_after_eq(&words[j], n.len() + 1),
                span: words[j].span,
            });
            j += 1;
            continue;
        }
        if name == "nice" && w.len() > 1 && w[1..].parse::<i32>().is_ok() && w.starts_with('-') {
            j += 1; // `nice -10 cmd`
            continue;
        }
        if !w.starts_with('-') || w == "-" {
            break;
        }
        let (opt, glued) = option_name(&w, spec.valued)?;
        if spec.no_command.contains(&opt) {
            return None;
        }
        j += 1;
        let splits = name == "env" && (opt == "S" || opt == "split-string");
        if let Some(v) = glued {
            if splits {
                let word = &words[j - 1];
                split.extend(split_words(&value_after_eq(word, w.len() - v.len())));
            }
        } else if spec.valued.contains(&opt) {
            if splits {
                split.extend(words.get(j).map(split_words).unwrap_or_default());
            }
            j += 1;
        }
    }
    j += spec.operands;
    if spec.operands > 0 && words.get(j).and_then(Word::value).is_some_and(|v| v == "--") {
        j += 1; // `aws-vault exec prod -- cmd`
    }
    // `flock FILE -c 'cmd'` runs a command string: flock itself is the command to analyse
    if name == "flock"
        && words
            .get(j)
            .and_then(Word::value)
            .is_some_and(|v| v == "-c" || v == "--command")
    {
        return None;
    }
    if name == "busybox" && words.get(j).and_then(Word::value).is_some_and(|v| v.starts_with('-')) {
        return None;
    }
    Some(j.min(words.len()))
}

/// Whether `s` is a valid shell variable name.
pub fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch == '_' || ch.is_ascii_alphabetic())
        && c.all(|ch| ch == '_' || ch.is_ascii_alphanumeric())
}

/// The part of a static word after its first `skip` bytes (the value of `NAME=value`).
pub fn value_after_eq(word: &Word, skip: usize) -> Word {
    let mut parts = Vec::new();
    let mut seen = 0;
    for p in &word.parts {
        match p {
            super::ir::Part::Lit { text, quoted, var } => {
                let len = text.len();
                if seen + len <= skip {
                    seen += len;
                    continue;
                }
                let cut = skip.saturating_sub(seen);
                seen += len;
                parts.push(super::ir::Part::Lit {
                    text: text[cut..].to_owned(),
                    quoted: *quoted,
                    var: var.clone(),
                });
            }
            other => {
                if seen >= skip {
                    parts.push(other.clone());
                }
            }
        }
    }
    let start = word.map.map(skip);
    let rest_len = parts
        .iter()
        .map(|p| {
            if let super::ir::Part::Lit { text, .. } = p {
                text.len()
            } else {
                0
            }
        })
        .sum();
    // shift the word's own map by `skip`
    let map = word.map.compose(&crate::source::OffsetMap::identity(skip), rest_len);
    let span = crate::source::Span::new(start.min(word.span.end()), word.span.end());
    Word { span, parts, map }
}

/// Splits a static word on whitespace into words (for `env -S`), keeping offsets.
pub fn split_words(word: &Word) -> Vec<Word> {
    let Some(v) = word.value() else {
        return vec![word.clone()];
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in v.char_indices().chain(std::iter::once((v.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                let text = &v[s..i];
                let span = crate::source::Span::new(word.map.map(s), word.map.map(i - 1) + 1);
                let mut w = Word::literal(text, span);
                w.map = word.map.compose(&crate::source::OffsetMap::identity(s), text.len());
                out.push(w);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn words(s: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut pos = 0;
        for w in s.split(' ') {
            out.push(Word::literal(w, Span::new(pos, pos + w.len())));
            pos += w.len() + 1;
        }
        out
    }

    fn peel_names(s: &str) -> (Vec<String>, Option<String>) {
        let ws = words(s);
        let p = peel(&ws);
        let prog = if !p.split.is_empty() {
            p.split[0].value()
        } else {
            ws.get(p.start).and_then(Word::value)
        };
        (p.wrappers.into_iter().map(|w| w.name).collect(), prog)
    }

    #[test]
    fn peels_common_wrappers() {
        assert_eq!(
            peel_names("sudo -u app rm -rf /"),
            (vec!["sudo".into()], Some("rm".into()))
        );
        assert_eq!(
            peel_names("sudo -uapp -E nice -n 5 rm x"),
            (vec!["sudo".into(), "nice".into()], Some("rm".into()))
        );
        assert_eq!(
            peel_names("timeout -s KILL 60 terraform destroy"),
            (vec!["timeout".into()], Some("terraform".into()))
        );
        assert_eq!(peel_names("env -i A=1 -u B rm x").1, Some("rm".into()));
        assert_eq!(peel_names("command -v rm"), (vec![], Some("command".into())));
        assert_eq!(peel_names("sudo -l"), (vec![], Some("sudo".into())));
        assert_eq!(
            peel_names("nohup nice -10 rm x"),
            (vec!["nohup".into(), "nice".into()], Some("rm".into()))
        );
        assert_eq!(
            peel_names("flock -n /tmp/l rm x"),
            (vec!["flock".into()], Some("rm".into()))
        );
        assert_eq!(
            peel_names("xargs -I{} -P 4 rm -rf"),
            (vec!["xargs".into()], Some("rm".into()))
        );
        assert_eq!(
            peel_names("npx prisma migrate reset"),
            (vec!["npx".into()], Some("prisma".into()))
        );
        assert_eq!(peel_names("pnpm install"), (vec![], Some("pnpm".into())));
        assert_eq!(
            peel_names("busybox rm -rf /"),
            (vec!["busybox".into()], Some("rm".into()))
        );
        assert_eq!(peel_names("env"), (vec![], Some("env".into())));
    }

    #[test]
    fn npm_package_names() {
        assert_eq!(normalize_program("@railway/cli"), "railway");
        assert_eq!(normalize_program("@scope/tool@2.0"), "tool");
        assert_eq!(normalize_program("prisma@5.1.0"), "prisma");
        assert_eq!(normalize_program("/usr/bin/rm"), "rm");
        assert_eq!(normalize_program("user@host"), "user@host");
    }

    #[test]
    fn env_assignments_are_kept() {
        let ws = words("env AWS_PROFILE=prod aws s3 ls");
        let p = peel(&ws);
        assert_eq!(p.assignments.len(), 1);
        assert_eq!(p.assignments[0].name, "AWS_PROFILE");
        assert_eq!(p.assignments[0].value.value().as_deref(), Some("prod"));
        assert_eq!(p.start, 2);
    }
}
