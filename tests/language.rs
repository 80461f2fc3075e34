//! Article language detection: where an article's function words settle its declared language,
//! lexbridge skips whatlang. These tests hold that shortcut to its promise: it never settles a
//! text in another language, and where it settles, whatlang says the same.
//!
//! `tests/data/languages/<code>.txt` are short news reports we wrote in each language.

use std::path::Path;

use lexbridge::lang;

const TEXTS: &[&str] = &["de", "en", "fr", "es", "it", "nl", "pt", "sv", "da", "pl", "af", "lb"];
/// The languages an article may be declared in that have function-word lists, and that the
/// texts above are tried against.
const DECLARED: &[&str] =
    &["de", "en", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "pl", "cs", "af", "ca"];

fn text(code: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/languages").join(format!("{code}.txt")),
    )
    .unwrap()
}

#[test]
fn a_text_is_never_settled_as_a_language_it_is_not_in() {
    for &written in TEXTS {
        let t = text(written);
        for &declared in DECLARED.iter().filter(|&&d| d != written) {
            assert!(
                !lang::settled_by_function_words(&t, declared),
                "the {written} text was settled as {declared}"
            );
            // And the article path still asks whatlang, which sees the real language.
            let d = lang::detect_article(&t, Some(declared)).unwrap();
            assert_ne!(d.lang, declared, "the {written} text detected as its wrong declaration {declared}");
        }
    }
}

#[test]
fn news_in_a_language_with_a_list_is_settled_as_that_language() {
    for &written in &["de", "en", "fr", "it", "nl"] {
        let t = text(written);
        assert!(lang::settled_by_function_words(&t, written), "{written} not settled");
        let d = lang::detect_article(&t, Some(written)).unwrap();
        assert_eq!((d.lang.as_str(), d.confidence, d.reliable), (written, 1.0, true));
    }
    // Languages the detector confuses with a neighbour are always whatlang's call.
    for &written in &["es", "da"] {
        assert!(!lang::settled_by_function_words(&text(written), written), "{written} settled");
    }
}

#[test]
fn where_function_words_settle_a_language_articles_csv_shows_what_whatlang_would() {
    // Every article of the bundled corpus, under its declared language, and our own texts.
    let mut checked = 0;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut cases: Vec<(String, String)> = TEXTS.iter().map(|&c| (c.to_string(), text(c))).collect();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let parts: Vec<&str> = name.split('.').collect();
        if parts.len() == 3 && parts[2] == "txt" {
            cases.push((parts[1].to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    for (declared, t) in &cases {
        // What articles.csv shows (language, confidence to three places) with the shortcut and
        // with whatlang alone, on the same sample of the article.
        let shown = |d: lang::Detection| (d.lang, format!("{:.3}", d.confidence), d.reliable);
        let with_shortcut = shown(lang::detect_article(t, Some(declared)).unwrap());
        if lang::settled_by_function_words(t, declared) || with_shortcut.0 == *declared {
            let whatlang = shown(lang::detect_article(t, None).unwrap());
            assert_eq!(with_shortcut, whatlang, "{declared}");
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} texts were settled");
}

#[test]
fn too_little_text_or_a_language_without_a_list_goes_to_whatlang() {
    // Twelve function words are the least that settle a language; a headline has fewer.
    assert!(!lang::settled_by_function_words("Gericht verurteilt Bank zu Schadensersatz", "de"));
    assert!(!lang::settled_by_function_words("Der Kläger hat die Klage in der Sache zurückgenommen.", "de"));
    let ja = "東京地方裁判所は、同社に対し損害賠償を命じた。";
    assert!(!lang::settled_by_function_words(&text("de"), "ja"));
    assert_eq!(lang::detect_article(ja, Some("ja")).unwrap().lang, "ja");
    // Half German, half English: neither language settles it.
    let mixed = format!("{}\n\n{}", text("de"), text("en"));
    let half: String = mixed.chars().take(mixed.chars().count() * 2 / 3).collect();
    assert!(!lang::settled_by_function_words(&half, "en"));
}

/// `untranslated` asks whether a target sentence is reliably in the source language. whatlang
/// first weighs only the two languages and asks all of them only where the source language wins
/// that round; the answer must be whatlang's own, for every sentence: those in the language
/// asked about (true answers), those in the expected one, and those in a third.
#[test]
fn reliably_in_gives_whatlangs_answer_for_every_sentence() {
    let mut sentences: Vec<String> = Vec::new();
    for &code in TEXTS {
        sentences.extend(
            lexbridge::segment::split(&text(code), code).iter().map(|s| s.text(&text(code)).to_string()),
        );
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let parts: Vec<&str> = name.split('.').collect();
        if parts.len() == 3 && parts[2] == "txt" {
            let t = std::fs::read_to_string(&path).unwrap();
            sentences.extend(lexbridge::segment::split(&t, parts[1]).iter().map(|s| s.text(&t).to_string()));
        }
    }
    // Headlines and mixed sentences, the kind the cheap function-word test leaves to whatlang.
    sentences.extend(
        [
            "Kartellamt verhängt Bußgeld gegen Glasfaserkartell",
            "Swiss competition watchdog fines card terminal cartel",
            "Consumer advocates welcomed the decision.",
            "The court said: Die Klägerin habe keinen Anspruch auf Ersatz.",
            "Ransomware gang “Nachtfalter”: Long prison sentences for three defendants in Düsseldorf",
            "Bundesverfassungsgericht: Funkzellenabfragen nur bei schweren Straftaten",
            "Le tribunal a condamné la société à verser des dommages-intérêts.",
        ]
        .map(String::from),
    );
    let pairs =
        [("de", "en"), ("en", "de"), ("fr", "en"), ("de", "fr"), ("nl", "de"), ("es", "pt"), ("lb", "de")];
    let (mut checked, mut yes) = (0, 0);
    for s in &sentences {
        let full = lang::detect(s);
        for &(source, target) in &pairs {
            let expected = full.as_ref().is_some_and(|d| d.lang == source && d.reliable);
            assert_eq!(
                lang::reliably_in(s, source, target),
                expected,
                "{s:?} as {source} instead of {target}"
            );
            checked += 1;
            yes += usize::from(expected);
        }
    }
    assert!(checked > 3000 && yes > 150, "{checked} checks, {yes} in the language asked about");
}
