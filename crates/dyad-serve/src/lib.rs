//! `dyad serve`: the event store over HTTP — a JSON API (documented at
//! `/api/openapi.json`) and a dashboard of server-rendered HTML and SVG.
//!
//! The main types: [`ServerOptions`] (the store, the write token, the
//! [`Ingest`] seam through which `POST /api/documents` codes documents),
//! [`router`] (every route), [`serve`] (runs it on a listener). Reads open
//! the store read-only (one connection per worker thread), so the server
//! keeps answering while an ingest writes.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! let options = dyad_serve::ServerOptions::read_only("dyad.db".into());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! dyad_serve::serve(listener, options).await
//! # }
//! ```
//!
//! Untrusted text: every document, name and sentence shown in a page is
//! escaped (`pages`); responses carry a Content-Security-Policy that allows
//! only the server's own script and style; request bodies are bounded; the
//! write token is compared in constant time; assets are a fixed set
//! compiled into the binary (no file system paths from requests).

pub mod pages;
pub mod regions;
pub mod view;

mod api;
mod cache;
mod facts;
mod html;
mod openapi;
mod params;

use std::cell::RefCell;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use dyad_store::{Store, StoreError};

/// What `POST /api/documents` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestResult {
    /// Documents stored (new or replaced).
    pub stored: usize,
    /// Events reported by them.
    pub events: usize,
    /// Documents already stored with the same text.
    pub unchanged: usize,
    /// Documents or records that could not be read.
    pub errors: Vec<String>,
}

/// The seam through which the server codes and stores documents: the
/// `dyad` binary implements it with its coding pipeline.
pub trait Ingest: Send + Sync + 'static {
    /// Codes and stores the documents of one request body (`format`: as
    /// the content type says, or `None` to guess).
    fn ingest(
        &self,
        body: Vec<u8>,
        format: Option<dyad_ingest::InputFormat>,
    ) -> Result<IngestResult, String>;
}

/// How the server runs.
#[derive(Clone)]
pub struct ServerOptions {
    pub db: PathBuf,
    /// The write token; `None`: the server is read-only.
    pub token: Option<String>,
    /// Codes and stores posted documents (needed with a token).
    pub ingest: Option<Arc<dyn Ingest>>,
    /// The largest request body accepted.
    pub max_body_bytes: usize,
    /// Whether aggregates and listings are answered from the events'
    /// facts held in memory (about 70 MB per million events) rather than
    /// by SQL alone.
    pub facts_in_memory: bool,
}

impl ServerOptions {
    pub fn read_only(db: PathBuf) -> ServerOptions {
        ServerOptions {
            db,
            token: None,
            ingest: None,
            max_body_bytes: 16 << 20,
            facts_in_memory: true,
        }
    }
}

pub(crate) struct AppState {
    pub options: ServerOptions,
    pub cache: cache::ResponseCache,
    /// `None` when the server answers by SQL alone.
    pub facts: Option<Arc<facts::FactsSlot>>,
}

pub(crate) type State = Arc<AppState>;

/// An error answered to a request: its status and a message.
#[derive(Debug)]
pub(crate) struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        match e {
            // A query's own mistake (a full-text syntax error).
            StoreError::Invalid { detail, .. } => Failure::bad_request(detail),
            StoreError::Missing { .. } => Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the store is empty: ingest documents first",
            ),
            other => Failure::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

thread_local! {
    /// Each blocking worker keeps its read-only connection.
    static READER: RefCell<Option<(PathBuf, Store)>> = const { RefCell::new(None) };
}

/// Runs `f` on a read-only connection to the store (with the store's
/// facts in memory when they are fresh), on the blocking pool.
pub(crate) async fn read<T: Send + 'static>(
    state: &State,
    f: impl FnOnce(&facts::Reader<'_>) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let db = state.options.db.clone();
    let slot = state.facts.clone();
    // When the question was asked, and how the store's files looked: the
    // answer is at least as new as that.
    let asked = std::time::Instant::now();
    let stamp = cache::Stamp::of(&db);
    tokio::task::spawn_blocking(move || {
        READER.with(|cell| {
            let mut reader = cell.borrow_mut();
            if reader.as_ref().is_none_or(|(p, _)| *p != db) {
                *reader = Some((db.clone(), Store::open_read_only(&db)?));
            }
            let (_, store) = reader.as_ref().expect("opened above");
            f(&facts::Reader {
                store,
                slot,
                asked: (stamp, asked),
                facts: std::cell::OnceCell::new(),
            })
        })
    })
    .await
    .unwrap_or_else(|e| {
        Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("a worker failed: {e}"),
        ))
    })
}

/// Headers every response carries: only the server's own resources, no
/// sniffing, no framing, no referrer leaving the machine.
async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    response
}

/// Every route of the server.
pub fn router(options: ServerOptions) -> Router {
    let limit = options.max_body_bytes;
    let facts = options.facts_in_memory.then(|| {
        let slot = facts::FactsSlot::new(options.db.clone());
        // Read at once, so that the first questions find them.
        slot.start_reading();
        slot
    });
    let state: State = Arc::new(AppState {
        options,
        cache: cache::ResponseCache::default(),
        facts,
    });
    Router::new()
        .route("/", get(html::network))
        .route("/dyad/{a}/{b}", get(html::dyad))
        .route("/actor/{code}", get(html::actor))
        .route("/documents/{*id}", get(html::document))
        .route("/assets/{name}", get(html::asset))
        .route("/api/health", get(api::health))
        .route("/api/events", get(api::events))
        .route("/api/relations", get(api::relations))
        .route("/api/actors", get(api::actors))
        .route("/api/network", get(api::network))
        .route("/api/documents/{*id}", get(api::document))
        .route("/api/documents", post(api::post_documents))
        .route("/api/search", get(api::search))
        .route("/api/openapi.json", get(openapi::document))
        .fallback(html::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::layer,
        ))
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Serves on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    options: ServerOptions,
) -> std::io::Result<()> {
    axum::serve(listener, router(options)).await
}

/// Starts a read-only server on a free loopback port in a background
/// thread and returns its address (for benchmarks and tests).
pub fn serve_for_bench(db: &Path) -> SocketAddr {
    serve_in_background(ServerOptions::read_only(db.to_owned()))
}

/// Starts a server with `options` on a free loopback port in a background
/// thread and returns its address (for benchmarks and tests).
pub fn serve_in_background(options: ServerOptions) -> SocketAddr {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = std_listener.local_addr().expect("an address");
    std_listener.set_nonblocking(true).expect("non-blocking");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("a listener");
            let _ = serve(listener, options).await;
        });
    });
    addr
}

/// A JSON error body.
pub(crate) fn json_error(f: Failure) -> Response {
    (
        f.status,
        axum::Json(serde_json::json!({ "error": f.message })),
    )
        .into_response()
}
