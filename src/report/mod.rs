//! The CSV rows lexbridge writes, one serde struct per file, and writing them atomically.
//!
//! Column names and order are a contract (see the README): change them only on purpose, with
//! the README and the tests. Writers create a temporary file next to the target and rename it
//! into place, so a reader never sees half a file.

pub mod files;
pub mod tmx;

pub use files::OutputFiles;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
        let (de, en) = figures::renderings(f);
        let (start, end) = (offset + f.start, offset + f.end);
        FigureOut {
            start,
            end,
            text: text.get(start..end).unwrap_or("").to_string(),
            kind: f.kind.as_str().to_string(),
            value: f.value.to_string(),
            value_max: f.value_max.as_ref().map(ToString::to_string).unwrap_or_default(),
            unit: f.unit.clone().unwrap_or_default(),
            qualifier: f.qualifier.as_str().to_string(),
            de,
            en,
        }
    }
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
        let o = FigureOut::of(f, 0, sentence_text);
        FigureRow {
            article: article.to_string(),
            lang: lang.to_string(),
            sentence,
            start: o.start,
            end: o.end,
            text: o.text,
            kind: o.kind,
            value: o.value,
            value_max: o.value_max,
            unit: o.unit,
            qualifier: o.qualifier,
            de: o.de,
            en: o.en,
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
        id: format!("{}:{}:{}", r.article, r.src.replace(' ', "+"), r.tgt.replace(' ', "+")),
        source_lang: &r.source_lang,
        source: &r.source_text,
        target_lang: &r.target_lang,
        target: &r.target_text,
        origin: if r.origin == "aligned" { "" } else { &r.origin },
    }
}

/// Serializes rows as CSV with a header (also when there are no rows).
pub fn to_csv<R: Serialize + Default>(rows: &[R]) -> io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.write_record(header::<R>())?;
    for r in rows {
        w.serialize(r).map_err(io::Error::other)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
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

/// Writes `contents` to `dir/name` atomically: a temporary file in `dir`, then a rename.
pub fn write_atomic(dir: &Path, name: &str, contents: &[u8]) -> io::Result<PathBuf> {
    let target = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|_| target)
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
    fn long_context_is_cut_on_a_character_boundary() {
        assert_eq!(context("kurz".into()), "kurz");
        let long = "ä".repeat(CONTEXT_BYTES);
        let cut = context(long);
        assert!(cut.ends_with('…') && cut.len() <= CONTEXT_BYTES + '…'.len_utf8());
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "x.csv", b"a\n").unwrap();
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["x.csv"]);
    }
}
