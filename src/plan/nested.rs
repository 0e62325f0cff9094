//! Nested code: what a command runs that is given to it as an argument, an option or its input
//! (`bash -c`, ssh, `docker exec`, heredocs, HTTP bodies, `python -c`, git aliases) as its
//! program's `embeds` declare or as the interpreters' own code reads.

use super::*;

impl<'a> Planner<'a> {
    /// The code a command runs that is given to it as an argument, an option or its input,
    /// as its program's `embeds` declare.
    pub(super) fn nested(&self, unit: usize, index: usize) -> Vec<Snippet> {
        let mut out = self.declared_nested(unit, index);
        out.extend(self.hidden_code(unit, index));
        let u = &self.plan.scripts[unit];
        out.extend(self.windows_nested(u, &u.script.commands[index]));
        out
    }

    /// [`Planner::nested`] as the program's embed declarations say.
    pub(super) fn declared_nested(&self, unit: usize, index: usize) -> Vec<Snippet> {
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
                let Some(lang) = embed_lang(e, &text) else {
                    // an HTTP body or URL of form fields: GraphQL in `query=` (a GET request),
                    // SQL in `query=`/`sql=` (ClickHouse, InfluxDB's `q=`)
                    if e.lang == EmbedLang::GraphqlRequest {
                        for (name, code, m) in crate::extract::form::sql_fields(&text) {
                            let lang = if name == "query" && crate::extract::json::looks_like_graphql(&code) {
                                SnippetLang::Graphql
                            } else if crate::extract::json::looks_like_sql("sql", &code) {
                                SnippetLang::Sql(SqlDialect::Generic)
                            } else {
                                continue;
                            };
                            let inner = map.compose(&m, code.len());
                            let file_map = u.map.compose(&inner, code.len());
                            out.push(Snippet::new(lang, code, file_map, origin.clone()));
                        }
                    }
                    continue;
                };
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

    /// The texts (with their maps into the snippet) an embed declaration points at.
    pub(super) fn embedded_texts(
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
            for f in view.flags_named(group.names()) {
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
                if e.lang == EmbedLang::Shell {
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

    /// The code a command runs that its program's embed declarations do not point at directly.
    pub(super) fn hidden_code(&self, unit: usize, index: usize) -> Vec<Snippet> {
        let u = &self.plan.scripts[unit];
        let cmd = &u.script.commands[index];
        let Some(program) = cmd.program.as_deref() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let at = |text: String, map: OffsetMap, origin: String| {
            let file_map = u.map.compose(&map, text.len());
            Snippet::new(SnippetLang::Shell, text, file_map, origin)
        };
        match program {
            "git" => out.extend(self.git_alias(u, cmd)),
            "npm" | "pnpm" | "yarn" | "bun" => out.extend(self.package_script(u, cmd, program)),
            "make" | "gmake" => out.extend(self.make_targets(u, cmd)),
            "eval" if cmd.args.len() == 1 => {
                if let Some(Some((text, map))) = self.subst_output(u, index, &cmd.args[0]) {
                    out.push(at(text, map, format!("{}/eval", u.origin)));
                }
            }
            _ => {}
        }
        let Some(spec) = self.rules.program(program) else {
            return out;
        };
        let view = View::new(cmd, Some(spec));
        for e in spec.embeds.iter().filter(|e| view.path_is(&e.command)) {
            // `. <(echo …)`, `bash <(…)`, `… | source /dev/stdin`
            if e.lang == EmbedLang::Shell && e.file {
                let Some(&i) = view.positionals.get(e.command.len() + e.arg.unwrap_or(0)) else {
                    continue;
                };
                let w = &cmd.args[i];
                if let Some(Some((text, map))) = self.process_output(u, index, w) {
                    out.push(at(text, map, format!("{}/{program}", u.origin)));
                } else if w.value().is_some_and(|v| is_stdin_device(&v))
                    && let Some((text, map)) = self.stdin_text(u, index, 0)
                {
                    out.push(at(text, map, format!("{}/{program}", u.origin)));
                }
                continue;
            }
            let Some(lang) = interp::Lang::of_embed(e.lang) else {
                continue;
            };
            for (text, map, _) in self.interp_texts(u, index, &view, e) {
                let found = interp::scan(lang, &text);
                let origin = format!("{}/{program}", u.origin);
                for (code, m) in found.shell {
                    let inner = map.compose(&m, code.len());
                    out.push(at(code, inner, origin.clone()));
                }
                for (doc, m) in found.graphql {
                    let inner = map.compose(&m, doc.len());
                    let t = doc.trim_start();
                    let lang = if t.starts_with('{') && t.contains("\"query\"") {
                        SnippetLang::Json
                    } else {
                        SnippetLang::Graphql
                    };
                    let file_map = u.map.compose(&inner, doc.len());
                    out.push(Snippet::new(lang, doc, file_map, origin.clone()));
                }
                // SQL a database driver is given (`cursor.execute("DROP TABLE t")`)
                for (sql, m) in found.sql {
                    let inner = map.compose(&m, sql.len());
                    let file_map = u.map.compose(&inner, sql.len());
                    out.push(Snippet::new(
                        SnippetLang::Sql(SqlDialect::Generic),
                        sql,
                        file_map,
                        origin.clone(),
                    ));
                }
                // SDK calls with a destructive verb, rebuilt as command lines for the verb lexicon
                for (call, m) in found.calls {
                    let inner = map.compose(&m, call.len());
                    let mut snippet = at(call, inner, origin.clone());
                    snippet.action = true;
                    out.push(snippet);
                }
            }
        }
        out
    }

    /// The texts of an interpreter embed; its standard input only when it reads code there.
    pub(super) fn interp_texts(
        &self,
        u: &ScriptUnit,
        index: usize,
        view: &View,
        e: &crate::rules::schema::EmbedSpec,
    ) -> Vec<(String, OffsetMap, Option<PathBuf>)> {
        if e.stdin {
            let spec = self
                .rules
                .program(u.script.commands[index].program.as_deref().unwrap_or(""));
            if !spec.is_some_and(|s| reads_code_on_stdin(s, view, e)) {
                return Vec::new();
            }
            return self
                .stdin_text(u, index, 0)
                .map(|(t, m)| (t, m, None))
                .into_iter()
                .collect();
        }
        self.embedded_texts(u, index, view, e)
    }

    /// The output of the commands in a word that is one command or process substitution:
    /// `None` when the word is not one; `Some(None)` when the output is not static.
    pub(super) fn subst_output(&self, u: &ScriptUnit, index: usize, w: &Word) -> Option<Option<(String, OffsetMap)>> {
        if w.parts.as_slice() != [Part::Subst] {
            return None;
        }
        let cmds = &u.script.commands;
        let inside: Vec<usize> = (0..index)
            .rev()
            .take_while(|&k| cmds[k].context.in_substitution)
            .filter(|&k| w.span.start <= cmds[k].span.start && cmds[k].span.end <= w.span.end)
            .collect();
        let Some(&last) = inside.first() else {
            return Some(None);
        };
        // one pipeline: its last command's output is the substitution's
        let mut chain = vec![last];
        let mut cur = last;
        while let Some(from) = cmds[cur].piped_from {
            chain.push(from);
            cur = from;
        }
        if inside.iter().any(|k| !chain.contains(k)) {
            return Some(None);
        }
        Some(self.static_output(u, last, 0))
    }

    /// [`Planner::subst_output`] for a process substitution (`<(…)`) only.
    pub(super) fn process_output(&self, u: &ScriptUnit, index: usize, w: &Word) -> Option<Option<(String, OffsetMap)>> {
        if !u.script.process_substitutions.contains(&w.span) {
            return None;
        }
        self.subst_output(u, index, w)
    }

    /// `git -c alias.NAME=VALUE NAME …` runs VALUE; `git config alias.NAME VALUE` stores it.
    pub(super) fn git_alias(&self, u: &ScriptUnit, cmd: &Command) -> Option<Snippet> {
        let mut aliases: Vec<(String, String, &Word)> = Vec::new();
        let mut k = 0;
        let args = &cmd.args;
        // global options, then the subcommand
        while let Some(v) = args.get(k).and_then(Word::value) {
            if v == "-c" {
                if let Some(w) = args.get(k + 1)
                    && let Some((name, value)) = w.value().as_deref().and_then(alias_setting)
                {
                    aliases.push((name, value, w));
                }
                k += 2;
            } else if let Some(rest) = v.strip_prefix("-c").filter(|r| !r.is_empty() && !v.starts_with("--")) {
                if let Some((name, value)) = alias_setting(rest) {
                    aliases.push((name, value, &args[k]));
                }
                k += 1;
            } else if matches!(
                v.as_str(),
                "-C" | "--git-dir" | "--work-tree" | "--namespace" | "--config-env"
            ) {
                k += 2;
            } else if v.starts_with('-') {
                k += 1;
            } else {
                break;
            }
        }
        let sub = args.get(k).and_then(Word::value)?;
        let rest = &args[k + 1..];
        let origin = format!("{}/git-alias", u.origin);
        if let Some((_, value, w)) = aliases.iter().find(|(n, _, _)| *n == sub) {
            return Some(self.alias_code(u, value, rest, w, origin));
        }
        if sub != "config" {
            return None;
        }
        // `git config [--global …] [set] [--add] alias.NAME VALUE`
        let mut positionals: Vec<&Word> = Vec::new();
        let mut j = 0;
        while j < rest.len() {
            let v = rest[j].value()?;
            match v.as_str() {
                "-f" | "--file" | "--blob" | "--type" | "--default" | "--comment" => j += 2,
                "--get" | "--get-all" | "--unset" | "--unset-all" | "-l" | "--list" | "--get-regexp" | "-e"
                | "--edit" | "--remove-section" | "--rename-section" | "get" | "unset" | "list" => return None,
                _ if v.starts_with('-') => j += 1,
                _ => {
                    positionals.push(&rest[j]);
                    j += 1;
                }
            }
        }
        if positionals.first().and_then(|w| w.as_lit()) == Some("set") {
            positionals.remove(0);
        }
        let [key, value] = positionals.as_slice() else {
            return None;
        };
        key.value()?.strip_prefix("alias.")?;
        let value = value.value()?;
        Some(self.alias_code(u, &value, &[], positionals[1], origin))
    }

    /// The code of a git alias: `!cmd` is shell code; anything else is a git command line.
    pub(super) fn alias_code(&self, u: &ScriptUnit, value: &str, rest: &[Word], w: &Word, origin: String) -> Snippet {
        let extra = command_line(rest).map(|(t, _)| t).unwrap_or_default();
        let text = match value.strip_prefix('!') {
            Some(code) => format!("{code} {extra}"),
            None => format!("git {value} {extra}"),
        };
        let map = u.map.compose(&stretch(w.span.start()), text.len());
        Snippet::new(SnippetLang::Shell, text, map, origin)
    }
}

/// The language of an embedded text: a `graphql-request` body is JSON, a raw GraphQL document,
/// raw SQL (ClickHouse, Trino and other SQL-over-HTTP servers), or something else (form data,
/// read for SQL fields by the caller).
pub(super) fn embed_lang(e: &EmbedSpec, text: &str) -> Option<SnippetLang> {
    Some(match e.lang {
        EmbedLang::Shell => SnippetLang::Shell,
        // other interpreters' code is read for the commands it runs (see `hidden_code`)
        l if l.is_interpreter() => return None,
        EmbedLang::Graphql => SnippetLang::Graphql,
        EmbedLang::Sql => SnippetLang::Sql(e.dialect.map(SqlDialect::from).unwrap_or_default()),
        _ => {
            let t = text.trim_start();
            if t.starts_with('{') || t.starts_with('[') {
                SnippetLang::Json
            } else if ["query", "mutation", "subscription", "fragment"].iter().any(|k| {
                // a keyword, not a form field (`query=…`) or a longer name
                t.strip_prefix(k)
                    .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c == '{' || c == '('))
            }) {
                SnippetLang::Graphql
            } else if crate::extract::json::looks_like_sql("sql", t) {
                SnippetLang::Sql(SqlDialect::Generic)
            } else {
                return None;
            }
        }
    })
}

/// `key=value` options given with a GraphQL document (`gh api graphql -F id=… -f name=…`).
pub(super) fn graphql_vars(
    view: &View,
    group: &FlagGroup,
    query_prefix: Option<&str>,
) -> BTreeMap<String, graphql::Value> {
    let mut vars = BTreeMap::new();
    for f in view.flags_named(group.names()) {
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

/// Static words joined with spaces (`ssh host rm -rf /x`: the remote shell reads one string).
/// Unknown parts read as they do in the script (`$DIR`).
pub(super) fn joined(words: &[Word]) -> Option<(String, OffsetMap)> {
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
pub(super) fn command_line(words: &[Word]) -> Option<(String, OffsetMap)> {
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

/// `alias.NAME=VALUE` of `git -c`.
pub(super) fn alias_setting(s: &str) -> Option<(String, String)> {
    let (key, value) = s.split_once('=')?;
    let name = key.strip_prefix("alias.")?;
    Some((name.to_owned(), value.to_owned()))
}

/// Whether an interpreter reads its program on standard input: no code option, no script
/// (or the script `-`) after the embed's subcommand (`deno run -`), and for Python no `-m`
/// module other than the interactive `code`.
pub(super) fn reads_code_on_stdin(spec: &crate::rules::schema::ProgramSpec, view: &View, e: &EmbedSpec) -> bool {
    let lang = e.lang;
    let code_option = |name: &str| {
        spec.embeds
            .iter()
            .filter(|e| e.lang == lang)
            .filter_map(|e| e.option.as_ref())
            .any(|g| g.contains(name))
    };
    if view.flags.iter().any(|f| code_option(&f.name)) {
        return false;
    }
    if view
        .flags
        .iter()
        .any(|f| f.name == "m" && lang == EmbedLang::Python && f.value.as_deref() != Some("code"))
    {
        return false;
    }
    match view.positionals.get(e.command.len()) {
        None => true,
        Some(&i) => view.cmd.args[i].as_lit() == Some("-"),
    }
}

pub(super) fn is_stdin_device(v: &str) -> bool {
    matches!(v, "/dev/stdin" | "/dev/fd/0" | "/proc/self/fd/0")
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::rules::RuleSet;

    #[test]
    fn interpreter_calls_come_back_as_commands_mapped_into_the_code() {
        let rules = RuleSet::builtin().expect("builtin rules");
        let src = "python3 -c 'import boto3; boto3.client(\"s3\").delete_bucket(Bucket=\"prod\")'\n";
        let plan = super::Planner::file(&rules, src, Lang::Shell, None, false);
        let (unit, cmd) = plan
            .scripts
            .iter()
            .flat_map(|u| u.script.commands.iter().map(move |c| (u, c)))
            .find(|(_, c)| c.program.as_deref() == Some("delete_bucket"))
            .expect("the call, rebuilt as a command");
        assert!(unit.origin.ends_with("/python3"));
        let span = unit.map.map_span(cmd.span);
        assert_eq!(
            &src[span.start()..span.start() + "delete_bucket".len()],
            "delete_bucket"
        );
        // SQL given to a driver is a SQL unit of its own
        let src = "node -e 'await pool.query(\"DROP TABLE orders\")'\n";
        let plan = super::Planner::file(&rules, src, Lang::Shell, None, false);
        assert!(plan.sqls.iter().any(|s| s.origin.ends_with("/node")));
    }
}
