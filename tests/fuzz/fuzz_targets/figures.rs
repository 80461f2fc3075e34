//! Figure extraction (German and English): spans ordered, on character boundaries, and every
//! figure renders in both languages.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let lang = if sel % 2 == 0 { "de" } else { "en" };
    let mut last = 0;
    for f in lexbridge::figures::extract(text, lang) {
        assert!(f.start >= last && f.start < f.end && f.end <= text.len(), "{lang}: {f:?}");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        last = f.end;
        let _ = lexbridge::figures::renderings(&f);
    }
});
