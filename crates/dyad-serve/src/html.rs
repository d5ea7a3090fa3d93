//! The dashboard's routes: gather a page's data from the store, render it
//! with `pages`.

use axum::extract::{Path, RawQuery, State as Extract};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use dyad_store::{EventFilter, EventOrder, Period, RelationOptions, RelationRow, Store};
use serde_json::Value;

use crate::params::Params;
use crate::view::{
    ActorView, DocumentEvent, DocumentView, DyadView, EventView, Evidence, NetworkView,
};
use crate::{pages, read, regions, Failure, State};

const STYLE: &str = include_str!("../assets/dyad.css");
const SCRIPT: &str = include_str!("../assets/dyad.js");

/// Events listed on a dyad or actor page.
const LISTED: usize = 100;

fn page(r: Result<String, Failure>) -> Response {
    match r {
        Ok(html) => Html(html).into_response(),
        Err(f) => (
            f.status,
            Html(pages::error_page(f.status.as_u16(), &f.message)),
        )
            .into_response(),
    }
}

pub async fn not_found() -> Response {
    page(Err(Failure::not_found("There is nothing here.")))
}

/// The fixed set of assets compiled into the binary: no path from a
/// request ever reaches the file system.
pub async fn asset(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "dyad.css" => (STYLE, "text/css; charset=utf-8"),
        "dyad.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        _ => return not_found().await,
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// The CAMEO label of a code.
fn label(code: &str) -> String {
    dyad_dict::Ontology::builtin()
        .get(code)
        .map(|c| c.label.clone())
        .unwrap_or_default()
}

fn span(v: &Value) -> Option<[usize; 2]> {
    let a = v.as_array()?;
    Some([a.first()?.as_u64()? as usize, a.get(1)?.as_u64()? as usize])
}

/// A span of the document made relative to the sentence that starts at
/// `start` (characters); `None` when it lies outside.
fn within(s: Option<[usize; 2]>, start: usize) -> Option<[usize; 2]> {
    let [a, b] = s?;
    (a >= start && b >= a).then(|| [a - start, b - start])
}

/// The evidence of a report's record (JSON as the coder wrote it).
fn evidence(record: &Value) -> Option<Evidence> {
    let sentence = record["text"].as_str()?.to_owned();
    let start = span(&record["sentence_span"])?[0];
    Some(Evidence {
        sentence,
        source: within(span(&record["source"]["span"]), start),
        target: within(span(&record["target"]["span"]), start),
        verb: within(span(&record["evidence"]["verb"]), start),
    })
}

/// Events with the evidence of their first reports.
fn event_views(s: &Store, events: Vec<dyad_store::StoredEvent>) -> Result<Vec<EventView>, Failure> {
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let records: std::collections::HashMap<i64, String> =
        s.first_records(&ids)?.into_iter().collect();
    Ok(events
        .into_iter()
        .map(|e| {
            let evidence = records
                .get(&e.id)
                .and_then(|r| serde_json::from_str::<Value>(r).ok())
                .and_then(|v| evidence(&v));
            EventView {
                label: label(&e.cameo),
                event: e,
                evidence,
            }
        })
        .collect())
}

/// The store filter of a dashboard view (the region is applied to the
/// network afterwards).
fn store_filter(p: &Params) -> Result<EventFilter, Failure> {
    p.event_filter()
}

pub async fn network(Extract(state): Extract<State>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref());
    let filters = p.filters();
    let filter = match store_filter(&p) {
        Ok(f) => f,
        Err(f) => return page(Err(f)),
    };
    page(
        read(&state, move |s| {
            let mut network = s.network(&filter)?;
            if let Some(region) = filters.region.as_deref() {
                let inside = |side: &str| regions::region_of(side) == Some(region);
                network
                    .edges
                    .retain(|e| inside(&e.source) || inside(&e.target));
                network.nodes.retain(|n| {
                    network
                        .edges
                        .iter()
                        .any(|e| e.source == n.id || e.target == n.id)
                });
            }
            Ok(pages::network_page(&NetworkView {
                filters: &filters,
                network: &network,
                regions: regions::REGIONS,
            }))
        })
        .await,
    )
}

pub async fn dyad(
    Extract(state): Extract<State>,
    Path((a, b)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    let p = Params::parse(q.as_deref());
    let filters = p.filters();
    let mut filter = match store_filter(&p) {
        Ok(f) => f,
        Err(f) => return page(Err(f)),
    };
    filter.between = Some((a.clone(), b.clone()));
    page(
        read(&state, move |s| {
            let timeline = s.relations(
                &filter,
                RelationOptions {
                    period: Period::Month,
                    undirected: true,
                },
            )?;
            let total = s.count_events(&filter)?;
            let events = event_views(s, s.events(&filter, EventOrder::Newest, Some(LISTED), 0)?)?;
            Ok(pages::dyad_page(&DyadView {
                filters: &filters,
                a: &a,
                b: &b,
                timeline: &timeline,
                events: &events,
                total,
            }))
        })
        .await,
    )
}

/// A dyad's rows of every year summed into one row per direction.
fn over_the_period(rows: Vec<RelationRow>) -> Vec<RelationRow> {
    let mut out: Vec<RelationRow> = Vec::new();
    for r in rows {
        match out
            .iter_mut()
            .find(|o| o.source == r.source && o.target == r.target)
        {
            Some(o) => {
                let (n, m) = (o.events as f64, r.events as f64);
                o.goldstein_mean = match (o.goldstein_mean, r.goldstein_mean) {
                    (Some(x), Some(y)) => Some((x * n + y * m) / (n + m)),
                    (x, y) => x.or(y),
                };
                o.events += r.events;
                o.verbal_cooperation += r.verbal_cooperation;
                o.material_cooperation += r.material_cooperation;
                o.verbal_conflict += r.verbal_conflict;
                o.material_conflict += r.material_conflict;
                o.goldstein_sum += r.goldstein_sum;
                o.net_cooperation = ((o.verbal_cooperation + o.material_cooperation)
                    - (o.verbal_conflict + o.material_conflict))
                    as f64
                    / o.events.max(1) as f64;
            }
            None => out.push(RelationRow {
                period: "all".into(),
                change_events: 0,
                change_goldstein_mean: None,
                change_net_cooperation: 0.0,
                ..r
            }),
        }
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.events));
    out
}

pub async fn actor(
    Extract(state): Extract<State>,
    Path(code): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let p = Params::parse(q.as_deref());
    let filters = p.filters();
    let mut filter = match store_filter(&p) {
        Ok(f) => f,
        Err(f) => return page(Err(f)),
    };
    filter.actor = vec![code.clone()];
    page(
        read(&state, move |s| {
            let actors = s.actors(&filter, None)?;
            let actor = actors.iter().find(|a| a.code == code);
            let partners = over_the_period(s.relations(
                &filter,
                RelationOptions {
                    period: Period::Year,
                    undirected: false,
                },
            )?);
            let total = s.count_events(&filter)?;
            let events = event_views(s, s.events(&filter, EventOrder::Newest, Some(LISTED), 0)?)?;
            Ok(pages::actor_page(&ActorView {
                filters: &filters,
                code: &code,
                actor,
                partners: &partners,
                events: &events,
                total,
            }))
        })
        .await,
    )
}

pub async fn document(Extract(state): Extract<State>, Path(id): Path<String>) -> Response {
    page(
        read(&state, move |s| {
            let Some(d) = s.document_detail(&id)? else {
                return Err(Failure::not_found("No document has this id."));
            };
            let events = d
                .reports
                .iter()
                .filter_map(|(event, record)| {
                    let v: Value = serde_json::from_str(record).ok()?;
                    let cameo = v["cameo"].as_str().unwrap_or("").to_owned();
                    Some(DocumentEvent {
                        event_id: Some(*event),
                        source_code: v["source"]["code"].as_str().unwrap_or("").to_owned(),
                        target_code: v["target"]["code"].as_str().unwrap_or("").to_owned(),
                        label: label(&cameo),
                        cameo,
                        quad: v["quad"].as_u64().unwrap_or(0).min(4) as u8,
                        goldstein: v["goldstein"].as_f64().map(|g| g as f32),
                        sentence: span(&v["sentence_span"])?,
                        source: span(&v["source"]["span"]),
                        target: span(&v["target"]["span"]),
                        verb: span(&v["evidence"]["verb"]),
                    })
                })
                .collect();
            Ok(pages::document_page(&DocumentView {
                doc_id: d.doc_id,
                url: d.url,
                publisher: d.publisher,
                published: d.published,
                title: d.title,
                text: d.text,
                events,
            }))
        })
        .await,
    )
}
