//! Publication dates as far as they are known.
//!
//! A dateline such as "Saturday, February 8" has a weekday, a month and a
//! day but no year; dyad keeps exactly that ([`PartialDate`]) and never
//! guesses the year.

use serde::Serialize;
use std::fmt;

/// A calendar date whose parts may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// The weekday the text named, if any (`0` = Monday … `6` = Sunday in
    /// [`Weekday`]).
    pub weekday: Option<Weekday>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

impl PartialDate {
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let d = PartialDate {
            year: Some(year),
            month: Some(month),
            day: Some(day),
            weekday: None,
        };
        d.is_valid().then_some(d)
    }

    /// Whether the known parts can stand together (month 1–12, a day that
    /// exists in that month, a weekday that matches a full date).
    pub fn is_valid(&self) -> bool {
        if let Some(m) = self.month {
            if !(1..=12).contains(&m) {
                return false;
            }
            if let Some(d) = self.day {
                let max = match self.year {
                    Some(y) => days_in_month(y, m),
                    None if m == 2 => 29,
                    None => days_in_month(2001, m),
                };
                if d == 0 || d > max {
                    return false;
                }
            }
        } else if self.day.is_some() {
            return false;
        }
        if let (Some(w), Some(full)) = (self.weekday, self.weekday_of_date()) {
            return w == full;
        }
        if let Some(y) = self.year {
            return (1000..=9999).contains(&y);
        }
        self.month.is_some() || self.weekday.is_some()
    }

    /// Whether year, month and day are all known.
    pub fn is_complete(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }

    /// The weekday of a complete date.
    pub fn weekday_of_date(&self) -> Option<Weekday> {
        let days = days_from_civil(self.year? as i64, self.month? as i64, self.day? as i64);
        // 1970-01-01 was a Thursday.
        Some(WEEKDAYS[(days + 3).rem_euclid(7) as usize])
    }

    /// Fills the parts `self` lacks from `other` when the parts both know
    /// agree: "February 8" and 2024-02-08 make 2024-02-08. Returns `None`
    /// when they disagree.
    pub fn completed_by(&self, other: &PartialDate) -> Option<PartialDate> {
        fn agree<T: PartialEq + Copy>(a: Option<T>, b: Option<T>) -> Option<Option<T>> {
            match (a, b) {
                (Some(x), Some(y)) if x != y => None,
                (Some(x), _) => Some(Some(x)),
                (None, y) => Some(y),
            }
        }
        let d = PartialDate {
            year: agree(self.year, other.year)?,
            month: agree(self.month, other.month)?,
            day: agree(self.day, other.day)?,
            weekday: self.weekday.or(other.weekday),
        };
        d.is_valid().then_some(d)
    }
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// ISO 8601 with unknown parts left out: `2024-02-08`, `2024-02`, `2024`,
/// and `--02-08` for a month and day without a year.
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => write!(f, "{y:04}-{m:02}"),
            (Some(y), None, _) => write!(f, "{y:04}"),
            (None, Some(m), Some(d)) => write!(f, "--{m:02}-{d:02}"),
            (None, Some(m), None) => write!(f, "--{m:02}"),
            (None, None, _) => match self.weekday {
                Some(w) => write!(f, "{w:?}"),
                None => f.write_str(""),
            },
        }
    }
}

/// Days since 1970-01-01 of a (proleptic Gregorian) civil date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The civil date (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The month a word names (`May`, `Sept.`, `января`), 1-12.
pub fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    const EN: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // Russian stems match nominative, genitive and other cases.
    const RU: [&str; 12] = [
        "январ",
        "феврал",
        "март",
        "апрел",
        "ма",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
    ];
    for (i, m) in EN.iter().enumerate() {
        if w == *m || (w.len() >= 3 && m.starts_with(w.as_str()) && (w.len() == 3 || w == "sept")) {
            return Some(i as u8 + 1);
        }
    }
    for (i, stem) in RU.iter().enumerate() {
        let ok = if i == 4 {
            matches!(w.as_str(), "май" | "мая" | "мае")
        } else {
            w.starts_with(stem) && w.chars().count() <= stem.chars().count() + 2
        };
        if ok {
            return Some(i as u8 + 1);
        }
    }
    None
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches('.').to_lowercase();
    const EN: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    const RU: [&str; 7] = [
        "понедельник",
        "вторник",
        "сред",
        "четверг",
        "пятниц",
        "суббот",
        "воскресень",
    ];
    for i in 0..7 {
        if w == EN[i] || (w.len() == 3 && EN[i].starts_with(w.as_str())) || w.starts_with(RU[i]) {
            return Some(WEEKDAYS[i]);
        }
    }
    None
}

/// Words that may sit inside a date without changing it.
fn is_filler(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "of" | "the"
            | "on"
            | "year"
            | "г"
            | "г."
            | "года"
            | "год"
            | "at"
            | "updated"
            | "published"
            | "posted"
            | "date"
            | "gmt"
            | "utc"
            | "msk"
            | "am"
            | "pm"
            | "a.m."
            | "p.m."
    )
}

/// Parses a date written out in a line of text or in page metadata:
/// ISO 8601 (`2024-02-08T10:00:00+03:00`), `February 8, 2024`,
/// `8 February 2024`, `Saturday, February 8`, `08.02.2024`,
/// `Sat, 08 Feb 2024 10:00:00 GMT`, `8 февраля 2024 года`.
///
/// With `whole` the string must be nothing but the date (a dateline);
/// otherwise words around it are allowed. Returns `None` for anything that
/// is not clearly a date, and for impossible dates (February 30, a weekday
/// that does not match).
pub fn parse_date(s: &str, whole: bool) -> Option<PartialDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(d) = parse_iso(s) {
        return Some(d);
    }
    let mut date = PartialDate::default();
    let mut numbers: Vec<u32> = Vec::new();
    let mut other_words = 0;
    for raw in s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '|')) {
        let w = raw.trim_matches(|c: char| matches!(c, '.' | ':' | ';' | '-' | '–' | '—'));
        if w.is_empty() {
            continue;
        }
        if let Some(m) = month_number(w).filter(|_| w.chars().count() >= 3) {
            if date.month.is_some() {
                return None;
            }
            date.month = Some(m);
        } else if let Some(wd) = weekday_of(w).filter(|_| w.chars().count() >= 3) {
            date.weekday = Some(wd);
        } else if let Some(d) = parse_dotted(w) {
            if date.year.is_some() || date.month.is_some() {
                return None;
            }
            date.year = d.year;
            date.month = d.month;
            date.day = d.day;
        } else if let Some(n) = ordinal_number(w) {
            numbers.push(n);
        } else if w.contains(':') && w.chars().all(|c| c.is_ascii_digit() || c == ':') {
            // a time of day
        } else if is_filler(w)
            || (w.starts_with(['+', '-']) && w[1..].chars().all(|c| c.is_ascii_digit()))
        {
        } else {
            other_words += 1;
        }
    }
    if whole && other_words > 0 {
        return None;
    }
    if !whole && other_words > 6 {
        return None;
    }
    for n in numbers {
        if n >= 1000 && date.year.is_none() {
            date.year = Some(n as i32);
        } else if (1..=31).contains(&n) && date.day.is_none() && date.month.is_some() {
            date.day = Some(n as u8);
        } else {
            return None;
        }
    }
    if date.month.is_none() && date.day.is_none() && date.year.is_none() {
        return None;
    }
    if date.year.is_some() && date.month.is_none() && numbers_only(s) {
        // a bare number is not a date
        return None;
    }
    date.is_valid().then_some(date)
}

fn numbers_only(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit() || c.is_whitespace())
}

/// `8`, `8th`, `1st`, `2024` → the number.
fn ordinal_number(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !matches!(
        suffix.to_lowercase().as_str(),
        "" | "st" | "nd" | "rd" | "th"
    ) {
        return None;
    }
    digits.parse().ok()
}

/// `08.02.2024` (day first, as in Russian and most of Europe).
fn parse_dotted(w: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = w.split('.').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let (d, m, y) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2]);
    if y.len() != 4 {
        return None;
    }
    PartialDate::ymd(y.parse().ok()?, m, d)
}

/// `2024`, `2024-02`, `2024-02-08`, and the same followed by `T` and a time.
fn parse_iso(s: &str) -> Option<PartialDate> {
    let date_part = s.split(['T', ' ']).next()?;
    let b = date_part.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = date_part.get(r)?;
        part.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = digits(0..4)? as i32;
    if b.len() == 4 {
        // A bare year counts only as the whole string.
        return (s.len() == 4).then_some(PartialDate {
            year: Some(year),
            ..Default::default()
        });
    }
    if b.get(4) != Some(&b'-') {
        return None;
    }
    let month = digits(5..7)? as u8;
    if b.len() == 7 {
        let d = PartialDate {
            year: Some(year),
            month: Some(month),
            ..Default::default()
        };
        return d.is_valid().then_some(d);
    }
    if b.get(7) != Some(&b'-') || b.len() != 10 {
        return None;
    }
    PartialDate::ymd(year, month, digits(8..10)? as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_date(s, true).map(|d| d.to_string())
    }

    #[test]
    fn parses_the_forms_news_uses() {
        assert_eq!(
            p("2024-02-08T10:00:00+03:00").as_deref(),
            Some("2024-02-08")
        );
        assert_eq!(p("2024-02").as_deref(), Some("2024-02"));
        assert_eq!(p("February 8, 2024").as_deref(), Some("2024-02-08"));
        assert_eq!(p("8 February 2024").as_deref(), Some("2024-02-08"));
        assert_eq!(p("Feb. 8, 2024").as_deref(), Some("2024-02-08"));
        assert_eq!(
            p("Thu, 08 Feb 2024 10:00:00 GMT").as_deref(),
            Some("2024-02-08")
        );
        assert_eq!(p("08.02.2024").as_deref(), Some("2024-02-08"));
        assert_eq!(p("8 февраля 2024 года").as_deref(), Some("2024-02-08"));
        assert_eq!(p("May 2023").as_deref(), Some("2023-05"));
    }

    #[test]
    fn a_date_without_year_stays_without_year() {
        let d = parse_date("Saturday, February 8", true).unwrap();
        assert_eq!(d.year, None);
        assert_eq!(
            (d.month, d.day, d.weekday),
            (Some(2), Some(8), Some(Weekday::Saturday))
        );
        assert_eq!(d.to_string(), "--02-08");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        assert_eq!(p("February 30, 2024"), None);
        assert_eq!(p("Friday, February 8, 2024"), None); // it was a Thursday
        assert_eq!(p("The minister spoke on February 8"), None);
        assert_eq!(p("Google+ Pinterest"), None);
        assert_eq!(p("1500 troops"), None);
        assert_eq!(p("5"), None);
        assert_eq!(p("13.13.2024"), None);
    }

    #[test]
    fn weekdays_of_known_dates() {
        assert_eq!(
            PartialDate::ymd(2024, 2, 8).unwrap().weekday_of_date(),
            Some(Weekday::Thursday)
        );
        assert_eq!(
            PartialDate::ymd(2025, 2, 8).unwrap().weekday_of_date(),
            Some(Weekday::Saturday)
        );
        assert_eq!(
            PartialDate::ymd(1970, 1, 1).unwrap().weekday_of_date(),
            Some(Weekday::Thursday)
        );
    }

    #[test]
    fn completes_a_partial_date_only_when_consistent() {
        let partial = parse_date("February 8", true).unwrap();
        let full = PartialDate::ymd(2024, 2, 8).unwrap();
        assert_eq!(
            partial.completed_by(&full).unwrap().to_string(),
            "2024-02-08"
        );
        let other = PartialDate::ymd(2024, 3, 1).unwrap();
        assert_eq!(partial.completed_by(&other), None);
        // "Saturday, February 8" cannot be 2024 (a Thursday).
        let sat = parse_date("Saturday, February 8", true).unwrap();
        assert_eq!(sat.completed_by(&full), None);
    }
}
