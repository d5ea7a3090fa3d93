//! A synthetic store for benchmarks: about a million events over 25 years,
//! 60 states with a few much busier than the rest, 20 CAMEO codes. Not
//! data: figures measured on it say how fast, never how right.

use std::path::{Path, PathBuf};

use dyad_code::record::{EventActor, EventRecord, Evidence, Mention, Plover};

use crate::{CoderVersion, NewDocument, NewSentence, Store};

pub const EVENTS: usize = 1_000_000;
pub const PER_DOCUMENT: usize = 5;

const CODES: &[(&str, u8, f32)] = &[
    ("010", 1, 0.0),
    ("020", 1, 3.0),
    ("036", 1, 4.0),
    ("040", 1, 1.0),
    ("042", 1, 1.9),
    ("043", 1, 2.8),
    ("046", 1, 7.0),
    ("051", 1, 3.4),
    ("057", 1, 8.0),
    ("061", 2, 6.4),
    ("070", 2, 7.0),
    ("073", 2, 7.4),
    ("111", 3, -2.0),
    ("112", 3, -2.0),
    ("130", 3, -4.4),
    ("163", 4, -8.0),
    ("173", 4, -5.0),
    ("174", 4, -5.0),
    ("190", 4, -10.0),
    ("150", 4, -7.2),
];

/// A small deterministic generator for synthetic data and tests (no crate
/// needed for it).
pub struct Lcg(pub u64);

impl Lcg {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// One of `xs` (not empty).
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// A document of one sentence, its whole text, with no URL, publisher or
/// date (tests and benchmarks set those they need).
pub fn single_sentence(doc_id: &str, hash: &str, text: &str) -> NewDocument {
    NewDocument {
        doc_id: doc_id.to_owned(),
        hash: hash.to_owned(),
        url: None,
        source: None,
        published: None,
        title: None,
        speaker: None,
        layout: "{}".into(),
        text: text.to_owned(),
        sentences: vec![NewSentence {
            index: 0,
            span: [0, text.chars().count()],
            text: text.to_owned(),
        }],
    }
}

fn country(i: u64) -> String {
    // Three letters, A.. for the busiest: RUS and MDA stand in the list so
    // the dyad bench has a real pair.
    const NAMED: &[&str] = &["RUS", "USA", "CHN", "UKR", "MDA", "KAZ", "DEU", "FRA"];
    match NAMED.get(i as usize) {
        Some(c) => (*c).to_owned(),
        None => format!(
            "Q{}{}",
            (b'A' + (i / 26) as u8) as char,
            (b'A' + (i % 26) as u8) as char
        ),
    }
}

/// A country index skewed towards the first few (news is about few
/// states).
fn skewed(r: &mut Lcg) -> u64 {
    let x = (r.next() % 10_000) as f64 / 10_000.0;
    ((x * x * x) * 60.0) as u64
}

fn actor(code: String) -> EventActor {
    EventActor {
        country: Some(code[..3].to_owned()),
        igo: None,
        name: code.clone(),
        code,
        span: None,
    }
}

pub fn documents(n: usize, seed: u64) -> Vec<(NewDocument, Vec<EventRecord>)> {
    let mut r = Lcg(seed);
    (0..n)
        .map(|i| {
            let text = format!("Document {seed}-{i}: five sentences about states.");
            let records = (0..PER_DOCUMENT)
                .map(|k| {
                    let a = skewed(&mut r);
                    let mut b = skewed(&mut r);
                    if b == a {
                        b = (a + 1 + r.next() % 59) % 60;
                    }
                    let (cameo, quad, g) = CODES[(r.next() % CODES.len() as u64) as usize];
                    let day = r.next() % (25 * 365);
                    let (y, m, d) = (2000 + day / 365, 1 + day % 365 / 31 % 12, 1 + day % 28);
                    EventRecord {
                        doc_id: format!("{seed}-{i}"),
                        sentence_index: k,
                        sentence_span: [0, 10],
                        text: "A sentence.".into(),
                        source: actor(country(a)),
                        target: actor(country(b)),
                        cameo: cameo.into(),
                        root: cameo[..2].into(),
                        quad,
                        goldstein: Some(g),
                        plover: Plover {
                            event_type: None,
                            mode: None,
                        },
                        date: Some(format!("{y:04}-{m:02}-{d:02}")),
                        location: None,
                        negated: false,
                        speaker: None,
                        evidence: Evidence {
                            verb: [0, 1],
                            pattern: "*".into(),
                            dictionary: "bench".into(),
                        },
                        mentions: vec![Mention {
                            sentence_index: k,
                            sentence_span: [0, 10],
                            verb: [0, 1],
                        }],
                    }
                })
                .collect();
            let id = format!("{seed}-{i}");
            let doc = NewDocument {
                url: Some(format!("https://news.example/{i}")),
                source: Some(["Wire", "Daily", "Agency"][i % 3].into()),
                ..single_sentence(&id, &id, &text)
            };
            (doc, records)
        })
        .collect()
}

pub fn coder(s: &mut Store) -> i64 {
    s.coder_id(&CoderVersion {
        dyad: "bench".into(),
        dictionaries: "bench".into(),
        model: "bench".into(),
    })
    .unwrap()
}

fn none(_: &str) -> Option<String> {
    None
}

/// The million-event store in `dir`, built on first use (a minute or two)
/// and reused after (a marker file says it is complete).
pub fn million_store(dir: &Path) -> PathBuf {
    {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join(format!("million-v{}.db", crate::schema::SCHEMA_VERSION));
        let done = dir.join(format!("million-v{}.done", crate::schema::SCHEMA_VERSION));
        // A store built by an earlier schema is migrated rather than built
        // again (the same events).
        for v in (1..crate::schema::SCHEMA_VERSION).rev() {
            let (old, old_done) = (
                dir.join(format!("million-v{v}.db")),
                dir.join(format!("million-v{v}.done")),
            );
            if !done.exists() && old_done.exists() {
                // Migrated in place, closed (the log checkpointed), moved.
                drop(Store::open(&old).unwrap());
                std::fs::rename(&old, &path).unwrap();
                std::fs::rename(&old_done, &done).unwrap();
            }
        }
        if !done.exists() {
            let _ = std::fs::remove_file(&path);
            let mut s = Store::open(&path).unwrap();
            let c = coder(&mut s);
            let docs = EVENTS / PER_DOCUMENT;
            for chunk in 0..docs / 2000 {
                s.add(&documents(2000, chunk as u64), c, &none).unwrap();
            }
            let stats = s.stats().unwrap();
            eprintln!("bench store: {} events", stats.events);
            std::fs::write(&done, stats.events.to_string()).unwrap();
        }
        path
    }
}
