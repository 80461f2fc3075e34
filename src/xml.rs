//! Writing XML text safely, for the TMX and TBX writers: the one place that escapes.

/// Escapes text for XML element content and attribute values, dropping characters XML 1.0
/// forbids (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out`: runs of characters that need nothing are copied whole.
pub fn escape_into(out: &mut String, text: &str) {
    let mut clean = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\t' | '\n' | '\r' => continue,
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => "",
            _ => continue,
        };
        out.push_str(&text[clean..i]);
        out.push_str(replacement);
        clean = i + c.len_utf8();
    }
    out.push_str(&text[clean..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            super::escape("„A & B“ <x> \"y\" 'z'\u{1}\t"),
            "„A &amp; B“ &lt;x&gt; &quot;y&quot; &apos;z&apos;\t"
        );
        let mut out = String::from("<seg>");
        super::escape_into(&mut out, "Müller & Söhne\u{fffe}");
        assert_eq!(out, "<seg>Müller &amp; Söhne");
    }
}
