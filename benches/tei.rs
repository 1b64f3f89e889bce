//! Criterion bench for TEI input (#17): deriving the reading text of a 100k-word TEI file
//! against tokenizing the same file as plain text (what lectio did before it read TEI) and
//! tokenizing the reading text. The document is synthetic (seeded, no external file) and
//! marked up like the Frankenstein Variorum chapters: every few words a `<seg>`, page breaks
//! (some inside words), line breaks, `<hi>`, notes, indentation.
//!
//! `cargo bench --bench tei`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lectio::tei::{Options, extract};
use lectio::text::{Interner, Normalizer, tokenize};

const WORDS: [&str; 16] = [
    "the",
    "of",
    "and",
    "science",
    "my",
    "nature",
    "father",
    "life",
    "which",
    "that",
    "I",
    "discovery",
    "wonder",
    "labour",
    "night",
    "creation",
];

/// A TEI document of about `words` words.
fn document(words: usize) -> String {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <teiHeader><fileDesc><titleStmt><title>bench</title></titleStmt></fileDesc></teiHeader>\n  <text>\n    <body>\n      <p>",
    );
    for i in 0..words {
        let w = WORDS[(next() % 16) as usize];
        // A paragraph every 399 words, where no <seg> is open (segs are 7 words).
        if i > 0 && i % 399 == 0 {
            s.push_str("</p>\n      <p>");
        }
        if i % 7 == 0 {
            s.push_str(&format!(
                "\n         <seg xml:id=\"C10_app{i}-f1818\">\n        "
            ));
        }
        if i % 300 == 150 {
            let (a, b) = w.split_at(w.len() / 2);
            s.push_str(&format!(
                "{a}<pb xml:id=\"F1818_v1_{i}\" n=\"{}\"/>{b} ",
                i / 300
            ));
        } else if i % 11 == 0 {
            s.push_str("<lb/>");
        }
        if i % 300 == 150 {
            // The word was written around the page break.
        } else if i % 53 == 0 {
            s.push_str(&format!("<hi rend=\"italic\">{w}</hi>, "));
        } else {
            s.push_str(w);
            s.push(' ');
        }
        if i % 7 == 6 {
            s.push_str("\n        </seg>");
        }
        if i % 997 == 0 {
            s.push_str("<note place=\"bottom\">* A note that is not read.</note>");
        }
    }
    if words > 0 && (words - 1) % 7 != 6 {
        s.push_str("</seg>");
    }
    s.push_str("</p>\n    </body>\n  </text>\n</TEI>\n");
    s
}

fn bench(c: &mut Criterion) {
    let xml = document(100_000);
    let reading = extract(&xml, &Options::default()).expect("valid TEI").text;
    let mut g = c.benchmark_group("tei_100k_words");
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.sample_size(20);
    g.bench_function("extract", |b| {
        b.iter(|| extract(black_box(&xml), &Options::default()).unwrap())
    });
    g.bench_function("tokenize_xml_as_text", |b| {
        b.iter(|| tokenize(black_box(&xml)))
    });
    g.bench_function("tokenize_reading_text", |b| {
        b.iter(|| tokenize(black_box(&reading)))
    });
    // What a command does with a witness: the tokens keyed for comparison. Before lectio read
    // TEI it keyed the XML as text; now it extracts, then keys the reading text.
    let norm = Normalizer::default();
    g.bench_function("key_xml_as_text", |b| {
        b.iter(|| Interner::new().keyed(black_box(&xml), &norm))
    });
    g.bench_function("extract_then_key_reading_text", |b| {
        b.iter(|| {
            let r = extract(black_box(&xml), &Options::default()).unwrap();
            Interner::new().keyed(&r.text, &norm)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
