//! `dyad ingest`, `dyad events`, `dyad relations`, `dyad actors`,
//! `dyad network`, `dyad export`: the event store from the command line.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dyad_code::coder::{CodeOptions, Coder};
use dyad_ingest::{Document, Layout};
use dyad_store::{
    CoderVersion, EventFilter, EventOrder, NewDocument, NewSentence, Period, RelationOptions,
    Store, StoredEvent,
};
use sha2::{Digest, Sha256};

use crate::code_cmd::{run_pipeline, Coded, DictOptions};
use crate::dict_cmd;
use crate::model_cmd::load_model;
use crate::text_cmd::{count, finish_summary, sanitize, ReadArgs};

pub const INGEST_HELP: &str = "\
The store is one SQLite file (WAL mode): --db PATH, else $DYAD_DB, else
dyad.db in the platform's data directory ($XDG_DATA_HOME/dyad, ~/.local/share/dyad,
~/Library/Application Support/dyad, %APPDATA%\\dyad).

Documents already stored with the same text are skipped without coding
(re-ingesting adds nothing); a document stored under the same id with another
text replaces it. Documents are stored in batches, each in one transaction:
killed at any moment, the store stays consistent, and running the same
command again completes the work with no duplicates.

The same event (source, target, CAMEO code, and dates where one period holds
the other: 2023-05 and 2023-05-12) reported by several documents is one event
with its mentions, articles and sources counted.

Examples:
  dyad ingest news/ feeds/*.jsonl
  dyad ingest --db research.db --published 2024-02-08 statement.html
  dyad ingest --recode --dict my-actors.dyad     re-code what another dictionary coded";

pub const QUERY_HELP: &str = "\
Actors (--actor, --source, --target, --between) are countries (RUS),
organisations (IGO:NATO) or actor codes and their prefixes (RUSGOV, RUSMIL).
Codes (--code) are CAMEO codes or prefixes: 04 (a root), 042. Dates (--from,
--to) are YYYY, YYYY-MM or YYYY-MM-DD; an event counts when its date lies
within. --search takes SQLite full-text syntax over the reporting sentences:
words, \"a phrase\", AND, OR, NOT, prefix*.

Examples:
  dyad events --between RUS MDA --from 2023 --to 2023
  dyad events --actor KAZ --code 057 --format csv > kazakh-agreements.csv
  dyad relations --between RUS MDA --period month
  dyad relations --source RUS --period quarter --undirected --format csv
  dyad actors --from 2023-01 --to 2023-12 --limit 20
  dyad network --from 2023 --to 2023 --format gexf > relations-2023.gexf
  dyad export --format parquet --out events/";

/// Where the store is.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// The store (a SQLite file). Default: $DYAD_DB, else dyad.db in the
    /// platform's data directory.
    #[arg(long, value_name = "PATH", env = "DYAD_DB")]
    pub db: Option<PathBuf>,
}

impl DbArgs {
    pub fn path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let dir = if cfg!(windows) {
            env("APPDATA").map(|d| d.join("dyad"))
        } else if cfg!(target_os = "macos") {
            env("HOME").map(|h| h.join("Library/Application Support/dyad"))
        } else {
            env("XDG_DATA_HOME")
                .map(|d| d.join("dyad"))
                .or_else(|| env("HOME").map(|h| h.join(".local/share/dyad")))
        };
        match dir {
            Some(d) => Ok(d.join("dyad.db")),
            None => bail!("no data directory is known (no HOME): give --db PATH or set DYAD_DB"),
        }
    }
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories, glob patterns, or '-' for standard input.
    #[arg(value_name = "PATH", required_unless_present = "recode")]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub db: DbArgs,

    #[command(flatten)]
    pub dicts: DictOptions,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Re-code stored documents that another dictionary or model coded
    /// (with --all, every stored document) and report what changed.
    #[arg(long)]
    pub recode: bool,

    /// With --recode: every stored document, whoever coded it.
    #[arg(long, requires = "recode")]
    pub all: bool,

    /// Also store events whose source or target is unknown (`---`).
    #[arg(long)]
    pub keep_partial: bool,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Documents per transaction.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub batch: usize,

    /// No warnings, no progress.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// A short fingerprint of bytes.
fn fingerprint(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Which coder this run is: dyad's version, the dictionaries' and the
/// model's fingerprints.
pub(crate) fn coder_version(d: &DictOptions) -> Result<CoderVersion> {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    if !d.no_builtin {
        for (name, text) in dyad_dict::dictionary::BUILTIN {
            parts.push(name.as_bytes().to_vec());
            parts.push(text.as_bytes().to_vec());
        }
    }
    for p in &d.dicts {
        parts.push(std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?);
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let model = match &d.model {
        None => format!(
            "builtin {}",
            fingerprint(&[dyad_parse::model::builtin_header()])
        ),
        Some(p) => {
            let bytes = std::fs::read(crate::model_cmd::model_path(p))
                .with_context(|| format!("cannot read the model {}", p.display()))?;
            // The header holds the content's length and checksum.
            fingerprint(&[&bytes[..bytes.len().min(64)]])
        }
    };
    Ok(CoderVersion {
        dyad: env!("CARGO_PKG_VERSION").to_owned(),
        dictionaries: fingerprint(&refs),
        model,
    })
}

/// The store's key for a document (its parts after the first apart).
fn document_key(doc: &Document) -> String {
    match doc.part {
        Some(p) if p.index > 0 => format!("{}#{}", doc.id, p.index),
        _ => doc.id.clone(),
    }
}

fn text_hash(text: &str) -> String {
    fingerprint(&[text.as_bytes()])
}

pub(crate) fn new_document(c: &Coded) -> Result<NewDocument> {
    let doc = &c.doc;
    let layout = serde_json::to_string(&doc.layout())?;
    Ok(NewDocument {
        doc_id: document_key(doc),
        hash: text_hash(&doc.text),
        url: doc.url.clone(),
        source: doc.source.clone(),
        published: doc.published.as_ref().map(|p| p.date.to_string()),
        title: doc.title_text().map(str::to_owned),
        speaker: doc.speaker.clone(),
        layout,
        text: doc.text.clone(),
        sentences: c
            .sentences
            .iter()
            .enumerate()
            .map(|(i, ds)| NewSentence {
                // Indices count from the whole document's first sentence,
                // as the events' `sentence_index` do.
                index: c.first + i,
                span: [ds.sentence.chars.start, ds.sentence.chars.end],
                text: doc.slice(ds.sentence.span).to_owned(),
            })
            .collect(),
    })
}

/// A progress line on a terminal: documents, rate, ETA.
struct Progress {
    on: bool,
    start: Instant,
    last: Instant,
    total: Option<usize>,
}

impl Progress {
    fn new(on: bool, total: Option<usize>) -> Progress {
        let now = Instant::now();
        Progress {
            on,
            start: now,
            last: now - Duration::from_secs(1),
            total,
        }
    }

    fn update(&mut self, done: usize, events: usize) {
        if !self.on || self.last.elapsed() < Duration::from_millis(200) {
            return;
        }
        self.last = Instant::now();
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let mut line = format!("\rdyad ingest: {done}");
        if let Some(t) = self.total {
            line += &format!("/{t}");
        }
        line += &format!(" documents, {events} events, {rate:.1} documents/s");
        if let (Some(t), true) = (self.total, rate > 0.0) {
            let left = t.saturating_sub(done) as f64 / rate;
            line += &format!(", ETA {}", duration(left));
        }
        eprint!("{line}\x1b[K");
    }

    fn done(&self) {
        if self.on {
            eprint!("\r\x1b[K");
        }
    }
}

fn duration(secs: f64) -> String {
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, s % 3600 / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// A cheap count of the documents in the inputs, for the ETA: files in
/// directories, lines of JSON Lines files, one per other file. `None` for
/// standard input and glob patterns.
fn estimate_documents(paths: &[String]) -> Option<usize> {
    let mut n = 0;
    for p in paths {
        let path = Path::new(p);
        if p == "-" || !path.exists() {
            return None;
        }
        if path.is_dir() {
            n += walk_count(path, 0);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("jsonl" | "ndjson")
        ) {
            let f = std::fs::File::open(path).ok()?;
            let mut r = io::BufReader::new(f);
            let mut buf = Vec::new();
            while io::BufRead::read_until(&mut r, b'\n', &mut buf).ok()? > 0 {
                if buf.iter().any(|b| !b.is_ascii_whitespace()) {
                    n += 1;
                }
                buf.clear();
            }
        } else {
            n += 1;
        }
    }
    Some(n)
}

fn walk_count(dir: &Path, depth: usize) -> usize {
    if depth > 64 {
        return 0;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk_count(&p, depth + 1)
            } else {
                1
            }
        })
        .sum()
}

pub fn run_ingest(args: IngestArgs) -> Result<ExitCode> {
    let path = args.db.path()?;
    let mut store = Store::open(&path)?;
    let version = coder_version(&args.dicts)?;
    let coder_id = store.coder_id(&version)?;
    let opts = args.read.options()?;
    let mut dict = dict_cmd::load(&args.dicts.dicts, args.dicts.no_builtin, args.dicts.lenient)?;
    dict.compile();
    let model = load_model(args.dicts.model.as_deref())?;
    let options = CodeOptions {
        require_dyad: !args.keep_partial,
        identified_only: !args.keep_partial,
        ..CodeOptions::default()
    };
    let coder = Coder::new(&dict, &model, options);
    let progress_on = !args.quiet && io::stderr().is_terminal();
    let names = |code: &str| canonical_name(&dict, code);
    if args.recode {
        return recode(&mut store, &coder, coder_id, args.all, progress_on, &names);
    }
    let stored = store.stored_documents()?;
    let skip = |d: &Document| {
        stored
            .get(&document_key(d))
            .is_some_and(|h| *h == text_hash(&d.text))
    };
    let total = if progress_on {
        estimate_documents(&args.paths)
    } else {
        None
    };
    let mut progress = Progress::new(progress_on, total);
    let mut batch: Vec<(NewDocument, Vec<dyad_code::record::EventRecord>)> = Vec::new();
    let mut added = dyad_store::Added::default();
    let mut store_error: Option<dyad_store::StoreError> = None;
    let (mut done, mut events) = (0usize, 0usize);
    let batch_size = args.batch.max(1);
    let mut last_commit = Instant::now();
    let run = run_pipeline(
        &coder,
        &args.paths,
        &opts,
        args.threads,
        args.quiet,
        &skip,
        |c| {
            // Documents that could not be read were reported by the reader.
            let crate::code_cmd::Output::Coded(c) = c else {
                return Ok(());
            };
            let doc = new_document(&c).map_err(io::Error::other)?;
            done += 1;
            events += c.events.len();
            batch.push((doc, c.events));
            // Commit every batch, and at least every two seconds, so that
            // an interrupted run loses little.
            if batch.len() >= batch_size || last_commit.elapsed() > Duration::from_secs(2) {
                last_commit = Instant::now();
                match store.add(&batch, coder_id, &names) {
                    Ok(a) => accumulate(&mut added, a),
                    Err(e) => {
                        store_error = Some(e);
                        return Err(io::Error::other("the store refused a batch"));
                    }
                }
                batch.clear();
            }
            progress.update(done, events);
            Ok(())
        },
    );
    if store_error.is_none() && !batch.is_empty() {
        match store.add(&batch, coder_id, &names) {
            Ok(a) => accumulate(&mut added, a),
            Err(e) => store_error = Some(e),
        }
    }
    progress.done();
    if let Some(e) = store_error {
        return Err(anyhow::Error::new(e).context("storing coded documents"));
    }
    if let Err(e) = run.written {
        return Err(anyhow::Error::new(e).context("storing coded documents"));
    }
    let stats = store.stats()?;
    let line = format!(
        "dyad ingest: {}: {} read, {} stored ({} replaced), {} already stored; {} reported, {} new; the store holds {}, {}",
        sanitize(&path.display().to_string()),
        count(run.summary.documents, "document"),
        added.documents,
        added.replaced,
        run.skipped + added.unchanged,
        count(added.reports, "event"),
        added.new_events,
        count(stats.documents as usize, "document"),
        count(stats.events as usize, "event"),
    );
    Ok(finish_summary(line, &run.summary, &run.errors, !args.quiet))
}

/// The dictionary's name of an actor code: its own entry, else its
/// country's or organisation's name with the rest of the code
/// ("Russia GOV").
pub(crate) fn canonical_name(
    dict: &dyad_dict::dictionary::Dictionary,
    code: &str,
) -> Option<String> {
    if let Some(a) = dict.actor_info(code) {
        return Some(a.name.clone());
    }
    for head in [6, 3] {
        if let (Some(h), Some(rest)) = (code.get(..head), code.get(head..)) {
            if let Some(a) = dict.actor_info(h) {
                return Some(format!("{} {rest}", a.name));
            }
        }
    }
    None
}

fn accumulate(total: &mut dyad_store::Added, a: dyad_store::Added) {
    total.documents += a.documents;
    total.unchanged += a.unchanged;
    total.replaced += a.replaced;
    total.reports += a.reports;
    total.new_events += a.new_events;
}

/// Re-codes stored documents one by one (each in its own transaction).
fn recode(
    store: &mut Store,
    coder: &Coder<'_>,
    coder_id: i64,
    all: bool,
    progress_on: bool,
    names: &dyn Fn(&str) -> Option<String>,
) -> Result<ExitCode> {
    let rows = store.documents_to_recode(coder_id, all)?;
    let mut progress = Progress::new(progress_on, Some(rows.len()));
    let mut changed = dyad_store::Recoded::default();
    let (mut documents, mut changed_documents, mut events) = (0, 0, 0);
    let segmenter = dyad_text::Segmenter::new();
    let mut buf = dyad_parse::model::Buffers::default();
    let mut problems = Vec::new();
    for row in rows {
        let stored = store.document(row)?;
        let layout: Layout = match serde_json::from_str(&stored.layout) {
            Ok(l) => l,
            Err(e) => {
                problems.push(format!("{}: unreadable layout: {e}", stored.doc_id));
                continue;
            }
        };
        let id = stored
            .doc_id
            .split_once('#')
            .map_or(stored.doc_id.clone(), |(id, _)| id.to_owned());
        let doc = match Document::from_layout(id, stored.text, layout) {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("{}: {e}", stored.doc_id));
                continue;
            }
        };
        let coded =
            crate::code_cmd::code_document(coder, doc, stored.first_sentence, &segmenter, &mut buf);
        events += coded.events.len();
        let r = store.recode(row, &coded.events, coder_id, names)?;
        documents += 1;
        if r.added + r.removed > 0 {
            changed_documents += 1;
        }
        changed.added += r.added;
        changed.removed += r.removed;
        changed.kept += r.kept;
        progress.update(documents, events);
    }
    progress.done();
    eprintln!(
        "dyad ingest --recode: {} re-coded, {} changed: {} added, {} removed, {} kept",
        count(documents, "document"),
        changed_documents,
        count(changed.added, "event"),
        changed.removed,
        changed.kept
    );
    for p in &problems {
        eprintln!("  {}", sanitize(p));
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The filters every query takes.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// An actor on either side (repeat: all must take part).
    #[arg(long, value_name = "ACTOR")]
    pub actor: Vec<String>,
    /// The source side.
    #[arg(long, value_name = "ACTOR")]
    pub source: Option<String>,
    /// The target side.
    #[arg(long, value_name = "ACTOR")]
    pub target: Option<String>,
    /// Two actors, in either direction.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub between: Option<Vec<String>>,
    /// CAMEO codes or prefixes (04, 042); repeat or separate with commas.
    #[arg(long, value_delimiter = ',', value_name = "CODE")]
    pub code: Vec<String>,
    /// QuadClasses: 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict; repeat or separate with commas.
    #[arg(long, value_delimiter = ',', value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub quad: Vec<u8>,
    /// Lowest Goldstein score.
    #[arg(long, value_name = "G", allow_negative_numbers = true)]
    pub goldstein_min: Option<f64>,
    /// Highest Goldstein score.
    #[arg(long, value_name = "G", allow_negative_numbers = true)]
    pub goldstein_max: Option<f64>,
    /// Events dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Events dated on or before.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Reported by this publisher (a document's `source`).
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,
    /// Full-text search over the reporting sentences.
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    /// Also events the text says did not happen.
    #[arg(long)]
    pub include_negated: bool,
}

/// The first or last day of a date's period.
fn day_bound(raw: &str, last: bool, option: &str) -> Result<i64> {
    match dyad_store::date::day_bound(raw, last) {
        Some(d) => Ok(d),
        None => bail!("{option} {raw:?}: expected a date such as 2023, 2023-05 or 2023-05-12"),
    }
}

impl FilterArgs {
    fn filter(&self) -> Result<EventFilter> {
        for c in &self.code {
            if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_alphanumeric()) {
                bail!("--code {c:?}: expected a CAMEO code or prefix such as 04 or 042");
            }
        }
        Ok(EventFilter {
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            between: self.between.as_ref().map(|v| (v[0].clone(), v[1].clone())),
            codes: self.code.clone(),
            quads: self.quad.clone(),
            goldstein_min: self.goldstein_min,
            goldstein_max: self.goldstein_max,
            from: self
                .from
                .as_deref()
                .map(|d| day_bound(d, false, "--from"))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|d| day_bound(d, true, "--to"))
                .transpose()?,
            publisher: self.publisher.clone(),
            text: self.search.clone(),
            include_negated: self.include_negated,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns (the default on a terminal).
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line (the default when piped).
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
    /// The GDELT 2.0 event table (events only; 61 tab-separated columns).
    Gdelt,
}

fn default_format(f: Option<TableFormat>) -> TableFormat {
    f.unwrap_or(if io::stdout().is_terminal() {
        TableFormat::Table
    } else {
        TableFormat::Jsonl
    })
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events (default: 50 on a terminal, all when piped).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip this many first.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Oldest first (default: newest first).
    #[arg(long)]
    pub oldest: bool,
    /// Only print how many events match.
    #[arg(long)]
    pub count: bool,
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<TableFormat>,
}

/// Writes rows in the chosen format: a table, JSON, JSON Lines or CSV.
fn write_rows<T: serde::Serialize>(
    rows: &[T],
    format: TableFormat,
    columns: &[Column<T>],
) -> Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result: io::Result<()> = (|| {
        match format {
            TableFormat::Json => {
                serde_json::to_writer_pretty(&mut out, rows)?;
                out.write_all(b"\n")?;
            }
            TableFormat::Jsonl => {
                for r in rows {
                    serde_json::to_writer(&mut out, r)?;
                    out.write_all(b"\n")?;
                }
            }
            TableFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(columns.iter().map(|(n, _)| *n))
                    .map_err(io::Error::other)?;
                for r in rows {
                    w.write_record(columns.iter().map(|(_, f)| f(r)))
                        .map_err(io::Error::other)?;
                }
                w.flush()?;
            }
            TableFormat::Table | TableFormat::Gdelt => {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| columns.iter().map(|(_, f)| sanitize(&f(r))).collect())
                    .collect();
                let widths: Vec<usize> = columns
                    .iter()
                    .enumerate()
                    .map(|(i, (n, _))| {
                        cells
                            .iter()
                            .map(|c| c[i].chars().count().min(60))
                            .chain([n.len()])
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                let line = |cells: Vec<String>| -> String {
                    let mut s = String::new();
                    for (i, c) in cells.into_iter().enumerate() {
                        let c: String = if c.chars().count() > 60 {
                            c.chars().take(59).chain(['…']).collect()
                        } else {
                            c
                        };
                        let pad = widths[i].saturating_sub(c.chars().count());
                        s += &c;
                        if i + 1 < widths.len() {
                            s += &" ".repeat(pad + 2);
                        }
                    }
                    s.trim_end().to_owned()
                };
                writeln!(
                    out,
                    "{}",
                    line(columns.iter().map(|(n, _)| n.to_string()).collect())
                )?;
                for c in cells {
                    writeln!(out, "{}", line(c))?;
                }
            }
        }
        out.flush()
    })();
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn float(g: Option<f64>) -> String {
    g.map(|g| format!("{g:.2}")).unwrap_or_default()
}

type Column<T> = (&'static str, fn(&T) -> String);

const EVENT_COLUMNS: &[Column<StoredEvent>] = &[
    ("id", |e| e.id.to_string()),
    ("date", |e| opt(&e.date)),
    ("source", |e| e.source.code.clone()),
    ("target", |e| e.target.code.clone()),
    ("cameo", |e| e.cameo.clone()),
    ("quad", |e| e.quad.to_string()),
    ("goldstein", |e| float(e.goldstein.map(f64::from))),
    ("mentions", |e| e.num_mentions.to_string()),
    ("sources", |e| e.num_sources.to_string()),
    ("sentence", |e| e.sentence.replace(['\n', '\r', '\t'], " ")),
];

pub fn run_events(args: EventsArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.path()?)?;
    let filter = args.filter.filter()?;
    if args.count {
        println!("{}", store.count_events(&filter)?);
        return Ok(ExitCode::SUCCESS);
    }
    let format = default_format(args.format);
    let order = if args.oldest {
        EventOrder::Oldest
    } else {
        EventOrder::Newest
    };
    let limit = args.limit.or((format == TableFormat::Table).then_some(50));
    match format {
        TableFormat::Table | TableFormat::Json => {
            let events = store.events(&filter, order, limit, args.offset)?;
            write_rows(&events, format, EVENT_COLUMNS)?;
            if format == TableFormat::Table && limit == Some(events.len()) {
                eprintln!(
                    "dyad events: the first {} of {} (--limit, --offset, --format jsonl for all)",
                    events.len(),
                    store.count_events(&filter)?
                );
            }
        }
        _ => {
            stream_events(&store, &filter, order, limit, args.offset, format, None)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Streams events as JSON Lines, CSV or GDELT rows to `out_path` or
/// standard output.
fn stream_events(
    store: &Store,
    filter: &EventFilter,
    order: EventOrder,
    limit: Option<usize>,
    offset: usize,
    format: TableFormat,
    out_path: Option<&Path>,
) -> Result<usize> {
    let sink: Box<dyn Write> = match out_path {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let out = BufWriter::with_capacity(1 << 16, sink);
    enum Out<W: Write> {
        Csv(Box<dyad_store::export::CsvWriter<W>>),
        Plain(W),
    }
    let mut out = if format == TableFormat::Csv {
        Out::Csv(Box::new(dyad_store::export::CsvWriter::new(out)?))
    } else {
        Out::Plain(out)
    };
    let mut n = 0usize;
    let mut failed: Option<io::Error> = None;
    let result = store.for_each_event(filter, order, limit, offset, |e| {
        let r = match &mut out {
            Out::Csv(w) => w.write(&e),
            Out::Plain(_) if format == TableFormat::Gdelt && e.negated => return Ok(()),
            Out::Plain(w) if format == TableFormat::Gdelt => dyad_store::export::write_gdelt(w, &e),
            Out::Plain(w) => dyad_store::export::write_jsonl(w, &e),
        };
        n += 1;
        r.map_err(|e| {
            failed = Some(e);
            dyad_store::StoreError::Invalid {
                path: PathBuf::from("output"),
                detail: "write failed".into(),
            }
        })
    });
    let flushed = match out {
        Out::Csv(w) => w.finish(),
        Out::Plain(mut w) => w.flush(),
    };
    let failed = failed.or(flushed.err());
    match failed {
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(n),
        Some(e) => {
            let target = out_path.map_or("standard output".to_owned(), |p| p.display().to_string());
            return Err(anyhow::Error::new(e).context(format!("writing {target}")));
        }
        None => result?,
    }
    Ok(n)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

#[derive(Debug, Args)]
pub struct RelationsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The period each row covers.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
    /// Both directions of a dyad in one row.
    #[arg(long)]
    pub undirected: bool,
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<TableFormat>,
}

pub fn run_relations(args: RelationsArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.path()?)?;
    let filter = args.filter.filter()?;
    let period = match args.period {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Quarter => Period::Quarter,
        PeriodArg::Year => Period::Year,
    };
    let rows = store.relations(
        &filter,
        RelationOptions {
            period,
            undirected: args.undirected,
        },
    )?;
    let format = default_format(args.format);
    if format == TableFormat::Gdelt {
        bail!("--format gdelt is for events; relations are table, json, jsonl or csv");
    }
    const COLUMNS: &[Column<dyad_store::RelationRow>] = &[
        ("source", |r| r.source.clone()),
        ("target", |r| r.target.clone()),
        ("period", |r| r.period.clone()),
        ("events", |r| r.events.to_string()),
        ("verbal_coop", |r| r.verbal_cooperation.to_string()),
        ("material_coop", |r| r.material_cooperation.to_string()),
        ("verbal_conflict", |r| r.verbal_conflict.to_string()),
        ("material_conflict", |r| r.material_conflict.to_string()),
        ("goldstein_sum", |r| format!("{:.1}", r.goldstein_sum)),
        ("goldstein_mean", |r| float(r.goldstein_mean)),
        ("net_coop", |r| format!("{:.2}", r.net_cooperation)),
        ("change_events", |r| format!("{:+}", r.change_events)),
        ("change_goldstein", |r| {
            r.change_goldstein_mean
                .map(|g| format!("{g:+.2}"))
                .unwrap_or_default()
        }),
        ("change_net", |r| {
            format!("{:+.2}", r.change_net_cooperation)
        }),
    ];
    write_rows(&rows, format, COLUMNS)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct ActorsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many actors, most active first.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<TableFormat>,
}

pub fn run_actors(args: ActorsArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.path()?)?;
    let rows = store.actors(&args.filter.filter()?, args.limit)?;
    let format = default_format(args.format);
    if format == TableFormat::Gdelt {
        bail!("--format gdelt is for events; actors are table, json, jsonl or csv");
    }
    const COLUMNS: &[Column<dyad_store::ActorRow>] = &[
        ("code", |r| r.code.clone()),
        ("name", |r| r.name.clone()),
        ("country", |r| opt(&r.country)),
        ("as_source", |r| r.as_source.to_string()),
        ("as_target", |r| r.as_target.to_string()),
        ("cooperation", |r| r.cooperation.to_string()),
        ("conflict", |r| r.conflict.to_string()),
        ("goldstein_as_source", |r| float(r.goldstein_mean_as_source)),
        ("first", |r| opt(&r.first_date)),
        ("last", |r| opt(&r.last_date)),
    ];
    write_rows(&rows, format, COLUMNS)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// NetworkX's node-link JSON.
    Json,
    /// GraphML (Gephi, NetworkX, igraph).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
}

#[derive(Debug, Args)]
pub struct NetworkArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, short = 'f', value_enum, default_value_t = GraphFormat::Json)]
    pub format: GraphFormat,
}

pub fn run_network(args: NetworkArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.path()?)?;
    let network = store.network(&args.filter.filter()?)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let r = match args.format {
        GraphFormat::Json => dyad_store::network::write_json(&mut out, &network),
        GraphFormat::Graphml => dyad_store::network::write_graphml(&mut out, &network),
        GraphFormat::Gexf => dyad_store::network::write_gexf(&mut out, &network),
    }
    .and_then(|()| out.flush());
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        r => r?,
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
    /// The GDELT 2.0 event table (tab-separated, no header).
    Gdelt,
    /// A Hive-partitioned Parquet dataset (year=YYYY/month=MM/...).
    Parquet,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, short = 'f', value_enum)]
    pub format: ExportFormat,
    /// The file (a new directory for parquet). Default for the others:
    /// standard output.
    #[arg(long, value_name = "PATH", required_if_eq("format", "parquet"))]
    pub out: Option<PathBuf>,
}

pub fn run_export(args: ExportArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.path()?)?;
    let filter = args.filter.filter()?;
    let start = Instant::now();
    let n = match args.format {
        ExportFormat::Parquet => {
            let dir = args.out.as_deref().expect("clap requires --out");
            export_parquet(&store, &filter, dir)?
        }
        f => {
            let format = match f {
                ExportFormat::Csv => TableFormat::Csv,
                ExportFormat::Gdelt => TableFormat::Gdelt,
                _ => TableFormat::Jsonl,
            };
            stream_events(
                &store,
                &filter,
                EventOrder::Oldest,
                None,
                0,
                format,
                args.out.as_deref(),
            )?
        }
    };
    if args.out.is_some() || io::stderr().is_terminal() {
        eprintln!(
            "dyad export: {} in {:.1} s",
            count(n, "event"),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn export_parquet(store: &Store, filter: &EventFilter, dir: &Path) -> Result<usize> {
    use dyad_store::parquet::{DatasetOptions, DatasetWriter};
    let mut writer = DatasetWriter::create(dir, DatasetOptions::default())?;
    let mut failed = None;
    store
        .for_each_event(filter, EventOrder::Partition, None, 0, |e| {
            writer.push(&e).map_err(|err| {
                failed = Some(err.to_string());
                dyad_store::StoreError::Invalid {
                    path: dir.to_owned(),
                    detail: "writing Parquet".into(),
                }
            })
        })
        .map_err(|e| match &failed {
            Some(f) => anyhow::anyhow!("{f}"),
            None => anyhow::Error::new(e),
        })?;
    let summary = writer.finish()?;
    Ok(summary.rows as usize)
}
