//! Anchor keys for the aligner, from sentence text: what two sentences that translate each other
//! have in common whatever their languages.
//!
//! Besides the keys the caller already has (normalized figures, glossary concepts), a sentence
//! gets its names, acronyms, numbers, URLs and e-mail addresses — but only those that also occur
//! somewhere in the other document, so German nouns, capitalized like names, do not count — and,
//! with a bilingual word list (`--dictionary`), the translations its words have in that list.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::Unit;

/// What the anchor builder needs of a sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures<'a> {
    pub text: &'a str,
    pub paragraph_start: bool,
    /// Keys that are language-neutral already (figure values, glossary concepts).
    pub keys: Vec<String>,
    /// The sentence's words ([`crate::segment::words`]) as byte ranges of `text`, where the
    /// caller has them (`None`: split here).
    pub words: Option<&'a [(u32, u32)]>,
}

/// A bilingual word list: source word → its target translations, all lowercase.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    translations: HashMap<String, Vec<String>>,
    targets: HashSet<String>,
}

/// A row of a word list that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: line {line}: {message}")]
pub struct DictionaryError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl Dictionary {
    /// Reads two columns separated by a tab (or, failing that, a comma): source word, target
    /// word. Blank lines and lines starting with `#` are skipped.
    pub fn parse(path: &str, text: &str) -> Result<Dictionary, DictionaryError> {
        let mut d = Dictionary::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts = line.split_once('\t').or_else(|| line.split_once(','));
            let Some((s, t)) = parts.map(|(s, t)| (s.trim().to_lowercase(), t.trim().to_lowercase())) else {
                return Err(DictionaryError {
                    path: path.to_string(),
                    line: i + 1,
                    message: "expected two columns, source word and target word, separated by a tab".into(),
                });
            };
            if t.contains('\t') {
                return Err(DictionaryError {
                    path: path.to_string(),
                    line: i + 1,
                    message: "more than two columns; give one source word and one target word".into(),
                });
            }
            if s.is_empty() || t.is_empty() {
                return Err(DictionaryError {
                    path: path.to_string(),
                    line: i + 1,
                    message: "an empty column".into(),
                });
            }
            d.targets.insert(t.clone());
            d.translations.entry(s).or_default().push(t);
        }
        Ok(d)
    }

    pub fn len(&self) -> usize {
        self.translations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.translations.is_empty()
    }
}

/// A word of a sentence and whether it identifies the sentence across languages: a name or
/// acronym (capitalized, not the first word), anything with a digit, a URL or an e-mail address.
#[derive(Debug, Clone, Copy)]
struct Word<'t> {
    text: &'t str,
    /// An identifier wherever it stands (two capitals, a digit, `.` or `@`).
    anywhere: bool,
    /// An identifier past the first word (also: three letters or more, capitalized).
    inside: bool,
    /// For an `inside` word, the number of its text among the pair's (see [`units`]).
    id: u32,
}

/// What a byte says of an ASCII word: [`UPPER`], [`DIGIT`], [`MARK`] (`.` or `@`), or
/// [`NON_ASCII`] (the word needs a look at its characters).
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'.' || c == b'@' {
            MARK
        } else {
            0
        };
        b += 1;
    }
    t
};
const UPPER: u8 = 1;
const DIGIT: u8 = 2;
const MARK: u8 = 4;
const NON_ASCII: u8 = 8;

impl<'t> Word<'t> {
    /// Classifies `text` in one pass over its bytes, or, with letters beyond ASCII, over its
    /// characters.
    #[inline]
    fn new(text: &'t str) -> Word<'t> {
        let bytes = text.as_bytes();
        let (mut caps, mut seen) = (0usize, 0u8);
        for &b in bytes {
            let class = BYTE_CLASS[b as usize];
            caps += usize::from(class & UPPER);
            seen |= class;
        }
        if seen & NON_ASCII == 0 {
            let anywhere = caps >= 2 || seen & (DIGIT | MARK) != 0;
            let first_upper = bytes.first().is_some_and(u8::is_ascii_uppercase);
            return Word { text, anywhere, inside: anywhere || bytes.len() >= 3 && first_upper, id: 0 };
        }
        let (mut caps, mut count, mut digit, mut mark, mut first_upper) =
            (0usize, 0usize, false, false, false);
        for c in text.chars() {
            if c.is_uppercase() {
                caps += 1;
                first_upper |= count == 0;
            }
            digit |= c.is_ascii_digit();
            mark |= c == '.' || c == '@';
            count += 1;
        }
        let anywhere = caps >= 2 || digit || mark;
        Word { text, anywhere, inside: anywhere || count >= 3 && first_upper, id: 0 }
    }

    /// Whether this word, the `i`-th of its sentence, is an identifier.
    fn identifies_at(&self, i: usize) -> bool {
        self.anywhere || i > 0 && self.inside
    }
}

/// The words of a side's sentences, in order, one after the other.
struct SideWords<'t> {
    words: Vec<Word<'t>>,
    /// Where each sentence's words end in `words`.
    ends: Vec<usize>,
}

impl<'t> SideWords<'t> {
    fn new(side: &[SentenceFeatures<'t>]) -> SideWords<'t> {
        let given: usize = side.iter().map(|s| s.words.map_or(0, <[_]>::len)).sum();
        let mut words = Vec::with_capacity(given);
        let mut ends = Vec::with_capacity(side.len());
        for s in side {
            match s.words {
                Some(spans) => words.extend(
                    spans.iter().filter_map(|&(a, b)| s.text.get(a as usize..b as usize)).map(Word::new),
                ),
                None => words.extend(crate::segment::words(s.text).map(Word::new)),
            }
            ends.push(words.len());
        }
        SideWords { words, ends }
    }

    /// The words of each sentence.
    fn sentences(&self) -> impl Iterator<Item = &[Word<'t>]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.words[a..b])
    }
}

/// Builds the aligner's units for both sides.
pub fn units<'t>(
    src: &[SentenceFeatures<'t>],
    tgt: &[SentenceFeatures<'t>],
    dictionary: Option<&Dictionary>,
) -> (Vec<Unit>, Vec<Unit>) {
    // An identifier of one document counts where the other document has the same token:
    // "Meta" opening an English sentence still matches "Meta" inside a German one.
    let (mut src_words, mut tgt_words) = (SideWords::new(src), SideWords::new(tgt));
    // A shared identifier is the same string on both sides, so only the words that can be one
    // are numbered, each text once: `sides` says which side has it as such a word (1 the
    // source, 2 the target). Most words are never hashed, and none twice.
    let candidates = src_words.words.iter().chain(&tgt_words.words).filter(|w| w.inside).count();
    let mut ids: HashMap<&'t str, u32> = HashMap::with_capacity_and_hasher(candidates, Default::default());
    let mut sides: Vec<u8> = Vec::new();
    for (bit, words) in [(1u8, &mut src_words), (2, &mut tgt_words)] {
        for w in words.words.iter_mut().filter(|w| w.inside) {
            let next = sides.len() as u32;
            let id = *ids.entry(w.text).or_insert(next);
            if id == next {
                sides.push(0);
            }
            sides[id as usize] |= bit;
            w.id = id;
        }
    }
    let mut shared = vec![false; sides.len()];
    for (bit, words) in [(1u8, &src_words), (2, &tgt_words)] {
        for sentence in words.sentences() {
            for (i, w) in sentence.iter().enumerate() {
                // An identifier is always `inside`, so it has a number.
                if w.identifies_at(i) && sides[w.id as usize] & !bit != 0 {
                    shared[w.id as usize] = true;
                }
            }
        }
    }
    let build = |side: &[SentenceFeatures], words: &SideWords, is_source: bool| -> Vec<Unit> {
        side.iter()
            .zip(words.sentences())
            .map(|(s, words)| {
                let mut anchors = Vec::with_capacity(s.keys.len() + 4);
                anchors.extend(s.keys.iter().cloned());
                anchors.extend(
                    words
                        .iter()
                        .filter(|w| w.inside && shared[w.id as usize])
                        .map(|w| ["name:", w.text].concat()),
                );
                if let Some(d) = dictionary {
                    for w in words.iter().map(|w| w.text.to_lowercase()) {
                        if is_source {
                            for t in d.translations.get(&w).into_iter().flatten() {
                                anchors.push(format!("dict:{t}"));
                            }
                        } else if d.targets.contains(&w) {
                            anchors.push(format!("dict:{w}"));
                        }
                    }
                }
                anchors.sort_unstable();
                anchors.dedup();
                Unit { len: s.text.chars().count(), anchors, paragraph_start: s.paragraph_start }
            })
            .collect()
    };
    (build(src, &src_words, true), build(tgt, &tgt_words, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> SentenceFeatures<'_> {
        SentenceFeatures { text, paragraph_start: false, keys: vec![], words: None }
    }

    #[test]
    fn shared_names_numbers_and_urls_become_anchors() {
        let (s, t) = units(
            &[f("Der Konzern Meta muss laut heise.de an 1.400 Nutzer zahlen."), f("Das Gericht tagte.")],
            &[f("Meta must pay 1,400 users, heise.de reports."), f("The court sat.")],
            None,
        );
        assert_eq!(s[0].anchors, ["name:Meta", "name:heise.de"]);
        assert_eq!(t[0].anchors, ["name:Meta", "name:heise.de"]);
        assert!(s[1].anchors.is_empty(), "German nouns only one side has are not anchors");
    }

    /// The definition the one-pass [`Word::new`] must agree with.
    fn is_identifier(i: usize, w: &str) -> bool {
        let caps = w.chars().filter(|c| c.is_uppercase()).count();
        (i > 0 && w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
            || caps >= 2
            || w.chars().any(|c| c.is_ascii_digit())
            || w.contains(['.', '@'])
    }

    #[test]
    fn words_are_classified_as_the_definition_says() {
        let words = [
            "Meta",
            "Me",
            "meta",
            "EuGH",
            "ÖSTERREICH",
            "Über",
            "Üb",
            "heise.de",
            "a@b",
            "COVID-19",
            "5G",
            "x",
            "",
            "ÄÖ",
            "ßtraße",
            "Ärger",
            "iPhone",
            "eBay",
            "1.400",
            "Ǆemal",
            "ǅx",
            "Abc",
            "ABC",
            "x@",
            "Ab1",
            "Zürich",
        ];
        for w in words {
            for i in [0, 1, 7] {
                assert_eq!(Word::new(w).identifies_at(i), is_identifier(i, w), "{w:?} at {i}");
            }
            assert_eq!(Word::new(w).inside, is_identifier(1, w), "{w:?}");
        }
    }

    #[test]
    fn a_dictionary_links_translated_words() {
        let d = Dictionary::parse("d.tsv", "# word list\nklage\tlawsuit\ngericht\tcourt\n").unwrap();
        let (s, t) = units(&[f("Die Klage scheiterte.")], &[f("The lawsuit failed.")], Some(&d));
        assert_eq!(s[0].anchors, ["dict:lawsuit"]);
        assert_eq!(t[0].anchors, ["dict:lawsuit"]);
        let e = Dictionary::parse("d.tsv", "klage\tlawsuit\nkaputt\n").unwrap_err();
        assert_eq!((e.line, e.to_string().starts_with("d.tsv: line 2")), (2, true));
        let e = Dictionary::parse("d.tsv", "# x\nklage\tlawsuit\tsuit\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
