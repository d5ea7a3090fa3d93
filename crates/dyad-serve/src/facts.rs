//! The store's event facts in memory ([`EventFacts`]) while the store is
//! unchanged, refreshed in the background when it changes; and the
//! [`Reader`] through which every request asks its questions.
//!
//! A request uses facts only if they are at least as new as the store was
//! when it was asked: the store's files are as they were before the facts
//! were read (the response cache's [`Stamp`]), or the read began after the
//! question. Otherwise it starts a read (or joins the one under way) and
//! waits for it, up to a second, before the store answers in SQL — slower,
//! never stale. After the first read only the events the store's change
//! log names are read again (`EventFacts::refreshed`: about 50 ms after an
//! ingest batch on a million events, where reading them all takes most of
//! a second), so questions asked during an ingest wait that long at most.
//! After each read the next one waits as long as it took (at most a
//! quarter second), so refreshing never takes more than half a core
//! however often the store changes.

use std::cell::OnceCell;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use dyad_store::{
    ActorRow, EventFacts, EventFilter, EventOrder, Network, RelationOptions, RelationRow, Store,
    StoreError, StoredEvent,
};

use crate::cache::Stamp;

/// What the store's files were when facts were read.
struct Snapshot {
    stamp: Stamp,
    /// When the read began: the facts hold everything committed before.
    started: Instant,
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

/// How long a question waits for facts being read before SQL answers it.
const WAIT: Duration = Duration::from_secs(1);

struct SlotState {
    current: Option<(Snapshot, Arc<EventFacts>)>,
    reading: bool,
    /// No read starts before this.
    next_read: Instant,
}

/// The facts of one store, as fresh as the questions need.
pub struct FactsSlot {
    db: PathBuf,
    state: Mutex<SlotState>,
    /// Signalled when a read ends.
    read_done: Condvar,
}

impl FactsSlot {
    pub fn new(db: PathBuf) -> Arc<FactsSlot> {
        Arc::new(FactsSlot {
            db,
            state: Mutex::new(SlotState {
                current: None,
                reading: false,
                next_read: Instant::now(),
            }),
            read_done: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Facts at least as new as the store was when a question was asked
    /// (`asked`, when its files looked as `stamp` says): those held if
    /// the files are unchanged or they were read after; else those of a
    /// read started for it, waited for up to [`WAIT`]; else `None` (the
    /// store answers).
    pub fn fresh(self: &Arc<Self>, stamp: &Stamp, asked: Instant) -> Option<Arc<EventFacts>> {
        let deadline = asked + WAIT;
        let mut state = self.lock();
        loop {
            if let Some((snapshot, facts)) = &state.current {
                if snapshot.stamp == *stamp || snapshot.started >= asked {
                    return Some(facts.clone());
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            if !state.reading {
                if now >= state.next_read {
                    self.start_reading_locked(&mut state);
                } else if state.next_read >= deadline {
                    return None;
                }
            }
            let until = if state.reading {
                deadline
            } else {
                state.next_read
            };
            state = self
                .read_done
                .wait_timeout(state, until.saturating_duration_since(now))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Starts reading the facts in a thread of its own, unless a read runs.
    pub fn start_reading(self: &Arc<Self>) {
        let mut state = self.lock();
        if !state.reading {
            self.start_reading_locked(&mut state);
        }
    }

    fn start_reading_locked(self: &Arc<Self>, state: &mut SlotState) {
        state.reading = true;
        // From the facts held, reading only the events changed since,
        // when they are of this very file.
        let file = file_identity(&self.db);
        let held = state
            .current
            .as_ref()
            .filter(|(s, _)| s.file == file)
            .map(|(_, f)| f.clone());
        let slot = self.clone();
        let spawned = std::thread::Builder::new()
            .name("dyad-facts".into())
            .spawn(move || {
                let started = Instant::now();
                // The stamp is taken before the read: the facts are at
                // least as new as it says.
                let stamp = Stamp::of(&slot.db);
                let read = Store::open_read_only(&slot.db).and_then(|s| match &held {
                    Some(f) => f.refreshed(&s).map(|(f, _)| f),
                    None => EventFacts::load(&s),
                });
                let took = started.elapsed();
                let mut state = slot.lock();
                state.next_read = Instant::now()
                    + match read {
                        Ok(facts) => {
                            state.current = Some((
                                Snapshot {
                                    stamp,
                                    started,
                                    file,
                                },
                                Arc::new(facts),
                            ));
                            // A pause as long as the read (a refresh,
                            // tens of ms), at most a quarter second (after
                            // reading every event): however often the
                            // store changes, refreshes keep at most half a
                            // core.
                            took.min(Duration::from_millis(250))
                        }
                        // No store yet, or one being created: again soon.
                        Err(_) => took.max(Duration::from_secs(1)),
                    };
                state.reading = false;
                drop(state);
                slot.read_done.notify_all();
            });
        if spawned.is_err() {
            state.reading = false;
            state.next_read = Instant::now() + Duration::from_secs(1);
        }
    }
}

/// The store of one request, and the store's facts once a question needs
/// them (looked up at the first aggregate or listing, so that a document
/// page never waits for a refresh): aggregates and listings go to the
/// facts, everything else (and any filter the facts cannot evaluate) to
/// the store. Dereferences to the store.
pub struct Reader<'a> {
    pub store: &'a Store,
    /// `None` when the server answers by SQL alone.
    pub slot: Option<Arc<FactsSlot>>,
    /// When the question was asked and how the store's files looked then.
    pub asked: (Stamp, Instant),
    pub facts: OnceCell<Option<Arc<EventFacts>>>,
}

impl Deref for Reader<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
    }
}

impl Reader<'_> {
    /// Facts at least as new as the question, if the server holds them.
    pub fn facts(&self) -> Option<&EventFacts> {
        self.facts
            .get_or_init(|| {
                let (stamp, at) = &self.asked;
                self.slot.as_ref().and_then(|s| s.fresh(stamp, *at))
            })
            .as_deref()
    }

    pub fn count_events(&self, filter: &EventFilter) -> Result<i64, StoreError> {
        match self.facts().and_then(|f| f.count_events(filter)) {
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
            .facts()
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
        match self.facts().and_then(|f| f.relations(filter, options)) {
            Some(rows) => Ok(rows),
            None => self.store.relations(filter, options),
        }
    }

    pub fn network(&self, filter: &EventFilter) -> Result<Network, StoreError> {
        match self.facts().and_then(|f| f.network(filter)) {
            Some(n) => Ok(n),
            None => self.store.network(filter),
        }
    }

    pub fn actors(
        &self,
        filter: &EventFilter,
        limit: Option<usize>,
    ) -> Result<Vec<ActorRow>, StoreError> {
        match self.facts().and_then(|f| f.actors(filter, limit)) {
            Some(rows) => Ok(rows),
            None => self.store.actors(filter, limit),
        }
    }
}
