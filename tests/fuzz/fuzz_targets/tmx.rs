//! TMX reading: any input loads or fails with an error that names the file; an entity is never
//! expanded. And what lexbridge writes as TMX reads back as the same text: the input, cut in
//! two, becomes one unit whose sides come back with only whitespace runs collapsed and the
//! characters XML 1.0 forbids dropped.
#![no_main]

use lexbridge::report::tmx::{document, Unit};
use lexbridge::translate::tm::read_tmx;
use libfuzzer_sys::fuzz_target;

/// What a TMX round trip may change: characters XML 1.0 cannot carry, and whitespace runs.
fn normalized(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| {
            !((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) && c != '\u{fffe}' && c != '\u{ffff}'
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match read_tmx("f.tmx", text) {
        Ok(units) => {
            for u in &units {
                let leaked = |s: &str| s.contains("ENTITY-EXPANDED") && !text.contains("ENTITY-EXPANDED");
                assert!(!leaked(&u.source) && !leaked(&u.target), "an entity was expanded");
            }
        }
        Err(e) => assert!(e.to_string().contains("f.tmx"), "{e}"),
    }

    let half = text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(i, _)| i);
    let (source, target) = text.split_at(half);
    let unit = Unit { id: "u1".into(), source_lang: "de", source, target_lang: "en", target, origin: "" };
    let written = document("de", &[unit]);
    let units =
        read_tmx("own.tmx", &written).unwrap_or_else(|e| panic!("lexbridge's own TMX: {e}\n{written}"));
    let (s, t) = (normalized(source), normalized(target));
    if s.is_empty() || t.is_empty() {
        assert!(units.is_empty(), "a unit with an empty side was written: {units:?}");
    } else {
        assert_eq!(units.len(), 1, "{written}");
        assert_eq!((units[0].source.as_str(), units[0].target.as_str()), (s.as_str(), t.as_str()));
    }
});
