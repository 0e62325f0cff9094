//! Unset variable: a destructive command whose path expands a variable the script never sets,
//! with no `set -u`, `${X:?}` or check, so an empty value changes what it acts on.

use super::{ALWAYS_SET, Analysis, CmdRef, Found, clip};
use crate::finding::Confidence;
use crate::rules::EngineRule;
use crate::shell::{Command, Part, VarState, Word};

impl Analysis<'_> {
    /// Only for a command operation itself: its own words.
    pub(super) fn unset_variable(&self, op: usize, chain: &[CmdRef], found: &mut Vec<Found>) {
        let Some(c) = chain.first().filter(|c| c.op == op) else {
            return;
        };
        let cmd = self.cmd(*c);
        if cmd.context.nounset {
            return;
        }
        let unit = &self.plan.scripts[c.unit];
        // `eval "$(lvs --nameprefixes …)"`, `. "$CONFIG"` earlier: any variable may come from
        // there, so one the script never assigns is not known to be unset
        let sets_unknown = unit.script.commands[..c.index].iter().any(|k| {
            matches!(k.program.as_deref(), Some("eval" | "source" | ".")) && k.args.iter().any(|a| !a.is_static())
        });
        if sets_unknown {
            return;
        }
        let http_client = cmd
            .program
            .as_deref()
            .is_some_and(|p| super::unverified_id::HTTP_CLIENTS.contains(&p));
        for (k, w) in cmd.args.iter().enumerate() {
            if w.parts.len() < 2 {
                continue; // a bare `"$X"` that is empty is not a path
            }
            // a header or a credential of an HTTP client (`-H "Authorization: Bearer $TOKEN"`,
            // `-u "$KEY:"`): an empty one fails the request, it does not change what the request
            // acts on (other programs' `-a`, `-u`, `-b` are switches: `rsync -a "$SRC/"`)
            let after_option = http_client
                && k.checked_sub(1)
                    .and_then(|j| cmd.args[j].as_lit())
                    .is_some_and(|o| CREDENTIAL_OPTIONS.contains(&o));
            if after_option || is_header(w) {
                continue;
            }
            for (i, p) in w.parts.iter().enumerate() {
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
                if default.as_deref().is_some_and(|d| !d.is_empty())
                    || ALWAYS_SET.contains(&name.as_str())
                    || crate::extract::workflow::predefined(&unit.origin, name)
                {
                    continue;
                }
                if guarded_non_empty(unit, cmd, name) || in_userinfo(w, i) {
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
                found.push(Found::new(EngineRule::EnvUnsetVariable, Confidence::High, msg, help));
                return;
            }
        }
    }
}

/// Options of HTTP clients whose value is a header or a credential (curl, wget, HTTPie, xh).
const CREDENTIAL_OPTIONS: &[&str] = &[
    "-H",
    "--header",
    "-u",
    "--user",
    "--oauth2-bearer",
    "--password",
    "--http-password",
    "--auth",
    "-a",
    "--proxy-user",
    "-b",
    "--cookie",
];

/// Whether the word is an HTTP header (`Name: value`, HTTPie's `Name:value`, `--header=…`): its
/// literal start is a header name and a colon, not a URL scheme (`https://`) or a drive (`C:`).
fn is_header(w: &Word) -> bool {
    let lead: String = w
        .parts
        .iter()
        .map_while(|p| match p {
            Part::Lit { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let text = lead.strip_prefix("--header=").unwrap_or(&lead);
    let Some((name, rest)) = text.split_once(':') else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    // `Name: value`; without the space only a known header (`Authorization:Bearer…`), so that a
    // git refspec (`HEAD:refs/heads/$B`) or a `host:path` is not taken for one
    let known = matches!(
        lower.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "api-key" | "apikey" | "private-token" | "token"
    ) || lower.starts_with("x-");
    name.len() >= 2
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && (rest.starts_with(' ') || known)
}

/// Whether part `i` of the word is in the credentials of a URL (`https://git:$TOKEN@host/…`): an
/// empty token fails the login, it does not change what the command acts on.
fn in_userinfo(w: &Word, i: usize) -> bool {
    let text = |parts: &[Part]| -> String {
        parts
            .iter()
            .map(|p| match p {
                Part::Lit { text, .. } => text.as_str(),
                _ => "x",
            })
            .collect()
    };
    let before = text(&w.parts[..i]);
    let after = text(&w.parts[i + 1..]);
    let Some((_, authority)) = before.split_once("://") else {
        return false;
    };
    !authority.contains(['/', '@']) && after.find('@').is_some_and(|at| !after[..at].contains('/'))
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

#[cfg(test)]
mod tests {
    use super::in_userinfo;
    use crate::shell::parse;

    fn userinfo(word: &str, var: &str) -> bool {
        let script = parse(&format!("git push {word}"));
        let w = &script.commands[0].args[1];
        let i = w
            .parts
            .iter()
            .position(|p| matches!(p, crate::shell::Part::Var { name, .. } if name == var))
            .unwrap();
        in_userinfo(w, i)
    }

    #[test]
    fn headers_are_told_from_urls_and_paths() {
        let word = |text: &str| parse(&format!("curl {text}")).commands[0].args[0].clone();
        for yes in [
            "\"Authorization: Bearer $TOKEN\"",
            "Authorization:Bearer$TOKEN",
            "\"X-Api-Key: $KEY\"",
            "--header=\"Cookie: s=$S\"",
        ] {
            assert!(super::is_header(&word(yes)), "{yes}");
        }
        for no in [
            "\"https://$HOST/x\"",
            "\"C:\\$DIR\"",
            "\"$DIR/x\"",
            "\"/srv/$X\"",
            "\"s3://$BUCKET/x\"",
        ] {
            assert!(!super::is_header(&word(no)), "{no}");
        }
    }

    #[test]
    fn credentials_of_a_url_are_not_its_target() {
        assert!(userinfo("https://git:$TOKEN@github.com/$REPO", "TOKEN"));
        assert!(userinfo("https://$USER:$TOKEN@github.com/x.git", "USER"));
        assert!(!userinfo("https://git:$TOKEN@github.com/$REPO", "REPO"));
        assert!(!userinfo("https://$HOST/x@y", "HOST"));
        assert!(!userinfo("$DIR/x@y", "DIR"));
    }
}
