//! TBX-Basic import and export.
//!
//! Reads TBX v2 (`martif`, `termEntry`/`langSet`/`tig`) and v3 (`tbx`, `conceptEntry`/`langSec`/
//! `termSec`) files: each concept entry's id is the concept, each term group a row, with its
//! `administrativeStatus` term note in either spelling (`preferredTerm-admn-sts` / `preferred`,
//! `admittedTerm-admn-sts` / `admitted`, `deprecatedTerm-admn-sts` / `notRecommended` /
//! `obsolete`). A term group without a status is preferred when it is the first of its language,
//! admitted otherwise. The match mode travels in a `termNote type="x-lexbridge-match"`.
//!
//! The reader never resolves external entities and never expands entities declared in a DTD: a
//! DOCTYPE is skipped, and an entity other than the five XML ones and character references is an
//! error naming its line. Writing produces TBX-Basic v3 (DCA style).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Entry, GlossaryError, RawRow, Status};

fn attr(e: &BytesStart, names: &[&str]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        let local = key.rsplit(|&b| b == b':').next().unwrap_or(key);
        let hit = names.iter().any(|n| key == n.as_bytes() || local == n.as_bytes());
        hit.then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// What text is being collected.
#[derive(PartialEq)]
enum Field {
    None,
    Term,
    Status,
    Match,
    Note,
}

/// Reads the term rows of a TBX file.
pub fn read_rows(name: &str, text: &str) -> Result<Vec<RawRow>, GlossaryError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    // Line numbers by binary search over the line starts (counting newlines from the start for
    // every term made large exports quadratic).
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
        .collect();
    let line_at = |pos: usize| line_starts.partition_point(|&start| start <= pos.min(text.len()));
    let err = |pos: usize, message: String| GlossaryError::Row {
        path: name.to_string(),
        line: line_at(pos),
        message,
    };
    let mut rows = Vec::new();
    let (mut concept, mut lang) = (String::new(), String::new());
    let mut entries_seen = 0usize;
    let mut lang_terms = 0usize;
    let mut row: Option<RawRow> = None;
    let mut field = Field::None;
    let mut seen_root = false;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| err(pos, format!("not well-formed TBX: {e}")))?;
        match event {
            Event::Eof => break,
            Event::DocType(_) => {} // never expanded
            Event::Start(e) | Event::Empty(e) => {
                let n = e.local_name();
                let local = n.as_ref();
                seen_root = true;
                match local {
                    b"termEntry" | b"conceptEntry" => {
                        entries_seen += 1;
                        concept = attr(&e, &["id"]).unwrap_or_else(|| format!("entry-{entries_seen}"));
                    }
                    b"langSet" | b"langSec" => {
                        lang =
                            crate::lang::normalize_tag(&attr(&e, &["xml:lang", "lang"]).unwrap_or_default());
                        lang_terms = 0;
                    }
                    b"tig" | b"ntig" | b"termSec" => {
                        row = Some(RawRow {
                            line: line_at(pos),
                            concept: concept.clone(),
                            lang: lang.clone(),
                            ..RawRow::default()
                        });
                    }
                    b"term" => {
                        if row.is_none() {
                            // A term directly in a langSet (loose TBX).
                            row = Some(RawRow {
                                line: line_at(pos),
                                concept: concept.clone(),
                                lang: lang.clone(),
                                ..RawRow::default()
                            });
                        }
                        if let Some(r) = row.as_mut() {
                            r.line = line_at(pos);
                        }
                        field = Field::Term;
                    }
                    b"termNote" => {
                        let t = attr(&e, &["type"]).unwrap_or_default();
                        field = if t == "administrativeStatus" {
                            Field::Status
                        } else if t.ends_with("match") {
                            Field::Match
                        } else {
                            Field::None
                        };
                    }
                    b"note" => field = Field::Note,
                    _ => {}
                }
            }
            Event::Text(t) => {
                if field == Field::None {
                    continue;
                }
                let s = t.unescape().map_err(|e| {
                    err(pos, format!("{e}; entities other than the XML ones are never expanded"))
                })?;
                if let Some(r) = row.as_mut() {
                    let target = match field {
                        Field::Term => &mut r.term,
                        Field::Status => &mut r.status,
                        Field::Match => &mut r.mode,
                        Field::Note => &mut r.note,
                        Field::None => continue,
                    };
                    target.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let (Some(r), Field::Term) = (row.as_mut(), &field) {
                    r.term.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(e) => {
                let n = e.local_name();
                match n.as_ref() {
                    b"term" | b"termNote" | b"note" => field = Field::None,
                    b"tig" | b"ntig" | b"termSec" => {
                        if let Some(r) = row.take() {
                            rows.push(finish(r, &mut lang_terms));
                        }
                    }
                    b"langSet" | b"langSec" => {
                        if let Some(r) = row.take() {
                            rows.push(finish(r, &mut lang_terms));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if !seen_root {
        return Err(err(0, "no TBX content; expected <tbx> or <martif> with term entries".into()));
    }
    Ok(rows)
}

fn finish(mut r: RawRow, lang_terms: &mut usize) -> RawRow {
    r.term = r.term.trim().to_string();
    r.status = r.status.trim().to_string();
    r.mode = r.mode.trim().to_string();
    r.note = r.note.trim().to_string();
    if r.status.is_empty() {
        r.status = if *lang_terms == 0 { "preferred" } else { "admitted" }.into();
    }
    *lang_terms += 1;
    r
}

fn tbx_status(s: Status) -> &'static str {
    match s {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Forbidden => "deprecatedTerm-admn-sts",
    }
}

/// Writes entries as TBX-Basic v3, one concept entry per concept in order of first appearance.
pub fn write(entries: &[Entry]) -> String {
    let mut order: Vec<&str> = Vec::new();
    let mut by: std::collections::HashMap<&str, Vec<&Entry>> = std::collections::HashMap::new();
    for e in entries {
        let v = by.entry(e.concept.as_str()).or_default();
        if v.is_empty() {
            order.push(&e.concept);
        }
        v.push(e);
    }
    let mut o = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>Generated by lexbridge from its native glossary CSV.</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n",
    );
    for c in order {
        o.push_str(&format!("      <conceptEntry id=\"{}\">\n", crate::xml::escape(c)));
        let terms = &by[c];
        let mut langs: Vec<&str> = Vec::new();
        for e in terms {
            if !langs.contains(&e.lang.as_str()) {
                langs.push(&e.lang);
            }
        }
        for l in langs {
            o.push_str(&format!("        <langSec xml:lang=\"{}\">\n", crate::xml::escape(l)));
            for e in terms.iter().filter(|e| e.lang == l) {
                o.push_str("          <termSec>\n");
                o.push_str(&format!("            <term>{}</term>\n", crate::xml::escape(&e.term)));
                o.push_str(&format!(
                    "            <termNote type=\"administrativeStatus\">{}</termNote>\n",
                    tbx_status(e.status)
                ));
                if !e.mode.as_str().is_empty() {
                    o.push_str(&format!(
                        "            <termNote type=\"x-lexbridge-match\">{}</termNote>\n",
                        e.mode.as_str()
                    ));
                }
                if !e.note.is_empty() {
                    o.push_str(&format!("            <note>{}</note>\n", crate::xml::escape(&e.note)));
                }
                o.push_str("          </termSec>\n");
            }
            o.push_str("        </langSec>\n");
        }
        o.push_str("      </conceptEntry>\n");
    }
    o.push_str("    </body>\n  </text>\n</tbx>\n");
    o
}
