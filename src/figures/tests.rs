//! Table-driven figure cases: one line per case. Each expected figure is
//! `surface kind value value_max unit qualifier` written as one string, `-` for empty.

use super::*;

fn describe(text: &str, lang: &str) -> Vec<String> {
    extract(text, lang)
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {} {}",
                &text[f.start..f.end],
                f.kind.as_str(),
                f.value,
                f.value_max.as_ref().map_or("-".into(), ToString::to_string),
                f.unit.as_deref().unwrap_or("-"),
                f.qualifier.as_str()
            )
        })
        .collect()
}

macro_rules! f {
    ($name:ident, $lang:expr, $text:expr, [$($e:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let expected: Vec<&str> = vec![$($e),*];
            assert_eq!(describe($text, $lang), expected);
        }
    };
}

f!(de_mio_euro, "de", "Die Strafe beträgt 1,2 Mio. Euro.", ["1,2 Mio. Euro money 1200000 - EUR exact"]);
f!(
    de_millionen_usd,
    "de",
    "Sie zahlt 168 Millionen US-Dollar.",
    ["168 Millionen US-Dollar money 168000000 - USD exact"]
);
f!(
    de_rund,
    "de",
    "Das sind rund 148 Millionen Euro.",
    ["rund 148 Millionen Euro money 148000000 - EUR approx"]
);
f!(de_mrd_symbol, "de", "Apple soll 13 Mrd. € nachzahlen.", ["13 Mrd. € money 13000000000 - EUR exact"]);
f!(
    de_milliarden_dollar,
    "de",
    "Der Konzern zahlt 3,5 Milliarden Dollar.",
    ["3,5 Milliarden Dollar money 3500000000 - USD exact"]
);
f!(
    de_billion,
    "de",
    "Die Einlagen betragen 2,9 Billionen Euro.",
    ["2,9 Billionen Euro money 2900000000000 - EUR exact"]
);
f!(
    de_franken,
    "de",
    "Die Weko verhängte eine Busse von 445.000 Franken.",
    ["445.000 Franken money 445000 - CHF exact"]
);
f!(
    de_pfund,
    "de",
    "Der Vergleich umfasst 2,4 Millionen Pfund.",
    ["2,4 Millionen Pfund money 2400000 - GBP exact"]
);
f!(de_group_number, "de", "Betroffen sind 1.400 Menschen.", ["1.400 Menschen count 1400 - people exact"]);
f!(
    de_big_group,
    "de",
    "Es waren 1.234.567 Datensätze.",
    ["1.234.567 Datensätze count 1234567 - records exact"]
);
f!(
    de_space_group,
    "de",
    "Rund 750 000 Kunden sind betroffen.",
    ["Rund 750 000 Kunden count 750000 - customers approx"]
);
f!(de_decimal_comma, "de", "Der Anteil stieg um 3,5 Prozent.", ["3,5 Prozent percent 3.5 - % exact"]);
f!(de_percent_sign, "de", "Das sind 12,5 % mehr.", ["12,5 % percent 12.5 - % exact"]);
f!(de_pp, "de", "Der Anteil sank um 2 Prozentpunkte.", ["2 Prozentpunkte percent 2 - pp exact"]);
f!(
    de_range_zwischen,
    "de",
    "Der Schaden liegt zwischen 5 und 10 Millionen Euro.",
    ["zwischen 5 und 10 Millionen Euro money 5000000 10000000 EUR range"]
);
f!(de_range_bis, "de", "Erwartet werden 5 bis 10 Prozent.", ["5 bis 10 Prozent percent 5 10 % range"]);
f!(de_range_dash, "de", "Erwartet werden 5–10 Prozent.", ["5–10 Prozent percent 5 10 % range"]);
f!(
    de_von_auf_is_two,
    "de",
    "Der Anteil stieg von 5 auf 10 Prozent.",
    ["5 number 5 - - exact", "10 Prozent percent 10 - % exact"]
);
f!(de_knapp, "de", "Knapp 50.000 Nutzer klagten.", ["Knapp 50.000 Nutzer count 50000 - users almost"]);
f!(
    de_ueber_after_noun,
    "de",
    "Sie schlossen einen Vergleich über 2,1 Millionen Dollar.",
    ["2,1 Millionen Dollar money 2100000 - USD exact"]
);
f!(
    de_ueber_after_verb,
    "de",
    "Der Konzern zahlte über 2 Millionen Euro.",
    ["über 2 Millionen Euro money 2000000 - EUR more_than"]
);
f!(de_mehr_als, "de", "Mehr als 20 Werbenetzwerke waren beteiligt.", ["Mehr als 20 number 20 - - more_than"]);
f!(
    de_bis_zu,
    "de",
    "Es drohen bis zu 20 Millionen Euro.",
    ["bis zu 20 Millionen Euro money 20000000 - EUR up_to"]
);
f!(de_mindestens, "de", "Mindestens 300 Euro pro Person.", ["Mindestens 300 Euro money 300 - EUR at_least"]);
f!(
    de_words,
    "de",
    "Drei Richter und zwei Millionen Nutzer.",
    ["Drei Richter count 3 - judges exact", "zwei Millionen Nutzer count 2000000 - users exact"]
);
f!(
    de_eine_million,
    "de",
    "Eine Million Euro ist viel, eine Klage nicht.",
    ["Eine Million Euro money 1000000 - EUR exact"]
);
f!(
    de_halbe_million,
    "de",
    "Das kostet eine halbe Million Euro.",
    ["eine halbe Million Euro money 500000 - EUR exact"]
);
f!(
    de_date_full,
    "de",
    "Am 24. Dezember 2024 fiel das Urteil.",
    ["24. Dezember 2024 date 2024-12-24 - - exact"]
);
f!(
    de_date_numeric,
    "de",
    "Das Urteil vom 24.12.2024 ist rechtskräftig.",
    ["24.12.2024 date 2024-12-24 - - exact"]
);
f!(de_date_no_year, "de", "Am 3. März verhandelt die Kammer.", ["3. März date --03-03 - - exact"]);
f!(de_month_year, "de", "Im März 2025 kam die Wende.", ["März 2025 date 2025-03 - - exact"]);
f!(de_year, "de", "Seit 2019 läuft das Verfahren.", ["2019 year 2019 - - exact"]);
f!(de_not_paragraph, "de", "Nach § 823 Abs. 1 BGB haftet er.", []);
f!(de_not_article, "de", "Art. 83 Abs. 5 DSGVO erlaubt hohe Strafen.", []);
f!(de_not_az, "de", "Das Urteil (Az. 3 O 123/24) ist neu.", []);
f!(de_not_ordinal, "de", "Der 6. Zivilsenat entschied.", []);
f!(de_not_glued, "de", "Das 5G-Netz und COVID-19 sind Themen.", []);
f!(de_not_patent, "de", "Es geht um das Patent EP 3 512 884.", []);
f!(de_decimal_point, "de", "Die Version kam mit 3.5 Prozent Rabatt.", ["3.5 Prozent percent 3.5 - % exact"]);
f!(de_ordinal_at_end, "de", "Die Firma landete auf Platz 24.", ["24 number 24 - - exact"]);
f!(en_million_euros, "en", "The fine is 1.2 million euros.", ["1.2 million euros money 1200000 - EUR exact"]);
f!(en_bn_attached, "en", "Apple must pay $3.5bn in back taxes.", ["$3.5bn money 3500000000 - USD exact"]);
f!(en_m_attached, "en", "It was fined £2m last year.", ["£2m money 2000000 - GBP exact"]);
f!(
    en_euro_symbol_billion,
    "en",
    "Apple must repay €13 billion.",
    ["€13 billion money 13000000000 - EUR exact"]
);
f!(en_usd_code, "en", "Damages of USD 445,000 were awarded.", ["USD 445,000 money 445000 - USD exact"]);
f!(
    en_swiss_francs,
    "en",
    "The fine was 445,000 Swiss francs.",
    ["445,000 Swiss francs money 445000 - CHF exact"]
);
f!(
    en_around,
    "en",
    "That is around 148 million euros.",
    ["around 148 million euros money 148000000 - EUR approx"]
);
f!(en_group, "en", "Some 1,400 people were affected.", ["Some 1,400 people count 1400 - people approx"]);
f!(
    en_percent,
    "en",
    "Revenue rose 12.5% and 3 percentage points.",
    ["12.5% percent 12.5 - % exact", "3 percentage points percent 3 - pp exact"]
);
f!(en_range_between, "en", "between $5m and $10m", ["between $5m and $10m money 5000000 10000000 USD range"]);
f!(en_range_to, "en", "It expects 5 to 10 percent growth.", ["5 to 10 percent percent 5 10 % range"]);
f!(
    en_from_to_is_two,
    "en",
    "It rose from 5 to 10 percent.",
    ["5 number 5 - - exact", "10 percent percent 10 - % exact"]
);
f!(
    en_words,
    "en",
    "Three judges and two million users.",
    ["Three judges count 3 - judges exact", "two million users count 2000000 - users exact"]
);
f!(en_one_not, "en", "One of the judges dissented.", []);
f!(
    en_half_a_million,
    "en",
    "It costs half a million euros.",
    ["half a million euros money 500000 - EUR exact"]
);
f!(
    en_date_mdy,
    "en",
    "On December 24, 2024, the court ruled.",
    ["December 24, 2024 date 2024-12-24 - - exact"]
);
f!(en_date_dmy, "en", "On 24 December 2024 the court ruled.", ["24 December 2024 date 2024-12-24 - - exact"]);
f!(en_may_verb, "en", "The court may 5 times decide.", ["5 number 5 - - exact"]);
f!(en_not_section, "en", "Under Section 230 and case No. 4:19-cv-07123 nothing changed.", []);
f!(en_not_ordinal_suffix, "en", "The 2nd Senate ruled.", []);
f!(en_more_than, "en", "More than 20 networks were involved.", ["More than 20 number 20 - - more_than"]);
f!(en_year, "en", "Since 2019 the case has been pending.", ["2019 year 2019 - - exact"]);
f!(
    en_ratio_is_two,
    "en",
    "a ratio of more than 9 to 1",
    ["more than 9 number 9 - - more_than", "1 number 1 - - exact"]
);
f!(
    de_ratio_is_two,
    "de",
    "ein Verhältnis von mehr als 9 zu 1",
    ["mehr als 9 number 9 - - more_than", "1 number 1 - - exact"]
);
f!(
    en_mid_year,
    "en",
    "from mid-2020 to the end of 2022",
    ["mid-2020 year 2020 - mid exact", "the end of 2022 year 2022 - late exact"]
);
f!(en_compound_adjective, "en", "after the 72-hour deadline", ["72-hour duration 72 - hour exact"]);
f!(en_section_subsection, "en", "under Section 100g(3) of the Code", []);
f!(en_case_number_lowercase, "en", "(case no. 33 O 2471/25) and case number 7 O 4187/24", []);
f!(de_statute_letter, "de", "nach § 100g Abs. 3 StPO", []);
f!(
    fr_generic,
    "fr",
    "Une amende de 1,5 million d'euros et 20 %.",
    ["1,5 million number 1500000 - - exact", "20 % percent 20 - % exact"]
);

#[test]
fn renderings_follow_each_language() {
    let cases = [
        ("de", "rund 148 Millionen Euro", "rund 148 Millionen Euro", "around 148 million euros"),
        ("de", "1.400 Menschen", "1.400 Menschen", "1,400 people"),
        ("de", "12,5 Prozent", "12,5 Prozent", "12.5 percent"),
        ("de", "am 24. Dezember 2024", "24. Dezember 2024", "24 December 2024"),
        ("de", "3,5 Milliarden US-Dollar", "3,5 Milliarden US-Dollar", "3.5 billion US dollars"),
        ("de", "1 Mio. Euro", "1 Million Euro", "1 million euros"),
        ("de", "2,9 Billionen Euro", "2,9 Billionen Euro", "2.9 trillion euros"),
        (
            "en",
            "between $5m and $10m",
            "zwischen 5 und 10 Millionen US-Dollar",
            "between 5 and 10 million US dollars",
        ),
        ("en", "445,000 Swiss francs", "445.000 Franken", "445,000 Swiss francs"),
        ("en", "up to 4 percent", "bis zu 4 Prozent", "up to 4 percent"),
        ("en", "in 2019", "2019", "2019"),
        ("en", "1 euro", "1 Euro", "1 euro"),
    ];
    for (lang, text, de, en) in cases {
        let figs = extract(text, lang);
        assert_eq!(figs.len(), 1, "{text}: {figs:?}");
        assert_eq!(renderings(&figs[0]), (de.to_string(), en.to_string()), "{text}");
    }
}

fn matched(de: &str, en: &str) -> Vec<FigureMatch> {
    match_figures(&extract(de, "de"), &extract(en, "en"))
}

#[test]
fn true_translations_match() {
    let pairs = [
        ("Die Strafe beträgt 1,2 Mio. Euro.", "The fine is 1.2 million euros."),
        ("Apple soll 13 Mrd. € nachzahlen.", "Apple must repay €13 billion."),
        ("Betroffen sind 1.400 Menschen.", "Some 1,400 people were affected."),
        ("Am 24. Dezember 2024 fiel das Urteil.", "The ruling came on December 24, 2024."),
        (
            "Der Schaden liegt zwischen 5 und 10 Millionen Euro.",
            "The damage is between 5 and 10 million euros.",
        ),
        (
            "Sie zahlt 168 Millionen US-Dollar (rund 148 Millionen Euro).",
            "It pays 168 million US dollars (around 148 million euros).",
        ),
        ("Drei Richter entschieden.", "Three judges decided."),
        ("Es waren 2000 Fälle.", "There were 2,000 cases."),
        ("Am 3. März verhandelt die Kammer.", "The chamber will hear the case on 3 March 2025."),
    ];
    for (de, en) in pairs {
        let m = matched(de, en);
        assert!(m.iter().all(|x| matches!(x, FigureMatch::Same { .. })), "{de} / {en}: {m:?}");
        assert!(!m.is_empty(), "{de}");
    }
}

#[test]
fn injected_errors_are_reported() {
    use FigureMatch::*;
    let cases = [
        (
            "Der Umsatz lag bei 38 Mrd. US-Dollar.",
            "Revenue was 38 million US dollars.",
            Mismatch { src: 0, tgt: 0 },
        ),
        (
            "Die Einlagen betragen 2,9 Billionen Euro.",
            "Deposits are 2.9 billion euros.",
            Mismatch { src: 0, tgt: 0 },
        ),
        (
            "Der Schaden beträgt 60 Millionen Franken.",
            "The damage is 60 million euros.",
            Mismatch { src: 0, tgt: 0 },
        ),
        ("Betroffen sind 1.400 Menschen.", "Some 1,200 people were affected.", Mismatch { src: 0, tgt: 0 }),
        ("Das Bußgeld beträgt 5 Millionen Euro.", "The fine is substantial.", Missing { src: 0 }),
        ("Das Bußgeld ist hoch.", "The fine is 5 million euros.", Extra { tgt: 0 }),
    ];
    for (de, en, expected) in cases {
        assert_eq!(matched(de, en), vec![expected], "{de} / {en}");
    }
}

#[test]
fn no_input_panics_and_spans_are_valid() {
    let texts = [
        "",
        "1",
        "1.",
        "1,",
        "€",
        "$$$5",
        "zwischen und",
        "5 bis",
        "1.2.3.4.5",
        "99999999999999999999999999999999 Mrd.",
        "Am 31. Februar 2024",
        "–5 – –",
        "5\u{a0}000\u{202f}000 Euro",
        "🙂 5 🙂 Mio. €",
        "٣ ١٢",
        "a5b 6c 7/8 9:10",
    ];
    for text in texts {
        for lang in ["de", "en", "fr"] {
            let mut last = 0;
            for f in extract(text, lang) {
                assert!(f.start >= last && f.start < f.end && f.end <= text.len(), "{text}");
                assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
                last = f.end;
                let _ = renderings(&f);
            }
        }
    }
}

/// Extraction cases, one per line: language, text, and the figures expected in it, each as
/// `surface kind value value_max unit qualifier`. Every failure is reported, not only the first.
const EXTRACTION: &[(&str, &str, &[&str])] = &[
    // German money: symbols, codes before and after, names, scale words.
    ("de", "Der Konzern zahlt 445.000 USD.", &["445.000 USD money 445000 - USD exact"]),
    (
        "de",
        "Die Busse beträgt 2,5 Mio. Fr. und wird angefochten.",
        &["2,5 Mio. Fr. money 2500000 - CHF exact"],
    ),
    ("de", "Der Schaden liegt bei 3 Milliarden Yen.", &["3 Milliarden Yen money 3000000000 - JPY exact"]),
    ("de", "Die Strafe lautet auf 50 Millionen Yuan.", &["50 Millionen Yuan money 50000000 - CNY exact"]),
    ("de", "Gazprom soll 1,5 Mrd. Rubel zahlen.", &["1,5 Mrd. Rubel money 1500000000 - RUB exact"]),
    (
        "de",
        "Die Behörde verhängte 7 Millionen schwedische Kronen.",
        &["7 Millionen schwedische Kronen money 7000000 - SEK exact"],
    ),
    ("de", "Das Bußgeld beträgt 300.000 Kronen.", &["300.000 Kronen money 300000 - SEK exact"]),
    ("de", "Es geht um 12 Mio. britische Pfund.", &["12 Mio. britische Pfund money 12000000 - GBP exact"]),
    ("de", "Der Vergleich kostet £ 4 Mio.", &["£ 4 Mio. money 4000000 - GBP exact"]),
    ("de", "EUR 5 Mio. fließen an die Kläger.", &["EUR 5 Mio. money 5000000 - EUR exact"]),
    ("de", "Die Kosten liegen bei 1.234.567,89 Euro.", &["1.234.567,89 Euro money 1234567.89 - EUR exact"]),
    ("de", "Es fehlen 750 000 Euro.", &["750 000 Euro money 750000 - EUR exact"]),
    ("de", "Es fehlen 750\u{202f}000 Euro.", &["750\u{202f}000 Euro money 750000 - EUR exact"]),
    ("de", "Es fehlen 750\u{a0}000 Euro.", &["750\u{a0}000 Euro money 750000 - EUR exact"]),
    ("de", "Der Umsatz lag bei 3,5 Mrd. US-Dollar.", &["3,5 Mrd. US-Dollar money 3500000000 - USD exact"]),
    (
        "de",
        "Die Einlagen betragen 13 Billionen Euro.",
        &["13 Billionen Euro money 13000000000000 - EUR exact"],
    ),
    ("de", "Der Streitwert beträgt 50.000 €.", &["50.000 € money 50000 - EUR exact"]),
    ("de", "Das Abo kostet 9,99 Euro im Monat.", &["9,99 Euro money 9.99 - EUR exact"]),
    ("de", "Die Firma zahlt 1,2 Mio. US-Dollar.", &["1,2 Mio. US-Dollar money 1200000 - USD exact"]),
    ("de", "Es ging um 20 Tsd. Euro.", &["20 Tsd. Euro money 20000 - EUR exact"]),
    ("de", "Es ging um 20 Tausend Euro.", &["20 Tausend Euro money 20000 - EUR exact"]),
    ("de", "Der Schaden: 2 Millionen Franken.", &["2 Millionen Franken money 2000000 - CHF exact"]),
    (
        "de",
        "Die Kaution betrug 100.000 Schweizer Franken.",
        &["100.000 Schweizer Franken money 100000 - CHF exact"],
    ),
    ("de", "Die Strafe: 8 Mio. Złoty.", &["8 Mio. Złoty money 8000000 - PLN exact"]),
    // German percentages and negatives.
    ("de", "Das Ergebnis lag bei -0,3 Prozent.", &["-0,3 Prozent percent -0.3 - % exact"]),
    ("de", "Der Gewinn sank um minus 4,5 Prozent.", &["minus 4,5 Prozent percent -4.5 - % exact"]),
    ("de", "Die Rendite lag bei −2 %.", &["−2 % percent -2 - % exact"]),
    ("de", "Die Quote stieg um 1,5 Prozentpunkte.", &["1,5 Prozentpunkte percent 1.5 - pp exact"]),
    ("de", "Die Zinsen sinken um 25 Basispunkte.", &["25 Basispunkte percent 25 - bp exact"]),
    ("de", "Der Marktanteil liegt bei 12 %.", &["12 % percent 12 - % exact"]),
    ("de", "Etwa 30 Prozent der Befragten stimmten zu.", &["Etwa 30 Prozent percent 30 - % approx"]),
    ("de", "Gut 40 Prozent der Fälle.", &["Gut 40 Prozent percent 40 - % more_than"]),
    ("de", "Der Kurs fiel um 5–7 Prozent.", &["5–7 Prozent percent 5 7 % range"]),
    ("de", "Bis zu 4 Prozent des Jahresumsatzes drohen.", &["Bis zu 4 Prozent percent 4 - % up_to"]),
    // German qualifiers and counts.
    ("de", "Es drohen knapp 2 Milliarden Euro.", &["knapp 2 Milliarden Euro money 2000000000 - EUR almost"]),
    ("de", "Es gingen über 500 Beschwerden ein.", &["über 500 Beschwerden count 500 - complaints more_than"]),
    ("de", "Gegenüber 5 Klagen im Vorjahr.", &["5 Klagen count 5 - lawsuits exact"]),
    ("de", "Es waren weniger als 10 Fälle.", &["weniger als 10 Fälle count 10 - cases less_than"]),
    (
        "de",
        "Fast 1.000 Mitarbeiter verloren ihren Job.",
        &["Fast 1.000 Mitarbeiter count 1000 - employees almost"],
    ),
    ("de", "Circa 200 Haushalte waren ohne Strom.", &["Circa 200 Haushalte count 200 - households approx"]),
    ("de", "Die Stadt hat ca. 80.000 Einwohner.", &["ca. 80.000 Einwohner count 80000 - residents approx"]),
    (
        "de",
        "Rund 1,3 Mio. Menschen sind betroffen.",
        &["Rund 1,3 Mio. Menschen count 1300000 - people approx"],
    ),
    ("de", "Die App hat 3.5 Millionen Nutzer.", &["3.5 Millionen Nutzer count 3500000 - users exact"]),
    (
        "de",
        "Mehr als 2.000 Verbraucherinnen und Verbraucher klagten.",
        &["Mehr als 2.000 Verbraucherinnen und Verbraucher count 2000 - consumers more_than"],
    ),
    (
        "de",
        "Betroffen sind 40.000 Kundinnen und Kunden.",
        &["40.000 Kundinnen und Kunden count 40000 - customers exact"],
    ),
    (
        "de",
        "Es wurden 500 gefälschte Konten gelöscht.",
        &["500 gefälschte Konten count 500 - accounts exact"],
    ),
    (
        "de",
        "Es gab 14 Tote und 30 Verletzte.",
        &["14 Tote count 14 - deaths exact", "30 Verletzte count 30 - injured exact"],
    ),
    // German number words.
    (
        "de",
        "Das kostet eine halbe Million Nutzer den Zugang.",
        &["eine halbe Million Nutzer count 500000 - users exact"],
    ),
    (
        "de",
        "Zwei Millionen Kunden sind betroffen.",
        &["Zwei Millionen Kunden count 2000000 - customers exact"],
    ),
    ("de", "Zwölf Richter entschieden.", &["Zwölf Richter count 12 - judges exact"]),
    (
        "de",
        "Einundzwanzig Staaten haben unterzeichnet.",
        &["Einundzwanzig Staaten count 21 - countries exact"],
    ),
    (
        "de",
        "Fünfundzwanzig Angeklagte stehen vor Gericht.",
        &["Fünfundzwanzig Angeklagte count 25 - defendants exact"],
    ),
    ("de", "Die Akte umfasst dreihundert Seiten.", &["dreihundert Seiten count 300 - documents exact"]),
    ("de", "Ein Dutzend Unternehmen klagten.", &["Ein Dutzend Unternehmen count 12 - companies exact"]),
    ("de", "Das kostet anderthalb Millionen Euro.", &["anderthalb Millionen Euro money 1500000 - EUR exact"]),
    ("de", "Ein Verfahren läuft noch, eine Klage auch.", &[]),
    ("de", "Es waren zweihundertfünfzig Richter.", &["zweihundertfünfzig Richter count 250 - judges exact"]),
    (
        "de",
        "Sie hat dreitausendvierhundert Kunden.",
        &["dreitausendvierhundert Kunden count 3400 - customers exact"],
    ),
    (
        "de",
        "Zwischen zwei und drei Millionen Euro stehen im Raum.",
        &["Zwischen zwei und drei Millionen Euro money 2000000 3000000 EUR range"],
    ),
    ("de", "Das kostet einhundert Euro.", &["einhundert Euro money 100 - EUR exact"]),
    ("de", "Zwölfhundert Menschen demonstrierten.", &["Zwölfhundert Menschen count 1200 - people exact"]),
    ("de", "Achtung, die Nacht war lang.", &[]),
    ("de", "Drei Dutzend Menschen kamen.", &["Drei Dutzend Menschen count 36 - people exact"]),
    ("de", "Der 15-Jährige wurde festgenommen.", &["15 number 15 - - exact"]),
    ("de", "Sie mietet eine 3-Zimmer-Wohnung.", &["3 number 3 - - exact"]),
    ("de", "Es stieg um zehn Prozent.", &["zehn Prozent percent 10 - % exact"]),
    (
        "de",
        "Die Aktie fiel um 12 % auf 45,60 Euro.",
        &["12 % percent 12 - % exact", "45,60 Euro money 45.6 - EUR exact"],
    ),
    (
        "de",
        "Das Unternehmen hat über 10.000 Beschäftigte.",
        &["über 10.000 Beschäftigte count 10000 - employees more_than"],
    ),
    ("de", "Die eine Seite sagt dies, die andere das.", &[]),
    // German durations.
    ("de", "Die Haftstrafe beträgt fünf Jahre.", &["fünf Jahre duration 5 - year exact"]),
    ("de", "Nach drei Monaten endete das Verfahren.", &["drei Monaten duration 3 - month exact"]),
    ("de", "Die Meldung muss innerhalb von 72 Stunden erfolgen.", &["72 Stunden duration 72 - hour exact"]),
    ("de", "Die 72-Stunden-Frist lief ab.", &["72-Stunden duration 72 - hour exact"]),
    ("de", "Er bekam zwei Wochen Zeit.", &["zwei Wochen duration 2 - week exact"]),
    ("de", "Das Verfahren dauerte anderthalb Jahre.", &["anderthalb Jahre duration 1.5 - year exact"]),
    ("de", "Die Frist beträgt mindestens 14 Tage.", &["mindestens 14 Tage duration 14 - day at_least"]),
    ("de", "Ihm drohen höchstens 3 Jahre Haft.", &["höchstens 3 Jahre duration 3 - year at_most"]),
    ("de", "Die Strafe: 5 bis 10 Jahre.", &["5 bis 10 Jahre duration 5 10 year range"]),
    // German years and dates.
    ("de", "Zwischen 2019 und 2021 stiegen die Zahlen.", &["Zwischen 2019 und 2021 year 2019 2021 - range"]),
    (
        "de",
        "Von 2019 bis 2021 stiegen die Zahlen.",
        &["2019 year 2019 - - exact", "2021 year 2021 - - exact"],
    ),
    ("de", "Anfang 2024 trat das Gesetz in Kraft.", &["Anfang 2024 year 2024 - early exact"]),
    ("de", "Seit Mitte 2023 gilt die Regel.", &["Mitte 2023 year 2023 - mid exact"]),
    ("de", "Die Frist läuft bis Ende 2025.", &["Ende 2025 year 2025 - late exact"]),
    ("de", "Am 1. Januar 2025 trat das Gesetz in Kraft.", &["1. Januar 2025 date 2025-01-01 - - exact"]),
    ("de", "Das Urteil vom 01.02.2023 ist rechtskräftig.", &["01.02.2023 date 2023-02-01 - - exact"]),
    ("de", "Die Frist endet am 2024-06-30.", &["2024-06-30 date 2024-06-30 - - exact"]),
    ("de", "Im Mai 2022 begann der Prozess.", &["Mai 2022 date 2022-05 - - exact"]),
    ("de", "Am 15. Jan. 2024 fiel das Urteil.", &["15. Jan. 2024 date 2024-01-15 - - exact"]),
    ("de", "Seit 1998 gilt das Gesetz.", &["1998 year 1998 - - exact"]),
    ("de", "Im Jänner 2021 kam die Wende.", &["Jänner 2021 date 2021-01 - - exact"]),
    // German ranges and pairs.
    ("de", "Die Zahl stieg von 120 auf 180.", &["120 number 120 - - exact", "180 number 180 - - exact"]),
    ("de", "Sie verlangen 5 bis 10 Mio. Euro.", &["5 bis 10 Mio. Euro money 5000000 10000000 EUR range"]),
    (
        "de",
        "Die Strafe liegt zwischen 1.000 und 2.000 Euro.",
        &["zwischen 1.000 und 2.000 Euro money 1000 2000 EUR range"],
    ),
    (
        "de",
        "Der Konzern zahlt 2,4 Mio. Euro (rund 2,6 Mio. US-Dollar).",
        &["2,4 Mio. Euro money 2400000 - EUR exact", "rund 2,6 Mio. US-Dollar money 2600000 - USD approx"],
    ),
    (
        "de",
        "Zwei Angeklagte im Alter von 24 und 27 Jahren.",
        &[
            "Zwei Angeklagte count 2 - defendants exact",
            "24 number 24 - - exact",
            "27 Jahren duration 27 - year exact",
        ],
    ),
    // German: not figures.
    ("de", "Gemäß Art. 6 Abs. 1 lit. f DSGVO ist das zulässig.", &[]),
    ("de", "Der Beschluss (Az. VI ZR 123/22) ist neu.", &[]),
    ("de", "Das Aktenzeichen 2 BvR 1234/19 betrifft den Fall.", &[]),
    ("de", "Siehe dazu Rn. 45 des Urteils.", &[]),
    ("de", "Erreichbar unter Telefon 030 1234567.", &[]),
    ("de", "Das Update auf Version 2.3.1 behebt den Fehler.", &[]),
    ("de", "Der 3. Strafsenat hob das Urteil auf.", &[]),
    ("de", "In der 2. Instanz scheiterte die Klage.", &[]),
    ("de", "Nach §§ 280, 823 BGB haftet sie.", &[]),
    ("de", "Die Richtlinie (EU) 2019/790 gilt.", &[]),
    ("de", "Das Update 2.3.1 behebt den Fehler.", &[]),
    ("de", "Rufen Sie +49 30 1234567 an.", &[]),
    ("de", "Die Hotline 0800 1234567 ist kostenlos.", &[]),
    ("de", "Die Nummer 0171/1234567 gilt.", &[]),
    ("de", "Der Server 192.168.0.1 fiel aus.", &[]),
    ("de", "Es kostet 0,5 Prozent.", &["0,5 Prozent percent 0.5 - % exact"]),
    // English money.
    ("en", "The fine totals €1.2bn.", &["€1.2bn money 1200000000 - EUR exact"]),
    ("en", "It paid $445,000 in damages.", &["$445,000 money 445000 - USD exact"]),
    ("en", "It paid 445,000 USD in damages.", &["445,000 USD money 445000 - USD exact"]),
    ("en", "They reached a £30m settlement.", &["£30m money 30000000 - GBP exact"]),
    ("en", "The bank paid CHF 2.5 million.", &["CHF 2.5 million money 2500000 - CHF exact"]),
    ("en", "Damages of ¥3 billion were sought.", &["¥3 billion money 3000000000 - JPY exact"]),
    ("en", "The fine was 5 billion yuan.", &["5 billion yuan money 5000000000 - CNY exact"]),
    ("en", "The court imposed 10 million roubles.", &["10 million roubles money 10000000 - RUB exact"]),
    ("en", "The regulator imposed SEK 50 million.", &["SEK 50 million money 50000000 - SEK exact"]),
    ("en", "It was fined 7 million Swedish kronor.", &["7 million Swedish kronor money 7000000 - SEK exact"]),
    ("en", "He earned $40k a year.", &["$40k money 40000 - USD exact"]),
    ("en", "It raised US$ 2 million.", &["US$ 2 million money 2000000 - USD exact"]),
    ("en", "Debt reached 1.5 trillion dollars.", &["1.5 trillion dollars money 1500000000000 - USD exact"]),
    ("en", "Deposits total €2.9 trillion.", &["€2.9 trillion money 2900000000000 - EUR exact"]),
    ("en", "It costs EUR 13.5 mn.", &["EUR 13.5 mn money 13500000 - EUR exact"]),
    ("en", "The bill came to $1,234,567.89.", &["$1,234,567.89 money 1234567.89 - USD exact"]),
    ("en", "The amount in dispute is €50,000.", &["€50,000 money 50000 - EUR exact"]),
    ("en", "It costs 9.99 euros a month.", &["9.99 euros money 9.99 - EUR exact"]),
    ("en", "The firm paid 2 million pounds.", &["2 million pounds money 2000000 - GBP exact"]),
    ("en", "Bail was set at 100,000 Swiss francs.", &["100,000 Swiss francs money 100000 - CHF exact"]),
    ("en", "It was fined 300,000 crowns.", &["300,000 crowns money 300000 - SEK exact"]),
    ("en", "It invested $2.5bn in Europe.", &["$2.5bn money 2500000000 - USD exact"]),
    ("en", "The deal was worth £1.2 billion.", &["£1.2 billion money 1200000000 - GBP exact"]),
    // English percentages and negatives.
    ("en", "Revenue rose 3.5% last year.", &["3.5% percent 3.5 - % exact"]),
    ("en", "Profit fell by -2 percent.", &["-2 percent percent -2 - % exact"]),
    ("en", "Growth was minus 0.5 percent.", &["minus 0.5 percent percent -0.5 - % exact"]),
    ("en", "Its share rose 2 percentage points.", &["2 percentage points percent 2 - pp exact"]),
    ("en", "The bank cut rates by 25 basis points.", &["25 basis points percent 25 - bp exact"]),
    ("en", "Sales rose 5 per cent.", &["5 per cent percent 5 - % exact"]),
    ("en", "About 30 percent of respondents agreed.", &["About 30 percent percent 30 - % approx"]),
    ("en", "Over 40 percent of cases were dropped.", &["Over 40 percent percent 40 - % more_than"]),
    ("en", "Fines of up to 4% of turnover apply.", &["up to 4% percent 4 - % up_to"]),
    ("en", "Prices rose 5-7 percent.", &["5-7 percent percent 5 7 % range"]),
    // English qualifiers and counts.
    (
        "en",
        "Nearly 1,000 employees lost their jobs.",
        &["Nearly 1,000 employees count 1000 - employees almost"],
    ),
    (
        "en",
        "More than 500 complaints were filed.",
        &["More than 500 complaints count 500 - complaints more_than"],
    ),
    ("en", "There were fewer than 10 cases.", &["fewer than 10 cases count 10 - cases less_than"]),
    ("en", "Some 200 households had no power.", &["Some 200 households count 200 - households approx"]),
    (
        "en",
        "The town has roughly 80,000 residents.",
        &["roughly 80,000 residents count 80000 - residents approx"],
    ),
    (
        "en",
        "It faces just under 2 billion euros.",
        &["just under 2 billion euros money 2000000000 - EUR almost"],
    ),
    (
        "en",
        "Around 1.3 million people are affected.",
        &["Around 1.3 million people count 1300000 - people approx"],
    ),
    ("en", "The app has 3.5 million users.", &["3.5 million users count 3500000 - users exact"]),
    ("en", "It deleted 500 fake accounts.", &["500 fake accounts count 500 - accounts exact"]),
    (
        "en",
        "There were 14 deaths and 30 injured.",
        &["14 deaths count 14 - deaths exact", "30 injured count 30 - injured exact"],
    ),
    ("en", "In 2019 the case was filed.", &["2019 year 2019 - - exact"]),
    // English number words.
    ("en", "Half a million users lost access.", &["Half a million users count 500000 - users exact"]),
    ("en", "Two million customers are affected.", &["Two million customers count 2000000 - customers exact"]),
    ("en", "Twelve judges decided.", &["Twelve judges count 12 - judges exact"]),
    ("en", "Twenty-one countries have signed.", &["Twenty-one countries count 21 - countries exact"]),
    ("en", "Twenty five defendants stand trial.", &["Twenty five defendants count 25 - defendants exact"]),
    ("en", "The file has three hundred pages.", &["three hundred pages count 300 - documents exact"]),
    ("en", "A dozen companies sued.", &["A dozen companies count 12 - companies exact"]),
    (
        "en",
        "It costs one and a half million euros.",
        &["one and a half million euros money 1500000 - EUR exact"],
    ),
    ("en", "A case is pending and one of the judges dissented.", &[]),
    ("en", "The firm said a decision was due.", &[]),
    // English durations.
    ("en", "He was sentenced to five years in prison.", &["five years duration 5 - year exact"]),
    ("en", "After three months the case ended.", &["three months duration 3 - month exact"]),
    ("en", "Breaches must be reported within 72 hours.", &["72 hours duration 72 - hour exact"]),
    ("en", "He was given two weeks.", &["two weeks duration 2 - week exact"]),
    (
        "en",
        "The proceedings lasted one and a half years.",
        &["one and a half years duration 1.5 - year exact"],
    ),
    ("en", "The deadline is at least 14 days.", &["at least 14 days duration 14 - day at_least"]),
    ("en", "He faces at most three years.", &["at most three years duration 3 - year at_most"]),
    ("en", "The sentence: 5 to 10 years.", &["5 to 10 years duration 5 10 year range"]),
    ("en", "The 36-year-old was arrested.", &["36-year duration 36 - year exact"]),
    // English years and dates.
    ("en", "Between 2019 and 2021 the numbers rose.", &["Between 2019 and 2021 year 2019 2021 - range"]),
    ("en", "From 2019 to 2021 the numbers rose.", &["2019 year 2019 - - exact", "2021 year 2021 - - exact"]),
    ("en", "In early 2024 the law took effect.", &["early 2024 year 2024 - early exact"]),
    ("en", "Since mid-2023 the rule applies.", &["mid-2023 year 2023 - mid exact"]),
    ("en", "The period runs until late 2025.", &["late 2025 year 2025 - late exact"]),
    ("en", "At the beginning of 2020 it started.", &["the beginning of 2020 year 2020 - early exact"]),
    ("en", "On January 1, 2025, the law took effect.", &["January 1, 2025 date 2025-01-01 - - exact"]),
    ("en", "On 1 January 2025 the law took effect.", &["1 January 2025 date 2025-01-01 - - exact"]),
    ("en", "The deadline is 2024-06-30.", &["2024-06-30 date 2024-06-30 - - exact"]),
    ("en", "In May 2022 the trial began.", &["May 2022 date 2022-05 - - exact"]),
    ("en", "On Jan. 15, 2024 the court ruled.", &["Jan. 15, 2024 date 2024-01-15 - - exact"]),
    ("en", "On the 3rd of March 2024 it ruled.", &["3rd of March 2024 date 2024-03-03 - - exact"]),
    ("en", "In 1998 the law was passed.", &["1998 year 1998 - - exact"]),
    // English ranges and pairs.
    ("en", "The number rose from 120 to 180.", &["120 number 120 - - exact", "180 number 180 - - exact"]),
    (
        "en",
        "They seek $5 million to $10 million.",
        &["$5 million to $10 million money 5000000 10000000 USD range"],
    ),
    (
        "en",
        "The fine is between 1,000 and 2,000 euros.",
        &["between 1,000 and 2,000 euros money 1000 2000 EUR range"],
    ),
    (
        "en",
        "The total is $352.5 million (around 324 million euros).",
        &[
            "$352.5 million money 352500000 - USD exact",
            "around 324 million euros money 324000000 - EUR approx",
        ],
    ),
    ("en", "The jury voted 10 to 2.", &["10 number 10 - - exact", "2 number 2 - - exact"]),
    // English: not figures.
    ("en", "Under Article 6(1)(f) GDPR this is lawful.", &[]),
    ("en", "Art. 83 sets the fines.", &[]),
    ("en", "In case No. 2:21-cv-01234 the court ruled.", &[]),
    ("en", "The motion under Rule 12(b)(6) failed.", &[]),
    ("en", "See page 45 of the ruling.", &[]),
    ("en", "The update to version 2.3 fixes it.", &[]),
    ("en", "It runs on Windows 11 and iOS 17.", &[]),
    ("en", "The 2nd Circuit and the 9th Circuit disagree.", &[]),
    ("en", "COVID-19 and a 5G network were discussed.", &[]),
    ("en", "Directive (EU) 2019/790 applies.", &[]),
    ("en", "Update 2.3.1 shipped last week.", &[]),
    ("en", "Call +1 212 555 0100 now.", &[]),
    ("en", "Server 192.168.0.1 failed.", &[]),
    (
        "en",
        "It rose 0.5 percent to 1,400.",
        &["0.5 percent percent 0.5 - % exact", "1,400 number 1400 - - exact"],
    ),
    (
        "en",
        "Two hundred and fifty judges signed.",
        &["Two hundred and fifty judges count 250 - judges exact"],
    ),
    (
        "en",
        "It has three thousand four hundred customers.",
        &["three thousand four hundred customers count 3400 - customers exact"],
    ),
    (
        "en",
        "Some one hundred and twenty-five thousand people marched.",
        &["Some one hundred and twenty-five thousand people count 125000 - people approx"],
    ),
    (
        "en",
        "Between two and three million euros are at stake.",
        &["Between two and three million euros money 2000000 3000000 EUR range"],
    ),
    ("en", "A hundred euros were paid.", &["A hundred euros money 100 - EUR exact"]),
    ("en", "Three dozen people came.", &["Three dozen people count 36 - people exact"]),
    ("en", "It rose five percent.", &["five percent percent 5 - % exact"]),
    ("en", "Shares fell 12% to $45.60.", &["12% percent 12 - % exact", "$45.60 money 45.6 - USD exact"]),
    ("en", "He paid USD 1.5m.", &["USD 1.5m money 1500000 - USD exact"]),
];

/// The prefilter (no digit and no number word: no regex; no number word: the pattern without
/// words) never changes what is found.
#[test]
fn the_prefilter_finds_what_the_full_pattern_finds() {
    let extra = [
        ("de", "Es geht um zwei Millionen Euro."),
        ("de", "Mitte März kamen einundzwanzig Zeugen."),
        ("de", "Nach § 5 Abs. 2 und Art. 12 ist das zulässig."),
        ("de", "Zweihundertfünfzig Menschen, ein Dutzend Firmen und anderthalb Jahre."),
        ("de", "Die Klage scheiterte; eine Million Nutzer ist betroffen."),
        ("en", "A dozen companies and twenty-one thousand users, mid-March."),
        ("en", "Two hundred and fifty people; one of the judges."),
        ("en", "Half a million euros, in Section 5 of the Act."),
        ("fr", "Deux millions d'euros, soit 2,5 %."),
    ];
    let cases = EXTRACTION.iter().map(|(lang, text, _)| (*lang, *text)).chain(extra);
    for (lang, text) in cases {
        let e = extractor(lang);
        assert_eq!(e.extract(text), e.extract_checked(text, true), "{lang} {text:?}");
    }
    for lang in ["de", "en", "fr"] {
        let e = extractor(lang);
        for text in table_texts(lang) {
            assert_eq!(e.extract(&text), e.extract_checked(&text, true), "{lang} {text:?}");
        }
    }
}

#[test]
fn extraction_table() {
    let mut failures = Vec::new();
    for (lang, text, expected) in EXTRACTION {
        let got = describe(text, lang);
        if got != *expected {
            failures.push(format!("{lang} {text:?}\n   got      {got:?}\n   expected {expected:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        EXTRACTION.len(),
        failures.join("\n")
    );
}

/// Rendering cases: language and text of one figure, then its German and English renderings.
const RENDERING: &[(&str, &str, &str, &str)] = &[
    ("de", "13 Mrd. €", "13 Milliarden Euro", "13 billion euros"),
    ("de", "445.000 USD", "445.000 US-Dollar", "445,000 US dollars"),
    ("de", "2,5 Mio. Fr.", "2,5 Millionen Franken", "2.5 million Swiss francs"),
    ("de", "1 Milliarde Euro", "1 Milliarde Euro", "1 billion euros"),
    ("de", "1.234.567,89 Euro", "1.234.567,89 Euro", "1,234,567.89 euros"),
    ("de", "knapp 2 Milliarden Euro", "knapp 2 Milliarden Euro", "almost 2 billion euros"),
    ("de", "mehr als 500 Beschwerden", "mehr als 500 Beschwerden", "more than 500 complaints"),
    ("de", "mindestens 14 Tage", "mindestens 14 Tage", "at least 14 days"),
    ("de", "fünf Monate", "5 Monate", "5 months"),
    ("de", "1 Jahr", "1 Jahr", "1 year"),
    ("de", "1,5 Prozentpunkte", "1,5 Prozentpunkte", "1.5 percentage points"),
    ("de", "25 Basispunkte", "25 Basispunkte", "25 basis points"),
    ("de", "-0,3 Prozent", "-0,3 Prozent", "-0.3 percent"),
    ("de", "Anfang 2024", "Anfang 2024", "early 2024"),
    ("de", "Mitte 2023", "Mitte 2023", "mid-2023"),
    ("de", "Ende 2025", "Ende 2025", "late 2025"),
    ("de", "am 01.02.2023", "1. Februar 2023", "1 February 2023"),
    ("de", "im Mai 2022", "Mai 2022", "May 2022"),
    ("de", "zwischen 2019 und 2021", "2019–2021", "2019–2021"),
    ("de", "5 bis 10 Mio. Euro", "zwischen 5 und 10 Millionen Euro", "between 5 and 10 million euros"),
    ("de", "2 Millionen Nutzer", "2 Millionen Nutzer", "2 million users"),
    ("de", "50 Millionen Yuan", "50 Millionen Yuan", "50 million yuan"),
    ("de", "7 Millionen schwedische Kronen", "7 Millionen schwedische Kronen", "7 million Swedish kronor"),
    ("en", "$3.5bn", "3,5 Milliarden US-Dollar", "3.5 billion US dollars"),
    ("en", "€2.9 trillion", "2,9 Billionen Euro", "2.9 trillion euros"),
    ("en", "£30m", "30 Millionen Pfund", "30 million pounds"),
    ("en", "$40k", "40.000 US-Dollar", "40,000 US dollars"),
    ("en", "nearly 1,000 employees", "knapp 1.000 Beschäftigte", "almost 1,000 employees"),
    ("en", "1,400 people", "1.400 Menschen", "1,400 people"),
    ("en", "half a million users", "500.000 Nutzer", "500,000 users"),
    ("en", "late 2025", "Ende 2025", "late 2025"),
    ("en", "the beginning of 2020", "Anfang 2020", "early 2020"),
    ("en", "January 1, 2025", "1. Januar 2025", "1 January 2025"),
    ("en", "three months", "3 Monate", "3 months"),
    ("en", "72 hours", "72 Stunden", "72 hours"),
    ("en", "5 to 10 years", "zwischen 5 und 10 Jahre", "between 5 and 10 years"),
    ("en", "up to 4%", "bis zu 4 Prozent", "up to 4 percent"),
    ("en", "¥3 billion", "3 Milliarden Yen", "3 billion yen"),
    ("en", "$45.60", "45,60 US-Dollar", "45.60 US dollars"),
    ("de", "1.234,5 Euro", "1.234,50 Euro", "1,234.50 euros"),
    ("en", "three dozen people", "36 Menschen", "36 people"),
];

#[test]
fn rendering_table() {
    let mut failures = Vec::new();
    for (lang, text, de, en) in RENDERING {
        let figs = extract(text, lang);
        let got: Vec<(String, String)> = figs.iter().map(renderings).collect();
        if got != [(de.to_string(), en.to_string())] {
            failures.push(format!("{lang} {text:?}: got {got:?}, expected ({de:?}, {en:?})"));
        }
    }
    assert!(failures.is_empty(), "{} of {} fail:\n{}", failures.len(), RENDERING.len(), failures.join("\n"));
}

/// True translations: every figure of the German sentence has its counterpart in the English.
const TRUE_PAIRS: &[(&str, &str)] = &[
    ("Der Konzern zahlt 445.000 USD.", "The group pays USD 445,000."),
    ("Die Busse beträgt 2,5 Mio. Fr.", "The fine is CHF 2.5 million."),
    ("Apple soll 13 Mrd. Euro nachzahlen.", "Apple must repay €13bn."),
    ("Die Einlagen betragen 2,9 Billionen Euro.", "Deposits total €2.9 trillion."),
    ("Der Schaden liegt bei 3 Milliarden Yen.", "The damage is ¥3 billion."),
    ("Gazprom soll 1,5 Mrd. Rubel zahlen.", "Gazprom is to pay 1.5 billion roubles."),
    ("Die Behörde verhängte 7 Millionen schwedische Kronen.", "The authority imposed SEK 7 million."),
    ("Es geht um 12 Mio. britische Pfund.", "It concerns £12m."),
    ("Die Kosten liegen bei 1.234.567,89 Euro.", "The costs are €1,234,567.89."),
    ("Es fehlen 750 000 Euro.", "750,000 euros are missing."),
    ("Das Ergebnis lag bei -0,3 Prozent.", "The result was -0.3 percent."),
    ("Die Quote stieg um 1,5 Prozentpunkte.", "The rate rose by 1.5 percentage points."),
    ("Die Zinsen sinken um 25 Basispunkte.", "Rates fall by 25 basis points."),
    ("Etwa 30 Prozent der Befragten stimmten zu.", "About 30% of respondents agreed."),
    ("Der Kurs fiel um 5–7 Prozent.", "The price fell by 5 to 7 percent."),
    ("Es gingen über 500 Beschwerden ein.", "More than 500 complaints were received."),
    ("Fast 1.000 Mitarbeiter verloren ihren Job.", "Almost 1,000 employees lost their jobs."),
    ("Rund 1,3 Mio. Menschen sind betroffen.", "Around 1.3 million people are affected."),
    ("Zwei Millionen Kunden sind betroffen.", "Two million customers are affected."),
    ("Zwei Millionen Kunden sind betroffen.", "2 million customers are affected."),
    ("Zwölf Richter entschieden.", "Twelve judges decided."),
    ("Einundzwanzig Staaten haben unterzeichnet.", "21 states have signed."),
    ("Ein Dutzend Unternehmen klagten.", "A dozen companies sued."),
    ("Das kostet eine halbe Million Euro.", "That costs half a million euros."),
    ("Das kostet eine halbe Million Euro.", "That costs €500,000."),
    ("Die Haftstrafe beträgt fünf Jahre.", "The prison sentence is five years."),
    ("Die Meldung muss innerhalb von 72 Stunden erfolgen.", "Breaches must be reported within 72 hours."),
    ("Die 72-Stunden-Frist lief ab.", "The 72-hour deadline expired."),
    ("Das Verfahren dauerte anderthalb Jahre.", "The proceedings lasted one and a half years."),
    ("Zwei Angeklagte im Alter von 24 und 27 Jahren.", "Two defendants aged 24 and 27."),
    ("Der 36-jährige Angeklagte schwieg.", "The 36-year-old defendant remained silent."),
    ("Der 15-Jährige wurde festgenommen.", "The 15-year-old was arrested."),
    ("Zwischen 2019 und 2021 stiegen die Zahlen.", "Between 2019 and 2021 the numbers rose."),
    ("Anfang 2024 trat das Gesetz in Kraft.", "The law took effect in early 2024."),
    ("Die Frist läuft bis Ende 2025.", "The period runs until the end of 2025."),
    ("Seit Mitte 2023 gilt die Regel.", "The rule has applied since mid-2023."),
    ("Am 1. Januar 2025 trat das Gesetz in Kraft.", "On January 1, 2025, the law took effect."),
    ("Das Urteil vom 01.02.2023 ist rechtskräftig.", "The judgment of 1 February 2023 is final."),
    ("Im Mai 2022 begann der Prozess.", "The trial began in May 2022."),
    ("Sie verlangen 5 bis 10 Mio. Euro.", "They seek between €5m and €10m."),
    (
        "Der Konzern zahlt 2,4 Mio. Euro (rund 2,6 Mio. US-Dollar).",
        "The group pays €2.4 million (around $2.6 million).",
    ),
    ("Die Zahl stieg von 120 auf 180.", "The number rose from 120 to 180."),
    ("Betroffen sind 1.400 Betroffene.", "1,400 people are affected."),
    ("Es gab 14 Tote und 30 Verletzte.", "There were 14 dead and 30 injured."),
    ("Die App hat 3.5 Millionen Nutzer.", "The app has 3.5 million users."),
    ("Die Frist beträgt mindestens 14 Tage.", "The period is at least 14 days."),
];

/// Injected errors: a German sentence and an English one with one figure changed, dropped or
/// rescaled; the match must report at least one figure that is not the same.
const INJECTED: &[(&str, &str)] = &[
    ("Der Konzern zahlt 445.000 USD.", "The group pays USD 445."),
    ("Die Busse beträgt 2,5 Mio. Fr.", "The fine is €2.5 million."),
    ("Apple soll 13 Mrd. Euro nachzahlen.", "Apple must repay €13 million."),
    ("Die Einlagen betragen 2,9 Billionen Euro.", "Deposits total €2.9 billion."),
    ("Der Schaden liegt bei 3 Milliarden Yen.", "The damage is 3 billion yuan."),
    ("Gazprom soll 1,5 Mrd. Rubel zahlen.", "Gazprom is to pay 1.5 billion dollars."),
    ("Es geht um 12 Mio. britische Pfund.", "It concerns €12m."),
    ("Die Kosten liegen bei 1.234.567,89 Euro.", "The costs are €1,234,567."),
    ("Es fehlen 750 000 Euro.", "75,000 euros are missing."),
    ("Das Ergebnis lag bei -0,3 Prozent.", "The result was 0.3 percent."),
    ("Die Quote stieg um 1,5 Prozentpunkte.", "The rate rose by 1.5 percent."),
    ("Die Zinsen sinken um 25 Basispunkte.", "Rates fall by 25 percentage points."),
    ("Etwa 30 Prozent der Befragten stimmten zu.", "About 13% of respondents agreed."),
    ("Der Kurs fiel um 5–7 Prozent.", "The price fell by 5 percent."),
    ("Es gingen über 500 Beschwerden ein.", "More than 5,000 complaints were received."),
    ("Fast 1.000 Mitarbeiter verloren ihren Job.", "Almost 1,000,000 employees lost their jobs."),
    ("Rund 1,3 Mio. Menschen sind betroffen.", "Around 1.3 billion people are affected."),
    ("Zwei Millionen Kunden sind betroffen.", "Two thousand customers are affected."),
    ("Zwölf Richter entschieden.", "Eleven judges decided."),
    ("Ein Dutzend Unternehmen klagten.", "Ten companies sued."),
    ("Das kostet eine halbe Million Euro.", "That costs €50,000."),
    ("Die Haftstrafe beträgt fünf Jahre.", "The prison sentence is five months."),
    ("Die Meldung muss innerhalb von 72 Stunden erfolgen.", "Breaches must be reported within 72 days."),
    ("Das Verfahren dauerte anderthalb Jahre.", "The proceedings lasted two years."),
    ("Zwischen 2019 und 2021 stiegen die Zahlen.", "Between 2019 and 2022 the numbers rose."),
    ("Anfang 2024 trat das Gesetz in Kraft.", "The law took effect in late 2024."),
    ("Die Frist läuft bis Ende 2025.", "The period runs until the end of 2026."),
    ("Am 1. Januar 2025 trat das Gesetz in Kraft.", "On January 1, 2024, the law took effect."),
    ("Das Urteil vom 01.02.2023 ist rechtskräftig.", "The judgment of 2 January 2023 is final."),
    ("Im Mai 2022 begann der Prozess.", "The trial began in March 2022."),
    ("Sie verlangen 5 bis 10 Mio. Euro.", "They seek between €5m and €100m."),
    ("Die Zahl stieg von 120 auf 180.", "The number rose from 120 to 190."),
    ("Es gab 14 Tote und 30 Verletzte.", "There were 14 dead and 13 injured."),
    ("Die App hat 3.5 Millionen Nutzer.", "The app has 35 million users."),
    ("Die Frist beträgt mindestens 14 Tage.", "The period is at least 4 days."),
    ("Der Umsatz lag bei 38 Mrd. US-Dollar.", "Revenue was 38 million US dollars."),
    ("Die Strafe beträgt 1,2 Mio. Euro.", "The fine is 1.2 million pounds."),
    (
        "Der Konzern zahlt 2,4 Mio. Euro (rund 2,6 Mio. US-Dollar).",
        "The group pays €2.4 million (around $6.2 million).",
    ),
    ("Der Konzern zahlt 2,4 Mio. Euro (rund 2,6 Mio. US-Dollar).", "The group pays €2.4 million."),
    ("Das Bußgeld beträgt 5 Millionen Euro.", "The fine is substantial."),
];

#[test]
fn true_pairs_table() {
    let mut failures = Vec::new();
    for (de, en) in TRUE_PAIRS {
        let m = matched(de, en);
        if m.is_empty() || !m.iter().all(|x| matches!(x, FigureMatch::Same { .. })) {
            failures.push(format!(
                "{de:?} / {en:?}: {m:?}\n   {:?}\n   {:?}",
                describe(de, "de"),
                describe(en, "en")
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} fail:\n{}", failures.len(), TRUE_PAIRS.len(), failures.join("\n"));
}

#[test]
fn injected_errors_table() {
    let mut failures = Vec::new();
    for (de, en) in INJECTED {
        let m = matched(de, en);
        if m.iter().all(|x| matches!(x, FigureMatch::Same { .. })) {
            failures.push(format!(
                "{de:?} / {en:?}: {m:?}\n   {:?}\n   {:?}",
                describe(de, "de"),
                describe(en, "en")
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} fail:\n{}", failures.len(), INJECTED.len(), failures.join("\n"));
}

/// Runs the checks over an article pair given one sentence per line, aligned 1-1 (or as
/// `links` says), and returns the figure findings as `check severity src tgt`.
fn article_findings(de: &[&str], en: &[&str], links: Option<&[(usize, usize)]>) -> Vec<String> {
    use crate::align::Link;
    use crate::glossary::Glossary;
    use crate::pipeline::{analyze_sentences, line_sentences};
    let glossary = Glossary::from_csv_str("empty.csv", "concept,lang,term,status,match,note\n")
        .expect("an empty glossary loads");
    let (src_text, tgt_text) = (de.join("\n"), en.join("\n"));
    let src = analyze_sentences(&src_text, line_sentences(&src_text), "de", &glossary);
    let tgt = analyze_sentences(&tgt_text, line_sentences(&tgt_text), "en", &glossary);
    let pairs: Vec<(usize, usize)> =
        links.map_or_else(|| (0..de.len().min(en.len())).map(|i| (i, i)).collect(), <[_]>::to_vec);
    let links: Vec<Link> =
        pairs.iter().map(|&(s, t)| Link { src: vec![s], tgt: vec![t], score: 1.0 }).collect();
    crate::check::check_pair(&src.side(&src_text), &tgt.side(&tgt_text), &links, &glossary)
        .into_iter()
        .filter(|f| f.check.starts_with("figure"))
        .map(|f| {
            format!(
                "{} {} {} {}",
                f.check,
                f.severity.as_str(),
                f.src_sentence.map_or("-".into(), |i| i.to_string()),
                f.tgt_sentence.map_or("-".into(), |i| i.to_string())
            )
        })
        .collect()
}

#[test]
fn article_cross_check() {
    // A figure moved to the next sentence is reported once, as a warning, not as missing + extra.
    assert_eq!(
        article_findings(
            &["Das Gericht verhängte eine Strafe von 5 Millionen Euro.", "Die Firma will Berufung einlegen."],
            &["The court imposed a fine.", "The company, fined 5 million euros, will appeal."],
            None
        ),
        ["figure_moved warning 0 0"]
    );
    // A figure truly lost from the article is an error.
    assert_eq!(
        article_findings(
            &["Das Gericht verhängte eine Strafe von 5 Millionen Euro.", "Die Firma will Berufung einlegen."],
            &["The court imposed a fine.", "The company will appeal."],
            None
        ),
        ["figure_missing error 0 0"]
    );
    // A repeated mention dropped in the translation is a warning.
    assert_eq!(
        article_findings(
            &["Die Strafe beträgt 5 Millionen Euro.", "Die 5 Millionen Euro gehen an den Staat."],
            &["The fine is 5 million euros.", "The money goes to the state."],
            None
        ),
        ["figure_missing warning 1 1"]
    );
    // Qualifier drift: "rund" became exact.
    assert_eq!(
        article_findings(
            &["Die Strafe beträgt rund 148 Millionen Euro."],
            &["The fine is 148 million euros."],
            None
        ),
        ["figure_qualifier warning 0 0"]
    );
    // A conversion in brackets: both figures are checked, the wrong one is reported.
    assert_eq!(
        article_findings(
            &["Sie zahlt 168 Millionen US-Dollar (rund 148 Millionen Euro)."],
            &["It pays 168 million US dollars (around 184 million euros)."],
            None
        ),
        ["figure_mismatch error 0 0"]
    );
    // Two figures swapped across sentences stay errors: each sentence states a wrong figure.
    assert_eq!(
        article_findings(
            &["Die Strafe beträgt 5 Millionen Euro.", "Der Umsatz lag bei 80 Millionen Euro."],
            &["The fine is 80 million euros.", "Revenue was 5 million euros."],
            None
        ),
        ["figure_mismatch error 0 0", "figure_mismatch error 1 1"]
    );
    // A clean pair says nothing.
    assert_eq!(
        article_findings(
            &[
                "Am 24. Dezember 2024 verhängte die Behörde 1,2 Mio. Euro.",
                "Rund 1.400 Menschen sind betroffen."
            ],
            &["On 24 December 2024 the authority imposed €1.2 million.", "Around 1,400 people are affected."],
            None
        ),
        Vec::<String>::new()
    );
}

/// Regression: values beyond rust_decimal's range overflowed a multiplication and panicked.
#[test]
fn numbers_too_large_for_a_decimal_are_not_figures_and_do_not_panic() {
    for (lang, text) in [
        ("de", "Es geht um 99999999999999999999 Mrd. Euro."),
        ("de", "Es geht um 9999999999999999999999 Billionen Euro."),
        ("de", "Es geht um -99999999999999999999 Mrd. Euro."),
        ("de", "zwischen 99999999999999999999 und 999999999999999999999 Mrd. Euro"),
        ("en", "It is $99999999999999999999bn."),
        ("en", "It is 99999999999999999999 billion dollars."),
    ] {
        for f in extract(text, lang) {
            assert!(f.end <= text.len());
        }
    }
}

/// A run of digits takes its groups without the numeral regex: they must be the ones it gives,
/// whatever stands before the run.
#[test]
fn digit_runs_get_the_numeral_regex_groups() {
    for lang in ["de", "en", "fr"] {
        let e = extractor(lang);
        for before in ["", "a ", "€", "1.", "x-", "§ ", "ü"] {
            for digits in
                ["0", "7", "42", "999", "1000", "2024", "1234567", "0042", "79228162514264337593543950336"]
            {
                let text = format!("{before}{digits}");
                let span = before.len()..text.len();
                let input = Input::new(text.as_str()).span(span.clone());
                let mut want = e.numeral.create_captures();
                e.numeral.search_captures(&input, &mut want);
                let mut got = e.numeral.create_captures();
                digits_only(&mut got, span, e.numeral_digits_slots);
                assert_eq!(got.slots(), want.slots(), "{lang} {text:?}");
                assert_eq!(got.pattern(), want.pattern(), "{lang} {text:?}");
            }
        }
    }
}

#[test]
fn a_unit_before_a_hyphen_ends_where_the_text_has_the_hyphen() {
    // The Kelvin sign (3 bytes) lowercases to `k` (1 byte): the figure must end at the hyphen
    // of the text, not at the hyphen's place in the lowercased word (which here falls inside a
    // character).
    let text = "The 2-WEE\u{212A}-long trial ended.";
    let figures = extract(text, "en");
    let f = figures.iter().find(|f| f.kind == Kind::Duration).expect("a duration");
    assert_eq!(&text[f.start..f.end], "2-WEE\u{212A}");
}

/// Texts full of figure shapes for `lang`, made from its tables: every number word, scale word,
/// qualifier, range word, currency and unit in the places the main pattern reads them.
fn table_texts(lang: &str) -> Vec<String> {
    let t = tables_for(lang);
    let mut texts = Vec::new();
    let mut number_words: Vec<&String> = t.number_words.keys().collect();
    number_words.sort();
    let mut scales: Vec<&String> = t.scales.keys().collect();
    scales.sort();
    for w in &number_words {
        let s = scales.first().map_or("", |s| s.as_str());
        texts.push(w.to_string());
        texts.push(format!("Es waren {w} Leute, also {w} {s} Euro, zwischen {w} und {w} Prozent; {w}-{w}."));
        texts.push(format!("{} und {} {s} and {w}", w.to_uppercase(), w.to_uppercase()));
    }
    for s in &scales {
        texts.push(format!("5 {s}, 5{s}, 5,5 {s} Euro, eine {s}, a {s}, 12 {s} und 14 {s} $ 3 {s}"));
    }
    let mut quals: Vec<&String> = t.qualifiers.keys().collect();
    quals.sort();
    for q in quals {
        texts.push(format!("{q} 5 Mio. Euro, {q} zwei, {q} 1.500 bis 2.000 Menschen, {q} €3,5 Mrd."));
    }
    for (open, close) in &t.between {
        texts.push(format!(
            "{open} 5 {close} 10, {open} drei {close} vier Prozent, {open} 1,5 {close} 2 Mio. $"
        ));
    }
    for c in &t.connectors {
        texts.push(format!("5{c}10 Euro, 5 {c} 10, -5{c}-3, 2019{c}2021, $5m{c}$10m"));
    }
    let mut units: Vec<&String> = t.currencies.keys().chain(t.units.keys()).collect();
    units.sort();
    for u in units {
        texts.push(format!(
            "rund 5 {u}, 5{u}, {u} 5, {u}5 Mio., minus 3,5 {u}, 1.400 {u} und 2.000 {u}, zwei {u}"
        ));
        texts.push(format!("{}  7 und 8\u{a0}{}", u.to_uppercase(), u.to_uppercase()));
    }
    texts
}

/// Taking a match's groups part by part (`staged`) gives what the whole pattern gives, on every
/// match of the main pattern (from every start) in the table cases, the tables' words in
/// context and the sentences of the bundled corpus. A part search may decline (a match too long
/// for the backtracker), but rarely.
/// The table cases, the tables' words in context and the sentences of the bundled corpus, with
/// their languages.
fn staged_cases() -> Vec<(String, String)> {
    let mut cases: Vec<(String, String)> =
        EXTRACTION.iter().map(|(lang, text, _)| (lang.to_string(), text.to_string())).collect();
    for lang in ["de", "en", "fr"] {
        cases.extend(table_texts(lang).into_iter().map(|t| (lang.to_string(), t)));
    }
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> =
        std::fs::read_dir(&corpus).expect("the bundled corpus").flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let Some(lang) = name.strip_suffix(".txt").and_then(|n| n.rsplit('.').next()) else { continue };
        let text = std::fs::read_to_string(&path).expect("a corpus file");
        for s in crate::segment::split(&text, lang) {
            cases.push((lang.to_string(), s.text(&text).to_string()));
        }
    }
    cases
}

/// The non-empty matches of `main` in `text`, each searched from one character after the
/// previous match's start, so overlapping ones too.
fn match_ranges(main: &meta::Regex, text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = main.search(&Input::new(text).span(pos..text.len())) else { break };
        pos = next_char(text, m.start());
        if !m.is_empty() {
            out.push(m.range());
        }
    }
    out
}

#[test]
fn staged_groups_are_the_whole_patterns_groups() {
    let cases = staged_cases();
    let (mut compared, mut declined) = (0, 0);
    for (lang, text) in &cases {
        let e = extractor(lang);
        let text = text.as_str();
        for words in [true, false] {
            let main = if words { &e.main } else { &e.main_digits };
            let mut caps = main.create_captures();
            let mut scratch = Scratch::default();
            for whole in match_ranges(main, text) {
                let haystack = &text[..whole.end];
                main.search_captures(&Input::new(haystack).span(whole.start..whole.end), &mut caps);
                let want = Found::of(text, &caps, &e.main_groups);
                match e.staged(text, whole.clone(), words, &mut scratch) {
                    Some(got) => {
                        assert_eq!(got, want, "{lang} {text:?} at {whole:?}, words {words}");
                        compared += 1;
                    }
                    None => declined += 1,
                }
            }
        }
    }
    assert!(compared > 5000 && declined * 100 < compared, "{compared} compared, {declined} declined");
}

/// The remembered staging (`staged_cached`) gives what staging gives, on every match of the
/// cases, seen first and seen again, seen again with other digits (the entries are keyed with
/// every digit made `0`), and with what stands before the match changed: after a letter, a
/// digit, a bracket or a space (the word boundary before a match decides what its head can be).
#[test]
fn remembered_staging_is_staging() {
    let mut compared = 0;
    for round in 0..3 {
        for (lang, text) in staged_cases() {
            let e = extractor(&lang);
            assert!(e.digit_blind, "{lang}: no phrase of the tables has a digit");
            let text: String = if round == 2 {
                text.chars()
                    .map(|c| match c.to_digit(10).filter(|_| c.is_ascii_digit()) {
                        Some(d) => char::from(b'0' + ((d as u8 + 7) % 10)),
                        None => c,
                    })
                    .collect()
            } else {
                text
            };
            for lead in ["", "a", "1", "(", " ", "ü"] {
                let text = format!("{lead}{text}");
                let text = text.as_str();
                for words in [true, false] {
                    let main = if words { &e.main } else { &e.main_digits };
                    let (mut scratch, mut cached_scratch) = (Scratch::default(), Scratch::default());
                    for whole in match_ranges(main, text) {
                        let want = e.staged(text, whole.clone(), words, &mut scratch);
                        let got = e.staged_cached(text, whole.clone(), words, &mut cached_scratch);
                        assert_eq!(got, want, "round {round}: {lang} {text:?} at {whole:?}, words {words}");
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared > 50_000, "{compared} compared");
}

/// The patterns are built from their parts parsed once, not parsed whole (which gives the same
/// patterns, only slower).
#[test]
fn patterns_are_built_from_their_parts() {
    for lang in ["de", "en", "fr"] {
        let e = extractor(lang);
        e.word_stages();
        let built = e.pieces.built.lock().map(|b| b.clone()).unwrap_or_default();
        assert!(built.len() >= 7, "{lang}: {} patterns", built.len());
        for skeleton in built {
            assert!(e.pieces.put_together(&skeleton).is_some(), "{lang} {skeleton:?}");
        }
    }
}

/// `anchor_key` writes its parts itself: it must give what formatting them gives.
#[test]
fn anchor_keys_are_the_formatted_parts() {
    let values = [
        "0",
        "-0",
        "0.000",
        "5",
        "-5",
        "1400",
        "1400.00",
        "12.5",
        "-12.50",
        "0.05",
        "168000000",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "7.9228162514264337593543950335",
        "1e-28",
        "100e3",
    ];
    let decimal = |s: &str| Decimal::from_scientific(s).or_else(|_| Decimal::from_str(s)).unwrap();
    let mut checked = 0;
    for (i, v) in values.iter().enumerate() {
        for max in [None, Some(Value::Number(decimal(values[(i + 3) % values.len()])))] {
            for kind in [Kind::Money, Kind::Percent, Kind::Count, Kind::Year, Kind::Date] {
                let value = if kind == Kind::Date {
                    Value::Date(format!("2024-12-{:02}", i + 1))
                } else {
                    Value::Number(decimal(v))
                };
                let f = Figure {
                    start: 0,
                    end: 1,
                    kind,
                    value,
                    value_max: max.clone(),
                    unit: Some("EUR".into()),
                    qualifier: Qualifier::Exact,
                    from_words: false,
                };
                let max_text = f.value_max.as_ref().map(ToString::to_string).unwrap_or_default();
                let unit = if matches!(kind, Kind::Money | Kind::Percent) { "EUR" } else { "" };
                let class = match kind {
                    Kind::Money => 0,
                    Kind::Percent => 1,
                    Kind::Date => 2,
                    _ => 3,
                };
                assert_eq!(anchor_key(&f), format!("{class}:{}:{max_text}:{unit}", f.value), "{v}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, values.len() * 10);
}

/// The word gate matches wherever the trigger search finds a number word (it may match
/// elsewhere too: that only costs the larger pattern), on the table texts, the sentences of the
/// bundled corpus, and triggers in and after words.
#[test]
fn the_word_gate_finds_every_number_word_the_triggers_find() {
    let mut cases: Vec<(String, String)> = [
        ("de", "einundzwanzig"),
        ("de", "Die Macht der Nacht, elf Helfer."),
        ("de", "UNDZWANZIG und Zwanzig"),
        ("de", "_drei, (vier), „fünf“, Ölfünf"),
        ("de", "zweihundertfünfzig; Tausend-Euro-Scheine"),
        ("en", "someone phoned ten; Twenty-one, a column of autumn bn"),
        ("en", "x-mn 5bn twelve"),
        ("fr", "deux hundred thousand"),
    ]
    .iter()
    .map(|(l, t)| (l.to_string(), t.to_string()))
    .collect();
    for lang in ["de", "en", "fr"] {
        cases.extend(table_texts(lang).into_iter().map(|t| (lang.to_string(), t)));
    }
    cases.extend(EXTRACTION.iter().map(|(lang, text, _)| (lang.to_string(), text.to_string())));
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for path in std::fs::read_dir(&corpus).expect("the bundled corpus").flatten().map(|e| e.path()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let Some(lang) = name.strip_suffix(".txt").and_then(|n| n.rsplit('.').next()) else { continue };
        let text = std::fs::read_to_string(&path).expect("a corpus file");
        cases.extend(
            crate::segment::split(&text, lang).iter().map(|s| (lang.to_string(), s.text(&text).to_string())),
        );
    }
    let mut found = 0;
    for (lang, text) in &cases {
        let e = extractor(lang);
        if e.has_number_word(text) {
            found += 1;
            assert!(e.word_gate.is_match(text.as_str()), "{lang} {text:?}");
        }
    }
    assert!(found > 100, "only {found} texts with number words");
}

// Headlines in capitals: a number word is one in any case, umlauts and a joining `UND`
// included. (Until the word gate, only words in ASCII capitals such as `DREI` were found.)
f!(
    number_words_in_capitals_are_figures,
    "de",
    "FÜNF MENSCHEN VERLETZT, ZWÖLF RICHTER UND EINUNDZWANZIG Kläger.",
    [
        "FÜNF MENSCHEN count 5 - people exact",
        "ZWÖLF RICHTER count 12 - judges exact",
        "EINUNDZWANZIG Kläger count 21 - plaintiffs exact"
    ]
);

/// The scan for month names finds one exactly where one of the words occurs in the text.
#[test]
fn the_month_scan_finds_exactly_the_month_names() {
    for lang in ["de", "en", "fr"] {
        let t = tables_for(lang);
        let e = extractor(lang);
        let words: Vec<&str> =
            t.months.keys().filter_map(|m| m.split(' ').next()).filter(|m| !m.is_empty()).collect();
        let mut texts: Vec<String> = staged_cases().into_iter().map(|(_, text)| text).collect();
        for w in &words {
            texts.push(w.to_string());
            texts.push(format!("Am 3. {w} 2024"));
            texts.push(format!("x{w}"));
            texts.push(w.to_lowercase());
            texts.push(w[..w.len() - 1].to_string());
        }
        texts.push(String::new());
        let (mut yes, mut no) = (0, 0);
        for text in &texts {
            let want = words.iter().any(|w| text.contains(w));
            assert_eq!(e.month_names.is_match(text), want, "{lang} {text:?}");
            if want {
                yes += 1;
            } else {
                no += 1;
            }
        }
        if !words.is_empty() {
            assert!(yes > 50 && no > 50, "{lang}: {yes} with a month name, {no} without");
        }
    }
}

/// The month scan's byte-pair filter: words of one byte, words at the end of the text, words
/// sharing their first byte, against `str::contains` on every short text over their letters.
#[test]
fn the_literal_scan_is_contains() {
    let words = ["M", "Mai", "Mär.", "Au", "x", "ää"];
    for set in [&words[..], &words[1..], &words[2..4]] {
        let lits = Literals::new(set.iter().copied());
        let alphabet = ["M", "a", "i", "ä", "r", ".", "A", "u", "x", " "];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        for text in &texts {
            let want = set.iter().any(|w| text.contains(w));
            assert_eq!(lits.is_match(text), want, "{set:?} {text:?}");
        }
    }
}

/// A match of digits with points, commas or spaces takes its groups without the numeral regex:
/// they must be the ones it gives, on every such match of the main patterns in the cases and
/// in numerals of every shape after many kinds of text.
#[test]
fn bare_matches_get_the_numeral_regex_groups() {
    let mut cases = staged_cases();
    for lang in ["de", "en", "fr"] {
        for before in ["", "a ", "€", "1.", "x-", "§ ", "ü", "rund ", "(", "Nr. "] {
            for num in [
                "1.400",
                "3,5",
                "1.234.567",
                "1,234,567.89",
                "12.5",
                "2.3.1",
                "750 000",
                "750\u{a0}000",
                "1\u{202f}000\u{2009}000",
                "1.234,56",
                "1,5.3",
                "0,5",
                "1.23",
                "12.345.6789",
                "1 2 3",
                "1234.567",
                "1.2345",
                "3,50 2,40",
                "5, 6",
                "2.000,",
                "1.000.",
            ] {
                cases.push((lang.to_string(), format!("{before}{num} und mehr")));
                cases.push((lang.to_string(), format!("{before}{num}")));
            }
        }
    }
    let mut compared = 0;
    for (lang, text) in &cases {
        let e = extractor(lang);
        assert!(e.bare_is_numeral, "{lang}");
        let text = text.as_str();
        for main in [&e.main, &e.main_digits] {
            for whole in match_ranges(main, text) {
                let bare = text[whole.clone()]
                    .chars()
                    .all(|c| c.is_ascii_digit() || ".,".contains(c) || c.is_whitespace());
                if !bare {
                    continue;
                }
                let haystack = &text[..whole.end];
                let input = Input::new(haystack).span(whole.start..haystack.len());
                let mut want = e.numeral.create_captures();
                e.numeral.search_captures(&input, &mut want);
                let mut got = e.numeral.create_captures();
                digits_only(&mut got, whole.clone(), e.numeral_digits_slots);
                assert_eq!(got.slots(), want.slots(), "{lang} {text:?} at {whole:?}");
                assert_eq!(got.pattern(), want.pattern(), "{lang} {text:?} at {whole:?}");
                compared += 1;
            }
        }
    }
    assert!(compared > 1000, "{compared} compared");
}

/// The shortcuts (month names and digit shapes before date forms, bare numerals without the
/// numeral regex) never change what is found, on the table cases, the tables' words in context
/// and the bundled corpus.
#[test]
fn the_shortcuts_find_what_the_full_search_finds() {
    let mut compared = 0;
    for (lang, text) in staged_cases() {
        let e = extractor(&lang);
        for text in [text.clone(), format!("{text} Am 3. März 2024, 1.400 und 3,5."), format!("1.400 {text}")]
        {
            assert_eq!(e.extract(&text), e.extract_checked(&text, true), "{lang} {text:?}");
            compared += 1;
        }
    }
    assert!(compared > 3000, "{compared} compared");
}

/// The shapes that let a numeric or ISO date form be searched are there wherever the form
/// matches.
#[test]
fn date_shapes_are_there_wherever_a_date_form_matches() {
    let mut texts: Vec<String> = staged_cases().into_iter().map(|(_, text)| text).collect();
    for date in ["1.2.2024", "24.12.2024", "01.1.1999", "2024-12-24", "1999-01-01", "3.12.20245", "2024-1-24"]
    {
        for before in ["", "am ", "x", "1", "(", "ü"] {
            texts.push(format!("{before}{date}"));
            texts.push(format!("{before}{date}. Danach"));
        }
    }
    let mut seen = [0, 0];
    for lang in ["de", "en", "fr"] {
        let e = extractor(lang);
        for text in &texts {
            for (form, re) in &e.dates {
                let (shape, k) = match form {
                    DateForm::Numeric => (numeric_date_shape(text), 0),
                    DateForm::Iso => (iso_date_shape(text), 1),
                    _ => continue,
                };
                if re.is_match(text) {
                    assert!(shape, "{lang} {form:?} {text:?}");
                    seen[k] += 1;
                }
            }
        }
    }
    assert!(seen[0] > 20 && seen[1] > 20, "{seen:?}");
}

/// `Extractor::tail` as it was before its shortcuts (one lowercasing per lookup, every phrase
/// length tried), to hold the shortcuts against.
fn tail_reference(e: &Extractor, text: &str, end: usize, number: &str) -> Option<(Kind, String, usize)> {
    // The words are found as `tail` finds them: its shortcuts are in what follows.
    let (sep, found, count) = super::tail_words(text, end)?;
    let words = &found[..count];
    let first = *words.first()?;
    // The words `a..b` lowercased, one space between them, into `buf` (no allocation for
    // ASCII text, the common case).
    let lower = |buf: &mut String, a: usize, b: usize| {
        buf.clear();
        let span = &text[a..b];
        if span.is_ascii() {
            for (i, w) in span.split_whitespace().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.extend(w.bytes().map(|c| char::from(c.to_ascii_lowercase())));
            }
        } else {
            buf.push_str(&span.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
        }
    };
    let mut buf = String::new();
    // The word itself, or its part before a hyphen ("Stunden-Frist"): the first of them that
    // `find` knows, and where it ends.
    let head = |buf: &mut String, (a, b): (usize, usize), find: &dyn Fn(&str) -> Option<String>| {
        lower(buf, a, b);
        if let Some(u) = find(buf) {
            return Some((u, b));
        }
        let h = buf.find('-')?;
        // Where the hyphen is in the text itself: lowercasing may change a word's length
        // (the Kelvin sign K becomes k), so `h` is not a position in `text`.
        let hyphen = a + text[a..b].find('-')?;
        find(&buf[..h]).map(|u| (u, hyphen))
    };
    if let Some((u, e)) = head(&mut buf, first, &|w| e.t.durations.get(w).cloned()) {
        return Some((Kind::Duration, u, e));
    }
    if !sep.is_whitespace() {
        return None;
    }
    let noun = |w: &str| e.t.nouns.get(w).cloned();
    let noun_at = |buf: &mut String, from: usize| -> Option<(String, usize)> {
        // A phrase of n words can only be a key of n words: longer ones are not tried.
        for n in (1..=(words.len() - from).min(e.noun_words)).rev() {
            let (a, b) = (words[from].0, words[from + n - 1].1);
            if n == 1 {
                if let Some(found) = head(buf, words[from], &noun) {
                    return Some(found);
                }
            } else {
                lower(buf, a, b);
                if let Some(u) = noun(buf) {
                    return Some((u, b));
                }
            }
        }
        None
    };
    if let Some((u, e)) = noun_at(&mut buf, 0) {
        return Some((Kind::Count, u, e));
    }
    let year_like =
        number.len() == 4 && number.bytes().all(|b| b.is_ascii_digit()) && ("1800".."2101").contains(&number);
    let gap = &text[first.0..first.1];
    let adjective = gap.starts_with(char::is_lowercase)
        && gap.chars().count() >= 3
        && !e.t.count_gap_not.contains(&gap.to_lowercase());
    if words.len() > 1 && adjective && !year_like {
        if let Some((u, e)) = noun_at(&mut buf, 1) {
            return Some((Kind::Count, u, e));
        }
    }
    None
}

/// `parse_number` as it was before it parsed without allocating.
fn parse_number_reference(s: &str, decimal: char, group: char) -> Option<Decimal> {
    let mut out = String::with_capacity(s.len());
    let groups_of_three = |sep: char| {
        let parts: Vec<&str> = s.split(sep).collect();
        parts.len() > 1
            && parts[1..]
                .iter()
                .all(|p| p.as_bytes().get(..3).is_some_and(|d| d.iter().all(u8::is_ascii_digit)))
    };
    let point_is_group = group == '.' && !s.contains(decimal) && groups_of_three('.');
    for c in s.chars() {
        match c {
            c if c.is_ascii_digit() => out.push(c),
            c if c == decimal => out.push('.'),
            '.' if group == '.' && !point_is_group && !s.contains(decimal) => out.push('.'),
            c if c == group || c.is_whitespace() => {}
            _ => return None,
        }
    }
    Decimal::from_str(&out).ok()
}

/// The counted noun or time unit after a number is what the plain lookup finds, after every
/// position of the cases, after numbers that look like years and not, and in texts with the
/// tables' nouns and durations in every case and with adjectives before them.
#[test]
fn tails_are_the_plain_lookups() {
    let mut texts: Vec<(String, String)> = staged_cases();
    for lang in ["de", "en", "fr"] {
        let t = tables_for(lang);
        let mut nouns: Vec<&String> = t.nouns.keys().chain(t.durations.keys()).collect();
        nouns.sort();
        for n in nouns {
            for form in [n.to_string(), n.to_uppercase(), capitalized(n)] {
                for before in ["", "neue ", "registrierte ", "der ", "new ", "Ärzte-", "x "] {
                    texts.push((lang.to_string(), format!("5 {before}{form} und 7 {before}{form}-Frist.")));
                    texts.push((lang.to_string(), format!("2019 {before}{form}\u{a0}und  {form}")));
                }
            }
        }
    }
    let mut found = 0;
    for (lang, text) in &texts {
        let e = extractor(lang);
        for end in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            for number in ["5", "2019", "1.400", "zwei"] {
                let want = tail_reference(e, text, end, number);
                found += usize::from(want.is_some());
                assert_eq!(e.tail(text, end, number), want, "{lang} {text:?} at {end}, {number}");
            }
        }
    }
    assert!(found > 10_000, "{found} found");
}

/// `word` with its first letter uppercase.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Numerals parse as they did with the plain parser, in every convention.
#[test]
fn numerals_parse_as_before() {
    let mut numerals: Vec<String> = [
        "0",
        "5",
        "1.400",
        "3,5",
        "3.5",
        "1.234.567",
        "1,234,567.89",
        "12.5",
        "2.3.1",
        "750 000",
        "750\u{a0}000",
        "1\u{202f}000",
        "1.234,56",
        "1,5.3",
        "1.2345",
        "",
        ".",
        ",",
        "1..2",
        "a1",
        "79228162514264337593543950335",
        "792281625142643375935439503350",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    numerals.push("1".repeat(63));
    numerals.push("1".repeat(64));
    numerals.push("1".repeat(65));
    numerals.push(format!("{}.{}", "1".repeat(40), "2".repeat(40)));
    numerals.push("1.000".repeat(20));
    for (lang, text) in staged_cases() {
        let e = extractor(&lang);
        let mut pos = 0;
        while let Some(m) = e.numeral.search(&Input::new(text.as_str()).span(pos..text.len())) {
            numerals.push(text[m.range()].to_string());
            pos = next_char(&text, m.start());
        }
    }
    for n in &numerals {
        for (decimal, group) in [(',', '.'), ('.', ','), (',', ' ')] {
            assert_eq!(parse_number(n, decimal, group), parse_number_reference(n, decimal, group), "{n:?}");
        }
    }
    assert!(numerals.len() > 1000, "{} numerals", numerals.len());
}

/// The lookup keys made without allocating are the ones `to_lowercase` (and, for currency and
/// unit phrases, the join of their words by one space) gives, on ASCII, non-ASCII, odd white
/// space and long phrases.
#[test]
fn lookup_keys_are_the_lowercased_phrases() {
    let phrases = [
        "",
        " ",
        "EUR",
        "Mio.",
        "US-Dollar",
        "us dollar",
        "US  Dollar",
        " Euro",
        "Euro ",
        "v. H.",
        "v.\tH.",
        "Pfund\nSterling",
        "Prozent\u{a0}punkte",
        "ÜBER",
        "\u{212a}ronen",
        "Kč",
        "zł",
        "A\u{b}B",
        "a very long phrase of ascii words that does not fit the buffer at all",
    ];
    let mut compared = 0;
    for p in phrases {
        for p in [p.to_string(), p.to_uppercase(), format!("{p} x"), format!("x  {p}")] {
            assert_eq!(with_lowercase(&p, str::to_string), p.to_lowercase(), "{p:?}");
            let joined = p.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(with_phrase_key(&p, str::to_string), joined, "{p:?}");
            compared += 1;
        }
    }
    assert!(compared > 70, "{compared}");
}
