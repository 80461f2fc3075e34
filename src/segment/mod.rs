//! Sentence segmentation.
//!
//! Starts from the UAX#29 sentence boundaries of unicode-segmentation and corrects them with
//! per-language data (`src/segment/data/<lang>/`): abbreviations that never end a sentence
//! (`z. B.`, `Dr.`, `Abs.`), abbreviations that may (`Mio.`, `Inc.`), German dotted ordinals
//! (`am 24. Dezember`), initials (`Phyllis J. Hamilton`), and a list of words that typically start
//! a sentence, which decides the ambiguous cases. Paragraph breaks (a blank line) always end a
//! sentence; a single line break ends one only after a heading or around a list item.
//!
//! The segmenter returns byte spans into the text it was given and never copies or changes the
//! text. It must never panic and never lose a character: spans are in order, do not overlap, and
//! cover every non-whitespace character of the input.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

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

/// Segmentation rules for one language, built once from its data files.
#[derive(Debug)]
pub struct Segmenter {
    /// Abbreviations with spaces removed, mapped to whether they may end a sentence.
    abbreviations: HashMap<String, bool>,
    starters: HashSet<String>,
    ordinal_dot: bool,
}

struct LangData {
    abbreviations: &'static str,
    starters: &'static str,
    settings: &'static str,
}

const DE: LangData = LangData {
    abbreviations: include_str!("data/de/abbreviations.txt"),
    starters: include_str!("data/de/sentence_starters.txt"),
    settings: include_str!("data/de/settings.txt"),
};
const EN: LangData = LangData {
    abbreviations: include_str!("data/en/abbreviations.txt"),
    starters: include_str!("data/en/sentence_starters.txt"),
    settings: include_str!("data/en/settings.txt"),
};
const GENERIC: LangData = LangData {
    abbreviations: include_str!("data/generic/abbreviations.txt"),
    starters: include_str!("data/generic/sentence_starters.txt"),
    settings: include_str!("data/generic/settings.txt"),
};

static SEG_DE: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&DE));
static SEG_EN: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&EN));
static SEG_GENERIC: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::from_data(&GENERIC));

/// The segmenter for an ISO 639-1 language code; languages without data of their own get the
/// generic rules.
pub fn segmenter(lang: &str) -> &'static Segmenter {
    match lang {
        "de" => &SEG_DE,
        "en" => &SEG_EN,
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

impl Segmenter {
    fn from_data(data: &LangData) -> Segmenter {
        let mut abbreviations = HashMap::new();
        for line in data_lines(data.abbreviations) {
            let (form, flag) = line.split_once('\t').unwrap_or((line, ""));
            let key: String = form.chars().filter(|c| !c.is_whitespace()).collect();
            let may_end = flag.trim() == "final";
            // Every leading part of a multi-part abbreviation ("z." of "z. B.") is itself an
            // abbreviation that never ends a sentence.
            let parts: Vec<&str> = form.split_whitespace().collect();
            for i in 1..parts.len() {
                abbreviations.entry(parts[..i].concat()).or_insert(false);
            }
            abbreviations.insert(key, may_end);
        }
        let starters = data_lines(data.starters).map(|l| l.trim().to_string()).collect();
        let ordinal_dot = data_lines(data.settings)
            .any(|l| l.split_once('=').is_some_and(|(k, v)| k.trim() == "ordinal_dot" && v.trim() == "true"));
        Segmenter { abbreviations, starters, ordinal_dot }
    }

    /// Splits `text` into sentences.
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        for unit in units(text) {
            self.split_unit(text, unit, &mut out);
        }
        out
    }

    fn split_unit(&self, text: &str, (ustart, uend): (usize, usize), out: &mut Vec<Sentence>) {
        let unit = &text[ustart..uend];
        let mut current: Option<(usize, usize)> = None;
        for (off, piece) in unit.split_sentence_bound_indices() {
            let (s, e) = (ustart + off, ustart + off + piece.len());
            current = match current {
                None => Some((s, e)),
                Some((cs, ce)) if self.joins(&text[cs..ce], piece) => Some((cs, e)),
                Some(prev) => {
                    push_trimmed(text, prev, out);
                    Some((s, e))
                }
            };
        }
        if let Some(prev) = current {
            push_trimmed(text, prev, out);
        }
    }

    /// Looks up an abbreviation as written, or with its first letter in the other case (a
    /// sentence-initial "Vgl." is "vgl.", a "case no." is "No."). Returns whether it may end a
    /// sentence.
    fn abbreviation(&self, form: &str) -> Option<bool> {
        if let Some(&may_end) = self.abbreviations.get(form) {
            return Some(may_end);
        }
        let mut chars = form.chars();
        let first = chars.next()?;
        let rest = chars.as_str();
        let lowered: String = first.to_lowercase().chain(rest.chars()).collect();
        let raised: String = first.to_uppercase().chain(rest.chars()).collect();
        self.abbreviations.get(&lowered).or_else(|| self.abbreviations.get(&raised)).copied()
    }

    /// Whether the UAX#29 boundary between `prev` and `next` is not a sentence end.
    fn joins(&self, prev: &str, next: &str) -> bool {
        let prev = prev.trim_end();
        let core = prev.trim_end_matches(|c: char| CLOSING.contains(c));
        if !core.ends_with(is_terminal) {
            // UAX#29 breaks after every line break; units() already ended the sentence where
            // a line break does, so this one is a space.
            return true;
        }
        if !prev.ends_with('.') || prev.ends_with("..") {
            return false;
        }
        let next_word = first_word(next);
        if next_word.is_empty() {
            return false;
        }
        if next_word.chars().next().is_some_and(|c| c.is_lowercase()) {
            return true;
        }
        let starts_sentence = self.starters.contains(next_word);
        let runs: Vec<&str> = prev.rsplit(char::is_whitespace).take(4).collect();
        let last = runs[0].trim_start_matches(|c: char| "([{„“\"'‚‘»«".contains(c));
        // Multi-part abbreviations: try "B.", "z.B.", "i.d.R." built from the last runs.
        let mut candidate = String::new();
        for (i, run) in runs.iter().enumerate() {
            let run = if i == 0 { last } else { run };
            if i > 0 && (!run.ends_with('.') || run.chars().count() > 4) {
                break;
            }
            candidate.insert_str(0, run.trim_start_matches(|c: char| "([{„“\"'".contains(c)));
            if let Some(may_end) = self.abbreviation(&candidate) {
                return !(may_end && starts_sentence);
            }
        }
        let stem = &last[..last.len() - 1];
        let is_initial = stem.chars().count() == 1 && stem.chars().all(char::is_alphabetic);
        let is_ordinal = self.ordinal_dot
            && ((1..=3).contains(&stem.len()) && stem.bytes().all(|b| b.is_ascii_digit())
                || is_roman_numeral(stem));
        (is_initial || is_ordinal) && !starts_sentence
    }
}

/// A Roman numeral of up to six letters (`XI`, `VI`, `IV`), as in "der XI. Zivilsenat".
fn is_roman_numeral(s: &str) -> bool {
    (1..=6).contains(&s.len()) && s.bytes().all(|b| b"IVXLCDM".contains(&b))
}

/// Closing quotes and brackets that stay with the sentence they close.
const CLOSING: &str = ")]}“”\"'’»«›‹";

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟' | '।' | '‼' | '⁇' | '⁈' | '⁉')
}

/// The first word of `s`, without leading whitespace, quotes or brackets.
fn first_word(s: &str) -> &str {
    let s = s.trim_start().trim_start_matches(|c: char| "([{„“\"'‚‘»«".contains(c));
    let end = s.find(|c: char| !c.is_alphanumeric() && c != '-').unwrap_or(s.len());
    &s[..end]
}

fn push_trimmed(text: &str, (s, e): (usize, usize), out: &mut Vec<Sentence>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Sentence { start: s + lead, end: e - trail });
    }
}

/// Splits text into units that no sentence crosses: paragraphs (separated by blank lines), and
/// inside a paragraph, headings and list items on lines of their own.
fn units(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        lines.push((pos, pos + line.len()));
        pos += line.len();
    }
    let mut units = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &(ls, le)) in lines.iter().enumerate() {
        let line = text[ls..le].trim();
        if line.is_empty() {
            if let Some(s) = start.take() {
                units.push((s, ls));
            }
            continue;
        }
        if start.is_none() {
            start = Some(ls);
        }
        let next = lines.get(i + 1).map(|&(ns, ne)| text[ns..ne].trim()).unwrap_or("");
        if !next.is_empty() && line_ends_unit(line, next) {
            units.push((start.take().unwrap_or(ls), le));
        }
    }
    if let Some(s) = start {
        units.push((s, text.len()));
    }
    units
}

/// Whether a single line break after `line` (followed by `next`) ends a sentence.
fn line_ends_unit(line: &str, next: &str) -> bool {
    if line.ends_with(['.', '!', '?', ':', ';', ',', '-', '–']) {
        return is_list_item(next) || line.ends_with(':') && is_list_item(next);
    }
    let words = line.split_whitespace().count();
    let heading = words <= 8 && next.chars().next().is_some_and(char::is_uppercase);
    heading || is_list_item(line) || is_list_item(next)
}

fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with(['-', '*', '•', '–', '·']) {
        return line.chars().nth(1).is_some_and(char::is_whitespace);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && digits < 3
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line.as_bytes().get(digits + 1).is_some_and(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests;
