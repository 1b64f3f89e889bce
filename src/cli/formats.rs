//! The values of `--format`, `--only`/`--allow`, `--algorithm`, `--granularity` and `--tree`: CLI-side enums
//! (clap's `ValueEnum`), each mapped to the library type it names. The library's own types
//! know nothing of clap; the names and help here are the interface users type.

use lectio::diff::{Algorithm as LibAlgorithm, VariantClass};
use lectio::render;
use lectio::variants::TreeMethod;

/// A CLI enum mirroring a library enum variant for variant, with the conversion into it.
macro_rules! cli_enum {
    (
        $(#[$meta:meta])*
        $name:ident => $lib:ty { $( $(#[$vmeta:meta])* $variant:ident ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl From<$name> for $lib {
            fn from(v: $name) -> Self {
                match v {
                    $( $name::$variant => <$lib>::$variant, )*
                }
            }
        }
    };
}

/// `--format` values for the store commands (`add`, `list`, `log`, `verify`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreFormat {
    /// Human-readable text.
    Text,
    /// JSON (with a schema `version` field).
    Json,
}

cli_enum! {
    /// What sort of difference a variant is (`--only`, `--allow`).
    ClassName => VariantClass {
        /// Only Unicode normalization differs (NFC vs NFD, or compatibility forms).
        Normalization,
        /// Only whitespace or line breaks differ (the tokens are equal).
        Whitespace,
        /// Only letter case differs.
        Case,
        /// Only punctuation differs (punctuation added, removed or changed).
        Punctuation,
        /// Only diacritics differ.
        Diacritics,
        /// A different spelling of the same word: a small edit distance, or a rule of the
        /// regularization table.
        Spelling,
        /// Another form of the same word: the same stem with another ending.
        Inflection,
        /// A number differs.
        Number,
        /// Anything else: a difference in substance.
        Substantive,
    }
}

/// The classes named, as the library's.
pub fn classes(names: &[ClassName]) -> Vec<VariantClass> {
    names.iter().map(|&c| c.into()).collect()
}

cli_enum! {
    /// How finely variation places are drawn (`--granularity`).
    Granularity => lectio::collate::Granularity {
        /// Rewritten passages as one place.
        Block,
        /// Every word-level place.
        Word,
    }
}

cli_enum! {
    /// The diff algorithm (`--algorithm`).
    Algorithm => LibAlgorithm {
        /// Myers' O(ND) algorithm with `similar`'s heuristics for hard inputs (default).
        Myers,
        /// Patience diff: anchors on tokens unique in both sides.
        Patience,
        /// Histogram diff (as git's `--histogram`): anchors on the rarest tokens.
        Histogram,
    }
}

cli_enum! {
    /// How to build a tree (`--tree`).
    Tree => TreeMethod {
        /// Neighbour-joining: no molecular-clock assumption; the usual choice.
        Nj,
        /// UPGMA: average linkage; assumes equal rates of change.
        Upgma,
    }
}

cli_enum! {
    /// `--regularized` values of `lectio collate`.
    RegularizedMode => render::collate::Regularized {
        /// Among the other readings of their place, classed spelling.
        Inline,
        /// In a section of their own after the apparatus.
        Separate,
        /// Not listed.
        Hide,
    }
}

cli_enum! {
    /// `--format` values of `lectio diff`.
    DiffFormat => render::diff::Format {
        /// Variants with line:column, context and class (coloured on a terminal).
        Text,
        /// The old text with `[-old-]{+new+}` inline, as wdiff and git print.
        WordDiff,
        /// A versioned JSON document (schema in docs/diff-json.md).
        Json,
        /// One self-contained HTML page, side by side, variants highlighted by class.
        Html,
        /// A critical apparatus: one line per variant, `LINE:COL lemma] reading SIGLUM`.
        Apparatus,
        /// Comma-separated values: one variant a row (kind, class, both readings, both positions).
        Csv,
        /// Tab-separated values, as `csv`.
        Tsv,
        /// GitHub Actions workflow commands: one annotation per variant on the new text.
        Github,
    }
}

cli_enum! {
    /// `--format` values of `lectio check`.
    CheckFormat => render::check::Format {
        /// One line per variant, `path:line:col: allowed|NOT ALLOWED: class kind «old» → «new»`.
        Text,
        /// One JSON document with a schema `version`, the policy, every file and totals.
        Json,
        /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`) and a summary.
        Github,
        /// JUnit XML: one test case per file (GitLab, Jenkins).
        Junit,
        /// SARIF 2.1.0: one result per variant (GitHub code scanning).
        Sarif,
        /// GitLab Code Quality JSON: one issue per variant (merge-request widget).
        #[value(alias = "codequality")]
        Gitlab,
        /// Checkstyle XML: one `<error>` per variant (reviewdog, Jenkins).
        Checkstyle,
    }
}

cli_enum! {
    /// Output formats of `lectio collate`.
    CollateFormat => render::collate::Format {
        /// Alignment table for the terminal (horizontal, or `--vertical`).
        Table,
        /// CollateX JSON alignment table (witness-major; cells are token lists or null).
        Collatex,
        /// lectio's own JSON: table, apparatus, transpositions, classes (versioned).
        Json,
        /// Comma-separated values, one row per column.
        Csv,
        /// Tab-separated values, one row per column.
        Tsv,
        /// TEI P5 parallel segmentation.
        Tei,
        /// One self-contained HTML page.
        Html,
        /// Variant graph for Graphviz.
        Dot,
        /// Plain-text positive apparatus keyed to the base's line numbers.
        Apparatus,
        /// Variant graph as GraphML, with CollateX's keys (networkx, Gephi, yEd).
        Graphml,
        /// CollateX-Java's JSON alignment table (column-major; gaps are empty lists).
        CollatexJava,
    }
}

cli_enum! {
    /// Output formats of `lectio variants`.
    VariantsFormat => render::variants::Format {
        /// Human-readable summary: pairs, matrix, tree, places.
        Text,
        /// lectio's JSON (versioned): witnesses, pairs, matrix, tree, places.
        Json,
        /// CSV: one table (`--table pairs|matrix|places`; default one row per pair).
        Csv,
        /// One self-contained HTML page (heat map, tree, pairs, places).
        Html,
        /// The tree alone, in Newick format.
        Newick,
    }
}

cli_enum! {
    /// `--format` values.
    AlignFormat => render::align::Format {
        /// Side by side, findings marked.
        Text,
        /// One JSON document (schema `version` 1).
        Json,
        /// TMX 1.4b, one bilingual file per language pair.
        Tmx,
        /// A side-by-side HTML page with findings highlighted.
        Html,
        /// vecalign beads: `[0, 1]:[0]` per line.
        Beads,
        /// Tab-separated values, one row per bead.
        Tsv,
        /// Two plain files per translation, one aligned sentence per line (needs --out-dir).
        Parallel,
    }
}
