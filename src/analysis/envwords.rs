//! The words of environments (`staging`, `prod` …), what a plan declares it is about, opaque
//! IDs, and names of environment variables and check scripts.

use crate::graphql::name_tokens;
use crate::plan::{OpKind, Plan};
use crate::rules::RuleSet;
use crate::rules::view::View;

/// Production or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvClass {
    Prod,
    NonProd,
}

impl EnvClass {
    pub fn as_str(self) -> &'static str {
        match self {
            EnvClass::Prod => "production",
            EnvClass::NonProd => "a non-production environment",
        }
    }
}

const PROD: &[&str] = &["prod", "production", "prd"];
/// Non-production words that are unambiguous even in prose.
const NONPROD_STRONG: &[&str] = &["staging", "stg", "preview", "sandbox", "qa", "uat"];
/// Non-production words that are unambiguous in names and values (`APP_ENV=dev`).
const NONPROD: &[&str] = &[
    "staging",
    "stage",
    "stg",
    "dev",
    "develop",
    "development",
    "test",
    "testing",
    "qa",
    "uat",
    "preview",
    "review",
    "sandbox",
    "demo",
    "local",
];

/// Lowercase words of a text: split on punctuation, then on camelCase; trailing digits dropped.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|c| !c.is_empty() && c.len() < 64)
        .flat_map(name_tokens)
        .map(|t| t.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned())
        .filter(|t| !t.is_empty())
}

fn class_of_token(t: &str, strong: bool) -> Option<EnvClass> {
    if PROD.contains(&t) {
        Some(EnvClass::Prod)
    } else if (if strong { NONPROD_STRONG } else { NONPROD }).contains(&t) {
        Some(EnvClass::NonProd)
    } else {
        None
    }
}

/// The environment a value names (`prod-eu`, `app_production`, `PROD_DATABASE_URL`, `staging`).
pub fn class_of_value(text: &str) -> Option<EnvClass> {
    tokens(text).find_map(|t| class_of_token(&t, false))
}

/// Whether a text names the other side of `declared`: production words in a plan about
/// staging, unambiguous non-production words in a plan about production.
pub fn names_other(text: &str, declared: EnvClass) -> bool {
    tokens(text).any(|t| match declared {
        EnvClass::NonProd => PROD.contains(&t.as_str()),
        EnvClass::Prod => NONPROD_STRONG.contains(&t.as_str()),
    })
}

/// A variable that holds the environment (`APP_ENV`, `RAILS_ENV`, `KUBE_CONTEXT`, `STAGE`).
pub fn is_env_variable(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n == "ENV"
        || n.ends_with("_ENV")
        || n.contains("ENVIRONMENT")
        || n.ends_with("STAGE")
        || n.ends_with("_CONTEXT")
        || n.ends_with("_PROFILE")
        || n.ends_with("WORKSPACE")
        || n == "TIER"
}

/// A command that checks something before a destructive step (`./scripts/assert-staging.sh`).
pub fn is_check_name(program: &str) -> bool {
    let p = program.to_ascii_lowercase();
    ["assert", "verify", "ensure", "guard", "confirm"]
        .iter()
        .any(|k| p.contains(k))
        || (p.contains("check")
            && [
                "env", "staging", "prod", "context", "target", "cluster", "account", "stage",
            ]
            .iter()
            .any(|k| p.contains(k)))
}

/// A variable named like an ID (`PROJECT_ID`, `refId`, `VOLUME_UUID`, `ROLE_ARN`).
pub fn is_id_name(name: &str) -> bool {
    tokens(name).any(|t| matches!(t.as_str(), "id" | "ids" | "uuid" | "arn" | "oid" | "sha"))
}

/// An opaque identifier: a UUID, a prefixed cloud ID (`vol_…`, `i-…`, `snap-…`), a GitHub node
/// ID, or a long run of mixed letters and digits.
pub fn is_opaque_id(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.contains(char::is_whitespace) || s.contains('/') && !s.starts_with("gid://") {
        return false;
    }
    if is_uuid(s) || s.starts_with("gid://") || s.starts_with("arn:") {
        return true;
    }
    // GitHub node IDs: `R_kgDOAbc…`, `PR_kwDO…`
    if let Some((pre, rest)) = s.split_once('_')
        && pre.len() <= 4
        && pre.chars().all(|c| c.is_ascii_uppercase())
        && rest.len() >= 8
    {
        return true;
    }
    let core = [
        "vol_", "vol-", "i-", "snap-", "ami-", "db-", "vpc-", "subnet-", "sg-", "eni-", "fs-", "srv-", "svc_", "prj_",
    ]
    .iter()
    .find_map(|p| s.strip_prefix(p))
    .unwrap_or(s);
    let prefixed = core.len() < s.len();
    let mixed = |c: &str| c.chars().any(|x| x.is_ascii_digit()) && c.chars().any(|x| x.is_ascii_alphabetic());
    let hexlike = core.len() >= 16 && core.chars().all(|c| c.is_ascii_hexdigit());
    let chunk = core
        .split(['-', '_'])
        .any(|c| c.len() >= 10 && c.chars().all(|x| x.is_ascii_alphanumeric()) && mixed(c));
    hexlike || chunk || (prefixed && core.len() >= 6 && core.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// What a plan says it is about.
#[derive(Clone, Debug)]
pub struct Decl {
    pub class: EnvClass,
    /// The environment word as written (`staging`).
    pub word: String,
    /// Where: "its title", "`APP_ENV=staging`" …
    pub source: String,
}

#[derive(Clone, Debug, Default)]
pub struct Declared {
    pub decls: Vec<Decl>,
}

impl Declared {
    /// The declaration, when every declaration agrees on the class.
    pub fn single(&self) -> Option<&Decl> {
        let first = self.decls.first()?;
        self.decls.iter().all(|d| d.class == first.class).then_some(first)
    }
}

fn quote(s: &str) -> String {
    let s = s.trim();
    let short: String = s.chars().take(60).collect();
    if short.len() < s.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

fn first_word(text: &str, strong: bool) -> Option<(String, EnvClass)> {
    tokens(text).find_map(|t| class_of_token(&t, strong).map(|c| (t, c)))
}

/// The environments a plan declares: in its prose (headings, the user's task, tool-call
/// descriptions), comments, environment variables it sets (`APP_ENV=staging`), the values of
/// flags that pin a target (`--environment staging`), and its path.
pub fn declared(plan: &Plan, rules: &RuleSet, path: &str) -> Declared {
    let mut d = Declared::default();
    for n in &plan.notes {
        for t in tokens(&n.text) {
            if let Some(class) = class_of_token(&t, true) {
                d.decls.push(Decl {
                    class,
                    word: t,
                    source: format!("it says {}", quote(&n.text)),
                });
            }
        }
    }
    for u in &plan.scripts {
        for (c, _) in &u.script.comments {
            if let Some((word, class)) = first_word(c, true) {
                d.decls.push(Decl {
                    class,
                    word,
                    source: format!("a comment says {}", quote(c)),
                });
            }
        }
        for a in &u.script.assignments {
            if !is_env_variable(&a.name) || a.name.ends_with("_PROFILE") {
                continue;
            }
            if let Some((word, class)) = a.value.value().and_then(|v| first_word(&v, false)) {
                d.decls.push(Decl {
                    class,
                    word,
                    source: format!("`{}={}`", a.name, a.value.display()),
                });
            }
        }
    }
    // values of flags that pin a target, on any command of the plan
    for op in &plan.ops {
        let OpKind::Command { script, index } = op.kind else {
            continue;
        };
        let cmd = &plan.scripts[script].script.commands[index];
        let Some(spec) = cmd.program.as_deref().and_then(|p| rules.program(p)) else {
            continue;
        };
        let Some(target) = &spec.target else { continue };
        let view = View::new(cmd, Some(spec));
        for g in &target.pin_flags {
            let names: Vec<String> = g.split('|').map(str::to_owned).collect();
            for f in view.flags_named(&names) {
                if let Some((word, class)) = f.value.as_deref().and_then(|v| first_word(v, false)) {
                    let flag = if f.name.len() == 1 {
                        format!("-{}", f.name)
                    } else {
                        format!("--{}", f.name)
                    };
                    d.decls.push(Decl {
                        class,
                        word,
                        source: format!("`{flag} {}`", f.value.as_deref().unwrap_or("")),
                    });
                }
            }
        }
    }
    // the path, when it names one environment only
    let mut from_path: Vec<(String, EnvClass)> = Vec::new();
    for t in tokens(path) {
        if t == "test" || t == "tests" || t == "testing" {
            continue;
        }
        if let Some(c) = class_of_token(&t, false) {
            from_path.push((t, c));
        }
    }
    if let Some((word, class)) = from_path.first().cloned()
        && from_path.iter().all(|(_, c)| *c == class)
    {
        d.decls.push(Decl {
            class,
            word,
            source: format!("its path `{path}`"),
        });
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(class_of_value("PROD_DATABASE_URL"), Some(EnvClass::Prod));
        assert_eq!(class_of_value("app_production"), Some(EnvClass::Prod));
        assert_eq!(class_of_value("prod-eu"), Some(EnvClass::Prod));
        assert_eq!(class_of_value("product_catalog"), None);
        assert_eq!(class_of_value("kind-dev"), Some(EnvClass::NonProd));
        assert!(names_other("app_production", EnvClass::NonProd));
        assert!(!names_other("test/output", EnvClass::Prod));
    }

    #[test]
    fn opaque_ids() {
        for yes in [
            "3f2b8c1e-9a4d-4c6e-8f1a-2b7d9e0c4a51",
            "vol_4y5m1n0p2q3r",
            "i-0abc123def",
            "R_kgDOAbCdEf",
            "0123456789abcdef01",
        ] {
            assert!(is_opaque_id(yes), "{yes}");
        }
        for no in [
            "pg-data",
            "acme-staging",
            "preview-123",
            "release-2024-01-01",
            "app_production",
            "main",
        ] {
            assert!(!is_opaque_id(no), "{no}");
        }
    }

    #[test]
    fn id_names() {
        assert!(is_id_name("PROJECT_ID"));
        assert!(is_id_name("refId"));
        assert!(!is_id_name("PREFIX"));
        assert!(!is_id_name("IDLE_TIMEOUT"));
    }

    #[test]
    fn check_names() {
        assert!(is_check_name("assert-staging.sh"));
        assert!(is_check_name("check-env"));
        assert!(!is_check_name("shellcheck"));
        assert!(!is_check_name("git"));
    }
}
