//! Anchor keys for the aligner, from sentence text: what two sentences that translate each other
//! have in common whatever their languages.
//!
//! Besides the keys the caller already has (normalized figures, glossary concepts), a sentence
//! gets its names, acronyms, numbers, URLs and e-mail addresses — but only those that also occur
//! somewhere in the other document, so German nouns, capitalized like names, do not count — and,
//! with a bilingual word list (`--dictionary`), the translations its words have in that list.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{Interned, Unit};

/// What the anchor builder needs of a sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures<'a> {
    pub text: &'a str,
    pub paragraph_start: bool,
    /// Keys that are language-neutral already (figure values, glossary concepts).
    pub keys: Vec<String>,
    /// The sentence's words ([`crate::segment::words`]) as byte ranges of `text`, where the
    /// caller has them (`None`: split here).
    pub words: Option<&'a [(u32, u32)]>,
}

/// A bilingual word list: source word → its target translations, all lowercase.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    translations: HashMap<String, Vec<String>>,
    targets: HashSet<String>,
}

/// A row of a word list that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: line {line}: {message}")]
pub struct DictionaryError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl Dictionary {
    /// Reads two columns separated by a tab (or, failing that, a comma): source word, target
    /// word. Blank lines and lines starting with `#` are skipped.
    pub fn parse(path: &str, text: &str) -> Result<Dictionary, DictionaryError> {
        let mut d = Dictionary::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts = line.split_once('\t').or_else(|| line.split_once(','));
            let Some((s, t)) = parts.map(|(s, t)| (s.trim().to_lowercase(), t.trim().to_lowercase())) else {
                return Err(DictionaryError {
                    path: path.to_string(),
                    line: i + 1,
                    message: "expected two columns, source word and target word, separated by a tab".into(),
                });
            };
            if t.contains('\t') {
                return Err(DictionaryError {
                    path: path.to_string(),
                    line: i + 1,
                    message: "more than two columns; give one source word and one target word".into(),
                });
            }
            if s.is_empty() || t.is_empty() {
                return Err(DictionaryError {
                    path: path.to_string(),
                    line: i + 1,
                    message: "an empty column".into(),
                });
            }
            d.targets.insert(t.clone());
            d.translations.entry(s).or_default().push(t);
        }
        Ok(d)
    }

    pub fn len(&self) -> usize {
        self.translations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.translations.is_empty()
    }
}

/// A word of a sentence and whether it identifies the sentence across languages: a name or
/// acronym (capitalized, not the first word), anything with a digit, a URL or an e-mail address.
#[derive(Debug, Clone, Copy)]
struct Word<'t> {
    text: &'t str,
    /// An identifier wherever it stands (two capitals, a digit, `.` or `@`).
    anywhere: bool,
    /// An identifier past the first word (also: three letters or more, capitalized).
    inside: bool,
    /// For an `inside` word, the number of its text among the pair's ([`shared_words`]), or
    /// [`UNNUMBERED`].
    id: u32,
    /// Whether it is the first word of its sentence (set by [`SideWords::new`]).
    first: bool,
}

/// What a byte says of an ASCII word: [`UPPER`], [`DIGIT`], [`MARK`] (`.` or `@`), or
/// [`NON_ASCII`] (the word needs a look at its characters).
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'.' || c == b'@' {
            MARK
        } else {
            0
        };
        b += 1;
    }
    t
};
const UPPER: u8 = 1;
const DIGIT: u8 = 2;
const MARK: u8 = 4;
const NON_ASCII: u8 = 8;
/// A one in each byte, and the high bit of each byte.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

impl<'t> Word<'t> {
    /// Classifies `text` in one pass over its bytes (two with a capital), or, with letters
    /// beyond ASCII, over its characters.
    #[inline]
    fn new(text: &'t str) -> Word<'t> {
        let bytes = text.as_bytes();
        let seen = bytes.iter().fold(0u8, |seen, &b| seen | BYTE_CLASS[b as usize]);
        if seen & NON_ASCII == 0 {
            // Most words have no capital, or one: capitals are counted only where there is one.
            let caps =
                if seen & UPPER == 0 { 0 } else { bytes.iter().filter(|b| b.is_ascii_uppercase()).count() };
            let anywhere = caps >= 2 || seen & (DIGIT | MARK) != 0;
            let first_upper = bytes.first().is_some_and(u8::is_ascii_uppercase);
            return Word {
                text,
                anywhere,
                inside: anywhere || bytes.len() >= 3 && first_upper,
                id: UNNUMBERED,
                first: false,
            };
        }
        let (mut caps, mut count, mut digit, mut mark, mut first_upper) =
            (0usize, 0usize, false, false, false);
        for c in text.chars() {
            if c.is_uppercase() {
                caps += 1;
                first_upper |= count == 0;
            }
            digit |= c.is_ascii_digit();
            mark |= c == '.' || c == '@';
            count += 1;
        }
        let anywhere = caps >= 2 || digit || mark;
        Word { text, anywhere, inside: anywhere || count >= 3 && first_upper, id: UNNUMBERED, first: false }
    }

    /// [`Word::new`] of `text`, which starts at byte `at` of `all` (its sentence): a word of up
    /// to eight bytes with eight bytes of the sentence from its start is classified as one
    /// number, without a loop over its bytes.
    #[inline]
    fn new_in(all: &[u8], at: usize, text: &'t str) -> Word<'t> {
        let len = text.len();
        let chunk = all.get(at..).and_then(|rest| rest.first_chunk::<8>());
        let (Some(chunk), 1..=8) = (chunk, len) else { return Word::new(text) };
        // The word's bytes, the rest zero (which is no capital, digit or mark).
        let x = u64::from_le_bytes(*chunk) & (u64::MAX >> (8 * (8 - len)));
        if x & HIGH != 0 {
            return Word::new(text);
        }
        // For ASCII bytes, the high bit of each byte says whether it is in the range.
        let within =
            |lo: u8, hi: u8| (x + ONES * u64::from(128 - lo)) & !(x + ONES * u64::from(127 - hi)) & HIGH;
        let zero = |v: u64| !(((v & !HIGH) + !HIGH) | v) & HIGH;
        let upper = within(b'A', b'Z');
        let digit = within(b'0', b'9');
        let mark = zero(x ^ (ONES * u64::from(b'.'))) | zero(x ^ (ONES * u64::from(b'@')));
        // Two capitals or more: more than one high bit.
        let anywhere = upper & upper.wrapping_sub(1) != 0 || digit | mark != 0;
        Word {
            text,
            anywhere,
            inside: anywhere || len >= 3 && upper & 0x80 != 0,
            id: UNNUMBERED,
            first: false,
        }
    }

    /// Whether this word is an identifier, where `first` says whether it opens its sentence.
    fn identifies(&self, first: bool) -> bool {
        self.anywhere || !first && self.inside
    }
}

/// A sentence's text, and its words as byte ranges of it where the caller has them.
type SentenceText<'t> = (&'t str, Option<&'t [(u32, u32)]>);

/// The words of a side's sentences, in order, one after the other.
struct SideWords<'t> {
    words: Vec<Word<'t>>,
    /// Where each sentence's words end in `words`.
    ends: Vec<usize>,
}

impl<'t> SideWords<'t> {
    /// The words of each sentence (its text, and its words as byte ranges where given): all of
    /// them with `all`, else only those that may be identifiers ([`Word::inside`]), the only
    /// ones name anchors are made of.
    fn new(side: impl ExactSizeIterator<Item = SentenceText<'t>>, all: bool) -> SideWords<'t> {
        let mut words = Vec::new();
        let mut ends = Vec::with_capacity(side.len());
        for (text, spans) in side {
            // Without `all`, the words that may be identifiers are found from the bytes that can
            // make one: most words are never looked at.
            if let Some(spans) = spans.filter(|spans| !all && spans.is_sorted_by(|x, y| x.1 <= y.0)) {
                push_inside(&mut words, text, spans);
                ends.push(words.len());
                continue;
            }
            let mut first = true;
            let mut push = |w: Word<'t>| {
                let mut w = w;
                w.first = std::mem::take(&mut first);
                if all || w.inside {
                    words.push(w);
                }
            };
            match spans {
                Some(spans) => {
                    for &(a, b) in spans {
                        if let Some(w) = text.get(a as usize..b as usize) {
                            push(Word::new_in(text.as_bytes(), a as usize, w));
                        }
                    }
                }
                None => crate::segment::words(text).for_each(|w| push(Word::new(w))),
            }
            ends.push(words.len());
        }
        SideWords { words, ends }
    }

    /// The words of each sentence.
    fn sentences(&self) -> impl Iterator<Item = &[Word<'t>]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.words[a..b])
    }
}

/// Whether each byte of `x` can make a word one that may be an identifier ([`Word::inside`]),
/// in its high bit: a byte from `.` to `Z` (which holds the digits, `@` and the capitals) or
/// one beyond ASCII. Every word that may be an identifier has one: a capital, a digit, `.` or
/// `@`, or a letter beyond ASCII.
#[inline(always)]
fn marks(x: u64) -> u64 {
    let low = x & !HIGH;
    // For the low seven bits of each byte the sums carry into no other byte.
    let within = (low + ONES * u64::from(128 - b'.')) & !(low + ONES * u64::from(127 - b'Z'));
    (within | x) & HIGH
}

/// Pushes the words of a sentence that may be identifiers, as [`SideWords::new`] does without
/// `all`: `spans` (its words as byte ranges of `text`) in order and not overlapping. Only the
/// words with a byte that can make one an identifier ([`marks`], found eight bytes at a time)
/// are classified; a word without one cannot be one, and is not looked at.
fn push_inside<'t>(words: &mut Vec<Word<'t>>, text: &'t str, spans: &[(u32, u32)]) {
    let bytes = text.as_bytes();
    // The first word is the first whose range is one of the text.
    let Some(first) = spans.iter().position(|&(a, b)| text.get(a as usize..b as usize).is_some()) else {
        return;
    };
    // The next word that may hold a mark, and where the text is to be searched from.
    let (mut next, mut from) = (0, 0);
    let mut chunk_at = 0;
    while chunk_at < bytes.len() && next < spans.len() {
        let chunk = match bytes.get(chunk_at..).and_then(<[u8]>::first_chunk::<8>) {
            Some(chunk) => *chunk,
            None => {
                let mut last = [0u8; 8];
                last[..bytes.len() - chunk_at].copy_from_slice(&bytes[chunk_at..]);
                last
            }
        };
        let mut found = marks(u64::from_le_bytes(chunk));
        while found != 0 && next < spans.len() {
            let at = chunk_at + (found.trailing_zeros() / 8) as usize;
            found &= found - 1;
            if at < from {
                continue;
            }
            // The word that ends past the mark, if it starts at or before it.
            while next < spans.len() && spans[next].1 as usize <= at {
                next += 1;
            }
            let Some(&(a, b)) = spans.get(next) else { break };
            if a as usize > at {
                continue;
            }
            let (a, b) = (a as usize, b as usize);
            if let Some(text) = text.get(a..b) {
                let mut w = Word::new_in(bytes, a, text);
                if w.inside {
                    w.first = next == first;
                    words.push(w);
                }
            }
            next += 1;
            from = b;
        }
        chunk_at += 8;
    }
}

/// A word's number ([`Word::id`]) when no word of the other side has its text.
const UNNUMBERED: u32 = u32::MAX;

/// Which texts a side's identifier candidates have, as bits of a hash of a few of their bytes:
/// a text the sketch does not have is no candidate's of that side. It lets most words of one
/// side (German nouns, capitalized) go unnumbered without a look into a hash map.
struct Sketch([u64; 64]);

impl Sketch {
    fn of(words: &[Word]) -> Sketch {
        let mut bits = [0u64; 64];
        for w in words.iter().filter(|w| w.inside) {
            let slot = Sketch::slot(w.text);
            bits[slot >> 6] |= 1 << (slot & 63);
        }
        Sketch(bits)
    }

    /// The bit of `text`: from its length and its first, middle and last bytes.
    fn slot(text: &str) -> usize {
        let b = text.as_bytes();
        let Some(&last) = b.last() else { return 0 };
        let h =
            (b.len() as u32) ^ u32::from(b[0]) << 8 ^ u32::from(b[b.len() / 2]) << 16 ^ u32::from(last) << 24;
        (h.wrapping_mul(0x9e37_79b1) >> 20) as usize
    }

    fn may_have(&self, text: &str) -> bool {
        let slot = Sketch::slot(text);
        self.0[slot >> 6] & 1 << (slot & 63) != 0
    }
}

/// The words of both sides, numbered, and which of those numbers are identifiers both sides
/// share: what [`units`] and [`keyed_units`] make name anchors of; also the numbers of the
/// texts. Only the words that may be identifiers and whose text the other side may have as
/// such a word are numbered ([`Word::id`]; the others are [`UNNUMBERED`] and not shared).
fn shared_words<'t>(
    src: impl ExactSizeIterator<Item = SentenceText<'t>>,
    tgt: impl ExactSizeIterator<Item = SentenceText<'t>>,
    all: bool,
) -> (SideWords<'t>, SideWords<'t>, Vec<bool>, HashMap<&'t str, u32>) {
    // An identifier of one document counts where the other document has the same token:
    // "Meta" opening an English sentence still matches "Meta" inside a German one.
    let (mut src_words, mut tgt_words) = (SideWords::new(src, all), SideWords::new(tgt, all));
    // A shared identifier is the same string on both sides, so only the words that can be one
    // are numbered, each text once, and only if the other side's sketch has it: `sides` says
    // which side has it as such a word (1 the source, 2 the target). Most words are never
    // hashed, and none twice.
    let sketches = [Sketch::of(&tgt_words.words), Sketch::of(&src_words.words)];
    let mut ids: HashMap<&'t str, u32> = HashMap::default();
    let mut sides: Vec<u8> = Vec::new();
    for ((bit, words), other) in [(1u8, &mut src_words), (2, &mut tgt_words)].into_iter().zip(&sketches) {
        for w in words.words.iter_mut().filter(|w| w.inside) {
            if !other.may_have(w.text) {
                continue;
            }
            let next = sides.len() as u32;
            let id = *ids.entry(w.text).or_insert(next);
            if id == next {
                sides.push(0);
            }
            sides[id as usize] |= bit;
            w.id = id;
        }
    }
    let mut shared = vec![false; sides.len()];
    for (bit, words) in [(1u8, &src_words), (2, &tgt_words)] {
        for sentence in words.sentences() {
            for w in sentence {
                // An identifier is always `inside`, so it has a number if the other side may
                // have its text.
                if w.id != UNNUMBERED && w.identifies(w.first) && sides[w.id as usize] & !bit != 0 {
                    shared[w.id as usize] = true;
                }
            }
        }
    }
    (src_words, tgt_words, shared, ids)
}

/// Whether `w` is a name anchor of its sentence: a word that may be an identifier, whose text
/// is an identifier both sides share ([`shared_words`]).
fn is_name(w: &Word, shared: &[bool]) -> bool {
    w.inside && w.id != UNNUMBERED && shared[w.id as usize]
}

/// Builds the aligner's units for both sides.
pub fn units<'t>(
    src: &[SentenceFeatures<'t>],
    tgt: &[SentenceFeatures<'t>],
    dictionary: Option<&Dictionary>,
) -> (Vec<Unit>, Vec<Unit>) {
    let (src_words, tgt_words, shared, _) = shared_words(
        src.iter().map(|s| (s.text, s.words)),
        tgt.iter().map(|s| (s.text, s.words)),
        dictionary.is_some(),
    );
    let build = |side: &[SentenceFeatures], words: &SideWords, is_source: bool| -> Vec<Unit> {
        side.iter()
            .zip(words.sentences())
            .map(|(s, words)| {
                let mut anchors = Vec::with_capacity(s.keys.len() + 4);
                anchors.extend(s.keys.iter().cloned());
                anchors
                    .extend(words.iter().filter(|w| is_name(w, &shared)).map(|w| ["name:", w.text].concat()));
                if let Some(d) = dictionary {
                    for w in words.iter().map(|w| w.text.to_lowercase()) {
                        if is_source {
                            for t in d.translations.get(&w).into_iter().flatten() {
                                anchors.push(format!("dict:{t}"));
                            }
                        } else if d.targets.contains(&w) {
                            anchors.push(format!("dict:{w}"));
                        }
                    }
                }
                anchors.sort_unstable();
                anchors.dedup();
                Unit { len: s.text.chars().count(), anchors, paragraph_start: s.paragraph_start }
            })
            .collect()
    };
    (build(src, &src_words, true), build(tgt, &tgt_words, false))
}

/// What an anchor key starts with: one of the prefixes of the soft anchors, or none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Prefix {
    Whole,
    Term,
    Name,
    Dict,
}

impl Prefix {
    const SOFT: [Prefix; 3] = [Prefix::Term, Prefix::Name, Prefix::Dict];

    fn as_str(self) -> &'static str {
        match self {
            Prefix::Whole => "",
            Prefix::Term => "term:",
            Prefix::Name => "name:",
            Prefix::Dict => "dict:",
        }
    }
}

/// An anchor key, borrowed, in two parts: its prefix (`term:`, `name:`, `dict:`, or none) and
/// the rest; the key is the two together, as [`SentenceFeatures::keys`] has it. A key has one
/// way only to be split so ([`Key::whole`] takes a prefix off), so two keys are the same text
/// exactly when their parts are the same: no key is ever written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key<'a> {
    prefix: Prefix,
    rest: &'a str,
}

impl<'a> Key<'a> {
    /// The key `key`, as [`SentenceFeatures::keys`] would have it.
    pub fn whole(key: &'a str) -> Key<'a> {
        for prefix in Prefix::SOFT {
            if let Some(rest) = key.strip_prefix(prefix.as_str()) {
                return Key { prefix, rest };
            }
        }
        Key { prefix: Prefix::Whole, rest: key }
    }

    /// The key of a glossary concept, `term:<concept>`.
    pub fn term(concept: &'a str) -> Key<'a> {
        Key { prefix: Prefix::Term, rest: concept }
    }

    /// Whether the key is a soft anchor (`super::is_soft` of its text).
    fn soft(self) -> bool {
        self.prefix != Prefix::Whole
    }

    /// Where the key's text comes among the soft prefixes: 1, 3 and 5 for `dict:`, `name:` and
    /// `term:` keys, and for a key with none of them, 0, 2, 4 or 6 by how many of them its text
    /// comes after. The texts of one group sort before those of the next, and all have one
    /// weight.
    fn group(self) -> u8 {
        match self.prefix {
            Prefix::Dict => 1,
            Prefix::Name => 3,
            Prefix::Term => 5,
            // No key without a prefix starts with one: it comes after a prefix exactly when it
            // comes after every key with that prefix. Figure keys start with a digit.
            Prefix::Whole => match self.rest.as_bytes().first() {
                Some(&b) if b < b'd' => 0,
                _ => 2 * Prefix::SOFT.iter().filter(|p| p.as_str() < self.rest).count() as u8,
            },
        }
    }

    /// Orders keys as their texts are ordered.
    #[cfg(test)]
    fn cmp_text(&self, other: &Key<'a>) -> std::cmp::Ordering {
        if self.prefix == other.prefix {
            return self.rest.cmp(other.rest);
        }
        let text = |k: &Key<'a>| k.prefix.as_str().bytes().chain(k.rest.bytes());
        text(self).cmp(text(other))
    }
}

/// A sentence for [`super::align_keyed`]: [`SentenceFeatures`] with its keys borrowed.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyedSentence<'a> {
    pub text: &'a str,
    pub paragraph_start: bool,
    /// Keys that are language-neutral already (figure values, glossary concepts).
    pub keys: &'a [Key<'a>],
    /// The sentence's words as byte ranges of `text`, where the caller has them.
    pub words: Option<&'a [(u32, u32)]>,
}

/// The aligner's units of both sides with their anchors numbered as [`units`] and
/// `super::intern` make them, up to the order of anchors of one weight that are numbered one
/// after the other, which decides nothing (see below); and how many distinct anchors there are;
/// without writing out, comparing or hashing a name found among the words (a `name:` key the
/// caller gives goes through the key map like any other).
pub(super) fn keyed_units<'t>(
    src: &[KeyedSentence<'t>],
    tgt: &[KeyedSentence<'t>],
    dictionary: Option<&'t Dictionary>,
) -> (Vec<Interned>, Vec<Interned>, usize) {
    let (src_words, tgt_words, shared, word_ids) = shared_words(
        src.iter().map(|s| (s.text, s.words)),
        tgt.iter().map(|s| (s.text, s.words)),
        dictionary.is_some(),
    );
    // `intern` numbers the keys in order of first appearance, the keys of a unit in the order of
    // their texts. What a number decides is where its anchor's weight comes when the weights of
    // a link's unshared anchors are summed, in the order of the numbers (the last bit of the
    // sum depends on it): so the anchors first seen in one unit must be numbered in the order of
    // their texts only as far as their weights go. That order is their group's
    // ([`Key::group`]): texts of one group have one weight, and all come before the next
    // group's. Numbered in the order of their groups, they give every link's sum the same
    // weights in the same order.
    //
    // A key is known by a handle: a name a word of the pair has (the only names that can be
    // anchors, as a name only both sides have is one) by its word's number, any other key by
    // its number in a map, after those.
    let words = shared.len() as u32;
    let given = src.iter().chain(tgt).map(|s| s.keys.len()).sum();
    let mut others: HashMap<Key<'t>, u32> = HashMap::with_capacity_and_hasher(given, Default::default());
    let mut handle = |k: Key<'t>| -> u32 {
        if k.prefix == Prefix::Name {
            if let Some(&id) = word_ids.get(k.rest) {
                return id;
            }
        }
        let next = words + others.len() as u32;
        *others.entry(k).or_insert(next)
    };
    // Per handle, the anchor's number (shifted, with the soft bit), or none yet.
    let mut numbers: Vec<u32> = vec![u32::MAX; shared.len()];
    let mut count = 0u32;
    // (group, handle, soft) of a unit's keys.
    let mut keys: Vec<(u8, u32, bool)> = Vec::new();
    let mut out = [Vec::with_capacity(src.len()), Vec::with_capacity(tgt.len())];
    for (side, (sentences, words)) in [(src, &src_words), (tgt, &tgt_words)].into_iter().enumerate() {
        let is_source = side == 0;
        for (s, words) in sentences.iter().zip(words.sentences()) {
            keys.clear();
            keys.extend(s.keys.iter().map(|&k| (k.group(), handle(k), k.soft())));
            keys.extend(
                words
                    .iter()
                    .filter(|w| is_name(w, &shared))
                    .map(|w| (Key { prefix: Prefix::Name, rest: w.text }.group(), w.id, true)),
            );
            if let Some(d) = dictionary {
                for w in words.iter().map(|w| w.text.to_lowercase()) {
                    if is_source {
                        for t in d.translations.get(&w).into_iter().flatten() {
                            let k = Key { prefix: Prefix::Dict, rest: t.as_str() };
                            keys.push((k.group(), handle(k), true));
                        }
                    } else if let Some(t) = d.targets.get(&w) {
                        let k = Key { prefix: Prefix::Dict, rest: t.as_str() };
                        keys.push((k.group(), handle(k), true));
                    }
                }
            }
            if keys.len() > 1 {
                keys.sort_unstable_by_key(|k| k.0);
            }
            let mut anchors: Vec<u32> = keys
                .iter()
                .map(|&(_, h, soft)| {
                    let h = h as usize;
                    if h >= numbers.len() {
                        numbers.resize(h + 1, u32::MAX);
                    }
                    if numbers[h] == u32::MAX {
                        numbers[h] = count << 1 | u32::from(soft);
                        count += 1;
                    }
                    numbers[h]
                })
                .collect();
            anchors.sort_unstable();
            anchors.dedup();
            out[side].push(Interned {
                len: s.text.chars().count(),
                anchors,
                paragraph_start: s.paragraph_start,
            });
        }
    }
    let [s, t] = out;
    (s, t, count as usize)
}

#[cfg(test)]
mod tests {
    use super::super::tests::Rng;
    use super::*;

    /// The sentences `texts` with their `keys`, a paragraph opening every `period` sentences.
    fn features<'a, S: AsRef<str>>(
        texts: &'a [S],
        keys: &[Vec<String>],
        period: usize,
    ) -> Vec<SentenceFeatures<'a>> {
        texts
            .iter()
            .zip(keys)
            .enumerate()
            .map(|(i, (t, k))| SentenceFeatures {
                text: t.as_ref(),
                paragraph_start: i % period == 0,
                keys: k.clone(),
                words: None,
            })
            .collect()
    }

    fn f(text: &str) -> SentenceFeatures<'_> {
        SentenceFeatures { text, paragraph_start: false, keys: vec![], words: None }
    }

    #[test]
    fn shared_names_numbers_and_urls_become_anchors() {
        let (s, t) = units(
            &[f("Der Konzern Meta muss laut heise.de an 1.400 Nutzer zahlen."), f("Das Gericht tagte.")],
            &[f("Meta must pay 1,400 users, heise.de reports."), f("The court sat.")],
            None,
        );
        assert_eq!(s[0].anchors, ["name:Meta", "name:heise.de"]);
        assert_eq!(t[0].anchors, ["name:Meta", "name:heise.de"]);
        assert!(s[1].anchors.is_empty(), "German nouns only one side has are not anchors");
    }

    /// The definition the one-pass [`Word::new`] must agree with.
    fn is_identifier(i: usize, w: &str) -> bool {
        let caps = w.chars().filter(|c| c.is_uppercase()).count();
        (i > 0 && w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
            || caps >= 2
            || w.chars().any(|c| c.is_ascii_digit())
            || w.contains(['.', '@'])
    }

    #[test]
    fn words_are_classified_as_the_definition_says() {
        let words = [
            "Meta",
            "Me",
            "meta",
            "EuGH",
            "ÖSTERREICH",
            "Über",
            "Üb",
            "heise.de",
            "a@b",
            "COVID-19",
            "5G",
            "x",
            "",
            "ÄÖ",
            "ßtraße",
            "Ärger",
            "iPhone",
            "eBay",
            "1.400",
            "Ǆemal",
            "ǅx",
            "Abc",
            "ABC",
            "x@",
            "Ab1",
            "Zürich",
        ];
        for w in words {
            for i in [0, 1, 7] {
                assert_eq!(Word::new(w).identifies(i == 0), is_identifier(i, w), "{w:?} at {i}");
            }
            assert_eq!(Word::new(w).inside, is_identifier(1, w), "{w:?}");
        }
    }

    /// A word classified where it stands in its sentence, eight bytes at a time, is classified
    /// as alone: every word of up to nine bytes over a small alphabet (capitals, digits, marks,
    /// letters beyond ASCII), at the start, middle and end of a sentence.
    #[test]
    fn words_classified_in_their_sentence_are_classified_as_alone() {
        let alphabet = ["a", "Z", "A", "z", "0", "9", ".", "@", "-", "Ä", "ß", "m", "Q", "@", "/"];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut next = |bound: usize| rng.below(bound as u64) as usize;
        let mut checked = 0;
        for _ in 0..20_000 {
            let word: String = (0..1 + next(9)).map(|_| alphabet[next(alphabet.len())]).collect();
            for (before, after) in [("", ""), ("Der ", " kam."), ("x ", ""), ("", " und noch viel mehr Text")]
            {
                let sentence = format!("{before}{word}{after}");
                let fast =
                    Word::new_in(sentence.as_bytes(), before.len(), &sentence[before.len()..][..word.len()]);
                let slow = Word::new(&word);
                assert_eq!(
                    (fast.anywhere, fast.inside),
                    (slow.anywhere, slow.inside),
                    "{word:?} in {sentence:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 80_000);
    }

    /// The words that may be identifiers, found with the words given as byte ranges (each
    /// classified where it stands in its sentence), are the ones found splitting the text:
    /// the same texts, in the same order, with the same classes and first-word flags.
    #[test]
    fn words_given_as_ranges_are_the_words_of_the_splitter() {
        let alphabet = ["a", "Z", "b", "z", "0", ".", "@", "Ä", "ö", "e", "Q", "n", "x", "é", "t"];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = |bound: usize| rng.below(bound as u64) as usize;
        for round in 0..3_000 {
            let sentence: String = (0..next(30))
                .map(|_| {
                    let word: String = (0..1 + next(12)).map(|_| alphabet[next(alphabet.len())]).collect();
                    word + [" ", ", ", " (", "-"][next(4)]
                })
                .collect();
            let spans: Vec<(u32, u32)> = crate::segment::words(&sentence)
                .map(|w| {
                    let a = w.as_ptr() as usize - sentence.as_ptr() as usize;
                    (a as u32, (a + w.len()) as u32)
                })
                .collect();
            let view = |w: &SideWords| -> Vec<(String, bool, bool, bool)> {
                w.words.iter().map(|w| (w.text.to_string(), w.anywhere, w.inside, w.first)).collect()
            };
            let given = SideWords::new([(sentence.as_str(), Some(&spans[..]))].into_iter(), false);
            let split = SideWords::new([(sentence.as_str(), None)].into_iter(), false);
            assert_eq!(view(&given), view(&split), "round {round}: {sentence:?}");
        }
    }

    /// `align_keyed` against `align(&units(…))` on many made-up article pairs: shared and
    /// unshared names, numbers, capitalized nouns, keys of every prefix and keys without one
    /// that sort among the prefixes, repeated keys, and sometimes more than bit masks hold.
    #[test]
    fn keyed_alignment_is_the_alignment_of_the_units_on_many_pairs() {
        let de_words = [
            "Der",
            "Konzern",
            "Meta",
            "muss",
            "Millionen",
            "Euro",
            "zahlen",
            "Gericht",
            "Berlin",
            "EuGH",
            "2023",
            "heise.de",
            "Klage",
            "Nutzer",
            "die",
            "und",
            "Schmidt",
            "NRW",
            "Über",
            "Ärger",
            "5G",
        ];
        let en_words = [
            "The", "company", "Meta", "must", "pay", "million", "euros", "court", "Berlin", "EuGH", "2023",
            "heise.de", "lawsuit", "users", "the", "and", "Schmidt", "NRW", "Apple", "5G", "Über",
        ];
        let given = [
            "0:1400::",
            "0:5000000::EUR",
            "3:2023::",
            "term:court",
            "term:damages",
            "name:Meta",
            "name:Foo",
            "dict:court",
            "money:5",
            "nam",
            "zeta",
            "term:appeal",
            "a",
            "percent:4:%",
        ];
        let d = Dictionary::parse("d.tsv", "klage\tlawsuit\ngericht\tcourt\nmeta\tmeta\n").unwrap();
        let mut rng = Rng(0x853c_49e6_748f_ea9b);
        let mut next = |bound: usize| rng.below(bound as u64) as usize;
        for round in 0..300 {
            let mut side = |words: &[&str], many: bool| -> (Vec<String>, Vec<Vec<String>>) {
                (0..next(25))
                    .map(|_| {
                        let text: Vec<&str> = (0..1 + next(14)).map(|_| words[next(words.len())]).collect();
                        let mut keys: Vec<String> =
                            (0..next(4)).map(|_| given[next(given.len())].to_string()).collect();
                        if many {
                            keys.extend((0..next(30)).map(|_| format!("{}:{}::", next(4), next(200))));
                        }
                        (text.join(" ") + ".", keys)
                    })
                    .unzip()
            };
            let many = round % 5 == 4;
            let (de, de_keys) = side(&de_words, many);
            let (en, en_keys) = side(&en_words, many);
            let dictionary = (round % 3 == 1).then_some(&d);
            let (sf, tf) = (features(&de, &de_keys, 4), features(&en, &en_keys, 4));
            let (su, tu) = units(&sf, &tf, dictionary);
            // The names as the definition has them: words that may be identifiers, whose text
            // is an identifier on one side and may be one on the other.
            let split = |f: &[SentenceFeatures]| -> Vec<Vec<String>> {
                f.iter().map(|f| crate::segment::words(f.text).map(str::to_string).collect()).collect()
            };
            let (sw, tw) = (split(&sf), split(&tf));
            let candidates = |w: &[Vec<String>]| -> HashSet<String> {
                w.iter().flatten().filter(|x| is_identifier(1, x)).cloned().collect()
            };
            let identifiers = |w: &[Vec<String>]| -> HashSet<String> {
                w.iter()
                    .flat_map(|s| {
                        s.iter().enumerate().filter(|(i, x)| is_identifier(*i, x)).map(|(_, x)| x.clone())
                    })
                    .collect()
            };
            let (sc, tc) = (candidates(&sw), candidates(&tw));
            let shared: HashSet<String> = identifiers(&sw)
                .intersection(&tc)
                .chain(identifiers(&tw).intersection(&sc))
                .cloned()
                .collect();
            for (units, (words, keys)) in [(&su, (&sw, &de_keys)), (&tu, (&tw, &en_keys))] {
                for (u, (w, k)) in units.iter().zip(words.iter().zip(keys.iter())) {
                    let mut want: Vec<String> = w
                        .iter()
                        .filter(|x| is_identifier(1, x) && shared.contains(*x))
                        .map(|x| format!("name:{x}"))
                        .chain(k.iter().filter(|k| k.starts_with("name:")).cloned())
                        .collect();
                    want.sort();
                    want.dedup();
                    let got: Vec<&String> = u.anchors.iter().filter(|a| a.starts_with("name:")).collect();
                    assert_eq!(got, want.iter().collect::<Vec<_>>(), "round {round}: {w:?}");
                }
            }
            let want = super::super::align(&su, &tu);
            let (sb, tb) = (borrowed(&de_keys), borrowed(&en_keys));
            // Half the rounds with the words given as byte ranges, as the pipeline gives them.
            let spans = |f: &[SentenceFeatures]| -> Vec<Vec<(u32, u32)>> {
                f.iter()
                    .map(|f| {
                        crate::segment::words(f.text)
                            .map(|w| {
                                let a = w.as_ptr() as usize - f.text.as_ptr() as usize;
                                (a as u32, (a + w.len()) as u32)
                            })
                            .collect()
                    })
                    .collect()
            };
            let (ss, ts) = (spans(&sf), spans(&tf));
            let (mut sk, mut tk) = (keyed(&sf, &sb), keyed(&tf, &tb));
            if round % 2 == 0 {
                sk.iter_mut().zip(&ss).for_each(|(k, s)| k.words = Some(s));
                tk.iter_mut().zip(&ts).for_each(|(k, s)| k.words = Some(s));
            }
            let got = super::super::align_keyed(&sk, &tk, dictionary);
            let bits = |l: &[super::super::Link]| -> Vec<(Vec<usize>, Vec<usize>, u64)> {
                l.iter().map(|l| (l.src.clone(), l.tgt.clone(), l.score.to_bits())).collect()
            };
            assert_eq!(bits(&got), bits(&want), "round {round}");
        }
    }

    #[test]
    fn a_dictionary_links_translated_words() {
        let d = Dictionary::parse("d.tsv", "# word list\nklage\tlawsuit\ngericht\tcourt\n").unwrap();
        let (s, t) = units(&[f("Die Klage scheiterte.")], &[f("The lawsuit failed.")], Some(&d));
        assert_eq!(s[0].anchors, ["dict:lawsuit"]);
        assert_eq!(t[0].anchors, ["dict:lawsuit"]);
        let e = Dictionary::parse("d.tsv", "klage\tlawsuit\nkaputt\n").unwrap_err();
        assert_eq!((e.line, e.to_string().starts_with("d.tsv: line 2")), (2, true));
        let e = Dictionary::parse("d.tsv", "# x\nklage\tlawsuit\tsuit\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    /// `align_keyed` must give what `align(&units(…))` gives, to the last bit of every score:
    /// keys given whole or as concepts, names, dictionary words, keys that start like a name
    /// or a term, and more distinct anchors than bit masks hold.
    fn borrowed(keys: &[Vec<String>]) -> Vec<Vec<Key<'_>>> {
        keys.iter().map(|k| k.iter().map(|s| Key::whole(s)).collect()).collect()
    }

    fn keyed<'a>(f: &[SentenceFeatures<'a>], b: &'a [Vec<Key<'a>>]) -> Vec<KeyedSentence<'a>> {
        f.iter()
            .zip(b)
            .map(|(f, b)| KeyedSentence {
                text: f.text,
                paragraph_start: f.paragraph_start,
                keys: b,
                words: None,
            })
            .collect()
    }

    #[test]
    fn keyed_alignment_is_the_alignment_of_the_units() {
        let d = Dictionary::parse("d.tsv", "klage\tlawsuit\ngericht\tcourt\nmeta\tmeta\n").unwrap();
        let de = [
            "Der Konzern Meta muss laut heise.de an 1.400 Nutzer zahlen.",
            "Das Gericht in Berlin wies die Klage ab.",
            "Meta legte Berufung ein, sagte Anwalt Schmidt.",
            "Es geht um 5 Millionen Euro.",
            "Kurz.",
            "Die Klage der Verbraucherzentrale NRW folgte 2023.",
        ];
        let en = [
            "Meta must pay 1,400 users, heise.de reports.",
            "The court in Berlin dismissed the lawsuit.",
            "Meta appealed, said lawyer Schmidt, and the NRW consumer group welcomed it.",
            "At stake are EUR 5 million.",
            "The lawsuit followed in 2023.",
        ];
        let whole: [&[&str]; 6] = [
            &["0:1400::", "term:damages"],
            &["term:court", "name:Berlin", "dict:court"],
            &["term:appeal", "name:Meta"],
            &["0:5000000::EUR", "0:5000000::EUR"],
            &[],
            &["3:2023::", "term:court"],
        ];
        let whole_en: [&[&str]; 5] = [
            &["0:1400::", "term:damages"],
            &["term:court", "dict:lawsuit"],
            &["term:appeal"],
            &["0:5000000::EUR"],
            &["3:2023::", "name:NRW"],
        ];
        let extra: Vec<String> = (0..140).map(|i| format!("{}:{i}::", i % 4)).collect();
        for (round, dictionary) in [None, Some(&d), None].into_iter().enumerate() {
            let keys = |texts: &[&str], given: &[&[&str]], many: bool| -> Vec<Vec<String>> {
                texts
                    .iter()
                    .zip(given)
                    .enumerate()
                    .map(|(i, (_, g))| {
                        let mut k: Vec<String> = g.iter().map(|s| s.to_string()).collect();
                        if many {
                            k.extend(extra.iter().skip(i * 30).take(40).cloned());
                        }
                        k
                    })
                    .collect()
            };
            let (sk, tk) = (keys(&de, &whole, round == 2), keys(&en, &whole_en, round == 2));
            let (sf, tf) = (features(&de, &sk, 3), features(&en, &tk, 3));
            let (su, tu) = units(&sf, &tf, dictionary);
            let want = super::super::align(&su, &tu);
            let (sb, tb) = (borrowed(&sk), borrowed(&tk));
            let got = super::super::align_keyed(&keyed(&sf, &sb), &keyed(&tf, &tb), dictionary);
            let bits = |l: &[super::super::Link]| -> Vec<(Vec<usize>, Vec<usize>, u64)> {
                l.iter().map(|l| (l.src.clone(), l.tgt.clone(), l.score.to_bits())).collect()
            };
            assert_eq!(bits(&got), bits(&want), "round {round}");
        }
        assert_eq!(Key::whole("term:court"), Key::term("court"));
        assert_eq!(Key::whole("name:x").cmp_text(&Key::whole("money")), "name:x".cmp("money"));
        assert_eq!(Key::whole("nam").cmp_text(&Key::whole("name:")), "nam".cmp("name:"));
    }
}
