use super::*;

fn doc(text: &str) -> Result<Article, CorpusError> {
    parse_document(Path::new("x.de.txt"), "x", Some("de".into()), text)
}

#[test]
fn title_teaser_body_without_front_matter() {
    let a = doc("BGH stärkt Verbraucher\n\nDer Teaser steht hier.\n\nErster Absatz.\nZweite Zeile.\n\nZweiter Absatz.\n").unwrap();
    assert_eq!(a.title(), "BGH stärkt Verbraucher");
    assert_eq!(a.teaser(), "Der Teaser steht hier.");
    assert_eq!(a.body(), "Erster Absatz.\nZweite Zeile.\n\nZweiter Absatz.");
    assert_eq!(a.origin.line, 1);
}

#[test]
fn the_rest_of_the_title_paragraph_starts_the_teaser_and_pieces_are_trimmed() {
    let a = doc("  Titel  \n   Rest der Zeile  \nnoch mehr\n\n  Absatz eins.  \n\n\tAbsatz zwei.\n").unwrap();
    assert_eq!(a.title(), "Titel");
    assert_eq!(a.teaser(), "Rest der Zeile\nnoch mehr");
    assert_eq!(a.body(), "Absatz eins.\n\n\tAbsatz zwei.");
    assert_eq!(a.text, "Titel\n\nRest der Zeile\nnoch mehr\n\nAbsatz eins.\n\n\tAbsatz zwei.");
    // With a teaser given, the rest starts the body; the paragraphs after it keep their indent.
    let b = doc("---\nteaser: Vorspann\n---\nTitel\n  zweite Zeile\n\n  Absatz.\n").unwrap();
    assert_eq!((b.title(), b.teaser(), b.body()), ("Titel", "Vorspann", "zweite Zeile\n\n  Absatz."));
    let c = doc("---\ntitle: \" T \"\n---\n").unwrap();
    assert_eq!((c.title(), c.teaser(), c.body()), ("T", "", ""));
}

#[test]
fn front_matter_sets_id_lang_and_meta() {
    let a = doc(
        "---\nid: other\nlang: en-GB\ndate: 2025-03-14\ntranslation_of: orig\n---\nTitle\n\nTeaser.\n\nBody.",
    )
    .unwrap();
    assert_eq!(a.id, "other");
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(a.meta.get("date").map(String::as_str), Some("2025-03-14"));
    assert_eq!(a.group_id(), "orig");
    assert_eq!(a.title(), "Title");
    assert_eq!(a.origin.line, 7);
}

#[test]
fn unclosed_front_matter_is_an_error() {
    assert_eq!(doc("---\nid: x\nTitle\n\nBody.").unwrap_err(), CorpusError::BadFrontMatter(3));
    assert_eq!(doc("---\nid: x\n").unwrap_err(), CorpusError::UnclosedFrontMatter);
}

#[test]
fn empty_documents_are_errors() {
    assert_eq!(doc("").unwrap_err(), CorpusError::Empty);
    assert_eq!(doc("\n \n\n").unwrap_err(), CorpusError::Empty);
    assert_eq!(doc("---\nid: x\n---\n").unwrap_err(), CorpusError::Empty);
}

#[test]
fn boilerplate_is_removed() {
    let a = doc(
        "Titel\n\nTeaser.\n\n(Bild: Landgericht München I)\n\nVideos by heise\n\nText des Artikels. (mho)\n",
    )
    .unwrap();
    assert_eq!(a.body(), "Text des Artikels.");
    assert_eq!(a.boilerplate_removed, 3);
    let en = doc("Title\n\nTeaser.\n\n(Image: dpa)\n\nFoto: Reuters\n\nBody (with brackets) stays.").unwrap();
    assert_eq!(en.body(), "Body (with brackets) stays.");
}

#[test]
fn boilerplate_rules_all_compile() {
    let rules = include_str!("data/boilerplate.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .count();
    assert_eq!(BOILERPLATE.len(), rules);
    assert!(LINE_RULES.is_some(), "the line rules compile as one alternation");
}

#[test]
fn line_rules_as_one_alternation_agree_with_each_rule() {
    let lines = [
        "(Bild: dpa)",
        "( Foto : Reuters / Max Mustermann )",
        "Foto: picture alliance",
        "Quelle: Bundesgerichtshof",
        "Videos by heise",
        "Mehr zum Thema:",
        "Read more",
        "Teilen | Drucken | Kommentare",
        "share · print",
        "Anzeige",
        "Das Gericht hat entschieden (dpa)",
        "Bild: ein Satz, der viel zu lang ist, um eine Bildunterschrift zu sein, denn er geht weiter und weiter und weiter",
        "Teilen Sie uns Ihre Meinung mit",
        "",
        "Ümlaut: Ärger",
    ];
    for line in lines {
        let each = BOILERPLATE.iter().any(|(kind, re)| matches!(kind, RuleKind::Line) && re.is_match(line));
        assert_eq!(is_boilerplate_line(line), each, "{line:?}");
    }
}

#[test]
fn decode_rejects_binary_and_bad_utf8() {
    assert_eq!(decode(b"ab\0cd"), Err(CorpusError::Binary(2)));
    assert_eq!(decode(b"ok\nline\n\xff"), Err(CorpusError::InvalidUtf8 { byte: 8, line: 3 }));
    assert_eq!(decode("\u{feff}Hallo".as_bytes()), Ok("Hallo"));
}

#[test]
fn names_give_id_and_language() {
    assert_eq!(
        id_and_lang_from_name(Path::new("c/bgh-urteil.de.txt")),
        ("bgh-urteil".into(), Some("de".into()))
    );
    assert_eq!(id_and_lang_from_name(Path::new("c/notes.txt")), ("notes".into(), None));
    assert_eq!(id_and_lang_from_name(Path::new("c/v1.2.txt")), ("v1.2".into(), None));
}

#[test]
fn jsonl_good_and_bad_lines() {
    let text = "{\"id\":\"a\",\"lang\":\"de\",\"title\":\"T\",\"teaser\":\"Tz.\",\"body\":\"B.\",\"url\":\"u\"}\n\nnot json\n{\"lang\":\"en\",\"body\":\"x\"}\n{\"id\":\"b\"}\n";
    let entries = parse_jsonl(Path::new("f.jsonl"), text);
    assert_eq!(entries.len(), 4);
    match &entries[0] {
        Entry::Article(a) => {
            assert_eq!((a.id.as_str(), a.title(), a.teaser(), a.body()), ("a", "T", "Tz.", "B."));
            assert_eq!(a.meta.get("url").map(String::as_str), Some("u"));
            assert_eq!(a.origin.line, 1);
        }
        other => panic!("{other:?}"),
    }
    let failures: Vec<(String, usize)> = entries[1..]
        .iter()
        .map(|e| match e {
            Entry::Failed(f) => (f.id.clone(), f.origin.line),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(failures, vec![("f#3".to_string(), 3), ("f#4".to_string(), 4), ("b".to_string(), 5)]);
}

/// A line of Unicode whitespace alone (a vertical tab, a no-break space, a line separator) is not
/// blank to JSONL: it is reported as a line that is not JSON, never skipped. (The streaming
/// index counted such a line as content while the parser skipped it, so a file of nothing else
/// left no row at all.) ASCII whitespace alone is blank.
#[test]
fn jsonl_lines_of_unicode_whitespace_are_reported_not_skipped() {
    let text = "\u{b}\n \t\r\n\u{a0}\n\u{c}\n\u{2028}\n";
    let failures: Vec<(String, usize)> = parse_jsonl(Path::new("f.jsonl"), text)
        .iter()
        .map(|e| match e {
            Entry::Failed(f) => {
                assert!(matches!(f.error, CorpusError::BadJson(_)), "{:?}", f.error);
                (f.id.clone(), f.origin.line)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(failures, vec![("f#1".to_string(), 1), ("f#3".to_string(), 3), ("f#5".to_string(), 5)]);
    assert!(is_blank_jsonl_line(b" \t\r\x0c") && !is_blank_jsonl_line("\u{a0}".as_bytes()));
}

/// Regression: CRLF front matter was split at offsets that drifted one byte a line, and panicked
/// when the drift landed inside a multi-byte character.
#[test]
fn crlf_front_matter_splits_where_it_should() {
    let a = doc("---\r\nid: x\r\n---\r\nTitel\r\n\r\nText hier.\r\n").unwrap();
    assert_eq!((a.title(), a.teaser()), ("Titel", "Text hier."));
    let many = format!("---\r\n{}---\r\nTitel ä\r\n\r\nTeaser ü.\r\n\r\nText.\r\n", "k: äöü€\r\n".repeat(9));
    let a = doc(&many).unwrap();
    assert_eq!((a.title(), a.teaser(), a.body()), ("Titel ä", "Teaser ü.", "Text."));
    assert_eq!(a.origin.line, 12);
}

#[test]
fn jsonl_fields_that_are_not_strings_are_errors_not_ignored() {
    let entries = parse_jsonl(
        Path::new("f.jsonl"),
        "{\"id\":\"a\",\"lang\":5,\"body\":\"B.\"}\n{\"id\":\"b\",\"title\":{},\"body\":\"B.\"}\n",
    );
    for (e, field) in entries.iter().zip(["lang", "title"]) {
        match e {
            Entry::Failed(f) => assert_eq!(f.error, CorpusError::NotAString(field)),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn jsonl_bad_bytes_fail_only_their_line() {
    let mut bytes = b"{\"id\":\"a\",\"body\":\"A.\"}\r\n{\"id\":\"b\",\"body\":\"".to_vec();
    bytes.extend([0xFF, b'"', b'}', b'\n']);
    bytes.extend(b"{\"id\":7,\"body\":\"C.\"}\n");
    let entries = parse_jsonl_bytes(Path::new("f.jsonl"), &bytes);
    let got: Vec<(usize, Result<String, CorpusError>)> = entries
        .iter()
        .map(|e| match e {
            Entry::Article(a) => (a.origin.line, Ok(a.id.clone())),
            Entry::Failed(f) => (f.origin.line, Err(f.error.clone())),
            Entry::Skipped { .. } => panic!("{e:?}"),
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (1, Ok("a".into())),
            (2, Err(CorpusError::InvalidUtf8 { byte: 42, line: 2 })),
            (3, Ok("7".into())),
        ]
    );
    let binary = parse_jsonl_bytes(Path::new("f.jsonl"), b"\x1f\x8b\x08\x00\n{}\n");
    assert_eq!(binary.len(), 1);
    assert!(matches!(&binary[0], Entry::Failed(f) if f.error == CorpusError::Binary(3)));
}

#[test]
fn utf16_with_a_bom_is_decoded_and_without_one_named() {
    let text = "Titel\n\nText.";
    let le: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> =
        [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    assert_eq!(decode_text(&le).unwrap(), text);
    assert_eq!(decode_text(&be).unwrap(), text);
    assert_eq!(decode(&le), Err(CorpusError::Utf16));
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(decode_text(&bare), Err(CorpusError::Utf16));
    assert_eq!(decode_text(b"ab\0cd"), Err(CorpusError::Binary(2)));
}

#[test]
fn special_files_fail_instead_of_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p.de.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let entries = load(&fifo);
    assert!(matches!(&entries[..], [Entry::Failed(f)] if f.error == CorpusError::NotAFile("a FIFO")));
    let link = dir.path().join("l.de.txt");
    std::os::unix::fs::symlink(dir.path().join("missing"), &link).unwrap();
    match &load(&link)[..] {
        [Entry::Failed(f)] => {
            assert!(f.error.to_string().contains("symbolic link whose target does not exist"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn empty_front_matter_ids_are_errors() {
    assert_eq!(
        doc("---\nid:\n---\nTitel\n\nText.").unwrap_err(),
        CorpusError::EmptyFrontMatterValue { line: 2, key: "id".into() }
    );
    assert!(doc("---\ndate:\n---\nTitel\n\nText.").is_ok(), "other keys may be empty");
}

/// Texts with the shapes lines take in crawled articles: CRLF, blank and whitespace-only lines,
/// no final break, several breaks in a row, non-ASCII letters and spaces, boilerplate.
fn line_samples() -> Vec<String> {
    let parts = [
        "",
        "\n",
        "\r\n",
        "\n\n",
        " \n",
        "\t \r\n",
        "\u{a0}\n",
        "\u{2003}",
        "Titel",
        "Titel\n",
        "Das Gericht urteilte.\r\n",
        "  eingerückt  \n",
        "(Bild: dpa)\n",
        "  Foto: Reuters  \r\n",
        "Mehr zum Thema:\n",
        "Teilen | Drucken\n",
        "Über Äpfel – „Zitat“ (mho)",
        "(axk/dpa)\n",
        "\r",
        "x\r",
        "Share\n\n\n",
        "Ende. (jk)",
        "   \n\n  \n",
    ];
    let mut out: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    // Every pair and a sample of triples, so that breaks meet every neighbour.
    for a in parts {
        for b in parts {
            out.push(format!("{a}{b}"));
        }
    }
    for (i, a) in parts.iter().enumerate() {
        for (j, b) in parts.iter().enumerate() {
            let c = parts[(i * 7 + j * 3) % parts.len()];
            out.push(format!("{a}{b}{c}"));
        }
    }
    out
}

#[test]
fn lines_inclusive_are_the_lines_of_split_inclusive() {
    for text in line_samples() {
        let fast: Vec<&str> = lines_inclusive(&text).collect();
        let slow: Vec<&str> = text.split_inclusive('\n').collect();
        assert_eq!(fast, slow, "{text:?}");
    }
}

/// `clean_lines` as it was written before the line search and the blank-line shortcut: the
/// reference the fast path is held against.
fn clean_lines_slow(text: &str) -> (Vec<&str>, usize) {
    let mut removed = 0;
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if BOILERPLATE.iter().any(|(kind, re)| matches!(kind, RuleKind::Line) && re.is_match(trimmed)) {
            removed += 1;
        } else {
            lines.push(line.trim_end());
        }
    }
    // The tail is not what the fast path changed: one function for both.
    removed += strip_tail(&mut lines);
    (lines, removed)
}

#[test]
fn clean_lines_agree_with_the_line_by_line_reference() {
    let mut texts = line_samples();
    // The bundled articles too, whole.
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
        let path = entry.unwrap().path();
        if file_kind(&path) == FileKind::Document {
            texts.push(std::fs::read_to_string(&path).unwrap());
        }
    }
    for text in &texts {
        let (lines, removed) = clean_lines(text);
        assert_eq!((lines.clone(), removed), clean_lines_slow(text), "{text:?}");
        // paragraph_spans tells a blank line by `trim_start` alone: the same as `trim`.
        let blank_by_trim: Vec<bool> = lines.iter().map(|l| l.trim().is_empty()).collect();
        let blank_by_start: Vec<bool> = lines.iter().map(|l| l.trim_start().is_empty()).collect();
        assert_eq!(blank_by_trim, blank_by_start);
    }
    assert!(!*EMPTY_IS_BOILERPLATE);
}

#[test]
fn file_kinds_ignore_the_case_of_the_extension() {
    assert_eq!(file_kind(Path::new("a/x.de.TXT")), FileKind::Document);
    assert_eq!(file_kind(Path::new("a/x.Md")), FileKind::Document);
    assert_eq!(file_kind(Path::new("a/x.JSONL")), FileKind::Jsonl);
    assert_eq!(file_kind(Path::new("a/x.txt.bak")), FileKind::Other);
    assert_eq!(file_kind(Path::new("a/txt")), FileKind::Other);
    assert_eq!(file_kind(Path::new("a/x.tx")), FileKind::Other);
}

#[test]
fn names_with_upper_case_languages_and_odd_stems() {
    assert_eq!(id_and_lang_from_name(Path::new("c/a.b.DE.md")), ("a.b".into(), Some("de".into())));
    assert_eq!(id_and_lang_from_name(Path::new("c/.de.txt")), (".de".into(), None));
    assert_eq!(id_and_lang_from_name(Path::new("c/x.d1.txt")), ("x.d1".into(), None));
    assert_eq!(id_and_lang_from_name(Path::new("c/x.deut.txt")), ("x.deut".into(), None));
    assert_eq!(id_and_lang_from_name(Path::new("c/x.gsw.txt")), ("x".into(), Some("gsw".into())));
}

/// Lines that start like the rules' words in every case, the Unicode case variants included
/// (`ſ` folds to `s`, the Kelvin sign to `k`), and lines that only nearly do.
fn gate_samples() -> Vec<String> {
    let heads = [
        "(Bild: dpa)",
        "( foto : x )",
        "(Image: Court)",
        "(video: y",
        "Bild: dpa",
        "FOTO: Reuters",
        "ſource: x",
        "\u{212a}ommentare",
        "Kommentare",
        "kommentare | teilen",
        "Share · Print",
        "Videos by AP",
        "video von X",
        "Mehr zum Thema:",
        "Read more",
        "Anzeige",
        "werbung:",
        "Advertisement",
        "Weiterlesen",
        "Drucken",
        "Teilen",
        "Quelle: BGH",
        "Grafik: c't",
        "Photos: a",
        "Die Klage",
        "Das Gericht",
        "Der BGH",
        "Source code",
        "Bildung",
        "Im Jahr",
        "a",
        "(",
        "((",
        "B",
        "Ä",
        "ß",
        "  ",
        "x: y",
        "Printer",
        "ÿ",
        "ſ",
        "\u{212a}",
    ];
    let mut out = Vec::new();
    for h in heads {
        out.push(h.to_string());
        out.push(h.to_uppercase());
        out.push(h.to_lowercase());
        out.push(format!("{h} more words here"));
    }
    out
}

#[test]
fn the_line_gate_never_hides_a_boilerplate_line() {
    assert!(LINE_GATE.is_some(), "the shipped line rules give a finite prefix set");
    let re = LINE_RULES.as_ref().unwrap();
    let mut lines: Vec<String> = gate_samples();
    for text in line_samples() {
        lines.extend(text.lines().map(|l| l.trim().to_string()));
    }
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
        let path = entry.unwrap().path();
        if file_kind(&path) == FileKind::Document {
            let text = std::fs::read_to_string(&path).unwrap();
            lines.extend(text.lines().map(|l| l.trim().to_string()));
        }
    }
    let (mut gated, mut long) = (0, 0);
    for line in &lines {
        let by_rules = BOILERPLATE.iter().any(|(kind, r)| matches!(kind, RuleKind::Line) && r.is_match(line));
        assert_eq!(re.is_match(line), by_rules, "{line:?}");
        assert_eq!(is_boilerplate_line(line), by_rules, "{line:?}");
        if by_rules {
            assert!(may_be_boilerplate_line(line), "{line:?}");
        }
        if line.len() >= 2 {
            long += 1;
            gated += usize::from(!may_be_boilerplate_line(line));
        }
    }
    // The gate does its work: article sentences are not searched.
    assert!(!may_be_boilerplate_line("Das Gericht urteilte am Dienstag."));
    assert!(!may_be_boilerplate_line("The court ruled on Tuesday."));
    assert!(gated * 3 > long, "{gated} of {long}");
}

#[test]
fn the_first_nul_is_named_wherever_it_lies() {
    // Around the 16- and 32-byte blocks of a SIMD search, and twice in a text.
    for len in [1usize, 15, 16, 17, 31, 32, 33, 63, 64, 65, 200] {
        for pos in [0, len / 2, len - 1] {
            let mut bytes = vec![b'a'; len];
            bytes[pos] = 0;
            if pos + 1 < len {
                bytes[len - 1] = 0;
            }
            assert_eq!(decode(&bytes), Err(CorpusError::Binary(pos)), "{len} {pos}");
        }
    }
}

/// The file name, stem and extension found by bytes equal those of `Path` wherever the byte
/// way answers, and it answers for plain names.
#[test]
fn file_names_by_bytes_equal_the_path_components() {
    let names = [
        "a.de.txt", "a.txt", "a", ".a", ".a.txt", "a.", "a..b", "..a", "...", ".", "..", "", "ä.de.md",
        "x.JSONL",
    ];
    let prefixes = ["", "/", "dir/", "/abs/dir/", "./", "../", "a//", "x/./", "x/../"];
    let suffixes = ["", "/", "/.", "//"];
    let mut answered = 0;
    for prefix in prefixes {
        for name in names {
            for suffix in suffixes {
                let text = format!("{prefix}{name}{suffix}");
                let path = Path::new(&text);
                let Some(plain) = super::plain_file_name(path) else { continue };
                answered += 1;
                assert_eq!(Some(std::ffi::OsStr::new(plain)), path.file_name(), "{text:?}");
                let (stem, extension) = super::split_at_last_dot(plain);
                assert_eq!(Some(std::ffi::OsStr::new(stem)), path.file_stem(), "{text:?}");
                assert_eq!(extension.map(std::ffi::OsStr::new), path.extension(), "{text:?}");
            }
        }
    }
    if cfg!(unix) {
        assert!(answered > 80, "{answered}");
        assert_eq!(super::plain_file_name(Path::new("corpus/x.de.txt")), Some("x.de.txt"));
    }
}
