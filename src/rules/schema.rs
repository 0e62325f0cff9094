//! The rule-pack file format (`rules/*.toml`). These serde structs are the single definition of
//! the format: the loader, the JSON Schema in `docs/` and the generated rule reference all come
//! from them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::levels::{Category, ContextSource, Lookup, Severity};

/// One rule pack: a family of rules and the argument syntax of the programs they read.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// What the pack covers.
    pub pack: PackInfo,
    /// How programs read their arguments, by program name.
    #[serde(default)]
    pub programs: BTreeMap<String, ProgramSpec>,
    /// The rules.
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
    /// Words of the verb lexicon (merged across packs): how a command line of a program no rule
    /// covers says that it destroys data.
    #[serde(default)]
    pub lexicon: Option<LexiconSpec>,
}

/// The verb lexicon: the words by which any command line, tool call or API action names a
/// destructive operation, graded by the `destructive-verb` rule where no specific rule matched.
/// Words are lowercase tokens: a command word is split at `-`, `_`, `:`, `.`, `/` and camelCase
/// humps (`doctrine:database:drop` → doctrine, database, drop; `DeleteBucket` → delete, bucket),
/// and plurals are read as the singular.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    /// Verbs that destroy whatever they act on (`destroy`, `wipe`, `purge`): a warning even
    /// without a data-bearing noun.
    #[serde(default)]
    pub strong_verbs: Vec<String>,
    /// Verbs that destroy what they act on (`delete`, `remove`, `rm`, `drop`): a warning on a
    /// data-bearing noun, `info` on anything else.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Verbs that read (`list`, `get`, `describe`): a command whose path starts with one only
    /// reads, whatever words follow (`show delete-protection`).
    #[serde(default)]
    pub read_verbs: Vec<String>,
    /// Nouns of things that hold data (`volume`, `database`, `bucket`, `backup`).
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Nouns of things that hold no data of their own (`package`, `image`, `cache`, `branch`):
    /// a verb acting on one is quiet.
    #[serde(default)]
    pub benign_nouns: Vec<String>,
    /// Words that say nothing about the operation and are left out (`DeleteTableCommand`,
    /// `delete_bucket_async`, `DeleteItemRequest`).
    #[serde(default)]
    pub ignored: Vec<String>,
    /// Words that are a verb and a noun run together (`rb` = `remove bucket`, `dropdb`).
    #[serde(default)]
    pub compounds: BTreeMap<String, String>,
    /// Options, without dashes, that remove the last safety net (`force`, `yes`, `all`,
    /// `cascade`, `no-backup`): a warning becomes an error.
    #[serde(default)]
    pub amplifiers: Vec<String>,
    /// Options, without dashes, that make a command only show what it would do (`dry-run`).
    #[serde(default)]
    pub dry_run: Vec<String>,
    /// Programs whose verbs act on nothing that holds data: package managers, local build
    /// tools (`npm uninstall`, `brew remove`, `cargo clean`).
    #[serde(default)]
    pub benign_programs: Vec<String>,
    /// Verbs that make what a destructive verb later tears down (`create`, `setup`): `sqlx db
    /// setup … sqlx db drop` in one script drops what the script made.
    #[serde(default)]
    pub make_verbs: Vec<String>,
}

impl LexiconSpec {
    /// Adds another pack's words.
    pub fn merge(&mut self, o: &LexiconSpec) {
        self.strong_verbs.extend(o.strong_verbs.iter().cloned());
        self.verbs.extend(o.verbs.iter().cloned());
        self.read_verbs.extend(o.read_verbs.iter().cloned());
        self.nouns.extend(o.nouns.iter().cloned());
        self.benign_nouns.extend(o.benign_nouns.iter().cloned());
        self.ignored.extend(o.ignored.iter().cloned());
        self.compounds
            .extend(o.compounds.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.amplifiers.extend(o.amplifiers.iter().cloned());
        self.dry_run.extend(o.dry_run.iter().cloned());
        self.benign_programs.extend(o.benign_programs.iter().cloned());
        self.make_verbs.extend(o.make_verbs.iter().cloned());
    }
}

/// The lexicon of all the packs, merged.
pub fn merge_lexicons<'a>(packs: impl IntoIterator<Item = &'a PackFile>) -> LexiconSpec {
    let mut out = LexiconSpec::default();
    for p in packs {
        if let Some(l) = &p.lexicon {
            out.merge(l);
        }
    }
    out
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    /// The family name (`filesystem`, `git`, `graphql` …); rules are selected by it.
    pub family: String,
    /// One line about the pack.
    pub description: String,
}

/// The argument syntax of one program, so flags, option values and subcommands are told apart.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProgramSpec {
    /// Options that take a value, without dashes (`C`, `namespace`). A short one may have its
    /// value glued (`-XDELETE`); a long one may use `=` (`--request=DELETE`).
    #[serde(default)]
    pub valued: Vec<String>,
    /// Long options start with a single dash (`find -delete`, `terraform -auto-approve`).
    #[serde(default)]
    pub single_dash_long: bool,
    /// Options whose value is every word up to `;` or `+` (`find -exec rm {} +`).
    #[serde(default)]
    pub terminated: Vec<String>,
    /// Other names of the same program (`oc` for `kubectl`, `tofu` for `terraform`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How the program chooses what it acts on (for the environment analysis).
    #[serde(default)]
    pub target: Option<TargetSpec>,
    /// Code the program runs that is given as an argument, an option or its input
    /// (`bash -c '…'`, `psql -c '…'`, `curl -d '{"query": …}'`): followed and analysed.
    #[serde(default)]
    pub embeds: Vec<EmbedSpec>,
    /// It never runs its arguments as a command (they are text, patterns, package names):
    /// `grep rm -rf /` is not an unknown program wrapping `rm`.
    #[serde(default)]
    pub never_runs_arguments: bool,
    /// What it prints is shell code setting up the calling shell (`eval "$(ssh-agent -s)"`):
    /// `eval` of its output runs nothing unknown.
    #[serde(default)]
    pub prints_shell_setup: bool,
    /// Its own subcommands: any other first word names a package.json script it runs
    /// (`yarn wipe` runs the script `wipe`, `yarn add` does not).
    #[serde(default)]
    pub own_commands: Vec<String>,
}

impl ProgramSpec {
    /// Whether it only states facts about the program (the three fields above) and nothing that
    /// changes how its command lines are read: such a program does not make a function calling
    /// it worth following into.
    pub fn only_facts(&self) -> bool {
        self.valued.is_empty()
            && !self.single_dash_long
            && self.terminated.is_empty()
            && self.aliases.is_empty()
            && self.target.is_none()
            && self.embeds.is_empty()
    }
}

/// Where a program takes code to run, and in which language.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EmbedSpec {
    /// `shell`, `sql`, `graphql` (a document), `graphql-request` (an HTTP body: JSON with a
    /// `query`, a batch of them, or a raw document), or the code of another interpreter
    /// (`python`, `node`, `perl`, `ruby`, `awk`, `php`), read for the commands it runs.
    pub lang: EmbedLang,
    /// Only under this subcommand path (`["exec"]`, `["api", "graphql"]`); each step `a|b` alternatives,
    /// where `*` matches any run of characters (`["*", "cmd.run"]`: any target, then `cmd.run`).
    #[serde(default)]
    pub command: Vec<String>,
    /// The value of this option group is the code (`c`, `e|execute`, `d|data|data-raw`).
    #[serde(default)]
    pub option: Option<FlagGroup>,
    /// The positional argument at this index (after `command`) is the code.
    #[serde(default)]
    pub arg: Option<usize>,
    /// Every positional with `prefix` is code (`query=…` items of HTTPie).
    #[serde(default)]
    pub any_arg: bool,
    /// The positionals from this index on, joined with spaces, are the code (`ssh HOST cmd…`,
    /// `eval …`).
    #[serde(default)]
    pub args_from: Option<usize>,
    /// The words from this positional on form a command line (`docker exec C cmd…`,
    /// `kubectl exec POD -- cmd…`, `find -exec cmd… ;` with `option`).
    #[serde(default)]
    pub argv_from: Option<usize>,
    /// The program's standard input is code: a heredoc, a here-string, `< file` beside the
    /// script, or static text piped in (`echo …`, `printf …`, `base64 -d`).
    #[serde(default)]
    pub stdin: bool,
    /// The value must start with this, which is removed (`query=` for `gh api -f query=…`).
    #[serde(default)]
    pub prefix: Option<String>,
    /// Only the part of the value after the first occurrence of this is the code (`=` for
    /// `alias NAME='code'`); a value without it holds none.
    #[serde(default)]
    pub after: Option<String>,
    /// A value starting with this names a file holding the code (`@` for `curl -d @body.json`);
    /// `@-` means standard input. Files are read (never executed) relative to the script.
    #[serde(default)]
    pub file_prefix: Option<String>,
    /// The value is the path of a file holding the code (`psql -f x.sql`).
    #[serde(default)]
    pub file: bool,
    /// `key=value` values of this option group are GraphQL variables (`gh api -F id=…`).
    #[serde(default)]
    pub vars_option: Option<FlagGroup>,
    /// SQL dialect: `postgres`, `mysql`, `sqlite`, `clickhouse`, `generic`.
    #[serde(default)]
    pub dialect: Option<Dialect>,
}

/// The language of code a program runs (an embed's `lang`).
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum EmbedLang {
    #[default]
    Shell,
    Sql,
    /// A GraphQL document.
    Graphql,
    /// An HTTP body: JSON with a `query`, a batch of them, or a raw document.
    GraphqlRequest,
    Python,
    Node,
    Perl,
    Ruby,
    Awk,
    Php,
}

impl EmbedLang {
    /// The code of another interpreter, read for the commands it runs.
    pub fn is_interpreter(self) -> bool {
        matches!(
            self,
            EmbedLang::Python | EmbedLang::Node | EmbedLang::Perl | EmbedLang::Ruby | EmbedLang::Awk | EmbedLang::Php
        )
    }
}

/// A SQL dialect.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[serde(alias = "cql")]
    Generic,
    #[serde(alias = "postgresql", alias = "psql")]
    Postgres,
    #[serde(alias = "mariadb")]
    Mysql,
    #[serde(alias = "sqlite3")]
    Sqlite,
    Clickhouse,
}

/// A group of alternative option names, written `a|b|c` (dashes optional): split once, when
/// the pack loads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, JsonSchema)]
#[schemars(with = "String")]
pub struct FlagGroup(pub Vec<String>);

impl FlagGroup {
    pub fn parse(s: &str) -> FlagGroup {
        FlagGroup(
            s.split('|')
                .map(|n| n.trim_start_matches('-').to_owned())
                .filter(|n| !n.is_empty())
                .collect(),
        )
    }

    /// The option names, without dashes.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|n| n == name)
    }
}

impl Serialize for FlagGroup {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.join("|"))
    }
}

impl<'de> Deserialize<'de> for FlagGroup {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FlagGroup, D::Error> {
        let s = String::deserialize(d)?;
        let g = FlagGroup::parse(&s);
        if g.0.is_empty() {
            return Err(serde::de::Error::custom("an empty option group"));
        }
        Ok(g)
    }
}

/// How a program picks its target (cluster, account, workspace, database …) and what pins or
/// checks it. The environment analysis reads these declarations; no rule reimplements it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    /// What is targeted, for messages: `Kubernetes cluster`, `AWS account`, `database server`.
    pub what: String,
    /// Where the target comes from when nothing pins it: `the current kube context`.
    pub ambient: String,
    /// Flag groups that pin the target on the command itself (`context`, `profile`, `h|host`).
    #[serde(default)]
    pub pin_flags: Vec<FlagGroup>,
    /// Environment variables that pin it, set on the command or earlier in the plan
    /// (`KUBECONFIG`, `AWS_PROFILE`).
    #[serde(default)]
    pub pin_env: Vec<String>,
    /// Argument predicates or globs whose presence pins it (`*://*` for a literal connection URL).
    #[serde(default)]
    pub pin_args: Vec<String>,
    /// Subcommand paths of the same program that pin the target for the commands after them
    /// (`config use-context`, `workspace select`).
    #[serde(default)]
    pub pin_commands: Vec<String>,
    /// Other programs that pin the target for the commands after them (PowerShell's
    /// `Set-AzContext` for the Az cmdlets, `Set-AWSCredential` for AWS Tools).
    #[serde(default)]
    pub pin_programs: Vec<String>,
    /// Subcommand paths that read the current target (`config current-context`, `sts
    /// get-caller-identity`); they clear the finding when a guard compares their output.
    #[serde(default)]
    pub verify_commands: Vec<String>,
    /// Variables holding the ambient target (`DATABASE_URL`): an argument expanding one of them
    /// is ambient even though the command names "a" target.
    #[serde(default)]
    pub ambient_env: Vec<String>,
    /// The local state the tool reads its ambient target from (`kube`, `aws`, `gcloud`,
    /// `terraform`, `railway`, `fly`, `supabase`): where hooks, the editor and `check
    /// --resolve-context` look to name the target a finding would hit.
    #[serde(default)]
    pub context: Option<ContextSource>,
}

/// What a rule's operation acts on, for the environment analysis.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RuleTarget {
    /// Whether an unpinned ambient target is reported for this rule (default: when the program
    /// declares a target).
    #[serde(default)]
    pub ambient: Option<bool>,
    /// Flag groups whose value is the ID of the thing destroyed (`volume`, `db-instance-identifier`).
    #[serde(default)]
    pub id_flags: Vec<FlagGroup>,
    /// Positional arguments (0 = the first after the subcommand path) that are IDs.
    #[serde(default)]
    pub id_args: Vec<usize>,
    /// The `id_args` are URLs or API paths: the segments of their path are the IDs
    /// (`https://api.example.com/v1/volumes/vol_8f3a…`, `projects/3f1c…/hooks/…`).
    #[serde(default)]
    pub id_in_path: bool,
    /// GraphQL argument paths whose value is an ID (`volumeId`, `input.refId`).
    #[serde(default)]
    pub id_fields: Vec<String>,
    /// Use this program's target declaration (`manage.py` for `python manage.py flush`).
    #[serde(default)]
    pub program: Option<String>,
    /// The operation reaches past one environment: `project` (every environment of the
    /// project, like Railway's `volumeDelete`) or `account`.
    #[serde(default)]
    pub scope: Option<Scope>,
    /// The provider resource its IDs name (`railway-volume`, `fly-volume`, `neon-branch`,
    /// `github-branch` …): what `--verify` looks up, read-only, to say where it lives.
    #[serde(default)]
    pub lookup: Option<Lookup>,
}

/// How far past one environment an operation reaches.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Every environment of the project.
    Project,
    /// Everything the account holds.
    Account,
}

/// A rule: what it matches and what it says.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Kebab-case name, unique across packs (`rm-recursive-root`).
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    /// One line: what the matched operation does.
    pub summary: String,
    /// The message of a finding; may use `{command}`, `{program}`, `{target}`, `{field}`,
    /// `{operation}` and `{arg.NAME}`. Defaults to the summary.
    #[serde(default)]
    pub message: Option<String>,
    /// Why it matters: what is lost, what safety nets exist.
    pub explanation: String,
    /// The safer alternative.
    pub help: String,
    /// Code that must fire the rule and code that must not.
    #[serde(default)]
    pub examples: Examples,
    /// Reported only when no other rule of the same category matched the same operation.
    #[serde(default)]
    pub fallback: bool,
    /// Shell command matchers; the rule fires when any matches.
    #[serde(default)]
    pub shell: Vec<ShellMatch>,
    /// GraphQL field matchers; the rule fires when any matches.
    #[serde(default)]
    pub graphql: Vec<GraphqlMatch>,
    /// SQL statement matchers; the rule fires when any matches.
    #[serde(default)]
    pub sql: Vec<SqlMatch>,
    /// Conditions that raise the severity one level and add a note.
    #[serde(default)]
    pub escalate: Vec<Escalation>,
    /// What the operation acts on, for the environment analysis.
    #[serde(default)]
    pub target: Option<RuleTarget>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Each must produce a finding of this rule.
    #[serde(default)]
    pub fire: Vec<String>,
    /// Each must not.
    #[serde(default)]
    pub ok: Vec<String>,
}

/// Matches a normalized shell command. Every given condition must hold.
///
/// Flag groups are alternatives separated by `|` (`r|R|recursive`). Argument predicates are
/// globs on a static value (`of=/dev/sd*`) or one of `@root`, `@home`, `@system`, `@absolute`,
/// `@temp`, `@glob-all`, `@parent`, `@variable-root`, `@dynamic`, `@block-device`, `@any`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShellMatch {
    /// Program names or globs (`rm`, `mkfs.*`). May be empty (any program) only with `writes`.
    #[serde(default)]
    pub program: Vec<String>,
    /// The subcommand path after global options, each step `a|b` alternatives or a glob
    /// (`["push"]`, `["s3", "rm"]`, `["*manage.py", "flush"]`).
    #[serde(default)]
    pub command: Vec<String>,
    /// Flag groups that must all be present.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Flag groups of which at least one must be present.
    #[serde(default)]
    pub any_flags: Vec<String>,
    /// Flag groups that must all be absent.
    #[serde(default)]
    pub not_flags: Vec<String>,
    /// At least one argument after the subcommand path must satisfy one of these.
    #[serde(default)]
    pub args: Vec<String>,
    /// Arguments satisfying one of these never count for `args`.
    #[serde(default)]
    pub except_args: Vec<String>,
    /// The last argument (a destination: `cp SRC… DEST`) must satisfy one of these.
    #[serde(default)]
    pub last_arg: Vec<String>,
    /// No argument may follow the subcommand path (`terraform apply` without a saved plan file).
    #[serde(default)]
    pub no_args: bool,
    /// A redirection of the command's output (`>`, `>>`, `>|`, `&>`, `&>>`, `<>`) must write to
    /// a path matching one of these globs.
    #[serde(default)]
    pub writes: Vec<String>,
    /// With `writes`: only a redirection that truncates the file first (`>`, `>|`, `&>`, `>&`),
    /// not one that appends (`>>`, `&>>`) or opens it read-write (`<>`).
    #[serde(default)]
    pub overwrites: bool,
    /// Options whose value must match one of the patterns: `{ "X|request" = ["DELETE"] }`.
    #[serde(default)]
    pub options: BTreeMap<String, Vec<String>>,
    /// Options given only with values matching these patterns keep the rule from matching
    /// (`{ "name|iname" = ["*.pyc"] }`: `find … -name '*.pyc' -delete` deletes only files that
    /// are rebuilt). Every value of the option must match; an absent option does not count.
    #[serde(default)]
    pub not_options: BTreeMap<String, Vec<String>>,
    /// Environment variables set on the command (`NAME=v cmd`, `env NAME=v`, or a `NAME=v`
    /// argument); at least one must be present.
    #[serde(default)]
    pub env: Vec<String>,
    /// Case-insensitive subcommand matching (`redis-cli flushall`).
    #[serde(default)]
    pub ignore_case: bool,
}

/// Matches a root field of a GraphQL operation. Every given condition must hold.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GraphqlMatch {
    /// Operation kinds (default: `mutation`).
    #[serde(default)]
    pub operation: Vec<OperationKind>,
    /// Exact field names.
    #[serde(default)]
    pub fields: Vec<String>,
    /// Words of the field name (split on camelCase and `_`), of which one must occur.
    #[serde(default)]
    pub tokens: Vec<String>,
    /// Words of the field name that must not occur.
    #[serde(default)]
    pub not_tokens: Vec<String>,
    /// Argument conditions, all of which must hold.
    #[serde(default)]
    pub args: Vec<ArgCheck>,
}

/// A GraphQL operation kind.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum OperationKind {
    Query,
    Mutation,
    Subscription,
}

/// Matches a classified SQL statement.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SqlMatch {
    /// Statement kinds: `drop-database`, `drop-schema`, `drop-table`, `drop-other`, `truncate`,
    /// `delete-without-where`, `update-without-where`, `delete`, `update`, `alter-table-drop`.
    pub statements: Vec<String>,
    /// Globs on the object's name (`pg_*`); default: any.
    #[serde(default)]
    pub objects: Vec<String>,
    /// Also inside a transaction that is rolled back (default: no).
    #[serde(default)]
    pub rolled_back: bool,
}

/// A condition on a GraphQL argument.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArgCheck {
    /// The argument (or, with `deep`, input-object key) name.
    pub name: String,
    /// `{}` (empty object), `[]`, `true`, `false`, `null`, `absent`, `present`, `unscoped` (a
    /// filter that compares no column: `{}`, `{_and: []}`, `{id: {}}`), `scoped` (a filter with
    /// a comparison), or a literal string/number/enum to compare with.
    pub value: String,
    /// Look for the key anywhere inside the argument values (`isDeleted: true` in a patch).
    #[serde(default)]
    pub deep: bool,
}

/// A condition that makes a match worse: a prompt bypass, a safety net removed, a broad target.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Any of these flag groups present.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Any of these options with a value matching a pattern: `{ "rmi" = ["all"] }`.
    #[serde(default)]
    pub options: BTreeMap<String, Vec<String>>,
    /// Any argument satisfying one of these predicates.
    #[serde(default)]
    pub args: Vec<String>,
    /// Any of these environment variables set on the command.
    #[serde(default)]
    pub env: Vec<String>,
    /// GraphQL argument conditions (all must hold).
    #[serde(default)]
    pub graphql_args: Vec<ArgCheck>,
    /// Not when any of these GraphQL argument conditions holds (a bulk delete scoped by a
    /// filter: `{ name = "where", value = "scoped" }`).
    #[serde(default)]
    pub unless_graphql_args: Vec<ArgCheck>,
    /// Any of these words in the GraphQL field name.
    #[serde(default)]
    pub tokens: Vec<String>,
    /// Set the severity to this instead of raising it one level.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Added to the message (`--yes skips the confirmation prompt`).
    pub note: String,
}

/// Adds `spec`'s declarations for a program to `into` (packs can each say something about the
/// same program: its valued options, aliases, embedded code).
pub fn merge_program(into: &mut ProgramSpec, spec: &ProgramSpec) {
    into.valued.extend(spec.valued.iter().cloned());
    into.terminated.extend(spec.terminated.iter().cloned());
    for a in &spec.aliases {
        if !into.aliases.contains(a) {
            into.aliases.push(a.clone());
        }
    }
    into.single_dash_long |= spec.single_dash_long;
    into.embeds.extend(spec.embeds.iter().cloned());
    into.never_runs_arguments |= spec.never_runs_arguments;
    into.prints_shell_setup |= spec.prints_shell_setup;
    into.own_commands.extend(spec.own_commands.iter().cloned());
    if into.target.is_none() {
        into.target = spec.target.clone();
    }
}

/// The program declarations of several packs, merged by program name.
pub fn merge_programs<'a>(packs: impl IntoIterator<Item = &'a PackFile>) -> BTreeMap<String, ProgramSpec> {
    let mut merged: BTreeMap<String, ProgramSpec> = BTreeMap::new();
    for pack in packs {
        for (name, spec) in &pack.programs {
            merge_program(merged.entry(name.clone()).or_default(), spec);
        }
    }
    merged
}
