//! Ansible playbooks, role task files and handlers: the commands their tasks run and the
//! modules whose tasks remove data.
//!
//! - The command modules (`shell`, `command`, `raw`, `script`, `expect`, short, `ansible.builtin.`
//!   or `ansible.legacy.`) become one shell snippet each: the free-form string without the
//!   module's own `key=value` options (`chdir=/srv`), or `cmd:`, or `argv:` (a list of words). A
//!   Windows module (`win_shell`) or an `executable:` that is no POSIX shell is not shell code.
//! - Every other module's task is rebuilt as a call, `MODULE --key=value …` (an action snippet,
//!   like an agent's tool call), the module named by its full name (`postgresql_db` →
//!   `community.postgresql.postgresql_db`): the rules of `rules/ansible.toml` (and of users'
//!   packs) grade `state: absent` of the modules that hold data. `file` with `state: absent` is
//!   rebuilt as `rm -rf -- PATH` (`rm -f` for a name with a file extension), so the filesystem
//!   rules grade it by its path.
//! - Jinja `{{ expr }}` is a value known at run time, a quoted variable named after what it reads
//!   (`{{ db_name }}` → `"${ANSIBLE_db_name:?}"`: Ansible fails on an undefined variable, so only
//!   an expression with a `default` filter may be empty, `"${ANSIBLE_x}"`), unless the play's,
//!   block's or task's `vars:` (or a loop over values in the file) give it a plain value, which
//!   is put in its place.
//! - A play's `name`, its `hosts:` pattern and the variables that name an environment
//!   (`env: production`, `environment: {RAILS_ENV: staging}`) are notes.
//!
//! The YAML is read by [`super::yaml`] (spans, anchors, `<<` merges).

mod sniff;
mod text;

use std::collections::HashMap;
use std::rc::Rc;

pub use sniff::sniff;
use text::{Quote, free_kv, free_option_ranges, free_options, jinja, looks_like_file, render};

use super::yaml::{self, Commands, Node, align, get, get_str};
use super::{Extracted, Snippet, SnippetLang, TextBuilder, Unread, UnreadKind};
use crate::lang::Lang;
use crate::source::Span;

/// Blocks nested in blocks followed this deep.
const MAX_BLOCK_DEPTH: usize = 16;
/// Tasks visited in one file (aliases of task lists can multiply them).
const MAX_VISITS: usize = 20_000;
/// Options of one rebuilt call, and nesting of their mappings.
const MAX_WORDS: usize = 64;
const MAX_ARG_DEPTH: usize = 4;

/// The keywords of a task that are not its module.
#[rustfmt::skip]
const TASK_KEYWORDS: &[&str] = &[
    "name", "args", "async", "become", "become_exe", "become_flags", "become_method", "become_user",
    "changed_when", "check_mode", "collections", "connection", "debugger", "delay",
    "delegate_facts", "delegate_to", "diff", "environment", "failed_when", "ignore_errors",
    "ignore_unreachable", "listen", "loop", "loop_control", "module_defaults", "no_log", "notify",
    "poll", "port", "register", "remote_user", "retries", "run_once", "tags", "throttle", "timeout",
    "until", "vars", "when", "any_errors_fatal", "local_action", "action",
];

/// Modules that change nothing a rule could be about, not rebuilt as calls.
#[rustfmt::skip]
const QUIET_MODULES: &[&str] = &[
    "debug", "set_fact", "include_tasks", "import_tasks", "include_role", "import_role",
    "include_vars", "include", "import_playbook", "meta", "assert", "fail", "pause", "setup",
    "gather_facts", "ping", "add_host", "group_by", "set_stats", "wait_for", "wait_for_connection",
    "stat",
];

/// Short module names and the collection they are in: a task may name a module without its
/// collection (`postgresql_db:`), resolved by the play's `collections:` or Ansible's routing.
/// Calls are rebuilt with the full name, which the rules match.
#[rustfmt::skip]
const COLLECTIONS: &[(&str, &[&str])] = &[
    ("ansible.builtin", &[
        "shell", "command", "raw", "script", "expect", "file", "user", "group", "copy", "template",
        "apt", "yum", "dnf", "package", "pip", "service", "systemd", "systemd_service",
        "lineinfile", "blockinfile", "replace", "unarchive", "get_url", "uri", "git", "cron",
        "mount", "debug", "set_fact", "include_tasks", "import_tasks", "include_role",
        "import_role", "include_vars", "import_playbook", "meta", "assert", "fail", "pause",
        "setup", "gather_facts", "ping", "add_host", "group_by", "set_stats", "wait_for",
        "wait_for_connection", "stat", "find", "fetch", "slurp", "tempfile", "known_hosts",
        "hostname", "reboot", "sysvinit", "apt_key", "apt_repository", "yum_repository", "rpm_key",
        "dpkg_selections", "debconf", "iptables", "subversion", "getent", "async_status",
        "validate_argument_spec",
    ]),
    ("community.postgresql", &[
        "postgresql_db", "postgresql_user", "postgresql_schema", "postgresql_table",
        "postgresql_query", "postgresql_privs", "postgresql_ext", "postgresql_tablespace",
        "postgresql_publication", "postgresql_subscription", "postgresql_slot",
    ]),
    ("community.mysql", &[
        "mysql_db", "mysql_user", "mysql_query", "mysql_replication",
    ]),
    ("community.mongodb", &[
        "mongodb_user", "mongodb_shell", "mongodb_replicaset", "mongodb_shard",
    ]),
    ("amazon.aws", &[
        "s3_bucket", "s3_object", "ec2_vol", "ec2_snapshot", "ec2_instance", "ec2_ami",
        "rds_instance", "rds_cluster", "rds_instance_snapshot", "rds_cluster_snapshot",
        "ec2_vpc_net", "ec2_key", "cloudformation", "route53", "lambda", "iam_user", "iam_role",
        "kms_key", "backup_vault",
    ]),
    ("community.aws", &[
        "dynamodb_table", "efs", "ecs_cluster", "s3_lifecycle", "eks_cluster",
    ]),
    ("google.cloud", &[
        "gcp_sql_database", "gcp_sql_instance", "gcp_storage_bucket", "gcp_storage_object",
        "gcp_compute_disk", "gcp_compute_snapshot", "gcp_compute_instance", "gcp_container_cluster",
        "gcp_bigquery_dataset", "gcp_bigquery_table", "gcp_spanner_database",
    ]),
    ("kubernetes.core", &[
        "k8s", "helm", "k8s_drain", "k8s_scale", "k8s_exec",
    ]),
    ("community.docker", &[
        "docker_volume", "docker_container", "docker_prune", "docker_image", "docker_network",
        "docker_compose_v2", "docker_stack",
    ]),
    ("community.general", &[
        "lvol", "lvg", "filesystem", "zfs", "parted", "redis", "influxdb_database", "ldap_entry",
    ]),
];

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let docs = yaml::parse(text, Lang::Ansible.as_str(), &mut out.unread);
    let mut cx = Cx {
        c: Commands::new(text, out),
        visits: 0,
        item: None,
    };
    for doc in docs {
        match &*doc {
            Node::Seq { items, .. } => {
                for (k, item) in items.iter().enumerate() {
                    if is_play(item) {
                        cx.play(item, k);
                    } else {
                        cx.task(item, "ansible", k, &Vars::default(), 0);
                    }
                }
            }
            Node::Scalar { value, .. } if value.is_empty() || value == "~" || value == "null" => {}
            other => cx.c.out.unread.push(Unread {
                span: other.span(),
                message: "an Ansible playbook or tasks file is a YAML list (of plays or tasks); this document is not one and was not read".into(),
                kind: UnreadKind::Malformed,
                origin: Some(Lang::Ansible.as_str().into()),
            }),
        }
    }
    cx.c.out
}

/// Loop items expanded for one task at most.
const MAX_LOOP_ITEMS: usize = 64;

/// The variables a task sees with a value known in the file: plain strings (`data_dir:
/// /srv/data`, a loop's `item`) and lists (for `loop: "{{ old_dirs }}"`).
#[derive(Clone, Default)]
struct Vars {
    plain: HashMap<String, String>,
    lists: HashMap<String, Rc<Node>>,
}

impl Vars {
    fn get(&self, name: &str) -> Option<&String> {
        self.plain.get(name)
    }
}

fn is_play(item: &Node) -> bool {
    [
        "hosts",
        "import_playbook",
        "ansible.builtin.import_playbook",
        "tasks",
        "pre_tasks",
        "post_tasks",
        "roles",
    ]
    .iter()
    .any(|k| get(item, k).is_some())
}

/// The plain values of a `vars:` mapping added to `vars` (a value with Jinja in it is not).
fn with_vars(vars: &Vars, node: &Node) -> Vars {
    let mut out = vars.clone();
    if let Some(v) = get(node, "vars")
        && let Node::Map { entries, .. } = &*v
    {
        for (k, v) in entries {
            let Some(k) = k.str() else { continue };
            match v.str() {
                Some(s) if !s.contains("{{") && !s.contains("{%") => {
                    out.plain.insert(k.to_owned(), s.to_owned());
                }
                _ if matches!(**v, Node::Seq { .. }) => {
                    out.lists.insert(k.to_owned(), v.clone());
                }
                _ => {}
            }
        }
    }
    out
}

/// Whether a variable's name says it names an environment (`env`, `app_env`, `RAILS_ENV`,
/// `stage`, `deploy_environment`).
fn env_like(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w, "env" | "environment" | "stage" | "tier"))
}

struct Cx<'a> {
    c: Commands<'a>,
    visits: usize,
    /// Where the loop item the current task runs for is (the same text read once per item).
    item: Option<usize>,
}

impl Cx<'_> {
    fn play(&mut self, play: &Node, index: usize) {
        let name = get_str(play, "name");
        if let Some((n, span)) = &name {
            self.c.note(n, *span);
        }
        let hosts = get(play, "hosts");
        let hosts_text = hosts.as_deref().and_then(|h| match h {
            Node::Scalar { value, .. } => Some(value.clone()),
            Node::Seq { items, .. } => Some(items.iter().filter_map(|i| i.str()).collect::<Vec<_>>().join(",")),
            _ => None,
        });
        if let (Some(h), Some(t)) = (&hosts, &hosts_text) {
            self.c.note(&format!("hosts: {t}"), h.span());
        }
        self.env_notes(play);
        let label = name
            .map(|(n, _)| n)
            .or(hosts_text)
            .unwrap_or_else(|| (index + 1).to_string());
        let origin = format!("ansible:{}", clip(&label));
        let vars = with_vars(&Vars::default(), play);
        for field in ["pre_tasks", "tasks", "post_tasks", "handlers"] {
            if let Some(list) = get(play, field) {
                self.tasks(&list, &origin, &vars, 0);
            }
        }
    }

    /// Notes of the variables and environment variables that name an environment.
    fn env_notes(&mut self, node: &Node) {
        for field in ["vars", "environment"] {
            let Some(v) = get(node, field) else { continue };
            let Node::Map { entries, .. } = &*v else { continue };
            for (k, v) in entries {
                if let (Some(k), Some(val)) = (k.str(), v.str())
                    && env_like(k)
                {
                    self.c.note(&format!("{k}: {val}"), v.span());
                }
            }
        }
    }

    fn tasks(&mut self, list: &Node, origin: &str, vars: &Vars, depth: usize) {
        if let Node::Seq { items, .. } = list {
            for (k, t) in items.iter().enumerate() {
                self.task(t, origin, k, vars, depth);
            }
        }
    }

    fn task(&mut self, task: &Rc<Node>, origin: &str, index: usize, vars: &Vars, depth: usize) {
        self.visits += 1;
        if self.visits > MAX_VISITS {
            if self.visits == MAX_VISITS + 1 {
                self.unresolved(task, origin, "more tasks than are followed in one file");
            }
            return;
        }
        if !matches!(**task, Node::Map { .. }) {
            return;
        }
        let vars = with_vars(vars, task);
        if get(task, "block").is_some() {
            if depth >= MAX_BLOCK_DEPTH {
                self.unresolved(task, origin, "blocks nested too deep");
                return;
            }
            for field in ["block", "rescue", "always"] {
                if let Some(list) = get(task, field) {
                    self.tasks(&list, origin, &vars, depth + 1);
                }
            }
            return;
        }
        let name = get_str(task, "name")
            .map(|(n, _)| clip(&n))
            .unwrap_or_else(|| (index + 1).to_string());
        let origin = if origin == "ansible" {
            format!("ansible:{name}")
        } else {
            format!("{origin}/{name}")
        };
        // a loop over values written in the file: the task once per value its module reads
        let loop_var = get(task, "loop_control")
            .and_then(|c| get_str(&c, "loop_var"))
            .map_or_else(|| "item".to_owned(), |(v, _)| v);
        if let Some(items) = loop_items(task, &vars)
            && mentions(task, &loop_var, 0)
        {
            for item in items.iter().take(MAX_LOOP_ITEMS) {
                let mut vars = vars.clone();
                match &**item {
                    Node::Scalar { value, .. } => {
                        vars.plain.insert(loop_var.clone(), value.clone());
                    }
                    Node::Map { entries, .. } => {
                        for (k, v) in entries {
                            if let (Some(k), Some(v)) = (k.str(), v.str()) {
                                vars.plain.insert(format!("{loop_var}.{k}"), v.to_owned());
                            }
                        }
                    }
                    _ => {}
                }
                self.item = Some(item.span().start());
                self.run(task, &origin, &vars);
            }
            self.item = None;
            return;
        }
        self.run(task, &origin, &vars);
    }

    /// A task's module call.
    fn run(&mut self, task: &Rc<Node>, origin: &str, vars: &Vars) {
        let Node::Map { entries, .. } = &**task else { return };
        // the module: the first key that is no task keyword (`action: shell …` names it in
        // its value)
        let module = entries.iter().find_map(|(k, v)| {
            let k = k.str()?;
            let keyword = TASK_KEYWORDS.contains(&k) || k.starts_with("with_") || k == "<<";
            (!keyword).then(|| (k.to_owned(), k_span(task, k), v.clone()))
        });
        if let Some((key, key_span, value)) = module {
            self.module(task, &key, key_span, &value, None, origin, vars);
            return;
        }
        // `action: shell rm -rf /x`, `local_action: {module: file, path: …}`
        for field in ["action", "local_action"] {
            let Some(v) = get(task, field) else { continue };
            match &*v {
                Node::Scalar { value, span, .. } => {
                    let word = value.split_whitespace().next().unwrap_or("");
                    if word.is_empty() {
                        continue;
                    }
                    let skip = value.find(word).unwrap_or(0) + word.len();
                    self.module(task, word, *span, &v, Some(skip), origin, vars);
                }
                Node::Map { .. } => {
                    if let Some((m, span)) = get_str(&v, "module") {
                        self.module(task, &m, span, &v, None, origin, vars);
                    }
                }
                _ => {}
            }
        }
    }

    /// One module call: `value` is what the module key holds; `skip`: the bytes of a scalar
    /// value that name the module (`action: shell …`).
    #[allow(clippy::too_many_arguments)]
    fn module(
        &mut self,
        task: &Node,
        key: &str,
        key_span: Span,
        value: &Rc<Node>,
        skip: Option<usize>,
        origin: &str,
        vars: &Vars,
    ) {
        let fqcn = full_name(key);
        let short = fqcn.rsplit('.').next().unwrap_or(&fqcn);
        if short.starts_with("win_") || fqcn.starts_with("ansible.windows.") || fqcn.starts_with("community.windows.") {
            return;
        }
        let args = get(task, "args");
        let free = match &**value {
            // a blank value (`shell:` with `args: {cmd: …}`) has no free form
            Node::Scalar { value: v, .. } if !v[skip.unwrap_or(0).min(v.len())..].trim().is_empty() => {
                Some(skip.unwrap_or(0).min(v.len()))
            }
            _ => None,
        };
        // a key looked up in the module's mapping, then in `args:`
        let arg =
            |name: &str| -> Option<Rc<Node>> { get(value, name).or_else(|| args.as_ref().and_then(|a| get(a, name))) };
        let command = matches!(
            fqcn.as_str(),
            "ansible.builtin.shell" | "ansible.builtin.command" | "ansible.builtin.raw" | "ansible.builtin.script"
        );
        if fqcn == "ansible.builtin.expect" {
            if let Some(c) = arg("command") {
                self.command_cut(&c, 0, &[], "", origin, vars);
            }
            return;
        }
        if command {
            let from = free.unwrap_or(0);
            let opts = match free {
                Some(from) => free_options(value, from, short == "raw"),
                None => Vec::new(),
            };
            let executable = opts
                .iter()
                .find(|(k, _)| k == "executable")
                .map(|(_, v)| v.clone())
                .or_else(|| arg("executable").and_then(|e| e.str().map(str::to_owned)));
            // `command` runs no shell; the others run theirs, or the script's interpreter
            if short != "command" && executable.as_deref().is_some_and(|e| !is_posix_shell(e)) {
                return;
            }
            // `./` before a script named without a directory: a command run by its path, which
            // the analysis follows when the file is beside the playbook
            let prefix = |s: &str| {
                let first = s.split_whitespace().next().unwrap_or("");
                if short == "script" && !first.is_empty() && !first.contains('/') && !first.contains("{{") {
                    "./"
                } else {
                    ""
                }
            };
            if free.is_some() {
                let cut: Vec<(usize, usize)> = free_option_ranges(value, from, short == "raw");
                let v = scalar(value);
                self.command_cut(value, from, &cut, prefix(&v[from.min(v.len())..]), origin, vars);
            } else if let Some(c) = arg("cmd").or_else(|| get(value, "_raw_params")) {
                let p = prefix(scalar(&c));
                self.command_cut(&c, 0, &[], p, origin, vars);
            } else if short == "command"
                && let Some(argv) = arg("argv")
                && let Node::Seq { items, .. } = &*argv
            {
                self.c.argv(items, origin);
            }
            return;
        }
        if QUIET_MODULES.contains(&short) && fqcn.starts_with("ansible.builtin.") {
            return;
        }
        // `file: state=absent` deletes its path: read as `rm -rf -- PATH` for the filesystem
        // rules, which grade it by the path
        if fqcn == "ansible.builtin.file" {
            let kv = match free {
                Some(from) => free_kv(value, from),
                None => Vec::new(),
            };
            let state = kv
                .iter()
                .find(|(k, ..)| k == "state")
                .map(|(_, v, _)| v.clone())
                .or_else(|| arg("state").and_then(|s| s.str().map(str::to_owned)));
            if state.as_deref() == Some("absent") {
                let path = kv
                    .iter()
                    .find(|(k, ..)| matches!(k.as_str(), "path" | "dest" | "name"))
                    .map(|(_, v, at)| (v.clone(), *at))
                    .map(|(v, at)| (value.clone(), at, at + v.len()))
                    .or_else(|| {
                        ["path", "dest", "name"]
                            .iter()
                            .find_map(|k| arg(k))
                            .filter(|n| matches!(**n, Node::Scalar { .. }))
                            .map(|n| {
                                let len = scalar(&n).len();
                                (n, 0, len)
                            })
                    });
                if let Some((node, from, to)) = path {
                    self.rm(&node, from, to, key_span, origin, vars);
                }
            }
            return;
        }
        self.call(&fqcn, key_span, value, free, args.as_deref(), origin, vars);
    }

    /// A command string from byte `from` of its value, without the byte ranges `cut`.
    fn command_cut(
        &mut self,
        node: &Node,
        from: usize,
        cut: &[(usize, usize)],
        prefix: &str,
        origin: &str,
        vars: &Vars,
    ) {
        let Node::Scalar { value, style, span, .. } = node else {
            return;
        };
        let from = from.min(value.len());
        if value[from..].trim().is_empty() || !self.take(*span, origin) {
            return;
        }
        let at = align(value, *style, self.c.text, *span);
        let mut b = TextBuilder::new();
        let start = from + (value[from..].len() - value[from..].trim_start().len());
        b.push(prefix, at[start].0, false);
        jinja(value, start, value.len(), cut, &at, vars, &mut b, Quote::Shell, false);
        let (text, map) = b.finish();
        self.c
            .out
            .snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, origin.to_owned()));
    }

    /// `rm -rf -- PATH` for a `file` task that removes the path in bytes `from..to` of `node`.
    fn rm(&mut self, node: &Node, from: usize, to: usize, key_span: Span, origin: &str, vars: &Vars) {
        let Node::Scalar { value, style, span, .. } = node else {
            return;
        };
        let to = to.min(value.len());
        let from = from.min(to);
        if value[from..to].trim().is_empty() || !self.take(Span::new(span.start() + from, span.start() + to), origin) {
            return;
        }
        let at = align(value, *style, self.c.text, *span);
        let mut b = TextBuilder::new();
        // a directory is deleted with its contents, a file or link is unlinked: a path whose
        // name has a file extension (`000-default.conf`) is read as a file
        let rm = if looks_like_file(&render(&value[from..to], vars)) {
            "rm -f -- "
        } else {
            "rm -rf -- "
        };
        b.push(rm, key_span.start(), false);
        jinja(value, from, to, &[], &at, vars, &mut b, Quote::Single, false);
        let (text, map) = b.finish();
        self.c
            .out
            .snippets
            .push(Snippet::new(SnippetLang::Shell, text, map, origin.to_owned()));
    }

    /// Any other module's task as the call `MODULE --key=value …`.
    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        fqcn: &str,
        key_span: Span,
        value: &Rc<Node>,
        free: Option<usize>,
        args: Option<&Node>,
        origin: &str,
        vars: &Vars,
    ) {
        if !self.take(key_span, origin) {
            return;
        }
        let mut b = TextBuilder::new();
        let k = key_span.start();
        b.push_single_quoted(fqcn, k, k, |_| k);
        let mut words = 0;
        if let Some(from) = free
            && let Node::Scalar {
                value: v, style, span, ..
            } = &**value
        {
            let at = align(v, *style, self.c.text, *span);
            for (key, val, pos) in free_kv(value, from) {
                if words >= MAX_WORDS {
                    break;
                }
                words += 1;
                match bool_value(&val) {
                    Some(true) => {
                        b.push(" ", at[pos].0, false);
                        b.push_single_quoted(&format!("--{key}"), at[pos].0, at[pos].0, |_| at[pos].0);
                    }
                    Some(false) => {
                        option(&mut b, &key, at[pos].0);
                        b.push("false'", at[pos].0, false);
                    }
                    None => {
                        option(&mut b, &key, at[pos].0);
                        jinja(v, pos, pos + val.len(), &[], &at, vars, &mut b, Quote::Single, true);
                    }
                }
            }
        }
        for node in [Some(&**value), args].into_iter().flatten() {
            if let Node::Map { entries, .. } = node {
                for (k, v) in entries {
                    if let Some(k) = k.str() {
                        self.arg(&mut b, k, v, vars, &mut words, 0);
                    }
                }
            }
        }
        let (text, map) = b.finish();
        let mut s = Snippet::new(SnippetLang::Shell, text, map, origin.to_owned());
        s.action = true;
        self.c.out.snippets.push(s);
    }

    /// One option of a rebuilt call: a string `--key=value`, a true boolean `--key`, a false one
    /// `--key=false`, each item of a list, the keys of a mapping joined with `.`.
    fn arg(&mut self, b: &mut TextBuilder, key: &str, v: &Node, vars: &Vars, words: &mut usize, depth: usize) {
        if depth > MAX_ARG_DEPTH || *words >= MAX_WORDS || key == "<<" {
            return;
        }
        match v {
            Node::Scalar { value, style, span, .. } => {
                if value.len() > 200 || value.contains('\n') {
                    return;
                }
                *words += 1;
                // YAML 1.1 booleans, as Ansible reads them
                let plain = matches!(style, saphyr_parser::ScalarStyle::Plain);
                match bool_value(value).filter(|_| plain) {
                    Some(true) => {
                        b.push(" ", span.start(), false);
                        b.push_single_quoted(&format!("--{key}"), span.start(), span.start(), |_| span.start());
                    }
                    Some(false) => {
                        option(b, key, span.start());
                        b.push("false'", span.start(), false);
                    }
                    None => {
                        let at = align(value, *style, self.c.text, *span);
                        option(b, key, span.start());
                        jinja(value, 0, value.len(), &[], &at, vars, b, Quote::Single, true);
                    }
                }
            }
            Node::Seq { items, .. } => {
                for i in items {
                    if matches!(**i, Node::Scalar { .. }) {
                        self.arg(b, key, i, vars, words, depth + 1);
                    }
                }
            }
            Node::Map { entries, .. } => {
                for (k, v) in entries {
                    if let Some(k) = k.str() {
                        self.arg(b, &format!("{key}.{k}"), v, vars, words, depth + 1);
                    }
                }
            }
            Node::Missing(_) => {}
        }
    }

    /// Whether the command at `span` is new: for a loop item, the text and the item together.
    fn take(&mut self, span: Span, origin: &str) -> bool {
        let span = match self.item {
            Some(i) => Span::new(span.start().min(i), span.end().max(i + 1)),
            None => span,
        };
        self.c.take(span, origin)
    }

    fn unresolved(&mut self, v: &Node, origin: &str, why: &str) {
        self.c.out.unread.push(Unread {
            span: Span::new(v.span().start(), v.span().start()),
            message: format!("{why}: the commands there were not analysed"),
            kind: UnreadKind::TooDeep,
            origin: Some(origin.to_owned()),
        });
    }
}

/// The values a task's `loop:` (`with_items:`, `with_list:`) goes over, when the file gives them:
/// a list of strings or of mappings of strings, or `"{{ name }}"` of such a list in `vars:`.
fn loop_items(task: &Node, vars: &Vars) -> Option<Vec<Rc<Node>>> {
    let l = ["loop", "with_items", "with_list"].iter().find_map(|k| get(task, k))?;
    let l = match &*l {
        Node::Scalar { value, .. } => {
            let name = value.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
            vars.lists.get(name)?.clone()
        }
        _ => l,
    };
    let Node::Seq { items, .. } = &*l else { return None };
    let literal = |n: &Node| n.str().is_some_and(|s| !s.contains("{{") && !s.contains("{%"));
    items
        .iter()
        .all(|i| match &**i {
            Node::Map { entries, .. } => entries.iter().all(|(k, v)| k.str().is_some() && literal(v)),
            n => literal(n),
        })
        .then(|| items.clone())
}

/// Whether a Jinja expression in the task's module reads `var` (`{{ item }}`, `{{ item.path }}`).
fn mentions(node: &Node, var: &str, depth: usize) -> bool {
    if depth > MAX_ARG_DEPTH + 2 {
        return false;
    }
    match node {
        Node::Scalar { value, .. } => value.split("{{").skip(1).any(|e| {
            let e = e.split("}}").next().unwrap_or("");
            e.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|w| w == var)
        }),
        Node::Seq { items, .. } => items.iter().any(|i| mentions(i, var, depth + 1)),
        Node::Map { entries, .. } => entries
            .iter()
            .filter(|(k, _)| !matches!(k.str(), Some("loop" | "with_items" | "with_list" | "name")))
            .any(|(_, v)| mentions(v, var, depth + 1)),
        Node::Missing(_) => false,
    }
}

/// ` '--key=`: the start of an option with a value (its quote left open), at `at`.
fn option(b: &mut TextBuilder, key: &str, at: usize) {
    b.push(" '", at, false);
    b.push(&format!("--{key}=").replace('\'', "'\\''"), at, false);
}

/// The text of a scalar (tagged ones too: `!unsafe`), else nothing.
fn scalar(n: &Node) -> &str {
    match n {
        Node::Scalar { value, .. } => value,
        _ => "",
    }
}

/// YAML 1.1 booleans, as Ansible reads a module's boolean options.
fn bool_value(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" => Some(true),
        "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// The span of a mapping's key `k`.
fn k_span(node: &Node, k: &str) -> Span {
    match node {
        Node::Map { entries, .. } => entries
            .iter()
            .find(|(key, _)| key.str() == Some(k))
            .map_or(node.span(), |(key, _)| key.span()),
        _ => node.span(),
    }
}

/// A module's full name: `ansible.legacy.X` is `ansible.builtin.X`, a short name is looked up
/// in [`COLLECTIONS`] (unknown ones stay as written).
fn full_name(key: &str) -> String {
    if let Some(rest) = key.strip_prefix("ansible.legacy.") {
        return format!("ansible.builtin.{rest}");
    }
    if key.contains('.') {
        return key.to_owned();
    }
    if let Some((c, _)) = COLLECTIONS.iter().find(|(_, names)| names.contains(&key)) {
        return format!("{c}.{key}");
    }
    if key.starts_with("azure_rm_") {
        return format!("azure.azcollection.{key}");
    }
    if key.starts_with("gcp_") {
        return format!("google.cloud.{key}");
    }
    key.to_owned()
}

/// Whether an `executable:` runs shell code: `/bin/bash`, `sh`, `zsh` …, or a template (unknown:
/// read as shell).
fn is_posix_shell(exe: &str) -> bool {
    crate::lang::is_shell_command(exe) || exe.contains("{{")
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::text::at_command_start;
    use super::*;
    use crate::extract::testing::at;

    fn texts(ex: &Extracted) -> Vec<(&str, &str, bool)> {
        ex.snippets
            .iter()
            .map(|s| (s.origin.as_str(), s.text.as_str(), s.action))
            .collect()
    }

    #[test]
    fn command_modules_with_offsets() {
        let src = "- name: Maintenance\n  hosts: production\n  vars:\n    data_dir: /srv/data\n  tasks:\n    - name: wipe\n      shell: rm -rf {{ data_dir }}/cache chdir=/srv creates=/x\n    - ansible.builtin.command: dropdb {{ db }}\n    - name: argv\n      ansible.legacy.command:\n        argv: [\"sh\", \"-c\", \"rm -rf /var/lib/app\"]\n    - name: block\n      block:\n        - raw: |\n            echo hi\n            kubectl delete namespace prod\n      rescue:\n        - shell:\n            cmd: psql -c 'DROP TABLE x'\n    - win_shell: Remove-Item C:\\x\n    - shell: Get-ChildItem\n      args:\n        executable: pwsh\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        assert_eq!(
            texts(&ex),
            [
                ("ansible:Maintenance/wipe", "rm -rf /srv/data/cache", false),
                ("ansible:Maintenance/2", "dropdb \"${ANSIBLE_db:?}\"", false),
                ("ansible:Maintenance/argv", "'sh' '-c' 'rm -rf /var/lib/app'", false),
                (
                    "ansible:Maintenance/1",
                    "echo hi\nkubectl delete namespace prod\n",
                    false
                ),
                ("ansible:Maintenance/1", "psql -c 'DROP TABLE x'", false),
            ]
        );
        let s = &ex.snippets;
        assert_eq!(at(src, &s[0], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &s[0], "/cache"), "/cache");
        assert_eq!(at(src, &s[1], "dropdb"), "dropdb");
        assert_eq!(at(src, &s[2], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &s[3], "kubectl delete"), "kubectl delete");
        assert_eq!(at(src, &s[4], "DROP TABLE"), "DROP TABLE");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["Maintenance", "hosts: production"]);
    }

    #[test]
    fn modules_are_rebuilt_as_calls() {
        let src = "- hosts: db\n  tasks:\n    - name: drop\n      postgresql_db:\n        name: \"{{ app }}_prod\"\n        state: absent\n        force: yes\n        port: 5432\n    - s3_bucket: name=logs state=absent force=true\n    - file: path=/var/lib/app state=absent\n    - ansible.builtin.file:\n        path: \"{{ dir }}\"\n        state: absent\n    - file: path=/tmp/x state=directory\n    - debug: msg=hi\n    - k8s:\n        state: absent\n        definition:\n          kind: Namespace\n          metadata: {name: prod}\n";
        let ex = extract(src);
        assert_eq!(
            texts(&ex),
            [
                (
                    "ansible:db/drop",
                    "'community.postgresql.postgresql_db' '--name='\"${ANSIBLE_app:?}\"'_prod' '--state=absent' '--force' '--port=5432'",
                    true
                ),
                (
                    "ansible:db/2",
                    "'amazon.aws.s3_bucket' '--name=logs' '--state=absent' '--force'",
                    true
                ),
                ("ansible:db/3", "rm -rf -- '/var/lib/app'", false),
                ("ansible:db/4", "rm -rf -- \"${ANSIBLE_dir:?}\"", false),
                (
                    "ansible:db/7",
                    "'kubernetes.core.k8s' '--state=absent' '--definition.kind=Namespace' '--definition.metadata.name=prod'",
                    true
                ),
            ]
        );
        assert_eq!(at(src, &ex.snippets[0], "5432"), "5432");
        assert_eq!(at(src, &ex.snippets[2], "/var/lib/app"), "/var/lib/app");
        assert!(at(src, &ex.snippets[2], "rm -rf").starts_with("file"));
    }

    #[test]
    fn jinja_values() {
        let src = "- shell: \"{{ bin_dir }}/kubectl delete ns x && sudo {{ bin }}/rm -rf {{ d | default('') }}/{{ e }}\"\n- file: path=/etc/k/{{ item }}.manifest state=absent\n- file: path=/etc/sysctl.d state=absent\n";
        let ex = extract(src);
        let t: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "ANSIBLE_bin_dir/kubectl delete ns x && sudo ANSIBLE_bin/rm -rf \"${ANSIBLE_d}\"/\"${ANSIBLE_e:?}\"",
                "rm -f -- '/etc/k/'\"${ANSIBLE_item:?}\"'.manifest'",
                "rm -rf -- '/etc/sysctl.d'",
            ]
        );
        assert_eq!(at(src, &ex.snippets[0], "/kubectl"), "/kubectl");
        let ex = extract(
            "- shell: \"{{ d }}/docker ps --format='{{ '{{ .Image }}' }}' | xargs -r {{ docker_bin_dir }}/docker rm\"\n",
        );
        assert_eq!(
            ex.snippets[0].text,
            "ANSIBLE_d/docker ps --format='\"${ANSIBLE_expr:?}\"' | xargs -r ANSIBLE_docker_bin_dir/docker rm"
        );
        assert!(at_command_start("") && at_command_start("a; ") && at_command_start("sudo "));
        assert!(!at_command_start("rm -rf ") && !at_command_start("x"));
    }

    #[test]
    fn loops_over_values_in_the_file() {
        let src = "- vars:\n    dirs: [/a, /b]\n  hosts: x\n  tasks:\n    - file: path={{ item }} state=absent\n      loop: \"{{ dirs }}\"\n    - shell: rm -rf {{ d.path }}/{{ other }}\n      with_items:\n        - {path: /c}\n      loop_control:\n        loop_var: d\n    - shell: echo {{ item }}\n      loop: \"{{ unknown }}\"\n    - shell: echo same\n      loop: [1, 2]\n    - shell:\n      args:\n        cmd: echo args\n";
        let t: Vec<String> = extract(src).snippets.into_iter().map(|s| s.text).collect();
        assert_eq!(
            t,
            [
                "rm -rf -- '/a'",
                "rm -rf -- '/b'",
                "rm -rf /c/\"${ANSIBLE_other:?}\"",
                "echo \"${ANSIBLE_item:?}\"",
                "echo same",
                "echo args",
            ]
        );
    }

    #[test]
    fn tasks_files_and_scripts() {
        let src = "- name: run cleanup\n  script: cleanup.sh --all\n- name: shell via action\n  action: shell rm -rf /opt/old\n- name: legacy\n  local_action:\n    module: command\n    cmd: rm -rf /opt/local\n- script: scripts/x.py\n  args:\n    executable: python3\n";
        let ex = extract(src);
        assert_eq!(
            texts(&ex),
            [
                ("ansible:run cleanup", "./cleanup.sh --all", false),
                ("ansible:shell via action", "rm -rf /opt/old", false),
                ("ansible:legacy", "rm -rf /opt/local", false),
            ]
        );
        assert_eq!(at(src, &ex.snippets[1], "rm -rf"), "rm -rf");
    }

    #[test]
    fn environment_notes() {
        let src = "- name: deploy\n  hosts: [prod_db, web]\n  vars:\n    app_env: staging\n    other: production\n  environment:\n    RAILS_ENV: staging\n  roles: [db]\n";
        let ex = extract(src);
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            notes,
            ["deploy", "hosts: prod_db,web", "app_env: staging", "RAILS_ENV: staging"]
        );
    }

    #[test]
    fn recognised_by_content() {
        for yes in [
            "---\n- hosts: all\n  tasks:\n    - ping:\n",
            "# a playbook\n- name: x\n  hosts: web\n  become: true\n  roles:\n    - db\n",
            "-   hosts: all\n    tasks: []\n",
            "- import_playbook: site.yml\n",
            "- name: x\n  ansible.builtin.shell: echo\n",
            "- name: x\n  shell: echo\n  register: out\n",
            "-\n  hosts: all\n  tasks: []\n",
        ] {
            assert!(sniff(yes), "{yes}");
        }
        for no in [
            "",
            "hosts: all\ntasks: []\n",
            "- name: a\n  command: b\n",
            "- a\n- b\n",
            "items:\n  - hosts: x\n    tasks: []\n",
            "- name: x\n  value: 1\n",
            "{\"hosts\": 1}",
            "- hosts: x\n  ports: []\n",
        ] {
            assert!(!sniff(no), "{no}");
        }
        use std::path::Path;
        assert_eq!(
            Lang::from_text(Path::new("site.yml"), "- hosts: all\n  tasks: []\n"),
            Some(Lang::Ansible)
        );
        assert_eq!(
            Lang::from_path(Path::new("r/roles/db/tasks/main.yml")),
            Some(Lang::Ansible)
        );
        assert_eq!(
            Lang::from_path(Path::new("roles/db/handlers/main.yaml")),
            Some(Lang::Ansible)
        );
        assert_eq!(Lang::from_text(Path::new("config.yml"), "- a\n- b\n"), None);
        // editors call every YAML file `yaml`: the content decides
        let play = "- hosts: all\n  tasks: []\n";
        assert_eq!(
            Lang::for_document("yaml", Path::new("/w/site.yml"), play),
            Some(Lang::Ansible)
        );
        assert_eq!(
            Lang::for_document("ansible", Path::new("/w/x.yml"), ""),
            Some(Lang::Ansible)
        );
        assert_eq!(
            Lang::from_text(Path::new("deploy"), "#!/usr/bin/env ansible-playbook\n- hosts: all\n"),
            Some(Lang::Ansible)
        );
    }

    /// Every prefix of the fixtures (cut anywhere: mid-scalar, mid-Jinja, mid-flow) is read
    /// without a panic, and every snippet maps inside the text.
    #[test]
    fn every_prefix_of_the_fixtures() {
        for src in [
            include_str!("../../../testdata/ansible/site.yml"),
            include_str!("../../../testdata/ansible/roles/db/tasks/main.yml"),
        ] {
            // every third cut keeps the test fast in debug builds
            for end in (0..=src.len()).step_by(3).filter(|&e| src.is_char_boundary(e)) {
                let text = &src[..end];
                let ex = extract(text);
                for s in &ex.snippets {
                    assert!(s.map.map(s.text.len()) <= text.len());
                }
                for u in &ex.unread {
                    assert!(u.span.end() <= text.len());
                }
                let _ = sniff(text);
            }
        }
    }

    #[test]
    fn bad_input_is_reported() {
        for src in [
            "- hosts: all\n  tasks:\n\t- shell: rm -rf /x\n",
            "- hosts: [a\n",
            "hosts: all\n",
            "- shell: \"unterminated\n",
            "- &x [*x]\n",
            "- block: &b\n  - block: *b\n",
            "- shell: '{{'\n- shell: x=\n- file: path=\n- file: path=\"\n- command: é=é chdir=\n",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        ] {
            let ex = extract(src);
            for u in &ex.unread {
                assert!(u.span.end() <= src.len());
            }
            for s in &ex.snippets {
                for i in 0..=s.text.len() {
                    assert!(s.map.map(i) <= src.len());
                }
            }
        }
        let ex = extract("hosts: all\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        let ex = extract("- hosts: all\n  tasks:\n    - shell: rm -rf /tmp/x\n    - shell: [a\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert_eq!(ex.snippets[0].text, "rm -rf /tmp/x");
        assert!(extract("").unread.is_empty());
    }
}
