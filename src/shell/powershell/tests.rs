use super::*;
use crate::shell::{Command, Dialect, Part, VarState};

fn cmds(src: &str) -> Vec<Command> {
    parse(src).commands
}

#[test]
fn the_grammar_loads_with_this_tree_sitter() {
    // tree-sitter-powershell is generated for ABI 15; tree-sitter 0.27 reads 13 to 15
    let lang = language();
    assert!(
        (tree_sitter::MIN_COMPATIBLE_LANGUAGE_VERSION..=tree_sitter::LANGUAGE_VERSION).contains(&lang.abi_version()),
        "ABI {}",
        lang.abi_version()
    );
    let tree = parse_tree("Remove-Item -Recurse C:\\x").unwrap();
    assert!(!tree.root_node().has_error());
}

#[test]
fn aliases_and_parameter_prefixes_resolve() {
    let c = &cmds("rm -r -Fo:$true -Confirm:$false 'C:\\data'")[0];
    assert_eq!(c.program.as_deref(), Some("Remove-Item"));
    assert_eq!(c.dialect, Dialect::Cmdlet);
    let args: Vec<String> = c.args.iter().map(|a| a.value().unwrap()).collect();
    assert_eq!(args, ["--Recurse", "--Force=true", "--Confirm=false", "C:\\data"]);
    assert_eq!(c.display(), "rm -Recurse -Force:true -Confirm:false C:\\data");
    let c = &cmds("Remove-Item -Path C:\\a,'C:\\b c' -Rec")[0];
    let args: Vec<String> = c.args.iter().map(|a| a.value().unwrap()).collect();
    assert_eq!(args, ["C:\\a", "C:\\b c", "--Recurse"]);
    for alias in ["del", "erase", "rd", "rmdir", "ri", "RM"] {
        assert_eq!(
            cmds(&format!("{alias} x"))[0].program.as_deref(),
            Some("Remove-Item"),
            "{alias}"
        );
    }
}

#[test]
fn native_programs_keep_their_words() {
    let c = &cmds("& kubectl.exe delete ns prod --force -n x")[0];
    assert_eq!(c.program.as_deref(), Some("kubectl"));
    assert_eq!(c.dialect, Dialect::Posix);
    assert_eq!(c.display(), "kubectl.exe delete ns prod --force -n x");
    let c = &cmds("vssadmin delete shadows /all /quiet")[0];
    assert_eq!(c.dialect, Dialect::Cmd);
    assert_eq!(c.args[2].as_lit(), Some("--all"));
    assert_eq!(c.display(), "vssadmin delete shadows /all /quiet");
}

#[test]
fn variables_and_strings() {
    let s = parse(
        "$d = \"C:\\srv\"\nRemove-Item \"$d\\data\" -Recurse\nRemove-Item \"$env:TEMP\\x\" -Recurse\nRemove-Item @p\n",
    );
    assert_eq!(s.commands[0].args[0].value().as_deref(), Some("C:\\srv\\data"));
    assert!(
        matches!(&s.commands[1].args[0].parts[0], Part::Var { name, state: VarState::External, .. } if name == "TEMP")
    );
    assert!(matches!(s.commands[2].args[0].parts[0], Part::Subst));
    assert_eq!(s.assignments[0].name, "d");
    let s = parse("Remove-Item C:\\$x\\y -Recurse");
    assert!(matches!(&s.commands[0].args[0].parts[1], Part::Var { name, .. } if name == "x"));
}

#[test]
fn pipelines_give_items_to_remove_item() {
    let s = parse("Get-ChildItem C:\\logs -Recurse | Remove-Item -Force");
    let rm = &s.commands[1];
    assert_eq!(rm.piped_from, Some(0));
    let args: Vec<String> = rm.args.iter().map(|a| a.value().unwrap()).collect();
    assert_eq!(args, ["--Force", "--Recurse", "C:\\logs"]);
    // a filter narrows what goes
    let s = parse("Get-ChildItem C:\\logs -Filter *.log | Remove-Item");
    assert!(s.commands[1].args.is_empty());
}

#[test]
fn dynamic_code_and_conditions() {
    let s = parse(
        "iex $cmd; [ScriptBlock]::Create($x)\nif ($env:APP_ENV -ne 'staging') { exit 1 }\nRemove-Item C:\\x -Recurse\n",
    );
    assert_eq!(s.commands[0].program.as_deref(), Some("Invoke-Expression"));
    assert_eq!(s.commands[1].program.as_deref(), Some("Invoke-Expression"));
    assert_eq!(s.guards[0].exits_when, Some(true));
    assert_eq!(s.commands[2].context.guards.len(), 1);
    assert!(!s.guards[0].test_words.is_empty());
}

#[test]
fn encoded_commands_decode() {
    // "Remove-Item C:\x" in UTF-16LE
    let text = "Remove-Item C:\\x";
    let units: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(units);
    assert_eq!(decode_encoded_command(&b64).as_deref(), Some(text));
    assert_eq!(decode_encoded_command("!!"), None);
    // a lone surrogate is not UTF-16
    let bad = base64::engine::general_purpose::STANDARD.encode([0x00, 0xd8]);
    assert_eq!(decode_encoded_command(&bad), None);
}

#[test]
fn sniffing() {
    assert!(looks_like_powershell("Remove-Item -Recurse C:\\x"));
    assert!(looks_like_powershell("$x = 1; rm $x"));
    assert!(looks_like_powershell("cd C:\\x; Get-ChildItem"));
    assert!(!looks_like_powershell("rm -rf /tmp/x"));
    assert!(!looks_like_powershell("x=1; echo $x"));
    assert!(!looks_like_powershell("git push --force"));
}

#[test]
fn bad_input_is_bounded_and_never_panics() {
    for odd in [
        "@'\nunterminated",
        "@\"\n$(",
        "{ { { ( ]",
        "Remove-Item -",
        "& ",
        "$",
        "@",
        "`",
        "function { param(",
        "if (",
        "Get-ChildItem | ",
        "-Recurse",
    ] {
        let _ = parse(odd);
    }
    let deep = format!("{}Remove-Item x{}", "$(".repeat(3000), ")".repeat(3000));
    let s = parse(&deep);
    assert!(s.truncated.is_some() || !s.errors.is_empty() || s.unusable);
    let long = format!("Write-Output {}", "a ".repeat(500_000));
    let t = std::time::Instant::now();
    let _ = parse(&long);
    assert!(t.elapsed().as_secs() < 20);
}

#[test]
fn variables_followed_by_paths_are_quoted_before_parsing() {
    let src = "Remove-Item $env:TEMP\\x -Recurse\nRemove-Item $HOME\\.cache\nRemove-Item 'a$b\\c' # $x\\y\n$n = $a/2\n";
    let (text, map) = prepare(src).unwrap();
    assert_eq!(
        text,
        "Remove-Item \"$env:TEMP\\x\" -Recurse\nRemove-Item \"$HOME\\.cache\"\nRemove-Item 'a$b\\c' # $x\\y\n$n = $a/2\n"
    );
    let s = parse(&text);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(s.commands.len(), 3);
    // the word maps back onto the original `$HOME\.cache`
    let w = &s.commands[1].args[0];
    let at = map.map(w.span.start() + 1);
    assert_eq!(&src[at..at + 5], "$HOME");
    assert!(prepare("Remove-Item C:\\x").is_none());
}
