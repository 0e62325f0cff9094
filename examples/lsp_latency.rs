//! Editor latency of `preflight lsp`: the time from a `didChange` (the whole text, as the server
//! asks) to the `publishDiagnostics` that answers it, on a script of LINES lines built from
//! FILE repeated. `cargo run --release --example lsp_latency -- BIN FILE LINES EDITS` prints
//! p50 and p95 over EDITS edits (each appends a comment to the last line, as typing does).

use std::io::{BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (bin, file) = (&args[0], &args[1]);
    let lines: usize = args[2].parse().expect("LINES");
    let edits: usize = args[3].parse().expect("EDITS");
    let unit = std::fs::read_to_string(file).expect("FILE");
    let mut text = String::new();
    while text.lines().count() < lines {
        text.push_str(&unit);
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    let text: String = text.lines().take(lines).map(|l| format!("{l}\n")).collect();

    let mut child = Command::new(bin)
        .arg("lsp")
        .arg("--no-config")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn preflight lsp");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        while let Ok(Some(m)) = Message::read(&mut r) {
            if tx.send((Instant::now(), m)).is_err() {
                break;
            }
        }
    });
    let mut send = |m: Message| {
        m.write(&mut stdin).unwrap();
        stdin.flush().unwrap();
    };
    let wait = |pred: &dyn Fn(&Message) -> bool| -> Instant {
        loop {
            let (at, m) = rx.recv_timeout(Duration::from_secs(60)).expect("an answer");
            if pred(&m) {
                return at;
            }
        }
    };
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    )));
    wait(&|m| matches!(m, Message::Response(_)));
    send(Message::Notification(Notification::new(
        "initialized".into(),
        json!({}),
    )));
    let uri = "file:///tmp/preflight-lsp-latency/deploy.sh";
    let published = |v: i64| {
        move |m: &Message| match m {
            Message::Notification(n) => n.method == "textDocument/publishDiagnostics" && n.params["version"] == v,
            _ => false,
        }
    };
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "shellscript", "version": 0, "text": text}}),
    )));
    wait(&published(0));
    let mut times = Vec::with_capacity(edits);
    let mut current = text;
    for v in 1..=edits as i64 {
        current.push_str(&format!("# edit {v}\n"));
        let sent = Instant::now();
        send(Message::Notification(Notification::new(
            "textDocument/didChange".into(),
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": current}]}),
        )));
        let got = wait(&published(v));
        times.push(got.duration_since(sent).as_secs_f64() * 1000.0);
    }
    send(Message::Request(Request::new(
        RequestId::from(2),
        "shutdown".into(),
        Value::Null,
    )));
    wait(&|m| matches!(m, Message::Response(_)));
    send(Message::Notification(Notification::new("exit".into(), Value::Null)));
    let _ = child.wait();
    times.sort_by(f64::total_cmp);
    let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "p50 {:.2} ms  p95 {:.2} ms  ({} edits, {} lines, {} bytes)",
        p(0.5),
        p(0.95),
        edits,
        lines,
        current.len()
    );
}
