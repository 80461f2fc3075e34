//! Criterion benchmarks of the stages over the bundled corpus (real German and English news
//! text), reported as bytes per second. Run with `cargo bench --bench stages`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use lexbridge::glossary::Glossary;
use lexbridge::{figures, segment};

/// The text of every corpus article in `lang`, concatenated with blank lines.
fn corpus_text(lang: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.to_string_lossy().ends_with(&format!(".{lang}.txt")))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).expect("UTF-8 article")).collect::<Vec<_>>().join("\n\n")
}

fn bench_segment(c: &mut Criterion) {
    let mut g = c.benchmark_group("segment");
    for lang in ["de", "en"] {
        let text = corpus_text(lang);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(lang, |b| b.iter(|| segment::split(&text, lang)));
    }
    g.finish();
}

fn bench_figures(c: &mut Criterion) {
    let mut g = c.benchmark_group("figures");
    for lang in ["de", "en"] {
        let text = corpus_text(lang);
        let sentences = segment::split(&text, lang);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(lang, |b| {
            b.iter(|| sentences.iter().map(|s| figures::extract(s.text(&text), lang).len()).sum::<usize>())
        });
    }
    // The fast path: the corpus sentences that have no digit (most sentences of ordinary news).
    for lang in ["de", "en"] {
        let text = corpus_text(lang);
        let prose: Vec<&str> = segment::split(&text, lang)
            .iter()
            .map(|s| s.text(&text))
            .filter(|s| !s.bytes().any(|b| b.is_ascii_digit()))
            .collect();
        g.throughput(Throughput::Bytes(prose.iter().map(|s| s.len() as u64).sum()));
        g.bench_function(format!("{lang}-no-digits"), |b| {
            b.iter(|| prose.iter().map(|s| figures::extract(s, lang).len()).sum::<usize>())
        });
    }
    g.finish();
}

fn bench_terms(c: &mut Criterion) {
    let glossary = Glossary::default_legal().expect("the built-in glossary loads");
    let mut g = c.benchmark_group("terms");
    for lang in ["de", "en"] {
        let text = corpus_text(lang);
        let sentences = segment::split(&text, lang);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(lang, |b| {
            b.iter(|| sentences.iter().map(|s| glossary.find(s.text(&text), lang).len()).sum::<usize>())
        });
    }
    g.finish();
}

criterion_group!(benches, bench_segment, bench_figures, bench_terms);
criterion_main!(benches);
