//! Loading the Phoenix actor dictionaries, and matching names in text with
//! them loaded.
//!
//! Run: `cargo bench -p dyad-dict --bench matcher` (needs ../shared beside
//! the repository for the Phoenix files; without it only the built-in
//! dictionaries are measured).

use divan::counter::ItemsCount;
use divan::Bencher;
use dyad_dict::dictionary::Dictionary;
use dyad_dict::matcher::units;
use dyad_dict::LoadOptions;
use std::path::PathBuf;

fn main() {
    divan::main();
}

fn phoenix_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/anchors/petrarch2");
    [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ]
    .iter()
    .map(|f| dir.join(f))
    .filter(|p| p.exists())
    .collect()
}

/// Reading and compiling the three Phoenix actor dictionaries.
#[divan::bench(sample_count = 10)]
fn load_phoenix_actors() -> usize {
    let mut d = Dictionary::new();
    for p in phoenix_files() {
        d.load_path(&p, LoadOptions { lenient: true })
            .expect("loads");
    }
    d.compile();
    d.names.len()
}

/// News-like text with names of states, leaders and organisations.
fn text(tokens: usize) -> String {
    const PIECES: &[&str] = &[
        "President Vladimir Putin met his Kazakh counterpart Kassym-Jomart Tokayev in Astana on Monday .",
        "The foreign ministers of Armenia and Azerbaijan held talks in Moscow with Sergey Lavrov .",
        "The European Union and NATO criticised the decision of the government of Moldova .",
        "Sh.M.Mirziyoyev received the delegation of the United States Department of State in Tashkent .",
        "Protesters gathered outside the embassy while police detained several activists in the capital .",
    ];
    let mut out = String::new();
    let mut n = 0;
    while n < tokens {
        for p in PIECES {
            out.push_str(p);
            out.push(' ');
            n += p.split_whitespace().count();
        }
    }
    out
}

#[divan::bench]
fn match_tokens(bencher: Bencher) {
    let mut d = Dictionary::builtin().expect("built-in dictionaries");
    for p in phoenix_files() {
        d.load_path(&p, LoadOptions { lenient: true })
            .expect("loads");
    }
    d.compile();
    let text = text(200_000);
    let tokens = dyad_text::tokenize(&text);
    let m = d.compiled().expect("compiled");
    bencher
        .counter(ItemsCount::new(tokens.len()))
        .bench_local(|| {
            let u = units(&text, &tokens, false);
            m.find(&u).len()
        });
}
