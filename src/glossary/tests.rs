//! Table-driven term-matching cases over a small inline glossary.

use super::*;

const CSV: &str = "concept,lang,term,status,match,note
damages,de,Schadensersatz,preferred,,
damages,de,Schadenersatz,admitted,,
damages,en,damages,preferred,exact,not damage
damages,en,compensation,admitted,,
damages,en,damage compensation,forbidden,,
injunction,de,einstweilige Verfügung,preferred,,
injunction,en,preliminary injunction,preferred,,
injunction,en,interim injunction,admitted,,
order,de,Verfügung,preferred,,
order,en,order,preferred,,
court,de,Gericht,preferred,,
court,en,court,preferred,,
constitutional-court,de,Verfassungsgericht,preferred,,
constitutional-court,en,Constitutional Court,preferred,,
constitutional-court,en,Constitution Court,forbidden,,
fcj,de,Bundesgerichtshof,preferred,,
fcj,de,BGH,admitted,case,
fcj,en,Federal Court of Justice,preferred,,
fcj,en,BGH,admitted,case,
fcj,en,Federal High Court,forbidden,,
gdpr,de,Datenschutz-Grundverordnung,preferred,,
gdpr,de,DSGVO,admitted,case,
gdpr,en,General Data Protection Regulation,preferred,,
gdpr,en,GDPR,admitted,case,
lawsuit,de,Klage,preferred,,
lawsuit,en,lawsuit,preferred,,
lawsuit,en,action,admitted,,
lawsuit,en,lament,forbidden,,
class-action,de,Sammelklage,preferred,,
class-action,en,class action,preferred,,
jury,de,Geschworene,preferred,,
jury,en,jury,preferred,,
prosecutor,de,Staatsanwaltschaft,preferred,,
prosecutor,en,public prosecutor's office,preferred,,
fine,de,Bußgeld,preferred,,
fine,en,fine,preferred,,
criminal-fine,de,Geldstrafe,preferred,,
criminal-fine,en,fine,preferred,,
settlement,de,Vergleich,preferred,,
settlement,en,settlement,preferred,,
settlement,en,comparison,forbidden,,
appeal,de,Berufung,preferred,,
appeal,en,appeal,preferred,,
appeal,en,vocation,forbidden,,
revision,de,Revision,preferred,,
revision,en,appeal on points of law,preferred,,
revision,en,revision,forbidden,,
judgment,de,Urteil,preferred,,
judgment,en,judgment,preferred,,
judgment,en,ruling,admitted,,
judgment,en,verdict,admitted,,
claim,de,Anspruch,preferred,,
claim,en,claim,preferred,,
contract,de,Vertrag,preferred,,
contract,en,contract,preferred,,
contract,en,agreement,admitted,,
plaintiff,de,Kläger,preferred,,
plaintiff,en,plaintiff,preferred,,
plaintiff,en,claimant,admitted,,
lawyer,de,Anwalt,preferred,,
lawyer,en,lawyer,preferred,,
lawyer,en,attorney,admitted,,
prison-sentence,de,Haftstrafe,preferred,,
prison-sentence,en,prison sentence,preferred,,
prison-sentence,en,jail sentence,admitted,,
trial,de,Prozess,preferred,,
trial,en,trial,preferred,,
trial,en,process,forbidden,,
cartel-office,de,Bundeskartellamt,preferred,,
cartel-office,en,Federal Cartel Office,preferred,,
usd,de,US-Dollar,preferred,,
usd,en,US dollar,preferred,,
witness,de,Zeuge,preferred,,
witness,en,witness,preferred,,
law,de,Recht,preferred,,
law,en,law,preferred,,
savings-bank,de,Sparkasse,preferred,,
defendant,de,Beklagte,preferred,,
cjeu,de,Europäischer Gerichtshof,preferred,,
cjeu,en,European Court of Justice,preferred,,
upc,de,Einheitliches Patentgericht,preferred,,
dsa,de,Digitaldienstegesetz,preferred,,
dsa,en,Digital Services Act,preferred,,
upc,en,Unified Patent Court,preferred,,
defendant,en,defendant,preferred,,
savings-bank,en,Sparkasse,preferred,,
";

fn glossary() -> &'static Glossary {
    static G: std::sync::LazyLock<Glossary> = std::sync::LazyLock::new(|| {
        Glossary::from_csv_str("test.csv", CSV).expect("the test glossary loads")
    });
    &G
}

/// The terms found, as "surface=concept" strings.
fn hits(text: &str, lang: &str) -> Vec<String> {
    let g = glossary();
    g.find(text, lang)
        .iter()
        .map(|h| {
            let part = match h.part {
                Part::Whole => "",
                Part::Head => "~head",
                Part::Modifier => "~part",
            };
            format!("{}={}{part}", &text[h.start..h.end], g.entry(h.entry).concept)
        })
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
t!(en_possessive, "en", "The court's ruling.", ["court's=court", "ruling=judgment"]);
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

// --- Inflection: German case and number endings, umlaut plurals, -er plurals, Swiss ss.
t!(de_admitted_variant, "de", "Er verlangt Schadenersatz.", ["Schadenersatz=damages"]);
t!(de_urteile, "de", "Die Urteile sind rechtskräftig.", ["Urteile=judgment"]);
t!(
    de_urteils_gerichts,
    "de",
    "Nach Ansicht des Urteils des Gerichts.",
    ["Urteils=judgment", "Gerichts=court"]
);
t!(de_urteilen, "de", "In den Urteilen fehlt die Begründung.", ["Urteilen=judgment"]);
t!(de_klaeger_not_klage, "de", "Die Kläger verlangen mehr.", ["Kläger=plaintiff"]);
t!(de_klaegern, "de", "Den Klägern wurde recht gegeben.", ["Klägern=plaintiff"]);
t!(de_klage_des_klaegers, "de", "Die Klage des Klägers scheiterte.", ["Klage=lawsuit", "Klägers=plaintiff"]);
t!(de_vertraege_umlaut, "de", "Die Verträge sind nichtig.", ["Verträge=contract"]);
t!(de_vertraegen, "de", "Aus den Verträgen folgt nichts.", ["Verträgen=contract"]);
t!(de_vertrages, "de", "Die Kündigung des Vertrages war wirksam.", ["Vertrages=contract"]);
t!(de_vertrags, "de", "Die Kündigung des Vertrags war wirksam.", ["Vertrags=contract"]);
t!(
    de_ansprueche,
    "de",
    "Ansprüche auf Schadensersatz verjähren.",
    ["Ansprüche=claim", "Schadensersatz=damages"]
);
t!(de_anspruechen, "de", "Mit diesen Ansprüchen drang sie durch.", ["Ansprüchen=claim"]);
t!(de_den_geschworenen, "de", "Den Geschworenen lag das Video vor.", ["Geschworenen=jury"]);
t!(
    de_einstweilige_start,
    "de",
    "Einstweilige Verfügungen sind selten.",
    ["Einstweilige Verfügungen=injunction"]
);
t!(
    de_die_einstweilige,
    "de",
    "Die einstweilige Verfügung bleibt bestehen.",
    ["einstweilige Verfügung=injunction"]
);
t!(
    de_einstweiliger_verfuegung,
    "de",
    "Mit einstweiliger Verfügung untersagt.",
    ["einstweiliger Verfügung=injunction"]
);
t!(
    de_staatsanwaltschaft_gen,
    "de",
    "Ein Sprecher der Staatsanwaltschaft sagte.",
    ["Staatsanwaltschaft=prosecutor"]
);
t!(de_bussgeldern, "de", "Mit hohen Bußgeldern droht die Behörde.", ["Bußgeldern=fine"]);
t!(de_swiss_bussgeld, "de", "Das Bussgeld wurde bestätigt.", ["Bussgeld=fine"]);
t!(de_swiss_bussgelder, "de", "Die Bussgelder steigen.", ["Bussgelder=fine"]);
t!(de_anwaelte, "de", "Die Anwälte widersprachen.", ["Anwälte=lawyer"]);
t!(de_anwalts, "de", "Nach Angaben seines Anwalts.", ["Anwalts=lawyer"]);
t!(de_haftstrafen, "de", "Die Haftstrafen wurden verhängt.", ["Haftstrafen=prison-sentence"]);
t!(de_prozesses, "de", "Zu Beginn des Prozesses schwieg er.", ["Prozesses=trial"]);
t!(de_prozesse, "de", "Zwei Prozesse laufen noch.", ["Prozesse=trial"]);
t!(de_zeugen, "de", "Die Zeugen wurden vernommen.", ["Zeugen=witness"]);
t!(de_rechts, "de", "Das ist eine Frage des Rechts.", ["Rechts=law"]);
t!(de_vergleichs, "de", "Die Höhe des Vergleichs blieb geheim.", ["Vergleichs=settlement"]);
t!(de_berufungen, "de", "Beide Berufungen wurden verworfen.", ["Berufungen=appeal"]);
t!(
    de_bundeskartellamts,
    "de",
    "Der Präsident des Bundeskartellamts sagte.",
    ["Bundeskartellamts=cartel-office"]
);
t!(de_gerichten, "de", "Vor deutschen Gerichten scheiterte sie.", ["Gerichten=court"]);
t!(de_sammelklagen, "de", "Sammelklagen sind in Deutschland selten.", ["Sammelklagen=class-action"]);
t!(de_geldstrafen, "de", "Geldstrafen von 90 Tagessätzen.", ["Geldstrafen=criminal-fine"]);

// --- Noun case: a capitalized noun term does not match a lowercase word.
t!(de_recht_adverb, "de", "Das ist recht teuer.", []);
t!(de_klagen_verb, "de", "Verbraucher klagen über Ausfälle.", []);
t!(de_urteilen_verb, "de", "Sie urteilen schnell.", []);
t!(de_klagen_infinitive, "de", "Die Firma will klagen.", []);
t!(de_rechtens, "de", "Das Vorgehen ist rechtens.", []);
t!(de_verfahren_verb, "de", "So wurde auch verglichen.", []);

// --- Compounds: head and first part, with their edges.
t!(
    de_head_bverfg,
    "de",
    "Das Bundesverfassungsgericht entschied.",
    ["Bundesverfassungsgericht=constitutional-court~head"]
);
t!(
    de_head_genitive,
    "de",
    "Die Richter des Landesverfassungsgerichts.",
    ["Landesverfassungsgerichts=constitutional-court~head"]
);
t!(de_head_landgericht, "de", "Das Landgericht wies ab.", ["Landgericht=court~head"]);
t!(de_head_kaufvertrag, "de", "Der Kaufvertrag ist nichtig.", ["Kaufvertrag=contract~head"]);
t!(de_head_kaufvertrags, "de", "Die Anfechtung des Kaufvertrags.", ["Kaufvertrags=contract~head"]);
t!(de_head_umlaut_plural, "de", "Mietverträge laufen aus.", ["Mietverträge=contract~head"]);
t!(de_head_strafprozess, "de", "Im Strafprozess schwieg er.", ["Strafprozess=trial~head"]);
t!(de_head_rechtsanwaelte, "de", "Die Rechtsanwälte widersprachen.", ["Rechtsanwälte=lawyer~head"]);
t!(de_head_strafurteil, "de", "Das Strafurteil ist rechtskräftig.", ["Strafurteil=judgment~head"]);
t!(de_head_urheberrecht, "de", "Das Urheberrecht schützt Werke.", ["Urheberrecht=law~head"]);
t!(
    de_head_schiedsvergleich,
    "de",
    "Ein Schiedsvergleich wurde geschlossen.",
    ["Schiedsvergleich=settlement~head"]
);
t!(
    de_whole_beats_compound,
    "de",
    "Die Geldstrafe und die Sammelklage.",
    ["Geldstrafe=criminal-fine", "Sammelklage=class-action"]
);
t!(
    de_longest_head,
    "de",
    "Am Bundesverfassungsgericht.",
    ["Bundesverfassungsgericht=constitutional-court~head"]
);
t!(de_prefix_vorurteil, "de", "Ein Vorurteil hält sich.", []);
t!(de_prefix_anklage, "de", "Die Anklage wurde verlesen.", []);
t!(de_prefix_unrecht, "de", "Das ist Unrecht.", []);
t!(de_prefix_vorrecht, "de", "Ein Vorrecht der Kirchen.", []);
t!(de_prefix_verurteilung, "de", "Die Verurteilung erfolgte.", []);
t!(de_short_term_klage_in_massenklage, "de", "Die Massenklage ist eingereicht.", []);
t!(de_short_term_zeuge_fahrzeug, "de", "Das Fahrzeug stand still.", []);
t!(de_short_term_werkzeuge, "de", "Werkzeuge lagen herum.", []);
t!(de_place_name_klagenfurt, "de", "Er lebt in Klagenfurt.", []);
t!(de_bgh_not_gericht, "de", "Der Bundesgerichtshof hob auf.", ["Bundesgerichtshof=fcj"]);
t!(
    de_first_schadensersatzforderung,
    "de",
    "Die Schadensersatzforderung ist verjährt.",
    ["Schadensersatzforderung=damages~part"]
);
t!(de_first_gerichtsvollzieher, "de", "Der Gerichtsvollzieher kam.", ["Gerichtsvollzieher=court~part"]);
t!(
    de_first_urteilsbegruendung,
    "de",
    "Die Urteilsbegründung liegt vor.",
    ["Urteilsbegründung=judgment~part"]
);
t!(de_first_vertragsstrafe, "de", "Eine Vertragsstrafe wurde fällig.", ["Vertragsstrafe=contract~part"]);
t!(de_first_prozesskosten, "de", "Die Prozesskosten trägt der Bund.", ["Prozesskosten=trial~part"]);
t!(
    de_first_revisionsverfahren,
    "de",
    "Im Revisionsverfahren unterlag sie.",
    ["Revisionsverfahren=revision~part"]
);
t!(de_first_berufungsverfahren, "de", "Das Berufungsverfahren dauert.", ["Berufungsverfahren=appeal~part"]);
t!(
    de_first_vergleichsverhandlungen,
    "de",
    "Die Vergleichsverhandlungen scheiterten.",
    ["Vergleichsverhandlungen=settlement~part"]
);
t!(de_head_beats_first, "de", "Schadensersatzansprüche verjähren.", ["Schadensersatzansprüche=claim~head"]);
t!(de_first_too_short_rest, "de", "Das Gerichtsamt.", []);
t!(de_hyphen_compound_parts, "de", "Das BGH-Urteil ist da.", ["BGH=fcj", "Urteil=judgment"]);
t!(de_hyphen_dsgvo_verstoss, "de", "Ein DSGVO-Verstoß wurde festgestellt.", ["DSGVO=gdpr"]);

// --- Spelling and hyphen variants.
t!(de_us_dollar_hyphen, "de", "Rund 38 Milliarden US-Dollar.", ["US-Dollar=usd"]);
t!(de_us_dollar_space, "de", "Rund 38 Milliarden US Dollar.", ["US Dollar=usd"]);
t!(de_us_dollar_joined, "de", "Rund 38 Milliarden USDollar.", ["USDollar=usd"]);
t!(de_dsgvo_lowercase_not_case, "de", "Die dsgvo gilt.", []);
t!(de_bgh_mixed_case, "de", "Der Bgh entschied.", []);

// --- Idioms: everyday phrases that contain a term word.
t!(de_idiom_im_vergleich_zum, "de", "Im Vergleich zum Vorjahr stieg der Umsatz.", []);
t!(de_idiom_im_vergleich_zu, "de", "Der Umsatz lag im Vergleich zu 2023 höher.", []);
t!(de_idiom_unter_berufung, "de", "Unter Berufung auf Insider berichtete die Zeitung.", []);
t!(de_berufung_legal, "de", "Die Berufung wurde zurückgewiesen.", ["Berufung=appeal"]);
t!(
    de_vergleich_legal,
    "de",
    "Der Vergleich wurde vor Gericht geschlossen.",
    ["Vergleich=settlement", "Gericht=court"]
);
t!(de_idiom_zur_verfuegung, "de", "Die Daten stehen zur Verfügung.", []);
t!(de_verfuegung_legal, "de", "Das Gericht erließ eine Verfügung.", ["Gericht=court", "Verfügung=order"]);
t!(de_idiom_in_anspruch, "de", "Sie nahm einen Anwalt in Anspruch.", ["Anwalt=lawyer"]);
t!(de_idiom_zu_recht, "de", "Das Gericht hat zu Recht entschieden.", ["Gericht=court"]);
t!(de_anspruch_legal, "de", "Der Anspruch besteht fort.", ["Anspruch=claim"]);
t!(
    de_longest_injunction_over_order,
    "de",
    "Sie beantragte eine einstweilige Verfügung.",
    ["einstweilige Verfügung=injunction"]
);

// --- English: plurals, possessives, exact and case terms.
t!(en_courts, "en", "The courts ruled.", ["courts=court"]);
t!(en_court_ruling, "en", "The court's ruling stands.", ["court's=court", "ruling=judgment"]);
t!(en_courts_plural_possessive, "en", "The courts' decisions differ.", ["courts=court"]);
t!(en_interim_injunctions, "en", "Interim injunctions were granted.", ["Interim injunctions=injunction"]);
t!(en_plaintiffs, "en", "The plaintiffs appealed.", ["plaintiffs=plaintiff"]);
t!(en_claimants, "en", "Claimants must prove it.", ["Claimants=plaintiff"]);
t!(en_attorneys, "en", "His attorneys objected.", ["attorneys=lawyer"]);
t!(en_witnesses, "en", "Two witnesses testified.", ["witnesses=witness"]);
t!(en_class_actions, "en", "Class actions are rare.", ["Class actions=class-action"]);
t!(en_damage_singular, "en", "The damage was done.", []);
t!(en_damages_capital, "en", "Damages were awarded.", ["Damages=damages"]);
t!(en_us_dollars, "en", "About 38 billion US dollars.", ["US dollars=usd"]);
t!(
    en_cartel_office_possessive,
    "en",
    "The Federal Cartel Office's decision.",
    ["Federal Cartel Office's=cartel-office"]
);
t!(
    en_prison_sentences,
    "en",
    "Long prison sentences were handed down.",
    ["prison sentences=prison-sentence"]
);
t!(en_jail_sentence, "en", "A jail sentence of two years.", ["jail sentence=prison-sentence"]);
t!(en_trials, "en", "Both trials ended.", ["trials=trial"]);
t!(en_idiom_free_trial, "en", "Users get a free trial of the app.", []);
t!(en_bgh_case, "en", "The BGH ruled.", ["BGH=fcj"]);
t!(en_forbidden_fcj, "en", "The Federal High Court ruled.", ["Federal High Court=fcj"]);
t!(
    en_forbidden_constitution_court,
    "en",
    "The constitution court ruled.",
    ["constitution court=constitutional-court"]
);
t!(en_verdicts, "en", "The verdicts were overturned.", ["verdicts=judgment"]);
t!(
    en_appeals_on_points_of_law,
    "en",
    "Appeals on points of law are rare.",
    ["Appeals on points of law=revision"]
);
t!(en_agreements, "en", "Both agreements are void.", ["agreements=contract"]);
t!(en_settlement, "en", "The settlement was approved.", ["settlement=settlement"]);

// --- Checks on aligned sentence pairs: term findings as "check:severity".

/// The term findings of one aligned sentence pair.
fn pair(src: &str, tgt: &str) -> Vec<String> {
    let g = glossary();
    let one = |t: &str| vec![crate::segment::Sentence { start: 0, end: t.len() }];
    let s = crate::pipeline::analyze_sentences(src, one(src), "de", g);
    let t = crate::pipeline::analyze_sentences(tgt, one(tgt), "en", g);
    let links = [crate::align::Link { src: vec![0], tgt: vec![0], score: 1.0 }];
    let findings = crate::check::check_pair(&s.side(src), &t.side(tgt), &links, g);
    // The nested hits the analysis shares must give what searching the target again gives.
    let searched = crate::check::Side { all_terms: &[], ..t.side(tgt) };
    assert_eq!(findings, crate::check::check_pair(&s.side(src), &searched, &links, g), "{src} / {tgt}");
    assert_eq!(
        crate::check::term_renderings(&s.side(src), &t.side(tgt), &links, g),
        crate::check::term_renderings(&s.side(src), &searched, &links, g),
        "{src} / {tgt}"
    );
    // One pass for both gives what the two give apart.
    assert_eq!(
        crate::check::check_pair_and_renderings(&s.side(src), &t.side(tgt), &links, g),
        (findings.clone(), crate::check::term_renderings(&s.side(src), &t.side(tgt), &links, g)),
        "{src} / {tgt}"
    );
    findings
        .into_iter()
        .filter(|f| f.check.starts_with("term_"))
        .map(|f| format!("{}:{}", f.check, f.severity.as_str()))
        .collect()
}

macro_rules! p {
    ($name:ident, $src:expr, $tgt:expr, [$($e:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let expected: Vec<&str> = vec![$($e),*];
            assert_eq!(pair($src, $tgt), expected, "{} / {}", $src, $tgt);
        }
    };
}

p!(pair_fine_ok, "Das Gericht verhängte ein Bußgeld.", "The court imposed a fine.", []);
p!(
    pair_forbidden_damage_compensation,
    "Der Kläger verlangt Schadensersatz.",
    "The plaintiff is seeking damage compensation.",
    ["term_forbidden:error"]
);
p!(pair_damages_ok, "Der Kläger verlangt Schadensersatz.", "The plaintiff is seeking damages.", []);
p!(
    pair_admitted_compensation,
    "Der Kläger verlangt Schadensersatz.",
    "The claimant is seeking compensation.",
    []
);
p!(
    pair_damages_missing,
    "Der Kläger verlangt Schadensersatz.",
    "The plaintiff wants money.",
    ["term_missing:error"]
);
p!(
    pair_revision_missing,
    "Die Revision wurde zugelassen.",
    "Leave to appeal was granted.",
    ["term_missing:error"]
);
p!(
    pair_revision_forbidden,
    "Die Revision wurde zugelassen.",
    "The revision was admitted.",
    ["term_forbidden:error"]
);
p!(
    pair_revision_ok,
    "Die Revision gegen das Urteil wurde zugelassen.",
    "An appeal on points of law against the judgment was allowed.",
    []
);
p!(
    pair_trap_chip_revision,
    "Die neue Revision des Chips behebt den Fehler.",
    "The new revision of the chip fixes the bug.",
    []
);
p!(
    pair_trap_processor_revision,
    "Der neue Prozessor kommt in der zweiten Revision.",
    "The new processor comes in its second revision.",
    []
);
p!(
    pair_trap_im_vergleich,
    "Im Vergleich zum Vorjahr stieg der Umsatz um fünf Prozent.",
    "Revenue rose five percent compared with the previous year.",
    []
);
p!(
    pair_trap_im_vergleich_mit,
    "Im Vergleich mit dem Vorjahr sank die Zahl der Klagen.",
    "Compared with the previous year, the number of lawsuits fell.",
    []
);
p!(
    pair_vergleich_forbidden,
    "Die Parteien schlossen einen Vergleich.",
    "The parties reached a comparison.",
    ["term_forbidden:error"]
);
p!(pair_vergleich_ok, "Die Parteien schlossen einen Vergleich.", "The parties reached a settlement.", []);
p!(
    pair_trap_unter_berufung,
    "Unter Berufung auf Insider berichtet die Zeitung.",
    "Citing insiders, the newspaper reports.",
    []
);
p!(
    pair_berufung_forbidden,
    "Die Berufung hatte keinen Erfolg.",
    "The vocation was unsuccessful.",
    ["term_forbidden:error"]
);
p!(pair_berufung_ok, "Die Berufung hatte keinen Erfolg.", "The appeal was unsuccessful.", []);
p!(
    pair_compound_ok,
    "Das Bundesverfassungsgericht entschied.",
    "The Federal Constitutional Court ruled.",
    []
);
p!(
    pair_compound_missing_is_warning,
    "Das Bundesverfassungsgericht entschied.",
    "The top court ruled.",
    ["term_missing:warning"]
);
p!(
    pair_compound_forbidden_is_warning,
    "Das Bundesverfassungsgericht entschied.",
    "The Federal Constitution Court ruled.",
    ["term_forbidden:warning"]
);
p!(pair_first_part_quiet, "Der Gerichtsvollzieher kam am Montag.", "The bailiff came on Monday.", []);
p!(
    pair_first_part_forbidden_warning,
    "Die Schadensersatzforderung ist verjährt.",
    "The damage compensation claim is time-barred.",
    ["term_forbidden:warning"]
);
p!(
    pair_first_part_rendered,
    "Die Schadensersatzforderung ist verjährt.",
    "The claim for damages is time-barred.",
    []
);
p!(pair_anklage_quiet, "Die Anklage wurde verlesen.", "The indictment was read out.", []);
p!(pair_klagenfurt_quiet, "Er lebt in Klagenfurt.", "He lives in Klagenfurt.", []);
p!(
    pair_verb_klagen_quiet,
    "Die Kläger klagen auf Schadensersatz.",
    "The plaintiffs are suing for damages.",
    []
);
p!(pair_bgh_acronym_ok, "Der BGH hob das Urteil auf.", "The BGH overturned the ruling.", []);
p!(
    pair_bgh_full_ok,
    "Der BGH hob das Urteil auf.",
    "The Federal Court of Justice overturned the verdict.",
    []
);
p!(
    pair_bgh_forbidden,
    "Der BGH hob das Urteil auf.",
    "The Federal High Court overturned the ruling.",
    ["term_forbidden:error"]
);
p!(
    pair_dnt_changed,
    "Die Sparkasse muss zahlen.",
    "The savings bank has to pay.",
    ["term_dnt_changed:error"]
);
p!(pair_dnt_kept, "Die Sparkasse muss zahlen.", "The Sparkasse has to pay.", []);
p!(pair_zur_verfuegung_quiet, "Die Daten stehen zur Verfügung.", "The data are available.", []);
p!(
    pair_injunction_ok,
    "Das Gericht erließ eine einstweilige Verfügung.",
    "The court issued a preliminary injunction.",
    []
);
p!(
    pair_injunction_admitted,
    "Das Gericht erließ eine einstweilige Verfügung.",
    "The court issued an interim injunction.",
    []
);
p!(
    pair_injunction_missing,
    "Das Gericht erließ eine einstweilige Verfügung.",
    "The court issued an order.",
    ["term_missing:error"]
);
p!(pair_head_contract_ok, "Der Kaufvertrag ist nichtig.", "The purchase agreement is void.", []);
p!(
    pair_head_contract_missing,
    "Der Kaufvertrag ist nichtig.",
    "The purchase is void.",
    ["term_missing:warning"]
);
p!(
    pair_landgericht_ok,
    "Das Landgericht wies die Klage ab.",
    "The Regional Court dismissed the lawsuit.",
    []
);
p!(
    pair_lawyers_ok,
    "Die Anwälte des Konzerns legten Berufung ein.",
    "The group's lawyers filed an appeal.",
    []
);
p!(
    pair_attorneys_ok,
    "Die Anwälte des Konzerns legten Berufung ein.",
    "The group's attorneys lodged an appeal.",
    []
);
p!(
    pair_prozess_forbidden,
    "Der Prozess beginnt im Mai.",
    "The process begins in May.",
    ["term_forbidden:error"]
);
p!(pair_prozess_ok, "Der Prozess beginnt im Mai.", "The trial begins in May.", []);
p!(
    pair_trap_chip_process,
    "Die Chipfertigung ist ein komplexer Prozess.",
    "Chip manufacturing is a complex process.",
    []
);
p!(pair_geschworene_ok, "Die Geschworenen sprachen ihn schuldig.", "The jury found him guilty.", []);
p!(
    pair_geschworene_missing,
    "Die Geschworenen sprachen ihn schuldig.",
    "The jurors found him guilty.",
    ["term_missing:error"]
);
p!(pair_bussgeld_ok, "Das Bußgeld beträgt 5 Millionen Euro.", "The fine amounts to 5 million euros.", []);
p!(
    pair_haftstrafe_ok,
    "Die Haftstrafe wurde zur Bewährung ausgesetzt.",
    "The prison sentence was suspended.",
    []
);
p!(pair_haftstrafen_admitted, "Die Haftstrafen wurden verhängt.", "The jail sentences were imposed.", []);
p!(pair_zeuge_ok, "Der Zeuge schwieg.", "The witness remained silent.", []);
p!(pair_zeuge_missing, "Der Zeuge schwieg.", "He remained silent.", ["term_missing:error"]);
p!(pair_dsgvo_acronym, "Die DSGVO gilt seit 2018.", "The GDPR has applied since 2018.", []);
p!(
    pair_dsgvo_full,
    "Die DSGVO gilt seit 2018.",
    "The General Data Protection Regulation has applied since 2018.",
    []
);
p!(
    pair_dsgvo_missing,
    "Die Datenschutz-Grundverordnung gilt.",
    "The data protection regulation applies.",
    ["term_missing:error"]
);
p!(pair_us_dollar_ok, "Der Umsatz lag bei 3 Milliarden US-Dollar.", "Revenue was 3 billion US dollars.", []);
p!(
    pair_stray_forbidden_is_info,
    "Die Zeitung berichtet.",
    "The newspaper reports a comparison.",
    ["term_forbidden:info"]
);
p!(pair_urteil_plural_ok, "Die Urteile sind rechtskräftig.", "The judgments are final.", []);
p!(pair_vertraege_ok, "Die Verträge sind nichtig.", "The contracts are void.", []);
p!(
    pair_kartellamt_ok,
    "Das Bundeskartellamt verhängte ein Bußgeld.",
    "The Federal Cartel Office imposed a fine.",
    []
);
p!(
    pair_kartellamt_missing,
    "Das Bundeskartellamt verhängte ein Bußgeld.",
    "The competition authority imposed a fine.",
    ["term_missing:error"]
);

// --- Formats: TBX, DeepL, lint.

fn rows_of(g: &Glossary) -> Vec<(String, String, String, &'static str, &'static str, String)> {
    g.entries()
        .iter()
        .map(|e| {
            (
                e.concept.clone(),
                e.lang.clone(),
                e.term.clone(),
                e.status.as_str(),
                e.mode.as_str(),
                e.note.clone(),
            )
        })
        .collect()
}

#[test]
fn tbx_v2_statuses_are_read() {
    let tbx = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="de">
<text><body>
<termEntry id="revision">
  <langSet xml:lang="de"><tig><term>Revision</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
  <langSet xml:lang="en">
    <tig><term>appeal on points of law</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>further appeal</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>revision</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote><note>false friend</note></tig>
  </langSet>
</termEntry>
</body></text></martif>"#;
    let g = Glossary::from_str_as("t.tbx", tbx, Format::Tbx, &Langs::default()).unwrap();
    let got: Vec<(&str, &str, Status, usize)> =
        g.entries().iter().map(|e| (e.lang.as_str(), e.term.as_str(), e.status, e.line)).collect();
    assert_eq!(
        got,
        [
            ("de", "Revision", Status::Preferred, 5),
            ("en", "appeal on points of law", Status::Preferred, 8),
            ("en", "further appeal", Status::Admitted, 9),
            ("en", "revision", Status::Forbidden, 10),
        ]
    );
    assert_eq!(g.entries()[3].note, "false friend");
    assert!(g.entries().iter().all(|e| e.concept == "revision"));
}

#[test]
fn tbx_v3_statuses_are_read() {
    let tbx = r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
<conceptEntry id="c1">
  <langSec xml:lang="de-DE"><termSec><term>Vergleich</term><termNote type="administrativeStatus">preferred</termNote></termSec></langSec>
  <langSec xml:lang="en-GB">
    <termSec><term>settlement</term><termNote type="administrativeStatus">preferred</termNote></termSec>
    <termSec><term>court settlement</term><termNote type="administrativeStatus">admitted</termNote></termSec>
    <termSec><term>comparison</term><termNote type="administrativeStatus">notRecommended</termNote></termSec>
    <termSec><term>compromise</term><termNote type="administrativeStatus">obsolete</termNote></termSec>
    <termSec><term>deal</term></termSec>
  </langSec>
</conceptEntry>
</body></text></tbx>"#;
    let g = Glossary::from_str_as("t.tbx", tbx, Format::Tbx, &Langs::default()).unwrap();
    let got: Vec<(&str, &str, Status)> =
        g.entries().iter().map(|e| (e.lang.as_str(), e.term.as_str(), e.status)).collect();
    assert_eq!(
        got,
        [
            ("de", "Vergleich", Status::Preferred),
            ("en", "settlement", Status::Preferred),
            ("en", "court settlement", Status::Admitted),
            ("en", "comparison", Status::Forbidden),
            ("en", "compromise", Status::Forbidden),
            ("en", "deal", Status::Admitted),
        ]
    );
}

#[test]
fn tbx_never_expands_external_entities() {
    let tbx = "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n<tbx><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"de\"><termSec>\n<term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>";
    match Glossary::from_str_as("x.tbx", tbx, Format::Tbx, &Langs::default()) {
        Err(GlossaryError::Row { line, message, .. }) => {
            assert_eq!(line, 4, "{message}");
            assert!(message.contains("never expanded"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let broken = "<tbx><text><body><conceptEntry id=\"a\">\n<langSec xml:lang=\"de\"></conceptEntry></tbx>";
    assert!(matches!(
        Glossary::from_str_as("b.tbx", broken, Format::Tbx, &Langs::default()),
        Err(GlossaryError::Row { line: 2, .. })
    ));
}

#[test]
fn default_glossary_round_trips_through_tbx_and_csv() {
    let g = Glossary::default_legal().unwrap();
    let langs = Langs::default();
    let tbx = g.write(Format::Tbx, &langs);
    let back = Glossary::from_str_as("legal.tbx", &tbx, Format::Tbx, &langs).unwrap();
    let sorted = |g: &Glossary| {
        let mut v = rows_of(g);
        v.sort();
        v
    };
    assert_eq!(sorted(&back), sorted(&g));
    let csv = g.write(Format::Csv, &langs);
    let back = Glossary::from_csv_str("legal.csv", &csv).unwrap();
    assert_eq!(rows_of(&back), rows_of(&g));
}

#[test]
fn deepl_tsv_reads_with_languages_from_flags() {
    let tsv = "Schadensersatz\tdamages\n\neinstweilige Verfügung\tpreliminary injunction\n";
    let langs = Langs { source: "de".into(), target: "en-GB".into() };
    let g = Glossary::from_str_as("g.tsv", tsv, Format::DeeplTsv, &langs).unwrap();
    let got: Vec<(&str, &str, &str, usize)> =
        g.entries().iter().map(|e| (e.concept.as_str(), e.lang.as_str(), e.term.as_str(), e.line)).collect();
    assert_eq!(
        got,
        [
            ("deepl-1", "de", "Schadensersatz", 1),
            ("deepl-1", "en", "damages", 1),
            ("deepl-3", "de", "einstweilige Verfügung", 3),
            ("deepl-3", "en", "preliminary injunction", 3),
        ]
    );
    let text = "Der Antrag auf Erlass einer einstweiligen Verfügung.";
    assert_eq!(g.find(text, "de").len(), 1);
    let bad = "Schadensersatz\tdamages\tcompensation\n";
    assert!(matches!(
        Glossary::from_str_as("g.tsv", bad, Format::DeeplTsv, &langs),
        Err(GlossaryError::Row { line: 1, .. })
    ));
}

#[test]
fn deepl_export_keeps_one_target_per_source_term() {
    let g = glossary();
    let tsv = g.write(Format::DeeplTsv, &Langs::default());
    let lines: Vec<&str> = tsv.lines().collect();
    assert!(lines.contains(&"Schadensersatz\tdamages"), "{tsv}");
    assert!(lines.contains(&"Schadenersatz\tdamages"), "{tsv}");
    assert!(lines.contains(&"einstweilige Verfügung\tpreliminary injunction"), "{tsv}");
    assert!(lines.contains(&"DSGVO\tGeneral Data Protection Regulation"), "{tsv}");
    assert!(!tsv.contains("damage compensation"), "forbidden terms are not exported");
    let csv = g.write(Format::DeeplCsv, &Langs::default());
    assert!(csv.lines().any(|l| l == "Schadensersatz,damages"), "{csv}");
    let back = Glossary::from_str_as("g.csv", &csv, Format::DeeplCsv, &Langs::default()).unwrap();
    assert_eq!(back.entries().len(), 2 * csv.lines().count());
}

#[test]
fn format_is_chosen_by_extension_and_header() {
    let p = |s: &str| std::path::PathBuf::from(s);
    assert_eq!(Format::detect(&p("g.csv"), "concept,lang,term,status\n").unwrap(), Format::Csv);
    assert_eq!(Format::detect(&p("g.csv"), "Klage,lawsuit\n").unwrap(), Format::DeeplCsv);
    assert_eq!(Format::detect(&p("g.tsv"), "").unwrap(), Format::DeeplTsv);
    assert_eq!(Format::detect(&p("g.TBX"), "").unwrap(), Format::Tbx);
    assert!(Format::detect(&p("g.xlsx"), "").is_err());
}

#[test]
fn lint_names_every_problem_with_its_line() {
    let csv = "concept,lang,term,status,match,note
a,de,Klage,preferred,,
a,en,lawsuit,preferred,,
a,en,lawsuit,forbidden,,
b,de,Klage,preferred,,
b,en,action,admitted,,
c,de,,preferred,,
c,en,court,preferd,,
d,de,Urteil,preferred,fuzzy,
d,en,judgment,preferred
e,en,revision,forbidden,,
e,de,Revision,preferred,,
f,de,Vergleich,preferred,,
f,en,settlement,preferred,,
f,en,lawsuit,forbidden,,
";
    let rows = read_csv_rows("g.csv", csv).unwrap();
    let got: Vec<(usize, &str, &str)> =
        lint::lint(&rows).iter().map(|f| (f.line, f.severity, f.code)).collect();
    assert_eq!(
        got,
        [
            (4, "error", "forbidden_equals_allowed"),
            (5, "warning", "term_in_two_concepts"),
            (6, "warning", "no_preferred"),
            (7, "error", "empty_cell"),
            (8, "error", "unknown_status"),
            (9, "error", "unknown_match"),
            (10, "error", "bad_row"),
            (11, "warning", "no_preferred"),
            (15, "warning", "forbidden_equals_allowed"),
        ]
    );
}

#[test]
fn lint_of_the_default_glossary_has_no_errors() {
    let rows = read_csv_rows("legal.csv", DEFAULT_CSV).unwrap();
    let errors: Vec<String> = lint::lint(&rows)
        .into_iter()
        .filter(|f| f.severity == "error")
        .map(|f| format!("{}: {} {}", f.line, f.code, f.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn hits_point_at_their_text() {
    let g = glossary();
    let text = "Das Bundesverfassungsgericht und die Rechtsanwälte des Klägers: im Vergleich zum Vorjahr.";
    for h in g.find(text, "de").iter().chain(g.find_all(text, "de").iter()) {
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end) && h.start < h.end);
    }
}

// --- Nominalized adjectives and participles take -er after ein.
t!(de_ein_geschworener, "de", "Ein Geschworener schwieg.", ["Geschworener=jury"]);
t!(de_der_beklagte, "de", "Der Beklagte bestritt alles.", ["Beklagte=defendant"]);
t!(de_ein_beklagter, "de", "Ein Beklagter fehlte.", ["Beklagter=defendant"]);
t!(
    de_den_beklagten,
    "de",
    "Das Gericht verurteilte den Beklagten.",
    ["Gericht=court", "Beklagten=defendant"]
);
t!(de_klage_no_er_variant, "de", "Der Kläger und die Klage.", ["Kläger=plaintiff", "Klage=lawsuit"]);
p!(
    pair_ein_beklagter_ok,
    "Ein Beklagter fehlte unentschuldigt.",
    "One defendant was absent without excuse.",
    []
);

// --- Capitalized adjectives in names decline like adjectives.
t!(de_name_adjective_base, "de", "Der Europäische Gerichtshof entschied.", ["Europäische Gerichtshof=cjeu"]);
t!(
    de_name_adjective_written,
    "de",
    "Ein Europäischer Gerichtshof für alle.",
    ["Europäischer Gerichtshof=cjeu"]
);
t!(
    de_name_adjective_genitive,
    "de",
    "Die Richter des Europäischen Gerichtshofs.",
    ["Europäischen Gerichtshofs=cjeu"]
);
t!(
    de_name_adjective_neuter,
    "de",
    "Vor dem Einheitlichen Patentgericht.",
    ["Einheitlichen Patentgericht=upc"]
);
t!(
    de_name_adjective_neuter_base,
    "de",
    "Das Einheitliche Patentgericht urteilte.",
    ["Einheitliche Patentgericht=upc"]
);

// --- A term written without a hyphen is found where the text has one.
t!(
    de_hyphenated_text_unhyphenated_term,
    "de",
    "Das Digitaldienste-Gesetz gilt.",
    ["Digitaldienste-Gesetz=dsa"]
);
t!(
    de_hyphenated_text_genitive,
    "de",
    "Verstöße gegen das Digitaldienste-Gesetzes.",
    ["Digitaldienste-Gesetzes=dsa"]
);
t!(de_hyphen_chain_no_term, "de", "Die Kartell-Ermittlungen laufen.", []);

#[test]
fn tokens_agree_with_unicode_words_on_news_text() {
    use unicode_segmentation::UnicodeSegmentation;
    for text in [
        "Der Bundesgerichtshof (BGH) hat am 24. Dezember 2024 entschieden: 1.400 Euro, 3,5 % – z.B. U.S.-Firmen.",
        "The court's ruling, the courts' rulings and the jury’s verdict; \"Damages\" of $2.5 billion.",
        "Datenschutz-Grundverordnung/DSGVO, Art. 83 Abs. 5; Verträge über 12.000,50 Franken… Ende.",
    ] {
        let ours: Vec<(usize, &str)> = super::matcher::tokens(text).collect();
        let uax: Vec<(usize, &str)> = text.unicode_word_indices().collect();
        assert_eq!(ours, uax, "{text}");
    }
}

/// One search gives what `find` and `find_all` give apart, on sentences with inflected and
/// nested terms, compounds, hyphens, acronyms and idioms.
#[test]
fn find_both_is_find_and_find_all() {
    let g = glossary();
    for (lang, text) in [
        ("de", "Die Höhe des Schadensersatzes und die Schadensersatzforderungen des Klägers sind offen."),
        ("de", "Das Bundesverfassungsgericht, der BGH und das Landgericht: im Vergleich zum Vorjahr."),
        ("de", "Der Antrag auf Erlass einer einstweiligen Verfügung nach der Datenschutz-Grundverordnung."),
        ("de", "Ein Geschworener und die Beklagten vor dem Europäischen Gerichtshof; die DSGVO gilt."),
        ("en", "The claim for damages, the class action and the public prosecutor's office."),
        ("en", "The Federal High Court and the Federal Court of Justice (BGH) on the GDPR."),
        ("en", "A damage compensation, a preliminary injunction and an appeal on points of law."),
        ("en", ""),
    ] {
        let (longest, all) = g.find_both(text, lang);
        assert_eq!(longest, g.find(text, lang), "{text}");
        assert_eq!(all, g.find_all(text, lang), "{text}");
        assert!(all.len() >= longest.len(), "{text}");
    }
    assert_eq!(g.find_both("Schadensersatz", "xx"), (Vec::new(), Vec::new()));
}

// --- The shared-hit path on pairs with nested, forbidden and do-not-translate terms.
p!(
    pair_nested_damages_in_claim,
    "Der Anspruch auf Schadensersatz verjährt.",
    "The claim for damages is time-barred.",
    []
);
p!(
    pair_compound_forbidden,
    "Die Schadensersatzforderung wurde abgewiesen.",
    "The damage compensation claim was dismissed.",
    ["term_forbidden:warning"]
);

#[test]
fn everyday_context_cues_start_end_or_are_the_word() {
    let g = glossary();
    for (lang, text, everyday) in [
        ("de", "Die neue Revision des Chips kommt im Mai.", true),
        ("de", "Der Grafikchip und der Prozessor.", true),
        ("de", "Ein Prozessorkern.", true),
        ("de", "Mehrere CPUs fielen aus.", true),
        ("de", "Die CPUX fiel aus.", false),
        ("de", "Der SoC ist neu.", true),
        ("de", "Der Sockel ist neu.", false),
        ("de", "Das neue Betriebssystem-Update.", true),
        ("de", "Das Landgericht wies die Klage ab.", false),
        ("de", "Die Versionen unterscheiden sich.", true),
        ("de", "Ein Wafer-Stepping der Übergrößen.", true),
        ("en", "The court dismissed the lawsuit.", false),
        ("en", "The chipmaker's processors and GPUs.", true),
        ("en", "A new device driver.", true),
        ("en", "", false),
    ] {
        assert_eq!(g.everyday_context(text, lang), everyday, "{text}");
    }
}

// --- The token cache and the prefilter: the fast search gives what the full search gives.

/// The bundled corpus as (language, text) pieces: every line, and every line cut at its
/// sentence ends, with the language from the file name.
fn corpus_texts() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the bundled corpus is there")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let lang = name.rsplit('.').nth(1).unwrap_or("").to_string();
        let text = std::fs::read_to_string(&path).expect("a corpus file reads");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push((lang.clone(), line.to_string()));
            for piece in line.split_inclusive(". ") {
                out.push((lang.clone(), piece.to_string()));
            }
        }
    }
    out
}

/// `find_both` (token cache, prefilter) against `search_full` (every token keyed anew, every
/// haystack searched) on texts, twice, so that the second round reads the cache.
fn assert_cached_is_full(g: &Glossary, texts: &[(String, String)]) -> usize {
    let mut hits = 0;
    for round in 0..2 {
        for (lang, text) in texts {
            let Some(m) = g.matchers.get(lang.as_str()) else { continue };
            let fast = g.find_both(text, lang);
            let full = m.search_full(text, &g.entries);
            assert_eq!(fast, full, "round {round}, {lang}: {text}");
            hits += fast.1.len();
        }
    }
    hits
}

#[test]
fn cached_search_is_the_full_search_on_the_bundled_corpus() {
    let texts = corpus_texts();
    assert!(texts.len() > 500, "{} texts", texts.len());
    let legal = Glossary::default_legal().expect("the default glossary loads");
    assert!(assert_cached_is_full(&legal, &texts) > 1000);
    assert!(assert_cached_is_full(glossary(), &texts) > 100);
}

/// A glossary too large for a DFA (a contiguous NFA then), made of the corpus's own words and
/// word pairs, so that nearly every token is a term or begins one.
#[test]
fn cached_search_is_the_full_search_with_a_large_glossary() {
    let texts = corpus_texts();
    let mut entries = Glossary::default_legal().expect("the default glossary loads").entries().to_vec();
    let mut seen = std::collections::HashSet::new();
    for (lang, text) in &texts {
        let words: Vec<&str> =
            text.split_whitespace().filter(|w| w.chars().all(char::is_alphabetic)).collect();
        for (i, w) in words.iter().enumerate() {
            let mut terms = vec![w.to_string()];
            if let Some(next) = words.get(i + 1) {
                terms.push(format!("{w} {next}"));
                if let Some(third) = words.get(i + 2) {
                    terms.push(format!("{w} {next} {third}"));
                }
            }
            for term in terms {
                if seen.insert((lang.clone(), term.clone())) {
                    let n = entries.len();
                    entries.push(Entry {
                        concept: format!("c{n}"),
                        lang: lang.clone(),
                        term,
                        status: Status::Preferred,
                        mode: if n % 7 == 0 { MatchMode::Exact } else { MatchMode::Default },
                        note: String::new(),
                        line: 0,
                    });
                }
            }
        }
    }
    let g = Glossary::new(entries);
    assert!(g.matchers.values().any(|m| m.is_nfa()), "some language needs the NFA");
    assert!(assert_cached_is_full(&g, &texts) > 10_000);
}

/// A text with more distinct words than a token cache holds: the cache is emptied on the way
/// and the hits stay those of the full search.
#[test]
fn cached_search_survives_emptying_its_cache() {
    let g = Glossary::default_legal().expect("the default glossary loads");
    let mut texts = Vec::new();
    for i in 0..40_000 {
        let lang = if i % 2 == 0 { "de" } else { "en" };
        let text = match lang {
            "de" => format!("Das Landgericht{i} und der Bundesgerichtshof im Vergleich zu Wort{i}."),
            _ => format!("The court{i} ruled on the claim for damages in word{i}."),
        };
        texts.push((lang.to_string(), text));
    }
    assert!(assert_cached_is_full(&g, &texts) > 40_000);
}

/// The tokens of every line of the bundled corpus, against a plain character-by-character
/// reading of the same rules (no ASCII runs).
#[test]
fn tokens_of_the_bundled_corpus_follow_the_rules() {
    fn plain(text: &str) -> Vec<(usize, &str)> {
        let word = |c: char| c.is_alphanumeric() || c == '_' || ('\u{300}'..='\u{36f}').contains(&c);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let (mut out, mut start, mut i) = (Vec::new(), None::<usize>, 0);
        while i < chars.len() {
            let (at, c) = chars[i];
            if word(c) {
                start.get_or_insert(at);
            } else if let Some(s) = start {
                let (prev, next) = (chars[i - 1].1, chars.get(i + 1).map(|&(_, n)| n));
                let joins = next.is_some_and(|n| {
                    (prev.is_alphabetic() && n.is_alphabetic() && matches!(c, '\'' | '’' | '.'))
                        || (prev.is_numeric() && n.is_numeric() && matches!(c, '.' | ',' | '\'' | '’'))
                });
                if !joins {
                    out.push((s, &text[s..at]));
                    start = None;
                }
            }
            i += 1;
        }
        if let Some(s) = start {
            out.push((s, &text[s..]));
        }
        out
    }
    let texts = corpus_texts();
    let mut n = 0;
    for (_, text) in &texts {
        let ours: Vec<(usize, &str)> = super::matcher::tokens(text).collect();
        assert_eq!(ours, plain(text), "{text}");
        n += ours.len();
    }
    for text in ["a'b", "a.", "3,5,", "x’y z", "é.f", "1.a", "_a_ b__", "ab\u{301}c", "end'", "Ä.Ö.Ü 1'000"]
    {
        let ours: Vec<(usize, &str)> = super::matcher::tokens(text).collect();
        assert_eq!(ours, plain(text), "{text}");
    }
    assert!(n > 10_000);
}

/// The matcher searches with its NFA until enough text has been searched, then with a DFA: on
/// every sentence of the bundled corpus, both give the same hits.
#[test]
fn the_dfa_built_after_enough_text_finds_what_the_nfa_found() {
    let texts = corpus_texts();
    let g = Glossary::default_legal().expect("the default glossary loads");
    let with_nfa: Vec<_> = texts.iter().map(|(lang, text)| g.find_both(text, lang)).collect();
    assert!(g.matchers.values().all(|m| !m.has_dfa()), "a bundled corpus is too little for a DFA");
    let hits: usize = with_nfa.iter().map(|h| h.1.len()).sum();
    assert!(hits > 1000, "{hits} hits");
    for m in g.matchers.values() {
        m.bring_the_dfa_near();
    }
    let with_dfa: Vec<_> = texts.iter().map(|(lang, text)| g.find_both(text, lang)).collect();
    assert!(g.matchers.values().filter(|m| !m.is_nfa()).all(|m| m.has_dfa()), "the DFA is built");
    assert_eq!(with_nfa, with_dfa);
}

/// Where the word splitter says a text's words are also its word tokens
/// (`SentenceWords::tokens_of`), they are: on random strings of the characters the two cut
/// differently and on the bundled corpus. Both kinds of text must turn up.
#[test]
fn words_said_to_be_tokens_are_the_tokens() {
    let same = |t: &str| -> bool {
        let mut words = crate::segment::words(t);
        let base = t.as_ptr() as usize;
        let ours: Vec<(usize, &str)> = words.by_ref().map(|w| (w.as_ptr() as usize - base, w)).collect();
        if !words.are_tokens() {
            return false;
        }
        let toks: Vec<(usize, &str)> = super::matcher::tokens(t).collect();
        assert_eq!(ours, toks, "{t:?}");
        true
    };
    let alphabet: Vec<char> = "aZä1_ .,;:'‘’\"-–…\n€§x9ß".chars().chain(['\u{a0}', 'Σ', '\u{301}']).collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let (mut yes, mut no) = (0, 0);
    for _ in 0..60_000 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let mut t = String::new();
        for _ in 0..(seed >> 60) + 1 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            t.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        if same(&t) {
            yes += 1;
        } else {
            no += 1;
        }
    }
    for (_, text) in corpus_texts() {
        same(&text);
    }
    for t in ["a:b", "1;2", "a‘b", "_", "a _ b", "x__", "3,5", "court's", "z.B.", "Ä.Ö"] {
        same(t);
    }
    assert!(yes > 10_000 && no > 10_000, "{yes} {no}");
}

/// `find_both_in` (the sentence's words reused as tokens where they are the same) gives what
/// `find_both` gives, on every sentence of the bundled corpus.
#[test]
fn find_both_in_is_find_both() {
    let g = Glossary::default_legal().expect("the default glossary loads");
    let mut reused = 0;
    for (lang, text) in corpus_texts() {
        let sentences = crate::segment::split(&text, &lang);
        let words = crate::segment::SentenceWords::split(sentences.iter().map(|s| s.text(&text)));
        for (i, s) in sentences.iter().enumerate() {
            let s = s.text(&text);
            reused += usize::from(words.tokens_of(i).is_some());
            assert_eq!(g.find_both_in(s, &lang, &words, i), g.find_both(s, &lang), "{s}");
        }
    }
    assert!(reused > 1000, "{reused}");
}

/// Words joined by hyphens, the chains' candidates kept in the token cache: the same hits as
/// the full search, on chains of the corpus's words and the glossary's own terms, each chain
/// met several times (and the cache read in the second round).
#[test]
fn cached_hyphen_chains_are_the_full_search() {
    let legal = Glossary::default_legal().expect("the default glossary loads");
    let mut texts = Vec::new();
    for (lang, text) in corpus_texts().into_iter().take(400) {
        let words: Vec<&str> =
            text.split_whitespace().filter(|w| w.chars().all(char::is_alphanumeric)).collect();
        for pair in words.chunks(3) {
            let chain = pair.join("-");
            texts.push((lang.clone(), format!("Die {chain} und {chain}-Klage vor dem {chain}.")));
        }
    }
    for e in legal.entries() {
        let term = e.term.replace(' ', "-");
        for text in
            [format!("Ein {term} hier."), format!("{term}-{term}"), format!("EU-{term} und US-{term}")]
        {
            texts.push((e.lang.clone(), text));
        }
    }
    texts.extend(
        [
            ("de", "Die Datenschutz-Grundverordnung und die Datenschutz-Grundverordnung gelten."),
            ("de", "Das EU-Gericht, das Landes-Arbeits-Gericht und der Bundes-Gerichtshof."),
            ("en", "The anti-trust court-room and the e-mail of the high-court judge."),
        ]
        .map(|(l, t)| (l.to_string(), t.to_string())),
    );
    assert!(assert_cached_is_full(&legal, &texts) > 1000);
}

/// Two tokens have the same packed number exactly when they have the same bytes, whether the
/// text goes on after them (sixteen bytes read at once) or ends with them.
#[test]
fn packed_tokens_are_their_bytes() {
    let words = ["", "a", "A", "ab", "ba", "Gericht", "gericht", "Gerichts", "über", "Über", "ü", "u\u{308}"];
    let mut seen = std::collections::HashMap::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut extra = Vec::new();
    for _ in 0..2_000 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let len = (seed >> 60) as usize;
        let w: String = (0..len).map(|k| char::from(b'a' + ((seed >> (k * 3)) % 3) as u8)).collect();
        extra.push(w);
    }
    for w in words.iter().map(|w| w.to_string()).chain(extra).filter(|w| w.len() <= 15) {
        let keys: Vec<u128> = ["", " und so weiter und so fort", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"]
            .iter()
            .map(|tail| super::matcher::packed_for_tests(&format!("x {w}{tail}"), 2, w.len()))
            .collect();
        assert!(keys.iter().all(|&k| k == keys[0]), "{w:?}");
        if let Some(other) = seen.insert(keys[0], w.clone()) {
            assert_eq!(other, w);
        }
    }
    assert!(seen.len() > 100, "{}", seen.len());
}

/// The cue test through the token cache (a flag worked out once per distinct token) against the
/// rules' own test, which lowercases every token: on every line and piece of the bundled
/// corpus and on texts made of the cues themselves, twice, so that the second round reads the
/// cache. Both answers must turn up.
#[test]
fn cached_cue_test_is_the_rules_test() {
    let g = Glossary::default_legal().expect("the default glossary loads");
    let mut texts = corpus_texts();
    for lang in ["de", "en"] {
        let m = &g.matchers[lang];
        for cue in m.rules.cues().to_vec() {
            for text in
                [cue.clone(), format!("Der {cue}s-Markt"), format!("ein Super{cue} hier"), cue.to_uppercase()]
            {
                texts.push((lang.to_string(), text));
            }
        }
    }
    let (mut yes, mut no) = (0, 0);
    for _ in 0..2 {
        for (lang, text) in &texts {
            let Some(m) = g.matchers.get(lang.as_str()) else { continue };
            let cached = m.has_cue(text);
            assert_eq!(cached, m.rules.has_cue(text), "{lang}: {text}");
            if cached {
                yes += 1;
            } else {
                no += 1;
            }
        }
    }
    assert!(yes > 100 && no > 100, "{yes} {no}");
}
