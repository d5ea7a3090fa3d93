//! dyad's event store: coded documents kept in SQLite, deduplicated into
//! events, queried, aggregated and exported.
//!
//! The main types: [`Store`] (open, [`Store::add`] coded documents,
//! [`Store::recode`]), [`StoredEvent`] (one fact however many documents
//! report it, with GDELT-style counts), [`EventFilter`] (the filters every
//! query takes), [`RelationRow`] (a dyad in a period), [`Network`].
//!
//! ```no_run
//! use dyad_store::{EventFilter, EventOrder, Store};
//! let store = Store::open_read_only(std::path::Path::new("dyad.db"))?;
//! let filter = EventFilter { between: Some(("RUS".into(), "MDA".into())), ..Default::default() };
//! for e in store.events(&filter, EventOrder::Newest, Some(10), 0)? {
//!     println!("{:?} {} → {} {}", e.date, e.source.code, e.target.code, e.cameo);
//! }
//! # Ok::<(), dyad_store::StoreError>(())
//! ```
//!
//! Layout: `schema` (tables, migrations), `store` (open, add, re-code),
//! `date` (a date's period), `query` (events, relations, actors, network),
//! `facts` (the same aggregates from every event's facts held in memory),
//! `export` (CSV, JSON Lines, GDELT), `network` (JSON, GraphML, GEXF),
//! `parquet` (Hive-partitioned Parquet datasets).

pub mod date;
pub mod event;
pub mod export;
pub mod facts;
pub mod network;
pub mod parquet;
pub mod query;
pub mod schema;
pub mod store;
#[doc(hidden)]
pub mod synthetic;

pub use event::{Precision, StoredActor, StoredEvent};
pub use facts::{EventFacts, Refresh};
pub use query::{
    ActorRow, DocumentDetail, Edge, EventFilter, EventOrder, Network, Node, Period,
    RelationOptions, RelationRow, SentenceHit, StoreStats,
};
pub use store::{
    side_of, Added, CoderVersion, NewDocument, NewSentence, Recoded, Store, StoreError,
    StoredDocument,
};
