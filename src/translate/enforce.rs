//! Enforcement: after MT, forbidden renderings of glossary concepts are replaced by the
//! preferred term, where that replacement is unambiguous.
//!
//! Unambiguous means: the concept has exactly one preferred term in the target language, and
//! the forbidden form is not an allowed term of another concept the source sentence holds
//! (`damage` is forbidden for *Schadensersatz* but right for *Schaden*). The replacement keeps
//! the case of the form it replaces: all capitals stay all capitals, a capital first letter
//! stays capital. Every replacement is reported (`term_replaced`), and so is every forbidden form
//! left in place (`term_not_replaced`, with the reason).

use super::Issue;
use crate::check::Severity;
use crate::glossary::{Glossary, Part, Status};

/// Replaces forbidden renderings in `target` (in `to`), given the `source` sentence (in `from`).
pub fn enforce(
    source: &str,
    target: &str,
    from: &str,
    to: &str,
    glossary: &Glossary,
) -> (String, Vec<Issue>) {
    let hits = glossary.find(target, to);
    if hits.is_empty() {
        return (target.to_string(), Vec::new());
    }
    // The concepts the source sentence holds (a compound's head counts, its first part does not:
    // Schadensersatz is not about Schaden).
    let src_concepts: Vec<&str> = glossary
        .find_all(source, from)
        .iter()
        .filter(|h| h.part != Part::Modifier)
        .map(|h| glossary.entry(h.entry).concept.as_str())
        .collect();
    let mut last = None;
    let mut out = String::with_capacity(target.len() + 16);
    let mut issues = Vec::new();
    let mut pos = 0;
    for h in hits {
        let hit = glossary.entry(h.entry);
        if h.part != Part::Whole || h.start < pos || last == Some((h.start, h.end)) {
            continue;
        }
        last = Some((h.start, h.end));
        let Some(surface) = target.get(h.start..h.end) else { continue };
        // The matcher reports one entry per span; the same form may be forbidden in one concept
        // and allowed in another, so every entry with this form counts.
        let form = hit.term.to_lowercase();
        let same_form: Vec<&crate::glossary::Entry> = glossary
            .entries()
            .iter()
            .filter(|o| o.lang == to && o.term.len() == form.len() && o.term.to_lowercase() == form)
            .collect();
        let Some(e) = same_form
            .iter()
            .filter(|o| o.status == Status::Forbidden)
            .max_by_key(|o| src_concepts.contains(&o.concept.as_str()))
        else {
            continue;
        };
        let allowed_for: Vec<&str> = same_form
            .iter()
            .filter(|o| o.status.is_allowed() && o.concept != e.concept)
            .map(|o| o.concept.as_str())
            .collect();
        if !allowed_for.is_empty() && !src_concepts.contains(&e.concept.as_str()) {
            // Right for another concept, and the source does not call for the forbidden one's.
            continue;
        }
        let preferred: Vec<&str> = glossary
            .allowed_terms(&e.concept, to)
            .into_iter()
            .filter(|t| t.status == Status::Preferred)
            .map(|t| t.term.as_str())
            .collect();
        let elsewhere: Vec<&str> = allowed_for.iter().copied().filter(|c| src_concepts.contains(c)).collect();
        let why_not = match (preferred.as_slice(), elsewhere.first()) {
            ([], _) => Some(format!("the concept '{}' has no preferred term in '{to}'", e.concept)),
            ([_], Some(other)) => Some(format!(
                "'{surface}' is right for the concept '{other}', which the source sentence also holds"
            )),
            ([_], None) => None,
            (many, _) => {
                Some(format!("the concept '{}' has several preferred terms: {}", e.concept, many.join(" | ")))
            }
        };
        if let Some(reason) = why_not {
            issues.push(Issue {
                check: "term_not_replaced",
                severity: Severity::Warning,
                expected: preferred.join(" | "),
                found: surface.to_string(),
                message: format!("forbidden rendering left in place: {reason}"),
            });
            continue;
        }
        let replacement = keep_case(surface, preferred[0]);
        issues.push(Issue {
            check: "term_replaced",
            severity: Severity::Info,
            expected: replacement.clone(),
            found: surface.to_string(),
            message: format!(
                "the forbidden rendering '{surface}' was replaced by the preferred term of '{}'",
                e.concept
            ),
        });
        out.push_str(&target[pos..h.start]);
        out.push_str(&replacement);
        pos = h.end;
    }
    out.push_str(&target[pos..]);
    (out, issues)
}

/// `preferred` in the case of `surface`: all capitals, a capital first letter, or as written.
fn keep_case(surface: &str, preferred: &str) -> String {
    let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return preferred.to_uppercase();
    }
    if surface.chars().next().is_some_and(char::is_uppercase) {
        let mut c = preferred.chars();
        return match c.next() {
            Some(first) => first.to_uppercase().chain(c).collect(),
            None => String::new(),
        };
    }
    preferred.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        Glossary::from_csv_str(
            "t.csv",
            "concept,lang,term,status,match,note\n\
             punitive-damages,de,Strafschadensersatz,preferred,,\n\
             punitive-damages,en,punitive damages,preferred,,\n\
             punitive-damages,en,pure damages,forbidden,,\n\
             damages,de,Schadensersatz,preferred,,\n\
             damages,en,damages,preferred,exact,\n\
             damages,en,damage,forbidden,exact,\n\
             harm,de,Schaden,preferred,,\n\
             harm,en,damage,preferred,exact,\n\
             court,de,Landgericht,preferred,,\n\
             court,en,Regional Court,preferred,,\n\
             court,en,District Court,preferred,,\n\
             court,en,county court,forbidden,,\n",
        )
        .unwrap()
    }

    #[test]
    fn forbidden_renderings_are_replaced_where_unambiguous() {
        let g = glossary();
        let cases: [(&str, &str, &str, &[&str]); 5] = [
            (
                "Die Jury sprach Strafschadensersatz zu.",
                "The jury awarded pure damages.",
                "The jury awarded punitive damages.",
                &["term_replaced"],
            ),
            (
                "Strafschadensersatz wurde verhängt.",
                "Pure damages were imposed.",
                "Punitive damages were imposed.",
                &["term_replaced"],
            ),
            ("STRAFSCHADENSERSATZ", "PURE DAMAGES", "PUNITIVE DAMAGES", &["term_replaced"]),
            (
                "Der Schaden und der Schadensersatz.",
                "The damage and the damage.",
                "The damage and the damage.",
                &["term_not_replaced", "term_not_replaced"],
            ),
            (
                "Das Landgericht urteilte.",
                "The county court ruled.",
                "The county court ruled.",
                &["term_not_replaced"],
            ),
        ];
        for (src, mt, want, codes) in cases {
            let (got, issues) = enforce(src, mt, "de", "en", &g);
            assert_eq!(got, want, "{mt}");
            let got_codes: Vec<&str> = issues.iter().map(|i| i.check).collect();
            assert_eq!(got_codes, codes, "{mt}");
        }
    }

    #[test]
    fn a_forbidden_form_that_no_other_source_concept_needs_is_replaced() {
        let g = glossary();
        let (got, _) = enforce("Er verlangt Schadensersatz.", "He claims damage.", "de", "en", &g);
        assert_eq!(got, "He claims damages.");
    }
}
