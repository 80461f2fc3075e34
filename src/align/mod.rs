//! Sentence alignment of an original and its translation, and pairing of documents.
//!
//! [`align`] is dynamic programming over 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2 links in the manner of
//! Gale and Church: the cost of a link is the improbability of its length ratio (character
//! lengths, with the ratio of the two texts estimated from the pair itself) plus the prior of its
//! shape, minus a bonus for language-neutral anchors both sides share (normalized figures,
//! glossary concepts, names and numbers both texts contain, dictionary translations), with
//! paragraph boundaries as strong hints. The search runs in a band around the diagonal, so long
//! documents stay fast. Every sentence of both sides appears in exactly one link and links are
//! monotone. [`anchors`] builds the anchor keys from sentence text; [`pairing`] matches whole
//! documents across languages.
//!
//! The aligner itself sees only lengths, paragraph starts and anchor keys, never text, and never
//! fails: empty sides give all-1-0 or all-0-1 links.

pub mod anchors;
pub mod pairing;

pub use anchors::{units, Dictionary, DictionaryError, SentenceFeatures};

use serde::Serialize;

/// One link of an alignment: sentence indices of each side (either may be empty) and a score in
/// 0..=1 (higher is more certain).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    pub score: f64,
}

impl Link {
    /// Links below this score are marked as low-confidence in the reports, never hidden.
    pub const LOW_CONFIDENCE: f64 = 0.1;

    /// Whether the aligner is unsure of this link: a sentence without counterpart, or a pair
    /// whose lengths fit badly and whose anchors do not make up for it.
    pub fn is_low_confidence(&self) -> bool {
        self.score < Link::LOW_CONFIDENCE
    }
}

/// What the aligner knows of a sentence.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// Length in characters.
    pub len: usize,
    /// Language-neutral keys: normalized figure values, glossary concept ids, shared names.
    pub anchors: Vec<String>,
    /// Whether the sentence opens a paragraph (the title, the teaser, a body paragraph).
    pub paragraph_start: bool,
}

/// Link shapes with their prior probabilities (Gale & Church 1993, with 2-2 kept).
const SHAPES: [(usize, usize, f64); 6] =
    [(1, 1, 0.89), (1, 0, 0.005), (0, 1, 0.005), (2, 1, 0.0445), (1, 2, 0.0445), (2, 2, 0.011)];

/// The order in which the DP prices the shapes into a cell: the ones without a length term first,
/// then the likeliest.
const PRICING_ORDER: [usize; 6] = [1, 2, 0, 5, 3, 4];
/// Per shape, the order in which its source cell comes in a row-by-row sweep: (-2,-2) first,
/// then (-2,-1), (-1,-2), (-1,-1), (-1,0), (0,-1).
const ARRIVAL_RANK: [u8; 6] = [3, 4, 5, 1, 2, 0];

/// How many sentences' worth of evidence the prior length ratio of 1 counts for.
const RATIO_PRIOR_WEIGHT: f64 = 8.0;
/// Variance of the length ratio per character (Gale & Church).
const VARIANCE: f64 = 6.8;
/// Cost taken off per anchor both sides of a link share, and added per anchor only one has:
/// figures (hard) weigh more than names, terms and dictionary words (soft).
const HARD_BONUS: f64 = 2.0;
const HARD_PENALTY: f64 = 3.0;
const SOFT_BONUS: f64 = 1.0;
const SOFT_PENALTY: f64 = 0.4;
/// The most anchors can add to, and take off, a link's cost.
const ANCHOR_CAP: f64 = 8.0;
/// A link that merges sentences across a paragraph boundary is unlikely.
const PARAGRAPH_CROSSING: f64 = 3.0;
/// A link whose first sentences both open a paragraph is likelier; one where only one side
/// opens a paragraph less so.
const PARAGRAPH_AGREE: f64 = 0.5;
const PARAGRAPH_DISAGREE: f64 = 1.0;
/// Half-width of the search band around the diagonal, at least; it grows with the difference
/// in sentence counts and with the length of the documents.
const BAND_MIN: usize = 20;
/// The most the band grows with document length (memory is sentences × band width).
const BAND_GROWTH_CAP: usize = 100;

/// The search band: for each source position, the window of target positions considered.
struct Band {
    n: usize,
    m: usize,
    width: usize,
}

impl Band {
    fn new(n: usize, m: usize) -> Band {
        Band { n, m, width: BAND_MIN.max(2 * n.abs_diff(m) + 10).max((n.max(m) / 10).min(BAND_GROWTH_CAP)) }
    }
    fn window(&self, i: usize) -> (usize, usize) {
        let center = (i * self.m).checked_div(self.n).unwrap_or(0);
        (center.saturating_sub(self.width), (center + self.width).min(self.m))
    }
}

/// A unit with its anchors interned: sorted ids, so that link costs compare integers. An id is
/// its key's number in order of first appearance, shifted left by one, with the low bit set for
/// a soft anchor ([`is_soft`]): ids sort as the numbers do, and say their weight themselves.
struct Interned {
    len: usize,
    anchors: Vec<u32>,
    paragraph_start: bool,
}

/// Interns the anchor keys of both sides.
fn intern(src: &[Unit], tgt: &[Unit]) -> (Vec<Interned>, Vec<Interned>) {
    let mut ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut out = [Vec::with_capacity(src.len()), Vec::with_capacity(tgt.len())];
    for (side, units) in [src, tgt].into_iter().enumerate() {
        for u in units {
            let mut anchors: Vec<u32> = u
                .anchors
                .iter()
                .map(|k| {
                    let next = ids.len() as u32;
                    *ids.entry(k.as_str()).or_insert_with(|| next << 1 | u32::from(is_soft(k)))
                })
                .collect();
            anchors.sort_unstable();
            anchors.dedup();
            out[side].push(Interned { len: u.len, anchors, paragraph_start: u.paragraph_start });
        }
    }
    let [s, t] = out;
    (s, t)
}

/// Aligns two sentence sequences.
pub fn align(src: &[Unit], tgt: &[Unit]) -> Vec<Link> {
    let (n, m) = (src.len(), tgt.len());
    let ctx = Ctx::new(src, tgt);
    let band = Band::new(n, m);
    // Row i holds the cells (i, lo..=hi) of its window: best cost and the shape that got there.
    let windows: Vec<(usize, usize)> = (0..=n).map(|i| band.window(i)).collect();
    // The rows one after the other in one table: row i starts at `starts[i]`.
    let mut starts = Vec::with_capacity(n + 2);
    starts.push(0);
    for &(lo, hi) in &windows {
        starts.push(starts[starts.len() - 1] + hi - lo + 1);
    }
    let mut cells: Vec<(f64, u8)> = vec![(f64::INFINITY, 0u8); starts[n + 1]];
    cells[0] = (0.0, 0);
    // Each cell takes the cheapest way in; of equal ones, the one from the earliest cell (in
    // row order), which is how a forward sweep that keeps the first of equal costs decides.
    // The shapes with an empty side (1-0, 0-1), whose cost is their prior alone, are priced
    // first, then the likely 1-1, so that a link whose cost cannot come below the best so far,
    // whatever its anchors and lengths, is skipped without pricing it (1-1 included). The
    // order decides nothing else: the cheapest way in wins, ties going by arrival rank.
    for ni in 0..=n {
        let (nlo, nhi) = windows[ni];
        for nj in nlo..=nhi {
            if ni == 0 && nj == 0 {
                continue;
            }
            // (cost, rank of arrival, shape)
            let mut best = (f64::INFINITY, u8::MAX, 0u8);
            for k in PRICING_ORDER {
                let (di, dj, _) = SHAPES[k];
                let (Some(i), Some(j)) = (ni.checked_sub(di), nj.checked_sub(dj)) else { continue };
                let (lo, hi) = windows[i];
                if j < lo || j > hi {
                    continue;
                }
                let here = cells[starts[i] + j - lo].0;
                if !here.is_finite() {
                    continue;
                }
                if di > 0 && dj > 0 && here + ctx.floor(i, di, j, dj, k) > best.0 {
                    continue;
                }
                // A sentence without counterpart costs its shape's prior alone (see `link_cost`).
                let c =
                    here + if di == 0 || dj == 0 { ctx.shape_costs[k] } else { ctx.cost(i, di, j, dj, k) };
                let rank = ARRIVAL_RANK[k];
                if c < best.0 || c == best.0 && rank < best.1 {
                    best = (c, rank, k as u8);
                }
            }
            cells[starts[ni] + nj - nlo] = (best.0, best.2);
        }
    }
    let mut links = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (lo, _) = windows[i];
        let k = cells[starts[i] + j - lo].1 as usize;
        let (di, dj, _) = SHAPES[k];
        let c = ctx.cost(i - di, di, j - dj, dj, k);
        links.push(Link {
            src: (i - di..i).collect(),
            tgt: (j - dj..j).collect(),
            score: (-c).exp().clamp(0.0, 1.0),
        });
        i -= di;
        j -= dj;
    }
    links.reverse();
    links
}

/// Everything a link cost needs besides the link: the units, their pair unions, and the length
/// ratio.
struct Ctx {
    src: Vec<Interned>,
    tgt: Vec<Interned>,
    src_pairs: Vec<Vec<u32>>,
    tgt_pairs: Vec<Vec<u32>>,
    ratio: f64,
    /// `-ln(prior)` of each shape, computed once rather than at every cell.
    shape_costs: [f64; 6],
}

impl Ctx {
    /// What the cost of every link of `src` and `tgt` depends on.
    fn new(src: &[Unit], tgt: &[Unit]) -> Ctx {
        let total_src: usize = src.iter().map(|u| u.len).sum();
        let total_tgt: usize = tgt.iter().map(|u| u.len).sum();
        // The length ratio of the two texts, drawn towards 1 for short texts, where one
        // dropped sentence would otherwise skew it enough to make a merge look like a fit.
        let observed =
            if total_src == 0 || total_tgt == 0 { 1.0 } else { total_tgt as f64 / total_src as f64 };
        let weight = src.len().min(tgt.len()) as f64;
        let ratio = (observed * weight + RATIO_PRIOR_WEIGHT) / (weight + RATIO_PRIOR_WEIGHT);
        let (src, tgt) = intern(src, tgt);
        Ctx {
            src_pairs: pair_unions(&src),
            tgt_pairs: pair_unions(&tgt),
            src,
            tgt,
            ratio,
            shape_costs: SHAPES.map(|(_, _, prior)| -prior.ln()),
        }
    }

    /// A bound that [`Ctx::cost`] of the same link never goes below, less a margin for
    /// rounding: the shape's cost, the paragraph bonus, and the most the anchors both sides
    /// could share take off (the length term is never negative).
    fn floor(&self, i: usize, di: usize, j: usize, dj: usize, shape: usize) -> f64 {
        let a = anchor_set(&self.src[i..i + di], &self.src_pairs, i).len();
        let b = anchor_set(&self.tgt[j..j + dj], &self.tgt_pairs, j).len();
        let bonus = f64::min(ANCHOR_CAP, HARD_BONUS.max(SOFT_BONUS) * a.min(b) as f64);
        self.shape_costs[shape] - PARAGRAPH_AGREE - bonus - 1e-9
    }

    /// The cost of linking `src[i..i + di]` with `tgt[j..j + dj]` with the shape's prior.
    fn cost(&self, i: usize, di: usize, j: usize, dj: usize, shape: usize) -> f64 {
        let (s, t) = (&self.src[i..i + di], &self.tgt[j..j + dj]);
        let a = anchor_set(s, &self.src_pairs, i);
        let b = anchor_set(t, &self.tgt_pairs, j);
        link_cost(s, t, a, b, self.ratio, self.shape_costs[shape])
    }
}

fn link_cost(src: &[Interned], tgt: &[Interned], a: &[u32], b: &[u32], ratio: f64, shape_cost: f64) -> f64 {
    if src.is_empty() || tgt.is_empty() {
        // A sentence without counterpart: its length says nothing about it (Gale and Church's
        // length term would make a long dropped sentence all but impossible to detect).
        return shape_cost;
    }
    let ls: usize = src.iter().map(|u| u.len).sum();
    let lt: usize = tgt.iter().map(|u| u.len).sum();
    let mean = ((ls as f64) + (lt as f64) / ratio) / 2.0;
    let delta = if mean <= 0.0 { 0.0 } else { (lt as f64 - ls as f64 * ratio) / (mean * VARIANCE).sqrt() };
    let p = (2.0 * (1.0 - normal_cdf(delta.abs()))).max(1e-12);
    // `x - ln(prior)` and `x + (-ln(prior))` are the same number: the shape's cost is taken
    // from the table.
    let mut c = -p.ln() + shape_cost;
    let crossing = |side: &[Interned]| side.iter().skip(1).any(|u| u.paragraph_start);
    if crossing(src) || crossing(tgt) {
        c += PARAGRAPH_CROSSING;
    }
    match (src[0].paragraph_start, tgt[0].paragraph_start) {
        (true, true) => c -= PARAGRAPH_AGREE,
        (false, false) => {}
        _ => c += PARAGRAPH_DISAGREE,
    }
    // Anchors count once per link side: two merged sentences naming the same court do not
    // earn the bonus twice. A figure on one side only is strong evidence against a link; a name
    // or glossary term, which also match by accident, is weaker.
    let (mut penalty, mut bonus) = (0.0, 0.0);
    let (mut x, mut y) = (0, 0);
    let weight = |id: u32, soft_w: f64, hard_w: f64| if id & 1 == 1 { soft_w } else { hard_w };
    while x < a.len() || y < b.len() {
        match (a.get(x), b.get(y)) {
            (Some(&p), Some(&q)) if p == q => {
                bonus += weight(p, SOFT_BONUS, HARD_BONUS);
                x += 1;
                y += 1;
            }
            (Some(&p), Some(&q)) if p < q => {
                penalty += weight(p, SOFT_PENALTY, HARD_PENALTY);
                x += 1;
            }
            (Some(_), Some(&q)) => {
                penalty += weight(q, SOFT_PENALTY, HARD_PENALTY);
                y += 1;
            }
            (Some(&p), None) => {
                penalty += weight(p, SOFT_PENALTY, HARD_PENALTY);
                x += 1;
            }
            (None, Some(&q)) => {
                penalty += weight(q, SOFT_PENALTY, HARD_PENALTY);
                y += 1;
            }
            (None, None) => break,
        }
    }
    // Capped separately, so that what a merged sentence shares cannot hide what the other one
    // lacks. Costs may go below zero: a link whose anchors agree is better than certain by
    // length alone, and two such 1-1 links must beat one 2-2 link that holds them both.
    c + f64::min(penalty, ANCHOR_CAP) - f64::min(bonus, ANCHOR_CAP)
}

/// The anchors of one side of a link, sorted and without repeats: a sentence's own, or the union
/// for two sentences, computed once per neighbouring pair.
fn anchor_set<'u>(side: &'u [Interned], pairs: &'u [Vec<u32>], start: usize) -> &'u [u32] {
    match side.len() {
        1 => &side[0].anchors,
        2 => pairs.get(start).map_or(&[][..], Vec::as_slice),
        _ => &[],
    }
}

/// The union of the anchors of each sentence and the next.
fn pair_unions(units: &[Interned]) -> Vec<Vec<u32>> {
    units
        .windows(2)
        .map(|w| {
            let mut v: Vec<u32> = w[0].anchors.iter().chain(&w[1].anchors).copied().collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect()
}

/// Anchors that can agree by accident: names, glossary concepts, dictionary words.
fn is_soft(key: &str) -> bool {
    key.starts_with("name:") || key.starts_with("term:") || key.starts_with("dict:")
}

/// The standard normal cumulative distribution (Abramowitz & Stegun 7.1.26 for erf).
fn normal_cdf(x: f64) -> f64 {
    let z = x / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    0.5 * (1.0 + if z >= 0.0 { erf } else { -erf })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(lens: &[usize]) -> Vec<Unit> {
        lens.iter().map(|&len| Unit { len, ..Unit::default() }).collect()
    }

    fn shape(links: &[Link]) -> Vec<(Vec<usize>, Vec<usize>)> {
        links.iter().map(|l| (l.src.clone(), l.tgt.clone())).collect()
    }

    #[test]
    fn equal_counts_align_one_to_one() {
        let l = align(&units(&[40, 120, 80, 60]), &units(&[44, 130, 85, 70]));
        assert_eq!(
            shape(&l),
            vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2]), (vec![3], vec![3])]
        );
        assert!(l.iter().all(|x| x.score > 0.5));
    }

    /// A news article's sentence lengths (characters), German and the English translation.
    const DE: [usize; 14] = [48, 182, 131, 96, 210, 144, 88, 167, 120, 199, 75, 140, 158, 101];
    const EN: [usize; 14] = [45, 170, 125, 99, 190, 150, 80, 160, 111, 185, 77, 128, 150, 95];

    #[test]
    fn a_dropped_sentence_is_a_one_to_zero_link() {
        let en: Vec<usize> = EN.iter().enumerate().filter(|&(i, _)| i != 7).map(|(_, &l)| l).collect();
        let l = align(&units(&DE), &units(&en));
        assert!(l.iter().any(|x| x.src == vec![7] && x.tgt.is_empty()), "{l:?}");
        assert_eq!(l.len(), 14);
    }

    #[test]
    fn an_added_sentence_is_a_zero_to_one_link() {
        let de: Vec<usize> = DE.iter().enumerate().filter(|&(i, _)| i != 4).map(|(_, &l)| l).collect();
        let l = align(&units(&de), &units(&EN));
        assert!(l.iter().any(|x| x.src.is_empty() && x.tgt == vec![4]), "{l:?}");
    }

    #[test]
    fn anchors_decide_which_of_two_similar_sentences_was_dropped() {
        let (mut de, mut en) = (DE.to_vec(), EN.to_vec());
        (de[7], de[8], en[7], en[8]) = (130, 130, 125, 125);
        let mut s = units(&de);
        s[7].anchors = vec!["money:5000000:EUR".into()];
        s[8].anchors = vec!["percent:4:%".into()];
        let mut t = units(&en);
        t[8].anchors = vec!["percent:4:%".into()];
        t.remove(7);
        let l = align(&s, &t);
        assert!(l.iter().any(|x| x.src == vec![7] && x.tgt.is_empty()), "{l:?}");
        assert!(l.iter().any(|x| x.src == vec![8] && x.tgt == vec![7]), "{l:?}");
    }

    #[test]
    fn merged_sentences_are_two_to_one() {
        let mut en = EN.to_vec();
        en[5] += en.remove(6) + 2;
        let l = align(&units(&DE), &units(&en));
        assert!(shape(&l).contains(&(vec![5, 6], vec![5])), "{l:?}");
    }

    #[test]
    fn anchored_one_to_one_links_are_not_merged() {
        let mut s = units(&DE);
        let mut t = units(&EN);
        for (i, (a, b)) in s.iter_mut().zip(t.iter_mut()).enumerate() {
            a.anchors = vec![format!("term:{i}"), format!("name:{i}")];
            b.anchors = a.anchors.clone();
        }
        let l = align(&s, &t);
        assert!(l.iter().all(|x| x.src.len() == 1 && x.tgt.len() == 1), "{l:?}");
    }

    /// The forward sweep [`align`] must agree with: every cell pushes each shape onward, and a
    /// cell keeps the first of equal costs.
    fn align_by_sweep(src: &[Unit], tgt: &[Unit]) -> Vec<(Vec<usize>, Vec<usize>, u64)> {
        let (n, m) = (src.len(), tgt.len());
        let ctx = Ctx::new(src, tgt);
        let band = Band::new(n, m);
        let windows: Vec<(usize, usize)> = (0..=n).map(|i| band.window(i)).collect();
        let mut rows: Vec<Vec<(f64, u8)>> =
            windows.iter().map(|&(lo, hi)| vec![(f64::INFINITY, 0u8); hi - lo + 1]).collect();
        rows[0][0] = (0.0, 0);
        for i in 0..=n {
            let (lo, hi) = windows[i];
            for j in lo..=hi {
                let here = rows[i][j - lo].0;
                if !here.is_finite() {
                    continue;
                }
                for (k, &(di, dj, _)) in SHAPES.iter().enumerate() {
                    let (ni, nj) = (i + di, j + dj);
                    if ni > n || nj > m || nj < windows[ni].0 || nj > windows[ni].1 {
                        continue;
                    }
                    let c = here + ctx.cost(i, di, j, dj, k);
                    let cell = &mut rows[ni][nj - windows[ni].0];
                    if c < cell.0 {
                        *cell = (c, k as u8);
                    }
                }
            }
        }
        let mut links = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let k = rows[i][j - windows[i].0].1 as usize;
            let (di, dj, _) = SHAPES[k];
            let c = ctx.cost(i - di, di, j - dj, dj, k);
            links.push(((i - di..i).collect(), (j - dj..j).collect(), (-c).exp().clamp(0.0, 1.0).to_bits()));
            i -= di;
            j -= dj;
        }
        links.reverse();
        links
    }

    struct Rng(u64);

    impl Rng {
        fn below(&mut self, bound: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % bound
        }

        /// `count` units; equal lengths (ties) when `flat`.
        fn units(&mut self, count: u64, flat: bool) -> Vec<Unit> {
            (0..count)
                .map(|_| {
                    let anchors = (0..self.below(4))
                        .map(|_| {
                            let kind = ["name", "term", "money", "percent"][self.below(4) as usize];
                            format!("{kind}:{}", self.below(6))
                        })
                        .collect();
                    let len = if flat { 50 } else { 5 + self.below(200) as usize };
                    Unit { len, anchors, paragraph_start: self.below(5) == 0 }
                })
                .collect()
        }
    }

    #[test]
    fn pricing_likely_shapes_first_aligns_as_the_forward_sweep() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..400 {
            let n = rng.below(40);
            let m = if rng.below(2) == 0 { n } else { rng.below(40) };
            let (s, t) = (rng.units(n, round % 3 == 0), rng.units(m, round % 3 == 0));
            let got: Vec<(Vec<usize>, Vec<usize>, u64)> =
                align(&s, &t).into_iter().map(|l| (l.src, l.tgt, l.score.to_bits())).collect();
            assert_eq!(got, align_by_sweep(&s, &t), "round {round}");
        }
    }

    #[test]
    fn every_sentence_in_exactly_one_monotone_link() {
        for (a, b) in
            [(vec![], vec![10, 20]), (vec![5], vec![]), (vec![1; 30], vec![2; 17]), (vec![0, 0, 0], vec![0])]
        {
            let l = align(&units(&a), &units(&b));
            let src: Vec<usize> = l.iter().flat_map(|x| x.src.clone()).collect();
            let tgt: Vec<usize> = l.iter().flat_map(|x| x.tgt.clone()).collect();
            assert_eq!(src, (0..a.len()).collect::<Vec<_>>());
            assert_eq!(tgt, (0..b.len()).collect::<Vec<_>>());
        }
    }
}
