//! cloud-init user data. A `#cloud-config` document: the items of `bootcmd` and `runcmd`, a
//! string run by `sh`, a list the words of one command (no shell), one snippet each with origin
//! `cloud-init:runcmd/N`; `hostname` and `fqdn` are notes. `write_files` is content, not code.
//! User data that is a shell script (`#!/bin/bash`, `#cloud-boothook`) is analysed whole.
//! MIME multi-part user data is not read (reported). User data without the `#cloud-config`
//! line that is not a YAML mapping (Windows `<powershell>` blocks) is of another kind: quiet.

use super::yaml::{self, Commands, Node, get, get_str};
use super::{Extracted, Snippet, SnippetLang, Unread, UnreadKind};
use crate::lang::Lang;
use crate::source::{OffsetMap, Span};

/// Whether a YAML text is cloud-config user data: its first line is `#cloud-config`.
pub fn sniff(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines().next().is_some_and(|l| l.trim_end() == "#cloud-config")
}

/// Reads one file.
pub fn extract(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let origin = Lang::CloudInit.as_str();
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let head = &text[bom..];
    if head.starts_with("#cloud-boothook")
        || (head.starts_with("#!") && Lang::from_shebang(head.as_bytes()) == Some(Lang::Shell))
    {
        out.snippets.push(Snippet::new(
            SnippetLang::Shell,
            head.to_owned(),
            OffsetMap::identity(bom),
            "cloud-init:user-data",
        ));
        return out;
    }
    if head.starts_with("#!") {
        // a Python or Perl script: not shell code
        return out;
    }
    if head
        .get(..30)
        .is_some_and(|h| h.to_ascii_lowercase().starts_with("content-type: multipart"))
    {
        out.unread.push(Unread {
            span: Span::new(bom, bom),
            message: "MIME multi-part user data: its parts were not analysed".into(),
            kind: UnreadKind::TooDeep,
            origin: Some(origin.into()),
        });
        return out;
    }
    let mut unread = Vec::new();
    let docs = yaml::parse(text, origin, &mut unread);
    // without its `#cloud-config` line, user data that is not a YAML mapping is of another kind
    // (Windows `<powershell>`, a template): not cloud-config, not an error
    if !sniff(text) && !docs.first().is_some_and(|d| matches!(**d, Node::Map { .. })) {
        return out;
    }
    out.unread = unread;
    let mut c = Commands::new(text, out);
    for doc in docs {
        match &*doc {
            Node::Map { .. } => {
                for key in ["hostname", "fqdn"] {
                    if let Some((name, span)) = get_str(&doc, key) {
                        c.note(&format!("{key}: {name}"), span);
                    }
                }
                for key in ["bootcmd", "runcmd"] {
                    let Some(list) = get(&doc, key) else { continue };
                    let Node::Seq { items, .. } = &*list else { continue };
                    for (k, item) in items.iter().enumerate() {
                        let origin = format!("cloud-init:{key}/{}", k + 1);
                        match &**item {
                            Node::Scalar { .. } => c.shell(item, &origin, None),
                            Node::Seq { items, .. } => c.argv(items, &origin),
                            _ => {}
                        }
                    }
                }
            }
            Node::Scalar { value, .. } if value.is_empty() || value == "~" || value == "null" => {}
            other => c.out.unread.push(Unread {
                span: other.span(),
                message: "cloud-config is a YAML mapping; this document is not one and was not read".into(),
                kind: UnreadKind::Malformed,
                origin: Some(origin.into()),
            }),
        }
    }
    c.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::origins_and_texts;

    #[test]
    fn runcmd_and_bootcmd() {
        let src = "#cloud-config\nhostname: prod-db-1\nbootcmd:\n  - echo boot\nruncmd:\n  - rm -rf /var/lib/postgresql\n  - [sh, -c, 'dropdb app']\n  - |\n    mkfs.ext4 /dev/sdb\n";
        let ex = extract(src);
        assert!(ex.unread.is_empty(), "{:?}", ex.unread);
        let got = origins_and_texts(&ex);
        assert_eq!(
            got,
            [
                ("cloud-init:bootcmd/1", "echo boot"),
                ("cloud-init:runcmd/1", "rm -rf /var/lib/postgresql"),
                ("cloud-init:runcmd/2", "'sh' '-c' 'dropdb app'"),
                ("cloud-init:runcmd/3", "mkfs.ext4 /dev/sdb\n"),
            ]
        );
        let s = &ex.snippets[3];
        assert_eq!(&src[s.map.map(0)..s.map.map(0) + 4], "mkfs");
        assert_eq!(ex.notes[0].text, "hostname: prod-db-1");
    }

    #[test]
    fn scripts_and_sniffing() {
        let ex = extract("#!/bin/bash\nrm -rf /srv\n");
        assert_eq!(ex.snippets[0].origin, "cloud-init:user-data");
        assert!(extract("#!/usr/bin/python3\nimport os\n").snippets.is_empty());
        assert_eq!(
            extract("Content-Type: multipart/mixed; boundary=x\n").unread[0].kind,
            UnreadKind::TooDeep
        );
        assert!(sniff("#cloud-config\nruncmd: []\n"));
        assert!(sniff("\u{feff}#cloud-config \n"));
        assert!(!sniff("# cloud-config\n"));
        assert!(!sniff("runcmd:\n  - x\n"));
        assert_eq!(extract("#cloud-config\n- a\n").unread[0].kind, UnreadKind::Malformed);
        let windows = extract("<powershell>\nRemove-Item -Recurse C:\\data\n</powershell>\n");
        assert!(windows.unread.is_empty() && windows.snippets.is_empty());
    }
}
