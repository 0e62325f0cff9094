//! Which tier an environment is — production, staging, development or unknown — from what the
//! configuration declares (`[environment.production]` …) and from the words of its name.

use crate::config::{EnvironmentFacts, Targets};
use crate::target::{EnvName, Tier};

const PRODUCTION: &[&str] = &["prod", "production", "prd", "live"];
const STAGING: &[&str] = &["staging", "stage", "stg", "preprod", "uat", "qa"];
const DEVELOPMENT: &[&str] = &[
    "dev",
    "develop",
    "development",
    "local",
    "test",
    "testing",
    "sandbox",
    "preview",
    "review",
    "demo",
    "minikube",
    "kind",
    "localhost",
];

/// Whether `main` names production here: kube clusters and contexts, Railway environments (not
/// database names or branches, where it means something else).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MainIs {
    Production,
    Nothing,
}

fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()).to_ascii_lowercase())
        .filter(|w| !w.is_empty())
}

fn listed(t: &Targets, name: &str) -> bool {
    t.all().any(|n| n.eq_ignore_ascii_case(name))
}

/// The tier of one name: the configuration first, then its words.
pub fn tier_of(name: &str, facts: &EnvironmentFacts, main: MainIs) -> Tier {
    if listed(&facts.production, name) {
        return Tier::Production;
    }
    if listed(&facts.staging, name) {
        return Tier::Staging;
    }
    if listed(&facts.development, name) {
        return Tier::Development;
    }
    let by_words = words_tier(name, main);
    if listed(&facts.non_production, name) {
        // not production, whatever it looks like; its words may still say which
        return match by_words {
            Tier::Staging => Tier::Staging,
            _ => Tier::Development,
        };
    }
    by_words
}

fn words_tier(name: &str, main: MainIs) -> Tier {
    let mut found = Tier::Unknown;
    for w in words(name) {
        let t = if PRODUCTION.contains(&w.as_str()) || (main == MainIs::Production && w == "main") {
            Tier::Production
        } else if STAGING.contains(&w.as_str()) {
            Tier::Staging
        } else if DEVELOPMENT.contains(&w.as_str()) {
            Tier::Development
        } else {
            continue;
        };
        // the most serious word wins (`prod-copy-for-dev` is not development)
        found = found.min(t);
    }
    found
}

/// The tier of a target known by several names (a context, its cluster and namespace): the
/// most serious one any of them says.
pub fn tier_of_all(names: &[&str], facts: &EnvironmentFacts, main: MainIs) -> Tier {
    names
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| tier_of(n, facts, main))
        .min()
        .unwrap_or(Tier::Unknown)
}

pub fn env(name: &str, tier: Tier) -> EnvName {
    EnvName {
        name: name.to_owned(),
        tier,
    }
}

/// Whether a resolved environment is what the plan says it is about: the same side of
/// production, and the plan's word is one of the name's words (`staging` in `gke_acme_staging`).
pub fn matches_declared(env: &EnvName, word: &str, production: bool) -> bool {
    if (env.tier == Tier::Production) != production || env.tier == Tier::Unknown {
        return false;
    }
    let w = word.to_ascii_lowercase();
    words(&env.name).any(|x| x == w) || env.name.eq_ignore_ascii_case(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_from_names_and_facts() {
        let none = EnvironmentFacts::default();
        assert_eq!(tier_of("prod-eu", &none, MainIs::Nothing), Tier::Production);
        assert_eq!(tier_of("gke_acme_staging_eu", &none, MainIs::Nothing), Tier::Staging);
        assert_eq!(tier_of("kind-dev", &none, MainIs::Nothing), Tier::Development);
        assert_eq!(tier_of("main", &none, MainIs::Production), Tier::Production);
        assert_eq!(tier_of("main", &none, MainIs::Nothing), Tier::Unknown);
        assert_eq!(tier_of("acme", &none, MainIs::Nothing), Tier::Unknown);
        assert_eq!(tier_of("prod-copy-dev", &none, MainIs::Nothing), Tier::Production);
        let mut facts = EnvironmentFacts::default();
        facts.production.kube_contexts.push("eu-main".into());
        facts.non_production.names.push("prod-mirror".into());
        facts.staging.aws_accounts.push("111122223333".into());
        assert_eq!(tier_of("eu-main", &facts, MainIs::Nothing), Tier::Production);
        assert_eq!(tier_of("prod-mirror", &facts, MainIs::Nothing), Tier::Development);
        assert_eq!(tier_of("111122223333", &facts, MainIs::Nothing), Tier::Staging);
        assert_eq!(
            tier_of_all(&["ops", "prod-cluster", "web"], &none, MainIs::Nothing),
            Tier::Production
        );
    }

    #[test]
    fn declared_matches() {
        assert!(matches_declared(&env("staging", Tier::Staging), "staging", false));
        assert!(matches_declared(
            &env("gke_acme_staging", Tier::Staging),
            "staging",
            false
        ));
        assert!(!matches_declared(
            &env("production", Tier::Production),
            "staging",
            false
        ));
        assert!(!matches_declared(&env("dev", Tier::Development), "staging", false));
        assert!(!matches_declared(&env("acme", Tier::Unknown), "acme", false));
    }
}
