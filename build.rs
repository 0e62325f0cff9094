//! Embeds every rule pack under `rules/` into the binary (the list is generated, so adding a
//! pack means adding one TOML file), both as TOML text (for documentation and error spans) and
//! parsed: each rule's and program's spec as postcard bytes (decoded the first time a command
//! needs it) and the rules' lookup index as sorted Rust statics. The binary neither parses TOML
//! nor builds an index at start, which keeps a whole `preflight hook` run near a millisecond.
//! Every pack is validated here as the loader validates a user pack (`src/rules/validate.rs`)
//! and indexed by the loader's own code (`src/rules/index.rs`): a mistake fails `cargo build`.

// The rule-pack schema and the levels it uses, the engine rules, the pack validation and the
// index entries, compiled into the build script too.
#[allow(dead_code)]
#[path = "src/rules/engine_rules.rs"]
mod engine_rules;
#[allow(dead_code)]
#[path = "src/rules/index.rs"]
mod index;
#[allow(dead_code)]
#[path = "src/levels.rs"]
mod levels;
#[allow(dead_code)]
#[path = "src/rules/schema.rs"]
mod schema;
#[allow(dead_code)]
#[path = "src/rules/validate.rs"]
mod validate;

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::Path;

use index::Slot;

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
    println!("cargo:rerun-if-changed=src/rules/engine_rules.rs");
    println!("cargo:rerun-if-changed=src/rules/index.rs");
    println!("cargo:rerun-if-changed=src/rules/validate.rs");
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
    validate_packs(&parsed);
    check_engine_rules(&parsed);
    let rule_bytes: Vec<Vec<Vec<u8>>> = parsed
        .iter()
        .map(|(_, p)| p.rules.iter().map(|r| postcard::to_allocvec(r).unwrap()).collect())
        .collect();
    let merged = schema::merge_programs(parsed.iter().map(|(_, p)| p));
    let program_bytes: Vec<Vec<u8>> = merged.values().map(|s| postcard::to_allocvec(s).unwrap()).collect();
    let builtin = BuiltinRules {
        packs: parsed
            .iter()
            .map(|(n, p)| (n.as_str(), p.pack.family.as_str()))
            .collect(),
        rules: parsed
            .iter()
            .enumerate()
            .flat_map(|(i, (_, p))| {
                let bytes = &rule_bytes[i];
                p.rules.iter().zip(bytes).map(move |(r, b)| BuiltinRule {
                    pack: i as u32,
                    keys: index::RuleKeys::of(r),
                    spec: b,
                })
            })
            .collect(),
        programs: merged
            .iter()
            .zip(&program_bytes)
            .map(|((name, spec), b)| BuiltinProgram {
                name,
                aliases: spec.aliases.iter().map(String::as_str).collect(),
                spec: b,
            })
            .collect(),
    };
    out.push_str(&index_source(&builtin));
    let lexicon = postcard::to_allocvec(&schema::merge_lexicons(parsed.iter().map(|(_, p)| p))).unwrap();
    out.push_str(&format!(
        "/// The verb lexicon of the built-in packs, merged (postcard bytes of a `LexiconSpec`).\npub static BUILTIN_LEXICON: &[u8] = &{lexicon:?};\n"
    ));
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_packs.rs"), out).unwrap();
}

/// The built-in packs as gathered here before they are written out: every rule's keys, and each
/// rule's and each program's spec as its own postcard bytes, which the binary decodes the first
/// time it uses them (a run that checks one command decodes a handful of the rules).
struct BuiltinRules<'a> {
    /// (file name, family) of each pack.
    packs: Vec<(&'a str, &'a str)>,
    rules: Vec<BuiltinRule<'a>>,
    /// The programs, merged across the packs.
    programs: Vec<BuiltinProgram<'a>>,
}

struct BuiltinRule<'a> {
    /// Index into [`BuiltinRules::packs`].
    pack: u32,
    keys: index::RuleKeys<'a>,
    /// Postcard bytes of the `RuleSpec`.
    spec: &'a [u8],
}

struct BuiltinProgram<'a> {
    name: &'a str,
    aliases: Vec<&'a str>,
    /// Postcard bytes of the merged `ProgramSpec`.
    spec: &'a [u8],
}

type Entries = BTreeMap<String, Vec<(u32, u32)>>;

/// The built-in rules' metadata and lookup index as Rust statics (module `builtin_index`): sorted
/// tables searched by binary search, so a process builds no index at start. Each rule's and
/// program's spec is postcard bytes in one blob, decoded the first time it is used.
fn index_source(b: &BuiltinRules) -> String {
    let mut blob: Vec<u8> = Vec::new();
    let mut put = |bytes: &[u8]| {
        let start = blob.len() as u32;
        blob.extend_from_slice(bytes);
        (start, blob.len() as u32)
    };
    let aliases: BTreeMap<&str, &[&str]> = b
        .programs
        .iter()
        .filter(|p| !p.aliases.is_empty())
        .map(|p| (p.name, p.aliases.as_slice()))
        .collect();
    let mut rules = String::new();
    let mut by_id: BTreeMap<&str, u32> = BTreeMap::new();
    let (mut by_program, mut direct, mut by_field, mut by_token) =
        (Entries::new(), Entries::new(), Entries::new(), Entries::new());
    let (mut globs, mut by_write, mut gql_any, mut sql) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (idx, r) in b.rules.iter().enumerate() {
        let idx = idx as u32;
        let k = &r.keys;
        let (start, end) = put(r.spec);
        rules.push_str(&format!(
            "    ({:?}, {}, {:?}, {start}, {end}),\n",
            k.id,
            r.pack,
            k.kinds()
        ));
        by_id.insert(k.id, idx);
        // filed by the same `RuleKeys::slots` as `RuleSet::index` files a rule loaded at run time
        for (mi, slot) in k.slots() {
            let at = (idx, mi);
            match slot {
                Slot::Program(p) => {
                    by_program.entry(p.to_owned()).or_default().push(at);
                    direct.entry(p.to_owned()).or_default().push(at);
                    for a in aliases.get(p).copied().unwrap_or_default() {
                        by_program.entry((*a).to_owned()).or_default().push(at);
                    }
                }
                Slot::ProgramGlob(p) => globs.push((p, at)),
                Slot::Write => by_write.push(at),
                Slot::GqlField(f) => by_field.entry(f.to_owned()).or_default().push(at),
                Slot::GqlToken(t) => by_token.entry(t).or_default().push(at),
                Slot::GqlAny => gql_any.push(at),
                Slot::Sql(kind) => sql.push((kind, at)),
            }
        }
    }
    let mut programs: BTreeMap<&str, u32> = BTreeMap::new();
    let mut program_specs = String::new();
    for (i, p) in b.programs.iter().enumerate() {
        let (start, end) = put(p.spec);
        program_specs.push_str(&format!("({start}, {end}), "));
        programs.insert(p.name, i as u32);
        for &a in &p.aliases {
            programs.insert(a, i as u32);
        }
    }
    let table = |name: &str, doc: &str, m: &Entries| {
        let mut s = format!("    /// {doc}\n    pub static {name}: &[(&str, &[(u32, u32)])] = &[\n");
        for (k, v) in m {
            s.push_str(&format!("        ({k:?}, &{v:?}),\n"));
        }
        s + "    ];\n"
    };
    let mut s = String::from(
        "/// The built-in rules' metadata and index, generated by `build.rs` (see `index_source`).\npub(crate) mod builtin_index {\n",
    );
    let path = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_specs.bin");
    fs::write(&path, &blob).unwrap();
    s.push_str(&format!(
        "    /// Postcard bytes of every rule's and program's spec.\n    pub static SPECS: &[u8] = include_bytes!({:?});\n",
        path.display().to_string()
    ));
    s.push_str(&format!(
        "    /// (file name, family) of each pack.\n    pub static PACKS: &[(&str, &str)] = &{:?};\n",
        b.packs
    ));
    s.push_str(&format!(
        "    /// (id, pack, [shell, graphql, sql], spec start, spec end) of each rule, in load order.\n    pub static RULES: &[(&str, u32, [bool; 3], u32, u32)] = &[\n{rules}    ];\n"
    ));
    s.push_str(&format!(
        "    /// Rule ids, sorted, with their index.\n    pub static BY_ID: &[(&str, u32)] = &{:?};\n",
        by_id.into_iter().collect::<Vec<_>>()
    ));
    s.push_str(&format!(
        "    /// Program names and aliases, sorted, with their program's index.\n    pub static PROGRAMS: &[(&str, u32)] = &{:?};\n",
        programs.into_iter().collect::<Vec<_>>()
    ));
    s.push_str(&format!("    /// (spec start, spec end) of each program.\n    pub static PROGRAM_SPECS: &[(u32, u32)] = &[{program_specs}];\n"));
    s.push_str("    /// Programs with aliases, sorted.\n    pub static PROGRAM_ALIASES: &[(&str, &[&str])] = &[\n");
    for (name, list) in aliases {
        s.push_str(&format!("        ({name:?}, &{list:?}),\n"));
    }
    s.push_str("    ];\n");
    s.push_str(&table(
        "BY_PROGRAM",
        "Program name (or alias) → (rule, matcher), sorted.",
        &by_program,
    ));
    s.push_str(&table(
        "BY_PROGRAM_DIRECT",
        "Program name as the matchers write it → (rule, matcher), sorted.",
        &direct,
    ));
    s.push_str(&table(
        "GQL_BY_FIELD",
        "GraphQL field → (rule, matcher), sorted.",
        &by_field,
    ));
    s.push_str(&table(
        "GQL_BY_TOKEN",
        "Lowercase GraphQL name token → (rule, matcher), sorted.",
        &by_token,
    ));
    s.push_str(&format!(
        "    /// Program-name globs.\n    pub static PROGRAM_GLOBS: &[(&str, (u32, u32))] = &{globs:?};\n"
    ));
    s.push_str(&format!(
        "    /// Matchers of any program that writes a file.\n    pub static BY_WRITE: &[(u32, u32)] = &{by_write:?};\n"
    ));
    s.push_str(&format!(
        "    /// GraphQL matchers for any field.\n    pub static GQL_ANY: &[(u32, u32)] = &{gql_any:?};\n"
    ));
    s.push_str(&format!(
        "    /// SQL statement kind → (rule, matcher).\n    pub static SQL_KINDS: &[(&str, (u32, u32))] = &{sql:?};\n"
    ));
    s + "}\n"
}

/// Each built-in pack checked as the loader checks a user pack ([`validate::validate_pack`], with
/// a std-only glob parser), and the rule ids unique across the packs: a mistake fails the build
/// with the pack's file name and the rule's id instead of the first run.
fn validate_packs(parsed: &[(String, schema::PackFile)]) {
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    for (file, pack) in parsed {
        if let Err(e) = validate::validate_pack(pack, &validate::check_glob) {
            panic!("rules/{file}: {e}");
        }
        for r in &pack.rules {
            if let Some(other) = ids.insert(&r.id, file) {
                panic!(
                    "rules/{file}: rule `{}`: a rule with this id is already in rules/{other}",
                    r.id
                );
            }
        }
    }
}

/// Every rule without a matcher is one the engine reports itself: it must be an
/// [`engine_rules::EngineRule`], and every `EngineRule` must have its entry in a pack.
fn check_engine_rules(parsed: &[(String, schema::PackFile)]) {
    use engine_rules::EngineRule;
    let mut seen = Vec::new();
    for (file, pack) in parsed {
        for r in &pack.rules {
            let matchless = r.shell.is_empty() && r.graphql.is_empty() && r.sql.is_empty();
            match (EngineRule::from_id(&r.id), matchless) {
                (Some(e), true) => {
                    assert!(
                        e.category() == r.category,
                        "{file}: rule `{}` has category {:?} in its pack but {:?} in src/rules/engine_rules.rs",
                        r.id,
                        r.category,
                        e.category()
                    );
                    seen.push(e)
                }
                (Some(_), false) => panic!("{file}: rule `{}` is an engine rule but has matchers", r.id),
                (None, true) => panic!(
                    "{file}: rule `{}` has no matcher and is not an engine rule (add it to src/rules/engine_rules.rs)",
                    r.id
                ),
                (None, false) => {}
            }
        }
    }
    for e in EngineRule::ALL {
        assert!(seen.contains(e), "engine rule `{}` has no entry in rules/", e.id());
    }
}
