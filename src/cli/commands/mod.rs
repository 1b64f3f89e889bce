//! One file per command; each file's doc comment is its help.

pub mod add;
pub mod align;
pub mod align_score;
pub mod cat;
pub mod check;
pub mod collate;
pub mod completions;
pub mod diff;
pub mod extract;
pub mod gc;
pub mod git_diff;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
pub mod report;
pub mod variants;
pub mod verify;
