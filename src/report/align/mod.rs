//! Renderers for `lectio align`, one file per format.
