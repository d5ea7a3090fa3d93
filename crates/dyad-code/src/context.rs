//! What a document says beyond a sentence: who "we" are, and which state
//! "this country" is.

use dyad_dict::dictionary::Dictionary;
use dyad_dict::Day;

use crate::coder::SentenceAnalysis;

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
