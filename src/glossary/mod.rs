//! Glossaries and term matching.
//!
//! A glossary is a list of term entries (concept, language, term, status, match mode), read from
//! the native CSV format (see the README). Matching works on Unicode word tokens: each language
//! gets automata over normalized token sequences, built once: one over light stems (inflection
//! endings from `data/<lang>/suffixes.txt` removed, case folded), one over lowercase forms for
//! `exact` terms, and one over the written forms for `case` terms. Where hits overlap, the longest
//! wins, so a term that is part of a longer glossary term is not reported on its own.
//!
//! Matching never loops over terms and never reads files; loading a glossary reports the line of
//! every bad row.

use std::collections::HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_segmentation::UnicodeSegmentation;

/// The status of a term, as in TBX's administrative status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Preferred,
    Admitted,
    Forbidden,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Forbidden => "forbidden",
        }
    }
    pub fn is_allowed(self) -> bool {
        self != Status::Forbidden
    }
}

/// How a term is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchMode {
    /// Inflection-aware and case-insensitive.
    Default,
    /// This form only, case-insensitive.
    Exact,
    /// This form only, case-sensitive (acronyms).
    Case,
}

/// One term of a concept in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub concept: String,
    pub lang: String,
    pub term: String,
    pub status: Status,
    pub mode: MatchMode,
    pub note: String,
    /// The line of the glossary file the entry came from.
    pub line: usize,
}

/// A term found in a text: `start..end` are byte offsets into that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermHit {
    /// Index into [`Glossary::entries`].
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

/// Why a glossary could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("{path}: cannot read the glossary: {message}")]
    Io { path: String, message: String },
    #[error("{path}: line {line}: {message}")]
    Row { path: String, line: usize, message: String },
    #[error("{path}: unsupported glossary format; this version reads the native CSV with the header concept,lang,term,status,match,note")]
    Format { path: String },
}

/// Stemming rules for one language.
struct Stemmer {
    min_stem: usize,
    passes: usize,
    rules: Vec<(String, String)>,
}

impl Stemmer {
    fn for_lang(lang: &str) -> Stemmer {
        let data = match lang {
            "de" => include_str!("data/de/suffixes.txt"),
            "en" => include_str!("data/en/suffixes.txt"),
            _ => include_str!("data/generic/suffixes.txt"),
        };
        let mut s = Stemmer { min_stem: 4, passes: 1, rules: Vec::new() };
        for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            if let Some((k, v)) = line.split_once('=') {
                let v: usize = v.trim().parse().unwrap_or(0);
                match k.trim() {
                    "min_stem" => s.min_stem = v,
                    "passes" => s.passes = v,
                    _ => {}
                }
                continue;
            }
            let (suffix, repl) = line.split_once('\t').unwrap_or((line, ""));
            s.rules.push((suffix.trim().to_string(), repl.trim().to_string()));
        }
        s
    }

    fn stem(&self, word: &str) -> String {
        let mut w = word.to_lowercase().replace('’', "'");
        for _ in 0..self.passes {
            let len = w.chars().count();
            let rule = self.rules.iter().find(|(suffix, _)| {
                w.ends_with(suffix.as_str()) && len.saturating_sub(suffix.chars().count()) >= self.min_stem
            });
            let Some((suffix, repl)) = rule else { break };
            w.truncate(w.len() - suffix.len());
            w.push_str(repl);
        }
        w
    }
}

/// The three normalizations a token can be compared in.
#[derive(Clone, Copy)]
enum Norm {
    Stem,
    Lower,
    Written,
}

/// An automaton over one normalization of token sequences, with the entries of each pattern.
struct Layer {
    automaton: AhoCorasick,
    entries: Vec<Vec<usize>>,
}

struct LangMatcher {
    stemmer: Stemmer,
    layers: Vec<(Norm, Layer)>,
}

/// A loaded glossary with its matchers.
pub struct Glossary {
    entries: Vec<Entry>,
    matchers: HashMap<String, LangMatcher>,
}

impl std::fmt::Debug for Glossary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Glossary").field("entries", &self.entries.len()).finish()
    }
}

/// The default legal glossary, built into the binary.
pub const DEFAULT_CSV: &str = include_str!("../../glossary/legal.csv");

fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.unicode_word_indices()
}

fn normalize(stemmer: &Stemmer, norm: Norm, token: &str) -> String {
    match norm {
        Norm::Stem => stemmer.stem(token),
        Norm::Lower => token.to_lowercase().replace('’', "'"),
        Norm::Written => token.replace('’', "'"),
    }
}

/// The padded key of a token sequence: " k1 k2 … ".
fn key<'a>(stemmer: &Stemmer, norm: Norm, toks: impl Iterator<Item = &'a str>) -> String {
    let mut k = String::from(" ");
    for t in toks {
        k.push_str(&normalize(stemmer, norm, t));
        k.push(' ');
    }
    k
}

impl Glossary {
    /// Loads the default legal glossary.
    pub fn default_legal() -> Result<Glossary, GlossaryError> {
        Glossary::from_csv_str("glossary/legal.csv (built in)", DEFAULT_CSV)
    }

    /// Loads a glossary file; the format is chosen by the extension.
    pub fn from_path(path: &Path) -> Result<Glossary, GlossaryError> {
        let name = path.display().to_string();
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if ext.as_deref() != Some("csv") {
            return Err(GlossaryError::Format { path: name });
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| GlossaryError::Io { path: name.clone(), message: e.to_string() })?;
        Glossary::from_csv_str(&name, &text)
    }

    /// Parses the native CSV format; `name` is used in error messages.
    pub fn from_csv_str(name: &str, text: &str) -> Result<Glossary, GlossaryError> {
        let err = |line: usize, message: String| GlossaryError::Row { path: name.to_string(), line, message };
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let col = |n: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
        let (Some(c), Some(l), Some(t), Some(s)) = (col("concept"), col("lang"), col("term"), col("status"))
        else {
            return Err(err(1, "the header must be concept,lang,term,status,match,note".into()));
        };
        let (m, n) = (col("match"), col("note"));
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                err(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if record.len() != headers.len() {
                return Err(err(line, format!("{} fields, the header has {}", record.len(), headers.len())));
            }
            let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim().to_string();
            let (concept, lang, term) =
                (get(Some(c)), crate::lang::normalize_tag(&get(Some(l))), get(Some(t)));
            for (what, v) in [("concept", &concept), ("lang", &lang), ("term", &term)] {
                if v.is_empty() {
                    return Err(err(
                        line,
                        format!("the {what} cell is empty; every row needs concept, lang, term and status"),
                    ));
                }
            }
            let status = match get(Some(s)).as_str() {
                "preferred" => Status::Preferred,
                "admitted" => Status::Admitted,
                "forbidden" => Status::Forbidden,
                other => {
                    return Err(err(
                        line,
                        format!("unknown status '{other}'; use preferred, admitted or forbidden"),
                    ))
                }
            };
            let mode = match get(m).as_str() {
                "" => MatchMode::Default,
                "exact" => MatchMode::Exact,
                "case" => MatchMode::Case,
                other => {
                    return Err(err(
                        line,
                        format!("unknown match '{other}'; leave it empty or use exact or case"),
                    ))
                }
            };
            if tokens(&term).next().is_none() {
                return Err(err(line, format!("the term '{term}' has no letters or digits")));
            }
            entries.push(Entry { concept, lang, term, status, mode, note: get(n), line });
        }
        Ok(Glossary::new(entries))
    }

    /// Builds the matchers for a list of entries.
    pub fn new(entries: Vec<Entry>) -> Glossary {
        let mut by_lang: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_lang.entry(e.lang.clone()).or_default().push(i);
        }
        let mut matchers = HashMap::new();
        for (lang, idx) in by_lang {
            let stemmer = Stemmer::for_lang(&lang);
            let mut layers = Vec::new();
            for (norm, mode) in [
                (Norm::Stem, MatchMode::Default),
                (Norm::Lower, MatchMode::Exact),
                (Norm::Written, MatchMode::Case),
            ] {
                let mut patterns: HashMap<String, Vec<usize>> = HashMap::new();
                for &i in idx.iter().filter(|&&i| entries[i].mode == mode) {
                    let term = &entries[i].term;
                    let mut variants = vec![key(&stemmer, norm, tokens(term).map(|(_, w)| w))];
                    if term.contains('-') {
                        // "Datenschutz-Grundverordnung" also matches "Datenschutzgrundverordnung".
                        let joined = term.replace('-', "");
                        variants.push(key(&stemmer, norm, tokens(&joined).map(|(_, w)| w)));
                    }
                    for v in variants {
                        let list = patterns.entry(v).or_default();
                        if !list.contains(&i) {
                            list.push(i);
                        }
                    }
                }
                if patterns.is_empty() {
                    continue;
                }
                let (keys, lists): (Vec<String>, Vec<Vec<usize>>) = patterns.into_iter().unzip();
                // Standard semantics with overlapping search: every aligned occurrence is seen,
                // and the longest-match rule is applied across layers afterwards.
                let Ok(automaton) = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&keys)
                else {
                    continue;
                };
                layers.push((norm, Layer { automaton, entries: lists }));
            }
            matchers.insert(lang, LangMatcher { stemmer, layers });
        }
        Glossary { entries, matchers }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// The languages the glossary has terms for.
    pub fn languages(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.matchers.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The allowed (preferred first, then admitted) terms of a concept in a language.
    pub fn allowed_terms(&self, concept: &str, lang: &str) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.concept == concept && e.lang == lang && e.status.is_allowed())
            .collect();
        v.sort_by_key(|e| e.status != Status::Preferred);
        v
    }

    /// Finds the glossary terms of `lang` in `text`, in order; overlapping hits keep the longest,
    /// so a term inside a longer glossary term is not reported on its own.
    pub fn find(&self, text: &str, lang: &str) -> Vec<TermHit> {
        self.search(text, lang, true)
    }

    /// Finds every occurrence of every term, nested ones included ("damages" inside "claim for
    /// damages"): what a translation check needs to know whether a rendering is present.
    pub fn find_all(&self, text: &str, lang: &str) -> Vec<TermHit> {
        self.search(text, lang, false)
    }

    fn search(&self, text: &str, lang: &str, longest_only: bool) -> Vec<TermHit> {
        let Some(m) = self.matchers.get(lang) else { return Vec::new() };
        let toks: Vec<(usize, &str)> = tokens(text).collect();
        if toks.is_empty() {
            return Vec::new();
        }
        // (first token, token count, entries)
        let mut candidates: Vec<(usize, usize, &Vec<usize>)> = Vec::new();
        for (norm, layer) in &m.layers {
            let mut hay = String::from(" ");
            let mut starts = Vec::with_capacity(toks.len());
            for (_, t) in &toks {
                starts.push(hay.len());
                hay.push_str(&normalize(&m.stemmer, *norm, t));
                hay.push(' ');
            }
            for mat in layer.automaton.find_overlapping_iter(&hay) {
                let (Ok(first), Ok(after)) = (
                    starts.binary_search(&(mat.start() + 1)),
                    starts.binary_search(&mat.end()).or_else(|e| {
                        if mat.end() == hay.len() {
                            Ok(e)
                        } else {
                            Err(e)
                        }
                    }),
                ) else {
                    continue;
                };
                if after > first {
                    candidates.push((first, after - first, &layer.entries[mat.pattern().as_usize()]));
                }
            }
        }
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut taken = vec![false; toks.len()];
        let mut hits = Vec::new();
        for (first, count, entries) in candidates {
            if longest_only && taken[first..first + count].iter().any(|&t| t) {
                continue;
            }
            taken[first..first + count].iter_mut().for_each(|t| *t = true);
            let (start, _) = toks[first];
            let (last_start, last) = toks[first + count - 1];
            for &entry in entries {
                hits.push(TermHit { entry, start, end: last_start + last.len() });
            }
        }
        hits.sort_by_key(|h| (h.start, h.entry, h.end));
        hits.dedup();
        hits
    }
}

#[cfg(test)]
mod tests;
