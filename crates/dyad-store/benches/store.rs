//! The store at scale, on one core: a store of about one million events
//! (25 years, 60 states with a few much busier than the rest, 20 codes),
//! built once into `target/bench-store/` and reused by later runs.
//! - `relations_dyad_by_month`: one busy dyad's monthly aggregates over all
//!   years (how did Russia–Moldova relations move, month by month);
//! - `relations_all_dyads_by_month`: every dyad, every month;
//! - `events_filtered`: an actor's consultations in a decade, newest 100;
//! - `export_parquet`: the whole store as a partitioned Parquet dataset;
//! - `store_documents`: storing coded documents (5 events each), to set
//!   against the coder's own speed;
//! - `facts::*`: the same questions answered from the events' facts in
//!   memory (`EventFacts`, what `dyad serve` uses), and reading them.
//!
//! Run: `cargo bench -p dyad-store --bench store` (the first run spends a
//! minute or two building the store).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use dyad_store::parquet::{DatasetOptions, DatasetWriter};
use dyad_store::{EventFacts, EventFilter, EventOrder, Period, RelationOptions, Store};

fn main() {
    divan::main();
}

/// The million-event store, built on first use.
fn big_store() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        dyad_store::synthetic::million_store(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-store"),
        )
    })
}

#[divan::bench(sample_count = 20)]
fn relations_dyad_by_month(bencher: Bencher) {
    let s = Store::open_read_only(big_store()).unwrap();
    let filter = EventFilter {
        between: Some(("RUS".into(), "MDA".into())),
        ..Default::default()
    };
    let options = RelationOptions {
        period: Period::Month,
        undirected: true,
    };
    bencher.bench_local(|| s.relations(&filter, options).unwrap());
}

#[divan::bench(sample_count = 10)]
fn relations_all_dyads_by_month(bencher: Bencher) {
    let s = Store::open_read_only(big_store()).unwrap();
    let options = RelationOptions {
        period: Period::Month,
        undirected: false,
    };
    bencher.bench_local(|| s.relations(&EventFilter::default(), options).unwrap());
}

#[divan::bench(sample_count = 20)]
fn events_filtered(bencher: Bencher) {
    let s = Store::open_read_only(big_store()).unwrap();
    let filter = EventFilter {
        actor: vec!["USA".into()],
        codes: vec!["04".into()],
        from: Some(dyad_ingest::dates::days_from_civil(2010, 1, 1)),
        to: Some(dyad_ingest::dates::days_from_civil(2019, 12, 31)),
        ..Default::default()
    };
    bencher.bench_local(|| s.events(&filter, EventOrder::Newest, Some(100), 0).unwrap());
}

#[divan::bench(sample_count = 2, sample_size = 1)]
fn export_parquet(bencher: Bencher) {
    let s = Store::open_read_only(big_store()).unwrap();
    bencher
        .counter(ItemsCount::new(dyad_store::synthetic::EVENTS))
        .bench_local(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("events");
            let mut w = DatasetWriter::create(&out, DatasetOptions::default()).unwrap();
            s.for_each_event(
                &EventFilter::default(),
                EventOrder::Partition,
                None,
                0,
                |e| {
                    w.push(&e).unwrap();
                    Ok(())
                },
            )
            .unwrap();
            w.finish().unwrap()
        });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn store_documents(bencher: Bencher) {
    let docs = dyad_store::synthetic::documents(1000, 99);
    bencher
        .counter(ItemsCount::new(docs.len()))
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap();
            let s = Store::open(&dir.path().join("s.db")).unwrap();
            (dir, s)
        })
        .bench_local_values(|(dir, mut s)| {
            let c = dyad_store::synthetic::coder(&mut s);
            for chunk in docs.chunks(64) {
                s.add(chunk, c, &|_| None).unwrap();
            }
            (dir, s)
        });
}

mod facts {
    use super::*;

    fn facts() -> &'static EventFacts {
        static FACTS: OnceLock<EventFacts> = OnceLock::new();
        FACTS
            .get_or_init(|| EventFacts::load(&Store::open_read_only(big_store()).unwrap()).unwrap())
    }

    fn year(y: i32) -> EventFilter {
        EventFilter {
            from: Some(dyad_ingest::dates::days_from_civil(y.into(), 1, 1)),
            to: Some(dyad_ingest::dates::days_from_civil(y.into(), 12, 31)),
            ..Default::default()
        }
    }

    #[divan::bench(sample_count = 3, sample_size = 1)]
    fn load(bencher: Bencher) {
        let s = Store::open_read_only(big_store()).unwrap();
        bencher.bench_local(|| EventFacts::load(&s).unwrap());
    }

    /// Refreshing the facts after one ingest batch (64 documents, 320
    /// events) on a copy of the store: what `dyad serve` does after each
    /// commit of an ingest.
    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn refresh_after_a_batch(bencher: Bencher) {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy.db");
        std::fs::copy(big_store(), &copy).unwrap();
        let mut s = Store::open(&copy).unwrap();
        let before = EventFacts::load(&s).unwrap();
        let coder = dyad_store::synthetic::coder(&mut s);
        s.add(
            &dyad_store::synthetic::documents(64, 1 << 40),
            coder,
            &|_| None,
        )
        .unwrap();
        bencher.bench_local(|| {
            let (facts, how) = before.refreshed(&s).unwrap();
            assert!(matches!(how, dyad_store::Refresh::Changed(_)));
            facts
        });
    }

    #[divan::bench(sample_count = 20)]
    fn relations_dyad_by_month(bencher: Bencher) {
        let filter = EventFilter {
            between: Some(("RUS".into(), "MDA".into())),
            ..Default::default()
        };
        let options = RelationOptions {
            period: Period::Month,
            undirected: true,
        };
        bencher.bench_local(|| facts().relations(&filter, options).unwrap());
    }

    #[divan::bench(sample_count = 20)]
    fn events_filtered_with_count(bencher: Bencher) {
        let filter = EventFilter {
            actor: vec!["USA".into()],
            codes: vec!["04".into()],
            from: Some(dyad_ingest::dates::days_from_civil(2010, 1, 1)),
            to: Some(dyad_ingest::dates::days_from_civil(2019, 12, 31)),
            ..Default::default()
        };
        let f = facts();
        bencher.bench_local(|| {
            (
                f.event_ids(&filter, EventOrder::Newest, Some(100), 0)
                    .unwrap(),
                f.count_events(&filter).unwrap(),
            )
        });
    }

    #[divan::bench(sample_count = 20)]
    fn network_of_a_year(bencher: Bencher) {
        let filter = year(2015);
        bencher.bench_local(|| facts().network(&filter).unwrap());
    }

    #[divan::bench(sample_count = 20)]
    fn top_actors_of_a_year(bencher: Bencher) {
        let filter = year(2015);
        bencher.bench_local(|| facts().actors(&filter, Some(20)).unwrap());
    }
}
