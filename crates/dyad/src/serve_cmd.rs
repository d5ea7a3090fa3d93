//! `dyad serve`: the store over HTTP (dyad-serve), with the coder behind
//! `POST /api/documents`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use clap::Args;
use dyad_code::coder::{CodeOptions, Coder};
use dyad_ingest::{Document, DocumentSink, InputFormat, Problem, ReadOptions};
use dyad_serve::{Ingest, IngestResult, ServerOptions};
use dyad_store::Store;

use crate::code_cmd::{code_document, DictOptions};
use crate::dict_cmd;
use crate::model_cmd::load_model;
use crate::store_cmd::{canonical_name, coder_version, new_document, DbArgs};

pub const AFTER_HELP: &str = "\
The dashboard: / (the relations network for the filters in the URL: from, to,
quad, code, region), /dyad/A/B (a dyad's monthly timeline and its events, each
with its sentence), /actor/CODE, /documents/ID (the text with every coded event
highlighted). The JSON API is described at /api/openapi.json: /api/events,
/api/relations, /api/actors, /api/network, /api/search, /api/documents/ID.

Without a token the server is read-only. With --token (or DYAD_TOKEN),
POST /api/documents with `Authorization: Bearer TOKEN` codes and stores the
body (JSON Lines documents, HTML or plain text, by Content-Type).

Everything is served from the binary: no request ever leaves the machine.

Aggregates and listings are answered from the events' facts, read into
memory at start (about 70 MB and under a second per million events) and
refreshed from the store's change log after it changes (a question waits
for that, up to a second, else SQL answers). /api/health says which
(facts_in_memory). --no-facts-in-memory answers by SQL alone.

Examples:
  dyad serve                                  http://127.0.0.1:8080 on the default store
  dyad serve --db research.db --bind 127.0.0.1:9000
  DYAD_TOKEN=$(openssl rand -hex 16) dyad serve --db research.db";

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,

    /// The address to listen on (loopback unless told otherwise; port 0
    /// picks a free one).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// The write token: with it, POST /api/documents codes and stores
    /// documents; without it the server is read-only.
    #[arg(long, value_name = "TOKEN", env = "DYAD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,

    /// The largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    pub max_body_bytes: usize,

    /// Answer every question by SQL alone, holding no events' facts in
    /// memory (saves about 70 MB per million events; aggregates over large
    /// stores take tens to hundreds of milliseconds instead of one or two).
    #[arg(long)]
    pub no_facts_in_memory: bool,

    #[command(flatten)]
    pub dicts: DictOptions,
}

/// Codes posted documents and stores them, one request at a time.
struct Ingestor {
    coder: Coder<'static>,
    dict: &'static dyad_dict::dictionary::Dictionary,
    store: Mutex<Store>,
    coder_id: i64,
}

struct Collect {
    docs: Vec<Document>,
    errors: Vec<String>,
}

impl DocumentSink for Collect {
    fn document(&mut self, doc: Document) -> bool {
        self.docs.push(doc);
        self.docs.len() < 10_000
    }
    fn problem(&mut self, p: Problem) {
        if p.is_error() {
            self.errors.push(p.to_string());
        }
    }
}

impl Ingest for Ingestor {
    fn ingest(&self, body: Vec<u8>, format: Option<InputFormat>) -> Result<IngestResult, String> {
        let mut sink = Collect {
            docs: Vec::new(),
            errors: Vec::new(),
        };
        dyad_ingest::read_bytes("request", body, format, &ReadOptions::default(), &mut sink);
        let segmenter = dyad_text::Segmenter::new();
        let mut buf = dyad_parse::model::Buffers::default();
        let mut batch = Vec::new();
        // The sentences of a document read in parts are numbered from the
        // whole document's first.
        let mut next: Option<(String, usize)> = None;
        for doc in sink.docs {
            let first = match &next {
                Some((id, n)) if *id == doc.id && doc.part.is_some_and(|p| p.index > 0) => *n,
                _ => 0,
            };
            let coded = code_document(&self.coder, doc, first, &segmenter, &mut buf);
            next = Some((coded.doc.id.clone(), first + coded.sentences.len()));
            let document = new_document(&coded).map_err(|e| e.to_string())?;
            batch.push((document, coded.events));
        }
        let dict = self.dict;
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let added = store
            .add(&batch, self.coder_id, &|c| canonical_name(dict, c))
            .map_err(|e| e.to_string())?;
        Ok(IngestResult {
            stored: added.documents,
            events: added.reports,
            unchanged: added.unchanged,
            errors: sink.errors,
        })
    }
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let db: PathBuf = args.db.path()?;
    // The store must exist and be ours before the first request.
    let mut store = Store::open(&db)?;
    let ingest: Option<Arc<dyn Ingest>> = match &args.token {
        None => None,
        Some(t) if t.len() < 8 => anyhow::bail!("--token: use at least 8 characters"),
        Some(_) => {
            let mut dict =
                dict_cmd::load(&args.dicts.dicts, args.dicts.no_builtin, args.dicts.lenient)?;
            dict.compile();
            let dict: &'static _ = Box::leak(Box::new(dict));
            let model = load_model(args.dicts.model.as_deref())?;
            let model: &'static _ = Box::leak(Box::new(model.into_owned()));
            let coder_id = store.coder_id(&coder_version(&args.dicts)?)?;
            let coder = Coder::new(
                dict,
                model,
                CodeOptions {
                    require_dyad: true,
                    identified_only: true,
                    ..CodeOptions::default()
                },
            );
            Some(Arc::new(Ingestor {
                coder,
                dict,
                store: Mutex::new(store),
                coder_id,
            }))
        }
    };
    let options = ServerOptions {
        db: db.clone(),
        token: args.token.clone(),
        ingest,
        max_body_bytes: args.max_body_bytes,
        facts_in_memory: !args.no_facts_in_memory,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .with_context(|| format!("cannot listen on {}", args.bind))?;
        let addr = listener.local_addr()?;
        eprintln!(
            "dyad serve: listening on http://{addr} ({}; store {})",
            if options.token.is_some() {
                "documents may be posted with the token"
            } else {
                "read-only"
            },
            db.display()
        );
        if !addr.ip().is_loopback() {
            eprintln!("dyad serve: warning: {addr} is reachable from other machines");
        }
        dyad_serve::serve(listener, options)
            .await
            .context("serving")?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
