#![no_main]
use dyad_parse::model::{frame, Buffers, Model};
use libfuzzer_sys::fuzz_target;

// Any bytes as a model file, and any bytes as model content behind a valid
// header: an error, never a panic; a model that reads must annotate.
fuzz_target!(|data: &[u8]| {
    for bytes in [data.to_vec(), frame(data)] {
        if let Ok(m) = Model::from_bytes(&bytes) {
            let mut buf = Buffers::default();
            let _ = m.annotate(&["Russia", "signed", "."], &mut buf);
        }
    }
});
