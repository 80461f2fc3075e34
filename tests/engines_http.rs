//! The DeepL and LibreTranslate engines against small HTTP/1.1 servers of our own on loopback
//! that follow the published APIs: methods, paths, the auth header, JSON bodies, answer shapes
//! and status codes (DeepL API v2 `/v2/translate` and `/v2/glossaries`; LibreTranslate
//! `/languages` and `/translate`).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lexbridge::glossary::Glossary;
use lexbridge::translate::deepl::Deepl;
use lexbridge::translate::http::Retry;
use lexbridge::translate::libretranslate::LibreTranslate;
use lexbridge::translate::{self, Engine, EngineError, EngineSpec, Markup};
use serde_json::{json, Value};

const DEEPL_KEY: &str = "5e1f0c2a-7b3d-4e8f-9a6b-0c1d2e3f4a5b:fx";
const LT_KEY: &str = "lt-7f3e9a1c5b";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// One answer.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

fn answer(status: u16, body: Value) -> Response {
    Response { status, headers: Vec::new(), body: body.to_string() }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// A loopback HTTP/1.1 server: one thread, one request per connection, every request logged.
struct Server {
    url: String,
    log: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        let url = format!("http://{}", listener.local_addr().expect("bound address"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (log2, handler): (_, Arc<Handler>) = (Arc::clone(&log), Arc::new(handler));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if let Some(req) = read_request(&stream) {
                    let resp = handler(&req);
                    log2.lock().unwrap().push(req);
                    write_response(stream, &resp);
                }
            }
        });
        Server { url, log }
    }

    fn requests(&self, method: &str, path: &str) -> Vec<Request> {
        self.log.lock().unwrap().iter().filter(|r| r.method == method && r.path == path).cloned().collect()
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Request { method, path, headers, body: String::from_utf8(body).ok()? })
}

fn write_response(mut stream: TcpStream, resp: &Response) {
    let reason = match resp.status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        456 => "Quota Exceeded",
        _ => "Error",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        resp.status,
        resp.body.len()
    );
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(resp.body.as_bytes()));
}

/// Puts the test keys in the environment, once, before any test reads it: the engines read
/// their keys from there only.
fn set_keys() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::env::set_var("DEEPL_AUTH_KEY", DEEPL_KEY);
        std::env::set_var("LIBRETRANSLATE_API_KEY", LT_KEY);
    });
}

fn fast_retry() -> Retry {
    Retry { attempts: 3, first_delay: Duration::from_millis(10), max_delay: Duration::from_millis(200) }
}

/// A word-for-word "translation", enough to see that each text came back in its place.
fn mock_translate(text: &str) -> String {
    [("Der ", "The "), ("Satz", "Sentence"), ("Schadensersatz", "damages"), ("Landgericht", "Regional Court")]
        .iter()
        .fold(text.to_string(), |t, (de, en)| t.replace(de, en))
}

/// A DeepL API v2 server. `failures` are answered, in order, to `/v2/translate` before it
/// translates.
struct Deepl2 {
    glossaries: Mutex<Vec<Value>>,
    failures: Mutex<VecDeque<Response>>,
}

fn deepl_server(failures: Vec<Response>) -> (Server, Arc<Deepl2>) {
    let state =
        Arc::new(Deepl2 { glossaries: Mutex::new(Vec::new()), failures: Mutex::new(failures.into()) });
    let s = Arc::clone(&state);
    let server = Server::start(move |req| deepl_handle(&s, req));
    (server, state)
}

fn deepl_handle(state: &Deepl2, req: &Request) -> Response {
    if req.header("Authorization") != Some(&format!("DeepL-Auth-Key {DEEPL_KEY}")) {
        return answer(403, json!({"message": "Authorization failure, check auth_key"}));
    }
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/v2/glossaries") => answer(200, json!({"glossaries": *state.glossaries.lock().unwrap()})),
        ("POST", "/v2/glossaries") => {
            let b = req.json();
            let field = |k: &str| b.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let entries = field("entries");
            if field("name").is_empty() || field("entries_format") != "tsv" || entries.is_empty() {
                return answer(
                    400,
                    json!({"message": "Bad request", "detail": "Missing or invalid argument"}),
                );
            }
            if entries.lines().any(|l| l.split('\t').count() != 2) {
                return answer(
                    400,
                    json!({"message": "Bad request", "detail": "Invalid glossary entries provided"}),
                );
            }
            let mut gs = state.glossaries.lock().unwrap();
            let g = json!({
                "glossary_id": format!("def3a26b-3e84-45b3-84ae-0c0aaf35{:04}", gs.len()),
                "name": field("name"),
                "ready": true,
                "source_lang": field("source_lang"),
                "target_lang": field("target_lang"),
                "creation_time": "2026-11-28T23:00:00.000Z",
                "entry_count": entries.lines().count(),
            });
            gs.push(g.clone());
            answer(201, g)
        }
        ("POST", "/v2/translate") => {
            if let Some(fail) = state.failures.lock().unwrap().pop_front() {
                return fail;
            }
            let b = req.json();
            let Some(texts) = b.get("text").and_then(Value::as_array) else {
                return answer(400, json!({"message": "Parameter 'text' not specified."}));
            };
            if texts.len() > 50 {
                return answer(413, json!({"message": "Request Entity Too Large"}));
            }
            if b.get("target_lang").and_then(Value::as_str).is_none() {
                return answer(400, json!({"message": "Value for 'target_lang' not supported."}));
            }
            if let Some(id) = b.get("glossary_id").and_then(Value::as_str) {
                let known = state.glossaries.lock().unwrap().iter().any(|g| g["glossary_id"] == id);
                if !known {
                    return answer(404, json!({"message": "Glossary not found"}));
                }
            }
            let translations: Vec<Value> = texts
                .iter()
                .map(|t| json!({"detected_source_language": "DE", "text": mock_translate(t.as_str().unwrap_or(""))}))
                .collect();
            answer(200, json!({ "translations": translations }))
        }
        _ => answer(404, json!({"message": "Not found"})),
    }
}

fn legal_glossary() -> Glossary {
    let csv = "concept,lang,term,status,match,note\n\
        damages,de,Schadensersatz,preferred,,\n\
        damages,en,damages,preferred,,\n\
        damages,en,compensation,admitted,,\n\
        court,de,Landgericht,preferred,,\n\
        court,en,Regional Court,preferred,,\n\
        siemens,de,Siemens,preferred,case,\n\
        siemens,en,Siemens,preferred,case,\n";
    Glossary::from_csv_str("legal.csv", csv).expect("valid glossary")
}

fn deepl_engine(server: &Server, glossary: &Glossary) -> Result<Deepl, EngineError> {
    set_keys();
    let spec = EngineSpec {
        kind: "deepl".into(),
        url: Some(server.url.clone()),
        timeout_secs: 5,
        ..Default::default()
    };
    Deepl::connect(&spec, glossary, "de", "en", fast_retry())
}

fn sentences(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("Der Satz {i} nennt <x id=\"{i}\"/> & Schadensersatz.")).collect()
}

fn request_sizes(server: &Server) -> Vec<usize> {
    server
        .requests("POST", "/v2/translate")
        .iter()
        .map(|r| r.json()["text"].as_array().map_or(0, Vec::len))
        .collect()
}

#[test]
fn deepl_splits_120_sentences_into_50_50_20_and_keeps_order_and_placeholders() {
    let (server, _) = deepl_server(Vec::new());
    let engine = deepl_engine(&server, &legal_glossary()).expect("connects");
    assert_eq!((engine.name(), engine.max_batch(), engine.markup()), ("deepl", 50, Markup::Xml));
    let out = engine.translate(&sentences(120), "de", "en").expect("translates");
    assert_eq!(request_sizes(&server), [50, 50, 20]);
    assert_eq!(out.len(), 120);
    for (i, t) in out.iter().enumerate() {
        assert_eq!(t, &format!("The Sentence {i} nennt <x id=\"{i}\"/> & damages."));
    }
    for req in server.requests("POST", "/v2/translate") {
        let b = req.json();
        assert_eq!(req.header("Content-Type"), Some("application/json"));
        assert_eq!((b["source_lang"].as_str(), b["target_lang"].as_str()), (Some("DE"), Some("EN-GB")));
        assert_eq!(b["tag_handling"], "xml");
        assert_eq!(b["ignore_tags"], json!(["x"]));
        assert_eq!(b["glossary_id"].as_str(), engine.glossary_id());
        assert!(
            b["text"][0].as_str().unwrap().contains("<x id=\"")
                && b["text"][0].as_str().unwrap().contains("&amp;")
        );
    }
}

#[test]
fn deepl_glossary_is_created_once_and_reused_by_id() {
    let (server, state) = deepl_server(Vec::new());
    let glossary = legal_glossary();
    let first = deepl_engine(&server, &glossary).expect("connects");
    let second = deepl_engine(&server, &glossary).expect("connects again");
    let created = server.requests("POST", "/v2/glossaries");
    assert_eq!(created.len(), 1, "one glossary upload for two engines");
    assert_eq!(server.requests("GET", "/v2/glossaries").len(), 2);
    let b = created[0].json();
    assert_eq!((b["source_lang"].as_str(), b["target_lang"].as_str()), (Some("de"), Some("en")));
    let mut entries: Vec<&str> = b["entries"].as_str().unwrap().lines().collect();
    entries.sort_unstable();
    assert_eq!(entries, ["Landgericht\tRegional Court", "Schadensersatz\tdamages", "Siemens\tSiemens"]);
    let id = state.glossaries.lock().unwrap()[0]["glossary_id"].as_str().unwrap().to_string();
    assert_eq!(first.glossary_id(), Some(id.as_str()));
    assert_eq!(second.glossary_id(), Some(id.as_str()));
    second.translate(&sentences(3), "de", "en").expect("translates");
    assert_eq!(server.requests("POST", "/v2/translate")[0].json()["glossary_id"], id);
    // Another pair gets no glossary id: the glossary is for de → en only.
    second.translate(&sentences(1), "de", "fr").expect("translates");
    assert!(server.requests("POST", "/v2/translate")[1].json().get("glossary_id").is_none());
}

#[test]
fn deepl_retries_429_and_then_succeeds() {
    let too_many = Response {
        status: 429,
        headers: vec![("Retry-After", "0".to_string())],
        body: json!({"message": "Too many requests"}).to_string(),
    };
    let (server, _) = deepl_server(vec![too_many]);
    let engine = deepl_engine(&server, &legal_glossary()).expect("connects");
    let out = engine.translate(&sentences(2), "de", "en").expect("translated after one retry");
    assert_eq!(out[1], "The Sentence 1 nennt <x id=\"1\"/> & damages.");
    assert_eq!(server.requests("POST", "/v2/translate").len(), 2);
}

#[test]
fn deepl_stops_at_456_without_retrying() {
    let quota = || answer(456, json!({"message": "Quota exceeded. The character limit has been reached."}));
    let (server, _) = deepl_server(vec![quota(), quota(), quota()]);
    let engine = deepl_engine(&server, &legal_glossary()).expect("connects");
    let err = engine.translate(&sentences(2), "de", "en").expect_err("quota");
    assert!(matches!(err, EngineError::Quota { .. }), "{err}");
    assert!(err.to_string().contains("character limit"), "{err}");
    assert_eq!(server.requests("POST", "/v2/translate").len(), 1);
}

#[test]
fn deepl_gives_up_on_repeated_500_as_transient() {
    let failures = (0..10).map(|_| answer(500, json!({"message": "Internal server error"}))).collect();
    let (server, _) = deepl_server(failures);
    let engine = deepl_engine(&server, &legal_glossary()).expect("connects");
    let err = engine.translate(&sentences(2), "de", "en").expect_err("keeps failing");
    assert!(matches!(err, EngineError::Transient { .. }), "{err}");
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert_eq!(server.requests("POST", "/v2/translate").len(), 3);
}

#[test]
fn deepl_maps_403_to_auth_and_never_shows_the_key() {
    // A server that echoes the key back, as a proxy's error page might.
    let server = Server::start(|req| {
        let auth = req.header("Authorization").unwrap_or("").to_string();
        answer(403, json!({"message": format!("Authorization failure for {auth}")}))
    });
    let err = deepl_engine(&server, &legal_glossary()).expect_err("refused");
    assert!(matches!(err, EngineError::Auth { .. }), "{err}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(DEEPL_KEY) && !shown.contains("5e1f0c2a"), "{shown}");
    assert!(shown.contains("Authorization failure"), "{shown}");
    // Without a glossary nothing is asked at setup; the refusal comes with the first batch.
    let engine = deepl_engine(&server, &Glossary::new(Vec::new())).expect("no setup call");
    let err = engine.translate(&sentences(1), "de", "en").expect_err("refused");
    assert!(matches!(err, EngineError::Auth { .. }), "{err}");
    assert!(!format!("{err} {err:?} {engine:?}").contains(DEEPL_KEY));
}

#[test]
fn deepl_bad_requests_carry_deepls_message() {
    let table = [
        (400, "Value for 'target_lang' not supported."),
        (404, "Glossary not found"),
        (413, "Request Entity Too Large"),
        (414, "URI Too Long"),
    ];
    for (status, message) in table {
        let (server, _) = deepl_server(vec![answer(status, json!({ "message": message }))]);
        let engine = deepl_engine(&server, &legal_glossary()).expect("connects");
        let err = engine.translate(&sentences(1), "de", "en").expect_err("refused");
        assert!(matches!(err, EngineError::BadRequest { .. }), "{status}: {err}");
        assert!(err.to_string().contains(message), "{status}: {err}");
        assert_eq!(server.requests("POST", "/v2/translate").len(), 1, "{status}: no retry");
    }
}

#[test]
fn deepl_is_built_through_the_registry() {
    let (server, _) = deepl_server(Vec::new());
    set_keys();
    // The base URL may be given with DeepL's `/v2`.
    let spec = EngineSpec {
        kind: "deepl".into(),
        url: Some(format!("{}/v2/", server.url)),
        timeout_secs: 5,
        ..Default::default()
    };
    let engine = translate::build(&spec, &legal_glossary(), "de", "en").expect("built").expect("an engine");
    let out = engine.translate(&["Das Landgericht entschied.".to_string()], "de", "en").expect("translates");
    assert_eq!(out, ["Das Regional Court entschied."]);
}

/// A LibreTranslate server with de → en and en → de. `failures` are answered, in order, to
/// `/translate` before it translates.
fn libre_server(failures: Vec<Response>) -> Server {
    let failures = Mutex::new(VecDeque::from(failures));
    Server::start(move |req| match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/languages") => answer(
            200,
            json!([
                {"code": "de", "name": "German", "targets": ["en", "de"]},
                {"code": "en", "name": "English", "targets": ["de", "en"]},
            ]),
        ),
        ("POST", "/translate") => {
            if let Some(fail) = failures.lock().unwrap().pop_front() {
                return fail;
            }
            let b = req.json();
            if b.get("api_key").and_then(Value::as_str) != Some(LT_KEY) {
                return answer(403, json!({"error": "Invalid API key"}));
            }
            if b["format"] != "text" || b["source"] != "de" || b["target"] != "en" {
                return answer(400, json!({"error": "Invalid request: unsupported format or language"}));
            }
            match &b["q"] {
                Value::Array(q) => {
                    let t: Vec<String> = q.iter().map(|s| mock_translate(s.as_str().unwrap_or(""))).collect();
                    answer(200, json!({ "translatedText": t }))
                }
                Value::String(s) => answer(200, json!({ "translatedText": mock_translate(s) })),
                _ => answer(400, json!({"error": "Invalid request: missing q parameter"})),
            }
        }
        _ => answer(404, json!({"error": "Not Found"})),
    })
}

fn libre_engine(server: &Server) -> LibreTranslate {
    set_keys();
    let spec = EngineSpec {
        kind: "libretranslate".into(),
        url: Some(server.url.clone()),
        timeout_secs: 5,
        ..Default::default()
    };
    LibreTranslate::connect(&spec, fast_retry()).expect("no setup needed")
}

#[test]
fn libretranslate_sends_an_array_and_reads_an_array() {
    let server = libre_server(Vec::new());
    let engine = libre_engine(&server);
    engine.check_pair("de", "en-GB").expect("the server has de → en");
    let batch: Vec<String> = (0..60).map(|i| format!("Der Satz {i} über Schadensersatz.")).collect();
    let out = engine.translate(&batch, "de", "en").expect("translates");
    assert_eq!(out.len(), 60);
    assert_eq!(out[59], "The Sentence 59 über damages.");
    let reqs = server.requests("POST", "/translate");
    let sizes: Vec<usize> = reqs.iter().map(|r| r.json()["q"].as_array().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, [50, 10]);
    assert_eq!(reqs[0].header("Content-Type"), Some("application/json"));
}

#[test]
fn libretranslate_errors_map_to_kinds_and_hide_the_key() {
    let table: Vec<(Vec<Response>, &str, &str, usize)> = vec![
        (
            vec![answer(400, json!({"error": "Invalid request: missing q parameter"}))],
            "BadRequest",
            "missing q",
            1,
        ),
        (
            vec![answer(403, json!({"error": format!("Invalid API key {LT_KEY}")}))],
            "Auth",
            "Invalid API key",
            1,
        ),
        (
            (0..5).map(|_| answer(429, json!({"error": "Slowdown: 30 per 1 minute"}))).collect(),
            "Transient",
            "Slowdown",
            3,
        ),
        (
            (0..5).map(|_| answer(500, json!({"error": "Translation error"}))).collect(),
            "Transient",
            "Translation error",
            3,
        ),
    ];
    for (failures, kind, message, calls) in table {
        let server = libre_server(failures);
        let engine = libre_engine(&server);
        let err = engine.translate(&["Der Satz.".to_string()], "de", "en").expect_err("fails");
        let got = match err {
            EngineError::BadRequest { .. } => "BadRequest",
            EngineError::Auth { .. } => "Auth",
            EngineError::Transient { .. } => "Transient",
            _ => "other",
        };
        assert_eq!(got, kind, "{err}");
        assert!(err.to_string().contains(message), "{err}");
        assert!(!format!("{err} {err:?} {engine:?}").contains(LT_KEY), "{err}");
        assert_eq!(server.requests("POST", "/translate").len(), calls, "{err}");
    }
}

#[test]
fn libretranslate_halves_a_batch_over_the_servers_limit() {
    let limit = |n: usize| {
        answer(400, json!({"error": format!("Invalid request: request ({n}) exceeds text limit (20)")}))
    };
    // The first 50 are refused, then the first half of 25 again; the rest pass.
    let server = libre_server(vec![limit(50), limit(25)]);
    let engine = libre_engine(&server);
    let batch: Vec<String> = (0..50).map(|i| format!("Der Satz {i}.")).collect();
    let out = engine.translate(&batch, "de", "en").expect("translated in smaller requests");
    assert_eq!(out.len(), 50);
    assert_eq!((out[0].as_str(), out[49].as_str()), ("The Sentence 0.", "The Sentence 49."));
    let reqs = server.requests("POST", "/translate");
    let sizes: Vec<usize> = reqs.iter().map(|r| r.json()["q"].as_array().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, [50, 25, 12, 13, 25]);
}

#[test]
fn libretranslate_retries_429_then_succeeds() {
    let server = libre_server(vec![answer(429, json!({"error": "Slowdown: 30 per 1 minute"}))]);
    let engine = libre_engine(&server);
    let out = engine.translate(&["Der Satz.".to_string()], "de", "en").expect("retried");
    assert_eq!(out, ["The Sentence."]);
    assert_eq!(server.requests("POST", "/translate").len(), 2);
}

#[test]
fn libretranslate_setup_names_a_missing_pair() {
    let server = libre_server(Vec::new());
    set_keys();
    let spec = EngineSpec {
        kind: "libretranslate".into(),
        url: Some(server.url.clone()),
        timeout_secs: 5,
        ..Default::default()
    };
    let err = translate::build(&spec, &legal_glossary(), "de", "fr").err().expect("no de → fr");
    assert!(matches!(err, EngineError::Setup { .. }), "{err}");
    assert!(err.to_string().contains("de → fr"), "{err}");
    let engine = translate::build(&spec, &legal_glossary(), "de", "en").expect("de → en").expect("an engine");
    assert_eq!(engine.name(), "libretranslate");
}
