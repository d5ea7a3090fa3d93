//! A cache of whole GET responses, dropped as soon as the store changes.
//!
//! Dashboards and scripts ask the same questions again and again (the
//! network of this year, a dyad's timeline); between two ingests the
//! answers cannot change. The store's files tell when they do: any commit
//! changes the size or the modification time of the database or its
//! write-ahead log, so a response is served from memory only while both
//! are as they were when it was computed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State as Extract};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::State;

/// What the store's files look like now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(Vec<Option<(u64, SystemTime)>>);

impl Stamp {
    pub fn of(db: &Path) -> Stamp {
        let wal = PathBuf::from(format!("{}-wal", db.display()));
        Stamp(
            [db, wal.as_path()]
                .iter()
                .map(|p| {
                    std::fs::metadata(p)
                        .ok()
                        .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
                })
                .collect(),
        )
    }
}

/// Entries kept at most; responses larger than this are not kept.
const ENTRIES: usize = 1024;
const LARGEST: usize = 2 << 20;

#[derive(Default)]
pub struct ResponseCache {
    entries: Mutex<HashMap<String, (Stamp, HeaderValue, Bytes)>>,
}

pub async fn layer(Extract(state): Extract<State>, request: Request, next: Next) -> Response {
    // Health says how the server is now: never from memory.
    if request.method() != Method::GET || request.uri().path() == "/api/health" {
        return next.run(request).await;
    }
    let key = request.uri().to_string();
    let stamp = Stamp::of(&state.options.db);
    let hit = {
        let entries = state
            .cache
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        entries
            .get(&key)
            .filter(|(s, _, _)| *s == stamp)
            .map(|(_, t, b)| (t.clone(), b.clone()))
    };
    if let Some((kind, body)) = hit {
        let mut r = Response::new(Body::from(body));
        r.headers_mut().insert(header::CONTENT_TYPE, kind);
        return r;
    }
    let response = next.run(request).await;
    let kind = response.headers().get(header::CONTENT_TYPE).cloned();
    let (Some(kind), StatusCode::OK) = (kind, response.status()) else {
        return response;
    };
    // Only bodies of a known, modest size are kept; others pass through.
    use axum::body::HttpBody;
    match response.body().size_hint().exact() {
        Some(n) if n as usize <= LARGEST => {}
        _ => return response,
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, LARGEST).await {
        Ok(b) => b,
        Err(e) => {
            return Response::from_parts(
                parts,
                Body::from(format!("the response could not be read: {e}")),
            )
        }
    };
    {
        let mut entries = state
            .cache
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if entries.len() >= ENTRIES {
            entries.clear();
        }
        entries.insert(key, (stamp, kind, bytes.clone()));
    }
    Response::from_parts(parts, Body::from(bytes))
}
