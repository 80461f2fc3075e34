//! The `deepl` engine: DeepL API v2 (`/v2/translate`, `/v2/glossaries`).
//!
//! The key comes only from the environment variable `DEEPL_AUTH_KEY`; a key ending in `:fx` is a
//! DeepL API Free key and goes to `api-free.deepl.com`, any other to `api.deepl.com`;
//! `--engine-url` replaces the base URL (a proxy, a test server). The key is sent in the
//! `Authorization: DeepL-Auth-Key …` header and never appears in an error message.
//!
//! Up to 50 texts go in one request, fewer where the request would pass DeepL's size limit.
//! Protected spans travel as `<x id="N"/>` elements with `tag_handling=xml`. The glossary's pairs
//! for the language pair (one target per source term: the preferred rendering) are uploaded once
//! as a DeepL glossary whose name carries a hash of its entries; a later run finds it by name and
//! reuses it by id instead of creating another. 429 and 5xx answers are retried with exponential
//! backoff (honouring `Retry-After`); 456 (quota exceeded) stops at once.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{json, Value};

use super::http::{self, Body, Client, Retry, Verdict};
use super::{Engine, EngineError, EngineSpec, Markup, PLACEHOLDER_TAG};
use crate::glossary::{Glossary, Langs};
use crate::lang::normalize_tag;

/// The environment variable the key is read from.
pub const KEY_VAR: &str = "DEEPL_AUTH_KEY";
/// The base URL for DeepL API Free keys (ending in `:fx`).
pub const FREE_URL: &str = "https://api-free.deepl.com";
/// The base URL for DeepL API Pro keys.
pub const PRO_URL: &str = "https://api.deepl.com";
/// The most texts DeepL takes in one request.
pub const MAX_TEXTS: usize = 50;
/// The most bytes of text put in one request: DeepL refuses requests over 128 KiB, and the JSON
/// around the texts needs some room.
pub const MAX_REQUEST_BYTES: usize = 120 * 1024;
/// The longest glossary entry (source or target) DeepL takes, in UTF-8 bytes.
const MAX_ENTRY_BYTES: usize = 1024;

static TARGETS: &str = include_str!("data/deepl_targets.txt");

/// DeepL target codes by ISO 639-1 code: the default first, then the other variants.
static TARGET_VARIANTS: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    TARGETS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            Some((parts.next()?, parts.collect()))
        })
        .collect()
});

/// A placeholder element as the protection layer writes it, and as DeepL may give it back
/// (`<x id="3"></x>`).
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    let tag = regex::escape(PLACEHOLDER_TAG);
    Regex::new(&format!(r#"<{tag}(?:\s+[^<>]*?)?\s*(?:/>|>\s*</{tag}\s*>)"#)).expect("valid regex")
});
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});").expect("valid regex")
});

/// A DeepL glossary the engine uses for one language pair.
#[derive(Debug, Clone)]
struct GlossaryUse {
    id: String,
    from: String,
    to: String,
}

/// The DeepL engine. Its `Debug` output leaves the key out.
pub struct Deepl {
    client: Client,
    base: String,
    auth: String,
    glossary: Option<GlossaryUse>,
}

impl std::fmt::Debug for Deepl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deepl")
            .field("base", &self.base)
            .field("glossary", &self.glossary.as_ref().map(|g| &g.id))
            .finish_non_exhaustive()
    }
}

/// The engine the spec describes, with the glossary's pairs for `from` → `to` uploaded once.
pub fn from_spec(
    spec: &EngineSpec,
    glossary: &Glossary,
    from: &str,
    to: &str,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(Deepl::connect(spec, glossary, from, to, Retry::default())?))
}

impl Deepl {
    /// Connects with the key from `DEEPL_AUTH_KEY` and makes sure the glossary for `from` → `to`
    /// exists on the account (found by name, or created).
    pub fn connect(
        spec: &EngineSpec,
        glossary: &Glossary,
        from: &str,
        to: &str,
        retry: Retry,
    ) -> Result<Deepl, EngineError> {
        Deepl::connect_with(spec, glossary, from, to, retry, |var| std::env::var(var).ok())
    }

    fn connect_with(
        spec: &EngineSpec,
        glossary: &Glossary,
        from: &str,
        to: &str,
        retry: Retry,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Deepl, EngineError> {
        let key = env(KEY_VAR).map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).ok_or_else(|| {
            EngineError::Setup {
                engine: "deepl".to_string(),
                message: format!("no key: set the environment variable {KEY_VAR} to your DeepL API key"),
            }
        })?;
        let base = match spec.url.as_deref().filter(|u| !u.trim().is_empty()) {
            // `https://api.deepl.com/v2` is accepted as well as `https://api.deepl.com`.
            Some(url) => http::trim_base(http::trim_base(url).trim_end_matches("/v2")),
            None => base_url(&key).to_string(),
        };
        let auth = format!("DeepL-Auth-Key {key}");
        let client = Client::new("deepl", spec.timeout_secs, retry, Some(key));
        let mut engine = Deepl { client, base, auth, glossary: None };
        engine.glossary = engine.ensure_glossary(glossary, from, to)?;
        Ok(engine)
    }

    /// The id of the DeepL glossary used for the pair given at connection, if the glossary had
    /// pairs for it.
    pub fn glossary_id(&self) -> Option<&str> {
        self.glossary.as_ref().map(|g| g.id.as_str())
    }

    fn send(&self, method: &str, path: &str, body: &Body<'_>) -> Result<Value, EngineError> {
        let url = format!("{}{path}", self.base);
        self.client.send(method, &url, &[("Authorization", &self.auth)], body).map(|(_, v)| v)
    }

    /// Finds the glossary for the pair by name on the account, or creates it.
    fn ensure_glossary(
        &self,
        glossary: &Glossary,
        from: &str,
        to: &str,
    ) -> Result<Option<GlossaryUse>, EngineError> {
        let (from, to) = (normalize_tag(from), normalize_tag(to));
        let entries = glossary_entries(glossary, &from, &to);
        if entries.is_empty() {
            return Ok(None);
        }
        let name = glossary_name(&from, &to, &entries);
        let context = |e| http::with_context(e, "looking for the glossary on the account");
        let list = self.send("GET", "/v2/glossaries", &Body::Empty).map_err(context)?;
        let same_lang = |g: &Value, k: &str, want: &str| {
            g.get(k).and_then(Value::as_str).is_some_and(|l| l.eq_ignore_ascii_case(want))
        };
        let found = list.get("glossaries").and_then(Value::as_array).and_then(|gs| {
            gs.iter().find(|g| {
                g.get("name").and_then(Value::as_str) == Some(name.as_str())
                    && same_lang(g, "source_lang", &from)
                    && same_lang(g, "target_lang", &to)
            })
        });
        let glossary = match found {
            Some(g) => g.clone(),
            None => {
                let body = json!({
                    "name": name,
                    "source_lang": from,
                    "target_lang": to,
                    "entries": entries,
                    "entries_format": "tsv",
                });
                self.send("POST", "/v2/glossaries", &Body::Json(&body))
                    .map_err(|e| http::with_context(e, "creating the glossary"))?
            }
        };
        let Some(id) = glossary.get("glossary_id").and_then(Value::as_str).map(str::to_string) else {
            return Err(self.client.setup_error("DeepL's glossary answer has no glossary_id"));
        };
        if glossary.get("ready").and_then(Value::as_bool) == Some(false) {
            self.wait_ready(&id)?;
        }
        Ok(Some(GlossaryUse { id, from, to }))
    }

    /// Waits (a few seconds at most) until a new glossary is ready for use.
    fn wait_ready(&self, id: &str) -> Result<(), EngineError> {
        let path = format!("/v2/glossaries/{}", http::encode(id));
        for _ in 0..20 {
            std::thread::sleep(std::time::Duration::from_millis(250));
            let g = self.send("GET", &path, &Body::Empty)?;
            if g.get("ready").and_then(Value::as_bool) != Some(false) {
                return Ok(());
            }
        }
        Err(self.client.setup_error(&format!("the glossary {id} is still not ready; try again in a minute")))
    }

    /// Translates one request's worth of escaped texts.
    fn request(
        &self,
        texts: &[String],
        source: &str,
        target: &str,
        glossary: Option<&str>,
    ) -> Result<Vec<String>, EngineError> {
        let mut body = json!({
            "text": texts,
            "source_lang": source,
            "target_lang": target,
            "tag_handling": "xml",
            "ignore_tags": [PLACEHOLDER_TAG],
            "split_sentences": "nonewlines",
        });
        if let Some(id) = glossary {
            body["glossary_id"] = json!(id);
        }
        let answer = self.send("POST", "/v2/translate", &Body::Json(&body))?;
        let translations = answer.get("translations").and_then(Value::as_array).ok_or_else(|| {
            self.client.error(Verdict::BadRequest, "DeepL's answer has no \"translations\" list")
        })?;
        if translations.len() != texts.len() {
            return Err(self.client.error(
                Verdict::BadRequest,
                &format!("DeepL returned {} translations for {} texts", translations.len(), texts.len()),
            ));
        }
        translations
            .iter()
            .map(|t| {
                t.get("text").and_then(Value::as_str).map(unescape).ok_or_else(|| {
                    self.client.error(Verdict::BadRequest, "a translation in DeepL's answer has no \"text\"")
                })
            })
            .collect()
    }
}

impl Engine for Deepl {
    fn name(&self) -> &str {
        "deepl"
    }

    fn max_batch(&self) -> usize {
        MAX_TEXTS
    }

    fn markup(&self) -> Markup {
        Markup::Xml
    }

    fn translate(&self, batch: &[String], from: &str, to: &str) -> Result<Vec<String>, EngineError> {
        let source = normalize_tag(from).to_ascii_uppercase();
        let target = target_code(to);
        let glossary = self
            .glossary
            .as_ref()
            .filter(|g| g.from == normalize_tag(from) && g.to == normalize_tag(to))
            .map(|g| g.id.as_str());
        let texts: Vec<String> = batch.iter().map(|s| escape(s)).collect();
        let mut out = Vec::with_capacity(texts.len());
        for range in requests(&texts) {
            out.extend(self.request(&texts[range], &source, &target, glossary)?);
        }
        Ok(out)
    }
}

/// The base URL a key belongs to.
pub fn base_url(key: &str) -> &'static str {
    if key.trim().ends_with(":fx") {
        FREE_URL
    } else {
        PRO_URL
    }
}

/// The DeepL `target_lang` for a language tag: `en` → `EN-GB`, `en-US` → `EN-US`,
/// `pt-br` → `PT-BR`, `de` → `DE` (see `data/deepl_targets.txt`).
pub fn target_code(tag: &str) -> String {
    let tag = tag.trim().replace('_', "-");
    let base = normalize_tag(&tag);
    match TARGET_VARIANTS.get(base.as_str()) {
        Some(variants) => {
            let whole = tag.to_ascii_uppercase();
            variants
                .iter()
                .find(|v| **v == whole)
                .or_else(|| variants.first())
                .map_or_else(|| base.to_ascii_uppercase(), |v| (*v).to_string())
        }
        None => base.to_ascii_uppercase(),
    }
}

/// The glossary's pairs for `from` → `to` as DeepL TSV entries: one line per source term with
/// the preferred target term; fields trimmed, empty, over-long or control-character entries
/// left out (DeepL refuses the whole glossary for one of them).
pub fn glossary_entries(glossary: &Glossary, from: &str, to: &str) -> String {
    let langs = Langs { source: normalize_tag(from), target: normalize_tag(to) };
    let tsv = crate::glossary::deepl::write(glossary.entries(), '\t', &langs);
    let mut out = String::new();
    for line in tsv.lines() {
        let Some((source, target)) = line.split_once('\t') else { continue };
        let (source, target) = (source.trim(), target.trim());
        let fine = |s: &str| !s.is_empty() && s.len() <= MAX_ENTRY_BYTES && !s.chars().any(char::is_control);
        if fine(source) && fine(target) {
            out.push_str(source);
            out.push('\t');
            out.push_str(target);
            out.push('\n');
        }
    }
    out
}

/// The name of our glossary for a pair: it carries a hash of the entries, so a changed glossary
/// gets a new DeepL glossary and an unchanged one is found again.
pub fn glossary_name(from: &str, to: &str, entries: &str) -> String {
    // FNV-1a, 64 bits: stable across runs and platforms.
    let hash = entries
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("lexbridge {from}-{to} {hash:016x}")
}

/// Splits escaped texts into requests of at most [`MAX_TEXTS`] texts and about
/// [`MAX_REQUEST_BYTES`] bytes (a longer text goes alone; DeepL then answers 413).
fn requests(texts: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, t) in texts.iter().enumerate() {
        // JSON quoting and escapes: a little more than the text itself.
        let size = t.len() + t.matches(['"', '\\']).count() + 8;
        if i > start && (i - start == MAX_TEXTS || bytes + size > MAX_REQUEST_BYTES) {
            ranges.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    if start < texts.len() {
        ranges.push(start..texts.len());
    }
    ranges
}

/// Plain text with placeholder elements → XML text: escaped (as everywhere, by
/// [`crate::xml::escape_into`]) outside the placeholders.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for m in PLACEHOLDER.find_iter(text) {
        crate::xml::escape_into(&mut out, &text[last..m.start()]);
        out.push_str(m.as_str());
        last = m.end();
    }
    crate::xml::escape_into(&mut out, &text[last..]);
    out
}

/// XML text from DeepL → plain text: entities resolved, placeholder elements written back as
/// empty elements (`<x id="3"></x>` → `<x id="3"/>`).
pub fn unescape(text: &str) -> String {
    let text = PLACEHOLDER.replace_all(text, |c: &regex::Captures<'_>| {
        let m = &c[0];
        match m.find("></") {
            Some(i) => format!("{}/>", m[..i].trim_end()),
            None => m.to_string(),
        }
    });
    ENTITY
        .replace_all(&text, |c: &regex::Captures<'_>| {
            let name = &c[1];
            let ch = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if name.starts_with("#x") => {
                    u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32)
                }
                _ => name[1..].parse().ok().and_then(char::from_u32),
            };
            ch.map_or_else(|| c[0].to_string(), String::from)
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_names_the_variable() {
        let spec = EngineSpec { kind: "deepl".into(), ..EngineSpec::default() };
        let glossary = Glossary::new(Vec::new());
        for env in [None, Some(String::new()), Some("   ".to_string())] {
            let err = Deepl::connect_with(&spec, &glossary, "de", "en", Retry::default(), |_| env.clone())
                .expect_err("no key");
            assert!(matches!(err, EngineError::Setup { .. }), "{err}");
            assert!(err.to_string().contains("DEEPL_AUTH_KEY"), "{err}");
        }
    }

    #[test]
    fn free_keys_go_to_the_free_endpoint() {
        let table = [
            ("0f3a9c1e-1111-2222-3333-444455556666:fx", FREE_URL),
            ("0f3a9c1e-1111-2222-3333-444455556666", PRO_URL),
            ("abc:fx\n", FREE_URL),
            ("abc:fxy", PRO_URL),
        ];
        for (key, url) in table {
            assert_eq!(base_url(key), url, "{key}");
        }
    }

    #[test]
    fn target_codes_follow_deepls_variants() {
        let table = [
            ("en", "EN-GB"),
            ("en-US", "EN-US"),
            ("en_us", "EN-US"),
            ("en-AU", "EN-GB"),
            ("pt", "PT-PT"),
            ("pt-BR", "PT-BR"),
            ("zh-Hant", "ZH-HANT"),
            ("es-419", "ES-419"),
            ("es", "ES"),
            ("de", "DE"),
            ("de-AT", "DE"),
            ("FR", "FR"),
        ];
        for (tag, code) in table {
            assert_eq!(target_code(tag), code, "{tag}");
        }
    }

    #[test]
    fn placeholders_survive_escaping_and_entities_come_back() {
        let table = [
            (
                "Umsatz von <x id=\"0\"/> im Jahr <x id=\"1\"/>.",
                "Umsatz von <x id=\"0\"/> im Jahr <x id=\"1\"/>.",
            ),
            ("Müller & Söhne <GmbH> a<b", "Müller &amp; Söhne &lt;GmbH&gt; a&lt;b"),
            ("AT&T kauft <x id=\"12\" />", "AT&amp;T kauft <x id=\"12\" />"),
            ("<y id=\"1\"/>", "&lt;y id=&quot;1&quot;/&gt;"),
        ];
        for (plain, xml) in table {
            assert_eq!(escape(plain), xml, "{plain}");
            assert_eq!(unescape(xml), plain, "{xml}");
        }
        let back = [
            ("Revenue of <x id=\"0\"></x> in <x id=\"1\"/>.", "Revenue of <x id=\"0\"/> in <x id=\"1\"/>."),
            ("Smith &amp; Sons &#8364; &#x20AC; &quot;q&quot; &apos;", "Smith & Sons € € \"q\" '"),
            ("&bogus; & &#xFFFFFFF;", "&bogus; & &#xFFFFFFF;"),
        ];
        for (xml, plain) in back {
            assert_eq!(unescape(xml), plain, "{xml}");
        }
    }

    #[test]
    fn requests_hold_fifty_texts_and_stay_under_the_size_limit() {
        let short: Vec<String> = (0..120).map(|i| format!("Satz {i}.")).collect();
        let sizes: Vec<usize> = requests(&short).iter().map(ExactSizeIterator::len).collect();
        assert_eq!(sizes, [50, 50, 20]);
        let long: Vec<String> = (0..10).map(|_| "x".repeat(30_000)).collect();
        let sizes: Vec<usize> = requests(&long).iter().map(ExactSizeIterator::len).collect();
        assert_eq!(sizes, [4, 4, 2]);
        let huge = vec!["y".repeat(200_000), "kurz".to_string()];
        let sizes: Vec<usize> = requests(&huge).iter().map(ExactSizeIterator::len).collect();
        assert_eq!(sizes, [1, 1]);
        assert!(requests(&[]).is_empty());
    }

    #[test]
    fn glossary_entries_hold_one_preferred_target_per_source_term() {
        let csv = "concept,lang,term,status,match,note\n\
            damages,de,Schadensersatz,preferred,,\n\
            damages,de,Schadenersatz,admitted,,\n\
            damages,en,damages,preferred,,\n\
            damages,en,compensation,admitted,,\n\
            damages,en,indemnity,forbidden,,\n\
            court,de,Landgericht,preferred,,\n\
            court,en,Regional Court,preferred,,\n\
            only_de,de,Vergleich,preferred,,\n\
            siemens,de,Siemens,preferred,case,\n\
            siemens,en,Siemens,preferred,case,\n";
        let g = Glossary::from_csv_str("test.csv", csv).expect("valid glossary");
        let tsv = glossary_entries(&g, "de", "en-GB");
        let mut lines: Vec<&str> = tsv.lines().collect();
        lines.sort_unstable();
        assert_eq!(
            lines,
            [
                "Landgericht\tRegional Court",
                "Schadenersatz\tdamages",
                "Schadensersatz\tdamages",
                "Siemens\tSiemens"
            ]
        );
        let name = glossary_name("de", "en", &tsv);
        assert!(name.starts_with("lexbridge de-en "), "{name}");
        assert_eq!(name, glossary_name("de", "en", &tsv));
        assert_ne!(name, glossary_name("de", "en", "Landgericht\tRegional Court\n"));
        assert!(glossary_entries(&g, "de", "fr").is_empty());
    }
}
