//! What `preflight init` does to one file — create it, change it, or leave it and say why — and
//! the doing: a diff for `--dry-run`, or a backup, a temporary file and a rename.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::InitError;

/// One file `init` looked at.
#[derive(Debug)]
pub struct Planned {
    /// Where it is.
    pub path: PathBuf,
    /// How it is shown: relative to the project, or under `~`.
    pub shown: String,
    pub change: Change,
}

#[derive(Debug)]
pub enum Change {
    /// Write `after` (over `before`, the current text, if there is one); `what` says what it adds.
    Write {
        before: Option<String>,
        after: String,
        what: String,
    },
    /// Leave the file as it is, for this reason.
    Keep(String),
}

impl Planned {
    pub fn write(path: PathBuf, shown: String, before: Option<String>, after: String, what: impl Into<String>) -> Self {
        Planned {
            path,
            shown,
            change: Change::Write {
                before,
                after,
                what: what.into(),
            },
        }
    }

    pub fn keep(path: PathBuf, shown: String, why: impl Into<String>) -> Self {
        Planned {
            path,
            shown,
            change: Change::Keep(why.into()),
        }
    }

    /// What `--dry-run` prints: the change as a unified diff, or why there is none.
    pub fn preview(&self) -> String {
        match &self.change {
            Change::Keep(why) => format!("would leave {}: {why}\n", self.shown),
            Change::Write { before, after, what } => {
                let verb = if before.is_some() { "change" } else { "create" };
                let old = before.as_deref().unwrap_or("");
                let a = if before.is_some() {
                    format!("a/{}", self.shown)
                } else {
                    "/dev/null".to_owned()
                };
                let diff = similar::TextDiff::from_lines(old, after.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&a, &format!("b/{}", self.shown))
                    .to_string();
                format!("would {verb} {} ({what}):\n{diff}\n", self.shown)
            }
        }
    }

    /// Writes the change; returns what to tell the user.
    pub fn apply(&self) -> Result<String, InitError> {
        match &self.change {
            Change::Keep(why) => Ok(format!("left {}: {why}", self.shown)),
            Change::Write { before, after, what } => {
                let backup = write_file(&self.path, after, before.is_some())
                    .map_err(|e| InitError(format!("cannot write {}: {e}", self.shown)))?;
                Ok(match backup {
                    Some(b) => format!(
                        "updated {} ({what}); the previous version is in {}",
                        self.shown,
                        b.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
                    ),
                    None => format!("wrote {} ({what})", self.shown),
                })
            }
        }
    }
}

/// The backup of `path`: `FILE.preflight.bak` beside it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".preflight.bak");
    path.with_file_name(name)
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so the
/// file is never seen half written. An existing file is first copied to its backup (returned),
/// and the new one keeps its permissions. A symbolic link (a dotfiles repository's settings) is
/// followed: its target is replaced, the link stays.
pub fn write_file(path: &Path, text: &str, backup: bool) -> std::io::Result<Option<PathBuf>> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let existing = std::fs::metadata(&target).ok();
    let saved = match (&existing, backup) {
        (Some(_), true) => {
            let b = backup_path(path);
            std::fs::copy(&target, &b)?;
            Some(b)
        }
        _ => None,
    };
    let name = target.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let tmp = dir.join(format!(".{name}.preflight-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Some(m) = &existing {
            std::fs::set_permissions(&tmp, m.permissions())?;
        }
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| saved)
}

/// The file's text, `None` when it does not exist; an error when it cannot be read or is not
/// UTF-8 (nothing is written over a file that could not be read).
pub fn read(path: &Path, shown: &str) -> Result<Option<String>, InitError> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| InitError(format!("{shown} is not UTF-8 text"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(InitError(format!("cannot read {shown}: {e}"))),
    }
}

/// The line ending a text uses (`\r\n` when it has one), for the lines added to it.
pub fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_through_a_rename_and_keeps_a_backup_and_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/settings.json");
        assert_eq!(write_file(&p, "one\n", true).unwrap(), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let b = write_file(&p, "two\n", true).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two\n");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "one\n");
        assert_eq!(b.file_name().unwrap(), "settings.json.preflight.bak");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // no temporary file is left behind
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_written_through_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles/settings.json");
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        std::fs::write(&real, "{}\n").unwrap();
        let link = dir.path().join("settings.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_file(&link, "{\"a\": 1}\n", true).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "{\"a\": 1}\n");
    }

    #[test]
    fn the_preview_is_a_unified_diff() {
        let p = Planned::write(
            PathBuf::from("x"),
            "x".into(),
            Some("a\nb\n".into()),
            "a\nb\nc\n".into(),
            "adds c",
        );
        let text = p.preview();
        assert!(
            text.starts_with("would change x (adds c):\n--- a/x\n+++ b/x\n"),
            "{text}"
        );
        assert!(text.contains("\n+c\n"), "{text}");
    }
}
