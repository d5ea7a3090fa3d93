//! The dictionary model shared by every reader: where an entry came from,
//! date ranges, and the entries themselves.

use std::fmt;
use std::sync::Arc;

/// Where an entry stands: a file (or built-in dictionary) and a line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    pub file: Arc<str>,
    pub line: usize,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A day as `YYYYMMDD` (so that comparison is chronological).
pub type Day = u32;

/// An inclusive range of days; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateRange {
    pub from: Option<Day>,
    pub to: Option<Day>,
}

impl DateRange {
    pub const ALWAYS: DateRange = DateRange {
        from: None,
        to: None,
    };

    pub fn contains(&self, day: Day) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }

    pub fn overlaps(&self, other: &DateRange) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.from, self.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }

    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = |d: Option<Day>| {
            d.map(|d| format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100))
                .unwrap_or_default()
        };
        write!(f, "{}..{}", day(self.from), day(self.to))
    }
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` into the first (`end = false`)
/// or last (`end = true`) day it covers.
pub fn parse_day(s: &str, end: bool) -> Option<Day> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let y: u32 = parts[0].parse().ok().filter(|_| parts[0].len() == 4)?;
    let m: u32 = match parts.get(1) {
        Some(p) => p.parse().ok().filter(|m| (1..=12).contains(m))?,
        None => {
            if end {
                12
            } else {
                1
            }
        }
    };
    let last = days_in_month(y, m);
    let d: u32 = match parts.get(2) {
        Some(p) => p.parse().ok().filter(|d| (1..=last).contains(d))?,
        None => {
            if end {
                last
            } else {
                1
            }
        }
    };
    Some(y * 10000 + m * 100 + d)
}

pub(crate) fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        _ => 28,
    }
}

/// Parses a range `FROM..TO` (either side may be empty) or a single date
/// (the days it covers).
pub fn parse_range(s: &str) -> Option<DateRange> {
    let s = s.trim();
    match s.split_once("..") {
        Some((a, b)) => {
            let from = if a.is_empty() {
                None
            } else {
                Some(parse_day(a, false)?)
            };
            let to = if b.is_empty() {
                None
            } else {
                Some(parse_day(b, true)?)
            };
            if let (Some(f), Some(t)) = (from, to) {
                if f > t {
                    return None;
                }
            }
            Some(DateRange { from, to })
        }
        None => Some(DateRange {
            from: Some(parse_day(s, false)?),
            to: Some(parse_day(s, true)?),
        }),
    }
}

/// An actor code valid over a date range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub range: DateRange,
}

/// A phrase that names an actor (PETRARCH actor dictionaries): the primary
/// phrase and its synonyms share the codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRecord {
    /// The primary phrase, words separated by single spaces (PETRARCH's
    /// `_` joins are turned into spaces).
    pub phrase: String,
    /// Synonym phrases (`+PHRASE` lines).
    pub synonyms: Vec<String>,
    /// The codes, each with the dates it holds (undated codes hold always).
    pub codes: Vec<DatedCode>,
    pub source: Source,
}

/// A generic noun for a role (PETRARCH agent dictionaries): `POLICE
/// [~COP]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRecord {
    /// The phrase, words separated by spaces, substitution sets expanded
    /// (one record per expansion).
    pub phrase: String,
    /// The plural: `Some` when given in braces or generated, `None` when
    /// the entry says `{}` (no plural).
    pub plural: Option<String>,
    /// The agent code without the `~` (`COP`, `GOVMIL`).
    pub code: String,
    /// `CODE~` (a prefix) rather than `~CODE` (a suffix).
    pub prefix: bool,
    pub source: Source,
}

/// A phrase whose presence discards a sentence (or the whole story).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscardRecord {
    pub phrase: String,
    pub whole_story: bool,
    pub source: Source,
}

/// A topic phrase (PETRARCH issue dictionary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRecord {
    pub phrase: String,
    /// The issue code; `None` for `~phrase` (a phrase to ignore).
    pub code: Option<String>,
    pub category: String,
    pub source: Source,
}

/// A named set of words usable in patterns (`&CURRENCY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    pub name: String,
    pub members: Vec<String>,
    pub source: Source,
}

/// A verb (or multi-word verb) and the event code it carries by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbRecord {
    /// The block (verb family) it belongs to, e.g. `ACCUSE`.
    pub block: String,
    /// The verb words separated by spaces (`_` turned into spaces; the
    /// `+` marking the verb word removed).
    pub lemma: String,
    /// Irregular forms given in braces.
    pub forms: Vec<String>,
    /// The code: `None` for `---` (no event).
    pub code: Option<String>,
    pub source: Source,
}

/// Which pattern language a pattern is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternSyntax {
    /// PETRARCH2: `- pre-verb * post-verb [CODE]` with `{...}` noun
    /// phrases, `(...)` prepositional phrases and `&SYNSET`.
    Petrarch2,
    /// TABARI/PETRARCH-1: `- $ * + [CODE]` with `$` source, `+` target,
    /// `%` compound, `^` skip, `_` adjacency.
    Tabari,
    /// dyad's own (`verb` entries).
    Dyad,
}

/// A verb pattern with its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternRecord {
    pub block: String,
    /// The pattern text as written, without the leading `-` and the code.
    pub text: String,
    /// The active code; `None` for `---` (matches but codes no event).
    pub code: Option<String>,
    /// The passive code of `[ACTIVE:PASSIVE]`, if any.
    pub passive_code: Option<String>,
    pub syntax: PatternSyntax,
    pub source: Source,
}

/// Everything a verb dictionary holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerbDictionary {
    pub synsets: Vec<Synset>,
    pub verbs: Vec<VerbRecord>,
    pub patterns: Vec<PatternRecord>,
    /// `~ a (b c VERB) VERB2 = x y CODE` transformation lines, as written.
    pub transformations: Vec<String>,
}

/// A problem in a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct DictError {
    /// The file and line.
    pub at: Source,
    pub message: String,
}

/// How strictly files are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Skip malformed lines (each becomes a warning) instead of failing.
    pub lenient: bool,
}

/// The outcome of reading one file: what it held, and the malformed lines
/// skipped in lenient mode.
#[derive(Debug, Clone, Default)]
pub struct Loaded<T> {
    pub value: T,
    pub warnings: Vec<DictError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let r = parse_range("2019-03-20..").unwrap();
        assert!(r.contains(20230501));
        assert!(!r.contains(20190319));
        let r = parse_range("..1999").unwrap();
        assert_eq!(r.to, Some(19991231));
        let r = parse_range("2000-02").unwrap();
        assert_eq!((r.from, r.to), (Some(20000201), Some(20000229)));
        assert!(parse_range("2020..2019").is_none());
        assert!(parse_range("2020-13").is_none());
        assert!(parse_range("2019-02-29").is_none());
        assert!(parse_range("2000-01-01..2000-12-31")
            .unwrap()
            .overlaps(&parse_range("2000-12-31..").unwrap()));
        assert!(!parse_range("..1999")
            .unwrap()
            .overlaps(&parse_range("2000..").unwrap()));
    }
}
