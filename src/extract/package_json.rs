//! `package.json`: each `scripts` entry is a shell command line that `npm run NAME` (`yarn`,
//! `pnpm`, `bun`) runs, a snippet with origin `npm:NAME`, mapped back to the string's
//! characters (escapes included). `preNAME`/`postNAME` hooks are scripts like the others.
//! (`plan::scripts` reads the same scripts when a shell command runs `npm run NAME`.)

use jsonc_parser::ast::Value;

use super::json::{decoded, parse_checked, parse_object, prop};
use super::{Extracted, Snippet, SnippetLang};
use crate::lang::Lang;
use crate::source::OffsetMap;

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let Some(o) = parse_object(
        text,
        Lang::PackageJson.as_str(),
        "a package.json is a JSON object; this one is not and was not read",
        &mut out,
    ) else {
        return out;
    };
    for (name, code, map) in scripts_of(text, &o) {
        if !code.trim().is_empty() {
            out.snippets
                .push(Snippet::new(SnippetLang::Shell, code, map, format!("npm:{name}")));
        }
    }
    out
}

/// The `scripts` of a package.json text, in the order they are written: name, command line and
/// its map to the text. `None`: the text is not a JSON object.
pub fn scripts(text: &str) -> Option<Vec<(String, String, OffsetMap)>> {
    match parse_checked(text).ok()?? {
        Value::Object(o) => Some(scripts_of(text, &o)),
        _ => None,
    }
}

fn scripts_of(text: &str, o: &jsonc_parser::ast::Object) -> Vec<(String, String, OffsetMap)> {
    let Some(Value::Object(scripts)) = prop(o, "scripts") else {
        return Vec::new();
    };
    let identity = OffsetMap::identity(0);
    scripts
        .properties
        .iter()
        .filter_map(|p| {
            let (code, map) = decoded(text, &identity, &p.value)?;
            Some((p.name.as_str().to_owned(), code, map))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::UnreadKind;
    use crate::extract::testing::origins_and_texts;

    #[test]
    fn scripts_with_offsets() {
        let src = "{\n  \"name\": \"shop\",\n  \"scripts\": {\n    \"clean\": \"rm -rf node_modules dist\",\n    \"db:reset\": \"psql -c \\\"DROP DATABASE shop\\\"\",\n    \"n\": 1\n  }\n}\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty());
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("npm:clean", "rm -rf node_modules dist"),
                ("npm:db:reset", "psql -c \"DROP DATABASE shop\"")
            ]
        );
        let s = &ex.snippets[1];
        let i = s.text.find("DROP").unwrap();
        assert_eq!(&src[s.map.map(i)..s.map.map(i) + 4], "DROP");
    }

    #[test]
    fn bad_input() {
        let ex = extract("{\"scripts\": {\"a\": \"rm -rf /\"");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert_eq!(extract("[1]").unread[0].kind, UnreadKind::Malformed);
        assert!(extract("").unread.is_empty());
        assert!(extract("{\"scripts\": [\"rm -rf /\"]}").snippets.is_empty());
    }
}
