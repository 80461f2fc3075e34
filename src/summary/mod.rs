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

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

/// What the scorer knows of a candidate sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct Candidate<'a> {
    /// Index of the sentence in the article.
    pub index: usize,
    pub text: &'a str,
    pub figures: usize,
    pub terms: usize,
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

struct Lang {
    stopwords: HashSet<String>,
    stem_prefix: usize,
}

fn parse(data: &str) -> Lang {
    let mut lang = Lang { stopwords: HashSet::new(), stem_prefix: 6 };
    for line in data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match line.split_once('=') {
            Some((k, v)) if k.trim() == "stem_prefix" => lang.stem_prefix = v.trim().parse().unwrap_or(6),
            _ => {
                lang.stopwords.insert(line.to_lowercase());
            }
        }
    }
    lang
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

static NO_LANG: LazyLock<Lang> = LazyLock::new(|| Lang { stopwords: HashSet::new(), stem_prefix: 6 });

/// Whether `word` (already lowercase) is a stopword of `lang` (`data/<lang>/stopwords.txt`);
/// `false` for a language without a list. The checks use it as a cheap language test.
pub fn is_stopword(lang: &str, word: &str) -> bool {
    LANGS.get(lang).is_some_and(|l| l.stopwords.contains(word))
}

/// The content words of a text, as prefix stems.
fn terms(text: &str, lang: &Lang) -> Vec<String> {
    text.unicode_words()
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().any(char::is_alphabetic) && w.chars().count() > 1 && !lang.stopwords.contains(w)
        })
        .map(|w| w.chars().take(lang.stem_prefix).collect())
        .collect()
}

type Vector = HashMap<String, f64>;

fn cosine(a: &Vector, b: &Vector) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum();
    let norm = |v: &Vector| v.values().map(|x| x * x).sum::<f64>().sqrt();
    let n = norm(a) * norm(b);
    if n == 0.0 {
        0.0
    } else {
        dot / n
    }
}

/// Picks up to `n` candidates (given in document order) for an article with `title`, in
/// language `lang`; returns them in document order.
pub fn select(title: &str, candidates: &[Candidate], lang: &str, n: usize) -> Vec<Choice> {
    if candidates.is_empty() || n == 0 {
        return Vec::new();
    }
    let l = LANGS.get(lang).unwrap_or(&NO_LANG);
    let sentence_terms: Vec<Vec<String>> = candidates.iter().map(|c| terms(c.text, l)).collect();
    // Inverse sentence frequency: a word in every sentence says nothing about any of them.
    let mut df: HashMap<&str, usize> = HashMap::new();
    for ts in &sentence_terms {
        for t in ts.iter().collect::<HashSet<_>>() {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let total = candidates.len() as f64;
    let vector = |ts: &[String]| -> Vector {
        let mut v = Vector::new();
        for t in ts {
            let idf = (1.0 + total / df.get(t.as_str()).copied().unwrap_or(1) as f64).ln();
            *v.entry(t.clone()).or_default() += idf;
        }
        v
    };
    let vectors: Vec<Vector> = sentence_terms.iter().map(|ts| vector(ts)).collect();
    let mut centroid = Vector::new();
    for v in &vectors {
        for (k, x) in v {
            *centroid.entry(k.clone()).or_default() += x;
        }
    }
    let title_terms: HashSet<String> = terms(title, l).into_iter().collect();
    let base: Vec<f64> = candidates
        .iter()
        .enumerate()
        .map(|(pos, c)| {
            let own: HashSet<&String> = sentence_terms[pos].iter().collect();
            let title_overlap = if title_terms.is_empty() {
                0.0
            } else {
                title_terms.iter().filter(|t| own.contains(t)).count() as f64 / title_terms.len() as f64
            };
            POSITION / (1.0 + pos as f64).sqrt()
                + CENTRALITY * cosine(&vectors[pos], &centroid)
                + TITLE * title_overlap
                + FIGURES * (c.figures.min(2) as f64 / 2.0)
                + TERMS * (c.terms.min(3) as f64 / 3.0)
        })
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n.min(candidates.len()) {
        let best = (0..candidates.len())
            .filter(|i| !chosen.contains(i))
            .map(|i| {
                let redundancy = chosen.iter().map(|&j| cosine(&vectors[i], &vectors[j])).fold(0.0, f64::max);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn c(index: usize, text: &str, figures: usize, terms: usize) -> Candidate<'_> {
        Candidate { index, text, figures, terms }
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

    #[test]
    fn short_articles_return_what_they_have_in_document_order() {
        let cands = [c(3, "Zweiter Satz über den BGH.", 0, 1), c(2, "Erster Satz.", 0, 0)];
        assert_eq!(select(TITLE, &cands[..1], "de", 3).len(), 1);
        let both: Vec<usize> = select(TITLE, &cands, "xx", 3).iter().map(|x| x.index).collect();
        assert_eq!(both, [2, 3]);
        assert!(select(TITLE, &[], "de", 3).is_empty());
    }
}
