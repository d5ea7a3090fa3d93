#![no_main]
//! A stored document (text, then a NUL, then its layout as JSON) read back
//! for re-coding: a bad layout is an error, never a panic; a good one gives
//! sentences whose spans slice the text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(cut) = data.iter().position(|&b| b == 0) else { return };
    let Ok(text) = std::str::from_utf8(&data[..cut]) else { return };
    let Ok(layout) = serde_json::from_slice::<dyad_ingest::Layout>(&data[cut + 1..]) else { return };
    if let Ok(doc) = dyad_ingest::Document::from_layout("fuzz".into(), text.to_owned(), layout) {
        for s in doc.sentences(&dyad_text::Segmenter::new()) {
            let _ = doc.slice(s.sentence.span);
        }
    }
});
