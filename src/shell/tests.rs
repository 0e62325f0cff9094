//! Tests of the shell IR: normalization, wrappers, propagation, guards.

use super::*;

fn cmds(src: &str) -> Vec<Command> {
    parse(src).commands
}

/// `program arg arg …` with dynamic words shown as `$VAR`.
fn shapes(src: &str) -> Vec<String> {
    cmds(src).iter().map(Command::display).collect()
}

#[test]
fn line_continuation_inside_a_word_joins_it() {
    assert_eq!(shapes("git re\\\nset --hard"), vec!["git reset --hard"]);
    assert_eq!(shapes("r\\\nm -r\\\n\\\nf /x"), vec!["rm -rf /x"]);
    // between words it only continues the line
    assert_eq!(shapes("git reset \\\n  --soft x"), vec!["git reset --soft x"]);
    assert_eq!(shapes("echo 'a\\\nb'"), vec!["echo 'a\\\nb'"]);
    // a backslash at the very end, or before a newline after a space, is no word of its own
    let _ = shapes("rm -rf \\");
    let _ = shapes("rm \\\n");
}

#[test]
fn grammar_loads() {
    // an incompatible tree-sitter accepts the build but rejects the grammar at run time
    let tree = parse_tree("echo hi").expect("tree-sitter-bash loads");
    assert_eq!(tree.root_node().kind(), "program");
}

#[test]
fn quote_removal_and_spellings() {
    assert_eq!(
        shapes("'rm' -rf /usr\nr\"m\" -rf /opt\n\\rm -rf /x\n$'\\x72\\x6d' -rf /y\n/bin/rm -r -f /z"),
        vec![
            "rm -rf /usr",
            "rm -rf /opt",
            "rm -rf /x",
            "rm -rf /y",
            "/bin/rm -r -f /z"
        ]
    );
}

#[test]
fn every_nesting_level_yields_commands() {
    let src = r#"
if true; then a; elif b; then c; else d; fi
while e; do f; done
for x in 1 2; do g "$x"; done
case $v in p) h ;; esac
( i ) && { j; } || k
l | m
n "$(o)" `p`
q() { r; }
"#;
    let names: Vec<String> = cmds(src).into_iter().filter_map(|c| c.program).collect();
    for expected in [
        "true", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "r",
    ] {
        assert!(names.iter().any(|n| n == expected), "missing {expected} in {names:?}");
    }
    // substitutions run before the command that uses them
    let o = names.iter().position(|n| n == "o").unwrap();
    let n = names.iter().position(|n| n == "n").unwrap();
    assert!(o < n);
}

#[test]
fn wrappers_are_peeled_and_kept() {
    let c = &cmds("FOO=1 sudo -u app env LC_ALL=C timeout 60 nohup rm -rf /srv")[0];
    assert_eq!(c.program.as_deref(), Some("rm"));
    let ws: Vec<&str> = c.wrappers.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(ws, ["sudo", "env", "timeout", "nohup"]);
    let assigned: Vec<&str> = c.assignments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(assigned, ["FOO", "LC_ALL"]);
    assert_eq!(c.display(), "rm -rf /srv");
}

#[test]
fn env_split_string() {
    let c = &cmds("env -S 'rm -rf /data'")[0];
    assert_eq!(c.display(), "rm -rf /data");
}

#[test]
fn redirect_before_arguments() {
    assert_eq!(shapes("\"git\">/dev/null reset --hard"), vec!["git reset --hard"]);
    let c = &cmds("rm >/dev/null -rf /")[0];
    assert_eq!(c.display(), "rm -rf /");
    assert_eq!(c.redirects[0].target.value().as_deref(), Some("/dev/null"));
}

#[test]
fn constant_propagation() {
    assert_eq!(shapes("X=rm; $X -rf /var/www"), vec!["rm -rf /var/www"]);
    assert_eq!(shapes("D=/srv/data\nrm -rf \"$D\""), vec!["rm -rf /srv/data"]);
    // unknown values stay unknown, and carry the variable they came from
    let c = &cmds("D=\"${ROOT}/x\"; rm -rf \"$D\"")[0];
    let vars: Vec<&str> = c.args[1].unknown_vars().map(|(n, _, _)| n).collect();
    assert_eq!(vars, ["ROOT"]);
    assert!(!c.args[1].is_static());
}

#[test]
fn mktemp_variables_are_temporary() {
    let c = cmds("tmp=$(mktemp -d)\nrm -rf \"$tmp\"")
        .into_iter()
        .find(|c| c.program.as_deref() == Some("rm"))
        .unwrap();
    assert!(matches!(
        c.args[1].parts[0],
        Part::Var {
            state: VarState::Temp,
            ..
        }
    ));
}

#[test]
fn required_variables() {
    let c = &cmds(": \"${ROOT:?}\"\nrm -rf \"$ROOT/x\"")[1];
    assert!(c.args[1].unknown_vars().all(|(_, _, required)| required));
    let c = &cmds("rm -rf \"${ROOT:?}/x\"")[0];
    assert!(c.args[1].unknown_vars().all(|(_, _, required)| required));
}

#[test]
fn function_calls_are_expanded_at_the_call() {
    let src = "f() { rm -rf \"$@\"; }\nf /var/lib/mysql\n";
    let all = cmds(src);
    let expanded: Vec<&Command> = all.iter().filter(|c| c.context.via_call.is_some()).collect();
    assert_eq!(expanded.len(), 1);
    assert_eq!(expanded[0].display(), "rm -rf /var/lib/mysql");
    // reported at the call
    assert_eq!(&src[expanded[0].span.range()], "f /var/lib/mysql");
    let g = "g() { local d=\"$1\"; rm -rf \"$d\"; }\ng /srv\n";
    let rm: Vec<String> = cmds(g)
        .iter()
        .filter(|c| c.context.via_call.is_some())
        .map(Command::display)
        .collect();
    assert_eq!(rm, vec!["rm -rf /srv"]);
}

#[test]
fn pipelines_and_heredocs() {
    let all = cmds("echo 'rm -rf /' | bash\ncat <<EOF | sh\nrm -rf /x\nEOF\n");
    assert_eq!(all[1].program.as_deref(), Some("bash"));
    assert_eq!(all[1].piped_from, Some(0));
    assert_eq!(all[3].program.as_deref(), Some("sh"));
    assert_eq!(all[3].piped_from, Some(2));
    let stdin = all[2].stdin.as_ref().unwrap();
    assert_eq!(stdin.text, "rm -rf /x\n");
    assert!(!stdin.literal);
}

#[test]
fn heredoc_offsets_map_to_the_body() {
    let src = "psql <<'SQL'\nDROP TABLE x;\nSQL\n";
    let c = &cmds(src)[0];
    let input = c.stdin.as_ref().unwrap();
    assert!(input.literal);
    let at = input.text.find("TABLE").unwrap();
    assert_eq!(&src[input.map.map(at)..input.map.map(at) + 5], "TABLE");
}

#[test]
fn word_maps_point_into_quotes() {
    let src = "bash -c 'rm -rf /var/www'";
    let c = &cmds(src)[0];
    let w = &c.args[1];
    let v = w.value().unwrap();
    let at = v.find("/var").unwrap();
    assert_eq!(&src[w.map.map(at)..w.map.map(at) + 4], "/var");
}

#[test]
fn errexit_and_nounset_tracking() {
    let all = cmds("a\nset -euo pipefail\nb\nset +e\nc");
    assert!(!all[0].context.errexit);
    assert!(all[2].context.errexit && all[2].context.nounset);
    assert!(!all[4].context.errexit && all[4].context.nounset);
    let all = cmds("#!/bin/bash -e\na");
    assert!(all[0].context.errexit);
}

#[test]
fn guards_and_dominating_exits() {
    let src = r#"ctx="$(kubectl config current-context)"
if [[ "$ctx" != "kind-dev" ]]; then
  exit 1
fi
kubectl delete ns x
"#;
    let s = parse(src);
    let del = s
        .commands
        .iter()
        .find(|c| c.args.first().and_then(Word::value).as_deref() == Some("delete"))
        .unwrap();
    assert_eq!(del.context.guards.len(), 1);
    let g = &s.guards[del.context.guards[0].guard];
    assert_eq!(g.exits_when, Some(true));
    assert!(!del.context.guards[0].when_true);
    let words: Vec<String> = g.test_words.iter().map(Word::display).collect();
    assert_eq!(words, ["$ctx", "!=", "kind-dev"]);

    let s = parse("[ -n \"$X\" ] || exit 1\nrm -rf \"$X\"");
    let rm = s.commands.last().unwrap();
    assert_eq!(
        rm.context.guards,
        vec![GuardRef {
            guard: 0,
            when_true: true
        }]
    );
    assert_eq!(s.guards[0].exits_when, Some(false));
}

#[test]
fn brace_expansion_in_command_position() {
    assert_eq!(shapes("{rm,-rf,/}"), vec!["rm -rf /"]);
}

#[test]
fn syntax_errors_are_spans_and_the_rest_is_analysed() {
    let s = parse("rm -rf /a\nif then fi (((\nrm -rf /b\n");
    assert!(!s.errors.is_empty());
    assert!(!s.unusable);
    assert!(s.commands.iter().any(|c| c.display() == "rm -rf /a"));
}

#[test]
fn deep_nesting_is_bounded() {
    let src = format!("{}rm -rf /{}", "$(".repeat(10_000), ")".repeat(10_000));
    let s = parse(&src);
    assert!(s.truncated.is_some() || !s.errors.is_empty());
}

#[test]
fn crlf_line_endings() {
    assert_eq!(shapes("rm -rf /srv\r\nls\r\n"), vec!["rm -rf /srv", "ls"]);
}

#[test]
fn assignments_are_recorded() {
    let s = parse("export AWS_PROFILE=prod\nlocal x=1\nKUBECONFIG=/k aws s3 ls");
    let names: Vec<(&str, bool)> = s.assignments.iter().map(|a| (a.name.as_str(), a.exported)).collect();
    assert_eq!(names, [("AWS_PROFILE", true), ("x", false)]);
    assert_eq!(s.commands[0].assignments[0].name, "KUBECONFIG");
}

#[test]
fn recursive_functions_terminate() {
    let s = parse("f() {\n  x || f \"$1\" \"$(expr 1 + 1)\"\n}\nf a\ng() { g; }\ng\n");
    assert!(s.commands.iter().any(|c| c.program.as_deref() == Some("x")));
}

#[test]
fn assignments_in_branches_are_not_certain() {
    let c = cmds("if [ -z \"$B\" ]; then B=/boot; fi\nrm -rf \"$B/x\"")
        .pop()
        .unwrap();
    assert!(!c.args[1].is_static());
    // straight-line code in a function body is still propagated
    let c = cmds("f() { local d=/srv/x; rm -rf \"$d\"; }").pop().unwrap();
    assert_eq!(c.display(), "rm -rf /srv/x");
}

#[test]
fn lines_glued_by_the_grammar_are_split_again() {
    // tree-sitter-bash reads `==` as an argument that swallows the newline after it
    assert_eq!(shapes("echo a ==\nrm -rf /srv\n"), vec!["echo a ==", "rm -rf /srv"]);
    assert_eq!(shapes("ls\n\\rm -rf /x\n"), vec!["ls", "rm -rf /x"]);
    // a line continuation is not a split
    assert_eq!(shapes("rm \\\n  -rf /y\n"), vec!["rm -rf /y"]);
}

#[test]
fn recovered_segments_keep_pipes_and_assignments() {
    // tree-sitter-bash may swallow the lines after `… | sh` as arguments of `sh` (with
    // comments in between); the pipe must stay on `sh` and `X=ls` must stay an assignment
    let src = "echo \"$P\" | sh\n# c\neval x\nX=ls\n$X -la\nbash <<EOF\necho \"$V\"\nEOF\n";
    let all = cmds(src);
    let sh = all.iter().find(|c| c.program.as_deref() == Some("sh")).unwrap();
    assert!(sh.piped_from.is_some());
    assert!(
        all.iter().any(|c| c.display() == "ls -la"),
        "{:?}",
        all.iter().map(Command::display).collect::<Vec<_>>()
    );
}

#[test]
fn calls_are_followed_within_a_budget() {
    // three levels of helpers, each called many times with arguments: following every call
    // would walk the bodies 4^3 times per top-level call
    let mut src = String::from(
        "c() { rm -f \"$1\"; rm -f \"$1.bak\"; }\nb() { c \"$1\"; c \"$1\"; c \"$1\"; c \"$1\"; }\na() { b \"$1\"; b \"$1\"; b \"$1\"; b \"$1\"; }\n",
    );
    for i in 0..3000 {
        src.push_str(&format!("a /tmp/f{i}\n"));
    }
    let s = parse(&src);
    let followed = s.commands.iter().filter(|c| c.context.via_call.is_some()).count();
    assert!(followed > 0, "the first calls are followed");
    assert!(s.calls_not_followed.is_some(), "the budget ran out: said so");
    // the first call was followed all the way down
    assert!(s.commands.iter().any(|c| c.display() == "rm -f /tmp/f0.bak"));
}

#[test]
fn calls_of_functions_that_run_nothing_of_interest_are_not_followed() {
    let src = "say() { printf '%s\\n' \"$1\"; }\nsay hello\nsay world\n";
    let only_rm = |p: &str| p == "rm";
    let s = parse_with(src, &only_rm);
    assert_eq!(s.commands.iter().filter(|c| c.context.via_call.is_some()).count(), 0);
    // with every program of interest, the calls are followed
    let s = parse(src);
    assert_eq!(s.commands.iter().filter(|c| c.context.via_call.is_some()).count(), 2);
}
