//! Language detection for articles and sentences.
//!
//! Wraps whatlang and maps its ISO 639-3 codes to the ISO 639-1 codes used everywhere else in
//! lexbridge (file names such as `x.de.txt`, glossary `lang` cells, data folders). The mapping
//! is data (`src/data/languages.tsv`). For an article with a declared language, its function
//! words (`src/data/function_words/`) may settle that language first, sparing whatlang's fixed
//! cost; they never name a language of their own. This module never guesses on empty input: it
//! returns `None` when whatlang cannot decide.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The rows of `data/languages.tsv`: whatlang's ISO 639-3 code and ours.
fn language_table() -> impl Iterator<Item = (&'static str, &'static str)> {
    include_str!("data/languages.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
}

static ISO3_TO_ISO1: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| language_table().collect());

/// The other way round: the first ISO 639-3 code in the table for each ISO 639-1 code.
static ISO1_TO_ISO3: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (iso3, iso1) in language_table() {
        map.entry(iso1).or_insert(iso3);
    }
    map
});

/// A language guess for a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code where we know one (`de`), else whatlang's ISO 639-3 code.
    pub lang: String,
    /// whatlang's confidence, 0.0–1.0.
    pub confidence: f64,
    /// whatlang's own judgement whether the guess can be relied on.
    pub reliable: bool,
}

/// Detects the language of `text`; `None` when there is nothing to go on.
pub fn detect(text: &str) -> Option<Detection> {
    let info = whatlang::detect(text)?;
    let iso3 = info.lang().code();
    let lang = ISO3_TO_ISO1.get(iso3).map_or_else(|| iso3.to_string(), |c| c.to_string());
    Some(Detection { lang, confidence: info.confidence(), reliable: info.is_reliable() })
}

/// Whether `text` is detected as `lang`, reliably: exactly whether [`detect`] would name `lang`
/// and call itself reliable. `other` is the language the text should be in.
///
/// whatlang scores every language of the text's script (about 660,000 instructions for a
/// sentence, whatever its length). Here it first weighs only `lang` and `other`: it scores each
/// language on its own (alphabet and trigram distance), so a text whose better of the two is not
/// `lang` cannot have `lang` as the best of all. Only a text where `lang` wins that round is
/// asked of every language. The tests hold this against the full detection on every sentence of
/// the bundled corpus and of our texts in twelve languages. Each thread remembers its latest
/// answers (see [`ReliablyIn`]).
pub fn reliably_in(text: &str, lang: &str, other: &str) -> bool {
    // The codes come from the input too (a declared language is any string).
    if text.len() + lang.len() + other.len() > RELIABLY_IN_LONGEST {
        return reliably_in_uncached(text, lang, other);
    }
    RELIABLY_IN.with_borrow_mut(|memo| {
        memo.key.clear();
        // The lengths of the codes first: no two questions share a key.
        let (l, o) = (lang.len().to_le_bytes(), other.len().to_le_bytes());
        memo.key.extend([l, o].iter().flatten().map(|&b| char::from(b)));
        memo.key.extend([lang, other, text]);
        if let Some(&known) = memo.answers.get(memo.key.as_str()) {
            return known;
        }
        let answer = reliably_in_uncached(text, lang, other);
        if memo.answers.len() >= RELIABLY_IN_REMEMBERED {
            memo.answers.clear();
        }
        memo.answers.insert(memo.key.clone(), answer);
        answer
    })
}

/// How many answers of [`reliably_in`] a thread keeps.
const RELIABLY_IN_REMEMBERED: usize = 4096;
/// The longest question, in bytes (the text and the two language codes), whose answer is kept:
/// a sentence that comes back is short (a title, a stock phrase), and the bound keeps a thread's
/// answers under about 2.2 MB whatever the input (a paragraph without punctuation is one
/// "sentence" of any length, a declared language any string).
const RELIABLY_IN_LONGEST: usize = 512;

/// The answers [`reliably_in`] gave on this thread, by language, other language and text: a
/// title or a stock sentence ("Consumer advocates welcomed the decision.") comes back in many
/// articles, and each detection costs from 70,000 to 700,000 instructions. Cleared when full.
#[derive(Default)]
struct ReliablyIn {
    answers: rustc_hash::FxHashMap<String, bool>,
    /// The key being looked up, reused.
    key: String,
}

thread_local! {
    static RELIABLY_IN: std::cell::RefCell<ReliablyIn> = std::cell::RefCell::default();
}

/// [`reliably_in`] without the memory of earlier answers.
fn reliably_in_uncached(text: &str, lang: &str, other: &str) -> bool {
    if let (Some(l), Some(o)) = (whatlang_lang(lang), whatlang_lang(other)) {
        let first_round = whatlang::Detector::with_allowlist(vec![l, o]).detect(text);
        if first_round.is_none_or(|info| info.lang() != l) {
            return false;
        }
    }
    detect(text).is_some_and(|d| d.lang == lang && d.reliable)
}

/// whatlang's language for a code as lexbridge writes it (ISO 639-1 where there is one, else
/// whatlang's ISO 639-3).
fn whatlang_lang(code: &str) -> Option<whatlang::Lang> {
    whatlang::Lang::from_code(ISO1_TO_ISO3.get(code).copied().unwrap_or(code))
}

/// How much of an article [`detect_article`] reads: whatlang's confidence on news text
/// saturates long before this.
pub const SAMPLE_BYTES: usize = 1024;

/// Detects the language of an article from its first [`SAMPLE_BYTES`] bytes (cut at the last
/// whitespace before the limit, so no word is split): bounded work for any article size.
///
/// Where the article declares a language and its function words settle it (see
/// [`settled_by_function_words`]), that is the answer, with confidence 1.0: whatlang costs about
/// a million instructions per call whatever the length (it scores the text against every
/// profile of its script), more than all the rest of the pipeline does with an article, and on
/// such a text it says the same. Every other article gets whatlang's guess.
pub fn detect_article(text: &str, declared: Option<&str>) -> Option<Detection> {
    let sample = sample(text, SAMPLE_BYTES);
    if let Some(lang) = declared.filter(|&l| settled_by_function_words(sample, l)) {
        return Some(Detection { lang: lang.to_string(), confidence: 1.0, reliable: true });
    }
    detect(sample)
}

/// The function words of each language that has a list (`data/function_words/<lang>.txt`): for
/// each word, the set of languages whose list has it, as a bit mask over `langs`.
struct FunctionWords {
    langs: Vec<&'static str>,
    /// The words (in lowercase) that [`packed_bytes`] packs (at most eight bytes: nearly all).
    packed: PackedTable<u32>,
    /// The others.
    words: rustc_hash::FxHashMap<String, u32>,
    /// The length in bytes of the longest word: no longer word needs looking up.
    longest: usize,
    /// Whether every word is made of letters only (ASCII or U+00C0..=U+024F): then a word with
    /// a digit or a middle character (`z.B`, `4,000`) is none of them.
    letters_only: bool,
}

/// The function-word lists, one per language; each word's languages are a bit mask over them.
const FUNCTION_WORD_LISTS: &[(&str, &str)] = &[
    ("de", include_str!("data/function_words/de.txt")),
    ("en", include_str!("data/function_words/en.txt")),
    ("fr", include_str!("data/function_words/fr.txt")),
    ("es", include_str!("data/function_words/es.txt")),
    ("it", include_str!("data/function_words/it.txt")),
    ("pt", include_str!("data/function_words/pt.txt")),
    ("nl", include_str!("data/function_words/nl.txt")),
    ("sv", include_str!("data/function_words/sv.txt")),
    ("da", include_str!("data/function_words/da.txt")),
    ("nb", include_str!("data/function_words/nb.txt")),
    ("pl", include_str!("data/function_words/pl.txt")),
    ("cs", include_str!("data/function_words/cs.txt")),
    ("ro", include_str!("data/function_words/ro.txt")),
    ("hu", include_str!("data/function_words/hu.txt")),
    ("fi", include_str!("data/function_words/fi.txt")),
    ("tr", include_str!("data/function_words/tr.txt")),
    ("hr", include_str!("data/function_words/hr.txt")),
    ("af", include_str!("data/function_words/af.txt")),
    ("ca", include_str!("data/function_words/ca.txt")),
];
const _: () = assert!(FUNCTION_WORD_LISTS.len() <= 32, "the language masks are u32");

static FUNCTION_WORDS: LazyLock<FunctionWords> = LazyLock::new(|| {
    let lists = FUNCTION_WORD_LISTS;
    let mut words = rustc_hash::FxHashMap::<String, u32>::default();
    let mut packed = rustc_hash::FxHashMap::<u64, u32>::default();
    let (mut longest, mut letters_only) = (0, true);
    for (bit, (_, list)) in lists.iter().enumerate() {
        for word in list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let word = word.to_lowercase();
            letters_only &= word.chars().all(|c| {
                c.is_ascii_alphabetic() || (('\u{c0}'..='\u{24f}').contains(&c) && c != '×' && c != '÷')
            });
            longest = longest.max(word.len());
            match packed_bytes(&word) {
                Some(key) => *packed.entry(key).or_default() |= 1 << bit,
                None => *words.entry(word).or_default() |= 1 << bit,
            }
        }
    }
    let packed = PackedTable::new(packed);
    FunctionWords { langs: lists.iter().map(|&(l, _)| l).collect(), packed, words, longest, letters_only }
});

impl FunctionWords {
    /// The languages whose lists have `word`, in any case, as a bit mask over `langs` (0: none).
    /// `lower` is reused for a word that does not pack.
    fn mask(&self, word: &str, lower: &mut String) -> u32 {
        let key = packed_lowercase(word).or_else(|| {
            lower.clear();
            crate::segment::push_lowercase(lower, word);
            packed_bytes(lower)
        });
        match key {
            Some(key) => self.packed.get(key),
            None => self.words.get(lower.as_str()).copied(),
        }
        .unwrap_or(0)
    }
}

/// An ASCII word of one to eight bytes (no NUL) in lowercase, packed into a number, byte `i` in
/// bits `8i..8i + 8`: two such words are the same in lowercase exactly when their numbers are
/// equal, and a number is hashed and compared in a few instructions, a string in a few dozen.
/// `None` for any other word.
#[inline]
pub(crate) fn packed_lowercase(word: &str) -> Option<u64> {
    let key = packed_bytes(word)?;
    (key & 0x8080_8080_8080_8080 == 0).then(|| ascii_lowercase_packed(key))
}

/// A text of one to eight bytes (no NUL), in any script, packed as it is into a number as
/// [`packed_lowercase`] packs: two such texts are equal exactly when their numbers are, and an
/// ASCII text in lowercase packs to what [`packed_lowercase`] gives for it in any case. What
/// lowercase words of other scripts (`über`, `kläger`) are keyed by. `None` for any other text.
#[inline]
pub(crate) fn packed_bytes(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    let n = bytes.len();
    // The bytes in their places, read at most four at a time: two reads that overlap where the
    // word is shorter than their sum put the same byte in the same place twice.
    let key = match *bytes {
        [] => return None,
        [a] => u64::from(a),
        [a, b] => u64::from(a) | u64::from(b) << 8,
        [a, b, c] => u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16,
        _ if n <= 8 => {
            let four = |i: usize| {
                let mut w = [0u8; 4];
                w.copy_from_slice(&bytes[i..i + 4]);
                u64::from(u32::from_le_bytes(w))
            };
            four(0) | four(n - 4) << (8 * (n - 4))
        }
        _ => return None,
    };
    // No byte of the word is 0: a 0 byte alone borrows into its high bit when 1 is taken from
    // every byte, unless that bit is set (a byte of 0x80 or above, which is no 0). A borrow only
    // ever comes from a 0 below, so the bytes above the word's end cannot make one of its bytes
    // look like 0, and a byte above a 0 that looks like one does not matter.
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let in_word = if n == 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
    let zero = key.wrapping_sub(0x0101_0101_0101_0101) & !key & HIGH & in_word;
    (zero == 0).then_some(key)
}

/// A table built once from words packed by [`packed_lowercase`] or [`packed_bytes`] to values: open addressing in a
/// power-of-two array at most a quarter full, hashed by one multiplication, probed linearly. A
/// lookup costs about a dozen instructions; an `FxHashMap`'s costs about forty, which is what
/// the function words of every sentence and the stopwords of every summary paid.
pub(crate) struct PackedTable<V> {
    /// (key, value); key 0 (no packed word) marks an empty slot.
    slots: Vec<(u64, V)>,
    /// 64 minus the log2 of the number of slots: a hash's top bits are its slot.
    shift: u32,
}

impl<V: Copy + Default> Default for PackedTable<V> {
    fn default() -> Self {
        PackedTable::new([])
    }
}

impl<V: Copy + Default> PackedTable<V> {
    /// Fibonacci hashing: the golden ratio's fraction of 2^64.
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

    pub(crate) fn new(entries: impl IntoIterator<Item = (u64, V)>) -> PackedTable<V> {
        let entries: Vec<(u64, V)> = entries.into_iter().filter(|&(k, _)| k != 0).collect();
        let len = (entries.len() * 4).max(8).next_power_of_two();
        let mut table = PackedTable { slots: vec![(0, V::default()); len], shift: 64 - len.trailing_zeros() };
        for (key, value) in entries {
            let mut i = table.slot(key);
            while table.slots[i].0 != 0 && table.slots[i].0 != key {
                i = (i + 1) & (len - 1);
            }
            table.slots[i] = (key, value);
        }
        table
    }

    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(Self::MULTIPLIER) >> self.shift) as usize
    }

    /// The value of `key`, a packed word.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<V> {
        if key == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, v) = *self.slots.get(i)?;
            if k == key {
                return Some(v);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether the table has `key`.
    #[inline]
    pub(crate) fn contains(&self, key: u64) -> bool {
        self.get(key).is_some()
    }
}

/// Eight bytes packed in a number with their ASCII capitals lowered, all at once: the bytes
/// A..=Z get 0x20 added, every other byte (non-ASCII ones too) stays as it is.
#[inline]
pub(crate) fn ascii_lowercase_packed(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Each byte without its high bit plus 0x3f (0x25) reaches 0x80 where it is at least
    // b'A' (past b'Z'); no sum carries into the next byte.
    let low = x & !HIGH;
    let from_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = low + 0x2525_2525_2525_2525;
    let capitals = from_a & !past_z & !x & HIGH;
    x | (capitals >> 2)
}

/// The fewest function words of its own a text needs before they can settle its language.
const SETTLE_MIN_OWN: usize = 12;
/// The least share of a text's words, in per cent, that must be function words of its
/// language. News in the language itself reaches 30–47 % (measured on the bundled and generated
/// corpora and `tests/data/languages`); a text in a neighbouring language can reach 33 % too
/// (Afrikaans under Dutch), which is why the foreign words below decide.
const SETTLE_MIN_OWN_PERCENT: usize = 25;
/// The most function words of other languages a settled text may have, per own word. News in
/// the language itself has a dozen or more own words per foreign one (a name, a quoted
/// phrase); a text in a neighbouring language has at most 2.3 (Afrikaans under Dutch,
/// Portuguese under Spanish).
const SETTLE_MAX_FOREIGN_PER_OWN: usize = 10;

/// Whether `text` is so plainly in `lang` that no detector could say otherwise: at least
/// [`SETTLE_MIN_OWN`] words, and [`SETTLE_MIN_OWN_PERCENT`] % of all its words, are function
/// words of `lang`, and at most one in [`SETTLE_MAX_FOREIGN_PER_OWN`] is a word only other
/// languages' lists have. False for a language without a list, and for one the detector confuses
/// with a neighbour (`data/close_languages.txt`: Danish and Norwegian, Spanish and Catalan …):
/// which of those a text is in stays whatlang's call.
pub fn settled_by_function_words(text: &str, lang: &str) -> bool {
    !in_a_close_group(lang)
        && function_word_counts(text, lang).is_some_and(|(words, own, foreign)| {
            own >= SETTLE_MIN_OWN
                && own * 100 >= words * SETTLE_MIN_OWN_PERCENT
                && foreign * SETTLE_MAX_FOREIGN_PER_OWN <= own
        })
}

/// The words of `text`, those that are function words of `lang`, and those that are function
/// words of other languages only: `None` when `lang` has no list.
fn function_word_counts(text: &str, lang: &str) -> Option<(usize, usize, usize)> {
    let fw = &*FUNCTION_WORDS;
    let bit = fw.langs.iter().position(|&l| l == lang)?;
    let own_mask = 1u32 << bit;
    function_word_counts_by_byte(text, fw, own_mask)
        .or_else(|| Some(function_word_counts_by_word(text, fw, own_mask)))
}

/// [`function_word_counts`] word by word, as `segment::words` gives them: for any text.
fn function_word_counts_by_word(text: &str, fw: &FunctionWords, own_mask: u32) -> (usize, usize, usize) {
    let (mut words, mut own, mut foreign) = (0usize, 0usize, 0usize);
    let mut lower = String::new();
    crate::segment::words(text).for_each(|w| {
        // Most words start with an ASCII letter: they have a letter, and more than one character
        // where they have more than one byte.
        let first = w.as_bytes().first().copied().unwrap_or(0);
        let has_letter = first.is_ascii_alphabetic()
            || if w.is_ascii() {
                w.bytes().any(|b| b.is_ascii_alphabetic())
            } else {
                w.chars().any(char::is_alphabetic)
            };
        if !has_letter {
            return;
        }
        words += 1;
        let single = w.len() < 2 || (!first.is_ascii() && w.chars().nth(1).is_none());
        if w.len() > fw.longest || single {
            return; // longer than any function word, or a single letter (an initial, `z. B.`)
        }
        match fw.mask(w, &mut lower) {
            0 => {}
            mask if mask & own_mask != 0 => own += 1,
            _ => foreign += 1,
        }
    });
    (words, own, foreign)
}

/// A character's Word Break class (UAX #29), as `segment::words` tells them apart on the text it
/// cuts in one pass (ASCII, Latin letters, common punctuation).
const LETTER: u8 = 0;
const DIGIT: u8 = 1;
/// `_`
const JOINER: u8 = 2;
/// `:`
const MID_LETTER: u8 = 3;
/// `,` `;`
const MID_NUM: u8 = 4;
/// `.` `'` `‘` `’`
const MID_BOTH: u8 = 5;
const OTHER: u8 = 6;
/// A character `segment::words` leaves to unicode-segmentation: the byte pass gives up.
const UNKNOWN: u8 = 7;

/// The class of every ASCII byte; the lead bytes of other characters are `UNKNOWN` here and
/// looked at by [`class_at`].
static BYTE_CLASS: [u8; 256] = {
    let mut table = [UNKNOWN; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            b'_' => JOINER,
            b':' => MID_LETTER,
            b',' | b';' => MID_NUM,
            b'.' | b'\'' => MID_BOTH,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// The class and length of the character at byte `i` of `bytes` (valid UTF-8, `i` a char
/// boundary): `None` at the end.
#[inline]
fn class_at(bytes: &[u8], i: usize) -> Option<(u8, usize)> {
    let b = *bytes.get(i)?;
    if b < 0x80 {
        return Some((BYTE_CLASS[usize::from(b)], 1));
    }
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    Some(match (b, next(1)) {
        // U+00A0 no-break space, § « ° ».
        (0xc2, 0xa0 | 0xa7 | 0xab | 0xb0 | 0xbb) => (OTHER, 2),
        // × ÷; every other character of U+00C0..=U+024F is a Latin letter.
        (0xc3, 0x97 | 0xb7) => (OTHER, 2),
        (0xc3..=0xc8, _) => (LETTER, 2),
        (0xc9, 0x80..=0x8f) => (LETTER, 2),
        // ‘ ’; – — “ ” „ • …; €.
        (0xe2, 0x80) => match next(2) {
            0x98 | 0x99 => (MID_BOTH, 3),
            0x93 | 0x94 | 0x9c | 0x9d | 0x9e | 0xa2 | 0xa6 => (OTHER, 3),
            _ => (UNKNOWN, 3),
        },
        (0xe2, 0x82) if next(2) == 0xac => (OTHER, 3),
        _ => (UNKNOWN, 1),
    })
}

/// [`function_word_counts`] in one pass over the bytes of `text`: the words cut as
/// `segment::words` cuts them (letters, digits and `_` join; a letter, `:`, `.`, `'`, `‘` or
/// `’` and a letter join; a digit, `,`, `;`, `.`, `'`, `‘` or `’` and a digit join), but with
/// no `&str` per word and no word looked up that cannot be a function word (one with a digit or
/// a middle character, a single letter, or one longer than the longest). An ASCII word is keyed
/// straight from its bytes; a short word with other letters goes through
/// [`FunctionWords::mask`]. `None` on a text with a character `segment::words` leaves to
/// unicode-segmentation (or when a list has a word of other than letters): the caller then
/// counts word by word.
fn function_word_counts_by_byte(
    text: &str,
    fw: &FunctionWords,
    own_mask: u32,
) -> Option<(usize, usize, usize)> {
    if !fw.letters_only {
        return None;
    }
    let bytes = text.as_bytes();
    let joins = |k: u8| k <= JOINER;
    let (mut words, mut own, mut foreign) = (0usize, 0usize, 0usize);
    let mut lower = String::new();
    let mut i = 0;
    loop {
        // Up to the next character that starts a segment: ASCII punctuation and spaces by the
        // byte.
        while bytes.get(i).is_some_and(|&b| BYTE_CLASS[usize::from(b)] > JOINER && b < 0x80) {
            i += 1;
        }
        // Most words are ASCII letters up to a space or punctuation that joins nothing: such a
        // word is done at once, keyed from the eight bytes at its start.
        let run = ascii_letters_at(bytes, i);
        if run > 0 && ends_a_letter_run(bytes, i + run) {
            words += 1;
            if run > 8 && run <= fw.longest {
                // No list has such a word today; the packed keys are for eight bytes at most.
                match fw.mask(&text[i..i + run], &mut lower) {
                    0 => {}
                    mask if mask & own_mask != 0 => own += 1,
                    _ => foreign += 1,
                }
            } else if run >= 2 && run <= fw.longest {
                let key = match bytes.get(i..i + 8) {
                    Some(chunk) => {
                        let mut word = [0; 8];
                        word.copy_from_slice(chunk);
                        let all = u64::from_le_bytes(word);
                        if run == 8 {
                            all
                        } else {
                            all & ((1u64 << (8 * run)) - 1)
                        }
                    }
                    None => packed_bytes(&text[i..i + run]).unwrap_or(0),
                };
                match fw.packed.get(ascii_lowercase_packed(key)).unwrap_or(0) {
                    0 => {}
                    mask if mask & own_mask != 0 => own += 1,
                    _ => foreign += 1,
                }
            }
            i += run;
            continue;
        }
        let Some((first, len)) = class_at(bytes, i) else {
            return Some((words, own, foreign));
        };
        if first == UNKNOWN {
            return None;
        }
        if !joins(first) {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        let (mut prev, mut chars) = (first, 1usize);
        // Whether the word has a letter (then it is a word: segments of `_` alone are not), and
        // nothing but letters.
        let (mut letter, mut plain) = (first == LETTER, first == LETTER);
        let mut ascii = len == 1;
        loop {
            // The common case, a run of ASCII letters, eight bytes at a time.
            let run = ascii_letters_at(bytes, i);
            if run > 0 {
                i += run;
                chars += run;
                prev = LETTER;
                letter = true;
            }
            let Some((k, len)) = class_at(bytes, i) else { break };
            if k == UNKNOWN {
                return None;
            }
            if joins(k) {
                i += len;
                chars += 1;
                prev = k;
                letter |= k == LETTER;
                plain &= k == LETTER;
                ascii &= len == 1;
                continue;
            }
            let mid = match prev {
                LETTER => k == MID_LETTER || k == MID_BOTH,
                DIGIT => k == MID_NUM || k == MID_BOTH,
                _ => false,
            };
            if !mid {
                break;
            }
            match class_at(bytes, i + len) {
                Some((UNKNOWN, _)) => return None,
                Some((next, len2)) if next == prev => {
                    i += len + len2;
                    chars += 2;
                    plain = false;
                }
                _ => break,
            }
        }
        if !letter {
            continue;
        }
        words += 1;
        if !plain || chars < 2 || i - start > fw.longest {
            continue;
        }
        let word = &text[start..i];
        let mask = if ascii {
            packed_bytes(word).map_or(0, |key| fw.packed.get(ascii_lowercase_packed(key)).unwrap_or(0))
        } else {
            fw.mask(word, &mut lower)
        };
        match mask {
            0 => {}
            mask if mask & own_mask != 0 => own += 1,
            _ => foreign += 1,
        }
    }
}

/// Whether a run of ASCII letters that stops at byte `end` is a whole word: the text ends there,
/// or an ASCII character follows that joins nothing to letters (a space, most punctuation, a
/// digit or `_` excepted), or `:`, `.` or `'` that no letter follows.
#[inline]
fn ends_a_letter_run(bytes: &[u8], end: usize) -> bool {
    let Some(&b) = bytes.get(end) else { return true };
    match BYTE_CLASS[usize::from(b)] {
        OTHER | MID_NUM => true,
        MID_LETTER | MID_BOTH => bytes.get(end + 1).is_none_or(|&n| n < 0x80 && !n.is_ascii_alphabetic()),
        _ => false,
    }
}

/// How many ASCII letters there are in `bytes` from `i` on, before anything else: eight bytes
/// at a time.
#[inline]
fn ascii_letters_at(bytes: &[u8], i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    while let Some(chunk) = bytes.get(i + n..i + n + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        // With 0x20 set, a letter is a byte of b'a'..=b'z'; nothing else gets there.
        let x = u64::from_le_bytes(word) | 0x2020_2020_2020_2020;
        let low = x & !HIGH;
        // A byte without its high bit plus 0x1f reaches 0x80 from b'a' on, plus 0x05 past b'z';
        // no sum carries into the next byte.
        let letters = (low + 0x1f1f_1f1f_1f1f_1f1f) & !(low + 0x0505_0505_0505_0505) & !x & HIGH;
        let others = !letters & HIGH;
        if others != 0 {
            return n + (others.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while bytes.get(i + n).is_some_and(u8::is_ascii_alphabetic) {
        n += 1;
    }
    n
}

/// The cheap test that spares most target sentences the language detector: among `words` are
/// at least two function words that `lang` has and `other` has not (`the`, `of`, `and` for
/// English against German) and none that `other` has and `lang` has not (`der`, `und`,
/// `nicht`). A sentence left in `other` always has some of its own function words, so this never
/// hides an untranslated one. False where either language has no list.
pub fn clearly_in<'w>(words: impl Iterator<Item = &'w str>, lang: &str, other: &str) -> bool {
    let fw = &*FUNCTION_WORDS;
    let bit = |code: &str| fw.langs.iter().position(|&l| l == code).map(|b| 1u32 << b);
    let (Some(own_mask), Some(other_mask)) = (bit(lang), bit(other)) else {
        return false;
    };
    let mut own = 0usize;
    let mut lower = String::new();
    for w in words.filter(|w| w.len() <= fw.longest) {
        let mask = fw.mask(w, &mut lower);
        match (mask & own_mask != 0, mask & other_mask != 0) {
            (false, true) => return false,
            (true, false) => own += 1,
            _ => {}
        }
    }
    own >= 2
}

/// The first `max` bytes of `text`, cut at a whitespace (or a char boundary if there is none).
fn sample(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match head.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &head[..i],
        _ => head,
    }
}

/// Whether the detector knows language `code` (ISO 639-1 as lexbridge writes it, or whatlang's
/// ISO 639-3): only then can a declared language be contradicted by detection.
pub fn is_detectable(code: &str) -> bool {
    whatlang::Lang::from_code(code).is_some() || ISO3_TO_ISO1.values().any(|&c| c == code)
}

/// Groups of languages the detector confuses (`data/close_languages.txt`).
static CLOSE: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    include_str!("data/close_languages.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect()
});

fn in_a_close_group(lang: &str) -> bool {
    CLOSE.iter().any(|g| g.contains(&lang))
}

fn close(a: &str, b: &str) -> bool {
    CLOSE.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// The least confidence and text length at which a detection may overrule a declared language.
const OVERRULE_CONFIDENCE: f64 = 0.9;
const OVERRULE_MIN_LETTERS: usize = 200;

/// The language `text` is written in when it is clearly not `declared`: the detector is
/// reliable and confident, the text long enough (at least 200 letters), the declared language
/// one it knows and not one it confuses with the detected one (Croatian/Serbian, Danish/Norwegian
/// …). `None` when the text may well be in `declared`.
pub fn contradicts(declared: &str, text: &str, detection: Option<&Detection>) -> Option<String> {
    let d = detection?;
    if d.lang == declared
        || !d.reliable
        || d.confidence < OVERRULE_CONFIDENCE
        || !is_detectable(declared)
        || close(declared, &d.lang)
    {
        return None;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).take(OVERRULE_MIN_LETTERS).count();
    (letters >= OVERRULE_MIN_LETTERS).then(|| d.lang.clone())
}

/// The English name of a language code, for messages (`fr` → French); the code itself when
/// unknown.
pub fn name(code: &str) -> String {
    whatlang_lang(code).map_or_else(|| code.to_string(), |l| l.eng_name().to_string())
}

/// Normalizes a user-given language tag (`DE`, `de-DE`, `en_GB`) to its primary subtag.
pub fn normalize_tag(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or(tag).trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_settle_only_clear_target_sentences() {
        // (sentence, settled as English against German)
        let cases: &[(&str, bool)] = &[
            ("The court ordered the company to pay damages of 4,000 euros.", true),
            ("According to the Federal Court of Justice, the bank must repay the fees.", true),
            ("Das Gericht verurteilte das Unternehmen zur Zahlung von Schadensersatz.", false),
            ("The court said: Die Klägerin habe keinen Anspruch auf Ersatz.", false),
            ("Meta Platforms appeals.", false),
            ("BGH, Urteil vom 18. November 2024, VI ZR 10/24", false),
        ];
        for &(text, settled) in cases {
            assert_eq!(clearly_in(crate::segment::words(text), "en", "de"), settled, "{text}");
        }
    }

    #[test]
    fn detects_german_and_english_news_sentences() {
        let de = detect("Das Landgericht München I hat den Konzern zur Zahlung von Schadensersatz verurteilt, teilte eine Sprecherin am Dienstag mit.").unwrap();
        assert_eq!(de.lang, "de");
        let en = detect(
            "The Regional Court of Munich ordered the company to pay damages, a spokeswoman said on Tuesday.",
        )
        .unwrap();
        assert_eq!(en.lang, "en");
        let fr = detect(
            "La CNIL a infligé une amende de 1,5 million d'euros à la société pour manquements au règlement.",
        )
        .unwrap();
        assert_eq!(fr.lang, "fr");
    }

    #[test]
    fn nothing_to_detect_is_none() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("1234 5678"), None);
    }

    #[test]
    fn samples_end_at_a_word_boundary_and_never_split_a_char() {
        let cases: &[(&str, usize, &str)] = &[
            ("Das Gericht entschied.", 100, "Das Gericht entschied."),
            ("Das Gericht entschied am Dienstag.", 20, "Das Gericht"),
            ("Übergröße", 3, "Üb"),
            ("Übergröße", 2, "Ü"),
            ("ÄÖÜäöüß", 4, "ÄÖ"),
        ];
        for &(text, max, want) in cases {
            assert_eq!(sample(text, max), want, "{text:?} {max}");
        }
        let long = "Der Bundesgerichtshof hat entschieden, dass die Bank das Entgelt zurückzahlen muss. "
            .repeat(200);
        assert_eq!(detect_article(&long, None).unwrap().lang, "de");
    }

    #[test]
    fn a_long_confident_detection_contradicts_a_wrong_declaration_only() {
        let fr = "La CNIL a infligé une amende de 1,5 million d'euros à la société pour manquements au règlement général sur la protection des données. ".repeat(3);
        let d = detect(&fr);
        assert_eq!(contradicts("en", &fr, d.as_ref()).as_deref(), Some("fr"));
        assert_eq!(contradicts("fr", &fr, d.as_ref()), None);
        assert_eq!(contradicts("xx", &fr, d.as_ref()), None, "a language the detector does not know");
        let hr = Detection { lang: "srp".into(), confidence: 1.0, reliable: true };
        assert_eq!(contradicts("hr", &fr, Some(&hr)), None, "languages the detector confuses");
        let short = "La CNIL a infligé une amende.";
        assert_eq!(contradicts("en", short, detect(short).as_ref()), None, "too short to overrule");
        assert_eq!((name("fr"), name("de"), name("xx")), ("French".into(), "German".into(), "xx".into()));
    }

    #[test]
    fn packed_words_are_equal_exactly_when_their_lowercase_is() {
        // Every byte in every position is lowered as `to_ascii_lowercase` lowers it.
        for b in 0..=255u8 {
            for i in 0..8 {
                let packed = ascii_lowercase_packed(u64::from(b) << (8 * i) | 0x4142_4344_5a5b_607a);
                let want = u64::from_le_bytes(
                    (u64::from(b) << (8 * i) | 0x4142_4344_5a5b_607a)
                        .to_le_bytes()
                        .map(|x| x.to_ascii_lowercase()),
                );
                assert_eq!(packed, want, "{b:#x} at {i}");
            }
        }
        let words = [
            "der",
            "DER",
            "Der",
            "dEr",
            "the",
            "The",
            "x",
            "zwischen",
            "ZWISCHEN",
            "zwischenz",
            "über",
            "",
            "a\0",
        ];
        for a in words {
            assert_eq!(
                packed_lowercase(a).is_some(),
                (1..=8).contains(&a.len()) && a.is_ascii() && !a.contains('\0')
            );
            for b in words {
                if let (Some(x), Some(y)) = (packed_lowercase(a), packed_lowercase(b)) {
                    assert_eq!(x == y, a.to_lowercase() == b.to_lowercase(), "{a:?} {b:?}");
                }
            }
        }
    }

    /// The packing by whole numbers against the packing byte by byte: every byte value at every
    /// place of words of every length from one to nine bytes.
    #[test]
    fn packed_lowercase_packs_byte_by_byte() {
        let by_byte = |word: &[u8]| -> Option<u64> {
            if word.is_empty() || word.len() > 8 || word.iter().any(|&b| b == 0 || b >= 0x80) {
                return None;
            }
            Some(word.iter().rev().fold(0u64, |k, &b| k << 8 | u64::from(b.to_ascii_lowercase())))
        };
        for len in 1..=9 {
            for at in 0..len {
                for b in 0..0x80u8 {
                    let mut word = b"aBcDeFgHi"[..len].to_vec();
                    word[at] = b;
                    let text = String::from_utf8(word.clone()).unwrap_or_default();
                    assert_eq!(packed_lowercase(&text), by_byte(&word), "{text:?}");
                }
                let mut word = "aBcDeFgHi"[..len - 1].to_string();
                word.insert(at.min(word.len()), 'é');
                assert_eq!(packed_lowercase(&word), None, "{word:?}");
            }
        }
    }

    /// Texts in any script pack as they are: equal exactly when they are, and an ASCII text in
    /// lowercase as [`packed_lowercase`] packs it in any case.
    #[test]
    fn packed_bytes_are_equal_exactly_when_the_texts_are() {
        let texts = [
            "über",
            "Über",
            "kläger",
            "klägerin",
            "ß",
            "ss",
            "ab",
            "AB",
            "der",
            "dér",
            "zwischen",
            "zwischenz",
            "€",
            "€uro",
            "",
            "a\0",
            "\0",
            "ä\0",
            "gegenüber",
            "für",
            "fur",
            "x",
        ];
        for a in texts {
            assert_eq!(packed_bytes(a).is_some(), (1..=8).contains(&a.len()) && !a.contains('\0'), "{a:?}");
            if a.is_ascii() && a == a.to_lowercase() {
                assert_eq!(packed_bytes(a), packed_lowercase(a), "{a:?}");
                assert_eq!(packed_bytes(a), packed_lowercase(&a.to_uppercase()), "{a:?}");
            }
            for b in texts {
                if let (Some(x), Some(y)) = (packed_bytes(a), packed_bytes(b)) {
                    assert_eq!(x == y, a == b, "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn a_packed_table_finds_what_it_was_given_and_nothing_else() {
        let keys: Vec<u64> = (1..2000u64).map(|k| k.wrapping_mul(0x0101_0101_0101_0101) >> (k % 9)).collect();
        let table = PackedTable::new(keys.iter().step_by(2).map(|&k| (k, k as u32)));
        let given: std::collections::HashSet<u64> = keys.iter().step_by(2).copied().collect();
        for &k in &keys {
            assert_eq!(table.get(k), given.contains(&k).then_some(k as u32), "{k:#x}");
        }
        assert_eq!(table.get(0), None);
        assert!(!PackedTable::<()>::new([]).contains(1));
    }

    #[test]
    fn function_words_are_found_in_any_case_and_script() {
        let fw = &*FUNCTION_WORDS;
        let bit = |l: &str| 1u32 << fw.langs.iter().position(|&x| x == l).unwrap();
        let mut lower = String::new();
        for (word, lang) in
            [("der", "de"), ("DER", "de"), ("Über", "de"), ("ÜBER", "de"), ("The", "en"), ("\u{212A}", "")]
        {
            let mask = fw.mask(word, &mut lower);
            let plain = word.to_lowercase();
            let want =
                packed_bytes(&plain).map_or_else(|| fw.words.get(&plain).copied(), |k| fw.packed.get(k));
            assert_eq!(mask, want.unwrap_or(0), "{word}");
            if !lang.is_empty() {
                assert_ne!(mask & bit(lang), 0, "{word} is a {lang} function word");
            }
        }
    }

    /// `mask` against a plain map from each list's lowercased words to their languages: every
    /// word of the bundled corpus, and every list word as written, in capitals and capitalized.
    #[test]
    fn function_word_masks_are_those_of_the_plain_lists() {
        let mut plain: HashMap<String, u32> = HashMap::new();
        for (bit, (_, list)) in FUNCTION_WORD_LISTS.iter().enumerate() {
            for word in list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                *plain.entry(word.to_lowercase()).or_default() |= 1 << bit;
            }
        }
        let mut words: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            words.extend(crate::segment::words(&text).map(str::to_string));
        }
        for word in plain.keys() {
            let mut capitalized = word.chars();
            let first = capitalized.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
            words.extend([word.clone(), word.to_uppercase(), first + capitalized.as_str()]);
        }
        assert!(words.len() > 10_000, "{} words", words.len());
        let (fw, mut lower) = (&*FUNCTION_WORDS, String::new());
        let mut found = 0;
        for word in &words {
            let want = plain.get(&word.to_lowercase()).copied().unwrap_or(0);
            assert_eq!(fw.mask(word, &mut lower), want, "{word:?}");
            found += usize::from(want != 0);
        }
        assert!(found > words.len() / 4, "{found} of {} words are function words", words.len());
    }

    /// The counts that settle an article, against counts taken plainly (every word lowercased
    /// and looked up in a map of the lists): every text of the bundled corpus and of
    /// `tests/data/languages`, in whole and in its first `SAMPLE_BYTES`, for every language.
    #[test]
    fn function_word_counts_are_the_plain_counts() {
        let mut plain: HashMap<String, u32> = HashMap::new();
        for (bit, (_, list)) in FUNCTION_WORD_LISTS.iter().enumerate() {
            for word in list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                *plain.entry(word.to_lowercase()).or_default() |= 1 << bit;
            }
        }
        let plain_counts = |text: &str, bit: usize| {
            let (mut words, mut own, mut foreign) = (0, 0, 0);
            for w in crate::segment::words(text) {
                if !w.chars().any(char::is_alphabetic) {
                    continue;
                }
                words += 1;
                if w.chars().count() < 2 {
                    continue;
                }
                match plain.get(&w.to_lowercase()).copied().unwrap_or(0) {
                    0 => {}
                    m if m & (1 << bit) != 0 => own += 1,
                    _ => foreign += 1,
                }
            }
            (words, own, foreign)
        };
        let mut texts: Vec<String> = Vec::new();
        for dir in ["corpus", "tests/data/languages"] {
            let Ok(entries) = std::fs::read_dir(format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"))) else {
                continue;
            };
            for entry in entries {
                texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
            }
        }
        texts.push("Über 1 x. Ä ÄÖ ß z. B. 4,000 _ __a ȘI și Ǆ ǆa".into());
        assert!(texts.len() > 40, "{} texts", texts.len());
        for text in &texts {
            for t in [text.as_str(), sample(text, SAMPLE_BYTES)] {
                for (bit, &(lang, _)) in FUNCTION_WORD_LISTS.iter().enumerate() {
                    assert_eq!(function_word_counts(t, lang), Some(plain_counts(t, bit)), "{lang} {t:.60}");
                }
            }
        }
    }

    /// The byte pass against the counts word by word: every character up to U+2FFF (and some
    /// beyond) between letters, digits and function words, alone and doubled; random mixes of
    /// letters, digits, punctuation and function words of the lists; and every text of the
    /// bundled corpus and `tests/data/languages`. Where the byte pass gives up (`None`) it must be
    /// for a text `segment::words` leaves to unicode-segmentation.
    #[test]
    fn function_words_by_byte_are_the_counts_word_by_word() {
        let fw = &*FUNCTION_WORDS;
        assert!(fw.letters_only, "the lists have words of other than letters");
        let check = |text: &str, checked: &mut usize| {
            for bit in 0..fw.langs.len() {
                let by_word = function_word_counts_by_word(text, fw, 1 << bit);
                match function_word_counts_by_byte(text, fw, 1 << bit) {
                    Some(by_byte) => {
                        assert_eq!(by_byte, by_word, "{} {text:?}", fw.langs[bit]);
                        *checked += 1;
                    }
                    None => assert!(!crate::segment::words(text).is_simple(), "gave up on {text:?}"),
                }
            }
        };
        let mut checked = 0;
        let chars =
            (0..0x3000u32).chain([0x1e9e, 0x212a, 0x2060, 0xfeff, 0x1f600]).filter_map(char::from_u32);
        for c in chars {
            for text in [
                format!("ab{c}cd der{c}die {c}und {c} 12{c}34 the{c}{c}of z.{c}B. Über{c}über {c}für"),
                format!("{c}"),
                format!("{c}{c}de"),
                format!("la{c}"),
            ] {
                check(&text, &mut checked);
            }
        }
        let pool: Vec<&str> = [
            "der", "Die", "UND", "the", "of", "für", "Über", "les", "à", "é", "ÉTÉ", "è", "y", "z", "4",
            "2024", ".", ",", ";", ":", "'", "’", "‘", "_", "-", " ", " ", " ", "\n", "€", "“", "„", "…",
            "\u{a0}", "ß", "ǅ", "Ș", "și", "×", "÷", "«", "»", "°", "§", "–", "—", "•", "l'", "d’", "U.S.",
            "4,000", "z.B.", "a_b", "__",
        ]
        .into_iter()
        .chain(
            FUNCTION_WORD_LISTS
                .iter()
                .flat_map(|(_, l)| l.lines().filter(|l| !l.starts_with('#')).step_by(7)),
        )
        .collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pool[(state % pool.len() as u64) as usize]);
                if state & 0x300 != 0 {
                    text.push(' ');
                }
            }
            check(&text, &mut checked);
        }
        for dir in ["corpus", "tests/data/languages"] {
            let Ok(entries) = std::fs::read_dir(format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"))) else {
                continue;
            };
            for entry in entries {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
                check(&text, &mut checked);
                check(sample(&text, SAMPLE_BYTES), &mut checked);
            }
        }
        assert!(checked > 100_000, "{checked} texts counted by the byte pass");
    }

    /// The run of ASCII letters eight bytes at a time against byte by byte: every byte value at
    /// every place of runs of every length up to twenty.
    #[test]
    fn ascii_letter_runs_are_counted_byte_by_byte() {
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = b"aBcDeFgHiJkLmNoPqRsTuVwXyZ"[..len].to_vec();
                    bytes[at] = b;
                    for start in 0..=len {
                        let want = bytes[start..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
                        assert_eq!(ascii_letters_at(&bytes, start), want, "{bytes:?} {start}");
                    }
                }
            }
        }
    }

    /// The remembered answers are those asked afresh, for a text asked again in the same and in
    /// other languages, when the memory is cleared on the way, and for codes whose
    /// concatenations are the same (`de` + `en` and `d` + `een`).
    #[test]
    fn reliably_in_remembers_the_answers_it_would_give() {
        let texts = [
            "Das Landgericht München I hat den Konzern zur Zahlung von Schadensersatz verurteilt.",
            "The Regional Court of Munich ordered the company to pay damages.",
            "Consumer advocates welcomed the decision.",
            "Verbraucherschützer begrüßten die Entscheidung.",
            "La CNIL a infligé une amende de 1,5 million d'euros à la société.",
        ];
        let pairs = [("de", "en"), ("en", "de"), ("fr", "en"), ("d", "een"), ("de", "e")];
        for round in 0..3 {
            for text in texts {
                for (lang, other) in pairs {
                    let fresh = reliably_in_uncached(text, lang, other);
                    assert_eq!(reliably_in(text, lang, other), fresh, "{round} {lang} {other} {text}");
                }
            }
            if round == 1 {
                for n in 0..RELIABLY_IN_REMEMBERED {
                    reliably_in(&format!("{n}"), "de", "en");
                }
            }
        }
        assert!(reliably_in(texts[0], "de", "en") && !reliably_in(texts[0], "en", "de"));
    }

    #[test]
    fn reliably_in_keeps_no_long_text() {
        let long = "Das Landgericht hat die Klage abgewiesen und dem Kläger die Kosten auferlegt ".repeat(8);
        assert!(long.len() > RELIABLY_IN_LONGEST);
        let kept = || RELIABLY_IN.with_borrow(|memo| memo.answers.len());
        let before = kept();
        assert_eq!(reliably_in(&long, "de", "en"), reliably_in_uncached(&long, "de", "en"));
        assert!(reliably_in(&long, "de", "en"));
        assert_eq!(kept(), before, "a text over the bound is answered, not kept");
        let long_code = "e".repeat(RELIABLY_IN_LONGEST);
        reliably_in("Die Kammer hat die Klage abgewiesen.", "de", &long_code);
        assert_eq!(kept(), before, "a question with a long language code is answered, not kept");
        reliably_in("Die Kammer hat die Klage abgewiesen.", "de", "en");
        assert_eq!(kept(), before + 1, "a short one is kept");
    }

    #[test]
    fn tags_are_normalized() {
        assert_eq!(normalize_tag("de-DE"), "de");
        assert_eq!(normalize_tag("EN_gb"), "en");
    }
}
