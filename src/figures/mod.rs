//! Key figures: extraction, normalization, rendering and cross-language matching.
//!
//! A figure is an amount of money, a percentage (or percentage/basis points), a count of things
//! (`1.400 Menschen`, its noun mapped to a language-neutral key such as `people`), a plain
//! number, a year (with `Anfang`/`Mitte`/`Ende`, `early`/`mid`/`late`), a date (ISO 8601) or a
//! duration (`fünf Monate`, `72-hour`) stated in a sentence. Extraction is driven by
//! per-language tables in `data/<lang>/` (number words and how they compose, scale words with the
//! German/English false friends Milliarde = billion and Billion = trillion, currency names and
//! symbols, percent units, counted nouns, time units, parts of a year, qualifiers, range words,
//! month names, number conventions). Values are exact decimals, never floats.
//!
//! Number conventions are decided by the language of the text: in German `1.400` is one thousand
//! four hundred and `3,5` three and a half; in English the other way round. A German `3.5` (no
//! group of three digits after the point) is read as a decimal. Groups may also be separated by
//! spaces, no-break and thin spaces (`750 000`). A sign (`-5`, `−5`) or `minus` makes a value
//! negative where it does not continue a word or a number (`COVID-19`, `5-10`).
//!
//! Number words: the listed ones (`zwölf`, `twelve`, `anderthalb`, `a dozen`), and those composed
//! by the language's rules (`einundzwanzig`, `zweihundertfünfzig`, `twenty-one`, `two hundred and
//! fifty thousand`). `ein`/`eine`/`a`/`one`/`half` are figures only before a scale word (`eine
//! halbe Million`, `a million`), never on their own (`eine Klage`, `one of the judges`).
//!
//! Not figures (the rules, in order): numbers right after a reference word (`§ 823`, `§§ 280,
//! 823`, `Art. 83`, `Az. 3 O 123/24`, `No. 4:19-cv-07123`, `EP 3 512 884`, `Version 2.3`,
//! `Telefon 030 …` — the whole reference is skipped, see `not_after` in `settings.txt`); numbers
//! glued to letters or slashes (`COVID-19`, `5G`, `2nd`, `123/24`, `2019/790`); German dotted
//! ordinals inside a sentence (`der 2. Senat`, which is also how day numbers of dates are read
//! when no month follows); and dotted version strings (`2.3.1`).
//!
//! A range (`zwischen 5 und 10`, `5 bis 10`, `5–10`, `between $5m and $10m`) must ascend; `von 5
//! auf 10` / `from 5 to 10` are two figures, and so is a ratio (`9 zu 1`). A conversion in
//! brackets (`168 Millionen US-Dollar (rund 148 Millionen Euro)`) is two figures.
//!
//! Languages without tables of their own are read with the German number conventions (those of
//! most of continental Europe) and no words. Extraction never panics and returns spans in order.
//!
//! Speed: a sentence without an ASCII digit and without a number or scale word costs one pass
//! of a small lazy DFA (`word_gate`) and no other regex; a sentence with a digit is searched
//! with the whole pattern at once, without asking the gate whether it has number words (on news
//! text the lazy DFA searches the whole pattern about as fast as the one without words, and the
//! gate's pass cost more than the choice saved; on long runs of hyphen-joined tokens with digits
//! it is about 30 % slower). Word alternations are factored into tries with ASCII word
//! boundaries, so the lazy DFA keeps working over German umlauts. Groups are taken only over a
//! match the DFA found, and part by part (`Extractor::staged`): the head (the first amount and
//! what stands before it) and a range's second amount are each matched alone, anchored, by the
//! bounded backtracker with the smallest pattern that can match there (only a numeral and its
//! scale where the match starts with a digit, no number words where the part has none), and
//! what the parts leave of the match is its unit; the backtracker's work grows with the pattern
//! times the span. The groups a match's text got are remembered per thread (they depend only on
//! that text, up to which digits it has, and the byte before it), so a match text seen before,
//! or one that differs only in its digits, runs no backtracker. A match
//! of digits alone, or of ASCII letters alone (a number word), gets its groups without any
//! search (digits with points, commas or spaces are the numeral alone), and a date form is
//! searched only in a text that has what it needs (a month name, or the digits and points or
//! hyphens of its shape). The patterns are built from their large parts (number words,
//! currencies and units, qualifiers) parsed once.

mod data;
mod matching;
mod render;

pub use matching::{anchor_key, match_figures, same_figure, FigureMatch};
pub use render::render;
pub use render::{push_value, push_value_bytes, render_into};

use std::cell::RefCell;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexBuilder};
use regex_automata::meta;
use regex_automata::nfa::thompson;
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Capture, Hir, HirKind, Literal, Repetition};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Serialize;

use data::Tables;

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Money,
    Percent,
    /// A number of things: `unit` is the language-neutral key of the counted noun (`people`).
    Count,
    Number,
    Year,
    Date,
    /// A span of time: `unit` is `year`, `month`, `week`, `day`, `hour`, `minute`…
    Duration,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Count => "count",
            Kind::Duration => "duration",
            Kind::Number => "number",
            Kind::Year => "year",
            Kind::Date => "date",
        }
    }
}

/// How a figure is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    Approx,
    Almost,
    MoreThan,
    LessThan,
    AtLeast,
    AtMost,
    UpTo,
    Range,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::Almost => "almost",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::UpTo => "up_to",
            Qualifier::Range => "range",
        }
    }

    /// Every qualifier.
    pub const ALL: [Qualifier; 9] = [
        Qualifier::Exact,
        Qualifier::Approx,
        Qualifier::Almost,
        Qualifier::MoreThan,
        Qualifier::LessThan,
        Qualifier::AtLeast,
        Qualifier::AtMost,
        Qualifier::UpTo,
        Qualifier::Range,
    ];

    pub fn from_code(code: &str) -> Option<Qualifier> {
        Qualifier::ALL.into_iter().find(|q| q.as_str() == code)
    }
}

/// A normalized value: an exact decimal, or an ISO 8601 date (`2024-12-24`, `2024-12`,
/// `--12-24` when the year is not given).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    Number(Decimal),
    Date(String),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Number(d) => write!(f, "{}", d.normalize()),
            Value::Date(s) => f.write_str(s),
        }
    }
}

/// A key figure found in a text: `start..end` are byte offsets into that text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub value: Value,
    /// The upper end of a range.
    pub value_max: Option<Value>,
    /// ISO 4217 code for money; `%`, `pp` (percentage points) or `bp` (basis points) for
    /// percentages; the counted noun's key for counts (`people`, `users`); the time unit for
    /// durations (`month`); `early`, `mid` or `late` for a part of a year (`Anfang 2019`).
    pub unit: Option<String>,
    pub qualifier: Qualifier,
    /// Written in words (`drei`, `two`), which translators often render as digits or drop.
    pub from_words: bool,
}

/// Figure extraction rules for one language, compiled once.
pub struct Extractor {
    t: &'static Tables,
    /// Tells this extractor's entries apart in the [`STAGED`] cache of each thread.
    id: usize,
    /// The main pattern: `head (range)? (unit)?` (see `staged`), searched for matches; its
    /// groups are read only where the stages decline, and in the tests.
    main: meta::Regex,
    /// `main` without number words: what the stages without number words must agree with (the
    /// tests compare them).
    #[cfg(test)]
    main_digits: meta::Regex,
    /// A numeral alone, to take a bare number's groups cheaply.
    numeral: meta::Regex,
    /// The group indices of `main` (and of `main_digits`, built from the same pattern) and of
    /// `numeral`, resolved once: a lookup by name hashes the name at every match.
    main_groups: Groups,
    numeral_groups: Groups,
    /// The main pattern in parts, to take a match's groups part by part: the parts without
    /// number words, by [`Stage::id`]; and the head and range with them (`HEAD`, `RANGE`), built
    /// when a text first needs them, from the skeletons `word_patterns`.
    stages: [Stage; 3],
    word_stages: OnceLock<[Stage; 2]>,
    word_patterns: [String; 2],
    /// The parts of the patterns, for the stages built when first needed.
    pieces: Parts,
    /// What a number word or a word before a scale word matched by the main pattern contains,
    /// ASCII case-insensitively: the triggers without the scale words, and the last words of
    /// the words before a scale word; `bounded_word[i]`: pattern `i` counts only as a whole
    /// word (it is only the last word of a word before a scale word).
    word_parts: AhoCorasick,
    bounded_word: Vec<bool>,
    /// No qualifier, range opener, sign or currency before a number starts with a digit: a
    /// match that starts with one starts with its number (`HEAD_NUMERAL` applies).
    numeral_head: bool,
    /// No currency or unit starts with white space: what follows a match's amounts is its
    /// unit, after at most one white-space character.
    unit_after_space: bool,
    /// The first characters of the range words, ASCII-lowercased; `None` when one starts with a
    /// letter outside ASCII (whose case variants a range search must be left to find) or with
    /// white space.
    range_starts: Option<Vec<char>>,
    /// The slots of the numeral's group `n1`.
    numeral_digits_slots: (usize, usize),
    /// Number words and scale words, as the former gate searched them (ASCII case-insensitively):
    /// kept for the test that [`word_gate`] opens wherever they are found.
    #[cfg(test)]
    triggers: AhoCorasick,
    /// Whether a text may have a number word: where [`Extractor::has_number_word`] finds one,
    /// and maybe elsewhere (see [`word_gate`]).
    word_gate: meta::Regex,
    /// The pieces composed number words are made of, longest first.
    morphemes: Vec<(String, Morpheme)>,
    /// The most words a counted noun of the tables has (`Kundinnen und Kunden`: 3).
    noun_words: usize,
    /// The first words of the counted nouns of more than one word (`kundinnen`): a phrase whose
    /// first word is none of them is looked up only as a single word.
    noun_firsts: rustc_hash::FxHashSet<String>,
    dates: Vec<(DateForm, Regex)>,
    /// The month names (up to a space in one), to pass over the date forms that need one in a
    /// text that has none.
    month_names: Literals,
    /// No phrase of the tables is made of digits, points, commas and white space alone: a match
    /// made of those characters is a numeral and nothing else (see `extract_checked`).
    bare_is_numeral: bool,
    /// No phrase the main pattern reads (qualifiers, range words, signs, currencies, units,
    /// scale and number words) has an ASCII digit: the pattern then treats every digit alike
    /// (only `[0-9]` classes and word boundaries read them), so a match's staged groups are
    /// those of its text with every digit made `0`, which is how [`STAGED`] keys them.
    digit_blind: bool,
    /// The reference words (`not_after`) by their length in bytes: a word before a number is
    /// compared only with those of its length (ASCII case folding keeps the length).
    not_after_by_len: Vec<Vec<String>>,
}

/// Literal words, case-sensitive, looked for anywhere in a text by one pass over its bytes: at
/// each byte only the words that start with it are compared. For a few dozen short words (the
/// month names) this costs a few instructions per byte, a quarter of what an Aho-Corasick search
/// took on sentences.
struct Literals {
    /// The words by their first byte; `first[b]`: some word starts with byte `b`.
    by_first: Vec<Vec<Box<[u8]>>>,
    first: [bool; 256],
    /// Bit `256 * a + b`: some word starts with the bytes `a`, `b`, or is the byte `a` alone.
    /// Capitals start most month names and every German noun: the second byte passes over
    /// most of them (`Markt`, `Auch`) before any word is compared.
    pairs: Box<[u64; 1024]>,
}

impl Literals {
    /// The non-empty words of `words`.
    fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Literals {
        let mut by_first: Vec<Vec<Box<[u8]>>> = vec![Vec::new(); 256];
        let mut first = [false; 256];
        let mut pairs = Box::new([0u64; 1024]);
        for w in words {
            let bytes = w.as_bytes();
            if let Some(&b) = bytes.first() {
                first[usize::from(b)] = true;
                by_first[usize::from(b)].push(bytes.into());
                let seconds = match bytes.get(1) {
                    Some(&n) => usize::from(n)..usize::from(n) + 1,
                    None => 0..256,
                };
                for n in seconds {
                    let bit = 256 * usize::from(b) + n;
                    pairs[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        Literals { by_first, first, pairs }
    }

    /// Whether one of the words occurs in `text`.
    fn is_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        bytes.iter().enumerate().any(|(i, &b)| {
            if !self.first[usize::from(b)] {
                return false;
            }
            // A word of one byte has every second byte's bit set, the end of the text included
            // (which stands in as byte 0 here).
            let bit = 256 * usize::from(b) + bytes.get(i + 1).map_or(0, |&n| usize::from(n));
            self.pairs[bit / 64] & (1 << (bit % 64)) != 0
                && self.by_first[usize::from(b)].iter().any(|w| bytes[i..].starts_with(w))
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Morpheme {
    Value(Decimal),
    Hundred,
    Thousand,
    Joiner,
}

#[derive(Debug, Clone, Copy)]
enum DateForm {
    /// Day, month name, optional year.
    DayMonth,
    /// Numeric day.month.year.
    Numeric,
    /// Month name and year.
    MonthYear,
    Iso,
}

/// The capture groups [`Extractor::figure`] reads, by index; `None` where the regex has no
/// such group.
#[derive(Debug, Clone, Copy, Default)]
struct Groups {
    q: Option<usize>,
    btw: Option<usize>,
    neg: Option<usize>,
    c1: Option<usize>,
    c2: Option<usize>,
    conn: Option<usize>,
    u: Option<usize>,
    n: [Option<usize>; 2],
    nw: [Option<usize>; 2],
    s: [Option<usize>; 2],
    sx: [Option<usize>; 2],
    sw: [Option<usize>; 2],
}

impl Groups {
    fn of(info: &GroupInfo) -> Groups {
        let at = |name: &str| info.to_index(regex_automata::PatternID::ZERO, name);
        Groups {
            q: at("q"),
            btw: at("btw"),
            neg: at("neg"),
            c1: at("c1"),
            c2: at("c2"),
            conn: at("conn"),
            u: at("u"),
            n: [at("n1"), at("n2")],
            nw: [at("n1w"), at("n2w")],
            s: [at("s1"), at("s2")],
            sx: [at("s1x"), at("s2x")],
            sw: [at("s1w"), at("s2w")],
        }
    }
}

/// What the groups of [`Groups`] matched in a text: what [`Extractor::figure`] reads.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Found<'h> {
    q: Option<Span<'h>>,
    btw: Option<Span<'h>>,
    neg: Option<Span<'h>>,
    c1: Option<Span<'h>>,
    c2: Option<Span<'h>>,
    conn: Option<Span<'h>>,
    u: Option<Span<'h>>,
    n: [Option<Span<'h>>; 2],
    nw: [Option<Span<'h>>; 2],
    s: [Option<Span<'h>>; 2],
    sx: [Option<Span<'h>>; 2],
    sw: [Option<Span<'h>>; 2],
}

impl<'h> Found<'h> {
    /// Takes the groups `g` names from `slots` (two per group, of one pattern), keeping what is
    /// already set where a group did not take part.
    fn fill(&mut self, text: &'h str, slots: &[Option<NonMaxUsize>], g: &Groups) {
        let get = |i: Option<usize>| {
            let i = i?;
            let (start, end) = (slots.get(2 * i).copied()??, slots.get(2 * i + 1).copied()??);
            Some(Span { text, start: start.get(), end: end.get() })
        };
        let set = |field: &mut Option<Span<'h>>, i: Option<usize>| {
            if let Some(m) = get(i) {
                *field = Some(m);
            }
        };
        set(&mut self.q, g.q);
        set(&mut self.btw, g.btw);
        set(&mut self.neg, g.neg);
        set(&mut self.c1, g.c1);
        set(&mut self.c2, g.c2);
        set(&mut self.conn, g.conn);
        set(&mut self.u, g.u);
        for k in 0..2 {
            set(&mut self.n[k], g.n[k]);
            set(&mut self.nw[k], g.nw[k]);
            set(&mut self.s[k], g.s[k]);
            set(&mut self.sx[k], g.sx[k]);
            set(&mut self.sw[k], g.sw[k]);
        }
    }

    /// Every group's span, in a fixed order (that of [`Found::from_fields`]).
    fn fields(&self) -> [Option<Span<'h>>; FIELDS] {
        let [n0, n1] = self.n;
        let [nw0, nw1] = self.nw;
        let [s0, s1] = self.s;
        let [sx0, sx1] = self.sx;
        let [sw0, sw1] = self.sw;
        [
            self.q, self.btw, self.neg, self.c1, self.c2, self.conn, self.u, n0, n1, nw0, nw1, s0, s1, sx0,
            sx1, sw0, sw1,
        ]
    }

    fn from_fields(f: [Option<Span<'h>>; FIELDS]) -> Found<'h> {
        let [q, btw, neg, c1, c2, conn, u, n0, n1, nw0, nw1, s0, s1, sx0, sx1, sw0, sw1] = f;
        Found {
            q,
            btw,
            neg,
            c1,
            c2,
            conn,
            u,
            n: [n0, n1],
            nw: [nw0, nw1],
            s: [s0, s1],
            sx: [sx0, sx1],
            sw: [sw0, sw1],
        }
    }

    /// The groups relative to `base`, packed; `None` where an offset does not fit.
    fn pack(&self, base: usize) -> Option<Packed> {
        let mut packed = [[ABSENT; 2]; FIELDS];
        for (slot, m) in packed.iter_mut().zip(self.fields()) {
            if let Some(m) = m {
                let at = |i: usize| u16::try_from(i.checked_sub(base)?).ok().filter(|&o| o != ABSENT);
                *slot = [at(m.start)?, at(m.end)?];
            }
        }
        Some(packed)
    }

    /// The groups of `packed` moved to `base` in `text`.
    fn unpack(packed: &Packed, text: &'h str, base: usize) -> Found<'h> {
        Found::from_fields(packed.map(|[start, end]| {
            (start != ABSENT).then(|| Span {
                text,
                start: base + usize::from(start),
                end: base + usize::from(end),
            })
        }))
    }

    /// The groups of a match of a whole pattern.
    fn of(text: &'h str, caps: &Captures, g: &Groups) -> Found<'h> {
        let mut found = Found::default();
        if caps.is_match() {
            found.fill(text, caps.slots(), g);
        }
        found
    }
}

/// The part of `text` a capture group matched.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Span<'h> {
    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }

    fn as_str(&self) -> &'h str {
        &self.text[self.start..self.end]
    }
}

/// A leading part of the main pattern (the amount with what stands before it, or a range's
/// second amount), whose groups are taken on their own by the bounded backtracker, anchored
/// where the part starts: see [`Extractor::staged`].
struct Stage {
    bt: BoundedBacktracker,
    groups: Groups,
    /// Where this stage keeps its backtracker cache in a [`Scratch`].
    id: usize,
}

/// The stages of [`Extractor::staged`], by [`Stage::id`]: without number words, then with them.
const HEAD_NO_WORDS: usize = 0;
const HEAD_NUMERAL: usize = 1;
const RANGE_NO_WORDS: usize = 2;
const HEAD: usize = 3;
const RANGE: usize = 4;
const STAGES: usize = 5;

impl Stage {
    fn new(pattern: &Hir, id: usize) -> Stage {
        // The NFA settings of `build_meta`, so that the part matches as it does in the main
        // pattern.
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().utf8(true).nfa_size_limit(Some(1 << 26)).shrink(false))
            .build_from_hir(pattern)
            .unwrap_or_else(|e| panic!("figure pattern does not compile: {e}"));
        let bt = BoundedBacktracker::builder()
            .build_from_nfa(nfa)
            .unwrap_or_else(|e| panic!("figure pattern does not compile: {e}"));
        let groups = Groups::of(bt.get_nfa().group_info());
        Stage { bt, groups, id }
    }

    /// Where this stage's pattern matches from `at` (anchored) in `haystack`, its groups left in
    /// the scratch slots; `Err` when the span is too long for the backtracker.
    fn run(&self, scratch: &mut Scratch, haystack: &str, at: usize) -> Result<Option<usize>, ()> {
        let input = Input::new(haystack).span(at..haystack.len()).anchored(Anchored::Yes);
        let Scratch { caches, slots } = scratch;
        let cache = caches[self.id].get_or_insert_with(|| self.bt.create_cache());
        slots.clear();
        slots.resize(self.bt.get_nfa().group_info().slot_len(), None);
        match self.bt.try_search_slots(cache, &input, slots) {
            Ok(Some(_)) => Ok(slots.get(1).copied().flatten().map(NonMaxUsize::get)),
            Ok(None) => Ok(None),
            Err(_) => Err(()),
        }
    }
}

/// The number the next [`Extractor`] gets as its `id`.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// How many match texts [`STAGED`] keeps for one extractor and key before it starts over.
const STAGED_CACHE: usize = 1 << 12;

/// A match's staged groups relative to its start (the spans' texts empty), by extractor id,
/// `words`, whether a word character stands before it, and the match's text: see
/// [`Extractor::staged_cached`]. Per thread, so that threads never wait for each other.
type StagedCache = FxHashMap<(usize, bool, bool), FxHashMap<Box<str>, Option<Packed>>>;

/// The groups of [`Found`] relative to the start of their match, each as its start and end
/// ([`ABSENT`] where the group did not take part): 68 bytes where a `Found` takes over 600.
type Packed = [[u16; 2]; FIELDS];
const FIELDS: usize = 17;
const ABSENT: u16 = u16::MAX;

thread_local! {
    static STAGED: RefCell<StagedCache> = RefCell::new(FxHashMap::default());
}

/// The backtracker caches and group slots of the stages, made once per text.
#[derive(Default)]
struct Scratch {
    caches: [Option<backtrack::Cache>; STAGES],
    slots: Vec<Option<NonMaxUsize>>,
}

// The tables stand apart from the extractors: rendering reads them (the English scale words
// and currencies) without compiling the English patterns, which a run that extracts no English
// figures never needs.
static DE_TABLES: LazyLock<Tables> = LazyLock::new(|| Tables::parse(&data::DE));
static EN_TABLES: LazyLock<Tables> = LazyLock::new(|| Tables::parse(&data::EN));
static GENERIC_TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut t = Tables::parse(&data::EN);
    // Continental number conventions, no words, months or qualifiers of any language.
    t.decimal = DE_TABLES.decimal;
    t.group = DE_TABLES.group;
    t.number_words.clear();
    t.qualifiers.clear();
    t.months.clear();
    t.between.clear();
    t.connectors = vec!["-".into(), "–".into()];
    t.not_after = vec!["§".into(), "§§".into(), "Art.".into(), "Nr.".into(), "No.".into(), "n.".into()];
    t.date_forms = vec!["d.m.y".into(), "iso".into()];
    t
});
static DE: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(&DE_TABLES));
static EN: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(&EN_TABLES));
static GENERIC: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(&GENERIC_TABLES));

/// What [`tail_words`] finds: the separator, the words' spans and how many there are.
type TailWords = (char, [(usize, usize); 5], usize);

/// The words right after a number ending at `end` that a unit or counted noun may be made of:
/// up to five (start, end) in `text` (in an array: no allocation per figure), a word being
/// letters with inner hyphens, the first after one space or hyphen (a hyphen then a space is
/// none), the others after white space; with the separator. `None` where no separator follows
/// the number.
fn tail_words(text: &str, end: usize) -> Option<TailWords> {
    let sep = text[end..].chars().next()?;
    if !(sep.is_whitespace() || sep == '-') {
        return None;
    }
    let mut found = [(0, 0); 5];
    let mut count = 0;
    let mut pos = end + sep.len_utf8();
    while count < found.len() {
        let skip = text[pos..].len() - text[pos..].trim_start().len();
        if count > 0 {
            if skip == 0 {
                break;
            }
            pos += skip;
        } else if skip > 0 && sep == '-' {
            return None;
        }
        let word_len: usize = text[pos..]
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_alphabetic()
                    || c == '-' && i > 0 && text[pos + i + 1..].starts_with(char::is_alphabetic))
            })
            .map_or(text.len() - pos, |(i, _)| i);
        if word_len == 0 {
            break;
        }
        found[count] = (pos, pos + word_len);
        count += 1;
        pos += word_len;
    }
    Some((sep, found, count))
}

/// The extractor for an ISO 639-1 language code.
pub fn extractor(lang: &str) -> &'static Extractor {
    match lang {
        "de" => &DE,
        "en" => &EN,
        _ => &GENERIC,
    }
}

/// Extracts the figures of one sentence (or any short text) in `lang`.
pub fn extract(text: &str, lang: &str) -> Vec<Figure> {
    extractor(lang).extract(text)
}

/// A regex alternation of literal phrases, longest first, with word boundaries where the phrase
/// starts or ends with a letter or digit. The phrases are factored by their first characters
/// (`m(?:io\.|illionen|…)`), which keeps leftmost-first priority (longest first among phrases
/// sharing a prefix) and saves the capture engine from trying hundreds of branches at each
/// position.
fn alternation<'a>(items: impl IntoIterator<Item = &'a str>, lead_boundary: bool) -> String {
    let Some(chars) = phrase_chars(items) else { return NOTHING.to_string() };
    let all: Vec<&[char]> = chars.iter().map(Vec::as_slice).collect();
    // ASCII word boundaries keep the regex on its fast DFA over German text (a Unicode `\b`
    // makes it fall back to a slow engine at the first umlaut); a phrase that starts with a
    // non-ASCII letter (`über`) gets its boundary checked after the match.
    let mut out = String::from("(?:");
    let (bounded, free): (Vec<&[char]>, Vec<&[char]>) =
        all.iter().partition(|c| lead_boundary && c[0].is_ascii_alphanumeric());
    let mut groups = Vec::new();
    if !bounded.is_empty() {
        groups.push(format!(r"(?-u:\b){}", trie(&bounded, 0, 8)));
    }
    if !free.is_empty() {
        groups.push(trie(&free, 0, 8));
    }
    out.push_str(&groups.join("|"));
    out.push(')');
    out
}

/// The phrases (each a suffix starting at `at`), factored by their next character down to
/// `depth` levels; every phrase keeps its trailing word boundary.
fn trie(items: &[&[char]], at: usize, depth: usize) -> String {
    trie_with(items, at, depth, true)
}

/// Like [`trie`]; `bounded` says whether phrases ending in a letter or digit get a boundary.
fn trie_with(items: &[&[char]], at: usize, depth: usize, bounded: bool) -> String {
    let lit = |c: char| if c == ' ' { r"\s+".to_string() } else { regex::escape(&c.to_string()) };
    let whole = |item: &[char]| {
        let mut p: String = item[at..].iter().map(|&c| lit(c)).collect();
        if bounded && item.last().is_some_and(|c| c.is_ascii_alphanumeric()) {
            p.push_str(r"(?-u:\b)");
        }
        p
    };
    if depth == 0 || items.len() <= 2 {
        return format!("(?:{})", items.iter().map(|i| whole(i)).collect::<Vec<_>>().join("|"));
    }
    let mut order: Vec<char> = Vec::new();
    let mut ended: Vec<&[char]> = Vec::new();
    for item in items {
        match item.get(at) {
            Some(c) if !order.contains(c) => order.push(*c),
            Some(_) => {}
            None => ended.push(item),
        }
    }
    let mut parts: Vec<String> = order
        .iter()
        .map(|&c| {
            let group: Vec<&[char]> = items.iter().copied().filter(|i| i.get(at) == Some(&c)).collect();
            format!("{}{}", lit(c), trie_with(&group, at + 1, depth - 1, bounded))
        })
        .collect();
    // A phrase that ends here is shorter than every other in this group: it comes last.
    parts.extend(ended.iter().map(|i| whole(i)));
    format!("(?:{})", parts.join("|"))
}

/// The regex that tells whether a text may have a number word, for [`Extractor::extract_checked`]
/// to pass over a sentence without a digit that has none: one pass of a lazy DFA, where the
/// search for the triggers (number words, scale words, `und` + tens) took one Aho-Corasick
/// search per trigger inside a word (`acht` in `Macht`). It matches wherever
/// [`Extractor::has_number_word`] finds a trigger, and may match where that does not (where it
/// says yes, the regex with number words finds what the one without finds, and more only
/// where there are number words): a trigger after anything but an ASCII letter or digit (not
/// only after a character that is not alphanumeric), Unicode case folding (not only ASCII),
/// and anywhere a trigger that may start with the joiner (when compounds are joined).
fn word_gate(t: &Tables, triggers: &[&str]) -> meta::Regex {
    let joiner = t.joiner.to_ascii_lowercase();
    let alternatives = |words: &mut dyn Iterator<Item = &&str>| {
        words.map(|w| regex::escape(w)).collect::<Vec<_>>().join("|")
    };
    let mut branches = Vec::new();
    if !triggers.is_empty() {
        branches.push(format!("(?:^|[^0-9A-Za-z])(?i:{})", alternatives(&mut triggers.iter())));
    }
    let mut anywhere = triggers.iter().filter(|w| {
        let w = w.to_ascii_lowercase();
        !t.words_apart && (w.starts_with(&joiner) || joiner.starts_with(&w))
    });
    let anywhere = alternatives(&mut anywhere);
    if !anywhere.is_empty() {
        branches.push(format!("(?i:{anywhere})"));
    }
    branches.push(NOTHING.to_string());
    meta_builder(false)
        .build(&branches.join("|"))
        .unwrap_or_else(|e| panic!("figure trigger words do not build: {e}"))
}

/// A pattern that matches nothing.
const NOTHING: &str = r"(?-i:[^\s\S])";

/// The non-empty phrases, longest first and without repeats, as characters; `None` when there
/// are none.
fn phrase_chars<'a>(items: impl IntoIterator<Item = &'a str>) -> Option<Vec<Vec<char>>> {
    let mut items: Vec<&str> = items.into_iter().filter(|s| !s.is_empty()).collect();
    items.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    items.dedup();
    (!items.is_empty()).then(|| items.iter().map(|s| s.chars().collect()).collect())
}

/// An alternation of phrases without word boundaries, to build larger words from.
fn parts<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let Some(chars) = phrase_chars(items) else { return NOTHING.to_string() };
    let all: Vec<&[char]> = chars.iter().map(Vec::as_slice).collect();
    trie_with(&all, 0, 8, false)
}

/// Number words above the listed ones, composed by the rules of the language: `zweihundert-
/// fünfzig`, `dreitausendvierhundert`, `two hundred and fifty`, `twenty-one thousand`. The value
/// is computed by [`Extractor::composite`].
fn composite_pattern(t: &Tables) -> Option<String> {
    if t.hundred.is_empty() || t.thousand.is_empty() {
        return None;
    }
    let below = |max: i64, scale_ok: bool| {
        parts(
            t.number_words
                .iter()
                .filter(|(k, (v, scale_only))| {
                    !k.contains([' ', '-'])
                        && v.fract().is_zero()
                        && *v >= Decimal::ONE
                        && *v < Decimal::from(max)
                        && (scale_ok || !scale_only)
                })
                .map(|(k, _)| k.as_str()),
        )
    };
    let (units, small) = (below(10, true), below(100, false));
    let (sep, joiner) = if t.words_apart {
        (r"[\s-]+".to_string(), format!(r"(?:{}\s+)?", regex::escape(&t.joiner)))
    } else {
        (String::new(), format!("(?:{})?", regex::escape(&t.joiner)))
    };
    // Below 100: a listed word and, for the tens, a unit word: "twenty-one", "einundzwanzig".
    let s = if t.words_apart {
        format!(r"(?:{small}(?:[\s-]+{units})?)")
    } else {
        format!("(?:(?:{units}{}){small}|{small})", regex::escape(&t.joiner))
    };
    let (h, th) = (regex::escape(&t.hundred), regex::escape(&t.thousand));
    let hundreds = format!("(?:(?:{units}|{s}){sep})?{h}(?:{sep}{joiner}{s})?");
    let group = format!("(?:{hundreds}|{s})");
    Some(format!(r"(?-u:\b)(?:(?:{group}{sep})?{th}(?:{sep}{joiner}{group})?|{hundreds}|{s})(?-u:\b)"))
}

fn number_pattern(t: &Tables) -> String {
    if t.decimal == ',' {
        r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]{1,3}(?:[\x{a0}\x{202f}\x{2009} ][0-9]{3})+(?:,[0-9]+)?|[0-9]+,[0-9]+|[0-9]+\.[0-9]+|[0-9]+".into()
    } else {
        r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+\.[0-9]+|[0-9]+".into()
    }
}

fn build(pattern: &str, case_insensitive: bool) -> Regex {
    // An alternation at the top (with a branch that never matches) keeps the regex engine from
    // copying the whole pattern in search of an inner literal (its "reverse inner"
    // optimization): that copy cost more than half of building these patterns, and the search
    // it sets up is no faster on sentence-sized haystacks. What matches, and how, is unchanged.
    // Patterns are built from escaped data and fixed syntax; a failure is a programming error
    // caught by every test of this module.
    RegexBuilder::new(&format!("(?:{pattern}|{NOTHING})"))
        .case_insensitive(case_insensitive)
        .size_limit(1 << 26)
        .build()
        .unwrap_or_else(|e| panic!("figure pattern does not compile: {e}"))
}

/// Like [`build`], for the patterns searched match by match: the engine-level regex, so that one
/// set of capture slots can be reused for every match of a text. The main pattern's groups are
/// taken part by part ([`Extractor::staged`]); the whole pattern's only where the parts decline
/// and in the tests. Groups are taken by the bounded backtracker, as `regex` does: it clears a
/// bit set of NFA states times span length at each search, but the PikeVM took three times as
/// long on the figure patterns (measured on the generated corpus).
fn build_meta(pattern: &str, case_insensitive: bool) -> meta::Regex {
    meta_builder(case_insensitive)
        .build(&format!("(?:{pattern}|{NOTHING})"))
        .unwrap_or_else(|e| panic!("figure pattern does not compile: {e}"))
}

/// [`build_meta`] for a pattern already parsed (case-insensitively) by [`Parts::build`].
fn build_meta_hir(hir: &Hir) -> meta::Regex {
    meta_builder(true).build_from_hir(hir).unwrap_or_else(|e| panic!("figure pattern does not compile: {e}"))
}

fn meta_builder(case_insensitive: bool) -> meta::Builder {
    // The configuration `regex::RegexBuilder` uses (see `build`), so the same pattern matches
    // the same way.
    let mut builder = meta::Builder::new();
    builder
        .configure(
            meta::Config::new()
                .match_kind(regex_automata::MatchKind::LeftmostFirst)
                .utf8_empty(true)
                .nfa_size_limit(Some(1 << 26))
                .hybrid_cache_capacity(2 * (1 << 20)),
        )
        .syntax(syntax::Config::new().utf8(true).case_insensitive(case_insensitive));
    builder
}

/// The syntax of the main pattern and its parts: case-insensitive.
fn main_syntax() -> syntax::Config {
    syntax::Config::new().utf8(true).case_insensitive(true)
}

/// The large parts of the main pattern (number words, currencies, units, qualifiers…), each
/// parsed once and put into every pattern made of them: parsing a part (with its case folding)
/// costs more than compiling it, and the number words stand in up to five patterns.
#[derive(Default)]
struct Parts {
    /// Each part's pattern and its syntax tree; part `i` is written `\u{E000}` + `i` in a
    /// skeleton, a character the tables never have.
    parts: Vec<(String, Hir)>,
    /// The skeletons built, for the test that checks each is built from its parts.
    #[cfg(test)]
    built: std::sync::Mutex<Vec<String>>,
}

impl Parts {
    const FIRST: u32 = 0xE000;

    /// Adds a part; what stands for it in a skeleton.
    fn add(&mut self, pattern: String) -> String {
        let hir = syntax::parse_with(&pattern, &main_syntax())
            .unwrap_or_else(|e| panic!("figure pattern does not compile: {e}"));
        let mark =
            char::from_u32(Parts::FIRST + self.parts.len() as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
        self.parts.push((pattern, hir));
        mark.to_string()
    }

    /// The part a character stands for.
    fn part_of(&self, c: char) -> Option<usize> {
        (c as u32).checked_sub(Parts::FIRST).map(|i| i as usize).filter(|&i| i < self.parts.len())
    }

    /// The syntax tree of a skeleton with its parts put in: the tree of the written-out
    /// pattern, up to how it is grouped. A part is put in where its mark stands alone as a
    /// literal (which the skeletons are written for); if one is not, the written-out pattern
    /// is parsed.
    fn build(&self, skeleton: &str) -> Hir {
        #[cfg(test)]
        if let Ok(mut built) = self.built.lock() {
            built.push(skeleton.to_string());
        }
        if let Some(hir) = self.put_together(skeleton) {
            return hir;
        }
        let written: String = skeleton
            .chars()
            .map(|c| self.part_of(c).map_or_else(|| c.to_string(), |i| self.parts[i].0.clone()))
            .collect();
        syntax::parse_with(&written, &main_syntax())
            .unwrap_or_else(|e| panic!("figure pattern does not compile: {e}"))
    }

    /// The syntax tree of a skeleton with its parts put in, if every mark stands alone.
    fn put_together(&self, skeleton: &str) -> Option<Hir> {
        let marks = skeleton.chars().filter(|&c| self.part_of(c).is_some()).count();
        let tree = syntax::parse_with(skeleton, &main_syntax())
            .unwrap_or_else(|e| panic!("figure pattern does not compile: {e}"));
        let mut put = 0;
        let hir = self.put_in(&tree, &mut put);
        (put == marks).then_some(hir)
    }

    fn put_in(&self, hir: &Hir, put: &mut usize) -> Hir {
        match hir.kind() {
            HirKind::Literal(Literal(bytes)) => {
                let part = std::str::from_utf8(bytes).ok().and_then(|s| {
                    let mut chars = s.chars();
                    chars.next().filter(|_| chars.next().is_none()).and_then(|c| self.part_of(c))
                });
                match part {
                    Some(i) => {
                        *put += 1;
                        self.parts[i].1.clone()
                    }
                    None => hir.clone(),
                }
            }
            HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| self.put_in(h, put)).collect()),
            HirKind::Alternation(subs) => {
                Hir::alternation(subs.iter().map(|h| self.put_in(h, put)).collect())
            }
            HirKind::Repetition(r) => Hir::repetition(Repetition {
                min: r.min,
                max: r.max,
                greedy: r.greedy,
                sub: Box::new(self.put_in(&r.sub, put)),
            }),
            HirKind::Capture(c) => Hir::capture(Capture {
                index: c.index,
                name: c.name.clone(),
                sub: Box::new(self.put_in(&c.sub, put)),
            }),
            HirKind::Empty | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
        }
    }
}

impl Extractor {
    fn new(t: &'static Tables) -> Extractor {
        let num = number_pattern(t);
        // Words that are a figure only before a scale word ("eine Million", not "eine Klage")
        // are matched only together with one, so that the capture engine never runs for them.
        let listed = alternation(t.number_words.iter().filter(|(_, v)| !v.1).map(|(k, _)| k.as_str()), true);
        let words = match composite_pattern(t) {
            Some(composed) => format!("(?:{composed}|{listed})"),
            None => listed,
        };
        let mut morphemes: Vec<(String, Morpheme)> = t
            .number_words
            .iter()
            .filter(|(k, (v, _))| !k.contains([' ', '-']) && v.fract().is_zero() && *v < Decimal::from(100))
            .map(|(k, (v, _))| (k.clone(), Morpheme::Value(*v)))
            .chain([
                (t.hundred.clone(), Morpheme::Hundred),
                (t.thousand.clone(), Morpheme::Thousand),
                (t.joiner.clone(), Morpheme::Joiner),
            ])
            .filter(|(k, _)| !k.is_empty())
            .collect();
        morphemes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        // The patterns are written as skeletons, with a mark for each large part (see `Parts`).
        let mut pieces = Parts::default();
        let words = pieces.add(words);
        let scale_words = pieces
            .add(alternation(t.number_words.iter().filter(|(_, v)| v.1).map(|(k, _)| k.as_str()), true));
        let quals = pieces.add(alternation(t.qualifiers.keys().map(String::as_str), true));
        let between = pieces.add(alternation(t.between.iter().map(|(o, _)| o.as_str()), true));
        let conn = pieces.add(alternation(
            t.connectors.iter().map(String::as_str).chain(t.between.iter().map(|(_, c)| c.as_str())),
            true,
        ));
        let pre = pieces.add(alternation(
            t.currencies.keys().map(String::as_str).filter(|s| {
                !s.starts_with(char::is_alphabetic) || s.chars().filter(|c| c.is_alphabetic()).count() <= 3
            }),
            true,
        ));
        let attached =
            pieces.add(alternation(t.scales.iter().filter(|(_, v)| v.1).map(|(k, _)| k.as_str()), false));
        let scales =
            pieces.add(alternation(t.scales.iter().filter(|(_, v)| !v.1).map(|(k, _)| k.as_str()), false));
        let post =
            pieces.add(alternation(t.currencies.keys().chain(t.units.keys()).map(String::as_str), false));
        let minus = pieces.add(alternation(t.minus.iter().map(String::as_str), true));
        let amount = |i: &str, words: &str, scale_words: &str| {
            format!(
                r"(?:(?P<n{i}>{num}|{words})(?:(?P<s{i}x>{attached})|\s?(?P<s{i}>{scales}))?|(?P<n{i}w>{scale_words})\s+(?P<s{i}w>{scales}))"
            )
        };
        // The pattern is a head (the first amount and what stands before it), an optional range
        // and an optional unit; `staged` takes the groups of the parts one by one.
        let head = |quals: &str, between: &str, minus: &str, pre: &str, words: &str, scale_words: &str| {
            format!(
                r"(?:(?P<q>{quals})\s+)?(?:(?P<btw>{between})\s+)?(?P<neg>{minus}\s*|[-−])?(?:(?P<c1>{pre})\s?)?{}",
                amount("1", words, scale_words)
            )
        };
        let range = |words: &str, scale_words: &str| {
            format!(r"\s*(?P<conn>{conn})\s*(?:(?P<c2>{pre})\s?)?{}", amount("2", words, scale_words))
        };
        let pattern = |words: &str, scale_words: &str| {
            format!(
                r"{}(?:{})?(?:\s?(?P<u>{post}))?",
                head(&quals, &between, &minus, &pre, words, scale_words),
                range(words, scale_words),
            )
        };
        let main = pattern(&words, &scale_words);
        let never = NOTHING;
        #[cfg(test)]
        let main_digits = pattern(never, never);
        // The head of a match that starts with a digit: none of the words before a number can
        // match there (`numeral_head`), nor a number word, nor a word before a scale.
        let starts_with_digit = |phrase: &str| phrase.starts_with(|c: char| c.is_ascii_digit());
        let numeral_head = !t
            .qualifiers
            .keys()
            .chain(t.between.iter().map(|(o, _)| o))
            .chain(&t.minus)
            .chain(t.currencies.keys())
            .chain(t.number_words.keys())
            .chain([&t.hundred, &t.thousand])
            .any(|k| starts_with_digit(k));
        let range_words = || t.connectors.iter().chain(t.between.iter().map(|(_, c)| c));
        let range_starts = range_words()
            .filter_map(|w| w.chars().next())
            .map(|c| {
                ((c.is_ascii() || !c.is_alphabetic()) && !c.is_whitespace()).then_some(c.to_ascii_lowercase())
            })
            .collect::<Option<Vec<char>>>();
        let unit_after_space =
            !t.currencies.keys().chain(t.units.keys()).any(|k| k.starts_with(char::is_whitespace));
        let stages = [
            Stage::new(&pieces.build(&head(&quals, &between, &minus, &pre, never, never)), HEAD_NO_WORDS),
            Stage::new(&pieces.build(&head(never, never, never, never, never, never)), HEAD_NUMERAL),
            Stage::new(&pieces.build(&range(never, never)), RANGE_NO_WORDS),
        ];
        let word_patterns =
            [head(&quals, &between, &minus, &pre, &words, &scale_words), range(&words, &scale_words)];
        let mut triggers: Vec<&str> = t
            .number_words
            .iter()
            .filter(|(_, v)| !v.1)
            .filter_map(|(w, _)| w.split_whitespace().last())
            .chain(t.scales.iter().filter(|(_, v)| !v.1).map(|(k, _)| k.as_str()))
            .chain([t.hundred.as_str(), t.thousand.as_str()].into_iter().filter(|w| !w.is_empty()))
            .collect();
        // Joined compounds start with a unit word that is no trigger ("einundzwanzig"): their
        // "und" + tens part is one, wherever it stands.
        let joined: Vec<String> = if t.words_apart || t.joiner.is_empty() {
            Vec::new()
        } else {
            t.number_words
                .iter()
                .filter(|(k, (v, _))| {
                    !k.contains(' ')
                        && *v >= Decimal::from(20)
                        && *v < Decimal::from(100)
                        && v.fract().is_zero()
                })
                .map(|(k, _)| format!("{}{k}", t.joiner))
                .collect()
        };
        triggers.extend(joined.iter().map(String::as_str));
        // The same without the scale words, and with the last words of the words before a scale
        // word, which count only as whole words (the pattern puts word boundaries around them).
        let scale_keys: Vec<&str> = t.scales.iter().filter(|(_, v)| !v.1).map(|(k, _)| k.as_str()).collect();
        let mut parts: Vec<(&str, bool)> = triggers
            .iter()
            .filter(|w| !scale_keys.contains(w))
            .map(|&w| (w, false))
            .chain(
                t.number_words
                    .iter()
                    .filter(|(_, v)| v.1)
                    .filter_map(|(w, _)| w.split_whitespace().last())
                    .map(|w| (w, true)),
            )
            .collect();
        parts.sort_unstable();
        parts.dedup_by(|b, a| a.0 == b.0);
        let word_parts = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(parts.iter().map(|p| p.0))
            .unwrap_or_else(|e| panic!("figure number words do not build: {e}"));
        let bounded_word: Vec<bool> = parts.iter().map(|p| p.1).collect();
        triggers.sort_unstable();
        triggers.dedup();
        let word_gate = word_gate(t, &triggers);
        // Leftmost-longest is safe here: a trigger that fails its boundary check cannot hide a
        // valid one, since none of them crosses a word start.
        #[cfg(test)]
        let triggers = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&triggers)
            .unwrap_or_else(|e| panic!("figure trigger words do not build: {e}"));
        let months = alternation(t.months.keys().map(String::as_str), true);
        // Every date pattern with a month name matches one of these literally (case-sensitive,
        // a space in a name stands for any run of white space, so only the part before it).
        let month_names = Literals::new(t.months.keys().filter_map(|m| m.split(' ').next()));
        let bare_char = |c: char| c.is_ascii_digit() || ".,".contains(c) || c.is_whitespace();
        // Every phrase of the tables that the main pattern spells out.
        let phrases = || {
            t.qualifiers
                .keys()
                .chain(t.between.iter().flat_map(|(o, c)| [o, c]))
                .chain(&t.connectors)
                .chain(&t.minus)
                .chain(t.currencies.keys())
                .chain(t.units.keys())
                .chain(t.scales.keys())
                .chain(t.number_words.keys())
                .chain([&t.hundred, &t.thousand])
        };
        let bare_is_numeral = !phrases().any(|k| !k.is_empty() && k.chars().all(bare_char));
        let digit_blind = !phrases().chain([&t.joiner]).any(|k| k.bytes().any(|b| b.is_ascii_digit()));
        let mut not_after_by_len: Vec<Vec<String>> = Vec::new();
        for w in &t.not_after {
            if not_after_by_len.len() <= w.len() {
                not_after_by_len.resize(w.len() + 1, Vec::new());
            }
            not_after_by_len[w.len()].push(w.clone());
        }
        let mut dates = Vec::new();
        for form in &t.date_forms {
            let (kind, pattern) = match form.as_str() {
                "d. M y" => (
                    DateForm::DayMonth,
                    format!(
                        r"(?-u:\b)(?P<d>[0-9]{{1,2}})\.\s?(?P<m>{months})(?:\s+(?P<y>[0-9]{{4}})(?-u:\b))?"
                    ),
                ),
                "d M y" => (
                    DateForm::DayMonth,
                    format!(
                        r"(?-u:\b)(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{months})(?:,?\s+(?P<y>[0-9]{{4}})(?-u:\b))?"
                    ),
                ),
                "M d, y" => (
                    DateForm::DayMonth,
                    format!(
                        r"(?P<m>{months})\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<y>[0-9]{{4}})(?-u:\b))?"
                    ),
                ),
                "d.m.y" => (
                    DateForm::Numeric,
                    r"(?-u:\b)(?P<d>[0-9]{1,2})\.(?P<mn>[0-9]{1,2})\.(?P<y>[0-9]{4})(?-u:\b)".to_string(),
                ),
                "M y" => (DateForm::MonthYear, format!(r"(?P<m>{months})\s+(?P<y>[0-9]{{4}})(?-u:\b)")),
                "iso" => (
                    DateForm::Iso,
                    r"(?-u:\b)(?P<y>[0-9]{4})-(?P<mn>[0-9]{2})-(?P<d>[0-9]{2})(?-u:\b)".to_string(),
                ),
                _ => continue,
            };
            dates.push((kind, build(&pattern, false)));
        }
        let whole = |pattern: &str| build_meta_hir(&pieces.build(&format!("(?:{pattern}|{NOTHING})")));
        let main = whole(&main);
        #[cfg(test)]
        let main_digits = whole(&main_digits);
        let numeral = build_meta(&format!("(?P<n1>{num})"), false);
        let main_groups = Groups::of(main.group_info());
        #[cfg(test)]
        debug_assert!(Groups::of(main_digits.group_info()).n == main_groups.n, "one pattern, one numbering");
        let noun_words = t.nouns.keys().map(|k| k.split_whitespace().count()).max().unwrap_or(0);
        let noun_firsts = t
            .nouns
            .keys()
            .filter(|k| k.split_whitespace().nth(1).is_some())
            .filter_map(|k| k.split(' ').next())
            .map(str::to_string)
            .collect();
        let numeral_digits_slots = numeral
            .group_info()
            .slots(regex_automata::PatternID::ZERO, 1)
            .unwrap_or_else(|| panic!("the numeral pattern has its group n1"));
        Extractor {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            noun_words,
            noun_firsts,
            numeral_digits_slots,
            numeral_groups: Groups::of(numeral.group_info()),
            numeral,
            main_groups,
            stages,
            word_stages: OnceLock::new(),
            word_patterns,
            pieces,
            word_parts,
            bounded_word,
            numeral_head,
            unit_after_space,
            range_starts,
            main,
            #[cfg(test)]
            main_digits,
            word_gate,
            #[cfg(test)]
            triggers,
            morphemes,
            dates,
            month_names,
            bare_is_numeral,
            digit_blind,
            not_after_by_len,
            t,
        }
    }

    /// Extracts the figures of `text`, in order.
    pub fn extract(&self, text: &str) -> Vec<Figure> {
        self.extract_checked(text, false)
    }

    /// [`Extractor::extract`]; `full` runs the full pattern whatever the prefilter says (the
    /// tests compare the two).
    fn extract_checked(&self, text: &str, full: bool) -> Vec<Figure> {
        // In chunks, so that the compiler vectorizes the scan.
        let has_digit =
            text.as_bytes().chunks(64).any(|c| c.iter().fold(false, |a, b| a | b.is_ascii_digit()));
        // Only a sentence without a digit asks the gate: one with a digit is searched anyway,
        // and the pattern with number words finds in a text without any what the one without
        // them finds (the tests compare the two), as fast.
        if !has_digit && !full && !self.word_gate.is_match(text) {
            return Vec::new();
        }
        let main = &self.main;
        let mut figures = if has_digit { self.dates(text, full) } else { Vec::new() };
        let mut date_spans: Vec<(usize, usize)> = figures.iter().map(|f| (f.start, f.end)).collect();
        date_spans.sort_unstable();
        // Group slots and backtracker caches, made once per text when first needed.
        let mut numeral_caps = None;
        let mut main_caps = None;
        let mut scratch = Scratch::default();
        let mut pos = 0;
        while pos < text.len() {
            // Find the match first (DFA only); groups are computed only for matches that are
            // not part of a date, and with a small regex where the match is a bare numeral.
            let Some(found) = main.search(&Input::new(text).span(pos..text.len())) else { break };
            let whole = found.range();
            if whole.is_empty() {
                pos = next_char(text, whole.end);
                continue;
            }
            let at = date_spans.partition_point(|&(_, de)| de <= whole.start);
            if let Some(&(_, de)) = date_spans.get(at).filter(|&&(ds, _)| ds < whole.end) {
                pos = de.max(next_char(text, whole.start));
                continue;
            }
            let bare = text[whole.clone()]
                .chars()
                .all(|c| c.is_ascii_digit() || ".,".contains(c) || c.is_whitespace());
            // The groups are computed over the match alone (the text before it still serves the
            // word-boundary checks): the capture engines' work grows with the haystack.
            let haystack = &text[..whole.end];
            let input = Input::new(haystack).span(whole.start..haystack.len());
            let groups = if bare {
                let caps = numeral_caps.get_or_insert_with(|| self.numeral.create_captures());
                if text.as_bytes()[whole.clone()].iter().all(u8::is_ascii_digit) {
                    // Digits alone: of the numeral's branches only the last (`[0-9]+`) can
                    // match without a separator, and it takes them all, so its groups are
                    // known.
                    digits_only(caps, whole.clone(), self.numeral_digits_slots);
                } else if self.bare_is_numeral && !full {
                    // Digits with points, commas or spaces: no phrase of the tables is made of
                    // those, so the match is the main pattern's amount alone, its numeral
                    // (every other part is optional). The numeral pattern, searched where the
                    // match starts and ending where it ends, takes the same first way through
                    // the numeral's branches as the main pattern did: the whole match.
                    digits_only(caps, whole.clone(), self.numeral_digits_slots);
                } else {
                    self.numeral.search_captures(&input, caps);
                }
                caps.is_match().then(|| Found::of(text, caps, &self.numeral_groups))
            } else {
                let staged =
                    if full { None } else { self.staged_cached(text, whole.clone(), true, &mut scratch) };
                staged.or_else(|| {
                    let caps = main_caps.get_or_insert_with(|| main.create_captures());
                    main.search_captures(&input, caps);
                    caps.is_match().then(|| Found::of(text, caps, &self.main_groups))
                })
            };
            let Some(groups) = groups else {
                pos = next_char(text, whole.start);
                continue;
            };
            match self.figure(text, &groups) {
                Ok(fig) => {
                    pos = fig.end.max(next_char(text, whole.start));
                    figures.push(fig);
                }
                Err(resume) => pos = resume.max(next_char(text, whole.start)),
            }
        }
        figures.sort_by_key(|f| f.start);
        self.year_parts(text, &mut figures);
        figures
    }

    /// [`Extractor::staged`], remembered: its groups are a function of the match's text, of
    /// `words` and of whether the byte before the match is an ASCII word character (the only
    /// thing before the match that the parts' word boundaries and [`Extractor::has_word_within`]
    /// look at), so a match text seen before in this thread (`5 Millionen Euro`, `30 Prozent`),
    /// up to its digits where the pattern reads no digit literally (`digit_blind`: `7 Millionen
    /// Euro`), gets the groups found then, moved to where it stands, without running the
    /// backtracker.
    fn staged_cached<'h>(
        &self,
        text: &'h str,
        whole: std::ops::Range<usize>,
        words: bool,
        scratch: &mut Scratch,
    ) -> Option<Found<'h>> {
        let before = whole.start.checked_sub(1).and_then(|i| text.as_bytes().get(i));
        let word_before = before.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        let key = (self.id, words, word_before);
        let base = whole.start;
        let span = &text[whole.clone()];
        // The key: the match's text with its digits made `0` (see `digit_blind`), so that
        // `4.000 Euro` and `1.100 Euro` share one entry; a longer match is not remembered.
        let mut blind = [0u8; 96];
        let span = if self.digit_blind {
            let Some(buf) = blind.get_mut(..span.len()) else {
                return self.staged(text, whole, words, scratch);
            };
            for (to, &b) in buf.iter_mut().zip(span.as_bytes()) {
                *to = if b.is_ascii_digit() { b'0' } else { b };
            }
            // Only ASCII digits were replaced, by an ASCII digit: still UTF-8.
            match std::str::from_utf8(buf) {
                Ok(s) => s,
                Err(_) => return self.staged(text, whole, words, scratch),
            }
        } else if span.len() <= blind.len() {
            span
        } else {
            return self.staged(text, whole, words, scratch);
        };
        let known = STAGED.with(|cache| {
            let cache = cache.borrow();
            let packed = cache.get(&key).and_then(|spans| spans.get(span))?;
            Some(packed.as_ref().map(|p| Found::unpack(p, text, base)))
        });
        if let Some(found) = known {
            return found;
        }
        let found = self.staged(text, whole, words, scratch);
        // A group that does not fit in 16 bits (a very long match) is not remembered.
        let packed = match &found {
            Some(f) => match f.pack(base) {
                Some(p) => Some(p),
                None => return found,
            },
            None => None,
        };
        STAGED.with(|cache| {
            let mut cache = cache.borrow_mut();
            let spans = cache.entry(key).or_default();
            if spans.len() >= STAGED_CACHE {
                spans.clear();
            }
            spans.insert(span.into(), packed);
        });
        found
    }

    /// The groups of `whole`, a match of the main pattern (`words`: with number words) in
    /// `text`, taken part by part; `None` where the parts do not account for the match (a
    /// match too long for the backtracker), for the caller to search the whole pattern.
    ///
    /// The pattern is `head (range)? (unit)?`, searched leftmost-first: the first way (in the
    /// order of the pattern's alternatives) to match the head wins whatever follows, since the
    /// optional range and unit can always be left out; then the first way to match the range
    /// after it, and the unit. So the head's groups are those of the head alone matched at the
    /// start, and the range's those of the range alone where the head ends. Each part is
    /// searched with the smallest pattern that can match there: without number words if the
    /// text from there has none (as `main_digits`), without anything that comes before a
    /// number if it starts with a digit. What the parts leave of the match is its unit.
    fn staged<'h>(
        &self,
        text: &'h str,
        whole: std::ops::Range<usize>,
        words: bool,
        scratch: &mut Scratch,
    ) -> Option<Found<'h>> {
        let haystack = &text[..whole.end];
        let span = &text[whole.clone()];
        if words && span.bytes().all(|b| b.is_ascii_alphabetic()) {
            // A word alone (`drei`, `twelve`): no qualifier, range opener, sign or currency
            // before a number word can match without white space and a word boundary, which two
            // ASCII letters do not have; nor can a scale word or unit follow without a word
            // boundary (number words end with one). So the word is the number.
            let mut found = Found::default();
            found.n[0] = Some(Span { text, start: whole.start, end: whole.end });
            return Some(found);
        }
        let words_from = |from: usize| words && self.has_word_within(haystack, from);
        let head = if self.numeral_head && span.as_bytes()[0].is_ascii_digit() {
            &self.stages[HEAD_NUMERAL]
        } else if words_from(whole.start) {
            &self.word_stages()[0]
        } else {
            &self.stages[HEAD_NO_WORDS]
        };
        let mut found = Found::default();
        let mut end = head.run(scratch, haystack, whole.start).ok()??;
        found.fill(text, &scratch.slots, &head.groups);
        if end < whole.end && self.range_may_start(&text[end..whole.end]) {
            let range = if words_from(end) { &self.word_stages()[1] } else { &self.stages[RANGE_NO_WORDS] };
            if let Some(range_end) = range.run(scratch, haystack, end).ok()? {
                found.fill(text, &scratch.slots, &range.groups);
                end = range_end;
            }
        }
        if end < whole.end {
            // `\s?` before the unit takes a white-space character when there is one.
            let space = text[end..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8);
            if !self.unit_after_space || end + space >= whole.end {
                return None;
            }
            found.u = Some(Span { text, start: end + space, end: whole.end });
        }
        Some(found)
    }

    /// Whether a range (white space, then a range word) may start `rest`: not where what follows
    /// the white space is an ASCII character no range word starts with (in any ASCII case).
    fn range_may_start(&self, rest: &str) -> bool {
        let Some(starts) = &self.range_starts else { return true };
        match rest.trim_start().chars().next() {
            None => false,
            Some(c) if c.is_ascii() => starts.contains(&c.to_ascii_lowercase()),
            Some(_) => true,
        }
    }

    /// The head and range stages with number words.
    fn word_stages(&self) -> &[Stage; 2] {
        self.word_stages.get_or_init(|| {
            let build = |i: usize| self.pieces.build(&self.word_patterns[i]);
            [Stage::new(&build(0), HEAD), Stage::new(&build(1), RANGE)]
        })
    }

    /// Whether the main pattern could match a number word, or a word before a scale word, in
    /// `haystack` from `from`: a conservative test. Every number word the pattern matches
    /// contains one of `word_parts` (its last word, or the hundred, thousand or tens word it is
    /// composed with), and every word before a scale word ends with one as a whole word. The
    /// parts are found with ASCII case folding, which agrees with the pattern's on ASCII
    /// letters: any other letter counts as a possible number word.
    fn has_word_within(&self, haystack: &str, from: usize) -> bool {
        let span = &haystack[from..];
        if span.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
            return true;
        }
        let word =
            |i: usize| haystack.as_bytes().get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        self.word_parts.find_overlapping_iter(span).any(|m| {
            let (start, end) = (from + m.start(), from + m.end());
            // A whole word has no word character on both sides of its first or last one.
            let glued = start > 0 && word(start - 1) && word(start) || word(end - 1) && word(end);
            !self.bounded_word[m.pattern().as_usize()] || !glued
        })
    }

    /// Whether `text` has a word that starts with a number word or scale word (German composes
    /// them: `zweihundertfünfzig`): the test `word_gate` stands in for.
    #[cfg(test)]
    fn has_number_word(&self, text: &str) -> bool {
        self.triggers.find_iter(text).any(|m| {
            !text[..m.start()].ends_with(char::is_alphanumeric)
                || !self.t.words_apart && text[m.start()..].starts_with(self.t.joiner.as_str())
        })
    }

    /// `Anfang 2019`, `Ende 2022`, `early 2019`, `mid-2020`, `the end of 2022`: the part of the
    /// year becomes the unit of the year figure, whose span grows to take the phrase in.
    fn year_parts(&self, text: &str, figures: &mut [Figure]) {
        let mut floor = 0;
        for f in figures.iter_mut() {
            if f.kind == Kind::Year && f.value_max.is_none() && f.qualifier == Qualifier::Exact {
                let before = &text[floor.min(f.start)..f.start];
                let trimmed = before.strip_suffix('-').unwrap_or_else(|| before.trim_end());
                if trimmed.len() < before.len() {
                    for (phrase, part) in &self.t.periods {
                        let Some(at) = trimmed.len().checked_sub(phrase.len()) else { continue };
                        if !trimmed.is_char_boundary(at)
                            || !trimmed[at..].eq_ignore_ascii_case(phrase)
                            || trimmed[..at].ends_with(char::is_alphanumeric)
                        {
                            continue;
                        }
                        {
                            f.start = floor.min(f.start) + at;
                            f.unit = Some(part.clone());
                            break;
                        }
                    }
                }
            }
            floor = f.end;
        }
    }

    /// Builds a figure from a match, or says where to resume scanning when it is not one.
    fn figure(&self, text: &str, f: &Found) -> Result<Figure, usize> {
        let n1 = f.n[0].or(f.nw[0]).ok_or(text.len())?;
        let after_n1 = n1.end();
        // The figure starts at its qualifier, currency or number; the range opener only counts
        // when the range is complete.
        // Words matched without a Unicode boundary check (see `alternation`) must not continue a
        // word: "gegenüber" holds no qualifier.
        let free = |m: &Span| !text[..m.start()].ends_with(char::is_alphanumeric);
        // "Vergleich über 2,1 Millionen Dollar": after a noun, "über" means "for", not "more than".
        let after_noun = |m: &Span| {
            let prev = text[..m.start()].trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
            prev.chars().next().is_some_and(char::is_uppercase)
                && prev.chars().all(char::is_alphabetic)
                && self.t.qualifier_not_after_noun.contains(&m.as_str().to_lowercase())
        };
        let q = f.q.filter(free).filter(|m| !after_noun(m));
        let btw = f.btw.filter(free);
        // A sign or "minus" makes the number negative where it does not continue a word or a
        // number ("COVID-19", "5-10").
        let neg = f.neg.filter(|m| free(m) && !text[..m.start()].ends_with(['.', ',', '-']));
        let lead = neg.or(f.c1).map_or(n1.start(), |m| m.start());
        let before = text[..q.or(btw).map_or(lead, |m| m.start())].trim_end();
        if let Some(skip) = self.reference_skip(text, before, lead) {
            return Err(skip);
        }
        if glued_before(&text[..lead]) {
            return Err(after_n1);
        }
        // Phone numbers: an international "+49 30 1234567", or digits with a leading zero
        // ("030 1234567", "0171/1234567"; no amount is written so). The whole run is skipped.
        let digits = n1.as_str().as_bytes();
        if text[..lead].ends_with('+') || digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit()
        {
            let mut end = n1.start();
            let mut chars = text[end..].char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let next_digit = chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
                if !(c.is_ascii_digit() || " /-()".contains(c) && next_digit) {
                    break;
                }
                end = n1.start() + i + c.len_utf8();
            }
            return Err(end.max(after_n1));
        }
        let (v1, w1) = self.amount(n1.as_str()).ok_or(after_n1)?;
        let v1 = if neg.is_some() { -v1 } else { v1 };
        let scale1 = self.scale(f.s[0].or(f.sx[0]).or(f.sw[0]).map(|m| m.as_str()));
        let mut end = f.s[0].or(f.sx[0]).or(f.sw[0]).map_or(after_n1, |m| m.end());

        // A range: "zwischen 5 und 10", "5 bis 10", "$5m to $10m".
        let mut range = None;
        if let (Some(conn), Some(n2)) = (f.conn, f.n[1].or(f.nw[1])) {
            let conn_word = conn.as_str().to_lowercase();
            let closes_between = self.t.between.iter().any(|(_, c)| *c == conn_word);
            let opener = btw.map(|m| m.as_str().to_lowercase());
            let prev_word = before.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
            let valid = if closes_between {
                opener.is_some_and(|o| self.t.between.iter().any(|(b, c)| *b == o && *c == conn_word))
            } else {
                !self.t.not_range_after.contains(&prev_word)
            };
            if valid {
                // A range ascends; "9 to 1" is a ratio, two figures.
                let ascends = self.amount(n2.as_str()).is_some_and(|(v2, _)| {
                    let f2 = self.scale(f.s[1].or(f.sx[1]).or(f.sw[1]).map(|m| m.as_str()));
                    let hi = v2.checked_mul(f2.unwrap_or(Decimal::ONE));
                    let lo = v1.checked_mul(scale1.or(f2).unwrap_or(Decimal::ONE));
                    matches!((hi, lo), (Some(hi), Some(lo)) if hi > lo)
                });
                if let Some((v2, w2)) = self.amount(n2.as_str()).filter(|_| ascends) {
                    let s2 = f.s[1].or(f.sx[1]).or(f.sw[1]);
                    range = Some((v2, w2, self.scale(s2.map(|m| m.as_str())), n2.end()));
                    end = s2.map_or(n2.end(), |m| m.end());
                }
            }
        }
        let unit_match = f.u.filter(|u| {
            let gap = &text[end..u.start()];
            gap.chars().all(char::is_whitespace) && gap.chars().count() <= 1
        });
        // What follows the second number of a rejected range ("24 und 27 Jahren") is not ours.
        let rejected_range = f.conn.is_some() && range.is_none();
        // A counted noun or a time unit after the number is looked up in the tables rather
        // than matched by the regex, which keeps the capture engine small.
        let tail = if rejected_range || unit_match.is_some() || f.c1.is_some() {
            None
        } else {
            self.tail(text, end, n1.as_str())
        };
        let number_end = range.as_ref().map_or(after_n1, |r| r.3);
        let bare = end == number_end && unit_match.is_none() && tail.is_none();
        if bare && self.glued_after(text, number_end) {
            return Err(number_end);
        }
        let scale_only_word = |w: Option<bool>| w == Some(true);
        let (factor1, factor2) = match &range {
            Some((_, _, Some(f2), _)) => (scale1.unwrap_or(*f2), *f2),
            Some((_, _, None, _)) => (scale1.unwrap_or(Decimal::ONE), scale1.unwrap_or(Decimal::ONE)),
            None => (scale1.unwrap_or(Decimal::ONE), Decimal::ONE),
        };
        let has_scale = scale1.is_some() || range.as_ref().is_some_and(|r| r.2.is_some());
        if !has_scale && (scale_only_word(w1) || range.as_ref().is_some_and(|r| scale_only_word(r.1))) {
            return Err(after_n1);
        }

        let mut unit = None;
        let mut kind = Kind::Number;
        for m in [f.c1, f.c2, unit_match].into_iter().flatten() {
            let found = with_phrase_key(m.as_str(), |key| {
                if let Some(code) = self.t.currencies.get(key) {
                    Some((code.clone(), Kind::Money))
                } else {
                    self.t.units.get(key).map(|u| (u.clone(), Kind::Percent))
                }
            });
            if let Some((u, k)) = found {
                (unit, kind) = (Some(u), k);
            }
        }
        if let Some(u) = unit_match.filter(|_| unit.is_some()) {
            end = end.max(u.end());
        }
        if let Some((k, u, e)) = tail.filter(|_| kind == Kind::Number) {
            (kind, unit, end) = (k, Some(u), e);
        }
        // A number too large for an exact decimal is not a figure anyone states.
        let value = v1.checked_mul(factor1).ok_or(end)?;
        let value_max = match range.as_ref() {
            Some(r) => Some(r.0.checked_mul(factor2).ok_or(end)?),
            None => None,
        };
        if kind == Kind::Number && !has_scale && w1.is_none() {
            let plain = n1.as_str().bytes().all(|b| b.is_ascii_digit()) && n1.as_str().len() == 4;
            let is_year = |v: Decimal| plain && v >= Decimal::from(1800) && v <= Decimal::from(2100);
            if is_year(value) && value_max.is_none_or(is_year) {
                kind = Kind::Year;
            }
        }
        let qualifier = if range.is_some() {
            Qualifier::Range
        } else {
            q.and_then(|q| with_lowercase(q.as_str(), |q| self.t.qualifiers.get(q).copied()))
                .unwrap_or(Qualifier::Exact)
        };
        let start = if range.is_some() { q.or(btw) } else { q }.map_or(lead, |m| m.start());
        Ok(Figure {
            start,
            end,
            kind,
            value: Value::Number(value),
            value_max: value_max.map(Value::Number),
            unit,
            qualifier,
            from_words: w1.is_some(),
        })
    }

    /// A time unit (`fünf Monate`, `72-hour`) or a counted noun (`1.400 Menschen`, `50.000
    /// registrierte Nutzer`, `40.000 Kundinnen und Kunden`) right after the number ending at
    /// `end`: the kind, the unit key and where the figure then ends. One adjective may stand
    /// before the noun, not a function word (`2019 the case`), and not after a year-like number.
    fn tail(&self, text: &str, end: usize, number: &str) -> Option<(Kind, String, usize)> {
        let (sep, found, count) = tail_words(text, end)?;
        let words = &found[..count];
        let first = *words.first()?;
        // The words `a..b` lowercased, one space between them, into `buf` (no allocation for
        // ASCII text, the common case).
        let lower = |buf: &mut String, a: usize, b: usize| {
            buf.clear();
            let span = &text[a..b];
            if span.bytes().all(|c| c.is_ascii() && !char::from(c).is_whitespace()) {
                // One ASCII word (the common case): copied and lowercased in place.
                buf.push_str(span);
                buf.make_ascii_lowercase();
            } else if span.is_ascii() {
                for (i, w) in span.split_whitespace().enumerate() {
                    if i > 0 {
                        buf.push(' ');
                    }
                    buf.extend(w.bytes().map(|c| char::from(c.to_ascii_lowercase())));
                }
            } else {
                buf.push_str(&span.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
            }
        };
        let mut buf = String::with_capacity(32);
        // The word itself, or its part before a hyphen ("Stunden-Frist"): the first of them that
        // `find` knows, and where it ends.
        let head = |buf: &mut String, (a, b): (usize, usize), find: &dyn Fn(&str) -> Option<String>| {
            lower(buf, a, b);
            if let Some(u) = find(buf) {
                return Some((u, b));
            }
            let h = buf.find('-')?;
            // Where the hyphen is in the text itself: lowercasing may change a word's length
            // (the Kelvin sign K becomes k), so `h` is not a position in `text`.
            let hyphen = a + text[a..b].find('-')?;
            find(&buf[..h]).map(|u| (u, hyphen))
        };
        if let Some((u, e)) = head(&mut buf, first, &|w| self.t.durations.get(w).cloned()) {
            return Some((Kind::Duration, u, e));
        }
        if !sep.is_whitespace() {
            return None;
        }
        let noun = |w: &str| self.t.nouns.get(w).cloned();
        let noun_at = |buf: &mut String, from: usize| -> Option<(String, usize)> {
            // A phrase of n words can only be a key of n words: longer ones are not tried; nor
            // are they when the first word starts no key of more than one (the lowercased
            // phrase starts with the lowercased word, and a key must equal the phrase).
            let most = (words.len() - from).min(self.noun_words);
            let most = if most > 1 {
                lower(buf, words[from].0, words[from].1);
                if self.noun_firsts.contains(buf.as_str()) {
                    most
                } else {
                    1
                }
            } else {
                most
            };
            for n in (1..=most).rev() {
                let (a, b) = (words[from].0, words[from + n - 1].1);
                if n == 1 {
                    if let Some(found) = head(buf, words[from], &noun) {
                        return Some(found);
                    }
                } else {
                    lower(buf, a, b);
                    if let Some(u) = noun(buf) {
                        return Some((u, b));
                    }
                }
            }
            None
        };
        if let Some((u, e)) = noun_at(&mut buf, 0) {
            return Some((Kind::Count, u, e));
        }
        let year_like = number.len() == 4
            && number.bytes().all(|b| b.is_ascii_digit())
            && ("1800".."2101").contains(&number);
        let gap = &text[first.0..first.1];
        let adjective = gap.starts_with(char::is_lowercase)
            && gap.chars().count() >= 3
            && !self.t.count_gap_not.contains(&gap.to_lowercase());
        if words.len() > 1 && adjective && !year_like {
            if let Some((u, e)) = noun_at(&mut buf, 1) {
                return Some((Kind::Count, u, e));
            }
        }
        None
    }

    /// If the number at `lead` follows a reference word (`§`, `Art.`, `Az.`), where to resume
    /// after the whole reference (`3 O 123/24`, `4:19-cv-07123`, `3 512 884`).
    fn reference_skip(&self, text: &str, before: &str, lead: usize) -> Option<usize> {
        let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
        let prev = prev.trim_start_matches(['(', '[']);
        let same_length = self.not_after_by_len.get(prev.len()).map_or(&[][..], Vec::as_slice);
        if prev.is_empty() || !same_length.iter().any(|w| w.eq_ignore_ascii_case(prev)) {
            return None;
        }
        let rest = &text[lead..];
        // The reference runs on through digits, capitals, letters glued to them (`100g`,
        // `19-cv`) and separators, up to the first lowercase word (`Section 100g(3) of …`).
        let mut prev = ' ';
        let len = rest
            .char_indices()
            .find(|&(_, c)| {
                let keep = c.is_ascii_digit()
                    || c.is_uppercase()
                    || c.is_lowercase() && !prev.is_whitespace()
                    || " /.-:(),§\u{a0}".contains(c);
                prev = c;
                !keep
            })
            .map_or(rest.len(), |(i, _)| i);
        Some(lead + rest[..len].trim_end().len().max(1))
    }

    /// Whether the number ending at `end` is glued to what follows: letters (`5G`, `2nd`),
    /// references (`123/24`, `4:19`), or a German ordinal dot inside the sentence.
    fn glued_after(&self, text: &str, end: usize) -> bool {
        let rest = &text[end..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { return false };
        let next = chars.next();
        // Letters, a slash, or more digits (a wrongly grouped phone number); a point or comma
        // before more digits continues a version string or address ("2.3.1", "192.168.0.1").
        if c.is_alphabetic() || c == '/' || c.is_ascii_digit() {
            return true;
        }
        if (c == '.' || c == ',') && next.is_some_and(|n| n.is_ascii_digit()) {
            return true;
        }
        // "72-hour" and "15-Jährige" are figures (compounds); "4:19", "5-10G" and "19-CV" are
        // not.
        let third = chars.next();
        let compound_noun = next.is_some_and(char::is_uppercase) && third.is_some_and(char::is_lowercase);
        if c == ':' && next.is_some_and(|n| n.is_alphanumeric())
            || c == '-' && next.is_some_and(|n| n.is_alphanumeric() && !n.is_lowercase()) && !compound_noun
        {
            return true;
        }
        if c == '.' && self.t.ordinal_dot {
            let digits = text[..end].bytes().rev().take_while(u8::is_ascii_digit).count();
            let more_text = rest[1..].trim_start().chars().next().is_some_and(|n| !n.is_whitespace());
            return (1..=3).contains(&digits) && rest[1..].starts_with(char::is_whitespace) && more_text;
        }
        false
    }

    /// The value of a numeral or number word, and `Some(scale_only)` if it was a word.
    fn amount(&self, s: &str) -> Option<(Decimal, Option<bool>)> {
        if s.starts_with(|c: char| c.is_ascii_digit()) {
            return parse_number(s, self.t.decimal, self.t.group).map(|d| (d, None));
        }
        let key = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        match self.t.number_words.get(&key) {
            Some(&(v, scale_only)) => Some((v, Some(scale_only))),
            None => self.composite(&key).map(|v| (v, Some(false))),
        }
    }

    /// The value of a composed number word (`zweihundertfünfzig`, `two hundred and fifty`):
    /// units add up, `hundred` multiplies what came before it, `thousand` closes a group.
    fn composite(&self, s: &str) -> Option<Decimal> {
        let (mut total, mut current, mut any) = (Decimal::ZERO, Decimal::ZERO, false);
        let mut rest = s;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '-');
            if rest.is_empty() {
                break;
            }
            let (word, m) = self.morphemes.iter().find(|(w, _)| rest.starts_with(w.as_str()))?;
            rest = &rest[word.len()..];
            match *m {
                Morpheme::Value(v) => {
                    current = current.checked_add(v)?;
                    any = true;
                }
                Morpheme::Hundred => {
                    current = current.max(Decimal::ONE).checked_mul(Decimal::from(100))?;
                    any = true;
                }
                Morpheme::Thousand => {
                    total = total.checked_add(current.max(Decimal::ONE).checked_mul(Decimal::from(1000))?)?;
                    current = Decimal::ZERO;
                    any = true;
                }
                Morpheme::Joiner => {}
            }
        }
        total.checked_add(current).filter(|_| any)
    }

    fn scale(&self, s: Option<&str>) -> Option<Decimal> {
        s.and_then(|s| with_lowercase(s, |s| self.t.scales.get(s).map(|&(f, _)| f)))
    }

    /// The dates of `text`; `full` searches every date form, also those the text cannot have
    /// (the tests compare the two).
    fn dates(&self, text: &str, full: bool) -> Vec<Figure> {
        let mut found: Vec<Figure> = Vec::new();
        // The spans taken so far, sorted and disjoint: an overlap test is a binary search.
        let mut taken: Vec<(usize, usize)> = Vec::new();
        // A date form needs a month name, or the digits and points of `24.12.2024`, or the digits
        // and hyphens of `2024-12-24`: a form that cannot match is not searched.
        let has_month = full || self.month_names.is_match(text);
        let (mut has_dot, mut has_dash) = (None, None);
        for (form, re) in &self.dates {
            let possible = full
                || match form {
                    DateForm::DayMonth | DateForm::MonthYear => has_month,
                    DateForm::Numeric => *has_dot.get_or_insert_with(|| numeric_date_shape(text)),
                    DateForm::Iso => *has_dash.get_or_insert_with(|| iso_date_shape(text)),
                };
            if !possible {
                continue;
            }
            for caps in re.captures_iter(text) {
                let Some(m) = caps.get(0) else { continue };
                let at = taken.partition_point(|&(_, end)| end <= m.start());
                if taken.get(at).is_some_and(|&(start, _)| start < m.end()) {
                    continue;
                }
                let num = |k: &str| caps.name(k).and_then(|x| x.as_str().parse::<u32>().ok());
                let month = match form {
                    DateForm::Numeric | DateForm::Iso => num("mn"),
                    _ => caps.name("m").and_then(|x| self.t.months.get(x.as_str()).copied()),
                };
                let (Some(month), year, day) = (month, num("y"), num("d")) else { continue };
                if !(1..=12).contains(&month) || day.is_some_and(|d| !(1..=31).contains(&d)) {
                    continue;
                }
                let iso = match (year, day) {
                    (Some(y), Some(d)) => format!("{y:04}-{month:02}-{d:02}"),
                    (Some(y), None) => format!("{y:04}-{month:02}"),
                    (None, Some(d)) => format!("--{month:02}-{d:02}"),
                    (None, None) => continue,
                };
                taken.insert(at, (m.start(), m.end()));
                found.push(Figure {
                    start: m.start(),
                    end: m.end(),
                    kind: Kind::Date,
                    value: Value::Date(iso),
                    value_max: None,
                    unit: None,
                    qualifier: Qualifier::Exact,
                    from_words: false,
                });
            }
        }
        found
    }
}

/// Whether `text` has what the numeric date form (`d.m.y`) matches, word boundaries aside: one or
/// two ASCII digits, a point, one or two digits, a point and four digits.
fn numeric_date_shape(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |from: usize, n: usize| b.get(from..from + n).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    // `match_indices` of a character runs `memchr`, a word at a time: a loop over every byte
    // cost three times what the forms' searches it saves cost.
    text.match_indices('.').any(|(i, _)| {
        i > 0
            && b[i - 1].is_ascii_digit()
            && (1..=2).any(|m| digits(i + 1, m) && b.get(i + 1 + m) == Some(&b'.') && digits(i + 2 + m, 4))
    })
}

/// Whether `text` has what the ISO date form matches, word boundaries aside: four ASCII digits,
/// a hyphen, two digits, a hyphen and two digits.
fn iso_date_shape(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |from: usize, n: usize| b.get(from..from + n).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    text.match_indices('-').any(|(i, _)| {
        i >= 4 && digits(i - 4, 4) && digits(i + 1, 2) && b.get(i + 3) == Some(&b'-') && digits(i + 4, 2)
    })
}

/// Whether a number starting right after `before` is glued to a word or reference before it
/// (`A320`, `COVID-19`, `cv-07123`, `123/24`).
fn glued_before(before: &str) -> bool {
    let mut rev = before.chars().rev();
    match rev.next() {
        Some(c) if c.is_alphanumeric() || c == '_' => true,
        Some('-') => {
            // "mid-2020", "pre-2019" are figures; "COVID-19", "cv-07123" are not.
            let word: String = rev.take_while(|c| c.is_alphanumeric()).collect();
            !(word.is_empty() || word.chars().count() >= 3 && word.chars().all(char::is_lowercase))
        }
        Some(c) if "/.:,'(".contains(c) => rev.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// Sets `caps` (of the numeral regex) to the match of a run of digits `span`: the whole match,
/// and group `n1` (at `slots`) the same.
fn digits_only(caps: &mut Captures, span: std::ops::Range<usize>, slots: (usize, usize)) {
    use regex_automata::util::primitives::NonMaxUsize;
    caps.set_pattern(None);
    let all = caps.slots_mut();
    all.fill(None);
    for (start, end) in [(0, 1), slots] {
        all[start] = NonMaxUsize::new(span.start);
        all[end] = NonMaxUsize::new(span.end);
    }
    caps.set_pattern(Some(regex_automata::PatternID::ZERO));
}

/// `f` of `s` lowercased (`str::to_lowercase`), without an allocation where `s` is short ASCII.
fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 48];
    if let Some(lower) = buf.get_mut(..s.len()).filter(|_| s.is_ascii()) {
        lower.copy_from_slice(s.as_bytes());
        lower.make_ascii_lowercase();
        // ASCII lowercased is ASCII.
        if let Ok(lower) = std::str::from_utf8(lower) {
            return f(lower);
        }
    }
    f(&s.to_lowercase())
}

/// `f` of the key a currency or unit phrase is looked up by: `s` lowercased, its words joined
/// by one space; without an allocation where `s` is short ASCII with single spaces between
/// its words (the key is then `s` lowercased).
fn with_phrase_key<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let b = s.as_bytes();
    let plain = !b.iter().any(|c| (0x09..=0x0d).contains(c))
        && !b.starts_with(b" ")
        && !b.ends_with(b" ")
        && !b.windows(2).any(|w| w == b"  ");
    if plain && s.is_ascii() {
        return with_lowercase(s, f);
    }
    let key = s.to_lowercase();
    f(&key.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn next_char(text: &str, pos: usize) -> usize {
    text[pos..].chars().next().map_or(text.len(), |c| pos + c.len_utf8())
}

/// Parses a numeral written with the given decimal and group separators. A point that is not
/// followed by exactly three digits is a decimal point even where the group separator is a
/// point (a German `3.5`).
pub fn parse_number(s: &str, decimal: char, group: char) -> Option<Decimal> {
    let groups_of_three = |sep: char| {
        let mut parts = s.split(sep).skip(1).peekable();
        parts.peek().is_some()
            && parts.all(|p| p.as_bytes().get(..3).is_some_and(|d| d.iter().all(u8::is_ascii_digit)))
    };
    let point_is_group = group == '.' && !s.contains(decimal) && groups_of_three('.');
    // The digits and the decimal point, one ASCII byte per character kept: on the stack for any
    // numeral a text states (no allocation per figure), on the heap beyond.
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let out: &mut [u8] = if s.len() <= stack.len() {
        &mut stack
    } else {
        heap.resize(s.len(), 0);
        &mut heap
    };
    let mut len = 0;
    for c in s.chars() {
        let keep = match c {
            c if c.is_ascii_digit() => Some(c as u8),
            c if c == decimal => Some(b'.'),
            '.' if group == '.' && !point_is_group && !s.contains(decimal) => Some(b'.'),
            c if c == group || c.is_whitespace() => None,
            _ => return None,
        };
        if let Some(b) = keep {
            // At most one byte per character, and `out` has one per byte of `s`.
            *out.get_mut(len)? = b;
            len += 1;
        }
    }
    Decimal::from_str(std::str::from_utf8(&out[..len]).ok()?).ok()
}

/// Both renderings of a figure, German and English.
pub fn renderings(fig: &Figure) -> (String, String) {
    (render(fig, "de"), render(fig, "en"))
}

/// The tables of a language (those [`extractor`] reads), without compiling its extractor.
fn tables_for(lang: &str) -> &'static Tables {
    match lang {
        "de" => &DE_TABLES,
        "en" => &EN_TABLES,
        _ => &GENERIC_TABLES,
    }
}

#[cfg(test)]
mod tests;
