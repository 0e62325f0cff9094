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

/// The built-in rules as the binary loads them (keys decoded, specs on demand) against the same
/// packs parsed, validated and compiled from their TOML here: the same rules, specs, programs and
/// index. A rule pack edited without a rebuild, or a build script out of step with the loader,
/// fails here.
#[test]
fn builtin_packs_parsed_at_build_time_equal_their_toml() {
    let lazy = RuleSet::builtin().unwrap();
    let mut b = RuleSetBuilder::default();
    for (name, text) in BUILTIN_PACKS {
        b.add(name, Arc::from(*text), Origin::Builtin(name)).unwrap();
    }
    let eager = b.build().unwrap();
    assert_eq!(lazy.len(), eager.len());
    for (l, e) in lazy.rules().iter().zip(eager.rules()) {
        assert_eq!((l.id(), &*l.family, &l.origin), (e.id(), &*e.family, &e.origin));
        assert_eq!(
            postcard::to_allocvec(l.spec()).unwrap(),
            postcard::to_allocvec(e.spec()).unwrap(),
            "{}: rebuild to refresh the parsed packs",
            l.id()
        );
        assert_eq!(
            (l.matches_shell(), l.matches_graphql(), l.matches_sql()),
            (e.matches_shell(), e.matches_graphql(), e.matches_sql())
        );
    }
    assert_eq!(lazy.by_program.entries(), eager.by_program.entries());
    assert_eq!(lazy.gql_by_field.entries(), eager.gql_by_field.entries());
    assert_eq!(lazy.gql_by_token.entries(), eager.gql_by_token.entries());
    assert!(
        lazy.by_program.added.is_empty(),
        "the built-in index is generated, not built"
    );
    for r in eager.rules() {
        assert_eq!(lazy.index_of(r.id()), eager.index_of(r.id()), "{}", r.id());
    }
    assert_eq!(lazy.gql_any, eager.gql_any);
    assert_eq!(lazy.program_glob_targets, eager.program_glob_targets);
    let mut kinds: Vec<_> = lazy
        .sql_by_kind
        .iter()
        .map(|(k, v)| (format!("{k:?}"), v.clone()))
        .collect();
    let mut kinds_eager: Vec<_> = eager
        .sql_by_kind
        .iter()
        .map(|(k, v)| (format!("{k:?}"), v.clone()))
        .collect();
    kinds.sort();
    kinds_eager.sort();
    assert_eq!(kinds, kinds_eager);
    let mut names: Vec<&str> = eager.programs.keys().collect();
    names.sort_unstable();
    let lazy_names: std::collections::BTreeSet<&str> = lazy.programs.keys().collect();
    assert_eq!(
        names.iter().copied().collect::<std::collections::BTreeSet<_>>(),
        lazy_names
    );
    for n in names {
        assert_eq!(
            postcard::to_allocvec(lazy.program(n).unwrap()).unwrap(),
            postcard::to_allocvec(eager.program(n).unwrap()).unwrap(),
            "program {n}"
        );
    }
}

/// A user pack adds to a built-in program's declarations and its rules are indexed with the
/// built-in aliases.
#[test]
fn user_packs_extend_builtin_programs() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("extra.toml");
    std::fs::write(
        &pack,
        "[pack]\nfamily = \"extra\"\ndescription = \"d\"\n[programs.bash]\nvalued = [\"my-opt\"]\n[[rule]]\nid = \"extra-nuke\"\ncategory = \"destructive\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"e\"\nhelp = \"h\"\n[[rule.shell]]\nprogram = [\"bash\"]\nargs = [\"nuke\"]\n",
    )
    .unwrap();
    let set = RuleSet::with_user_packs(&[pack]).unwrap();
    let bash = set.program("bash").unwrap();
    assert!(bash.valued.iter().any(|v| v == "my-opt"));
    assert!(bash.valued.iter().any(|v| v == "c"), "the built-in declarations stay");
    // `sh` is a built-in alias of bash: the user rule is found under it too
    let idx = set.index_of("extra-nuke").unwrap();
    assert!(set.program_candidates("sh").iter().any(|(r, _)| *r == idx));
    assert!(std::ptr::eq(set.program("sh").unwrap(), bash));
}

#[test]
fn a_bad_glob_in_a_user_pack_is_an_error_at_load() {
    let text = "[pack]\nfamily = \"x\"\ndescription = \"d\"\n[[rule]]\nid = \"bad-glob\"\ncategory = \"destructive\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"e\"\nhelp = \"h\"\n[[rule.shell]]\nprogram = [\"x\"]\nargs = [\"/srv/[a\"]\n";
    let err = build(text).unwrap_err();
    assert!(err.message.contains("bad pattern"), "{}", err.message);
}
