//! CI workflows: the shell commands of the jobs of GitHub Actions, GitLab CI, CircleCI,
//! Bitbucket Pipelines, Azure Pipelines, Buildkite and Google Cloud Build, one snippet per
//! command string, each mapped back to the bytes of the file, with the variables the job sets
//! (`env:`, `variables:`, `environment:`) as assignments before it; names, environments,
//! deployments and trigger branches are notes, scoped to the job they speak for.
//!
//! The YAML is read by [`super::yaml`] (spans, anchors, `<<` merges); GitLab's `!reference`
//! and `extends:` are resolved here, where the commands are looked up. `${{ … }}` expressions of
//! GitHub Actions are replaced by a quoted variable named after what they read (`${{ inputs.env
//! }}` → `"${GHA_inputs_env}"`): the shell analysis sees a value known only at run time.
//!
//! The dialect is told by the document's shape (the extractor does not see the path), checked
//! from the most specific shape to GitLab's catch-all: see [`dialect`].

use std::rc::Rc;

use super::yaml::{self, Commands, EnvVar, Expr, MAX_RESOLVE, Node, get, get_str};
use super::{Extracted, Unread, UnreadKind};
use crate::lang::Lang;
use crate::source::Span;

/// Script nodes visited in one file (lists of aliases of lists can multiply them).
const MAX_VISITS: usize = 20_000;

const GITHUB: Expr = Expr {
    open: "${{",
    close: "}}",
    prefix: "GHA_",
};
const GITLAB: Expr = Expr {
    open: "$[[",
    close: "]]",
    prefix: "GLCI_",
};
const CIRCLECI: Expr = Expr {
    open: "<<",
    close: ">>",
    prefix: "CIRCLE_",
};
const AZURE: Expr = Expr {
    open: "${{",
    close: "}}",
    prefix: "AZP_",
};

/// Whether the CI system that runs a snippet of `origin` sets `name` in every job: its predefined
/// variables (`GITHUB_REPOSITORY`, `CI_PROJECT_DIR`, `BITBUCKET_BRANCH` …) and, for GitHub, the
/// `github`, `runner`, `job` and `strategy` contexts of `${{ … }}` (not `github.event`, which
/// depends on the trigger). Such a variable is never unset there.
pub fn predefined(origin: &str, name: &str) -> bool {
    let system = origin.split(':').next().unwrap_or_default();
    let prefixes: &[&str] = match system {
        "github-actions" => {
            if name.starts_with("GHA_github_event") {
                return false;
            }
            &[
                "GITHUB_",
                "RUNNER_",
                "GHA_github_",
                "GHA_runner_",
                "GHA_job_",
                "GHA_strategy_",
            ]
        }
        "gitlab-ci" => &["CI_", "GITLAB_"],
        "circleci" => &["CIRCLE_"],
        "bitbucket" => &["BITBUCKET_"],
        "azure-pipelines" => &["BUILD_", "SYSTEM_", "AGENT_", "PIPELINE_"],
        "buildkite" => &["BUILDKITE_"],
        "cloudbuild" => &["PROJECT_ID", "BUILD_ID", "PROJECT_NUMBER", "LOCATION"],
        _ => return false,
    };
    name == "CI" || prefixes.iter().any(|p| name.starts_with(p))
}

/// The CI systems read, told apart by the document's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    Github,
    Gitlab,
    Circleci,
    Bitbucket,
    Azure,
    Buildkite,
    Cloudbuild,
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let docs = yaml::parse(text, Lang::Workflow.as_str(), &mut out.unread);
    let mut cx = Cx {
        c: Commands::new(text, out),
        visits: 0,
    };
    for doc in docs {
        match dialect(&doc) {
            Some(Dialect::Github) => cx.github(&doc),
            Some(Dialect::Gitlab) => cx.gitlab(&doc),
            Some(Dialect::Circleci) => cx.circleci(&doc),
            Some(Dialect::Bitbucket) => cx.bitbucket(&doc),
            Some(Dialect::Azure) => cx.azure(&doc),
            Some(Dialect::Buildkite) => cx.buildkite(&doc),
            Some(Dialect::Cloudbuild) => cx.cloudbuild(&doc),
            None => match &*doc {
                // an empty document
                Node::Scalar { value, .. } if value.is_empty() || value == "~" || value == "null" => {}
                other => cx.c.out.unread.push(Unread {
                    span: other.span(),
                    message: "a CI workflow is a YAML mapping (of jobs); this document is not one and was not read"
                        .into(),
                    kind: UnreadKind::Malformed,
                    origin: Some(Lang::Workflow.as_str().into()),
                }),
            },
        }
    }
    cx.c.out
}

/// Which CI system a document is for, by its shape: Bitbucket's `pipelines:` of `default`,
/// `branches` …; CircleCI's `version` beside a `jobs` mapping; GitHub's `jobs` mapping; a
/// top-level `steps` list of Buildkite (`command`, `wait`, `label` …), Cloud Build (`args`,
/// `entrypoint`, or steps all named by an image, with no Azure keys) or Azure Pipelines; Azure's
/// `stages` of `stage` and `jobs` list of `job`/`deployment`; a bare list of Buildkite steps;
/// any other mapping is GitLab CI (its top level is a mapping of jobs).
fn dialect(doc: &Node) -> Option<Dialect> {
    if let Node::Seq { items, .. } = doc {
        return items.iter().any(|i| is_buildkite_step(i)).then_some(Dialect::Buildkite);
    }
    if !matches!(doc, Node::Map { .. }) {
        return None;
    }
    const BITBUCKET: &[&str] = &["default", "branches", "tags", "bookmarks", "pull-requests", "custom"];
    if get(doc, "pipelines").is_some_and(|p| BITBUCKET.iter().any(|k| get(&p, k).is_some())) {
        return Some(Dialect::Bitbucket);
    }
    let jobs = get(doc, "jobs");
    if jobs.as_deref().is_some_and(is_map) {
        let circle = get(doc, "version").is_some()
            && (get(doc, "workflows").is_some() || get(doc, "orbs").is_some() || get(doc, "executors").is_some())
            || get(doc, "version").is_some() && get(doc, "on").is_none();
        return Some(if circle { Dialect::Circleci } else { Dialect::Github });
    }
    if let Some(steps) = get(doc, "steps")
        && let Node::Seq { items, .. } = &*steps
    {
        if items.iter().any(|i| is_buildkite_step(i)) {
            return Some(Dialect::Buildkite);
        }
        const CLOUDBUILD_STEP: &[&str] = &["args", "entrypoint", "waitFor", "secretEnv", "automapSubstitutions"];
        const CLOUDBUILD_TOP: &[&str] = &[
            "substitutions",
            "images",
            "availableSecrets",
            "artifacts",
            "logsBucket",
            "serviceAccount",
        ];
        const AZURE_STEP: &[&str] = &[
            "bash",
            "task",
            "checkout",
            "pwsh",
            "powershell",
            "displayName",
            "template",
            "download",
            "publish",
        ];
        const AZURE_TOP: &[&str] = &["trigger", "pr", "pool", "resources", "extends", "schedules"];
        let step_has = |keys: &[&str]| items.iter().any(|i| keys.iter().any(|k| get(i, k).is_some()));
        let top_has = |keys: &[&str]| keys.iter().any(|k| get(doc, k).is_some());
        let azure = step_has(AZURE_STEP) || top_has(AZURE_TOP);
        let named = !items.is_empty() && items.iter().all(|i| get(i, "name").is_some());
        if step_has(CLOUDBUILD_STEP) || !azure && (top_has(CLOUDBUILD_TOP) || named) {
            return Some(Dialect::Cloudbuild);
        }
        return Some(Dialect::Azure);
    }
    let azure_stages = get(doc, "stages").is_some_and(|s| list(Some(s)).iter().any(|i| get(i, "stage").is_some()));
    let azure_jobs = jobs.is_some_and(|j| {
        list(Some(j))
            .iter()
            .any(|i| get(i, "job").is_some() || get(i, "deployment").is_some())
    });
    if azure_stages || azure_jobs {
        return Some(Dialect::Azure);
    }
    Some(Dialect::Gitlab)
}

fn is_buildkite_step(n: &Node) -> bool {
    const KEYS: &[&str] = &[
        "command", "commands", "wait", "block", "input", "trigger", "plugins", "label", "group", "agents",
    ];
    match n {
        Node::Scalar { value, .. } => matches!(value.as_str(), "wait" | "block" | "input" | "waiter"),
        Node::Map { .. } => KEYS.iter().any(|k| get(n, k).is_some()),
        _ => false,
    }
}

fn is_map(n: &Node) -> bool {
    matches!(n, Node::Map { .. })
}

/// The items of a list (nothing for anything else).
fn list(n: Option<Rc<Node>>) -> Vec<Rc<Node>> {
    match n.as_deref() {
        Some(Node::Seq { items, .. }) => items.clone(),
        _ => Vec::new(),
    }
}

/// The entries of a mapping (nothing for anything else).
fn entries(n: Option<Rc<Node>>) -> Vec<(Rc<Node>, Rc<Node>)> {
    match n.as_deref() {
        Some(Node::Map { entries, .. }) => entries.clone(),
        _ => Vec::new(),
    }
}

/// A step's name for its origin: the first of `keys` it has, else its number.
fn step_name(step: &Node, keys: &[&str], k: usize) -> String {
    keys.iter()
        .find_map(|key| get_str(step, key))
        .map(|(s, _)| s.chars().take(60).collect::<String>())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| (k + 1).to_string())
}

/// The variables of an `env:`/`variables:`/`environment:` mapping (`<<` merges followed, GitLab's
/// `{value: …}` read), or of Azure's list of `{name, value}`.
fn env_vars(node: Option<Rc<Node>>, refs: bool) -> Vec<EnvVar> {
    let mut out = Vec::new();
    if let Some(n) = node {
        collect_env(&n, refs, &mut out, 0);
    }
    out
}

fn collect_env(n: &Node, refs: bool, out: &mut Vec<EnvVar>, depth: usize) {
    if depth > MAX_RESOLVE || out.len() > 500 {
        return;
    }
    let is_name = |s: &str| {
        s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    let scalar = |v: &Rc<Node>| matches!(**v, Node::Scalar { .. }).then(|| v.clone());
    match n {
        Node::Map { entries, .. } => {
            for (k, v) in entries {
                let Some(name) = k.str() else { continue };
                if name == "<<" {
                    match &**v {
                        Node::Seq { items, .. } => items.iter().for_each(|m| collect_env(m, refs, out, depth + 1)),
                        m => collect_env(m, refs, out, depth + 1),
                    }
                    continue;
                }
                let value = scalar(v).or_else(|| get(v, "value").as_ref().and_then(scalar));
                if let Some(value) = value
                    && is_name(name)
                {
                    out.push(EnvVar {
                        name: name.to_owned(),
                        at: k.span(),
                        value,
                        refs,
                    });
                }
            }
        }
        Node::Seq { items, .. } => {
            for i in items {
                if let Some((name, at)) = get_str(i, "name")
                    && let Some(value) = get(i, "value").as_ref().and_then(scalar)
                    && is_name(&name)
                {
                    out.push(EnvVar { name, at, value, refs });
                }
            }
        }
        _ => {}
    }
}

/// Cloud Build's `env: ["NAME=value"]`: each item's value after the `=`, at its place.
fn env_list(node: Option<Rc<Node>>) -> Vec<EnvVar> {
    let mut out = Vec::new();
    for item in list(node) {
        let Node::Scalar { value, style, span, .. } = &*item else {
            continue;
        };
        let Some((name, v)) = value.split_once('=') else {
            continue;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let quote = usize::from(!matches!(style, saphyr_parser::ScalarStyle::Plain));
        let start = (span.start() + quote + name.len() + 1).min(span.end());
        out.push(EnvVar {
            name: name.to_owned(),
            at: *span,
            value: Rc::new(Node::Scalar {
                value: v.to_owned(),
                style: *style,
                span: Span::new(start, span.end()),
                tag: None,
            }),
            refs: true,
        });
    }
    out
}

struct Cx<'a> {
    c: Commands<'a>,
    visits: usize,
}

impl Cx<'_> {
    /// A job's or workflow's `name`, and a job's `environment` (a name or `{name: …}`), as
    /// notes for the code of `scope` (`None`: the whole file).
    fn names(&mut self, node: &Node, scope: Option<&str>) {
        for key in ["name", "displayName"] {
            if let Some((name, span)) = get_str(node, key) {
                self.c.note_in(&name, span, scope);
            }
        }
        if let Some(env) = get(node, "environment") {
            self.environment(&env, scope);
        }
    }

    /// An `environment:` (a name, or `{name: …}`) as a note.
    fn environment(&mut self, env: &Rc<Node>, scope: Option<&str>) {
        let env = match env.str() {
            Some(_) => Some(env.clone()),
            None => get(env, "name"),
        };
        if let Some(env) = env
            && let Some(name) = env.str()
        {
            self.c.note_in(&format!("environment: {name}"), env.span(), scope);
        }
    }

    fn visit(&mut self) -> bool {
        self.visits += 1;
        self.visits <= MAX_VISITS
    }

    // ----- GitHub Actions ----------------------------------------------------------------------

    fn github(&mut self, doc: &Node) {
        self.names(doc, None);
        let on = get(doc, "on").or_else(|| get(doc, "true"));
        // the branches that trigger it, for the whole workflow
        for (_, event) in entries(on.clone()) {
            for key in ["branches", "tags"] {
                let v = get(&event, key);
                for b in list(v.clone()).iter().chain(v.iter()) {
                    if let Some(name) = b.str() {
                        self.c.note(&format!("branch: {name}"), b.span());
                    }
                }
            }
        }
        let shell_of = |n: &Node| {
            get(n, "defaults")
                .and_then(|d| get(&d, "run"))
                .and_then(|r| get_str(&r, "shell"))
                .map(|(s, _)| s)
        };
        let top_shell = shell_of(doc);
        let top_env = env_vars(get(doc, "env"), false);
        for (key, job) in entries(get(doc, "jobs")) {
            let Some(id) = key.str() else { continue };
            let scope = format!("github-actions:{id}");
            self.c.note_in(id, key.span(), Some(&scope));
            self.names(&job, Some(&scope));
            // `environment: ${{ inputs.x }}`: the choices the dispatch offers
            if let Some(env) = get(&job, "environment") {
                let env = if env.str().is_some() {
                    Some(env)
                } else {
                    get(&env, "name")
                };
                if let Some(input) = env.as_deref().and_then(Node::str).and_then(input_of) {
                    self.input_choices(on.as_deref(), input, &scope);
                }
            }
            // a Windows runner's default shell is PowerShell
            let windows = get(&job, "runs-on").is_some_and(|r| mentions_windows(&r));
            let job_shell = shell_of(&job)
                .or_else(|| top_shell.clone())
                .or_else(|| windows.then(|| "pwsh".to_owned()));
            let mut job_env = top_env.clone();
            job_env.extend(env_vars(get(&job, "env"), false));
            for (k, step) in list(get(&job, "steps")).iter().enumerate() {
                let Some(run) = get(step, "run") else { continue };
                let shell = get_str(step, "shell").map(|(s, _)| s).or_else(|| job_shell.clone());
                if !shell.as_deref().is_none_or(is_posix_shell) {
                    continue; // pwsh, python, cmd …: not shell code
                }
                let mut env = job_env.clone();
                env.extend(env_vars(get(step, "env"), false));
                let name = step_name(step, &["id", "name"], k);
                self.c.shell_env(&run, &format!("{scope}/{name}"), Some(&GITHUB), &env);
            }
        }
    }

    /// The `default` and `options` of the `workflow_dispatch`/`workflow_call` input a job's
    /// environment is chosen by, as notes for that job.
    fn input_choices(&mut self, on: Option<&Node>, input: &str, scope: &str) {
        let Some(on) = on else { return };
        for event in ["workflow_dispatch", "workflow_call"] {
            let Some(def) = get(on, event)
                .and_then(|e| get(&e, "inputs"))
                .and_then(|i| get(&i, input))
            else {
                continue;
            };
            let v = get(&def, "default");
            for choice in v.iter().cloned().chain(list(get(&def, "options"))) {
                if let Some(name) = choice.str() {
                    self.c
                        .note_in(&format!("environment: {name}"), choice.span(), Some(scope));
                }
            }
        }
    }

    // ----- GitLab CI ---------------------------------------------------------------------------

    fn gitlab(&mut self, doc: &Node) {
        const KEYWORDS: &[&str] = &[
            "stages",
            "variables",
            "include",
            "workflow",
            "image",
            "services",
            "cache",
            "spec",
            "before_script",
            "after_script",
        ];
        let Node::Map { entries: top, .. } = doc else { return };
        let top_env = env_vars(get(doc, "variables"), true);
        // the jobs first, then the hidden templates (`.name`): a template's commands are read
        // as those of the job that `extends` it, and as the template's only where no job does
        for hidden in [false, true] {
            for (key, job) in top.iter() {
                let Some(name) = key.str() else { continue };
                if name.starts_with('.') != hidden || KEYWORDS.contains(&name) || name == "<<" || !is_map(job) {
                    continue;
                }
                let origin = format!("gitlab-ci:{name}");
                let chain = ancestry(doc, job);
                if name != "default" {
                    self.c.note_in(name, key.span(), Some(&origin));
                    if let Some((n, span)) = get_str(job, "name") {
                        self.c.note_in(&n, span, Some(&origin));
                    }
                    if let Some(env) = chain.iter().rev().find_map(|j| get(j, "environment")) {
                        self.environment(&env, Some(&origin));
                    }
                    for only in list(chain.iter().rev().find_map(|j| get(j, "only"))) {
                        if let Some(b) = only.str() {
                            self.c.note_in(&format!("branch: {b}"), only.span(), Some(&origin));
                        }
                    }
                }
                let mut env = top_env.clone();
                for j in &chain {
                    env.extend(env_vars(get(j, "variables"), true));
                }
                for field in ["before_script", "script", "after_script"] {
                    if let Some(v) = chain.iter().rev().find_map(|j| get(j, field)) {
                        self.script(doc, &v, &origin, 0, &env);
                    }
                }
            }
        }
        // the deprecated global ones
        for field in ["before_script", "after_script"] {
            if let Some(v) = get(doc, field) {
                self.script(doc, &v, "gitlab-ci:default", 0, &top_env);
            }
        }
    }

    /// A `script`: a string, or a list of strings and of lists (flattened), with `!reference`s.
    fn script(&mut self, doc: &Node, v: &Rc<Node>, origin: &str, depth: usize, env: &[EnvVar]) {
        if !self.visit() {
            if self.visits == MAX_VISITS + 1 {
                self.unresolved(v, origin, "aliases that repeat lists this often");
            }
            return;
        }
        if depth > MAX_RESOLVE {
            if !self.c.out.unread.iter().any(|u| u.kind == UnreadKind::TooDeep) {
                self.unresolved(v, origin, "lists nested too deep");
            }
            return;
        }
        if v.tag().is_some_and(|t| t.ends_with("reference")) {
            return match reference(doc, v) {
                Ok(target) => self.script(doc, &target, origin, depth + 1, env),
                Err(why) => self.unresolved(v, origin, why),
            };
        }
        match &**v {
            Node::Scalar { .. } => self.c.shell_env(v, origin, Some(&GITLAB), env),
            Node::Seq { items, .. } => {
                for item in items {
                    self.script(doc, item, origin, depth + 1, env);
                }
            }
            _ => {}
        }
    }

    fn unresolved(&mut self, v: &Node, origin: &str, why: &str) {
        self.c.out.unread.push(Unread {
            span: v.span(),
            message: format!("{why}: the commands it stands for were not analysed"),
            kind: UnreadKind::TooDeep,
            origin: Some(origin.to_owned()),
        });
    }

    /// Commands given as a string or a list of strings (nested lists flattened, other items
    /// such as Bitbucket's `pipe:` skipped), each one snippet.
    fn commands(&mut self, v: &Rc<Node>, origin: &str, expr: Option<&Expr>, env: &[EnvVar], depth: usize) {
        if depth > MAX_RESOLVE || !self.visit() {
            return;
        }
        match &**v {
            Node::Scalar { .. } if env.is_empty() => self.c.shell(v, origin, expr),
            Node::Scalar { .. } => self.c.shell_env(v, origin, expr, env),
            Node::Seq { items, .. } => {
                for item in items {
                    self.commands(item, origin, expr, env, depth + 1);
                }
            }
            _ => {}
        }
    }

    // ----- CircleCI ----------------------------------------------------------------------------

    fn circleci(&mut self, doc: &Node) {
        // the contexts and branch filters the workflows run each job with
        for (_, wf) in entries(get(doc, "workflows")) {
            for entry in list(get(&wf, "jobs")) {
                for (key, conf) in entries(Some(entry.clone())) {
                    let Some(job) = key.str() else { continue };
                    let job = get_str(&conf, "name").map_or(job.to_owned(), |(n, _)| n);
                    let scope = format!("circleci:{job}");
                    let ctx = get(&conf, "context");
                    for c in list(ctx.clone()).iter().chain(ctx.iter()) {
                        if let Some(name) = c.str() {
                            self.c.note_in(&format!("context: {name}"), c.span(), Some(&scope));
                        }
                    }
                    let only = get(&conf, "filters")
                        .and_then(|f| get(&f, "branches"))
                        .and_then(|b| get(&b, "only"));
                    for b in list(only.clone()).iter().chain(only.iter()) {
                        if let Some(name) = b.str() {
                            self.c.note_in(&format!("branch: {name}"), b.span(), Some(&scope));
                        }
                    }
                }
            }
        }
        for (key, job) in entries(get(doc, "jobs")) {
            let Some(id) = key.str() else { continue };
            let scope = format!("circleci:{id}");
            self.c.note_in(id, key.span(), Some(&scope));
            self.names(&job, Some(&scope));
            let windows = get(&job, "executor").is_some_and(|e| {
                let name = e
                    .str()
                    .map(str::to_owned)
                    .or_else(|| get_str(&e, "name").map(|(n, _)| n));
                name.is_some_and(|n| n.to_ascii_lowercase().contains("win"))
            });
            let shell = get_str(&job, "shell")
                .map(|(s, _)| s)
                .or_else(|| windows.then(|| "powershell".to_owned()));
            let env = env_vars(get(&job, "environment"), false);
            self.circleci_steps(get(&job, "steps"), &scope, shell.as_deref(), &env);
        }
        // reusable commands, read where they are defined
        for (key, cmd) in entries(get(doc, "commands")) {
            let Some(name) = key.str() else { continue };
            self.circleci_steps(get(&cmd, "steps"), &format!("circleci:commands/{name}"), None, &[]);
        }
    }

    fn circleci_steps(&mut self, steps: Option<Rc<Node>>, scope: &str, shell: Option<&str>, env: &[EnvVar]) {
        for (k, step) in list(steps).iter().enumerate() {
            let Some(run) = get(step, "run") else { continue };
            let (command, name, shell, step_env) = match &*run {
                Node::Scalar { .. } => (
                    Some(run.clone()),
                    step_name(step, &[], k),
                    shell.map(str::to_owned),
                    Vec::new(),
                ),
                _ => (
                    get(&run, "command"),
                    step_name(&run, &["name"], k),
                    get_str(&run, "shell").map(|(s, _)| s).or(shell.map(str::to_owned)),
                    env_vars(get(&run, "environment"), false),
                ),
            };
            if !shell.as_deref().is_none_or(is_posix_shell) {
                continue;
            }
            let Some(command) = command else { continue };
            let mut all = env.to_vec();
            all.extend(step_env);
            self.c
                .shell_env(&command, &format!("{scope}/{name}"), Some(&CIRCLECI), &all);
        }
    }

    // ----- Bitbucket Pipelines -----------------------------------------------------------------

    fn bitbucket(&mut self, doc: &Node) {
        let Some(pipelines) = get(doc, "pipelines") else { return };
        if let Some(default) = get(&pipelines, "default") {
            self.bitbucket_items(&default, "bitbucket:default", None, 0);
        }
        for kind in ["branches", "tags", "bookmarks", "pull-requests", "custom"] {
            for (key, items) in entries(get(&pipelines, kind)) {
                let Some(pattern) = key.str() else { continue };
                let scope = format!("bitbucket:{kind}/{pattern}");
                if kind == "branches" {
                    self.c.note_in(&format!("branch: {pattern}"), key.span(), Some(&scope));
                } else if kind == "custom" {
                    self.c.note_in(pattern, key.span(), Some(&scope));
                }
                self.bitbucket_items(&items, &scope, None, 0);
            }
        }
        // step definitions no pipeline uses (those used were read there, once)
        for (k, item) in list(get(doc, "definitions").and_then(|d| get(&d, "steps")))
            .iter()
            .enumerate()
        {
            let step = get(item, "step").unwrap_or_else(|| item.clone());
            self.bitbucket_step(&step, "bitbucket:definitions", None, k);
        }
    }

    /// A pipeline's items: `step`, `parallel` (a list, or `{steps: …}`), `stage` (with its own
    /// `deployment`).
    fn bitbucket_items(&mut self, items: &Node, scope: &str, deployment: Option<&Rc<Node>>, depth: usize) {
        if depth > MAX_RESOLVE || !self.visit() {
            return;
        }
        let items = match items {
            Node::Seq { items, .. } => items.clone(),
            _ => list(get(items, "steps")),
        };
        for (k, item) in items.iter().enumerate() {
            if let Some(step) = get(item, "step") {
                self.bitbucket_step(&step, scope, deployment, k);
            } else if let Some(par) = get(item, "parallel") {
                self.bitbucket_items(&par, scope, deployment, depth + 1);
            } else if let Some(stage) = get(item, "stage") {
                let dep = get(&stage, "deployment");
                let dep = dep.as_ref().or(deployment);
                self.bitbucket_items(&stage, scope, dep, depth + 1);
            }
        }
    }

    fn bitbucket_step(&mut self, step: &Rc<Node>, scope: &str, deployment: Option<&Rc<Node>>, k: usize) {
        let origin = format!("{scope}/{}", step_name(step, &["name"], k));
        let dep = get(step, "deployment");
        if let Some(d) = dep.as_ref().or(deployment)
            && let Some(name) = d.str()
        {
            self.c.note_in(&format!("deployment: {name}"), d.span(), Some(&origin));
        }
        for field in ["script", "after-script"] {
            if let Some(v) = get(step, field) {
                self.commands(&v, &origin, None, &[], 0);
            }
        }
    }

    // ----- Azure Pipelines ---------------------------------------------------------------------

    fn azure(&mut self, doc: &Node) {
        let env = env_vars(get(doc, "variables"), false);
        let windows = pool_is_windows(doc);
        for (k, stage) in list(get(doc, "stages")).iter().enumerate() {
            let name = step_name(stage, &["stage"], k);
            let scope = format!("azure-pipelines:{name}");
            self.c.note_in(&name, stage.span(), Some(&scope));
            self.names(stage, Some(&scope));
            let mut env = env.clone();
            env.extend(env_vars(get(stage, "variables"), false));
            self.azure_jobs(stage, &scope, &env, windows || pool_is_windows(stage));
        }
        self.azure_jobs(doc, "azure-pipelines:", &env, windows);
        self.azure_steps(get(doc, "steps"), "azure-pipelines:", &env, windows);
    }

    fn azure_jobs(&mut self, node: &Node, scope: &str, env: &[EnvVar], windows: bool) {
        for (k, job) in list(get(node, "jobs")).iter().enumerate() {
            let name = step_name(job, &["job", "deployment"], k);
            let scope = format!("{}{}{name}", scope, if scope.ends_with(':') { "" } else { "/" });
            self.c.note_in(&name, job.span(), Some(&scope));
            self.names(job, Some(&scope));
            let mut env = env.to_vec();
            env.extend(env_vars(get(job, "variables"), false));
            let windows = windows || pool_is_windows(job);
            self.azure_steps(get(job, "steps"), &scope, &env, windows);
            // a deployment job's strategy: runOnce, rolling, canary, with their hooks
            for (_, strategy) in entries(get(job, "strategy")) {
                for (_, hook) in entries(Some(strategy.clone())) {
                    self.azure_steps(get(&hook, "steps"), &scope, &env, windows);
                    for (_, on) in entries(Some(hook.clone())) {
                        self.azure_steps(get(&on, "steps"), &scope, &env, windows);
                    }
                }
            }
        }
    }

    /// `script:` (cmd on a Windows pool), `bash:`, and the `Bash@3` task's inline `script`;
    /// `pwsh:`/`powershell:` steps are not shell code.
    fn azure_steps(&mut self, steps: Option<Rc<Node>>, scope: &str, env: &[EnvVar], windows: bool) {
        for (k, step) in list(steps).iter().enumerate() {
            let code = get(step, "bash")
                .or_else(|| (!windows).then(|| get(step, "script")).flatten())
                .or_else(|| {
                    get_str(step, "task")
                        .filter(|(t, _)| t.starts_with("Bash@") || t.starts_with("ShellScript@"))
                        .and_then(|_| get(step, "inputs"))
                        .and_then(|i| get(&i, "script"))
                });
            let Some(code) = code else { continue };
            let name = step_name(step, &["name", "displayName"], k);
            let sep = if scope.ends_with(':') { "" } else { "/" };
            let mut all = env.to_vec();
            all.extend(env_vars(get(step, "env"), false));
            self.c
                .shell_env(&code, &format!("{scope}{sep}{name}"), Some(&AZURE), &all);
        }
    }

    // ----- Buildkite ---------------------------------------------------------------------------

    fn buildkite(&mut self, doc: &Rc<Node>) {
        let env = env_vars(get(doc, "env"), false);
        let steps = match &**doc {
            Node::Seq { .. } => Some(doc.clone()),
            _ => get(doc, "steps"),
        };
        self.buildkite_steps(steps, &env, 0);
    }

    fn buildkite_steps(&mut self, steps: Option<Rc<Node>>, env: &[EnvVar], depth: usize) {
        if depth > 2 {
            return;
        }
        for (k, step) in list(steps).iter().enumerate() {
            if get(step, "group").is_some() {
                self.buildkite_steps(get(step, "steps"), env, depth + 1);
                continue;
            }
            let Some(cmd) = get(step, "command").or_else(|| get(step, "commands")) else {
                continue;
            };
            let origin = format!("buildkite:{}", step_name(step, &["key", "label", "name"], k));
            for key in ["label", "name"] {
                if let Some((label, span)) = get_str(step, key) {
                    self.c.note_in(&label, span, Some(&origin));
                }
            }
            if let Some((b, span)) = get_str(step, "branches") {
                self.c.note_in(&format!("branch: {b}"), span, Some(&origin));
            }
            let mut all = env.to_vec();
            all.extend(env_vars(get(step, "env"), false));
            self.commands(&cmd, &origin, None, &all, 0);
        }
    }

    // ----- Google Cloud Build ------------------------------------------------------------------

    fn cloudbuild(&mut self, doc: &Node) {
        // user substitutions (`_ENV: prod`) are what `$_ENV` in a script stands for
        let subs: Vec<EnvVar> = env_vars(get(doc, "substitutions"), false)
            .into_iter()
            .filter(|v| v.name.starts_with('_'))
            .collect();
        for (k, step) in list(get(doc, "steps")).iter().enumerate() {
            let origin = format!("cloudbuild:{}", step_name(step, &["id"], k));
            let mut env = subs.clone();
            env.extend(env_list(get(step, "env")));
            if let Some(script) = get(step, "script") {
                self.c.shell_env(&script, &origin, None, &env);
                continue;
            }
            // Cloud Build fills user substitutions (`$_ENV`, `${_ENV}`) into the words itself
            let args: Vec<Rc<Node>> = list(get(step, "args"))
                .into_iter()
                .map(|a| substitute(&a, &subs).unwrap_or(a))
                .collect();
            // the program: the entrypoint, else a builder image's own (`gcr.io/cloud-builders/kubectl`)
            let program = get(step, "entrypoint").or_else(|| {
                let image = get(step, "name")?;
                let Node::Scalar { value, span, style, .. } = &*image else {
                    return None;
                };
                let base = value.rsplit('/').next()?.split([':', '@']).next()?;
                let builder = value.contains("cloud-builders/") || value.contains("cloudsdktool/");
                let word = if base == "cloud-sdk" { "gcloud" } else { base };
                builder.then(|| {
                    Rc::new(Node::Scalar {
                        value: word.to_owned(),
                        style: *style,
                        span: *span,
                        tag: None,
                    })
                })
            });
            let words: Vec<Rc<Node>> = program.into_iter().chain(args).collect();
            if !words.is_empty() {
                self.c.argv(&words, &origin);
            }
        }
    }
}

/// A Cloud Build word with the user substitutions it names filled in (at the word's place),
/// if it names any and all of them are defined.
fn substitute(word: &Node, subs: &[EnvVar]) -> Option<Rc<Node>> {
    let Node::Scalar {
        value,
        style,
        span,
        tag: None,
    } = word
    else {
        return None;
    };
    if !value.contains("$_") && !value.contains("${_") {
        return None;
    }
    let mut out = String::new();
    let mut rest = value.as_str();
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, len) = match after.strip_prefix('{') {
            Some(b) => {
                let end = b.find('}')?;
                (&b[..end], end + 2)
            }
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], end)
            }
        };
        if name.starts_with('_') {
            out.push_str(subs.iter().rev().find(|v| v.name == name)?.value.str()?);
        } else {
            out.push('$');
            out.push_str(&after[..len]);
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Some(Rc::new(Node::Scalar {
        value: out,
        style: *style,
        span: *span,
        tag: None,
    }))
}

/// Whether an Azure `pool:` (`vmImage: windows-latest`, a name) is a Windows one.
fn pool_is_windows(node: &Node) -> bool {
    get(node, "pool").is_some_and(|p| {
        let text = p
            .str()
            .map(str::to_owned)
            .or_else(|| get_str(&p, "vmImage").map(|(s, _)| s))
            .unwrap_or_default();
        text.to_ascii_lowercase().contains("windows")
    })
}

/// The input an expression reads: `${{ inputs.x }}`, `${{ github.event.inputs.x }}` → `x`.
fn input_of(expr: &str) -> Option<&str> {
    let inner = expr.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let name = inner
        .strip_prefix("inputs.")
        .or_else(|| inner.strip_prefix("github.event.inputs."))?;
    name.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .then_some(name)
}

/// A GitLab job and the jobs it `extends:` (a name or a list, templates of templates), the
/// most basic first: a key is looked up from the job back.
fn ancestry(doc: &Node, job: &Rc<Node>) -> Vec<Rc<Node>> {
    let mut out = vec![job.clone()];
    let mut frontier = vec![(job.clone(), 0usize)];
    while let Some((j, depth)) = frontier.pop() {
        if depth >= MAX_RESOLVE || out.len() > 32 {
            break;
        }
        let ext = get(&j, "extends");
        // a later parent of the list wins over an earlier one: it comes later in `out`
        for name in list(ext.clone()).iter().rev().chain(ext.iter()).filter_map(|n| n.str()) {
            if let Some(parent) = get(doc, name).filter(|p| is_map(p))
                && !out.iter().any(|o| Rc::ptr_eq(o, &parent))
            {
                out.insert(0, parent.clone());
                frontier.push((parent, depth + 1));
            }
        }
    }
    out
}

/// The node a GitLab `!reference [job, key, …]` names in this file.
fn reference(doc: &Node, v: &Node) -> Result<Rc<Node>, &'static str> {
    let Node::Seq { items, .. } = v else {
        return Err("a `!reference` that is not a list");
    };
    let mut path = items.iter().map(|i| i.str());
    let Some(Some(first)) = path.next() else {
        return Err("an empty `!reference`");
    };
    let mut cur = get(doc, first).ok_or("a `!reference` to a job not in this file (an included one?)")?;
    for p in path {
        let p = p.ok_or("a `!reference` with a part that is not a name")?;
        cur = get(&cur, p).ok_or("a `!reference` to a key the job does not have")?;
    }
    Ok(cur)
}

/// Whether a job's `runs-on` (a label, a list of labels) names a Windows runner.
fn mentions_windows(runs_on: &Node) -> bool {
    match runs_on {
        Node::Scalar { value, .. } => value.to_ascii_lowercase().contains("windows"),
        Node::Seq { items, .. } => items.iter().any(|i| mentions_windows(i)),
        _ => false,
    }
}

/// Whether a step's `shell:` runs its `run:` as POSIX shell code: `bash`, `sh`, a custom
/// `bash -e {0}`, or an expression (unknown: read as shell).
fn is_posix_shell(shell: &str) -> bool {
    crate::lang::is_shell_command(shell) || shell.contains("${{")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{at, origins_and_texts};
    use crate::extract::yaml::placeholder;

    #[test]
    fn github_run_steps_with_offsets() {
        let src = "name: Deploy staging\non: push\njobs:\n  deploy:\n    environment: production\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: clean\n        run: rm -rf /srv/app\n      - id: multi\n        run: |\n          echo hi\n          kubectl delete namespace prod\n      - run: >\n          terraform destroy\n          -auto-approve\n      - shell: pwsh\n        run: Remove-Item -Recurse C:\\\n      - run: \"psql -c \\\"DROP DATABASE x\\\"\"\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let texts: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "rm -rf /srv/app",
                "echo hi\nkubectl delete namespace prod\n",
                "terraform destroy -auto-approve\n",
                "psql -c \"DROP DATABASE x\""
            ]
        );
        assert_eq!(ex.snippets[0].origin, "github-actions:deploy/clean");
        assert_eq!(ex.snippets[1].origin, "github-actions:deploy/multi");
        assert_eq!(ex.snippets[2].origin, "github-actions:deploy/4");
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &ex.snippets[1], "kubectl delete"), "kubectl delete");
        assert_eq!(at(src, &ex.snippets[2], "-auto-approve"), "-auto-approve");
        assert_eq!(at(src, &ex.snippets[3], "DROP DATABASE"), "DROP DATABASE");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["Deploy staging", "deploy", "environment: production"]);
    }

    #[test]
    fn windows_runners_default_to_powershell() {
        let src = "jobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: rm -rf C:/x\n      - shell: bash\n        run: rm -rf /x\n  l:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: rm -rf /y\n";
        let texts: Vec<String> = extract(src).snippets.into_iter().map(|s| s.text).collect();
        assert_eq!(texts, ["rm -rf /x", "rm -rf /y"]);
    }

    #[test]
    fn expressions_are_run_time_values() {
        let src = "jobs:\n  x:\n    steps:\n      - run: kubectl --context ${{ inputs.env }} delete ns ${{ secrets.PROD_NS }}\n";
        let ex = extract(src);
        let s = &ex.snippets[0];
        assert_eq!(
            s.text,
            "kubectl --context \"${GHA_inputs_env}\" delete ns \"${GHA_secrets_PROD_NS}\""
        );
        let i = s.text.find("\"${GHA_secrets").unwrap();
        assert_eq!(&src[s.map.map(i)..s.map.map(i) + 3], "${{");
        assert_eq!(
            placeholder("GHA_", " github.event.inputs.target "),
            "GHA_github_event_inputs_target"
        );
        assert_eq!(placeholder("GHA_", "format('{0}', 1)"), "GHA_expr");
        assert_eq!(
            placeholder("GHA_", "matrix.env == 'prod' && 'a' || 'b'"),
            "GHA_matrix_env"
        );
        let ex = extract("job:\n  script:\n    - rm -rf $[[ inputs.dir ]]/cache\n");
        assert_eq!(ex.snippets[0].text, "rm -rf \"${GLCI_inputs_dir}\"/cache");
    }

    #[test]
    fn gitlab_anchors_merges_and_references() {
        let src = ".cleanup: &cleanup\n  - rm -rf /var/lib/app\n.tmpl: &tmpl\n  environment:\n    name: staging\n  script:\n    - dropdb app\ndefault:\n  before_script:\n    - echo start\nreset:\n  <<: *tmpl\n  after_script: *cleanup\ndeploy:\n  script:\n    - !reference [.tmpl, script]\n    - !reference [.other, script]\n    - [echo a, echo b]\n";
        let ex = extract(src);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("gitlab-ci:default", "echo start"),
                // a template's commands are read as those of the job that merges it in
                ("gitlab-ci:reset", "dropdb app"),
                ("gitlab-ci:reset", "rm -rf /var/lib/app"),
                ("gitlab-ci:deploy", "echo a"),
                ("gitlab-ci:deploy", "echo b"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[2], "rm -rf"), "rm -rf");
        assert_eq!(ex.unread.len(), 1);
        assert_eq!(ex.unread[0].kind, UnreadKind::TooDeep);
        assert!(ex.notes.iter().any(|n| n.text == "environment: staging"));
    }

    fn origins(ex: &Extracted) -> Vec<(&str, &str)> {
        ex.snippets
            .iter()
            .map(|s| (s.origin.as_str(), s.text.as_str()))
            .collect()
    }

    #[test]
    fn github_env_becomes_assignments() {
        let src = "on:\n  push:\n    branches: [staging]\nenv:\n  A: one\njobs:\n  wipe-staging:\n    env:\n      DATABASE_URL: ${{ secrets.PROD_DATABASE_URL }}\n    steps:\n      - env:\n          B: it's $HOME\n        run: psql \"$DATABASE_URL\" -c 'DROP TABLE t'\n";
        let ex = extract(src);
        let s = &ex.snippets[0];
        assert_eq!(
            s.text,
            "A='one'\nDATABASE_URL=\"${GHA_secrets_PROD_DATABASE_URL}\"\nB='it'\\''s $HOME'\npsql \"$DATABASE_URL\" -c 'DROP TABLE t'"
        );
        assert_eq!(s.origin, "github-actions:wipe-staging/1");
        assert_eq!(at(src, s, "DROP TABLE"), "DROP TABLE");
        assert_eq!(at(src, s, "one"), "one");
        assert_eq!(at(src, s, "$HOME"), "$HOME");
        let notes: Vec<(&str, Option<&str>)> = ex.notes.iter().map(|n| (n.text.as_str(), n.scope.as_deref())).collect();
        assert_eq!(
            notes,
            [
                ("branch: staging", None),
                ("wipe-staging", Some("github-actions:wipe-staging"))
            ]
        );
    }

    #[test]
    fn github_environment_chosen_by_an_input() {
        let src = "on:\n  workflow_dispatch:\n    inputs:\n      target:\n        type: choice\n        default: staging\n        options: [staging, qa]\njobs:\n  reset:\n    environment: ${{ inputs.target }}\n    steps:\n      - run: echo\n";
        let ex = extract(src);
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            notes,
            [
                "reset",
                "environment: ${{ inputs.target }}",
                "environment: staging",
                "environment: staging",
                "environment: qa"
            ]
        );
        assert!(
            ex.notes[2..]
                .iter()
                .all(|n| n.scope.as_deref() == Some("github-actions:reset"))
        );
    }

    #[test]
    fn gitlab_extends_and_variables() {
        let src = "variables:\n  DB: $PROD_DB_URL\n.wipe:\n  variables:\n    TARGET: /srv\n  script:\n    - rm -rf \"$TARGET\"\nclean:\n  extends: .wipe\n  environment: staging\n  variables:\n    MODE: {value: fast, description: x}\n";
        let ex = extract(src);
        assert_eq!(
            origins(&ex),
            [(
                "gitlab-ci:clean",
                "DB=\"${PROD_DB_URL}\"\nTARGET='/srv'\nMODE='fast'\nrm -rf \"$TARGET\""
            )]
        );
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
        assert!(
            ex.notes
                .iter()
                .any(|n| n.text == "environment: staging" && n.scope.as_deref() == Some("gitlab-ci:clean"))
        );
    }

    #[test]
    fn circleci_jobs_and_commands() {
        let src = "version: 2.1\ncommands:\n  wipe:\n    steps:\n      - run: rm -rf /data\njobs:\n  deploy:\n    environment:\n      STAGE: prod\n    steps:\n      - checkout\n      - run: kubectl delete ns << pipeline.parameters.ns >>\n      - run:\n          name: reset db\n          command: |\n            dropdb app\n      - run:\n          shell: powershell.exe\n          command: Remove-Item x\nworkflows:\n  main:\n    jobs:\n      - deploy:\n          context: staging-secrets\n          filters: {branches: {only: [main]}}\n";
        let ex = extract(src);
        assert_eq!(
            origins(&ex),
            [
                (
                    "circleci:deploy/2",
                    "STAGE='prod'\nkubectl delete ns \"${CIRCLE_pipeline_parameters_ns}\""
                ),
                ("circleci:deploy/reset db", "STAGE='prod'\ndropdb app\n"),
                ("circleci:commands/wipe/1", "rm -rf /data"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[1], "dropdb"), "dropdb");
        assert!(
            ex.notes
                .iter()
                .any(|n| n.text == "context: staging-secrets" && n.scope.as_deref() == Some("circleci:deploy"))
        );
    }

    #[test]
    fn bitbucket_pipelines() {
        let src = "definitions:\n  steps:\n    - step: &wipe\n        name: wipe\n        script:\n          - rm -rf /srv/cache\npipelines:\n  default:\n    - step: *wipe\n  branches:\n    staging:\n      - parallel:\n          - step:\n              name: a\n              script: [echo a]\n          - step:\n              script:\n                - pipe: atlassian/x\n                - echo b\n      - stage:\n          deployment: production\n          steps:\n            - step:\n                name: migrate\n                script:\n                  - dropdb app\n                after-script:\n                  - echo done\n";
        let ex = extract(src);
        assert_eq!(
            origins(&ex),
            [
                ("bitbucket:default/wipe", "rm -rf /srv/cache"),
                ("bitbucket:branches/staging/a", "echo a"),
                ("bitbucket:branches/staging/2", "echo b"),
                ("bitbucket:branches/staging/migrate", "dropdb app"),
                ("bitbucket:branches/staging/migrate", "echo done"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[3], "dropdb"), "dropdb");
        let notes: Vec<(&str, Option<&str>)> = ex.notes.iter().map(|n| (n.text.as_str(), n.scope.as_deref())).collect();
        assert_eq!(
            notes,
            [
                ("branch: staging", Some("bitbucket:branches/staging")),
                ("deployment: production", Some("bitbucket:branches/staging/migrate"))
            ]
        );
    }

    #[test]
    fn azure_pipelines() {
        let src = "trigger: [main]\nvariables:\n  A: x\nstages:\n  - stage: Staging\n    jobs:\n      - deployment: db\n        environment: staging\n        strategy:\n          runOnce:\n            deploy:\n              steps:\n                - bash: dropdb app\n                  env:\n                    URL: ${{ variables.prodUrl }}\n                - pwsh: Remove-Item x\n      - job: win\n        pool: {vmImage: windows-latest}\n        steps:\n          - script: del x\n          - bash: rm -rf /tmp/x\n          - task: Bash@3\n            displayName: inline\n            inputs:\n              targetType: inline\n              script: rm -rf /opt/x\n";
        let ex = extract(src);
        assert_eq!(
            origins(&ex),
            [
                (
                    "azure-pipelines:Staging/db/1",
                    "A='x'\nURL=\"${AZP_variables_prodUrl}\"\ndropdb app"
                ),
                ("azure-pipelines:Staging/win/2", "A='x'\nrm -rf /tmp/x"),
                ("azure-pipelines:Staging/win/inline", "A='x'\nrm -rf /opt/x"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[2], "rm -rf"), "rm -rf");
        assert!(
            ex.notes
                .iter()
                .any(|n| n.text == "environment: staging" && n.scope.as_deref() == Some("azure-pipelines:Staging/db"))
        );
        // steps alone
        let ex = extract("pool: {vmImage: ubuntu-latest}\nsteps:\n  - script: rm -rf /x\n    displayName: clean\n");
        assert_eq!(origins(&ex), [("azure-pipelines:clean", "rm -rf /x")]);
    }

    #[test]
    fn buildkite_steps() {
        let src = "env:\n  E: y\nsteps:\n  - label: \":broom: clean staging\"\n    command: rm -rf /var/cache\n  - wait\n  - group: deploy\n    steps:\n      - key: migrate\n        commands:\n          - dropdb app\n          - echo ok\n";
        let ex = extract(src);
        assert_eq!(
            origins(&ex),
            [
                ("buildkite::broom: clean staging", "E='y'\nrm -rf /var/cache"),
                ("buildkite:migrate", "E='y'\ndropdb app"),
                ("buildkite:migrate", "E='y'\necho ok"),
            ]
        );
        let ex = extract("- command: rm -rf /x\n- wait\n");
        assert_eq!(origins(&ex), [("buildkite:1", "rm -rf /x")]);
    }

    #[test]
    fn cloudbuild_steps() {
        let src = "substitutions:\n  _ENV: prod\nsteps:\n  - id: wipe\n    name: gcr.io/cloud-builders/kubectl\n    args: [delete, namespace, $_ENV]\n  - name: ubuntu\n    entrypoint: bash\n    args: [-c, rm -rf /workspace/x]\n  - name: ubuntu\n    env: [\"DIR=/srv\"]\n    script: rm -rf \"$DIR\"\n";
        let ex = extract(src);
        assert_eq!(
            origins(&ex),
            [
                ("cloudbuild:wipe", "'kubectl' 'delete' 'namespace' 'prod'"),
                ("cloudbuild:2", "'bash' '-c' 'rm -rf /workspace/x'"),
                ("cloudbuild:3", "_ENV='prod'\nDIR='/srv'\nrm -rf \"$DIR\""),
            ]
        );
        assert_eq!(at(src, &ex.snippets[1], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &ex.snippets[2], "/srv"), "/srv");
    }

    #[test]
    fn dialects_by_shape() {
        for (src, d) in [
            ("on: push\njobs:\n  a:\n    steps: []\n", Dialect::Github),
            (
                "version: 2.1\njobs:\n  a:\n    steps: []\nworkflows: {}\n",
                Dialect::Circleci,
            ),
            ("pipelines:\n  default: []\n", Dialect::Bitbucket),
            ("steps:\n  - script: x\n", Dialect::Azure),
            ("steps:\n  - command: x\n", Dialect::Buildkite),
            ("steps:\n  - name: gcr.io/x\n    args: [a]\n", Dialect::Cloudbuild),
            ("stages:\n  - stage: A\n", Dialect::Azure),
            ("stages: [build]\nbuild:\n  script: x\n", Dialect::Gitlab),
            ("jobs:\n  - job: A\n", Dialect::Azure),
            ("pipelines:\n  x: 1\n", Dialect::Gitlab),
        ] {
            let mut unread = Vec::new();
            let docs = yaml::parse(src, "t", &mut unread);
            assert_eq!(dialect(&docs[0]), Some(d), "{src}");
        }
    }

    #[test]
    fn bad_input_is_reported() {
        for src in [
            "jobs:\n  x:\n\tsteps: []\n",
            "jobs: [a\n",
            "- a\n- b\n",
            "script: \"unterminated\n",
            "a: &x [*x]\n",
            "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
        ] {
            let ex = extract(src);
            for u in &ex.unread {
                assert!(u.span.end() <= src.len());
            }
            let _ = ex;
        }
        let ex = extract("- a\n- b\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        let ex = extract("build:\n  script:\n    - rm -rf /tmp/x\ndeploy:\n  script: [a\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert_eq!(
            ex.snippets[0].text, "rm -rf /tmp/x",
            "what was read before the error is analysed"
        );
        assert!(extract("").unread.is_empty());
    }

    #[test]
    fn non_ascii_offsets() {
        let src = "jobs:\n  é:\n    steps:\n      - name: ünïcode\n        run: |\n          echo ☃\n          rm -rf /opt/x\n";
        let ex = extract(src);
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
    }

    #[test]
    fn predefined_variables_by_system() {
        assert!(predefined("github-actions:build/Push", "GITHUB_REPOSITORY"));
        assert!(predefined("github-actions:build/Push/sh", "GHA_github_repository"));
        assert!(!predefined("github-actions:build/Push", "GHA_github_event_inputs_dir"));
        assert!(!predefined("github-actions:build/Push", "GHA_inputs_dir"));
        assert!(predefined("gitlab-ci:deploy", "CI_PROJECT_DIR"));
        assert!(!predefined("gitlab-ci:deploy", "GITHUB_SHA"));
        assert!(!predefined("markdown:bash", "GITHUB_SHA"));
    }
}
