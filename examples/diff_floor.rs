//! The floor of a word diff (issue 19.5): read two texts and cut both into tokens, as
//! `lectio diff` does before it compares anything, and nothing else.
//!
//! ```text
//! cargo run --release --example diff_floor -- A B
//! ```
//!
//! The files are read and decoded as `lectio diff` reads them (both at once), then tokenized
//! both at once; the token counts go to standard output, so that the work is not optimized
//! away. `scripts/bench-diff.sh` times this program beside `lectio diff` and states lectio's
//! time as a multiple of it: no diff can take less.

use std::process::ExitCode;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let [a, b] = match <[String; 2]>::try_from(files) {
        Ok(f) => f,
        Err(_) => {
            eprintln!("usage: diff_floor A B");
            return ExitCode::from(2);
        }
    };
    let load = |spec: &str| {
        lectio::store::source::load_file(spec, u64::MAX)
            .map(|w| w.text)
            .map_err(|e| format!("cannot load {spec}: {e}"))
    };
    let (old, new) = rayon::join(|| load(&a), || load(&b));
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("diff_floor: {e}");
            return ExitCode::from(2);
        }
    };
    let (ta, tb) = rayon::join(
        || lectio::text::tokenize(&old),
        || lectio::text::tokenize(&new),
    );
    println!("{} {}", ta.len(), tb.len());
    ExitCode::SUCCESS
}
