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
