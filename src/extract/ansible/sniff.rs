//! Recognition of Ansible playbooks and tasks files by their content: the keys of the items of
//! a top-level YAML list, read line by line without parsing the YAML.

/// Lines looked at to recognise a playbook or a tasks file.
const SNIFF_LINES: usize = 4000;

/// Whether a YAML text is an Ansible playbook (a top-level list of plays: items with `hosts:`
/// and `tasks:`/`roles:`/`pre_tasks:`/`post_tasks:`/`handlers:`, or `import_playbook:`) or a
/// tasks file (a top-level list whose items name an `ansible.builtin.` module, or use the task
/// keywords only Ansible has: `register:`, `notify:`, `become:`, `delegate_to:` …).
pub fn sniff(text: &str) -> bool {
    let keys = top_item_keys(text);
    let has = |k: &str| keys.contains(&k);
    if has("import_playbook") || has("ansible.builtin.import_playbook") {
        return true;
    }
    if has("hosts")
        && ["tasks", "roles", "pre_tasks", "post_tasks", "handlers"]
            .iter()
            .any(|k| has(k))
    {
        return true;
    }
    if keys
        .iter()
        .any(|k| k.starts_with("ansible.builtin.") || k.starts_with("ansible.legacy."))
    {
        return true;
    }
    const ANSIBLE_ONLY: &[&str] = &[
        "register",
        "notify",
        "become",
        "become_user",
        "delegate_to",
        "with_items",
        "changed_when",
        "failed_when",
        "ignore_errors",
        "loop_control",
    ];
    (has("name") && ANSIBLE_ONLY.iter().any(|k| has(k))) || (has("block") && (has("rescue") || has("always")))
}

/// The keys of the items of a YAML document that is a top-level block list (empty when it is
/// not one): `- hosts: all` and the `  tasks:` under it.
fn top_item_keys(text: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut item_col: Option<usize> = None;
    for line in text.lines().take(SNIFF_LINES) {
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 {
            if trimmed.starts_with("---") || trimmed.starts_with('%') {
                continue;
            }
            if trimmed.starts_with("...") {
                break;
            }
            let Some(rest) = trimmed.strip_prefix('-') else {
                // a mapping at the top: not a list of plays or tasks
                if item_col.is_none() {
                    return Vec::new();
                }
                break;
            };
            if !(rest.is_empty() || rest.starts_with(' ')) {
                return Vec::new();
            }
            let key = rest.trim_start_matches(' ');
            let col = 1 + rest.len() - key.len();
            if !key.is_empty() {
                item_col = Some(col);
                keys.extend(key_of(key));
            }
            continue;
        }
        if item_col.is_none() && indent > 0 {
            // `-` alone on its line, the first key under it
            if keys.is_empty() && !trimmed.starts_with('-') {
                item_col = Some(indent);
            } else {
                continue;
            }
        }
        if Some(indent) == item_col && !trimmed.starts_with('-') {
            keys.extend(key_of(trimmed));
        }
    }
    keys
}

/// The key of a `key: value` line.
fn key_of(s: &str) -> Option<&str> {
    let end = s.find(':')?;
    let key = &s[..end];
    let after = &s[end + 1..];
    (!key.is_empty()
        && key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
        && (after.is_empty() || after.starts_with([' ', '\t'])))
    .then_some(key)
}
