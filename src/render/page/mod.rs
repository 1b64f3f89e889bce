//! Renderers for `lectio report`: the self-contained HTML page ([`html`]), the short text
//! summary ([`text`]) and the JSON document ([`json`]). The HTML pieces the page shares with
//! `variants --format html` live in [`crate::render::html_kit`].

pub mod html;
pub mod json;
pub mod text;
