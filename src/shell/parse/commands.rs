//! Simple commands: their words split where tree-sitter glued lines together, wrappers peeled,
//! the facts a command changes (`set -e`, `read`), and function calls followed into their bodies.

use super::tree::Node;

use crate::shell::ir::{Assignment, Command, Input, Part, Redirect, Word};
use crate::shell::wrappers;
use crate::shell::wrappers::normalize_program;
use crate::source::Span;

use super::words::{WordBuilder, brace_expand};
use super::{CallSite, Extra, FIELDS, MAX_CALL_DEPTH, MAX_EXPANDED, Produced, Walker, span, text};

impl<'t> Walker<'t> {
    pub(super) fn command(&mut self, node: Node<'t>, extra: Extra<'t>) -> Produced {
        let mut assigns = Vec::new();
        let mut name = None;
        let mut args: Vec<Node> = Vec::new();
        let mut redirects = extra.redirects;
        let fields = &*FIELDS;
        for child in node.children() {
            match child.field() {
                Some(f) if f == fields.name => name = Some(child),
                Some(f) if f == fields.argument => args.push(child),
                Some(f) if f == fields.redirect => redirects.push(child),
                _ if child.kind_str() == "variable_assignment" && name.is_none() => assigns.push(child),
                _ if matches!(child.kind_str(), "file_redirect" | "herestring_redirect") => redirects.push(child),
                _ => {}
            }
        }
        args.extend(extra.args);
        args.sort_by_key(|a| a.start_byte());

        // substitutions run before the command
        for n in assigns
            .iter()
            .chain(name.iter())
            .chain(args.iter())
            .chain(redirects.iter())
        {
            self.substitutions(*n);
        }
        if let Some(h) = extra.heredoc
            && let Some(body) = h.named_children().find(|k| k.kind_str() == "heredoc_body")
        {
            self.substitutions(body);
        }

        let Some(name) = name else {
            for a in assigns {
                self.assign(a, false);
            }
            return Produced::default();
        };
        // tree-sitter-bash sometimes glues the next line onto a command as arguments (a line
        // that starts with a backslash, `\rm -rf /`; an argument `==`): split the command at
        // every unescaped newline between its words
        let mut segments: Vec<Vec<Node>> = vec![Vec::new()];
        let mut prev_end = name.end_byte();
        for a in args {
            let starts_with_newline = a.kind_str() == "word" && text(self.src, a).starts_with('\n');
            if starts_with_newline || unescaped_newline(&self.src[prev_end.min(a.start_byte())..a.start_byte()]) {
                segments.push(Vec::new());
            }
            prev_end = a.end_byte();
            segments.last_mut().expect("one segment at least").push(a);
        }
        self.tainted = false;
        let first: Vec<Node> = std::iter::once(name).chain(segments[0].iter().copied()).collect();
        let words = self.word_lists(&first);
        let mut assignments = Vec::new();
        for a in assigns {
            let Some(n) = a.child_by_field(FIELDS.name) else {
                continue;
            };
            let value = match a.child_by_field(FIELDS.value) {
                Some(v) => self.word(v),
                None => Word::literal("", Span::new(a.end_byte(), a.end_byte())),
            };
            assignments.push(Assignment {
                name: text(self.src, n).to_owned(),
                value,
                span: span(a),
            });
        }
        let whole = extra.span.unwrap_or_else(|| span(node));
        if segments.len() == 1 {
            let (redirect_list, stdin) = self.redirects(&redirects, extra.heredoc);
            return self
                .finish_command(words, assignments, redirect_list, stdin, whole)
                .map(Produced::one)
                .unwrap_or_default();
        }
        // each redirect (and the heredoc) belongs to the segment it stands in
        let starts: Vec<usize> = std::iter::once(name.start_byte())
            .chain(segments[1..].iter().map(|s| s[0].start_byte()))
            .collect();
        let segment_of = |at: usize| starts.iter().rposition(|&s| s <= at).unwrap_or(0);
        let mut seg_redirects: Vec<Vec<Node>> = vec![Vec::new(); segments.len()];
        for r in &redirects {
            seg_redirects[segment_of(r.start_byte())].push(*r);
        }
        let heredoc_segment = extra.heredoc.map(|h| segment_of(h.start_byte()));
        let heredoc_for = |k: usize| {
            if heredoc_segment == Some(k) {
                extra.heredoc
            } else {
                None
            }
        };
        let own_end = segments[0].last().map_or(name.end_byte(), |a| a.end_byte());
        let (redirect_list, stdin) = self.redirects(&seg_redirects[0], heredoc_for(0));
        let mut produced = self
            .finish_command(
                words,
                assignments,
                redirect_list,
                stdin,
                Span::new(whole.start(), own_end),
            )
            .map(Produced::one)
            .unwrap_or_default();
        let n = segments.len();
        for (k, seg) in segments.into_iter().enumerate().skip(1) {
            let first = seg[0];
            let lead = text(self.src, first).len() - text(self.src, first).trim_start_matches('\n').len();
            let start = first.start_byte() + lead;
            self.tainted = false;
            let mut words = if lead > 0 {
                let mut b = WordBuilder::new(Span::new(start, first.end_byte()));
                b.unquoted(&text(self.src, first)[lead..], start, false);
                vec![b.finish()]
            } else {
                self.word_list(first)
            };
            for a in &seg[1..] {
                let ws = self.word_list(*a);
                words.extend(ws);
            }
            let end = if k + 1 == n {
                // arguments glued on from outside the node (after a heredoc) may end after it
                whole.end().max(seg.last().map_or(start, |a| a.end_byte()))
            } else {
                seg.last().map_or(start, |a| a.end_byte())
            };
            let (redirects, input) = self.redirects(&seg_redirects[k], heredoc_for(k));
            // leading `NAME=value` words: assignments, of the statement or of the command after them
            let lead_assignments = words.iter().take_while(|w| assignment_word(w).is_some()).count();
            let assigned: Vec<Word> = words.drain(..lead_assignments).collect();
            if words.is_empty() {
                for w in &assigned {
                    self.assign_word(w);
                }
                continue;
            }
            let prefix: Vec<Assignment> = assigned
                .iter()
                .filter_map(|w| {
                    let name = assignment_word(w)?;
                    Some(Assignment {
                        value: wrappers::value_after_eq(w, name.len() + 1),
                        name,
                        span: w.span,
                    })
                })
                .collect();
            let p = self
                .finish_command(words, prefix, redirects, input, Span::new(start, end))
                .map(Produced::one)
                .unwrap_or_default();
            produced = produced.then(p);
        }
        produced
    }

    /// A `{a,b,c}` word that tree-sitter-bash took for the start of a `{ … }` group: its first
    /// word is the brace expansion, and the statements it swallowed after that are walked as
    /// they are.
    pub(super) fn brace_word_command(&mut self, node: Node<'t>) -> Produced {
        let mut kids = node.named_children();
        let first = kids.next();
        let (name_end, args): (usize, Vec<Node>) = match first {
            Some(k) if k.kind_str() == "command" => {
                let args = k.children_by_field(FIELDS.argument).collect();
                (
                    k.child_by_field(FIELDS.name).map_or(k.end_byte(), |n| n.end_byte()),
                    args,
                )
            }
            Some(k) if k.kind_str() == "command_name" => (k.end_byte(), Vec::new()),
            _ => return self.block(node),
        };
        let word = Word::literal(
            &self.src[node.start_byte()..name_end],
            Span::new(node.start_byte(), name_end),
        );
        let Some(mut words) = brace_expand(&word) else {
            return self.block(node);
        };
        self.tainted = false;
        for a in &args {
            let ws = self.word_list(*a);
            words.extend(ws);
        }
        let end = args.last().map_or(name_end, |a| a.end_byte());
        let mut produced = self
            .finish_command(words, Vec::new(), Vec::new(), None, Span::new(node.start_byte(), end))
            .map(Produced::one)
            .unwrap_or_default();
        for k in kids {
            produced = produced.then(self.stmt(k));
        }
        produced
    }

    /// `$(which cargo)`, `` `command -v python3` ``: a command word that is the path of a
    /// program looked up by name runs that program.
    fn looked_up_program(&self, word: &Word) -> Option<String> {
        if !matches!(word.parts.as_slice(), [Part::Subst]) {
            return None;
        }
        let t = self.src.get(word.span.start()..word.span.end())?.trim_matches('"');
        let inner = t
            .strip_prefix("$(")
            .and_then(|r| r.strip_suffix(')'))
            .or_else(|| t.strip_prefix('`').and_then(|r| r.strip_suffix('`')))?;
        let words: Vec<&str> = inner.split_whitespace().collect();
        let name = match words.as_slice() {
            ["which", name] | ["command", "-v", name] | ["type", "-P" | "-p", name] => *name,
            _ => return None,
        };
        let plausible = name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'));
        plausible.then(|| normalize_program(name))
    }

    /// Peels wrappers off evaluated words and records the command (or, inside a function call
    /// expansion, only when it used the call's arguments).
    fn finish_command(
        &mut self,
        mut words: Vec<Word>,
        mut assignments: Vec<Assignment>,
        redirects: Vec<Redirect>,
        stdin: Option<Input>,
        node_span: Span,
    ) -> Option<usize> {
        let peeled = wrappers::peel(&words);
        let mut rest: Vec<Word> = peeled.split;
        rest.extend(words.drain(peeled.start.min(words.len())..));
        if rest.is_empty() {
            return None;
        }
        let name_word = rest.remove(0);
        let program = name_word
            .value()
            .map(|v| normalize_program(&v))
            .or_else(|| literal_basename(&name_word))
            .or_else(|| self.looked_up_program(&name_word));
        assignments.extend(peeled.assignments);
        if self.calls.is_empty()
            && let Some(f) = &self.ctx.in_function
        {
            self.func_programs.entry(f.clone()).or_default().push(program.clone());
        }
        let (cmd_span, via_call) = match self.calls.last() {
            Some(call) => {
                if !self.tainted {
                    self.after_command(program.as_deref(), &rest);
                    return None;
                }
                (call.span, Some(call.name.clone()))
            }
            None => (node_span, None),
        };
        let mut context = self.ctx.clone();
        context.via_call = via_call;
        let cmd = Command {
            span: cmd_span,
            name: name_word,
            program: program.clone(),
            args: rest,
            wrappers: peeled.wrappers,
            assignments,
            redirects,
            stdin,
            piped_from: None,
            context,
            dialect: Default::default(),
        };
        self.after_command(program.as_deref(), &cmd.args);
        // a call of a function of the script: its body is followed with these arguments
        let call_args = (program.as_deref().is_some_and(|p| self.funcs.contains_key(p)) && cmd.wrappers.is_empty())
            .then(|| cmd.args.clone());
        self.out.commands.push(cmd);
        let idx = self.out.commands.len() - 1;
        if let (Some(p), Some(args)) = (program.as_deref(), call_args) {
            self.expand_call(p, args, node_span);
        }
        Some(idx)
    }

    /// Script facts a command changes: `set -e/-u`, variables `read` and friends assign.
    fn after_command(&mut self, program: Option<&str>, args: &[Word]) {
        match program {
            Some("set") => {
                let mut it = args.iter().filter_map(Word::value).peekable();
                while let Some(a) = it.next() {
                    let (on, flags) = match a.chars().next() {
                        Some('-') => (true, &a[1..]),
                        Some('+') => (false, &a[1..]),
                        _ => continue,
                    };
                    if flags == "o" {
                        match it.next().as_deref() {
                            Some("errexit") => self.ctx.errexit = on,
                            Some("nounset") => self.ctx.nounset = on,
                            _ => {}
                        }
                        continue;
                    }
                    if flags.contains('e') {
                        self.ctx.errexit = on;
                    }
                    if flags.contains('u') {
                        self.ctx.nounset = on;
                    }
                    if flags.ends_with('o') {
                        match it.next().as_deref() {
                            Some("errexit") => self.ctx.errexit = on,
                            Some("nounset") => self.ctx.nounset = on,
                            _ => {}
                        }
                    }
                }
            }
            Some("read" | "mapfile" | "readarray" | "getopts") => {
                for w in args.iter().filter(|w| w.value().is_some_and(|v| wrappers::is_name(&v))) {
                    let name = w.value().unwrap_or_default();
                    self.set_dynamic(&name);
                    if program == Some("read") {
                        self.out.read_vars.push((name, w.span));
                    }
                }
            }
            Some("printf") => {
                if let Some(pos) = args.iter().position(|a| a.as_lit() == Some("-v"))
                    && let Some(v) = args.get(pos + 1).and_then(Word::value)
                {
                    self.set_dynamic(&v);
                }
            }
            _ => {}
        }
    }

    /// Re-walks a function's body with its positional parameters bound to a call's arguments;
    /// commands that use them are reported at the call.
    fn expand_call(&mut self, name: &str, args: Vec<Word>, call_span: Span) {
        if self.calls.iter().any(|c| c.name == name) {
            return; // recursion: the body was expanded with the outer call's arguments
        }
        if self.calls.len() >= MAX_CALL_DEPTH {
            // what the body does with these arguments is not checked: say so when there are any
            // (and the calls start at the top level, not in a function's definition)
            if !args.is_empty() && self.ctx.in_function.is_none() {
                let at = self.calls.first().map(|c| c.span).unwrap_or(call_span);
                self.limit(
                    at,
                    "function calls nested this deep (or this many) were not followed with their arguments",
                );
            }
            return;
        }
        let Some(body) = self.funcs.get(name).copied() else {
            return;
        };
        if self.expansion_work >= self.expansion_budget || self.expanded >= MAX_EXPANDED {
            let at = self.calls.first().map_or(call_span, |c| c.span);
            self.out.calls_not_followed.get_or_insert(at);
            return;
        }
        if !self.uses_arguments(body) || !self.runs_anything_interesting(name) {
            // only words built from the call's arguments make a command differ from the one
            // already analysed at the definition, and only in commands the analysis looks at
            return;
        }
        let span = self.calls.first().map(|c| c.span).unwrap_or(call_span);
        self.calls.push(CallSite {
            span,
            name: name.to_owned(),
            args,
        });
        let before = self.out.commands.len();
        let saved_guards = self.ctx.guards.clone();
        // variables set in the body are undone after it (no copy of the whole table per call)
        self.var_undo.push(Vec::new());
        self.stmt(body);
        for (name, old) in self.var_undo.pop().unwrap_or_default().into_iter().rev() {
            match old {
                Some(v) => self.vars.insert(name, v),
                None => self.vars.remove(&name),
            };
        }
        self.ctx.guards = saved_guards;
        self.calls.pop();
        self.expanded += self.out.commands.len() - before;
    }

    /// Whether a function's body runs a program the analysis looks at, a computed command or
    /// another function.
    fn runs_anything_interesting(&self, name: &str) -> bool {
        self.func_programs.get(name).is_none_or(|programs| {
            programs.iter().any(|p| match p {
                None => true,
                Some(p) => (self.interesting)(p) || self.funcs.contains_key(p),
            })
        })
    }

    /// Whether a function body can read its call's arguments: a positional parameter (`$1`,
    /// `${2}`, `$@`, `$*`), or a call of another function (which may pass them on).
    fn uses_arguments(&self, body: Node<'t>) -> bool {
        let text = text(self.src, body).as_bytes();
        let positional = memchr::memchr_iter(b'$', text).any(|i| {
            let next = text.get(i + 1).copied();
            let next = if next == Some(b'{') {
                text.get(i + 2).copied()
            } else {
                next
            };
            next.is_some_and(|c| c.is_ascii_digit() || c == b'@' || c == b'*')
        });
        positional
            || self.funcs.keys().any(|f| {
                memchr::memmem::find_iter(text, f.as_bytes()).any(|i| {
                    let edge =
                        |c: Option<&u8>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'_' && *c != b'-');
                    edge(i.checked_sub(1).and_then(|j| text.get(j))) && edge(text.get(i + f.len()))
                })
            })
    }
}

/// Whether a run of text between words holds a newline that is not a line continuation.
fn unescaped_newline(gap: &str) -> bool {
    let b = gap.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\n' && (i == 0 || b[i - 1] != b'\\'))
}

/// The variable name of a `NAME=value` word.
pub(super) fn assignment_word(w: &Word) -> Option<String> {
    let prefix = w.static_prefix();
    let (name, _) = prefix.split_once('=')?;
    wrappers::is_name(name).then(|| name.to_owned())
}

/// `"$systemdutildir"/systemd-udevd`, `${PREFIX}/bin/rm`: a command word whose directory is only
/// known at run time but whose file name is written out runs the program of that name.
fn literal_basename(word: &Word) -> Option<String> {
    let Some(Part::Lit { text, .. }) = word.parts.last() else {
        return None;
    };
    let (_, base) = text.rsplit_once('/')?;
    let plausible = !base.is_empty()
        && base.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && base
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'));
    plausible.then(|| normalize_program(base))
}
