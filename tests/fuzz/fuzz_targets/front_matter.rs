//! Documents with and without front matter: an article whose title, teaser and body ranges lie
//! on character boundaries of its text, or an error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = match lexbridge::corpus::decode(data) {
        Ok(t) => t,
        Err(_) => return,
    };
    for input in [text.to_string(), format!("---\n{text}")] {
        if let Ok(a) = lexbridge::corpus::parse_document(Path::new("x.de.txt"), "x", None, &input) {
            for r in [&a.title, &a.teaser, &a.body] {
                assert!(r.start <= r.end && r.end <= a.text.len());
                assert!(a.text.is_char_boundary(r.start) && a.text.is_char_boundary(r.end));
            }
            assert!(!a.text.trim().is_empty());
        }
    }
});
