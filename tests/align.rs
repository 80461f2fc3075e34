//! Alignment on real text: the bundled corpus pairs (which translate sentence for sentence),
//! with sentences merged, split, dropped, added and swapped on one side, and long documents.

use std::collections::BTreeSet;
use std::path::Path;

use lexbridge::align::{pairing, Link};
use lexbridge::corpus;
use lexbridge::glossary::Glossary;
use lexbridge::pipeline::{self, line_sentences};

fn glossary() -> &'static Glossary {
    static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    G.get_or_init(|| Glossary::default_legal().unwrap())
}

/// The sentences of the corpus article `id` in `lang`.
fn sentences(id: &str, lang: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("corpus/{id}.{lang}.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    let a = corpus::parse_document(&path, id, Some(lang.into()), &text).unwrap();
    let an = pipeline::analyze(&a.text, lang, glossary());
    an.sentences.iter().map(|s| s.text(&a.text).split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// The clean pairs of the corpus (no planted errors), with equal sentence counts.
fn clean_pairs() -> Vec<(Vec<String>, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let errata = std::fs::read_to_string(root.join("corpus/ERRATA.csv")).unwrap();
    let planted: BTreeSet<&str> = errata.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    let mut ids: Vec<String> = std::fs::read_dir(root.join("corpus"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".en.txt").map(str::to_string))
        .filter(|id| !planted.contains(id.as_str()))
        .collect();
    ids.sort();
    let pairs: Vec<_> = ids.iter().map(|id| (sentences(id, "de"), sentences(id, "en"))).collect();
    assert!(pairs.len() >= 10);
    for (de, en) in &pairs {
        assert_eq!(de.len(), en.len(), "a clean corpus pair translates sentence for sentence");
    }
    pairs
}

fn align(de: &[String], en: &[String]) -> Vec<Link> {
    let (s, t) = (de.join("\n"), en.join("\n"));
    let g = glossary();
    let sa = pipeline::analyze_sentences(&s, line_sentences(&s), "de", g);
    let ta = pipeline::analyze_sentences(&t, line_sentences(&t), "en", g);
    pipeline::align_pair(&sa, &s, &ta, &t, g, None)
}

type Shape = (Vec<usize>, Vec<usize>);

fn shapes(links: &[Link]) -> BTreeSet<Shape> {
    links.iter().map(|l| (l.src.clone(), l.tgt.clone())).collect()
}

/// Precision, recall and F1 of the links against the gold links.
fn f1(links: &[Link], gold: &BTreeSet<Shape>) -> (f64, f64, f64) {
    let got = shapes(links);
    let hit = got.intersection(gold).count() as f64;
    let (p, r) = (hit / got.len().max(1) as f64, hit / gold.len().max(1) as f64);
    (p, r, if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) })
}

fn diagonal(n: usize) -> BTreeSet<Shape> {
    (0..n).map(|i| (vec![i], vec![i])).collect()
}

#[test]
fn identical_sentence_counts_align_one_to_one() {
    for (de, en) in clean_pairs() {
        let links = align(&de, &en);
        assert_eq!(shapes(&links), diagonal(de.len()), "{}", de[0]);
    }
}

/// Applies an edit at every position 2, 5, 8… of every clean pair and returns the mean F1.
fn mean_f1(edit: impl Fn(&[String], &[String], usize) -> (Vec<String>, Vec<String>, BTreeSet<Shape>)) -> f64 {
    let mut scores = Vec::new();
    for (de, en) in clean_pairs() {
        for k in (2..de.len().saturating_sub(2)).step_by(3) {
            let (d, e, gold) = edit(&de, &en, k);
            scores.push(f1(&align(&d, &e), &gold).2);
        }
    }
    scores.iter().sum::<f64>() / scores.len() as f64
}

/// The gold links for a diagonal where one link at `k` has the given shape.
fn gold_with(n_src: usize, n_tgt: usize, k: usize, src: Vec<usize>, tgt: Vec<usize>) -> BTreeSet<Shape> {
    let (ds, dt) = (src.len(), tgt.len());
    let mut g: BTreeSet<Shape> = (0..k).map(|i| (vec![i], vec![i])).collect();
    g.insert((src, tgt));
    let (mut i, mut j) = (k + ds.max(if ds == 0 { 0 } else { 1 }), k + dt);
    if ds == 0 {
        i = k;
    }
    while i < n_src && j < n_tgt {
        g.insert((vec![i], vec![j]));
        i += 1;
        j += 1;
    }
    g
}

#[test]
fn merged_target_sentences_are_two_to_one_links() {
    let f = mean_f1(|de, en, k| {
        let mut e = en.to_vec();
        let next = e.remove(k + 1);
        e[k] = format!("{} {}", e[k].trim_end_matches('.'), next);
        let gold = gold_with(de.len(), e.len(), k, vec![k, k + 1], vec![k]);
        (de.to_vec(), e, gold)
    });
    eprintln!("{}: mean link F1 {f:.3}", std::thread::current().name().unwrap_or(""));
    assert!(f >= 0.95, "F1 {f:.3}");
}

#[test]
fn split_target_sentences_are_one_to_two_links() {
    let f = mean_f1(|de, en, k| {
        let mut e = en.to_vec();
        let words: Vec<&str> = e[k].split(' ').collect();
        let half = words.len() / 2;
        let (a, b) = (words[..half].join(" "), words[half..].join(" "));
        e[k] = format!("{a}.");
        e.insert(k + 1, b);
        let gold = gold_with(de.len(), e.len(), k, vec![k], vec![k, k + 1]);
        (de.to_vec(), e, gold)
    });
    eprintln!("{}: mean link F1 {f:.3}", std::thread::current().name().unwrap_or(""));
    assert!(f >= 0.95, "F1 {f:.3}");
}

#[test]
fn dropped_sentences_are_one_to_zero_links() {
    let f = mean_f1(|de, en, k| {
        let mut e = en.to_vec();
        e.remove(k);
        let gold = gold_with(de.len(), e.len(), k, vec![k], vec![]);
        (de.to_vec(), e, gold)
    });
    eprintln!("{}: mean link F1 {f:.3}", std::thread::current().name().unwrap_or(""));
    assert!(f >= 0.95, "F1 {f:.3}");
}

#[test]
fn added_sentences_are_zero_to_one_links() {
    let filler =
        "The company did not respond to a request for comment by the time of publication.".to_string();
    let f = mean_f1(|de, en, k| {
        let mut e = en.to_vec();
        e.insert(k, filler.clone());
        let gold = gold_with(de.len(), e.len(), k, vec![], vec![k]);
        (de.to_vec(), e, gold)
    });
    eprintln!("{}: mean link F1 {f:.3}", std::thread::current().name().unwrap_or(""));
    assert!(f >= 0.95, "F1 {f:.3}");
}

/// Two neighbouring sentences swapped in the translation cannot be represented by monotone
/// links; they must come out as a 2-2 link or as unpaired sentences, and where length and
/// anchors cannot tell (no figures, no names), any wrong 1-1 pairing must carry a low score.
#[test]
fn swapped_sentences_are_rarely_paired_with_the_wrong_partner() {
    let (mut cases, mut wrong) = (0, 0);
    for (de, en) in clean_pairs() {
        for k in (2..de.len() - 2).step_by(4) {
            let mut e = en.clone();
            e.swap(k, k + 1);
            let links = align(&de, &e);
            cases += 1;
            let bad: Vec<&Link> = links
                .iter()
                .filter(|l| {
                    (l.src == vec![k] && l.tgt == vec![k]) || (l.src == vec![k + 1] && l.tgt == vec![k + 1])
                })
                .collect();
            if !bad.is_empty() {
                wrong += 1;
                assert!(bad.iter().all(|l| l.score < 0.5), "a confident wrong link: {bad:?}");
            }
        }
    }
    eprintln!("swaps: {wrong} of {cases} paired with the wrong partner");
    assert!(wrong * 10 <= cases, "{wrong} of {cases} swaps paired with the wrong partner");
}

/// A block of three sentences moved further down in the translation (a reordered paragraph):
/// monotone links cannot pair it, so it must come out as sentences without counterpart (or
/// inside a low-scoring merge), and everything around it must still align.
#[test]
fn a_moved_paragraph_leaves_the_rest_aligned() {
    let (mut kept, mut total, mut confident_wrong) = (0, 0, 0);
    for (de, en) in clean_pairs() {
        if de.len() < 12 {
            continue;
        }
        let (from, to) = (3, de.len() - 3);
        let mut e = en.clone();
        let block: Vec<String> = e.drain(from..from + 3).collect();
        for (k, s) in block.into_iter().enumerate() {
            e.insert(to - 3 + k, s);
        }
        let links = align(&de, &e);
        // Sentences before the moved block keep their partners.
        for i in 0..from {
            total += 1;
            kept += usize::from(links.iter().any(|l| l.src == vec![i] && l.tgt == vec![i]));
        }
        // A moved sentence paired 1-1 with something else must not look certain.
        for l in &links {
            if let ([i], [j]) = (l.src.as_slice(), l.tgt.as_slice()) {
                let moved = (from..from + 3).contains(i);
                if moved && *j != to - 3 + (i - from) && l.score >= 0.5 {
                    confident_wrong += 1;
                }
            }
        }
    }
    eprintln!("moved paragraph: {kept} of {total} sentences before it kept, {confident_wrong} confident wrong links");
    assert_eq!(kept, total);
    assert!(confident_wrong <= 2, "{confident_wrong} confident wrong links");
}

#[test]
fn long_documents_of_300_sentences_align() {
    // The clean pairs one after another, twice: a document of over 400 sentences a side.
    let pairs = clean_pairs();
    let de: Vec<String> = pairs.iter().chain(&pairs).flat_map(|p| p.0.clone()).collect();
    let mut en: Vec<String> = pairs.iter().chain(&pairs).flat_map(|p| p.1.clone()).collect();
    assert!(de.len() >= 300, "{}", de.len());
    let exact = f1(&align(&de, &en), &diagonal(de.len())).2;
    assert!(exact >= 0.99, "F1 {exact:.3}");
    // Drop every 25th English sentence: the rest still aligns.
    let dropped: Vec<usize> = (10..de.len()).step_by(25).collect();
    for &k in dropped.iter().rev() {
        en.remove(k);
    }
    let links = align(&de, &en);
    let mut gold = BTreeSet::new();
    let mut j = 0;
    for i in 0..de.len() {
        if dropped.contains(&i) {
            gold.insert((vec![i], vec![]));
        } else {
            gold.insert((vec![i], vec![j]));
            j += 1;
        }
    }
    let (_, _, f) = f1(&links, &gold);
    eprintln!(
        "long document ({} sentences): exact F1 {exact:.3}, with every 25th dropped F1 {f:.3}",
        de.len()
    );
    assert!(f >= 0.98, "F1 {f:.3} with every 25th sentence dropped");
    let found =
        dropped.iter().filter(|&&k| links.iter().any(|l| l.src == vec![k] && l.tgt.is_empty())).count();
    eprintln!("{found} of {} dropped sentences found as 1-0 links", dropped.len());
    assert!(found * 100 >= dropped.len() * 75, "{found} of {} dropped sentences found", dropped.len());
}

#[test]
fn pairing_finds_every_translation_among_shuffled_documents() {
    let pairs = clean_pairs();
    let g = glossary();
    let features = |texts: Vec<String>, lang: &str| -> Vec<pairing::DocFeatures> {
        texts
            .iter()
            .map(|t| {
                let a = pipeline::analyze(t, lang, g);
                pipeline::doc_features(&a, t, g)
            })
            .collect()
    };
    let de: Vec<String> = pairs.iter().map(|p| p.0.join(" ")).collect();
    let mut en: Vec<(usize, String)> = pairs.iter().map(|p| p.1.join(" ")).enumerate().collect();
    en.reverse();
    en.rotate_left(3);
    let truth: Vec<usize> = en.iter().map(|(i, _)| *i).collect();
    let got = pairing::pair_documents(
        &features(de, "de"),
        &features(en.into_iter().map(|(_, t)| t).collect(), "en"),
        pairing::DEFAULT_THRESHOLD,
    );
    assert_eq!(got.len(), pairs.len());
    for p in got {
        assert_eq!(truth[p.target], p.source);
    }
}

/// Replaces every ASCII digit through a permutation: the same text with other figures, in the
/// same format in both languages.
fn permute_digits(text: &str, perm: &[char; 10]) -> String {
    text.chars().map(|c| c.to_digit(10).map_or(c, |d| perm[d as usize])).collect()
}

#[test]
fn pairing_tells_apart_over_100_pairs_that_differ_only_in_their_figures() {
    let g = glossary();
    let pairs = clean_pairs();
    let perms: Vec<[char; 10]> = (0..9u32)
        .map(|v| {
            let mut p = ['0'; 10];
            for (d, slot) in p.iter_mut().enumerate() {
                // A different bijection of the digits per variant (multiplication by a unit mod 10
                // plus an offset).
                let units = [1, 3, 7, 9];
                *slot = char::from_digit((d as u32 * units[(v % 4) as usize] + v) % 10, 10).unwrap();
            }
            p
        })
        .collect();
    let mut de = Vec::new();
    let mut en = Vec::new();
    for (a, b) in &pairs {
        for p in &perms {
            de.push(permute_digits(&a.join(" "), p));
            en.push(permute_digits(&b.join(" "), p));
        }
    }
    assert!(de.len() >= 100);
    // Shuffle the translations deterministically.
    let order: Vec<usize> = (0..en.len()).map(|i| (i * 37 + 11) % en.len()).collect();
    let shuffled: Vec<String> = order.iter().map(|&i| en[i].clone()).collect();
    let features = |texts: &[String], lang: &str| -> Vec<pairing::DocFeatures> {
        texts.iter().map(|t| pipeline::doc_features(&pipeline::analyze(t, lang, g), t, g)).collect()
    };
    let got =
        pairing::pair_documents(&features(&de, "de"), &features(&shuffled, "en"), pairing::DEFAULT_THRESHOLD);
    let correct = got.iter().filter(|p| order[p.target] == p.source).count();
    let wrong = got.len() - correct;
    eprintln!("pairing: {correct} of {} correct, {wrong} wrong, {} unpaired", de.len(), de.len() - got.len());
    assert!(correct * 100 >= de.len() * 99, "{correct} of {} pairs found", de.len());
    assert_eq!(wrong, 0);
}
