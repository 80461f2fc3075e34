//! The index of a run's inputs, kept on disk so that memory does not grow with the corpus.
//!
//! One row per input file (its path, as the bytes of the `OsStr`, so that any name survives) and
//! one row per input entry (an article, or the row of an input that failed or was skipped) in a
//! temporary SQLite database with a bounded page cache. The index finds the duplicates (the
//! first `(id, lang)` in input order wins), hands out the articles alone in their group for
//! pairing by content, and streams the groups back in id order. The database is
//! removed when the index is dropped: after the run, on an error, on an interrupt.
//!
//! SQLite's default `BINARY` collation compares text byte by byte, which for UTF-8 is the order
//! of Rust's `str`: groups come back in the order a `BTreeMap<String, _>` would give them.
//!
//! Never holds per-article data, or the list of files, of the whole corpus in memory.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{params, Connection, Row};

use super::{failed_row, Group, Indexed, Located, PipelineError};
use crate::corpus::{CorpusError, Failure, Origin};
use crate::lang::Detection;
use crate::report::ArticleRow;

/// The page cache of the database, in KiB (SQLite's negative `cache_size`); also what its
/// sorter holds in memory before it spills to temporary files.
const CACHE_KIB: i64 = 16 << 10;

/// How many duplicates are turned into error rows per step (their rows are held meanwhile).
const DUPLICATE_BATCH: i64 = 1024;

/// Makes each database name of this process unique (tests run several at once).
static NEXT: AtomicU64 = AtomicU64::new(0);

const SCHEMA: &str = "
-- The input files in input order (that of their sorted paths).
CREATE TABLE input (num INTEGER PRIMARY KEY, path BLOB NOT NULL);
CREATE TABLE entry (
    -- The group: the original's id for an article, its own id for a failed row.
    grp TEXT NOT NULL,
    -- 0: an article; 1: the row of an input that failed (duplicates among them) or was skipped.
    kind INTEGER NOT NULL,
    -- Place in the inputs: the file's `input.num`, line.
    file INTEGER NOT NULL,
    line INTEGER NOT NULL,
    id TEXT NOT NULL,
    lang TEXT NOT NULL,
    -- 1 once paired by content (such a member comes after its original).
    paired INTEGER NOT NULL DEFAULT 0,
    -- An article:
    bytes INTEGER,
    has_tr INTEGER,
    byte_offset INTEGER,
    det_lang TEXT,
    det_conf INTEGER,
    det_reliable INTEGER,
    paired_by TEXT,
    -- A failed or skipped row:
    row_file TEXT,
    row_line INTEGER,
    status TEXT,
    error TEXT
);
CREATE TABLE duplicate (rid INTEGER PRIMARY KEY, first_file INTEGER NOT NULL, first_line INTEGER NOT NULL);
";

/// The columns [`located`] and [`failed`] read, after `grp` and `kind`; the last is the path of
/// the entry's file.
const COLUMNS: &str =
    "grp, kind, rowid, file, line, id, lang, bytes, has_tr, byte_offset, det_lang, det_conf, \
                       det_reliable, paired_by, row_file, row_line, status, error, \
                       (SELECT path FROM input WHERE num = entry.file)";

/// The on-disk index of a run's inputs; see the module docs.
pub(super) struct Index {
    conn: Option<Connection>,
    path: PathBuf,
}

/// An article alone in its group, for pairing by content.
pub(super) struct Lonely {
    pub group: String,
    rid: i64,
    pub located: Located,
}

impl Index {
    /// Creates an empty index in a new temporary database in `dir`.
    pub fn create(dir: &Path) -> Result<Index, PipelineError> {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".lexbridge-index.tmp-{}-{n}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let mut index = Index { conn: None, path };
        let conn = Connection::open(&index.path).map_err(|e| index.error(e))?;
        index.conn = Some(conn);
        let setup = format!(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
             PRAGMA temp_store = FILE; PRAGMA cache_size = -{CACHE_KIB}; {SCHEMA} BEGIN;"
        );
        index.conn().execute_batch(&setup).map_err(|e| index.error(e))?;
        Ok(index)
    }

    fn conn(&self) -> &Connection {
        // Set in `create` and taken only in `drop`.
        self.conn.as_ref().expect("the index is open")
    }

    fn error(&self, e: rusqlite::Error) -> PipelineError {
        PipelineError::Index { path: self.path.clone(), message: e.to_string() }
    }

    /// Adds input files, numbered from `first` on in the order given (the entries of a file name
    /// it by its number), in one transaction with the others until [`Index::finish`].
    pub fn add_files(&self, first: u32, paths: &[PathBuf]) -> Result<(), PipelineError> {
        let add = || -> rusqlite::Result<()> {
            let mut insert = self.conn().prepare_cached("INSERT INTO input (num, path) VALUES (?1, ?2)")?;
            for (num, path) in (first..).zip(paths) {
                insert.execute(params![num, path.as_os_str().as_encoded_bytes()])?;
            }
            Ok(())
        };
        add().map_err(|e| self.error(e))
    }

    /// Adds input entries, in one transaction with the others until [`Index::finish`].
    pub fn insert(&self, entries: Vec<Indexed>) -> Result<(), PipelineError> {
        self.insert_all(entries).map_err(|e| self.error(e))
    }

    fn insert_all(&self, entries: Vec<Indexed>) -> rusqlite::Result<()> {
        let conn = self.conn();
        let mut article = conn.prepare_cached(
            "INSERT INTO entry (grp, kind, file, line, id, lang, bytes, has_tr, byte_offset, det_lang, det_conf,
                                det_reliable)
             VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut failed = conn.prepare_cached(
            "INSERT INTO entry (grp, kind, file, line, id, lang, row_file, row_line, status, error)
             VALUES (?1, 1, ?2, ?3, ?1, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for e in entries {
            match e.entry {
                Ok(l) => {
                    let d = l.detection.as_ref();
                    article.execute(params![
                        l.group(),
                        e.file as i64,
                        e.line as i64,
                        &*l.id,
                        &*l.lang,
                        l.bytes,
                        l.has_translation_of,
                        l.offset.map(|o| o as i64),
                        d.map(|d| d.lang.as_str()),
                        d.map(|d| d.confidence.to_bits() as i64),
                        d.map(|d| d.reliable),
                    ])?;
                }
                Err(row) => {
                    failed.execute(params![
                        row.id,
                        e.file as i64,
                        e.line as i64,
                        row.lang,
                        row.file,
                        row.line as i64,
                        row.status,
                        row.error,
                    ])?;
                }
            }
        }
        Ok(())
    }

    /// Ends the inserts: turns every article whose `(id, lang)` came earlier in the inputs
    /// (file by file, line by line) into an error row under its own id, then indexes the groups.
    pub fn finish(&self) -> Result<(), PipelineError> {
        self.find_duplicates().map_err(|e| self.error(e))
    }

    fn find_duplicates(&self) -> rusqlite::Result<()> {
        let conn = self.conn();
        // The index is made after the bulk insert, one sort instead of a tree kept up to date.
        conn.execute_batch(
            "COMMIT; CREATE INDEX entry_key ON entry (id, lang, file, line) WHERE kind = 0; BEGIN;",
        )?;
        {
            let mut scan = conn.prepare(
                "SELECT rowid, id, lang, file, line FROM entry WHERE kind = 0
                 ORDER BY id, lang, file, line, rowid",
            )?;
            let mut note =
                conn.prepare("INSERT INTO duplicate (rid, first_file, first_line) VALUES (?1, ?2, ?3)")?;
            let mut rows = scan.query([])?;
            let (mut id, mut lang, mut first) = (String::new(), String::new(), None::<(i64, i64)>);
            while let Some(r) = rows.next()? {
                let (this_id, this_lang) = (r.get_ref(1)?.as_str()?, r.get_ref(2)?.as_str()?);
                match first {
                    Some((file, line)) if this_id == id && this_lang == lang => {
                        note.execute(params![r.get::<_, i64>(0)?, file, line])?;
                    }
                    _ => {
                        id.clear();
                        id.push_str(this_id);
                        lang.clear();
                        lang.push_str(this_lang);
                        first = Some((r.get(3)?, r.get(4)?));
                    }
                }
            }
        }
        let mut after = 0;
        loop {
            let mut batch = conn.prepare_cached(
                "SELECT d.rid, (SELECT path FROM input WHERE num = d.first_file), d.first_line, e.id, e.lang,
                        (SELECT path FROM input WHERE num = e.file), e.line
                 FROM duplicate d JOIN entry e ON e.rowid = d.rid WHERE d.rid > ?1 ORDER BY d.rid LIMIT ?2",
            )?;
            let dups: Vec<(i64, ArticleRow)> = batch
                .query_map(params![after, DUPLICATE_BATCH], |r| {
                    let origin = |file: usize, line: usize| -> rusqlite::Result<Origin> {
                        Ok(Origin { file: path(r, file)?, line: r.get::<_, i64>(line)? as usize })
                    };
                    let (id, lang): (String, String) = (r.get(3)?, r.get(4)?);
                    let failure = Failure {
                        error: CorpusError::Duplicate {
                            id: id.clone(),
                            lang: lang.clone(),
                            first: origin(1, 2)?.to_string(),
                        },
                        origin: origin(5, 6)?,
                        id,
                        lang: Some(lang),
                    };
                    Ok((r.get(0)?, failed_row(&failure)))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let Some(&(last, _)) = dups.last() else { break };
            after = last;
            let mut update = conn.prepare_cached(
                "UPDATE entry SET kind = 1, grp = id, row_file = ?2, row_line = ?3, status = ?4, error = ?5
                 WHERE rowid = ?1",
            )?;
            for (rid, row) in dups {
                update.execute(params![rid, row.file, row.line as i64, row.status, row.error])?;
            }
        }
        conn.execute_batch(
            "COMMIT; DROP INDEX entry_key; CREATE INDEX entry_group ON entry (grp, paired, file, line); BEGIN;",
        )
    }

    /// The articles in the languages `langs` alone in their group that do not name an original
    /// (`translation_of`), in group order. Those of other languages are never paired by
    /// content, so they stay on disk.
    pub fn lonely(&self, langs: [&str; 2]) -> Result<Vec<Lonely>, PipelineError> {
        let query = || -> rusqlite::Result<Vec<Lonely>> {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {COLUMNS} FROM entry WHERE kind = 0 GROUP BY grp
                 HAVING count(*) = 1 AND has_tr = 0 AND lang IN (?1, ?2) ORDER BY grp"
            ))?;
            let rows = stmt.query_map(langs, |r| {
                Ok(Lonely { group: r.get(0)?, rid: r.get(2)?, located: located(r)? })
            })?;
            rows.collect()
        };
        query().map_err(|e| self.error(e))
    }

    /// Moves a lonely translation into the group of the original it was paired with.
    pub fn pair(&self, translation: &Lonely, group: &str, paired_by: &str) -> Result<(), PipelineError> {
        self.conn()
            .prepare_cached("UPDATE entry SET grp = ?2, paired = 1, paired_by = ?3 WHERE rowid = ?1")
            .and_then(|mut s| s.execute(params![translation.rid, group, paired_by]))
            .map(|_| ())
            .map_err(|e| self.error(e))
    }

    /// The number of groups.
    pub fn groups(&self) -> Result<u64, PipelineError> {
        self.conn()
            .query_row("SELECT count(DISTINCT grp) FROM entry", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.error(e))
    }

    /// Hands every group to `take`, in id order, until it says to stop: members in input order,
    /// those paired by content last; failed rows in input order. One query streams through the
    /// whole index, holding one group at a time.
    pub fn each_group(&self, mut take: impl FnMut(String, Group) -> bool) -> Result<(), PipelineError> {
        let mut read = || -> rusqlite::Result<()> {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT {COLUMNS} FROM entry ORDER BY grp, paired, file, line, rowid"
            ))?;
            let mut rows = stmt.query([])?;
            let mut current: Option<(String, Group)> = None;
            while let Some(r) = rows.next()? {
                let grp = r.get_ref(0)?.as_str()?;
                if current.as_ref().is_none_or(|(g, _)| g != grp) {
                    if let Some((id, group)) = current.replace((grp.to_string(), Group::default())) {
                        if !take(id, group) {
                            return Ok(());
                        }
                    }
                }
                let Some((_, group)) = current.as_mut() else { break };
                if r.get::<_, i64>(1)? == 0 {
                    group.members.push(located(r)?);
                } else {
                    group.failed.push(failed(r)?);
                }
            }
            if let Some((id, group)) = current {
                take(id, group);
            }
            Ok(())
        };
        read().map_err(|e| self.error(e))
    }

    /// Every article in group order, and the error rows (not the skipped ones), in group order.
    pub fn everything(&self) -> Result<(Vec<Located>, Vec<ArticleRow>), PipelineError> {
        let read = || -> rusqlite::Result<(Vec<Located>, Vec<ArticleRow>)> {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {COLUMNS} FROM entry WHERE kind = 0 ORDER BY grp, paired, file, line, rowid"
            ))?;
            let articles = stmt.query_map([], located)?.collect::<rusqlite::Result<_>>()?;
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {COLUMNS} FROM entry WHERE kind = 1 AND status = 'error' ORDER BY grp, file, line, rowid"
            ))?;
            let failed = stmt.query_map([], failed)?.collect::<rusqlite::Result<_>>()?;
            Ok((articles, failed))
        };
        read().map_err(|e| self.error(e))
    }
}

impl Drop for Index {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let _ = conn.close();
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

/// An article's row as [`Located`] (columns as in [`COLUMNS`]).
fn located(r: &Row) -> rusqlite::Result<Located> {
    let detection = match r.get::<_, Option<String>>(10)? {
        Some(lang) => Some(Detection {
            lang,
            confidence: f64::from_bits(r.get::<_, i64>(11)? as u64),
            reliable: r.get(12)?,
        }),
        None => None,
    };
    Ok(Located {
        path: path(r, 18)?,
        line: r.get(4)?,
        id: r.get::<_, String>(5)?.into(),
        lang: r.get::<_, String>(6)?.into(),
        bytes: r.get(7)?,
        has_translation_of: r.get(8)?,
        offset: r.get::<_, Option<i64>>(9)?.map(|o| o as u64),
        detection,
        original: None,
        paired_by: r.get::<_, Option<String>>(13)?.map(Into::into),
    })
}

/// The path of an input file (a blob column of its bytes).
fn path(r: &Row, column: usize) -> rusqlite::Result<PathBuf> {
    let bytes = r.get_ref(column)?.as_blob()?;
    #[cfg(unix)]
    let path = PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes));
    #[cfg(not(unix))]
    let path = PathBuf::from(String::from_utf8_lossy(bytes).into_owned());
    Ok(path)
}

/// A failed or skipped input's row (columns as in [`COLUMNS`]).
fn failed(r: &Row) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(5)?,
        lang: r.get(6)?,
        file: r.get(14)?,
        line: r.get::<_, i64>(15)? as usize,
        status: r.get(16)?,
        error: r.get(17)?,
        ..ArticleRow::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(file: u32, line: usize, id: &str, lang: &str, original: Option<&str>, bytes: u32) -> Indexed {
        let located = Located {
            path: PathBuf::from(format!("f{file}")),
            line: line as u32,
            bytes,
            has_translation_of: original.is_some(),
            offset: Some(line as u64 * 100),
            id: id.into(),
            lang: lang.into(),
            detection: Some(Detection { lang: lang.into(), confidence: 0.1 + 0.2, reliable: true }),
            original: original.map(Into::into),
            paired_by: None,
        };
        Indexed { file, line, entry: Ok(located) }
    }

    fn failure(file: u32, line: usize, id: &str) -> Indexed {
        let row = ArticleRow {
            id: id.into(),
            file: format!("f{file}"),
            line,
            status: "error".into(),
            error: "bad".into(),
            ..ArticleRow::default()
        };
        Indexed { file, line, entry: Err(Box::new(row)) }
    }

    /// An index of the files `f0` and `f1`.
    fn create(dir: &Path) -> Index {
        let index = Index::create(dir).unwrap();
        index.add_files(0, &[PathBuf::from("f0"), PathBuf::from("f1")]).unwrap();
        index
    }

    /// Every group, in the order the index hands them out.
    fn all_groups(index: &Index) -> Vec<(String, Group)> {
        let mut groups = Vec::new();
        index
            .each_group(|id, group| {
                groups.push((id, group));
                true
            })
            .unwrap();
        groups
    }

    #[test]
    fn the_database_is_removed_when_the_index_is_dropped_even_mid_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let index = create(dir.path());
        index.insert(vec![article(0, 1, "a", "de", None, 10)]).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the database is in the folder");
        drop(index);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "and gone after an error");
        let index = create(dir.path());
        index.insert(vec![article(0, 1, "a", "de", None, 10)]).unwrap();
        index.finish().unwrap();
        assert_eq!(all_groups(&index).len(), 1);
        drop(index);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "and after a completed run");
    }

    #[test]
    fn groups_come_whole_in_byte_order_like_a_btreemap() {
        let dir = tempfile::tempdir().unwrap();
        let index = create(dir.path());
        let ids = ["b", "Z", "ä", "a", "é", "a-1", "a1", "", "z", "日本", "Ä"];
        let mut entries: Vec<Indexed> =
            ids.iter().enumerate().map(|(i, id)| article(1, i + 1, id, "de", None, 100)).collect();
        // A translation of "a" in an earlier file, and a failed row under "a".
        entries.push(article(0, 7, "t", "en", Some("a"), 100));
        entries.push(failure(0, 3, "a"));
        index.insert(entries).unwrap();
        index.finish().unwrap();
        let expected: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(index.groups().unwrap(), expected.len() as u64);
        let groups = all_groups(&index);
        let got: Vec<&str> = groups.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(got, expected.iter().copied().collect::<Vec<_>>());
        let a = &groups.iter().find(|(id, _)| id == "a").unwrap().1;
        let members: Vec<(&str, &Path, u32)> =
            a.members.iter().map(|m| (&*m.id, m.path.as_path(), m.line)).collect();
        assert_eq!(members, [("t", "f0".as_ref(), 7), ("a", "f1".as_ref(), 4)], "members in input order");
        assert_eq!(a.failed.len(), 1);
        assert_eq!(a.members[0].detection.as_ref().unwrap().confidence, 0.1 + 0.2, "exact f64");
        let mut taken = 0;
        index
            .each_group(|_, _| {
                taken += 1;
                taken < 3
            })
            .unwrap();
        assert_eq!(taken, 3, "stops when told");
    }

    #[test]
    fn the_first_id_and_language_in_input_order_wins_whatever_the_insert_order() {
        let dir = tempfile::tempdir().unwrap();
        let index = create(dir.path());
        // JSONL files are indexed after the documents: the later insert can be the first input.
        index.insert(vec![article(1, 1, "x", "de", None, 10), article(1, 2, "y", "de", None, 10)]).unwrap();
        index.insert(vec![article(0, 5, "x", "de", None, 10), article(0, 6, "x", "en", None, 10)]).unwrap();
        index.insert(vec![article(1, 3, "x", "de", None, 10)]).unwrap();
        index.finish().unwrap();
        let groups = all_groups(&index);
        let x = &groups.iter().find(|(id, _)| id == "x").unwrap().1;
        let members: Vec<(&str, &Path, u32)> =
            x.members.iter().map(|m| (&*m.lang, m.path.as_path(), m.line)).collect();
        assert_eq!(members, [("de", "f0".as_ref(), 5), ("en", "f0".as_ref(), 6)]);
        let failed: Vec<(&str, usize, &str)> =
            x.failed.iter().map(|r| (r.file.as_str(), r.line, r.status.as_str())).collect();
        assert_eq!(failed, [("f1", 1, "error"), ("f1", 3, "error")]);
        assert!(x.failed.iter().all(|r| r.error.contains("already read from f0:5")), "{:?}", x.failed);
    }

    #[test]
    fn a_paired_translation_joins_its_original_after_its_members_and_leaves_failed_rows_behind() {
        let dir = tempfile::tempdir().unwrap();
        let index = create(dir.path());
        index
            .insert(vec![
                article(0, 1, "orig", "de", None, 10),
                article(0, 2, "trans", "en", None, 10),
                failure(1, 1, "trans"),
                article(0, 3, "other", "en", Some("x"), 10),
            ])
            .unwrap();
        index.finish().unwrap();
        assert!(index.lonely(["fr", "it"]).unwrap().is_empty(), "only the languages asked for");
        let lonely = index.lonely(["de", "en"]).unwrap();
        let groups: Vec<&str> = lonely.iter().map(|l| l.group.as_str()).collect();
        assert_eq!(groups, ["orig", "trans"], "one member each, not naming an original");
        index.pair(&lonely[1], "orig", "content:0.900").unwrap();
        let groups = all_groups(&index);
        let shape: Vec<(&str, usize, usize)> =
            groups.iter().map(|(id, g)| (id.as_str(), g.members.len(), g.failed.len())).collect();
        assert_eq!(shape, [("orig", 2, 0), ("trans", 0, 1), ("x", 1, 0)]);
        assert_eq!(groups[0].1.members[1].paired_by.as_deref(), Some("content:0.900"));
        assert_eq!(index.groups().unwrap(), 3);
    }
}
