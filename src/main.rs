//! The lexbridge command line: argument parsing, configuration, progress and exit codes.
//! All work happens in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{anyhow, Context};
use clap::{Parser, Subcommand, ValueEnum};

use lexbridge::align::Dictionary;
use lexbridge::commands::{self, Format, TextPair};
use lexbridge::glossary::{Format as GlossaryFileFormat, Glossary, Langs};
use lexbridge::pipeline::{self, Config};

/// mimalloc instead of the system allocator: a run allocates and frees millions of small
/// strings and vectors per article, across threads, where glibc malloc showed up as ~10 % of the
/// profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "lexbridge",
    version,
    about = "QA, alignment and bilingual summaries for German news and legal-news articles and their translations"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// In CSV output, prefix cells a spreadsheet would run as a formula (starting with = + - @,
    /// tab or CR; plain numbers excepted) with a single quote.
    #[arg(long, global = true)]
    excel_safe: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LinesFormat {
    Lines,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum AlignFormat {
    Csv,
    Jsonl,
    Tmx,
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Csv,
    Jsonl,
}

impl From<TableFormat> for Format {
    fn from(f: TableFormat) -> Format {
        match f {
            TableFormat::Csv => Format::Csv,
            TableFormat::Jsonl => Format::Jsonl,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Split a text into sentences.
    Segment {
        /// Language code, or `auto` to detect it.
        #[arg(long, default_value = "auto")]
        lang: String,
        #[arg(long, value_enum, default_value = "lines")]
        format: LinesFormat,
        /// Input file, or `-` for stdin.
        #[arg(default_value = "-")]
        file: String,
    },
    /// List the key figures (money, percentages, numbers, years, dates) of a text.
    Figures {
        /// Language code, or `auto` to detect it.
        #[arg(long, default_value = "auto")]
        lang: String,
        #[arg(long, value_enum, default_value = "csv")]
        format: TableFormat,
        /// Input file, or `-` for stdin.
        #[arg(default_value = "-")]
        file: String,
    },
    /// List the glossary terms in a text.
    Terms {
        /// Glossary file (native CSV); the built-in legal glossary when not given.
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// Language code, or `auto` to detect it.
        #[arg(long, default_value = "auto")]
        lang: String,
        #[arg(long, value_enum, default_value = "csv")]
        format: TableFormat,
        /// Input file, or `-` for stdin.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Check a translation against its original: terms, figures, untranslated and missing sentences.
    Check {
        /// The original (file or `-`).
        #[arg(long)]
        source: String,
        /// The translation (file or `-`).
        #[arg(long)]
        target: String,
        /// Glossary file (native CSV); the built-in legal glossary when not given.
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// The inputs have one sentence per line.
        #[arg(long)]
        presegmented: bool,
        /// Bilingual word list (two columns, tab separated) that helps alignment.
        #[arg(long)]
        dictionary: Option<PathBuf>,
        /// Language of the original, or `auto` (German when the guess is unsure).
        #[arg(long, default_value = "auto")]
        source_lang: String,
        /// Language of the translation, or `auto` (English when the guess is unsure).
        #[arg(long, default_value = "auto")]
        target_lang: String,
        #[arg(long, value_enum, default_value = "csv")]
        format: TableFormat,
    },
    /// Pick the sentences that summarize an article.
    Summarize {
        /// How many sentences.
        #[arg(long, default_value_t = 3)]
        sentences: usize,
        /// Language code, or `auto` to detect it.
        #[arg(long, default_value = "auto")]
        lang: String,
        /// Let the teaser (the first paragraph after the title) be a summary sentence.
        #[arg(long)]
        include_teaser: bool,
        #[arg(long, value_enum, default_value = "lines")]
        format: LinesFormat,
        /// Input file, or `-` for stdin.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Align the sentences of a text and its translation.
    Align {
        /// The original (file or `-`).
        source: String,
        /// The translation (file or `-`).
        target: String,
        /// The inputs have one sentence per line.
        #[arg(long)]
        presegmented: bool,
        /// Glossary file whose concepts anchor the alignment; the built-in one when not given.
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// Bilingual word list (two columns, tab separated) that helps alignment.
        #[arg(long)]
        dictionary: Option<PathBuf>,
        /// Language of the original, or `auto` (German when the guess is unsure).
        #[arg(long, default_value = "auto")]
        source_lang: String,
        /// Language of the translation, or `auto` (English when the guess is unsure).
        #[arg(long, default_value = "auto")]
        target_lang: String,
        #[arg(long, value_enum, default_value = "csv")]
        format: AlignFormat,
    },
    /// Pair originals with their translations by content, ignoring ids.
    Pair {
        /// Corpus folders or article files.
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        #[arg(long)]
        glossary: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "csv")]
        format: TableFormat,
        #[arg(long, default_value_t = 0)]
        jobs: usize,
        /// Language of the originals.
        #[arg(long, default_value = "de")]
        source_lang: String,
        /// Language of the translations.
        #[arg(long, default_value = "en")]
        target_lang: String,
    },
    /// Lint a glossary, or convert it between the native CSV, TBX and DeepL TSV/CSV.
    Glossary {
        #[command(subcommand)]
        action: GlossaryAction,
    },
    /// Process a whole corpus and write the CSV reports into --out.
    Run {
        /// Corpus folders or article files.
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Folder for the CSV reports (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Glossary file (native CSV); the built-in legal glossary when not given.
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(long, default_value_t = 0)]
        jobs: usize,
        /// Bilingual word list (two columns, tab separated) that helps alignment.
        #[arg(long)]
        dictionary: Option<PathBuf>,
        /// Sentences per article summary.
        #[arg(long, default_value_t = 3)]
        summary_sentences: usize,
        /// Let the teaser be a summary sentence.
        #[arg(long)]
        summary_include_teaser: bool,
        /// Language of the originals.
        #[arg(long, default_value = "de")]
        source_lang: String,
        /// Language translations are expected in.
        #[arg(long, default_value = "en")]
        target_lang: String,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Translate a text: translation memory first, then the MT engine.
    Translate {
        /// Language of the input.
        #[arg(long)]
        from: String,
        /// Language to translate into.
        #[arg(long)]
        to: String,
        /// Glossary file for protection and enforcement; the built-in legal glossary when not given.
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// Split the input into sentences (one output line per sentence) instead of taking each
        /// line as one unit.
        #[arg(long)]
        segment: bool,
        #[arg(long, value_enum, default_value = "lines")]
        format: LinesFormat,
        #[command(flatten)]
        engine: EngineArgs,
        /// Input file, or `-` for stdin.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Import TMX into a translation memory, or export one as TMX.
    Tm {
        #[command(subcommand)]
        action: TmAction,
    },
}

/// The engine flags `translate` and `run` share.
#[derive(clap::Args)]
struct EngineArgs {
    /// none, tm (translation memory only), command, apertium, deepl, libretranslate.
    #[arg(long, default_value = "none")]
    engine: String,
    /// The translation memory (SQLite); `run` defaults to <out>/tm.sqlite when an engine is given.
    #[arg(long)]
    tm: Option<PathBuf>,
    /// For --engine command: the program, with {from} and {to} placeholders, run through `sh -c`.
    #[arg(long)]
    engine_cmd: Option<String>,
    /// An Apertium APY, LibreTranslate or DeepL server.
    #[arg(long)]
    engine_url: Option<String>,
    /// Engine calls at a time.
    #[arg(long, default_value_t = 4)]
    engine_concurrency: usize,
    /// Seconds one engine call may take.
    #[arg(long, default_value_t = 300)]
    engine_timeout: u64,
    /// Fuzzy-match threshold in percent (used by --engine tm).
    #[arg(long, default_value_t = 75)]
    tm_threshold: u8,
}

#[derive(Subcommand)]
enum TmAction {
    /// Add the translation units of a TMX 1.4 file to the TM.
    Import {
        /// The TMX file.
        file: PathBuf,
        /// The translation memory (created if missing).
        #[arg(long)]
        tm: PathBuf,
    },
    /// Write the whole TM as TMX 1.4b to stdout.
    Export {
        #[arg(long)]
        tm: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum GlossaryFormat {
    Csv,
    Tbx,
    DeeplTsv,
    DeeplCsv,
}

impl From<GlossaryFormat> for lexbridge::glossary::Format {
    fn from(f: GlossaryFormat) -> Self {
        use lexbridge::glossary::Format as F;
        match f {
            GlossaryFormat::Csv => F::Csv,
            GlossaryFormat::Tbx => F::Tbx,
            GlossaryFormat::DeeplTsv => F::DeeplTsv,
            GlossaryFormat::DeeplCsv => F::DeeplCsv,
        }
    }
}

#[derive(Subcommand)]
enum GlossaryAction {
    /// Report every questionable row (term in two concepts, no preferred term, forbidden equal
    /// to allowed, empty cells, unknown status), each with its line.
    Lint {
        /// Glossary file (.csv native or two-column, .tsv DeepL, .tbx).
        file: PathBuf,
        /// Language of the first column of a two-column (DeepL) glossary.
        #[arg(long, default_value = "de")]
        source_lang: String,
        /// Language of the second column of a two-column (DeepL) glossary.
        #[arg(long, default_value = "en")]
        target_lang: String,
        #[arg(long, value_enum, default_value = "csv")]
        format: TableFormat,
    },
    /// Convert a glossary to another format (written to stdout).
    Convert {
        /// Glossary file (.csv native or two-column, .tsv DeepL, .tbx).
        file: PathBuf,
        /// The format to write.
        #[arg(long, value_enum)]
        to: GlossaryFormat,
        /// Language of the first column of a DeepL glossary (read or written).
        #[arg(long, default_value = "de")]
        source_lang: String,
        /// Language of the second column of a DeepL glossary (read or written).
        #[arg(long, default_value = "en")]
        target_lang: String,
    },
}

/// A failure and the exit code it maps to.
struct Failure {
    code: u8,
    error: anyhow::Error,
}

fn usage(error: impl Into<anyhow::Error>) -> Failure {
    Failure { code: 2, error: error.into() }
}

fn input(error: impl Into<anyhow::Error>) -> Failure {
    Failure { code: 1, error: error.into() }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli.command, cli.excel_safe) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("lexbridge: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

fn load_glossary(path: Option<&Path>) -> Result<Glossary, Failure> {
    match path {
        Some(p) => Glossary::from_path(p).map_err(usage),
        None => Glossary::default_legal().map_err(usage),
    }
}

/// What `check` and `align` read: both texts, their languages, the glossary and dictionary.
struct LoadedPair {
    glossary: Glossary,
    dictionary: Option<Dictionary>,
    source: String,
    target: String,
    source_lang: String,
    target_lang: String,
}

impl LoadedPair {
    fn text_pair(&self, presegmented: bool) -> TextPair<'_> {
        TextPair {
            source: &self.source,
            target: &self.target,
            source_lang: &self.source_lang,
            target_lang: &self.target_lang,
            presegmented,
            dictionary: self.dictionary.as_ref(),
        }
    }
}

fn load_pair(
    source: &str,
    target: &str,
    glossary: Option<&Path>,
    dictionary: Option<&Path>,
    source_lang: &str,
    target_lang: &str,
) -> Result<LoadedPair, Failure> {
    let glossary = load_glossary(glossary)?;
    let dictionary = load_dictionary(dictionary)?;
    let (s, t) = (read_input(source)?, read_input(target)?);
    let (sl, tl) = commands::resolve_pair_langs((source_lang, &s, "de"), (target_lang, &t, "en"));
    Ok(LoadedPair { glossary, dictionary, source: s, target: t, source_lang: sl, target_lang: tl })
}

fn load_dictionary(path: Option<&Path>) -> Result<Option<Dictionary>, Failure> {
    let Some(path) = path else { return Ok(None) };
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .with_context(|| format!("{name}: cannot read the dictionary; check the path"))
        .map_err(usage)?;
    let text = lexbridge::corpus::decode(&bytes).map_err(|e| usage(anyhow!("{name}: {e}")))?;
    Dictionary::parse(&name, text).map(Some).map_err(usage)
}

fn read_input(file: &str) -> Result<String, Failure> {
    let bytes = if file == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).context("cannot read stdin").map_err(input)?;
        b
    } else {
        std::fs::read(file)
            .with_context(|| format!("{file}: cannot read the file; check the path"))
            .map_err(input)?
    };
    let text = lexbridge::corpus::decode_text(&bytes).map_err(|e| input(anyhow!("{file}: {e}")))?;
    Ok(text.to_string())
}

fn print(bytes: std::io::Result<Vec<u8>>) -> Result<u8, Failure> {
    let bytes = bytes.context("cannot format the output").map_err(input)?;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = out.write_all(&bytes).and_then(|_| out.flush());
    Ok(0)
}

fn dispatch(command: Command, excel_safe: bool) -> Result<u8, Failure> {
    let table = |f: TableFormat| Format::from(f).excel_safe(excel_safe);
    match command {
        Command::Segment { lang, format, file } => {
            let text = read_input(&file)?;
            let lang = commands::resolve_lang(&lang, &text, "de");
            let format = match format {
                LinesFormat::Lines => Format::Lines,
                LinesFormat::Jsonl => Format::Jsonl,
            };
            print(commands::segment(&text, &lang, format))
        }
        Command::Figures { lang, format, file } => {
            let text = read_input(&file)?;
            let lang = commands::resolve_lang(&lang, &text, "de");
            print(commands::figures(&text, &lang, table(format)))
        }
        Command::Terms { glossary, lang, format, file } => {
            let glossary = load_glossary(glossary.as_deref())?;
            let text = read_input(&file)?;
            let lang = commands::resolve_lang(&lang, &text, "de");
            print(commands::terms(&text, &lang, &glossary, table(format)))
        }
        Command::Check {
            source,
            target,
            glossary,
            presegmented,
            dictionary,
            source_lang,
            target_lang,
            format,
        } => {
            let p = load_pair(
                &source,
                &target,
                glossary.as_deref(),
                dictionary.as_deref(),
                &source_lang,
                &target_lang,
            )?;
            print(commands::check(&p.text_pair(presegmented), &p.glossary, table(format)))
        }
        Command::Align {
            source,
            target,
            presegmented,
            glossary,
            dictionary,
            source_lang,
            target_lang,
            format,
        } => {
            let p = load_pair(
                &source,
                &target,
                glossary.as_deref(),
                dictionary.as_deref(),
                &source_lang,
                &target_lang,
            )?;
            let input = p.text_pair(presegmented);
            let format = match format {
                AlignFormat::Csv => Format::Csv,
                AlignFormat::Jsonl => Format::Jsonl,
                AlignFormat::Tmx => Format::Tmx,
            };
            print(commands::align(&input, &p.glossary, format.excel_safe(excel_safe)))
        }
        Command::Pair { corpus, glossary, format, jobs, source_lang, target_lang } => {
            let cfg = Config {
                source_lang: lexbridge::lang::normalize_tag(&source_lang),
                target_lang: lexbridge::lang::normalize_tag(&target_lang),
                glossary: load_glossary(glossary.as_deref())?,
                summary_sentences: 0,
                jobs,
                dictionary: None,
                summary_include_teaser: false,
                translator: None,
                excel_safe,
            };
            let (rows, failed) = pipeline::pair_corpus(&cfg, &corpus).map_err(usage)?;
            for a in &failed {
                eprintln!("lexbridge: {}", a.error);
            }
            print(commands::pair_rows(&rows, table(format)))?;
            Ok(if failed.is_empty() { 0 } else { 1 })
        }
        Command::Summarize { sentences, lang, include_teaser, format, file } => {
            let text = read_input(&file)?;
            let lang = commands::resolve_lang(&lang, &text, "de");
            let format = match format {
                LinesFormat::Lines => Format::Lines,
                LinesFormat::Jsonl => Format::Jsonl,
            };
            let glossary = load_glossary(None)?;
            let out = commands::summarize(&text, &lang, sentences, include_teaser, &glossary, format)
                .map_err(|e| input(anyhow!("{file}: {e}")))?;
            print(Ok(out))
        }
        Command::Glossary { action } => glossary_command(action, excel_safe),
        Command::Translate { from, to, glossary, segment, format, engine, file } => {
            let glossary = load_glossary(glossary.as_deref())?;
            let (from, to) = (lexbridge::lang::normalize_tag(&from), lexbridge::lang::normalize_tag(&to));
            let translator = build_translator(&engine, engine.tm.as_deref(), &from, &to, &glossary)?;
            let text = read_input(&file)?;
            let format = match format {
                LinesFormat::Lines => Format::Lines,
                LinesFormat::Jsonl => Format::Jsonl,
            };
            let out = commands::translate(&text, segment, &translator, &glossary, format)
                .map_err(|e| input(anyhow!("{file}: {e}")))?;
            let s = translator.stats();
            eprintln!(
                "lexbridge: {} from the translation memory, {} machine-translated in {} engine calls",
                s.tm_hits, s.mt_sentences, s.engine_calls
            );
            print(Ok(out))
        }
        Command::Tm { action } => tm_command(action),
        Command::Run {
            corpus,
            out,
            glossary,
            jobs,
            dictionary,
            summary_sentences,
            summary_include_teaser,
            source_lang,
            target_lang,
            engine,
        } => {
            let langs = Langs {
                source: lexbridge::lang::normalize_tag(&source_lang),
                target: lexbridge::lang::normalize_tag(&target_lang),
            };
            let glossary = match glossary.as_deref() {
                Some(p) => Glossary::from_path_with(p, &langs).map_err(usage)?,
                None => Glossary::default_legal().map_err(usage)?,
            };
            let cfg = Config {
                source_lang: langs.source,
                target_lang: langs.target,
                glossary,
                summary_sentences,
                jobs,
                dictionary: load_dictionary(dictionary.as_deref())?,
                summary_include_teaser,
                translator: None,
                excel_safe,
            };
            // The TM (and the engine) only when asked for: filling it costs time on every run.
            let translator = if engine.engine != "none" || engine.tm.is_some() {
                let tm_path = engine.tm.clone().unwrap_or_else(|| out.join("tm.sqlite"));
                if let Some(dir) = tm_path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("{}: cannot create the folder for the TM", dir.display()))
                        .map_err(usage)?;
                }
                let t = build_translator(
                    &engine,
                    Some(&tm_path),
                    &cfg.source_lang,
                    &cfg.target_lang,
                    &cfg.glossary,
                )?;
                Some(t.freeze_tm_view().map_err(usage)?)
            } else {
                None
            };
            let cfg = Config { translator, ..cfg };
            run(&cfg, &corpus, &out)
        }
    }
}

/// The translator the engine flags describe; configuration errors (unknown engine, missing
/// --engine-cmd, a key missing from the environment, an unreadable TM) exit with 2.
fn build_translator(
    args: &EngineArgs,
    tm_path: Option<&Path>,
    from: &str,
    to: &str,
    glossary: &Glossary,
) -> Result<lexbridge::translate::Translator, Failure> {
    use lexbridge::translate::{self, tm::Tm, EngineSpec};
    let spec = EngineSpec {
        kind: args.engine.clone(),
        command: args.engine_cmd.clone(),
        url: args.engine_url.clone(),
        timeout_secs: args.engine_timeout,
    };
    if args.engine == "tm" && tm_path.is_none() {
        return Err(usage(anyhow!(
            "--engine tm translates from a translation memory: give it with --tm PATH"
        )));
    }
    let engine = translate::build(&spec, glossary, from, to).map_err(usage)?;
    let tm = match tm_path {
        Some(p) => Some(Tm::open(p).map_err(usage)?.with_threshold(args.tm_threshold)),
        None => None,
    };
    let t = translate::Translator::new(engine, tm, from, to).with_concurrency(args.engine_concurrency);
    Ok(if args.engine == "tm" { t.tm_only() } else { t })
}

fn tm_command(action: TmAction) -> Result<u8, Failure> {
    use lexbridge::translate::tm::Tm;
    match action {
        TmAction::Import { file, tm } => {
            let name = file.display().to_string();
            let bytes = std::fs::read(&file)
                .with_context(|| format!("{name}: cannot read the TMX file; check the path"))
                .map_err(input)?;
            let text = lexbridge::corpus::decode(&bytes).map_err(|e| input(anyhow!("{name}: {e}")))?;
            let tm = Tm::open(&tm).map_err(usage)?;
            let added = tm.import_tmx(&name, text).map_err(input)?;
            eprintln!("lexbridge: {added} new units; the TM holds {}", tm.len().map_err(input)?);
            Ok(0)
        }
        TmAction::Export { tm } => {
            if !tm.exists() {
                return Err(usage(anyhow!(
                    "{}: no such translation memory; check the --tm path",
                    tm.display()
                )));
            }
            let tm = Tm::open(&tm).map_err(usage)?;
            print(Ok(tm.export_tmx().map_err(input)?.into_bytes()))
        }
    }
}

fn glossary_command(action: GlossaryAction, excel_safe: bool) -> Result<u8, Failure> {
    let read = |file: &Path, source_lang: &str, target_lang: &str| -> Result<_, Failure> {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read the glossary; check the path", file.display()))
            .map_err(usage)?;
        let format = GlossaryFileFormat::detect(file, &text).map_err(usage)?;
        let langs = Langs {
            source: lexbridge::lang::normalize_tag(source_lang),
            target: lexbridge::lang::normalize_tag(target_lang),
        };
        Ok((text, format, langs))
    };
    match action {
        GlossaryAction::Lint { file, source_lang, target_lang, format } => {
            let (text, gf, langs) = read(&file, &source_lang, &target_lang)?;
            let name = file.display().to_string();
            let format = Format::from(format).excel_safe(excel_safe);
            print(Ok(commands::glossary_lint(&name, &text, gf, &langs, format).map_err(usage)?))
        }
        GlossaryAction::Convert { file, to, source_lang, target_lang } => {
            let (text, gf, langs) = read(&file, &source_lang, &target_lang)?;
            let name = file.display().to_string();
            let out = commands::glossary_convert(&name, &text, gf, to.into(), &langs).map_err(usage)?;
            print(Ok(out.into_bytes()))
        }
    }
}

fn run(cfg: &Config, corpus: &[PathBuf], out: &Path) -> Result<u8, Failure> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} articles {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let on_total = |n: u64| {
        if let Some(b) = &bar {
            b.set_length(n);
        }
    };
    let on_progress = |n: u64| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    };
    // SIGINT/SIGTERM stop the run (the groups in flight finish, nothing more is read); the
    // output folder is left as it was.
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    // A second handler cannot be set (only in tests that call run twice); the run then simply
    // cannot be interrupted cleanly, which is no reason to refuse it.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let hooks = pipeline::Hooks { on_total: &on_total, on_progress: &on_progress, cancel: &cancel };
    let result = pipeline::run(cfg, corpus, out, &hooks);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let s = match result {
        Ok(s) => s,
        Err(e @ pipeline::PipelineError::Interrupted) => {
            return Err(Failure { code: 130, error: anyhow!("{e}; {} is as it was", out.display()) })
        }
        Err(e) => return Err(usage(e)),
    };
    for e in &s.errors {
        eprintln!("lexbridge: {e}");
    }
    if s.failed > s.errors.len() {
        eprintln!("lexbridge: … and {} more errors; articles.csv lists every one", s.failed - s.errors.len());
    }
    eprintln!(
        "lexbridge: {} articles, {} sentences, {} figures, {} findings, {} errors, {} skipped files, {:.2} s",
        s.articles, s.sentences, s.figures, s.findings, s.failed, s.skipped, s.seconds
    );
    if let Some(t) = &cfg.translator {
        let ts = t.stats();
        let units = t.tm().and_then(|tm| tm.len().ok()).unwrap_or(0);
        eprintln!(
            "lexbridge: translation: {} sentences from the TM, {} machine-translated in {} engine calls; the TM holds {units} units",
            ts.tm_hits, ts.mt_sentences, ts.engine_calls
        );
    }
    Ok(if s.failed > 0 { 1 } else { 0 })
}
