//! Criterion benchmarks of sentence alignment and document pairing.
//! Run with `cargo bench --bench align`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use lexbridge::align::pairing::{self, DocFeatures};
use lexbridge::corpus;
use lexbridge::glossary::Glossary;
use lexbridge::pipeline;

/// The corpus articles in `lang` (sorted by file name) as text.
fn articles(lang: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.to_string_lossy().ends_with(&format!(".{lang}.txt")))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("UTF-8 article");
            corpus::parse_document(p, "x", Some(lang.into()), &text).expect("a corpus article").text
        })
        .collect()
}

fn bench_align(c: &mut Criterion) {
    let g = Glossary::default_legal().expect("the built-in glossary loads");
    // The German originals that have a translation, and the translations, concatenated: then
    // cut to the first 200 sentences of each side.
    let en = articles("en");
    let de: Vec<String> = articles("de");
    let take = |texts: &[String], lang: &str| -> String {
        let joined = texts.join("\n\n");
        let a = pipeline::analyze(&joined, lang, &g);
        let end = a.sentences.get(199).map_or(joined.len(), |s| s.end);
        joined[..end].to_string()
    };
    let (s, t) = (take(&de, "de"), take(&en, "en"));
    let (sa, ta) = (pipeline::analyze(&s, "de", &g), pipeline::analyze(&t, "en", &g));
    let mut group = c.benchmark_group("align");
    group.throughput(Throughput::Bytes((s.len() + t.len()) as u64));
    group.bench_function("200-sentence pair", |b| {
        b.iter(|| pipeline::align_pair(&sa, &s, &ta, &t, &g, None).len())
    });
    group.finish();
}

/// Ten thousand documents per side: the corpus articles' features with their figures and names
/// made unique per copy, so that every document has exactly one true partner.
fn synthetic(lang: &str, g: &Glossary, copies: usize) -> Vec<DocFeatures> {
    let base: Vec<DocFeatures> =
        articles(lang).iter().map(|t| pipeline::doc_features(&pipeline::analyze(t, lang, g), t, g)).collect();
    (0..copies)
        .flat_map(|c| {
            base.iter().take(18).map(move |d| DocFeatures {
                len: d.len,
                keys: d
                    .keys
                    .iter()
                    .map(|k| if k.starts_with("term:") { k.clone() } else { format!("{k}#{c}") })
                    .collect(),
            })
        })
        .collect()
}

fn bench_pairing(c: &mut Criterion) {
    let g = Glossary::default_legal().expect("the built-in glossary loads");
    let copies = 10_000 / 18 + 1;
    let (src, tgt) = (synthetic("de", &g, copies), synthetic("en", &g, copies));
    let mut group = c.benchmark_group("pairing");
    group.sample_size(10);
    // The bytes of the articles whose features are paired (DocFeatures::len counts characters).
    group.throughput(Throughput::Bytes(src.iter().chain(&tgt).map(|d| d.len as u64).sum()));
    group.bench_function(format!("{} x {} documents", src.len(), tgt.len()), |b| {
        b.iter(|| pairing::pair_documents(&src, &tgt, pairing::DEFAULT_THRESHOLD).len())
    });
    group.finish();
}

criterion_group!(benches, bench_align, bench_pairing);
criterion_main!(benches);
