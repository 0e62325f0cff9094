//! Kubernetes manifests (and Helm chart templates of them): the commands of every container of
//! every object — `command` + `args`, lifecycle hooks, exec probes, Argo and Tekton scripts — one
//! snippet each, mapped back to the file; kinds, names, namespaces, labels, literal `env` values
//! and Helm hooks are notes for the environment analysis.
//!
//! Pod specs are found by a bounded walk of each object (so Pods, Jobs, CronJobs, Deployments
//! and the custom resources that embed pod templates are read alike): a `containers`,
//! `initContainers`, `ephemeralContainers`, `sidecars` or `steps` list of mappings, a `container`
//! mapping with an `image`, a `script` mapping with a `source`. A container's `command` and
//! `args` are one list of words ([`argv`]), with Kubernetes' `$(VAR)` expansion applied: the
//! value of the container's `env` entry when it is a literal, a run-time variable when it comes
//! from a secret, a config map or `envFrom`. `args` alone run under the image's entrypoint: they
//! are read as the command line (an image without an entrypoint, or one that ends in
//! `exec "$@"`), unless they start with an option (`-c SCRIPT` is read as `sh -c SCRIPT`).

mod env;

use std::cell::Cell;
use std::collections::{BTreeSet, HashSet};
use std::rc::Rc;

use self::env::{Env, Seg, expands, is_name, names_environment, segments};
use super::yaml::{self, Commands, Node, align, get, get_str};
use super::{Extracted, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind, helm};
use crate::lang::Lang;
use crate::source::Span;

/// Mappings and lists below an object searched for pod specs.
const MAX_WALK: usize = 24;
/// Nodes visited in one object (aliases of lists of aliases can multiply them).
const MAX_VISITS: usize = 100_000;
/// Times the YAML is read again after a syntax error, from the next `---`.
const MAX_RESTARTS: usize = 64;
/// `List` objects nested in `List` objects followed.
const MAX_LISTS: usize = 4;
/// Labels of one object taken as notes.
const MAX_LABELS: usize = 256;
/// Commands taken from one file.
const MAX_COMMANDS: usize = 10_000;
/// Bytes of `env` values put into the commands of one file (see [`env::MAX_VALUE`]).
const MAX_SUBSTITUTED: usize = 1 << 20;

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

fn origin_name() -> &'static str {
    Lang::Manifest.as_str()
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let blanked = helm::blank(text, origin_name(), &mut out.unread);
    let yaml_text = blanked.as_deref().unwrap_or(text);
    let docs = parse(yaml_text, blanked.is_some().then_some(text), &mut out.unread);
    let mut cx = Cx {
        c: Commands::new(yaml_text, out),
        written: text,
        visits: 0,
        seen: BTreeSet::new(),
        commands: 0,
        substituted: Cell::new(MAX_SUBSTITUTED),
        objects: BTreeSet::new(),
        walked: HashSet::new(),
    };
    for doc in &docs {
        cx.object(doc, 0);
    }
    cx.c.out
}

/// The documents of the stream; after a syntax error, those from the next `---` on are read
/// too (the text before it blanked, so spans stay those of the file). `template`: the text as
/// written, when `text` is a Helm template with its actions blanked.
fn parse(text: &str, template: Option<&str>, unread: &mut Vec<Unread>) -> Vec<Rc<Node>> {
    let mut docs = Vec::new();
    let mut blanked: Option<String> = None;
    let mut from = 0;
    for _ in 0..MAX_RESTARTS {
        let before = unread.len();
        docs.extend(yaml::parse(blanked.as_deref().unwrap_or(text), origin_name(), unread));
        let Some(err) = unread[before..].iter_mut().find(|u| u.kind == UnreadKind::Malformed) else {
            return docs;
        };
        let next = next_document(text, err.span.start().max(from));
        if let Some(orig) = template {
            // lines of only actions are line breaks in `text`: the position is told in `orig`
            // (in bytes: a blanked action may have held characters of several bytes)
            let before = &orig.as_bytes()[..err.span.start().min(orig.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let col = before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
            if let Some(p) = err.message.find(" at line ")
                && let Some(q) = err.message[p..].find(':')
            {
                err.message
                    .replace_range(p..p + q, &format!(" at line {line} column {col}"));
            }
            err.message.push_str(
                " (a Helm template: lines of only `{{ … }}` actions were read as blank, other actions as run-time values)",
            );
        }
        let Some(next) = next else { return docs };
        err.message = err.message.replace(
            "the rest of the file was not read",
            "the rest of this document was not read",
        );
        from = next;
        let mut b: String = text.as_bytes()[..next]
            .iter()
            .map(|&c| if c == b'\n' { '\n' } else { ' ' })
            .collect();
        b.push_str(&text[next..]);
        blanked = Some(b);
    }
    docs
}

/// The start of the first `---` line after the line of `at`.
fn next_document(text: &str, at: usize) -> Option<usize> {
    let mut i = text.get(at..)?.find('\n')? + at + 1;
    while i < text.len() {
        let line = &text[i..];
        if line.starts_with("---") && line[3..].starts_with(|c: char| c.is_whitespace()) || line == "---" {
            return Some(i);
        }
        i += line.find('\n')? + 1;
    }
    None
}

struct Cx<'a> {
    c: Commands<'a>,
    /// The file as written (`c.text` is it with Helm template actions blanked).
    written: &'a str,
    visits: usize,
    /// Command lists already taken (an alias read twice is read once).
    seen: BTreeSet<(usize, usize)>,
    commands: usize,
    /// Collections already looked into, by address (aliases share the anchored node).
    walked: HashSet<usize>,
    /// Objects already read, by their place.
    objects: BTreeSet<(usize, usize)>,
    /// What is left of [`MAX_SUBSTITUTED`].
    substituted: Cell<usize>,
}

/// Where a container is: `Job/db-reset`, and `[helm-hook:pre-delete]` when it is a hook.
struct Place {
    object: String,
    hook: String,
}

impl Place {
    /// `kubernetes:Job/db-reset[helm-hook:pre-delete]/reset/preStop`
    fn origin(&self, container: &str, part: &str) -> String {
        format!("{}:{}{}/{container}{part}", origin_name(), self.object, self.hook)
    }
}

impl Cx<'_> {
    /// A name as the file writes it: a Helm template's `{{ include "app.fullname" . }}-reset`,
    /// not the run-time placeholder the YAML holds.
    fn shown(&self, value: String, span: Span) -> String {
        let range = span.start()..span.end();
        match (self.written.get(range.clone()), self.c.text.get(range)) {
            (Some(w), Some(t)) if w != t => w.trim_matches(|c| c == '"' || c == '\'').to_owned(),
            _ => value,
        }
    }

    /// Whether `len` more bytes of `env` values may go into the file's commands (see
    /// [`MAX_SUBSTITUTED`]), taken if so.
    fn charge(&self, len: usize) -> bool {
        let left = self.substituted.get();
        left.checked_sub(len).map(|l| self.substituted.set(l)).is_some()
    }

    /// A Kubernetes object (a mapping with a `kind`); a `List`'s items.
    fn object(&mut self, node: &Rc<Node>, lists: usize) {
        if !matches!(**node, Node::Map { .. }) {
            return; // an empty document, or YAML that is no object
        }
        let Some((kind, kind_span)) = get_str(node, "kind") else {
            return;
        };
        // an alias to an object read already (a `List` of `*x`)
        let span = node.span();
        if !self.objects.insert((span.start(), span.end())) {
            return;
        }
        if kind.ends_with("List")
            && let Some(items) = get(node, "items")
            && let Node::Seq { items, .. } = &*items
        {
            if lists < MAX_LISTS {
                for item in items {
                    self.object(item, lists + 1);
                }
            }
            return;
        }
        let meta = get(node, "metadata");
        let meta = meta.as_deref();
        let name = meta.and_then(|m| get_str(m, "name").or_else(|| get_str(m, "generateName")));
        let (name, name_span) = name.unwrap_or_else(|| ("?".to_owned(), kind_span));
        let name = self.shown(name, name_span);
        let object = format!("{kind}/{}", clip(&name, 80));
        self.c.note(&object, name_span);
        let mut hook = String::new();
        if let Some(meta) = meta {
            if let Some((ns, span)) = get_str(meta, "namespace") {
                let ns = self.shown(ns, span);
                // also the namespace a `kubectl` in its containers acts on by default
                self.c.note(&format!("namespace: {ns}"), span);
            }
            if let Some(labels) = get(meta, "labels")
                && let Node::Map { entries, .. } = &*labels
            {
                for (k, v) in entries.iter().take(MAX_LABELS) {
                    if let (Some(k), Some(value)) = (k.str(), v.str()) {
                        self.c.note(&format!("label {k}: {}", clip(value, 200)), v.span());
                    }
                }
            }
            if let Some(ann) = get(meta, "annotations")
                && let Some((when, span)) = get_str(&ann, "helm.sh/hook")
            {
                let when: Vec<&str> = when.split(',').map(str::trim).filter(|w| !w.is_empty()).collect();
                let policy = get_str(&ann, "helm.sh/hook-delete-policy")
                    .map(|(p, _)| format!("; deleted {}", p.replace(',', ", ")))
                    .unwrap_or_default();
                self.c.note(
                    &format!(
                        "a Helm hook: runs on helm {}{policy}",
                        when.iter().map(|w| hook_moment(w)).collect::<Vec<_>>().join(", ")
                    ),
                    span,
                );
                hook = format!("[helm-hook:{}]", when.join(","));
            }
        }
        let place = Place { object, hook };
        // the bound is per object: a long stream of objects is read whole
        self.visits = 0;
        let Node::Map { entries, .. } = &**node else { return };
        for (k, v) in entries {
            if k.str() != Some("metadata") {
                self.walk(v, &place, 0);
            }
        }
    }

    /// Looks for containers below `node`.
    fn walk(&mut self, node: &Node, place: &Place, depth: usize) {
        // a collection an alias repeats is looked into once (its commands would be taken once)
        if matches!(node, Node::Map { .. } | Node::Seq { .. }) && !self.walked.insert(std::ptr::from_ref(node) as usize)
        {
            return;
        }
        self.visits += 1;
        if self.visits > MAX_VISITS || depth > MAX_WALK {
            if !self.c.out.unread.iter().any(|u| u.kind == UnreadKind::TooDeep) {
                self.c.out.unread.push(Unread {
                    span: Span::new(node.span().start(), node.span().start()),
                    message: "a manifest nested this deep (or repeating aliases this often) was not looked into for containers".into(),
                    kind: UnreadKind::TooDeep,
                    origin: Some(place.origin("", "")),
                });
            }
            return;
        }
        match node {
            Node::Map { entries, .. } => {
                for (k, v) in entries {
                    match (k.str(), &**v) {
                        (
                            Some("containers" | "initContainers" | "ephemeralContainers" | "sidecars" | "steps"),
                            Node::Seq { items, .. },
                        ) if items.iter().any(|i| is_container(i)) => {
                            for (n, item) in items.iter().enumerate() {
                                if is_container(item) {
                                    self.container(item, place, None, n);
                                }
                            }
                        }
                        (Some("container"), Node::Map { .. }) if is_container(v) => {
                            self.container(v, place, get_str(node, "name"), 0);
                        }
                        // Argo Workflows: a script template's `source`, run by its `command`
                        (Some("script"), Node::Map { .. }) if get(v, "source").is_some() => {
                            self.container(v, place, get_str(node, "name"), 0);
                        }
                        _ => self.walk(v, place, depth + 1),
                    }
                }
            }
            Node::Seq { items, .. } => {
                for item in items {
                    self.walk(item, place, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// One container (or Tekton step, Argo script template).
    /// `template`: the name of the Argo template it is the `container` or `script` of.
    fn container(&mut self, item: &Node, place: &Place, template: Option<(String, Span)>, n: usize) {
        let name = get_str(item, "name")
            .or(template)
            .map(|(s, span)| clip(&self.shown(s, span), 60))
            .unwrap_or_else(|| (n + 1).to_string());
        let env = Env::of(item);
        // the variables that name an environment (`ENVIRONMENT`, `APP_ENV`, `STAGE`): a value
        // that names a target (`DB_URL=…staging…`) says what the command acts on, not what the
        // manifest is for
        for (k, v, span) in env.literal.iter().filter(|(k, ..)| names_environment(k)) {
            self.c.note(&format!("env {k}={}", clip(v, 200)), *span);
        }
        let words = |key: &str| -> Vec<Rc<Node>> {
            match get(item, key).as_deref() {
                Some(Node::Seq { items, .. }) => items.clone(),
                Some(Node::Scalar { .. }) => get(item, key).into_iter().collect(),
                _ => Vec::new(),
            }
        };
        let (command, args) = (words("command"), words("args"));
        let origin = place.origin(&name, "");
        // a script (Argo `script.source`, Tekton `script`): shell code unless its command or
        // shebang names another interpreter
        let script = get(item, "source").or_else(|| get(item, "script"));
        if let Some(script) = script.filter(|s| s.str().is_some()) {
            let program = command.first().and_then(|c| c.str()).map(base);
            let shebang = script.str().and_then(|s| s.trim_start().strip_prefix("#!")).map(|l| {
                let l = l.lines().next().unwrap_or("");
                let mut w = l.split_whitespace();
                let first = w.next().map(base).unwrap_or("");
                if first == "env" {
                    w.next().map(base).unwrap_or("")
                } else {
                    first
                }
                .to_owned()
            });
            let shell = match (&shebang, program) {
                (Some(s), _) => SHELLS.contains(&s.as_str()),
                (None, Some(p)) => SHELLS.contains(&p),
                (None, None) => true,
            };
            if shell {
                self.c.shell(&script, &origin, None);
            }
        } else if !command.is_empty() {
            let all: Vec<Rc<Node>> = command.iter().chain(&args).cloned().collect();
            self.argv(&all, &origin, &env, false);
        } else if let Some(first) = args.first().and_then(|a| a.str()) {
            if !first.starts_with('-') {
                self.argv(&args, &origin, &env, false);
            } else if is_c_flag(first) && args.len() > 1 {
                self.argv(&args, &origin, &env, true);
            }
        }
        for (part, key) in [("postStart", "postStart"), ("preStop", "preStop")] {
            let exec = get(item, "lifecycle")
                .and_then(|l| get(&l, key))
                .and_then(|h| get(&h, "exec"));
            self.exec(exec, place, &name, part, &env);
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            let exec = get(item, probe).and_then(|p| get(&p, "exec"));
            self.exec(exec, place, &name, probe, &env);
        }
    }

    /// An `exec` handler's `command`.
    fn exec(&mut self, exec: Option<Rc<Node>>, place: &Place, name: &str, part: &str, env: &Env) {
        let Some(command) = exec.and_then(|e| get(&e, "command")) else {
            return;
        };
        if let Node::Seq { items, .. } = &*command {
            self.argv(items, &place.origin(name, &format!("/{part}")), env, false);
        }
    }

    /// A command given as a list of words: one shell snippet, each word single-quoted so the
    /// shell reads it back as that word, `$(NAME)` expanded as Kubernetes does; the code of a
    /// shell's `-c` gets the container's literal `env` values exported first. `implied_sh`: the
    /// words are the arguments of the image's shell entrypoint (`-c SCRIPT`).
    fn argv(&mut self, items: &[Rc<Node>], origin: &str, env: &Env, implied_sh: bool) {
        let Some(first) = items.first() else { return };
        // `args` may be written before `command`
        let start = items.iter().map(|i| i.span().start()).min().unwrap_or(0);
        let span = Span::new(
            start,
            items.iter().map(|i| i.span().end()).max().unwrap_or(start).max(start),
        );
        if !self.seen.insert((span.start(), span.end())) {
            return;
        }
        self.commands += 1;
        if self.commands > MAX_COMMANDS {
            if self.commands == MAX_COMMANDS + 1 {
                self.c.out.unread.push(Unread {
                    span: Span::new(span.start(), span.start()),
                    message: format!("more than {MAX_COMMANDS} commands: the rest were not analysed"),
                    kind: UnreadKind::TooDeep,
                    origin: Some(origin.to_owned()),
                });
            }
            return;
        }
        let mut b = TextBuilder::new();
        // the container's environment, as the process has it (`PGHOST=… psql …`), standing
        // where the command starts (so that is where its findings are shown)
        for (k, v, _) in &env.literal {
            if is_name(k) && self.charge(v.len()) {
                b.push(&format!("{k}="), span.start(), false);
                push_quoted(&mut b, v, span.start());
                b.push(" ", span.start(), false);
            }
        }
        let program = if implied_sh {
            b.push("sh ", span.start(), false);
            "sh"
        } else {
            first.str().map(base).unwrap_or("")
        };
        let shell = SHELLS.contains(&program) || program == "busybox";
        let mut prev_c = implied_sh;
        for (k, item) in items.iter().enumerate() {
            let Node::Scalar {
                value,
                style,
                span,
                tag: None,
            } = &**item
            else {
                break;
            };
            if k > 0 {
                b.push(" ", span.start(), false);
            }
            let script = shell && prev_c && k > 0;
            prev_c = is_c_flag(value) && !script;
            let at = align(value, *style, self.c.text, *span);
            let last = span.end().saturating_sub(1).max(span.start());
            self.word(&mut b, value, &at, span.start(), last, env, script);
        }
        let (text, map) = b.finish();
        self.c
            .out
            .snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, origin.to_owned()));
    }

    /// One word, single-quoted (a `'` in it as `'\''`).
    #[allow(clippy::too_many_arguments)]
    fn word(
        &self,
        b: &mut TextBuilder,
        value: &str,
        at: &[(usize, bool)],
        open: usize,
        close: usize,
        env: &Env,
        script: bool,
    ) {
        let quoted = |b: &mut TextBuilder, s: &str, src: usize, exact: bool| {
            for ch in s.chars() {
                if ch == '\'' {
                    b.push("'\\''", src, false);
                } else {
                    b.push(ch.encode_utf8(&mut [0; 4]), src, exact);
                }
            }
        };
        b.push("'", open, false);
        if script {
            // the container's variables the code expands, as its shell has them (only those: an
            // assignment is seen by the rest of the file's commands, and `PGHOST` exported
            // here would pin the `psql` of another container; the command's own prefix
            // assignments pin this one)
            for (k, v, span) in &env.literal {
                if is_name(k) && expands(value, k) && self.charge(v.len()) {
                    let v = v.replace('\'', "'\\''");
                    quoted(b, &format!("export {k}='{v}'; "), span.start(), false);
                }
            }
        }
        for seg in segments(value, env, &self.substituted) {
            match seg {
                Seg::Text(x, y) => {
                    for (i, ch) in value[x..y].char_indices() {
                        let (src, exact) = at[x + i];
                        quoted(b, ch.encode_utf8(&mut [0; 4]), src, exact);
                    }
                }
                Seg::Value(x, v) => quoted(b, v, at[x].0, false),
                Seg::Runtime(x, name) if script => quoted(b, &format!("${{{}}}", shell_name(name)), at[x].0, false),
                Seg::Runtime(x, name) => b.push(&format!("'\"${{{}}}\"'", shell_name(name)), at[x].0, false),
            }
        }
        b.push("'", close, false);
    }
}

/// `s` single-quoted, every character standing at `src`.
fn push_quoted(b: &mut TextBuilder, s: &str, src: usize) {
    b.push("'", src, false);
    b.push(&s.replace('\'', "'\\''"), src, false);
    b.push("'", src, false);
}

/// A container mapping: it has an `image`, a `command` or a `script`.
fn is_container(n: &Node) -> bool {
    matches!(n, Node::Map { .. })
        && ["image", "command", "args", "script"]
            .iter()
            .any(|k| get(n, k).is_some())
}

/// `-c`, `-ec`, `-xc`, `-lc`: a shell's option whose next word is code.
fn is_c_flag(w: &str) -> bool {
    w.strip_prefix('-')
        .is_some_and(|f| !f.is_empty() && f.len() <= 6 && f.contains('c') && f.chars().all(|c| c.is_ascii_alphabetic()))
}

fn base(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// A Kubernetes variable name as a shell variable (`my.var` → `my_var`).
fn shell_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() {
        format!("_{s}")
    } else {
        s
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut c: String = s.chars().take(n).collect();
    c.push('…');
    c
}

/// When a Helm hook runs (`pre-delete` → `uninstall, before`).
fn hook_moment(w: &str) -> String {
    let (when, what) = w.split_once('-').unwrap_or(("", w));
    let what = match what {
        "delete" => "uninstall",
        "rollback" => "rollback",
        "install" => "install",
        "upgrade" => "upgrade",
        "test" | "test-success" => return "test".to_owned(),
        other => other,
    };
    match when {
        "pre" => format!("{what} (before it: {w})"),
        "post" => format!("{what} (after it: {w})"),
        _ => w.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{at, origins_and_texts};

    #[test]
    fn jobs_cronjobs_and_deployments() {
        let src = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: db-reset\n  namespace: production\n  annotations:\n    helm.sh/hook: pre-delete,pre-upgrade\n    helm.sh/hook-delete-policy: before-hook-creation\nspec:\n  template:\n    spec:\n      containers:\n        - name: reset\n          image: postgres:16\n          command: [\"psql\", \"-c\", \"DROP DATABASE app\"]\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: purge}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: s3\n            image: amazon/aws-cli\n            args: [\"s3\", \"rm\", \"s3://b\", \"--recursive\"]\n            command:\n              - aws\n---\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: wipe\n          image: busybox\n          command: [\"sh\", \"-c\"]\n          args:\n            - |\n              rm -rf /data/*\n      containers:\n        - name: web\n          image: nginx\n          command: [\"nginx\", \"-g\", \"daemon off;\"]\n          lifecycle:\n            preStop:\n              exec:\n                command: [\"/bin/sh\", \"-c\", \"sleep 5\"]\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                (
                    "kubernetes:Job/db-reset[helm-hook:pre-delete,pre-upgrade]/reset",
                    "'psql' '-c' 'DROP DATABASE app'"
                ),
                ("kubernetes:CronJob/purge/s3", "'aws' 's3' 'rm' 's3://b' '--recursive'"),
                ("kubernetes:Deployment/api/wipe", "'sh' '-c' 'rm -rf /data/*\n'"),
                ("kubernetes:Deployment/api/web", "'nginx' '-g' 'daemon off;'"),
                ("kubernetes:Deployment/api/web/preStop", "'/bin/sh' '-c' 'sleep 5'"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[0], "DROP DATABASE"), "DROP DATABASE");
        assert_eq!(at(src, &ex.snippets[1], "s3://b"), "s3://b");
        assert_eq!(at(src, &ex.snippets[1], "aws"), "aws");
        assert_eq!(at(src, &ex.snippets[2], "rm -rf /data"), "rm -rf /data");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            notes,
            [
                "Job/db-reset",
                "namespace: production",
                "a Helm hook: runs on helm uninstall (before it: pre-delete), upgrade (before it: pre-upgrade); deleted before-hook-creation",
                "CronJob/purge",
                "Deployment/api",
            ]
        );
        assert_eq!(&src[ex.notes[1].span.start()..ex.notes[1].span.end()], "production");
    }

    #[test]
    fn env_expansion_and_scripts() {
        let src = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    environment: staging\nspec:\n  containers:\n    - name: c\n      image: alpine\n      env:\n        - name: ENVIRONMENT\n          value: production\n        - name: DIR\n          value: /data/$(ENVIRONMENT)\n        - name: PW\n          valueFrom: {secretKeyRef: {name: s, key: k}}\n      command: [\"rm\", \"-rf\", \"$(DIR)/x\", \"$(PW)\", \"$(NOPE)\", \"$$(DIR)\"]\n    - name: d\n      image: alpine\n      env: [{name: DIR, value: /srv}, {name: T, valueFrom: {fieldRef: {fieldPath: x}}}]\n      args: [\"-c\", \"rm -rf $DIR/$(T) 'it''s'\"]\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        assert_eq!(
            ex.snippets[0].text,
            "ENVIRONMENT='production' DIR='/data/production' 'rm' '-rf' '/data/production/x' ''\"${PW}\"'' '$(NOPE)' '$(DIR)'"
        );
        assert_eq!(at(src, &ex.snippets[0], "/x"), "/x");
        assert_eq!(
            ex.snippets[1].text,
            "DIR='/srv' sh '-c' 'export DIR='\\''/srv'\\''; rm -rf $DIR/${T} '\\''it'\\'''\\''s'\\'''"
        );
        assert_eq!(at(src, &ex.snippets[1], "rm -rf $DIR"), "rm -rf $DIR");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            notes,
            ["Pod/p", "label environment: staging", "env ENVIRONMENT=production",]
        );
    }

    #[test]
    fn crds_lists_and_scripts() {
        let src = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: argoproj.io/v1alpha1\n  kind: Workflow\n  metadata: {generateName: wipe-}\n  spec:\n    templates:\n    - name: a\n      container: {image: alpine, command: [sh, -c], args: [\"rm -rf /var/lib/x\"]}\n    - name: b\n      script:\n        image: python\n        command: [python]\n        source: import shutil\n    - name: c\n      script:\n        image: alpine\n        command: [sh]\n        source: |\n          dropdb app\n- apiVersion: tekton.dev/v1\n  kind: Task\n  metadata: {name: t}\n  spec:\n    steps:\n    - name: s\n      image: alpine\n      script: |\n        #!/bin/bash\n        kubectl delete ns x\n    - name: py\n      image: python\n      script: |\n        #!/usr/bin/env python3\n        print(1)\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("kubernetes:Workflow/wipe-/a", "'sh' '-c' 'rm -rf /var/lib/x'"),
                ("kubernetes:Workflow/wipe-/c", "dropdb app\n"),
                ("kubernetes:Task/t/s", "#!/bin/bash\nkubectl delete ns x\n"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[1], "dropdb"), "dropdb");
    }

    #[test]
    fn helm_templates() {
        let src = "{{- if .Values.reset.enabled }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include \"app.fullname\" . }}-reset\n  namespace: {{ .Release.Namespace }}\n  labels:\n    {{- include \"app.labels\" . | nindent 4 }}\n  annotations:\n    \"helm.sh/hook\": pre-delete\nspec:\n  template:\n    spec:\n      containers:\n        - name: reset\n          image: \"{{ .Values.image }}\"\n          command:\n            - sh\n            - -c\n            - |\n              {{- range .Values.buckets }}\n              aws s3 rb s3://{{ . }} --force\n              {{- end }}\n              kubectl delete namespace {{ .Values.ns }}\n{{- end }}\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let s = &ex.snippets[0];
        assert_eq!(
            s.origin,
            "kubernetes:Job/{{ include \"app.fullname\" . }}-reset[helm-hook:pre-delete]/reset"
        );
        assert!(
            ex.notes
                .iter()
                .any(|n| n.text.starts_with("namespace: {{ .Release.Namespace }}"))
        );
        assert!(s.text.contains("aws s3 rb s3://${helm} --force"), "{}", s.text);
        assert!(
            s.text.contains("kubectl delete namespace ${Values_ns____}"),
            "{}",
            s.text
        );
        assert_eq!(at(src, s, "kubectl delete"), "kubectl delete");
        assert_eq!(at(src, s, "${Values_ns"), "{{ .Values.");
        // an error inside a blanked action that held multi-byte characters
        let ex = extract("kind: Pod\nspec: {{ .Values.ü }} x: [\n");
        assert!(ex.unread[0].message.contains("line 2"), "{}", ex.unread[0].message);
        // a template that is not YAML even so: reported, never a panic
        let ex = extract("apiVersion: v1\nkind: Pod\nspec: {{ .Values.x }}: [\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert!(
            ex.unread[0].message.contains("Helm template"),
            "{}",
            ex.unread[0].message
        );
    }

    #[test]
    fn errors_end_one_document_only() {
        let src = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: x\n    image: i\n    command: [rm, -rf, /a]\n\tbad: tab\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers: [{name: y, image: i, command: [rm, -rf, /b]}]\n---\nkind: Pod\nspec: [\n";
        let ex = extract(src);
        let texts: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["'rm' '-rf' '/a'", "'rm' '-rf' '/b'"]);
        assert_eq!(ex.unread.len(), 2, "{:?}", ex.unread);
        assert!(ex.unread.iter().all(|u| u.kind == UnreadKind::Malformed));
        assert!(ex.unread[0].message.contains("the rest of this document"));
        let line_start = src[..ex.unread[0].span.start()].rfind('\n').unwrap() + 1;
        assert!(src[line_start..].starts_with("\tbad: tab"));
        assert!(ex.unread[1].message.contains("the rest of the file"));
        assert_eq!(at(src, &ex.snippets[1], "/b"), "/b");
        for bad in [
            "",
            "---\n---\n",
            "kind: Pod\n",
            "- a\n",
            "kind: List\nitems: *x\n",
            "a: &x [*x]\nkind: Pod\nspec: {containers: *x}\n",
            "kind: Pod\nspec:\n  containers:\n  - command: [\"$(\", \"$$\", \"$(A\"]\n",
            "{{",
            "{{}}}}{{",
            "kind: Job\nspec: {containers: [{image: x, args: [-c]}]}\n",
        ] {
            let ex = extract(bad);
            for u in &ex.unread {
                assert!(u.span.end() <= bad.len());
            }
        }
    }

    proptest::proptest! {
        /// Any text of YAML and template punctuation: no panic, and every span and offset the
        /// extraction gives is inside the text.
        #[test]
        fn any_input_stays_in_bounds(
            body in "(kind: Pod\n|apiVersion: v1\n|---\n|  containers:\n|  - image: i\n|    command: \\[sh, -c, \"\\$\\(A\\) x\"\\]\n|    args: \\[-c, y\\]\n|    env: \\[\\{name: A, value: \\$\\(A\\)\\}\\]\n|\\{\\{ \\.Values\\.x \\}\\}|\\{\\{- end \\}\\}\n|\\{\\{|\\}\\}|\t|: |- |\\||\"|'|&a |\\*a|é|\n|spec:\n){0,40}"
        ) {
            let ex = extract(&body);
            for u in &ex.unread {
                proptest::prop_assert!(u.span.end() <= body.len());
            }
            for n in &ex.notes {
                proptest::prop_assert!(n.span.end() <= body.len());
            }
            for s in &ex.snippets {
                for i in 0..=s.text.len() {
                    proptest::prop_assert!(s.map.map(i) <= body.len());
                }
            }
        }
    }

    #[test]
    fn env_expansion_is_bounded() {
        let mut src = String::from(
            "kind: Pod\nspec:\n  containers:\n  - image: i\n    env:\n    - {name: A0, value: xxxxxxxxxxxxxxxx}\n",
        );
        for i in 1..200 {
            src.push_str(&format!("    - {{name: A{i}, value: $(A{})$(A{})}}\n", i - 1, i - 1));
        }
        src.push_str("    command: [echo");
        for _ in 0..200 {
            src.push_str(", $(A8)$(A199)");
        }
        src.push_str("]\n");
        // many containers with that environment
        let one = src.clone();
        for _ in 0..200 {
            src.push_str(&one.replace("kind: Pod\nspec:\n  containers:\n", ""));
        }
        let src = src.replace(
            "  - image: i",
            "  - image: i\n    livenessProbe: {exec: {command: [a]}}",
        );
        let ex = extract(&src);
        let total: usize = ex.snippets.iter().map(|s| s.text.len()).sum();
        assert!(total < 2 * MAX_SUBSTITUTED + src.len() * 2, "{total}");
        let s = &ex.snippets[0];
        assert!(s.text.contains("A199=") || s.text.contains("\"${A199}\""));
    }

    #[test]
    fn deep_and_repeated_nesting_is_bounded() {
        let mut src = String::from("kind: X\nspec:\n");
        for i in 0..40 {
            src.push_str(&"  ".repeat(i + 1));
            src.push_str("a:\n");
        }
        src.push_str(&"  ".repeat(41));
        src.push_str("containers: [{image: i, command: [rm, -rf, /]}]\n");
        let ex = extract(&src);
        assert!(ex.snippets.is_empty());
        assert_eq!(ex.unread[0].kind, UnreadKind::TooDeep);
        // aliases of aliases: bounded visits
        let mut src = String::from("a0: &a0 [{image: i, command: [rm, -rf, /x]}]\n");
        for i in 1..30 {
            src.push_str(&format!("a{i}: &a{i} [*a{}, *a{}]\n", i - 1, i - 1));
        }
        src.push_str("kind: Pod\nspec: *a29\n");
        let ex = extract(&src);
        assert!(ex.snippets.len() <= 1);
    }
}
