//! The `command` engine: any program that reads one sentence per line on stdin and writes one
//! translation per line on stdout (Marian, CTranslate2, Argos, Bergamot wrappers).
//!
//! `--engine-cmd` is run through `sh -c` with `{from}` and `{to}` replaced by the language codes
//! (validated to be plain codes, so nothing is injected). Newlines inside a sentence become
//! spaces. The program gets `EngineSpec.timeout_secs` per batch and is killed after that; a
//! non-zero exit, a timeout or a wrong number of output lines is an error that shows the end of
//! its stderr.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Engine, EngineError, EngineSpec};

/// How much of the end of stderr an error shows.
const STDERR_TAIL: usize = 600;

/// The engine the spec describes; `--engine-cmd` is required.
pub fn from_spec(spec: &EngineSpec) -> Result<Box<dyn Engine>, EngineError> {
    let template = spec.command.clone().filter(|c| !c.trim().is_empty()).ok_or_else(|| EngineError::Setup {
        engine: "command".to_string(),
        message: "--engine-cmd is required: the program to run, e.g. --engine-cmd \"marian-translate {from} {to}\""
            .to_string(),
    })?;
    let timeout = if spec.timeout_secs == 0 { 300 } else { spec.timeout_secs };
    Ok(Box::new(CommandEngine { template, timeout: Duration::from_secs(timeout), batch: 200 }))
}

/// Runs a shell command per batch.
#[derive(Debug, Clone)]
pub struct CommandEngine {
    template: String,
    timeout: Duration,
    batch: usize,
}

impl CommandEngine {
    fn err(message: String) -> EngineError {
        EngineError::BadRequest { engine: "command".to_string(), message }
    }

    fn command_line(&self, from: &str, to: &str) -> Result<String, EngineError> {
        for code in [from, to] {
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(EngineError::Setup {
                    engine: "command".to_string(),
                    message: format!("'{code}' is not a language code"),
                });
            }
        }
        Ok(self.template.replace("{from}", from).replace("{to}", to))
    }
}

/// Kills the child and, on Unix, every process of its group.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .arg("-KILL")
            .arg("--")
            .arg(format!("-{}", child.id()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
}

fn tail(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let s = s.trim();
    if s.is_empty() {
        return "(nothing on stderr)".to_string();
    }
    let start = s.len().saturating_sub(STDERR_TAIL);
    let start = (start..s.len()).find(|&i| s.is_char_boundary(i)).unwrap_or(0);
    let prefix = if start > 0 { "…" } else { "" };
    format!("{prefix}{}", &s[start..])
}

impl Engine for CommandEngine {
    fn name(&self) -> &str {
        "command"
    }

    fn max_batch(&self) -> usize {
        self.batch
    }

    fn translate(&self, batch: &[String], from: &str, to: &str) -> Result<Vec<String>, EngineError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let line = self.command_line(from, to)?;
        let mut input = String::new();
        for s in batch {
            let flat: String = s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
            input.push_str(&flat);
            input.push('\n');
        }
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(&line);
        // Its own process group, so a timeout stops the whole pipeline `sh` started, not only
        // `sh` (whose children would keep the pipes open).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let mut child =
            cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| {
                EngineError::Setup {
                    engine: "command".to_string(),
                    message: format!("cannot start `sh -c {line}`: {e}"),
                }
            })?;
        // Feed stdin and drain stdout/stderr on their own threads, so a program that writes
        // before it has read everything never deadlocks with us.
        let mut stdin = child.stdin.take();
        let mut stdout = child.stdout.take();
        let mut stderr = child.stderr.take();
        let (out, errout, status) = std::thread::scope(|scope| {
            scope.spawn(move || {
                if let Some(mut w) = stdin.take() {
                    let _ = w.write_all(input.as_bytes());
                }
            });
            let out_h = scope.spawn(move || {
                let mut b = Vec::new();
                if let Some(r) = stdout.as_mut() {
                    let _ = r.read_to_end(&mut b);
                }
                b
            });
            let err_h = scope.spawn(move || {
                let mut b = Vec::new();
                if let Some(r) = stderr.as_mut() {
                    let _ = r.read_to_end(&mut b);
                }
                b
            });
            let started = Instant::now();
            let status = loop {
                match child.try_wait() {
                    Ok(Some(st)) => break Ok(st),
                    Ok(None) if started.elapsed() >= self.timeout => {
                        kill_group(&mut child);
                        let _ = child.wait();
                        break Err(());
                    }
                    Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                    Err(_) => {
                        kill_group(&mut child);
                        let _ = child.wait();
                        break Err(());
                    }
                }
            };
            (out_h.join().unwrap_or_default(), err_h.join().unwrap_or_default(), status)
        });
        let status = status.map_err(|()| EngineError::Transient {
            engine: "command".to_string(),
            message: format!(
                "`{line}` took longer than {} s and was stopped; stderr: {}",
                self.timeout.as_secs(),
                tail(&errout)
            ),
        })?;
        if !status.success() {
            return Err(Self::err(format!("`{line}` failed ({status}); stderr: {}", tail(&errout))));
        }
        let text = String::from_utf8_lossy(&out);
        let mut lines: Vec<String> = text.lines().map(|l| l.trim_end_matches('\r').to_string()).collect();
        // A final empty line from a trailing blank is not a translation.
        while lines.len() > batch.len() && lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        if lines.len() != batch.len() {
            return Err(Self::err(format!(
                "`{line}` wrote {} lines for {} sentences; it must write one line per input line; stderr: {}",
                lines.len(),
                batch.len(),
                tail(&errout)
            )));
        }
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(cmd: &str, timeout: u64) -> Box<dyn Engine> {
        from_spec(&EngineSpec {
            kind: "command".into(),
            command: Some(cmd.into()),
            timeout_secs: timeout,
            ..EngineSpec::default()
        })
        .unwrap()
    }

    #[test]
    fn one_line_in_one_line_out_with_languages_substituted() {
        let e = engine("sed 's/^/[{from}>{to}] /'", 10);
        let out = e
            .translate(
                &["Der Vertrag ist\nnichtig.".to_string(), "Die Klage ist zulässig.".to_string()],
                "de",
                "en",
            )
            .unwrap();
        assert_eq!(out, vec!["[de>en] Der Vertrag ist nichtig.", "[de>en] Die Klage ist zulässig."]);
    }

    #[test]
    fn failures_show_stderr_and_are_typed() {
        let cases: [(&str, &str); 3] = [
            ("echo 'model not found: opus-de-en' >&2; exit 3", "model not found: opus-de-en"),
            ("head -n 1", "wrote 1 lines for 2 sentences"),
            ("echo starting >&2; sleep 5", "took longer than 1 s"),
        ];
        for (cmd, want) in cases {
            let e = engine(cmd, 1);
            let err = e.translate(&["Eins.".to_string(), "Zwei.".to_string()], "de", "en").unwrap_err();
            assert!(err.to_string().contains(want), "{cmd}: {err}");
        }
        assert!(from_spec(&EngineSpec { kind: "command".into(), ..EngineSpec::default() }).is_err());
        let e = engine("cat", 5);
        assert!(e.translate(&["x".to_string()], "de; rm -rf /", "en").is_err());
    }
}
