//! The lexbridge command line: argument parsing, configuration, progress and exit codes.
//! All work happens in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::{Parser, Subcommand, ValueEnum};

use lexbridge::align::Dictionary;
use lexbridge::commands::{self, Format, TextPair};
use lexbridge::glossary::{Format as GlossaryFileFormat, Glossary, Langs};
use lexbridge::pipeline::{self, Config};

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

/// CSV output made Excel-safe when asked (see `report::excel_safe_csv`).
fn table(bytes: std::io::Result<Vec<u8>>, csv: bool, excel_safe: bool) -> std::io::Result<Vec<u8>> {
    if csv && excel_safe {
        bytes.and_then(|b| lexbridge::report::excel_safe_csv(&b))
    } else {
        bytes
    }
}

fn dispatch(command: Command, excel_safe: bool) -> Result<u8, Failure> {
    let is_csv = |f: TableFormat| matches!(f, TableFormat::Csv);
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
            print(table(commands::figures(&text, &lang, format.into()), is_csv(format), excel_safe))
        }
        Command::Terms { glossary, lang, format, file } => {
            let glossary = load_glossary(glossary.as_deref())?;
            let text = read_input(&file)?;
            let lang = commands::resolve_lang(&lang, &text, "de");
            print(table(commands::terms(&text, &lang, &glossary, format.into()), is_csv(format), excel_safe))
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
            let bytes = commands::check(&p.text_pair(presegmented), &p.glossary, format.into());
            print(table(bytes, is_csv(format), excel_safe))
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
            print(table(commands::align(&input, &p.glossary, format), format == Format::Csv, excel_safe))
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
                excel_safe,
            };
            let (rows, failed) = pipeline::pair_corpus(&cfg, &corpus).map_err(usage)?;
            for a in &failed {
                eprintln!("lexbridge: {}", a.error);
            }
            print(table(commands::pair_rows(&rows, format.into()), is_csv(format), excel_safe))?;
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
                excel_safe,
            };
            run(&cfg, &corpus, &out)
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
            let bytes = commands::glossary_lint(&name, &text, gf, &langs, format.into()).map_err(usage)?;
            print(table(Ok(bytes), matches!(format, TableFormat::Csv), excel_safe))
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
    // An output folder that cannot be written fails now, not after the whole corpus is processed.
    lexbridge::report::check_writable(out)
        .with_context(|| {
            format!("{}: cannot write the output; choose a folder you can write to", out.display())
        })
        .map_err(usage)?;
    let result = pipeline::run(cfg, corpus, &on_total, &on_progress).map_err(usage)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    pipeline::write_outputs(out, &result).map_err(usage)?;
    for a in result.articles.iter().filter(|a| a.status == "error") {
        eprintln!("lexbridge: {}", a.error);
    }
    let s = &result.stats;
    eprintln!(
        "lexbridge: {} articles, {} sentences, {} figures, {} findings, {} errors, {} skipped files, {:.2} s",
        s.articles, s.sentences, s.figures, s.findings, s.failed, s.skipped, s.seconds
    );
    Ok(if s.failed > 0 { 1 } else { 0 })
}
