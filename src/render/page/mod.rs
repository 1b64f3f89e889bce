//! The report page: renderers of the work report ([`crate::usecase::work_report::Report`], the
//! model of `lectio report`): the self-contained HTML page ([`html`]), the short text summary
//! ([`text`]) and the JSON document ([`json`]). "Report" means this one thing in lectio: the
//! model is built by [`crate::usecase::work_report`], rendered here, and run by the `report`
//! command (`src/cli/commands/report.rs`). The HTML pieces the page shares with
//! `variants --format html` live in [`crate::render::html_kit`].

pub mod html;
pub mod json;
pub mod paragraphs;
pub mod text;
