//! Masked check: a pinning command or check script before the operation that cannot stop it —
//! its failure is ignored (`|| true`) or nothing stops the script when it fails.

use std::collections::HashSet;

use super::ambient::pin_flags_text;
use super::{Analysis, CmdRef, Found, clip, envwords};
use crate::finding::Confidence;
use crate::plan::ScriptUnit;
use crate::rules::EngineRule;

impl Analysis<'_> {
    pub(super) fn masked_check(&self, chain: &[CmdRef], found: &mut Vec<Found>) {
        let Some(c) = chain.first() else { return };
        // an earlier pinning command of the same program that cannot stop the script
        let cmd = self.cmd(*c);
        if let Some(spec) = cmd
            .program
            .as_deref()
            .and_then(|p| self.rules.program(p))
            .and_then(|p| p.target.as_ref())
            && let Some((pin, false)) = self.earlier_pin(*c, spec)
        {
            let pc = self.cmd(pin);
            let msg = format!(
                "`{}` may fail without stopping the script (no `set -e`, no `|| exit`), and `{}` then acts on {}",
                clip(&pc.display(), 60),
                clip(&cmd.display(), 60),
                spec.ambient
            );
            let help = format!(
                "Add `set -e` (or `|| exit 1` after the check), and pin the target on the command itself ({}).",
                pin_flags_text(spec)
            );
            found.push(Found::new(EngineRule::EnvMaskedCheck, Confidence::High, msg, help));
            return;
        }
        // an earlier check whose failure is ignored (`./assert-staging.sh || true`)
        let unit = &self.plan.scripts[c.unit];
        if let Some((k, ignored)) = self.weak_check[c.unit].filter(|(k, _)| *k < c.index) {
            let prev = &unit.script.commands[k];
            let why = if ignored {
                "its failure is ignored (`|| true`)"
            } else {
                "the script goes on when it fails (no `set -e`)"
            };
            let msg = format!("the check `{}` cannot stop this: {why}", clip(&prev.display(), 60));
            let help =
                "Let the check stop the script: drop `|| true`, add `set -e`, or write `check || exit 1`.".to_owned();
            found.push(Found::new(EngineRule::EnvMaskedCheck, Confidence::Medium, msg, help));
        }
    }
}

/// The first check command of a script (`./assert-staging.sh`) that cannot stop it: its failure
/// is ignored (`|| true`), or nothing stops the script when it fails.
pub(super) fn weak_check(unit: &ScriptUnit, exits: &HashSet<usize>) -> Option<(usize, bool)> {
    let script = &unit.script;
    // guards whose failing branch runs `true` or `:`
    let ignoring: HashSet<usize> = script
        .commands
        .iter()
        .filter(|t| matches!(t.program.as_deref(), Some("true" | ":")))
        .flat_map(|t| t.context.guards.iter().filter(|r| !r.when_true).map(|r| r.guard))
        .collect();
    let mut ignored: HashSet<usize> = HashSet::new();
    for g in &ignoring {
        ignored.extend(script.guards[*g].commands.iter().copied());
    }
    script.commands.iter().enumerate().find_map(|(k, prev)| {
        let p = prev.program.as_deref()?;
        if !envwords::is_check_name(p) {
            return None;
        }
        let is_ignored = ignored.contains(&k);
        let unchecked = !prev.context.errexit && !prev.context.in_condition && !exits.contains(&k);
        (is_ignored || unchecked).then_some((k, is_ignored))
    })
}
