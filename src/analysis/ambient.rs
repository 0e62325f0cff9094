//! Ambient target: a command whose target (kube context, AWS profile, `$DATABASE_URL` …) comes
//! from ambient state that no flag, variable, earlier pinning command or guard pins or checks.

use std::collections::HashMap;
use std::rc::Rc;

use super::{Analysis, CmdRef, Found, clip, envwords};
use crate::finding::Confidence;
use crate::plan::{Op, OpKind};
use crate::rules::EngineRule;
use crate::rules::schema::{ProgramSpec, RuleTarget, TargetSpec};
use crate::rules::view::View;
use crate::shell::{Command, VarState, Word};

/// Pinning commands in plan order, by (program spec, target spec) address.
pub(super) type PinIndex = HashMap<(usize, usize), Rc<Vec<Pin>>>;

/// Per program name (of programs with no target declaration): its commands that pass a scoping
/// option, and the option.
pub(super) type ScopedIndex = HashMap<String, Rc<Vec<(CmdRef, String)>>>;

/// A command that pins a program's target (`kubectl config use-context`).
pub(super) struct Pin {
    at: CmdRef,
    step: usize,
    /// It stops the script when it fails (`set -e`, `|| exit`).
    stops: bool,
}

impl Analysis<'_> {
    /// Reports a command whose target comes from ambient state; returns whether the target is
    /// pinned (or there is none to pin).
    pub(super) fn ambient(
        &self,
        i: usize,
        op: &Op,
        chain: &[CmdRef],
        targets: &[&RuleTarget],
        found: &mut Vec<Found>,
    ) -> bool {
        if targets.iter().any(|t| t.ambient == Some(false)) {
            return true;
        }
        // a GraphQL mutation names what it acts on by ID: the tool that sends it (`gh api`,
        // `railway api`) has its own default target, which is not the mutation's
        if matches!(op.kind, OpKind::Field { .. }) {
            return true;
        }
        for (k, c) in chain.iter().enumerate() {
            let cmd = self.cmd(*c);
            let Some(program) = cmd.program.as_deref() else {
                continue;
            };
            // code run on a named host or container (`docker exec db psql …`): that is the target
            if k > 0 && runs_on_named_host(program, cmd) {
                return true;
            }
            let override_program = if k == 0 {
                targets.iter().find_map(|t| t.program.as_deref())
            } else {
                None
            };
            let spec_program = override_program.unwrap_or(program);
            let Some(spec) = self.rules.program(spec_program).and_then(|p| p.target.as_ref()) else {
                if k == 0 && override_program.is_none() {
                    match self.generic_ambient(*c, chain) {
                        Generic::Pinned => return true,
                        Generic::Ambient(f) => {
                            found.push(f);
                            return false;
                        }
                        Generic::Unknown => {}
                    }
                }
                continue;
            };
            let on_named_host = chain[k + 1..].iter().any(|o| {
                let oc = self.cmd(*o);
                oc.program.as_deref().is_some_and(|p| runs_on_named_host(p, oc))
            });
            if on_named_host || self.pinned(*c, spec, i) {
                return true;
            }
            let display = clip(&cmd.display(), 80);
            let mut msg = format!(
                "`{display}` acts on {}: nothing before it pins which {} or checks it",
                spec.ambient, spec.what
            );
            if let Some(v) = self.ambient_variable(cmd, spec) {
                msg = format!(
                    "`{display}` acts on the {} in `${v}`: nothing before it checks which one that is",
                    spec.what
                );
            }
            let mut variables = spec.ambient_env.clone();
            if let Some(v) = self.ambient_variable(cmd, spec) {
                variables.retain(|x| *x != v);
                variables.insert(0, v);
            }
            let target = crate::target::TargetKind::Ambient {
                source: spec.context,
                variables,
                program: spec_program.to_owned(),
            };
            found.push(
                Found::new(
                    EngineRule::EnvAmbientTarget,
                    Confidence::Medium,
                    msg,
                    pin_help(spec_program, spec),
                )
                .with_target(Some(target)),
            );
            return false;
        }
        true
    }

    /// A command of a program with no target declaration: pinned when it passes a scoping
    /// option ([`SCOPE_OPTIONS`]); ambient when it passes none while another command of the
    /// same program in the plan passes one (the tool is scoped, and this call leaves the scope
    /// to its default); unknown otherwise (a program never seen scoped is not reported).
    fn generic_ambient(&self, c: CmdRef, chain: &[CmdRef]) -> Generic {
        let cmd = self.cmd(c);
        if scope_option(cmd).is_some() {
            return Generic::Pinned;
        }
        let Some(program) = cmd.program.as_deref() else {
            return Generic::Unknown;
        };
        let Some((other, option)) = self.scoped_elsewhere(program, c) else {
            return Generic::Unknown;
        };
        // an environment variable on the command or a guard that checks one
        let no_spec = TargetSpec::default();
        let env_on_command = chain.iter().any(|cc| {
            self.cmd(*cc)
                .assignments
                .iter()
                .any(|a| envwords::is_env_variable(&a.name))
        });
        if env_on_command || chain.iter().any(|cc| self.checked_by_guard(*cc, &no_spec)) {
            return Generic::Pinned;
        }
        let other_display = clip(&self.cmd(other).display(), 60);
        let display = clip(&cmd.display(), 80);
        Generic::Ambient(Found::new(
            EngineRule::EnvAmbientTarget,
            Confidence::Low,
            format!(
                "`{display}` passes no `--{option}`: it acts on whatever ambient state picks (a linked project, the active profile or environment), while elsewhere the plan scopes `{program}` with `--{option}` (`{other_display}`)"
            ),
            format!(
                "Pass `--{option}` on this command too, as the other call does, or check the current {option} first and exit on a mismatch."
            ),
        ))
    }

    /// The first command of the plan (other than `c`) of the same program that passes a
    /// scoping option, and the option (cached per program name).
    fn scoped_elsewhere(&self, program: &str, c: CmdRef) -> Option<(CmdRef, String)> {
        let scoped = {
            let cached = self.scoped.borrow().get(program).cloned();
            match cached {
                Some(v) => v,
                None => {
                    let v: Rc<Vec<(CmdRef, String)>> = Rc::new(
                        self.commands
                            .iter()
                            .filter_map(|&(op, unit, index)| {
                                let cmd = &self.plan.scripts[unit].script.commands[index];
                                // the same program by name: an alias (`podman` for `docker`)
                                // has options of its own
                                if cmd.program.as_deref() != Some(program) {
                                    return None;
                                }
                                scope_option(cmd).map(|o| (CmdRef { unit, index, op }, o))
                            })
                            .collect(),
                    );
                    self.scoped.borrow_mut().insert(program.to_owned(), v.clone());
                    v
                }
            }
        };
        scoped
            .iter()
            .find(|(at, _)| at.op != c.op || at.index != c.index || at.unit != c.unit)
            .cloned()
    }

    /// A variable of `ambient_env` (or any unchecked variable) that names the target.
    fn ambient_variable(&self, cmd: &Command, spec: &TargetSpec) -> Option<String> {
        cmd.args
            .iter()
            .flat_map(|w| w.unknown_vars())
            .find_map(|(name, state, _)| {
                (spec.ambient_env.iter().any(|e| e == name)
                    || (*state == VarState::External && name.to_ascii_uppercase().contains("URL")))
                .then(|| name.to_owned())
            })
    }

    /// Whether a command's target is pinned: by a flag, an argument, an environment variable,
    /// an earlier pinning command, or a guard that checks it.
    fn pinned(&self, c: CmdRef, spec: &TargetSpec, op: usize) -> bool {
        let cmd = self.cmd(c);
        let program = cmd.program.as_deref().unwrap_or("");
        let view = View::new(cmd, self.rules.program(program));
        if spec.pin_flags.iter().any(|g| view.has(g.names())) {
            return true;
        }
        if !spec.pin_args.is_empty() {
            let globs: Vec<globset::GlobMatcher> = spec
                .pin_args
                .iter()
                .filter_map(|p| {
                    globset::GlobBuilder::new(p)
                        .literal_separator(false)
                        .build()
                        .ok()
                        .map(|g| g.compile_matcher())
                })
                .collect();
            let static_match = |v: &str| globs.iter().any(|g| g.is_match(v));
            if cmd.args.iter().filter_map(Word::value).any(|v| static_match(&v))
                || view.flags.iter().filter_map(|f| f.value.as_deref()).any(static_match)
            {
                return true;
            }
        }
        // environment variables: on the command, on a command it is nested in, or set earlier
        let chain = self.chain(op);
        if chain
            .iter()
            .any(|cc| self.cmd(*cc).assignments.iter().any(|a| spec.pin_env.contains(&a.name)))
        {
            return true;
        }
        if self.assigned_before(&spec.pin_env, c) {
            return true;
        }
        // an earlier command of the same program that pins it (and took effect)
        if self.earlier_pin(c, spec).is_some_and(|(_, effective)| effective) {
            return true;
        }
        // a guard around it that checks the target
        chain.iter().any(|cc| self.checked_by_guard(*cc, spec))
    }

    /// Whether one of `names` is assigned in the plan before command `c`.
    fn assigned_before(&self, names: &[String], c: CmdRef) -> bool {
        let at = (c.unit, self.cmd(c).span.start);
        names
            .iter()
            .any(|n| self.first_assigned.get(n.as_str()).is_some_and(|first| *first < at))
    }

    /// The last earlier command that pins this program's target (`kubectl config use-context`),
    /// and whether it took effect (`set -e`, `|| exit`, or a separate step of the plan).
    pub(super) fn earlier_pin(&self, c: CmdRef, spec: &TargetSpec) -> Option<(CmdRef, bool)> {
        let program = self.cmd(c).program.as_deref()?;
        let program_spec = self.rules.program(program)?;
        let key = (program_spec as *const _ as usize, spec as *const _ as usize);
        let pins = self.pins.borrow().get(&key).cloned();
        let pins = match pins {
            Some(p) => p,
            None => {
                let p = Rc::new(self.pinning_commands(program_spec, spec));
                self.pins.borrow_mut().insert(key, p.clone());
                p
            }
        };
        let my_step = self.plan.ops[c.op].step;
        let before = pins.partition_point(|p| p.at.op < c.op);
        let pin = pins[..before].last()?;
        Some((pin.at, pin.step != my_step || pin.stops))
    }

    /// The commands of the plan, in order, that pin the target of programs with this spec.
    fn pinning_commands(&self, program_spec: &ProgramSpec, spec: &TargetSpec) -> Vec<Pin> {
        let paths: Vec<Vec<String>> = spec
            .pin_commands
            .iter()
            .map(|p| p.split_whitespace().map(str::to_owned).collect())
            .collect();
        let mut out = Vec::new();
        for &(op, unit, index) in &self.commands {
            let cmd = &self.plan.scripts[unit].script.commands[index];
            let Some(p) = cmd.program.as_deref() else { continue };
            if spec.pin_programs.iter().any(|q| q.eq_ignore_ascii_case(p)) {
                out.push(Pin {
                    at: CmdRef { unit, index, op },
                    step: self.plan.ops[op].step,
                    stops: cmd.context.errexit || self.exits[unit].contains(&index) || error_action_stop(cmd),
                });
                continue;
            }
            let Some(s) = self.rules.program(p).filter(|s| std::ptr::eq(*s, program_spec)) else {
                continue;
            };
            let view = View::new(cmd, Some(s));
            if !paths.iter().any(|path| view.path_is(path)) {
                continue;
            }
            out.push(Pin {
                at: CmdRef { unit, index, op },
                step: self.plan.ops[op].step,
                stops: cmd.context.errexit || self.exits[unit].contains(&index) || error_action_stop(cmd),
            });
        }
        out
    }

    /// Whether a guard around the command checks the environment: it runs a command that reads
    /// the current target, compares a variable set from one, an environment variable
    /// (`APP_ENV`), a typed confirmation, or environment names.
    fn checked_by_guard(&self, c: CmdRef, spec: &TargetSpec) -> bool {
        let unit = &self.plan.scripts[c.unit];
        let cmd = self.cmd(c);
        let verify: Vec<Vec<String>> = spec
            .verify_commands
            .iter()
            .map(|p| p.split_whitespace().map(str::to_owned).collect())
            .collect();
        let is_verify = |k: usize| {
            let vc = &unit.script.commands[k];
            vc.program.as_deref().is_some_and(|p| {
                let view = View::new(vc, self.rules.program(p));
                verify.iter().any(|path| view.path_is(path))
            })
        };
        for g in &cmd.context.guards {
            let guard = &unit.script.guards[g.guard];
            if guard.commands.iter().any(|&k| is_verify(k)) {
                return true;
            }
            for w in &guard.test_words {
                for (name, _, _) in w.unknown_vars() {
                    if envwords::is_env_variable(name) || spec.pin_env.iter().any(|e| e == name) {
                        return true;
                    }
                    if unit.script.read_vars.iter().any(|(n, _)| n == name) {
                        return true; // a typed confirmation
                    }
                    // a variable assigned from a command that reads the target
                    let assigned_from_verify = unit.script.assignments.iter().any(|a| {
                        a.name == name
                            && unit.script.commands.iter().enumerate().any(|(k, vc)| {
                                vc.context.in_substitution
                                    && a.span.start <= vc.span.start
                                    && vc.span.end <= a.span.end
                                    && is_verify(k)
                            })
                    });
                    if assigned_from_verify {
                        return true;
                    }
                }
                if w.value()
                    .is_some_and(|v| envwords::class_of_value(&v, self.facts).is_some())
                {
                    return true;
                }
            }
        }
        false
    }
}

/// A PowerShell cmdlet told to stop the script when it fails (`-ErrorAction Stop`).
fn error_action_stop(cmd: &Command) -> bool {
    cmd.dialect == crate::shell::Dialect::Cmdlet
        && cmd.args.windows(2).any(|w| {
            w[0].as_lit() == Some("--ErrorAction") && w[1].as_lit().is_some_and(|v| v.eq_ignore_ascii_case("stop"))
        })
}

/// Options that scope a command to a project, organisation, account, environment … : a CLI
/// with no target declaration that passes one of them on one call and none on another leaves
/// the other to its ambient default (see `Analysis::generic_ambient`).
pub(super) const SCOPE_OPTIONS: &[&str] = &[
    "project",
    "project-id",
    "org",
    "organization",
    "context",
    "profile",
    "env",
    "environment",
    "app",
    "account",
    "workspace",
    "stack",
    "namespace",
    "cluster",
    "region",
];

/// Whether an option's name is one of [`SCOPE_OPTIONS`], also as a tool call spells it
/// (`projectId`, `project_id`) and with a trailing `id`, `name`, `ref` or `slug` (`--app-name`,
/// `--project-ref`, `--org-slug`).
fn is_scope_option(name: &str) -> bool {
    if SCOPE_OPTIONS.contains(&name) {
        return true;
    }
    let mut words = crate::graphql::name_tokens(&name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| matches!(w.as_str(), "id" | "name" | "ref" | "slug"))
    {
        words.pop();
    }
    SCOPE_OPTIONS.contains(&words.join("-").as_str())
}

/// What the generic ambient check says about a command.
enum Generic {
    Pinned,
    Ambient(Found),
    Unknown,
}

/// The scoping option a command passes with a value (`--project acme`, `--env=staging`; not
/// `--env KEY=VALUE`, which sets a variable).
fn scope_option(cmd: &Command) -> Option<String> {
    let args = &cmd.args;
    for (at, w) in args.iter().enumerate() {
        let Some(v) = w.value() else { continue };
        if v == "--" {
            break;
        }
        let Some(long) = v.strip_prefix("--") else { continue };
        let (name, glued) = match long.split_once('=') {
            Some((n, g)) => (n, Some(g.to_owned())),
            None => (long, None),
        };
        if !is_scope_option(name) {
            continue;
        }
        let value = match glued {
            Some(g) => Some(Some(g)),
            None => args.get(at + 1).map(Word::value),
        };
        match value {
            // a word the shell expands counts: `--project "$PROJECT"`
            Some(None) => return Some(name.to_owned()),
            Some(Some(x)) if !x.is_empty() && !x.starts_with('-') && !x.contains('=') => {
                return Some(name.to_owned());
            }
            _ => {}
        }
    }
    None
}

/// `docker exec CONTAINER …`, `ssh HOST …`: the code runs on a host or container it names.
fn runs_on_named_host(program: &str, cmd: &Command) -> bool {
    let first = cmd
        .args
        .iter()
        .find(|a| !a.value().is_some_and(|v| v.starts_with('-')))
        .and_then(Word::value);
    match program {
        "ssh" => true,
        "docker" | "podman" | "nerdctl" => matches!(first.as_deref(), Some("exec" | "compose")),
        "docker-compose" => first.as_deref() == Some("exec"),
        _ => false,
    }
}

pub(super) fn pin_flags_text(spec: &TargetSpec) -> String {
    let flags: Vec<String> = spec
        .pin_flags
        .iter()
        .map(|g| {
            let n = g.names().iter().max_by_key(|s| s.len()).map_or("", String::as_str);
            if n.len() == 1 {
                format!("`-{n}`")
            } else {
                format!("`--{n}`")
            }
        })
        .take(2)
        .collect();
    let mut parts = Vec::new();
    if !flags.is_empty() {
        parts.push(flags.join(" or "));
    }
    if let Some(e) = spec.pin_env.first() {
        parts.push(format!("`{e}=…`"));
    }
    if parts.is_empty() {
        "an explicit target".into()
    } else {
        parts.join(", or ")
    }
}

fn pin_help(program: &str, spec: &TargetSpec) -> String {
    let mut h = format!("Pin the {} on the command with {}", spec.what, pin_flags_text(spec));
    if let Some(v) = spec.verify_commands.first() {
        h.push_str(&format!(", or check `{program} {v}` first and exit on a mismatch"));
    }
    h.push('.');
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoping_options() {
        let scope = |src: &str| scope_option(&crate::shell::parse(src).commands.remove(0));
        assert_eq!(scope("php artisan migrate --env=testing").as_deref(), Some("env"));
        assert_eq!(scope("tool rm x --project acme").as_deref(), Some("project"));
        assert_eq!(
            scope("tool rm x --project-id \"$PROJECT\"").as_deref(),
            Some("project-id")
        );
        assert_eq!(scope("docker --context prod volume rm x").as_deref(), Some("context"));
        // a variable set for the program, not a scope
        assert_eq!(scope("docker run --env FOO=1 alpine"), None);
        // no value, or after `--`
        assert_eq!(scope("tool rm x --region"), None);
        assert_eq!(scope("tool rm -- --project acme"), None);
        assert_eq!(scope("tool rm x --projects a"), None);
        // tool-call spellings and name/ref suffixes
        assert_eq!(
            scope("delete_service --projectId p1 --id s1").as_deref(),
            Some("projectId")
        );
        assert_eq!(
            scope("delete_service --environment_id e1").as_deref(),
            Some("environment_id")
        );
        assert_eq!(scope("tool rm x --app-name web").as_deref(), Some("app-name"));
        assert_eq!(scope("tool rm x --project-ref abc").as_deref(), Some("project-ref"));
        assert_eq!(scope("tool rm x --bucket-name b"), None);
    }
}
