//! The words of a text, as UAX #29 word boundaries give them (unicode-segmentation's
//! `unicode_words`), in one pass for the text of European news (ASCII classes from a small
//! table, no Unicode tables): the one word splitter of lexbridge's checks, aligner anchors,
//! pairing features, summaries and language detection. It must never give other words than
//! `unicode_words`; a text it does not handle itself goes through unicode-segmentation.
//! [`SentenceWords`] keeps the words of every sentence of a text, split once for the stages that
//! need them.

use unicode_segmentation::UnicodeSegmentation;

/// Word Break classes (UAX #29) of the characters [`words`] handles itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Digit,
    /// `_`
    Joiner,
    /// `:`
    MidLetter,
    /// `,` `;`
    MidNum,
    /// `.` `'` `‘` `’`
    MidBoth,
    Other,
}

/// The class of a character, or `None` where [`words`] leaves the text to unicode-segmentation
/// (other scripts, combining marks, format characters, narrow no-break spaces, …).
fn word_break(c: char) -> Option<Wb> {
    Some(match c {
        'a'..='z' | 'A'..='Z' => Wb::Letter,
        '0'..='9' => Wb::Digit,
        '_' => Wb::Joiner,
        ':' => Wb::MidLetter,
        ',' | ';' => Wb::MidNum,
        '.' | '\'' | '‘' | '’' => Wb::MidBoth,
        '\0'..='\u{7f}' => Wb::Other,
        // Latin-1 and Latin Extended-A/B letters.
        '\u{c0}'..='\u{24f}' if c != '×' && c != '÷' => Wb::Letter,
        '\u{a0}' | '§' | '°' | '«' | '»' | '×' | '–' | '—' | '“' | '”' | '„' | '•' | '…' | '€' => {
            Wb::Other
        }
        _ => return None,
    })
}

/// [`word_break`] of every ASCII character, looked up rather than matched.
static ASCII: [Wb; 128] = {
    let mut table = [Wb::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
            b'0'..=b'9' => Wb::Digit,
            b'_' => Wb::Joiner,
            b':' => Wb::MidLetter,
            b',' | b';' => Wb::MidNum,
            b'.' | b'\'' => Wb::MidBoth,
            _ => Wb::Other,
        };
        b += 1;
    }
    table
};

/// Appends `word` in lowercase to `out`, as `str::to_lowercase` gives it (a final sigma stays
/// final), without the Unicode tables for ASCII and Latin-1: the one lowercasing of words for
/// lookups in word lists.
pub fn push_lowercase(out: &mut String, word: &str) {
    let start = out.len();
    if word.is_ascii() {
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    // By the byte: ASCII and Latin-1 (lead bytes 0xC2, 0xC3) without decoding; the runs that
    // stay as they are copied at once, only a capital pushed on its own.
    let bytes = word.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        let (len, lower) = match b {
            b'A'..=b'Z' => (1, Some(char::from(b + 0x20))),
            0..=0x7f => (1, None),
            // U+00C0..=U+00DE but × (C3 97): their lowercase is 0x20 above.
            0xc3 if bytes.get(i + 1).is_some_and(|&n| (0x80..=0x9e).contains(&n) && n != 0x97) => {
                (2, char::from_u32(0xe0 + u32::from(bytes[i + 1] - 0x80)))
            }
            // The rest of Latin-1 has no case.
            0xc2 | 0xc3 => (2, None),
            _ => {
                let Some(c) = word[i..].chars().next() else { break };
                if c == 'Σ' {
                    // Final sigma: only `str::to_lowercase` knows the word's end.
                    out.truncate(start);
                    out.push_str(&word.to_lowercase());
                    return;
                }
                out.push_str(&word[copied..i]);
                out.extend(c.to_lowercase());
                i += c.len_utf8();
                copied = i;
                continue;
            }
        };
        if let Some(l) = lower {
            out.push_str(&word[copied..i]);
            out.push(l);
            copied = i + len;
        }
        i += len;
    }
    out.push_str(&word[copied..]);
}

/// [`word_break`] says of every ASCII letter and digit: part of a run that joins without a look
/// at its neighbours.
static ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The ASCII characters before a word that no segment starts at: all but letters, digits and
/// `_` (the middle characters join only inside a word).
static SKIP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !matches!(ASCII[b], Wb::Letter | Wb::Digit | Wb::Joiner);
        b += 1;
    }
    table
};

/// Every byte of a `u64` set to `b`.
const fn lanes(b: u8) -> u64 {
    b as u64 * 0x0101_0101_0101_0101
}

/// The top bit of each byte of `chunk` (eight bytes of text, the first in the lowest byte) that
/// is no ASCII letter or digit, all eight at once: each range test adds a constant that carries
/// into the byte's top bit exactly when the byte is at or above a bound, on the low seven bits
/// only (so that no byte carries into the next); bytes with the top bit set are no ASCII.
#[inline(always)]
fn non_alnum_bytes(chunk: u64) -> u64 {
    const HIGH: u64 = lanes(0x80);
    let low = chunk & !HIGH;
    // Letters of either case: `b | 0x20` is in `a..=z` for `A..=Z` and `a..=z` only.
    let folded = low | lanes(0x20);
    let letter = folded.wrapping_add(lanes(0x80 - b'a')) & !folded.wrapping_add(lanes(0x7f - b'z'));
    let digit = low.wrapping_add(lanes(0x80 - b'0')) & !low.wrapping_add(lanes(0x7f - b'9'));
    !((letter | digit) & !chunk) & HIGH
}

/// How many ASCII letters and digits `bytes` has from `from` on: eight bytes at a time while
/// there are eight, then by the byte.
#[inline(always)]
fn alnum_run(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let stop = non_alnum_bytes(u64::from_le_bytes(word));
        if stop != 0 {
            return i - from + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| ALNUM[usize::from(b)]) {
        i += 1;
    }
    i - from
}

/// The end of the word at `start` when it is a common one, as [`next_span`] would cut it: ASCII
/// letters and digits and two-byte Latin letters (U+00C0 to U+023F but `×` and `÷`), then the end
/// of the text, a character that joins nothing, or a middle character (`.` `,` `;` `:` `'`) that
/// is not followed by a letter or digit (so it joins nothing either: "Recht.", "Kläger, der").
/// `None` for any other word, which [`next_span`] then cuts by the rules: with `_`, with a middle
/// character inside ("3.5", "don't"), or with any other character in it or after it.
#[inline(always)]
fn common_word(bytes: &[u8], start: usize) -> Option<usize> {
    let mut e = start;
    loop {
        e += alnum_run(bytes, e);
        match bytes.get(e) {
            Some(&lead @ 0xc3..=0xc8) => match bytes.get(e + 1) {
                Some(&next @ 0x80..=0xbf) if lead != 0xc3 || next != 0x97 && next != 0xb7 => e += 2,
                _ => return None,
            },
            _ => break,
        }
    }
    if e == start {
        return None;
    }
    match bytes.get(e) {
        None => Some(e),
        Some(&b) if ENDS[usize::from(b)] => Some(e),
        Some(b'.' | b',' | b';' | b':' | b'\'') => {
            bytes.get(e + 1).is_none_or(|&n| n.is_ascii() && !ALNUM[usize::from(n)]).then_some(e)
        }
        Some(_) => None,
    }
}

/// The ASCII characters that [`word_break`] calls `Other`: a word ends before them whatever
/// came before.
static ENDS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(ASCII[b], Wb::Other);
        b += 1;
    }
    table
};

/// Whether every character of `text` is one [`words`] handles itself: ASCII runs are passed by
/// the byte, only the other characters are decoded.
fn is_simple(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at a time.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            if u64::from_ne_bytes(word) & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        match text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) if word_break(c).is_some() => i += c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// The words of a text, exactly as unicode-segmentation's `unicode_words` gives them (UAX #29
/// word boundaries, segments with a letter or digit), but for a text of ASCII, Latin letters and
/// common punctuation in one pass without its table lookups; any other text goes through
/// unicode-segmentation.
pub fn words(text: &str) -> Words<'_> {
    Words(if is_simple(text) {
        WordsInner::Simple { text, pos: 0, as_tokens: true }
    } else {
        WordsInner::Uax(text.unicode_words())
    })
}

/// The iterator of [`words`].
pub struct Words<'a>(WordsInner<'a>);

impl Words<'_> {
    /// Whether the text is cut in one pass without unicode-segmentation (ASCII, Latin letters
    /// and common punctuation). The words of such texts joined by a space are then the words of
    /// each text, in order: a space ends every word there, and nothing joins across it.
    pub fn is_simple(&self) -> bool {
        matches!(self.0, WordsInner::Simple { .. })
    }

    /// Whether the words given so far are also the glossary's word tokens of the text
    /// (`glossary::matcher::tokens`, which joins fewer characters): a simple text in which no
    /// word was joined across `:`, `;` or `‘`, and no segment of `_` alone was passed over.
    /// Asked of an exhausted iterator, it says that of the whole text (tested in the glossary).
    /// [`SentenceWords`] learns it on its own pass; only the tests ask an iterator.
    #[cfg(test)]
    pub(crate) fn are_tokens(&self) -> bool {
        matches!(self.0, WordsInner::Simple { as_tokens: true, .. })
    }
}

enum WordsInner<'a> {
    Simple { text: &'a str, pos: usize, as_tokens: bool },
    Uax(unicode_segmentation::UnicodeWords<'a>),
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match &mut self.0 {
            WordsInner::Uax(w) => w.next(),
            WordsInner::Simple { text, pos, as_tokens } => next_simple(text, pos, as_tokens),
        }
    }

    /// All the words in one loop, without a call and a match per word (what `for_each`, `count`
    /// and the other consuming adapters use).
    fn fold<B, F: FnMut(B, &'a str) -> B>(self, init: B, mut f: F) -> B {
        match self.0 {
            WordsInner::Uax(w) => w.fold(init, f),
            WordsInner::Simple { text, mut pos, mut as_tokens } => {
                let mut acc = init;
                while let Some(w) = next_simple(text, &mut pos, &mut as_tokens) {
                    acc = f(acc, w);
                }
                acc
            }
        }
    }
}

/// The next word of a simple text from byte `*pos` on (see [`words`]); clears `as_tokens` where
/// a word is not also a glossary token (see [`Words::are_tokens`]).
#[inline(always)]
fn next_simple<'a>(text: &'a str, pos: &mut usize, as_tokens: &mut bool) -> Option<&'a str> {
    let mut unknown = false;
    let (start, end) = next_span(text, pos, as_tokens, &mut unknown)?;
    debug_assert!(!unknown, "next_simple on a text that is not simple");
    Some(&text[start..end])
}

/// [`next_simple`] as the byte range of the word, on any text: at the first character that
/// [`word_break`] leaves to unicode-segmentation it sets `unknown` and gives no more words (those
/// given before it may be cut wrongly, since that character can join them). Every character up
/// to it is looked at on the way, so a text that ends without `unknown` is one [`is_simple`]
/// accepts: one pass does both.
#[inline(always)]
fn next_span(
    text: &str,
    pos: &mut usize,
    as_tokens: &mut bool,
    unknown: &mut bool,
) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut class_at = |i: usize| -> Option<(Wb, usize)> {
        let b = *bytes.get(i)?;
        if b.is_ascii() {
            return Some((ASCII[usize::from(b)], 1));
        }
        let c = text.get(i..)?.chars().next()?;
        match word_break(c) {
            Some(k) => Some((k, c.len_utf8())),
            None => {
                *unknown = true;
                None
            }
        }
    };
    let joins = |k: Wb| matches!(k, Wb::Letter | Wb::Digit | Wb::Joiner);
    let mut i = *pos;
    loop {
        // Up to the next character that starts a segment: ASCII other than letters, digits and
        // `_` by the byte.
        while bytes.get(i).is_some_and(|&b| SKIP[usize::from(b)]) {
            i += 1;
        }
        if let Some(end) = common_word(bytes, i) {
            *pos = end;
            return Some((i, end));
        }
        let Some((first, len)) = class_at(i) else {
            *pos = i;
            return None;
        };
        let start = i;
        i += len;
        if !joins(first) {
            continue;
        }
        // Letters, digits and `_` join (WB5, WB8-10, WB13a/b); a letter, a middle character
        // and a letter (WB6/7), or a digit, a middle character and a digit (WB11/12), too.
        let (mut prev, mut alnum) = (first, first != Wb::Joiner);
        loop {
            // The common case, a run of ASCII letters or digits, by the byte.
            let run = i;
            i += alnum_run(bytes, i);
            // The common end of a word: a space or punctuation that joins nothing.
            if bytes.get(i).is_some_and(|&b| ENDS[usize::from(b)]) {
                alnum |= i > run;
                break;
            }
            if i > run {
                prev = ASCII[usize::from(bytes[i - 1])];
                alnum = true;
            }
            let Some((k, len)) = class_at(i) else { break };
            if joins(k) {
                i += len;
                prev = k;
                alnum |= k != Wb::Joiner;
                continue;
            }
            let mid = match prev {
                Wb::Letter => matches!(k, Wb::MidLetter | Wb::MidBoth),
                Wb::Digit => matches!(k, Wb::MidNum | Wb::MidBoth),
                _ => false,
            };
            if !mid {
                break;
            }
            match class_at(i + len) {
                Some((next, len2)) if next == prev => {
                    // The glossary's tokens join only across `'`, `’`, `.` and `,`.
                    if matches!(bytes[i], b':' | b';') || text[i..].starts_with('‘') {
                        *as_tokens = false;
                    }
                    i += len + len2;
                }
                _ => break,
            }
        }
        if alnum {
            *pos = i;
            return Some((start, i));
        }
        // A segment of `_` alone: no word, but a glossary token.
        *as_tokens = false;
    }
}

/// The words of every sentence of a text ([`words`]), split once for the stages that
/// need them (alignment anchors, checks, summary): per sentence, byte ranges relative to the
/// sentence start.
#[derive(Debug, Clone, Default)]
pub struct SentenceWords {
    spans: Vec<(u32, u32)>,
    /// Per sentence: the end of its words in `spans`, and how they were found.
    ends: Vec<(usize, Split)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    /// By the one-pass splitter: the words of such sentences joined by a space are the words of
    /// each ([`Words::is_simple`]).
    Simple,
    /// As `Simple`, and the words are also the glossary's word tokens ([`Words::are_tokens`]).
    Tokens,
    /// By unicode-segmentation.
    Uax,
    /// Not kept (a sentence of 4 GB or more): whoever needs them splits it.
    Absent,
}

impl SentenceWords {
    /// Splits each sentence into words.
    pub fn split<'t>(sentences: impl IntoIterator<Item = &'t str>) -> SentenceWords {
        let mut out = SentenceWords::default();
        for text in sentences {
            let start = out.spans.len();
            let split = if u32::try_from(text.len()).is_err() {
                Split::Absent
            } else {
                // The simple splitter in one loop, without a call per word and without a pass of
                // its own to tell whether the sentence is simple: it says so on the way.
                let (mut pos, mut as_tokens, mut unknown) = (0, true, false);
                while let Some((a, b)) = next_span(text, &mut pos, &mut as_tokens, &mut unknown) {
                    // The sentence is shorter than 4 GB, so are its offsets.
                    out.spans.push((a as u32, b as u32));
                }
                if !unknown {
                    if as_tokens {
                        Split::Tokens
                    } else {
                        Split::Simple
                    }
                } else {
                    // Words given before the character it leaves may be cut wrongly: all anew.
                    out.spans.truncate(start);
                    let base = text.as_ptr() as usize;
                    out.spans.extend(text.unicode_words().map(|w| {
                        let a = w.as_ptr() as usize - base;
                        (a as u32, (a + w.len()) as u32)
                    }));
                    Split::Uax
                }
            };
            out.ends.push((out.spans.len(), split));
            debug_assert!(split != Split::Absent || out.spans.len() == start);
        }
        out
    }

    /// How many sentences this holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds no sentence.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The words of sentence `i`, as byte ranges of the sentence; `None` where they were not kept.
    pub fn of(&self, i: usize) -> Option<&[(u32, u32)]> {
        let &(end, split) = self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1].0 };
        (split != Split::Absent).then(|| &self.spans[start..end])
    }

    /// Whether sentence `i`'s words are also its words inside sentences joined by a space.
    pub fn joinable(&self, i: usize) -> bool {
        self.ends.get(i).is_some_and(|&(_, split)| matches!(split, Split::Simple | Split::Tokens))
    }

    /// The words of sentence `i` where they are also its glossary word tokens (see
    /// [`Words::are_tokens`]), so that the glossary search need not cut the sentence again.
    pub(crate) fn tokens_of(&self, i: usize) -> Option<&[(u32, u32)]> {
        let &(_, split) = self.ends.get(i)?;
        if split == Split::Tokens {
            self.of(i)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_lowercase_is_str_to_lowercase() {
        for word in [
            "Gericht",
            "ÜBERGRÖSSE",
            "Straße",
            "ΟΔΟΣ",
            "Σίσυφος",
            "İstanbul",
            "\u{212A}elvin",
            "ǅemal",
            "ÄbΣ",
            "Öl ΣΑΣ",
            "",
        ] {
            let mut out = String::from("x");
            push_lowercase(&mut out, word);
            assert_eq!(out, format!("x{}", word.to_lowercase()), "{word}");
        }
    }

    /// The byte-wise lowercasing of Latin-1 against `str::to_lowercase`: every character up to
    /// U+0500 (and the sigmas, Kelvin sign, dotted I, titlecase digraphs), alone, in the middle
    /// and at either end of a word, next to ASCII and other Latin-1 capitals.
    #[test]
    fn push_lowercase_is_str_to_lowercase_on_every_latin_character() {
        let chars = ('\0'..='\u{500}').chain(['Σ', 'ς', '\u{212A}', '\u{1E9E}', 'ǅ', '€', '\u{1F600}']);
        for c in chars {
            for t in ["{}", "a{}", "{}a", "Ä{}Ö", "X{}y", "ß{}É", "{}{}", "É{}×"] {
                let word = t.replace("{}", &c.to_string());
                let mut out = String::from("Ü");
                push_lowercase(&mut out, &word);
                assert_eq!(out, format!("Ü{}", word.to_lowercase()), "{word:?}");
            }
        }
    }

    /// The eight-at-once test of [`non_alnum_bytes`] against `u8::is_ascii_alphanumeric`: every
    /// byte value in every place of a chunk among letters, digits and other bytes, and
    /// [`alnum_run`] on random byte strings against a count by the byte.
    #[test]
    fn alnum_runs_by_eight_bytes_are_runs_by_the_byte() {
        for fill in [b'a', b'Z', b'0', b'9', 0xff, b' ', 0x7f, 0x80] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut chunk = [fill; 8];
                    chunk[at] = b;
                    let want = chunk
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| !c.is_ascii_alphanumeric())
                        .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
                    assert_eq!(non_alnum_bytes(u64::from_le_bytes(chunk)), want, "{chunk:?}");
                }
            }
        }
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut bytes = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for _ in 0..seed % 40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Mostly letters and digits, so that runs are long.
                let pick = b"abcxyzABCXYZ0189 .:_`@[{/\x7f\x80\xc3\xff";
                bytes.push(pick[(seed >> 40) as usize % pick.len()]);
            }
            for from in 0..=bytes.len() {
                let want = bytes[from..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                assert_eq!(alnum_run(&bytes, from), want, "{bytes:?} {from}");
            }
        }
    }

    /// The common words taken at once ([`common_word`]) against unicode-segmentation: long random
    /// strings (so that the eight-byte runs and their ends are met) of ASCII letters and digits,
    /// two-byte Latin letters at both ends of the range taken at once (`À`, `ÿ`, `Ā`, `ȿ`) and
    /// just outside it (`ɀ`, `ª`, `×`, `÷`), the middle characters, `_` and spaces, through
    /// [`words`] and [`SentenceWords`].
    #[test]
    fn common_words_taken_at_once_are_unicode_words() {
        let alphabet: Vec<char> = "abcdefgxyzABCXYZ0123456789ÀÿĀőȿɀª×÷äÜß .,;:'’_\n-\"".chars().collect();
        let mut seed: u64 = 0x0bad_5eed_1234_5678;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for round in 0..30_000 {
            // Mostly letters and digits (the first 36), so that words are long.
            let letters = if round % 3 == 0 { alphabet.len() } else { 36 };
            let len = next() % 48;
            let t: String = (0..len)
                .map(|_| {
                    if next() % 5 == 0 {
                        alphabet[next() % alphabet.len()]
                    } else {
                        alphabet[next() % letters]
                    }
                })
                .collect();
            let uax: Vec<&str> = t.unicode_words().collect();
            assert_eq!(words(&t).collect::<Vec<_>>(), uax, "{t:?}");
            let split = SentenceWords::split([t.as_str()]);
            let got: Vec<&str> =
                split.of(0).unwrap_or_default().iter().map(|&(a, b)| &t[a as usize..b as usize]).collect();
            assert_eq!(got, uax, "{t:?}");
        }
    }

    /// `words` against unicode-segmentation on every character it handles, in the contexts that
    /// decide word boundaries, on random strings of them and on the bundled corpus.
    #[test]
    fn words_are_unicode_words() {
        let same = |t: &str| {
            let ours: Vec<&str> = words(t).collect();
            let uax: Vec<&str> = t.unicode_words().collect();
            assert_eq!(ours, uax, "{t:?}");
        };
        let handled: Vec<char> = ('\0'..='\u{2100}').filter(|&c| word_break(c).is_some()).collect();
        for &c in &handled {
            for t in ["{}", "a{}", "{}a", "a{}b", "1{}2", "a{}1", "1{}a", "_{}_", "a{}{}b", "ä{}ö", "x _{}"]
            {
                same(&t.replace("{}", &c.to_string()));
            }
        }
        let alphabet: Vec<char> =
            "aZä1_ .,;:'‘’\"-–…\n€§x9ß".chars().chain(['\u{a0}', '\u{202f}', '\u{ad}', 'Σ', 'ב']).collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        // Half the strings only of handled characters (the last five are not).
        for round in 0..40_000 {
            let n = if round % 2 == 0 { alphabet.len() - 5 } else { alphabet.len() };
            let mut t = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            for _ in 0..(seed >> 59) + 1 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                t.push(alphabet[(seed >> 33) as usize % n]);
            }
            same(&t);
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                for line in text.lines() {
                    same(line);
                }
                same(&text);
            }
        }
    }

    /// What [`Words::is_simple`] promises: the words of simple texts joined by a space are the
    /// words of each, in order (what the checks rely on to reuse a sentence's words in a link).
    #[test]
    fn simple_texts_joined_by_a_space_keep_their_words() {
        let texts = [
            "Der Konzern Meta muss laut heise.de an 1.400 Nutzer zahlen.",
            "3,",
            "5 Mio.",
            "a.",
            "b",
            "_",
            "x_",
            "'quoted'",
            "Az. 3 O 123/24:",
            "",
            " ",
            "e-mail a@b.de",
        ];
        for a in texts {
            for b in texts {
                assert!(words(a).is_simple() && words(b).is_simple());
                let joined = format!("{a} {b}");
                let apart: Vec<&str> = words(a).chain(words(b)).collect();
                assert_eq!(words(&joined).collect::<Vec<_>>(), apart, "{joined:?}");
            }
        }
        assert!(!words("שלום עולם").is_simple());
    }

    #[test]
    fn tricky_texts_and_other_scripts_are_cut_as_unicode_words_cuts_them() {
        let texts = [
            "Der Konzern Meta muss laut heise.de an 1.400 Nutzer zahlen.",
            "(Az. 3 O 123/24) „Das Gericht“ sagte: über 5 % — ja!",
            "don't  stop 'quoted' Peters' COVID-19 e-mail a@b.de 3,5 US-$ \"x\"",
            " leading and trailing ",
            "a \u{301}b c\u{200d}d e \u{fe0f}f \u{2060}g",
            "שלום עולם カタカナ 漢字 ไทย Ǆemal",
            "x.\ny\r\nz\tq\u{a0}r\u{2009}s",
            "",
            " ",
            "...",
        ];
        for t in texts {
            assert_eq!(words(t).collect::<Vec<_>>(), t.unicode_words().collect::<Vec<_>>(), "{t:?}");
        }
        // Random mixes of the characters the rules treat differently.
        let alphabet: Vec<char> =
            "aZäÖß 1.,;:!?'\"()-@\u{a0}\n\u{301}\u{200d}\u{2060}\u{fe0f}שカ漢ไ😀_/".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let len = (seed % 12) as usize;
            let mut t = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            assert_eq!(words(&t).collect::<Vec<_>>(), t.unicode_words().collect::<Vec<_>>(), "{t:?}");
        }
    }

    /// The one pass of [`SentenceWords::split`] (words, simple or not, tokens or not) against
    /// [`words`] with its own `is_simple` pass and [`Words::are_tokens`]: on random strings of
    /// handled and unhandled characters (an unhandled one anywhere, also right after a word or a
    /// middle character) and on every line of the bundled corpus.
    #[test]
    fn sentence_words_in_one_pass_are_words_with_is_simple() {
        let check = |texts: &[&str]| {
            let split = SentenceWords::split(texts.iter().copied());
            for (i, t) in texts.iter().enumerate() {
                let mut w = words(t);
                let simple = w.is_simple();
                assert_eq!(simple, is_simple(t), "{t:?}");
                let want: Vec<&str> = w.by_ref().collect();
                let got: Vec<&str> = split
                    .of(i)
                    .unwrap_or_default()
                    .iter()
                    .map(|&(a, b)| &t[a as usize..b as usize])
                    .collect();
                assert_eq!(got, want, "{t:?}");
                assert_eq!(split.joinable(i), simple, "{t:?}");
                assert_eq!(split.tokens_of(i).is_some(), simple && w.are_tokens(), "{t:?}");
            }
        };
        let alphabet: Vec<char> = "aZä1_ .,;:'‘’\"-–…\n€§x9ßÉ"
            .chars()
            .chain(['\u{a0}', '\u{202f}', '\u{ad}', '\u{301}', 'Σ', 'ב', '漢'])
            .collect();
        let mut seed: u64 = 0x51_7cc1_b727_220a;
        let mut simple = 0;
        for round in 0..20_000 {
            // Most strings of handled characters only (the last seven are not).
            let n = if round % 4 != 0 { alphabet.len() - 7 } else { alphabet.len() };
            let mut texts = Vec::new();
            for _ in 0..3 {
                let mut t = String::new();
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                for _ in 0..(seed >> 59) + 1 {
                    seed =
                        seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    t.push(alphabet[(seed >> 33) as usize % n]);
                }
                simple += usize::from(is_simple(&t));
                texts.push(t);
            }
            check(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        }
        assert!(simple > 20_000 && simple < 58_000, "{simple}");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                check(&text.lines().collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn sentence_words_are_the_words_of_each_sentence() {
        let sentences = [
            "Der Konzern Meta muss laut heise.de an 1.400 Nutzer zahlen.",
            "The court said so.",
            "שלום עולם, Meta.",
            "",
        ];
        let split = SentenceWords::split(sentences);
        assert_eq!(split.len(), 4);
        for (i, s) in sentences.iter().enumerate() {
            let kept: Vec<&str> =
                split.of(i).unwrap_or_default().iter().map(|&(a, b)| &s[a as usize..b as usize]).collect();
            assert_eq!(kept, words(s).collect::<Vec<_>>(), "{s:?}");
        }
        assert!(split.joinable(0) && split.joinable(1) && !split.joinable(2));
        assert_eq!(split.of(4), None);
    }
}
