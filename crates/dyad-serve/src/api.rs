//! The JSON API.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as Extract};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_store::{EventOrder, Period, RelationOptions};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::params::Params;
use crate::{json_error, read, Failure, State};

/// A JSON answer, serialised straight from the value (no intermediate
/// `Value` tree: lists of thousands of edges are the common case).
fn answer<T: serde::Serialize>(r: Result<T, Failure>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(f) => json_error(f),
    }
}

/// Whether the server answers, what the store holds, and whether the
/// events' facts are in memory (aggregates answered from memory rather
/// than SQL). Never cached.
pub async fn health(Extract(state): Extract<State>) -> Response {
    answer(
        read(&state, |s| {
            let (events, documents, bytes) = match s.facts() {
                Some(f) => (f.len() as i64, f.documents(), f.heap_bytes()),
                None => {
                    let st = s.stats()?;
                    (st.events, st.documents, 0)
                }
            };
            Ok(json!({
                "ok": true, "events": events, "documents": documents,
                "facts_in_memory": s.facts().is_some(), "facts_bytes": bytes,
            }))
        })
        .await,
    )
}

pub async fn events(Extract(state): Extract<State>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let run = || -> Result<_, Failure> {
        let filter = p.event_filter()?;
        let (limit, offset) = p.page(50, 1000)?;
        let order = if p.get("order") == Some("oldest") {
            EventOrder::Oldest
        } else {
            EventOrder::Newest
        };
        Ok((filter, limit, offset, order))
    };
    let (filter, limit, offset, order) = match run() {
        Ok(x) => x,
        Err(f) => return json_error(f),
    };
    answer(
        read(&state, move |s| {
            #[derive(serde::Serialize)]
            struct EventPage {
                total: i64,
                limit: usize,
                offset: usize,
                events: Vec<dyad_store::StoredEvent>,
            }
            let events = s.events(&filter, order, Some(limit), offset)?;
            let total = s.count_events(&filter)?;
            Ok(EventPage {
                total,
                limit,
                offset,
                events,
            })
        })
        .await,
    )
}

pub(crate) fn period(p: &Params) -> Result<Period, Failure> {
    Ok(match p.get("period").unwrap_or("month") {
        "day" => Period::Day,
        "week" => Period::Week,
        "month" => Period::Month,
        "quarter" => Period::Quarter,
        "year" => Period::Year,
        other => {
            return Err(Failure::bad_request(format!(
                "period={other:?}: expected day, week, month, quarter or year"
            )))
        }
    })
}

pub async fn relations(Extract(state): Extract<State>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let (filter, options) = match p.event_filter().and_then(|f| {
        Ok((
            f,
            RelationOptions {
                period: period(&p)?,
                undirected: p.get("undirected") == Some("true"),
            },
        ))
    }) {
        Ok(x) => x,
        Err(f) => return json_error(f),
    };
    answer(
        read(&state, move |s| {
            #[derive(serde::Serialize)]
            struct Relations {
                rows: Vec<dyad_store::RelationRow>,
            }
            Ok(Relations {
                rows: s.relations(&filter, options)?,
            })
        })
        .await,
    )
}

pub async fn actors(Extract(state): Extract<State>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let (filter, limit) = match p.event_filter().and_then(|f| Ok((f, p.page(50, 1000)?.0))) {
        Ok(x) => x,
        Err(f) => return json_error(f),
    };
    answer(
        read(&state, move |s| {
            #[derive(serde::Serialize)]
            struct Actors {
                actors: Vec<dyad_store::ActorRow>,
            }
            Ok(Actors {
                actors: s.actors(&filter, Some(limit))?,
            })
        })
        .await,
    )
}

pub async fn network(Extract(state): Extract<State>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let filter = match p.event_filter() {
        Ok(f) => f,
        Err(f) => return json_error(f),
    };
    answer(
        read(&state, move |s| {
            // Serialises as {"nodes": [...], "edges": [...]}.
            s.network(&filter).map_err(Failure::from)
        })
        .await,
    )
}

pub async fn document(Extract(state): Extract<State>, Path(id): Path<String>) -> Response {
    answer(
        read(&state, move |s| {
            let Some(d) = s.document_detail(&id)? else {
                return Err(Failure::not_found("no document with this id"));
            };
            let events: Vec<Value> = d
                .reports
                .iter()
                .map(|(event, record)| {
                    let mut v: Value = serde_json::from_str(record).unwrap_or(Value::Null);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("event_id".into(), json!(event));
                    }
                    v
                })
                .collect();
            Ok(json!({
                "document": {
                    "doc_id": d.doc_id, "url": d.url, "publisher": d.publisher,
                    "published": d.published, "title": d.title, "text": d.text,
                },
                "sentences": d.sentences,
                "events": events,
            }))
        })
        .await,
    )
}

pub async fn search(Extract(state): Extract<State>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let Some(query) = p.get("q").map(str::to_owned) else {
        return json_error(Failure::bad_request("q: give a full-text query"));
    };
    let limit = match p.page(50, 1000) {
        Ok((l, _)) => l,
        Err(f) => return json_error(f),
    };
    answer(
        read(&state, move |s| {
            Ok(json!({ "sentences": s.search_sentences(&query, limit)? }))
        })
        .await,
    )
}

/// Equal tokens, compared in time that does not depend on where they
/// differ (nor on their lengths: their digests are compared).
fn same_token(given: &str, expected: &str) -> bool {
    let a = Sha256::digest(given.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

pub async fn post_documents(
    Extract(state): Extract<State>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(token) = state.options.token.as_deref() else {
        return json_error(Failure::new(
            StatusCode::FORBIDDEN,
            "this server is read-only: start it with --token (or DYAD_TOKEN) to accept documents",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_token(given, token) {
        let mut r = json_error(Failure::new(
            StatusCode::UNAUTHORIZED,
            "a write token is needed: Authorization: Bearer TOKEN",
        ));
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return r;
    }
    let Some(ingest) = state.options.ingest.clone() else {
        return json_error(Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server has no coder to ingest with",
        ));
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    use dyad_ingest::InputFormat;
    let format = if content_type.starts_with("application/json")
        || content_type.starts_with("application/x-ndjson")
        || content_type.starts_with("application/jsonl")
    {
        Some(InputFormat::Jsonl)
    } else if content_type.starts_with("text/html") {
        Some(InputFormat::Html)
    } else if content_type.starts_with("text/plain") {
        Some(InputFormat::Text)
    } else {
        None
    };
    let body = body.to_vec();
    let result = tokio::task::spawn_blocking(move || ingest.ingest(body, format)).await;
    match result {
        Ok(Ok(r)) if r.stored == 0 && r.unchanged == 0 && !r.errors.is_empty() => json_error(
            Failure::bad_request(format!("nothing could be read: {}", r.errors.join("; "))),
        ),
        Ok(Ok(r)) => (StatusCode::CREATED, Json(json!(r))).into_response(),
        Ok(Err(e)) => json_error(Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e)),
        Err(e) => json_error(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the ingest failed: {e}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_compare_whole() {
        assert!(super::same_token("s3cret", "s3cret"));
        assert!(!super::same_token("s3cre", "s3cret"));
        assert!(!super::same_token("", "s3cret"));
    }
}
