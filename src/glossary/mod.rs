//! Glossaries and term matching.
//!
//! A glossary is a list of term entries (concept, language, term, status, match mode). It is read
//! from the native CSV format (see the README), from TBX-Basic ([`tbx`]) or from a DeepL-style
//! two-column TSV/CSV ([`deepl`]), and written back to each of them; [`lint`] reports every
//! questionable row with its line instead of stopping at the first.
//!
//! Matching works on Unicode word tokens, per language, with one Aho-Corasick automaton over the
//! whole glossary ([`matcher`]): light stems (inflection endings from
//! `data/<lang>/suffixes.txt`), German compound heads and first parts
//! (`data/de/compounds.txt`), `exact` and `case` forms, and everyday idioms that hide a term
//! (`data/<lang>/idioms.txt`). Where hits overlap the longest wins, so a term that is part of a
//! longer glossary term is not reported on its own.
//!
//! Matching never loops over terms, never reads files and never panics on input; loading a
//! glossary reports the line of every bad row.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

pub mod deepl;
pub mod lint;
mod matcher;
pub mod tbx;

use crate::segment::SentenceWords;
use matcher::Matcher;

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
    /// Reads a status in the native spelling or as TBX v2 (`preferredTerm-admn-sts`,
    /// `admittedTerm-admn-sts`, `deprecatedTerm-admn-sts`, `supersededTerm-admn-sts`) or TBX v3
    /// (`preferred`, `admitted`, `notRecommended`, `obsolete`) writes it.
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim() {
            "preferred" | "preferredTerm-admn-sts" => Some(Status::Preferred),
            "admitted" | "admittedTerm-admn-sts" => Some(Status::Admitted),
            "forbidden"
            | "deprecatedTerm-admn-sts"
            | "supersededTerm-admn-sts"
            | "notRecommended"
            | "obsolete"
            | "deprecated" => Some(Status::Forbidden),
            _ => None,
        }
    }
}

/// How a term is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchMode {
    /// Inflection-aware, compound-aware (German) and case-insensitive.
    Default,
    /// This form only, case-insensitive.
    Exact,
    /// This form only, case-sensitive (acronyms).
    Case,
}

impl MatchMode {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchMode::Default => "",
            MatchMode::Exact => "exact",
            MatchMode::Case => "case",
        }
    }
    pub fn parse(s: &str) -> Option<MatchMode> {
        match s.trim() {
            "" => Some(MatchMode::Default),
            "exact" => Some(MatchMode::Exact),
            "case" => Some(MatchMode::Case),
            _ => None,
        }
    }
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
    /// The line of the glossary file the entry came from (0 when built in code).
    pub line: usize,
}

/// How a hit covers the text word(s) it was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The term is the whole word or word sequence.
    Whole,
    /// The term is the head (end) of a compound: Verfassungsgericht in Bundesverfassungsgericht.
    Head,
    /// The term is the first part of a compound: Schadensersatz in Schadensersatzforderung.
    Modifier,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Whole => "",
            Part::Head => "compound_head",
            Part::Modifier => "compound_part",
        }
    }
    pub fn is_compound(self) -> bool {
        self != Part::Whole
    }
}

/// A term found in a text: `start..end` are byte offsets into that text (the whole word for a
/// compound hit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermHit {
    /// Index into [`Glossary::entries`].
    pub entry: usize,
    pub start: usize,
    pub end: usize,
    pub part: Part,
}

/// Why a glossary could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("{path}: cannot read the glossary: {message}")]
    Io { path: String, message: String },
    #[error("{path}: line {line}: {message}")]
    Row { path: String, line: usize, message: String },
    #[error("{path}: unsupported glossary format '{ext}'; use .csv (native or two-column DeepL), .tsv (DeepL) or .tbx")]
    Format { path: String, ext: String },
}

/// A row as read from a file, before validation: what lint looks at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawRow {
    pub line: usize,
    pub concept: String,
    pub lang: String,
    pub term: String,
    pub status: String,
    pub mode: String,
    pub note: String,
    /// A problem found while reading (a wrong number of fields).
    pub problem: Option<String>,
}

/// The file formats a glossary is read from and written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The native CSV (`concept,lang,term,status,match,note`).
    Csv,
    /// TBX-Basic.
    Tbx,
    /// Two columns, tab-separated, as DeepL glossaries.
    DeeplTsv,
    /// Two columns, comma-separated, as DeepL glossaries.
    DeeplCsv,
}

/// The languages of a two-column (DeepL) glossary, which the file does not say.
#[derive(Debug, Clone)]
pub struct Langs {
    pub source: String,
    pub target: String,
}

impl Default for Langs {
    fn default() -> Langs {
        Langs { source: "de".into(), target: "en".into() }
    }
}

impl Format {
    /// The format of a file, from its extension and (for `.csv`) its header.
    pub fn detect(path: &Path, text: &str) -> Result<Format, GlossaryError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        match ext.as_str() {
            "tbx" | "xml" => Ok(Format::Tbx),
            "tsv" | "txt" => Ok(Format::DeeplTsv),
            "csv" => {
                let first = text.trim_start_matches('\u{feff}').lines().next().unwrap_or("");
                let native = first.split(',').any(|h| h.trim().eq_ignore_ascii_case("concept"));
                Ok(if native { Format::Csv } else { Format::DeeplCsv })
            }
            _ => Err(GlossaryError::Format { path: path.display().to_string(), ext }),
        }
    }
}

/// A loaded glossary with its matchers.
pub struct Glossary {
    entries: Vec<Entry>,
    matchers: HashMap<String, Matcher>,
    /// The entries of each concept, in glossary order.
    concepts: HashMap<String, Vec<usize>>,
}

impl std::fmt::Debug for Glossary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Glossary").field("entries", &self.entries.len()).finish()
    }
}

/// The default legal glossary, built into the binary.
pub const DEFAULT_CSV: &str = include_str!("../../glossary/legal.csv");

/// Reads the rows of a native CSV glossary; only a missing header or broken CSV is an error.
pub fn read_csv_rows(name: &str, text: &str) -> Result<Vec<RawRow>, GlossaryError> {
    let err = |line: usize, message: String| GlossaryError::Row { path: name.to_string(), line, message };
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
    let col = |n: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
    let (Some(c), Some(l), Some(t), Some(s)) = (col("concept"), col("lang"), col("term"), col("status"))
    else {
        return Err(err(1, "the header must be concept,lang,term,status,match,note".into()));
    };
    let (m, n) = (col("match"), col("note"));
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            err(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim().to_string();
        rows.push(RawRow {
            line,
            concept: get(Some(c)),
            lang: crate::lang::normalize_tag(&get(Some(l))),
            term: get(Some(t)),
            status: get(Some(s)),
            mode: get(m),
            note: get(n),
            problem: (record.len() != headers.len())
                .then(|| format!("{} fields, the header has {}", record.len(), headers.len())),
        });
    }
    Ok(rows)
}

/// Turns raw rows into entries; the first bad row is an error naming its line.
pub fn validate(name: &str, rows: Vec<RawRow>) -> Result<Vec<Entry>, GlossaryError> {
    let err = |line: usize, message: String| GlossaryError::Row { path: name.to_string(), line, message };
    let mut entries = Vec::with_capacity(rows.len());
    for r in rows {
        if let Some(p) = r.problem {
            return Err(err(r.line, p));
        }
        for (what, v) in [("concept", &r.concept), ("lang", &r.lang), ("term", &r.term)] {
            if v.is_empty() {
                return Err(err(
                    r.line,
                    format!("the {what} cell is empty; every row needs concept, lang, term and status"),
                ));
            }
        }
        let Some(status) = Status::parse(&r.status) else {
            return Err(err(
                r.line,
                format!("unknown status '{}'; use preferred, admitted or forbidden", r.status),
            ));
        };
        let Some(mode) = MatchMode::parse(&r.mode) else {
            return Err(err(
                r.line,
                format!("unknown match '{}'; leave it empty or use exact or case", r.mode),
            ));
        };
        if !r.term.chars().any(char::is_alphanumeric) {
            return Err(err(r.line, format!("the term '{}' has no letters or digits", r.term)));
        }
        entries.push(Entry {
            concept: r.concept,
            lang: r.lang,
            term: r.term,
            status,
            mode,
            note: r.note,
            line: r.line,
        });
    }
    Ok(entries)
}

/// Reads the rows of a glossary text in any format.
pub fn read_rows(
    name: &str,
    text: &str,
    format: Format,
    langs: &Langs,
) -> Result<Vec<RawRow>, GlossaryError> {
    match format {
        Format::Csv => read_csv_rows(name, text),
        Format::Tbx => tbx::read_rows(name, text),
        Format::DeeplTsv => deepl::read_rows(name, text, b'\t', langs),
        Format::DeeplCsv => deepl::read_rows(name, text, b',', langs),
    }
}

impl Glossary {
    /// Loads the default legal glossary.
    pub fn default_legal() -> Result<Glossary, GlossaryError> {
        Glossary::from_csv_str("glossary/legal.csv (built in)", DEFAULT_CSV)
    }

    /// Loads a glossary file; the format is chosen by the extension (two-column files are
    /// German → English).
    pub fn from_path(path: &Path) -> Result<Glossary, GlossaryError> {
        Glossary::from_path_with(path, &Langs::default())
    }

    /// Loads a glossary file; `langs` are the languages of a two-column (DeepL) file.
    pub fn from_path_with(path: &Path, langs: &Langs) -> Result<Glossary, GlossaryError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| GlossaryError::Io { path: name.clone(), message: e.to_string() })?;
        let format = Format::detect(path, &text)?;
        Glossary::from_str_as(&name, &text, format, langs)
    }

    /// Parses a glossary text in the given format; `name` is used in error messages.
    pub fn from_str_as(
        name: &str,
        text: &str,
        format: Format,
        langs: &Langs,
    ) -> Result<Glossary, GlossaryError> {
        let rows = read_rows(name, text, format, langs)?;
        Ok(Glossary::new(validate(name, rows)?))
    }

    /// Parses the native CSV format; `name` is used in error messages.
    pub fn from_csv_str(name: &str, text: &str) -> Result<Glossary, GlossaryError> {
        Glossary::from_str_as(name, text, Format::Csv, &Langs::default())
    }

    /// Builds the matchers for a list of entries.
    pub fn new(entries: Vec<Entry>) -> Glossary {
        let mut by_lang: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            by_lang.entry(e.lang.clone()).or_default().push(i);
        }
        let build = |(lang, idx): (String, Vec<usize>)| {
            let m = Matcher::new(&lang, &entries, &idx);
            (lang, m)
        };
        // A large glossary builds its languages' automata side by side.
        let matchers = if entries.len() >= 10_000 && by_lang.len() > 1 {
            std::thread::scope(|scope| {
                let handles: Vec<_> = by_lang.into_iter().map(|l| scope.spawn(|| build(l))).collect();
                handles.into_iter().filter_map(|h| h.join().ok()).collect()
            })
        } else {
            by_lang.into_iter().map(build).collect()
        };
        let mut concepts: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            concepts.entry(e.concept.clone()).or_default().push(i);
        }
        Glossary { entries, matchers, concepts }
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

    /// Every entry of a concept, in glossary order (none for an unknown concept).
    pub fn concept_entries(&self, concept: &str) -> impl Iterator<Item = &Entry> {
        self.concepts.get(concept).into_iter().flatten().map(|&i| &self.entries[i])
    }

    /// The allowed (preferred first, then admitted) terms of a concept in a language.
    pub fn allowed_terms(&self, concept: &str, lang: &str) -> Vec<&Entry> {
        let mut v: Vec<&Entry> =
            self.concept_entries(concept).filter(|e| e.lang == lang && e.status.is_allowed()).collect();
        v.sort_by_key(|e| e.status != Status::Preferred);
        v
    }

    /// Whether a concept is not to be translated: its target terms are all written exactly as
    /// one of its source terms (names, institutions kept in the original).
    pub fn do_not_translate(&self, concept: &str, src_lang: &str, tgt_lang: &str) -> bool {
        let allowed = self.allowed_terms(concept, tgt_lang);
        !allowed.is_empty()
            && allowed
                .iter()
                .all(|t| self.concept_entries(concept).any(|s| s.lang == src_lang && s.term == t.term))
    }

    /// Finds the glossary terms of `lang` in `text`, in order; overlapping hits keep the longest,
    /// so a term inside a longer glossary term is not reported on its own.
    pub fn find(&self, text: &str, lang: &str) -> Vec<TermHit> {
        self.matchers.get(lang).map_or_else(Vec::new, |m| m.search(text, None, &self.entries, true, false).0)
    }

    /// Finds every occurrence of every term, nested ones included ("damages" inside "claim for
    /// damages"): what a translation check needs to know whether a rendering is present.
    pub fn find_all(&self, text: &str, lang: &str) -> Vec<TermHit> {
        self.matchers.get(lang).map_or_else(Vec::new, |m| m.search(text, None, &self.entries, false, true).1)
    }

    /// [`Glossary::find`] and [`Glossary::find_all`] of one text from a single search:
    /// (longest hits, every hit).
    pub fn find_both(&self, text: &str, lang: &str) -> (Vec<TermHit>, Vec<TermHit>) {
        self.matchers
            .get(lang)
            .map_or_else(Default::default, |m| m.search(text, None, &self.entries, true, true))
    }

    /// [`Glossary::find_both`] of sentence `i` of `words`, whose text is `text`: the same hits,
    /// with the sentence's words taken as its word tokens where they are the same, so that the
    /// sentence is not cut into words a second time.
    pub fn find_both_in(
        &self,
        text: &str,
        lang: &str,
        words: &SentenceWords,
        i: usize,
    ) -> (Vec<TermHit>, Vec<TermHit>) {
        self.matchers
            .get(lang)
            .map_or_else(Default::default, |m| m.search(text, words.tokens_of(i), &self.entries, true, true))
    }

    /// Whether a sentence reads as technical or everyday text (a chip, a processor, software):
    /// there a lone legal word is taken in its everyday sense (see `data/<lang>/cues.txt`).
    pub fn everyday_context(&self, text: &str, lang: &str) -> bool {
        match self.matchers.get(lang) {
            Some(m) => m.has_cue(text),
            None => matcher::Rules::for_lang(lang).has_cue(text),
        }
    }

    /// Writes the glossary in a format.
    pub fn write(&self, format: Format, langs: &Langs) -> String {
        match format {
            Format::Csv => write_csv(&self.entries),
            Format::Tbx => tbx::write(&self.entries),
            Format::DeeplTsv => deepl::write(&self.entries, '\t', langs),
            Format::DeeplCsv => deepl::write(&self.entries, ',', langs),
        }
    }
}

/// The native CSV of a list of entries.
pub fn write_csv(entries: &[Entry]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(["concept", "lang", "term", "status", "match", "note"]);
    for e in entries {
        let _ = w.write_record([&e.concept, &e.lang, &e.term, e.status.as_str(), e.mode.as_str(), &e.note]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
