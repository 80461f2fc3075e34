//! The order of stages, per article and for a whole corpus.
//!
//! `run` never holds the corpus, nor the list of its files. It reads every input once, as the
//! walk of the inputs finds it, to index it (the file, and id, language, group, where the article
//! is; a JSONL file line by line), detecting languages where none is declared
//! and marking duplicates; pairs the originals and translations left alone by content; then
//! processes the groups (`x.de.txt` + `x.en.txt`, or `translation_of`) in id order, in parallel
//! with rayon, a bounded number in flight: read again, segment, find figures and terms, align
//! each translation with its original, check, summarize, encode the rows. The rows are written
//! by a thread of their own in id order, so the output is the same for any number of jobs; term
//! usage is counted
//! across the corpus for `term_inconsistent`. This is the only module that knows the order of
//! the stages; it does not print (progress goes through callbacks), never stops the batch for
//! one bad article, and stops cleanly, writing nothing, when told to cancel.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::align::pairing::{self, DocFeatures};
use crate::align::{self, Dictionary, Link};
use crate::check::{self, Finding, Side, TermUsage};
use crate::corpus::{self, Article, CorpusError, Entry, Failure, Origin};
use crate::figures::{self, Figure, FigureMatch};
use crate::glossary::{Glossary, TermHit};
use crate::lang::{self, Detection};
use crate::report::files::{Encoded, Encoder};
use crate::report::line::{AlignmentLine, Counterpart, FigureLine, Joined};
use crate::report::{self, ArticleRow, FindingRow, OutputFiles, SummaryRow};
use crate::segment::{self, Sentence, SentenceWords};
use crate::summary::{self, Candidate};

mod index;
mod ordered;
use index::Index;

/// A validated configuration for a run.
#[derive(Debug)]
pub struct Config {
    /// The language of originals (`de`).
    pub source_lang: String,
    /// The language summaries of untranslated originals are meant for (`en`).
    pub target_lang: String,
    pub glossary: Glossary,
    pub summary_sentences: usize,
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// A bilingual word list that adds alignment anchors.
    pub dictionary: Option<Dictionary>,
    /// Whether the teaser may be a summary sentence (it already is a summary, so by default not).
    pub summary_include_teaser: bool,
    /// The translation memory and engine (`--engine`, `--tm`). With a TM, every confident 1-1
    /// link of the corpus is stored in it; with an engine other than `none`, originals without a
    /// translation are translated (TM first) into `target_lang`.
    pub translator: Option<crate::translate::Translator>,
    /// Neutralize CSV cells a spreadsheet would run as formulas (`--excel-safe`); the CSV
    /// writers in [`report`] apply it.
    pub excel_safe: bool,
}

/// Why a run could not start or finish writing.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{path}: cannot read the input: {message}; give a corpus folder or article files that exist")]
    Input { path: PathBuf, message: String },
    #[error("{path}: cannot write the output: {message}; choose a folder you can write to")]
    Output { path: PathBuf, message: String },
    #[error("cannot start {jobs} worker threads: {message}")]
    Threads { jobs: usize, message: String },
    #[error("interrupted; no output file was written or changed")]
    Interrupted,
    #[error("{path}: cannot keep the index of the corpus: {message}; check the free disk space there")]
    Index { path: PathBuf, message: String },
}

/// A text analysed in one language: sentences, and per sentence the figures and terms with
/// offsets relative to the sentence.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub lang: String,
    pub sentences: Vec<Sentence>,
    pub figures: Vec<Vec<Figure>>,
    pub terms: Vec<Vec<TermHit>>,
    /// Per sentence, every term hit, nested ones included ([`Glossary::find_all`]), from the
    /// same search as `terms`: what the term checks need of a target sentence.
    pub all_terms: Vec<Vec<TermHit>>,
    /// The words of every sentence, split once for the anchors, the checks and the summary.
    pub words: SentenceWords,
}

impl Analysis {
    /// The view the checks take of this analysis.
    pub fn side<'a>(&'a self, text: &'a str) -> Side<'a> {
        Side {
            lang: &self.lang,
            text,
            sentences: &self.sentences,
            figures: &self.figures,
            terms: &self.terms,
            all_terms: &self.all_terms,
            words: Some(&self.words),
        }
    }
}

/// Segments `text` and finds figures and glossary terms in every sentence.
pub fn analyze(text: &str, lang: &str, glossary: &Glossary) -> Analysis {
    analyze_sentences(text, segment::split(text, lang), lang, glossary)
}

/// Like [`analyze`], for a text already split into sentences.
pub fn analyze_sentences(text: &str, sentences: Vec<Sentence>, lang: &str, glossary: &Glossary) -> Analysis {
    let figures = sentences.iter().map(|s| figures::extract(s.text(text), lang)).collect();
    let words = SentenceWords::split(sentences.iter().map(|s| s.text(text)));
    let (terms, all_terms) = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| glossary.find_both_in(s.text(text), lang, &words, i))
        .unzip();
    Analysis { lang: lang.to_string(), sentences, figures, terms, all_terms, words }
}

/// Sentences given one per line (`--presegmented`).
pub fn line_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = pos + (line.len() - line.trim_start().len());
            out.push(Sentence { start, end: start + trimmed.len() });
        }
        pos += line.len();
    }
    out
}

/// The alignment of two analysed texts, anchored on figures, glossary concepts, the names and
/// numbers both texts share, and the dictionary's word pairs when one is given.
pub fn align_pair(
    src: &Analysis,
    src_text: &str,
    tgt: &Analysis,
    tgt_text: &str,
    glossary: &Glossary,
    dictionary: Option<&Dictionary>,
) -> Vec<Link> {
    // `align(&units(…))` over each sentence's figures, concepts and words, with each side's keys
    // in one list the sentences borrow from: a figure's key is the one written out, a concept's
    // is borrowed from the glossary.
    let figure_keys =
        |a: &Analysis| -> Vec<String> { a.figures.iter().flatten().map(figures::anchor_key).collect() };
    let (src_figures, tgt_figures) = (figure_keys(src), figure_keys(tgt));
    let (src_keys, src_ends) = keyed(src, &src_figures, glossary);
    let (tgt_keys, tgt_ends) = keyed(tgt, &tgt_figures, glossary);
    align::align_keyed(
        &keyed_sentences(src, src_text, &src_keys, &src_ends),
        &keyed_sentences(tgt, tgt_text, &tgt_keys, &tgt_ends),
        dictionary,
    )
}

/// The anchor keys of the sentences of `a`, one after the other, and where each sentence's end:
/// its figures' keys (`figures`, the keys of all figures of `a` in order), then its concepts'.
fn keyed<'k>(
    a: &Analysis,
    figures: &'k [String],
    glossary: &'k Glossary,
) -> (Vec<align::Key<'k>>, Vec<usize>) {
    let mut keys = Vec::with_capacity(figures.len() + a.terms.iter().map(Vec::len).sum::<usize>());
    let mut ends = Vec::with_capacity(a.sentences.len());
    let mut figures = figures.iter();
    for (fs, terms) in a.figures.iter().zip(&a.terms) {
        keys.extend(figures.by_ref().take(fs.len()).map(|k| align::Key::whole(k)));
        keys.extend(terms.iter().map(|h| align::Key::term(glossary.entry(h.entry).concept.as_str())));
        ends.push(keys.len());
    }
    (keys, ends)
}

/// The sentences of `a` with their keys (as [`keyed`] lists them) for the aligner.
fn keyed_sentences<'k>(
    a: &'k Analysis,
    text: &'k str,
    keys: &'k [align::Key<'k>],
    ends: &[usize],
) -> Vec<align::KeyedSentence<'k>> {
    let mut paragraphs = Paragraphs::default();
    a.sentences
        .iter()
        .enumerate()
        .map(|(i, s)| align::KeyedSentence {
            text: s.text(text),
            paragraph_start: paragraphs.opens(text, s.start),
            keys: &keys[i.checked_sub(1).map_or(0, |p| ends[p])..ends[i]],
            words: a.words.of(i),
        })
        .collect()
}

/// [`opens_paragraph`] for the sentences of a text in order, in one pass over the text: the
/// line breaks before a sentence are found once, not searched back from every sentence.
#[derive(Default)]
struct Paragraphs {
    /// How far the text has been read, and the last two line breaks in that part.
    read: usize,
    last: Option<usize>,
    before_last: Option<usize>,
}

impl Paragraphs {
    fn opens(&mut self, text: &str, start: usize) -> bool {
        let Some(before) = text.get(..start) else { return opens_paragraph(text, start) };
        let end = before.trim_end_matches([' ', '\t', '\r']).len();
        if end < self.read {
            return opens_paragraph(text, start);
        }
        // The last two line breaks up to `end` (searched backwards, word by word).
        let read = self.read;
        if let Some(last) = text[read..end].rfind('\n').map(|i| read + i) {
            self.before_last = text[read..last].rfind('\n').map(|i| read + i).or(self.last);
            self.last = Some(last);
        }
        self.read = end;
        // As `opens_paragraph` decides: at the start of the text, or where the line before the
        // last line break is blank (which a blank line just before also is).
        end == 0
            || self
                .last
                .is_some_and(|last| text[self.before_last.map_or(0, |b| b + 1)..last].trim().is_empty())
    }
}

#[cfg(test)]
mod paragraph_tests {
    use super::{opens_paragraph, Paragraphs};

    /// One pass over the text decides as `opens_paragraph` does from every position, taken in
    /// order, every one or every third.
    #[test]
    fn paragraphs_in_one_pass_are_opens_paragraph() {
        let texts = [
            "Titel\n\nTeaser. Satz zwei.\n\nAbsatz eins. Noch einer.\nZeile.  \n \t\nNeu. \r\n\r\nWeiter.",
            "\n\n  Eins.\n\n\nZwei. Drei.\r\nVier.\n",
            "Ohne Umbruch. Gar keiner. Wirklich.",
            "  \n\u{a0}\nÄrger. Über\u{2028}alles.\n \nEnde",
        ];
        for text in texts {
            let starts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for step in [1, 3] {
                let mut p = Paragraphs::default();
                for &start in starts.iter().step_by(step) {
                    assert_eq!(p.opens(text, start), opens_paragraph(text, start), "{text:?} at {start}");
                }
            }
        }
    }
}

/// Whether the sentence starting at `start` opens a paragraph: it starts the text, or only
/// spaces separate it from a blank line before it.
fn opens_paragraph(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t', '\r']);
    before.is_empty() || before.ends_with("\n\n") || before.ends_with("\n\r\n") || {
        let mut lines = before.rsplit('\n');
        lines.next();
        lines.next().is_some_and(|l| l.trim().is_empty())
    }
}

/// A document's language-neutral keys for pairing: figures, glossary concepts, identifiers.
pub fn doc_features(a: &Analysis, text: &str, glossary: &Glossary) -> DocFeatures {
    let mut keys: Vec<String> = a.figures.iter().flatten().map(figures::anchor_key).collect();
    keys.extend(a.terms.iter().flatten().map(|h| format!("term:{}", glossary.entry(h.entry).concept)));
    keys.extend(
        segment::words(text)
            .filter(|w| {
                w.chars().next().is_some_and(char::is_uppercase) || w.chars().any(|c| c.is_ascii_digit())
            })
            .map(|w| format!("name:{w}")),
    );
    keys.sort();
    keys.dedup();
    DocFeatures { len: text.chars().count(), keys }
}

/// The sentences of an article a summary may use: the body, and the teaser when asked for;
/// never the title.
pub fn summary_candidates<'a>(
    article: &'a Article,
    analysis: &'a Analysis,
    include_teaser: bool,
) -> Vec<Candidate<'a>> {
    let first =
        if include_teaser && !article.teaser.is_empty() { article.teaser.start } else { article.body.start };
    if first == article.body.start && article.body.is_empty() {
        return Vec::new();
    }
    analysis
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.start >= first)
        .map(|(i, s)| Candidate {
            index: i,
            text: s.text(&article.text),
            figures: analysis.figures[i].len(),
            terms: analysis.terms[i].len(),
            words: analysis.words.of(i),
        })
        .collect()
}

/// What one group of articles produced, every table in output order: the rows of the small
/// tables as row structs, those of `figures.csv` and `alignments.csv` (the most rows by far)
/// already encoded in `rows`, borrowed from the analysis (see [`Encoded`]).
#[derive(Debug, Default)]
pub struct RunOutput {
    pub articles: Vec<ArticleRow>,
    pub summaries: Vec<SummaryRow>,
    pub findings: Vec<FindingRow>,
    /// The figure and alignment rows (and their TMX units), encoded; the rows of the other
    /// tables are appended when the group is finished.
    pub rows: Encoded,
    /// How each source concept was rendered: (article, source lang, target lang, rendering),
    /// for `term_inconsistent` across the corpus.
    pub renderings: Vec<(String, String, String, check::Rendering)>,
}

/// Totals of a run, for the one-line summary.
#[derive(Debug, Default, Clone)]
pub struct RunStats {
    pub articles: usize,
    pub failed: usize,
    pub skipped: usize,
    pub sentences: usize,
    pub figures: usize,
    pub findings: usize,
    pub seconds: f64,
    /// The first [`SHOWN_ERRORS`] error messages, for the terminal; every one is in
    /// `articles.csv`.
    pub errors: Vec<String>,
}

/// How many error messages a run keeps for the terminal.
pub const SHOWN_ERRORS: usize = 20;

impl RunStats {
    fn count(&mut self, out: &RunOutput) {
        for a in &out.articles {
            match a.status.as_str() {
                "skipped" => self.skipped += 1,
                status => {
                    self.articles += 1;
                    if status == "error" {
                        self.failed += 1;
                        if self.errors.len() < SHOWN_ERRORS {
                            self.errors.push(a.error.clone());
                        }
                    }
                }
            }
            self.sentences += a.sentences;
        }
        self.figures += out.rows.figure_rows();
        self.findings += out.findings.len();
    }

    /// Adds the totals of a part of the run (counted in the order of the parts).
    fn merge(&mut self, part: RunStats) {
        self.articles += part.articles;
        self.failed += part.failed;
        self.skipped += part.skipped;
        self.sentences += part.sentences;
        self.figures += part.figures;
        self.findings += part.findings;
        let room = SHOWN_ERRORS.saturating_sub(self.errors.len());
        self.errors.extend(part.errors.into_iter().take(room));
    }
}

/// A group's outputs as they are written: its rows encoded, its totals and term renderings.
struct Finished {
    rows: Encoded,
    stats: RunStats,
    renderings: Vec<(String, String, String, check::Rendering)>,
}

impl Finished {
    fn new(out: RunOutput, encoder: &Encoder) -> Finished {
        let mut stats = RunStats::default();
        stats.count(&out);
        let mut rows = out.rows;
        encoder.encode_into(&mut rows, &out.articles, &out.summaries, &[], &out.findings, &[]);
        Finished { rows, stats, renderings: out.renderings }
    }
}

/// What the rows written so far add up to: the run's totals, and term usage for
/// `term_inconsistent`.
#[derive(Default)]
struct Written {
    stats: RunStats,
    usage: TermUsage,
}

impl Written {
    /// Counts a group's outputs and writes their rows.
    fn add(&mut self, output: &mut OutputFiles, done: Finished) -> Result<(), PipelineError> {
        output.write(&done.rows).map_err(output_error)?;
        self.stats.merge(done.stats);
        for (article, sl, tl, r) in &done.renderings {
            self.usage.add(article, sl, tl, r);
        }
        Ok(())
    }
}

/// What `run` is told from outside while it works.
pub struct Hooks<'a> {
    /// Called once with the number of article groups, before the first is processed.
    pub on_total: &'a (dyn Fn(u64) + Sync),
    /// Called with the number of groups done so far.
    pub on_progress: &'a (dyn Fn(u64) + Sync),
    /// Set (by a signal handler) to stop the run; no output file is then written or changed.
    pub cancel: &'a AtomicBool,
}

/// An article with its resolved language.
struct Resolved {
    article: Article,
    lang: String,
    detection: Option<Detection>,
    /// How it was paired with its original: empty (same id or `translation_of`) or
    /// `content:<score>`.
    paired_by: String,
}

/// Where an article is in the inputs and what reading it once told: enough to group it and to
/// read it again when its group's turn comes. The corpus itself is never held in memory.
#[derive(Debug, Clone)]
struct Located {
    /// The file (the index keeps its number, see [`Indexed`]).
    path: PathBuf,
    line: u32,
    /// Bytes of text, to bound what is in flight.
    bytes: u32,
    has_translation_of: bool,
    /// For a JSONL line, its byte offset in the file.
    offset: Option<u64>,
    id: Box<str>,
    lang: Box<str>,
    detection: Option<Detection>,
    /// The original's id (`translation_of`) when it is not `id`; only while indexing (the index
    /// then keeps it as the article's group).
    original: Option<Box<str>>,
    /// `content:<score>` once paired by content.
    paired_by: Option<Box<str>>,
}

impl Located {
    /// The id of the group this article belongs to: its original's.
    fn group(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.id)
    }

    fn origin(&self) -> Origin {
        Origin { file: self.path.clone(), line: self.line as usize }
    }
}

/// An original with its translations, and the rows of inputs that failed under its id.
#[derive(Debug, Default)]
struct Group {
    members: Vec<Located>,
    failed: Vec<ArticleRow>,
}

/// The most groups in flight at once (being processed, or done and waiting for their turn to
/// be written): the bound on what a run holds in memory (the index of the corpus is on disk, see
/// [`index`]).
const IN_FLIGHT: ordered::Limit = ordered::Limit { items: 1024, weight: 8 << 20 };

/// Runs the pipeline over files and folders and writes the output tables into `out_dir`.
///
/// Three passes, none holding the corpus: the inputs are read once, as they are found, to index
/// them (the files, and id, language, group, where each article is; on disk, in a temporary
/// database in `out_dir`); articles without a partner are paired by content; then the groups are
/// processed in id order in parallel, a bounded number in flight, and their rows written in that
/// order as they are ready. The tables are put in place only when the run completes.
pub fn run(
    cfg: &Config,
    inputs: &[PathBuf],
    out_dir: &Path,
    hooks: &Hooks,
) -> Result<RunStats, PipelineError> {
    let started = Instant::now();
    let pool = thread_pool(cfg.jobs)?;
    let files =
        corpus::Discovery::new(inputs).map_err(|(path, message)| PipelineError::Input { path, message })?;
    let mut output = OutputFiles::create(out_dir, cfg.excel_safe).map_err(output_error)?;
    let cancelled = || hooks.cancel.load(Ordering::Relaxed);
    let index = pool.install(|| -> Result<Index, PipelineError> {
        let index = index(files, out_dir, &cancelled)?;
        if cancelled() {
            return Err(PipelineError::Interrupted);
        }
        pair_by_content(cfg, &index)?;
        Ok(index)
    })?;
    (hooks.on_total)(index.groups()?);
    let done = AtomicU64::new(0);
    let encoder = output.encoder();
    let mut written = Written::default();
    // This thread reads the groups from the index and hands them to the pool; a thread of
    // its own writes the rows (see `ordered`).
    ordered::in_order(
        &pool,
        IN_FLIGHT,
        |give| {
            let mut interrupted = false;
            index.each_group(|id, group| {
                let bytes = group.members.iter().map(|m| m.bytes as usize).sum();
                interrupted = cancelled();
                !interrupted && give((id, group), bytes)
            })?;
            if interrupted {
                return Err(PipelineError::Interrupted);
            }
            Ok(())
        },
        |(id, group): (String, Group)| {
            let out = if cancelled() { RunOutput::default() } else { process_located(cfg, &id, group) };
            (hooks.on_progress)(done.fetch_add(1, Ordering::Relaxed) + 1);
            Finished::new(out, &encoder)
        },
        |finished| written.add(&mut output, finished),
    )?;
    if cancelled() {
        return Err(PipelineError::Interrupted);
    }
    let inconsistencies =
        RunOutput { findings: inconsistency_rows(&written.usage, &cfg.glossary), ..RunOutput::default() };
    written.add(&mut output, Finished::new(inconsistencies, &encoder))?;
    output.commit().map_err(output_error)?;
    let mut stats = written.stats;
    stats.seconds = started.elapsed().as_secs_f64();
    Ok(stats)
}

fn thread_pool(jobs: usize) -> Result<rayon::ThreadPool, PipelineError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| PipelineError::Threads { jobs, message: e.to_string() })
}

fn output_error(e: report::files::WriteError) -> PipelineError {
    PipelineError::Output { path: e.path, message: e.error.to_string() }
}

/// Reads every input once into an index on disk in `dir` (see [`index::Index`]): the input files
/// as they are found, and where each article is, grouped by the id of its original, with the
/// rows of the inputs that failed (duplicates among them) under their ids. Files are taken from
/// `files` a batch at a time, never all: the documents of a batch are read in parallel, then
/// each JSONL file of the batch line by line in parallel batches, never whole. While one batch
/// is stored, the next is read: two batches' entries (not their texts) are held at most.
fn index(
    mut files: impl Iterator<Item = PathBuf> + Send,
    dir: &Path,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Index, PipelineError> {
    /// Files taken from the discovery at a time (and documents read in parallel).
    const FILE_BATCH: usize = 4096;
    let mut next_batch = |first: u32| {
        if cancelled() {
            return (Vec::new(), Vec::new());
        }
        let batch: Vec<PathBuf> = files.by_ref().take(FILE_BATCH).collect();
        let documents = load_documents(first, &batch);
        (batch, documents)
    };
    let mut index = Index::create(dir)?;
    let mut first = 0u32;
    let (mut batch, mut documents) = next_batch(first);
    while !batch.is_empty() {
        if cancelled() {
            return Ok(index);
        }
        // The index is written by one thread: while it stores this batch, the others find and
        // read the next one. The index goes into the storing closure and comes back out of it,
        // as the database connection may only be used by one thread at a time.
        let next_first = first.saturating_add(batch.len() as u32);
        let ((back, stored), next) = rayon::join(
            move || {
                let stored = store_batch(&index, first, &batch, documents, cancelled);
                (index, stored)
            },
            || next_batch(next_first),
        );
        index = back;
        stored?;
        (batch, documents) = next;
        first = next_first;
    }
    // An interrupted run reports at once: no duplicate search over what was indexed.
    if !cancelled() {
        index.finish()?;
    }
    Ok(index)
}

/// Reads and locates the documents (every file but the JSONL ones) of a batch of files
/// numbered from `first`, in parallel.
fn load_documents(first: u32, batch: &[PathBuf]) -> Vec<Indexed> {
    (first..)
        .zip(batch)
        .filter(|(_, path)| corpus::file_kind(path) != corpus::FileKind::Jsonl)
        .collect::<Vec<_>>()
        .into_par_iter()
        .flat_map_iter(|(file, path)| corpus::load(path).into_iter().map(move |e| locate(file, None, e)))
        .collect()
}

/// Stores a batch of files numbered from `first` in the index: the files, their `documents`
/// (from [`load_documents`]), then the lines of its JSONL files.
fn store_batch(
    index: &Index,
    first: u32,
    batch: &[PathBuf],
    documents: Vec<Indexed>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<(), PipelineError> {
    index.add_files(first, batch)?;
    index.insert(documents)?;
    for (file, path) in (first..).zip(batch) {
        if corpus::file_kind(path) == corpus::FileKind::Jsonl && !cancelled() {
            index_jsonl(file, path, index, cancelled)?;
        }
    }
    Ok(())
}

/// Indexes the lines of one JSONL file, in batches parsed in parallel.
fn index_jsonl(
    file: u32,
    path: &Path,
    index: &Index,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<(), PipelineError> {
    const BATCH_BYTES: usize = 4 << 20;
    let stem = corpus::jsonl_stem(path);
    let unreadable = |line: usize, e: std::io::Error| {
        let id = if line == 1 { stem.clone() } else { format!("{stem}#{line}") };
        let origin = Origin { file: path.to_path_buf(), line };
        let error = CorpusError::Unreadable(e.to_string());
        Indexed { file, line, entry: Err(Box::new(failed_row(&Failure { id, lang: None, origin, error }))) }
    };
    let mut reader = match corpus::open_regular_file(path) {
        Ok(f) => std::io::BufReader::with_capacity(64 << 10, f),
        Err(error) => {
            let origin = Origin { file: path.to_path_buf(), line: 1 };
            let failure = Failure { id: stem.clone(), lang: None, origin, error };
            return index.insert(vec![locate(file, None, Entry::Failed(failure))]);
        }
    };
    // A binary file is one failure, not one per chunk between newline bytes.
    match std::io::BufRead::fill_buf(&mut reader) {
        Ok(head) => {
            if let Some(failure) = corpus::sniff_jsonl(path, head) {
                return index.insert(vec![locate(file, None, failure)]);
            }
        }
        Err(e) => return index.insert(vec![unreadable(1, e)]),
    }
    let (mut batch, mut bytes, mut any) = (Vec::new(), 0, false);
    let mut entries = Vec::new();
    let mut lines = corpus::JsonlLines::new(reader);
    loop {
        let next = lines.next();
        let end = match &next {
            None | Some(Err(_)) => true,
            Some(Ok(raw)) => {
                bytes += raw.bytes.len();
                false
            }
        };
        match next {
            Some(Ok(raw)) => batch.push(raw),
            Some(Err(e)) => {
                let line = batch.last().map_or(1, |r: &corpus::RawLine| r.line_no + 1);
                entries.push(unreadable(line, e));
            }
            None => {}
        }
        if end || bytes >= BATCH_BYTES {
            let located: Vec<Indexed> = batch
                .par_iter()
                .filter_map(|raw| {
                    corpus::parse_raw_jsonl_line(path, &stem, raw).map(|e| locate(file, Some(raw.offset), e))
                })
                .collect();
            any |= batch.iter().any(|raw| !corpus::is_blank_jsonl_line(&raw.bytes));
            entries.extend(located);
            index.insert(std::mem::take(&mut entries))?;
            batch.clear();
            bytes = 0;
        }
        if end || cancelled() {
            break;
        }
    }
    if !any {
        index.insert(vec![locate(file, None, corpus::empty_jsonl(path))])?;
    }
    Ok(())
}

/// An input entry as the index keeps it, at its place in the inputs.
struct Indexed {
    /// The file's number in the index.
    file: u32,
    line: usize,
    /// Where the article is, or the row of the input that failed.
    entry: Result<Located, Box<ArticleRow>>,
}

/// What the index keeps of an input entry.
fn locate(file: u32, offset: Option<u64>, entry: Entry) -> Indexed {
    let line = match &entry {
        Entry::Article(a) => a.origin.line,
        Entry::Failed(f) => f.origin.line,
        Entry::Skipped { origin, .. } => origin.line,
    };
    let entry = match entry {
        Entry::Article(a) => {
            let mut r = resolve(a);
            prepare_for(&r.lang);
            let path = std::mem::take(&mut r.article.origin.file);
            let group = r.article.group_id();
            Ok(Located {
                path,
                line: r.article.origin.line as u32,
                bytes: r.article.text.len().min(u32::MAX as usize) as u32,
                has_translation_of: r.article.meta.contains_key("translation_of"),
                offset,
                original: (group != r.article.id).then(|| group.into()),
                id: r.article.id.into(),
                lang: r.lang.into(),
                detection: r.detection,
                paired_by: None,
            })
        }
        Entry::Failed(f) => Err(Box::new(failed_row(&f))),
        Entry::Skipped { origin, reason } => {
            let (id, lang) = corpus::id_and_lang_from_name(&origin.file);
            Err(Box::new(ArticleRow {
                id,
                lang: lang.unwrap_or_default(),
                file: origin.file.display().to_string(),
                line: origin.line,
                status: "skipped".into(),
                error: reason,
                ..ArticleRow::default()
            }))
        }
    };
    Indexed { file, line, entry }
}

/// Builds the tables that processing an article in `lang` needs (its figure extractor, tens of
/// milliseconds of regex compilation, and its segmenter) on the pool, the first time the index
/// meets that language. Built while the inputs are read, they are ready when the groups come;
/// built by the first group that needs them, the other workers would wait for them. Only the
/// first [`PREPARED_LANGUAGES`] languages are prepared: a declared language is any string, and
/// a corpus of many made-up ones must not grow this list or spawn a task per article.
fn prepare_for(lang: &str) {
    let mut prepared = PREPARED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if prepared.len() >= PREPARED_LANGUAGES || prepared.contains(lang) {
        return;
    }
    prepared.insert(lang.to_string());
    let lang = lang.to_string();
    rayon::spawn(move || {
        figures::extractor(&lang);
        segment::segmenter(&lang);
    });
}

/// How many languages [`prepare_for`] prepares in a process.
const PREPARED_LANGUAGES: usize = 16;

/// The languages [`prepare_for`] has prepared.
static PREPARED: std::sync::Mutex<BTreeSet<String>> = std::sync::Mutex::new(BTreeSet::new());

#[cfg(test)]
mod prepare_tests {
    use super::{prepare_for, PREPARED, PREPARED_LANGUAGES};

    #[test]
    fn made_up_languages_prepare_only_a_bounded_few() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        pool.install(|| {
            for n in 0..1000 {
                prepare_for(&format!("x-made-up-{n}"));
            }
            prepare_for("de");
        });
        let prepared = PREPARED.lock().unwrap();
        // Other tests of this process may have prepared real languages first: only the bound holds.
        assert!(prepared.len() <= PREPARED_LANGUAGES, "{} languages kept", prepared.len());
    }
}

/// Reads an indexed article again.
fn reload(l: &Located) -> Result<Resolved, Box<ArticleRow>> {
    let path = &l.path;
    let failed = |error| {
        let failure =
            Failure { id: l.id.to_string(), lang: Some(l.lang.to_string()), origin: l.origin(), error };
        Box::new(failed_row(&failure))
    };
    let entry = match l.offset {
        None => corpus::load(path).into_iter().next(),
        Some(offset) => match corpus::read_jsonl_line(path, offset, l.line as usize) {
            Ok(raw) => corpus::parse_raw_jsonl_line(path, &corpus::jsonl_stem(path), &raw),
            Err(e) => return Err(failed(CorpusError::Unreadable(e.to_string()))),
        },
    };
    match entry {
        Some(Entry::Article(article)) if *article.id == *l.id => Ok(Resolved {
            article,
            lang: l.lang.to_string(),
            detection: l.detection.clone(),
            paired_by: l.paired_by.as_deref().unwrap_or_default().to_string(),
        }),
        Some(Entry::Failed(f)) => Err(Box::new(failed_row(&f))),
        _ => Err(failed(CorpusError::Unreadable(
            "the file changed while lexbridge was reading the corpus".into(),
        ))),
    }
}

/// Reads a group's articles again and processes them; rows of failed inputs join in id order.
fn process_located(cfg: &Config, id: &str, group: Group) -> RunOutput {
    let mut failed = group.failed;
    let mut members = Vec::new();
    for l in &group.members {
        match reload(l) {
            Ok(r) => members.push(r),
            Err(row) => failed.push(*row),
        }
    }
    let mut out =
        if members.is_empty() { RunOutput::default() } else { process_group_guarded(cfg, id, members) };
    out.articles.extend(failed);
    out.articles.sort_by(|a, b| (&a.id, &a.lang, &a.file, a.line).cmp(&(&b.id, &b.lang, &b.file, b.line)));
    out
}

/// The pairing features of an indexed article (read again), or `None` if it cannot be read.
fn located_features(cfg: &Config, l: &Located) -> Option<DocFeatures> {
    let r = reload(l).ok()?;
    let text = &r.article.text;
    Some(doc_features(&analyze(text, &r.lang, &cfg.glossary), text, &cfg.glossary))
}

/// The ids and pairing features of indexed articles, read again in parallel; an article that
/// can no longer be read is left out (its group reports the error).
fn features_of<K: Send>(cfg: &Config, docs: Vec<(K, &Located)>) -> (Vec<K>, Vec<DocFeatures>) {
    docs.into_par_iter().filter_map(|(id, l)| Some((id, located_features(cfg, l)?))).unzip()
}

/// Pairs articles that share no id: originals alone in their group with translations alone in
/// theirs, by content (see [`align::pairing`]). A paired translation joins its original's group.
/// Only the lonely articles and their features are in memory meanwhile, not the corpus.
fn pair_by_content(cfg: &Config, index: &Index) -> Result<(), PipelineError> {
    let lonely = index.lonely([&cfg.source_lang, &cfg.target_lang])?;
    let side =
        |lang: &str| -> Vec<&index::Lonely> { lonely.iter().filter(|l| *l.located.lang == *lang).collect() };
    let (sources, targets) = (side(&cfg.source_lang), side(&cfg.target_lang));
    if sources.is_empty() || targets.is_empty() {
        return Ok(());
    }
    // Only now, with both sides present, are the articles read again for their features.
    let docs = |side: &[&index::Lonely]| -> (Vec<usize>, Vec<DocFeatures>) {
        let docs = side.iter().enumerate().map(|(i, l)| (i, &l.located)).collect();
        features_of(cfg, docs)
    };
    let ((sources_read, sf), (targets_read, tf)) = (docs(&sources), docs(&targets));
    for p in pairing::pair_documents(&sf, &tf, pairing::DEFAULT_THRESHOLD) {
        let (source, target) = (sources[sources_read[p.source]], targets[targets_read[p.target]]);
        index.pair(target, &source.group, &format!("content:{:.3}", p.score))?;
    }
    Ok(())
}

/// One row of `lexbridge pair`: a matched original and translation, or one left unpaired (the
/// other id empty).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PairRow {
    pub source_id: String,
    pub target_id: String,
    pub score: Option<f64>,
}

/// Pairs the originals (`cfg.source_lang`) and translations (`cfg.target_lang`) of a corpus by
/// content alone, ignoring ids. Also returns the inputs that could not be read.
pub fn pair_corpus(
    cfg: &Config,
    inputs: &[PathBuf],
) -> Result<(Vec<PairRow>, Vec<ArticleRow>), PipelineError> {
    let pool = thread_pool(cfg.jobs)?;
    let files =
        corpus::Discovery::new(inputs).map_err(|(path, message)| PipelineError::Input { path, message })?;
    pool.install(|| {
        let (articles, mut failed) = index(files, &std::env::temp_dir(), &|| false)?.everything()?;
        let side = |lang: &str| {
            let docs = articles.iter().filter(|l| *l.lang == *lang).map(|l| (l.id.to_string(), l)).collect();
            features_of(cfg, docs)
        };
        let ((src, sf), (tgt, tf)) = (side(&cfg.source_lang), side(&cfg.target_lang));
        let pairs = pairing::pair_documents(&sf, &tf, pairing::DEFAULT_THRESHOLD);
        let mut rows: Vec<PairRow> = pairs
            .iter()
            .map(|p| PairRow {
                source_id: src[p.source].clone(),
                target_id: tgt[p.target].clone(),
                score: Some((p.score * 1000.0).round() / 1000.0),
            })
            .collect();
        let paired_src: HashSet<usize> = pairs.iter().map(|p| p.source).collect();
        let paired_tgt: HashSet<usize> = pairs.iter().map(|p| p.target).collect();
        rows.extend(
            (0..src.len())
                .filter(|i| !paired_src.contains(i))
                .map(|i| PairRow { source_id: src[i].clone(), ..PairRow::default() }),
        );
        rows.extend(
            (0..tgt.len())
                .filter(|j| !paired_tgt.contains(j))
                .map(|j| PairRow { target_id: tgt[j].clone(), ..PairRow::default() }),
        );
        rows.sort_by(|a, b| {
            (a.source_id.is_empty(), &a.source_id, &a.target_id).cmp(&(
                b.source_id.is_empty(),
                &b.source_id,
                &b.target_id,
            ))
        });
        failed.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Ok((rows, failed))
    })
}

/// The language a translation is really written in, when it clearly contradicts the one it
/// declares (file name, front matter or JSONL field); see [`lang::contradicts`].
fn wrong_language(m: &Resolved) -> Option<String> {
    let declared = m.article.lang.as_deref()?;
    lang::contradicts(declared, &m.article.text, m.detection.as_ref())
}

fn resolve(article: Article) -> Resolved {
    let detection = lang::detect_article(&article.text, article.lang.as_deref());
    let lang = article
        .lang
        .clone()
        .or_else(|| detection.as_ref().map(|d| d.lang.clone()))
        .unwrap_or_else(|| "und".to_string());
    Resolved { article, lang, detection, paired_by: String::new() }
}

fn failed_row(f: &Failure) -> ArticleRow {
    ArticleRow {
        id: f.id.clone(),
        lang: f.lang.clone().unwrap_or_default(),
        file: f.origin.file.display().to_string(),
        line: f.origin.line,
        status: "error".into(),
        error: format!("{}: {}", f.origin, f.error),
        ..ArticleRow::default()
    }
}

/// The `findings.csv` row of a check's finding, with the texts of the link it is on.
fn finding_row(
    group_id: &str,
    src: (&str, &Side),
    tgt: (&str, &Side),
    links: &[Link],
    f: &Finding,
) -> FindingRow {
    let link = check::link_of(links, f);
    FindingRow {
        article: group_id.to_string(),
        source_lang: src.0.to_string(),
        target_lang: tgt.0.to_string(),
        check: f.check.to_string(),
        severity: f.severity.as_str().to_string(),
        src_sentence: opt_idx(f.src_sentence),
        tgt_sentence: opt_idx(f.tgt_sentence),
        source_text: report::context(link.map(|l| src.1.joined(&l.src)).unwrap_or_default()),
        target_text: report::context(link.map(|l| tgt.1.joined(&l.tgt)).unwrap_or_default()),
        expected: f.expected.clone(),
        found: f.found.clone(),
        message: f.message.clone(),
    }
}

/// The `alignments.csv` row of a link, borrowed from both sides; `origin` says where the
/// target came from.
fn alignment_row<'a>(
    group_id: &'a str,
    src: (&'a str, &Side<'a>),
    tgt: (&'a str, &Side<'a>),
    l: &'a Link,
    origin: &'a str,
) -> AlignmentLine<'a> {
    let joined =
        |side: &Side<'a>, idx: &'a [usize]| Joined { text: side.text, sentences: side.sentences, idx };
    AlignmentLine {
        article: group_id,
        source_lang: src.0,
        target_lang: tgt.0,
        src: &l.src,
        tgt: &l.tgt,
        score: l.score,
        low_confidence: l.is_low_confidence(),
        source_text: joined(src.1, &l.src),
        target_text: joined(tgt.1, &l.tgt),
        origin,
    }
}

fn opt_idx(i: Option<usize>) -> String {
    i.map(|i| i.to_string()).unwrap_or_default()
}

/// Processes a group; should a stage panic on it (a bug), the group's articles become error rows
/// and the batch goes on.
fn process_group_guarded(cfg: &Config, group_id: &str, members: Vec<Resolved>) -> RunOutput {
    let rows: Vec<ArticleRow> = members
        .iter()
        .map(|m| ArticleRow {
            id: m.article.id.clone(),
            lang: m.lang.clone(),
            file: m.article.origin.file.display().to_string(),
            line: m.article.origin.line,
            status: "error".into(),
            error: format!(
                "{}: internal error while processing this article; please report it with the file",
                m.article.origin
            ),
            ..ArticleRow::default()
        })
        .collect();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process_group(cfg, group_id, members))) {
        Ok(out) => out,
        Err(_) => RunOutput { articles: rows, ..RunOutput::default() },
    }
}

/// One translation of a group, analysed, aligned and checked.
struct Translation<'a> {
    member: &'a Resolved,
    analysis: Analysis,
    links: Vec<Link>,
    findings: Vec<Finding>,
    renderings: Vec<check::Rendering>,
}

fn process_group(cfg: &Config, group_id: &str, mut members: Vec<Resolved>) -> RunOutput {
    // The original: the article in the source language, else the one that is nobody's
    // translation, else the first.
    members.sort_by(|a, b| a.lang.cmp(&b.lang));
    let src_pos = members
        .iter()
        .position(|m| m.lang == cfg.source_lang)
        .or_else(|| members.iter().position(|m| !m.article.meta.contains_key("translation_of")))
        .unwrap_or(0);
    let source = members.remove(src_pos);
    // A "translation" whose text is clearly in another language than it declares is not aligned
    // or checked: one clear error instead of a page of spurious term and figure findings.
    let (members, misdeclared): (Vec<Resolved>, Vec<Resolved>) =
        members.into_iter().partition(|m| wrong_language(m).is_none());
    let g = &cfg.glossary;
    let src_text = source.article.text.as_str();
    let src_an = analyze(src_text, &source.lang, g);
    let src_side = src_an.side(src_text);
    let translations: Vec<Translation> = members
        .iter()
        .map(|m| {
            let analysis = analyze(&m.article.text, &m.lang, g);
            let links = align_pair(&src_an, src_text, &analysis, &m.article.text, g, cfg.dictionary.as_ref());
            let (findings, renderings) =
                check::check_pair_and_renderings(&src_side, &analysis.side(&m.article.text), &links, g);
            Translation { member: m, analysis, links, findings, renderings }
        })
        .collect();

    let mut out = RunOutput { rows: Encoded::new(cfg.excel_safe), ..RunOutput::default() };
    let count_terms = |a: &Analysis| a.terms.iter().map(Vec::len).sum::<usize>();
    let count_figures = |a: &Analysis| a.figures.iter().map(Vec::len).sum::<usize>();
    out.rows.reserve(
        count_figures(&src_an) + translations.iter().map(|t| count_figures(&t.analysis)).sum::<usize>(),
        translations.iter().map(|t| t.links.len()).sum(),
        translations.iter().map(|t| src_text.len() + t.member.article.text.len()).sum(),
    );
    let role = if !translations.is_empty() || !misdeclared.is_empty() || source.lang == cfg.source_lang {
        "original"
    } else {
        "standalone"
    };
    out.articles.push(article_row(
        &source,
        role,
        translations
            .iter()
            .map(|t| t.member)
            .chain(&misdeclared)
            .map(|m| format!("{}.{}", m.article.id, m.lang))
            .collect::<Vec<_>>()
            .join(" "),
        (src_an.sentences.len(), count_figures(&src_an), count_terms(&src_an)),
        translations.iter().map(|t| t.findings.len()).sum::<usize>() + misdeclared.len(),
    ));
    for t in &translations {
        out.articles.push(article_row(
            t.member,
            "translation",
            format!("{}.{}", source.article.id, source.lang),
            (t.analysis.sentences.len(), count_figures(&t.analysis), count_terms(&t.analysis)),
            t.findings.len(),
        ));
    }
    for m in &misdeclared {
        let detected = wrong_language(m).unwrap_or_default();
        let message = format!(
            "declared '{}' but the text is {} (detected '{detected}'); it was not aligned or checked: fix the file name or its lang, or move the file",
            m.lang,
            lang::name(&detected),
        );
        let mut row =
            article_row(m, "translation", format!("{}.{}", source.article.id, source.lang), (0, 0, 0), 1);
        row.status = "error".into();
        row.error = format!("{}: {message}", m.article.origin);
        out.articles.push(row);
        out.findings.push(FindingRow {
            article: group_id.to_string(),
            source_lang: source.lang.clone(),
            target_lang: m.lang.clone(),
            check: "wrong_language".into(),
            severity: "error".into(),
            expected: m.lang.clone(),
            found: detected,
            message: format!("{}: {message}", m.article.origin.file.display()),
            ..FindingRow::default()
        });
    }

    // Alignments and findings.
    for t in &translations {
        let tgt_side = t.analysis.side(&t.member.article.text);
        for r in &t.renderings {
            out.renderings.push((
                group_id.to_string(),
                source.lang.clone(),
                t.member.lang.clone(),
                r.clone(),
            ));
        }
        for l in &t.links {
            let (sl, tl) = (source.lang.as_str(), t.member.lang.as_str());
            out.rows.alignment(&alignment_row(group_id, (sl, &src_side), (tl, &tgt_side), l, "aligned"));
        }
        if let Some(tm) = cfg.translator.as_ref().and_then(|t| t.tm()) {
            fill_tm(tm, &mut out, group_id, (&source.lang, &src_side), (&t.member.lang, &tgt_side), &t.links);
        }
        for f in &t.findings {
            let (sl, tl) = (source.lang.as_str(), t.member.lang.as_str());
            out.findings.push(finding_row(group_id, (sl, &src_side), (tl, &tgt_side), &t.links, f));
        }
    }

    // Figures, with their agreement across languages (the first translation for the source):
    // per figure, in the order of the analysis, its verdict and counterpart.
    let src_first = first_figures(&src_an);
    // Each figure rendered once: for its row, and the original's again for the summary.
    let src_rendered = Rendered::of(&src_an);
    let mut src_agree: Vec<Agreement> = vec![None; src_first.last().copied().unwrap_or(0)];
    for (ti, t) in translations.iter().enumerate() {
        let tgt_text = t.member.article.text.as_str();
        let tgt_first = first_figures(&t.analysis);
        let mut tgt_agree: Vec<Agreement> = vec![None; tgt_first.last().copied().unwrap_or(0)];
        for l in &t.links {
            let sf: Vec<(usize, usize, &Figure)> = l
                .src
                .iter()
                .flat_map(|&i| src_an.figures[i].iter().enumerate().map(move |(k, f)| (i, k, f)))
                .collect();
            let tf: Vec<(usize, usize, &Figure)> = l
                .tgt
                .iter()
                .flat_map(|&j| t.analysis.figures[j].iter().enumerate().map(move |(k, f)| (j, k, f)))
                .collect();
            if sf.is_empty() && tf.is_empty() {
                // No figures on either side (most links): nothing to match.
                continue;
            }
            let s_refs: Vec<&Figure> = sf.iter().map(|x| x.2).collect();
            let t_refs: Vec<&Figure> = tf.iter().map(|x| x.2).collect();
            for m in figures::match_figures(&s_refs, &t_refs) {
                let (s, tg, verdict) = match m {
                    FigureMatch::Same { src, tgt } => (Some(src), Some(tgt), "yes"),
                    FigureMatch::Mismatch { src, tgt } => (Some(src), Some(tgt), "no"),
                    FigureMatch::Missing { src } => (Some(src), None, "missing"),
                    FigureMatch::Extra { tgt } => (None, Some(tgt), "extra"),
                };
                if let Some(si) = s {
                    let other = tg.map(|j| describe(&t.member.lang, tgt_text, &t.analysis.sentences, tf[j]));
                    if ti == 0 {
                        src_agree[src_first[sf[si].0] + sf[si].1] = Some((verdict, other));
                    }
                }
                if let Some(tj) = tg {
                    let other = s.map(|i| describe(&source.lang, src_text, &src_an.sentences, sf[i]));
                    tgt_agree[tgt_first[tf[tj].0] + tf[tj].1] = Some((verdict, other));
                }
            }
        }
        if ti == 0 {
            push_figure_rows(&mut out, group_id, &source.lang, src_text, &src_an, &src_rendered, &src_agree);
        }
        let rendered = Rendered::of(&t.analysis);
        push_figure_rows(&mut out, group_id, &t.member.lang, tgt_text, &t.analysis, &rendered, &tgt_agree);
    }
    if translations.is_empty() {
        push_figure_rows(&mut out, group_id, &source.lang, src_text, &src_an, &src_rendered, &src_agree);
    }

    // An original nobody translated: the translation memory and the engine fill in.
    let machine = match &cfg.translator {
        Some(tr) if translations.is_empty() && source.lang == cfg.source_lang && tr.translates() => {
            machine_side(cfg, tr, group_id, &source.lang, &src_an, src_text, &mut out)
        }
        _ => None,
    };

    // The summary, chosen on the original's side.
    let candidates = summary_candidates(&source.article, &src_an, cfg.summary_include_teaser);
    let chosen = summary::select(source.article.title(), &candidates, &source.lang, cfg.summary_sentences);
    for (rank, c) in chosen.iter().enumerate() {
        let i = c.index;
        let mut figures = String::new();
        for n in src_first[i]..src_first[i + 1] {
            if !figures.is_empty() {
                figures.push_str("; ");
            }
            let (de, en) = src_rendered.get(n);
            figures.push_str(de);
            figures.push_str(" / ");
            figures.push_str(en);
        }
        let mut concepts: Vec<&str> = Vec::new();
        for h in &src_an.terms[i] {
            let c = g.entry(h.entry).concept.as_str();
            if !concepts.contains(&c) {
                concepts.push(c);
            }
        }
        let base = SummaryRow {
            article: group_id.to_string(),
            rank: rank + 1,
            sentence: i,
            score: format!("{:.3}", c.score),
            source_lang: source.lang.clone(),
            source_text: src_an.sentences[i].text(src_text).replace('\n', " "),
            figures,
            terms: concepts.join("; "),
            origin: "none".into(),
            ..SummaryRow::default()
        };
        if translations.is_empty() {
            let target_lang =
                if source.lang == cfg.source_lang { cfg.target_lang.clone() } else { String::new() };
            if let Some(m) = machine.as_ref().filter(|m| !m.results[i].target.is_empty()) {
                let j = m.tgt_index[i];
                let codes: BTreeSet<&str> =
                    m.findings.iter().filter(|(s, _)| *s == i).map(|(_, c)| c.as_str()).collect();
                out.summaries.push(SummaryRow {
                    target_lang,
                    target_sentences: j.map(|j| j.to_string()).unwrap_or_default(),
                    target_text: m.results[i].target.clone(),
                    origin: m.results[i].origin.clone(),
                    findings: codes.into_iter().collect::<Vec<_>>().join("; "),
                    ..base
                });
                continue;
            }
            out.summaries.push(SummaryRow { target_lang, ..base });
            continue;
        }
        for t in &translations {
            let link = t.links.iter().find(|l| l.src.contains(&i));
            let tgt_idx = link.map(|l| l.tgt.clone()).unwrap_or_default();
            let codes: BTreeSet<&str> = t
                .findings
                .iter()
                .filter(|f| {
                    link.is_some_and(|l| check::link_of(&t.links, f).is_some_and(|m| std::ptr::eq(l, m)))
                })
                .map(|f| f.check)
                .collect();
            out.summaries.push(SummaryRow {
                target_lang: t.member.lang.clone(),
                target_sentences: report::line::indices(&tgt_idx),
                target_text: t.analysis.side(&t.member.article.text).joined(&tgt_idx).replace('\n', " "),
                origin: if tgt_idx.is_empty() { "none".into() } else { "aligned".into() },
                findings: codes.into_iter().collect::<Vec<_>>().join("; "),
                ..base.clone()
            });
        }
    }
    out
}

/// Stores the confident 1-1 links of a pair in the TM (one transaction per article); a failure is
/// a finding, not a stop.
fn fill_tm(
    tm: &crate::translate::tm::Tm,
    out: &mut RunOutput,
    group_id: &str,
    (src_lang, src): (&str, &Side),
    (tgt_lang, tgt): (&str, &Side),
    links: &[Link],
) {
    use crate::translate::tm::NewUnit;
    let pairs: Vec<(String, String)> = links
        .iter()
        .filter(|l| l.src.len() == 1 && l.tgt.len() == 1 && !l.is_low_confidence())
        .map(|l| (src.joined(&l.src).replace('\n', " "), tgt.joined(&l.tgt).replace('\n', " ")))
        .collect();
    let units: Vec<NewUnit> = pairs
        .iter()
        .map(|(s, t)| NewUnit { from: src_lang, to: tgt_lang, source: s, target: t, provenance: "aligned" })
        .collect();
    if let Err(e) = tm.insert(&units) {
        out.findings.push(FindingRow {
            article: group_id.to_string(),
            source_lang: src_lang.to_string(),
            target_lang: tgt_lang.to_string(),
            check: "tm_error".into(),
            severity: "warning".into(),
            message: format!("the aligned sentences were not stored in the translation memory: {e}"),
            ..FindingRow::default()
        });
    }
}

/// The machine side of an untranslated original: per source sentence its result, its index on
/// the machine side, and the finding codes on it.
struct Machine {
    results: Vec<crate::translate::Translated>,
    tgt_index: Vec<Option<usize>>,
    findings: Vec<(usize, String)>,
}

/// Translates an original's sentences and reports them as alignments (origin `tm`/`mt:<engine>`)
/// and findings: the protection and enforcement findings, and the same term and figure checks a
/// human translation gets. An engine failure is a finding on the article (`mt_failed`).
fn machine_side(
    cfg: &Config,
    tr: &crate::translate::Translator,
    group_id: &str,
    src_lang: &str,
    src_an: &Analysis,
    src_text: &str,
    out: &mut RunOutput,
) -> Option<Machine> {
    let g = &cfg.glossary;
    let to = cfg.target_lang.as_str();
    let flat: Vec<String> =
        src_an.sentences.iter().map(|s| s.text(src_text).replace(['\n', '\r'], " ")).collect();
    let refs: Vec<&str> = flat.iter().map(String::as_str).collect();
    let issue_row = |check: String,
                     severity: &str,
                     s: Option<usize>,
                     t: Option<usize>,
                     texts: (String, String),
                     expected: String,
                     found: String,
                     message: String| FindingRow {
        article: group_id.to_string(),
        source_lang: src_lang.to_string(),
        target_lang: to.to_string(),
        check,
        severity: severity.to_string(),
        src_sentence: opt_idx(s),
        tgt_sentence: opt_idx(t),
        source_text: report::context(texts.0),
        target_text: report::context(texts.1),
        expected,
        found,
        message,
    };
    let results = match tr.translate(&refs, g) {
        Ok(r) => r,
        Err(e) => {
            out.findings.push(issue_row(
                "mt_failed".into(),
                "error",
                None,
                None,
                (String::new(), String::new()),
                String::new(),
                String::new(),
                format!("the original was not translated: {e}"),
            ));
            return None;
        }
    };
    // The machine translation as a text of its own, one sentence per line.
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut tgt_index = Vec::with_capacity(results.len());
    for r in &results {
        if r.target.trim().is_empty() {
            tgt_index.push(None);
            continue;
        }
        let line = r.target.replace(['\n', '\r'], " ");
        tgt_index.push(Some(sentences.len()));
        sentences.push(Sentence { start: text.len(), end: text.len() + line.len() });
        text.push_str(&line);
        text.push('\n');
    }
    let an = analyze_sentences(&text, sentences, to, g);
    let links: Vec<Link> = tgt_index
        .iter()
        .enumerate()
        .map(|(i, j)| Link {
            src: vec![i],
            tgt: j.iter().copied().collect(),
            score: if j.is_some() { 1.0 } else { 0.0 },
        })
        .collect();
    let src_side = src_an.side(src_text);
    let tgt_side = an.side(&text);
    let mut codes = Vec::new();
    for (l, r) in links.iter().zip(&results) {
        out.rows.alignment(&alignment_row(group_id, (src_lang, &src_side), (to, &tgt_side), l, &r.origin));
    }
    for (i, r) in results.iter().enumerate() {
        for x in &r.issues {
            codes.push((i, x.check.to_string()));
            out.findings.push(issue_row(
                x.check.to_string(),
                x.severity.as_str(),
                Some(i),
                tgt_index[i],
                (src_side.joined(&[i]), tgt_side.joined(tgt_index[i].as_slice())),
                x.expected.clone(),
                x.found.clone(),
                format!("{} ({})", x.message, r.origin),
            ));
        }
    }
    // Sentences without a translation are not findings here: nobody translated the article.
    let translated: Vec<Link> = links.iter().filter(|l| !l.tgt.is_empty()).cloned().collect();
    for f in check::check_pair(&src_side, &tgt_side, &translated, g) {
        if let Some(s) = f.src_sentence {
            codes.push((s, f.check.to_string()));
        }
        let origin = f.src_sentence.map(|s| results[s].origin.as_str()).unwrap_or("machine translation");
        let row = finding_row(group_id, (src_lang, &src_side), (to, &tgt_side), &translated, &f);
        out.findings.push(FindingRow { message: format!("{} ({origin})", f.message), ..row });
    }
    Some(Machine { results, tgt_index, findings: codes })
}

/// `term_inconsistent` findings: a source concept rendered with different allowed variants
/// across the corpus, one per concept and language pair (after every article's own rows), with
/// the distribution of the variants in `message`.
fn inconsistency_rows(usage: &TermUsage, g: &Glossary) -> Vec<FindingRow> {
    usage
        .inconsistencies(g)
        .into_iter()
        .map(|i| FindingRow {
            source_lang: i.source_lang,
            target_lang: i.target_lang,
            check: "term_inconsistent".into(),
            severity: "warning".into(),
            expected: i.expected,
            found: i.found,
            message: i.message,
            ..FindingRow::default()
        })
        .collect()
}

/// A figure's agreement with the other language: its verdict (`yes`, `no`, `missing`, `extra`)
/// and what it was matched with; `None` where it was not matched.
type Agreement<'a> = Option<(&'static str, Option<Counterpart<'a>>)>;

/// Figure `f` of sentence `i` as the counterpart of a figure in the other language.
fn describe<'a>(
    lang: &'a str,
    text: &'a str,
    sentences: &[Sentence],
    (i, _, f): (usize, usize, &Figure),
) -> Counterpart<'a> {
    Counterpart { lang, sentence: i, text: sentences[i].text(text).get(f.start..f.end).unwrap_or("") }
}

/// Where each sentence's figures start in the analysis's figures counted in order, and (last)
/// how many figures there are: figure `k` of sentence `i` is number `first[i] + k`.
fn first_figures(an: &Analysis) -> Vec<usize> {
    let mut first = Vec::with_capacity(an.figures.len() + 1);
    let mut n = 0;
    for figs in &an.figures {
        first.push(n);
        n += figs.len();
    }
    first.push(n);
    first
}

/// The German and English renderings of every figure of an analysis, in order (see
/// [`first_figures`]), in one string.
struct Rendered {
    text: String,
    /// Where figure `n`'s German rendering starts (`2n`), its English one (`2n + 1`), and
    /// where that ends (`2n + 2`).
    bounds: Vec<usize>,
}

impl Rendered {
    fn of(an: &Analysis) -> Rendered {
        let n: usize = an.figures.iter().map(Vec::len).sum();
        let mut r = Rendered { text: String::with_capacity(n * 32), bounds: Vec::with_capacity(2 * n + 1) };
        r.bounds.push(0);
        for f in an.figures.iter().flatten() {
            for lang in ["de", "en"] {
                figures::render_into(&mut r.text, f, lang);
                r.bounds.push(r.text.len());
            }
        }
        r
    }

    /// Figure `n`'s German and English renderings.
    fn get(&self, n: usize) -> (&str, &str) {
        let at = |i: usize| self.bounds.get(i).copied().unwrap_or(0);
        let part = |i: usize| self.text.get(at(i)..at(i + 1)).unwrap_or("");
        (part(2 * n), part(2 * n + 1))
    }
}

/// The `figures.csv` rows of an analysis, with each figure's renderings (`rendered`) and
/// agreement (`agree`, one per figure in order, see [`first_figures`]).
fn push_figure_rows(
    out: &mut RunOutput,
    group_id: &str,
    lang: &str,
    text: &str,
    an: &Analysis,
    rendered: &Rendered,
    agree: &[Agreement],
) {
    let mut agree = agree.iter();
    let mut n = 0;
    for (i, figs) in an.figures.iter().enumerate() {
        let sentence_text = an.sentences[i].text(text);
        for figure in figs {
            let (agrees, counterpart) = agree.next().copied().flatten().unwrap_or(("", None));
            let (de, en) = rendered.get(n);
            n += 1;
            out.rows.figure(&FigureLine {
                article: group_id,
                lang,
                sentence: i,
                sentence_text,
                figure,
                de,
                en,
                counterpart,
                agrees,
            });
        }
    }
}

fn article_row(
    m: &Resolved,
    role: &str,
    paired_with: String,
    counts: (usize, usize, usize),
    findings: usize,
) -> ArticleRow {
    ArticleRow {
        id: m.article.id.clone(),
        lang: m.lang.clone(),
        role: role.to_string(),
        file: m.article.origin.file.display().to_string(),
        line: m.article.origin.line,
        status: "ok".into(),
        error: String::new(),
        detected_lang: m.detection.as_ref().map(|d| d.lang.clone()).unwrap_or_default(),
        lang_confidence: m.detection.as_ref().map(|d| report::line::fixed3(d.confidence)).unwrap_or_default(),
        title: m.article.title().to_string(),
        paired_with,
        paired_by: if role == "translation" {
            if !m.paired_by.is_empty() {
                m.paired_by.clone()
            } else if m.article.meta.contains_key("translation_of") {
                "translation_of".into()
            } else {
                "id".into()
            }
        } else {
            String::new()
        },
        sentences: counts.0,
        figures: counts.1,
        terms: counts.2,
        findings,
        boilerplate_removed: m.article.boilerplate_removed,
    }
}
