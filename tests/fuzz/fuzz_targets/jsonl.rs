//! JSONL reading from raw bytes: every non-blank line becomes exactly one entry (an article or
//! a failure naming its line), in line order.
#![no_main]

use lexbridge::corpus::{self, Entry};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let entries = corpus::parse_jsonl_bytes(Path::new("f.jsonl"), data);
    assert!(!entries.is_empty());
    let lines: Vec<usize> = entries
        .iter()
        .map(|e| match e {
            Entry::Article(a) => a.origin.line,
            Entry::Failed(f) => f.origin.line,
            Entry::Skipped { origin, .. } => origin.line,
        })
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
});
