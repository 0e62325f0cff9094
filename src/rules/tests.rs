//! Tests of rule loading and validation.

use std::sync::Arc;

use super::*;

fn build(extra: &str) -> Result<RuleSet, PackError> {
    let mut b = RuleSetBuilder::default();
    for (name, text) in BUILTIN_PACKS {
        b.add(name, Arc::from(*text), Origin::Builtin(name))?;
    }
    b.add("user.toml", Arc::from(extra), Origin::User("user.toml".into()))?;
    b.build()
}

#[test]
fn builtin_packs_load() {
    let set = RuleSet::builtin().expect("built-in packs are valid");
    assert!(set.len() > 10);
    for fam in ["core", "filesystem", "git", "graphql", "railway"] {
        assert!(set.families().contains(&fam), "{fam}");
    }
}

#[test]
fn unknown_keys_point_into_the_toml() {
    let text = "[pack]\nfamily = \"x\"\ndescription = \"d\"\n\n[[rule]]\nid = \"a\"\nbogus = 1\n";
    let err = build(text).unwrap_err();
    assert!(err.message.contains("unknown field `bogus`"), "{}", err.message);
    let span = err.span.expect("span");
    assert_eq!(&text[span.offset()..span.offset() + 5], "bogus");
}

#[test]
fn semantic_errors() {
    let rule = |body: &str| {
        let (head, tail) = body
            .split_once("[[")
            .map_or((body, String::new()), |(h, t)| (h, format!("[[{t}")));
        format!(
            "[pack]\nfamily = \"x\"\ndescription = \"d\"\n[[rule]]\n{head}\ncategory = \"destructive\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"e\"\nhelp = \"h\"\n{tail}\n"
        )
    };
    let err = build(&rule("id = \"Bad_Id\"\n[[rule.shell]]\nprogram = [\"x\"]")).unwrap_err();
    assert!(err.message.contains("kebab-case"), "{}", err.message);
    let err = build(&rule("id = \"no-matcher\"")).unwrap_err();
    assert!(err.message.contains("could never fire"), "{}", err.message);
    let err = build(&rule("id = \"rm-recursive-root\"\n[[rule.shell]]\nprogram = [\"x\"]")).unwrap_err();
    assert!(err.message.contains("already loaded"), "{}", err.message);
    let err = build(&rule(
        "id = \"bad-pred\"\n[[rule.shell]]\nprogram = [\"x\"]\nargs = [\"@nowhere\"]",
    ))
    .unwrap_err();
    assert!(err.message.contains("unknown predicate"), "{}", err.message);
    let err = build(&rule(
        "id = \"bad-msg\"\nmessage = \"{nope}\"\n[[rule.shell]]\nprogram = [\"x\"]",
    ))
    .unwrap_err();
    assert!(err.message.contains("placeholder"), "{}", err.message);
}

#[test]
fn zero_rules_is_an_error() {
    let mut b = RuleSetBuilder::default();
    b.add(
        "core.toml",
        Arc::from("[pack]\nfamily = \"core\"\ndescription = \"d\"\n"),
        Origin::User("c".into()),
    )
    .unwrap();
    assert!(b.build().unwrap_err().message.contains("no rules loaded"));
}
