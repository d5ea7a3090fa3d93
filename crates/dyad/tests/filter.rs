//! `dyad code` as a stream filter and as a shard of a larger job: JSON
//! Lines in, events out per document, error records in place, Parquet
//! shards that a retry leaves without duplicates.

mod common;

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

const DOCS: &[&str] = &[
    r#"{"id":"1","text":"Russia and Kazakhstan signed an agreement on trade.","published":"2023-01-10"}"#,
    r#"{"id":"2","text":"Moldova expelled two Russian diplomats.","published":"2023-03-05"}"#,
    r#"{"id":"3","text":"The weather was fine.","published":"2023-03-06"}"#,
    r#"{"id":"4","text":"Armenia accused Azerbaijan of shelling its positions.","published":"2024-07-01"}"#,
];

fn feed() -> String {
    DOCS.iter().map(|d| format!("{d}\n")).collect()
}

fn filter(args: &[&str], input: &str) -> (String, String, bool) {
    let mut child = dyad()
        .args(["code", "--jsonl"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.success(),
    )
}

#[test]
fn the_filter_writes_what_dyad_code_writes_for_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.jsonl");
    std::fs::write(&file, feed()).unwrap();
    let from_file = dyad().args(["code", "-q"]).arg(&file).output().unwrap();
    let (stream, summary, ok) = filter(&[], &feed());
    assert!(ok, "{summary}");
    assert!(!stream.is_empty());
    assert_eq!(stream, String::from_utf8(from_file.stdout).unwrap());
    assert!(
        summary.contains("4 documents"),
        "the summary goes to stderr: {summary}"
    );
}

#[test]
fn a_bad_document_is_an_error_record_in_place_and_the_stream_goes_on() {
    let input = format!(
        "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
        DOCS[0], DOCS[1]
    );
    let (out, _, ok) = filter(&["--errors-as-records"], &input);
    assert!(ok, "errors are data in this mode");
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let error = records
        .iter()
        .position(|r| r.get("error").is_some())
        .expect("an error record");
    assert!(
        records[error]["error"].as_str().unwrap().contains(":2"),
        "names the line"
    );
    assert!(records[..error].iter().all(|r| r["doc_id"] == "1"));
    assert!(records[error + 1..].iter().all(|r| r["doc_id"] == "2"));
    assert!(
        records.len() > error + 1,
        "documents after the bad one are coded"
    );
    // Without the option the error goes to stderr and the exit status says so.
    let (out, err, ok) = filter(&[], &input);
    assert!(!ok && err.contains(":2"));
    assert!(out.lines().all(|l| !l.contains("\"error\"")));
}

#[test]
fn each_documents_events_leave_before_the_next_document_arrives() {
    let mut child = dyad()
        .args(["code", "--jsonl", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", DOCS[0]).unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let _ = tx.send(line);
    });
    // Standard input is still open: the event can only come out if it was
    // flushed with its document.
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the first document's event arrives while the input is still open");
    assert!(line.contains("\"doc_id\":\"1\""), "{line}");
    drop(stdin);
    child.wait().unwrap();
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn a_killed_and_retried_shard_leaves_no_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("events");
    let d = data.to_str().unwrap();
    let shard = |attempt: &str| {
        vec![
            "--format",
            "parquet",
            "--out",
            d,
            "--shard",
            "00001",
            "--attempt",
            attempt,
            "-q",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>()
    };
    // Another shard of the same job, which nothing may touch.
    let other: Vec<&str> = vec!["--format", "parquet", "--out", d, "--shard", "00002", "-q"];
    let (_, err, ok) = filter(&other, &format!("{}\n", DOCS[3]));
    assert!(ok, "{err}");
    // Attempt 0 finishes; attempt 1 is killed with its input half read.
    let args0 = shard("0");
    let (_, err, ok) = filter(
        &args0.iter().map(String::as_str).collect::<Vec<_>>(),
        &feed(),
    );
    assert!(ok, "{err}");
    let mut killed = dyad()
        .args(["code", "--jsonl"])
        .args(shard("1"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = killed.stdin.take().unwrap();
    stdin.write_all(feed().as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    killed.kill().unwrap();
    killed.wait().unwrap();
    drop(stdin);
    // Attempt 2 finishes: the shard is attempt 2's files alone.
    let args2 = shard("2");
    let (_, err, ok) = filter(
        &args2.iter().map(String::as_str).collect::<Vec<_>>(),
        &feed(),
    );
    assert!(ok, "{err}");
    let names: Vec<String> = files(&data)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("part-00001-0") && !n.contains("part-00001-1")),
        "{names:#?}"
    );
    assert!(
        names.iter().all(|n| n.ends_with(".parquet")),
        "no temporary files: {names:#?}"
    );
    assert!(
        names.iter().any(|n| n.contains("part-00002-0")),
        "{names:#?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("_SUCCESS")),
        "the job writes _SUCCESS, not a shard"
    );
    if let Some(rows) = common::pyarrow_rows(&data).map(|r| r.len()) {
        let (events, _, _) = filter(&[], &feed());
        let (others, _, _) = filter(&[], &format!("{}\n", DOCS[3]));
        assert_eq!(rows, events.lines().count() + others.lines().count());
    }
}
