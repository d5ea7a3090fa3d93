//! Tests of the PETRARCH/TABARI dictionary readers: every dictionary of the
//! PETRARCH2 reference data (when `../shared` is present) against the
//! counts of its README, and small invented fixtures for each error case.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dyad_dict::petrarch::{
    detect_kind, expand_issue_phrase, read_actors, read_agents, read_discards, read_issues,
    read_verbs, PetrarchKind,
};
use dyad_dict::{
    ActorRecord, AgentRecord, DateRange, DatedCode, DictError, LoadOptions, Loaded, PatternSyntax,
};

const STRICT: LoadOptions = LoadOptions { lenient: false };
const LENIENT: LoadOptions = LoadOptions { lenient: true };

/// The reference data directory, or `None` (the test then passes).
fn anchors() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/anchors/petrarch2/");
    if d.is_dir() {
        Some(d)
    } else {
        println!("SKIPPED: ../shared not found");
        eprintln!("SKIPPED: ../shared not found");
        None
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/petrarch")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn warning_lines(w: &[DictError]) -> Vec<usize> {
    w.iter().map(|e| e.at.line).collect()
}

fn code(c: &str, from: Option<u32>, to: Option<u32>) -> DatedCode {
    DatedCode {
        code: c.to_string(),
        range: DateRange { from, to },
    }
}

fn actor<'a>(v: &'a [ActorRecord], phrase: &str) -> &'a ActorRecord {
    v.iter()
        .find(|a| a.phrase == phrase)
        .unwrap_or_else(|| panic!("no actor {phrase}"))
}

fn agents(v: &[AgentRecord], line: usize) -> Vec<&AgentRecord> {
    v.iter().filter(|a| a.source.line == line).collect()
}

/// Strict and lenient agree: strict fails with the first lenient warning,
/// and succeeds with the same value when there is none.
fn consistent<T: PartialEq + std::fmt::Debug>(
    strict: Result<Loaded<T>, DictError>,
    lenient: &Loaded<T>,
) {
    match (strict, lenient.warnings.first()) {
        (Ok(s), None) => {
            assert!(s.warnings.is_empty());
            assert_eq!(s.value, lenient.value);
        }
        (Err(e), Some(w)) => assert_eq!(&e, w),
        (s, w) => panic!("strict {:?} but first warning {w:?}", s.err()),
    }
}

// ---------------------------------------------------------------------------
// The reference data
// ---------------------------------------------------------------------------

#[test]
fn countries_actors() {
    let Some(d) = anchors() else { return };
    let f = "Phoenix.Countries.actors.txt";
    let text = read(&d, f);
    let l = read_actors(&text, f, LENIENT).unwrap();
    // README: 18,390 primary entries and 7,527 synonyms. One synonym line
    // holds two (`+TAIOAN_ +TAWIAN_`), one is malformed (`+FAEROYENE]_`).
    assert_eq!(l.value.len(), 18_390);
    let synonyms: usize = l.value.iter().map(|a| a.synonyms.len()).sum();
    assert_eq!(synonyms, 7_527);
    // Genuinely malformed lines: dates with 7, 9 or 10 digits, a range
    // that ends before it starts, bare dates without <, > or -, a stray `]`.
    assert_eq!(
        warning_lines(&l.warnings),
        [2039, 14190, 15346, 18010, 22508, 22519, 31715, 43613, 51384]
    );
    let e = read_actors(&text, f, STRICT).unwrap_err();
    assert_eq!(e.at.line, 2039);
    assert!(e.to_string().starts_with("Phoenix.Countries.actors.txt:2039: expected an actor code in brackets such as [USAGOV]"), "{e}");
    assert!(e.message.contains("9008223"), "{e}");
    consistent(read_actors(&text, f, STRICT), &l);

    // Every entry has codes: code-less phrase lines take the next entry's.
    assert!(l.value.iter().all(|a| !a.codes.is_empty()));
    // A dated actor with several ranges (YYMMDD: 00-30 is 20xx).
    let zahir = actor(&l.value, "MOHAMMAD ZAHIR SHAH");
    assert_eq!(
        zahir.codes,
        [
            code("AFGELI", Some(19320101), Some(19331108)),
            code("AFGGOV", Some(19331108), Some(19730717)),
            code("AFGELI", Some(19730717), Some(20070723)),
        ]
    );
    assert_eq!(zahir.source.line, 105);
    // Mixed YYYYMMDD and YYMMDD in one range.
    let daud = actor(&l.value, "SARDAR MOHAMMAD DAUD KHAN");
    assert_eq!(
        daud.codes[0],
        code("AFGELI", Some(19270101), Some(19730717))
    );
    // Consecutive code-less primary lines share the following codes.
    let brezhnev = actor(&l.value, "SECRETARY BREZHNEV");
    assert_eq!(brezhnev.codes, actor(&l.value, "LEONID BREZHNEV").codes);
    assert_eq!(brezhnev.codes.len(), 3);
    // Two synonyms on one line.
    let taiwan = actor(&l.value, "TAIWAN");
    assert!(taiwan.synonyms.iter().any(|s| s == "TAIOAN"));
    assert!(taiwan.synonyms.iter().any(|s| s == "TAWIAN"));
    // A trailing `_` (whole word) is stripped; `_` become spaces.
    let afg = actor(&l.value, "AFGHANISTAN");
    assert_eq!(afg.codes, [code("AFG", None, None)]);
    assert!(afg
        .synonyms
        .iter()
        .any(|s| s == "DOWLAT E ESLAMI YE AFGHANESTAN"));
}

#[test]
fn international_actors() {
    let Some(d) = anchors() else { return };
    let f = "Phoenix.International.actors.txt";
    let text = read(&d, f);
    let l = read_actors(&text, f, LENIENT).unwrap();
    // README: 7,841 primary entries and 66 synonyms. Three entries have
    // text after their code without a `#` (`[MNCMED] Newspapers/Magazines
    // $137,000,000`) and are skipped; one date has 7 digits.
    assert_eq!(warning_lines(&l.warnings), [40, 3696, 3726, 6605]);
    assert_eq!(l.value.len(), 7_841 - 3);
    let synonyms: usize = l.value.iter().map(|a| a.synonyms.len()).sum();
    assert_eq!(synonyms, 66);
    consistent(read_actors(&text, f, STRICT), &l);
    // Several code brackets on one line.
    let annan = actor(&l.value, "KOFI ATTA ANNAN");
    assert_eq!(
        annan.codes,
        [
            code("IGOUNO", Some(19970101), Some(20061231)),
            code("ELI", None, None)
        ]
    );
}

#[test]
fn milnonstate_actors() {
    let Some(d) = anchors() else { return };
    let f = "Phoenix.MilNonState.actors.txt";
    let text = read(&d, f);
    // README: 1,021 primary entries and 772 synonyms; no malformed line.
    let l = read_actors(&text, f, STRICT).unwrap();
    assert!(l.warnings.is_empty());
    assert_eq!(l.value.len(), 1_021);
    let synonyms: usize = l.value.iter().map(|a| a.synonyms.len()).sum();
    assert_eq!(synonyms, 772);
}

#[test]
fn validate_actors() {
    let Some(d) = anchors() else { return };
    let f = "PETR.Validate.actors.txt";
    let text = read(&d, f);
    // Strict: `<! --`, `[HOB < 950601]`, `[X 19950601 - 19990815]`, `[pse]`,
    // `[ELR/GAL]`, `[+++]`, phrases with blanks instead of `_` are all
    // conventions of this file.
    let l = read_actors(&text, f, STRICT).unwrap();
    assert_eq!(l.value.len(), 128);
    assert_eq!(l.value.iter().map(|a| a.synonyms.len()).sum::<usize>(), 33);

    // `<DATE` ends the day before, `>DATE` starts on the day, ranges
    // include both ends.
    let sam = actor(&l.value, "SAM GAMGEE");
    assert_eq!(
        sam.codes,
        [
            code("HOB", None, None),
            code("HOBCIV", None, Some(20080119)),
            code("ORCHOB", Some(20100109), Some(20100112)),
            code("HOBMIL", Some(20080120), Some(20121109)),
            code("HOBGOV", Some(20121109), Some(20130119)),
            code("HOBELI", Some(20130119), None),
        ]
    );
    let gollum = actor(&l.value, "GOLLUM");
    assert_eq!(gollum.synonyms, ["SMEAGOL", "SLINKER", "STINKER"]);
    assert_eq!(
        gollum.codes,
        [
            code("HOB", None, Some(19950531)),
            code("HOBGOV", Some(19950601), Some(19990815)),
            code("HOBREB", Some(19990816), None),
        ]
    );
    assert_eq!(actor(&l.value, "ARNOR").codes, [code("ARN", None, None)]);
    assert_eq!(actor(&l.value, "ENT").codes, [code("ENT", None, None)]);
    assert_eq!(
        actor(&l.value, "THE SHIRE").codes,
        [code("FRO/BIL/SAM", None, None)]
    );
    assert_eq!(
        actor(&l.value, "PRINCE OF DOL AMROTH").codes,
        [code("---", None, Some(19950629)), code("DOL", None, None)]
    );
    assert_eq!(
        actor(&l.value, "PALESTINIAN").codes,
        [code("pse", None, None)]
    );
    assert_eq!(actor(&l.value, "HAMAS WING").codes[0].code, "PSEHMSBRD");
    let un = actor(&l.value, "UNITED NATIONS");
    assert_eq!(
        un.synonyms,
        ["U.N.", "SECRETARY GENERAL", "SECURITY COUNCIL", "UN"]
    );
}

#[test]
fn phoenix_agents() {
    let Some(d) = anchors() else { return };
    let f = "Phoenix.agents.txt";
    let text = read(&d, f);
    let l = read_agents(&text, f, LENIENT).unwrap();
    // `DEPARMENT_OF_ENVIRONMENT [~ENV}` and `ISLAMIC_EXTREMIST` (no code).
    assert_eq!(warning_lines(&l.warnings), [544, 1927]);
    consistent(read_agents(&text, f, STRICT), &l);
    // README: 2,261 coded lines and 85 distinct codes. Those figures count
    // every line holding `~`, 17 of which are commented out (`#BANK
    // [~BUS]`), and the malformed `~ENV}` as a code of its own: 2,244 live
    // coded lines, one malformed, and 84 codes.
    let lines: BTreeSet<usize> = l.value.iter().map(|a| a.source.line).collect();
    assert_eq!(lines.len(), 2_261 - 17 - 1);
    let codes: BTreeSet<(&str, bool)> = l
        .value
        .iter()
        .map(|a| (a.code.as_str(), a.prefix))
        .collect();
    assert_eq!(codes.len(), 84);
    // After substitution-set expansion.
    assert_eq!(l.value.len(), 3_373);

    // A substitution set glued to a word: five records, no generated
    // plural (the set lists the plural forms).
    let cattle = agents(&l.value, 61);
    let phrases: Vec<&str> = cattle.iter().map(|a| a.phrase.as_str()).collect();
    assert_eq!(
        phrases,
        [
            "CATTLEMAN",
            "CATTLEMEN",
            "CATTLEWOMAN",
            "CATTLEWOMEN",
            "CATTLEPERSON"
        ]
    );
    assert!(cattle
        .iter()
        .all(|a| a.plural.is_none() && a.code == "AGR" && !a.prefix));
    // Given plural, generated plural, `{}`, prefix codes.
    let by_phrase = |p: &str| {
        l.value
            .iter()
            .find(|a| a.phrase == p)
            .unwrap_or_else(|| panic!("no agent {p}"))
    };
    assert_eq!(
        by_phrase("CHAMBER OF COMMERCE").plural.as_deref(),
        Some("CHAMBERS OF COMMERCE")
    );
    let ministry = agents(&l.value, 1089);
    assert_eq!(ministry[0].phrase, "MINISTRY");
    assert_eq!(ministry[0].plural.as_deref(), Some("MINISTRIES"));
    // A phrase ending in a substitution set gets no generated plural.
    let minist = by_phrase("MINISTRY");
    assert_eq!((minist.plural.as_deref(), minist.source.line), (None, 812));
    assert_eq!(by_phrase("FARMER").plural.as_deref(), Some("FARMERS"));
    let troops = by_phrase("PEACEKEEPING TROOPS");
    assert_eq!(
        (
            troops.plural.as_deref(),
            troops.code.as_str(),
            troops.prefix
        ),
        (None, "IGO", true)
    );
}

#[test]
fn validate_agents() {
    let Some(d) = anchors() else { return };
    let f = "PETR.Validate.agents.txt";
    let text = read(&d, f);
    let l = read_agents(&text, f, STRICT).unwrap();
    assert_eq!(l.value.len(), 95);
    let lines: BTreeSet<usize> = l.value.iter().map(|a| a.source.line).collect();
    assert_eq!(lines.len(), 88);
    let silly: Vec<&str> = l
        .value
        .iter()
        .filter(|a| a.phrase.ends_with("OF SILLY WALKS"))
        .map(|a| a.phrase.as_str())
        .collect();
    assert_eq!(
        silly,
        [
            "MINISTER OF SILLY WALKS",
            "MINISTERS OF SILLY WALKS",
            "MINISTRY OF SILLY WALKS",
            "MINISTRIES OF SILLY WALKS"
        ]
    );
    let police = l.value.iter().find(|a| a.phrase == "POLICE").unwrap();
    assert_eq!(
        (
            police.plural.as_deref(),
            police.code.as_str(),
            police.prefix
        ),
        (None, "COP", false)
    );
    let hro = l
        .value
        .iter()
        .find(|a| a.phrase == "HUMAN RIGHTS ORGANIZATION")
        .unwrap();
    assert_eq!((hro.code.as_str(), hro.prefix), ("NGO", true));
    let goose = l.value.iter().find(|a| a.phrase == "GOLDEN GOOSE").unwrap();
    assert_eq!(goose.plural.as_deref(), Some("GOLDEN GEESE"));
    let congress = l.value.iter().find(|a| a.phrase == "CONGRESS").unwrap();
    assert_eq!(congress.plural.as_deref(), Some("CONGRESSES"));
}

#[test]
fn discards() {
    let Some(d) = anchors() else { return };
    let f = "Phoenix.discards.txt";
    let text = read(&d, f);
    // README: "514 lines, 64 whole-story": the file has 514 lines, of
    // which 506 are phrases (the rest comments and blank lines).
    assert_eq!(text.lines().count(), 514);
    let l = read_discards(&text, f, STRICT).unwrap();
    assert_eq!(l.value.len(), 506);
    assert_eq!(l.value.iter().filter(|d| d.whole_story).count(), 64);
    let golf = l
        .value
        .iter()
        .find(|d| d.phrase == "World Golf Championships")
        .unwrap();
    assert!(golf.whole_story);
    assert!(l
        .value
        .iter()
        .any(|d| d.phrase == "GROUP A" && !d.whole_story));

    let f = "PETR.Validate.discards.txt";
    let l = read_discards(&read(&d, f), f, STRICT).unwrap();
    assert_eq!(l.value.len(), 9);
    assert_eq!(l.value.iter().filter(|d| d.whole_story).count(), 4);
}

#[test]
fn issues() {
    let Some(d) = anchors() else { return };
    let f = "Phoenix.IssueCoding.txt";
    let text = read(&d, f);
    let l = read_issues(&text, f, LENIENT).unwrap();
    // Malformed: 13 phrases without a code and not marked `~` (7 in
    // EUROPEAN_UNION, the whole KIDNAP block, ...), two entries run into
    // one line (twice), a doubled code, `[CODE]*******`, a second
    // `</ISSUE>`.
    assert_eq!(
        warning_lines(&l.warnings),
        [
            141, 142, 143, 144, 145, 146, 147, 481, 1040, 1183, 1198, 1219, 1220, 1221, 2250, 2521,
            2889, 3053
        ]
    );
    consistent(read_issues(&text, f, STRICT), &l);
    // README: 111 issue codes.
    let codes: BTreeSet<&str> = l.value.iter().filter_map(|i| i.code.as_deref()).collect();
    assert_eq!(codes.len(), 111);
    assert_eq!(l.value.len(), 3_153);
    // `~phrase` and `~~phrase` are phrases to ignore.
    assert_eq!(l.value.iter().filter(|i| i.code.is_none()).count(), 181);
    let categories: BTreeSet<&str> = l.value.iter().map(|i| i.category.as_str()).collect();
    // 52 blocks; ELECTIONS is empty and KIDNAP has only code-less lines.
    assert_eq!(categories.len(), 50);
    let first = &l.value[0];
    assert_eq!(
        (
            first.phrase.as_str(),
            first.code.as_deref(),
            first.category.as_str()
        ),
        (
            "n:preschool",
            Some("EARLY_CHILDHOOD_EDUCATION"),
            "EDUCATION"
        )
    );
    let ignore = l
        .value
        .iter()
        .find(|i| i.phrase == "medical device directive")
        .unwrap();
    assert_eq!(
        (ignore.code.as_deref(), ignore.category.as_str()),
        (None, "EUROPEAN_UNION")
    );
    assert_eq!(
        expand_issue_phrase("pre+n:school"),
        ["pre school", "pre schools", "pre-school", "pre-schools"]
    );
}

#[test]
fn cameo_2_0_verbs() {
    let Some(d) = anchors() else { return };
    let f = "CAMEO.2.0.txt";
    let text = read(&d, f);
    // Strict: `};comment`, `RECONVENE[---]`, `[080!]`, `[110]--- ---`,
    // comma-separated forms and `{}` are conventions of the file.
    let l = read_verbs(&text, f, STRICT).unwrap();
    let v = &l.value;
    // README: 40 synsets, 397 blocks, 4,668 pattern lines, 8
    // transformations.
    assert_eq!(v.synsets.len(), 40);
    let blocks: BTreeSet<&str> = v
        .verbs
        .iter()
        .map(|x| x.block.as_str())
        .chain(v.patterns.iter().map(|p| p.block.as_str()))
        .collect();
    assert_eq!(blocks.len(), 397);
    assert_eq!(v.patterns.len(), 4_668);
    assert_eq!(v.transformations.len(), 8);
    assert_eq!(v.transformations[0], "~ a (a b ATTACK) SAY = a b 015");
    assert_eq!(v.verbs.len(), 1_817);
    assert!(v
        .patterns
        .iter()
        .all(|p| p.syntax == PatternSyntax::Petrarch2));
    // Codes: 340 [ACTIVE:PASSIVE], 97 [:PASSIVE], 168 [---].
    let both = v
        .patterns
        .iter()
        .filter(|p| p.code.is_some() && p.passive_code.is_some())
        .count();
    let passive = v
        .patterns
        .iter()
        .filter(|p| p.code.is_none() && p.passive_code.is_some())
        .count();
    let none = v
        .patterns
        .iter()
        .filter(|p| p.code.is_none() && p.passive_code.is_none())
        .count();
    assert_eq!((both, passive, none), (340, 97, 168));
    // A passive code.
    let to = v
        .patterns
        .iter()
        .find(|p| p.block == "ACCELERATE" && p.text == "* (TO)")
        .unwrap();
    assert_eq!(
        (to.code.as_deref(), to.passive_code.as_deref()),
        (Some("042"), Some("043"))
    );
    assert_eq!(to.source.line, 718);
    // Synsets: names without the trailing `_`, members with spaces.
    assert_eq!(v.synsets[0].name, "AUXVERB1");
    assert_eq!(v.synsets[0].members, ["WAS", "WERE", "BEEN"]);
    // Verbs: forms, multi-word verbs, inherited and own codes.
    let hurry = v.verbs.iter().find(|x| x.lemma == "HURRY").unwrap();
    assert_eq!(hurry.forms, ["HURRIES", "HURRYING", "HURRIED"]);
    assert_eq!(
        (hurry.block.as_str(), hurry.code.as_deref()),
        ("ACCELERATE", None)
    );
    let determined = v.verbs.iter().find(|x| x.lemma == "IS DETERMINED").unwrap();
    assert_eq!(
        determined.forms,
        ["WAS DETERMINED", "BE DETERMINED", "ARE DETERMINED"]
    );
    assert_eq!(determined.code.as_deref(), Some("030"));
    let debase = v.verbs.iter().find(|x| x.lemma == "DEBASE").unwrap();
    assert_eq!(
        debase.code.as_deref(),
        Some("110"),
        "inherits the block code"
    );
}

#[test]
fn cameo_unsorted_verbs() {
    let Some(d) = anchors() else { return };
    let f = "CAMEO.2.0_unsorted.txt";
    let text = read(&d, f);
    let l = read_verbs(&text, f, LENIENT).unwrap();
    // Five headers carry an editor's `<<FLAG>>` after the closing `---`
    // (their blocks are skipped) and one pattern has no code.
    assert_eq!(
        warning_lines(&l.warnings),
        [7609, 7629, 7701, 7718, 7722, 7804]
    );
    consistent(read_verbs(&text, f, STRICT), &l);
    // README: 4,674 pattern lines; minus the code-less one and the 4
    // patterns of the flagged blocks.
    assert_eq!(l.value.patterns.len(), 4_674 - 1 - 4);
    assert_eq!(l.value.synsets.len(), 40);
    assert_eq!(l.value.transformations.len(), 9);
    assert!(l
        .value
        .patterns
        .iter()
        .all(|p| p.syntax == PatternSyntax::Petrarch2));
}

#[test]
fn tabari_verbs() {
    let Some(d) = anchors() else { return };
    let f = "CAMEO.verbpatterns.150430.txt";
    let text = read(&d, f);
    let l = read_verbs(&text, f, LENIENT).unwrap();
    // Two patterns without a code and one `-- ...` line.
    assert_eq!(warning_lines(&l.warnings), [5860, 8733, 12935]);
    consistent(read_verbs(&text, f, STRICT), &l);
    let v = &l.value;
    // README: 11,010 pattern lines (lines starting with one `-`), two of
    // which have no code.
    assert_eq!(v.patterns.len(), 11_010 - 2);
    assert!(v.patterns.iter().all(|p| p.syntax == PatternSyntax::Tabari));
    assert_eq!(v.synsets.len(), 38);
    assert!(v.transformations.is_empty());
    // `--- DEFEND ###`: a header without a code.
    let defend = v.verbs.iter().find(|x| x.lemma == "SHIELD").unwrap();
    assert_eq!(
        (defend.block.as_str(), defend.code.as_deref()),
        ("DEFEND", None)
    );
    // Code before the forms.
    let snub = v.verbs.iter().find(|x| x.lemma == "SNUB").unwrap();
    assert_eq!(snub.forms, ["SNUBS", "SNUBBING", "SNUBBED"]);
    assert_eq!(snub.code.as_deref(), Some("111"));
    let p = v
        .patterns
        .iter()
        .find(|p| p.text == "% * PROGRESS TOWARD GOVERNMENT")
        .unwrap();
    assert_eq!(
        (p.code.as_deref(), p.passive_code.as_deref()),
        (Some("031"), Some("031"))
    );
}

#[test]
fn validate_verbs() {
    let Some(d) = anchors() else { return };
    let f = "PETR.Validate.verbs.txt";
    let text = read(&d, f);
    let l = read_verbs(&text, f, LENIENT).unwrap();
    // `- * DIPLXMATIC  [`: an unclosed code.
    assert_eq!(warning_lines(&l.warnings), [992]);
    consistent(read_verbs(&text, f, STRICT), &l);
    let v = &l.value;
    assert_eq!(v.patterns.len(), 474 - 1);
    assert!(v.patterns.iter().all(|p| p.syntax == PatternSyntax::Tabari));
    assert_eq!(v.synsets.len(), 17);
    // Synsets between blocks, members naming other synsets.
    let accord = v.synsets.iter().find(|s| s.name == "ACCORDSYN").unwrap();
    assert_eq!(
        accord.members,
        ["&TIETYPES", "CLOSER", "NEARER", "&CURRENCY"]
    );
    // `--- DELAY [120] [031:031] ---`: the first code is the block's.
    let postpone = v.verbs.iter().find(|x| x.lemma == "POSTPONE").unwrap();
    assert_eq!(
        (postpone.block.as_str(), postpone.code.as_deref()),
        ("DELAY", Some("120"))
    );
    let downplay = v.verbs.iter().find(|x| x.lemma == "DOWNPLAY").unwrap();
    assert_eq!(downplay.code.as_deref(), Some("014"));
    // Multi-word verbs with `+` on the verb word.
    let klm = v.verbs.iter().find(|x| x.lemma == "KLM NOP RST").unwrap();
    assert_eq!(klm.code.as_deref(), Some("002"));
    let breakdown = v.verbs.iter().find(|x| x.lemma == "BREAK DOWN").unwrap();
    assert_eq!(
        breakdown.forms,
        ["BREAKS DOWN", "BREAKING DOWN", "BROKE DOWN", "BROKEN DOWN"]
    );
    // A block code with a passive part is kept as written.
    let admit = v.verbs.iter().find(|x| x.lemma == "ADMIT").unwrap();
    assert_eq!(admit.code.as_deref(), Some("013:012"));
    // `--- TROUBLED [---] # NOUN ---`.
    let troubled = v.verbs.iter().find(|x| x.lemma == "TROUBLED").unwrap();
    assert_eq!(troubled.code, None);
}

/// Every dictionary of the directory is recognised and loads; the other
/// files are not taken for dictionaries.
#[test]
fn every_dictionary_file() {
    let Some(d) = anchors() else { return };
    let mut seen = Vec::new();
    for e in std::fs::read_dir(&d).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        let text = std::fs::read_to_string(e.path()).unwrap();
        let kind = detect_kind(&name, &text);
        let expected = match name.as_str() {
            "CAMEO.2.0.txt"
            | "CAMEO.2.0_unsorted.txt"
            | "CAMEO.verbpatterns.150430.txt"
            | "PETR.Validate.verbs.txt" => Some(PetrarchKind::Verbs),
            "PETR.Validate.actors.txt"
            | "Phoenix.Countries.actors.txt"
            | "Phoenix.International.actors.txt"
            | "Phoenix.MilNonState.actors.txt" => Some(PetrarchKind::Actors),
            "PETR.Validate.agents.txt" | "Phoenix.agents.txt" => Some(PetrarchKind::Agents),
            "PETR.Validate.discards.txt" | "Phoenix.discards.txt" => Some(PetrarchKind::Discards),
            "Phoenix.IssueCoding.txt" => Some(PetrarchKind::Issues),
            _ => None,
        };
        assert_eq!(kind, expected, "{name}");
        if name.ends_with(".txt") {
            // The content alone gives the same answer.
            assert_eq!(
                detect_kind("unnamed.txt", &text),
                expected,
                "{name} by content"
            );
        }
        let Some(kind) = kind else { continue };
        let warnings = match kind {
            PetrarchKind::Actors => read_actors(&text, &name, LENIENT).unwrap().warnings,
            PetrarchKind::Agents => read_agents(&text, &name, LENIENT).unwrap().warnings,
            PetrarchKind::Discards => read_discards(&text, &name, LENIENT).unwrap().warnings,
            PetrarchKind::Issues => read_issues(&text, &name, LENIENT).unwrap().warnings,
            PetrarchKind::Verbs => read_verbs(&text, &name, LENIENT).unwrap().warnings,
        };
        seen.push((name, warnings.len()));
    }
    seen.sort();
    let expected: Vec<(String, usize)> = [
        ("CAMEO.2.0.txt", 0),
        ("CAMEO.2.0_unsorted.txt", 6),
        ("CAMEO.verbpatterns.150430.txt", 3),
        ("PETR.Validate.actors.txt", 0),
        ("PETR.Validate.agents.txt", 0),
        ("PETR.Validate.discards.txt", 0),
        ("PETR.Validate.verbs.txt", 1),
        ("Phoenix.Countries.actors.txt", 9),
        ("Phoenix.International.actors.txt", 4),
        ("Phoenix.IssueCoding.txt", 18),
        ("Phoenix.MilNonState.actors.txt", 0),
        ("Phoenix.agents.txt", 2),
        ("Phoenix.discards.txt", 0),
    ]
    .iter()
    .map(|(n, w)| (n.to_string(), *w))
    .collect();
    assert_eq!(seen, expected);
}

// ---------------------------------------------------------------------------
// Invented fixtures
// ---------------------------------------------------------------------------

#[test]
fn fixture_actors() {
    let l = read_actors(&fixture("tiny.actors.txt"), "tiny.actors.txt", STRICT).unwrap();
    assert!(l.warnings.is_empty());
    let v = &l.value;
    let phrases: Vec<&str> = v.iter().map(|a| a.phrase.as_str()).collect();
    assert_eq!(
        phrases,
        [
            "VALDORIA",
            "QUARN",
            "MIRELA OSTROVA",
            "TOMAS BRENN",
            "GENERAL TOMAS BRENN",
            "ARBITER OF THE MARCHES"
        ]
    );
    assert_eq!(
        v[0].synonyms,
        [
            "VALDORIAN",
            "REPUBLIC OF VALDORIA",
            "NORTH VALDORIA",
            "SOUTH VALDORIA"
        ]
    );
    assert_eq!(v[0].source.line, 4);
    assert_eq!(&*v[0].source.file, "tiny.actors.txt");
    assert_eq!(
        v[2].codes,
        [
            code("VLDELI", None, Some(19990228)),
            code("VLDGOV", Some(19990301), Some(20040615)),
            code("VLDGOV", Some(20090101), Some(20121231)),
            code("VLDELI", Some(20130101), None),
        ]
    );
    assert_eq!(
        v[3].codes,
        [
            code("QRNMIL", Some(19850101), Some(19951231)),
            code("QRNELI", Some(19960101), None)
        ]
    );
    assert_eq!(v[3].codes, v[4].codes);
    assert_eq!(
        v[5].codes,
        [code("---", None, None), code("VLD/QRN", None, None)]
    );
}

#[test]
fn fixture_actor_errors() {
    let f = "bad.actors.txt";
    let text = fixture(f);
    let e = read_actors(&text, f, STRICT).unwrap_err();
    assert_eq!(e.to_string().split(": ").next(), Some("bad.actors.txt:2"));
    assert!(e.message.contains("before this synonym line"), "{e}");
    let l = read_actors(&text, f, LENIENT).unwrap();
    consistent(read_actors(&text, f, STRICT), &l);
    let expect: [(usize, &str); 14] = [
        (2, "expected an actor phrase line before this synonym line"),
        (3, "expected an actor phrase line before this code line"),
        (5, "`991332` is not a valid YYMMDD or YYYYMMDD day"),
        (6, "expected a synonym phrase such as `+UNITED_STATES_` (no brackets), found `+STRAY]_`"),
        (7, "the range ends before it starts"),
        (8, "`0101` is not a valid"),
        (9, "none of <DATE, >DATE, DATE-DATE"),
        (10, "`2010010` is not a valid"),
        (11, "expected an actor code in brackets such as [USAGOV] or [AFGGOV 030101-050131], found `[ZLMGOV`"),
        (12, "the dates `GOVELI` are none of"),
        (13, "the brackets are empty"),
        (14, "the code has characters other than"),
        (15, "found `stray text without a hash` (the entry, its synonyms and codes are skipped)"),
        (17, "expected a code for the actor `KEDRA` (and 1 following code-less entries)"),
    ];
    assert_eq!(l.warnings.len(), expect.len(), "{:#?}", l.warnings);
    for (w, (line, needle)) in l.warnings.iter().zip(expect) {
        assert_eq!(w.at.line, line, "{w}");
        assert!(w.message.contains(needle), "{w} lacks {needle}");
        assert_eq!(&*w.at.file, f);
    }
    // What survived: ZELMORE with its one good code.
    assert_eq!(l.value.len(), 1);
    assert_eq!(l.value[0].codes, [code("ZLM", None, None)]);
}

#[test]
fn fixture_agents() {
    let l = read_agents(&fixture("tiny.agents.txt"), "tiny.agents.txt", STRICT).unwrap();
    let got: Vec<(&str, Option<&str>, &str, bool)> = l
        .value
        .iter()
        .map(|a| {
            (
                a.phrase.as_str(),
                a.plural.as_deref(),
                a.code.as_str(),
                a.prefix,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("LOCKSMITH", None, "CRF", false),
            ("LOCKSMITHS", None, "CRF", false),
            ("GUILD CHIEF", None, "LAB", false),
            ("GUILD CHIEFS", None, "LAB", false),
            ("GUILD HEAD", None, "LAB", false),
            ("CHIEF OF MINES", None, "GOVMIN", false),
            ("CHIEFS OF MINES", None, "GOVMIN", false),
            ("HEAD OF MINES", None, "GOVMIN", false),
            ("FERRY CAPTAIN", Some("FERRY CAPTAINS"), "BUS", false),
            ("CITY DEPUTY", Some("CITY DEPUTIES"), "GOV", false),
            ("HARBOUR WATCH", Some("HARBOUR WATCHES"), "COP", false),
            ("MARSH CHURCH", Some("MARSH CHURCHES"), "REL", false),
            ("TRADE ENVOY", Some("TRADE ENVOYS"), "GOV", false),
            ("RELIEF AGENCY", Some("RELIEF AGENCIES"), "NGO", true),
        ]
    );
    assert_eq!(l.value[0].source.line, 5);
}

/// Reads `text` strictly (must fail at `line` with `needle` in the
/// message) and leniently (one warning, the same).
fn one_error<T: std::fmt::Debug>(
    read: fn(&str, &str, LoadOptions) -> Result<Loaded<T>, DictError>,
    text: &str,
    line: usize,
    needle: &str,
) -> Loaded<T> {
    let e = read(text, "case.txt", STRICT).unwrap_err();
    assert_eq!(
        (&*e.at.file, e.at.line),
        ("case.txt", line),
        "{e} for {text:?}"
    );
    assert!(e.message.contains(needle), "{e} lacks {needle:?}");
    assert!(e.to_string().starts_with(&format!("case.txt:{line}: ")));
    let l = read(text, "case.txt", LENIENT).unwrap();
    assert_eq!(l.warnings, [e], "for {text:?}");
    l
}

#[test]
fn agent_errors() {
    let ok = "!P! = A, B\n";
    for (text, line, needle) in [
        ("!P! = A, , B\nX [~C]\n", 1, "expected a substitution set such as"),
        ("P! = A\nX [~C]\n", 1, "expected a substitution set such as"),
        ("X [C]\n", 1, "(with `~`), found `[C]`"),
        ("X [~C-D]\n", 1, "(letters and digits)"),
        ("X {XS [~C]\n", 1, "a `{` is not closed with `}`"),
        ("X [~C}\n", 1, "a `[` is not closed with `]`"),
        ("X\n", 1, "expected an agent code in brackets such as [~COP] or [NGO~] after the phrase, found `X`"),
        ("[~C]\n", 1, "expected an agent line such as"),
        ("X [~C] [~D]\n", 1, "at most one {PLURAL}"),
        ("X {A} {B} [~C]\n", 1, "at most one {PLURAL}"),
        ("X [~C] trailing\n", 1, "found `trailing`"),
    ] {
        one_error(read_agents, text, line, needle);
    }
    for (text, line, needle) in [
        ("Y!Q! [~C]\n", 2, "defined earlier with `!Q! = A, B, ...`"),
        ("Y!P [~C]\n", 2, "an even number of `!`"),
        (
            "Y [~C]\nZ {!P!S} [~C]\n",
            3,
            "a plural without substitution sets",
        ),
    ] {
        one_error(read_agents, &format!("{ok}{text}"), line, needle);
    }
    // Too many combinations.
    let text = format!("{ok}{} [~C]\n", "!P!".repeat(13));
    one_error(read_agents, &text, 2, "expected at most 4096 expansions");
}

#[test]
fn fixture_discards() {
    let l = read_discards(&fixture("tiny.discards.txt"), "d", STRICT).unwrap();
    let got: Vec<(&str, bool)> = l
        .value
        .iter()
        .map(|d| (d.phrase.as_str(), d.whole_story))
        .collect();
    assert_eq!(
        got,
        [
            ("CUP FINAL", false),
            ("GRAND SLAM", false),
            ("CHESS OLYMPIAD", true),
            ("Regatta", true)
        ]
    );
    for text in ["A [B]\n", "+\n", "A+B\n", "A {B}\n"] {
        one_error(read_discards, text, 1, "expected a discard phrase such as");
    }
}

#[test]
fn fixture_issues() {
    let l = read_issues(&fixture("tiny.issues.txt"), "i", STRICT).unwrap();
    let got: Vec<(&str, Option<&str>, &str)> = l
        .value
        .iter()
        .map(|i| (i.phrase.as_str(), i.code.as_deref(), i.category.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("n:well", Some("WATER_ACCESS"), "WATER"),
            ("v:irrigate n:field", Some("WATER_ACCESS"), "WATER"),
            ("drip+irrigation", Some("WATER_ACCESS"), "WATER"),
            ("wishing well", None, "WATER"),
            ("oil well", None, "WATER"),
            ("grain price", Some("FOOD_PRICES"), "MARKETS"),
        ]
    );
    assert_eq!(expand_issue_phrase("n:well"), ["well", "wells"]);
    assert_eq!(
        expand_issue_phrase("v:irrigate"),
        ["irrigate", "irrigates", "irrigated", "irrigating"]
    );
    assert_eq!(
        expand_issue_phrase("drip+irrigation"),
        ["drip irrigation", "drip-irrigation"]
    );
    assert_eq!(expand_issue_phrase("v:carry").len(), 4);
    assert!(expand_issue_phrase(&"a+b+c+d+".repeat(40)).len() <= 4096);

    let open = "<ISSUE CATEGORY=\"C\" TYPE=\"ALL\">\n";
    for (text, line, needle) in [
        (
            "x [C]\n".to_string(),
            1,
            "expected an `<ISSUE CATEGORY=\"...\">` block around",
        ),
        (
            format!("{open}x [C]\n"),
            2,
            "expected `</ISSUE>` before the end of the file",
        ),
        (
            format!("{open}{open}</ISSUE>\n"),
            2,
            "expected `</ISSUE>` before a new",
        ),
        (
            "<ISSUE TYPE=\"ALL\">\nx [C]\n</ISSUE>\n".to_string(),
            1,
            "expected a block opener such as",
        ),
        (
            "</ISSUE>\n".to_string(),
            1,
            "found `</ISSUE>` outside any block",
        ),
        (
            format!("{open}plain phrase\n</ISSUE>\n"),
            2,
            "found `plain phrase`",
        ),
        (
            format!("{open}x [C] [C]\n</ISSUE>\n"),
            2,
            "expected an issue line `phrase [CODE]`",
        ),
        (
            format!("{open}x [C]y [C]\n</ISSUE>\n"),
            2,
            "expected an issue line",
        ),
        (
            format!("{open}x [C]***\n</ISSUE>\n"),
            2,
            "expected an issue line",
        ),
        (
            format!("{open}x [C D]\n</ISSUE>\n"),
            2,
            "expected an issue line",
        ),
        (
            format!("{open}~x [C]\n</ISSUE>\n"),
            2,
            "expected a phrase to ignore",
        ),
        (
            format!("{open}~~\n</ISSUE>\n"),
            2,
            "expected a phrase to ignore",
        ),
    ] {
        one_error(read_issues, &text, line, needle);
    }
}

#[test]
fn fixture_verbs() {
    let l = read_verbs(&fixture("tiny.verbs.txt"), "v", STRICT).unwrap();
    let v = &l.value;
    let synsets: Vec<(&str, Vec<&str>)> = v
        .synsets
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.members.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        synsets,
        [
            ("BOAT", vec!["FERRY", "BARGE", "ROW BOAT"]),
            ("BIGBOAT", vec!["&BOAT", "LINER"])
        ]
    );
    let verbs: Vec<(&str, &str, Vec<&str>, Option<&str>)> = v
        .verbs
        .iter()
        .map(|x| {
            (
                x.block.as_str(),
                x.lemma.as_str(),
                x.forms.iter().map(String::as_str).collect(),
                x.code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        verbs,
        [
            (
                "HAIL",
                "HAIL",
                vec!["HAILS", "HAILED", "HAILING"],
                Some("041")
            ),
            ("HAIL", "SALUTE", vec![], Some("041")),
            ("HAIL", "WAVE AT", vec!["WAVED AT", "WAVES AT"], Some("042")),
            ("HAIL", "PRAISE", vec![], None),
            ("SHUN", "SHUN", vec!["SHUNS", "SHUNNED"], Some("120")),
        ]
    );
    let patterns: Vec<(&str, Option<&str>, Option<&str>, usize)> = v
        .patterns
        .iter()
        .map(|p| {
            (
                p.text.as_str(),
                p.code.as_deref(),
                p.passive_code.as_deref(),
                p.source.line,
            )
        })
        .collect();
    assert_eq!(
        patterns,
        [
            ("* {WARM WELCOME}", Some("041"), Some("042"), 18),
            ("* (FROM &BOAT)", None, Some("043"), 19),
            ("&BIGBOAT *", None, None, 20),
            ("* (TO CROWD)", Some("0411"), None, 21),
            ("* TALKS", Some("125"), None, 25),
        ]
    );
    assert!(v
        .patterns
        .iter()
        .all(|p| p.syntax == PatternSyntax::Petrarch2));
    assert_eq!(v.transformations, ["~ a (a b SHUN) SAY = a b 125"]);

    let l = read_verbs(&fixture("tiny.tabari.verbs.txt"), "t", STRICT).unwrap();
    let v = &l.value;
    assert_eq!(v.synsets[0].members, ["PORT", "DOCK"]);
    assert_eq!(v.patterns.len(), 4);
    assert!(v.patterns.iter().all(|p| p.syntax == PatternSyntax::Tabari));
    assert_eq!(v.patterns[0].text, "$ * AT &HARBOR OF +");
    assert_eq!(v.patterns[2].text, "^ $ * IN_HASTE");
    assert_eq!(v.verbs[1].block, "DRIFT");
    assert_eq!(v.verbs[1].code, None);
}

#[test]
fn fixture_verb_errors() {
    let f = "bad.verbs.txt";
    let text = fixture(f);
    let l = read_verbs(&text, f, LENIENT).unwrap();
    consistent(read_verbs(&text, f, STRICT), &l);
    let expect: [(usize, &str); 9] = [
        (2, "expected a synonym set `&NAME` or a block header"),
        (5, "expected a synonym set member `+WORD`"),
        (7, "a bracket is not closed"),
        (8, "the code in brackets is missing"),
        (9, "the code must be CODE, ACTIVE:PASSIVE, :PASSIVE or ---"),
        (10, "(one `-`) or a block header"),
        (11, "text follows the code"),
        (12, "expected a block header such as `--- ACCUSE [112] ---`, found `--- [031] ---` (the block is skipped"),
        (15, "found `--- ROW [030] --- <<FLAG>>`"),
    ];
    assert_eq!(l.warnings.len(), expect.len(), "{:#?}", l.warnings);
    for (w, (line, needle)) in l.warnings.iter().zip(expect) {
        assert_eq!((&*w.at.file, w.at.line), (f, line), "{w}");
        assert!(w.message.contains(needle), "{w} lacks {needle}");
    }
    assert_eq!(l.value.synsets.len(), 1);
    assert_eq!(l.value.synsets[0].members, ["OPEN SEA"]);
    assert!(l.value.verbs.is_empty());
    assert!(l.value.patterns.is_empty());

    for (text, line, needle) in [
        ("- * X [010]\n", 1, "before this pattern"),
        ("&\n", 1, "expected a synonym set name such as `&CURRENCY`"),
        ("&A B\n", 1, "expected a synonym set name"),
        ("&A\n+[X]\n", 2, "expected a synonym set member such as"),
        (
            "--- A [010] ---\nB {C} {D}\n",
            2,
            "expected a verb line such as",
        ),
        ("--- A [010] ---\nB [x:y:z]\n", 2, "the code must be"),
        ("--- A [01 0] [1:2:3] ---\n", 1, "expected a block header"),
        (
            "--- A [010] ---\n- [010]\n",
            2,
            "expected a pattern line such as",
        ),
        ("--- A [010] ---\n- * [:]\n", 2, "the code must be"),
        (
            "~ a (b c X) Y = a b 010\nX\n",
            2,
            "expected a synonym set `&NAME`",
        ),
        (
            "######## TRANSFORMATIONS\n--- A [010] ---\n",
            2,
            "expected a transformation line",
        ),
        ("<!-- open\n--- A [010] ---\n", 1, "never closed"),
    ] {
        one_error(read_verbs, text, line, needle);
    }
}

#[test]
fn detection_by_content() {
    assert_eq!(
        detect_kind("x.txt", "FOO_BAR [ABC]\n+BAZ\n"),
        Some(PetrarchKind::Actors)
    );
    assert_eq!(
        detect_kind("x.txt", "POLICE [~COP]\n"),
        Some(PetrarchKind::Agents)
    );
    assert_eq!(
        detect_kind("x.txt", "CUP FINAL\n+CHESS\n"),
        Some(PetrarchKind::Discards)
    );
    assert_eq!(
        detect_kind("x.txt", "<ISSUE CATEGORY=\"A\">\nx [Y]\n</ISSUE>\n"),
        Some(PetrarchKind::Issues)
    );
    assert_eq!(
        detect_kind("x.txt", "--- SAY [010] ---\nSAY\n"),
        Some(PetrarchKind::Verbs)
    );
    assert_eq!(detect_kind("x.txt", "about\nabove\n"), None);
    assert_eq!(detect_kind("x.txt", "[Options]\nkey = value\n"), None);
    assert_eq!(detect_kind("my.Actors.TXT", ""), Some(PetrarchKind::Actors));
    assert_eq!(
        detect_kind("dir/CAMEO.2.1.txt", ""),
        Some(PetrarchKind::Verbs)
    );
    assert_eq!(detect_kind("notes.md", "POLICE [~COP]\n"), None);
}

/// Arbitrary input never makes a reader panic, lenient reading never
/// fails, and strict reading fails exactly with the first warning.
#[test]
fn never_panics() {
    const PIECES: &[&str] = &[
        "A",
        "b",
        "_",
        " ",
        "\t",
        "\n",
        "\n",
        "\n",
        "\r\n",
        "\r",
        "[",
        "]",
        "{",
        "}",
        "(",
        ")",
        "<!--",
        "-->",
        "<! --",
        "<!",
        "#",
        "!",
        "!P!",
        "~",
        "+",
        "-",
        "---",
        ":",
        "0",
        "9",
        "950601",
        "20121231",
        "<",
        ">",
        "&",
        ";",
        "é",
        "日本",
        "🙂",
        "<ISSUE CATEGORY=\"",
        "\">",
        "</ISSUE>",
        "=",
        ",",
        "$",
        "*",
        "%",
        "^",
        "\u{feff}",
        "\0",
        "n:",
        "v:",
        "[~X]",
        "[X 950601-960101]",
        "!P! = A, B",
        "######## TRANSFORMATIONS",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rnd = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..4000 {
        let len = rnd(60);
        let text: String = (0..len).map(|_| PIECES[rnd(PIECES.len())]).collect();
        check_all(&text);
    }
    // Cuts and splices of valid fixtures.
    let fixtures: Vec<String> = [
        "tiny.actors.txt",
        "bad.actors.txt",
        "tiny.agents.txt",
        "tiny.issues.txt",
        "tiny.verbs.txt",
        "tiny.tabari.verbs.txt",
        "bad.verbs.txt",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    for _ in 0..2000 {
        let a = &fixtures[rnd(fixtures.len())];
        let b = &fixtures[rnd(fixtures.len())];
        let cut = |s: &str, at: usize| {
            let mut i = at.min(s.len());
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let i = cut(a, rnd(a.len() + 1));
        let j = cut(b, rnd(b.len() + 1));
        check_all(&format!("{}{}", &a[..i], &b[j..]));
    }
}

fn check_all(text: &str) {
    consistent(
        read_actors(text, "f", STRICT),
        &read_actors(text, "f", LENIENT).unwrap(),
    );
    consistent(
        read_agents(text, "f", STRICT),
        &read_agents(text, "f", LENIENT).unwrap(),
    );
    consistent(
        read_discards(text, "f", STRICT),
        &read_discards(text, "f", LENIENT).unwrap(),
    );
    consistent(
        read_issues(text, "f", STRICT),
        &read_issues(text, "f", LENIENT).unwrap(),
    );
    consistent(
        read_verbs(text, "f", STRICT),
        &read_verbs(text, "f", LENIENT).unwrap(),
    );
    let _ = detect_kind("f.txt", text);
    for w in text.split_whitespace().take(8) {
        let _ = expand_issue_phrase(w);
    }
}

/// Regression: PETRARCH writes every phrase in capitals (PRIME_MINISTER,
/// WHITE_HOUSE); multi-word phrases were taken for runs of acronyms and
/// never matched text written in ordinary case.
#[test]
fn capitalised_petrarch_phrases_match_text_in_any_case() {
    use dyad_dict::dictionary::Dictionary;
    use dyad_dict::petrarch::PetrarchKind;
    let mut d = Dictionary::new();
    d.load_petrarch(
        "WESTERLAND [WST]\nWHITE_HOUSE [USAGOV]\nUN_SECURITY_COUNCIL [IGOUNO]\n",
        "actors.txt",
        PetrarchKind::Actors,
        STRICT,
    )
    .unwrap();
    d.load_petrarch(
        "PRIME_MINISTER [~GOV]\nMINISTER [~GOV]\n",
        "agents.txt",
        PetrarchKind::Agents,
        STRICT,
    )
    .unwrap();
    let found = |d: &mut Dictionary, text: &str| -> Vec<String> {
        d.lookup(text, 19950101)
            .into_iter()
            .map(|(s, r)| format!("{} {}", &text[s.start..s.end], r.code))
            .collect()
    };
    assert_eq!(
        found(&mut d, "the White House said"),
        vec!["White House USAGOV"]
    );
    assert_eq!(
        found(&mut d, "the UN Security Council"),
        vec!["UN Security Council IGOUNO"]
    );
    // The longer agent wins, and a title before a country-level name
    // composes with it.
    assert_eq!(found(&mut d, "Prime Minister"), vec!["Prime Minister GOV"]);
    assert_eq!(
        found(&mut d, "Prime Minister Westerland"),
        vec!["Prime Minister Westerland WSTGOV"]
    );
}

#[test]
fn noun_entries_read_with_their_options() {
    use dyad_dict::dictionary::Dictionary;
    let mut d = Dictionary::new();
    d.load_dyad(
        "noun 042\n  name: make a visit\n  lemmas: visit; official visit\n\nnoun 174\n  name: expel\n  lemmas: expulsion\n  of: target\n\nnoun 042\n  name: exchange\n  lemmas: exchange of visits\n  reciprocal: yes\n",
        "t.dyad",
        2,
        STRICT,
    )
    .unwrap();
    assert_eq!(d.nouns.len(), 3);
    assert!(!d.nouns[0].of_target && d.nouns[1].of_target && d.nouns[2].reciprocal);
    let mut bad = Dictionary::new();
    let e = bad
        .load_dyad(
            "noun 174\n  name: x\n  lemmas: y\n  of: patient\n",
            "t.dyad",
            2,
            STRICT,
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("t.dyad:1") && e.to_string().contains("source or target"),
        "{e}"
    );
}
