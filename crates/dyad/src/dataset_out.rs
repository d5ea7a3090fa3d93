//! `dyad code --format parquet --out DIR`: coded events as a partitioned
//! Parquet dataset, in the store's columns (see dyad-store's `parquet`).

use std::io;
use std::path::{Path, PathBuf};

use dyad_code::record::{EventActor, EventRecord};
use dyad_store::date::EventDate;
use dyad_store::parquet::{DatasetOptions, DatasetWriter};
use dyad_store::{Precision, StoredActor, StoredEvent};
use sha2::{Digest, Sha256};

/// A dataset being written.
pub struct EventDataset {
    writer: DatasetWriter,
    dir: PathBuf,
    /// When this run started (the `added` column), in microseconds.
    started: i64,
}

impl EventDataset {
    pub fn create(dir: &Path, shard: Option<&str>, attempt: u32) -> anyhow::Result<EventDataset> {
        let options = DatasetOptions {
            shard: shard.unwrap_or("00000").to_owned(),
            attempt,
            shared: shard.is_some(),
            ..DatasetOptions::default()
        };
        let writer = DatasetWriter::create(dir, options)?;
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros() as i64);
        Ok(EventDataset {
            writer,
            dir: dir.to_owned(),
            started,
        })
    }

    pub fn push(&mut self, r: &EventRecord, url: Option<&str>) -> io::Result<()> {
        self.writer
            .push(&stored_event(r, url, self.started))
            .map_err(|e| io::Error::other(format!("{}: {e}", self.dir.display())))
    }

    /// Closes the files (and commits the shard); returns how many.
    pub fn finish(self) -> io::Result<usize> {
        let dir = self.dir;
        self.writer
            .finish()
            .map(|s| s.files.len())
            .map_err(|e| io::Error::other(format!("{}: {e}", dir.display())))
    }
}

fn actor(a: &EventActor) -> StoredActor {
    StoredActor {
        code: a.code.clone(),
        country: a.country.clone(),
        igo: a.igo.clone(),
        name: a.name.clone(),
    }
}

/// An id that the same event of the same document always gets, however
/// the documents are split into shards: the first 63 bits of a hash of the
/// document, the sentence, the verb and the fact.
pub fn event_id(r: &EventRecord) -> i64 {
    let mut h = Sha256::new();
    for part in [
        r.doc_id.as_str(),
        &r.sentence_index.to_string(),
        &format!("{:?}", r.evidence.verb),
        &r.source.code,
        &r.target.code,
        &r.cameo,
        r.date.as_deref().unwrap_or(""),
        if r.negated { "negated" } else { "" },
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    (u64::from_le_bytes(b) >> 1) as i64
}

/// A document's event as a row of the dataset: one article, one source.
fn stored_event(r: &EventRecord, url: Option<&str>, added: i64) -> StoredEvent {
    let date = EventDate::parse(r.date.as_deref());
    StoredEvent {
        id: event_id(r),
        date: date.text.clone(),
        day: date.day.map(|d| d as i32),
        precision: Precision::from_i64(date.precision),
        source: actor(&r.source),
        target: actor(&r.target),
        cameo: r.cameo.clone(),
        root: r.root.clone(),
        quad: r.quad,
        goldstein: r.goldstein,
        plover_type: r.plover.event_type.clone(),
        plover_mode: r.plover.mode.clone(),
        negated: r.negated,
        location_name: r.location.as_ref().map(|l| l.name.clone()),
        location_country: r.location.as_ref().and_then(|l| l.country.clone()),
        num_mentions: r.mentions.len().max(1) as i64,
        num_articles: 1,
        num_sources: 1,
        document_id: r.doc_id.clone(),
        url: url.map(str::to_owned),
        sentence: r.text.clone(),
        added_micros: added,
    }
}
