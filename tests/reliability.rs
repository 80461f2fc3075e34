//! Fault injection: every way a crawl or a user can hand lexbridge bad input, and what it does.
//!
//! Each test builds a small corpus in a temporary folder: a good German/English pair (with one
//! planted figure error, so its finding must survive) next to the bad input, runs `lexbridge
//! run`, and asserts the exit code, the bad input's row in `articles.csv` (status and message)
//! and that the good pair's rows, summary, figures, alignment and finding are all there. The
//! README's "Reliability" section lists the same cases.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{bin, read_csv, Row};

const GOOD_DE: &str = "Landgericht verurteilt Versicherer zu Schadensersatz

Das Landgericht München I hat einen Versicherer zur Zahlung von 3,5 Millionen Euro verurteilt.

Die Kammer sah einen Verstoß gegen die Datenschutz-Grundverordnung als erwiesen an. Der Versicherer habe die Daten von rund 12.000 Kunden ohne Einwilligung weitergegeben. Das Urteil ist noch nicht rechtskräftig.
";

/// The translation, with one planted error: 3,5 Millionen became 5.3 million.
const GOOD_EN: &str = "Regional court orders insurer to pay damages

The Regional Court of Munich I has ordered an insurer to pay 5.3 million euros.

The chamber found a breach of the General Data Protection Regulation proven. The insurer had passed on the data of around 12,000 customers without consent. The judgment is not yet final.
";

/// A corpus folder with the good pair `gut.de.txt` + `gut.en.txt`.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gut.de.txt"), GOOD_DE).unwrap();
    std::fs::write(dir.path().join("gut.en.txt"), GOOD_EN).unwrap();
    dir
}

/// What a run left behind.
struct Run {
    output: Output,
    out: tempfile::TempDir,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    fn table(&self, name: &str) -> Vec<Row> {
        read_csv(&self.out.path().join(name))
    }
    /// The `articles.csv` row of `file` (and JSONL `line`).
    fn article(&self, file: &str, line: usize) -> Row {
        let rows = self.table("articles.csv");
        let mut hits = rows.iter().filter(|r| r["file"].ends_with(file) && r["line"] == line.to_string());
        let row = hits.next().unwrap_or_else(|| panic!("{file}:{line} is not in articles.csv: {rows:#?}"));
        assert!(hits.next().is_none(), "{file}:{line} is in articles.csv twice");
        row.clone()
    }
    /// Asserts `file` failed with a message naming it and containing `message`, on stderr too.
    fn assert_failed(&self, file: &str, line: usize, message: &str) {
        let row = self.article(file, line);
        assert_eq!(row["status"], "error", "{file}:{line}: {row:?}");
        assert!(row["error"].contains(message), "{file}:{line}: {:?} lacks {message:?}", row["error"]);
        assert!(row["error"].contains(file), "the message names the file: {}", row["error"]);
        assert!(self.stderr().contains(&row["error"]), "stderr repeats it: {}", self.stderr());
    }
    /// The good pair is processed as if the bad input were not there.
    fn assert_good_pair_intact(&self) {
        for (file, role) in [("gut.de.txt", "original"), ("gut.en.txt", "translation")] {
            let row = self.article(file, 1);
            assert_eq!((row["status"].as_str(), row["role"].as_str()), ("ok", role), "{row:?}");
            assert_eq!(row["sentences"], "5", "{row:?}");
        }
        let summaries: Vec<Row> =
            self.table("summaries.csv").into_iter().filter(|r| r["article"] == "gut").collect();
        assert!(
            !summaries.is_empty() && summaries.iter().all(|r| r["origin"] == "aligned"),
            "{summaries:#?}"
        );
        let findings = self.table("findings.csv");
        assert!(
            findings.iter().any(|f| f["article"] == "gut"
                && f["check"] == "figure_mismatch"
                && f["found"].contains("5.3")),
            "the planted figure error is reported: {findings:#?}"
        );
        let figures = self.table("figures.csv");
        assert!(
            figures
                .iter()
                .any(|f| f["article"] == "gut" && f["text"] == "rund 12.000 Kunden" && f["agrees"] == "yes"),
            "{figures:#?}"
        );
        let links = self.table("alignments.csv").into_iter().filter(|r| r["article"] == "gut").count();
        assert_eq!(links, 5, "every sentence of the pair is aligned");
    }
}

/// Runs `lexbridge run corpus --out <fresh folder>`, killing it (and failing) after `limit`.
fn run_with(corpus: &Path, extra: &[&str], limit: Duration) -> Run {
    let out = tempfile::tempdir().unwrap();
    let mut child = bin()
        .arg("run")
        .arg(corpus)
        .arg("--out")
        .arg(out.path())
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("lexbridge run did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run { output: child.wait_with_output().unwrap(), out }
}

fn run(corpus: &Path) -> Run {
    run_with(corpus, &[], Duration::from_secs(120))
}

#[test]
fn invalid_utf8_is_an_error_row_naming_byte_and_line() {
    let dir = corpus();
    let mut bytes = "Titel\n\nErster Absatz.\nZeile mit ".as_bytes().to_vec();
    bytes.extend([0xC3, 0x28, b'\n']); // a broken two-byte sequence on line 4
    std::fs::write(dir.path().join("kaputt.de.txt"), bytes).unwrap();
    let r = run(dir.path());
    assert_eq!(r.code(), Some(1), "some input failed");
    r.assert_failed("kaputt.de.txt", 1, "invalid UTF-8 at byte 32 (line 4); re-save the file as UTF-8");
    r.assert_good_pair_intact();
}

#[test]
fn empty_and_blank_files_are_error_rows() {
    let dir = corpus();
    std::fs::write(dir.path().join("leer.de.txt"), "").unwrap();
    std::fs::write(dir.path().join("blank.de.md"), " \n\n\t\n").unwrap();
    std::fs::write(dir.path().join("nur-kopf.de.txt"), "---\nid: nur-kopf\n---\n").unwrap();
    std::fs::write(dir.path().join("leer.jsonl"), "\n\n").unwrap();
    let r = run(dir.path());
    assert_eq!(r.code(), Some(1));
    for file in ["leer.de.txt", "blank.de.md", "nur-kopf.de.txt", "leer.jsonl"] {
        r.assert_failed(file, 1, "the article is empty; remove the file or add a title and text");
    }
    r.assert_good_pair_intact();
}

#[test]
fn binary_files_are_error_rows_and_utf16_is_read() {
    let dir = corpus();
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
    std::fs::write(dir.path().join("bild.de.txt"), png).unwrap();
    std::fs::write(dir.path().join("dump.jsonl"), [&png[..], b"\n{\"id\":\"x\"}\n"].concat()).unwrap();
    let utf16 = |text: &str, bom: bool| -> Vec<u8> {
        let mut b: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        b
    };
    let text = "Bußgeld gegen Händler\n\nDas Amt verhängte ein Bußgeld.\n\nDer Händler zahlt.\n";
    std::fs::write(dir.path().join("windows.de.txt"), utf16(text, true)).unwrap();
    std::fs::write(dir.path().join("ohne-bom.de.txt"), utf16(text, false)).unwrap();
    let r = run(dir.path());
    assert_eq!(r.code(), Some(1));
    r.assert_failed(
        "bild.de.txt",
        1,
        "binary data (a NUL byte at byte 8); only UTF-8 text files are articles",
    );
    r.assert_failed("dump.jsonl", 1, "binary data (a NUL byte at byte 8)");
    assert_eq!(
        r.table("articles.csv").iter().filter(|a| a["file"].ends_with("dump.jsonl")).count(),
        1,
        "one row for a binary JSONL file"
    );
    let utf = r.article("windows.de.txt", 1);
    assert_eq!(
        (utf["status"].as_str(), utf["title"].as_str(), utf["sentences"].as_str()),
        ("ok", "Bußgeld gegen Händler", "3")
    );
    r.assert_failed("ohne-bom.de.txt", 1, "UTF-16 text; re-save the file as UTF-8");
    r.assert_good_pair_intact();
}

/// Peak resident memory of a process, polled from /proc while it runs (Linux only; 0 elsewhere).
fn peak_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

#[test]
fn a_50_mb_article_finishes_with_bounded_memory() {
    let dir = corpus();
    let paragraph = "Das Landgericht München I hat am 24. Dezember 2024 entschieden, dass der Konzern rund 3,5 Mio. Euro Schadensersatz zahlen muss. Die Kammer verwies auf Art. 82 Abs. 1 DSGVO und die Rechtsprechung des Bundesgerichtshofs. Betroffen seien etwa 12.000 Kundinnen und Kunden.\n\n";
    let mut text = String::from("Ein sehr langer Artikel\n\nDer Teaser.\n\n");
    let mut paragraphs = 0;
    while text.len() < 50_000_000 {
        text.push_str(paragraph);
        paragraphs += 1;
    }
    std::fs::write(dir.path().join("riesig.de.txt"), &text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut child =
        bin().arg("run").arg(dir.path()).arg("--out").arg(out.path()).stderr(Stdio::piped()).spawn().unwrap();
    let (started, mut peak) = (Instant::now(), 0);
    while child.try_wait().unwrap().is_none() {
        peak = peak.max(peak_rss_kb(child.id()));
        assert!(started.elapsed() < Duration::from_secs(600), "a 50 MB article must finish");
        std::thread::sleep(Duration::from_millis(25));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let r = Run { output, out };
    let row = r.article("riesig.de.txt", 1);
    assert_eq!(row["status"], "ok");
    assert_eq!(row["sentences"].parse::<usize>().unwrap(), 2 + 3 * paragraphs, "every sentence is found");
    // One article is the unit of work, so it is held whole; memory stays within a small multiple
    // of its size (measured: about 17x; see the README).
    assert!(peak < 1_600_000, "peak RSS {peak} kB for a 50 MB article");
    r.assert_good_pair_intact();
}

#[test]
fn a_100k_character_paragraph_without_punctuation_is_one_sentence() {
    let dir = corpus();
    let words =
        ["das", "gericht", "hat", "die", "klage", "abgewiesen", "und", "der", "kläger", "muss", "zahlen"];
    let mut para = String::new();
    for i in 0.. {
        if para.chars().count() >= 100_000 {
            break;
        }
        para.push_str(words[i * 7 % words.len()]);
        para.push(' ');
    }
    let para = para.trim_end();
    std::fs::write(dir.path().join("endlos.de.txt"), format!("Titel ohne Punkt\n\nDer Teaser.\n\n{para}\n"))
        .unwrap();
    let spans = lexbridge::segment::split(para, "de");
    assert_eq!(spans.len(), 1);
    assert_eq!((spans[0].start, spans[0].end), (0, para.len()));
    let r = run(dir.path());
    assert_eq!(r.code(), Some(0), "{}", r.stderr());
    let row = r.article("endlos.de.txt", 1);
    assert_eq!((row["status"].as_str(), row["sentences"].as_str()), ("ok", "3"));
    let summary: Vec<Row> =
        r.table("summaries.csv").into_iter().filter(|s| s["article"] == "endlos").collect();
    assert_eq!(summary.len(), 1, "the paragraph is the only body sentence");
    assert_eq!(summary[0]["source_text"].chars().count(), para.chars().count());
    r.assert_good_pair_intact();
}

#[test]
fn rtl_text_combining_marks_emoji_and_zero_width_characters() {
    // (language, text, sentences): boundaries on characters, marks and joiners kept.
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "ar",
            "قضت المحكمة بغرامة قدرها مليون يورو. استأنف المدعى عليه الحكم؟ نعم!",
            &["قضت المحكمة بغرامة قدرها مليون يورو.", "استأنف المدعى عليه الحكم؟", "نعم!"],
        ),
        ("he", "בית המשפט קבע קנס. הנתבע ערער על ההחלטה.", &["בית המשפט קבע קנס.", "הנתבע ערער על ההחלטה."]),
        (
            "de",
            "Die Cafe\u{301}-Kette zahlt 3,5 Mio. €. Sie legt Berufung ein.",
            &["Die Cafe\u{301}-Kette zahlt 3,5 Mio. €.", "Sie legt Berufung ein."],
        ),
        (
            "en",
            "Zoe\u{308} Smith won $2m 🎉! The insurer appealed 👎🏽.",
            &["Zoe\u{308} Smith won $2m 🎉!", "The insurer appealed 👎🏽."],
        ),
        (
            "de",
            "👩\u{200D}⚖\u{FE0F} Die Richterin urteilte. Es gibt 👨\u{200D}👩\u{200D}👧 Kläger.",
            &["👩\u{200D}⚖\u{FE0F} Die Richterin urteilte.", "Es gibt 👨\u{200D}👩\u{200D}👧 Kläger."],
        ),
        (
            "de",
            "Das Gericht\u{200B}entschied.\u{200B} Die Kla\u{00AD}ge ist ab\u{200C}gewiesen.\u{FEFF}",
            &["Das Gericht\u{200B}entschied.\u{200B}", "Die Kla\u{00AD}ge ist ab\u{200C}gewiesen.\u{FEFF}"],
        ),
        (
            "de",
            "Der Kläger \u{2067}محمد\u{2069} klagt. Er gewinnt.",
            &["Der Kläger \u{2067}محمد\u{2069} klagt.", "Er gewinnt."],
        ),
    ];
    for (lang, text, expected) in cases {
        let spans = lexbridge::segment::split(text, lang);
        let got: Vec<&str> = spans.iter().map(|s| s.text(text)).collect();
        assert_eq!(&got, expected, "{lang}: {text}");
        for s in &spans {
            for f in lexbridge::figures::extract(s.text(text), lang) {
                assert!(s.text(text).get(f.start..f.end).is_some(), "{f:?} in {text}");
            }
        }
    }
    // The same texts as articles: read, segmented and reported without a panic.
    let dir = corpus();
    for (i, (lang, text, expected)) in cases.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("schrift-{i}.{lang}.txt")),
            format!("Titel {i}\n\nTeaser.\n\n{text}\n"),
        )
        .unwrap();
        let _ = expected;
    }
    let r = run(dir.path());
    assert_eq!(r.code(), Some(0), "{}", r.stderr());
    for (i, (lang, _, expected)) in cases.iter().enumerate() {
        let row = r.article(&format!("schrift-{i}.{lang}.txt"), 1);
        assert_eq!(row["status"], "ok");
        assert_eq!(row["sentences"], (2 + expected.len()).to_string(), "{row:?}");
    }
    r.assert_good_pair_intact();
}

#[test]
fn malformed_front_matter_is_an_error_row_naming_the_line() {
    let dir = corpus();
    let files = [
        (
            "offen.de.txt",
            "---\nid: offen\ndate: 2025-01-01\nTitel\n\nText.\n",
            "front matter line 4 is not 'key: value'; fix or remove it",
        ),
        (
            "nie-zu.de.txt",
            "---\nid: nie-zu\ndate: 2025-01-01\n",
            "front matter opened with '---' on line 1 is never closed",
        ),
        (
            "schluessel.de.txt",
            "---\nein schlüssel: x\n---\nTitel\n\nText.\n",
            "front matter line 2 is not 'key: value'",
        ),
        (
            "leere-id.de.txt",
            "---\nlang: de\nid:\n---\nTitel\n\nText.\n",
            "front matter line 3: 'id' is empty; give a value or remove the line",
        ),
        (
            "leere-sprache.de.txt",
            "---\nlang: \"\"\n---\nTitel\n\nText.\n",
            "front matter line 2: 'lang' is empty",
        ),
    ];
    for (name, text, _) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(
        dir.path().join("crlf.de.txt"),
        "---\r\nid: crlf\r\n---\r\nTitel\r\n\r\nEin Satz. Noch einer.\r\n",
    )
    .unwrap();
    let r = run(dir.path());
    assert_eq!(r.code(), Some(1));
    for (name, _, message) in files {
        r.assert_failed(name, 1, message);
    }
    assert_eq!(r.article("crlf.de.txt", 4)["status"], "ok", "CRLF front matter is fine");
    r.assert_good_pair_intact();
}

#[test]
fn malformed_jsonl_lines_fail_alone_and_every_line_is_accounted_for() {
    let dir = corpus();
    let lines: Vec<Vec<u8>> = vec![
        br#"{"id":"j1","lang":"de","title":"Urteil","body":"Das Gericht entschied. Die Klage scheiterte."}"#
            .to_vec(),
        b"not json".to_vec(),
        b"".to_vec(),
        br#"{"id":"j2"}"#.to_vec(),
        b"[1, 2, 3]".to_vec(),
        [&br#"{"id":"j3","body":"Kaputt "#[..], &[0xFF, 0xFE], br#""}"#].concat(),
        br#"{"id":42,"lang":"de","title":"Zahl als ID","body":"Die Kammer tagte. Sie vertagte sich."}"#
            .to_vec(),
        br#"{"id":"j4","lang":5,"body":"x"}"#.to_vec(),
        br#"{"id":"j5","body":"abgeschnitten"#.to_vec(),
        br#"{"id":"j1","lang":"de","title":"Doppelt","body":"Noch einmal."}"#.to_vec(),
        b"   ".to_vec(),
        br#"{"id":"j6","lang":"de","title":"Letzte","body":"Ein Satz."}"#.to_vec(),
    ];
    std::fs::write(dir.path().join("feed.jsonl"), lines.join(&b"\r\n"[..])).unwrap();
    let r = run(dir.path());
    assert_eq!(r.code(), Some(1));
    let expected: &[(usize, &str, &str)] = &[
        (1, "ok", ""),
        (2, "error", "invalid JSON: expected ident at line 1 column 2"),
        (4, "error", "field 'body' is missing or not a string"),
        (5, "error", "invalid JSON: not an object"),
        (6, "error", "invalid UTF-8 at byte"),
        (7, "ok", ""),
        (8, "error", "field 'lang' is not a string"),
        (9, "error", "invalid JSON: EOF while parsing a string at line 1 column 32"),
        (10, "error", "duplicate article: id 'j1' in language 'de' was already read from"),
        (12, "ok", ""),
    ];
    for &(line, status, message) in expected {
        let row = r.article("feed.jsonl", line);
        assert_eq!(row["status"], status, "line {line}: {row:?}");
        assert!(row["error"].contains(message), "line {line}: {}", row["error"]);
        if status == "error" {
            assert!(row["error"].contains(&format!("feed.jsonl:{line}:")), "{}", row["error"]);
        }
    }
    assert_eq!(r.article("feed.jsonl", 7)["id"], "42", "a numeric id is an id");
    let rows = r.table("articles.csv").into_iter().filter(|a| a["file"].ends_with("feed.jsonl")).count();
    assert_eq!(rows, expected.len(), "one row per non-blank line, none for blank ones");
    r.assert_good_pair_intact();
}

#[test]
fn files_that_cannot_be_read_fail_without_hanging() {
    // CI runs as root, which reads any file whatever its mode: a FIFO (a read would block for
    // ever), a dangling symlink, a link to a folder, and (when not root) a file without read
    // permission stand for files that cannot be read.
    let dir = corpus();
    let p = dir.path();
    assert!(Command::new("mkfifo").arg(p.join("rohr.de.txt")).status().unwrap().success());
    std::os::unix::fs::symlink(p.join("gibt-es-nicht.de.txt"), p.join("verwaist.de.txt")).unwrap();
    std::fs::create_dir(p.join("ordner")).unwrap();
    std::fs::write(p.join("ordner/drin.de.txt"), "Titel\n\nIm Ordner liegt ein Satz.\n").unwrap();
    std::os::unix::fs::symlink(p.join("ordner"), p.join("link.de.txt")).unwrap();
    // A folder that is named like an article is a folder: its articles are read.
    std::fs::create_dir(p.join("x.de.txt")).unwrap();
    std::fs::write(p.join("x.de.txt/innen.de.txt"), "Titel\n\nEin Satz im Ordner.\n").unwrap();
    let locked = p.join("gesperrt.de.txt");
    std::fs::write(&locked, GOOD_DE).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = std::fs::read(&locked).is_ok();
    let r = run_with(p, &[], Duration::from_secs(60));
    assert_eq!(r.code(), Some(1));
    r.assert_failed(
        "rohr.de.txt",
        1,
        "not a regular file (a FIFO); articles are regular .txt, .md or .jsonl files",
    );
    r.assert_failed(
        "verwaist.de.txt",
        1,
        "cannot read the file: a symbolic link whose target does not exist",
    );
    r.assert_failed("link.de.txt", 1, "not a regular file (a folder)");
    assert_eq!(r.article("innen.de.txt", 1)["status"], "ok");
    assert_eq!(r.article("drin.de.txt", 1)["status"], "ok");
    if root {
        assert_eq!(r.article("gesperrt.de.txt", 1)["status"], "ok", "root reads it anyway");
    } else {
        r.assert_failed("gesperrt.de.txt", 1, "cannot read the file: Permission denied");
    }
    r.assert_good_pair_intact();
}

#[test]
fn a_duplicate_article_id_fails_the_later_file_and_names_the_first() {
    let dir = corpus();
    // Sorted by path: gut.de.md comes before gut.de.txt, so the .md is the article and the
    // .txt the duplicate; the front-matter id and the JSONL line claim ids already read.
    std::fs::write(dir.path().join("gut.de.md"), GOOD_DE).unwrap();
    std::fs::rename(dir.path().join("gut.de.txt"), dir.path().join("gut.de.txt.keep")).unwrap();
    std::fs::write(dir.path().join("gut.de.txt"), GOOD_DE).unwrap();
    std::fs::remove_file(dir.path().join("gut.de.txt.keep")).unwrap();
    std::fs::write(dir.path().join("zweit.de.txt"), format!("---\nid: gut\n---\n{GOOD_DE}")).unwrap();
    std::fs::write(
        dir.path().join("z.jsonl"),
        "{\"id\":\"gut\",\"lang\":\"en\",\"body\":\"Another copy.\"}\n",
    )
    .unwrap();
    let r = run(dir.path());
    assert_eq!(r.code(), Some(1));
    let first = r.article("gut.de.md", 1);
    assert_eq!((first["status"].as_str(), first["paired_with"].as_str()), ("ok", "gut.en"));
    r.assert_failed("gut.de.txt", 1, "duplicate article: id 'gut' in language 'de' was already read from");
    assert!(r.article("gut.de.txt", 1)["error"].contains("gut.de.md:1"), "names the first");
    r.assert_failed("zweit.de.txt", 4, "duplicate article: id 'gut' in language 'de'");
    r.assert_failed("z.jsonl", 1, "duplicate article: id 'gut' in language 'en' was already read from");
    let findings = r.table("findings.csv");
    assert!(findings.iter().any(|f| f["article"] == "gut" && f["check"] == "figure_mismatch"));
}

/// Documents are indexed before JSONL files, but input order (file by file, line by line)
/// decides which of two equal ids is first: here the JSONL line, whose file sorts first.
#[test]
fn a_duplicate_of_a_jsonl_line_in_a_later_txt_file_is_the_one_that_fails() {
    let dir = corpus();
    let line = serde_json::json!({"id": "gut", "lang": "de", "body": GOOD_DE}).to_string();
    std::fs::write(dir.path().join("a.jsonl"), format!("{line}\n")).unwrap();
    let r = run(dir.path());
    assert_eq!(r.code(), Some(1));
    let first = r.article("a.jsonl", 1);
    assert_eq!((first["status"].as_str(), first["paired_with"].as_str()), ("ok", "gut.en"));
    r.assert_failed("gut.de.txt", 1, "duplicate article: id 'gut' in language 'de' was already read from");
    assert!(r.article("gut.de.txt", 1)["error"].contains("a.jsonl:1"), "names the JSONL line");
}

#[test]
fn a_translation_in_the_wrong_language_is_one_clear_error_not_an_alignment() {
    let dir = corpus();
    let french = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/dp-cnil-amende-assurelia.fr.txt"),
    )
    .unwrap();
    let german = GOOD_DE.replace("Versicherer", "Anbieter");
    std::fs::write(dir.path().join("cnil.de.txt"), &german).unwrap();
    std::fs::write(dir.path().join("cnil.en.txt"), &french).unwrap();
    // A "translation" that is the German original again.
    std::fs::write(dir.path().join("kopie.de.txt"), GOOD_DE.replace("3,5", "4,5")).unwrap();
    std::fs::write(dir.path().join("kopie.en.txt"), GOOD_DE.replace("3,5", "4,5").repeat(2)).unwrap();
    let r = run(dir.path());
    assert_eq!(r.code(), Some(1));
    r.assert_failed(
        "cnil.en.txt",
        1,
        "declared 'en' but the text is French (detected 'fr'); it was not aligned or checked",
    );
    r.assert_failed("kopie.en.txt", 1, "declared 'en' but the text is German (detected 'de')");
    let tr = r.article("cnil.en.txt", 1);
    assert_eq!(
        (tr["role"].as_str(), tr["detected_lang"].as_str(), tr["paired_with"].as_str()),
        ("translation", "fr", "cnil.de")
    );
    let orig = r.article("cnil.de.txt", 1);
    assert_eq!(
        (orig["status"].as_str(), orig["role"].as_str(), orig["findings"].as_str()),
        ("ok", "original", "1")
    );
    let findings: Vec<Row> = r.table("findings.csv").into_iter().filter(|f| f["article"] == "cnil").collect();
    assert_eq!(findings.len(), 1, "one finding, not one per sentence: {findings:#?}");
    assert_eq!(
        (
            findings[0]["check"].as_str(),
            findings[0]["severity"].as_str(),
            findings[0]["expected"].as_str(),
            findings[0]["found"].as_str()
        ),
        ("wrong_language", "error", "en", "fr")
    );
    assert!(r.table("alignments.csv").iter().all(|a| a["article"] != "cnil"), "not aligned");
    r.assert_good_pair_intact();
}

#[test]
fn an_output_folder_that_cannot_be_written_fails_before_any_work() {
    let dir = corpus();
    let parent = tempfile::tempdir().unwrap();
    let file = parent.path().join("eine-datei");
    std::fs::write(&file, "x").unwrap();
    for out in [file.join("out"), file.clone()] {
        let started = Instant::now();
        let o = bin().arg("run").arg(dir.path()).arg("--out").arg(&out).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "usage error");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains(&out.display().to_string()) && stderr.contains("cannot write the output"),
            "{stderr}"
        );
        assert!(started.elapsed() < Duration::from_secs(30));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x", "nothing written");
}

#[test]
fn a_bad_glossary_stops_the_run_with_exit_2_and_the_line() {
    let dir = corpus();
    let gdir = tempfile::tempdir().unwrap();
    let head = "concept,lang,term,status,match,note\na,de,Klage,preferred,,\n";
    let cases: &[(&str, String, &str)] = &[
        ("status.csv", format!("{head}a,en,lawsuit,prefered,,\n"), "status.csv: line 3: unknown status 'prefered'"),
        ("felder.csv", format!("{head}a,en,lawsuit,preferred,,,zu viel\n"), "felder.csv: line 3: 7 fields, the header has 6"),
        ("leer.csv", format!("{head}a,en,,preferred,,\n"), "leer.csv: line 3: the term cell is empty"),
        ("match.csv", format!("{head}a,en,lawsuit,preferred,fuzzy,\n"), "match.csv: line 3: unknown match 'fuzzy'"),
        ("deepl.tsv", "Klage\tlawsuit\nUrteil\n".into(), "deepl.tsv: line 2:"),
        ("offen.tbx", "<tbx><text><body>\n<conceptEntry id=\"a\"><langSec xml:lang=\"de\">\n<termSec><term>Klage</termSec>\n".into(), "offen.tbx: line 3: not well-formed TBX"),
        ("kein.tbx", "Klage;lawsuit\n".into(), "kein.tbx: line 1: no TBX content"),
    ];
    for (name, text, message) in cases {
        let g = gdir.path().join(name);
        std::fs::write(&g, text).unwrap();
        let out = gdir.path().join(format!("out-{name}"));
        let o = bin()
            .arg("run")
            .arg(dir.path())
            .arg("--out")
            .arg(&out)
            .arg("--glossary")
            .arg(&g)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: nothing written");
    }
}

// Security.

/// A TBX whose DOCTYPE declares an external entity pointing at a local file.
fn xxe_tbx(secret: &Path, use_it: bool) -> String {
    let term = if use_it { "&xxe;" } else { "Klage" };
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [\n<!ENTITY xxe SYSTEM \"file://{}\">\n]>\n<tbx><text><body>\n<conceptEntry id=\"a\"><langSec xml:lang=\"de\"><termSec><term>{term}</term></termSec></langSec>\n<langSec xml:lang=\"en\"><termSec><term>lawsuit</term></termSec></langSec></conceptEntry>\n</body></text></tbx>\n",
        secret.display()
    )
}

#[test]
fn tbx_never_resolves_external_entities() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "GEHEIMER-INHALT").unwrap();
    let used = dir.path().join("used.tbx");
    std::fs::write(&used, xxe_tbx(&secret, true)).unwrap();
    let o = bin().args(["glossary", "convert"]).arg(&used).args(["--to", "csv"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(all.contains("used.tbx: line 6:") && all.contains("never expanded"), "{all}");
    assert!(!all.contains("GEHEIMER-INHALT"), "{all}");
    let declared = dir.path().join("declared.tbx");
    std::fs::write(&declared, xxe_tbx(&secret, false)).unwrap();
    let o = bin().args(["glossary", "convert"]).arg(&declared).args(["--to", "csv"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "a declared but unused entity is harmless");
    let csv = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        csv,
        "concept,lang,term,status,match,note\na,de,Klage,preferred,,\na,en,lawsuit,preferred,,\n"
    );
    let rows = lexbridge::glossary::tbx::read_rows("x.tbx", &xxe_tbx(&secret, false)).unwrap();
    assert!(rows.iter().all(|r| !r.term.contains("GEHEIM")));
}

const FORMULA_DE: &str = "=HYPERLINK(\"http://evil.example\";\"Details\") Das Gericht verhängte ein Bußgeld von 2 Mio. Euro.\n@SUMME(1+1) Der Umsatz sank um -0,3 Prozent.\n";
const FORMULA_EN: &str = "=HYPERLINK(\"http://evil.example\";\"Details\") The court imposed a fine of 2 million euros.\n@SUM(1+1) Revenue fell by -0.3 percent.\n";

#[test]
fn excel_safe_neutralizes_formula_cells_in_subcommand_csv_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (de, en) = (dir.path().join("a.de.txt"), dir.path().join("a.en.txt"));
    std::fs::write(&de, FORMULA_DE).unwrap();
    std::fs::write(&en, FORMULA_EN).unwrap();
    let align = |safe: bool| -> Vec<Row> {
        let mut c = bin();
        c.arg("align").arg(&de).arg(&en).arg("--presegmented");
        if safe {
            c.arg("--excel-safe");
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut r = csv::Reader::from_reader(o.stdout.as_slice());
        let h = r.headers().unwrap().clone();
        r.records()
            .map(|x| h.iter().zip(x.unwrap().iter()).map(|(a, b)| (a.to_string(), b.to_string())).collect())
            .collect()
    };
    let plain = align(false);
    assert!(plain[0]["source_text"].starts_with("=HYPERLINK"), "unchanged unless asked");
    let safe = align(true);
    assert!(safe[0]["source_text"].starts_with("'=HYPERLINK"), "{:?}", safe[0]);
    assert!(safe[1]["target_text"].starts_with("'@SUM"), "{:?}", safe[1]);
    assert_eq!(safe[0]["score"], plain[0]["score"]);
    let o = bin().args(["figures", "--lang", "en", "--excel-safe"]).arg(&en).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains(",-0.3,"), "a negative number stays a number: {text}");
    assert!(text.lines().next().unwrap().starts_with("start,end,text"), "the header is left alone");
    // glossary lint takes its own path through main: a term that starts a formula.
    let glossary = dir.path().join("g.csv");
    std::fs::write(&glossary, "concept,lang,term,status\nc,de,=Klage,preferred\nc,de,=Klage,preferred\n")
        .unwrap();
    let lint = |extra: &[&str]| {
        let o = bin().args(["glossary", "lint"]).arg(&glossary).args(extra).output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert!(lint(&["--excel-safe"]).contains(",'=Klage,"), "{}", lint(&["--excel-safe"]));
    assert!(lint(&[]).contains(",=Klage,"), "{}", lint(&[]));
}

#[test]
fn excel_safe_applies_to_every_csv_of_run() {
    let dir = tempfile::tempdir().unwrap();
    let title = "=HYPERLINK(\"http://evil.example\";\"Details\") Bußgeld";
    std::fs::write(dir.path().join("f.de.txt"), format!("{title}\n\nDer Teaser.\n\n{FORMULA_DE}")).unwrap();
    std::fs::write(dir.path().join("f.en.txt"), format!("{title}\n\nThe teaser.\n\n{FORMULA_EN}")).unwrap();
    let r = run_with(dir.path(), &["--excel-safe"], Duration::from_secs(60));
    assert_eq!(r.code(), Some(0), "{}", r.stderr());
    assert_eq!(r.article("f.de.txt", 1)["title"], format!("'{title}"));
    let align = r.table("alignments.csv");
    assert!(align.iter().any(|a| a["source_text"].starts_with("'@SUMME")), "{align:#?}");
    let figures = r.table("figures.csv");
    assert!(figures.iter().any(|f| f["value"] == "-0.3"), "numbers stay numbers: {figures:#?}");
    let plain = run_with(dir.path(), &[], Duration::from_secs(60));
    assert_eq!(plain.article("f.de.txt", 1)["title"], title, "only when asked");
}

#[test]
fn a_subfolder_that_cannot_be_listed_is_one_error_row_and_the_rest_is_read() {
    // Root lists any folder whatever its mode, so as root the run drops to user `nobody`
    // (setpriv, util-linux), with a copy of the binary and folders that user may enter.
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let dir = corpus();
    let p = dir.path();
    let archive = p.join("archiv-2019");
    std::fs::create_dir(&archive).unwrap();
    std::fs::write(archive.join("alt.de.txt"), "Alt\n\nEin Satz aus dem Archiv.\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let is_root =
        String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout).unwrap().trim() == "0";
    let mut command = if is_root {
        let copy = p.join(".lexbridge");
        std::fs::copy(env!("CARGO_BIN_EXE_lexbridge"), &copy).unwrap();
        mode(&copy, 0o755);
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(copy);
        c
    } else {
        bin()
    };
    mode(p, 0o755);
    mode(out.path(), 0o777);
    mode(&archive, 0o000);
    let output = command.arg("run").arg(p).arg("--out").arg(out.path()).output().expect("binary runs");
    mode(&archive, 0o755);
    let r = Run { output, out };
    assert_eq!(r.code(), Some(1), "{}", r.stderr());
    r.assert_failed("archiv-2019", 1, "cannot list the folder: Permission denied");
    assert!(r.article("archiv-2019", 1)["error"].contains("check its permissions"));
    r.assert_good_pair_intact();
}
