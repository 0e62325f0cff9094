//! Taskfiles (go-task): each task's `cmds` (a string, `{cmd: …}`, `{defer: …}`; `{task: …}`
//! calls another task and is skipped), `cmd`, `preconditions` (`sh`) and `status` commands,
//! and the `sh` of dynamic variables, one snippet per command mapped back to the file; task
//! names, descriptions and environment variables that name an environment are notes.
//!
//! Task renders each command as a Go template before its shell interpreter runs it: a
//! `{{.NAME}}` whose variable the task or the file sets to a plain value is replaced by that
//! value, any other action (`{{.CLI_ARGS}}`, `{{.NAME | default "x"}}`, a dynamic variable)
//! by a quoted run-time value (`"${TASK_NAME}"`); `{{if …}}`, `{{else}}`, `{{end}}` and the
//! like vanish, so both branches are read.

use std::collections::HashMap;
use std::rc::Rc;

use super::yaml::{self, Commands, Node, align, get, get_str};
use super::{Extracted, TextBuilder, Unread, UnreadKind};
use crate::lang::Lang;

/// Whether a YAML text is a Taskfile: a top-level `version: '3'` (or 2) and `tasks:`. Reads
/// lines, never parses.
pub fn sniff(text: &str) -> bool {
    let (mut version, mut tasks) = (false, false);
    for line in text.lines().take(10_000) {
        if let Some(v) = line.strip_prefix("version:") {
            let v = v.trim().trim_matches(['\'', '"']);
            version |= v.starts_with('3') || v.starts_with('2');
        } else if let Some(rest) = line.strip_prefix("tasks:") {
            let rest = rest.trim();
            tasks |= rest.is_empty() || rest.starts_with('#');
        }
    }
    version && tasks
}

/// Variables by name: `Some(value)` when it is a plain value, `None` when known only at run
/// time (`sh:`, `ref:`, a map or a list).
type Vars = HashMap<String, Option<String>>;

/// A variable's value in the first scope that sets it.
fn lookup<'v>(scopes: &[&'v Vars], name: &str) -> Option<&'v Option<String>> {
    scopes.iter().find_map(|s| s.get(name))
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let docs = yaml::parse(text, Lang::Taskfile.as_str(), &mut out.unread);
    let mut c = Commands::new(text, out);
    for doc in docs {
        match &*doc {
            Node::Map { .. } => file(&mut c, &doc),
            Node::Scalar { value, .. } if value.is_empty() || value == "~" || value == "null" => {}
            other => c.out.unread.push(Unread {
                span: other.span(),
                message: "a Taskfile is a YAML mapping (with `tasks:`); this document is not one and was not read"
                    .into(),
                kind: UnreadKind::Malformed,
                origin: Some(Lang::Taskfile.as_str().into()),
            }),
        }
    }
    c.out
}

fn file(c: &mut Commands, doc: &Node) {
    let (mut top_env, mut top_vars) = (Vars::new(), Vars::new());
    vars(c, get(doc, "env"), "taskfile:env", &[], &mut top_env);
    vars(c, get(doc, "vars"), "taskfile:vars", &[&top_env], &mut top_vars);
    let Some(tasks) = get(doc, "tasks") else { return };
    let Node::Map { entries, .. } = &*tasks else { return };
    for (key, task) in entries {
        let Some(name) = key.str() else { continue };
        if name == "<<" {
            continue;
        }
        c.note(name, key.span());
        let origin = format!("taskfile:{name}");
        let (mut env, mut own) = (Vars::new(), Vars::new());
        if matches!(**task, Node::Map { .. }) {
            for field in ["desc", "summary"] {
                if let Some((text, span)) = get_str(task, field) {
                    c.note(&text, span);
                }
            }
            vars(
                c,
                get(task, "env"),
                &format!("{origin}/env"),
                &[&top_vars, &top_env],
                &mut env,
            );
            vars(
                c,
                get(task, "vars"),
                &format!("{origin}/vars"),
                &[&env, &top_vars, &top_env],
                &mut own,
            );
        }
        // the task's own variables first, then the file's
        let own: &[&Vars] = &[&own, &env, &top_vars, &top_env];
        match &**task {
            // `name: echo hi`, `name: [a, b]`: the commands alone
            Node::Scalar { .. } => templated(c, task, &origin, own),
            Node::Seq { items, .. } => cmds(c, items, &origin, own),
            Node::Map { .. } => {
                if let Some(cmd) = get(task, "cmd") {
                    cmd_item(c, &cmd, &origin, own);
                }
                if let Some(list) = get(task, "cmds") {
                    match &*list {
                        Node::Seq { items, .. } => cmds(c, items, &origin, own),
                        _ => cmd_item(c, &list, &origin, own),
                    }
                }
                if let Some(list) = get(task, "preconditions")
                    && let Node::Seq { items, .. } = &*list
                {
                    for p in items {
                        let sh = match **p {
                            Node::Scalar { .. } => Some(p.clone()),
                            _ => get(p, "sh"),
                        };
                        if let Some(sh) = sh {
                            templated(c, &sh, &format!("{origin}/preconditions"), own);
                        }
                    }
                }
                if let Some(list) = get(task, "status")
                    && let Node::Seq { items, .. } = &*list
                {
                    for s in items {
                        templated(c, s, &format!("{origin}/status"), own);
                    }
                }
            }
            Node::Missing(_) => {}
        }
    }
}

/// A `vars:` or `env:` mapping: each value into `into`, the `sh` of dynamic ones analysed (its
/// templates filled from `known`), and variables that name an environment as notes.
fn vars(c: &mut Commands, node: Option<Rc<Node>>, origin: &str, known: &[&Vars], into: &mut Vars) {
    let Some(node) = node else { return };
    let Node::Map { entries, .. } = &*node else { return };
    for (k, v) in entries {
        let Some(name) = k.str() else { continue };
        let value = match &**v {
            Node::Scalar { value, tag: None, .. } => Some(value.clone()),
            Node::Map { .. } => {
                if let Some(sh) = get(v, "sh") {
                    templated(c, &sh, &format!("{origin}/{name}"), known);
                }
                None
            }
            _ => None,
        };
        if let Some(value) = &value
            && names_environment(name)
        {
            c.note(&format!("{name}={value}"), v.span());
        }
        into.insert(name.to_owned(), value);
    }
}

/// `APP_ENV`, `ENV`, `ENVIRONMENT`, `STAGE` …: a variable that says which environment a task
/// acts on.
fn names_environment(key: &str) -> bool {
    let k = key.trim().to_ascii_uppercase();
    k == "ENV" || k.ends_with("_ENV") || k.ends_with("ENVIRONMENT") || k == "STAGE" || k.ends_with("_STAGE")
}

fn cmds(c: &mut Commands, items: &[Rc<Node>], origin: &str, vars: &[&Vars]) {
    for item in items {
        cmd_item(c, item, origin, vars);
    }
}

/// One item of `cmds`: a string, `{cmd: …}`, `{defer: …}`; `{task: …}` is another task's.
fn cmd_item(c: &mut Commands, item: &Rc<Node>, origin: &str, vars: &[&Vars]) {
    match &**item {
        Node::Scalar { .. } => templated(c, item, origin, vars),
        Node::Map { .. } => {
            if let Some(cmd) = get(item, "cmd") {
                templated(c, &cmd, origin, vars);
            }
            if let Some(d) = get(item, "defer") {
                match &*d {
                    Node::Scalar { .. } => templated(c, &d, origin, vars),
                    Node::Map { .. } => {
                        if let Some(cmd) = get(&d, "cmd") {
                            templated(c, &cmd, origin, vars);
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// A command string with its `{{ … }}` template actions filled in (see the module's doc).
fn templated(c: &mut Commands, node: &Node, origin: &str, vars: &[&Vars]) {
    let Node::Scalar {
        value,
        style,
        span,
        tag: None,
    } = node
    else {
        return;
    };
    let at = align(value, *style, c.text, *span);
    let mut b = TextBuilder::new();
    let mut i = 0;
    while i < value.len() {
        if value[i..].starts_with("{{")
            && let Some(len) = value[i + 2..].find("}}")
        {
            let piece = action(&value[i + 2..i + 2 + len], vars, 0);
            b.push(&piece, at[i].0, false);
            i += len + 4;
            continue;
        }
        let ch = value[i..].chars().next().expect("i is a char boundary");
        b.push(ch.encode_utf8(&mut [0; 4]), at[i].0, at[i].1);
        i += ch.len_utf8();
    }
    c.built(*span, origin, b);
}

/// A variable's value with its own template actions filled in (`DB: shop_{{.STAGE}}`), to a
/// bounded depth (past it, or in a cycle, the actions are run-time values).
fn expand(value: &str, vars: &[&Vars], depth: usize) -> String {
    if !value.contains("{{") {
        return value.to_owned();
    }
    if depth > MAX_EXPANSION {
        return "\"${TASK_expr}\"".to_owned();
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(open) = rest.find("{{") {
        let Some(len) = rest[open + 2..].find("}}") else { break };
        if out.len() > MAX_VALUE {
            // variables that double each other: the rest is a run-time value
            out.push_str("\"${TASK_expr}\"");
            return out;
        }
        out.push_str(&rest[..open]);
        out.push_str(&action(&rest[open + 2..open + 2 + len], vars, depth));
        rest = &rest[open + len + 4..];
    }
    out.push_str(rest);
    out
}

/// Variables expanded inside variables, one inside another.
const MAX_EXPANSION: usize = 4;
/// Bytes of one expanded value.
const MAX_VALUE: usize = 16 * 1024;

/// What a template action stands for in the command: a plain variable's value, nothing for
/// control actions, else a quoted run-time value named after the first variable it reads.
fn action(inner: &str, vars: &[&Vars], depth: usize) -> String {
    let inner = inner.trim_start_matches('-').trim_end_matches('-').trim();
    let first = inner.split_whitespace().next().unwrap_or("");
    if matches!(
        first,
        "if" | "else" | "end" | "range" | "with" | "define" | "block" | "template" | "break" | "continue"
    ) || inner.starts_with("/*")
    {
        return String::new();
    }
    let ident = |s: &str| {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<String>()
    };
    if let Some(name) = inner.strip_prefix('.')
        && !name.is_empty()
        && ident(name) == name
        && let Some(Some(v)) = lookup(vars, name)
    {
        return expand(v, vars, depth + 1);
    }
    let var = inner
        .match_indices('.')
        .map(|(k, _)| ident(&inner[k + 1..]))
        .find(|n| !n.is_empty() && !n.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or_else(|| "expr".to_owned());
    format!("\"${{TASK_{var}}}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{at, origins_and_texts};

    #[test]
    fn tasks_commands_and_templates() {
        let src = "version: '3'\nvars:\n  DIR: '{{.ROOT}}/x'\n  ROOT: /srv/app\n  REV:\n    sh: git rev-parse HEAD\nenv:\n  APP_ENV: staging\ntasks:\n  clean:\n    desc: wipe the build\n    cmds:\n      - rm -rf {{.DIR}}/build\n      - task: other\n      - cmd: kubectl delete ns {{.NS}}\n      - defer: echo {{.REV}}\n    preconditions:\n      - sh: test -d {{ .DIR }}\n        msg: no dir\n    status:\n      - test -f x{{if .X}} -v{{end}}\n  short: dropdb {{.CLI_ARGS}}\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("taskfile:vars/REV", "git rev-parse HEAD"),
                ("taskfile:clean", "rm -rf /srv/app/x/build"),
                ("taskfile:clean", "kubectl delete ns \"${TASK_NS}\""),
                ("taskfile:clean", "echo \"${TASK_REV}\""),
                ("taskfile:clean/preconditions", "test -d /srv/app/x"),
                ("taskfile:clean/status", "test -f x -v"),
                ("taskfile:short", "dropdb \"${TASK_CLI_ARGS}\""),
            ]
        );
        assert_eq!(at(src, &ex.snippets[1], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &ex.snippets[2], "kubectl"), "kubectl");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["APP_ENV=staging", "clean", "wipe the build", "short"]);
    }

    #[test]
    fn sniffs_taskfiles_only() {
        assert!(sniff("version: '3'\n\ntasks:\n  a: echo\n"));
        assert!(sniff("version: \"3\"\ntasks: # all\n  a: echo\n"));
        assert!(!sniff("version: '3'\nservices:\n  a: {}\n"));
        assert!(!sniff("tasks:\n  - a\n"));
        assert!(!sniff(""));
    }

    #[test]
    fn bad_input() {
        for src in [
            "tasks: [a\n",
            "- a\n",
            "tasks:\n  x:\n\tcmds: [rm -rf /]\n",
            "tasks:\n  x: rm {{ {{.A}}\n",
        ] {
            let ex = extract(src);
            for s in &ex.snippets {
                assert!(s.map.map(s.text.len()) <= src.len());
            }
        }
        assert_eq!(extract("- a\n").unread[0].kind, UnreadKind::Malformed);
        // variables that refer to themselves, many times over: bounded
        let many = "{{.A}}".repeat(2000);
        let src = format!("vars:\n  A: '{many}'\ntasks:\n  x: echo {{{{.A}}}}\n");
        let ex = extract(&src);
        assert!(ex.snippets[0].text.len() < 200_000);
    }
}
