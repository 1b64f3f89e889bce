//! Use cases: what a command does end to end, on top of compute and storage. Each module takes
//! the library's option types and returns a result model for a renderer in [`crate::render`];
//! none prints, reads the environment or knows about exit codes.

/// The checks of `lectio add` before it stores (TEI must be readable; its words counted).
pub mod add;
/// All pairs of witnesses compared, sharded or whole (`lectio variants`).
pub mod all_pairs;
pub mod check;
/// The work report (`lectio report`), rendered by [`crate::render::page`].
pub mod work_report;
