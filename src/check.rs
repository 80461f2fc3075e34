//! QA checks between an original and its translation, producing [`Finding`]s.
//!
//! Each check looks at one aligned link (one or two sentences per side) and reports what a
//! reviewer must look at: a glossary concept of the source whose allowed rendering is missing in
//! the target (`term_missing`), rendered with a forbidden term (`term_forbidden`), or a
//! do-not-translate term changed (`term_dnt_changed`); figures that disagree
//! (`figure_mismatch`, `figure_missing`, `figure_extra`, `figure_qualifier`), and across the
//! whole article pair, figures moved to another sentence (`figure_moved`); a target left in the
//! source language (`untranslated`); a doubled word (`repeated_word`); and sentences without a
//! counterpart (`sentence_missing`, `sentence_added`). Findings name the sentence indices and
//! the characters involved. Checks never print and never read files. (`term_inconsistent`, which
//! needs the whole corpus, is aggregated in [`crate::pipeline`].)

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use serde::Serialize;

use crate::align::Link;
use crate::figures::{self, Figure, FigureMatch};
use crate::glossary::{Glossary, Part, Status, TermHit};
use crate::segment::{self, Sentence, SentenceWords};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One QA finding on an aligned pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable snake_case code (`term_missing`, `figure_mismatch`…).
    pub check: &'static str,
    pub severity: Severity,
    /// The first source and target sentence of the link, where there is one.
    pub src_sentence: Option<usize>,
    pub tgt_sentence: Option<usize>,
    /// The allowed rendering(s), ` | ` separated.
    pub expected: String,
    /// What the target has.
    pub found: String,
    pub message: String,
}

/// The link a finding is about: the one that holds its source and target sentences.
pub fn link_of<'l>(links: &'l [Link], f: &Finding) -> Option<&'l Link> {
    links.iter().find(|l| {
        let holds = |idx: &[usize], s: Option<usize>| match s {
            Some(i) => idx.contains(&i),
            None => idx.is_empty(),
        };
        holds(&l.src, f.src_sentence) && holds(&l.tgt, f.tgt_sentence)
    })
}

/// One side of a pair as the checks see it. `figures[i]` and `terms[i]` belong to sentence `i`
/// and have offsets relative to the sentence start; `terms[i]` are the sentence's
/// [`Glossary::find`] hits (the checks look for nested terms only inside them), `all_terms[i]`
/// its [`Glossary::find_all`] hits where the analysis has them (empty: searched when needed);
/// `words` the words of every sentence where the analysis has them (`None`: split when needed).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub lang: &'a str,
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub figures: &'a [Vec<Figure>],
    pub terms: &'a [Vec<TermHit>],
    pub all_terms: &'a [Vec<TermHit>],
    pub words: Option<&'a SentenceWords>,
}

impl<'a> Side<'a> {
    fn sentence(&self, i: usize) -> &'a str {
        self.sentences.get(i).map_or("", |s| s.text(self.text))
    }
    /// The text of a link's sentences, joined by a space.
    pub fn joined(&self, idx: &[usize]) -> String {
        idx.iter().map(|&i| self.sentence(i)).collect::<Vec<_>>().join(" ")
    }
    /// [`Side::joined`], borrowed where the link has one sentence.
    fn joined_cow(&self, idx: &[usize]) -> std::borrow::Cow<'a, str> {
        match idx {
            [i] => std::borrow::Cow::Borrowed(self.sentence(*i)),
            _ => std::borrow::Cow::Owned(self.joined(idx)),
        }
    }
    /// The analysis's words where they serve the link of sentences `idx` as the words of its
    /// joined text (they are of this side, and no sentence of the link is cut mid-word).
    fn analysed_words(&self, idx: &[usize]) -> Option<&'a SentenceWords> {
        self.words.filter(|w| w.len() == self.sentences.len() && idx.iter().all(|&i| w.joinable(i)))
    }

    /// The words of `joined`, the text of a link's sentences ([`Side::joined`]), with their byte
    /// offsets in it: from the analysis where it has them, else split here.
    fn link_words<'t>(&self, idx: &[usize], joined: &'t str) -> Vec<(usize, &'t str)> {
        let kept = self.analysed_words(idx);
        if let Some(words) = kept {
            let mut out = Vec::with_capacity(idx.iter().map(|&i| words.of(i).map_or(0, <[_]>::len)).sum());
            let mut base = 0;
            for &i in idx {
                for &(a, b) in words.of(i).unwrap_or(&[]) {
                    let (a, b) = (base + a as usize, base + b as usize);
                    if let Some(w) = joined.get(a..b) {
                        out.push((a, w));
                    }
                }
                base += self.sentence(i).len() + 1;
            }
            return out;
        }
        let start = joined.as_ptr() as usize;
        segment::words(joined).map(|w| (w.as_ptr() as usize - start, w)).collect()
    }
    /// The words of [`Side::link_words`] without their offsets, found as they are asked for.
    fn link_word_strs<'t>(&self, idx: &'t [usize], joined: &'t str) -> impl Iterator<Item = &'t str> + 't
    where
        'a: 't,
    {
        let side = *self;
        let kept = self.analysed_words(idx);
        let analysed = kept.into_iter().flat_map(move |words| {
            // Each sentence's offset in `joined`: the sentences before it and a space after each.
            let starts = idx.iter().scan(0, move |base, &i| {
                let start = *base;
                *base += side.sentence(i).len() + 1;
                Some((start, i))
            });
            starts.flat_map(move |(base, i)| {
                let spans = words.of(i).unwrap_or(&[]);
                spans.iter().filter_map(move |&(a, b)| joined.get(base + a as usize..base + b as usize))
            })
        });
        let split = kept.is_none().then(|| segment::words(joined)).into_iter().flatten();
        analysed.chain(split)
    }
}

/// Runs every check on an aligned pair; findings come in link order.
pub fn check_pair(src: &Side, tgt: &Side, links: &[Link], glossary: &Glossary) -> Vec<Finding> {
    check_links(src, tgt, links, glossary, None)
}

/// [`check_pair`] and [`term_renderings`] of a pair in one pass: each link's source concepts
/// and target terms are found once for both.
pub fn check_pair_and_renderings(
    src: &Side,
    tgt: &Side,
    links: &[Link],
    glossary: &Glossary,
) -> (Vec<Finding>, Vec<Rendering>) {
    let mut renderings = Vec::new();
    let findings = check_links(src, tgt, links, glossary, Some(&mut renderings));
    (findings, renderings)
}

/// The findings of every link, and where asked for, the renderings of its source concepts.
fn check_links(
    src: &Side,
    tgt: &Side,
    links: &[Link],
    glossary: &Glossary,
    mut renderings: Option<&mut Vec<Rendering>>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut figure_findings = article_figures(src, tgt, links);
    // Scratch of [`repeated_words`], one for all links.
    let mut keys = Vec::new();
    for link in links {
        let (s0, t0) = (link.src.first().copied(), link.tgt.first().copied());
        let finding = |check, severity, expected: String, found: String, message: String| Finding {
            check,
            severity,
            src_sentence: s0,
            tgt_sentence: t0,
            expected,
            found,
            message,
        };
        match (s0, t0) {
            (Some(_), None) => {
                out.push(finding(
                    "sentence_missing",
                    Severity::Error,
                    src.joined(&link.src),
                    String::new(),
                    "this source sentence has no translation".into(),
                ));
                continue;
            }
            (None, Some(_)) => {
                out.push(finding(
                    "sentence_added",
                    Severity::Warning,
                    String::new(),
                    tgt.joined(&link.tgt),
                    "this target sentence has no source".into(),
                ));
                continue;
            }
            _ => {}
        }
        let src_text = src.joined_cow(&link.src);
        let tgt_text = tgt.joined_cow(&link.tgt);
        let tgt_words = tgt.link_words(&link.tgt, &tgt_text);
        let src_words = src.link_word_strs(&link.src, &src_text);
        let verdict = untranslated(src_words, &tgt_words, &tgt_text, src.lang, tgt.lang);
        // The link's source concepts and target terms, for its renderings and its term checks.
        let (mut concepts, mut hits) = (None, None);
        if let (Some(r), Some(s), Some(t)) = (renderings.as_deref_mut(), s0, t0) {
            let c = concepts.insert(source_concepts(src, link, glossary));
            if !c.is_empty() {
                let h = hits.insert(target_hits(tgt, link, glossary, c));
                push_renderings(c, h, glossary, (s, t), r);
            }
        }
        if let Some(f) = verdict {
            out.push(finding("untranslated", Severity::Error, String::new(), tgt_text.into_owned(), f));
            continue;
        }
        for ((expected, found, message, severity, check), sentences) in
            figure_findings.remove(&(s0, t0)).unwrap_or_default()
        {
            // A figure finding points at the sentence that holds the figure, also inside a
            // link of two sentences.
            let (si, ti) = sentences;
            out.push(Finding {
                src_sentence: si.or(s0),
                tgt_sentence: ti.or(t0),
                ..finding(check, severity, expected, found, message)
            });
        }
        let concepts = concepts.get_or_insert_with(|| source_concepts(src, link, glossary));
        let hits = hits.get_or_insert_with(|| target_hits(tgt, link, glossary, concepts));
        for (expected, found, message, severity, check) in
            check_terms(src, tgt, link, glossary, concepts, hits)
        {
            out.push(finding(check, severity, expected, found, message));
        }
        for (found, message) in repeated_words(&tgt_text, &tgt_words, tgt.lang, &mut keys) {
            out.push(finding("repeated_word", Severity::Warning, String::new(), found, message));
        }
    }
    out
}

type Raw = (String, String, String, Severity, &'static str);
/// The source and target sentence a finding is in, where it is one sentence of its link.
type Pointer = (Option<usize>, Option<usize>);
/// The figure findings of an article pair, keyed by their link's first sentences.
type FigureFindings = HashMap<Pointer, Vec<(Raw, Pointer)>>;

/// The sentence of `idx` that holds figure `f` (figures carry offsets into their sentence).
fn sentence_of(side: &Side, idx: &[usize], f: &Figure) -> Option<usize> {
    idx.iter().copied().find(|&i| side.figures.get(i).is_some_and(|v| v.iter().any(|x| std::ptr::eq(x, f))))
}

fn link_figures<'a>(side: &'a Side, idx: &[usize]) -> Vec<&'a Figure> {
    idx.iter().flat_map(|&i| side.figures.get(i).into_iter().flatten()).collect()
}

fn figure_text<'a>(side: &'a Side, idx: &[usize], f: &Figure) -> &'a str {
    // Figures carry offsets into their own sentence; find the sentence that holds this one.
    idx.iter()
        .find(|&&i| side.figures.get(i).is_some_and(|v| v.iter().any(|x| std::ptr::eq(x, f))))
        .and_then(|&i| side.sentence(i).get(f.start..f.end))
        .unwrap_or("")
}

/// The figure findings of every link of an article pair, keyed by the link's first source and
/// target sentence.
///
/// Each aligned link is matched first (`figure_mismatch`, `figure_missing`, `figure_extra`,
/// and `figure_qualifier` where the same figure is hedged differently: `rund` → exact). Then the
/// whole article is cross-checked: a source figure missing from its link that the translation
/// states, unmatched, in another link was moved across sentences, and is reported once as
/// `figure_moved` (a warning) instead of a missing and an extra figure. A missing figure that
/// the translation states elsewhere, matched there (a repeated mention dropped), is a warning.
fn article_figures(src: &Side, tgt: &Side, links: &[Link]) -> FigureFindings {
    struct LinkMatch<'a> {
        key: (Option<usize>, Option<usize>),
        link: &'a Link,
        sf: Vec<&'a Figure>,
        tf: Vec<&'a Figure>,
        matches: Vec<FigureMatch>,
    }
    let mut per_link: Vec<LinkMatch> = Vec::new();
    for link in links.iter().filter(|l| !l.src.is_empty() && !l.tgt.is_empty()) {
        let sf = link_figures(src, &link.src);
        let tf = link_figures(tgt, &link.tgt);
        if sf.is_empty() && tf.is_empty() {
            continue; // nothing to match, to move or to repeat
        }
        let matches = figures::match_figures(&sf, &tf);
        let key = (link.src.first().copied(), link.tgt.first().copied());
        per_link.push(LinkMatch { key, link, sf, tf, matches });
    }
    // Moved figures: a missing source figure and an extra target figure of another link.
    let extras: Vec<(usize, usize)> = per_link
        .iter()
        .enumerate()
        .flat_map(|(k, l)| {
            l.matches.iter().filter_map(move |m| match m {
                FigureMatch::Extra { tgt } => Some((k, *tgt)),
                _ => None,
            })
        })
        .collect();
    let mut extra_used = vec![false; extras.len()];
    let mut moved: HashMap<(usize, usize), (usize, usize)> = HashMap::default();
    for (k, l) in per_link.iter().enumerate() {
        for m in &l.matches {
            if let FigureMatch::Missing { src: i } = m {
                let found = extras.iter().enumerate().find(|(e, &(k2, j))| {
                    !extra_used[*e] && k2 != k && figures::same_figure(l.sf[*i], per_link[k2].tf[j])
                });
                if let Some((e, &(k2, j))) = found {
                    extra_used[e] = true;
                    moved.insert((k, *i), (k2, j));
                }
            }
        }
    }
    let moved_targets: HashSet<(usize, usize)> = moved.values().copied().collect();
    // Every target figure of the article, to tell a dropped repetition from a lost figure.
    let all_tgt: Vec<(&LinkMatch, &Figure)> =
        per_link.iter().flat_map(|l| l.tf.iter().map(move |f| (l, *f))).collect();
    let all_src: Vec<&Figure> = per_link.iter().flat_map(|l| l.sf.iter().copied()).collect();

    let mut out: FigureFindings = HashMap::default();
    for (k, l) in per_link.iter().enumerate() {
        let mut raws = Vec::new();
        let (link, sf, tf) = (l.link, &l.sf, &l.tf);
        for m in &l.matches {
            match *m {
                FigureMatch::Same { src: i, tgt: j } => {
                    let (s, t) = (sf[i], tf[j]);
                    if s.qualifier != t.qualifier && s.value_max.is_none() && t.value_max.is_none() {
                        raws.push((
                            (
                                figures::render(s, tgt.lang),
                                figure_text(tgt, &link.tgt, t).to_string(),
                                format!(
                                "the source states {} ({}), the translation {} ({}): the qualifier changed",
                                figure_text(src, &link.src, s),
                                s.qualifier.as_str(),
                                figure_text(tgt, &link.tgt, t),
                                t.qualifier.as_str()
                            ),
                                Severity::Warning,
                                "figure_qualifier",
                            ),
                            (sentence_of(src, &link.src, s), sentence_of(tgt, &link.tgt, t)),
                        ));
                    }
                }
                FigureMatch::Mismatch { src: i, tgt: j } => {
                    let (s, t) = (sf[i], tf[j]);
                    raws.push((
                        (
                            figures::render(s, tgt.lang),
                            figure_text(tgt, &link.tgt, t).to_string(),
                            format!(
                                "the source states {} ({}), the translation {} ({}){}",
                                figure_text(src, &link.src, s),
                                describe(s),
                                figure_text(tgt, &link.tgt, t),
                                describe(t),
                                mismatch_reason(s, t)
                            ),
                            Severity::Error,
                            "figure_mismatch",
                        ),
                        (sentence_of(src, &link.src, s), sentence_of(tgt, &link.tgt, t)),
                    ));
                }
                FigureMatch::Missing { src: i } => {
                    let s = sf[i];
                    if let Some(&(k2, j)) = moved.get(&(k, i)) {
                        let other = &per_link[k2];
                        let t = other.tf[j];
                        raws.push((
                            (
                                figures::render(s, tgt.lang),
                                figure_text(tgt, &other.link.tgt, t).to_string(),
                                format!(
                                "the source figure {} is stated in translation sentence {} instead of here",
                                figure_text(src, &link.src, s),
                                other.key.1.map_or(String::new(), |x| x.to_string())
                            ),
                                Severity::Warning,
                                "figure_moved",
                            ),
                            (sentence_of(src, &link.src, s), None),
                        ));
                        continue;
                    }
                    let elsewhere = all_tgt
                        .iter()
                        .find(|(o, t)| !std::ptr::eq(*o, l) && figures::same_figure(s, t))
                        .and_then(|(o, _)| o.key.1);
                    let severity =
                        if s.from_words || elsewhere.is_some() { Severity::Warning } else { Severity::Error };
                    let mut message = format!(
                        "the source figure {} is not in the translation",
                        figure_text(src, &link.src, s)
                    );
                    if let Some(x) = elsewhere {
                        message.push_str(&format!(" of this sentence (it is in translation sentence {x})"));
                    }
                    raws.push((
                        (figures::render(s, tgt.lang), String::new(), message, severity, "figure_missing"),
                        (sentence_of(src, &link.src, s), None),
                    ));
                }
                FigureMatch::Extra { tgt: j } => {
                    if moved_targets.contains(&(k, j)) {
                        continue;
                    }
                    let t = tf[j];
                    let repeated = all_src.iter().any(|s| figures::same_figure(s, t));
                    raws.push((
                        (
                            String::new(),
                            figure_text(tgt, &link.tgt, t).to_string(),
                            format!(
                                "the translation states {} which the source does not{}",
                                figure_text(tgt, &link.tgt, t),
                                if repeated { " here (it repeats a figure of another sentence)" } else { "" }
                            ),
                            Severity::Warning,
                            "figure_extra",
                        ),
                        (None, sentence_of(tgt, &link.tgt, t)),
                    ));
                }
            }
        }
        if !raws.is_empty() {
            out.insert(l.key, raws);
        }
    }
    out
}

fn describe(f: &Figure) -> String {
    let mut d = format!("{} {}", f.kind.as_str(), f.value);
    if let Some(m) = &f.value_max {
        d.push_str(&format!("–{m}"));
    }
    if let Some(u) = &f.unit {
        d.push(' ');
        d.push_str(u);
    }
    d
}

/// What differs between two figures reported as a mismatch, for the message.
fn mismatch_reason(s: &Figure, t: &Figure) -> &'static str {
    use crate::figures::Value;
    if s.kind != t.kind
        && !matches!(
            (s.kind.as_str(), t.kind.as_str()),
            ("number" | "year" | "count", "number" | "year" | "count")
        )
    {
        return ": the kind differs";
    }
    if s.unit != t.unit && matches!(s.kind.as_str(), "money" | "percent" | "duration") {
        return ": the unit differs";
    }
    if let (Value::Number(a), Value::Number(b)) = (&s.value, &t.value) {
        let thousand = rust_decimal::Decimal::from(1000);
        let (hi, lo) = if a.abs() > b.abs() { (a.abs(), b.abs()) } else { (b.abs(), a.abs()) };
        if !lo.is_zero()
            && [thousand, thousand * thousand, thousand * thousand * thousand].contains(&(hi / lo))
        {
            return ": the scale differs (thousand, million, billion, trillion)";
        }
    }
    if s.value_max.is_some() != t.value_max.is_some() {
        return ": one is a range";
    }
    ": the value differs"
}

/// A source concept of a link: how its strongest hit covers the text, and a surface form.
struct SourceConcept<'a> {
    part: Part,
    surface: &'a str,
    /// A single-word term standing alone (no other concept in the link).
    single_word: bool,
}

/// The source concepts of a link that the term checks look at. A lone single-word term in a
/// technical or everyday sentence ("die neue Revision des Chips") is taken in its everyday sense
/// and left out (see `src/glossary/data/<lang>/cues.txt`).
fn source_concepts<'a>(
    src: &Side<'a>,
    link: &Link,
    glossary: &'a Glossary,
) -> BTreeMap<&'a str, SourceConcept<'a>> {
    let mut by_concept: BTreeMap<&str, SourceConcept> = BTreeMap::new();
    for &i in &link.src {
        let sentence = src.sentence(i);
        for h in src.terms.get(i).into_iter().flatten() {
            let e = glossary.entry(h.entry);
            let surface = sentence.get(h.start..h.end).unwrap_or("");
            let single_word = e.mode != crate::glossary::MatchMode::Case
                && h.part == Part::Whole
                && !surface.chars().any(|c| c.is_whitespace() || c == '-');
            let c = by_concept.entry(e.concept.as_str()).or_insert(SourceConcept {
                part: h.part,
                surface,
                single_word,
            });
            if h.part < c.part {
                c.part = h.part;
                c.surface = surface;
                c.single_word = single_word;
            }
        }
    }
    if by_concept.len() == 1
        && by_concept.values().all(|c| c.single_word)
        && glossary.everyday_context(&src.joined_cow(&link.src), src.lang)
    {
        by_concept.clear();
    }
    by_concept
}

/// Words after which the rest of a multiword term is a complement, not its head
/// (`data/heads/<lang>.txt`).
static HEAD_ENDS: LazyLock<HashMap<&'static str, HashSet<&'static str>>> = LazyLock::new(|| {
    [("en", include_str!("data/heads/en.txt")), ("de", include_str!("data/heads/de.txt"))]
        .into_iter()
        .map(|(lang, data)| {
            let words =
                data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
            (lang, words)
        })
        .collect()
});

/// Whether a term nested in a longer one, preceded in it by `before`, is a complement ("for
/// damages") rather than the longer term's head.
fn is_complement(before: &str, lang: &str) -> bool {
    let Some(words) = HEAD_ENDS.get(lang) else { return false };
    segment::words(before).any(|w| words.contains(w.to_lowercase().as_str()))
}

/// The glossary terms of a link's target. A term nested in a longer glossary term counts where
/// it is a complement of that term ("damages" inside "claim for damages" answers
/// Schadensersatz) or where the longer term itself renders a concept of the source; the head of
/// a longer term does not ("board" inside "supervisory board" does not answer Vorstand), and
/// nothing inside a forbidden term counts as an allowed rendering.
fn target_hits<'a>(
    tgt: &Side<'a>,
    link: &Link,
    glossary: &Glossary,
    source_concepts: &BTreeMap<&str, SourceConcept>,
) -> Vec<(usize, TermHit, &'a str)> {
    let mut out = Vec::new();
    for &j in &link.tgt {
        let sentence = tgt.sentence(j);
        // The side's own hits are the longest ones (`Glossary::find`), computed once per sentence.
        let longest: &[TermHit] = tgt.terms.get(j).map_or(&[], Vec::as_slice);
        // Every hit lies inside a longest one, so a sentence without those has none to search for.
        if longest.is_empty() {
            continue;
        }
        // Every hit (`Glossary::find_all`): from the analysis where it has them.
        let searched;
        let all: &[TermHit] = match tgt.all_terms.get(j) {
            Some(v) if tgt.all_terms.len() == tgt.sentences.len() => v,
            _ => {
                searched = glossary.find_all(sentence, tgt.lang);
                &searched
            }
        };
        for &h in all {
            let enclosing = longest
                .iter()
                .map(|h| (h.start, h.end, h.entry))
                .find(|&(s, en, _)| s <= h.start && h.end <= en && (s, en) != (h.start, h.end));
            let counts = match enclosing {
                None => true,
                Some((start, _, entry)) => {
                    let outer = glossary.entry(entry);
                    let complement = is_complement(&sentence[start..h.start], tgt.lang);
                    outer.status.is_allowed()
                        && (complement || source_concepts.contains_key(outer.concept.as_str()))
                }
            };
            if counts {
                out.push((j, h, sentence.get(h.start..h.end).unwrap_or("")));
            }
        }
    }
    out
}

/// The term findings of a link, from its source concepts and target terms.
fn check_terms(
    src: &Side,
    tgt: &Side,
    link: &Link,
    glossary: &Glossary,
    by_concept: &BTreeMap<&str, SourceConcept>,
    tgt_hits: &[(usize, TermHit, &str)],
) -> Vec<Raw> {
    // The first of the target's hits of `concept` whose term is allowed (`allowed`) or forbidden.
    let first_hit = |concept: &str, allowed: bool| -> Option<&str> {
        tgt_hits
            .iter()
            .find(|(_, h, _)| {
                let e = glossary.entry(h.entry);
                e.concept == concept && e.status.is_allowed() == allowed
            })
            .map(|&(_, _, s)| s)
    };
    let mut out = Vec::new();
    for (concept, c) in by_concept {
        // Most concepts are rendered: that is settled before the glossary lists the allowed
        // terms, and without collecting them.
        if first_hit(concept, true).is_some() {
            continue;
        }
        let allowed = glossary.allowed_terms(concept, tgt.lang);
        if allowed.is_empty() {
            continue;
        }
        let expected = allowed.iter().map(|e| e.term.as_str()).collect::<Vec<_>>().join(" | ");
        let source_term = c.surface;
        // Compound-only hits are never above warning.
        let (severity, how) = match c.part {
            Part::Whole => (Severity::Error, String::new()),
            Part::Head | Part::Modifier => (Severity::Warning, " (inside the compound)".to_string()),
        };
        if let Some(found) = first_hit(concept, false) {
            out.push((
                expected,
                found.to_string(),
                format!("'{source_term}'{how} is rendered with the forbidden term '{found}'"),
                severity,
                "term_forbidden",
            ));
        } else if c.part == Part::Modifier {
            // The first part of a compound need not appear on its own in a translation
            // (Gerichtsvollzieher = bailiff).
        } else if glossary.do_not_translate(concept, src.lang, tgt.lang) {
            out.push((
                expected,
                String::new(),
                format!(
                    "'{source_term}'{how} is not to be translated but is not in the translation as it is"
                ),
                severity,
                "term_dnt_changed",
            ));
        } else {
            out.push((
                expected,
                String::new(),
                format!(
                    "'{source_term}'{how} ({concept}) has none of its allowed renderings in the translation"
                ),
                severity,
                "term_missing",
            ));
        }
    }
    // A forbidden term whose concept the source does not have here is worth a look, no more,
    // and not at all where the source has one of the concept's words in another sense (an
    // idiom, a technical sentence, inside another word).
    // The source's text, lowercase form and everyday reading are needed only for such a term,
    // which most links do not have: computed on first use.
    let (text_cell, lower_cell, everyday_cell) =
        (std::cell::OnceCell::new(), std::cell::OnceCell::new(), std::cell::OnceCell::new());
    let src_text = || text_cell.get_or_init(|| src.joined(&link.src));
    let src_lower = || lower_cell.get_or_init(|| src_text().to_lowercase());
    let everyday = || *everyday_cell.get_or_init(|| glossary.everyday_context(src_text(), src.lang));
    let mut seen = HashSet::default();
    for (_, h, surface) in tgt_hits {
        let e = glossary.entry(h.entry);
        let source_word_there = || {
            glossary
                .concept_entries(&e.concept)
                .any(|s| s.lang == src.lang && src_lower().contains(&s.term.to_lowercase()))
        };
        if e.status == Status::Forbidden
            && !by_concept.contains_key(e.concept.as_str())
            && !everyday()
            && !source_word_there()
            && seen.insert(*surface)
        {
            let expected = glossary
                .allowed_terms(&e.concept, tgt.lang)
                .iter()
                .map(|e| e.term.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            out.push((
                expected,
                surface.to_string(),
                format!("'{surface}' is a forbidden rendering ({})", e.concept),
                Severity::Info,
                "term_forbidden",
            ));
        }
    }
    out
}

/// How one source concept was rendered in one aligned link: the allowed target term found
/// (its glossary form, not the inflected surface).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendering {
    pub concept: String,
    pub variant: String,
    pub src_sentence: usize,
    pub tgt_sentence: usize,
}

/// The allowed renderings of every whole-word source concept in a pair, link by link: what
/// `term_inconsistent` counts across the corpus. Acronyms (`case` terms) are not variants.
pub fn term_renderings(src: &Side, tgt: &Side, links: &[Link], glossary: &Glossary) -> Vec<Rendering> {
    let mut out = Vec::new();
    for link in links {
        let (Some(&s0), Some(&t0)) = (link.src.first(), link.tgt.first()) else { continue };
        let concepts = source_concepts(src, link, glossary);
        if concepts.is_empty() {
            continue;
        }
        let hits = target_hits(tgt, link, glossary, &concepts);
        push_renderings(&concepts, &hits, glossary, (s0, t0), &mut out);
    }
    out
}

/// The renderings of a link's whole-word source concepts among its target terms.
fn push_renderings(
    concepts: &BTreeMap<&str, SourceConcept>,
    hits: &[(usize, TermHit, &str)],
    glossary: &Glossary,
    (s0, t0): (usize, usize),
    out: &mut Vec<Rendering>,
) {
    for (concept, c) in concepts {
        if c.part != Part::Whole {
            continue;
        }
        let found = hits.iter().map(|(_, h, _)| glossary.entry(h.entry)).find(|e| {
            e.concept == *concept && e.status.is_allowed() && e.mode != crate::glossary::MatchMode::Case
        });
        if let Some(e) = found {
            out.push(Rendering {
                concept: concept.to_string(),
                variant: e.term.clone(),
                src_sentence: s0,
                tgt_sentence: t0,
            });
        }
    }
}

/// How often each source concept was rendered with each allowed variant across a corpus, per
/// language pair, with the first articles of each variant: what `term_inconsistent` reports.
/// Its size depends on the glossary, not on the corpus, so a run of any length can keep it.
#[derive(Debug, Default)]
pub struct TermUsage {
    /// (source lang, target lang) → concept → variant → usage. The concepts and variants are
    /// hashed (a lookup is one hash and one comparison, not a dozen of a tree's), and sorted
    /// where they are reported.
    by_pair: BTreeMap<(String, String), HashMap<String, HashMap<String, VariantUsage>>>,
}

/// How often a variant was used, and in which articles first.
#[derive(Debug, Default)]
struct VariantUsage {
    count: usize,
    /// Up to [`SHOWN_ARTICLES`] + 1 distinct articles, in the order they came.
    articles: Vec<String>,
}

/// How many articles a `term_inconsistent` message names per variant.
const SHOWN_ARTICLES: usize = 3;

impl TermUsage {
    /// Counts one rendering of `article` (articles must come in output order). The language
    /// pair, concept and variant are copied only the first time they are seen: nearly every
    /// rendering repeats one counted before.
    pub fn add(&mut self, article: &str, source_lang: &str, target_lang: &str, r: &Rendering) {
        let count = |usage: &mut VariantUsage| {
            usage.count += 1;
            if usage.articles.len() <= SHOWN_ARTICLES && usage.articles.last().is_none_or(|a| a != article) {
                usage.articles.push(article.to_string());
            }
        };
        let is_pair = |(s, t): &(String, String)| s == source_lang && t == target_lang;
        if !self.by_pair.keys().any(is_pair) {
            self.by_pair.insert((source_lang.to_string(), target_lang.to_string()), HashMap::default());
        }
        let Some(pair) = self.by_pair.iter_mut().find(|(k, _)| is_pair(k)).map(|(_, c)| c) else { return };
        if let Some(variants) = pair.get_mut(r.concept.as_str()) {
            if let Some(usage) = variants.get_mut(r.variant.as_str()) {
                count(usage);
            } else {
                count(variants.entry(r.variant.clone()).or_default());
            }
            return;
        }
        count(pair.entry(r.concept.clone()).or_default().entry(r.variant.clone()).or_default());
    }

    /// Every concept rendered with more than one allowed variant: (source lang, target lang,
    /// concept, preferred terms, variants found, message with the distribution).
    pub fn inconsistencies(&self, glossary: &Glossary) -> Vec<Inconsistency> {
        let mut out = Vec::new();
        for ((sl, tl), concepts) in &self.by_pair {
            let mut concepts: Vec<_> = concepts.iter().collect();
            concepts.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (concept, variants) in concepts {
                if variants.len() < 2 {
                    continue;
                }
                let mut dist: Vec<(&String, &VariantUsage)> = variants.iter().collect();
                dist.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
                let describe = |(v, u): &(&String, &VariantUsage)| {
                    let shown: Vec<&str> =
                        u.articles.iter().take(SHOWN_ARTICLES).map(String::as_str).collect();
                    let more = if u.articles.len() > SHOWN_ARTICLES { ", …" } else { "" };
                    format!("'{v}' {}× ({}{more})", u.count, shown.join(", "))
                };
                let expected = glossary
                    .allowed_terms(concept, tl)
                    .iter()
                    .filter(|e| e.status == Status::Preferred)
                    .map(|e| e.term.as_str())
                    .collect::<Vec<_>>()
                    .join(" | ");
                out.push(Inconsistency {
                    source_lang: sl.clone(),
                    target_lang: tl.clone(),
                    expected,
                    found: dist.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>().join(" | "),
                    message: format!(
                        "{concept} is rendered in {} ways: {}",
                        dist.len(),
                        dist.iter().map(describe).collect::<Vec<_>>().join(", ")
                    ),
                });
            }
        }
        out
    }
}

/// A concept rendered in more than one allowed way across a corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Inconsistency {
    pub source_lang: String,
    pub target_lang: String,
    /// The preferred terms, ` | `-separated.
    pub expected: String,
    /// The variants found, most used first.
    pub found: String,
    /// The distribution, with the first articles of each variant.
    pub message: String,
}

/// Whether the target is still in the source language: identical to the source, or detected
/// as the source language with confidence. `src_words` and `tgt_words` are the words of the
/// source (a lazy iterator: most links need only its first word) and of the target, `tgt`
/// (with their offsets, which this does not need).
fn untranslated<'w>(
    src_words: impl Iterator<Item = &'w str>,
    tgt_words: &[(usize, &'w str)],
    tgt: &str,
    src_lang: &str,
    tgt_lang: &str,
) -> Option<String> {
    // The words with a letter, counted as far as the tests below look (five).
    let has_letter = |w: &str| {
        if w.is_ascii() {
            w.bytes().any(|b| b.is_ascii_alphabetic())
        } else {
            w.chars().any(char::is_alphabetic)
        }
    };
    let words = tgt_words.iter().filter(|(_, w)| has_letter(w)).take(5).count();
    if words >= 3 && same_words(src_words, tgt_words.iter().map(|w| w.1)) {
        return Some("the translation is identical to the source".into());
    }
    if src_lang == tgt_lang
        || words < 5
        || crate::lang::clearly_in(tgt_words.iter().map(|w| w.1), tgt_lang, src_lang)
    {
        return None;
    }
    crate::lang::reliably_in(tgt, src_lang, tgt_lang)
        .then(|| format!("the translation is in '{src_lang}', not '{tgt_lang}'"))
}

/// Whether two texts, given as their words, have the same words, case-insensitively (what a
/// reviewer calls an identical sentence: punctuation and spacing aside). Stops at the first
/// differing word.
fn same_words<'w>(mut x: impl Iterator<Item = &'w str>, mut y: impl Iterator<Item = &'w str>) -> bool {
    let same = |p: &str, q: &str| {
        p == q
            || if p.is_ascii() && q.is_ascii() {
                p.eq_ignore_ascii_case(q)
            } else {
                p.to_lowercase() == q.to_lowercase()
            }
    };
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if same(p, q) => {}
            _ => return false,
        }
    }
}

struct RepeatRules {
    allow: HashSet<String>,
    joins: Vec<Vec<String>>,
    /// Per join: its number of words and the [`ends_key`] of its first ([`WILD`] for none).
    join_keys: Vec<(usize, u32)>,
}

static REPEATS: LazyLock<HashMap<&'static str, RepeatRules>> = LazyLock::new(|| {
    [
        ("en", include_str!("data/repeats/en.txt")),
        ("de", include_str!("data/repeats/de.txt")),
        ("", include_str!("data/repeats/generic.txt")),
    ]
    .into_iter()
    .map(|(lang, data)| {
        let mut rules = RepeatRules { allow: HashSet::default(), joins: Vec::new(), join_keys: Vec::new() };
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            match line.split_once('\t') {
                Some(("allow", w)) => {
                    rules.allow.insert(w.trim().to_lowercase());
                }
                Some(("join", w)) => rules.joins.push(w.split_whitespace().map(str::to_lowercase).collect()),
                _ => {}
            }
        }
        rules.join_keys =
            rules.joins.iter().map(|j| (j.len(), j.first().map_or(WILD, |w| ends_key(w)))).collect();
        (lang, rules)
    })
    .collect()
});

/// Doubled words: "the the", and "X and X" (a gender pair translated twice). `words` are the
/// words of `text` ([`segment::words`]) with their byte offsets; `keys` is scratch, reused
/// from one call to the next. Words are compared in lowercase; a word is compared at all only
/// where the word after it, or the word one join further on, can be the same word by its first
/// and last bytes ([`ends_key`]): in most sentences, none is, and a word costs a number compared
/// with the next, not a lowercase copy.
fn repeated_words(
    text: &str,
    words: &[(usize, &str)],
    lang: &str,
    keys: &mut Vec<u32>,
) -> Vec<(String, String)> {
    let rules = REPEATS.get(lang).or_else(|| REPEATS.get("")).expect("generic rules are built in");
    let mut out = Vec::new();
    let (mut lower, mut other) = (String::new(), String::new());
    let is_word = |w: &str| w.chars().all(char::is_alphabetic);
    let span = |i: usize, last: usize| {
        let (s, _) = words[i];
        let (ls, lw) = words[last];
        &text[s..ls + lw.len()]
    };
    let gap_is_space = |a: usize, b: usize| {
        let (s, w) = words[a];
        text.get(s + w.len()..words[b].0).is_some_and(|g| g.chars().all(char::is_whitespace))
    };
    let at = |k: usize| words.get(k).map(|&(_, x)| x);
    keys.clear();
    keys.extend(words.iter().map(|&(_, w)| ends_key(w)));
    let keys = keys.as_slice();
    let may_match = |a: u32, b: u32| a == b || a == WILD || b == WILD;
    for (i, &(_, word)) in words.iter().enumerate() {
        // A doubled word is the same as the word after it, or as the word one join further on
        // where the words between are the join's: each in lowercase, so by its first and last
        // bytes.
        let key = keys[i];
        let maybe_at = |k: usize| keys.get(k).is_some_and(|&b| may_match(key, b));
        let next = keys.get(i + 1).copied();
        let maybe_joined = |&(len, first): &(usize, u32)| {
            (len == 0 || next.is_some_and(|m| may_match(m, first))) && maybe_at(i + 1 + len)
        };
        if !maybe_at(i + 1) && !rules.join_keys.iter().any(maybe_joined) {
            continue;
        }
        let same_at = |k: usize, other: &mut String| at(k).is_some_and(|x| same_lowercase(word, x, other));
        let doubled = same_at(i + 1, &mut other);
        if !doubled && !rules.joins.iter().any(|join| same_at(i + 1 + join.len(), &mut other)) {
            continue;
        }
        lower.clear();
        segment::push_lowercase(&mut lower, word);
        let w = lower.as_str();
        if !is_word(w) || rules.allow.contains(w) {
            continue;
        }
        if doubled && gap_is_space(i, i + 1) {
            out.push((span(i, i + 1).to_string(), format!("the word '{word}' is repeated")));
            continue;
        }
        for join in &rules.joins {
            let j = i + 1 + join.len();
            if w.chars().count() >= 3
                && words.get(i + 1..j).is_some_and(|mid| {
                    mid.iter().zip(join).all(|(&(_, m), part)| same_lowercase(m, part, &mut other))
                })
                && same_at(j, &mut other)
                && (i..j).all(|k| gap_is_space(k, k + 1))
            {
                out.push((span(i, j).to_string(), format!("'{word}' is doubled with '{}'", join.join(" "))));
            }
        }
    }
    out
}

/// The [`ends_key`] of a word that starts or ends with no ASCII byte (or is empty): it may be
/// the same in lowercase as any word.
const WILD: u32 = u32::MAX;

/// A word's first and last bytes in ASCII lowercase, packed into a number. Each character
/// lowercases on its own (but for a final sigma, which is no ASCII), an ASCII one to ASCII: two
/// words whose keys differ, neither [`WILD`], differ in lowercase. [`same_lowercase`] decides
/// for the others.
fn ends_key(w: &str) -> u32 {
    match (w.as_bytes().first(), w.as_bytes().last()) {
        (Some(&a), Some(&z)) if (a | z) < 0x80 => {
            u32::from(a.to_ascii_lowercase()) | u32::from(z.to_ascii_lowercase()) << 8
        }
        _ => WILD,
    }
}

/// Whether two words are the same in lowercase (`str::to_lowercase`); `buf` is reused.
fn same_lowercase(a: &str, b: &str, buf: &mut String) -> bool {
    // Each character lowercases on its own (but for a final sigma, which is no ASCII): where
    // both words start with ASCII letters that differ beyond case, their lowercase differs.
    if let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first()) {
        if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(&y) {
            return false;
        }
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    buf.clear();
    segment::push_lowercase(buf, a);
    let mid = buf.len();
    segment::push_lowercase(buf, b);
    buf[..mid] == buf[mid..]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of a text with their byte offsets, as a link has them.
    fn offsets(t: &str) -> Vec<(usize, &str)> {
        segment::words(t).map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w)).collect()
    }

    fn untranslated_texts(src: &str, tgt: &str, src_lang: &str, tgt_lang: &str) -> Option<String> {
        untranslated(offsets(src).into_iter().map(|w| w.1), &offsets(tgt), tgt, src_lang, tgt_lang)
    }

    /// A link's words from the analysis are the words of its joined text, offsets included, and
    /// the checks find the same with the analysis' words as without them.
    #[test]
    fn link_words_from_the_analysis_are_the_words_of_the_joined_text() {
        let g = Glossary::default_legal().unwrap();
        let src = "Das Gericht wies die Klage ab.\nDie Beklagte muss 4.000 Euro zahlen.\nשלום עולם.\n";
        let tgt = "The court dismissed the the lawsuit.\nThe defendant must pay 4,000 euros.\nשלום עולם.\n";
        let (s, t) = (
            crate::pipeline::analyze_sentences(src, crate::pipeline::line_sentences(src), "de", &g),
            crate::pipeline::analyze_sentences(tgt, crate::pipeline::line_sentences(tgt), "en", &g),
        );
        let (ss, ts) = (s.side(src), t.side(tgt));
        for idx in [&[0][..], &[0, 1], &[1, 2], &[2]] {
            for side in [ss, ts] {
                let joined = side.joined(idx);
                assert_eq!(side.link_words(idx, &joined), offsets(&joined), "{joined:?}");
            }
        }
        let links = crate::align::align(
            &[0, 1, 2].map(|_| crate::align::Unit { len: 30, ..Default::default() }),
            &[0, 1, 2].map(|_| crate::align::Unit { len: 30, ..Default::default() }),
        );
        let found = check_pair(&ss, &ts, &links, &g);
        assert!(found.iter().any(|f| f.check == "repeated_word"), "{found:?}");
        let (us, ut) = (Side { words: None, ..ss }, Side { words: None, ..ts });
        assert_eq!(found, check_pair(&us, &ut, &links, &g));
    }

    /// Inconsistencies come by language pair, then by concept, in byte order, whatever order
    /// the concepts were first counted in.
    #[test]
    fn term_usage_reports_concepts_in_order() {
        let g = Glossary::default_legal().unwrap();
        let mut usage = TermUsage::default();
        let concepts = ["zeta", "alpha", "mu", "Beta", "alpha-2", "ärger", "omega"];
        for (pair, (s, t)) in [("de", "fr"), ("de", "en")].into_iter().enumerate() {
            for (k, concept) in concepts.iter().enumerate() {
                for variant in ["one", "two"] {
                    let r = Rendering {
                        concept: concept.to_string(),
                        variant: format!("{variant}{k}{pair}"),
                        src_sentence: 0,
                        tgt_sentence: 0,
                    };
                    usage.add("a1", s, t, &r);
                }
            }
        }
        let found: Vec<(String, String)> = usage
            .inconsistencies(&g)
            .into_iter()
            .map(|i| (i.target_lang, i.message.split(' ').next().unwrap_or("").to_string()))
            .collect();
        let mut want: Vec<(String, String)> = Vec::new();
        for t in ["en", "fr"] {
            let mut sorted = concepts.to_vec();
            sorted.sort();
            want.extend(sorted.into_iter().map(|c| (t.to_string(), c.to_string())));
        }
        assert_eq!(found, want);
    }

    #[test]
    fn term_usage_reports_concepts_rendered_in_several_ways() {
        let g = Glossary::default_legal().unwrap();
        let rendering = |concept: &str, variant: &str| Rendering {
            concept: concept.into(),
            variant: variant.into(),
            src_sentence: 0,
            tgt_sentence: 0,
        };
        let mut usage = TermUsage::default();
        // In output order: 'lawsuit' in five articles (twice in a2), 'action' in one.
        for article in ["a1", "a2", "a2", "a3", "a4", "a5"] {
            usage.add(article, "de", "en", &rendering("lawsuit", "lawsuit"));
        }
        usage.add("a6", "de", "en", &rendering("lawsuit", "action"));
        // One variant only: consistent, no finding.
        usage.add("a1", "de", "en", &rendering("federal-court-of-justice", "Federal Court of Justice"));
        // The same concept in another language pair is counted apart.
        usage.add("a7", "de", "fr", &rendering("lawsuit", "action en justice"));
        let found = usage.inconsistencies(&g);
        assert_eq!(found.len(), 1, "{found:?}");
        let i = &found[0];
        assert_eq!((i.source_lang.as_str(), i.target_lang.as_str()), ("de", "en"));
        assert_eq!(i.expected, "lawsuit");
        assert_eq!(i.found, "lawsuit | action");
        assert_eq!(
            i.message,
            "lawsuit is rendered in 2 ways: 'lawsuit' 6× (a1, a2, a3, …), 'action' 1× (a6)"
        );
    }

    /// Doubled words found the plain way: every word lowercased and compared with the word
    /// after it and the word one join further on. What [`repeated_words`] must find.
    fn repeated_words_plain(text: &str, words: &[(usize, &str)], lang: &str) -> Vec<(String, String)> {
        let rules = REPEATS.get(lang).or_else(|| REPEATS.get("")).unwrap();
        let lower: Vec<String> = words
            .iter()
            .map(|&(_, w)| {
                let mut l = String::new();
                segment::push_lowercase(&mut l, w);
                l
            })
            .collect();
        let gap_is_space = |a: usize, b: usize| {
            let (s, w) = words[a];
            text.get(s + w.len()..words[b].0).is_some_and(|g| g.chars().all(char::is_whitespace))
        };
        let span = |i: usize, last: usize| text[words[i].0..words[last].0 + words[last].1.len()].to_string();
        let mut out = Vec::new();
        for (i, w) in lower.iter().enumerate() {
            if !w.chars().all(char::is_alphabetic) || rules.allow.contains(w) {
                continue;
            }
            if lower.get(i + 1) == Some(w) && gap_is_space(i, i + 1) {
                out.push((span(i, i + 1), format!("the word '{}' is repeated", words[i].1)));
                continue;
            }
            for join in &rules.joins {
                let j = i + 1 + join.len();
                if w.chars().count() >= 3
                    && lower.get(i + 1..j).is_some_and(|mid| mid == join.as_slice())
                    && lower.get(j) == Some(w)
                    && (i..j).all(|k| gap_is_space(k, k + 1))
                {
                    out.push((span(i, j), format!("'{}' is doubled with '{}'", words[i].1, join.join(" "))));
                }
            }
        }
        out
    }

    /// The first-byte filter of [`repeated_words`] leaves out no doubled word: it finds what the
    /// plain comparison of every word finds, on every sentence of the bundled corpus as it is,
    /// with a word doubled, doubled in upper case, and joined to itself by every join.
    #[test]
    fn repeated_words_finds_what_the_plain_comparison_finds() {
        let mut texts: Vec<(String, &str)> = Vec::new();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let lang = if name.ends_with(".en.txt") {
                "en"
            } else if name.ends_with(".de.txt") {
                "de"
            } else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap();
            for s in segment::split(&text, lang) {
                let sentence = s.text(&text);
                texts.push((sentence.to_string(), lang));
                let words: Vec<&str> = segment::words(sentence).collect();
                for (k, w) in words.iter().enumerate().step_by(3) {
                    let (before, after) = (words[..=k].join(" "), words[k + 1..].join(" "));
                    let variants = [
                        format!("{before} {w} {after}"),
                        format!("{before} {} {after}", w.to_uppercase()),
                        format!("{before} and {} {after}", w.to_lowercase()),
                        format!("{before} OR {w} {after}"),
                        format!("{before} as well as {w}, {after}"),
                        format!("{before} as well {w} {after}"),
                        format!("{before} {} {after}", w.replacen('k', "\u{212A}", 1)),
                    ];
                    texts.extend(variants.into_iter().map(|v| (v, lang)));
                }
            }
        }
        let mut found = 0;
        for (text, lang) in &texts {
            for l in [*lang, "xx"] {
                let words = offsets(text);
                let got = repeated_words(text, &words, l, &mut Vec::new());
                assert_eq!(got, repeated_words_plain(text, &words, l), "{text:?}");
                found += got.len();
            }
        }
        assert!(texts.len() > 5000 && found > 1000, "{} texts, {found} found", texts.len());
    }

    #[test]
    fn repeated_words_in_translations() {
        let r = |t: &str| {
            repeated_words(t, &offsets(t), "en", &mut Vec::new()).into_iter().map(|x| x.0).collect::<Vec<_>>()
        };
        assert_eq!(r("SkyHanse rejects the the accusations."), ["the the"]);
        assert_eq!(r("Journalists and journalists were targeted."), ["Journalists and journalists"]);
        assert_eq!(r("users and users had to open two submenus"), ["users and users"]);
        assert_eq!(r("He had had enough; that that is true."), Vec::<String>::new());
        assert_eq!(r("more and more users, again and again"), Vec::<String>::new());
        assert_eq!(r("Between 5 and 5 million."), Vec::<String>::new());
        assert_eq!(r("punitive damages, and damages for pain"), Vec::<String>::new());
        // In any case, long or short, in and out of ASCII (the Kelvin sign lowercases to k).
        assert_eq!(r("The THE court"), ["The THE"]);
        assert_eq!(r("Plaintiffs and PLAINTIFFS sued"), ["Plaintiffs and PLAINTIFFS"]);
        assert_eq!(r("the Über über case"), ["Über über"]);
        assert_eq!(r("\u{212A}elvin and kelvin"), ["\u{212A}elvin and kelvin"]);
        assert_eq!(r("Straße STRASSE, plaintiff plaintiffs, Plaintiffs plaintiff"), Vec::<String>::new());
        assert_eq!(r("abcdefgh abcdefgi abcdefghi abcdefgh"), Vec::<String>::new());
    }

    #[test]
    fn untranslated_targets() {
        assert!(untranslated_texts(
            "Kaiyun habe die Verhandlungen über mehr als drei Jahre verschleppt.",
            "Kaiyun habe die Verhandlungen über mehr als drei Jahre verschleppt.",
            "de",
            "en"
        )
        .is_some());
        assert!(untranslated_texts(
            "Das Gericht sah darin keinen ernsthaften Versuch einer Einigung.",
            "Das Gericht sah darin keinen ernsthaften Versuch, sich mit dem Patentinhaber zu einigen.",
            "de",
            "en"
        )
        .is_some());
        assert!(untranslated_texts(
            "Das Gericht sah darin keinen ernsthaften Versuch einer Einigung.",
            "The court did not see this as a serious attempt to reach an agreement.",
            "de",
            "en"
        )
        .is_none());
        assert!(untranslated_texts("Meta Platforms Inc.", "Meta Platforms Inc.", "de", "en").is_some());
        assert!(untranslated_texts("BGH", "BGH", "de", "en").is_none());
    }
}
