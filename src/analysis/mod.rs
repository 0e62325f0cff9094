//! Environment analysis: destructive operations whose target nobody pinned or checked, found
//! from the packs' target declarations. Builds the plan-wide indexes; one file per check.

mod ambient;
mod envwords;
pub(crate) use envwords::is_opaque_id;
mod masked_check;
mod mismatch;
mod target;
mod unset_variable;
mod unverified_id;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use crate::config::EnvironmentFacts;
use crate::finding::{Category, Confidence, Finding, Severity};
use crate::plan::{Op, OpKind, Plan};
use crate::rules::schema::RuleTarget;
use crate::rules::{EngineRule, Hit, RuleSet};
use crate::shell::Command;
use crate::source::Span;
use crate::target::{Target, TargetKind};
use ambient::{PinIndex, ScopedIndex};
use envwords::Declared;

/// Variables the shell or the login always sets (on Windows too: `%SystemRoot%`, `$env:USERPROFILE` …).
const ALWAYS_SET: &[&str] = &[
    "HOME",
    "PWD",
    "OLDPWD",
    "USER",
    "LOGNAME",
    "PATH",
    "SHELL",
    "UID",
    "EUID",
    "HOSTNAME",
    "PPID",
    "RANDOM",
    "LINENO",
    "SYSTEMROOT",
    "WINDIR",
    "SYSTEMDRIVE",
    "USERPROFILE",
    "USERNAME",
    "COMPUTERNAME",
    "PROGRAMFILES",
    "PROGRAMDATA",
    "ALLUSERSPROFILE",
    "APPDATA",
    "LOCALAPPDATA",
    "HOMEDRIVE",
    "HOMEPATH",
    "PUBLIC",
    "COMSPEC",
    "PATHEXT",
    "OS",
    "PROCESSOR_ARCHITECTURE",
    "PROGRAMFILES(X86)",
    "PROGRAMW6432",
];

/// A command of the plan: its script unit and index, and its operation.
#[derive(Clone, Copy)]
struct CmdRef {
    unit: usize,
    index: usize,
    op: usize,
}

/// One plan under analysis: the indexes the checks share, and the findings so far.
struct Analysis<'a> {
    plan: &'a Plan,
    rules: &'a RuleSet,
    /// Every command as (operation, unit, index), in operation order.
    commands: Vec<(usize, usize, usize)>,
    /// Where each variable is first assigned: (unit, offset in the unit).
    first_assigned: HashMap<&'a str, (usize, u32)>,
    /// Per unit: the commands whose failure stops the script (`cmd || exit 1`).
    exits: Vec<HashSet<usize>>,
    /// Per unit: the first check command that cannot stop the script, and whether its failure
    /// is ignored (`|| true`) rather than merely unchecked.
    weak_check: Vec<Option<(usize, bool)>>,
    /// Pinning commands by (program spec, target spec): see [`Analysis::earlier_pin`].
    pins: RefCell<PinIndex>,
    /// Per program without a target declaration: its commands that pass a scoping option.
    scoped: RefCell<ScopedIndex>,
    declared: Declared,
    facts: &'a EnvironmentFacts,
    out: Vec<Finding>,
    /// What the destructive findings of rules with a `lookup` target (a force push's branch).
    targets: Vec<(usize, Span, Target)>,
}

/// The environment findings of a plan, and the targets of its destructive findings that the
/// `resolve` stage can look up (by rule index and span).
#[derive(Debug, Default)]
pub struct Analyzed {
    pub findings: Vec<Finding>,
    pub targets: Vec<(usize, Span, Target)>,
}

/// Runs the environment analysis over a plan; `path` is the file's path as reported, `facts`
/// what the configuration says counts as production.
pub fn analyze(plan: &Plan, rules: &RuleSet, path: &str, facts: &EnvironmentFacts) -> Analyzed {
    let destructive: Vec<(usize, Vec<&Hit>)> = plan
        .ops
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let hits = op
                .hits
                .iter()
                .filter(|h| {
                    rules.rule(h.rule).spec().category == Category::Destructive && h.severity >= Severity::Warning
                })
                .collect::<Vec<_>>();
            (i, hits)
        })
        .filter(|(_, hits)| !hits.is_empty())
        .collect();
    if destructive.is_empty() {
        return Analyzed::default();
    }
    // indexes over the whole plan, so that each operation's checks do not rescan it
    let commands = plan
        .ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match op.kind {
            OpKind::Command { script, index } => Some((i, script, index)),
            _ => None,
        })
        .collect();
    let mut first_assigned: HashMap<&str, (usize, u32)> = HashMap::new();
    for (u, unit) in plan.scripts.iter().enumerate() {
        for a in &unit.script.assignments {
            let at = (u, a.span.start);
            first_assigned
                .entry(a.name.as_str())
                .and_modify(|e| *e = (*e).min(at))
                .or_insert(at);
        }
    }
    let exits: Vec<HashSet<usize>> = plan
        .scripts
        .iter()
        .map(|unit| {
            unit.script
                .guards
                .iter()
                .filter(|g| g.exits_when == Some(false))
                .flat_map(|g| g.commands.iter().copied())
                .collect()
        })
        .collect();
    let weak_check = plan
        .scripts
        .iter()
        .zip(&exits)
        .map(|(unit, exits)| masked_check::weak_check(unit, exits))
        .collect();
    let declared = envwords::declared(plan, rules, path, facts);
    let mut a = Analysis {
        plan,
        rules,
        commands,
        first_assigned,
        exits,
        weak_check,
        pins: RefCell::default(),
        scoped: RefCell::default(),
        declared,
        facts,
        out: Vec::new(),
        targets: Vec::new(),
    };
    for (i, hits) in destructive {
        a.operation(i, &plan.ops[i], &hits);
    }
    Analyzed {
        findings: a.out,
        targets: a.targets,
    }
}

impl<'a> Analysis<'a> {
    fn cmd(&self, c: CmdRef) -> &'a Command {
        &self.plan.scripts[c.unit].script.commands[c.index]
    }

    /// The operation's command (if it is one) and the commands its code is nested in, innermost
    /// first.
    fn chain(&self, op: usize) -> Vec<CmdRef> {
        let mut out = Vec::new();
        let mut cur = Some(op);
        while let Some(i) = cur {
            let o = &self.plan.ops[i];
            if let OpKind::Command { script, index } = o.kind {
                out.push(CmdRef {
                    unit: script,
                    index,
                    op: i,
                });
            }
            cur = o.parent;
            if out.len() > 32 {
                break;
            }
        }
        out
    }

    fn targets(&self, hits: &[&Hit]) -> Vec<&'a RuleTarget> {
        hits.iter()
            .filter_map(|h| self.rules.rule(h.rule).spec().target.as_ref())
            .collect()
    }

    fn operation(&mut self, i: usize, op: &Op, hits: &[&Hit]) {
        let chain = self.chain(i);
        let targets = self.targets(hits);
        let mut found = Vec::new();
        let pinned = self.ambient(i, op, &chain, &targets, &mut found);
        self.unverified_id(i, op, &chain, &targets, &mut found);
        self.mismatch(op, &chain, &targets, &mut found);
        self.unset_variable(i, &chain, &mut found);
        if !pinned {
            self.masked_check(&chain, &mut found);
        }
        let anchor = chain.last().map_or(op.span, |c| self.plan.ops[c.op].span);
        let own: Vec<usize> = chain.iter().map(|c| c.op).collect();
        let declared = self
            .declared
            .single_for(&own, &op.origin)
            .map(|d| crate::target::Declared {
                production: d.class == envwords::EnvClass::Prod,
                word: d.word.clone(),
                source: d.source.clone(),
            });
        for f in found {
            let mut finding = self.rules.engine_finding(f.rule, None, f.message, op.span, &op.origin);
            finding.confidence = Some(f.confidence);
            finding.anchor = Some(anchor);
            finding.help = Some(f.help);
            finding.target = f.target.map(|kind| {
                Box::new(Target {
                    kind,
                    declared: declared.clone(),
                })
            });
            self.out.push(finding);
        }
        // destructive findings whose own target can be looked up (the branch a push overwrites)
        for h in hits {
            if let Some(kind) = self.lookup_target(op, &chain, h) {
                self.targets.push((
                    h.rule,
                    op.span,
                    Target {
                        kind,
                        declared: declared.clone(),
                    },
                ));
            }
        }
    }
}

/// What a check found about an operation, before it is made a finding of its rule.
struct Found {
    rule: EngineRule,
    confidence: Confidence,
    message: String,
    /// What to do about this operation (every check writes its own help, more specific than
    /// the rule's).
    help: String,
    /// What the operation targets, for the `resolve` stage.
    target: Option<TargetKind>,
}

impl Found {
    fn new(rule: EngineRule, confidence: Confidence, message: String, help: String) -> Self {
        Found {
            rule,
            confidence,
            message,
            help,
            target: None,
        }
    }

    fn with_target(mut self, target: Option<TargetKind>) -> Self {
        self.target = target;
        self
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::engine::{Engine, Input, Options};
    use crate::lang::Lang;
    use crate::rules::RuleSet;

    /// A tool call rebuilt as a command line (`TOOL --key value …`), matched by a rule with no
    /// target declaration: its ID-named keys are its IDs.
    #[test]
    fn ids_of_tool_calls() {
        let pack = r#"
[pack]
family = "test-calls"
description = "Tool calls, for a test."

[[rule]]
id = "test-delete-volume-call"
category = "destructive"
severity = "warning"
summary = "Deletes a volume"
explanation = "A test rule."
help = "None."

[[rule.shell]]
program = ["delete_volume"]
"#;
        let path = std::env::temp_dir().join(format!("preflight-envgen-{}.toml", std::process::id()));
        std::fs::write(&path, pack).unwrap();
        let rules = RuleSet::with_user_packs(std::slice::from_ref(&path));
        std::fs::remove_file(&path).ok();
        let engine = Engine::new(Arc::new(rules.unwrap()), Options::default());
        let text = "delete_volume --projectId prj_8Hq2LmZ41x --volumeId vol_4y5m1n0p2q3r\n\
                    delete_volume --target.id 3f1c2a9e-4b7d-4e21-9f0a-2b6c8d1e5f77\n\
                    get_volume --volume_id vol_9z8y7x6w5v4u\n\
                    delete_volume --volume_id vol_9z8y7x6w5v4u\n\
                    delete_volume --projectId prj_7Gq2LmZ41x\n";
        let report = engine.check(Input::new("calls.sh", text.as_bytes(), Lang::Shell));
        let ids: Vec<(usize, &str)> = report
            .findings
            .iter()
            .filter(|f| f.rule == "env-unverified-id")
            .map(|f| (text[..f.span.start as usize].lines().count() + 1, f.message.as_str()))
            .collect();
        assert_eq!(ids.len(), 3, "{ids:?}");
        // the volume, not the project it is in
        assert!(ids[0].1.contains("vol_4y5m1n0p2q3r"), "{ids:?}");
        assert!(ids[1].1.contains("3f1c2a9e-4b7d"), "{ids:?}");
        // looked up by the earlier read; the project's ID when it is the only one
        assert!(ids[2].1.contains("prj_7Gq2LmZ41x"), "{ids:?}");
        // other calls of the tool pass `--projectId`: the two that do not act on the default
        let ambient: Vec<usize> = report
            .findings
            .iter()
            .filter(|f| f.rule == "env-ambient-target")
            .map(|f| text[..f.span.start as usize].lines().count() + 1)
            .collect();
        assert_eq!(ambient, [2, 4]);
    }
}
