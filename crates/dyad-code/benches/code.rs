//! End-to-end coding throughput on one core: tag, parse, find actors and
//! verbs, match patterns, assign roles (sentences already segmented), with
//! the built-in dictionaries and model; and the start-up cost of building a
//! coder.
//!
//! Run: `cargo bench -p dyad-code --bench code`.

use divan::counter::ItemsCount;
use divan::Bencher;
use dyad_code::coder::{CodeOptions, Coder};
use dyad_dict::dictionary::Dictionary;
use dyad_parse::model::{Buffers, Model};

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
