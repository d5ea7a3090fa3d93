//! Properties that hold for any text: no panic, spans on character
//! boundaries and in order, character offsets that match byte offsets, and
//! nothing lost (every non-space character is in exactly one token).

use dyad_text::{tokenize, Segmenter};
use proptest::prelude::*;

/// Text built from pieces that exercise the hard paths (abbreviations,
/// quotes, digits, Cyrillic, invisible characters) as well as arbitrary
/// characters.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S.".to_owned()),
        Just("V.V.Putin".to_owned()),
        Just("Sh.".to_owned()),
        Just("No.".to_owned()),
        Just("visit.Tokayev".to_owned()),
        Just("don't".to_owned()),
        Just("Russia’s".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("...".to_owned()),
        Just(". ".to_owned()),
        Just("? ".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("3.5".to_owned()),
        Just("1,000".to_owned()),
        Just("anti-war".to_owned()),
        Just("https://mid.ru/a.".to_owned()),
        Just("a@b.ru".to_owned()),
        Just("\u{a0}".to_owned()),
        Just("\u{200b}".to_owned()),
        Just("Москва".to_owned()),
        Just("e\u{301}".to_owned()),
        "[a-zA-Z]{1,8}".prop_map(|s| s),
        Just(" ".to_owned()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

fn check_tokens(text: &str, tokens: &[dyad_text::Token]) {
    let mut prev_end = 0;
    for t in tokens {
        assert!(t.span.start < t.span.end, "empty token");
        assert!(t.span.start >= prev_end, "tokens in order, not overlapping");
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        assert_eq!(text[..t.span.start].chars().count(), t.chars.start);
        assert_eq!(
            text[t.span.start..t.span.end].chars().count(),
            t.chars.len()
        );
        prev_end = t.span.end;
    }
}

/// Every character outside tokens is a separator.
fn nothing_lost(text: &str, tokens: &[dyad_text::Token]) {
    let mut covered = vec![false; text.len()];
    for t in tokens {
        for c in covered.iter_mut().take(t.span.end).skip(t.span.start) {
            *c = true;
        }
    }
    for (i, c) in text.char_indices() {
        if !covered[i] {
            assert!(
                c.is_whitespace()
                    || matches!(
                        c,
                        '\u{200B}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{2060}'
                    ),
                "character {c:?} at {i} is in no token"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn tokens_cover_the_text(text in texty()) {
        let tokens = tokenize(&text);
        check_tokens(&text, &tokens);
        nothing_lost(&text, &tokens);
    }

    #[test]
    fn sentences_partition_the_tokens(text in texty()) {
        let sentences = Segmenter::new().segment(&text);
        let all: Vec<_> = sentences.iter().flat_map(|s| s.tokens.iter().copied()).collect();
        check_tokens(&text, &all);
        nothing_lost(&text, &all);
        let mut prev_end = 0;
        for s in &sentences {
            prop_assert!(!s.tokens.is_empty());
            prop_assert!(s.span.start >= prev_end);
            prop_assert_eq!(s.span.start, s.tokens[0].span.start);
            prop_assert_eq!(s.span.end, s.tokens.last().unwrap().span.end);
            prop_assert_eq!(text[..s.span.start].chars().count(), s.chars.start);
            prev_end = s.span.end;
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let sentences = Segmenter::new().segment(&text);
        let all: Vec<_> = sentences.iter().flat_map(|s| s.tokens.iter().copied()).collect();
        check_tokens(&text, &all);
    }
}
