//! All-pairs variants over generated witnesses (criterion). The full-size benchmark (100
//! witnesses × 10k words, 1 vs 2 threads) is `scripts/bench-variants.sh`; this one is small
//! enough for `cargo bench --bench variants`.

use criterion::{Criterion, criterion_group, criterion_main};
use lectio::variants::{VariantsOptions, compare_all};

/// `n` witnesses of about `words` words: a base text with ~1 % of its words changed per
/// witness (deterministic LCG).
fn corpus(n: usize, words: usize) -> Vec<String> {
    let vocab = [
        "the",
        "party",
        "of",
        "revolution",
        "Comintern",
        "policy",
        "German",
        "proletariat",
        "Stalin",
        "committee",
        "crisis",
        "dictatorship",
        "fate",
        "is",
        "being",
        "determined",
        "colour",
        "color",
        "realise",
        "realize",
    ];
    let mut seed = 42u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let base: Vec<String> = (0..words)
        .map(|i| {
            format!(
                "{}{}",
                vocab[next() % vocab.len()],
                if i % 17 == 16 { "." } else { "" }
            )
        })
        .collect();
    (0..n)
        .map(|_| {
            base.iter()
                .map(|w| {
                    if next() % 100 == 0 {
                        vocab[next() % vocab.len()].to_string()
                    } else {
                        w.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = corpus(12, 2_000);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let opts = VariantsOptions::default();
    let mut g = c.benchmark_group("variants");
    g.sample_size(10);
    g.bench_function("12 witnesses x 2k words, all pairs", |b| {
        b.iter(|| compare_all(&refs, &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
