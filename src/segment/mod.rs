//! Sentence segmentation.
//!
//! The candidate boundaries are those of UAX#29 (Unicode text segmentation, rule SB11): after a
//! sentence terminal (`STerm`: `!`, `?`, `。`, `؟`, `।`, …, or `ATerm`: `.`), followed by closing
//! punctuation and space. They are found with a byte scan that implements that rule for the
//! `STerm`/`ATerm` characters directly (the `unicode-segmentation` iterator alone runs below the
//! speed goal); a differential test checks the scan against `unicode-segmentation` on text where
//! no language rule applies. Each candidate after a period is then decided by per-language data
//! (`src/segment/data/<lang>/`):
//!
//! - abbreviations that never end a sentence (`z. B.`, `Dr.`, `Abs.`), that may (`Mio.`, `Inc.`,
//!   `usw.`: they end one when the next word is a typical sentence starter), and that are
//!   abbreviations only before a number (`Art. 5`, `No. 4`, `Jan. 5`, but `eine neue Art. Die …`);
//! - German dotted ordinals and dates (`am 24. Dezember`, `der 2. Senat`, `der XI. Zivilsenat`,
//!   `24. 12. 2024`), decided by the month list, the starter list and the word before the number;
//! - initials (`Phyllis J. Hamilton`), dotted acronyms (`U.S.A.`), abbreviations without vowels
//!   (`Std.`, `GmbH.`) and list markers at the start of a line (`1. Auskunft`);
//! - ellipses (`…`, `...`, `. . .`), omissions (`[…]`), `!` and `?` before a lowercase word.
//!
//! Decimal numbers, versions, URLs, e-mail addresses and domains never offer a candidate: a
//! period inside a token is not followed by space. Closing quotes and brackets after the
//! terminal stay with the sentence (`„…“`, `"…"`, `»…«`, `(…)`). Paragraph breaks (a blank line)
//! always end a sentence; a single line break ends one after a heading or a list item without
//! final punctuation, and is a space otherwise.
//!
//! The segmenter returns byte spans into the text it was given and never copies or changes the
//! text. It must never panic and never lose a character: spans are in order, do not overlap, are
//! trimmed, and cover every non-whitespace character of the input.

use std::sync::LazyLock;

use serde::Serialize;

mod words;
pub use words::{push_lowercase, words, SentenceWords, Words};

/// A sentence as a byte range `start..end` into the segmented text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

impl Sentence {
    /// The sentence's text within `text` (the string it was segmented from).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Hashed with FxHash: the keys are short words from our own data files, so a fast hash
/// without flooding protection is the right trade.
type Map<V> = rustc_hash::FxHashMap<String, V>;
type Set = rustc_hash::FxHashSet<String>;

/// Bytes the scan stops at: ASCII terminals, `(`, and the UTF-8 lead bytes of the non-ASCII
/// terminals (`…` is E2 80 A6, `。` E3 80 82; German umlauts, C3, are skipped).
static STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[b'(' as usize] = true;
    let leads = [0xD6, 0xD8, 0xDB, 0xDC, 0xDF, 0xE0, 0xE1, 0xE2, 0xE3, 0xEA, 0xEF];
    let mut i = 0;
    while i < leads.len() {
        t[leads[i]] = true;
        i += 1;
    }
    t
};

/// Whether `b` may be in [`STOP`]: the ASCII bytes it has, and every byte from its lowest
/// non-ASCII lead byte on (a superset, which the table then decides byte by byte).
#[inline(always)]
fn may_stop(b: u8) -> bool {
    (b == b'.') | (b == b'!') | (b == b'?') | (b == b'(') | (b >= 0xD6)
}

/// What an abbreviation does before the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbr {
    /// Never ends a sentence (`z. B.`, `Dr.`).
    Never,
    /// Ends a sentence when the next word is a sentence starter (`Mio.`, `Inc.`).
    Final,
    /// An abbreviation only before a number (`Art. 5`); otherwise an ordinary word.
    Number,
    /// The first part of a multi-part abbreviation (`z.` of `z. B.`): an abbreviation only when
    /// the next part follows.
    Prefix,
}

/// Segmentation rules for one language, built once from its data files.
#[derive(Debug)]
pub struct Segmenter {
    /// Abbreviations with spaces removed (`z.B.`), with what they do.
    abbreviations: Map<Abbr>,
    /// Length in bytes of the longest abbreviation.
    longest_key: usize,
    /// Parts of multi-part abbreviations written without a period ("et" of "et al.").
    bare_prefixes: Set,
    /// Word endings that make any word an abbreviation (`-str.`: `Bahnhofstr.`).
    suffixes: Vec<(String, Abbr)>,
    /// Capitalized words that typically start a sentence.
    starters: Set,
    /// Month names and abbreviations (without period) that follow a dotted ordinal day.
    months: Set,
    /// Lowercased words after which a dotted number is an ordinal (`am`, `der`, `im`).
    ordinal_words: Set,
    /// Lowercased words a line cannot end with if it is a heading (articles, prepositions).
    line_words: Set,
    /// `12.` can be an ordinal (German).
    ordinal_dot: bool,
    /// Nouns are capitalized, so a capital after `…` does not by itself start a sentence.
    nouns_capitalized: bool,
}

struct LangData {
    abbreviations: &'static str,
    starters: &'static str,
    months: &'static str,
    ordinal_words: &'static str,
    line_words: &'static str,
    settings: &'static str,
}

macro_rules! lang_data {
    ($dir:literal) => {
        LangData {
            abbreviations: include_str!(concat!("data/", $dir, "/abbreviations.txt")),
            starters: include_str!(concat!("data/", $dir, "/sentence_starters.txt")),
            months: include_str!(concat!("data/", $dir, "/months.txt")),
            ordinal_words: include_str!(concat!("data/", $dir, "/ordinal_words.txt")),
            line_words: include_str!(concat!("data/", $dir, "/line_words.txt")),
            settings: include_str!(concat!("data/", $dir, "/settings.txt")),
        }
    };
}

const DE: LangData = lang_data!("de");
const EN: LangData = lang_data!("en");
const FR: LangData = lang_data!("fr");
const ES: LangData = lang_data!("es");
const IT: LangData = lang_data!("it");
const NL: LangData = lang_data!("nl");
const GENERIC: LangData = lang_data!("generic");

static SEG_DE: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&[&DE]));
static SEG_EN: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&[&EN]));
static SEG_FR: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&[&GENERIC, &FR]));
static SEG_ES: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&[&GENERIC, &ES]));
static SEG_IT: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&[&GENERIC, &IT]));
static SEG_NL: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&[&GENERIC, &NL]));
static SEG_GENERIC: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&[&GENERIC]));

/// The segmenter for an ISO 639-1 language code; languages without data of their own get the
/// generic rules (abbreviations common to the Latin-script languages).
pub fn segmenter(lang: &str) -> &'static Segmenter {
    match lang {
        "de" => &SEG_DE,
        "en" => &SEG_EN,
        "fr" => &SEG_FR,
        "es" => &SEG_ES,
        "it" => &SEG_IT,
        "nl" => &SEG_NL,
        _ => &SEG_GENERIC,
    }
}

/// Splits `text` into sentences with the rules for `lang`.
pub fn split(text: &str, lang: &str) -> Vec<Sentence> {
    segmenter(lang).split(text)
}

fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines().map(str::trim_end).filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// The entries of a word-list data file, one per line.
fn listed_words(data: &str) -> impl Iterator<Item = String> + '_ {
    data_lines(data).map(|l| l.trim().to_string())
}

/// Characters that open a quotation or bracket before a sentence's first word.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '„' | '“' | '"' | '\'' | '‚' | '‘' | '»' | '«' | '¿' | '¡' | '‹' | '›' | '”'
    )
}

/// Invisible format characters that stay with the sentence before them: zero-width space,
/// non-joiner and joiner, left-to-right and right-to-left marks, bidi embeddings and isolates,
/// word joiner, and the BOM used as a zero-width no-break space.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Closing quotes and brackets that stay with the sentence they close.
const CLOSING: &[char] = &[')', ']', '}', '“', '”', '"', '\'', '’', '‘', '»', '«', '›', '‹'];

/// Punctuation that cannot start a sentence: after a terminal and space, the sentence goes on
/// (`. . .`, `etc. ,`).
const CONTINUING: &[char] = &['.', ',', ';', ':', ')', ']', '}', '…', '!', '?', '%'];

/// Bullets that start a list item.
const BULLETS: &[char] = &['-', '*', '•', '–', '—', '·', '⁃', '▪', '‣', '◦', '→'];

/// The terminal kinds of a cluster of terminal marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// One period.
    Period,
    /// Two or more periods or `…`.
    Ellipsis,
    /// `!`, `?` and the other `STerm` characters.
    Strong,
}

/// Whether `c` is a sentence terminal: UAX#29 `ATerm` and `STerm`, plus `…`.
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '\u{0589}'
            | '\u{061D}'..='\u{061F}'
            | '\u{06D4}'
            | '\u{0700}'..='\u{0702}'
            | '\u{07F9}'
            | '\u{0837}'
            | '\u{0839}'
            | '\u{083D}'
            | '\u{083E}'
            | '\u{0964}'
            | '\u{0965}'
            | '\u{104A}'
            | '\u{104B}'
            | '\u{1362}'
            | '\u{1367}'
            | '\u{1368}'
            | '\u{166E}'
            | '\u{1735}'
            | '\u{1736}'
            | '\u{1803}'
            | '\u{1809}'
            | '\u{1944}'
            | '\u{1945}'
            | '\u{1AA8}'..='\u{1AAB}'
            | '\u{1B5A}'
            | '\u{1B5B}'
            | '\u{1B5E}'
            | '\u{1B5F}'
            | '\u{1C3B}'
            | '\u{1C3C}'
            | '\u{1C7E}'
            | '\u{1C7F}'
            | '\u{2024}'
            | '\u{203C}'
            | '\u{203D}'
            | '\u{2047}'..='\u{2049}'
            | '\u{2E2E}'
            | '\u{2E3C}'
            | '\u{3002}'
            | '\u{A4FF}'
            | '\u{A60E}'
            | '\u{A60F}'
            | '\u{A6F3}'
            | '\u{A6F7}'
            | '\u{A876}'
            | '\u{A877}'
            | '\u{A8CE}'
            | '\u{A8CF}'
            | '\u{A92F}'
            | '\u{A9C8}'
            | '\u{A9C9}'
            | '\u{AA5D}'..='\u{AA5F}'
            | '\u{AAF0}'
            | '\u{AAF1}'
            | '\u{ABEB}'
            | '\u{FE52}'
            | '\u{FE56}'
            | '\u{FE57}'
            | '\u{FF01}'
            | '\u{FF0E}'
            | '\u{FF1F}'
            | '\u{FF61}'
    )
}

/// A full stop (`ATerm`).
fn is_period(c: char) -> bool {
    matches!(c, '.' | '\u{2024}' | '\u{FE52}' | '\u{FF0E}')
}

/// Terminals of scripts written without spaces: a sentence ends after them even without one.
fn is_spaceless_terminal(c: char) -> bool {
    matches!(c, '\u{3002}' | '\u{FF01}' | '\u{FF1F}' | '\u{FF61}')
}

fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        // An ASCII byte is a character of its own (and a character boundary).
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..).and_then(|s| s.chars().next()),
    }
}

/// `s.rfind(char::is_whitespace)`, by the byte over the ASCII characters at its end.
fn rfind_space(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut p = bytes.len();
    while p > 0 && bytes[p - 1].is_ascii() && !is_ascii_space(bytes[p - 1]) {
        p -= 1;
    }
    match p.checked_sub(1) {
        None => None,
        Some(q) if is_ascii_space(bytes[q]) => Some(q),
        // A non-ASCII character: the rest by the character.
        Some(_) => s[..p].rfind(char::is_whitespace),
    }
}

/// The length of the run of alphanumeric characters `s` starts with, by the byte over ASCII.
fn alphanumeric_prefix(s: &str) -> usize {
    let ascii = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
    match s.as_bytes().get(ascii) {
        Some(b) if !b.is_ascii() => {
            ascii + s[ascii..].find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len() - ascii)
        }
        _ => ascii,
    }
}

/// The characters up to the first whitespace of `s` (`s.split(char::is_whitespace).next()`), by
/// the byte over ASCII.
fn first_token(s: &str) -> &str {
    let ascii = s.bytes().take_while(|&b| b.is_ascii() && !is_ascii_space(b)).count();
    match s.as_bytes().get(ascii) {
        Some(b) if !b.is_ascii() => {
            let rest = &s[ascii..];
            &s[..ascii + rest.find(char::is_whitespace).unwrap_or(rest.len())]
        }
        _ => &s[..ascii],
    }
}

/// `s.ends_with(CLOSING)`, at once where `s` ends in ASCII.
fn ends_with_closing(s: &str) -> bool {
    match s.as_bytes().last() {
        Some(&b) if b.is_ascii() => matches!(b, b')' | b']' | b'}' | b'"' | b'\''),
        _ => s.ends_with(CLOSING),
    }
}

impl Segmenter {
    fn from_data(layers: &[&LangData]) -> Segmenter {
        let mut seg = Segmenter {
            abbreviations: Map::default(),
            suffixes: Vec::new(),
            longest_key: 0,
            bare_prefixes: Set::default(),
            starters: Set::default(),
            months: Set::default(),
            ordinal_words: Set::default(),
            line_words: Set::default(),
            ordinal_dot: false,
            nouns_capitalized: false,
        };
        for data in layers {
            for line in data_lines(data.abbreviations) {
                let (form, flag) = line.split_once('\t').unwrap_or((line, ""));
                let key: String = form.chars().filter(|c| !c.is_whitespace()).collect();
                let kind = match flag.trim() {
                    "final" => Abbr::Final,
                    "number" => Abbr::Number,
                    _ => Abbr::Never,
                };
                if let Some(suffix) = key.strip_prefix('-') {
                    seg.suffixes.push((suffix.to_string(), kind));
                    continue;
                }
                // Every leading part of a multi-part abbreviation ("z." of "z. B.") is itself an
                // abbreviation that never ends a sentence.
                let parts: Vec<&str> = form.split_whitespace().collect();
                seg.bare_prefixes.extend(
                    parts[..parts.len() - 1].iter().filter(|p| !p.ends_with('.')).map(|p| p.to_string()),
                );
                seg.longest_key = seg.longest_key.max(key.len());
                for i in 1..parts.len() {
                    seg.abbreviations.entry(parts[..i].concat()).or_insert(Abbr::Prefix);
                }
                seg.abbreviations.insert(key, kind);
            }
            seg.starters.extend(listed_words(data.starters));
            seg.months.extend(listed_words(data.months));
            seg.ordinal_words.extend(listed_words(data.ordinal_words).map(|w| w.to_lowercase()));
            seg.line_words.extend(listed_words(data.line_words).map(|w| w.to_lowercase()));
            for line in data_lines(data.settings) {
                if let Some((k, v)) = line.split_once('=') {
                    let on = v.trim() == "true";
                    match k.trim() {
                        "ordinal_dot" => seg.ordinal_dot = on,
                        "nouns_capitalized" => seg.nouns_capitalized = on,
                        _ => {}
                    }
                }
            }
        }
        seg
    }

    /// Splits `text` into sentences.
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::with_capacity(text.len() / 96 + 1);
        let mut units = Vec::new();
        self.units(text, &mut units);
        for &(us, ue) in &units {
            self.split_unit(text, us, ue, &mut out);
        }
        out
    }

    /// Splits one unit (a stretch no sentence crosses) at the accepted candidate boundaries.
    fn split_unit(&self, text: &str, us: usize, ue: usize, out: &mut Vec<Sentence>) {
        let bytes = text.as_bytes();
        let mut sent = us;
        let mut paren = false;
        let mut i = us;
        while i < ue {
            // Thirty-two bytes at a time while none of them may stop (a test without a table and
            // without an early exit inside the chunk, which the compiler runs as vector
            // instructions), then byte by byte up to the one that does.
            while i + 32 <= ue {
                let Some(chunk) = bytes.get(i..i + 32).and_then(|c| <&[u8; 32]>::try_from(c).ok()) else {
                    break;
                };
                if chunk.iter().fold(0u8, |a, &b| a | u8::from(may_stop(b))) != 0 {
                    break;
                }
                i += 32;
            }
            // Within the chunk: sixteen and eight bytes at once where none may stop.
            if let Some(half) =
                bytes.get(i..i + 16).filter(|_| i + 16 <= ue).and_then(|c| <&[u8; 16]>::try_from(c).ok())
            {
                if half.iter().fold(0u8, |a, &b| a | u8::from(may_stop(b))) == 0 {
                    i += 16;
                }
            }
            if let Some(quarter) =
                bytes.get(i..i + 8).filter(|_| i + 8 <= ue).and_then(|c| <&[u8; 8]>::try_from(c).ok())
            {
                if quarter.iter().fold(0u8, |a, &b| a | u8::from(may_stop(b))) == 0 {
                    i += 8;
                }
            }
            while i < ue && !STOP[usize::from(bytes[i])] {
                i += 1;
            }
            if i >= ue {
                break;
            }
            let b = bytes[i];
            if b < 0x80 {
                if b == b'(' {
                    paren = true;
                    i += 1;
                    continue;
                }
            } else {
                let Some(c) = char_at(text, i).filter(|_| b >= 0xC0) else {
                    i += 1;
                    continue;
                };
                if !is_terminal(c) {
                    i += c.len_utf8();
                    continue;
                }
            }
            // A cluster of terminals, then closing quotes and brackets.
            let ts = i;
            let (mut periods, mut strong, mut ellipsis, mut spaceless) = (0, false, false, false);
            let mut j = i;
            while let Some(c) = char_at(text, j).filter(|&c| j < ue && is_terminal(c)) {
                if is_period(c) {
                    periods += 1;
                } else if c == '…' {
                    ellipsis = true;
                } else {
                    strong = true;
                }
                spaceless |= is_spaceless_terminal(c);
                j += c.len_utf8();
            }
            let te = j;
            // Closing quotes and brackets, and the invisible format characters UAX#29 attaches
            // to what precedes them (zero-width space and joiners, direction marks and
            // isolates, word joiner, BOM). A zero-width space separates like a space.
            let mut zero_width_space = false;
            while let Some(c) =
                char_at(text, j).filter(|&c| j < ue && (CLOSING.contains(&c) || is_invisible(c)))
            {
                zero_width_space |= c == '\u{200B}';
                j += c.len_utf8();
            }
            let after = j;
            if after >= ue {
                break;
            }
            let mut k = after;
            while let Some(c) = char_at(text, k).filter(|&c| k < ue && c.is_whitespace()) {
                k += c.len_utf8();
            }
            if k == after && !spaceless && !zero_width_space && !missing_space(text, us, ts, te, after) {
                // "3.5", "heise.de", "U.S.": no space, no boundary.
                i = after.max(ts + 1);
                continue;
            }
            if k >= ue {
                break;
            }
            // French spacing: "victoire. »" — a closing quote after the space, then space.
            let mut after = after;
            if let Some(q) = char_at(text, k).filter(|&q| matches!(q, '»' | '”')) {
                let end = k + q.len_utf8();
                if end >= ue || char_at(text, end).is_some_and(char::is_whitespace) {
                    after = end;
                    k = end;
                    while let Some(c) = char_at(text, k).filter(|&c| k < ue && c.is_whitespace()) {
                        k += c.len_utf8();
                    }
                    if k >= ue {
                        break;
                    }
                }
            }
            let kind = if strong || spaceless {
                Terminal::Strong
            } else if ellipsis || periods > 1 {
                Terminal::Ellipsis
            } else {
                Terminal::Period
            };
            if self.breaks(text, us, ue, sent, ts, te, kind, k, paren) {
                self.push_sentence(text, (sent, after), out);
                sent = k;
                paren = false;
            }
            i = k;
        }
        self.push_sentence(text, (sent, ue), out);
    }

    /// Pushes a sentence, split further where it is a list written on one line: it starts with a
    /// marker (`1.`, `1.)`, `1)`, `a.`) and the next marker in sequence follows after a space
    /// ("1. The first item 2. The second item"). German skips the `1.` form, which is also an
    /// ordinal ("1. FC Köln spielt in der 2. Bundesliga").
    fn push_sentence(&self, text: &str, (s, e): (usize, usize), out: &mut Vec<Sentence>) {
        let mut start = s;
        loop {
            let piece = trim_start(&text[start..e]);
            let lead = start + (text[start..e].len() - piece.len());
            let Some((marker, style)) = list_marker(piece) else { break };
            let Some(next) = next_marker(&marker) else { break };
            if style == "." && self.ordinal_dot && marker.bytes().all(|b| b.is_ascii_digit()) {
                break;
            }
            let needle = format!(" {next}{style} ");
            let Some(mut p) = piece.find(&needle) else { break };
            // "• 9. The first item • 10. The second item": the bullet goes with its item.
            let before = piece[..p].trim_end_matches(|c: char| BULLETS.contains(&c));
            if before.len() < p && before.ends_with(' ') {
                p = before.len() - 1;
            }
            push_trimmed(text, (lead, lead + p), out);
            start = lead + p + 1;
        }
        push_trimmed(text, (start, e), out);
    }

    /// Whether `w.` is the next marker of a list the sentence starts with ("1. The first item
    /// 2. The …"); the list is split before the marker by `push_sentence`.
    fn continues_list(&self, sentence: &str, w: &str) -> bool {
        let Some((marker, style)) = list_marker(sentence) else { return false };
        if !style.starts_with('.')
            || self.ordinal_dot && style == "." && marker.bytes().all(|b| b.is_ascii_digit())
        {
            return false;
        }
        // Walk the markers already in the sentence: "a. … b. … c."
        let mut marker = marker;
        let mut pos = 0;
        while let Some(next) = next_marker(&marker) {
            if next == w {
                return true;
            }
            match sentence[pos..].find(&format!(" {next}{style} ")) {
                Some(p) => {
                    pos += p + 1;
                    marker = next;
                }
                None => return false,
            }
        }
        false
    }

    /// Whether the candidate after the terminal cluster `ts..te` ends the sentence begun at
    /// `sent`; the next sentence would begin at `ns`.
    #[allow(clippy::too_many_arguments)]
    fn breaks(
        &self,
        text: &str,
        us: usize,
        ue: usize,
        sent: usize,
        ts: usize,
        te: usize,
        kind: Terminal,
        ns: usize,
        paren: bool,
    ) -> bool {
        let next = &text[ns..ue];
        if next.starts_with(CONTINUING) && !next.starts_with(",,") || next.starts_with("--") {
            // ". . .", "voila! -- you have": the sentence goes on.
            return false;
        }
        let word = next.trim_start_matches(is_opening);
        let word = word.strip_prefix(",,").unwrap_or(word);
        let Some(nc) = word.chars().next() else {
            return true;
        };
        // A lowercase word goes on, unless it is a bracketed list marker: "(ii) Hello".
        if nc.is_lowercase() && !(next.starts_with('(') && is_bracketed_marker(next)) {
            return false;
        }
        let next_word = &word[..alphanumeric_prefix(word)];
        // Looked up only where a rule asks (most candidates are decided without it).
        let starter = || nc.is_uppercase() && self.starters.contains(next_word);
        if paren && inside_brackets(&text[sent..ts], next) {
            // "(Name geändert. Anm. d. Red.)": the bracket closes later in the sentence.
            return false;
        }
        match kind {
            Terminal::Strong => true,
            Terminal::Ellipsis => {
                let before = text[us..ts].chars().next_back();
                let after = char_at(text, te);
                if matches!(before, Some('[' | '(')) && matches!(after, Some(']' | ')')) {
                    // An omission mark "[…]" inside a quotation.
                    return false;
                }
                !(self.nouns_capitalized && nc.is_uppercase()) || starter()
            }
            Terminal::Period => self.period_breaks(text, us, sent, ts, next, nc, next_word, starter),
        }
    }

    /// The decision after a single period followed by space and a word that does not start in
    /// lowercase.
    #[allow(clippy::too_many_arguments)]
    fn period_breaks(
        &self,
        text: &str,
        us: usize,
        sent: usize,
        ts: usize,
        next: &str,
        nc: char,
        next_word: &str,
        starter: impl Fn() -> bool,
    ) -> bool {
        let before = &text[us..ts];
        let ws = rfind_space(before).map_or(us, |p| us + p + char_at(before, p).map_or(1, char::len_utf8));
        // A sentence that began without a space ("Tuesday.Mr. Smith") starts its first word.
        let ws = ws.max(sent);
        let raw = &text[ws..ts];
        if ends_with_closing(raw) {
            // "(Rs. C-418/23). Der …": the period closes the sentence, not a word.
            return true;
        }
        let w = raw.trim_start_matches(is_opening);
        if w.is_empty() {
            // A period after a space: the last dot of a spaced ellipsis. Three dots after a
            // space mark an omission inside the sentence ("the thing is . . . I didn't"); a
            // fourth, or dots after a word, end it ("compounds. . . . The practice").
            let mut dots = 1;
            let mut rest = before.trim_end();
            while let Some(r) = rest.strip_suffix('.') {
                dots += 1;
                rest = r;
                if !r.ends_with(' ') {
                    break;
                }
                rest = r.trim_end();
            }
            let spaced = rest.len() < before.trim_end().len()
                && (rest.is_empty() || before[rest.len()..].starts_with(' '));
            return !(dots == 3 && spaced);
        }
        // A list marker at the start of a line: "1. Auskunft", "a. The first item".
        let lead =
            text[us..ws].trim_end_matches(|c: char| c != '\n' && (c.is_whitespace() || BULLETS.contains(&c)));
        if (lead.is_empty() || lead.ends_with('\n') || ws <= sent)
            && is_list_marker(w.trim_start_matches(|c: char| BULLETS.contains(&c)))
        {
            return false;
        }
        if self.continues_list(&text[sent..ts], w) {
            return false;
        }
        let digit = nc.is_ascii_digit();
        let next_token = first_token(next);
        let next_token = next_token.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
        match self.lookup_abbreviation(text, us, ws, w) {
            Some(Abbr::Never) => return false,
            Some(Abbr::Prefix) if self.continues_abbreviation(w, next_token) => return false,
            Some(Abbr::Final) => return starter(),
            Some(Abbr::Number) if digit || is_roman_numeral(next_word) => return false,
            _ => {}
        }
        let mut chars = w.chars();
        if chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none() {
            // An initial ("Phyllis J. Hamilton") or a one-letter abbreviation ("p. 55").
            return starter();
        }
        if is_dotted_acronym(w) || is_vowelless_abbreviation(w) {
            return starter();
        }
        if self.ordinal_dot {
            let number = w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit());
            let date = is_day_month(w);
            if number || date || is_roman_numeral(w) {
                if digit {
                    // "24. 12. 2024" goes on; "2024. 5 Fälle" does not.
                    return !(date || number && w.len() <= 2);
                }
                if self.months.contains(next_word) {
                    return false;
                }
                if starter() {
                    return true;
                }
                let prev = text[sent.min(ws)..ws].split_whitespace().next_back();
                return match prev {
                    None => false,
                    Some(p) => !self
                        .ordinal_words
                        .contains(&p.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()),
                };
            }
        }
        true
    }

    /// Whether `w.` followed by the next token makes a longer known abbreviation ("z." "B.").
    fn continues_abbreviation(&self, w: &str, next_token: &str) -> bool {
        let w = elided(w);
        let mut key = String::with_capacity(w.len() + next_token.len() + 1);
        key.push_str(w);
        key.push('.');
        key.push_str(next_token);
        if self.abbreviations.contains_key(key.as_str()) {
            return true;
        }
        let mut chars = key.chars();
        chars.next().filter(|c| c.is_uppercase()).is_some_and(|first| {
            let lowered: String = first.to_lowercase().chain(chars).collect();
            self.abbreviations.contains_key(lowered.as_str())
        })
    }

    /// Looks `w.` up as an abbreviation, alone or with up to three short words before it
    /// ("z. B.", "i. d. R.", "et al."), longest first. A capitalized form also matches a
    /// lowercase entry ("Vgl." for "vgl."), never the other way round ("alt." is no "Alt.").
    fn lookup_abbreviation(&self, text: &str, us: usize, ws: usize, w: &str) -> Option<Abbr> {
        let w = elided(w);
        if w.bytes().next().is_none_or(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut key = String::with_capacity(48);
        if w.len() < self.longest_key {
            let mut parts: [&str; 4] = [w, "", "", ""];
            let mut n = 1;
            for tok in text[us..ws].split_whitespace().rev().take(3) {
                let tok = tok.trim_start_matches(is_opening);
                let core = tok.strip_suffix('.').unwrap_or(tok);
                if core.is_empty()
                    || core.len() > 4
                    || !(tok.ends_with('.') || self.bare_prefixes.contains(tok))
                {
                    break;
                }
                parts[n] = tok;
                n += 1;
            }
            let mut lowered = String::new();
            for take in (1..=n).rev() {
                key.clear();
                for part in parts[..take].iter().rev() {
                    key.push_str(part);
                }
                key.push('.');
                if key.len() > self.longest_key {
                    continue;
                }
                if let Some(&kind) = self.abbreviations.get(key.as_str()) {
                    return Some(kind);
                }
                let mut chars = key.chars();
                if let Some(first) = chars.next().filter(|c| c.is_uppercase()) {
                    lowered.clear();
                    lowered.extend(first.to_lowercase());
                    lowered.push_str(chars.as_str());
                    if let Some(&kind) = self.abbreviations.get(lowered.as_str()) {
                        return Some(kind);
                    }
                }
            }
        }
        if self.suffixes.is_empty() {
            return None;
        }
        key.clear();
        key.push_str(w);
        key.push('.');
        self.suffixes
            .iter()
            .find(|(suffix, _)| key.len() > suffix.len() + 2 && key.ends_with(suffix.as_str()))
            .map(|&(_, kind)| kind)
    }

    /// Splits text into units that no sentence crosses: paragraphs (separated by blank lines),
    /// and inside a paragraph, headings and list items on lines of their own.
    fn units(&self, text: &str, units: &mut Vec<(usize, usize)>) {
        let mut lines: Vec<(usize, usize)> = Vec::new();
        // The lines of `text.split_inclusive('\n')`, their breaks found by memchr.
        let line_ends = memchr::memchr_iter(b'\n', text.as_bytes())
            .map(|nl| nl + 1)
            .chain((!text.ends_with('\n') && !text.is_empty()).then_some(text.len()));
        let mut pos = 0;
        for le in line_ends {
            let ls = pos;
            pos = le;
            if text[ls..le].trim().is_empty() {
                self.paragraph_units(text, &lines, units);
                lines.clear();
            } else {
                lines.push((ls, le));
            }
        }
        self.paragraph_units(text, &lines, units);
    }

    fn paragraph_units(&self, text: &str, lines: &[(usize, usize)], units: &mut Vec<(usize, usize)>) {
        let (Some(&(first, _)), Some(&(_, last))) = (lines.first(), lines.last()) else {
            return;
        };
        let longest = lines.iter().map(|&(s, e)| text[s..e].trim().len()).max().unwrap_or(0);
        let mut start = first;
        for pair in lines.windows(2) {
            let (line, next) = (text[pair[0].0..pair[0].1].trim(), text[pair[1].0..pair[1].1].trim());
            if self.line_ends_unit(line, next, longest, lines.len()) {
                units.push((start, pair[0].1));
                start = pair[1].0;
            }
        }
        units.push((start, last));
    }

    /// Whether a single line break after `line` (followed by `next`) ends a sentence.
    fn line_ends_unit(&self, line: &str, next: &str, longest: usize, lines: usize) -> bool {
        let next_first = next.trim_start_matches(is_opening).chars().next();
        if is_bulleted(next) {
            return true;
        }
        if is_list_item(line) {
            // The item goes on when the next line starts in lowercase.
            return !next_first.is_some_and(char::is_lowercase);
        }
        let full = lines > 2 && line.len() >= 40 && line.len() * 5 >= longest * 4;
        if is_rule(line) || is_rule(next) {
            return true;
        }
        let core = line.trim_end_matches(CLOSING);
        if core.ends_with(is_terminal) && next.len() <= 40 && next.starts_with('(') && next.ends_with(')') {
            // An author's sigle or a source on a line of its own after the last sentence: "(dpa)".
            return true;
        }
        let punctuated = core.ends_with(|c: char| {
            is_terminal(c) || matches!(c, ':' | ';' | ',' | '-' | '–' | '—' | '/' | '&' | '+')
        });
        if is_numbered(next) && punctuated {
            return true;
        }
        if punctuated || full || !next_first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            return false;
        }
        // A heading: short, and not cut after an article, preposition or conjunction.
        let mut count = 0;
        let mut last_word = "";
        for w in line.split_whitespace() {
            count += 1;
            last_word = w;
        }
        let cut = self.line_words.contains(&last_word.to_lowercase());
        count <= 12 && !cut && (lines > 2 || count <= 10 && !line.contains(", "))
    }
}

/// Whether `sentence` has an unclosed `(` that `next` closes within a short distance.
fn inside_brackets(sentence: &str, next: &str) -> bool {
    // Brackets further back than this do not hold a sentence end open (and counting them for
    // every candidate would make long bracket-laden text quadratic).
    let tail = &sentence.as_bytes()[sentence.len().saturating_sub(2_000)..];
    // Both counts in one pass (which the compiler runs as vector instructions).
    let (open, closed) = tail
        .iter()
        .fold((0usize, 0usize), |(o, c), &b| (o + usize::from(b == b'('), c + usize::from(b == b')')));
    if open == 0 || open <= closed {
        return false;
    }
    let window = &next.as_bytes()[..next.len().min(200)];
    window.iter().position(|&b| b == b')').is_some_and(|close| !window[..close].contains(&b'('))
}

/// The word after an elided article or preposition: "art" of "l'art", "Avv" of "L'Avv".
fn elided(w: &str) -> &str {
    // No `'` and no lead byte of `’` (E2 80 99): nothing elided.
    if !w.bytes().any(|b| b == b'\'' || b == 0xE2) {
        return w;
    }
    match w.char_indices().find(|&(_, c)| c == '\'' || c == '’') {
        Some((p, c)) if p <= 5 && p + c.len_utf8() < w.len() => &w[p + c.len_utf8()..],
        _ => w,
    }
}

/// "(ii) …", "(a) …", "(3) …": a bracketed list marker at the start of `next`.
fn is_bracketed_marker(next: &str) -> bool {
    next.strip_prefix('(').and_then(|r| r.split_once(')')).is_some_and(|(m, _)| {
        !m.is_empty()
            && (m.len() <= 2 && m.chars().all(char::is_alphanumeric)
                || m.len() <= 4 && m.bytes().all(|b| b"ivx".contains(&b)))
    })
}

/// A sentence end without the space after it: "world.Today", "1,000.That". The period follows
/// a lowercase letter or digit and precedes a capitalized word, and the token is no e-mail
/// address, URL or file name (no `@`, `/`, `:` or `_` in it).
fn missing_space(text: &str, us: usize, ts: usize, te: usize, after: usize) -> bool {
    if te != after || te - ts != 1 {
        return false;
    }
    let before = text[us..ts].chars().next_back();
    if !before.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()) {
        return false;
    }
    let rest = &text[after..];
    let mut chars = rest.chars();
    if !(chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)) {
        return false;
    }
    // Only the token around the mark matters: look at most WINDOW bytes each way, so that text
    // without spaces does not make this quadratic.
    const WINDOW: usize = 128;
    let mut from = ts.saturating_sub(WINDOW).max(us);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let start = text[from..ts]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(from, |(p, c)| from + p + c.len_utf8());
    let mut to = (after + WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let end = text[after..to].find(char::is_whitespace).map_or(to, |p| after + p);
    let (Some(token), Some(word_before)) = (text.get(start..end), text.get(start..ts)) else {
        return false;
    };
    !token.contains(['@', '/', ':', '_', '\\'])
        && !word_before.contains('.')
        && word_before.chars().count() >= 2
}

/// The list marker a sentence starts with and its style: ("1", "."), ("2", ".)"), ("a", ")").
fn list_marker(piece: &str) -> Option<(String, &'static str)> {
    // Most sentences start with an ASCII character that is no digit, lowercase letter, bullet
    // or space: no marker, without the trimming below.
    if piece.as_bytes().first().is_some_and(|&b| {
        b.is_ascii() && !matches!(b, b'0'..=b'9' | b'a'..=b'z' | b'-' | b'*' | b'\t'..=b'\r' | b' ')
    }) {
        return None;
    }
    let body = piece.trim_start_matches(|c: char| BULLETS.contains(&c) || c.is_whitespace());
    let n = body.bytes().take_while(u8::is_ascii_digit).count();
    let n = if n == 0 { usize::from(body.bytes().next().is_some_and(|b| b.is_ascii_lowercase())) } else { n };
    if n == 0 || n > 2 {
        return None;
    }
    let rest = &body[n..];
    let style = [".) ", ") ", ". "].into_iter().find(|st| rest.starts_with(st))?;
    Some((body[..n].to_string(), &style[..style.len() - 1]))
}

/// The marker after `marker` in sequence: "1" → "2", "a" → "b".
fn next_marker(marker: &str) -> Option<String> {
    if let Ok(n) = marker.parse::<u32>() {
        return Some((n + 1).to_string());
    }
    let c = marker.chars().next()?;
    (c.is_ascii_lowercase() && c < 'z' && marker.len() == 1).then(|| char::from(c as u8 + 1).to_string())
}

/// A horizontal rule or front-matter fence: "---", "***", "===".
fn is_rule(line: &str) -> bool {
    line.len() >= 3 && line.bytes().all(|b| matches!(b, b'-' | b'*' | b'=' | b'_' | b'~' | b'#'))
}

/// A bullet list item: "- Auskunft", "• Schadensersatz".
fn is_bulleted(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next().is_some_and(|c| BULLETS.contains(&c)) && chars.next().is_some_and(char::is_whitespace)
}

/// A numbered list item: "1. Auskunft", "2) Schadensersatz", "a) Name", "(3) Text".
fn is_numbered(line: &str) -> bool {
    let body = line.strip_prefix('(').unwrap_or(line);
    let marker = body.find(['.', ')']).map_or("", |p| &body[..p]);
    let ok = !marker.is_empty()
        && (marker.len() <= 2 && marker.bytes().all(|b| b.is_ascii_digit())
            || marker.len() == 1
                && marker.bytes().all(|b| b.is_ascii_lowercase())
                && body[1..].starts_with(')'));
    ok && body[marker.len()..].trim_start_matches(['.', ')']).chars().next().is_some_and(char::is_whitespace)
}

fn is_list_item(line: &str) -> bool {
    is_bulleted(line) || is_numbered(line)
}

/// A list marker before a period: up to three digits, one letter, or a Roman numeral.
fn is_list_marker(w: &str) -> bool {
    w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit())
        || w.chars().count() == 1 && w.chars().all(char::is_alphabetic)
        || is_roman_numeral(w)
}

/// A Roman numeral up to XXXIX (`XI`, `VI`, `IV`), as in "der XI. Zivilsenat".
fn is_roman_numeral(s: &str) -> bool {
    (1..=6).contains(&s.len())
        && s.bytes().all(|b| b"IVX".contains(&b))
        && !s.contains("VV")
        && !s.contains("IIII")
}

/// A German day and month without year: "24.12".
fn is_day_month(w: &str) -> bool {
    w.split_once('.').is_some_and(|(d, m)| {
        (1..=2).contains(&d.len())
            && (1..=2).contains(&m.len())
            && d.bytes().all(|b| b.is_ascii_digit())
            && m.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Letters separated by periods: "U.S.A", "e.g", "Ph.D", "i.d.R".
fn is_dotted_acronym(w: &str) -> bool {
    if !w.as_bytes().contains(&b'.') {
        return false;
    }
    let mut parts = 0;
    for part in w.split('.') {
        let n = part.chars().count();
        if n == 0 || n > 2 || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// A short Latin-script word with a lowercase letter and no vowel is an abbreviation: "Std",
/// "Pkt", "GmbH".
fn is_vowelless_abbreviation(w: &str) -> bool {
    // Two to five characters of one or two bytes each.
    if !(2..=10).contains(&w.len()) {
        return false;
    }
    // Most words have an ASCII vowel.
    if w.bytes().any(|b| {
        matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'A' | b'E' | b'I' | b'O' | b'U' | b'Y')
    }) {
        return false;
    }
    let n = w.chars().count();
    (2..=5).contains(&n)
        && w.chars()
            .all(|c| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic())
        && w.chars().any(char::is_lowercase)
        && !w.chars().any(|c| "aeiouyäöüéèêáàâíìîóòôúùûAEIOUYÄÖÜÉÈÁÀÍÓÚ".contains(c))
}

/// `piece.trim_start()`, at once where the piece starts with an ASCII character that is no space.
fn trim_start(piece: &str) -> &str {
    match piece.as_bytes().first() {
        Some(&b) if b.is_ascii() && !is_ascii_space(b) => piece,
        _ => piece.trim_start(),
    }
}

/// Whether the ASCII byte `b` is `char::is_whitespace` (tab to carriage return, and space).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

fn push_trimmed(text: &str, (s, e): (usize, usize), out: &mut Vec<Sentence>) {
    let piece = &text[s..e];
    let lead = piece.len() - trim_start(piece).len();
    let trail = match piece.as_bytes().last() {
        Some(&b) if b.is_ascii() && !is_ascii_space(b) => 0,
        _ => piece.len() - piece.trim_end().len(),
    };
    if lead + trail < piece.len() {
        out.push(Sentence { start: s + lead, end: e - trail });
    }
}

#[cfg(test)]
mod tests;
