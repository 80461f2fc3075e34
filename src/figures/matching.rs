//! Cross-language matching of the figures of an original and its translation.
//!
//! Figures are compared on their normalized value, so `1.400` matches `1,400`, `2 Mrd. Euro`
//! matches `€2 billion` and `24. Dezember 2024` matches `December 24, 2024`. Years and plain
//! numbers compare with each other (`2.000 Menschen` / `2000 people`), and so do counts: the
//! counted noun is reported but not compared, since translators legitimately change it
//! (`1.400 Betroffene` / `1,400 people affected`). Two durations compare their unit (`fünf
//! Monate` ≠ `five years`); a duration matches a bare number (`im Alter von 24 Jahren` / `aged
//! 24`); a part of a year (`Anfang 2019` ≠ `late 2019`) only when both sides state one.
//! A date without a year matches the same day with one. Qualifiers do not take part in the
//! match; the checks report a changed qualifier separately, as a warning.

use std::borrow::Borrow;

use super::{Figure, Kind, Value};

/// How one figure of the source relates to the target, or the other way round. Indices point
/// into the slices given to [`match_figures`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureMatch {
    /// The same figure on both sides.
    Same { src: usize, tgt: usize },
    /// The figure of the same kind in the target states something else (value, scale, unit).
    Mismatch { src: usize, tgt: usize },
    /// A source figure with nothing in the target.
    Missing { src: usize },
    /// A target figure with nothing in the source.
    Extra { tgt: usize },
}

fn class(kind: Kind) -> u8 {
    match kind {
        Kind::Money => 0,
        Kind::Percent => 1,
        Kind::Date => 2,
        Kind::Number | Kind::Year | Kind::Count | Kind::Duration => 3,
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Date(x), Value::Date(y)) => {
            x == y
                || x.starts_with("--") && y.ends_with(&x[1..]) && y.len() == 10
                || y.starts_with("--") && x.ends_with(&y[1..]) && x.len() == 10
        }
        _ => false,
    }
}

/// Whether two figures state the same thing.
pub fn same_figure(a: &Figure, b: &Figure) -> bool {
    class(a.kind) == class(b.kind)
        && same_value(&a.value, &b.value)
        && match (&a.value_max, &b.value_max) {
            (None, None) => true,
            (Some(x), Some(y)) => same_value(x, y),
            _ => false,
        }
        && same_unit(a, b)
}

fn same_unit(a: &Figure, b: &Figure) -> bool {
    match (a.kind, b.kind) {
        (Kind::Money | Kind::Percent, _) | (Kind::Duration, Kind::Duration) => a.unit == b.unit,
        (Kind::Year, Kind::Year) => a.unit.is_none() || b.unit.is_none() || a.unit == b.unit,
        _ => true,
    }
}

/// Matches the figures of a source and a target text. Every figure of both appears in exactly
/// one result; results are ordered by source position, extras last. The figures may be given
/// by value or by reference (`&[&Figure]`), so that callers need not clone them.
pub fn match_figures<F: Borrow<Figure>>(src: &[F], tgt: &[F]) -> Vec<FigureMatch> {
    let (src, tgt): (Vec<&Figure>, Vec<&Figure>) =
        (src.iter().map(Borrow::borrow).collect(), tgt.iter().map(Borrow::borrow).collect());
    let mut tgt_used = vec![false; tgt.len()];
    let mut src_match: Vec<Option<FigureMatch>> = vec![None; src.len()];
    for (i, s) in src.iter().enumerate() {
        if let Some(j) = (0..tgt.len()).find(|&j| !tgt_used[j] && same_figure(s, tgt[j])) {
            tgt_used[j] = true;
            src_match[i] = Some(FigureMatch::Same { src: i, tgt: j });
        }
    }
    // What is left pairs up as a mismatch when the kind agrees, preferring the same unit or the
    // same value (a wrong scale keeps the unit; a wrong currency keeps the value).
    for (i, s) in src.iter().enumerate() {
        if src_match[i].is_some() {
            continue;
        }
        let candidates: Vec<usize> =
            (0..tgt.len()).filter(|&j| !tgt_used[j] && class(tgt[j].kind) == class(s.kind)).collect();
        let best = candidates
            .iter()
            .copied()
            .find(|&j| tgt[j].unit == s.unit || same_value(&tgt[j].value, &s.value))
            .or(candidates.first().copied());
        src_match[i] = Some(match best {
            Some(j) => {
                tgt_used[j] = true;
                FigureMatch::Mismatch { src: i, tgt: j }
            }
            None => FigureMatch::Missing { src: i },
        });
    }
    let mut out: Vec<FigureMatch> = src_match.into_iter().flatten().collect();
    out.extend((0..tgt.len()).filter(|&j| !tgt_used[j]).map(|tgt| FigureMatch::Extra { tgt }));
    out
}

/// A language-neutral key of a figure for use as an alignment anchor: two figures that
/// [`same_figure`] calls equal have the same key (dates without a year aside).
pub fn anchor_key(f: &Figure) -> String {
    // `class:value:max:unit`, written piece by piece: the `Display` of a decimal is the dearest
    // part of formatting one, and most values are whole numbers, written as integers.
    let unit =
        if matches!(f.kind, Kind::Money | Kind::Percent) { f.unit.as_deref().unwrap_or("") } else { "" };
    let mut key = String::with_capacity(24 + unit.len());
    key.push(char::from(b'0' + class(f.kind)));
    key.push(':');
    push_value(&mut key, &f.value);
    key.push(':');
    if let Some(max) = &f.value_max {
        push_value(&mut key, max);
    }
    key.push(':');
    key.push_str(unit);
    key
}

/// Appends `v` as its `Display` writes it.
fn push_value(out: &mut String, v: &Value) {
    use std::fmt::Write;
    match v {
        Value::Number(d) => {
            let d = d.normalize();
            // A normalized decimal without a scale is its mantissa, sign included (zero has
            // none): the integer's digits are the decimal's.
            if d.scale() == 0 {
                let _ = write!(out, "{}", d.mantissa());
            } else {
                let _ = write!(out, "{d}");
            }
        }
        Value::Date(s) => out.push_str(s),
    }
}
