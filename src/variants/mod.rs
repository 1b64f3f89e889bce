//! Variants across many witnesses (issue 6): pairwise distances, and a tree of the witnesses
//! grouped by similarity.

pub mod tree;

pub use tree::{Tree, TreeMethod, neighbor_joining, upgma};
