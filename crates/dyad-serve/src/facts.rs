//! The store's event facts in memory ([`EventFacts`]) while the store is
//! unchanged, read again in the background when it changes; and the
//! [`Reader`] through which every request asks its questions.
//!
//! A request uses the facts only when the store's files are as they were
//! before the facts were read (the response cache's [`Stamp`]); otherwise
//! the store answers in SQL — slower, never stale — while a fresh read
//! runs. After the first read, only the events the store's change log
//! names are read again (`EventFacts::refreshed`: tens of milliseconds
//! where reading a million events takes most of a second). Reads are
//! spaced (a new one starts no sooner than five times the last one's
//! duration after it) so that an ingest, which commits every few seconds,
//! cannot keep more than a fifth of a core re-reading.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use dyad_store::{
    ActorRow, EventFacts, EventFilter, EventOrder, Network, RelationOptions, RelationRow, Store,
    StoreError, StoredEvent,
};

use crate::cache::Stamp;

/// What the store's files were when facts were read.
struct Snapshot {
    stamp: Stamp,
    /// The database file's identity: facts are refreshed from the change
    /// log only for the file they were read from (a store replaced by
    /// another file is read whole).
    file: Option<(u64, u64)>,
}

#[cfg(unix)]
fn file_identity(db: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(db).ok().map(|m| (m.dev(), m.ino()))
}

/// Elsewhere no identity: the change log's own checks alone.
#[cfg(not(unix))]
fn file_identity(_db: &std::path::Path) -> Option<(u64, u64)> {
    None
}

/// The facts of one store, as fresh as the spacing allows.
pub struct FactsSlot {
    db: PathBuf,
    current: RwLock<Option<(Snapshot, Arc<EventFacts>)>>,
    loading: AtomicBool,
    /// No read starts before this.
    next_read: Mutex<Instant>,
}

impl FactsSlot {
    pub fn new(db: PathBuf) -> Arc<FactsSlot> {
        Arc::new(FactsSlot {
            db,
            current: RwLock::new(None),
            loading: AtomicBool::new(false),
            next_read: Mutex::new(Instant::now()),
        })
    }

    /// The facts if they are those of the store as `stamp` says it is now;
    /// else `None`, after starting a read if none runs and the spacing
    /// allows.
    pub fn fresh(self: &Arc<Self>, stamp: &Stamp) -> Option<Arc<EventFacts>> {
        {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            if let Some((s, facts)) = current.as_ref() {
                if s.stamp == *stamp {
                    return Some(facts.clone());
                }
            }
        }
        self.start_reading();
        None
    }

    /// Starts reading the facts in a thread of its own, unless a read runs
    /// or the last one was too recent.
    pub fn start_reading(self: &Arc<Self>) {
        if Instant::now() < *self.next_read.lock().unwrap_or_else(|e| e.into_inner()) {
            return;
        }
        if self.loading.swap(true, Ordering::AcqRel) {
            return;
        }
        let slot = self.clone();
        let spawned = std::thread::Builder::new()
            .name("dyad-facts".into())
            .spawn(move || {
                let started = Instant::now();
                // The stamp is taken before the read: the facts are at
                // least as new as it says, so they are never used for a
                // store that changed after.
                let stamp = Stamp::of(&slot.db);
                let file = file_identity(&slot.db);
                // From the facts held, reading only the events changed
                // since, when they are of this very file.
                let held = slot
                    .current
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .as_ref()
                    .filter(|(s, _)| s.file == file)
                    .map(|(_, f)| f.clone());
                let read = Store::open_read_only(&slot.db).and_then(|s| match &held {
                    Some(f) => f.refreshed(&s).map(|(f, _)| f),
                    None => EventFacts::load(&s),
                });
                let took = started.elapsed();
                let wait = match read {
                    Ok(facts) => {
                        *slot.current.write().unwrap_or_else(|e| e.into_inner()) =
                            Some((Snapshot { stamp, file }, Arc::new(facts)));
                        took * 5
                    }
                    // No store yet, or one being created: try again soon.
                    Err(_) => took.max(Duration::from_secs(1)),
                };
                *slot.next_read.lock().unwrap_or_else(|e| e.into_inner()) = started + wait;
                slot.loading.store(false, Ordering::Release);
            });
        if spawned.is_err() {
            self.loading.store(false, Ordering::Release);
        }
    }
}

/// The store of one request, with the facts when they are fresh: the
/// aggregate questions go to the facts, everything else (and any filter
/// the facts cannot evaluate) to the store. Dereferences to the store.
pub struct Reader<'a> {
    pub store: &'a Store,
    pub facts: Option<Arc<EventFacts>>,
}

impl Deref for Reader<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
    }
}

impl Reader<'_> {
    pub fn count_events(&self, filter: &EventFilter) -> Result<i64, StoreError> {
        match self.facts.as_ref().and_then(|f| f.count_events(filter)) {
            Some(n) => Ok(n),
            None => self.store.count_events(filter),
        }
    }

    pub fn events(
        &self,
        filter: &EventFilter,
        order: EventOrder,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        match self
            .facts
            .as_ref()
            .and_then(|f| f.event_ids(filter, order, limit, offset))
        {
            Some(ids) => self.store.events_by_id(&ids),
            None => self.store.events(filter, order, limit, offset),
        }
    }

    pub fn relations(
        &self,
        filter: &EventFilter,
        options: RelationOptions,
    ) -> Result<Vec<RelationRow>, StoreError> {
        match self
            .facts
            .as_ref()
            .and_then(|f| f.relations(filter, options))
        {
            Some(rows) => Ok(rows),
            None => self.store.relations(filter, options),
        }
    }

    pub fn network(&self, filter: &EventFilter) -> Result<Network, StoreError> {
        match self.facts.as_ref().and_then(|f| f.network(filter)) {
            Some(n) => Ok(n),
            None => self.store.network(filter),
        }
    }

    pub fn actors(
        &self,
        filter: &EventFilter,
        limit: Option<usize>,
    ) -> Result<Vec<ActorRow>, StoreError> {
        match self.facts.as_ref().and_then(|f| f.actors(filter, limit)) {
            Some(rows) => Ok(rows),
            None => self.store.actors(filter, limit),
        }
    }
}
