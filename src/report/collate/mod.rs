//! Renderers for `lectio collate`, one file per format.
