//! Built-in argument predicates (`@root`, `@home`, `@system` …): what a path argument points at,
//! judged from the word's static value and the variables it expands.

use crate::shell::{Part, VarState, Word};

/// A built-in argument predicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `/`, `/*`, `/.`.
    Root,
    /// A home directory: `~`, `$HOME`, `/home/NAME`, `/root`, `/Users/NAME`.
    Home,
    /// A top-level system directory or a well-known one below it (`/etc`, `/usr/lib`, `/var/lib`).
    System,
    /// An absolute path (or one under `~`/`$HOME`) outside temporary directories.
    Absolute,
    /// Under `/tmp`, `/var/tmp`, `/dev/shm`, `$TMPDIR`, or a `mktemp` result.
    Temp,
    /// An unquoted `*`, `.*`, `./*`: everything in the current directory.
    GlobAll,
    /// `..` and above.
    Parent,
    /// Starts with a variable that may be unset or empty, followed by `/` (`"$DIR/"*`).
    VariableRoot,
    /// Not static at all.
    Dynamic,
    /// A block device (`/dev/sda`, `/dev/nvme0n1`, `/dev/mapper/x`).
    BlockDevice,
    /// Anything.
    Any,
}

impl Builtin {
    pub const ALL: [(&'static str, Builtin); 11] = [
        ("root", Builtin::Root),
        ("home", Builtin::Home),
        ("system", Builtin::System),
        ("absolute", Builtin::Absolute),
        ("temp", Builtin::Temp),
        ("glob-all", Builtin::GlobAll),
        ("parent", Builtin::Parent),
        ("variable-root", Builtin::VariableRoot),
        ("dynamic", Builtin::Dynamic),
        ("block-device", Builtin::BlockDevice),
        ("any", Builtin::Any),
    ];

    pub fn parse(name: &str) -> Option<Builtin> {
        Builtin::ALL.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
    }

    pub fn test(self, w: &Word) -> bool {
        let shape = shape(w);
        match self {
            Builtin::Any => true,
            Builtin::Dynamic => !w.is_static(),
            Builtin::Root => matches!(&shape, Shape::Path(p) if is_root(p)),
            Builtin::Home => match &shape {
                Shape::Home(rest) => is_root(rest) || rest.is_empty(),
                Shape::Path(p) => is_home_path(p),
                _ => false,
            },
            Builtin::System => matches!(&shape, Shape::Path(p) if is_system(p)),
            Builtin::Absolute => match &shape {
                Shape::Path(p) | Shape::Below(p) => {
                    p.starts_with('/') && !is_temp_path(p) && !is_device_sink(p) && !is_home_cache(p)
                }
                Shape::Home(rest) => !is_cache_below_home(rest),
                _ => false,
            },
            Builtin::Temp => match &shape {
                Shape::Temp => true,
                Shape::Path(p) | Shape::Below(p) => is_temp_path(p),
                _ => false,
            },
            Builtin::GlobAll => {
                w.parts.iter().all(|p| matches!(p, Part::Lit { quoted: false, .. }))
                    && matches!(
                        w.value().as_deref(),
                        Some("*" | ".*" | "./*" | "*/" | "./.*" | "**" | "*.*" | "./")
                    )
            }
            Builtin::Parent => {
                matches!(&shape, Shape::Path(p) if normalize(p).split('/').next() == Some(".."))
            }
            Builtin::VariableRoot => matches!(shape, Shape::VariableRoot(_)),
            Builtin::BlockDevice => matches!(&shape, Shape::Path(p) if is_block_device(p)),
        }
    }
}

/// What a path word starts from.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// A static path (tilde not expanded).
    Path(String),
    /// A path whose first part is static and the rest not (`/srv/$X`): something below it.
    Below(String),
    /// Under the home directory; the rest after `~` or `$HOME`.
    Home(String),
    /// A temporary directory.
    Temp,
    /// A variable that may be empty, followed by `/…`.
    VariableRoot(String),
    Other,
}

fn shape(w: &Word) -> Shape {
    if let Some(s) = windows_shape(w) {
        return s;
    }
    let parts = &w.parts;
    match parts.first() {
        Some(Part::Lit { text, quoted, .. }) => {
            if !quoted && text.starts_with('~') {
                // `~`, `~/x`; `~user/x` is under that user's home
                let (user, after) = text[1..].split_once('/').map_or((&text[1..], ""), |(u, r)| (u, r));
                let tail = if parts.len() == 1 {
                    after.to_owned()
                } else {
                    format!("{after}…")
                };
                if user.is_empty() {
                    return home_shape(&tail);
                }
                if is_user_name(user) {
                    let home = if user == "root" {
                        "/root".to_owned()
                    } else {
                        format!("/home/{user}")
                    };
                    return match parts.len() {
                        1 => Shape::Path(normalize(&format!("{home}/{tail}"))),
                        _ => Shape::Below(home),
                    };
                }
            }
            match w.value() {
                Some(v) => Shape::Path(v),
                None => {
                    // a static prefix decides: `/srv/$X` is under /srv
                    let prefix = w.static_prefix();
                    if prefix.starts_with('/') && prefix.len() > 1 {
                        let n = normalize(&prefix);
                        Shape::Below(if n.len() > 1 { n } else { prefix })
                    } else {
                        Shape::Other
                    }
                }
            }
        }
        Some(Part::Var {
            name,
            state,
            required,
            default,
            ..
        }) => {
            let rest = rest_text(&parts[1..]);
            // Windows paths after a variable (`$env:USERPROFILE\x`, `%TEMP%\x`)
            let rest = if rest.contains('\\') {
                rest.replace('\\', "/")
            } else {
                rest
            };
            if name == "HOME" || name == "USERPROFILE" {
                return home_shape(rest.trim_start_matches('/'));
            }
            if let Some(dir) = windows_variable_dir(name) {
                let p = format!("{dir}{rest}");
                return if parts.len() == 1 || parts[1..].iter().all(|p| matches!(p, Part::Lit { .. })) {
                    Shape::Path(normalize(&p))
                } else {
                    Shape::Below(normalize(dir))
                };
            }
            let temp = *state == VarState::Temp
                || matches!(name.as_str(), "TMPDIR" | "TMP" | "TEMP" | "RUNNER_TEMP")
                || default.as_deref().is_some_and(is_temp_path);
            if temp {
                // `$TMPDIR/../x` climbs out of the temporary directory: somewhere unknown
                return if escapes(&rest) {
                    Shape::Below("/…".into())
                } else {
                    Shape::Temp
                };
            }
            // the shell sets `PWD` itself (and `$(pwd)` is read as it): never empty
            let may_be_empty = !required
                && default.as_deref().is_none_or(str::is_empty)
                && *state != VarState::Special
                && name != "PWD";
            if may_be_empty && rest.starts_with('/') {
                return Shape::VariableRoot(name.clone());
            }
            Shape::Other
        }
        _ => Shape::Other,
    }
}

/// Where the Windows variables that name system directories point, read as the Windows paths
/// below are (drive letter dropped: see [`windows_path`]).
fn windows_variable_dir(name: &str) -> Option<&'static str> {
    Some(match name {
        "SYSTEMROOT" | "WINDIR" => "/Windows",
        "PROGRAMFILES" | "PROGRAMW6432" => "/Program Files",
        "PROGRAMFILES(X86)" => "/Program Files (x86)",
        "PROGRAMDATA" | "ALLUSERSPROFILE" => "/ProgramData",
        "SYSTEMDRIVE" | "HOMEDRIVE" => "/",
        _ => return None,
    })
}

/// A Windows path (`C:\Users\me`, `D:/data`, `\\server\share\x`, `\\?\C:\x`) read as a POSIX
/// one the predicates know: the drive or share root is `/`, separators are `/`, and the
/// well-known directories keep one spelling (`c:\windows` → `/Windows`). `None`: not a Windows
/// absolute path.
pub(crate) fn windows_path(p: &str) -> Option<String> {
    let p = p
        .strip_prefix("\\\\?\\")
        .or_else(|| p.strip_prefix("//?/"))
        .map(|rest| match rest.get(..4) {
            Some(u) if u.eq_ignore_ascii_case("UNC\\") => format!("\\\\{}", &rest[4..]),
            _ => rest.to_owned(),
        })
        .unwrap_or_else(|| p.to_owned());
    let b = p.as_bytes();
    let rest =
        if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b.len() == 2 || matches!(b[2], b'\\' | b'/'))
        {
            &p[2..]
        } else if let Some(unc) = p.strip_prefix("\\\\").filter(|u| !u.starts_with(['\\', '.', '?'])) {
            // `\\server\share` is the root of what it holds
            let mut it = unc.splitn(3, '\\');
            let (_server, share) = (it.next()?, it.next()?);
            if share.is_empty() {
                return None;
            }
            return Some(canonical_windows(&format!("/{}", it.next().unwrap_or(""))));
        } else {
            return None;
        };
    Some(canonical_windows(rest))
}

/// Separators as `/` and the well-known directories in one spelling.
fn canonical_windows(rest: &str) -> String {
    let n = normalize(&format!("/{}", rest.replace('\\', "/")));
    let mut comps: Vec<String> = n.split('/').map(str::to_owned).collect();
    const KNOWN: &[&str] = &[
        "Users",
        "Windows",
        "Program Files",
        "Program Files (x86)",
        "ProgramData",
    ];
    if let Some(first) = comps.get_mut(1)
        && let Some(k) = KNOWN.iter().find(|k| k.eq_ignore_ascii_case(first))
    {
        *first = (*k).to_owned();
    }
    for c in comps.iter_mut().skip(2) {
        for k in ["AppData", "Local", "Temp", "System32", "Roaming"] {
            if k.eq_ignore_ascii_case(c) {
                *c = k.to_owned();
            }
        }
    }
    comps.join("/")
}

/// The shape of a word that is a Windows path.
fn windows_shape(w: &Word) -> Option<Shape> {
    let Some(Part::Lit { text, .. }) = w.parts.first() else {
        return None;
    };
    if !(text.contains('\\') || text.as_bytes().get(1) == Some(&b':')) {
        return None;
    }
    match w.value() {
        Some(v) => windows_path(&v).map(Shape::Path).or_else(|| {
            // a relative Windows path (`.\bin`, `..\..`): separators as `/`
            (v.contains('\\') && !v.contains('/') && !v.starts_with('\\')).then(|| Shape::Path(v.replace('\\', "/")))
        }),
        None => {
            let prefix = w.static_prefix();
            let p = windows_path(&prefix)?;
            (p.len() > 1).then_some(Shape::Below(p))
        }
    }
}

/// A path below the home directory (`tail` is what follows `~/`): still under it, or, when
/// `..` climbs out, the path it reaches with the home taken as `/home/NAME`.
fn home_shape(tail: &str) -> Shape {
    if !escapes(tail) {
        let n = normalize(tail);
        return Shape::Home(if n.is_empty() { String::new() } else { format!("/{n}") });
    }
    Shape::Path(normalize(&format!("/home/{HOME_STAND_IN}/{tail}")))
}

/// The user name standing in for an unknown home directory once `..` leaves it.
const HOME_STAND_IN: &str = "\u{2026}";

/// Whether a relative path climbs above where it starts (`x/../..`, `../y`).
fn escapes(rel: &str) -> bool {
    normalize(rel.trim_start_matches('/')).split('/').next() == Some("..")
}

fn is_user_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !s.starts_with(['-', '.'])
}

fn rest_text(parts: &[Part]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Lit { text, .. } => out.push_str(text),
            _ => out.push('…'),
        }
    }
    out
}

/// A path as the kernel reads it, without following symlinks: `//` collapsed, `.` components
/// and trailing slashes dropped, `..` taking off the component before it (`/tmp/../etc` →
/// `/etc`; above `/` is `/`); a relative path keeps the `..`s it starts with (`a/../../b` →
/// `../b`), and one that leaves nothing is empty (the current directory).
pub(crate) fn normalize(p: &str) -> String {
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if abs => {}
                _ => parts.push(".."),
            },
            c => parts.push(c),
        }
    }
    let joined = parts.join("/");
    if abs { format!("/{joined}") } else { joined }
}

/// A path with `..` as it reads where it lands, for globs: `/var/cache/../lib` → `/var/lib`,
/// `build/..` → `.`, `~/x/../y` → `~/y`; `~/..` (above a home not known) stays as written.
pub(crate) fn landing(p: &str) -> String {
    if let Some(after) = p.strip_prefix('~') {
        let (user, rest) = after.split_once('/').unwrap_or((after, ""));
        if escapes(rest) {
            return p.to_owned();
        }
        let n = normalize(rest);
        return if n.is_empty() {
            format!("~{user}")
        } else {
            format!("~{user}/{n}")
        };
    }
    let n = normalize(p);
    if n.is_empty() { ".".to_owned() } else { n }
}

/// Caches below a home directory that tools fill and refill on their own (`rest` starts with
/// `/`): deleting them costs a download, not data.
const HOME_CACHES: &[&str] = &[
    ".cache",
    ".npm/_cacache",
    ".npm/_npx",
    ".npm/_logs",
    ".cargo/registry/cache",
    ".cargo/registry/index",
    ".cargo/registry/src",
    ".cargo/git/checkouts",
    ".cargo/git/db",
    ".gradle/caches",
    ".gradle/wrapper/dists",
    ".m2/repository",
    ".ivy2/cache",
    ".yarn/cache",
    ".pnpm-store",
    ".ccache",
    ".node-gyp",
    "go/pkg/mod/cache",
    "Library/Caches",
];

/// Whether `rest` (what follows the home directory) is a well-known cache or inside one.
fn is_cache_below_home(rest: &str) -> bool {
    let n = normalize(rest.trim_start_matches('/'));
    HOME_CACHES
        .iter()
        .any(|c| n == *c || n.strip_prefix(c).is_some_and(|r| r.starts_with('/')))
}

/// An absolute path to a cache below a home directory (`/home/NAME/.cache/x`, `/root/.npm/_cacache`).
fn is_home_cache(p: &str) -> bool {
    let n = normalize(p);
    if let Some(rest) = n.strip_prefix("/root/") {
        return is_cache_below_home(rest);
    }
    let c: Vec<&str> = n.trim_start_matches('/').splitn(3, '/').collect();
    match c.as_slice() {
        ["home" | "Users", _, rest] => is_cache_below_home(rest),
        _ => false,
    }
}

fn is_root(p: &str) -> bool {
    p.starts_with('/') && matches!(normalize(p).as_str(), "/" | "/*" | "/.*")
}

fn is_home_path(p: &str) -> bool {
    let n = normalize(p);
    let c: Vec<&str> = n.trim_start_matches('/').split('/').collect();
    if !n.starts_with('/') {
        return false;
    }
    matches!(
        c.as_slice(),
        ["home" | "root" | "Users"] | ["home" | "Users" | "root", _] | ["home" | "Users", _, "*" | ".*"]
    )
}

const SYSTEM_TOP: &[&str] = &[
    "bin",
    "boot",
    "dev",
    "etc",
    "lib",
    "lib32",
    "lib64",
    "libx32",
    "opt",
    "proc",
    "root",
    "sbin",
    "srv",
    "sys",
    "usr",
    "var",
    "mnt",
    "media",
    "run",
    "snap",
    "home",
    "System",
    "Library",
    "Applications",
    "private",
    "nix",
    "Volumes",
    // Windows (paths read by `windows_path`)
    "Windows",
    "Program Files",
    "Program Files (x86)",
    "ProgramData",
];
/// Top-level directories whose direct children are system directories too.
const SYSTEM_DEEP: &[&str] = &[
    "usr",
    "var",
    "etc",
    "boot",
    "bin",
    "sbin",
    "lib",
    "lib64",
    "System",
    "Library",
    "Windows",
    "Program Files",
    "Program Files (x86)",
];

fn is_system(p: &str) -> bool {
    let n = normalize(p);
    if !n.starts_with('/') {
        return false;
    }
    let c: Vec<&str> = n[1..].split('/').filter(|s| !s.is_empty()).collect();
    match c.as_slice() {
        [top] => SYSTEM_TOP.contains(top),
        [top, second] => {
            SYSTEM_DEEP.contains(top)
                && !matches!(*second, "tmp" | "cache" | "run" | "Temp")
                && !(*top == "var" && *second == "log")
                || *top == "etc"
        }
        [top, second, ..] => *top == "etc" || (*top == "Windows" && *second != "Temp"),
        [] => false,
    }
}

pub(crate) fn is_temp_path(p: &str) -> bool {
    let n = normalize(p);
    [
        "/tmp",
        "/var/tmp",
        "/dev/shm",
        "/private/tmp",
        "/private/var/folders",
        "/var/folders",
        "/Windows/Temp",
    ]
    .iter()
    .any(|t| n == *t || n.starts_with(&format!("{t}/")))
        || {
            // a Windows profile's temporary directory
            let c: Vec<&str> = n.trim_start_matches('/').splitn(6, '/').collect();
            matches!(c.as_slice(), ["Users", _, "AppData", "Local", "Temp", ..])
        }
}

fn is_device_sink(p: &str) -> bool {
    matches!(
        p,
        "/dev/null" | "/dev/stdout" | "/dev/stderr" | "/dev/zero" | "/dev/tty"
    ) || p.starts_with("/dev/fd/")
}

fn is_block_device(p: &str) -> bool {
    // a Windows disk or volume device: `\\.\PhysicalDrive0`, `\\.\C:`
    if let Some(dev) = p.strip_prefix("\\\\.\\").or_else(|| p.strip_prefix("//./")) {
        let d = dev.to_ascii_lowercase();
        return d.starts_with("physicaldrive") || d.starts_with("harddisk") || (d.len() == 2 && d.ends_with(':'));
    }
    let Some(dev) = p.strip_prefix("/dev/") else {
        return false;
    };
    [
        "sd", "hd", "vd", "xvd", "nvme", "mmcblk", "disk", "rdisk", "md", "dm-", "mapper/", "loop", "nbd", "sr",
        "mtdblock", "disk/by-",
    ]
    .iter()
    .any(|pre| dev.starts_with(pre))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse;

    fn arg(src: &str) -> Word {
        let s = parse(src);
        s.commands.last().unwrap().args.last().unwrap().clone()
    }

    #[test]
    fn root_home_system() {
        assert!(Builtin::Root.test(&arg("rm -rf /")));
        assert!(Builtin::Root.test(&arg("rm -rf /*")));
        assert!(Builtin::Root.test(&arg("rm -rf //.")));
        assert!(!Builtin::Root.test(&arg("rm -rf /x")));
        assert!(!Builtin::Root.test(&arg("x=; rm -rf \"$x\"")));
        assert!(Builtin::Home.test(&arg("rm -rf ~")));
        assert!(Builtin::Home.test(&arg("rm -rf ~/")));
        assert!(Builtin::Home.test(&arg("rm -rf \"$HOME\"")));
        assert!(Builtin::Home.test(&arg("rm -rf /home/deploy")));
        assert!(!Builtin::Home.test(&arg("rm -rf ~/.cache/x")));
        assert!(Builtin::System.test(&arg("rm -rf /etc")));
        assert!(Builtin::System.test(&arg("rm -rf /usr/lib")));
        assert!(Builtin::System.test(&arg("rm -rf /etc/nginx")));
        assert!(!Builtin::System.test(&arg("rm -rf /srv/data")));
        assert!(!Builtin::System.test(&arg("rm -rf /var/cache")));
        // something below /boot, not /boot itself
        assert!(!Builtin::System.test(&arg("rm -rf \"/boot/$ID/$V\"")));
        assert!(Builtin::Absolute.test(&arg("rm -rf \"/boot/$ID/$V\"")));
    }

    #[test]
    fn absolute_temp_variables() {
        assert!(Builtin::Absolute.test(&arg("rm -rf /srv/data")));
        assert!(Builtin::Absolute.test(&arg("D=/var/lib/x; rm -rf \"$D\"")));
        assert!(!Builtin::Absolute.test(&arg("rm -rf /tmp/x")));
        assert!(!Builtin::Absolute.test(&arg("rm -rf ./build")));
        assert!(Builtin::Temp.test(&arg("t=$(mktemp -d); rm -rf \"$t\"")));
        assert!(Builtin::Temp.test(&arg("rm -rf \"$TMPDIR/x\"")));
        assert!(Builtin::Temp.test(&arg("rm -rf \"${TMPDIR:-/tmp}/x\"")));
        assert!(Builtin::VariableRoot.test(&arg("rm -rf \"$CACHE_ROOT/\"*")));
        assert!(!Builtin::VariableRoot.test(&arg("rm -rf \"${CACHE_ROOT:?}/\"*")));
        assert!(!Builtin::VariableRoot.test(&arg("rm -rf \"$x\"")));
        assert!(Builtin::GlobAll.test(&arg("rm -rf *")));
        assert!(!Builtin::GlobAll.test(&arg("rm -rf '*'")));
        assert!(Builtin::Parent.test(&arg("rm -rf ../..")));
        assert!(Builtin::BlockDevice.test(&arg("mkfs.ext4 /dev/sdb1")));
        assert!(!Builtin::BlockDevice.test(&arg("mkfs.ext4 disk.img")));
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize("/tmp/../etc"), "/etc");
        assert_eq!(normalize("/../.."), "/");
        assert_eq!(normalize("//"), "/");
        assert_eq!(normalize("/usr/./lib//x/"), "/usr/lib/x");
        assert_eq!(normalize("a/../../b"), "../b");
        assert_eq!(normalize("build/.."), "");
        assert_eq!(normalize("./."), "");
        assert_eq!(normalize("../../x/.."), "../..");
        assert_eq!(normalize(""), "");
        assert_eq!(landing("build/.."), ".");
        assert_eq!(landing("~/.cache/../x"), "~/x");
        assert_eq!(landing("~/.."), "~/..");
        assert_eq!(landing("~me/a/.."), "~me");
        assert_eq!(landing("/var/cache/../lib"), "/var/lib");
    }

    #[test]
    fn paths_are_judged_where_they_land() {
        assert!(Builtin::System.test(&arg("rm -rf /tmp/../etc")));
        assert!(!Builtin::Temp.test(&arg("rm -rf /tmp/../etc")));
        assert!(Builtin::Root.test(&arg("rm -rf /tmp/../../")));
        assert!(Builtin::Root.test(&arg("rm -rf //")));
        assert!(Builtin::Parent.test(&arg("rm -rf a/../..")));
        assert!(!Builtin::Parent.test(&arg("rm -rf a/../b")));
        // climbing out of the temporary directory: somewhere not known, absolute
        assert!(!Builtin::Temp.test(&arg("rm -rf \"$TMPDIR/../x\"")));
        assert!(Builtin::Absolute.test(&arg("rm -rf \"$TMPDIR/../x\"")));
        assert!(Builtin::Temp.test(&arg("rm -rf \"$TMPDIR/a/../b\"")));
        assert!(Builtin::Absolute.test(&arg("t=$(mktemp -d); rm -rf \"$t/..\"")));
        // `~user` is that user's home
        assert!(Builtin::Home.test(&arg("rm -rf ~deploy")));
        assert!(Builtin::Home.test(&arg("rm -rf ~root/")));
        assert!(!Builtin::Home.test(&arg("rm -rf ~deploy/app")));
        assert!(Builtin::Absolute.test(&arg("rm -rf ~deploy/app")));
        assert!(Builtin::Absolute.test(&arg("rm -rf ~deploy/$X")));
        // `~/..` is the directory of all homes
        assert!(Builtin::Home.test(&arg("rm -rf ~/..")));
        assert!(Builtin::Home.test(&arg("rm -rf \"$HOME/x/../\"")));
        assert!(Builtin::System.test(&arg("rm -rf ~/../../etc")));
        // odd spellings do not panic
        for odd in [
            "~",
            "~/",
            "~//..",
            "~-",
            "~+/x",
            "~a b",
            "/..//../.",
            "$HOME/../../../..",
            "\"${TMPDIR}/..\"",
        ] {
            for b in Builtin::ALL {
                let _ = b.1.test(&arg(&format!("rm -rf {odd}")));
            }
        }
    }

    #[test]
    fn windows_paths() {
        let w = |v: &str| Word::literal(v, crate::source::Span::new(0, v.len()));
        for root in [
            "C:\\",
            "C:",
            "C:/",
            "d:\\*",
            "\\\\?\\C:\\",
            "\\\\fs01\\backups",
            "\\\\?\\UNC\\fs01\\share\\",
        ] {
            assert!(Builtin::Root.test(&w(root)), "{root}");
        }
        for home in ["C:\\Users", "C:\\Users\\bob", "c:/users/bob/", "C:\\Users\\*"] {
            assert!(Builtin::Home.test(&w(home)), "{home}");
        }
        for sys in [
            "C:\\Windows",
            "c:\\windows\\system32",
            "C:\\Program Files",
            "C:\\ProgramData",
            "C:/Windows/System32/drivers",
        ] {
            assert!(Builtin::System.test(&w(sys)), "{sys}");
        }
        for abs in [
            "C:\\data",
            "D:\\backups\\db",
            "\\\\fs01\\backups\\db",
            "C:\\Users\\bob\\project",
        ] {
            assert!(Builtin::Absolute.test(&w(abs)), "{abs}");
        }
        for not_abs in [
            ".\\bin",
            "bin\\x",
            "C:\\Windows\\Temp\\x",
            "C:\\Users\\bob\\AppData\\Local\\Temp\\y",
        ] {
            assert!(!Builtin::Absolute.test(&w(not_abs)), "{not_abs}");
        }
        assert!(Builtin::Parent.test(&w("..\\..")));
        assert!(Builtin::BlockDevice.test(&w("\\\\.\\PhysicalDrive1")));
        let var = |name: &str, rest: &str| Word {
            span: crate::source::Span::new(0, 1),
            parts: vec![
                Part::Var {
                    name: name.into(),
                    quoted: true,
                    state: VarState::External,
                    required: false,
                    default: None,
                },
                Part::Lit {
                    text: rest.into(),
                    quoted: true,
                    var: None,
                },
            ],
            map: crate::source::OffsetMap::identity(0),
        };
        assert!(Builtin::Home.test(&var("USERPROFILE", "")));
        assert!(Builtin::Temp.test(&var("TEMP", "\\x")));
        assert!(Builtin::System.test(&var("SYSTEMROOT", "\\System32")));
        assert!(Builtin::VariableRoot.test(&var("BUILD", "\\out")));
    }

    #[test]
    fn home_caches_are_scratch() {
        for cache in [
            "~/.cache/pip",
            "\"$HOME/.npm/_cacache\"",
            "~/.cargo/registry/cache",
            "~/.gradle/caches",
            "~/Library/Caches/com.example",
            "/root/.cache/go-build",
            "/home/ci/.m2/repository",
        ] {
            assert!(!Builtin::Absolute.test(&arg(&format!("rm -rf {cache}"))), "{cache}");
        }
        for data in [
            "~/.cargo",
            "~/.cache/../projects",
            "~/.npm",
            "/home/ci/.gradle",
            "~/Library",
        ] {
            assert!(Builtin::Absolute.test(&arg(&format!("rm -rf {data}"))), "{data}");
        }
    }
}
