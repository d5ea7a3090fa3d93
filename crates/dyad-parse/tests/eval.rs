//! CoNLL 2018 evaluation, with gold and with predicted tokenization.

use std::path::Path;

use dyad_parse::conllu::{read_conllu, Sentence};
use dyad_parse::eval::{evaluate, evaluate_raw, RawScores, Scores};

/// Reads CoNLL-U written with spaces between the columns, one row a line.
fn conllu(rows: &str) -> Vec<Sentence> {
    let text: String = rows
        .lines()
        .map(|l| {
            let l = l.trim();
            let l = if l.starts_with('#') {
                l.to_owned()
            } else {
                l.split(' ').collect::<Vec<_>>().join("\t")
            };
            l + "\n"
        })
        .collect();
    read_conllu(&text, "inline").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn assert_raw(got: RawScores, expect: [f64; 7]) {
    let got_v = [
        got.tokens_f1,
        got.sentences_f1,
        got.words_f1,
        got.upos_f1,
        got.xpos_f1,
        got.uas_f1,
        got.las_f1,
    ];
    assert!(
        got_v.iter().zip(&expect).all(|(a, b)| close(*a, *b)),
        "got {got:?}\nexpected (tokens, sentences, words, upos, xpos, uas, las) {expect:?}"
    );
}

const KETTLE: &str = "# sent_id = k-1
    # text = Marta's kettle sang, then it stopped.
    1-2 Marta's _ _ _ _ _ _ _ _
    1 Marta Marta PROPN NNP _ 3 nmod:poss _ _
    2 's 's PART POS _ 1 case _ _
    3 kettle kettle NOUN NN _ 4 nsubj _ _
    4 sang sing VERB VBD _ 0 root _ SpaceAfter=No
    5 , , PUNCT , _ 8 punct _ _
    6 then then ADV RB _ 8 advmod _ _
    7 it it PRON PRP _ 8 nsubj _ _
    8 stopped stop VERB VBD _ 4 parataxis _ SpaceAfter=No
    9 . . PUNCT . _ 4 punct _ _

    # sent_id = k-2
    1 Tea tea NOUN NN _ 0 root _ _
    2 ? ? PUNCT . _ 1 punct _ _
";

fn kettle() -> Vec<Sentence> {
    conllu(KETTLE)
}

#[test]
fn a_perfect_prediction_scores_100() {
    let g = kettle();
    let s = evaluate(&g, &g).unwrap();
    assert_eq!(
        s,
        Scores {
            words: 11,
            upos: 100.0,
            xpos: 100.0,
            lemmas: 100.0,
            uas: 100.0,
            las: 100.0
        }
    );
    assert_raw(evaluate_raw(&g, &g).unwrap(), [100.0; 7]);
}

#[test]
fn one_wrong_lemma_counts_against_lemmas_only() {
    let g = kettle();
    let mut p = g.clone();
    p[0].words[3].lemma = "sang".into(); // "sang" left as it is, not "sing"
    let s = evaluate(&g, &p).unwrap();
    assert!(close(s.lemmas, 1000.0 / 11.0), "{s:?}");
    assert!(close(s.upos, 100.0) && close(s.uas, 100.0) && close(s.las, 100.0));
}

#[test]
fn one_wrong_head() {
    let g = kettle();
    let mut p = g.clone();
    p[0].words[5].head = 4; // "then" attached to "sang" instead of "stopped"
    let s = evaluate(&g, &p).unwrap();
    assert!(
        close(s.uas, 1000.0 / 11.0) && close(s.las, 1000.0 / 11.0),
        "{s:?}"
    );
    assert!(close(s.upos, 100.0) && close(s.xpos, 100.0));
    let r = evaluate_raw(&g, &p).unwrap();
    assert_raw(
        r,
        [
            100.0,
            100.0,
            100.0,
            100.0,
            100.0,
            1000.0 / 11.0,
            1000.0 / 11.0,
        ],
    );
}

#[test]
fn a_wrong_subtype_alone_does_not_cost_las() {
    let g = kettle();
    let mut p = g.clone();
    p[0].words[0].deprel = "nmod:desc".into();
    p[0].words[7].deprel = "parataxis:whatever".into();
    let s = evaluate(&g, &p).unwrap();
    assert!(close(s.las, 100.0), "{s:?}");
    assert_raw(evaluate_raw(&g, &p).unwrap(), [100.0; 7]);
}

#[test]
fn a_wrong_relation_costs_las_only_and_tags_are_separate() {
    let g = kettle();
    let mut p = g.clone();
    p[0].words[2].deprel = "obj".into();
    p[1].words[0].upos = "VERB".into();
    p[1].words[1].xpos = ",".into();
    p[1].words[1].upos = "SYM".into();
    let s = evaluate(&g, &p).unwrap();
    assert!(close(s.uas, 100.0));
    assert!(close(s.las, 1000.0 / 11.0), "{s:?}");
    assert!(close(s.upos, 900.0 / 11.0), "{s:?}");
    assert!(close(s.xpos, 1000.0 / 11.0), "{s:?}");
}

#[test]
fn gold_tokenization_must_match() {
    let g = kettle();
    let mut p = g.clone();
    p[1].words.pop();
    assert_eq!(
        evaluate(&g, &p).unwrap_err(),
        "sentence 2 (k-2): gold has 2 words, the prediction 1"
    );
    let mut p = g.clone();
    p[0].words[2].form = "Kettle".into();
    assert_eq!(
        evaluate(&g, &p).unwrap_err(),
        "sentence 1 (k-1): word 3 is \"kettle\" in gold but \"Kettle\" in the prediction"
    );
    assert_eq!(
        evaluate(&g, &g[..1]).unwrap_err(),
        "gold has 2 sentences, the prediction 1"
    );
    assert_eq!(evaluate(&[], &[]).unwrap(), Scores::default());
}

#[test]
fn raw_texts_must_match() {
    let g = kettle();
    let mut p = g.clone();
    p[1].words[0].form = "Tee".into();
    let e = evaluate_raw(&g, &p).unwrap_err();
    assert_eq!(
        e,
        "the gold and predicted texts (without whitespace) differ from character 34: \
         gold has \"a?\", the prediction \"e?\""
    );
    // Whitespace does not count.
    let mut p = g.clone();
    p[1].words[0].form = "T ea".into();
    assert_raw(evaluate_raw(&g, &p).unwrap(), [100.0; 7]);
}

/// One gold sentence that the prediction splits in two: every token and
/// word aligns, no sentence does, and the heads that cross the split (or
/// point to the root of the second half) are wrong.
#[test]
fn raw_a_sentence_split_in_two() {
    let g = conllu(
        "1 Tom Tom PROPN NNP _ 2 nsubj _ _
        2 left leave VERB VBD _ 0 root _ _
        3 ; ; PUNCT : _ 5 punct _ _
        4 Ann Ann PROPN NNP _ 5 nsubj _ _
        5 stayed stay VERB VBD _ 2 parataxis _ _
        6 . . PUNCT . _ 2 punct _ _",
    );
    let p = conllu(
        "1 Tom Tom PROPN NNP _ 2 nsubj _ _
        2 left leave VERB VBD _ 0 root _ _
        3 ; ; PUNCT : _ 2 punct _ _

        1 Ann Ann PROPN NNP _ 2 nsubj _ _
        2 stayed stay VERB VBD _ 0 root _ _
        3 . . PUNCT . _ 2 punct _ _",
    );
    // Right: Tom, left, Ann. Wrong: ";" (left, not stayed), stayed (root,
    // not left), "." (stayed, not left).
    assert_raw(
        evaluate_raw(&g, &p).unwrap(),
        [100.0, 0.0, 100.0, 100.0, 100.0, 50.0, 50.0],
    );
    // Two gold sentences predicted as one: the first gold sentence's span
    // starts where the prediction's does but ends elsewhere.
    assert_raw(
        evaluate_raw(&p, &g).unwrap(),
        [100.0, 0.0, 100.0, 100.0, 100.0, 50.0, 50.0],
    );
    let mut g2 = g.clone();
    g2.extend(p.clone());
    let mut p2 = g.clone();
    p2.extend(g.clone());
    // Sentences: gold [g, p1, p2] against predicted [g, g]: one in common.
    assert_raw(
        evaluate_raw(&g2, &p2).unwrap(),
        [100.0, 40.0, 100.0, 100.0, 100.0, 75.0, 75.0],
    );
}

/// The prediction writes two gold tokens as one ("New York"): the token and
/// its word match nothing, the rest aligns, and heads pointing to aligned
/// words are right.
#[test]
fn raw_a_predicted_token_merging_two_gold_tokens() {
    let g = conllu(
        "1 New New PROPN NNP _ 2 compound _ _
        2 York York PROPN NNP _ 4 nsubj _ _
        3 is be AUX VBZ _ 4 cop _ _
        4 big big ADJ JJ _ 0 root _ _
        5 . . PUNCT . _ 4 punct _ _",
    );
    let p = conllu(
        "1 New\u{a0}York New\u{a0}York PROPN NNP _ 3 nsubj _ _
        2 is be AUX VBZ _ 3 cop _ _
        3 big big ADJ JJ _ 0 root _ _
        4 . . PUNCT . _ 3 punct _ _",
    );
    let f = 2.0 * 3.0 / 9.0 * 100.0;
    assert_raw(evaluate_raw(&g, &p).unwrap(), [f, 100.0, f, f, f, f, f]);
    // And the other way round: one gold token predicted as two.
    assert_raw(evaluate_raw(&p, &g).unwrap(), [f, 100.0, f, f, f, f, f]);
}

const WOMBATS_MWT: &str = "1 We we PRON PRP _ 4 nsubj _ _
    2-3 don't _ _ _ _ _ _ _ _
    2 do do AUX VBP _ 4 aux _ _
    3 n't not PART RB _ 4 advmod _ _
    4 keep keep VERB VB _ 0 root _ _
    5 wombats wombat NOUN NNS _ 4 obj _ SpaceAfter=No
    6 . . PUNCT . _ 4 punct _ _";

/// Gold "don't" is a multiword token of "do" and "n't"; the prediction has
/// "do" and "n't" as two plain tokens. Tokens are compared by character
/// span, so gold "don't" matches neither predicted token; words inside the
/// multiword stretch align by their forms, so all six words align.
#[test]
fn raw_multiword_token_against_two_plain_tokens() {
    let g = conllu(WOMBATS_MWT);
    let p = conllu(&WOMBATS_MWT.replace("2-3 don't _ _ _ _ _ _ _ _\n", ""));
    assert_eq!((g[0].tokens.len(), p[0].tokens.len()), (1, 0));
    let tokens = 2.0 * 4.0 / 11.0 * 100.0;
    assert_raw(
        evaluate_raw(&g, &p).unwrap(),
        [tokens, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0],
    );
    assert_raw(
        evaluate_raw(&p, &g).unwrap(),
        [tokens, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0],
    );
    // A wrong head on "n't" is seen through the multiword alignment.
    let mut p2 = p.clone();
    p2[0].words[2].head = 1;
    let uas = 2.0 * 5.0 / 12.0 * 100.0;
    assert_raw(
        evaluate_raw(&g, &p2).unwrap(),
        [tokens, 100.0, 100.0, 100.0, 100.0, uas, uas],
    );
    // The forms are compared without regard to case.
    let mut p3 = p.clone();
    p3[0].words[1].form = "DO".into();
    p3[0].words[2].form = "N'T".into();
    let mut g3 = g.clone();
    g3[0].tokens[0].form = "DON'T".into();
    assert_raw(
        evaluate_raw(&g3, &p3).unwrap(),
        [tokens, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0],
    );
}

/// The prediction leaves "don't" as one plain word: its token matches the
/// gold token, but no word inside it has the form of a gold word, so the
/// gold "do" and "n't" stay unaligned (the CoNLL 2018 rule).
#[test]
fn raw_multiword_token_left_unsplit() {
    let g = conllu(WOMBATS_MWT);
    let p = conllu(
        "1 We we PRON PRP _ 2 nsubj _ _
        2 don't do AUX VBP _ 0 root _ _
        3 keep keep VERB VB _ 2 xcomp _ _
        4 wombats wombat NOUN NNS _ 3 obj _ SpaceAfter=No
        5 . . PUNCT . _ 3 punct _ _",
    );
    let words = 2.0 * 4.0 / 11.0 * 100.0;
    // UAS: only "wombats" and "." have the right head ("We" points to the
    // unaligned "don't", "keep" to it instead of the root).
    let uas = 2.0 * 2.0 / 11.0 * 100.0;
    let upos = words;
    assert_raw(
        evaluate_raw(&g, &p).unwrap(),
        [100.0, 100.0, words, upos, upos, uas, uas],
    );
}

/// Both sides split "don't" into the same words but the prediction also
/// gets a neighbouring token wrong: the stretch alignment still finds them.
#[test]
fn raw_multiword_tokens_on_both_sides() {
    let g = conllu(WOMBATS_MWT);
    let p = conllu(
        "1-2 Wedo _ _ _ _ _ _ _ _
        1 We we PRON PRP _ 5 nsubj _ _
        2 do do AUX VBP _ 5 aux _ _
        3-5 n'tkeep _ _ _ _ _ _ _ _
        3 n't not PART RB _ 5 advmod _ _
        4 kee keep VERB VB _ 5 dep _ _
        5 p keep VERB VB _ 0 root _ _
        6 wombats wombat NOUN NNS _ 5 obj _ SpaceAfter=No
        7 . . PUNCT . _ 5 punct _ _",
    );
    // Tokens: gold We, don't, keep, wombats, . ; predicted Wedo, n'tkeep,
    // wombats, . : two in common.
    let tokens = 2.0 * 2.0 / 9.0 * 100.0;
    // Words: We, do, n't align by form inside the stretch, then wombats and
    // "." by span: 5 of 6 gold and 7 predicted.
    let words = 2.0 * 5.0 / 13.0 * 100.0;
    // Heads: We, do, n't point to predicted "p", aligned to nothing (the
    // gold "keep" did not align): wrong. wombats and "." likewise.
    assert_raw(
        evaluate_raw(&g, &p).unwrap(),
        [tokens, 100.0, words, words, words, 0.0, 0.0],
    );
}

fn ewt_dev() -> Option<Vec<Sentence>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/ud/UD_English-EWT/en_ewt-ud-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: ../shared not found");
        eprintln!("SKIPPED: ../shared not found");
        return None;
    };
    Some(read_conllu(&text, &path.display().to_string()).unwrap())
}

#[test]
fn ewt_dev_against_itself_scores_100() {
    let Some(dev) = ewt_dev() else { return };
    let s = evaluate(&dev, &dev).unwrap();
    let words: usize = dev.iter().map(|s| s.words.len()).sum();
    assert_eq!(
        s,
        Scores {
            words,
            upos: 100.0,
            xpos: 100.0,
            lemmas: 100.0,
            uas: 100.0,
            las: 100.0
        }
    );
    assert_raw(evaluate_raw(&dev, &dev).unwrap(), [100.0; 7]);
}

/// EWT dev with every multiword token written as its words: the words still
/// all align, only the tokens differ.
#[test]
fn ewt_dev_without_multiword_tokens() {
    let Some(dev) = ewt_dev() else { return };
    let flat: Vec<Sentence> = dev
        .iter()
        .map(|s| Sentence {
            tokens: Vec::new(),
            ..s.clone()
        })
        .collect();
    let gold_tokens: usize = dev.iter().map(|s| s.surface().len()).sum();
    let pred_tokens: usize = flat.iter().map(|s| s.words.len()).sum();
    let multiword: usize = dev.iter().map(|s| s.tokens.len()).sum();
    assert!(multiword > 100);
    let tokens = 200.0 * (gold_tokens - multiword) as f64 / (gold_tokens + pred_tokens) as f64;
    let r = evaluate_raw(&dev, &flat).unwrap();
    assert_raw(r, [tokens, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0]);
    println!("EWT dev without multiword tokens: {r:?}");
}
