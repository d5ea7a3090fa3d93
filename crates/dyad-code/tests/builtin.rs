//! The built-in dictionaries and model together: one table row per kind of
//! event a wire report or a foreign-ministry statement tells, in sentences
//! written for the test (dated 2023-05-10 for the office holders).

use std::sync::OnceLock;

use dyad_code::coder::{CodeOptions, Coder};
use dyad_dict::dictionary::Dictionary;
use dyad_parse::model::{Buffers, Model};
use dyad_text::Segmenter;

fn events(text: &str) -> Vec<String> {
    static DICT: OnceLock<Dictionary> = OnceLock::new();
    let dict = DICT.get_or_init(|| {
        let mut d = Dictionary::builtin().expect("built-in dictionaries");
        d.compile();
        d
    });
    let model = Model::builtin().expect("built-in model");
    let coder = Coder::new(dict, model, CodeOptions::default());
    let mut out = Vec::new();
    for s in Segmenter::new().segment(text) {
        let spans: Vec<(usize, usize)> = s
            .tokens
            .iter()
            .map(|t| (t.span.start - s.span.start, t.span.end - s.span.start))
            .collect();
        let a = coder.code(
            &text[s.span.start..s.span.end],
            &spans,
            20230510,
            &mut Buffers::default(),
        );
        for e in a.events {
            let code = |x: &Option<dyad_code::coder::PhraseActor>| {
                x.as_ref().map_or("---".into(), |a| a.code.clone())
            };
            out.push(format!(
                "{}{} {} {}",
                if e.negated { "!" } else { "" },
                code(&e.source),
                code(&e.target),
                e.code
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn wire_report_sentences() {
    let table: &[(&str, &[&str])] = &[
        (
            "Russia expelled two Moldovan diplomats.",
            &["RUS MDAGOV 161"],
        ),
        (
            "Lavrov met his Armenian counterpart in Moscow.",
            &["RUSGOV ARMGOV 040"],
        ),
        (
            "Azerbaijan accused Armenia of shelling its positions.",
            &["AZE ARM 112"],
        ),
        (
            "Kazakhstan and Uzbekistan signed an agreement on water use.",
            &["KAZ UZB 057", "UZB KAZ 057"],
        ),
        (
            "Tokayev paid his first official visit to China.",
            &["KAZGOV CHN 042"],
        ),
        (
            "Tokayev received a phone call from Putin.",
            &["RUSGOV KAZGOV 041"],
        ),
        (
            "Russia and China held joint naval exercises in the Sea of Japan.",
            &["CHN RUS 062", "RUS CHN 062"],
        ),
        (
            "The United States sent weapons to Ukraine.",
            &["USA UKR 072"],
        ),
        (
            "Russia summoned the Moldovan ambassador.",
            &["RUS MDAGOV 114"],
        ),
        (
            "Moldova recalled its ambassador from Moscow.",
            &["MDA RUSGOV 161"],
        ),
        (
            "Armenia and Azerbaijan exchanged fire on the border.",
            &["ARM AZE 193", "AZE ARM 193"],
        ),
        (
            "Russia carried out massive missile strikes on Ukraine.",
            &["RUS UKR 195"],
        ),
        (
            "Georgia did not sign the memorandum with Russia.",
            &["!GEO RUS 057"],
        ),
        (
            "Lavrov said that Russia would never attack Kazakhstan.",
            &["!RUS KAZ 190"],
        ),
    ];
    let mut wrong = Vec::new();
    for (sentence, expected) in table {
        let got = events(sentence);
        if got != *expected {
            wrong.push(format!(
                "{sentence}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
