//! One options path (ripgrep's low-args → high-args) for every option several commands share.
//!
//! *Low-args* are the clap structs and value parsers below ([`CompareArgs`], [`IgnoreName`],
//! [`MaxSizeArg`], [`seconds`], …), flattened into the commands' own `Args`. Each shared option
//! is validated here, once, as it is parsed: a bad `--deadline`, `--lock-timeout`,
//! `LECTIO_COLLATE_DEADLINE` or `--max-size` is a usage error (exit 2) before any work starts.
//! *High-args* are the library's option types they turn into ([`Comparison`]: the
//! [`DiffOptions`] and [`Filter`] of a comparison; a [`Normalizer`] for `collate`; a byte limit
//! for reading inputs), built by one function each and passed down. No command derives a
//! shared option on its own.

use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;
use lectio::diff::{DiffOptions, Filter, VariantClass};
use lectio::tei::{Choose, InputFormat, Layer, Options as TeiOptions};

use crate::cli::formats::Algorithm;
use lectio::text::{Normalizer, Regularization};

pub use lectio::diff::ignore::{IgnoreName, split_ignore};

/// A value parser of names from the library's one table ([`IgnoreName`]), each with `help`.
fn ignore_parser(
    names: Vec<(IgnoreName, &'static str)>,
) -> impl clap::builder::TypedValueParser<Value = IgnoreName> {
    use clap::builder::{PossibleValue, TypedValueParser as _};
    clap::builder::PossibleValuesParser::new(
        names
            .iter()
            .map(|(n, help)| PossibleValue::new(n.as_str()).help(*help)),
    )
    .map(|name| IgnoreName::parse(&name).unwrap_or(IgnoreName::Case))
}

/// `--ignore` of the comparing commands: every name of the library's table.
pub fn ignore_names() -> impl clap::builder::TypedValueParser<Value = IgnoreName> {
    ignore_parser(IgnoreName::ALL.iter().map(|n| (*n, n.help())).collect())
}

/// `collate --ignore`: the normalizations only (collate drops no class), with collate's own
/// help for each. Parses into the same [`IgnoreName`] as every other `--ignore`.
pub fn collate_ignore_names() -> impl clap::builder::TypedValueParser<Value = IgnoreName> {
    ignore_parser(
        IgnoreName::ALL
            .into_iter()
            .filter(|n| n.is_normalization())
            .map(|n| {
                let help = match n {
                    IgnoreName::Case => "Letter case",
                    IgnoreName::Punctuation => {
                        "Punctuation tokens (kept in the output, left out of the comparison)"
                    }
                    IgnoreName::Diacritics => "Diacritics",
                    _ => "Compatibility forms (NFKC: ligatures, full-width forms)",
                };
                (n, help)
            })
            .collect(),
    )
}

/// Read a regularization table (`--regularize FILE`), or the empty table.
pub fn regularization(path: Option<&PathBuf>) -> anyhow::Result<Regularization> {
    Ok(match path {
        Some(p) => Regularization::from_path(p)?,
        None => Regularization::default(),
    })
}

/// Warn, on standard error, about every rule of the regularization table that none of
/// `texts` reads (a rule of one token or of several): it changes nothing, and is most likely
/// a typo or a sequence the tokenizer cuts otherwise.
pub fn warn_unapplied<'t>(norm: &Normalizer, texts: impl IntoIterator<Item = &'t str>) {
    warn_rules(norm.unapplied_rules(texts));
}

/// Warn, on standard error, that each of `rules` never applies (with its table and line).
pub fn warn_rules<'r>(rules: impl IntoIterator<Item = &'r lectio::text::normalize::Rule>) {
    for r in rules {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "warning: {}:{}: rule `{}` never applies: no witness reads any of its readings\n",
                lectio::escape::terminal(&r.origin),
                r.line,
                lectio::escape::terminal(&r.rule),
            )
            .as_bytes(),
        );
    }
}

/// The normalizer of `collate` (`--ignore` normalizations and `--regularize`).
pub fn normalizer(
    ignore: &[IgnoreName],
    regularize: Option<&PathBuf>,
) -> anyhow::Result<Normalizer> {
    let (normalize, _, _) = split_ignore(ignore);
    Ok(Normalizer::new(normalize, regularization(regularize)?))
}

/// A number of seconds, validated: finite, positive (or zero where allowed), at most
/// [`MAX_SECONDS`]. Keeps the text's value for messages (`deadline of 0.3s reached`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seconds(f64);

/// The longest duration any option accepts (about 31 years): past it a number of seconds is
/// a mistake, and `Duration` could not hold every larger value.
pub const MAX_SECONDS: f64 = 1e9;

impl Seconds {
    /// The duration.
    pub fn duration(self) -> Duration {
        Duration::from_secs_f64(self.0)
    }
}

impl std::fmt::Display for Seconds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

fn parse_seconds(s: &str, zero_ok: bool) -> Result<Seconds, String> {
    let what = if zero_ok {
        "a number of seconds, 0 or more"
    } else {
        "a positive number of seconds"
    };
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not {what}"))?;
    let low_ok = if zero_ok { x >= 0.0 } else { x > 0.0 };
    if !(x.is_finite() && low_ok) {
        return Err(format!("must be {what}, not {s}"));
    }
    if x > MAX_SECONDS {
        return Err(format!("{s} seconds is too long (at most {MAX_SECONDS:e})"));
    }
    Ok(Seconds(x))
}

/// Value parser of a time budget (`--deadline`, `LECTIO_*_DEADLINE`): positive seconds.
pub fn seconds(s: &str) -> Result<Seconds, String> {
    parse_seconds(s, false)
}

/// Value parser of a wait (`--lock-timeout`, `LECTIO_LOCK_TIMEOUT`): seconds, 0 or more.
pub fn wait_seconds(s: &str) -> Result<Seconds, String> {
    parse_seconds(s, true)
}

/// Value parser of an age (`gc --older-than`): a number with a unit, `s`, `m`, `h`, `d` or
/// `w` (`30m`, `1h`, `2w`), or plain seconds; `0` or `now` for no age at all.
pub fn age(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if t == "now" {
        return Ok(Duration::ZERO);
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let mult = match unit.trim() {
        "" | "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "d" => 86400.0,
        "w" => 7.0 * 86400.0,
        _ => {
            return Err(format!(
                "'{s}': unknown unit (write e.g. 30m, 1h, 14d, 2w, or 0)"
            ));
        }
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not an age (write e.g. 30m, 1h, 14d, 2w, or 0)"))?;
    parse_seconds(&(n * mult).to_string(), true)
        .map(Seconds::duration)
        .map_err(|_| format!("'{s}' is not an age of 0 to {MAX_SECONDS:e} seconds"))
}

/// Value parser of `--max-size` / `LECTIO_MAX_SIZE`: `123`, `64KiB`, `256MiB`, `1GiB`.
pub fn size(s: &str) -> Result<u64, String> {
    lectio::store::parse_size(s)
}

/// How two texts are compared: the options shared by `diff`, `check`, `git-diff` and
/// `variants`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Ignore normalizations (case, punctuation, diacritics, nfkc) and/or classes
    /// (normalization, whitespace, spelling, number, substantive); repeat or use commas.
    #[arg(long, value_parser = ignore_names(), value_delimiter = ',', value_name = "NAME")]
    pub ignore: Vec<IgnoreName>,
    /// A regularization table (`colour = color` per line): its readings compare equal.
    #[arg(long, value_name = "FILE")]
    pub regularize: Option<PathBuf>,
    /// Report differences in lineation (line and paragraph breaks) as whitespace variants.
    #[arg(long)]
    pub whitespace: bool,
    /// Diff algorithm.
    #[arg(long, value_enum, default_value_t = Algorithm::Myers)]
    pub algorithm: Algorithm,
    /// Time budget per file in seconds; past it the diff is correct but may not be minimal.
    #[arg(
        long,
        default_value = "10",
        value_name = "SECS",
        value_parser = seconds,
        env = "LECTIO_DIFF_DEADLINE"
    )]
    pub deadline: Seconds,
}

/// `--max-size SIZE` / `LECTIO_MAX_SIZE`: the largest input read.
#[derive(Debug, clap::Args)]
pub struct MaxSizeArg {
    /// Refuse input files larger than this (exit 5), before reading them.
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = size, env = "LECTIO_MAX_SIZE")]
    pub max_size: u64,
}

/// A comparison, validated: what the library needs to diff two texts and filter the result.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The engine's options.
    pub diff: DiffOptions,
    /// The variants reported.
    pub filter: Filter,
    /// The normalizations in force, by name, for the outputs that show them.
    pub normalized: Vec<&'static str>,
    /// The time budget as given, for the warning that it was reached.
    pub deadline: Seconds,
}

impl CompareArgs {
    /// The comparison these options ask for, with `--only` classes `only` and `--exact`
    /// `exact`. Whitespace variants are looked for when `--whitespace` or `--only whitespace`
    /// asks for them.
    pub fn comparison(&self, only: &[VariantClass], exact: bool) -> anyhow::Result<Comparison> {
        let (normalize, normalized, ignore) = split_ignore(&self.ignore);
        let filter = Filter {
            only: only.to_vec(),
            ignore,
        };
        let diff = DiffOptions {
            normalize,
            regularization: regularization(self.regularize.as_ref())?,
            algorithm: self.algorithm.into(),
            deadline: Some(self.deadline.duration()),
            whitespace: self.whitespace || filter.wants_whitespace(),
            anchoring: !exact,
            ..DiffOptions::default()
        };
        Ok(Comparison {
            diff,
            filter,
            normalized,
            deadline: self.deadline,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// How texts are read: plain text or TEI XML (#17), for every command that reads a text.

/// `--input-format` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// TEI when the root is `TEI` or `teiCorpus` in the TEI namespace, else plain text.
    #[default]
    Auto,
    /// Plain text, whatever it looks like.
    Text,
    /// TEI XML.
    Tei,
}

/// `--layer` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LayerArg {
    /// Post-correction: additions kept, deletions dropped.
    #[default]
    Pc,
    /// Ante-correction: deletions kept, additions dropped.
    Ac,
}

/// `--choose` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ChooseArg {
    /// corr, expan, reg.
    #[default]
    Editorial,
    /// sic, abbr, orig.
    Diplomatic,
}

/// `--keep` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeepArg {
    /// Keep the text of `<note>`.
    Note,
    /// Keep the text of `<fw>`.
    Fw,
}

/// `--unclear` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum UnclearArg {
    /// Read `<unclear>` as its text.
    #[default]
    Text,
    /// Read `<unclear>` as a lacuna, like `<gap/>`.
    Gap,
}

/// The writer lock's wait (every command that writes to the store).
#[derive(Debug, Clone, clap::Args)]
pub struct LockArgs {
    /// Seconds to wait for another writer to finish before giving up (exit 4).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value = "10",
        value_parser = wait_seconds,
        env = "LECTIO_LOCK_TIMEOUT"
    )]
    pub lock_timeout: Seconds,
}

/// Options for reading TEI input (every command that reads a text).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct InputArgs {
    /// How to read the texts: auto recognises TEI (root TEI or teiCorpus in the TEI namespace).
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT", env = "LECTIO_INPUT_FORMAT")]
    pub input_format: InputFormatArg,
    /// TEI revision layer: pc (after correction) or ac (before).
    #[arg(long, value_enum, default_value_t = LayerArg::Pc)]
    pub layer: LayerArg,
    /// TEI <choice>: editorial (corr, expan, reg) or diplomatic (sic, abbr, orig).
    #[arg(long, value_enum, default_value_t = ChooseArg::Editorial)]
    pub choose: ChooseArg,
    /// TEI elements whose text to keep (left out by default): note, fw.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "ELEMENT")]
    pub keep: Vec<KeepArg>,
    /// TEI <unclear>: read as its text, or as a lacuna (gap).
    #[arg(long, value_enum, default_value_t = UnclearArg::Text)]
    pub unclear: UnclearArg,
}

impl InputArgs {
    /// The input format.
    pub fn format(&self) -> InputFormat {
        match self.input_format {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Tei => InputFormat::Tei,
        }
    }

    /// The TEI reader's options.
    pub fn options(&self) -> TeiOptions {
        TeiOptions {
            layer: match self.layer {
                LayerArg::Pc => Layer::Pc,
                LayerArg::Ac => Layer::Ac,
            },
            choose: match self.choose {
                ChooseArg::Editorial => Choose::Editorial,
                ChooseArg::Diplomatic => Choose::Diplomatic,
            },
            keep_note: self.keep.contains(&KeepArg::Note),
            keep_fw: self.keep.contains(&KeepArg::Fw),
            unclear_gap: self.unclear == UnclearArg::Gap,
        }
    }

    /// Read `w` as these options say (TEI becomes its reading text; plain text is unchanged).
    pub fn read(&self, w: lectio::store::Witness) -> anyhow::Result<lectio::store::Witness> {
        Ok(lectio::tei::read_witness(
            w,
            self.format(),
            &self.options(),
        )?)
    }

    /// Load `spec` (a file, `-` or a reference) and read it.
    pub fn load(
        &self,
        store: &std::path::Path,
        spec: &str,
        limit: u64,
    ) -> anyhow::Result<lectio::store::Witness> {
        self.read(super::input::load_witness(store, spec, limit)?)
    }

    /// [`InputArgs::load`] with the library's own messages (as `collate` and `align` print
    /// them).
    pub fn load_plain(
        &self,
        store: &std::path::Path,
        spec: &str,
        limit: u64,
    ) -> anyhow::Result<lectio::store::Witness> {
        self.read(super::input::load(store, spec, limit)?)
    }
}

/// Read `--low-priority`: an existing file is a word list, anything else a pattern.
pub fn low_priority(arg: &str) -> anyhow::Result<lectio::collate::LowPriority> {
    let p = std::path::Path::new(arg);
    if p.is_file() {
        let text = std::fs::read_to_string(p).map_err(|e| {
            anyhow::Error::new(e).context(format!("reading --low-priority file {}", p.display()))
        })?;
        return Ok(lectio::collate::LowPriority::Words(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
        ));
    }
    regex::Regex::new(arg)
        .map(lectio::collate::LowPriority::Pattern)
        .map_err(|e| {
            lectio::UsageError(format!(
                "--low-priority {arg:?} is neither a file nor a valid regular expression: {e}"
            ))
            .into()
        })
}

/// `--join-hyphens`: the plain-text witness `w` with its line-end hyphenation undone (`con-
/// tinues`, `con-\ntinues` become `continues`). A TEI witness is left as read (its `<lb
/// break="no"/>` already joins, and its offsets map to the XML).
pub fn join_hyphens(mut w: lectio::store::Witness, on: bool) -> lectio::store::Witness {
    if on
        && w.markup.is_none()
        && let std::borrow::Cow::Owned(t) = lectio::text::join_hyphens(&w.text)
    {
        w.text = t;
    }
    w
}
