//! Rendering a figure in German or English news style: `rund 148 Millionen Euro` /
//! `around 148 million euros`, `1.400` / `1,400`, `12,5 Prozent` / `12.5 percent`,
//! `24. Dezember 2024` / `24 December 2024`. Languages other than German render as English.
//!
//! Rendering is on the hot path of `run` (two renderings per figure), so amounts are worked on
//! as digits and a power-of-ten exponent: dividing by a scale factor (`Millionen` = 10^6) is a
//! change of exponent, not a `Decimal` division, and the text is written straight into the
//! caller's buffer. Values the digit path does not cover (a scale factor that is not a power of
//! ten, more than 28 decimals after the division, money with more than two decimals) take the
//! `Decimal` path, which defines the result: the tests check that both agree.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use super::data::Tables;
use super::{tables_for, Figure, Kind, Qualifier, Value};

/// Renders `fig` in `lang` (`de`, else English).
pub fn render(fig: &Figure, lang: &str) -> String {
    let mut out = String::new();
    render_into(&mut out, fig, lang);
    out
}

/// [`render`], appended to `out`.
pub fn render_into(out: &mut String, fig: &Figure, lang: &str) {
    let de = lang == "de";
    let (lang, t) = if de { ("de", tables_for("de")) } else { ("en", tables_for("en")) };
    match fig.qualifier {
        Qualifier::Exact | Qualifier::Range => {}
        q => {
            if let Some(word) = t.qualifier_render.get(&q) {
                out.push_str(word);
                out.push(' ');
            }
        }
    }
    match (&fig.value, fig.kind) {
        (Value::Date(iso), _) => render_date(out, iso, t, lang),
        (Value::Number(v), Kind::Year) => {
            // "mid-" joins the year with a hyphen: "mid-2020".
            if let Some(part) = fig.unit.as_deref().and_then(|p| t.period_render.get(p)) {
                out.push_str(part);
                if !part.ends_with('-') {
                    out.push(' ');
                }
            }
            push_plain(out, *v);
            if let Some(Value::Number(m)) = &fig.value_max {
                out.push('–');
                push_plain(out, *m);
            }
        }
        (Value::Number(v), kind) => {
            if !render_amount_by_digits(out, fig, *v, kind, t, de) {
                out.push_str(&render_amount(fig, *v, kind, t));
            }
        }
    }
}

/// Appends a figure's value as `lexbridge figures` prints it (the `value` column): a plain
/// decimal without trailing zeros (`168000000`, `12.5`, `-0.25`), or the ISO date.
pub fn push_value(out: &mut String, value: &Value) {
    match value {
        Value::Number(d) => push_plain(out, *d),
        Value::Date(s) => out.push_str(s),
    }
}

/// [`push_value`], appended to a byte buffer (a CSV line); a number is digits, a `-` and a
/// `.` only.
pub fn push_value_bytes(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Number(d) => push_digits(out, Digits::of(*d), 0, None, '.'),
        Value::Date(s) => out.extend_from_slice(s.as_bytes()),
    }
}

/// Where [`push_digits`] writes: a string, or the bytes of a CSV line.
trait Sink {
    fn ascii(&mut self, b: u8);
    fn char(&mut self, c: char);
    fn reserve(&mut self, n: usize);
}

impl Sink for String {
    #[inline(always)]
    fn ascii(&mut self, b: u8) {
        self.push(char::from(b));
    }
    #[inline(always)]
    fn char(&mut self, c: char) {
        self.push(c);
    }
    #[inline(always)]
    fn reserve(&mut self, n: usize) {
        String::reserve(self, n);
    }
}

impl Sink for Vec<u8> {
    #[inline(always)]
    fn ascii(&mut self, b: u8) {
        self.push(b);
    }
    #[inline(always)]
    fn char(&mut self, c: char) {
        self.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }
    #[inline(always)]
    fn reserve(&mut self, n: usize) {
        Vec::reserve(self, n);
    }
}

/// A decimal as its digits: `mant` × 10^-`scale`, negative when `neg` (and not zero).
#[derive(Debug, Clone, Copy)]
struct Digits {
    neg: bool,
    mant: u128,
    scale: u32,
    /// How many decimal zeros `mant` ends with (0 for 0), counted once: every scale word tried
    /// asks.
    zeros: u32,
}

impl Digits {
    fn of(d: Decimal) -> Digits {
        let m = d.mantissa();
        Digits::new(m < 0, m.unsigned_abs(), d.scale())
    }

    fn new(neg: bool, mant: u128, scale: u32) -> Digits {
        Digits { neg, mant, scale, zeros: if mant == 0 { 0 } else { trailing_zeros(mant) } }
    }

    /// The scale of the value divided by 10^`k`, normalized (no trailing zeros).
    fn normalized_scale_over(self, k: u32) -> u32 {
        let scale = self.scale + k;
        if self.mant == 0 {
            return 0;
        }
        scale - self.zeros.min(scale)
    }

    /// |value| ≥ 10^`k`.
    fn abs_at_least(self, k: u32) -> bool {
        pow10(self.scale + k).is_some_and(|p| self.mant >= p)
    }

    /// value = 10^`k`.
    fn is_power(self, k: u32) -> bool {
        !self.neg && pow10(self.scale + k) == Some(self.mant)
    }
}

/// 10^`e`, where it fits in a u128.
fn pow10(e: u32) -> Option<u128> {
    POW10.get(e as usize).copied()
}

/// The powers of ten that fit in a u128 (10^0 to 10^38): a lookup, not a loop of 128-bit
/// multiplications, for every scale word tried on every figure.
static POW10: [u128; 39] = {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// How many decimal zeros `m` (not zero) ends with.
fn trailing_zeros(mut m: u128) -> u32 {
    let mut n = 0;
    if let Ok(mut small) = u64::try_from(m) {
        while small % 10 == 0 {
            small /= 10;
            n += 1;
        }
        return n;
    }
    while m % 10 == 0 {
        m /= 10;
        n += 1;
    }
    n
}

/// The scale words of each language as powers of ten (`(k, singular, plural)`, biggest first),
/// and the biggest `k`; `None` where a factor is not a power of ten.
type Powers = Option<(Vec<(u32, &'static str, &'static str)>, u32)>;

static POWERS: LazyLock<[Powers; 2]> = LazyLock::new(|| [powers(tables_for("de")), powers(tables_for("en"))]);

fn powers(t: &'static Tables) -> Powers {
    let mut out = Vec::new();
    for (f, one, many) in &t.scale_render {
        let f = f.normalize();
        let mut m = u128::try_from(f.mantissa()).ok().filter(|&m| m > 0 && f.scale() == 0)?;
        let mut k = 0;
        while m % 10 == 0 {
            m /= 10;
            k += 1;
        }
        if m != 1 {
            return None;
        }
        out.push((k, one.as_str(), many.as_str()));
    }
    let biggest = out.iter().map(|p| p.0).max().unwrap_or(0);
    Some((out, biggest))
}

/// [`render_amount`] on digits; `false` (and nothing written) where the value needs the
/// `Decimal` path.
fn render_amount_by_digits(
    out: &mut String,
    fig: &Figure,
    v: Decimal,
    kind: Kind,
    t: &Tables,
    de: bool,
) -> bool {
    let Some((powers, biggest_k)) = &POWERS[usize::from(!de)] else { return false };
    let max = match &fig.value_max {
        Some(Value::Number(m)) => Some(Digits::of(*m)),
        _ => None,
    };
    let v = Digits::of(v);
    // Division by 10^k stays exact within the 28 decimals of a Decimal.
    if v.scale + biggest_k > 28 || max.is_some_and(|m| m.scale + biggest_k > 28) {
        return false;
    }
    let scale = powers.iter().find(|(k, _, _)| {
        (v.abs_at_least(*k) || max.is_some_and(|m| m.abs_at_least(*k)))
            && v.normalized_scale_over(*k) <= 3
            && max.is_none_or(|m| m.normalized_scale_over(*k) <= 3)
    });
    let (k, scale_word) = match scale {
        Some((k, one, many)) => (*k, Some(if max.is_none() && v.is_power(*k) { *one } else { *many })),
        None => (0, None),
    };
    // Money with cents keeps two decimals: 45,60 Euro, $45.60.
    let cents = kind == Kind::Money && k == 0 && max.is_none() && v.normalized_scale_over(0) > 0;
    if cents && v.normalized_scale_over(0) > 2 {
        return false;
    }
    match max {
        Some(m) => {
            out.push_str(&t.range_render.0);
            out.push(' ');
            push_number(out, v, k, t.group, t.decimal);
            out.push(' ');
            out.push_str(&t.range_render.1);
            out.push(' ');
            push_number(out, m, k, t.group, t.decimal);
        }
        None if cents => {
            let scale = v.normalized_scale_over(0);
            let mant = v.mant / 10u128.pow(v.scale - scale);
            let unit = 10u128.pow(scale);
            if v.neg {
                out.push('-');
            }
            let whole = Digits::new(false, mant / unit, 0);
            push_number(out, whole, 0, t.group, t.decimal);
            out.push(t.decimal);
            let cents = (mant % unit) * if scale == 1 { 10 } else { 1 };
            out.push(char::from(b'0' + (cents / 10) as u8));
            out.push(char::from(b'0' + (cents % 10) as u8));
        }
        None => push_number(out, v, k, t.group, t.decimal),
    }
    if let Some(w) = scale_word {
        out.push(' ');
        out.push_str(w);
    }
    if let Some((one, many)) = unit_render(fig, kind, t) {
        let singular = scale_word.is_none() && max.is_none() && v.is_power(0);
        out.push(' ');
        out.push_str(if singular { one } else { many });
    }
    true
}

/// The singular and plural of the figure's unit in `t`, if it has one.
fn unit_render<'t>(fig: &Figure, kind: Kind, t: &'t Tables) -> Option<&'t (String, String)> {
    fig.unit.as_deref().and_then(|u| match kind {
        Kind::Money => t.currency_render.get(u),
        Kind::Percent => t.unit_render.get(u),
        Kind::Count => t.noun_render.get(u),
        Kind::Duration => t.duration_render.get(u),
        _ => None,
    })
}

/// Appends `d` / 10^`k` (exact: see the caller) as [`format_number`] writes it: normalized,
/// thousands grouped from 1,000 up with `group`, `decimal` before the decimals.
fn push_number(out: &mut String, d: Digits, k: u32, group: char, decimal: char) {
    push_digits(out, d, k, Some(group), decimal);
}

/// Appends a decimal as its normalized text (`Decimal`'s `Display` after `normalize`).
fn push_plain(out: &mut String, d: Decimal) {
    push_digits(out, Digits::of(d), 0, None, '.');
}

/// Appends `d` / 10^`k`, normalized, with `group` between thousands (from 1,000 up) and
/// `decimal` before the decimals: digit by digit into `out`, no text put together first.
fn push_digits<S: Sink>(out: &mut S, d: Digits, k: u32, group: Option<char>, decimal: char) {
    let scale = d.normalized_scale_over(k) as usize;
    let dropped = d.scale + k - scale as u32;
    let mant = if d.mant == 0 || dropped == 0 { d.mant } else { d.mant / POW10[dropped as usize] };
    // The digits, last first; at least `scale + 1` of them (a zero before the decimals).
    let mut digits = [b'0'; 48];
    let mut n = 0;
    match u64::try_from(mant) {
        Ok(mut m) => {
            while m > 0 {
                digits[n] = b'0' + (m % 10) as u8;
                m /= 10;
                n += 1;
            }
        }
        Err(_) => {
            let mut m = mant;
            while m > 0 {
                digits[n] = b'0' + (m % 10) as u8;
                m /= 10;
                n += 1;
            }
        }
    }
    n = n.max(scale + 1);
    let int_len = n - scale;
    out.reserve(n + 2 + int_len / 3 * group.map_or(0, char::len_utf8));
    if d.neg && mant != 0 {
        out.ascii(b'-');
    }
    let group = group.filter(|_| int_len >= 4);
    for (i, &digit) in digits[scale..n].iter().rev().enumerate() {
        if let Some(g) = group {
            if i > 0 && (int_len - i) % 3 == 0 {
                out.char(g);
            }
        }
        out.ascii(digit);
    }
    if scale > 0 {
        out.char(decimal);
        digits[..scale].iter().rev().for_each(|&digit| out.ascii(digit));
    }
}

/// The `Decimal` way of [`render_amount_by_digits`], for every value.
fn render_amount(fig: &Figure, v: Decimal, kind: Kind, t: &Tables) -> String {
    let max = match &fig.value_max {
        Some(Value::Number(m)) => Some(*m),
        _ => None,
    };
    let biggest = max.unwrap_or(v).abs().max(v.abs());
    let scale = t.scale_render.iter().find(|(f, _, _)| {
        biggest >= *f
            && (v / *f).normalize().scale() <= 3
            && max.is_none_or(|m| (m / *f).normalize().scale() <= 3)
    });
    let (factor, scale_word) = match scale {
        Some((f, one, many)) => {
            let mantissa = max.unwrap_or(v) / *f;
            (*f, Some(if mantissa == Decimal::ONE && max.is_none() { one } else { many }))
        }
        None => (Decimal::ONE, None),
    };
    let mut out = match max {
        Some(m) => format!(
            "{} {} {} {}",
            t.range_render.0,
            format_number(v / factor, t),
            t.range_render.1,
            format_number(m / factor, t)
        ),
        // Money with cents keeps two decimals: 45,60 Euro, $45.60.
        None if kind == Kind::Money && factor == Decimal::ONE && !v.fract().is_zero() => {
            money_with_cents(v.round_dp(2), t)
        }
        None => format_number(v / factor, t),
    };
    if let Some(w) = scale_word {
        out.push(' ');
        out.push_str(w);
    }
    let unit = fig.unit.as_deref().and_then(|u| match kind {
        Kind::Money => t.currency_render.get(u),
        Kind::Percent => t.unit_render.get(u),
        Kind::Count => t.noun_render.get(u),
        Kind::Duration => t.duration_render.get(u),
        _ => None,
    });
    if let Some((one, many)) = unit {
        let singular = scale_word.is_none() && max.is_none() && v == Decimal::ONE;
        out.push(' ');
        out.push_str(if singular { one } else { many });
    }
    out
}

/// Formats an amount with exactly two decimals (`1.234,50`).
fn money_with_cents(d: Decimal, t: &Tables) -> String {
    let sign = if d.is_sign_negative() { "-" } else { "" };
    let whole = format_number(d.abs().trunc(), t);
    let cents = (d.abs().fract() * Decimal::from(100)).round().to_string();
    format!("{sign}{whole}{}{cents:0>2}", t.decimal)
}

/// Formats a decimal with the language's separators, grouping thousands from 1,000 up.
pub fn format_number(d: Decimal, t: &Tables) -> String {
    // The digits of the normalized value are those of its mantissa, the last `scale` of them
    // after the decimal separator (normalizing drops trailing zeros, and a negative zero).
    let d = d.normalize();
    // Through u64 where the mantissa fits (nearly always): formatting a u128 divides in 128 bits.
    let mantissa = d.mantissa().unsigned_abs();
    let digits = u64::try_from(mantissa).map_or_else(|_| mantissa.to_string(), |m| m.to_string());
    let scale = d.scale() as usize;
    let (int, frac) = if scale == 0 {
        (digits.as_str(), String::new())
    } else if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        (int, frac.to_string())
    } else {
        ("0", format!("{}{digits}", "0".repeat(scale - digits.len())))
    };
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 4);
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    for (i, c) in int.char_indices() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() >= 4 {
            out.push(t.group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(t.decimal);
        out.push_str(&frac);
    }
    out
}

fn render_date(out: &mut String, iso: &str, t: &Tables, lang: &str) {
    let no_year = iso.starts_with("--");
    let mut parts = iso.trim_start_matches('-').split('-');
    let mut num = || parts.next().and_then(|p| p.parse::<u32>().ok());
    let (year, month, day) = if no_year {
        let (m, d) = (num(), num());
        (None, m, d)
    } else {
        let (y, m, d) = (num(), num(), num());
        (y, m, d)
    };
    let month_name = month.and_then(|m| t.month_render.get(&m)).map_or("", String::as_str);
    if let Some(d) = day {
        push_u32(out, d);
        out.push_str(if lang == "de" { ". " } else { " " });
    }
    out.push_str(month_name);
    if let Some(y) = year {
        out.push(' ');
        push_u32(out, y);
    }
}

fn push_u32(out: &mut String, n: u32) {
    push_digits(out, Digits::new(false, u128::from(n), 0), 0, None, '.');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formatting `format_number` must agree with: through the decimal's own text.
    fn by_text(d: Decimal, t: &Tables) -> String {
        let s = d.normalize().to_string();
        let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 && int.len() >= 4 {
                grouped.push(t.group);
            }
            grouped.push(c);
        }
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{}{frac}", t.decimal)
        }
    }

    /// The rendering as it was before amounts went by digits (all `Decimal` arithmetic and
    /// `format!`), the reference the new one must equal.
    fn former(fig: &Figure, lang: &str) -> String {
        let lang = if lang == "de" { "de" } else { "en" };
        let t = tables_for(lang);
        let body = match (&fig.value, fig.kind) {
            (Value::Date(iso), _) => {
                let parts: Vec<&str> = iso.trim_start_matches('-').split('-').collect();
                let no_year = iso.starts_with("--");
                let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
                let (year, month, day) =
                    if no_year { (None, num(0), num(1)) } else { (num(0), num(1), num(2)) };
                let month_name = month.and_then(|m| t.month_render.get(&m)).cloned().unwrap_or_default();
                let mut out = match day {
                    Some(d) if lang == "de" => format!("{d}. {month_name}"),
                    Some(d) => format!("{d} {month_name}"),
                    None => month_name,
                };
                if let Some(y) = year {
                    out.push_str(&format!(" {y}"));
                }
                out
            }
            (Value::Number(v), Kind::Year) => {
                let year = match &fig.value_max {
                    Some(Value::Number(m)) => format!("{}–{}", v.normalize(), m.normalize()),
                    _ => v.normalize().to_string(),
                };
                match fig.unit.as_deref().and_then(|p| t.period_render.get(p)) {
                    Some(part) if part.ends_with('-') => format!("{part}{year}"),
                    Some(part) => format!("{part} {year}"),
                    None => year,
                }
            }
            (Value::Number(v), kind) => render_amount(fig, *v, kind, t),
        };
        match fig.qualifier {
            Qualifier::Exact | Qualifier::Range => body,
            q => match t.qualifier_render.get(&q) {
                Some(word) => format!("{word} {body}"),
                None => body,
            },
        }
    }

    #[test]
    fn renderings_equal_the_former_decimal_rendering() {
        let mut numbers: Vec<Decimal> = [
            "0",
            "-0",
            "0.00",
            "1",
            "1.0",
            "-1",
            "2",
            "12",
            "999",
            "1000",
            "1400",
            "4000",
            "12.5",
            "12.50",
            "45.6",
            "45.60",
            "45.605",
            "-45.6",
            "0.5",
            "0.05",
            "0.001",
            "0.0001",
            "1.25",
            "2.999",
            "1000000",
            "1000000.00",
            "-1000000",
            "1500000",
            "1234567",
            "148000000",
            "168000000",
            "2500000000",
            "1000000000",
            "1e12",
            "1000000000000",
            "2000000000000000",
            "1.5e15",
            "12345678901234567890",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "123456789.987654321",
            "999999.999",
            "1000000.0005",
            "1999999",
            "2019",
            "2024",
            "1e-28",
            "0.1000000000000000000000000000",
        ]
        .iter()
        .map(|s| s.parse().or_else(|_| Decimal::from_scientific(s)).expect("a decimal"))
        .collect();
        let mut seed = 0x0bad_5eed_1234_5678_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3_000 {
            let r = next();
            let digits = (r % 16) as u32;
            let mantissa = (next() % 10u64.pow(digits).max(1)) as i64 * if r % 7 == 0 { -1 } else { 1 };
            // Mostly round amounts (trailing zeros), as news write them.
            let zeros = 10i64.pow(((r >> 8) % 4) as u32);
            let scale = ((r >> 16) % 5) as u32 + if r % 11 == 0 { 20 } else { 0 };
            numbers.push(Decimal::new(mantissa.saturating_mul(zeros), scale));
        }
        let units: &[(Kind, &[&str])] = &[
            (Kind::Money, &["EUR", "USD", "GBP", "CHF", "XYZ"]),
            (Kind::Percent, &["%", "pp", "bp"]),
            (Kind::Count, &["people", "users", "nothing-known"]),
            (Kind::Duration, &["year", "month", "week", "day", "hour"]),
            (Kind::Number, &[]),
            (Kind::Year, &["early", "mid", "late"]),
            (Kind::Date, &[]),
        ];
        let qualifiers = Qualifier::ALL;
        let mut checked = 0;
        let mut out = String::new();
        for (i, v) in numbers.iter().enumerate() {
            for (kind, kind_units) in units {
                let unit_choices: Vec<Option<String>> =
                    std::iter::once(None).chain(kind_units.iter().map(|u| Some(u.to_string()))).collect();
                for (u, unit) in unit_choices.iter().enumerate() {
                    let r = next();
                    let max = match r % 4 {
                        0 => Some(Value::Number(numbers[(i + u + 1) % numbers.len()])),
                        1 => Some(Value::Number(v.checked_mul(Decimal::from(3)).unwrap_or(*v))),
                        _ => None,
                    };
                    let fig = Figure {
                        start: 0,
                        end: 0,
                        kind: *kind,
                        value: Value::Number(*v),
                        value_max: max,
                        unit: unit.clone(),
                        qualifier: qualifiers[(r >> 8) as usize % qualifiers.len()],
                        from_words: false,
                    };
                    for lang in ["de", "en", "fr"] {
                        out.clear();
                        out.push('[');
                        render_into(&mut out, &fig, lang);
                        assert_eq!(&out[1..], former(&fig, lang), "{fig:?} in {lang}");
                        checked += 1;
                    }
                }
            }
            let mut value = String::new();
            push_value(&mut value, &Value::Number(*v));
            assert_eq!(value, Value::Number(*v).to_string());
        }
        for iso in
            ["2024-12-24", "2024-03", "2024", "--12-24", "--03", "2024-13-40", "x-y", "", "--", "0024-01-05"]
        {
            for q in [Qualifier::Exact, Qualifier::Approx] {
                let fig = Figure {
                    start: 0,
                    end: 0,
                    kind: Kind::Date,
                    value: Value::Date(iso.into()),
                    value_max: None,
                    unit: None,
                    qualifier: q,
                    from_words: false,
                };
                for lang in ["de", "en"] {
                    assert_eq!(render(&fig, lang), former(&fig, lang), "{iso} in {lang}");
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn numbers_format_as_their_text_says() {
        let (de, en) = (tables_for("de"), tables_for("en"));
        let mut values: Vec<Decimal> = [
            "0",
            "-0",
            "0.000",
            "-0.50",
            "0.05",
            "1",
            "999",
            "1000",
            "-1234.5000",
            "1400",
            "12.5",
            "0.001",
            "1000000",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "123456789.987654321",
        ]
        .iter()
        .map(|s| s.parse().expect("a decimal"))
        .collect();
        let mut seed = 0x1234_5678_9abc_def1_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mantissa = (seed >> (seed % 60)) as i64 * if seed % 3 == 0 { -1 } else { 1 };
            values.push(Decimal::new(mantissa, (seed % 29) as u32));
        }
        for d in values {
            for t in [de, en] {
                assert_eq!(format_number(d, t), by_text(d, t), "{d:?}");
            }
        }
    }
}
