//! Glossary CSV reading (native and two-column DeepL) and lint: a glossary loads or fails with
//! an error that names the file and the line; lint never fails on rows that were read.
#![no_main]

use lexbridge::glossary::{self, Format, Glossary, GlossaryError, Langs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Glossary::from_csv_str("g.csv", text) {
        Ok(g) => {
            let _ = g.write(Format::Tbx, &Langs::default());
        }
        Err(GlossaryError::Row { line, .. }) => assert!(line >= 1),
        Err(e) => panic!("a CSV glossary error without a line: {e}"),
    }
    for format in [Format::Csv, Format::DeeplTsv, Format::DeeplCsv] {
        if let Ok(rows) = glossary::read_rows("g.csv", text, format, &Langs::default()) {
            let _ = glossary::lint::lint(&rows);
        }
    }
});
