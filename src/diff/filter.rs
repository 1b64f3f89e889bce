//! Which variants to report: `--only CLASS…` and `--ignore CLASS…`.

use super::{Variant, VariantClass};

/// A filter on variant classes. Filters change what is reported, never the alignment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// When non-empty, report only these classes.
    pub only: Vec<VariantClass>,
    /// Never report these classes.
    pub ignore: Vec<VariantClass>,
}

impl Filter {
    /// True when `v` is reported.
    pub fn keeps(&self, v: &Variant) -> bool {
        (self.only.is_empty() || self.only.contains(&v.class)) && !self.ignore.contains(&v.class)
    }

    /// True when whitespace variants are wanted (so the engine must look for them).
    pub fn wants_whitespace(&self) -> bool {
        self.only.contains(&VariantClass::Whitespace)
    }
}
