//! The `libretranslate` engine: a LibreTranslate server's `/translate` API.
//!
//! `--engine-url` names the server (default `http://127.0.0.1:5000`, where a local
//! `libretranslate` listens); the optional key comes only from the environment variable
//! `LIBRETRANSLATE_API_KEY` and never appears in an error message. At setup `/languages` is
//! asked whether the server has the pair. One request carries up to 50 sentences as a JSON array
//! `q` with `format: "text"`; the answer's `translatedText` is an array in the same order.
//! 429 and 5xx answers are retried with backoff; 400 is a bad request, 403 a refused key. A
//! request over the server's batch or character limit is sent again in halves.

use serde_json::{json, Value};

use super::http::{self, Body, Client, Retry, Verdict};
use super::{Engine, EngineError, EngineSpec, Markup};
use crate::lang::normalize_tag;

/// The environment variable the optional key is read from.
pub const KEY_VAR: &str = "LIBRETRANSLATE_API_KEY";
/// The server used without `--engine-url`.
pub const DEFAULT_URL: &str = "http://127.0.0.1:5000";
/// The most sentences in one request.
pub const MAX_TEXTS: usize = 50;

/// The LibreTranslate engine. Its `Debug` output leaves the key out.
pub struct LibreTranslate {
    client: Client,
    base: String,
    key: Option<String>,
}

impl std::fmt::Debug for LibreTranslate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LibreTranslate").field("base", &self.base).finish_non_exhaustive()
    }
}

/// The engine the spec describes, once the server has said it translates `from` → `to`.
pub fn from_spec(spec: &EngineSpec, from: &str, to: &str) -> Result<Box<dyn Engine>, EngineError> {
    let engine = LibreTranslate::connect(spec, Retry::default())?;
    engine.check_pair(from, to)?;
    Ok(Box::new(engine))
}

impl LibreTranslate {
    /// An engine for the server at `spec.url`, with the key from `LIBRETRANSLATE_API_KEY` if set.
    pub fn connect(spec: &EngineSpec, retry: Retry) -> Result<LibreTranslate, EngineError> {
        let key = std::env::var(KEY_VAR).ok().map(|k| k.trim().to_string()).filter(|k| !k.is_empty());
        let base =
            http::trim_base(spec.url.as_deref().filter(|u| !u.trim().is_empty()).unwrap_or(DEFAULT_URL));
        let client = Client::new("libretranslate", spec.timeout_secs, retry, key.clone());
        Ok(LibreTranslate { client, base, key })
    }

    /// Asks the server's `/languages` whether it translates `from` → `to`; a missing pair is a
    /// setup error that names it and the languages the server has.
    pub fn check_pair(&self, from: &str, to: &str) -> Result<(), EngineError> {
        let (from, to) = (code(from), code(to));
        let url = format!("{}/languages", self.base);
        let (_, langs) = self
            .client
            .send("GET", &url, &[], &Body::Empty)
            .map_err(|e| http::with_context(e, &format!("asking {url} for its languages")))?;
        let langs = langs.as_array().cloned().unwrap_or_default();
        let code_of = |l: &Value| l.get("code").and_then(Value::as_str).map(str::to_ascii_lowercase);
        let Some(source) = langs.iter().find(|l| code_of(l).as_deref() == Some(from.as_str())) else {
            let have: Vec<String> = langs.iter().filter_map(code_of).collect();
            return Err(self.client.setup_error(&format!(
                "the server at {} does not translate from {from}; it has {}",
                self.base,
                have.join(", ")
            )));
        };
        // Servers before 1.3 list no targets: every language pairs with every other.
        if let Some(targets) = source.get("targets").and_then(Value::as_array) {
            if !targets.iter().any(|t| t.as_str().is_some_and(|t| t.eq_ignore_ascii_case(&to))) {
                return Err(self
                    .client
                    .setup_error(&format!("the server at {} does not translate {from} → {to}", self.base)));
            }
        }
        Ok(())
    }

    fn request(&self, texts: &[String], from: &str, to: &str) -> Result<Vec<String>, EngineError> {
        let mut body = json!({ "q": texts, "source": from, "target": to, "format": "text" });
        if let Some(key) = &self.key {
            body["api_key"] = json!(key);
        }
        let url = format!("{}/translate", self.base);
        let (_, answer) = self.client.send("POST", &url, &[], &Body::Json(&body))?;
        if let Some(err) = answer.get("error").and_then(Value::as_str) {
            return Err(self.client.error(Verdict::BadRequest, err));
        }
        let bad = |what: &str| self.client.error(Verdict::BadRequest, what);
        match answer.get("translatedText") {
            Some(Value::Array(items)) => {
                if items.len() != texts.len() {
                    return Err(bad(&format!(
                        "the server returned {} translations for {} sentences",
                        items.len(),
                        texts.len()
                    )));
                }
                items
                    .iter()
                    .map(|t| {
                        t.as_str().map(str::to_string).ok_or_else(|| bad("a translation is not a string"))
                    })
                    .collect()
            }
            // A server that answers an array with one string (older versions) joined it.
            Some(Value::String(s)) if texts.len() == 1 => Ok(vec![s.clone()]),
            _ => Err(bad("the answer has no \"translatedText\" list")),
        }
    }
}

impl Engine for LibreTranslate {
    fn name(&self) -> &str {
        "libretranslate"
    }

    fn max_batch(&self) -> usize {
        MAX_TEXTS
    }

    fn markup(&self) -> Markup {
        Markup::Plain
    }

    fn translate(&self, batch: &[String], from: &str, to: &str) -> Result<Vec<String>, EngineError> {
        let (from, to) = (code(from), code(to));
        let mut out = Vec::with_capacity(batch.len());
        for chunk in batch.chunks(MAX_TEXTS) {
            out.extend(self.request_within_limits(chunk, &from, &to)?);
        }
        Ok(out)
    }
}

impl LibreTranslate {
    /// A request that the server refuses as over its limits (`--batch-limit`, `--char-limit`:
    /// "request (N) exceeds text limit (M)") is sent again in halves, down to single sentences.
    fn request_within_limits(
        &self,
        texts: &[String],
        from: &str,
        to: &str,
    ) -> Result<Vec<String>, EngineError> {
        match self.request(texts, from, to) {
            Err(EngineError::BadRequest { message, .. })
                if texts.len() > 1 && message.contains("exceeds") =>
            {
                let (a, b) = texts.split_at(texts.len() / 2);
                let mut out = self.request_within_limits(a, from, to)?;
                out.extend(self.request_within_limits(b, from, to)?);
                Ok(out)
            }
            other => other,
        }
    }
}

/// LibreTranslate's code for a language tag: the ISO 639-1 code, except the variants it lists
/// as their own languages (`pt-BR`, `zh-Hant`).
pub fn code(tag: &str) -> String {
    let tag = tag.trim().replace('_', "-");
    match tag.to_ascii_lowercase().as_str() {
        "pt-br" => "pt-BR".to_string(),
        "zh-hant" | "zh-tw" | "zt" => "zt".to_string(),
        _ => normalize_tag(&tag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        for (tag, want) in
            [("de", "de"), ("EN", "en"), ("en-GB", "en"), ("pt_BR", "pt-BR"), ("zh-Hant", "zt"), ("zh", "zh")]
        {
            assert_eq!(code(tag), want, "{tag}");
        }
    }

    #[test]
    fn the_default_server_is_local() {
        let e = LibreTranslate::connect(&EngineSpec::default(), Retry::default()).expect("no setup needed");
        assert_eq!(e.base, DEFAULT_URL);
        let spec = EngineSpec { url: Some("http://lt.example:5000/".into()), ..EngineSpec::default() };
        let e = LibreTranslate::connect(&spec, Retry::default()).expect("no setup needed");
        assert_eq!(e.base, "http://lt.example:5000");
    }
}
