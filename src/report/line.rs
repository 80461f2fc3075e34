//! CSV lines written by hand, byte for byte as the csv crate writes them with lexbridge's
//! settings, straight into the caller's buffer: the rows of `run` are encoded here, and going
//! through serde and the csv crate cost more than making the rows.
//!
//! The rules are those of csv-core's writer as [`super::CsvWriter`] configures it (delimiter
//! `,`, quote `"` doubled inside a field, terminator `\n`, `QuoteStyle::Necessary`): a field is
//! quoted when it holds a `,`, `"`, `\n` or `\r`, and only then. With `excel_safe`, a cell is
//! first neutralized as [`super::excel_safe_cell`] says (a leading `'`, which needs no quotes).
//! The header stays with serde ([`super::header`]): it is written once per file.
//!
//! The rows with the most lines, `figures.csv` and `alignments.csv`, are written from borrowed
//! data ([`FigureLine`], [`AlignmentLine`]) with no string per cell; the other tables from their
//! row structs ([`CsvLine`]).
//!
//! This module must never differ from the csv crate's output: the tests encode many rows, plain
//! and nasty, both ways and compare the bytes.

use super::{AlignmentRow, ArticleRow, FigureRow, FindingRow, SummaryRow};
use crate::figures::{self, Figure};
use crate::segment::Sentence;

/// A row type that writes itself as one CSV line.
pub trait CsvLine {
    /// Appends the row and its `\n` to `out`; `excel_safe` neutralizes formula cells.
    fn write_line(&self, out: &mut Vec<u8>, excel_safe: bool);
}

/// Writes the fields of one line, putting the delimiters between them.
pub struct Line<'a> {
    out: &'a mut Vec<u8>,
    excel_safe: bool,
    first: bool,
}

impl<'a> Line<'a> {
    /// Starts a line at the end of `out`.
    pub fn new(out: &'a mut Vec<u8>, excel_safe: bool) -> Line<'a> {
        Line { out, excel_safe, first: true }
    }

    fn delimit(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    /// A text field, quoted where it must be.
    #[inline]
    pub fn text(&mut self, cell: &str) -> &mut Self {
        self.delimit();
        if !self.excel_safe {
            // Scanned once: copied as it is (nearly every cell), or quoted.
            push_cell(self.out, cell);
        } else {
            self.text_checked(cell);
        }
        self
    }

    /// [`Line::text`] with `excel_safe`: a cell that may need neutralizing.
    #[inline(never)]
    fn text_checked(&mut self, cell: &str) {
        let neutralize = matches!(super::excel_safe_cell(cell), std::borrow::Cow::Owned(_));
        if !needs_quotes(cell.as_bytes()) {
            if neutralize {
                self.out.push(b'\'');
            }
            self.out.extend_from_slice(cell.as_bytes());
            return;
        }
        self.out.reserve(cell.len() + 3);
        self.out.push(b'"');
        if neutralize {
            self.out.push(b'\'');
        }
        // `str::find` of a char looks for its byte a word at a time.
        let mut rest = cell;
        while let Some(i) = rest.find('"') {
            self.out.extend_from_slice(&rest.as_bytes()[..=i]);
            self.out.push(b'"');
            rest = &rest[i + 1..];
        }
        self.out.extend_from_slice(rest.as_bytes());
        self.out.push(b'"');
    }

    /// A number field (never quoted, never a formula).
    pub fn num(&mut self, n: usize) -> &mut Self {
        self.delimit();
        push_usize(self.out, n);
        self
    }

    /// Ends the line.
    pub fn end(&mut self) {
        self.out.push(b'\n');
        self.first = true;
    }
}

/// Appends the decimal digits of `n`.
pub fn push_usize(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(decimal(n, &mut [0; 20]));
}

/// Appends the decimal digits of `n` to a string.
fn push_usize_str(out: &mut String, n: usize) {
    // ASCII digits, pushed as characters: no UTF-8 check of the digits.
    decimal(n, &mut [0; 20]).iter().for_each(|&b| out.push(char::from(b)));
}

/// Appends sentence indices separated by `sep` to a byte buffer ([`push_indices`]).
pub fn push_indices_bytes(out: &mut Vec<u8>, idx: &[usize], sep: u8) {
    for (n, &i) in idx.iter().enumerate() {
        if n > 0 {
            out.push(sep);
        }
        push_usize(out, i);
    }
}

/// The decimal digits of `n`, written at the end of `digits`.
fn decimal(mut n: usize, digits: &mut [u8; 20]) -> &[u8] {
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &digits[i..]
}

/// Sentence indices as the CSV shows them: space separated (`3 4`).
pub fn indices(idx: &[usize]) -> String {
    let mut out = String::with_capacity(idx.len() * 4);
    push_indices(&mut out, idx, ' ');
    out
}

/// Appends sentence indices separated by `sep` ([`indices`] with a space).
pub fn push_indices(out: &mut String, idx: &[usize], sep: char) {
    for (n, &i) in idx.iter().enumerate() {
        if n > 0 {
            out.push(sep);
        }
        push_usize_str(out, i);
    }
}

/// `format!("{x:.3}")` (the scores), without the formatting machinery where `x` is finite and
/// below 2^53 thousandths: the exact binary value rounded to three decimals, ties to even, as
/// the standard library does.
pub fn fixed3(x: f64) -> String {
    let mut out = String::with_capacity(8);
    push_fixed3(&mut out, x);
    out
}

/// [`fixed3`], appended to `out`.
pub fn push_fixed3(out: &mut String, x: f64) {
    match fixed3_bytes(x, &mut [0; 24]) {
        // ASCII digits, a sign and a point.
        Some(text) => text.iter().for_each(|&b| out.push(char::from(b))),
        None => {
            use std::fmt::Write;
            let _ = write!(out, "{x:.3}");
        }
    }
}

/// [`fixed3`], appended to a byte buffer.
pub fn push_fixed3_bytes(out: &mut Vec<u8>, x: f64) {
    match fixed3_bytes(x, &mut [0; 24]) {
        Some(text) => out.extend_from_slice(text),
        None => out.extend_from_slice(format!("{x:.3}").as_bytes()),
    }
}

/// [`fixed3`] written at the end of `buf`, where `x` is finite and below 2^53 thousandths
/// (at most 18 bytes: a sign, 13 digits, a point and three decimals).
fn fixed3_bytes(x: f64, buf: &mut [u8; 24]) -> Option<&[u8]> {
    let (negative, thousandths) = thousandths(x)?;
    let frac = thousandths % 1000;
    let mut i = buf.len() - 4;
    buf[i..].copy_from_slice(&[
        b'.',
        b'0' + (frac / 100) as u8,
        b'0' + (frac / 10 % 10) as u8,
        b'0' + (frac % 10) as u8,
    ]);
    let mut whole = thousandths / 1000;
    loop {
        i -= 1;
        buf[i] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if negative {
        i -= 1;
        buf[i] = b'-';
    }
    Some(&buf[i..])
}

/// The sign and the number of thousandths `x` rounds to (half to even), where that is exact
/// and small.
fn thousandths(x: f64) -> Option<(bool, u64)> {
    if !x.is_finite() {
        return None;
    }
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // x = mantissa × 2^exponent
    let (mantissa, exponent) =
        if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
    let scaled = u128::from(mantissa) * 1000;
    let rounded = if exponent >= 0 {
        if exponent > 10 {
            return None;
        }
        scaled << exponent
    } else {
        let shift = exponent.unsigned_abs();
        if shift >= 64 {
            // Below 2^63 × 2^-64: less than half a thousandth.
            0
        } else {
            let (whole, rest, half) = (scaled >> shift, scaled & ((1 << shift) - 1), 1u128 << (shift - 1));
            if rest > half || (rest == half && whole & 1 == 1) {
                whole + 1
            } else {
                whole
            }
        }
    };
    u64::try_from(rounded).ok().filter(|&t| t < 1 << 53).map(|t| (negative, t))
}

/// Whether a field holds a byte the csv crate quotes for: `,`, `"`, `\n` or `\r`.
///
/// Sixteen bytes at a time, by comparisons the compiler turns into vector compares (it cannot
/// with a table lookup per byte): most cells need no quotes, and every byte of them is looked
/// at.
fn needs_quotes(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        let mut any = 0u8;
        for &b in chunk {
            any |= u8::from(quoted(b));
        }
        if any != 0 {
            return true;
        }
    }
    // The rest, under 16 bytes, a word at a time where the field has eight bytes or more: the
    // last eight bytes of the field, and the first eight of the rest where it has more.
    let rest = chunks.remainder();
    if let Some(last) = bytes.last_chunk::<8>() {
        return quoted_in_word(*last) || rest.first_chunk::<8>().is_some_and(|w| quoted_in_word(*w));
    }
    rest.iter().any(|&b| quoted(b))
}

/// Whether one of eight bytes is one [`quoted`] is true of (a zero byte in the word XORed with
/// the byte repeated: exact for whether there is one, whichever it is).
fn quoted_in_word(bytes: [u8; 8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let word = u64::from_ne_bytes(bytes);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let has = |b: u8| has_zero(word ^ (ONES * u64::from(b)));
    (has(b',') | has(b'"') | has(b'\n') | has(b'\r')) != 0
}

/// A byte that makes the csv crate quote a field.
#[inline(always)]
fn quoted(b: u8) -> bool {
    (b == b',') | (b == b'"') | (b == b'\n') | (b == b'\r')
}

/// What a text holds that its CSV cell and its XML escaping care about, found in one pass
/// over its bytes (a row's texts go to `alignments.csv` and `alignments.tmx`: one scan for
/// both, instead of a quote test, a search for `"` and the XML escaper's own scan).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Specials {
    /// A byte the csv crate quotes for ([`needs_quotes`]).
    pub csv: bool,
    /// A `"`, which is doubled inside a quoted cell.
    pub quote: bool,
    /// A byte [`crate::xml::escape_into`] may have to escape or drop (a superset: where this is
    /// false, the text is copied as it is).
    pub xml: bool,
}

impl Specials {
    /// Of `bytes`: sixteen at a time into three lanes of flags that are folded only at the
    /// end (the compiler keeps them in vector registers: a compare and an or per byte class
    /// and chunk), the last sixteen overlapping the chunks before (a byte looked at twice
    /// changes nothing).
    pub fn of(bytes: &[u8]) -> Specials {
        let (mut csv, mut quote, mut xml) = ([0u8; 16], [0u8; 16], [0u8; 16]);
        let mut add = |chunk: &[u8; 16]| {
            for i in 0..16 {
                let b = chunk[i];
                csv[i] |= u8::from(quoted(b));
                quote[i] |= u8::from(b == b'"');
                xml[i] |= u8::from(crate::xml::may_need_look(b));
            }
        };
        if let Some(last) = bytes.last_chunk::<16>() {
            for chunk in bytes.chunks_exact(16) {
                if let Ok(chunk) = <&[u8; 16]>::try_from(chunk) {
                    add(chunk);
                }
            }
            add(last);
        } else {
            // Under sixteen bytes: in a chunk of spaces, which are no special.
            let mut chunk = [b' '; 16];
            chunk[..bytes.len()].copy_from_slice(bytes);
            add(&chunk);
        }
        let any = |lanes: [u8; 16]| u128::from_ne_bytes(lanes) != 0;
        Specials { csv: any(csv), quote: any(quote), xml: any(xml) }
    }

    /// Both texts' specials: those of the text made of both.
    pub fn or(self, other: Specials) -> Specials {
        Specials { csv: self.csv | other.csv, quote: self.quote | other.quote, xml: self.xml | other.xml }
    }
}

/// Appends a CSV cell without `excel_safe` ([`Line::text`]): quoted where it must be.
#[inline]
fn push_cell(out: &mut Vec<u8>, cell: &str) {
    if needs_quotes(cell.as_bytes()) {
        out.push(b'"');
        push_quoted_inside(out, cell.as_bytes(), true);
        out.push(b'"');
    } else {
        out.extend_from_slice(cell.as_bytes());
    }
}

/// Appends `text` inside a quoted CSV cell: each `"` doubled.
fn push_quoted_inside(out: &mut Vec<u8>, text: &[u8], has_quote: bool) {
    if !has_quote {
        out.extend_from_slice(text);
        return;
    }
    let mut rest = text;
    while let Some(i) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.push(b'"');
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
}

/// The text of some sentences of a text joined by a space, as `alignments.csv` shows a link's
/// side, borrowed until it is written.
#[derive(Debug, Clone, Copy)]
pub struct Joined<'a> {
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    /// The sentences joined, by index into `sentences` (one that is not there is empty).
    pub idx: &'a [usize],
}

impl<'a> Joined<'a> {
    fn sentence(&self, i: usize) -> &'a str {
        self.sentences.get(i).map_or("", |s| s.text(self.text))
    }

    /// The sentences joined, in order.
    fn pieces(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.idx.iter().map(|&i| self.sentence(i))
    }

    /// The [`Specials`] of the joined text (the joining spaces are none).
    pub fn specials(&self) -> Specials {
        self.pieces().fold(Specials::default(), |s, p| s.or(Specials::of(p.as_bytes())))
    }

    /// Whether the joined text is empty or only white space.
    pub fn is_blank(&self) -> bool {
        self.pieces().all(|p| p.trim().is_empty())
    }

    /// Appends the joined text as a CSV cell (no `excel_safe`), `s` its [`Joined::specials`].
    pub fn push_csv(&self, out: &mut Vec<u8>, s: Specials) {
        if s.csv {
            out.push(b'"');
        }
        for (n, p) in self.pieces().enumerate() {
            if n > 0 {
                out.push(b' ');
            }
            push_quoted_inside(out, p.as_bytes(), s.quote);
        }
        if s.csv {
            out.push(b'"');
        }
    }

    /// Appends the joined text escaped for XML, `s` its [`Joined::specials`].
    pub fn push_xml(&self, out: &mut String, s: Specials) {
        for (n, p) in self.pieces().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            if s.xml {
                crate::xml::escape_into(out, p);
            } else {
                out.push_str(p);
            }
        }
    }

    /// The joined text: borrowed where it is one sentence, else joined in `buf`.
    pub fn as_str<'s>(&self, buf: &'s mut String) -> &'s str
    where
        'a: 's,
    {
        if let [i] = self.idx {
            return self.sentence(*i);
        }
        buf.clear();
        for (n, &i) in self.idx.iter().enumerate() {
            if n > 0 {
                buf.push(' ');
            }
            buf.push_str(self.sentence(i));
        }
        buf
    }
}

/// An `alignments.csv` row (and its TMX unit) borrowed from the analysis: what
/// [`AlignmentRow`] holds, without a string per cell.
#[derive(Debug, Clone, Copy)]
pub struct AlignmentLine<'a> {
    pub article: &'a str,
    pub source_lang: &'a str,
    pub target_lang: &'a str,
    pub src: &'a [usize],
    pub tgt: &'a [usize],
    pub score: f64,
    pub low_confidence: bool,
    pub source_text: Joined<'a>,
    pub target_text: Joined<'a>,
    pub origin: &'a str,
}

impl AlignmentLine<'_> {
    /// Appends the CSV line, as [`AlignmentRow`] writes it; `a`, `b` and `c` are scratch space
    /// for the cells made of parts. Returns the source and target texts, for the TMX unit.
    pub fn write_line<'s>(
        &self,
        out: &mut Vec<u8>,
        excel_safe: bool,
        (a, b, c): (&'s mut String, &'s mut String, &mut String),
    ) -> (&'s str, &'s str)
    where
        Self: 's,
    {
        let mut line = Line::new(out, excel_safe);
        line.text(self.article).text(self.source_lang).text(self.target_lang);
        for idx in [self.src, self.tgt] {
            c.clear();
            push_indices(c, idx, ' ');
            line.text(c);
        }
        c.clear();
        push_fixed3(c, self.score);
        line.text(c).text(if self.low_confidence { "yes" } else { "no" });
        let source = self.source_text.as_str(a);
        let target = self.target_text.as_str(b);
        line.text(source).text(target).text(self.origin).end();
        (source, target)
    }
}

/// What a figure is matched with in the other language: `figures.csv`'s `counterpart`,
/// written `lang:sentence:text`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counterpart<'a> {
    pub lang: &'a str,
    pub sentence: usize,
    pub text: &'a str,
}

impl Counterpart<'_> {
    /// Appends `lang:sentence:text`.
    pub fn push_to(&self, out: &mut String) {
        out.push_str(self.lang);
        out.push(':');
        push_usize_str(out, self.sentence);
        out.push(':');
        out.push_str(self.text);
    }
}

/// A `figures.csv` row borrowed from the analysis and the figure's renderings: what
/// [`FigureRow::new`] makes, without a string per cell.
#[derive(Debug, Clone, Copy)]
pub struct FigureLine<'a> {
    pub article: &'a str,
    pub lang: &'a str,
    pub sentence: usize,
    /// The sentence's text: the figure's offsets are into it.
    pub sentence_text: &'a str,
    pub figure: &'a Figure,
    /// The figure rendered in German and in English ([`figures::render`]).
    pub de: &'a str,
    pub en: &'a str,
    pub counterpart: Option<Counterpart<'a>>,
    pub agrees: &'a str,
}

impl FigureLine<'_> {
    /// [`FigureLine::write_line`] without `excel_safe`, after `head`, the line's first two
    /// cells (`article,lang,`) as [`Line`] writes them: the numbers, the figure's fixed words
    /// and its value go straight into the line, the other cells through one quote test each.
    pub fn write_line_after(&self, out: &mut Vec<u8>, head: &[u8]) {
        let f = self.figure;
        out.extend_from_slice(head);
        for n in [self.sentence, f.start, f.end] {
            push_usize(out, n);
            out.push(b',');
        }
        push_cell(out, self.sentence_text.get(f.start..f.end).unwrap_or(""));
        out.push(b',');
        // Lowercase words and `_`: never quoted.
        out.extend_from_slice(f.kind.as_str().as_bytes());
        out.push(b',');
        for value in [Some(&f.value), f.value_max.as_ref()] {
            match value {
                Some(figures::Value::Date(iso)) => push_cell(out, iso),
                // Digits, a `-` and a `.`: never quoted.
                Some(number) => {
                    figures::push_value_bytes(out, number);
                }
                None => {}
            }
            out.push(b',');
        }
        push_cell(out, f.unit.as_deref().unwrap_or(""));
        out.push(b',');
        out.extend_from_slice(f.qualifier.as_str().as_bytes());
        out.push(b',');
        push_cell(out, self.de);
        out.push(b',');
        push_cell(out, self.en);
        out.push(b',');
        if let Some(c) = &self.counterpart {
            // `lang:sentence:text`: the sentence number is digits, which need nothing.
            let quote = needs_quotes(c.lang.as_bytes()) || needs_quotes(c.text.as_bytes());
            if quote {
                out.push(b'"');
            }
            push_quoted_inside(out, c.lang.as_bytes(), quote);
            out.push(b':');
            push_usize(out, c.sentence);
            out.push(b':');
            push_quoted_inside(out, c.text.as_bytes(), quote);
            if quote {
                out.push(b'"');
            }
        }
        out.push(b',');
        push_cell(out, self.agrees);
        out.push(b'\n');
    }

    /// Appends the CSV line, as the [`FigureRow`] of the figure (with this counterpart and
    /// verdict) writes it; `cell` is scratch space for the cells made of parts.
    pub fn write_line(&self, out: &mut Vec<u8>, excel_safe: bool, cell: &mut String) {
        let f = self.figure;
        let mut line = Line::new(out, excel_safe);
        line.text(self.article)
            .text(self.lang)
            .num(self.sentence)
            .num(f.start)
            .num(f.end)
            .text(self.sentence_text.get(f.start..f.end).unwrap_or(""))
            .text(f.kind.as_str());
        cell.clear();
        figures::push_value(cell, &f.value);
        line.text(cell);
        cell.clear();
        if let Some(m) = &f.value_max {
            figures::push_value(cell, m);
        }
        line.text(cell)
            .text(f.unit.as_deref().unwrap_or(""))
            .text(f.qualifier.as_str())
            .text(self.de)
            .text(self.en);
        cell.clear();
        if let Some(c) = &self.counterpart {
            c.push_to(cell);
        }
        line.text(cell).text(self.agrees).end();
    }
}

impl CsvLine for ArticleRow {
    fn write_line(&self, out: &mut Vec<u8>, excel_safe: bool) {
        Line::new(out, excel_safe)
            .text(&self.id)
            .text(&self.lang)
            .text(&self.role)
            .text(&self.file)
            .num(self.line)
            .text(&self.status)
            .text(&self.error)
            .text(&self.detected_lang)
            .text(&self.lang_confidence)
            .text(&self.title)
            .text(&self.paired_with)
            .text(&self.paired_by)
            .num(self.sentences)
            .num(self.figures)
            .num(self.terms)
            .num(self.findings)
            .num(self.boilerplate_removed)
            .end();
    }
}

impl CsvLine for SummaryRow {
    fn write_line(&self, out: &mut Vec<u8>, excel_safe: bool) {
        Line::new(out, excel_safe)
            .text(&self.article)
            .num(self.rank)
            .num(self.sentence)
            .text(&self.score)
            .text(&self.source_lang)
            .text(&self.source_text)
            .text(&self.target_lang)
            .text(&self.target_sentences)
            .text(&self.target_text)
            .text(&self.origin)
            .text(&self.figures)
            .text(&self.terms)
            .text(&self.findings)
            .end();
    }
}

impl CsvLine for FigureRow {
    fn write_line(&self, out: &mut Vec<u8>, excel_safe: bool) {
        Line::new(out, excel_safe)
            .text(&self.article)
            .text(&self.lang)
            .num(self.sentence)
            .num(self.start)
            .num(self.end)
            .text(&self.text)
            .text(&self.kind)
            .text(&self.value)
            .text(&self.value_max)
            .text(&self.unit)
            .text(&self.qualifier)
            .text(&self.de)
            .text(&self.en)
            .text(&self.counterpart)
            .text(&self.agrees)
            .end();
    }
}

impl CsvLine for FindingRow {
    fn write_line(&self, out: &mut Vec<u8>, excel_safe: bool) {
        Line::new(out, excel_safe)
            .text(&self.article)
            .text(&self.source_lang)
            .text(&self.target_lang)
            .text(&self.check)
            .text(&self.severity)
            .text(&self.src_sentence)
            .text(&self.tgt_sentence)
            .text(&self.source_text)
            .text(&self.target_text)
            .text(&self.expected)
            .text(&self.found)
            .text(&self.message)
            .end();
    }
}

impl CsvLine for AlignmentRow {
    fn write_line(&self, out: &mut Vec<u8>, excel_safe: bool) {
        Line::new(out, excel_safe)
            .text(&self.article)
            .text(&self.source_lang)
            .text(&self.target_lang)
            .text(&self.src)
            .text(&self.tgt)
            .text(&self.score)
            .text(&self.low_confidence)
            .text(&self.source_text)
            .text(&self.target_text)
            .text(&self.origin)
            .end();
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;
    use crate::report::to_csv_with;

    /// The lines of `rows` written by hand equal the csv crate's (header line cut off).
    fn same<R: CsvLine + Serialize + Default + std::fmt::Debug>(rows: &[R]) {
        for excel_safe in [false, true] {
            let by_csv = to_csv_with(rows, excel_safe).unwrap();
            let body = &by_csv[by_csv.iter().position(|&b| b == b'\n').unwrap() + 1..];
            let mut by_hand = Vec::new();
            for r in rows {
                r.write_line(&mut by_hand, excel_safe);
            }
            if by_hand != body {
                let at = by_hand
                    .iter()
                    .zip(body)
                    .position(|(a, b)| a != b)
                    .unwrap_or(body.len().min(by_hand.len()));
                let from = at.saturating_sub(60);
                panic!(
                    "excel_safe {excel_safe}, byte {at}: by hand {:?}, csv crate {:?}",
                    String::from_utf8_lossy(&by_hand[from..(at + 40).min(by_hand.len())]),
                    String::from_utf8_lossy(&body[from..(at + 40).min(body.len())])
                );
            }
        }
    }

    /// Cells plain and nasty: quotes, delimiters, line ends, formulas, numbers, non-ASCII, and
    /// special bytes on either side of the 16-byte chunks.
    const CELLS: &[&str] = &[
        "",
        "a",
        "de",
        "Das Gericht wies die Klage ab.",
        "Er sagte: „Nein, danke.“",
        "He said \"no\".",
        "\"",
        "\"\"",
        ",",
        "a,b",
        "\n",
        "line\nbreak",
        "cr\r",
        "\r\n",
        "=HYPERLINK(\"http://x\")",
        "=1+1",
        "+49 30 1234",
        "-2+3",
        "- Aufzählung, mit Komma",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "＝1+1",
        "＋1",
        "－",
        "＠x",
        "-12.5",
        "+3",
        "-0.3",
        "1e6",
        "-1e-6",
        "-.5",
        "-",
        "+",
        "0.900",
        "12345678",
        "1234567,",
        "12345678\"",
        "123456789\n",
        "1234567\r8",
        "abcdefghijklmnop,",
        "0123456789abcdef0123456789abcde,",
        "0123456789abcdef0123456789abcdef\"",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r",
        "#comment",
        "'quoted'",
        "tab\there",
        "Müller & Söhne € 1.400,50",
        "\u{1f600} emoji, too",
        "\u{0}\u{1}",
        "mt:deepl",
        "x\u{feff}BOM",
    ];

    fn cell(seed: &mut u64) -> String {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let n = *seed as usize;
        match n % 5 {
            // Two cells glued: specials at every offset.
            0 => format!("{}{}", CELLS[(n >> 8) % CELLS.len()], CELLS[(n >> 16) % CELLS.len()]),
            _ => CELLS[(n >> 8) % CELLS.len()].to_string(),
        }
    }

    #[test]
    fn lines_equal_the_csv_crate_for_every_row_type() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut s = || cell(&mut seed);
        let mut articles = Vec::new();
        let mut summaries = Vec::new();
        let mut figures = Vec::new();
        let mut findings = Vec::new();
        let mut alignments = Vec::new();
        for i in 0..400 {
            articles.push(ArticleRow {
                id: s(),
                lang: s(),
                role: s(),
                file: s(),
                line: i * 7919,
                status: s(),
                error: s(),
                detected_lang: s(),
                lang_confidence: s(),
                title: s(),
                paired_with: s(),
                paired_by: s(),
                sentences: i,
                figures: usize::MAX - i,
                terms: 0,
                findings: 10,
                boilerplate_removed: 1_000_000,
            });
            summaries.push(SummaryRow {
                article: s(),
                rank: i,
                sentence: i * 3,
                score: s(),
                source_lang: s(),
                source_text: s(),
                target_lang: s(),
                target_sentences: s(),
                target_text: s(),
                origin: s(),
                figures: s(),
                terms: s(),
                findings: s(),
            });
            figures.push(FigureRow {
                article: s(),
                lang: s(),
                sentence: i,
                start: i * 11,
                end: i * 13,
                text: s(),
                kind: s(),
                value: s(),
                value_max: s(),
                unit: s(),
                qualifier: s(),
                de: s(),
                en: s(),
                counterpart: s(),
                agrees: s(),
            });
            findings.push(FindingRow {
                article: s(),
                source_lang: s(),
                target_lang: s(),
                check: s(),
                severity: s(),
                src_sentence: s(),
                tgt_sentence: s(),
                source_text: s(),
                target_text: s(),
                expected: s(),
                found: s(),
                message: s(),
            });
            alignments.push(AlignmentRow {
                article: s(),
                source_lang: s(),
                target_lang: s(),
                src: s(),
                tgt: s(),
                score: s(),
                low_confidence: s(),
                source_text: s(),
                target_text: s(),
                origin: s(),
            });
        }
        same(&articles);
        same(&summaries);
        same(&figures);
        same(&findings);
        same(&alignments);
        // Rows of empty fields.
        same(&[ArticleRow::default()]);
        same(&[FigureRow::default(), FigureRow::default()]);
        same(&[AlignmentRow::default()]);
    }

    /// The quoting test, vector and word parts, against a byte-by-byte look: every length to
    /// 40, each special byte at every position, and near misses.
    #[test]
    fn quote_test_agrees_with_a_byte_by_byte_look() {
        let naive = |b: &[u8]| b.iter().any(|&c| matches!(c, b',' | b'"' | b'\n' | b'\r'));
        for len in 0..40 {
            let clean: Vec<u8> = (0..len).map(|i| b"abcdefgh-+.+0123\t ;'\x2b\x2d\x0b\x0c"[i % 20]).collect();
            assert_eq!(needs_quotes(&clean), naive(&clean), "{len}");
            for at in 0..len {
                for special in [b',', b'"', b'\n', b'\r', b',' + 1, b'"' - 1, 0x8a, 0xac, 0xa2] {
                    let mut cell = clean.clone();
                    cell[at] = special;
                    assert_eq!(needs_quotes(&cell), naive(&cell), "{len} {at} {special:#x}");
                }
            }
        }
    }

    /// The one-pass scan of a row's texts agrees with a byte-by-byte look for CSV, `"` and
    /// the XML escaper: every length to 40, each special byte at every position, and near
    /// misses; and the joined texts written with it equal the joined text quoted and escaped.
    #[test]
    fn specials_agree_with_a_byte_by_byte_look() {
        let naive = |b: &[u8]| Specials {
            csv: b.iter().any(|&c| matches!(c, b',' | b'"' | b'\n' | b'\r')),
            quote: b.contains(&b'"'),
            xml: b.iter().any(|&c| crate::xml::may_need_look(c)),
        };
        let specials = [b',', b'"', b'\n', b'\r', b'&', b'<', b'>', b'\'', 0x01, 0x1f, 0xef, b'\t'];
        for len in 0..40 {
            let clean: Vec<u8> =
                (0..len).map(|i| b"abcdefgh-+.+0123 ;=?\x7f\x80\xc3\x2b\x2d"[i % 23]).collect();
            assert_eq!(Specials::of(&clean), naive(&clean), "{len}");
            for at in 0..len {
                for special in specials.into_iter().chain([b',' + 1, b'"' - 1, b' ', 0x20, 0xee, 0xf0]) {
                    let mut cell = clean.clone();
                    cell[at] = special;
                    assert_eq!(Specials::of(&cell), naive(&cell), "{len} {at} {special:#x}");
                }
            }
        }
        let sentences = ["Er sagte: \"Nein\", dann <ging> er.", "Plain text here.", "A & B\u{1}", "", "  "];
        let text = sentences.join("\n");
        let mut spans = Vec::new();
        let mut start = 0;
        for s in sentences {
            spans.push(Sentence { start, end: start + s.len() });
            start += s.len() + 1;
        }
        for idx in [&[][..], &[0], &[1], &[2], &[0, 1], &[1, 2, 0], &[3], &[3, 4], &[1, 9]] {
            let joined = Joined { text: &text, sentences: &spans, idx };
            let whole = joined.as_str(&mut String::new()).to_string();
            let s = joined.specials();
            assert_eq!(s, naive(whole.as_bytes()), "{idx:?}");
            let mut csv = Vec::new();
            joined.push_csv(&mut csv, s);
            let mut by_line = Vec::new();
            Line::new(&mut by_line, false).text(&whole);
            assert_eq!(csv, by_line, "{idx:?}");
            let mut xml = String::new();
            joined.push_xml(&mut xml, s);
            assert_eq!(xml, crate::xml::escape(&whole), "{idx:?}");
            assert_eq!(joined.is_blank(), whole.trim().is_empty(), "{idx:?}");
        }
    }

    #[test]
    fn scores_print_as_the_standard_library_prints_them() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.25,
            0.0005,
            0.0015,
            0.9995,
            0.9994999999999999,
            1e-300,
            -1e-300,
            f64::MIN_POSITIVE,
            5e-324,
            123456.789,
            1e15,
            1e16,
            9.007199254740993e12,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            2047.9995,
            4096.0625,
        ];
        // Every tie at three decimals below 64 (odd sixteenths) and its neighbours.
        for k in 0..2048 {
            let x = f64::from(k) / 16.0;
            values.extend([
                x,
                -x,
                f64::from_bits(x.to_bits() + 1),
                f64::from_bits(x.to_bits().saturating_sub(1)),
            ]);
        }
        for k in 0..20_000 {
            let x = f64::from(k) / 2000.0;
            values.extend([
                x,
                f64::from_bits(x.to_bits() + 1),
                f64::from_bits(x.to_bits().saturating_sub(1)),
            ]);
        }
        let mut seed = 0x51_7cc1_b727_220a_u64;
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push(f64::from_bits(seed));
            values.push((seed >> 11) as f64 / (1u64 << 53) as f64);
        }
        for x in values {
            assert_eq!(fixed3(x), format!("{x:.3}"), "{x:e} ({:#x})", x.to_bits());
            let mut bytes = Vec::new();
            push_fixed3_bytes(&mut bytes, x);
            assert_eq!(bytes, format!("{x:.3}").as_bytes(), "{x:e} ({:#x})", x.to_bits());
        }
        assert_eq!(indices(&[]), "");
        assert_eq!(indices(&[0]), "0");
        assert_eq!(indices(&[3, 4, 12345]), "3 4 12345");
    }

    /// A byte-order mark at the start of a row is data and stays, also with `excel_safe` (the
    /// former way there, serde and reading the line back with the csv crate, dropped it: the
    /// reader skips a BOM at the start of its input).
    #[test]
    fn a_leading_byte_order_mark_is_kept() {
        let row = AlignmentRow { article: "\u{feff}a".into(), ..AlignmentRow::default() };
        for excel_safe in [false, true] {
            let mut out = Vec::new();
            row.write_line(&mut out, excel_safe);
            assert_eq!(String::from_utf8(out).unwrap(), "\u{feff}a,,,,,,,,,\n");
        }
    }
}
