//! A bounded loopback load test of `dyad serve` over the million-event
//! store: client threads, each with one keep-alive connection, drive a mix
//! of API queries (events by actor, code and dates, 50 a page; a dyad's
//! relations by month; the network of a year; the top 20 actors of a year;
//! health) for a fixed time, and print requests/s, latency (p50, p99, max)
//! per kind of query and in all, and the errors. Three parts: each kind
//! alone on one connection; the mix with distinct URLs (the server's
//! response cache misses: the store answers); the mix with a few URLs
//! repeated (the cache answers); then, on a copy of the store, the mix with
//! distinct URLs while a writer commits a batch of documents every 2 s
//! (`DYAD_LOAD_INGEST=0` skips it). Bars: 1,000 requests/s or more, p99
//! under 100 ms; printed, never asserted.
//!
//! ```sh
//! cargo bench -p dyad-serve --bench load
//! DYAD_LOAD_SECS=10 DYAD_LOAD_THREADS=8 DYAD_LOAD_ALONE_SECS=2 cargo bench -p dyad-serve --bench load
//! DYAD_LOAD_ADDR=127.0.0.1:8080 cargo bench -p dyad-serve --bench load   # a running `dyad serve`
//! ```
//!
//! The store is built once into `target/bench-store/` (a few minutes) and
//! reused; the server runs in this process (`dyad_serve::serve_for_bench`),
//! so the clients share its cores: on a small machine the figures are a
//! floor. Plain HTTP/1.1 over `std::net::TcpStream`; no client crate.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Events,
    Relations,
    Network,
    Actors,
    Health,
}

const KINDS: [Kind; 5] = [
    Kind::Events,
    Kind::Relations,
    Kind::Network,
    Kind::Actors,
    Kind::Health,
];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Events => "events (actor+code+dates, 50)",
            Kind::Relations => "relations (dyad by month)",
            Kind::Network => "network (a year)",
            Kind::Actors => "actors (top 20)",
            Kind::Health => "health",
        }
    }
    /// Share of the mix, in percent.
    fn weight(self) -> u64 {
        match self {
            Kind::Events => 40,
            Kind::Relations => 20,
            Kind::Network => 10,
            Kind::Actors => 15,
            Kind::Health => 15,
        }
    }
}

/// The busiest actors of the synthetic store and some of its codes.
const ACTORS: &[&str] = &["RUS", "USA", "CHN", "UKR", "MDA", "KAZ", "DEU", "FRA"];
const CODES: &[&str] = &[
    "010", "020", "036", "04", "042", "043", "046", "051", "057", "061", "07", "111", "112", "130",
    "163", "17", "190", "150",
];

use dyad_store::synthetic::Lcg;

/// Day `i` of the store's 25 years, on a calendar of 28-day months (every
/// date valid).
fn day(i: u64) -> String {
    let i = i % (25 * 12 * 28);
    format!(
        "{:04}-{:02}-{:02}",
        2000 + i / (12 * 28),
        1 + i / 28 % 12,
        1 + i % 28
    )
}

fn pick_kind(r: &mut Lcg) -> Kind {
    let mut x = r.below(100) as u64;
    for k in KINDS {
        if x < k.weight() {
            return k;
        }
        x -= k.weight();
    }
    Kind::Health
}

/// A request path. `distinct`: parameters drawn from a space far larger
/// than the requests made; else one of four fixed variants per kind.
fn path(kind: Kind, r: &mut Lcg, distinct: bool) -> String {
    // Repeated: one of four variants, each always the same URL.
    let variant = r.below(4) as u64;
    let mut calls = 0u64;
    let mut v = |_: u64| {
        calls += 1;
        if distinct {
            r.next()
        } else {
            variant * 7919 + calls * 104_729
        }
    };
    let year_days = 12 * 28;
    match kind {
        Kind::Events => {
            let a = ACTORS[(v(1 << 20) % ACTORS.len() as u64) as usize];
            let c = CODES[(v(1 << 20) % CODES.len() as u64) as usize];
            // Windows of one to three years, inside the store's 25.
            let from = v(1 << 20) % (21 * year_days);
            let span = year_days + v(1 << 20) % (2 * year_days);
            format!(
                "/api/events?actor={a}&code={c}&from={}&to={}&limit=50",
                day(from),
                day(from + span)
            )
        }
        Kind::Relations => {
            let i = v(1 << 20) as usize % ACTORS.len();
            let j = (i + 1 + v(1 << 20) as usize % (ACTORS.len() - 1)) % ACTORS.len();
            // Windows of three to eight years.
            let from = v(1 << 20) % (16 * year_days);
            let span = 3 * year_days + v(1 << 20) % (5 * year_days);
            format!(
                "/api/relations?between={},{}&period=month&undirected=true&from={}&to={}",
                ACTORS[i],
                ACTORS[j],
                day(from),
                day(from + span)
            )
        }
        Kind::Network => {
            let from = v(1 << 20) % (24 * year_days);
            format!(
                "/api/network?from={}&to={}",
                day(from),
                day(from + year_days - 1)
            )
        }
        Kind::Actors => {
            let from = v(1 << 20) % (24 * year_days);
            format!(
                "/api/actors?limit=20&from={}&to={}",
                day(from),
                day(from + year_days - 1)
            )
        }
        Kind::Health => "/api/health".to_string(),
    }
}

/// One keep-alive connection.
struct Conn {
    addr: SocketAddr,
    stream: Option<(TcpStream, BufReader<TcpStream>)>,
    buf: Vec<u8>,
}

impl Conn {
    fn new(addr: SocketAddr) -> Conn {
        Conn {
            addr,
            stream: None,
            buf: Vec::new(),
        }
    }

    /// GET `path`; the status and the body's length.
    fn get(&mut self, path: &str) -> Result<(u16, usize), String> {
        if self.stream.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))
                .map_err(|e| format!("connect: {e}"))?;
            s.set_nodelay(true).ok();
            s.set_read_timeout(Some(Duration::from_secs(30))).ok();
            s.set_write_timeout(Some(Duration::from_secs(30))).ok();
            let r = BufReader::with_capacity(64 * 1024, s.try_clone().map_err(|e| e.to_string())?);
            self.stream = Some((s, r));
        }
        let result = self.exchange(path);
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    fn exchange(&mut self, path: &str) -> Result<(u16, usize), String> {
        let (w, r) = self.stream.as_mut().unwrap();
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n\r\n",
            self.addr
        );
        w.write_all(req.as_bytes())
            .map_err(|e| format!("write: {e}"))?;
        let mut line = String::new();
        let read_line = |r: &mut BufReader<TcpStream>, line: &mut String| -> Result<(), String> {
            line.clear();
            let n = r.read_line(line).map_err(|e| format!("read: {e}"))?;
            if n == 0 {
                return Err("connection closed".into());
            }
            while line.ends_with('\n') || line.ends_with('\r') {
                line.pop();
            }
            Ok(())
        };
        read_line(r, &mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {line:?}"))?;
        let mut length = None;
        let mut chunked = false;
        let mut close = false;
        loop {
            read_line(r, &mut line)?;
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
                match k.as_str() {
                    "content-length" => length = v.parse::<usize>().ok(),
                    "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                    "connection" => close = v.eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        self.buf.clear();
        if chunked {
            loop {
                read_line(r, &mut line)?;
                let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
                    .map_err(|_| format!("bad chunk size {line:?}"))?;
                if size == 0 {
                    loop {
                        read_line(r, &mut line)?;
                        if line.is_empty() {
                            break;
                        }
                    }
                    break;
                }
                let start = self.buf.len();
                self.buf.resize(start + size, 0);
                r.read_exact(&mut self.buf[start..])
                    .map_err(|e| format!("read: {e}"))?;
                read_line(r, &mut line)?;
            }
        } else if let Some(n) = length {
            self.buf.resize(n, 0);
            r.read_exact(&mut self.buf)
                .map_err(|e| format!("read: {e}"))?;
        } else {
            r.read_to_end(&mut self.buf)
                .map_err(|e| format!("read: {e}"))?;
            close = true;
        }
        let n = self.buf.len();
        if close {
            self.stream = None;
        }
        Ok((status, n))
    }
}

#[derive(Default)]
struct Tally {
    /// Microseconds, per kind.
    latencies: Vec<Vec<u32>>,
    errors: Vec<u64>,
    bytes: u64,
    first_errors: Vec<String>,
}

fn client(
    addr: SocketAddr,
    seed: u64,
    distinct: bool,
    only: Option<Kind>,
    stop: Arc<AtomicBool>,
) -> Tally {
    let mut r = Lcg(seed);
    let mut conn = Conn::new(addr);
    let mut t = Tally {
        latencies: vec![Vec::new(); KINDS.len()],
        errors: vec![0; KINDS.len()],
        ..Tally::default()
    };
    while !stop.load(Ordering::Relaxed) {
        let kind = only.unwrap_or_else(|| pick_kind(&mut r));
        let k = KINDS.iter().position(|x| *x == kind).unwrap();
        let p = path(kind, &mut r, distinct);
        let start = Instant::now();
        let res = conn.get(&p);
        let us = start.elapsed().as_micros().min(u32::MAX as u128) as u32;
        match res {
            Ok((200, n)) => {
                t.latencies[k].push(us);
                t.bytes += n as u64;
            }
            Ok((status, _)) => {
                t.errors[k] += 1;
                if t.first_errors.len() < 3 {
                    t.first_errors.push(format!("{status} for {p}"));
                }
            }
            Err(e) => {
                t.errors[k] += 1;
                if t.first_errors.len() < 3 {
                    t.first_errors.push(format!("{e} for {p}"));
                }
            }
        }
    }
    t
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// Latencies (sorted, microseconds) and errors of one kind of query, or of
/// all, over `elapsed` seconds.
struct Stats {
    latencies: Vec<u32>,
    errors: u64,
    elapsed: f64,
}

impl Stats {
    fn row(&self, name: &str) {
        let l = &self.latencies;
        println!(
            "{:<32} {:>9} {:>9.0} {:>9.2} {:>9.2} {:>9.2} {:>7}",
            name,
            l.len(),
            l.len() as f64 / self.elapsed,
            pct(l, 0.5),
            pct(l, 0.99),
            pct(l, 1.0),
            self.errors
        );
    }
}

fn header() {
    println!(
        "{:<32} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "query", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors"
    );
}

/// `threads` clients for `secs` seconds: per kind of query, then all.
fn phase(
    addr: SocketAddr,
    distinct: bool,
    only: Option<Kind>,
    threads: usize,
    secs: f64,
) -> (Vec<Stats>, Stats, Vec<String>) {
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let stop = stop.clone();
            let seed = 0x5eed_0000 + i as u64 * 7919 + if distinct { 1 << 40 } else { 0 };
            std::thread::spawn(move || client(addr, seed, distinct, only, stop))
        })
        .collect();
    std::thread::sleep(Duration::from_secs_f64(secs));
    stop.store(true, Ordering::Relaxed);
    let tallies: Vec<Tally> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    // Requests under way at the stop are waited for and counted.
    let elapsed = start.elapsed().as_secs_f64();
    let per_kind: Vec<Stats> = (0..KINDS.len())
        .map(|k| {
            let mut latencies: Vec<u32> = tallies
                .iter()
                .flat_map(|t| t.latencies[k].iter().copied())
                .collect();
            latencies.sort_unstable();
            Stats {
                latencies,
                errors: tallies.iter().map(|t| t.errors[k]).sum(),
                elapsed,
            }
        })
        .collect();
    let mut latencies: Vec<u32> = per_kind.iter().flat_map(|s| s.latencies.clone()).collect();
    latencies.sort_unstable();
    let all = Stats {
        latencies,
        errors: per_kind.iter().map(|s| s.errors).sum(),
        elapsed,
    };
    let errors = tallies
        .iter()
        .flat_map(|t| t.first_errors.iter().cloned())
        .take(5)
        .collect();
    (per_kind, all, errors)
}

/// Waits until the server says the events' facts are in memory (read in
/// the background at start: until then the store answers in SQL).
fn wait_for_facts(conn: &mut Conn) {
    let t = Instant::now();
    let deadline = t + Duration::from_secs(120);
    loop {
        let health = conn
            .get("/api/health")
            .ok()
            .and_then(|_| serde_json::from_slice::<serde_json::Value>(&conn.buf).ok())
            .filter(|v| v["facts_in_memory"] == true);
        if let Some(h) = health {
            println!(
                "facts in memory after {:.2} s: {:.0} MB",
                t.elapsed().as_secs_f64(),
                h["facts_bytes"].as_f64().unwrap_or(f64::NAN) / 1e6
            );
            return;
        }
        if Instant::now() > deadline {
            println!("facts not in memory after 120 s: the store answers");
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The mix of new questions on a copy of the store while a writer adds a
/// batch of 64 documents (320 events) every 2 s, as `dyad ingest` commits.
fn while_ingesting(db: &Path, threads: usize, secs: f64) {
    let dir = tempfile::tempdir_in(db.parent().unwrap_or(Path::new("."))).unwrap();
    let copy = dir.path().join("copy.db");
    std::fs::copy(db, &copy).unwrap();
    let addr = dyad_serve::serve_for_bench(&copy);
    println!("\n== a copy of the store, served at http://{addr}, while an ingest writes");
    wait_for_facts(&mut Conn::new(addr));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, copy) = (stop.clone(), copy.clone());
        std::thread::spawn(move || {
            let mut s = dyad_store::Store::open(&copy).unwrap();
            let coder = dyad_store::synthetic::coder(&mut s);
            let mut batches = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let docs = dyad_store::synthetic::documents(64, (1 << 41) + batches);
                s.add(&docs, coder, &|_| None).unwrap();
                batches += 1;
                std::thread::sleep(Duration::from_secs(2).saturating_sub(t.elapsed()));
            }
            batches
        })
    };
    mixed(
        addr,
        "mixed, distinct URLs, while 64 documents are committed every 2 s",
        true,
        threads,
        secs,
    );
    stop.store(true, Ordering::Relaxed);
    println!("batches committed meanwhile: {}", writer.join().unwrap());
}

/// A mixed phase, printed with the bars.
fn mixed(addr: SocketAddr, title: &str, distinct: bool, threads: usize, secs: f64) {
    let (per_kind, all, errors) = phase(addr, distinct, None, threads, secs);
    println!(
        "\n== {title}: {threads} keep-alive connections, {:.1} s",
        all.elapsed
    );
    header();
    for (kind, s) in KINDS.iter().zip(&per_kind) {
        s.row(kind.name());
    }
    all.row("all");
    let rps = all.latencies.len() as f64 / all.elapsed;
    let p99 = pct(&all.latencies, 0.99);
    println!(
        "bars: >= 1,000 requests/s: {} ({rps:.0}); p99 < 100 ms: {} ({p99:.1} ms); errors: {}",
        if rps >= 1000.0 { "met" } else { "MISSED" },
        if p99 < 100.0 { "met" } else { "MISSED" },
        all.errors
    );
    for e in errors {
        println!("  error: {e}");
    }
}

fn env_num(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: a
    // test run only checks that this builds.
    if !std::env::args().any(|a| a == "--bench") {
        println!("load: a benchmark; run it with `cargo bench -p dyad-serve --bench load`");
        return;
    }
    let secs = env_num("DYAD_LOAD_SECS", 10.0);
    let threads = env_num("DYAD_LOAD_THREADS", 8.0) as usize;

    let (addr, db): (SocketAddr, Option<PathBuf>) = match std::env::var("DYAD_LOAD_ADDR") {
        Ok(a) => (a.parse().expect("DYAD_LOAD_ADDR: HOST:PORT"), None),
        Err(_) => {
            let t = Instant::now();
            let db = dyad_store::synthetic::million_store(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-store"),
            );
            println!(
                "store: {} ({:.1} s to open or build)",
                db.display(),
                t.elapsed().as_secs_f64()
            );
            (dyad_serve::serve_for_bench(&db), Some(db))
        }
    };
    println!("server: http://{addr}");

    // Up, and each kind of query answers JSON of the right shape.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut conn = Conn::new(addr);
    loop {
        match conn.get("/api/health") {
            Ok((200, _)) => break,
            other if Instant::now() > deadline => {
                panic!("the server did not answer /api/health in 30 s: {other:?}")
            }
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    wait_for_facts(&mut conn);
    let mut r = Lcg(1);
    for kind in KINDS {
        let p = path(kind, &mut r, true);
        let t = Instant::now();
        let (status, _) = conn.get(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
        let body: serde_json::Value = serde_json::from_slice(&conn.buf)
            .unwrap_or_else(|e| panic!("{p}: {status}, not JSON: {e}"));
        assert_eq!(status, 200, "{p}: {body}");
        let key = match kind {
            Kind::Events => "events",
            Kind::Relations => "rows",
            Kind::Network => "edges",
            Kind::Actors => "actors",
            Kind::Health => "events",
        };
        let n = match &body[key] {
            serde_json::Value::Array(a) => a.len().to_string(),
            v => v.to_string(),
        };
        println!(
            "  {:<30} {key}: {n:>6}  first answer {:>7.1} ms  {p}",
            kind.name(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }

    // Each kind alone on one connection (distinct URLs): what one query
    // costs without others queued beside it.
    let alone = env_num("DYAD_LOAD_ALONE_SECS", 2.0);
    println!("\n== each query alone: 1 connection, distinct URLs, {alone:.0} s each");
    header();
    for kind in KINDS {
        let (per_kind, _, errors) = phase(addr, true, Some(kind), 1, alone);
        let k = KINDS.iter().position(|x| *x == kind).unwrap();
        per_kind[k].row(kind.name());
        for e in errors {
            println!("  error: {e}");
        }
    }
    mixed(
        addr,
        "mixed, distinct URLs (computed for each request)",
        true,
        threads,
        secs,
    );
    mixed(
        addr,
        "mixed, repeated URLs (the response cache answers)",
        false,
        threads,
        secs,
    );
    if let (Some(db), false) = (
        db,
        std::env::var("DYAD_LOAD_INGEST").is_ok_and(|v| v == "0"),
    ) {
        while_ingesting(&db, threads, secs);
    }
}
