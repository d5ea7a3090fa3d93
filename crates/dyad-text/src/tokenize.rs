//! Splitting text into tokens the way the English UD treebanks do.
//!
//! The text is first cut at whitespace into chunks; each chunk is then split
//! into leading punctuation, a core, and trailing punctuation, and the core
//! into words, numbers, clitics and inner punctuation. Every decision looks
//! at the original bytes only, so every token is a slice of the input.

use crate::abbrev::{self, AbbrevClass};
use crate::{CharCounter, Span, Token};
use serde::Serialize;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters (possibly with digits, inner hyphens, apostrophes or periods).
    Word,
    /// Starts with a digit: `2023`, `1,000`, `3.5`, `20-24`, `15th`.
    Number,
    /// Punctuation: `.`, `,`, `"`, `(`, `-`, `...`.
    Punct,
    /// Symbols: `$`, `%`, `+`, `©`.
    Symbol,
    /// A URL or e-mail address, kept whole.
    Url,
}

/// Tokenizes `text` on its own (offsets start at 0).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = CharCounter::new(text, 0);
    tokenize_into(text, 0, text.len(), 0, &mut chars, &mut out);
    out
}

/// Characters that separate tokens. Besides Unicode white space this counts
/// the invisible characters scraped pages are full of (zero-width space,
/// byte-order mark, direction marks), which must never glue words together.
#[inline]
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{2060}'
        )
}

/// Spaces that group digits (`15 000` with a no-break or thin space).
#[inline]
fn is_digit_group_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

#[inline]
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '“' | '‘' | '«' | '„' | '\'' | '`' | '¿' | '¡' | '‹'
    )
}

#[inline]
fn is_trailing(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '"'
            | '”'
            | '’'
            | '»'
            | '›'
            | '\''
            | '`'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | '%'
            | '‰'
    )
}

#[inline]
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c))
}

/// Combining marks (accents written as separate code points) belong to the
/// letter before them.
#[inline]
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn symbol_or_punct(c: char) -> TokenKind {
    match c {
        '$' | '€' | '£' | '¥' | '₽' | '₴' | '₸' | '%' | '‰' | '+' | '=' | '<' | '>' | '~' | '^'
        | '|' | '©' | '®' | '™' | '°' | '№' | '§' | '&' | '*' | '#' | '@' | '×' | '÷' | '±' => {
            TokenKind::Symbol
        }
        c if c.is_alphanumeric() => TokenKind::Word,
        _ => TokenKind::Punct,
    }
}

fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// Appends the tokens of `text[start..end]` to `out`. Offsets are byte
/// offsets into `text` plus `base`; `chars` converts them to character
/// offsets (it must be a counter over `text`).
pub(crate) fn tokenize_into<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    base: usize,
    chars: &mut CharCounter<'t>,
    out: &mut Vec<Token>,
) {
    let mut t = Tokens {
        text,
        base,
        chars,
        out,
    };
    let mut i = start;
    // Find chunks: maximal runs of non-separator characters, where a
    // digit-grouping space between digits does not separate.
    let mut chunk: Option<(usize, usize)> = None;
    while i < end {
        let b = text.as_bytes()[i];
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = char_at(text, i).unwrap_or(' ');
            (c, c.len_utf8())
        };
        let sep = if b < 0x80 {
            b.is_ascii_whitespace()
        } else {
            is_separator(c)
                && !(is_digit_group_space(c)
                    && char_before(text, i).is_some_and(|p| p.is_ascii_digit())
                    && text[i + len..end].starts_with(|n: char| n.is_ascii_digit()))
        };
        if sep {
            if let Some((s, _)) = chunk.take() {
                t.chunk(s, i, end);
                t.mark_space();
            }
        } else if chunk.is_none() {
            chunk = Some((i, i));
        }
        i += len;
    }
    if let Some((s, _)) = chunk {
        t.chunk(s, end, end);
    }
}

/// The text of the next chunk after the separator at `i` (for look-ahead).
fn next_chunk(text: &str, i: usize, end: usize) -> &str {
    let rest = &text[i..end];
    let rest = rest.trim_start_matches(is_separator);
    let stop = rest.find(is_separator).unwrap_or(rest.len());
    &rest[..stop]
}

struct Tokens<'t, 'c, 'o> {
    text: &'t str,
    base: usize,
    chars: &'c mut CharCounter<'t>,
    out: &'o mut Vec<Token>,
}

impl Tokens<'_, '_, '_> {
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if start >= end {
            return;
        }
        let cs = self.chars.char_at(start);
        let ce = self.chars.char_at(end);
        self.out.push(Token {
            span: Span::new(start + self.base, end + self.base),
            chars: Span::new(cs, ce),
            kind,
            space_after: false,
        });
    }

    fn mark_space(&mut self) {
        if let Some(last) = self.out.last_mut() {
            last.space_after = true;
        }
    }

    fn push_word(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let kind = match char_at(self.text, start) {
            Some(c) if c.is_ascii_digit() => TokenKind::Number,
            Some(c) if c.is_alphanumeric() || c == '#' || c == '@' || c == '_' => TokenKind::Word,
            Some(c) => symbol_or_punct(c),
            None => return,
        };
        self.push(start, end, kind);
    }

    /// Pushes `text[start..end]`, all punctuation or symbols, grouping runs
    /// of the same character (`...`, `!!`, `--`) into one token.
    fn push_punct_run(&mut self, start: usize, end: usize) {
        let mut i = start;
        while i < end {
            let c = char_at(self.text, i).unwrap_or(' ');
            let mut j = i + c.len_utf8();
            if matches!(c, '.' | '!' | '?' | '-' | '*' | '=' | '_') {
                while j < end && self.text[j..].starts_with(c) {
                    j += c.len_utf8();
                }
            }
            let kind = if c == '.' && j - i > 1 {
                TokenKind::Punct
            } else {
                symbol_or_punct(c)
            };
            self.push(i, j, kind);
            i = j;
        }
    }

    /// One whitespace-delimited chunk `text[s..e]`; the text up to `end`
    /// follows it, for decisions that depend on the next chunk (`No. 5`,
    /// `Sh. Mirziyoyev`).
    fn chunk(&mut self, s: usize, e: usize, end: usize) {
        let text = self.text;
        // Leading opening punctuation.
        let mut cs = s;
        while cs < e {
            let c = char_at(text, cs).unwrap_or(' ');
            if is_opening(c) {
                self.push(cs, cs + c.len_utf8(), TokenKind::Punct);
                cs += c.len_utf8();
            } else {
                break;
            }
        }
        if cs >= e {
            return;
        }
        if let Some(url_end) = url_len(&text[cs..e]) {
            let ue = cs + url_end;
            self.push(cs, ue, TokenKind::Url);
            self.push_punct_run(ue, e);
            return;
        }
        let ce = self.core_end(cs, e, end);
        self.core(cs, ce);
        self.push_punct_run(ce, e);
    }

    /// Where the core of chunk `text[cs..e]` ends: trailing punctuation is
    /// peeled off from the right, and a final period stays only on an
    /// abbreviation.
    fn core_end(&self, cs: usize, e: usize, end: usize) -> usize {
        let text = self.text;
        let mut pos = e;
        while pos > cs {
            let c = char_before(text, pos).unwrap_or(' ');
            if is_trailing(c) && !(is_apostrophe(c) && pos - c.len_utf8() == cs) {
                pos -= c.len_utf8();
                continue;
            }
            if c == '.' {
                let run = text[cs..pos].len() - text[cs..pos].trim_end_matches('.').len();
                if run >= 2 || pos - 1 == cs {
                    pos -= run;
                    continue;
                }
                if keeps_period(&text[cs..pos], || next_chunk(text, e, end)) {
                    return pos;
                }
                pos -= 1;
                continue;
            }
            break;
        }
        pos
    }

    /// Splits a core (no leading or trailing punctuation) into tokens.
    fn core(&mut self, cs: usize, ce: usize) {
        let text = self.text;
        let core = &text[cs..ce];
        let mut ws = cs; // start of the current word
        let mut seg = cs; // start of the current hyphen segment
        if let Some(len) = glued_initials(core) {
            self.push(cs, cs + len, TokenKind::Word);
            ws = cs + len;
            seg = ws;
        }
        let mut i = ws;
        while i < ce {
            let b = text.as_bytes()[i];
            let c = if b < 0x80 {
                b as char
            } else {
                char_at(text, i).unwrap_or(' ')
            };
            let cl = c.len_utf8();
            if is_word_char(c) {
                i += cl;
                continue;
            }
            let prev = if i > ws { char_before(text, i) } else { None };
            let next = if i + cl < ce {
                char_at(text, i + cl)
            } else {
                None
            };
            let prev_word = prev.is_some_and(is_word_char);
            let next_word = next.is_some_and(is_word_char);
            let digits = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            match c {
                '.' if prev_word && next_word => {
                    let n = next.unwrap_or(' ');
                    if digits
                        || !n.is_uppercase()
                        // initials are short: never rescan a long run ("A.A.A.…")
                        || (i + 1 - ws <= 32 && abbrev::is_initials(&text[ws..i + 1]))
                    {
                        // 3.5, mid.ru, e.g, U.S
                        i += 1;
                        continue;
                    }
                    // A sentence glued to the next one: "the visit.Tokayev".
                    self.push_word(ws, i);
                    self.push(i, i + 1, TokenKind::Punct);
                    i += 1;
                    ws = i;
                    seg = i;
                    continue;
                }
                // The final period of an abbreviation (core_end kept it).
                '.' if i + 1 == ce && prev_word => {
                    i += 1;
                    continue;
                }
                '.' if prev_word && abbrev::classify(&text[ws..i + 1]).is_some() => {
                    // U.S.-led
                    i += 1;
                    continue;
                }
                ',' | ':' if digits => {
                    i += 1;
                    continue;
                }
                c if is_digit_group_space(c) && digits => {
                    i += cl;
                    continue;
                }
                c if is_hyphen(c) && prev_word && next_word => {
                    let p = prev.unwrap_or(' ');
                    let n = next.unwrap_or(' ');
                    if p.is_numeric() || n.is_numeric() || abbrev::is_hyphen_prefix(&text[seg..i]) {
                        i += cl;
                        seg = i;
                        continue;
                    }
                    self.push_word(ws, i);
                    self.push(i, i + cl, TokenKind::Punct);
                    i += cl;
                    ws = i;
                    seg = i;
                    continue;
                }
                c if is_apostrophe(c) && prev_word => {
                    let rest_end = text[i + cl..ce]
                        .find(|x: char| !is_word_char(x))
                        .map_or(ce, |k| i + cl + k);
                    let rest = &text[i + cl..rest_end];
                    let whole_word_ends = rest_end == ce
                        || !char_at(text, rest_end).is_some_and(|x| is_apostrophe(x) || x == '.');
                    if whole_word_ends && is_clitic(rest) {
                        self.push_word(ws, i);
                        ws = i;
                        seg = i;
                        i = rest_end;
                        continue;
                    }
                    if whole_word_ends
                        && rest.eq_ignore_ascii_case("t")
                        && matches!(prev, Some('n' | 'N'))
                        && i - 1 > ws
                    {
                        self.push_word(ws, i - 1);
                        ws = i - 1;
                        seg = ws;
                        i = rest_end;
                        continue;
                    }
                    // O'Brien, rock'n'roll
                    if next_word {
                        i += cl;
                        continue;
                    }
                }
                '&' if prev.is_some_and(char::is_alphabetic)
                    && next.is_some_and(char::is_alphabetic) =>
                {
                    i += 1;
                    continue;
                }
                '/' if prev.is_some_and(char::is_alphabetic)
                    && next.is_some_and(char::is_alphabetic)
                    && short_slash_word(text, ws, i, ce) =>
                {
                    i += 1;
                    continue;
                }
                '@' | '#' | '_' if next_word => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            // Anything else splits: the word so far, then this character
            // (runs of the same character stay together).
            self.push_word(ws, i);
            let mut j = i + cl;
            if matches!(c, '.' | '!' | '?' | '-' | '*' | '=' | '_') {
                while j < ce && text[j..].starts_with(c) {
                    j += cl;
                }
            }
            self.push_punct_run(i, j);
            i = j;
            ws = i;
            seg = i;
        }
        self.push_word(ws, ce);
    }
}

/// `'s`, `'m`, `'re`, `'ve`, `'ll`, `'d` (the part after the apostrophe).
fn is_clitic(rest: &str) -> bool {
    ["s", "m", "re", "ve", "ll", "d"]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(rest))
}

/// `and/or`, `w/o`: a short letters/letters word stays whole.
fn short_slash_word(text: &str, ws: usize, i: usize, ce: usize) -> bool {
    let end = text[i + 1..ce]
        .find(|c: char| !c.is_alphabetic())
        .map_or(ce, |k| i + 1 + k);
    end - ws <= 7 && !text[end..ce].starts_with('/')
}

/// Whether the period at the end of `word_with_period` belongs to the word,
/// given the chunk that follows.
fn keeps_period<'a>(word_with_period: &str, next: impl FnOnce() -> &'a str) -> bool {
    // Judge the last hyphen- or slash-separated part: "Russia-U.S.".
    let part_start = word_with_period[..word_with_period.len() - 1]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_hyphen(c) || c == '/')
        .map_or(0, |(k, c)| k + c.len_utf8());
    let part = &word_with_period[part_start..];
    let class = abbrev::classify(part);
    if class.is_none() {
        return false;
    }
    let next_word: &str = next().trim_start_matches(is_opening);
    let next_digit = next_word.starts_with(|c: char| c.is_ascii_digit());
    match class {
        None => false,
        Some(AbbrevClass::BeforeNumber) => next_digit,
        Some(AbbrevClass::Initials) => {
            // A lone two-letter segment ("Sh.", but also "Xi.") is an initial
            // only when a capitalised word that does not open sentences
            // follows.
            let lone_pair =
                part.chars().filter(|&c| c != '.').count() == 2 && part.matches('.').count() == 1;
            if !lone_pair {
                return true;
            }
            let w = first_word(next_word);
            w.starts_with(char::is_uppercase) && !abbrev::is_sentence_opener(w)
        }
        Some(_) => true,
    }
}

/// The leading letters of `s`.
pub(crate) fn first_word(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    &s[..end]
}

/// Initials glued to a surname: "V.V.Putin", "Sh.M.Mirziyoyev",
/// "E.S.Rahmon". Returns the length of the initials part.
fn glued_initials(core: &str) -> Option<usize> {
    let mut i = 0;
    let mut segments = 0;
    let bytes = core.len();
    loop {
        let mut it = core[i..].char_indices();
        let (_, c) = it.next()?;
        if !c.is_uppercase() {
            break;
        }
        let (k, c2) = it.next()?;
        let dot_at = if c2 == '.' {
            i + k
        } else if c2.is_lowercase() {
            let (k3, c3) = it.next()?;
            if c3 != '.' {
                break;
            }
            i + k3
        } else {
            break;
        };
        segments += 1;
        i = dot_at + 1;
        if i >= bytes {
            return None;
        }
    }
    if segments == 0 {
        return None;
    }
    // Followed by a capitalised word of at least two letters.
    let rest = &core[i..];
    let mut rc = rest.chars();
    match (rc.next(), rc.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => Some(i),
        _ => None,
    }
}

/// The position of `@` in `s`.
fn memchr_at(s: &str) -> Option<usize> {
    s.bytes().position(|b| b == b'@')
}

/// Length of a URL or e-mail address at the start of `s`, without trailing
/// punctuation; `None` when `s` is not one.
fn url_len(s: &str) -> Option<usize> {
    let starts =
        |p: &str| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let is_url = starts("http://") || starts("https://") || starts("www.");
    let is_email = !is_url && {
        match memchr_at(s) {
            Some(at) if at > 0 => {
                let domain = &s[at + 1..];
                let dot = domain.find('.');
                s[..at]
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
                    && dot.is_some_and(|d| d > 0 && d + 1 < domain.len())
            }
            _ => false,
        }
    };
    if !is_url && !is_email {
        return None;
    }
    let opens_paren = s.contains('(');
    let mut end = s.len();
    while let Some(c) = s[..end].chars().next_back() {
        if matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '”' | '’' | '\'' | '»' | ']'
        ) || (c == ')' && !opens_paren)
        {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    (end > 0).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_punctuation_and_clitics() {
        assert_eq!(
            forms("Russia’s envoy didn't say (yet)."),
            ["Russia", "’s", "envoy", "did", "n't", "say", "(", "yet", ")", "."]
        );
        assert_eq!(
            forms("can't won't I'm"),
            ["ca", "n't", "wo", "n't", "I", "'m"]
        );
        assert_eq!(forms("the allies' talks"), ["the", "allies", "'", "talks"]);
        assert_eq!(forms("O'Brien"), ["O'Brien"]);
    }

    #[test]
    fn keeps_numbers_whole() {
        assert_eq!(
            forms("1,000 troops, 3.5% on 08.02.2024 at 10:30 in 2022-2023"),
            [
                "1,000",
                "troops",
                ",",
                "3.5",
                "%",
                "on",
                "08.02.2024",
                "at",
                "10:30",
                "in",
                "2022-2023"
            ]
        );
        assert_eq!(forms("15\u{a0}000 people"), ["15\u{a0}000", "people"]);
        assert_eq!(forms("$5 billion"), ["$", "5", "billion"]);
    }

    #[test]
    fn hyphenated_compounds() {
        assert_eq!(
            forms("Russian-Armenian anti-war co-chair well-known COVID-19"),
            [
                "Russian", "-", "Armenian", "anti-war", "co-chair", "well", "-", "known",
                "COVID-19"
            ]
        );
        assert_eq!(forms("North–South"), ["North", "–", "South"]);
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(forms("U.S. officials"), ["U.S.", "officials"]);
        assert_eq!(forms("No. 5 and no."), ["No.", "5", "and", "no", "."]);
        assert_eq!(
            forms("V.V.Putin and K.J.K. Tokayev"),
            ["V.V.", "Putin", "and", "K.J.K.", "Tokayev"]
        );
        assert_eq!(forms("visit.Tokayev"), ["visit", ".", "Tokayev"]);
        assert_eq!(forms("met Xi. The"), ["met", "Xi", ".", "The"]);
        assert_eq!(forms("Sh. Mirziyoyev"), ["Sh.", "Mirziyoyev"]);
        assert_eq!(forms("U.S.-led"), ["U.S.", "-", "led"]);
    }

    #[test]
    fn regression_multibyte_hyphen_before_abbreviation() {
        // Found by the segment fuzz target: a non-ASCII hyphen (U+2011)
        // before a word ending in a period split a character in two.
        let text = "\u{2011}.!!!.";
        let _ = tokenize(text);
        assert_eq!(
            forms("Russia\u{2011}U.S. talks"),
            ["Russia", "\u{2011}", "U.S.", "talks"]
        );
    }

    #[test]
    fn regression_long_runs_of_initials_tokenize_in_linear_time() {
        // "A.A.A.…" once rescanned the whole run at every period.
        let text = "A.".repeat(50_000) + "A";
        let tokens = tokenize(&text);
        assert_eq!(tokens.last().map(|t| t.span.end), Some(text.len()));
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            forms("See https://mid.ru/en/news?id=1. Or mail press@mid.ru."),
            [
                "See",
                "https://mid.ru/en/news?id=1",
                ".",
                "Or",
                "mail",
                "press@mid.ru",
                "."
            ]
        );
    }

    #[test]
    fn spans_index_the_original() {
        let text = "«Союз» — Russia’s “ally”…";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            assert_eq!(
                text[..t.span.start].chars().count(),
                t.chars.start,
                "{:?}",
                t.text(text)
            );
        }
        assert_eq!(
            forms(text),
            ["«", "Союз", "»", "—", "Russia", "’s", "“", "ally", "”", "…"]
        );
    }
}
