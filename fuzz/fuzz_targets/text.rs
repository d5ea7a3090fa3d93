#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

// Plain text of any bytes: binary sniffing, encoding detection, page layout.
fuzz_target!(|data: &[u8]| {
    let opts = dyad_ingest::ReadOptions::default();
    dyad_ingest::read_bytes("fuzz.txt", data.to_vec(), None, &opts, &mut common::Check);
});
