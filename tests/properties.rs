//! Property tests: no input panics a stage, and every span a stage returns is valid: sentences
//! ordered, non-overlapping, trimmed, on character boundaries and covering all non-space text;
//! figures and terms inside their sentence on character boundaries; every JSONL line accounted
//! for; Excel-safe cells never start a formula.

use proptest::prelude::*;

use lexbridge::glossary::Glossary;
use lexbridge::{corpus, figures, segment};

/// Text built from the pieces news and legal text is made of, plus arbitrary Unicode.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Das Landgericht".to_string()),
        Just(" z. B. ".to_string()),
        Just("1.400".to_string()),
        Just("3,5 Mio. €".to_string()),
        Just("$3.5bn".to_string()),
        Just(" zwischen 5 und 10 ".to_string()),
        Just("24. Dezember 2024".to_string()),
        Just("§ 823 Abs. 1".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just("\n- ".to_string()),
        Just("„".to_string()),
        Just("“".to_string()),
        Just("Schadensersatzes".to_string()),
        Just("einstweiligen Verfügung".to_string()),
        Just("قضت المحكمة؟ ".to_string()),
        Just("בית המשפט. ".to_string()),
        Just("Cafe\u{301}".to_string()),
        Just("👨\u{200D}👩\u{200D}👧".to_string()),
        Just("👍🏽".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{200F}".to_string()),
        Just("\u{2067}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\r\n".to_string()),
        "\\PC{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn sentences_are_ordered_trimmed_and_lose_no_text(text in newsy(), lang in prop_oneof!["de", "en", "fr"]) {
        let spans = segment::split(&text, &lang);
        let mut pos = 0;
        for s in &spans {
            prop_assert!(s.start >= pos && s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert!(text[pos..s.start].trim().is_empty());
            prop_assert_eq!(s.text(&text), s.text(&text).trim());
            pos = s.end;
        }
        prop_assert!(text[pos..].trim().is_empty());
    }

    #[test]
    fn figures_have_valid_ordered_spans(text in newsy(), lang in prop_oneof!["de", "en", "it"]) {
        let mut last = 0;
        for f in figures::extract(&text, &lang) {
            prop_assert!(f.start >= last && f.start < f.end && f.end <= text.len());
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            last = f.end;
            let _ = figures::renderings(&f);
        }
    }

    #[test]
    fn glossary_hits_are_valid_spans(text in newsy()) {
        static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
        let g = G.get_or_init(|| Glossary::default_legal().unwrap());
        for lang in ["de", "en"] {
            for h in g.find_all(&text, lang) {
                prop_assert!(h.start < h.end && h.end <= text.len());
                prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
            }
        }
    }

    #[test]
    fn figure_and_term_spans_lie_inside_their_sentence(text in newsy(), lang in prop_oneof!["de", "en"]) {
        static G: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
        let g = G.get_or_init(|| Glossary::default_legal().unwrap());
        let a = lexbridge::pipeline::analyze(&text, &lang, g);
        prop_assert_eq!(a.figures.len(), a.sentences.len());
        prop_assert_eq!(a.terms.len(), a.sentences.len());
        for (i, s) in a.sentences.iter().enumerate() {
            let sentence = s.text(&text);
            for f in &a.figures[i] {
                prop_assert!(f.start < f.end && f.end <= sentence.len());
                prop_assert!(sentence.is_char_boundary(f.start) && sentence.is_char_boundary(f.end));
            }
            for h in &a.terms[i] {
                prop_assert!(h.start < h.end && h.end <= sentence.len());
                prop_assert!(sentence.is_char_boundary(h.start) && sentence.is_char_boundary(h.end));
            }
        }
    }

    #[test]
    fn any_bytes_decode_or_fail_and_jsonl_accounts_for_every_line(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = corpus::decode_text(&bytes) {
            prop_assert!(!text.contains('\0'));
        }
        let entries = corpus::parse_jsonl_bytes(std::path::Path::new("f.jsonl"), &bytes);
        let lines: Vec<usize> = entries.iter().map(|e| match e {
            corpus::Entry::Article(a) => a.origin.line,
            corpus::Entry::Failed(f) => f.origin.line,
            corpus::Entry::Skipped { origin, .. } => origin.line,
        }).collect();
        prop_assert!(!lines.is_empty() && lines.windows(2).all(|w| w[0] < w[1]));
        if !bytes.iter().take(8000).any(|&b| b == 0) {
            let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
            let non_blank = body.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
            prop_assert_eq!(entries.len(), non_blank.max(1));
        }
    }

    #[test]
    fn excel_safe_cells_never_start_a_formula(cell in "\\PC{0,12}") {
        let safe = lexbridge::report::excel_safe_cell(&cell);
        let risky = safe.starts_with(['=', '+', '-', '@', '\t', '\r']);
        prop_assert!(!risky || safe.parse::<f64>().is_ok(), "{:?}", safe);
        let quoted = format!("'{}", cell);
        prop_assert!(safe == cell || safe == quoted);
    }

    #[test]
    fn any_document_or_jsonl_parses_or_fails_cleanly(text in newsy()) {
        let path = std::path::Path::new("x.de.txt");
        let _ = corpus::parse_document(path, "x", Some("de".into()), &text);
        let _ = corpus::parse_document(path, "x", None, &format!("---\n{text}"));
        let entries = corpus::parse_jsonl(std::path::Path::new("x.jsonl"), &text);
        prop_assert!(!entries.is_empty());
    }

    #[test]
    fn any_glossary_csv_loads_or_fails_with_a_line(text in "\\PC{0,200}") {
        let csv = format!("concept,lang,term,status,match,note\n{text}");
        if let Err(e) = Glossary::from_csv_str("g.csv", &csv) {
            prop_assert!(e.to_string().starts_with("g.csv: line "));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_sentence_is_in_exactly_one_monotone_link(
        src in prop::collection::vec((0usize..400, prop::collection::vec(0u8..6, 0..4), any::<bool>()), 0..60),
        tgt in prop::collection::vec((0usize..400, prop::collection::vec(0u8..6, 0..4), any::<bool>()), 0..60),
    ) {
        use lexbridge::align::{align, Unit};
        let units = |v: &[(usize, Vec<u8>, bool)]| -> Vec<Unit> {
            v.iter()
                .map(|(len, anchors, p)| Unit {
                    len: *len,
                    anchors: anchors.iter().map(|a| format!("k{a}")).collect(),
                    paragraph_start: *p,
                })
                .collect()
        };
        let links = align(&units(&src), &units(&tgt));
        let s: Vec<usize> = links.iter().flat_map(|l| l.src.clone()).collect();
        let t: Vec<usize> = links.iter().flat_map(|l| l.tgt.clone()).collect();
        prop_assert_eq!(s, (0..src.len()).collect::<Vec<_>>());
        prop_assert_eq!(t, (0..tgt.len()).collect::<Vec<_>>());
        for l in &links {
            prop_assert!(!(l.src.is_empty() && l.tgt.is_empty()));
            prop_assert!((0.0..=1.0).contains(&l.score));
        }
    }
}
