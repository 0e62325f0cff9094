//! Environment mismatch: a plan that says it is about one environment (staging, production)
//! whose operation names the other, or reaches every environment of the project.

use super::envwords::{self, EnvClass};
use super::{Analysis, CmdRef, Found, clip};
use crate::finding::Confidence;
use crate::plan::{Op, OpKind};
use crate::rules::EngineRule;
use crate::rules::schema::{RuleTarget, Scope};

impl Analysis<'_> {
    pub(super) fn mismatch(&self, op: &Op, chain: &[CmdRef], targets: &[&RuleTarget], found: &mut Vec<Found>) {
        // the operation's own flags do not declare what the plan is about
        let own: Vec<usize> = chain.iter().map(|c| c.op).collect();
        let Some(decl) = self.declared.single_for(&own, &op.origin) else {
            return;
        };
        // an operation that reaches every environment of the project, in a plan about one
        if decl.class == EnvClass::NonProd && targets.iter().any(|t| t.scope == Some(Scope::Project)) {
            let msg = format!(
                "the plan is about {} ({}), but this acts on the whole project: every environment, production included",
                decl.word, decl.source
            );
            let help = "Use the environment-scoped operation instead, or look the object up and list every environment that would lose it.".to_owned();
            found.push(Found::new(EngineRule::EnvMismatch, Confidence::High, msg, help));
            return;
        }
        let texts = self.texts(op, chain);
        if let Some(word) = texts.iter().find(|t| envwords::names_other(t, decl.class, self.facts)) {
            let other = if decl.class == EnvClass::NonProd {
                EnvClass::Prod
            } else {
                EnvClass::NonProd
            };
            let msg = format!(
                "the plan is about {} ({}), but this operation names {}: `{}`",
                decl.word,
                decl.source,
                other.as_str(),
                clip(word, 60)
            );
            let help = format!(
                "Check which environment `{}` is before running this; if it is meant, say so in the plan and pin it.",
                clip(word, 60)
            );
            found.push(Found::new(EngineRule::EnvMismatch, Confidence::High, msg, help));
        }
    }

    /// The words an operation reads: its arguments, the variables it expands, the objects it
    /// names, and those of the commands it is nested in.
    fn texts(&self, op: &Op, chain: &[CmdRef]) -> Vec<String> {
        let mut texts: Vec<String> = Vec::new();
        match op.kind {
            OpKind::Field { doc, operation, field } => {
                let d = &self.plan.docs[doc];
                let f = &d.doc.operations[operation].fields[field];
                for (_, v) in &f.args {
                    texts.push(v.resolve(&d.vars).display());
                }
            }
            OpKind::Sql { unit, index } => texts.extend(self.plan.sqls[unit].statements[index].object.clone()),
            OpKind::Command { .. } => {}
        }
        for c in chain {
            let cmd = self.cmd(*c);
            for w in &cmd.args {
                texts.push(w.display());
            }
            for a in &cmd.assignments {
                texts.push(format!("{}={}", a.name, a.value.display()));
            }
        }
        texts
    }
}
