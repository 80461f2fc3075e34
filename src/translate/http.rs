//! What the web engines (DeepL, LibreTranslate, Apertium APY) share: one HTTP agent with
//! timeouts, retries with exponential backoff that honour `Retry-After`, and the mapping of HTTP
//! status codes to [`EngineError`] kinds.
//!
//! A secret (an API key) given to the [`Client`] is scrubbed from every message it returns, so a
//! server that echoes the key back cannot leak it into an error, a log line or an output file.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::EngineError;

/// How often and how patiently a failed call is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Calls in all, the first one included (at least 1).
    pub attempts: u32,
    /// The wait before the first retry; it doubles with every further retry.
    pub first_delay: Duration,
    /// The longest wait between two calls, whether from backoff or from `Retry-After`.
    pub max_delay: Duration,
}

impl Default for Retry {
    /// Five calls, waiting about 0.5 s, 1 s, 2 s and 4 s in between; `Retry-After` is honoured up
    /// to a minute.
    fn default() -> Retry {
        Retry { attempts: 5, first_delay: Duration::from_millis(500), max_delay: Duration::from_secs(60) }
    }
}

impl Retry {
    /// The wait before retry number `retry` (1 for the first), without `Retry-After`: doubling
    /// from `first_delay`, capped, with up to a quarter of jitter so that concurrent callers do
    /// not come back in step.
    pub fn backoff(&self, retry: u32) -> Duration {
        let base = self.first_delay.saturating_mul(1u32 << retry.saturating_sub(1).min(20));
        let base = base.min(self.max_delay);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let jitter = base.mul_f64(f64::from(nanos % 1000) / 4000.0);
        (base + jitter).min(self.max_delay)
    }

    /// The wait a `Retry-After` header asks for (delay-seconds; an HTTP date is not read and
    /// falls back to backoff), capped at `max_delay`.
    pub fn after(&self, header: Option<&str>) -> Option<Duration> {
        let secs: f64 = header?.trim().parse().ok()?;
        (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs).min(self.max_delay))
    }
}

/// What a failed HTTP status means for the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Try again after a wait (429, 408, 5xx; DeepL's 529 too).
    Retry,
    /// Stop: the quota is used up (DeepL's 456).
    Quota,
    /// Stop: the key is missing, wrong or not allowed (401, 403).
    Auth,
    /// The request itself was refused (other 4xx: 400, 404, 413, 414, 415…).
    BadRequest,
}

/// The verdict on an HTTP error status.
pub fn classify(status: u16) -> Verdict {
    match status {
        456 => Verdict::Quota,
        401 | 403 => Verdict::Auth,
        408 | 429 => Verdict::Retry,
        500..=599 => Verdict::Retry,
        _ => Verdict::BadRequest,
    }
}

/// The body of a request.
pub enum Body<'a> {
    /// No body (GET).
    Empty,
    /// A JSON document.
    Json(&'a Value),
    /// `application/x-www-form-urlencoded` pairs.
    Form(&'a [(&'a str, &'a str)]),
}

/// An HTTP client for one engine: its name for errors, its timeouts, its retry policy and the
/// secret to keep out of messages.
pub struct Client {
    agent: ureq::Agent,
    engine: String,
    retry: Retry,
    secret: Option<String>,
}

impl Client {
    /// A client whose calls may each take `timeout_secs` (0: 60 s).
    pub fn new(engine: &str, timeout_secs: u64, retry: Retry, secret: Option<String>) -> Client {
        let timeout = Duration::from_secs(if timeout_secs == 0 { 60 } else { timeout_secs });
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(timeout.min(Duration::from_secs(10)))
            .timeout(timeout)
            .user_agent(concat!("lexbridge/", env!("CARGO_PKG_VERSION")))
            .build();
        Client { agent, engine: engine.to_string(), retry, secret: secret.filter(|s| !s.is_empty()) }
    }

    /// The engine's name, as errors carry it.
    pub fn engine(&self) -> &str {
        &self.engine
    }

    /// `message` with the secret replaced by `***`.
    pub fn scrub(&self, message: &str) -> String {
        match &self.secret {
            Some(s) => message.replace(s.as_str(), "***"),
            None => message.to_string(),
        }
    }

    /// An error of the kind `verdict` names, for this engine, with the secret scrubbed.
    pub fn error(&self, verdict: Verdict, message: &str) -> EngineError {
        let engine = self.engine.clone();
        let message = self.scrub(message);
        match verdict {
            Verdict::Retry => EngineError::Transient { engine, message },
            Verdict::Quota => EngineError::Quota { engine, message },
            Verdict::Auth => EngineError::Auth { engine, message },
            Verdict::BadRequest => EngineError::BadRequest { engine, message },
        }
    }

    /// A setup error for this engine, with the secret scrubbed.
    pub fn setup_error(&self, message: &str) -> EngineError {
        EngineError::Setup { engine: self.engine.clone(), message: self.scrub(message) }
    }

    /// Sends a request and returns the status and the JSON body of the answer. 429, 408 and 5xx
    /// answers and transport failures (refused connection, timeout) are retried as the policy
    /// says, honouring `Retry-After`; when the attempts are used up the result is
    /// [`EngineError::Transient`]. Other failures return at once with their kind and the
    /// server's own message.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &Body<'_>,
    ) -> Result<(u16, Value), EngineError> {
        let attempts = self.retry.attempts.max(1);
        let mut last = String::new();
        for attempt in 1..=attempts {
            let mut req = self.agent.request(method, url);
            for (name, value) in headers {
                req = req.set(name, value);
            }
            let result = match body {
                Body::Empty => req.call(),
                Body::Json(v) => req.send_json(v),
                Body::Form(pairs) => req.send_form(pairs),
            };
            let wait = match result {
                Ok(resp) => {
                    let status = resp.status();
                    let text = resp.into_string().map_err(|e| {
                        self.error(Verdict::Retry, &format!("{method} {url}: cannot read the answer: {e}"))
                    })?;
                    if text.trim().is_empty() {
                        return Ok((status, Value::Null));
                    }
                    let value = serde_json::from_str(&text).map_err(|e| {
                        self.error(
                            Verdict::BadRequest,
                            &format!("{method} {url}: the answer is not JSON ({e}): {}", excerpt(&text)),
                        )
                    })?;
                    return Ok((status, value));
                }
                Err(ureq::Error::Status(status, resp)) => {
                    let retry_after = resp.header("Retry-After").map(str::to_string);
                    let text = resp.into_string().unwrap_or_default();
                    let message = format!("HTTP {status}: {}", server_message(&text));
                    let verdict = classify(status);
                    if verdict != Verdict::Retry {
                        return Err(self.error(verdict, &message));
                    }
                    last = message;
                    self.retry.after(retry_after.as_deref())
                }
                Err(ureq::Error::Transport(t)) => {
                    last = format!("{method} {url}: {t}");
                    None
                }
            };
            if attempt < attempts {
                std::thread::sleep(wait.unwrap_or_else(|| self.retry.backoff(attempt)));
            }
        }
        Err(self.error(Verdict::Retry, &format!("{last} (after {attempts} attempts)")))
    }
}

/// The same error with `context` (what was being done) put before its message.
pub fn with_context(error: EngineError, context: &str) -> EngineError {
    let add = |message: String| format!("{context}: {message}");
    match error {
        EngineError::Transient { engine, message } => {
            EngineError::Transient { engine, message: add(message) }
        }
        EngineError::Quota { engine, message } => EngineError::Quota { engine, message: add(message) },
        EngineError::Auth { engine, message } => EngineError::Auth { engine, message: add(message) },
        EngineError::BadRequest { engine, message } => {
            EngineError::BadRequest { engine, message: add(message) }
        }
        EngineError::Setup { engine, message } => EngineError::Setup { engine, message: add(message) },
    }
}

/// The message an API put in its error body: DeepL's `message` (with `detail`), LibreTranslate's
/// `error`, APY's `message` with its `explanation`; otherwise the start of the body.
pub fn server_message(body: &str) -> String {
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        let field = |k: &str| v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        let main = field("message").or_else(|| field("error"));
        let detail = field("detail").or_else(|| field("explanation")).or_else(|| field("responseDetails"));
        match (main, detail) {
            (Some(m), Some(d)) if m != d => return format!("{m} ({d})"),
            (Some(m), _) | (None, Some(m)) => return m.to_string(),
            (None, None) => {}
        }
    }
    let body = body.trim();
    if body.is_empty() {
        "no message".to_string()
    } else {
        excerpt(body)
    }
}

/// The first 300 characters of a text, on one line.
fn excerpt(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// `base` without trailing slashes, so that `{base}/path` has exactly one.
pub fn trim_base(base: &str) -> String {
    base.trim().trim_end_matches('/').to_string()
}

/// Percent-encodes a URL path segment or query value (RFC 3986 unreserved characters kept).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_map_to_kinds() {
        let table = [
            (400, Verdict::BadRequest),
            (401, Verdict::Auth),
            (403, Verdict::Auth),
            (404, Verdict::BadRequest),
            (408, Verdict::Retry),
            (413, Verdict::BadRequest),
            (414, Verdict::BadRequest),
            (429, Verdict::Retry),
            (456, Verdict::Quota),
            (500, Verdict::Retry),
            (503, Verdict::Retry),
            (529, Verdict::Retry),
        ];
        for (status, verdict) in table {
            assert_eq!(classify(status), verdict, "status {status}");
        }
    }

    #[test]
    fn retry_after_is_read_and_capped() {
        let r =
            Retry { attempts: 3, first_delay: Duration::from_millis(100), max_delay: Duration::from_secs(5) };
        assert_eq!(r.after(Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(r.after(Some(" 0 ")), Some(Duration::ZERO));
        assert_eq!(r.after(Some("600")), Some(Duration::from_secs(5)));
        assert_eq!(r.after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
        assert_eq!(r.after(Some("-3")), None);
        assert_eq!(r.after(None), None);
    }

    #[test]
    fn backoff_doubles_within_the_cap() {
        let r =
            Retry { attempts: 9, first_delay: Duration::from_millis(100), max_delay: Duration::from_secs(1) };
        for (retry, low, high) in
            [(1, 100, 125), (2, 200, 250), (3, 400, 500), (5, 1000, 1000), (30, 1000, 1000)]
        {
            let d = r.backoff(retry).as_millis();
            assert!((low..=high).contains(&d), "retry {retry}: {d} ms");
        }
    }

    #[test]
    fn server_messages_are_taken_from_each_api_shape() {
        let table = [
            (
                r#"{"message":"Value for 'target_lang' not supported."}"#,
                "Value for 'target_lang' not supported.",
            ),
            (
                r#"{"message":"Bad request","detail":"Invalid glossary entries"}"#,
                "Bad request (Invalid glossary entries)",
            ),
            (r#"{"error":"Invalid request: missing q parameter"}"#, "Invalid request: missing q parameter"),
            (
                r#"{"status":"error","code":400,"message":"Bad Request","explanation":"That pair is not installed"}"#,
                "Bad Request (That pair is not installed)",
            ),
            ("<html><body>Bad   Gateway</body></html>", "<html><body>Bad Gateway</body></html>"),
            ("", "no message"),
        ];
        for (body, want) in table {
            assert_eq!(server_message(body), want, "{body}");
        }
    }

    #[test]
    fn secrets_are_scrubbed() {
        let c = Client::new("deepl", 5, Retry::default(), Some("abc-123:fx".into()));
        assert_eq!(c.scrub("key abc-123:fx refused"), "key *** refused");
        let e = c.error(Verdict::Auth, "abc-123:fx");
        assert!(!e.to_string().contains("abc-123"), "{e}");
    }

    #[test]
    fn encoding_keeps_unreserved_characters() {
        assert_eq!(encode("eng|spa"), "eng%7Cspa");
        assert_eq!(encode("a b/ü"), "a%20b%2F%C3%BC");
        assert_eq!(trim_base("http://127.0.0.1:8080//"), "http://127.0.0.1:8080");
    }
}
