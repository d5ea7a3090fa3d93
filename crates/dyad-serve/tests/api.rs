//! The JSON API over a real socket, on a store filled with records written
//! for the test.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;

use dyad_code::record::{EventActor, EventRecord, Evidence, Mention, Plover};
use dyad_store::{NewDocument, Store};
use serde_json::Value;

fn actor(code: &str) -> EventActor {
    EventActor {
        code: code.into(),
        country: Some(code[..3].into()),
        igo: None,
        name: code.into(),
        span: Some([0, 6]),
    }
}

fn record(doc: &str, s: &str, t: &str, cameo: &str, quad: u8, g: f32, date: &str) -> EventRecord {
    EventRecord {
        doc_id: doc.into(),
        sentence_index: 0,
        sentence_span: [0, 40],
        text: "Russia and Moldova signed an agreement.".into(),
        source: actor(s),
        target: actor(t),
        cameo: cameo.into(),
        root: cameo[..2].into(),
        quad,
        goldstein: Some(g),
        plover: Plover {
            event_type: None,
            mode: None,
        },
        date: Some(date.into()),
        location: None,
        negated: false,
        speaker: None,
        evidence: Evidence {
            verb: [19, 25],
            pattern: "*".into(),
            dictionary: "test".into(),
        },
        mentions: vec![Mention {
            sentence_index: 0,
            sentence_span: [0, 40],
            verb: [19, 25],
        }],
    }
}

fn document(id: &str) -> NewDocument {
    let text = "Russia and Moldova signed an agreement.";
    NewDocument {
        url: Some(format!("https://news.example/{id}")),
        source: Some("Wire".into()),
        published: Some("2023-03-01".into()),
        ..dyad_store::synthetic::single_sentence(id, id, text)
    }
}

/// The store of `server()`, once it runs.
static STORE: OnceLock<std::path::PathBuf> = OnceLock::new();

/// One server for all tests, on a store of three documents.
fn server() -> SocketAddr {
    static ADDR: OnceLock<(tempfile::TempDir, SocketAddr)> = OnceLock::new();
    ADDR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let mut s = Store::open(&db).unwrap();
        let c = dyad_store::synthetic::coder(&mut s);
        s.add(
            &[
                (
                    document("a"),
                    vec![record("a", "RUS", "MDA", "057", 1, 8.0, "2023-01-10")],
                ),
                (
                    document("b"),
                    vec![record("b", "MDA", "RUS", "163", 4, -8.0, "2023-03-05")],
                ),
                (
                    document("c"),
                    vec![record("c", "MDA", "RUS", "174", 4, -5.0, "2023-03-20")],
                ),
            ],
            c,
            &|_| None,
        )
        .unwrap();
        drop(s);
        let addr = dyad_serve::serve_for_bench(&db);
        let _ = STORE.set(db);
        (dir, addr)
    })
    .1
}

/// A GET over HTTP/1.1: (status, headers, body).
fn get(path: &str) -> (u16, String, String) {
    request(&format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    ))
}

fn request(raw: &str) -> (u16, String, String) {
    let mut stream = loop {
        match TcpStream::connect(server()) {
            Ok(s) => break s,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    };
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_owned(), body.to_owned())
}

fn json(path: &str) -> Value {
    let (status, _, body) = get(path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn events_filter_and_page() {
    let all = json("/api/events");
    assert_eq!(all["total"], 3);
    let conflict = json("/api/events?source=MDA&quad=3,4");
    assert_eq!(conflict["total"], 2);
    let one = json("/api/events?between=RUS,MDA&limit=1&offset=1");
    assert_eq!(one["events"].as_array().unwrap().len(), 1);
    assert_eq!(one["total"], 3);
    let march = json("/api/events?from=2023-03&to=2023-03&code=16");
    assert_eq!(march["total"], 1);
    assert_eq!(march["events"][0]["cameo"], "163");
}

#[test]
fn relations_network_actors_health() {
    let rel = json("/api/relations?between=RUS,MDA&undirected=true&period=month");
    let rows = rel["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["period"], "2023-03");
    assert_eq!(rows[1]["material_conflict"], 2);
    let net = json("/api/network");
    let edge = net["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "MDA")
        .unwrap();
    assert_eq!(edge["events"], 2);
    assert_eq!(json("/api/actors")["actors"][0]["code"], "MDA");
    assert_eq!(json("/api/health")["events"], 3);
    let doc = json("/api/documents/b");
    assert_eq!(doc["events"][0]["cameo"], "163");
}

#[test]
fn mistakes_are_clear_json_errors() {
    for (path, word) in [
        ("/api/events?quad=9", "quad"),
        ("/api/events?from=someday", "from"),
        ("/api/events?limit=many", "limit"),
        ("/api/relations?period=decade", "period"),
        ("/api/events?q=%22unclosed", "full-text"),
    ] {
        let (status, _, body) = get(path);
        assert_eq!(status, 400, "{path}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert!(
            v["error"].as_str().unwrap().contains(word),
            "{path}: {body}"
        );
    }
    let (status, _, body) = get("/api/documents/nothing");
    assert_eq!(status, 404);
    assert!(body.contains("error"));
}

#[test]
fn a_read_only_server_refuses_documents() {
    let (status, _, body) = request(
        "POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer whatever\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("read-only"));
}

#[test]
fn the_openapi_document_names_every_route() {
    let spec = json("/api/openapi.json");
    assert_eq!(spec["openapi"], "3.1.0");
    for p in [
        "/api/events",
        "/api/relations",
        "/api/actors",
        "/api/network",
        "/api/search",
        "/api/documents",
        "/api/documents/{id}",
    ] {
        assert!(spec["paths"].get(p).is_some(), "{p}");
    }
}

#[test]
fn responses_allow_only_the_servers_own_resources() {
    let (_, head, _) = get("/api/health");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-security-policy: default-src 'self'"));
    assert!(head.contains("x-content-type-options: nosniff"));
    let (status, _, body) = get("/assets/..%2F..%2FCargo.toml");
    assert_eq!(status, 404);
    assert!(!body.contains("[package]"));
}

/// A JSON GET on the server at `addr`.
fn json_at(addr: SocketAddr, path: &str) -> Value {
    let mut stream = loop {
        match TcpStream::connect(addr) {
            Ok(s) => break s,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    };
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).unwrap()
}

/// Waits until the server says the events' facts are in memory.
fn facts_in_memory(addr: SocketAddr) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let h = json_at(addr, "/api/health");
        if h["facts_in_memory"] == true {
            return h;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the facts were not read in 30 s: {h}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn answers_change_when_the_store_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut s = Store::open(&db).unwrap();
    let c = dyad_store::synthetic::coder(&mut s);
    s.add(
        &[(
            document("a"),
            vec![record("a", "RUS", "MDA", "057", 1, 8.0, "2023-01-10")],
        )],
        c,
        &|_| None,
    )
    .unwrap();
    let addr = dyad_serve::serve_for_bench(&db);
    assert_eq!(facts_in_memory(addr)["events"], 1);
    let total = |path: &str| json_at(addr, path)["total"].clone();
    assert_eq!(total("/api/events?actor=MDA"), 1);
    assert_eq!(
        total("/api/events?actor=MDA"),
        1,
        "served again (from the cache)"
    );
    // An ingest while the server runs: neither the cached answer nor the
    // facts in memory may hide it.
    s.add(
        &[(
            document("b"),
            vec![record("b", "MDA", "RUS", "163", 4, -8.0, "2023-03-05")],
        )],
        c,
        &|_| None,
    )
    .unwrap();
    assert_eq!(total("/api/events?actor=MDA"), 2, "the cache noticed");
    assert_eq!(total("/api/events?actor=RUS"), 2, "a new question, at once");
    let edges = |path: &str| json_at(addr, path)["edges"].as_array().unwrap().len();
    assert_eq!(edges("/api/network"), 2);
    // The facts are read again, and answer with the new event.
    assert_eq!(facts_in_memory(addr)["events"], 2);
    assert_eq!(total("/api/events?source=MDA&to=2023-12-31"), 1);
    assert_eq!(edges("/api/network?from=2023-01-01"), 2);
    let rows = json_at(
        addr,
        "/api/relations?between=RUS,MDA&undirected=true&period=year",
    );
    assert_eq!(rows["rows"][0]["events"], 2, "{rows}");
}

#[test]
fn a_server_without_facts_in_memory_answers_the_same_by_sql() {
    let by_sql = dyad_serve::serve_in_background(dyad_serve::ServerOptions {
        facts_in_memory: false,
        ..dyad_serve::ServerOptions::read_only({
            server();
            STORE.get().unwrap().clone()
        })
    });
    facts_in_memory(server());
    let health = json_at(by_sql, "/api/health");
    assert_eq!(health["facts_in_memory"], false, "{health}");
    assert_eq!(health["events"], 3);
    for path in [
        "/api/events?between=RUS,MDA&limit=2&offset=1",
        "/api/relations?between=RUS,MDA&undirected=true&period=month",
        "/api/network?from=2023-01-01&to=2023-12-31",
        "/api/actors?limit=5",
    ] {
        assert_eq!(json_at(by_sql, path), json(path), "{path}");
    }
}
