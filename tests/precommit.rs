//! The pre-commit hook for real: a throwaway git repository whose `.pre-commit-config.yaml`
//! points at this checkout (at its current commit, so `.pre-commit-hooks.yaml` must be
//! committed), runs `pre-commit run` on staged files and shows the hook failing on a destructive
//! script and passing on a clean one.
//!
//! Installs nothing: it uses `pre-commit` (from PyPI) when it is on the PATH (or importable by
//! `python3`) and skips otherwise, unless `PREFLIGHT_REQUIRE_PRECOMMIT=1` is set, as `.ci/run`
//! does, in which case a missing pre-commit fails the test. pre-commit's `rust` language builds
//! this crate with `cargo install` (about a minute from scratch: the test sets
//! `CARGO_PROFILE_RELEASE_OPT_LEVEL=0` for that build, which changes its speed, not what the
//! hook does); the build and pre-commit's cache live under `target/tmp/precommit-*` so later
//! runs reuse them. The staged scripts are written as files and only ever read by preflight.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn require() -> bool {
    std::env::var_os("PREFLIGHT_REQUIRE_PRECOMMIT").is_some_and(|v| !v.is_empty() && v != "0")
}

/// How to run pre-commit here, if it is installed.
fn pre_commit() -> Option<Vec<String>> {
    for cmd in [vec!["pre-commit"], vec!["python3", "-m", "pre_commit"]] {
        let ok = Command::new(cmd[0])
            .args(&cmd[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(cmd.into_iter().map(String::from).collect());
        }
    }
    None
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

struct Hook {
    cmd: Vec<String>,
    repo: PathBuf,
    cache: PathBuf,
}

impl Hook {
    /// `pre-commit run` on what is staged; returns the exit status and everything it printed.
    fn run(&self) -> (i32, String) {
        let out: Output = Command::new(&self.cmd[0])
            .args(&self.cmd[1..])
            .args(["run", "--color", "never"])
            .current_dir(&self.repo)
            .env("PRE_COMMIT_HOME", self.cache.join("precommit-home"))
            .env("CARGO_TARGET_DIR", self.cache.join("precommit-target"))
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE")
            .env_remove("PRE_COMMIT")
            .output()
            .expect("pre-commit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }
}

#[test]
fn pre_commit_hook_fails_on_a_destructive_script_and_passes_on_a_clean_one() {
    let Some(cmd) = pre_commit() else {
        assert!(
            !require(),
            "PREFLIGHT_REQUIRE_PRECOMMIT is set but pre-commit is not installed (pip install pre-commit)"
        );
        eprintln!("skipped: pre-commit is not installed (set PREFLIGHT_REQUIRE_PRECOMMIT=1 to make this an error)");
        return;
    };
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rev = git(checkout, &["rev-parse", "HEAD"]);
    // pre-commit clones the commit, not the working tree
    git(checkout, &["cat-file", "-e", &format!("{rev}:.pre-commit-hooks.yaml")]);
    if !git(checkout, &["status", "--porcelain", "--untracked-files=no"]).is_empty() {
        eprintln!("note: the working tree has uncommitted changes; the hook is built from {rev}");
    }

    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().to_path_buf();
    git(&repo, &["init", "-q"]);
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: preflight\n",
        checkout.display()
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    std::fs::write(
        repo.join("deploy.sh"),
        "#!/bin/sh\nset -eu\necho 'cleaning up'\nrm -rf /srv/data\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("PLAN.md"),
        "# Plan\n\n```sh\ngit push --force origin main\n```\n",
    )
    .unwrap();
    git(&repo, &["add", ".pre-commit-config.yaml", "deploy.sh", "PLAN.md"]);

    let hook = Hook {
        cmd,
        repo: repo.clone(),
        cache: PathBuf::from(env!("CARGO_TARGET_TMPDIR")),
    };
    let started = std::time::Instant::now();
    let (code, out) = hook.run();
    eprintln!("first pre-commit run (builds the hook): {:.1?}", started.elapsed());
    assert_eq!(code, 1, "the hook must fail on the destructive script:\n{out}");
    assert!(out.contains("preflight") && out.contains("Failed"), "{out}");
    assert!(
        out.contains("rm-recursive-absolute") && out.contains("deploy.sh"),
        "{out}"
    );
    assert!(
        out.contains("git-push-force") && out.contains("PLAN.md"),
        "markdown is checked too:\n{out}"
    );

    // unstage the destructive files, stage only clean ones
    git(&repo, &["rm", "-q", "--cached", "deploy.sh", "PLAN.md"]);
    std::fs::remove_file(repo.join("deploy.sh")).unwrap();
    std::fs::remove_file(repo.join("PLAN.md")).unwrap();
    std::fs::write(
        repo.join("build.sh"),
        "#!/bin/sh\nset -eu\nrm -rf ./build\necho built\n",
    )
    .unwrap();
    std::fs::write(repo.join("package.json"), "{\"name\": \"x\", \"private\": true}\n").unwrap();
    git(&repo, &["add", "build.sh", "package.json"]);
    let started = std::time::Instant::now();
    let (code, out) = hook.run();
    eprintln!("second pre-commit run: {:.1?}", started.elapsed());
    assert_eq!(code, 0, "the hook must pass on clean files:\n{out}");
    assert!(out.contains("preflight") && out.contains("Passed"), "{out}");
}
