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
    g.finish();
}

/// A generated glossary of `n` terms (half German, half English, 10 % of them forbidden), in the
/// shape of an IATE export: German compounds and adjective + noun terms, English multiword terms.
fn generated_glossary_csv(n: usize) -> String {
    const DE: &[&str] = &[
        "ver", "fahr", "ge", "richt", "schutz", "daten", "klag", "bund", "straf", "recht", "amt", "markt",
        "preis", "bau", "land", "haus", "wett", "bewerb", "miet", "kauf", "steuer", "zins", "bank", "geld",
        "sicher", "lohn", "arbeit", "schrift", "wert", "raum", "plan", "form", "werk", "stoff", "netz",
        "kraft", "handel", "zoll", "post", "funk", "bahn", "see", "luft", "wald", "feld", "berg", "strom",
    ];
    const ENDS: &[&str] =
        &["ung", "heit", "schaft", "recht", "gesetz", "vertrag", "behörde", "verfahren", "er", "e"];
    const ADJ: &[&str] =
        &["öffentliche", "einstweilige", "gerichtliche", "steuerliche", "vorläufige", "europäische"];
    const EN: &[&str] = &[
        "public",
        "court",
        "tax",
        "market",
        "land",
        "house",
        "competition",
        "rent",
        "purchase",
        "interest",
        "bank",
        "money",
        "security",
        "wage",
        "work",
        "value",
        "space",
        "plan",
        "plant",
        "network",
        "power",
        "trade",
        "customs",
        "postal",
        "radio",
        "rail",
        "sea",
        "air",
        "forest",
        "field",
        "order",
        "procedure",
        "authority",
        "contract",
        "law",
        "act",
        "agency",
        "protection",
        "data",
        "claim",
        "fee",
        "duty",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = |m: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let mut out = String::from("concept,lang,term,status,match,note\n");
    for i in 0..n / 2 {
        let mut de = String::new();
        for _ in 0..2 + next(3) {
            de.push_str(DE[next(DE.len())]);
        }
        de.push_str(ENDS[next(ENDS.len())]);
        let mut de: String =
            de.chars().next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default()
                + &de.chars().skip(1).collect::<String>();
        if next(10) == 0 {
            de = format!("{} {de}", ADJ[next(ADJ.len())]);
        }
        // English words: one in five a real legal word, the rest made of syllables, so that the
        // vocabulary has thousands of words as an IATE export has.
        let en: Vec<String> = (0..1 + next(3))
            .map(|_| {
                if next(5) == 0 {
                    EN[next(EN.len())].to_string()
                } else {
                    (0..2 + next(2)).map(|_| EN[next(EN.len())].get(..3).unwrap_or("ex")).collect::<String>()
                }
            })
            .collect();
        let status = if next(10) == 0 { "forbidden" } else { "preferred" };
        out.push_str(&format!("g{i},de,{de},preferred,,\ng{i},en,{},{status},,\n", en.join(" ")));
    }
    out
}

fn bench_terms_100k(c: &mut Criterion) {
    let csv = generated_glossary_csv(100_000);
    let mut g = c.benchmark_group("terms_100k");
    g.sample_size(10);
    g.bench_function("load", |b| b.iter(|| Glossary::from_csv_str("generated.csv", &csv).expect("loads")));
    let glossary = Glossary::from_csv_str("generated.csv", &csv).expect("the generated glossary loads");
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

criterion_group!(benches, bench_segment, bench_figures, bench_terms, bench_terms_100k);
criterion_main!(benches);
