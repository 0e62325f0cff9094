//! What PowerShell itself knows about command names and parameters: its built-in aliases, the
//! approved verbs that make a `Verb-Noun` name a cmdlet, and the parameters of the cmdlets the
//! packs read, so that `-Rec`, `-r` and `-Fo` resolve as PowerShell's binder resolves them.

/// Built-in aliases of Windows PowerShell and PowerShell 7 (lowercase → cmdlet). `curl`, `wget`,
/// `sc` and `sort` are left out: PowerShell 7 runs the native programs of those names.
const ALIASES: &[(&str, &str)] = &[
    ("%", "ForEach-Object"),
    ("?", "Where-Object"),
    ("ac", "Add-Content"),
    ("cat", "Get-Content"),
    ("cd", "Set-Location"),
    ("chdir", "Set-Location"),
    ("clc", "Clear-Content"),
    ("clear", "Clear-Host"),
    ("cli", "Clear-Item"),
    ("clp", "Clear-ItemProperty"),
    ("cls", "Clear-Host"),
    ("clv", "Clear-Variable"),
    ("copy", "Copy-Item"),
    ("cp", "Copy-Item"),
    ("cpi", "Copy-Item"),
    ("del", "Remove-Item"),
    ("dir", "Get-ChildItem"),
    ("echo", "Write-Output"),
    ("erase", "Remove-Item"),
    ("foreach", "ForEach-Object"),
    ("gc", "Get-Content"),
    ("gci", "Get-ChildItem"),
    ("gcm", "Get-Command"),
    ("gi", "Get-Item"),
    ("gl", "Get-Location"),
    ("gp", "Get-ItemProperty"),
    ("gps", "Get-Process"),
    ("gsv", "Get-Service"),
    ("gwmi", "Get-WmiObject"),
    ("icm", "Invoke-Command"),
    ("iex", "Invoke-Expression"),
    ("ipmo", "Import-Module"),
    ("irm", "Invoke-RestMethod"),
    ("iwr", "Invoke-WebRequest"),
    ("kill", "Stop-Process"),
    ("ls", "Get-ChildItem"),
    ("mi", "Move-Item"),
    ("move", "Move-Item"),
    ("mv", "Move-Item"),
    ("ni", "New-Item"),
    ("popd", "Pop-Location"),
    ("ps", "Get-Process"),
    ("pushd", "Push-Location"),
    ("pwd", "Get-Location"),
    ("rd", "Remove-Item"),
    ("rdr", "Remove-PSDrive"),
    ("ren", "Rename-Item"),
    ("ri", "Remove-Item"),
    ("rm", "Remove-Item"),
    ("rmdir", "Remove-Item"),
    ("rni", "Rename-Item"),
    ("rp", "Remove-ItemProperty"),
    ("rv", "Remove-Variable"),
    ("rwmi", "Remove-WmiObject"),
    ("sal", "Set-Alias"),
    ("saps", "Start-Process"),
    ("select", "Select-Object"),
    ("set", "Set-Variable"),
    ("si", "Set-Item"),
    ("sl", "Set-Location"),
    ("sleep", "Start-Sleep"),
    ("spps", "Stop-Process"),
    ("spsv", "Stop-Service"),
    ("start", "Start-Process"),
    ("sv", "Set-Variable"),
    ("type", "Get-Content"),
    ("where", "Where-Object"),
    ("write", "Write-Output"),
];

/// PowerShell's approved verbs (`Get-Verb`): a `Verb-Noun` name with one of them is a cmdlet or
/// an advanced function, whose parameters PowerShell binds.
const VERBS: &[&str] = &[
    "add",
    "approve",
    "assert",
    "backup",
    "block",
    "build",
    "checkpoint",
    "clear",
    "close",
    "compare",
    "complete",
    "compress",
    "confirm",
    "connect",
    "convert",
    "convertfrom",
    "convertto",
    "copy",
    "debug",
    "deny",
    "deploy",
    "disable",
    "disconnect",
    "dismount",
    "edit",
    "enable",
    "enter",
    "exit",
    "expand",
    "export",
    "find",
    "format",
    "get",
    "grant",
    "group",
    "hide",
    "import",
    "initialize",
    "install",
    "invoke",
    "join",
    "limit",
    "lock",
    "measure",
    "merge",
    "mount",
    "move",
    "new",
    "open",
    "optimize",
    "out",
    "ping",
    "pop",
    "protect",
    "publish",
    "push",
    "read",
    "receive",
    "redo",
    "register",
    "remove",
    "rename",
    "repair",
    "request",
    "reset",
    "resize",
    "resolve",
    "restart",
    "restore",
    "resume",
    "revoke",
    "save",
    "search",
    "select",
    "send",
    "set",
    "show",
    "skip",
    "split",
    "start",
    "step",
    "stop",
    "submit",
    "suspend",
    "switch",
    "sync",
    "test",
    "trace",
    "unblock",
    "undo",
    "uninstall",
    "unlock",
    "unprotect",
    "unpublish",
    "unregister",
    "update",
    "use",
    "wait",
    "watch",
    "where",
    "foreach",
    "write",
    "tee",
    "sort",
];

/// A parameter of a cmdlet: its name, its aliases and whether it is a switch (takes no value).
type Param = (&'static str, &'static [&'static str], bool);

/// The common parameters every cmdlet has.
const COMMON: &[Param] = &[
    ("Verbose", &["vb"], true),
    ("Debug", &["db"], true),
    ("ErrorAction", &["ea"], false),
    ("WarningAction", &["wa"], false),
    ("InformationAction", &["infa"], false),
    ("ProgressAction", &["proga"], false),
    ("ErrorVariable", &["ev"], false),
    ("WarningVariable", &["wv"], false),
    ("InformationVariable", &["iv"], false),
    ("OutVariable", &["ov"], false),
    ("OutBuffer", &["ob"], false),
    ("PipelineVariable", &["pv"], false),
    ("WhatIf", &["wi"], true),
    ("Confirm", &["cf"], true),
];

const PATHS: &[Param] = &[
    ("Path", &[], false),
    ("LiteralPath", &["PSPath", "LP"], false),
    ("Filter", &[], false),
    ("Include", &[], false),
    ("Exclude", &[], false),
    ("Credential", &[], false),
    ("Force", &[], true),
];

/// Parameters of the cmdlets the packs read (beside [`COMMON`]).
const CMDLETS: &[(&str, &[&[Param]])] = &[
    (
        "Remove-Item",
        &[PATHS, &[("Recurse", &[], true), ("Stream", &[], false)]],
    ),
    ("Clear-Content", &[PATHS, &[("Stream", &[], false)]]),
    ("Clear-Item", &[PATHS]),
    ("Get-Item", &[PATHS, &[("Stream", &[], false)]]),
    (
        "Get-ChildItem",
        &[
            PATHS,
            &[
                ("Recurse", &["s"], true),
                ("Depth", &[], false),
                ("Name", &[], true),
                ("Attributes", &[], false),
                ("Directory", &["ad", "d"], true),
                ("File", &["af"], true),
                ("Hidden", &["ah", "h"], true),
                ("ReadOnly", &["ar"], true),
                ("System", &["as"], true),
                ("FollowSymlink", &[], true),
            ],
        ],
    ),
    (
        "Set-Content",
        &[
            PATHS,
            &[
                ("Value", &[], false),
                ("NoNewline", &[], true),
                ("Encoding", &[], false),
                ("PassThru", &[], true),
            ],
        ],
    ),
    (
        "Move-Item",
        &[PATHS, &[("Destination", &[], false), ("PassThru", &[], true)]],
    ),
    (
        "Copy-Item",
        &[
            PATHS,
            &[
                ("Destination", &[], false),
                ("Recurse", &[], true),
                ("Container", &[], true),
            ],
        ],
    ),
    (
        "Clear-RecycleBin",
        &[&[("DriveLetter", &[], false), ("Force", &[], true)]],
    ),
    (
        "Format-Volume",
        &[&[
            ("DriveLetter", &[], false),
            ("FileSystemLabel", &[], false),
            ("Path", &[], false),
            ("ObjectId", &["Id"], false),
            ("Partition", &[], false),
            ("InputObject", &[], false),
            ("FileSystem", &[], false),
            ("NewFileSystemLabel", &[], false),
            ("AllocationUnitSize", &[], false),
            ("Full", &[], true),
            ("Force", &[], true),
            ("Compress", &[], true),
            ("ShortFileNameSupport", &[], false),
            ("SetIntegrityStreams", &[], false),
            ("UseLargeFRS", &[], true),
            ("DisableHeatGathering", &[], true),
            ("AsJob", &[], true),
        ]],
    ),
    (
        "Clear-Disk",
        &[&[
            ("Number", &["DiskNumber"], false),
            ("UniqueId", &["Id"], false),
            ("FriendlyName", &[], false),
            ("Path", &[], false),
            ("InputObject", &[], false),
            ("RemoveData", &[], true),
            ("RemoveOEM", &[], true),
            ("ZeroOutEntireDisk", &[], true),
            ("PassThru", &[], true),
            ("AsJob", &[], true),
        ]],
    ),
    (
        "Remove-Partition",
        &[&[
            ("DiskNumber", &[], false),
            ("PartitionNumber", &["Number"], false),
            ("DriveLetter", &[], false),
            ("DiskId", &[], false),
            ("Offset", &[], false),
            ("InputObject", &[], false),
            ("PassThru", &[], true),
            ("AsJob", &[], true),
        ]],
    ),
    (
        "Invoke-Sqlcmd",
        &[&[
            ("Query", &[], false),
            ("InputFile", &[], false),
            ("ServerInstance", &[], false),
            ("Database", &[], false),
            ("Username", &[], false),
            ("Password", &[], false),
            ("Credential", &[], false),
            ("ConnectionString", &[], false),
            ("QueryTimeout", &[], false),
            ("Variable", &[], false),
            ("TrustServerCertificate", &[], true),
            ("Encrypt", &[], false),
            ("AbortOnError", &[], true),
            ("IncludeSqlUserErrors", &[], true),
            ("OutputSqlErrors", &[], false),
            ("DisableVariables", &[], true),
            ("DisableCommands", &[], true),
        ]],
    ),
    ("Invoke-Expression", &[&[("Command", &[], false)]]),
    (
        "Invoke-Command",
        &[&[
            ("ScriptBlock", &["Command"], false),
            ("ComputerName", &["Cn"], false),
            ("Session", &[], false),
            ("FilePath", &[], false),
            ("ArgumentList", &["Args"], false),
            ("AsJob", &[], true),
            ("NoNewScope", &[], true),
        ]],
    ),
    (
        "Remove-AzResourceGroup",
        &[&[
            ("Name", &["ResourceGroupName"], false),
            ("Id", &["ResourceGroupId", "ResourceId"], false),
            ("Force", &[], true),
            ("AsJob", &[], true),
            (
                "DefaultProfile",
                &["AzContext", "AzureRmContext", "AzureCredential"],
                false,
            ),
        ]],
    ),
    (
        "Remove-S3Bucket",
        &[&[
            ("BucketName", &[], false),
            ("DeleteBucketContent", &[], true),
            ("Force", &[], true),
            ("Region", &[], false),
            ("ProfileName", &["StoredCredentials", "AWSProfileName"], false),
        ]],
    ),
    (
        "Set-AzContext",
        &[&[
            ("Subscription", &["SubscriptionId", "SubscriptionName"], false),
            ("Tenant", &["Domain", "TenantId"], false),
            ("Context", &[], false),
            ("Name", &[], false),
            ("Force", &[], true),
        ]],
    ),
];

/// Parameters of unknown cmdlets that are switches by convention (what `-Force` and `-Recurse`
/// are everywhere); any other parameter of an unknown cmdlet takes the next word as its value.
const COMMON_SWITCHES: &[&str] = &[
    "Force",
    "Recurse",
    "Recursive",
    "PassThru",
    "AsJob",
    "NoWait",
    "Wait",
    "DeleteBucketContent",
    "DeleteContent",
    "Purge",
    "IncludeAllVersions",
    "All",
    "Async",
    "Quiet",
    "NoProfile",
];

/// The cmdlet an alias stands for (`rm` → `Remove-Item`), any case.
pub fn alias(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    ALIASES.iter().find(|(a, _)| *a == lower).map(|(_, c)| *c)
}

/// The canonical spelling of a cmdlet the table knows (`remove-item` → `Remove-Item`).
pub fn known_cmdlet(name: &str) -> Option<&'static str> {
    CMDLETS
        .iter()
        .map(|(c, _)| *c)
        .chain(ALIASES.iter().map(|(_, c)| *c))
        .find(|c| c.eq_ignore_ascii_case(name))
}

/// Whether `name` reads as a cmdlet or advanced function: `Verb-Noun` with an approved verb.
pub fn is_cmdlet_name(name: &str) -> bool {
    let Some((verb, noun)) = name.split_once('-') else {
        return false;
    };
    !noun.is_empty()
        && noun.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && noun.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && VERBS.contains(&verb.to_ascii_lowercase().as_str())
}

fn params_of(cmdlet: &str) -> Option<impl Iterator<Item = &'static Param>> {
    let (_, groups) = CMDLETS.iter().find(|(c, _)| c.eq_ignore_ascii_case(cmdlet))?;
    Some(groups.iter().flat_map(|g| g.iter()).chain(COMMON.iter()))
}

/// A parameter as PowerShell binds it: the canonical name and whether it is a switch. For a
/// cmdlet of the table, an exact name or alias, else the one parameter the prefix starts
/// (`-Rec` → `Recurse`; an ambiguous prefix stays as written); for other cmdlets, the common
/// parameters likewise, and any other name as written.
pub fn resolve_param(cmdlet: &str, written: &str) -> (String, bool) {
    let lower = written.to_ascii_lowercase();
    let pick = |params: &mut dyn Iterator<Item = &'static Param>| -> Option<(String, bool)> {
        let all: Vec<&Param> = params.collect();
        if let Some(p) = all
            .iter()
            .find(|p| p.0.eq_ignore_ascii_case(&lower) || p.1.iter().any(|a| a.eq_ignore_ascii_case(&lower)))
        {
            return Some((p.0.to_owned(), p.2));
        }
        let starts: Vec<&&Param> = all
            .iter()
            .filter(|p| p.0.to_ascii_lowercase().starts_with(&lower))
            .collect();
        match starts.as_slice() {
            [p] if !lower.is_empty() => Some((p.0.to_owned(), p.2)),
            _ => None,
        }
    };
    if let Some(mut params) = params_of(cmdlet) {
        if let Some(r) = pick(&mut params) {
            return r;
        }
        return (written.to_owned(), false);
    }
    if let Some((name, switch)) = pick(&mut COMMON.iter()) {
        return (name, switch);
    }
    let switch = COMMON_SWITCHES.iter().find(|s| s.eq_ignore_ascii_case(written));
    match switch {
        Some(s) => ((*s).to_owned(), true),
        None => (written.to_owned(), false),
    }
}

/// Whether `written` names a parameter of `cmdlet`, a cmdlet of the table (exactly, by alias or
/// by an unambiguous prefix).
pub fn resolves(cmdlet: &str, written: &str) -> bool {
    params_of(cmdlet).is_none() || resolve_param(cmdlet, written).0 != written || {
        let mut p = params_of(cmdlet).expect("checked above");
        p.any(|p| p.0.eq_ignore_ascii_case(written))
    }
}

/// Aliases that are also the names of Unix programs: PowerShell 7 on Linux and macOS runs the
/// program, and a command line written for it (`rm -rf /`) is read as that program's.
pub const UNIX_NAMES: &[&str] = &["rm", "ls", "cp", "mv", "cat", "ps", "kill", "sleep", "rmdir"];

/// Whether a (resolved) parameter of `cmdlet` is a switch: it takes no value.
pub fn is_switch(cmdlet: &str, name: &str) -> bool {
    resolve_param(cmdlet, name).1
}

/// Parameters whose value is the item path (`Remove-Item -Path X` is `Remove-Item X`): the front
/// end writes their values as positionals, where the path predicates look.
pub fn is_path_param(cmdlet: &str, name: &str) -> bool {
    matches!(name, "Path" | "LiteralPath") && params_of(cmdlet).is_some_and(|mut p| p.any(|p| p.0 == "LiteralPath"))
}

/// Windows programs whose options are `/x` switches, run from PowerShell or cmd.exe: their
/// switches are normalized like cmd.exe's.
pub const SWITCH_PROGRAMS: &[&str] = &[
    "cmd",
    "robocopy",
    "xcopy",
    "vssadmin",
    "wmic",
    "cipher",
    "format",
    "diskpart",
    "wbadmin",
    "bcdedit",
    "fsutil",
    "icacls",
    "takeown",
    "schtasks",
    "sc",
    "net",
    "reg",
    "taskkill",
    "shutdown",
    "manage-bde",
    "rd",
    "rmdir",
    "del",
    "erase",
    "dir",
    "copy",
    "move",
    "attrib",
    "chkdsk",
    "mountvol",
    "diskshadow",
    "wevtutil",
    "sdelete",
    "where",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_resolve_as_powershell_binds_them() {
        assert_eq!(
            resolve_param("Remove-Item", "-Rec".trim_start_matches('-')),
            ("Recurse".into(), true)
        );
        assert_eq!(resolve_param("Remove-Item", "r"), ("Recurse".into(), true));
        assert_eq!(resolve_param("Remove-Item", "fo"), ("Force".into(), true));
        // `-f` is Filter or Force: ambiguous, left as written
        assert_eq!(resolve_param("Remove-Item", "f"), ("f".into(), false));
        assert_eq!(resolve_param("Remove-Item", "lp"), ("LiteralPath".into(), false));
        assert_eq!(resolve_param("Remove-Item", "wi"), ("WhatIf".into(), true));
        assert_eq!(resolve_param("Remove-AzSqlDatabase", "force"), ("Force".into(), true));
        assert_eq!(
            resolve_param("Remove-AzSqlDatabase", "ServerName"),
            ("ServerName".into(), false)
        );
        assert_eq!(resolve_param("Remove-AzResourceGroup", "n"), ("Name".into(), false));
        assert!(is_cmdlet_name("Remove-AzResourceGroup"));
        assert!(!is_cmdlet_name("docker-compose"));
        assert_eq!(alias("RD"), Some("Remove-Item"));
        assert_eq!(known_cmdlet("remove-item"), Some("Remove-Item"));
    }
}
