//! Criterion benchmarks of the stages over the bundled corpus (real German and English news
//! text), reported as bytes per second: segmentation, figures, terms, language detection, the
//! checks, the summary, and one article pair through every per-article stage. Run with
//! `cargo bench --bench stages` (a group: `cargo bench --bench stages -- check`).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use lexbridge::corpus::{self, Article};
use lexbridge::glossary::Glossary;
use lexbridge::{check, figures, lang, pipeline, segment, summary};

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

/// A large German text (about 4 MB) generated from sentence patterns full of the traps the
/// segmenter has to get right: abbreviations, dotted ordinals and dates, statute citations,
/// amounts with "Mio."/"Mrd.", initials, quotes, URLs, headings and list items. Deterministic.
fn generated_german() -> String {
    const OPENERS: &[&str] = &[
        "Das Landgericht",
        "Der Bundesgerichtshof",
        "Die Kammer",
        "Der 6. Zivilsenat",
        "Der XI. Zivilsenat",
        "Prof. Dr. Anna Weber",
        "Richterin Phyllis J. Hamilton",
        "Die Datenschutzbehörde",
    ];
    const VERBS: &[&str] = &[
        "hat am 24. Dezember 2024 entschieden",
        "verwies auf § 823 Abs. 1 BGB",
        "stützte sich auf Art. 82 Abs. 1 DSGVO",
        "verhängte ein Bußgeld von 3,9 Mio. Euro",
        "wies die Klage (Az. 3 O 123/24) ab",
        "folgte z. B. der st. Rspr. des EuGH",
        "bezog sich u. a. auf heise.de",
        "prüfte ca. 1.400 Fälle bzw. Beschwerden",
    ];
    const TAILS: &[&str] = &[
        ".",
        ", wie die Pressestelle mitteilte.",
        " und ließ die Revision zu.",
        ". Im Vorjahr waren es 2,5 Mrd.",
        " … und schwieg.",
        "? Das bleibt offen.",
        ", so ein Sprecher (vgl. S. 4 f.).",
        " im 21. Jahrhundert.",
    ];
    let mut out = String::with_capacity(4_200_000);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    while out.len() < 4_000_000 {
        match next(20) {
            0 => out.push_str("\n\nUrteil zum Datenschutz\n"),
            1 => out.push_str("\nGefordert werden:\n- Auskunft\n- Schadensersatz\n"),
            2 => out.push_str("„Wir gehen in Berufung.“ Das sagte der Anwalt. "),
            _ => {
                out.push_str(OPENERS[next(OPENERS.len())]);
                out.push(' ');
                out.push_str(VERBS[next(VERBS.len())]);
                out.push_str(TAILS[next(TAILS.len())]);
                out.push(' ');
            }
        }
    }
    out
}

fn bench_segment(c: &mut Criterion) {
    let mut g = c.benchmark_group("segment");
    for lang in ["de", "en"] {
        let text = corpus_text(lang);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(lang, |b| b.iter(|| segment::split(&text, lang)));
    }
    let text = generated_german();
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("de_generated", |b| b.iter(|| segment::split(&text, "de")));
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
    g.throughput(Throughput::Bytes(csv.len() as u64));
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

/// The corpus articles that have both a German original and an English translation, parsed as
/// `run` parses them (front matter, title, teaser, body).
fn corpus_pairs() -> Vec<(Article, Article)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let load = |p: &Path, lang: &str| {
        let text = std::fs::read_to_string(p).expect("UTF-8 article");
        corpus::parse_document(p, "x", Some(lang.into()), &text).expect("a corpus article")
    };
    let mut de: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".de.txt"))
        .collect();
    de.sort();
    de.iter()
        .filter_map(|p| {
            let en = p.with_file_name(p.file_name()?.to_string_lossy().replace(".de.txt", ".en.txt"));
            en.exists().then(|| (load(p, "de"), load(&en, "en")))
        })
        .collect()
}

fn pair_bytes(pairs: &[(Article, Article)]) -> u64 {
    pairs.iter().map(|(s, t)| (s.text.len() + t.text.len()) as u64).sum()
}

/// Language detection as `run` does it: one bounded sample per article.
fn bench_lang(c: &mut Criterion) {
    let pairs = corpus_pairs();
    let mut g = c.benchmark_group("lang");
    g.throughput(Throughput::Bytes(pair_bytes(&pairs)));
    // Declared as in the corpus (`x.de.txt`, `x.en.txt`): function words settle most of them.
    g.bench_function("articles", |b| {
        b.iter(|| {
            pairs
                .iter()
                .filter(|(s, t)| {
                    lang::detect_article(&s.text, Some("de")).is_some()
                        && lang::detect_article(&t.text, Some("en")).is_some()
                })
                .count()
        })
    });
    // Undeclared: whatlang on every article.
    g.bench_function("articles-undeclared", |b| {
        b.iter(|| {
            pairs
                .iter()
                .filter(|(s, t)| {
                    lang::detect_article(&s.text, None).is_some()
                        && lang::detect_article(&t.text, None).is_some()
                })
                .count()
        })
    });
    g.finish();
}

/// The QA checks of every corpus pair (analysis and alignment done beforehand), and the summary
/// selection of every original.
fn bench_check_and_summary(c: &mut Criterion) {
    let gl = Glossary::default_legal().expect("the built-in glossary loads");
    let pairs = corpus_pairs();
    let prepared: Vec<_> = pairs
        .iter()
        .map(|(s, t)| {
            let (sa, ta) = (pipeline::analyze(&s.text, "de", &gl), pipeline::analyze(&t.text, "en", &gl));
            let links = pipeline::align_pair(&sa, &s.text, &ta, &t.text, &gl, None);
            (sa, ta, links)
        })
        .collect();
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(pair_bytes(&pairs)));
    g.bench_function("pairs", |b| {
        b.iter(|| {
            pairs
                .iter()
                .zip(&prepared)
                .map(|((s, t), (sa, ta, links))| {
                    let (ss, ts) = (sa.side(&s.text), ta.side(&t.text));
                    let (findings, renderings) = check::check_pair_and_renderings(&ss, &ts, links, &gl);
                    findings.len() + renderings.len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
    let mut g = c.benchmark_group("summary");
    g.throughput(Throughput::Bytes(pairs.iter().map(|(s, _)| s.text.len() as u64).sum()));
    g.bench_function("de", |b| {
        b.iter(|| {
            pairs
                .iter()
                .zip(&prepared)
                .map(|((s, _), (sa, _, _))| {
                    let candidates = pipeline::summary_candidates(s, sa, false);
                    summary::select(s.title(), &candidates, "de", 3).len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

/// One article pair through every per-article stage, as `run` chains them: language samples,
/// segmentation, figures and terms of both sides, alignment, checks, term renderings and the
/// summary (no file reading or CSV writing).
fn bench_article_pipeline(c: &mut Criterion) {
    let gl = Glossary::default_legal().expect("the built-in glossary loads");
    let pairs = corpus_pairs();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(pair_bytes(&pairs)));
    g.bench_function("article_pairs", |b| {
        b.iter(|| {
            pairs
                .iter()
                .map(|(s, t)| {
                    let langs = lang::detect_article(&s.text, Some("de")).is_some() as usize
                        + lang::detect_article(&t.text, Some("en")).is_some() as usize;
                    let (sa, ta) =
                        (pipeline::analyze(&s.text, "de", &gl), pipeline::analyze(&t.text, "en", &gl));
                    let links = pipeline::align_pair(&sa, &s.text, &ta, &t.text, &gl, None);
                    let (ss, ts) = (sa.side(&s.text), ta.side(&t.text));
                    let (findings, renderings) = check::check_pair_and_renderings(&ss, &ts, &links, &gl);
                    let findings = findings.len() + renderings.len();
                    let candidates = pipeline::summary_candidates(s, &sa, false);
                    langs + findings + summary::select(s.title(), &candidates, "de", 3).len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_segment,
    bench_figures,
    bench_terms,
    bench_terms_100k,
    bench_lang,
    bench_check_and_summary,
    bench_article_pipeline
);
criterion_main!(benches);
