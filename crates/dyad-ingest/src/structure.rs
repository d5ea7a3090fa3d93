//! The layout of a plain-text document scraped from a page: a date line, a
//! title, page chrome, and the body between them.
//!
//! Nothing is cut out of the text: the analysis returns spans, so the body
//! regions, the title and the removed lines all still index the original.

use crate::boilerplate::{classify_line, Chrome};
use crate::dates::{parse_date, PartialDate};
use crate::document::Removed;
use dyad_text::Span;

/// What [`analyse`] found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Layout {
    pub title: Option<Span>,
    pub body: Vec<Span>,
    pub removed: Vec<Removed>,
    pub datelines: Vec<Span>,
    /// The date a date line (or a news dateline opening the first
    /// paragraph, "MOSCOW, Feb. 8 (TASS) -") gives.
    pub date: Option<PartialDate>,
}

/// How many non-blank lines at the start may hold a date line or a title.
const HEAD_LINES: usize = 6;

/// The longest line taken for a title, in characters.
const MAX_TITLE_CHARS: usize = 300;

/// Finds the layout of `text`. `find_title` is off when the title is
/// already known (HTML) or the text is a later part of a large document.
pub fn analyse(text: &str, find_title: bool, find_dateline: bool) -> Layout {
    let mut layout = Layout::default();
    let mut region: Option<Span> = None;
    let mut head_seen = 0;
    let mut in_head = true;
    let lines = lines(text);
    for (i, &line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let content = &text[line.start..line.end];
        let excluded = if let Some(reason) = classify_line(content) {
            layout.removed.push(Removed {
                reason,
                span: Some(line),
                text: content.to_owned(),
            });
            true
        } else if in_head && head_seen < HEAD_LINES {
            head_seen += 1;
            if find_dateline && layout.date.is_none() && parse_date(content, true).is_some() {
                layout.date = parse_date(content, true);
                layout.datelines.push(line);
                true
            } else if find_title
                && layout.title.is_none()
                && is_title_like(content)
                && has_content_after(text, &lines[i + 1..])
            {
                layout.title = Some(line);
                true
            } else {
                in_head = false;
                false
            }
        } else {
            in_head = false;
            false
        };
        if excluded {
            if let Some(r) = region.take() {
                layout.body.push(r);
            }
        } else {
            match &mut region {
                Some(r) => r.end = line.end,
                None => region = Some(line),
            }
        }
    }
    if let Some(r) = region {
        layout.body.push(r);
    }
    if find_dateline && layout.date.is_none() {
        if let Some(first) = layout.body.first() {
            layout.date = inline_dateline(&text[first.start..first.end]);
        }
    }
    layout
}

/// The content span of every line (without line break and surrounding
/// white space; empty spans for blank lines).
fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let nl = text[pos..].find('\n').map_or(text.len(), |k| pos + k);
        let raw = &text[pos..nl];
        let lead = raw.len() - raw.trim_start().len();
        let content = raw.trim();
        let start = pos + lead;
        out.push(if content.is_empty() {
            Span::new(start, start)
        } else {
            Span::new(start, start + content.len())
        });
        pos = nl + 1;
    }
    out
}

fn is_title_like(line: &str) -> bool {
    let n = line.chars().count();
    (8..=MAX_TITLE_CHARS).contains(&n)
        && !line.ends_with(['.', '?', '!', ':', ';', ','])
        && line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"“«'".contains(c))
        && line.split_whitespace().count() >= 2
}

fn has_content_after(text: &str, rest: &[Span]) -> bool {
    rest.iter()
        .filter(|l| !l.is_empty())
        .any(|l| classify_line(&text[l.start..l.end]).is_none())
}

/// A news dateline opening a paragraph: "MOSCOW, February 8 (TASS) - …".
fn inline_dateline(paragraph: &str) -> Option<PartialDate> {
    let head: String = paragraph.chars().take(80).collect();
    let cut = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|sep| head.find(sep))
        .min()?;
    let prefix = &head[..cut];
    // "MOSCOW, Feb 8 (TASS)": drop the place (before the first comma) and
    // the agency in brackets.
    let after_place = prefix.split_once(',').map_or(prefix, |(_, d)| d);
    let no_agency = after_place.split('(').next().unwrap_or(after_place);
    parse_date(no_agency, true)
}

/// Chrome lines as [`Removed`] records, for text extracted elsewhere.
pub fn removed_without_span(items: impl IntoIterator<Item = (Chrome, String)>) -> Vec<Removed> {
    items
        .into_iter()
        .map(|(reason, text)| Removed {
            reason,
            span: None,
            text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(text: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn scraped_statement_layout() {
        let text = "Monday, March 4\n\nStatement by the Ministry on the talks with Armenia\n\n\
            Share: Facebook Twitter\n\nThe talks were held in Moscow. They were useful.\n\n\
            Both sides agreed to meet again.\n\nComments are closed.\n";
        let l = analyse(text, true, true);
        assert_eq!(
            l.title.map(|t| &text[t.start..t.end]),
            Some("Statement by the Ministry on the talks with Armenia")
        );
        assert_eq!(l.date.map(|d| d.to_string()).as_deref(), Some("--03-04"));
        assert_eq!(
            spans(text, &l.body),
            ["The talks were held in Moscow. They were useful.\n\nBoth sides agreed to meet again."]
        );
        let reasons: Vec<_> = l.removed.iter().map(|r| r.reason).collect();
        assert_eq!(reasons, [Chrome::ShareButtons, Chrome::CommentsClosed]);
    }

    #[test]
    fn a_text_that_starts_with_a_sentence_has_no_title() {
        let text = "Russia and Belarus signed a treaty.\n\nUkraine protested.";
        let l = analyse(text, true, true);
        assert_eq!(l.title, None);
        assert_eq!(l.date, None);
        assert_eq!(spans(text, &l.body), [text]);
    }

    #[test]
    fn news_dateline_in_first_paragraph() {
        let text = "MOSCOW, February 8, 2024 (TASS) - The ministers met.";
        let l = analyse(text, true, true);
        assert_eq!(l.date.map(|d| d.to_string()).as_deref(), Some("2024-02-08"));
        assert_eq!(spans(text, &l.body), [text]);
    }

    #[test]
    fn a_single_line_is_body_not_title() {
        let text = "Talks in Minsk";
        let l = analyse(text, true, true);
        assert_eq!(l.title, None);
        assert_eq!(spans(text, &l.body), [text]);
    }
}
