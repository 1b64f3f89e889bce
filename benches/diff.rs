//! Criterion benches for the word-diff pipeline: tokenize, intern, diff. The input is a
//! synthetic text (seeded, no external file) with words of a Zipf-like vocabulary plus rare
//! words, and a copy with 1 % of its words changed.
//!
//! `cargo bench --bench diff`; the end-to-end comparison with git, wdiff and dwdiff is
//! `scripts/bench-diff.sh`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lectio::diff::{DiffOptions, diff_texts, key_pair};
use lectio::text::{Interner, Normalizer, tokenize};

const COMMON: [&str; 24] = [
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be",
    "by", "on", "not", "he", "this", "are", "or", "his", "from", "at",
];

/// A deterministic text of `words` words and a copy with about `rate` of them changed.
fn pair(words: usize, rate: f64) -> (String, String) {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut a = String::new();
    let mut b = String::new();
    for i in 0..words {
        let r = next();
        let w = if r % 3 == 0 {
            format!("w{}", r % 50_000)
        } else {
            COMMON[(r % 24) as usize].to_string()
        };
        let sep = if i % 12 == 11 { ".\n" } else { " " };
        a.push_str(&w);
        a.push_str(sep);
        let c = next();
        if (c % 10_000) as f64 >= rate * 10_000.0 {
            b.push_str(&w);
            b.push_str(sep);
        } else {
            match c % 3 {
                0 => {} // deletion
                1 => {
                    b.push_str("inserted ");
                    b.push_str(&w);
                    b.push_str(sep);
                }
                _ => {
                    b.push_str("changed");
                    b.push_str(sep);
                }
            }
        }
    }
    (a, b)
}

fn benches(c: &mut Criterion) {
    let (a, b) = pair(100_000, 0.01);
    let mut g = c.benchmark_group("100k-words");
    g.throughput(Throughput::Bytes(a.len() as u64));
    g.sample_size(20);
    g.bench_function("tokenize", |bench| bench.iter(|| tokenize(black_box(&a))));
    let norm = Normalizer::default();
    g.bench_function("intern", |bench| {
        let tokens = tokenize(&a);
        bench.iter(|| {
            let mut int = Interner::new();
            int.key_tokens(black_box(&a), tokens.clone(), &norm)
        })
    });
    g.bench_function("key_pair", |bench| {
        bench.iter(|| {
            let mut int = Interner::new();
            key_pair(&mut int, black_box(&a), black_box(&b), &norm)
        })
    });
    let opts = DiffOptions::default();
    g.bench_function("diff_texts_1pct", |bench| {
        bench.iter(|| diff_texts(black_box(&a), black_box(&b), &opts))
    });
    let (a10, b10) = pair(100_000, 0.10);
    g.bench_function("diff_texts_10pct", |bench| {
        bench.iter(|| diff_texts(black_box(&a10), black_box(&b10), &opts))
    });
    g.finish();
}

criterion_group!(diff, benches);
criterion_main!(diff);
