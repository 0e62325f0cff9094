//! GitHub (`GET` only): the branch a force push overwrites — is it the repository's default
//! branch, is it protected. The repository comes from the push's remote (the command's URL or the
//! named remote of the local `.git/config`), the branch from the command or the checked-out one.

use serde_json::Value;

use super::fly::segment;
use super::http::Request;
use super::{Net, local};
use crate::target::{Context, Status, Tier};

/// The paths this provider reads (`GET` only).
pub const PATHS: &[&str] = &["/repos/{owner}/{repo}", "/repos/{owner}/{repo}/branches/{branch}"];

/// `owner/repo` of a GitHub remote URL (`https://github.com/o/r.git`, `git@github.com:o/r`).
pub fn repo_of(url: &str) -> Option<(String, String)> {
    let rest = if let Some(r) = url.strip_prefix("git@github.com:") {
        r.to_owned()
    } else {
        let u = url::Url::parse(url).ok()?;
        if u.host_str()? != "github.com" {
            return None;
        }
        u.path().trim_start_matches('/').to_owned()
    };
    let mut parts = rest.trim_end_matches('/').splitn(2, '/');
    let owner = parts.next()?.to_owned();
    let repo = parts.next()?.trim_end_matches(".git").to_owned();
    (!owner.is_empty() && !repo.is_empty() && !repo.contains('/')).then_some((owner, repo))
}

fn get(net: &Net, path: &str) -> Result<Value, String> {
    let base = net.base("github")?;
    let token = net.token(&["GH_TOKEN", "GITHUB_TOKEN"]);
    let mut headers = vec![
        ("Accept", "application/vnd.github+json".to_owned()),
        ("X-GitHub-Api-Version", "2022-11-28".to_owned()),
    ];
    if let Some((_, t)) = &token {
        headers.push(("Authorization", format!("Bearer {t}")));
    }
    net.send(
        Request::Get {
            url: format!("{base}{path}"),
        },
        &headers,
        token.as_ref().map_or("", |t| t.1.as_str()),
    )
}

/// The branch a `git push` to `remote` (a name or URL; `origin` by default) overwrites.
pub(crate) fn branch(net: &Net, remote: Option<&str>, branch: Option<&str>) -> Result<Context, String> {
    let remote = remote.unwrap_or("origin");
    let url = if remote.contains("://") || remote.starts_with("git@") {
        local::strip_userinfo(remote)
    } else {
        local::git_remote_url(net.workdir, remote)?
    };
    let (owner, repo) = repo_of(&url).ok_or_else(|| format!("the remote `{remote}` is not a GitHub repository"))?;
    let branch = match branch {
        Some(b) => b.to_owned(),
        None => local::git_branch(net.workdir).ok_or("the command names no branch and none is checked out here")?,
    };
    let r = get(net, &format!("/repos/{}/{}", segment(&owner)?, segment(&repo)?))
        .map_err(|e| format!("repository `{owner}/{repo}`: {e}"))?;
    let default = r.get("default_branch").and_then(Value::as_str).unwrap_or("").to_owned();
    let is_default = default == branch;
    let path_branch: String = branch
        .split('/')
        .map(|p| segment(p).map(str::to_owned))
        .collect::<Result<Vec<_>, _>>()?
        .join("/");
    let protected = match get(net, &format!("/repos/{owner}/{repo}/branches/{path_branch}")) {
        Ok(b) => b.get("protected").and_then(Value::as_bool),
        Err(e) if e.contains("404") => None,
        Err(e) => return Err(format!("branch `{branch}` of `{owner}/{repo}`: {e}")),
    };
    let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let mut details = vec![
        ("repository".into(), format!("{owner}/{repo}")),
        ("default-branch".into(), yes(is_default)),
    ];
    let state = match protected {
        Some(p) => {
            details.push(("protected".into(), yes(p)));
            if p { "protected" } else { "not protected" }
        }
        None => "not on the remote yet",
    };
    let tier = if is_default { Tier::Production } else { Tier::Unknown };
    Ok(Context {
        provider: "github".into(),
        resource: format!("branch `{branch}` of `{owner}/{repo}`"),
        status: Status::Verified,
        environments: vec![crate::target::EnvName {
            name: branch.clone(),
            tier,
        }],
        source: "GitHub REST API, GET /repos/{owner}/{repo} and /branches/{branch}".into(),
        details,
        note: format!(
            "verified: `{branch}` is {} of `{owner}/{repo}` and is {state}",
            if is_default {
                "the default branch".to_owned()
            } else {
                format!("not the default branch (`{default}`)")
            }
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repos() {
        assert_eq!(
            repo_of("https://github.com/acme/api.git"),
            Some(("acme".into(), "api".into()))
        );
        assert_eq!(repo_of("git@github.com:acme/api"), Some(("acme".into(), "api".into())));
        assert_eq!(
            repo_of("ssh://git@github.com/acme/api.git"),
            Some(("acme".into(), "api".into()))
        );
        assert_eq!(repo_of("https://gitlab.com/acme/api.git"), None);
    }
}
