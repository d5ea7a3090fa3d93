//! `dyad code`: documents in, events out; `dyad explain`: why a sentence
//! codes what it codes.

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use dyad_code::coder::{CodeOptions, CodedEvent, Coder, Context, PhraseActor, SentenceAnalysis};
use dyad_code::context::{event_date, last_state, note_organisations, speaker_of};
use dyad_code::gdelt::{self, GdeltContext};
use dyad_code::record::{
    merge_mentions, EventActor, EventRecord, Evidence, Location, Mention, Plover,
};
use dyad_dict::{Day, Ontology};
use dyad_ingest::{parse_date, read_inputs, Document, DocumentSink, PartialDate, Problem};
use dyad_parse::model::Buffers;
use dyad_text::{Segmenter, Sentence};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use crate::dict_cmd;
use crate::model_cmd::load_model;
use crate::text_cmd::{count, finish_summary, sanitize, ReadArgs};

pub const AFTER_HELP: &str = "\
Output (--format json, the default): one JSON object per event:
  {\"doc_id\", \"sentence_index\", \"sentence_span\": [start, end], \"text\",
   \"source\": {\"code\": \"RUSGOV\", \"country\": \"RUS\", \"igo\": null, \"name\": \"Vladimir Putin\", \"span\": [s, e]},
   \"target\": {...}, \"cameo\": \"042\", \"root\": \"04\", \"quad\": 1, \"goldstein\": 1.9,
   \"plover\": {\"type\": \"CONSULT\", \"mode\": \"visit\"}, \"date\": \"2024-02-08\", \"location\": null,
   \"negated\": false, \"speaker\": null,
   \"evidence\": {\"verb\": [s, e], \"pattern\": \"$ * +\", \"dictionary\": \"verbs.dyad:55\"}}
Spans are character offsets into the document's text (as `dyad text` shows it).

--format gdelt writes the 61 columns of the GDELT 2.0 event table
(tab-separated; --header adds the column names); negated events are left out
there, as GDELT has no column for them.

As a filter (--jsonl): JSON Lines documents on standard input, events out
per document as each is coded (flushed), the summary on standard error;
with --errors-as-records a document that cannot be read becomes
{\"error\": \"...\"} in the output instead of failing the run.

--format parquet --out DIR writes a Hive-partitioned Parquet dataset
(year=YYYY/month=MM/part-SHARD-ATTEMPT.parquet, _SUCCESS last). With
--shard (one part of a larger job) other shards' files are left alone, no
_SUCCESS is written, and a finished attempt replaces the shard's earlier
attempts: a killed and retried shard leaves no duplicates.

Examples:
  dyad code statement.html --published 2024-02-08
  dyad code --format pretty news/
  dyad code --dict my-actors.dyad --format gdelt feed.jsonl > events.tsv
  cat feed.jsonl | dyad code --jsonl --errors-as-records > events.jsonl
  dyad code --jsonl --format parquet --out events/ --shard 00007 --attempt 0 < part-7.jsonl
  dyad explain \"Russia and Belarus signed a treaty on Tuesday.\"";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CodeFormat {
    /// One JSON object per event (JSON Lines).
    Json,
    /// The GDELT 2.0 event table's columns, tab-separated.
    Gdelt,
    /// One readable line per event.
    Pretty,
    /// A Hive-partitioned Parquet dataset in --out DIR
    /// (year=YYYY/month=MM/part-SHARD-ATTEMPT.parquet).
    Parquet,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Files, directories, glob patterns, or '-' for standard input.
    #[arg(
        required_unless_present = "jsonl",
        conflicts_with = "jsonl",
        value_name = "PATH"
    )]
    pub paths: Vec<String>,

    #[arg(long, short = 'f', value_enum, default_value_t = CodeFormat::Json)]
    pub format: CodeFormat,

    /// Filter mode: JSON Lines documents on standard input, events out as
    /// each document is coded (flushed per document), the summary on
    /// standard error. For pipes, Spark's RDD.pipe and the like.
    #[arg(long)]
    pub jsonl: bool,

    /// A document that cannot be read is written to the output as
    /// {"error": "..."} where its events would have been (--format json).
    #[arg(long)]
    pub errors_as_records: bool,

    /// With --format parquet: the dataset's directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With --format parquet: this run's shard of a larger job (a Spark
    /// partition, one of N inputs): its files are named part-SHARD-ATTEMPT
    /// beside other shards', and no _SUCCESS is written (the job writes it
    /// when every shard is done). A shard's run that finishes replaces its
    /// earlier attempts' files, so a killed and retried shard leaves no
    /// duplicates.
    #[arg(long, value_name = "NAME", requires = "out")]
    pub shard: Option<String>,

    /// With --shard: the attempt number (Spark's task attempt).
    #[arg(long, value_name = "N", default_value_t = 0, requires = "shard")]
    pub attempt: u32,

    /// With --format gdelt: a first line with the column names.
    #[arg(long)]
    pub header: bool,

    #[command(flatten)]
    pub dicts: DictOptions,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Also write events whose source or target is unknown (code `---`) or
    /// a role of no known country (`---GOV`, "the ministry").
    #[arg(long)]
    pub keep_partial: bool,

    /// Do not print warnings (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Worker threads (default: one per core). Output order is the input
    /// order whatever the number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Dictionary and model options shared by `code`, `explain`.
#[derive(Debug, Args)]
pub struct DictOptions {
    /// Load this dictionary too (dyad's .dyad format, or a PETRARCH verb,
    /// actor, agent or discard file). Repeat for several.
    #[arg(long = "dict", value_name = "PATH")]
    pub dicts: Vec<PathBuf>,

    /// Leave out the built-in dictionaries.
    #[arg(long)]
    pub no_builtin: bool,

    /// Skip malformed dictionary lines with a warning instead of failing.
    #[arg(long)]
    pub lenient: bool,

    /// The tagging and parsing model (default: the built-in English model).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

/// The day (YYYYMMDD) a partial date stands for: its first day; `None`
/// without a year.
fn day_of(d: &PartialDate) -> Option<Day> {
    let y = u32::try_from(d.year?).ok()?;
    Some(y * 10000 + u32::from(d.month.unwrap_or(1)) * 100 + u32::from(d.day.unwrap_or(1)))
}

pub fn run(mut args: CodeArgs) -> Result<ExitCode> {
    if args.jsonl {
        args.paths = vec!["-".to_owned()];
        if args.read.input_format == crate::text_cmd::InputFormatArg::Auto {
            args.read.input_format = crate::text_cmd::InputFormatArg::Jsonl;
        }
    }
    match (args.format, &args.out) {
        (CodeFormat::Parquet, None) => bail!("--format parquet writes a dataset: give --out DIR"),
        (f, Some(_)) if f != CodeFormat::Parquet => {
            bail!("--out is for --format parquet; other formats go to standard output")
        }
        _ => {}
    }
    let opts = args.read.options()?;
    let mut dict = dict_cmd::load(&args.dicts.dicts, args.dicts.no_builtin, args.dicts.lenient)?;
    dict.compile();
    if !args.quiet && !args.dicts.dicts.is_empty() {
        // Unknown codes and conflicting names in the user's files, at load
        // time rather than as silent misses later.
        let problems = dict.check();
        for p in problems.iter().take(20) {
            eprintln!("dyad: warning: dictionary: {}", sanitize(p));
        }
        if problems.len() > 20 {
            eprintln!(
                "dyad: warning: dictionary: {} more problems (see `dyad dict --dict ... check`)",
                problems.len() - 20
            );
        }
    }
    let model = load_model(args.dicts.model.as_deref())?;
    let options = CodeOptions {
        require_dyad: !args.keep_partial,
        identified_only: !args.keep_partial,
        ..CodeOptions::default()
    };
    let coder = Coder::new(&dict, &model, options);
    if !args.quiet {
        for w in &coder.verbs.warnings {
            eprintln!("dyad: warning: {}", sanitize(w));
        }
    }
    let format = args.format;
    let header = args.header;
    let mut writer = EventWriter::new(format, header);
    writer.flush_each = args.jsonl;
    writer.errors_as_records = args.errors_as_records;
    if let Some(dir) = &args.out {
        writer.dataset = Some(crate::dataset_out::EventDataset::create(
            dir,
            args.shard.as_deref(),
            args.attempt,
        )?);
    }
    let run = run_pipeline(
        &coder,
        &args.paths,
        &opts,
        args.threads,
        args.quiet,
        &|_| false,
        |c| writer.write(c),
    );
    let written = run.written.and_then(|()| writer.finish());
    let (summary, sink_errors, sentences) = (run.summary, run.errors, run.sentences);
    let counts = match written {
        Ok(n) => n,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(anyhow::Error::new(e).context("writing the output")),
    };
    let mut line = format!(
        "dyad code: {}, {}, {}",
        count(summary.documents, "document"),
        count(sentences, "sentence"),
        count(counts.events, "event")
    );
    if counts.files > 0 {
        line += &format!(
            " in {} under {}",
            count(counts.files, "Parquet file"),
            sanitize(
                &args
                    .out
                    .as_deref()
                    .unwrap_or(Path::new(""))
                    .display()
                    .to_string()
            )
        );
    }
    if counts.error_records > 0 {
        line += &format!("; {}", count(counts.error_records, "error record"));
    }
    if counts.too_long > 0 {
        line += &format!(
            "; {} not coded (longer than {} words)",
            count(counts.too_long, "sentence"),
            dyad_code::coder::MAX_CODED_WORDS
        );
    }
    if counts.discarded > 0 {
        line += &format!(
            "; {} discarded (discard phrases)",
            count(counts.discarded, "sentence")
        );
    }
    let status = finish_summary(line, &summary, &sink_errors, !args.quiet);
    // With error records the failures are part of the output, and a
    // consumer (a Spark task) must not fail for them.
    Ok(if args.errors_as_records {
        ExitCode::SUCCESS
    } else {
        status
    })
}

/// Codes one document on this thread (re-coding a stored document);
/// `first` is the index of its first sentence in the whole document.
pub fn code_document(
    coder: &Coder<'_>,
    doc: Document,
    first: usize,
    segmenter: &Segmenter,
    buf: &mut Buffers,
) -> Coded {
    let sentences = doc.sentences(segmenter);
    let job = Job {
        seq: 0,
        doc,
        sentences,
        first,
    };
    code_job(coder, job, buf)
}

/// What the reader hands the workers, in input order: a document to code,
/// or one that could not be read (kept in the stream so that error records
/// come out where the document would have).
enum Work {
    Document(Box<Job>),
    Failed { seq: u64, message: String },
}

/// What the pipeline hands its consumer, in input order.
pub enum Output {
    Coded(Box<Coded>),
    /// A document or record that could not be read: the reader's message.
    Failed(String),
}

/// A document (or a part of a large one) to code, in input order.
struct Job {
    seq: u64,
    doc: Document,
    sentences: Vec<dyad_ingest::DocumentSentence>,
    /// The index of its first sentence in the whole document.
    first: usize,
}

/// A coded document: its events, in input order.
pub struct Coded {
    seq: u64,
    pub doc: Document,
    pub sentences: Vec<dyad_ingest::DocumentSentence>,
    /// The index of its first sentence in the whole document.
    pub first: usize,
    pub events: Vec<EventRecord>,
    /// Sentences left uncoded: too long, or discarded by a discard phrase.
    pub too_long: usize,
    pub discarded: usize,
}

/// What the writer counted.
#[derive(Default)]
struct Written {
    events: usize,
    too_long: usize,
    discarded: usize,
    error_records: usize,
    /// Parquet files written (with --out).
    files: usize,
}

fn code_job(coder: &Coder<'_>, job: Job, buf: &mut Buffers) -> Coded {
    let doc = &job.doc;
    let day = doc
        .published
        .as_ref()
        .and_then(|p| day_of(&p.date))
        .unwrap_or_else(dict_cmd::today);
    let published = doc
        .published
        .as_ref()
        .map_or(PartialDate::default(), |p| PartialDate {
            weekday: None,
            ..p.date
        });
    let mut events = Vec::new();
    let (mut too_long, mut discarded) = (0, 0);
    let title = doc.title.map(|t| doc.slice(t));
    let mut ctx = Context {
        speaker: speaker_of(coder.dict, doc.speaker.as_deref(), title, day),
        ..Context::default()
    };
    for (k, ds) in job.sentences.iter().enumerate() {
        let s = &ds.sentence;
        let text = doc.slice(s.span);
        let spans: Vec<(usize, usize)> = s
            .tokens
            .iter()
            .map(|t| (t.span.start - s.span.start, t.span.end - s.span.start))
            .collect();
        let analysis = coder.code_in(text, &spans, day, &ctx, buf);
        if let Some(state) = last_state(&analysis, ctx.speaker.as_deref()) {
            ctx.antecedent = Some(state);
        }
        note_organisations(&analysis, &mut ctx.organisations);
        too_long += analysis.skipped.is_some() as usize;
        discarded += analysis.discarded.is_some() as usize;
        let forms: Vec<&str> = analysis.forms.iter().map(String::as_str).collect();
        for e in &analysis.events {
            // The event's own date where the sentence gives one.
            let at = e.verb.first().copied().unwrap_or(0);
            let date =
                Some(event_date(&forms, at, published).to_string()).filter(|d| !d.is_empty());
            events.push(event_record(&doc.id, job.first + k, s, text, e, date));
        }
    }
    Coded {
        seq: job.seq,
        // One event per fact in a document; a document read in parts
        // merges within each part.
        events: merge_mentions(events),
        doc: job.doc,
        sentences: job.sentences,
        first: job.first,
        too_long,
        discarded,
    }
}

/// What a run of the coding pipeline read and did.
pub struct PipelineRun {
    pub summary: dyad_ingest::ReadSummary,
    /// Errors of reading, already printed.
    pub errors: Vec<String>,
    pub sentences: usize,
    /// Documents `skip` passed over without coding.
    pub skipped: usize,
    /// The first error `consume` returned (reading stopped there).
    pub written: io::Result<()>,
}

/// Reads `paths`, codes every document on `threads` workers (default: one
/// per core) and hands the coded documents to `consume` in input order,
/// on one thread. Documents `skip` accepts are not coded. After an error
/// from `consume` reading stops and the rest drains.
#[allow(clippy::too_many_arguments)]
pub fn run_pipeline(
    coder: &Coder<'_>,
    paths: &[String],
    opts: &dyad_ingest::ReadOptions,
    threads: Option<usize>,
    quiet: bool,
    skip: &(dyn Fn(&Document) -> bool + Sync),
    consume: impl FnMut(Output) -> io::Result<()> + Send,
) -> PipelineRun {
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let stop = AtomicBool::new(false);
    let (job_tx, job_rx) = mpsc::sync_channel::<Work>(threads * 2);
    let job_rx = Mutex::new(job_rx);
    let (out_tx, out_rx) = mpsc::sync_channel::<(u64, Output)>(threads * 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let out_tx = out_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || {
                let mut buf = Buffers::default();
                loop {
                    let job = {
                        let rx = job_rx.lock().unwrap_or_else(|e| e.into_inner());
                        rx.recv()
                    };
                    let Ok(job) = job else { break };
                    let out = match job {
                        Work::Document(job) => {
                            let coded = code_job(coder, *job, &mut buf);
                            (coded.seq, Output::Coded(Box::new(coded)))
                        }
                        Work::Failed { seq, message } => (seq, Output::Failed(message)),
                    };
                    if out_tx.send(out).is_err() {
                        break;
                    }
                }
            });
        }
        drop(out_tx);
        let stop = &stop;
        let writer = scope.spawn(move || in_order(out_rx, consume, stop));
        let mut sink = CodeSink {
            jobs: job_tx,
            segmenter: Segmenter::new(),
            index: None,
            seq: 0,
            sentences: 0,
            skipped: 0,
            skip,
            errors: Vec::new(),
            quiet,
            stop,
        };
        let summary = read_inputs(paths, opts, &mut sink);
        let CodeSink {
            jobs,
            errors,
            sentences,
            skipped,
            ..
        } = sink;
        drop(jobs);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the output thread stopped unexpectedly")));
        PipelineRun {
            summary,
            errors,
            sentences,
            skipped,
            written,
        }
    })
}

/// Hands coded documents to `consume` in input order as they arrive from
/// the workers. After an error it keeps draining (so that no worker
/// blocks) and tells the reader to stop.
fn in_order(
    rx: mpsc::Receiver<(u64, Output)>,
    mut consume: impl FnMut(Output) -> io::Result<()>,
    stop: &AtomicBool,
) -> io::Result<()> {
    let mut pending: BTreeMap<u64, Output> = BTreeMap::new();
    let mut next = 0u64;
    let mut failed: Option<io::Error> = None;
    for (seq, out) in rx {
        if failed.is_some() {
            continue;
        }
        pending.insert(seq, out);
        while let Some(c) = pending.remove(&next) {
            next += 1;
            if let Err(e) = consume(c) {
                failed = Some(e);
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Writes events to standard output in one of `dyad code`'s formats.
struct EventWriter {
    out: BufWriter<io::Stdout>,
    format: CodeFormat,
    counts: Written,
    next_id: u64,
    header: bool,
    flush_each: bool,
    errors_as_records: bool,
    dataset: Option<crate::dataset_out::EventDataset>,
}

impl EventWriter {
    fn new(format: CodeFormat, header: bool) -> EventWriter {
        EventWriter {
            out: BufWriter::with_capacity(1 << 16, io::stdout()),
            format,
            counts: Written::default(),
            next_id: 1,
            header: format == CodeFormat::Gdelt && header,
            flush_each: false,
            errors_as_records: false,
            dataset: None,
        }
    }

    fn write(&mut self, c: Output) -> io::Result<()> {
        if std::mem::take(&mut self.header) {
            gdelt::write_header(&mut self.out)?;
        }
        let c = match c {
            Output::Coded(c) => c,
            Output::Failed(message) => {
                if self.errors_as_records && self.format == CodeFormat::Json {
                    serde_json::to_writer(&mut self.out, &serde_json::json!({ "error": message }))
                        .map_err(io::Error::from)?;
                    self.out.write_all(b"\n")?;
                    self.counts.error_records += 1;
                }
                return self.flush_document();
            }
        };
        self.counts.too_long += c.too_long;
        self.counts.discarded += c.discarded;
        for record in &c.events {
            match self.format {
                CodeFormat::Json => {
                    serde_json::to_writer(&mut self.out, record).map_err(io::Error::from)?;
                    self.out.write_all(b"\n")?;
                }
                CodeFormat::Gdelt if record.negated => continue,
                CodeFormat::Gdelt => {
                    let ctx = GdeltContext {
                        event_id: self.next_id,
                        date_added: None,
                        source_url: c.doc.url.as_deref(),
                        counts: None,
                    };
                    self.next_id += 1;
                    gdelt::write_row(&mut self.out, record, &ctx)?;
                }
                CodeFormat::Pretty => writeln!(self.out, "{}", pretty_event(record))?,
                CodeFormat::Parquet => match &mut self.dataset {
                    Some(d) => d.push(record, c.doc.url.as_deref())?,
                    None => return Err(io::Error::other("no dataset to write Parquet into")),
                },
            }
            self.counts.events += 1;
        }
        self.flush_document()
    }

    /// In filter mode, each document's events leave as soon as they are
    /// written (a consumer downstream sees them per document).
    fn flush_document(&mut self) -> io::Result<()> {
        if self.flush_each {
            self.out.flush()?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<Written> {
        if std::mem::take(&mut self.header) {
            gdelt::write_header(&mut self.out)?;
        }
        if let Some(d) = self.dataset.take() {
            self.counts.files = d.finish()?;
        }
        self.out.flush()?;
        Ok(self.counts)
    }
}

/// Receives documents from the readers, segments them (cheap, and it
/// numbers the sentences of documents read in parts) and hands them to the
/// workers.
struct CodeSink<'s> {
    jobs: mpsc::SyncSender<Work>,
    segmenter: Segmenter,
    index: Option<(String, usize)>,
    seq: u64,
    sentences: usize,
    skipped: usize,
    skip: &'s (dyn Fn(&Document) -> bool + Sync),
    errors: Vec<String>,
    quiet: bool,
    stop: &'s AtomicBool,
}

impl DocumentSink for CodeSink<'_> {
    fn document(&mut self, doc: Document) -> bool {
        if self.stop.load(Ordering::Relaxed) {
            return false;
        }
        if (self.skip)(&doc) {
            self.skipped += 1;
            return true;
        }
        let sentences = doc.sentences(&self.segmenter);
        self.sentences += sentences.len();
        let first = match &self.index {
            Some((id, next)) if *id == doc.id && doc.part.is_some_and(|p| p.index > 0) => *next,
            _ => 0,
        };
        self.index = Some((doc.id.clone(), first + sentences.len()));
        let job = Job {
            seq: self.seq,
            doc,
            sentences,
            first,
        };
        self.seq += 1;
        self.jobs.send(Work::Document(Box::new(job))).is_ok()
    }

    fn problem(&mut self, problem: Problem) {
        if let Problem::Error(e) = &problem {
            self.errors.push(problem.to_string());
            let failed = Work::Failed {
                seq: self.seq,
                message: e.to_string(),
            };
            self.seq += 1;
            if self.jobs.send(failed).is_err() {
                self.stop.store(true, Ordering::Relaxed);
            }
        } else if self.quiet {
            return;
        }
        eprintln!("dyad: {}", sanitize(&problem.to_string()));
    }
}

fn event_actor(a: &PhraseActor, s: &Sentence) -> EventActor {
    let span = match (s.tokens.get(a.tokens.0), s.tokens.get(a.tokens.1)) {
        (Some(x), Some(y)) => Some([x.chars.start, y.chars.end]),
        _ => None,
    };
    EventActor {
        code: a.code.clone(),
        country: a.actor.country.clone(),
        igo: a.actor.igo.clone(),
        name: a.actor.name.clone(),
        span,
    }
}

fn unknown_actor() -> EventActor {
    EventActor {
        code: "---".into(),
        country: None,
        igo: None,
        name: String::new(),
        span: None,
    }
}

/// The document-level record of a sentence's event.
pub fn event_record(
    doc_id: &str,
    sentence_index: usize,
    s: &Sentence,
    text: &str,
    e: &CodedEvent,
    date: Option<String>,
) -> EventRecord {
    let ontology = Ontology::builtin();
    let entry = ontology.get(&e.code);
    let verb = match (
        e.verb.first().and_then(|&t| s.tokens.get(t)),
        e.verb.last().and_then(|&t| s.tokens.get(t)),
    ) {
        (Some(a), Some(b)) => [a.chars.start, b.chars.end],
        _ => [s.chars.start, s.chars.start],
    };
    EventRecord {
        doc_id: doc_id.to_owned(),
        sentence_index,
        sentence_span: [s.chars.start, s.chars.end],
        text: text.to_owned(),
        source: e
            .source
            .as_ref()
            .map_or_else(unknown_actor, |a| event_actor(a, s)),
        target: e
            .target
            .as_ref()
            .map_or_else(unknown_actor, |a| event_actor(a, s)),
        cameo: e.code.clone(),
        root: e.code.get(..2).unwrap_or(&e.code).to_owned(),
        quad: entry.map_or(0, |c| c.quad),
        goldstein: entry.map(|c| c.goldstein),
        plover: Plover {
            event_type: entry.and_then(|c| c.plover_type.clone()),
            mode: entry.and_then(|c| c.plover_mode.clone()),
        },
        date,
        location: e.location.as_ref().map(|(name, country)| Location {
            name: name.clone(),
            country: country.clone(),
        }),
        negated: e.negated,
        speaker: e.speaker.as_ref().map(|a| event_actor(a, s)),
        evidence: Evidence {
            verb,
            pattern: e.pattern.clone(),
            dictionary: e.dictionary.clone(),
        },
        mentions: vec![Mention {
            sentence_index,
            sentence_span: [s.chars.start, s.chars.end],
            verb,
        }],
    }
}

fn pretty_event(r: &EventRecord) -> String {
    let label = Ontology::builtin()
        .get(&r.cameo)
        .map(|c| c.label.clone())
        .unwrap_or_default();
    format!(
        "{} {} → {}  {} {}{}  «{}»",
        r.date.as_deref().unwrap_or("----"),
        sanitize(&r.source.code),
        sanitize(&r.target.code),
        sanitize(&r.cameo),
        sanitize(&label),
        if r.negated { " (NOT)" } else { "" },
        sanitize(&r.text.replace('\n', " "))
    )
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The sentence (or a few sentences) to code.
    pub text: String,

    /// The date the text is from (YYYY-MM-DD, YYYY-MM or YYYY): decides
    /// who holds an office. Default: today.
    #[arg(long)]
    pub date: Option<String>,

    /// The actor "we" stands for (a code such as RUSGOV, or a name).
    #[arg(long, value_name = "ACTOR")]
    pub speaker: Option<String>,

    #[command(flatten)]
    pub dicts: DictOptions,
}

pub fn run_explain(args: ExplainArgs) -> Result<ExitCode> {
    let day = match &args.date {
        None => dict_cmd::today(),
        Some(raw) => match parse_date(raw, true).as_ref().and_then(day_of) {
            Some(d) => d,
            None => bail!("--date {raw:?}: expected a date such as 2024-02-08, 2024-02 or 2024"),
        },
    };
    let mut dict = dict_cmd::load(&args.dicts.dicts, args.dicts.no_builtin, args.dicts.lenient)?;
    dict.compile();
    let model = load_model(args.dicts.model.as_deref())?;
    let coder = Coder::new(&dict, &model, CodeOptions::default());
    let mut sentences = Vec::new();
    Segmenter::new().segment_into(&args.text, 0, 0, &mut sentences);
    let mut buf = Buffers::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut ctx = Context {
        speaker: speaker_of(&dict, args.speaker.as_deref(), None, day),
        ..Context::default()
    };
    for s in &sentences {
        let text = &args.text[s.span.start..s.span.end];
        let spans: Vec<(usize, usize)> = s
            .tokens
            .iter()
            .map(|t| (t.span.start - s.span.start, t.span.end - s.span.start))
            .collect();
        let a = coder.code_in(text, &spans, day, &ctx, &mut buf);
        if let Some(state) = last_state(&a, ctx.speaker.as_deref()) {
            ctx.antecedent = Some(state);
        }
        note_organisations(&a, &mut ctx.organisations);
        write_explanation(&mut out, text, &a, day)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_explanation(
    out: &mut impl Write,
    text: &str,
    a: &SentenceAnalysis,
    day: Day,
) -> io::Result<()> {
    writeln!(out, "sentence: {}", sanitize(text))?;
    writeln!(out, "date: {day}")?;
    if let Some((phrase, story)) = &a.discarded {
        writeln!(
            out,
            "discarded: the {} contains the discard phrase \"{}\"",
            if *story { "story" } else { "sentence" },
            sanitize(phrase)
        )?;
        return Ok(());
    }
    writeln!(out, "\nparse:")?;
    for (i, (f, an)) in a.forms.iter().zip(&a.annotations).enumerate() {
        writeln!(
            out,
            "  {:>3} {:<18} {:<6} {:<14} head {:>3} {}",
            i + 1,
            sanitize(f),
            an.upos,
            sanitize(&an.lemma),
            an.head,
            an.deprel
        )?;
    }
    writeln!(out, "\nnoun phrases with actors:")?;
    let mut any = false;
    for p in &a.phrases {
        if p.actors.is_empty() {
            continue;
        }
        any = true;
        let words = a.forms[p.extent.0..=p.extent.1].join(" ");
        let codes: Vec<String> = p
            .actors
            .iter()
            .map(|x| format!("{} ({})", x.code, sanitize(&x.actor.name)))
            .collect();
        writeln!(out, "  \"{}\" → {}", sanitize(&words), codes.join(", "))?;
    }
    if !any {
        writeln!(out, "  (none: no name of the dictionaries was found)")?;
    }
    writeln!(out, "\nverbs:")?;
    if a.verbs.is_empty() {
        writeln!(out, "  (none: no verb of the dictionaries was found)")?;
    }
    for v in &a.verbs {
        let words: Vec<&str> = v.tokens.iter().map(|&t| a.forms[t].as_str()).collect();
        writeln!(
            out,
            "  \"{}\" — {} ({})",
            sanitize(&words.join(" ")),
            sanitize(&v.family),
            sanitize(&v.dictionary)
        )?;
        for (p, ok, spec) in &v.tried {
            writeln!(
                out,
                "    {} {:<40} specificity {}",
                if *ok { "matched" } else { "no     " },
                sanitize(p),
                spec
            )?;
        }
        writeln!(out, "    → {}", sanitize(&v.outcome))?;
        for r in &v.roles {
            writeln!(out, "    {}", sanitize(r))?;
        }
    }
    writeln!(out, "\nevents:")?;
    if a.events.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for e in &a.events {
        let code =
            |x: &Option<PhraseActor>| x.as_ref().map_or("---".to_owned(), |a| a.code.clone());
        let label = Ontology::builtin()
            .get(&e.code)
            .map(|c| c.label.clone())
            .unwrap_or_default();
        writeln!(
            out,
            "  {} → {}  {} {}{}{}",
            sanitize(&code(&e.source)),
            sanitize(&code(&e.target)),
            sanitize(&e.code),
            sanitize(&label),
            if e.negated { "  (negated)" } else { "" },
            e.speaker
                .as_ref()
                .map(|s| format!("  (reported by {})", sanitize(&s.code)))
                .unwrap_or_default()
        )?;
    }
    writeln!(out)?;
    Ok(())
}
