//! lexbridge: a batch pipeline for German-sourced news and legal-news articles and their
//! translations.
//!
//! The stages, in the order [`pipeline`] runs them:
//!
//! 1. [`corpus`] reads articles (`<id>.<lang>.txt|md`, JSONL), strips boilerplate;
//! 2. [`lang`] detects the language where none is declared;
//! 3. [`segment`] splits the text into sentences;
//! 4. [`figures`] and [`glossary`] find key figures and glossary terms in every sentence;
//! 5. [`align`] aligns each translation with its original;
//! 6. [`check`] compares terms and figures across the aligned pairs;
//! 7. [`summary`] picks the sentences that summarize each article;
//! 8. [`report`] writes the CSV tables.
//!
//! Every stage is plain data in, plain data out; none prints or reads files except [`corpus`]
//! (reading) and [`report`] (writing).

pub mod align;
pub mod check;
pub mod commands;
pub mod corpus;
pub mod figures;
pub mod glossary;
pub mod lang;
pub mod pipeline;
pub mod report;
pub mod segment;
pub mod summary;
pub mod translate;
pub mod xml;

pub use pipeline::{Config, PipelineError, RunOutput, RunStats};
