//! Environment analysis: over a whole plan, flags destructive operations whose target nobody
//! pinned or checked — an ambient target (kube context, AWS profile, terraform workspace,
//! `$DATABASE_URL` …), an opaque ID nothing looked up, a plan about one environment touching
//! another, a variable that may be empty in a destructive path, and a check that cannot stop
//! the operation. It is generic: it reads the target declarations of the rule packs.

mod envwords;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::config::EnvironmentFacts;
use crate::finding::{Category, Confidence, Finding, Severity};
use crate::graphql::Value;
use crate::plan::{Op, OpKind, Plan};
use crate::rules::schema::{RuleTarget, TargetSpec};
use crate::rules::view::View;
use crate::rules::{Hit, RuleSet};
use crate::shell::{Command, Part, VarState, Word};
use envwords::{Declared, EnvClass};

/// Variables the shell or the login always sets.
const ALWAYS_SET: &[&str] = &[
    "HOME", "PWD", "OLDPWD", "USER", "LOGNAME", "PATH", "SHELL", "UID", "EUID", "HOSTNAME", "PPID", "RANDOM", "LINENO",
];

/// A command of the plan: its script unit and index, and its operation.
#[derive(Clone, Copy)]
struct CmdRef {
    unit: usize,
    index: usize,
    op: usize,
}

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
    declared: Declared,
    facts: &'a EnvironmentFacts,
    out: Vec<Finding>,
}

/// Pinning commands in plan order, by (program spec, target spec) address.
type PinIndex = HashMap<(usize, usize), Rc<Vec<Pin>>>;

/// A command that pins a program's target (`kubectl config use-context`).
struct Pin {
    at: CmdRef,
    step: usize,
    /// It stops the script when it fails (`set -e`, `|| exit`).
    stops: bool,
}

/// Runs the environment analysis over a plan; `path` is the file's path as reported, `facts`
/// what the configuration says counts as production.
pub fn analyze(plan: &Plan, rules: &RuleSet, path: &str, facts: &EnvironmentFacts) -> Vec<Finding> {
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
        return Vec::new();
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
        .map(|(unit, exits)| weak_check(unit, exits))
        .collect();
    let declared = envwords::declared(plan, rules, path, facts);
    let mut a = Analysis {
        plan,
        rules,
        commands,
        first_assigned,
        exits,
        weak_check,
        pins: RefCell::new(HashMap::new()),
        declared,
        facts,
        out: Vec::new(),
    };
    for (i, hits) in destructive {
        a.operation(i, &plan.ops[i], &hits);
    }
    a.out
}

/// The first check command of a script (`./assert-staging.sh`) that cannot stop it: its failure
/// is ignored (`|| true`), or nothing stops the script when it fails.
fn weak_check(unit: &crate::plan::ScriptUnit, exits: &HashSet<usize>) -> Option<(usize, bool)> {
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
        for (rule, confidence, message, help) in found {
            let severity = self.rules.get(rule).map_or(Severity::Warning, |r| r.spec().severity);
            self.out.push(Finding {
                rule: rule.to_owned(),
                category: Category::Environment,
                severity,
                confidence: Some(confidence),
                message,
                help,
                span: op.span,
                origin: op.origin.clone(),
                label: self.rules.get(rule).map(|r| r.spec().summary.clone()),
                anchor: Some(chain.last().map_or(op.span, |c| self.plan.ops[c.op].span)),
            });
        }
    }

    // ----- 1. ambient target -------------------------------------------------------------

    /// Reports a command whose target comes from ambient state; returns whether the target is
    /// pinned (or there is none to pin).
    fn ambient(&self, i: usize, op: &Op, chain: &[CmdRef], targets: &[&RuleTarget], found: &mut Vec<Found>) -> bool {
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
            found.push((
                "env-ambient-target",
                Confidence::Medium,
                msg,
                Some(pin_help(spec_program, spec)),
            ));
            return false;
        }
        true
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
        let groups: Vec<Vec<String>> = spec.pin_flags.iter().map(|g| group(g)).collect();
        if groups.iter().any(|g| view.has(g)) {
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
    fn earlier_pin(&self, c: CmdRef, spec: &TargetSpec) -> Option<(CmdRef, bool)> {
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
    fn pinning_commands(&self, program_spec: &crate::rules::schema::ProgramSpec, spec: &TargetSpec) -> Vec<Pin> {
        let paths: Vec<Vec<String>> = spec
            .pin_commands
            .iter()
            .map(|p| p.split_whitespace().map(str::to_owned).collect())
            .collect();
        let mut out = Vec::new();
        for &(op, unit, index) in &self.commands {
            let cmd = &self.plan.scripts[unit].script.commands[index];
            let Some(p) = cmd.program.as_deref() else { continue };
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
                stops: cmd.context.errexit || self.exits[unit].contains(&index),
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

    // ----- 2. unlooked-up ID -------------------------------------------------------------

    fn unverified_id(&self, i: usize, op: &Op, chain: &[CmdRef], targets: &[&RuleTarget], found: &mut Vec<Found>) {
        let ids = self.ids(op, targets);
        for (id, what) in ids {
            let (confidence, mut msg) = match &id {
                Id::Literal(s) => {
                    if !envwords::is_opaque_id(s) {
                        continue;
                    }
                    let id = clip(s, 40);
                    (
                        Confidence::High,
                        format!("{what} deletes `{id}` by ID, and nothing earlier in the plan looks that ID up"),
                    )
                }
                Id::Variable(v) => (
                    Confidence::Medium,
                    format!(
                        "{what} deletes by the ID in `${v}`, which the plan never sets or checks, and nothing earlier looks it up"
                    ),
                ),
            };
            if self.looked_up(i, &id) {
                continue;
            }
            if targets.iter().any(|t| t.scope.as_deref() == Some("project")) {
                msg.push_str(": the ID belongs to the whole project, so every environment loses it");
            }
            if let Some(token) = self.broad_token(chain) {
                msg.push_str(&format!("; it is sent with {token}"));
            }
            let help = "Look the ID up first (query it, or `describe`/`get`/`show` it) and check its name and environment before deleting; or delete by name within a pinned environment.".to_owned();
            found.push(("env-unverified-id", confidence, msg, Some(help)));
            return;
        }
    }

    /// The IDs an operation names, per its rules' target declarations.
    fn ids(&self, op: &Op, targets: &[&RuleTarget]) -> Vec<(Id, String)> {
        let mut out = Vec::new();
        match op.kind {
            OpKind::Field { doc, operation, field } => {
                let d = &self.plan.docs[doc];
                let f = &d.doc.operations[operation].fields[field];
                if targets.iter().all(|t| t.id_fields.is_empty()) {
                    // no declaration: arguments named like IDs (`id`, `volumeId`, `input.refId`)
                    for (name, v) in &f.args {
                        id_like(name, &v.resolve(&d.vars), &format!("`{}`", f.name), &mut out, 0);
                    }
                }
                for t in targets {
                    for path in &t.id_fields {
                        let mut parts = path.split('.');
                        let Some(first) = parts.next() else { continue };
                        let mut v = f.arg(first).map(|v| v.resolve(&d.vars));
                        for p in parts {
                            v = match v {
                                Some(Value::Object(o)) => o.get(p).map(|x| x.resolve(&d.vars)),
                                _ => None,
                            };
                        }
                        match v {
                            Some(Value::String(s)) => out.push((Id::Literal(s), format!("`{}`", f.name))),
                            Some(Value::Dynamic(d)) => {
                                if let Some(name) = d.strip_prefix('$') {
                                    let name = name.trim_matches(|c| c == '{' || c == '}');
                                    out.push((Id::Variable(name.to_owned()), format!("`{}`", f.name)));
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            OpKind::Command { script, index } => {
                let cmd = &self.plan.scripts[script].script.commands[index];
                let program = cmd.program.as_deref().unwrap_or("");
                let view = View::new(cmd, self.rules.program(program));
                // (word, declared as an ID option): a variable in a positional counts only when
                // it is named like an ID
                let mut words: Vec<(Word, bool)> = Vec::new();
                for t in targets {
                    for g in &t.id_flags {
                        for f in view.flags_named(&group(g)) {
                            words.extend(view.value_word(f).map(|w| (w, true)));
                        }
                    }
                    for &k in &t.id_args {
                        // positionals after the rule's subcommand path: find the path length
                        // from the rule's shell matcher
                        let path_len = self.path_len(op, program);
                        if let Some(&at) = view.positionals.get(path_len + k) {
                            words.push((cmd.args[at].clone(), false));
                        }
                    }
                }
                let what = format!("`{}`", clip(&cmd.display(), 60));
                for (w, declared) in words {
                    if let Some(v) = w.value() {
                        out.push((Id::Literal(v), what.clone()));
                    } else if let Some((name, _, _)) = w
                        .unknown_vars()
                        .find(|(n, s, _)| unchecked(n, s) && (declared || envwords::is_id_name(n)))
                    {
                        out.push((Id::Variable(name.to_owned()), what.clone()));
                    }
                }
            }
            OpKind::Sql { .. } => {}
        }
        out
    }

    /// The subcommand path length of the first rule that matched the command.
    fn path_len(&self, op: &Op, _program: &str) -> usize {
        op.hits
            .iter()
            .find_map(|h| self.rules.rule(h.rule).spec().shell.first().map(|m| m.command.len()))
            .unwrap_or(0)
    }

    /// Whether an earlier, non-destructive operation mentions the same ID or variable (not one
    /// the operation is nested in: the `curl` that sends it does not look it up).
    fn looked_up(&self, before: usize, id: &Id) -> bool {
        let ancestors: Vec<usize> = self.chain(before).iter().map(|c| c.op).collect();
        self.plan.ops[..before]
            .iter()
            .enumerate()
            .filter(|(k, _)| !ancestors.contains(k))
            .any(|(_, o)| {
                if o.hits
                    .iter()
                    .any(|h| self.rules.rule(h.rule).spec().category == Category::Destructive)
                {
                    return false;
                }
                match o.kind {
                    OpKind::Command { script, index } => {
                        let cmd = &self.plan.scripts[script].script.commands[index];
                        cmd.args.iter().any(|w| match id {
                            Id::Literal(s) => w.value().is_some_and(|v| v.contains(s.as_str())),
                            Id::Variable(n) => w.unknown_vars().any(|(name, _, _)| name == n),
                        })
                    }
                    OpKind::Field { doc, operation, field } => {
                        let d = &self.plan.docs[doc];
                        let f = &d.doc.operations[operation].fields[field];
                        f.args.iter().any(|(_, v)| value_mentions(&v.resolve(&d.vars), id))
                    }
                    OpKind::Sql { .. } => false,
                }
            })
    }

    /// An account- or workspace-wide token the request is sent with (Railway's Bearer token).
    fn broad_token(&self, chain: &[CmdRef]) -> Option<String> {
        for c in chain {
            let cmd = self.cmd(*c);
            if cmd.program.as_deref() != Some("curl") && cmd.program.as_deref() != Some("http") {
                continue;
            }
            let railway = cmd
                .args
                .iter()
                .any(|w| w.static_prefix().contains("backboard.railway."));
            for w in &cmd.args {
                let shown = w.display();
                if let Some(rest) = shown
                    .strip_prefix("Authorization: Bearer ")
                    .or_else(|| shown.strip_prefix("authorization: Bearer "))
                {
                    let token = rest.trim();
                    if railway {
                        return Some(format!(
                            "an account- or workspace-wide Railway token (`Authorization: Bearer {token}`), which can act on every project and environment; a project token (`Project-Access-Token`) is scoped to one environment"
                        ));
                    }
                    return Some(format!("a bearer token (`{token}`) whose scope nothing checks"));
                }
            }
        }
        None
    }

    // ----- 3. mismatch ---------------------------------------------------------------------

    fn mismatch(&self, op: &Op, chain: &[CmdRef], targets: &[&RuleTarget], found: &mut Vec<Found>) {
        // the operation's own flags do not declare what the plan is about
        let own: Vec<usize> = chain.iter().map(|c| c.op).collect();
        let Some(decl) = self.declared.single_for(&own) else {
            return;
        };
        // an operation that reaches every environment of the project, in a plan about one
        if decl.class == EnvClass::NonProd && targets.iter().any(|t| t.scope.as_deref() == Some("project")) {
            let msg = format!(
                "the plan is about {} ({}), but this acts on the whole project: every environment, production included",
                decl.word, decl.source
            );
            let help = "Use the environment-scoped operation instead, or look the object up and list every environment that would lose it.".to_owned();
            found.push(("env-mismatch", Confidence::High, msg, Some(help)));
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
            found.push(("env-mismatch", Confidence::High, msg, Some(help)));
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

    // ----- 4. unset variable ---------------------------------------------------------------

    /// Only for a command operation itself: its own words.
    fn unset_variable(&self, op: usize, chain: &[CmdRef], found: &mut Vec<Found>) {
        let Some(c) = chain.first().filter(|c| c.op == op) else {
            return;
        };
        let cmd = self.cmd(*c);
        if cmd.context.nounset {
            return;
        }
        let unit = &self.plan.scripts[c.unit];
        for w in &cmd.args {
            if w.parts.len() < 2 {
                continue; // a bare `"$X"` that is empty is not a path
            }
            for p in &w.parts {
                let Part::Var {
                    name,
                    state: VarState::External,
                    required: false,
                    default,
                    ..
                } = p
                else {
                    continue;
                };
                if default.as_deref().is_some_and(|d| !d.is_empty()) || ALWAYS_SET.contains(&name.as_str()) {
                    continue;
                }
                if guarded_non_empty(unit, cmd, name) {
                    continue;
                }
                let shown = w.display();
                let msg = format!(
                    "`${name}` may be unset or empty here (no `set -u`, no `${{{name}:?}}`, no check): `{}` would then be `{}`",
                    clip(&shown, 50),
                    clip(&shown.replacen(&format!("${name}"), "", 1), 50)
                );
                let help = format!(
                    "Write `${{{name}:?}}` (the script stops when it is unset or empty), or `set -u`, or check `[ -n \"${name}\" ] || exit 1` first."
                );
                found.push(("env-unset-variable", Confidence::High, msg, Some(help)));
                return;
            }
        }
    }

    // ----- 5. masked check -----------------------------------------------------------------

    fn masked_check(&self, chain: &[CmdRef], found: &mut Vec<Found>) {
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
            found.push(("env-masked-check", Confidence::High, msg, Some(help)));
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
            found.push(("env-masked-check", Confidence::Medium, msg, Some(help)));
        }
    }
}

type Found = (&'static str, Confidence, String, Option<String>);

/// An ID an operation acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Id {
    Literal(String),
    /// A shell variable the plan never sets or checks.
    Variable(String),
}

/// IDs in arguments named like IDs, also inside input objects.
fn id_like(name: &str, v: &Value, what: &str, out: &mut Vec<(Id, String)>, depth: usize) {
    if depth > 8 {
        return;
    }
    let named = name == "id" || name.ends_with("Id") || name.ends_with("ID") || name.ends_with("_id");
    match v {
        Value::String(s) if named => out.push((Id::Literal(s.clone()), what.to_owned())),
        Value::Dynamic(d) if named => {
            if let Some(n) = d.strip_prefix('$') {
                out.push((
                    Id::Variable(n.trim_matches(|c| c == '{' || c == '}').to_owned()),
                    what.to_owned(),
                ));
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                id_like(k, x, what, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn value_mentions(v: &Value, id: &Id) -> bool {
    match (v, id) {
        (Value::String(s), Id::Literal(l)) => s == l,
        (Value::Dynamic(d), Id::Variable(n)) => d.trim_start_matches('$').trim_matches(|c| c == '{' || c == '}') == n,
        (Value::List(l), _) => l.iter().any(|x| value_mentions(x, id)),
        (Value::Object(o), _) => o.values().any(|x| value_mentions(x, id)),
        _ => false,
    }
}

fn unchecked(name: &str, state: &VarState) -> bool {
    *state == VarState::External && !ALWAYS_SET.contains(&name)
}

/// A `[ -n "$X" ]` / `[ -z "$X" ] || …` / `[ -d "$X" ]` check around the command.
fn guarded_non_empty(unit: &crate::plan::ScriptUnit, cmd: &Command, name: &str) -> bool {
    cmd.context.guards.iter().any(|g| {
        let guard = &unit.script.guards[g.guard];
        let words: Vec<String> = guard.test_words.iter().map(Word::display).collect();
        words.iter().enumerate().any(|(k, w)| {
            let op = k.checked_sub(1).map(|j| words[j].as_str());
            w.contains(&format!("${name}"))
                && match op {
                    Some("-n" | "-d" | "-e" | "-f" | "-s") => g.when_true,
                    Some("-z") => !g.when_true,
                    _ => false,
                }
        }) || guard.commands.iter().any(|&k| {
            let t = &unit.script.commands[k];
            matches!(t.program.as_deref(), Some("test" | "["))
                && t.args.iter().any(|a| a.unknown_vars().any(|(n, _, _)| n == name))
        })
    })
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

fn group(g: &str) -> Vec<String> {
    g.split('|').map(|s| s.trim_start_matches('-').to_owned()).collect()
}

fn pin_flags_text(spec: &TargetSpec) -> String {
    let flags: Vec<String> = spec
        .pin_flags
        .iter()
        .map(|g| {
            let n = g.split('|').max_by_key(|s| s.len()).unwrap_or(g);
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

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}
