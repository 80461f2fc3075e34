//! The order of stages, per article and for a whole corpus.
//!
//! `run` reads every input (in parallel), detects languages where none is declared, groups
//! articles by id (`x.de.txt` + `x.en.txt`, or `translation_of`), pairs the originals and
//! translations left alone by content, and processes the groups in parallel with rayon:
//! segment, find figures and terms, align each translation with its original, check,
//! summarize; then it aggregates term usage across the corpus (`term_inconsistent`). Rows come
//! back per group in id order, so the output is the same for any number of jobs. This is the only module that knows the order of the stages; it does
//! not print (progress goes through a callback) and never stops the batch for one bad article.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::align::pairing::{self, DocFeatures};
use crate::align::{self, Dictionary, Link, SentenceFeatures};
use crate::check::{self, Finding, Side};
use crate::corpus::{self, Article, CorpusError, Entry, Failure, Origin};
use crate::figures::{self, Figure, FigureMatch};
use crate::glossary::{Glossary, TermHit};
use crate::lang::{self, Detection};
use crate::report::{self, AlignmentRow, ArticleRow, FigureRow, FindingRow, SummaryRow};
use crate::segment::{self, Sentence};
use crate::summary::{self, Candidate};

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
}

/// A text analysed in one language: sentences, and per sentence the figures and terms with
/// offsets relative to the sentence.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub lang: String,
    pub sentences: Vec<Sentence>,
    pub figures: Vec<Vec<Figure>>,
    pub terms: Vec<Vec<TermHit>>,
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
    let terms = sentences.iter().map(|s| glossary.find(s.text(text), lang)).collect();
    Analysis { lang: lang.to_string(), sentences, figures, terms }
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
    let (s, t) = align::units(
        &sentence_features(src, src_text, glossary),
        &sentence_features(tgt, tgt_text, glossary),
        dictionary,
    );
    align::align(&s, &t)
}

pub fn sentence_features<'t>(a: &Analysis, text: &'t str, glossary: &Glossary) -> Vec<SentenceFeatures<'t>> {
    a.sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut keys: Vec<String> = a.figures[i].iter().map(figures::anchor_key).collect();
            keys.extend(a.terms[i].iter().map(|h| format!("term:{}", glossary.entry(h.entry).concept)));
            SentenceFeatures { text: s.text(text), paragraph_start: opens_paragraph(text, s.start), keys }
        })
        .collect()
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
    use unicode_segmentation::UnicodeSegmentation;
    let mut keys: Vec<String> = a.figures.iter().flatten().map(figures::anchor_key).collect();
    keys.extend(a.terms.iter().flatten().map(|h| format!("term:{}", glossary.entry(h.entry).concept)));
    keys.extend(
        text.unicode_words()
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
    analysis: &Analysis,
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
        })
        .collect()
}

/// What a run produced, every table in output order.
#[derive(Debug, Default)]
pub struct RunOutput {
    pub articles: Vec<ArticleRow>,
    pub summaries: Vec<SummaryRow>,
    pub figures: Vec<FigureRow>,
    pub findings: Vec<FindingRow>,
    pub alignments: Vec<AlignmentRow>,
    pub stats: RunStats,
    /// How each source concept was rendered: (article, source lang, target lang, rendering),
    /// for `term_inconsistent` across the corpus.
    pub renderings: Vec<(String, String, String, check::Rendering)>,
}

/// Totals for the one-line summary.
#[derive(Debug, Default, Clone)]
pub struct RunStats {
    pub articles: usize,
    pub failed: usize,
    pub skipped: usize,
    pub sentences: usize,
    pub figures: usize,
    pub findings: usize,
    pub seconds: f64,
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

/// Runs the pipeline over files and folders. `progress` is called with the number of groups
/// done so far, and first with the total as a negative-free hint through `total`.
pub fn run(
    cfg: &Config,
    inputs: &[PathBuf],
    on_total: &(dyn Fn(u64) + Sync),
    on_progress: &(dyn Fn(u64) + Sync),
) -> Result<RunOutput, PipelineError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs)
        .build()
        .map_err(|e| PipelineError::Threads { jobs: cfg.jobs, message: e.to_string() })?;
    let files = corpus::discover(inputs).map_err(|(path, message)| PipelineError::Input { path, message })?;
    let mut out = pool.install(|| {
        let (articles, rows) = load_articles(&files);
        let mut groups: BTreeMap<String, Vec<Resolved>> = BTreeMap::new();
        for r in articles {
            groups.entry(r.article.group_id().to_string()).or_default().push(r);
        }
        let groups = pair_by_content(cfg, groups);
        on_total(groups.len() as u64);
        let done = std::sync::atomic::AtomicU64::new(0);
        let outputs: Vec<RunOutput> = groups
            .into_par_iter()
            .map(|(id, members)| {
                let o = process_group_guarded(cfg, &id, members);
                on_progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
                o
            })
            .collect();
        let mut total = RunOutput { articles: rows, ..RunOutput::default() };
        for o in outputs {
            total.articles.extend(o.articles);
            total.summaries.extend(o.summaries);
            total.figures.extend(o.figures);
            total.findings.extend(o.findings);
            total.alignments.extend(o.alignments);
            total.renderings.extend(o.renderings);
        }
        push_inconsistencies(&mut total, &cfg.glossary);
        total
    });
    for path in &files {
        if corpus::file_kind(path) == corpus::FileKind::Other {
            let (id, lang) = corpus::id_and_lang_from_name(path);
            out.articles.push(ArticleRow {
                id,
                lang: lang.unwrap_or_default(),
                file: path.display().to_string(),
                line: 1,
                status: "skipped".into(),
                error: "not an article file; articles are .txt, .md or .jsonl".into(),
                ..ArticleRow::default()
            });
        }
    }
    out.articles.sort_by(|a, b| (&a.id, &a.lang, &a.file, a.line).cmp(&(&b.id, &b.lang, &b.file, b.line)));
    out.stats = RunStats {
        articles: out.articles.iter().filter(|a| a.status != "skipped").count(),
        failed: out.articles.iter().filter(|a| a.status == "error").count(),
        skipped: out.articles.iter().filter(|a| a.status == "skipped").count(),
        sentences: out.articles.iter().map(|a| a.sentences).sum(),
        figures: out.figures.len(),
        findings: out.findings.len(),
        seconds: started.elapsed().as_secs_f64(),
    };
    Ok(out)
}

/// Reads and resolves every input file: the articles (duplicates removed), and the rows of the
/// inputs that failed, duplicates among them.
fn load_articles(files: &[PathBuf]) -> (Vec<Resolved>, Vec<ArticleRow>) {
    let entries: Vec<Entry> = files.par_iter().flat_map_iter(|p| corpus::load(p)).collect();
    let resolved: Vec<Result<Resolved, Failure>> = entries
        .into_par_iter()
        .filter_map(|e| match e {
            Entry::Article(a) => Some(Ok(resolve(a))),
            Entry::Failed(f) => Some(Err(f)),
            Entry::Skipped { .. } => None,
        })
        .collect();
    let mut rows = Vec::new();
    let mut articles = Vec::new();
    let mut seen: HashMap<(String, String), Origin> = HashMap::new();
    for r in resolved {
        match r {
            Ok(r) => {
                let key = (r.article.id.clone(), r.lang.clone());
                if let Some(first) = seen.get(&key) {
                    let error = CorpusError::Duplicate { id: key.0, lang: key.1, first: first.to_string() };
                    rows.push(failed_row(&Failure {
                        id: r.article.id.clone(),
                        lang: Some(r.lang.clone()),
                        origin: r.article.origin.clone(),
                        error,
                    }));
                    continue;
                }
                seen.insert(key, r.article.origin.clone());
                articles.push(r);
            }
            Err(f) => rows.push(failed_row(&f)),
        }
    }
    (articles, rows)
}

/// Pairs articles that share no id: originals alone in their group with translations alone in
/// theirs, by content (see [`align::pairing`]). A paired translation joins its original's group.
fn pair_by_content(
    cfg: &Config,
    mut groups: BTreeMap<String, Vec<Resolved>>,
) -> BTreeMap<String, Vec<Resolved>> {
    let lonely = |lang: &str| -> Vec<String> {
        groups
            .iter()
            .filter(|(_, m)| {
                m.len() == 1 && m[0].lang == lang && !m[0].article.meta.contains_key("translation_of")
            })
            .map(|(id, _)| id.clone())
            .collect()
    };
    let (sources, targets) = (lonely(&cfg.source_lang), lonely(&cfg.target_lang));
    if sources.is_empty() || targets.is_empty() {
        return groups;
    }
    let features = |ids: &[String]| -> Vec<DocFeatures> {
        ids.par_iter()
            .map(|id| {
                let r = &groups[id][0];
                doc_features(
                    &analyze(&r.article.text, &r.lang, &cfg.glossary),
                    &r.article.text,
                    &cfg.glossary,
                )
            })
            .collect()
    };
    let (sf, tf) = (features(&sources), features(&targets));
    for p in pairing::pair_documents(&sf, &tf, pairing::DEFAULT_THRESHOLD) {
        if let Some(mut members) = groups.remove(&targets[p.target]) {
            for m in &mut members {
                m.paired_by = format!("content:{:.3}", p.score);
            }
            if let Some(g) = groups.get_mut(&sources[p.source]) {
                g.extend(members);
            }
        }
    }
    groups
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs)
        .build()
        .map_err(|e| PipelineError::Threads { jobs: cfg.jobs, message: e.to_string() })?;
    let files = corpus::discover(inputs).map_err(|(path, message)| PipelineError::Input { path, message })?;
    Ok(pool.install(|| {
        let (articles, failed) = load_articles(&files);
        let side = |lang: &str| -> Vec<&Resolved> { articles.iter().filter(|r| r.lang == lang).collect() };
        let (src, tgt) = (side(&cfg.source_lang), side(&cfg.target_lang));
        let features = |docs: &[&Resolved]| -> Vec<DocFeatures> {
            docs.par_iter()
                .map(|r| {
                    doc_features(
                        &analyze(&r.article.text, &r.lang, &cfg.glossary),
                        &r.article.text,
                        &cfg.glossary,
                    )
                })
                .collect()
        };
        let pairs = pairing::pair_documents(&features(&src), &features(&tgt), pairing::DEFAULT_THRESHOLD);
        let mut rows: Vec<PairRow> = pairs
            .iter()
            .map(|p| PairRow {
                source_id: src[p.source].article.id.clone(),
                target_id: tgt[p.target].article.id.clone(),
                score: Some((p.score * 1000.0).round() / 1000.0),
            })
            .collect();
        let paired_src: std::collections::HashSet<usize> = pairs.iter().map(|p| p.source).collect();
        let paired_tgt: std::collections::HashSet<usize> = pairs.iter().map(|p| p.target).collect();
        rows.extend(
            (0..src.len())
                .filter(|i| !paired_src.contains(i))
                .map(|i| PairRow { source_id: src[i].article.id.clone(), ..PairRow::default() }),
        );
        rows.extend(
            (0..tgt.len())
                .filter(|j| !paired_tgt.contains(j))
                .map(|j| PairRow { target_id: tgt[j].article.id.clone(), ..PairRow::default() }),
        );
        rows.sort_by(|a, b| {
            (a.source_id.is_empty(), &a.source_id, &a.target_id).cmp(&(
                b.source_id.is_empty(),
                &b.source_id,
                &b.target_id,
            ))
        });
        (rows, failed)
    }))
}

/// Writes the five CSV files and `alignments.tmx` into `dir` (created if needed), each
/// atomically.
pub fn write_outputs(dir: &Path, out: &RunOutput) -> Result<(), PipelineError> {
    let err = |path: &Path, e: std::io::Error| PipelineError::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    let files: [(&str, std::io::Result<Vec<u8>>); 6] = [
        ("articles.csv", report::to_csv(&out.articles)),
        ("summaries.csv", report::to_csv(&out.summaries)),
        ("figures.csv", report::to_csv(&out.figures)),
        ("findings.csv", report::to_csv(&out.findings)),
        ("alignments.csv", report::to_csv(&out.alignments)),
        ("alignments.tmx", Ok(report::alignments_tmx(&out.alignments).into_bytes())),
    ];
    for (name, bytes) in files {
        let bytes = bytes.map_err(|e| err(&dir.join(name), e))?;
        report::write_atomic(dir, name, &bytes).map_err(|e| err(&dir.join(name), e))?;
    }
    Ok(())
}

/// The language a translation is really written in, when it clearly contradicts the one it
/// declares (file name, front matter or JSONL field); see [`lang::contradicts`].
fn wrong_language(m: &Resolved) -> Option<String> {
    let declared = m.article.lang.as_deref()?;
    lang::contradicts(declared, &m.article.text, m.detection.as_ref())
}

fn resolve(article: Article) -> Resolved {
    let detection = lang::detect(&article.text);
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

fn join_idx(idx: &[usize]) -> String {
    idx.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
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
            let findings = check::check_pair(&src_side, &analysis.side(&m.article.text), &links, g);
            Translation { member: m, analysis, links, findings }
        })
        .collect();

    let mut out = RunOutput::default();
    let role = if !translations.is_empty() || !misdeclared.is_empty() || source.lang == cfg.source_lang {
        "original"
    } else {
        "standalone"
    };
    let count_terms = |a: &Analysis| a.terms.iter().map(Vec::len).sum::<usize>();
    let count_figures = |a: &Analysis| a.figures.iter().map(Vec::len).sum::<usize>();
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
        for r in check::term_renderings(&src_side, &tgt_side, &t.links, g) {
            out.renderings.push((group_id.to_string(), source.lang.clone(), t.member.lang.clone(), r));
        }
        for l in &t.links {
            out.alignments.push(AlignmentRow {
                article: group_id.to_string(),
                source_lang: source.lang.clone(),
                target_lang: t.member.lang.clone(),
                src: join_idx(&l.src),
                tgt: join_idx(&l.tgt),
                score: format!("{:.3}", l.score),
                low_confidence: if l.is_low_confidence() { "yes" } else { "no" }.into(),
                source_text: src_side.joined(&l.src),
                target_text: tgt_side.joined(&l.tgt),
            });
        }
        for f in &t.findings {
            let link = check::link_of(&t.links, f);
            out.findings.push(FindingRow {
                article: group_id.to_string(),
                source_lang: source.lang.clone(),
                target_lang: t.member.lang.clone(),
                check: f.check.to_string(),
                severity: f.severity.as_str().to_string(),
                src_sentence: opt_idx(f.src_sentence),
                tgt_sentence: opt_idx(f.tgt_sentence),
                source_text: report::context(link.map(|l| src_side.joined(&l.src)).unwrap_or_default()),
                target_text: report::context(link.map(|l| tgt_side.joined(&l.tgt)).unwrap_or_default()),
                expected: f.expected.clone(),
                found: f.found.clone(),
                message: f.message.clone(),
            });
        }
    }

    // Figures, with their agreement across languages (the first translation for the source).
    let mut src_agree: HashMap<(usize, usize), (String, String)> = HashMap::new();
    for (ti, t) in translations.iter().enumerate() {
        let tgt_text = t.member.article.text.as_str();
        let mut tgt_agree: HashMap<(usize, usize), (String, String)> = HashMap::new();
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
            let s_owned: Vec<Figure> = sf.iter().map(|x| x.2.clone()).collect();
            let t_owned: Vec<Figure> = tf.iter().map(|x| x.2.clone()).collect();
            let describe =
                |lang: &str, text: &str, sentences: &[Sentence], (i, _, f): (usize, usize, &Figure)| {
                    format!("{lang}:{i}:{}", sentences[i].text(text).get(f.start..f.end).unwrap_or(""))
                };
            for m in figures::match_figures(&s_owned, &t_owned) {
                let (s, tg, verdict) = match m {
                    FigureMatch::Same { src, tgt } => (Some(src), Some(tgt), "yes"),
                    FigureMatch::Mismatch { src, tgt } => (Some(src), Some(tgt), "no"),
                    FigureMatch::Missing { src } => (Some(src), None, "missing"),
                    FigureMatch::Extra { tgt } => (None, Some(tgt), "extra"),
                };
                if let Some(si) = s {
                    let other = tg
                        .map(|j| describe(&t.member.lang, tgt_text, &t.analysis.sentences, tf[j]))
                        .unwrap_or_default();
                    if ti == 0 {
                        src_agree.insert((sf[si].0, sf[si].1), (verdict.to_string(), other));
                    }
                }
                if let Some(tj) = tg {
                    let other = s
                        .map(|i| describe(&source.lang, src_text, &src_an.sentences, sf[i]))
                        .unwrap_or_default();
                    tgt_agree.insert((tf[tj].0, tf[tj].1), (verdict.to_string(), other));
                }
            }
        }
        if ti == 0 {
            push_figure_rows(&mut out, group_id, &source.lang, src_text, &src_an, &src_agree);
        }
        push_figure_rows(&mut out, group_id, &t.member.lang, tgt_text, &t.analysis, &tgt_agree);
    }
    if translations.is_empty() {
        push_figure_rows(&mut out, group_id, &source.lang, src_text, &src_an, &src_agree);
    }

    // The summary, chosen on the original's side.
    let candidates = summary_candidates(&source.article, &src_an, cfg.summary_include_teaser);
    let chosen = summary::select(source.article.title(), &candidates, &source.lang, cfg.summary_sentences);
    for (rank, c) in chosen.iter().enumerate() {
        let i = c.index;
        let figures = src_an.figures[i]
            .iter()
            .map(|f| {
                let (de, en) = figures::renderings(f);
                format!("{de} / {en}")
            })
            .collect::<Vec<_>>()
            .join("; ");
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
                target_sentences: join_idx(&tgt_idx),
                target_text: t.analysis.side(&t.member.article.text).joined(&tgt_idx).replace('\n', " "),
                origin: if tgt_idx.is_empty() { "none".into() } else { "aligned".into() },
                findings: codes.into_iter().collect::<Vec<_>>().join("; "),
                ..base.clone()
            });
        }
    }
    out
}

/// `term_inconsistent`: a source concept rendered with different allowed variants across the
/// corpus, one finding per concept and language pair (after every article's own rows), with the
/// distribution of the variants in `message`.
fn push_inconsistencies(out: &mut RunOutput, g: &Glossary) {
    let mut by_pair: BTreeMap<(String, String), Vec<(String, check::Rendering)>> = BTreeMap::new();
    for (article, sl, tl, r) in &out.renderings {
        by_pair.entry((sl.clone(), tl.clone())).or_default().push((article.clone(), r.clone()));
    }
    for ((sl, tl), renderings) in by_pair {
        for (_, expected, found, message) in check::term_inconsistencies(&renderings, g, &tl) {
            out.findings.push(FindingRow {
                source_lang: sl.clone(),
                target_lang: tl.clone(),
                check: "term_inconsistent".into(),
                severity: "warning".into(),
                expected,
                found,
                message,
                ..FindingRow::default()
            });
        }
    }
}

fn push_figure_rows(
    out: &mut RunOutput,
    group_id: &str,
    lang: &str,
    text: &str,
    an: &Analysis,
    agree: &HashMap<(usize, usize), (String, String)>,
) {
    for (i, figs) in an.figures.iter().enumerate() {
        let sentence = an.sentences[i].text(text);
        for (k, f) in figs.iter().enumerate() {
            let (agrees, counterpart) = agree.get(&(i, k)).cloned().unwrap_or_default();
            out.figures.push(FigureRow {
                counterpart,
                agrees,
                ..FigureRow::new(group_id, lang, i, sentence, f)
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
        lang_confidence: m.detection.as_ref().map(|d| format!("{:.3}", d.confidence)).unwrap_or_default(),
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
