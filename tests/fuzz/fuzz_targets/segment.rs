//! Segmentation in every language with data, and in one without: spans are ordered, do not
//! overlap, lie on character boundaries, are trimmed and cover every non-space character.
#![no_main]

use libfuzzer_sys::fuzz_target;

const LANGS: [&str; 9] = ["de", "en", "fr", "es", "it", "nl", "ar", "he", "xx"];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let lang = LANGS[sel as usize % LANGS.len()];
    let mut pos = 0;
    for s in lexbridge::segment::split(text, lang) {
        assert!(s.start >= pos && s.start < s.end && s.end <= text.len(), "{lang}: {s:?} after {pos}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(text[pos..s.start].trim().is_empty(), "{lang}: text lost before {s:?}");
        assert_eq!(s.text(text), s.text(text).trim());
        pos = s.end;
    }
    assert!(text[pos..].trim().is_empty(), "{lang}: text lost at the end");
});
