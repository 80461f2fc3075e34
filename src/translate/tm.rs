//! The translation memory: translated sentences in SQLite, found again exactly or fuzzily.
//!
//! A unit is a source sentence, its translation, the language pair and where the translation came
//! from (`aligned`, `tmx`, `mt:<engine>`). Lookups go by a *normalized* source key: whitespace
//! collapsed, typographic quote, apostrophe, dash and space variants unified, decomposed umlauts
//! and accents composed. Case is kept: in German and English the case of a word carries meaning
//! (`Sie`/`sie`, `Recht`/`recht`, `US`/`us`), and an exact match is used without a second look, so
//! two sentences that differ in case are not the same sentence. They still meet as a fuzzy match
//! of 99 %.
//!
//! Fuzzy matches score as CAT tools do: a token-level edit distance (words, numbers and
//! punctuation are tokens; case ignored) divided by the longer sentence's token count, as a whole
//! percentage. Candidates come from a token index (built lazily, on the first fuzzy lookup after
//! new units were stored) with a *prefix filter*: a unit that reaches the
//! threshold shares at least `k` of the query's `d` distinct tokens, so it contains at least one
//! of the query's `d - k + 1` rarest tokens; only those tokens' postings are read, never the
//! whole table, and only units whose length can reach the threshold.
//!
//! A machine translation never replaces a human one (aligned or imported); a human one replaces
//! anything. Writes go in transactions; the database runs in WAL mode; statements are prepared
//! once and cached. The connection sits behind a mutex, so a `Tm` is shared by rayon workers.
//!
//! TMX 1.4b comes in through quick-xml (a DOCTYPE is skipped, entities other than XML's own are
//! never expanded) and goes out through [`crate::report::tmx`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rusqlite::{params, Connection, OptionalExtension};
use unicode_segmentation::UnicodeSegmentation;

/// The default fuzzy threshold, in percent.
pub const DEFAULT_THRESHOLD: u8 = 75;

/// Why the translation memory failed.
#[derive(Debug, thiserror::Error)]
pub enum TmError {
    #[error("{path}: translation memory: {message}; check that the file is a lexbridge TM (SQLite) and writable, or give another --tm path")]
    Db { path: PathBuf, message: String },
    #[error("{path}: line {line}: not a readable TMX file: {message}")]
    Tmx { path: String, line: usize, message: String },
}

/// A unit found for a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmMatch {
    /// The source sentence as stored.
    pub source: String,
    pub target: String,
    /// 100 for an exact match, else the fuzzy score in percent.
    pub score: u8,
    /// Where the stored translation came from (`aligned`, `tmx`, `mt:deepl`).
    pub provenance: String,
}

impl TmMatch {
    /// `tm` for an exact match, `tm:<score>` for a fuzzy one.
    pub fn origin(&self) -> String {
        if self.score >= 100 {
            "tm".to_string()
        } else {
            format!("tm:{}", self.score)
        }
    }
}

/// A unit to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub source: &'a str,
    pub target: &'a str,
    /// `aligned`, `tmx`, `mt:<engine>`.
    pub provenance: &'a str,
}

/// A stored unit, as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUnit {
    pub id: i64,
    pub from: String,
    pub to: String,
    pub source: String,
    pub target: String,
    pub provenance: String,
}

/// A translation memory in one SQLite file (or in memory).
pub struct Tm {
    conn: Mutex<Connection>,
    path: PathBuf,
    threshold: u8,
}

impl std::fmt::Debug for Tm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tm").field("path", &self.path).field("threshold", &self.threshold).finish()
    }
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA busy_timeout = 10000;
PRAGMA mmap_size = 268435456;
PRAGMA cache_size = -32768;
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    provenance TEXT NOT NULL,
    ntokens INTEGER NOT NULL,
    -- FNV-1a of (src_lang, tgt_lang, key): the exact lookups' integer index.
    h INTEGER NOT NULL,
    -- The lower-cased tokens, U+001F separated, for fuzzy scoring without re-tokenizing.
    toks TEXT NOT NULL,
    -- Whether the unit is in the token index (built on the first fuzzy lookup after it).
    indexed INTEGER NOT NULL DEFAULT 0,
    UNIQUE (src_lang, tgt_lang, key)
);
CREATE INDEX IF NOT EXISTS units_h ON units (h);
CREATE INDEX IF NOT EXISTS units_pending ON units (id) WHERE indexed = 0;
CREATE TABLE IF NOT EXISTS postings (
    pair TEXT NOT NULL,
    token TEXT NOT NULL,
    ntokens INTEGER NOT NULL,
    unit INTEGER NOT NULL,
    PRIMARY KEY (pair, token, ntokens, unit)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS token_df (
    pair TEXT NOT NULL,
    token TEXT NOT NULL,
    df INTEGER NOT NULL,
    PRIMARY KEY (pair, token)
) WITHOUT ROWID;
";

const EXACT: &str = "SELECT source, target, provenance, id FROM units
     WHERE h = ?1 AND key = ?2 AND src_lang = ?3 AND tgt_lang = ?4";

/// The 64-bit FNV-1a hash of a unit's pair and key (stable across builds: it is stored).
fn key_hash(from: &str, to: &str, key: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [from.as_bytes(), b"\0", to.as_bytes(), b"\0", key.as_bytes()] {
        for &b in part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h as i64
}

/// Exact lookups of many sentences on one connection: (match, id) per sentence.
fn exact_rows(
    conn: &Connection,
    sources: &[&str],
    from: &str,
    to: &str,
) -> rusqlite::Result<Vec<Option<(TmMatch, i64)>>> {
    // One read transaction for the whole list: no per-lookup lock and WAL snapshot.
    let tx = if sources.len() > 1 { Some(conn.unchecked_transaction()?) } else { None };
    let mut st = conn.prepare_cached(EXACT)?;
    let rows = sources
        .iter()
        .map(|s| {
            let key = normalize(s);
            st.query_row(params![key_hash(from, to, &key), key, from, to], |r| {
                Ok((
                    TmMatch { source: r.get(0)?, target: r.get(1)?, score: 100, provenance: r.get(2)? },
                    r.get(3)?,
                ))
            })
            .optional()
        })
        .collect();
    drop(st);
    if let Some(tx) = tx {
        tx.finish()?;
    }
    rows
}

impl Tm {
    /// Opens (creating if needed) the TM at `path`.
    pub fn open(path: &Path) -> Result<Tm, TmError> {
        let err = |e: rusqlite::Error| TmError::Db { path: path.to_path_buf(), message: e.to_string() };
        let conn = Connection::open(path).map_err(err)?;
        Tm::init(conn, path.to_path_buf())
    }

    /// A TM that lives in memory only (tests, `--engine tm` without `--tm`).
    pub fn in_memory() -> Result<Tm, TmError> {
        let conn = Connection::open_in_memory()
            .map_err(|e| TmError::Db { path: PathBuf::from(":memory:"), message: e.to_string() })?;
        Tm::init(conn, PathBuf::from(":memory:"))
    }

    fn init(conn: Connection, path: PathBuf) -> Result<Tm, TmError> {
        let err = |e: rusqlite::Error| TmError::Db { path: path.clone(), message: e.to_string() };
        conn.execute_batch(SCHEMA).map_err(err)?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(Tm { conn: Mutex::new(conn), path, threshold: DEFAULT_THRESHOLD })
    }

    /// Sets the fuzzy threshold in percent (clamped to 1..=100).
    pub fn with_threshold(mut self, threshold: u8) -> Tm {
        self.threshold = threshold.clamp(1, 100);
        self
    }

    pub fn threshold(&self) -> u8 {
        self.threshold
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db_err(&self, e: rusqlite::Error) -> TmError {
        TmError::Db { path: self.path.clone(), message: e.to_string() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A worker that panicked while holding the lock left no half-done write behind (every
        // write is one transaction), so the connection is still good.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The exact match of `source` for `from`→`to`, if any.
    pub fn exact(&self, source: &str, from: &str, to: &str) -> Result<Option<TmMatch>, TmError> {
        self.exact_many(&[source], from, to).map(|mut v| v.pop().flatten())
    }

    /// The exact matches of many sentences under one lock, in order.
    pub fn exact_many(
        &self,
        sources: &[&str],
        from: &str,
        to: &str,
    ) -> Result<Vec<Option<TmMatch>>, TmError> {
        let conn = self.lock();
        let rows = exact_rows(&conn, sources, from, to).map_err(|e| self.db_err(e))?;
        Ok(rows.into_iter().map(|r| r.map(|(m, _)| m)).collect())
    }

    /// Like [`Tm::exact_many`], seeing only units up to id `visible_up_to` and, after it, machine
    /// translations (flagged `true`: stored during this run). `None` sees everything.
    pub fn exact_many_visible(
        &self,
        sources: &[&str],
        from: &str,
        to: &str,
        visible_up_to: Option<i64>,
    ) -> Result<Vec<Option<(TmMatch, bool)>>, TmError> {
        let conn = self.lock();
        let rows = exact_rows(&conn, sources, from, to).map_err(|e| self.db_err(e))?;
        let limit = visible_up_to.unwrap_or(i64::MAX);
        Ok(rows
            .into_iter()
            .map(|r| {
                r.and_then(|(m, id)| {
                    if id <= limit {
                        Some((m, false))
                    } else if m.provenance.starts_with("mt:") {
                        Some((m, true))
                    } else {
                        None
                    }
                })
            })
            .collect())
    }

    /// The highest unit id (0 for an empty TM).
    pub fn max_id(&self) -> Result<i64, TmError> {
        let conn = self.lock();
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM units", [], |r| r.get(0)).map_err(|e| self.db_err(e))
    }

    /// The best match at or above the threshold: the exact match, else the best fuzzy one (ties
    /// go to the unit stored first).
    pub fn best(&self, source: &str, from: &str, to: &str) -> Result<Option<TmMatch>, TmError> {
        if let Some(m) = self.exact(source, from, to)? {
            return Ok(Some(m));
        }
        self.fuzzy(source, from, to, 1).map(|mut v| v.pop())
    }

    /// Up to `limit` fuzzy matches at or above the threshold, best first (an exact match shows as
    /// 100).
    pub fn fuzzy(&self, source: &str, from: &str, to: &str, limit: usize) -> Result<Vec<TmMatch>, TmError> {
        self.fuzzy_visible(source, from, to, limit, None)
    }

    /// Like [`Tm::fuzzy`], among the units up to id `visible_up_to` only (`None`: all).
    pub fn fuzzy_visible(
        &self,
        source: &str,
        from: &str,
        to: &str,
        limit: usize,
        visible_up_to: Option<i64>,
    ) -> Result<Vec<TmMatch>, TmError> {
        let query = tokens(source);
        if query.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let t = f64::from(self.threshold) / 100.0;
        let n = query.len();
        let mut distinct: Vec<&str> = query.iter().map(|t| t.lower.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let d = distinct.len();
        // Shared tokens (with multiplicity) ≥ n·t, and repeats add at most n − d of them.
        let need = ((n as f64 * t).ceil() as usize).saturating_sub(n - d).max(1);
        let (min_len, max_len) = ((n as f64 * t).ceil() as i64, (n as f64 / t).floor() as i64);
        let pair = pair_key(from, to);
        let mut conn = self.lock();
        self.index_pending(&mut conn)?;
        let mut df_st = conn
            .prepare_cached("SELECT df FROM token_df WHERE pair = ?1 AND token = ?2")
            .map_err(|e| self.db_err(e))?;
        let mut by_df: Vec<(i64, &str)> = Vec::with_capacity(d);
        for tok in &distinct {
            let df: Option<i64> =
                df_st.query_row(params![pair, tok], |r| r.get(0)).optional().map_err(|e| self.db_err(e))?;
            by_df.push((df.unwrap_or(0), tok));
        }
        by_df.sort_unstable();
        let prefix = d.saturating_sub(need) + 1;
        let mut post_st = conn
            .prepare_cached(
                "SELECT unit FROM postings WHERE pair = ?1 AND token = ?2 AND ntokens BETWEEN ?3 AND ?4",
            )
            .map_err(|e| self.db_err(e))?;
        let mut candidates: HashSet<i64> = HashSet::new();
        for (df, tok) in by_df.iter().take(prefix) {
            if *df == 0 {
                continue;
            }
            let rows = post_st
                .query_map(params![pair, tok, min_len, max_len], |r| r.get::<_, i64>(0))
                .map_err(|e| self.db_err(e))?;
            for r in rows {
                candidates.insert(r.map_err(|e| self.db_err(e))?);
            }
        }
        let mut unit_st = conn
            .prepare_cached("SELECT source, target, provenance, toks, key FROM units WHERE id = ?1")
            .map_err(|e| self.db_err(e))?;
        let query_key = normalize(source);
        let query: Vec<&str> = query.iter().map(|t| t.lower.as_str()).collect();
        let mut ids: Vec<i64> =
            candidates.into_iter().filter(|&id| visible_up_to.is_none_or(|v| id <= v)).collect();
        ids.sort_unstable();
        let mut found: Vec<(u8, i64, TmMatch)> = Vec::new();
        for id in ids {
            let (src, tgt, prov, toks, key): (String, String, String, String, String) = unit_st
                .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .map_err(|e| self.db_err(e))?;
            let cand: Vec<&str> = toks.split('\u{1f}').filter(|t| !t.is_empty()).collect();
            let score = score_tokens(&query, &cand, query_key == key);
            if score >= self.threshold {
                found.push((score, id, TmMatch { source: src, target: tgt, score, provenance: prov }));
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(found.into_iter().take(limit).map(|f| f.2).collect())
    }

    /// Adds the units stored since the last fuzzy lookup to the token index, in one transaction.
    /// The index is built lazily so that runs that only store and look up exactly (MT with a TM,
    /// filling from a corpus) never pay for it.
    fn index_pending(&self, conn: &mut Connection) -> Result<(), TmError> {
        let tx = conn.transaction().map_err(|e| self.db_err(e))?;
        {
            let mut pending = tx
                .prepare_cached("SELECT id, src_lang, tgt_lang, ntokens, toks FROM units WHERE indexed = 0")
                .map_err(|e| self.db_err(e))?;
            let rows: Vec<(i64, String, String, i64, String)> = pending
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .map_err(|e| self.db_err(e))?
                .collect::<Result<_, _>>()
                .map_err(|e| self.db_err(e))?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut post = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO postings (pair, token, ntokens, unit) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(|e| self.db_err(e))?;
            let mut df = tx
                .prepare_cached(
                    "INSERT INTO token_df (pair, token, df) VALUES (?1, ?2, 1)
                     ON CONFLICT (pair, token) DO UPDATE SET df = df + 1",
                )
                .map_err(|e| self.db_err(e))?;
            let mut done = tx
                .prepare_cached("UPDATE units SET indexed = 1 WHERE id = ?1")
                .map_err(|e| self.db_err(e))?;
            for (id, from, to, n, toks) in rows {
                let pair = pair_key(&from, &to);
                let mut seen: HashSet<&str> = HashSet::new();
                for t in toks.split('\u{1f}').filter(|t| !t.is_empty()) {
                    if seen.insert(t) {
                        post.execute(params![pair, t, n, id]).map_err(|e| self.db_err(e))?;
                        df.execute(params![pair, t]).map_err(|e| self.db_err(e))?;
                    }
                }
                done.execute(params![id]).map_err(|e| self.db_err(e))?;
            }
        }
        tx.commit().map_err(|e| self.db_err(e))
    }

    /// Stores units in one transaction; returns how many were new. An existing unit (same pair
    /// and normalized source) takes the new translation unless that is machine output and the
    /// stored one is not.
    pub fn insert(&self, units: &[NewUnit]) -> Result<usize, TmError> {
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(|e| self.db_err(e))?;
        let mut added = 0;
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO units (src_lang, tgt_lang, key, source, target, provenance, ntokens, h, toks)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(|e| self.db_err(e))?;
            let mut upd = tx
                .prepare_cached(
                    "UPDATE units SET source = ?4, target = ?5, provenance = ?6
                     WHERE src_lang = ?1 AND tgt_lang = ?2 AND key = ?3 AND target <> ?5
                       AND (provenance LIKE 'mt:%' OR ?6 NOT LIKE 'mt:%')",
                )
                .map_err(|e| self.db_err(e))?;
            for u in units {
                let key = normalize(u.source);
                if key.is_empty() || u.target.trim().is_empty() {
                    continue;
                }
                let toks = tokens(u.source);
                let n = toks.len() as i64;
                let toks_text: String =
                    toks.iter().map(|t| t.lower.as_str()).collect::<Vec<_>>().join("\u{1f}");
                let h = key_hash(u.from, u.to, &key);
                let changed = ins
                    .execute(params![u.from, u.to, key, u.source, u.target, u.provenance, n, h, toks_text])
                    .map_err(|e| self.db_err(e))?;
                if changed == 0 {
                    upd.execute(params![u.from, u.to, key, u.source, u.target, u.provenance])
                        .map_err(|e| self.db_err(e))?;
                    continue;
                }
                added += 1;
            }
        }
        tx.commit().map_err(|e| self.db_err(e))?;
        Ok(added)
    }

    /// How many units the TM holds.
    pub fn len(&self) -> Result<usize, TmError> {
        let conn = self.lock();
        conn.query_row("SELECT COUNT(*) FROM units", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.db_err(e))
    }

    pub fn is_empty(&self) -> Result<bool, TmError> {
        self.len().map(|n| n == 0)
    }

    /// Every unit, in the order stored.
    pub fn units(&self) -> Result<Vec<StoredUnit>, TmError> {
        let conn = self.lock();
        let mut st = conn
            .prepare_cached(
                "SELECT id, src_lang, tgt_lang, source, target, provenance FROM units ORDER BY id",
            )
            .map_err(|e| self.db_err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(StoredUnit {
                    id: r.get(0)?,
                    from: r.get(1)?,
                    to: r.get(2)?,
                    source: r.get(3)?,
                    target: r.get(4)?,
                    provenance: r.get(5)?,
                })
            })
            .map_err(|e| self.db_err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.db_err(e))
    }

    /// The whole TM as a TMX 1.4b document.
    pub fn export_tmx(&self) -> Result<String, TmError> {
        let units = self.units()?;
        let mut langs: Vec<&str> = units.iter().map(|u| u.from.as_str()).collect();
        langs.sort_unstable();
        langs.dedup();
        let srclang = match langs.as_slice() {
            [one] => *one,
            _ => "*all*",
        };
        let tus: Vec<crate::report::tmx::Unit> = units
            .iter()
            .map(|u| crate::report::tmx::Unit {
                id: u.id.to_string(),
                source_lang: &u.from,
                source: &u.source,
                target_lang: &u.to,
                target: &u.target,
                origin: if u.provenance.starts_with("mt:") { &u.provenance } else { "" },
            })
            .collect();
        Ok(crate::report::tmx::document(srclang, &tus))
    }

    /// Imports a TMX document: every translation unit gives one unit per target language, from
    /// the header's `srclang` (or, for `*all*`, the unit's first variant). Returns how many were
    /// new.
    pub fn import_tmx(&self, name: &str, text: &str) -> Result<usize, TmError> {
        let pairs = read_tmx(name, text)?;
        let units: Vec<NewUnit> = pairs
            .iter()
            .map(|u| NewUnit {
                from: &u.from,
                to: &u.to,
                source: &u.source,
                target: &u.target,
                provenance: &u.provenance,
            })
            .collect();
        let mut added = 0;
        for chunk in units.chunks(5_000) {
            added += self.insert(chunk)?;
        }
        Ok(added)
    }
}

fn pair_key(from: &str, to: &str) -> String {
    format!("{from}>{to}")
}

/// The lookup key of a sentence: whitespace collapsed and trimmed, typographic variants of
/// quotes, apostrophes, dashes and spaces unified, soft hyphens and zero-width characters
/// dropped, combining diaeresis/acute/grave/ring/tilde/cedilla on a Latin letter composed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}' | '\u{2032}'
            | '\u{00B4}' | '`' => '\'',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            '\u{0300}'..='\u{030A}' | '\u{0327}' => {
                if let Some(prev) = out.pop() {
                    match compose(prev, c) {
                        Some(p) => out.push(p),
                        None => {
                            out.push(prev);
                            out.push(c);
                        }
                    }
                } else {
                    out.push(c);
                }
                continue;
            }
            c if c.is_whitespace() => {
                space = true;
                continue;
            }
            c => c,
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c == '\u{2026}' {
            out.push_str("...");
        } else {
            out.push(c);
        }
    }
    out
}

/// Composes a Latin letter with a combining mark (the cases German, French, Spanish, Italian,
/// Portuguese and the Nordic languages need).
fn compose(base: char, mark: char) -> Option<char> {
    const TABLE: &[(char, &str, &str)] = &[
        ('\u{0308}', "aeiouyAEIOU", "äëïöüÿÄËÏÖÜ"),
        ('\u{0301}', "aeiouyAEIOUYnNcC", "áéíóúýÁÉÍÓÚÝńŃćĆ"),
        ('\u{0300}', "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ('\u{0302}', "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ('\u{0303}', "anoANO", "ãñõÃÑÕ"),
        ('\u{030A}', "aA", "åÅ"),
        ('\u{0327}', "cC", "çÇ"),
    ];
    let (_, from, to) = TABLE.iter().find(|(m, _, _)| *m == mark)?;
    let i = from.chars().position(|b| b == base)?;
    to.chars().nth(i)
}

/// A token of a sentence for fuzzy matching: a word, a number or a punctuation mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub lower: String,
}

/// The tokens of a sentence (after [`normalize`]), lower-cased.
pub fn tokens(text: &str) -> Vec<Token> {
    normalize(text)
        .split_word_bounds()
        .filter(|w| !w.trim().is_empty())
        .map(|w| Token { lower: w.to_lowercase() })
        .collect()
}

/// The fuzzy score in percent of two sentences: 100 only when their normalized forms are equal,
/// at most 99 when they differ in case alone.
pub fn score(a: &str, b: &str) -> u8 {
    let (ta, tb) = (tokens(a), tokens(b));
    let la: Vec<&str> = ta.iter().map(|t| t.lower.as_str()).collect();
    let lb: Vec<&str> = tb.iter().map(|t| t.lower.as_str()).collect();
    score_tokens(&la, &lb, normalize(a) == normalize(b))
}

fn score_tokens(a: &[&str], b: &[&str], identical: bool) -> u8 {
    if identical {
        return 100;
    }
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 0;
    }
    let dist = edit_distance(a, b);
    let pct = ((longest - dist) as f64 * 100.0 / longest as f64).floor() as u8;
    pct.min(99)
}

/// Levenshtein distance over tokens (insert, delete, substitute: cost 1 each).
fn edit_distance(a: &[&str], b: &[&str]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(x != y);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A translation unit read from TMX: one source and one target variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxUnit {
    pub from: String,
    pub to: String,
    pub source: String,
    pub target: String,
    /// `tmx`, or the `mt:<engine>` of an `x-origin` property (machine output stays machine output).
    pub provenance: String,
}

/// The units of a TMX document.
pub fn read_tmx(name: &str, text: &str) -> Result<Vec<TmxUnit>, TmError> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
        .collect();
    let line_at = |pos: usize| line_starts.partition_point(|&s| s <= pos.min(text.len()));
    let err =
        |pos: usize, message: String| TmError::Tmx { path: name.to_string(), line: line_at(pos), message };
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut srclang = String::new();
    let mut out = Vec::new();
    // The variants of the current unit: (lang, text).
    let mut tuvs: Vec<(String, String)> = Vec::new();
    let mut lang: Option<String> = None;
    let mut in_seg = false;
    // Depth inside inline codes whose content is native markup, not text (bpt, ept, it, ph, ut, sub).
    let mut skip = 0usize;
    let mut seg = String::new();
    let mut seen_tmx = false;
    // The unit's `<prop type="x-origin">`, as lexbridge writes it for machine translations.
    let mut origin = String::new();
    let mut in_origin = false;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| err(pos, format!("not well-formed XML: {e}")))?;
        match event {
            Event::Eof => break,
            Event::DocType(_) => {} // never expanded
            Event::Start(e) if in_seg => {
                if matches!(e.local_name().as_ref(), b"bpt" | b"ept" | b"it" | b"ph" | b"ut" | b"sub") {
                    skip += 1;
                }
            }
            Event::Empty(_) if in_seg => {}
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"tmx" => seen_tmx = true,
                b"header" => srclang = attr(&e, "srclang").unwrap_or_default(),
                b"tu" => {
                    tuvs.clear();
                    origin.clear();
                }
                b"prop" => in_origin = attr(&e, "type").as_deref() == Some("x-origin"),
                b"tuv" => lang = attr(&e, "lang").map(|l| crate::lang::normalize_tag(&l)),
                b"seg" => {
                    in_seg = true;
                    seg.clear();
                }
                _ => {}
            },
            Event::Text(t) if in_seg && skip == 0 => {
                let s = t.unescape().map_err(|e| {
                    err(pos, format!("{e}; entities other than the XML ones are never expanded"))
                })?;
                seg.push_str(&s);
            }
            Event::CData(t) if in_seg && skip == 0 => seg.push_str(&String::from_utf8_lossy(&t)),
            Event::Text(t) if in_origin => {
                origin.push_str(&t.unescape().map_err(|e| err(pos, e.to_string()))?);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"prop" => in_origin = false,
                b"bpt" | b"ept" | b"it" | b"ph" | b"ut" | b"sub" if in_seg => skip = skip.saturating_sub(1),
                b"seg" => {
                    in_seg = false;
                    skip = 0;
                    let l = lang.clone().ok_or_else(|| err(pos, "a <tuv> without xml:lang".to_string()))?;
                    tuvs.push((l, seg.split_whitespace().collect::<Vec<_>>().join(" ")));
                }
                b"tu" => {
                    let src = crate::lang::normalize_tag(&srclang);
                    let first = if srclang.is_empty() || srclang == "*all*" {
                        tuvs.first().map(|t| t.0.clone())
                    } else {
                        Some(src)
                    };
                    if let Some(from) = first {
                        if let Some((_, s)) = tuvs.iter().find(|t| t.0 == from) {
                            for (to, t) in tuvs.iter().filter(|t| t.0 != from) {
                                if !s.is_empty() && !t.is_empty() {
                                    let provenance = if origin.starts_with("mt:") {
                                        origin.clone()
                                    } else {
                                        "tmx".to_string()
                                    };
                                    out.push(TmxUnit {
                                        from: from.clone(),
                                        to: to.clone(),
                                        source: s.clone(),
                                        target: t.clone(),
                                        provenance,
                                    });
                                }
                            }
                        }
                    }
                    tuvs.clear();
                }
                _ => {}
            },
            _ => {}
        }
    }
    if !seen_tmx {
        return Err(err(0, "no <tmx> element; give a TMX 1.4 file".to_string()));
    }
    Ok(out)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        let local = key.rsplit(|&b| b == b':').next().unwrap_or(key);
        (local == name.as_bytes()).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// How many units per language pair (for messages).
pub fn count_by_pair(units: &[StoredUnit]) -> HashMap<(String, String), usize> {
    let mut m = HashMap::new();
    for u in units {
        *m.entry((u.from.clone(), u.to.clone())).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit<'a>(source: &'a str, target: &'a str, provenance: &'a str) -> NewUnit<'a> {
        NewUnit { from: "de", to: "en", source, target, provenance }
    }

    #[test]
    fn normalization_cases() {
        let cases = [
            ("  Der  Vertrag\u{a0}ist\n nichtig. ", "Der Vertrag ist nichtig."),
            ("„Das Urteil“ – rechtskräftig", "\"Das Urteil\" - rechtskräftig"),
            ("Kläger\u{2019}s", "Kläger's"),
            ("Gru\u{308}nde fu\u{308}r", "Gründe für"),
            ("Straf\u{ad}schadens\u{ad}ersatz", "Strafschadensersatz"),
            ("Er schwieg\u{2026}", "Er schwieg..."),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input:?}");
        }
    }

    #[test]
    fn fuzzy_score_cases() {
        let cases: [(&str, &str, u8); 7] = [
            ("Das Gericht wies die Klage ab.", "Das Gericht wies die Klage ab.", 100),
            ("Das Gericht wies die Klage ab.", "das Gericht wies die Klage ab.", 99),
            // 8 tokens, one substituted: 7/8.
            ("Das Gericht wies die Klage ab.", "Das Landgericht wies die Klage ab.", 85),
            ("Die Geldbuße beträgt 3,5 Millionen Euro.", "Die Geldbuße beträgt 4,2 Millionen Euro.", 85),
            ("Das Gericht wies die Klage ab.", "Die Kammer gab der Berufung statt.", 14),
            ("Der BGH hob das Urteil auf.", "Der BGH hob das Urteil des OLG auf.", 77),
            ("", "Der BGH hob das Urteil auf.", 0),
        ];
        for (a, b, want) in cases {
            assert_eq!(score(a, b), want, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn exact_and_fuzzy_lookups_with_origins() {
        let tm = Tm::in_memory().unwrap();
        let added = tm
            .insert(&[
                unit("Das Gericht wies die Klage ab.", "The court dismissed the action.", "aligned"),
                unit(
                    "Der Bundesgerichtshof hob das Urteil auf.",
                    "The Federal Court of Justice set aside the judgment.",
                    "aligned",
                ),
                unit(
                    "Die Sparkasse muss das Entgelt erstatten.",
                    "The savings bank must refund the fee.",
                    "aligned",
                ),
            ])
            .unwrap();
        assert_eq!(added, 3);
        let m = tm.exact("Das  Gericht wies die Klage ab.", "de", "en").unwrap().unwrap();
        assert_eq!((m.target.as_str(), m.origin().as_str()), ("The court dismissed the action.", "tm"));
        assert!(tm.exact("Das Gericht wies die Klage ab.", "de", "fr").unwrap().is_none());
        let f = tm.best("Das Landgericht wies die Klage ab.", "de", "en").unwrap().unwrap();
        assert_eq!(f.origin(), "tm:85");
        assert_eq!(f.target, "The court dismissed the action.");
        assert!(tm.best("Die Kammer gab der Berufung statt.", "de", "en").unwrap().is_none());
        let strict = Tm::in_memory().unwrap().with_threshold(90);
        strict.insert(&[unit("Das Gericht wies die Klage ab.", "x", "aligned")]).unwrap();
        assert!(strict.best("Das Landgericht wies die Klage ab.", "de", "en").unwrap().is_none());
    }

    #[test]
    fn machine_output_never_replaces_a_human_translation() {
        let tm = Tm::in_memory().unwrap();
        tm.insert(&[unit("Der Vertrag ist nichtig.", "The contract is void.", "aligned")]).unwrap();
        tm.insert(&[unit("Der Vertrag ist nichtig.", "The contract is null.", "mt:command")]).unwrap();
        assert_eq!(
            tm.exact("Der Vertrag ist nichtig.", "de", "en").unwrap().unwrap().target,
            "The contract is void."
        );
        tm.insert(&[unit("Die Klage ist zulässig.", "The claim is permissible.", "mt:command")]).unwrap();
        tm.insert(&[unit("Die Klage ist zulässig.", "The action is admissible.", "tmx")]).unwrap();
        let m = tm.exact("Die Klage ist zulässig.", "de", "en").unwrap().unwrap();
        assert_eq!((m.target.as_str(), m.provenance.as_str()), ("The action is admissible.", "tmx"));
        assert_eq!(tm.len().unwrap(), 2);
    }

    #[test]
    fn tmx_round_trip_keeps_text_and_languages() {
        let tm = Tm::in_memory().unwrap();
        tm.insert(&[
            unit("„A & B“ <GmbH> zahlt 3,5 Mio. €.", "\"A & B\" <GmbH> pays €3.5m.", "aligned"),
            unit("Die Klage ist zulässig.", "The action is admissible.", "mt:deepl"),
        ])
        .unwrap();
        let tmx = tm.export_tmx().unwrap();
        assert!(tmx.contains("srclang=\"de\""));
        let back = Tm::in_memory().unwrap();
        assert_eq!(back.import_tmx("x.tmx", &tmx).unwrap(), 2);
        let a: Vec<_> = tm.units().unwrap().into_iter().map(|u| (u.from, u.to, u.source, u.target)).collect();
        let b: Vec<_> =
            back.units().unwrap().into_iter().map(|u| (u.from, u.to, u.source, u.target)).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn tmx_import_skips_inline_codes_and_refuses_entities() {
        let doc = r#"<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="de-DE" segtype="sentence"/><body>
<tu><tuv xml:lang="de-DE"><seg>Das <bpt i="1">&lt;b&gt;</bpt>Urteil<ept i="1">&lt;/b&gt;</ept> ist rechtskräftig.</seg></tuv>
<tuv xml:lang="en-GB"><seg>The <bpt i="1">&lt;b&gt;</bpt>judgment<ept i="1">&lt;/b&gt;</ept> is final.</seg></tuv></tu>
</body></tmx>"#;
        let pairs = read_tmx("t.tmx", doc).unwrap();
        let got: Vec<(&str, &str, &str, &str, &str)> = pairs
            .iter()
            .map(|u| {
                (u.from.as_str(), u.to.as_str(), u.source.as_str(), u.target.as_str(), u.provenance.as_str())
            })
            .collect();
        assert_eq!(got, [("de", "en", "Das Urteil ist rechtskräftig.", "The judgment is final.", "tmx")]);
        let evil = doc.replace("Urteil", "&xxe;");
        let e = read_tmx("t.tmx", &evil).unwrap_err().to_string();
        assert!(e.contains("t.tmx: line 4"), "{e}");
        assert!(read_tmx("t.tmx", "<html/>").is_err());
    }

    #[test]
    fn fuzzy_retrieval_reads_only_the_rarest_tokens_postings() {
        let tm = Tm::in_memory().unwrap();
        let mut owned = Vec::new();
        for i in 0..300 {
            owned.push((
                format!("Das Gericht verhandelt den Fall Nummer {i} am Dienstag."),
                format!("Case {i}."),
            ));
        }
        let units: Vec<NewUnit> = owned.iter().map(|(s, t)| unit(s, t, "aligned")).collect();
        tm.insert(&units).unwrap();
        let m =
            tm.best("Das Gericht verhandelt den Fall Nummer 117 am Mittwoch.", "de", "en").unwrap().unwrap();
        assert_eq!((m.target.as_str(), m.score), ("Case 117.", 90));
    }
}
