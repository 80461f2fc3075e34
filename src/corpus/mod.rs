//! Reading articles: `<id>.<lang>.txt|md` files with optional front matter, and JSONL files
//! with one article per line; boilerplate cleaning by the rule list in `data/boilerplate.txt`.
//!
//! Every input file and every JSONL line becomes exactly one [`Entry`]: an article, a failure
//! that names the file, the line and what to do, or a skipped file that is not an article. This
//! module never drops an input silently and never panics on bad input; it does not detect
//! languages (see [`crate::lang`]) or pair articles (see [`crate::pipeline`]).

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::collections::BinaryHeap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

/// Where an article came from: a file and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// One article in one language, cleaned of boilerplate.
///
/// `text` is the title, the teaser and the body joined by blank lines; `title`, `teaser` and
/// `body` are byte ranges into it. Sentence offsets elsewhere refer to `text`.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    /// The declared language (file name, front matter or JSONL field), if any.
    pub lang: Option<String>,
    pub text: String,
    pub title: Range<usize>,
    pub teaser: Range<usize>,
    pub body: Range<usize>,
    /// Front-matter keys or extra JSONL fields (`date`, `url`, `translation_of`…).
    pub meta: BTreeMap<String, String>,
    pub origin: Origin,
    /// How many boilerplate lines or sigles were removed.
    pub boilerplate_removed: usize,
}

impl Article {
    pub fn title(&self) -> &str {
        &self.text[self.title.clone()]
    }
    pub fn teaser(&self) -> &str {
        &self.text[self.teaser.clone()]
    }
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }
    /// The id of the original this article translates: `translation_of` if given, else its id.
    pub fn group_id(&self) -> &str {
        self.meta.get("translation_of").map_or(&self.id, String::as_str)
    }
}

/// Why an input could not be read as an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read the file: {0}; check that it exists and is readable")]
    Unreadable(String),
    #[error("not a regular file ({0}); articles are regular .txt, .md or .jsonl files")]
    NotAFile(&'static str),
    #[error("cannot list the folder: {0}; its articles were not read: check its permissions")]
    Unlistable(String),
    #[error("UTF-16 text; re-save the file as UTF-8")]
    Utf16,
    #[error("the article is empty; remove the file or add a title and text")]
    Empty,
    #[error("binary data (a NUL byte at byte {0}); only UTF-8 text files are articles")]
    Binary(usize),
    #[error("invalid UTF-8 at byte {byte} (line {line}); re-save the file as UTF-8")]
    InvalidUtf8 { byte: usize, line: usize },
    #[error("front matter opened with '---' on line 1 is never closed; add a line '---' after the last key")]
    UnclosedFrontMatter,
    #[error("front matter line {0} is not 'key: value'; fix or remove it")]
    BadFrontMatter(usize),
    #[error("front matter line {line}: '{key}' is empty; give a value or remove the line")]
    EmptyFrontMatterValue { line: usize, key: String },
    #[error("invalid JSON: {0}; each line must be one JSON object")]
    BadJson(String),
    #[error("field '{0}' is missing or not a string; each JSONL article needs id and body")]
    MissingField(&'static str),
    #[error("field '{0}' is not a string; write it as a JSON string or leave it out")]
    NotAString(&'static str),
    #[error("duplicate article: id '{id}' in language '{lang}' was already read from {first}; give each article a unique id")]
    Duplicate { id: String, lang: String, first: String },
}

/// An input that is not an article.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The article id if it could be known (from the file name), else `<file>#<line>`.
    pub id: String,
    pub lang: Option<String>,
    pub origin: Origin,
    pub error: CorpusError,
}

/// What one input file or JSONL line turned into.
#[derive(Debug, Clone)]
pub enum Entry {
    Article(Article),
    Failed(Failure),
    /// A file that is not an article (wrong extension); listed, not processed.
    Skipped {
        origin: Origin,
        reason: String,
    },
}

/// The kind of file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Document,
    Jsonl,
    Other,
}

pub fn file_kind(path: &Path) -> FileKind {
    // Compared without case, not lowercased into a new string: asked three times per file.
    let is = |e: &str, ext: &str| e.eq_ignore_ascii_case(ext);
    let extension = match plain_file_name(path) {
        Some(name) => split_at_last_dot(name).1,
        None => path.extension().and_then(|e| e.to_str()),
    };
    match extension {
        Some(e) if is(e, "txt") || is(e, "md") => FileKind::Document,
        Some(e) if is(e, "jsonl") => FileKind::Jsonl,
        _ => FileKind::Other,
    }
}

/// The file name of `path` as [`Path::file_name`] gives it, found by bytes where that is
/// plain: a UTF-8 path on Unix whose last component is a name (every corpus file). `None`
/// where [`Path`] must decide. Its components cost about 570 instructions per question, and
/// every file is asked its extension and its stem three times in a run.
fn plain_file_name(path: &Path) -> Option<&str> {
    if !cfg!(unix) {
        return None;
    }
    // Cut at the last `/` (an ASCII byte, so the name is whole) and only the name checked.
    let bytes = path.as_os_str().as_encoded_bytes();
    let name = std::str::from_utf8(&bytes[memchr::memrchr(b'/', bytes).map_or(0, |i| i + 1)..]).ok()?;
    (!name.is_empty() && name != "." && name != "..").then_some(name)
}

/// A file name split as [`Path::file_stem`] and [`Path::extension`] split it: at its last
/// dot, unless that is its first character.
fn split_at_last_dot(name: &str) -> (&str, Option<&str>) {
    match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], Some(&name[i + 1..])),
        _ => (name, None),
    }
}

/// Lists the files under `paths` (files as given, directories recursively), sorted; dot files
/// and dot directories are not inputs. A subfolder that cannot be listed is listed as itself,
/// so that [`load`] reports it and the rest of the corpus is read.
///
/// The whole list in memory: [`Discovery`] gives the same files one at a time.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, String)> {
    Ok(Discovery::new(paths)?.collect())
}

/// The files of [`discover`], in the same order (sorted as `PathBuf`s, that is component by
/// component, each path once), found while they are read: each input is walked depth first
/// with every folder's entries sorted by name, which is the sorted order of its paths, and the
/// walks of the inputs are merged, so that overlapping inputs (`corpus corpus/sub`, a file named
/// twice or inside a folder also given) give each path once.
///
/// Memory: one sorted listing per level of depth of each input, never the whole tree. The
/// inputs themselves are checked, and the folders among them listed, by [`Discovery::new`]:
/// an input that does not exist or cannot be listed is an error before any file is given.
pub struct Discovery {
    walks: Vec<Walk>,
    /// The next path of each walk that has one, smallest first; among equal paths, the first
    /// input's (as a stable sort keeps). A heap, so that many inputs (a shell glob of files)
    /// cost a logarithm per path, not a scan of every input.
    heads: BinaryHeap<Reverse<(PathBuf, usize)>>,
}

/// The walk of one input.
enum Walk {
    /// A file given as an input: given once.
    File,
    /// A folder given as an input: the folders being walked, from the input down, each with
    /// its entries not yet walked.
    Tree(Vec<(PathBuf, Listing)>),
}

/// A folder's entries not yet walked, sorted by name in reverse (the next is popped), each with
/// whether it is a folder (not a link to one: links are not followed).
type Listing = Vec<(std::ffi::OsString, bool)>;

impl Discovery {
    /// Checks the inputs and lists the folders among them; an input that does not exist or
    /// cannot be listed is an error with its path and the reason.
    pub fn new(paths: &[PathBuf]) -> Result<Discovery, (PathBuf, String)> {
        let mut walks = Vec::with_capacity(paths.len());
        let mut heads = BinaryHeap::with_capacity(paths.len());
        for (i, path) in paths.iter().enumerate() {
            let meta = std::fs::metadata(path).map_err(|e| (path.clone(), e.to_string()))?;
            let mut walk = if meta.is_dir() {
                let (listing, error) = list(path);
                if let Some(e) = error {
                    return Err((path.clone(), e.to_string()));
                }
                Walk::Tree(vec![(path.clone(), listing)])
            } else {
                Walk::File
            };
            let first = match walk {
                Walk::File => Some(path.clone()),
                Walk::Tree(_) => walk.next(),
            };
            heads.extend(first.map(|p| Reverse((p, i))));
            walks.push(walk);
        }
        Ok(Discovery { walks, heads })
    }

    /// Puts walk `i`'s next path, if any, among the heads.
    fn advance(&mut self, i: usize) {
        if let Some(path) = self.walks[i].next() {
            self.heads.push(Reverse((path, i)));
        }
    }
}

impl Iterator for Discovery {
    type Item = PathBuf;

    fn next(&mut self) -> Option<PathBuf> {
        let Reverse((path, i)) = self.heads.pop()?;
        self.advance(i);
        // The same path from a later input is given once. Each walk is sorted, so a walk that
        // has this path has it as its head now.
        while let Some(Reverse((_, j))) = self.heads.peek().filter(|Reverse((p, _))| *p == path) {
            let j = *j;
            self.heads.pop();
            self.advance(j);
        }
        Some(path)
    }
}

impl Walk {
    fn next(&mut self) -> Option<PathBuf> {
        let Walk::Tree(levels) = self else { return None };
        loop {
            let (dir, listing) = levels.last_mut()?;
            let Some((name, is_dir)) = listing.pop() else {
                levels.pop();
                continue;
            };
            let path = dir.join(name);
            if !is_dir {
                return Some(path);
            }
            let (listing, error) = list(&path);
            levels.push((path.clone(), listing));
            // A subfolder that cannot be listed is given as itself (before what could be listed
            // of it): reading it fails, and that failure is its row in articles.csv while the
            // batch goes on.
            if error.is_some() {
                return Some(path);
            }
        }
    }
}

/// The entries of a folder that are inputs (not dot files), sorted for [`Walk::next`], and the
/// error that stopped the listing if one did (what was listed before it is kept).
fn list(dir: &Path) -> (Listing, Option<std::io::Error>) {
    let mut listing = Vec::new();
    let mut read = || -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            if name.as_encoded_bytes().first() == Some(&b'.') {
                continue;
            }
            let is_dir = entry.file_type()?.is_dir();
            listing.push((name, is_dir));
        }
        Ok(())
    };
    let error = read().err();
    listing.sort_unstable_by(|a, b| b.0.cmp(&a.0));
    (listing, error)
}

/// Reads one input file into its entries (one for a document, one per line for JSONL).
///
/// Only regular files (or links to them) are read: a FIFO, socket or device is a failure, never
/// a read that could block the batch; so is a link whose target does not exist.
pub fn load(path: &Path) -> Vec<Entry> {
    let kind = file_kind(path);
    let origin = Origin { file: path.to_path_buf(), line: 1 };
    if kind == FileKind::Other {
        if is_unlinked_folder(path) {
            return vec![unlistable(path, origin)];
        }
        let reason = "not an article file; articles are .txt, .md or .jsonl".to_string();
        return vec![Entry::Skipped { origin, reason }];
    }
    let (id, lang) = id_and_lang_from_name(path);
    let fail =
        |error| Entry::Failed(Failure { id: id.clone(), lang: lang.clone(), origin: origin.clone(), error });
    let bytes = match read_regular_file(path) {
        Ok(b) => b,
        // Asked only now, so that reading an article takes one `stat`, not two.
        Err(CorpusError::NotAFile(_)) if is_unlinked_folder(path) => return vec![unlistable(path, origin)],
        Err(e) => return vec![fail(e)],
    };
    if kind == FileKind::Jsonl {
        return parse_jsonl_bytes(path, &bytes);
    }
    let text = match decode_text(&bytes) {
        Ok(t) => t,
        Err(e) => return vec![fail(e)],
    };
    vec![match parse_document(path, &id, lang.clone(), &text) {
        Ok(a) => Entry::Article(a),
        Err(e) => fail(e),
    }]
}

/// Whether `path` is a folder itself, not a link to one. Only a folder that `discover` could not
/// list is ever given to [`load`]; a link to a folder is not followed (it fails as not a regular
/// file).
fn is_unlinked_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// The failure of a folder that could not be listed.
fn unlistable(path: &Path, origin: Origin) -> Entry {
    let error = std::fs::read_dir(path)
        .err()
        .map_or_else(|| "it changed while lexbridge read the corpus".into(), |e| e.to_string());
    let id =
        path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Entry::Failed(Failure { id, lang: None, origin, error: CorpusError::Unlistable(error) })
}

/// Reads a file that must be a regular file (links followed), with four system calls (`stat`,
/// `open`, two `read`s) besides `close`: the size from the `stat` sizes the buffer, so the file
/// is not asked about its size and position again.
fn read_regular_file(path: &Path) -> Result<Vec<u8>, CorpusError> {
    use std::io::Read;
    let (file, len) = open_regular_file_sized(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    // `Take` reads to the end without the size query that `File::read_to_end` makes first.
    file.take(u64::MAX).read_to_end(&mut bytes).map_err(|e| CorpusError::Unreadable(e.to_string()))?;
    Ok(bytes)
}

/// Opens a file that must be a regular file (links followed): a FIFO, a device or a folder is an
/// error, never opened (opening a FIFO would wait for a writer for ever).
pub fn open_regular_file(path: &Path) -> Result<std::fs::File, CorpusError> {
    open_regular_file_sized(path).map(|(file, _)| file)
}

/// [`open_regular_file`], with the file's size when it was looked at.
fn open_regular_file_sized(path: &Path) -> Result<(std::fs::File, u64), CorpusError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let dangling = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Err(CorpusError::Unreadable(if dangling {
                format!("a symbolic link whose target does not exist ({e})")
            } else {
                e.to_string()
            }));
        }
    };
    if !meta.is_file() {
        return Err(CorpusError::NotAFile(special_kind(&meta)));
    }
    let file = std::fs::File::open(path).map_err(|e| CorpusError::Unreadable(e.to_string()))?;
    Ok((file, meta.len()))
}

fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "not a file"
}

/// Checks that bytes are UTF-8 text (a BOM is dropped). UTF-16 with a byte order mark is
/// reported as such; [`decode_text`] converts it instead.
pub fn decode(bytes: &[u8]) -> Result<&str, CorpusError> {
    // memchr's SIMD search: a third of the cost of the chunked scan it replaced (2.2 M on c2).
    if let Some(pos) = memchr::memchr(0, bytes) {
        if utf16_bom(bytes).is_some() {
            return Err(CorpusError::Utf16);
        }
        if looks_like_utf16(bytes) {
            return Err(CorpusError::Utf16);
        }
        return Err(CorpusError::Binary(pos));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Err(e) => {
            let byte = e.valid_up_to();
            let line = 1 + bytes[..byte].iter().filter(|&&b| b == b'\n').count();
            Err(CorpusError::InvalidUtf8 { byte, line })
        }
    }
}

/// Like [`decode`], but text saved as UTF-16 with a byte order mark (as Windows tools write it)
/// is converted to UTF-8.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, CorpusError> {
    let Some(big_endian) = utf16_bom(bytes) else { return decode(bytes).map(Cow::Borrowed) };
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| {
            let pair = [c[0], c.get(1).copied().unwrap_or(0)];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        })
        .collect();
    let text = String::from_utf16(&units).map_err(|_| CorpusError::Utf16)?;
    if let Some(pos) = text.find('\0') {
        return Err(CorpusError::Binary(pos));
    }
    Ok(Cow::Owned(text))
}

/// `Some(big_endian)` when the bytes start with a UTF-16 byte order mark.
fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xff, 0xfe, ..] => Some(false),
        [0xfe, 0xff, ..] => Some(true),
        _ => None,
    }
}

/// Text in UTF-16 without a BOM: most of the first bytes alternate ASCII and NUL.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 8 {
        return false;
    }
    let pairs = head.len() / 2;
    let le = head.chunks(2).filter(|c| c[1] == 0 && c[0].is_ascii() && c[0] != 0).count();
    let be = head.chunks(2).filter(|c| c[0] == 0 && c[1].is_ascii() && c[1] != 0).count();
    le.max(be) * 10 >= pairs * 9
}

/// `x.de.txt` → (`x`, Some(`de`)); `x.txt` → (`x`, None).
pub fn id_and_lang_from_name(path: &Path) -> (String, Option<String>) {
    let mut stem = match plain_file_name(path) {
        Some(name) => split_at_last_dot(name).0.to_string(),
        None => path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let lang = match stem.rsplit_once('.') {
        Some((id, lang))
            if !id.is_empty()
                && (2..=3).contains(&lang.len())
                && lang.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            Some((id.len(), lang.to_ascii_lowercase()))
        }
        _ => None,
    };
    match lang {
        // The id is the stem cut short, not a copy of it.
        Some((id_len, lang)) => {
            stem.truncate(id_len);
            (stem, Some(lang))
        }
        None => (stem, None),
    }
}

/// Parses a `.txt`/`.md` article: optional front matter, then title, teaser and body.
pub fn parse_document(
    path: &Path,
    id: &str,
    lang: Option<String>,
    text: &str,
) -> Result<Article, CorpusError> {
    let (meta, rest, first_line) = split_front_matter(text)?;
    let mut id = id.to_string();
    let mut lang = lang;
    let mut meta = meta;
    if let Some(v) = meta.remove("id") {
        id = v;
    }
    if let Some(v) = meta.remove("lang") {
        lang = Some(crate::lang::normalize_tag(&v));
    }
    let (lines, removed) = clean_lines(rest);
    let origin = Origin { file: path.to_path_buf(), line: first_line };
    let title_hint = meta.remove("title");
    let teaser_hint = meta.remove("teaser");
    // The article text is written in place from the kept lines: the paragraphs are never
    // joined into strings of their own. A piece is some lines joined by line breaks, trimmed
    // as a whole when its flag says so.
    let hints = title_hint.as_ref().map_or(0, String::len) + teaser_hint.as_ref().map_or(0, String::len);
    let mut text = String::with_capacity(rest.len() + hints + 4);
    let mut pieces: Vec<(&[&str], bool)> = Vec::new();
    let mut spans = paragraph_spans(&lines).into_iter().map(|r| &lines[r]);
    match &title_hint {
        Some(t) => text.push_str(t.trim()),
        None => {
            // Line 1 is the title; the rest of its paragraph (if any) starts the teaser.
            let Some(first) = spans.next() else { return Err(CorpusError::Empty) };
            text.push_str(first[0].trim());
            // The lines of a paragraph are never blank, so a second line means a rest.
            if first.len() > 1 {
                pieces.push((&first[1..], true));
            }
        }
    }
    pieces.extend(spans.map(|p| (p, false)));
    let mut pieces = pieces.into_iter();
    let title_r = 0..text.len();
    text.push_str("\n\n");
    let ts = text.len();
    match &teaser_hint {
        Some(t) => text.push_str(t.trim()),
        None => {
            if let Some((p, trim)) = pieces.next() {
                push_lines(&mut text, p, trim);
                trim_from(&mut text, ts);
            }
        }
    }
    let teaser_r = ts..text.len();
    text.push_str("\n\n");
    let bs = text.len();
    for (i, (p, trim)) in pieces.enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        push_lines(&mut text, p, trim);
    }
    trim_from(&mut text, bs);
    let body_r = bs..text.len();
    if text.trim().is_empty() {
        return Err(CorpusError::Empty);
    }
    Ok(Article {
        id,
        lang,
        text,
        title: title_r,
        teaser: teaser_r,
        body: body_r,
        meta,
        origin,
        boilerplate_removed: removed,
    })
}

/// Appends `lines` joined by line breaks; with `trim`, without the whitespace around them.
fn push_lines(text: &mut String, lines: &[&str], trim: bool) {
    let start = text.len();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(line);
    }
    if trim {
        trim_from(text, start);
    }
}

/// Removes the whitespace around `text[start..]`.
fn trim_from(text: &mut String, start: usize) {
    let keep = text[start..].trim_end().len();
    text.truncate(start + keep);
    let lead = keep - text[start..].trim_start().len();
    text.drain(start..start + lead);
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    id: String,
    lang: Option<String>,
    title: &str,
    teaser: &str,
    body: &str,
    meta: BTreeMap<String, String>,
    origin: Origin,
    boilerplate_removed: usize,
) -> Article {
    let mut text = String::with_capacity(title.len() + teaser.len() + body.len() + 4);
    text.push_str(title.trim());
    let title_r = 0..text.len();
    text.push_str("\n\n");
    let ts = text.len();
    text.push_str(teaser.trim());
    let teaser_r = ts..text.len();
    text.push_str("\n\n");
    let bs = text.len();
    text.push_str(body.trim());
    let body_r = bs..text.len();
    Article {
        id,
        lang,
        text,
        title: title_r,
        teaser: teaser_r,
        body: body_r,
        meta,
        origin,
        boilerplate_removed,
    }
}

type FrontMatter<'t> = (BTreeMap<String, String>, &'t str, usize);

/// Splits `---` front matter from the text; returns the keys, the rest and the rest's first line.
fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, CorpusError> {
    let mut meta = BTreeMap::new();
    // Offsets come from the real line lengths, so CRLF files split where they should.
    let mut lines = lines_inclusive(text);
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok((meta, text, 1));
    }
    let mut offset = first.len();
    for (i, raw) in lines.enumerate() {
        let line_no = i + 2;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" {
            return Ok((meta, text.get(offset..).unwrap_or(""), line_no + 1));
        }
        if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            let Some((k, v)) = line.split_once(':') else {
                return Err(CorpusError::BadFrontMatter(line_no));
            };
            let key = k.trim().to_ascii_lowercase();
            if key.is_empty() || key.contains(char::is_whitespace) {
                return Err(CorpusError::BadFrontMatter(line_no));
            }
            let value = v.trim().trim_matches('"').trim_matches('\'').to_string();
            if value.trim().is_empty() && matches!(key.as_str(), "id" | "lang" | "translation_of") {
                return Err(CorpusError::EmptyFrontMatterValue { line: line_no, key });
            }
            meta.insert(key, value);
        }
    }
    Err(CorpusError::UnclosedFrontMatter)
}

#[derive(Clone)]
enum RuleKind {
    Line,
    Tail,
}

/// The rules of `data/boilerplate.txt` as written: kind and pattern, not compiled.
static RULES: LazyLock<Vec<(RuleKind, &'static str)>> = LazyLock::new(|| {
    include_str!("data/boilerplate.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (kind, pattern) = l.split_once('\t')?;
            let kind = match kind.trim() {
                "line" => RuleKind::Line,
                "tail" => RuleKind::Tail,
                _ => return None,
            };
            Some((kind, pattern))
        })
        .collect()
});

fn compile_rule(pattern: &str) -> Option<Regex> {
    // The rule file is part of the binary and covered by tests: a bad pattern is a build-time
    // mistake, caught by `boilerplate_rules_all_compile`.
    RegexBuilder::new(pattern).case_insensitive(true).build().ok()
}

/// Every rule compiled on its own. Only the tests and the fallback of [`is_boilerplate_line`]
/// need the `line` rules one by one, so a run compiles them once, in [`LINE_RULES`], not twice.
static BOILERPLATE: LazyLock<Vec<(RuleKind, Regex)>> = LazyLock::new(|| {
    RULES.iter().filter_map(|(kind, pattern)| Some((kind.clone(), compile_rule(pattern)?))).collect()
});

/// The `tail` rules, compiled.
static TAIL_RULES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    RULES
        .iter()
        .filter(|(kind, _)| matches!(kind, RuleKind::Tail))
        .filter_map(|(_, p)| compile_rule(p))
        .collect()
});

/// The `line` rules of [`BOILERPLATE`] as one alternation: one search per line instead of one
/// per rule (the rules are anchored at both ends each, so the alternation matches a line exactly
/// when one of them does). `None` if it does not compile, and then the rules are tried one by one.
static LINE_RULES: LazyLock<Option<Regex>> = LazyLock::new(|| compile_rule(&line_rules_pattern()));

/// The `line` rules as one pattern, an alternation.
fn line_rules_pattern() -> String {
    let rules: Vec<String> = RULES
        .iter()
        .filter(|(kind, _)| matches!(kind, RuleKind::Line))
        .map(|(_, pattern)| format!("(?:{pattern})"))
        .collect();
    rules.join("|")
}

/// The pairs of first bytes that a line matched by a `line` rule can start with, and the single
/// first bytes after which any second byte can follow, taken from the literal prefixes of the
/// rules (every match starts with one of them: `regex_syntax`'s extractor promises it for a
/// finite set; the rules are anchored at the line's start, else there is no gate). A line that
/// starts otherwise is not searched: most lines of an article, for a
/// few instructions instead of a few hundred. `None` when the rules give no such set, and then
/// every line is searched.
struct LineGate {
    pairs: Vec<bool>,
    firsts: [bool; 256],
}

static LINE_GATE: LazyLock<Option<LineGate>> = LazyLock::new(|| {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(&line_rules_pattern())
        .ok()?;
    // The literals start a match, and only a match anchored at the line's start starts the line.
    if !hir.properties().look_set_prefix().contains(regex_syntax::hir::Look::Start) {
        return None;
    }
    // Two bytes are all the gate looks at: longer literals would only cost time (every case
    // variant of every word); room for all the pairs, so that the set stays finite.
    let seq = Extractor::new().kind(ExtractKind::Prefix).limit_literal_len(2).limit_total(4096).extract(&hir);
    let mut gate = LineGate { pairs: vec![false; 1 << 16], firsts: [false; 256] };
    for literal in seq.literals()? {
        match *literal.as_bytes() {
            [] => return None,
            [a] => gate.firsts[usize::from(a)] = true,
            [a, b, ..] => gate.pairs[usize::from(a) << 8 | usize::from(b)] = true,
        }
    }
    Some(gate)
});

/// Whether a (trimmed) line can be boilerplate by a `line` rule, by its first two bytes: `false`
/// means it is not; `true` that it must be searched.
fn may_be_boilerplate_line(trimmed: &str) -> bool {
    let Some(gate) = LINE_GATE.as_ref() else { return true };
    match *trimmed.as_bytes() {
        [a, b, ..] => gate.firsts[usize::from(a)] || gate.pairs[usize::from(a) << 8 | usize::from(b)],
        _ => true,
    }
}

/// Whether a (trimmed) line is boilerplate by a `line` rule.
fn is_boilerplate_line(trimmed: &str) -> bool {
    if !may_be_boilerplate_line(trimmed) {
        return false;
    }
    match LINE_RULES.as_ref() {
        Some(re) => re.is_match(trimmed),
        None => BOILERPLATE.iter().any(|(kind, re)| matches!(kind, RuleKind::Line) && re.is_match(trimmed)),
    }
}

/// Whether an empty line is boilerplate by a `line` rule (no rule of the shipped file matches
/// one): asked once, so that the blank lines between paragraphs are not searched each.
static EMPTY_IS_BOILERPLATE: LazyLock<bool> = LazyLock::new(|| is_boilerplate_line(""));

/// The lines of `text` with their line breaks, as `str::split_inclusive('\n')` gives them, found
/// by a SIMD search for the breaks (the standard library's search was nearly half of the cost of
/// cleaning an article, the rules' compilation aside).
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let end = breaks.next().map_or(text.len(), |i| i + 1);
        if end == start {
            return None;
        }
        let line = text.get(start..end)?;
        start = end;
        Some(line)
    })
}

/// Removes boilerplate lines and the trailing author sigle; returns the kept lines, each
/// without the whitespace at its end (so a blank line is kept as an empty one).
fn clean_lines(text: &str) -> (Vec<&str>, usize) {
    let mut removed = 0;
    let mut lines: Vec<&str> = Vec::with_capacity(text.len() / 128 + 4);
    // A line with its break, trimmed at the end, is the line of `str::lines` trimmed at the end:
    // the break and a CR before it are whitespace.
    for line in lines_inclusive(text) {
        let kept = line.trim_end();
        let trimmed = kept.trim_start();
        let drop = if trimmed.is_empty() { *EMPTY_IS_BOILERPLATE } else { is_boilerplate_line(trimmed) };
        if drop {
            removed += 1;
        } else {
            lines.push(kept);
        }
    }
    removed += strip_tail(&mut lines);
    (lines, removed)
}

/// Drops the blank lines at the end of the kept `lines` and cuts what the tail rules match off
/// the last one (an author sigle); how many cuts were made.
fn strip_tail(lines: &mut Vec<&str>) -> usize {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let mut removed = 0;
    if let Some(last) = lines.last_mut() {
        // Only the tail rules are searched (a `line` rule's match on the last line meant nothing).
        for re in TAIL_RULES.iter() {
            if let Some(m) = re.find(last) {
                if m.start() > 0 {
                    *last = &last[..m.start()];
                    removed += 1;
                }
            }
        }
    }
    removed
}

/// Groups lines into paragraphs (blank-line separated), keeping line breaks inside.
fn paragraphs(lines: &[&str]) -> Vec<String> {
    paragraph_spans(lines).into_iter().map(|r| lines[r].join("\n")).collect()
}

/// The paragraphs of `lines` as ranges of line indices: runs of lines that are not blank.
fn paragraph_spans(lines: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(lines.len() / 2 + 1);
    let mut start = None;
    for (i, line) in lines.iter().enumerate() {
        // The same as `trim().is_empty()`, with one end looked at.
        if line.trim_start().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..lines.len());
    }
    out
}

/// Parses a JSONL file: one article per non-blank line.
pub fn parse_jsonl(path: &Path, text: &str) -> Vec<Entry> {
    parse_jsonl_bytes(path, text.as_bytes())
}

/// How far into a JSONL file a NUL byte means the file is not text at all.
const SNIFF_BYTES: usize = 8000;

/// The failure of a whole JSONL file whose first bytes (`head`, at least [`SNIFF_BYTES`] of
/// them when the file has that many) hold a NUL: compressed, UTF-16, an image — one failure, not
/// one per chunk between newline bytes (git's heuristic). `None` for a text file.
pub fn sniff_jsonl(path: &Path, head: &[u8]) -> Option<Entry> {
    let bom = if head.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
    let pos = head[bom..head.len().min(SNIFF_BYTES)].iter().position(|&b| b == 0)?;
    let error = if utf16_bom(head).is_some() || looks_like_utf16(head) {
        CorpusError::Utf16
    } else {
        CorpusError::Binary(bom + pos)
    };
    let origin = Origin { file: path.to_path_buf(), line: 1 };
    Some(Entry::Failed(Failure { id: jsonl_stem(path), lang: None, origin, error }))
}

/// Parses a JSONL file from its bytes, line by line: a line that is not UTF-8 or holds a NUL
/// byte fails alone (its line named) and the good lines around it are read. Every non-blank
/// line becomes exactly one entry; a binary file is one failure (see [`sniff_jsonl`]).
pub fn parse_jsonl_bytes(path: &Path, bytes: &[u8]) -> Vec<Entry> {
    if let Some(failure) = sniff_jsonl(path, bytes) {
        return vec![failure];
    }
    let stem = jsonl_stem(path);
    let mut out: Vec<Entry> = JsonlLines::new(bytes)
        .filter_map(|raw| raw.ok().and_then(|raw| parse_raw_jsonl_line(path, &stem, &raw)))
        .collect();
    if out.is_empty() {
        out.push(empty_jsonl(path));
    }
    out
}

/// The id prefix of a JSONL file's failures that have no id of their own (`<stem>#<line>`).
pub fn jsonl_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The entry of a JSONL file with no article at all.
pub fn empty_jsonl(path: &Path) -> Entry {
    let origin = Origin { file: path.to_path_buf(), line: 1 };
    Entry::Failed(Failure { id: jsonl_stem(path), lang: None, origin, error: CorpusError::Empty })
}

/// Whether a JSONL line is blank: ASCII whitespace only. Any other character, Unicode
/// whitespace such as a no-break space or a vertical tab included, makes the line one that must
/// parse as JSON, so that it is reported, never skipped without a word.
pub fn is_blank_jsonl_line(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// One line of a JSONL file (`line_no` from 1), or `None` for a blank line ([`is_blank_jsonl_line`]).
pub fn parse_jsonl_line(path: &Path, stem: &str, line_no: usize, line: &str) -> Option<Entry> {
    if is_blank_jsonl_line(line.as_bytes()) {
        return None;
    }
    let origin = Origin { file: path.to_path_buf(), line: line_no };
    Some(match parse_json_article(line, origin.clone()) {
        Ok(a) => Entry::Article(a),
        Err((id, lang, error)) => Entry::Failed(Failure {
            id: id.unwrap_or_else(|| format!("{stem}#{line_no}")),
            lang,
            origin,
            error,
        }),
    })
}

/// One raw line of a JSONL file as read by [`JsonlLines`].
#[derive(Debug)]
pub struct RawLine {
    /// 1-based line number.
    pub line_no: usize,
    /// Byte offset of the line in the file.
    pub offset: u64,
    /// The line without its line break.
    pub bytes: Vec<u8>,
}

/// The lines of a JSONL file read one at a time, so that a file larger than memory can be
/// indexed; each line can later be read again by its offset with [`read_jsonl_line`].
pub struct JsonlLines<R> {
    reader: R,
    line_no: usize,
    offset: u64,
}

impl<R: std::io::BufRead> JsonlLines<R> {
    pub fn new(reader: R) -> Self {
        JsonlLines { reader, line_no: 0, offset: 0 }
    }
}

impl<R: std::io::BufRead> Iterator for JsonlLines<R> {
    type Item = std::io::Result<RawLine>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut bytes = Vec::new();
        match self.reader.read_until(b'\n', &mut bytes) {
            Ok(0) => None,
            Ok(n) => {
                let offset = self.offset;
                self.offset += n as u64;
                self.line_no += 1;
                while bytes.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                    bytes.pop();
                }
                if self.line_no == 1 && bytes.starts_with("\u{feff}".as_bytes()) {
                    bytes.drain(..3);
                }
                Some(Ok(RawLine { line_no: self.line_no, offset, bytes }))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

/// Parses one raw JSONL line: its entry, or `None` for a blank line. Invalid UTF-8 or a NUL
/// byte fails this line only.
pub fn parse_raw_jsonl_line(path: &Path, stem: &str, raw: &RawLine) -> Option<Entry> {
    let fail = |error| {
        let origin = Origin { file: path.to_path_buf(), line: raw.line_no };
        Some(Entry::Failed(Failure { id: format!("{stem}#{}", raw.line_no), lang: None, origin, error }))
    };
    if let Some(pos) = raw.bytes.iter().position(|&b| b == 0) {
        return fail(CorpusError::Binary(raw.offset as usize + pos));
    }
    match std::str::from_utf8(&raw.bytes) {
        Ok(line) => parse_jsonl_line(path, stem, raw.line_no, line),
        Err(e) => {
            fail(CorpusError::InvalidUtf8 { byte: raw.offset as usize + e.valid_up_to(), line: raw.line_no })
        }
    }
}

/// Reads the JSONL line at `offset` (found by [`JsonlLines`]) again.
pub fn read_jsonl_line(path: &Path, offset: u64, line_no: usize) -> std::io::Result<RawLine> {
    use std::io::{BufReader, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut lines = JsonlLines { reader: BufReader::new(file), line_no: line_no.saturating_sub(1), offset };
    lines.next().unwrap_or_else(|| Err(std::io::ErrorKind::UnexpectedEof.into()))
}

type JsonFailure = (Option<String>, Option<String>, CorpusError);

fn parse_json_article(line: &str, origin: Origin) -> Result<Article, JsonFailure> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| (None, None, CorpusError::BadJson(e.to_string())))?;
    let serde_json::Value::Object(map) = value else {
        return Err((None, None, CorpusError::BadJson("not an object".into())));
    };
    let field = |k: &str| map.get(k).and_then(|v| v.as_str()).map(str::to_string);
    // Numeric ids, as database exports write them, are ids too.
    let id_field =
        || field("id").or_else(|| map.get("id").filter(|v| v.is_u64() || v.is_i64()).map(|v| v.to_string()));
    for k in ["lang", "title", "teaser"] {
        if map.get(k).is_some_and(|v| !v.is_string() && !v.is_null()) {
            return Err((id_field(), None, CorpusError::NotAString(k)));
        }
    }
    let id = id_field().filter(|s| !s.trim().is_empty());
    let lang = field("lang").map(|l| crate::lang::normalize_tag(&l)).filter(|l| !l.is_empty());
    let Some(id) = id else { return Err((None, lang, CorpusError::MissingField("id"))) };
    let Some(body) = field("body") else {
        return Err((Some(id), lang, CorpusError::MissingField("body")));
    };
    let mut meta = BTreeMap::new();
    for (k, v) in &map {
        if !matches!(k.as_str(), "id" | "lang" | "title" | "teaser" | "body") {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            meta.insert(k.clone(), v);
        }
    }
    let (title, teaser) = (field("title").unwrap_or_default(), field("teaser").unwrap_or_default());
    let (lines, removed) = clean_lines(&body);
    let body = paragraphs(&lines).join("\n\n");
    let article = assemble(id.clone(), lang.clone(), &title, &teaser, &body, meta, origin, removed);
    if article.text.trim().is_empty() {
        return Err((Some(id), lang, CorpusError::Empty));
    }
    Ok(article)
}

#[cfg(test)]
mod tests;
