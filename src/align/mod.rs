//! Sentence alignment of an original and its translation, and pairing of documents.
//!
//! [`align`] is dynamic programming over 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2 links in the manner of
//! Gale and Church: the cost of a link is the improbability of its length ratio (character
//! lengths, with the ratio of the two texts estimated from the pair itself) plus the prior of its
//! shape, minus a bonus for language-neutral anchors both sides share (normalized figures,
//! glossary concepts, names and numbers both texts contain, dictionary translations), with
//! paragraph boundaries as strong hints. The search runs in a band around the diagonal, so long
//! documents stay fast, and leaves out the cells of the band that cannot be on its cheapest
//! path, which it finds all the same, to the last bit of every score. Every sentence of both
//! sides appears in exactly one link and links are monotone. [`anchors`] builds the anchor keys
//! from sentence text; [`pairing`] matches whole documents across languages.
//!
//! The aligner itself sees only lengths, paragraph starts and anchor keys, never text, and never
//! fails: empty sides give all-1-0 or all-0-1 links.

pub mod anchors;
pub mod pairing;

pub use anchors::{units, Dictionary, DictionaryError, Key, KeyedSentence, SentenceFeatures};

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
/// The order of the numbers matters only as far as the weights go (it decides the order in
/// which a link's penalty is summed): anchors of one weight first seen together may be
/// numbered in any order among themselves (see `anchors::keyed_units`).
struct Interned {
    len: usize,
    anchors: Vec<u32>,
    paragraph_start: bool,
}

/// Interns the anchor keys of both sides; also returns how many distinct keys there are.
fn intern(src: &[Unit], tgt: &[Unit]) -> (Vec<Interned>, Vec<Interned>, usize) {
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
    (s, t, ids.len())
}

/// Aligns two sentence sequences.
pub fn align(src: &[Unit], tgt: &[Unit]) -> Vec<Link> {
    let (s, t, keys) = intern(src, tgt);
    align_interned(&s, &t, keys)
}

/// Aligns two sides' sentences with their anchors: `align(&units(src, tgt, dictionary))` to
/// the last bit, with the sentences' keys borrowed, no anchor key written out, and no name
/// found among the words hashed as a key.
pub fn align_keyed(
    src: &[KeyedSentence],
    tgt: &[KeyedSentence],
    dictionary: Option<&Dictionary>,
) -> Vec<Link> {
    let (s, t, keys) = anchors::keyed_units(src, tgt, dictionary);
    align_interned(&s, &t, keys)
}

/// Aligns two sentence sequences whose `keys` distinct anchors are numbered.
fn align_interned(s: &[Interned], t: &[Interned], keys: usize) -> Vec<Link> {
    let ratio = lengths_ratio(s.iter().map(|u| u.len), t.iter().map(|u| u.len));
    // Up to 128 distinct anchors (the usual article pair), a side's anchors are two bit masks.
    if keys <= Bits::CAPACITY {
        search(&Ctx::<Bits>::new(s, t, ratio))
    } else {
        search(&Ctx::<Sorted>::new(s, t, ratio))
    }
}

/// The length ratio of the two texts, drawn towards 1 for short texts, where one dropped
/// sentence would otherwise skew it enough to make a merge look like a fit.
#[cfg(test)]
fn length_ratio(src: &[Unit], tgt: &[Unit]) -> f64 {
    lengths_ratio(src.iter().map(|u| u.len), tgt.iter().map(|u| u.len))
}

/// [`length_ratio`] of the sentence lengths of each side.
fn lengths_ratio(
    src: impl ExactSizeIterator<Item = usize>,
    tgt: impl ExactSizeIterator<Item = usize>,
) -> f64 {
    let weight = src.len().min(tgt.len()) as f64;
    let total_src: usize = src.sum();
    let total_tgt: usize = tgt.sum();
    let observed = if total_src == 0 || total_tgt == 0 { 1.0 } else { total_tgt as f64 / total_src as f64 };
    (observed * weight + RATIO_PRIOR_WEIGHT) / (weight + RATIO_PRIOR_WEIGHT)
}

/// The search table: the best cost of each cell of the band and the shape that got there, row
/// after row with one stride. Two rows of infinite cells stand before row 0 (rows -2 and -1), a
/// row is stored from two columns before its window on, and wide enough for every column the next
/// two rows read of it: a cell outside the band is never written and stays infinite, so every
/// way into a cell of the band reads a cell of the table, without asking whether it is one.
struct Grid {
    windows: Vec<(usize, usize)>,
    /// Per stored row (row i is stored row i + 2): its first stored column (window start + 2 in
    /// table columns, which are columns + 2), as an offset: the cell of stored column `jj` is at
    /// `offsets[row].wrapping_add(jj)`.
    offsets: Vec<usize>,
    cost: Vec<f64>,
    shape: Vec<u8>,
}

impl Grid {
    /// The table for the band of an `n` × `m` search.
    fn new(n: usize, m: usize) -> Grid {
        let band = Band::new(n, m);
        let windows: Vec<(usize, usize)> = (0..=n).map(|i| band.window(i)).collect();
        // The window of each stored row, rows -2 and -1 starting and ending at column 0. Both
        // ends of the windows only grow from row to row.
        let stored = |r: usize| if r < 2 { (0, 0) } else { windows[r - 2] };
        let stride = (0..n + 3).map(|r| stored((r + 2).min(n + 2)).1 + 3 - stored(r).0).max().unwrap_or(1);
        let offsets = (0..n + 3).map(|r| (r * stride).wrapping_sub(stored(r).0)).collect();
        let cells = (n + 3) * stride;
        Grid { windows, offsets, cost: vec![f64::INFINITY; cells], shape: vec![0; cells] }
    }

    /// Where cell (i, j) is in the table, if it is in the band.
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = *self.windows.get(i)?;
        (lo..=hi).contains(&j).then(|| self.offsets[i + 2].wrapping_add(j + 2))
    }

    /// A narrow band within the band, `reach` columns either side of the line from the first
    /// cell to the last (a row reaching to where the line is in the next row, so that the
    /// narrow band holds a path from the first cell to the last): its windows, which, as the
    /// band's, only grow from row to row.
    fn narrow(windows: &[(usize, usize)], m: usize, reach: usize) -> Vec<(usize, usize)> {
        let n = windows.len() - 1;
        let line = |i: usize| if i >= n { m } else { (i * m).checked_div(n).unwrap_or(0) };
        (0..=n)
            .map(|i| {
                let (lo, hi) = windows[i];
                (lo.max(line(i).saturating_sub(reach)), hi.min(line(i + 1) + reach))
            })
            .collect()
    }
}

/// What the rest of a path, from a cell to the last, costs at least: what lets the search leave
/// out the cells that cannot be on the cheapest path ([`sweep`]).
///
/// A link of two non-empty sides costs at least a 1-1 link's shape cost less the paragraph
/// bonus, which is below zero (its length term and its anchor penalty are never negative, and
/// 1-1 is the likeliest shape), less its anchor bonus; a link with an empty side costs its
/// shape's cost. The rest of a path has at most as many links of two non-empty sides as the
/// side with fewer sentences left has sentences, and must take up the difference of the
/// sentences left on the two sides with links that take more of one side than of the other
/// (2-1, 1-2, 1-0, 0-1), each costing at least `step` more than a 1-1 link could. The anchor
/// bonus of a link is at most what the anchors of either of its sides could take off
/// (`AnchorSet::rough`), and that of two sentences at most the sum of each one's: so the links
/// of the rest take off at most the sum of these over the sentences left on either side.
///
/// (A bound that counted the paragraph bonus only as often as both sides have paragraph
/// openings left left out no more cells on the generated corpus, where most sentences open
/// one, and cost more to compute.)
struct Rest {
    /// A 1-1 link's shape cost less the paragraph bonus (below zero).
    link: f64,
    /// The least extra cost of a link that takes one more sentence of one side than of the
    /// other, over `link`.
    step: f64,
    /// Per source (target) sentence `i`, the most the anchors of sentences `i..` could take off.
    src_bonus: Vec<f64>,
    tgt_bonus: Vec<f64>,
}

impl Rest {
    fn new<S: AnchorSet>(ctx: &Ctx<S>) -> Rest {
        let suffix = |side: &Side<S>| -> Vec<f64> {
            let mut sums = vec![0.0; side.one.len() + 1];
            for (i, a) in side.one.iter().enumerate().rev() {
                sums[i] = sums[i + 1] + a.rough().1;
            }
            sums
        };
        let c = &ctx.shape_costs;
        // Below zero: a rest with fewer links of two non-empty sides costs no less.
        let link = f64::min(f64::min(c[0], c[5]) - PARAGRAPH_AGREE, 0.0);
        let unequal = f64::min(c[3], c[4]) - PARAGRAPH_AGREE;
        let empty = f64::min(c[1], c[2]);
        Rest {
            link,
            step: f64::max(f64::min(unequal - link, empty), 0.0),
            src_bonus: suffix(&ctx.src),
            tgt_bonus: suffix(&ctx.tgt),
        }
    }

    /// The least cost of a path from cell `(i, j)` to the last cell, `(n, m)` (but for
    /// rounding).
    #[inline(always)]
    fn least(&self, i: usize, j: usize) -> f64 {
        let (rs, rt) = (self.src_bonus.len() - 1 - i, self.tgt_bonus.len() - 1 - j);
        let bonus = f64::min(self.src_bonus[i], self.tgt_bonus[j]);
        self.link * rs.min(rt) as f64 + self.step * rs.abs_diff(rt) as f64 - bonus
    }
}

/// The dynamic programming over the band, and the path back through it.
///
/// Each cell takes the cheapest way in; of equal ones, the one from the earliest cell (in row
/// order), which is how a forward sweep that keeps the first of equal costs decides. The cells
/// that cannot be on the cheapest path are left out: a first sweep over a narrow band around
/// the diagonal gives the cost of one path (`bound`, at least the cheapest's), and the sweep
/// over the band drops every cell whose cost plus the least the rest of a path could cost
/// ([`Rest`]) is above it. That cannot change the path found: a cell of the cheapest path is
/// never dropped, its cost and its way in are the same (dropping cells only makes the other
/// ways into a cell dearer), and so is the path traced back from the last cell.
fn search<S: AnchorSet>(ctx: &Ctx<S>) -> Vec<Link> {
    let (n, m) = (ctx.src.len.len(), ctx.tgt.len.len());
    let mut grid = Grid::new(n, m);
    let Grid { windows, offsets, cost, shape } = &mut grid;
    let mut rest = None;
    // With as many sentences on each side, the costs of the 1-1 links along the diagonal.
    let mut diagonal = Vec::new();
    if n > 0 && m > 0 {
        let bound = if n == m {
            // One to one all along: the cost of that path, as the sweep sums it.
            diagonal.extend((0..n).map(|k| ctx.cost(k, 1, k, 1, 0)));
            diagonal.iter().fold(0.0, |sum, c| sum + c)
        } else {
            let narrow = Grid::narrow(windows, m, NARROW_REACH);
            let bound = sweep(ctx, cost, shape, offsets, &narrow, None);
            // The narrow sweep's cells back as they were for the sweep over the band.
            for (i, &(lo, hi)) in narrow.iter().enumerate() {
                let cells = offsets[i + 2].wrapping_add(lo + 2)..=offsets[i + 2].wrapping_add(hi + 2);
                cost[cells.clone()].fill(f64::INFINITY);
                shape[cells].fill(0);
            }
            bound
        };
        // The margin covers the rounding of sums of a few thousand costs of a few units each.
        rest = Some((Rest::new(ctx), bound + 1e-6 * (1 + n + m) as f64));
    }
    sweep(ctx, cost, shape, offsets, windows, rest.as_ref().map(|(r, limit)| (r, *limit)));
    path(ctx, &grid, &diagonal)
}

/// How many columns either side of the diagonal the first sweep of [`search`] covers.
const NARROW_REACH: usize = 2;

/// The sweep of [`search`] over the cells of `windows` (within the grid's band; the grid's cells
/// all infinite), each row from the first column a link from the two rows before can reach to
/// the last one a cell of this row or those rows can; with `rest` (the least cost of the rest
/// of a path, and the most a path may cost), every cell whose cost plus that least rest is above
/// the limit is left infinite. Returns the cost of the last cell.
fn sweep<S: AnchorSet>(
    ctx: &Ctx<S>,
    cost: &mut [f64],
    shape: &mut [u8],
    offsets: &[usize],
    windows: &[(usize, usize)],
    rest: Option<(&Rest, f64)>,
) -> f64 {
    let n = windows.len() - 1;
    // Cell (0, 0), in every band.
    cost[offsets[2].wrapping_add(2)] = 0.0;
    // The first and last finite column of the row before and of the one before that.
    let mut above: [Option<(usize, usize)>; 2] = [None, None];
    for (ni, &(nlo, nhi)) in windows.iter().enumerate() {
        // This row and the two before it, where the links into this row start.
        let rows = [offsets[ni + 2], offsets[ni + 1], offsets[ni]];
        let reach = match above {
            [Some(a), Some(b)] => Some((a.0.min(b.0), a.1.max(b.1))),
            [a, b] => a.or(b),
        };
        let mut finite: Option<(usize, usize)> = None;
        let (start, reach_end) = match (ni, reach) {
            (0, _) => {
                finite = Some((0, 0));
                (1, 0)
            }
            (_, Some((first, last))) => (nlo.max(first), last + 2),
            (_, None) => (nhi + 1, 0),
        };
        let mut left_finite = ni == 0;
        for nj in start..=nhi {
            // Past the reach of the rows before, a cell can only be reached from its left.
            if nj > reach_end && !left_finite {
                break;
            }
            // (cost, rank of arrival, shape)
            let mut best = (f64::INFINITY, u8::MAX, 0u8);
            consider::<S, 1>(ctx, cost, &rows, ni, nj, &mut best);
            consider::<S, 2>(ctx, cost, &rows, ni, nj, &mut best);
            consider::<S, 0>(ctx, cost, &rows, ni, nj, &mut best);
            consider::<S, 5>(ctx, cost, &rows, ni, nj, &mut best);
            consider::<S, 3>(ctx, cost, &rows, ni, nj, &mut best);
            consider::<S, 4>(ctx, cost, &rows, ni, nj, &mut best);
            let mut c = best.0;
            if let Some((rest, limit)) = rest {
                if c + rest.least(ni, nj) > limit {
                    c = f64::INFINITY;
                }
            }
            let at = rows[0].wrapping_add(nj + 2);
            cost[at] = c;
            shape[at] = best.2;
            left_finite = c.is_finite();
            if left_finite {
                finite = Some(finite.map_or((nj, nj), |(first, _)| (first, nj)));
            }
        }
        above = [finite, above[0]];
    }
    // The last cell, (n, m), ends the last window.
    cost[offsets[n + 2].wrapping_add(windows[n].1 + 2)]
}

/// The links of the path back from the last cell of a searched grid, with their scores; the
/// cost of a 1-1 link from (k, k) is taken from `diagonal` where it has it.
fn path<S: AnchorSet>(ctx: &Ctx<S>, grid: &Grid, diagonal: &[f64]) -> Vec<Link> {
    let (n, m) = (ctx.src.len.len(), ctx.tgt.len.len());
    let mut links = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let k = grid.index(i, j).map_or(0, |at| grid.shape[at] as usize);
        let (di, dj, _) = SHAPES[k];
        // A 1-1 link ends at i ≥ 1.
        let c = match (k, i == j) {
            (0, true) if i <= diagonal.len() => diagonal[i - 1],
            _ => ctx.cost(i - di, di, j - dj, dj, k),
        };
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

/// Prices the way into cell `(ni, nj)` by shape `K` (an index of [`SHAPES`]) and keeps it in
/// `best` (cost, rank of arrival, shape) if it beats what is there; `rows[d]` is the offset
/// ([`Grid::offsets`]) of row `ni - d`, whose `cost` is read. A way from outside the band reads
/// an infinite cost. A constant shape lets each of the six calls drop the tests that do not
/// concern it.
#[inline(always)]
fn consider<S: AnchorSet, const K: usize>(
    ctx: &Ctx<S>,
    cost: &[f64],
    rows: &[usize; 3],
    ni: usize,
    nj: usize,
    best: &mut (f64, u8, u8),
) {
    let (di, dj, _) = SHAPES[K];
    let here = cost[rows[di].wrapping_add(nj + 2 - dj)];
    if !here.is_finite() {
        return;
    }
    // A finite cell is in the band: its row and column are not below 0.
    let (i, j) = (ni - di, nj - dj);
    // A sentence without counterpart costs its shape's prior alone (see `Ctx::cost`).
    let c = if di == 0 || dj == 0 {
        here + ctx.shape_costs[K]
    } else {
        if here + ctx.rough_floor(i, di, j, dj, K) > best.0 || here + ctx.floor(i, di, j, dj, K) > best.0 {
            return;
        }
        here + ctx.parts(i, di, j, dj, K).total(ctx.length_cost(i, di, j, dj), ctx.penalty(i, di, j, dj))
    };
    let rank = ARRIVAL_RANK[K];
    if c < best.0 || c == best.0 && rank < best.1 {
        *best = (c, rank, K as u8);
    }
}

/// The anchors of one side of a link (one sentence, or two merged), in a form that prices a
/// link against the other side's.
trait AnchorSet: Sized {
    /// The set of a sentence's anchors (sorted interned ids).
    fn of(ids: &[u32]) -> Self;
    /// The anchors of two neighbouring sentences together.
    fn union(&self, other: &Self) -> Self;
    /// What the anchors of a link add to its cost, about ([`AnchorSet::terms`]): the penalty
    /// near, less the bonus.
    fn net(&self, other: &Self) -> f64 {
        let (penalty, bonus) = self.terms(other);
        penalty - bonus
    }
    /// The penalty weights of the anchors summed (about), and the most they could take off a
    /// link (capped): `(weight, bonus)`.
    fn rough(&self) -> (f64, f64);
    /// What the anchors of a link take off its cost, capped at [`ANCHOR_CAP`], and about what
    /// they add ([`AnchorSet::penalty`], off by less than 1e-10): `(penalty, bonus)`.
    ///
    /// Anchors count once per link side: two merged sentences naming the same court do not earn
    /// the bonus twice. A figure on one side only is strong evidence against a link; a name or
    /// glossary term, which also match by accident, is weaker.
    fn terms(&self, other: &Self) -> (f64, f64);
    /// What the anchors only one side of a link has add to its cost, capped at [`ANCHOR_CAP`].
    /// The weights are summed in the order of the ids, one at a time: that order decides the
    /// last bit of a sum such as 3 + 0.4 + 0.4 + 0.4 + 0.4, so every representation keeps it.
    fn penalty(&self, other: &Self) -> f64;
}

/// The weight of an anchor id ([`Interned`]) with the low bit set for soft.
fn weight(id: u32, soft_w: f64, hard_w: f64) -> f64 {
    if id & 1 == 1 {
        soft_w
    } else {
        hard_w
    }
}

/// [`AnchorSet::rough`] of `hard` hard and `soft` soft anchors.
fn rough(hard: u32, soft: u32) -> (f64, f64) {
    let weight = HARD_PENALTY * f64::from(hard) + SOFT_PENALTY * f64::from(soft);
    (weight, f64::min(HARD_BONUS * f64::from(hard) + SOFT_BONUS * f64::from(soft), ANCHOR_CAP))
}

/// Anchors as their sorted interned ids: for pairs of documents with many distinct anchors.
struct Sorted(Vec<u32>);

impl AnchorSet for Sorted {
    fn of(ids: &[u32]) -> Sorted {
        Sorted(ids.to_vec())
    }

    fn union(&self, other: &Sorted) -> Sorted {
        let mut v: Vec<u32> = self.0.iter().chain(&other.0).copied().collect();
        v.sort_unstable();
        v.dedup();
        Sorted(v)
    }

    fn rough(&self) -> (f64, f64) {
        let soft = self.0.iter().filter(|&&id| id & 1 == 1).count() as u32;
        rough(self.0.len() as u32 - soft, soft)
    }

    fn terms(&self, other: &Sorted) -> (f64, f64) {
        let (a, b) = (&self.0, &other.0);
        let (mut penalty, mut bonus) = (0.0, 0.0);
        let (mut x, mut y) = (0, 0);
        loop {
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
        (f64::min(penalty, ANCHOR_CAP), f64::min(bonus, ANCHOR_CAP))
    }

    fn penalty(&self, other: &Sorted) -> f64 {
        self.terms(other).0
    }
}

/// Anchors as bit masks, bit `id >> 1` for an interned id: bits ascend as the ids do.
#[derive(Clone, Copy)]
struct Bits {
    all: u128,
    /// The soft ones among them.
    soft: u128,
    /// How many are hard, how many soft.
    hard_count: u32,
    soft_count: u32,
    /// Their penalty weights summed (as [`AnchorSet::terms`] sums them, off by rounding), and
    /// the most they could take off a link ([`AnchorSet::rough`]).
    weight: f64,
    bonus: f64,
}

impl Bits {
    /// The most distinct anchors a pair of documents may have for this representation.
    const CAPACITY: usize = 128;

    fn new(all: u128, soft: u128) -> Bits {
        let (hard_count, soft_count) = ((all & !soft).count_ones(), soft.count_ones());
        let (weight, bonus) = rough(hard_count, soft_count);
        Bits { all, soft, hard_count, soft_count, weight, bonus }
    }
}

/// `SOFT_RUNS[k]`: the penalty of `k` soft anchors only one side has, added one at a time as
/// [`AnchorSet::terms`] adds them; from the last entry on, past the cap.
const SOFT_RUNS: [f64; 32] = {
    let mut runs = [0.0; 32];
    let mut k = 1;
    while k < runs.len() {
        runs[k] = runs[k - 1] + SOFT_PENALTY;
        k += 1;
    }
    runs
};
const _: () = assert!(SOFT_RUNS[SOFT_RUNS.len() - 1] >= ANCHOR_CAP);

impl AnchorSet for Bits {
    fn of(ids: &[u32]) -> Bits {
        let (mut all, mut soft) = (0, 0);
        for &id in ids {
            let bit = 1u128 << (id >> 1);
            all |= bit;
            if id & 1 == 1 {
                soft |= bit;
            }
        }
        Bits::new(all, soft)
    }

    fn union(&self, other: &Bits) -> Bits {
        Bits::new(self.all | other.all, self.soft | other.soft)
    }

    fn rough(&self) -> (f64, f64) {
        (self.weight, self.bonus)
    }

    fn net(&self, other: &Bits) -> f64 {
        if self.all & other.all == 0 {
            // Nothing shared, the usual case: no bonus, and the penalty of all the anchors.
            return f64::min(self.weight + other.weight, ANCHOR_CAP);
        }
        let (penalty, bonus) = self.terms(other);
        penalty - bonus
    }

    fn terms(&self, other: &Bits) -> (f64, f64) {
        // The bonus in ascending bit order, which is the order of the ids, as `Sorted` sums it
        // (a sum of ones and twos, exact in any order). Few anchors are shared: a loop over
        // them is cheaper than counting bits, which the baseline x86-64 has no instruction for.
        let soft = self.soft | other.soft;
        let (mut bonus, mut hard_both, mut soft_both) = (0.0, 0, 0);
        let mut both = self.all & other.all;
        while both != 0 {
            let bit = both & both.wrapping_neg();
            if soft & bit != 0 {
                bonus += SOFT_BONUS;
                soft_both += 1;
            } else {
                bonus += HARD_BONUS;
                hard_both += 1;
            }
            both ^= bit;
        }
        // The penalty from the counts: the sum one at a time differs from this by rounding
        // only, less than 1e-11 for 128 weights of at most a few units.
        let hard_one = self.hard_count + other.hard_count - 2 * hard_both;
        let soft_one = self.soft_count + other.soft_count - 2 * soft_both;
        let penalty = HARD_PENALTY * f64::from(hard_one) + SOFT_PENALTY * f64::from(soft_one);
        (f64::min(penalty, ANCHOR_CAP), f64::min(bonus, ANCHOR_CAP))
    }

    fn penalty(&self, other: &Bits) -> f64 {
        let soft = self.soft | other.soft;
        let mut one = self.all ^ other.all;
        if one & !soft == 0 {
            // Soft anchors alone: the sum depends on their number only.
            return f64::min(SOFT_RUNS[(one.count_ones() as usize).min(SOFT_RUNS.len() - 1)], ANCHOR_CAP);
        }
        let mut penalty = 0.0;
        // Past the cap, adding more cannot bring a sum back under it.
        while one != 0 && penalty < ANCHOR_CAP {
            let bit = one & one.wrapping_neg();
            penalty += if soft & bit != 0 { SOFT_PENALTY } else { HARD_PENALTY };
            one ^= bit;
        }
        f64::min(penalty, ANCHOR_CAP)
    }
}

/// One side of the alignment, as the link costs read it.
struct Side<S> {
    /// Length of each sentence in characters.
    len: Vec<usize>,
    paragraph_start: Vec<bool>,
    /// Each sentence's anchors.
    one: Vec<S>,
    /// The anchors of each sentence and the next, together.
    two: Vec<S>,
}

impl<S: AnchorSet> Side<S> {
    fn new(units: &[Interned]) -> Side<S> {
        let one: Vec<S> = units.iter().map(|u| S::of(&u.anchors)).collect();
        Side {
            len: units.iter().map(|u| u.len).collect(),
            paragraph_start: units.iter().map(|u| u.paragraph_start).collect(),
            two: one.windows(2).map(|w| w[0].union(&w[1])).collect(),
            one,
        }
    }

    /// The anchors of sentences `i..i + d`, `d` 1 or 2.
    fn anchors(&self, i: usize, d: usize) -> &S {
        if d == 1 {
            &self.one[i]
        } else {
            &self.two[i]
        }
    }

    /// The length of sentences `i..i + d` together.
    fn len(&self, i: usize, d: usize) -> usize {
        self.len[i..i + d].iter().sum()
    }
}

/// Everything a link cost needs besides the link: both sides and the length ratio.
struct Ctx<S> {
    src: Side<S>,
    tgt: Side<S>,
    ratio: f64,
    /// `-ln(prior)` of each shape, computed once rather than at every cell.
    shape_costs: [f64; 6],
}

/// A link's cost but for its length term: the parts, to be added in the order [`Parts::total`]
/// adds them.
struct Parts {
    shape_cost: f64,
    /// Whether a side merges sentences across a paragraph boundary.
    crossing: bool,
    /// Whether the first sentence of each side opens a paragraph.
    opens: (bool, bool),
    /// What the anchors take off ([`AnchorSet::terms`]).
    bonus: f64,
}

impl Parts {
    /// The link's cost with its length term and the exact anchor penalty
    /// ([`AnchorSet::penalty`]).
    fn total(&self, length_cost: f64, penalty: f64) -> f64 {
        // `x - ln(prior)` and `x + (-ln(prior))` are the same number: the shape's cost is taken
        // from the table.
        let mut c = length_cost + self.shape_cost;
        if self.crossing {
            c += PARAGRAPH_CROSSING;
        }
        match self.opens {
            (true, true) => c -= PARAGRAPH_AGREE,
            (false, false) => {}
            _ => c += PARAGRAPH_DISAGREE,
        }
        // Capped separately, so that what a merged sentence shares cannot hide what the other
        // one lacks. Costs may go below zero: a link whose anchors agree is better than certain
        // by length alone, and two such 1-1 links must beat one 2-2 link that holds them both.
        c + penalty - self.bonus
    }
}

impl<S: AnchorSet> Ctx<S> {
    /// What the cost of every link of `src` and `tgt` depends on.
    fn new(src: &[Interned], tgt: &[Interned], ratio: f64) -> Ctx<S> {
        Ctx {
            src: Side::new(src),
            tgt: Side::new(tgt),
            ratio,
            shape_costs: SHAPES.map(|(_, _, prior)| -prior.ln()),
        }
    }

    /// A bound that [`Ctx::cost`] of a link with both sides non-empty never goes below, less a
    /// margin for rounding, from what each side's anchors weigh alone ([`AnchorSet::rough`]):
    /// the shape's cost, the paragraph bonus, at least the difference of the two sides' penalty
    /// weights (what the anchors of one side could not all share), and at most the bonus the
    /// side with fewer could take off. Cheaper than [`Ctx::floor`].
    #[inline(always)]
    fn rough_floor(&self, i: usize, di: usize, j: usize, dj: usize, shape: usize) -> f64 {
        let (weight_a, bonus_a) = self.src.anchors(i, di).rough();
        let (weight_b, bonus_b) = self.tgt.anchors(j, dj).rough();
        // Neither is ever NaN: a plain comparison is the minimum.
        let least = |a: f64, b: f64| if a < b { a } else { b };
        self.shape_costs[shape] - PARAGRAPH_AGREE + least((weight_a - weight_b).abs(), ANCHOR_CAP)
            - least(bonus_a, bonus_b)
            - 1e-9
    }

    /// A bound that [`Ctx::cost`] of a link with both sides non-empty never goes below,
    /// whatever its length term (which is never negative), less a margin for rounding and for
    /// the anchor penalty being near rather than exact: everything but the length term, priced
    /// without building [`Parts`].
    #[inline(always)]
    fn floor(&self, i: usize, di: usize, j: usize, dj: usize, shape: usize) -> f64 {
        let (src_opens, tgt_opens) = (self.src.paragraph_start[i], self.tgt.paragraph_start[j]);
        let mut c = self.shape_costs[shape];
        if di == 2 && self.src.paragraph_start[i + 1] || dj == 2 && self.tgt.paragraph_start[j + 1] {
            c += PARAGRAPH_CROSSING;
        }
        if src_opens != tgt_opens {
            c += PARAGRAPH_DISAGREE;
        } else if src_opens {
            c -= PARAGRAPH_AGREE;
        }
        c + self.src.anchors(i, di).net(self.tgt.anchors(j, dj)) - 1e-9
    }

    /// The parts of the cost of linking `src[i..i + di]` with `tgt[j..j + dj]`, both sides
    /// non-empty, besides the length term.
    #[inline(always)]
    fn parts(&self, i: usize, di: usize, j: usize, dj: usize, shape: usize) -> Parts {
        let (_, bonus) = self.src.anchors(i, di).terms(self.tgt.anchors(j, dj));
        Parts {
            shape_cost: self.shape_costs[shape],
            crossing: di == 2 && self.src.paragraph_start[i + 1]
                || dj == 2 && self.tgt.paragraph_start[j + 1],
            opens: (self.src.paragraph_start[i], self.tgt.paragraph_start[j]),
            bonus,
        }
    }

    /// The exact anchor penalty of linking `src[i..i + di]` with `tgt[j..j + dj]`.
    fn penalty(&self, i: usize, di: usize, j: usize, dj: usize) -> f64 {
        self.src.anchors(i, di).penalty(self.tgt.anchors(j, dj))
    }

    /// The improbability of the length ratio of `src[i..i + di]` and `tgt[j..j + dj]`, both
    /// sides non-empty, in the manner of Gale and Church: never negative.
    fn length_cost(&self, i: usize, di: usize, j: usize, dj: usize) -> f64 {
        let (ls, lt) = (self.src.len(i, di), self.tgt.len(j, dj));
        let ratio = self.ratio;
        let mean = ((ls as f64) + (lt as f64) / ratio) / 2.0;
        let delta =
            if mean <= 0.0 { 0.0 } else { (lt as f64 - ls as f64 * ratio) / (mean * VARIANCE).sqrt() };
        let p = (2.0 * (1.0 - normal_cdf(delta.abs()))).max(1e-12);
        -p.ln()
    }

    /// The cost of linking `src[i..i + di]` with `tgt[j..j + dj]` with the shape's prior.
    fn cost(&self, i: usize, di: usize, j: usize, dj: usize, shape: usize) -> f64 {
        if di == 0 || dj == 0 {
            // A sentence without counterpart: its length says nothing about it (Gale and
            // Church's length term would make a long dropped sentence all but impossible to
            // detect).
            return self.shape_costs[shape];
        }
        self.parts(i, di, j, dj, shape).total(self.length_cost(i, di, j, dj), self.penalty(i, di, j, dj))
    }
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

    /// The link cost as first written: one function over the interned units, the anchors merged
    /// as two sorted lists at every call. [`Ctx::cost`] must give the same bits.
    mod reference {
        use super::super::*;

        pub struct Ctx {
            src: Vec<Interned>,
            tgt: Vec<Interned>,
            src_pairs: Vec<Vec<u32>>,
            tgt_pairs: Vec<Vec<u32>>,
            ratio: f64,
        }

        impl Ctx {
            pub fn new(src: &[Unit], tgt: &[Unit]) -> Ctx {
                let ratio = length_ratio(src, tgt);
                let (src, tgt, _) = intern(src, tgt);
                Ctx { src_pairs: pair_unions(&src), tgt_pairs: pair_unions(&tgt), src, tgt, ratio }
            }

            pub fn cost(&self, i: usize, di: usize, j: usize, dj: usize, shape: usize) -> f64 {
                let (s, t) = (&self.src[i..i + di], &self.tgt[j..j + dj]);
                let a = anchor_set(s, &self.src_pairs, i);
                let b = anchor_set(t, &self.tgt_pairs, j);
                link_cost(s, t, a, b, self.ratio, -SHAPES[shape].2.ln())
            }
        }

        fn link_cost(
            src: &[Interned],
            tgt: &[Interned],
            a: &[u32],
            b: &[u32],
            ratio: f64,
            shape_cost: f64,
        ) -> f64 {
            if src.is_empty() || tgt.is_empty() {
                return shape_cost;
            }
            let ls: usize = src.iter().map(|u| u.len).sum();
            let lt: usize = tgt.iter().map(|u| u.len).sum();
            let mean = ((ls as f64) + (lt as f64) / ratio) / 2.0;
            let delta =
                if mean <= 0.0 { 0.0 } else { (lt as f64 - ls as f64 * ratio) / (mean * VARIANCE).sqrt() };
            let p = (2.0 * (1.0 - normal_cdf(delta.abs()))).max(1e-12);
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
            let (mut penalty, mut bonus) = (0.0, 0.0);
            let (mut x, mut y) = (0, 0);
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
            c + f64::min(penalty, ANCHOR_CAP) - f64::min(bonus, ANCHOR_CAP)
        }

        fn anchor_set<'u>(side: &'u [Interned], pairs: &'u [Vec<u32>], start: usize) -> &'u [u32] {
            match side.len() {
                1 => &side[0].anchors,
                2 => pairs.get(start).map_or(&[][..], Vec::as_slice),
                _ => &[],
            }
        }

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
    }

    /// The forward sweep [`align`] must agree with: every cell pushes each shape onward, priced
    /// in full by the [`reference`] cost, and a cell keeps the first of equal costs.
    fn align_by_sweep(src: &[Unit], tgt: &[Unit]) -> Vec<(Vec<usize>, Vec<usize>, u64)> {
        let (n, m) = (src.len(), tgt.len());
        let ctx = reference::Ctx::new(src, tgt);
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

    /// A xorshift generator for the tests of the aligner and its anchors: the same draws from
    /// the same seed on every run.
    pub(super) struct Rng(pub(super) u64);

    impl Rng {
        pub(super) fn below(&mut self, bound: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % bound
        }

        /// `count` units with up to `most` anchors drawn from `values` per kind; equal lengths
        /// (ties) when `flat`.
        fn units_with(&mut self, count: u64, flat: bool, most: u64, values: u64) -> Vec<Unit> {
            (0..count)
                .map(|_| {
                    let anchors = (0..self.below(most + 1))
                        .map(|_| {
                            let kind = ["name", "term", "money", "percent"][self.below(4) as usize];
                            format!("{kind}:{}", self.below(values))
                        })
                        .collect();
                    let len = if flat { 50 } else { 5 + self.below(200) as usize };
                    Unit { len, anchors, paragraph_start: self.below(5) == 0 }
                })
                .collect()
        }

        /// `count` units with up to three anchors of few values.
        fn units(&mut self, count: u64, flat: bool) -> Vec<Unit> {
            self.units_with(count, flat, 3, 6)
        }
    }

    fn bits_of(links: Vec<Link>) -> Vec<(Vec<usize>, Vec<usize>, u64)> {
        links.into_iter().map(|l| (l.src, l.tgt, l.score.to_bits())).collect()
    }

    #[test]
    fn pricing_likely_shapes_first_aligns_as_the_forward_sweep() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..400 {
            let n = rng.below(40);
            let m = if rng.below(2) == 0 { n } else { rng.below(40) };
            let (s, t) = (rng.units(n, round % 3 == 0), rng.units(m, round % 3 == 0));
            assert_eq!(bits_of(align(&s, &t)), align_by_sweep(&s, &t), "round {round}");
        }
    }

    /// Many anchors per sentence, so that penalties mix hard and soft weights in every order
    /// (3 + 0.4 + 0.4 + 0.4 + 0.4 and 0.4 + 3 + 0.4 + 0.4 + 0.4 differ in the last bit), and
    /// sometimes more distinct anchors than [`Bits`] holds, so that [`Sorted`] aligns.
    #[test]
    fn both_anchor_representations_align_as_the_forward_sweep() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut sorted = 0;
        for round in 0..300 {
            let n = rng.below(30);
            let m = if rng.below(2) == 0 { n } else { rng.below(30) };
            let (most, values) = [(12, 4), (8, 12), (10, 500)][round % 3];
            let (s, t) =
                (rng.units_with(n, round % 4 == 0, most, values), rng.units_with(m, false, most, values));
            let want = align_by_sweep(&s, &t);
            assert_eq!(bits_of(align(&s, &t)), want, "round {round}");
            let ratio = length_ratio(&s, &t);
            let (si, ti, keys) = intern(&s, &t);
            assert_eq!(bits_of(search(&Ctx::<Sorted>::new(&si, &ti, ratio))), want, "round {round}, sorted");
            if keys <= Bits::CAPACITY {
                assert_eq!(bits_of(search(&Ctx::<Bits>::new(&si, &ti, ratio))), want, "round {round}, bits");
            } else {
                sorted += 1;
            }
        }
        assert!(sorted > 20, "only {sorted} rounds had more anchors than bit masks hold");
    }

    /// [`search`] without leaving out a cell: the sweep over the whole band.
    fn search_whole_band<S: AnchorSet>(ctx: &Ctx<S>) -> Vec<Link> {
        let (n, m) = (ctx.src.len.len(), ctx.tgt.len.len());
        let mut grid = Grid::new(n, m);
        let Grid { windows, offsets, cost, shape } = &mut grid;
        sweep(ctx, cost, shape, offsets, windows, None);
        path(ctx, &grid, &[])
    }

    impl Rng {
        /// A made-up translation pair: `n` source sentences, and their translations a little
        /// longer or shorter, with anchors mostly shared and paragraphs mostly kept; now and
        /// then a sentence dropped, added, split in two or two merged, and some pairs with
        /// lengths that fit badly all along.
        fn translation(&mut self, n: u64) -> (Vec<Unit>, Vec<Unit>) {
            let noisy = self.below(4) == 0;
            let (mut src, mut tgt) = (Vec::new(), Vec::new());
            for i in 0..n {
                let len = 20 + self.below(220) as usize;
                let anchors: Vec<String> = (0..self.below(4))
                    .map(|_| {
                        let kind = ["name", "term", "money", "percent", "dict"][self.below(5) as usize];
                        format!("{kind}:{}", self.below(12))
                    })
                    .collect();
                let opens = i == 0 || self.below(4) == 0;
                src.push(Unit { len, anchors: anchors.clone(), paragraph_start: opens });
                let spread = if noisy { 120 } else { 30 };
                let tlen = (len * 11 / 10 + self.below(spread) as usize).saturating_sub(spread as usize / 2);
                let mut t_anchors = anchors;
                if self.below(6) == 0 {
                    t_anchors.pop();
                }
                if self.below(8) == 0 {
                    t_anchors.push(format!("money:{}", self.below(12)));
                }
                let t_opens = if self.below(10) == 0 { !opens } else { opens };
                let unit = Unit { len: tlen.max(1), anchors: t_anchors, paragraph_start: t_opens };
                match self.below(40) {
                    // Dropped.
                    0 => {}
                    // An added sentence before it.
                    1 => {
                        let extra = Unit { len: 10 + self.below(150) as usize, ..Unit::default() };
                        tgt.extend([extra, unit]);
                    }
                    // Split in two.
                    2 => {
                        let half = Unit { len: unit.len / 2 + 1, anchors: vec![], paragraph_start: false };
                        tgt.extend([Unit { len: unit.len / 2, ..unit }, half]);
                    }
                    // Merged with the one before.
                    3 if !tgt.is_empty() => {
                        let last = tgt.len() - 1;
                        tgt[last].len += unit.len + 1;
                        tgt[last].anchors.extend(unit.anchors);
                    }
                    _ => tgt.push(unit),
                }
            }
            (src, tgt)
        }
    }

    /// Leaving out the cells that cannot be on the cheapest path finds the path of the sweep
    /// over the whole band, scores to the bit: on made-up translation pairs of every size the
    /// corpus has and beyond (one to one all along, or with sentences dropped, added, split or
    /// merged), with either anchor representation, and on random pairs.
    #[test]
    fn leaving_out_cells_finds_the_path_of_the_whole_band() {
        let mut rng = Rng(0xd1b5_4a32_d192_ed03);
        let (mut equal, mut unequal) = (0, 0);
        for round in 0..1_500 {
            let n = [1, 3, 8, 15, 20, 25, 30, 45, 70][round % 9];
            let (s, t) = if round % 10 == 9 {
                let extra = rng.below(5);
                (rng.units(n, false), rng.units(n + extra, false))
            } else {
                rng.translation(n)
            };
            if s.len() == t.len() {
                equal += 1;
            } else {
                unequal += 1;
            }
            let ratio = length_ratio(&s, &t);
            let (si, ti, keys) = intern(&s, &t);
            let sorted = Ctx::<Sorted>::new(&si, &ti, ratio);
            let want = bits_of(search_whole_band(&sorted));
            assert_eq!(bits_of(search(&sorted)), want, "round {round}, sorted");
            if keys <= Bits::CAPACITY {
                let bits = Ctx::<Bits>::new(&si, &ti, ratio);
                assert_eq!(bits_of(search_whole_band(&bits)), want, "round {round}, bits, whole band");
                assert_eq!(bits_of(search(&bits)), want, "round {round}, bits");
            }
            if round % 50 == 0 {
                assert_eq!(bits_of(align(&s, &t)), align_by_sweep(&s, &t), "round {round}");
            }
        }
        assert!(equal > 300 && unequal > 300, "{equal} pairs of equal length, {unequal} unequal");
    }

    /// Every link of a pair, priced by each representation and by the [`reference`].
    #[test]
    fn link_costs_are_the_reference_bits() {
        let mut rng = Rng(0x853c_49e6_748f_ea9b);
        for round in 0..60 {
            let (s, t) = (rng.units_with(12, false, 10, 5), rng.units_with(12, round % 2 == 0, 10, 5));
            let want = reference::Ctx::new(&s, &t);
            let ratio = length_ratio(&s, &t);
            let (si, ti, keys) = intern(&s, &t);
            assert!(keys <= Bits::CAPACITY);
            let (bits, sorted) = (Ctx::<Bits>::new(&si, &ti, ratio), Ctx::<Sorted>::new(&si, &ti, ratio));
            for (k, &(di, dj, _)) in SHAPES.iter().enumerate() {
                for i in 0..=12 - di {
                    for j in 0..=12 - dj {
                        let c = want.cost(i, di, j, dj, k).to_bits();
                        assert_eq!(
                            bits.cost(i, di, j, dj, k).to_bits(),
                            c,
                            "round {round} {i}+{di} {j}+{dj}"
                        );
                        assert_eq!(
                            sorted.cost(i, di, j, dj, k).to_bits(),
                            c,
                            "round {round} {i}+{di} {j}+{dj}"
                        );
                        if di > 0 && dj > 0 {
                            let f = bits.floor(i, di, j, dj, k);
                            assert!(f <= f64::from_bits(c), "round {round} {i}+{di} {j}+{dj}");
                            assert!(bits.rough_floor(i, di, j, dj, k) <= f64::from_bits(c));
                            assert!(sorted.rough_floor(i, di, j, dj, k) <= f64::from_bits(c));
                            assert!(sorted.floor(i, di, j, dj, k) <= f64::from_bits(c));
                            let (a, b) = (bits.src.anchors(i, di), bits.tgt.anchors(j, dj));
                            let exact = sorted.src.anchors(i, di).penalty(sorted.tgt.anchors(j, dj));
                            assert_eq!(a.penalty(b).to_bits(), exact.to_bits());
                            assert!((a.terms(b).0 - exact).abs() < 1e-10, "{} {exact}", a.terms(b).0);
                        }
                    }
                }
            }
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
