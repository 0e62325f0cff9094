//! Unverified ID: a destructive operation that names its object by an opaque ID (or a variable
//! the plan never sets) that nothing earlier in the plan looks up.

use super::{ALWAYS_SET, Analysis, CmdRef, Found, clip, envwords};
use crate::finding::{Category, Confidence};
use crate::graphql::Value;
use crate::plan::{Op, OpKind};
use crate::rules::EngineRule;
use crate::rules::schema::{RuleTarget, Scope};
use crate::rules::view::View;
use crate::shell::{VarState, Word};
use crate::target::TargetKind;

impl Analysis<'_> {
    pub(super) fn unverified_id(
        &self,
        i: usize,
        op: &Op,
        chain: &[CmdRef],
        targets: &[&RuleTarget],
        found: &mut Vec<Found>,
    ) {
        let (ids, generic) = self.ids(op, targets);
        for (id, what) in ids {
            let (confidence, mut msg) = match &id {
                Id::Literal(s) => {
                    if !envwords::is_opaque_id(s) {
                        continue;
                    }
                    let id = clip(s, 40);
                    (
                        if generic { Confidence::Medium } else { Confidence::High },
                        format!("{what} deletes `{id}` by ID, and nothing earlier in the plan looks that ID up"),
                    )
                }
                Id::Variable(v) => (
                    if generic { Confidence::Low } else { Confidence::Medium },
                    format!(
                        "{what} deletes by the ID in `${v}`, which the plan never sets or checks, and nothing earlier looks it up"
                    ),
                ),
            };
            if self.looked_up(i, &id) {
                continue;
            }
            if targets.iter().any(|t| t.scope == Some(Scope::Project)) {
                msg.push_str(": the ID belongs to the whole project, so every environment loses it");
            }
            if let Some(token) = self.broad_token(chain) {
                msg.push_str(&format!("; it is sent with {token}"));
            }
            let help = "Look the ID up first (query it, or `describe`/`get`/`show` it) and check its name and environment before deleting; or delete by name within a pinned environment.".to_owned();
            let target = match &id {
                Id::Literal(s) => targets.iter().find_map(|t| t.lookup).map(|lookup| TargetKind::Id {
                    lookup,
                    id: s.clone(),
                    scope: self.id_scope(op, lookup),
                }),
                Id::Variable(_) => None,
            };
            found.push(Found::new(EngineRule::EnvUnverifiedId, confidence, msg, help).with_target(target));
            return;
        }
    }

    /// The IDs an operation names, per its rules' target declarations; for a command none of
    /// whose rules declares where its IDs are, the generic ones (see [`Analysis::generic_ids`]),
    /// and then `true`.
    pub(super) fn ids(&self, op: &Op, targets: &[&RuleTarget]) -> (Vec<(Id, String)>, bool) {
        let mut out = Vec::new();
        let mut generic = false;
        match op.kind {
            OpKind::Field { doc, operation, field } => {
                let d = &self.plan.docs[doc];
                let f = &d.doc.operations[operation].fields[field];
                if targets.iter().all(|t| t.id_fields.is_empty()) {
                    // no declaration: arguments named like IDs (`id`, `volumeId`, `input.refId`)
                    for (name, v) in &f.args {
                        id_like(name, &v.resolve(&d.vars), &format!("`{}`", f.name), &mut out, 0);
                    }
                }
                for t in targets {
                    for path in &t.id_fields {
                        let mut parts = path.split('.');
                        let Some(first) = parts.next() else { continue };
                        let mut v = f.arg(first).map(|v| v.resolve(&d.vars));
                        for p in parts {
                            v = match v {
                                Some(Value::Object(o)) => o.get(p).map(|x| x.resolve(&d.vars)),
                                _ => None,
                            };
                        }
                        match v {
                            Some(Value::String(s)) => out.push((Id::Literal(s), format!("`{}`", f.name))),
                            Some(Value::Dynamic(d)) => {
                                if let Some(name) = d.strip_prefix('$') {
                                    let name = name.trim_matches(|c| c == '{' || c == '}');
                                    out.push((Id::Variable(name.to_owned()), format!("`{}`", f.name)));
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            OpKind::Command { script, index } => {
                let cmd = &self.plan.scripts[script].script.commands[index];
                let program = cmd.program.as_deref().unwrap_or("");
                let view = View::new(cmd, self.rules.program(program));
                // (word, declared as an ID option): a variable in a positional counts only when
                // it is named like an ID
                let mut words: Vec<(Word, bool)> = Vec::new();
                for t in targets {
                    for g in &t.id_flags {
                        for f in view.flags_named(g.names()) {
                            words.extend(view.value_word(f).map(|w| (w, true)));
                        }
                    }
                    for &k in &t.id_args {
                        // positionals after the rule's subcommand path: find the path length
                        // from the rule's shell matcher
                        let path_len = self.path_len(op, program);
                        if let Some(&at) = view.positionals.get(path_len + k) {
                            words.push((cmd.args[at].clone(), false));
                        }
                    }
                }
                let in_path = targets.iter().any(|t| t.id_in_path);
                let what = format!("`{}`", clip(&cmd.display(), 60));
                let declares = targets
                    .iter()
                    .any(|t| !t.id_flags.is_empty() || !t.id_args.is_empty() || t.id_in_path);
                if !declares && self.generic_ids_apply(op) {
                    generic = true;
                    out = self.generic_ids(op, &view, &what);
                }
                for (w, declared) in words {
                    if let Some(v) = w.value() {
                        if in_path {
                            // the last segments name what is deleted: look at them first
                            for seg in path_segments(&v).into_iter().rev() {
                                out.push((Id::Literal(seg.to_owned()), what.clone()));
                            }
                        }
                        out.push((Id::Literal(v), what.clone()));
                    } else if let Some((name, _, _)) = w
                        .unknown_vars()
                        .find(|(n, s, _)| unchecked(n, s) && (declared || envwords::is_id_name(n)))
                    {
                        out.push((Id::Variable(name.to_owned()), what.clone()));
                    }
                }
            }
            OpKind::Sql { .. } => {}
        }
        (out, generic)
    }

    /// Whether a command gets generic IDs: it is destructive and acts on something beyond the
    /// local machine (no rule that matched it is of a [`LOCAL_FAMILIES`] family).
    fn generic_ids_apply(&self, op: &Op) -> bool {
        let mut destructive = op
            .hits
            .iter()
            .map(|h| self.rules.rule(h.rule))
            .filter(|r| r.spec().category == Category::Destructive)
            .peekable();
        destructive.peek().is_some() && destructive.all(|r| !LOCAL_FAMILIES.contains(&&*r.family))
    }

    /// The IDs of a destructive command whose rules do not say where they are: the values of
    /// options named like IDs (`--volume-id`, `--volumeId`, `--instance-ids`, `--target.id`: a
    /// tool call rebuilt as `TOOL --key value` too), and the positionals after the subcommand
    /// path that are standalone opaque IDs (`vol_4y5m…`, a UUID) or http(s) URLs whose path
    /// holds one. An option that names the scope (`--project-id`, `--org-id`) counts only when
    /// nothing else names an ID (`delete_project --project_id …`). A variable counts only in an
    /// ID-named option or when it is named like an ID itself, and only when the plan never sets
    /// or checks it.
    fn generic_ids(&self, op: &Op, view: &View, what: &str) -> Vec<(Id, String)> {
        let cmd = view.cmd;
        let program = cmd.program.as_deref().unwrap_or("");
        let single_dash_long = self.rules.program(program).is_some_and(|s| s.single_dash_long);
        let args = &cmd.args;
        let mut consumed = Vec::new();
        let (mut named, mut scoped): (Vec<Word>, Vec<Word>) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < args.len() {
            let at = i;
            i += 1;
            let Some(v) = args[at].value() else { continue };
            if v == "--" {
                break;
            }
            let long = v
                .strip_prefix("--")
                .or_else(|| if single_dash_long { v.strip_prefix('-') } else { None });
            let Some(long) = long.filter(|l| !l.is_empty() && !l.starts_with('-')) else {
                continue;
            };
            let (name, glued) = match long.split_once('=') {
                Some((n, g)) => (n, Some(g)),
                None => (long, None),
            };
            let Some(role) = id_option(name) else { continue };
            let word = if let Some(g) = glued {
                Some(crate::shell::wrappers::value_after_eq(&args[at], v.len() - g.len()))
            } else {
                match args.get(at + 1) {
                    Some(next) if !next.value().is_some_and(|n| n.starts_with('-')) => {
                        consumed.push(at + 1);
                        i += 1;
                        Some(next.clone())
                    }
                    _ => None,
                }
            };
            if let Some(w) = word {
                match role {
                    IdOption::Target => named.push(w),
                    IdOption::Scope => scoped.push(w),
                }
            }
        }
        let mut out = Vec::new();
        for w in named {
            word_id(&w, true, what, &mut out);
        }
        let path_len = self.path_len(op, program);
        for &at in view.positionals.iter().skip(path_len) {
            if consumed.contains(&at) {
                continue;
            }
            let w = &args[at];
            match w.value() {
                Some(v) if is_http_url(&v) => {
                    for seg in path_segments(&v).into_iter().rev() {
                        if envwords::is_standalone_id(seg) {
                            out.push((Id::Literal(seg.to_owned()), what.to_owned()));
                        }
                    }
                }
                Some(v) => {
                    if envwords::is_standalone_id(&v) {
                        out.push((Id::Literal(v), what.to_owned()));
                    }
                }
                None => word_id(w, false, what, &mut out),
            }
        }
        if out.is_empty() {
            for w in scoped {
                word_id(&w, true, what, &mut out);
            }
        }
        out
    }

    /// The subcommand path length of the first rule that matched the command, from its
    /// matcher for this program (`http DELETE URL` and `gh api URL` have one, `curl URL` none).
    fn path_len(&self, op: &Op, program: &str) -> usize {
        let spec = self.rules.program(program);
        let same = |p: &String| {
            p == program || spec.is_some_and(|s| self.rules.program(p).is_some_and(|o| std::ptr::eq(o, s)))
        };
        op.hits
            .iter()
            .find_map(|h| {
                let shell = &self.rules.rule(h.rule).spec().shell;
                shell
                    .iter()
                    .find(|m| m.program.iter().any(same))
                    .or(shell.first())
                    .map(|m| m.command.len())
            })
            .unwrap_or(0)
    }

    /// Whether an earlier operation that reads mentions the same ID or variable: a GraphQL
    /// query (not a mutation), or a command no destructive rule matched that does not change
    /// anything itself (see [`reads`]). Not an operation the ID's operation is nested in (the
    /// `curl` that sends it does not look it up), nor a command that carries nested code (the
    /// code it carries decides).
    fn looked_up(&self, before: usize, id: &Id) -> bool {
        let ancestors: Vec<usize> = self.chain(before).iter().map(|c| c.op).collect();
        let carriers: std::collections::HashSet<usize> =
            self.plan.ops[..before].iter().filter_map(|o| o.parent).collect();
        self.plan.ops[..before]
            .iter()
            .enumerate()
            .filter(|(k, _)| !ancestors.contains(k))
            .any(|(k, o)| {
                if o.hits
                    .iter()
                    .any(|h| self.rules.rule(h.rule).spec().category == Category::Destructive)
                {
                    return false;
                }
                match o.kind {
                    OpKind::Command { script, index } => {
                        let cmd = &self.plan.scripts[script].script.commands[index];
                        let at = cmd.args.iter().position(|w| match id {
                            Id::Literal(s) => w.value().is_some_and(|v| v.contains(s.as_str())),
                            Id::Variable(n) => w.unknown_vars().any(|(name, _, _)| name == n),
                        });
                        at.is_some_and(|at| !carriers.contains(&k) && reads(cmd, at, !o.hits.is_empty()))
                    }
                    OpKind::Field { doc, operation, field } => {
                        let d = &self.plan.docs[doc];
                        let operation = &d.doc.operations[operation];
                        let f = &operation.fields[field];
                        operation.kind != crate::graphql::OpKind::Mutation
                            && f.args.iter().any(|(_, v)| value_mentions(&v.resolve(&d.vars), id))
                    }
                    OpKind::Sql { .. } => false,
                }
            })
    }

    /// An account- or workspace-wide token the request is sent with (Railway's Bearer token).
    fn broad_token(&self, chain: &[CmdRef]) -> Option<String> {
        for c in chain {
            let cmd = self.cmd(*c);
            if cmd.program.as_deref() != Some("curl") && cmd.program.as_deref() != Some("http") {
                continue;
            }
            let railway = cmd
                .args
                .iter()
                .any(|w| w.static_prefix().contains("backboard.railway."));
            for w in &cmd.args {
                let shown = w.display();
                if let Some(rest) = shown
                    .strip_prefix("Authorization: Bearer ")
                    .or_else(|| shown.strip_prefix("authorization: Bearer "))
                {
                    let token = rest.trim();
                    if railway {
                        return Some(format!(
                            "an account- or workspace-wide Railway token (`Authorization: Bearer {token}`), which can act on every project and environment; a project token (`Project-Access-Token`) is scoped to one environment"
                        ));
                    }
                    return Some(format!("a bearer token (`{token}`) whose scope nothing checks"));
                }
            }
        }
        None
    }
}

/// Rule families whose operations act on the local machine: files, a git repository, local
/// containers and block devices. Hex names there are paths, commit hashes, container and device
/// IDs, not a provider's IDs: their commands get no generic IDs (a declared `target` still counts).
const LOCAL_FAMILIES: &[&str] = &["filesystem", "git", "containers", "volumes", "guard"];

/// Words of an ID-named option that make it name the scope rather than what is destroyed.
const SCOPE_WORDS: &[&str] = &[
    "project",
    "org",
    "organization",
    "account",
    "workspace",
    "team",
    "tenant",
    "subscription",
    "environment",
    "env",
    "stack",
    "cluster",
    "region",
    "zone",
    "namespace",
    "context",
    "profile",
    "app",
];

/// Words of an ID-named option that make it something other than a target: who calls, which
/// request.
const NOT_TARGET_WORDS: &[&str] = &["client", "request", "trace", "correlation", "session", "idempotency"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdOption {
    /// `--volume-id`, `--id`: what the operation acts on.
    Target,
    /// `--project-id`: where.
    Scope,
}

/// Whether an option's name reads as an ID (`volume-id`, `volumeId`, `instance_ids`,
/// `target.id`), and of what.
fn id_option(name: &str) -> Option<IdOption> {
    if !envwords::is_id_name(name) {
        return None;
    }
    let words = crate::graphql::name_tokens(&name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if words.iter().any(|w| NOT_TARGET_WORDS.contains(w)) {
        return None;
    }
    let subject: Vec<&&str> = words
        .iter()
        .filter(|w| !matches!(**w, "id" | "ids" | "uuid" | "arn" | "oid" | "sha"))
        .collect();
    if !subject.is_empty() && subject.iter().all(|w| SCOPE_WORDS.contains(w)) {
        Some(IdOption::Scope)
    } else {
        Some(IdOption::Target)
    }
}

/// The ID a word holds: its literal value, or a variable the plan never sets or checks (in an
/// ID-named option, or itself named like an ID).
fn word_id(w: &Word, id_named: bool, what: &str, out: &mut Vec<(Id, String)>) {
    if let Some(v) = w.value() {
        out.push((Id::Literal(v), what.to_owned()));
    } else if let Some((name, _, _)) = w
        .unknown_vars()
        .find(|(n, s, _)| unchecked(n, s) && (id_named || envwords::is_id_name(n)))
    {
        out.push((Id::Variable(name.to_owned()), what.to_owned()));
    }
}

/// Subcommand words that read (`get`, `describe-volumes`, `volumes:info`).
const READ_WORDS: &[&str] = &[
    "get", "describe", "show", "list", "ls", "inspect", "status", "info", "view", "read", "head", "cat", "search",
    "find", "lookup", "query", "whoami",
];

/// Subcommand words and HTTP methods that change something: an ID mentioned there is acted on,
/// not looked up.
const WRITE_WORDS: &[&str] = &[
    "create", "update", "set", "put", "patch", "post", "add", "attach", "detach", "modify", "edit", "move", "mv",
    "rename", "restore", "scale", "resize", "extend", "start", "stop", "restart", "apply", "deploy", "tag", "label",
    "enable", "disable", "unlink", "link", "promote", "import", "upload", "write", "delete", "remove", "rm", "destroy",
];

/// Whether a command that mentions an ID (in argument `at`) reads rather than changes: a read
/// word among the words before the ID (`fly volumes show ID`, `aws ec2 describe-volumes`), or,
/// for a command no rule matched (`hit` false), no write word and no HTTP method other than
/// GET/HEAD (`curl -X PATCH`, `http PUT`).
fn reads(cmd: &crate::shell::Command, at: usize, hit: bool) -> bool {
    if cmd.program.as_deref().is_some_and(|p| HTTP_CLIENTS.contains(&p)) && http_sends(cmd) {
        return false;
    }
    let mut write = false;
    for w in cmd.args[..at.min(cmd.args.len())].iter().filter_map(Word::value) {
        let v = w.to_ascii_lowercase();
        // `-XPATCH`, `--request=PUT`, `--method PATCH`
        let v = v
            .strip_prefix("-x")
            .or_else(|| v.strip_prefix("--request="))
            .or_else(|| v.strip_prefix("--method="))
            .unwrap_or(&v);
        if v.starts_with('-') {
            continue;
        }
        let words: Vec<&str> = v.split(['-', '_', ':', '.']).collect();
        if words.iter().any(|t| READ_WORDS.contains(t)) {
            return true;
        }
        write |= words.iter().any(|t| WRITE_WORDS.contains(t));
    }
    !hit && !write
}

/// HTTP clients whose request method and body say whether a request changes something.
pub(super) const HTTP_CLIENTS: &[&str] = &["curl", "wget", "http", "https", "xh", "xhs"];

/// Whether an HTTP client's request changes something: a method other than GET or HEAD
/// (`-X PATCH`, `--request=PUT`, `--method=POST`), or a body (`-d`, `--data-raw`, `--json`,
/// `-F`, `-T`, `--post-data`) without `-G`/`--get`.
fn http_sends(cmd: &crate::shell::Command) -> bool {
    let words: Vec<Option<String>> = cmd.args.iter().map(Word::value).collect();
    let mut method: Option<String> = None;
    let mut body = false;
    let mut get = false;
    for (k, w) in words.iter().enumerate() {
        let Some(w) = w.as_deref() else { continue };
        let next = || words.get(k + 1).cloned().flatten();
        match w {
            "-X" | "--request" | "--method" => method = next(),
            "-G" | "--get" => get = true,
            "-d" | "-F" | "-T" | "--json" | "--form" | "--upload-file" | "--post-data" | "--post-file"
            | "--body-data" | "--body-file" => body = true,
            _ => {
                if let Some(m) = w
                    .strip_prefix("--request=")
                    .or_else(|| w.strip_prefix("--method="))
                    .or_else(|| w.strip_prefix("-X").filter(|m| !m.is_empty()))
                {
                    method = Some(m.to_owned());
                } else if w.starts_with("--data") || w.starts_with("--json=") || w.starts_with("--form=") {
                    body = true;
                }
            }
        }
    }
    match method {
        Some(m) => !matches!(m.to_ascii_uppercase().as_str(), "GET" | "HEAD"),
        None => body && !get,
    }
}

fn is_http_url(v: &str) -> bool {
    let l = v.get(..8).unwrap_or(v).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// An ID an operation acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Id {
    Literal(String),
    /// A shell variable the plan never sets or checks.
    Variable(String),
}

/// The segments of a URL's or API path's path, percent-escapes left as they are: no scheme,
/// host, query string or fragment (`https://h/v1/volumes/vol_1?force=true` → `v1`, `volumes`,
/// `vol_1`).
fn path_segments(url: &str) -> Vec<&str> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map(|(_, p)| p).unwrap_or(""),
        None => url,
    };
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// IDs in arguments named like IDs, also inside input objects.
fn id_like(name: &str, v: &Value, what: &str, out: &mut Vec<(Id, String)>, depth: usize) {
    if depth > 8 {
        return;
    }
    let named = name == "id" || name.ends_with("Id") || name.ends_with("ID") || name.ends_with("_id");
    match v {
        Value::String(s) if named => out.push((Id::Literal(s.clone()), what.to_owned())),
        Value::Dynamic(d) if named => {
            if let Some(n) = d.strip_prefix('$') {
                out.push((
                    Id::Variable(n.trim_matches(|c| c == '{' || c == '}').to_owned()),
                    what.to_owned(),
                ));
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                id_like(k, x, what, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn value_mentions(v: &Value, id: &Id) -> bool {
    match (v, id) {
        (Value::String(s), Id::Literal(l)) => s == l,
        (Value::Dynamic(d), Id::Variable(n)) => d.trim_start_matches('$').trim_matches(|c| c == '{' || c == '}') == n,
        (Value::List(l), _) => l.iter().any(|x| value_mentions(x, id)),
        (Value::Object(o), _) => o.values().any(|x| value_mentions(x, id)),
        _ => false,
    }
}

fn unchecked(name: &str, state: &VarState) -> bool {
    *state == VarState::External && !ALWAYS_SET.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_named_options() {
        // shell spellings and tool-call keys (`TOOL --key value`, nested keys flattened)
        for name in [
            "id",
            "volume-id",
            "volumeId",
            "volume_id",
            "instance-ids",
            "target.id",
            "snapshotUUID",
            "role-arn",
        ] {
            assert_eq!(id_option(name), Some(IdOption::Target), "{name}");
        }
        for name in ["project-id", "projectId", "org_id", "namespace-id", "account.id"] {
            assert_eq!(id_option(name), Some(IdOption::Scope), "{name}");
        }
        for name in [
            "Bucket",
            "idle-timeout",
            "client-id",
            "request_id",
            "force",
            "identity",
            "name",
        ] {
            assert_eq!(id_option(name), None, "{name}");
        }
    }

    #[test]
    fn commands_that_read() {
        let read = |src: &str, id: &str| {
            let cmd = crate::shell::parse(src).commands.remove(0);
            let at = cmd
                .args
                .iter()
                .position(|w| w.value().is_some_and(|v| v.contains(id)))
                .unwrap();
            reads(&cmd, at, false)
        };
        assert!(read("fly volumes show vol_1 -a x", "vol_1"));
        assert!(read("aws ec2 describe-volumes --volume-ids vol-1", "vol-1"));
        assert!(read("curl -fsS https://api.x.com/v1/volumes/vol_1", "vol_1"));
        assert!(read("curl -X GET https://api.x.com/v1/volumes/vol_1", "vol_1"));
        assert!(!read("fly volumes extend vol_1 --size 20", "vol_1"));
        assert!(!read("curl -X PATCH https://api.x.com/v1/volumes/vol_1", "vol_1"));
        assert!(!read("curl -XPUT https://api.x.com/v1/volumes/vol_1", "vol_1"));
        assert!(!read("http PATCH https://api.x.com/v1/volumes/vol_1", "vol_1"));
        assert!(!read("doctl compute volume-action attach vol_1 42", "vol_1"));
        // the method or a body after the URL
        assert!(!read("curl https://api.x.com/v1/volumes/vol_1 -X PATCH", "vol_1"));
        assert!(!read("curl https://api.x.com/v1/volumes/vol_1/detach -d '{}'", "vol_1"));
        assert!(!read(
            "wget --method=DELETE https://api.x.com/v1/volumes/vol_1",
            "vol_1"
        ));
        assert!(read("curl -G https://api.x.com/v1/volumes -d id=vol_1", "vol_1"));
        // a command a rule matched reads only when it says so
        let cmd = crate::shell::parse("tool thing vol_1").commands.remove(0);
        assert!(reads(&cmd, 1, false));
        assert!(!reads(&cmd, 1, true));
    }

    #[test]
    fn url_path_segments() {
        assert_eq!(
            path_segments("https://api.x.com/v1/volumes/vol_8f3a?force=true#f"),
            ["v1", "volumes", "vol_8f3a"]
        );
        assert_eq!(
            path_segments("repos/acme/site/hooks/12"),
            ["repos", "acme", "site", "hooks", "12"]
        );
        assert_eq!(path_segments("/user/keys/1"), ["user", "keys", "1"]);
        assert!(path_segments("https://api.x.com").is_empty());
        assert!(path_segments("").is_empty());
        // a host without a scheme (`xh api.x.com/v1/x`) is one more segment, never an opaque ID
        assert!(!envwords::is_opaque_id(path_segments("api.example.com/v1/x")[0]));
    }
}
