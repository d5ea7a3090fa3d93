//! The coder's rules, one test each, on sentences written for them, with a
//! small invented dictionary (tests/fixtures) and the built-in parser.

use std::path::Path;
use std::sync::OnceLock;

use dyad_code::coder::{CodeOptions, Coder, SentenceAnalysis};
use dyad_dict::dictionary::Dictionary;
use dyad_dict::LoadOptions;
use dyad_parse::model::{Buffers, Model};
use dyad_text::Segmenter;

const DAY: u32 = 20230510;

fn dictionary() -> &'static Dictionary {
    static DICT: OnceLock<Dictionary> = OnceLock::new();
    DICT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut d = Dictionary::new();
        for f in [
            "coder.dyad",
            "petrarch-actors.txt",
            "petrarch-verbs.txt",
            "petrarch-discards.txt",
        ] {
            d.load_path(&dir.join(f), LoadOptions { lenient: false })
                .unwrap_or_else(|e| panic!("{f}: {e}"));
        }
        d.compile();
        d
    })
}

/// Codes a one-sentence text with these options, in this document context.
fn analyse_full(
    text: &str,
    options: CodeOptions,
    ctx: &dyad_code::coder::Context,
) -> SentenceAnalysis {
    let model = Model::builtin().expect("the built-in model loads");
    let coder = Coder::new(dictionary(), model, options);
    let mut sentences = Vec::new();
    Segmenter::new().segment_into(text, 0, 0, &mut sentences);
    assert_eq!(sentences.len(), 1, "one sentence: {text}");
    let s = &sentences[0];
    let spans: Vec<(usize, usize)> = s
        .tokens
        .iter()
        .map(|t| (t.span.start, t.span.end))
        .collect();
    coder.code_in(
        &text[s.span.start..s.span.end],
        &spans,
        DAY,
        ctx,
        &mut Buffers::default(),
    )
}

fn analyse_with(text: &str, options: CodeOptions) -> SentenceAnalysis {
    analyse_full(text, options, &dyad_code::coder::Context::default())
}

fn analyse(text: &str) -> SentenceAnalysis {
    analyse_with(text, CodeOptions::default())
}

/// The events as `SOURCE TARGET CODE` (with `!` for negated ones), sorted.
fn events(text: &str) -> Vec<String> {
    events_of(&analyse(text))
}

fn events_of(a: &SentenceAnalysis) -> Vec<String> {
    let code = |x: &Option<dyad_code::coder::PhraseActor>| {
        x.as_ref().map_or("---".to_owned(), |a| a.code.clone())
    };
    let mut v: Vec<String> = a
        .events
        .iter()
        .map(|e| {
            format!(
                "{}{} {} {}",
                if e.negated { "!" } else { "" },
                code(&e.source),
                code(&e.target),
                e.code
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_subject_acts_on_the_object() {
    assert_eq!(
        events("Nordland criticized Sudland on Monday."),
        ["NRD SUD 111"]
    );
}

#[test]
fn a_passive_with_its_agent_keeps_who_did_what() {
    assert_eq!(
        events("Sudland was criticized by Nordland."),
        ["NRD SUD 111"]
    );
    // A pattern read in the active voice turns round too.
    assert_eq!(
        events("The Sudish delegation was received by Berg."),
        ["NRDGOV SUDGOV 043"]
    );
}

#[test]
fn an_agentless_passive_has_no_source() {
    assert!(events("Sudland was criticized on Monday.").is_empty());
    let partial = analyse_with(
        "Sudland was criticized on Monday.",
        CodeOptions {
            require_dyad: false,
            identified_only: false,
            ..CodeOptions::default()
        },
    );
    assert_eq!(events_of(&partial), ["--- SUD 111"]);
}

#[test]
fn coordinated_actors_give_one_event_each() {
    assert_eq!(
        events("Nordland and Ostland condemned Sudland."),
        ["NRD SUD 111", "OST SUD 111"]
    );
}

#[test]
fn partners_that_sign_together_sign_with_each_other() {
    assert_eq!(
        events("Nordland and Sudland signed a treaty in Geneva."),
        ["NRD SUD 057", "SUD NRD 057"]
    );
}

#[test]
fn the_most_specific_pattern_wins() {
    let a = analyse("Nordland signed a trade treaty with Sudland.");
    assert_eq!(events_of(&a), ["NRD SUD 057"]);
    assert_eq!(a.events[0].pattern, "$ * with +");
    let tried = &a.verbs[0].tried;
    assert!(tried.iter().any(|(p, ok, _)| p == "$ * +" && *ok));
}

#[test]
fn a_country_adjective_and_a_role_make_one_actor() {
    assert_eq!(
        events("The Nordish foreign minister criticized Sudland."),
        ["NRDGOV SUD 111"]
    );
    assert_eq!(
        events("Nordish troops shelled Sudland."),
        ["NRDMIL SUD 190"]
    );
}

#[test]
fn a_negated_verb_is_marked_not_coded_as_done() {
    assert_eq!(
        events("Nordland did not sign the treaty with Sudland."),
        ["!NRD SUD 057"]
    );
}

#[test]
fn an_intended_act_is_an_intent() {
    // 042 (visit) under "plans to" / "agreed to" becomes 036.
    assert_eq!(events("Nordland agreed to visit Sudland."), ["NRD SUD 036"]);
}

#[test]
fn reported_speech_keeps_the_reported_event_and_its_speaker() {
    let a = analyse("Berg said that Nordland would condemn Sudland.");
    assert_eq!(events_of(&a), ["NRD SUD 111"]);
    let speaker = a.events[0].speaker.as_ref().expect("a speaker");
    assert_eq!(speaker.code, "NRDGOV");
}

#[test]
fn what_a_request_asks_for_is_not_an_event() {
    assert_eq!(
        events("Nordland urged Sudland to attack Ostland."),
        ["NRD SUD 020"]
    );
}

#[test]
fn an_uncoded_subject_gives_way_to_the_actor_before_it() {
    // "it" is Nordland: the nearest actor before the verb.
    assert_eq!(
        events("Nordland announced that it would visit Sudland."),
        ["NRD SUD 042"]
    );
}

#[test]
fn petrarch_group_codes_and_two_way_codes() {
    // THE_THREE_DUCHIES [AAA/BBB/CCC]; TOUR [042:043]: a tour is also a
    // hosting the other way.
    assert_eq!(
        events("The Three Duchies toured Nordland."),
        [
            "AAA NRD 042",
            "BBB NRD 042",
            "CCC NRD 042",
            "NRD AAA 043",
            "NRD BBB 043",
            "NRD CCC 043"
        ]
    );
}

#[test]
fn a_null_coded_verb_codes_only_through_its_patterns() {
    // PROTEST [---] with the pattern `$ * AGAINST + [141]`.
    assert!(events("Nordland protested on Monday.").is_empty());
    assert_eq!(
        events("Nordland protested against Sudland."),
        ["NRD SUD 141"]
    );
}

#[test]
fn a_discard_phrase_stops_coding() {
    let a = analyse("Nordland criticized Sudland after the football match.");
    assert!(a.events.is_empty());
    assert_eq!(a.discarded, Some(("FOOTBALL MATCH".to_owned(), false)));
}

#[test]
fn every_token_of_an_event_lies_in_the_sentence() {
    let text = "The Nordish foreign minister criticized Sudland.";
    let a = analyse(text);
    let e = &a.events[0];
    let s = e.source.as_ref().unwrap();
    let (start, end) = (a.spans[s.tokens.0].0, a.spans[s.tokens.1].1);
    assert_eq!(&text[start..end], "Nordish foreign minister");
    assert_eq!(a.forms[e.verb[0]], "criticized");
}

#[test]
fn a_title_before_a_name_makes_the_name_a_government_actor() {
    // OLAF_HANSEN is coded at the level of his country (OST), as PETRARCH
    // codes many people; his title makes him OSTGOV.
    assert_eq!(
        events("Foreign Minister Olaf Hansen criticized Sudland."),
        ["OSTGOV SUD 111"]
    );
    assert_eq!(
        events("Ostish Prime Minister Olaf Hansen condemned Nordland."),
        ["OSTGOV NRD 111"]
    );
}

#[test]
fn a_speech_verb_gives_way_whatever_its_own_code() {
    // "claim" codes 112 in this dictionary; what is claimed is the event.
    let a = analyse("Nordland claimed that Sudland attacked Ostland.");
    assert_eq!(events_of(&a), ["SUD OST 190"]);
    assert_eq!(
        a.events[0].speaker.as_ref().map(|s| s.code.as_str()),
        Some("NRD")
    );
}

#[test]
fn coordinated_modifiers_name_one_actor_each() {
    assert_eq!(
        events("Nordish and Ostish ministers condemned Sudland."),
        ["NRDGOV SUD 111", "OSTGOV SUD 111"]
    );
}

#[test]
fn coordinated_roles_without_a_country_stay_roles() {
    let a = analyse_with(
        "Soldiers and ministers condemned Sudland.",
        CodeOptions {
            require_dyad: false,
            identified_only: false,
            ..CodeOptions::default()
        },
    );
    assert_eq!(events_of(&a), ["---GOV SUD 111", "---MIL SUD 111"]);
}

#[test]
fn a_pattern_written_for_the_passive_is_read_as_written() {
    // `+ WAS * BY $`: the target before the verb, the source after "by".
    assert_eq!(events("Sudland was seized by Nordland."), ["NRD SUD 171"]);
}

#[test]
fn a_role_of_no_known_country_is_no_actor_by_default() {
    // "the ministry" names no country: no event, unless asked for.
    assert!(events("The ministry condemned Sudland.").is_empty());
    let a = analyse_with(
        "The ministry condemned Sudland.",
        CodeOptions {
            identified_only: false,
            ..CodeOptions::default()
        },
    );
    assert_eq!(events_of(&a), ["---GOV SUD 111"]);
}

#[test]
fn with_whom_comes_before_where() {
    // dyad's `$ * +` takes the object, not "in Ostland"; among the
    // complements, "with Sudland" says with whom, "in Ostland" only where.
    assert_eq!(
        events("Nordland held talks in Ostland with Sudland."),
        ["NRD SUD 040"]
    );
    // Where, when nothing says with whom.
    assert_eq!(events("Nordland held talks in Ostland."), ["NRD OST 040"]);
}

fn analyse_in(text: &str, ctx: &dyad_code::coder::Context) -> SentenceAnalysis {
    analyse_full(text, CodeOptions::default(), ctx)
}

fn speaking(code: &str) -> dyad_code::coder::Context {
    dyad_code::coder::Context {
        speaker: Some(code.to_owned()),
        antecedent: None,
        ..Default::default()
    }
}

#[test]
fn we_are_the_speaker_and_only_when_there_is_one() {
    assert_eq!(
        events_of(&analyse_in("We condemned Sudland.", &speaking("NRDGOV"))),
        ["NRDGOV SUD 111"]
    );
    assert!(
        events("We condemned Sudland.").is_empty(),
        "no speaker: no guess"
    );
    // "our Sudish friends" are Sudish.
    assert_eq!(
        events_of(&analyse_in(
            "We visited our Sudish friends.",
            &speaking("NRDGOV")
        )),
        ["NRDGOV SUD 042"]
    );
}

#[test]
fn this_country_is_the_state_named_before() {
    let ctx = dyad_code::coder::Context {
        speaker: None,
        antecedent: Some("SUD".to_owned()),
        ..Default::default()
    };
    assert_eq!(
        events_of(&analyse_in(
            "Nordland signed a treaty with this country.",
            &ctx
        )),
        ["NRD SUD 057"]
    );
}

#[test]
fn an_agentless_passive_in_a_statement_is_the_speakers_act() {
    assert_eq!(
        events_of(&analyse_in(
            "The treaty with Sudland was signed in May.",
            &speaking("NRDGOV")
        )),
        ["NRDGOV SUD 057"]
    );
}

#[test]
fn a_government_does_not_act_on_its_own_country() {
    assert!(events_of(&analyse_in("We condemned Nordland.", &speaking("NRDGOV"))).is_empty());
}

#[test]
fn the_speaker_comes_from_the_document_or_its_title() {
    use dyad_code::context::speaker_of;
    let d = dictionary();
    assert_eq!(
        speaker_of(d, Some("NRDGOV"), None, DAY).as_deref(),
        Some("NRDGOV")
    );
    assert_eq!(
        speaker_of(d, Some("Erik Berg"), None, DAY).as_deref(),
        Some("NRDGOV")
    );
    assert_eq!(
        speaker_of(
            d,
            None,
            Some("Statement by the Nordish foreign minister on Sudland"),
            DAY
        )
        .as_deref(),
        Some("NRDGOV")
    );
    // A headline that is no statement names no speaker.
    assert_eq!(
        speaker_of(d, None, Some("Nordland and Sudland sign a treaty"), DAY),
        None
    );
}

#[test]
fn a_noun_tells_an_event_with_its_of_and_to() {
    assert_eq!(
        events("The official visit of Berg to Sudland took place in May."),
        ["NRDGOV SUD 042"]
    );
    assert_eq!(
        events("The first visit to Sudland by Berg was a success."),
        ["NRDGOV SUD 042"]
    );
}

#[test]
fn a_deployment_for_the_hosts_security_is_military_cooperation() {
    // Troops on another state's soil are a show of force against it ...
    assert_eq!(
        events("The deployment of Nordish troops on the territory of Sudland began in May."),
        ["NRDMIL SUD 150"]
    );
    // ... unless the clause says they are there for its security, or for a
    // security it shares.
    assert_eq!(
        events(
            "Steps were taken to strengthen the security of Sudland, including the \
             deployment of Nordish troops on the territory of Sudland."
        ),
        ["NRDMIL SUD 062"]
    );
    assert_eq!(
        events(
            "Steps were taken to strengthen the defence and security of the Nordic Customs \
             Union, including the deployment of Nordish troops on the territory of Sudland."
        ),
        ["NRDMIL SUD 062"]
    );
    // The deployer's own security alone changes nothing.
    assert_eq!(
        events(
            "Steps were taken to strengthen the security of Nordland, including the \
             deployment of Nordish troops on the territory of Sudland."
        ),
        ["NRDMIL SUD 150"]
    );
}

#[test]
fn a_nouns_event_between_two_goes_both_ways() {
    assert_eq!(
        events("Nordish-Sudish trade grew by a third."),
        ["NRD SUD 061", "SUD NRD 061"]
    );
    assert_eq!(
        events("An exchange of visits took place between Nordland and Sudland."),
        ["NRD SUD 042", "SUD NRD 042"]
    );
}

#[test]
fn a_nouns_missing_side_is_the_speaker_of_a_statement() {
    let a = analyse_in(
        "Contacts with Sudland were maintained at all levels.",
        &speaking("NRDGOV"),
    );
    assert_eq!(events_of(&a), ["NRDGOV SUD 040"]);
    // Not in a text without a speaker.
    assert!(events("Contacts with Sudland were maintained at all levels.").is_empty());
}

#[test]
fn a_noun_a_coded_verb_already_tells_is_not_a_second_event() {
    // "signed ... treaty" is the verb's event; "visit" here is no event of
    // its own without a second actor.
    assert_eq!(
        events("Nordland signed a treaty with Sudland."),
        ["NRD SUD 057"]
    );
}

#[test]
fn this_country_prefers_the_state_named_earlier_in_the_sentence() {
    let ctx = dyad_code::coder::Context {
        speaker: Some("NRDGOV".to_owned()),
        antecedent: Some("OST".to_owned()),
        ..Default::default()
    };
    assert_eq!(
        events_of(&analyse_in(
            "The key event in relations with Sudland was the visit of Berg to this country.",
            &ctx
        )),
        ["NRDGOV SUD 042"]
    );
}

#[test]
fn talks_between_two_named_actors_go_both_ways() {
    assert_eq!(
        events("Regular talks between Erik Berg and Sudland continued."),
        ["NRDGOV SUD 040", "SUD NRDGOV 040"]
    );
}

#[test]
fn where_an_event_happened() {
    // A capital the dictionary knows: the place and its country.
    let a = analyse("Berg met Sudland's foreign minister in Nordhavn.");
    assert_eq!(
        a.events[0].location,
        Some(("Nordhavn".to_owned(), Some("NRD".to_owned())))
    );
    // A place it does not know: its name only.
    let a = analyse("Berg met Sudland's foreign minister in Lindholm on Monday.");
    assert_eq!(a.events[0].location, Some(("Lindholm".to_owned(), None)));
    // No place said.
    let a = analyse("Berg met Sudland's foreign minister.");
    assert_eq!(a.events[0].location, None);
}

#[test]
fn anti_names_whom_a_thing_is_against() {
    assert_eq!(
        events("Ostland joined the anti-Sudish sanctions of Nordland."),
        ["OST SUD 163"]
    );
}

#[test]
fn a_nouns_source_is_the_subject_of_the_clause_it_hangs_from() {
    assert_eq!(
        events("The Ostish leadership continued its course towards the destruction of relations with Sudland."),
        ["OST SUD 161"]
    );
}

#[test]
fn a_visit_to_somewhere_is_found_however_the_names_were_parsed() {
    // Titles, initials and names between the noun and its "to" often
    // mislead the parse; the "to" right after the noun still names the
    // target.
    let got = events(
        "Last year, the official visit of the Foreign Minister of Nordland E.S. Berg to Sudland took place.",
    );
    assert!(got.contains(&"NRDGOV SUD 042".to_owned()), "{got:?}");
}

#[test]
fn of_is_the_target_of_a_noun_done_to_someone() {
    // "the visit of Berg": Berg visits; "the expulsion of Sudish
    // diplomats": they are expelled.
    assert_eq!(
        events("Nordland announced the expulsion of the Sudish ministers."),
        ["NRD SUDGOV 174"]
    );
}

#[test]
fn a_possessor_inside_the_verb_phrase_is_its_target() {
    // "met Sudland's request": the phrase "meet request" around a possessor.
    assert_eq!(
        events("Nordland met Sudland's request for aid."),
        ["NRD SUD 080"]
    );
}

#[test]
fn no_delegation_is_no_actor() {
    assert!(events("No delegation from Sudland condemned Nordland.").is_empty());
}

#[test]
fn a_verb_phrase_in_the_passive_is_found_around_its_subject() {
    // "cancel the visa regime" read as "the visa regime ... was cancelled";
    // in a statement, the speaker cancelled it.
    assert_eq!(
        events_of(&analyse_in(
            "The visa regime for Sudish citizens was cancelled in May.",
            &speaking("NRDGOV")
        )),
        ["NRDGOV SUD 081"]
    );
}

#[test]
fn what_we_did_with_no_partner_named_was_done_with_the_state_discussed() {
    let ctx = dyad_code::coder::Context {
        speaker: Some("NRDGOV".to_owned()),
        antecedent: Some("SUD".to_owned()),
        ..Default::default()
    };
    // In a statement's passage about Sudland, "we signed" is with Sudland.
    assert_eq!(
        events_of(&analyse_in("We signed a treaty on Monday.", &ctx)),
        ["NRDGOV SUD 057"]
    );
    // Not a conflict, and not someone else's act.
    assert!(events_of(&analyse_in("Ostland signed a treaty on Monday.", &ctx)).is_empty());
    // Without a speaker, no guess.
    let news = dyad_code::coder::Context {
        speaker: None,
        antecedent: Some("SUD".to_owned()),
        ..Default::default()
    };
    assert!(events_of(&analyse_in("We signed a treaty on Monday.", &news)).is_empty());
}

#[test]
fn a_target_that_is_the_source_itself_is_none() {
    let ctx = dyad_code::coder::Context {
        speaker: Some("NRDGOV".to_owned()),
        antecedent: Some("SUD".to_owned()),
        ..Default::default()
    };
    // "the treaty of the Nordish government" names us, not a partner.
    assert_eq!(
        events_of(&analyse_in(
            "We signed the treaty of the Nordish government.",
            &ctx
        )),
        ["NRDGOV SUD 057"]
    );
}

#[test]
fn a_bilateral_act_in_a_statement_goes_both_ways() {
    let ctx = dyad_code::coder::Context {
        speaker: Some("NRDGOV".to_owned()),
        antecedent: Some("SUD".to_owned()),
        ..Default::default()
    };
    assert_eq!(
        events_of(&analyse_in(
            "A package of bilateral treaties was signed in May.",
            &ctx
        )),
        ["NRDGOV SUD 057", "SUD NRDGOV 057"]
    );
}

#[test]
fn the_union_is_the_union_named_before() {
    let ctx = dyad_code::coder::Context {
        organisations: vec!["IGONCU".to_owned()],
        ..Default::default()
    };
    assert_eq!(
        events_of(&analyse_in("The Union condemned Sudland.", &ctx)),
        ["IGONCU SUD 111"]
    );
    // Nothing named before: no guess.
    assert!(events("The Union condemned Sudland.").is_empty());
}
