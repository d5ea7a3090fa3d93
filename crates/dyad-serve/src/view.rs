//! What the dashboard's pages show: plain data the handlers gather from the
//! store and `pages` renders (escaping every text it writes).

use dyad_store::{ActorRow, Network, RelationRow, StoredEvent};

/// The filters of a dashboard view, all in the URL so a view can be shared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Dates as the user wrote them (YYYY, YYYY-MM, YYYY-MM-DD).
    pub from: Option<String>,
    pub to: Option<String>,
    /// QuadClasses 1-4.
    pub quad: Vec<u8>,
    /// CAMEO codes or prefixes.
    pub code: Vec<String>,
    /// A region name (see `regions`), limiting the network to its states.
    pub region: Option<String>,
}

/// The words of a report that name the source, the target and the verb,
/// as character offsets into `sentence`.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub sentence: String,
    pub source: Option<[usize; 2]>,
    pub target: Option<[usize; 2]>,
    pub verb: Option<[usize; 2]>,
}

/// An event with the evidence of its first report.
#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub event: StoredEvent,
    /// The CAMEO label of its code.
    pub label: String,
    pub evidence: Option<Evidence>,
}

/// `/`: the relations network of a period.
pub struct NetworkView<'a> {
    pub filters: &'a Filters,
    pub network: &'a Network,
    /// Region names the region filter offers.
    pub regions: &'a [&'a str],
}

/// `/dyad/{a}/{b}`: a dyad's monthly timeline (both directions together)
/// and its events.
pub struct DyadView<'a> {
    pub filters: &'a Filters,
    pub a: &'a str,
    pub b: &'a str,
    /// One row per month with events, in order (undirected).
    pub timeline: &'a [RelationRow],
    pub events: &'a [EventView],
    /// How many events match in all (the list may be cut).
    pub total: i64,
}

/// `/actor/{code}`: an actor's activity, partners and events.
pub struct ActorView<'a> {
    pub filters: &'a Filters,
    pub code: &'a str,
    pub actor: Option<&'a ActorRow>,
    /// Its dyads over the whole period (one row per partner and direction).
    pub partners: &'a [RelationRow],
    pub events: &'a [EventView],
    pub total: i64,
}

/// A coded event inside a document, for highlighting.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentEvent {
    pub event_id: Option<i64>,
    pub source_code: String,
    pub target_code: String,
    pub cameo: String,
    pub label: String,
    pub quad: u8,
    pub goldstein: Option<f32>,
    /// Character offsets into the document's text.
    pub sentence: [usize; 2],
    pub source: Option<[usize; 2]>,
    pub target: Option<[usize; 2]>,
    pub verb: Option<[usize; 2]>,
}

/// `/documents/{id}`: the text with every coded event highlighted.
pub struct DocumentView {
    pub doc_id: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub events: Vec<DocumentEvent>,
}
