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
