//! Criterion benchmarks of the translation memory over the bundled corpus's German sentences
//! (stored with a stand-in translation), reported as lookups (or units) per second. Run with
//! `cargo bench --bench translate`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use lexbridge::segment;
use lexbridge::translate::tm::{NewUnit, Tm};

/// Every sentence of the corpus's German articles, in file order, without repeats.
fn corpus_sentences() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".de.txt"))
        .collect();
    paths.sort();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("UTF-8 article");
        for s in segment::split(&text, "de") {
            let s = s.text(&text).split_whitespace().collect::<Vec<_>>().join(" ");
            if seen.insert(s.clone()) {
                out.push(s);
            }
        }
    }
    out
}

/// A TM on disk holding `sentences` (plus `padding` made-up variants, so the index is not tiny).
fn filled_tm(dir: &Path, sentences: &[String], padding: usize) -> Tm {
    let tm = Tm::open(&dir.join("tm.sqlite")).expect("TM opens");
    let mut owned: Vec<(String, String)> = sentences.iter().map(|s| (s.clone(), s.to_uppercase())).collect();
    for i in 0..padding {
        let s = &sentences[i % sentences.len()];
        owned.push((format!("{s} (Fassung {i})"), format!("{} (version {i})", s.to_uppercase())));
    }
    let units: Vec<NewUnit> = owned
        .iter()
        .map(|(s, t)| NewUnit { from: "de", to: "en", source: s, target: t, provenance: "aligned" })
        .collect();
    for chunk in units.chunks(5_000) {
        tm.insert(chunk).expect("insert");
    }
    tm
}

fn bench_tm(c: &mut Criterion) {
    let sentences = corpus_sentences();
    let dir = tempfile::tempdir().expect("temp dir");
    let tm = filled_tm(dir.path(), &sentences, 50_000);
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();

    let mut g = c.benchmark_group("tm");
    g.throughput(Throughput::Elements(refs.len() as u64));
    g.bench_function("exact_lookup", |b| {
        b.iter(|| {
            for s in &refs {
                let m = tm.exact(s, "de", "en").expect("lookup");
                assert!(m.is_some());
            }
        })
    });
    g.bench_function("exact_lookup_batched", |b| {
        b.iter(|| tm.exact_many(&refs, "de", "en").expect("lookup"))
    });
    // Fuzzy: each sentence with its last word changed, against the padded TM.
    let changed: Vec<String> = sentences
        .iter()
        .map(|s| {
            let mut w: Vec<&str> = s.split(' ').collect();
            if w.len() > 2 {
                let n = w.len();
                w[n - 2] = "anders";
            }
            w.join(" ")
        })
        .collect();
    g.bench_function("fuzzy_lookup", |b| {
        b.iter(|| {
            for s in &changed {
                let _ = tm.fuzzy(s, "de", "en", 1).expect("lookup");
            }
        })
    });
    g.bench_function("insert", |b| {
        b.iter_batched(
            || Tm::in_memory().expect("TM"),
            |fresh| {
                let units: Vec<NewUnit> = refs
                    .iter()
                    .map(|s| NewUnit { from: "de", to: "en", source: s, target: s, provenance: "aligned" })
                    .collect();
                fresh.insert(&units).expect("insert")
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench_tm);
criterion_main!(benches);
