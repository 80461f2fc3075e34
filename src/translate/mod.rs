//! Translation of what has no translation: a translation memory first, then a pluggable MT
//! engine, with figures, names and do-not-translate terms protected and the glossary enforced.
//!
//! This module never prints and never reads API keys from anywhere but the environment; a key
//! never appears in an error message, a log line or an output file.

pub mod apertium;
pub mod command;
pub mod deepl;
pub mod enforce;
pub mod libretranslate;
pub mod protect;
pub mod tm;
pub mod translator;

pub use translator::{check_sentence, TranslateError, Translated, Translator, TranslatorStats};

use crate::glossary::Glossary;

/// Why an engine call failed. The kinds decide what the caller does: retry a transient failure,
/// stop the batch on quota or auth, report a bad request against the sentences sent.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{engine}: temporary failure: {message}; it was retried, try again later")]
    Transient { engine: String, message: String },
    #[error("{engine}: quota exceeded: {message}; raise the quota or wait for it to reset")]
    Quota { engine: String, message: String },
    #[error("{engine}: not authorized: {message}; check the key in the environment")]
    Auth { engine: String, message: String },
    #[error("{engine}: the request was refused: {message}")]
    BadRequest { engine: String, message: String },
    #[error("{engine}: cannot be set up: {message}")]
    Setup { engine: String, message: String },
}

/// A finding about one translated sentence: a placeholder the engine lost, a forbidden rendering
/// replaced, a term or figure check. `check` is a stable snake_case code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub check: &'static str,
    pub severity: crate::check::Severity,
    pub expected: String,
    pub found: String,
    pub message: String,
}

/// How protected spans are marked in the text sent to an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// The engine keeps XML tags it is told to leave alone (DeepL `tag_handling=xml`). The text
    /// it gets is a well-formed XML fragment (`&`, `<`, `>` escaped; placeholders `<x id="N"/>`)
    /// to send as it is; what it returns is read back as XML (character references resolved).
    Xml,
    /// Plain text: placeholders must be tokens the engine copies unchanged.
    Plain,
}

/// A machine-translation engine. Batched: one call translates many sentences.
pub trait Engine: Send + Sync {
    /// The name used in origins (`mt:<name>`).
    fn name(&self) -> &str;
    /// The most sentences one call should carry.
    fn max_batch(&self) -> usize {
        50
    }
    /// How protected spans are to be marked for this engine.
    fn markup(&self) -> Markup {
        Markup::Plain
    }
    /// Translates `batch` from `from` to `to` (ISO 639-1 codes); one output per input, same order.
    fn translate(&self, batch: &[String], from: &str, to: &str) -> Result<Vec<String>, EngineError>;
}

/// What the command line chose: `--engine`, `--engine-cmd`, `--engine-url`.
#[derive(Debug, Clone, Default)]
pub struct EngineSpec {
    /// `none`, `tm`, `command`, `apertium`, `deepl`, `libretranslate`.
    pub kind: String,
    /// `--engine-cmd`, with `{from}` and `{to}` placeholders.
    pub command: Option<String>,
    /// `--engine-url`: an Apertium APY server, a LibreTranslate server, or another DeepL base URL.
    pub url: Option<String>,
    /// Seconds one engine call may take.
    pub timeout_secs: u64,
}

/// The engine a spec names, or `None` for `none` and `tm` (no MT). The glossary goes to engines
/// that take one (DeepL).
pub fn build(
    spec: &EngineSpec,
    glossary: &Glossary,
    from: &str,
    to: &str,
) -> Result<Option<Box<dyn Engine>>, EngineError> {
    match spec.kind.as_str() {
        "none" | "tm" => Ok(None),
        "command" => command::from_spec(spec).map(Some),
        "apertium" => apertium::from_spec(spec).map(Some),
        "deepl" => deepl::from_spec(spec, glossary, from, to).map(Some),
        "libretranslate" => libretranslate::from_spec(spec).map(Some),
        other => Err(EngineError::Setup {
            engine: other.to_string(),
            message: "unknown engine; use none, tm, command, apertium, deepl or libretranslate".to_string(),
        }),
    }
}
