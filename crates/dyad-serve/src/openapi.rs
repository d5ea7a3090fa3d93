//! `/api/openapi.json`: the API described for programs (OpenAPI 3.1).

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

fn filters() -> Vec<Value> {
    let p = |name: &str, description: &str| {
        json!({ "name": name, "in": "query", "required": false,
                "description": description, "schema": { "type": "string" } })
    };
    vec![
        p("actor", "An actor on either side: a country (RUS), an organisation (IGO:NATO), an actor code or prefix (RUSGOV). Repeat or separate with commas: all must take part."),
        p("source", "The source side (as actor)."),
        p("target", "The target side (as actor)."),
        p("between", "Two actors, either direction: A,B."),
        p("code", "CAMEO codes or prefixes (04, 042), comma-separated."),
        p("quad", "QuadClasses 1-4, comma-separated."),
        p("from", "Events dated on or after: YYYY, YYYY-MM or YYYY-MM-DD."),
        p("to", "Events dated on or before."),
        p("goldstein_min", "Lowest Goldstein score."),
        p("goldstein_max", "Highest Goldstein score."),
        p("publisher", "Reported by this publisher (a document's source)."),
        p("q", "Full-text query over the reporting sentences (SQLite FTS5 syntax)."),
        p("include_negated", "true: also events the text says did not happen."),
    ]
}

fn page() -> Vec<Value> {
    vec![
        json!({ "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 0, "maximum": 1000, "default": 50 } }),
        json!({ "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0, "default": 0 } }),
    ]
}

fn get(summary: &str, params: Vec<Value>, schema: &str) -> Value {
    json!({ "get": {
        "summary": summary,
        "parameters": params,
        "responses": {
            "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } },
            "400": { "description": "A parameter is not understood", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        }
    }})
}

pub fn spec() -> Value {
    let with = |mut a: Vec<Value>, b: Vec<Value>| {
        a.extend(b);
        a
    };
    let period = json!({ "name": "period", "in": "query", "schema": { "type": "string", "enum": ["day", "week", "month", "quarter", "year"], "default": "month" } });
    let undirected = json!({ "name": "undirected", "in": "query", "schema": { "type": "boolean", "default": false } });
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/api/health".into(),
        get(
            "The store's counts and whether the events' facts are in memory (never cached)",
            vec![],
            "Health",
        ),
    );
    paths.insert(
        "/api/events".into(),
        get(
            "Events matching the filters, newest first (order=oldest for the reverse)",
            with(filters(), page()),
            "EventPage",
        ),
    );
    paths.insert(
        "/api/relations".into(),
        get(
            "Aggregates per dyad and period: counts per QuadClass, Goldstein sum and mean, net cooperation index, change against the previous period",
            with(filters(), vec![period, undirected]),
            "Relations",
        ),
    );
    paths.insert(
        "/api/actors".into(),
        get(
            "Activity per actor, most active first",
            with(filters(), page()),
            "Actors",
        ),
    );
    paths.insert(
        "/api/network".into(),
        get(
            "The relations network of the matching events",
            filters(),
            "Network",
        ),
    );
    paths.insert(
        "/api/search".into(),
        get(
            "Sentences matching a full-text query",
            with(
                vec![json!({ "name": "q", "in": "query", "required": true, "schema": { "type": "string" } })],
                page(),
            ),
            "Search",
        ),
    );
    paths.insert(
        "/api/documents/{id}".into(),
        json!({ "get": {
            "summary": "A document: its text, sentences and coded events (character spans into the text)",
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": {
                "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Document" } } } },
                "404": { "description": "No such document", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
        }}),
    );
    paths.insert(
        "/api/documents".into(),
        json!({ "post": {
            "summary": "Code and store documents (needs the server's write token)",
            "security": [{ "token": [] }],
            "requestBody": { "required": true, "content": {
                "application/json": { "schema": { "type": "object", "description": "One JSON Lines document per line: id, text or html, url, published, source, speaker" } },
                "text/html": { "schema": { "type": "string" } },
                "text/plain": { "schema": { "type": "string" } }
            }},
            "responses": {
                "201": { "description": "Stored", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Ingested" } } } },
                "400": { "description": "Nothing could be read" },
                "401": { "description": "A missing or wrong token" },
                "403": { "description": "The server is read-only (started without a token)" },
                "413": { "description": "The body is too large" }
            }
        }}),
    );
    let obj = |props: Value| json!({ "type": "object", "properties": props });
    let actor = obj(
        json!({ "code": { "type": "string" }, "country": { "type": ["string", "null"] }, "igo": { "type": ["string", "null"] }, "name": { "type": "string" } }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "dyad",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Coded political events (CAMEO, PLOVER, Goldstein, QuadClass) from a dyad store. Dates are YYYY, YYYY-MM or YYYY-MM-DD, as precise as the reports know them."
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": obj(json!({ "error": { "type": "string" } })),
                "Health": obj(json!({ "ok": { "type": "boolean" }, "events": { "type": "integer" }, "documents": { "type": "integer" }, "facts_in_memory": { "type": "boolean", "description": "whether aggregates are answered from the events' facts held in memory (false while they are read after a change: SQL answers, slower)" }, "facts_bytes": { "type": "integer", "description": "the memory they hold" } })),
                "Actor": actor,
                "Event": obj(json!({
                    "id": { "type": "integer" }, "date": { "type": ["string", "null"] }, "day": { "type": ["integer", "null"] },
                    "precision": { "type": "string", "enum": ["none", "year", "month", "day"] },
                    "source": { "$ref": "#/components/schemas/Actor" }, "target": { "$ref": "#/components/schemas/Actor" },
                    "cameo": { "type": "string" }, "root": { "type": "string" }, "quad": { "type": "integer" },
                    "goldstein": { "type": ["number", "null"] }, "plover_type": { "type": ["string", "null"] }, "plover_mode": { "type": ["string", "null"] },
                    "negated": { "type": "boolean" }, "location_name": { "type": ["string", "null"] }, "location_country": { "type": ["string", "null"] },
                    "num_mentions": { "type": "integer" }, "num_articles": { "type": "integer" }, "num_sources": { "type": "integer" },
                    "document_id": { "type": "string" }, "url": { "type": ["string", "null"] }, "sentence": { "type": "string" }, "added_micros": { "type": "integer" }
                })),
                "EventPage": obj(json!({ "total": { "type": "integer" }, "limit": { "type": "integer" }, "offset": { "type": "integer" }, "events": { "type": "array", "items": { "$ref": "#/components/schemas/Event" } } })),
                "Relations": obj(json!({ "rows": { "type": "array", "items": obj(json!({
                    "source": { "type": "string" }, "target": { "type": "string" }, "period": { "type": "string" }, "events": { "type": "integer" },
                    "verbal_cooperation": { "type": "integer" }, "material_cooperation": { "type": "integer" }, "verbal_conflict": { "type": "integer" }, "material_conflict": { "type": "integer" },
                    "goldstein_sum": { "type": "number" }, "goldstein_mean": { "type": ["number", "null"] }, "net_cooperation": { "type": "number" },
                    "change_events": { "type": "integer" }, "change_goldstein_mean": { "type": ["number", "null"] }, "change_net_cooperation": { "type": "number" }
                })) } })),
                "Actors": obj(json!({ "actors": { "type": "array", "items": { "type": "object" } } })),
                "Network": obj(json!({
                    "nodes": { "type": "array", "items": obj(json!({ "id": { "type": "string" }, "as_source": { "type": "integer" }, "as_target": { "type": "integer" }, "events": { "type": "integer" } })) },
                    "edges": { "type": "array", "items": obj(json!({ "source": { "type": "string" }, "target": { "type": "string" }, "events": { "type": "integer" }, "cooperation": { "type": "integer" }, "conflict": { "type": "integer" }, "goldstein_mean": { "type": ["number", "null"] } })) }
                })),
                "Search": obj(json!({ "sentences": { "type": "array", "items": obj(json!({ "doc_id": { "type": "string" }, "index": { "type": "integer" }, "start": { "type": "integer" }, "end": { "type": "integer" }, "text": { "type": "string" } })) } })),
                "Document": obj(json!({ "document": { "type": "object" }, "sentences": { "type": "array" }, "events": { "type": "array" } })),
                "Ingested": obj(json!({ "stored": { "type": "integer" }, "events": { "type": "integer" }, "unchanged": { "type": "integer" }, "errors": { "type": "array", "items": { "type": "string" } } }))
            }
        }
    })
}

pub async fn document() -> Response {
    Json(spec()).into_response()
}
