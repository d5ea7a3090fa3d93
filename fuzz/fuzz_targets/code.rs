#![no_main]
use std::sync::OnceLock;

use dyad_code::coder::{CodeOptions, Coder};
use dyad_dict::dictionary::Dictionary;
use dyad_parse::model::{Buffers, Model};
use libfuzzer_sys::fuzz_target;

// The coder on any text: no panic; every event's tokens lie in the
// sentence.
fuzz_target!(|text: &str| {
    static DICT: OnceLock<Dictionary> = OnceLock::new();
    let dict = DICT.get_or_init(|| {
        let mut d = Dictionary::builtin().expect("built-in dictionaries");
        d.compile();
        d
    });
    let model = Model::builtin().expect("built-in model");
    let coder = Coder::new(dict, model, CodeOptions::default());
    let mut buf = Buffers::default();
    for s in dyad_text::Segmenter::new().segment(text) {
        let spans: Vec<(usize, usize)> = s
            .tokens
            .iter()
            .map(|t| (t.span.start - s.span.start, t.span.end - s.span.start))
            .collect();
        let a = coder.code(&text[s.span.start..s.span.end], &spans, 20230501, &mut buf);
        for e in &a.events {
            assert!(e.verb.iter().all(|&t| t < spans.len()));
        }
    }
});
