//! Use cases: what a command does end to end, on top of compute and storage. Each module takes
//! the library's option types and returns a result model for a renderer in [`crate::render`];
//! none prints, reads the environment or knows about exit codes.

pub mod check;
pub mod work_report;
