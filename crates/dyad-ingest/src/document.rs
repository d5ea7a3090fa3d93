//! The document: the text every later offset points into, and what is
//! known about where it came from.

use crate::boilerplate::Chrome;
use crate::dates::PartialDate;
use dyad_text::Span;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The kind of input a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Text,
    Html,
    Jsonl,
}

impl InputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Jsonl => "jsonl",
        }
    }
}

/// Where a publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// The `published` field of a JSON Lines record.
    Metadata,
    /// `<meta>`, `<time>` or JSON-LD in an HTML page.
    Markup,
    /// A date line in the text ("Saturday, February 8").
    Dateline,
    /// A dateline completed by the `--published` date.
    DatelineAndOption,
    /// The `--published` option.
    Option,
}

/// A publication date and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Published {
    #[serde(flatten)]
    pub date: PartialDate,
    /// ISO 8601 with unknown parts left out (`2024-02-08`, `--02-08`).
    pub iso: IsoDate,
    pub source: DateSource,
}

impl Published {
    pub fn new(date: PartialDate, source: DateSource) -> Self {
        Published {
            date,
            iso: IsoDate(date),
            source,
        }
    }
}

/// A [`PartialDate`] serialised as its ISO 8601 string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDate(pub PartialDate);

impl Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A line of page chrome left out of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub reason: Chrome,
    /// Where it stands in [`Document::text`]; `None` when the extractor
    /// dropped it before the text was built (HTML).
    pub span: Option<Span>,
    pub text: String,
}

/// Where in the input a document was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file (`-` for standard input).
    pub path: String,
    /// The line, for JSON Lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}", self.path),
            None => f.write_str(&self.path),
        }
    }
}

/// A document (or, for very large texts, one part of it; see [`Part`]).
///
/// `text` is the text every span indexes: the decoded file for plain text,
/// the extracted article (title, a blank line, the body) for HTML. It is
/// never rewritten after reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Given by the input, or `sha256:` and the first 16 bytes of the
    /// SHA-256 of the text, in hex: the same text always gets the same id.
    pub id: String,
    pub format: InputFormat,
    pub origin: Origin,
    /// The encoding the bytes were decoded from.
    pub encoding: &'static str,
    #[serde(skip)]
    pub text: String,
    /// The title, a span of `text`.
    pub title: Option<Span>,
    /// A title the metadata gave (a JSON Lines `title` field) that is not
    /// part of `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta_title: Option<String>,
    /// The content regions of `text` (the title, datelines and chrome lie
    /// outside them).
    pub body: Vec<Span>,
    /// Page chrome found and left out of the body.
    pub removed: Vec<Removed>,
    /// Spans of date lines left out of the body.
    pub datelines: Vec<Span>,
    pub published: Option<Published>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub language: Option<String>,
    pub speaker: Option<String>,
    /// Set when the document was read in parts.
    pub part: Option<Part>,
}

/// One part of a document too large to hold in memory at once: `text` is
/// the part's text, and its offsets in the whole document are `base_bytes`
/// and `base_chars`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Part {
    pub index: usize,
    pub base_bytes: usize,
    pub base_chars: usize,
    pub last: bool,
}

impl Document {
    /// The title's text.
    pub fn title_text(&self) -> Option<&str> {
        match self.title {
            Some(s) => Some(&self.text[s.start..s.end]),
            None => self.meta_title.as_deref(),
        }
    }

    /// The byte and character offsets of `text` within the whole document
    /// (zero unless the document was read in parts).
    pub fn base(&self) -> (usize, usize) {
        self.part.map_or((0, 0), |p| (p.base_bytes, p.base_chars))
    }

    /// The body's text, regions joined by blank lines.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for r in &self.body {
            let t = self.text[r.start..r.end].trim();
            if t.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(t);
        }
        out
    }
}

/// The content id of a text.
pub fn content_id(text: &str) -> String {
    let mut h = Sha256::new();
    h.update(text.as_bytes());
    id_from_hasher(h)
}

pub(crate) fn id_from_hasher(h: Sha256) -> String {
    let digest = h.finalize();
    let mut s = String::with_capacity(7 + 32);
    s.push_str("sha256:");
    for b in &digest[..16] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// A sentence of a document, and whether it is the title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSentence {
    /// Spans are offsets in the whole document (see [`Document::base`]).
    pub sentence: dyad_text::Sentence,
    pub in_title: bool,
}

impl Document {
    /// The text of `span`, a span in whole-document offsets that falls in
    /// this document (or part).
    pub fn slice(&self, span: Span) -> &str {
        let (base, _) = self.base();
        &self.text[span.start - base..span.end - base]
    }

    /// The sentences of the title and the body, in text order, with spans
    /// in whole-document offsets.
    pub fn sentences(&self, segmenter: &dyad_text::Segmenter) -> Vec<DocumentSentence> {
        let (base_bytes, base_chars) = self.base();
        let mut chars = dyad_text::CharCounter::new(&self.text, base_chars);
        let mut regions: Vec<(Span, bool)> = self.body.iter().map(|&s| (s, false)).collect();
        if let Some(t) = self.title {
            regions.push((t, true));
        }
        regions.sort_by_key(|(s, _)| s.start);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        for (region, in_title) in regions {
            buf.clear();
            let c = chars.char_at(region.start);
            segmenter.segment_into(
                &self.text[region.start..region.end],
                base_bytes + region.start,
                c,
                &mut buf,
            );
            out.extend(
                buf.drain(..)
                    .map(|sentence| DocumentSentence { sentence, in_title }),
            );
        }
        out
    }
}

/// A publication date in a [`Layout`]: year, month, day, and where it
/// came from (`metadata`, `markup`, `dateline`, ...).
pub type LayoutDate = (Option<i32>, Option<u8>, Option<u8>, String);

/// What a store keeps of a document besides its text, to read it again
/// exactly as it was read (the same title, body regions and date, so the
/// same sentences and offsets) when re-coding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Layout {
    pub format: String,
    pub origin: String,
    pub line: Option<usize>,
    pub title: Option<[usize; 2]>,
    pub meta_title: Option<String>,
    pub body: Vec<[usize; 2]>,
    pub datelines: Vec<[usize; 2]>,
    /// Year, month, day of the publication date, and where it came from.
    pub published: Option<LayoutDate>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub language: Option<String>,
    pub speaker: Option<String>,
    /// Index, byte and character offsets, and whether it is the last, of
    /// a part of a document read in parts.
    pub part: Option<(usize, usize, usize, bool)>,
}

impl Document {
    /// The layout a store keeps.
    pub fn layout(&self) -> Layout {
        let span = |s: Span| [s.start, s.end];
        Layout {
            format: self.format.as_str().to_owned(),
            origin: self.origin.path.clone(),
            line: self.origin.line,
            title: self.title.map(span),
            meta_title: self.meta_title.clone(),
            body: self.body.iter().copied().map(span).collect(),
            datelines: self.datelines.iter().copied().map(span).collect(),
            published: self.published.as_ref().map(|p| {
                let source = serde_json::to_value(p.source)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                (p.date.year, p.date.month, p.date.day, source)
            }),
            url: self.url.clone(),
            source: self.source.clone(),
            language: self.language.clone(),
            speaker: self.speaker.clone(),
            part: self
                .part
                .map(|p| (p.index, p.base_bytes, p.base_chars, p.last)),
        }
    }

    /// The document a stored text and layout stand for. Fails (saying why)
    /// when the layout does not fit the text: spans outside it or not on
    /// character boundaries.
    pub fn from_layout(id: String, text: String, l: Layout) -> Result<Document, String> {
        let check = |s: [usize; 2]| -> Result<Span, String> {
            if s[0] <= s[1]
                && s[1] <= text.len()
                && text.is_char_boundary(s[0])
                && text.is_char_boundary(s[1])
            {
                Ok(Span::new(s[0], s[1]))
            } else {
                Err(format!(
                    "span {}..{} does not fit a text of {} bytes",
                    s[0],
                    s[1],
                    text.len()
                ))
            }
        };
        if let Some((_, bytes, chars, _)) = l.part {
            // Offsets of a part within a document: far below any overflow.
            if bytes > 1 << 48 || chars > bytes {
                return Err(format!(
                    "part offsets {bytes} bytes, {chars} characters are impossible"
                ));
            }
        }
        let format = match l.format.as_str() {
            "html" => InputFormat::Html,
            "jsonl" => InputFormat::Jsonl,
            _ => InputFormat::Text,
        };
        let title = l.title.map(check).transpose()?;
        let body = l.body.iter().map(|&s| check(s)).collect::<Result<_, _>>()?;
        let datelines = l
            .datelines
            .iter()
            .map(|&s| check(s))
            .collect::<Result<_, _>>()?;
        let published = l.published.map(|(year, month, day, source)| {
            let source = match source.as_str() {
                "metadata" => DateSource::Metadata,
                "markup" => DateSource::Markup,
                "dateline" => DateSource::Dateline,
                "dateline-and-option" => DateSource::DatelineAndOption,
                _ => DateSource::Option,
            };
            Published::new(
                PartialDate {
                    year,
                    month,
                    day,
                    weekday: None,
                },
                source,
            )
        });
        Ok(Document {
            id,
            format,
            origin: Origin {
                path: l.origin,
                line: l.line,
            },
            encoding: "UTF-8",
            text,
            title,
            meta_title: l.meta_title,
            body,
            removed: Vec::new(),
            datelines,
            published,
            url: l.url,
            source: l.source,
            language: l.language,
            speaker: l.speaker,
            part: l.part.map(|(index, base_bytes, base_chars, last)| Part {
                index,
                base_bytes,
                base_chars,
                last,
            }),
        })
    }
}
