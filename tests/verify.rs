//! Where a finding really lands: local context read from temporary HOME trees (kubeconfigs, AWS
//! configs, Railway and Supabase links, fly.toml, git remotes) and `--verify` lookups answered by
//! fake provider servers this test starts on 127.0.0.1, which record every request. The tests
//! check the exact read-only requests that arrive, the answers preflight gives (check, the hooks,
//! the editor), that no token reaches any output, and that bad answers (500, HTML, a huge body,
//! silence) leave findings unverified within the deadline. Nothing here reaches another host, and
//! no fixture command is ever run.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{Value, json};

const TOKEN: &str = "tok-SECRET-5f1e9a7c3b";
const VOLUME: &str = "3f6c2a1e-9b7d-4e2f-8a51-c0d4e7b9a612";

// ---- a fake provider ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Recorded {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: String,
}

/// How the fake answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Normal,
    Status500,
    Html,
    Huge,
    Silent,
}

type Route = Arc<dyn Fn(&Recorded) -> Value + Send + Sync>;

struct Fake {
    port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Fake {
    fn start(mode: Mode, route: Route) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        std::thread::spawn(move || {
            // bounded: a test makes a handful of requests
            for stream in listener.incoming().take(64) {
                let Ok(stream) = stream else { continue };
                let log = log.clone();
                let route = route.clone();
                std::thread::spawn(move || serve(stream, mode, &route, &log));
            }
        });
        Fake { port, requests }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, mode: Mode, route: &Route, log: &Mutex<Vec<Recorded>>) {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut r = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if r.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts.next().unwrap_or("").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let len: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = vec![0; len.min(1 << 20)];
    r.read_exact(&mut body).ok();
    let rec = Recorded {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    log.lock().unwrap().push(rec.clone());
    let mut w = stream;
    let (status, content_type, payload) = match mode {
        Mode::Normal => ("200 OK", "application/json", route(&rec).to_string().into_bytes()),
        Mode::Status500 => (
            "500 Internal Server Error",
            "application/json",
            b"{\"error\":\"boom\"}".to_vec(),
        ),
        Mode::Html => ("200 OK", "text/html", b"<html><body>Sign in</body></html>".to_vec()),
        Mode::Huge => ("200 OK", "application/json", {
            let mut v = b"{\"data\": \"".to_vec();
            v.extend(std::iter::repeat_n(b'x', 3 << 20));
            v.extend(b"\"}");
            v
        }),
        Mode::Silent => {
            std::thread::sleep(Duration::from_secs(4));
            return;
        }
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    let _ = w.write_all(head.as_bytes()).and_then(|_| w.write_all(&payload));
}

/// The name of the GraphQL operation a recorded POST carries, after checking it is a query.
fn graphql_query_name(rec: &Recorded) -> String {
    use graphql_parser::query::{Definition, OperationDefinition};
    assert_eq!(rec.method, "POST", "{rec:?}");
    let body: Value = serde_json::from_str(&rec.body).unwrap();
    let doc = graphql_parser::parse_query::<String>(body["query"].as_str().unwrap()).unwrap();
    let mut names = Vec::new();
    for d in doc.definitions {
        match d {
            Definition::Operation(OperationDefinition::Query(q)) => names.push(q.name.unwrap_or_default()),
            other => panic!("not a query: {other:?}"),
        }
    }
    assert_eq!(names.len(), 1);
    names.remove(0)
}

/// Railway as the incident's account saw it: one workspace, one project, the volume mounted in
/// production and staging.
fn railway_route() -> Route {
    Arc::new(|rec: &Recorded| {
        let body: Value = serde_json::from_str(&rec.body).unwrap_or_default();
        let q = body["query"].as_str().unwrap_or("");
        if q.contains("apiToken") {
            json!({"data": {"apiToken": {"workspaces": [{"id": "ws-1", "name": "acme"}]}}})
        } else if q.contains("projectToken") {
            json!({"data": {"projectToken": {"projectId": "prj-1", "environmentId": "env-stg",
                "project": {"id": "prj-1", "name": "acme"}, "environment": {"id": "env-stg", "name": "staging"}}}})
        } else if q.contains("projects(") {
            json!({"data": {"projects": {"edges": [{"node": {"id": "prj-0", "name": "other"}}, {"node": {"id": "prj-1", "name": "acme"}}]}}})
        } else if q.contains("project(id") {
            let volumes = if body["variables"]["projectId"] == "prj-1" {
                json!([{"node": {"id": VOLUME, "name": "pg-data", "volumeInstances": {"edges": [
                    {"node": {"id": "vi-1", "environmentId": "env-prod", "environment": {"id": "env-prod", "name": "production"},
                              "serviceId": "s1", "service": {"name": "postgres"}, "mountPath": "/var/lib/postgresql/data"}},
                    {"node": {"id": "vi-2", "environmentId": "env-stg", "environment": {"id": "env-stg", "name": "staging"},
                              "serviceId": "s2", "service": {"name": "postgres"}, "mountPath": "/var/lib/postgresql/data"}}]}}}])
            } else {
                json!([])
            };
            json!({"data": {"project": {"id": body["variables"]["projectId"], "name": "acme",
                "primaryEnvironmentId": "env-prod", "volumes": {"edges": volumes}}}})
        } else {
            json!({"errors": [{"message": "unknown"}]})
        }
    })
}

// ---- fixtures ----------------------------------------------------------------------------------

struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new() -> Tree {
        let t = Tree {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(t.home()).unwrap();
        std::fs::create_dir_all(t.project()).unwrap();
        t
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn project(&self) -> PathBuf {
        self.dir.path().join("work/app")
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `railway link` of the project directory to environment `env` of project `prj-1`.
    fn link_railway(&self, env: &str) {
        let key = self.project().display().to_string();
        let config = json!({"projects": {key.clone(): {"projectPath": key, "name": "acme", "project": "prj-1",
            "environment": format!("env-{env}"), "environmentName": env}}, "user": {"token": "cli-user-token-SECRET"}});
        self.write("home/.railway/config.json", &config.to_string());
    }
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs preflight with only `env` (and HOME) in its environment, from the project directory.
fn run(tree: &Tree, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Out {
    let mut c = Command::cargo_bin("preflight").unwrap();
    c.env_clear()
        .env("HOME", tree.home())
        .env("PATH", "/usr/bin:/bin")
        .current_dir(tree.project())
        .args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    if let Some(s) = stdin {
        c.write_stdin(s);
    }
    let started = Instant::now();
    let out = c.output().unwrap();
    let o = Out {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        took: started.elapsed(),
    };
    // no token, in any output
    for secret in [TOKEN, "cli-user-token-SECRET", "hunter2", "s3cr3t-kube-token"] {
        assert!(
            !o.stdout.contains(secret) && !o.stderr.contains(secret),
            "{secret} leaked:\n{}\n{}",
            o.stdout,
            o.stderr
        );
    }
    o
}

fn json_of(o: &Out) -> Value {
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", o.stdout))
}

fn diagnostics<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

const CURL: &str = r#"curl -sS https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_API_TOKEN" -H 'Content-Type: application/json' -d '{"query":"mutation { volumeDelete(volumeId: \"3f6c2a1e-9b7d-4e2f-8a51-c0d4e7b9a612\") }"}'"#;

fn claude_bash(cwd: &Path, command: &str, description: &str) -> String {
    json!({"session_id": "s", "cwd": cwd, "hook_event_name": "PreToolUse", "tool_name": "Bash",
           "tool_input": {"command": command, "description": description}})
    .to_string()
}

// ---- the seed scenario -------------------------------------------------------------------------

/// An agent in a staging session sends `volumeDelete` for a literal ID through curl; Railway
/// (the fake) says the volume is mounted in production and staging: the hook denies and names
/// production, having sent only read-only queries.
#[test]
fn seed_scenario_the_hook_denies_and_names_production() {
    let fake = Fake::start(Mode::Normal, railway_route());
    let tree = Tree::new();
    let api = fake.url("/graphql/v2");
    let out = run(
        &tree,
        &["hook", "claude-code", "--verify"],
        &[("RAILWAY_API_TOKEN", TOKEN), ("PREFLIGHT_RAILWAY_API", &api)],
        Some(&claude_bash(
            &tree.project(),
            CURL,
            "Free the disk of the staging database",
        )),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let answer: Value = serde_json::from_str(&out.stdout).unwrap();
    let d = &answer["hookSpecificOutput"];
    assert_eq!(d["permissionDecision"], "deny");
    let reason = d["permissionDecisionReason"].as_str().unwrap();
    assert!(reason.contains("env-unverified-id (environment error)"), "{reason}");
    assert!(reason.contains("mounted in `production` and `staging`"), "{reason}");
    assert!(reason.contains("it resolves to production"), "{reason}");
    // exactly the read-only queries: the token's reach, the projects, the volumes
    let reqs = fake.requests();
    let names: Vec<String> = reqs.iter().map(graphql_query_name).collect();
    assert_eq!(
        names,
        [
            "PreflightApiToken",
            "PreflightProjects",
            "PreflightProjectVolumes",
            "PreflightProjectVolumes"
        ]
    );
    for r in &reqs {
        assert_eq!(r.path, "/graphql/v2");
        assert_eq!(r.headers["authorization"], format!("Bearer {TOKEN}"));
        assert!(
            !r.body.contains("volumeDelete") && !r.body.contains("mutation"),
            "{}",
            r.body
        );
    }
}

/// The same from the directory linked to staging: the linked project is searched first (no
/// project listing), and the link says what the session is about.
#[test]
fn a_linked_staging_directory_is_the_session() {
    let fake = Fake::start(Mode::Normal, railway_route());
    let tree = Tree::new();
    tree.link_railway("staging");
    let out = run(
        &tree,
        &["hook", "claude-code", "--verify"],
        &[
            ("RAILWAY_API_TOKEN", TOKEN),
            ("PREFLIGHT_RAILWAY_API", &fake.url("/graphql/v2")),
        ],
        Some(&claude_bash(&tree.project(), CURL, "free some disk")),
    );
    let reason = json_of(&out)["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(reason.contains("linked to Railway environment `staging`"), "{reason}");
    let names: Vec<String> = fake.requests().iter().map(graphql_query_name).collect();
    assert_eq!(names, ["PreflightApiToken", "PreflightProjectVolumes"]);
}

/// `check --verify`: the JSON `context` object, and the human report's note line.
#[test]
fn check_verify_reports_the_context() {
    let fake = Fake::start(Mode::Normal, railway_route());
    let tree = Tree::new();
    tree.write("work/app/staging-cleanup.sh", &format!("# clean up staging\n{CURL}\n"));
    let env = [
        ("RAILWAY_TOKEN", TOKEN),
        ("PREFLIGHT_RAILWAY_API", &*fake.url("/graphql/v2")),
    ];
    let out = run(
        &tree,
        &["check", "--verify", "--format", "json", "staging-cleanup.sh"],
        &env,
        None,
    );
    assert_eq!(out.code, 1);
    let v = json_of(&out);
    let id = diagnostics(&v, "env-unverified-id")[0];
    assert_eq!(id["severity"], "error");
    let c = &id["context"];
    assert_eq!(c["provider"], "railway");
    assert_eq!(c["status"], "verified");
    assert_eq!(
        c["environments"],
        json!([{"name": "production", "tier": "production"}, {"name": "staging", "tier": "staging"}])
    );
    assert!(
        c["details"]["token"]
            .as_str()
            .unwrap()
            .contains("project token (RAILWAY_TOKEN)")
    );
    assert_eq!(c["details"]["primary-environment"], "production");
    // the destructive finding carries the same context; a project token is sent as one
    assert_eq!(diagnostics(&v, "railway-volume-delete")[0]["context"], *c);
    let reqs = fake.requests();
    assert_eq!(reqs[0].headers["project-access-token"], TOKEN);
    assert!(!reqs[0].headers.contains_key("authorization"));
    // cached per run: the volumes were asked for once
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    let human = run(
        &tree,
        &["check", "--verify", "--color", "never", "staging-cleanup.sh"],
        &env,
        None,
    );
    assert!(
        human
            .stdout
            .contains("  note: verified: volume `pg-data` of project `acme` is mounted in `production` and `staging`"),
        "{}",
        human.stdout
    );
    let sarif = json_of(&run(
        &tree,
        &["check", "--verify", "--format", "sarif", "staging-cleanup.sh"],
        &env,
        None,
    ));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["properties"]["context"]["provider"] == "railway")
    );
}

/// Without `--verify` nothing is sent; with it but no token, or offline, the finding stays as it
/// was with a note saying why.
#[test]
fn lookups_are_opt_in_and_fail_closed() {
    let fake = Fake::start(Mode::Normal, railway_route());
    let tree = Tree::new();
    tree.write("work/app/x.sh", &format!("# clean up staging\n{CURL}\n"));
    let api = fake.url("/graphql/v2");
    let plain = json_of(&run(
        &tree,
        &["check", "--format", "json", "x.sh"],
        &[("RAILWAY_API_TOKEN", TOKEN), ("PREFLIGHT_RAILWAY_API", &api)],
        None,
    ));
    assert!(diagnostics(&plain, "env-unverified-id")[0].get("context").is_none());
    let no_token = json_of(&run(
        &tree,
        &["check", "--verify", "--format", "json", "x.sh"],
        &[("PREFLIGHT_RAILWAY_API", &api)],
        None,
    ));
    let d = diagnostics(&no_token, "env-unverified-id")[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["context"]["status"], "unverified");
    assert!(
        d["context"]["note"].as_str().unwrap().contains("no Railway token"),
        "{d}"
    );
    for (args, env) in [
        (
            vec!["check", "--verify", "--offline", "--format", "json", "x.sh"],
            vec![],
        ),
        (
            vec!["check", "--verify", "--format", "json", "x.sh"],
            vec![("PREFLIGHT_OFFLINE", "1")],
        ),
    ] {
        let mut e = vec![("RAILWAY_API_TOKEN", TOKEN), ("PREFLIGHT_RAILWAY_API", api.as_str())];
        e.extend(env);
        let v = json_of(&run(&tree, &args, &e, None));
        let d = diagnostics(&v, "env-unverified-id")[0];
        assert_eq!(d["severity"], "warning");
        assert!(
            d["context"]["note"].as_str().unwrap().contains("lookups are off"),
            "{d}"
        );
    }
    // `verify = true` in preflight.toml turns it on
    tree.write("work/app/preflight.toml", "verify = true\n");
    let v = json_of(&run(
        &tree,
        &["check", "--format", "json", "x.sh"],
        &[("RAILWAY_API_TOKEN", TOKEN), ("PREFLIGHT_RAILWAY_API", &api)],
        None,
    ));
    assert_eq!(diagnostics(&v, "env-unverified-id")[0]["context"]["status"], "verified");
    assert_eq!(fake.requests().len(), 4, "only the last run looked up");
}

/// An endpoint override outside loopback from the environment is refused before anything is
/// sent (a planted variable cannot redirect a token); the configuration's key can.
#[test]
fn a_planted_endpoint_cannot_take_the_token() {
    let tree = Tree::new();
    tree.write("work/app/x.sh", &format!("{CURL}\n"));
    let v = json_of(&run(
        &tree,
        &["check", "--verify", "--format", "json", "x.sh"],
        &[
            ("RAILWAY_API_TOKEN", TOKEN),
            ("PREFLIGHT_RAILWAY_API", "https://collector.example.invalid/graphql"),
        ],
        None,
    ));
    let note = diagnostics(&v, "env-unverified-id")[0]["context"]["note"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(note.contains("points outside this machine and is ignored"), "{note}");
    // a configuration key must be https (or loopback http)
    tree.write(
        "work/app/preflight.toml",
        "[verify-endpoints]\nrailway = \"http://collector.example.invalid/\"\n",
    );
    let out = run(&tree, &["check", "x.sh"], &[], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not an https URL"), "{}", out.stderr);
}

/// 500, HTML, a 3 MiB body and silence: each a clear note, the finding unverified and unchanged,
/// no hang past the deadline.
#[test]
fn bad_answers_leave_findings_unverified() {
    for (mode, expect) in [
        (Mode::Status500, "HTTP 500"),
        (Mode::Html, "not JSON"),
        (Mode::Huge, "more than 1048576 bytes"),
        (Mode::Silent, "no answer within"),
    ] {
        let fake = Fake::start(mode, railway_route());
        let tree = Tree::new();
        tree.write("work/app/x.sh", &format!("# staging\n{CURL}\n"));
        let out = run(
            &tree,
            &[
                "check",
                "--verify",
                "--verify-timeout-ms",
                "600",
                "--format",
                "json",
                "x.sh",
            ],
            &[
                ("RAILWAY_API_TOKEN", TOKEN),
                ("PREFLIGHT_RAILWAY_API", &fake.url("/graphql/v2")),
            ],
            None,
        );
        assert!(out.took < Duration::from_millis(3000), "{expect}: took {:?}", out.took);
        let v = json_of(&out);
        let d = diagnostics(&v, "env-unverified-id")[0];
        assert_eq!(d["severity"], "warning", "{expect}");
        assert_eq!(d["context"]["status"], "unverified");
        let note = d["context"]["note"].as_str().unwrap();
        assert!(note.contains(expect), "{expect}: {note}");
        assert!(out.stderr.is_empty(), "{}", out.stderr);
    }
}

/// The hook's own deadline holds with a silent provider: lookups give up first, the hook
/// answers (deny: the volume delete is destructive) well within its bound.
#[test]
fn a_silent_provider_does_not_hold_the_hook() {
    let fake = Fake::start(Mode::Silent, railway_route());
    let tree = Tree::new();
    let out = run(
        &tree,
        &["hook", "codex", "--verify"],
        &[
            ("RAILWAY_API_TOKEN", TOKEN),
            ("PREFLIGHT_RAILWAY_API", &fake.url("/graphql/v2")),
        ],
        Some(&claude_bash(&tree.project(), CURL, "staging cleanup")),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.took < Duration::from_millis(1900), "{:?}", out.took);
    let reason = json_of(&out)["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        reason.contains("not resolved: the token could not be introspected: no answer within"),
        "{reason}"
    );
}

// ---- other providers ---------------------------------------------------------------------------

fn rest(routes: Vec<(&'static str, Value)>) -> Route {
    Arc::new(move |rec: &Recorded| {
        routes
            .iter()
            .find(|(p, _)| *p == rec.path)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| json!({"error": "not here"}))
    })
}

#[test]
fn fly_volume_and_app() {
    let fake = Fake::start(
        Mode::Normal,
        rest(vec![
            (
                "/v1/apps/acme-prod/volumes/vol_4y5m1n0p2q3r",
                json!({"id": "vol_4y5m1n0p2q3r", "name": "pg_data", "region": "ams", "attached_machine_id": "148ed726c94889", "state": "created"}),
            ),
            (
                "/v1/apps/acme-prod",
                json!({"name": "acme-prod", "organization": {"slug": "acme"}}),
            ),
        ]),
    );
    let tree = Tree::new();
    tree.write("work/app/fly.toml", "app = \"acme-prod\"\nprimary_region = \"ams\"\n");
    let out = run(
        &tree,
        &["hook", "claude-code", "--verify"],
        &[("FLY_API_TOKEN", TOKEN), ("PREFLIGHT_FLY_API", &fake.url(""))],
        Some(&claude_bash(
            &tree.project(),
            "fly volumes destroy vol_4y5m1n0p2q3r --yes",
            "staging: drop the old volume",
        )),
    );
    let reason = json_of(&out)["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        reason.contains("volume `pg_data` belongs to app `acme-prod` in ams, attached to machine 148ed726c94889"),
        "{reason}"
    );
    assert!(reason.contains("it resolves to production"), "{reason}");
    let reqs = fake.requests();
    let paths: Vec<(&str, &str)> = reqs.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(
        paths,
        [
            ("GET", "/v1/apps/acme-prod/volumes/vol_4y5m1n0p2q3r"),
            ("GET", "/v1/apps/acme-prod")
        ]
    );
    assert!(
        reqs.iter()
            .all(|r| r.headers["authorization"] == format!("Bearer {TOKEN}") && r.body.is_empty())
    );
}

#[test]
fn github_force_push_to_the_default_branch() {
    let fake = Fake::start(
        Mode::Normal,
        rest(vec![
            (
                "/repos/acme/api",
                json!({"full_name": "acme/api", "default_branch": "main"}),
            ),
            (
                "/repos/acme/api/branches/main",
                json!({"name": "main", "protected": true}),
            ),
        ]),
    );
    let tree = Tree::new();
    tree.write("work/app/.git/HEAD", "ref: refs/heads/main\n");
    tree.write(
        "work/app/.git/config",
        "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://x-access-token:hunter2@github.com/acme/api.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n",
    );
    tree.write("work/app/push.sh", "git push --force origin\n");
    let v = json_of(&run(
        &tree,
        &["check", "--verify", "--format", "json", "push.sh"],
        &[("GH_TOKEN", TOKEN), ("PREFLIGHT_GITHUB_API", &fake.url(""))],
        None,
    ));
    let d = diagnostics(&v, "git-push-force")[0];
    assert_eq!(d["severity"], "error", "{d}");
    assert_eq!(d["context"]["details"]["default-branch"], "yes");
    assert_eq!(d["context"]["details"]["protected"], "yes");
    assert!(
        d["context"]["note"]
            .as_str()
            .unwrap()
            .contains("`main` is the default branch of `acme/api` and is protected")
    );
    let paths: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(paths, ["GET /repos/acme/api", "GET /repos/acme/api/branches/main"]);
}

#[test]
fn neon_default_branch() {
    let fake = Fake::start(
        Mode::Normal,
        rest(vec![(
            "/projects/aged-wildflower-123456/branches",
            json!({"branches": [{"id": "br-a1", "name": "main", "default": true, "protected": false}, {"id": "br-b2", "name": "preview-1", "default": false}]}),
        )]),
    );
    let tree = Tree::new();
    tree.write(
        "work/app/x.sh",
        "# staging data reset\nneonctl branches delete main --project-id aged-wildflower-123456\n",
    );
    let v = json_of(&run(
        &tree,
        &["check", "--verify", "--format", "json", "x.sh"],
        &[("NEON_API_KEY", TOKEN), ("PREFLIGHT_NEON_API", &fake.url(""))],
        None,
    ));
    let d = diagnostics(&v, "neon-branch-delete")[0];
    assert_eq!(
        d["context"]["environments"],
        json!([{"name": "main", "tier": "production"}])
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(fake.requests()[0].method, "GET");
}

/// Every document a provider sends is one GraphQL `query`; the REST providers only `GET`.
#[test]
fn compiled_documents_are_queries() {
    for doc in preflight::resolve::railway::DOCUMENTS {
        assert!(preflight::resolve::http::is_read_only_query(doc), "{doc}");
        let parsed = graphql_parser::parse_query::<String>(doc).unwrap();
        assert!(parsed.definitions.iter().all(|d| matches!(
            d,
            graphql_parser::query::Definition::Operation(graphql_parser::query::OperationDefinition::Query(_))
        )));
    }
    assert!(!preflight::resolve::http::is_read_only_query(
        "mutation { volumeDelete(volumeId: \"x\") }"
    ));
}

// ---- local context -----------------------------------------------------------------------------

const KUBECONFIG: &str = "apiVersion: v1\nkind: Config\ncurrent-context: prod-eu\ncontexts:\n- name: prod-eu\n  context:\n    cluster: gke_acme_prod\n    namespace: billing\n    user: admin\n- name: staging\n  context: {cluster: gke_acme_staging, namespace: web}\nclusters:\n- name: gke_acme_prod\n  cluster: {server: 'https://34.1.2.3'}\nusers:\n- name: admin\n  user: {token: s3cr3t-kube-token}\n";

/// The hook reads the kube current-context by default: production in a staging session denies,
/// naming both; the context the session names clears the ambient warning; malformed config is a
/// note, not a failure.
#[test]
fn the_hook_names_the_kube_context() {
    let tree = Tree::new();
    tree.write("home/.kube/config", KUBECONFIG);
    let input = claude_bash(&tree.project(), "helm uninstall web", "roll back the staging release");
    let out = run(&tree, &["hook", "claude-code"], &[], Some(&input));
    let d = &json_of(&out)["hookSpecificOutput"];
    assert_eq!(d["permissionDecision"], "deny", "{d}");
    let reason = d["permissionDecisionReason"].as_str().unwrap();
    assert!(
        reason.contains("the current kube context is `prod-eu` (cluster `gke_acme_prod`, namespace `billing`)"),
        "{reason}"
    );
    assert!(reason.contains("staging"), "{reason}");
    // a project's preflight.toml (which the agent can write) cannot call production staging
    tree.write(
        "work/app/preflight.toml",
        "[environment.staging]\nkube-contexts = [\"prod-eu\"]\n",
    );
    let out = run(&tree, &["hook", "claude-code"], &[], Some(&input));
    assert_eq!(json_of(&out)["hookSpecificOutput"]["permissionDecision"], "deny");
    assert!(out.stdout.contains("it resolves to production"), "{}", out.stdout);
    // … but it can say a name is production
    tree.write(
        "work/app/preflight.toml",
        "[environment.production]\nkube-contexts = [\"eu-main\"]\n",
    );
    tree.write("home/.kube/config", &KUBECONFIG.replace("prod-eu", "eu-main"));
    let out = run(&tree, &["hook", "claude-code"], &[], Some(&input));
    assert!(
        out.stdout.contains("it resolves to production: kube context `eu-main`"),
        "{}",
        out.stdout
    );
    std::fs::remove_file(tree.project().join("preflight.toml")).unwrap();
    // switched to staging: what the session says, so no ambient warning is left to ask about
    tree.write(
        "home/.kube/config",
        &KUBECONFIG.replace("current-context: prod-eu", "current-context: staging"),
    );
    let out = run(&tree, &["hook", "claude-code"], &[], Some(&input));
    let reason = json_of(&out)["hookSpecificOutput"]["permissionDecisionReason"].to_string();
    assert!(!reason.contains("env-ambient-target"), "{reason}");
    // KUBECONFIG wins over ~/.kube/config; a malformed one is said, and the warning stands
    let bad = tree.write("bad-kubeconfig", "current-context: [prod\n  contexts: {\n");
    let out = run(
        &tree,
        &["hook", "claude-code"],
        &[("KUBECONFIG", bad.to_str().unwrap())],
        Some(&input),
    );
    let reason = json_of(&out)["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(reason.contains("env-ambient-target (environment warning)"), "{reason}");
    assert!(reason.contains("is not valid YAML"), "{reason}");
    // --no-resolve-context: nothing read
    let out = run(
        &tree,
        &["hook", "claude-code", "--no-resolve-context"],
        &[],
        Some(&input),
    );
    assert!(!out.stdout.contains("kube context is"), "{}", out.stdout);
}

#[test]
fn check_resolve_context_reads_aws_railway_terraform_and_database_urls() {
    let tree = Tree::new();
    tree.write(
        "home/.aws/config",
        "[default]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n[profile prod-admin]\nsso_account_id = 123456789012\nregion = eu-west-1\n[services s3-local]\ns3 =\n  endpoint_url = http://localhost:9000\n[plugins]\ncli_legacy_plugin_path = /x\n",
    );
    tree.write(
        "home/.aws/credentials",
        "[prod-admin]\naws_secret_access_key = hunter2\n",
    );
    tree.link_railway("production");
    tree.write("work/app/.terraform/environment", "prod");
    tree.write(
        "work/app/x.sh",
        "aws s3 rm s3://acme-assets --recursive\nrailway down --yes\nterraform destroy -auto-approve\npsql \"$DATABASE_URL\" -c 'DROP TABLE users'\n",
    );
    let v = json_of(&run(
        &tree,
        &["check", "--resolve-context", "--format", "json", "x.sh"],
        &[
            ("AWS_PROFILE", "prod-admin"),
            ("DATABASE_URL", "postgres://admin:hunter2@db.staging.internal:5432/app"),
        ],
        None,
    ));
    let contexts: Vec<(String, Value)> = diagnostics(&v, "env-ambient-target")
        .iter()
        .map(|d| {
            (
                d["context"]["provider"].as_str().unwrap().to_owned(),
                d["context"]["environments"].clone(),
            )
        })
        .collect();
    assert_eq!(
        contexts,
        [
            ("aws".to_owned(), json!([{"name": "prod-admin", "tier": "production"}])),
            (
                "railway".to_owned(),
                json!([{"name": "production", "tier": "production"}])
            ),
            ("terraform".to_owned(), json!([{"name": "prod", "tier": "production"}])),
            (
                "database".to_owned(),
                json!([{"name": "db.staging.internal/app", "tier": "staging"}])
            ),
        ],
        "{v}"
    );
    // without the flag, check reads nothing
    let v = json_of(&run(
        &tree,
        &["check", "--format", "json", "x.sh"],
        &[("AWS_PROFILE", "prod-admin")],
        None,
    ));
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d.get("context").is_none())
    );
}

/// The editor reads local context by default and shows it in the diagnostic.
#[test]
fn the_editor_shows_the_context() {
    let tree = Tree::new();
    tree.write("home/.kube/config", KUBECONFIG);
    let file = tree.write("work/app/x.sh", "kubectl delete namespace billing\n");
    let uri = url::Url::from_file_path(&file).unwrap().to_string();
    let mut input = Vec::new();
    for m in [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "capabilities": {}}}),
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "shellscript", "version": 1, "text": "kubectl delete namespace billing\n"}}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
        json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    ] {
        let body = m.to_string();
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }
    let out = run(&tree, &["lsp"], &[], Some(std::str::from_utf8(&input).unwrap()));
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("note: the current kube context is `prod-eu`"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("\"context\":{"), "{}", out.stdout);
}
