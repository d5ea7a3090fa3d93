//! Model files of older formats still load and behave as they did.
//!
//! `fixtures/format3.dyadmodel` was written by dyad's format-3 writer
//! (before known lemmas), trained on three sentences written for these
//! tests: "Russia signed an agreement with Kazakhstan .", "The ministers
//! met in Minsk .", "Moldova expelled two diplomats .".

use dyad_parse::model::{Buffers, Model};

const FORMAT_3: &[u8] = include_bytes!("fixtures/format3.dyadmodel");

#[test]
fn a_format_3_model_loads_and_keeps_the_plain_lemma_rules() {
    assert_eq!(u32::from_le_bytes(FORMAT_3[8..12].try_into().unwrap()), 3);
    let model = Model::from_bytes(FORMAT_3).expect("a format-3 model loads");
    assert!(model.lemmatizer.known.is_empty());
    // the old rules: no final "e" put back
    assert_eq!(model.lemmatizer.lemma("handled", "VERB", "VBD"), "handl");
    assert_eq!(model.lemmatizer.lemma("met", "VERB", "VBD"), "meet");
    let mut buf = Buffers::default();
    let words = [
        "Russia",
        "signed",
        "an",
        "agreement",
        "with",
        "Kazakhstan",
        ".",
    ];
    let a = model.annotate(&words, &mut buf);
    assert_eq!(a.len(), words.len());
    assert_eq!(a.iter().filter(|w| w.head == 0).count(), 1, "one root");
    assert_eq!(a[1].lemma, "sign");
}

#[test]
fn a_format_3_model_is_written_back_in_the_current_format() {
    let model = Model::from_bytes(FORMAT_3).unwrap();
    let bytes = model.to_bytes();
    assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 4);
    assert_eq!(Model::from_bytes(&bytes).unwrap(), model);
}
