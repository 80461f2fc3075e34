//! The output files of `run`, written while the run goes on and put in place only at the end.
//!
//! Every table goes to a hidden temporary file in the output folder as rows arrive, so memory
//! holds no more than the rows of one chunk. [`OutputFiles::commit`] flushes, syncs and renames
//! them into place; dropped without a commit (an error, an interrupt) the temporary files are
//! removed and whatever the folder held before stays as it was. Never a half-written table.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{
    alignment_unit, tmx, tmx_srclang, AlignmentRow, ArticleRow, CsvWriter, FigureRow, FindingRow, SummaryRow,
};

/// A failed write: the file it was for, and why.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: io::Error,
}

/// One CSV table on its way to `dir/name`.
struct Table {
    tmp: PathBuf,
    target: PathBuf,
    writer: CsvWriter<BufWriter<File>>,
}

impl Table {
    fn create<R: Serialize + Default>(dir: &Path, name: &str, excel_safe: bool) -> Result<Table, WriteError> {
        let (tmp, target) = (temp_path(dir, name), dir.join(name));
        let file = File::create(&tmp).map_err(|error| WriteError { path: target.clone(), error })?;
        let mut writer = CsvWriter::new(BufWriter::new(file), excel_safe);
        writer.write_header::<R>().map_err(|error| WriteError { path: target.clone(), error })?;
        Ok(Table { tmp, target, writer })
    }

    fn write<R: Serialize>(&mut self, rows: &[R]) -> Result<(), WriteError> {
        for r in rows {
            self.writer.write_row(r).map_err(|error| WriteError { path: self.target.clone(), error })?;
        }
        Ok(())
    }

    /// Flushes and syncs the temporary file.
    fn finish(self) -> Result<(PathBuf, PathBuf), WriteError> {
        let target = self.target;
        let buffered =
            self.writer.into_inner().map_err(|error| WriteError { path: target.clone(), error })?;
        let file =
            buffered.into_inner().map_err(|e| WriteError { path: target.clone(), error: e.into_error() })?;
        file.sync_all().map_err(|error| WriteError { path: target.clone(), error })?;
        Ok((self.tmp, target))
    }
}

/// The six output files of a run: five CSV tables and `alignments.tmx`.
pub struct OutputFiles {
    articles: Option<Table>,
    summaries: Option<Table>,
    figures: Option<Table>,
    findings: Option<Table>,
    alignments: Option<Table>,
    /// The translation units, written before the TMX header is known (its `srclang` depends on
    /// every alignment).
    tmx_body: Option<BufWriter<File>>,
    tmx_body_path: PathBuf,
    source_langs: BTreeSet<String>,
    dir: PathBuf,
    /// Every temporary file made so far, removed on drop unless committed.
    temps: Vec<PathBuf>,
    committed: bool,
}

impl OutputFiles {
    /// Creates `dir` if needed and the temporary files, each with its header; `excel_safe`
    /// neutralizes cells a spreadsheet would run as formulas (see [`super::excel_safe_cell`]).
    pub fn create(dir: &Path, excel_safe: bool) -> Result<OutputFiles, WriteError> {
        fs::create_dir_all(dir).map_err(|error| WriteError { path: dir.to_path_buf(), error })?;
        let mut out = OutputFiles {
            articles: None,
            summaries: None,
            figures: None,
            findings: None,
            alignments: None,
            tmx_body: None,
            tmx_body_path: temp_path(dir, "alignments.tmx.body"),
            source_langs: BTreeSet::new(),
            dir: dir.to_path_buf(),
            temps: Vec::new(),
            committed: false,
        };
        // Each temporary file is recorded before the next is made, so a failure part-way
        // leaves nothing behind once `out` is dropped.
        out.temps.push(temp_path(dir, "articles.csv"));
        out.articles = Some(Table::create::<ArticleRow>(dir, "articles.csv", excel_safe)?);
        out.temps.push(temp_path(dir, "summaries.csv"));
        out.summaries = Some(Table::create::<SummaryRow>(dir, "summaries.csv", excel_safe)?);
        out.temps.push(temp_path(dir, "figures.csv"));
        out.figures = Some(Table::create::<FigureRow>(dir, "figures.csv", excel_safe)?);
        out.temps.push(temp_path(dir, "findings.csv"));
        out.findings = Some(Table::create::<FindingRow>(dir, "findings.csv", excel_safe)?);
        out.temps.push(temp_path(dir, "alignments.csv"));
        out.alignments = Some(Table::create::<AlignmentRow>(dir, "alignments.csv", excel_safe)?);
        out.temps.push(out.tmx_body_path.clone());
        let body = File::create(&out.tmx_body_path)
            .map_err(|error| WriteError { path: dir.join("alignments.tmx"), error })?;
        out.tmx_body = Some(BufWriter::new(body));
        out.temps.push(temp_path(dir, "alignments.tmx"));
        Ok(out)
    }

    pub fn articles(&mut self, rows: &[ArticleRow]) -> Result<(), WriteError> {
        write_to(&mut self.articles, rows)
    }

    pub fn summaries(&mut self, rows: &[SummaryRow]) -> Result<(), WriteError> {
        write_to(&mut self.summaries, rows)
    }

    pub fn figures(&mut self, rows: &[FigureRow]) -> Result<(), WriteError> {
        write_to(&mut self.figures, rows)
    }

    pub fn findings(&mut self, rows: &[FindingRow]) -> Result<(), WriteError> {
        write_to(&mut self.findings, rows)
    }

    /// Writes the rows to `alignments.csv` and their translation units to `alignments.tmx`.
    pub fn alignments(&mut self, rows: &[AlignmentRow]) -> Result<(), WriteError> {
        write_to(&mut self.alignments, rows)?;
        let mut units = String::new();
        for r in rows {
            // Looked up before it is cloned: almost every row has a language already seen.
            if !self.source_langs.contains(r.source_lang.as_str()) {
                self.source_langs.insert(r.source_lang.clone());
            }
            tmx::push_unit(&mut units, &alignment_unit(r));
        }
        if let Some(body) = self.tmx_body.as_mut() {
            body.write_all(units.as_bytes())
                .map_err(|error| WriteError { path: self.dir.join("alignments.tmx"), error })?;
        }
        Ok(())
    }

    /// Completes every file and renames them all into place.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let mut ready = Vec::new();
        for table in [
            self.articles.take(),
            self.summaries.take(),
            self.figures.take(),
            self.findings.take(),
            self.alignments.take(),
        ]
        .into_iter()
        .flatten()
        {
            ready.push(table.finish()?);
        }
        ready.push(self.finish_tmx()?);
        for (tmp, target) in ready {
            fs::rename(&tmp, &target).map_err(|error| WriteError { path: target.clone(), error })?;
        }
        let _ = fs::remove_file(&self.tmx_body_path);
        self.committed = true;
        Ok(())
    }

    /// Writes `alignments.tmx`'s temporary file: the header, the units, the footer.
    fn finish_tmx(&mut self) -> Result<(PathBuf, PathBuf), WriteError> {
        let target = self.dir.join("alignments.tmx");
        let err = |error| WriteError { path: target.clone(), error };
        if let Some(body) = self.tmx_body.take() {
            body.into_inner().map_err(|e| err(e.into_error()))?;
        }
        let tmp = temp_path(&self.dir, "alignments.tmx");
        let mut out = BufWriter::new(File::create(&tmp).map_err(err)?);
        let langs: BTreeSet<&str> = self.source_langs.iter().map(String::as_str).collect();
        out.write_all(tmx::header(tmx_srclang(&langs)).as_bytes()).map_err(err)?;
        io::copy(&mut File::open(&self.tmx_body_path).map_err(err)?, &mut out).map_err(err)?;
        out.write_all(tmx::FOOTER.as_bytes()).map_err(err)?;
        let file = out.into_inner().map_err(|e| err(e.into_error()))?;
        file.sync_all().map_err(err)?;
        Ok((tmp, target))
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

fn write_to<R: Serialize>(table: &mut Option<Table>, rows: &[R]) -> Result<(), WriteError> {
    match table.as_mut() {
        Some(t) => t.write(rows),
        None => Ok(()),
    }
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
        out.alignments(&rows[..1]).unwrap();
        out.alignments(&rows[1..]).unwrap();
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
    fn dropped_without_commit_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("articles.csv"), "from the last run\n").unwrap();
        let mut out = OutputFiles::create(dir.path(), false).unwrap();
        out.alignments(&[row("a")]).unwrap();
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
