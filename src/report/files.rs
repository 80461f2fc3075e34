//! The output files of `run`, written while the run goes on and put in place only at the end.
//!
//! Rows are encoded where they are made ([`Encoder`], on any thread): the CSV lines of each table
//! and the TMX units, as the files will hold them. [`OutputFiles`] only appends those bytes, in
//! order, to hidden temporary files in the output folder, so memory holds no more than the rows
//! in flight. [`OutputFiles::commit`] flushes, syncs and renames them into place; dropped without
//! a commit (an error, an interrupt) the temporary files are removed and whatever the folder held
//! before stays as it was. Never a half-written table.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::line::{AlignmentLine, CsvLine, FigureLine};
use super::writeback::Writeback;
use super::{
    alignment_unit, tmx, tmx_srclang, AlignmentRow, ArticleRow, CsvWriter, FigureRow, FindingRow, SummaryRow,
};

/// A failed write: the file it was for, and why.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: io::Error,
}

/// The CSV tables of a run, in the order of [`Encoded::tables`].
const TABLES: [&str; 5] = ["articles.csv", "summaries.csv", "figures.csv", "findings.csv", "alignments.csv"];

/// Rows of every table, encoded as the output files hold them.
///
/// Rows are appended as row structs ([`Encoder::encode_into`]), or, for the tables with the
/// most rows, borrowed from the analysis straight into the lines ([`Encoded::figure`],
/// [`Encoded::alignment`]): no string per cell. Each table's lines stay in the order written.
#[derive(Debug, Default)]
pub struct Encoded {
    /// The CSV lines of each table of [`TABLES`], without a header.
    tables: [Vec<u8>; 5],
    /// The translation units of the alignments.
    tmx: String,
    /// The source languages of the alignments, each once.
    source_langs: Vec<String>,
    /// Whether the rows written with [`Encoded::figure`] and [`Encoded::alignment`] are
    /// neutralized for spreadsheets (see [`super::excel_safe_cell`]).
    excel_safe: bool,
    /// How many `figures.csv` rows were written.
    figure_rows: usize,
    /// Scratch space for cells made of parts (rendered figures, joined sentences, indices).
    cells: [String; 3],
    /// The parts of alignment rows that are the same for every link of one translation.
    link_parts: LinkParts,
    /// The article and language of the last figure row, and its first two cells.
    figure_head: ((String, String), Vec<u8>),
}

/// What the alignment rows ([`Encoded::alignment`]) of one translation (an article, its two
/// languages, where the target came from) share, encoded once and copied into every row: the
/// CSV cells before the indices and after the texts, and the TMX unit's markup with its
/// escaped id and languages.
#[derive(Debug, Default)]
struct LinkParts {
    /// Whether the parts are those of `key`.
    ready: bool,
    /// The article, source language, target language and origin the parts are for.
    key: [String; 4],
    /// `article,source_lang,target_lang,` as the CSV cells.
    csv_head: Vec<u8>,
    /// `,origin` and the line end.
    csv_tail: Vec<u8>,
    /// `<tu tuid="` and the escaped article, up to the indices of the id.
    tmx_head: String,
    /// From the end of the id to the start of the source text.
    tmx_source: String,
    /// From the end of the source text to the start of the target text.
    tmx_target: String,
}

impl LinkParts {
    /// Makes the parts those of `row`'s translation, unless they are already; whether they
    /// were made anew.
    fn set(&mut self, row: &AlignmentLine) -> bool {
        let fields = [row.article, row.source_lang, row.target_lang, row.origin];
        if self.ready && self.key.iter().zip(fields).all(|(k, f)| k == f) {
            return false;
        }
        for (k, f) in self.key.iter_mut().zip(fields) {
            k.clear();
            k.push_str(f);
        }
        self.csv_head.clear();
        super::line::Line::new(&mut self.csv_head, false)
            .text(row.article)
            .text(row.source_lang)
            .text(row.target_lang);
        self.csv_head.push(b',');
        self.csv_tail.clear();
        self.csv_tail.push(b',');
        super::line::Line::new(&mut self.csv_tail, false).text(row.origin).end();
        // As `tmx::push_unit` writes a unit, in three parts around the id's indices and the
        // texts.
        self.tmx_head.clear();
        self.tmx_head.push_str(tmx::UNIT_START);
        crate::xml::escape_into(&mut self.tmx_head, row.article);
        self.tmx_source.clear();
        tmx::push_unit_langs_start(&mut self.tmx_source, tmx_origin(row.origin), row.source_lang);
        self.tmx_target.clear();
        tmx::push_unit_target_start(&mut self.tmx_target, row.target_lang);
        self.ready = true;
        true
    }
}

/// The origin a TMX unit names: none for a human translation.
fn tmx_origin(origin: &str) -> &str {
    if origin == "aligned" {
        ""
    } else {
        origin
    }
}

impl Encoded {
    /// No rows yet; `excel_safe` as for [`OutputFiles::create`].
    pub fn new(excel_safe: bool) -> Encoded {
        Encoded { excel_safe, ..Encoded::default() }
    }

    /// Makes room for `figures` more figure rows and `alignments` more alignment rows whose
    /// texts have `text_bytes` in all: the tables grow once, not by doubling row after row.
    pub fn reserve(&mut self, figures: usize, alignments: usize, text_bytes: usize) {
        // About 140 bytes per figure row; an alignment row is its texts and about 100 bytes
        // more, its TMX unit the texts and about 150 (more where markup is escaped).
        self.tables[2].reserve(figures * 160);
        if alignments > 0 {
            self.tables[4].reserve(text_bytes + text_bytes / 16 + alignments * 100);
            self.tmx.reserve(text_bytes + text_bytes / 8 + alignments * 160);
        }
    }

    /// How many `figures.csv` rows these are.
    pub fn figure_rows(&self) -> usize {
        self.figure_rows
    }

    /// Appends a `figures.csv` row: an article's rows share their first two cells, encoded
    /// once ([`FigureLine::write_line_after`]; with `excel_safe`, cell by cell).
    pub fn figure(&mut self, row: &FigureLine) {
        self.figure_rows += 1;
        if self.excel_safe {
            let [cell, ..] = &mut self.cells;
            row.write_line(&mut self.tables[2], true, cell);
            return;
        }
        let (key, head) = &mut self.figure_head;
        if key.0 != row.article || key.1 != row.lang || head.is_empty() {
            key.0.clear();
            key.0.push_str(row.article);
            key.1.clear();
            key.1.push_str(row.lang);
            head.clear();
            super::line::Line::new(head, false).text(row.article).text(row.lang);
            head.push(b',');
        }
        row.write_line_after(&mut self.tables[2], head);
    }

    /// Appends an `alignments.csv` row and its TMX unit.
    ///
    /// The cells a translation's rows share are encoded once ([`LinkParts`]); each text is
    /// scanned once for what CSV and XML need ([`Specials`](super::line::Specials)) and copied
    /// into both files from the sentences, never joined first. With `excel_safe`, rows take
    /// the cell-by-cell way ([`Encoded::alignment_by_cells`]).
    pub fn alignment(&mut self, row: &AlignmentLine) {
        if self.excel_safe {
            return self.alignment_by_cells(row);
        }
        let Encoded { tables, tmx, source_langs, link_parts: parts, .. } = self;
        // A source language is listed when the parts are made for it (they stay until the next
        // translation's rows).
        if parts.set(row) && !source_langs.iter().any(|l| l == row.source_lang) {
            source_langs.push(row.source_lang.to_string());
        }
        let out = &mut tables[4];
        out.extend_from_slice(&parts.csv_head);
        for idx in [row.src, row.tgt] {
            super::line::push_indices_bytes(out, idx, b' ');
            out.push(b',');
        }
        super::line::push_fixed3_bytes(out, row.score);
        out.extend_from_slice(if row.low_confidence { b",yes," } else { b",no," });
        let (source, target) = (row.source_text.specials(), row.target_text.specials());
        row.source_text.push_csv(out, source);
        out.push(b',');
        row.target_text.push_csv(out, target);
        out.extend_from_slice(&parts.csv_tail);
        if row.source_text.is_blank() || row.target_text.is_blank() {
            // No translation unit (as `tmx::push_unit`).
            return;
        }
        tmx.push_str(&parts.tmx_head);
        for idx in [row.src, row.tgt] {
            tmx.push(':');
            super::line::push_indices(tmx, idx, '+');
        }
        tmx.push_str(&parts.tmx_source);
        row.source_text.push_xml(tmx, source);
        tmx.push_str(&parts.tmx_target);
        row.target_text.push_xml(tmx, target);
        tmx.push_str(tmx::UNIT_END);
    }

    /// [`Encoded::alignment`] cell by cell, with the texts joined, as [`AlignmentRow`] writes
    /// them: the way for `excel_safe`.
    fn alignment_by_cells(&mut self, row: &AlignmentLine) {
        let Encoded { tables, tmx, source_langs, excel_safe, cells, .. } = self;
        let [a, b, id] = cells;
        let (source, target) = row.write_line(&mut tables[4], *excel_safe, (a, b, id));
        if !source_langs.iter().any(|l| l == row.source_lang) {
            source_langs.push(row.source_lang.to_string());
        }
        // The unit's id, `article:src:tgt` with `+` between indices (as `alignment_unit`).
        id.clear();
        id.push_str(row.article);
        for idx in [row.src, row.tgt] {
            id.push(':');
            super::line::push_indices(id, idx, '+');
        }
        let unit = tmx::Unit {
            id: std::mem::take(id),
            source_lang: row.source_lang,
            source,
            target_lang: row.target_lang,
            target,
            origin: tmx_origin(row.origin),
        };
        tmx::push_unit(tmx, &unit);
        *id = unit.id;
    }
}

/// Encodes rows for [`OutputFiles::write`]; cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Encoder {
    excel_safe: bool,
}

impl Encoder {
    /// Encodes the rows of each table, in memory.
    pub fn encode(
        &self,
        articles: &[ArticleRow],
        summaries: &[SummaryRow],
        figures: &[FigureRow],
        findings: &[FindingRow],
        alignments: &[AlignmentRow],
    ) -> Encoded {
        let mut e = Encoded::new(self.excel_safe);
        self.encode_into(&mut e, articles, summaries, figures, findings, alignments);
        e
    }

    /// [`Encoder::encode`], appended to rows already encoded.
    pub fn encode_into(
        &self,
        e: &mut Encoded,
        articles: &[ArticleRow],
        summaries: &[SummaryRow],
        figures: &[FigureRow],
        findings: &[FindingRow],
        alignments: &[AlignmentRow],
    ) {
        let [a, s, f, x, l] = &mut e.tables;
        self.csv(a, articles);
        self.csv(s, summaries);
        self.csv(f, figures);
        self.csv(x, findings);
        self.csv(l, alignments);
        e.figure_rows += figures.len();
        for r in alignments {
            if !e.source_langs.contains(&r.source_lang) {
                e.source_langs.push(r.source_lang.clone());
            }
            tmx::push_unit(&mut e.tmx, &alignment_unit(r));
        }
    }

    /// The CSV lines of `rows`, written by hand as the csv crate would (see [`super::line`]).
    fn csv<R: CsvLine>(&self, out: &mut Vec<u8>, rows: &[R]) {
        for r in rows {
            r.write_line(out, self.excel_safe);
        }
    }
}

/// The buffer of each output file: a run writes about four bytes of output per byte of input,
/// and 8 KB (std's default) made that one `write` call per 8 KB.
const WRITE_BUFFER: usize = 256 << 10;

/// One CSV table on its way to `dir/name`.
struct Table {
    tmp: PathBuf,
    target: PathBuf,
    file: BufWriter<File>,
}

impl Table {
    /// Creates the temporary file of table `name` and writes its `header`.
    fn create(dir: &Path, name: &str, header: io::Result<Vec<u8>>) -> Result<Table, WriteError> {
        let (tmp, target) = (temp_path(dir, name), dir.join(name));
        let err = |error| WriteError { path: target.clone(), error };
        let mut file = BufWriter::with_capacity(WRITE_BUFFER, File::create(&tmp).map_err(err)?);
        file.write_all(&header.map_err(err)?).map_err(err)?;
        Ok(Table { tmp, target, file })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        self.file.write_all(bytes).map_err(|error| WriteError { path: self.target.clone(), error })
    }

    /// Flushes and syncs the temporary file.
    fn finish(self) -> Result<(PathBuf, PathBuf), WriteError> {
        let target = self.target;
        let file =
            self.file.into_inner().map_err(|e| WriteError { path: target.clone(), error: e.into_error() })?;
        file.sync_all().map_err(|error| WriteError { path: target.clone(), error })?;
        Ok((self.tmp, target))
    }
}

/// The six output files of a run: five CSV tables and `alignments.tmx`.
pub struct OutputFiles {
    /// The tables of [`TABLES`], until committed.
    tables: Vec<Table>,
    /// `alignments.tmx` on its way: its header is written before the first units with the
    /// source language they have as `srclang`, the right one unless the run mixes source
    /// languages (then `*all*`, see [`OutputFiles::finish_tmx`]). `None` until the header is
    /// written.
    tmx: Option<BufWriter<File>>,
    /// The `srclang` the header was written with, and its length in bytes.
    tmx_header: (String, u64),
    source_langs: BTreeSet<String>,
    dir: PathBuf,
    excel_safe: bool,
    /// Every temporary file made so far, removed on drop unless committed.
    temps: Vec<PathBuf>,
    committed: bool,
    /// What has been written is synced while the run goes on (see [`Writeback`]).
    writeback: Writeback,
}

impl OutputFiles {
    /// Creates `dir` if needed and the temporary files, each with its header; `excel_safe`
    /// neutralizes cells a spreadsheet would run as formulas (see [`super::excel_safe_cell`]).
    pub fn create(dir: &Path, excel_safe: bool) -> Result<OutputFiles, WriteError> {
        fs::create_dir_all(dir).map_err(|error| WriteError { path: dir.to_path_buf(), error })?;
        let mut out = OutputFiles {
            tables: Vec::new(),
            tmx: None,
            tmx_header: (String::new(), 0),
            source_langs: BTreeSet::new(),
            dir: dir.to_path_buf(),
            excel_safe,
            temps: Vec::new(),
            committed: false,
            writeback: Writeback::new(Writeback::EVERY),
        };
        // Each temporary file is recorded before it is made, so a failure part-way leaves
        // nothing behind once `out` is dropped.
        let headers = [
            header_line::<ArticleRow>(),
            header_line::<SummaryRow>(),
            header_line::<FigureRow>(),
            header_line::<FindingRow>(),
            header_line::<AlignmentRow>(),
        ];
        for (name, header) in TABLES.into_iter().zip(headers) {
            out.temps.push(temp_path(dir, name));
            out.tables.push(Table::create(dir, name, header)?);
        }
        out.temps.push(temp_path(dir, "alignments.tmx"));
        out.temps.push(temp_path(dir, "alignments.tmx.all"));
        Ok(out)
    }

    /// How rows are encoded for [`OutputFiles::write`].
    pub fn encoder(&self) -> Encoder {
        Encoder { excel_safe: self.excel_safe }
    }

    /// Appends encoded rows to the tables and to `alignments.tmx`.
    pub fn write(&mut self, rows: &Encoded) -> Result<(), WriteError> {
        for (table, bytes) in self.tables.iter_mut().zip(&rows.tables) {
            table.write(bytes)?;
        }
        for lang in &rows.source_langs {
            if !self.source_langs.contains(lang) {
                self.source_langs.insert(lang.clone());
            }
        }
        if !rows.tmx.is_empty() {
            // The units' own source language: the header's guess.
            let first_lang = rows.source_langs.first().map_or("*all*", String::as_str);
            let tmx = self.tmx_file(first_lang)?;
            tmx.write_all(rows.tmx.as_bytes())
                .map_err(|error| WriteError { path: self.dir.join("alignments.tmx"), error })?;
        }
        let bytes = rows.tables.iter().map(Vec::len).sum::<usize>() + rows.tmx.len();
        let (tables, tmx, dir) = (&self.tables, &self.tmx, &self.dir);
        self.writeback.wrote(bytes, || {
            let open = tables
                .iter()
                .map(|t| (t.target.clone(), t.file.get_ref()))
                .chain(tmx.as_ref().map(|f| (dir.join("alignments.tmx"), f.get_ref())));
            open.filter_map(|(path, f)| Some((path, f.try_clone().ok()?))).collect()
        });
        Ok(())
    }

    /// `alignments.tmx`'s temporary file, created with a header naming `srclang` if it is not
    /// there yet.
    fn tmx_file(&mut self, srclang: &str) -> Result<&mut BufWriter<File>, WriteError> {
        let err = |error| WriteError { path: self.dir.join("alignments.tmx"), error };
        if self.tmx.is_none() {
            let mut file = BufWriter::with_capacity(
                WRITE_BUFFER,
                File::create(temp_path(&self.dir, "alignments.tmx")).map_err(err)?,
            );
            let header = tmx::header(srclang);
            file.write_all(header.as_bytes()).map_err(err)?;
            self.tmx_header = (srclang.to_string(), header.len() as u64);
            self.tmx = Some(file);
        }
        self.tmx.as_mut().ok_or_else(|| err(io::Error::other("the TMX file is gone")))
    }

    /// Completes every file and renames them all into place.
    ///
    /// The files are flushed and synced side by side, each on a thread of its own: the disk
    /// writes hundreds of MB at the end of a large run, and one file after the other was the
    /// longest part of a run's last half second. Most of what they hold has been synced while
    /// the run went on ([`Writeback`]); this syncs the rest.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let tables = std::mem::take(&mut self.tables);
        let (tables, tmx) = std::thread::scope(|scope| {
            let finishing: Vec<_> = tables.into_iter().map(|t| scope.spawn(move || t.finish())).collect();
            let tmx = self.finish_tmx();
            let tables: Vec<_> = finishing
                .into_iter()
                .map(|f| f.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect();
            (tables, tmx)
        });
        if let Some((path, error)) = self.writeback.finish() {
            return Err(WriteError { path, error });
        }
        let mut ready = Vec::new();
        for table in tables {
            ready.push(table?);
        }
        ready.push(tmx?);
        for (tmp, target) in ready {
            fs::rename(&tmp, &target).map_err(|error| WriteError { path: target.clone(), error })?;
        }
        self.committed = true;
        Ok(())
    }

    /// Completes `alignments.tmx`: the footer after the units. Where the header's `srclang`
    /// turns out wrong (the run mixed source languages, so it must be `*all*`), the units are
    /// copied under a new header into a second file, which is the one put in place.
    fn finish_tmx(&mut self) -> Result<(PathBuf, PathBuf), WriteError> {
        let target = self.dir.join("alignments.tmx");
        let err = |error| WriteError { path: target.clone(), error };
        let langs: BTreeSet<&str> = self.source_langs.iter().map(String::as_str).collect();
        let srclang = tmx_srclang(&langs).to_string();
        let written = self.tmx_file(&srclang)?;
        written.write_all(tmx::FOOTER.as_bytes()).map_err(err)?;
        let file = self.tmx.take().map(BufWriter::into_inner).transpose().map_err(|e| err(e.into_error()))?;
        let tmp = temp_path(&self.dir, "alignments.tmx");
        if self.tmx_header.0 == srclang {
            if let Some(file) = file {
                file.sync_all().map_err(err)?;
            }
            return Ok((tmp, target));
        }
        let all = temp_path(&self.dir, "alignments.tmx.all");
        let mut out = BufWriter::with_capacity(WRITE_BUFFER, File::create(&all).map_err(err)?);
        out.write_all(tmx::header(&srclang).as_bytes()).map_err(err)?;
        let mut units = File::open(&tmp).map_err(err)?;
        io::Seek::seek(&mut units, io::SeekFrom::Start(self.tmx_header.1)).map_err(err)?;
        io::copy(&mut units, &mut out).map_err(err)?;
        let file = out.into_inner().map_err(|e| err(e.into_error()))?;
        file.sync_all().map_err(err)?;
        let _ = fs::remove_file(&tmp);
        Ok((all, target))
    }
}

impl Drop for OutputFiles {
    fn drop(&mut self) {
        if !self.committed {
            for t in &self.temps {
                let _ = fs::remove_file(t);
            }
        }
    }
}

/// The header line of a table of `R`s (column names are lexbridge's own: never neutralized).
fn header_line<R: Serialize + Default>() -> io::Result<Vec<u8>> {
    let mut w = CsvWriter::new(Vec::new(), false);
    w.write_header::<R>()?;
    w.into_inner()
}

fn temp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(article: &str) -> AlignmentRow {
        AlignmentRow {
            article: article.into(),
            source_lang: "de".into(),
            target_lang: "en".into(),
            src: "0".into(),
            tgt: "0".into(),
            score: "0.900".into(),
            low_confidence: "no".into(),
            origin: "aligned".into(),
            source_text: "Das Gericht wies die Klage ab.".into(),
            target_text: "The court dismissed the action.".into(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn committed_files_equal_the_whole_table_writers() {
        let dir = tempfile::tempdir().unwrap();
        let rows = [row("a"), row("b")];
        let mut out = OutputFiles::create(dir.path(), false).unwrap();
        let encoder = out.encoder();
        for part in [&rows[..1], &rows[1..]] {
            out.write(&encoder.encode(&[], &[], &[], &[], part)).unwrap();
        }
        out.commit().unwrap();
        assert_eq!(
            names(dir.path()),
            [
                "alignments.csv",
                "alignments.tmx",
                "articles.csv",
                "figures.csv",
                "findings.csv",
                "summaries.csv"
            ]
        );
        assert_eq!(
            fs::read(dir.path().join("alignments.csv")).unwrap(),
            crate::report::to_csv(&rows).unwrap()
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("alignments.tmx")).unwrap(),
            crate::report::alignments_tmx(&rows)
        );
        assert_eq!(
            fs::read(dir.path().join("articles.csv")).unwrap(),
            crate::report::to_csv::<ArticleRow>(&[]).unwrap()
        );
    }

    #[test]
    fn rows_encoded_in_parts_on_other_threads_equal_one_excel_safe_table() {
        let dir = tempfile::tempdir().unwrap();
        let mut rows = vec![row("a"), row("b"), row("c")];
        rows[1].target_text = "=HYPERLINK(\"http://x\")".into();
        rows[2].source_text = "Er sagte: \"Nein\", dann ging er.\nNeue Zeile".into();
        let mut out = OutputFiles::create(dir.path(), true).unwrap();
        let encoder = out.encoder();
        let parts: Vec<Encoded> = std::thread::scope(|s| {
            let jobs: Vec<_> = [&rows[..1], &rows[1..]]
                .into_iter()
                .map(|part| {
                    let encoder = encoder.clone();
                    s.spawn(move || encoder.encode(&[], &[], &[], &[], part))
                })
                .collect();
            jobs.into_iter().map(|j| j.join().unwrap()).collect()
        });
        for part in &parts {
            out.write(part).unwrap();
        }
        out.commit().unwrap();
        assert_eq!(
            fs::read(dir.path().join("alignments.csv")).unwrap(),
            crate::report::to_csv_with(&rows, true).unwrap()
        );
        let csv = fs::read_to_string(dir.path().join("alignments.csv")).unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert_eq!(
            fs::read_to_string(dir.path().join("alignments.tmx")).unwrap(),
            crate::report::alignments_tmx(&rows)
        );
    }

    /// The TMX header names the source language of the first units; a run that turns out to
    /// mix source languages (`*all*`), or has no units at all, still gets the header the whole
    /// table would have, and no temporary file is left.
    #[test]
    fn the_tmx_header_is_right_whatever_the_source_languages_turn_out_to_be() {
        let mut fr = row("c");
        fr.source_lang = "fr".into();
        fr.source_text = "Le tribunal a rejeté la plainte.".into();
        let empty: Vec<AlignmentRow> = Vec::new();
        for rows in [vec![row("a"), row("b")], vec![row("a"), fr.clone(), row("b")], vec![fr], empty] {
            let dir = tempfile::tempdir().unwrap();
            let mut out = OutputFiles::create(dir.path(), false).unwrap();
            let encoder = out.encoder();
            for part in rows.chunks(1) {
                out.write(&encoder.encode(&[], &[], &[], &[], part)).unwrap();
            }
            out.commit().unwrap();
            let tmx = fs::read_to_string(dir.path().join("alignments.tmx")).unwrap();
            assert_eq!(tmx, crate::report::alignments_tmx(&rows), "{} rows", rows.len());
            assert_eq!(names(dir.path()).len(), 6, "{:?}", names(dir.path()));
        }
    }

    /// Rows written straight from borrowed data ([`Encoded::figure`], [`Encoded::alignment`])
    /// equal the row structs made and encoded the former way, on the sentences and figures of
    /// the bundled corpus and some nasty texts, plain and Excel-safe.
    #[test]
    fn rows_from_borrowed_data_equal_the_row_structs() {
        use crate::figures::{self, Figure};
        use crate::report::line::{Counterpart, Joined};
        use crate::segment::{self, Sentence};

        let mut texts: Vec<(String, String, String)> = Vec::new();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut names: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        for path in names {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".txt") else { continue };
            let Some((id, lang)) = stem.rsplit_once('.') else { continue };
            texts.push((id.to_string(), lang.to_string(), fs::read_to_string(&path).unwrap()));
        }
        assert!(texts.len() > 20, "{}", texts.len());
        texts.push((
            "=nasty,\"id\"".into(),
            "de".into(),
            "=SUMME(A1) kostet 4.000 Euro, sagte er. \"Nein\", 12,5 Prozent <mehr> & so.\n\
             -3 Prozent am 24. Dezember 2024.\r\n   \n@x rund 1,5 Millionen Euro\u{1}.\u{feff}"
                .into(),
        ));
        let pieces = |text: &str, sentences: &[Sentence], idx: &[usize]| {
            idx.iter().map(|&i| sentences.get(i).map_or("", |s| s.text(text))).collect::<Vec<_>>().join(" ")
        };
        for excel_safe in [false, true] {
            let mut borrowed = Encoded::new(excel_safe);
            let (mut figure_rows, mut alignment_rows) = (Vec::new(), Vec::new());
            for (n, (id, lang, text)) in texts.iter().enumerate() {
                let sentences = segment::split(text, lang);
                let figures: Vec<Vec<Figure>> =
                    sentences.iter().map(|s| figures::extract(s.text(text), lang)).collect();
                for (i, figs) in figures.iter().enumerate() {
                    let sentence_text = sentences[i].text(text);
                    for (k, f) in figs.iter().enumerate() {
                        let counterpart = (k % 3 != 1).then(|| Counterpart {
                            lang: "en",
                            sentence: i + k,
                            text: sentence_text.get(f.start..f.end).unwrap_or(""),
                        });
                        let agrees = ["yes", "no", "missing", "extra", ""][(i + k) % 5];
                        let (de, en) = figures::renderings(f);
                        borrowed.figure(&FigureLine {
                            article: id,
                            lang,
                            sentence: i,
                            sentence_text,
                            figure: f,
                            de: &de,
                            en: &en,
                            counterpart,
                            agrees,
                        });
                        figure_rows.push(FigureRow {
                            counterpart: counterpart
                                .map(|c| format!("{}:{}:{}", c.lang, c.sentence, c.text))
                                .unwrap_or_default(),
                            agrees: agrees.into(),
                            ..FigureRow::new(id, lang, i, sentence_text, f)
                        });
                    }
                }
                // Links of no, one, two and three sentences, some past the end, against the
                // sentences of the next text.
                let (_, other_lang, other) = &texts[(n + 1) % texts.len()];
                let other_sentences = segment::split(other, other_lang);
                let links: Vec<(Vec<usize>, Vec<usize>, f64)> = (0..=sentences.len())
                    .map(|i| {
                        let src: Vec<usize> = (i..sentences.len().min(i + 1 + i % 3)).collect();
                        let tgt: Vec<usize> = (i..i + (i + 1) % 3).collect();
                        let score = [0.9995, 0.25, 1.0, f64::NAN, -0.0, 0.0005][i % 6];
                        (src, tgt, score)
                    })
                    .collect();
                for (i, (src, tgt, score)) in links.iter().enumerate() {
                    let origin = ["aligned", "tm", "mt:deepl"][i % 3];
                    borrowed.alignment(&AlignmentLine {
                        article: id,
                        source_lang: lang,
                        target_lang: other_lang,
                        src,
                        tgt,
                        score: *score,
                        low_confidence: i % 4 == 0,
                        source_text: Joined { text, sentences: &sentences, idx: src },
                        target_text: Joined { text: other, sentences: &other_sentences, idx: tgt },
                        origin,
                    });
                    alignment_rows.push(AlignmentRow {
                        article: id.clone(),
                        source_lang: lang.clone(),
                        target_lang: other_lang.clone(),
                        src: src.iter().map(usize::to_string).collect::<Vec<_>>().join(" "),
                        tgt: tgt.iter().map(usize::to_string).collect::<Vec<_>>().join(" "),
                        score: format!("{score:.3}"),
                        low_confidence: if i % 4 == 0 { "yes" } else { "no" }.into(),
                        source_text: pieces(text, &sentences, src),
                        target_text: pieces(other, &other_sentences, tgt),
                        origin: origin.into(),
                    });
                }
            }
            assert!(figure_rows.len() > 300 && alignment_rows.len() > 300);
            let by_rows = Encoder { excel_safe }.encode(&[], &[], &figure_rows, &[], &alignment_rows);
            for (t, (a, b)) in borrowed.tables.iter().zip(&by_rows.tables).enumerate() {
                assert!(a == b, "table {t}, excel_safe {excel_safe}");
            }
            assert!(borrowed.tmx == by_rows.tmx, "excel_safe {excel_safe}");
            assert_eq!(borrowed.source_langs, by_rows.source_langs);
            assert_eq!(borrowed.figure_rows(), figure_rows.len());
            assert_eq!(by_rows.figure_rows(), figure_rows.len());
        }
    }

    #[test]
    fn dropped_without_commit_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("articles.csv"), "from the last run\n").unwrap();
        let mut out = OutputFiles::create(dir.path(), false).unwrap();
        out.write(&out.encoder().encode(&[], &[], &[], &[], &[row("a")])).unwrap();
        drop(out);
        assert_eq!(names(dir.path()), ["articles.csv"]);
        assert_eq!(fs::read_to_string(dir.path().join("articles.csv")).unwrap(), "from the last run\n");
    }

    #[test]
    fn a_folder_that_cannot_be_made_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain-file");
        fs::write(&file, "x").unwrap();
        let Err(e) = OutputFiles::create(&file.join("out"), false) else { panic!("created under a file") };
        assert_eq!(e.path, file.join("out"));
    }
}
