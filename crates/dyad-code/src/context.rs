//! What a document says beyond a sentence: who "we" are, and which state
//! "this country" is.

use dyad_dict::dictionary::Dictionary;
use dyad_dict::Day;

use crate::coder::SentenceAnalysis;
use dyad_ingest::dates::{civil_from_days, days_from_civil, month_number};
use dyad_ingest::PartialDate;

/// Words of a title that make the document someone's own words.
const STATEMENT_WORDS: [&str; 16] = [
    "statement",
    "briefing",
    "response",
    "answer",
    "comment",
    "comments",
    "remarks",
    "interview",
    "press release",
    "declaration",
    "address",
    "speech",
    "article by",
    "reply",
    "message",
    "communiqué",
];

/// The actor a document speaks for: the one it was given (an actor code
/// such as `RUSGOV`, or a name the dictionaries know), or else, when its
/// title says it is a statement, briefing, interview and the like, the
/// first government or person the title names ("The response of the
/// official representative of the Russian Foreign Ministry ..." → RUSGOV).
/// `None` when neither says: "we" then stays unresolved.
pub fn speaker_of(
    dict: &Dictionary,
    given: Option<&str>,
    title: Option<&str>,
    day: Day,
) -> Option<String> {
    if let Some(g) = given.map(str::trim).filter(|g| !g.is_empty()) {
        let code_like = (3..=12).contains(&g.len())
            && g.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if code_like {
            return Some(g.to_owned());
        }
        return dict
            .find_names(g, day)
            .into_iter()
            .map(|(_, r)| r)
            .find(|r| r.role != "agent")
            .map(|r| r.code);
    }
    let title = title?;
    let lower = title.to_lowercase();
    if !STATEMENT_WORDS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let names = dict.find_names(title, day);
    // A government or a person (country + role) first; a bare country
    // otherwise.
    names
        .iter()
        .map(|(_, r)| r)
        .find(|r| r.role == "actor" && r.code.len() > 3 && !r.code.starts_with("IGO"))
        .or_else(|| names.iter().map(|(_, r)| r).find(|r| r.role == "actor"))
        .map(|r| r.code.clone())
}

/// The country a sentence named last, other than the speaker's: what
/// "this country" or "the republic" in the next sentences refers to.
pub fn last_state(a: &SentenceAnalysis, speaker: Option<&str>) -> Option<String> {
    let own = speaker.and_then(|s| s.get(..3));
    a.phrases
        .iter()
        .flat_map(|p| p.actors.iter())
        .filter(|x| x.tokens.1 != usize::MAX && x.actor.igo.is_none())
        .filter_map(|x| x.actor.country.as_deref().map(|c| (x.tokens.1, c)))
        .filter(|(_, c)| Some(*c) != own)
        .max_by_key(|(t, _)| *t)
        .map(|(_, c)| c.to_owned())
}

/// Adds the organisations a sentence named to those named before (the
/// latest last, at most 16 kept): "the Union" in a later sentence.
pub fn note_organisations(a: &SentenceAnalysis, named: &mut Vec<String>) {
    for x in a.phrases.iter().flat_map(|p| p.actors.iter()) {
        if x.actor.igo.is_some() && x.tokens.1 != usize::MAX {
            named.retain(|c| *c != x.code);
            named.push(x.code.clone());
        }
    }
    if named.len() > 16 {
        named.drain(..named.len() - 16);
    }
}

/// When an event happened, from the words of its sentence and the
/// document's date: "in May" (of the publication's year, or the year before
/// when May is still to come), "on November 20-24", "in 2023", "last
/// year", "this year", "last month", "yesterday", "today". Among several,
/// the one nearest the event's word `at`; without any, the document's date.
pub fn event_date(forms: &[&str], at: usize, doc: PartialDate) -> PartialDate {
    let n = forms.len();
    let lower: Vec<String> = forms.iter().map(|f| f.to_lowercase()).collect();
    let number = |i: usize| -> Option<u32> {
        let f = forms.get(i)?;
        let digits: String = f.chars().take_while(|c| c.is_ascii_digit()).collect();
        (!digits.is_empty() && digits.len() <= 4)
            .then(|| digits.parse().ok())
            .flatten()
    };
    let year_at = |i: usize| number(i).filter(|y| (1900..=2100).contains(y) && forms[i].len() == 4);
    let mut found: Vec<(usize, PartialDate)> = Vec::new();
    // "until 2026", "since 2000", "by March": a bound, not the event's date.
    let bound = |i: usize| {
        i > 0
            && matches!(
                lower[i - 1].as_str(),
                "until" | "till" | "through" | "since" | "before" | "by" | "from" | "to"
            )
    };
    for i in 0..n {
        let w = lower[i].as_str();
        if bound(i) {
            continue;
        }
        // "on Tuesday": the last such day up to the publication.
        if let Some(wd) = weekday_number(w) {
            if let Some(d) = last_weekday(doc, wd) {
                found.push((i, d));
            }
            continue;
        }
        if let Some(m) = month_number(w) {
            // "May" is a month only next to a number or after in/since/by.
            if w == "may"
                && !(i > 0
                    && matches!(
                        lower[i - 1].as_str(),
                        "in" | "since" | "by" | "of" | "until"
                    ))
                && number(i + 1).is_none()
                && (i == 0 || number(i - 1).is_none())
            {
                continue;
            }
            let day = number(i + 1)
                .filter(|d| (1..=31).contains(d) && forms[i + 1].len() <= 5)
                .or_else(|| {
                    i.checked_sub(1)
                        .and_then(number)
                        .filter(|d| (1..=31).contains(d))
                });
            let year = (i + 1..n.min(i + 4)).find_map(year_at).map(|y| y as i32);
            let year = year.or_else(|| {
                let dy = doc.year?;
                // A month still to come this year was last year's.
                Some(match doc.month {
                    Some(dm) if m > dm => dy - 1,
                    _ => dy,
                })
            });
            found.push((
                i,
                PartialDate {
                    year,
                    month: Some(m),
                    day: day.map(|d| d as u8),
                    weekday: None,
                },
            ));
        } else if let Some(y) = year_at(i) {
            // A year alone ("in 2023"), unless a month already took it.
            let taken = found.iter().any(|(j, _)| *j < i && i - *j <= 3);
            if !taken {
                found.push((
                    i,
                    PartialDate {
                        year: Some(y as i32),
                        ..PartialDate::default()
                    },
                ));
            }
        } else if let Some(next) = lower.get(i + 1) {
            let shift = match w {
                "last" | "past" | "previous" => Some(-1),
                "this" | "current" => Some(0),
                "next" | "coming" => Some(1),
                _ => None,
            };
            if let (Some(k), Some(y)) = (shift, doc.year) {
                match next.as_str() {
                    "year" => found.push((
                        i,
                        PartialDate {
                            year: Some(y + k),
                            ..PartialDate::default()
                        },
                    )),
                    "month" => {
                        if let Some(m) = doc.month {
                            let total = y * 12 + i32::from(m) - 1 + k;
                            found.push((
                                i,
                                PartialDate {
                                    year: Some(total.div_euclid(12)),
                                    month: Some((total.rem_euclid(12) + 1) as u8),
                                    day: None,
                                    weekday: None,
                                },
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
        if w == "today" && doc.day.is_some() {
            found.push((i, doc));
        }
    }
    found
        .into_iter()
        // the nearest; on a tie the one after the word, where English puts
        // its dates
        .min_by_key(|(i, _)| (i.abs_diff(at), *i < at))
        .map(|(_, w)| w)
        .unwrap_or(doc)
}

fn weekday_number(w: &str) -> Option<i64> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter().position(|d| *d == w).map(|i| i as i64)
}

/// The last day with weekday `wd` (0 Monday) on or before a complete date.
fn last_weekday(doc: PartialDate, wd: i64) -> Option<PartialDate> {
    let (y, m, d) = (doc.year? as i64, doc.month? as i64, doc.day? as i64);
    let days = days_from_civil(y, m, d);
    // 1970-01-01 was a Thursday (3).
    let back = ((days + 3).rem_euclid(7) - wd).rem_euclid(7);
    let (y, m, d) = civil_from_days(days - back);
    Some(PartialDate {
        year: Some(y as i32),
        month: Some(m as u8),
        day: Some(d as u8),
        weekday: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when(text: &str, at: &str, doc: PartialDate) -> Option<String> {
        let forms: Vec<&str> = text.split(' ').collect();
        let at = forms.iter().position(|f| *f == at).unwrap();
        Some(event_date(&forms, at, doc).to_string()).filter(|s| !s.is_empty())
    }

    const FEB_2024: PartialDate = PartialDate {
        year: Some(2024),
        month: Some(2),
        day: Some(8),
        weekday: None,
    };

    #[test]
    fn dates_relative_to_the_publication() {
        assert_eq!(
            when("Putin visited Astana in May .", "visited", FEB_2024).as_deref(),
            Some("2023-05")
        );
        assert_eq!(
            when("Talks were held in January .", "Talks", FEB_2024).as_deref(),
            Some("2024-01")
        );
        assert_eq!(
            when(
                "The forum met on November 20-24 in Samarkand .",
                "met",
                FEB_2024
            )
            .as_deref(),
            Some("2023-11-20")
        );
        assert_eq!(
            when("Trade grew in 2023 .", "Trade", FEB_2024).as_deref(),
            Some("2023")
        );
        assert_eq!(
            when("Trade grew last year .", "Trade", FEB_2024).as_deref(),
            Some("2023")
        );
        assert_eq!(
            when("Trade grew this year .", "Trade", FEB_2024).as_deref(),
            Some("2024")
        );
        assert_eq!(
            when("Talks resumed last month .", "Talks", FEB_2024).as_deref(),
            Some("2024-01")
        );
        assert_eq!(
            when("Talks were held on 7 March 2022 .", "Talks", FEB_2024).as_deref(),
            Some("2022-03-07")
        );
        // Nothing said: the publication date.
        assert_eq!(
            when("Talks were held .", "Talks", FEB_2024).as_deref(),
            Some("2024-02-08")
        );
        // "may" the verb is no month.
        assert_eq!(
            when("Russia may sign the treaty .", "sign", FEB_2024).as_deref(),
            Some("2024-02-08")
        );
        // Bounds are no dates; weekdays count back from the publication
        // (2024-02-08 was a Thursday).
        assert_eq!(
            when(
                "They agreed on Tuesday to extend the programme until 2026 .",
                "agreed",
                FEB_2024
            )
            .as_deref(),
            Some("2024-02-06")
        );
        assert_eq!(
            when("Talks were held on Thursday .", "Talks", FEB_2024).as_deref(),
            Some("2024-02-08")
        );
        let jan_2 = PartialDate {
            year: Some(2024),
            month: Some(1),
            day: Some(2),
            weekday: None,
        };
        assert_eq!(
            when("Talks were held on Friday .", "Talks", jan_2).as_deref(),
            Some("2023-12-29")
        );
        // The nearest of several.
        assert_eq!(
            when(
                "After talks in March , Putin visited Minsk in May .",
                "visited",
                FEB_2024
            )
            .as_deref(),
            Some("2023-05")
        );
    }
}
