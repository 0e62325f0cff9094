//! The words of environments (`staging`, `prod` …), what a plan declares it is about, opaque
//! IDs, and names of environment variables and check scripts.

use crate::config::EnvironmentFacts;
use crate::graphql::name_tokens;
use crate::plan::{OpKind, Plan};
use crate::rules::RuleSet;
use crate::rules::view::View;
use std::borrow::Cow;

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
fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|c| !c.is_empty() && c.len() < 64)
        .flat_map(|w| -> Vec<Cow<'_, str>> {
            if w.bytes().any(|b| b.is_ascii_uppercase()) {
                // camelCase and CAPS: split and lowercased
                name_tokens(w).into_iter().map(Cow::Owned).collect()
            } else {
                // the common case, without allocating
                vec![Cow::Borrowed(w)]
            }
        })
        .map(|t| match t {
            Cow::Borrowed(b) => Cow::Borrowed(b.trim_end_matches(|c: char| c.is_ascii_digit())),
            Cow::Owned(o) => Cow::Owned(o.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned()),
        })
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

/// Whether `text` holds `name` as a whole word (not inside a longer name).
fn names(text: &str, name: &str) -> bool {
    !name.is_empty()
        && text.match_indices(name).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + name.len()..].chars().next();
            let edge = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-' && c != '_');
            edge(before) && edge(after)
        })
}

/// The class the configuration gives a value, if it names one of its targets.
fn configured(text: &str, facts: &EnvironmentFacts) -> Option<EnvClass> {
    let non_production = facts
        .non_production
        .all()
        .chain(facts.staging.all())
        .chain(facts.development.all());
    if non_production.into_iter().any(|n| names(text, n)) {
        Some(EnvClass::NonProd)
    } else if facts.production.all().any(|n| names(text, n)) {
        Some(EnvClass::Prod)
    } else {
        None
    }
}

/// The environment a value names (`prod-eu`, `app_production`, `PROD_DATABASE_URL`, `staging`,
/// or a name the configuration lists).
pub fn class_of_value(text: &str, facts: &EnvironmentFacts) -> Option<EnvClass> {
    configured(text, facts).or_else(|| tokens(text).find_map(|t| class_of_token(&t, false)))
}

/// Whether a text names the other side of `declared`: production words (or configured
/// production names) in a plan about staging, unambiguous non-production words in a plan about
/// production.
pub fn names_other(text: &str, declared: EnvClass, facts: &EnvironmentFacts) -> bool {
    if let Some(class) = configured(text, facts) {
        return class != declared;
    }
    tokens(text).any(|t| match declared {
        EnvClass::NonProd => PROD.contains(&&*t),
        EnvClass::Prod => NONPROD_STRONG.contains(&&*t),
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
    tokens(name).any(|t| matches!(&*t, "id" | "ids" | "uuid" | "arn" | "oid" | "sha"))
}

/// An opaque identifier: a UUID, a prefixed cloud ID (`vol_…`, `i-…`, `snap-…`), an ARN, an
/// Oracle Cloud OCID (`ocid1.volume.oc1…`), a GitHub node ID, or a long run of mixed letters
/// and digits.
pub fn is_opaque_id(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.contains(char::is_whitespace) || s.contains('/') && !s.starts_with("gid://") {
        return false;
    }
    if is_uuid(s) || s.starts_with("gid://") || s.starts_with("arn:") || s.starts_with("ocid1.") {
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

/// An opaque ID that stands alone as a command's argument: a UUID, a `gid://` or `arn:` ID, one
/// opaque token (`0123456789abcdef01`, `a1b2c3d4e5`), or one opaque token with digits behind a
/// short prefix (`vol_4y5m1n0p2q3r`, `srv-cq1a2b3c4d`, `R_kgDOAb1…`). Not a name that merely
/// holds a hash (`web-5f7c9d8b6d-abcde`, a pod) or a word behind a prefix (`db-production`).
pub fn is_standalone_id(s: &str) -> bool {
    let s = s.trim();
    if !is_opaque_id(s) {
        return false;
    }
    if is_uuid(s) || s.starts_with("gid://") || s.starts_with("arn:") || s.starts_with("ocid1.") {
        return true;
    }
    if s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return true;
    }
    match s.split_once(['-', '_']) {
        Some((pre, rest)) => {
            (1..=6).contains(&pre.len())
                && pre.chars().all(|c| c.is_ascii_alphabetic())
                && rest.len() >= 6
                && rest.chars().all(|c| c.is_ascii_alphanumeric())
                && rest.chars().any(|c| c.is_ascii_digit())
        }
        None => false,
    }
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

/// Whether code of `origin` is that of `scope` or nested in it (`gitlab-ci:a` covers
/// `gitlab-ci:a` and `gitlab-ci:a/bash`, not `gitlab-ci:ab`).
fn in_scope(scope: &str, origin: &str) -> bool {
    origin
        .strip_prefix(scope)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// What a plan says it is about.
#[derive(Clone, Debug)]
pub struct Decl {
    pub class: EnvClass,
    /// The environment word as written (`staging`).
    pub word: String,
    /// Where: "its title", "`APP_ENV=staging`" …
    pub source: String,
    /// The operation whose own flag declared it, if one did.
    pub op: Option<usize>,
    /// The origin of the code it speaks for (a CI job, see [`crate::extract::Note::scope`]);
    /// `None`: all of it.
    pub scope: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Declared {
    pub decls: Vec<Decl>,
}

impl Declared {
    /// The declaration, when every declaration that speaks for an operation of `origin` (but
    /// the flags of the operations in `ops`) agrees on the class.
    pub fn single_for(&self, ops: &[usize], origin: &str) -> Option<&Decl> {
        let mut relevant = self.decls.iter().filter(|d| {
            d.op.is_none_or(|o| !ops.contains(&o)) && d.scope.as_deref().is_none_or(|s| in_scope(s, origin))
        });
        let first = relevant.next()?;
        relevant.all(|d| d.class == first.class).then_some(first)
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

/// Every environment word, to rule out most texts (comments, values) without splitting them
/// into tokens: a token can only be one of these words if the text holds it.
static ANY_ENV_WORD: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(PROD.iter().chain(NONPROD_STRONG).chain(NONPROD))
        .expect("the environment words build an automaton")
});

fn first_word(text: &str, strong: bool) -> Option<(String, EnvClass)> {
    if !ANY_ENV_WORD.is_match(text) {
        return None;
    }
    tokens(text).find_map(|t| class_of_token(&t, strong).map(|c| (t.into_owned(), c)))
}

/// The environments a plan declares: in its prose (headings, the user's task, tool-call
/// descriptions), comments, environment variables it sets (`APP_ENV=staging`), the values of
/// flags that pin a target (`--environment staging`), and its path.
pub fn declared(plan: &Plan, rules: &RuleSet, path: &str, facts: &EnvironmentFacts) -> Declared {
    let mut d = Declared::default();
    // what is declared inside a part the notes speak for (a CI job) speaks for that part only:
    // the narrowest such scope around the code's origin
    let scopes: Vec<&str> = plan.notes.iter().filter_map(|n| n.scope.as_deref()).collect();
    let scope_of = |origin: &str| {
        scopes
            .iter()
            .filter(|s| in_scope(s, origin))
            .max_by_key(|s| s.len())
            .map(|s| (*s).to_owned())
    };
    for n in &plan.notes {
        for t in tokens(&n.text) {
            if let Some(class) = class_of_token(&t, true) {
                d.decls.push(Decl {
                    class,
                    word: t.into_owned(),
                    source: format!("it says {}", quote(&n.text)),
                    op: None,
                    scope: n.scope.clone(),
                });
            }
        }
    }
    for u in &plan.scripts {
        let scope = scope_of(&u.origin);
        for (c, _) in &u.script.comments {
            if let Some((word, class)) = first_word(c, true) {
                d.decls.push(Decl {
                    class,
                    word,
                    source: format!("a comment says {}", quote(c)),
                    op: None,
                    scope: scope.clone(),
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
                    op: None,
                    scope: scope.clone(),
                });
            }
        }
    }
    // values of flags that pin a target, on any command of the plan
    for (i, op) in plan.ops.iter().enumerate() {
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
            for f in view.flags_named(g.names()) {
                let value = f.value.as_deref();
                let found = value.and_then(|v| {
                    configured(v, facts)
                        .map(|c| (v.to_owned(), c))
                        .or_else(|| first_word(v, false))
                });
                if let Some((word, class)) = found {
                    let flag = if f.name.len() == 1 {
                        format!("-{}", f.name)
                    } else {
                        format!("--{}", f.name)
                    };
                    d.decls.push(Decl {
                        class,
                        word,
                        source: format!("`{flag} {}`", f.value.as_deref().unwrap_or("")),
                        op: Some(i),
                        scope: scope_of(&op.origin),
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
            from_path.push((t.into_owned(), c));
        }
    }
    if let Some((word, class)) = from_path.first().cloned()
        && from_path.iter().all(|(_, c)| *c == class)
    {
        d.decls.push(Decl {
            class,
            word,
            source: format!("its path `{path}`"),
            op: None,
            scope: None,
        });
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let none = EnvironmentFacts::default();
        assert_eq!(class_of_value("PROD_DATABASE_URL", &none), Some(EnvClass::Prod));
        assert_eq!(class_of_value("app_production", &none), Some(EnvClass::Prod));
        assert_eq!(class_of_value("prod-eu", &none), Some(EnvClass::Prod));
        assert_eq!(class_of_value("product_catalog", &none), None);
        assert_eq!(class_of_value("kind-dev", &none), Some(EnvClass::NonProd));
        assert!(names_other("app_production", EnvClass::NonProd, &none));
        assert!(!names_other("test/output", EnvClass::Prod, &none));
        // names the configuration lists
        let mut facts = EnvironmentFacts::default();
        facts.production.kube_contexts.push("eu-main".into());
        facts.non_production.names.push("prod-mirror".into());
        assert!(names_other("--context=eu-main", EnvClass::NonProd, &facts));
        assert!(!names_other("eu-mainland", EnvClass::NonProd, &facts));
        assert!(!names_other("prod-mirror", EnvClass::NonProd, &facts));
    }

    #[test]
    fn declarations_scoped_to_a_job() {
        assert!(in_scope("gitlab-ci:a", "gitlab-ci:a"));
        assert!(in_scope("gitlab-ci:a", "gitlab-ci:a/psql"));
        assert!(!in_scope("gitlab-ci:a", "gitlab-ci:ab"));
        let decl = |class, scope: Option<&str>, op| Decl {
            class,
            word: String::new(),
            source: String::new(),
            op,
            scope: scope.map(str::to_owned),
        };
        let d = Declared {
            decls: vec![
                decl(EnvClass::NonProd, Some("github-actions:stg"), None),
                decl(EnvClass::Prod, Some("github-actions:prd"), None),
                decl(EnvClass::Prod, Some("github-actions:stg"), Some(7)),
            ],
        };
        // each job is judged by its own declarations; an operation's own flag does not count
        let stg = d.single_for(&[7], "github-actions:stg/wipe/psql").unwrap();
        assert_eq!(stg.class, EnvClass::NonProd);
        assert_eq!(d.single_for(&[], "github-actions:prd/x").unwrap().class, EnvClass::Prod);
        assert!(
            d.single_for(&[], "github-actions:stg/x").is_none(),
            "a flag of another step disagrees"
        );
        assert!(d.single_for(&[], "github-actions:other/x").is_none());
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
    fn standalone_ids() {
        for yes in [
            "3f2b8c1e-9a4d-4c6e-8f1a-2b7d9e0c4a51",
            "vol_4y5m1n0p2q3r",
            "prj_8Hq2LmZ41x",
            "srv-cq1a2b3c4d5e6f",
            "i-0abc123def",
            "R_kgDOAbC1dEf",
            "0123456789abcdef01",
            "arn:aws:s3:::b",
            "ocid1.volume.oc1.phx.abyhqljr2x7",
        ] {
            assert!(is_standalone_id(yes), "{yes}");
        }
        for no in [
            "web-5f7c9d8b6d-abcde",
            "db-production",
            "acme-staging",
            "main",
            "v1.2.3",
            "release-2024-01-01",
            "12345",
            "",
        ] {
            assert!(!is_standalone_id(no), "{no}");
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
