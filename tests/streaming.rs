//! `run` over corpora larger than what it holds in flight (1,024 groups): every JSONL line
//! accounted for, rows in order and the same for any number of jobs, and an interrupted run that
//! leaves the output folder as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::bin;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The bundled pairs as (title, body) in German and English, without front matter.
fn pairs() -> Vec<[(String, String); 2]> {
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(corpus_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for de in names.iter().filter(|p| p.to_string_lossy().ends_with(".de.txt")) {
        let en = PathBuf::from(de.to_string_lossy().replace(".de.txt", ".en.txt"));
        if !en.exists() {
            continue;
        }
        let read = |p: &Path| {
            let text = std::fs::read_to_string(p).unwrap();
            let text = match text.strip_prefix("---\n") {
                Some(rest) => rest.split_once("\n---\n").map_or(rest, |x| x.1).to_string(),
                None => text,
            };
            let (title, body) = text.trim().split_once("\n\n").unwrap();
            (title.to_string(), body.to_string())
        };
        out.push([read(de), read(&en)]);
    }
    assert!(out.len() >= 10, "the bundled corpus has its pairs");
    out
}

/// A JSONL corpus of `groups` German/English pairs with unique ids, and one bad line after every
/// 250th pair: invalid JSON, a missing body, invalid UTF-8, in turn. Returns the bad line numbers.
fn write_jsonl(path: &Path, groups: usize) -> Vec<(usize, &'static str)> {
    let pairs = pairs();
    let mut bytes = Vec::new();
    let mut bad = Vec::new();
    let mut line = 0;
    for k in 0..groups {
        for (lang, (title, body)) in ["de", "en"].iter().zip(&pairs[k % pairs.len()]) {
            let v = serde_json::json!({"id": format!("n{k:05}"), "lang": lang, "title": title, "body": body});
            bytes.extend(v.to_string().as_bytes());
            bytes.push(b'\n');
            line += 1;
        }
        if k % 250 == 249 {
            line += 1;
            match (k / 250) % 3 {
                0 => {
                    bytes.extend(b"{\"id\": \"broken\", \"body\": \n");
                    bad.push((line, "invalid JSON"));
                }
                1 => {
                    bytes.extend(format!("{{\"id\": \"nobody{k}\", \"lang\": \"de\"}}\n").as_bytes());
                    bad.push((line, "field 'body' is missing"));
                }
                _ => {
                    bytes.extend(b"{\"id\": \"latin1\", \"lang\": \"de\", \"body\": \"Gr\xfc\xdfe\"}\n");
                    bad.push((line, "invalid UTF-8"));
                }
            }
        }
    }
    std::fs::write(path, bytes).unwrap();
    bad
}

fn run(corpus: &Path, out: &Path, jobs: &str) -> Output {
    bin().arg("run").arg(corpus).arg("--out").arg(out).args(["--jobs", jobs]).output().unwrap()
}

/// The files `run` writes, in name order.
const TABLES: [&str; 6] =
    ["alignments.csv", "alignments.tmx", "articles.csv", "figures.csv", "findings.csv", "summaries.csv"];

/// Runs `corpus` (which has bad lines: exit 1) with `--jobs 1` into `dir/one` and `--jobs 2`
/// into `dir/two`, asserts that every table is byte-identical, and gives the two folders.
fn run_with_one_and_two_jobs(dir: &Path, corpus: &Path) -> (PathBuf, PathBuf) {
    let (one, two) = (dir.join("one"), dir.join("two"));
    for (out, jobs) in [(&one, "1"), (&two, "2")] {
        let o = run(corpus, out, jobs);
        assert_eq!(o.status.code(), Some(1), "bad lines make exit 1: {}", String::from_utf8_lossy(&o.stderr));
    }
    for name in TABLES {
        assert!(
            std::fs::read(one.join(name)).unwrap() == std::fs::read(two.join(name)).unwrap(),
            "{name} differs between --jobs 1 and --jobs 2"
        );
    }
    (one, two)
}

fn records(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path).unwrap().records().map(Result::unwrap).collect()
}

#[test]
fn a_corpus_larger_than_the_groups_in_flight_keeps_every_line_in_order_for_any_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("archive.jsonl");
    let groups = 1_100;
    let bad = write_jsonl(&corpus, groups);
    let (one, _) = run_with_one_and_two_jobs(dir.path(), &corpus);
    let articles = records(&one.join("articles.csv"));
    assert_eq!(articles.len(), 2 * groups + bad.len(), "one row per JSONL line");
    let ok: Vec<&csv::StringRecord> = articles.iter().filter(|r| &r[5] == "ok").collect();
    assert_eq!(ok.len(), 2 * groups);
    for (line, what) in &bad {
        let row = articles.iter().find(|r| r[4] == line.to_string()).unwrap_or_else(|| panic!("line {line}"));
        assert_eq!(&row[5], "error");
        assert!(row[6].contains(what) && row[6].contains(&format!("archive.jsonl:{line}")), "{:?}", &row[6]);
    }
    let ids: Vec<&str> = ok.iter().map(|r| &r[0]).collect();
    assert!(ids.windows(2).all(|w| w[0] <= w[1]), "articles in id order");
    let summaries = records(&one.join("summaries.csv"));
    let summarized: std::collections::BTreeSet<&str> = summaries.iter().map(|r| &r[0]).collect();
    assert_eq!(summarized.len(), groups, "every pair summarized");
    assert!(summaries.iter().all(|r| &r[9] == "aligned" || &r[9] == "none"));
}

/// Twice as many groups as may be in flight (1,024): the groups streamed back from the on-disk
/// index, worked on in parallel and written as they are ready, give the same files for one and
/// two jobs, every group once, in id order; and nothing of the index is left in the output
/// folder.
#[test]
fn twice_the_groups_in_flight_are_byte_identical_for_any_jobs_and_leave_no_index_behind() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("archive.jsonl");
    let groups = 2_100;
    let bad = write_jsonl(&corpus, groups);
    let (one, two) = run_with_one_and_two_jobs(dir.path(), &corpus);
    for out in [&one, &two] {
        let mut left: Vec<String> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, TABLES, "only the tables are left, no temporary index");
    }
    let articles = records(&one.join("articles.csv"));
    assert_eq!(articles.len(), 2 * groups + bad.len(), "one row per JSONL line");
    let ids: Vec<&str> = articles.iter().filter(|r| &r[5] == "ok").map(|r| &r[0]).collect();
    assert_eq!(ids.len(), 2 * groups);
    assert!(ids.windows(2).all(|w| w[0] <= w[1]), "articles in id order");
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), groups, "each group once, both languages together");
}

/// Starts `run` over a corpus big enough to take a while, sends `signal` once it has begun, and
/// checks that the output folder is left as it was.
fn interrupt_with(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("archive.jsonl");
    write_jsonl(&corpus, 6_000);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("articles.csv"), "from the last run\n").unwrap();
    let child = bin().arg("run").arg(&corpus).arg("--out").arg(&out).stderr(Stdio::piped()).spawn().unwrap();
    // The run has begun when its temporary files exist.
    let started = Instant::now();
    while std::fs::read_dir(&out).unwrap().count() < 2 {
        assert!(started.elapsed() < Duration::from_secs(20), "the run never started writing");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted; no output file was written or changed"), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["articles.csv"], "no temporary or new file is left");
    assert_eq!(std::fs::read_to_string(out.join("articles.csv")).unwrap(), "from the last run\n");
}

#[test]
fn sigint_leaves_the_output_folder_as_it_was() {
    interrupt_with("-INT");
}

#[test]
fn sigterm_leaves_the_output_folder_as_it_was() {
    interrupt_with("-TERM");
}

#[test]
fn an_output_folder_that_cannot_be_made_stops_the_run_before_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.csv");
    std::fs::write(&file, "not a folder").unwrap();
    let o = run(&corpus_dir(), &file.join("out"), "1");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{}: cannot write the output", file.join("out").display())), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}
