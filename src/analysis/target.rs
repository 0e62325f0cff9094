//! Targets for the `resolve` stage: the scope an ID is given in (a Fly app, a Neon project) and
//! the remote and branch a `git push` overwrites.

use super::unverified_id::Id;
use super::{Analysis, CmdRef};
use crate::plan::{Op, OpKind};
use crate::rules::Hit;
use crate::rules::view::View;
use crate::target::{Lookup, TargetKind};

impl Analysis<'_> {
    /// The scope the command names for an ID it destroys: `-a APP` of a Fly volume,
    /// `--project-id` of a Neon branch.
    pub(super) fn id_scope(&self, op: &Op, lookup: Lookup) -> Option<String> {
        let OpKind::Command { script, index } = op.kind else {
            return None;
        };
        let cmd = &self.plan.scripts[script].script.commands[index];
        let program = cmd.program.as_deref()?;
        let view = View::new(cmd, self.rules.program(program));
        let names: &[&str] = match lookup {
            Lookup::FlyVolume | Lookup::FlyApp => &["a", "app"],
            Lookup::NeonBranch => &["project-id"],
            _ => return None,
        };
        let names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        view.flags_named(&names).find_map(|f| f.value.clone())
    }

    /// The target of a destructive hit whose rule names a lookup of its own operation (not of
    /// an ID): the remote and branch of a force push.
    pub(super) fn lookup_target(&self, op: &Op, chain: &[CmdRef], hit: &Hit) -> Option<TargetKind> {
        let target = self.rules.rule(hit.rule).spec().target.as_ref()?;
        let lookup = target.lookup?;
        if lookup != Lookup::GithubBranch {
            // the first literal ID the rule declares (a name too: `fly apps destroy acme-prod`)
            let (ids, _) = self.ids(op, &[target]);
            return ids.into_iter().find_map(|(id, _)| match id {
                Id::Literal(s) if !s.is_empty() => Some(TargetKind::Id {
                    lookup,
                    id: s,
                    scope: self.id_scope(op, lookup),
                }),
                _ => None,
            });
        }
        let c = chain.first()?;
        if !matches!(op.kind, OpKind::Command { .. }) {
            return None;
        }
        let cmd = self.cmd(*c);
        let program = cmd.program.as_deref()?;
        let view = View::new(cmd, self.rules.program(program));
        let words: Vec<Option<String>> = view.positionals.iter().map(|&i| cmd.args[i].value()).collect();
        let push = words.iter().position(|w| w.as_deref() == Some("push"))?;
        let remote = words.get(push + 1).cloned().flatten();
        let branch = words.get(push + 2).cloned().flatten().and_then(|r| {
            let r = r.trim_start_matches('+');
            let dst = r.rsplit_once(':').map_or(r, |(_, d)| d);
            let dst = dst.strip_prefix("refs/heads/").unwrap_or(dst);
            (!dst.is_empty() && dst != "HEAD").then(|| dst.to_owned())
        });
        Some(TargetKind::Branch { remote, branch })
    }
}
