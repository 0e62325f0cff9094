//! Prints the tree-sitter-bash syntax tree of standard input, with field names and byte ranges:
//! `cargo run --example dump_tree < script.sh`. A tool for working on the shell front end.

use std::io::Read;
fn dump(node: tree_sitter::Node, src: &[u8], depth: usize, field: Option<&str>) {
    let text = if node.child_count() == 0 {
        format!(" {:?}", String::from_utf8_lossy(&src[node.byte_range()]))
    } else {
        String::new()
    };
    println!(
        "{}{}{}{} [{}..{}]{}",
        "  ".repeat(depth),
        field.map(|f| format!("{f}: ")).unwrap_or_default(),
        if node.is_named() { "" } else { "'" },
        node.kind(),
        node.start_byte(),
        node.end_byte(),
        text
    );
    let mut c = node.walk();
    for (i, ch) in node.children(&mut c).enumerate() {
        let f = node.field_name_for_child(i as u32);
        dump(ch, src, depth + 1, f);
    }
}
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let mut p = tree_sitter::Parser::new();
    p.set_language(&tree_sitter_bash::LANGUAGE.into()).unwrap();
    let t = p.parse(&s, None).unwrap();
    dump(t.root_node(), s.as_bytes(), 0, None);
}
