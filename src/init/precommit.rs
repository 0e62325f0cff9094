//! preflight's hooks in `.pre-commit-config.yaml`: a new file, or a repo entry appended to the
//! `repos:` list of an existing one as text (so every other byte stays as written), read back
//! with the YAML parser before it is accepted.

use crate::extract::yaml::{self, Node};

use super::files::newline_of;

/// The repository that publishes the hooks (`.pre-commit-hooks.yaml`).
pub const REPO: &str = "https://github.com/preflight-rs/preflight";

/// The repo entry, its `-` at column `indent`.
fn entry(indent: usize, nl: &str) -> String {
    let i = " ".repeat(indent);
    [
        format!("{i}- repo: {REPO}"),
        format!("{i}  rev: main  # better pinned: a release tag or commit SHA (pre-commit never updates a branch)"),
        format!("{i}  hooks:"),
        format!("{i}    - id: preflight"),
        format!("{i}    # justfiles, Procfiles, Containerfiles: the build files pre-commit has no tag for"),
        format!("{i}    - id: preflight-build-files"),
    ]
    .iter()
    .map(|l| format!("{l}{nl}"))
    .collect()
}

/// A new `.pre-commit-config.yaml`.
pub fn fresh() -> String {
    format!(
        "# pre-commit (https://pre-commit.com): `pre-commit install` runs these hooks on every commit.\nrepos:\n{}",
        entry(2, "\n")
    )
}

/// What adding preflight to a configuration came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    Text(String),
    /// It already runs preflight.
    Present,
}

/// Whether a `repos:` item runs preflight: this repository, or a local hook whose entry is
/// `preflight …`.
fn runs_preflight(item: &Node) -> bool {
    let repo = yaml::get_str(item, "repo").map(|(r, _)| r).unwrap_or_default();
    let normal = repo.trim_end_matches('/').trim_end_matches(".git").to_ascii_lowercase();
    if normal == REPO {
        return true;
    }
    let Some(hooks) = yaml::get(item, "hooks") else {
        return false;
    };
    let Node::Seq { items, .. } = &*hooks else {
        return false;
    };
    items.iter().any(|h| {
        yaml::get_str(h, "entry").is_some_and(|(e, _)| e.split_whitespace().next() == Some("preflight"))
            || (repo == "local" && yaml::get_str(h, "id").is_some_and(|(id, _)| id.starts_with("preflight")))
    })
}

/// Where a node's text ends: the end of its last scalar (a collection's own end marker may sit on
/// the next key's line).
fn content_end(node: &Node) -> usize {
    match node {
        Node::Seq { items, .. } => items.iter().map(|n| content_end(n)).max().unwrap_or(node.span().end()),
        Node::Map { entries, .. } => entries
            .iter()
            .map(|(k, v)| content_end(k).max(content_end(v)))
            .max()
            .unwrap_or(node.span().end()),
        _ => node.span().end(),
    }
}

/// The number of items of the `repos:` list and whether one runs preflight.
fn repos_of(text: &str) -> Result<Option<(usize, bool)>, String> {
    let mut unread = Vec::new();
    let docs = yaml::parse(text, "yaml", &mut unread);
    if let Some(u) = unread.first() {
        return Err(u.message.clone());
    }
    let Some(root) = docs.first() else {
        return Ok(None);
    };
    match yaml::get(root, "repos").as_deref() {
        Some(Node::Seq { items, .. }) => Ok(Some((items.len(), items.iter().any(|i| runs_preflight(i))))),
        _ => Ok(None),
    }
}

/// Adds preflight's repo entry to the text of an existing `.pre-commit-config.yaml`.
pub fn add(text: &str, shown: &str) -> Result<Added, String> {
    let refuse = |why: &str| format!("{shown}: {why}; add this to its `repos:` by hand:\n{}", entry(2, "\n"));
    let mut unread = Vec::new();
    let docs = yaml::parse(text, "yaml", &mut unread);
    if let Some(u) = unread.first() {
        return Err(format!("{shown} does not parse as YAML: {}", u.message));
    }
    let nl = newline_of(text);
    let root = docs.first().map(|d| &**d);
    // empty, or comments only
    let empty = match root {
        None => true,
        Some(Node::Scalar { value, .. }) => value.is_empty(),
        Some(_) => false,
    };
    let (at, insert) = match root {
        _ if empty => {
            let sep = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                nl
            };
            (text.len(), format!("{sep}repos:{nl}{}", entry(2, nl)))
        }
        Some(root @ Node::Map { .. }) => match yaml::get(root, "repos").as_deref() {
            None => {
                let sep = if text.ends_with('\n') { "" } else { nl };
                (text.len(), format!("{sep}repos:{nl}{}", entry(2, nl)))
            }
            Some(Node::Seq { items, span, .. }) => {
                if items.iter().any(|i| runs_preflight(i)) {
                    return Ok(Added::Present);
                }
                if text[span.start()..].starts_with('[') {
                    return Err(refuse("its `repos:` is a flow list (`[…]`)"));
                }
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    return Err(refuse("its `repos:` list is empty"));
                };
                // the `-` before the first item gives the list's indentation
                let before = text[..first.span().start()].trim_end();
                if !before.ends_with('-') {
                    return Err(refuse("its `repos:` list is laid out in a way preflight does not edit"));
                }
                let dash = before.len() - 1;
                let indent = dash - text[..dash].rfind('\n').map_or(0, |i| i + 1);
                // after the line the last item ends on
                let end = content_end(last);
                let at = if text[..end].ends_with('\n') {
                    end
                } else {
                    text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
                };
                let sep = if at == text.len() && !text.ends_with('\n') {
                    nl
                } else {
                    ""
                };
                (at, format!("{sep}{}", entry(indent, nl)))
            }
            Some(_) => return Err(refuse("its `repos:` is not a list")),
        },
        _ => return Err(refuse("its top level is not a mapping")),
    };
    let out = format!("{}{insert}{}", &text[..at], &text[at..]);
    let was = repos_of(text)?.map_or(0, |r| r.0);
    match repos_of(&out) {
        Ok(Some((n, true))) if n == was + 1 => Ok(Added::Text(out)),
        _ => Err(refuse("the edited file did not read back as intended")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fresh_file_reads_back_with_both_hooks() {
        assert_eq!(repos_of(&fresh()).unwrap(), Some((1, true)));
        assert!(fresh().contains("- id: preflight-build-files\n"));
    }

    #[test]
    fn appended_after_the_last_repo_with_its_indentation() {
        let before = "default_stages: [pre-commit]\nrepos:\n- repo: https://github.com/psf/black\n  rev: 24.1.0\n  hooks:\n  - id: black # format\n# trailing\nci:\n  autofix_prs: false\n";
        let Added::Text(after) = add(before, "c.yaml").unwrap() else {
            panic!()
        };
        let at = before.find("# trailing").unwrap();
        assert_eq!(&after[..at], &before[..at]);
        assert!(
            after[at..].starts_with(&format!("- repo: {REPO}\n  rev: main")),
            "{after}"
        );
        assert!(after.ends_with("# trailing\nci:\n  autofix_prs: false\n"), "{after}");
        assert_eq!(add(&after, "c.yaml").unwrap(), Added::Present);
    }

    #[test]
    fn indented_lists_crlf_and_no_final_newline() {
        let before = "repos:\r\n    -   repo: local\r\n        hooks:\r\n        -   id: x\r\n            entry: ./x\r\n            language: system";
        let Added::Text(after) = add(before, "c.yaml").unwrap() else {
            panic!()
        };
        assert!(after.starts_with(before), "{after}");
        assert!(after.ends_with("language: system\r\n    - repo: https://github.com/preflight-rs/preflight\r\n      rev: main  # better pinned: a release tag or commit SHA (pre-commit never updates a branch)\r\n      hooks:\r\n        - id: preflight\r\n        # justfiles, Procfiles, Containerfiles: the build files pre-commit has no tag for\r\n        - id: preflight-build-files\r\n"), "{after:?}");
    }

    #[test]
    fn no_repos_key_comments_only_and_present_already() {
        let Added::Text(after) = add("# nothing yet\n", "c.yaml").unwrap() else {
            panic!()
        };
        assert!(after.starts_with("# nothing yet\nrepos:\n  - repo: "), "{after}");
        let Added::Text(after) = add("fail_fast: true", "c.yaml").unwrap() else {
            panic!()
        };
        assert!(after.starts_with("fail_fast: true\nrepos:\n  - repo: "), "{after}");
        let local = "repos:\n  - repo: local\n    hooks:\n      - id: guard\n        name: guard\n        entry: preflight check\n        language: system\n";
        assert_eq!(add(local, "c.yaml").unwrap(), Added::Present);
        let git = "repos:\n  - repo: https://github.com/preflight-rs/preflight.git\n    rev: v1\n    hooks: [{id: preflight}]\n";
        assert_eq!(add(git, "c.yaml").unwrap(), Added::Present);
    }

    #[test]
    fn shapes_it_does_not_edit_are_refused_with_the_snippet() {
        for bad in ["repos: []\n", "repos: 3\n", "- a\n- b\n", "repos:\n  - [\n"] {
            let e = add(bad, "c.yaml").unwrap_err();
            assert!(e.starts_with("c.yaml"), "{e}");
        }
        assert!(add("repos: []\n", "c.yaml").unwrap_err().contains(REPO));
    }
}
