//! Property tests: code nested in a `bash -c` string, a JSON tool call, a Markdown fence, or
//! several of these at once, maps every byte of the nested code back to the original file.

use preflight::extract::{json, manifest, markdown, workflow};
use preflight::lang::Lang;
use preflight::plan::Planner;
use preflight::rules::RuleSet;
use preflight::shell;
use proptest::prelude::*;

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().unwrap())
}

/// Text for nested code: letters, shell punctuation, quotes, backslashes, spaces, newlines.
fn code() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _./$=\"'\\\\\n-]{0,60}"
}

/// `'…'` quoting for the shell: `'` becomes `'\''`.
fn single_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Every character of `inner` maps to the same character of `original`, or, where the
/// original writes it as an escape, to the start of that escape (`\`).
fn assert_maps(inner: &str, original: &str, map: impl Fn(usize) -> usize) {
    for (i, ch) in inner.char_indices() {
        let at = map(i);
        let here = original[at..].chars().next().unwrap_or('\0');
        assert!(
            here == ch || here == '\\',
            "offset {i} ({ch:?}) maps to {at} ({here:?}) in {original:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn bash_c_string(s in code()) {
        let src = format!("bash -c {}", single_quote(&s));
        let script = shell::parse(&src);
        let word = &script.commands[0].args[1];
        let value = word.value();
        prop_assert_eq!(value.as_deref(), Some(s.as_str()));
        assert_maps(&s, &src, |i| word.map.map(i));
    }

    #[test]
    fn json_tool_call(s in code()) {
        let line = format!(
            r#"{{"type":"tool_use","name":"Bash","input":{{"command":{}}}}}"#,
            serde_json::to_string(&s).unwrap()
        );
        let ex = json::extract(&line, true);
        if s.is_empty() {
            return Ok(());
        }
        prop_assert_eq!(&ex.snippets[0].text, &s);
        assert_maps(&s, &line, |i| ex.snippets[0].map.map(i));
    }

    #[test]
    fn markdown_fence_in_a_list(s in "[a-zA-Z0-9_./$=\"'-][a-zA-Z0-9 _./$=\"'-]{0,40}(\n[a-zA-Z0-9_./$=-][a-zA-Z0-9 _./$=-]{0,40}){0,3}") {
        let indented: String = s.lines().map(|l| format!("   {l}\n")).collect();
        let md = format!("1. Step\n\n   ```bash\n{indented}   ```\n");
        let ex = markdown::extract(&md);
        let snippet = &ex.snippets[0];
        prop_assert_eq!(snippet.text.as_str(), format!("{s}\n"));
        assert_maps(&s, &md, |i| snippet.map.map(i));
    }

    #[test]
    fn github_actions_literal_block(s in "[a-zA-Z0-9_./$=\"'-][a-zA-Z0-9 _./$=\"'-]{0,40}(\n[a-zA-Z0-9_./$=\"'-][a-zA-Z0-9 _./$=\"'-]{0,40}){0,3}") {
        let body: String = s.lines().map(|l| format!("          {l}\n")).collect();
        let yml = format!("jobs:\n  x:\n    steps:\n      - name: s\n        run: |\n{body}");
        let ex = workflow::extract(&yml);
        let snippet = &ex.snippets[0];
        prop_assert_eq!(snippet.text.as_str(), format!("{s}\n"));
        assert_maps(&s, &yml, |i| snippet.map.map(i));
    }

    #[test]
    fn gitlab_double_quoted_item(s in code()) {
        let yml = format!("job:\n  script:\n    - {}\n", serde_json::to_string(&s).unwrap());
        let ex = workflow::extract(&yml);
        if s.trim().is_empty() {
            return Ok(());
        }
        prop_assert_eq!(&ex.snippets[0].text, &s);
        assert_maps(&s, &yml, |i| ex.snippets[0].map.map(i));
    }

    /// A Kubernetes container's `command: ["sh", "-c", "…"]`: the script word maps back into
    /// the double-quoted YAML string, escapes and all.
    #[test]
    fn kubernetes_command_item(s in "[a-zA-Z0-9 _./=\"\\\\\n-]{0,60}") {
        let yml = format!(
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      image: i\n      command: [\"sh\", \"-c\", {}]\n",
            serde_json::to_string(&s).unwrap()
        );
        let ex = manifest::extract(&yml);
        let snippet = &ex.snippets[0];
        let head = "'sh' '-c' '";
        prop_assert_eq!(snippet.text.as_str(), format!("{head}{s}'"));
        assert_maps(&s, &yml, |i| snippet.map.map(head.len() + i));
    }

    /// JSON tool call → `bash -c '…'` → the inner script: maps compose.
    #[test]
    fn nested_json_then_bash_c(s in "[a-zA-Z0-9_./-][a-zA-Z0-9 _./-]{0,40}") {
        let command = format!("bash -c {}", single_quote(&format!("echo {s}")));
        let line = format!(
            r#"{{"type":"tool_use","name":"Bash","input":{{"command":{}}}}}"#,
            serde_json::to_string(&command).unwrap()
        );
        let plan = Planner::file(rules(), &line, Lang::Jsonl, None, false);
        // the second script is the `bash -c` string
        let inner = &plan.scripts[1];
        let echo = &inner.script.commands[0];
        let arg = echo.args.iter().map(|a| a.value().unwrap()).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(arg, s.split_whitespace().collect::<Vec<_>>().join(" "));
        let first = &echo.args[0];
        let at = inner.map.map(first.span.start());
        prop_assert!(line[at..].starts_with(&first.value().unwrap()));
    }
}
