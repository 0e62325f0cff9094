//! Railway: which environments a volume ID is attached in, and the token's reach. Railway's
//! public schema has no root `volume(id:)` query, so the volume is found through the projects the
//! token can see (the linked project first), each asked for its volumes and their instances.

use serde_json::{Value, json};

use super::http::Request;
use super::tier::{self, MainIs};
use super::{Net, environments_text, local};
use crate::target::{Context, Status, Tier};

/// A project token: the one project and environment it is bound to.
pub const PROJECT_TOKEN: &str = "query PreflightProjectToken { projectToken { projectId environmentId project { id name } environment { id name } } }";

/// An account or workspace token: the workspaces it reaches.
pub const API_TOKEN: &str = "query PreflightApiToken { apiToken { workspaces { id name } } }";

/// The projects of a workspace (or, without one, the token's own).
pub const PROJECTS: &str = "query PreflightProjects($workspaceId: String) { projects(workspaceId: $workspaceId, first: 50) { edges { node { id name } } } }";

/// A project's volumes with their instances: environment, service, mount path.
pub const PROJECT_VOLUMES: &str = "query PreflightProjectVolumes($projectId: String!) { project(id: $projectId) { id name primaryEnvironmentId volumes { edges { node { id name volumeInstances { edges { node { id environmentId environment { id name } serviceId service { name } mountPath } } } } } } } }";

/// Every document this provider sends (the tests check each is a query).
pub const DOCUMENTS: &[&str] = &[PROJECT_TOKEN, API_TOKEN, PROJECTS, PROJECT_VOLUMES];

/// Projects searched at most for one volume.
const MAX_PROJECTS: usize = 20;

fn data<'v>(v: &'v Value, net_what: &str) -> Result<&'v Value, String> {
    if let Some(e) = v.get("errors").and_then(Value::as_array).and_then(|a| a.first()) {
        let msg = e.get("message").and_then(Value::as_str).unwrap_or("an error");
        let msg: String = msg.chars().take(120).collect();
        return Err(format!("Railway answered {net_what} with an error: {msg}"));
    }
    v.get("data")
        .filter(|d| !d.is_null())
        .ok_or_else(|| format!("Railway's answer to {net_what} has no data"))
}

fn edges(v: Option<&Value>) -> Vec<&Value> {
    v.and_then(|e| e.get("edges"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|e| e.get("node")).collect())
        .unwrap_or_default()
}

fn s<'v>(v: &'v Value, k: &str) -> Option<&'v str> {
    v.get(k).and_then(Value::as_str)
}

/// Where volume `id` is attached.
pub(crate) fn volume(net: &Net, id: &str) -> Result<Context, String> {
    let base = net.base("railway")?;
    let (var, token) = net
        .token(&["RAILWAY_API_TOKEN", "RAILWAY_TOKEN"])
        .ok_or("no Railway token in the environment (RAILWAY_API_TOKEN or RAILWAY_TOKEN), so nothing was looked up")?;
    let project_token = var == "RAILWAY_TOKEN";
    let headers = if project_token {
        vec![("Project-Access-Token", token.clone())]
    } else {
        vec![("Authorization", format!("Bearer {token}"))]
    };
    let query = |document: &'static str, variables: Value| {
        net.send(
            Request::Query {
                url: base.clone(),
                document,
                variables,
            },
            &headers,
            &token,
        )
    };
    // the token's reach, and the projects to search
    let mut projects: Vec<String> = Vec::new();
    if let Ok(link) = local::railway_link(net.workdir, net.host())
        && !link.project.is_empty()
    {
        projects.push(link.project);
    }
    let reach;
    let mut listed: Option<Vec<(String, String)>> = None;
    if project_token {
        let v =
            query(PROJECT_TOKEN, json!({})).map_err(|e| format!("the project token could not be introspected: {e}"))?;
        let t = data(&v, "the project-token query")?
            .get("projectToken")
            .cloned()
            .unwrap_or_default();
        let project = t.get("project").and_then(|p| s(p, "name")).unwrap_or("?");
        let env = t.get("environment").and_then(|e| s(e, "name")).unwrap_or("?");
        reach = format!("project token ({var}) for project `{project}`, environment `{env}`");
        if let Some(p) = s(&t, "projectId") {
            projects.insert(0, p.to_owned());
        }
    } else {
        let workspaces: Vec<(String, String)> = match query(API_TOKEN, json!({})) {
            Ok(v) => data(&v, "the token query")?
                .pointer("/apiToken/workspaces")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|w| {
                            (
                                s(w, "id").unwrap_or("").to_owned(),
                                s(w, "name").unwrap_or("").to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Err(e) => return Err(format!("the token could not be introspected: {e}")),
        };
        reach = match workspaces.len() {
            0 => format!("account token ({var})"),
            n => format!(
                "account or workspace token ({var}) reaching {n} workspace{}: {}",
                if n == 1 { "" } else { "s" },
                workspaces
                    .iter()
                    .map(|w| format!("`{}`", w.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        listed = Some(workspaces);
    }
    // the linked project (and a project token's) first; the token's other projects after
    let mut searched = 0;
    let mut next = 0;
    let mut listed_done = listed.is_none();
    loop {
        if next == projects.len() {
            if listed_done {
                break;
            }
            listed_done = true;
            let workspaces = listed.take().unwrap_or_default();
            let scopes: Vec<Value> = if workspaces.is_empty() {
                vec![Value::Null]
            } else {
                workspaces.iter().take(5).map(|w| Value::String(w.0.clone())).collect()
            };
            for w in scopes {
                if projects.len() >= MAX_PROJECTS || net.expired() {
                    break;
                }
                let v = query(PROJECTS, json!({ "workspaceId": w }))?;
                for p in edges(data(&v, "the projects query")?.get("projects")) {
                    if let Some(pid) = s(p, "id")
                        && !projects.iter().any(|x| x == pid)
                    {
                        projects.push(pid.to_owned());
                    }
                }
            }
            projects.truncate(MAX_PROJECTS);
            continue;
        }
        if net.expired() {
            break;
        }
        let pid = projects[next].clone();
        next += 1;
        let v = query(PROJECT_VOLUMES, json!({ "projectId": pid }))?;
        searched += 1;
        let Some(project) = data(&v, "the volumes query")?.get("project").filter(|p| !p.is_null()) else {
            continue;
        };
        let found = edges(project.get("volumes"))
            .into_iter()
            .find(|vol| s(vol, "id") == Some(id));
        if let Some(vol) = found {
            return Ok(describe(net, project, vol, id, &reach));
        }
    }
    if searched < projects.len() {
        return Err(format!(
            "the deadline passed after {searched} of {} projects; the volume was not found in those",
            projects.len()
        ));
    }
    Err(format!(
        "the volume is in none of the {} project{} the {reach} can see",
        projects.len(),
        if projects.len() == 1 { "" } else { "s" }
    ))
}

fn describe(net: &Net, project: &Value, vol: &Value, id: &str, reach: &str) -> Context {
    let primary = s(project, "primaryEnvironmentId");
    let pname = s(project, "name").unwrap_or("?");
    let vname = s(vol, "name").unwrap_or(id);
    let mut c = Context {
        provider: "railway".into(),
        resource: format!("volume `{vname}` ({id})"),
        status: Status::Verified,
        environments: Vec::new(),
        source: "Railway API, read-only queries (PreflightApiToken/PreflightProjectToken, PreflightProjects, PreflightProjectVolumes)".into(),
        details: vec![("project".into(), pname.to_owned()), ("token".into(), reach.to_owned())],
        note: String::new(),
    };
    let mut mounts = Vec::new();
    for inst in edges(vol.get("volumeInstances")) {
        let env_name = inst.get("environment").and_then(|e| s(e, "name")).unwrap_or("?");
        let mut t = tier::tier_of(env_name, net.facts, MainIs::Production);
        if t == Tier::Unknown && primary.is_some() && s(inst, "environmentId") == primary {
            t = Tier::Production; // the project's primary environment
        }
        if !c.environments.iter().any(|e| e.name == env_name) {
            c.environments.push(tier::env(env_name, t));
        }
        let service = inst.get("service").and_then(|x| s(x, "name"));
        let mount = s(inst, "mountPath");
        let mut m = format!("`{env_name}`");
        match (service, mount) {
            (Some(sv), Some(mp)) => m.push_str(&format!(" (service `{sv}`, {mp})")),
            (Some(sv), None) => m.push_str(&format!(" (service `{sv}`)")),
            _ => {}
        }
        mounts.push(m);
        if primary.is_some() && s(inst, "environmentId") == primary {
            c.details.push(("primary-environment".into(), env_name.to_owned()));
        }
    }
    c.details.push(("instances".into(), mounts.join(", ")));
    c.note = if c.environments.is_empty() {
        format!("verified: volume `{vname}` of project `{pname}` has no instance in any environment")
    } else {
        format!(
            "verified: volume `{vname}` of project `{pname}` is mounted in {}; deleting it removes every instance and its backups",
            environments_text(&c)
        )
    };
    c
}
