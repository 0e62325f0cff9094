//! CI workflows: the shell commands of GitHub Actions jobs (`jobs.<id>.steps[].run`, with the
//! `shell:` that runs them) and of GitLab CI jobs (`script`, `before_script`, `after_script`,
//! the top-level `default:` ones too), one snippet per command string, each mapped back to the
//! bytes of the file; the workflow's and jobs' names and environments are notes.
//!
//! The YAML is read by [`super::yaml`] (spans, anchors, `<<` merges); GitLab's `!reference`
//! is resolved here, where the commands are looked up. `${{ … }}` expressions of GitHub
//! Actions are replaced by a quoted variable named after what they read (`${{ inputs.env }}` →
//! `"${GHA_inputs_env}"`): the shell analysis sees a value known only at run time.

use std::rc::Rc;

use super::yaml::{self, Commands, Expr, MAX_RESOLVE, Node, get, get_str};
use super::{Extracted, Unread, UnreadKind};
use crate::lang::Lang;

/// Script nodes visited in one file (lists of aliases of lists can multiply them).
const MAX_VISITS: usize = 20_000;

const GITHUB: Expr = Expr {
    open: "${{",
    close: "}}",
    prefix: "GHA_",
};
const GITLAB: Expr = Expr {
    open: "$[[",
    close: "]]",
    prefix: "GLCI_",
};

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let docs = yaml::parse(text, Lang::Workflow.as_str(), &mut out.unread);
    let mut cx = Cx {
        c: Commands::new(text, out),
        visits: 0,
    };
    for doc in docs {
        match &*doc {
            Node::Map { .. } if get(&doc, "jobs").is_some_and(|j| matches!(*j, Node::Map { .. })) => cx.github(&doc),
            Node::Map { .. } => cx.gitlab(&doc),
            // an empty document
            Node::Scalar { value, .. } if value.is_empty() || value == "~" || value == "null" => {}
            other => cx.c.out.unread.push(Unread {
                span: other.span(),
                message: "a CI workflow is a YAML mapping (of jobs); this document is not one and was not read".into(),
                kind: UnreadKind::Malformed,
                origin: Some(Lang::Workflow.as_str().into()),
            }),
        }
    }
    cx.c.out
}

struct Cx<'a> {
    c: Commands<'a>,
    visits: usize,
}

impl Cx<'_> {
    /// A job's or workflow's `name`, and a job's `environment` (a name or `{name: …}`).
    fn names(&mut self, node: &Node) {
        if let Some((name, span)) = get_str(node, "name") {
            self.c.note(&name, span);
        }
        if let Some(env) = get(node, "environment") {
            let env = match env.str() {
                Some(_) => Some(env),
                None => get(&env, "name"),
            };
            if let Some(env) = env
                && let Some(name) = env.str()
            {
                self.c.note(&format!("environment: {name}"), env.span());
            }
        }
    }

    fn github(&mut self, doc: &Node) {
        self.names(doc);
        let shell_of = |n: &Node| {
            get(n, "defaults")
                .and_then(|d| get(&d, "run"))
                .and_then(|r| get_str(&r, "shell"))
                .map(|(s, _)| s)
        };
        let top_shell = shell_of(doc);
        let Some(jobs) = get(doc, "jobs") else { return };
        let Node::Map { entries, .. } = &*jobs else { return };
        for (key, job) in entries {
            let Some(id) = key.str() else { continue };
            self.c.note(id, key.span());
            self.names(job);
            // a Windows runner's default shell is PowerShell
            let windows = get(job, "runs-on").is_some_and(|r| mentions_windows(&r));
            let job_shell = shell_of(job)
                .or_else(|| top_shell.clone())
                .or_else(|| windows.then(|| "pwsh".to_owned()));
            let Some(steps) = get(job, "steps") else { continue };
            let Node::Seq { items, .. } = &*steps else { continue };
            for (k, step) in items.iter().enumerate() {
                let Some(run) = get(step, "run") else { continue };
                let shell = get_str(step, "shell").map(|(s, _)| s).or_else(|| job_shell.clone());
                if !shell.as_deref().is_none_or(is_posix_shell) {
                    continue; // pwsh, python, cmd …: not shell code
                }
                let step_name = get_str(step, "id")
                    .or_else(|| get_str(step, "name"))
                    .map(|(s, _)| s.chars().take(60).collect::<String>())
                    .unwrap_or_else(|| (k + 1).to_string());
                self.c
                    .shell(&run, &format!("github-actions:{id}/{step_name}"), Some(&GITHUB));
            }
        }
    }

    // ----- GitLab CI ---------------------------------------------------------------------------

    fn gitlab(&mut self, doc: &Node) {
        let Node::Map { entries, .. } = doc else { return };
        const KEYWORDS: &[&str] = &[
            "stages",
            "variables",
            "include",
            "workflow",
            "image",
            "services",
            "cache",
            "spec",
            "before_script",
            "after_script",
        ];
        for (key, job) in entries {
            let Some(name) = key.str() else { continue };
            if KEYWORDS.contains(&name) || name == "<<" || !matches!(**job, Node::Map { .. }) {
                continue;
            }
            if name != "default" {
                self.c.note(name, key.span());
                self.names(job);
            }
            let origin = format!("gitlab-ci:{name}");
            for field in ["before_script", "script", "after_script"] {
                if let Some(v) = get(job, field) {
                    self.script(doc, &v, &origin, 0);
                }
            }
        }
        // the deprecated global ones
        for field in ["before_script", "after_script"] {
            if let Some(v) = get(doc, field) {
                self.script(doc, &v, "gitlab-ci:default", 0);
            }
        }
    }

    /// A `script`: a string, or a list of strings and of lists (flattened), with `!reference`s.
    fn script(&mut self, doc: &Node, v: &Rc<Node>, origin: &str, depth: usize) {
        self.visits += 1;
        if self.visits > MAX_VISITS {
            if self.visits == MAX_VISITS + 1 {
                self.unresolved(v, origin, "aliases that repeat lists this often");
            }
            return;
        }
        if depth > MAX_RESOLVE {
            if !self.c.out.unread.iter().any(|u| u.kind == UnreadKind::TooDeep) {
                self.unresolved(v, origin, "lists nested too deep");
            }
            return;
        }
        if v.tag().is_some_and(|t| t.ends_with("reference")) {
            return match reference(doc, v) {
                Ok(target) => self.script(doc, &target, origin, depth + 1),
                Err(why) => self.unresolved(v, origin, why),
            };
        }
        match &**v {
            Node::Scalar { .. } => self.c.shell(v, origin, Some(&GITLAB)),
            Node::Seq { items, .. } => {
                for item in items {
                    self.script(doc, item, origin, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn unresolved(&mut self, v: &Node, origin: &str, why: &str) {
        self.c.out.unread.push(Unread {
            span: v.span(),
            message: format!("{why}: the commands it stands for were not analysed"),
            kind: UnreadKind::TooDeep,
            origin: Some(origin.to_owned()),
        });
    }
}

/// The node a GitLab `!reference [job, key, …]` names in this file.
fn reference(doc: &Node, v: &Node) -> Result<Rc<Node>, &'static str> {
    let Node::Seq { items, .. } = v else {
        return Err("a `!reference` that is not a list");
    };
    let mut path = items.iter().map(|i| i.str());
    let Some(Some(first)) = path.next() else {
        return Err("an empty `!reference`");
    };
    let mut cur = get(doc, first).ok_or("a `!reference` to a job not in this file (an included one?)")?;
    for p in path {
        let p = p.ok_or("a `!reference` with a part that is not a name")?;
        cur = get(&cur, p).ok_or("a `!reference` to a key the job does not have")?;
    }
    Ok(cur)
}

/// Whether a job's `runs-on` (a label, a list of labels) names a Windows runner.
fn mentions_windows(runs_on: &Node) -> bool {
    match runs_on {
        Node::Scalar { value, .. } => value.to_ascii_lowercase().contains("windows"),
        Node::Seq { items, .. } => items.iter().any(|i| mentions_windows(i)),
        _ => false,
    }
}

/// Whether a step's `shell:` runs its `run:` as POSIX shell code: `bash`, `sh`, a custom
/// `bash -e {0}`, or an expression (unknown: read as shell).
fn is_posix_shell(shell: &str) -> bool {
    let word = shell.split_whitespace().next().unwrap_or("");
    let word = word.rsplit('/').next().unwrap_or(word);
    matches!(word, "bash" | "sh" | "zsh" | "dash" | "ksh" | "ash") || shell.contains("${{")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Snippet;
    use crate::extract::yaml::placeholder;

    fn at<'a>(src: &'a str, s: &Snippet, needle: &str) -> &'a str {
        let i = s.text.find(needle).unwrap();
        let o = s.map.map(i);
        &src[o..o + needle.len()]
    }

    #[test]
    fn github_run_steps_with_offsets() {
        let src = "name: Deploy staging\non: push\njobs:\n  deploy:\n    environment: production\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: clean\n        run: rm -rf /srv/app\n      - id: multi\n        run: |\n          echo hi\n          kubectl delete namespace prod\n      - run: >\n          terraform destroy\n          -auto-approve\n      - shell: pwsh\n        run: Remove-Item -Recurse C:\\\n      - run: \"psql -c \\\"DROP DATABASE x\\\"\"\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let texts: Vec<&str> = ex.snippets.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "rm -rf /srv/app",
                "echo hi\nkubectl delete namespace prod\n",
                "terraform destroy -auto-approve\n",
                "psql -c \"DROP DATABASE x\""
            ]
        );
        assert_eq!(ex.snippets[0].origin, "github-actions:deploy/clean");
        assert_eq!(ex.snippets[1].origin, "github-actions:deploy/multi");
        assert_eq!(ex.snippets[2].origin, "github-actions:deploy/4");
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
        assert_eq!(at(src, &ex.snippets[1], "kubectl delete"), "kubectl delete");
        assert_eq!(at(src, &ex.snippets[2], "-auto-approve"), "-auto-approve");
        assert_eq!(at(src, &ex.snippets[3], "DROP DATABASE"), "DROP DATABASE");
        let notes: Vec<&str> = ex.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["Deploy staging", "deploy", "environment: production"]);
    }

    #[test]
    fn windows_runners_default_to_powershell() {
        let src = "jobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: rm -rf C:/x\n      - shell: bash\n        run: rm -rf /x\n  l:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: rm -rf /y\n";
        let texts: Vec<String> = extract(src).snippets.into_iter().map(|s| s.text).collect();
        assert_eq!(texts, ["rm -rf /x", "rm -rf /y"]);
    }

    #[test]
    fn expressions_are_run_time_values() {
        let src = "jobs:\n  x:\n    steps:\n      - run: kubectl --context ${{ inputs.env }} delete ns ${{ secrets.PROD_NS }}\n";
        let ex = extract(src);
        let s = &ex.snippets[0];
        assert_eq!(
            s.text,
            "kubectl --context \"${GHA_inputs_env}\" delete ns \"${GHA_secrets_PROD_NS}\""
        );
        let i = s.text.find("\"${GHA_secrets").unwrap();
        assert_eq!(&src[s.map.map(i)..s.map.map(i) + 3], "${{");
        assert_eq!(
            placeholder("GHA_", " github.event.inputs.target "),
            "GHA_github_event_inputs_target"
        );
        assert_eq!(placeholder("GHA_", "format('{0}', 1)"), "GHA_expr");
        assert_eq!(
            placeholder("GHA_", "matrix.env == 'prod' && 'a' || 'b'"),
            "GHA_matrix_env"
        );
        let ex = extract("job:\n  script:\n    - rm -rf $[[ inputs.dir ]]/cache\n");
        assert_eq!(ex.snippets[0].text, "rm -rf \"${GLCI_inputs_dir}\"/cache");
    }

    #[test]
    fn gitlab_anchors_merges_and_references() {
        let src = ".cleanup: &cleanup\n  - rm -rf /var/lib/app\n.tmpl: &tmpl\n  environment:\n    name: staging\n  script:\n    - dropdb app\ndefault:\n  before_script:\n    - echo start\nreset:\n  <<: *tmpl\n  after_script: *cleanup\ndeploy:\n  script:\n    - !reference [.tmpl, script]\n    - !reference [.other, script]\n    - [echo a, echo b]\n";
        let ex = extract(src);
        let got: Vec<(&str, &str)> = ex
            .snippets
            .iter()
            .map(|s| (s.origin.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("gitlab-ci:.tmpl", "dropdb app"),
                ("gitlab-ci:default", "echo start"),
                ("gitlab-ci:reset", "rm -rf /var/lib/app"),
                ("gitlab-ci:deploy", "echo a"),
                ("gitlab-ci:deploy", "echo b"),
            ]
        );
        assert_eq!(at(src, &ex.snippets[2], "rm -rf"), "rm -rf");
        assert_eq!(ex.unread.len(), 1);
        assert_eq!(ex.unread[0].kind, UnreadKind::TooDeep);
        assert!(ex.notes.iter().any(|n| n.text == "environment: staging"));
    }

    #[test]
    fn bad_input_is_reported() {
        for src in [
            "jobs:\n  x:\n\tsteps: []\n",
            "jobs: [a\n",
            "- a\n- b\n",
            "script: \"unterminated\n",
            "a: &x [*x]\n",
            "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
        ] {
            let ex = extract(src);
            for u in &ex.unread {
                assert!(u.span.end() <= src.len());
            }
            let _ = ex;
        }
        let ex = extract("- a\n- b\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        let ex = extract("build:\n  script:\n    - rm -rf /tmp/x\ndeploy:\n  script: [a\n");
        assert_eq!(ex.unread[0].kind, UnreadKind::Malformed);
        assert_eq!(
            ex.snippets[0].text, "rm -rf /tmp/x",
            "what was read before the error is analysed"
        );
        assert!(extract("").unread.is_empty());
    }

    #[test]
    fn non_ascii_offsets() {
        let src = "jobs:\n  é:\n    steps:\n      - name: ünïcode\n        run: |\n          echo ☃\n          rm -rf /opt/x\n";
        let ex = extract(src);
        assert_eq!(at(src, &ex.snippets[0], "rm -rf"), "rm -rf");
    }
}
