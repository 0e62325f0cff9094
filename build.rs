//! Embeds every rule pack under `rules/` into the binary (the list is generated, so adding a
//! pack means adding one TOML file), both as TOML text (for documentation and error spans) and
//! parsed, as postcard bytes: the binary decodes them at start instead of parsing TOML, which
//! keeps a whole `preflight hook` run near a millisecond.

// The rule-pack schema and the levels it uses, compiled into the build script too.
#[allow(dead_code)]
#[path = "src/levels.rs"]
mod levels;
#[allow(dead_code)]
#[path = "src/rules/schema.rs"]
mod schema;

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    // a position-dependent executable: no relocations to apply at start (30,000 of them as a
    // PIE), which halves the start-up of every `preflight hook` call
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/levels.rs");
    println!("cargo:rerun-if-changed=src/rules/schema.rs");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("rules/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// The built-in rule packs: (file name, TOML text).\npub static BUILTIN_PACKS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    // parsed: a syntax error fails the build with the TOML's own message
    let mut parsed: Vec<(String, schema::PackFile)> = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        let pack: schema::PackFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        parsed.push((f.file_name().unwrap().to_string_lossy().into_owned(), pack));
    }
    let rule_bytes: Vec<Vec<Vec<u8>>> = parsed
        .iter()
        .map(|(_, p)| p.rules.iter().map(|r| postcard::to_allocvec(r).unwrap()).collect())
        .collect();
    let merged = schema::merge_programs(parsed.iter().map(|(_, p)| p));
    let program_bytes: Vec<Vec<u8>> = merged.values().map(|s| postcard::to_allocvec(s).unwrap()).collect();
    let builtin = schema::BuiltinRules {
        packs: parsed
            .iter()
            .map(|(n, p)| (n.as_str(), p.pack.family.as_str()))
            .collect(),
        rules: parsed
            .iter()
            .enumerate()
            .flat_map(|(i, (_, p))| {
                let bytes = &rule_bytes[i];
                p.rules.iter().zip(bytes).map(move |(r, b)| schema::BuiltinRule {
                    pack: i as u32,
                    keys: schema::RuleKeys::of(r),
                    spec: b,
                })
            })
            .collect(),
        programs: merged
            .iter()
            .zip(&program_bytes)
            .map(|((name, spec), b)| schema::BuiltinProgram {
                name,
                aliases: spec.aliases.iter().map(String::as_str).collect(),
                spec: b,
            })
            .collect(),
    };
    let bytes = postcard::to_allocvec(&builtin).expect("the packs serialize");
    let bin = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_packs.bin");
    fs::write(&bin, bytes).unwrap();
    out.push_str(&format!(
        "/// The built-in rule packs, parsed at build time: postcard bytes of `BuiltinRules`.\npub static BUILTIN_PACKS_PARSED: &[u8] = include_bytes!({:?});\n",
        bin.display().to_string()
    ));
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_packs.rs"), out).unwrap();
}
