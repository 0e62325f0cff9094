//! The physical limit of this design: read every file and parse it (tree-sitter-bash for shell,
//! graphql-parser for GraphQL), in parallel, and nothing else. `scripts/bench.sh` compares
//! `preflight check` with it.
//!
//! `cargo run --release --example parse_only -- [--threads N] [--lang shell|graphql] PATH…`
//! prints `files bytes seconds MB/s`. Files under a path are read as `--lang`, else by
//! extension (`.graphql`/`.gql` GraphQL, anything else shell).

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut threads = 0;
    let mut lang: Option<String> = None;
    let mut roots: Vec<PathBuf> = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" => threads = args.next().and_then(|n| n.parse().ok()).expect("--threads N"),
            "--lang" => lang = args.next(),
            _ => roots.push(a.into()),
        }
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(16 * 1024 * 1024)
        .build_global()
        .unwrap();
    let started = Instant::now();
    let files: Vec<PathBuf> = roots
        .iter()
        .flat_map(|r| walkdir::WalkDir::new(r).sort_by_file_name())
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let bytes: usize = files
        .par_iter()
        .map_init(
            || {
                let mut p = tree_sitter::Parser::new();
                p.set_language(&tree_sitter_bash::LANGUAGE.into()).unwrap();
                p
            },
            |parser, path| {
                let Ok(data) = std::fs::read(path) else { return 0 };
                let graphql = match lang.as_deref() {
                    Some(l) => l == "graphql",
                    None => path.extension().is_some_and(|e| e == "graphql" || e == "gql"),
                };
                if graphql {
                    let text = String::from_utf8_lossy(&data);
                    let parsed = graphql_parser::parse_query::<String>(&text).map(|_| ()).is_ok()
                        || graphql_parser::parse_schema::<String>(&text).is_ok();
                    std::hint::black_box(parsed);
                } else {
                    let tree = parser.parse(&data, None);
                    std::hint::black_box(tree.map(|t| t.root_node().child_count()));
                }
                data.len()
            },
        )
        .sum();
    let secs = started.elapsed().as_secs_f64();
    println!("{} {} {:.3} {:.2}", files.len(), bytes, secs, bytes as f64 / secs / 1e6);
}
