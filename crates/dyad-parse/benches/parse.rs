//! Model load time and tag+parse throughput of the built-in model, one core.
//!
//! Run: `cargo bench -p dyad-parse --bench parse`.

use divan::counter::ItemsCount;
use divan::Bencher;
use dyad_parse::model::{Buffers, Model};

fn main() {
    divan::main();
}

const MODEL: &[u8] = include_bytes!("../../../models/en-ewt.dyadmodel");

/// Reading the model file (checksum, weights, index).
#[divan::bench(sample_count = 10)]
fn load_model() -> usize {
    Model::from_bytes(divan::black_box(MODEL))
        .expect("the model loads")
        .parser
        .labels
        .len()
}

#[divan::bench]
fn tag_and_parse(bencher: Bencher) {
    const TEXT: &str = "President Vladimir Putin met his Kazakh counterpart in Astana on Monday. \
        The agreement on the establishment of a free trade zone was signed by the foreign ministers of both countries. \
        Moldova expelled two Russian diplomats, and Moscow said it would respond. \
        The official visit of the President of Tajikistan to Russia took place in May. \
        Despite the cooling of political relations, we met Moldova's requests for humanitarian assistance.";
    let sentences = dyad_text::Segmenter::new().segment(TEXT);
    let forms: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.tokens.iter().map(|t| t.text(TEXT)).collect())
        .collect();
    let words: usize = forms.iter().map(Vec::len).sum();
    let model = Model::builtin().expect("the built-in model loads");
    let mut buf = Buffers::default();
    bencher
        .counter(ItemsCount::new(words * 20))
        .bench_local(|| {
            let mut n = 0;
            for _ in 0..20 {
                for s in &forms {
                    n += model.annotate(s, &mut buf).len();
                }
            }
            n
        });
}
