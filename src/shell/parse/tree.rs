//! The syntax tree copied out of tree-sitter in one cursor pass, in pre-order: the walker reads
//! children, fields and subtrees as indexes here instead of stepping tree-sitter cursors again.

use std::num::NonZeroU16;

use super::KIND_NAMES;

const NONE: u32 = u32::MAX;
const NAMED: u8 = 1;
const MISSING: u8 = 2;
const HAS_ERROR: u8 = 4;

/// One node of the tree (tree-sitter's visible nodes only: bash's hidden ones are skipped).
#[derive(Clone, Copy)]
struct Entry {
    start: u32,
    end: u32,
    /// The next sibling, or [`NONE`].
    next: u32,
    /// The index after the last node of this node's subtree (its children start at index + 1).
    subtree_end: u32,
    kind: u16,
    /// The field this node is in its parent (0: none), as tree-sitter's cursor reports it.
    field: u16,
    flags: u8,
}

/// A syntax tree, flattened.
pub(super) struct Flat {
    nodes: Vec<Entry>,
}

impl Flat {
    /// Copies `tree` in one walk of one cursor (every visible node visited once).
    pub(super) fn new(tree: &tree_sitter::Tree) -> Flat {
        let root = tree.root_node();
        let mut nodes: Vec<Entry> = Vec::with_capacity(root.descendant_count());
        // an error or a MISSING node anywhere shows on the root: without one, no need to ask
        let errors = root.has_error();
        let entry = |n: tree_sitter::Node, field: Option<NonZeroU16>| {
            let mut flags = 0;
            if n.is_named() {
                flags |= NAMED;
            }
            if errors && n.is_missing() {
                flags |= MISSING;
            }
            if errors && n.has_error() {
                flags |= HAS_ERROR;
            }
            Entry {
                start: n.start_byte() as u32,
                end: n.end_byte() as u32,
                next: NONE,
                subtree_end: NONE,
                kind: n.kind_id(),
                field: field.map_or(0, NonZeroU16::get),
                flags,
            }
        };
        let mut cursor = root.walk();
        nodes.push(entry(root, None));
        // the open nodes, from the root to the current one
        let mut path: Vec<u32> = vec![0];
        'walk: loop {
            if cursor.goto_first_child() {
                path.push(nodes.len() as u32);
                nodes.push(entry(cursor.node(), cursor.field_id()));
                continue;
            }
            // a leaf, or the last child done: close nodes up to one with a next sibling
            while let Some(cur) = path.pop() {
                let end = nodes.len() as u32;
                nodes[cur as usize].subtree_end = end;
                if path.is_empty() {
                    break 'walk;
                }
                if cursor.goto_next_sibling() {
                    nodes[cur as usize].next = end;
                    path.push(end);
                    nodes.push(entry(cursor.node(), cursor.field_id()));
                    continue 'walk;
                }
                cursor.goto_parent();
            }
            break;
        }
        Flat { nodes }
    }

    pub(super) fn root(&self) -> Node<'_> {
        Node { tree: self, i: 0 }
    }
}

/// A node of a [`Flat`] tree, with the parts of tree-sitter's `Node` API the walker uses.
#[derive(Clone, Copy)]
pub(super) struct Node<'t> {
    tree: &'t Flat,
    i: u32,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}..{}", self.kind_str(), self.start_byte(), self.end_byte())
    }
}

impl<'t> Node<'t> {
    #[inline]
    fn e(&self) -> &'t Entry {
        &self.tree.nodes[self.i as usize]
    }

    /// The node kind's name (`ERROR` for an error node).
    #[inline]
    pub(super) fn kind_str(&self) -> &'static str {
        match KIND_NAMES.get(self.e().kind as usize) {
            Some(k) => k,
            // the error node's id (u16::MAX) is outside the grammar's table
            None if self.is_error() => "ERROR",
            None => "",
        }
    }

    /// A number unique to this node in its tree.
    pub(super) fn id(&self) -> usize {
        self.i as usize
    }

    #[inline]
    pub(super) fn start_byte(&self) -> usize {
        self.e().start as usize
    }

    #[inline]
    pub(super) fn end_byte(&self) -> usize {
        self.e().end as usize
    }

    pub(super) fn byte_range(&self) -> std::ops::Range<usize> {
        self.start_byte()..self.end_byte()
    }

    #[inline]
    pub(super) fn is_named(&self) -> bool {
        self.e().flags & NAMED != 0
    }

    pub(super) fn is_error(&self) -> bool {
        self.e().kind == u16::MAX
    }

    pub(super) fn is_missing(&self) -> bool {
        self.e().flags & MISSING != 0
    }

    pub(super) fn has_error(&self) -> bool {
        self.e().flags & HAS_ERROR != 0
    }

    /// The index after this node's subtree: `i + 1 .. subtree_end` are its descendants.
    fn subtree_end(&self) -> u32 {
        self.e().subtree_end
    }

    /// The children, named and anonymous.
    pub(super) fn children(&self) -> Children<'t> {
        let first = if self.subtree_end() > self.i + 1 {
            self.i + 1
        } else {
            NONE
        };
        Children {
            tree: self.tree,
            next: first,
        }
    }

    pub(super) fn named_children(&self) -> impl Iterator<Item = Node<'t>> + use<'t> {
        self.children().filter(Node::is_named)
    }

    pub(super) fn child(&self, i: usize) -> Option<Node<'t>> {
        self.children().nth(i)
    }

    pub(super) fn named_child(&self, i: usize) -> Option<Node<'t>> {
        self.named_children().nth(i)
    }

    pub(super) fn last_child(&self) -> Option<Node<'t>> {
        self.children().last()
    }

    /// The field this node is in its parent.
    pub(super) fn field(&self) -> Option<NonZeroU16> {
        NonZeroU16::new(self.e().field)
    }

    /// The children in `field`.
    pub(super) fn children_by_field(&self, field: NonZeroU16) -> impl Iterator<Item = Node<'t>> + use<'t> {
        self.children().filter(move |c| c.field() == Some(field))
    }

    /// The first child in `field`.
    pub(super) fn child_by_field(&self, field: NonZeroU16) -> Option<Node<'t>> {
        self.children_by_field(field).next()
    }

    /// The nodes of this node's subtree in pre-order, itself first (see [`Subtree::skip_children`]).
    pub(super) fn subtree(&self) -> Subtree<'t> {
        Subtree {
            tree: self.tree,
            next: self.i,
            end: self.subtree_end(),
        }
    }
}

pub(super) struct Children<'t> {
    tree: &'t Flat,
    next: u32,
}

impl<'t> Iterator for Children<'t> {
    type Item = Node<'t>;

    #[inline]
    fn next(&mut self) -> Option<Node<'t>> {
        if self.next == NONE {
            return None;
        }
        let n = Node {
            tree: self.tree,
            i: self.next,
        };
        self.next = n.e().next;
        Some(n)
    }
}

/// A pre-order walk of a subtree (see [`Node::subtree`]).
pub(super) struct Subtree<'t> {
    tree: &'t Flat,
    next: u32,
    end: u32,
}

impl<'t> Subtree<'t> {
    /// Leaves out the descendants of `node`, the node last returned.
    pub(super) fn skip_children(&mut self, node: Node<'t>) {
        self.next = self.next.max(node.subtree_end());
    }
}

impl<'t> Iterator for Subtree<'t> {
    type Item = Node<'t>;

    #[inline]
    fn next(&mut self) -> Option<Node<'t>> {
        if self.next >= self.end {
            return None;
        }
        let n = Node {
            tree: self.tree,
            i: self.next,
        };
        self.next += 1;
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse::{FIELDS, parse_tree};

    /// The fields the walker reads, by the kind of node it reads them of. (Not every field of
    /// every kind agrees: `child_by_field_id` follows inherited fields the cursor does not report,
    /// e.g. the `operator` of `[[ "$a" = -* ]]`.)
    fn fields_read(kind: &str) -> Vec<NonZeroU16> {
        let f = &*FIELDS;
        match kind {
            "command" => vec![f.name, f.argument, f.redirect],
            "variable_assignment" => vec![f.name, f.value],
            "subscript" => vec![f.name],
            "redirected_statement" => vec![f.body, f.redirect],
            "file_redirect" => vec![f.descriptor, f.destination],
            "for_statement" | "c_style_for_statement" | "select_statement" => vec![f.variable, f.value, f.body],
            "while_statement" | "until_statement" => vec![f.condition, f.body],
            "case_statement" | "case_item" => vec![f.value],
            "function_definition" => vec![f.name, f.body],
            "expansion" => vec![f.operator],
            _ => Vec::new(),
        }
    }

    /// Every node's children, fields and flags as tree-sitter reports them.
    fn same_as_tree_sitter(text: &str) {
        let tree = parse_tree(text).expect("parses");
        let flat = Flat::new(&tree);
        let mut stack = vec![(tree.root_node(), flat.root())];
        let mut seen = 0;
        while let Some((t, f)) = stack.pop() {
            seen += 1;
            assert_eq!(t.kind_id(), f.e().kind);
            assert_eq!(t.byte_range(), f.byte_range());
            assert_eq!(
                (t.is_named(), t.is_error(), t.is_missing(), t.has_error()),
                (f.is_named(), f.is_error(), f.is_missing(), f.has_error())
            );
            assert_eq!(t.child_count() as usize, f.children().count());
            for field in fields_read(f.kind_str()) {
                assert_eq!(
                    t.child_by_field_id(field.get()).map(|n| n.byte_range()),
                    f.child_by_field(field).map(|n| n.byte_range()),
                    "field {field} of {f:?}"
                );
                let ts: Vec<_> = t
                    .children_by_field_id(field, &mut t.walk())
                    .map(|n| n.byte_range())
                    .collect();
                let fl: Vec<_> = f.children_by_field(field).map(|n| n.byte_range()).collect();
                assert_eq!(ts, fl, "field {field} of {f:?}");
            }
            let sub: Vec<_> = f.subtree().map(|n| n.i).collect();
            assert_eq!(sub.first(), Some(&f.i));
            assert_eq!(sub.len(), t.descendant_count());
            let tk: Vec<_> = t.children(&mut t.walk()).collect();
            let fk: Vec<_> = f.children().collect();
            assert_eq!(tk.len(), fk.len());
            stack.extend(tk.into_iter().zip(fk));
        }
        assert_eq!(seen, flat.nodes.len());
    }

    #[test]
    fn flat_tree_matches_tree_sitter() {
        for text in [
            "echo hi",
            "",
            "a=1 b=$(rm -rf /) cmd >f 2>&1 <<EOF | sh\nrm $a\nEOF\n",
            "if [[ -n $x ]]; then rm -rf \"$x\"/*; elif true; then :; else exit 1; fi",
            "case $1 in a|b) rm x;; *) echo \"${y:-z}\" ;; esac\nfor i in 1 2; do echo $i & done",
            "f() { local x=$1; rm -rf \"$x\"; }\nf /\n{a,b}\ncat <<'X'\n$y\nX\n",
            "echo ${a[@]} $((1+2)) <(ls) `date` ; declare -x A=(1 2) ; unset B ; ! true",
            "if then fi ))) {{ (",
        ] {
            same_as_tree_sitter(text);
        }
    }

    /// The fixtures, and a directory of scripts given in `PREFLIGHT_FLAT_TREE_DIR`.
    #[test]
    fn flat_tree_matches_tree_sitter_on_files() {
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata")];
        if let Some(d) = std::env::var_os("PREFLIGHT_FLAT_TREE_DIR") {
            dirs.push(d.into());
        }
        for dir in dirs {
            for e in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
                if !e.file_type().is_file() || e.path().extension().is_some_and(|x| x == "graphql") {
                    continue;
                }
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    eprintln!("{}", e.path().display());
                    same_as_tree_sitter(&text);
                }
            }
        }
    }
}
