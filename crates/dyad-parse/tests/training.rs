//! A tiny model trained on a slice of the treebank learns (it beats
//! trivial baselines clearly), model files survive a round trip and
//! corruption is detected, and long sentences parse.

use dyad_parse::conllu::{read_conllu, Sentence};
use dyad_parse::eval::evaluate;
use dyad_parse::model::{Buffers, Model, ModelError, TrainOptions};
use std::collections::HashMap;
use std::sync::OnceLock;

fn ewt(file: &str, n: usize) -> Option<Vec<Sentence>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/ud/UD_English-EWT")
        .join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: ../shared not found");
        eprintln!("SKIPPED: ../shared not found");
        return None;
    };
    let mut s = read_conllu(&text, file).expect("EWT reads");
    s.truncate(n);
    Some(s)
}

/// A model with the sentences it was trained on and the ones it is scored on.
type Tiny = (Model, Vec<Sentence>, Vec<Sentence>);

/// How the tiny model is trained.
fn tiny_options() -> TrainOptions {
    TrainOptions {
        tagger_epochs: 5,
        parser_epochs: 5,
        seed: 7,
        folds: 0,
        description: "test".into(),
        beam: 1,
        parsers: 1,
        mix: 1,
    }
}

/// One tiny model for the tests of this file.
fn tiny() -> Option<&'static Tiny> {
    static TINY: OnceLock<Option<Tiny>> = OnceLock::new();
    TINY.get_or_init(|| {
        let train = ewt("en_ewt-ud-train.conllu", 400)?;
        let dev = ewt("en_ewt-ud-dev.conllu", 200)?;
        let model = Model::train(&train, &tiny_options(), &mut |_| {});
        Some((model, train, dev))
    })
    .as_ref()
}

#[test]
fn a_tiny_model_beats_trivial_baselines() {
    let Some((model, train, dev)) = tiny() else {
        return;
    };
    // Baselines: each word's most frequent training UPOS (NOUN if unseen);
    // each word attached to the word before it.
    let mut freq: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for s in train {
        for w in &s.words {
            *freq
                .entry(w.form.as_str())
                .or_default()
                .entry(w.upos.as_str())
                .or_default() += 1;
        }
    }
    let (mut upos_base, mut uas_base, mut total) = (0, 0, 0);
    for s in dev {
        for w in &s.words {
            let guess = freq
                .get(w.form.as_str())
                .and_then(|m| m.iter().max_by_key(|(_, n)| **n))
                .map_or("NOUN", |(t, _)| *t);
            upos_base += (guess == w.upos) as usize;
            uas_base += (w.head == w.id - 1) as usize;
            total += 1;
        }
    }
    let upos_base = 100.0 * upos_base as f64 / total as f64;
    let uas_base = 100.0 * uas_base as f64 / total as f64;
    let mut pred = dev.clone();
    let mut buf = Buffers::default();
    for s in &mut pred {
        model.annotate_sentence(s, &mut buf);
    }
    let scores = evaluate(dev, &pred).unwrap();
    println!("tiny model: {scores:?}; baselines UPOS {upos_base:.1} UAS {uas_base:.1}");
    assert!(
        scores.upos > upos_base + 3.0,
        "UPOS {} vs baseline {upos_base}",
        scores.upos
    );
    assert!(
        scores.uas > uas_base + 20.0,
        "UAS {} vs baseline {uas_base}",
        scores.uas
    );
    assert!(scores.las > 40.0, "LAS {}", scores.las);
}

#[test]
fn training_is_reproducible() {
    let Some((model, train, _)) = tiny() else {
        return;
    };
    let again = Model::train(train, &tiny_options(), &mut |_| {});
    assert_eq!(
        model.to_bytes(),
        again.to_bytes(),
        "same data, options and seed: same model"
    );
}

#[test]
fn model_files_round_trip_and_corruption_is_detected() {
    let Some((model, _, _)) = tiny() else { return };
    let bytes = model.to_bytes();
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(
        Model::from_bytes(b"hello").unwrap_err(),
        ModelError::NotAModel
    );
    let truncated = &bytes[..bytes.len() / 2];
    assert!(matches!(
        Model::from_bytes(truncated),
        Err(ModelError::Truncated { .. })
    ));
    let mut flipped = bytes.clone();
    let k = flipped.len() - 100;
    flipped[k] ^= 0x40;
    assert_eq!(
        Model::from_bytes(&flipped).unwrap_err(),
        ModelError::Checksum
    );
    // Regression (found by the model fuzz target): a well-framed model with
    // no tags was accepted and panicked when used.
    assert!(matches!(
        Model::from_bytes(&dyad_parse::model::frame(&[0, 0, 0, 0, 0, 0, 0, 0])),
        Err(ModelError::Malformed(_))
    ));
    let mut version = bytes.clone();
    version[8] = 99;
    assert_eq!(
        Model::from_bytes(&version).unwrap_err(),
        ModelError::Version { found: 99 }
    );
}

#[test]
fn a_sentence_of_two_thousand_words_parses() {
    let Some((model, _, _)) = tiny() else { return };
    let words: Vec<&str> = ["the", "minister", "met", "the", "envoy", "and"]
        .iter()
        .copied()
        .cycle()
        .take(2_000)
        .collect();
    let mut buf = Buffers::default();
    let a = model.annotate(&words, &mut buf);
    assert_eq!(a.len(), 2_000);
    assert_eq!(a.iter().filter(|x| x.head == 0).count(), 1, "one root");
    assert!(a.iter().all(|x| x.head as usize <= words.len()));
}

#[test]
fn regression_training_on_one_sentence_does_not_panic() {
    let text = "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tprotested\tprotest\tVERB\tVBD\t_\t0\troot\t_\t_\n\n";
    let one = read_conllu(text, "one.conllu").unwrap();
    let opts = TrainOptions {
        tagger_epochs: 2,
        parser_epochs: 2,
        seed: 1,
        folds: 4,
        description: String::new(),
        beam: 1,
        parsers: 1,
        mix: 1,
    };
    let model = Model::train(&one, &opts, &mut |_| {});
    let mut buf = Buffers::default();
    let a = model.annotate(&["Russia", "protested"], &mut buf);
    assert_eq!(a.len(), 2);
    assert!(Model::from_bytes(&model.to_bytes()).is_ok());
}

#[test]
fn a_mixed_model_averages_its_perceptrons_the_same_way_every_time() {
    let Some((single, train, dev)) = tiny() else {
        return;
    };
    let opts = TrainOptions {
        mix: 3,
        ..tiny_options()
    };
    let model = Model::train(train, &opts, &mut |_| {});
    // Three perceptrons trained on threads: the same bytes every time,
    // whatever order the threads finish in.
    let again = Model::train(train, &opts, &mut |_| {});
    assert!(
        model.to_bytes() == again.to_bytes(),
        "training is deterministic"
    );
    // One parser at run time, holding what each of the three learned.
    assert!(model.ensemble.is_empty());
    assert!(model.parser.weights.features() > single.parser.weights.features());
    assert!(model.tagger.weights.features() > single.tagger.weights.features());
    let mut pred = dev.clone();
    let mut buf = Buffers::default();
    for s in &mut pred {
        model.annotate_sentence(s, &mut buf);
    }
    let scores = evaluate(dev, &pred).unwrap();
    assert!(scores.uas > 60.0, "UAS {}", scores.uas);
}

#[test]
fn a_tiny_beam_model_learns_and_parses_every_sentence() {
    let (Some(train), Some(dev)) = (
        ewt("en_ewt-ud-train.conllu", 300),
        ewt("en_ewt-ud-dev.conllu", 100),
    ) else {
        return;
    };
    let opts = TrainOptions {
        tagger_epochs: 3,
        parser_epochs: 3,
        seed: 3,
        folds: 0,
        description: String::new(),
        beam: 4,
        parsers: 1,
        mix: 1,
    };
    let model = Model::train(&train, &opts, &mut |_| {});
    assert_eq!(model.parser.beam, 4);
    let mut pred = dev.clone();
    let mut buf = Buffers::default();
    for s in &mut pred {
        model.annotate_sentence(s, &mut buf);
        assert_eq!(
            s.words.iter().filter(|w| w.head == 0).count(),
            1,
            "one root"
        );
    }
    let scores = evaluate(&dev, &pred).unwrap();
    assert!(scores.uas > 50.0, "UAS {}", scores.uas);
    let back = Model::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(back.parser.beam, 4);
}

#[test]
fn a_tiny_ensemble_votes_one_tree_per_sentence_and_round_trips() {
    let (Some(train), Some(dev)) = (
        ewt("en_ewt-ud-train.conllu", 300),
        ewt("en_ewt-ud-dev.conllu", 100),
    ) else {
        return;
    };
    let opts = TrainOptions {
        tagger_epochs: 3,
        parser_epochs: 3,
        seed: 5,
        folds: 0,
        description: String::new(),
        beam: 1,
        parsers: 3,
        mix: 1,
    };
    let model = Model::train(&train, &opts, &mut |_| {});
    assert_eq!(model.ensemble.len(), 2);
    assert!(
        model.ensemble[0].reverse,
        "the second parser reads right to left"
    );
    assert!(!model.ensemble[1].reverse);
    let mut pred = dev.clone();
    let mut buf = Buffers::default();
    for s in &mut pred {
        model.annotate_sentence(s, &mut buf);
        assert_eq!(
            s.words.iter().filter(|w| w.head == 0).count(),
            1,
            "one root"
        );
    }
    let scores = evaluate(&dev, &pred).unwrap();
    assert!(scores.uas > 50.0, "UAS {}", scores.uas);
    let back = Model::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(back, model);
}
