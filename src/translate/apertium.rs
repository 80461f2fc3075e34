//! The `apertium` engine: rule-based MT from Apertium, through its command-line program
//! (`apertium -u <pair>`) or, with `--engine-url`, through an Apertium APY server
//! (`/listPairs`, `/translate`).
//!
//! Apertium names languages with ISO 639-3 codes (`eng-spa`); ISO 639-1 codes are mapped by
//! `data/apertium_codes.txt`. At setup the engine makes sure the pair is installed (`apertium -l`
//! or `/listPairs`) and otherwise names the Debian package to install
//! (`data/apertium_debian.txt`).
//!
//! A batch goes to Apertium as one text with the sentences separated by blank lines: Apertium's
//! text format treats a blank line as a hard break, so no word moves from one sentence into
//! the next (a single line break does not stop its reordering). If the answer does not split
//! into as many sentences as were sent, each sentence is translated on its own. The program runs
//! with a timeout and is killed when it passes it; its error output is shown on failure.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use regex::Regex;
use serde_json::Value;

use super::http::{self, Body, Client, Retry, Verdict};
use super::{Engine, EngineError, EngineSpec, Markup};
use crate::lang::normalize_tag;

/// The program run without `--engine-url`.
pub const PROGRAM: &str = "apertium";
/// The most sentences in one call.
pub const MAX_BATCH: usize = 100;
/// The Debian packages this engine needs besides the pair.
pub const INSTALL_HINT: &str = "apt-get install apertium";

static CODES: &str = include_str!("data/apertium_codes.txt");
static DEBIAN: &str = include_str!("data/apertium_debian.txt");

fn data_lines(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
}

static ISO3: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| data_lines(CODES).filter(|f| f.len() == 2).map(|f| (f[0], f[1])).collect());

static PACKAGES: LazyLock<Vec<(&'static str, &'static str, &'static str)>> =
    LazyLock::new(|| data_lines(DEBIAN).filter(|f| f.len() == 3).map(|f| (f[0], f[1], f[2])).collect());

/// A blank line (whitespace allowed on it): where one sentence's translation ends.
static BREAK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n[ \t\r]*\n").expect("valid regex"));

/// Apertium's code for a language tag: `en` → `eng`, `en-GB` → `eng`, `spa` → `spa`.
pub fn code(tag: &str) -> String {
    let base = normalize_tag(tag);
    ISO3.get(base.as_str()).map_or(base, |c| (*c).to_string())
}

/// The Debian package that has the pair `from` → `to` (Apertium codes), if one is known.
pub fn debian_package(from: &str, to: &str) -> Option<&'static str> {
    PACKAGES.iter().find(|(_, a, b)| (*a == from && *b == to) || (*a == to && *b == from)).map(|(p, _, _)| *p)
}

/// The names a pair may be installed under, best first: `eng-spa`, then `en-es`.
fn pair_names(from: &str, to: &str) -> Vec<(String, String)> {
    let mut names = vec![(code(from), code(to))];
    let short = (normalize_tag(from), normalize_tag(to));
    if !names.contains(&short) {
        names.push(short);
    }
    names
}

/// What to say when a pair is missing.
fn missing_pair(from: &str, to: &str, have: &[String]) -> String {
    let (a, b) = (code(from), code(to));
    let install = match debian_package(&a, &b) {
        Some(p) => format!("install it with `apt-get install {p}`"),
        None => {
            "no Debian package is known for it; see the Apertium wiki for the pairs that exist".to_string()
        }
    };
    let have = if have.is_empty() { "none".to_string() } else { have.join(", ") };
    format!("the pair {a}-{b} ({from} → {to}) is not installed (installed: {have}); {install}")
}

enum Backend {
    Cli { program: String },
    Apy { client: Client, base: String },
}

/// The Apertium engine.
pub struct Apertium {
    backend: Backend,
    timeout: Duration,
    /// The installed pairs, as `from-to` (CLI mode names) or `from|to` (APY language pairs).
    installed: Vec<String>,
    /// The pair name chosen for each `from`, `to` asked for.
    chosen: Mutex<HashMap<(String, String), String>>,
}

/// The engine the spec describes, once Apertium has said it has the pair `from` → `to`.
pub fn from_spec(spec: &EngineSpec, from: &str, to: &str) -> Result<Box<dyn Engine>, EngineError> {
    let engine = Apertium::connect(spec, Retry::default())?;
    engine.pair(from, to)?;
    Ok(Box::new(engine))
}

impl Apertium {
    /// The command-line engine (no `spec.url`) or the APY engine (`spec.url`), with the list of
    /// installed pairs read.
    pub fn connect(spec: &EngineSpec, retry: Retry) -> Result<Apertium, EngineError> {
        let timeout = Duration::from_secs(if spec.timeout_secs == 0 { 60 } else { spec.timeout_secs });
        let backend = match spec.url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(url) => Backend::Apy {
                client: Client::new("apertium", spec.timeout_secs, retry, None),
                base: http::trim_base(url),
            },
            None => Backend::Cli { program: PROGRAM.to_string() },
        };
        let mut engine =
            Apertium { backend, timeout, installed: Vec::new(), chosen: Mutex::new(HashMap::new()) };
        engine.installed = engine.list_pairs()?;
        Ok(engine)
    }

    /// The installed pairs: `apertium -l`, or the server's `/listPairs`.
    fn list_pairs(&self) -> Result<Vec<String>, EngineError> {
        match &self.backend {
            Backend::Cli { program } => {
                let out = run(program, &["-l"], "", self.timeout.min(Duration::from_secs(30)))?;
                Ok(out.split_whitespace().map(str::to_string).collect())
            }
            Backend::Apy { client, base } => {
                let url = format!("{base}/listPairs");
                let (_, v) = client
                    .send("GET", &url, &[], &Body::Empty)
                    .map_err(|e| http::with_context(e, &format!("asking {url} for its pairs")))?;
                let pairs = v.get("responseData").and_then(Value::as_array).ok_or_else(|| {
                    client.setup_error(&format!("{url} did not answer with a \"responseData\" list of pairs"))
                })?;
                Ok(pairs
                    .iter()
                    .filter_map(|p| {
                        let s = p.get("sourceLanguage")?.as_str()?;
                        let t = p.get("targetLanguage")?.as_str()?;
                        Some(format!("{s}|{t}"))
                    })
                    .collect())
            }
        }
    }

    /// The installed pair name for `from` → `to`, or a setup error that says what to install.
    pub fn pair(&self, from: &str, to: &str) -> Result<String, EngineError> {
        let key = (from.to_string(), to.to_string());
        if let Some(p) = self.chosen.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(p);
        }
        let sep = match self.backend {
            Backend::Cli { .. } => '-',
            Backend::Apy { .. } => '|',
        };
        let found = pair_names(from, to)
            .into_iter()
            .map(|(a, b)| format!("{a}{sep}{b}"))
            .find(|name| self.installed.iter().any(|i| i == name));
        let Some(name) = found else {
            return Err(EngineError::Setup {
                engine: "apertium".to_string(),
                message: missing_pair(from, to, &self.installed),
            });
        };
        if let Ok(mut m) = self.chosen.lock() {
            m.insert(key, name.clone());
        }
        Ok(name)
    }

    /// Translates one text (sentences separated by blank lines) with the pair.
    fn translate_text(&self, pair: &str, text: &str) -> Result<String, EngineError> {
        match &self.backend {
            Backend::Cli { program } => run(program, &["-u", pair], text, self.timeout),
            Backend::Apy { client, base } => {
                let url = format!("{base}/translate");
                let form = [("langpair", pair), ("q", text), ("markUnknown", "no"), ("format", "txt")];
                let (_, v) = client.send("POST", &url, &[], &Body::Form(&form))?;
                let status = v.get("responseStatus").and_then(Value::as_u64).unwrap_or(200);
                if status != 200 {
                    let details = v.get("responseDetails").and_then(Value::as_str).unwrap_or("no details");
                    return Err(client.error(Verdict::BadRequest, &format!("APY status {status}: {details}")));
                }
                v.pointer("/responseData/translatedText")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| {
                        client.error(Verdict::BadRequest, "the answer has no responseData.translatedText")
                    })
            }
        }
    }
}

impl Engine for Apertium {
    fn name(&self) -> &str {
        "apertium"
    }

    fn max_batch(&self) -> usize {
        match self.backend {
            Backend::Cli { .. } => MAX_BATCH,
            Backend::Apy { .. } => 50,
        }
    }

    fn markup(&self) -> Markup {
        Markup::Plain
    }

    fn translate(&self, batch: &[String], from: &str, to: &str) -> Result<Vec<String>, EngineError> {
        let pair = self.pair(from, to)?;
        // Blank sentences are not sent: they would merge two breaks into one.
        let sent: Vec<(usize, String)> =
            batch.iter().enumerate().map(|(i, s)| (i, one_line(s))).filter(|(_, s)| !s.is_empty()).collect();
        let mut out = vec![String::new(); batch.len()];
        if sent.is_empty() {
            return Ok(out);
        }
        let text = sent.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join("\n\n");
        let pieces = split(&self.translate_text(&pair, &text)?);
        if pieces.len() == sent.len() {
            for ((i, _), t) in sent.iter().zip(pieces) {
                out[*i] = drop_marks(&batch[*i], &t);
            }
        } else {
            for (i, s) in &sent {
                out[*i] = drop_marks(&batch[*i], &split(&self.translate_text(&pair, s)?).join(" "));
            }
        }
        Ok(out)
    }
}

/// Apertium's marks for words it could not transfer (`@word`) or generate (`#word`) taken off
/// the words, unless the source itself has the character (a hashtag, a handle), where they
/// cannot be told apart. (`-u` and `markUnknown=no` already drop the `*` of unknown words.)
fn drop_marks(source: &str, translation: &str) -> String {
    let mut out = translation.to_string();
    for mark in ['#', '@'] {
        if source.contains(mark) {
            continue;
        }
        let mut kept = String::with_capacity(out.len());
        let mut prev: Option<char> = None;
        let mut chars = out.chars().peekable();
        while let Some(c) = chars.next() {
            let word_start = prev.is_none_or(|p| !p.is_alphanumeric());
            if c == mark && word_start && chars.peek().is_some_and(|n| n.is_alphanumeric()) {
                prev = Some(c);
                continue;
            }
            kept.push(c);
            prev = Some(c);
        }
        out = kept;
    }
    out
}

/// A sentence on one line, without characters that would break the text format apart.
fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\0']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Apertium's output split at blank lines, each piece trimmed.
fn split(text: &str) -> Vec<String> {
    let text = text.trim_matches(|c: char| c.is_whitespace());
    if text.is_empty() {
        return Vec::new();
    }
    BREAK.split(text).map(|p| p.trim().to_string()).collect()
}

/// Runs `program args` with `input` on stdin and returns its stdout; a failure to start, a
/// non-zero exit (with its stderr) or passing the timeout (the process is killed) is an error.
fn run(program: &str, args: &[&str], input: &str, timeout: Duration) -> Result<String, EngineError> {
    let err = |message: String| EngineError::Setup { engine: "apertium".to_string(), message };
    let mut command = Command::new(program);
    command
        .args(args)
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // `apertium` is a shell script running a pipeline: in a group of its own, the whole pipeline
    // can be stopped at the timeout.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                err(format!("the `{program}` program is not installed; install it with `{INSTALL_HINT}` and a pair (e.g. `apt-get install apertium-eng-spa`)"))
            } else {
                err(format!("cannot start `{program}`: {e}"))
            }
        })?;
    let stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let input = input.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(mut w) = stdin {
            // A program that exits early closes the pipe: its exit status tells why.
            let _ = w.write_all(&input).and_then(|()| w.write_all(b"\n"));
        }
    });
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(r) = stdout.as_mut() {
            let _ = r.read_to_end(&mut buf);
        }
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(r) = stderr.as_mut() {
            let _ = r.read_to_end(&mut buf);
        }
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() >= timeout => {
                #[cfg(unix)]
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .stderr(Stdio::null())
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(err(format!("waiting for `{program}`: {e}"))),
        }
    };
    let _ = writer.join();
    let out = out_reader.join().unwrap_or_default();
    let errout = err_reader.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(EngineError::Transient {
            engine: "apertium".to_string(),
            message: format!(
                "`{program} {}` took longer than {} s and was stopped",
                args.join(" "),
                timeout.as_secs()
            ),
        });
    };
    if !status.success() {
        let stderr = String::from_utf8_lossy(&errout);
        let stderr = stderr.trim();
        return Err(EngineError::BadRequest {
            engine: "apertium".to_string(),
            message: format!(
                "`{program} {}` failed ({status}): {}",
                args.join(" "),
                if stderr.is_empty() { "no error output" } else { stderr }
            ),
        });
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_apertiums() {
        for (tag, want) in
            [("en", "eng"), ("en-GB", "eng"), ("es", "spa"), ("ca", "cat"), ("nb", "nob"), ("spa", "spa")]
        {
            assert_eq!(code(tag), want, "{tag}");
        }
    }

    #[test]
    fn missing_pairs_name_the_debian_package() {
        let table = [
            ("en", "es", Some("apertium-eng-spa")),
            ("es", "en", Some("apertium-eng-spa")),
            ("en", "ca", Some("apertium-eng-cat")),
            ("en", "gl", Some("apertium-en-gl")),
            ("de", "en", None),
        ];
        for (from, to, package) in table {
            assert_eq!(debian_package(&code(from), &code(to)), package, "{from}-{to}");
            let message = missing_pair(from, to, &["spa-eng".to_string()]);
            match package {
                Some(p) => assert!(message.contains(&format!("apt-get install {p}")), "{message}"),
                None => assert!(message.contains("no Debian package"), "{message}"),
            }
        }
    }

    #[test]
    fn output_splits_at_blank_lines() {
        let table: [(&str, &[&str]); 5] = [
            ("Uno.\n\nDos.\n", &["Uno.", "Dos."]),
            ("Uno.\n  \nDos\n\n\nTres", &["Uno.", "Dos", "Tres"]),
            ("Uno\ndos.\n\nTres.", &["Uno\ndos.", "Tres."]),
            ("\n\n", &[]),
            ("Sólo una.", &["Sólo una."]),
        ];
        for (text, want) in table {
            assert_eq!(split(text), want, "{text:?}");
        }
        assert_eq!(one_line("  Zeile eins\r\nZeile\0 zwei \n"), "Zeile eins Zeile zwei");
    }

    #[test]
    fn transfer_and_generation_marks_are_dropped_unless_the_source_has_them() {
        let table = [
            ("Line one has no period", "Línea uno tiene #ninguno periodo", "Línea uno tiene ninguno periodo"),
            ("The court ruled.", "La corte @ruled.", "La corte ruled."),
            ("Follow #MeToo now.", "Sigue #MeToo ahora.", "Sigue #MeToo ahora."),
            ("Mail ceo@example.com today.", "Correo ceo@example.com hoy.", "Correo ceo@example.com hoy."),
            ("A 5 # b", "Un 5 # b", "Un 5 # b"),
        ];
        for (source, translation, want) in table {
            assert_eq!(drop_marks(source, translation), want, "{translation}");
        }
    }

    #[test]
    fn a_missing_program_says_what_to_install() {
        let e =
            run("lexbridge-no-such-apertium", &["-l"], "", Duration::from_secs(5)).expect_err("not there");
        assert!(matches!(e, EngineError::Setup { .. }), "{e}");
        assert!(e.to_string().contains("apt-get install apertium"), "{e}");
    }

    #[test]
    fn a_slow_program_is_stopped_at_the_timeout() {
        let start = Instant::now();
        let e = run("sleep", &["5"], "", Duration::from_millis(300)).expect_err("too slow");
        assert!(matches!(e, EngineError::Transient { .. }), "{e}");
        assert!(start.elapsed() < Duration::from_secs(3));
    }
}
