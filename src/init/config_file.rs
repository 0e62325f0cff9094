//! The starting `preflight.toml` `init` writes: every key the loader reads, at its default or
//! commented out, with a line on what it does; and `baseline = "…"` added to an existing one.

use std::path::Path;
use std::sync::Arc;

use crate::config::Config;

/// Where `init --baseline` records today's findings, relative to the configuration.
pub const BASELINE: &str = ".preflight-baseline.json";

/// The starting configuration; `baseline`: the line naming a baseline is live, not commented out.
pub fn template(baseline: Option<&str>) -> String {
    let baseline_line = match baseline {
        Some(b) => format!("baseline = {}\n", toml_string(b)),
        None => format!("# baseline = \"{BASELINE}\"\n"),
    };
    format!(
        r#"# preflight: reports destructive operations and unverified environment assumptions before they
# run. This file applies to `preflight check`, pre-commit, CI and the editor, for every path under
# this directory. Reference: docs/configuration.md of preflight (JSON Schema:
# docs/config.schema.json). `preflight rules` lists rules and families, `preflight explain RULE`
# documents one.

# `preflight check` exits 1 on findings at or above this severity: "error", "warning" or "info"
# (`--fail-on` wins).
fail-on = "warning"

# Code only known at run time (`$CMD args`, `eval "$X"`): "reachable" warns only where it can
# reach something destructive (info elsewhere); "strict" warns wherever an agent hook would ask.
dynamic = "reachable"

# Findings recorded in this file (relative to this one) are not reported: adopt preflight on a
# repository that already has findings, and see only new ones. Record them with
# `preflight check --write-baseline {BASELINE} .` (or `preflight init --baseline`).
{baseline_line}
# Only these rules, families (`git`, `aws`, `railway` …) or categories (`destructive`,
# `environment`, `dynamic`, `syntax`) are reported. Empty: everything.
select = []

# Rules, families or categories never reported.
ignore = []

# Paths (globs relative to this file) not to walk into. A path named on the command line is
# always checked.
exclude = []

# Your own rule packs (TOML, relative to this file; docs/rule-pack.schema.json).
rules = []

# Per-rule severity ("error", "warning", "info"), e.g. git-push-force = "error".
[severity]

# What counts as production here: a script or plan that says it works on staging and names one of
# these is reported, and these are never taken for a non-production target.
[environment.production]
kube-contexts = []
aws-profiles = []
gcp-projects = []
azure-subscriptions = []
terraform-workspaces = []
railway-projects = []
railway-environments = []
database-hosts = []
# Anything else: app names, buckets, database names, hosts.
names = []

# Names that look like production but are not.
[environment.non-production]
names = []
"#
    )
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_owned()
}

/// Checks a configuration's text with the real loader (and the built-in rules' names).
pub fn load(path: &Path, text: &str) -> Result<Config, String> {
    let c = Config::parse(path, Arc::from(text)).map_err(|e| e.message)?;
    Ok(c)
}

/// `text` with `baseline = "…"` added among its top-level keys; `None` when it already names one.
pub fn add_baseline(text: &str, baseline: &str, shown: &str) -> Result<Option<String>, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("{shown} does not parse as TOML: {e}"))?;
    if doc.contains_key("baseline") {
        return Ok(None);
    }
    doc.insert("baseline", toml_edit::value(baseline));
    Ok(Some(doc.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn the_template_loads_with_every_key_at_its_default() {
        let rules = RuleSet::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        for baseline in [None, Some(BASELINE)] {
            let p = dir.path().join("preflight.toml");
            std::fs::write(&p, template(baseline)).unwrap();
            let c = Config::load(&p).unwrap();
            c.validate(&rules).unwrap();
            assert_eq!(c.file.baseline.as_deref(), baseline.map(Path::new));
            assert!(c.file.ignore.is_empty() && c.file.select.is_empty() && c.file.severity.is_empty());
            assert_eq!(c.file.environment, Default::default());
        }
    }

    #[test]
    fn a_baseline_key_joins_an_existing_configuration() {
        let before = "# ours\nignore = [\"git\"]\n\n[severity]\ngit-push-force = \"error\"\n";
        let after = add_baseline(before, BASELINE, "preflight.toml").unwrap().unwrap();
        assert!(
            after.starts_with("# ours\nignore = [\"git\"]\nbaseline = \".preflight-baseline.json\"\n"),
            "{after}"
        );
        let c = load(Path::new("preflight.toml"), &after).unwrap();
        assert_eq!(c.file.baseline.as_deref(), Some(Path::new(BASELINE)));
        assert_eq!(add_baseline(&after, "x.json", "preflight.toml").unwrap(), None);
    }
}
