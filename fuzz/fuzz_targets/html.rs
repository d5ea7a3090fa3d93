#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = dyad_ingest::html::extract(s);
    }
    let opts = dyad_ingest::ReadOptions::default();
    dyad_ingest::read_bytes("fuzz.html", data.to_vec(), Some(dyad_ingest::InputFormat::Html), &opts, &mut common::Check);
});
