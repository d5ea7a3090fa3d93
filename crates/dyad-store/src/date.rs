//! Event dates as the store indexes them: the period a date names.

use dyad_ingest::dates::days_from_civil;

/// An event's date and the days it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// As the record gave it (`2023-05-12`, `2023-05`, `2023`, `--02-08`).
    pub text: Option<String>,
    /// First and last day of the period, in days since 1970-01-01; `None`
    /// without a year.
    pub day: Option<i64>,
    pub day_end: Option<i64>,
    /// 0 no year, 1 year, 2 month, 3 day.
    pub precision: i64,
    pub year: Option<i64>,
    pub month: Option<i64>,
}

fn days_in_month(y: i64, m: i64) -> i64 {
    days_from_civil(
        if m == 12 { y + 1 } else { y },
        if m == 12 { 1 } else { m + 1 },
        1,
    ) - days_from_civil(y, m, 1)
}

impl EventDate {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else (no year,
    /// nonsense) is kept as text with no period.
    pub fn parse(text: Option<&str>) -> EventDate {
        let none = EventDate {
            text: text.filter(|t| !t.is_empty()).map(str::to_owned),
            day: None,
            day_end: None,
            precision: 0,
            year: None,
            month: None,
        };
        let Some(t) = text else { return none };
        let parts: Vec<&str> = t.split('-').collect();
        let num = |s: &str, len: usize| -> Option<i64> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let (y, m, d) = match parts.as_slice() {
            [y] => (num(y, 4), None, None),
            [y, m] => (num(y, 4), num(m, 2), None),
            [y, m, d] => (num(y, 4), num(m, 2), num(d, 2)),
            _ => return none,
        };
        let Some(y) = y else { return none };
        match (parts.len(), m, d) {
            (1, _, _) => EventDate {
                day: Some(days_from_civil(y, 1, 1)),
                day_end: Some(days_from_civil(y + 1, 1, 1) - 1),
                precision: 1,
                year: Some(y),
                ..none
            },
            (2, Some(m), _) if (1..=12).contains(&m) => {
                let start = days_from_civil(y, m, 1);
                EventDate {
                    day: Some(start),
                    day_end: Some(start + days_in_month(y, m) - 1),
                    precision: 2,
                    year: Some(y),
                    month: Some(m),
                    ..none
                }
            }
            (3, Some(m), Some(d))
                if (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) =>
            {
                let day = days_from_civil(y, m, d);
                EventDate {
                    day: Some(day),
                    day_end: Some(day),
                    precision: 3,
                    year: Some(y),
                    month: Some(m),
                    ..none
                }
            }
            _ => none,
        }
    }
}

/// The first (or, with `last`, the last) day of the period a date names,
/// in days since 1970-01-01: `2023`, `2023-05`, `2023-05-12`, or another
/// spelling with a year that dyad's date reader knows ("8 February 2024").
pub fn day_bound(raw: &str, last: bool) -> Option<i64> {
    let pick = |d: EventDate| match (d.day, d.day_end) {
        (Some(a), Some(b)) => Some(if last { b } else { a }),
        _ => None,
    };
    pick(EventDate::parse(Some(raw.trim()))).or_else(|| {
        let p = dyad_ingest::parse_date(raw, true).filter(|p| p.year.is_some())?;
        pick(EventDate::parse(Some(&p.to_string())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_names_its_period() {
        let d = EventDate::parse(Some("2024-02"));
        assert_eq!(d.precision, 2);
        assert_eq!(
            d.day_end.unwrap() - d.day.unwrap(),
            28,
            "2024 is a leap year"
        );
        let y = EventDate::parse(Some("2023"));
        assert_eq!(y.day_end.unwrap() - y.day.unwrap(), 364);
        let day = EventDate::parse(Some("1970-01-02"));
        assert_eq!((day.day, day.precision), (Some(1), 3));
    }

    #[test]
    fn dates_without_a_year_or_impossible_ones_have_no_period() {
        for t in [
            "--02-08",
            "2023-02-30",
            "2023-13",
            "20x3",
            "",
            "2023-05-12-1",
        ] {
            let d = EventDate::parse(Some(t));
            assert_eq!((d.day, d.precision), (None, 0), "{t}");
        }
        assert_eq!(
            EventDate::parse(Some("--02-08")).text.as_deref(),
            Some("--02-08")
        );
    }
}
