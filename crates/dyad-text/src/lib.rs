//! Sentences and tokens with exact offsets into the original text.
//!
//! This is the second stage of dyad's pipeline (ingest → **text** → parse →
//! dictionaries → coder → store). It takes a document's text and returns
//! [`Sentence`]s, each holding its [`Token`]s.
//!
//! # The offset contract
//! Every [`Span`] is a pair of byte offsets into the text handed to the
//! [`Segmenter`] (plus the `base` the caller gives, so that a document read in
//! chunks still gets document-wide offsets). No stage ever rewrites the text:
//! a token's form is always `&text[span]`. Character offsets (Unicode scalar
//! values, what Python and R index by) are computed alongside for
//! consumers that need them.
//!
//! # Conventions
//! Tokens follow the English Universal Dependencies treebanks (EWT), so the
//! parser trained on them sees what it was trained on: punctuation is split,
//! `'s` and `n't` are separate tokens (`don't` → `do` + `n't`), hyphenated
//! compounds split around the hyphen except after common prefixes
//! (`anti-war`, `co-chair` stay whole), numbers with separators stay whole
//! (`1,000`, `3.5`, `08.02.2024`, `2022-2023`), and abbreviations keep
//! their period (`U.S.`, `Dr.`, `V.V.`).
//!
//! # Example
//! ```
//! use dyad_text::Segmenter;
//! let text = "V.V.Putin met Sh.M.Mirziyoyev in Tashkent. They discussed trade.";
//! let sentences = Segmenter::new().segment(text);
//! assert_eq!(sentences.len(), 2);
//! assert_eq!(sentences[0].text(text), "V.V.Putin met Sh.M.Mirziyoyev in Tashkent.");
//! let forms: Vec<&str> = sentences[0].tokens.iter().map(|t| t.text(text)).collect();
//! assert_eq!(forms, ["V.V.", "Putin", "met", "Sh.M.", "Mirziyoyev", "in", "Tashkent", "."]);
//! ```

mod abbrev;
mod chars;
mod segment;
mod tokenize;

pub use chars::CharCounter;
pub use segment::{BlockKind, Segmenter, MAX_SENTENCE_BYTES};
pub use tokenize::{tokenize, TokenKind};

use serde::Serialize;

/// A half-open byte range `[start, end)` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The same span moved by `base` bytes.
    pub const fn shifted(self, base: usize) -> Span {
        Span::new(self.start + base, self.end + base)
    }
}

/// Spans serialise as `[start, end]`, the form every dyad output uses.
impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

/// One token: a span of the original text and what kind of thing it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Byte offsets into the original text.
    pub span: Span,
    /// Character offsets into the original text.
    #[serde(rename = "char_span")]
    pub chars: Span,
    pub kind: TokenKind,
    /// Whether whitespace follows the token in the original text (CoNLL-U's
    /// `SpaceAfter=No` is the negation).
    pub space_after: bool,
}

impl Token {
    /// The token's form, as it stands in `text` (the text its spans index).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.start..self.span.end]
    }
}

/// One sentence: its span in the original text and its tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Byte offsets into the original text.
    pub span: Span,
    /// Character offsets into the original text.
    #[serde(rename = "char_span")]
    pub chars: Span,
    /// The kind of block the sentence stands in (a heading has no final
    /// punctuation and was ended by its line break).
    pub kind: BlockKind,
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The sentence's text, as it stands in `text` (the text its spans index).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.start..self.span.end]
    }
}
