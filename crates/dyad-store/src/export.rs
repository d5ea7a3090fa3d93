//! Writing stored events for other tools: CSV, JSON Lines, the GDELT 2.0
//! event table.

use std::io::{self, Write};

use dyad_code::gdelt::{self, GdeltContext};
use dyad_code::record::{EventActor, EventRecord, Evidence, Location, Plover};

use crate::event::{StoredActor, StoredEvent};

/// The CSV columns, in order (a header line names them).
pub const CSV_COLUMNS: &[&str] = &[
    "event_id",
    "date",
    "precision",
    "source_code",
    "source_country",
    "source_igo",
    "source_name",
    "target_code",
    "target_country",
    "target_igo",
    "target_name",
    "cameo",
    "root",
    "quad",
    "goldstein",
    "plover_type",
    "plover_mode",
    "negated",
    "location_name",
    "location_country",
    "num_mentions",
    "num_articles",
    "num_sources",
    "document_id",
    "url",
    "sentence",
];

/// Writes events as CSV (RFC 4180 quoting; a header first).
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(out: W) -> io::Result<CsvWriter<W>> {
        let mut inner = csv::Writer::from_writer(out);
        inner.write_record(CSV_COLUMNS).map_err(io::Error::other)?;
        Ok(CsvWriter { inner })
    }

    pub fn write(&mut self, e: &StoredEvent) -> io::Result<()> {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let record = [
            e.id.to_string(),
            opt(&e.date),
            e.precision.as_str().to_owned(),
            e.source.code.clone(),
            opt(&e.source.country),
            opt(&e.source.igo),
            e.source.name.clone(),
            e.target.code.clone(),
            opt(&e.target.country),
            opt(&e.target.igo),
            e.target.name.clone(),
            e.cameo.clone(),
            e.root.clone(),
            e.quad.to_string(),
            e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
            opt(&e.plover_type),
            opt(&e.plover_mode),
            e.negated.to_string(),
            opt(&e.location_name),
            opt(&e.location_country),
            e.num_mentions.to_string(),
            e.num_articles.to_string(),
            e.num_sources.to_string(),
            e.document_id.clone(),
            opt(&e.url),
            e.sentence.clone(),
        ];
        self.inner.write_record(&record).map_err(io::Error::other)
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// One JSON object per line.
pub fn write_jsonl(out: &mut impl Write, e: &StoredEvent) -> io::Result<()> {
    serde_json::to_writer(&mut *out, e).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn actor(a: &StoredActor) -> EventActor {
    EventActor {
        code: a.code.clone(),
        country: a.country.clone(),
        igo: a.igo.clone(),
        name: a.name.clone(),
        span: None,
    }
}

/// One row of the GDELT 2.0 event table (61 tab-separated columns), with
/// the store's counts of mentions, sources and articles. Negated events
/// have no place there (GDELT has no column for them): the caller leaves
/// them out.
pub fn write_gdelt(out: &mut impl Write, e: &StoredEvent) -> io::Result<()> {
    let record = EventRecord {
        doc_id: e.document_id.clone(),
        sentence_index: 0,
        sentence_span: [0, 0],
        text: e.sentence.clone(),
        source: actor(&e.source),
        target: actor(&e.target),
        cameo: e.cameo.clone(),
        root: e.root.clone(),
        quad: e.quad,
        goldstein: e.goldstein,
        plover: Plover {
            event_type: e.plover_type.clone(),
            mode: e.plover_mode.clone(),
        },
        date: e.date.clone(),
        location: e.location_name.as_ref().map(|n| Location {
            name: n.clone(),
            country: e.location_country.clone(),
        }),
        negated: e.negated,
        speaker: None,
        evidence: Evidence {
            verb: [0, 0],
            pattern: String::new(),
            dictionary: String::new(),
        },
        mentions: Vec::new(),
    };
    let added = date_added(e.added_micros);
    let ctx = GdeltContext {
        event_id: e.id.max(0) as u64,
        date_added: Some(&added),
        source_url: e.url.as_deref().or(Some(&e.document_id)),
        counts: Some([e.num_mentions, e.num_sources, e.num_articles]),
    };
    gdelt::write_row(out, &record, &ctx)
}

/// `YYYYMMDDHHMMSS` (UTC) of a time in microseconds since 1970.
fn date_added(micros: i64) -> String {
    let secs = micros.div_euclid(1_000_000);
    let (y, m, d) = dyad_ingest::dates::civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn date_added_is_utc_in_gdelts_layout() {
        // 2023-05-12 13:45:06 UTC.
        let micros = (19_489 * 86_400 + 13 * 3600 + 45 * 60 + 6) * 1_000_000;
        assert_eq!(super::date_added(micros), "20230512134506");
    }
}
