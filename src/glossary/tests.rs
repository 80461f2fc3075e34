//! Table-driven term-matching cases over a small inline glossary.

use super::*;

const CSV: &str = "concept,lang,term,status,match,note
damages,de,Schadensersatz,preferred,,
damages,en,damages,preferred,exact,not damage
damages,en,damage compensation,forbidden,,
injunction,de,einstweilige Verfügung,preferred,,
injunction,en,preliminary injunction,preferred,,
injunction,en,interim injunction,admitted,,
court,de,Gericht,preferred,,
court,en,court,preferred,,
fcj,de,Bundesgerichtshof,preferred,,
fcj,de,BGH,admitted,case,
fcj,en,Federal Court of Justice,preferred,,
gdpr,de,Datenschutz-Grundverordnung,preferred,,
gdpr,de,DSGVO,admitted,case,
gdpr,en,General Data Protection Regulation,preferred,,
gdpr,en,GDPR,admitted,case,
lawsuit,de,Klage,preferred,,
lawsuit,en,lawsuit,preferred,,
jury,de,Geschworene,preferred,,
jury,en,jury,preferred,,
prosecutor,de,Staatsanwaltschaft,preferred,,
prosecutor,en,public prosecutor's office,preferred,,
fine,de,Bußgeld,preferred,,
fine,en,fine,preferred,,
criminal-fine,de,Geldstrafe,preferred,,
criminal-fine,en,fine,preferred,,
";

fn glossary() -> Glossary {
    Glossary::from_csv_str("test.csv", CSV).unwrap()
}

/// The terms found, as "surface=concept" strings.
fn hits(text: &str, lang: &str) -> Vec<String> {
    let g = glossary();
    g.find(text, lang)
        .iter()
        .map(|h| format!("{}={}", &text[h.start..h.end], g.entry(h.entry).concept))
        .collect()
}

macro_rules! t {
    ($name:ident, $lang:expr, $text:expr, [$($e:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let expected: Vec<&str> = vec![$($e),*];
            assert_eq!(hits($text, $lang), expected);
        }
    };
}

t!(de_base_form, "de", "Der Schadensersatz ist hoch.", ["Schadensersatz=damages"]);
t!(de_genitive, "de", "Die Höhe des Schadensersatzes ist offen.", ["Schadensersatzes=damages"]);
t!(
    de_adjective_inflected,
    "de",
    "Der Antrag auf Erlass einer einstweiligen Verfügung scheiterte.",
    ["einstweiligen Verfügung=injunction"]
);
t!(de_plural, "de", "Zwei einstweilige Verfügungen ergingen.", ["einstweilige Verfügungen=injunction"]);
t!(de_sentence_start, "de", "Klagen gegen Meta laufen.", ["Klagen=lawsuit"]);
t!(de_case_acronym, "de", "Der BGH entschied; der bgh-Blog nicht.", ["BGH=fcj"]);
t!(de_hyphen_variant, "de", "Die Datenschutzgrundverordnung gilt.", ["Datenschutzgrundverordnung=gdpr"]);
t!(
    de_hyphen,
    "de",
    "Die Datenschutz-Grundverordnung und die DSGVO.",
    ["Datenschutz-Grundverordnung=gdpr", "DSGVO=gdpr"]
);
t!(de_plural_jury, "de", "Die Geschworenen berieten.", ["Geschworenen=jury"]);
t!(de_not_inside_word, "de", "Die Anklage und Klagenfurt.", []);
t!(
    de_longest_wins,
    "de",
    "Der Bundesgerichtshof und das Gericht.",
    ["Bundesgerichtshof=fcj", "Gericht=court"]
);
t!(de_one_term_two_concepts, "en", "The fine was paid.", ["fine=fine", "fine=criminal-fine"]);
t!(de_bussgelder, "de", "Die Bußgelder steigen.", ["Bußgelder=fine"]);
t!(en_exact_plural_only, "en", "The damages were paid, the damage was done.", ["damages=damages"]);
t!(en_plural, "en", "Two preliminary injunctions were granted.", ["preliminary injunctions=injunction"]);
t!(en_possessive, "en", "The court's ruling.", ["court's=court"]);
t!(
    en_curly_possessive,
    "en",
    "The public prosecutor’s office said.",
    ["public prosecutor’s office=prosecutor"]
);
t!(en_juries, "en", "Juries decide.", ["Juries=jury"]);
t!(
    en_case_insensitive_multiword,
    "en",
    "the federal court of justice ruled",
    ["federal court of justice=fcj"]
);
t!(en_gdpr_case, "en", "Under the GDPR, not gdpr.", ["GDPR=gdpr"]);
t!(en_forbidden_found, "en", "He sought damage compensation.", ["damage compensation=damages"]);
t!(adjacent_terms, "en", "court court", ["court=court", "court=court"]);
t!(no_glossary_language, "fr", "La cour a statué.", []);

#[test]
fn find_all_keeps_nested_terms() {
    let g = glossary();
    let text = "Der Bundesgerichtshof entschied.";
    let all: Vec<&str> = g.find_all(text, "de").iter().map(|h| g.entry(h.entry).concept.as_str()).collect();
    assert_eq!(all, ["fcj"]);
    let text = "the Federal Court of Justice and the court";
    let all: Vec<&str> = g.find_all(text, "en").iter().map(|h| g.entry(h.entry).concept.as_str()).collect();
    assert_eq!(all, ["fcj", "court", "court"]);
}

#[test]
fn bad_rows_name_their_line() {
    let cases = [
        (
            "concept,lang,term,status,match,note\na,de,Klage,preferred,,\nb,en,,preferred,,\n",
            3,
            "term cell is empty",
        ),
        ("concept,lang,term,status,match,note\na,de,Klage,preferd,,\n", 2, "unknown status 'preferd'"),
        ("concept,lang,term,status,match,note\na,de,Klage,preferred,fuzzy,\n", 2, "unknown match 'fuzzy'"),
        ("concept,lang,term,status,match,note\na,de,Klage,preferred\n", 2, "4 fields"),
        ("begriff,sprache\n", 1, "header"),
    ];
    for (csv, line, msg) in cases {
        match Glossary::from_csv_str("g.csv", csv) {
            Err(GlossaryError::Row { line: l, message, .. }) => {
                assert_eq!(l, line, "{csv}");
                assert!(message.contains(msg), "{message}");
            }
            other => panic!("{csv}: {other:?}"),
        }
    }
}

#[test]
fn allowed_terms_put_preferred_first() {
    let g = glossary();
    let terms: Vec<&str> = g.allowed_terms("injunction", "en").iter().map(|e| e.term.as_str()).collect();
    assert_eq!(terms, ["preliminary injunction", "interim injunction"]);
}
