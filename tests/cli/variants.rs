//! CLI tests for this area.
