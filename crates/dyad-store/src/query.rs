//! Questions analysts ask of the store: which events, how relations moved
//! per period, who was active, the network of relations.
//!
//! Every query is built from fixed SQL fragments with the user's values
//! bound as parameters; no text from a document or a user ever becomes
//! SQL.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Row};
use serde::Serialize;

use crate::event::{Precision, StoredActor, StoredEvent};
use crate::store::{Result, Store, StoreError};

/// Which events: every filter given must hold.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// An actor on either side: a country (`RUS`), an organisation
    /// (`IGO:NATO`) or a code or code prefix (`RUSGOV`).
    pub actor: Vec<String>,
    /// The source side (as `actor`).
    pub source: Option<String>,
    /// The target side (as `actor`).
    pub target: Option<String>,
    /// Both, in either direction.
    pub between: Option<(String, String)>,
    /// CAMEO codes or prefixes (`04` for the root, `042`).
    pub codes: Vec<String>,
    /// QuadClasses (1-4).
    pub quads: Vec<u8>,
    pub goldstein_min: Option<f64>,
    pub goldstein_max: Option<f64>,
    /// Days since 1970-01-01, inclusive: events whose date lies within.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// The publisher (`source` of a document) that reported it.
    pub publisher: Option<String>,
    /// A full-text query (SQLite FTS5 syntax) over the reporting sentences.
    pub text: Option<String>,
    /// Also events the reports say did not happen.
    pub include_negated: bool,
}

/// Builds the `WHERE` clause of a filter over `events` (aliased `e`).
struct Where {
    clauses: Vec<&'static str>,
    /// Clauses that are the OR of two fixed fragments: (position, a, b).
    or_pairs: Vec<(usize, &'static str, &'static str)>,
    values: Vec<Value>,
}

impl Where {
    fn new() -> Where {
        Where {
            clauses: Vec::new(),
            or_pairs: Vec::new(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, clause: &'static str, values: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause);
        self.values.extend(values);
    }

    /// `(a OR b)` with the values of both, in order.
    fn push_or(
        &mut self,
        a: &'static str,
        b: &'static str,
        values: impl IntoIterator<Item = Value>,
    ) {
        self.or_pairs.push((self.clauses.len(), a, b));
        self.clauses.push("");
        self.values.extend(values);
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = self
            .clauses
            .iter()
            .enumerate()
            .map(|(i, c)| match self.or_pairs.iter().find(|p| p.0 == i) {
                Some((_, a, b)) => format!("({a} OR {b})"),
                None => (*c).to_owned(),
            })
            .collect();
        format!(" WHERE {}", parts.join(" AND "))
    }
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01.
pub(crate) fn iso_day(day: i64) -> String {
    let (y, m, d) = dyad_ingest::dates::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whether an actor pattern names a side (`RUS`, `IGO:NATO`, `---`) rather
/// than a code or code prefix (`RUSGOV`).
pub(crate) fn is_side_pattern(x: &str) -> bool {
    (x.len() == 3 && x.bytes().all(|b| b.is_ascii_uppercase() || b == b'-'))
        || x.starts_with("IGO:")
}

/// Whether `code` lies in the range `[prefix, prefix + U+10FFFF)` the SQL
/// compares it with: for text, whether it starts with `prefix`.
pub(crate) fn has_prefix(code: &str, prefix: &str) -> bool {
    code.starts_with(prefix) && !code[prefix.len()..].starts_with('\u{10FFFF}')
}

/// Which side of an event a pattern is matched against.
#[derive(Clone, Copy)]
enum Side {
    Source,
    Target,
}

/// An actor pattern as a clause on one side: a country (`RUS`), an
/// organisation (`IGO:NATO`) or an unknown side (`---`) matches the side
/// (indexed); anything longer is a code or code prefix (`RUSGOV`).
fn side_clause(side: Side, x: &str) -> (&'static str, Vec<Value>) {
    match (side, is_side_pattern(x)) {
        (Side::Source, true) => ("e.source_side = ?", vec![Value::Text(x.to_owned())]),
        (Side::Target, true) => ("e.target_side = ?", vec![Value::Text(x.to_owned())]),
        (Side::Source, false) => (
            "(e.source_code >= ? AND e.source_code < ?)",
            vec![
                Value::Text(x.to_owned()),
                Value::Text(format!("{x}\u{10FFFF}")),
            ],
        ),
        (Side::Target, false) => (
            "(e.target_code >= ? AND e.target_code < ?)",
            vec![
                Value::Text(x.to_owned()),
                Value::Text(format!("{x}\u{10FFFF}")),
            ],
        ),
    }
}

/// `(a OR b)` or `(a AND b)` of two clauses: the fragments are fixed, so
/// the combinations are spelled out.
fn either(a: &'static str, b: &'static str) -> &'static str {
    match (a, b) {
        ("e.source_side = ?", "e.target_side = ?") => "(e.source_side = ? OR e.target_side = ?)",
        ("e.source_side = ?", _) => "(e.source_side = ? OR (e.target_code >= ? AND e.target_code < ?))",
        (_, "e.target_side = ?") => "((e.source_code >= ? AND e.source_code < ?) OR e.target_side = ?)",
        _ => "((e.source_code >= ? AND e.source_code < ?) OR (e.target_code >= ? AND e.target_code < ?))",
    }
}

fn both(a: &'static str, b: &'static str) -> &'static str {
    match (a, b) {
        ("e.source_side = ?", "e.target_side = ?") => "(e.source_side = ? AND e.target_side = ?)",
        ("e.source_side = ?", _) => "(e.source_side = ? AND (e.target_code >= ? AND e.target_code < ?))",
        (_, "e.target_side = ?") => "((e.source_code >= ? AND e.source_code < ?) AND e.target_side = ?)",
        _ => "((e.source_code >= ? AND e.source_code < ?) AND (e.target_code >= ? AND e.target_code < ?))",
    }
}

impl EventFilter {
    fn clauses(&self, min_precision: i64) -> Where {
        let mut w = Where::new();
        if !self.include_negated {
            w.push("e.negated = 0", []);
        }
        if min_precision > 0 {
            w.push("e.precision >= ?", [Value::Integer(min_precision)]);
        }
        for a in &self.actor {
            let (sa, va) = side_clause(Side::Source, a);
            let (ta, vb) = side_clause(Side::Target, a);
            w.push(either(sa, ta), va.into_iter().chain(vb));
        }
        if let Some(s) = &self.source {
            let (c, v) = side_clause(Side::Source, s);
            w.push(c, v);
        }
        if let Some(t) = &self.target {
            let (c, v) = side_clause(Side::Target, t);
            w.push(c, v);
        }
        if let Some((a, b)) = &self.between {
            // (A → B) OR (B → A), as two pushes would AND them: one clause
            // from the two halves.
            let (sa, va) = side_clause(Side::Source, a);
            let (tb, vb) = side_clause(Side::Target, b);
            let (sb, vc) = side_clause(Side::Source, b);
            let (ta, vd) = side_clause(Side::Target, a);
            let forward = both(sa, tb);
            let backward = both(sb, ta);
            w.push_or(
                forward,
                backward,
                va.into_iter().chain(vb).chain(vc).chain(vd),
            );
        }
        if !self.codes.is_empty() {
            // One clause per code, OR-ed: the fragments are fixed, only the
            // count varies.
            let mut any = Vec::new();
            for c in &self.codes {
                any.push(Value::Text(c.clone()));
                any.push(Value::Text(format!("{c}\u{10FFFF}")));
            }
            if self.codes.len() == 1 {
                w.push("(e.cameo >= ? AND e.cameo < ?)", any);
            } else {
                w.push(
                    "EXISTS (SELECT 1 FROM json_each(?) j WHERE e.cameo >= j.value AND e.cameo < j.value || char(1114111))",
                    [Value::Text(serde_json::to_string(&self.codes).unwrap_or_default())],
                );
            }
        }
        if !self.quads.is_empty() {
            let list: Vec<i64> = self.quads.iter().map(|&q| i64::from(q)).collect();
            w.push(
                "e.quad IN (SELECT value FROM json_each(?))",
                [Value::Text(
                    serde_json::to_string(&list).unwrap_or_default(),
                )],
            );
        }
        if let Some(g) = self.goldstein_min {
            w.push("e.goldstein >= ?", [Value::Real(g)]);
        }
        if let Some(g) = self.goldstein_max {
            w.push("e.goldstein <= ?", [Value::Real(g)]);
        }
        if let Some(d) = self.from {
            w.push("e.day >= ?", [Value::Integer(d)]);
        }
        if let Some(d) = self.to {
            // `day <= day_end`: the first clause bounds the index on `day`
            // from above, the second says what is meant.
            w.push(
                "e.day <= ? AND e.day_end <= ?",
                [Value::Integer(d), Value::Integer(d)],
            );
        }
        if let Some(p) = &self.publisher {
            w.push(
                "EXISTS (SELECT 1 FROM reports r JOIN documents d ON d.id = r.document WHERE r.event = e.id AND d.source = ?)",
                [Value::Text(p.clone())],
            );
        }
        if let Some(t) = &self.text {
            w.push(
                "EXISTS (SELECT 1 FROM reports r JOIN sentences s ON s.document = r.document AND s.idx = r.sentence_index
                         WHERE r.event = e.id AND s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?))",
                [Value::Text(t.clone())],
            );
        }
        w
    }
}

/// The columns of a stored event, in the order [`event_of_row`] reads.
const EVENT_COLUMNS: &str = "e.id, e.date, e.day, e.precision,
    e.source_code, e.source_country, e.source_igo, e.source_name,
    e.target_code, e.target_country, e.target_igo, e.target_name,
    e.cameo, e.root, e.quad, e.goldstein, e.plover_type, e.plover_mode, e.negated,
    e.location_name, e.location_country, e.num_mentions, e.num_articles, e.num_sources,
    e.first_document, e.first_url, coalesce(e.first_sentence, ''), e.added";

fn event_of_row(r: &Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        id: r.get(0)?,
        date: r.get(1)?,
        day: r.get::<_, Option<i64>>(2)?.map(|d| d as i32),
        precision: Precision::from_i64(r.get(3)?),
        source: StoredActor {
            code: r.get(4)?,
            country: r.get(5)?,
            igo: r.get(6)?,
            name: r.get(7)?,
        },
        target: StoredActor {
            code: r.get(8)?,
            country: r.get(9)?,
            igo: r.get(10)?,
            name: r.get(11)?,
        },
        cameo: r.get(12)?,
        root: r.get(13)?,
        quad: r.get::<_, i64>(14)?.clamp(0, 4) as u8,
        goldstein: r.get::<_, Option<f64>>(15)?.map(|g| g as f32),
        plover_type: r.get(16)?,
        plover_mode: r.get(17)?,
        negated: r.get(18)?,
        location_name: r.get(19)?,
        location_country: r.get(20)?,
        num_mentions: r.get(21)?,
        num_articles: r.get(22)?,
        num_sources: r.get(23)?,
        document_id: r.get::<_, Option<String>>(24)?.unwrap_or_default(),
        url: r.get(25)?,
        sentence: r.get(26)?,
        added_micros: r.get(27)?,
    })
}

/// The order events come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOrder {
    /// Newest date first (undated last), then newest stored.
    Newest,
    /// By date, oldest first; then by id (the export order).
    Oldest,
    /// By (year, month) partition then id: what a partitioned dataset
    /// writer needs.
    Partition,
}

/// How a relations period groups dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    /// The precision an event's date needs to fall in one such period.
    pub(crate) fn precision(self) -> i64 {
        match self {
            Period::Day | Period::Week => 3,
            Period::Month | Period::Quarter => 2,
            Period::Year => 1,
        }
    }

    /// The columns a period groups by, in the order of the dyad index so
    /// that grouping streams without sorting.
    fn group_sql(self) -> &'static str {
        match self {
            Period::Day => "e.year, e.month, e.day",
            Period::Week => "((e.day + 700003) / 7 - 100000)",
            Period::Month => "e.year, e.month",
            Period::Quarter => "e.year, (e.month - 1) / 3",
            Period::Year => "e.year",
        }
    }

    /// The SQL of an integer key per period (consecutive periods have
    /// consecutive keys). Weeks start on Monday (1970-01-05 was one).
    fn key_sql(self) -> &'static str {
        match self {
            Period::Day => "e.day",
            Period::Week => "((e.day + 700003) / 7 - 100000)",
            Period::Month => "(e.year * 12 + e.month - 1)",
            Period::Quarter => "(e.year * 4 + (e.month - 1) / 3)",
            Period::Year => "e.year",
        }
    }

    /// The period's name: `2023-05-12`, `2023-W19`, `2023-05`, `2023-Q2`,
    /// `2023`.
    pub fn label(self, key: i64) -> String {
        match self {
            Period::Day => {
                let (y, m, d) = dyad_ingest::dates::civil_from_days(key);
                format!("{y:04}-{m:02}-{d:02}")
            }
            Period::Week => {
                // ISO week of the week's Thursday.
                let thursday = key * 7;
                let (y, _, _) = dyad_ingest::dates::civil_from_days(thursday);
                let jan1 = dyad_ingest::dates::days_from_civil(y, 1, 1);
                format!("{y:04}-W{:02}", (thursday - jan1) / 7 + 1)
            }
            Period::Month => format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
            Period::Quarter => format!("{:04}-Q{}", key.div_euclid(4), key.rem_euclid(4) + 1),
            Period::Year => format!("{key:04}"),
        }
    }
}

/// One dyad in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationRow {
    pub source: String,
    pub target: String,
    pub period: String,
    pub events: i64,
    pub verbal_cooperation: i64,
    pub material_cooperation: i64,
    pub verbal_conflict: i64,
    pub material_conflict: i64,
    pub goldstein_sum: f64,
    pub goldstein_mean: Option<f64>,
    /// (cooperation − conflict) / events, from −1 (all conflict) to 1 (all
    /// cooperation).
    pub net_cooperation: f64,
    /// Against the dyad's previous period (zero events when it had none).
    pub change_events: i64,
    pub change_goldstein_mean: Option<f64>,
    pub change_net_cooperation: f64,
}

/// One dyad's totals in one period, before the change against the
/// previous period is known.
pub(crate) struct PeriodTotals {
    pub source: String,
    pub target: String,
    /// The period's key (`Period::key_sql`).
    pub key: i64,
    /// Events, then per QuadClass 1-4.
    pub counts: [i64; 5],
    pub goldstein_sum: f64,
    pub goldstein_mean: Option<f64>,
}

/// Relation rows from totals in dyad then period order: each row with its
/// change against the dyad's previous period (zero events when it had
/// none).
pub(crate) fn relation_rows(
    period: Period,
    totals: impl IntoIterator<Item = PeriodTotals>,
) -> Vec<RelationRow> {
    let mut out: Vec<RelationRow> = Vec::new();
    let mut previous: Option<(i64, i64, Option<f64>, f64)> = None;
    for t in totals {
        let [events, q1, q2, q3, q4] = t.counts;
        let net = if events > 0 {
            ((q1 + q2) - (q3 + q4)) as f64 / events as f64
        } else {
            0.0
        };
        let same_dyad = out
            .last()
            .is_some_and(|r| r.source == t.source && r.target == t.target);
        let (pe, pm, pn) = match previous {
            Some((pk, pe, pm, pn)) if same_dyad && pk == t.key - 1 => (pe, pm, pn),
            _ => (0, None, 0.0),
        };
        let mean = t.goldstein_mean;
        out.push(RelationRow {
            period: period.label(t.key),
            source: t.source,
            target: t.target,
            events,
            verbal_cooperation: q1,
            material_cooperation: q2,
            verbal_conflict: q3,
            material_conflict: q4,
            goldstein_sum: t.goldstein_sum,
            goldstein_mean: mean,
            net_cooperation: net,
            change_events: events - pe,
            change_goldstein_mean: match (mean, pm) {
                (Some(a), Some(b)) => Some(a - b),
                _ => None,
            },
            change_net_cooperation: net - pn,
        });
        previous = Some((t.key, events, mean, net));
    }
    out
}

/// The network of `edges` (in source, target order) with its nodes.
pub(crate) fn network_of(edges: Vec<Edge>) -> Network {
    let mut nodes: std::collections::BTreeMap<String, Node> = Default::default();
    for e in &edges {
        for (id, src) in [(&e.source, true), (&e.target, false)] {
            let n = nodes.entry(id.clone()).or_insert_with(|| Node {
                id: id.clone(),
                as_source: 0,
                as_target: 0,
                events: 0,
            });
            if src {
                n.as_source += e.events;
            } else {
                n.as_target += e.events;
            }
            n.events += e.events;
        }
    }
    Network {
        nodes: nodes.into_values().collect(),
        edges,
    }
}

/// What `relations` groups by.
#[derive(Debug, Clone, Copy)]
pub struct RelationOptions {
    pub period: Period,
    /// Both directions of a dyad as one (sides in alphabetical order).
    pub undirected: bool,
}

/// Activity of one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRow {
    pub code: String,
    pub name: String,
    pub country: Option<String>,
    pub igo: Option<String>,
    pub as_source: i64,
    pub as_target: i64,
    pub cooperation: i64,
    pub conflict: i64,
    /// Mean Goldstein score of what it did (as source).
    pub goldstein_mean_as_source: Option<f64>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// A node of the relations network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub id: String,
    pub as_source: i64,
    pub as_target: i64,
    pub events: i64,
}

/// A directed edge of the relations network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub events: i64,
    pub cooperation: i64,
    pub conflict: i64,
    pub goldstein_mean: Option<f64>,
}

/// The relations network of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Counts of what a store holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StoreStats {
    pub documents: i64,
    pub sentences: i64,
    pub events: i64,
    pub reports: i64,
    pub actors: i64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub coders: i64,
}

impl Store {
    /// Events matching `filter`, `limit` at most from `offset`.
    pub fn events(
        &self,
        filter: &EventFilter,
        order: EventOrder,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        self.for_each_event(filter, order, limit, offset, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Streams events matching `filter` to `f` (bounded memory, for
    /// exports); stops at the first error `f` returns.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        order: EventOrder,
        limit: Option<usize>,
        offset: usize,
        mut f: impl FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()> {
        let by_date = match order {
            EventOrder::Newest => "e.day IS NULL, e.day DESC, e.id DESC",
            EventOrder::Oldest => "e.day IS NULL, e.day, e.id",
            EventOrder::Partition => return self.for_each_by_partition(filter, limit, offset, f),
        };
        let w = filter.clauses(0);
        let mut values = w.values.clone();
        values.push(Value::Integer(limit.map_or(-1, |l| l as i64)));
        values.push(Value::Integer(offset as i64));
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e{} ORDER BY {by_date} LIMIT ? OFFSET ?",
            w.sql()
        );
        self.stream(&sql, values, filter, &mut f)
    }

    fn stream(
        &self,
        sql: &str,
        values: Vec<Value>,
        filter: &EventFilter,
        f: &mut impl FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(sql)
            .map_err(self.err("querying events"))?;
        let mut rows = stmt
            .query(params_from_iter(values))
            .map_err(|e| self.query_error(e, filter))?;
        while let Some(row) = rows.next().map_err(|e| self.query_error(e, filter))? {
            f(event_of_row(row).map_err(self.err("reading an event"))?)?;
        }
        Ok(())
    }

    /// Events partition by partition (year, then month; month 0 for events
    /// known to the year only; year 0 for undated ones), by id within each:
    /// one indexed query per partition instead of sorting the whole store.
    fn for_each_by_partition(
        &self,
        filter: &EventFilter,
        limit: Option<usize>,
        offset: usize,
        mut f: impl FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()> {
        let w = filter.clauses(0);
        let sql = format!(
            "SELECT DISTINCT e.year, CASE WHEN e.precision >= 2 THEN e.month ELSE 0 END FROM events e{} ORDER BY 1, 2",
            w.sql()
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(self.err("listing partitions"))?;
        let partitions = stmt
            .query_map(params_from_iter(w.values.clone()), |r| {
                Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(|e| self.query_error(e, filter))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e, filter))?;
        let (mut skip, mut left) = (offset, limit.unwrap_or(usize::MAX));
        for (year, month) in partitions {
            if left == 0 {
                break;
            }
            let mut part = Where::new();
            match (year, month) {
                (None, _) => part.push("e.year IS NULL", []),
                (Some(y), 0) => part.push("e.year = ? AND e.precision = 1", [Value::Integer(y)]),
                (Some(y), m) => part.push(
                    "e.year = ? AND e.month = ? AND e.precision >= 2",
                    [Value::Integer(y), Value::Integer(m)],
                ),
            }
            let mut values = w.values.clone();
            values.extend(part.values);
            let joined = if w.clauses.is_empty() {
                " WHERE "
            } else {
                " AND "
            };
            let sql = format!(
                "SELECT {EVENT_COLUMNS} FROM events e{}{joined}{} ORDER BY e.id",
                w.sql(),
                part.clauses[0]
            );
            self.stream(&sql, values, filter, &mut |e| {
                if skip > 0 {
                    skip -= 1;
                    return Ok(());
                }
                if left == 0 {
                    return Ok(());
                }
                left -= 1;
                f(e)
            })?;
        }
        Ok(())
    }

    /// An FTS5 syntax error names the query rather than SQL.
    fn query_error(&self, e: rusqlite::Error, filter: &EventFilter) -> StoreError {
        let msg = e.to_string();
        // The SQL is fixed; a plain SQL error with a full-text query given
        // comes from that query's syntax.
        let syntax = matches!(
            &e,
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::Unknown
        );
        match &filter.text {
            Some(t) if syntax || msg.contains("fts5") => StoreError::Invalid {
                path: self.path.clone(),
                detail: format!(
                    "full-text query {t:?}: {msg} (words, \"a phrase\", AND, OR, NOT, prefix*)"
                ),
            },
            _ => crate::store::classify(&self.path, "querying events", e),
        }
    }

    /// The number of events matching `filter`.
    pub fn count_events(&self, filter: &EventFilter) -> Result<i64> {
        let w = filter.clauses(0);
        let sql = format!("SELECT count(*) FROM events e{}", w.sql());
        self.conn
            .query_row(&sql, params_from_iter(w.values), |r| r.get(0))
            .map_err(|e| self.query_error(e, filter))
    }

    /// Aggregates per dyad and period, in dyad then period order, each row
    /// with its change against the dyad's previous period. Events dated
    /// less precisely than the period (a year for a month) are left out;
    /// negated events never count.
    pub fn relations(
        &self,
        filter: &EventFilter,
        options: RelationOptions,
    ) -> Result<Vec<RelationRow>> {
        let w = filter.clauses(options.period.precision());
        let (s, t) = if options.undirected {
            (
                "min(e.source_side, e.target_side)",
                "max(e.source_side, e.target_side)",
            )
        } else {
            ("e.source_side", "e.target_side")
        };
        let sql = format!(
            "SELECT {s}, {t}, {key} AS p, count(*),
                sum(e.quad = 1), sum(e.quad = 2), sum(e.quad = 3), sum(e.quad = 4),
                total(e.goldstein), avg(e.goldstein)
             FROM events e{where_}
             GROUP BY 1, 2, {group} ORDER BY 1, 2, {group}",
            key = options.period.key_sql(),
            group = options.period.group_sql(),
            where_ = w.sql()
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(self.err("querying relations"))?;
        let rows = stmt
            .query_map(params_from_iter(w.values), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    [
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, i64>(5)?,
                        r.get::<_, i64>(6)?,
                        r.get::<_, i64>(7)?,
                    ],
                    r.get::<_, f64>(8)?,
                    r.get::<_, Option<f64>>(9)?,
                ))
            })
            .map_err(|e| self.query_error(e, filter))?;
        let rows = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e, filter))?;
        Ok(relation_rows(
            options.period,
            rows.into_iter()
                .map(|(source, target, key, n, sum, mean)| PeriodTotals {
                    source,
                    target,
                    key,
                    counts: n,
                    goldstein_sum: sum,
                    goldstein_mean: mean,
                }),
        ))
    }

    /// Activity per actor (code), most active first.
    pub fn actors(&self, filter: &EventFilter, limit: Option<usize>) -> Result<Vec<ActorRow>> {
        let w = filter.clauses(0);
        let sql = format!(
            "WITH m AS (SELECT e.source_code, e.target_code, e.quad, e.goldstein, e.day, e.day_end
                        FROM events e{where_}),
             sides AS (
                SELECT source_code AS code, 1 AS src, quad, goldstein, day, day_end FROM m
                UNION ALL
                SELECT target_code, 0, quad, NULL, day, day_end FROM m)
             SELECT s.code, coalesce(a.name, ''), a.country, a.igo,
                sum(s.src), sum(1 - s.src), sum(s.quad IN (1, 2)), sum(s.quad IN (3, 4)),
                avg(s.goldstein), min(s.day), max(s.day_end)
             FROM sides s LEFT JOIN actors a ON a.code = s.code
             GROUP BY s.code ORDER BY count(*) DESC, s.code LIMIT ?",
            where_ = w.sql()
        );
        let mut values = w.values.clone();
        values.push(Value::Integer(limit.map_or(-1, |l| l as i64)));
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(self.err("querying actors"))?;
        let rows = stmt
            .query_map(params_from_iter(values), |r| {
                Ok(ActorRow {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    country: r.get(2)?,
                    igo: r.get(3)?,
                    as_source: r.get(4)?,
                    as_target: r.get(5)?,
                    cooperation: r.get(6)?,
                    conflict: r.get(7)?,
                    goldstein_mean_as_source: r.get(8)?,
                    first_date: r.get::<_, Option<i64>>(9)?.map(iso_day),
                    last_date: r.get::<_, Option<i64>>(10)?.map(iso_day),
                })
            })
            .map_err(|e| self.query_error(e, filter))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e, filter))
    }

    /// The network of relations among sides (countries, organisations) of
    /// the events matching `filter`.
    pub fn network(&self, filter: &EventFilter) -> Result<Network> {
        let w = filter.clauses(0);
        let sql = format!(
            "SELECT e.source_side, e.target_side, count(*), sum(e.quad IN (1, 2)), sum(e.quad IN (3, 4)), avg(e.goldstein)
             FROM events e{} GROUP BY 1, 2 ORDER BY 1, 2",
            w.sql()
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(self.err("querying the network"))?;
        let edges = stmt
            .query_map(params_from_iter(w.values), |r| {
                Ok(Edge {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    events: r.get(2)?,
                    cooperation: r.get(3)?,
                    conflict: r.get(4)?,
                    goldstein_mean: r.get(5)?,
                })
            })
            .map_err(|e| self.query_error(e, filter))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e, filter))?;
        Ok(network_of(edges))
    }

    /// What the store holds.
    pub fn stats(&self) -> Result<StoreStats> {
        let count = |sql: &str| -> Result<i64> {
            self.conn
                .query_row(sql, [], |r| r.get(0))
                .map_err(self.err("counting"))
        };
        Ok(StoreStats {
            documents: count("SELECT count(*) FROM documents")?,
            sentences: count("SELECT count(*) FROM sentences")?,
            events: count("SELECT count(*) FROM events")?,
            reports: count("SELECT count(*) FROM reports")?,
            actors: count("SELECT count(*) FROM actors")?,
            coders: count("SELECT count(*) FROM coders")?,
            first_date: self
                .conn
                .query_row(
                    "SELECT date FROM events WHERE day IS NOT NULL ORDER BY day LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .ok(),
            last_date: self
                .conn
                .query_row(
                    "SELECT date FROM events WHERE day IS NOT NULL ORDER BY day_end DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .ok(),
        })
    }
}

/// A stored document with what its events need to be shown in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentDetail {
    pub doc_id: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub sentences: Vec<SentenceHit>,
    /// Each report: the stored event's id and the record as the coder
    /// wrote it (JSON).
    pub reports: Vec<(i64, String)>,
}

/// A stored sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceHit {
    pub doc_id: String,
    pub index: i64,
    /// Character offsets into the document's text.
    pub start: i64,
    pub end: i64,
    pub text: String,
}

impl Store {
    /// A document by its id, with its sentences and reports.
    pub fn document_detail(&self, doc_id: &str) -> Result<Option<DocumentDetail>> {
        let row: Option<(i64, DocumentDetail)> = self
            .conn
            .query_row(
                "SELECT id, doc_id, url, source, published, title, text FROM documents WHERE doc_id = ?1",
                [doc_id],
                |r| {
                    Ok((
                        r.get(0)?,
                        DocumentDetail {
                            doc_id: r.get(1)?,
                            url: r.get(2)?,
                            publisher: r.get(3)?,
                            published: r.get(4)?,
                            title: r.get(5)?,
                            text: r.get(6)?,
                            sentences: Vec::new(),
                            reports: Vec::new(),
                        },
                    ))
                },
            )
            .optional()
            .map_err(self.err("reading a document"))?;
        let Some((row, mut d)) = row else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare("SELECT idx, start, end, text FROM sentences WHERE document = ?1 ORDER BY idx")
            .map_err(self.err("reading sentences"))?;
        d.sentences = stmt
            .query_map([row], |r| {
                Ok(SentenceHit {
                    doc_id: d.doc_id.clone(),
                    index: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    text: r.get(3)?,
                })
            })
            .map_err(self.err("reading sentences"))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err("reading sentences"))?;
        let mut stmt = self
            .conn
            .prepare("SELECT event, record FROM reports WHERE document = ?1 ORDER BY id")
            .map_err(self.err("reading reports"))?;
        d.reports = stmt
            .query_map([row], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err("reading reports"))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err("reading reports"))?;
        Ok(Some(d))
    }

    /// The events with these ids, in the order given (ids of no event are
    /// left out).
    pub fn events_by_id(&self, ids: &[i64]) -> Result<Vec<StoredEvent>> {
        let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE e.id IN (SELECT value FROM json_each(?1))"
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(self.err("reading events"))?;
        let mut found: std::collections::HashMap<i64, StoredEvent> = stmt
            .query_map([list], event_of_row)
            .map_err(self.err("reading events"))?
            .map(|r| r.map(|e| (e.id, e)))
            .collect::<rusqlite::Result<_>>()
            .map_err(self.err("reading events"))?;
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// The record of each event's first report (JSON, as the coder wrote
    /// it), by event id.
    pub fn first_records(&self, events: &[i64]) -> Result<Vec<(i64, String)>> {
        let ids = serde_json::to_string(events).unwrap_or_else(|_| "[]".into());
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.id, r.record FROM events e JOIN reports r ON r.id = e.first_report
                 WHERE e.id IN (SELECT value FROM json_each(?1))",
            )
            .map_err(self.err("reading reports"))?;
        let rows = stmt
            .query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err("reading reports"))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err("reading reports"))?;
        Ok(rows)
    }

    /// Sentences matching a full-text query (FTS5 syntax), best first.
    pub fn search_sentences(&self, query: &str, limit: usize) -> Result<Vec<SentenceHit>> {
        let filter = EventFilter {
            text: Some(query.to_owned()),
            ..Default::default()
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.doc_id, s.idx, s.start, s.end, s.text
                 FROM sentences_fts f JOIN sentences s ON s.id = f.rowid
                 JOIN documents d ON d.id = s.document
                 WHERE sentences_fts MATCH ?1 ORDER BY rank LIMIT ?2",
            )
            .map_err(self.err("searching"))?;
        let rows = stmt
            .query_map(rusqlite::params![query, limit as i64], |r| {
                Ok(SentenceHit {
                    doc_id: r.get(0)?,
                    index: r.get(1)?,
                    start: r.get(2)?,
                    end: r.get(3)?,
                    text: r.get(4)?,
                })
            })
            .map_err(|e| self.query_error(e, &filter))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e, &filter))?;
        Ok(rows)
    }
}
