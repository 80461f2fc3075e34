//! The term matcher of one language: its rules (from `data/<lang>/`) and one Aho-Corasick
//! automaton over every term of the glossary in that language (an NFA, then a DFA once the text
//! searched warrants one: see [`Automaton`]).
//!
//! A text is, by definition, one haystack with two parts, built in a single pass over its Unicode
//! word tokens: the stem part (" k1 k2 … ", each token lowercased, folded and stripped of its
//! inflection ending; German capitalized words get a `^` mark) and the lowercase part
//! ("\nw1\nw2\n…", each token lowercased only). Default terms are patterns of the stem part,
//! `exact` and `case` terms and the idioms patterns of the lowercase part, and German compound
//! heads ("gericht ") and first parts (" ^klag") patterns inside a stem-part token. An
//! overlapping search sees every candidate; the longest wins afterwards. Nothing here loops
//! over terms at search time.
//!
//! What a token gives depends on its text alone: its keys and its single-token candidates
//! (`Bare` patterns inside it, and the stem-part and lowercase-part patterns of one token that
//! it is) are worked out once per distinct token and kept in a bounded per-thread cache, with
//! the numbers of its keys among the tokens of the patterns of several tokens. Those patterns
//! are then matched token by token (a pattern of the stem or lowercase part matches only whole
//! tokens, from a separator to a separator), looked up by their first two tokens, and only at
//! the tokens whose key begins one: a sentence's haystack is never built. The result must always
//! equal that of one overlapping search over the whole haystack, which the tests still run
//! (`Matcher::search_full`).
//!
//! A token of up to 15 bytes (most of them) is found in the cache by its bytes alone, without
//! hashing a string: as one `u128` in a direct-mapped table of slots that hold its keys, behind
//! which a hash map keeps every token seen (a longer token is looked up by its text); a sentence whose tokens give no candidate and
//! begin no pattern costs one such look-up per token and nothing else. The sentence's word
//! spans are searched as the word splitter gives them, not copied. Chains of words joined by
//! hyphens and whether a token is a cue of an everyday context (`Matcher::has_cue`) are also
//! worked out once per distinct text and kept in the cache.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Up to this many patterns the automaton becomes a DFA once searching warrants it (see
/// [`Automaton`]); past it a DFA would take seconds and hundreds of megabytes to build.
const DFA_MAX_PATTERNS: usize = 20_000;

/// The bytes of text a matcher searches before it builds its DFA. The DFA searches about 10
/// instructions a byte faster than the contiguous NFA and costs about 55 M instructions to
/// build, per language of the default glossary (callgrind, generated corpus): it has paid for
/// itself after some 6 MB, and a run that stops before never pays for it.
const DFA_AFTER_BYTES: usize = 6 << 20;

use super::{Entry, MatchMode, Part, TermHit};

/// Compound rules (see `data/de/compounds.txt`).
struct Compounds {
    min_term: usize,
    min_modifier: usize,
    min_rest: usize,
    prefixes: HashSet<String>,
    links: Vec<String>,
    names: Vec<String>,
}

/// The inflection endings of one word class, in the order of the data file.
struct Endings {
    /// (ending, replacement, length of the ending in characters)
    rules: Vec<(String, String, usize)>,
    /// Whether some ending ends with this byte.
    last: [bool; 256],
}

impl Default for Endings {
    fn default() -> Endings {
        Endings { rules: Vec::new(), last: [false; 256] }
    }
}

impl Endings {
    fn push(&mut self, ending: &str, repl: &str) {
        if let Some(&b) = ending.as_bytes().last() {
            self.last[usize::from(b)] = true;
        }
        self.rules.push((ending.to_string(), repl.to_string(), ending.chars().count()));
    }
}

/// The language knowledge the matcher uses, parsed from the data files.
pub(crate) struct Rules {
    min_stem: usize,
    passes: usize,
    noun_case: bool,
    er_plural: bool,
    folds: Vec<(char, String)>,
    adj_noun_endings: Vec<String>,
    noun: Endings,
    other: Endings,
    compounds: Option<Compounds>,
    idioms: Vec<String>,
    cues: Vec<String>,
    /// The cues by their first byte (all of them) and by their last byte (those of four bytes
    /// or more, which may also end a word): a word is compared only with the cues that can match.
    cue_first: Vec<Vec<u16>>,
    cue_last: Vec<Vec<u16>>,
}

fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

fn setting(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.split_once('=')?;
    (!k.contains('\t')).then(|| (k.trim(), v.trim()))
}

impl Rules {
    pub(crate) fn for_lang(lang: &str) -> Rules {
        let (suffixes, compounds, idioms, cues) = match lang {
            "de" => (
                include_str!("data/de/suffixes.txt"),
                Some(include_str!("data/de/compounds.txt")),
                include_str!("data/de/idioms.txt"),
                include_str!("data/de/cues.txt"),
            ),
            "en" => (
                include_str!("data/en/suffixes.txt"),
                None,
                include_str!("data/en/idioms.txt"),
                include_str!("data/en/cues.txt"),
            ),
            _ => (include_str!("data/generic/suffixes.txt"), None, "", ""),
        };
        let mut r = Rules {
            min_stem: 4,
            passes: 1,
            noun_case: false,
            er_plural: false,
            folds: Vec::new(),
            adj_noun_endings: Vec::new(),
            noun: Endings::default(),
            other: Endings::default(),
            compounds: None,
            idioms: data_lines(idioms).map(|l| l.trim().to_string()).collect(),
            cues: data_lines(cues).map(|l| l.trim().to_lowercase()).collect(),
            cue_first: vec![Vec::new(); 256],
            cue_last: vec![Vec::new(); 256],
        };
        for (i, c) in r.cues.iter().enumerate().take(usize::from(u16::MAX)) {
            if let (Some(&f), Some(&l)) = (c.as_bytes().first(), c.as_bytes().last()) {
                r.cue_first[usize::from(f)].push(i as u16);
                if c.len() >= 4 {
                    r.cue_last[usize::from(l)].push(i as u16);
                }
            }
        }
        for line in data_lines(suffixes) {
            if let Some((k, v)) = setting(line) {
                match k {
                    "min_stem" => r.min_stem = v.parse().unwrap_or(4),
                    "passes" => r.passes = v.parse().unwrap_or(1),
                    "noun_case" => r.noun_case = v == "true",
                    "er_plural" => r.er_plural = v == "true",
                    "adjective_nouns" => {
                        r.adj_noun_endings = v.split_whitespace().map(str::to_string).collect()
                    }
                    _ => {}
                }
                continue;
            }
            let mut f = line.split('\t').map(str::trim);
            let (class, a, b) = (f.next().unwrap_or(""), f.next().unwrap_or(""), f.next().unwrap_or(""));
            match class {
                "fold" => {
                    if let Some(c) = a.chars().next() {
                        r.folds.push((c, b.to_string()));
                    }
                }
                "noun" => r.noun.push(a, b),
                "other" | "all" => r.other.push(a, b),
                _ => {}
            }
        }
        if let Some(data) = compounds {
            let mut c = Compounds {
                min_term: 4,
                min_modifier: 3,
                min_rest: 4,
                prefixes: HashSet::default(),
                links: Vec::new(),
                names: Vec::new(),
            };
            for line in data_lines(data) {
                if let Some((k, v)) = setting(line) {
                    let v = v.parse().unwrap_or(4);
                    match k {
                        "min_term" => c.min_term = v,
                        "min_modifier" => c.min_modifier = v,
                        "min_rest" => c.min_rest = v,
                        _ => {}
                    }
                    continue;
                }
                if let Some((kind, w)) = line.split_once('\t') {
                    let w = w.trim().to_string();
                    match kind.trim() {
                        "prefix" => {
                            c.prefixes.insert(w);
                        }
                        "link" => c.links.push(w),
                        "name" => c.names.push(w),
                        _ => {}
                    }
                }
            }
            c.links.sort_by_key(|l| std::cmp::Reverse(l.len()));
            r.compounds = Some(c);
        }
        r
    }

    /// Lowercases `tok` into `out`; with `fold`, also applies the letter folds.
    fn push_lower(&self, out: &mut String, tok: &str, fold: bool) {
        if tok.is_ascii() {
            let from = out.len();
            out.push_str(tok);
            out[from..].make_ascii_lowercase();
            return;
        }
        for c in tok.chars() {
            if c == '’' {
                out.push('\'');
                continue;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            for l in c.to_lowercase() {
                match self.folds.iter().find(|(f, _)| fold && *f == l) {
                    Some((_, r)) => out.push_str(r),
                    None => out.push(l),
                }
            }
        }
    }

    /// Strips inflection endings from `out[from..]`.
    fn stem_tail(&self, out: &mut String, from: usize, noun: bool) {
        let endings = if noun && !self.noun.rules.is_empty() { &self.noun } else { &self.other };
        for _ in 0..self.passes {
            let w = &out[from..];
            let Some(&last) = w.as_bytes().last() else { break };
            // Many words end in no rule's letter: one table look-up each.
            if !endings.last[usize::from(last)] {
                break;
            }
            // The word's length in characters, counted once and only where an ending fits.
            let mut len = None;
            let Some((suffix, repl, _)) = endings.rules.iter().find(|(s, _, n)| {
                w.as_bytes().ends_with(s.as_bytes())
                    && len
                        .get_or_insert_with(|| if w.is_ascii() { w.len() } else { w.chars().count() })
                        .saturating_sub(*n)
                        >= self.min_stem
            }) else {
                break;
            };
            if suffix == repl {
                break;
            }
            out.truncate(out.len() - suffix.len());
            out.push_str(repl);
        }
    }

    fn is_capitalized(tok: &str) -> bool {
        match tok.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => tok.chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// The stem-part key of a token: `^` for a capitalized word where nouns are capitalized,
    /// then the folded, stemmed lowercase form.
    fn push_stem_key(&self, out: &mut String, tok: &str) {
        let cap = Rules::is_capitalized(tok);
        if self.noun_case && cap {
            out.push('^');
        }
        let from = out.len();
        self.push_lower(out, tok, true);
        self.stem_tail(out, from, cap);
    }

    fn stem_key(&self, tok: &str) -> String {
        let mut s = String::new();
        self.push_stem_key(&mut s, tok);
        s
    }

    /// The cues, lowercased, for the tests.
    #[cfg(test)]
    pub(crate) fn cues(&self) -> &[String] {
        &self.cues
    }

    /// Whether a sentence is in a technical or everyday context (see `data/de/cues.txt`).
    pub(crate) fn has_cue(&self, text: &str) -> bool {
        if self.cues.is_empty() {
            return false;
        }
        let mut w = String::new();
        tokens(text).any(|(_, tok)| {
            w.clear();
            self.push_lower(&mut w, tok, false);
            self.is_cue(&w)
        })
    }

    /// Whether a word token, lowercased (`w`), is a cue of a technical or everyday context.
    fn is_cue(&self, w: &str) -> bool {
        // A cue starts the word (a short cue is the word, or the word and an s) or a long one
        // ends it: only the cues with the word's first or last byte can.
        let (Some(&f), Some(&l)) = (w.as_bytes().first(), w.as_bytes().last()) else { return false };
        let starts = self.cue_first[usize::from(f)].iter().any(|&i| {
            let c = self.cues[usize::from(i)].as_str();
            if c.len() < 4 {
                w == c || (w.len() == c.len() + 1 && w.starts_with(c) && w.ends_with('s'))
            } else {
                w.starts_with(c)
            }
        });
        starts
            || self.cue_last[usize::from(l)].iter().any(|&i| w.ends_with(self.cues[usize::from(i)].as_str()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One stem-part token, without separators: found as a whole token, or (German) as the head
    /// or first part of a compound; which one is decided from the match's position.
    Bare,
    /// A sequence of two or more stem-part tokens.
    Whole,
    /// A token sequence of the lowercase part (`exact` and `case` terms, idioms).
    Lower,
}

struct Pattern {
    kind: Kind,
    entries: Vec<usize>,
    idiom: bool,
    /// A single-word noun term long enough to be looked for inside compounds.
    compound: bool,
    /// A `Whole` or `Lower` pattern of one token: found from the token cache, like `Bare`
    /// patterns, not in a sentence's haystack.
    single: bool,
}

/// The Aho-Corasick automaton of a matcher: a contiguous NFA, quick to build, and for a glossary
/// of up to [`DFA_MAX_PATTERNS`] keys a DFA built once [`DFA_AFTER_BYTES`] of text have been
/// searched, by the thread that crosses the mark while the others go on with the NFA. Both find
/// the same matches in the same order (standard semantics, same patterns), so which one a search
/// uses never shows in a result: a run over a few articles starts without the DFA's build cost,
/// and a corpus gets the DFA's speed.
struct Automaton {
    nfa: AhoCorasick,
    dfa: OnceLock<AhoCorasick>,
    /// The keys, to build the DFA from; empty when it is never to be built.
    keys: Vec<String>,
    searched: AtomicUsize,
}

impl Automaton {
    fn new(keys: Vec<String>) -> Option<Automaton> {
        let nfa = Self::build(&keys, AhoCorasickKind::ContiguousNFA)?;
        let keys = if keys.len() <= DFA_MAX_PATTERNS { keys } else { Vec::new() };
        Some(Automaton { nfa, dfa: OnceLock::new(), keys, searched: AtomicUsize::new(0) })
    }

    fn build(keys: &[String], kind: AhoCorasickKind) -> Option<AhoCorasick> {
        if keys.is_empty() {
            return None;
        }
        // Standard semantics with overlapping search: every candidate is seen, and the
        // longest-match rule is applied afterwards.
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .dense_depth(1)
            .build(keys)
            .ok()
    }

    /// The automaton to search `bytes` of text with.
    fn for_text(&self, bytes: usize) -> &AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        if self.keys.is_empty() {
            return &self.nfa;
        }
        let before = self.searched.fetch_add(bytes, Ordering::Relaxed);
        if before < DFA_AFTER_BYTES && before + bytes >= DFA_AFTER_BYTES {
            if let Some(dfa) = Self::build(&self.keys, AhoCorasickKind::DFA) {
                let _ = self.dfa.set(dfa);
            }
        }
        self.dfa.get().unwrap_or(&self.nfa)
    }
}

/// The matcher of one language.
pub(crate) struct Matcher {
    pub(crate) rules: Rules,
    /// Whether any pattern needs the lowercase part of the haystack (`exact`, `case` terms).
    has_lower: bool,
    automaton: Option<Automaton>,
    patterns: Vec<Pattern>,
    /// The `Whole` patterns (stem part, `[0]`) and `Lower` patterns (lowercase part, `[1]`) of
    /// several tokens, matched token by token.
    multi: [Multi; 2],
    /// Told apart in the per-thread token caches; never reused.
    id: u64,
}

/// A part's patterns of two or more tokens, by token: every key of their tokens numbered, and
/// the patterns by the numbers of their first two tokens.
#[derive(Default)]
struct Multi {
    ids: HashMap<String, u32>,
    /// Whether a key (by number) begins such a pattern.
    first: Vec<bool>,
    /// The patterns by the numbers of their first two tokens, in the order of the patterns.
    by_pair: HashMap<(u32, u32), Vec<MultiPattern>>,
}

/// A pattern of several tokens.
struct MultiPattern {
    /// The pattern's index.
    pattern: usize,
    /// The numbers of its tokens' keys.
    ids: Vec<u32>,
    /// Its length in bytes, separators included.
    len: usize,
}

/// The number of a key that is no token of a pattern of several tokens.
const NO_ID: u32 = u32::MAX;

impl Multi {
    /// Adds pattern `pi`, its tokens between separators `sep`, when it has two or more tokens;
    /// returns whether it has.
    fn add(&mut self, key: &str, sep: char, pi: usize) -> bool {
        let inner = key.strip_prefix(sep).and_then(|k| k.strip_suffix(sep)).unwrap_or(key);
        if !inner.contains(sep) {
            return false;
        }
        let ids: Vec<u32> = inner
            .split(sep)
            .map(|t| {
                let next = self.ids.len() as u32;
                *self.ids.entry(t.to_string()).or_insert(next)
            })
            .collect();
        self.first.resize(self.ids.len(), false);
        self.first[ids[0] as usize] = true;
        self.by_pair.entry((ids[0], ids[1])).or_default().push(MultiPattern {
            pattern: pi,
            ids,
            len: key.len(),
        });
        true
    }

    /// The number of a token's key, or [`NO_ID`].
    fn id(&self, key: &str) -> u32 {
        self.ids.get(key).copied().unwrap_or(NO_ID)
    }

    /// Whether the key numbered `id` begins a pattern.
    fn begins(&self, id: u32) -> bool {
        self.first.get(id as usize).copied().unwrap_or(false)
    }
}

/// The ids of matchers.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || c == '_' || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The bytes of a text by what `tokens` does with them: ASCII word characters
/// (`is_word_char`), other ASCII characters, and the bytes of the other characters.
const WORD: u8 = 0;
const OTHER: u8 = 1;
const NON_ASCII: u8 = 2;
const ASCII_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_alphanumeric() || b == b'_' as usize { WORD } else { OTHER };
        b += 1;
    }
    t
};

/// The word tokens of a text with their byte offsets: runs of letters and digits, joined across
/// an apostrophe or a period between letters (court's, z.B) and across . , ' between digits
/// (1.400, 3,5), as Unicode word boundaries (UAX #29) have it for these texts, but a single
/// pass over the characters.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    // The character at a byte position and its length; ASCII without decoding.
    let at = move |i: usize| -> Option<(char, usize)> {
        let b = *bytes.get(i)?;
        if b < 0x80 {
            Some((char::from(b), 1))
        } else {
            text.get(i..).and_then(|t| t.chars().next()).map(|c| (c, c.len_utf8()))
        }
    };
    let mut pos = 0;
    std::iter::from_fn(move || {
        let mut start: Option<usize> = None;
        let mut prev = ' ';
        while let Some(&b) = bytes.get(pos) {
            // ASCII without decoding: runs of word bytes in a token, runs of other bytes before
            // one, and a token's end at any other byte but a joining one.
            let class = ASCII_CLASS[usize::from(b)];
            if class == WORD || (class == OTHER && start.is_none()) {
                let from = pos;
                pos += 1;
                while bytes.get(pos).is_some_and(|&b| ASCII_CLASS[usize::from(b)] == class) {
                    pos += 1;
                }
                if class == WORD {
                    start.get_or_insert(from);
                    prev = char::from(bytes[pos - 1]);
                }
                continue;
            }
            if class == OTHER && !matches!(b, b'\'' | b'.' | b',') {
                if let Some(s) = start {
                    let token = (s, &text[s..pos]);
                    pos += 1;
                    return Some(token);
                }
            }
            let Some((c, len)) = at(pos) else { break };
            if is_word_char(c) {
                if start.is_none() {
                    start = Some(pos);
                }
                prev = c;
                pos += len;
                continue;
            }
            if let Some(s) = start {
                // Only these four join; most tokens end at a space, and the next character is
                // not looked at.
                let joins = matches!(c, '\'' | '’' | '.' | ',')
                    && at(pos + len).is_some_and(|(n, _)| {
                        (prev.is_alphabetic() && n.is_alphabetic() && matches!(c, '\'' | '’' | '.'))
                            || (prev.is_numeric() && n.is_numeric() && matches!(c, '.' | ',' | '\'' | '’'))
                    });
                if joins {
                    pos += len;
                    continue;
                }
                let token = (s, &text[s..pos]);
                pos += len;
                return Some(token);
            }
            pos += len;
        }
        start.map(|s| (s, &text[s..]))
    })
}

/// Buffers reused across searches on one thread.
#[derive(Default)]
struct Scratch {
    cands: Vec<Candidate>,
    idioms: Vec<(usize, usize)>,
    taken: Vec<bool>,
    caches: Vec<TokCache>,
    tok_keys: Vec<TokKeys>,
    probe: String,
    /// The word tokens of the text searched, as byte ranges, where the caller has none.
    toks: Vec<(usize, usize)>,
    /// The tokens where a pattern of several tokens of the stem (`[0]`) or lowercase (`[1]`)
    /// part may begin.
    starts: [Vec<usize>; 2],
}

/// How many matchers' token caches a thread keeps (one per language searched).
const CACHES_PER_THREAD: usize = 4;
/// A token cache is emptied when it holds this many tokens or hyphen chains, 64 times as many
/// bytes of their texts, or 8 times as many chain candidates: news text repeats its words, and a
/// bounded cache keeps memory flat over any corpus.
const CACHE_TOKENS: usize = 8_192;

/// What one token gives a haystack, from its text alone: where its stem key is in
/// [`TokCache::text`] (its lowercase form follows it there), its single-token candidates in
/// [`TokCache::bare`] and [`TokCache::single`], and the numbers of its stem key and lowercase
/// form among the tokens of the patterns of several tokens ([`Multi::id`]).
#[derive(Clone, Copy, Default)]
struct TokKeys {
    bare: (u32, u32),
    single: (u32, u32),
    ids: [u32; 2],
    /// [`HAS_CANDIDATES`], [`BEGINS_STEM`], [`BEGINS_LOWER`], [`CAPITALIZED`].
    flags: u8,
}

/// The token has single-token candidates (`bare` or `single` not empty).
const HAS_CANDIDATES: u8 = 1;
/// Its stem key begins a `Whole` pattern of several tokens.
const BEGINS_STEM: u8 = 2;
/// Its lowercase form begins a `Lower` pattern of several tokens.
const BEGINS_LOWER: u8 = 4;
/// Its stem key starts with `^`.
const CAPITALIZED: u8 = 8;
/// It is a cue of a technical or everyday context ([`Rules::has_cue`]).
const CUE: u8 = 16;
/// The flags that make a token give candidates or begin a pattern of several tokens.
const FINDS: u8 = HAS_CANDIDATES | BEGINS_STEM | BEGINS_LOWER;

/// The longest token, in bytes, that [`TokCache`] finds by [`packed`] bytes.
const PACKED_MAX: usize = 15;

/// The bytes `text[s..e]` of a token of up to [`PACKED_MAX`] bytes in one number: the bytes
/// (little-endian, zero above them) and the length in the top byte, so that two tokens have the
/// same number exactly when they have the same bytes.
#[inline(always)]
fn packed(text: &[u8], s: usize, len: usize) -> u128 {
    let len = len & PACKED_MAX;
    let mut word = [0u8; 16];
    match text.get(s..s.wrapping_add(16)) {
        // Sixteen bytes at once, those past the token masked off.
        Some(chunk) => {
            word.copy_from_slice(chunk);
            (u128::from_le_bytes(word) & PACKED_MASKS[len]) | ((len as u128) << 120)
        }
        None => {
            let bytes = text.get(s..s.wrapping_add(len)).unwrap_or_default();
            for (w, &b) in word.iter_mut().zip(bytes) {
                *w = b;
            }
            u128::from_le_bytes(word) | ((len as u128) << 120)
        }
    }
}

/// [`packed`] of `text[s..s + len]`, for the tests.
#[cfg(test)]
pub(crate) fn packed_for_tests(text: &str, s: usize, len: usize) -> u128 {
    packed(text.as_bytes(), s, len)
}

/// The masks of the bytes of a token of 0 to [`PACKED_MAX`] bytes in its [`packed`] number.
const PACKED_MASKS: [u128; 16] = {
    let mut masks = [0u128; 16];
    let mut len = 0;
    while len < 16 {
        masks[len] = (1u128 << (8 * len)) - 1;
        len += 1;
    }
    masks
};

/// How many tokens of up to [`PACKED_MAX`] bytes a [`TokCache`] keeps in its direct-mapped
/// table (the most recent one of each slot): one comparison each, no probing.
const SLOTS: usize = 1 << 12;

/// No token's [`packed`] number (its length byte is 255).
const NO_TOKEN: u128 = u128::MAX;

/// The slot of a [`packed`] token in the direct-mapped table.
#[inline(always)]
fn slot_of(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52) as usize & (SLOTS - 1)
}

/// A slot of the direct-mapped table: a token's [`packed`] number and its keys.
#[derive(Clone, Copy)]
struct Slot {
    key: u128,
    keys: TokKeys,
}

/// A token's byte range in the text searched: `(u32, u32)` as the sentence's words have them,
/// `(usize, usize)` as [`tokens`] gives them.
trait Span: Copy {
    fn range(self) -> (usize, usize);
}

impl Span for (u32, u32) {
    #[inline(always)]
    fn range(self) -> (usize, usize) {
        (self.0 as usize, self.1 as usize)
    }
}

impl Span for (usize, usize) {
    #[inline(always)]
    fn range(self) -> (usize, usize) {
        self
    }
}

/// The keys of the tokens one thread has lately searched with one matcher.
struct TokCache {
    matcher: u64,
    /// Tokens of up to [`PACKED_MAX`] bytes (most of them) by their [`packed`] bytes, the
    /// others by their text.
    short: HashMap<u128, u32>,
    /// In front of `short`: the last token seen of each slot ([`slot_of`]).
    slots: Box<[Slot]>,
    index: HashMap<Box<str>, u32>,
    keys: Vec<TokKeys>,
    text: String,
    /// (part, matched length, pattern, capitalized) of `Bare` matches inside a token's key.
    bare: Vec<(Part, usize, usize, bool)>,
    /// (matched length, pattern, capitalized) of the `Whole` and `Lower` patterns of one token
    /// that are the token.
    single: Vec<(usize, usize, bool)>,
    /// Chains of words joined by hyphens, written without the hyphens, and where their
    /// candidates are in `chain_hits` (see [`Matcher::hyphen_chains`]).
    chains: HashMap<Box<str>, (u32, u32)>,
    /// (matched length, pattern, capitalized) of the chains' candidates.
    chain_hits: Vec<(usize, usize, bool)>,
    /// The bytes of the chains' texts: a chain can be as long as a sentence, so the cache is
    /// bounded by these, not by the number of chains alone.
    chain_bytes: usize,
    /// A chain's text, written here before it is looked up.
    word: String,
}

impl TokCache {
    /// The cache of a matcher among a thread's caches, made (and the oldest dropped) if needed.
    fn of(caches: &mut Vec<TokCache>, matcher: u64) -> &mut TokCache {
        let i = match caches.iter().position(|c| c.matcher == matcher) {
            Some(i) => i,
            None => {
                if caches.len() >= CACHES_PER_THREAD {
                    caches.remove(0);
                }
                caches.push(TokCache {
                    matcher,
                    short: HashMap::default(),
                    slots: vec![Slot { key: NO_TOKEN, keys: TokKeys::default() }; SLOTS].into_boxed_slice(),
                    index: HashMap::default(),
                    keys: Vec::new(),
                    text: String::new(),
                    bare: Vec::new(),
                    single: Vec::new(),
                    chains: HashMap::default(),
                    chain_hits: Vec::new(),
                    chain_bytes: 0,
                    word: String::new(),
                });
                caches.len() - 1
            }
        };
        &mut caches[i]
    }

    /// Empties a full cache; only between sentences, as a sentence's keys point into it.
    fn bound(&mut self) {
        if self.keys.len() >= CACHE_TOKENS
            || self.text.len() >= CACHE_TOKENS * 64
            || self.chains.len() >= CACHE_TOKENS
            || self.chain_bytes >= CACHE_TOKENS * 64
            || self.chain_hits.len() >= CACHE_TOKENS * 8
        {
            self.short.clear();
            self.slots.fill(Slot { key: NO_TOKEN, keys: TokKeys::default() });
            self.index.clear();
            self.keys.clear();
            self.text.clear();
            self.bare.clear();
            self.single.clear();
            self.chains.clear();
            self.chain_hits.clear();
            self.chain_bytes = 0;
        }
    }

    /// The keys of a token, computed on first sight. The `Bare` matches are those of the token's
    /// key alone between two separators: a `Bare` pattern has no separator, so it matches there
    /// exactly where it matches inside that token in a sentence's haystack. A `Whole` or `Lower`
    /// pattern of one token, from separator to separator, matches in a haystack exactly where
    /// it is the key (lowercase form) of a token between its separators.
    #[inline(always)]
    fn keys(
        &mut self,
        m: &Matcher,
        automaton: &AhoCorasick,
        text: &str,
        (s, e): (usize, usize),
        probe: &mut String,
    ) -> TokKeys {
        let len = e.wrapping_sub(s);
        if len <= PACKED_MAX {
            let key = packed(text.as_bytes(), s, len);
            let slot = &self.slots[slot_of(key)];
            if slot.key == key {
                return slot.keys;
            }
            return self.short_keys(m, automaton, text, (s, e), key, probe);
        }
        self.long_keys(m, automaton, text, (s, e), probe)
    }

    /// [`TokCache::keys`] of a token of up to [`PACKED_MAX`] bytes not in its slot.
    #[inline(never)]
    fn short_keys(
        &mut self,
        m: &Matcher,
        automaton: &AhoCorasick,
        text: &str,
        (s, e): (usize, usize),
        key: u128,
        probe: &mut String,
    ) -> TokKeys {
        let k = match self.short.get(&key) {
            Some(&i) => self.keys[i as usize],
            None => {
                let tok = text.get(s..e).unwrap_or("");
                let i = self.keys.len();
                let k = self.add(m, automaton, tok, probe);
                self.short.insert(key, u32::try_from(i).unwrap_or(u32::MAX));
                k
            }
        };
        self.slots[slot_of(key)] = Slot { key, keys: k };
        k
    }

    /// [`TokCache::keys`] of a token of more than [`PACKED_MAX`] bytes.
    fn long_keys(
        &mut self,
        m: &Matcher,
        automaton: &AhoCorasick,
        text: &str,
        (s, e): (usize, usize),
        probe: &mut String,
    ) -> TokKeys {
        let tok = text.get(s..e).unwrap_or("");
        if let Some(&i) = self.index.get(tok) {
            return self.keys[i as usize];
        }
        let i = self.keys.len();
        let k = self.add(m, automaton, tok, probe);
        self.index.insert(tok.into(), u32::try_from(i).unwrap_or(u32::MAX));
        k
    }

    /// Works out the keys of a token not in the cache and keeps them (see [`TokCache::keys`]).
    #[inline(never)]
    fn add(&mut self, m: &Matcher, automaton: &AhoCorasick, tok: &str, probe: &mut String) -> TokKeys {
        let at = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        let a = self.text.len();
        m.rules.push_stem_key(&mut self.text, tok);
        let b = self.text.len();
        if m.has_lower {
            m.rules.push_lower(&mut self.text, tok, false);
        }
        let c = self.text.len();
        let ids = [m.multi[0].id(&self.text[a..b]), m.multi[1].id(&self.text[b..c])];
        probe.clear();
        probe.push(' ');
        probe.push_str(&self.text[a..b]);
        probe.push(' ');
        let (bare_from, single_from) = (self.bare.len(), self.single.len());
        for hit in automaton.find_overlapping_iter(probe.as_str()) {
            let pi = hit.pattern().as_usize();
            let p = &m.patterns[pi];
            if p.single && hit.start() == 0 && hit.end() == probe.len() {
                let cap = probe.as_bytes().get(1) == Some(&b'^');
                self.single.push((hit.end() - hit.start(), pi, cap));
            }
            if p.kind != Kind::Bare {
                continue;
            }
            if let Some(c) = m.bare_candidate(probe, (hit.start(), hit.end()), pi, (1, probe.len() - 1)) {
                self.bare.push(c);
            }
        }
        if m.has_lower {
            probe.clear();
            probe.push('\n');
            probe.push_str(&self.text[b..c]);
            probe.push('\n');
            for hit in automaton.find_overlapping_iter(probe.as_str()) {
                let pi = hit.pattern().as_usize();
                if m.patterns[pi].single && hit.start() == 0 && hit.end() == probe.len() {
                    self.single.push((hit.end() - hit.start(), pi, true));
                }
            }
        }
        let mut flags = 0;
        if self.bare.len() > bare_from || self.single.len() > single_from {
            flags |= HAS_CANDIDATES;
        }
        if m.multi[0].begins(ids[0]) {
            flags |= BEGINS_STEM;
        }
        if m.multi[1].begins(ids[1]) {
            flags |= BEGINS_LOWER;
        }
        if self.text.as_bytes().get(a) == Some(&b'^') {
            flags |= CAPITALIZED;
        }
        let cue = if m.has_lower {
            m.rules.is_cue(&self.text[b..c])
        } else {
            probe.clear();
            m.rules.push_lower(probe, tok, false);
            m.rules.is_cue(probe)
        };
        if cue {
            flags |= CUE;
        }
        let k = TokKeys {
            bare: (at(bare_from), at(self.bare.len())),
            single: (at(single_from), at(self.single.len())),
            ids,
            flags,
        };
        self.keys.push(k);
        k
    }
}

/// A candidate hit: (first token, token count, part, matched length, pattern, first token
/// capitalized).
type Candidate = (usize, usize, Part, usize, usize, bool);

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

struct Builder {
    index: HashMap<String, usize>,
    patterns: Vec<Pattern>,
}

impl Builder {
    fn add(&mut self, key: String, kind: Kind, entry: Option<usize>) -> usize {
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.patterns.len();
                self.index.insert(key, i);
                self.patterns.push(Pattern {
                    kind,
                    entries: Vec::new(),
                    idiom: false,
                    compound: false,
                    single: false,
                });
                i
            }
        };
        let p = &mut self.patterns[i];
        match entry {
            Some(e) => {
                if !p.entries.contains(&e) {
                    p.entries.push(e);
                }
            }
            None => p.idiom = true,
        }
        i
    }
}

impl Matcher {
    pub(crate) fn new(lang: &str, entries: &[Entry], idx: &[usize]) -> Matcher {
        let rules = Rules::for_lang(lang);
        let mut b = Builder { index: HashMap::default(), patterns: Vec::new() };
        for &i in idx {
            let e = &entries[i];
            let mut forms = vec![e.term.clone()];
            if e.term.contains('-') {
                // "Datenschutz-Grundverordnung" also matches "Datenschutzgrundverordnung".
                forms.push(e.term.replace('-', ""));
            }
            for form in &forms {
                let toks: Vec<&str> = tokens(form).map(|(_, w)| w).collect();
                if toks.is_empty() {
                    continue;
                }
                match e.mode {
                    MatchMode::Default => rules.add_default(&mut b, &toks, i),
                    MatchMode::Exact | MatchMode::Case => {
                        let mut k = String::from("\n");
                        for t in &toks {
                            rules.push_lower(&mut k, t, false);
                            k.push('\n');
                        }
                        b.add(k, Kind::Lower, Some(i));
                    }
                }
            }
        }
        for idiom in &rules.idioms {
            let toks: Vec<&str> = tokens(idiom).map(|(_, w)| w).collect();
            if toks.is_empty() {
                continue;
            }
            let mut variants = vec![toks.iter().map(|t| rules.stem_key(t)).collect::<Vec<_>>()];
            if rules.noun_case && !Rules::is_capitalized(toks[0]) {
                let mut v = variants[0].clone();
                v[0].insert(0, '^');
                variants.push(v);
            }
            for v in variants {
                b.add(format!(" {} ", v.join(" ")), Kind::Whole, None);
            }
        }
        let has_lower = b.patterns.iter().any(|p| p.kind == Kind::Lower);
        let mut keys: Vec<(String, usize)> = b.index.into_iter().collect();
        keys.sort_unstable_by_key(|&(_, i)| i);
        let keys: Vec<String> = keys.into_iter().map(|(k, _)| k).collect();
        let mut multi = [Multi::default(), Multi::default()];
        for (pi, (k, p)) in keys.iter().zip(b.patterns.iter_mut()).enumerate() {
            p.single = match p.kind {
                Kind::Bare => false,
                Kind::Whole => !multi[0].add(k, ' ', pi),
                Kind::Lower => !multi[1].add(k, '\n', pi),
            };
        }
        let automaton = Automaton::new(keys);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Matcher { rules, automaton, patterns: b.patterns, has_lower, multi, id }
    }

    /// [`Rules::has_cue`] with the thread's token cache: whether a token is a cue is worked out
    /// once per distinct token.
    pub(crate) fn has_cue(&self, text: &str) -> bool {
        if self.rules.cues.is_empty() {
            return false;
        }
        let Some(automaton) = &self.automaton else { return self.rules.has_cue(text) };
        // Nothing is searched here towards the DFA's mark; either automaton gives the same keys.
        let automaton = automaton.for_text(0);
        SCRATCH.with(|cell| {
            let Ok(mut scratch) = cell.try_borrow_mut() else { return self.rules.has_cue(text) };
            let Scratch { caches, probe, .. } = &mut *scratch;
            let cache = TokCache::of(caches, self.id);
            cache.bound();
            tokens(text)
                .any(|(s, w)| cache.keys(self, automaton, text, (s, s + w.len()), probe).flags & CUE != 0)
        })
    }

    /// Finds terms in `text`: with `longest`, the hits where overlapping ones keep the longest
    /// (first result); with `all`, every hit, nested ones included (second result). One search
    /// gives both; a result not asked for is empty.
    ///
    /// `spans`, where given, are the word tokens of `text` ([`tokens`]) as byte ranges, already
    /// cut (the sentence's words where they are the same: `SentenceWords::tokens_of`).
    pub(crate) fn search(
        &self,
        text: &str,
        spans: Option<&[(u32, u32)]>,
        entries: &[Entry],
        longest: bool,
        all: bool,
    ) -> (Vec<TermHit>, Vec<TermHit>) {
        if self.automaton.is_none() {
            return (Vec::new(), Vec::new());
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.search_with(text, spans, entries, (longest, all), &mut scratch),
            // The thread's buffers are in use (never: a search does not search again).
            Err(_) => self.search_with(text, spans, entries, (longest, all), &mut Scratch::default()),
        })
    }

    fn search_with(
        &self,
        text: &str,
        spans: Option<&[(u32, u32)]>,
        entries: &[Entry],
        want: (bool, bool),
        scratch: &mut Scratch,
    ) -> (Vec<TermHit>, Vec<TermHit>) {
        match spans {
            Some(spans) if !spans.is_empty() => self.search_in(text, spans, entries, want, scratch),
            Some(_) => (Vec::new(), Vec::new()),
            None => {
                let mut toks = std::mem::take(&mut scratch.toks);
                toks.clear();
                toks.extend(tokens(text).map(|(s, w)| (s, s + w.len())));
                let hits = if toks.is_empty() {
                    (Vec::new(), Vec::new())
                } else {
                    self.search_in(text, &toks, entries, want, scratch)
                };
                scratch.toks = toks;
                hits
            }
        }
    }

    fn search_in<T: Span>(
        &self,
        text: &str,
        toks: &[T],
        entries: &[Entry],
        want: (bool, bool),
        scratch: &mut Scratch,
    ) -> (Vec<TermHit>, Vec<TermHit>) {
        let Some(automaton) = &self.automaton else { return (Vec::new(), Vec::new()) };
        let automaton = automaton.for_text(text.len());
        let n = toks.len();
        let Scratch { cands, idioms, taken, caches, tok_keys, probe, starts, .. } = scratch;
        cands.clear();
        idioms.clear();
        tok_keys.clear();
        starts[0].clear();
        starts[1].clear();
        let cache = TokCache::of(caches, self.id);
        cache.bound();
        // Every token's keys and single-token candidates from the cache: for most tokens one
        // look-up of their bytes and nothing else.
        for (ti, &span) in toks.iter().enumerate() {
            let k = cache.keys(self, automaton, text, span.range(), probe);
            if k.flags & FINDS != 0 {
                if k.flags & HAS_CANDIDATES != 0 {
                    for &(part, len, pi, cap) in &cache.bare[k.bare.0 as usize..k.bare.1 as usize] {
                        cands.push((ti, 1, part, len, pi, cap));
                    }
                    // As `whole_candidate` has them; after the token's `Bare` candidates, stem
                    // part before lowercase part, as a haystack's search would give them.
                    for &(len, pi, cap) in &cache.single[k.single.0 as usize..k.single.1 as usize] {
                        let p = &self.patterns[pi];
                        if p.idiom {
                            idioms.push((ti, 1));
                        }
                        if !p.entries.is_empty() {
                            cands.push((ti, 1, Part::Whole, len, pi, cap));
                        }
                    }
                }
                if k.flags & BEGINS_STEM != 0 {
                    starts[0].push(ti);
                }
                if k.flags & BEGINS_LOWER != 0 {
                    starts[1].push(ti);
                }
            }
            tok_keys.push(k);
        }
        // The patterns of several tokens, token by token: a part's patterns match in a haystack
        // only as whole tokens from a separator to a separator, so one begins at a token where
        // its first two keys begin there and its other keys follow. Stem part before lowercase
        // part, as a haystack's search would give them; only at the tokens whose key begins
        // one of the part's patterns.
        for (part, multi) in self.multi.iter().enumerate() {
            for &i in &starts[part] {
                let first = tok_keys[i].ids[part];
                let Some(next) = tok_keys.get(i + 1) else { continue };
                let Some(list) = multi.by_pair.get(&(first, next.ids[part])) else { continue };
                for MultiPattern { pattern: pi, ids, len } in list {
                    let count = ids.len();
                    let Some(rest) = tok_keys.get(i + 2..i + count) else { continue };
                    if !rest.iter().zip(&ids[2..]).all(|(k, &id)| k.ids[part] == id) {
                        continue;
                    }
                    let p = &self.patterns[*pi];
                    if p.idiom {
                        idioms.push((i, count));
                    }
                    if !p.entries.is_empty() {
                        let cap = part == 1 || tok_keys[i].flags & CAPITALIZED != 0;
                        cands.push((i, count, Part::Whole, *len, *pi, cap));
                    }
                }
            }
        }
        // Words joined by a hyphen need a hyphen in the text (one memchr, cheaper than a test
        // per token).
        if memchr::memchr(b'-', text.as_bytes()).is_some() {
            self.hyphen_chains(text, toks, automaton, Some(cache), cands);
        }
        self.pick(text, toks, entries, want, n, cands, idioms, taken)
    }

    /// A `Whole` or `Lower` pattern's match in a haystack as a candidate (or an idiom's span);
    /// the stem and lowercase parts hold the tokens from `from[0]` and `from[1]` on. (Only the
    /// search over the whole haystack, `Matcher::search_full`, still has one.)
    #[cfg(test)]
    #[allow(clippy::too_many_arguments)]
    fn whole_candidate(
        &self,
        hay: &str,
        (s, e): (usize, usize),
        pi: usize,
        (sep_a, sep_b): (&[usize], &[usize]),
        from: [usize; 2],
        cands: &mut Vec<Candidate>,
        idioms: &mut Vec<(usize, usize)>,
    ) {
        let p = &self.patterns[pi];
        let (seps, from) = if p.kind == Kind::Whole { (sep_a, from[0]) } else { (sep_b, from[1]) };
        let (Ok(first), Ok(after)) = (seps.binary_search(&s), seps.binary_search(&(e - 1))) else {
            return;
        };
        let (first, after) = (first + from, after + from);
        if after <= first {
            return;
        }
        if p.idiom {
            idioms.push((first, after - first));
        }
        if !p.entries.is_empty() {
            let cap = p.kind == Kind::Lower || hay.as_bytes().get(s + 1) == Some(&b'^');
            cands.push((first, after - first, Part::Whole, e - s, pi, cap));
        }
    }

    /// A `Bare` pattern's match inside the key of one token (`key_at..key_end` in `hay`, where
    /// the key may start with `^`) as (part, matched length, pattern, capitalized), if it is one.
    fn bare_candidate(
        &self,
        hay: &str,
        (s, e): (usize, usize),
        pi: usize,
        (key_at, key_end): (usize, usize),
    ) -> Option<(Part, usize, usize, bool)> {
        let p = &self.patterns[pi];
        let bytes = hay.as_bytes();
        let mut ks = key_at;
        let cap = bytes.get(ks) == Some(&b'^');
        if cap {
            ks += 1;
        }
        let (at_start, at_end) = (s == ks, bytes.get(e) == Some(&b' '));
        let part = match (at_start, at_end) {
            (true, true) => Part::Whole,
            (false, true) if p.compound && cap && self.head_ok(&hay[ks..s]) => Part::Head,
            (true, false) if p.compound && cap && self.rest_ok(&hay[e..key_end]) => Part::Modifier,
            _ => return None,
        };
        Some((part, e - s, pi, cap))
    }

    /// Whether the automaton stays the contiguous NFA, as for a large glossary.
    #[cfg(test)]
    pub(crate) fn is_nfa(&self) -> bool {
        self.automaton.as_ref().is_some_and(|a| a.keys.is_empty())
    }

    /// Counts the text searched so far as one byte short of the DFA's mark: the next search
    /// builds it.
    #[cfg(test)]
    pub(crate) fn bring_the_dfa_near(&self) {
        if let Some(a) = &self.automaton {
            a.searched.store(DFA_AFTER_BYTES - 1, Ordering::Relaxed);
        }
    }

    /// Whether the DFA has been built.
    #[cfg(test)]
    pub(crate) fn has_dfa(&self) -> bool {
        self.automaton.as_ref().is_some_and(|a| a.dfa.get().is_some())
    }

    /// The search of `search_in` without the token cache and its prefilter: every token keyed
    /// anew, one overlapping search over every haystack. What the fast path is tested against.
    #[cfg(test)]
    pub(crate) fn search_full(&self, text: &str, entries: &[Entry]) -> (Vec<TermHit>, Vec<TermHit>) {
        let Some(automaton) = &self.automaton else { return (Vec::new(), Vec::new()) };
        let automaton = automaton.for_text(text.len());
        let toks: Vec<(usize, usize)> = tokens(text).map(|(s, w)| (s, s + w.len())).collect();
        if toks.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let n = toks.len();
        let (mut hay, mut sep_a, mut sep_b) = (String::from(" "), Vec::new(), Vec::new());
        let (mut cands, mut idioms, mut taken) = (Vec::new(), Vec::new(), Vec::new());
        for &(s, e) in &toks {
            sep_a.push(hay.len() - 1);
            self.rules.push_stem_key(&mut hay, &text[s..e]);
            hay.push(' ');
        }
        sep_a.push(hay.len() - 1);
        if self.has_lower {
            hay.push('\n');
            for &(s, e) in &toks {
                sep_b.push(hay.len() - 1);
                self.rules.push_lower(&mut hay, &text[s..e], false);
                hay.push('\n');
            }
            sep_b.push(hay.len() - 1);
        }
        for m in automaton.find_overlapping_iter(&hay) {
            let pi = m.pattern().as_usize();
            let (s, e) = (m.start(), m.end());
            if self.patterns[pi].kind != Kind::Bare {
                self.whole_candidate(&hay, (s, e), pi, (&sep_a, &sep_b), [0, 0], &mut cands, &mut idioms);
                continue;
            }
            // The token the match lies in.
            let tok = sep_a.partition_point(|&x| x < s).saturating_sub(1);
            if tok >= n {
                continue;
            }
            if let Some((part, len, pi, cap)) =
                self.bare_candidate(&hay, (s, e), pi, (sep_a[tok] + 1, sep_a[tok + 1]))
            {
                cands.push((tok, 1, part, len, pi, cap));
            }
        }
        self.hyphen_chains(text, &toks, automaton, None, &mut cands);
        self.pick(text, &toks, entries, (true, true), n, &mut cands, &idioms, &mut taken)
    }

    /// The hits from the candidates: idiom parts dropped, longest first.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn pick<T: Span>(
        &self,
        text: &str,
        toks: &[T],
        entries: &[Entry],
        (want_longest, want_all): (bool, bool),
        n: usize,
        cands: &mut Vec<Candidate>,
        idioms: &[(usize, usize)],
        taken: &mut Vec<bool>,
    ) -> (Vec<TermHit>, Vec<TermHit>) {
        if cands.is_empty() {
            return (Vec::new(), Vec::new());
        }
        // A hit wholly inside an idiom ("Vergleich" in "im Vergleich zu") is not a term.
        cands.retain(|&(first, count, ..)| {
            !idioms.iter().any(|&(f, c)| f <= first && first + count <= f + c && count < c)
        });
        let rank = |p: Part| match p {
            Part::Whole => 0,
            Part::Head => 1,
            Part::Modifier => 2,
        };
        cands.sort_by(|a, b| {
            b.1.cmp(&a.1).then(rank(a.2).cmp(&rank(b.2))).then(b.3.cmp(&a.3)).then(a.0.cmp(&b.0))
        });
        taken.clear();
        taken.resize(n, false);
        // Room for every hit at once: one per entry of each candidate's pattern at most.
        let hits: usize = cands.iter().map(|c| self.patterns[c.4].entries.len()).sum();
        let room = |wanted: bool| if wanted { hits } else { 0 };
        let (mut longest, mut all) =
            (Vec::with_capacity(room(want_longest)), Vec::with_capacity(room(want_all)));
        for &(first, count, part, _, pi, cap) in cands.iter() {
            let range = first..first + count;
            let start = toks[first].range().0;
            let end = toks[first + count - 1].range().1;
            let free = !taken[range.clone()].iter().any(|&t| t);
            let mut any = false;
            for &i in &self.patterns[pi].entries {
                let ok = match entries[i].mode {
                    MatchMode::Case => case_ok(&entries[i].term, text, &toks[range.clone()]),
                    MatchMode::Exact => true,
                    // A capitalized (noun) term needs a capitalized word where nouns are.
                    MatchMode::Default => {
                        cap || !self.rules.noun_case || !Rules::is_capitalized(&entries[i].term)
                    }
                };
                if !ok {
                    continue;
                }
                any = true;
                let hit = TermHit { entry: i, start, end, part };
                if want_all {
                    all.push(hit);
                }
                if want_longest && free {
                    longest.push(hit);
                }
            }
            if any && free {
                taken[range].iter_mut().for_each(|t| *t = true);
            }
        }
        for hits in [&mut longest, &mut all] {
            hits.sort_unstable_by_key(|h| (h.start, h.entry, h.end, h.part));
            hits.dedup();
        }
        (longest, all)
    }

    /// Words joined by hyphens are also tried as one word, so that a glossary term written
    /// without the hyphen (Datenschutzgrundverordnung) is found in Datenschutz-Grundverordnung.
    ///
    /// A chain's candidates depend on its text alone: with a token cache they are worked out
    /// once per distinct chain.
    #[inline(never)]
    fn hyphen_chains<T: Span>(
        &self,
        text: &str,
        toks: &[T],
        automaton: &AhoCorasick,
        mut cache: Option<&mut TokCache>,
        cands: &mut Vec<Candidate>,
    ) {
        let joined_by_hyphen = |k: usize| {
            let end = toks[k].range().1;
            toks[k + 1].range().0 == end + 1 && text.as_bytes().get(end) == Some(&b'-')
        };
        let mut found = Vec::new();
        let mut i = 0;
        while i + 1 < toks.len() {
            if !joined_by_hyphen(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j + 1 < toks.len() && joined_by_hyphen(j) {
                j += 1;
            }
            let push_word = |word: &mut String| {
                word.clear();
                for t in &toks[i..=j] {
                    let (s, e) = t.range();
                    word.push_str(text.get(s..e).unwrap_or(""));
                }
            };
            let count = j - i + 1;
            match cache.as_deref_mut() {
                Some(c) => {
                    push_word(&mut c.word);
                    let (a, b) = match c.chains.get(c.word.as_str()) {
                        Some(&range) => range,
                        None => {
                            let a = c.chain_hits.len();
                            self.chain_matches(&c.word, automaton, &mut c.chain_hits);
                            let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                            let range = (at(a), at(c.chain_hits.len()));
                            c.chains.insert(c.word.as_str().into(), range);
                            c.chain_bytes += c.word.len();
                            range
                        }
                    };
                    for &(len, pi, cap) in &c.chain_hits[a as usize..b as usize] {
                        cands.push((i, count, Part::Whole, len, pi, cap));
                    }
                }
                None => {
                    let mut word = String::new();
                    push_word(&mut word);
                    found.clear();
                    self.chain_matches(&word, automaton, &mut found);
                    for &(len, pi, cap) in &found {
                        cands.push((i, count, Part::Whole, len, pi, cap));
                    }
                }
            }
            i = j + 1;
        }
    }

    /// The patterns a chain of words joined by hyphens matches as one word, written without
    /// its hyphens (`word`): (matched length, pattern, capitalized) each, in the automaton's order.
    fn chain_matches(&self, word: &str, automaton: &AhoCorasick, out: &mut Vec<(usize, usize, bool)>) {
        let mut hay = String::from(" ");
        self.rules.push_stem_key(&mut hay, word);
        hay.push(' ');
        let cap = hay.as_bytes().get(1) == Some(&b'^');
        let ks = if cap { 2 } else { 1 };
        for m in automaton.find_overlapping_iter(&hay) {
            let pi = m.pattern().as_usize();
            let p = &self.patterns[pi];
            let whole = match p.kind {
                Kind::Bare => m.start() == ks && m.end() == hay.len() - 1,
                Kind::Whole => m.start() == 0 && m.end() == hay.len(),
                Kind::Lower => false,
            };
            if whole && !p.entries.is_empty() {
                out.push((m.end() - m.start(), pi, cap));
            }
        }
    }

    /// Whether what precedes a head makes a compound: long enough and not only verb prefixes.
    fn head_ok(&self, modifier: &str) -> bool {
        let Some(c) = &self.rules.compounds else { return false };
        if modifier.chars().count() < c.min_modifier || !modifier.chars().all(char::is_alphabetic) {
            return false;
        }
        let only_prefixes = c.prefixes.contains(modifier)
            || (1..modifier.len()).any(|k| {
                modifier.is_char_boundary(k)
                    && c.prefixes.contains(&modifier[..k])
                    && c.prefixes.contains(&modifier[k..])
            });
        !only_prefixes
    }

    /// Whether what follows a first part makes a compound: an optional linking element, then
    /// enough letters that are not a place-name ending.
    /// (`links` is sorted longest first.)
    fn rest_ok(&self, rest: &str) -> bool {
        let Some(c) = &self.rules.compounds else { return false };
        if !rest.chars().all(char::is_alphabetic) || c.names.iter().any(|n| rest.ends_with(n.as_str())) {
            return false;
        }
        // The longest linking element that fits is taken as one (Gericht|s|amt is too short).
        let link = c.links.iter().find(|l| rest.starts_with(l.as_str())).map_or("", String::as_str);
        rest[link.len()..].chars().count() >= c.min_rest
    }
}

/// Whether text tokens are written exactly as a `case` term (’ and ' alike).
fn case_ok<T: Span>(term: &str, text: &str, toks: &[T]) -> bool {
    let norm = |c: char| if c == '’' { '\'' } else { c };
    let written = tokens(term).flat_map(|(_, w)| w.chars()).map(norm);
    let seen = toks
        .iter()
        .flat_map(|t| {
            let (s, e) = t.range();
            text.get(s..e).unwrap_or("").chars()
        })
        .map(norm);
    written.eq(seen)
}

impl Rules {
    /// The patterns of a default-mode term: its stem keys, the -er plural and the sentence-start
    /// variant, and for a German single-word noun its compound head and first-part patterns.
    fn add_default(&self, b: &mut Builder, toks: &[&str], entry: usize) {
        let keys: Vec<String> = toks.iter().map(|t| self.stem_key(t)).collect();
        let mut variants = vec![keys.clone()];
        let last = toks[toks.len() - 1];
        // -er plurals (Geld → Gelder, Bild → Bilder) only where no umlaut plural is possible:
        // Schutz → Schützer and Verbrauch → Verbraucher are agent nouns, not plurals.
        let lower = last.to_lowercase();
        let last_vowels: String = lower
            .trim_end_matches(|c: char| !"aeiouyäöü".contains(c))
            .chars()
            .rev()
            .take_while(|c| "aeiouyäöü".contains(*c))
            .collect();
        let er_variant = self.er_plural
            && Rules::is_capitalized(last)
            && !lower.ends_with('e')
            && !lower.ends_with("er")
            && !last_vowels.is_empty()
            && !last_vowels.contains(['a', 'o', 'u', 'ä', 'ö', 'ü']);
        // Nominalized adjectives and participles (der Beklagte, ein Beklagter; die Geschworene,
        // ein Geschworener) take -er after ein; their endings are listed in the data.
        let adj_noun =
            Rules::is_capitalized(last) && self.adj_noun_endings.iter().any(|e| lower.ends_with(e.as_str()));
        if adj_noun {
            // From the written form: Geschworene → geschworener (its stem is shorter).
            let mut v = keys.clone();
            if let Some(l) = v.last_mut() {
                l.clear();
                if self.noun_case {
                    l.push('^');
                }
                self.push_lower(l, last, true);
                l.push('r');
            }
            variants.push(v);
        }
        if er_variant {
            let mut v = keys.clone();
            if let Some(l) = v.last_mut() {
                l.push_str("er");
            }
            variants.push(v);
        }
        if toks.len() == 1 {
            // One pattern per form, without separators: whole word and compound parts alike.
            let compound = self.compounds.as_ref().is_some_and(|c| {
                Rules::is_capitalized(toks[0])
                    && keys[0].trim_start_matches('^').chars().count() >= c.min_term
            });
            for v in &variants {
                let i = b.add(v[0].trim_start_matches('^').to_string(), Kind::Bare, Some(entry));
                b.patterns[i].compound |= compound;
            }
            return;
        }
        if self.noun_case && Rules::is_capitalized(toks[0]) && !self.noun.rules.is_empty() {
            // A capitalized adjective in a name (Europäischer Gerichtshof, Einheitliches
            // Patentgericht) declines like an adjective: der Europäische, des Europäischen,
            // ein Europäischer. The text word, capitalized, gets noun stemming, which keeps -er.
            let mut adj = String::from("^");
            let from = adj.len();
            self.push_lower(&mut adj, toks[0], true);
            self.stem_tail(&mut adj, from, false);
            if adj != keys[0] {
                let base: Vec<Vec<String>> = variants.clone();
                for v in base {
                    for k in [adj.clone(), format!("{adj}er")] {
                        let mut v = v.clone();
                        v[0] = k;
                        variants.push(v);
                    }
                }
            }
        }
        if self.noun_case && !Rules::is_capitalized(toks[0]) {
            // A lowercase first word (an adjective) is capitalized at the start of a sentence.
            let extra: Vec<Vec<String>> = variants
                .iter()
                .map(|v| {
                    let mut v = v.clone();
                    v[0].insert(0, '^');
                    v
                })
                .collect();
            variants.extend(extra);
        }
        for v in &variants {
            let mut k = String::from(" ");
            for t in v {
                k.push_str(t);
                k.push(' ');
            }
            b.add(k, Kind::Whole, Some(entry));
        }
    }
}
