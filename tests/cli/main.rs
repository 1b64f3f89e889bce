//! CLI integration tests: every test runs the real `lectio` binary.

mod common;
mod machine;

mod align;
mod check;
mod collate;
mod diff;
mod git_diff;
mod hardening;
mod limits;
mod origin;
mod outputs;
mod progress;
mod reliability;
mod renderers;
mod report;
mod store;
mod tei;
mod variants;

/// The engine's property checks, shared with the fuzz targets (terminal and markup safety).
#[path = "../../fuzz/src/engine_props.rs"]
pub mod engine_props;
