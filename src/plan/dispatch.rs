//! Dispatch by language: each snippet of code (a whole file, a fence, a tool call, code nested in
//! a command) is parsed as its language and its operations are added to the plan, rules first.

use super::*;

/// The rule families whose findings a throw-away filesystem makes moot (see
/// [`Planner::scratch_hits`]): files, and git repositories on the local disk.
pub(super) const SCRATCH_FAMILIES: &[&str] = &["filesystem", "git"];

/// The git rules whose loss is the working tree's uncommitted state (nothing of a fresh clone's).
const GIT_TREE_RULES: &[&str] = &["git-reset-hard", "git-clean-force", "git-discard-changes"];

/// Whether a command in a throw-away filesystem acts on something that outlives it: a path under
/// a kept mount, another machine (`host:/path`, `user@host:path`, a URL) or a git remote.
pub(super) fn scratch_reaches_out(scratch: &extract::ScratchFs, cmd: &shell::Command) -> bool {
    let words: Vec<String> = cmd.args.iter().filter_map(|a| a.value()).collect();
    if cmd.program.as_deref() == Some("git") && words.iter().any(|w| w == "push") {
        return true;
    }
    words.iter().any(|w| {
        let remote = w.split_once(':').is_some_and(|(host, path)| {
            !host.is_empty()
                && !host.contains('/')
                && !host.starts_with('-')
                && (host.contains('@') || path.starts_with('/') || path.starts_with('~'))
        });
        remote
            || w.contains("://")
            || scratch.kept.iter().any(|k| {
                let k = k.trim_end_matches('/');
                !k.is_empty() && (w == k || w.starts_with(&format!("{k}/")))
            })
    })
}

/// A cmdlet run with `-WhatIf` (PowerShell's dry run, a common parameter of every cmdlet that
/// changes anything): it changes nothing.
fn what_if(cmd: &shell::Command) -> bool {
    cmd.dialect == shell::Dialect::Cmdlet
        && cmd
            .args
            .iter()
            .filter_map(|a| a.as_lit())
            .any(|a| a.eq_ignore_ascii_case("--WhatIf") || a.eq_ignore_ascii_case("--WhatIf=true"))
}

/// `kubectl delete namespace --help`, `terraform destroy -help`: a command line asking for its
/// own usage prints it and does nothing else. Only before a `--` (after it, `--help` is an
/// operand: `rm -- --help` deletes a file of that name), and not for shells and interpreters,
/// whose code runs whatever its flags say.
fn asks_for_help(cmd: &shell::Command) -> bool {
    if cmd.program.as_deref().is_some_and(runs_code_here) {
        return false;
    }
    cmd.args
        .iter()
        .map(|a| a.as_lit())
        .take_while(|a| *a != Some("--"))
        .any(|a| matches!(a, Some("--help" | "-help")))
}

/// Programs that run the code they carry on this machine (a shell, a wrapper), not elsewhere.
fn runs_code_here(program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    matches!(
        name,
        "sh" | "bash"
            | "dash"
            | "ash"
            | "zsh"
            | "ksh"
            | "mksh"
            | "busybox"
            | "eval"
            | "env"
            | "sudo"
            | "doas"
            | "su"
            | "nice"
            | "nohup"
            | "timeout"
            | "time"
            | "exec"
            | "xargs"
            | "find"
            | "parallel"
            | "flock"
            | "setsid"
            | "stdbuf"
            | "ionice"
            | "chroot"
            | "python"
            | "python3"
            | "node"
            | "perl"
            | "ruby"
            | "php"
            | "awk"
            | "deno"
            | "bun"
    )
}

impl<'a> Planner<'a> {
    pub(super) fn extracted(&mut self, ex: extract::Extracted) {
        self.plan.notes.extend(ex.notes);
        for mut u in ex.unread {
            let origin = u.origin.take().unwrap_or_else(|| "json".to_owned());
            self.unread(u, &OffsetMap::identity(0), &origin);
        }
        for s in ex.snippets {
            self.snippet(s, None, 0);
            self.step += 1;
        }
    }

    pub(super) fn snippet(&mut self, s: Snippet, parent: Option<usize>, depth: usize) {
        if parent.is_none() {
            return self.snippet_in(s, parent, depth);
        }
        // code a command runs (`bash -c`, a Makefile recipe, a script) runs in a process of its
        // own: its `cd`s do not move the commands after it
        let cwd = self.cwd.clone();
        self.snippet_in(s, parent, depth);
        self.cwd = cwd;
    }

    pub(super) fn snippet_in(&mut self, mut s: Snippet, parent: Option<usize>, depth: usize) {
        if let Some((path, whole)) = s.written_to.take() {
            // a file an agent's tool writes: not run now, maybe later; but a CI workflow, a
            // Dockerfile or a manifest holds commands that run where the agent does not look
            // (on the next push, build or deploy): those are read now
            if whole && let Some(lang) = Lang::from_text(&path, &s.text).filter(|l| l.holds_commands()) {
                let mut ex = extract::Extracted::default();
                let prefix = format!("{}:{}", s.origin, path.display());
                ex.append_nested(extract::extract(lang, &s.text), &s.map, &prefix);
                for mut u in ex.unread {
                    let origin = u.origin.take().unwrap_or_else(|| prefix.clone());
                    self.unread(u, &OffsetMap::identity(0), &origin);
                }
                self.plan.notes.extend(ex.notes);
                for inner in ex.snippets {
                    self.snippet(inner, parent, depth + 1);
                }
            }
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
            let f = self.engine_finding(
                EngineRule::AnalysisTruncated,
                Severity::Warning,
                "code nested this deep was not analysed".into(),
                span,
                &s.origin,
            );
            self.plan.findings.push(f);
            return;
        }
        match s.lang {
            SnippetLang::Shell | SnippetLang::PowerShell | SnippetLang::Batch => self.shell(s, parent, depth),
            SnippetLang::Graphql => self.graphql(s, parent),
            SnippetLang::Sql(d) => self.sql(s, d, parent),
            SnippetLang::Json => {
                // a body a command sends (an HTTP request): its action names are read too
                let ex = if parent.is_some() {
                    extract::json::extract_body(&s.text)
                } else {
                    extract::json::extract(&s.text, false)
                };
                // a malformed body is not sent; one nested too deep to look into may hide a call
                for u in ex.unread.into_iter().filter(|u| u.kind != UnreadKind::Malformed) {
                    self.unread(u, &s.map, &s.origin);
                }
                for n in ex.notes {
                    self.plan.notes.push(Note {
                        text: n.text,
                        span: s.map.map_span(n.span),
                        scope: n.scope.map(|sc| format!("{}/{sc}", s.origin)),
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
    pub(super) fn unread(&mut self, u: extract::Unread, map: &OffsetMap, origin: &str) {
        let (rule, severity) = match u.kind {
            UnreadKind::TooDeep => (EngineRule::AnalysisTruncated, Severity::Warning),
            UnreadKind::Malformed => (EngineRule::SyntaxError, Severity::Info),
            UnreadKind::PersistedQuery => (EngineRule::DynamicGraphql, Severity::Warning),
        };
        let f = self.engine_finding(rule, severity, u.message, map.map_span(u.span), origin);
        self.plan.findings.push(f);
    }

    pub(super) fn shell(&mut self, mut s: Snippet, parent: Option<usize>, depth: usize) {
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
        if s.lang == SnippetLang::PowerShell
            && let Some((text, map)) = shell::powershell::prepare(&s.text)
        {
            // arguments the grammar cannot read as they are (`$env:TEMP\x`), quoted
            s.map = s.map.compose(&map, text.len());
            s.text = text;
        }
        let rules = self.rules;
        let script = match s.lang {
            SnippetLang::PowerShell => shell::powershell::parse(&s.text),
            SnippetLang::Batch => shell::batch::parse(&s.text),
            _ => shell::parse_with(&s.text, &|p| rules.is_interesting(p)),
        };
        if s.partial {
            // rebuilt from partly known words: its syntax is not the file's
        } else if script.unusable {
            let span = s.map.map_span(Span::new(0, s.text.len()));
            let f = self.engine_finding(
                EngineRule::SyntaxError,
                Severity::Warning,
                match s.lang {
                    SnippetLang::PowerShell => "the PowerShell code could not be parsed",
                    SnippetLang::Batch => "the cmd.exe code could not be parsed",
                    _ => "the shell code could not be parsed",
                }
                .into(),
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
                let f = self.engine_finding(
                    EngineRule::SyntaxError,
                    Severity::Info,
                    msg,
                    s.map.map_span(*e),
                    &s.origin,
                );
                self.plan.findings.push(f);
            }
        }
        if let Some(t) = script.truncated {
            let msg = "statements nested this deep were not analysed".to_owned();
            let f = self.engine_finding(
                EngineRule::AnalysisTruncated,
                Severity::Warning,
                msg,
                s.map.map_span(t),
                &s.origin,
            );
            self.plan.findings.push(f);
        }
        if let Some(t) = script.calls_not_followed {
            let msg = "function calls from here on were not followed into their bodies: this script's budget for following calls is spent (commands in the functions are still checked where they are defined)".to_owned();
            let f = self.engine_finding(
                EngineRule::AnalysisTruncated,
                Severity::Info,
                msg,
                s.map.map_span(t),
                &s.origin,
            );
            self.plan.findings.push(f);
        }
        for (at, what) in &script.limits {
            let f = self.engine_finding(
                EngineRule::AnalysisTruncated,
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
        let untrusted = (0..n)
            .filter(|&i| dynamic::untrusted_source(&script.commands[i]))
            .collect();
        self.plan.scripts.push(ScriptUnit {
            functions,
            untrusted,
            action: s.action,
            scratch_fs: s.scratch_fs,
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
                for h in self.hidden_hits(cmd).into_iter().chain(self.reread_hits(u, index)) {
                    if !hits.iter().any(|k| k.rule == h.rule) {
                        hits.push(h);
                    }
                }
                // `-WhatIf`: a cmdlet that only says what it would do; `--help`: only the usage
                if what_if(cmd) || asks_for_help(cmd) {
                    hits.retain(|h| self.rules.rule(h.rule).spec().category != Category::Destructive);
                }
                // the net under the packs: what the command's own words say
                if !hits
                    .iter()
                    .any(|h| self.rules.rule(h.rule).spec().category == Category::Destructive)
                {
                    hits.extend(self.lexicon_hit(u, cmd));
                }
                if let Some(scratch) = &u.scratch_fs {
                    self.scratch_hits(scratch, cmd, &mut hits);
                }
                self.teardown_hits(u, index, &mut hits);
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
                .or_else(|| self.dynamic_hidden(unit, index, !self.plan.ops[op].hits.is_empty()))
                .or_else(|| self.run_time_arguments(unit, index, !self.plan.ops[op].hits.is_empty()));
            self.remember(unit, index);
            if let Some((rule, severity, message)) = dynamic {
                let mut f = self.engine_finding(rule, severity, message, span, &origin);
                f.anchor = Some(self.root_span(parent, span));
                // the policy of `check` grades warnings only
                f.reaches_destructive = severity == Severity::Warning && self.reaches_destructive(rule, unit, index);
                self.plan.findings.push(f);
            }
            let scratch = self.plan.scripts[unit].scratch_fs.clone();
            let program = self.plan.scripts[unit].script.commands[index].program.clone();
            for mut inner in self.nested(unit, index) {
                // code a local shell runs stays in the throw-away filesystem; ssh, `docker exec`,
                // `kubectl exec` … run it elsewhere
                if program.as_deref().is_some_and(runs_code_here) {
                    inner.scratch_fs = inner.scratch_fs.or_else(|| scratch.clone());
                }
                self.snippet(inner, Some(op), depth + 1);
            }
        }
    }

    /// In a throw-away filesystem (a Dockerfile `RUN`), the hits of the `filesystem` and `git`
    /// families go: what they delete is gone with the build container anyway. Kept are those of
    /// a command that names a directory outliving it (a cache or writable bind mount) or another
    /// machine (`rsync --delete dir host:/dir`, `user@host:dir`, a URL, `git push`).
    fn scratch_hits(&self, scratch: &extract::ScratchFs, cmd: &shell::Command, hits: &mut Vec<Hit>) {
        if !scratch_reaches_out(scratch, cmd) {
            hits.retain(|h| !SCRATCH_FAMILIES.contains(&&*self.rules.rule(h.rule).family));
        }
    }

    /// `sqlx db setup … sqlx db drop -y`, `createdb t … dropdb t`, `git clone … && git reset
    /// --hard REV`: a command that tears down what an earlier command of the same script made
    /// destroys nothing that existed before the script ran; its destructive hits are said at
    /// `info`, naming what made it.
    fn teardown_hits(&self, u: &ScriptUnit, index: usize, hits: &mut [Hit]) {
        let destructive = |h: &Hit| {
            h.severity >= Severity::Warning && self.rules.rule(h.rule).spec().category == Category::Destructive
        };
        if !hits.iter().any(destructive) {
            return;
        }
        let cmd = &u.script.commands[index];
        let lexicon = self.rules.lexicon();
        let git_tree = cmd.program.as_deref() == Some("git");
        let maker = u.script.commands[..index].iter().rev().find_map(|m| {
            if lexicon.tears_down(m, cmd) {
                return Some((m, false));
            }
            // the working tree of a repository the script cloned or made holds nothing of anyone's
            let fresh = git_tree
                && m.program.as_deref() == Some("git")
                && m.args
                    .iter()
                    .find_map(|w| w.value())
                    .is_some_and(|s| s == "clone" || s == "init");
            fresh.then_some((m, true))
        });
        let Some((m, tree)) = maker else {
            return;
        };
        let made = clip(&m.display(), 50);
        for h in hits.iter_mut().filter(|h| destructive(h)) {
            if tree && !GIT_TREE_RULES.contains(&self.rules.rule(h.rule).spec().id.as_str()) {
                continue;
            }
            h.severity = Severity::Info;
            h.message = if tree {
                format!(
                    "{} (in the working tree of `{made}`, made earlier in this script)",
                    h.message
                )
            } else {
                format!(
                    "{} (what it removes was made earlier in this script by `{made}`)",
                    h.message
                )
            };
        }
    }

    /// The verb lexicon's reading of a command no pack rule called destructive.
    fn lexicon_hit(&self, u: &ScriptUnit, cmd: &shell::Command) -> Option<Hit> {
        let program = cmd.program.as_deref()?;
        // a function of the script: its body is analysed where it is defined
        if !u.action && u.functions.contains(program) {
            return None;
        }
        let rule = self.rules.index_of(EngineRule::DestructiveVerb.id())?;
        let spec = self.rules.program(program);
        let known = !u.action && self.rules.knows_program(program);
        if known {
            let view = View::new(cmd, spec);
            let first = view.positionals.first().and_then(|&i| cmd.args[i].value());
            if self.rules.covers(program, first.as_deref()) {
                return None;
            }
        }
        let subject = crate::lexicon::Subject {
            spec,
            known,
            action: u.action,
        };
        let v = self.rules.lexicon().grade(cmd, subject)?;
        let what = if u.action && u.origin.ends_with("http-body") {
            format!("the request's action `{}`", clip(program, 60))
        } else if u.action {
            format!("the call `{}`", clip(program, 60))
        } else {
            format!("`{}`", clip(&cmd.display(), 80))
        };
        Some(Hit {
            rule,
            severity: v.severity,
            message: format!("{what}: {}", v.describe()),
            target: None,
        })
    }

    pub(super) fn graphql(&mut self, s: Snippet, parent: Option<usize>) {
        let doc = match graphql::parse(&s.text) {
            Ok(d) => d,
            Err(e) => {
                let msg = format!("GraphQL syntax error: {}", e.message);
                let f = self.engine_finding(
                    EngineRule::SyntaxError,
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

    pub(super) fn sql(&mut self, s: Snippet, dialect: SqlDialect, parent: Option<usize>) {
        let analysis = sql::analyze(&s.text, dialect);
        for (span, msg) in &analysis.errors {
            let f = self.engine_finding(
                EngineRule::SyntaxError,
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
}
