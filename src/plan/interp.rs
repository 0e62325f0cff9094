//! Code in other languages run from a shell command (`python -c`, `node -e`, `deno eval`,
//! `bun -e`, `tsx -e`, `perl -e`, `ruby -e`, `rails runner`, `php -r`, an `awk` program, or the
//! same fed on standard input — which programs these are is the `embeds` data of the packs): read —
//! never run — for what it does to the system, as the text it amounts to:
//!
//! - the command lines it hands to a shell (`os.system("…")`, `execSync("…")`, `` `…` ``,
//!   `` $`…` ``), the argument vectors it runs (`subprocess.run([…])`, `spawnSync(…, […])`,
//!   `new Deno.Command(…)`), and the files it deletes (`shutil.rmtree(p)` and
//!   `fs.rmSync(p, {recursive: true})` read as `rm -rf -- p`, `Path(p).unlink()` as
//!   `rm -f -- p`), as shell text;
//! - the SQL a database driver is given as a string literal (`cursor.execute("DROP TABLE t")`,
//!   `pool.query(…)`, `` prisma.$executeRaw`…` ``);
//! - string literals that are GraphQL requests;
//! - calls whose name carries a destructive verb (`s3.delete_bucket(Bucket="x")`,
//!   `new DeleteTableCommand({…})`, `bucket.delete(force=True)`), rebuilt as command lines for
//!   the verb lexicon (see [`Found::calls`]).
//!
//! A value that is not a literal is looked up in the code's earlier `NAME = "…"` assignments;
//! strings built from pieces (`f"/srv/{name}"`, `"/srv/" + name`, `` `${dir}/x` ``,
//! `"rm -rf %s" % d`, `"{}".format(d)`, `sprintf(…)`, `os.path.join("/srv", d)`) keep their
//! literal pieces; an environment variable read (`os.environ["DIR"]`, `process.env.DIR`,
//! `$ENV{DIR}`) stands as the shell's `"$DIR"` (the home directory as `"$HOME"`), any other
//! unknown value as `"${name:?}"` after the expression. A command it runs that is still not
//! known, or SQL a database call is given that is not a literal, is only known at run time
//! ([`Found::dynamic`], [`Found::dynamic_sql`]): never silently clean.

use std::collections::{BTreeSet, HashMap};

use crate::rules::schema::EmbedLang;
use crate::source::{OffsetMap, Span};

use crate::extract::TextBuilder;

/// A language whose code preflight reads for commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Python,
    /// JavaScript and TypeScript: Node, Deno, Bun.
    Node,
    Perl,
    Ruby,
    Awk,
    Php,
}

impl Lang {
    /// The interpreter a program's embed declares, if it is one.
    pub fn of_embed(e: EmbedLang) -> Option<Lang> {
        Some(match e {
            EmbedLang::Python => Lang::Python,
            EmbedLang::Node => Lang::Node,
            EmbedLang::Perl => Lang::Perl,
            EmbedLang::Ruby => Lang::Ruby,
            EmbedLang::Awk => Lang::Awk,
            EmbedLang::Php => Lang::Php,
            _ => return None,
        })
    }
}

/// What a piece of code does, as shell text (with maps into the code).
#[derive(Debug, Default)]
pub struct Found {
    /// Shell command lines it runs or amounts to.
    pub shell: Vec<(String, OffsetMap)>,
    /// String literals holding a GraphQL document or request body.
    pub graphql: Vec<(String, OffsetMap)>,
    /// String literals a database driver runs as SQL.
    pub sql: Vec<(String, OffsetMap)>,
    /// Calls whose name carries a destructive verb, rebuilt as command lines whose first word
    /// names the action: the method or class name (`delete_bucket`, `DeleteBucketCommand`), or
    /// `RECEIVER.NAME` when the name alone names no object (`bucket.delete`, `User.delete_all`).
    /// Keyword arguments and object-literal properties become `--Key value` (nested ones
    /// `--Outer.Inner value`, a list repeats the key), a true flag a bare `--Key`, a false or
    /// null one nothing; positional literals are positionals; the literal arguments of the call
    /// the method is called on become `--RECEIVER value` (`client.bucket("b").delete()` is
    /// `bucket.delete --bucket 'b'`). A value that is not a literal is a double-quoted
    /// parameter (`"$name"`), which the shell parser reads as known only at run time.
    pub calls: Vec<(String, OffsetMap)>,
    /// A command it runs that is built at run time: the call, for the message.
    pub dynamic: Option<String>,
    /// SQL a database call is given that is built at run time: the call, for the message.
    pub dynamic_sql: Option<String>,
    /// The code is longer than what is read ([`MAX_TOKENS`]): the rest is not analysed.
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    /// A number literal.
    Num(String),
    /// A string literal: its value, a map into the code, and whether it interpolates nothing.
    Str(String, OffsetMap, bool),
    /// A literal that runs its text as a command (`` `…` ``, `qx(…)`, `%x(…)`).
    Exec(String, OffsetMap, bool),
    Punct(char),
}

/// What a call does with its arguments.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    /// The first argument is a shell command line.
    Shell,
    /// A command line, or (several string arguments, or a list) an argument vector.
    ShellOrArgv,
    /// The first argument is a program and the second a list of its arguments (or an options
    /// object with `args`); or the first is the whole argument vector (a list, or an options
    /// object with `cmd`).
    ProgramArgs,
    /// Deletes the path in the first argument (or of the object it is called on) and everything
    /// under it.
    RemoveTree,
    /// Deletes the path in the first argument (or of the object it is called on), recursively
    /// when an option says `recursive`.
    Remove,
    /// Deletes what is in the directory in the first argument.
    EmptyDir,
}

/// Calls of functions that make a path object (`Path("/x")`): its methods act on that path.
const PATH_MAKERS: &[&str] = &["Path", "PosixPath", "WindowsPath", "PurePath", "Pathname"];

fn action(lang: Lang, callee: &[String], recv: &Receiver) -> Option<Action> {
    let last = callee.last()?.as_str();
    let prev = callee.len().checked_sub(2).map(|i| callee[i].as_str());
    let on_path = recv.is_path();
    use Action::*;
    Some(match lang {
        Lang::Python => match (prev, last) {
            (Some("os"), "system" | "popen") => Shell,
            (Some("subprocess"), "getoutput" | "getstatusoutput") => Shell,
            (Some("subprocess"), "run" | "call" | "check_call" | "check_output" | "Popen") => ShellOrArgv,
            (Some("os"), "execv" | "execvp" | "execve" | "execvpe" | "spawnv" | "spawnvp") => ProgramArgs,
            (_, "create_subprocess_shell") => Shell,
            (_, "create_subprocess_exec") => ShellOrArgv,
            (_, "rmtree") => RemoveTree,
            (Some("os"), "remove" | "unlink" | "rmdir" | "removedirs") => Remove,
            // `Path("/x").unlink()`, `pathlib.Path(p).rmdir()`
            (_, "unlink" | "rmdir") if on_path => Remove,
            _ => return None,
        },
        Lang::Node => {
            let fs_like = |n: &str| n.to_ascii_lowercase().contains("fs");
            match (prev, last) {
                // `child_process.exec`, a destructured `exec`; not `regex.exec(line)`
                (None, "exec" | "execSync") if !recv.on_expression || recv.all_names().contains(&"require") => Shell,
                (Some(p), "exec" | "execSync")
                    if ["child", "cp", "proc", "shell", "exec"]
                        .iter()
                        .any(|k| p.to_ascii_lowercase().contains(k)) =>
                {
                    Shell
                }
                (_, "execaCommand" | "execaCommandSync") => Shell,
                (_, "spawn" | "spawnSync" | "execFile" | "execFileSync" | "execa" | "execaSync") => ProgramArgs,
                // Deno: `Deno.run({cmd: […]})`, `new Deno.Command("rm", {args: […]})`
                (Some("Deno"), "run" | "Command") => ProgramArgs,
                (Some("Deno"), "remove" | "removeSync") => Remove,
                (_, "rmSync" | "rm" | "rmdirSync" | "rmdir") => Remove,
                (_, "unlinkSync" | "unlink") => Remove,
                // fs-extra, rimraf, del
                (Some(p), "remove" | "removeSync") if fs_like(p) => RemoveTree,
                (Some(p), "emptyDir" | "emptyDirSync" | "emptydir") if fs_like(p) => EmptyDir,
                (_, "rimraf" | "rimrafSync" | "deleteSync" | "deleteAsync") => RemoveTree,
                (Some("rimraf"), _) => RemoveTree,
                _ => return None,
            }
        }
        Lang::Perl => match last {
            "system" | "exec" | "qx" | "readpipe" => ShellOrArgv,
            "rmtree" | "remove_tree" => RemoveTree,
            "unlink" | "rmdir" => Remove,
            _ => return None,
        },
        Lang::Ruby => match (prev, last) {
            (_, "system" | "exec" | "spawn" | "popen" | "capture2" | "capture2e" | "capture3" | "popen3") => {
                ShellOrArgv
            }
            (_, "rm_rf" | "rm_r" | "remove_dir" | "remove_entry" | "remove_entry_secure" | "rmtree") => RemoveTree,
            (Some("FileUtils" | "File" | "Dir"), "rm" | "rm_f" | "delete" | "unlink" | "remove_file" | "rmdir") => {
                Remove
            }
            (_, "delete" | "unlink" | "rmdir") if on_path => Remove,
            _ => return None,
        },
        Lang::Awk => match last {
            "system" => Shell,
            _ => return None,
        },
        Lang::Php => match last {
            "system" | "exec" | "shell_exec" | "passthru" | "popen" | "proc_open" => Shell,
            "unlink" | "rmdir" => Remove,
            "deleteDirectory" => RemoveTree,
            "cleanDirectory" => EmptyDir,
            _ => return None,
        },
    })
}

/// Methods and functions whose first argument is SQL (DB-API `execute`, node-postgres and
/// mysql `query`, better-sqlite3 `exec`/`prepare`, Prisma `$executeRaw`, Knex `raw`, Perl DBI
/// `do`, Rails `exec_query`, SQLAlchemy `text`, pg-promise `none`/`any`/…, asyncpg `fetch`).
/// Lexed names lose a leading `$`.
const SQL_METHODS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "execute_sql",
    "exec_driver_sql",
    "exec",
    "exec_query",
    "exec_update",
    "exec_delete",
    "exec_insert",
    "query",
    "raw",
    "run",
    "prepare",
    "sql",
    "text",
    "do",
    "executeRaw",
    "queryRaw",
    "executeRawUnsafe",
    "queryRawUnsafe",
    "unsafe",
    "none",
    "any",
    "many",
    "one",
    "oneOrNone",
    "manyOrNone",
    "result",
    "fetch",
    "fetchrow",
    "fetchval",
    "fetchall",
    "query_one",
    "query_row",
    "selectall_arrayref",
    "selectrow_array",
    "selectall_hashref",
    "statement",
    "unprepared",
    "select_all",
    "select_rows",
    "select_value",
    "pg_query",
    "mysqli_query",
    "mysql_query",
    "multi_query",
    "real_query",
    "executeQuery",
    "executeUpdate",
    "execSQL",
    "batch",
    "all",
    "get",
];

/// Of [`SQL_METHODS`], those that only ever run SQL text: given something else than a literal by
/// a database object, the SQL is built at run time. (`client.get(key)` is not one.)
const SQL_RUNNERS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "execute_sql",
    "exec_driver_sql",
    "exec",
    "exec_query",
    "exec_update",
    "exec_delete",
    "exec_insert",
    "query",
    "raw",
    "prepare",
    "do",
    "executeRaw",
    "queryRaw",
    "executeRawUnsafe",
    "queryRawUnsafe",
    "unsafe",
    "selectall_arrayref",
    "selectrow_array",
    "selectall_hashref",
    "pg_query",
    "mysqli_query",
    "mysql_query",
    "multi_query",
    "real_query",
    "executeQuery",
    "executeUpdate",
    "execSQL",
    "unprepared",
    "select_all",
    "select_rows",
    "select_value",
];

/// Calls that wrap SQL text without changing it (`text("…")`, `sql.SQL("…")`, `knex.raw`).
const SQL_WRAPPERS: &[&str] = &["text", "SQL", "sql", "raw", "Raw", "literal"];

/// Name tokens of a receiver that make a call a database call (`cursor`, `conn`, `pool`, `db`,
/// `client`, `knex`, `prisma`, …): its SQL, when not a literal, is reported as built at run
/// time.
const DB_NOUNS: &[&str] = &[
    "cursor",
    "cur",
    "conn",
    "connection",
    "con",
    "cnx",
    "db",
    "database",
    "pool",
    "client",
    "knex",
    "prisma",
    "sequelize",
    "engine",
    "session",
    "pg",
    "postgres",
    "psql",
    "mysql",
    "mysqli",
    "sqlite",
    "sqlite3",
    "psycopg",
    "psycopg2",
    "dbh",
    "sth",
    "pdo",
    "tx",
    "trx",
    "transaction",
    "sql",
    "duckdb",
    "clickhouse",
    "snowflake",
    "redshift",
    "bigquery",
    "base",
    "activerecord",
    "stmt",
    "statement",
    "asyncpg",
    "pgp",
    "drizzle",
    "kysely",
];

/// Verbs that make a call destructive whatever it is called on (when its name is only the
/// verb, others need a receiver named like a data holder: `bucket.delete()`, not
/// `headers.delete("x")`).
const STRONG_VERBS: &[&str] = &["purge", "wipe", "erase", "nuke", "obliterate", "expunge", "shred"];

/// Verbs that, in a call's name, mark it destructive.
const VERBS: &[&str] = &[
    "delete",
    "destroy",
    "drop",
    "remove",
    "purge",
    "truncate",
    "terminate",
    "wipe",
    "erase",
    "flush",
    "empty",
    "reset",
    "prune",
    "deregister",
    "unregister",
    "expunge",
    "obliterate",
    "nuke",
    "shred",
    "teardown",
    "rm",
    "del",
    "evict",
    "uninstall",
    "decommission",
    "deprovision",
];

/// Verbs that only mark a call destructive beside an object in its name (`flushall`,
/// `empty_trash`, `reset_database`): alone they are everyday calls (`stream.flush()`,
/// `queue.empty()`, `form.reset()`).
const COMPOUND_ONLY: &[&str] = &["empty", "flush", "reset", "evict"];

/// Name tokens that, beside a verb, still name no object (`delete_all`, `deleteMany`,
/// `batch_delete`, `drop_if_exists`).
const QUANTIFIERS: &[&str] = &[
    "all",
    "many",
    "one",
    "by",
    "where",
    "if",
    "exists",
    "batch",
    "bulk",
    "force",
    "multiple",
    "async",
    "sync",
    "now",
    "at",
    "with",
    "and",
    "or",
    "id",
    "ids",
    "unsafe",
    "raw",
    "permanently",
    "hard",
    "soft",
];

/// Name tokens of a receiver that holds data (`bucket.delete()`, `db.users.drop()`).
const HOLDERS: &[&str] = &[
    "bucket",
    "table",
    "blob",
    "dataset",
    "database",
    "db",
    "collection",
    "volume",
    "snapshot",
    "instance",
    "cluster",
    "index",
    "topic",
    "queue",
    "stream",
    "object",
    "record",
    "schema",
    "namespace",
    "repo",
    "repository",
    "container",
    "disk",
    "image",
    "backup",
    "secret",
    "folder",
    "directory",
    "dir",
    "project",
    "account",
    "zone",
    "vault",
    "store",
    "storage",
    "model",
    "entity",
    "deployment",
    "service",
    "keyspace",
    "tenant",
    "organization",
    "org",
    "branch",
    "environment",
    "app",
    "graph",
    "registry",
    "server",
    "pod",
    "workspace",
    "firestore",
    "datastore",
    "redis",
    "cache",
    "s3",
    "gcs",
    "dynamodb",
    "kv",
];

/// Reads `code` for what it runs, deletes, and sends to a database.
pub fn scan(lang: Lang, code: &str) -> Found {
    let (toks, nl) = lex(lang, code);
    let truncated = toks.len() >= MAX_TOKENS;
    let assigns = assignments(&toks, &nl);
    let c = Code {
        lang,
        code,
        toks,
        nl,
        assigns,
    };
    let mut out = Found {
        truncated,
        ..Found::default()
    };
    let mut sql_at = BTreeSet::new();
    for i in 0..c.toks.len() {
        let t = &c.toks[i];
        match &t.0 {
            Tok::Exec(value, map, literal) => {
                if *literal {
                    out.shell.push((value.clone(), map.clone()));
                } else {
                    out.dynamic.get_or_insert_with(|| clip(value));
                }
            }
            Tok::Str(value, map, literal) => {
                if looks_like_graphql_text(value) {
                    out.graphql.push((value.clone(), map.clone()));
                }
                // awk: `"cmd" | getline` runs cmd
                if lang == Lang::Awk
                    && matches!(c.toks.get(i + 1).map(|t| &t.0), Some(Tok::Punct('|')))
                    && matches!(c.toks.get(i + 2).map(|t| &t.0), Some(Tok::Ident(n)) if n == "getline")
                {
                    out.shell.push((value.clone(), map.clone()));
                }
                // JavaScript tagged templates: `` $`rm -rf x` `` (zx, Bun, execa), `` sql`…` ``
                if lang == Lang::Node
                    && code.as_bytes().get(t.1) == Some(&b'`')
                    && let Some(Tok::Ident(tag)) = i.checked_sub(1).map(|k| &c.toks[k].0)
                {
                    let callee = callee_before(&c.toks, i).0;
                    if tag.is_empty() || tag == "execa" || tag == "execaSync" {
                        if *literal {
                            out.shell.push((value.clone(), map.clone()));
                        } else {
                            out.dynamic.get_or_insert_with(|| clip(value));
                        }
                    } else if SQL_METHODS.contains(&tag.as_str()) {
                        let (sql, m) = placeholders(value, map);
                        if looks_like_sql(&sql) {
                            if sql_at.insert(t.1) {
                                out.sql.push((sql, m));
                            }
                        } else if !literal && (tag == "sql" || db_like(&callee[..callee.len().saturating_sub(1)])) {
                            out.dynamic_sql
                                .get_or_insert_with(|| format!("{}`…`", callee.join(".")));
                        }
                    }
                }
            }
            Tok::Punct('(') => {
                let (callee, start) = callee_before(&c.toks, i);
                if callee.is_empty() || !c.wanted(start, &callee) {
                    continue;
                }
                let (args, _) = arguments(&c.toks, i);
                c.call_site(start, &callee, &args, t.1, &mut out, &mut sql_at);
            }
            // a call without parentheses (Perl, Ruby): `system "cmd"`, `unlink $f`,
            // `FileUtils.rm_rf "/x"`, `User.delete_all`
            Tok::Ident(name) if matches!(lang, Lang::Perl | Lang::Ruby) => {
                let Some(args) = c.bare_args(i) else { continue };
                let (callee, start) = callee_before(&c.toks, i + 1);
                if c.wanted(start, &callee) {
                    c.call_site(start, &callee, &args, t.1, &mut out, &mut sql_at);
                }
            }
            _ => {}
        }
    }
    out
}

type Arg = Vec<(Tok, usize)>;
type Toks<'a> = &'a [(Tok, usize)];

/// The tokens of a piece of code, with a mark on each token a line break comes before.
struct Code<'a> {
    lang: Lang,
    code: &'a str,
    toks: Vec<(Tok, usize)>,
    nl: Vec<bool>,
    /// Where each name is assigned at the start of a statement: the indices of its token.
    assigns: HashMap<String, Vec<usize>>,
}

/// The statements that assign a name (`NAME = …`, `const NAME = …`, `my $NAME = …`; not
/// `NAME == …`, nor a keyword argument `f(NAME=…)`).
fn assignments(toks: &[(Tok, usize)], nl: &[bool]) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    for k in 0..toks.len() {
        let Tok::Ident(name) = &toks[k].0 else { continue };
        let starts = k == 0
            || nl[k]
            || matches!(&toks[k - 1].0, Tok::Punct(';' | '{' | '}'))
            || matches!(&toks[k - 1].0, Tok::Ident(w) if matches!(w.as_str(), "const" | "let" | "var" | "my" | "our" | "local"));
        if starts
            && toks.get(k + 1).map(|t| &t.0) == Some(&Tok::Punct('='))
            && !matches!(toks.get(k + 2).map(|t| &t.0), Some(Tok::Punct('=' | '>' | '~')))
        {
            out.entry(name.clone()).or_default().push(k);
        }
    }
    out
}

/// What a method is called on: the names before it (`s3` in `s3.delete_bucket(…)`), and the call
/// that made the object (`Path("/x")` in `Path("/x").unlink()`, or in `p.unlink()` after
/// `p = Path("/x")`).
#[derive(Default)]
struct Receiver {
    names: Vec<String>,
    /// The method is called on an expression that is not a name (`/re/.exec(s)`, `x[0].rm()`).
    on_expression: bool,
    /// The calls before the method, the nearest first (`client.bucket("b")` then
    /// `storage.Client()` in `storage.Client().bucket("b").delete()`).
    /// Each call's dotted name and the index of its `(`.
    chain: Vec<(Vec<String>, usize)>,
}

impl Receiver {
    fn call(&self) -> Option<&(Vec<String>, usize)> {
        self.chain.first()
    }

    /// Whether the object is a path (`Path("/x")`, `Pathname.new("/x")`).
    fn is_path(&self) -> bool {
        self.call()
            .is_some_and(|(c, _)| c.iter().any(|n| PATH_MAKERS.contains(&n.as_str())))
    }

    /// Every name the receiver goes by, the nearest last.
    fn all_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .chain
            .iter()
            .rev()
            .flat_map(|(c, _)| c.iter().map(String::as_str))
            .collect();
        out.extend(self.names.iter().map(String::as_str));
        out
    }
}

impl Code<'_> {
    /// Whether a call may run SQL, run or delete something, or destroy by its name.
    fn wanted(&self, start: usize, callee: &[String]) -> bool {
        let name = callee.last().map(String::as_str).unwrap_or("");
        if SQL_METHODS.contains(&name) {
            return true;
        }
        let recv = self.receiver(start, callee);
        action(self.lang, callee, &recv).is_some() || (self.lang != Lang::Awk && verb_call(callee, &recv).is_some())
    }

    /// A call: SQL first, then what it runs or deletes, then a destructive verb.
    fn call_site(
        &self,
        start: usize,
        callee: &[String],
        args: &[Arg],
        at: usize,
        out: &mut Found,
        sql_at: &mut BTreeSet<usize>,
    ) {
        let recv = self.receiver(start, callee);
        if self.sql_call(callee, args, &recv, out, sql_at) {
            return;
        }
        if let Some(act) = action(self.lang, callee, &recv) {
            self.call(act, callee, args, &recv, at, out);
            return;
        }
        if self.lang == Lang::Awk {
            return;
        }
        if let Some(word) = verb_call(callee, &recv) {
            out.calls.push(self.rebuilt(start, callee, &word, args, &recv));
        }
    }

    /// The receiver of the method whose dotted name starts at token `start`.
    fn receiver(&self, start: usize, callee: &[String]) -> Receiver {
        let toks = &self.toks;
        let mut r = Receiver {
            names: callee[..callee.len().saturating_sub(1)].to_vec(),
            on_expression: start > 0 && matches!(toks[start - 1].0, Tok::Punct('.')),
            chain: Vec::new(),
        };
        // `Path("/x").unlink()`, `client.bucket("b").blob("x").delete()`: the calls before the dot
        let mut s = start;
        while r.chain.len() < 8
            && s >= 2
            && matches!(toks[s - 1].0, Tok::Punct('.'))
            && matches!(toks[s - 2].0, Tok::Punct(')'))
            && let Some(open) = matching_open(toks, s - 2)
        {
            let (c, cs) = callee_before(toks, open);
            if c.is_empty() {
                break;
            }
            r.chain.push((c, open));
            s = cs;
        }
        // `p.unlink()` after `p = Path("/x")`
        if r.chain.is_empty()
            && let [name] = r.names.as_slice()
            && let Some((from, to)) = self.assigned(start, name)
            && to > from + 1
            && matches!(toks[to - 1].0, Tok::Punct(')'))
            && let Some(open) = matching_open(toks, to - 1).filter(|&o| o > from)
        {
            let (c, cs) = callee_before(toks, open);
            if !c.is_empty() && cs >= from {
                r.chain.push((c, open));
            }
        }
        r
    }

    /// The expression last assigned to `name` before token `before` at the start of a statement
    /// (`NAME = …`, `const NAME = …`, `my $NAME = …`): its token range.
    fn assigned(&self, before: usize, name: &str) -> Option<(usize, usize)> {
        let toks = &self.toks;
        let at = self.assigns.get(name)?;
        let k = *at[..at.partition_point(|&k| k < before)].last()?;
        let from = k + 2;
        let mut depth = 0usize;
        let mut j = from;
        while j < toks.len() && j < before && j < from + ARGS_READ {
            match toks[j].0 {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') if depth == 0 => break,
                Tok::Punct(')' | ']' | '}') => depth -= 1,
                Tok::Punct(';' | ',') if depth == 0 => break,
                _ if depth == 0 && j > from && self.nl[j] && !continues(&toks[j - 1].0) => break,
                _ => {}
            }
            j += 1;
        }
        Some((from, j))
    }

    /// An argument as the code gives it, or (a bare name) what it was last assigned.
    fn resolved(&self, arg: &Arg) -> Arg {
        let mut cur = arg.clone();
        for _ in 0..4 {
            let [(Tok::Ident(name), at)] = cur.as_slice() else {
                break;
            };
            let idx = self.toks.partition_point(|t| t.1 < *at);
            match self.assigned(idx, name) {
                Some((from, to)) if to > from => cur = self.toks[from..to].to_vec(),
                _ => break,
            }
        }
        cur
    }

    /// The arguments of a call without parentheses whose name is at `i`, up to the end of its
    /// statement; `None` when what follows the name is not an argument list. A method after a
    /// dot (Ruby) followed by no argument is a call with none (`User.delete_all`).
    fn bare_args(&self, i: usize) -> Option<Vec<Arg>> {
        let toks = &self.toks;
        if i > 0 && matches!(&toks[i - 1].0, Tok::Ident(w) if w == "def" || w == "sub") {
            return None;
        }
        let dotted = self.lang == Lang::Ruby && i > 0 && matches!(toks[i - 1].0, Tok::Punct('.'));
        let keyword = |t: &Tok| matches!(t, Tok::Ident(w) if matches!(w.as_str(), "if" | "unless" | "and" | "or" | "do" | "then" | "end" | "rescue" | "while" | "until"));
        let Some(next) = toks.get(i + 1).filter(|_| !self.nl[i + 1]) else {
            return dotted.then(Vec::new);
        };
        let sigil = matches!(self.code.as_bytes().get(next.1), Some(b'$' | b'@'));
        let spaced = next.1 > 0 && matches!(self.code.as_bytes().get(next.1 - 1), Some(b' ' | b'\t'));
        let starts_arg = match &next.0 {
            Tok::Str(..) | Tok::Num(_) | Tok::Exec(..) => true,
            Tok::Punct('[') => spaced,
            // a Ruby symbol
            Tok::Punct(':') => {
                self.lang == Lang::Ruby && spaced && matches!(toks.get(i + 2).map(|t| &t.0), Some(Tok::Ident(_)))
            }
            t @ Tok::Ident(_) => !keyword(t) && spaced && (sigil || self.lang == Lang::Ruby),
            _ => false,
        };
        if !starts_arg {
            let call_ends = matches!(next.0, Tok::Punct(';' | '}' | ')' | '.')) || keyword(&next.0);
            return (dotted && call_ends).then(Vec::new);
        }
        let mut args: Vec<Arg> = vec![Vec::new()];
        let mut depth = 0usize;
        let mut j = i + 1;
        while j < toks.len() && j < i + ARGS_READ {
            let t = &toks[j];
            match t.0 {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') if depth == 0 => break,
                Tok::Punct(')' | ']' | '}') => depth -= 1,
                Tok::Punct(';') if depth == 0 => break,
                Tok::Punct(',') if depth == 0 => {
                    args.push(Vec::new());
                    j += 1;
                    continue;
                }
                _ if depth == 0 && keyword(&t.0) => break,
                _ if depth == 0 && j > i + 1 && self.nl[j] && !continues(&toks[j - 1].0) => break,
                _ => {}
            }
            args.last_mut().expect("one").push(t.clone());
            j += 1;
            if args.len() > 64 {
                break;
            }
        }
        Some(args)
    }

    /// A call whose argument is SQL: a literal that reads as SQL becomes a SQL snippet; a value
    /// given to a database call that is not a literal is only known at run time. Whether the
    /// call was one.
    fn sql_call(
        &self,

        callee: &[String],
        args: &[Arg],
        recv: &Receiver,
        out: &mut Found,
        sql_at: &mut BTreeSet<usize>,
    ) -> bool {
        let name = callee.last().map(String::as_str).unwrap_or("");
        if !SQL_METHODS.contains(&name) {
            return false;
        }
        let mut found = false;
        for arg in args.iter().take(3) {
            let arg = self.resolved(arg);
            for (k, (t, at)) in arg.iter().enumerate() {
                // a tagged template (`` sql`…${id}` ``): its interpolations are bound parameters
                let tagged = self.lang == Lang::Node
                    && self.code.as_bytes().get(*at) == Some(&b'`')
                    && matches!(k.checked_sub(1).map(|j| &arg[j].0), Some(Tok::Ident(tag)) if SQL_METHODS.contains(&tag.as_str()));
                let (v, m) = match t {
                    Tok::Str(v, m, _) if tagged => placeholders(v, m),
                    Tok::Str(v, m, true) => (v.clone(), m.clone()),
                    _ => continue,
                };
                if looks_like_sql(&v) {
                    found = true;
                    if sql_at.insert(*at) {
                        out.sql.push((v, m));
                    }
                }
            }
        }
        if found {
            return true;
        }
        let db = db_like(&recv.all_names().iter().map(|s| s.to_string()).collect::<Vec<_>>())
            || name.starts_with("pg_")
            || name.starts_with("mysql");
        if !db || !SQL_RUNNERS.contains(&name) {
            return false;
        }
        // `execute(sql)`, `query(f"…")`, `query("DROP TABLE " + t)`; a first argument that is a
        // plain literal that is not SQL, a callback, an options object or a query builder's
        // call (`select(User)`) is not SQL built at run time
        let first = args.iter().find(|a| !is_keyword_arg(a));
        let candidate = if name.contains('_') && name.ends_with("query") {
            args.get(1).or(first)
        } else {
            first
        };
        let Some(mut a) = candidate.filter(|a| !a.is_empty()).map(|a| self.resolved(a)) else {
            return false;
        };
        // `text(q)`, `sql.SQL(q)`: the wrapped value
        for _ in 0..4 {
            match a.as_slice() {
                [(Tok::Ident(w), _), (Tok::Punct('('), _), .., (Tok::Punct(')'), _)]
                    if SQL_WRAPPERS.contains(&w.as_str()) =>
                {
                    a = self.resolved(&a[2..a.len() - 1].to_vec());
                }
                _ => break,
            }
        }
        let plain = matches!(a.as_slice(), [(Tok::Str(_, _, true) | Tok::Num(_), _)]);
        let structured = match a.first().map(|t| &t.0) {
            Some(Tok::Ident(w)) if w == "function" || w == "async" || w == "lambda" => true,
            Some(Tok::Punct('{' | '[' | '(')) => true,
            // a builder's call (`select(User)`, `db.select().from(t)`)
            Some(Tok::Ident(_)) => {
                a.iter().any(|t| t.0 == Tok::Punct('('))
                    && !a.iter().any(|t| matches!(t.0, Tok::Str(..) | Tok::Punct('+' | '%')))
            }
            _ => false,
        } || a
            .windows(2)
            .any(|w| w[0].0 == Tok::Punct('=') && w[1].0 == Tok::Punct('>'));
        if plain || structured {
            return false;
        }
        out.dynamic_sql.get_or_insert_with(|| match recv.call() {
            Some((c, _)) => format!("{}(…).{name}(…)", c.join(".")),
            None => format!("{}(…)", callee.join(".")),
        });
        true
    }
}

/// A value in code: a literal (its text and map), or one known only at run time (a name for
/// it, and where it stands).
enum Val {
    Lit(String, OffsetMap),
    /// Known only at run time: a name for it, where it stands, and whether it is an environment
    /// variable (then the shell's own: `"$HOME"`; otherwise `"${name:?}"`, a value the shell
    /// rules take as set but unknown).
    Dyn(String, usize, bool),
    /// Pieces that make one value: a concatenation (`"/srv/" + name`) or an interpolating
    /// string (`f"/srv/{name}"`, `` `/srv/${name}` ``, `"/srv/#{name}"`, `"/srv/$name"`).
    Parts(Vec<Val>),
}

impl Val {
    /// Whether the value is known, or is an environment variable (which the shell text
    /// states as well as the code does).
    fn is_known(&self) -> bool {
        match self {
            Val::Lit(..) => true,
            Val::Dyn(_, _, env) => *env,
            Val::Parts(p) => p.iter().all(Val::is_known),
        }
    }

    /// Where the value starts in the code.
    fn at(&self) -> usize {
        match self {
            Val::Lit(_, m) => m.map(0),
            Val::Dyn(_, at, _) => *at,
            Val::Parts(p) => p.first().map_or(0, Val::at),
        }
    }
}

impl Code<'_> {
    /// What a call that runs or deletes something amounts to, as shell text.
    fn call(&self, act: Action, callee: &[String], args: &[Arg], recv: &Receiver, at: usize, out: &mut Found) {
        let name = callee.join(".");
        let dynamic = |out: &mut Found| {
            out.dynamic.get_or_insert_with(|| format!("{name}(…)"));
        };
        let first = args.first().filter(|a| !a.is_empty()).map(|a| self.resolved(a));
        match act {
            Action::Shell | Action::ShellOrArgv => {
                let Some(first) = first else { return };
                if let Some((v, m, true)) = literal(&first) {
                    // several literal arguments: an argument vector (`system("rm", "-rf", "/")`)
                    let rest: Option<Vec<_>> = args[1..]
                        .iter()
                        .filter(|a| act == Action::ShellOrArgv && !is_keyword_arg(a))
                        .map(|a| literal(a).filter(|l| l.2).map(|l| (l.0, l.1)))
                        .collect();
                    match rest {
                        Some(rest) if !rest.is_empty() => {
                            let mut words = vec![(v, m)];
                            words.extend(rest);
                            out.shell.push(argv(&words));
                        }
                        _ => out.shell.push((v.to_owned(), m.clone())),
                    }
                } else if let Some(words) = literal_list(&first).filter(|_| act == Action::ShellOrArgv) {
                    if !words.is_empty() {
                        out.shell.push(argv(&words));
                    }
                } else if act == Action::ShellOrArgv
                    && let Some(items) = list_items(&first)
                {
                    // `["rm", "-rf", path]`: the words, an unknown one as a parameter; still a
                    // command whose arguments are only known at run time
                    let vals: Vec<Val> = items.iter().map(|i| self.value(&i.to_vec())).collect();
                    if vals.first().is_some_and(Val::is_known) {
                        let mut b = TextBuilder::new();
                        for (k, v) in vals.iter().enumerate() {
                            if k > 0 {
                                b.push(" ", v.at(), false);
                            }
                            push_val(&mut b, v);
                        }
                        out.shell.push(b.finish());
                    }
                    dynamic(out);
                } else {
                    // `f"rm -rf {d}"`, `"rm -rf " + d`: the text with the unknown parts as
                    // parameters (a known name is filled in)
                    let val = self.value(&first);
                    if let Val::Parts(parts) = &val
                        && parts.iter().any(|p| matches!(p, Val::Lit(..)))
                    {
                        let mut b = TextBuilder::new();
                        push_code(&mut b, &val);
                        out.shell.push(b.finish());
                    }
                    // (the whole command an environment variable is as unknown as any other)
                    if !val.is_known() || matches!(val, Val::Dyn(..)) {
                        dynamic(out);
                    }
                }
            }
            Action::ProgramArgs => {
                let Some(first) = first else { return };
                // the whole vector: `Bun.spawn(["rm", …])`, `Deno.run({cmd: ["rm", …]})`
                let vector = if matches!(first.first().map(|t| &t.0), Some(Tok::Punct('['))) {
                    Some(first.clone())
                } else {
                    property(&first, "cmd")
                };
                if let Some(v) = vector {
                    match literal_list(&self.resolved(&v)) {
                        Some(words) if !words.is_empty() => out.shell.push(argv(&words)),
                        Some(_) => {}
                        None => dynamic(out),
                    }
                    return;
                }
                let Some((program, pm, true)) = literal(&first) else {
                    dynamic(out);
                    return;
                };
                let mut words = vec![(program, pm)];
                // `spawn("rm", ["-rf", "/"])`, `new Deno.Command("rm", {args: [...]})`
                let list = args.get(1).map(|a| property(a, "args").unwrap_or_else(|| a.clone()));
                let list = list.map(|a| self.resolved(&a));
                match list.as_ref().map(|l| (l, literal_list(l))) {
                    Some((_, Some(list))) => {
                        // `os.execv("/bin/rm", ["rm", "-rf", "/"])`: the list starts with argv[0]
                        let skip = usize::from(self.lang == Lang::Python);
                        words.extend(list.into_iter().skip(skip));
                    }
                    Some((l, None))
                        if !is_keyword_arg(l) && !matches!(l.first().map(|t| &t.0), Some(Tok::Punct('{'))) =>
                    {
                        dynamic(out);
                        return;
                    }
                    _ => {}
                }
                out.shell.push(argv(&words));
            }
            Action::RemoveTree | Action::Remove | Action::EmptyDir => {
                // the path: the first argument, or (`Path("/x").unlink()`) the receiver's
                let path = match args.iter().find(|a| !a.is_empty() && !is_keyword_arg(a)) {
                    Some(a) => a.clone(),
                    None => match recv.call() {
                        Some((_, open)) if recv.is_path() => {
                            match arguments(&self.toks, *open)
                                .0
                                .into_iter()
                                .next()
                                .filter(|a| !a.is_empty())
                            {
                                Some(a) => a,
                                None => return,
                            }
                        }
                        _ => return,
                    },
                };
                let recursive = act != Action::Remove
                    || args.iter().skip(1).any(|a| {
                        a.windows(2).any(|w| {
                            matches!((&w[0].0, &w[1].0), (Tok::Ident(k), Tok::Punct(':' | '=')) if k == "recursive")
                        }) && a.iter().any(|t| matches!(&t.0, Tok::Ident(v) if v == "true" || v == "True"))
                    });
                let program = if recursive { "rm -rf -- " } else { "rm -f -- " };
                let mut b = TextBuilder::new();
                b.push(program, at, false);
                let val = self.value(&path);
                push_val(&mut b, &val);
                // what is in it (a name of the code alone stays as it is: `"$dir"/*` would read
                // as a shell variable that may be unset)
                if act == Action::EmptyDir && !matches!(val, Val::Dyn(_, _, false)) {
                    b.push("/*", val.at(), false);
                }
                out.shell.push(b.finish());
            }
        }
    }

    /// A value as the code gives it: a literal (also inside `Path("…")`), an environment
    /// variable read (`"$DIR"`), or a name for what is only known at run time.
    fn value(&self, arg: &Arg) -> Val {
        self.value_in(arg, 0)
    }

    fn value_in(&self, arg: &Arg, depth: usize) -> Val {
        let mut a = self.resolved(arg);
        // `Path("/x")`, `Pathname.new("/x")`: the path
        for _ in 0..4 {
            let Some(open) = a
                .last()
                .filter(|t| t.0 == Tok::Punct(')'))
                .and_then(|_| matching_open(&a, a.len() - 1))
            else {
                break;
            };
            let (names, from) = callee_before(&a, open);
            let inner = &a[open + 1..a.len() - 1];
            let maker = names.iter().any(|n| PATH_MAKERS.contains(&n.as_str()));
            if from != 0 || !maker || inner.is_empty() || split_commas(inner).len() != 1 {
                break;
            }
            a = self.resolved(&inner.to_vec());
        }
        let at = a.first().map_or(0, |t| t.1);
        match a.as_slice() {
            [(Tok::Str(v, m, true), _)] => return Val::Lit(v.clone(), m.clone()),
            [(Tok::Num(n), at)] => return Val::Lit(n.clone(), OffsetMap::identity(*at)),
            // a Ruby symbol: `:users`
            [(Tok::Punct(':'), _), (Tok::Ident(n), at)] if self.lang == Lang::Ruby => {
                return Val::Lit(n.clone(), OffsetMap::identity(*at));
            }
            [(Tok::Str(v, m, false), at)] if depth < 3 => {
                if let Some(parts) = self.interpolated(v, m, *at, depth) {
                    return Val::Parts(parts);
                }
            }
            _ => {}
        }
        // `"rm -rf %s" % d`, `"rm -rf {}".format(d)`, `sprintf("rm -rf %s", $d)`
        if depth < 3
            && let Some(parts) = self.formatted(&a, depth)
        {
            return Val::Parts(parts);
        }
        // `os.path.join("/srv", name)`, `path.join(…)`, `File.join(…)`: the parts with `/`
        if depth < 3
            && let Some(open) = a
                .last()
                .filter(|t| t.0 == Tok::Punct(')'))
                .and_then(|_| matching_open(&a, a.len() - 1))
            && let (names, 0) = callee_before(&a, open)
            && let [.., owner, join] = names.as_slice()
            && matches!(join.as_str(), "join" | "resolve")
            && matches!(owner.as_str(), "path" | "File" | "posixpath")
        {
            let items = split_commas(&a[open + 1..a.len() - 1]);
            if !items.is_empty() && items.iter().any(|i| matches!(i, [(Tok::Str(..), _)])) {
                let mut parts = Vec::new();
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        parts.push(Val::Lit("/".into(), OffsetMap::identity(item[0].1)));
                    }
                    parts.push(self.value_in(&item.to_vec(), depth + 1));
                }
                return Val::Parts(parts);
            }
        }
        // `"/srv/" + name`, `'/srv/' . $name`
        let join = if matches!(self.lang, Lang::Perl | Lang::Php) {
            '.'
        } else {
            '+'
        };
        let pieces = split_at_depth0(&a, join);
        if pieces.len() > 1 && depth < 3 && pieces.iter().any(|p| matches!(p, [(Tok::Str(..), _)])) {
            let parts = pieces
                .into_iter()
                .map(|p| self.value_in(&p.to_vec(), depth + 1))
                .collect();
            return Val::Parts(parts);
        }
        if let Some(name) = env_var(&a) {
            return Val::Dyn(name, at, true);
        }
        // the home directory: `os.path.expanduser("~")`, `Path.home()`, `os.homedir()`, `Dir.home`
        let home = match a.as_slice() {
            [.., (Tok::Ident(w), _), (Tok::Punct('('), _), (Tok::Punct(')'), _)] => w == "homedir" || w == "home",
            [.., (Tok::Punct('.'), _), (Tok::Ident(w), _)] => w == "home",
            [
                ..,
                (Tok::Ident(w), _),
                (Tok::Punct('('), _),
                (Tok::Str(v, _, true), _),
                (Tok::Punct(')'), _),
            ] => w == "expanduser" && v == "~",
            _ => false,
        };
        if home {
            return Val::Dyn("HOME".into(), at, true);
        }
        let words: Vec<&str> = a
            .iter()
            .filter_map(|t| match &t.0 {
                Tok::Ident(w) if !w.is_empty() => Some(w.as_str()),
                _ => None,
            })
            .take(3)
            .collect();
        let mut name: String = words
            .join("_")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(40)
            .collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            name = format!("ARG{name}");
        }
        Val::Dyn(name, at, false)
    }

    /// The pieces of a formatted string: `"…%s…" % x` (Python, Ruby), `"…{}…".format(x)`
    /// (Python), `sprintf("…%s…", x)` / `format(…)` (Perl, Ruby, PHP).
    fn formatted(&self, a: &[(Tok, usize)], depth: usize) -> Option<Vec<Val>> {
        let (v, m, args, braces): (&String, &OffsetMap, Vec<Toks<'_>>, bool) = match a {
            [(Tok::Str(v, m, _), _), (Tok::Punct('%'), _), rest @ ..]
                if matches!(self.lang, Lang::Python | Lang::Ruby) && !rest.is_empty() =>
            {
                let args = match rest {
                    [(Tok::Punct('(' | '['), _), inner @ .., (Tok::Punct(')' | ']'), _)] => split_commas(inner),
                    _ => vec![rest],
                };
                (v, m, args, false)
            }
            [
                (Tok::Str(v, m, _), _),
                (Tok::Punct('.'), _),
                (Tok::Ident(f), _),
                (Tok::Punct('('), _),
                inner @ ..,
                (Tok::Punct(')'), _),
            ] if f == "format" && self.lang == Lang::Python => (v, m, split_commas(inner), true),
            [
                (Tok::Ident(f), _),
                (Tok::Punct('('), _),
                inner @ ..,
                (Tok::Punct(')'), _),
            ] if matches!(f.as_str(), "sprintf" | "format")
                && matches!(self.lang, Lang::Perl | Lang::Ruby | Lang::Php) =>
            {
                let mut items = split_commas(inner);
                let [(Tok::Str(v, m, _), _)] = items.first()? else {
                    return None;
                };
                items.remove(0);
                (v, m, items, false)
            }
            _ => return None,
        };
        let positional: Vec<Toks<'_>> = args.iter().copied().filter(|t| pair(t).is_none()).collect();
        let arg_val = |k: usize, at: usize| match positional.get(k) {
            Some(t) => self.value_in(&t.to_vec(), depth + 1),
            None => Val::Dyn("ARG".into(), at, false),
        };
        let b = v.as_bytes();
        let mut out: Vec<Val> = Vec::new();
        let mut lit = TextBuilder::new();
        let flush = |lit: &mut TextBuilder, out: &mut Vec<Val>| {
            let (t, map) = std::mem::replace(lit, TextBuilder::new()).finish();
            if !t.is_empty() {
                out.push(Val::Lit(t, map));
            }
        };
        let (mut next, mut i, mut any) = (0usize, 0usize, false);
        while i < b.len() {
            let c = b[i];
            if !braces && c == b'%' {
                if b.get(i + 1) == Some(&b'%') {
                    lit.push("%", m.map(i), true);
                    i += 2;
                    continue;
                }
                // `%s`, `%-10s`, `%(name)s`, `%05d`
                let mut e = i + 1;
                if b.get(e) == Some(&b'(') {
                    while e < b.len() && b[e] != b')' {
                        e += 1;
                    }
                    e += 1;
                }
                while e < b.len() && (b[e].is_ascii_digit() || b"-+ #.*".contains(&b[e])) {
                    e += 1;
                }
                if e < b.len() && b"sdirfFxXoeEgGcu".contains(&b[e]) {
                    flush(&mut lit, &mut out);
                    out.push(arg_val(next, m.map(i)));
                    next += 1;
                    any = true;
                    i = e + 1;
                    continue;
                }
            }
            if braces && c == b'{' {
                if b.get(i + 1) == Some(&b'{') {
                    lit.push("{", m.map(i), true);
                    i += 2;
                    continue;
                }
                if let Some(close) = closing_brace(b, i) {
                    let field = v[i + 1..close].split(['!', ':']).next().unwrap_or("");
                    let val = if field.is_empty() {
                        next += 1;
                        arg_val(next - 1, m.map(i))
                    } else if let Ok(k) = field.parse::<usize>() {
                        arg_val(k, m.map(i))
                    } else {
                        match args.iter().filter_map(|t| pair(t)).find(|(k, _, _)| k == field) {
                            Some((_, _, value)) => self.value_in(&value.to_vec(), depth + 1),
                            None => Val::Dyn(
                                field
                                    .chars()
                                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                                    .collect(),
                                m.map(i),
                                false,
                            ),
                        }
                    };
                    flush(&mut lit, &mut out);
                    out.push(val);
                    any = true;
                    i = close + 1;
                    continue;
                }
            }
            let ch = v[i..].chars().next().expect("char boundary");
            lit.push(ch.encode_utf8(&mut [0; 4]), m.map(i), true);
            i += ch.len_utf8();
        }
        flush(&mut lit, &mut out);
        any.then_some(out)
    }

    /// The pieces of an interpolating string: its text, and each interpolated expression
    /// (`{…}` in a Python f-string, `${…}` in JavaScript, `#{…}` in Ruby, `$name`/`${name}`/
    /// `{$name}` in Perl and PHP) as its value. `None` when it interpolates nothing.
    fn interpolated(&self, v: &str, m: &OffsetMap, at: usize, depth: usize) -> Option<Vec<Val>> {
        let b = v.as_bytes();
        let mut out: Vec<Val> = Vec::new();
        let mut lit = TextBuilder::new();
        let flush = |lit: &mut TextBuilder, out: &mut Vec<Val>| {
            let (t, map) = std::mem::replace(lit, TextBuilder::new()).finish();
            if !t.is_empty() {
                out.push(Val::Lit(t, map));
            }
        };
        let mut i = 0;
        let mut any = false;
        while i < b.len() {
            // the expression's text range
            let expr = match (self.lang, b[i]) {
                (Lang::Python, b'{') if b.get(i + 1) == Some(&b'{') => {
                    lit.push("{", m.map(i), true);
                    i += 2;
                    continue;
                }
                (Lang::Python, b'{') => closing_brace(b, i).map(|e| (i, i + 1, e, e + 1)),
                (Lang::Node, b'$') | (Lang::Ruby, b'#') if b.get(i + 1) == Some(&b'{') => {
                    closing_brace(b, i + 1).map(|e| (i, i + 2, e, e + 1))
                }
                (Lang::Perl | Lang::Php, b'$') if b.get(i + 1) == Some(&b'{') => {
                    closing_brace(b, i + 1).map(|e| (i, i + 2, e, e + 1))
                }
                (Lang::Php, b'{') if b.get(i + 1) == Some(&b'$') => closing_brace(b, i).map(|e| (i, i + 1, e, e + 1)),
                (Lang::Perl | Lang::Php, b'$' | b'@')
                    if b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') =>
                {
                    let mut e = i + 1;
                    while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                        e += 1;
                    }
                    // `$ENV{HOME}`, `$h{key}`, `$a[0]`
                    if self.lang == Lang::Perl
                        && b.get(e) == Some(&b'{')
                        && let Some(close) = closing_brace(b, e)
                    {
                        e = close + 1;
                    }
                    Some((i, i, e, e))
                }
                _ => None,
            };
            let Some((from, inner, inner_end, to)) = expr else {
                let ch = v[i..].chars().next().expect("char boundary");
                lit.push(ch.encode_utf8(&mut [0; 4]), m.map(i), true);
                i += ch.len_utf8();
                continue;
            };
            any = true;
            flush(&mut lit, &mut out);
            // `{name!r}`, `{name:>10}`: the expression only
            let text = &v[inner..inner_end];
            let text = if self.lang == Lang::Python {
                text.split(['!', ':']).next().unwrap_or(text)
            } else {
                text
            };
            let (mut toks, _) = lex(self.lang, text);
            for t in &mut toks {
                t.1 = m.map(inner + t.1);
            }
            let val = match toks.as_slice() {
                // a name assigned a literal before the string
                [(Tok::Ident(n), _)] => match self.assigned(self.toks.partition_point(|t| t.1 < at), n) {
                    Some((f, t)) if t > f => self.value_in(&self.toks[f..t].to_vec(), depth + 1),
                    _ => self.value_in(&toks, depth + 1),
                },
                _ => self.value_in(&toks, depth + 1),
            };
            out.push(match val {
                Val::Dyn(name, _, env) => Val::Dyn(name, m.map(from), env),
                other => other,
            });
            i = to.max(i + 1);
        }
        flush(&mut lit, &mut out);
        any.then_some(out)
    }

    /// A call with a destructive verb rebuilt as a command line (see [`Found::calls`]).
    fn rebuilt(
        &self,
        start: usize,
        callee: &[String],
        word: &str,
        args: &[Arg],
        recv: &Receiver,
    ) -> (String, OffsetMap) {
        let mut b = TextBuilder::new();
        let last = callee.last().map(String::as_str).unwrap_or("");
        let name_at = self.toks[start.min(self.toks.len())..]
            .iter()
            .take(3 * callee.len())
            .rfind(|t| matches!(&t.0, Tok::Ident(n) if n == last))
            .map_or(0, |t| t.1);
        b.push(word, name_at, false);
        for (c, open) in recv.chain.iter().rev() {
            let cargs = arguments(&self.toks, *open).0;
            let Some(key) = c.last() else { continue };
            for a in cargs.iter().filter(|a| !a.is_empty() && !is_keyword_arg(a)) {
                let at = a[0].1;
                self.emit(&mut b, Some((key.clone(), at)), a, 0);
            }
        }
        for a in args {
            self.emit(&mut b, None, a, 0);
        }
        b.finish()
    }

    /// Appends an argument (under `key`, a `--key` option) to a rebuilt call.
    fn emit(&self, b: &mut TextBuilder, key: Option<(String, usize)>, toks: &[(Tok, usize)], depth: usize) {
        if toks.is_empty() || depth > 4 || b.text.len() > 4000 {
            return;
        }
        let sub = |k: &str, at: usize| match &key {
            Some((p, _)) => (format!("{p}.{k}"), at),
            None => (k.to_owned(), at),
        };
        // `Key=value`, `key: value`, `"key" => value` (only where no key is set yet, or in a map)
        if let Some((k, at, rest)) = pair(toks) {
            return self.emit(b, Some(sub(&k, at)), rest, depth + 1);
        }
        // `**params`, `...params`: the mapping spread into the call, when the code assigns it
        if let [(Tok::Punct('*' | '.'), _), ..] = toks {
            let rest: Arg = toks
                .iter()
                .skip_while(|t| matches!(t.0, Tok::Punct('*' | '.')))
                .cloned()
                .collect();
            let resolved = self.resolved(&rest);
            if matches!(resolved.first().map(|t| &t.0), Some(Tok::Punct('{'))) {
                return self.emit(b, key, &resolved, depth + 1);
            }
        }
        match (&toks[0].0, &toks[toks.len() - 1].0) {
            (Tok::Punct('{'), Tok::Punct('}')) if toks.len() >= 2 => {
                for item in split_commas(&toks[1..toks.len() - 1]) {
                    match (pair(item), item) {
                        (Some((k, at, rest)), _) => self.emit(b, Some(sub(&k, at)), rest, depth + 1),
                        // `{ Bucket }`: a property named after a variable
                        (None, [(Tok::Ident(k), at)]) => {
                            self.emit(b, Some(sub(k, *at)), item, depth + 1);
                        }
                        _ => {}
                    }
                }
                return;
            }
            (Tok::Punct('['), Tok::Punct(']')) if toks.len() >= 2 => {
                for item in split_commas(&toks[1..toks.len() - 1]) {
                    self.emit(b, key.clone(), item, depth + 1);
                }
                return;
            }
            _ => {}
        }
        let flag = |b: &mut TextBuilder| {
            if let Some((k, at)) = &key {
                b.push(" ", *at, false);
                b.push(&format!("--{k}"), *at, false);
            }
        };
        match toks {
            [(Tok::Ident(w), at)] if matches!(w.as_str(), "true" | "True") => {
                if key.is_some() {
                    flag(b);
                } else {
                    b.push(" true", *at, false);
                }
            }
            [(Tok::Ident(w), _)] if matches!(w.as_str(), "false" | "False" | "None" | "null" | "nil" | "undefined") => {
            }
            _ => {
                flag(b);
                let v = self.value(&toks.to_vec());
                b.push(" ", v.at(), false);
                push_val(b, &v);
            }
        }
    }
}

/// `Key=value`, `key: value`, `"key": value`, `:key => value`, `'key' => value`: the key, where
/// it stands, and the value's tokens.
fn pair(toks: &[(Tok, usize)]) -> Option<(String, usize, Toks<'_>)> {
    let (toks, symbol) = match toks {
        [(Tok::Punct(':'), _), rest @ ..] => (rest, true),
        _ => (toks, false),
    };
    let (key, at) = match toks.first() {
        Some((Tok::Ident(k), at)) => (k.clone(), *at),
        Some((Tok::Str(k, _, true), at)) if !symbol => (k.clone(), *at),
        _ => return None,
    };
    let rest = &toks[1..];
    let value = match rest {
        [(Tok::Punct('='), _), (Tok::Punct('>'), _), v @ ..] => v,
        [(Tok::Punct('='), _), (Tok::Punct('='), _), ..] => return None,
        // `Foo::Bar`, `a ? b : c`… but `force: :cascade` (a Ruby symbol value)
        [(Tok::Punct('=' | ':'), a), (Tok::Punct(':'), b), ..] if *b == a + 1 => return None,
        [(Tok::Punct('=' | ':'), _), v @ ..] if !symbol => v,
        _ => return None,
    };
    (!value.is_empty() && !key.is_empty()).then_some((key, at, value))
}

/// Items between commas at depth zero.
fn split_commas(toks: &[(Tok, usize)]) -> Vec<&[(Tok, usize)]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    for (k, t) in toks.iter().enumerate() {
        match t.0 {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
            Tok::Punct(',') if depth == 0 => {
                out.push(&toks[from..k]);
                from = k + 1;
            }
            _ => {}
        }
    }
    out.push(&toks[from..]);
    out.retain(|s| !s.is_empty());
    out
}

/// The value of property `name` of an object literal argument (`{ cmd: […] }`).
fn property(arg: &Arg, name: &str) -> Option<Arg> {
    let [(Tok::Punct('{'), _), inner @ .., (Tok::Punct('}'), _)] = arg.as_slice() else {
        return None;
    };
    split_commas(inner)
        .into_iter()
        .filter_map(pair)
        .find(|(k, _, _)| k == name)
        .map(|(_, _, v)| v.to_vec())
}

/// The environment variable an expression reads (`os.environ["X"]`, `os.getenv("X")`,
/// `process.env.X`, `ENV["X"]`, `$ENV{X}`, `Deno.env.get("X")`, `getenv('X')`).
fn env_var(toks: &[(Tok, usize)]) -> Option<String> {
    let k = toks.iter().position(|t| {
        matches!(&t.0, Tok::Ident(w) if matches!(w.to_ascii_lowercase().as_str(), "environ" | "env" | "getenv" | "_env"))
    })?;
    let mut rest = &toks[k + 1..];
    if let [(Tok::Punct('.'), _), (Tok::Ident(m), _), tail @ ..] = rest
        && matches!(m.as_str(), "get" | "fetch")
    {
        rest = tail;
    }
    let name = match rest {
        [
            (Tok::Punct('[' | '{' | '('), _),
            (Tok::Str(n, _, true) | Tok::Ident(n), _),
            ..,
        ] => n,
        [(Tok::Punct('.'), _), (Tok::Ident(n), _), ..] => n,
        _ => return None,
    };
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| name.clone())
}

/// A value as one shell word: literal text single-quoted, an unknown part a parameter.
fn push_val(b: &mut TextBuilder, v: &Val) {
    match v {
        Val::Lit(s, m) => push_quoted(b, s, m),
        Val::Dyn(name, at, true) => b.push(&format!("\"${name}\""), *at, false),
        Val::Dyn(name, at, false) => b.push(&format!("\"${{{name}:?}}\""), *at, false),
        Val::Parts(parts) => parts.iter().for_each(|p| push_val(b, p)),
    }
}

/// A value as shell code (what `os.system` is given): literal text as it is, an unknown part a
/// parameter.
fn push_code(b: &mut TextBuilder, v: &Val) {
    match v {
        Val::Lit(s, m) => {
            for (i, ch) in s.char_indices() {
                b.push(ch.encode_utf8(&mut [0; 4]), m.map(i), true);
            }
        }
        Val::Dyn(..) => push_val(b, v),
        Val::Parts(parts) => parts.iter().for_each(|p| push_code(b, p)),
    }
}

/// The `}` that closes the `{` at `open`.
fn closing_brace(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Tokens split at a punctuation character outside brackets (`a + b` at `+`).
fn split_at_depth0(toks: &[(Tok, usize)], at: char) -> Vec<Toks<'_>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    for (k, t) in toks.iter().enumerate() {
        match t.0 {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
            Tok::Punct(c) if c == at && depth == 0 => {
                out.push(&toks[from..k]);
                from = k + 1;
            }
            _ => {}
        }
    }
    out.push(&toks[from..]);
    out
}

/// A method's name in lowercase words: `delete_db_instance`, `DeleteDBInstanceCommand` and
/// `deleteDbInstance` are `delete db instance …`.
fn name_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = name.chars().collect();
    let mut cur = String::new();
    for (k, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && k > 0
            && (chars[k - 1].is_ascii_lowercase()
                || chars[k - 1].is_ascii_digit()
                || (chars[k - 1].is_ascii_uppercase() && chars.get(k + 1).is_some_and(|n| n.is_ascii_lowercase())));
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A destructive verb, also run together with `all` or `db` (`flushall`, `flushdb`).
fn is_verb(w: &str) -> bool {
    VERBS.contains(&w)
        || VERBS
            .iter()
            .any(|v| w.strip_prefix(v).is_some_and(|r| matches!(r, "all" | "db")))
}

/// Whether names (`cursor`, `pgPool`, `db_conn`) name a database object.
fn db_like(names: &[String]) -> bool {
    names
        .iter()
        .any(|n| name_words(n).iter().any(|w| DB_NOUNS.contains(&w.as_str())))
}

/// The first word of a call with a destructive verb (see [`Found::calls`]), or `None` when its
/// name has no such verb, or is only a weak one called on something not named like a data
/// holder (`headers.delete("x")`, `sys.stdout.flush()`, `df.drop(columns=…)`).
fn verb_call(callee: &[String], recv: &Receiver) -> Option<String> {
    let name = callee.last()?;
    let words = name_words(name);
    if !words.iter().any(|w| is_verb(w)) {
        return None;
    }
    // `delete_bucket`, `DeleteTableCommand`, `flushall`: the name says what it destroys
    let names_object = |w: &String| {
        (!is_verb(w) && !QUANTIFIERS.contains(&w.as_str())) || (is_verb(w) && !VERBS.contains(&w.as_str()))
    };
    if words.iter().any(names_object) {
        return Some(name.clone());
    }
    // only a verb: what it is called on says what it destroys
    if words.iter().all(|w| !is_verb(w) || COMPOUND_ONLY.contains(&w.as_str())) {
        return None;
    }
    let names = recv.all_names();
    let holds = |n: &str| {
        name_words(n)
            .iter()
            .any(|w| HOLDERS.contains(&w.as_str()) || HOLDERS.contains(&w.trim_end_matches('s')))
    };
    // shown as the nearest name that is not only a quantifier (`objects` in
    // `bucket.objects.all().delete()`, `users` in `db.users.drop()`)
    let nearest = names
        .iter()
        .rev()
        .find(|n| !name_words(n).iter().all(|w| QUANTIFIERS.contains(&w.as_str())));
    // something reached through a database object: a model or table (`prisma.user`, `db.orders`)
    let through_db = names.len() >= 2
        && !db_like(&[names[names.len() - 1].to_owned()])
        && db_like(
            &names[..names.len() - 1]
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>(),
        );
    // the database object itself dropped or truncated (`sequelize.drop()`, `db.truncate()`; not
    // `knex.destroy()`, which closes its connections)
    let db_itself = nearest.is_some_and(|n| db_like(&[n.to_string()]))
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "drop" | "truncate" | "wipe" | "purge" | "erase"));
    let holder = nearest.filter(|_| through_db || db_itself || names.iter().any(|n| holds(n)));
    // a class (`User.destroy_all`, `Order.truncate`): a model's table
    let model = names
        .last()
        .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()) && n.chars().any(|c| c.is_ascii_lowercase()));
    let strong = words.iter().any(|w| STRONG_VERBS.contains(&w.as_str()));
    let shown = holder.or(model).or(names.last().filter(|_| strong));
    match shown {
        Some(r) => Some(format!("{r}.{name}")),
        None if strong => Some(name.clone()),
        None => None,
    }
}

/// Whether an expression goes on past a line break after this token (an operator, a comma, an
/// opening bracket).
fn continues(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Punct(
            '(' | '[' | '{' | ',' | '+' | '-' | '*' | '/' | '%' | '.' | '=' | '&' | '|' | '\\' | ':' | '?' | '<' | '>'
        )
    )
}

/// How far back (in tokens) an opening bracket is looked for: long enough for real code,
/// bounded for any input.
const LOOK_BACK: usize = 2048;

/// How many tokens of a call's arguments (or of an assigned expression) are read.
const ARGS_READ: usize = 512;

/// The `(` (or `[`, `{`) that the closing bracket at `close` closes.
fn matching_open(toks: &[(Tok, usize)], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = close + 1;
    let floor = k.saturating_sub(LOOK_BACK);
    while k > floor {
        k -= 1;
        match toks[k].0 {
            Tok::Punct(')' | ']' | '}') => depth += 1,
            Tok::Punct('(' | '[' | '{') => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// A tagged template's SQL with each `${…}` (a bound parameter) as `$1`, `$2`, ….
fn placeholders(value: &str, map: &OffsetMap) -> (String, OffsetMap) {
    let mut b = TextBuilder::new();
    let bytes = value.as_bytes();
    let mut i = 0;
    let mut n = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
            let mut depth = 0;
            let mut j = i + 1;
            while j < bytes.len() {
                match bytes[j] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            n += 1;
            b.push(&format!("${n}"), map.map(i), false);
            i = (j + 1).min(bytes.len());
            continue;
        }
        let ch = value[i..].chars().next().expect("char boundary");
        b.push(ch.encode_utf8(&mut [0; 4]), map.map(i), true);
        i += ch.len_utf8();
    }
    b.finish()
}

/// The dotted name before the `(` at `i` (`os.system`, `require("child_process").execSync`),
/// and the index of its first token.
fn callee_before(toks: &[(Tok, usize)], i: usize) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut k = i;
    let mut start = i;
    while k > 0 {
        match &toks[k - 1].0 {
            Tok::Ident(n) => {
                out.push(n.clone());
                k -= 1;
                start = k;
                // `a.b`, `a::b`, `a->b`
                match k.checked_sub(1).map(|j| &toks[j].0) {
                    Some(Tok::Punct('.' | ':' | '>')) => {
                        k -= 1;
                        while k > 0 && matches!(toks[k - 1].0, Tok::Punct(':' | '-')) {
                            k -= 1;
                        }
                    }
                    _ => break,
                }
            }
            _ => break,
        }
    }
    out.reverse();
    (out, start)
}

/// The arguments of the call whose `(` is at `i`: each a run of tokens between commas at depth
/// one; and the index after the closing `)`.
fn arguments(toks: &[(Tok, usize)], i: usize) -> (Vec<Arg>, usize) {
    let mut args: Vec<Arg> = vec![Vec::new()];
    let mut depth = 0usize;
    let mut k = i;
    while k < toks.len() && k < i + ARGS_READ {
        let t = &toks[k];
        match t.0 {
            Tok::Punct('(' | '[' | '{') => {
                depth += 1;
                if depth > 1 {
                    args.last_mut().expect("one").push(t.clone());
                }
            }
            Tok::Punct(')' | ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (args, k + 1);
                }
                args.last_mut().expect("one").push(t.clone());
            }
            Tok::Punct(',') if depth == 1 => args.push(Vec::new()),
            _ => args.last_mut().expect("one").push(t.clone()),
        }
        k += 1;
        if args.len() > 64 {
            break;
        }
    }
    (args, k)
}

/// A single string literal.
fn literal(arg: &Arg) -> Option<(&str, &OffsetMap, bool)> {
    match arg.as_slice() {
        [(Tok::Str(v, m, lit), _)] => Some((v, m, *lit)),
        _ => None,
    }
}

/// The items of a list (`[a, "b", c]`).
fn list_items(arg: &Arg) -> Option<Vec<Toks<'_>>> {
    match arg.as_slice() {
        [(Tok::Punct('['), _), rest @ .., (Tok::Punct(']'), _)] => Some(split_commas(rest)),
        _ => None,
    }
}

/// A list of string literals (`["rm", "-rf", "/"]`, `%w[rm -rf /]` is not handled).
fn literal_list(arg: &Arg) -> Option<Vec<(&str, &OffsetMap)>> {
    let inner = match arg.as_slice() {
        [(Tok::Punct('['), _), rest @ .., (Tok::Punct(']'), _)] => rest,
        _ => return None,
    };
    let mut out = Vec::new();
    for (k, (t, _)) in inner.iter().enumerate() {
        match (k % 2, t) {
            (0, Tok::Str(v, m, true)) => out.push((v.as_str(), m)),
            (1, Tok::Punct(',')) => {}
            _ => return None,
        }
    }
    Some(out)
}

/// `shell=True`, `{ stdio: … }`: options, not part of the command.
fn is_keyword_arg(a: &Arg) -> bool {
    matches!(
        a.as_slice(),
        [(Tok::Ident(_), _), (Tok::Punct('=' | ':'), _), ..] | [(Tok::Punct('{'), _), ..]
    )
}

/// Words as a shell command line that reads back as the same words.
fn argv(words: &[(&str, &OffsetMap)]) -> (String, OffsetMap) {
    let mut b = TextBuilder::new();
    for (k, (w, m)) in words.iter().enumerate() {
        if k > 0 {
            b.push(" ", m.map(0), false);
        }
        push_quoted(&mut b, w, m);
    }
    b.finish()
}

fn push_quoted(b: &mut TextBuilder, w: &str, m: &OffsetMap) {
    b.push_single_quoted(w, m.map(0), m.map(w.len().saturating_sub(1)), |i| m.map(i));
}

/// Whether a string reads as SQL (after any leading comments: a script of statements often
/// starts with some).
fn looks_like_sql(s: &str) -> bool {
    let mut t = s.trim_start();
    loop {
        if let Some(rest) = t.strip_prefix("--") {
            t = rest.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(rest) = t.strip_prefix("/*") {
            t = rest.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    crate::extract::json::looks_like_sql("sql", t)
}

fn looks_like_graphql_text(s: &str) -> bool {
    let t = s.trim_start();
    (t.starts_with("mutation") || t.starts_with("query") || t.starts_with('{'))
        && (t.contains("mutation") || t.contains("query"))
        && t.contains('{')
}

fn clip(s: &str) -> String {
    let s: String = s.chars().take(40).collect();
    format!("`{s}`")
}

// ----- lexing --------------------------------------------------------------------------------

/// How many tokens of a piece of code are read (the rest is reported as not analysed).
pub const MAX_TOKENS: usize = 100_000;

/// Tokens of the code with their offsets: identifiers, numbers, string literals (decoded),
/// punctuation; and for each token whether a line break comes before it. Comments are skipped;
/// anything else is one punctuation token per character.
fn lex(lang: Lang, code: &str) -> (Vec<(Tok, usize)>, Vec<bool>) {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut nl: Vec<bool> = Vec::new();
    let mut line_break = false;
    let mut i = 0;
    while i < b.len() && out.len() < MAX_TOKENS {
        // the tokens pushed since the last turn come after the line breaks seen before them
        while nl.len() < out.len() {
            nl.push(line_break);
            line_break = false;
        }
        let c = b[i];
        match c {
            b'\n' => {
                line_break = true;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'0'..=b'9' => {
                let start = i;
                while i < b.len() && (b[i] == b'_' || b[i] == b'.' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                out.push((Tok::Num(code[start..i].to_owned()), start));
            }
            b'#' if matches!(lang, Lang::Python | Lang::Perl | Lang::Ruby | Lang::Awk | Lang::Php) => {
                // `#{…}` inside Ruby strings is handled by the string lexer; here it is a comment
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') && matches!(lang, Lang::Node | Lang::Php) => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') && matches!(lang, Lang::Node | Lang::Php) => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'\'' | b'"' => {
                let (tok, end) = string(lang, code, i);
                out.push((tok, i));
                i = end;
            }
            b'`' => {
                let (tok, end) = string(lang, code, i);
                let tok = match tok {
                    // backticks run their text in Perl, Ruby and PHP; in JavaScript they are a
                    // template string
                    Tok::Str(v, m, lit) if matches!(lang, Lang::Perl | Lang::Ruby | Lang::Php) => Tok::Exec(v, m, lit),
                    other => other,
                };
                out.push((tok, i));
                i = end;
            }
            _ if c == b'_' || c.is_ascii_alphabetic() || c == b'$' || c == b'@' => {
                let start = i;
                i += 1;
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                let word = &code[start..i];
                let word = word.trim_start_matches(['$', '@']);
                // `qx(…)`, `qx{…}` (Perl) and `%x(…)` (Ruby, below): a command
                if lang == Lang::Perl
                    && matches!(word, "qx" | "q" | "qq")
                    && let Some(&open) = b.get(i)
                    && let Some(close) = closing(open)
                {
                    let (value, map, end) = delimited(code, i, close);
                    let tok = if word == "qx" {
                        Tok::Exec(value, map, true)
                    } else {
                        Tok::Str(value, map, true)
                    };
                    out.push((tok, start));
                    i = end;
                    continue;
                }
                // Python string prefixes: r"…", b'…', f"…" (an f-string interpolates)
                if lang == Lang::Python
                    && word.len() <= 2
                    && word.chars().all(|ch| "rRbBuUfF".contains(ch))
                    && matches!(b.get(i), Some(b'\'' | b'"'))
                {
                    let (tok, end) = string(lang, code, i);
                    let tok = match tok {
                        Tok::Str(v, m, lit) => Tok::Str(v, m, lit && !word.to_ascii_lowercase().contains('f')),
                        other => other,
                    };
                    out.push((tok, start));
                    i = end;
                    continue;
                }
                out.push((Tok::Ident(word.to_owned()), start));
            }
            b'%' if lang == Lang::Ruby
                && matches!(b.get(i + 1), Some(b'x' | b'q' | b'Q'))
                && b.get(i + 2).copied().and_then(closing).is_some() =>
            {
                let close = closing(b[i + 2]).expect("checked");
                let (value, map, end) = delimited(code, i + 2, close);
                let tok = if b[i + 1] == b'x' {
                    Tok::Exec(value, map, true)
                } else {
                    Tok::Str(value, map, true)
                };
                out.push((tok, i));
                i = end;
            }
            _ => {
                let ch = code[i..].chars().next().expect("char boundary");
                out.push((Tok::Punct(ch), i));
                i += ch.len_utf8();
            }
        }
    }
    nl.resize(out.len(), line_break);
    (out, nl)
}

fn closing(open: u8) -> Option<u8> {
    Some(match open {
        b'(' => b')',
        b'{' => b'}',
        b'[' => b']',
        b'<' => b'>',
        b'|' | b'!' | b'/' | b'#' => open,
        _ => return None,
    })
}

/// A `qx(…)`-style literal whose opening delimiter is at `open_at`: its text (no escapes
/// decoded), a map, and the index after it.
fn delimited(code: &str, open_at: usize, close: u8) -> (String, OffsetMap, usize) {
    let b = code.as_bytes();
    let open = b[open_at];
    let mut depth = 1;
    let mut i = open_at + 1;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == close && open != close {
            depth -= 1;
        } else if b[i] == open && open != close {
            depth += 1;
        } else if b[i] == close {
            depth = 0;
        }
        if depth == 0 {
            break;
        }
        i += 1;
    }
    let end = i.min(b.len());
    let text = code.get(open_at + 1..end).unwrap_or("").to_owned();
    (text, OffsetMap::identity(open_at + 1), (end + 1).min(b.len()))
}

/// A quoted string starting at `start`: its decoded value, a map into the code, whether it
/// interpolates nothing, and the index after it.
fn string(lang: Lang, code: &str, start: usize) -> (Tok, usize) {
    let b = code.as_bytes();
    let q = b[start];
    let triple = lang == Lang::Python && b[start..].starts_with(&[q, q, q]);
    let open = if triple { 3 } else { 1 };
    // single quotes interpolate nothing and keep backslashes (but `\'` and `\\`), except in
    // Python and JavaScript where both kinds decode the same escapes
    let raw = q == b'\'' && matches!(lang, Lang::Perl | Lang::Ruby | Lang::Php | Lang::Awk);
    let mut literal = true;
    let mut bld = TextBuilder::new();
    let mut i = start + open;
    let mut end = b.len();
    while i < b.len() {
        if triple && b[i..].starts_with(&[q, q, q]) {
            end = i + 3;
            break;
        }
        if !triple && b[i] == q {
            end = i + 1;
            break;
        }
        let ch = code[i..].chars().next().expect("char boundary");
        if ch == '\\' && i + 1 < b.len() {
            let next = code[i + 1..].chars().next().expect("char boundary");
            let decoded = match next {
                'n' if !raw => Some('\n'),
                't' if !raw => Some('\t'),
                'r' if !raw => Some('\r'),
                '0' if !raw => Some('\0'),
                '\\' => Some('\\'),
                c if c == q as char => Some(c),
                '"' | '\'' | '`' | '$' if !raw => Some(next),
                _ => None,
            };
            match decoded {
                Some(d) => {
                    bld.push(d.encode_utf8(&mut [0; 4]), i, false);
                    i += 1 + next.len_utf8();
                }
                None => {
                    // an escape not decoded here (`\x72`, `\u0041`): the text is not what it reads
                    if !raw {
                        literal = false;
                    }
                    bld.push("\\", i, true);
                    i += 1;
                }
            }
            continue;
        }
        // interpolation: `${…}` (JavaScript templates, Ruby `#{…}`), `$var` (Perl, PHP "…")
        let interpolates = match lang {
            Lang::Node => q == b'`' && ch == '$' && b.get(i + 1) == Some(&b'{'),
            Lang::Ruby => q != b'\'' && ch == '#' && b.get(i + 1) == Some(&b'{'),
            Lang::Perl | Lang::Php => {
                q != b'\''
                    && matches!(ch, '$' | '@')
                    && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'{')
            }
            _ => false,
        };
        if interpolates {
            literal = false;
        }
        bld.push(ch.encode_utf8(&mut [0; 4]), i, true);
        i += ch.len_utf8();
    }
    let (value, map) = bld.finish();
    (Tok::Str(value, map, literal), end)
}

/// The span a scan result covers (for messages), or the whole code.
pub fn span_of(map: &OffsetMap, len: usize) -> Span {
    map.map_span(Span::new(0, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(lang: Lang, code: &str) -> Vec<String> {
        scan(lang, code).shell.into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn python() {
        assert_eq!(shell(Lang::Python, "import os; os.system('rm -rf /x')"), ["rm -rf /x"]);
        assert_eq!(
            shell(Lang::Python, "subprocess.run(['rm', '-rf', '/x'], check=True)"),
            ["'rm' '-rf' '/x'"]
        );
        assert_eq!(
            shell(Lang::Python, "subprocess.call(\"rm -rf /x\", shell=True)"),
            ["rm -rf /x"]
        );
        assert_eq!(shell(Lang::Python, "shutil.rmtree(\"/x\")"), ["rm -rf -- '/x'"]);
        assert_eq!(
            shell(Lang::Python, "print('os.system(\"rm -rf /\")')"),
            Vec::<String>::new()
        );
        assert!(scan(Lang::Python, "os.system(os.environ['CMD'])").dynamic.is_some());
        assert!(scan(Lang::Python, "os.system(f'rm -rf {d}')").dynamic.is_some());
    }

    #[test]
    fn node_perl_ruby_awk_php() {
        assert_eq!(
            shell(Lang::Node, "require('child_process').execSync(\"rm -rf /x\")"),
            ["rm -rf /x"]
        );
        assert_eq!(
            shell(Lang::Node, "fs.rmSync('/x', { recursive: true, force: true })"),
            ["rm -rf -- '/x'"]
        );
        assert_eq!(shell(Lang::Node, "fs.rmSync('/x')"), ["rm -f -- '/x'"]);
        assert_eq!(shell(Lang::Node, "spawnSync('rm', ['-rf', '/x'])"), ["'rm' '-rf' '/x'"]);
        assert_eq!(shell(Lang::Perl, "system(\"rm -rf /x\")"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Perl, "my $x = `rm -rf /x`;"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Perl, "qx{rm -rf /x}"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Ruby, "FileUtils.rm_rf('/x')"), ["rm -rf -- '/x'"]);
        assert_eq!(shell(Lang::Ruby, "%x(rm -rf /x)"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Ruby, "system 'rm -rf /x'"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Awk, "BEGIN { system(\"rm -rf /x\") }"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Awk, "BEGIN { \"rm -rf /x\" | getline }"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Php, "shell_exec('rm -rf /x');"), ["rm -rf /x"]);
    }

    #[test]
    fn maps_point_into_the_code() {
        let code = "os.system('rm -rf /x')";
        let f = scan(Lang::Python, code);
        let (text, map) = &f.shell[0];
        let at = text.find("/x").unwrap();
        assert_eq!(&code[map.map(at)..map.map(at) + 2], "/x");
    }

    #[test]
    fn graphql_strings() {
        let f = scan(
            Lang::Python,
            "requests.post(URL, json={'query': 'mutation { volumeDelete(volumeId: \"v\") }'})",
        );
        assert_eq!(f.graphql.len(), 1);
    }

    fn sql(lang: Lang, code: &str) -> Vec<String> {
        scan(lang, code).sql.into_iter().map(|(s, _)| s).collect()
    }

    fn calls(lang: Lang, code: &str) -> Vec<String> {
        scan(lang, code).calls.into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn filesystem_calls() {
        assert_eq!(shell(Lang::Python, "Path('/srv/x').unlink()"), ["rm -f -- '/srv/x'"]);
        assert_eq!(
            shell(Lang::Python, "import pathlib\np = pathlib.Path('/srv/x')\np.rmdir()"),
            ["rm -f -- '/srv/x'"]
        );
        assert_eq!(
            shell(Lang::Python, "os.removedirs('/srv/a/b')"),
            ["rm -f -- '/srv/a/b'"]
        );
        assert_eq!(
            shell(Lang::Python, "d = '/srv/data'\nshutil.rmtree(d)"),
            ["rm -rf -- '/srv/data'"]
        );
        assert_eq!(
            shell(Lang::Python, "shutil.rmtree(Path('/srv/x'))"),
            ["rm -rf -- '/srv/x'"]
        );
        assert_eq!(
            shell(Lang::Python, "shutil.rmtree(os.path.join('/srv', name))"),
            ["rm -rf -- '/srv''/'\"${name:?}\""]
        );
        assert_eq!(
            shell(
                Lang::Node,
                "fs.rmSync(path.join(os.homedir(), '.config'), {recursive: true})"
            ),
            ["rm -rf -- \"$HOME\"'/''.config'"]
        );
        // an environment variable is the shell's; any other unknown path is a parameter
        assert_eq!(
            shell(Lang::Python, "shutil.rmtree(os.environ['DIR'])"),
            ["rm -rf -- \"$DIR\""]
        );
        assert_eq!(
            shell(Lang::Node, "fs.rmSync(process.env.OUT, {recursive: true})"),
            ["rm -rf -- \"$OUT\""]
        );
        assert_eq!(
            shell(Lang::Python, "shutil.rmtree(target)"),
            ["rm -rf -- \"${target:?}\""]
        );
        // unknown objects' `unlink` is not a path's
        assert!(shell(Lang::Python, "sock.unlink()").is_empty());
        assert_eq!(
            shell(Lang::Node, "require('fs').promises.rm('/srv/x', {recursive: true})"),
            ["rm -rf -- '/srv/x'"]
        );
        assert_eq!(
            shell(Lang::Node, "await fsPromises.rm('/srv/x')"),
            ["rm -f -- '/srv/x'"]
        );
        assert_eq!(
            shell(Lang::Node, "fs.rmdirSync('/srv/x', { recursive: true })"),
            ["rm -rf -- '/srv/x'"]
        );
        assert_eq!(
            shell(Lang::Node, "fse.removeSync('/srv/x'); fsExtra.emptyDir('/srv/y')"),
            ["rm -rf -- '/srv/x'", "rm -rf -- '/srv/y'/*"]
        );
        assert!(shell(Lang::Node, "list.remove('/srv/x')").is_empty());
        assert_eq!(shell(Lang::Node, "rimraf.sync('/srv/x')"), ["rm -rf -- '/srv/x'"]);
        assert_eq!(
            shell(
                Lang::Node,
                "await Deno.remove('/srv/x', { recursive: true }); Deno.removeSync('/srv/f')"
            ),
            ["rm -rf -- '/srv/x'", "rm -f -- '/srv/f'"]
        );
        assert_eq!(
            shell(
                Lang::Node,
                "new Deno.Command('rm', { args: ['-rf', '/srv/x'] }).outputSync()"
            ),
            ["'rm' '-rf' '/srv/x'"]
        );
        assert_eq!(
            shell(Lang::Node, "Deno.run({ cmd: ['rm', '-rf', '/x'] })"),
            ["'rm' '-rf' '/x'"]
        );
        assert_eq!(
            shell(Lang::Node, "Bun.spawnSync(['rm', '-rf', '/x'])"),
            ["'rm' '-rf' '/x'"]
        );
        assert_eq!(shell(Lang::Node, "await $`rm -rf /x`"), ["rm -rf /x"]);
        assert!(scan(Lang::Node, "await $`rm -rf ${dir}`").dynamic.is_some());
        assert_eq!(
            shell(
                Lang::Ruby,
                "File.delete('/srv/x')\nFileUtils.rm_rf '/srv/y'\nPathname.new('/srv/z').rmtree"
            ),
            ["rm -f -- '/srv/x'", "rm -rf -- '/srv/y'", "rm -rf -- '/srv/z'"]
        );
        assert_eq!(
            shell(
                Lang::Perl,
                "File::Path::rmtree('/srv/x'); remove_tree('/srv/y'); unlink '/srv/z';"
            ),
            ["rm -rf -- '/srv/x'", "rm -rf -- '/srv/y'", "rm -f -- '/srv/z'"]
        );
        assert_eq!(
            shell(Lang::Php, "unlink('/srv/x'); rmdir('/srv/y');"),
            ["rm -f -- '/srv/x'", "rm -f -- '/srv/y'"]
        );
    }

    #[test]
    fn commands_through_variables() {
        assert_eq!(shell(Lang::Python, "cmd = 'rm -rf /x'\nos.system(cmd)"), ["rm -rf /x"]);
        assert_eq!(shell(Lang::Node, "const c = \"rm -rf /x\"; execSync(c)"), ["rm -rf /x"]);
        // reassigned from something unknown: run-time
        assert!(
            scan(Lang::Python, "cmd = 'ls'\ncmd = input()\nos.system(cmd)")
                .dynamic
                .is_some()
        );
        // a keyword argument is not an assignment
        assert!(
            scan(Lang::Python, "f(cmd='rm -rf /x')\nos.system(cmd)")
                .dynamic
                .is_some()
        );
    }

    #[test]
    fn sql_given_to_database_drivers() {
        assert_eq!(
            sql(
                Lang::Python,
                "c = psycopg2.connect(dsn); c.cursor().execute(\"DROP TABLE users\")"
            ),
            ["DROP TABLE users"]
        );
        assert_eq!(
            sql(Lang::Node, "await pool.query('TRUNCATE orders')"),
            ["TRUNCATE orders"]
        );
        assert_eq!(
            sql(Lang::Python, "cur.execute(\"\"\"\n  DELETE FROM orders\n\"\"\")"),
            ["\n  DELETE FROM orders\n"]
        );
        assert_eq!(
            sql(Lang::Python, "conn.execute(text('DROP TABLE x'))"),
            ["DROP TABLE x"]
        );
        assert_eq!(
            sql(Lang::Python, "q = 'DROP TABLE x'\ncur.execute(q)"),
            ["DROP TABLE x"]
        );
        assert_eq!(
            sql(
                Lang::Node,
                "await prisma.$executeRaw`DELETE FROM users WHERE id = ${id}`"
            ),
            ["DELETE FROM users WHERE id = $1"]
        );
        assert_eq!(sql(Lang::Perl, "$dbh->do('DROP TABLE t');"), ["DROP TABLE t"]);
        assert_eq!(
            sql(Lang::Php, "$pdo->exec(\"DROP DATABASE shop\");"),
            ["DROP DATABASE shop"]
        );
        assert_eq!(
            sql(Lang::Ruby, "ActiveRecord::Base.connection.execute 'TRUNCATE events'"),
            ["TRUNCATE events"]
        );
        // SQL-looking text that is not given to a database, and text that is not SQL
        assert!(sql(Lang::Python, "print('DROP TABLE users')").is_empty());
        assert!(sql(Lang::Node, "client.query('users')").is_empty());
        // the map points at the SQL in the code
        let code = "cur.execute('DROP TABLE users')";
        let f = scan(Lang::Python, code);
        let (text, map) = &f.sql[0];
        let at = text.find("users").unwrap();
        assert_eq!(&code[map.map(at)..map.map(at) + 5], "users");
    }

    #[test]
    fn sql_built_at_run_time() {
        let d = |lang, code| scan(lang, code).dynamic_sql;
        assert_eq!(
            d(Lang::Python, "cur.execute(f'DELETE FROM {t}')").as_deref(),
            Some("cur.execute(…)")
        );
        assert!(d(Lang::Python, "cursor.execute('DROP TABLE ' + name)").is_some());
        assert!(d(Lang::Python, "cur.execute(q)").is_some());
        assert!(d(Lang::Node, "await db.exec(sql)").is_some());
        assert!(d(Lang::Node, "await prisma.$executeRawUnsafe(`DROP TABLE ${t}`)").is_some());
        assert!(d(Lang::Python, "sqlite3.connect('x.db').execute(stmt)").is_some());
        // not database calls, or not SQL text
        assert!(d(Lang::Python, "requests.get(url)").is_none());
        assert!(d(Lang::Python, "redis_client.get(key)").is_none());
        assert!(d(Lang::Python, "session.execute(select(User).where(User.id == 1))").is_none());
        assert!(d(Lang::Node, "client.query({ text: q, values: [1] })").is_none());
        assert!(d(Lang::Node, "db.transaction(async (tx) => {})").is_none());
        assert!(d(Lang::Python, "subprocess.run(args)").is_none());
    }

    #[test]
    fn destructive_sdk_calls() {
        assert_eq!(
            calls(Lang::Python, "s3.delete_bucket(Bucket=\"x\")"),
            ["delete_bucket --Bucket 'x'"]
        );
        assert_eq!(
            calls(Lang::Python, "ec2.terminate_instances(InstanceIds=['i-1', 'i-2'])"),
            ["terminate_instances --InstanceIds 'i-1' --InstanceIds 'i-2'"]
        );
        assert_eq!(
            calls(
                Lang::Python,
                "rds.delete_db_instance(DBInstanceIdentifier='prod', SkipFinalSnapshot=True, DeleteAutomatedBackups=False)"
            ),
            ["delete_db_instance --DBInstanceIdentifier 'prod' --SkipFinalSnapshot"]
        );
        assert_eq!(
            calls(
                Lang::Node,
                "await client.send(new DeleteTableCommand({ TableName: 'orders', Force: true }))"
            ),
            ["DeleteTableCommand --TableName 'orders' --Force"]
        );
        assert_eq!(
            calls(
                Lang::Node,
                "s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'a' }] } }))"
            ),
            ["DeleteObjectsCommand --Bucket \"${b:?}\" --Delete.Objects.Key 'a'"]
        );
        assert_eq!(
            calls(Lang::Python, "storage.Client().bucket('prod-data').delete(force=True)"),
            ["bucket.delete --bucket 'prod-data' --force"]
        );
        assert_eq!(
            calls(
                Lang::Python,
                "client.delete_dataset(ds, delete_contents=True, not_found_ok=True)"
            ),
            ["delete_dataset \"${ds:?}\" --delete_contents --not_found_ok"]
        );
        assert_eq!(
            calls(Lang::Node, "db.getSiblingDB('logs').dropDatabase()"),
            ["dropDatabase --getSiblingDB 'logs'"]
        );
        assert_eq!(calls(Lang::Node, "db.users.drop()"), ["users.drop"]);
        assert_eq!(
            calls(Lang::Node, "await User.destroy({ truncate: true })"),
            ["User.destroy --truncate"]
        );
        assert_eq!(calls(Lang::Ruby, "User.delete_all\n"), ["User.delete_all"]);
        assert_eq!(
            calls(
                Lang::Ruby,
                "ActiveRecord::Migration.drop_table :users, force: :cascade\n"
            ),
            ["drop_table 'users' --force 'cascade'"]
        );
        assert_eq!(calls(Lang::Python, "r.flushall()"), ["flushall"]);
        assert_eq!(
            calls(
                Lang::Python,
                "params = {'Bucket': 'logs', 'Force': True}\ns3.delete_bucket(**params)"
            ),
            ["delete_bucket --Bucket 'logs' --Force"]
        );
        assert_eq!(
            calls(Lang::Node, "await prisma.user.deleteMany({})"),
            ["user.deleteMany"]
        );
        assert!(calls(Lang::Node, "await knex.destroy()").is_empty());
        assert_eq!(calls(Lang::Node, "await sequelize.drop()"), ["sequelize.drop"]);
        assert_eq!(
            calls(Lang::Php, "$s3->deleteBucket(['Bucket' => 'x']);"),
            ["deleteBucket --Bucket 'x'"]
        );
        assert_eq!(
            calls(
                Lang::Python,
                "boto3.client('s3').delete_object(Bucket=os.environ['B'], Key=k)"
            ),
            ["delete_object --client 's3' --Bucket \"$B\" --Key \"${k:?}\""]
        );
        // verbs on things that hold no data, and names without a destructive verb
        for quiet in [
            "sys.stdout.flush()",
            "df.drop(columns=['a'])",
            "headers.delete('x')",
            "items.remove(x)",
            "proc.terminate()",
            "stream.flush()",
            "queue.empty()",
            "cache_form.reset()",
            "s3.list_buckets()",
            "client.describe_instances(InstanceIds=['i-1'])",
        ] {
            assert!(calls(Lang::Python, quiet).is_empty(), "{quiet}");
        }
        // each word maps to where it stands
        let code = "s3.delete_bucket(Bucket='prod')";
        let f = scan(Lang::Python, code);
        let (text, map) = &f.calls[0];
        assert_eq!(map.map(0), code.find("delete_bucket").unwrap());
        let at = text.find("prod").unwrap();
        assert_eq!(&code[map.map(at)..map.map(at) + 4], "prod");
    }

    #[test]
    fn bad_input_is_bounded() {
        // code past what is read is said to be so
        assert!(scan(Lang::Python, &"x\n".repeat(MAX_TOKENS + 1)).truncated);
        assert!(!scan(Lang::Python, "x\n").truncated);
        let deep = "f(".repeat(30_000) + &")".repeat(30_000);
        let chain = "a()".to_owned() + &".b()".repeat(20_000);
        let paths = "Path(".repeat(5_000) + "'/x'" + &")".repeat(5_000) + ".unlink()";
        let sql = "cur.execute(".repeat(20_000);
        let verbs = "x = y\n".repeat(2_000) + &"bucket.delete(x)\n".repeat(10_000);
        for code in [
            deep.as_str(),
            chain.as_str(),
            paths.as_str(),
            sql.as_str(),
            verbs.as_str(),
            "cur.execute(\"DROP",
            "$`",
            "x = ",
            "= = =",
        ] {
            for lang in [Lang::Python, Lang::Node, Lang::Perl, Lang::Ruby, Lang::Php, Lang::Awk] {
                let _ = scan(lang, code);
            }
        }
    }

    #[test]
    fn values_built_from_pieces() {
        let f = scan(Lang::Python, "os.system(f\"rm -rf {d}\")");
        assert_eq!(
            f.shell.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
            ["rm -rf \"${d:?}\""]
        );
        assert!(f.dynamic.is_some());
        let f = scan(Lang::Python, "d = '/srv/x'\nos.system(f'rm -rf {d}')");
        assert_eq!(
            f.shell.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
            ["rm -rf /srv/x"]
        );
        assert!(f.dynamic.is_none());
        let f = scan(Lang::Python, "subprocess.run(['rm', '-rf', '/srv/' + name])");
        assert_eq!(
            f.shell.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
            ["'rm' '-rf' '/srv/'\"${name:?}\""]
        );
        assert!(f.dynamic.is_some());
        assert_eq!(
            shell(Lang::Python, "shutil.rmtree(f'/srv/{name}')"),
            ["rm -rf -- '/srv/'\"${name:?}\""]
        );
        assert_eq!(
            shell(Lang::Python, "os.system('rm -rf ' + os.environ['DIR'])"),
            ["rm -rf \"$DIR\""]
        );
        assert_eq!(
            shell(Lang::Perl, "system(\"rm -rf $ENV{HOME}/x\")"),
            ["rm -rf \"$HOME\"/x"]
        );
        assert_eq!(
            shell(Lang::Node, "execSync(`rm -rf ${process.env.HOME}/.cache`)"),
            ["rm -rf \"$HOME\"/.cache"]
        );
        assert_eq!(shell(Lang::Ruby, "system(\"rm -rf #{dir}\")"), ["rm -rf \"${dir:?}\""]);
        assert_eq!(
            shell(Lang::Php, "shell_exec(\"rm -rf {$dir}/x\");"),
            ["rm -rf \"${dir:?}\"/x"]
        );
        // the map of a filled-in name points at its literal
        let code = "d = '/srv/x'\nos.system(f'rm -rf {d}')";
        let f = scan(Lang::Python, code);
        let (text, map) = &f.shell[0];
        let at = text.find("/srv").unwrap();
        assert_eq!(&code[map.map(at)..map.map(at) + 6], "/srv/x");
    }

    #[test]
    fn tagged_sql_inside_a_driver_call() {
        let f = scan(Lang::Node, "await db.execute(sql`DELETE FROM carts WHERE id = ${id}`)");
        assert_eq!(
            f.sql.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
            ["DELETE FROM carts WHERE id = $1"]
        );
        assert!(f.dynamic_sql.is_none());
    }

    #[test]
    fn formatted_strings() {
        assert_eq!(
            shell(Lang::Python, "os.system('rm -rf /srv/%s' % name)"),
            ["rm -rf /srv/\"${name:?}\""]
        );
        assert_eq!(
            shell(
                Lang::Python,
                "d = '/srv/x'\nos.system('rm -rf {} {t}'.format(d, t='/srv/y'))"
            ),
            ["rm -rf /srv/x /srv/y"]
        );
        assert_eq!(
            shell(Lang::Perl, "system(sprintf(\"rm -rf %s/cache\", $ENV{HOME}));"),
            ["rm -rf \"$HOME\"/cache"]
        );
        assert_eq!(
            shell(Lang::Python, "os.system('echo 100%% %s' % (a, b))"),
            ["echo 100% \"${a:?}\""]
        );
    }
}
