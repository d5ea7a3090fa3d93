//! The store's tables and their migrations.
//!
//! A store is a SQLite file marked with dyad's application id; its schema
//! version is SQLite's `user_version`. Each migration takes the schema from
//! one version to the next inside a transaction, so a store is at one
//! version or the next, never between. A store written by a newer dyad
//! (a higher version) is refused rather than misread.

/// `PRAGMA application_id`: the bytes "dyad".
pub const APPLICATION_ID: i32 = 0x6479_6164;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i32 = 2;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 0 → 1: the first schema.
    r#"
CREATE TABLE coders (
    id INTEGER PRIMARY KEY,
    dyad_version TEXT NOT NULL,
    dictionaries TEXT NOT NULL,
    model TEXT NOT NULL,
    first_used INTEGER NOT NULL,
    UNIQUE (dyad_version, dictionaries, model)
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    url TEXT,
    source TEXT,
    published TEXT,
    title TEXT,
    speaker TEXT,
    layout TEXT NOT NULL,
    text TEXT NOT NULL,
    coder INTEGER NOT NULL REFERENCES coders (id),
    added INTEGER NOT NULL
);
CREATE INDEX documents_hash ON documents (hash);

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents (id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (document, idx)
);
CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text, content = 'sentences', content_rowid = 'id'
);
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE actors (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT,
    igo TEXT
) WITHOUT ROWID;

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    source_code TEXT NOT NULL,
    source_country TEXT,
    source_igo TEXT,
    source_name TEXT NOT NULL,
    source_side TEXT NOT NULL,
    target_code TEXT NOT NULL,
    target_country TEXT,
    target_igo TEXT,
    target_name TEXT NOT NULL,
    target_side TEXT NOT NULL,
    cameo TEXT NOT NULL,
    root TEXT NOT NULL,
    quad INTEGER NOT NULL,
    goldstein REAL,
    plover_type TEXT,
    plover_mode TEXT,
    negated INTEGER NOT NULL,
    date TEXT,
    day INTEGER,
    day_end INTEGER,
    precision INTEGER NOT NULL,
    year INTEGER,
    month INTEGER,
    location_name TEXT,
    location_country TEXT,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0,
    num_sources INTEGER NOT NULL DEFAULT 0,
    first_report INTEGER,
    -- The first report's document id, URL and sentence, kept here so that
    -- listings and exports read one table.
    first_document TEXT,
    first_url TEXT,
    first_sentence TEXT,
    added INTEGER NOT NULL
);
CREATE INDEX events_fact ON events (source_code, target_code, cameo, negated, day);
-- Covers the relations aggregates: a dyad's rows in (year, month, day)
-- order, so that grouping by period streams without sorting.
CREATE INDEX events_dyad ON events (
    source_side, target_side, year, month, day, precision, negated, quad, goldstein
);
CREATE INDEX events_partition ON events (year, month, precision);
-- An actor on either side in a date range, with the code and negation to
-- filter on without reading the rows.
CREATE INDEX events_source ON events (source_side, day, cameo, negated);
CREATE INDEX events_target ON events (target_side, day, cameo, negated);
CREATE INDEX events_day ON events (day);
CREATE INDEX events_root ON events (root, day);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    event INTEGER NOT NULL REFERENCES events (id),
    document INTEGER NOT NULL REFERENCES documents (id),
    sentence_index INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    date TEXT,
    precision INTEGER NOT NULL,
    record TEXT NOT NULL,
    coder INTEGER NOT NULL REFERENCES coders (id)
);
CREATE INDEX reports_event ON reports (event);
CREATE INDEX reports_document ON reports (document);
"#,
    // 1 → 2: a log of the events whose facts changed, so that a reader
    // holding every event's facts in memory (`EventFacts`, `dyad serve`)
    // reads again only those. Kept short by the writer (`CHANGES_KEPT`).
    r#"
CREATE TABLE event_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event INTEGER NOT NULL
);
CREATE TRIGGER event_changes_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_changes (event) VALUES (new.id);
END;
CREATE TRIGGER event_changes_delete AFTER DELETE ON events BEGIN
    INSERT INTO event_changes (event) VALUES (old.id);
END;
-- Only what a reader's facts hold: a report that merely adds to an
-- event's counts changes none of it.
CREATE TRIGGER event_changes_update AFTER UPDATE ON events
WHEN old.source_side IS NOT new.source_side OR old.target_side IS NOT new.target_side
  OR old.source_code IS NOT new.source_code OR old.target_code IS NOT new.target_code
  OR old.cameo IS NOT new.cameo OR old.quad IS NOT new.quad
  OR old.goldstein IS NOT new.goldstein OR old.negated IS NOT new.negated
  OR old.day IS NOT new.day OR old.day_end IS NOT new.day_end
  OR old.precision IS NOT new.precision OR old.year IS NOT new.year
  OR old.month IS NOT new.month OR old.id IS NOT new.id
BEGIN
    INSERT INTO event_changes (event) VALUES (old.id), (new.id);
END;
"#,
];

/// How many entries of `event_changes` the writer keeps: a reader further
/// behind reads every event again.
pub const CHANGES_KEPT: i64 = 100_000;
