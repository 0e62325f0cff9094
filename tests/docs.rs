//! The generated documentation is up to date with the rule packs (one source for every rule).
//! Regenerate with `PREFLIGHT_UPDATE_DOCS=1 cargo test --test docs`.

use std::path::Path;

use preflight::rules::RuleSet;

fn check_or_update(rel: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if std::env::var_os("PREFLIGHT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{rel} is stale: regenerate it with `PREFLIGHT_UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn rule_reference_is_fresh() {
    let set = RuleSet::builtin().unwrap();
    check_or_update("docs/rules.md", &preflight::docs::rules_markdown(&set));
}

#[test]
fn rule_pack_schema_is_fresh() {
    let schema = schemars::schema_for!(preflight::rules::schema::PackFile);
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    check_or_update("docs/rule-pack.schema.json", &text);
}

#[test]
fn every_builtin_pack_validates_against_the_schema_shape() {
    // the loader and the schema come from the same structs; this checks the generated schema
    // names the fields the packs use
    let schema = schemars::schema_for!(preflight::rules::schema::PackFile);
    let text = serde_json::to_string(&schema).unwrap();
    for field in [
        "family", "programs", "rule", "shell", "graphql", "escalate", "examples", "fallback",
    ] {
        assert!(
            text.contains(&format!("\"{field}\"")),
            "{field} missing from the schema"
        );
    }
}

#[test]
fn config_schema_is_fresh() {
    let schema = schemars::schema_for!(preflight::config::ConfigFile);
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    check_or_update("docs/config.schema.json", &text);
}

#[test]
fn integration_guide_shows_the_hook_and_both_workflows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/integrations.md")).unwrap();
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    for line in ["- id: preflight", "language: rust", "entry: preflight check"] {
        assert!(hooks.contains(line), ".pre-commit-hooks.yaml: {line}");
    }
    for heading in [
        "\n## Set up with `preflight init`\n",
        "\n## pre-commit\n",
        "\n## GitHub Actions\n",
    ] {
        assert!(guide.contains(heading), "docs/integrations.md lacks {heading:?}");
    }
    for snippet in [
        "      - id: preflight",
        "preflight check --format sarif . > preflight.sarif",
        "github/codeql-action/upload-sarif",
        "security-events: write",
        "preflight check --format github .",
    ] {
        assert!(guide.contains(snippet), "docs/integrations.md lacks {snippet:?}");
    }
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("(docs/integrations.md)"), "README links the guide");
    assert!(readme.contains("\npreflight init "), "README shows `preflight init`");
}

#[test]
fn the_configuration_example_loads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/configuration.md")).unwrap();
    let start = doc.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    // its rule pack is an example path: the rest must load and name only real rules
    let example: String = example
        .lines()
        .filter(|l| !l.starts_with("rules ="))
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("preflight.toml");
    std::fs::write(&cfg, example).unwrap();
    let c = preflight::config::Config::load(&cfg).unwrap();
    c.validate(&preflight::rules::RuleSet::builtin().unwrap()).unwrap();
    assert!(!c.file.environment.production.kube_contexts.is_empty());
}

#[test]
fn integration_guide_covers_every_editor_and_agent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/integrations.md")).unwrap();
    for heading in [
        "\n## Editors (LSP)\n",
        "\n### Neovim\n",
        "\n### VS Code\n",
        "\n### Helix\n",
        "\n### Zed\n",
        "\n## Agent hooks\n",
        "\n### Claude Code\n",
        "\n### Cursor\n",
        "\n### Codex\n",
        "\n### Gemini CLI\n",
        "\n### GitHub Copilot CLI\n",
    ] {
        assert!(guide.contains(heading), "docs/integrations.md lacks {heading:?}");
    }
    for file in ["editors/zed/extension.toml", "editors/zed/src/lib.rs"] {
        assert!(root.join(file).is_file(), "{file}");
    }
}
