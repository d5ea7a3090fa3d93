//! Sentence segmentation for news and diplomatic prose.
//!
//! Two levels decide where sentences end:
//! 1. **Lines.** Text is cut into blocks at blank lines, before list items,
//!    and after short lines without final punctuation (headings, datelines,
//!    list items). Longer lines are joined: hard-wrapped text continues on
//!    the next line.
//! 2. **Tokens.** Inside a block, a sentence ends after `.`, `!`, `?` or an
//!    ellipsis (with any closing quotes and brackets that follow), unless a
//!    lower-case word follows, or the break would fall inside a short
//!    quotation or parenthesis. Abbreviations keep their period as part of
//!    the token (see the tokenizer) and end a sentence only when they may
//!    (`U.S.`, `Inc.`) and a typical sentence opener follows.

use crate::abbrev::{self, AbbrevClass};
use crate::tokenize::{first_word, is_separator, tokenize_into};
use crate::{CharCounter, Sentence, Span, Token, TokenKind};
use serde::Serialize;

/// A sentence longer than this many bytes is cut at a token boundary, so
/// that text without punctuation (or hostile input) cannot produce one
/// unbounded sentence.
pub const MAX_SENTENCE_BYTES: usize = 10_000;

/// A quotation or parenthesis that closes within this many bytes is read as
/// part of the sentence around it: no break inside.
const MAX_ENCLOSED_BYTES: usize = 400;

/// A line without final punctuation shorter than this (in characters) ends
/// its block: a heading, a dateline, a list item.
const MAX_HEADING_CHARS: usize = 60;

/// The kind of block a sentence stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// A short line without final punctuation, ended by its line break.
    Heading,
    /// A line that starts with a list marker (`-`, `•`, `1.`, `a)`).
    ListItem,
}

/// Splits text into sentences of tokens.
///
/// The segmenter holds no per-call state; it is cheap to create and can be
/// shared between threads.
#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    _private: (),
}

impl Segmenter {
    pub fn new() -> Self {
        Segmenter::default()
    }

    /// Sentences of `text`, with offsets into `text`.
    pub fn segment(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        self.segment_into(text, 0, 0, &mut out);
        out
    }

    /// Appends the sentences of `text` to `out`. `text` starts at byte
    /// `base_bytes` and character `base_chars` of its document, and every
    /// span is given in document offsets: pass the offsets of a region or
    /// chunk to segment part of a document.
    pub fn segment_into(
        &self,
        text: &str,
        base_bytes: usize,
        base_chars: usize,
        out: &mut Vec<Sentence>,
    ) {
        let mut chars = CharCounter::new(text, base_chars);
        let mut tokens = Vec::new();
        for (block, kind) in Blocks::new(text) {
            tokens.clear();
            tokenize_into(
                text,
                block.start,
                block.end,
                base_bytes,
                &mut chars,
                &mut tokens,
            );
            sentences_of_block(text, base_bytes, &tokens, kind, out);
        }
    }
}

/// Cuts a block's tokens into sentences.
fn sentences_of_block(
    text: &str,
    base: usize,
    tokens: &[Token],
    kind: BlockKind,
    out: &mut Vec<Sentence>,
) {
    let tok = |i: usize| -> &str {
        let t = &tokens[i];
        &text[t.span.start - base..t.span.end - base]
    };
    let closers = enclosure_ends(text, base, tokens);
    let mut start = 0;
    let mut i = 0;
    let mut inside_until: Option<usize> = None;
    while i < tokens.len() {
        if let Some(close) = closers[i] {
            if inside_until.is_none_or(|u| close > u) && close > i {
                inside_until = Some(close);
            }
        }
        if inside_until == Some(i) {
            inside_until = None;
        }
        let too_long = tokens[i].span.end - tokens[start].span.start >= MAX_SENTENCE_BYTES;
        let mut end = None;
        if too_long {
            end = Some(i);
        } else if may_end(tok(i))
            && inside_until.is_none_or(|u| (i + 1..=u).all(|k| is_closing(tok(k))))
            && ends_sentence(tokens, i, &tok)
        {
            // Closing quotes and brackets right after the stop belong to
            // this sentence.
            let mut j = i;
            while j + 1 < tokens.len() && is_closing(tok(j + 1)) {
                j += 1;
            }
            end = Some(j);
        }
        if let Some(j) = end {
            push_sentence(&tokens[start..=j], kind, out);
            start = j + 1;
            i = j + 1;
            inside_until = None;
            continue;
        }
        i += 1;
    }
    if start < tokens.len() {
        push_sentence(&tokens[start..], kind, out);
    }
}

fn push_sentence(tokens: &[Token], kind: BlockKind, out: &mut Vec<Sentence>) {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return;
    };
    out.push(Sentence {
        span: Span::new(first.span.start, last.span.end),
        chars: Span::new(first.chars.start, last.chars.end),
        kind,
        tokens: tokens.to_vec(),
    });
}

/// A cheap first look: only tokens ending in `.`, `!`, `?` or `…` can end
/// a sentence.
#[inline]
fn may_end(t: &str) -> bool {
    matches!(t.as_bytes().last(), Some(b'.' | b'!' | b'?')) || t.ends_with('…')
}

fn is_closing(t: &str) -> bool {
    matches!(t, "\"" | "”" | "’" | "'" | ")" | "]" | "}" | "»" | "›")
}

/// Whether a sentence ends after token `i`.
fn ends_sentence<'a>(tokens: &[Token], i: usize, tok: &impl Fn(usize) -> &'a str) -> bool {
    let t = tok(i);
    let next = (i + 1..tokens.len()).map(tok).find(|n| !is_closing(n));
    let Some(next) = next else {
        return false; // the block's end ends the sentence anyway
    };
    let next_word = first_word(next.trim_start_matches(['"', '“', '‘', '«', '(', '[', '\'']));
    let next_lower = next.starts_with(char::is_lowercase);
    match t {
        "." | "!" | "?" | "?!" | "!?" | "…" => !next_lower && !list_marker_period(tokens, i, tok),
        _ if t.starts_with("..") || t.starts_with("!!") || t.starts_with("??") => {
            next.starts_with(char::is_uppercase)
        }
        _ if tokens[i].kind == TokenKind::Word && t.len() > 1 && t.ends_with('.') => {
            match abbrev::classify(t) {
                Some(AbbrevClass::MayBeFinal) => {
                    abbrev::is_sentence_opener(next_word)
                        || (t == "etc." && next.starts_with(char::is_uppercase))
                }
                Some(AbbrevClass::Initials) => abbrev::is_sentence_opener(next_word),
                _ => false,
            }
        }
        _ => false,
    }
}

/// `1.` at the start of a block is a list marker, not a sentence.
fn list_marker_period<'a>(tokens: &[Token], i: usize, tok: &impl Fn(usize) -> &'a str) -> bool {
    i == 1 && tok(i) == "." && tokens[0].kind == TokenKind::Number && tok(0).len() <= 3
}

/// For each token that opens a quotation or parenthesis closing within
/// [`MAX_ENCLOSED_BYTES`], the index of the closing token.
fn enclosure_ends(text: &str, base: usize, tokens: &[Token]) -> Vec<Option<usize>> {
    let tok = |i: usize| &text[tokens[i].span.start - base..tokens[i].span.end - base];
    let mut ends = vec![None; tokens.len()];
    for i in 0..tokens.len() {
        if tokens[i].kind != TokenKind::Punct
            || !matches!(
                text.as_bytes()[tokens[i].span.start - base],
                b'(' | b'[' | b'"' | 0xC2 | 0xE2
            )
        {
            continue;
        }
        let open = tok(i);
        let close: &[&str] = match open {
            "(" => &[")"],
            "[" => &["]"],
            "“" => &["”"],
            "«" => &["»"],
            "„" => &["“", "”"],
            // A straight quote opens when no space follows it.
            "\"" if !tokens[i].space_after && (i == 0 || tokens[i - 1].space_after) => &["\""],
            _ => continue,
        };
        let limit = tokens[i].span.start + MAX_ENCLOSED_BYTES;
        for (j, t) in tokens.iter().enumerate().skip(i + 1) {
            if t.span.start > limit {
                break;
            }
            if t.kind == TokenKind::Punct && close.contains(&tok(j)) {
                ends[i] = Some(j);
                break;
            }
        }
    }
    ends
}

/// Iterates over the blocks of a text: byte ranges of lines joined into
/// paragraphs, headings and list items.
struct Blocks<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Blocks<'a> {
    fn new(text: &'a str) -> Self {
        Blocks { text, pos: 0 }
    }
}

/// One line: its content range (without the line break and surrounding
/// white space).
fn line_at(text: &str, pos: usize) -> (Span, usize) {
    let nl = text[pos..].find('\n').map_or(text.len(), |k| pos + k);
    let raw = &text[pos..nl];
    let lead = raw.len() - raw.trim_start_matches(is_separator).len();
    let content = raw.trim_matches(is_separator);
    let start = pos + lead;
    let next = if nl < text.len() { nl + 1 } else { nl };
    (Span::new(start, start + content.len()), next)
}

fn starts_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '·' | '‣' | '▪' | '–' | '—' | '◦') => {
            chars.next().is_some_and(is_separator)
        }
        Some(c) if c.is_ascii_digit() || c.is_ascii_lowercase() => {
            let head: String = line.chars().take(5).collect();
            let marker_end = head.find(['.', ')']);
            match marker_end {
                Some(k) if k > 0 => {
                    let (m, rest) = head.split_at(k);
                    let numeric = m.chars().all(|c| c.is_ascii_digit());
                    let letter = m.len() == 1 && m.chars().all(|c| c.is_ascii_lowercase());
                    (numeric || (letter && rest.starts_with(')')))
                        && rest[1..].starts_with(is_separator)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// A line that ends with a comma, a hyphen or a function word goes on on the
/// next line, however short it is.
fn continues(line: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "a", "an", "and", "as", "at", "between", "by", "for", "from", "in", "into", "of", "on",
        "or", "the", "to", "with", "that", "which", "who", "its", "their", "his", "her",
    ];
    if line.ends_with([',', '-', '\u{2010}']) {
        return true;
    }
    let last = line.rsplit(is_separator).next().unwrap_or("");
    FUNCTION_WORDS.contains(&last)
}

fn ends_with_terminal(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    trimmed.ends_with(['.', '!', '?', '…', ':', ';'])
}

impl Iterator for Blocks<'_> {
    type Item = (Span, BlockKind);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        // Skip blank lines.
        let (first, mut pos) = loop {
            if self.pos >= text.len() {
                return None;
            }
            let (line, next) = line_at(text, self.pos);
            self.pos = next;
            if !line.is_empty() {
                break (line, next);
            }
            if next >= text.len() && line.is_empty() {
                return None;
            }
        };
        let kind_first = if starts_list_item(&text[first.start..first.end]) {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        };
        let mut block = first;
        let mut last = first;
        loop {
            let last_text = &text[last.start..last.end];
            let short = last_text.chars().take(MAX_HEADING_CHARS).count() < MAX_HEADING_CHARS;
            if pos >= text.len() {
                break;
            }
            let (line, next) = line_at(text, pos);
            if line.is_empty() {
                break;
            }
            let line_text = &text[line.start..line.end];
            if starts_list_item(line_text) {
                break;
            }
            if !ends_with_terminal(last_text)
                && !continues(last_text)
                && short
                && !line_text.starts_with(char::is_lowercase)
            {
                // A heading or a dateline: the line break ends it.
                self.pos = pos;
                let kind = if kind_first == BlockKind::ListItem {
                    kind_first
                } else {
                    BlockKind::Heading
                };
                return Some((block, kind));
            }
            block.end = line.end;
            last = line;
            pos = next;
        }
        self.pos = pos;
        let last_text = &text[last.start..last.end];
        let kind = if kind_first == BlockKind::ListItem {
            kind_first
        } else if block == first
            && !ends_with_terminal(last_text)
            && last_text.chars().take(MAX_HEADING_CHARS * 4).count() < MAX_HEADING_CHARS * 4
        {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        Some((block, kind))
    }
}
