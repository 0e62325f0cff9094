//! `devcontainer.json` (JSON with comments and trailing commas): the lifecycle commands
//! `initializeCommand` (run on the host, before the container exists), `onCreateCommand`,
//! `updateContentCommand`, `postCreateCommand`, `postStartCommand` and `postAttachCommand`.
//! Each is a string (run by a shell), a list (the words of one command, no shell) or an object
//! of named commands run in parallel, each a string or a list. Origins are
//! `devcontainer:KEY` and `devcontainer:KEY/NAME`; the configuration's `name` is a note.
//! The variables the dev container CLI fills in before a string runs (`${localEnv:HOME}`,
//! `${containerEnv:PATH}`, `${localWorkspaceFolder}` …) become quoted run-time values
//! (`"${HOME}"`, `"${localWorkspaceFolder}"`).

use jsonc_parser::ast::Value;

use super::json::{argv, decoded, parse_object, prop, span_of, str_prop};
use super::{Extracted, Note, Snippet, SnippetLang, TextBuilder};
use crate::lang::Lang;
use crate::source::OffsetMap;

/// The lifecycle commands, in the order they run.
const HOOKS: &[&str] = &[
    "initializeCommand",
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
];

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let origin = Lang::Devcontainer.as_str();
    let Some(o) = parse_object(
        text,
        origin,
        "a devcontainer.json is a JSON object; this one is not and was not read",
        &mut out,
    ) else {
        return out;
    };
    let o = &o;
    if let Some(name) = str_prop(o, "name")
        && let Some(v) = prop(o, "name")
    {
        out.notes.push(Note {
            text: name.to_owned(),
            span: span_of(jsonc_parser::common::Ranged::range(v)),
            scope: None,
        });
    }
    for hook in HOOKS {
        let Some(v) = prop(o, hook) else { continue };
        let origin = format!("devcontainer:{hook}");
        match v {
            Value::Object(named) => {
                for p in &named.properties {
                    command(text, &p.value, &format!("{origin}/{}", p.name.as_str()), &mut out);
                }
            }
            v => command(text, v, &origin, &mut out),
        }
    }
    out
}

/// A string (shell code) or a list of words.
fn command(text: &str, v: &Value, origin: &str, out: &mut Extracted) {
    let identity = OffsetMap::identity(0);
    match v {
        Value::Array(a) => argv(text, &identity, &a.elements, out, origin),
        v => {
            if let Some((code, map)) = decoded(text, &identity, v)
                && !code.trim().is_empty()
            {
                let (code, map) = substitute(&code, &map);
                out.snippets.push(Snippet::new(SnippetLang::Shell, code, map, origin));
            }
        }
    }
}

/// The variables of a workspace's configuration a dev container tool replaces.
const WORKSPACE_VARS: &[&str] = &[
    "localWorkspaceFolder",
    "containerWorkspaceFolder",
    "localWorkspaceFolderBasename",
    "containerWorkspaceFolderBasename",
    "devcontainerId",
];

/// `code` (mapped by `map`) with the dev container variables replaced by quoted shell
/// variables: `${localEnv:NAME}` and `${containerEnv:NAME}` by `"${NAME}"` (with a default,
/// `${localEnv:NAME:dflt}`, by `"${NAME:-dflt}"`), `${localWorkspaceFolder}` … by themselves.
fn substitute(code: &str, map: &OffsetMap) -> (String, OffsetMap) {
    let mut b = TextBuilder::new();
    let mut i = 0;
    while i < code.len() {
        if code[i..].starts_with("${")
            && let Some(len) = code[i + 2..].find('}')
        {
            let inner = &code[i + 2..i + 2 + len];
            let var = match inner.split_once(':') {
                Some(("localEnv" | "containerEnv" | "env", rest)) => match rest.split_once(':') {
                    Some((name, default)) => Some(format!("{name}:-{default}")),
                    None => Some(rest.to_owned()),
                },
                None if WORKSPACE_VARS.contains(&inner) => Some(inner.to_owned()),
                _ => None,
            };
            if let Some(var) = var.filter(|v| {
                v.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && v.split(":-")
                        .next()
                        .is_some_and(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            }) {
                b.push(&format!("\"${{{var}}}\""), map.map(i), false);
                i += len + 3;
                continue;
            }
        }
        let ch = code[i..].chars().next().expect("i is a char boundary");
        b.push(ch.encode_utf8(&mut [0; 4]), map.map(i), true);
        i += ch.len_utf8();
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::UnreadKind;
    use crate::extract::testing::origins_and_texts;

    #[test]
    fn lifecycle_commands() {
        let src = "// comment\n{\n  \"name\": \"staging box\",\n  \"initializeCommand\": \"rm -rf ${localWorkspaceFolder}/.cache ${localEnv:HOME:/root}\",\n  \"postCreateCommand\": {\n    \"deps\": \"npm ci\",\n    \"db\": [\"dropdb\", \"app\"],\n  },\n  \"postStartCommand\": [\"bash\", \"-c\", \"kubectl delete ns x\"],\n}\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                (
                    "devcontainer:initializeCommand",
                    "rm -rf \"${localWorkspaceFolder}\"/.cache \"${HOME:-/root}\""
                ),
                ("devcontainer:postCreateCommand/deps", "npm ci"),
                ("devcontainer:postCreateCommand/db", "'dropdb' 'app'"),
                ("devcontainer:postStartCommand", "kubectl delete ns x"),
            ]
        );
        let s = &ex.snippets[3];
        assert_eq!(&src[s.map.map(0)..s.map.map(0) + 7], "kubectl");
        assert_eq!(ex.notes[0].text, "staging box");
    }

    #[test]
    fn bad_input() {
        assert_eq!(
            extract("{\"postCreateCommand\": ").unread[0].kind,
            UnreadKind::Malformed
        );
        assert_eq!(extract("\"x\"").unread[0].kind, UnreadKind::Malformed);
        assert!(extract("{}").snippets.is_empty());
    }
}
