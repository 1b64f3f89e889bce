//! Collation benchmarks: letter-sized witnesses (8 × ~1.2k words) built from a deterministic
//! mutation of a synthetic text, so the bench needs no data files. The full comparison with
//! CollateX is `scripts/bench-collate.sh`.

use criterion::{Criterion, criterion_group, criterion_main};
use lectio::collate::{CollateOptions, WitnessInput, collate};

fn witnesses(n: usize, words: usize) -> Vec<WitnessInput> {
    let vocab: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
    let mut s = 7u64;
    let mut rnd = move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) as usize
    };
    let base: Vec<usize> = (0..words).map(|_| rnd() % vocab.len()).collect();
    (0..n)
        .map(|k| {
            let mut w = Vec::with_capacity(words);
            for &t in &base {
                match rnd() % 100 {
                    0 => {}
                    1 => w.push(format!("{} {}", vocab[t], vocab[rnd() % vocab.len()])),
                    2 => w.push(vocab[rnd() % vocab.len()].clone()),
                    _ => w.push(vocab[t].clone()),
                }
            }
            WitnessInput::text(&format!("W{k}"), &w.join(" "))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let small = witnesses(8, 1200);
    c.bench_function("collate 8 x 1.2k words", |b| {
        b.iter(|| collate(small.clone(), &CollateOptions::default()).expect("collates"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
