//! `dyad code` as a stream filter against `dyad code` on a file, one
//! coding thread each, whole processes (start-up included):
//! - `file`: `dyad code --threads 1 FEED`;
//! - `filter`: `dyad code --jsonl --threads 1 < FEED` (flushing per document);
//! - `start_up`: `dyad code --jsonl < /dev/null`: loading the model and the
//!   built-in dictionaries, what each Spark partition pays once.
//!
//! Run: `cargo bench -p dyad --bench filter`.

use divan::counter::ItemsCount;
use divan::Bencher;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const DOCUMENTS: usize = 1000;

/// A JSON Lines feed of news-like documents (three sentences each).
fn feed() -> &'static Path {
    static FEED: OnceLock<PathBuf> = OnceLock::new();
    FEED.get_or_init(|| {
        let states = [
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
        let mut out = String::new();
        for i in 0..DOCUMENTS {
            let a = states[i % states.len()];
            let b = states[(i * 7 + 3) % states.len()];
            let text = format!(
                "{a} and {b} signed an agreement on trade on Tuesday. The president of {a} \
                 paid an official visit to {b}, where he met the prime minister. \
                 {b} accused {a} of violating the agreement, and its foreign ministry \
                 summoned the ambassador."
            );
            out +=
                &serde_json::json!({"id": i.to_string(), "text": text, "published": "2023-05-12"})
                    .to_string();
            out.push('\n');
        }
        let path =
            std::env::temp_dir().join(format!("dyad-filter-bench-{}.jsonl", std::process::id()));
        std::fs::write(&path, out).unwrap();
        path
    })
}

fn dyad() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dyad"));
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn file(bencher: Bencher) {
    let feed = feed();
    bencher.counter(ItemsCount::new(DOCUMENTS)).bench(|| {
        let status = dyad()
            .args(["code", "--threads", "1", "-q"])
            .arg(feed)
            .status()
            .unwrap();
        assert!(status.success());
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn filter(bencher: Bencher) {
    let feed = feed();
    bencher.counter(ItemsCount::new(DOCUMENTS)).bench(|| {
        let status = dyad()
            .args(["code", "--jsonl", "--threads", "1", "-q"])
            .stdin(std::fs::File::open(feed).unwrap())
            .status()
            .unwrap();
        assert!(status.success());
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn start_up(bencher: Bencher) {
    bencher.bench(|| {
        let status = dyad()
            .args(["code", "--jsonl", "-q"])
            .stdin(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    });
}
