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

/// A pack as the build script checks the built-in ones: one rule with `body` appended.
fn validated(body: &str) -> Result<(), validate::Invalid> {
    let text = format!(
        "[pack]\nfamily = \"x\"\ndescription = \"d\"\n[[rule]]\nid = \"a-rule\"\ncategory = \"destructive\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"e\"\nhelp = \"h\"\n{body}\n"
    );
    let pack: PackFile = toml::from_str(&text).unwrap();
    validate::validate_pack(&pack, &validate::check_glob)
}

/// What `build.rs` runs on every built-in pack: each kind of mistake it must reject, with the
/// rule's id (or the program's name) for the build error.
#[test]
fn the_build_time_validator_rejects_a_bad_pack() {
    use validate::Invalid;
    assert_eq!(
        validated("[[rule.shell]]\nprogram = [\"rm\"]\nargs = [\"@root\"]"),
        Ok(())
    );
    let rule_err = |body: &str, needle: &str| match validated(body) {
        Err(Invalid::Rule(id, m)) => {
            assert_eq!(id, "a-rule");
            assert!(m.contains(needle), "{body}: {m}");
        }
        other => panic!("{body}: {other:?}"),
    };
    rule_err(
        "[[rule.shell]]\nprogram = [\"rm\"]\nargs = [\"@nosuch\"]",
        "unknown predicate `@nosuch`",
    );
    rule_err(
        "[[rule.shell]]\nprogram = [\"rm\"]\nlast_arg = [\"@nosuch\"]",
        "unknown predicate",
    );
    rule_err(
        "[[rule.shell]]\nprogram = [\"rm\"]\nargs = [\"/srv/[a\"]",
        "bad pattern",
    );
    rule_err(
        "[[rule.shell]]\nprogram = [\"rm\"]\ncommand = [\"{a,*b\"]",
        "bad pattern",
    );
    rule_err("[[rule.shell]]\nprogram = [\"mkfs.[\"]", "bad program glob");
    rule_err("[[rule.shell]]\nflags = [\"f\"]", "needs at least one `program`");
    rule_err(
        "[[rule.sql]]\nstatements = [\"drop-everything\"]",
        "unknown SQL statement kind",
    );
    rule_err("[[rule.sql]]\nstatements = []", "at least one statement kind");
    // names that are enums in the schema fail when the TOML is read, as in the build
    let parse_err = |text: &str, needle: &str| match toml::from_str::<PackFile>(text) {
        Err(e) => assert!(e.message().contains(needle), "{text}: {}", e.message()),
        Ok(_) => panic!("{text}: parsed"),
    };
    parse_err(
        "[pack]\nfamily = \"x\"\ndescription = \"d\"\n[[rule]]\nid = \"a-rule\"\ncategory = \"destructive\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"e\"\nhelp = \"h\"\n[[rule.graphql]]\noperation = [\"mutate\"]\n",
        "unknown variant `mutate`",
    );
    for (embed, needle) in [
        (
            "lang = \"sql\"\noption = \"c\"\ndialect = \"oracle\"",
            "unknown variant `oracle`",
        ),
        ("lang = \"cobol\"\noption = \"c\"", "unknown variant `cobol`"),
        ("lang = \"shell\"\noption = \"|\"", "an empty option group"),
    ] {
        parse_err(
            &format!("[pack]\nfamily = \"x\"\ndescription = \"d\"\n[[programs.psql.embeds]]\n{embed}\n"),
            needle,
        );
    }
    rule_err(
        "[[rule.graphql]]\n[[rule.graphql.args]]\nname = \"x\"\nvalue = \"\"",
        "empty value",
    );
    rule_err(
        "message = \"{nope}\"\n[[rule.shell]]\nprogram = [\"rm\"]",
        "placeholder",
    );
    rule_err(
        "[[rule.shell]]\nprogram = [\"rm\"]\n[[rule.escalate]]\nnote = \"n\"",
        "needs a condition",
    );
    let bad_id = validated("[[rule.shell]]\nprogram = [\"rm\"]").map(|_| ());
    assert_eq!(bad_id, Ok(()));
    let text = "[pack]\nfamily = \"x\"\ndescription = \"d\"\n[[rule]]\nid = \"Bad_Id\"\ncategory = \"destructive\"\nseverity = \"error\"\nsummary = \"s\"\nexplanation = \"e\"\nhelp = \"h\"\n[[rule.shell]]\nprogram = [\"rm\"]\n";
    let pack: PackFile = toml::from_str(text).unwrap();
    assert!(matches!(
        validate::validate_pack(&pack, &validate::check_glob),
        Err(Invalid::Rule(id, m)) if id == "Bad_Id" && m.contains("kebab-case")
    ));
    let text = "[pack]\nfamily = \" \"\ndescription = \"d\"\n";
    let pack: PackFile = toml::from_str(text).unwrap();
    assert_eq!(
        validate::validate_pack(&pack, &validate::check_glob),
        Err(Invalid::Family)
    );
    // and the built-in packs pass, as the build found
    for (name, text) in BUILTIN_PACKS {
        let pack: PackFile = toml::from_str(text).unwrap();
        assert_eq!(validate::validate_pack(&pack, &validate::check_glob), Ok(()), "{name}");
    }
}

/// The validator's name lists are the engine's.
#[test]
fn the_validators_names_are_the_engines() {
    let predicates: Vec<&str> = Builtin::ALL.iter().map(|(n, _)| *n).collect();
    assert_eq!(validate::PREDICATES, predicates.as_slice());
    let kinds: Vec<&str> = crate::sql::Kind::NAMES.iter().map(|(n, _)| *n).collect();
    assert_eq!(validate::SQL_KINDS, kinds.as_slice());
}

/// The build script's glob check accepts exactly what globset accepts: the built-in packs'
/// patterns, the awkward cases, and many random ones.
#[test]
fn the_build_time_glob_check_agrees_with_globset() {
    let agree = |p: &str| {
        assert_eq!(
            validate::check_glob(p).is_ok(),
            matcher::LazyGlob::parse(p).is_ok(),
            "{p:?}: {:?}",
            matcher::LazyGlob::parse(p).err()
        );
    };
    for p in [
        "[",
        "[]",
        "[!",
        "[!]",
        "[]]",
        "[!]]",
        "[z-a]",
        "[z--]",
        "[a-]",
        "[-a]",
        "[a-z-0]",
        "{a,b",
        "{a,{b,c}",
        "a,b}",
        "{a,b}}",
        "a\\",
        "a\\\\",
        "\\[",
        "[[:alpha:]]",
        "[[:bogus:]]",
        "[[:alpha:]-0]",
        "[[:alpha:]-z]",
        "[[:x",
        "[\\]",
        "**",
        "a/**/b",
        "{*,**}",
        "[^a]",
        "*.{sh,bash}",
        "/dev/sd*",
    ] {
        agree(p);
    }
    for (_, text) in BUILTIN_PACKS {
        let pack: PackFile = toml::from_str(text).unwrap();
        for r in &pack.rules {
            for m in &r.shell {
                let all = m.program.iter().chain(&m.command).chain(&m.args).chain(&m.except_args);
                for p in all.chain(&m.last_arg).chain(&m.writes) {
                    p.split('|').for_each(&agree);
                }
            }
        }
    }
    let alphabet: Vec<char> = "[]{}-!^:,\\*?ab/z0".chars().collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..50_000 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let len = (seed >> 60) as usize;
        let p: String = (0..len)
            .map(|k| alphabet[((seed >> (k * 4 % 56)) as usize) % alphabet.len()])
            .collect();
        agree(&p);
    }
}
