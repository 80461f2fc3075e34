//! Discovery of the input files: the order and the dedup rules of `corpus::Discovery` (paths
//! sorted as `PathBuf`s, that is component by component, each path once, dot entries skipped),
//! pinned on trees made in a temp dir and checked against what discovery gave before it streamed
//! (every file of every input in one list, sorted, without repeats); and `run` over overlapping
//! inputs, which must read each file once.

mod common;

use std::path::{Path, PathBuf};

use lexbridge::corpus::{discover, Discovery};

/// The list discovery made before it streamed: every file under every input, then one sort and
/// one dedup of the whole list.
fn sorted_whole_list(inputs: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), out);
            } else {
                out.push(entry.path());
            }
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out);
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Creates the files (paths relative to `root`, folders as needed) with `text`.
fn make(root: &Path, files: &[PathBuf], text: &str) {
    for f in files {
        let path = root.join(f);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// A name that is not UTF-8 (on Unix, where a name is any bytes but `/` and NUL).
#[cfg(unix)]
fn not_utf8() -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b"z/caf\xe9.de.txt"))
}

#[cfg(not(unix))]
fn not_utf8() -> PathBuf {
    PathBuf::from("z/café.de.txt")
}

/// Names whose order as strings is not their order as paths: `a/…` < `a b` < `a-b` < `a.txt` as
/// paths, while as strings `a b` < `a-b` < `a.txt` < `a/…`.
fn tricky_tree() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = [
        "A.de.txt",
        "a/b/c.de.txt",
        "a/b-c.de.txt",
        "a/b.txt",
        "a/x.de.txt",
        "a b.de.txt",
        "a-b/z.de.txt",
        "a.txt",
        "a0.de.txt",
        "z/a/1.de.txt",
        "z/deep/er/est.de.txt",
        "z/ä/1.de.txt",
        "ä.de.txt",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    files.insert(10, not_utf8());
    files
}

#[test]
fn files_come_in_path_order_not_string_order_each_once_without_dot_entries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    let files = tricky_tree();
    make(&root, &files, "");
    let hidden: Vec<PathBuf> = [".hidden.de.txt", ".dot/x.de.txt", "a/.h/y.de.txt", "z/.z.de.txt"]
        .iter()
        .map(PathBuf::from)
        .collect();
    make(&root, &hidden, "");
    let expected: Vec<PathBuf> = files.iter().map(|f| root.join(f)).collect();
    assert_eq!(discover(std::slice::from_ref(&root)).unwrap(), expected, "the listing is in path order");
    let mut as_strings = expected.clone();
    as_strings.sort_by_key(|p| p.as_os_str().to_owned());
    assert_ne!(as_strings, expected, "the tree tells path order from string order");

    // Overlapping inputs: the folder twice, a subfolder, files inside it named again, a file
    // given twice, a file outside it given first, a dot file given by name (an input as given).
    std::fs::create_dir(dir.path().join("other")).unwrap();
    let outside = dir.path().join("other/f.de.txt");
    std::fs::write(&outside, "").unwrap();
    let hidden_by_name = root.join("z/.z.de.txt");
    let inputs = vec![
        root.join("a.txt"),
        outside.clone(),
        root.join("a"),
        root.clone(),
        root.join("a/b.txt"),
        root.join("z/deep"),
        hidden_by_name.clone(),
        root.clone(),
        root.join("a.txt"),
    ];
    let mut expected_all = vec![outside];
    expected_all.extend(expected);
    // `.` sorts before letters.
    let at = expected_all.iter().position(|p| *p == root.join("z/a/1.de.txt")).unwrap();
    expected_all.insert(at, hidden_by_name);
    assert_eq!(discover(&inputs).unwrap(), expected_all);
    assert_eq!(Discovery::new(&inputs).unwrap().collect::<Vec<_>>(), sorted_whole_list(&inputs));
}

#[test]
fn the_streamed_order_is_the_sorted_whole_list_on_generated_trees_and_inputs() {
    // A small linear congruential generator: the same trees on every run.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| -> usize {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let names = ["a", "a b", "a-b", "a.txt", "a0", "A", "b", "b.md", "ä", "x.de.txt", ".h", "a.de.jsonl"];
    for round in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut files: Vec<PathBuf> = Vec::new();
        for _ in 0..1 + next(30) {
            let mut path = PathBuf::new();
            for _ in 0..1 + next(4) {
                path.push(names[next(names.len())]);
            }
            // A file and a folder cannot share a path: keep the first made.
            let clashes = files.iter().any(|f| f.starts_with(&path) || path.starts_with(f));
            if !clashes {
                files.push(path);
            }
        }
        make(root, &files, "");
        let mut candidates: Vec<PathBuf> = vec![root.to_path_buf()];
        for f in &files {
            candidates.extend(f.ancestors().filter(|a| !a.as_os_str().is_empty()).map(|a| root.join(a)));
        }
        for _ in 0..5 {
            let inputs: Vec<PathBuf> =
                (0..1 + next(5)).map(|_| candidates[next(candidates.len())].clone()).collect();
            let streamed: Vec<PathBuf> = Discovery::new(&inputs).unwrap().collect();
            assert_eq!(streamed, sorted_whole_list(&inputs), "round {round}, inputs {inputs:?}");
        }
    }
}

#[test]
fn an_input_that_does_not_exist_is_an_error_naming_it_before_any_file_is_given() {
    let dir = tempfile::tempdir().unwrap();
    make(dir.path(), &[PathBuf::from("a.de.txt")], "");
    let missing = dir.path().join("missing");
    let Err((path, message)) = Discovery::new(&[dir.path().to_path_buf(), missing.clone()]) else {
        panic!("a missing input is an error");
    };
    assert_eq!(path, missing);
    assert!(message.contains("No such file"), "{message}");
}

#[test]
fn overlapping_inputs_give_the_output_of_the_folder_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let articles: Vec<PathBuf> =
        ["b/ein-artikel.de.txt", "b/ein-artikel.en.txt", "a.de.txt", "a/c.de.txt", "a b/d.en.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
    make(&root, &articles, "Titel\n\nDer Vertrag gilt seit dem 1. Januar 2024 für 12 Monate.\n");
    make(&root, &[not_utf8()], "Titel\n\nEin zweiter Satz mit 3,5 Prozent.\n");
    let run = |inputs: &[PathBuf], out: &Path| {
        let output = common::bin().arg("run").args(inputs).arg("--out").arg(out).output().unwrap();
        assert!(output.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&output.stderr));
    };
    let (alone, overlapping) = (dir.path().join("alone"), dir.path().join("overlapping"));
    run(std::slice::from_ref(&root), &alone);
    run(&[root.join("b"), root.clone(), root.join("a.de.txt"), root.join("a"), root.clone()], &overlapping);
    for table in ["articles.csv", "alignments.csv", "figures.csv", "findings.csv", "summaries.csv"] {
        let (a, o) =
            (std::fs::read(alone.join(table)).unwrap(), std::fs::read(overlapping.join(table)).unwrap());
        assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&o), "{table}");
    }
    let rows = common::read_csv(&alone.join("articles.csv"));
    assert_eq!(rows.len(), articles.len() + 1, "each file once: {rows:#?}");
    // The file whose name is not UTF-8 is read and shown (lossily) in articles.csv.
    let shown = if cfg!(unix) { "caf\u{fffd}.de.txt" } else { "caf\u{e9}.de.txt" };
    assert!(rows.iter().any(|r| r["file"].contains(shown)), "{rows:#?}");
}
