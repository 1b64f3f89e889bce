//! Sentence segmentation (rule-based, per language). Owned by the alignment work (issue 5).
