//! TBX reading: loads or fails with a line; never expands an entity, so no text outside the
//! input (here: the marker a SYSTEM entity would pull in) can reach a term.
#![no_main]

use lexbridge::glossary::{tbx, Format, Glossary, Langs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(rows) = tbx::read_rows("g.tbx", text) {
        for r in &rows {
            assert!(r.line >= 1);
            assert!(!r.term.contains("ENTITY-EXPANDED") || text.contains("ENTITY-EXPANDED"));
        }
    }
    let _ = Glossary::from_str_as("g.tbx", text, Format::Tbx, &Langs::default());
});
