//! Syntax errors: the regions of the tree tree-sitter could not parse, and `{a,b}` words it
//! mistook for the start of a `{ … }` group.

use super::tree::Node;

use crate::source::Span;

use super::{span, text};

/// Kinds of nodes that are complete statements: inside an ERROR node they parsed fine.
pub(super) const STATEMENTS: &[&str] = &[
    "command",
    "comment",
    "list",
    "pipeline",
    "redirected_statement",
    "if_statement",
    "while_statement",
    "for_statement",
    "c_style_for_statement",
    "case_statement",
    "function_definition",
    "variable_assignment",
    "variable_assignments",
    "declaration_command",
    "subshell",
    "compound_statement",
    "negated_command",
    "test_command",
    "unset_command",
];

/// `{a,b}` read by tree-sitter-bash as the start of a `{ … }` group.
pub(super) fn is_brace_word(src: &str, node: Node) -> bool {
    matches!(node.kind_str(), "compound_statement" | "ERROR")
        && text(src, node).starts_with('{')
        && src[node.start_byte() + 1..].starts_with(|c: char| !c.is_whitespace())
}

/// The regions of a tree that did not parse: the broken children of each outermost ERROR node
/// and MISSING tokens, in order.
pub(super) fn error_spans(src: &str, root: Node) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut push = |span: Span| match out.last_mut() {
        Some(last) if last.end >= span.start => *last = last.cover(span),
        _ => out.push(span),
    };
    let mut nodes = root.subtree();
    while let Some(node) = nodes.next() {
        if is_brace_word(src, node) {
            // handled by the walker; its MISSING `}` is an artifact
        } else if node.is_error() {
            let broken: Vec<Node> = node
                .children()
                .filter(|k| !STATEMENTS.contains(&k.kind_str()))
                .collect();
            match (broken.first(), broken.last()) {
                (Some(a), Some(b)) => push(Span::new(a.start_byte(), b.end_byte())),
                _ => push(span(node)),
            }
        } else if node.is_missing() {
            push(Span::new(node.start_byte(), node.end_byte().max(node.start_byte())));
        } else if node.has_error() {
            continue; // into its children
        }
        nodes.skip_children(node);
    }
    out
}
