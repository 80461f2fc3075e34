//! `lexbridge glossary lint`: every questionable row of a glossary, with its line, instead of
//! stopping at the first bad one as loading does.
//!
//! Errors: a row with the wrong number of fields, an empty cell, an unknown status or match mode,
//! a forbidden term equal to an allowed term of the same concept. Warnings: a term in two
//! concepts (the check cannot tell which one a text means), a forbidden term that another
//! concept allows, a concept with no preferred term in a language, the same term twice in a
//! concept. Info: a concept with several preferred terms in a language.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{MatchMode, RawRow, Status};

/// One lint finding.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LintFinding {
    pub line: usize,
    pub severity: &'static str,
    pub code: &'static str,
    pub concept: String,
    pub lang: String,
    pub term: String,
    pub message: String,
}

/// Lints the rows of a glossary; findings come in line order.
pub fn lint(rows: &[RawRow]) -> Vec<LintFinding> {
    let mut out = Vec::new();
    let f = |r: &RawRow, severity, code, message: String| LintFinding {
        line: r.line,
        severity,
        code,
        concept: r.concept.clone(),
        lang: r.lang.clone(),
        term: r.term.clone(),
        message,
    };
    let mut good: Vec<(&RawRow, Status)> = Vec::new();
    for r in rows {
        if let Some(p) = &r.problem {
            out.push(f(r, "error", "bad_row", p.clone()));
            continue;
        }
        let empty: Vec<&str> =
            [("concept", &r.concept), ("lang", &r.lang), ("term", &r.term), ("status", &r.status)]
                .into_iter()
                .filter(|(_, v)| v.trim().is_empty())
                .map(|(k, _)| k)
                .collect();
        if !empty.is_empty() {
            out.push(f(r, "error", "empty_cell", format!("empty {}", empty.join(", "))));
        }
        let status = Status::parse(&r.status);
        if status.is_none() && !r.status.trim().is_empty() {
            out.push(f(
                r,
                "error",
                "unknown_status",
                format!("unknown status '{}'; use preferred, admitted or forbidden", r.status),
            ));
        }
        if MatchMode::parse(&r.mode).is_none() {
            out.push(f(
                r,
                "error",
                "unknown_match",
                format!("unknown match '{}'; leave it empty or use exact or case", r.mode),
            ));
        }
        if let (Some(s), true) = (status, empty.is_empty()) {
            good.push((r, s));
        }
    }
    let key = |r: &RawRow| (r.lang.clone(), r.term.trim().to_lowercase());
    let mut by_term: HashMap<(String, String), Vec<(&RawRow, Status)>> = HashMap::new();
    for &(r, s) in &good {
        by_term.entry(key(r)).or_default().push((r, s));
    }
    for &(r, s) in &good {
        let same = &by_term[&key(r)];
        let first_here = same.iter().position(|(x, _)| std::ptr::eq(*x, r)).unwrap_or(0);
        for (i, &(o, os)) in same.iter().enumerate() {
            if std::ptr::eq(o, r) {
                continue;
            }
            let earlier = i < first_here;
            if o.concept == r.concept {
                if s.is_allowed() != os.is_allowed() && s == Status::Forbidden {
                    out.push(f(
                        r,
                        "error",
                        "forbidden_equals_allowed",
                        format!(
                            "'{}' is forbidden and also allowed (line {}) in this concept",
                            r.term, o.line
                        ),
                    ));
                } else if earlier && s.is_allowed() == os.is_allowed() {
                    out.push(f(
                        r,
                        "warning",
                        "duplicate_term",
                        format!("the same term is on line {}", o.line),
                    ));
                }
            } else if s == Status::Forbidden && os.is_allowed() {
                out.push(f(
                    r,
                    "warning",
                    "forbidden_equals_allowed",
                    format!(
                        "'{}' is forbidden here but allowed in concept '{}' (line {})",
                        r.term, o.concept, o.line
                    ),
                ));
            } else if earlier && s.is_allowed() && os.is_allowed() {
                out.push(f(
                    r,
                    "warning",
                    "term_in_two_concepts",
                    format!("'{}' is also a term of concept '{}' (line {})", r.term, o.concept, o.line),
                ));
            }
        }
    }
    let mut by_concept: BTreeMap<(&str, &str), Vec<(&RawRow, Status)>> = BTreeMap::new();
    for &(r, s) in &good {
        by_concept.entry((&r.concept, &r.lang)).or_default().push((r, s));
    }
    for ((concept, lang), terms) in by_concept {
        let preferred = terms.iter().filter(|(_, s)| *s == Status::Preferred).count();
        let first = terms[0].0;
        if preferred == 0 && terms.iter().any(|(_, s)| s.is_allowed()) {
            out.push(f(
                first,
                "warning",
                "no_preferred",
                format!("concept '{concept}' has no preferred term in '{lang}'"),
            ));
        } else if preferred == 0 {
            out.push(f(
                first,
                "warning",
                "no_preferred",
                format!("concept '{concept}' has only forbidden terms in '{lang}'; add the preferred one"),
            ));
        } else if preferred > 1 {
            out.push(f(
                first,
                "info",
                "several_preferred",
                format!("concept '{concept}' has {preferred} preferred terms in '{lang}'"),
            ));
        }
    }
    out.sort_by(|a, b| a.line.cmp(&b.line).then(a.code.cmp(b.code)));
    out
}
