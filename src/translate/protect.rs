//! Protection: what an MT engine must not touch is replaced by placeholders before MT and put
//! back after it.
//!
//! Protected are key figures ([`crate::figures::extract`]), URLs, e-mail addresses and
//! do-not-translate glossary terms (concepts whose target terms are written as the source term:
//! names, institutions). A figure comes back rendered in the target language where lexbridge
//! renders that language (`3,5 Millionen Euro` → `3.5 million euros` for German→English); for
//! other languages only its numbers are protected, as written, and the engine translates the
//! words around them. Everything else comes back as written.
//!
//! Placeholders depend on the engine's [`Markup`]:
//! - `Xml`: `<x id="N"/>`, an empty element an XML-aware engine (DeepL `tag_handling=xml`) keeps.
//! - `Plain`: a five-digit number `7NNN1` (`70011`, `70021`…, shifted when the sentence already
//!   holds such a number). Bare numbers are what rule-based engines (Apertium passes digits
//!   through as unknown-free tokens) and neural ones (Marian, CTranslate2, Argos, which copy
//!   numbers) reliably leave alone; words, brackets and symbols get translated, inflected or
//!   split. English MT may group digits (`70,011`): that is recognized, restored and reported as
//!   `placeholder_mangled`.
//!
//! A placeholder missing from the output is `placeholder_lost` (its text cannot be put back),
//! one that comes back twice is `placeholder_duplicated` (both are restored); nothing is silent.

use std::sync::LazyLock;

use regex::Regex;

use super::{Issue, Markup};
use crate::check::Severity;
use crate::glossary::{Glossary, Part};

/// What a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Figure,
    Url,
    Email,
    Term,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Figure => "figure",
            Kind::Url => "url",
            Kind::Email => "e-mail address",
            Kind::Term => "do-not-translate term",
        }
    }
}

/// A protected span of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub kind: Kind,
    /// The text in the source sentence.
    pub original: String,
    /// What replaces the placeholder after MT.
    pub restore: String,
    /// The placeholder sent to the engine.
    pub placeholder: String,
}

/// A sentence ready for MT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    /// The text sent to the engine.
    pub text: String,
    pub spans: Vec<Span>,
    pub markup: Markup,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>\x22]+").expect("URL pattern is valid")
});
/// A number as written inside a figure: digits, grouped or with decimals.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:[.,'\u{a0}\u{202f}]\d+)*").expect("number pattern is valid"));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b").expect("e-mail pattern is valid")
});
static XML_PH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<\s*x\s+id\s*=\s*["']?(\d+)["']?\s*/?\s*>(?:\s*</\s*x\s*>)?"#).expect("valid")
});

/// The base of plain placeholders: `7` + three digits of id + `1`.
const PLAIN_BASE: u32 = 70_001;

/// Replaces the protected spans of `sentence` (in `from`) with placeholders for `markup`.
pub fn protect(sentence: &str, from: &str, to: &str, glossary: &Glossary, markup: Markup) -> Protected {
    let mut found: Vec<(usize, usize, Kind, String)> = Vec::new();
    for m in URL.find_iter(sentence) {
        let s = m.as_str().trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '“', '”', '\'', '"']);
        found.push((m.start(), m.start() + s.len(), Kind::Url, s.to_string()));
    }
    for m in EMAIL.find_iter(sentence) {
        found.push((m.start(), m.end(), Kind::Email, m.as_str().to_string()));
    }
    for h in glossary.find(sentence, from) {
        let e = glossary.entry(h.entry);
        if h.part == Part::Whole && glossary.do_not_translate(&e.concept, from, to) {
            if let Some(s) = sentence.get(h.start..h.end) {
                found.push((h.start, h.end, Kind::Term, s.to_string()));
            }
        }
    }
    // Where lexbridge renders figures in both languages the whole figure is protected and comes
    // back rendered; elsewhere only its numbers are (as written), and the engine translates the
    // words around them ("12.5 million euros" → "12.5 millones de euros"), so no source-language
    // word is left in the translation.
    let renders = matches!(to, "de" | "en") && matches!(from, "de" | "en") && from != to;
    for f in crate::figures::extract(sentence, from) {
        let Some(s) = sentence.get(f.start..f.end) else { continue };
        if renders {
            let (de, en) = crate::figures::renderings(&f);
            found.push((f.start, f.end, Kind::Figure, if to == "de" { de } else { en }));
        } else {
            for m in NUMBER.find_iter(s) {
                found.push((f.start + m.start(), f.start + m.end(), Kind::Figure, m.as_str().to_string()));
            }
        }
    }
    // Earlier first, then longer; overlapping later spans are dropped (a URL holds digits, an
    // e-mail address holds a name).
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept: Vec<(usize, usize, Kind, String)> = Vec::new();
    for f in found {
        if f.1 > f.0 && kept.last().is_none_or(|k| f.0 >= k.1) {
            kept.push(f);
        }
    }
    let mut base = PLAIN_BASE;
    while markup == Markup::Plain
        && (0..kept.len() as u32).any(|i| sentence.contains(&(base + i * 10).to_string()))
    {
        base += 100_000;
    }
    let mut text = String::with_capacity(sentence.len());
    let mut spans = Vec::with_capacity(kept.len());
    let mut pos = 0;
    for (i, (start, end, kind, restore)) in kept.into_iter().enumerate() {
        let placeholder = match markup {
            Markup::Xml => format!("<x id=\"{}\"/>", i + 1),
            Markup::Plain => (base + i as u32 * 10).to_string(),
        };
        text.push_str(&sentence[pos..start]);
        text.push_str(&placeholder);
        pos = end;
        let original = sentence[start..end].to_string();
        let restore = if kind == Kind::Figure { restore } else { original.clone() };
        spans.push(Span { kind, original, restore, placeholder });
    }
    text.push_str(&sentence[pos..]);
    Protected { text, spans, markup }
}

/// Puts the protected spans back into `translated`; reports every placeholder lost, duplicated
/// or mangled.
pub fn restore(translated: &str, p: &Protected) -> (String, Vec<Issue>) {
    let mut issues = Vec::new();
    if p.spans.is_empty() {
        return (translated.to_string(), issues);
    }
    // Every place a placeholder of this sentence shows up: (start, end, span index, exact).
    let mut hits: Vec<(usize, usize, usize, bool)> = Vec::new();
    match p.markup {
        Markup::Xml => {
            for c in XML_PH.captures_iter(translated) {
                let (Some(m), Some(id)) = (c.get(0), c.get(1)) else { continue };
                let Ok(n) = id.as_str().parse::<usize>() else { continue };
                if (1..=p.spans.len()).contains(&n) {
                    let exact = m.as_str() == p.spans[n - 1].placeholder;
                    hits.push((m.start(), m.end(), n - 1, exact));
                }
            }
        }
        Markup::Plain => {
            // Each placeholder as sent, standing alone (not part of a longer number: two
            // placeholders side by side, `70001 70011`, are two); failing that, grouped as an
            // engine may write a five-digit number (`70,011`, `70.011`, `70 011`).
            let alone = |at: usize, len: usize| {
                !translated[..at].ends_with(|c: char| c.is_ascii_digit())
                    && !translated[at + len..].starts_with(|c: char| c.is_ascii_digit())
            };
            for (i, span) in p.spans.iter().enumerate() {
                let ph = span.placeholder.as_str();
                let exact: Vec<usize> = translated
                    .match_indices(ph)
                    .map(|(at, _)| at)
                    .filter(|&at| alone(at, ph.len()))
                    .collect();
                if !exact.is_empty() {
                    hits.extend(exact.into_iter().map(|at| (at, at + ph.len(), i, true)));
                    continue;
                }
                let (head, tail) = ph.split_at(ph.len().saturating_sub(3));
                for sep in [",", ".", "'", " ", "\u{a0}", "\u{202f}"] {
                    let grouped = format!("{head}{sep}{tail}");
                    for (at, _) in translated.match_indices(&grouped) {
                        if alone(at, grouped.len()) {
                            hits.push((at, at + grouped.len(), i, false));
                        }
                    }
                }
            }
            hits.sort_unstable();
            let mut end = 0;
            hits.retain(|h| {
                let keep = h.0 >= end;
                if keep {
                    end = h.1;
                }
                keep
            });
        }
    }
    let mut count = vec![0usize; p.spans.len()];
    for h in &hits {
        count[h.2] += 1;
    }
    for (i, s) in p.spans.iter().enumerate() {
        let what = s.kind.as_str();
        if count[i] == 0 {
            issues.push(Issue {
                check: "placeholder_lost",
                severity: Severity::Error,
                expected: s.restore.clone(),
                found: String::new(),
                message: format!(
                    "the engine dropped the placeholder of the {what} '{}'; it is missing from the translation",
                    s.original
                ),
            });
        } else if count[i] > 1 {
            issues.push(Issue {
                check: "placeholder_duplicated",
                severity: Severity::Warning,
                expected: s.restore.clone(),
                found: format!("{} times", count[i]),
                message: format!("the engine repeated the placeholder of the {what} '{}'", s.original),
            });
        }
    }
    let mut out = String::with_capacity(translated.len() + 32);
    let mut pos = 0;
    for (start, end, i, exact) in hits {
        let s = &p.spans[i];
        if !exact {
            issues.push(Issue {
                check: "placeholder_mangled",
                severity: Severity::Warning,
                expected: s.placeholder.clone(),
                found: translated[start..end].to_string(),
                message: format!(
                    "the engine changed the placeholder of the {} '{}'; it was restored",
                    s.kind.as_str(),
                    s.original
                ),
            });
        }
        out.push_str(&translated[pos..start]);
        // A rendering that opens the sentence opens it with a capital (`more than` → `More than`).
        let opens = !translated[..start].chars().any(char::is_alphanumeric);
        let mut chars = s.restore.chars();
        match chars.next() {
            Some(first) if opens && first.is_lowercase() && s.kind == Kind::Figure => {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
            _ => out.push_str(&s.restore),
        }
        pos = end;
    }
    out.push_str(&translated[pos..]);
    (out, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        Glossary::from_csv_str(
            "t.csv",
            "concept,lang,term,status,match,note\n\
             bkartamt,de,Bundeskartellamt,preferred,,\n\
             bkartamt,en,Bundeskartellamt,preferred,,\n\
             damages,de,Schadensersatz,preferred,,\n\
             damages,en,damages,preferred,,\n",
        )
        .unwrap()
    }

    #[test]
    fn plain_placeholders_cover_figures_urls_mail_and_names() {
        let g = glossary();
        let p = protect(
            "Das Bundeskartellamt verhängte 3,5 Millionen Euro, siehe https://example.org/a?b=1. Fragen an presse@bkarta.de.",
            "de",
            "en",
            &g,
            Markup::Plain,
        );
        assert_eq!(p.text, "Das 70001 verhängte 70011, siehe 70021. Fragen an 70031.");
        let kinds: Vec<Kind> = p.spans.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::Term, Kind::Figure, Kind::Url, Kind::Email]);
        assert_eq!(p.spans[1].original, "3,5 Millionen Euro");
        let (back, issues) = restore("The 70001 imposed 70011, see 70021. Questions to 70031.", &p);
        assert!(issues.is_empty(), "{issues:?}");
        assert!(back.starts_with("The Bundeskartellamt imposed "), "{back}");
        assert!(back.contains("see https://example.org/a?b=1. Questions to presse@bkarta.de."), "{back}");
        assert!(!back.contains("7001"), "{back}");
    }

    #[test]
    fn figures_come_back_rendered_in_the_target_language() {
        let g = glossary();
        let cases = [
            ("Mehr als 2.000 Kunden klagten.", "70001 sued.", "More than 2,000 customers sued."),
            (
                "Die Strafe stieg um 12,5 Prozent.",
                "The penalty rose by 70001.",
                "The penalty rose by 12.5 percent.",
            ),
            ("Die Frist beträgt drei Monate.", "The deadline is 70001.", "The deadline is 3 months."),
        ];
        for (src, mt, want) in cases {
            let p = protect(src, "de", "en", &g, Markup::Plain);
            assert_eq!(restore(mt, &p).0, want, "{src}");
        }
    }

    #[test]
    fn xml_placeholders_round_trip() {
        let g = glossary();
        let p = protect("Das Bundeskartellamt prüft seit 2021.", "de", "en", &g, Markup::Xml);
        assert_eq!(p.text, "Das <x id=\"1\"/> prüft seit <x id=\"2\"/>.");
        let (back, issues) = restore("The <x id=\"1\"/> has been examining since <x id=\"2\" />.", &p);
        assert_eq!(back, "The Bundeskartellamt has been examining since 2021.");
        // Plain text around the elements: the engine escapes it for the wire (see Markup::Xml).
        let amp = protect("A & B <GmbH> siehe https://x.de/?a=1&b=2", "de", "en", &g, Markup::Xml);
        assert_eq!(amp.text, "A & B <GmbH> siehe <x id=\"1\"/>");
        let (back, _) = restore("A & B <GmbH> see <x id=\"1\"/> – ok", &amp);
        assert_eq!(back, "A & B <GmbH> see https://x.de/?a=1&b=2 – ok");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].check, "placeholder_mangled");
    }

    #[test]
    fn placeholders_side_by_side_are_restored_apart() {
        let g = glossary();
        let p = protect("Das Bundeskartellamt verhängte 2021 ein Bußgeld.", "de", "en", &g, Markup::Plain);
        assert_eq!(p.text, "Das 70001 verhängte 70011 ein Bußgeld.");
        let (back, issues) = restore("In 70011 the 70001 70011 imposed a fine.", &p);
        assert_eq!(back, "In 2021 the Bundeskartellamt 2021 imposed a fine.");
        assert_eq!(issues.iter().map(|i| i.check).collect::<Vec<_>>(), ["placeholder_duplicated"]);
    }

    #[test]
    fn for_a_language_without_figure_renderings_only_the_numbers_are_protected() {
        let g = glossary();
        let p = protect("The fine of 12.5 million euros hit 3,400 customers.", "en", "es", &g, Markup::Plain);
        assert_eq!(p.text, "The fine of 70001 million euros hit 70011 customers.");
        let (back, issues) = restore("La multa de 70001 millones de euros afectó a 70011 clientes.", &p);
        assert_eq!(back, "La multa de 12.5 millones de euros afectó a 3,400 clientes.");
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn lost_duplicated_and_mangled_placeholders_are_reported() {
        let g = glossary();
        let p = protect("Das Bundeskartellamt prüft seit 2021.", "de", "en", &g, Markup::Plain);
        let cases: [(&str, &[&str]); 6] = [
            ("The 70001 has been examining since 70011.", &[]),
            ("The authority has been examining since 70011.", &["placeholder_lost"]),
            ("The 70001 (70001) has been examining since 70011.", &["placeholder_duplicated"]),
            ("The 70001 has been examining since 70,011.", &["placeholder_mangled"]),
            ("The 70001 70011 has been examining.", &[]),
            ("The 70001 has been examining since 700011.", &["placeholder_lost"]),
        ];
        for (mt, want) in cases {
            let (_, issues) = restore(mt, &p);
            let got: Vec<&str> = issues.iter().map(|i| i.check).collect();
            assert_eq!(got, want, "{mt}");
        }
    }

    #[test]
    fn a_sentence_with_a_placeholder_like_number_gets_other_placeholders() {
        let g = glossary();
        let p = protect("Az. 70001 betrifft 2021.", "de", "en", &g, Markup::Plain);
        assert!(!p.spans.iter().any(|s| s.placeholder == "70001"), "{p:?}");
    }
}
