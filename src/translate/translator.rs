//! The translator: the translation memory first, then the engine for what the TM lacks.
//!
//! For a list of sentences: repeated sentences are translated once; exact TM matches are used as
//! they are (origin `tm`); without an engine (`--engine tm`) the best fuzzy match at or above the
//! threshold is used (origin `tm:<score>`); with an engine the misses are protected
//! ([`super::protect`]), sent in batches of `engine.max_batch()`, at most `concurrency` calls at a
//! time across all threads using this translator, restored, enforced ([`super::enforce`]) and
//! written to the TM (origin `mt:<engine>`). A fuzzy match is never used when there is an
//! engine: MT of the actual sentence is better than the translation of a different one.
//!
//! Transient engine failures are retried with exponential backoff; a quota or authorization
//! failure stops this call and every later one with the same error, so a run does not hammer an
//! engine that refuses it. A translation whose placeholders were lost is returned with its
//! findings but not stored: a TM hit is trusted without checks.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use super::tm::{self, NewUnit, Tm, TmError};
use super::{enforce, protect, Engine, EngineError, Issue};
use crate::check::Severity;
use crate::glossary::Glossary;

/// Why a translation could not be done.
#[derive(Debug, thiserror::Error)]
pub enum TranslateError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Tm(#[from] TmError),
}

/// A sentence's translation and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translated {
    /// Empty when there is none (`origin` is then `none`).
    pub target: String,
    /// `tm`, `tm:<score>`, `mt:<engine>` or `none`.
    pub origin: String,
    /// Protection and enforcement findings.
    pub issues: Vec<Issue>,
}

/// Counters for a summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TranslatorStats {
    /// Engine calls made (batches, retries included).
    pub engine_calls: u64,
    /// Sentences sent to the engine.
    pub mt_sentences: u64,
    /// Sentences found in the TM (exact or fuzzy).
    pub tm_hits: u64,
}

/// The TM and the engine of a run or a `translate` call, shared by all workers.
pub struct Translator {
    engine: Option<Box<dyn Engine>>,
    tm: Option<Tm>,
    from: String,
    to: String,
    concurrency: usize,
    retries: u32,
    backoff: Duration,
    /// Units stored after this id (during this run) count as found only when machine-made, and
    /// then keep their `mt:` origin: the output does not depend on which article ran first.
    visible_up_to: Option<i64>,
    /// Whether originals without a translation are to be translated (an engine, or `tm`).
    translates: bool,
    slots: Mutex<usize>,
    slot_freed: Condvar,
    stopped: Mutex<Option<(bool, String, String)>>,
    engine_calls: AtomicU64,
    mt_sentences: AtomicU64,
    tm_hits: AtomicU64,
}

impl std::fmt::Debug for Translator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translator")
            .field("engine", &self.engine.as_ref().map(|e| e.name().to_string()))
            .field("tm", &self.tm)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("concurrency", &self.concurrency)
            .finish()
    }
}

impl Translator {
    /// A translator from `from` to `to`. `engine` None is the `tm` (or `none`) engine.
    pub fn new(engine: Option<Box<dyn Engine>>, tm: Option<Tm>, from: &str, to: &str) -> Translator {
        let translates = engine.is_some();
        Translator {
            engine,
            tm,
            from: from.to_string(),
            to: to.to_string(),
            concurrency: 4,
            retries: 3,
            backoff: Duration::from_millis(500),
            visible_up_to: None,
            translates,
            slots: Mutex::new(0),
            slot_freed: Condvar::new(),
            stopped: Mutex::new(None),
            engine_calls: AtomicU64::new(0),
            mt_sentences: AtomicU64::new(0),
            tm_hits: AtomicU64::new(0),
        }
    }

    /// At most `n` engine calls at a time (at least 1).
    pub fn with_concurrency(mut self, n: usize) -> Translator {
        self.concurrency = n.max(1);
        self
    }

    /// Retries of a transient failure, and the first wait (doubled on each retry).
    pub fn with_retries(mut self, retries: u32, backoff: Duration) -> Translator {
        self.retries = retries;
        self.backoff = backoff;
        self
    }

    /// Makes lookups independent of the order articles are processed in: units this run adds
    /// from human translations are used from the next run on. For `run`.
    pub fn freeze_tm_view(mut self) -> Result<Translator, TmError> {
        if let Some(tm) = &self.tm {
            self.visible_up_to = Some(tm.max_id()?);
        }
        Ok(self)
    }

    /// The `tm` engine: translates from the translation memory alone (fuzzy matches included).
    pub fn tm_only(mut self) -> Translator {
        self.translates = true;
        self
    }

    /// Whether this translator is to fill in originals without a translation (`false` for the
    /// `none` engine, whose TM is only filled).
    pub fn translates(&self) -> bool {
        self.translates
    }

    pub fn tm(&self) -> Option<&Tm> {
        self.tm.as_ref()
    }

    pub fn engine_name(&self) -> Option<&str> {
        self.engine.as_deref().map(Engine::name)
    }

    pub fn from_lang(&self) -> &str {
        &self.from
    }

    pub fn to_lang(&self) -> &str {
        &self.to
    }

    pub fn stats(&self) -> TranslatorStats {
        TranslatorStats {
            engine_calls: self.engine_calls.load(Ordering::Relaxed),
            mt_sentences: self.mt_sentences.load(Ordering::Relaxed),
            tm_hits: self.tm_hits.load(Ordering::Relaxed),
        }
    }

    fn stopped_error(&self) -> Option<EngineError> {
        let s = self.stopped.lock().unwrap_or_else(|p| p.into_inner());
        s.as_ref().map(|(quota, engine, message)| {
            let (engine, message) = (engine.clone(), message.clone());
            if *quota {
                EngineError::Quota { engine, message }
            } else {
                EngineError::Auth { engine, message }
            }
        })
    }

    /// Translates `sentences`; one result per sentence, same order.
    pub fn translate(
        &self,
        sentences: &[&str],
        glossary: &Glossary,
    ) -> Result<Vec<Translated>, TranslateError> {
        let mut results: Vec<Option<Translated>> = vec![None; sentences.len()];
        // The first occurrence of each distinct sentence; the others copy it at the end.
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut copy_of: Vec<Option<usize>> = vec![None; sentences.len()];
        let mut unique: Vec<usize> = Vec::new();
        for (i, s) in sentences.iter().enumerate() {
            let key = tm::normalize(s);
            if key.is_empty() {
                results[i] = Some(none());
                continue;
            }
            match first.get(&key) {
                Some(&j) => copy_of[i] = Some(j),
                None => {
                    first.insert(key, i);
                    unique.push(i);
                }
            }
        }
        let mut misses: Vec<usize> = Vec::new();
        if let Some(tm) = &self.tm {
            let srcs: Vec<&str> = unique.iter().map(|&i| sentences[i]).collect();
            let found = tm.exact_many_visible(&srcs, &self.from, &self.to, self.visible_up_to)?;
            for (&i, m) in unique.iter().zip(found) {
                match m {
                    Some((m, fresh)) => {
                        self.tm_hits.fetch_add(1, Ordering::Relaxed);
                        let origin = if fresh { m.provenance.clone() } else { m.origin() };
                        results[i] = Some(Translated { target: m.target, origin, issues: Vec::new() });
                    }
                    None => misses.push(i),
                }
            }
        } else {
            misses = unique;
        }
        match &self.engine {
            None => {
                for &i in &misses {
                    let fuzzy = match &self.tm {
                        Some(tm) => {
                            tm.fuzzy_visible(sentences[i], &self.from, &self.to, 1, self.visible_up_to)?.pop()
                        }
                        None => None,
                    };
                    results[i] = Some(match fuzzy {
                        Some(m) => {
                            self.tm_hits.fetch_add(1, Ordering::Relaxed);
                            Translated { origin: m.origin(), target: m.target, issues: Vec::new() }
                        }
                        None => none(),
                    });
                }
            }
            Some(engine) if !misses.is_empty() => {
                let done = self.machine_translate(engine.as_ref(), sentences, &misses, glossary)?;
                for (i, t) in done {
                    results[i] = Some(t);
                }
            }
            Some(_) => {}
        }
        for i in 0..sentences.len() {
            if let Some(j) = copy_of[i] {
                results[i] = results[j].clone();
            }
        }
        Ok(results.into_iter().map(|r| r.unwrap_or_else(none)).collect())
    }

    fn machine_translate(
        &self,
        engine: &dyn Engine,
        sentences: &[&str],
        misses: &[usize],
        glossary: &Glossary,
    ) -> Result<Vec<(usize, Translated)>, TranslateError> {
        if let Some(e) = self.stopped_error() {
            return Err(e.into());
        }
        let markup = engine.markup();
        let protected: Vec<protect::Protected> = misses
            .iter()
            .map(|&i| protect::protect(sentences[i], &self.from, &self.to, glossary, markup))
            .collect();
        let size = engine.max_batch().max(1);
        let batches: Vec<(usize, usize)> =
            (0..misses.len()).step_by(size).map(|s| (s, (s + size).min(misses.len()))).collect();
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let error: Mutex<Option<TranslateError>> = Mutex::new(None);
        let out: Mutex<Vec<(usize, Translated)>> = Mutex::new(Vec::with_capacity(misses.len()));
        let workers = self.concurrency.min(batches.len()).max(1);
        let origin = format!("mt:{}", engine.name());
        let work = || {
            while !failed.load(Ordering::Relaxed) {
                let b = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(lo, hi)) = batches.get(b) else { break };
                let texts: Vec<String> = protected[lo..hi].iter().map(|p| p.text.clone()).collect();
                let result = self.call(engine, &texts).and_then(|mt| {
                    let mut done = Vec::with_capacity(mt.len());
                    let mut units_src = Vec::new();
                    for (k, raw) in mt.into_iter().enumerate() {
                        let i = misses[lo + k];
                        let (restored, mut issues) = protect::restore(&raw, &protected[lo + k]);
                        let (target, enforced) =
                            enforce::enforce(sentences[i], &restored, &self.from, &self.to, glossary);
                        let lost = issues.iter().any(|x| x.severity == Severity::Error);
                        issues.extend(enforced);
                        if !lost && !target.trim().is_empty() {
                            units_src.push((i, target.clone()));
                        }
                        done.push((i, Translated { target, origin: origin.clone(), issues }));
                    }
                    if let Some(tm) = &self.tm {
                        let units: Vec<NewUnit> = units_src
                            .iter()
                            .map(|(i, t)| NewUnit {
                                from: &self.from,
                                to: &self.to,
                                source: sentences[*i],
                                target: t,
                                provenance: &origin,
                            })
                            .collect();
                        tm.insert(&units)?;
                    }
                    Ok(done)
                });
                match result {
                    Ok(done) => out.lock().unwrap_or_else(|p| p.into_inner()).extend(done),
                    Err(e) => {
                        failed.store(true, Ordering::Relaxed);
                        let mut slot = error.lock().unwrap_or_else(|p| p.into_inner());
                        if slot.is_none() {
                            *slot = Some(e);
                        }
                    }
                }
            }
        };
        if workers == 1 {
            work();
        } else {
            std::thread::scope(|scope| {
                for _ in 0..workers {
                    scope.spawn(work);
                }
            });
        }
        if let Some(e) = error.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e);
        }
        Ok(out.into_inner().unwrap_or_else(|p| p.into_inner()))
    }

    /// One batch through the engine: a free slot first, transient failures retried.
    fn call(&self, engine: &dyn Engine, texts: &[String]) -> Result<Vec<String>, TranslateError> {
        let mut wait = self.backoff;
        let mut attempt = 0;
        loop {
            if let Some(e) = self.stopped_error() {
                return Err(e.into());
            }
            {
                let mut busy = self.slots.lock().unwrap_or_else(|p| p.into_inner());
                while *busy >= self.concurrency {
                    busy = self.slot_freed.wait(busy).unwrap_or_else(|p| p.into_inner());
                }
                *busy += 1;
            }
            self.engine_calls.fetch_add(1, Ordering::Relaxed);
            let r = engine.translate(texts, &self.from, &self.to);
            {
                let mut busy = self.slots.lock().unwrap_or_else(|p| p.into_inner());
                *busy -= 1;
                self.slot_freed.notify_one();
            }
            match r {
                Ok(v) if v.len() == texts.len() => {
                    self.mt_sentences.fetch_add(texts.len() as u64, Ordering::Relaxed);
                    return Ok(v);
                }
                Ok(v) => {
                    return Err(EngineError::BadRequest {
                        engine: engine.name().to_string(),
                        message: format!("returned {} translations for {} sentences", v.len(), texts.len()),
                    }
                    .into())
                }
                Err(EngineError::Transient { .. }) if attempt < self.retries => {
                    attempt += 1;
                    std::thread::sleep(wait);
                    wait *= 2;
                }
                Err(e) => {
                    if let EngineError::Quota { engine, message } | EngineError::Auth { engine, message } = &e
                    {
                        let quota = matches!(e, EngineError::Quota { .. });
                        *self.stopped.lock().unwrap_or_else(|p| p.into_inner()) =
                            Some((quota, engine.clone(), message.clone()));
                    }
                    return Err(e.into());
                }
            }
        }
    }
}

fn none() -> Translated {
    Translated { target: String::new(), origin: "none".to_string(), issues: Vec::new() }
}

/// The term and figure checks of one translated sentence against its source, as findings.
pub fn check_sentence(source: &str, target: &str, from: &str, to: &str, glossary: &Glossary) -> Vec<Issue> {
    if target.trim().is_empty() {
        return Vec::new();
    }
    let whole = |t: &str| vec![crate::segment::Sentence { start: 0, end: t.len() }];
    let s = crate::pipeline::analyze_sentences(source, whole(source), from, glossary);
    let t = crate::pipeline::analyze_sentences(target, whole(target), to, glossary);
    let links = [crate::align::Link { src: vec![0], tgt: vec![0], score: 1.0 }];
    crate::check::check_pair(&s.side(source), &t.side(target), &links, glossary)
        .into_iter()
        .map(|f| Issue {
            check: f.check,
            severity: f.severity,
            expected: f.expected,
            found: f.found,
            message: f.message,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;

    /// Upper-cases; counts calls; fails transiently the first `flaky` calls.
    struct Upper {
        calls: Arc<AtomicU64>,
        flaky: u64,
        quota: bool,
    }

    impl Engine for Upper {
        fn name(&self) -> &str {
            "upper"
        }
        fn max_batch(&self) -> usize {
            2
        }
        fn translate(&self, batch: &[String], _: &str, _: &str) -> Result<Vec<String>, EngineError> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if self.quota {
                return Err(EngineError::Quota { engine: "upper".into(), message: "456".into() });
            }
            if n < self.flaky {
                return Err(EngineError::Transient { engine: "upper".into(), message: "503".into() });
            }
            Ok(batch.iter().map(|s| s.to_uppercase()).collect())
        }
    }

    fn glossary() -> Glossary {
        Glossary::from_csv_str("t.csv", "concept,lang,term,status,match,note\n").unwrap()
    }

    fn upper(flaky: u64, quota: bool) -> (Box<dyn Engine>, Arc<AtomicU64>) {
        let calls = Arc::new(AtomicU64::new(0));
        (Box::new(Upper { calls: calls.clone(), flaky, quota }), calls)
    }

    #[test]
    fn tm_first_then_batched_mt_and_nothing_twice() {
        let (engine, calls) = upper(0, false);
        let tm = Tm::in_memory().unwrap();
        tm.insert(&[NewUnit {
            from: "de",
            to: "en",
            source: "Bekannt.",
            target: "Known.",
            provenance: "aligned",
        }])
        .unwrap();
        let t = Translator::new(Some(engine), Some(tm), "de", "en").with_concurrency(2);
        let g = glossary();
        let input = ["Bekannt.", "Apfel.", "Birne.", "Apfel.", "", "Kirsche."];
        let out = t.translate(&input, &g).unwrap();
        let got: Vec<(&str, &str)> = out.iter().map(|r| (r.target.as_str(), r.origin.as_str())).collect();
        assert_eq!(
            got,
            [
                ("Known.", "tm"),
                ("APFEL.", "mt:upper"),
                ("BIRNE.", "mt:upper"),
                ("APFEL.", "mt:upper"),
                ("", "none"),
                ("KIRSCHE.", "mt:upper")
            ]
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2, "three distinct misses in batches of two");
        let again = t.translate(&input, &g).unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "the second pass is served by the TM");
        assert_eq!(again[2].origin, "tm");
    }

    #[test]
    fn transient_failures_are_retried_and_quota_stops_everything() {
        let (engine, calls) = upper(2, false);
        let t = Translator::new(Some(engine), None, "de", "en").with_retries(3, Duration::from_millis(1));
        assert_eq!(t.translate(&["eins."], &glossary()).unwrap()[0].target, "EINS.");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        let (engine, calls) = upper(0, true);
        let t = Translator::new(Some(engine), None, "de", "en");
        let e = t.translate(&["eins."], &glossary()).unwrap_err().to_string();
        assert!(e.contains("quota exceeded"), "{e}");
        assert!(t.translate(&["zwei."], &glossary()).is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1, "no call after a quota error");
    }

    #[test]
    fn without_an_engine_fuzzy_matches_are_used_with_their_score() {
        let tm = Tm::in_memory().unwrap();
        tm.insert(&[NewUnit {
            from: "de",
            to: "en",
            source: "Das Gericht wies die Klage ab.",
            target: "The court dismissed the action.",
            provenance: "aligned",
        }])
        .unwrap();
        let t = Translator::new(None, Some(tm), "de", "en");
        let out =
            t.translate(&["Das Landgericht wies die Klage ab.", "Etwas ganz anderes."], &glossary()).unwrap();
        assert_eq!((out[0].origin.as_str(), out[1].origin.as_str()), ("tm:85", "none"));
    }
}
