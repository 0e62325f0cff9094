//! Adding a hook entry to an agent's settings file, JSON (with comments, trailing commas, a BOM)
//! or TOML (Codex's `config.toml`): the rest of the file is kept as written, an entry that
//! already runs preflight is left alone, and a file that does not parse is refused. Every edit is
//! read back and compared with the intended result before anything is written.

use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstInputValue, CstRootNode};
use serde_json::{Map, Value};

/// A JSON value whose object keys keep the order they are written in (`serde_json`'s maps sort
/// them), for the entries added to settings files.
#[derive(Clone, Debug)]
pub enum Entry {
    Str(String),
    Num(u64),
    Bool(bool),
    List(Vec<Entry>),
    Obj(Vec<(&'static str, Entry)>),
}

impl Entry {
    pub fn to_value(&self) -> Value {
        match self {
            Entry::Str(s) => Value::from(s.as_str()),
            Entry::Num(n) => Value::from(*n),
            Entry::Bool(b) => Value::from(*b),
            Entry::List(v) => Value::Array(v.iter().map(Entry::to_value).collect()),
            Entry::Obj(v) => Value::Object(v.iter().map(|(k, v)| ((*k).to_owned(), v.to_value())).collect()),
        }
    }

    fn to_cst(&self) -> CstInputValue {
        match self {
            Entry::Str(s) => CstInputValue::String(s.clone()),
            Entry::Num(n) => CstInputValue::Number(n.to_string()),
            Entry::Bool(b) => CstInputValue::Bool(*b),
            Entry::List(v) => CstInputValue::Array(v.iter().map(Entry::to_cst).collect()),
            Entry::Obj(v) => CstInputValue::Object(v.iter().map(|(k, v)| ((*k).to_owned(), v.to_cst())).collect()),
        }
    }

    fn to_toml(&self) -> toml_edit::Item {
        use toml_edit::{ArrayOfTables, Item, Table, value};
        match self {
            Entry::Str(s) => value(s.as_str()),
            Entry::Num(n) => value(*n as i64),
            Entry::Bool(b) => value(*b),
            // lists of objects are arrays of tables (`[[hooks.PreToolUse.hooks]]`)
            Entry::List(v) => {
                let mut a = ArrayOfTables::new();
                for e in v {
                    if let Item::Table(t) = e.to_toml() {
                        a.push(t);
                    }
                }
                Item::ArrayOfTables(a)
            }
            Entry::Obj(v) => {
                let mut t = Table::new();
                for (k, e) in v {
                    t.insert(k, e.to_toml());
                }
                Item::Table(t)
            }
        }
    }
}

/// The hook entries an agent's settings file should hold: one per event.
#[derive(Clone, Debug)]
pub struct Hooks {
    /// `"version": 1` at the top, for the formats that require it (Cursor, Copilot).
    pub version: bool,
    pub events: Vec<(&'static str, Entry)>,
}

/// What adding the hooks came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Merged {
    /// The new text, and the events that got an entry.
    Changed(String, Vec<&'static str>),
    /// Every event already runs preflight.
    Present,
}

/// Whether a value (an event's list of entries) runs `preflight hook` somewhere: a string whose
/// words include `preflight` (or a path ending in it) followed by `hook`.
pub fn runs_preflight(v: &Value) -> bool {
    match v {
        Value::String(s) => {
            let words: Vec<&str> = s.split_whitespace().collect();
            words.windows(2).any(|w| {
                let name = w[0].rsplit(['/', '\\']).next().unwrap_or(w[0]);
                matches!(name, "preflight" | "preflight.exe") && w[1] == "hook"
            })
        }
        Value::Array(a) => a.iter().any(runs_preflight),
        Value::Object(o) => o.values().any(runs_preflight),
        _ => false,
    }
}

/// The events of `hooks` that `current` (the file's whole value) lacks; an error (for `shown`)
/// where the file's shape is not the agent's.
fn missing<'h>(current: &Value, hooks: &'h Hooks, shown: &str) -> Result<Vec<&'h (&'static str, Entry)>, String> {
    let Value::Object(top) = current else {
        return Err(format!("{shown}: the top level is not an object"));
    };
    let events = match top.get("hooks") {
        None => None,
        Some(Value::Object(o)) => Some(o),
        Some(_) => return Err(format!("{shown}: `hooks` is not an object")),
    };
    let mut out = Vec::new();
    for e in &hooks.events {
        match events.and_then(|o| o.get(e.0)) {
            None => out.push(e),
            Some(list @ Value::Array(_)) => {
                if !runs_preflight(list) {
                    out.push(e)
                }
            }
            Some(_) => return Err(format!("{shown}: `hooks.{}` is not a list", e.0)),
        }
    }
    Ok(out)
}

/// `current` with the entries added, as the edited file must read back.
fn expected(current: &Value, version: bool, added: &[&(&'static str, Entry)]) -> Value {
    let mut v = current.clone();
    let top = v.as_object_mut().expect("checked by `missing`");
    if version && !top.contains_key("version") {
        top.insert("version".into(), Value::from(1));
    }
    let hooks = top
        .entry("hooks")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .expect("checked by `missing`");
    for (event, entry) in added {
        hooks
            .entry(*event)
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
            .expect("checked by `missing`")
            .push(entry.to_value());
    }
    v
}

const BOM: &str = "\u{feff}";

fn parse_json(text: &str, shown: &str) -> Result<(CstRootNode, Value), String> {
    let root = CstRootNode::parse(text, &ParseOptions::default())
        .map_err(|e| format!("{shown} does not parse as JSON ({e}): fix it, or move it away, and run again"))?;
    let value = match root.value() {
        None => Value::Object(Map::new()),
        Some(v) => v
            .to_serde_value()
            .ok_or_else(|| format!("{shown} holds a value JSON cannot represent"))?,
    };
    Ok((root, value))
}

/// A settings file's value, read as the agents read it: comments, trailing commas and a
/// byte-order mark allowed; an empty file is an empty object.
pub fn read_json(text: &str, shown: &str) -> Result<Value, String> {
    parse_json(text.strip_prefix(BOM).unwrap_or(text), shown).map(|(_, v)| v)
}

/// Adds `hooks` to a JSON settings file's text (`None`: the file does not exist yet). Comments,
/// layout, key order and a byte-order mark are kept.
pub fn merge_json(text: Option<&str>, hooks: &Hooks, shown: &str) -> Result<Merged, String> {
    let text = text.unwrap_or("");
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", text),
    };
    let (root, current) = parse_json(body, shown)?;
    let todo = missing(&current, hooks, shown)?;
    if todo.is_empty() {
        return Ok(Merged::Present);
    }
    let fresh = root.value().is_none();
    let top = root.object_value_or_set();
    if hooks.version && top.get("version").is_none() {
        top.insert(0, "version", CstInputValue::Number("1".into()));
    }
    let events = top
        .object_value_or_create("hooks")
        .ok_or_else(|| format!("{shown}: `hooks` is not an object"))?;
    for (event, entry) in &todo {
        events
            .array_value_or_create(event)
            .ok_or_else(|| format!("{shown}: `hooks.{event}` is not a list"))?
            .append(entry.to_cst());
    }
    let mut out = format!("{bom}{root}");
    if fresh && !out.ends_with('\n') {
        out.push('\n');
    }
    let (_, reread) = parse_json(out.trim_start_matches(BOM), shown)?;
    if reread != expected(&current, hooks.version, &todo) {
        return Err(format!(
            "{shown}: the edited file did not read back as intended (a preflight bug)"
        ));
    }
    Ok(Merged::Changed(out, todo.iter().map(|e| e.0).collect()))
}

/// Adds `hooks` to the `[hooks]` tables of a TOML file (Codex's `config.toml`): new
/// `[[hooks.EVENT]]` tables at the end, everything else as written.
pub fn merge_toml(text: &str, hooks: &Hooks, shown: &str) -> Result<Merged, String> {
    let current: toml::Table = toml::from_str(text)
        .map_err(|e| format!("{shown} does not parse as TOML ({e}): fix it, or move it away, and run again"))?;
    let current = serde_json::to_value(&current).map_err(|e| format!("{shown}: {e}"))?;
    let todo = missing(&current, hooks, shown)?;
    if todo.is_empty() {
        return Ok(Merged::Present);
    }
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("{shown} does not parse as TOML ({e}): fix it, or move it away, and run again"))?;
    let table = doc
        .entry("hooks")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| format!("{shown}: `hooks` is not a table"))?;
    for (event, entry) in &todo {
        let list = table
            .entry(event)
            .or_insert(toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
            .as_array_of_tables_mut()
            .ok_or_else(|| format!("{shown}: `hooks.{event}` is not an array of tables (`[[hooks.{event}]]`)"))?;
        if let toml_edit::Item::Table(t) = entry.to_toml() {
            list.push(t);
        }
    }
    let out = doc.to_string();
    let reread: toml::Table = toml::from_str(&out).map_err(|e| format!("{shown}: {e}"))?;
    let reread = serde_json::to_value(&reread).map_err(|e| format!("{shown}: {e}"))?;
    if reread != expected(&current, false, &todo) {
        return Err(format!(
            "{shown}: the edited file did not read back as intended (a preflight bug)"
        ));
    }
    Ok(Merged::Changed(out, todo.iter().map(|e| e.0).collect()))
}

/// Whether a TOML text has a `hooks` key (Codex keeps its hooks there rather than in
/// `hooks.json`), and whether they run preflight.
pub fn toml_hooks(text: &str) -> Option<bool> {
    let t: toml::Table = toml::from_str(text).ok()?;
    let hooks = t.get("hooks")?;
    Some(runs_preflight(&serde_json::to_value(hooks).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claude() -> Hooks {
        Hooks {
            version: false,
            events: vec![(
                "PreToolUse",
                Entry::Obj(vec![
                    ("matcher", Entry::Str("Bash".into())),
                    (
                        "hooks",
                        Entry::List(vec![Entry::Obj(vec![
                            ("type", Entry::Str("command".into())),
                            ("command", Entry::Str("preflight hook claude-code".into())),
                            ("timeout", Entry::Num(30)),
                        ])]),
                    ),
                ]),
            )],
        }
    }

    #[test]
    fn a_new_file_is_the_entry_alone() {
        let Merged::Changed(text, events) = merge_json(None, &claude(), "s.json").unwrap() else {
            panic!()
        };
        assert_eq!(events, ["PreToolUse"]);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v["hooks"]["PreToolUse"][0]["hooks"][0]["command"],
            "preflight hook claude-code"
        );
        assert!(text.ends_with("}\n"), "{text}");
        // keys in the order written
        assert!(
            text.find("\"matcher\"").unwrap() < text.find("\"hooks\": [").unwrap(),
            "{text}"
        );
    }

    #[test]
    fn comments_commas_and_the_bom_are_kept() {
        let before = "\u{feff}{\n  // my model\n  \"model\": \"opus\",\n  \"hooks\": {\n    \"PreToolUse\": [\n      {\"matcher\": \"Edit\", \"hooks\": [{\"type\": \"command\", \"command\": \"fmt\"}]},\n    ],\n  },\n}\n";
        let Merged::Changed(text, _) = merge_json(Some(before), &claude(), "s.json").unwrap() else {
            panic!()
        };
        assert!(
            text.starts_with("\u{feff}{\n  // my model\n  \"model\": \"opus\",\n"),
            "{text}"
        );
        assert!(text.contains("\"command\": \"fmt\""), "{text}");
        assert!(text.contains("preflight hook claude-code"), "{text}");
        assert_eq!(merge_json(Some(&text), &claude(), "s.json").unwrap(), Merged::Present);
    }

    #[test]
    fn wrong_shapes_and_bad_json_are_refused() {
        for bad in [
            "{\"hooks\": [",
            "[1, 2]",
            "{\"hooks\": []}",
            "{\"hooks\": {\"PreToolUse\": {}}}",
        ] {
            let e = merge_json(Some(bad), &claude(), "s.json").unwrap_err();
            assert!(e.starts_with("s.json"), "{e}");
        }
    }

    #[test]
    fn toml_gets_arrays_of_tables_after_the_rest() {
        let mut h = claude();
        h.events[0].1 = Entry::Obj(vec![
            ("matcher", Entry::Str("Bash|mcp__.*".into())),
            (
                "hooks",
                Entry::List(vec![Entry::Obj(vec![
                    ("type", Entry::Str("command".into())),
                    ("command", Entry::Str("preflight hook codex".into())),
                    ("timeout", Entry::Num(30)),
                ])]),
            ),
        ]);
        let before = "# mine\nmodel = \"o3\"\n\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = \"command\"\ncommand = \"notify\"\n";
        let Merged::Changed(text, _) = merge_toml(before, &h, "config.toml").unwrap() else {
            panic!()
        };
        assert!(text.starts_with(before), "{text}");
        assert!(
            text.contains("[[hooks.PreToolUse]]\nmatcher = \"Bash|mcp__.*\"\n\n[[hooks.PreToolUse.hooks]]\ntype = \"command\"\ncommand = \"preflight hook codex\"\ntimeout = 30\n"),
            "{text}"
        );
        assert_eq!(merge_toml(&text, &h, "config.toml").unwrap(), Merged::Present);
        assert_eq!(toml_hooks(&text), Some(true));
        assert_eq!(toml_hooks(before), Some(false));
        assert!(merge_toml("hooks = 1\n", &h, "config.toml").is_err());
    }

    #[test]
    fn preflight_is_recognised_by_its_words() {
        for yes in ["preflight hook codex", "/usr/local/bin/preflight hook codex --strict"] {
            assert!(runs_preflight(&Value::from(yes)), "{yes}");
        }
        for no in ["preflight-hook", "echo preflight", "my-preflight hook"] {
            assert!(!runs_preflight(&Value::from(no)), "{no}");
        }
    }
}
