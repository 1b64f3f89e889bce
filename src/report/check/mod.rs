//! Renderers for `lectio check`, one file per format.

pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

fn describe(f: &crate::check::Finding) -> String {
    format!(
        "{} {}: \u{ab}{}\u{bb} \u{2192} \u{ab}{}\u{bb}",
        f.class, f.kind, f.old, f.new
    )
}
