//! Language detection for articles and sentences.
//!
//! Wraps whatlang and maps its ISO 639-3 codes to the ISO 639-1 codes used everywhere else in
//! lexbridge (file names such as `x.de.txt`, glossary `lang` cells, data folders). The mapping
//! is data (`src/data/languages.tsv`). This module never guesses on empty input: it returns
//! `None` when whatlang cannot decide.

use std::collections::HashMap;
use std::sync::LazyLock;

static ISO3_TO_ISO1: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("data/languages.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect()
});

/// A language guess for a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code where we know one (`de`), else whatlang's ISO 639-3 code.
    pub lang: String,
    /// whatlang's confidence, 0.0–1.0.
    pub confidence: f64,
    /// whatlang's own judgement whether the guess can be relied on.
    pub reliable: bool,
}

/// Detects the language of `text`; `None` when there is nothing to go on.
pub fn detect(text: &str) -> Option<Detection> {
    let info = whatlang::detect(text)?;
    let iso3 = info.lang().code();
    let lang = ISO3_TO_ISO1.get(iso3).map_or_else(|| iso3.to_string(), |c| c.to_string());
    Some(Detection { lang, confidence: info.confidence(), reliable: info.is_reliable() })
}

/// How much of an article [`detect_sample`] reads: whatlang's confidence on news text
/// saturates long before this, and the cost of detection is linear in the text.
pub const SAMPLE_BYTES: usize = 1024;

/// Detects the language of a long text from its first [`SAMPLE_BYTES`] bytes (cut at the last
/// whitespace before the limit, so no word is split): bounded work for any article size.
pub fn detect_sample(text: &str) -> Option<Detection> {
    detect(sample(text, SAMPLE_BYTES))
}

/// The first `max` bytes of `text`, cut at a whitespace (or a char boundary if there is none).
fn sample(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match head.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &head[..i],
        _ => head,
    }
}

/// Whether the detector knows language `code` (ISO 639-1 as lexbridge writes it, or whatlang's
/// ISO 639-3): only then can a declared language be contradicted by detection.
pub fn is_detectable(code: &str) -> bool {
    whatlang::Lang::from_code(code).is_some() || ISO3_TO_ISO1.values().any(|&c| c == code)
}

/// Groups of languages the detector confuses (`data/close_languages.txt`).
static CLOSE: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    include_str!("data/close_languages.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect()
});

fn close(a: &str, b: &str) -> bool {
    CLOSE.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// The least confidence and text length at which a detection may overrule a declared language.
const OVERRULE_CONFIDENCE: f64 = 0.9;
const OVERRULE_MIN_LETTERS: usize = 200;

/// The language `text` is written in when it is clearly not `declared`: the detector is
/// reliable and confident, the text long enough (at least 200 letters), the declared language
/// one it knows and not one it confuses with the detected one (Croatian/Serbian, Danish/Norwegian
/// …). `None` when the text may well be in `declared`.
pub fn contradicts(declared: &str, text: &str, detection: Option<&Detection>) -> Option<String> {
    let d = detection?;
    if d.lang == declared
        || !d.reliable
        || d.confidence < OVERRULE_CONFIDENCE
        || !is_detectable(declared)
        || close(declared, &d.lang)
    {
        return None;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).take(OVERRULE_MIN_LETTERS).count();
    (letters >= OVERRULE_MIN_LETTERS).then(|| d.lang.clone())
}

/// The English name of a language code, for messages (`fr` → French); the code itself when
/// unknown.
pub fn name(code: &str) -> String {
    let lang = whatlang::Lang::from_code(code).or_else(|| {
        ISO3_TO_ISO1.iter().find(|(_, &c)| c == code).and_then(|(iso3, _)| whatlang::Lang::from_code(*iso3))
    });
    lang.map_or_else(|| code.to_string(), |l| l.eng_name().to_string())
}

/// Normalizes a user-given language tag (`DE`, `de-DE`, `en_GB`) to its primary subtag.
pub fn normalize_tag(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or(tag).trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_german_and_english_news_sentences() {
        let de = detect("Das Landgericht München I hat den Konzern zur Zahlung von Schadensersatz verurteilt, teilte eine Sprecherin am Dienstag mit.").unwrap();
        assert_eq!(de.lang, "de");
        let en = detect(
            "The Regional Court of Munich ordered the company to pay damages, a spokeswoman said on Tuesday.",
        )
        .unwrap();
        assert_eq!(en.lang, "en");
        let fr = detect(
            "La CNIL a infligé une amende de 1,5 million d'euros à la société pour manquements au règlement.",
        )
        .unwrap();
        assert_eq!(fr.lang, "fr");
    }

    #[test]
    fn nothing_to_detect_is_none() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("1234 5678"), None);
    }

    #[test]
    fn samples_end_at_a_word_boundary_and_never_split_a_char() {
        let cases: &[(&str, usize, &str)] = &[
            ("Das Gericht entschied.", 100, "Das Gericht entschied."),
            ("Das Gericht entschied am Dienstag.", 20, "Das Gericht"),
            ("Übergröße", 3, "Üb"),
            ("Übergröße", 2, "Ü"),
            ("ÄÖÜäöüß", 4, "ÄÖ"),
        ];
        for &(text, max, want) in cases {
            assert_eq!(sample(text, max), want, "{text:?} {max}");
        }
        let long = "Der Bundesgerichtshof hat entschieden, dass die Bank das Entgelt zurückzahlen muss. "
            .repeat(200);
        assert_eq!(detect_sample(&long).unwrap().lang, "de");
    }

    #[test]
    fn a_long_confident_detection_contradicts_a_wrong_declaration_only() {
        let fr = "La CNIL a infligé une amende de 1,5 million d'euros à la société pour manquements au règlement général sur la protection des données. ".repeat(3);
        let d = detect(&fr);
        assert_eq!(contradicts("en", &fr, d.as_ref()).as_deref(), Some("fr"));
        assert_eq!(contradicts("fr", &fr, d.as_ref()), None);
        assert_eq!(contradicts("xx", &fr, d.as_ref()), None, "a language the detector does not know");
        let hr = Detection { lang: "srp".into(), confidence: 1.0, reliable: true };
        assert_eq!(contradicts("hr", &fr, Some(&hr)), None, "languages the detector confuses");
        let short = "La CNIL a infligé une amende.";
        assert_eq!(contradicts("en", short, detect(short).as_ref()), None, "too short to overrule");
        assert_eq!((name("fr"), name("de"), name("xx")), ("French".into(), "German".into(), "xx".into()));
    }

    #[test]
    fn tags_are_normalized() {
        assert_eq!(normalize_tag("de-DE"), "de");
        assert_eq!(normalize_tag("EN_gb"), "en");
    }
}
