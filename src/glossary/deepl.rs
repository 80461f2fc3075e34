//! DeepL-style two-column glossaries: one `source<TAB>target` (or `source,target`) pair per
//! line, no header, languages given by the caller (`--source-lang`, `--target-lang`).
//!
//! Reading makes one concept per line (`deepl-<line>`) with a preferred term in each language.
//! Writing gives one line per allowed source term with the preferred target term of its concept:
//! DeepL glossaries hold neither synonyms on the target side nor forbidden terms, so admitted
//! target terms and forbidden rows are left out.

use super::{Entry, GlossaryError, Langs, RawRow, Status};

/// Reads the rows of a two-column glossary.
pub fn read_rows(name: &str, text: &str, sep: u8, langs: &Langs) -> Result<Vec<RawRow>, GlossaryError> {
    let err = |line: usize, message: String| GlossaryError::Row { path: name.to_string(), line, message };
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        // One line is one pair; a comma-separated line is read as CSV (quotes allowed).
        let fields: Vec<String> = if sep == b'\t' {
            raw.split('\t').map(str::to_string).collect()
        } else {
            let mut r =
                csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(raw.as_bytes());
            match r.records().next() {
                Some(Ok(rec)) => rec.iter().map(str::to_string).collect(),
                Some(Err(e)) => return Err(err(line, e.to_string())),
                None => continue,
            }
        };
        let problem = (fields.len() != 2)
            .then(|| format!("{} fields; a DeepL glossary line is source and target", fields.len()));
        let concept = format!("deepl-{line}");
        for (k, lang) in [(0, &langs.source), (1, &langs.target)] {
            rows.push(RawRow {
                line,
                concept: concept.clone(),
                lang: crate::lang::normalize_tag(lang),
                term: fields.get(k).map_or("", |f| f.trim()).to_string(),
                status: "preferred".into(),
                mode: String::new(),
                note: String::new(),
                problem: problem.clone(),
            });
        }
    }
    Ok(rows)
}

/// Writes the DeepL pairs of a glossary.
pub fn write(entries: &[Entry], sep: char, langs: &Langs) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let quote = |s: &str| {
        let s = clean(s);
        if sep == ',' && (s.contains(',') || s.contains('"')) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::new();
    let mut seen = std::collections::HashSet::new();
    for e in entries.iter().filter(|e| e.lang == langs.source && e.status.is_allowed()) {
        let target = entries
            .iter()
            .filter(|t| t.concept == e.concept && t.lang == langs.target && t.status.is_allowed())
            .min_by_key(|t| t.status != Status::Preferred);
        let Some(t) = target else { continue };
        // DeepL refuses a source term listed twice.
        if seen.insert(e.term.to_lowercase()) {
            out.push_str(&format!("{}{sep}{}\n", quote(&e.term), quote(&t.term)));
        }
    }
    out
}
