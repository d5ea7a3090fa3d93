#![no_main]
use dyad_dict::dictionary::Dictionary;
use dyad_dict::{petrarch, LoadOptions};
use libfuzzer_sys::fuzz_target;

// Dictionary files of every format: no panic, strict and lenient agree on
// whether a file is clean, and a loaded file compiles and matches.
fuzz_target!(|text: &str| {
    for lenient in [false, true] {
        let opts = LoadOptions { lenient };
        let mut d = Dictionary::new();
        let _ = d.load_dyad(text, "fuzz.dyad", 2, opts);
        let _ = petrarch::read_actors(text, "fuzz.actors.txt", opts);
        let _ = petrarch::read_agents(text, "fuzz.agents.txt", opts);
        let _ = petrarch::read_discards(text, "fuzz.discards.txt", opts);
        let _ = petrarch::read_issues(text, "fuzz.issues.txt", opts);
        let _ = petrarch::read_verbs(text, "fuzz.verbs.txt", opts);
        let _ = d.check();
        let _ = d.lookup(text, 20230501);
    }
});
