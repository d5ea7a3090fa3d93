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
    /// Every place in the document that tells this event (the same
    /// source, target, code and date said again, in a heading and the body
    /// say), the first being the one above.
    pub mentions: Vec<Mention>,
}

/// One telling of an event in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub sentence_index: usize,
    pub sentence_span: CharSpan,
    pub verb: CharSpan,
}

impl EventRecord {
    /// The fact the event states: two tellings with the same key are one
    /// event.
    pub fn fact(&self) -> (&str, &str, &str, Option<&str>, bool) {
        (
            &self.source.code,
            &self.target.code,
            &self.cameo,
            self.date.as_deref(),
            self.negated,
        )
    }
}

/// Merges the tellings of the same fact within one document's events (in
/// text order): the first keeps its place and gathers the others'
/// mentions.
pub fn merge_mentions(events: Vec<EventRecord>) -> Vec<EventRecord> {
    let mut out: Vec<EventRecord> = Vec::with_capacity(events.len());
    for e in events {
        match out.iter_mut().find(|x| x.fact() == e.fact()) {
            Some(first) => first.mentions.extend(e.mentions),
            None => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(sentence: usize, target: &str) -> EventRecord {
        let actor = |code: &str| EventActor {
            code: code.to_owned(),
            country: Some(code[..3].to_owned()),
            igo: None,
            name: code.to_owned(),
            span: None,
        };
        EventRecord {
            doc_id: "d".into(),
            sentence_index: sentence,
            sentence_span: [sentence * 10, sentence * 10 + 9],
            text: String::new(),
            source: actor("RUS"),
            target: actor(target),
            cameo: "042".into(),
            root: "04".into(),
            quad: 1,
            goldstein: Some(1.9),
            plover: Plover {
                event_type: None,
                mode: None,
            },
            date: Some("2023-05".into()),
            location: None,
            negated: false,
            speaker: None,
            evidence: Evidence {
                verb: [0, 1],
                pattern: "*".into(),
                dictionary: "t".into(),
            },
            mentions: vec![Mention {
                sentence_index: sentence,
                sentence_span: [sentence * 10, sentence * 10 + 9],
                verb: [0, 1],
            }],
        }
    }

    #[test]
    fn the_same_fact_told_twice_is_one_event_with_two_mentions() {
        let merged = merge_mentions(vec![event(0, "KAZ"), event(3, "UZB"), event(5, "KAZ")]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].sentence_index, 0);
        let told: Vec<usize> = merged[0]
            .mentions
            .iter()
            .map(|m| m.sentence_index)
            .collect();
        assert_eq!(told, [0, 5]);
        assert_eq!(merged[1].mentions.len(), 1);
    }
}
