//! The CSV rows lexbridge writes, one serde struct per file, and writing them atomically.
//!
//! Column names and order are a contract (see the README): change them only on purpose, with
//! the README and the tests. `run` writes through [`files::OutputFiles`]: temporary files
//! renamed into place at the end, so a reader never sees half a file. The subcommands' CSV rows
//! go through [`CsvWriter`] (serde and the csv crate); `run`'s rows are written by hand by
//! [`line`](mod@line), byte for byte as the csv crate would write them (a test holds the two together).
//! `--excel-safe` is applied in those two places, both with [`excel_safe_cell`].

pub mod files;
pub mod line;
pub mod tmx;
mod writeback;

pub use files::OutputFiles;

use std::io::{self, Write};

use serde::Serialize;

use crate::figures::{self, Figure};

/// `articles.csv`: one row per input article (and per skipped file), whatever happened to it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ArticleRow {
    pub id: String,
    pub lang: String,
    /// `original`, `translation`, `standalone` (no translation and not in the source
    /// language), or empty when the input failed.
    pub role: String,
    pub file: String,
    pub line: usize,
    /// `ok`, `error` or `skipped`.
    pub status: String,
    pub error: String,
    pub detected_lang: String,
    pub lang_confidence: String,
    pub title: String,
    /// The article(s) of the other role in the same group: `id.lang`, space separated.
    pub paired_with: String,
    /// For a translation, how it was paired with its original: `id` (same id),
    /// `translation_of` (front matter or JSONL field) or `content:<score>` (by its figures,
    /// names and terms, see `lexbridge pair`).
    pub paired_by: String,
    pub sentences: usize,
    pub figures: usize,
    pub terms: usize,
    pub findings: usize,
    pub boilerplate_removed: usize,
}

/// `summaries.csv`: the chosen sentences of each article, source and target side by side.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SummaryRow {
    pub article: String,
    pub rank: usize,
    pub sentence: usize,
    pub score: String,
    pub source_lang: String,
    pub source_text: String,
    pub target_lang: String,
    /// Target sentence indices, space separated (empty when there is no target).
    pub target_sentences: String,
    pub target_text: String,
    /// `aligned`, `tm`, `tm:<score>`, `mt:<engine>` or `none`.
    pub origin: String,
    /// Figures of the source sentence, each as `German rendering / English rendering`, `; `
    /// separated.
    pub figures: String,
    /// Glossary concepts of the source sentence, `; ` separated.
    pub terms: String,
    /// Finding codes on this pair, `; ` separated.
    pub findings: String,
}

/// A figure as `lexbridge figures` prints it, and as `figures.csv` starts its rows.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FigureOut {
    /// Byte offsets into the text the figure was reported for.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub value: String,
    pub value_max: String,
    pub unit: String,
    pub qualifier: String,
    /// The figure rendered in German and in English.
    pub de: String,
    pub en: String,
}

impl FigureOut {
    /// Describes `f`, found in a piece of `text` that starts at byte `offset`; the reported
    /// offsets are into `text`.
    pub fn of(f: &Figure, offset: usize, text: &str) -> FigureOut {
        let (start, end) = (offset + f.start, offset + f.end);
        let [value, value_max, de, en] = figure_texts(f);
        FigureOut {
            start,
            end,
            text: text.get(start..end).unwrap_or("").to_string(),
            kind: f.kind.as_str().to_string(),
            value,
            value_max,
            unit: f.unit.clone().unwrap_or_default(),
            qualifier: f.qualifier.as_str().to_string(),
            de,
            en,
        }
    }
}

/// A figure's `value` and `value_max` columns and its German and English renderings.
fn figure_texts(f: &Figure) -> [String; 4] {
    let mut value = String::new();
    figures::push_value(&mut value, &f.value);
    let mut value_max = String::new();
    if let Some(m) = &f.value_max {
        figures::push_value(&mut value_max, m);
    }
    let (mut de, mut en) = (String::with_capacity(24), String::with_capacity(24));
    figures::render_into(&mut de, f, "de");
    figures::render_into(&mut en, f, "en");
    [value, value_max, de, en]
}

/// `figures.csv`: every key figure of every article, with both renderings.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FigureRow {
    pub article: String,
    pub lang: String,
    pub sentence: usize,
    /// Byte offsets into the sentence.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub value: String,
    pub value_max: String,
    pub unit: String,
    pub qualifier: String,
    pub de: String,
    pub en: String,
    /// The figure it was matched with in the other language (`lang:sentence:text`).
    pub counterpart: String,
    /// `yes`, `no` (mismatch), `missing` (not in the translation), `extra` (not in the
    /// source), or empty when the article has no counterpart in another language.
    pub agrees: String,
}

impl FigureRow {
    /// A row for figure `f` of sentence `sentence` (whose text is `sentence_text`).
    pub fn new(article: &str, lang: &str, sentence: usize, sentence_text: &str, f: &Figure) -> FigureRow {
        // The fields are moved out of the `FigureOut`, not copied.
        let FigureOut { start, end, text, kind, value, value_max, unit, qualifier, de, en } =
            FigureOut::of(f, 0, sentence_text);
        FigureRow {
            article: article.to_string(),
            lang: lang.to_string(),
            sentence,
            start,
            end,
            text,
            kind,
            value,
            value_max,
            unit,
            qualifier,
            de,
            en,
            counterpart: String::new(),
            agrees: String::new(),
        }
    }
}

/// `findings.csv`: every QA finding.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FindingRow {
    pub article: String,
    pub source_lang: String,
    pub target_lang: String,
    pub check: String,
    pub severity: String,
    pub src_sentence: String,
    pub tgt_sentence: String,
    pub source_text: String,
    pub target_text: String,
    pub expected: String,
    pub found: String,
    pub message: String,
}

/// `alignments.csv`: every link between an original and its translation.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AlignmentRow {
    pub article: String,
    pub source_lang: String,
    pub target_lang: String,
    /// Sentence indices, space separated.
    pub src: String,
    pub tgt: String,
    pub score: String,
    /// `yes` where the aligner is unsure (a sentence without counterpart, a poor length fit
    /// without shared anchors): worth a look before trusting the findings on it.
    pub low_confidence: String,
    pub source_text: String,
    pub target_text: String,
    /// Where the target came from: `aligned` (a translation in the corpus), `tm` or
    /// `mt:<engine>` (an untranslated original translated by `run --engine`).
    pub origin: String,
}

/// The most of a sentence a finding row repeats as context. Longer sentences (a paragraph
/// without punctuation) are cut with `…`; the sentence indices still point at the whole.
pub const CONTEXT_BYTES: usize = 2_000;

/// Sentence text as context for a finding row, cut at [`CONTEXT_BYTES`] on a character boundary.
pub fn context(text: String) -> String {
    if text.len() <= CONTEXT_BYTES {
        return text;
    }
    let mut end = CONTEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// The alignment links as a TMX 1.4b document (see [`tmx`]).
pub fn alignments_tmx(rows: &[AlignmentRow]) -> String {
    let langs: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.source_lang.as_str()).collect();
    let mut out = tmx::header(tmx_srclang(&langs));
    for r in rows {
        tmx::push_unit(&mut out, &alignment_unit(r));
    }
    out.push_str(tmx::FOOTER);
    out
}

/// The TMX `srclang` of alignments whose originals are in `langs`: the one language, or `*all*`.
pub fn tmx_srclang<'a>(langs: &std::collections::BTreeSet<&'a str>) -> &'a str {
    match langs.len() {
        1 => langs.first().copied().unwrap_or("*all*"),
        _ => "*all*",
    }
}

/// The translation unit of an alignment link; its id is `article:src:tgt`.
pub fn alignment_unit(r: &AlignmentRow) -> tmx::Unit<'_> {
    tmx::Unit {
        id: {
            let mut id = String::with_capacity(r.article.len() + r.src.len() + r.tgt.len() + 2);
            id.push_str(&r.article);
            for part in [&r.src, &r.tgt] {
                id.push(':');
                id.extend(part.chars().map(|c| if c == ' ' { '+' } else { c }));
            }
            id
        },
        source_lang: &r.source_lang,
        source: &r.source_text,
        target_lang: &r.target_lang,
        target: &r.target_text,
        origin: if r.origin == "aligned" { "" } else { &r.origin },
    }
}

/// Serializes rows as CSV with a header (also when there are no rows).
pub fn to_csv<R: Serialize + Default>(rows: &[R]) -> io::Result<Vec<u8>> {
    to_csv_with(rows, false)
}

/// Like [`to_csv`]; with `excel_safe`, cells a spreadsheet would run as a formula are
/// neutralized (see [`excel_safe_cell`]).
pub fn to_csv_with<R: Serialize + Default>(rows: &[R], excel_safe: bool) -> io::Result<Vec<u8>> {
    let mut w = CsvWriter::new(Vec::new(), excel_safe);
    w.write_header::<R>()?;
    for r in rows {
        w.write_row(r)?;
    }
    w.into_inner()
}

/// A CSV table written row by row (for streaming output), optionally Excel-safe: the rows of
/// the subcommands go through here or [`to_csv_with`]; `run`'s rows through [`line`](mod@line), which
/// must write the same bytes (see its tests).
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
    excel_safe: bool,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(w: W, excel_safe: bool) -> CsvWriter<W> {
        CsvWriter { inner: csv::WriterBuilder::new().has_headers(false).from_writer(w), excel_safe }
    }

    /// Writes the column names of `R` (never neutralized: they are lexbridge's own).
    pub fn write_header<R: Serialize + Default>(&mut self) -> io::Result<()> {
        self.inner.write_record(header::<R>()).map_err(io::Error::other)
    }

    pub fn write_row<R: Serialize>(&mut self, row: &R) -> io::Result<()> {
        if !self.excel_safe {
            return self.inner.serialize(row).map_err(io::Error::other);
        }
        // Serialize as usual, read the cells back, and write them neutralized: the row structs
        // stay plain serde structs, and quoting stays the csv crate's.
        let mut scratch = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        scratch.serialize(row).map_err(io::Error::other)?;
        let bytes = scratch.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
        let mut record = csv::StringRecord::new();
        reader.read_record(&mut record).map_err(io::Error::other)?;
        let cells: Vec<std::borrow::Cow<str>> = record.iter().map(excel_safe_cell).collect();
        self.inner.write_record(cells.iter().map(|c| c.as_bytes())).map_err(io::Error::other)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    pub fn into_inner(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| io::Error::other(e.to_string()))
    }
}

/// Neutralizes a CSV cell a spreadsheet would run as a formula (CSV injection, as OWASP
/// describes it): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return (or
/// their full-width forms `＝＋－＠`) gets a leading `'`, which Excel, LibreOffice and Google
/// Sheets show as text. A plain number (`-12.5`, `+3`, `-0.3`) is left as it is: it cannot run
/// as a formula, and the numeric columns stay numbers.
pub fn excel_safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'));
    if risky && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `-12.5`, `+3`, `1e6`: a sign, digits, at most one decimal point and an exponent.
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() || !frac.is_empty())
        && digits(int)
        && digits(frac)
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

/// The column names of a row type, in order.
pub fn header<R: Serialize + Default>() -> Vec<String> {
    let mut w = csv::WriterBuilder::new().has_headers(true).from_writer(Vec::new());
    if w.serialize(R::default()).is_err() {
        return Vec::new();
    }
    let bytes = w.into_inner().unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    text.lines().next().unwrap_or("").split(',').map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_header_even_without_rows_and_quotes_cells() {
        let rows = vec![AlignmentRow {
            article: "a".into(),
            source_lang: "de".into(),
            target_lang: "en".into(),
            src: "1 2".into(),
            tgt: "1".into(),
            score: "0.89".into(),
            low_confidence: "no".into(),
            source_text: "Er sagte: „Nein, danke.“".into(),
            target_text: "He said \"no\".".into(),
            origin: "aligned".into(),
        }];
        let text = String::from_utf8(to_csv(&rows).unwrap()).unwrap();
        assert_eq!(
            text,
            "article,source_lang,target_lang,src,tgt,score,low_confidence,source_text,target_text,origin\na,de,en,1 2,1,0.89,no,\"Er sagte: „Nein, danke.“\",\"He said \"\"no\"\".\",aligned\n"
        );
        let empty = String::from_utf8(to_csv::<AlignmentRow>(&[]).unwrap()).unwrap();
        assert_eq!(
            empty,
            "article,source_lang,target_lang,src,tgt,score,low_confidence,source_text,target_text,origin\n"
        );
    }

    #[test]
    fn excel_safe_neutralizes_formulas_and_keeps_numbers() {
        let cases = [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+49 30 1234", "'+49 30 1234"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("＝1+1", "'＝1+1"),
            ("- Aufzählung", "'- Aufzählung"),
            ("-12.5", "-12.5"),
            ("+3", "+3"),
            ("-0.3", "-0.3"),
            ("1e6", "1e6"),
            ("-", "'-"),
            ("Das Gericht = Instanz", "Das Gericht = Instanz"),
            ("", ""),
        ];
        for (cell, want) in cases {
            assert_eq!(excel_safe_cell(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn excel_safe_writer_leaves_the_header_and_quoting_alone() {
        let rows = vec![FindingRow {
            article: "=cmd|' /C calc'!A0".into(),
            message: "-3 Prozent, \"laut\" Gericht".into(),
            expected: "-3".into(),
            ..FindingRow::default()
        }];
        let plain = to_csv_with(&rows, false).unwrap();
        let safe = String::from_utf8(to_csv_with(&rows, true).unwrap()).unwrap();
        assert_eq!(safe.lines().next(), String::from_utf8_lossy(&plain).lines().next());
        assert!(safe.contains("\n'=cmd|' /C calc'!A0,"), "{safe}");
        assert!(safe.contains(",-3,"), "numbers stay: {safe}");
        assert!(safe.contains("\"'-3 Prozent, \"\"laut\"\" Gericht\""), "{safe}");
    }

    #[test]
    fn long_context_is_cut_on_a_character_boundary() {
        assert_eq!(context("kurz".into()), "kurz");
        let long = "ä".repeat(CONTEXT_BYTES);
        let cut = context(long);
        assert!(cut.ends_with('…') && cut.len() <= CONTEXT_BYTES + '…'.len_utf8());
    }
}
