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
            if name == "HOME" {
                return home_shape(rest.trim_start_matches('/'));
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
];
/// Top-level directories whose direct children are system directories too.
const SYSTEM_DEEP: &[&str] = &[
    "usr", "var", "etc", "boot", "bin", "sbin", "lib", "lib64", "System", "Library",
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
                && !matches!(*second, "tmp" | "cache" | "run")
                && !(*top == "var" && *second == "log")
                || *top == "etc"
        }
        [top, ..] => *top == "etc",
        [] => false,
    }
}

fn is_temp_path(p: &str) -> bool {
    let n = normalize(p);
    [
        "/tmp",
        "/var/tmp",
        "/dev/shm",
        "/private/tmp",
        "/private/var/folders",
        "/var/folders",
    ]
    .iter()
    .any(|t| n == *t || n.starts_with(&format!("{t}/")))
}

fn is_device_sink(p: &str) -> bool {
    matches!(
        p,
        "/dev/null" | "/dev/stdout" | "/dev/stderr" | "/dev/zero" | "/dev/tty"
    ) || p.starts_with("/dev/fd/")
}

fn is_block_device(p: &str) -> bool {
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
