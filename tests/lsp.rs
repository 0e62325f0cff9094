//! `preflight lsp` as a process, driven over standard input and output like an editor drives it:
//! the diagnostics it publishes are the findings `preflight check` reports for the same text,
//! configuration and suppressions included; they clear when the text is fixed; hover explains
//! the rule; the code action's suppression silences it.

use std::collections::BTreeMap;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_preflight");
const WAIT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Message>,
    next_id: i32,
    /// Diagnostics published and not yet taken, by URI.
    published: BTreeMap<String, Vec<Value>>,
}

fn uri(path: &Path) -> String {
    url::Url::from_file_path(std::path::absolute(path).unwrap())
        .unwrap()
        .to_string()
}

impl Client {
    fn start(root: &Path, args: &[&str]) -> Client {
        let mut child = Command::new(BIN)
            .arg("lsp")
            // diagnostics must not depend on this machine's kubeconfig (tests/verify.rs
            // covers the editor's local context)
            .arg("--no-resolve-context")
            .args(args)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Ok(Some(m)) = Message::read(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            published: BTreeMap::new(),
        };
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": {},
            }),
        );
        assert_eq!(init["serverInfo"]["name"], "preflight");
        assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 1, "full sync");
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, m: Message) {
        m.write(&mut self.stdin).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(method.into(), params)));
    }

    fn recv(&mut self) -> Message {
        self.incoming
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no message from the server in {WAIT:?}"))
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Message::Request(Request::new(id.clone(), method.into(), params)));
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    assert!(r.error.is_none(), "{method}: {:?}", r.error);
                    return r.result.unwrap_or(Value::Null);
                }
                Message::Notification(n) => self.keep(n),
                _ => {}
            }
        }
    }

    fn keep(&mut self, n: Notification) {
        if n.method == "textDocument/publishDiagnostics" {
            let uri = n.params["uri"].as_str().unwrap().to_owned();
            let d = n.params["diagnostics"].as_array().unwrap().clone();
            self.published.insert(uri, d);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            if let Some(d) = self.published.remove(uri) {
                return d;
            }
            if let Message::Notification(n) = self.recv() {
                self.keep(n);
            }
        }
    }

    fn open(&mut self, path: &Path, language_id: &str, text: &str) -> String {
        let u = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": language_id, "version": 1, "text": text}}),
        );
        u
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "exit status {status}");
    }
}

/// (rule, severity, start line, start UTF-16 column, end line, end column, message) of a
/// `preflight check --format json` diagnostic, in the protocol's 0-based terms.
type Key = (String, String, usize, usize, usize, usize, String);

fn utf16_position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..offset].encode_utf16().count())
}

fn cli_keys(cwd: &Path, path: &str) -> Vec<Key> {
    let out = Command::new(BIN)
        .args(["check", "--format", "json", path])
        .current_dir(cwd)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(cwd.join(path)).unwrap();
    let mut keys: Vec<Key> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let off = d["offset"].as_u64().unwrap() as usize;
            let len = d["length"].as_u64().unwrap() as usize;
            let (l0, c0) = utf16_position(&text, off);
            let (l1, c1) = utf16_position(&text, off + len);
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                l0,
                c0,
                l1,
                c1,
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    keys.sort();
    keys
}

fn lsp_keys(diagnostics: &[Value]) -> Vec<Key> {
    let mut keys: Vec<Key> = diagnostics
        .iter()
        .map(|d| {
            let severity = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                _ => "info",
            };
            let r = &d["range"];
            let n = |v: &Value| v.as_u64().unwrap() as usize;
            (
                d["code"].as_str().unwrap().to_owned(),
                severity.to_owned(),
                n(&r["start"]["line"]),
                n(&r["start"]["character"]),
                n(&r["end"]["line"]),
                n(&r["end"]["character"]),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    keys.sort();
    keys
}

fn language_id(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("sh" | "bash") => "shellscript",
        Some("graphql" | "gql") => "graphql",
        Some("md") => "markdown",
        Some("json") => "json",
        Some("jsonl") => "jsonl",
        Some("sql") => "sql",
        _ => "plaintext",
    }
}

#[test]
fn diagnostics_are_the_findings_of_preflight_check_for_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("testdata"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path().to_string_lossy().ends_with(".expect"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    assert!(files.len() > 40, "fixtures found: {}", files.len());
    let mut client = Client::start(root, &[]);
    let mut compared = 0;
    for path in &files {
        let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        // files fixtures read beside them (a Makefile): no language an editor would check
        if language_id(path) == "plaintext" && !text.starts_with("#!") {
            continue;
        }
        let u = client.open(path, language_id(path), &text);
        let published = client.diagnostics(&u);
        let expected = cli_keys(root, &rel);
        assert_eq!(lsp_keys(&published), expected, "{rel}");
        compared += expected.len();
        client.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
        assert!(client.diagnostics(&u).is_empty(), "{rel}: closing clears");
    }
    assert!(compared > 500, "findings compared: {compared}");
    client.shutdown();
}

#[test]
fn configuration_and_suppressions_apply_and_a_saved_config_is_reread() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let config = root.join("preflight.toml");
    std::fs::write(&config, "ignore = [\"git-reset-hard\"]\n").unwrap();
    let script = root.join("deploy.sh");
    let text =
        "#!/bin/sh\ngit reset --hard origin/main\nrm -rf / # preflight: ignore[rm-recursive-root]\ngit clean -fdx\n";
    std::fs::write(&script, text).unwrap();

    let mut client = Client::start(root, &[]);
    let u = client.open(&script, "shellscript", text);
    let first = client.diagnostics(&u);
    assert_eq!(lsp_keys(&first), cli_keys(root, "deploy.sh"));
    let codes: Vec<&str> = first.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"git-clean-force"), "{codes:?}");
    assert!(!codes.contains(&"git-reset-hard"), "ignored by the config: {codes:?}");
    assert!(
        !codes.iter().any(|c| c.starts_with("rm-")),
        "suppressed inline: {codes:?}"
    );

    // the configuration changes and is saved in the editor: the script is checked again
    std::fs::write(&config, "[severity]\ngit-reset-hard = \"info\"\n").unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": uri(&config)}}));
    let second = client.diagnostics(&u);
    let reset = second
        .iter()
        .find(|d| d["code"] == "git-reset-hard")
        .expect("reported again");
    assert_eq!(reset["severity"], 3, "the config's severity");
    assert_eq!(lsp_keys(&second), cli_keys(root, "deploy.sh"));

    // a broken configuration is a diagnostic, not a dead server
    std::fs::write(&config, "ignore = [\"no-such-rule\"]\n").unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": uri(&config)}}));
    let broken = client.diagnostics(&u);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0]["code"], "config-error");
    assert!(
        broken[0]["message"].as_str().unwrap().contains("no-such-rule"),
        "{broken:?}"
    );
    client.shutdown();
}

#[test]
fn fixing_the_text_clears_hover_explains_and_the_code_action_suppresses() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let script = root.join("cleanup.sh");
    // a non-ASCII comment before the command: columns are UTF-16 code units
    let text = "#!/bin/bash\n# nettoyage — 🧹\nfor d in a b; do\n  rm -rf \"/\"\ndone\n";
    let mut client = Client::start(root, &[]);
    let u = client.open(&script, "shellscript", text);
    let diags = client.diagnostics(&u);
    let rm = diags
        .iter()
        .find(|d| d["code"] == "rm-recursive-root")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(rm["range"]["start"], json!({"line": 3, "character": 2}));
    assert_eq!(rm["source"], "preflight");
    // no docs URL configured: no link to an address nobody serves; the hover says how to read it
    assert!(rm.get("codeDescription").is_none(), "{rm}");

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 3, "character": 5}}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(md.contains("## rm-recursive-root"), "{md}");
    assert!(md.contains("**Instead:**"), "{md}");
    assert!(md.contains("`preflight explain rm-recursive-root`"), "{md}");
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 1}}),
    );
    assert!(nothing.is_null(), "{nothing}");

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": u},
            "range": rm["range"],
            "context": {"diagnostics": [rm]},
        }),
    );
    let here = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("`rm-recursive-root` here"))
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(here["kind"], "quickfix");
    let edit = &here["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], "  # preflight: ignore[rm-recursive-root]\n");
    assert_eq!(edit["range"]["start"], json!({"line": 3, "character": 0}));
    let suppressed = text.replacen("  rm -rf", "  # preflight: ignore[rm-recursive-root]\n  rm -rf", 1);
    client.change(&u, 2, &suppressed);
    let after = client.diagnostics(&u);
    assert!(!after.iter().any(|d| d["code"] == "rm-recursive-root"), "{after:?}");

    // a burst of edits: the last text wins, and the fixed text clears everything
    client.change(&u, 3, "rm -rf /\n");
    client.change(&u, 4, "#!/bin/bash\necho fine\n");
    let mut last = client.diagnostics(&u);
    while !last.is_empty() {
        // an intermediate version may be published before the last one
        last = client.diagnostics(&u);
    }
    client.shutdown();
}

#[test]
fn languages_by_id_and_by_name_and_documents_it_does_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut client = Client::start(root, &[]);
    let gql = client.open(
        &root.join("ops.graphql"),
        "graphql",
        "mutation { volumeDelete(volumeId: \"vol-123\") }\n",
    );
    assert!(
        client
            .diagnostics(&gql)
            .iter()
            .any(|d| d["code"] == "railway-volume-delete")
    );
    let md = client.open(
        &root.join("PLAN.md"),
        "markdown",
        "# Plan\n\n```sh\nkubectl delete namespace prod\n```\n",
    );
    assert!(
        client
            .diagnostics(&md)
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with("kubectl-delete"))
    );
    // a generic language id: the file name decides
    let sql = client.open(&root.join("drop.sql"), "plaintext", "DROP DATABASE app;\n");
    assert!(!client.diagnostics(&sql).is_empty());
    let txt = client.open(&root.join("notes.txt"), "plaintext", "rm -rf /\n");
    assert!(client.diagnostics(&txt).is_empty(), "not a language preflight reads");
    // an unknown request is answered with an error, and the server goes on
    client.next_id += 1;
    let id = RequestId::from(client.next_id);
    client.send(Message::Request(Request::new(
        id.clone(),
        "textDocument/formatting".into(),
        json!({}),
    )));
    loop {
        match client.recv() {
            Message::Response(r) if r.id == id => {
                assert_eq!(r.error.unwrap().code, lsp_server::ErrorCode::MethodNotFound as i32);
                break;
            }
            Message::Notification(n) => client.keep(n),
            _ => {}
        }
    }
    client.shutdown();
}

#[test]
fn an_edit_then_shutdown_in_one_burst_still_publishes_its_diagnostics() {
    // an editor closing right after an edit: every message is waiting when the server reads the
    // first, so they are one batch; the edit's diagnostics come before the shutdown's answer
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sh");
    let doc = uri(&path);
    let mut input = Vec::new();
    for m in [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"processId": null, "rootUri": uri(dir.path()), "capabilities": {}}}),
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
               "params": {"textDocument": {"uri": doc, "languageId": "shellscript", "version": 1, "text": "echo hi\n"}}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
               "params": {"textDocument": {"uri": doc, "version": 2}, "contentChanges": [{"text": "git reset --hard\n"}]}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
        json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    ] {
        let body = m.to_string();
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }
    let mut child = Command::new(BIN)
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let mut r = BufReader::new(&out.stdout[..]);
    let mut published = Vec::new();
    while let Ok(Some(m)) = Message::read(&mut r) {
        if let Message::Notification(n) = m
            && n.method == "textDocument/publishDiagnostics"
        {
            published.push(n.params);
        }
    }
    let last = published.last().expect("diagnostics were published");
    assert_eq!(last["uri"], doc);
    let codes: Vec<&Value> = last["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert_eq!(codes, [&json!("git-reset-hard")], "{last}");
}

#[test]
fn configuration_problems_point_into_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let config = root.join("preflight.toml");
    let script = root.join("deploy.sh");
    std::fs::write(&config, "ignore = [\"no-such-rule\"]\n").unwrap();
    let mut client = Client::start(root, &[]);
    // the script: one diagnostic, with related information at the name in preflight.toml
    let u = client.open(&script, "shellscript", "echo hi\n");
    let diags = client.diagnostics(&u);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let related = &diags[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri(&config), "{diags:?}");
    assert_eq!(
        related["location"]["range"]["start"],
        json!({"line": 0, "character": 10}),
        "{diags:?}"
    );
    // the configuration itself, as edited: an unknown key at its span
    let c = client.open(&config, "toml", "ignore = []\nfail_on = \"error\"\n");
    let diags = client.diagnostics(&c);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "config-error");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `fail_on`"),
        "{diags:?}"
    );
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 1, "character": 0}),
        "{diags:?}"
    );
    // a rule pack that does not load is reported on the configuration that names it
    std::fs::write(root.join("pack.toml"), "[[rule]]\nid = 3\n").unwrap();
    let c2 = client.open(&config, "toml", "rules = [\"pack.toml\"]\n");
    let diags = client.diagnostics(&c2);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        diags[0]["relatedInformation"][0]["location"]["uri"],
        uri(&root.join("pack.toml")),
        "{diags:?}"
    );
    client.shutdown();
}

#[test]
fn the_configurations_docs_url_links_each_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("preflight.toml"),
        "docs-url = \"https://wiki.example.com/preflight/rules\"\n",
    )
    .unwrap();
    let mut client = Client::start(root, &[]);
    let u = client.open(&root.join("clean.sh"), "shellscript", "rm -rf /\n");
    let diags = client.diagnostics(&u);
    let rm = diags
        .iter()
        .find(|d| d["code"] == "rm-recursive-root")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(
        rm["codeDescription"]["href"], "https://wiki.example.com/preflight/rules#rm-recursive-root",
        "{rm}"
    );
    client.shutdown();
}
