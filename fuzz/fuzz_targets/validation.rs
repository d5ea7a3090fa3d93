#![no_main]
use dyad_code::validation::read_validation;
use libfuzzer_sys::fuzz_target;

// The PETRARCH validation suite reader: any text gives a suite or an error
// naming a line, never a panic or a stack overflow.
fuzz_target!(|text: &str| {
    match read_validation(text, "fuzz.xml") {
        Ok(suite) => {
            for r in suite.counted() {
                let _ = r.expected.events().len();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
