//! Segmentation + tokenization throughput on one core.
//!
//! Run: `cargo bench -p dyad-text --bench segment`. The input is news-like
//! English prose generated here (abbreviations, initials, quotes, numbers),
//! about 4 MB; divan reports time per iteration and bytes per second.

use divan::counter::BytesCount;
use divan::Bencher;
use dyad_text::Segmenter;

fn main() {
    divan::main();
}

/// News-like prose: a handful of sentence templates with the hard cases
/// (U.S., initials, decimals, quotes, possessives) varied by a counter.
fn corpus(bytes: usize) -> String {
    const TEMPLATES: &[&str] = &[
        "President V.V. Putin met his counterpart K.J.K. Tokayev in Astana on {n} May.",
        "The U.S. State Department said trade grew {n}.5 percent in 2023, to $1,{n}00 million.",
        "“We will not accept this,” the minister said. Talks resumed on Monday.",
        "Russia’s foreign ministry didn't comment on the report (No. {n}) published by Reuters.",
        "Gen. Gerasimov and Lt. Col. Petrov inspected the troops near St. Petersburg at 10 a.m. local time.",
        "An agreement on the establishment of a free trade zone with Iran was signed; the sides agreed to meet again.",
        "Moldova joined the anti-Russian sanctions of the European Union, and expelled {n} diplomats!",
        "Sh.M.Mirziyoyev welcomed the delegation.E.S.Rahmon arrived later that evening?",
    ];
    let mut out = String::with_capacity(bytes + 200);
    let mut n = 0usize;
    while out.len() < bytes {
        for t in TEMPLATES {
            out.push_str(&t.replace("{n}", &(n % 97 + 1).to_string()));
            out.push(' ');
            n += 1;
        }
        out.push_str("\n\n");
    }
    out
}

#[divan::bench]
fn segment_and_tokenize(bencher: Bencher) {
    let text = corpus(4 << 20);
    let seg = Segmenter::new();
    let mut out = Vec::new();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            out.clear();
            seg.segment_into(divan::black_box(&text), 0, 0, &mut out);
            out.len()
        });
}
