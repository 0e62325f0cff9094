//! Pathological inputs (issue 10): nesting 10,000 deep, a 1 MB line, a 100,000-line script,
//! unterminated quotes and heredocs, NUL bytes, invalid UTF-8, CRLF, a byte-order mark, JSON
//! nested 10,000 deep. Each is generated here (nothing huge is committed) and checked through
//! the library on the test's own thread (2 MiB of stack: a recursion that is not bounded
//! overflows it), some also through the binary. Each must end with a result, at worst with
//! `syntax` findings, and never let the destructive command it hides pass silently: it is found,
//! or the part that hides it is reported (`analysis-truncated`, `syntax-error` at warning).
//!
//! Elapsed times are printed (`cargo test --test pathological -- --nocapture`), not asserted.
//! The inputs are only ever handed to preflight, never run.

use std::path::Path;
use std::time::{Duration, Instant};

use preflight::engine::Input;
use preflight::finding::FileReport;
use preflight::finding::{Category, Severity};
use preflight::lang::Lang;
use preflight::session::{ConfigMode, Session, SessionOptions};

/// The destructive command the inputs hide.
const RM: &str = "rm -rf /";

fn session() -> Session {
    Session::new(SessionOptions {
        config: ConfigMode::Off,
        ..SessionOptions::default()
    })
}

/// Checks `bytes` as `lang` through the library and prints how long it took.
fn check(name: &str, bytes: &[u8], lang: Lang) -> FileReport {
    let s = session();
    // load the rules first: the time printed is the check's
    s.engine_for(None).unwrap();
    let started = Instant::now();
    let r = s
        .check_text(Path::new("input"), Input::new("input", bytes, lang))
        .unwrap();
    report_time(name, bytes.len(), started.elapsed());
    r
}

fn report_time(name: &str, len: usize, took: Duration) {
    let mb = len as f64 / (1024.0 * 1024.0);
    let per_mb = if mb > 0.0 { took.as_secs_f64() / mb } else { 0.0 };
    eprintln!(
        "pathological {name:<34} {len:>9} bytes {:>9.1} ms ({per_mb:.2} s/MB, {} build)",
        took.as_secs_f64() * 1e3,
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
}

fn rules(r: &FileReport) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| format!("{}:{}", f.rule, f.severity))
        .collect()
}

fn has(r: &FileReport, rule: &str) -> bool {
    r.findings.iter().any(|f| f.rule == rule)
}

/// A finding saying part of the input was not analysed: `analysis-truncated` (at `info` in
/// `check`, where nobody can act on it; the hook asks, tests/hook.rs `code_nested_too_deep_to_analyse_is_asked_about_not_allowed`)
/// or a `syntax-error` at warning.
fn reports_unanalysed(r: &FileReport) -> bool {
    r.findings
        .iter()
        .any(|f| f.rule == "analysis-truncated" || (f.rule == "syntax-error" && f.severity >= Severity::Warning))
}

/// The hidden `rm -rf /` is found, or what hides it is reported: nothing passes silently.
fn found_or_reported(name: &str, r: &FileReport) {
    assert!(
        has(r, "rm-recursive-root") || reports_unanalysed(r),
        "{name}: the destructive command passed silently: {:?}",
        rules(r)
    );
}

fn found(name: &str, r: &FileReport, rule: &str) {
    assert!(has(r, rule), "{name}: expected {rule}, got {:?}", rules(r));
}

/// Only `syntax` findings (or none): a benign input gets nothing worse.
fn at_worst_syntax(name: &str, r: &FileReport) {
    assert!(
        r.findings.iter().all(|f| f.category == Category::Syntax),
        "{name}: {:?}",
        rules(r)
    );
}

const N: usize = 10_000;

// ---- nesting --------------------------------------------------------------------------------

#[test]
fn nested_command_substitutions() {
    let deep = format!("echo {}{RM}{}\n", "$(".repeat(N), ")".repeat(N));
    let r = check("10,000 nested $( around rm", deep.as_bytes(), Lang::Shell);
    found_or_reported("nested $(", &r);
    assert!(has(&r, "analysis-truncated"), "{:?}", rules(&r));

    // the analysis goes on after the deep part
    let after = format!("echo {}true{}\n{RM}\n", "$(".repeat(N), ")".repeat(N));
    let r = check("10,000 nested $( then rm", after.as_bytes(), Lang::Shell);
    found("nested $( then rm", &r, "rm-recursive-root");

    let backticks = format!("echo {}{RM}{}\n", "$(echo `".repeat(N / 10), "`)".repeat(N / 10));
    let r = check("1,000 nested $(echo ` around rm", backticks.as_bytes(), Lang::Shell);
    found_or_reported("nested backticks", &r);
}

#[test]
fn nested_subshells_and_groups() {
    let subshells = format!("{}{RM}{}\n", "( ".repeat(N), " )".repeat(N));
    let r = check("10,000 nested ( )", subshells.as_bytes(), Lang::Shell);
    found_or_reported("nested ( )", &r);

    // `((` opens an arithmetic command in bash, which fails on `rm -rf /` (bash runs nothing:
    // `((((echo hi))))` prints nothing): at worst a syntax error
    let parens = format!("{}{RM}{}\n", "(".repeat(N), ")".repeat(N));
    let r = check("10,000 nested (( ))", parens.as_bytes(), Lang::Shell);
    at_worst_syntax("nested ((", &r);

    let groups = format!("{}{RM}; {}\n", "{ ".repeat(N), "} ".repeat(N));
    let r = check("10,000 nested { }", groups.as_bytes(), Lang::Shell);
    found_or_reported("nested { }", &r);

    let process = format!("cat {}{RM}{}\n", "<(cat ".repeat(N), ")".repeat(N));
    let r = check("10,000 nested <( )", process.as_bytes(), Lang::Shell);
    found_or_reported("nested <( )", &r);
}

#[test]
fn nested_compound_statements() {
    let ifs = format!("{}{RM}\n{}", "if true; then\n".repeat(N), "fi\n".repeat(N));
    let r = check("10,000 nested if", ifs.as_bytes(), Lang::Shell);
    found_or_reported("nested if", &r);
    assert!(has(&r, "analysis-truncated"), "{:?}", rules(&r));

    let loops = format!("{}{RM}\n{}", "while true; do\n".repeat(N), "done\n".repeat(N));
    let r = check("10,000 nested while", loops.as_bytes(), Lang::Shell);
    found_or_reported("nested while", &r);

    let cases = format!("{}{RM}\n{}", "case x in x)\n".repeat(N), ";; esac\n".repeat(N));
    let r = check("10,000 nested case", cases.as_bytes(), Lang::Shell);
    found_or_reported("nested case", &r);

    let lists = format!("{} && {RM}\n", vec!["true"; N].join(" && "));
    let r = check("10,000 && in a row", lists.as_bytes(), Lang::Shell);
    found("&& list", &r, "rm-recursive-root");

    let pipes = format!("{} | sh\n", vec!["cat"; N].join(" | "));
    let r = check("10,000 | in a row", pipes.as_bytes(), Lang::Shell);
    at_worst_syntax_or_dynamic("pipeline", &r);
}

fn at_worst_syntax_or_dynamic(name: &str, r: &FileReport) {
    assert!(
        r.findings
            .iter()
            .all(|f| matches!(f.category, Category::Syntax | Category::Dynamic)),
        "{name}: {:?}",
        rules(r)
    );
}

#[test]
fn nested_words() {
    let defaults = format!("rm -rf {}/{}\n", "${a:-".repeat(N), "}".repeat(N));
    let r = check("10,000 nested ${a:-", defaults.as_bytes(), Lang::Shell);
    assert!(!r.findings.is_empty());

    let quoted = format!("echo {}x{}\n", "\"${a:-".repeat(N), "}\"".repeat(N));
    let r = check("10,000 nested \"${a:-\"", quoted.as_bytes(), Lang::Shell);
    at_worst_syntax("nested quoted defaults", &r);

    let arithmetic = format!("echo $(({}1{}))\n", "(".repeat(N), ")".repeat(N));
    let r = check("10,000 nested $(( (", arithmetic.as_bytes(), Lang::Shell);
    at_worst_syntax("nested arithmetic", &r);

    let tests = format!("[[ {}-n x{} ]] && echo ok\n", "( ".repeat(N), " )".repeat(N));
    let r = check("10,000 nested [[ (", tests.as_bytes(), Lang::Shell);
    at_worst_syntax("nested test", &r);

    let arrays = format!("a=({}{})\n", "(".repeat(N), ")".repeat(N));
    let r = check("10,000 nested a=((", arrays.as_bytes(), Lang::Shell);
    at_worst_syntax("nested array", &r);
}

#[test]
fn nested_code_in_code() {
    // a shell fed a heredoc that feeds a shell … 40 deep: past the follow limit, reported
    let mut code = String::new();
    for k in 0..40 {
        code.push_str(&format!("bash <<'E{k}'\n"));
    }
    code.push_str(RM);
    code.push('\n');
    for k in (0..40).rev() {
        code.push_str(&format!("E{k}\n"));
    }
    let r = check("40 nested bash <<EOF", code.as_bytes(), Lang::Shell);
    found_or_reported("nested bash <<EOF", &r);

    // eval eval … eval rm -rf /
    let code = format!("{}{RM}\n", "eval ".repeat(40));
    let r = check("40 nested eval", code.as_bytes(), Lang::Shell);
    found_or_reported("nested eval", &r);

    // bash -c 'bash -c "…"': quoting grows with each level, so 10 levels
    let mut code = RM.to_owned();
    for _ in 0..10 {
        code = format!("bash -c {}", shell_quote(&code));
    }
    let r = check("10 nested bash -c", code.as_bytes(), Lang::Shell);
    found("nested bash -c", &r, "rm-recursive-root");
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[test]
fn function_call_chains() {
    // f0 calls f1 … calls f9999, which deletes what f0 was given
    let mut s: String = (0..N).map(|i| format!("f{i}() {{ f{} \"$@\"; }}\n", i + 1)).collect();
    s.push_str(&format!("f{N}() {{ rm -rf \"$@\"; }}\nf0 /\n"));
    let r = check("10,000 functions calling the next", s.as_bytes(), Lang::Shell);
    found_or_reported("function chain", &r);

    // a call bomb: each function calls the next one 100 times
    let mut s = String::new();
    for i in 0..6 {
        s.push_str(&format!(
            "g{i}() {{\n{}}}\n",
            format!("  g{} \"$@\"\n", i + 1).repeat(100)
        ));
    }
    s.push_str("g6() { rm -rf \"$@\"; }\ng0 /\n");
    let r = check("6 levels x 100 calls", s.as_bytes(), Lang::Shell);
    found_or_reported("call bomb", &r);
}

// ---- size -----------------------------------------------------------------------------------

#[test]
fn a_one_megabyte_line() {
    let line = format!("echo {}\n", "a".repeat(1 << 20));
    let r = check("1 MB single word", line.as_bytes(), Lang::Shell);
    at_worst_syntax("1 MB word", &r);

    let words = format!("echo {}\n", vec!["word"; (1 << 20) / 5].join(" "));
    let r = check("1 MB line of words", words.as_bytes(), Lang::Shell);
    at_worst_syntax("1 MB words", &r);

    let mut commands = String::new();
    let mut i = 0;
    while commands.len() < 1 << 20 {
        commands.push_str(&format!("echo {i}; "));
        i += 1;
    }
    commands.push_str(RM);
    commands.push('\n');
    let r = check("1 MB line of commands, then rm", commands.as_bytes(), Lang::Shell);
    found("1 MB commands", &r, "rm-recursive-root");

    let quoted = format!("echo '{}'\n{RM}\n", "x".repeat(1 << 20));
    let r = check("1 MB quoted string, then rm", quoted.as_bytes(), Lang::Shell);
    found("1 MB quoted", &r, "rm-recursive-root");
}

/// A 100,000-line script of ordinary statements with a destructive command at its end.
fn long_script() -> String {
    let mut s = String::from("#!/bin/bash\nset -euo pipefail\nlog() { echo \"$(date) $*\" >&2; }\n");
    for i in 0..100_000 {
        let line = match i % 10 {
            0 => format!("# step {i}\n"),
            1 => format!("DIR{i}=/srv/app/releases/{i}\n"),
            2 => format!("log \"copying {i}\"\n"),
            3 => format!("cp -r \"$DIR{}\" /srv/backup/ || true\n", i - 2),
            4 => format!("if [ -f /tmp/marker{i} ]; then echo found; fi\n"),
            5 => format!("curl -fsS https://example.com/health/{i} >/dev/null\n"),
            6 => format!("kubectl --context staging get pods -l app=a{i}\n"),
            7 => format!("git log -1 --format=%H -- src/{i}\n"),
            8 => format!("X{i}=$(printf '%s' \"{i}\")\n"),
            _ => "echo \"done $X8\"\n".to_string(),
        };
        s.push_str(&line);
    }
    s.push_str("rm -rf /\n");
    s
}

#[test]
fn a_100000_line_script() {
    let s = long_script();
    assert!(s.lines().count() > 100_000);
    let r = check("100,000-line script", s.as_bytes(), Lang::Shell);
    found("100,000 lines", &r, "rm-recursive-root");
}

// ---- broken input ---------------------------------------------------------------------------

#[test]
fn unterminated_quotes_and_heredocs() {
    for (name, tail) in [
        ("unterminated \"", "echo \"never closed\nmore\n"),
        ("unterminated '", "echo 'never closed\nmore\n"),
        ("unterminated `", "echo `never closed\n"),
        ("unterminated $(", "echo $(never closed\n"),
        ("unterminated ${", "echo ${never\n"),
        ("unterminated heredoc", "cat <<EOF\nnever closed\n"),
        ("unterminated quoted heredoc", "cat <<'EOF'\nnever closed\n"),
        ("heredoc with CR terminator", "cat <<EOF\nbody\nEOF\r\n"),
    ] {
        // what comes before the broken part is analysed
        let text = format!("rm -rf /srv/data\n{tail}");
        let r = check(name, text.as_bytes(), Lang::Shell);
        found(name, &r, "rm-recursive-absolute");
        assert!(
            r.findings
                .iter()
                .all(|f| f.category == Category::Syntax || f.rule == "rm-recursive-absolute"),
            "{name}: {:?}",
            rules(&r)
        );
    }
    // a shell fed an unterminated heredoc still runs its body
    let r = check(
        "bash <<EOF unterminated",
        b"bash <<EOF\nrm -rf /srv/data\n",
        Lang::Shell,
    );
    found("bash <<EOF unterminated", &r, "rm-recursive-absolute");
}

#[test]
fn nul_bytes() {
    // bash ignores NUL bytes in a script, and so does the analysis
    let r = check(
        "NUL on its own line",
        b"echo start\n\0\nrm -rf /srv/data\n",
        Lang::Shell,
    );
    found("NUL line", &r, "rm-recursive-absolute");
    let r = check(
        "NUL inside the command word",
        b"echo start\nr\0m -rf /srv/data\n",
        Lang::Shell,
    );
    found("NUL in word", &r, "rm-recursive-absolute");
    let mut late = b"echo hi\n".repeat(2000);
    late.extend_from_slice(b"\0rm -rf /srv/data\n");
    let r = check("NUL after 16 KB", &late, Lang::Shell);
    found("late NUL", &r, "rm-recursive-absolute");
    // a NUL in the first line: bash refuses to run it ("cannot execute binary file")
    let r = check("NUL in the first line", b"\x7fELF\0\0\nrm -rf /srv/data\n", Lang::Shell);
    found("binary", &r, "binary-file");
    // elsewhere a NUL is not valid text: at worst a syntax finding
    for (name, lang) in [
        ("GraphQL", Lang::Graphql),
        ("Markdown", Lang::Markdown),
        ("JSON", Lang::Json),
    ] {
        let r = check(&format!("NUL in {name}"), b"{\"a\": \0}\n", lang);
        at_worst_syntax(name, &r);
    }
}

#[test]
fn invalid_utf8_crlf_and_bom() {
    let r = check(
        "invalid UTF-8",
        b"rm -rf /srv/data\n\xff\xfe\x80 echo \xc3\n",
        Lang::Shell,
    );
    found("invalid UTF-8", &r, "rm-recursive-absolute");
    found("invalid UTF-8", &r, "invalid-utf8");

    let crlf = "#!/bin/sh\r\nset -e\r\nrm -rf /srv/data\r\nbash <<EOF\r\nrm -rf /srv/more\r\nEOF\r\necho done\r\n";
    let r = check("CRLF line endings", crlf.as_bytes(), Lang::Shell);
    let lines: Vec<usize> = r
        .findings
        .iter()
        .filter(|f| f.rule == "rm-recursive-absolute")
        .map(|f| r.line_index().line_col(&r.text, f.span.start()).0)
        .collect();
    assert_eq!(lines, [3, 5], "{:?}", rules(&r));

    let r = check("byte-order mark", "\u{feff}rm -rf /srv/data\n".as_bytes(), Lang::Shell);
    found("BOM", &r, "rm-recursive-absolute");
    let r = check(
        "byte-order mark, GraphQL",
        "\u{feff}mutation { volumeDelete(volumeId: \"vol_1\") }".as_bytes(),
        Lang::Graphql,
    );
    found("BOM GraphQL", &r, "railway-volume-delete");
}

// ---- other languages ------------------------------------------------------------------------

#[test]
fn deep_json() {
    let arrays = format!("{}{}", "[".repeat(N), "]".repeat(N));
    let r = check("JSON arrays 10,000 deep", arrays.as_bytes(), Lang::Json);
    at_worst_syntax("deep arrays", &r);
    let objects = format!("{}1{}", "{\"a\":".repeat(N), "}".repeat(N));
    let r = check("JSON objects 10,000 deep", objects.as_bytes(), Lang::Json);
    at_worst_syntax("deep objects", &r);

    // a deep line does not hide the tool call on the next one
    let call = r#"{"type":"tool_use","name":"Bash","input":{"command":"rm -rf /"}}"#;
    let jsonl = format!("{arrays}\n{objects}\n{call}\n");
    let r = check("JSONL: deep lines, then a call", jsonl.as_bytes(), Lang::Jsonl);
    found("deep JSONL", &r, "rm-recursive-root");

    // a tool call nested inside 10,000 levels: beyond the extractor's depth, and reported
    let hidden = format!("{}{call}{}", "[".repeat(N), "]".repeat(N));
    let r = check("a tool call 10,000 deep", hidden.as_bytes(), Lang::Json);
    assert!(!r.findings.is_empty(), "a call hidden in deep JSON passed silently");
}

#[test]
fn deep_graphql() {
    let selections = format!(
        "mutation {{ volumeDelete(volumeId: \"vol_1\") {{ id }} {}{} }}",
        "a { ".repeat(N),
        "}".repeat(N)
    );
    let r = check("GraphQL selections 10,000 deep", selections.as_bytes(), Lang::Graphql);
    assert!(
        has(&r, "railway-volume-delete") || reports_unanalysed(&r),
        "{:?}",
        rules(&r)
    );
    let lists = format!(
        "mutation {{ volumeDelete(volumeId: {}\"v\"{}) }}",
        "[".repeat(N),
        "]".repeat(N)
    );
    let r = check("GraphQL list value 10,000 deep", lists.as_bytes(), Lang::Graphql);
    assert!(!r.findings.is_empty());
    let objects = format!("query {{ a(x: {}1{}) }}", "{a: ".repeat(N), "}".repeat(N));
    let r = check("GraphQL object value 10,000 deep", objects.as_bytes(), Lang::Graphql);
    at_worst_syntax("deep GraphQL objects", &r);
}

#[test]
fn deep_markdown() {
    let quotes = format!("{}text\n\n```bash\n{RM}\n```\n", "> ".repeat(N));
    let r = check("Markdown quotes 10,000 deep", quotes.as_bytes(), Lang::Markdown);
    found_or_reported("deep quotes", &r);
    let lists: String = (0..2_000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect();
    let lists = format!("{lists}\n```bash\n{RM}\n```\n");
    let r = check("Markdown lists 2,000 deep", lists.as_bytes(), Lang::Markdown);
    found_or_reported("deep lists", &r);
    let fences = "```bash\necho hi\n```\n".repeat(20_000);
    let r = check("20,000 fences", fences.as_bytes(), Lang::Markdown);
    at_worst_syntax("many fences", &r);
}

// ---- through the binary ---------------------------------------------------------------------

fn binary(name: &str, file: &str, bytes: &[u8], lang: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    std::fs::write(&path, bytes).unwrap();
    let started = Instant::now();
    let out = assert_cmd::Command::cargo_bin("preflight")
        .unwrap()
        .args(["check", "--no-config", "--format", "json", "--lang", lang])
        .arg(&path)
        .output()
        .unwrap();
    report_time(&format!("{name} (binary)"), bytes.len(), started.elapsed());
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{name}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn binary_rules(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn through_the_binary() {
    let deep = format!("echo {}{RM}{}\n", "$(".repeat(N), ")".repeat(N));
    let v = binary("10,000 nested $(", "deep.sh", deep.as_bytes(), "shell");
    assert!(binary_rules(&v).contains(&"analysis-truncated".to_owned()));

    let words = format!("rm -rf {}/{}\n", "${a:-".repeat(N), "}".repeat(N));
    let v = binary("10,000 nested ${a:-", "words.sh", words.as_bytes(), "shell");
    assert!(!binary_rules(&v).is_empty());

    let v = binary("100,000-line script", "long.sh", long_script().as_bytes(), "shell");
    assert!(binary_rules(&v).contains(&"rm-recursive-root".to_owned()));

    let line = format!("echo {}\n{RM}\n", "a".repeat(1 << 20));
    let v = binary("1 MB line", "line.sh", line.as_bytes(), "shell");
    assert!(binary_rules(&v).contains(&"rm-recursive-root".to_owned()));

    let json = format!("{}{}", "[".repeat(N), "]".repeat(N));
    binary("JSON 10,000 deep", "deep.json", json.as_bytes(), "json");
}
