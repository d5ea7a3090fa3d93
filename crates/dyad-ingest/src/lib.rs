//! Reading what users bring into dyad [`Document`]s.
//!
//! The first stage of dyad's pipeline (**ingest** → text → parse →
//! dictionaries → coder → store). It reads plain text in any common
//! encoding, HTML pages (keeping the article, dropping the page chrome),
//! JSON Lines records, directories and globs, and gives every document a
//! stable id, a publication date as far as it is known, and the text that
//! all later offsets point into.
//!
//! The main entry point is [`read_inputs`], which reports to a
//! [`DocumentSink`]: each document as it is read, each problem with the
//! file (and line) it concerns. A problem never stops the other inputs.
//!
//! ```
//! use dyad_ingest::{read_inputs, Document, DocumentSink, Problem, ReadOptions};
//!
//! struct Collect(Vec<Document>);
//! impl DocumentSink for Collect {
//!     fn document(&mut self, doc: Document) -> bool { self.0.push(doc); true }
//!     fn problem(&mut self, p: Problem) { eprintln!("{p}"); }
//! }
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("statement.txt");
//! std::fs::write(&path, "Monday, March 4\n\nTalks with Armenia\n\nThe talks were useful.\n").unwrap();
//! let mut sink = Collect(Vec::new());
//! read_inputs(&[path.display().to_string()], &ReadOptions::default(), &mut sink);
//! let doc = &sink.0[0];
//! assert_eq!(doc.title_text(), Some("Talks with Armenia"));
//! assert_eq!(doc.published.unwrap().iso.0.to_string(), "--03-04");
//! assert_eq!(doc.body_text(), "The talks were useful.");
//! ```

pub mod boilerplate;
pub mod dates;
mod document;
pub mod encoding;
pub mod html;
mod read;
pub mod structure;

pub use dates::{parse_date, PartialDate, Weekday};
pub use document::{
    content_id, DateSource, Document, DocumentSentence, InputFormat, IsoDate, Layout, Origin, Part,
    Published, Removed,
};
pub use read::{read_bytes, read_inputs, sniff_format, DocumentSink, ReadOptions, ReadSummary};

/// A document or record that could not be read (it was skipped).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a text document ({detail}); dyad reads plain text, HTML and JSON Lines")]
    Binary { path: String, detail: String },
    #[error("{origin}: empty document ({what})")]
    Empty { origin: Origin, what: &'static str },
    #[error("{origin}: {message}")]
    Json { origin: Origin, message: String },
    #[error("{origin}: invalid UTF-8 at byte {offset} of the line (JSON Lines must be UTF-8)")]
    InvalidUtf8 { origin: Origin, offset: usize },
    #[error("{origin}: too large ({size} bytes, the limit is {limit}): {hint}")]
    TooLarge {
        origin: Origin,
        size: u64,
        limit: u64,
        hint: &'static str,
    },
    #[error("{pattern}: no files match this pattern")]
    NoMatch { pattern: String },
    #[error("{pattern}: not a valid glob pattern: {message}")]
    BadPattern { pattern: String, message: String },
}

/// Something [`read_inputs`] reports besides documents.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// The document or record was skipped.
    #[error("error: {0}")]
    Error(IngestError),
    /// The document was read, with a caveat.
    #[error("warning: {origin}: {message}")]
    Warning { origin: Origin, message: String },
}

impl Problem {
    pub fn is_error(&self) -> bool {
        matches!(self, Problem::Error(_))
    }
}
