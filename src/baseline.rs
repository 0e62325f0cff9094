//! Baselines, for adopting preflight on an existing repository: `--write-baseline FILE` records
//! the current findings, `--baseline FILE` reports only new ones. A finding is keyed by its rule,
//! its file and the normalized text of the command it was found in — not by its line — so
//! unrelated edits that shift lines do not bring old findings back. A baseline that
//! `preflight.toml` names (`baseline = "…"`) records paths relative to the configuration's
//! directory, so it matches wherever `check` runs from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::finding::{FileReport, Report};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    /// The command's text, whitespace collapsed.
    pub text: String,
    /// How many findings share this key.
    pub count: usize,
}

type Key = (String, String, String);

/// The text a finding is keyed by: its top-level command, whitespace collapsed, at most 200
/// characters.
fn key_text(file: &FileReport, f: &crate::finding::Finding) -> String {
    let span = f.anchor_span();
    let raw = file.text.get(span.range()).unwrap_or("");
    let collapsed: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.chars().take(200).collect()
}

/// The path a file is recorded under: as reported (relative to where `check` runs), or relative
/// to `base` when the file is under it.
fn key_path(path: &str, base: Option<&Path>) -> String {
    let Some(base) = base else {
        return path.to_owned();
    };
    let abs = absolute(Path::new(path));
    match abs.strip_prefix(absolute(base)) {
        Ok(rel) => crate::discover::display_path(rel),
        Err(_) => path.to_owned(),
    }
}

/// The absolute path, `.` and `..` resolved by name (`check ..` from a subdirectory reports
/// `../x.sh`).
pub(crate) fn absolute(p: &Path) -> PathBuf {
    use std::path::Component;
    let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

impl Baseline {
    /// The baseline of a report. With `base`, paths are recorded relative to that directory
    /// (the directory of the configuration that names the baseline).
    pub fn from_report(report: &Report, base: Option<&Path>) -> Baseline {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for file in &report.reports {
            let path = key_path(&file.path, base);
            for f in &file.findings {
                *counts
                    .entry((f.rule.clone(), path.clone(), key_text(file, f)))
                    .or_default() += 1;
            }
        }
        let findings = counts
            .into_iter()
            .map(|((rule, path, text), count)| Entry {
                rule,
                path,
                text,
                count,
            })
            .collect();
        Baseline { version: 1, findings }
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("{} is not a preflight baseline: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!(
                "{}: unsupported baseline version {}",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// The baseline file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("serializes") + "\n"
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        std::fs::write(path, self.to_json()).map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
    }

    /// Removes the findings the baseline holds (each entry absorbs up to `count` findings);
    /// returns how many were removed. `base` as in [`Baseline::from_report`].
    pub fn filter(&self, report: &mut Report, base: Option<&Path>) -> usize {
        let mut left: BTreeMap<Key, usize> = self
            .findings
            .iter()
            .map(|e| ((e.rule.clone(), e.path.clone(), e.text.clone()), e.count))
            .collect();
        let mut removed = 0;
        for file in &mut report.reports {
            let path = key_path(&file.path, base);
            let keys: Vec<Key> = file
                .findings
                .iter()
                .map(|f| (f.rule.clone(), path.clone(), key_text(file, f)))
                .collect();
            let mut k = 0;
            file.findings.retain(|_| {
                let key = &keys[k];
                k += 1;
                match left.get_mut(key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        removed += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        removed
    }
}
