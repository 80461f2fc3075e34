//! The single-text subcommands (`segment`, `figures`, `terms`, `check`): from input text to the
//! bytes they print, in CSV, JSONL or lines. `main.rs` only reads the input and writes the
//! result; the row formats here are contracts documented in the README.

use serde::Serialize;

use crate::check;
use crate::figures;
use crate::glossary::{self, Glossary};
use crate::pipeline::{self, Analysis};
use crate::report::{self, FigureOut};
use crate::segment;

/// Output formats of the subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    /// CSV with the cells a spreadsheet would run as formulas neutralized (`--excel-safe`, see
    /// [`report::excel_safe_cell`]).
    ExcelSafeCsv,
    Jsonl,
    Lines,
    Tmx,
}

impl Format {
    /// This format, made Excel-safe when `excel_safe` is set and it is CSV.
    pub fn excel_safe(self, excel_safe: bool) -> Format {
        if excel_safe && self == Format::Csv {
            Format::ExcelSafeCsv
        } else {
            self
        }
    }
}

/// Resolves `--lang`: a code, or `auto`: whatlang's guess where it is reliable, else
/// `fallback` (short news sentences full of names and figures are often guessed wrong).
pub fn resolve_lang(lang: &str, text: &str, fallback: &str) -> String {
    if lang.eq_ignore_ascii_case("auto") {
        match crate::lang::detect(text) {
            Some(d) if d.reliable => d.lang,
            _ => fallback.to_string(),
        }
    } else {
        crate::lang::normalize_tag(lang)
    }
}

/// Resolves the languages of an original and its translation (`auto` or a code each). Two
/// guesses that come out the same — a translation with a few untranslated sentences, or short
/// texts — mean the guess is not to be trusted, and the defaults are used.
pub fn resolve_pair_langs(
    (src_flag, src_text, src_default): (&str, &str, &str),
    (tgt_flag, tgt_text, tgt_default): (&str, &str, &str),
) -> (String, String) {
    let s = resolve_lang(src_flag, src_text, src_default);
    let t = resolve_lang(tgt_flag, tgt_text, tgt_default);
    if s != t {
        return (s, t);
    }
    let s = if src_flag.eq_ignore_ascii_case("auto") { src_default.to_string() } else { s };
    let t = if tgt_flag.eq_ignore_ascii_case("auto") { tgt_default.to_string() } else { t };
    (s, t)
}

fn encode<R: Serialize + Default>(rows: &[R], format: Format) -> std::io::Result<Vec<u8>> {
    match format {
        Format::Csv | Format::Lines | Format::Tmx => report::to_csv(rows),
        Format::ExcelSafeCsv => report::to_csv_with(rows, true),
        Format::Jsonl => {
            let mut out = Vec::new();
            for r in rows {
                serde_json::to_writer(&mut out, r).map_err(std::io::Error::other)?;
                out.push(b'\n');
            }
            Ok(out)
        }
    }
}

/// A sentence of `segment --format jsonl`.
#[derive(Debug, Default, Serialize)]
pub struct SentenceRow {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// `lexbridge segment`.
pub fn segment(text: &str, lang: &str, format: Format) -> std::io::Result<Vec<u8>> {
    let sentences = segment::split(text, lang);
    if format == Format::Lines {
        let mut out = String::new();
        for s in &sentences {
            out.push_str(&s.text(text).split_whitespace().collect::<Vec<_>>().join(" "));
            out.push('\n');
        }
        return Ok(out.into_bytes());
    }
    let rows: Vec<SentenceRow> = sentences
        .iter()
        .map(|s| SentenceRow { start: s.start, end: s.end, text: s.text(text).to_string() })
        .collect();
    encode(&rows, format)
}

/// `lexbridge figures`: figures are found sentence by sentence.
pub fn figures(text: &str, lang: &str, format: Format) -> std::io::Result<Vec<u8>> {
    let mut rows = Vec::new();
    for s in segment::split(text, lang) {
        for f in figures::extract(s.text(text), lang) {
            rows.push(FigureOut::of(&f, s.start, text));
        }
    }
    encode(&rows, format)
}

/// A term of `lexbridge terms`; offsets are bytes into the input.
#[derive(Debug, Default, Serialize)]
pub struct TermOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub concept: String,
    pub lang: String,
    pub term: String,
    pub status: String,
    pub sentence: usize,
    /// Empty for a whole-word hit; `compound_head` or `compound_part` inside a compound.
    pub part: String,
}

/// `lexbridge terms`.
pub fn terms(text: &str, lang: &str, glossary: &Glossary, format: Format) -> std::io::Result<Vec<u8>> {
    let mut rows = Vec::new();
    for (i, s) in segment::split(text, lang).iter().enumerate() {
        for h in glossary.find(s.text(text), lang) {
            let e = glossary.entry(h.entry);
            rows.push(TermOut {
                start: s.start + h.start,
                end: s.start + h.end,
                text: text[s.start + h.start..s.start + h.end].to_string(),
                concept: e.concept.clone(),
                lang: e.lang.clone(),
                term: e.term.clone(),
                status: e.status.as_str().into(),
                sentence: i,
                part: h.part.as_str().into(),
            });
        }
    }
    encode(&rows, format)
}

/// A finding of `lexbridge check`.
#[derive(Debug, Default, Serialize)]
pub struct CheckOut {
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

/// The two texts of `lexbridge check` and `lexbridge align`, their languages and options.
pub struct TextPair<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub source_lang: &'a str,
    pub target_lang: &'a str,
    pub presegmented: bool,
    pub dictionary: Option<&'a crate::align::Dictionary>,
}

/// Both texts analysed and aligned.
struct Aligned {
    src: Analysis,
    tgt: Analysis,
    links: Vec<crate::align::Link>,
}

fn analyse_and_align(input: &TextPair, glossary: &Glossary) -> Aligned {
    let analyse = |text: &str, lang: &str| -> Analysis {
        if input.presegmented {
            pipeline::analyze_sentences(text, pipeline::line_sentences(text), lang, glossary)
        } else {
            pipeline::analyze(text, lang, glossary)
        }
    };
    let src = analyse(input.source, input.source_lang);
    let tgt = analyse(input.target, input.target_lang);
    let links = pipeline::align_pair(&src, input.source, &tgt, input.target, glossary, input.dictionary);
    Aligned { src, tgt, links }
}

/// `lexbridge check`: aligns the two texts and reports every finding.
pub fn check(input: &TextPair, glossary: &Glossary, format: Format) -> std::io::Result<Vec<u8>> {
    let Aligned { src, tgt, links } = analyse_and_align(input, glossary);
    let (ss, ts) = (src.side(input.source), tgt.side(input.target));
    let rows: Vec<CheckOut> = check::check_pair(&ss, &ts, &links, glossary)
        .into_iter()
        .map(|f| {
            let link = check::link_of(&links, &f);
            CheckOut {
                check: f.check.into(),
                severity: f.severity.as_str().into(),
                src_sentence: f.src_sentence.map(|i| i.to_string()).unwrap_or_default(),
                tgt_sentence: f.tgt_sentence.map(|i| i.to_string()).unwrap_or_default(),
                source_text: report::context(link.map(|l| ss.joined(&l.src)).unwrap_or_default()),
                target_text: report::context(link.map(|l| ts.joined(&l.tgt)).unwrap_or_default()),
                expected: f.expected,
                found: f.found,
                message: f.message,
            }
        })
        .collect();
    encode(&rows, format)
}

/// A link of `lexbridge align --format jsonl`.
#[derive(Debug, Default, Serialize)]
pub struct LinkOut {
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    pub score: f64,
}

/// `lexbridge align`: the sentence alignment of two texts as CSV, JSONL or TMX.
pub fn align(input: &TextPair, glossary: &Glossary, format: Format) -> std::io::Result<Vec<u8>> {
    let Aligned { src, tgt, links } = analyse_and_align(input, glossary);
    let (ss, ts) = (src.side(input.source), tgt.side(input.target));
    let round = |s: f64| (s * 1000.0).round() / 1000.0;
    let flat = |t: String| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let rows: Vec<report::AlignmentRow> = links
        .iter()
        .map(|l| report::AlignmentRow {
            article: String::new(),
            source_lang: input.source_lang.to_string(),
            target_lang: input.target_lang.to_string(),
            src: l.src.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            tgt: l.tgt.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            score: format!("{:.3}", l.score),
            low_confidence: if l.is_low_confidence() { "yes" } else { "no" }.into(),
            source_text: flat(ss.joined(&l.src)),
            target_text: flat(ts.joined(&l.tgt)),
            origin: "aligned".into(),
        })
        .collect();
    match format {
        Format::Tmx => Ok(report::alignments_tmx(&rows).into_bytes()),
        Format::Jsonl => {
            let out: Vec<LinkOut> = links
                .iter()
                .map(|l| LinkOut { src: l.src.clone(), tgt: l.tgt.clone(), score: round(l.score) })
                .collect();
            encode(&out, format)
        }
        _ => {
            #[derive(Default, Serialize)]
            struct Row {
                src: String,
                tgt: String,
                score: String,
                low_confidence: String,
                source_text: String,
                target_text: String,
            }
            let out: Vec<Row> = rows
                .into_iter()
                .map(|r| Row {
                    src: r.src,
                    tgt: r.tgt,
                    score: r.score,
                    low_confidence: r.low_confidence,
                    source_text: r.source_text,
                    target_text: r.target_text,
                })
                .collect();
            encode(&out, format)
        }
    }
}

/// `lexbridge pair`: rows of matched and unmatched articles.
pub fn pair_rows(rows: &[pipeline::PairRow], format: Format) -> std::io::Result<Vec<u8>> {
    encode(rows, format)
}

/// A chosen sentence of `lexbridge summarize --format jsonl`; offsets are bytes into the
/// article text (title, teaser and body joined by blank lines, front matter and boilerplate
/// removed).
#[derive(Debug, Default, Serialize)]
pub struct SummaryOut {
    pub rank: usize,
    pub sentence: usize,
    pub score: f64,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// `lexbridge summarize`: the `n` sentences that summarize one article (a `.txt`/`.md` text
/// with optional front matter; line 1 is the title, the first paragraph after it the teaser).
pub fn summarize(
    text: &str,
    lang: &str,
    n: usize,
    include_teaser: bool,
    glossary: &Glossary,
    format: Format,
) -> Result<Vec<u8>, crate::corpus::CorpusError> {
    let article =
        crate::corpus::parse_document(std::path::Path::new("-"), "-", Some(lang.to_string()), text)?;
    let analysis = pipeline::analyze(&article.text, lang, glossary);
    let candidates = pipeline::summary_candidates(&article, &analysis, include_teaser);
    let chosen = crate::summary::select(article.title(), &candidates, lang, n);
    let rows: Vec<SummaryOut> = chosen
        .iter()
        .enumerate()
        .map(|(rank, c)| {
            let s = analysis.sentences[c.index];
            SummaryOut {
                rank: rank + 1,
                sentence: c.index,
                score: (c.score * 1000.0).round() / 1000.0,
                start: s.start,
                end: s.end,
                text: s.text(&article.text).to_string(),
            }
        })
        .collect();
    let bytes = if format == Format::Lines {
        let mut out = String::new();
        for r in &rows {
            out.push_str(&r.text.split_whitespace().collect::<Vec<_>>().join(" "));
            out.push('\n');
        }
        Ok(out.into_bytes())
    } else {
        encode(&rows, format)
    };
    bytes.map_err(|e| crate::corpus::CorpusError::Unreadable(e.to_string()))
}

/// `lexbridge glossary lint`: every lint finding of a glossary file, with its line.
pub fn glossary_lint(
    name: &str,
    text: &str,
    format: glossary::Format,
    langs: &glossary::Langs,
    out: Format,
) -> Result<Vec<u8>, glossary::GlossaryError> {
    let rows = glossary::read_rows(name, text, format, langs)?;
    let findings = glossary::lint::lint(&rows);
    encode(&findings, out)
        .map_err(|e| glossary::GlossaryError::Io { path: name.into(), message: e.to_string() })
}

/// `lexbridge glossary convert`: the glossary written in another format.
pub fn glossary_convert(
    name: &str,
    text: &str,
    from: glossary::Format,
    to: glossary::Format,
    langs: &glossary::Langs,
) -> Result<String, glossary::GlossaryError> {
    let g = Glossary::from_str_as(name, text, from, langs)?;
    Ok(g.write(to, langs))
}

/// A sentence of `translate --format jsonl`.
#[derive(Debug, Default, Serialize)]
pub struct TranslationOut {
    /// 1-based input line the sentence comes from.
    pub line: usize,
    pub source: String,
    pub target: String,
    /// `tm`, `tm:<score>`, `mt:<engine>` or `none`.
    pub origin: String,
    /// Protection, enforcement, term and figure findings on this sentence.
    pub findings: Vec<crate::translate::Issue>,
}

/// `lexbridge translate`: one output line per input line (or per sentence with `segment`), in
/// order; `lines` prints the translations (an empty line where there is none), `jsonl` adds the
/// origin and the findings.
pub fn translate(
    text: &str,
    segment_text: bool,
    translator: &crate::translate::Translator,
    glossary: &Glossary,
    format: Format,
) -> Result<Vec<u8>, crate::translate::TranslateError> {
    let (from, to) = (translator.from_lang().to_string(), translator.to_lang().to_string());
    // (line, text) per unit to translate.
    let mut units: Vec<(usize, String)> = Vec::new();
    if segment_text {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
            .collect();
        for s in segment::split(text, &from) {
            let line = starts.partition_point(|&p| p <= s.start);
            units.push((line, s.text(text).split_whitespace().collect::<Vec<_>>().join(" ")));
        }
    } else {
        units.extend(text.lines().enumerate().map(|(i, l)| (i + 1, l.trim().to_string())));
    }
    let refs: Vec<&str> = units.iter().map(|u| u.1.as_str()).collect();
    let done = translator.translate(&refs, glossary)?;
    let mut out = Vec::new();
    for ((line, source), t) in units.into_iter().zip(done) {
        if format == Format::Lines {
            out.extend_from_slice(t.target.replace(['\n', '\r'], " ").as_bytes());
            out.push(b'\n');
            continue;
        }
        let mut findings = t.issues;
        if t.origin.starts_with("mt:") || t.origin.starts_with("tm:") {
            findings.extend(crate::translate::check_sentence(&source, &t.target, &from, &to, glossary));
        }
        let row = TranslationOut { line, source, target: t.target, origin: t.origin, findings };
        serde_json::to_writer(&mut out, &row).map_err(|e| {
            crate::translate::TranslateError::Engine(crate::translate::EngineError::Setup {
                engine: "output".into(),
                message: e.to_string(),
            })
        })?;
        out.push(b'\n');
    }
    Ok(out)
}
