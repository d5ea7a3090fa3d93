//! Loading dyad dictionaries: bad lines are named, conflicts reported,
//! user files win over built-in ones.

use dyad_dict::dictionary::Dictionary;
use dyad_dict::{parse_day, LoadOptions};

fn load(text: &str, lenient: bool) -> Result<(Dictionary, usize), String> {
    let mut d = Dictionary::new();
    let w = d
        .load_dyad(text, "user.dyad", 2, LoadOptions { lenient })
        .map_err(|e| e.to_string())?;
    Ok((d, w.len()))
}

#[test]
fn a_malformed_entry_names_the_file_line_and_what_was_expected() {
    let cases: &[(&str, &str)] = &[
        ("actor kaz\n  name: K\n  kind: state\n", "user.dyad:1: actor code \"kaz\": expected upper-case letters"),
        ("actor KAZ\n  kind: state\n", "user.dyad:1: actor KAZ: the field \"name\" is required"),
        ("actor KAZ\n  name: K\n  kind: nation\n", "user.dyad:3: kind \"nation\": expected state, entity, igo, region or group"),
        ("actor KAZ\n  name: K\n  kind: state\n  capital: Astana\n", "user.dyad:4: unknown field \"capital\" for actor"),
        ("person Someone\n  role: KAZGOV 2019-13-01.. president\n", "user.dyad:2: role \"KAZGOV 2019-13-01.. president\": expected \"ACTOR FROM..TO TITLE\""),
        ("person Someone\n  names: S\n", "user.dyad:1: person Someone: at least one role line is required"),
        ("country KAZ\n", "user.dyad:1: unknown entry kind \"country\""),
        ("verb 9x9\n", "user.dyad:1: verb code \"9x9\": expected a CAMEO event code"),
        ("  names: orphan\n", "user.dyad:1: a field before any entry"),
    ];
    for (text, expected) in cases {
        let e = load(text, false)
            .err()
            .unwrap_or_else(|| panic!("{text:?} should fail"));
        assert!(
            e.starts_with(expected),
            "{text:?}\n got: {e}\nwant: {expected}"
        );
    }
}

#[test]
fn lenient_loading_skips_bad_entries_with_a_warning_and_keeps_the_rest() {
    let text = "actor KAZ\n  name: Kazakhstan\n  kind: state\n  country: KAZ\n  igo: -\n  names: Kazakhstan\n\
                actor KGZ\n  name: Kyrgyzstan\n  kind: land\n\
                actor TJK\n  name: Tajikistan\n  kind: state\n  country: TJK\n  igo: -\n  names: Tajikistan\n";
    assert!(load(text, false).is_err());
    let (d, warnings) = load(text, true).unwrap();
    assert_eq!(warnings, 1);
    assert_eq!(d.actors.len(), 2);
}

#[test]
fn a_second_definition_of_an_actor_is_a_conflict_not_a_merge() {
    let text = "actor KAZ\n  name: Kazakhstan\n  kind: state\n  country: KAZ\n  igo: -\n\n\
                actor KAZ\n  name: Qazaqstan\n  kind: state\n  country: KAZ\n  igo: -\n";
    let e = load(text, false).err().unwrap();
    assert!(
        e.contains("user.dyad:7: actor KAZ is already defined at user.dyad:1"),
        "{e}"
    );
}

#[test]
fn check_reports_unknown_codes_overlaps_and_ambiguous_names() {
    let text = "actor KAZ\n  name: Kazakhstan\n  kind: state\n  country: KAZ\n  igo: -\n  names: Kazakhstan\n\n\
                actor KGZ\n  name: Kyrgyzstan\n  kind: state\n  country: KGZ\n  igo: -\n  names: Kyrgyzstan; Kazakhstan\n\n\
                person A B\n  names: Ab\n  role: KAZGOV 2000..2010 president\n  role: KAZGOV 2005..2015 president\n  role: XXXGOV 2000.. envoy\n\n\
                person C D\n  names: Ab\n  role: KGZGOV 2008..2012 president\n\n\
                verb 999\n  name: nothing\n";
    let (d, _) = load(text, false).unwrap();
    let problems = d.check().join("\n");
    assert!(
        problems.contains("the name \"Kazakhstan\" also stands for actor KAZ"),
        "{problems}"
    );
    assert!(
        problems.contains("president 2005-01-01..2015-12-31 overlaps"),
        "{problems}"
    );
    assert!(problems.contains("unknown actor code XXXGOV"), "{problems}");
    assert!(
        problems.contains("the name \"Ab\" also stands for person A B"),
        "{problems}"
    );
    assert!(
        problems.contains("verb 999: not a CAMEO event code"),
        "{problems}"
    );
}

#[test]
fn a_user_dictionary_wins_over_the_built_in_one() {
    let mut d = Dictionary::builtin().unwrap();
    d.load_dyad(
        "person Qasym Test\n  names: Tokayev\n  role: KGZGOV 2023..2023 envoy\n",
        "user.dyad",
        2,
        LoadOptions::default(),
    )
    .unwrap();
    let day = parse_day("2023-05-01", false).unwrap();
    let found = d.lookup("Tokayev", day);
    assert_eq!(found[0].1.code, "KGZGOV");
    // Outside the user's dates the built-in entry applies.
    let day = parse_day("2024-05-01", false).unwrap();
    assert_eq!(d.lookup("Tokayev", day)[0].1.code, "KAZGOV");
}
