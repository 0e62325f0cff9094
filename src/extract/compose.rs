//! Docker Compose files: each service's `command` and `entrypoint`, its `healthcheck.test` and
//! the `command` of its `post_start`/`pre_stop` hooks, one snippet each, mapped back to the file;
//! service names, profiles, env files and environment variables that name an environment are
//! notes.
//!
//! A `command` string is not run by a shell: Compose splits it into words (quotes and
//! backslashes as a shell would) and runs the program. It is rebuilt here as those words, each
//! single-quoted, so `sh -c "…"` gets the nested analysis and `&&` is a word, not an operator;
//! a list is the words as they are. Only when the service's `entrypoint` is a shell with `-c`
//! (`["/bin/sh", "-c"]`) is a `command` string (or a list's first word) shell code. A healthcheck's `CMD-SHELL` (or a
//! string test) is run by the container's shell. Compose interpolates `${VAR}`,
//! `${VAR:-default}` and `$VAR` from the host before anything runs: they become quoted
//! run-time values (`"${VAR}"`); `$$` is a literal `$`.

use std::rc::Rc;

use super::yaml::{self, Commands, Node, align, get};
use super::{Extracted, TextBuilder, Unread, UnreadKind};
use crate::lang::Lang;

/// Whether a YAML text is a Compose file: a top-level `services:` mapping whose entries are
/// mappings, one of them with an `image:` or `build:` key. Reads lines, never parses.
pub fn sniff(text: &str) -> bool {
    let mut in_services = false;
    let mut service_indent: Option<usize> = None;
    for line in text.lines().take(10_000) {
        let t = line.trim_end();
        let body = t.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = t.len() - body.len();
        if indent == 0 {
            in_services = is_key(body, "services") && {
                let rest = body["services:".len()..].trim_start();
                rest.is_empty() || rest.starts_with('#')
            };
            service_indent = None;
            continue;
        }
        if !in_services {
            continue;
        }
        match service_indent {
            None if body.starts_with('-') || !body.contains(':') => in_services = false,
            None => service_indent = Some(indent),
            Some(si) if indent > si && (is_key(body, "image") || is_key(body, "build")) => return true,
            Some(_) => {}
        }
    }
    false
}

/// Whether a line's text starts with the mapping key `key`.
fn is_key(body: &str, key: &str) -> bool {
    body.strip_prefix(key)
        .is_some_and(|r| r.starts_with(':') && r[1..].chars().next().is_none_or(char::is_whitespace))
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let docs = yaml::parse(text, Lang::Compose.as_str(), &mut out.unread);
    let mut c = Commands::new(text, out);
    for doc in docs {
        match &*doc {
            Node::Map { .. } => file(&mut c, &doc),
            Node::Scalar { value, .. } if value.is_empty() || value == "~" || value == "null" => {}
            other => c.out.unread.push(Unread {
                span: other.span(),
                message:
                    "a Compose file is a YAML mapping (with `services:`); this document is not one and was not read"
                        .into(),
                kind: UnreadKind::Malformed,
                origin: Some(Lang::Compose.as_str().into()),
            }),
        }
    }
    c.out
}

fn file(c: &mut Commands, doc: &Node) {
    let Some(services) = get(doc, "services") else { return };
    let Node::Map { entries, .. } = &*services else { return };
    for (key, svc) in entries {
        let Some(name) = key.str() else { continue };
        if name == "<<" || !matches!(**svc, Node::Map { .. }) {
            continue;
        }
        c.note(name, key.span());
        notes(c, svc);
        let origin = |field: &str| format!("compose:{name}/{field}");
        let entrypoint = get(svc, "entrypoint");
        if let Some(e) = &entrypoint {
            command(c, e, &origin("entrypoint"));
        }
        if let Some(cmd) = get(svc, "command") {
            // after `sh -c`, the command string (or the list's first word) is the shell's code
            let code = match &*cmd {
                Node::Scalar { .. } => Some(cmd.clone()),
                Node::Seq { items, .. } => items.first().cloned(),
                _ => None,
            };
            match code {
                Some(code) if entrypoint.as_deref().is_some_and(runs_shell) => shell(c, &code, &origin("command")),
                _ => command(c, &cmd, &origin("command")),
            }
        }
        if let Some(test) = get(svc, "healthcheck").and_then(|h| get(&h, "test")) {
            healthcheck(c, &test, &origin("healthcheck"));
        }
        for hook in ["post_start", "pre_stop"] {
            if let Some(h) = get(svc, hook)
                && let Node::Seq { items, .. } = &*h
            {
                for item in items {
                    if let Some(cmd) = get(item, "command") {
                        command(c, &cmd, &origin(hook));
                    }
                }
            }
        }
    }
}

/// A service's profiles, env files and the environment variables that name an environment
/// (`APP_ENV: production`, `- NODE_ENV=staging`).
fn notes(c: &mut Commands, svc: &Node) {
    let scalars = |n: &Rc<Node>| -> Vec<(String, crate::source::Span)> {
        match &**n {
            Node::Scalar { value, span, .. } => vec![(value.clone(), *span)],
            Node::Seq { items, .. } => items
                .iter()
                .filter_map(|i| {
                    let i = get(i, "path").unwrap_or_else(|| i.clone());
                    i.str().map(|s| (s.to_owned(), i.span()))
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    if let Some(p) = get(svc, "profiles") {
        for (name, span) in scalars(&p) {
            c.note(&format!("profile: {name}"), span);
        }
    }
    if let Some(f) = get(svc, "env_file") {
        for (name, span) in scalars(&f) {
            c.note(&format!("env_file: {name}"), span);
        }
    }
    let Some(env) = get(svc, "environment") else { return };
    match &*env {
        Node::Map { entries, .. } => {
            for (k, v) in entries {
                if let (Some(k), Some(value)) = (k.str(), v.str())
                    && names_environment(k)
                {
                    c.note(&format!("{k}={value}"), v.span());
                }
            }
        }
        Node::Seq { items, .. } => {
            for i in items {
                if let Some((k, v)) = i.str().and_then(|s| s.split_once('='))
                    && names_environment(k)
                {
                    c.note(&format!("{k}={v}"), i.span());
                }
            }
        }
        _ => {}
    }
}

/// `APP_ENV`, `NODE_ENV`, `RAILS_ENV`, `ENVIRONMENT`, `STAGE` …: a variable that says which
/// environment the service runs in.
fn names_environment(key: &str) -> bool {
    let k = key.trim().to_ascii_uppercase();
    k == "ENV" || k.ends_with("_ENV") || k.ends_with("ENVIRONMENT") || k == "STAGE" || k.ends_with("_STAGE")
}

/// Whether an entrypoint is a shell reading its code from the next word (`["sh", "-c"]`,
/// `/bin/bash -ec`).
fn runs_shell(entry: &Node) -> bool {
    let words: Vec<&str> = match entry {
        Node::Scalar { value, .. } => value.split_whitespace().collect(),
        Node::Seq { items, .. } => items.iter().filter_map(|i| i.str()).collect(),
        _ => return false,
    };
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    crate::lang::is_shell_program(first) && last.starts_with('-') && !last.starts_with("--") && last.ends_with('c')
}

/// A `command` or `entrypoint`: a string split into words, or a list of words.
fn command(c: &mut Commands, node: &Rc<Node>, origin: &str) {
    match &**node {
        Node::Scalar { .. } => words(c, std::slice::from_ref(node), node.span(), origin, true),
        Node::Seq { items, span, .. } => words(c, items, *span, origin, false),
        _ => {}
    }
}

/// A healthcheck's `test`: `["CMD-SHELL", "code"]` or a string is shell code, `["CMD", …]` the
/// words of a command, `["NONE"]` nothing.
fn healthcheck(c: &mut Commands, test: &Rc<Node>, origin: &str) {
    match &**test {
        Node::Scalar { .. } => shell(c, test, origin),
        Node::Seq { items, span, .. } => match items.first().and_then(|i| i.str()) {
            Some("CMD-SHELL") => {
                if let Some(code) = items.get(1) {
                    shell(c, code, origin);
                }
            }
            Some("CMD") => words(c, &items[1..], *span, origin, false),
            Some("NONE") => {}
            _ => words(c, items, *span, origin, false),
        },
        _ => {}
    }
}

/// Shell code in a string, with Compose's `$$` read as `$`.
fn shell(c: &mut Commands, node: &Node, origin: &str) {
    let Node::Scalar { value, style, span, .. } = node else {
        return;
    };
    let at = align(value, *style, c.text, *span);
    let mut b = TextBuilder::new();
    let mut i = 0;
    while i < value.len() {
        let ch = value[i..].chars().next().expect("i is a char boundary");
        b.push(ch.encode_utf8(&mut [0; 4]), at[i].0, at[i].1);
        i += if value[i..].starts_with("$$") { 2 } else { ch.len_utf8() };
    }
    c.built(*span, origin, b);
}

/// The words of a command as a shell reads them back: each word's literal text single-quoted,
/// each interpolation a quoted run-time value. `split`: the scalars are command strings that
/// Compose splits into words (else each scalar is one word). Items that are not strings end the
/// command.
fn words(c: &mut Commands, items: &[Rc<Node>], span: crate::source::Span, origin: &str, split: bool) {
    let mut w = Words {
        b: TextBuilder::new(),
        open: false,
        in_word: false,
        content: false,
        last: span.start(),
        word: String::new(),
        done: Vec::new(),
    };
    for item in items {
        let Node::Scalar {
            value,
            style,
            span,
            tag: None,
        } = &**item
        else {
            break;
        };
        let at = align(value, *style, c.text, *span);
        if !split {
            w.start(span.start());
        }
        let mut quote = None;
        let mut i = 0;
        while i < value.len() {
            let ch = value[i..].chars().next().expect("i is a char boundary");
            let (src, exact) = at[i];
            let next = i + ch.len_utf8();
            if split && quote.is_none() && ch.is_whitespace() {
                w.end();
                i = next;
                continue;
            }
            w.start(src);
            if split {
                match (quote, ch) {
                    (None, '\'' | '"') => {
                        quote = Some(ch);
                        i = next;
                        continue;
                    }
                    (Some(q), _) if q == ch => {
                        quote = None;
                        i = next;
                        continue;
                    }
                    (q, '\\') if q != Some('\'') && next < value.len() => {
                        // the escaped character is literal
                        let e = value[next..].chars().next().expect("next is a char boundary");
                        w.literal(e, at[next].0, at[next].1);
                        i = next + e.len_utf8();
                        continue;
                    }
                    _ => {}
                }
            }
            if ch == '$' {
                let rest = &value[next..];
                if rest.starts_with('$') {
                    w.literal('$', src, exact);
                    i = next + 1;
                    continue;
                }
                // in the code of `sh -c`, a value spliced in is read as the inner shell's
                // variable (the nested analysis reads the code; a splice would hide it)
                if let Some(len) = interpolation(rest).filter(|_| !w.is_code()) {
                    let inner = &rest[..len];
                    let var = if inner.starts_with('{') {
                        inner.to_owned()
                    } else {
                        format!("{{{inner}}}")
                    };
                    w.close();
                    w.b.push(&format!("\"${var}\""), src, false);
                    w.content = true;
                    w.last = src;
                    w.word.push('$');
                    i = next + len;
                    continue;
                }
            }
            w.literal(ch, src, exact);
            i = next;
        }
        if !split {
            w.end();
        }
    }
    w.end();
    c.built(span, origin, w.b);
}

/// The length of the interpolation after a `$`: `{…}` (nested braces counted) or a name.
fn interpolation(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    if b.first() == Some(&b'{') {
        let mut depth = 0usize;
        for (k, &c) in b.iter().enumerate() {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return (k > 1).then_some(k + 1);
                    }
                }
                _ => {}
            }
        }
        return None;
    }
    let len = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    (len > 0 && !b[0].is_ascii_digit()).then_some(len)
}

/// The words being built: whether a single-quoted run is open, a word started, and it has text.
struct Words {
    b: TextBuilder,
    open: bool,
    in_word: bool,
    content: bool,
    /// Where the last character came from (the closing quote's place).
    last: usize,
    /// The literal text of the word being built, and of the first words done.
    word: String,
    done: Vec<String>,
}

impl Words {
    fn start(&mut self, src: usize) {
        if !self.in_word {
            if !self.b.text.is_empty() {
                self.b.push(" ", src, false);
            }
            self.in_word = true;
            self.content = false;
            self.last = src;
        }
    }

    fn literal(&mut self, ch: char, src: usize, exact: bool) {
        if !self.open {
            self.b.push("'", src, false);
            self.open = true;
        }
        if ch == '\'' {
            self.b.push("'\\''", src, false);
        } else {
            self.b.push(ch.encode_utf8(&mut [0; 4]), src, exact);
        }
        self.content = true;
        self.last = src;
        self.word.push(ch);
    }

    /// Whether the word being built is the code of a shell's `-c`: the first word names a shell
    /// and the one before is its `-c` (`sh -c`, `bash -ec`).
    fn is_code(&self) -> bool {
        let (Some(first), Some(last)) = (self.done.first(), self.done.last()) else {
            return false;
        };
        self.done.len() >= 2
            && crate::lang::is_shell_program(first)
            && last.starts_with('-')
            && !last.starts_with("--")
            && last.ends_with('c')
    }

    fn close(&mut self) {
        if self.open {
            self.b.push("'", self.last, false);
            self.open = false;
        }
    }

    fn end(&mut self) {
        if self.in_word {
            self.close();
            if !self.content {
                self.b.push("''", self.last, false);
            }
            self.in_word = false;
            let word = std::mem::take(&mut self.word);
            if self.done.len() < 8 {
                self.done.push(word);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{at, origins_and_texts};

    #[test]
    fn commands_entrypoints_and_healthchecks() {
        let src = "services:\n  db:\n    image: postgres\n    profiles: [prod]\n    environment:\n      APP_ENV: production\n      POSTGRES_DB: test\n    command: sh -c \"dropdb $${PGDATABASE} && echo done\"\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER}\"]\n  app:\n    build: .\n    entrypoint: [\"/bin/sh\", \"-c\"]\n    command: rm -rf /data/${DIR:-cache} && echo ok\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n    post_start:\n      - command: [\"rm\", \"-rf\", \"/srv/$SUB\"]\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("compose:db/command", "'sh' '-c' 'dropdb ${PGDATABASE} && echo done'"),
                ("compose:db/healthcheck", "pg_isready -U ${POSTGRES_USER}"),
                ("compose:app/entrypoint", "'/bin/sh' '-c'"),
                ("compose:app/command", "rm -rf /data/${DIR:-cache} && echo ok"),
                ("compose:app/healthcheck", "'curl' '-f' 'http://localhost'"),
                ("compose:app/post_start", "'rm' '-rf' '/srv/'\"${SUB}\""),
            ]
        );
        assert_eq!(at(src, &ex.snippets[0], "dropdb"), "dropdb");
        assert_eq!(at(src, &ex.snippets[3], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &ex.snippets[5], "/srv/"), "/srv/");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["db", "profile: prod", "APP_ENV=production", "app"]);
    }

    #[test]
    fn strings_are_split_like_a_shell_splits_words() {
        let ex = extract("services:\n  x:\n    image: a\n    command: echo 'it''s' \"a b\" c\\ d '' ${X}y\n");
        assert_eq!(ex.snippets[0].text, "'echo' 'its' 'a b' 'c d' '' \"${X}\"'y'");
        // in the code of `sh -c`, an interpolation stays in the code
        let ex = extract("services:\n  x:\n    image: a\n    command: [bash, -ec, 'rm -rf /d/${SUB}', '${A}']\n");
        assert_eq!(ex.snippets[0].text, "'bash' '-ec' 'rm -rf /d/${SUB}' \"${A}\"");
    }

    #[test]
    fn sniffs_compose_files_only() {
        assert!(sniff("version: '3'\nservices:\n  web:\n    image: nginx\n"));
        assert!(sniff("services:\n  # c\n  web:\n    build:\n      context: .\n"));
        assert!(!sniff("services:\n  - postgres:14\nbuild:\n  script: x\n"));
        assert!(!sniff("services:\n  web:\n    port: 80\nimage: x\n"));
        assert!(!sniff("name: x\non: push\n"));
        assert!(!sniff(""));
        assert!(!sniff("services:"));
    }

    #[test]
    fn bad_input() {
        for src in [
            "services: [a\n",
            "- a\n",
            "services:\n  x:\n\tcommand: rm -rf /\n",
            "services:\n  x:\n    command: ${\n",
        ] {
            let ex = extract(src);
            for s in &ex.snippets {
                assert!(s.map.map(s.text.len()) <= src.len());
            }
        }
        assert_eq!(extract("- a\n").unread[0].kind, UnreadKind::Malformed);
    }
}
