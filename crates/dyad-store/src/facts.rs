//! Every event's facts in memory, for the questions a server is asked
//! again and again: relations per period, the network, the most active
//! actors, which events match a filter and how many.
//!
//! The store answers the same questions in SQL, but an aggregate over a
//! year of a million-event store reads tens of thousands of rows through
//! SQLite and takes 25-170 ms; a dashboard with many users needs far less.
//! [`EventFacts`] keeps, per event, only what filters and aggregates read
//! (sides, actor codes, CAMEO code, QuadClass, Goldstein score, negation,
//! date), strings interned, sorted by date so that a date range is a
//! slice: about 64 bytes an event with the lists of
//! each side's events.
//!
//! Its answers are the store's answers (the tests compare them on random
//! filters). A filter it cannot evaluate (a publisher, a full-text query)
//! gets `None`, and the caller asks the store. The facts are a snapshot of
//! the store when they were read: whoever holds them drops them when the
//! store changes.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::{ControlFlow, Range};

use rusqlite::TransactionBehavior;

use crate::query::{
    has_prefix, is_side_pattern, network_of, relation_rows, ActorRow, Edge, EventFilter,
    EventOrder, Network, Period, PeriodTotals, RelationOptions, RelationRow,
};
use crate::store::{Result, Store};

/// What filters and aggregates read of one event.
#[derive(Debug, Clone, Copy)]
struct Fact {
    id: i64,
    /// NaN when the event has no score.
    goldstein: f64,
    /// First and last day of the event's date (days since 1970-01-01);
    /// meaningful only when `dated`.
    day: i32,
    day_end: i32,
    year: i32,
    /// 0 when the date names no month.
    month: u8,
    precision: u8,
    quad: u8,
    negated: bool,
    dated: bool,
    source_side: u32,
    target_side: u32,
    source_code: u32,
    target_code: u32,
    cameo: u32,
}

/// Strings numbered in the order first seen, with each one's rank in
/// byte order (the order SQLite sorts text in).
#[derive(Debug, Default, Clone)]
struct Names {
    names: Vec<String>,
    index: HashMap<String, u32>,
    rank: Vec<u32>,
}

impl Names {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_owned());
        self.index.insert(s.to_owned(), i);
        i
    }

    fn rank_all(&mut self) {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        self.rank = vec![0; self.names.len()];
        for (r, &i) in order.iter().enumerate() {
            self.rank[i as usize] = r as u32;
        }
    }

    fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }

    /// Which names start with `prefix` (as the SQL's range compares).
    fn with_prefix(&self, prefix: &str) -> Vec<bool> {
        self.names.iter().map(|n| has_prefix(n, prefix)).collect()
    }
}

/// A hasher for small integer keys (interned ids), much cheaper than the
/// default one; the ids are numbered by the store, not chosen by a caller.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// What the `actors` table says of a code.
#[derive(Debug, Clone)]
struct ActorName {
    name: String,
    country: Option<String>,
    igo: Option<String>,
}

/// The facts of every event of a store, in memory. See the module docs.
#[derive(Debug)]
pub struct EventFacts {
    /// Dated events by (day, id), then undated ones by id.
    facts: Vec<Fact>,
    /// Where the undated events start.
    dated: usize,
    sides: Names,
    codes: Names,
    cameos: Names,
    /// By side id: the positions of the facts with the side on either
    /// end, ascending.
    by_side: Vec<Vec<u32>>,
    /// By code id.
    actor_names: Vec<Option<ActorName>>,
    documents: i64,
    /// The store's change log as far as these facts know it.
    seq: i64,
}

/// One side of a filter, resolved against the interned names.
enum SideMatch {
    /// A side (`RUS`, `IGO:NATO`); `None`: no event has it.
    Side(Option<u32>),
    /// Codes with a prefix, by code id.
    Codes(Vec<bool>),
}

impl SideMatch {
    fn source(&self, f: &Fact) -> bool {
        match self {
            SideMatch::Side(s) => *s == Some(f.source_side),
            SideMatch::Codes(m) => m[f.source_code as usize],
        }
    }
    fn target(&self, f: &Fact) -> bool {
        match self {
            SideMatch::Side(s) => *s == Some(f.target_side),
            SideMatch::Codes(m) => m[f.target_code as usize],
        }
    }
}

/// A filter resolved against the interned names.
struct Compiled {
    include_negated: bool,
    min_precision: u8,
    actors: Vec<SideMatch>,
    source: Option<SideMatch>,
    target: Option<SideMatch>,
    between: Option<(SideMatch, SideMatch)>,
    /// By CAMEO code id.
    cameos: Option<Vec<bool>>,
    quads: Vec<u8>,
    goldstein_min: Option<f64>,
    goldstein_max: Option<f64>,
    from: Option<i64>,
    to: Option<i64>,
}

impl Compiled {
    fn matches(&self, f: &Fact) -> bool {
        if f.negated && !self.include_negated {
            return false;
        }
        if f.precision < self.min_precision {
            return false;
        }
        if let Some(from) = self.from {
            if !f.dated || i64::from(f.day) < from {
                return false;
            }
        }
        if let Some(to) = self.to {
            if !f.dated || i64::from(f.day) > to || i64::from(f.day_end) > to {
                return false;
            }
        }
        if let Some(m) = &self.cameos {
            if !m[f.cameo as usize] {
                return false;
            }
        }
        if !self.quads.is_empty() && !self.quads.contains(&f.quad) {
            return false;
        }
        // SQL comparisons with NULL (NaN here) are false.
        if let Some(g) = self.goldstein_min {
            if f.goldstein.is_nan() || f.goldstein < g {
                return false;
            }
        }
        if let Some(g) = self.goldstein_max {
            if f.goldstein.is_nan() || f.goldstein > g {
                return false;
            }
        }
        if !self.actors.iter().all(|a| a.source(f) || a.target(f)) {
            return false;
        }
        if let Some(s) = &self.source {
            if !s.source(f) {
                return false;
            }
        }
        if let Some(t) = &self.target {
            if !t.target(f) {
                return false;
            }
        }
        if let Some((a, b)) = &self.between {
            if !((a.source(f) && b.target(f)) || (b.source(f) && a.target(f))) {
                return false;
            }
        }
        true
    }
}

/// A sum of scores as SQLite's `total()` and `avg()` keep it (compensated,
/// NULLs left out).
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    sum: f64,
    compensation: f64,
    n: i64,
}

impl Score {
    fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
        self.n += 1;
    }
    fn total(&self) -> f64 {
        self.sum + self.compensation
    }
    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.total() / self.n as f64)
    }
}

fn period_key(period: Period, f: &Fact) -> i64 {
    let (y, m) = (i64::from(f.year), i64::from(f.month));
    match period {
        Period::Day => i64::from(f.day),
        Period::Week => (i64::from(f.day) + 700_003) / 7 - 100_000,
        Period::Month => y * 12 + m - 1,
        Period::Quarter => y * 4 + (m - 1) / 3,
        Period::Year => y,
    }
}

/// What [`EventFacts::refreshed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// No event changed (names or document counts may have).
    Unchanged,
    /// This many events were read again.
    Changed(usize),
    /// Every event was read again.
    Full,
}

/// The columns `read_facts` reads, in its order.
const FACT_COLUMNS: &str = "id, source_side, target_side, source_code, target_code, cameo,
    quad, goldstein, negated, day, day_end, precision, year, month";

/// The order facts are kept in: dated by (day, id), then undated by id.
fn order_key(f: &Fact) -> (bool, i32, i64) {
    (!f.dated, if f.dated { f.day } else { 0 }, f.id)
}

/// The interned strings of a set of facts.
#[derive(Default)]
struct Interned {
    sides: Names,
    codes: Names,
    cameos: Names,
}

/// The facts of the rows `sql` selects (`FACT_COLUMNS`, one parameter).
fn read_facts(
    tx: &rusqlite::Transaction<'_>,
    store: &Store,
    sql: &str,
    param: i64,
    names: &mut Interned,
) -> Result<Vec<Fact>> {
    let read = store.err("reading the events");
    let mut stmt = tx.prepare(sql).map_err(&read)?;
    let mut rows = stmt.query([param]).map_err(&read)?;
    let mut facts = Vec::new();
    while let Some(r) = rows.next().map_err(&read)? {
        let text =
            |i: usize| -> rusqlite::Result<&str> { r.get_ref(i)?.as_str().map_err(Into::into) };
        let day: Option<i64> = r.get(9).map_err(&read)?;
        let day_end: Option<i64> = r.get(10).map_err(&read)?;
        facts.push(Fact {
            id: r.get(0).map_err(&read)?,
            source_side: names.sides.intern(text(1).map_err(&read)?),
            target_side: names.sides.intern(text(2).map_err(&read)?),
            source_code: names.codes.intern(text(3).map_err(&read)?),
            target_code: names.codes.intern(text(4).map_err(&read)?),
            cameo: names.cameos.intern(text(5).map_err(&read)?),
            quad: r.get::<_, i64>(6).map_err(&read)?.clamp(0, 255) as u8,
            goldstein: r
                .get::<_, Option<f64>>(7)
                .map_err(&read)?
                .unwrap_or(f64::NAN),
            negated: r.get(8).map_err(&read)?,
            dated: day.is_some() && day_end.is_some(),
            day: day.unwrap_or(0) as i32,
            day_end: day_end.unwrap_or(0) as i32,
            precision: r.get::<_, i64>(11).map_err(&read)?.clamp(0, 255) as u8,
            year: r.get::<_, Option<i64>>(12).map_err(&read)?.unwrap_or(0) as i32,
            month: r
                .get::<_, Option<i64>>(13)
                .map_err(&read)?
                .unwrap_or(0)
                .clamp(0, 255) as u8,
        });
    }
    Ok(facts)
}

/// The actors table's names, by code id.
fn read_actor_names(
    tx: &rusqlite::Transaction<'_>,
    store: &Store,
    codes: &Names,
) -> Result<Vec<Option<ActorName>>> {
    let read = store.err("reading the actors");
    let mut actor_names = vec![None; codes.names.len()];
    let mut stmt = tx
        .prepare("SELECT code, name, country, igo FROM actors")
        .map_err(&read)?;
    let mut rows = stmt.query([]).map_err(&read)?;
    while let Some(r) = rows.next().map_err(&read)? {
        let code = r.get_ref(0).map_err(&read)?.as_str().unwrap_or_default();
        if let Some(&i) = codes.index.get(code) {
            actor_names[i as usize] = Some(ActorName {
                name: r.get(1).map_err(&read)?,
                country: r.get(2).map_err(&read)?,
                igo: r.get(3).map_err(&read)?,
            });
        }
    }
    Ok(actor_names)
}

fn count_documents(tx: &rusqlite::Transaction<'_>, store: &Store) -> Result<i64> {
    tx.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .map_err(store.err("counting documents"))
}

/// The change log's last and first sequence numbers (0 when empty).
fn last_change(tx: &rusqlite::Transaction<'_>, store: &Store) -> Result<(i64, i64)> {
    tx.query_row(
        "SELECT coalesce(max(seq), 0), coalesce(min(seq), 0) FROM event_changes",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .map_err(store.err("reading the change log"))
}

impl EventFacts {
    /// Reads the facts of every event of `store` (one read transaction: a
    /// consistent snapshot).
    pub fn load(store: &Store) -> Result<EventFacts> {
        let tx = rusqlite::Transaction::new_unchecked(&store.conn, TransactionBehavior::Deferred)
            .map_err(store.err("reading the events"))?;
        let seq = last_change(&tx, store)?.0;
        let mut names = Interned::default();
        let mut facts = read_facts(
            &tx,
            store,
            &format!("SELECT {FACT_COLUMNS} FROM events WHERE ?1 IS NOT NULL"),
            0,
            &mut names,
        )?;
        let actor_names = read_actor_names(&tx, store, &names.codes)?;
        let documents = count_documents(&tx, store)?;
        drop(tx);
        facts.sort_unstable_by_key(order_key);
        Ok(EventFacts::assemble(
            facts,
            names,
            actor_names,
            documents,
            seq,
        ))
    }

    /// The facts of `store` as it is now, from these and the events the
    /// store's change log says changed since they were read; every event
    /// is read again only when the log no longer reaches back that far
    /// (or the store is another one).
    pub fn refreshed(&self, store: &Store) -> Result<(EventFacts, Refresh)> {
        let tx = rusqlite::Transaction::new_unchecked(&store.conn, TransactionBehavior::Deferred)
            .map_err(store.err("reading the events"))?;
        let (last, first) = last_change(&tx, store)?;
        if last < self.seq || (last > self.seq && first > self.seq + 1) {
            drop(tx);
            return Ok((EventFacts::load(store)?, Refresh::Full));
        }
        let mut names = Interned {
            sides: self.sides.clone(),
            codes: self.codes.clone(),
            cameos: self.cameos.clone(),
        };
        let (mut fresh, changed) = if last > self.seq {
            let fresh = read_facts(
                &tx,
                store,
                &format!(
                    "SELECT {FACT_COLUMNS} FROM events
                     WHERE id IN (SELECT event FROM event_changes WHERE seq > ?1)"
                ),
                self.seq,
                &mut names,
            )?;
            let mut changed: FastMap<i64, ()> = FastMap::default();
            let mut stmt = tx
                .prepare("SELECT DISTINCT event FROM event_changes WHERE seq > ?1")
                .map_err(store.err("reading the change log"))?;
            let ids = stmt
                .query_map([self.seq], |r| r.get::<_, i64>(0))
                .map_err(store.err("reading the change log"))?;
            for id in ids {
                changed.insert(id.map_err(store.err("reading the change log"))?, ());
            }
            (fresh, changed)
        } else {
            (Vec::new(), FastMap::default())
        };
        let actor_names = read_actor_names(&tx, store, &names.codes)?;
        let documents = count_documents(&tx, store)?;
        drop(tx);
        fresh.sort_unstable_by_key(order_key);
        // Both sorted: merge the kept and the fresh facts in order.
        let mut facts = Vec::with_capacity(self.facts.len() + fresh.len());
        let mut kept = self
            .facts
            .iter()
            .filter(|f| !changed.contains_key(&f.id))
            .peekable();
        let mut fresh = fresh.into_iter().peekable();
        loop {
            let take_kept = match (kept.peek(), fresh.peek()) {
                (Some(k), Some(f)) => order_key(k) < order_key(f),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_kept {
                facts.extend(kept.next().copied());
            } else {
                facts.extend(fresh.next());
            }
        }
        let how = if last == self.seq {
            Refresh::Unchanged
        } else {
            Refresh::Changed(changed.len())
        };
        Ok((
            EventFacts::assemble(facts, names, actor_names, documents, last),
            how,
        ))
    }

    /// The facts sorted by `order_key`, with their lists and ranks.
    fn assemble(
        facts: Vec<Fact>,
        mut names: Interned,
        actor_names: Vec<Option<ActorName>>,
        documents: i64,
        seq: i64,
    ) -> EventFacts {
        let dated = facts.partition_point(|f| f.dated);
        let mut by_side = vec![Vec::new(); names.sides.names.len()];
        for (i, f) in facts.iter().enumerate() {
            by_side[f.source_side as usize].push(i as u32);
            if f.target_side != f.source_side {
                by_side[f.target_side as usize].push(i as u32);
            }
        }
        names.sides.rank_all();
        names.codes.rank_all();
        names.cameos.rank_all();
        EventFacts {
            facts,
            dated,
            by_side,
            sides: names.sides,
            codes: names.codes,
            cameos: names.cameos,
            actor_names,
            documents,
            seq,
        }
    }

    /// The number of events (negated ones too).
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The memory the facts hold, in bytes (near enough: the tables and
    /// lists, not the allocator's overhead).
    pub fn heap_bytes(&self) -> usize {
        let names = |n: &Names| {
            n.names.iter().map(|s| s.capacity() * 2 + 48).sum::<usize>() + n.rank.capacity() * 4
        };
        self.facts.capacity() * std::mem::size_of::<Fact>()
            + self
                .by_side
                .iter()
                .map(|l| l.capacity() * 4 + 24)
                .sum::<usize>()
            + names(&self.sides)
            + names(&self.codes)
            + names(&self.cameos)
            + self.actor_names.capacity() * std::mem::size_of::<Option<ActorName>>()
    }

    /// The number of documents when the facts were read.
    pub fn documents(&self) -> i64 {
        self.documents
    }

    fn side_match(&self, pattern: &str) -> SideMatch {
        if is_side_pattern(pattern) {
            SideMatch::Side(self.sides.index.get(pattern).copied())
        } else {
            SideMatch::Codes(self.codes.with_prefix(pattern))
        }
    }

    /// `None` when the filter needs what only the store knows.
    fn compile(&self, filter: &EventFilter, min_precision: i64) -> Option<Compiled> {
        if filter.publisher.is_some() || filter.text.is_some() {
            return None;
        }
        let cameos = (!filter.codes.is_empty()).then(|| {
            let mut any = vec![false; self.cameos.names.len()];
            for c in &filter.codes {
                for (a, m) in any.iter_mut().zip(self.cameos.with_prefix(c)) {
                    *a |= m;
                }
            }
            any
        });
        Some(Compiled {
            include_negated: filter.include_negated,
            min_precision: min_precision.clamp(0, 255) as u8,
            actors: filter.actor.iter().map(|a| self.side_match(a)).collect(),
            source: filter.source.as_deref().map(|s| self.side_match(s)),
            target: filter.target.as_deref().map(|t| self.side_match(t)),
            between: filter
                .between
                .as_ref()
                .map(|(a, b)| (self.side_match(a), self.side_match(b))),
            cameos,
            quads: filter.quads.clone(),
            goldstein_min: filter.goldstein_min,
            goldstein_max: filter.goldstein_max,
            from: filter.from,
            to: filter.to,
        })
    }

    /// Where a filter's events can be: the positions its dates allow
    /// (all, or the days between its bounds), and within them, when the
    /// filter requires a side, the positions of the side that has the
    /// fewest (`None`: every position of the range).
    fn candidates(&self, c: &Compiled) -> (Range<usize>, Option<&[u32]>) {
        let range = if c.from.is_none() && c.to.is_none() {
            0..self.facts.len()
        } else {
            let dated = &self.facts[..self.dated];
            let lo = c
                .from
                .map_or(0, |from| dated.partition_point(|f| i64::from(f.day) < from));
            let hi = c.to.map_or(dated.len(), |to| {
                dated.partition_point(|f| i64::from(f.day) <= to)
            });
            lo..hi.max(lo)
        };
        let mut required = c.actors.iter().chain(&c.source).chain(&c.target);
        let mut shortest: Option<&[u32]> = None;
        let between = c.between.iter().flat_map(|(a, b)| [a, b]);
        for m in required.by_ref().chain(between) {
            let SideMatch::Side(side) = m else { continue };
            let Some(side) = side else {
                // A side no event has.
                return (range.start..range.start, Some(&[]));
            };
            let list = &self.by_side[*side as usize];
            let lo = list.partition_point(|&i| (i as usize) < range.start);
            let hi = list.partition_point(|&i| (i as usize) < range.end);
            let list = &list[lo..hi];
            if shortest.is_none_or(|s| list.len() < s.len()) {
                shortest = Some(list);
            }
        }
        (range, shortest)
    }

    /// Calls `f` with each fact matching `c` until it breaks: in (day, id)
    /// order then undated by id; or, `newest`, in (day, id) descending
    /// order then undated by id descending (the store's orders).
    fn visit(&self, c: &Compiled, newest: bool, mut f: impl FnMut(&Fact) -> ControlFlow<()>) {
        let (range, postings) = self.candidates(c);
        let mut each = |x: &Fact| {
            if c.matches(x) {
                f(x)
            } else {
                ControlFlow::Continue(())
            }
        };
        match postings {
            None => {
                let facts = &self.facts[range.clone()];
                let split = self.dated.clamp(range.start, range.end) - range.start;
                let (dated, undated) = facts.split_at(split);
                if newest {
                    let _ = dated
                        .iter()
                        .rev()
                        .chain(undated.iter().rev())
                        .try_for_each(each);
                } else {
                    let _ = facts.iter().try_for_each(each);
                }
            }
            Some(list) => {
                let at = |&i: &u32| &self.facts[i as usize];
                let split = list.partition_point(|&i| (i as usize) < self.dated);
                let (dated, undated) = list.split_at(split);
                if newest {
                    let _ = dated
                        .iter()
                        .rev()
                        .chain(undated.iter().rev())
                        .map(at)
                        .try_for_each(&mut each);
                } else {
                    let _ = list.iter().map(at).try_for_each(&mut each);
                }
            }
        }
    }

    /// Calls `f` with every fact matching `c`, in no promised order.
    fn each(&self, c: &Compiled, mut f: impl FnMut(&Fact)) {
        self.visit(c, false, |x| {
            f(x);
            ControlFlow::Continue(())
        });
    }

    /// As [`Store::count_events`].
    pub fn count_events(&self, filter: &EventFilter) -> Option<i64> {
        let c = self.compile(filter, 0)?;
        let mut n = 0;
        self.each(&c, |_| n += 1);
        Some(n)
    }

    /// The ids of the events [`Store::events`] would list, in its order
    /// (`None` for the partition order, which only exports use).
    pub fn event_ids(
        &self,
        filter: &EventFilter,
        order: EventOrder,
        limit: Option<usize>,
        offset: usize,
    ) -> Option<Vec<i64>> {
        let c = self.compile(filter, 0)?;
        let newest = match order {
            EventOrder::Newest => true,
            EventOrder::Oldest => false,
            EventOrder::Partition => return None,
        };
        let limit = limit.unwrap_or(usize::MAX);
        let (mut skip, mut ids) = (offset, Vec::new());
        if limit > 0 {
            self.visit(&c, newest, |f| {
                if skip > 0 {
                    skip -= 1;
                } else {
                    ids.push(f.id);
                }
                if ids.len() >= limit {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            });
        }
        Some(ids)
    }

    /// As [`Store::relations`].
    pub fn relations(
        &self,
        filter: &EventFilter,
        options: RelationOptions,
    ) -> Option<Vec<RelationRow>> {
        #[derive(Default)]
        struct Totals {
            counts: [i64; 5],
            score: Score,
        }
        let c = self.compile(filter, options.period.precision())?;
        // By (source rank, target rank, period): the store's order.
        let mut groups: BTreeMap<(u32, u32, i64), (u32, u32, Totals)> = BTreeMap::new();
        self.each(&c, |f| {
            let (mut s, mut t) = (f.source_side, f.target_side);
            let rank = &self.sides.rank;
            if options.undirected && rank[t as usize] < rank[s as usize] {
                std::mem::swap(&mut s, &mut t);
            }
            let key = (
                rank[s as usize],
                rank[t as usize],
                period_key(options.period, f),
            );
            let (_, _, g) = groups.entry(key).or_insert((s, t, Totals::default()));
            g.counts[0] += 1;
            if (1..=4).contains(&f.quad) {
                g.counts[f.quad as usize] += 1;
            }
            g.score.add(f.goldstein);
        });
        Some(relation_rows(
            options.period,
            groups
                .into_iter()
                .map(|((_, _, key), (s, t, g))| PeriodTotals {
                    source: self.sides.name(s).to_owned(),
                    target: self.sides.name(t).to_owned(),
                    key,
                    counts: g.counts,
                    goldstein_sum: g.score.total(),
                    goldstein_mean: g.score.mean(),
                }),
        ))
    }

    /// As [`Store::network`].
    pub fn network(&self, filter: &EventFilter) -> Option<Network> {
        #[derive(Default)]
        struct Totals {
            events: i64,
            cooperation: i64,
            conflict: i64,
            score: Score,
        }
        let c = self.compile(filter, 0)?;
        let mut groups: FastMap<(u32, u32), Totals> = FastMap::default();
        self.each(&c, |f| {
            let g = groups.entry((f.source_side, f.target_side)).or_default();
            g.events += 1;
            g.cooperation += i64::from(matches!(f.quad, 1 | 2));
            g.conflict += i64::from(matches!(f.quad, 3 | 4));
            g.score.add(f.goldstein);
        });
        let rank = &self.sides.rank;
        let mut groups: Vec<_> = groups.into_iter().collect();
        groups.sort_unstable_by_key(|((s, t), _)| (rank[*s as usize], rank[*t as usize]));
        let edges = groups
            .into_iter()
            .map(|((s, t), g)| Edge {
                source: self.sides.name(s).to_owned(),
                target: self.sides.name(t).to_owned(),
                events: g.events,
                cooperation: g.cooperation,
                conflict: g.conflict,
                goldstein_mean: g.score.mean(),
            })
            .collect();
        Some(network_of(edges))
    }

    /// As [`Store::actors`].
    pub fn actors(&self, filter: &EventFilter, limit: Option<usize>) -> Option<Vec<ActorRow>> {
        #[derive(Default, Clone)]
        struct Totals {
            as_source: i64,
            as_target: i64,
            cooperation: i64,
            conflict: i64,
            score: Score,
            first: Option<i32>,
            last: Option<i32>,
        }
        let c = self.compile(filter, 0)?;
        let mut totals = vec![Totals::default(); self.codes.names.len()];
        self.each(&c, |f| {
            for (code, source) in [(f.source_code, true), (f.target_code, false)] {
                let t = &mut totals[code as usize];
                if source {
                    t.as_source += 1;
                    t.score.add(f.goldstein);
                } else {
                    t.as_target += 1;
                }
                t.cooperation += i64::from(matches!(f.quad, 1 | 2));
                t.conflict += i64::from(matches!(f.quad, 3 | 4));
                if f.dated {
                    t.first = Some(t.first.map_or(f.day, |d| d.min(f.day)));
                    t.last = Some(t.last.map_or(f.day_end, |d| d.max(f.day_end)));
                }
            }
        });
        let mut active: Vec<(u32, Totals)> = totals
            .into_iter()
            .enumerate()
            .filter(|(_, t)| t.as_source + t.as_target > 0)
            .map(|(i, t)| (i as u32, t))
            .collect();
        let rank = &self.codes.rank;
        active.sort_unstable_by_key(|(i, t)| {
            (
                std::cmp::Reverse(t.as_source + t.as_target),
                rank[*i as usize],
            )
        });
        active.truncate(limit.unwrap_or(usize::MAX));
        Some(
            active
                .into_iter()
                .map(|(i, t)| {
                    let known = self.actor_names[i as usize].as_ref();
                    ActorRow {
                        code: self.codes.name(i).to_owned(),
                        name: known.map(|a| a.name.clone()).unwrap_or_default(),
                        country: known.and_then(|a| a.country.clone()),
                        igo: known.and_then(|a| a.igo.clone()),
                        as_source: t.as_source,
                        as_target: t.as_target,
                        cooperation: t.cooperation,
                        conflict: t.conflict,
                        goldstein_mean_as_source: t.score.mean(),
                        first_date: t.first.map(|d| crate::query::iso_day(i64::from(d))),
                        last_date: t.last.map(|d| crate::query::iso_day(i64::from(d))),
                    }
                })
                .collect(),
        )
    }
}
