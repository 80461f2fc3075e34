//! Choosing the sentences that summarize an article.
//!
//! First version: news puts the most important facts first, so sentences are scored by their
//! position in the body (the lead bias that makes Lead-3 a strong baseline), with a small bonus
//! for key figures and glossary terms. The title is never a summary sentence; the teaser is not
//! either unless asked for, since it already is a summary. The chosen sentences come back in
//! document order. This module only ranks indices: it never cuts or changes a sentence.

/// What the scorer knows of a sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct Candidate {
    /// Index of the sentence in the article.
    pub index: usize,
    pub figures: usize,
    pub terms: usize,
}

/// A chosen sentence and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    pub index: usize,
    pub score: f64,
}

const FIGURE_BONUS: f64 = 0.15;
const TERM_BONUS: f64 = 0.05;
/// Figures and terms beyond this many per sentence earn nothing more.
const BONUS_CAP: usize = 3;

/// Picks up to `n` of the candidates (in document order, body sentences only), returned in
/// document order.
pub fn select(candidates: &[Candidate], n: usize) -> Vec<Choice> {
    let mut scored: Vec<Choice> = candidates
        .iter()
        .enumerate()
        .map(|(pos, c)| Choice {
            index: c.index,
            score: 1.0 / (1.0 + pos as f64)
                + FIGURE_BONUS * c.figures.min(BONUS_CAP) as f64
                + TERM_BONUS * c.terms.min(BONUS_CAP) as f64,
        })
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    scored.truncate(n);
    scored.sort_by_key(|c| c.index);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(index: usize, figures: usize, terms: usize) -> Candidate {
        Candidate { index, figures, terms }
    }

    #[test]
    fn lead_sentences_win_without_other_signals() {
        let cands: Vec<Candidate> = (2..10).map(|i| c(i, 0, 0)).collect();
        let idx: Vec<usize> = select(&cands, 3).iter().map(|x| x.index).collect();
        assert_eq!(idx, [2, 3, 4]);
    }

    #[test]
    fn a_sentence_with_figures_and_terms_moves_up_and_order_is_kept() {
        let cands = [c(2, 0, 0), c(3, 0, 0), c(4, 0, 0), c(5, 3, 2), c(6, 0, 0)];
        let idx: Vec<usize> = select(&cands, 3).iter().map(|x| x.index).collect();
        assert_eq!(idx, [2, 3, 5]);
    }

    #[test]
    fn short_articles_return_what_they_have() {
        assert_eq!(select(&[c(2, 0, 0)], 3).len(), 1);
        assert!(select(&[], 3).is_empty());
    }
}
