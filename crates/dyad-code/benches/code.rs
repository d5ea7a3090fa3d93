//! Coding throughput on one core, with the built-in dictionaries and model:
//! - `code_sentences`: tag, parse, find actors and verbs, match patterns,
//!   assign roles (sentences already segmented);
//! - `end_to_end`: a JSON Lines feed read from memory, segmented and coded
//!   (read → segment → tag → parse → match → code), with the built-in
//!   dictionaries and, where `../shared` is present, with the Phoenix actor
//!   and agent dictionaries and CAMEO.2.0 verbs loaded as well;
//! - `start_up`: building a coder from the built-in dictionaries.
//!
//! Run: `cargo bench -p dyad-code --bench code`.

use divan::counter::ItemsCount;
use divan::Bencher;
use dyad_code::coder::{CodeOptions, Coder};
use dyad_dict::dictionary::Dictionary;
use dyad_dict::LoadOptions;
use dyad_ingest::{read_bytes, Document, DocumentSink, InputFormat, Problem, ReadOptions};
use dyad_parse::model::{Buffers, Model};
use std::path::Path;

fn main() {
    divan::main();
}

const TEXT: &str =
    "Russian Foreign Minister Sergei Lavrov met his Kazakh counterpart in Astana on Monday. \
    Kazakhstan and Uzbekistan signed an agreement on water use. \
    Moldova expelled two Russian diplomats, and Moscow said it would respond. \
    President Tokayev paid a state visit to Uzbekistan in May. \
    Azerbaijan accused Armenia of shelling its positions near the border. \
    Belarus called on the European Union to lift the sanctions. \
    The Armenian delegation was received by the Russian foreign minister. \
    Georgia did not sign the memorandum with Russia.";

/// Built-in dictionaries loaded and compiled, and the verb index built.
#[divan::bench(sample_count = 10)]
fn start_up() -> usize {
    let mut dict = Dictionary::builtin().expect("built-in dictionaries");
    dict.compile();
    let model = Model::builtin().expect("the built-in model");
    let coder = Coder::new(&dict, model, CodeOptions::default());
    coder.verbs.len().0
}

#[divan::bench]
fn code_sentences(bencher: Bencher) {
    let mut dict = Dictionary::builtin().expect("built-in dictionaries");
    dict.compile();
    let model = Model::builtin().expect("the built-in model");
    let coder = Coder::new(&dict, model, CodeOptions::default());
    let sentences = dyad_text::Segmenter::new().segment(TEXT);
    let inputs: Vec<(&str, Vec<(usize, usize)>)> = sentences
        .iter()
        .map(|s| {
            (
                &TEXT[s.span.start..s.span.end],
                s.tokens
                    .iter()
                    .map(|t| (t.span.start - s.span.start, t.span.end - s.span.start))
                    .collect(),
            )
        })
        .collect();
    let mut buf = Buffers::default();
    bencher
        .counter(ItemsCount::new(inputs.len()))
        .bench_local(|| {
            let mut events = 0;
            for (text, spans) in &inputs {
                events += coder.code(text, spans, 20230510, &mut buf).events.len();
            }
            divan::black_box(events)
        });
}

/// A feed of `DOCS` documents of news-like sentences, as JSON Lines.
fn feed() -> (Vec<u8>, usize) {
    const DOCS: usize = 50;
    let mut out = String::new();
    let sentences = dyad_text::Segmenter::new().segment(TEXT).len();
    for i in 0..DOCS {
        out.push_str(&format!(
            "{{\"id\": \"d{i}\", \"published\": \"2023-05-10\", \"text\": {}}}\n",
            serde_json::to_string(TEXT).expect("a string")
        ));
    }
    (out.into_bytes(), DOCS * sentences)
}

struct Code<'c> {
    coder: &'c Coder<'c>,
    buf: Buffers,
    segmenter: dyad_text::Segmenter,
    events: usize,
}

impl DocumentSink for Code<'_> {
    fn document(&mut self, doc: Document) -> bool {
        for ds in doc.sentences(&self.segmenter) {
            let s = &ds.sentence;
            let spans: Vec<(usize, usize)> = s
                .tokens
                .iter()
                .map(|t| (t.span.start - s.span.start, t.span.end - s.span.start))
                .collect();
            self.events += self
                .coder
                .code(doc.slice(s.span), &spans, 20230510, &mut self.buf)
                .events
                .len();
        }
        true
    }

    fn problem(&mut self, _: Problem) {}
}

fn phoenix() -> Option<Dictionary> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/anchors/petrarch2");
    if !dir.is_dir() {
        eprintln!("SKIPPED: the Phoenix variant needs ../shared");
        return None;
    }
    let mut d = Dictionary::builtin().expect("built-in dictionaries");
    for f in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
        "CAMEO.2.0.txt",
    ] {
        d.load_path(&dir.join(f), LoadOptions { lenient: true })
            .expect("a Phoenix dictionary loads");
    }
    Some(d)
}

#[divan::bench(args = ["built-in", "built-in + Phoenix + CAMEO.2.0"])]
fn end_to_end(bencher: Bencher, dictionaries: &str) {
    let dict = if dictionaries == "built-in" {
        Dictionary::builtin().ok()
    } else {
        phoenix()
    };
    let Some(mut dict) = dict else { return };
    dict.compile();
    let model = Model::builtin().expect("the built-in model");
    let coder = Coder::new(&dict, model, CodeOptions::default());
    let (bytes, sentences) = feed();
    let opts = ReadOptions::default();
    bencher.counter(ItemsCount::new(sentences)).bench_local(|| {
        let mut sink = Code {
            coder: &coder,
            buf: Buffers::default(),
            segmenter: dyad_text::Segmenter::new(),
            events: 0,
        };
        read_bytes(
            "feed.jsonl",
            bytes.clone(),
            Some(InputFormat::Jsonl),
            &opts,
            &mut sink,
        );
        divan::black_box(sink.events)
    });
}
