//! Neon (`GET` only): a project's name, a branch's name and whether it is the default
//! (production) branch or protected.

use serde_json::Value;

use super::Net;
use super::fly::segment;
use super::http::Request;
use super::tier::{self, MainIs};
use crate::target::{Context, Status, Tier};

/// The paths this provider reads (`GET` only).
pub const PATHS: &[&str] = &[
    "/projects/{project_id}",
    "/projects/{project_id}/branches",
    "/projects/{project_id}/branches/{branch_id}",
];

fn get(net: &Net, path: &str) -> Result<Value, String> {
    let base = net.base("neon")?;
    let (_, token) = net
        .token(&["NEON_API_KEY"])
        .ok_or("no Neon API key in the environment (NEON_API_KEY), so nothing was looked up")?;
    net.send(
        Request::Get {
            url: format!("{base}{path}"),
        },
        &[
            ("Authorization", format!("Bearer {token}")),
            ("Accept", "application/json".into()),
        ],
        &token,
    )
}

fn s<'v>(v: &'v Value, k: &str) -> Option<&'v str> {
    v.get(k).and_then(Value::as_str)
}

/// The project `neonctl projects delete ID` deletes.
pub(crate) fn project(net: &Net, id: &str) -> Result<Context, String> {
    let v = get(net, &format!("/projects/{}", segment(id)?)).map_err(|e| format!("project `{id}`: {e}"))?;
    let p = v.get("project").ok_or("Neon's answer has no project")?;
    let name = s(p, "name").unwrap_or(id);
    let tier = tier::tier_of_all(&[name, id], net.facts, MainIs::Nothing);
    Ok(Context {
        provider: "neon".into(),
        resource: format!("project `{name}` ({id})"),
        status: Status::Verified,
        environments: vec![tier::env(name, tier)],
        source: "Neon API, GET /projects/{id}".into(),
        details: vec![("project".into(), name.to_owned())],
        note: format!("verified: Neon project `{name}`, with every branch in it"),
    })
}

/// Branch `id_or_name` of the project named with `--project-id`.
pub(crate) fn branch(net: &Net, id_or_name: &str, project: Option<&str>) -> Result<Context, String> {
    let project =
        project.ok_or("a Neon branch is looked up within its project, and none is named with `--project-id`")?;
    let p = segment(project)?;
    let b = if id_or_name.starts_with("br-") {
        let v = get(net, &format!("/projects/{p}/branches/{}", segment(id_or_name)?))
            .map_err(|e| format!("branch `{id_or_name}`: {e}"))?;
        v.get("branch").cloned().ok_or("Neon's answer has no branch")?
    } else {
        let v =
            get(net, &format!("/projects/{p}/branches")).map_err(|e| format!("the branches of `{project}`: {e}"))?;
        v.get("branches")
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter()
                    .find(|b| s(b, "name") == Some(id_or_name) || s(b, "id") == Some(id_or_name))
            })
            .cloned()
            .ok_or_else(|| format!("project `{project}` has no branch `{id_or_name}`"))?
    };
    let name = s(&b, "name").unwrap_or(id_or_name).to_owned();
    let default = b.get("default").or_else(|| b.get("primary")).and_then(Value::as_bool) == Some(true);
    let protected = b.get("protected").and_then(Value::as_bool) == Some(true);
    let mut t = tier::tier_of(&name, net.facts, MainIs::Nothing);
    if default && t == Tier::Unknown {
        t = Tier::Production;
    }
    let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
    Ok(Context {
        provider: "neon".into(),
        resource: format!("branch `{name}` of project `{project}`"),
        status: Status::Verified,
        environments: vec![tier::env(&name, t)],
        source: "Neon API, GET /projects/{project}/branches".into(),
        details: vec![("default".into(), yes(default)), ("protected".into(), yes(protected))],
        note: format!(
            "verified: branch `{name}` is {}the project's default branch{}",
            if default { "" } else { "not " },
            if protected { " and is protected" } else { "" }
        ),
    })
}
