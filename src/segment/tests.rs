//! Table-driven segmentation cases: one line per case, input and expected sentences.

use super::*;

fn seg(lang: &str, text: &str) -> Vec<String> {
    split(text, lang).iter().map(|s| s.text(text).replace('\n', " ")).collect()
}

macro_rules! t {
    ($name:ident, $lang:expr, $text:expr, [$($s:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let expected: Vec<&str> = vec![$($s),*];
            assert_eq!(seg($lang, $text), expected);
        }
    };
}

t!(
    de_simple,
    "de",
    "Das Gericht tagte. Es urteilte schnell.",
    ["Das Gericht tagte.", "Es urteilte schnell."]
);
t!(
    de_zb,
    "de",
    "Dienste wie z. B. Facebook sind betroffen. Das ist neu.",
    ["Dienste wie z. B. Facebook sind betroffen.", "Das ist neu."]
);
t!(
    de_zb_compact,
    "de",
    "Dienste wie z.B. Google sind betroffen.",
    ["Dienste wie z.B. Google sind betroffen."]
);
t!(
    de_ua,
    "de",
    "Betroffen sind u. a. Kunden der Bank. Sie sollen informiert werden.",
    ["Betroffen sind u. a. Kunden der Bank.", "Sie sollen informiert werden."]
);
t!(
    de_date_ordinal,
    "de",
    "Am 24. Dezember 2024 fiel das Urteil. Die Firma will Berufung einlegen.",
    ["Am 24. Dezember 2024 fiel das Urteil.", "Die Firma will Berufung einlegen."]
);
t!(
    de_senat,
    "de",
    "Der 6. Zivilsenat des BGH entschied anders.",
    ["Der 6. Zivilsenat des BGH entschied anders."]
);
t!(
    de_roman_senate,
    "de",
    "Der XI. Zivilsenat des Bundesgerichtshofs hat entschieden. Die Bank verlor.",
    ["Der XI. Zivilsenat des Bundesgerichtshofs hat entschieden.", "Die Bank verlor."]
);
t!(
    de_rs,
    "de",
    "Mit seinem Urteil (Rs. C-418/23) hat der EuGH entschieden.",
    ["Mit seinem Urteil (Rs. C-418/23) hat der EuGH entschieden."]
);
t!(
    de_century,
    "de",
    "Im 21. Jahrhundert gelten andere Regeln.",
    ["Im 21. Jahrhundert gelten andere Regeln."]
);
t!(
    de_statute,
    "de",
    "Der Anspruch folgt aus Art. 82 Abs. 1 DSGVO. Das Gericht sah das anders.",
    ["Der Anspruch folgt aus Art. 82 Abs. 1 DSGVO.", "Das Gericht sah das anders."]
);
t!(
    de_az,
    "de",
    "Das Urteil (Az. 3 O 123/24) ist nicht rechtskräftig. Eine Berufung ist möglich.",
    ["Das Urteil (Az. 3 O 123/24) ist nicht rechtskräftig.", "Eine Berufung ist möglich."]
);
t!(
    de_mio_mid,
    "de",
    "Der Schaden beträgt 3,9 Mio. Euro und steigt weiter.",
    ["Der Schaden beträgt 3,9 Mio. Euro und steigt weiter."]
);
t!(
    de_mio_capital_noun,
    "de",
    "Gefordert werden 2 Mrd. Euro Schadensersatz.",
    ["Gefordert werden 2 Mrd. Euro Schadensersatz."]
);
t!(
    de_mrd_final,
    "de",
    "Im Vorjahr waren es 3,9 Mrd. Die Zahl stieg deutlich.",
    ["Im Vorjahr waren es 3,9 Mrd.", "Die Zahl stieg deutlich."]
);
t!(
    de_dr_prof,
    "de",
    "Prof. Dr. Anna Weber leitet die Kammer. Sie gilt als streng.",
    ["Prof. Dr. Anna Weber leitet die Kammer.", "Sie gilt als streng."]
);
t!(
    de_quote_close,
    "de",
    "„Das Urteil ist falsch.“ Das sagte der Anwalt.",
    ["„Das Urteil ist falsch.“", "Das sagte der Anwalt."]
);
t!(de_question, "de", "Wer haftet? Das klärt nun der BGH.", ["Wer haftet?", "Das klärt nun der BGH."]);
t!(
    de_decimal,
    "de",
    "Der Umsatz stieg um 3.5 Prozent. Das ist viel.",
    ["Der Umsatz stieg um 3.5 Prozent.", "Das ist viel."]
);
t!(
    de_domain,
    "de",
    "Wie heise.de berichtet, ist der Dienst offline. Nutzer sind verärgert.",
    ["Wie heise.de berichtet, ist der Dienst offline.", "Nutzer sind verärgert."]
);
t!(
    de_paragraph_break,
    "de",
    "Überschrift ohne Punkt\n\nErster Absatz.",
    ["Überschrift ohne Punkt", "Erster Absatz."]
);
t!(
    de_heading_line,
    "de",
    "Urteil gegen Meta\nDas Landgericht hat entschieden.",
    ["Urteil gegen Meta", "Das Landgericht hat entschieden."]
);
t!(
    de_wrapped_line,
    "de",
    "Das Landgericht hat am Dienstag entschieden, dass der Konzern\nzahlen muss.",
    ["Das Landgericht hat am Dienstag entschieden, dass der Konzern zahlen muss."]
);
t!(
    de_list,
    "de",
    "Gefordert werden:\n- Auskunft\n- Schadensersatz",
    ["Gefordert werden:", "- Auskunft", "- Schadensersatz"]
);
t!(
    de_bzw_ca,
    "de",
    "Es geht um ca. 500 bzw. 600 Fälle. Weitere folgen.",
    ["Es geht um ca. 500 bzw. 600 Fälle.", "Weitere folgen."]
);
t!(
    de_vgl,
    "de",
    "Vgl. BGH, Urteil vom 18. November 2024. Das ist neu.",
    ["Vgl. BGH, Urteil vom 18. November 2024.", "Das ist neu."]
);
t!(
    de_ordinal_end,
    "de",
    "Der Konzern landete auf Platz 24. Die Konkurrenz lag vorn.",
    ["Der Konzern landete auf Platz 24.", "Die Konkurrenz lag vorn."]
);
t!(
    de_usw_end,
    "de",
    "Betroffen sind Namen, Adressen usw. Die Bank prüft den Fall.",
    ["Betroffen sind Namen, Adressen usw.", "Die Bank prüft den Fall."]
);
t!(
    de_initial,
    "de",
    "Richterin Phyllis J. Hamilton wies die Klage ab.",
    ["Richterin Phyllis J. Hamilton wies die Klage ab."]
);
t!(
    de_exclamation,
    "de",
    "Das ist ein Skandal! Der Verband fordert Konsequenzen.",
    ["Das ist ein Skandal!", "Der Verband fordert Konsequenzen."]
);
t!(
    de_nr,
    "de",
    "Die Entscheidung Nr. 12 betrifft Google. Sie ist bindend.",
    ["Die Entscheidung Nr. 12 betrifft Google.", "Sie ist bindend."]
);
t!(en_simple, "en", "The court ruled. It was quick.", ["The court ruled.", "It was quick."]);
t!(en_mr, "en", "Mr. Smith appealed. The court declined.", ["Mr. Smith appealed.", "The court declined."]);
t!(en_inc_mid, "en", "Apple Inc. said it would appeal.", ["Apple Inc. said it would appeal."]);
t!(
    en_inc_end,
    "en",
    "The case was brought against Apple Inc. The company denies it.",
    ["The case was brought against Apple Inc.", "The company denies it."]
);
t!(en_us, "en", "The U.S. District Court agreed.", ["The U.S. District Court agreed."]);
t!(en_eg, "en", "Services, e.g. Google Maps, are affected.", ["Services, e.g. Google Maps, are affected."]);
t!(
    en_no,
    "en",
    "In case No. 4:19-cv-07123 the jury found for WhatsApp.",
    ["In case No. 4:19-cv-07123 the jury found for WhatsApp."]
);
t!(
    en_vs,
    "en",
    "In WhatsApp Inc. v. NSO Group the jury ruled. It awarded damages.",
    ["In WhatsApp Inc. v. NSO Group the jury ruled.", "It awarded damages."]
);
t!(en_initials, "en", "Judge Phyllis J. Hamilton presided.", ["Judge Phyllis J. Hamilton presided."]);
t!(en_decimal, "en", "Revenue rose 3.5 percent. Profit fell.", ["Revenue rose 3.5 percent.", "Profit fell."]);
t!(
    en_quote,
    "en",
    "\"This ruling is wrong.\" The lawyer said so.",
    ["\"This ruling is wrong.\"", "The lawyer said so."]
);
t!(en_dr, "en", "Dr. Weber chairs the chamber.", ["Dr. Weber chairs the chamber."]);
t!(
    en_bracket,
    "en",
    "The fine was upheld (the firm had appealed.) Nothing changed.",
    ["The fine was upheld (the firm had appealed.)", "Nothing changed."]
);
t!(
    en_case_no_lowercase,
    "en",
    "The ruling (case no. 1 BvR 1743/22) is final.",
    ["The ruling (case no. 1 BvR 1743/22) is final."]
);
t!(
    fr_basic,
    "fr",
    "La CNIL a sanctionné la société. M. Dupont conteste.",
    ["La CNIL a sanctionné la société.", "M. Dupont conteste."]
);
t!(
    es_basic,
    "es",
    "La CNMC multó a la empresa. El Sr. García recurrirá.",
    ["La CNMC multó a la empresa.", "El Sr. García recurrirá."]
);

// Scripts, marks and invisible characters: boundaries stay on characters, the marks with them.
t!(
    ar_terminals,
    "ar",
    "قضت المحكمة بغرامة قدرها مليون يورو. استأنف المدعى عليه الحكم؟ نعم!",
    ["قضت المحكمة بغرامة قدرها مليون يورو.", "استأنف المدعى عليه الحكم؟", "نعم!"]
);
t!(
    he_periods,
    "he",
    "בית המשפט קבע קנס של מיליון אירו. הנתבע ערער על ההחלטה.",
    ["בית המשפט קבע קנס של מיליון אירו.", "הנתבע ערער על ההחלטה."]
);
t!(
    de_combining_mark,
    "de",
    "Das Cafe\u{301} schließt. Die Stadt reagiert.",
    ["Das Cafe\u{301} schließt.", "Die Stadt reagiert."]
);
t!(
    de_emoji_with_modifier,
    "de",
    "Das Urteil fiel 👍🏽. Die Klägerin jubelt 🎉! Wie geht es weiter?",
    ["Das Urteil fiel 👍🏽.", "Die Klägerin jubelt 🎉!", "Wie geht es weiter?"]
);
t!(
    de_zwj_sequence,
    "de",
    "👨\u{200D}👩\u{200D}👧 Familien klagen. Sie gewinnen.",
    ["👨\u{200D}👩\u{200D}👧 Familien klagen.", "Sie gewinnen."]
);
t!(
    de_zero_width_inside_words,
    "de",
    "Das Gericht\u{200B}entschied. Die Klage\u{200D} ist abgewiesen.",
    ["Das Gericht\u{200B}entschied.", "Die Klage\u{200D} ist abgewiesen."]
);
t!(
    de_zero_width_space_after_period,
    "de",
    "Erster Satz.\u{200B} Zweiter Satz.",
    ["Erster Satz.\u{200B}", "Zweiter Satz."]
);
t!(
    de_zero_width_space_as_separator,
    "de",
    "Erster Satz.\u{200B}Zweiter Satz.",
    ["Erster Satz.\u{200B}", "Zweiter Satz."]
);
t!(
    de_bom_after_period,
    "de",
    "Erster Satz.\u{FEFF} Zweiter Satz.",
    ["Erster Satz.\u{FEFF}", "Zweiter Satz."]
);
t!(
    de_rtl_name_with_marks,
    "de",
    "Der Kläger heißt \u{200F}محمد\u{200F}. Er klagt.",
    ["Der Kläger heißt \u{200F}محمد\u{200F}.", "Er klagt."]
);
t!(
    de_isolate_after_quote,
    "de",
    "„Wir klagen.“\u{2069} Das sagte sie.",
    ["„Wir klagen.“\u{2069}", "Das sagte sie."]
);
t!(de_version_with_zero_width_no_break, "de", "Version 3.\u{2060}5 ist da.", ["Version 3.\u{2060}5 ist da."]);

#[test]
fn spans_cover_every_non_space_character_and_rebuild_the_text() {
    let texts = [
        "Titel\n\nTeaser mit z. B. Abkürzung. Noch ein Satz!\n\n- Punkt\n- Punkt 2\n",
        "  \n\n\n",
        "",
        "ohne Satzzeichen",
        "Ein Satz.\r\nNoch einer.\r\n\r\nAbsatz.",
        "3,9 Mrd. … ?! „“ (.) Nr. 5. Dr. X. Y. Z.",
        "مرحبا بالعالم. שלום עולם. 😀 e\u{301}\u{200b}.",
    ];
    for text in texts {
        for lang in ["de", "en", "fr"] {
            let spans = split(text, lang);
            let mut pos = 0;
            for s in &spans {
                assert!(s.start >= pos && s.start < s.end, "{text:?}: {spans:?}");
                assert!(text[pos..s.start].trim().is_empty(), "lost text in {text:?}");
                assert_eq!(s.text(text), s.text(text).trim());
                pos = s.end;
            }
            assert!(text[pos..].trim().is_empty(), "lost tail in {text:?}");
        }
    }
}

/// Differential test against `unicode-segmentation`: on text where no language rule applies
/// (no periods after abbreviations, numbers or initials; every sentence starts with a capital
/// or is in a script without case), our boundaries are exactly the UAX#29 boundaries.
#[test]
fn boundaries_match_uax29_where_no_language_rule_applies() {
    use unicode_segmentation::UnicodeSegmentation;
    let texts = [
        "Das Gericht tagte lange. Es urteilte schnell! Wer zahlt? Niemand weiß es.",
        "The court ruled today. Was it fair? Nobody knows!",
        "Il tribunale ha deciso. La società farà ricorso.",
        "مرحبا بالعالم؟ هذا اختبار.",
        "यह पहला वाक्य है। यह दूसरा वाक्य है।",
        "Բարեւ։ Ինչպես ես։",
        "ሰላም። እንዴት ነህ።",
        "Он пришёл домой. Она спала!",
        "Η απόφαση εκδόθηκε. Η εταιρεία θα ασκήσει έφεση.",
        "他来了。她走了！你好吗？",
        "Ｈｅｌｌｏ！ Ｗｏｒｌｄ？ Ｏｋ．",
        "Wirklich?! Ja‼ Gut‽ Ende.",
    ];
    for text in texts {
        for lang in ["de", "en", "xx"] {
            let ours: Vec<&str> = split(text, lang).iter().map(|s| s.text(text)).collect();
            let uax: Vec<&str> =
                text.split_sentence_bounds().map(str::trim).filter(|s| !s.is_empty()).collect();
            assert_eq!(ours, uax, "{lang}: {text}");
        }
    }
}

/// The abbreviation data files parse into what the segmenter uses: every flag is known and no
/// entry is listed twice with different flags.
#[test]
fn abbreviation_data_is_well_formed() {
    let files = [
        include_str!("data/de/abbreviations.txt"),
        include_str!("data/en/abbreviations.txt"),
        include_str!("data/generic/abbreviations.txt"),
        include_str!("data/fr/abbreviations.txt"),
        include_str!("data/es/abbreviations.txt"),
        include_str!("data/it/abbreviations.txt"),
        include_str!("data/nl/abbreviations.txt"),
    ];
    for file in files {
        let mut seen = std::collections::HashMap::new();
        for line in data_lines(file) {
            let (form, flag) = line.split_once('\t').unwrap_or((line, ""));
            assert!(["", "final", "number"].contains(&flag.trim()), "unknown flag in {line:?}");
            assert!(form.trim().ends_with('.'), "abbreviation without a period: {line:?}");
            let key: String = form.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(old) = seen.insert(key.clone(), flag.trim().to_string()) {
                assert_eq!(old, flag.trim(), "{key} listed twice with different flags");
            }
        }
    }
}

/// The scan's stop-byte table covers the lead byte of every terminal character.
#[test]
fn stop_table_covers_every_terminal() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| is_terminal(c)) {
        let mut buf = [0; 4];
        let lead = c.encode_utf8(&mut buf).as_bytes()[0];
        assert!(STOP[usize::from(lead)], "lead byte {lead:#x} of {c:?} missing");
    }
    // The ASCII spaces trimmed at once are those of `char::is_whitespace`.
    for b in 0..=127u8 {
        assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b:#x}");
    }
    // The chunk test passes over no byte the table stops at.
    for b in 0..=255u8 {
        assert!(!STOP[usize::from(b)] || may_stop(b), "{b:#x}");
    }
}

/// The byte-wise shortcuts of the candidate rules against the `str` methods they stand for, on
/// random strings of ASCII, Latin letters, other scripts and every kind of space.
#[test]
fn byte_shortcuts_are_the_str_methods() {
    let alphabet: Vec<char> = "aZ9 .,)]}\"'(\n\tßÄé“”’‘»«›‹…x1"
        .chars()
        .chain(['\u{a0}', '\u{2009}', '\u{3000}', '\u{85}', 'ב', '漢', '\u{b}'])
        .collect();
    let mut seed: u64 = 0x1357_9bdf_2468_ace0;
    for _ in 0..50_000 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let len = (seed >> 60) as usize;
        let mut t = String::new();
        for _ in 0..len {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            t.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        assert_eq!(rfind_space(&t), t.rfind(char::is_whitespace), "{t:?}");
        let prefix = t.find(|c: char| !c.is_alphanumeric()).unwrap_or(t.len());
        assert_eq!(alphanumeric_prefix(&t), prefix, "{t:?}");
        assert_eq!(first_token(&t), t.split(char::is_whitespace).next().unwrap_or(""), "{t:?}");
        assert_eq!(ends_with_closing(&t), t.ends_with(CLOSING), "{t:?}");
        for i in 0..=t.len() + 1 {
            assert_eq!(char_at(&t, i), t.get(i..).and_then(|s| s.chars().next()), "{t:?} {i}");
        }
    }
}

/// Regression: a no-break space before a word glued to the next sentence ("5\u{a0}Euro.Das")
/// made the missing-space rule slice inside a character.
#[test]
fn no_break_space_before_a_glued_sentence_does_not_panic() {
    for text in ["Er zahlte 5\u{a0}Euro.Das war zu viel.", "x\u{a0}ab.Cd", "a\u{202f}bc.De fg"] {
        for lang in ["de", "en", "fr"] {
            let spans = split(text, lang);
            assert!(spans.iter().all(|s| text.is_char_boundary(s.start) && text.is_char_boundary(s.end)));
        }
    }
}

/// The units found with memchr's line breaks against the same rules over
/// `str::split_inclusive('\n')`, on random texts of line breaks, blank lines, spaces and words.
#[test]
fn units_over_memchr_lines_are_units_over_split_lines() {
    let by_split = |seg: &Segmenter, text: &str| {
        let (mut units, mut lines) = (Vec::new(), Vec::new());
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let (ls, le) = (pos, pos + line.len());
            pos = le;
            if line.trim().is_empty() {
                seg.paragraph_units(text, &lines, &mut units);
                lines.clear();
            } else {
                lines.push((ls, le));
            }
        }
        seg.paragraph_units(text, &lines, &mut units);
        units
    };
    let pieces = ["\n", "\r\n", " ", "\n\n", "Der Satz.", "- Punkt", "1. Eins", "ab", "Ü", "\t", "ende"];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for lang in ["de", "en"] {
        let seg = segmenter(lang);
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            for k in 0..(seed >> 60) {
                text.push_str(pieces[((seed >> (k * 4)) % pieces.len() as u64) as usize]);
            }
            let mut units = Vec::new();
            seg.units(&text, &mut units);
            assert_eq!(units, by_split(seg, &text), "{text:?}");
        }
    }
}
