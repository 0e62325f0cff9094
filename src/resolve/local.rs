//! Local context, no network: the state each tool reads to pick its ambient target — the kube
//! current-context, the AWS profile, gcloud's active configuration, the Terraform workspace, the
//! linked Railway project, `fly.toml`, the linked Supabase project, a `DATABASE_URL` — read the
//! way the tool reads it, names only. Credentials files are never opened.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::tier::{self, MainIs};
use crate::config::EnvironmentFacts;
use crate::extract::yaml::{self, Node};
use crate::target::{Context, ContextSource, Status};

/// Files larger than this are not read (a kubeconfig is a few KiB).
const MAX_FILE: u64 = 4 << 20;

/// The process's view of the machine: environment variables and the home directory.
#[derive(Clone, Debug, Default)]
pub struct Host {
    pub vars: HashMap<String, String>,
}

impl Host {
    /// This process's environment.
    pub fn current() -> Self {
        Host {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        }
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    pub fn home(&self) -> Option<PathBuf> {
        self.var("HOME").or_else(|| self.var("USERPROFILE")).map(PathBuf::from)
    }

    /// `~/REL`, or an error naming it.
    fn in_home(&self, rel: &str) -> Result<PathBuf, String> {
        self.home()
            .map(|h| h.join(rel))
            .ok_or_else(|| format!("HOME is not set, so `~/{rel}` cannot be found"))
    }
}

pub(super) fn read_small(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|_| format!("`{shown}` does not exist"))?;
    if !meta.is_file() {
        return Err(format!("`{shown}` is not a file"));
    }
    if meta.len() > MAX_FILE {
        return Err(format!("`{shown}` is larger than {} bytes; not read", MAX_FILE));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{shown}`: {}", e.kind()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn context(provider: &str, resource: String, source: String) -> Context {
    Context {
        provider: provider.to_owned(),
        resource,
        status: Status::Local,
        environments: Vec::new(),
        source,
        details: Vec::new(),
        note: String::new(),
    }
}

/// Reads the local state of `source` for a command run in `workdir`.
pub fn read(source: ContextSource, workdir: &Path, host: &Host, facts: &EnvironmentFacts) -> Result<Context, String> {
    match source {
        ContextSource::Kube => kube(host, facts),
        ContextSource::Aws => aws(host, facts),
        ContextSource::Gcloud => gcloud(host, facts),
        ContextSource::Terraform => terraform(workdir, host, facts),
        ContextSource::Railway => railway(workdir, host, facts),
        ContextSource::Fly => fly(workdir, host, facts),
        ContextSource::Supabase => supabase(workdir, facts),
    }
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

fn yaml_doc(text: &str) -> Result<Rc<Node>, String> {
    let mut unread = Vec::new();
    let docs = yaml::parse(text, "kubeconfig", &mut unread);
    if !unread.is_empty() {
        return Err("it is not valid YAML".into());
    }
    match docs.into_iter().next() {
        Some(d) if matches!(*d, Node::Map { .. }) => Ok(d),
        Some(_) => Err("it is not a YAML mapping".into()),
        None => Err("it is empty".into()),
    }
}

fn named(doc: &Node, list: &str, name: &str) -> Option<Rc<Node>> {
    let Node::Seq { items, .. } = &*yaml::get(doc, list)? else {
        return None;
    };
    items
        .iter()
        .find(|i| yaml::get_str(i, "name").is_some_and(|(n, _)| n == name))
        .cloned()
}

fn kube(host: &Host, facts: &EnvironmentFacts) -> Result<Context, String> {
    let files: Vec<PathBuf> = match host.var("KUBECONFIG") {
        Some(list) => std::env::split_paths(list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect(),
        None => vec![host.in_home(".kube/config")?],
    };
    let source_var = host.var("KUBECONFIG").is_some();
    let mut docs = Vec::new();
    for f in &files {
        match read_small(f) {
            Ok(text) => {
                let doc =
                    yaml_doc(&text).map_err(|e| format!("the kubeconfig `{}` cannot be read: {e}", f.display()))?;
                docs.push((f.clone(), doc));
            }
            // kubectl skips listed files that do not exist
            Err(e) if source_var && e.ends_with("does not exist") => {}
            Err(e) => return Err(format!("no kubeconfig: {e}")),
        }
    }
    if docs.is_empty() {
        return Err("no kubeconfig: none of the files in KUBECONFIG exists".into());
    }
    // merged as kubectl merges: the first file that sets a value wins
    let current = docs.iter().find_map(|(f, d)| {
        yaml::get_str(d, "current-context")
            .filter(|(c, _)| !c.is_empty())
            .map(|(c, _)| (f, c))
    });
    let Some((file, current)) = current else {
        return Err("the kubeconfig sets no current-context".into());
    };
    let ctx = docs.iter().find_map(|(_, d)| named(d, "contexts", &current));
    let Some(ctx) = ctx else {
        return Err(format!(
            "current-context `{current}` names no context of the kubeconfig"
        ));
    };
    let inner = yaml::get(&ctx, "context");
    let field = |k: &str| inner.as_ref().and_then(|i| yaml::get_str(i, k)).map(|(v, _)| v);
    let cluster = field("cluster").unwrap_or_default();
    let namespace = field("namespace").unwrap_or_else(|| "default".to_owned());
    let server = docs
        .iter()
        .find_map(|(_, d)| named(d, "clusters", &cluster))
        .and_then(|c| yaml::get(&c, "cluster"))
        .and_then(|c| yaml::get_str(&c, "server"))
        .and_then(|(s, _)| url::Url::parse(&s).ok()?.host_str().map(str::to_owned));
    let names = [current.as_str(), cluster.as_str(), namespace.as_str()];
    let tier = tier::tier_of_all(&names, facts, MainIs::Production);
    let mut c = context(
        "kubernetes",
        format!("kube context `{current}`"),
        format!("current-context in `{}`", file.display()),
    );
    c.environments.push(tier::env(&current, tier));
    c.details.push(("context".into(), current.clone()));
    if !cluster.is_empty() {
        c.details.push(("cluster".into(), cluster.clone()));
    }
    c.details.push(("namespace".into(), namespace.clone()));
    if let Some(s) = server {
        c.details.push(("server".into(), s));
    }
    c.note = format!("the current kube context is `{current}` (cluster `{cluster}`, namespace `{namespace}`)");
    Ok(c)
}

// ---------------------------------------------------------------------------------------------
// INI files (AWS, gcloud, git)

/// `(section, key, value)` of an INI file; lines that are neither are skipped.
pub(super) fn ini(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        if let Some(s) = l.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s.trim().to_owned();
            continue;
        }
        if let Some((k, v)) = l.split_once('=') {
            let v = v.trim();
            let v = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(v);
            out.push((section.clone(), k.trim().to_ascii_lowercase(), v.to_owned()));
        }
    }
    out
}

fn aws(host: &Host, facts: &EnvironmentFacts) -> Result<Context, String> {
    let (profile, from) = match (host.var("AWS_PROFILE"), host.var("AWS_DEFAULT_PROFILE")) {
        (Some(p), _) => (p.to_owned(), "AWS_PROFILE"),
        (None, Some(p)) => (p.to_owned(), "AWS_DEFAULT_PROFILE"),
        (None, None) => ("default".to_owned(), "the default profile"),
    };
    let file = match host.var("AWS_CONFIG_FILE") {
        Some(f) => PathBuf::from(f),
        None => host.in_home(".aws/config")?,
    };
    let mut c = context("aws", format!("AWS profile `{profile}`"), String::new());
    c.details.push(("profile".into(), profile.clone()));
    let entries = match read_small(&file) {
        Ok(t) => ini(&t),
        Err(_) if profile == "default" => Vec::new(),
        Err(e) => return Err(format!("profile `{profile}` ({from}) cannot be looked up: {e}")),
    };
    let section = |p: &str| {
        if p == "default" {
            "default".to_owned()
        } else {
            format!("profile {p}")
        }
    };
    let get = |p: &str, k: &str| {
        let s = section(p);
        entries
            .iter()
            .find(|(sec, key, _)| (*sec == s || (p == "default" && sec == "profile default")) && key == k)
            .map(|(_, _, v)| v.clone())
    };
    let known = entries
        .iter()
        .any(|(s, _, _)| *s == section(&profile) || (profile == "default" && s == "profile default"));
    if !known && profile != "default" {
        return Err(format!("profile `{profile}` ({from}) is not in `{}`", file.display()));
    }
    let account_of = |p: &str| {
        get(p, "sso_account_id").or_else(|| {
            get(p, "role_arn").and_then(|arn| arn.split(':').nth(4).filter(|a| !a.is_empty()).map(str::to_owned))
        })
    };
    // a role assumed from another profile states its own account; otherwise follow once
    let account = account_of(&profile).or_else(|| get(&profile, "source_profile").and_then(|s| account_of(&s)));
    let region = host
        .var("AWS_REGION")
        .or_else(|| host.var("AWS_DEFAULT_REGION"))
        .map(str::to_owned)
        .or_else(|| get(&profile, "region"));
    let mut names = vec![profile.clone()];
    if let Some(a) = &account {
        names.push(a.clone());
        c.details.push(("account".into(), a.clone()));
    }
    if let Some(r) = &region {
        c.details.push(("region".into(), r.clone()));
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let tier = tier::tier_of_all(&refs, facts, MainIs::Nothing);
    c.environments.push(tier::env(&profile, tier));
    c.source = if known {
        format!("{from}, `{}`", file.display())
    } else {
        from.to_owned()
    };
    let mut note = format!("the AWS profile is `{profile}`");
    match (&account, &region) {
        (Some(a), Some(r)) => note.push_str(&format!(" (account {a}, region {r})")),
        (Some(a), None) => note.push_str(&format!(" (account {a})")),
        (None, Some(r)) => note.push_str(&format!(" (region {r}; the config does not state the account)")),
        (None, None) => note.push_str(" (the config states no account)"),
    }
    if host.var("AWS_ACCESS_KEY_ID").is_some() {
        note.push_str("; AWS_ACCESS_KEY_ID in the environment takes precedence over it");
    }
    c.note = note;
    Ok(c)
}

fn gcloud(host: &Host, facts: &EnvironmentFacts) -> Result<Context, String> {
    let dir = match host.var("CLOUDSDK_CONFIG") {
        Some(d) => PathBuf::from(d),
        None => host.in_home(".config/gcloud")?,
    };
    let name = match host.var("CLOUDSDK_ACTIVE_CONFIG_NAME") {
        Some(n) => n.to_owned(),
        None => read_small(&dir.join("active_config"))
            .map(|t| t.trim().to_owned())
            .unwrap_or_else(|_| "default".to_owned()),
    };
    let file = dir.join("configurations").join(format!("config_{name}"));
    let project = match host.var("CLOUDSDK_CORE_PROJECT") {
        Some(p) => Some((p.to_owned(), "CLOUDSDK_CORE_PROJECT".to_owned())),
        None => read_small(&file).ok().and_then(|t| {
            ini(&t)
                .into_iter()
                .find(|(s, k, _)| s == "core" && k == "project")
                .map(|(_, _, v)| (v, format!("`{}`", file.display())))
        }),
    };
    let Some((project, source)) = project else {
        return Err(format!("gcloud configuration `{name}` sets no project"));
    };
    let tier = tier::tier_of_all(&[&project, &name], facts, MainIs::Nothing);
    let mut c = context("gcloud", format!("GCP project `{project}`"), source);
    c.environments.push(tier::env(&project, tier));
    c.details.push(("configuration".into(), name.clone()));
    c.details.push(("project".into(), project.clone()));
    c.note = format!("gcloud's active configuration `{name}` has project `{project}`");
    Ok(c)
}

fn terraform(workdir: &Path, host: &Host, facts: &EnvironmentFacts) -> Result<Context, String> {
    let (ws, source) = match host.var("TF_WORKSPACE") {
        Some(w) => (w.to_owned(), "TF_WORKSPACE".to_owned()),
        None => {
            let data = host
                .var("TF_DATA_DIR")
                .map(|d| workdir.join(d))
                .unwrap_or_else(|| workdir.join(".terraform"));
            let file = data.join("environment");
            match read_small(&file) {
                Ok(t) if !t.trim().is_empty() => (t.trim().to_owned(), format!("`{}`", file.display())),
                _ if data.is_dir() => (
                    "default".to_owned(),
                    format!("`{}` (no workspace selected)", data.display()),
                ),
                _ => return Err(format!("`{}` is not initialised (no `.terraform`)", workdir.display())),
            }
        }
    };
    let tier = tier::tier_of(&ws, facts, MainIs::Nothing);
    let mut c = context("terraform", format!("Terraform workspace `{ws}`"), source);
    c.environments.push(tier::env(&ws, tier));
    c.details.push(("workspace".into(), ws.clone()));
    c.note = format!("the selected Terraform workspace is `{ws}`");
    Ok(c)
}

/// The Railway project and environment linked to a directory (`railway link`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RailwayLink {
    pub project: String,
    pub project_name: Option<String>,
    pub environment: String,
    pub environment_name: Option<String>,
    pub path: String,
}

/// The closest linked directory at or above `workdir` in `~/.railway/config.json`, as the CLI
/// looks it up.
pub fn railway_link(workdir: &Path, host: &Host) -> Result<RailwayLink, String> {
    let file = host.in_home(".railway/config.json")?;
    let text = read_small(&file).map_err(|e| format!("no Railway link: {e}"))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|_| format!("`{}` is not JSON", file.display()))?;
    let projects = json.get("projects").and_then(|p| p.as_object());
    let mut dir = Some(workdir);
    while let Some(d) = dir {
        if let Some(p) = projects.and_then(|ps| ps.get(d.to_string_lossy().as_ref())) {
            let s = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            return Ok(RailwayLink {
                project: s("project").unwrap_or_default(),
                project_name: s("name"),
                environment: s("environment").unwrap_or_default(),
                environment_name: s("environmentName"),
                path: d.display().to_string(),
            });
        }
        dir = d.parent();
    }
    Err(format!(
        "`{}` is not linked to a Railway project (`{}`)",
        workdir.display(),
        file.display()
    ))
}

fn railway(workdir: &Path, host: &Host, facts: &EnvironmentFacts) -> Result<Context, String> {
    if host.var("RAILWAY_TOKEN").is_some() {
        return Err(
            "RAILWAY_TOKEN is set, so the project token's own project and environment apply (only a lookup can name them)"
                .into(),
        );
    }
    let link = railway_link(workdir, host)?;
    let env = link
        .environment_name
        .clone()
        .unwrap_or_else(|| link.environment.clone());
    let project = link.project_name.clone().unwrap_or_else(|| link.project.clone());
    let tier = tier::tier_of(&env, facts, MainIs::Production);
    let mut c = context(
        "railway",
        format!("Railway project `{project}`, environment `{env}`"),
        format!("`~/.railway/config.json` (linked at `{}`)", link.path),
    );
    c.environments.push(tier::env(&env, tier));
    c.details.push(("project".into(), project.clone()));
    c.details.push(("environment".into(), env.clone()));
    c.note = format!("this directory is linked to Railway project `{project}`, environment `{env}`");
    Ok(c)
}

/// The app of `fly.toml` in `workdir` (or `FLY_APP`).
pub fn fly_app(workdir: &Path, host: &Host) -> Result<(String, String), String> {
    if let Some(a) = host.var("FLY_APP") {
        return Ok((a.to_owned(), "FLY_APP".into()));
    }
    let file = workdir.join("fly.toml");
    let text = read_small(&file)?;
    let value: toml::Table = toml::from_str(&text).map_err(|_| format!("`{}` is not valid TOML", file.display()))?;
    match value.get("app").and_then(|a| a.as_str()) {
        Some(a) if !a.is_empty() => Ok((a.to_owned(), format!("`{}`", file.display()))),
        _ => Err(format!("`{}` names no app", file.display())),
    }
}

fn fly(workdir: &Path, host: &Host, facts: &EnvironmentFacts) -> Result<Context, String> {
    let (app, source) = fly_app(workdir, host)?;
    let tier = tier::tier_of(&app, facts, MainIs::Nothing);
    let mut c = context("fly", format!("Fly.io app `{app}`"), source);
    c.environments.push(tier::env(&app, tier));
    c.details.push(("app".into(), app.clone()));
    c.note = format!("the app here is `{app}`");
    Ok(c)
}

fn supabase(workdir: &Path, facts: &EnvironmentFacts) -> Result<Context, String> {
    let mut dir = Some(workdir);
    while let Some(d) = dir {
        let f = d.join("supabase/.temp/project-ref");
        if let Ok(t) = read_small(&f) {
            let r = t.trim().to_owned();
            if r.is_empty() || !r.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("`{}` holds no project ref", f.display()));
            }
            let tier = tier::tier_of(&r, facts, MainIs::Nothing);
            let mut c = context(
                "supabase",
                format!("Supabase project `{r}`"),
                format!("`{}`", f.display()),
            );
            c.environments.push(tier::env(&r, tier));
            c.details.push(("project-ref".into(), r.clone()));
            c.note = format!("this directory is linked to Supabase project `{r}`");
            return Ok(c);
        }
        dir = d.parent();
    }
    Err("no Supabase project is linked here (`supabase/.temp/project-ref`)".into())
}

/// The host and database name of the first of `vars` the environment sets: never the user,
/// password or parameters.
pub fn database(vars: &[String], host: &Host, facts: &EnvironmentFacts) -> Option<Result<Context, String>> {
    let (var, value) = vars
        .iter()
        .find_map(|v| host.var(v).map(|x| (v.clone(), x.to_owned())))?;
    let (server, db) = match url::Url::parse(&value) {
        Ok(u) if u.host_str().is_some() => (
            u.host_str().unwrap_or_default().to_owned(),
            u.path()
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("")
                .to_owned(),
        ),
        Ok(_) | Err(_) if !value.contains(['/', '@', ' ', ':']) => (value.clone(), String::new()),
        _ => return Some(Err(format!("`${var}` is set but is not a URL preflight can read"))),
    };
    let tier = tier::tier_of_all(&[&server, &db, &var], facts, MainIs::Nothing);
    let name = if db.is_empty() {
        server.clone()
    } else {
        format!("{server}/{db}")
    };
    let mut c = context(
        "database",
        format!("database `{name}`"),
        format!("`${var}` in the environment"),
    );
    c.environments.push(tier::env(&name, tier));
    c.details.push(("host".into(), server.clone()));
    if !db.is_empty() {
        c.details.push(("database".into(), db.clone()));
    }
    c.note = format!(
        "`${var}` points at host `{server}`{}",
        if db.is_empty() {
            String::new()
        } else {
            format!(", database `{db}`")
        }
    );
    Some(Ok(c))
}

// ---------------------------------------------------------------------------------------------
// git

/// The git directory and the directory holding its `config` (the main one for a worktree).
fn git_dirs(workdir: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut dir = Some(workdir);
    while let Some(d) = dir {
        let g = d.join(".git");
        if g.is_dir() {
            return Some((g.clone(), g));
        }
        if g.is_file() {
            let t = read_small(&g).ok()?;
            let p = PathBuf::from(t.trim().strip_prefix("gitdir:")?.trim());
            let gitdir = if p.is_absolute() { p } else { d.join(p) };
            let common = read_small(&gitdir.join("commondir"))
                .ok()
                .map(|c| gitdir.join(c.trim()))
                .unwrap_or_else(|| gitdir.clone());
            return Some((gitdir, common));
        }
        dir = d.parent();
    }
    None
}

/// The URL of a git remote (by name) of the repository at `workdir`, credentials removed.
pub fn git_remote_url(workdir: &Path, remote: &str) -> Result<String, String> {
    let (_, common) = git_dirs(workdir).ok_or_else(|| format!("`{}` is not in a git repository", workdir.display()))?;
    let text = read_small(&common.join("config"))?;
    let section = format!("remote \"{remote}\"");
    ini(&text)
        .into_iter()
        .find(|(s, k, _)| *s == section && k == "url")
        .map(|(_, _, v)| strip_userinfo(&v))
        .ok_or_else(|| format!("the repository has no remote `{remote}`"))
}

/// The branch checked out at `workdir`.
pub fn git_branch(workdir: &Path) -> Option<String> {
    let (gitdir, _) = git_dirs(workdir)?;
    let head = read_small(&gitdir.join("HEAD")).ok()?;
    head.trim().strip_prefix("ref: refs/heads/").map(str::to_owned)
}

pub fn strip_userinfo(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::Tier;

    fn host(home: &Path, vars: &[(&str, &str)]) -> Host {
        let mut h = Host::default();
        h.vars.insert("HOME".into(), home.display().to_string());
        for (k, v) in vars {
            h.vars.insert((*k).into(), (*v).into());
        }
        h
    }

    fn write(p: &Path, text: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn kubeconfig() {
        let d = tempfile::tempdir().unwrap();
        write(
            &d.path().join(".kube/config"),
            "apiVersion: v1\nkind: Config\ncurrent-context: prod-eu\ncontexts:\n- name: prod-eu\n  context:\n    cluster: gke_acme_prod\n    namespace: billing\n    user: admin\nclusters:\n- name: gke_acme_prod\n  cluster:\n    server: https://34.1.2.3\n    certificate-authority-data: c2VjcmV0\nusers:\n- name: admin\n  user:\n    token: s3cr3t-token\n",
        );
        let facts = EnvironmentFacts::default();
        let c = kube(&host(d.path(), &[]), &facts).unwrap();
        assert_eq!(c.environments[0].tier, Tier::Production);
        assert!(c.note.contains("`prod-eu`") && c.note.contains("billing"), "{}", c.note);
        let all = format!("{c:?}");
        assert!(!all.contains("s3cr3t") && !all.contains("c2VjcmV0"), "{all}");
        // malformed, or no current context
        write(&d.path().join(".kube/config"), "current-context: [a\n  b: {\n");
        assert!(
            kube(&host(d.path(), &[]), &facts)
                .unwrap_err()
                .contains("not valid YAML")
        );
        write(&d.path().join(".kube/config"), "apiVersion: v1\n");
        assert!(
            kube(&host(d.path(), &[]), &facts)
                .unwrap_err()
                .contains("no current-context")
        );
        write(&d.path().join(".kube/config"), "- a\n- b\n");
        assert!(kube(&host(d.path(), &[]), &facts).is_err());
        // KUBECONFIG: the first file that sets current-context wins; missing files skipped
        write(
            &d.path().join("a.yaml"),
            "current-context: kind-dev\ncontexts:\n- name: kind-dev\n  context: {cluster: kind-dev}\n",
        );
        let list = format!(
            "{}:{}",
            d.path().join("missing").display(),
            d.path().join("a.yaml").display()
        );
        let c = kube(&host(d.path(), &[("KUBECONFIG", &list)]), &facts).unwrap();
        assert_eq!(c.environments[0].tier, Tier::Development);
        assert!(c.details.contains(&("namespace".into(), "default".into())));
    }

    #[test]
    fn aws_profiles() {
        let d = tempfile::tempdir().unwrap();
        write(
            &d.path().join(".aws/config"),
            "[default]\nregion = us-east-1\n[profile prod-admin]\nsso_account_id = 123456789012\nregion = eu-west-1\nsso_start_url = https://x\n[sso-session corp]\nsso_region = us-east-1\n[services odd]\ns3 =\n  endpoint_url = http://x\n[profile ops]\nrole_arn = arn:aws:iam::999988887777:role/admin\nsource_profile = default\nweird line without equals\n",
        );
        write(
            &d.path().join(".aws/credentials"),
            "[default]\naws_secret_access_key = SECRETKEY\n",
        );
        let mut facts = EnvironmentFacts::default();
        let c = aws(&host(d.path(), &[("AWS_PROFILE", "prod-admin")]), &facts).unwrap();
        assert_eq!(c.environments[0].tier, Tier::Production);
        assert!(
            c.note.contains("123456789012") && c.note.contains("eu-west-1"),
            "{}",
            c.note
        );
        facts.production.aws_accounts.push("999988887777".into());
        let c = aws(&host(d.path(), &[("AWS_PROFILE", "ops")]), &facts).unwrap();
        assert_eq!(c.environments[0].tier, Tier::Production, "{c:?}");
        let c = aws(&host(d.path(), &[]), &facts).unwrap();
        assert_eq!(c.environments[0].name, "default");
        assert!(
            aws(&host(d.path(), &[("AWS_PROFILE", "nope")]), &facts)
                .unwrap_err()
                .contains("not in")
        );
        assert!(!format!("{c:?}").contains("SECRET"));
    }

    #[test]
    fn gcloud_configuration() {
        let d = tempfile::tempdir().unwrap();
        write(&d.path().join(".config/gcloud/active_config"), "work\n");
        write(
            &d.path().join(".config/gcloud/configurations/config_work"),
            "[core]\naccount = someone@acme.dev\nproject = acme-live\n[compute]\nregion = europe-west1\n",
        );
        let facts = EnvironmentFacts::default();
        let c = gcloud(&host(d.path(), &[]), &facts).unwrap();
        assert_eq!(c.environments[0].tier, Tier::Production);
        assert!(
            c.note.contains("`work`") && c.note.contains("`acme-live`"),
            "{}",
            c.note
        );
        assert!(!format!("{c:?}").contains("someone@"), "no account names");
        let c = gcloud(&host(d.path(), &[("CLOUDSDK_CORE_PROJECT", "acme-dev")]), &facts).unwrap();
        assert_eq!(c.environments[0].tier, Tier::Development);
        assert!(gcloud(&host(d.path(), &[("CLOUDSDK_ACTIVE_CONFIG_NAME", "none")]), &facts).is_err());
    }

    #[test]
    fn links_and_files() {
        let d = tempfile::tempdir().unwrap();
        let proj = d.path().join("work/app");
        std::fs::create_dir_all(proj.join("sub")).unwrap();
        write(
            &d.path().join(".railway/config.json"),
            &serde_json::json!({"projects": {proj.display().to_string(): {"projectPath": proj.display().to_string(), "name": "acme", "project": "p-1", "environment": "e-2", "environmentName": "staging"}}, "user": {"token": "tok-secret"}}).to_string(),
        );
        let facts = EnvironmentFacts::default();
        let h = host(d.path(), &[]);
        let c = railway(&proj.join("sub"), &h, &facts).unwrap();
        assert_eq!(c.environments[0].tier, Tier::Staging);
        assert!(!format!("{c:?}").contains("tok-secret"));
        assert!(railway(d.path(), &h, &facts).is_err());
        write(
            &proj.join("fly.toml"),
            "app = \"acme-prod\"\nprimary_region = \"ams\"\n",
        );
        assert_eq!(fly(&proj, &h, &facts).unwrap().environments[0].tier, Tier::Production);
        write(&proj.join("supabase/.temp/project-ref"), "abcdefghijklmnopqrst\n");
        assert!(
            supabase(&proj.join("sub"), &facts)
                .unwrap()
                .note
                .contains("abcdefghijklmnopqrst")
        );
        write(&proj.join(".terraform/environment"), "prod");
        assert_eq!(
            terraform(&proj, &h, &facts).unwrap().environments[0].tier,
            Tier::Production
        );
        let c = database(
            &["DATABASE_URL".into()],
            &host(
                d.path(),
                &[(
                    "DATABASE_URL",
                    "postgres://admin:hunter2@db.prod.internal:5432/app?sslmode=require",
                )],
            ),
            &facts,
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.environments[0].tier, Tier::Production);
        assert!(!format!("{c:?}").contains("hunter2") && !format!("{c:?}").contains("admin"));
    }
}
