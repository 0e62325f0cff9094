//! `preflight init` as a process, in throwaway project and home directories: the starting
//! configuration, the pre-commit hook, the workflow, each agent's hook in the shape
//! docs/integrations.md documents, merges into existing files, idempotence, refusals,
//! `--dry-run` and the baseline. Fixture scripts are only ever read by preflight.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `preflight ARGS` in `dir`, with `home` as the home directory (never the real one).
fn preflight(dir: &Path, home: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("preflight")
        .unwrap()
        .current_dir(dir)
        .env("HOME", home)
        .env_remove("USERPROFILE")
        .env_remove("CODEX_HOME")
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn init(dir: &Path, home: &Path, args: &[&str]) -> Run {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    let r = preflight(dir, home, &all);
    assert_eq!(r.code, 0, "init {args:?}: {}{}", r.stdout, r.stderr);
    r
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn json(dir: &Path, name: &str) -> Value {
    serde_json::from_str(&read(dir, name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The first fenced block of `lang` after `heading` in docs/integrations.md.
fn documented(heading: &str, lang: &str) -> String {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/integrations.md")).unwrap();
    let at = guide
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("{heading}"));
    let fence = format!("```{lang}\n");
    let start = at + guide[at..].find(&fence).unwrap() + fence.len();
    guide[start..start + guide[start..].find("```").unwrap()].to_owned()
}

const AGENTS: [(&str, &str, &str, &str); 5] = [
    // (--agent, heading in the guide, project file, user file)
    (
        "claude-code",
        "### Claude Code",
        ".claude/settings.json",
        ".claude/settings.json",
    ),
    ("cursor", "### Cursor", ".cursor/hooks.json", ".cursor/hooks.json"),
    ("codex", "### Codex", ".codex/hooks.json", ".codex/hooks.json"),
    (
        "gemini",
        "### Gemini CLI",
        ".gemini/settings.json",
        ".gemini/settings.json",
    ),
    (
        "copilot",
        "### GitHub Copilot CLI",
        ".github/hooks/preflight.json",
        ".copilot/hooks/preflight.json",
    ),
];

const SCRIPT: &str = "#!/bin/sh\nset -eu\ngit push --force origin feature\ngit reset --hard\n";

#[test]
fn the_configuration_loads_and_is_never_overwritten_without_force() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let r = init(dir.path(), home.path(), &[]);
    assert_eq!(r.stdout, "wrote preflight.toml (a starting configuration to commit)\n");
    let cfg = dir.path().join("preflight.toml");
    let c = preflight::config::Config::load(&cfg).unwrap();
    c.validate(&preflight::rules::RuleSet::builtin().unwrap()).unwrap();
    assert_eq!(c.file.fail_on, Some(preflight::finding::Severity::Warning));
    assert_eq!(c.file.baseline, None);
    // `check` reads it without complaint
    write(dir.path(), "ok.sh", "#!/bin/sh\necho hi\n");
    assert_eq!(preflight(dir.path(), home.path(), &["check", "."]).code, 0);

    write(dir.path(), "preflight.toml", "ignore = [\"git\"]\n");
    let r = init(dir.path(), home.path(), &[]);
    assert!(r.stdout.starts_with("left preflight.toml: it exists"), "{}", r.stdout);
    assert_eq!(read(dir.path(), "preflight.toml"), "ignore = [\"git\"]\n");
    // --force replaces it and keeps the old one
    let r = init(dir.path(), home.path(), &["--force"]);
    assert!(r.stdout.contains("preflight.toml.preflight.bak"), "{}", r.stdout);
    assert_eq!(read(dir.path(), "preflight.toml.preflight.bak"), "ignore = [\"git\"]\n");
    assert_eq!(
        read(dir.path(), "preflight.toml"),
        preflight::init::config_template(None)
    );
    // `.preflight.toml` counts as the configuration too
    let other = tempfile::tempdir().unwrap();
    write(other.path(), ".preflight.toml", "fail-on = \"error\"\n");
    let r = init(other.path(), home.path(), &[]);
    assert!(r.stdout.starts_with("left .preflight.toml: it exists"), "{}", r.stdout);
    assert!(!other.path().join("preflight.toml").exists());
}

#[test]
fn each_agent_gets_the_hook_the_guide_documents_in_both_scopes() {
    for (agent, heading, project_file, user_file) in AGENTS {
        let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let r = init(dir.path(), home.path(), &["--no-config", "--agent", agent]);
        assert!(
            r.stdout.starts_with(&format!("wrote {project_file} (")),
            "{agent}: {}",
            r.stdout
        );
        let want: Value = serde_json::from_str(&documented(heading, "json")).unwrap();
        assert_eq!(json(dir.path(), project_file), want, "{agent}");
        assert_eq!(tree(dir.path()).len(), 1, "{agent}: only the settings file");
        assert!(
            tree(home.path()).is_empty(),
            "{agent}: project scope leaves the home alone"
        );

        let r = init(dir.path(), home.path(), &["--user", "--agent", agent]);
        assert!(
            r.stdout.starts_with(&format!("wrote ~/{user_file} (")),
            "{agent}: {}",
            r.stdout
        );
        assert_eq!(json(home.path(), user_file), want, "{agent}");
        assert_eq!(
            tree(dir.path()).len(),
            1,
            "{agent}: user scope leaves the project alone"
        );
    }
}

#[test]
fn hooks_merge_into_existing_settings_and_a_second_run_changes_nothing() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // JSONC: comments and trailing commas, other keys and other hooks on the same event
    let claude = "{\n  // team settings\n  \"permissions\": {\"allow\": [\"Bash(npm test)\"]},\n  \"hooks\": {\n    \"PreToolUse\": [\n      {\"matcher\": \"Edit\", \"hooks\": [{\"type\": \"command\", \"command\": \"./fmt.sh\"}]},\n    ],\n    \"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"notify\"}]}],\n  },\n}\n";
    write(dir.path(), ".claude/settings.json", claude);
    let cursor = "{\"version\": 1, \"hooks\": {\"beforeShellExecution\": [{\"command\": \"./audit.sh\"}]}}";
    write(dir.path(), ".cursor/hooks.json", cursor);
    let gemini = "\u{feff}{\"theme\": \"dark\", \"hooks\": {\"AfterTool\": []}}\n";
    write(dir.path(), ".gemini/settings.json", gemini);

    let r = init(dir.path(), home.path(), &["--no-config", "--all"]);
    for f in [".claude/settings.json", ".cursor/hooks.json", ".gemini/settings.json"] {
        assert!(r.stdout.contains(&format!("updated {f} (")), "{f}: {}", r.stdout);
    }
    // the backups hold what was there
    assert_eq!(read(dir.path(), ".claude/settings.json.preflight.bak"), claude);
    assert_eq!(read(dir.path(), ".cursor/hooks.json.preflight.bak"), cursor);

    let text = read(dir.path(), ".claude/settings.json");
    assert!(text.starts_with("{\n  // team settings\n"), "{text}");
    let v = jsonc(&text);
    assert_eq!(v["permissions"]["allow"][0], "Bash(npm test)");
    assert_eq!(v["hooks"]["Stop"][0]["hooks"][0]["command"], "notify");
    let pre = v["hooks"]["PreToolUse"].as_array().unwrap();
    assert_eq!(pre.len(), 2);
    assert_eq!(pre[0]["hooks"][0]["command"], "./fmt.sh");
    assert_eq!(pre[1]["matcher"], "Bash|PowerShell|mcp__.*");
    assert_eq!(pre[1]["hooks"][0]["command"], "preflight hook claude-code");

    let v = json(dir.path(), ".cursor/hooks.json");
    assert_eq!(v["hooks"]["beforeShellExecution"][0]["command"], "./audit.sh");
    assert_eq!(v["hooks"]["beforeShellExecution"][1]["failClosed"], true);
    assert_eq!(v["hooks"]["beforeMCPExecution"][0]["command"], "preflight hook cursor");

    let text = read(dir.path(), ".gemini/settings.json");
    assert!(text.starts_with('\u{feff}'), "the byte-order mark stays");
    let v = jsonc(&text);
    assert_eq!(v["theme"], "dark");
    assert_eq!(v["hooks"]["BeforeTool"][0]["hooks"][0]["timeout"], 5000);

    // a second run: every file is left as it is, byte for byte
    let before = tree(dir.path());
    let r = init(dir.path(), home.path(), &["--no-config", "--all"]);
    assert_eq!(tree(dir.path()), before);
    assert_eq!(r.stdout.lines().count(), 5, "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .all(|l| l.starts_with("left ") && l.contains("already runs")),
        "{}",
        r.stdout
    );

    // a hook someone wrote by hand (with other options) counts too
    let other = tempfile::tempdir().unwrap();
    let own = "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"Bash\", \"hooks\": [{\"type\": \"command\", \"command\": \"/opt/bin/preflight hook claude-code --strict\"}]}]}}";
    write(other.path(), ".claude/settings.json", own);
    init(other.path(), home.path(), &["--no-config", "--agent", "claude"]);
    assert_eq!(read(other.path(), ".claude/settings.json"), own);
}

/// JSON with comments, trailing commas and a byte-order mark, as the agents read it.
fn jsonc(text: &str) -> Value {
    let root = jsonc_parser::cst::CstRootNode::parse(text.trim_start_matches('\u{feff}'), &Default::default())
        .unwrap_or_else(|e| panic!("{e}: {text}"));
    root.value().and_then(|v| v.to_serde_value()).unwrap()
}

#[test]
fn codex_hooks_kept_in_config_toml_are_added_there() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = "model = \"o3\"\n\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = \"command\"\ncommand = \"notify\"\n";
    write(home.path(), ".codex/config.toml", config);
    init(dir.path(), home.path(), &["--user", "--agent", "codex"]);
    assert!(!home.path().join(".codex/hooks.json").exists());
    let text = read(home.path(), ".codex/config.toml");
    assert!(text.starts_with(config), "{text}");
    let got: toml::Table = toml::from_str(&text).unwrap();
    let want: toml::Table = toml::from_str(&documented("### Codex", "toml")).unwrap();
    assert_eq!(got["hooks"]["PreToolUse"], want["hooks"]["PreToolUse"]);
    assert_eq!(got["hooks"]["Stop"][0]["hooks"][0]["command"].as_str(), Some("notify"));
    let r = init(dir.path(), home.path(), &["--user", "--agent", "codex"]);
    assert!(r.stdout.starts_with("left ~/.codex/config.toml"), "{}", r.stdout);
    assert_eq!(read(home.path(), ".codex/config.toml"), text);

    // $CODEX_HOME is where Codex keeps its user settings when it is set
    let codex_home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("preflight")
        .unwrap()
        .current_dir(dir.path())
        .env("HOME", home.path())
        .env("CODEX_HOME", codex_home.path())
        .args(["init", "--user", "--agent", "codex"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        serde_json::from_str::<Value>(&read(codex_home.path(), "hooks.json")).unwrap(),
        serde_json::from_str::<Value>(&documented("### Codex", "json")).unwrap()
    );
}

#[test]
fn an_unparsable_file_is_refused_and_nothing_is_written() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(dir.path(), ".claude/settings.json", "{\"model\": \"opus\",, oops\n");
    write(dir.path(), ".pre-commit-config.yaml", "repos:\n  - repo: local\n");
    let before = tree(dir.path());
    let r = preflight(
        dir.path(),
        home.path(),
        &[
            "init",
            "--pre-commit",
            "--github-actions",
            "--agent",
            "cursor",
            "--agent",
            "claude-code",
        ],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(".claude/settings.json does not parse as JSON"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(tree(dir.path()), before, "no file created, changed or backed up");

    // a shape that is not the agent's is refused the same way
    write(
        dir.path(),
        ".claude/settings.json",
        "{\"hooks\": {\"PreToolUse\": \"Bash\"}}",
    );
    let r = preflight(dir.path(), home.path(), &["init", "--agent", "claude-code"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`hooks.PreToolUse` is not a list"), "{}", r.stderr);
    assert!(!dir.path().join("preflight.toml").exists());
    // and a broken YAML
    write(dir.path(), ".pre-commit-config.yaml", "repos:\n  - repo: [\n");
    let r = preflight(dir.path(), home.path(), &["init", "--pre-commit"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does not parse as YAML"), "{}", r.stderr);
}

#[test]
fn dry_run_shows_diffs_and_writes_nothing() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(dir.path(), "x.sh", SCRIPT);
    write(
        dir.path(),
        ".cursor/hooks.json",
        "{\n  \"version\": 1,\n  \"hooks\": {}\n}\n",
    );
    write(
        dir.path(),
        ".pre-commit-config.yaml",
        "repos:\n  - repo: local\n    hooks: []\n",
    );
    let before = tree(dir.path());
    let r = init(
        dir.path(),
        home.path(),
        &["--dry-run", "--pre-commit", "--github-actions", "--all", "--baseline"],
    );
    assert_eq!(tree(dir.path()), before);
    assert!(tree(home.path()).is_empty());
    for header in [
        "would create preflight.toml (",
        "+++ b/preflight.toml",
        "+baseline = \".preflight-baseline.json\"",
        "would change .pre-commit-config.yaml (",
        "--- a/.pre-commit-config.yaml",
        "+  - repo: https://github.com/preflight-rs/preflight",
        "would create .github/workflows/preflight.yml (",
        "would change .cursor/hooks.json (",
        "-  \"hooks\": {}",
        "+        \"command\": \"preflight hook cursor\",",
        "would create .claude/settings.json (",
        "would create .preflight-baseline.json with today's findings: 2 entries",
    ] {
        assert!(r.stdout.contains(header), "{header}: {}", r.stdout);
    }
}

#[test]
fn pre_commit_is_added_to_an_existing_configuration_once() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let before = "# ours\nrepos:\n-   repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.6.0\n    hooks:\n    -   id: trailing-whitespace\n# keep this comment\nci:\n    autoupdate_schedule: monthly\n";
    write(dir.path(), ".pre-commit-config.yaml", before);
    let r = init(dir.path(), home.path(), &["--no-config", "--pre-commit"]);
    assert!(
        r.stdout.starts_with("updated .pre-commit-config.yaml ("),
        "{}",
        r.stdout
    );
    let after = read(dir.path(), ".pre-commit-config.yaml");
    let at = before.find("# keep").unwrap();
    let added = &after[at..after.len() - (before.len() - at)];
    assert_eq!(
        format!("{}{added}{}", &before[..at], &before[at..]),
        after,
        "the rest is byte-identical"
    );
    assert!(
        added.starts_with("- repo: https://github.com/preflight-rs/preflight\n"),
        "{added}"
    );
    assert!(
        added.contains("\n    - id: preflight\n") && added.contains("\n    - id: preflight-build-files\n"),
        "{added}"
    );
    assert_eq!(read(dir.path(), ".pre-commit-config.yaml.preflight.bak"), before);
    if let Some(msg) = pre_commit_rejects(dir.path()) {
        panic!("pre-commit rejects the result: {msg}");
    }
    // a second run leaves it
    let r = init(dir.path(), home.path(), &["--no-config", "--pre-commit"]);
    assert_eq!(r.stdout, "left .pre-commit-config.yaml: it already runs preflight\n");
    assert_eq!(read(dir.path(), ".pre-commit-config.yaml"), after);

    // none yet: a new one
    let fresh = tempfile::tempdir().unwrap();
    init(fresh.path(), home.path(), &["--no-config", "--pre-commit"]);
    let text = read(fresh.path(), ".pre-commit-config.yaml");
    assert!(
        text.contains("repos:\n  - repo: https://github.com/preflight-rs/preflight\n"),
        "{text}"
    );
    if let Some(msg) = pre_commit_rejects(fresh.path()) {
        panic!("pre-commit rejects the new file: {msg}");
    }
}

/// What `pre-commit validate-config` says against the file, when pre-commit is installed.
fn pre_commit_rejects(dir: &Path) -> Option<String> {
    for cmd in [vec!["pre-commit"], vec!["python3", "-m", "pre_commit"]] {
        let Ok(out) = std::process::Command::new(cmd[0])
            .args(&cmd[1..])
            .args(["validate-config", ".pre-commit-config.yaml"])
            .current_dir(dir)
            .output()
        else {
            continue;
        };
        if String::from_utf8_lossy(&out.stderr).contains("No module named") {
            continue;
        }
        return (!out.status.success()).then(|| String::from_utf8_lossy(&out.stdout).into_owned());
    }
    None
}

#[test]
fn the_workflow_is_written_once_and_has_no_findings_itself() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    init(dir.path(), home.path(), &["--no-config", "--github-actions"]);
    let text = read(dir.path(), ".github/workflows/preflight.yml");
    assert!(text.contains("run: preflight check --format github ."), "{text}");
    assert!(text.contains("cargo install --locked --git https://github.com/preflight-rs/preflight preflight"));
    let r = preflight(dir.path(), home.path(), &["check", "--format", "json", "."]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 1, "the workflow is read as one");
    assert_eq!(doc["summary"]["findings"], 0, "{}", r.stdout);

    write(dir.path(), ".github/workflows/preflight.yml", "name: ours\n");
    let r = init(dir.path(), home.path(), &["--no-config", "--github-actions"]);
    assert!(
        r.stdout.starts_with("left .github/workflows/preflight.yml: it exists"),
        "{}",
        r.stdout
    );
    assert_eq!(read(dir.path(), ".github/workflows/preflight.yml"), "name: ours\n");
}

#[test]
fn the_baseline_hides_todays_findings_and_shows_new_ones() {
    let (root, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(root.path(), "proj/ops/deploy.sh", SCRIPT);
    // from outside the project, with --dir
    let r = init(root.path(), home.path(), &["--dir", "proj", "--baseline"]);
    assert!(r.stdout.contains("wrote proj/preflight.toml"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("recorded 2 findings in proj/.preflight-baseline.json"),
        "{}",
        r.stdout
    );
    let dir = root.path().join("proj");
    let c = preflight::config::Config::load(&dir.join("preflight.toml")).unwrap();
    assert_eq!(c.file.baseline.as_deref(), Some(Path::new(".preflight-baseline.json")));
    let b = json(&dir, ".preflight-baseline.json");
    assert_eq!(
        b["findings"][0]["path"], "ops/deploy.sh",
        "relative to the configuration"
    );

    let check = |at: &Path, args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let r = preflight(at, home.path(), &all);
        let doc: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr));
        let rules: Vec<String> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect();
        (r.code, rules)
    };
    assert_eq!(check(&dir, &["."]), (0, vec![]));
    assert_eq!(check(&dir.join("ops"), &["deploy.sh"]), (0, vec![]));
    // a new destructive line: the only finding
    write(&dir, "ops/deploy.sh", &format!("{SCRIPT}git clean -fdx\n"));
    assert_eq!(check(&dir, &["."]), (1, vec!["git-clean-force".to_owned()]));
    assert_eq!(check(root.path(), &["proj"]), (1, vec!["git-clean-force".to_owned()]));

    // init again leaves the baseline (today's findings are not accepted silently)
    let before = read(&dir, ".preflight-baseline.json");
    let r = init(&dir, home.path(), &["--baseline"]);
    assert!(
        r.stdout.contains("left .preflight-baseline.json: it exists"),
        "{}",
        r.stdout
    );
    assert_eq!(read(&dir, ".preflight-baseline.json"), before);
}

#[test]
fn baseline_joins_an_existing_configuration() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(dir.path(), "x.sh", SCRIPT);
    write(dir.path(), "preflight.toml", "# ours\nignore = [\"git-push-force\"]\n");
    let r = init(dir.path(), home.path(), &["--baseline"]);
    assert!(
        r.stdout
            .contains("updated preflight.toml (`baseline = \".preflight-baseline.json\"`)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("recorded 1 findings"),
        "the configuration's ignore applies: {}",
        r.stdout
    );
    assert_eq!(
        read(dir.path(), "preflight.toml"),
        "# ours\nignore = [\"git-push-force\"]\nbaseline = \".preflight-baseline.json\"\n"
    );
    assert_eq!(preflight(dir.path(), home.path(), &["check", "."]).code, 0);
}

#[test]
fn user_scope_is_for_agents_only() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let r = preflight(dir.path(), home.path(), &["init", "--user"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--agent"), "{}", r.stderr);
    for flag in ["--pre-commit", "--github-actions", "--baseline"] {
        let r = preflight(dir.path(), home.path(), &["init", "--user", "--all", flag]);
        assert_eq!(r.code, 2, "{flag}");
    }
    assert!(tree(dir.path()).is_empty() && tree(home.path()).is_empty());
    let r = preflight(dir.path(), home.path(), &["init", "--dir", "missing"]);
    assert_eq!(r.code, 2);
}

#[test]
fn symlinked_settings_are_written_through_and_unreadable_ones_refused() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // dotfiles kept elsewhere, linked into place; unknown keys are kept as they are
    let text = "{\n  \"unknownKey\": {\"nested\": [1, 2]},\n  \"theme\": \"dark\",\n}\n";
    write(home.path(), "dotfiles/gemini.json", text);
    std::fs::create_dir_all(home.path().join(".gemini")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            home.path().join("dotfiles/gemini.json"),
            home.path().join(".gemini/settings.json"),
        )
        .unwrap();
        init(dir.path(), home.path(), &["--user", "--agent", "gemini"]);
        let link = home.path().join(".gemini/settings.json");
        assert!(
            link.symlink_metadata().unwrap().file_type().is_symlink(),
            "still a link"
        );
        let v = jsonc(&read(home.path(), "dotfiles/gemini.json"));
        assert_eq!(v["unknownKey"]["nested"][1], 2);
        assert_eq!(
            v["hooks"]["BeforeTool"][0]["hooks"][0]["command"],
            "preflight hook gemini"
        );
    }
    // a settings path that cannot be read (a directory) is an error naming it; nothing is written
    std::fs::create_dir_all(dir.path().join(".cursor/hooks.json")).unwrap();
    let before = tree(dir.path());
    let r = preflight(
        dir.path(),
        home.path(),
        &["init", "--agent", "cursor", "--agent", "codex"],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("cannot read .cursor/hooks.json"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(tree(dir.path()), before);
}
