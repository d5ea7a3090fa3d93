//! `dyad serve` end to end: the HTTP API's guards (write token, body
//! limit, paths outside the assets), the escaping of hostile documents in
//! every HTML page (raw HTTP), and a real headless Chromium walking the
//! dashboard: network → dyad timeline → the evidence in its document.
//!
//! The browser tests need `chromedriver` and Chromium (Debian: `apt-get
//! install chromium chromium-driver`); without them they print `SKIPPED:`
//! and pass, unless `DYAD_REQUIRE_BROWSER=1` (CI) makes that a failure.
//! Screenshots of every page visited go to `target/browser-screenshots/`.

mod webdriver;

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use webdriver::{clip, http, Browser};

// ---------------------------------------------------------------------------
// The store and the server

fn dyad() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dyad"));
    c.env_remove("DYAD_DB");
    c.env_remove("DYAD_TOKEN");
    c
}

const SCRIPT_ID: &str = "<script>alert(1)</script>";
const ATTR_ID: &str = "\" onmouseover=\"alert(1)";
const JS_ID: &str = "javascript:alert(1)";
/// An id that needs every kind of URL escaping (`/`, `?`, `#`, `&`, space,
/// non-ASCII): links to its document must encode it.
const ODD_ID: &str = "feeds/ru?x=1#frag é&amp;";

/// The test corpus: a few facts between Russia and Moldova in every
/// QuadClass over two months, Kazakhstan–Uzbekistan and Georgia–Armenia
/// agreements, and hostile documents whose ids, titles, texts, URLs and
/// publishers carry markup and script. Each hostile document reports a fact
/// no other does, so it is the evidence of its own event.
fn corpus() -> Vec<Value> {
    vec![
        json!({"id": "rus-mda-1", "text": "Russia and Moldova signed an agreement on trade. Moldova imposed sanctions against Russia.",
               "published": "2023-03-05", "source": "TASS", "url": "https://example.org/rus-mda-1"}),
        json!({"id": "t1", "text": "Russia sent humanitarian aid to Moldova.",
               "published": "2023-03-10", "source": "TASS", "url": "https://example.org/t1"}),
        json!({"id": "t2", "text": "Russia accused Moldova of provocations.",
               "published": "2023-03-11", "source": "Interfax", "url": "https://example.org/t2"}),
        json!({"id": ODD_ID, "text": "Moldova imposed sanctions against Russia.",
               "published": "2023-03-20", "source": "Interfax", "url": "https://example.org/q?a=1&b=<2>"}),
        json!({"id": "t3", "text": "Moldova criticized Russia.",
               "published": "2023-04-11", "source": "Moldpres", "url": "https://example.org/t3"}),
        json!({"id": SCRIPT_ID, "title": SCRIPT_ID,
               "text": "Moldova expelled two Russian diplomats. The note read <script>alert(1)</script> in full.",
               "published": "2023-04-02", "source": "<b>Evil</b><script>alert(1)</script> News", "url": "javascript:alert(1)"}),
        json!({"id": ATTR_ID, "title": "\" onmouseover=\"alert(1) x=\"",
               "text": "Russia and Moldova signed an agreement on energy. It said ' onmouseover='alert(1) and \" onmouseover=\"alert(1) too.",
               "published": "2023-07-01", "source": "\" onmouseover=\"alert(1)", "url": "\" onmouseover=\"alert(1)"}),
        json!({"id": JS_ID, "title": "</title><script>alert(1)</script>",
               "text": "Kazakhstan and Uzbekistan signed an agreement on water. </textarea><svg onload=alert(1)><img src=x onerror=alert(1)>",
               "published": "2023-08-09", "source": "<img src=x onerror=alert(1)>", "url": "JaVaScRiPt:alert(1)"}),
        json!({"id": "kaz", "text": "Kazakhstan and Uzbekistan signed an agreement on trade.",
               "published": "2024-01-15", "source": "Kazinform", "url": "https://example.org/kaz"}),
        json!({"id": "t4", "text": "Georgia and Armenia signed an agreement on transit.",
               "published": "2023-04-11", "source": "Armenpress", "url": "https://example.org/t4"}),
    ]
}

const HOSTILE_IDS: &[&str] = &[SCRIPT_ID, ATTR_ID, JS_ID, ODD_ID];

/// A store holding `corpus()`, in `dir`.
fn store(dir: &Path) -> PathBuf {
    let docs = dir.join("docs.jsonl");
    let mut text = String::new();
    for d in corpus() {
        text.push_str(&d.to_string());
        text.push('\n');
    }
    std::fs::write(&docs, text).unwrap();
    let db = dir.join("serve.db");
    let out = dyad()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(&docs)
        .stdin(Stdio::null())
        .output()
        .expect("dyad runs");
    assert!(
        out.status.success(),
        "dyad ingest: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// A running `dyad serve`, killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

const LISTENING: &str = "dyad serve: listening on http://";

impl Server {
    fn start(db: &Path, token: Option<&str>) -> Server {
        Self::start_with(db, token.map(|t| ("--token", t)))
    }

    /// `token`: how to give it: `("--token", T)` or `("DYAD_TOKEN", T)`.
    fn start_with(db: &Path, token: Option<(&str, &str)>) -> Server {
        let mut cmd = dyad();
        cmd.arg("serve")
            .arg("--db")
            .arg(db)
            .args(["--bind", "127.0.0.1:0"]);
        match token {
            Some(("--token", t)) => {
                cmd.args(["--token", t]);
            }
            Some((var, t)) => {
                cmd.env(var, t);
            }
            None => {}
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dyad serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        {
            let pipe = child.stderr.take().unwrap();
            let stderr = stderr.clone();
            std::thread::spawn(move || {
                let mut first = true;
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    if first {
                        let _ = tx.send(line.clone());
                        first = false;
                    }
                    let mut s = stderr.lock().unwrap();
                    s.push_str(&line);
                    s.push('\n');
                }
            });
        }
        let first = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                let status = child.wait().ok();
                panic!(
                    "dyad serve wrote no first line in 60 s (exit: {status:?}); stderr: {}",
                    stderr.lock().unwrap()
                );
            }
        };
        let Some(rest) = first.strip_prefix(LISTENING) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dyad serve's first line on stderr is not {LISTENING:?}...: {first:?}");
        };
        let hostport: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']'))
            .collect();
        let addr: SocketAddr = hostport
            .parse()
            .unwrap_or_else(|e| panic!("{hostport:?} in {first:?}: {e}"));
        assert!(addr.ip().is_loopback(), "bound to {addr}");
        assert_ne!(addr.port(), 0, "{first:?}");
        Server {
            child,
            addr,
            stderr,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get(&self, path: &str) -> http::Response {
        http::get(self.addr, path).unwrap_or_else(|e| panic!("{e}; server stderr: {}", self.log()))
    }

    fn get_json(&self, path: &str) -> Value {
        let r = self.get(path);
        assert_eq!(
            r.status,
            200,
            "GET {path}: {}; body: {}",
            r.status,
            clip(&r.text(), 600)
        );
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with("application/json")),
            "GET {path}: content-type {:?}",
            r.header("content-type")
        );
        r.json().unwrap()
    }

    fn post(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> http::Response {
        http::request(
            self.addr,
            "POST",
            path,
            headers,
            body,
            Duration::from_secs(60),
        )
        .unwrap_or_else(|e| panic!("{e}; server stderr: {}", self.log()))
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes everything but the unreserved characters (a path
/// segment or a query value).
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn int(v: &Value) -> i64 {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("not an integer: {v}"))
}

// ---------------------------------------------------------------------------
// HTML, read as a browser would (enough of it to find tags and attributes)

#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The start tags of an HTML document, attribute values decoded. Text,
/// comments, end tags and the raw text of script/style/title/textarea are
/// skipped the way the HTML tokenizer does.
fn start_tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let p = i + off;
        if html[p..].starts_with("<!--") {
            i = html[p + 4..].find("-->").map_or(b.len(), |e| p + 4 + e + 3);
            continue;
        }
        if !b.get(p + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            i = p + 1;
            continue;
        }
        let mut j = p + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = html[p + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let s = j;
            j += 1; // an attribute name may start with '='
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=')
            {
                j += 1;
            }
            let an = html[s..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let s = j + 1;
                    j = s;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = html[s..j.min(b.len())].to_string();
                    j += 1;
                } else {
                    let s = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[s..j].to_string();
                }
            }
            attrs.push((an, decode_entities(&value)));
        }
        if matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
            let end = format!("</{name}");
            j = lower[j.min(b.len())..]
                .find(&end)
                .map_or(b.len(), |e| j + e);
        }
        tags.push(Tag { name, attrs });
        i = j.min(b.len());
    }
    tags
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" | "NewLine" => Some(' '),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What makes an HTML page unsafe with hostile data in it: script other
/// than the dashboard's own, event-handler attributes, `javascript:` URLs,
/// frames, external resources; and the raw markers of failed escaping.
fn html_problems(body: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let lower = body.to_ascii_lowercase();
    for marker in [
        "<script>alert",
        "onmouseover=\"",
        "onmouseover='",
        "href=\"javascript:",
        "href='javascript:",
        "<img src=x",
        "<svg onload",
        "</title><script",
    ] {
        if let Some(p) = lower.find(marker) {
            bad.push(format!(
                "raw {marker:?} at byte {p}: …{}…",
                clip(&body[p.saturating_sub(80)..], 200)
            ));
        }
    }
    for tag in start_tags(body) {
        let attr = |n: &str| {
            tag.attrs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
        };
        if tag.name == "script" && attr("src") != Some("/assets/dyad.js") {
            bad.push(format!(
                "a <script> other than /assets/dyad.js: {:?}",
                tag.attrs
            ));
        }
        if matches!(
            tag.name.as_str(),
            "iframe" | "frame" | "object" | "embed" | "base"
        ) {
            bad.push(format!("a <{}> element: {:?}", tag.name, tag.attrs));
        }
        if tag.name == "meta"
            && attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            bad.push("a <meta http-equiv=refresh>".into());
        }
        for (k, v) in &tag.attrs {
            if k.starts_with("on") {
                bad.push(format!("<{} {k}={v:?}>", tag.name));
            }
            let squeezed: String = v
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if matches!(
                k.as_str(),
                "href"
                    | "src"
                    | "xlink:href"
                    | "action"
                    | "formaction"
                    | "data"
                    | "srcdoc"
                    | "poster"
            ) && (squeezed.starts_with("javascript:")
                || squeezed.starts_with("vbscript:")
                || squeezed.starts_with("data:text/html"))
            {
                bad.push(format!("<{} {k}={v:?}>", tag.name));
            }
            // Resources (not links a user follows) must be the server's own.
            let resource = k == "src"
                || (tag.name == "link" && k == "href")
                || (tag.name == "image" && (k == "href" || k == "xlink:href"));
            if resource
                && (squeezed.starts_with("http:")
                    || squeezed.starts_with("https:")
                    || squeezed.starts_with("//"))
            {
                bad.push(format!("an external resource <{} {k}={v:?}>", tag.name));
            }
        }
    }
    bad
}

/// Fetches an HTML page and checks its headers and that it is inert;
/// returns the body.
fn inert_page(server: &Server, path: &str, want: Option<u16>) -> String {
    let r = server.get(path);
    if let Some(w) = want {
        assert_eq!(r.status, w, "GET {path}: body {}", clip(&r.text(), 400));
    }
    let body = r.text();
    let csp = r.header("content-security-policy").unwrap_or("");
    if r.header("content-type")
        .is_some_and(|t| t.starts_with("text/html"))
    {
        assert!(
            csp.contains("default-src 'self'"),
            "GET {path}: Content-Security-Policy {csp:?}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "GET {path}: the CSP allows inline code: {csp:?}"
        );
    }
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "GET {path}"
    );
    let bad = html_problems(&body);
    assert!(
        bad.is_empty(),
        "GET {path} ({}):\n  {}",
        r.status,
        bad.join("\n  ")
    );
    body
}

// ---------------------------------------------------------------------------
// HTTP-level tests (no browser)

#[test]
fn html_parser_finds_what_a_browser_would() {
    // The checker itself: hostile markup caught, escaped markup let through.
    assert!(!html_problems("<p onclick=alert(1)>x</p>").is_empty());
    assert!(!html_problems("<a href=\"&#106;avascript:alert(1)\">x</a>").is_empty());
    assert!(!html_problems("<a href=' JaVaScRiPt:alert(1)'>x</a>").is_empty());
    assert!(!html_problems("<svg><a xlink:href=\"javascript:x\"></a></svg>").is_empty());
    assert!(!html_problems("<script>x()</script>").is_empty());
    assert!(!html_problems("<img src=\"https://evil.example/x.png\">").is_empty());
    assert!(html_problems(
        "<script src=\"/assets/dyad.js\" defer></script><title>&lt;script&gt;alert(1)</title>\
         <p title=\"&quot; onmouseover=&quot;alert(1)\">&lt;img src=x onerror=alert(1)&gt;</p>\
         <a href=\"https://example.org/x\">x</a>"
    )
    .is_empty());
}

#[test]
fn api_answers_and_matches_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start(&db, None);
    let h = s.get_json("/api/health");
    assert_eq!(h["ok"], json!(true), "{h}");
    assert_eq!(int(&h["documents"]), corpus().len() as i64, "{h}");
    let cli = dyad()
        .args(["events", "--db"])
        .arg(&db)
        .args(["--between", "RUS", "MDA", "--format", "jsonl"])
        .output()
        .unwrap();
    let cli_ids: BTreeSet<i64> = String::from_utf8(cli.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_i64()
                .unwrap()
        })
        .collect();
    let api = s.get_json("/api/events?between=RUS,MDA&limit=1000");
    let api_ids: BTreeSet<i64> = api["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        api_ids, cli_ids,
        "/api/events?between=RUS,MDA vs dyad events"
    );
    assert_eq!(int(&api["total"]), cli_ids.len() as i64);
    // Limit and offset page through the same list.
    let p1 = s.get_json("/api/events?between=RUS,MDA&limit=2&offset=0");
    let p2 = s.get_json("/api/events?between=RUS,MDA&limit=2&offset=2");
    assert_eq!(int(&p1["limit"]), 2);
    assert_eq!(int(&p2["offset"]), 2);
    assert_eq!(p1["events"].as_array().unwrap().len(), 2);
    let paged: BTreeSet<i64> = p1["events"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2["events"].as_array().unwrap())
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(paged.len(), 4, "pages overlap: {p1} {p2}");
    // Every hostile document round-trips through its encoded id.
    for id in HOSTILE_IDS {
        let d = s.get_json(&format!("/api/documents/{}", enc(id)));
        assert_eq!(d["document"]["doc_id"], json!(id), "{d}");
        assert!(!d["events"].as_array().unwrap().is_empty(), "{d}");
    }
    let o = s.get_json("/api/openapi.json");
    assert!(
        o["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")),
        "openapi: {}",
        o["openapi"]
    );
    // JSON is never served as something a browser would render.
    let r = s.get(&format!("/api/documents/{}", enc(SCRIPT_ID)));
    assert!(r
        .header("content-type")
        .unwrap_or("")
        .starts_with("application/json"));
}

const TOKEN: &str = "s3cret-token-for-tests-0123456789";

fn posted_doc() -> Vec<u8> {
    json!({"id": "posted-1", "text": "Kazakhstan and Uzbekistan signed an agreement on water.",
           "published": "2022-02-02", "source": "Posted", "url": "https://example.org/posted"})
    .to_string()
    .into_bytes()
}

#[test]
fn without_a_token_the_server_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start(&db, None);
    let before = stored(&s);
    for auth in [
        None,
        Some(format!("Bearer {TOKEN}")),
        Some("Bearer ".to_string()),
    ] {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(a) = &auth {
            headers.push(("Authorization", a.as_str()));
        }
        let r = s.post("/api/documents", &headers, &posted_doc());
        assert_eq!(
            r.status,
            403,
            "POST with {auth:?}: {}",
            clip(&r.text(), 300)
        );
    }
    assert_eq!(stored(&s), before);
}

/// What the store holds, as health says: (events, documents).
fn stored(s: &Server) -> (i64, i64) {
    let h = s.get_json("/api/health");
    (int(&h["events"]), int(&h["documents"]))
}

fn check_writes(s: &Server) {
    let before = stored(s);
    let wrong = [
        None,
        Some("Bearer wrong".to_string()),
        Some("Bearer ".to_string()),
        Some(format!("Bearer {TOKEN}x")),
        Some(format!("Bearer {}", &TOKEN[..TOKEN.len() - 1])),
        Some(format!("Basic {TOKEN}")),
        Some(TOKEN.to_string()),
    ];
    for auth in &wrong {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(a) = auth {
            headers.push(("Authorization", a.as_str()));
        }
        let r = s.post("/api/documents", &headers, &posted_doc());
        assert_eq!(
            r.status,
            401,
            "POST with {auth:?}: {}",
            clip(&r.text(), 300)
        );
    }
    assert_eq!(stored(s), before, "a refused POST stored something");
    let bearer = format!("Bearer {TOKEN}");
    let r = s.post(
        "/api/documents",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
        ],
        &posted_doc(),
    );
    assert_eq!(r.status, 201, "{}", clip(&r.text(), 400));
    let v = r.json().unwrap();
    assert_eq!(int(&v["stored"]), 1, "{v}");
    let events = int(&v["events"]);
    assert!(events >= 1, "{v}");
    // Queryable at once.
    assert_eq!(stored(s).1, before.1 + 1);
    let d = s.get_json("/api/documents/posted-1");
    assert_eq!(d["document"]["doc_id"], json!("posted-1"));
    let e = s.get_json("/api/events?between=KAZ,UZB&from=2022&to=2022");
    assert_eq!(int(&e["total"]), events, "{e}");
    for ev in e["events"].as_array().unwrap() {
        assert_eq!(ev["document_id"], json!("posted-1"));
    }
    // Plain text and HTML bodies too.
    let r = s.post(
        "/api/documents",
        &[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Authorization", &bearer),
        ],
        b"Georgia and Armenia signed an agreement on energy.",
    );
    assert_eq!(r.status, 201, "text/plain: {}", clip(&r.text(), 400));
    let r = s.post(
        "/api/documents",
        &[("Content-Type", "text/html; charset=utf-8"), ("Authorization", &bearer)],
        b"<html><head><title>Statement</title></head><body><p>Turkey and Georgia signed an agreement on transit.</p></body></html>",
    );
    assert_eq!(r.status, 201, "text/html: {}", clip(&r.text(), 400));
    assert_eq!(stored(s).1, before.1 + 3);
}

#[test]
fn writes_need_the_token_given_by_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start(&db, Some(TOKEN));
    check_writes(&s);
}

#[test]
fn writes_need_the_token_given_by_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start_with(&db, Some(("DYAD_TOKEN", TOKEN)));
    check_writes(&s);
}

#[test]
fn a_20_mb_body_is_refused_with_413() {
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start(&db, Some(TOKEN));
    let bearer = format!("Bearer {TOKEN}");
    let mut big = br#"{"id": "big", "published": "2023-01-01", "text": ""#.to_vec();
    while big.len() < 20 * 1024 * 1024 {
        big.extend_from_slice(b"Russia and Moldova signed an agreement on trade. ");
    }
    big.extend_from_slice(b"\"}");
    let r = s.post(
        "/api/documents",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
        ],
        &big,
    );
    assert_eq!(
        r.status,
        413,
        "Content-Length: {}: {}",
        big.len(),
        clip(&r.text(), 300)
    );
    // The same without a length announced: chunked.
    let mut chunked = Vec::with_capacity(big.len() + 4096);
    for c in big.chunks(256 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        chunked.extend_from_slice(c);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let r = s.post(
        "/api/documents",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
            ("Transfer-Encoding", "chunked"),
        ],
        &chunked,
    );
    assert_eq!(r.status, 413, "chunked: {}", clip(&r.text(), 300));
    // Still serving, nothing stored.
    let h = s.get_json("/api/health");
    assert_eq!(int(&h["documents"]), corpus().len() as i64);
}

#[test]
fn paths_outside_the_assets_are_404() {
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start(&db, None);
    let js = s.get("/assets/dyad.js");
    assert_eq!(js.status, 200, "the dashboard's script");
    assert!(js
        .header("content-type")
        .unwrap_or("")
        .contains("javascript"));
    for path in [
        "/assets/../../Cargo.toml",
        "/assets/../../../Cargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/%2e%2e/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/..%2f..%2f..%2fCargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/assets/%2E%2E%2F%2E%2E%2F%2E%2E%2FCargo.toml",
        "/assets/..%5c..%5cCargo.toml",
        "/assets/%252e%252e%252f%252e%252e%252fCargo.toml",
        "/assets/....//....//Cargo.toml",
        "/assets//etc/passwd",
        "/assets/%2fetc%2fpasswd",
        "/assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/assets/../src/lib.rs",
        "/assets/..%2fsrc%2flib.rs",
        "/assets/dyad.js%00.png",
        "/assets/dyad.js/..%2f..%2fCargo.toml",
        "/documents/..%2f..",
        "/documents/..%2f..%2fCargo.toml",
        "/documents/%2e%2e%2f%2e%2e%2f%2e%2e%2fCargo.toml",
        "/api/documents/..%2f..%2fCargo.toml",
        "/api/documents/%2e%2e%2f%2e%2e%2fCargo.toml",
    ] {
        let r = s.get(path);
        let body = r.text();
        assert_eq!(r.status, 404, "GET {path}: {}", clip(&body, 300));
        for leak in [
            "[package]",
            "[workspace]",
            "[dependencies]",
            "root:x:0:0",
            "pub fn ",
            "use std::",
        ] {
            assert!(
                !body.contains(leak),
                "GET {path}: body has {leak:?}: {}",
                clip(&body, 300)
            );
        }
        let _ = inert_page(&s, path, None);
    }
}

/// The dashboard's pages with the hostile documents in them, and with
/// hostile values in their URLs.
fn pages() -> Vec<String> {
    let mut p: Vec<String> = [
        "/",
        "/?from=2023&to=2023",
        "/?quad=4",
        "/?code=057",
        "/?quad=1,2&from=2023-03&to=2023-08",
        "/dyad/RUS/MDA",
        "/dyad/MDA/RUS?from=2023-03&to=2023-04",
        "/dyad/RUS/MDA?quad=4",
        "/dyad/KAZ/UZB",
        "/actor/RUS",
        "/actor/MDA",
        "/actor/KAZ",
        "/actor/RUSGOV",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for id in corpus()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
    {
        p.push(format!("/documents/{}", enc(&id)));
    }
    // Hostile values where the pages echo their input.
    for v in [
        SCRIPT_ID,
        ATTR_ID,
        "\"><svg onload=alert(1)>",
        "' onmouseover='alert(1)",
    ] {
        let v = enc(v);
        p.push(format!("/?from={v}"));
        p.push(format!("/?region={v}"));
        p.push(format!("/?code={v}"));
        p.push(format!("/dyad/RUS/MDA?to={v}"));
        p.push(format!("/dyad/{v}/MDA"));
        p.push(format!("/actor/{v}"));
        p.push(format!("/documents/{v}x"));
        p.push(format!("/no-such-page/{v}"));
    }
    p
}

#[test]
fn every_html_page_escapes_hostile_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start(&db, None);
    for path in pages() {
        inert_page(&s, &path, None);
    }
    // The hostile documents' pages exist and show their text (escaped).
    for id in HOSTILE_IDS {
        let body = inert_page(&s, &format!("/documents/{}", enc(id)), Some(200));
        if *id != ODD_ID {
            assert!(
                body.contains("alert(1)"),
                "the page of {id:?} does not show its text: {}",
                clip(&body, 500)
            );
        }
        assert!(
            body.contains("event-sentence"),
            "no highlighted sentence on the page of {id:?}"
        );
    }
    // The main pages answer 200 (the hostile-URL ones may be 400 or 404).
    for path in ["/", "/dyad/RUS/MDA", "/actor/RUS", "/dyad/KAZ/UZB"] {
        inert_page(&s, path, Some(200));
    }
}

// ---------------------------------------------------------------------------
// With a browser

static BROWSER_LOCK: Mutex<()> = Mutex::new(());

fn browser(test: &str) -> Option<Browser> {
    let required = std::env::var("DYAD_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let missing = match (webdriver::find_chromedriver(), webdriver::find_chromium()) {
        (None, _) => Some("no chromedriver (on PATH, or /usr/bin/chromedriver)"),
        (_, None) => Some("no Chromium (/usr/bin/chromium, or $CHROME_BIN)"),
        _ => None,
    };
    if let Some(why) = missing {
        assert!(
            !required,
            "{test}: DYAD_REQUIRE_BROWSER=1 but {why}; install chromium and chromium-driver"
        );
        eprintln!("SKIPPED: {test}: {why} (apt-get install chromium chromium-driver; DYAD_REQUIRE_BROWSER=1 makes this a failure)");
        return None;
    }
    match Browser::start() {
        Ok(Some(b)) => Some(b),
        Ok(None) => unreachable!(),
        Err(e) => panic!("{test}: the browser did not start: {e}"),
    }
}

fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-screenshots")
}

/// Saves a screenshot of the whole page,
/// `target/browser-screenshots/{test}-{page}.png`.
fn shot(b: &Browser, test: &str, page: &str) {
    let path = screenshot_dir().join(format!("{test}-{page}.png"));
    b.screenshot_full(&path)
        .unwrap_or_else(|e| panic!("screenshot {}: {e}", path.display()));
}

const DOM_PROBLEMS: &str = r#"
const bad = [];
for (const s of document.querySelectorAll('script')) {
  if (s.getAttribute('src') !== '/assets/dyad.js') bad.push('script: ' + s.outerHTML.slice(0, 160));
}
const urlAttrs = ['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'srcdoc', 'poster'];
for (const el of document.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  if (['iframe', 'frame', 'object', 'embed', 'base'].includes(tag)) bad.push('element: ' + tag);
  for (const a of el.attributes) {
    const n = a.name.toLowerCase();
    const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
    if (n.startsWith('on')) bad.push(tag + ' ' + n + '=' + a.value.slice(0, 80));
    if (urlAttrs.includes(n) && /^(javascript|vbscript):/.test(v)) bad.push(tag + ' ' + n + '=' + a.value.slice(0, 80));
  }
}
for (const a of document.querySelectorAll('a')) {
  const h = (a.href && a.href.baseVal !== undefined) ? a.href.baseVal : a.href;
  if (typeof h === 'string' && /^\s*javascript:/i.test(h)) bad.push('link: ' + h.slice(0, 80));
}
for (const r of performance.getEntriesByType('resource')) {
  if (!r.name.startsWith(location.origin + '/')) bad.push('external resource: ' + r.name);
}
return bad;
"#;

/// The page is inert: no foreign script, handlers, `javascript:` links or
/// external resources, and no dialog ever opened.
fn check_dom(b: &Browser, what: &str) {
    if let Some(text) = b.alert_text().unwrap() {
        panic!("{what}: an alert is open: {text:?}");
    }
    let bad = b.execute(DOM_PROBLEMS, vec![]).unwrap();
    assert_eq!(
        bad,
        json!([]),
        "{what} ({}): unsafe DOM",
        b.current_url().unwrap_or_default()
    );
}

/// The chart's words are legible: every `text` of the SVG renders at 8 to
/// 24 CSS pixels (a chart whose viewBox is scaled far up or down draws its
/// labels huge or tiny), and the chart fits the window's width.
fn legibility(b: &Browser, svg: &str) -> Option<String> {
    let v = b
        .execute(
            r#"
const svg = document.querySelector(arguments[0]);
if (!svg) return { missing: true };
const r = svg.getBoundingClientRect();
const bad = [];
for (const t of svg.querySelectorAll('text')) {
  const m = t.getScreenCTM();
  const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
  if (!(px >= 8 && px <= 24)) bad.push(`${t.getAttribute('class')} "${t.textContent.slice(0, 30)}": ${px.toFixed(1)}px`);
}
return { width: r.width, viewport: document.documentElement.clientWidth, bad: bad.slice(0, 12), n: bad.length };"#,
            vec![json!(svg)],
        )
        .unwrap();
    if !v["missing"].is_null() {
        return Some(format!("no {svg}"));
    }
    if v["n"] != json!(0) {
        return Some(format!(
            "{svg}: {} labels drawn too large or small (8-24 px): {}",
            v["n"], v["bad"]
        ));
    }
    if v["width"].as_f64().unwrap() > v["viewport"].as_f64().unwrap() + 1.0 {
        return Some(format!("{svg} is wider than the window: {v}"));
    }
    None
}

/// The query string of a URL ("" when none).
fn query_of(url: &str) -> String {
    let no_frag = url.split('#').next().unwrap_or("");
    no_frag
        .split_once('?')
        .map(|(_, q)| q.to_string())
        .unwrap_or_default()
}

/// Of a query string, the filters the API shares with the dashboard.
fn api_filters(query: &str) -> String {
    query
        .split('&')
        .filter(|kv| {
            let k = kv.split('=').next().unwrap_or("");
            matches!(k, "from" | "to" | "quad" | "code") && kv.contains('=') && !kv.ends_with('=')
        })
        .map(|kv| format!("&{kv}"))
        .collect()
}

#[test]
fn browser_walks_network_to_dyad_to_evidence() {
    const TEST: &str = "walk";
    let _serial = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let Some(b) = browser("browser_walks_network_to_dyad_to_evidence") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start(&db, None);

    // 1. The network, against /api/network.
    b.goto(&s.url("/")).unwrap();
    b.wait_for("svg#network g.node", Duration::from_secs(10))
        .unwrap();
    shot(&b, TEST, "1-network");
    check_dom(&b, "/");
    // Layout faults are reported at the end, after the checks of content.
    let mut layout: Vec<String> = legibility(&b, "svg#network").into_iter().collect();
    let page = b
        .execute(
            r#"
const q = (el, s) => { const t = el.querySelector(s); return t ? t.textContent : null; };
const href = el => { const a = el.closest('a'); return a ? a.getAttribute('href') || a.getAttribute('xlink:href') : null; };
const box = el => { const r = el.getBoundingClientRect(); return [r.width, r.height]; };
return {
  nodes: Array.from(document.querySelectorAll('svg#network g.node')).map(g => ({
    id: g.dataset.id, events: g.dataset.events, href: href(g), title: q(g, 'title'), box: box(g),
    display: getComputedStyle(g).display, visibility: getComputedStyle(g).visibility })),
  edges: Array.from(document.querySelectorAll('svg#network g.edge')).map(g => ({
    source: g.dataset.source, target: g.dataset.target, events: g.dataset.events,
    goldstein: g.dataset.goldstein, href: href(g), title: q(g, 'title'), box: box(g) })),
  svg: box(document.querySelector('svg#network')),
};"#,
            vec![],
        )
        .unwrap();
    let api = s.get_json("/api/network");
    let api_nodes: BTreeMap<String, i64> = api["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().to_string(), int(&n["events"])))
        .collect();
    let page_nodes: BTreeMap<String, i64> = page["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap_or("").to_string(),
                int(&n["events"]),
            )
        })
        .collect();
    assert_eq!(page_nodes, api_nodes, "nodes on / vs /api/network");
    for n in page["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap();
        assert!(
            n["href"]
                .as_str()
                .is_some_and(|h| h.starts_with(&format!("/actor/{id}"))),
            "node {id}: link {}",
            n["href"]
        );
        assert!(
            n["title"].as_str().is_some_and(|t| !t.trim().is_empty()),
            "node {id}: no <title>"
        );
        assert!(
            n["box"][0].as_f64().unwrap() > 0.0 && n["box"][1].as_f64().unwrap() > 0.0,
            "node {id} is not drawn: {n}"
        );
        assert_ne!(n["display"], json!("none"), "node {id} hidden");
        assert_ne!(n["visibility"], json!("hidden"), "node {id} hidden");
    }
    let api_edges: BTreeMap<(String, String), (i64, f64)> = api["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                (
                    e["source"].as_str().unwrap().to_string(),
                    e["target"].as_str().unwrap().to_string(),
                ),
                (
                    int(&e["events"]),
                    e["goldstein_mean"].as_f64().unwrap_or(f64::NAN),
                ),
            )
        })
        .collect();
    let mut page_edges = BTreeMap::new();
    for e in page["edges"].as_array().unwrap() {
        let key = (
            e["source"].as_str().unwrap_or("").to_string(),
            e["target"].as_str().unwrap_or("").to_string(),
        );
        let g: f64 = e["goldstein"]
            .as_str()
            .and_then(|g| g.parse().ok())
            .unwrap_or(f64::NAN);
        assert!(
            e["href"]
                .as_str()
                .is_some_and(|h| h.starts_with(&format!("/dyad/{}/{}", key.0, key.1))),
            "edge {key:?}: link {}",
            e["href"]
        );
        assert!(
            e["title"].as_str().is_some_and(|t| !t.trim().is_empty()),
            "edge {key:?}: no <title>"
        );
        assert!(
            e["box"][0].as_f64().unwrap() + e["box"][1].as_f64().unwrap() > 0.0,
            "edge {key:?} is not drawn: {e}"
        );
        page_edges.insert(key, (int(&e["events"]), g));
    }
    assert_eq!(
        page_edges.keys().collect::<Vec<_>>(),
        api_edges.keys().collect::<Vec<_>>(),
        "edges on / vs /api/network"
    );
    for (k, (n, g)) in &page_edges {
        let (an, ag) = api_edges[k];
        assert_eq!(*n, an, "edge {k:?}: data-events vs /api/network");
        assert!(
            (g - ag).abs() <= 0.006 || (g.is_nan() && ag.is_nan()),
            "edge {k:?}: data-goldstein {g} vs goldstein_mean {ag}"
        );
    }

    // 2. Click the busiest edge of Russia–Moldova: its dyad page.
    let (a, bb) = page_edges
        .iter()
        .filter(|((x, y), _)| {
            let pair = [x.as_str(), y.as_str()];
            pair.contains(&"RUS") && pair.contains(&"MDA")
        })
        .max_by_key(|(_, (n, _))| *n)
        .map(|(k, _)| k.clone())
        .expect("a Russia–Moldova edge on /");
    let edge = b
        .find(&format!(
            "svg#network g.edge[data-source=\"{a}\"][data-target=\"{bb}\"]"
        ))
        .unwrap();
    if let Err(e) = b.click(&edge) {
        // Something drawn over the line's middle (a crossing edge, a
        // label): follow the link the way a click on its visible part would.
        eprintln!(
            "note: clicking edge {a}→{bb} directly failed ({e}); clicking its link by script"
        );
        b.execute(
            "arguments[0].closest('a').dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));",
            vec![Browser::arg(&edge)],
        )
        .unwrap();
    }
    let url = b
        .wait_for_url(|u| u.contains("/dyad/"), Duration::from_secs(10))
        .unwrap();
    assert!(
        url.contains(&format!("/dyad/{a}/{bb}")),
        "clicked edge {a}→{bb}, landed on {url}"
    );
    b.wait_for("svg#timeline", Duration::from_secs(10)).unwrap();
    shot(&b, TEST, "2-dyad");
    check_dom(&b, "the dyad page");
    layout.extend(legibility(&b, "svg#timeline"));
    let filters = api_filters(&query_of(&url));

    // The timeline's bars, against /api/relations.
    let bars = b
        .execute(
            r#"
return Array.from(document.querySelectorAll('svg#timeline rect.bar')).map(r => {
  const box = r.getBoundingClientRect();
  return { period: r.dataset.period, quad: r.dataset.quad, count: r.dataset.count,
           cls: r.getAttribute('class'), h: box.height, w: box.width, fill: getComputedStyle(r).fill };
});"#,
            vec![],
        )
        .unwrap();
    let rel = s.get_json(&format!(
        "/api/relations?between={a},{bb}&undirected=true&period=month{filters}"
    ));
    let mut want = BTreeMap::new();
    for row in rel["rows"].as_array().unwrap() {
        let period = row["period"].as_str().unwrap().to_string();
        for (q, key) in [
            (1, "verbal_cooperation"),
            (2, "material_cooperation"),
            (3, "verbal_conflict"),
            (4, "material_conflict"),
        ] {
            let n = int(&row[key]);
            if n > 0 {
                want.insert((period.clone(), q), n);
            }
        }
    }
    let mut got = BTreeMap::new();
    let mut fills: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for bar in bars.as_array().unwrap() {
        let q = int(&bar["quad"]);
        let key = (bar["period"].as_str().unwrap_or("").to_string(), q);
        assert!(
            bar["cls"]
                .as_str()
                .is_some_and(|c| c.split_whitespace().any(|c| c == format!("quad-{q}"))),
            "bar {key:?}: class {}",
            bar["cls"]
        );
        assert!(
            bar["h"].as_f64().unwrap() > 0.0,
            "bar {key:?} has no height: {bar}"
        );
        assert!(
            bar["w"].as_f64().unwrap() > 0.0,
            "bar {key:?} has no width: {bar}"
        );
        fills
            .entry(q)
            .or_default()
            .insert(bar["fill"].as_str().unwrap_or("").to_string());
        assert!(
            got.insert(key.clone(), int(&bar["count"])).is_none(),
            "two bars for {key:?}"
        );
    }
    assert!(!want.is_empty(), "no relations for {a}–{bb}: {rel}");
    assert_eq!(
        got, want,
        "timeline bars vs /api/relations (month, undirected)"
    );
    // Taller for more events; one colour per QuadClass, each its own.
    for x in bars.as_array().unwrap() {
        for y in bars.as_array().unwrap() {
            if int(&x["count"]) > int(&y["count"]) {
                assert!(
                    x["h"].as_f64().unwrap() >= y["h"].as_f64().unwrap(),
                    "bar {x} is lower than {y}"
                );
            }
        }
    }
    let distinct: BTreeSet<&String> = fills.values().flatten().collect();
    assert!(
        fills.values().all(|f| f.len() == 1) && distinct.len() == fills.len(),
        "one fill per QuadClass: {fills:?}"
    );
    let line = b.find("svg#timeline polyline#goldstein-line").unwrap();
    let points = b.attr(&line, "points").unwrap().unwrap_or_default();
    let months: BTreeSet<&String> = want.keys().map(|(p, _)| p).collect();
    assert!(
        points.split_whitespace().count() >= months.len(),
        "goldstein-line points {points:?} for {} months",
        months.len()
    );

    // The events list, against /api/events.
    let items = b
        .execute(
            r#"
return Array.from(document.querySelectorAll('ol#events li.event')).map(li => {
  const t = s => { const m = li.querySelector(s); return m ? m.textContent : null; };
  const ev = li.querySelector('a.evidence');
  return { id: li.dataset.id, cameo: li.dataset.cameo, quad: li.dataset.quad, text: li.textContent,
           source: t('mark.source'), target: t('mark.target'), verb: t('mark.verb'),
           href: ev ? ev.getAttribute('href') : null,
           path: ev ? decodeURIComponent(new URL(ev.href).pathname) : null,
           hash: ev ? new URL(ev.href).hash : null };
});"#,
            vec![],
        )
        .unwrap();
    let items = items.as_array().unwrap();
    let api_events = s.get_json(&format!("/api/events?between={a},{bb}&limit=1000{filters}"));
    let by_id: BTreeMap<i64, &Value> = api_events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_i64().unwrap(), e))
        .collect();
    assert!(!items.is_empty(), "no events listed on the dyad page");
    if (int(&api_events["total"]) as usize) <= items.len() {
        let listed: BTreeSet<i64> = items.iter().map(|i| int(&i["id"])).collect();
        assert_eq!(
            listed,
            by_id.keys().copied().collect(),
            "events listed vs /api/events"
        );
    }
    let mut marked = 0;
    for it in items {
        let id = int(&it["id"]);
        let e = by_id
            .get(&id)
            .unwrap_or_else(|| panic!("listed event {id} is not in /api/events?between={a},{bb}"));
        assert_eq!(it["cameo"], e["cameo"], "event {id}");
        assert_eq!(int(&it["quad"]), int(&e["quad"]), "event {id}");
        let text = it["text"].as_str().unwrap();
        for m in ["source", "target", "verb"] {
            if let Some(t) = it[m].as_str() {
                assert!(!t.trim().is_empty(), "event {id}: empty mark.{m}");
                assert!(
                    e["sentence"].as_str().unwrap_or("").contains(t.trim()),
                    "event {id}: mark.{m} {t:?} is not in its sentence {}",
                    e["sentence"]
                );
            }
        }
        if ["source", "target", "verb"]
            .iter()
            .all(|m| it[m].is_string())
        {
            marked += 1;
        }
        assert!(
            text.contains(e["sentence"].as_str().unwrap_or("").trim_end_matches('.'))
                || it["verb"].is_string(),
            "event {id}: neither its sentence nor its marks are shown: {text:?}"
        );
        // The evidence link names the event's document, encoded right.
        let want_path = format!("/documents/{}", e["document_id"].as_str().unwrap());
        assert_eq!(
            it["path"].as_str(),
            Some(want_path.as_str()),
            "event {id}: evidence link {}",
            it["href"]
        );
        assert!(
            it["hash"].as_str().is_some_and(|h| h.starts_with("#ev-")),
            "event {id}: evidence link {}",
            it["href"]
        );
    }
    assert!(marked > 0, "no event shows source, target and verb marks");

    // 3. Click the evidence of the event reported by the document whose id
    // needs escaping (else the first): the document page, sentence lit.
    let pick = items
        .iter()
        .find(|it| by_id[&int(&it["id"])]["document_id"] == json!(ODD_ID))
        .unwrap_or(&items[0]);
    let pick_id = int(&pick["id"]);
    let event = by_id[&pick_id];
    let link = b
        .find(&format!(
            "ol#events li.event[data-id=\"{pick_id}\"] a.evidence"
        ))
        .unwrap();
    b.click(&link).unwrap();
    let url = b
        .wait_for_url(|u| u.contains("/documents/"), Duration::from_secs(10))
        .unwrap();
    let frag = pick["hash"].as_str().unwrap();
    assert!(
        url.ends_with(frag),
        "landed on {url}, link was {}",
        pick["href"]
    );
    // The link's fragment names the event's anchor inside its sentence.
    let anchor = b.find(frag).unwrap_or_else(|e| panic!("{e}"));
    shot(&b, TEST, "3-document");
    check_dom(&b, "the document page");
    let doc = b
        .execute(
            r#"
const anchor = arguments[0];
const el = anchor.closest('span.event-sentence');
if (!el) return { sentence: null, anchor: anchor.outerHTML.slice(0, 200) };
const cs = getComputedStyle(el);
const r = el.getBoundingClientRect();
return { sentence: el.id, path: decodeURIComponent(location.pathname),
         target: document.querySelector(':target') === anchor,
         bg: cs.backgroundColor, outline: cs.outlineStyle, deco: cs.textDecorationLine, shadow: cs.boxShadow,
         border: cs.borderBottomStyle, top: r.top, bottom: r.bottom, vh: innerHeight,
         explain: document.querySelectorAll('span.explain').length, text: el.textContent,
         marks: Array.from(el.querySelectorAll('mark')).map(m => m.className) };"#,
            vec![Browser::arg(&anchor)],
        )
        .unwrap();
    assert!(
        doc["sentence"]
            .as_str()
            .is_some_and(|id| id.starts_with("event-")),
        "{frag} is not inside a span.event-sentence#event-N: {doc}"
    );
    assert_eq!(
        doc["path"].as_str(),
        Some(format!("/documents/{}", event["document_id"].as_str().unwrap()).as_str()),
        "{doc}"
    );
    assert_eq!(
        doc["target"],
        json!(true),
        "{frag} is not the :target: {doc}"
    );
    let lit = doc["bg"] != json!("rgba(0, 0, 0, 0)")
        || doc["outline"] != json!("none")
        || doc["deco"] != json!("none")
        || doc["shadow"] != json!("none")
        || doc["border"] != json!("none");
    assert!(lit, "the event's sentence is not highlighted: {doc}");
    assert!(
        doc["top"].as_f64().unwrap() < doc["vh"].as_f64().unwrap()
            && doc["bottom"].as_f64().unwrap() > 0.0,
        "the sentence is not scrolled into view: {doc}"
    );
    assert!(
        doc["text"]
            .as_str()
            .unwrap()
            .contains(event["sentence"].as_str().unwrap().trim()),
        "highlighted {:?}, the event's sentence is {}",
        doc["text"],
        event["sentence"]
    );
    assert!(
        int(&doc["explain"]) > 0,
        "no span.explain on the document page"
    );
    assert!(layout.is_empty(), "layout: {}", layout.join("; "));
}

#[test]
fn browser_hostile_documents_stay_inert() {
    const TEST: &str = "hostile";
    let _serial = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let Some(b) = browser("browser_hostile_documents_stay_inert") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let s = Server::start(&db, None);
    let started = Instant::now();
    let mut n = 0;
    for path in pages() {
        b.goto(&s.url(&path)).unwrap();
        check_dom(&b, &path);
        n += 1;
        // Screenshots of the pages a user reaches, not of every hostile URL.
        if !path.contains('%') || (path.starts_with("/documents/") && !path.ends_with('x')) {
            let name: String = path
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            shot(
                &b,
                TEST,
                &format!("{n:02}{}", clip(&name, 60).trim_end_matches('…')),
            );
        }
    }
    // Each hostile document's page shows its title and text as text.
    for id in HOSTILE_IDS {
        b.goto(&s.url(&format!("/documents/{}", enc(id)))).unwrap();
        check_dom(&b, id);
        let api = s.get_json(&format!("/api/documents/{}", enc(id)));
        let shown = b.execute("return document.body.innerText", vec![]).unwrap();
        let shown = shown.as_str().unwrap();
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown = squeeze(shown);
        for field in ["title", "publisher"] {
            let value = api["document"][field].as_str().unwrap_or("");
            if !value.trim().is_empty() {
                assert!(
                    shown.contains(&squeeze(value)),
                    "{id:?}: {field} {value:?} not shown as text in {shown:?}"
                );
            }
        }
        for sentence in api["sentences"].as_array().unwrap() {
            let text = squeeze(sentence["text"].as_str().unwrap());
            assert!(
                shown.contains(&text),
                "{id:?}: sentence {text:?} is not shown as text in {shown:?}"
            );
        }
    }
    // Hover and click over everything on the hostile document pages: no
    // handler exists to fire, and no dialog opens.
    for id in [SCRIPT_ID, ATTR_ID] {
        b.goto(&s.url(&format!("/documents/{}", enc(id)))).unwrap();
        b.execute(
            "for (const el of document.querySelectorAll('body *')) { for (const t of ['mouseover', 'mouseenter', 'focus']) el.dispatchEvent(new Event(t, {bubbles: true})); }",
            vec![],
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(200));
        check_dom(&b, &format!("{id:?} after hovering"));
    }
    eprintln!(
        "{n} pages checked in the browser in {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        screenshot_dir().display()
    );
}
