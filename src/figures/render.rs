//! Rendering a figure in German or English news style: `rund 148 Millionen Euro` /
//! `around 148 million euros`, `1.400` / `1,400`, `12,5 Prozent` / `12.5 percent`,
//! `24. Dezember 2024` / `24 December 2024`. Languages other than German render as English.

use rust_decimal::Decimal;

use super::data::Tables;
use super::{tables_for, Figure, Kind, Qualifier, Value};

/// Renders `fig` in `lang` (`de`, else English).
pub fn render(fig: &Figure, lang: &str) -> String {
    let lang = if lang == "de" { "de" } else { "en" };
    let t = tables_for(lang);
    let body = match (&fig.value, fig.kind) {
        (Value::Date(iso), _) => render_date(iso, t, lang),
        (Value::Number(v), Kind::Year) => {
            let year = match &fig.value_max {
                Some(Value::Number(m)) => format!("{}–{}", v.normalize(), m.normalize()),
                _ => v.normalize().to_string(),
            };
            match fig.unit.as_deref().and_then(|p| t.period_render.get(p)) {
                // "mid-" joins the year with a hyphen: "mid-2020".
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

fn render_date(iso: &str, t: &Tables, lang: &str) -> String {
    let parts: Vec<&str> = iso.trim_start_matches('-').split('-').collect();
    let no_year = iso.starts_with("--");
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    let (year, month, day) = if no_year { (None, num(0), num(1)) } else { (num(0), num(1), num(2)) };
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
