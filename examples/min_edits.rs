//! The minimal number of token edits between two texts, keyed as `lectio diff` keys them.
//!
//! ```text
//! cargo run --release --example min_edits -- A B [--ignore NAMES] [--regularize FILE]
//! ```
//!
//! Prints one number: `n + m − 2·LCS`, where `n` and `m` are the compared tokens of A and B
//! and LCS is the length of their longest common subsequence of comparison keys. This is the
//! unit of the `edits` field of `lectio diff --format json` ([`lectio::diff::Diff::edit_count`]
//! counts a replacement of `k` old by `l` new tokens as `k + l`), so the two can be set side
//! by side: the benchmark's "edits over minimal" column is `(edits − minimal) ÷ minimal`.
//!
//! The files are read and decoded as `lectio diff` reads them, and keyed with the options
//! `lectio diff` uses by default; `--ignore case,punctuation,diacritics,nfkc` and
//! `--regularize FILE` change the keys as they do for `lectio diff` (the class names `--ignore`
//! also takes only drop variants, so they are accepted and change nothing here).
//!
//! The LCS is computed exactly, whatever the inputs, by `lectio::diff::lcs_len` (bit-parallel,
//! after the common prefix and suffix are trimmed). Timing and sizes go to standard error.

use std::process::ExitCode;
use std::time::Instant;

use lectio::diff::{DiffOptions, Regularization, lcs_len};
use lectio::text::Interner;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("min_edits: {e}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str = "usage: min_edits A B [--ignore NAMES] [--regularize FILE]";

fn run() -> Result<(), String> {
    let mut files = Vec::new();
    let mut opts = DiffOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if let Some(v) = arg.strip_prefix("--ignore=") {
            ignore(&mut opts, v)?;
        } else if arg == "--ignore" {
            ignore(&mut opts, &args.next().ok_or(USAGE)?)?;
        } else if let Some(v) = arg.strip_prefix("--regularize=") {
            opts.regularization = regularize(v)?;
        } else if arg == "--regularize" {
            opts.regularization = regularize(&args.next().ok_or(USAGE)?)?;
        } else if arg.starts_with("--") {
            return Err(format!("unknown option {arg}\n{USAGE}"));
        } else {
            files.push(arg);
        }
    }
    let [a, b] = <[String; 2]>::try_from(files).map_err(|_| USAGE.to_string())?;

    let t0 = Instant::now();
    let load = |spec: &str| {
        lectio::store::source::load_file(spec, u64::MAX)
            .map(|w| w.text)
            .map_err(|e| format!("cannot load {spec}: {e}"))
    };
    let (old, new) = (load(&a)?, load(&b)?);
    let mut interner = Interner::new();
    let (ka, kb) = lectio::diff::key_pair(&mut interner, &old, &new, &opts.normalizer());
    drop((old, new));
    let (ids_a, ids_b) = (ka.ids, kb.ids);
    drop(interner);
    let keyed = t0.elapsed();

    let t1 = Instant::now();
    let lcs = lcs_len(&ids_a, &ids_b);
    let edits = ids_a.len() + ids_b.len() - 2 * lcs;
    eprintln!(
        "min_edits: {} + {} tokens, lcs {lcs}, keyed in {:.2} s, lcs in {:.2} s",
        ids_a.len(),
        ids_b.len(),
        keyed.as_secs_f64(),
        t1.elapsed().as_secs_f64()
    );
    println!("{edits}");
    Ok(())
}

fn ignore(opts: &mut DiffOptions, names: &str) -> Result<(), String> {
    for name in names.split(',').filter(|n| !n.is_empty()) {
        match name {
            "case" => opts.normalize.case = true,
            "punctuation" => opts.normalize.punctuation = true,
            "diacritics" => opts.normalize.diacritics = true,
            "nfkc" => opts.normalize.nfkc = true,
            // Classes: they only drop variants, the keys stay as they are.
            "normalization" | "whitespace" | "spelling" | "number" | "substantive" => {}
            _ => return Err(format!("unknown name {name:?} for --ignore")),
        }
    }
    Ok(())
}

fn regularize(path: &str) -> Result<Regularization, String> {
    Regularization::from_path(path.as_ref()).map_err(|e| e.to_string())
}
