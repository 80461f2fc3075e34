//! Term matching with the built-in legal glossary: hits lie on character boundaries.
#![no_main]

use lexbridge::glossary::Glossary;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static G: OnceLock<Glossary> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let g = G.get_or_init(|| Glossary::default_legal().expect("built-in glossary loads"));
    let lang = if sel % 2 == 0 { "de" } else { "en" };
    for h in g.find_all(text, lang) {
        assert!(h.start < h.end && h.end <= text.len());
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
    }
});
