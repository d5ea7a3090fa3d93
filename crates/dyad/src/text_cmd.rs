//! `dyad text`: documents in, sentences and tokens out.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dyad_ingest::{
    parse_date, read_inputs, Document, DocumentSentence, DocumentSink, InputFormat, Problem,
    ReadOptions, ReadSummary,
};
use dyad_text::{BlockKind, Segmenter, Span, Token, TokenKind};
use serde::Serialize;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub const AFTER_HELP: &str = "\
Output (--format json, the default): one JSON object per sentence:
  {\"doc_id\": \"sha256:…\", \"index\": 0, \"span\": [0, 20], \"char_span\": [0, 20],
   \"block\": \"title\" | \"heading\" | \"paragraph\" | \"list-item\", \"text\": \"…\",
   \"tokens\": [{\"text\": \"Russia\", \"span\": [0, 6], \"char_span\": [0, 6], \"kind\": \"word\", \"space_after\": true}, …]}

Examples:
  dyad text statement.txt --published 2024-02-08
  dyad text --format pretty https-page.html
  dyad text --format documents corpus/ > documents.jsonl
  zcat feed.jsonl.gz | dyad text --input-format jsonl -";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON object per sentence (JSON Lines).
    Json,
    /// A readable view: documents, sentences, tokens.
    Pretty,
    /// One JSON object per document: id, title, date, source, chrome removed, counts.
    Documents,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Text,
    Html,
    Jsonl,
}

impl From<InputFormatArg> for Option<InputFormat> {
    fn from(a: InputFormatArg) -> Self {
        match a {
            InputFormatArg::Auto => None,
            InputFormatArg::Text => Some(InputFormat::Text),
            InputFormatArg::Html => Some(InputFormat::Html),
            InputFormatArg::Jsonl => Some(InputFormat::Jsonl),
        }
    }
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// Files, directories, glob patterns, or '-' for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Leave the tokens out of JSON output.
    #[arg(long)]
    pub no_tokens: bool,

    /// Do not print warnings (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// How documents are read: the options of every command that reads them.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// How to read the inputs (by default: by file extension, then by content).
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,

    /// Publication date for documents that give none, and to complete a
    /// date line without a year (2024-02-08, 2024-02 or 2024). Office
    /// holders and events' relative dates are resolved for this date.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,

    /// Speaker (the actor "we" stands for: a code such as RUSGOV, or a
    /// name) for documents that name none.
    #[arg(long, value_name = "ACTOR")]
    pub speaker: Option<String>,

    /// Source (outlet) for documents that name none.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Refuse HTML pages larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 32 << 20)]
    pub max_html_bytes: u64,

    /// Refuse JSON Lines records longer than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    pub max_line_bytes: usize,
}

impl ReadArgs {
    /// The readers' options; a `--published` that is no date is refused.
    pub fn options(&self) -> Result<ReadOptions> {
        let published = match &self.published {
            None => None,
            Some(raw) => match parse_date(raw, true) {
                Some(d) => Some(d),
                None => bail!(
                    "--published {raw:?}: expected a date such as 2024-02-08, 2024-02 or 2024"
                ),
            },
        };
        Ok(ReadOptions {
            format: self.input_format.into(),
            published,
            speaker: self.speaker.clone(),
            source: self.source.clone(),
            max_html_bytes: self.max_html_bytes,
            max_line_bytes: self.max_line_bytes,
            ..ReadOptions::default()
        })
    }
}

pub fn run(args: TextArgs) -> Result<ExitCode> {
    let opts = args.read.options()?;
    let stdout = io::stdout();
    let mut sink = TextSink {
        out: BufWriter::with_capacity(1 << 16, stdout.lock()),
        format: args.format,
        tokens: !args.no_tokens,
        quiet: args.quiet,
        segmenter: Segmenter::new(),
        sentences: 0,
        index: None,
        write_error: None,
        errors: Vec::new(),
        progress: Progress::new(io::stderr().is_terminal() && !io::stdout().is_terminal()),
    };
    let summary = read_inputs(&args.paths, &opts, &mut sink);
    sink.progress.clear();
    let flush = sink.out.flush();
    if let Some(e) = sink.write_error.take().map(Err).unwrap_or(flush).err() {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e).context("writing the output");
    }
    let line = format!(
        "dyad text: {}, {}",
        count(summary.documents, "document"),
        count(sink.sentences, "sentence")
    );
    Ok(finish_summary(line, &summary, &sink.errors, false))
}

/// "1 document", "2 documents".
pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Completes a command's summary line with what reading skipped and why,
/// prints it on standard error with the errors (always when `always`, else
/// on a terminal or when something went wrong), and gives the exit status:
/// failure when a file or record could not be read.
pub fn finish_summary(
    mut line: String,
    summary: &ReadSummary,
    errors: &[String],
    always: bool,
) -> ExitCode {
    if summary.skipped_files > 0 {
        line += &format!(
            "; {} in directories skipped for their extension (name them or use --input-format)",
            count(summary.skipped_files, "file")
        );
    }
    if summary.warnings > 0 {
        line += &format!("; {}", count(summary.warnings, "warning"));
    }
    if summary.errors > 0 {
        line += &format!("; {} (skipped):", count(summary.errors, "error"));
    }
    if always || io::stderr().is_terminal() || summary.errors > 0 || summary.warnings > 0 {
        eprintln!("{line}");
        for e in errors {
            eprintln!("  {}", sanitize(e));
        }
    }
    if summary.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

struct TextSink<W: Write> {
    out: W,
    format: OutputFormat,
    tokens: bool,
    quiet: bool,
    segmenter: Segmenter,
    sentences: usize,
    /// The id of the document being printed and its next sentence index
    /// (a large document arrives in parts).
    index: Option<(String, usize)>,
    write_error: Option<io::Error>,
    /// Errors, repeated in the summary so they are not lost in the output.
    errors: Vec<String>,
    progress: Progress,
}

/// A one-line progress report on standard error, for long runs whose
/// output goes to a file or a pipe.
struct Progress {
    enabled: bool,
    start: Instant,
    last: Instant,
    documents: usize,
    bytes: usize,
    shown: bool,
}

impl Progress {
    fn new(enabled: bool) -> Self {
        let now = Instant::now();
        Progress {
            enabled,
            start: now,
            last: now,
            documents: 0,
            bytes: 0,
            shown: false,
        }
    }

    fn add(&mut self, doc: &Document, sentences: usize) {
        if doc.part.is_none_or(|p| p.last) {
            self.documents += 1;
        }
        self.bytes += doc.text.len();
        let now = Instant::now();
        if !self.enabled || now.duration_since(self.last) < Duration::from_millis(250) {
            return;
        }
        self.last = now;
        let secs = now.duration_since(self.start).as_secs_f64().max(1e-3);
        eprint!(
            "\r\x1b[Kdyad text: {} documents, {:.1} MB, {:.1} MB/s, last: {} ({} sentences)",
            self.documents,
            self.bytes as f64 / 1e6,
            self.bytes as f64 / 1e6 / secs,
            sanitize(&doc.origin.to_string()),
            sentences
        );
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
            self.shown = false;
        }
    }
}

impl<W: Write> DocumentSink for TextSink<W> {
    fn document(&mut self, doc: Document) -> bool {
        let sentences = doc.sentences(&self.segmenter);
        self.sentences += sentences.len();
        self.progress.add(&doc, sentences.len());
        let first = match &self.index {
            Some((id, next)) if *id == doc.id && doc.part.is_some_and(|p| p.index > 0) => *next,
            _ => 0,
        };
        self.index = Some((doc.id.clone(), first + sentences.len()));
        let result = match self.format {
            OutputFormat::Json => self.json(&doc, &sentences, first),
            OutputFormat::Pretty => self.pretty(&doc, &sentences, first),
            OutputFormat::Documents => self.document_record(&doc, sentences.len()),
        };
        match result {
            Ok(()) => true,
            Err(e) => {
                self.write_error = Some(e);
                false
            }
        }
    }

    fn problem(&mut self, problem: Problem) {
        self.progress.clear();
        if problem.is_error() {
            self.errors.push(problem.to_string());
        } else if self.quiet {
            return;
        }
        eprintln!("dyad: {}", sanitize(&problem.to_string()));
    }
}

#[derive(Serialize)]
struct SentenceRecord<'a> {
    doc_id: &'a str,
    index: usize,
    span: Span,
    char_span: Span,
    block: &'static str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<TokenRecord<'a>>>,
}

#[derive(Serialize)]
struct TokenRecord<'a> {
    text: &'a str,
    span: Span,
    char_span: Span,
    kind: TokenKind,
    space_after: bool,
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    #[serde(flatten)]
    doc: &'a Document,
    title_text: Option<&'a str>,
    sentences: usize,
    body_chars: usize,
}

fn block_name(s: &DocumentSentence) -> &'static str {
    if s.in_title {
        return "title";
    }
    match s.sentence.kind {
        BlockKind::Paragraph => "paragraph",
        BlockKind::Heading => "heading",
        BlockKind::ListItem => "list-item",
    }
}

impl<W: Write> TextSink<W> {
    fn json(
        &mut self,
        doc: &Document,
        sentences: &[DocumentSentence],
        first: usize,
    ) -> io::Result<()> {
        for (i, s) in sentences.iter().enumerate() {
            let sent = &s.sentence;
            let tokens = self.tokens.then(|| {
                sent.tokens
                    .iter()
                    .map(|t: &Token| TokenRecord {
                        text: doc.slice(t.span),
                        span: t.span,
                        char_span: t.chars,
                        kind: t.kind,
                        space_after: t.space_after,
                    })
                    .collect()
            });
            let rec = SentenceRecord {
                doc_id: &doc.id,
                index: first + i,
                span: sent.span,
                char_span: sent.chars,
                block: block_name(s),
                text: doc.slice(sent.span),
                tokens,
            };
            serde_json::to_writer(&mut self.out, &rec)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn document_record(&mut self, doc: &Document, sentences: usize) -> io::Result<()> {
        let rec = DocumentRecord {
            doc,
            title_text: doc.title_text(),
            sentences,
            body_chars: doc
                .body
                .iter()
                .map(|r| doc.text[r.start..r.end].chars().count())
                .sum(),
        };
        serde_json::to_writer(&mut self.out, &rec)?;
        self.out.write_all(b"\n")
    }

    fn pretty(
        &mut self,
        doc: &Document,
        sentences: &[DocumentSentence],
        first: usize,
    ) -> io::Result<()> {
        let out = &mut self.out;
        if first == 0 {
            writeln!(
                out,
                "── document {} ({}, {}, {})",
                doc.id,
                sanitize(&doc.origin.to_string()),
                doc.format.as_str(),
                doc.encoding
            )?;
            if let Some(t) = doc.title_text() {
                writeln!(out, "   title:     {}", sanitize(t))?;
            }
            match &doc.published {
                Some(p) => writeln!(out, "   published: {} (from {:?})", p.iso.0, p.source)?,
                None => writeln!(out, "   published: unknown")?,
            }
            if let Some(u) = &doc.url {
                writeln!(out, "   url:       {}", sanitize(u))?;
            }
            for r in &doc.removed {
                writeln!(out, "   removed:   [{}] {}", r.reason, sanitize(&r.text))?;
            }
        }
        for (i, s) in sentences.iter().enumerate() {
            let sent = &s.sentence;
            writeln!(
                out,
                "{:>4} {:<9} {:>6}..{:<6} {}",
                first + i,
                block_name(s),
                sent.span.start,
                sent.span.end,
                sanitize(&doc.slice(sent.span).replace('\n', " "))
            )?;
            let forms: Vec<String> = sent
                .tokens
                .iter()
                .map(|t| sanitize(doc.slice(t.span)))
                .collect();
            writeln!(out, "                          {}", forms.join(" | "))?;
        }
        writeln!(out)
    }
}

/// Text from documents is untrusted: control characters (terminal escape
/// sequences among them) are shown escaped, never sent to the terminal.
pub(crate) fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t'
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}
