//! A command seen through its program's argument syntax: which words are flags (with their
//! values), which are positionals, and where each came from. Rules match on it, and nested code
//! (`bash -c …`, `psql -c …`) is found with it.

use std::ops::Range;

use super::schema::ProgramSpec;
use crate::shell::{Command, Dialect, Word, wrappers};

/// A flag as the program reads it.
#[derive(Clone, Debug)]
pub struct Flag {
    pub name: String,
    /// The static value (glued `-XDELETE`, `--request=DELETE`, or the next word).
    pub value: Option<String>,
    /// Where the value is: the argument index and the bytes of that word before the value.
    pub value_at: Option<(usize, usize)>,
    /// The words an option such as `find -exec` takes, up to `;` or `+` (argument indices).
    pub terminated: Option<Range<usize>>,
}

/// A command's arguments read through a [`ProgramSpec`].
pub struct View<'c> {
    pub cmd: &'c Command,
    pub flags: Vec<Flag>,
    /// Indices (into `cmd.args`) of the positional arguments.
    pub positionals: Vec<usize>,
}

impl<'c> View<'c> {
    pub fn new(cmd: &'c Command, spec: Option<&ProgramSpec>) -> View<'c> {
        let cmdlet = cmd.dialect == Dialect::Cmdlet;
        let declared = |n: &str| {
            spec.is_some_and(|s| {
                s.valued
                    .iter()
                    .any(|v| v == n || (cmd.dialect.ignores_case() && v.eq_ignore_ascii_case(n)))
            })
        };
        // a cmdlet's parameter takes a value unless it is a switch, which the PowerShell front end
        // knows for the cmdlets it has a table of; a pack that lists a cmdlet's valued parameters
        // decides for it (Invoke-RestMethod's `-Uri` is read as a positional on purpose)
        let pack_lists = spec.is_some_and(|s| !s.valued.is_empty());
        let valued = |n: &str| {
            declared(n)
                || (cmdlet
                    && !pack_lists
                    && !crate::shell::powershell::is_switch(cmd.program.as_deref().unwrap_or(""), n))
        };
        let terminated = |n: &str| spec.is_some_and(|s| s.terminated.iter().any(|v| v == n));
        let single_dash_long = spec.is_some_and(|s| s.single_dash_long);
        let mut flags = Vec::new();
        let mut positionals = Vec::new();
        let args = &cmd.args;
        let mut i = 0;
        let mut options_done = false;
        while i < args.len() {
            let at = i;
            let w = &args[i];
            i += 1;
            let v = match w.value() {
                Some(v) if !options_done => v,
                _ => {
                    positionals.push(at);
                    continue;
                }
            };
            if v == "--" {
                options_done = true;
                continue;
            }
            if v.len() < 2 || !v.starts_with('-') {
                positionals.push(at);
                continue;
            }
            // the value of a valued option: glued, or the next word
            let take = |name: &str, glued: Option<&str>, i: &mut usize| -> (Option<String>, Option<(usize, usize)>) {
                if let Some(g) = glued {
                    return (Some(g.to_owned()), Some((at, v.len() - g.len())));
                }
                if valued(name) && *i < args.len() {
                    *i += 1;
                    return (args[*i - 1].value(), Some((*i - 1, 0)));
                }
                (None, None)
            };
            let long = v
                .strip_prefix("--")
                .or_else(|| if single_dash_long { v.strip_prefix('-') } else { None });
            if let Some(long) = long {
                let (name, glued) = match long.split_once('=') {
                    Some((n, g)) => (n, Some(g)),
                    None => (long, None),
                };
                if terminated(name) {
                    // `-exec rm -f {} +`: the words up to `;` or `+`
                    let start = i;
                    while i < args.len() && !matches!(args[i].value().as_deref(), Some(";" | "+")) {
                        i += 1;
                    }
                    let value = args.get(start).and_then(Word::value);
                    flags.push(Flag {
                        name: name.to_owned(),
                        value,
                        value_at: Some((start, 0)),
                        terminated: Some(start..i),
                    });
                    i = (i + 1).min(args.len());
                    continue;
                }
                let (value, value_at) = take(name, glued, &mut i);
                flags.push(Flag {
                    name: name.to_owned(),
                    value,
                    value_at,
                    terminated: None,
                });
                continue;
            }
            // short flags: `-rf` → r, f; a valued letter takes the rest of the word or the next
            let short = &v[1..];
            for (k, c) in short.char_indices() {
                let name = &short[k..k + c.len_utf8()];
                if valued(name) {
                    let rest = &short[k + c.len_utf8()..];
                    let glued = if rest.is_empty() { None } else { Some(rest) };
                    let (value, value_at) = take(name, glued, &mut i);
                    flags.push(Flag {
                        name: name.to_owned(),
                        value,
                        value_at,
                        terminated: None,
                    });
                    break;
                }
                flags.push(Flag {
                    name: name.to_owned(),
                    value: None,
                    value_at: None,
                    terminated: None,
                });
            }
        }
        View {
            cmd,
            flags,
            positionals,
        }
    }

    /// The `k`-th positional.
    pub fn positional(&self, k: usize) -> &'c Word {
        &self.cmd.args[self.positionals[k]]
    }

    pub fn positional_words(&self) -> impl Iterator<Item = &'c Word> + '_ {
        self.positionals.iter().map(|&i| &self.cmd.args[i])
    }

    /// Whether a flag with one of `names` is present.
    /// Whether a flag with one of `names` is present (`--flag=false` counts as absent).
    pub fn has(&self, names: &[String]) -> bool {
        self.flags
            .iter()
            .any(|f| self.named(f, names) && f.value.as_deref() != Some("false"))
    }

    pub fn flags_named<'a>(&'a self, names: &'a [String]) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| self.named(f, names))
    }

    /// Whether the flag has one of `names` (without case for PowerShell and cmd.exe).
    fn named(&self, f: &Flag, names: &[String]) -> bool {
        if self.cmd.dialect.ignores_case() {
            names.iter().any(|n| n.eq_ignore_ascii_case(&f.name))
        } else {
            names.contains(&f.name)
        }
    }

    /// The value of a flag as a word of its own (with the map of the original word).
    pub fn value_word(&self, f: &Flag) -> Option<Word> {
        let (at, skip) = f.value_at?;
        let w = self.cmd.args.get(at)?;
        Some(if skip == 0 {
            w.clone()
        } else {
            wrappers::value_after_eq(w, skip)
        })
    }

    /// Whether the first positionals match a subcommand path of `a|b` alternatives, each of
    /// which may hold `*` (any run of characters).
    pub fn path_is(&self, path: &[String]) -> bool {
        path.len() <= self.positionals.len()
            && path.iter().enumerate().all(|(k, step)| {
                self.positional(k)
                    .value()
                    .is_some_and(|v| step.split('|').any(|alt| super::matcher::star_match(alt, &v)))
            })
    }
}

#[cfg(test)]
mod star_tests {
    use crate::rules::matcher::star_match;

    #[test]
    fn stars_match_any_run_of_characters() {
        assert!(star_match("*", "role:db"));
        assert!(star_match("cmd.run", "cmd.run"));
        assert!(!star_match("cmd.run", "cmd.runner"));
        assert!(star_match("cmd.*", "cmd.shell"));
        assert!(star_match("*manage.py", "./manage.py"));
        assert!(star_match("a*b*c", "axxbyyc"));
        assert!(!star_match("a*b*c", "axxc"));
        assert!(!star_match("ab*ba", "aba"));
    }
}
