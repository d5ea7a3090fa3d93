//! The event record: one coded event with its actors, codes and evidence,
//! as `dyad code` writes it (one JSON object per line).

use serde::Serialize;

/// A character range `[start, end)` into the original document.
pub type CharSpan = [usize; 2];

/// An actor as it appears in an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventActor {
    /// The full CAMEO actor code (`RUSGOV`, `IGOEUREEC`, `---GOV`).
    pub code: String,
    /// ISO 3166-1 alpha-3 of the actor's country, when it has one.
    pub country: Option<String>,
    /// The organisation's acronym for international organisations.
    pub igo: Option<String>,
    /// The name as the text gave it (or the dictionary's name).
    pub name: String,
    /// Where the text names it; `None` when the actor was inferred.
    pub span: Option<CharSpan>,
}

/// PLOVER's reading of the event code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plover {
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    pub mode: Option<String>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
}

/// Why the event was coded: the words and the dictionary entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The event verb (or phrase head) in the document.
    pub verb: CharSpan,
    /// The pattern that fired, as written in its dictionary (or `*` for a
    /// verb coded by its own code).
    pub pattern: String,
    /// The dictionary file and line of the pattern or verb.
    pub dictionary: String,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub doc_id: String,
    /// The sentence's index in the document (0-based, title included).
    pub sentence_index: usize,
    pub sentence_span: CharSpan,
    /// The sentence's text.
    pub text: String,
    pub source: EventActor,
    pub target: EventActor,
    /// The CAMEO code (`042`).
    pub cameo: String,
    /// The CAMEO root (`04`).
    pub root: String,
    /// GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3
    /// verbal conflict, 4 material conflict; 0 for a code outside CAMEO.
    pub quad: u8,
    /// Goldstein score of the code; `None` for a code outside CAMEO.
    pub goldstein: Option<f32>,
    pub plover: Plover,
    /// The event's date as precisely as known (`2023-05-12`, `2023-05`,
    /// `2023`, `--02-08`), or `None`.
    pub date: Option<String>,
    pub location: Option<Location>,
    /// The text says the event did not happen ("did not sign").
    pub negated: bool,
    /// Who reported it, for reported speech ("Lavrov said that ...").
    pub speaker: Option<EventActor>,
    pub evidence: Evidence,
}
