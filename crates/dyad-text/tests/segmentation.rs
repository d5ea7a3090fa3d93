//! The hard cases of sentence segmentation, one table row each.
//!
//! Each row gives an input and the sentences a careful reader finds in it.
//! The sentences were written by hand for these tests.

use dyad_text::{BlockKind, Segmenter};

fn sentences(text: &str) -> Vec<&str> {
    Segmenter::new()
        .segment(text)
        .iter()
        .map(|s| s.text(text))
        .collect()
}

macro_rules! cases {
    ($($name:ident: $input:expr => [$($s:expr),* $(,)?];)*) => {
        $(
            #[test]
            fn $name() {
                let expected: Vec<&str> = vec![$($s),*];
                assert_eq!(sentences($input), expected, "input: {:?}", $input);
            }
        )*
    };
}

cases! {
    // Plain stops.
    two_plain: "Russia and Belarus signed a treaty. Ukraine protested." =>
        ["Russia and Belarus signed a treaty.", "Ukraine protested."];
    question_and_exclamation: "Who signed it? Nobody knows! The talks go on." =>
        ["Who signed it?", "Nobody knows!", "The talks go on."];
    no_space_needed_at_end: "The minister left." => ["The minister left."];
    no_final_punctuation: "The minister left" => ["The minister left"];
    lower_case_after_stop: "The talks ended at 5 p.m. on Friday." =>
        ["The talks ended at 5 p.m. on Friday."];

    // Abbreviations.
    us_mid_sentence: "The U.S. State Department said so." => ["The U.S. State Department said so."];
    us_then_officials: "The U.S. officials declined." => ["The U.S. officials declined."];
    us_at_end: "Troops returned to the U.S. The withdrawal ended." =>
        ["Troops returned to the U.S.", "The withdrawal ended."];
    uk_at_end_then_he: "He flew to the U.K. He met the king." =>
        ["He flew to the U.K.", "He met the king."];
    saint_petersburg: "The forum opened in St. Petersburg on Monday." =>
        ["The forum opened in St. Petersburg on Monday."];
    number_abbrev: "Resolution No. 5 was adopted. It passed." =>
        ["Resolution No. 5 was adopted.", "It passed."];
    no_as_word: "He said no. The vote failed." => ["He said no.", "The vote failed."];
    general_title: "Gen. Gerasimov met Lt. Col. Petrov." => ["Gen. Gerasimov met Lt. Col. Petrov."];
    doctor_title: "Dr. Smith and Prof. Jones spoke." => ["Dr. Smith and Prof. Jones spoke."];
    mister_ms: "Mr. Lavrov and Ms. Zakharova attended." => ["Mr. Lavrov and Ms. Zakharova attended."];
    inc_mid: "Gazprom Inc. signed a deal with Acme Ltd. on Tuesday." =>
        ["Gazprom Inc. signed a deal with Acme Ltd. on Tuesday."];
    inc_at_end: "The contract went to Acme Inc. The price was not disclosed." =>
        ["The contract went to Acme Inc.", "The price was not disclosed."];
    etc_at_end: "They discussed energy, transport, etc. Trade was also raised." =>
        ["They discussed energy, transport, etc.", "Trade was also raised."];
    eg_ie: "Some states, e.g. Armenia, abstained, i.e. they did not vote." =>
        ["Some states, e.g. Armenia, abstained, i.e. they did not vote."];
    month_abbrev: "The meeting on Jan. 20 was cancelled." => ["The meeting on Jan. 20 was cancelled."];
    art_number: "Under Art. 51 of the Charter, states may defend themselves." =>
        ["Under Art. 51 of the Charter, states may defend themselves."];
    am_pm_mid: "At 10 a.m. Moscow time the talks began." => ["At 10 a.m. Moscow time the talks began."];
    am_then_opener: "The talks began at 10 a.m. The press waited." =>
        ["The talks began at 10 a.m.", "The press waited."];
    vs_abbrev: "It was Russia vs. the West, he said." => ["It was Russia vs. the West, he said."];

    // Initials.
    initials_spaced: "V.V. Putin met I.G. Aliyev." => ["V.V. Putin met I.G. Aliyev."];
    initials_glued: "V.V.Putin met Sh.M.Mirziyoyev in Tashkent. They discussed trade." =>
        ["V.V.Putin met Sh.M.Mirziyoyev in Tashkent.", "They discussed trade."];
    initials_three: "President K.J.K. Tokayev arrived." => ["President K.J.K. Tokayev arrived."];
    initials_rahmon: "E.S.Rahmon welcomed the guests. Talks followed." =>
        ["E.S.Rahmon welcomed the guests.", "Talks followed."];
    initials_comma: "the spokeswoman, M.V.Zakharova, said" => ["the spokeswoman, M.V.Zakharova, said"];
    single_initial: "George W. Bush visited Moscow." => ["George W. Bush visited Moscow."];
    lone_pair_initial: "President Sh. Mirziyoyev spoke." => ["President Sh. Mirziyoyev spoke."];
    name_like_pair_at_end: "Putin met Xi. The two leaders spoke." =>
        ["Putin met Xi.", "The two leaders spoke."];
    cyrillic_initials: "В.В. Путин встретился с Ш.М.Мирзиёевым. Они обсудили торговлю." =>
        ["В.В. Путин встретился с Ш.М.Мирзиёевым.", "Они обсудили торговлю."];

    // Numbers and dates.
    decimal: "Trade grew 3.5 percent. Exports fell." => ["Trade grew 3.5 percent.", "Exports fell."];
    dotted_date: "The decree of 08.02.2024 entered into force." =>
        ["The decree of 08.02.2024 entered into force."];
    year_at_end: "The plan runs until 2030. A review follows." =>
        ["The plan runs until 2030.", "A review follows."];
    thousands: "Some 1,200 troops and 15,000 volunteers left." =>
        ["Some 1,200 troops and 15,000 volunteers left."];
    sentence_starts_with_number: "The deal was signed. 90% of trade is in roubles." =>
        ["The deal was signed.", "90% of trade is in roubles."];
    time_of_day: "The plane landed at 10.30 in Minsk." => ["The plane landed at 10.30 in Minsk."];

    // Quotations and parentheses.
    quote_closes_sentence: "He said: \"We will not go.\" Then he left." =>
        ["He said: \"We will not go.\"", "Then he left."];
    curly_quote_inside: "Lavrov said “We are ready. The door is open” and left." =>
        ["Lavrov said “We are ready. The door is open” and left."];
    quote_question_lower: "“Why now?” he asked." => ["“Why now?” he asked."];
    guillemets: "The program «Cultural Capitals 2023» was held. It ended." =>
        ["The program «Cultural Capitals 2023» was held.", "It ended."];
    parenthesis_inside: "The CSTO (founded 2002. Six members.) met in Minsk." =>
        ["The CSTO (founded 2002. Six members.) met in Minsk."];
    parenthesis_at_end: "Trade grew (see the table.) Exports rose." =>
        ["Trade grew (see the table.)", "Exports rose."];
    whole_sentence_in_parens: "They met. (The talks were closed.) Nothing was said." =>
        ["They met.", "(The talks were closed.)", "Nothing was said."];
    unclosed_quote: "He said \"we agree. The sides signed." =>
        ["He said \"we agree.", "The sides signed."];

    // Glued sentences and odd spacing.
    glued_sentence: "preparations began with the visit.Tokayev arrived on Monday." =>
        ["preparations began with the visit.", "Tokayev arrived on Monday."];
    domain_name: "See mid.ru for the text. It is long." => ["See mid.ru for the text.", "It is long."];
    url_inside: "The text is at https://mid.ru/en/a.html. Read it." =>
        ["The text is at https://mid.ru/en/a.html.", "Read it."];
    ellipsis: "We waited... Nothing happened." => ["We waited...", "Nothing happened."];
    ellipsis_char_lower: "We waited… and then left." => ["We waited… and then left."];
    multiple_spaces: "One.   Two.\tThree." => ["One.", "Two.", "Three."];
    no_break_space: "It ended.\u{a0}Then it began." => ["It ended.", "Then it began."];

    // Lines, headings and lists.
    heading_then_text: "Saturday, February 8\nThe minister spoke." =>
        ["Saturday, February 8", "The minister spoke."];
    blank_line_paragraphs: "First paragraph ends\n\nSecond paragraph" =>
        ["First paragraph ends", "Second paragraph"];
    hard_wrapped: "The Russian delegation, led by the deputy foreign minister,\narrived in Baku on Monday for talks. They ended." =>
        ["The Russian delegation, led by the deputy foreign minister,\narrived in Baku on Monday for talks.", "They ended."];
    wrapped_before_capital: "The two ministers signed a memorandum on cooperation with\nArmenia in the field of education." =>
        ["The two ministers signed a memorandum on cooperation with\nArmenia in the field of education."];
    initials_across_line: "It was signed by President V.V.\nPutin." => ["It was signed by President V.V.\nPutin."];
    dash_list: "The agenda:\n- trade and transport\n- security" =>
        ["The agenda:", "- trade and transport", "- security"];
    numbered_list: "1. Trade\n2. Security\n3. Culture" => ["1. Trade", "2. Security", "3. Culture"];
    bullet_list: "• visits at the highest level\n• consultations" =>
        ["• visits at the highest level", "• consultations"];
    question_answer: "Question: How do you assess it?\n\nAnswer: We are satisfied." =>
        ["Question: How do you assess it?", "Answer: We are satisfied."];
    crlf_lines: "One line.\r\n\r\nAnother line." => ["One line.", "Another line."];
    share_row_heading: "Google+ Pinterest LinkedIn\nThe text begins here." =>
        ["Google+ Pinterest LinkedIn", "The text begins here."];
    empty: "" => [];
    only_space: "  \n\n \t " => [];
}

#[test]
fn headings_and_list_items_are_marked() {
    let text = "Results of 2023\n\nThe year was good.\n- first item";
    let kinds: Vec<BlockKind> = Segmenter::new()
        .segment(text)
        .iter()
        .map(|s| s.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::ListItem
        ]
    );
}

#[test]
fn overlong_sentence_is_cut() {
    let text = "word ".repeat(5_000);
    let s = Segmenter::new().segment(&text);
    assert!(s.len() >= 2);
    assert!(s
        .iter()
        .all(|s| s.span.len() <= dyad_text::MAX_SENTENCE_BYTES + 10));
    // Nothing lost: every token survives.
    assert_eq!(s.iter().map(|s| s.tokens.len()).sum::<usize>(), 5_000);
}

#[test]
fn offsets_are_document_offsets() {
    let doc = "Заголовок\n\nРоссия’s text. Second one.";
    let region_start = doc.find("Россия").unwrap();
    let chars_before = doc[..region_start].chars().count();
    let mut out = Vec::new();
    Segmenter::new().segment_into(&doc[region_start..], region_start, chars_before, &mut out);
    assert_eq!(out.len(), 2);
    for s in &out {
        let by_bytes = &doc[s.span.start..s.span.end];
        let by_chars: String = doc
            .chars()
            .skip(s.chars.start)
            .take(s.chars.len())
            .collect();
        assert_eq!(by_bytes, by_chars);
        for t in &s.tokens {
            let tb = &doc[t.span.start..t.span.end];
            let tc: String = doc
                .chars()
                .skip(t.chars.start)
                .take(t.chars.len())
                .collect();
            assert_eq!(tb, tc);
        }
    }
    assert_eq!(&doc[out[1].span.start..out[1].span.end], "Second one.");
}
