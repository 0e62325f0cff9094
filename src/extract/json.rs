//! JSON and JSONL: agent tool calls and GraphQL request bodies, found by their shape anywhere in
//! the document — Claude Code transcripts and hook inputs (`tool_use` / `tool_name`), OpenAI and
//! Codex function calls (`arguments` is itself a JSON string), Codex `local_shell_call`, MCP
//! `tools/call` requests, and `{query, variables, operationName}` bodies and batches of them.
//! Edit/Write-style tool inputs are file contents, not commands. A document of none of these
//! shapes yields nothing.

use std::collections::BTreeMap;

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind, jsonstr};
use crate::graphql;
use crate::source::{OffsetMap, Span};
use crate::sql::{self, SqlDialect};

/// Tools whose inputs are file contents or searches, never commands.
const NOT_COMMANDS: &[&str] = &[
    "Edit",
    "MultiEdit",
    "Write",
    "Read",
    "NotebookEdit",
    "NotebookRead",
    "Glob",
    "Grep",
    "LS",
    "WebFetch",
    "WebSearch",
    "TodoWrite",
    "TodoRead",
    "Task",
    "apply_patch",
    "str_replace_editor",
    "str_replace_based_edit_tool",
    "create_file",
    "edit_file",
    "write_file",
    "read_file",
    "replace",
    "write_to_file",
    "read",
    "view",
];

/// The agents' tools that write or edit files (by their exact name: an MCP server's `create`
/// is something else).
const FILE_WRITES: &[&str] = &[
    "Write",
    "Edit",
    "MultiEdit",
    "NotebookEdit",
    "create_file",
    "edit_file",
    "write_file",
    "write_to_file",
    "replace",
    "str_replace_editor",
    "str_replace_based_edit_tool",
    "apply_patch",
    "create",
    "edit",
    "str_replace",
    "insert",
];

/// Input keys of file tools that hold the path written.
const PATH_KEYS: &[&str] = &[
    "file_path",
    "path",
    "filePath",
    "target_file",
    "notebook_path",
    "filename",
    "absolute_path",
];

/// Input keys that hold a file's whole new content.
const CONTENT_KEYS: &[&str] = &["content", "file_text", "contents"];

/// Input keys that hold a shell command line.
const COMMAND_KEYS: &[&str] = &["command", "cmd", "script", "commands", "shell_command", "bash"];

/// Whether a tool argument holds a command line: one of [`COMMAND_KEYS`], or a name ending in
/// `command`, `cmd` or `command line` however it is spelled (`cli_command`, `shellCommand`,
/// `run_cmd`, `commandLine`, `cmdline`), as MCP servers name them.
fn is_command_key(key: &str) -> bool {
    if COMMAND_KEYS.contains(&key) {
        return true;
    }
    let k: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    k.ends_with("command") || k.ends_with("cmd") || k.ends_with("commandline") || k.ends_with("cmdline")
}

/// Extracts the tool calls and GraphQL requests of a JSON document, or of each line of JSONL.
pub fn extract(text: &str, lines: bool) -> Extracted {
    let mut out = Extracted::default();
    let identity = OffsetMap::identity(0);
    let mut whole_error = None;
    if !lines {
        match parse_checked(text) {
            Ok(Some(v)) => {
                walk(text, &identity, &v, &mut out, 0);
                return out;
            }
            Ok(None) => return out,
            Err(e) => whole_error = Some(e),
        }
    }
    // JSON Lines (or a .json file holding one value per line)
    let mut pos = 0;
    let mut parsed_any = false;
    let mut line_errors = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if !trimmed.trim().is_empty() {
            match parse_checked(trimmed) {
                Ok(Some(v)) => {
                    parsed_any = true;
                    walk(trimmed, &OffsetMap::identity(pos), &v, &mut out, 0);
                }
                Ok(None) => {}
                Err(mut e) => {
                    e.span = Span::new(e.span.start() + pos, e.span.end() + pos);
                    line_errors.push(e);
                }
            }
        }
        pos += line.len();
    }
    match whole_error {
        // a JSON document that does not parse (not JSON Lines either)
        Some(e) if !parsed_any => out.unread.push(e),
        _ => out.unread.extend(line_errors),
    }
    out
}

/// Keys under which a JSON API body names the operation it asks for
/// (`{"action": "destroy_environment"}`, JSON-RPC's `{"method": "volumeDelete"}`).
const ACTION_KEYS: &[&str] = &["action", "operation", "op", "method", "task"];

/// A request body sent over HTTP: [`extract`], and the operation its top-level object (or each
/// object of a batch) names under an action key, rebuilt as a call for the verb lexicon.
pub fn extract_body(text: &str) -> Extracted {
    let mut out = extract(text, false);
    let Some(v) = parse(text) else { return out };
    let identity = OffsetMap::identity(0);
    let objects: Vec<&Object> = match &v {
        Value::Object(o) => vec![o],
        Value::Array(a) => a
            .elements
            .iter()
            .filter_map(|e| match e {
                Value::Object(o) => Some(o),
                _ => None,
            })
            .take(64)
            .collect(),
        _ => Vec::new(),
    };
    for o in objects {
        if str_prop(o, "method") == Some("tools/call") {
            continue;
        }
        let Some((key, name)) = ACTION_KEYS
            .iter()
            .find_map(|k| str_prop(o, k).map(|n| (*k, n)))
            .filter(|(_, n)| !n.is_empty() && n.len() <= 100 && !n.contains(char::is_whitespace))
        else {
            continue;
        };
        action_call(text, &identity, name, o, &mut out, "json:http-body", Some(key));
    }
    out
}

fn parse(text: &str) -> Option<Value<'_>> {
    parse_checked(text).ok().flatten()
}

/// The document's value (`None` when it is empty), or why it does not parse.
pub(crate) fn parse_checked(text: &str) -> Result<Option<Value<'_>>, Unread> {
    match parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()) {
        Ok(r) => Ok(r.value),
        Err(e) => {
            let too_deep = matches!(e.kind(), jsonc_parser::errors::ParseErrorKind::NestingDepthExceeded);
            let r = e.range();
            let start = r.start.min(text.len());
            Err(Unread {
                span: Span::new(start, r.end.clamp(start, text.len())),
                message: if too_deep {
                    "JSON nested this deep was not read".to_owned()
                } else {
                    format!("JSON syntax error: {}", e.kind())
                },
                kind: if too_deep {
                    UnreadKind::TooDeep
                } else {
                    UnreadKind::Malformed
                },
                origin: None,
            })
        }
    }
}

/// The top object of a document that must be one (a package.json, a plan): `None` for an empty
/// text, and, with a `syntax-error` met in `origin`, for one that does not parse or whose top is
/// not an object (`not_object` says so).
pub(crate) fn parse_object<'a>(
    text: &'a str,
    origin: &str,
    not_object: &str,
    out: &mut Extracted,
) -> Option<Object<'a>> {
    match parse_checked(text) {
        Ok(Some(Value::Object(o))) => Some(o),
        Ok(Some(v)) => {
            out.unread.push(Unread {
                span: span_of(v.range()),
                message: not_object.to_owned(),
                kind: UnreadKind::Malformed,
                origin: Some(origin.to_owned()),
            });
            None
        }
        Ok(None) => None,
        Err(mut e) => {
            e.origin = Some(origin.to_owned());
            out.unread.push(e);
            None
        }
    }
}

/// A value nested past the extractor's depth: reported once per document.
fn too_deep(map: &OffsetMap, v: &Value, out: &mut Extracted) {
    let nonempty = match v {
        Value::Array(a) => !a.elements.is_empty(),
        Value::Object(o) => !o.properties.is_empty(),
        _ => false,
    };
    if nonempty && !out.unread.iter().any(|u| u.kind == UnreadKind::TooDeep) {
        out.unread.push(Unread {
            span: map.map_span(span_of(v.range())),
            message: "JSON nested this deep was not looked into for tool calls".to_owned(),
            kind: UnreadKind::TooDeep,
            origin: None,
        });
    }
}

pub(crate) fn span_of(r: jsonc_parser::common::Range) -> Span {
    Span::new(r.start, r.end)
}

pub(crate) fn prop<'a, 'b>(o: &'b Object<'a>, name: &str) -> Option<&'b Value<'a>> {
    o.properties.iter().find(|p| p.name.as_str() == name).map(|p| &p.value)
}

pub(crate) fn str_prop<'b>(o: &'b Object, name: &str) -> Option<&'b str> {
    match prop(o, name)? {
        Value::StringLit(s) => Some(&s.value),
        _ => None,
    }
}

/// The decoded value of a string literal with its map to the original file.
pub(crate) fn decoded(text: &str, map: &OffsetMap, v: &Value) -> Option<(String, OffsetMap)> {
    let Value::StringLit(s) = v else { return None };
    let (value, inner) = jsonstr::decode(text, span_of(s.range))?;
    Some((value.clone(), map.compose(&inner, value.len())))
}

fn walk(text: &str, map: &OffsetMap, v: &Value, out: &mut Extracted, depth: usize) {
    if depth > 64 {
        too_deep(map, v, out);
        return;
    }
    match v {
        Value::Array(a) => {
            for e in &a.elements {
                walk(text, map, e, out, depth + 1);
            }
        }
        Value::Object(o) => {
            if shape(text, map, o, out, depth) {
                return;
            }
            for p in &o.properties {
                walk(text, map, &p.value, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Handles an object of a known shape; returns true when it did.
fn shape(text: &str, map: &OffsetMap, o: &Object, out: &mut Extracted, depth: usize) -> bool {
    let ty = str_prop(o, "type");
    // a user's task or message: what the plan is for
    if matches!(ty, Some("user")) || matches!(str_prop(o, "role"), Some("user")) {
        note_from(text, map, o, out);
    }
    // Claude Code: {"type":"tool_use","name":…,"input":{…}}; hook input: tool_name/tool_input
    if let (Some(name), Some(Value::Object(input))) = (
        str_prop(o, "name")
            .filter(|_| ty == Some("tool_use"))
            .or_else(|| str_prop(o, "tool_name")),
        prop(o, "input").or_else(|| prop(o, "tool_input")),
    ) {
        let origin = if name.starts_with("mcp__") {
            "json:mcp"
        } else {
            "json:claude-code"
        };
        tool(text, map, name, input, out, origin);
        return true;
    }
    // OpenAI chat: {"function": {"name", "arguments": "<json>"}}; Responses/Codex: type function_call
    if let Some(Value::Object(f)) = prop(o, "function").or_else(|| prop(o, "function_call"))
        && function_call(text, map, f, out, "json:openai")
    {
        return true;
    }
    if ty == Some("function_call") && function_call(text, map, o, out, "json:codex") {
        return true;
    }
    // Gemini: {"functionCall": {"name", "args": {…}}} (`function_call` in the Python SDK's
    // dumps); LangChain and agent frameworks: {"type": "tool_call", "name", "args"}
    if let Some(Value::Object(f)) = prop(o, "functionCall")
        && function_call(text, map, f, out, "json:gemini")
    {
        return true;
    }
    if ty == Some("tool_call") && function_call(text, map, o, out, "json:tool-call") {
        return true;
    }
    // Codex local shell: {"type":"local_shell_call","action":{"command":[…]}}
    if ty == Some("local_shell_call")
        && let Some(Value::Object(action)) = prop(o, "action")
    {
        tool(text, map, "local_shell", action, out, "json:codex");
        return true;
    }
    // MCP: {"method":"tools/call","params":{"name":…,"arguments":{…}}}
    if str_prop(o, "method") == Some("tools/call")
        && let Some(Value::Object(params)) = prop(o, "params")
        && let (Some(name), Some(Value::Object(args))) = (str_prop(params, "name"), prop(params, "arguments"))
    {
        tool(text, map, name, args, out, "json:mcp");
        return true;
    }
    // A persisted query: {"extensions": {"persistedQuery": {"sha256Hash": …}}} without a query
    if prop(o, "query").is_none()
        && let Some(Value::Object(ext)) = prop(o, "extensions")
        && let Some(Value::Object(pq)) = prop(ext, "persistedQuery")
    {
        let hash = str_prop(pq, "sha256Hash").unwrap_or("");
        out.unread.push(Unread {
            span: map.map_span(span_of(o.range)),
            message: format!(
                "a persisted GraphQL query (hash `{}`): which operation it runs only the server knows",
                hash.chars().take(16).collect::<String>()
            ),
            kind: UnreadKind::PersistedQuery,
            origin: None,
        });
        return true;
    }
    // A GraphQL request body: {"query": "…", "variables": {…}, "operationName": "…"}
    if let Some(q) = prop(o, "query")
        && let Some((doc, qmap)) = decoded(text, map, q)
        && looks_like_graphql(&doc)
    {
        let mut s = Snippet::new(SnippetLang::Graphql, doc, qmap, "json:graphql-request");
        if let Some(Value::Object(vars)) = prop(o, "variables") {
            s.vars = vars
                .properties
                .iter()
                .map(|p| (p.name.as_str().to_owned(), gql_value(&p.value, depth)))
                .collect();
        }
        s.operation_name = str_prop(o, "operationName").map(str::to_owned);
        out.snippets.push(s);
        return true;
    }
    sql_request(text, map, o, out);
    false
}

/// Keys under which database HTTP APIs take SQL: `{"sql": …}` (Cloudflare D1, Turso/libSQL's
/// `stmt`, Hasura `run_sql`), `{"query": …}` (Neon, Supabase, BigQuery), `{"statement": …}`
/// (Databricks, Snowflake), `{"stmt": …}` (CrateDB), and lists of them under `statements`.
const SQL_KEYS: &[&str] = &["sql", "query", "statement", "stmt", "statements", "queries"];

/// The SQL a database API request body carries (the object's other values are walked on: a
/// batch's objects are requests too).
fn sql_request(text: &str, map: &OffsetMap, o: &Object, out: &mut Extracted) {
    for p in &o.properties {
        let key = p.name.as_str();
        if !SQL_KEYS.contains(&key) {
            continue;
        }
        let items: Vec<&Value> = match &p.value {
            Value::Array(a) => a.elements.iter().collect(),
            v => vec![v],
        };
        for v in items {
            if let Some((s, m)) = decoded(text, map, v)
                && looks_like_sql(key, &s)
            {
                out.snippets.push(Snippet::new(
                    SnippetLang::Sql(SqlDialect::Generic),
                    s,
                    m,
                    "json:sql-request",
                ));
            }
        }
    }
}

fn note_from(text: &str, map: &OffsetMap, o: &Object, out: &mut Extracted) {
    let content = prop(o, "content").or_else(|| match prop(o, "message") {
        Some(Value::Object(m)) => prop(m, "content"),
        _ => None,
    });
    if let Some(v @ Value::StringLit(s)) = content {
        let _ = v;
        out.notes.push(Note {
            text: s.value.to_string(),
            span: map.map_span(span_of(s.range)),
            scope: None,
        });
    }
    let _ = text;
}

/// `{"name": …, "arguments": "<json string>"}` (or `arguments` as an object; `args` in Gemini's
/// and LangChain's shapes).
fn function_call(text: &str, map: &OffsetMap, f: &Object, out: &mut Extracted, origin: &str) -> bool {
    let Some(name) = str_prop(f, "name") else { return false };
    match prop(f, "arguments").or_else(|| prop(f, "args")) {
        Some(Value::Object(args)) => {
            tool(text, map, name, args, out, origin);
            true
        }
        Some(v @ Value::StringLit(_)) => {
            let Some((inner, inner_map)) = decoded(text, map, v) else {
                return false;
            };
            let Some(Value::Object(args)) = parse(&inner) else {
                return false;
            };
            tool(&inner, &inner_map, name, &args, out, origin);
            true
        }
        _ => false,
    }
}

/// One tool call: its command inputs are shell; for other tools, string inputs that are GraphQL
/// or SQL are analysed as such.
fn tool(text: &str, map: &OffsetMap, name: &str, input: &Object, out: &mut Extracted, origin: &str) {
    if FILE_WRITES.contains(&name) {
        file_write(text, map, name, input, out, origin);
        return;
    }
    let short = name.rsplit("__").next().unwrap_or(name);
    if NOT_COMMANDS.contains(&name) || NOT_COMMANDS.contains(&short) {
        return;
    }
    if !input.properties.iter().any(|p| is_command_key(p.name.as_str())) {
        // the tool's name is its action (`drop_database`, `mcp__railway__volume_delete`)
        action_call(text, map, name, input, out, origin, None);
    }
    for p in &input.properties {
        let key = p.name.as_str();
        if is_command_key(key) {
            match &p.value {
                Value::StringLit(_) => {
                    if let Some((cmd, m)) = decoded(text, map, &p.value) {
                        let lang = shell_of_tool(short, &cmd);
                        out.snippets.push(Snippet::new(lang, cmd, m, origin));
                    }
                }
                Value::Array(a) => argv(text, map, &a.elements, out, origin),
                _ => {}
            }
            continue;
        }
        if key == "description" {
            if let Value::StringLit(s) = &p.value {
                out.notes.push(Note {
                    text: s.value.to_string(),
                    span: map.map_span(span_of(s.range)),
                    scope: None,
                });
            }
            continue;
        }
        strings(text, map, key, &p.value, out, origin, 0);
    }
}

/// The shell a tool's command line is read as: PowerShell for the agents' PowerShell tools
/// (Claude Code's and Copilot CLI's `powershell`), else by its words (Codex's `Bash`, Gemini's
/// `run_shell_command` and Cursor's shell run PowerShell or cmd.exe on Windows, and their hook
/// input does not say which).
fn shell_of_tool(tool: &str, command: &str) -> SnippetLang {
    if tool.eq_ignore_ascii_case("powershell") || tool.eq_ignore_ascii_case("pwsh") {
        SnippetLang::PowerShell
    } else if tool.eq_ignore_ascii_case("cmd") {
        SnippetLang::Batch
    } else {
        SnippetLang::of_command_line(command)
    }
}

/// Arguments of a rebuilt call followed this deep, and this many words at most.
const MAX_ACTION_DEPTH: usize = 4;
const MAX_ACTION_WORDS: usize = 64;

/// A tool call whose name is the action, rebuilt as the command line `NAME --key=value …`
/// (nested keys joined with `.`, `true` as a bare `--key`, each element of a list its own
/// `--key=value`; long or multi-line strings, which the SQL and GraphQL analyses read, are left
/// out), each word mapped to its place in the JSON. The verb lexicon reads the name; the
/// environment analysis reads ID-named options.
fn action_call(
    text: &str,
    map: &OffsetMap,
    name: &str,
    input: &Object,
    out: &mut Extracted,
    origin: &str,
    skip: Option<&str>,
) {
    let at = input.range.start;
    let mut b = TextBuilder::new();
    b.push_single_quoted(name, map.map(at), map.map(at), |_| map.map(at));
    let mut words = 0;
    for p in input.properties.iter().filter(|p| Some(p.name.as_str()) != skip) {
        action_args(text, map, p.name.as_str(), &p.value, &mut b, &mut words, 0);
    }
    let (cmd, m) = b.finish();
    let mut s = Snippet::new(SnippetLang::Shell, cmd, m, origin);
    s.action = true;
    out.snippets.push(s);
}

fn action_args(
    text: &str,
    map: &OffsetMap,
    key: &str,
    v: &Value,
    b: &mut TextBuilder,
    words: &mut usize,
    depth: usize,
) {
    if depth > MAX_ACTION_DEPTH || *words >= MAX_ACTION_WORDS {
        return;
    }
    let at = map.map(span_of(v.range()).start());
    let option = |b: &mut TextBuilder, words: &mut usize| {
        *words += 1;
        b.push(" ", at, false);
        let flag = format!("--{key}");
        b.push_single_quoted(&flag, at, at, |_| at);
    };
    match v {
        Value::StringLit(_) => {
            let Some((s, m)) = decoded(text, map, v) else { return };
            if s.len() > 200 || s.contains('\n') {
                return;
            }
            option(b, words);
            b.push("=", at, false);
            b.push_single_quoted(&s, m.map(0), m.map(s.len()), |i| m.map(i));
        }
        Value::BooleanLit(t) if t.value => option(b, words),
        Value::NumberLit(n) => {
            option(b, words);
            b.push("=", at, false);
            b.push(n.value, at, false);
        }
        Value::Object(o) => {
            for p in &o.properties {
                let k = format!("{key}.{}", p.name.as_str());
                action_args(text, map, &k, &p.value, b, words, depth + 1);
            }
        }
        Value::Array(a) => {
            for e in &a.elements {
                if !matches!(e, Value::Object(_) | Value::Array(_)) {
                    action_args(text, map, key, e, b, words, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// A file tool's call: what it writes is not run, but a later step may run it (its content is
/// kept when the call gives all of it), and writing some files switches a guard off (a
/// command `TOOL >'PATH'` from origin `…/file-tool` stands for the write, so rules on writes
/// see it).
fn file_write(text: &str, map: &OffsetMap, name: &str, input: &Object, out: &mut Extracted, origin: &str) {
    let mut paths: Vec<(String, OffsetMap)> = Vec::new();
    for p in &input.properties {
        if PATH_KEYS.contains(&p.name.as_str())
            && let Some(d) = decoded(text, map, &p.value)
        {
            paths.push(d);
        }
    }
    // `apply_patch`: `*** Add File: PATH`, `*** Update File: PATH`, `*** Delete File: PATH`
    for key in ["input", "patch"] {
        let Some((patch, m)) = prop(input, key).and_then(|v| decoded(text, map, v)) else {
            continue;
        };
        let mut at = 0;
        for line in patch.split_inclusive('\n') {
            let l = line.trim_end();
            for marker in [
                "*** Add File: ",
                "*** Update File: ",
                "*** Delete File: ",
                "*** Move to: ",
            ] {
                if let Some(path) = l.strip_prefix(marker) {
                    let start = at + marker.len();
                    paths.push((
                        path.trim().to_owned(),
                        m.compose(&OffsetMap::identity(start), path.len()),
                    ));
                }
            }
            at += line.len();
        }
    }
    let whole = CONTENT_KEYS
        .iter()
        .find_map(|k| prop(input, k).and_then(|v| decoded(text, map, v)));
    // `str_replace_editor` writes a whole file only with `command: create`
    let creates = !matches!(str_prop(input, "command"), Some(c) if c != "create");
    for (path, pmap) in paths {
        let content = whole.as_ref().filter(|_| creates);
        let tool_origin = format!("{origin}/{name}");
        let mut record = match content {
            Some((c, m)) => Snippet::new(SnippetLang::Shell, c.clone(), m.clone(), &tool_origin),
            None => Snippet::new(SnippetLang::Shell, String::new(), pmap.clone(), &tool_origin),
        };
        record.written_to = Some((std::path::PathBuf::from(&path), content.is_some()));
        out.snippets.push(record);
        let mut b = TextBuilder::new();
        let start = pmap.map(0);
        b.push(&format!("{name} >"), start, false);
        b.push_single_quoted(&path, start, pmap.map(path.len().saturating_sub(1)), |i| pmap.map(i));
        let (cmd, m) = b.finish();
        out.snippets.push(Snippet::new(
            SnippetLang::Shell,
            cmd,
            m,
            format!("{tool_origin}/file-tool"),
        ));
    }
}

/// String inputs of other tools that hold GraphQL or SQL.
fn strings(text: &str, map: &OffsetMap, key: &str, v: &Value, out: &mut Extracted, origin: &str, depth: usize) {
    if depth > 16 {
        too_deep(map, v, out);
        return;
    }
    match v {
        Value::StringLit(_) => {
            let Some((s, m)) = decoded(text, map, v) else { return };
            if looks_like_graphql(&s) {
                out.snippets.push(Snippet::new(SnippetLang::Graphql, s, m, origin));
            } else if looks_like_sql(key, &s) {
                out.snippets
                    .push(Snippet::new(SnippetLang::Sql(SqlDialect::Generic), s, m, origin));
            }
        }
        Value::Object(o) => {
            for p in &o.properties {
                strings(text, map, p.name.as_str(), &p.value, out, origin, depth + 1);
            }
        }
        Value::Array(a) => {
            for e in &a.elements {
                strings(text, map, key, e, out, origin, depth + 1);
            }
        }
        _ => {}
    }
}

/// A command given as an argument vector: `["bash", "-lc", "script"]` is the script; anything
/// else is the words of one command line.
pub(crate) fn argv(text: &str, map: &OffsetMap, elems: &[Value], out: &mut Extracted, origin: &str) {
    let words: Vec<(String, OffsetMap)> = elems.iter().filter_map(|e| decoded(text, map, e)).collect();
    if words.len() != elems.len() || words.is_empty() {
        return;
    }
    // `["powershell.exe", "-Command", "…"]` (Codex on Windows), `["cmd.exe", "/c", "…"]`
    let program = words[0].0.rsplit(['/', '\\']).next().unwrap_or("").to_ascii_lowercase();
    let program = program.strip_suffix(".exe").unwrap_or(&program);
    let code_after = |flags: &[&str]| {
        words
            .iter()
            .position(|(w, _)| flags.iter().any(|f| f.eq_ignore_ascii_case(w)))
            .and_then(|i| words.get(i + 1))
    };
    let windows = match program {
        "pwsh" | "powershell" => code_after(&["-Command", "-c", "-NoProfileCommand", "/Command", "/c"])
            .map(|w| (SnippetLang::PowerShell, w))
            .or_else(|| {
                words
                    .get(1)
                    .filter(|(w, _)| !w.starts_with('-'))
                    .map(|w| (SnippetLang::PowerShell, w))
            }),
        "cmd" => code_after(&["/c", "/k", "/s/c", "/d/c"]).map(|w| (SnippetLang::Batch, w)),
        _ => None,
    };
    if let Some((lang, (script, m))) = windows {
        out.snippets.push(Snippet::new(lang, script.clone(), m.clone(), origin));
        return;
    }
    if crate::lang::is_shell_program(&words[0].0)
        && let Some(i) = words
            .iter()
            .position(|(w, _)| w.starts_with('-') && !w.starts_with("--") && w.ends_with('c'))
        && let Some((script, m)) = words.get(i + 1)
    {
        out.snippets
            .push(Snippet::new(SnippetLang::Shell, script.clone(), m.clone(), origin));
        return;
    }
    // quote each word so the command line reads back as the same words
    let mut b = TextBuilder::new();
    for (k, (w, m)) in words.iter().enumerate() {
        let start = m.map(0);
        if k > 0 {
            b.push(" ", start, false);
        }
        b.push_single_quoted(w, start, m.map(w.len().saturating_sub(1)), |i| m.map(i));
    }
    let (s, m) = b.finish();
    out.snippets.push(Snippet::new(SnippetLang::Shell, s, m, origin));
}

pub fn looks_like_graphql(s: &str) -> bool {
    let t = s.trim_start();
    let starts = ["mutation", "query", "subscription", "fragment", "{"]
        .iter()
        .any(|k| t.starts_with(k));
    starts && graphql::parse(s).is_ok_and(|d| !d.operations.is_empty())
}

pub(crate) fn looks_like_sql(key: &str, s: &str) -> bool {
    let first = s.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
    let keyword = matches!(
        first.as_str(),
        "DROP"
            | "DELETE"
            | "TRUNCATE"
            | "UPDATE"
            | "ALTER"
            | "INSERT"
            | "SELECT"
            | "WITH"
            | "CREATE"
            | "BEGIN"
            | "SHOW"
    );
    keyword
        && (matches!(key, "sql" | "query" | "statement" | "statements" | "stmt" | "queries") || first != "SELECT")
        && sql::analyze(s, SqlDialect::Generic)
            .statements
            .iter()
            .any(|st| !st.fallback)
}

fn gql_value(v: &Value, depth: usize) -> graphql::Value {
    if depth > 64 {
        return graphql::Value::Null;
    }
    match v {
        Value::StringLit(s) => graphql::Value::String(s.value.to_string()),
        Value::NumberLit(n) => match n.value.parse::<i64>() {
            Ok(i) => graphql::Value::Int(i),
            Err(_) => graphql::Value::Float(n.value.parse().unwrap_or(0.0)),
        },
        Value::BooleanLit(b) => graphql::Value::Boolean(b.value),
        Value::NullKeyword(_) => graphql::Value::Null,
        Value::Array(a) => graphql::Value::List(a.elements.iter().map(|e| gql_value(e, depth + 1)).collect()),
        Value::Object(o) => graphql::Value::Object(
            o.properties
                .iter()
                .map(|p| (p.name.as_str().to_owned(), gql_value(&p.value, depth + 1)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claude_transcript_lines() {
        let text = concat!(
            r#"{"type":"user","message":{"role":"user","content":"Fix staging."}}"#,
            "\n",
            r#"{"type":"assistant","message":{"content":[{"type":"tool_use","name":"Bash","input":{"command":"psql \"$DATABASE_URL\" -c \"DROP DATABASE x\""}}]}}"#,
            "\n",
            r#"{"type":"assistant","message":{"content":[{"type":"tool_use","name":"Edit","input":{"old_string":"rm -rf /"}}]}}"#,
            "\n"
        );
        let ex = extract(text, true);
        assert_eq!(ex.snippets.len(), 1);
        let s = &ex.snippets[0];
        assert_eq!(s.text, "psql \"$DATABASE_URL\" -c \"DROP DATABASE x\"");
        let at = s.text.find("DROP").unwrap();
        assert_eq!(&text[s.map.map(at)..s.map.map(at) + 4], "DROP");
        let at = s.text.find("$DATABASE").unwrap() - 1;
        assert_eq!(&text[s.map.map(at)..s.map.map(at) + 2], "\\\"");
        assert_eq!(ex.notes[0].text, "Fix staging.");
    }

    #[test]
    fn openai_arguments_are_json_in_a_string() {
        let text = r#"{"tool_calls":[{"function":{"name":"shell","arguments":"{\"command\": [\"bash\", \"-lc\", \"terraform destroy -auto-approve\"]}"}}]}"#;
        let ex = extract(text, false);
        assert_eq!(ex.snippets.len(), 1);
        let s = &ex.snippets[0];
        assert_eq!(s.text, "terraform destroy -auto-approve");
        assert_eq!(&text[s.map.map(0)..s.map.map(0) + 9], "terraform");
        assert_eq!(s.origin, "json:openai");
    }

    #[test]
    fn argv_without_a_shell_is_one_command_line() {
        let text = r#"{"type":"local_shell_call","action":{"command":["rm","-rf","/srv/it's"]}}"#;
        let ex = extract(text, false);
        assert_eq!(ex.snippets[0].text, r"'rm' '-rf' '/srv/it'\''s'");
        let s = &ex.snippets[0];
        let at = s.text.find("/srv").unwrap();
        assert_eq!(&text[s.map.map(at)..s.map.map(at) + 4], "/srv");
    }

    #[test]
    fn graphql_requests_and_batches() {
        let text = r#"[{"query":"mutation($v: String!) { volumeDelete(volumeId: $v) }","variables":{"v":"vol-1"}},{"query":"query { me { id } }"}]"#;
        let ex = extract(text, false);
        assert_eq!(ex.snippets.len(), 2);
        assert_eq!(
            ex.snippets[0].vars.get("v"),
            Some(&graphql::Value::String("vol-1".into()))
        );
        assert_eq!(ex.snippets[0].origin, "json:graphql-request");
    }

    #[test]
    fn command_arguments_by_their_names() {
        for key in [
            "cli_command",
            "shellCommand",
            "run_cmd",
            "commandLine",
            "cmdline",
            "remote-command",
        ] {
            assert!(super::is_command_key(key), "{key}");
        }
        for key in ["commander", "description", "commandment_id", "query"] {
            assert!(!super::is_command_key(key), "{key}");
        }
        let text = r#"{"tool_name":"mcp__aws__call_aws","tool_input":{"cli_command":"aws s3 rb s3://b --force"}}"#;
        let ex = extract(text, false);
        assert!(
            ex.snippets
                .iter()
                .any(|s| s.lang == SnippetLang::Shell && s.text == "aws s3 rb s3://b --force"),
            "{:?}",
            ex.snippets
        );
    }

    #[test]
    fn mcp_calls() {
        let text = r#"{"jsonrpc":"2.0","method":"tools/call","params":{"name":"run_sql","arguments":{"sql":"TRUNCATE users"}}}"#;
        let ex = extract(text, false);
        // the call itself, for the verb lexicon, then the SQL it carries
        assert!(ex.snippets[0].action && ex.snippets[0].text.starts_with("'run_sql' '--sql'="));
        assert_eq!(ex.snippets[1].lang, SnippetLang::Sql(SqlDialect::Generic));
        let text =
            r#"{"method":"tools/call","params":{"name":"run_command","arguments":{"command":"kubectl delete ns x"}}}"#;
        let ex = extract(text, false);
        // a command tool's name is not an action
        assert_eq!(ex.snippets.len(), 1);
        assert_eq!(
            (ex.snippets[0].lang, ex.snippets[0].action),
            (SnippetLang::Shell, false)
        );
    }

    #[test]
    fn sql_in_database_api_bodies() {
        let sql = |text: &str| -> Vec<String> {
            extract(text, false)
                .snippets
                .into_iter()
                .filter(|s| matches!(s.lang, SnippetLang::Sql(_)))
                .map(|s| s.text)
                .collect()
        };
        assert_eq!(
            sql(r#"{"sql": "DROP TABLE users", "params": []}"#),
            ["DROP TABLE users"]
        );
        assert_eq!(
            sql(r#"{"requests": [{"type": "execute", "stmt": {"sql": "DROP TABLE t"}}, {"type": "close"}]}"#),
            ["DROP TABLE t"]
        );
        assert_eq!(
            sql(r#"{"statements": ["SELECT 1", "TRUNCATE a"]}"#),
            ["SELECT 1", "TRUNCATE a"]
        );
        let text = r#"{"statement": "DELETE FROM \"orders\""}"#;
        let ex = extract(text, false);
        let s = &ex.snippets[0];
        let at = s.text.find("orders").unwrap();
        assert_eq!(&text[s.map.map(at)..s.map.map(at) + 6], "orders");
        // a search string is not SQL; a GraphQL body stays GraphQL
        assert!(sql(r#"{"query": "red shoes", "name": "drop table"}"#).is_empty());
        assert!(sql(r#"{"query": "mutation { a }"}"#).is_empty());
    }

    #[test]
    fn other_json_is_skipped() {
        let ex = extract(
            r#"{"name":"pkg","scripts":{"clean":"rm -rf dist"},"version":"1.0.0"}"#,
            false,
        );
        assert!(ex.snippets.is_empty());
        assert!(extract("{\"a\":", false).snippets.is_empty());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(extract(&deep, false).snippets.is_empty());
    }
}
