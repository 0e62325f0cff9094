//! The shell IR: every simple command of a script with its normalized program name, its words
//! (with their static values where the analyzer knows them), the wrappers peeled off it, its
//! redirects and heredoc, and the script facts around it.

use crate::source::{OffsetMap, Span};

/// What the analyzer knows about a variable at the point it is expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarState {
    /// Never assigned in the script: comes from the environment and may be unset or empty.
    External,
    /// Assigned in the script to a value the analyzer cannot compute.
    Dynamic,
    /// Assigned from `mktemp` (a fresh temporary path).
    Temp,
    /// A positional or special parameter (`$1`, `$@`, `$?` …) with no known value.
    Special,
}

/// A piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text after quote removal. `quoted` is false where globbing and tilde expansion
    /// apply. `var` names the variable it was substituted from, if any.
    Lit {
        text: String,
        quoted: bool,
        var: Option<String>,
    },
    /// An expansion of a variable whose value is not known.
    Var {
        name: String,
        quoted: bool,
        state: VarState,
        /// `${VAR:?}` / `${VAR?}`: the shell stops when it is unset (or empty).
        required: bool,
        /// `${VAR:-x}` / `${VAR-x}` default text, when static.
        default: Option<String>,
    },
    /// `$( … )`, backticks, `<( … )`, `$(( … ))`: output only known at run time.
    Subst,
}

/// A word of a command (command name, argument, assignment value, redirect target).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Span of the word in the snippet that was parsed.
    pub span: Span,
    pub parts: Vec<Part>,
    /// Maps offsets of the static value to offsets of the snippet (for code nested in a word).
    pub map: OffsetMap,
}

impl Word {
    /// A literal word (used for synthesized words such as `env -S` splits).
    pub fn literal(text: &str, span: Span) -> Self {
        Word {
            span,
            parts: vec![Part::Lit {
                text: text.to_owned(),
                quoted: false,
                var: None,
            }],
            map: OffsetMap::identity(span.start()),
        }
    }

    /// The static value when every part is known.
    pub fn value(&self) -> Option<String> {
        // most words are one literal: one allocation of the right size
        if let [Part::Lit { text, .. }] = self.parts.as_slice() {
            return Some(text.clone());
        }
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Lit { text, .. } => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }

    /// The static value when it is a single literal part (no allocation).
    pub fn as_lit(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Lit { text, .. }] => Some(text),
            [] => Some(""),
            _ => None,
        }
    }

    pub fn is_static(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, Part::Lit { .. }))
    }

    /// The leading static text (up to the first dynamic part).
    pub fn static_prefix(&self) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Lit { text, .. } => out.push_str(text),
                _ => break,
            }
        }
        out
    }

    /// The names of variables expanded in this word without a known value.
    pub fn unknown_vars(&self) -> impl Iterator<Item = (&str, &VarState, bool)> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var {
                name, state, required, ..
            } => Some((name.as_str(), state, *required)),
            _ => None,
        })
    }

    /// Text with unknown parts shown as they would read in the script (`$VAR`, `$(…)`).
    pub fn display(&self) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Lit { text, .. } => out.push_str(text),
                Part::Var { name, .. } => {
                    out.push('$');
                    out.push_str(name);
                }
                Part::Subst => out.push_str("$(…)"),
            }
        }
        out
    }
}

/// A wrapper peeled off a command (`sudo -u app`, `env -i`, `timeout 60`, `nohup` …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrapper {
    pub name: String,
    /// The wrapper's own option and operand words.
    pub args: Vec<Word>,
}

/// `NAME=value` before a command or given to `env`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub value: Word,
    pub span: Span,
}

/// A redirection on a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The operator: `>`, `>>`, `<`, `&>`, `>&`, `>|`, `<>` …
    pub op: String,
    pub fd: Option<u32>,
    pub target: Word,
}

/// A heredoc (`<<EOF`) or here-string (`<<<`) feeding a command's standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The text the command reads (the heredoc body, the here-string's value).
    pub text: String,
    /// Maps offsets of `text` to the parsed snippet.
    pub map: OffsetMap,
    pub span: Span,
    /// True for a heredoc with a quoted delimiter or a literal here-string: no expansions inside.
    pub literal: bool,
    /// False when the text holds expansions whose values are unknown; for a heredoc `text`
    /// is then the body as written (`$DIR` and all).
    pub is_static: bool,
    /// A heredoc (`<<EOF`), as opposed to a here-string (`<<<`).
    pub heredoc: bool,
}

/// Where a command sits in the script's control flow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// `set -e` was in effect.
    pub errexit: bool,
    /// `set -u` was in effect.
    pub nounset: bool,
    /// The command runs as (part of) a condition: `if`, `while`, the left side of `&&`/`||`.
    pub in_condition: bool,
    /// Inside `$( … )`, backticks or `<( … )`.
    pub in_substitution: bool,
    /// Inside `( … )`: a `cd` there does not move the commands after it.
    pub in_subshell: bool,
    /// Inside the body of a function definition (at its definition, not a call).
    pub in_function: Option<String>,
    /// Expanded at a call of this function (the span is the call's).
    pub via_call: Option<String>,
    /// Run in the background (`&`).
    pub background: bool,
    /// Ids of the guards (conditions) that must hold for this command to run, with the branch.
    pub guards: Vec<GuardRef>,
}

/// A condition guarding a command, with the branch the command is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuardRef {
    pub guard: usize,
    /// True when the command runs if the condition succeeds (`then`, right of `&&`).
    pub when_true: bool,
}

/// How a command's options are spelled. The PowerShell and cmd.exe front ends normalize their
/// parameters so that the rules and the analyses read them like long and short options: a cmdlet
/// parameter `-Recurse` (any prefix or alias PowerShell accepts) is `--Recurse`, `-Confirm:$false`
/// is `--Confirm=false`; a cmd.exe switch `/s` is `-s`, `/MIR` is `--mir`, `/w:C:\` is `--w=C:\`.
/// The dialect says how to show them again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// A POSIX shell's command, or a native program run from PowerShell: words as written.
    #[default]
    Posix,
    /// A PowerShell cmdlet or function: parameters normalized to `--Name` (canonical spelling
    /// where the cmdlet is known), a switch's value glued with `=`, a valued parameter's value the
    /// next word; compared without case.
    Cmdlet,
    /// A cmd.exe command or a Windows tool: `/x` switches normalized to `-x` and `/xy` to `--xy`
    /// (lowercase), a switch's `:value` glued with `=`.
    Cmd,
}

impl Dialect {
    /// A normalized option as the user wrote it: `--Recurse` → `-Recurse`, `--Confirm=false` →
    /// `-Confirm:false`; `-s` → `/s`, `--mir` → `/mir`, `--w=C:` → `/w:C:`.
    pub fn show(self, word: &str) -> String {
        let long = word.strip_prefix("--").filter(|l| !l.is_empty());
        match self {
            Dialect::Posix => word.to_owned(),
            Dialect::Cmdlet => match long {
                Some(l) => format!("-{}", l.replacen('=', ":", 1)),
                None => word.to_owned(),
            },
            Dialect::Cmd => match long.or_else(|| word.strip_prefix('-').filter(|s| s.len() == 1)) {
                Some(l) => format!("/{}", l.replacen('=', ":", 1)),
                None => word.to_owned(),
            },
        }
    }

    /// Whether option names are compared without case (PowerShell's and cmd.exe's are).
    pub fn ignores_case(self) -> bool {
        self != Dialect::Posix
    }
}

/// A simple command after normalization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The whole command, with wrappers and assignments (for a function call expansion, the call).
    pub span: Span,
    /// The command word after peeling wrappers.
    pub name: Word,
    /// The normalized program name (`/bin/rm` → `rm`), when static.
    pub program: Option<String>,
    /// The arguments after the command word.
    pub args: Vec<Word>,
    /// Wrappers peeled off, outermost first.
    pub wrappers: Vec<Wrapper>,
    /// Leading `NAME=value` and `env NAME=value` assignments.
    pub assignments: Vec<Assignment>,
    pub redirects: Vec<Redirect>,
    /// Heredoc or here-string input.
    pub stdin: Option<Input>,
    /// Index of the command whose output is piped into this one.
    pub piped_from: Option<usize>,
    pub context: Context,
    /// How its options are spelled (see [`Dialect`]).
    pub dialect: Dialect,
}

impl Command {
    /// The static values of the arguments (`None` for dynamic ones).
    pub fn arg_values(&self) -> Vec<Option<String>> {
        self.args.iter().map(Word::value).collect()
    }

    /// The command word (as written, quotes removed) and arguments, for messages.
    pub fn display(&self) -> String {
        let mut out = self.name.value().unwrap_or_else(|| self.name.display());
        for a in &self.args {
            out.push(' ');
            let d = self.dialect.show(&a.display());
            if d.is_empty() || d.contains(char::is_whitespace) {
                out.push('\'');
                out.push_str(&d);
                out.push('\'');
            } else {
                out.push_str(&d);
            }
        }
        out
    }

    pub fn has_wrapper(&self, name: &str) -> bool {
        self.wrappers.iter().any(|w| w.name == name)
    }

    /// The assignment of `name` on this command (prefix or `env`), if any.
    pub fn assignment(&self, name: &str) -> Option<&Assignment> {
        self.assignments.iter().find(|a| a.name == name)
    }
}

/// A condition that guards commands: the commands it runs and, for `[[ … ]]`/`[ … ]`, its words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Guard {
    pub span: Span,
    /// Indexes of the commands run to evaluate the condition.
    pub commands: Vec<usize>,
    /// The words of test expressions (`[[ "$ctx" != "kind-dev" ]]`).
    pub test_words: Vec<Word>,
    /// The branch that leaves the script (`exit`/`return` run when the condition is
    /// true/false), making this guard dominate everything after it in the same block.
    pub exits_when: Option<bool>,
}

/// An assignment statement of the script (`X=1`, `export X=1`, `local X=1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptAssignment {
    pub name: String,
    pub value: Word,
    pub span: Span,
    pub exported: bool,
}

/// A parsed script.
#[derive(Clone, Debug, Default)]
pub struct Script {
    pub commands: Vec<Command>,
    pub guards: Vec<Guard>,
    /// Assignment statements in script order.
    pub assignments: Vec<ScriptAssignment>,
    /// Regions tree-sitter could not parse (ERROR or MISSING nodes).
    pub errors: Vec<Span>,
    /// True when the parse produced nothing usable (the whole input is an error).
    pub unusable: bool,
    /// The nesting limit was hit and part of the script was not analysed.
    pub truncated: Option<Span>,
    /// The first call of a function not followed into its body: the budget for following
    /// calls (twice the size of the script) was spent.
    pub calls_not_followed: Option<Span>,
    /// Other bounds the walk hit (inlined values, function call expansions): where, and what
    /// was not followed there; one entry per kind.
    pub limits: Vec<(Span, &'static str)>,
    /// The spans of `<( … )` and `>( … )` (a file whose content is their commands' output).
    pub process_substitutions: Vec<Span>,
    /// Comments (without `#`), in order: they often say what the script is for.
    pub comments: Vec<(String, Span)>,
    /// Variables assigned by `read` (answers typed by a person), with where.
    pub read_vars: Vec<(String, Span)>,
}
