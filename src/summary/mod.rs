//! Choosing the sentences that summarize an article.
//!
//! Every candidate sentence (the body, and the teaser when asked for; never the title) is scored
//! by its position (news puts the most important facts first, which is why Lead-3 is a strong
//! baseline), its centrality (TF-IDF cosine to the whole article, content words compared by a
//! prefix stem, stopwords from `data/<lang>/stopwords.txt`), its overlap with the title, and the
//! key figures and glossary terms it states. Sentences are then picked greedily with maximal
//! marginal relevance, so a second sentence that repeats the first loses to one that adds
//! something, and returned in document order. This module only ranks indices: it never cuts or
//! changes a sentence.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use crate::lang::{packed_bytes, packed_lowercase, PackedTable};

/// What the scorer knows of a candidate sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct Candidate<'a> {
    /// Index of the sentence in the article.
    pub index: usize,
    pub text: &'a str,
    pub figures: usize,
    pub terms: usize,
    /// The sentence's words ([`crate::segment::words`]) as byte ranges of `text`, where the
    /// caller has them (`None`: split here).
    pub words: Option<&'a [(u32, u32)]>,
}

/// A chosen sentence and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    pub index: usize,
    pub score: f64,
}

/// Weights of the score's parts (each part lies in 0..=1).
const POSITION: f64 = 1.0;
const CENTRALITY: f64 = 0.5;
const TITLE: f64 = 0.3;
const FIGURES: f64 = 0.15;
const TERMS: f64 = 0.1;
/// Maximal marginal relevance: how much a candidate's similarity to what is already chosen
/// counts against it.
const REDUNDANCY: f64 = 0.5;

/// A set of words hashed with FxHash (rustc-hash): the keys are the words of the article being
/// summarized and of our stopword lists, so a text built to collide only slows its own summary
/// down, and SipHash cost more than the rest of the lookup.
type WordSet = rustc_hash::FxHashSet<String>;
type WordMap<V> = rustc_hash::FxHashMap<String, V>;

#[derive(Default)]
struct Lang {
    /// The stopwords, in lowercase, that [`packed_bytes`] packs (nearly all of them); an ASCII
    /// word's [`packed_lowercase`] is its key here.
    packed_stopwords: PackedTable<()>,
    /// The other stopwords, in lowercase.
    stopwords: WordSet,
    /// The length in bytes of the longest ASCII one among them (longer than eight bytes): an
    /// ASCII word's lowercase is ASCII, so no longer ASCII word needs looking up there.
    longest_ascii_other_stopword: usize,
    stem_prefix: usize,
}

impl Lang {
    /// Whether `lower`, a word in lowercase, is a stopword.
    fn is_stopword(&self, lower: &str) -> bool {
        match packed_bytes(lower) {
            Some(key) => self.packed_stopwords.contains(key),
            None => self.stopwords.contains(lower),
        }
    }
}

fn parse(data: &str) -> Lang {
    let mut lang = Lang { stem_prefix: 6, ..Lang::default() };
    let mut packed = Vec::new();
    for line in data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match line.split_once('=') {
            Some((k, v)) if k.trim() == "stem_prefix" => lang.stem_prefix = v.trim().parse().unwrap_or(6),
            _ => {
                let word = line.to_lowercase();
                match packed_bytes(&word) {
                    Some(key) => packed.push((key, ())),
                    None => {
                        if word.is_ascii() {
                            lang.longest_ascii_other_stopword =
                                lang.longest_ascii_other_stopword.max(word.len());
                        }
                        lang.stopwords.insert(word);
                    }
                }
            }
        }
    }
    lang.packed_stopwords = PackedTable::new(packed);
    lang
}

/// The numbers of the stems of an article, in order of first appearance: a stem that
/// [`packed_bytes`] packs is keyed by its number, any other by its text, so that most words
/// are looked up without hashing a string and numbered without copying one.
#[derive(Default)]
struct Ids {
    /// The packed stems: open addressing in a power-of-two array at most half full, hashed by
    /// one multiplication (as [`PackedTable`]), grown as the article needs; key 0 (no packed
    /// stem) marks an empty slot. A lookup is a dozen instructions, a hash map's about forty.
    packed: Vec<(u64, u32)>,
    /// The slots of `packed` in use, so that [`Ids::reset`] empties them and no others.
    used: Vec<u32>,
    /// 64 minus the log2 of the number of slots.
    shift: u32,
    others: WordMap<u32>,
    count: u32,
}

thread_local! {
    /// The stem numbers of the article being summarized, kept per thread: an article empties
    /// the slots the one before used instead of allocating and zeroing a table of its own.
    static IDS: std::cell::RefCell<Ids> = std::cell::RefCell::new(Ids::with_capacity(0));
}

impl Ids {
    /// Fibonacci hashing, as [`PackedTable`].
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

    fn with_capacity(n: usize) -> Ids {
        let len = (n * 2).max(16).next_power_of_two();
        Ids {
            packed: vec![(0, 0); len],
            used: Vec::new(),
            shift: 64 - len.trailing_zeros(),
            others: WordMap::default(),
            count: 0,
        }
    }

    /// Empties the numbering for an article of about `n` stems, as [`Ids::with_capacity`] makes
    /// one: only the slots in use are cleared, and the table is made anew only where it is too
    /// small for `n` or far larger than it needs (a long article's table is not kept for all
    /// the short ones after it).
    fn reset(&mut self, n: usize) {
        let len = (n * 2).max(16).next_power_of_two();
        if self.packed.len() < len || self.packed.len() > len * 8 {
            *self = Ids::with_capacity(n);
            return;
        }
        for &slot in &self.used {
            self.packed[slot as usize] = (0, 0);
        }
        self.used.clear();
        self.others.clear();
        self.count = 0;
    }

    fn len(&self) -> usize {
        self.count as usize
    }

    /// The number of `stem`, a stem in lowercase; a new one for a stem not seen before. A stem
    /// of eight bytes or fewer in any script is keyed by its number ([`packed_bytes`], which is
    /// [`packed_lowercase`]'s for an ASCII one).
    fn of(&mut self, stem: &str) -> u32 {
        if let Some(key) = packed_bytes(stem) {
            return self.of_packed(key);
        }
        let next = self.count;
        let id = match self.others.get(stem) {
            Some(&id) => id,
            None => {
                self.others.insert(stem.to_string(), next);
                next
            }
        };
        if id == next {
            self.count += 1;
        }
        id
    }

    /// The number of the stem that [`packed_bytes`] packs to `key` (never 0).
    #[inline]
    fn of_packed(&mut self, key: u64) -> u32 {
        let mask = self.packed.len() - 1;
        let mut i = (key.wrapping_mul(Self::MULTIPLIER) >> self.shift) as usize;
        loop {
            let (k, id) = self.packed[i];
            if k == key {
                return id;
            }
            if k == 0 {
                break;
            }
            i = (i + 1) & mask;
        }
        let id = self.count;
        self.packed[i] = (key, id);
        // A table has fewer than 2^32 slots: its stems' numbers are u32s, at most half of them.
        self.used.push(i as u32);
        self.count += 1;
        if (self.count as usize) * 2 > self.packed.len() {
            self.grow();
        }
        id
    }

    /// Doubles the packed table, every stem keeping its number.
    fn grow(&mut self) {
        let len = self.packed.len() * 2;
        let old = std::mem::replace(&mut self.packed, vec![(0, 0); len]);
        self.shift = 64 - len.trailing_zeros();
        self.used.clear();
        for (key, id) in old.into_iter().filter(|&(k, _)| k != 0) {
            let mut i = (key.wrapping_mul(Self::MULTIPLIER) >> self.shift) as usize;
            while self.packed[i].0 != 0 {
                i = (i + 1) & (len - 1);
            }
            self.packed[i] = (key, id);
            self.used.push(i as u32);
        }
    }
}

static LANGS: LazyLock<HashMap<&'static str, Lang>> = LazyLock::new(|| {
    [
        ("de", include_str!("data/de/stopwords.txt")),
        ("en", include_str!("data/en/stopwords.txt")),
        ("fr", include_str!("data/fr/stopwords.txt")),
        ("es", include_str!("data/es/stopwords.txt")),
        ("it", include_str!("data/it/stopwords.txt")),
    ]
    .into_iter()
    .map(|(k, v)| (k, parse(v)))
    .collect()
});

static NO_LANG: LazyLock<Lang> = LazyLock::new(|| Lang { stem_prefix: 6, ..Lang::default() });

/// The content words of a text, as prefix stems, each given a number in `ids` (in order of first
/// appearance in the article), pushed to `out`: the scorer compares numbers, not strings. `buf`
/// is reused.
fn terms<'w>(
    words: impl Iterator<Item = &'w str>,
    lang: &Lang,
    ids: &mut Ids,
    buf: &mut String,
    out: &mut Vec<u32>,
) {
    for w in words {
        let id = if w.is_ascii() {
            // One letter, or no letter at all (a number): not a content word.
            if w.len() < 2 || !w.bytes().any(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            // An ASCII word lowercases byte by byte: the lowercase of its stem is the stem of its
            // lowercase, and a word or stem of eight bytes or fewer is looked up as its number,
            // without a lowercase copy.
            let stem_len = lang.stem_prefix.min(w.len());
            let packed = packed_lowercase(w);
            match packed {
                Some(word) if stem_len > 0 => {
                    if lang.packed_stopwords.contains(word) {
                        continue;
                    }
                    let stem = if stem_len >= 8 { word } else { word & ((1u64 << (8 * stem_len)) - 1) };
                    ids.of_packed(stem)
                }
                _ => {
                    if packed.is_some() || w.len() <= lang.longest_ascii_other_stopword {
                        buf.clear();
                        buf.push_str(w);
                        buf.make_ascii_lowercase();
                        if lang.is_stopword(buf) {
                            continue;
                        }
                    }
                    match packed_lowercase(&w[..stem_len]) {
                        Some(stem) => ids.of_packed(stem),
                        None => {
                            buf.clear();
                            buf.push_str(&w[..stem_len]);
                            buf.make_ascii_lowercase();
                            ids.of(buf)
                        }
                    }
                }
            }
        } else {
            buf.clear();
            crate::segment::push_lowercase(buf, w);
            if !buf.chars().any(char::is_alphabetic) || buf.chars().nth(1).is_none() {
                continue;
            }
            if lang.is_stopword(buf) {
                continue;
            }
            if let Some((cut, _)) = buf.char_indices().nth(lang.stem_prefix) {
                buf.truncate(cut);
            }
            ids.of(buf)
        };
        out.push(id);
    }
}

/// The term vectors of an article's sentences, all in one list: sentence `i`'s (term number,
/// weight) pairs, sorted by term number, are `weights[ends[i - 1]..ends[i]]`, its norm
/// `norms[i]`. One allocation for the article, not one per sentence.
struct Vectors {
    weights: Vec<(u32, f64)>,
    ends: Vec<usize>,
    norms: Vec<f64>,
}

impl Vectors {
    /// The vectors of sentences whose sorted terms are `terms[ends[i - 1]..ends[i]]`: each
    /// distinct term weighs its `idf` once per occurrence (added one occurrence after the other).
    fn new(terms: &[u32], term_ends: &[usize], idf: &[f64]) -> Vectors {
        let mut v = Vectors {
            weights: Vec::with_capacity(terms.len()),
            ends: Vec::with_capacity(term_ends.len()),
            norms: Vec::with_capacity(term_ends.len()),
        };
        let mut start = 0;
        for &end in term_ends {
            let first = v.weights.len();
            for &t in &terms[start..end] {
                let w = idf[t as usize];
                let run = v.weights.len() > first;
                match v.weights.last_mut() {
                    Some(last) if run && last.0 == t => last.1 += w,
                    _ => v.weights.push((t, w)),
                }
            }
            v.norms.push(v.weights[first..].iter().map(|(_, x)| x * x).sum::<f64>().sqrt());
            v.ends.push(v.weights.len());
            start = end;
        }
        v
    }

    fn of(&self, i: usize) -> &[(u32, f64)] {
        &self.weights[i.checked_sub(1).map_or(0, |p| self.ends[p])..self.ends[i]]
    }
}

/// The cosine of `weights` (sorted by term number, norm `norm`) and a vector held densely, by
/// term number (`dense`, norm `dense_norm`; 0 where it has no weight). The products are summed
/// in term order, as a merge of the two sparse vectors sums them: the same number to the bit,
/// without walking the whole article's terms for every sentence.
fn cosine_dense(weights: &[(u32, f64)], norm: f64, dense: &[f64], dense_norm: f64) -> f64 {
    let n = norm * dense_norm;
    if n == 0.0 {
        return 0.0;
    }
    let mut dot = 0.0;
    for &(k, x) in weights {
        let y = dense.get(k as usize).copied().unwrap_or(0.0);
        if y != 0.0 {
            dot += x * y;
        }
    }
    dot / n
}

/// Picks up to `n` candidates (given in document order) for an article with `title`, in
/// language `lang`; returns them in document order.
pub fn select(title: &str, candidates: &[Candidate], lang: &str, n: usize) -> Vec<Choice> {
    if candidates.is_empty() || n == 0 {
        return Vec::new();
    }
    let l = LANGS.get(lang).unwrap_or(&NO_LANG);
    // About one new stem in two words, a word in seven bytes: sized once, not grown.
    let bytes: usize = candidates.iter().map(|c| c.text.len()).sum::<usize>() + title.len();
    let mut ids = IDS.take();
    ids.reset(bytes / 14);
    let chosen = select_with(title, candidates, l, n, bytes, &mut ids);
    IDS.set(ids);
    chosen
}

/// [`select`] for candidates of `bytes` bytes with their title, numbering stems in `ids`
/// (empty).
fn select_with(
    title: &str,
    candidates: &[Candidate],
    l: &Lang,
    n: usize,
    bytes: usize,
    ids: &mut Ids,
) -> Vec<Choice> {
    let mut buf = String::new();
    // Every sentence's terms in one list, each sentence's sorted once: its distinct terms are the
    // first of each run, and its vector is built from it.
    let mut all_terms: Vec<u32> = Vec::with_capacity(bytes / 7);
    let mut term_ends: Vec<usize> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let start = all_terms.len();
        match c.words {
            // A span that is no word of the text (none is) gives "", which is no content word.
            Some(spans) => terms(
                spans.iter().map(|&(a, b)| c.text.get(a as usize..b as usize).unwrap_or("")),
                l,
                ids,
                &mut buf,
                &mut all_terms,
            ),
            None => terms(crate::segment::words(c.text), l, ids, &mut buf, &mut all_terms),
        }
        all_terms[start..].sort_unstable();
        term_ends.push(all_terms.len());
    }
    let sentence_terms = |i: usize| &all_terms[i.checked_sub(1).map_or(0, |p| term_ends[p])..term_ends[i]];
    let mut title_terms = Vec::new();
    terms(crate::segment::words(title), l, ids, &mut buf, &mut title_terms);
    title_terms.sort_unstable();
    title_terms.dedup();
    // Inverse sentence frequency: a word in every sentence says nothing about any of them.
    let mut df = vec![0usize; ids.len()];
    for i in 0..candidates.len() {
        let ts = sentence_terms(i);
        for (k, &t) in ts.iter().enumerate() {
            if k == 0 || ts[k - 1] != t {
                df[t as usize] += 1;
            }
        }
    }
    let total = candidates.len() as f64;
    // A term's weight depends only on how many sentences have it: one logarithm per count.
    let idf_of: Vec<f64> = (0..=candidates.len()).map(|d| (1.0 + total / d.max(1) as f64).ln()).collect();
    let idf: Vec<f64> = df.iter().map(|&d| idf_of[d]).collect();
    let vectors = Vectors::new(&all_terms, &term_ends, &idf);
    // The centroid, held densely by term number; its norm over its weights in term order.
    let mut centroid = vec![0.0; ids.len()];
    for &(k, x) in &vectors.weights {
        centroid[k as usize] += x;
    }
    let centroid_norm = centroid.iter().filter(|&&x| x != 0.0).map(|x| x * x).sum::<f64>().sqrt();
    let base: Vec<f64> = candidates
        .iter()
        .enumerate()
        .map(|(pos, c)| {
            let centrality = cosine_dense(vectors.of(pos), vectors.norms[pos], &centroid, centroid_norm);
            base_score(pos, c, centrality, &title_terms, sentence_terms(pos))
        })
        .collect();
    // Maximal marginal relevance. Each candidate's redundancy, its greatest similarity to a
    // chosen sentence, is kept up to date as sentences are chosen (the greatest of the same
    // numbers in another order is the same number): one cosine per candidate and round.
    let mut chosen: Vec<usize> = Vec::new();
    let mut is_chosen = vec![false; candidates.len()];
    let mut redundancy = vec![0.0f64; candidates.len()];
    // The last chosen sentence's vector is held densely (in what held the centroid), so that a
    // candidate's cosine with it walks the candidate's terms only ([`cosine_dense`]: the same
    // number to the bit as a merge of the two sparse vectors).
    let mut last_vector = centroid;
    last_vector.fill(0.0);
    while chosen.len() < n.min(candidates.len()) {
        if let Some(&last) = chosen.last() {
            for &(k, x) in vectors.of(last) {
                last_vector[k as usize] = x;
            }
            let norm = vectors.norms[last];
            for (i, r) in redundancy.iter_mut().enumerate().filter(|&(i, _)| !is_chosen[i]) {
                *r = r.max(cosine_dense(vectors.of(i), vectors.norms[i], &last_vector, norm));
            }
            for &(k, _) in vectors.of(last) {
                last_vector[k as usize] = 0.0;
            }
        }
        let best = (0..candidates.len())
            .filter(|&i| !is_chosen[i])
            .map(|i| (i, base[i] - REDUNDANCY * redundancy[i]))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((i, _)) => {
                chosen.push(i);
                is_chosen[i] = true;
            }
            None => break,
        }
    }
    let mut out: Vec<Choice> =
        chosen.into_iter().map(|i| Choice { index: candidates[i].index, score: base[i] }).collect();
    out.sort_by_key(|c| c.index);
    out
}

/// A candidate's score before redundancy: its position, its `centrality` (cosine with the
/// article's centroid), the share of the title's terms (sorted) that its own sorted `terms`
/// have, its figures and its glossary terms.
fn base_score<T: Ord>(pos: usize, c: &Candidate, centrality: f64, title_terms: &[T], terms: &[T]) -> f64 {
    let title_overlap = if title_terms.is_empty() {
        0.0
    } else {
        title_terms.iter().filter(|t| terms.binary_search(t).is_ok()).count() as f64
            / title_terms.len() as f64
    };
    POSITION / (1.0 + pos as f64).sqrt()
        + CENTRALITY * centrality
        + TITLE * title_overlap
        + FIGURES * (c.figures.min(2) as f64 / 2.0)
        + TERMS * (c.terms.min(3) as f64 / 3.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sparse term vector: (term number, weight), sorted by term number, with its norm.
    struct Vector {
        weights: Vec<(u32, f64)>,
        norm: f64,
    }

    impl Vector {
        fn new(mut weights: Vec<(u32, f64)>) -> Vector {
            weights.sort_unstable_by_key(|&(k, _)| k);
            weights.dedup_by(|b, a| {
                let same = a.0 == b.0;
                if same {
                    a.1 += b.1;
                }
                same
            });
            let norm = weights.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            Vector { weights, norm }
        }
    }

    fn cosine(a: &Vector, b: &Vector) -> f64 {
        let n = a.norm * b.norm;
        if n == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.weights.len() && j < b.weights.len() {
            let (ka, x) = a.weights[i];
            let (kb, y) = b.weights[j];
            match ka.cmp(&kb) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x * y;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot / n
    }

    /// The selection as it was written first, a vector per sentence and the centroid sparse,
    /// merged with each: what [`select`] must give, to the bit.
    fn select_by_vectors(title: &str, candidates: &[Candidate], lang: &str, n: usize) -> Vec<Choice> {
        if candidates.is_empty() || n == 0 {
            return Vec::new();
        }
        let l = LANGS.get(lang).unwrap_or(&NO_LANG);
        // About one new stem in two words, a word in seven bytes: sized once, not grown.
        let bytes: usize = candidates.iter().map(|c| c.text.len()).sum::<usize>() + title.len();
        let (mut ids, mut buf) = (Ids::with_capacity(bytes / 14), String::new());
        // Each sentence's terms, sorted once: its distinct terms are the first of each run, and its
        // vector is built from it (whose own sort then finds the order already made).
        let sentence_terms: Vec<Vec<u32>> = candidates
            .iter()
            .map(|c| {
                let mut ts = Vec::new();
                match c.words {
                    Some(spans) => terms(
                        spans.iter().map(|&(a, b)| c.text.get(a as usize..b as usize).unwrap_or("")),
                        l,
                        &mut ids,
                        &mut buf,
                        &mut ts,
                    ),
                    None => terms(crate::segment::words(c.text), l, &mut ids, &mut buf, &mut ts),
                }
                ts.sort_unstable();
                ts
            })
            .collect();
        let mut title_terms = Vec::new();
        terms(crate::segment::words(title), l, &mut ids, &mut buf, &mut title_terms);
        title_terms.sort_unstable();
        title_terms.dedup();
        // Inverse sentence frequency: a word in every sentence says nothing about any of them.
        let mut df = vec![0usize; ids.len()];
        for ts in &sentence_terms {
            for (k, &t) in ts.iter().enumerate() {
                if k == 0 || ts[k - 1] != t {
                    df[t as usize] += 1;
                }
            }
        }
        let total = candidates.len() as f64;
        let idf: Vec<f64> = df.iter().map(|&d| (1.0 + total / d.max(1) as f64).ln()).collect();
        let vectors: Vec<Vector> = sentence_terms
            .iter()
            .map(|ts| Vector::new(ts.iter().map(|&t| (t, idf[t as usize])).collect()))
            .collect();
        let mut centroid = vec![0.0; ids.len()];
        for v in &vectors {
            for &(k, x) in &v.weights {
                centroid[k as usize] += x;
            }
        }
        let centroid = Vector::new(
            centroid.into_iter().enumerate().filter(|&(_, x)| x != 0.0).map(|(k, x)| (k as u32, x)).collect(),
        );
        let base: Vec<f64> = candidates
            .iter()
            .enumerate()
            .map(|(pos, c)| {
                base_score(pos, c, cosine(&vectors[pos], &centroid), &title_terms, &sentence_terms[pos])
            })
            .collect();
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < n.min(candidates.len()) {
            let best = (0..candidates.len())
                .filter(|i| !chosen.contains(i))
                .map(|i| {
                    let redundancy =
                        chosen.iter().map(|&j| cosine(&vectors[i], &vectors[j])).fold(0.0, f64::max);
                    (i, base[i] - REDUNDANCY * redundancy)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((i, _)) => chosen.push(i),
                None => break,
            }
        }
        let mut out: Vec<Choice> =
            chosen.into_iter().map(|i| Choice { index: candidates[i].index, score: base[i] }).collect();
        out.sort_by_key(|c| c.index);
        out
    }

    fn c(index: usize, text: &str, figures: usize, terms: usize) -> Candidate<'_> {
        Candidate { index, text, figures, terms, words: None }
    }

    const TITLE: &str = "BGH: Kontrollverlust über Daten reicht für Schadensersatz";

    #[test]
    fn the_lead_wins_when_nothing_else_speaks_against_it() {
        let cands = [
            c(2, "Der Bundesgerichtshof hat die Hürden für Schadensersatz nach einem Datenleck gesenkt.", 0, 2),
            c(3, "Schon der Kontrollverlust über persönliche Daten kann einen Anspruch begründen.", 0, 0),
            c(4, "Geklagt hatte ein Nutzer des Netzwerks Frendly, dessen Telefonnummer abgegriffen worden war.", 0, 0),
            c(5, "Das Wetter in Karlsruhe war an dem Tag sonnig.", 0, 0),
            c(6, "Viele Zuschauer verfolgten die Verhandlung.", 0, 0),
        ];
        let idx: Vec<usize> = select(TITLE, &cands, "de", 3).iter().map(|x| x.index).collect();
        assert_eq!(idx, [2, 3, 4]);
    }

    #[test]
    fn a_later_sentence_with_the_key_figure_beats_a_repetition() {
        let cands = [
            c(
                2,
                "Der Bundesgerichtshof hat die Hürden für Schadensersatz nach einem Datenleck gesenkt.",
                0,
                2,
            ),
            c(
                3,
                "Die Hürden für Schadensersatz nach einem Datenleck hat der Bundesgerichtshof gesenkt.",
                0,
                2,
            ),
            c(4, "Das Wetter war gut.", 0, 0),
            c(5, "Dem Kläger sprach der Senat 100 Euro Schadensersatz für den Kontrollverlust zu.", 1, 1),
        ];
        let idx: Vec<usize> = select(TITLE, &cands, "de", 2).iter().map(|x| x.index).collect();
        assert_eq!(idx, [2, 5]);
    }

    /// The stems' numbers are those of a plain lowercase-string map, in any case and script.
    #[test]
    fn terms_number_stems_as_lowercase_strings_would() {
        let text = "Der Bundesgerichtshof BUNDESGERICHTSHOF Schadensersatz schadensersatzanspruch \
            Über über ÜBERGRÖSSE Straße strasse the THE and Kläger KLÄGER 4,000 x Ω ab AB \
            Ünternehmen unternehmen \u{212A}elvin kelvin zwischen ZWISCHEN verurteilte \
            according ACCORDING Accordingly gegenüber GEGENÜBER";
        // And every word of the bundled corpus.
        let corpus: String = corpus_articles().into_iter().map(|(_, t, b)| format!("{t}\n{b}\n")).collect();
        let text = format!("{text}\n{corpus}");
        let text = text.as_str();
        // The stopwords read plainly from the data files, not through the packed table.
        let plain_stopwords = |data: &str| -> std::collections::HashSet<String> {
            data.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.contains('='))
                .map(str::to_lowercase)
                .collect()
        };
        for (lang, data) in [
            ("de", include_str!("data/de/stopwords.txt")),
            ("en", include_str!("data/en/stopwords.txt")),
            ("xx", ""),
        ] {
            let l = LANGS.get(lang).unwrap_or(&NO_LANG);
            let stopwords = plain_stopwords(data);
            assert_eq!(stopwords.is_empty(), lang == "xx");
            let (mut ids, mut buf) = (Ids::with_capacity(4), String::new());
            let mut got = Vec::new();
            terms(crate::segment::words(text), l, &mut ids, &mut buf, &mut got);
            let mut plain: HashMap<String, u32> = HashMap::default();
            let mut want = Vec::new();
            for w in crate::segment::words(text) {
                let lower = w.to_lowercase();
                if !lower.chars().any(char::is_alphabetic)
                    || lower.chars().count() < 2
                    || stopwords.contains(&lower)
                {
                    continue;
                }
                let stem: String = lower.chars().take(l.stem_prefix).collect();
                let next = plain.len() as u32;
                want.push(*plain.entry(stem).or_insert(next));
            }
            assert_eq!(got, want, "{lang}");
            assert_eq!(ids.len(), plain.len());
        }
    }

    #[test]
    fn short_articles_return_what_they_have_in_document_order() {
        let cands = [c(3, "Zweiter Satz über den BGH.", 0, 1), c(2, "Erster Satz.", 0, 0)];
        assert_eq!(select(TITLE, &cands[..1], "de", 3).len(), 1);
        let both: Vec<usize> = select(TITLE, &cands, "xx", 3).iter().map(|x| x.index).collect();
        assert_eq!(both, [2, 3]);
        assert!(select(TITLE, &[], "de", 3).is_empty());
    }

    /// The bundled corpus's articles, as (language, title, sentences of the rest).
    fn corpus_articles() -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let Some(lang) = name.split('.').rev().nth(1).filter(|l| l.len() == 2) else { continue };
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
            out.push((lang.to_string(), title.to_string(), body.to_string()));
        }
        assert!(out.len() > 30, "{} articles", out.len());
        out
    }

    /// The selection with one flat list of vectors, a dense centroid and redundancies kept up to
    /// date gives the same sentences and the same scores, to the bit, as the selection by a
    /// vector per sentence: every article of the bundled corpus, its words given and split here,
    /// in its own language's stopwords and in none, for summaries of one to all sentences.
    #[test]
    fn select_is_the_selection_by_vectors() {
        let mut compared = 0;
        for (lang, title, body) in corpus_articles() {
            let sentences = crate::segment::split(&body, &lang);
            let words = crate::segment::SentenceWords::split(sentences.iter().map(|s| s.text(&body)));
            for with_words in [true, false] {
                let cands: Vec<Candidate> = sentences
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Candidate {
                        index: i + 1,
                        text: s.text(&body),
                        figures: i * 7 % 4,
                        terms: i * 5 % 5,
                        words: if with_words { words.of(i) } else { None },
                    })
                    .collect();
                for l in [lang.as_str(), "xx"] {
                    for n in [1, 2, 3, 5, 8, cands.len() + 1] {
                        let (got, want) =
                            (select(&title, &cands, l, n), select_by_vectors(&title, &cands, l, n));
                        let bits = |v: &[Choice]| -> Vec<(usize, u64)> {
                            v.iter().map(|c| (c.index, c.score.to_bits())).collect()
                        };
                        assert_eq!(bits(&got), bits(&want), "{title} {l} {n}");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 400, "{compared}");
    }

    /// A numbering reset for the next article numbers its stems as a new one does: articles of
    /// the bundled corpus one after the other in one table, reset between them, growing and
    /// made anew (a long article after short ones, short ones after a long one).
    #[test]
    fn reset_ids_number_stems_as_new_ones() {
        let mut articles: Vec<String> =
            corpus_articles().into_iter().map(|(_, t, b)| format!("{t}\n{b}")).collect();
        let long = articles.concat();
        articles.insert(articles.len() / 2, long);
        let mut reused = Ids::default();
        for (k, text) in articles.iter().enumerate() {
            let n = [1, text.len() / 14, text.len()][k % 3];
            reused.reset(n);
            let mut fresh = Ids::with_capacity(n);
            for w in crate::segment::words(text) {
                let stem: String = w.to_lowercase().chars().take(6).collect();
                assert_eq!(reused.of(&stem), fresh.of(&stem), "{stem}");
            }
            assert_eq!(reused.len(), fresh.len());
        }
    }

    /// Stems are numbered in order of first appearance, as a plain map numbers them, also as the
    /// packed table grows: every stem of the bundled corpus, from a table sized for one.
    #[test]
    fn ids_number_stems_in_order_of_first_appearance() {
        let (mut ids, mut plain) = (Ids::with_capacity(1), HashMap::<String, u32>::default());
        for (_, title, body) in corpus_articles() {
            for w in crate::segment::words(&title).chain(crate::segment::words(&body)) {
                let stem: String = w.to_lowercase().chars().take(6).collect();
                let next = plain.len() as u32;
                let want = *plain.entry(stem.clone()).or_insert(next);
                assert_eq!(ids.of(&stem), want, "{stem}");
            }
        }
        assert_eq!(ids.len(), plain.len());
        assert!(plain.len() > 2000, "{} stems", plain.len());
    }
}
