//! Shell code a command runs that is written in another file: the `scripts` of a `package.json`
//! (`npm run clean`, `yarn wipe`) and the recipes of a Makefile target with its prerequisites
//! (`make nuke`). The files are read, never run; the recipes come back as shell text.

use std::collections::HashMap;

/// The scripts `npm run NAME` runs, in order: `preNAME`, `NAME`, `postNAME` (npm runs the pre
/// and post scripts; `pre_post` says whether this package manager does).
///
/// The file is read as `extract::package_json` reads it; of a name written twice, the last
/// one counts (as in `JSON.parse`).
pub fn package_scripts(package_json: &str, name: &str, pre_post: bool) -> Option<Vec<(String, String)>> {
    let scripts = crate::extract::package_json::scripts(package_json)?;
    let get = |key: &str| {
        scripts
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, code, _)| code.clone())
    };
    let main = get(name)?;
    let mut out = Vec::new();
    let extra = |key: String, out: &mut Vec<(String, String)>| {
        if let Some(s) = get(&key) {
            out.push((key, s));
        }
    };
    if pre_post {
        extra(format!("pre{name}"), &mut out);
    }
    out.push((name.to_owned(), main));
    if pre_post {
        extra(format!("post{name}"), &mut out);
    }
    Some(out)
}

/// A Makefile: its variables and rules.
#[derive(Debug, Default)]
pub struct Makefile {
    vars: HashMap<String, String>,
    /// Target → (prerequisites, recipe lines), in the order the file defines them.
    rules: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Makefile {
    pub fn parse(text: &str) -> Makefile {
        let mut m = Makefile::default();
        let mut prefix = '\t';
        // join continuation lines first
        let mut lines: Vec<String> = Vec::new();
        let mut cur = String::new();
        for line in text.lines() {
            if let Some(head) = line.strip_suffix('\\') {
                cur.push_str(head);
                cur.push(' ');
                continue;
            }
            cur.push_str(line);
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            lines.push(cur);
        }
        let mut current: Vec<usize> = Vec::new();
        for line in lines {
            if line.starts_with(prefix) && !current.is_empty() {
                let recipe = line[prefix.len_utf8()..].to_owned();
                for &r in &current {
                    m.rules[r].2.push(recipe.clone());
                }
                continue;
            }
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if let Some(rest) = t.strip_prefix(".RECIPEPREFIX") {
                let value = rest.trim_start().trim_start_matches([':', '=', '?', '+']).trim();
                prefix = value.chars().next().unwrap_or('\t');
                continue;
            }
            // `NAME = value`, `:=`, `::=`, `?=`, `+=` (before a rule's `:`)
            if let Some((name, op, value)) = assignment(t) {
                let value = value.trim().to_owned();
                match op {
                    "+=" => {
                        let e = m.vars.entry(name.to_owned()).or_default();
                        if !e.is_empty() {
                            e.push(' ');
                        }
                        e.push_str(&value);
                    }
                    "?=" => {
                        m.vars.entry(name.to_owned()).or_insert(value);
                    }
                    _ => {
                        m.vars.insert(name.to_owned(), value);
                    }
                }
                current.clear();
                continue;
            }
            // `targets: prerequisites ; recipe`
            let Some((targets, rest)) = t.split_once(':') else {
                current.clear();
                continue;
            };
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            let (prereqs, recipe) = match rest.split_once(';') {
                Some((p, r)) => (p, Some(r.trim().to_owned())),
                None => (rest, None),
            };
            current.clear();
            for target in targets.split_whitespace() {
                let r = m.rules.len();
                m.rules.push((
                    target.to_owned(),
                    prereqs.split_whitespace().map(str::to_owned).collect(),
                    recipe.iter().cloned().collect(),
                ));
                current.push(r);
            }
        }
        m
    }

    /// The first target that is not special (`.PHONY`) or a pattern: what `make` alone builds.
    pub fn default_goal(&self) -> Option<&str> {
        self.rules
            .iter()
            .map(|(t, _, _)| t.as_str())
            .find(|t| !t.starts_with('.') && !t.contains('%'))
    }

    /// The shell lines `make TARGET` runs: the prerequisites' recipes first (each once), then
    /// the target's, with make variables expanded; `(target, line)` pairs.
    pub fn recipes(&self, target: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut done = Vec::new();
        self.collect(target, &mut out, &mut done, 0);
        out
    }

    fn collect(&self, target: &str, out: &mut Vec<(String, String)>, done: &mut Vec<String>, depth: usize) {
        if depth > 16 || done.iter().any(|d| d == target) || out.len() > 1000 {
            return;
        }
        done.push(target.to_owned());
        let rules: Vec<_> = self.rules.iter().filter(|(t, _, _)| t == target).collect();
        for (_, prereqs, _) in &rules {
            for p in prereqs {
                self.collect(p, out, done, depth + 1);
            }
        }
        for (_, prereqs, recipe) in rules {
            for line in recipe {
                let line = line.trim_start().trim_start_matches(['@', '-', '+']).trim_start();
                if line.is_empty() {
                    continue;
                }
                out.push((target.to_owned(), self.expand(line, target, prereqs, 0)));
            }
        }
    }

    /// Expands `$(VAR)`, `${VAR}`, `$@`, `$<`, `$^` and `$$`; a variable the file does not set
    /// becomes a shell expansion of the same name (make imports the environment);
    /// `$(shell cmd)` becomes `$(cmd)`; other functions are left to read as unknown.
    fn expand(&self, s: &str, target: &str, prereqs: &[String], depth: usize) -> String {
        let mut out = String::new();
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c != '$' {
                out.push(c);
                continue;
            }
            match it.peek().map(|&(_, c)| c) {
                Some('$') => {
                    it.next();
                    out.push('$');
                }
                Some('@') => {
                    it.next();
                    out.push_str(target);
                }
                Some('<') => {
                    it.next();
                    out.push_str(prereqs.first().map(String::as_str).unwrap_or(""));
                }
                Some('^' | '+') => {
                    it.next();
                    out.push_str(&prereqs.join(" "));
                }
                Some(open @ ('(' | '{')) => {
                    let close = if open == '(' { ')' } else { '}' };
                    let body_start = i + 2;
                    let Some(len) = matching(&s[body_start..], open, close) else {
                        out.push_str(&s[i..]);
                        break;
                    };
                    let body = &s[body_start..body_start + len];
                    // skip what the body and its closing bracket take
                    while it.peek().is_some_and(|&(j, _)| j <= body_start + len) {
                        it.next();
                    }
                    out.push_str(&self.variable(body, target, prereqs, depth));
                }
                Some(v) if v.is_ascii_alphanumeric() || v == '_' => {
                    it.next();
                    out.push_str(&self.variable(&v.to_string(), target, prereqs, depth));
                }
                _ => out.push('$'),
            }
        }
        out
    }

    fn variable(&self, body: &str, target: &str, prereqs: &[String], depth: usize) -> String {
        if let Some(cmd) = body.strip_prefix("shell ") {
            return format!("$({})", self.expand(cmd, target, prereqs, depth + 1));
        }
        match self.vars.get(body) {
            Some(v) if depth < 8 => self.expand(v, target, prereqs, depth + 1),
            Some(_) => String::new(),
            None if body == "MAKE" => "make".to_owned(),
            None if body.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) => format!("${{{body}}}"),
            // a function (`$(wildcard …)`): read as unknown
            None => "${MAKE_FUNCTION}".to_owned(),
        }
    }
}

/// `NAME = value` with its operator.
fn assignment(line: &str) -> Option<(&str, &str, &str)> {
    let line = line
        .strip_prefix("export ")
        .or_else(|| line.strip_prefix("override "))
        .unwrap_or(line);
    let eq = line.find('=')?;
    let colon = line.find(':');
    let (name_end, op) = match line[..eq].chars().last() {
        Some(':') => {
            let start = if line[..eq].ends_with("::") { eq - 2 } else { eq - 1 };
            (start, &line[start..=eq])
        }
        Some('?' | '+' | '!') => (eq - 1, &line[eq - 1..=eq]),
        _ => (eq, "="),
    };
    // a `:` before the `=` that is not part of the operator makes it a rule (`a: b=c`)
    if colon.is_some_and(|c| c < name_end) {
        return None;
    }
    let name = line[..name_end].trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    Some((name, op, &line[eq + 1..]))
}

/// The length of the text up to the bracket closing one already open.
fn matching(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 1;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_json_scripts() {
        let p = r#"{"scripts":{"preclean":"echo a","clean":"rm -rf dist","postclean":"echo b"}}"#;
        let s = package_scripts(p, "clean", true).unwrap();
        assert_eq!(
            s.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["preclean", "clean", "postclean"]
        );
        assert_eq!(package_scripts(p, "clean", false).unwrap().len(), 1);
        assert!(package_scripts(p, "build", true).is_none());
        assert!(package_scripts("{", "x", true).is_none());
    }

    #[test]
    fn makefile_recipes() {
        let m = Makefile::parse(
            "DIR := /srv\nRM ?= rm -f\n\nall: build\n\t@echo $@\n\nbuild: dep\n\t$(RM) -r $(DIR)/x \\\n\t  && echo ok\n\tcp $< $${HOME}\n\ndep: ; -touch $(OUT)\n",
        );
        assert_eq!(m.default_goal(), Some("all"));
        let r: Vec<String> = m.recipes("all").into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            r,
            [
                "touch ${OUT}",
                "rm -f -r /srv/x  \t  && echo ok",
                "cp dep ${HOME}",
                "echo all"
            ]
        );
        assert!(m.recipes("missing").is_empty());
    }

    #[test]
    fn recursive_prerequisites_terminate() {
        let m = Makefile::parse("a: b\n\techo a\nb: a\n\techo b\n");
        assert_eq!(m.recipes("a").len(), 2);
    }
}
