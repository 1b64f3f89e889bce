//! Renderers for `lectio diff`, one file per format.
