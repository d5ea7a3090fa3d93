//! The store's rules, on records written for the tests: one event per fact
//! across documents, replacement, re-coding, versions and foreign files.

use dyad_code::record::{EventActor, EventRecord, Evidence, Mention, Plover};
use dyad_store::{
    CoderVersion, EventFilter, EventOrder, NewDocument, Period, RelationOptions, Store, StoreError,
};

fn actor(code: &str) -> EventActor {
    EventActor {
        code: code.to_owned(),
        country: Some(code[..3].to_owned()),
        igo: None,
        name: code.to_owned(),
        span: None,
    }
}

fn record(source: &str, target: &str, cameo: &str, date: Option<&str>, quad: u8) -> EventRecord {
    EventRecord {
        doc_id: String::new(),
        sentence_index: 0,
        sentence_span: [0, 10],
        text: "A sentence.".into(),
        source: actor(source),
        target: actor(target),
        cameo: cameo.into(),
        root: cameo[..2].into(),
        quad,
        goldstein: Some(if quad <= 2 { 3.0 } else { -5.0 }),
        plover: Plover {
            event_type: None,
            mode: None,
        },
        date: date.map(str::to_owned),
        location: None,
        negated: false,
        speaker: None,
        evidence: Evidence {
            verb: [0, 1],
            pattern: "*".into(),
            dictionary: "test".into(),
        },
        mentions: vec![Mention {
            sentence_index: 0,
            sentence_span: [0, 10],
            verb: [0, 1],
        }],
    }
}

fn document(id: &str, text: &str, source: Option<&str>) -> NewDocument {
    NewDocument {
        source: source.map(str::to_owned),
        ..dyad_store::synthetic::single_sentence(id, &format!("hash of {text}"), text)
    }
}

fn open(dir: &tempfile::TempDir) -> (Store, i64) {
    let mut s = Store::open(&dir.path().join("t.db")).unwrap();
    let coder = s
        .coder_id(&CoderVersion {
            dyad: "test".into(),
            dictionaries: "d".into(),
            model: "m".into(),
        })
        .unwrap();
    (s, coder)
}

fn no_names(_: &str) -> Option<String> {
    None
}

fn all(s: &Store) -> Vec<dyad_store::StoredEvent> {
    let f = EventFilter {
        include_negated: true,
        ..Default::default()
    };
    s.events(&f, EventOrder::Oldest, None, 0).unwrap()
}

#[test]
fn the_same_fact_from_two_documents_is_one_event_with_the_finer_date() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, coder) = open(&dir);
    s.add(
        &[
            (
                document("a", "first", Some("Wire")),
                vec![record("RUS", "KAZ", "042", Some("2023-05"), 1)],
            ),
            (
                document("b", "second", Some("Wire")),
                vec![record("RUS", "KAZ", "042", Some("2023-05-12"), 1)],
            ),
            (
                document("c", "third", Some("Paper")),
                vec![
                    record("RUS", "KAZ", "042", Some("2023"), 1),
                    // Another month, another code, another direction: other
                    // facts.
                    record("RUS", "KAZ", "042", Some("2023-06-01"), 1),
                    record("RUS", "KAZ", "040", Some("2023-05-12"), 1),
                    record("KAZ", "RUS", "042", Some("2023-05-12"), 1),
                ],
            ),
        ],
        coder,
        &no_names,
    )
    .unwrap();
    let events = all(&s);
    assert_eq!(events.len(), 4, "{events:#?}");
    let visit = events
        .iter()
        .find(|e| {
            e.source.code == "RUS" && e.cameo == "042" && e.date.as_deref() == Some("2023-05-12")
        })
        .unwrap();
    assert_eq!(
        (visit.num_articles, visit.num_mentions, visit.num_sources),
        (3, 3, 2)
    );
    assert_eq!(visit.document_id, "a", "the first report stays the first");
}

#[test]
fn undated_facts_never_merge_across_documents() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, coder) = open(&dir);
    s.add(
        &[
            (
                document("a", "a", None),
                vec![record("RUS", "KAZ", "042", None, 1)],
            ),
            (
                document("b", "b", None),
                vec![record("RUS", "KAZ", "042", Some("--05-12"), 1)],
            ),
        ],
        coder,
        &no_names,
    )
    .unwrap();
    assert_eq!(all(&s).len(), 2);
}

#[test]
fn a_document_stored_again_is_skipped_and_a_changed_one_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, coder) = open(&dir);
    let batch = [(
        document("a", "text one", None),
        vec![record("RUS", "KAZ", "042", Some("2023-05"), 1)],
    )];
    let first = s.add(&batch, coder, &no_names).unwrap();
    assert_eq!((first.documents, first.new_events), (1, 1));
    let again = s.add(&batch, coder, &no_names).unwrap();
    assert_eq!((again.documents, again.unchanged, again.reports), (0, 1, 0));
    let changed = s
        .add(
            &[(
                document("a", "text two", None),
                vec![record("ARM", "KAZ", "057", Some("2023-05"), 1)],
            )],
            coder,
            &no_names,
        )
        .unwrap();
    assert_eq!(changed.replaced, 1);
    let events = all(&s);
    assert_eq!(events.len(), 1, "the old document's event went with it");
    assert_eq!(events[0].source.code, "ARM");
    assert_eq!(s.stats().unwrap().documents, 1);
    assert_eq!(s.stats().unwrap().sentences, 1);
}

#[test]
fn recoding_a_document_reports_what_changed_and_drops_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, coder) = open(&dir);
    s.add(
        &[(
            document("a", "text", None),
            vec![
                record("RUS", "KAZ", "042", Some("2023-05"), 1),
                record("RUS", "ARM", "040", Some("2023-05"), 1),
            ],
        )],
        coder,
        &no_names,
    )
    .unwrap();
    let row = s.documents_to_recode(coder, true).unwrap()[0];
    let r = s
        .recode(
            row,
            &[
                record("RUS", "KAZ", "042", Some("2023-05"), 1),
                record("RUS", "GEO", "112", Some("2023-05"), 3),
            ],
            coder,
            &no_names,
        )
        .unwrap();
    assert_eq!((r.added, r.removed, r.kept), (1, 1, 1));
    let codes: Vec<String> = all(&s).iter().map(|e| e.target.code.clone()).collect();
    assert_eq!(codes, ["KAZ", "GEO"]);
}

#[test]
fn relations_count_quads_and_compare_with_the_previous_period() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, coder) = open(&dir);
    s.add(
        &[(
            document("a", "text", None),
            vec![
                record("RUS", "MDA", "057", Some("2023-01-10"), 1),
                record("RUS", "MDA", "061", Some("2023-02-03"), 2),
                record("RUS", "MDA", "112", Some("2023-02-20"), 3),
                record("RUS", "MDA", "163", Some("2023-02-21"), 4),
                // Known only to the year: no month holds it.
                record("RUS", "MDA", "036", Some("2023"), 1),
            ],
        )],
        coder,
        &no_names,
    )
    .unwrap();
    let filter = EventFilter {
        source: Some("RUS".into()),
        ..Default::default()
    };
    let months = s
        .relations(
            &filter,
            RelationOptions {
                period: Period::Month,
                undirected: false,
            },
        )
        .unwrap();
    assert_eq!(months.len(), 2);
    let feb = &months[1];
    assert_eq!(feb.period, "2023-02");
    assert_eq!(
        (
            feb.events,
            feb.material_cooperation,
            feb.verbal_conflict,
            feb.material_conflict
        ),
        (3, 1, 1, 1)
    );
    assert!((feb.net_cooperation - (-1.0 / 3.0)).abs() < 1e-9);
    assert_eq!(feb.change_events, 2);
    assert!((feb.change_goldstein_mean.unwrap() - ((3.0 - 10.0) / 3.0 - 3.0)).abs() < 1e-6);
    let years = s
        .relations(
            &filter,
            RelationOptions {
                period: Period::Year,
                undirected: false,
            },
        )
        .unwrap();
    assert_eq!(years[0].events, 5);
    let weeks = s
        .relations(
            &filter,
            RelationOptions {
                period: Period::Week,
                undirected: false,
            },
        )
        .unwrap();
    let labels: Vec<&str> = weeks.iter().map(|w| w.period.as_str()).collect();
    // 2023-01-10 is in ISO week 2; 02-03 in 5; 02-20 and 02-21 in 8.
    assert_eq!(labels, ["2023-W02", "2023-W05", "2023-W08"]);
}

#[test]
fn a_store_from_a_newer_dyad_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(Store::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    for e in [
        Store::open(&path).err().unwrap(),
        Store::open_read_only(&path).err().unwrap(),
    ] {
        assert!(matches!(e, StoreError::Newer { found: 99, .. }), "{e}");
        assert!(e.to_string().contains("newer dyad"));
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The events logged as changed since the log's entry `after`.
fn logged_since(path: &std::path::Path, after: i64) -> Vec<i64> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut stmt = c
        .prepare("SELECT event FROM event_changes WHERE seq > ?1 ORDER BY seq")
        .unwrap();
    let rows = stmt.query_map([after], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn last_logged(path: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT coalesce(max(seq), 0) FROM event_changes", [], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn a_first_version_store_is_migrated_and_logs_its_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(dyad_store::schema::MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "application_id", dyad_store::schema::APPLICATION_ID)
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    let e = Store::open_read_only(&path).err().unwrap();
    assert!(e.to_string().contains("dyad ingest"), "{e}");
    let mut s = Store::open(&path).unwrap();
    let coder = dyad_store::synthetic::coder(&mut s);
    s.add(
        &[(
            document("a", "Russia met Moldova.", None),
            vec![record("RUS", "MDA", "036", Some("2023-05"), 1)],
        )],
        coder,
        &no_names,
    )
    .unwrap();
    let first = all(&s)[0].id;
    assert_eq!(logged_since(&path, 0), [first], "an insert is logged");

    // Another report of the same fact and date: only counts change,
    // nothing a reader of facts holds; a finer date is a change.
    let seen = last_logged(&path);
    s.add(
        &[(
            document("b", "Russia and Moldova met.", None),
            vec![record("RUS", "MDA", "036", Some("2023-05"), 1)],
        )],
        coder,
        &no_names,
    )
    .unwrap();
    assert_eq!(all(&s)[0].num_articles, 2);
    assert_eq!(logged_since(&path, seen), Vec::<i64>::new());
    s.add(
        &[(
            document("c", "Russia met Moldova on 12 May.", None),
            vec![record("RUS", "MDA", "036", Some("2023-05-12"), 1)],
        )],
        coder,
        &no_names,
    )
    .unwrap();
    assert_eq!(all(&s)[0].date.as_deref(), Some("2023-05-12"));
    assert!(logged_since(&path, seen).contains(&first));

    // An event no report tells any more is removed, and that is logged.
    let seen = last_logged(&path);
    s.add(
        &[(
            document("d", "Ukraine protested.", None),
            vec![record("UKR", "RUS", "111", Some("2023-06"), 3)],
        )],
        coder,
        &no_names,
    )
    .unwrap();
    let protest = all(&s).iter().find(|e| e.cameo == "111").unwrap().id;
    s.add(
        &[(document("d", "Nothing happened.", None), vec![])],
        coder,
        &no_names,
    )
    .unwrap();
    assert_eq!(logged_since(&path, seen), [protest, protest]);
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE customers (id INTEGER, name TEXT)")
            .unwrap();
    }
    let e = Store::open(&path).err().unwrap();
    assert!(matches!(e, StoreError::Foreign { .. }), "{e}");
    let c = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = c
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "nothing was added to it");
}

#[test]
fn hostile_text_is_stored_and_read_back_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, coder) = open(&dir);
    let nasty = "'); DROP TABLE events; -- <script>alert(1)</script>\u{0}";
    let mut r = record("RUS", "KAZ", "042", Some("2023-05"), 1);
    r.source.name = nasty.into();
    s.add(
        &[(document("a';--", nasty, Some(nasty)), vec![r])],
        coder,
        &no_names,
    )
    .unwrap();
    let e = &all(&s)[0];
    assert_eq!(e.source.name, nasty);
    assert_eq!(e.document_id, "a';--");
    let by_publisher = EventFilter {
        publisher: Some(nasty.into()),
        ..Default::default()
    };
    assert_eq!(s.count_events(&by_publisher).unwrap(), 1);
}
