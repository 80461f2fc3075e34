//! The per-language tables of the figure extractor, parsed once from `data/<lang>/*.txt`.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::Qualifier;

/// Hashed with FxHash (rustc-hash): the keys are short words from our own data files, looked up
/// for every figure, where SipHash's protection against chosen keys buys nothing.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Everything the extractor and renderer know about one language.
#[derive(Debug, Default)]
pub struct Tables {
    pub decimal: char,
    pub group: char,
    pub ordinal_dot: bool,
    pub not_after: Vec<String>,
    /// Number words: lowercase word → (value, only with a scale word).
    pub number_words: HashMap<String, (Decimal, bool)>,
    /// Scale words: lowercase surface → (factor, written attached to the number).
    pub scales: HashMap<String, (Decimal, bool)>,
    pub scale_render: Vec<(Decimal, String, String)>,
    /// Currency surfaces: lowercase surface → ISO 4217 code.
    pub currencies: HashMap<String, String>,
    pub currency_render: HashMap<String, (String, String)>,
    /// Percent units: lowercase surface → `%` or `pp`.
    pub units: HashMap<String, String>,
    pub unit_render: HashMap<String, (String, String)>,
    pub qualifiers: HashMap<String, Qualifier>,
    pub qualifier_render: HashMap<Qualifier, String>,
    pub between: Vec<(String, String)>,
    pub connectors: Vec<String>,
    pub range_render: (String, String),
    pub not_range_after: Vec<String>,
    pub date_forms: Vec<String>,
    /// Month surfaces (case-sensitive) → month number; and the rendering of each month.
    pub months: HashMap<String, u32>,
    pub month_render: HashMap<u32, String>,
    /// Counted nouns: lowercase surface → language-neutral key; and key → (singular, plural).
    pub nouns: HashMap<String, String>,
    pub noun_render: HashMap<String, (String, String)>,
    /// Duration units: lowercase surface → key (`year`, `month`…); and key → (singular, plural).
    pub durations: HashMap<String, String>,
    pub duration_render: HashMap<String, (String, String)>,
    /// Parts of a year written before it: lowercase phrase → `early`, `mid`, `late`.
    pub periods: Vec<(String, String)>,
    pub period_render: HashMap<String, String>,
    /// Words that make the following number negative.
    pub minus: Vec<String>,
    /// Function words that may not stand between a number and its counted noun.
    pub count_gap_not: Vec<String>,
    /// Composing number words: hundred, thousand, the joiner ("und", "and"), written apart?
    pub hundred: String,
    pub thousand: String,
    pub joiner: String,
    pub words_apart: bool,
    /// Qualifiers that are prepositions right after a noun ("Vergleich über 2 Millionen" =
    /// a settlement for 2 million, not more than 2 million).
    pub qualifier_not_after_noun: Vec<String>,
}

pub struct Files {
    pub settings: &'static str,
    pub numbers: &'static str,
    pub scales: &'static str,
    pub currencies: &'static str,
    pub units: &'static str,
    pub qualifiers: &'static str,
    pub ranges: &'static str,
    pub months: &'static str,
    pub nouns: &'static str,
    pub durations: &'static str,
    pub periods: &'static str,
}

pub const DE: Files = Files {
    settings: include_str!("data/de/settings.txt"),
    numbers: include_str!("data/de/numbers.txt"),
    scales: include_str!("data/de/scales.txt"),
    currencies: include_str!("data/de/currencies.txt"),
    units: include_str!("data/de/units.txt"),
    qualifiers: include_str!("data/de/qualifiers.txt"),
    ranges: include_str!("data/de/ranges.txt"),
    months: include_str!("data/de/months.txt"),
    nouns: include_str!("data/de/nouns.txt"),
    durations: include_str!("data/de/durations.txt"),
    periods: include_str!("data/de/periods.txt"),
};

pub const EN: Files = Files {
    settings: include_str!("data/en/settings.txt"),
    numbers: include_str!("data/en/numbers.txt"),
    scales: include_str!("data/en/scales.txt"),
    currencies: include_str!("data/en/currencies.txt"),
    units: include_str!("data/en/units.txt"),
    qualifiers: include_str!("data/en/qualifiers.txt"),
    ranges: include_str!("data/en/ranges.txt"),
    months: include_str!("data/en/months.txt"),
    nouns: include_str!("data/en/nouns.txt"),
    durations: include_str!("data/en/durations.txt"),
    periods: include_str!("data/en/periods.txt"),
};

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn dec(s: &str) -> Decimal {
    // The data files are part of the binary and every value is covered by the table tests.
    Decimal::from_str(s).unwrap_or_default()
}

impl Tables {
    pub fn parse(files: &Files) -> Tables {
        let mut t = Tables { decimal: '.', group: ',', ..Tables::default() };
        for line in files.settings.lines().filter(|l| !l.starts_with('#')) {
            let Some((k, v)) = line.split_once('=') else { continue };
            let v = v.trim();
            match k.trim() {
                "decimal" => t.decimal = v.chars().next().unwrap_or('.'),
                "group" => t.group = v.chars().next().unwrap_or(','),
                "ordinal_dot" => t.ordinal_dot = v == "true",
                "not_after" => t.not_after = v.split('|').map(str::to_string).collect(),
                "date_forms" => t.date_forms = v.split('|').map(|f| f.trim().to_string()).collect(),
                "count_gap_not" => t.count_gap_not = v.split('|').map(str::to_lowercase).collect(),
                "hundred" => t.hundred = v.to_lowercase(),
                "thousand" => t.thousand = v.to_lowercase(),
                "joiner" => t.joiner = v.to_lowercase(),
                "words_apart" => t.words_apart = v == "true",
                "qualifier_not_after_noun" => {
                    t.qualifier_not_after_noun = v.split('|').map(|w| w.trim().to_lowercase()).collect()
                }
                "minus" => t.minus = v.split('|').map(str::to_lowercase).collect(),
                _ => {}
            }
        }
        for r in rows(files.numbers) {
            if r.len() >= 2 {
                t.number_words.insert(r[0].to_lowercase(), (dec(r[1]), r.get(2) == Some(&"scale")));
            }
        }
        for r in rows(files.scales) {
            if r[0] == "@render" && r.len() >= 4 {
                t.scale_render.push((dec(r[1]), r[2].to_string(), r[3].to_string()));
            } else if r.len() >= 2 {
                t.scales.insert(r[0].to_lowercase(), (dec(r[1]), r.get(2) == Some(&"attached")));
            }
        }
        t.scale_render.sort_by_key(|r| std::cmp::Reverse(r.0));
        for r in rows(files.currencies).filter(|r| r.len() >= 4) {
            t.currency_render.insert(r[0].to_string(), (r[1].to_string(), r[2].to_string()));
            for s in r[3].split('|') {
                t.currencies.insert(s.to_lowercase(), r[0].to_string());
            }
        }
        for r in rows(files.units).filter(|r| r.len() >= 4) {
            t.unit_render.insert(r[0].to_string(), (r[1].to_string(), r[2].to_string()));
            for s in r[3].split('|') {
                t.units.insert(s.to_lowercase(), r[0].to_string());
            }
        }
        for r in rows(files.qualifiers).filter(|r| r.len() >= 2) {
            let Some(q) = Qualifier::from_code(r[0]) else { continue };
            let phrases: Vec<&str> = r[1].split('|').collect();
            t.qualifier_render.insert(q, phrases[0].to_string());
            for p in phrases {
                t.qualifiers.entry(p.to_lowercase()).or_insert(q);
            }
        }
        for r in rows(files.ranges) {
            match (r[0], r.len()) {
                ("between", 3) => t.between.push((r[1].to_lowercase(), r[2].to_lowercase())),
                ("connector", 2) => t.connectors = r[1].split('|').map(str::to_string).collect(),
                ("render", 3) => t.range_render = (r[1].to_string(), r[2].to_string()),
                ("not_range_after", 2) => {
                    t.not_range_after = r[1].split('|').map(str::to_lowercase).collect()
                }
                _ => {}
            }
        }
        for r in rows(files.months).filter(|r| r.len() >= 2) {
            let m: u32 = r[1].parse().unwrap_or(0);
            t.months.insert(r[0].to_string(), m);
            t.month_render.entry(m).or_insert_with(|| r[0].to_string());
        }
        for r in rows(files.nouns).filter(|r| r.len() >= 4) {
            t.noun_render.insert(r[0].to_string(), (r[1].to_string(), r[2].to_string()));
            for x in r[3].split('|') {
                t.nouns.insert(x.to_lowercase(), r[0].to_string());
            }
        }
        for r in rows(files.durations).filter(|r| r.len() >= 4) {
            t.duration_render.insert(r[0].to_string(), (r[1].to_string(), r[2].to_string()));
            for x in r[3].split('|') {
                t.durations.insert(x.to_lowercase(), r[0].to_string());
            }
        }
        for r in rows(files.periods).filter(|r| r.len() >= 2) {
            let phrases: Vec<&str> = r[1].split('|').collect();
            t.period_render.insert(r[0].to_string(), phrases[0].to_string());
            for p in phrases {
                t.periods.push((p.to_lowercase(), r[0].to_string()));
            }
        }
        // Longest phrase first, so "the end of" wins over "end of".
        t.periods.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        t
    }
}
