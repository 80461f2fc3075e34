//! TMX 1.4b output: one translation unit per alignment link with text on both sides, as CAT
//! tools (Trados, memoQ, OmegaT, Okapi) import it.
//!
//! Text is escaped for XML and characters XML 1.0 does not allow are dropped; merged sentences
//! are joined with a space. Links with one side empty (a dropped or added sentence) are not
//! translation units and are left out.

use std::fmt::Write;

use crate::xml::{escape, escape_into};

/// A translation unit: an id, and the text in each language.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit<'a> {
    pub id: String,
    pub source_lang: &'a str,
    pub source: &'a str,
    pub target_lang: &'a str,
    pub target: &'a str,
    /// Where the target came from when it is not a human translation (`tm`, `mt:deepl`):
    /// written as `<prop type="x-origin">`, so a CAT tool can tell machine output apart. Empty
    /// for human translations.
    pub origin: &'a str,
}

/// A whole TMX 1.4b document. `srclang` is the language of the originals.
pub fn document(srclang: &str, units: &[Unit]) -> String {
    let mut out = header(srclang);
    for u in units {
        push_unit(&mut out, u);
    }
    out.push_str(FOOTER);
    out
}

/// The start of a TMX document, up to and including `<body>`.
pub fn header(srclang: &str) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n");
    let _ = writeln!(
        out,
        "  <header creationtool=\"lexbridge\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"lexbridge\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\"/>",
        escape(env!("CARGO_PKG_VERSION")),
        escape(srclang)
    );
    out.push_str("  <body>\n");
    out
}

/// The end of a TMX document.
pub const FOOTER: &str = "  </body>\n</tmx>\n";

/// Appends a translation unit, unless one side is empty (then it is no translation unit).
///
/// The fixed markup between the escaped parts is appended in as few pieces as it comes in.
pub fn push_unit(out: &mut String, u: &Unit) {
    if u.source.trim().is_empty() || u.target.trim().is_empty() {
        return;
    }
    out.reserve(u.id.len() + u.source.len() + u.target.len() + 160);
    out.push_str(UNIT_START);
    escape_into(out, &u.id);
    push_unit_langs_start(out, u.origin, u.source_lang);
    escape_into(out, u.source);
    push_unit_target_start(out, u.target_lang);
    escape_into(out, u.target);
    out.push_str(UNIT_END);
}

/// A unit's markup before its escaped id.
pub const UNIT_START: &str = "    <tu tuid=\"";

/// A unit's markup after its target text.
pub const UNIT_END: &str = "</seg></tuv>\n    </tu>\n";

/// A unit's markup from the end of its id to the start of its source text: the origin, if
/// any, and the source language.
pub fn push_unit_langs_start(out: &mut String, origin: &str, source_lang: &str) {
    if origin.is_empty() {
        out.push_str("\">\n      <tuv xml:lang=\"");
    } else {
        out.push_str("\">\n      <prop type=\"x-origin\">");
        escape_into(out, origin);
        out.push_str("</prop>\n      <tuv xml:lang=\"");
    }
    escape_into(out, source_lang);
    out.push_str("\"><seg>");
}

/// A unit's markup from the end of its source text to the start of its target text.
pub fn push_unit_target_start(out: &mut String, target_lang: &str) {
    out.push_str("</seg></tuv>\n      <tuv xml:lang=\"");
    escape_into(out, target_lang);
    out.push_str("\"><seg>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_escaped_and_one_sided_links_left_out() {
        let units = [
            Unit {
                id: "a:1:1".into(),
                source_lang: "de",
                source: "„A & B“ <GmbH>",
                target_lang: "en",
                target: "\"A & B\" <Ltd>\u{1}",
                origin: "",
            },
            Unit {
                id: "a:2:".into(),
                source_lang: "de",
                source: "Ohne Übersetzung.",
                target_lang: "en",
                target: "",
                origin: "mt:deepl",
            },
        ];
        let tmx = document("de", &units);
        assert!(tmx.contains("<header creationtool=\"lexbridge\""));
        assert!(tmx.contains("srclang=\"de\""));
        assert!(tmx.contains("<tuv xml:lang=\"de\"><seg>„A &amp; B“ &lt;GmbH&gt;</seg></tuv>"));
        assert!(tmx.contains("<tuv xml:lang=\"en\"><seg>&quot;A &amp; B&quot; &lt;Ltd&gt;</seg></tuv>"));
        assert_eq!(tmx.matches("<tu ").count(), 1);
    }

    /// The unit's markup, whole, with and without an origin.
    #[test]
    fn a_unit_is_written_whole() {
        let mut unit = Unit {
            id: "a:1+2:1".into(),
            source_lang: "de",
            source: "Zwei Sätze.",
            target_lang: "en",
            target: "Two <sentences>.",
            origin: "",
        };
        let mut out = String::new();
        push_unit(&mut out, &unit);
        assert_eq!(
            out,
            "    <tu tuid=\"a:1+2:1\">\n      <tuv xml:lang=\"de\"><seg>Zwei Sätze.</seg></tuv>\n      <tuv xml:lang=\"en\"><seg>Two &lt;sentences&gt;.</seg></tuv>\n    </tu>\n"
        );
        unit.origin = "mt:deepl";
        out.clear();
        push_unit(&mut out, &unit);
        assert_eq!(
            out,
            "    <tu tuid=\"a:1+2:1\">\n      <prop type=\"x-origin\">mt:deepl</prop>\n      <tuv xml:lang=\"de\"><seg>Zwei Sätze.</seg></tuv>\n      <tuv xml:lang=\"en\"><seg>Two &lt;sentences&gt;.</seg></tuv>\n    </tu>\n"
        );
    }
}
