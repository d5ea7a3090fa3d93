#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let sentences = dyad_text::Segmenter::new().segment(text);
    let mut prev = 0;
    for s in &sentences {
        assert!(s.span.start >= prev);
        let _ = s.text(text);
        for t in &s.tokens {
            let _ = t.text(text);
        }
        prev = s.span.end;
    }
});
