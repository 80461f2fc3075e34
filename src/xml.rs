//! Writing XML text safely, for the TMX and TBX writers: the one place that escapes.

/// Escapes text for XML element content and attribute values, dropping characters XML 1.0
/// forbids (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out`: runs of characters that need nothing are copied whole.
///
/// Text without markup or forbidden characters (nearly all of it) is scanned 64 bytes at a time
/// (then eight) and copied once.
///
/// The scan is over bytes: everything that needs escaping or dropping is ASCII, except U+FFFE
/// and U+FFFF, whose UTF-8 forms start with the byte 0xEF; a table says which bytes need a look.
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut clean = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most text needs nothing: skip it 64 bytes at a time, by comparisons the compiler turns
        // into vector compares (it cannot with a table lookup per byte), then eight at a time.
        while let Some(chunk) = bytes.get(i..i + 64) {
            let mut any = 0u8;
            for &b in chunk {
                any |= u8::from(may_need_look(b));
            }
            if any != 0 {
                break;
            }
            i += 64;
        }
        while let Some(chunk) = bytes.get(i..i + 8) {
            if chunk.iter().fold(false, |look, &b| look | NEEDS_LOOK[usize::from(b)]) {
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        if !NEEDS_LOOK[usize::from(b)] {
            i += 1;
            continue;
        }
        let (replacement, len) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            0xEF => {
                i += 1;
                continue;
            }
            // The C0 controls other than tab, line feed and carriage return (see the table).
            _ => ("", 1),
        };
        out.push_str(&text[clean..i]);
        out.push_str(replacement);
        i += len;
        clean = i;
    }
    out.push_str(&text[clean..]);
}

/// Whether `b` may be in [`NEEDS_LOOK`]: every byte there, and tab, line feed and carriage
/// return too (the table then says they need nothing).
#[inline(always)]
pub(crate) fn may_need_look(b: u8) -> bool {
    (b < 0x20) | (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'\'') | (b == 0xEF)
}

/// The bytes [`escape_into`] stops at: markup characters, C0 controls other than tab, line feed
/// and carriage return, and 0xEF (the lead byte of U+FFFE and U+FFFF).
static NEEDS_LOOK: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xEF] = true;
    t
};

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
        // Other characters whose UTF-8 starts with 0xEF stay, and so does U+FFFD.
        assert_eq!(super::escape("\u{f000}\u{fffd}\u{ffff}x\u{ff21}"), "\u{f000}\u{fffd}x\u{ff21}");
    }

    /// The vector scan stops at every byte the table needs a look at.
    #[test]
    fn the_fast_scan_stops_at_every_byte_that_needs_a_look() {
        for b in 0..=255u8 {
            assert!(!super::NEEDS_LOOK[usize::from(b)] || super::may_need_look(b), "{b:#x}");
        }
        // Specials before, at and after the ends of the 64-byte and 8-byte chunks.
        let clean = "abcdefghijklmnopqrstuvwxyz012345";
        for at in [0, 7, 8, 9, 62, 63, 64, 65, 71, 72, 73, 127, 128, 129] {
            let text = format!("{}&{}", &clean.repeat(5)[..at], "tail");
            assert_eq!(super::escape(&text), text.replace('&', "&amp;"), "{at}");
        }
    }

    /// The byte scan agrees with escaping character by character.
    #[test]
    fn byte_scan_agrees_with_characters() {
        fn by_chars(text: &str) -> String {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&apos;"),
                    '\t' | '\n' | '\r' => out.push(c),
                    c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
                    c => out.push(c),
                }
            }
            out
        }
        let pieces = [
            "a",
            "&",
            "<>",
            "\"'",
            "\u{1}",
            "\t\n\r",
            "\u{1f}",
            "\u{fffe}",
            "\u{ffff}",
            "\u{fffd}",
            "ä",
            "\u{ef}",
            "\u{f8ff}",
            "€",
            "\u{1f600}",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert_eq!(super::escape(&text), by_chars(&text), "{text:?}");
            seed = seed.wrapping_add(1);
        }
    }
}
