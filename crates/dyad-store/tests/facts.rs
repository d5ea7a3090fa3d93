//! The facts held in memory answer every question as the store's SQL does:
//! a store of varied events (sides, organisations, code prefixes, dates of
//! every precision, undated, negated, unscored) asked hundreds of random
//! filters both ways.

use dyad_code::record::{EventActor, EventRecord, Evidence, Mention, Plover};
use dyad_store::{
    EventFacts, EventFilter, EventOrder, NewDocument, Period, Refresh, RelationOptions, Store,
};
use serde_json::Value;

use dyad_store::synthetic::Lcg;

fn chance(r: &mut Lcg, percent: u64) -> bool {
    r.next() % 100 < percent
}

/// Actor codes: states, their governments and militaries, organisations
/// (no country: the side is `IGO:…`) and an actor of no known side.
const ACTORS: &[&str] = &[
    "RUS",
    "RUSGOV",
    "RUSMIL",
    "MDA",
    "MDAGOV",
    "UKR",
    "UKRGOV",
    "USA",
    "USAGOV",
    "KAZ",
    "BLR",
    "IGOEUREEC",
    "IGONAT",
    "XYZ",
];
const CAMEOS: &[(&str, u8, Option<f32>)] = &[
    ("010", 1, Some(0.0)),
    ("036", 1, Some(4.0)),
    ("040", 1, Some(1.0)),
    ("042", 1, Some(1.9)),
    ("0431", 1, Some(2.8)),
    ("057", 1, Some(8.0)),
    ("061", 2, Some(6.4)),
    ("0711", 2, None),
    ("111", 3, Some(-2.0)),
    ("112", 3, Some(-2.0)),
    ("1312", 3, Some(-4.4)),
    ("163", 4, Some(-8.0)),
    ("173", 4, Some(-5.0)),
    ("190", 4, Some(-10.0)),
];

fn actor(code: &str) -> EventActor {
    let (country, igo) = match code {
        "IGOEUREEC" => (None, Some("EU".to_owned())),
        "IGONAT" => (None, Some("NATO".to_owned())),
        "XYZ" => (None, None),
        c => (Some(c[..3].to_owned()), None),
    };
    EventActor {
        code: code.to_owned(),
        country,
        igo,
        name: format!("the actor {code}"),
        span: None,
    }
}

fn date(r: &mut Lcg) -> Option<String> {
    let (y, m, d) = (2019 + r.below(5), 1 + r.below(12), 1 + r.below(28));
    match r.below(20) {
        0 => None,
        1 => Some(format!("--{m:02}-{d:02}")),
        2 | 3 => Some(format!("{y:04}")),
        4..=7 => Some(format!("{y:04}-{m:02}")),
        _ => Some(format!("{y:04}-{m:02}-{d:02}")),
    }
}

fn record(r: &mut Lcg, doc: &str, k: usize) -> EventRecord {
    let source = r.pick(ACTORS);
    let mut target = r.pick(ACTORS);
    if target == source {
        target = ACTORS[(ACTORS.iter().position(|a| *a == source).unwrap() + 1) % ACTORS.len()];
    }
    let (cameo, quad, goldstein) = CAMEOS[r.below(CAMEOS.len())];
    EventRecord {
        doc_id: doc.to_owned(),
        sentence_index: k,
        sentence_span: [0, 10],
        text: "A sentence.".into(),
        source: actor(source),
        target: actor(target),
        cameo: cameo.into(),
        root: cameo[..2].into(),
        quad,
        goldstein,
        plover: Plover {
            event_type: None,
            mode: None,
        },
        date: date(r),
        location: None,
        negated: chance(r, 8),
        speaker: None,
        evidence: Evidence {
            verb: [0, 1],
            pattern: "*".into(),
            dictionary: "test".into(),
        },
        mentions: vec![Mention {
            sentence_index: k,
            sentence_span: [0, 10],
            verb: [0, 1],
        }],
    }
}

/// Documents `doc-{i}` for `ids`, six records each; `version` changes the
/// text (and so the hash: a new version replaces a stored document).
fn batch(
    r: &mut Lcg,
    ids: std::ops::Range<usize>,
    version: u32,
) -> Vec<(NewDocument, Vec<EventRecord>)> {
    ids.map(|i| {
        let id = format!("doc-{i}");
        let text = format!("Document {i}, version {version}.");
        let records = (0..6).map(|k| record(r, &id, k)).collect();
        let doc = NewDocument {
            source: Some(["Wire", "Daily"][i % 2].into()),
            ..dyad_store::synthetic::single_sentence(&id, &format!("{id} v{version}"), &text)
        };
        (doc, records)
    })
    .collect()
}

/// Some codes have names in the dictionaries, others none.
fn names(code: &str) -> Option<String> {
    (code.len() > 3).then(|| format!("Name of {code}"))
}

fn store(dir: &tempfile::TempDir) -> Store {
    let mut s = Store::open(&dir.path().join("facts.db")).unwrap();
    let coder = dyad_store::synthetic::coder(&mut s);
    s.add(&batch(&mut Lcg(7), 0..400, 1), coder, &names)
        .unwrap();
    s
}

fn pattern(r: &mut Lcg) -> String {
    r.pick(&[
        "RUS", "MDA", "UKR", "USA", "IGO:EU", "IGO:NATO", "XYZ", "ZZZ", "RUSGOV", "RUSG", "USAGOV",
        "IGOEU", "MDAGOVX",
    ])
    .to_owned()
}

fn day(r: &mut Lcg) -> i64 {
    // 2018-07 .. 2024-06: bounds inside and around the store's years.
    17_700 + r.below(2_200) as i64
}

fn filter(r: &mut Lcg) -> EventFilter {
    let mut f = EventFilter::default();
    if chance(r, 30) {
        f.actor.push(pattern(r));
        if chance(r, 20) {
            f.actor.push(pattern(r));
        }
    }
    if chance(r, 20) {
        f.source = Some(pattern(r));
    }
    if chance(r, 20) {
        f.target = Some(pattern(r));
    }
    if chance(r, 25) {
        f.between = Some((pattern(r), pattern(r)));
    }
    if chance(r, 30) {
        for _ in 0..1 + r.below(2) {
            f.codes.push(
                r.pick(&["0", "04", "043", "0431", "07", "11", "1", "19", "9"])
                    .to_owned(),
            );
        }
    }
    if chance(r, 20) {
        f.quads = vec![1 + r.below(4) as u8];
        if chance(r, 50) {
            f.quads.push(1 + r.below(4) as u8);
        }
    }
    if chance(r, 15) {
        f.goldstein_min = Some(r.below(10) as f64 - 5.0);
    }
    if chance(r, 15) {
        f.goldstein_max = Some(r.below(10) as f64 - 3.0);
    }
    if chance(r, 40) {
        f.from = Some(day(r));
    }
    if chance(r, 40) {
        f.to = Some(day(r));
    }
    f.include_negated = chance(r, 30);
    f
}

/// Equal JSON, numbers equal within rounding (sums taken in another
/// order).
fn assert_same(what: &str, a: &Value, b: &Value) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * (1.0 + x.abs().max(y.abs())),
                "{what}: {x} != {y}"
            );
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{what}: lengths");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                assert_same(&format!("{what}[{i}]"), x, y);
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{what}"
            );
            for (k, v) in x {
                assert_same(&format!("{what}.{k}"), v, &y[k]);
            }
        }
        _ => assert_eq!(a, b, "{what}"),
    }
}

fn json(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn facts_answer_every_question_as_the_store_does() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir);
    let facts = EventFacts::load(&s).unwrap();
    let everything = EventFilter {
        include_negated: true,
        ..Default::default()
    };
    assert_eq!(facts.len() as i64, s.count_events(&everything).unwrap());
    assert_eq!(facts.documents(), 400);
    let (nonempty, rows) = compare(&s, &facts, 300, 2024);
    // The comparison is only worth something if the filters select.
    assert!(nonempty > 150, "{nonempty} of 300 filters matched events");
    assert!(rows > 10_000, "{rows} relation rows compared");
}

#[test]
fn refreshed_facts_follow_added_replaced_and_recoded_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let coder = dyad_store::synthetic::coder(&mut s);
    let facts = EventFacts::load(&s).unwrap();
    let mut r = Lcg(8);
    // New documents (new events, and new reports of known facts with
    // finer dates), replaced documents (events gone, or recomputed), a
    // re-coded one.
    s.add(&batch(&mut r, 400..450, 1), coder, &names).unwrap();
    s.add(&batch(&mut r, 0..30, 2), coder, &names).unwrap();
    let row = s.documents_to_recode(coder, true).unwrap()[40];
    let recoded: Vec<EventRecord> = (0..6).map(|k| record(&mut r, "doc-40", k)).collect();
    s.recode(row, &recoded, coder, &names).unwrap();
    let (fresh, how) = facts.refreshed(&s).unwrap();
    assert!(matches!(how, Refresh::Changed(n) if n > 100), "{how:?}");
    assert_eq!(fresh.documents(), 450);
    let (nonempty, _) = compare(&s, &fresh, 100, 1);
    assert!(nonempty > 50);

    let (again, how) = fresh.refreshed(&s).unwrap();
    assert_eq!(how, Refresh::Unchanged);
    assert_eq!(again.len(), fresh.len());

    // A log that no longer reaches back (a writer trimmed changes these
    // facts had not seen): every event is read again.
    s.add(&batch(&mut r, 450..460, 1), coder, &names).unwrap();
    drop(s);
    let raw = rusqlite::Connection::open(dir.path().join("facts.db")).unwrap();
    raw.execute(
        "DELETE FROM event_changes WHERE seq < (SELECT max(seq) FROM event_changes)",
        [],
    )
    .unwrap();
    drop(raw);
    let s = Store::open_read_only(&dir.path().join("facts.db")).unwrap();
    let (full, how) = again.refreshed(&s).unwrap();
    assert_eq!(how, Refresh::Full);
    compare(&s, &full, 50, 2);
}

/// Asks the store and the facts `n` random filters and checks they agree;
/// returns how many filters matched events and how many relation rows
/// were compared.
fn compare(s: &Store, facts: &EventFacts, n: usize, seed: u64) -> (usize, usize) {
    let mut r = Lcg(seed);
    let (mut nonempty, mut rows) = (0, 0);
    for i in 0..n {
        let f = filter(&mut r);
        let what = format!("filter {i} {f:?}");
        let count = s.count_events(&f).unwrap();
        assert_eq!(facts.count_events(&f), Some(count), "{what}: count");
        nonempty += usize::from(count > 0);
        for order in [EventOrder::Newest, EventOrder::Oldest] {
            let (limit, offset) = (1 + r.below(40), r.below(20));
            let want: Vec<i64> = s
                .events(&f, order, Some(limit), offset)
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect();
            let ids = facts.event_ids(&f, order, Some(limit), offset).unwrap();
            assert_eq!(ids, want, "{what}: {order:?} ids");
            let listed: Vec<i64> = s.events_by_id(&ids).unwrap().iter().map(|e| e.id).collect();
            assert_eq!(listed, ids, "{what}: events by id keep the order");
        }
        for period in [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Year,
        ] {
            for undirected in [false, true] {
                let o = RelationOptions { period, undirected };
                let want = s.relations(&f, o).unwrap();
                rows += want.len();
                assert_same(
                    &format!("{what}: relations {o:?}"),
                    &json(facts.relations(&f, o).unwrap()),
                    &json(want),
                );
            }
        }
        assert_same(
            &format!("{what}: network"),
            &json(facts.network(&f).unwrap()),
            &json(s.network(&f).unwrap()),
        );
        for limit in [None, Some(3)] {
            assert_same(
                &format!("{what}: actors {limit:?}"),
                &json(facts.actors(&f, limit).unwrap()),
                &json(s.actors(&f, limit).unwrap()),
            );
        }
    }
    (nonempty, rows)
}

#[test]
fn filters_only_the_store_can_answer_are_left_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir);
    let facts = EventFacts::load(&s).unwrap();
    let by_publisher = EventFilter {
        publisher: Some("Wire".into()),
        ..Default::default()
    };
    let by_text = EventFilter {
        text: Some("sentence".into()),
        ..Default::default()
    };
    for f in [by_publisher, by_text] {
        assert_eq!(facts.count_events(&f), None);
        assert_eq!(facts.network(&f), None);
        assert_eq!(facts.actors(&f, None), None);
        assert_eq!(
            facts.relations(
                &f,
                RelationOptions {
                    period: Period::Month,
                    undirected: false
                }
            ),
            None
        );
        assert_eq!(facts.event_ids(&f, EventOrder::Newest, None, 0), None);
    }
    assert_eq!(
        facts.event_ids(&EventFilter::default(), EventOrder::Partition, None, 0),
        None
    );
}

#[test]
fn an_empty_store_has_no_facts() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("empty.db")).unwrap();
    let facts = EventFacts::load(&s).unwrap();
    assert!(facts.is_empty());
    let f = EventFilter::default();
    assert_eq!(facts.count_events(&f), Some(0));
    assert_eq!(facts.network(&f).unwrap().edges.len(), 0);
    assert!(facts.actors(&f, Some(5)).unwrap().is_empty());
}
