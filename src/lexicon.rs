//! The verb lexicon: the net under the packs. A command line of a program no rule covers, an
//! agent's tool call, an SDK method call or a JSON API action says in its own words whether it
//! destroys data: a destructive verb (`delete`, `drop`, `wipe` …) acting on a data-bearing noun
//! (`volume`, `database`, `bucket` …), perhaps with an amplifier (`--force`, `--yes`, `--all`).
//! The words are data (`[lexicon]` in `rules/lexicon.toml`, extensible by packs); this module
//! splits command words into tokens and grades what it finds (see `docs/architecture.md`).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::finding::Severity;
use crate::rules::schema::{LexiconSpec, ProgramSpec};
use crate::shell::Command;

/// What a token is to the lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Destroys whatever it acts on (`destroy`, `wipe`).
    Strong,
    /// Destroys what it acts on (`delete`, `rm`).
    Verb,
    /// Reads (`list`, `describe`).
    Read,
    /// Holds data (`volume`, `db`).
    Data,
    /// Holds no data of its own (`package`, `cache`).
    Benign,
    /// Makes what a verb tears down (`create`, `setup`).
    Make,
    /// None of the lexicon's words.
    Other,
}

/// The compiled lexicon.
#[derive(Debug, Default)]
pub struct Lexicon {
    class: FxHashMap<String, Class>,
    compounds: FxHashMap<String, Vec<String>>,
    ignored: FxHashSet<String>,
    /// Verbs, longest first, for splitting words run together (`dropdb`, `deletevolume`).
    verb_prefixes: Vec<String>,
    amplifiers: FxHashSet<String>,
    dry_run: FxHashSet<String>,
    benign_programs: FxHashSet<String>,
}

/// How a command, call or action reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub severity: Severity,
    /// The destructive verb, as its token.
    pub verb: String,
    /// The noun it acts on, when one says what.
    pub noun: Option<String>,
    /// The amplifier, as written without dashes.
    pub amplifier: Option<String>,
    /// Whether the verb destroys whatever it touches (`destroy`, `wipe`).
    pub strong: bool,
    /// The argument word that holds the verb (an index into the command's arguments), when it
    /// is not the command word.
    pub verb_arg: Option<usize>,
}

impl Verdict {
    /// One line for the finding: what the words say.
    pub fn describe(&self) -> String {
        let mut out = match (&self.noun, self.strong) {
            (Some(n), _) => format!(
                "its words `{}` and `{n}` say it destroys something that holds data",
                self.verb
            ),
            (None, true) => format!("its word `{}` says it destroys what it acts on", self.verb),
            (None, false) => format!("its word `{}` says it deletes something", self.verb),
        };
        if let Some(a) = &self.amplifier {
            let dashes = if a.len() == 1 { "-" } else { "--" };
            out.push_str(&format!(", and `{dashes}{a}` removes the last safety net"));
        }
        out.push_str(" (no rule covers this operation; the verb lexicon read it)");
        out
    }
}

/// What the caller knows about the command.
#[derive(Clone, Copy, Debug, Default)]
pub struct Subject<'a> {
    /// The program's argument syntax, when a pack declares it.
    pub spec: Option<&'a ProgramSpec>,
    /// A pack has rules for other subcommands of the program: a verb that says nothing about
    /// data is not reported.
    pub known: bool,
    /// A call rebuilt as a command line: the command word is the action's name (a tool call's
    /// `drop_database`), not a program.
    pub action: bool,
}

/// The weak verbs that make an option an operation (`--drop-database`); `--rm-partitions` or
/// `--remove-files` more often detach or tidy up than destroy.
const OPTION_VERBS: &[&str] = &["drop", "delete", "destroy", "truncate"];

/// Positional words read for the subcommand path.
const MAX_PATH: usize = 4;

impl Lexicon {
    pub fn new(spec: &LexiconSpec) -> Lexicon {
        let mut class = FxHashMap::default();
        // later lists win: a word that is a noun and a read verb (`dump`) is read as the noun
        for (words, c) in [
            (&spec.make_verbs, Class::Make),
            (&spec.read_verbs, Class::Read),
            (&spec.benign_nouns, Class::Benign),
            (&spec.nouns, Class::Data),
            (&spec.verbs, Class::Verb),
            (&spec.strong_verbs, Class::Strong),
        ] {
            for w in words {
                class.insert(w.clone(), c);
            }
        }
        let mut verb_prefixes: Vec<String> = spec
            .verbs
            .iter()
            .chain(&spec.strong_verbs)
            .chain(&spec.make_verbs)
            .cloned()
            .collect();
        verb_prefixes.sort_by_key(|v| std::cmp::Reverse(v.len()));
        Lexicon {
            class,
            compounds: spec
                .compounds
                .iter()
                .map(|(k, v)| (k.clone(), v.split(' ').map(str::to_owned).collect()))
                .collect(),
            ignored: spec.ignored.iter().cloned().collect(),
            verb_prefixes,
            amplifiers: spec.amplifiers.iter().cloned().collect(),
            dry_run: spec.dry_run.iter().cloned().collect(),
            benign_programs: spec.benign_programs.iter().cloned().collect(),
        }
    }

    /// Whether the program's verbs act on nothing that holds data (a package manager).
    pub fn is_benign_program(&self, program: &str) -> bool {
        self.benign_programs.contains(program)
    }

    /// Whether `cmd` tears down what `made` made: `made` has a make verb (`sqlx db setup`,
    /// `createdb t`, `docker volume create v`), `cmd` a destructive one (`sqlx db drop -y`,
    /// `dropdb t`, `docker volume rm v`), and the rest of their words (program, nouns, names;
    /// options aside) are the same.
    pub fn tears_down(&self, made: &Command, cmd: &Command) -> bool {
        let (Some((makes, _, object)), Some((_, destroys, target))) = (self.object(made), self.object(cmd)) else {
            return false;
        };
        makes && destroys && object == target
    }

    /// The words of a command other than its options, verbs and make verbs, with whether it had
    /// a make verb and a destructive verb; `None` when a word is only known at run time.
    fn object(&self, cmd: &Command) -> Option<(bool, bool, Vec<String>)> {
        let (mut makes, mut destroys, mut rest) = (false, false, Vec::new());
        let program = cmd.program.as_deref()?;
        let words = std::iter::once(Some(program.to_owned())).chain(cmd.args.iter().map(|w| w.value()));
        for w in words {
            let w = w?;
            if w.starts_with('-') {
                continue;
            }
            for (class, t) in self.tokens(&w) {
                match class {
                    Class::Make => makes = true,
                    Class::Verb | Class::Strong => destroys = true,
                    _ => rest.push(t),
                }
            }
        }
        (!rest.is_empty()).then_some((makes, destroys, rest))
    }

    /// The class of one lowercase token, read as its singular when the plural is not listed.
    fn classify(&self, t: &str) -> Option<(Class, String)> {
        if let Some(&c) = self.class.get(t) {
            return Some((c, t.to_owned()));
        }
        let singulars = [
            t.strip_suffix("ies").map(|s| format!("{s}y")),
            t.strip_suffix("es").map(str::to_owned),
            t.strip_suffix('s').map(str::to_owned),
        ];
        singulars
            .into_iter()
            .flatten()
            .filter(|s| s.len() > 1)
            .find_map(|s| self.class.get(&s).map(|&c| (c, s)))
    }

    /// The classified tokens of a word (`doctrine:database:drop` → database (data), drop (verb)),
    /// with compounds (`rb`) and verbs run together with a noun (`dropdb`) taken apart.
    fn tokens(&self, word: &str) -> Vec<(Class, String)> {
        let mut out = Vec::new();
        for t in split(word) {
            if self.ignored.contains(&t) {
                continue;
            }
            if let Some(parts) = self.compounds.get(&t) {
                out.extend(
                    parts
                        .iter()
                        .map(|p| self.classify(p).unwrap_or((Class::Other, p.clone()))),
                );
                continue;
            }
            if let Some(c) = self.classify(&t) {
                out.push(c);
                continue;
            }
            // `dropdb`, `deletevolume`, `createdb`: a verb followed by a noun
            let joined = self.verb_prefixes.iter().find_map(|v| {
                let rest = t.strip_prefix(v.as_str())?;
                let n = self
                    .classify(rest)
                    .filter(|n| matches!(n.0, Class::Data | Class::Benign))?;
                Some([self.classify(v)?, n])
            });
            match joined {
                Some(pair) => out.extend(pair),
                None => out.push((Class::Other, t)),
            }
        }
        out
    }

    /// Grades a command line (or a call rebuilt as one).
    pub fn grade(&self, cmd: &Command, subject: Subject) -> Option<Verdict> {
        let program = cmd.program.as_deref()?;
        // `_filedir`, `__git_complete`: a shell function (of bash-completion, by convention)
        if !subject.action && program.starts_with('_') {
            return None;
        }
        if !subject.action
            && !program
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        {
            return None;
        }
        // a program that runs code it is given (`parallel rm …`, `psql -c …`): that code is
        // analysed as what it is
        if !subject.action
            && (self.benign_programs.contains(program)
                || subject.spec.is_some_and(|s| {
                    s.never_runs_arguments || s.embeds.iter().any(|e| e.argv_from.is_some() || e.args_from.is_some())
                }))
        {
            return None;
        }
        let cmdlet = cmd.dialect == crate::shell::Dialect::Cmdlet;
        // PowerShell's `Format-*` cmdlets lay out output (`Format-Table`); `Format-Volume`, the
        // one that erases, has its pack rule
        if cmdlet && program.get(..7).is_some_and(|v| v.eq_ignore_ascii_case("format-")) {
            return None;
        }
        let valued = |n: &str| {
            subject.spec.is_some_and(|s| s.valued.iter().any(|v| v == n))
                || (cmdlet && !crate::shell::powershell::is_switch(program, n))
        };
        // options anywhere: amplifiers, dry runs, nouns they name (`--volume ID`), and (for
        // programs no pack knows) options that are a verb and its object (`--drop-database`)
        let mut options: Vec<String> = Vec::new();
        // positional words: (argument index, value)
        let mut words: Vec<(usize, String)> = Vec::new();
        let mut pending_value = false;
        let mut kind_values: Vec<String> = Vec::new();
        let mut skip_next = false;
        let mut ended = false;
        let mut options_done = false;
        let mut script_skipped = false;
        for (i, w) in cmd.args.iter().enumerate() {
            if skip_next {
                skip_next = false;
                continue;
            }
            let Some(v) = w.value() else {
                // a word only known at run time ends the subcommand path
                ended = true;
                pending_value = false;
                continue;
            };
            if v == "--" {
                ended = true;
                options_done = true;
                continue;
            }
            if v.len() > 1 && v.starts_with('-') && !options_done {
                let body = v.trim_start_matches('-');
                let (name, glued) = match body.split_once('=') {
                    Some((n, _)) => (n, true),
                    None => (body, false),
                };
                if cmdlet && name.eq_ignore_ascii_case("confirm") {
                    // PowerShell's `-Confirm` asks; `-Confirm:$false` skips the prompt
                    let off = body
                        .split_once('=')
                        .is_some_and(|(_, v)| v.eq_ignore_ascii_case("false"));
                    options.push(if off { "no-confirm" } else { "confirm-prompt" }.to_owned());
                } else if v.starts_with("--") || subject.spec.is_some_and(|s| s.single_dash_long) || name.len() == 1 {
                    options.push(option_name(name));
                } else {
                    // `-rf`: each letter an option
                    options.extend(name.chars().map(String::from));
                }
                // an action's `--resourceType=namespace`, `--kind=Database`: what it acts on
                if subject.action
                    && let Some((_, value)) = body.split_once('=')
                    && is_kind_key(name)
                {
                    kind_values.push(value.to_owned());
                }
                skip_next = !glued && valued(name);
                pending_value = !glued && !skip_next;
                continue;
            }
            // `php bin/console …`, `python manage.py …`: the script is the program
            if words.is_empty() && !script_skipped && is_script_path(&v) {
                script_skipped = true;
                continue;
            }
            if ended || words.len() >= MAX_PATH || !word_like(&v) {
                ended = true;
                pending_value = false;
                continue;
            }
            // the word after an option that may take a value: its value unless it is a word of
            // the lexicon (`--project acme delete volume`)
            if std::mem::take(&mut pending_value) && self.tokens(&v).iter().all(|t| t.0 == Class::Other) {
                continue;
            }
            words.push((i, v));
        }
        if options.iter().any(|o| self.dry_run.contains(o.as_str())) {
            return None;
        }
        // the verb: in the command word of an action, else the first word of the path that
        // has a verb (a path that starts by reading reads)
        let name_tokens = self.tokens(program);
        let mut verb: Option<VerbWord> = None;
        // a PowerShell cmdlet's name is its action (`Remove-AzSqlDatabase`)
        if (subject.action || cmdlet)
            && let Some(v) = first_verb(&name_tokens)
        {
            verb = Some(VerbWord(v.0, v.1.clone(), None, name_tokens.clone()));
        }
        let mut before: Vec<(Class, String)> = Vec::new();
        let mut object: Option<Vec<(Class, String)>> = None;
        if verb.is_none() {
            for (k, (i, w)) in words.iter().enumerate() {
                let toks = self.tokens(w);
                if toks.iter().any(|t| t.0 == Class::Read) && first_verb(&toks).is_none() {
                    return None;
                }
                if let Some(v) = first_verb(&toks) {
                    verb = Some(VerbWord(v.0, v.1.clone(), Some(*i), toks.clone()));
                    // the object: the next word, when it is one noun (`delete volume NAME`;
                    // `delete vol-data` names something)
                    object = words
                        .get(k + 1)
                        .map(|(_, o)| self.tokens(o))
                        .filter(|o| o.len() == 1 && matches!(o[0].0, Class::Data | Class::Benign));
                    break;
                }
                before.extend(toks);
            }
        }
        let option_tokens: Vec<(String, Vec<(Class, String)>)> = options
            .iter()
            .filter(|o| o.len() > 1 && !self.amplifiers.contains(o.as_str()))
            .map(|o| (o.clone(), self.tokens(o)))
            .collect();
        let mut verb_option: Option<&str> = None;
        if verb.is_none() && !subject.known {
            // `--drop-database`, `--wipe-data`: an option that is a verb with its object
            for (o, toks) in &option_tokens {
                if let Some(v) = first_verb(toks)
                    && (v.0 == Class::Strong || OPTION_VERBS.contains(&v.1.as_str()))
                    && toks.iter().any(|t| t.0 == Class::Data)
                {
                    verb = Some(VerbWord(v.0, v.1.clone(), None, toks.clone()));
                    verb_option = Some(o);
                    break;
                }
            }
        }
        let VerbWord(class, verb_word, verb_arg, verb_tokens) = verb?;
        let nouns = |toks: &[(Class, String)]| -> Option<(Class, String)> {
            toks.iter()
                .rev()
                .find(|t| matches!(t.0, Class::Data | Class::Benign))
                .cloned()
        };
        // the noun it acts on: the head of the verb's own word (`delete-db-instance`: instance;
        // `delete-bucket-policy`: policy, which is no noun of the lexicon, so nothing else is
        // looked at), else the object word, the path before it, the options, the program's name
        let head = match own_head(&verb_tokens) {
            Head::Noun(n) => Some(n),
            // the word names something the lexicon does not know (`remove_item`,
            // `windfarm_rm31`): nothing says it holds data
            Head::Unknown if !strong_class(&verb_tokens) => return None,
            Head::Unknown => None,
            Head::None => object
                .as_deref()
                .and_then(nouns)
                .or_else(|| nouns(&before))
                .or_else(|| {
                    option_tokens
                        .iter()
                        .filter(|(o, _)| Some(o.as_str()) != verb_option)
                        .find_map(|(_, t)| t.iter().find(|t| t.0 == Class::Data).cloned())
                })
                .or_else(|| {
                    if subject.action {
                        kind_values
                            .iter()
                            .find_map(|v| self.tokens(v).into_iter().find(|t| t.0 == Class::Data))
                    } else {
                        nouns(&name_tokens)
                    }
                }),
        };
        let amplifier = options
            .iter()
            .find(|o| self.amplifiers.contains(o.as_str()) && Some(o.as_str()) != verb_option)
            .cloned();
        let strong = class == Class::Strong;
        let severity = match &head {
            Some((Class::Benign, _)) => return None,
            Some(_) => Severity::Warning,
            None if strong => Severity::Warning,
            None if subject.known => return None,
            None => Severity::Info,
        };
        let severity = if severity == Severity::Warning && amplifier.is_some() {
            Severity::Error
        } else {
            severity
        };
        Some(Verdict {
            severity,
            verb: verb_word,
            noun: head.map(|h| h.1),
            amplifier,
            strong,
            verb_arg,
        })
    }

    /// Grades an action given by name (a JSON body's `"action": "destroy_environment"`), with
    /// the names of the options set beside it.
    pub fn grade_name(&self, name: &str, options: &[&str]) -> Option<Verdict> {
        let toks = self.tokens(name);
        let (class, verb) = first_verb(&toks)?;
        let head = match own_head(&toks) {
            Head::Noun(n) => Some(n),
            Head::Unknown if class != Class::Strong => return None,
            _ => None,
        };
        let amplifier = options
            .iter()
            .find(|o| self.amplifiers.contains(**o))
            .map(|o| (*o).to_owned());
        let strong = class == Class::Strong;
        let severity = match &head {
            Some((Class::Benign, _)) => return None,
            Some(_) => Severity::Warning,
            None if strong => Severity::Warning,
            None => Severity::Info,
        };
        Some(Verdict {
            severity: if severity == Severity::Warning && amplifier.is_some() {
                Severity::Error
            } else {
                severity
            },
            verb: verb.clone(),
            noun: head.map(|h| h.1),
            amplifier,
            strong,
            verb_arg: None,
        })
    }
}

/// The word holding the verb: its class, the verb, the argument it is (none: the command word
/// or an option) and the word's tokens.
struct VerbWord(Class, String, Option<usize>, Vec<(Class, String)>);

/// The noun a word's verb acts on, by the word alone.
enum Head {
    /// A noun of the lexicon.
    Noun((Class, String)),
    /// A word the lexicon does not know (`delete-bucket-policy`).
    Unknown,
    /// The word is only the verb.
    None,
}

/// The head of a word holding a verb: its last token after the verb (`delete-db-instance`),
/// else the last noun before it (`volumeDelete`).
fn own_head(toks: &[(Class, String)]) -> Head {
    let Some(at) = toks.iter().position(|t| matches!(t.0, Class::Strong | Class::Verb)) else {
        return Head::None;
    };
    if let Some(last) = toks[at + 1..].last() {
        return match last.0 {
            Class::Data | Class::Benign => Head::Noun(last.clone()),
            _ => Head::Unknown,
        };
    }
    match toks[..at]
        .iter()
        .rev()
        .find(|t| matches!(t.0, Class::Data | Class::Benign))
    {
        Some(n) => Head::Noun(n.clone()),
        // `password-reset`, `cache_flush`: the word names what it acts on, and the lexicon does
        // not know it
        None if toks[..at]
            .iter()
            .any(|t| t.0 == Class::Other && !AMPLIFIER_WORDS.contains(&t.1.as_str())) =>
        {
            Head::Unknown
        }
        None => Head::None,
    }
}

/// Whether an action's option names the kind of object it acts on (`resourceType`, `kind`,
/// `object_type`, `resource`).
fn is_kind_key(name: &str) -> bool {
    let k: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    k == "kind" || k == "type" || k == "resource" || k.ends_with("type") || k.ends_with("kind")
}

/// Words before a verb in one word that say how, not what (`force-delete`, `hard_reset`), or
/// name the tool rather than the object (`mcp__kubernetes__kubectl_delete`).
const AMPLIFIER_WORDS: &[&str] = &[
    "force",
    "hard",
    "permanent",
    "permanently",
    "soft",
    "batch",
    "bulk",
    "mass",
    "do",
    "run",
    "cmd",
    "exec",
    // an MCP tool's `mcp__SERVER__` prefix and the CLI a tool wraps
    "mcp",
    "kubectl",
    "kubernetes",
    "k8s",
    "helm",
    "aws",
    "gcloud",
    "az",
    "terraform",
    "docker",
    "podman",
];

/// Whether the word's verb destroys whatever it touches.
fn strong_class(toks: &[(Class, String)]) -> bool {
    first_verb(toks).is_some_and(|v| v.0 == Class::Strong)
}

/// The first destructive verb among the tokens, unless a read verb comes before it
/// (`get-delete-policy`).
fn first_verb(toks: &[(Class, String)]) -> Option<(Class, &String)> {
    for t in toks {
        match t.0 {
            Class::Read => return None,
            Class::Strong | Class::Verb => return Some((t.0, &t.1)),
            _ => {}
        }
    }
    None
}

/// An option's name as the lexicon lists it: `skipFinalSnapshot`, `skip_final_snapshot` →
/// `skip-final-snapshot` (one letter stays as it is: `-R`).
fn option_name(name: &str) -> String {
    if name.chars().count() == 1 {
        return name.to_owned();
    }
    split(name).join("-")
}

/// A script an interpreter runs (`bin/console`, `manage.py`), the program of the words after it.
fn is_script_path(w: &str) -> bool {
    let ext = w.rsplit_once('.').map(|(_, e)| e);
    (w.contains('/') && !w.contains("://"))
        || matches!(
            ext,
            Some("py" | "php" | "rb" | "js" | "mjs" | "cjs" | "ts" | "pl" | "sh" | "bash")
        )
}

/// A word that can be a subcommand (not a path, URL, assignment, number or ID).
fn word_like(w: &str) -> bool {
    w.len() <= 64
        && w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        && !crate::analysis::is_opaque_id(w)
}

/// Splits a word into lowercase tokens at `-`, `_`, `:`, `.`, `/`, spaces and camelCase humps
/// (`DeleteDBInstance` → delete, db, instance).
pub fn split(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in word.split(|c: char| !c.is_ascii_alphanumeric()) {
        if part.is_empty() {
            continue;
        }
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (p, c) = (chars[i - 1], chars[i]);
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            // `deleteVolume` | `DBInstance` (an acronym before a capitalized word)
            if (p.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (p.is_ascii_uppercase() && c.is_ascii_uppercase() && next_lower)
                || (p.is_ascii_alphabetic() && c.is_ascii_digit())
            {
                out.push(chars[start..i].iter().collect::<String>().to_ascii_lowercase());
                start = i;
            }
        }
        out.push(chars[start..].iter().collect::<String>().to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn grade(line: &str) -> Option<Verdict> {
        grade_as(line, false)
    }

    fn grade_as(line: &str, action: bool) -> Option<Verdict> {
        let rules = RuleSet::builtin().unwrap();
        let script = crate::shell::parse(line);
        let cmd = script.commands.last().unwrap();
        let program = cmd.program.as_deref().unwrap();
        rules.lexicon().grade(
            cmd,
            Subject {
                spec: rules.program(program),
                known: !action && rules.knows_program(program),
                action,
            },
        )
    }

    fn severity(line: &str) -> Option<Severity> {
        grade(line).map(|v| v.severity)
    }

    #[test]
    fn splits_words_into_tokens() {
        assert_eq!(split("doctrine:database:drop"), ["doctrine", "database", "drop"]);
        assert_eq!(split("DeleteDBInstance"), ["delete", "db", "instance"]);
        assert_eq!(split("delete-objects"), ["delete", "objects"]);
        assert_eq!(split("ecto.drop"), ["ecto", "drop"]);
        assert_eq!(split("volumeDelete"), ["volume", "delete"]);
        assert_eq!(split("s3"), ["s", "3"]);
    }

    #[test]
    fn verbs_on_data_are_warnings_and_amplified_errors() {
        assert_eq!(severity("acmectl volume delete vol-data"), Some(Severity::Warning));
        assert_eq!(severity("acmectl volume delete vol-data --yes"), Some(Severity::Error));
        assert_eq!(severity("acmectl delete-volumes -f x"), Some(Severity::Error));
        assert_eq!(
            severity("acmectl --project acme delete database main"),
            Some(Severity::Warning)
        );
        assert_eq!(severity("acmectl DeleteBucket --bucket b"), Some(Severity::Warning));
        assert_eq!(severity("acmectl dropdb main"), Some(Severity::Warning));
        assert_eq!(severity("acmectl rb s3://x"), Some(Severity::Warning));
        assert_eq!(severity("acme-task ecto.reset"), Some(Severity::Warning));
        assert_eq!(
            severity("php bin/acme-console orm:database:drop --force"),
            Some(Severity::Error)
        );
        assert_eq!(severity("acmectl remove --volume v1"), Some(Severity::Warning));
        let v = grade("acmectl databases rm db1 --cascade").unwrap();
        assert_eq!((v.verb.as_str(), v.noun.as_deref()), ("rm", Some("database")));
        assert_eq!(v.severity, Severity::Error);
    }

    #[test]
    fn strong_verbs_alone_and_weak_verbs_alone() {
        assert_eq!(severity("stackctl destroy"), Some(Severity::Warning));
        assert_eq!(severity("stackctl destroy -f"), Some(Severity::Error));
        assert_eq!(severity("acmectl delete thing-1"), Some(Severity::Info));
        assert_eq!(severity("acmectl --config x.yml wipe"), Some(Severity::Warning));
    }

    #[test]
    fn quiet_on_benign_nouns_programs_reads_and_dry_runs() {
        for line in [
            "acmectl volume list",
            "acmectl show delete-protection",
            "acmectl get deletion-policy",
            "acmectl delete-cache",
            "acmectl image rm web:1",
            "acmectl branch delete feature-x",
            "acmectl volume delete v --dry-run",
            "npm uninstall left-pad",
            "brew remove wget",
            "apt-get purge -y nginx",
            "cargo clean",
            "acmectl status",
            "acmectl deploy --delete-old",
            "echo delete database now",
            "acmectl ./delete/volume",
        ] {
            assert_eq!(grade(line), None, "{line}");
        }
    }

    #[test]
    fn known_programs_report_only_data() {
        // a pack knows git: its other subcommands were judged there
        assert_eq!(grade("git rm notes.txt"), None);
        assert_eq!(grade("git stash drop"), None);
    }

    #[test]
    fn actions_read_their_own_name() {
        let v = grade_as("drop_database --name main", true).unwrap();
        assert_eq!((v.verb.as_str(), v.noun.as_deref()), ("drop", Some("database")));
        assert_eq!(v.severity, Severity::Warning);
        assert_eq!(
            grade_as("remove_volume --volumeId vol_1 --force", true).map(|v| v.severity),
            Some(Severity::Error)
        );
        assert_eq!(grade_as("list_volumes --all", true), None);
        assert_eq!(
            grade_as("deleteBucket '--bucket'='uploads' '--deleteContents'", true).map(|v| v.severity),
            Some(Severity::Error)
        );
        assert_eq!(grade_as("'delete_volume' '--volume'='pg-data' '--dryRun'", true), None);
        assert_eq!(grade_as("delete_comment --id 3", true), None);
        assert_eq!(grade_as("deleteThing --id 3", true), None);
        assert_eq!(
            grade_as("delete --id 3", true).map(|v| v.severity),
            Some(Severity::Info)
        );
        assert_eq!(
            grade_as("DeleteTableCommand --TableName orders", true).map(|v| v.severity),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn mcp_tools_read_past_their_server_and_cli() {
        assert_eq!(
            grade_as(
                "mcp__kubernetes__kubectl_delete --resourceType=namespace --name=prod",
                true
            )
            .map(|v| v.severity),
            Some(Severity::Warning)
        );
        assert_eq!(
            grade_as("mcp__kubernetes__kubectl_get --resourceType=namespace", true),
            None
        );
        assert_eq!(grade_as("mcp__foo__thing_delete --id=1", true), None);
        assert_eq!(
            grade_as("mcp__db__delete --kind=Database --name=prod", true).map(|v| v.severity),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn user_packs_add_words() {
        let mut b = crate::rules::RuleSetBuilder::with_builtin().unwrap();
        let pack = "[pack]\nfamily = \"acme\"\ndescription = \"x\"\n[lexicon]\nnouns = [\"ledger\"]\nbenign_programs = [\"acmectl\"]\n";
        b.add("acme.toml", pack.into(), crate::rules::Origin::User("acme.toml".into()))
            .unwrap();
        let rules = b.build().unwrap();
        let l = rules.lexicon();
        assert_eq!(
            l.grade_name("delete_ledger", &[]).map(|v| v.severity),
            Some(Severity::Warning)
        );
        assert!(l.is_benign_program("acmectl"));
        let bad = "[pack]\nfamily = \"acme\"\ndescription = \"x\"\n[lexicon]\nnouns = [\"Big Ledger\"]\n";
        let mut b = crate::rules::RuleSetBuilder::with_builtin().unwrap();
        let err = b
            .add("bad.toml", bad.into(), crate::rules::Origin::User("bad.toml".into()))
            .unwrap_err();
        assert!(err.to_string().contains("lexicon"), "{err}");
    }

    #[test]
    fn names_of_api_actions() {
        let rules = RuleSet::builtin().unwrap();
        let l = rules.lexicon();
        assert_eq!(
            l.grade_name("destroy_environment", &[]).map(|v| v.severity),
            Some(Severity::Warning)
        );
        assert_eq!(
            l.grade_name("deleteBackup", &["force"]).map(|v| v.severity),
            Some(Severity::Error)
        );
        assert_eq!(l.grade_name("create_environment", &[]), None);
        assert_eq!(l.grade_name("purge_cache", &[]), None);
    }
}
