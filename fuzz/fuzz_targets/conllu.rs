#![no_main]
use dyad_parse::conllu::{read_conllu, write_conllu};
use libfuzzer_sys::fuzz_target;

// Any text: an error or sentences that write and read back the same.
fuzz_target!(|text: &str| {
    if let Ok(sentences) = read_conllu(text, "fuzz.conllu") {
        let mut out = Vec::new();
        for s in &sentences {
            write_conllu(&mut out, s).expect("writing to memory");
        }
        let again = read_conllu(std::str::from_utf8(&out).expect("UTF-8"), "again").expect("re-reads");
        assert_eq!(again.len(), sentences.len());
    }
});
