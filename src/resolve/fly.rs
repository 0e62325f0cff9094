//! Fly.io (Machines API, `GET` only): a volume's app, region and attached machine; an app's
//! organisation. Fly has no environments: the app is the environment (`acme-staging`).

use serde_json::Value;

use super::http::Request;
use super::tier::{self, MainIs};
use super::{Net, local};
use crate::target::{Context, Status};

/// The paths this provider reads (`GET` only), for docs/verify.md and the tests.
pub const PATHS: &[&str] = &["/v1/apps/{app}", "/v1/apps/{app}/volumes/{volume_id}"];

/// A path segment preflight will put in a URL: letters, digits, `-`, `_`, `.` only.
pub(super) fn segment(s: &str) -> Result<&str, String> {
    if !s.is_empty()
        && s.len() <= 128
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && s != "."
        && s != ".."
    {
        Ok(s)
    } else {
        Err(format!(
            "`{}` is not a plain name or ID, so it was not looked up",
            s.chars().take(40).collect::<String>()
        ))
    }
}

fn get(net: &Net, path: &str) -> Result<Value, String> {
    let base = net.base("fly")?;
    let (_, token) = net
        .token(&["FLY_API_TOKEN", "FLY_ACCESS_TOKEN"])
        .ok_or("no Fly.io token in the environment (FLY_API_TOKEN), so nothing was looked up")?;
    net.send(
        Request::Get {
            url: format!("{base}{path}"),
        },
        &[("Authorization", format!("Bearer {token}"))],
        &token,
    )
}

fn s<'v>(v: &'v Value, k: &str) -> Option<&'v str> {
    v.get(k).and_then(Value::as_str)
}

fn app_context(net: &Net, app: &str, resource: String) -> Result<Context, String> {
    let v = get(net, &format!("/v1/apps/{}", segment(app)?)).map_err(|e| format!("app `{app}`: {e}"))?;
    let org = v
        .get("organization")
        .and_then(|o| s(o, "slug"))
        .unwrap_or("?")
        .to_owned();
    let tier = tier::tier_of_all(&[app, &org], net.facts, MainIs::Nothing);
    Ok(Context {
        provider: "fly".into(),
        resource,
        status: Status::Verified,
        environments: vec![tier::env(app, tier)],
        source: "Fly.io Machines API, GET /v1/apps/{app}".into(),
        details: vec![("app".into(), app.to_owned()), ("organization".into(), org.clone())],
        note: format!("verified: app `{app}` of organization `{org}`"),
    })
}

/// The app `fly apps destroy NAME` destroys.
pub(crate) fn app(net: &Net, name: &str) -> Result<Context, String> {
    app_context(net, name, format!("app `{name}`"))
}

/// Volume `id` of the app named with `-a`, or in `fly.toml`.
pub(crate) fn volume(net: &Net, id: &str, app: Option<&str>) -> Result<Context, String> {
    let (app, from) = match app {
        Some(a) => (a.to_owned(), "`-a`".to_owned()),
        None => local::fly_app(net.workdir, net.host())
            .map_err(|e| format!("a Fly.io volume is looked up within its app, and none is named with `-a` ({e})"))?,
    };
    let v = get(net, &format!("/v1/apps/{}/volumes/{}", segment(&app)?, segment(id)?))
        .map_err(|e| format!("volume `{id}` of app `{app}`: {e}"))?;
    let name = s(&v, "name").unwrap_or(id).to_owned();
    let mut c = app_context(net, &app, format!("volume `{name}` ({id})"))?;
    c.source = format!("Fly.io Machines API, GET /v1/apps/{{app}}/volumes/{{id}} (app from {from})");
    if let Some(r) = s(&v, "region") {
        c.details.push(("region".into(), r.to_owned()));
    }
    let attached = s(&v, "attached_machine_id").filter(|m| !m.is_empty());
    if let Some(m) = attached {
        c.details.push(("attached-machine".into(), m.to_owned()));
    }
    c.note = format!(
        "verified: volume `{name}` belongs to app `{app}`{}{}",
        s(&v, "region").map(|r| format!(" in {r}")).unwrap_or_default(),
        attached
            .map(|m| format!(", attached to machine {m}"))
            .unwrap_or_else(|| ", attached to no machine".into())
    );
    Ok(c)
}
