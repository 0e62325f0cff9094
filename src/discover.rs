//! Discover and classify: walks the given paths (skipping `.git`, `node_modules`, `target` and
//! what `.gitignore` ignores) and decides each file's language by its name (see [`crate::lang`]);
//! a file whose name says nothing is decided by its shebang when it is read.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use walkdir::WalkDir;

use crate::lang::Lang;

/// Directories never walked into.
const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", ".hg", ".svn"];

/// A file to analyse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    /// The path as reported (relative as given, without a leading `./`).
    pub display: String,
    /// Known from the name (or forced); `None` means: decide by the content (a shebang, or what
    /// a YAML or JSON document holds: see [`Lang::from_text`]).
    pub lang: Option<Lang>,
    /// Named on the command line (reported even when ignored or of another kind).
    pub explicit: bool,
}

/// A path given on the command line that does not exist.
#[derive(Debug, thiserror::Error)]
#[error("{}: no such file or directory", .0.display())]
pub struct MissingPath(pub PathBuf);

pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if s.is_empty() { ".".into() } else { s.to_owned() }
}

/// Walks `paths` and returns the files to analyse, in a stable order.
pub fn discover(paths: &[PathBuf], forced: Option<Lang>) -> Result<Vec<Candidate>, MissingPath> {
    let mut out = Vec::new();
    for root in paths {
        let meta = fs::symlink_metadata(root).map_err(|_| MissingPath(root.clone()))?;
        let is_dir = meta.is_dir() || (meta.file_type().is_symlink() && fs::metadata(root).is_ok_and(|m| m.is_dir()));
        if !is_dir {
            out.push(Candidate {
                path: root.clone(),
                display: display_path(root),
                lang: forced.or_else(|| by_name(root)),
                explicit: true,
            });
            continue;
        }
        walk(root, forced, &mut out);
    }
    Ok(out)
}

/// One `.gitignore`: the walk depth of its directory, and for the ones above the walked root,
/// the root's path relative to their directory (walked paths are matched under it).
struct Layer {
    depth: usize,
    ignore: Gitignore,
    prefix: Option<PathBuf>,
}

fn walk(root: &Path, forced: Option<Lang>, out: &mut Vec<Candidate>) {
    // .gitignore files from the repository root down to `root` apply too
    let mut stack: Vec<Layer> = ancestor_ignores(root);
    let base = stack.len();
    let mut it = WalkDir::new(root).follow_links(false).sort_by_file_name().into_iter();
    while let Some(entry) = it.next() {
        let Ok(entry) = entry else { continue };
        let depth = entry.depth();
        // matchers of directories we have left no longer apply
        while stack.len() > base && stack.last().is_some_and(|l| l.depth >= depth) {
            stack.pop();
        }
        let path = entry.path();
        let ft = entry.file_type();
        let is_dir = ft.is_dir();
        if depth > 0 {
            let name = entry.file_name().to_string_lossy();
            if is_dir && SKIP_DIRS.contains(&name.as_ref()) {
                it.skip_current_dir();
                continue;
            }
            if ignored(&stack, root, path, is_dir) {
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if is_dir {
            let gi = path.join(".gitignore");
            if gi.is_file() {
                let mut b = GitignoreBuilder::new(path);
                b.add(&gi);
                let exclude = path.join(".git/info/exclude");
                if exclude.is_file() {
                    b.add(exclude);
                }
                if let Ok(ignore) = b.build() {
                    stack.push(Layer {
                        depth,
                        ignore,
                        prefix: None,
                    });
                }
            }
            continue;
        }
        // a symlink to a file is read; a symlink to a directory is not followed (no loops)
        if ft.is_symlink() && !fs::metadata(path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let lang = forced.or_else(|| by_name(path));
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if lang.is_none() && (path.extension().is_some() || hidden) && !Lang::needs_content(path) {
            continue; // another kind of file
        }
        out.push(Candidate {
            path: path.to_path_buf(),
            display: display_path(path),
            lang,
            explicit: false,
        });
    }
}

/// The language a path's name selects, `None` where the content decides.
fn by_name(path: &Path) -> Option<Lang> {
    if Lang::needs_content(path) {
        None
    } else {
        Lang::from_path(path)
    }
}

fn ignored(stack: &[Layer], root: &Path, path: &Path, is_dir: bool) -> bool {
    // the deepest matcher with an opinion wins
    for layer in stack.iter().rev() {
        let m = match &layer.prefix {
            None => layer.ignore.matched(path, is_dir),
            Some(prefix) => {
                let rel = path.strip_prefix(root).unwrap_or(path);
                layer.ignore.matched(prefix.join(rel), is_dir)
            }
        };
        if m.is_ignore() {
            return true;
        }
        if m.is_whitelist() {
            return false;
        }
    }
    false
}

/// `.gitignore` files of the directories above `root`, up to the repository root (only inside
/// a git repository).
fn ancestor_ignores(root: &Path) -> Vec<Layer> {
    let Ok(abs) = root.canonicalize() else {
        return Vec::new();
    };
    let mut dirs = Vec::new();
    let mut cur = abs.parent();
    let mut in_repo = abs.join(".git").exists();
    while let Some(d) = cur {
        if in_repo {
            break;
        }
        dirs.push(d.to_path_buf());
        in_repo = d.join(".git").exists();
        cur = d.parent();
    }
    if !in_repo {
        return Vec::new();
    }
    dirs.reverse();
    dirs.iter()
        .filter_map(|d| {
            let gi = d.join(".gitignore");
            if !gi.is_file() {
                return None;
            }
            let prefix = abs.strip_prefix(d).ok()?.to_path_buf();
            let mut b = GitignoreBuilder::new("");
            b.add(&gi);
            let ignore = b.build().ok()?;
            Some(Layer {
                depth: 0,
                ignore,
                prefix: Some(prefix),
            })
        })
        .collect()
}

/// Reads up to `n` bytes from the start of a file.
pub fn read_head(path: &Path, n: usize) -> std::io::Result<Vec<u8>> {
    let mut f = fs::File::open(path)?;
    let mut buf = vec![0; n];
    let mut got = 0;
    while got < n {
        let k = f.read(&mut buf[got..])?;
        if k == 0 {
            break;
        }
        got += k;
    }
    buf.truncate(got);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_skips_ignored_and_vendor_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("node_modules/x")).unwrap();
        fs::create_dir_all(root.join("gen")).unwrap();
        fs::create_dir_all(root.join("src")).unwrap();
        fs::write(root.join("node_modules/x/a.sh"), "ls").unwrap();
        fs::write(root.join("gen/b.sh"), "ls").unwrap();
        fs::write(root.join("src/c.sh"), "ls").unwrap();
        fs::write(root.join("src/tool"), "#!/bin/sh\nls").unwrap();
        fs::write(root.join("src/notes.txt"), "rm -rf /").unwrap();
        fs::write(root.join(".gitignore"), "gen/\n").unwrap();
        let found = discover(&[root.to_path_buf()], None).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|c| c.path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["src/c.sh", "src/tool"]);
    }

    #[test]
    fn symlink_loops_do_not_hang() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        fs::write(root.join("a/x.sh"), "ls").unwrap();
        let found = discover(&[root.to_path_buf()], None).unwrap();
        assert_eq!(found.len(), 1);
    }
}
