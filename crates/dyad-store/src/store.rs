//! Opening a store, adding coded documents, re-coding them.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use dyad_code::record::{EventActor, EventRecord};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction};

use crate::date::EventDate;
use crate::schema::{APPLICATION_ID, CHANGES_KEPT, MIGRATIONS, SCHEMA_VERSION};

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no store here (run `dyad ingest` first, or give --db)")]
    Missing { path: PathBuf },
    #[error("{path}: not a dyad store (a SQLite database of another program)")]
    Foreign { path: PathBuf },
    #[error("{path}: not a dyad store (not a SQLite database, or a damaged one)")]
    NotADatabase { path: PathBuf },
    #[error(
        "{path}: written by a newer dyad (store version {found}; this dyad reads up to {supported}); upgrade dyad"
    )]
    Newer {
        path: PathBuf,
        found: i32,
        supported: i32,
    },
    #[error("{path}: cannot write here (read-only file or directory): {detail}")]
    ReadOnly { path: PathBuf, detail: String },
    #[error("{path}: the disk is full; the last batch was not stored (nothing stored before it is lost)")]
    Full { path: PathBuf },
    #[error("{path}: the store is busy (another dyad is writing to it)")]
    Busy { path: PathBuf },
    #[error("{path}: {context}: {source}")]
    Sqlite {
        path: PathBuf,
        context: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: {detail}")]
    Invalid { path: PathBuf, detail: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Which build of the coder coded an event: dyad's version and
/// fingerprints of the dictionaries and model it used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoderVersion {
    pub dyad: String,
    pub dictionaries: String,
    pub model: String,
}

/// A document to store, with its sentences.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// The document's id (with `#N` for the parts after the first of a
    /// document read in parts).
    pub doc_id: String,
    /// A hash of the text (the same text gives the same hash).
    pub hash: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub speaker: Option<String>,
    /// What re-coding needs to read the text again as it was read (JSON).
    pub layout: String,
    pub text: String,
    pub sentences: Vec<NewSentence>,
}

/// A sentence of a stored document.
#[derive(Debug, Clone)]
pub struct NewSentence {
    pub index: usize,
    /// Character offsets into the document's text.
    pub span: [usize; 2],
    pub text: String,
}

/// What adding a batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    pub documents: usize,
    /// Documents already stored with the same text (nothing added).
    pub unchanged: usize,
    /// Documents stored before under the same id with another text
    /// (replaced).
    pub replaced: usize,
    /// Event reports added (one per event a document tells).
    pub reports: usize,
    /// Of those, events new to the store.
    pub new_events: usize,
}

/// What re-coding one document changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recoded {
    pub added: usize,
    pub removed: usize,
    pub kept: usize,
}

/// A stored document to re-code.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub row: i64,
    pub doc_id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub layout: String,
    pub text: String,
    /// The index of its first stored sentence (not 0 for the later parts of
    /// a document read in parts).
    pub first_sentence: usize,
}

/// An open store.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

pub(crate) fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

impl Store {
    /// Opens the store at `path` for writing, creating it (and its
    /// directory) when missing and bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return Err(StoreError::ReadOnly {
                    path: dir.to_owned(),
                    detail: e.to_string(),
                });
            }
        }
        let conn = Connection::open(path).map_err(|e| classify(path, "opening", e))?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        store.check_identity()?;
        store.configure(true)?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store for reading.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_owned(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, "opening", e))?;
        let store = Store {
            conn,
            path: path.to_owned(),
        };
        store.check_identity()?;
        store.configure(false)?;
        let version = store.user_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: path.to_owned(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::Invalid {
                path: path.to_owned(),
                detail: format!(
                    "store version {version} needs an upgrade to {SCHEMA_VERSION}: run `dyad ingest` on it once (it migrates)"
                ),
            });
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn err(&self, context: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        let context = context.to_owned();
        move |e| classify(&self.path, &context, e)
    }

    fn user_version(&self) -> Result<i32> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(self.err("reading the store version"))
    }

    /// Refuses files that are not SQLite, and SQLite files of other
    /// programs (an application id of their own, or tables without ours).
    fn check_identity(&self) -> Result<()> {
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| match classify(&self.path, "reading", e) {
                StoreError::Sqlite { .. } => StoreError::NotADatabase {
                    path: self.path.clone(),
                },
                other => other,
            })?;
        if app == APPLICATION_ID {
            return Ok(());
        }
        if app != 0 {
            return Err(StoreError::Foreign {
                path: self.path.clone(),
            });
        }
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|_| StoreError::NotADatabase {
                path: self.path.clone(),
            })?;
        if tables > 0 {
            return Err(StoreError::Foreign {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    fn configure(&self, write: bool) -> Result<()> {
        // WAL: readers go on while an ingest writes, and a killed writer
        // leaves the last committed transaction intact. NORMAL sync is
        // safe against a killed process (the WAL is in the OS's hands);
        // only a power cut may lose the last batches, never consistency.
        if write {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(self.err("switching to WAL"))?;
            self.conn
                .pragma_update(None, "synchronous", "NORMAL")
                .map_err(self.err("setting synchronous"))?;
        }
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(self.err("setting foreign keys"))?;
        self.conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(self.err("setting the busy timeout"))?;
        self.conn
            .pragma_update(None, "cache_size", -65536)
            .map_err(self.err("setting the cache"))?;
        // Reads through a memory map rather than a read call per page:
        // queries and exports over large stores touch pages all over.
        // SQLite maps at most the file's size.
        if cfg!(target_pointer_width = "64") {
            let _ = self.conn.pragma_update(None, "mmap_size", 1i64 << 36);
        }
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self.user_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        for (v, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let path = self.path.clone();
            let tx = self
                .conn
                .transaction()
                .map_err(|e| classify(&path, "starting a migration", e))?;
            tx.execute_batch(sql)
                .map_err(|e| classify(&path, &format!("migrating to version {}", v + 1), e))?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(|e| classify(&path, "marking the store", e))?;
            tx.pragma_update(None, "user_version", v as i32 + 1)
                .map_err(|e| classify(&path, "recording the version", e))?;
            tx.commit()
                .map_err(|e| classify(&path, "committing a migration", e))?;
        }
        Ok(())
    }

    /// The id of this coder build in the store (added on first use).
    pub fn coder_id(&mut self, v: &CoderVersion) -> Result<i64> {
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM coders WHERE dyad_version = ?1 AND dictionaries = ?2 AND model = ?3",
                params![v.dyad, v.dictionaries, v.model],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err("reading the coders"))?;
        if let Some(id) = found {
            return Ok(id);
        }
        self.conn
            .execute(
                "INSERT INTO coders (dyad_version, dictionaries, model, first_used) VALUES (?1, ?2, ?3, ?4)",
                params![v.dyad, v.dictionaries, v.model, now_micros()],
            )
            .map_err(self.err("recording the coder"))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The (document id, text hash) of every stored document: what an
    /// ingest can skip without coding it.
    pub fn stored_documents(&self) -> Result<HashMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc_id, hash FROM documents")
            .map_err(self.err("reading the documents"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.err("reading the documents"))?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, hash) = row.map_err(self.err("reading the documents"))?;
            out.insert(id, hash);
        }
        Ok(out)
    }

    /// Stores a batch of coded documents in one transaction: all of them
    /// or none (a killed ingest loses at most the batch it was writing, and
    /// a rerun codes it again).
    ///
    /// `names` gives actors their canonical names (the dictionary's) for
    /// the actors table; an actor without one is named as the text first
    /// named it.
    pub fn add(
        &mut self,
        batch: &[(NewDocument, Vec<EventRecord>)],
        coder: i64,
        names: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Added> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| classify(&path, "starting a transaction", e))?;
        let mut added = Added::default();
        for (doc, records) in batch {
            let existing: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, hash FROM documents WHERE doc_id = ?1",
                    params![doc.doc_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(|e| classify(&path, "looking up a document", e))?;
            match existing {
                Some((_, hash)) if hash == doc.hash => {
                    added.unchanged += 1;
                    continue;
                }
                Some((row, _)) => {
                    remove_document(&tx, &path, row)?;
                    added.replaced += 1;
                }
                None => {}
            }
            let row = insert_document(&tx, &path, doc, coder)?;
            added.documents += 1;
            let (reports, new_events) = insert_records(&tx, &path, row, records, coder, names)?;
            added.reports += reports;
            added.new_events += new_events;
        }
        forget_old_changes(&tx, &path)?;
        tx.commit()
            .map_err(|e| classify(&path, "committing a batch", e))?;
        Ok(added)
    }

    /// Stored documents last coded by another coder than `coder` (all of
    /// them with `all`), by row.
    pub fn documents_to_recode(&self, coder: i64, all: bool) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM documents WHERE ?1 IS NULL OR coder != ?1 ORDER BY id")
            .map_err(self.err("listing documents"))?;
        let rows = stmt
            .query_map(params![(!all).then_some(coder)], |r| r.get(0))
            .map_err(self.err("listing documents"))?;
        rows.collect::<std::result::Result<Vec<i64>, _>>()
            .map_err(self.err("listing documents"))
    }

    /// A stored document's text and layout.
    pub fn document(&self, row: i64) -> Result<StoredDocument> {
        self.conn
            .query_row(
                "SELECT id, doc_id, url, source, layout, text,
                    (SELECT coalesce(min(idx), 0) FROM sentences WHERE document = ?1)
                 FROM documents WHERE id = ?1",
                params![row],
                |r| {
                    Ok(StoredDocument {
                        row: r.get(0)?,
                        doc_id: r.get(1)?,
                        url: r.get(2)?,
                        source: r.get(3)?,
                        layout: r.get(4)?,
                        text: r.get(5)?,
                        first_sentence: r.get::<_, i64>(6)?.max(0) as usize,
                    })
                },
            )
            .map_err(self.err("reading a document"))
    }

    /// Replaces a document's events by those of a new coding, in one
    /// transaction; says what changed.
    pub fn recode(
        &mut self,
        row: i64,
        records: &[EventRecord],
        coder: i64,
        names: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Recoded> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| classify(&path, "starting a transaction", e))?;
        let before = facts_of_document(&tx, &path, row)?;
        let touched = drop_reports(&tx, &path, row)?;
        insert_records(&tx, &path, row, records, coder, names)?;
        for event in touched {
            recompute_event(&tx, &path, event)?;
        }
        tx.execute(
            "UPDATE documents SET coder = ?1 WHERE id = ?2",
            params![coder, row],
        )
        .map_err(|e| classify(&path, "updating a document", e))?;
        let after = facts_of_document(&tx, &path, row)?;
        forget_old_changes(&tx, &path)?;
        tx.commit()
            .map_err(|e| classify(&path, "committing a re-coding", e))?;
        Ok(Recoded {
            added: after.difference(&before).count(),
            removed: before.difference(&after).count(),
            kept: after.intersection(&before).count(),
        })
    }
}

/// Keeps the last `CHANGES_KEPT` entries of the change log.
fn forget_old_changes(tx: &Transaction<'_>, path: &Path) -> Result<()> {
    tx.execute(
        "DELETE FROM event_changes WHERE seq <= (SELECT max(seq) FROM event_changes) - ?1",
        params![CHANGES_KEPT],
    )
    .map_err(|e| classify(path, "trimming the change log", e))?;
    Ok(())
}

/// Turns SQLite's errors into the ones a user can act on.
pub(crate) fn classify(path: &Path, context: &str, e: rusqlite::Error) -> StoreError {
    let path = path.to_owned();
    if let rusqlite::Error::SqliteFailure(f, ref msg) = e {
        match f.code {
            ErrorCode::NotADatabase => return StoreError::NotADatabase { path },
            ErrorCode::DatabaseCorrupt => {
                return StoreError::Invalid {
                    path,
                    detail: format!(
                        "{context}: the database is damaged (restore a copy, or move it away and ingest again)"
                    ),
                }
            }
            ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
                return StoreError::ReadOnly {
                    path,
                    detail: msg.clone().unwrap_or_else(|| f.to_string()),
                }
            }
            ErrorCode::DiskFull => return StoreError::Full { path },
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return StoreError::Busy { path }
            }
            _ => {}
        }
    }
    StoreError::Sqlite {
        path,
        context: context.to_owned(),
        source: e,
    }
}

fn insert_document(
    tx: &Transaction<'_>,
    path: &Path,
    doc: &NewDocument,
    coder: i64,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO documents (doc_id, hash, url, source, published, title, speaker, layout, text, coder, added)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .and_then(|mut s| {
        s.execute(params![
            doc.doc_id,
            doc.hash,
            doc.url,
            doc.source,
            doc.published,
            doc.title,
            doc.speaker,
            doc.layout,
            doc.text,
            coder,
            now_micros()
        ])
    })
    .map_err(|e| classify(path, "storing a document", e))?;
    let row = tx.last_insert_rowid();
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO sentences (document, idx, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(|e| classify(path, "storing sentences", e))?;
    for s in &doc.sentences {
        stmt.execute(params![
            row,
            s.index as i64,
            s.span[0] as i64,
            s.span[1] as i64,
            s.text
        ])
        .map_err(|e| classify(path, "storing sentences", e))?;
    }
    Ok(row)
}

/// Removes a document and everything it reported.
fn remove_document(tx: &Transaction<'_>, path: &Path, row: i64) -> Result<()> {
    let touched = drop_reports(tx, path, row)?;
    for event in touched {
        recompute_event(tx, path, event)?;
    }
    tx.execute("DELETE FROM sentences WHERE document = ?1", params![row])
        .map_err(|e| classify(path, "removing sentences", e))?;
    tx.execute("DELETE FROM documents WHERE id = ?1", params![row])
        .map_err(|e| classify(path, "removing a document", e))?;
    Ok(())
}

/// Deletes a document's reports; returns the events they reported.
fn drop_reports(tx: &Transaction<'_>, path: &Path, row: i64) -> Result<BTreeSet<i64>> {
    let mut stmt = tx
        .prepare_cached("SELECT DISTINCT event FROM reports WHERE document = ?1")
        .map_err(|e| classify(path, "reading reports", e))?;
    let events = stmt
        .query_map(params![row], |r| r.get(0))
        .and_then(|rows| rows.collect::<std::result::Result<BTreeSet<i64>, _>>())
        .map_err(|e| classify(path, "reading reports", e))?;
    tx.execute("DELETE FROM reports WHERE document = ?1", params![row])
        .map_err(|e| classify(path, "removing reports", e))?;
    Ok(events)
}

type Fact = (String, String, String, Option<String>, bool);

fn facts_of_document(tx: &Transaction<'_>, path: &Path, row: i64) -> Result<BTreeSet<Fact>> {
    let mut stmt = tx
        .prepare_cached(
            "SELECT e.source_code, e.target_code, e.cameo, r.date, e.negated
             FROM reports r JOIN events e ON e.id = r.event WHERE r.document = ?1",
        )
        .map_err(|e| classify(path, "reading reports", e))?;
    let rows = stmt
        .query_map(params![row], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .and_then(|rows| rows.collect::<std::result::Result<BTreeSet<Fact>, _>>())
        .map_err(|e| classify(path, "reading reports", e))?;
    Ok(rows)
}

/// The side of a dyad an actor stands for: its country, else its
/// organisation (`IGO:NATO`), else its code.
pub fn side_of(a: &EventActor) -> String {
    match (&a.country, &a.igo) {
        (Some(c), _) => c.clone(),
        (None, Some(i)) => format!("IGO:{i}"),
        (None, None) => a.code.clone(),
    }
}

/// Adds a document's records: each joins the stored event with the same
/// source, target, code and negation whose date is compatible (one period
/// holds the other: "2023-05" and "2023-05-12"), or starts a new one.
/// Returns (reports, new events).
fn insert_records(
    tx: &Transaction<'_>,
    path: &Path,
    row: i64,
    records: &[EventRecord],
    coder: i64,
    names: &dyn Fn(&str) -> Option<String>,
) -> Result<(usize, usize)> {
    let err = |context: &'static str| move |e| classify(path, context, e);
    let mut new_events = 0;
    for r in records {
        for a in [&r.source, &r.target] {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO actors (code, name, country, igo) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut s| {
                let name = names(&a.code).unwrap_or_else(|| a.name.clone());
                s.execute(params![a.code, name, a.country, a.igo])
            })
            .map_err(err("recording actors"))?;
        }
        let date = EventDate::parse(r.date.as_deref());
        let found: Option<i64> = if date.precision > 0 {
            tx.prepare_cached(
                "SELECT id FROM events
                 WHERE source_code = ?1 AND target_code = ?2 AND cameo = ?3 AND negated = ?4
                   AND day <= ?6 AND day_end >= ?5
                 ORDER BY precision DESC, id LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row(
                    params![
                        r.source.code,
                        r.target.code,
                        r.cameo,
                        r.negated,
                        date.day,
                        date.day_end
                    ],
                    |x| x.get(0),
                )
                .optional()
            })
            .map_err(err("looking up events"))?
        } else {
            None
        };
        let event = match found {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO events (source_code, source_country, source_igo, source_name, source_side,
                        target_code, target_country, target_igo, target_name, target_side,
                        cameo, root, quad, goldstein, plover_type, plover_mode, negated,
                        date, day, day_end, precision, year, month, location_name, location_country, added)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                        ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        r.source.code,
                        r.source.country,
                        r.source.igo,
                        r.source.name,
                        side_of(&r.source),
                        r.target.code,
                        r.target.country,
                        r.target.igo,
                        r.target.name,
                        side_of(&r.target),
                        r.cameo,
                        r.root,
                        r.quad,
                        r.goldstein,
                        r.plover.event_type,
                        r.plover.mode,
                        r.negated,
                        date.text,
                        date.day,
                        date.day_end,
                        date.precision,
                        date.year,
                        date.month,
                        r.location.as_ref().map(|l| &l.name),
                        r.location.as_ref().and_then(|l| l.country.as_ref()),
                        now_micros()
                    ])
                })
                .map_err(err("storing an event"))?;
                new_events += 1;
                tx.last_insert_rowid()
            }
        };
        let record = serde_json::to_string(r).map_err(|e| StoreError::Invalid {
            path: path.to_owned(),
            detail: format!("an event record could not be written as JSON: {e}"),
        })?;
        tx.prepare_cached(
            "INSERT INTO reports (event, document, sentence_index, mentions, date, precision, record, coder)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .and_then(|mut s| {
            s.execute(params![
                event,
                row,
                r.sentence_index as i64,
                r.mentions.len().max(1) as i64,
                date.text,
                date.precision,
                record,
                coder
            ])
        })
        .map_err(err("storing a report"))?;
        recompute_event(tx, path, event)?;
    }
    Ok((records.len(), new_events))
}

/// Brings an event up to date with its reports: the counts, the first
/// report, the most precise date any report gives; an event no report
/// tells any more is removed.
fn recompute_event(tx: &Transaction<'_>, path: &Path, event: i64) -> Result<()> {
    let err = |context: &'static str| move |e| classify(path, context, e);
    let best: Option<(i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT id, date FROM reports WHERE event = ?1 ORDER BY precision DESC, id LIMIT 1",
        )
        .and_then(|mut s| {
            s.query_row(params![event], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
        })
        .map_err(err("reading reports"))?;
    let Some((_, date)) = best else {
        tx.execute("DELETE FROM events WHERE id = ?1", params![event])
            .map_err(err("removing an event"))?;
        return Ok(());
    };
    let date = EventDate::parse(date.as_deref());
    tx.prepare_cached(
        "UPDATE events SET
            num_mentions = (SELECT sum(mentions) FROM reports WHERE event = ?1),
            num_articles = (SELECT count(DISTINCT document) FROM reports WHERE event = ?1),
            num_sources = (SELECT count(DISTINCT coalesce(d.source, 'document ' || d.id))
                           FROM reports r JOIN documents d ON d.id = r.document WHERE r.event = ?1),
            first_report = (SELECT min(id) FROM reports WHERE event = ?1),
            first_document = (SELECT d.doc_id FROM reports r JOIN documents d ON d.id = r.document
                              WHERE r.event = ?1 ORDER BY r.id LIMIT 1),
            first_url = (SELECT d.url FROM reports r JOIN documents d ON d.id = r.document
                         WHERE r.event = ?1 ORDER BY r.id LIMIT 1),
            first_sentence = (SELECT s.text FROM reports r
                              JOIN sentences s ON s.document = r.document AND s.idx = r.sentence_index
                              WHERE r.event = ?1 ORDER BY r.id LIMIT 1),
            date = ?2, day = ?3, day_end = ?4, precision = ?5, year = ?6, month = ?7
         WHERE id = ?1",
    )
    .and_then(|mut s| {
        s.execute(params![
            event,
            date.text,
            date.day,
            date.day_end,
            date.precision,
            date.year,
            date.month
        ])
    })
    .map_err(err("updating an event"))?;
    Ok(())
}
