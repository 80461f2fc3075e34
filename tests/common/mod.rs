//! What the end-to-end test files share: the binary under test, and a CSV table read as rows of
//! column name → cell.
#![allow(dead_code)] // each test file uses its part

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The `lexbridge` binary of this build.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lexbridge"))
}

/// A CSV row: column name → cell.
pub type Row = BTreeMap<String, String>;

/// Every row of a CSV file with a header; panics naming the file when it cannot be read.
pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}
