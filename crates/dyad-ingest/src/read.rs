//! Reading inputs (files, directories, globs, standard input) into
//! documents, reporting every problem and going on with the rest.

use crate::dates::{parse_date, PartialDate};
use crate::document::{
    content_id, id_from_hasher, DateSource, Document, InputFormat, Origin, Part, Published,
};
use crate::encoding::{self, decode, sniff_binary, NotText};
use crate::structure::{analyse, removed_without_span};
use crate::{html, IngestError, Problem};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Read every input as this format instead of guessing.
    pub format: Option<InputFormat>,
    /// The publication date for documents that give none (and to complete
    /// a date line without a year).
    pub published: Option<PartialDate>,
    /// The speaker for documents that name none.
    pub speaker: Option<String>,
    /// The source (outlet) for documents that name none.
    pub source: Option<String>,
    /// HTML pages larger than this are refused (they are parsed whole).
    pub max_html_bytes: u64,
    /// JSON Lines records longer than this are refused.
    pub max_line_bytes: usize,
    /// Plain text larger than this is read in parts of about this size, so
    /// memory stays bounded whatever the size of the file.
    pub part_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            published: None,
            speaker: None,
            source: None,
            max_html_bytes: 32 << 20,
            max_line_bytes: 64 << 20,
            part_bytes: 8 << 20,
        }
    }
}

/// Receives documents and problems as they are read.
pub trait DocumentSink {
    /// A document was read. Return `false` to stop reading.
    fn document(&mut self, doc: Document) -> bool;
    /// Something went wrong (an error: the document or record was skipped)
    /// or deserves a note (a warning: it was read anyway).
    fn problem(&mut self, problem: Problem);
}

/// Counts of what was read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReadSummary {
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Files in directories skipped for their extension.
    pub skipped_files: usize,
}

/// File extensions read when walking a directory.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "xhtml", "shtml", "jsonl", "ndjson",
];

/// Reads every input in order: `-` is standard input, a directory is read
/// recursively in name order, a pattern with `*`, `?` or `[` is a glob.
pub fn read_inputs(
    inputs: &[String],
    opts: &ReadOptions,
    sink: &mut dyn DocumentSink,
) -> ReadSummary {
    let mut r = Reader::new(opts, sink);
    for input in inputs {
        if r.stopped {
            break;
        }
        r.input(input);
    }
    r.summary
}

/// Reads one input already in memory (a request body, a message from a
/// queue) named `name` in messages. `format` as in
/// [`ReadOptions::format`]; by default it is guessed from the bytes.
pub fn read_bytes(
    name: &str,
    bytes: Vec<u8>,
    format: Option<InputFormat>,
    opts: &ReadOptions,
    sink: &mut dyn DocumentSink,
) -> ReadSummary {
    let mut r = Reader::new(opts, sink);
    let origin = Origin {
        path: name.to_owned(),
        line: None,
    };
    r.bytes(origin, format, bytes);
    r.summary
}

struct Reader<'a> {
    opts: &'a ReadOptions,
    sink: &'a mut dyn DocumentSink,
    summary: ReadSummary,
    stopped: bool,
}

impl<'a> Reader<'a> {
    fn new(opts: &'a ReadOptions, sink: &'a mut dyn DocumentSink) -> Self {
        Reader {
            opts,
            sink,
            summary: ReadSummary::default(),
            stopped: false,
        }
    }

    fn error(&mut self, e: IngestError) {
        self.summary.errors += 1;
        self.sink.problem(Problem::Error(e));
    }

    fn warn(&mut self, origin: &Origin, message: String) {
        self.summary.warnings += 1;
        self.sink.problem(Problem::Warning {
            origin: origin.clone(),
            message,
        });
    }

    fn emit(&mut self, doc: Document) {
        // A document read in parts counts once.
        if doc.part.is_none_or(|p| p.last) {
            self.summary.documents += 1;
        }
        if !self.sink.document(doc) {
            self.stopped = true;
        }
    }

    fn input(&mut self, input: &str) {
        if input == "-" {
            return self.stdin();
        }
        let path = Path::new(input);
        if path.exists() {
            if path.is_dir() {
                return self.directory(path);
            }
            return self.file(path);
        }
        if input.contains(['*', '?', '[']) {
            return self.glob(input);
        }
        self.error(IngestError::Io {
            path: input.to_owned(),
            source: io::Error::new(io::ErrorKind::NotFound, "no such file or directory"),
        });
    }

    fn glob(&mut self, pattern: &str) {
        let paths = match glob::glob(pattern) {
            Ok(p) => p,
            Err(e) => {
                return self.error(IngestError::BadPattern {
                    pattern: pattern.to_owned(),
                    message: e.to_string(),
                })
            }
        };
        let mut files: Vec<PathBuf> = Vec::new();
        for p in paths {
            match p {
                Ok(p) => files.push(p),
                Err(e) => self.error(IngestError::Io {
                    path: e.path().display().to_string(),
                    source: io::Error::new(e.error().kind(), e.error().to_string()),
                }),
            }
        }
        if files.is_empty() {
            return self.error(IngestError::NoMatch {
                pattern: pattern.to_owned(),
            });
        }
        files.sort();
        for f in files {
            if self.stopped {
                return;
            }
            if f.is_dir() {
                self.directory(&f);
            } else {
                self.file(&f);
            }
        }
    }

    fn directory(&mut self, dir: &Path) {
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            if self.stopped {
                return;
            }
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let ext = e
                        .path()
                        .extension()
                        .map(|x| x.to_string_lossy().to_lowercase());
                    let wanted = match &ext {
                        None => true,
                        Some(x) => DOCUMENT_EXTENSIONS.contains(&x.as_str()),
                    };
                    if wanted || self.opts.format.is_some() {
                        self.file(e.path());
                    } else {
                        self.summary.skipped_files += 1;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e
                        .path()
                        .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                    let source = e
                        .into_io_error()
                        .unwrap_or_else(|| io::Error::other("filesystem loop"));
                    self.error(IngestError::Io { path, source });
                }
            }
        }
    }

    fn stdin(&mut self) {
        let stdin = io::stdin();
        let lock = stdin.lock();
        if self.opts.format == Some(InputFormat::Jsonl) {
            // Told it is JSON Lines: read it a record at a time, so that a
            // filter in a pipe codes each document as it arrives, in
            // bounded memory, whatever the stream's length.
            return self.jsonl(lock, "-");
        }
        self.stream(lock, "-");
    }

    /// An input that can be read only once (standard input, a pipe): held
    /// in memory when small, spooled to a temporary file when large (it is
    /// read in two passes: hash, then parts).
    fn stream(&mut self, mut input: impl Read, name: &str) {
        let limit = self.opts.part_bytes as u64;
        let mut buf = Vec::new();
        if let Err(source) = (&mut input).take(limit + 1).read_to_end(&mut buf) {
            return self.error(IngestError::Io {
                path: name.into(),
                source,
            });
        }
        if buf.len() as u64 <= limit {
            let origin = Origin {
                path: name.into(),
                line: None,
            };
            return self.bytes(origin, None, buf);
        }
        let spooled = tempfile::tempfile().and_then(|mut f| {
            f.write_all(&buf)?;
            io::copy(&mut input, &mut f)?;
            f.seek(SeekFrom::Start(0))?;
            Ok(f)
        });
        match spooled {
            Ok(f) => self.open_file(f, name, None),
            Err(source) => self.error(IngestError::Io {
                path: name.into(),
                source,
            }),
        }
    }

    fn file(&mut self, path: &Path) {
        let name = path.display().to_string();
        match File::open(path) {
            Ok(f) => {
                let ext = path.extension().map(|x| x.to_string_lossy().to_lowercase());
                self.open_file(f, &name, ext.as_deref());
            }
            Err(source) => self.error(IngestError::Io { path: name, source }),
        }
    }

    fn open_file(&mut self, mut f: File, name: &str, ext: Option<&str>) {
        let io_err = |source| IngestError::Io {
            path: name.to_owned(),
            source,
        };
        let size = match f.metadata() {
            // A named pipe or a device: read it once, as standard input.
            Ok(m) if !m.is_file() => return self.stream(f, name),
            Ok(m) => m.len(),
            Err(e) => return self.error(io_err(e)),
        };
        let mut prefix = vec![0u8; encoding::SNIFF_BYTES.min(size as usize)];
        if let Err(e) = f.read_exact(&mut prefix) {
            return self.error(io_err(e));
        }
        if let Some(nt) = sniff_binary(&prefix) {
            return self.error(binary_error(name, nt));
        }
        let format = self
            .opts
            .format
            .or_else(|| format_from_extension(ext))
            .unwrap_or_else(|| sniff_format(&prefix));
        if let Err(e) = f.seek(SeekFrom::Start(0)) {
            return self.error(io_err(e));
        }
        let origin = Origin {
            path: name.to_owned(),
            line: None,
        };
        match format {
            InputFormat::Jsonl => self.jsonl(BufReader::new(f), name),
            InputFormat::Html if size > self.opts.max_html_bytes => self.error(IngestError::TooLarge {
                origin,
                size,
                limit: self.opts.max_html_bytes,
                hint: "HTML pages are parsed whole; convert it to text, or raise --max-html-bytes",
            }),
            InputFormat::Text if size > self.opts.part_bytes as u64 => self.text_in_parts(f, origin),
            _ => {
                let mut bytes = Vec::with_capacity(size as usize);
                if let Err(e) = f.read_to_end(&mut bytes) {
                    return self.error(io_err(e));
                }
                self.bytes(origin, Some(format), bytes);
            }
        }
    }

    /// A whole document in memory (a file or standard input).
    fn bytes(&mut self, origin: Origin, format: Option<InputFormat>, bytes: Vec<u8>) {
        if let Some(nt) = sniff_binary(&bytes) {
            return self.error(binary_error(&origin.path, nt));
        }
        let format = format
            .or(self.opts.format)
            .unwrap_or_else(|| sniff_format(&bytes));
        match format {
            InputFormat::Jsonl => {
                let name = origin.path.clone();
                self.jsonl(io::Cursor::new(bytes), &name)
            }
            InputFormat::Html => {
                let declared = encoding::html_declared_charset(&bytes);
                let decoded = decode(&bytes, declared.as_deref());
                self.note_invalid(&origin, decoded.invalid);
                let meta = Meta::default();
                self.html_document(origin, decoded.encoding, &decoded.text, meta);
            }
            InputFormat::Text => {
                let decoded = decode(&bytes, None);
                self.note_invalid(&origin, decoded.invalid);
                self.text_document(origin, decoded.encoding, decoded.text, Meta::default());
            }
        }
    }

    fn note_invalid(&mut self, origin: &Origin, invalid: Option<(usize, usize)>) {
        if let Some((at, n)) = invalid {
            self.warn(
                origin,
                format!(
                    "invalid UTF-8 at byte {at} ({n} bad sequence{s} replaced with U+FFFD)",
                    s = if n == 1 { "" } else { "s" }
                ),
            );
        }
    }

    fn text_document(&mut self, origin: Origin, encoding: &'static str, text: String, meta: Meta) {
        if text.trim().is_empty() {
            return self.error(IngestError::Empty {
                origin,
                what: "no text",
            });
        }
        let layout = analyse(&text, meta.title.is_none(), true);
        let found = layout.date.map(|d| (d, DateSource::Dateline));
        let id = meta.id.clone().unwrap_or_else(|| content_id(&text));
        let mut doc = Document {
            id,
            format: meta.format.unwrap_or(InputFormat::Text),
            origin,
            encoding,
            text,
            title: layout.title,
            meta_title: meta.title,
            body: layout.body,
            removed: layout.removed,
            datelines: layout.datelines,
            published: None,
            url: meta.url,
            source: meta.source,
            language: meta.language,
            speaker: meta.speaker,
            part: None,
        };
        if doc.body.is_empty() {
            return self.error(IngestError::Empty {
                origin: doc.origin,
                what: "no text besides page chrome",
            });
        }
        self.finish(&mut doc, meta.published, found);
        self.emit(doc);
    }

    fn html_document(&mut self, origin: Origin, encoding: &'static str, page: &str, meta: Meta) {
        let page = html::extract(page);
        let title = meta.title.clone().or(page.title);
        let mut text = String::new();
        let title_span = title.as_deref().filter(|t| !t.trim().is_empty()).map(|t| {
            text.push_str(t.trim());
            dyad_text::Span::new(0, text.len())
        });
        let body_start = if title_span.is_some() {
            text.push_str("\n\n");
            text.len()
        } else {
            0
        };
        text.push_str(&page.body);
        // Date lines may still stand at the top of the extracted body.
        let layout = analyse(&text[body_start..], false, true);
        let shift = |s: dyad_text::Span| s.shifted(body_start);
        let mut removed = removed_without_span(page.removed);
        removed.extend(layout.removed.into_iter().map(|mut r| {
            r.span = r.span.map(shift);
            r
        }));
        let markup_date = page
            .published
            .as_deref()
            .and_then(|raw| parse_date(raw, false))
            .map(|d| (d, DateSource::Markup));
        let found = markup_date.or(layout.date.map(|d| (d, DateSource::Dateline)));
        let id = meta.id.clone().unwrap_or_else(|| content_id(&text));
        let mut doc = Document {
            id,
            format: meta.format.unwrap_or(InputFormat::Html),
            origin,
            encoding,
            title: title_span,
            meta_title: None,
            body: layout.body.into_iter().map(shift).collect(),
            removed,
            datelines: layout.datelines.into_iter().map(shift).collect(),
            published: None,
            url: meta.url.or(page.canonical_url),
            source: meta.source,
            language: meta.language.or(page.language),
            speaker: meta.speaker,
            part: None,
            text,
        };
        if doc.body.is_empty() {
            return self.error(IngestError::Empty {
                origin: doc.origin,
                what: "no article text in the page",
            });
        }
        self.finish(&mut doc, meta.published, found);
        self.emit(doc);
    }

    /// Settles the publication date and the defaults from the options.
    fn finish(
        &mut self,
        doc: &mut Document,
        metadata: Option<PartialDate>,
        found: Option<(PartialDate, DateSource)>,
    ) {
        let own = metadata.map(|d| (d, DateSource::Metadata)).or(found);
        doc.published = match (own, self.opts.published) {
            (Some((d, src)), Some(opt)) if !d.is_complete() => match d.completed_by(&opt) {
                Some(full) => Some(Published::new(
                    full,
                    if src == DateSource::Dateline {
                        DateSource::DatelineAndOption
                    } else {
                        src
                    },
                )),
                None => {
                    self.warn(
                        &doc.origin,
                        format!(
                            "the document's date ({d}) does not agree with --published {opt}; using --published"
                        ),
                    );
                    Some(Published::new(opt, DateSource::Option))
                }
            },
            (Some((d, src)), _) => Some(Published::new(d, src)),
            (None, Some(opt)) => Some(Published::new(opt, DateSource::Option)),
            (None, None) => None,
        };
        if doc.speaker.is_none() {
            doc.speaker = self.opts.speaker.clone();
        }
        if doc.source.is_none() {
            doc.source = self.opts.source.clone();
        }
    }

    /// JSON Lines: one document per line; a bad line is reported with its
    /// number and the rest go on.
    fn jsonl(&mut self, mut r: impl BufRead, name: &str) {
        let mut line_no = 0;
        let mut buf = Vec::new();
        loop {
            if self.stopped {
                return;
            }
            buf.clear();
            line_no += 1;
            let origin = Origin {
                path: name.to_owned(),
                line: Some(line_no),
            };
            match read_bounded_line(&mut r, &mut buf, self.opts.max_line_bytes) {
                Ok(LineRead::Eof) => return,
                Ok(LineRead::TooLong(size)) => {
                    self.error(IngestError::TooLarge {
                        origin,
                        size,
                        limit: self.opts.max_line_bytes as u64,
                        hint: "one JSON Lines record is too long; raise --max-line-bytes",
                    });
                    continue;
                }
                Ok(LineRead::Line) => {}
                Err(source) => {
                    return self.error(IngestError::Io {
                        path: name.to_owned(),
                        source,
                    })
                }
            }
            let line = match std::str::from_utf8(&buf) {
                Ok(l) => l,
                Err(e) => {
                    self.error(IngestError::InvalidUtf8 {
                        origin,
                        offset: e.valid_up_to(),
                    });
                    continue;
                }
            };
            let line = line.trim_start_matches('\u{FEFF}').trim();
            if line.is_empty() {
                continue;
            }
            let rec: JsonRecord = match serde_json::from_str(line) {
                Ok(r) => r,
                Err(e) => {
                    self.error(IngestError::Json {
                        origin,
                        message: describe_json_error(&e),
                    });
                    continue;
                }
            };
            self.record(origin, rec);
        }
    }

    fn record(&mut self, origin: Origin, rec: JsonRecord) {
        let published = match rec.published.as_deref() {
            None | Some("") => None,
            Some(raw) => match parse_date(raw, false) {
                Some(d) => Some(d),
                None => {
                    self.warn(
                        &origin,
                        format!("field \"published\": cannot read {raw:?} as a date (expected e.g. 2024-02-08); ignored"),
                    );
                    None
                }
            },
        };
        let id = match rec.id {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) if s.is_empty() => None,
            Some(serde_json::Value::String(s)) => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                return self.error(IngestError::Json {
                    origin,
                    message: format!("field \"id\": expected a string or a number, found {other}"),
                })
            }
        };
        let meta = Meta {
            id,
            title: rec.title,
            url: rec.url,
            source: rec.source,
            language: rec.language,
            speaker: rec.speaker,
            published,
            format: Some(InputFormat::Jsonl),
        };
        match (rec.text, rec.html) {
            (Some(text), _) if !text.trim().is_empty() => {
                self.text_document(origin, "UTF-8", text, meta)
            }
            (_, Some(html)) if !html.trim().is_empty() => {
                self.html_document(origin, "UTF-8", &html, meta)
            }
            (None, None) => self.error(IngestError::Json {
                origin,
                message: "expected a \"text\" or \"html\" field".into(),
            }),
            _ => self.error(IngestError::Empty {
                origin,
                what: "an empty \"text\"/\"html\" field",
            }),
        }
    }

    /// Plain text too large to hold: a first pass hashes it (the id), a
    /// second cuts it into parts at paragraph breaks and hands each over as
    /// soon as it is made, so memory stays bounded.
    fn text_in_parts(&mut self, mut f: File, origin: Origin) {
        let io_err = |source| IngestError::Io {
            path: origin.path.clone(),
            source,
        };
        let mut head = vec![0u8; (1 << 20).min(self.opts.part_bytes)];
        let n = match read_full(&mut f, &mut head) {
            Ok(n) => n,
            Err(e) => return self.error(io_err(e)),
        };
        head.truncate(n);
        let enc = match std::str::from_utf8(&head) {
            // a byte-order mark decides (UTF-16 files have one)
            _ if encoding_rs::Encoding::for_bom(&head).is_some() => {
                encoding_rs::Encoding::for_bom(&head)
                    .map(|(e, _)| e)
                    .unwrap_or(encoding_rs::UTF_8)
            }
            // valid, or cut inside the last character
            Ok(_) => encoding_rs::UTF_8,
            Err(e) if e.error_len().is_none() => encoding_rs::UTF_8,
            Err(_) => encoding::detect(&head, None),
        };
        // Pass 1: the id.
        let mut hasher = Sha256::new();
        let mut invalid = false;
        let hashed = (|| -> io::Result<()> {
            f.seek(SeekFrom::Start(0))?;
            let mut stream = TextStream::new(&mut f, enc, self.opts.part_bytes);
            while let Some((text, _, bad)) = stream.next_part()? {
                hasher.update(text.as_bytes());
                invalid |= bad;
            }
            Ok(())
        })();
        if let Err(e) = hashed {
            return self.error(io_err(e));
        }
        if invalid {
            self.warn(
                &origin,
                "invalid byte sequences in the text (replaced with U+FFFD)".into(),
            );
        }
        let id = id_from_hasher(hasher);
        if let Err(e) = f.seek(SeekFrom::Start(0)) {
            return self.error(io_err(e));
        }
        // Pass 2: the parts.
        let mut stream = TextStream::new(&mut f, enc, self.opts.part_bytes);
        let (mut index, mut base_bytes, mut base_chars) = (0, 0, 0);
        let mut first_published: Option<Published> = None;
        loop {
            let (text, last) = match stream.next_part() {
                Ok(Some((text, last, _))) => (text, last),
                Ok(None) => return,
                Err(e) => return self.error(io_err(e)),
            };
            let layout = analyse(&text, index == 0, index == 0);
            let (len, chars) = (text.len(), text.chars().count());
            let mut doc = Document {
                id: id.clone(),
                format: InputFormat::Text,
                origin: origin.clone(),
                encoding: enc.name(),
                title: layout.title,
                meta_title: None,
                body: layout.body,
                removed: layout.removed,
                datelines: layout.datelines,
                published: None,
                url: None,
                source: None,
                language: None,
                speaker: None,
                part: Some(Part {
                    index,
                    base_bytes,
                    base_chars,
                    last,
                }),
                text,
            };
            let found = layout.date.map(|d| (d, DateSource::Dateline));
            self.finish(&mut doc, None, found);
            // Every part carries the document's date (settled on the first).
            if index == 0 {
                first_published = doc.published;
            } else {
                doc.published = first_published;
            }
            self.emit(doc);
            if self.stopped || last {
                return;
            }
            index += 1;
            base_bytes += len;
            base_chars += chars;
        }
    }
}

/// Decoded text of a file, in parts of about `part_bytes` cut at
/// paragraph breaks.
struct TextStream<'f> {
    f: &'f mut File,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    carry: String,
    eof: bool,
    errors: bool,
    part_bytes: usize,
}

impl<'f> TextStream<'f> {
    fn new(f: &'f mut File, enc: &'static encoding_rs::Encoding, part_bytes: usize) -> Self {
        TextStream {
            f,
            decoder: enc.new_decoder_with_bom_removal(),
            input: vec![0u8; (part_bytes / 4).clamp(4096, 1 << 22)],
            carry: String::new(),
            eof: false,
            errors: false,
            part_bytes: part_bytes.max(1),
        }
    }

    /// The next part: its text, whether it is the last, and whether
    /// decoding met invalid bytes.
    fn next_part(&mut self) -> io::Result<Option<(String, bool, bool)>> {
        loop {
            if self.carry.len() >= self.part_bytes {
                let cut = part_cut(&self.carry, self.part_bytes);
                if cut < self.carry.len() {
                    let rest = self.carry.split_off(cut);
                    let text = std::mem::replace(&mut self.carry, rest);
                    return Ok(Some((text, false, std::mem::take(&mut self.errors))));
                }
            }
            if self.eof {
                if self.carry.is_empty() {
                    return Ok(None);
                }
                let text = std::mem::take(&mut self.carry);
                return Ok(Some((text, true, std::mem::take(&mut self.errors))));
            }
            let n = read_full(self.f, &mut self.input)?;
            let last = n < self.input.len();
            let need = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.carry.reserve(need);
            let (_, _, bad) =
                self.decoder
                    .decode_to_string(&self.input[..n], &mut self.carry, last);
            self.errors |= bad;
            self.eof = last;
        }
    }
}

/// Where to end a part of a large text: after the last blank line, else
/// the last line break, else the last space in the buffer; 0 when the
/// buffer is still smaller than a part.
fn part_cut(buf: &str, part_bytes: usize) -> usize {
    let limit = buf.len();
    if let Some(k) = buf.rfind("\n\n") {
        if k > 0 {
            return k + 2;
        }
    }
    if let Some(k) = buf.rfind('\n') {
        if k > 0 {
            return k + 1;
        }
    }
    match buf.rfind(' ') {
        Some(k) => k + 1,
        // No break at all (a minified dump, unspaced text): cut anyway, at a
        // character boundary, so that memory stays bounded.
        None if limit >= 2 * part_bytes => {
            let mut cut = part_bytes;
            while cut > 0 && !buf.is_char_boundary(cut) {
                cut -= 1;
            }
            cut.max(1)
        }
        None => limit,
    }
}

fn read_full(f: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

enum LineRead {
    Line,
    Eof,
    TooLong(u64),
}

/// Reads one line into `buf` (without the line break), keeping at most
/// `limit` bytes: a longer line is skipped to its end and reported.
fn read_bounded_line(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(k) => (&available[..k], Some(k + 1)),
            None => (available, None),
        };
        total += chunk.len() as u64;
        if total <= limit as u64 {
            buf.extend_from_slice(chunk);
        }
        let consumed = done.unwrap_or(chunk.len());
        r.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(LineRead::Eof);
    }
    if total > limit as u64 {
        buf.clear();
        return Ok(LineRead::TooLong(total));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(LineRead::Line)
}

/// What a JSON Lines record (or other container) says about a document.
#[derive(Debug, Default)]
struct Meta {
    id: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    language: Option<String>,
    speaker: Option<String>,
    published: Option<PartialDate>,
    format: Option<InputFormat>,
}

#[derive(Debug, Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    source: Option<String>,
    language: Option<String>,
    speaker: Option<String>,
}

fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Data => format!("{e} (fields are id, text, html, title, url, published, source, language, speaker; all strings)"),
        Category::Syntax | Category::Eof => format!("malformed JSON: {e} (expected one JSON object per line)"),
        Category::Io => e.to_string(),
    }
}

fn binary_error(path: &str, nt: NotText) -> IngestError {
    match nt {
        NotText::Format(what) => IngestError::Binary {
            path: path.to_owned(),
            detail: format!("it is {what}"),
        },
        NotText::Nul(at) => IngestError::Binary {
            path: path.to_owned(),
            detail: format!("a NUL byte at offset {at}"),
        },
    }
}

fn format_from_extension(ext: Option<&str>) -> Option<InputFormat> {
    match ext? {
        "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
        "html" | "htm" | "xhtml" | "shtml" => Some(InputFormat::Html),
        "txt" | "text" | "md" => Some(InputFormat::Text),
        _ => None,
    }
}

/// Guesses the format from the first bytes.
pub fn sniff_format(prefix: &[u8]) -> InputFormat {
    let start = prefix
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(prefix.len());
    let rest = &prefix[start..];
    let rest = rest.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(rest);
    if rest.starts_with(b"{") {
        let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let first = String::from_utf8_lossy(&rest[..line_end]);
        if first.trim_end().ends_with('}')
            || first.contains("\"text\"")
            || first.contains("\"html\"")
        {
            return InputFormat::Jsonl;
        }
    }
    if html::looks_like_html(rest) {
        return InputFormat::Html;
    }
    InputFormat::Text
}
