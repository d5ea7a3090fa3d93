#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let opts = dyad_ingest::ReadOptions { max_line_bytes: 4096, ..Default::default() };
    dyad_ingest::read_bytes("fuzz.jsonl", data.to_vec(), Some(dyad_ingest::InputFormat::Jsonl), &opts, &mut common::Check);
});
