//! The event store from the command line: ingest (idempotent, killed and
//! resumed), queries, aggregates, exports.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn dyad() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dyad"));
    // Tests name their store; a user's DYAD_DB must not leak in.
    c.env_remove("DYAD_DB");
    c
}

fn run(args: &[&str]) -> Output {
    dyad()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("dyad runs")
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "dyad {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

use dyad_store::synthetic::Lcg;

const COUNTRIES: &[&str] = &[
    "Russia",
    "Kazakhstan",
    "Armenia",
    "Moldova",
    "Belarus",
    "Uzbekistan",
    "Georgia",
    "Turkey",
    "China",
    "India",
    "France",
    "Germany",
];

/// `n` news documents of three sentences each, as JSON Lines: visits,
/// agreements, accusations between states, with publication dates and
/// publishers; some facts repeat across documents, as news does.
fn corpus(n: usize, seed: u64) -> String {
    let mut r = Lcg(seed);
    let mut out = String::new();
    for i in 0..n {
        let a = r.pick(COUNTRIES);
        let mut b = r.pick(COUNTRIES);
        while b == a {
            b = r.pick(COUNTRIES);
        }
        let month = 1 + r.next() % 12;
        let day = 1 + r.next() % 28;
        let text = format!(
            "{a} and {b} signed an agreement on trade. The president of {a} paid an official visit to {b}. {b} accused {a} of violating the agreement.",
        );
        let source = r.pick(&["Wire One", "Daily Two", "Agency Three"]);
        out += &serde_json::json!({
            "id": format!("doc-{i}"),
            "text": text,
            "published": format!("2023-{month:02}-{day:02}"),
            "source": source,
            "url": format!("https://news.example/{i}"),
        })
        .to_string();
        out.push('\n');
    }
    out
}

/// Every event of a store as comparable JSON (without what differs between
/// runs: the time it was stored).
fn all_events(db: &Path) -> Vec<String> {
    let out = ok(&[
        "events",
        "--db",
        db.to_str().unwrap(),
        "--include-negated",
        "--oldest",
        "--format",
        "jsonl",
    ]);
    let mut events: Vec<String> = lines(&out)
        .into_iter()
        .map(|mut e| {
            e.as_object_mut().unwrap().remove("added_micros");
            e.to_string()
        })
        .collect();
    events.sort();
    events
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn ingesting_twice_adds_nothing_and_reports_are_counted_across_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store/dyad.db");
    let feed = write(dir.path(), "feed.jsonl", &corpus(12, 7));
    let (db_s, feed_s) = (db.to_str().unwrap(), feed.to_str().unwrap());
    let out = run(&["ingest", "--db", db_s, feed_s]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = all_events(&db);
    assert!(first.len() > 12, "{}", first.len());
    let out = run(&["ingest", "--db", db_s, feed_s]);
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("0 stored") && summary.contains("12 already stored"),
        "{summary}"
    );
    assert_eq!(all_events(&db), first, "re-ingesting changed the store");

    // The same fact in two documents (and two publishers) is one event.
    let twice = [
        r#"{"id":"a","text":"Kazakhstan and Uzbekistan signed an agreement on trade on May 12, 2023.","published":"2023-05-20","source":"Wire One"}"#,
        r#"{"id":"b","text":"Kazakhstan and Uzbekistan signed an agreement on trade on May 12, 2023.\nThe agreement was welcomed.","published":"2023-05-21","source":"Daily Two"}"#,
    ]
    .join("\n");
    let p = write(dir.path(), "twice.jsonl", &twice);
    ok(&["ingest", "--db", db_s, p.to_str().unwrap()]);
    let events = lines(&ok(&[
        "events",
        "--db",
        db_s,
        "--between",
        "KAZ",
        "UZB",
        "--code",
        "057",
        "-f",
        "jsonl",
    ]));
    assert_eq!(events.len(), 2, "one event per direction: {events:?}");
    for e in &events {
        assert_eq!(e["num_articles"], 2);
        assert_eq!(e["num_sources"], 2);
        assert_eq!(e["date"], "2023-05-12");
    }
}

/// Issue 7's bar: killed at random points (SIGKILL), then resumed, the
/// store holds exactly the events of an uninterrupted run.
#[cfg(unix)]
#[test]
fn a_killed_ingest_resumes_to_exactly_the_uninterrupted_store() {
    let dir = tempfile::tempdir().unwrap();
    let feed = write(dir.path(), "feed.jsonl", &corpus(240, 42));
    let feed_s = feed.to_str().unwrap();
    let whole = dir.path().join("whole.db");
    let started = Instant::now();
    ok(&[
        "ingest",
        "-q",
        "--db",
        whole.to_str().unwrap(),
        "--batch",
        "4",
        feed_s,
    ]);
    let took = started.elapsed();
    let expected = all_events(&whole);
    assert!(expected.len() > 240);

    let killed = dir.path().join("killed.db");
    let mut r = Lcg(2026);
    let mut kills = 0;
    for _ in 0..5 {
        let mut child = dyad()
            .args([
                "ingest",
                "-q",
                "--db",
                killed.to_str().unwrap(),
                "--batch",
                "4",
                feed_s,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Somewhere between a tenth and nine tenths of a whole run.
        let at = took.mul_f64(0.1 + (r.next() % 800) as f64 / 1000.0);
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix
            kills += 1;
        }
        child.wait().unwrap();
    }
    assert!(kills >= 3, "the runs ended before they could be killed");
    let out = run(&[
        "ingest",
        "--db",
        killed.to_str().unwrap(),
        "--batch",
        "4",
        feed_s,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        all_events(&killed),
        expected,
        "the resumed store differs from an uninterrupted run"
    );
    let holds = |db: &Path| {
        let out = run(&["ingest", "--db", db.to_str().unwrap(), feed_s]);
        let s = String::from_utf8_lossy(&out.stderr).to_string();
        s[s.find("the store holds").unwrap()..].to_owned()
    };
    assert_eq!(holds(&killed), holds(&whole));
    let _ = Duration::ZERO;
}

#[test]
fn queries_filter_aggregate_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    let db_s = db.to_str().unwrap();
    let docs = [
        r#"{"id":"1","text":"Russia and Moldova signed an agreement on trade.","published":"2023-01-10","source":"A"}"#,
        r#"{"id":"2","text":"Moldova imposed sanctions against Russia.","published":"2023-03-05","source":"B"}"#,
        r#"{"id":"3","text":"Moldova expelled Russian diplomats.","published":"2023-03-20","source":"B"}"#,
        r#"{"id":"4","text":"Kazakhstan and Uzbekistan signed an agreement on water.","published":"2023-03-21","source":"A"}"#,
    ]
    .join("\n");
    let p = write(dir.path(), "q.jsonl", &docs);
    ok(&["ingest", "--db", db_s, p.to_str().unwrap()]);

    // Filters.
    let between = lines(&ok(&["events", "--db", db_s, "--between", "RUS", "MDA"]));
    assert_eq!(between.len(), 4, "{between:#?}");
    let conflict = lines(&ok(&[
        "events", "--db", db_s, "--source", "MDA", "--quad", "3,4",
    ]));
    assert_eq!(conflict.len(), 2, "{conflict:#?}");
    assert!(conflict.iter().all(|e| e["source"]["country"] == "MDA"));
    let hostile = lines(&ok(&["events", "--db", db_s, "--actor", "RUS' OR 1=1 --"]));
    assert!(hostile.is_empty(), "a value is a value, never SQL");
    let words = lines(&ok(&["events", "--db", db_s, "--search", "water"]));
    assert_eq!(words.len(), 2);
    assert!(words.iter().all(|e| e["source"]["country"] != "RUS"));
    let count = ok(&["events", "--db", db_s, "--code", "057", "--count"]);
    assert_eq!(count.trim(), "4");
    let late = lines(&ok(&["events", "--db", db_s, "--from", "2023-03"]));
    assert_eq!(late.len(), 4);
    let bad = run(&["events", "--db", db_s, "--search", "\"unclosed"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("full-text query"));
    let bad = run(&["events", "--db", db_s, "--from", "March"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--from"));

    // Relations month by month, with the change against the month before.
    let rel: Vec<Value> = serde_json::from_str(&ok(&[
        "relations",
        "--db",
        db_s,
        "--source",
        "MDA",
        "--target",
        "RUS",
        "-f",
        "json",
    ]))
    .unwrap();
    // January's agreement goes both ways; March is sanctions and
    // expulsions; February had nothing, so March's change is against zero.
    assert_eq!(rel.len(), 2, "{rel:#?}");
    assert_eq!(rel[0]["period"], "2023-01");
    assert_eq!(rel[0]["net_cooperation"], 1.0);
    assert_eq!(rel[1]["period"], "2023-03");
    assert_eq!(rel[1]["events"], 2);
    assert_eq!(rel[1]["material_conflict"], 2);
    assert_eq!(rel[1]["net_cooperation"], -1.0);
    assert_eq!(rel[1]["change_events"], 2);
    assert_eq!(rel[1]["change_net_cooperation"], -1.0);
    let undirected: Vec<Value> = serde_json::from_str(&ok(&[
        "relations",
        "--db",
        db_s,
        "--between",
        "RUS",
        "MDA",
        "--undirected",
        "--period",
        "quarter",
        "-f",
        "json",
    ]))
    .unwrap();
    assert_eq!(undirected.len(), 1);
    assert_eq!(undirected[0]["period"], "2023-Q1");
    assert_eq!(undirected[0]["events"], 4);
    assert_eq!(undirected[0]["net_cooperation"], 0.0);

    // Actors and the network.
    let actors = lines(&ok(&["actors", "--db", db_s]));
    assert!(actors
        .iter()
        .any(|a| a["code"] == "MDA" && a["name"] == "Moldova"));
    let graph = ok(&["network", "--db", db_s, "-f", "graphml"]);
    assert!(graph.contains(r#"<node id="MDA">"#) && graph.contains(r#"source="MDA" target="RUS""#));
    let json: Value = serde_json::from_str(&ok(&["network", "--db", db_s])).unwrap();
    let edge = json["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["source"] == "MDA" && l["target"] == "RUS")
        .unwrap();
    assert_eq!(edge["events"], 3);
    assert_eq!(edge["cooperation"], 1);
    assert_eq!(edge["conflict"], 2);
    assert!((edge["goldstein_mean"].as_f64().unwrap() - (8.0 - 8.0 - 4.0) / 3.0).abs() < 1e-9);

    // Exports.
    let csv = ok(&["export", "--db", db_s, "-f", "csv"]);
    assert_eq!(csv.lines().count(), 1 + 6, "{csv}");
    assert!(csv.starts_with("event_id,date,precision,source_code"));
    let gdelt = ok(&["export", "--db", db_s, "-f", "gdelt"]);
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61));
    let pq = dir.path().join("pq");
    ok(&[
        "export",
        "--db",
        db_s,
        "-f",
        "parquet",
        "--out",
        pq.to_str().unwrap(),
    ]);
    assert!(pq.join("_SUCCESS").exists());
    assert!(pq.join("year=2023/month=03/part-00000-0.parquet").exists());
    let jsonl = lines(&ok(&["export", "--db", db_s, "-f", "jsonl"]));
    parquet_has_the_rows_of(&pq, &jsonl);
}

/// Reads a dataset back with pyarrow (an independent reader) and checks it
/// holds the same rows as the JSON Lines export, field by field.
fn parquet_has_the_rows_of(dir: &Path, events: &[Value]) {
    let Some(mut rows) = common::pyarrow_rows(dir) else {
        return;
    };
    rows.sort_by_key(|r| r["event_id"].as_i64());
    assert_eq!(rows.len(), events.len());
    let mut events = events.to_vec();
    events.sort_by_key(|e| e["id"].as_i64());
    for (row, e) in rows.iter().zip(&events) {
        assert_eq!(row["event_id"], e["id"]);
        assert_eq!(row["date_text"], e["date"]);
        assert_eq!(row["source_code"], e["source"]["code"]);
        assert_eq!(row["target_country"], e["target"]["country"]);
        assert_eq!(row["cameo"], e["cameo"]);
        assert_eq!(row["quad"], e["quad"]);
        assert_eq!(row["num_articles"], e["num_articles"]);
        assert_eq!(row["sentence"], e["sentence"]);
        assert_eq!(row["added"], e["added_micros"]);
        let g = |v: &Value| v.as_f64().map(|g| g as f32);
        assert_eq!(g(&row["goldstein"]), g(&e["goldstein"]));
    }
}

#[test]
fn recode_reports_what_a_dictionary_change_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let db_s = db.to_str().unwrap();
    let p = write(
        dir.path(),
        "r.jsonl",
        r#"{"id":"1","text":"Nordland and Russia signed an agreement on trade.","published":"2023-01-10"}"#,
    );
    ok(&["ingest", "--db", db_s, p.to_str().unwrap()]);
    assert!(all_events(&db).is_empty(), "Nordland is no actor yet");
    let dict = write(
        dir.path(),
        "nordland.dyad",
        "# dyad dictionary 1\nactor NRD\n  name: Nordland\n  kind: state\n  country: NRD\n  names: Nordland\n",
    );
    let out = run(&[
        "ingest",
        "--db",
        db_s,
        "--recode",
        "--dict",
        dict.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("1 document re-coded") && summary.contains("2 events added"),
        "{summary}"
    );
    assert_eq!(all_events(&db).len(), 2);
    // Nothing left to re-code for the same coder.
    let out = run(&[
        "ingest",
        "--db",
        db_s,
        "--recode",
        "--dict",
        dict.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 documents re-coded"));
}

#[test]
fn foreign_damaged_and_newer_stores_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = write(
        dir.path(),
        "garbage.db",
        &"not a database at all\n".repeat(400),
    );
    let out = run(&["events", "--db", garbage.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("garbage.db") && err.contains("not a dyad store"),
        "{err}"
    );
    let before = std::fs::read(&garbage).unwrap();
    let out = run(&["ingest", "--db", garbage.to_str().unwrap(), "-"]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&garbage).unwrap(), before, "nothing written");

    let missing = dir.path().join("nothing.db");
    let out = run(&["events", "--db", missing.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store here"));
    assert!(!missing.exists(), "a query creates no store");
}

#[cfg(unix)]
#[test]
fn a_read_only_location_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(locked.join("probe"), "x").is_ok() {
        println!("SKIPPED: running as a user who can write anywhere (root)");
        return;
    }
    let db = locked.join("dyad.db");
    let out = run(&["ingest", "--db", db.to_str().unwrap(), "-"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot write here") || err.contains("read-only"),
        "{err}"
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}
