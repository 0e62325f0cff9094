//! GraphQL front end: graphql-parser reads the document; the IR keeps each operation's root
//! fields (fragments and inline fragments resolved) with their arguments and byte spans.

use std::collections::{BTreeMap, HashSet};

use graphql_parser::Pos;
use graphql_parser::query as q;

use crate::source::Span;

/// The kind of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    Query,
    Mutation,
    Subscription,
}

impl OpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Query => "query",
            OpKind::Mutation => "mutation",
            OpKind::Subscription => "subscription",
        }
    }
}

/// An argument value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Variable(String),
    Int(i64),
    Float(f64),
    String(String),
    Boolean(bool),
    Null,
    Enum(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
    /// A value only known at run time (a shell variable, as the script reads: `$REF_ID`).
    Dynamic(String),
}

impl Value {
    fn from_ast(v: &q::Value<'_, String>) -> Value {
        match v {
            q::Value::Variable(n) => Value::Variable(n.clone()),
            q::Value::Int(n) => Value::Int(n.as_i64().unwrap_or(i64::MAX)),
            q::Value::Float(f) => Value::Float(*f),
            q::Value::String(s) => Value::String(s.clone()),
            q::Value::Boolean(b) => Value::Boolean(*b),
            q::Value::Null => Value::Null,
            q::Value::Enum(e) => Value::Enum(e.clone()),
            q::Value::List(l) => Value::List(l.iter().map(Value::from_ast).collect()),
            q::Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), Value::from_ast(v))).collect()),
        }
    }

    /// Converts a JSON value (from a request's `variables`).
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Boolean(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
            }
        }
    }

    /// Replaces `$var` references with the values given (unknown ones stay variables).
    pub fn resolve(&self, vars: &BTreeMap<String, Value>) -> Value {
        match self {
            Value::Variable(n) => vars.get(n).cloned().unwrap_or_else(|| self.clone()),
            Value::List(l) => Value::List(l.iter().map(|v| v.resolve(vars)).collect()),
            Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), v.resolve(vars))).collect()),
            other => other.clone(),
        }
    }

    /// A short rendering for messages.
    pub fn display(&self) -> String {
        match self {
            Value::Variable(n) => format!("${n}"),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::String(s) => format!("{s:?}"),
            Value::Boolean(b) => b.to_string(),
            Value::Null => "null".into(),
            Value::Enum(e) | Value::Dynamic(e) => e.clone(),
            Value::List(l) => format!("[{}]", l.iter().map(Value::display).collect::<Vec<_>>().join(", ")),
            Value::Object(o) => {
                format!(
                    "{{{}}}",
                    o.iter()
                        .map(|(k, v)| format!("{k}: {}", v.display()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
    }
}

/// A field selected at the root of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub alias: Option<String>,
    pub name: String,
    pub args: Vec<(String, Value)>,
    /// The whole field: name, arguments, directives and selection set.
    pub span: Span,
    /// Selected under `@include`/`@skip`: it may or may not run.
    pub conditional: bool,
    /// Names of the fields selected inside it (one level), for lookups.
    pub selects: Vec<String>,
}

impl Field {
    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// An operation with its root fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub kind: OpKind,
    pub name: Option<String>,
    pub span: Span,
    /// Declared variables with their default values.
    pub variables: Vec<(String, Option<Value>)>,
    pub fields: Vec<Field>,
}

/// A parsed executable document (an SDL schema parses to a document with no operations).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub operations: Vec<Operation>,
    /// The text was a schema (type system definitions), not operations.
    pub is_schema: bool,
}

/// A GraphQL parse error with the parser's position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

/// Parses a GraphQL document.
pub fn parse(text: &str) -> Result<Document, ParseError> {
    let doc = match q::parse_query::<String>(text) {
        Ok(doc) => doc,
        Err(err) => {
            if graphql_parser::parse_schema::<String>(text).is_ok() || starts_like_sdl(text) {
                return Ok(Document {
                    operations: Vec::new(),
                    is_schema: true,
                });
            }
            return Err(parse_error(text, &err.to_string()));
        }
    };
    let lines = PosIndex::new(text);
    let fragments: BTreeMap<&str, &q::FragmentDefinition<String>> = doc
        .definitions
        .iter()
        .filter_map(|d| match d {
            q::Definition::Fragment(f) => Some((f.name.as_str(), f)),
            _ => None,
        })
        .collect();
    let mut operations = Vec::new();
    for def in &doc.definitions {
        let q::Definition::Operation(op) = def else {
            continue;
        };
        let (kind, name, pos, vars, set) = match op {
            q::OperationDefinition::SelectionSet(s) => (OpKind::Query, None, s.span.0, &[][..], s),
            q::OperationDefinition::Query(o) => (
                OpKind::Query,
                o.name.clone(),
                o.position,
                &o.variable_definitions[..],
                &o.selection_set,
            ),
            q::OperationDefinition::Mutation(o) => (
                OpKind::Mutation,
                o.name.clone(),
                o.position,
                &o.variable_definitions[..],
                &o.selection_set,
            ),
            q::OperationDefinition::Subscription(o) => (
                OpKind::Subscription,
                o.name.clone(),
                o.position,
                &o.variable_definitions[..],
                &o.selection_set,
            ),
        };
        let start = lines.offset(text, pos);
        let end = lines.offset(text, set.span.1) + 1;
        let mut fields = Vec::new();
        let mut seen = HashSet::new();
        collect_fields(text, &lines, set, &fragments, false, &mut seen, &mut fields);
        operations.push(Operation {
            kind,
            name,
            span: Span::new(start, end.min(text.len()).max(start)),
            variables: vars
                .iter()
                .map(|v| (v.name.clone(), v.default_value.as_ref().map(Value::from_ast)))
                .collect(),
            fields,
        });
    }
    Ok(Document {
        operations,
        is_schema: false,
    })
}

/// Whether the first definition of a document is a type-system one (`type`, `schema`,
/// `extend`, `directive` …), after comments and descriptions.
fn starts_like_sdl(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '\u{feff}');
        if let Some(r) = rest.strip_prefix('#') {
            rest = r.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(r) = rest.strip_prefix("\"\"\"") {
            rest = r.split_once("\"\"\"").map_or("", |(_, r)| r);
        } else if let Some(r) = rest.strip_prefix('"') {
            rest = r.split_once('"').map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    matches!(
        word.as_str(),
        "type" | "schema" | "extend" | "directive" | "scalar" | "enum" | "input" | "interface" | "union"
    )
}

fn collect_fields(
    text: &str,
    lines: &PosIndex,
    set: &q::SelectionSet<String>,
    fragments: &BTreeMap<&str, &q::FragmentDefinition<String>>,
    conditional: bool,
    seen: &mut HashSet<String>,
    out: &mut Vec<Field>,
) {
    for sel in &set.items {
        match sel {
            q::Selection::Field(f) => {
                let start = lines.offset(text, f.position);
                let end = field_end(text, start);
                out.push(Field {
                    alias: f.alias.clone(),
                    name: f.name.clone(),
                    args: f
                        .arguments
                        .iter()
                        .map(|(n, v)| (n.clone(), Value::from_ast(v)))
                        .collect(),
                    span: Span::new(start, end),
                    conditional: conditional || has_condition(&f.directives),
                    selects: f
                        .selection_set
                        .items
                        .iter()
                        .filter_map(|s| match s {
                            q::Selection::Field(inner) => Some(inner.name.clone()),
                            _ => None,
                        })
                        .collect(),
                });
            }
            q::Selection::FragmentSpread(s) => {
                // a fragment spread twice (or recursively) is resolved once
                if !seen.insert(s.fragment_name.clone()) {
                    continue;
                }
                if let Some(frag) = fragments.get(s.fragment_name.as_str()) {
                    let cond = conditional || has_condition(&s.directives);
                    collect_fields(text, lines, &frag.selection_set, fragments, cond, seen, out);
                }
            }
            q::Selection::InlineFragment(i) => {
                let cond = conditional || has_condition(&i.directives);
                collect_fields(text, lines, &i.selection_set, fragments, cond, seen, out);
            }
        }
    }
}

fn has_condition(dirs: &[q::Directive<String>]) -> bool {
    dirs.iter().any(|d| d.name == "include" || d.name == "skip")
}

/// Turns graphql-parser positions (1-based line, column in characters with a tab counting 8)
/// into byte offsets.
struct PosIndex {
    starts: Vec<usize>,
}

impl PosIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        PosIndex { starts }
    }

    fn offset(&self, text: &str, pos: Pos) -> usize {
        let Some(&start) = self.starts.get(pos.line.saturating_sub(1)) else {
            return text.len();
        };
        let mut col = 1;
        for (i, c) in text[start..].char_indices() {
            if col >= pos.column || c == '\n' {
                return start + i;
            }
            col += match c {
                '\t' => 8,
                '\r' | '\u{feff}' => 0,
                _ => 1,
            };
        }
        text.len()
    }
}

/// The end of a field starting at `start`: its name, arguments, directives and selection set.
fn field_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let name_end = |mut i: usize| {
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        i
    };
    let mut end = name_end(start);
    loop {
        let j = skip_ignored(b, end);
        match b.get(j) {
            Some(b':') => {
                // `alias: name`
                end = name_end(skip_ignored(b, j + 1));
            }
            Some(b'(') | Some(b'{') => match matching(b, j) {
                Some(close) => {
                    end = close + 1;
                    if b[j] == b'{' {
                        return end;
                    }
                }
                None => return end,
            },
            Some(b'@') => end = name_end(j + 1),
            _ => return end,
        }
    }
}

/// Skips whitespace, commas and comments.
fn skip_ignored(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    i
}

/// The index of the bracket closing the one at `open`, skipping strings and comments.
fn matching(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                if b[i..].starts_with(b"\"\"\"") {
                    i += 3;
                    while i < b.len() && !(b[i..].starts_with(b"\"\"\"") && b[i - 1] != b'\\') {
                        i += 1;
                    }
                    i += 2;
                } else {
                    i += 1;
                    while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                        if b[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A parse error with a span at the parser's `line:column`, when it gives one.
fn parse_error(text: &str, msg: &str) -> ParseError {
    let message = msg
        .trim()
        .trim_start_matches("query parse error: ")
        .replace('\n', " ")
        .trim()
        .to_owned();
    let span = (|| {
        let at = msg.find("at ")?;
        let rest = &msg[at + 3..];
        let (line, rest) = rest.split_once(':')?;
        let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let pos = Pos {
            line: line.trim().parse().ok()?,
            column: col.parse().ok()?,
        };
        let off = PosIndex::new(text).offset(text, pos);
        let end = text[off..].chars().next().map_or(off, |c| off + c.len_utf8());
        Some(Span::new(off, end))
    })()
    .unwrap_or_else(|| Span::new(0, text.len().min(1)));
    ParseError { message, span }
}

/// Splits a GraphQL name into lowercase words: `projectScheduleDeleteForce` →
/// `project schedule delete force`, `delete_users` → `delete users`, `HTTPRequestDelete` →
/// `http request delete`.
pub fn name_tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = name.chars().collect();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && !cur.is_empty()
            && (chars[i - 1].is_lowercase()
                || chars[i - 1].is_ascii_digit()
                || chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert_eq!(
            name_tokens("projectScheduleDeleteForce"),
            ["project", "schedule", "delete", "force"]
        );
        assert_eq!(name_tokens("delete_users"), ["delete", "users"]);
        assert_eq!(name_tokens("HTTPRequestDelete"), ["http", "request", "delete"]);
        assert_eq!(name_tokens("volumeDelete"), ["volume", "delete"]);
    }

    #[test]
    fn root_fields_with_spans() {
        let src = "# c\nmutation {\n  keep: volumeDelete(volumeId: \"x\")\n}\n";
        let doc = parse(src).unwrap();
        let op = &doc.operations[0];
        assert_eq!(op.kind, OpKind::Mutation);
        let f = &op.fields[0];
        assert_eq!(f.name, "volumeDelete");
        assert_eq!(f.alias.as_deref(), Some("keep"));
        assert_eq!(&src[f.span.range()], "keep: volumeDelete(volumeId: \"x\")");
        assert_eq!(f.arg("volumeId"), Some(&Value::String("x".into())));
    }

    #[test]
    fn fragments_are_resolved() {
        let src = "mutation { ...F ... on Mutation { b: deleteRef(input: {refId: $r}) @include(if: $x) } }\nfragment F on Mutation { volumeDelete(volumeId: \"v\") { ok } }";
        let doc = parse(src).unwrap();
        let names: Vec<&str> = doc.operations[0].fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["volumeDelete", "deleteRef"]);
        assert!(doc.operations[0].fields[1].conditional);
        assert_eq!(
            &src[doc.operations[0].fields[0].span.range()],
            "volumeDelete(volumeId: \"v\") { ok }"
        );
    }

    #[test]
    fn recursive_fragments_terminate() {
        let src = "query { ...A } fragment A on Query { ...B x } fragment B on Query { ...A y }";
        let doc = parse(src).unwrap();
        assert_eq!(doc.operations[0].fields.len(), 2);
    }

    #[test]
    fn errors_have_positions() {
        let src = "mutation {\n  volumeDelete(volumeId: )\n}";
        let err = parse(src).unwrap_err();
        assert_eq!(&src[err.span.range()], ")");
        assert!(parse("type Query { a: Int }").unwrap().is_schema);
        assert!(
            parse("# c\n\"\"\"doc\"\"\"\nextend schema @link(url: \"x\") @weird(")
                .unwrap()
                .is_schema
        );
    }

    #[test]
    fn tabs_and_unicode_positions() {
        let src = "mutation {\n\t\"é\" x: a }";
        // a comment-free line with a tab: the parser counts a tab as 8 columns
        let _ = parse(src);
        let src = "mutation {\n\tvolumeDelete(volumeId: \"é\")\n}";
        let doc = parse(src).unwrap();
        assert_eq!(
            &src[doc.operations[0].fields[0].span.range()],
            "volumeDelete(volumeId: \"é\")"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("query {}{}", "{ a ".repeat(10_000), "}".repeat(10_000));
        assert!(parse(&src).is_err());
    }
}
