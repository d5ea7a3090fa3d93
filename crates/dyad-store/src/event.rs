//! The stored event: one fact, however many documents report it.

use serde::Serialize;

/// How precisely an event's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// No year is known.
    None = 0,
    Year = 1,
    Month = 2,
    Day = 3,
}

impl Precision {
    pub fn from_i64(v: i64) -> Precision {
        match v {
            1 => Precision::Year,
            2 => Precision::Month,
            3 => Precision::Day,
            _ => Precision::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::None => "none",
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// An actor of a stored event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredActor {
    /// The full CAMEO actor code (`RUSGOV`, `IGOEUREEC`).
    pub code: String,
    /// ISO 3166-1 alpha-3, when the actor has a country.
    pub country: Option<String>,
    /// The organisation's acronym, for international organisations.
    pub igo: Option<String>,
    /// The name as the first report gave it.
    pub name: String,
}

/// One event of the store: the same source, target, code and compatible
/// date reported by any number of documents is one `StoredEvent` (as
/// GDELT counts NumMentions, NumArticles and NumSources).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// The store's id of the event (stable once stored).
    pub id: i64,
    /// The date as precisely as the reports know it (`2023-05-12`,
    /// `2023-05`, `2023`), `None` when no year is known.
    pub date: Option<String>,
    /// The first day of the date's period, in days since 1970-01-01.
    pub day: Option<i32>,
    pub precision: Precision,
    pub source: StoredActor,
    pub target: StoredActor,
    /// The CAMEO code (`042`) and root (`04`).
    pub cameo: String,
    pub root: String,
    /// GDELT QuadClass (1 verbal cooperation … 4 material conflict; 0 for a
    /// code outside CAMEO).
    pub quad: u8,
    pub goldstein: Option<f32>,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
    /// The reports say it did not happen ("did not sign").
    pub negated: bool,
    pub location_name: Option<String>,
    pub location_country: Option<String>,
    /// Sentences telling it, across all documents.
    pub num_mentions: i64,
    /// Documents reporting it.
    pub num_articles: i64,
    /// Distinct publishers (the documents' `source`) reporting it.
    pub num_sources: i64,
    /// The first document that reported it: its id, URL and the sentence.
    pub document_id: String,
    pub url: Option<String>,
    pub sentence: String,
    /// When the event was first stored, in microseconds since 1970-01-01
    /// UTC.
    pub added_micros: i64,
}
