//! The `apertium` engine with real Apertium from Debian's packages (`apertium`,
//! `apertium-eng-spa`, `apertium-apy`, installed by `.ci/run`): English news sentences into
//! Spanish through the command-line program and through an APY server started here on a free
//! loopback port.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lexbridge::glossary::Glossary;
use lexbridge::translate::{self, EngineError, EngineSpec};

const INSTALL: &str =
    "Apertium is not installed: run the install line from .ci/run (apt-get install -y apertium apertium-eng-spa apertium-apy)";

/// An English news article, one sentence per entry.
fn article() -> Vec<String> {
    [
        "The Regional Court of Munich ordered the company to pay damages of 12.5 million euros.",
        "Siemens said it would appeal the judgment",
        "The court found that the contract was void.",
        "",
        "According to the ruling, the plaintiff had lost 3,400 customers in 2023.",
        "A spokeswoman for the ministry declined to comment on Tuesday.",
        "The decision is not yet final.",
        "Shares fell by 2.1 percent in early trading",
        "The judges rejected the claim for an injunction.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn require_apertium() {
    let listed = Command::new("apertium").arg("-l").output();
    match listed {
        Ok(out) if String::from_utf8_lossy(&out.stdout).split_whitespace().any(|m| m == "eng-spa") => {}
        _ => panic!("{INSTALL}"),
    }
}

/// Spanish words that a translation of the article must contain.
fn assert_spanish(out: &[String]) {
    let input = article();
    assert_eq!(out.len(), input.len(), "one output per sentence: {out:#?}");
    for (src, tgt) in input.iter().zip(out) {
        assert_eq!(src.is_empty(), tgt.is_empty(), "{src:?} → {tgt:?}");
        assert!(!tgt.contains('\n'), "one line per sentence: {tgt:?}");
    }
    let table: [(usize, &[&str]); 8] = [
        (0, &["12.5", "millones", "de euros"]),
        (1, &["Siemens"]),
        (2, &["contrato"]),
        (4, &["3,400", "2023"]),
        (5, &["martes"]),
        (6, &["decisión"]),
        (7, &["2.1"]),
        (8, &["jueces"]),
    ];
    for (i, words) in table {
        for w in words {
            assert!(out[i].contains(w), "sentence {i} lacks {w:?}: {:?}", out[i]);
        }
    }
    // Every sentence stays in its place: no English left where Apertium knows the words.
    assert!(!out[6].contains("decision") && !out[2].contains("contract"), "{out:#?}");
}

#[test]
fn apertium_cli_translates_english_news_into_spanish() {
    require_apertium();
    let spec = EngineSpec { kind: "apertium".into(), timeout_secs: 60, ..Default::default() };
    let engine =
        translate::build(&spec, &Glossary::new(Vec::new()), "en", "es").expect("set up").expect("an engine");
    assert_eq!(engine.name(), "apertium");
    let out = engine.translate(&article(), "en", "es").expect("translates");
    assert_spanish(&out);
}

#[test]
fn apertium_cli_names_the_package_of_a_missing_pair() {
    require_apertium();
    let spec = EngineSpec { kind: "apertium".into(), timeout_secs: 60, ..Default::default() };
    let err = translate::build(&spec, &Glossary::new(Vec::new()), "en", "ca")
        .err()
        .expect("eng-cat is not installed");
    assert!(matches!(err, EngineError::Setup { .. }), "{err}");
    assert!(err.to_string().contains("apt-get install apertium-eng-cat"), "{err}");
}

/// An APY server on a free loopback port, stopped (with its pipelines) when dropped.
struct Apy {
    child: Child,
    url: String,
}

impl Apy {
    fn start() -> Apy {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let mut cmd = Command::new("apertium-apy");
        cmd.args(["--port", &port.to_string(), "--lang-names", "/usr/share/apertium-apy/langNames.db"])
            .arg("/usr/share/apertium/modes")
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let child = cmd.spawn().unwrap_or_else(|e| panic!("{INSTALL} ({e})"));
        let apy = Apy { child, url: format!("http://127.0.0.1:{port}") };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if let Ok(resp) = ureq::get(&format!("{}/listPairs", apy.url)).call() {
                if resp.into_string().is_ok_and(|s| s.contains("\"eng\"")) {
                    return apy;
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("apertium-apy did not answer /listPairs on {} within 60 s", apy.url);
    }
}

impl Drop for Apy {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill").args(["-TERM", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn apertium_apy_translates_english_news_into_spanish() {
    require_apertium();
    let apy = Apy::start();
    let spec = EngineSpec {
        kind: "apertium".into(),
        url: Some(apy.url.clone()),
        timeout_secs: 60,
        ..Default::default()
    };
    let glossary = Glossary::new(Vec::new());
    let engine = translate::build(&spec, &glossary, "en", "es").expect("set up").expect("an engine");
    let out = engine.translate(&article(), "en", "es").expect("translates");
    assert_spanish(&out);
    let err = translate::build(&spec, &glossary, "en", "ca").err().expect("eng-cat is not on the server");
    assert!(matches!(err, EngineError::Setup { .. }), "{err}");
    assert!(err.to_string().contains("eng-cat") && err.to_string().contains("apertium-eng-cat"), "{err}");
}

/// `lexbridge translate` over an English article into Spanish: the name and the figures come
/// through unchanged (protected by placeholders Apertium copies), the forbidden rendering is
/// replaced by the glossary's, every sentence is checked, and a second call is served by the TM.
fn translate_article_end_to_end(engine_url: Option<&str>) {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let tm = dir.path().join("tm.sqlite");
    let call = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_lexbridge"));
        cmd.args(["translate", "--engine", "apertium", "--from", "en", "--to", "es", "--format", "jsonl"])
            .arg("--glossary")
            .arg(root.join("tests/data/en-es-glossary.csv"))
            .arg("--tm")
            .arg(&tm)
            .arg(root.join("tests/data/en-article.txt"));
        if let Some(url) = engine_url {
            cmd.args(["--engine-url", url]);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect::<Vec<serde_json::Value>>()
    };
    let rows = call();
    assert_eq!(rows.len(), 4, "one row per input line: {rows:#?}");
    let target = |i: usize| rows[i]["target"].as_str().unwrap().to_string();
    let codes = |i: usize| -> Vec<String> {
        rows[i]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["check"].as_str().unwrap().to_string())
            .collect()
    };
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["origin"], "mt:apertium", "{row:?}");
        let bad: Vec<String> = codes(i)
            .into_iter()
            .filter(|c| c.starts_with("placeholder_") || c == "term_dnt_changed")
            .collect();
        assert!(bad.is_empty(), "sentence {i}: {bad:?} in {row:?}");
    }
    // Protected: the company name, the figures, the URL and the address.
    assert!(target(0).contains("Siemens Healthineers"), "{}", target(0));
    assert!(target(0).contains("12.5"), "{}", target(0));
    assert!(target(1).contains("3,400"), "{}", target(1));
    assert!(target(2).contains("Siemens Healthineers"), "{}", target(2));
    assert!(
        target(3).contains("https://example.org/rulings/2025-17") && target(3).contains("press@example.org")
    );
    // Translated around them, with the glossary's term for 'court'.
    assert!(target(0).contains("multa") || target(0).contains("multó"), "{}", target(0));
    assert!(target(1).contains("tribunal") && !target(1).contains("corte"), "{}", target(1));
    assert!(target(1).contains("clientes"), "{}", target(1));
    // Checked like a human translation: the engine's own rendering of a glossary term whose
    // target the glossary fixes is reported, at its sentence.
    let missing = rows[0]["findings"].as_array().unwrap().iter().find(|f| f["check"] == "term_missing");
    assert_eq!(missing.map(|f| f["expected"].clone()), Some("Bundeskartellamt".into()), "{:?}", rows[0]);
    // The second call is served by the translation memory, exactly.
    let again = call();
    for (a, b) in rows.iter().zip(&again) {
        assert_eq!(b["origin"], "tm", "{b:?}");
        assert_eq!(a["target"], b["target"]);
    }
}

#[test]
fn translate_protects_names_and_figures_through_apertium_cli() {
    require_apertium();
    translate_article_end_to_end(None);
}

#[test]
fn translate_protects_names_and_figures_through_apertium_apy() {
    require_apertium();
    let apy = Apy::start();
    translate_article_end_to_end(Some(&apy.url));
}
