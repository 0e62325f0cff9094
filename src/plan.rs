//! Builds a file's plan: every operation it would run, in order — each shell command, each
//! GraphQL root field, each SQL statement — following code wherever it is nested (a Markdown
//! fence, a tool call, `bash -c`, a heredoc, `echo … | sh`, `psql -c`, a curl body, a file
//! passed with `-d @body.json`). Rules run on each operation as it is added; the environment
//! analysis reads the whole plan afterwards.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use crate::discover::Lang;
use crate::extract::{self, Note, Snippet, SnippetLang, TextBuilder, UnreadKind};
use crate::finding::{Category, Finding, Severity};
use crate::graphql::{self, Document};
use crate::rules::schema::EmbedSpec;
use crate::rules::view::View;
use crate::rules::{FieldContext, Hit, RuleSet};
use crate::shell::{self, Part, Script, VarState, Word};
use crate::source::{OffsetMap, Span};
use crate::sql::{self, SqlDialect};

mod follow;

/// Code nested deeper than this (a `bash -c` in a `bash -c` in …) is not followed.
const MAX_NESTING: usize = 12;
/// Files named by a script (`-d @body.json`, `psql -f x.sql`) larger than this are not read.
const MAX_SIDE_FILE: u64 = 1024 * 1024;
/// Scripts beside the file followed in one plan, at most.
const MAX_FOLLOWED_SCRIPTS: usize = 64;

/// What an operation is; indexes into the plan's units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    Command { script: usize, index: usize },
    Field { doc: usize, operation: usize, field: usize },
    Sql { unit: usize, index: usize },
}

/// One operation of the plan.
#[derive(Clone, Debug)]
pub struct Op {
    pub kind: OpKind,
    /// In the original file.
    pub span: Span,
    pub origin: String,
    /// The operation whose code this one is nested in (the `curl` of a GraphQL field).
    pub parent: Option<usize>,
    /// The top-level step (fence, tool call) it belongs to.
    pub step: usize,
    /// The rules that matched it.
    pub hits: Vec<Hit>,
}

/// A parsed shell snippet.
#[derive(Debug)]
pub struct ScriptUnit {
    pub script: Script,
    /// Snippet offsets → original file offsets.
    pub map: OffsetMap,
    pub origin: String,
    pub parent: Option<usize>,
    /// The functions the script defines or calls into (looked up per command: a scan of every
    /// command made long scripts quadratic).
    pub functions: rustc_hash::FxHashSet<String>,
}

/// A parsed GraphQL document with the request's variables.
#[derive(Debug)]
pub struct DocUnit {
    pub doc: Document,
    pub map: OffsetMap,
    pub vars: BTreeMap<String, graphql::Value>,
    pub origin: String,
    pub parent: Option<usize>,
}

/// Classified SQL statements.
#[derive(Debug)]
pub struct SqlUnit {
    pub statements: Vec<sql::Statement>,
    pub map: OffsetMap,
    pub origin: String,
    pub parent: Option<usize>,
}

/// A file's plan.
#[derive(Debug, Default)]
pub struct Plan {
    pub ops: Vec<Op>,
    pub scripts: Vec<ScriptUnit>,
    pub docs: Vec<DocUnit>,
    pub sqls: Vec<SqlUnit>,
    /// What the plan says it is for (headings, the user's task, comments).
    pub notes: Vec<Note>,
    /// Findings of the rules and of the parsers.
    pub findings: Vec<Finding>,
}

impl Plan {
    pub fn command(&self, op: &Op) -> Option<(&ScriptUnit, &shell::Command)> {
        match op.kind {
            OpKind::Command { script, index } => {
                let u = &self.scripts[script];
                Some((u, &u.script.commands[index]))
            }
            _ => None,
        }
    }
}

/// Builds plans.
pub struct Planner<'a> {
    rules: &'a RuleSet,
    /// The directory of the analysed file, for files a script names.
    base_dir: Option<&'a Path>,
    plan: Plan,
    step: usize,
    /// The scripts beside the file being followed (`bash x.sh`, `. ./env.sh` inside
    /// `./deploy.sh` …), innermost last: scripts that run each other cannot loop.
    active: Vec<PathBuf>,
    /// How many scripts were followed: a bound on the reading, however they fan out.
    followed: usize,
    /// Files earlier commands wrote (`printf … > x.sh`), for the commands that run them.
    written: follow::WrittenFiles,
    /// Symlinks earlier commands made: (link, target).
    links: Vec<(String, String)>,
    /// The directory earlier `cd`s moved to, relative to `base_dir` (empty: that directory) or
    /// absolute; `None` once it is not known (`cd "$DIR"`, `popd`), when relative paths name
    /// no file that can be read.
    cwd: Option<String>,
    /// Files named by absolute path are read too (see [`crate::engine::Options::local_files`]).
    local_files: bool,
}

impl<'a> Planner<'a> {
    /// The plan of a whole file.
    pub fn file(rules: &'a RuleSet, text: &str, lang: Lang, base_dir: Option<&'a Path>) -> Plan {
        Planner::file_with(rules, text, lang, base_dir, false)
    }

    /// [`Planner::file`], also reading files named by absolute path when `local_files`.
    pub fn file_with(
        rules: &'a RuleSet,
        text: &str,
        lang: Lang,
        base_dir: Option<&'a Path>,
        local_files: bool,
    ) -> Plan {
        let mut p = Planner {
            local_files,
            rules,
            base_dir,
            plan: Plan::default(),
            step: 0,
            active: Vec::new(),
            followed: 0,
            written: follow::WrittenFiles::default(),
            links: Vec::new(),
            cwd: Some(String::new()),
        };
        let whole = |l: SnippetLang, origin: &str| Snippet::new(l, text.to_owned(), OffsetMap::identity(0), origin);
        match lang {
            Lang::Shell => p.snippet(whole(SnippetLang::Shell, "shell"), None, 0),
            Lang::Graphql => p.snippet(whole(SnippetLang::Graphql, "graphql"), None, 0),
            Lang::Sql => p.snippet(whole(SnippetLang::Sql(SqlDialect::Generic), "sql"), None, 0),
            Lang::Markdown => p.extracted(extract::markdown::extract(text)),
            Lang::Json => p.extracted(extract::json::extract(text, false)),
            Lang::Jsonl => p.extracted(extract::json::extract(text, true)),
        }
        p.plan
    }

    fn extracted(&mut self, ex: extract::Extracted) {
        self.plan.notes.extend(ex.notes);
        for u in ex.unread {
            self.unread(u, &OffsetMap::identity(0), "json");
        }
        for s in ex.snippets {
            self.snippet(s, None, 0);
            self.step += 1;
        }
    }

    fn snippet(&mut self, s: Snippet, parent: Option<usize>, depth: usize) {
        if parent.is_none() {
            return self.snippet_in(s, parent, depth);
        }
        // code a command runs (`bash -c`, a Makefile recipe, a script) runs in a process of its
        // own: its `cd`s do not move the commands after it
        let cwd = self.cwd.clone();
        self.snippet_in(s, parent, depth);
        self.cwd = cwd;
    }

    fn snippet_in(&mut self, mut s: Snippet, parent: Option<usize>, depth: usize) {
        if let Some((path, whole)) = s.written_to.take() {
            // a file an agent's tool writes: not run now, maybe later
            let key = normalize_rel(&path.to_string_lossy());
            self.written.insert(follow::Written {
                path: key,
                text: whole.then_some(s.text),
                by: s.origin.rsplit('/').next().unwrap_or("a file tool").to_owned(),
            });
            return;
        }
        if let Some(file) = s.source_file.take() {
            if self.followed >= MAX_FOLLOWED_SCRIPTS || self.active.contains(&file) {
                return;
            }
            self.followed += 1;
            self.active.push(file);
            self.snippet(s, parent, depth);
            self.active.pop();
            return;
        }
        if depth > MAX_NESTING {
            let span = s.map.map_span(Span::new(0, s.text.len()));
            let f = self.core(
                "analysis-truncated",
                Severity::Warning,
                "code nested this deep was not analysed".into(),
                span,
                &s.origin,
            );
            self.plan.findings.push(f);
            return;
        }
        match s.lang {
            SnippetLang::Shell => self.shell(s, parent, depth),
            SnippetLang::Graphql => self.graphql(s, parent),
            SnippetLang::Sql(d) => self.sql(s, d, parent),
            SnippetLang::Json => {
                let ex = extract::json::extract(&s.text, false);
                // a malformed body is not sent; one nested too deep to look into may hide a call
                for u in ex.unread.into_iter().filter(|u| u.kind != UnreadKind::Malformed) {
                    self.unread(u, &s.map, &s.origin);
                }
                for n in ex.notes {
                    self.plan.notes.push(Note {
                        text: n.text,
                        span: s.map.map_span(n.span),
                    });
                }
                for mut inner in ex.snippets {
                    inner.map = s.map.compose(&inner.map, inner.text.len());
                    inner.origin = format!("{}/{}", s.origin, inner.origin.trim_start_matches("json:"));
                    self.snippet(inner, parent, depth + 1);
                }
            }
        }
    }

    /// A part of an input the extractor could not look into: nested too deep (it may hide a
    /// step: a warning), or malformed.
    fn unread(&mut self, u: extract::Unread, map: &OffsetMap, origin: &str) {
        let (rule, severity) = match u.kind {
            UnreadKind::TooDeep => ("analysis-truncated", Severity::Warning),
            UnreadKind::Malformed => ("syntax-error", Severity::Info),
            UnreadKind::PersistedQuery => ("dynamic-graphql", Severity::Warning),
        };
        let mut f = self.core(rule, severity, u.message, map.map_span(u.span), origin);
        if u.kind == UnreadKind::PersistedQuery {
            f.category = Category::Dynamic;
            f.label = self.rules.get(rule).map(|r| r.spec().summary.clone());
        }
        self.plan.findings.push(f);
    }

    fn shell(&mut self, mut s: Snippet, parent: Option<usize>, depth: usize) {
        if s.text.contains('\0') {
            // bash ignores NUL bytes in its input, and so does the analysis (`r\0m` is `rm`)
            let mut b = TextBuilder::new();
            let mut at = 0;
            for piece in s.text.split('\0') {
                b.push(piece, at, true);
                at += piece.len() + 1;
            }
            let (text, map) = b.finish();
            s.map = s.map.compose(&map, text.len());
            s.text = text;
        }
        let rules = self.rules;
        let script = shell::parse_with(&s.text, &|p| rules.is_interesting(p));
        if s.partial {
            // rebuilt from partly known words: its syntax is not the file's
        } else if script.unusable {
            let span = s.map.map_span(Span::new(0, s.text.len()));
            let f = self.core(
                "syntax-error",
                Severity::Warning,
                "the shell code could not be parsed".into(),
                span,
                &s.origin,
            );
            self.plan.findings.push(f);
        } else {
            for e in &script.errors {
                let snippet = s.text.get(e.range()).unwrap_or("").lines().next().unwrap_or("").trim();
                let msg = if snippet.is_empty() {
                    "this part could not be parsed and was not analysed".to_owned()
                } else {
                    format!("could not parse `{}`; this part was not analysed", clip(snippet, 60))
                };
                let f = self.core("syntax-error", Severity::Info, msg, s.map.map_span(*e), &s.origin);
                self.plan.findings.push(f);
            }
        }
        if let Some(t) = script.truncated {
            let msg = "statements nested this deep were not analysed".to_owned();
            let f = self.core(
                "analysis-truncated",
                Severity::Warning,
                msg,
                s.map.map_span(t),
                &s.origin,
            );
            self.plan.findings.push(f);
        }
        if let Some(t) = script.calls_not_followed {
            let msg = "function calls from here on were not followed into their bodies: this script's budget for following calls is spent (commands in the functions are still checked where they are defined)".to_owned();
            let f = self.core("analysis-truncated", Severity::Info, msg, s.map.map_span(t), &s.origin);
            self.plan.findings.push(f);
        }
        for (at, what) in &script.limits {
            let f = self.core(
                "analysis-truncated",
                Severity::Warning,
                (*what).to_owned(),
                s.map.map_span(*at),
                &s.origin,
            );
            self.plan.findings.push(f);
        }
        let unit = self.plan.scripts.len();
        let n = script.commands.len();
        let functions = script
            .commands
            .iter()
            .flat_map(|c| [&c.context.in_function, &c.context.via_call])
            .flatten()
            .cloned()
            .collect();
        self.plan.scripts.push(ScriptUnit {
            functions,
            script,
            map: s.map,
            origin: s.origin,
            parent,
        });
        for index in 0..n {
            let (span, origin, hits) = {
                let u = &self.plan.scripts[unit];
                let cmd = &u.script.commands[index];
                let mut hits = self.rules.match_command(cmd);
                if let Some(c) = shifted(cmd) {
                    hits.extend(self.rules.match_command(&c));
                }
                for h in self.hidden_hits(cmd) {
                    if !hits.iter().any(|k| k.rule == h.rule) {
                        hits.push(h);
                    }
                }
                (u.map.map_span(cmd.span), u.origin.clone(), hits)
            };
            let op = self.push_op(
                OpKind::Command { script: unit, index },
                span,
                origin.clone(),
                parent,
                hits,
            );
            let dynamic = self
                .dynamic(unit, index)
                .or_else(|| self.dynamic_hidden(unit, index, !self.plan.ops[op].hits.is_empty()));
            self.remember(unit, index);
            if let Some((rule, severity, message)) = dynamic {
                let mut f = self.core(rule, severity, message, span, &origin);
                f.category = Category::Dynamic;
                f.label = self.rules.get(rule).map(|r| r.spec().summary.clone());
                f.anchor = Some(self.root_span(parent, span));
                self.plan.findings.push(f);
            }
            for inner in self.nested(unit, index) {
                self.snippet(inner, Some(op), depth + 1);
            }
        }
    }

    fn graphql(&mut self, s: Snippet, parent: Option<usize>) {
        let doc = match graphql::parse(&s.text) {
            Ok(d) => d,
            Err(e) => {
                let msg = format!("GraphQL syntax error: {}", e.message);
                let f = self.core(
                    "syntax-error",
                    Severity::Warning,
                    msg,
                    s.map.map_span(e.span),
                    &s.origin,
                );
                self.plan.findings.push(f);
                return;
            }
        };
        let unit = self.plan.docs.len();
        self.plan.docs.push(DocUnit {
            doc,
            map: s.map,
            vars: s.vars,
            origin: s.origin,
            parent,
        });
        let nops = self.plan.docs[unit].doc.operations.len();
        for oi in 0..nops {
            let u = &self.plan.docs[unit];
            let op = &u.doc.operations[oi];
            // with an operationName, only that operation runs
            if s.operation_name
                .as_ref()
                .is_some_and(|name| op.name.as_ref() != Some(name))
                && nops > 1
            {
                continue;
            }
            for fi in 0..op.fields.len() {
                let (span, origin, hits) = {
                    let u = &self.plan.docs[unit];
                    let op = &u.doc.operations[oi];
                    let field = &op.fields[fi];
                    let hits = self.rules.match_field(&FieldContext {
                        op,
                        field,
                        vars: &u.vars,
                    });
                    (u.map.map_span(field.span), u.origin.clone(), hits)
                };
                self.push_op(
                    OpKind::Field {
                        doc: unit,
                        operation: oi,
                        field: fi,
                    },
                    span,
                    origin,
                    parent,
                    hits,
                );
            }
        }
    }

    fn sql(&mut self, s: Snippet, dialect: SqlDialect, parent: Option<usize>) {
        let analysis = sql::analyze(&s.text, dialect);
        for (span, msg) in &analysis.errors {
            let f = self.core(
                "syntax-error",
                Severity::Info,
                msg.clone(),
                s.map.map_span(*span),
                &s.origin,
            );
            self.plan.findings.push(f);
        }
        let unit = self.plan.sqls.len();
        let n = analysis.statements.len();
        self.plan.sqls.push(SqlUnit {
            statements: analysis.statements,
            map: s.map,
            origin: s.origin,
            parent,
        });
        for index in 0..n {
            let (span, origin, hits) = {
                let u = &self.plan.sqls[unit];
                let st = &u.statements[index];
                (u.map.map_span(st.span), u.origin.clone(), self.rules.match_sql(st))
            };
            self.push_op(OpKind::Sql { unit, index }, span, origin, parent, hits);
        }
    }

    /// The span of the top-level operation an operation is nested in (itself at the top).
    pub fn root_span(&self, parent: Option<usize>, own: Span) -> Span {
        let mut span = own;
        let mut cur = parent;
        while let Some(p) = cur {
            span = self.plan.ops[p].span;
            cur = self.plan.ops[p].parent;
        }
        span
    }

    fn push_op(&mut self, kind: OpKind, span: Span, origin: String, parent: Option<usize>, hits: Vec<Hit>) -> usize {
        let anchor = self.root_span(parent, span);
        for hit in &hits {
            let rule = self.rules.rule(hit.rule);
            self.plan.findings.push(Finding {
                rule: rule.spec().id.clone(),
                category: rule.spec().category,
                severity: hit.severity,
                confidence: None,
                message: hit.message.clone(),
                help: Some(crate::docs::reflow(&rule.spec().help)),
                span,
                origin: origin.clone(),
                label: Some(rule.spec().summary.clone()),
                anchor: Some(anchor),
            });
        }
        self.plan.ops.push(Op {
            kind,
            span,
            origin,
            parent,
            step: self.step,
            hits,
        });
        self.plan.ops.len() - 1
    }

    fn core(&self, id: &str, severity: Severity, message: String, span: Span, origin: &str) -> Finding {
        Finding {
            rule: id.to_owned(),
            category: Category::Syntax,
            severity,
            confidence: None,
            message,
            help: self.rules.get(id).map(|r| crate::docs::reflow(&r.spec().help)),
            span,
            origin: origin.to_owned(),
            label: None,
            anchor: None,
        }
    }

    // ----- code only known at run time -----------------------------------------------------

    /// What a command runs that cannot be known without running it: a computed command word,
    /// `eval` of a variable, a shell fed with data nobody can read beforehand.
    fn dynamic(&self, unit: usize, index: usize) -> Option<(&'static str, Severity, String)> {
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        let fully_dynamic = |w: &Word| {
            !w.parts
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
                "dynamic-command",
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
            let emitter = u.script.commands[..index]
                .iter()
                .rev()
                .take_while(|c| c.context.in_substitution && cmd.span.start <= c.span.start)
                .any(|c| c.span.end <= cmd.span.end && c.program.as_deref().is_some_and(env_emitter));
            let severity = if emitter { Severity::Info } else { Severity::Warning };
            return Some((
                "dynamic-eval",
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
            .filter(|e| e.lang == "shell" && view.path_is(&e.command))
        {
            if let Some(group) = &e.option {
                let names: Vec<String> = group.split('|').map(str::to_owned).collect();
                for f in view.flags_named(&names) {
                    if f.terminated.is_none() && view.value_word(f).is_some_and(|w| fully_dynamic(&w)) {
                        let shown = clip(&cmd.display(), 60);
                        return Some((
                            "dynamic-shell-input",
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
                        "dynamic-shell-input",
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

    // ----- nested code -------------------------------------------------------------------

    /// The code a command runs that is given to it as an argument, an option or its input,
    /// as its program's `embeds` declare.
    fn nested(&self, unit: usize, index: usize) -> Vec<Snippet> {
        let mut out = self.declared_nested(unit, index);
        out.extend(self.hidden_code(unit, index));
        out
    }

    /// [`Planner::nested`] as the program's embed declarations say.
    fn declared_nested(&self, unit: usize, index: usize) -> Vec<Snippet> {
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        let Some(program) = cmd.program.as_deref() else {
            return Vec::new();
        };
        if let Some(s) = self.script_run_by_path(u, cmd) {
            return vec![s];
        }
        let Some(spec) = self.rules.program(program) else {
            return Vec::new();
        };
        if spec.embeds.is_empty() {
            return Vec::new();
        }
        let view = View::new(cmd, Some(spec));
        let mut out = Vec::new();
        for e in &spec.embeds {
            if !view.path_is(&e.command) {
                continue;
            }
            let origin = format!("{}/{program}", u.origin);
            let partial = cmd.args.iter().any(|a| !a.is_static()) && (e.args_from.is_some() || e.argv_from.is_some());
            for (text, map, file) in self.embedded_texts(u, index, &view, e) {
                let Some(lang) = embed_lang(e, &text) else { continue };
                let file_map = u.map.compose(&map, text.len());
                let mut snippet = Snippet::new(lang, text, file_map, origin.clone());
                snippet.partial = partial;
                snippet.source_file = file;
                if let Some(group) = &e.vars_option {
                    snippet.vars = graphql_vars(&view, group, e.prefix.as_deref());
                }
                out.push(snippet);
            }
        }
        out
    }

    /// `./deploy.sh`, `scripts/x.sh`: a shell script beside the file, run by its path, is
    /// followed (read, never run) once.
    fn script_run_by_path(&self, u: &ScriptUnit, cmd: &crate::shell::ir::Command) -> Option<Snippet> {
        let word = cmd.name.value()?;
        if !word.contains('/') || (Path::new(&word).is_absolute() && !self.local_files) {
            return None;
        }
        let text = self.side_file(&word)?;
        let shell = crate::discover::lang_from_name(Path::new(&word)) == Some(Lang::Shell)
            || crate::discover::is_shell_shebang(text.as_bytes());
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

    /// The texts (with their maps into the snippet) an embed declaration points at.
    fn embedded_texts(
        &self,
        u: &ScriptUnit,
        index: usize,
        view: &View,
        e: &EmbedSpec,
    ) -> Vec<(String, OffsetMap, Option<PathBuf>)> {
        let path_len = e.command.len();
        let rest: Vec<usize> = view.positionals.iter().skip(path_len).copied().collect();
        let cmd = &u.script.commands[index];
        let mut words: Vec<Word> = Vec::new();
        let mut texts: Vec<(String, OffsetMap)> = Vec::new();
        let mut scripts: Vec<(String, OffsetMap, Option<PathBuf>)> = Vec::new();
        if let Some(group) = &e.option {
            let names: Vec<String> = group.split('|').map(str::to_owned).collect();
            for f in view.flags_named(&names) {
                if let (Some(range), Some(_)) = (&f.terminated, e.argv_from) {
                    texts.extend(command_line(&cmd.args[range.clone()]));
                } else if let Some(w) = view.value_word(f) {
                    words.push(w);
                }
            }
        } else if let Some(k) = e.arg {
            words.extend(rest.get(k).map(|&i| cmd.args[i].clone()));
        } else if e.any_arg {
            words.extend(rest.iter().map(|&i| cmd.args[i].clone()));
        } else if let Some(from) = e.args_from {
            if let Some(&start) = rest.get(from) {
                texts.extend(joined(&cmd.args[start..]));
            }
        } else if let Some(from) = e.argv_from {
            // the raw words from that positional on: options after it belong to the inner command
            if let Some(&start) = rest.get(from) {
                texts.extend(command_line(&cmd.args[start..]));
            }
        } else if e.stdin {
            texts.extend(self.stdin_text(u, index, 0));
        }
        for w in words {
            let Some(value) = w.value() else { continue };
            let (mut value, mut map) = (value.clone(), w.map.clone());
            if let Some(p) = &e.prefix {
                // `query==x` is an HTTPie URL parameter, not a body field
                let Some(rest) = value
                    .strip_prefix(p.as_str())
                    .filter(|r| !(p.ends_with('=') && r.starts_with('=')))
                else {
                    continue;
                };
                map = map.compose(&OffsetMap::identity(p.len()), rest.len());
                value = rest.to_owned();
            }
            if let Some(sep) = &e.after {
                let Some(at) = value.find(sep.as_str()) else { continue };
                let skip = at + sep.len();
                map = map.compose(&OffsetMap::identity(skip), value.len() - skip);
                value = value[skip..].to_owned();
            }
            if let Some(fp) = &e.file_prefix
                && let Some(name) = value.strip_prefix(fp.as_str())
            {
                if name == "-" {
                    texts.extend(self.stdin_text(u, index, 0));
                } else if let Some(t) = self.side_file(name) {
                    let at = w.span.start();
                    texts.push((t, stretch(at)));
                }
                continue;
            }
            if e.file {
                if e.lang == "shell" {
                    // a script run by name: followed unless it is already being followed
                    let path = normalize_rel(&value);
                    if !self.active.contains(&path)
                        && let Some(t) = self.side_file(&value)
                    {
                        scripts.push((t, stretch(w.span.start()), Some(path)));
                    }
                } else if let Some(t) = self.side_file(&value) {
                    texts.push((t, stretch(w.span.start())));
                }
                continue;
            }
            texts.push((value, map));
        }
        texts.into_iter().map(|(t, m)| (t, m, None)).chain(scripts).collect()
    }

    /// What a command reads on standard input, when it is static: a heredoc, a here-string, a
    /// `< file` beside the script, or the output of `echo`/`printf`/`cat <<EOF`/`base64 -d`
    /// piped into it.
    fn stdin_text(&self, u: &ScriptUnit, index: usize, depth: usize) -> Option<(String, OffsetMap)> {
        if depth > 4 {
            return None;
        }
        let cmd = &u.script.commands[index];
        // a heredoc is code as written even with expansions; a here-string of a variable is not
        if let Some(input) = &cmd.stdin
            && (input.is_static || input.literal || input.heredoc)
        {
            return Some((input.text.clone(), input.map.clone()));
        }
        for r in &cmd.redirects {
            if r.op == "<"
                && r.fd.is_none_or(|fd| fd == 0)
                && let Some(t) = r.target.value().and_then(|p| self.side_file(&p))
            {
                return Some((t, stretch(r.target.span.start())));
            }
        }
        let from = cmd.piped_from?;
        self.static_output(u, from, depth + 1)
    }

    /// The output of a command when it is known without running anything.
    fn static_output(&self, u: &ScriptUnit, index: usize, depth: usize) -> Option<(String, OffsetMap)> {
        let cmd = &u.script.commands[index];
        match cmd.program.as_deref()? {
            "echo" => {
                let flags: Vec<&str> = cmd
                    .args
                    .iter()
                    .map_while(|a| a.as_lit().filter(|f| matches!(*f, "-n" | "-e" | "-E" | "-ne" | "-en")))
                    .collect();
                let escapes = flags.iter().any(|f| f.contains('e'));
                let args: Vec<&Word> = cmd.args.iter().skip(flags.len()).collect();
                let mut b = TextBuilder::new();
                for (k, a) in args.iter().enumerate() {
                    let v = a.value()?;
                    if k > 0 {
                        b.push(" ", a.span.start(), false);
                    }
                    if escapes && v.contains('\\') {
                        // `echo -e '\x72\x6d'`: decoded, reported at the word
                        let mut decoded = String::new();
                        crate::shell::escape::ansi_c(&v, 0, |c, _| decoded.push(c));
                        b.push(&decoded, a.span.start(), false);
                    } else {
                        push_mapped(&mut b, &v, &a.map);
                    }
                }
                let end = args.last().map_or(cmd.span.end(), |a| a.span.end());
                b.push("\n", end, false);
                Some(b.finish())
            }
            "printf" => {
                if cmd.args.first().and_then(Word::as_lit) == Some("-v") {
                    return None; // into a variable, not standard output
                }
                let format = cmd.args.iter().find(|a| a.as_lit() != Some("--"))?;
                let f = format.value()?;
                let fields: Vec<String> = cmd
                    .args
                    .iter()
                    .skip_while(|a| *a != format)
                    .skip(1)
                    .filter_map(Word::value)
                    .collect();
                let text = printf(&f, &fields);
                if fields.is_empty() && !f.contains('\\') && !f.contains('%') {
                    return Some((text, format.map.clone()));
                }
                Some((text, stretch(format.span.start())))
            }
            "cat" if cmd.args.is_empty() => self.stdin_text(u, index, depth),
            "base64"
                if cmd
                    .args
                    .iter()
                    .any(|a| matches!(a.as_lit(), Some("-d" | "--decode" | "-D"))) =>
            {
                let (input, map) = self.stdin_text(u, index, depth)?;
                let clean: String = input.chars().filter(|c| !c.is_whitespace()).collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&clean)
                    .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(&clean))
                    .ok()?;
                let text = String::from_utf8(bytes).ok()?;
                Some((text, stretch(map.map(0))))
            }
            _ => None,
        }
    }

    /// `… | sh`, `python3 - <<EOF`: a program that runs the code on its standard input, when that
    /// input is only known at run time.
    fn unknown_code_on_stdin(
        &self,
        u: &ScriptUnit,
        index: usize,
        program: &str,
    ) -> Option<(&'static str, Severity, String)> {
        let cmd = &u.script.commands[index];
        if (cmd.piped_from.is_none() && cmd.stdin.is_none()) || self.stdin_text(u, index, 0).is_some() {
            return None;
        }
        let source = cmd
            .piped_from
            .map(|from| clip(&u.script.commands[from].display(), 50))
            .unwrap_or_else(|| "its input".into());
        Some((
            "dynamic-shell-input",
            Severity::Warning,
            format!("`{program}` runs whatever `{source}` produces, which is only known at run time"),
        ))
    }

    /// A file a script names (`-d @body.json`, `psql -f x.sql`, `< x.sql`): read, never run.
    fn side_file(&self, name: &str) -> Option<String> {
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
        if crate::engine::bash_binary(&bytes) {
            return None;
        }
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A relative path without `.` components (`./a/../b.sh` and `b.sh` are one script).
fn normalize_rel(p: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in Path::new(p).components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Every offset maps to `at` (a file's contents reported at the word that names it).
fn stretch(at: usize) -> OffsetMap {
    let mut b = OffsetMap::builder();
    b.push_stretch(0, at);
    b.finish()
}

fn push_mapped(b: &mut TextBuilder, value: &str, map: &OffsetMap) {
    for (i, ch) in value.char_indices() {
        b.push(ch.encode_utf8(&mut [0; 4]), map.map(i), true);
    }
}

/// Static words joined with spaces (`ssh host rm -rf /x`: the remote shell reads one string).
/// Unknown parts read as they do in the script (`$DIR`).
fn joined(words: &[Word]) -> Option<(String, OffsetMap)> {
    // nothing but unknown values (`eval "$CMD"`): reported as dynamic, nothing to analyse
    if words.iter().all(|w| {
        !w.parts
            .iter()
            .any(|p| matches!(p, Part::Lit { text, .. } if !text.trim().is_empty()))
    }) {
        return None;
    }
    let mut b = TextBuilder::new();
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            b.push(" ", w.span.start(), false);
        }
        match w.value() {
            Some(v) => push_mapped(&mut b, &v, &w.map),
            None => b.push(&w.display(), w.span.start(), false),
        }
    }
    let (t, m) = b.finish();
    (!t.trim().is_empty()).then_some((t, m))
}

/// Words as a command line that reads back as the same words (`docker exec c psql -c "…"`).
fn command_line(words: &[Word]) -> Option<(String, OffsetMap)> {
    let mut b = TextBuilder::new();
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            b.push(" ", w.span.start(), false);
        }
        match w.value() {
            Some(v) => {
                b.push_single_quoted(&v, w.span.start(), w.span.end().saturating_sub(1), |i| w.map.map(i));
            }
            None => {
                b.push("\"", w.span.start(), false);
                b.push(&w.display().replace('"', ""), w.span.start(), false);
                b.push("\"", w.span.start(), false);
            }
        }
    }
    let (t, m) = b.finish();
    (!t.trim().is_empty()).then_some((t, m))
}

/// The language of an embedded text: a `graphql-request` body is JSON, a raw document, or
/// something else (form data) that is not followed.
fn embed_lang(e: &EmbedSpec, text: &str) -> Option<SnippetLang> {
    Some(match e.lang.as_str() {
        "shell" => SnippetLang::Shell,
        // other interpreters' code is read for the commands it runs (see `follow`)
        l if extract::interp::Lang::parse(l).is_some() => return None,
        "graphql" => SnippetLang::Graphql,
        "sql" => SnippetLang::Sql(e.dialect.as_deref().and_then(SqlDialect::parse).unwrap_or_default()),
        _ => {
            let t = text.trim_start();
            if t.starts_with('{') || t.starts_with('[') {
                SnippetLang::Json
            } else if ["query", "mutation", "subscription", "fragment"]
                .iter()
                .any(|k| t.starts_with(k))
            {
                SnippetLang::Graphql
            } else {
                return None;
            }
        }
    })
}

/// `key=value` options given with a GraphQL document (`gh api graphql -F id=… -f name=…`).
fn graphql_vars(view: &View, group: &str, query_prefix: Option<&str>) -> BTreeMap<String, graphql::Value> {
    let names: Vec<String> = group.split('|').map(str::to_owned).collect();
    let mut vars = BTreeMap::new();
    for f in view.flags_named(&names) {
        let Some(w) = view.value_word(f) else { continue };
        let prefix = w.static_prefix();
        let Some((key, _)) = prefix.split_once('=') else {
            continue;
        };
        if query_prefix.is_some_and(|q| q.trim_end_matches('=') == key) {
            continue;
        }
        let value = match w.value() {
            Some(v) => graphql::Value::String(v.split_once('=').map(|(_, v)| v).unwrap_or("").to_owned()),
            None => graphql::Value::Dynamic(w.display().split_once('=').map(|(_, v)| v).unwrap_or("").to_owned()),
        };
        vars.insert(key.to_owned(), value);
    }
    vars
}

/// A small `printf`: escapes in the format (`\n`, `\x72`, `\162` …), `%s`/`%b`/`%d` filled
/// from the arguments (`%b` decoding escapes in them), the format reused while arguments remain.
fn printf(format: &str, args: &[String]) -> String {
    let decode = |s: &str, out: &mut String| crate::shell::escape::ansi_c(s, 0, |c, _| out.push(c));
    let mut out = String::new();
    let mut next = args.iter();
    let mut used = 0;
    for round in 0..64 {
        let before = used;
        let mut literal = String::new();
        let mut it = format.chars().peekable();
        while let Some(c) = it.next() {
            if c != '%' {
                literal.push(c);
                continue;
            }
            decode(&std::mem::take(&mut literal), &mut out);
            match it.next() {
                Some('%') => out.push('%'),
                Some('s' | 'd' | 'i' | 'u' | 'c') => {
                    used += 1;
                    out.push_str(next.next().map(String::as_str).unwrap_or(""));
                }
                Some('b') => {
                    used += 1;
                    decode(next.next().map(String::as_str).unwrap_or(""), &mut out);
                }
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
                None => out.push('%'),
            }
        }
        decode(&literal, &mut out);
        // `printf 'rm -rf %s\n' /a /b` repeats the format for each argument
        if used == before || used >= args.len() || round == 63 {
            break;
        }
    }
    out
}

/// Variables that conventionally name a program (`$CC`, `$MAKE`) or a privilege wrapper
/// (`$SUDO`): reported at `info` when used as the command word.
fn conventional_variable(name: &str) -> bool {
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
    NAMES.contains(&name.to_ascii_uppercase().as_str())
}

/// Programs that print shell code setting up this shell (`eval "$(ssh-agent -s)"`).
fn env_emitter(program: &str) -> bool {
    const NAMES: &[&str] = &[
        "ssh-agent",
        "gpg-agent",
        "keychain",
        "dircolors",
        "direnv",
        "rbenv",
        "pyenv",
        "nodenv",
        "goenv",
        "jenv",
        "plenv",
        "brew",
        "opam",
        "conda",
        "micromamba",
        "mise",
        "rtx",
        "asdf",
        "starship",
        "zoxide",
        "thefuck",
        "luarocks",
        "fnm",
        "rustup",
        "resize",
        "tset",
        "locale",
        "dbus-launch",
        "gnome-keyring-daemon",
        "lesspipe",
        "lesspipe.sh",
    ];
    NAMES.contains(&program)
}

/// `$SUDO rm -rf /srv`: when the command word is unknown but the next word is a program name,
/// that command is checked too (the variable may be a wrapper, or empty).
fn shifted(cmd: &shell::Command) -> Option<shell::Command> {
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

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_formats() {
        assert_eq!(printf("%s\\n", &["rm -rf /x".into()]), "rm -rf /x\n");
        assert_eq!(printf("a\\tb%%", &[]), "a\tb%");
    }
}
