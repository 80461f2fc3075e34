//! Document pairing: which translation belongs to which original when a corpus arrives without
//! shared ids (a crawl of a German site and one of its English edition).
//!
//! Each document is reduced to language-neutral keys — normalized figures and dates, glossary
//! concepts, and the names, acronyms and numbers that occur on both sides of the corpus — and
//! its length. Two documents score the cosine of their keys weighted by rarity (idf), damped when
//! their lengths do not fit the corpus's length ratio or when they share only a few keys. A pair is made only when each is the
//! other's best match and the score clears a threshold; everything else stays unpaired and is
//! reported, never forced. Candidates come from an inverted index over the keys, so a corpus of
//! ten thousand documents per side is not compared all against all.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rayon::prelude::*;

/// What pairing knows of a document.
#[derive(Debug, Clone, Default)]
pub struct DocFeatures {
    /// Length in characters.
    pub len: usize,
    /// Language-neutral keys (`money:…`, `term:…`, `name:…`).
    pub keys: Vec<String>,
}

/// A matched original and translation (indices into the slices given) and their score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub source: usize,
    pub target: usize,
    pub score: f64,
}

/// The score a pair must reach; below it documents stay unpaired.
pub const DEFAULT_THRESHOLD: f64 = 0.3;
/// Fewer shared keys than this scale the score down: one shared concept is no evidence that
/// two documents translate each other, however short they are.
const MIN_SHARED: f64 = 4.0;
/// Keys in more documents than this are too common to find candidates with (they still count
/// in the score).
const MAX_POSTINGS: usize = 2_000;

/// Pairs originals with translations: mutual best matches scoring at least `threshold`.
pub fn pair_documents<'a>(src: &'a [DocFeatures], tgt: &'a [DocFeatures], threshold: f64) -> Vec<Pair> {
    if src.is_empty() || tgt.is_empty() {
        return Vec::new();
    }
    // Only keys both sides of the corpus have can tell a pair.
    let src_keys: HashSet<&str> = src.iter().flat_map(|d| d.keys.iter().map(String::as_str)).collect();
    let tgt_keys: HashSet<&str> = tgt.iter().flat_map(|d| d.keys.iter().map(String::as_str)).collect();
    let keep = |docs: &'a [DocFeatures]| -> Vec<Vec<&'a str>> {
        docs.iter()
            .map(|d| {
                let mut k: Vec<&str> = d
                    .keys
                    .iter()
                    .map(String::as_str)
                    .filter(|k| src_keys.contains(k) && tgt_keys.contains(k))
                    .collect();
                k.sort_unstable();
                k.dedup();
                k
            })
            .collect()
    };
    let s_docs = keep(src);
    let t_docs = keep(tgt);
    let mut df: HashMap<&str, usize> = HashMap::default();
    for k in s_docs.iter().chain(&t_docs).flatten() {
        *df.entry(k).or_default() += 1;
    }
    let total = (src.len() + tgt.len()) as f64;
    let weight = |k: &str| -> f64 {
        let w = (total / df.get(k).copied().unwrap_or(1) as f64).ln() + 1.0;
        w * w
    };
    let norm = |keys: &[&str]| keys.iter().map(|k| weight(k)).sum::<f64>().sqrt();
    let s_norm: Vec<f64> = s_docs.iter().map(|d| norm(d)).collect();
    let t_norm: Vec<f64> = t_docs.iter().map(|d| norm(d)).collect();
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::default();
    for (j, keys) in t_docs.iter().enumerate() {
        for k in keys {
            postings.entry(k).or_default().push(j);
        }
    }
    let ratio = median_ratio(src, tgt);
    // One pass over the sources, in parallel: each source's best target, and folded into it,
    // each target's best source.
    type Best = Option<(usize, f64)>;
    let better =
        |cand: (usize, f64), cur: Best| cur.is_none_or(|(ci, cs)| cand.1 > cs || cand.1 == cs && cand.0 < ci);
    let (best_for_source, best_for_target): (Vec<(usize, Best)>, Vec<Best>) = s_docs
        .par_iter()
        .enumerate()
        .fold(
            || (Vec::new(), vec![None; tgt.len()]),
            |(mut per_source, mut per_target): (Vec<(usize, Best)>, Vec<Best>), (i, keys)| {
                let mut dots: HashMap<usize, (f64, usize)> = HashMap::default();
                for k in keys {
                    let Some(list) = postings.get(k).filter(|l| l.len() <= MAX_POSTINGS) else { continue };
                    let w = weight(k);
                    for &j in list {
                        let e = dots.entry(j).or_default();
                        e.0 += w;
                        e.1 += 1;
                    }
                }
                let mut best: Best = None;
                for (j, (dot, shared)) in dots {
                    let evidence = (shared as f64 / MIN_SHARED).min(1.0);
                    let sc = evidence * score(dot, s_norm[i], t_norm[j], src[i].len, tgt[j].len, ratio);
                    if better((j, sc), best) {
                        best = Some((j, sc));
                    }
                    if better((i, sc), per_target[j]) {
                        per_target[j] = Some((i, sc));
                    }
                }
                per_source.push((i, best));
                (per_source, per_target)
            },
        )
        .reduce(
            || (Vec::new(), vec![None; tgt.len()]),
            |(mut a_src, mut a_tgt), (b_src, b_tgt)| {
                a_src.extend(b_src);
                for (j, b) in b_tgt.into_iter().enumerate() {
                    if let Some(cand) = b {
                        if better(cand, a_tgt[j]) {
                            a_tgt[j] = Some(cand);
                        }
                    }
                }
                (a_src, a_tgt)
            },
        );
    let mut pairs: Vec<Pair> = best_for_source
        .iter()
        .filter_map(|&(i, b)| {
            let (j, s) = b?;
            let mutual = best_for_target[j].is_some_and(|(bi, _)| bi == i);
            (mutual && s >= threshold).then_some(Pair { source: i, target: j, score: s })
        })
        .collect();
    pairs.sort_by_key(|p| p.source);
    pairs
}

fn score(dot: f64, ns: f64, nt: f64, ls: usize, lt: usize, ratio: f64) -> f64 {
    if ns == 0.0 || nt == 0.0 {
        return 0.0;
    }
    let expected = ls as f64 * ratio;
    let fit =
        if expected <= 0.0 || lt == 0 { 0.0 } else { expected.min(lt as f64) / expected.max(lt as f64) };
    dot / (ns * nt) * fit.sqrt()
}

/// The typical length of a translation relative to its original in this corpus: the ratio of
/// the median lengths.
fn median_ratio(src: &[DocFeatures], tgt: &[DocFeatures]) -> f64 {
    let median = |docs: &[DocFeatures]| {
        let mut v: Vec<usize> = docs.iter().map(|d| d.len).collect();
        v.sort_unstable();
        v.get(v.len() / 2).copied().unwrap_or(0) as f64
    };
    let (s, t) = (median(src), median(tgt));
    if s == 0.0 || t == 0.0 {
        1.0
    } else {
        t / s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(len: usize, keys: &[&str]) -> DocFeatures {
        DocFeatures { len, keys: keys.iter().map(|k| k.to_string()).collect() }
    }

    #[test]
    fn pairs_by_shared_rare_keys_and_leaves_the_rest_unpaired() {
        let src = [
            doc(3000, &["money:5000000:EUR", "name:Meta", "term:gdpr", "date:2024-12-24"]),
            doc(2500, &["percent:4", "name:Kaiyun", "term:patent-infringement"]),
            doc(2000, &["name:Sparkasse", "term:judgment"]),
        ];
        let tgt = [
            doc(2700, &["percent:4", "name:Kaiyun", "term:patent-infringement", "term:lawsuit"]),
            doc(3100, &["money:5000000:EUR", "name:Meta", "term:gdpr", "date:2024-12-24"]),
            doc(1800, &["name:Apple", "term:cartel"]),
        ];
        let pairs = pair_documents(&src, &tgt, DEFAULT_THRESHOLD);
        let got: Vec<(usize, usize)> = pairs.iter().map(|p| (p.source, p.target)).collect();
        assert_eq!(got, [(0, 1), (1, 0)]);
        assert!(pairs.iter().all(|p| p.score > 0.5));
    }

    #[test]
    fn a_weak_match_is_not_forced() {
        let src = [doc(3000, &["term:judgment", "name:Berlin", "name:Google"])];
        let tgt = [doc(1000, &["term:judgment", "name:Paris", "name:Amazon"])];
        assert!(pair_documents(&src, &tgt, DEFAULT_THRESHOLD).is_empty());
    }

    #[test]
    fn only_mutual_best_matches_pair() {
        // Two originals compete for one translation: only the better one gets it.
        let src = [doc(1000, &["name:A", "name:B", "name:C"]), doc(1000, &["name:A", "name:B"])];
        let tgt = [doc(1000, &["name:A", "name:B", "name:C"])];
        let pairs = pair_documents(&src, &tgt, DEFAULT_THRESHOLD);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].source, pairs[0].target), (0, 0));
    }
}
