//! The Parquet export, read back by an independent reader (pyarrow, through
//! `tests/read_parquet.py`).
//!
//! The pyarrow checks need `$DYAD_PYTHON` (default `python3`) with pyarrow;
//! without it they print `SKIPPED:` and pass, unless `DYAD_REQUIRE_PYARROW=1`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;

use dyad_store::event::{Precision, StoredActor, StoredEvent};
use dyad_store::parquet::{
    partition_of, write_success, DatasetOptions, DatasetSummary, DatasetWriter, ParquetError,
    COLUMNS,
};
use parquet::basic::Compression;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::RowAccessor;
use serde_json::{json, Value};

/// Strings that break naive writers and readers.
const TEXTS: &[&str] = &[
    "plain words",
    "quotes \" and 'single' and `back`",
    "line one\nline two\r\nline three",
    "tab\tand \\ backslash",
    "<script>alert(\"x\")</script>",
    "a NUL \0 inside",
    "Zürich, Ελλάδα, 北京, עברית, 🙂 👩🏽‍🚀, e\u{301}",
    "",
    "commas, semicolons; pipes| and %s {}",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (written apart from
/// the module's conversion, so that each checks the other).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    const CUMULATIVE: [i32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = |y: i32| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days = CUMULATIVE[month as usize - 1] + day as i32 - 1;
    if month > 2 && leap(year) {
        days += 1;
    }
    let (from, to, sign) = if year >= 1970 {
        (1970, year, 1)
    } else {
        (year, 1970, -1)
    };
    let whole_years: i32 = (from..to).map(|y| if leap(y) { 366 } else { 365 }).sum();
    days + sign * whole_years
}

/// A synthetic event with what a reader should see of its date.
struct Case {
    event: StoredEvent,
    /// The `date` column: the first day of the date's period.
    first_day: Option<String>,
    /// The `(year, month)` of its partition directory.
    partition: (i32, u32),
}

fn case(i: usize) -> Case {
    let text = |k: usize| TEXTS[(i + k) % TEXTS.len()].to_string();
    let year = [1969, 1999, 2000, 2023, 2024][(i / 10) % 5];
    let month = (i * 7 % 12) as u32 + 1;
    let day = (i * 13 % 28) as u32 + 1;
    // Every tenth event is undated; then year, month and day precisions.
    let (date, first_day, partition, precision) = match i % 10 {
        0 => (None, None, (0, 0), Precision::None),
        1 | 2 => (
            Some(format!("{year}")),
            Some((year, 1, 1)),
            (year, 0),
            Precision::Year,
        ),
        3 | 4 => (
            Some(format!("{year}-{month:02}")),
            Some((year, month, 1)),
            (year, month),
            Precision::Month,
        ),
        _ if i == 55 => (
            Some("2000-02-29".to_string()),
            Some((2000, 2, 29)),
            (2000, 2),
            Precision::Day,
        ),
        _ => (
            Some(format!("{year}-{month:02}-{day:02}")),
            Some((year, month, day)),
            (year, month),
            Precision::Day,
        ),
    };
    let cameo = ["010", "042", "0211", "190", "1823"][i % 5];
    let sentence = if i == 77 {
        // Longer than a data page.
        format!("{} ", text(0)).repeat(20_000)
    } else {
        format!("{} #{i}", text(0))
    };
    let event = StoredEvent {
        // Ids in no particular relation to the order of the rows.
        id: 100_000 - 7 * i as i64,
        date,
        day: first_day.map(|(y, m, d)| days_from_civil(y, m, d)),
        precision,
        source: StoredActor {
            code: "RUSGOV".to_string(),
            country: (!i.is_multiple_of(3)).then(|| "RUS".to_string()),
            igo: None,
            name: text(1),
        },
        target: StoredActor {
            code: "IGOEUREEC".to_string(),
            country: None,
            igo: i.is_multiple_of(2).then(|| "EU".to_string()),
            name: text(2),
        },
        cameo: cameo.to_string(),
        root: cameo[..2].to_string(),
        quad: (i % 5) as u8,
        goldstein: (!i.is_multiple_of(4)).then_some((i % 21) as f32 * 0.7 - 7.0),
        plover_type: i.is_multiple_of(3).then(|| "CONSULT".to_string()),
        plover_mode: i.is_multiple_of(6).then(|| text(3)),
        negated: i.is_multiple_of(7),
        location_name: (i % 2 == 1).then(|| text(4)),
        location_country: (i % 2 == 1).then(|| "UKR".to_string()),
        num_mentions: i as i64 + 1,
        num_articles: (i % 9) as i64 + 1,
        num_sources: (i % 4) as i64 + 1,
        document_id: format!("doc-{i}"),
        url: (!i.is_multiple_of(5)).then(|| format!("https://example.org/{i}?q=\"x\"&y=<z>")),
        sentence,
        // One before the epoch.
        added_micros: if i == 7 {
            -86_400_000_001
        } else {
            1_700_000_000_000_000 + i as i64 * 1_000_003
        },
    };
    Case {
        event,
        first_day: first_day.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        partition,
    }
}

/// `n` synthetic events, in the order the writer needs.
fn cases(n: usize) -> Vec<Case> {
    let mut cases: Vec<Case> = (0..n).map(case).collect();
    cases.sort_by_key(|c| (partition_of(&c.event), c.event.id));
    cases
}

fn write(dir: &Path, cases: &[Case], options: DatasetOptions) -> DatasetSummary {
    let mut writer = DatasetWriter::create(dir, options).expect("create the dataset");
    for case in cases {
        writer.push(&case.event).expect("push an event");
    }
    writer.finish().expect("finish the dataset")
}

/// The files under `dir`, as sorted `/`-separated relative paths.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, files: &mut Vec<String>) {
        for entry in fs::read_dir(dir).expect("read a directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let relative = path.strip_prefix(root).expect("under the root");
                let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
                files.push(parts.join("/"));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

fn partition_file((year, month): (i32, u32)) -> String {
    format!("year={year:04}/month={month:02}/part-00000-0.parquet")
}

/// `n` synthetic events in the order a coder would emit them (by
/// document), hopping between partitions.
fn unsorted_cases(n: usize) -> Vec<Case> {
    (0..n).map(case).collect()
}

/// A deterministic shuffle of `cases`.
fn scrambled(mut cases: Vec<Case>) -> Vec<Case> {
    cases.sort_by_key(|c| (c.event.id.wrapping_mul(2_654_435_761) % 1_009, c.event.id));
    cases
}

/// The event of `case(i)` moved to a day of `year`-`month`.
fn case_in(i: usize, year: i32, month: u32) -> Case {
    let mut case = case(i);
    let day = (i % 28) as u32 + 1;
    case.event.date = Some(format!("{year:04}-{month:02}-{day:02}"));
    case.event.day = Some(days_from_civil(year, month, day));
    case.event.precision = Precision::Day;
    case.first_day = case.event.date.clone();
    case.partition = (year, month);
    case
}

/// Whether a relative path is a writer's temporary file.
fn is_temporary(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.starts_with('.') && name.ends_with(".tmp")
}

/// The data files a reader sees under `dir`: `*.parquet`, not hidden.
fn data_files(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .filter(|f| f.ends_with(".parquet") && !is_temporary(f))
        .filter(|f| !f.rsplit('/').next().unwrap_or(f).starts_with('.'))
        .collect()
}

/// The `event_id`s of one data file, in file order (the `parquet` crate's
/// reader).
fn ids_in(file: &Path) -> Vec<i64> {
    let reader = SerializedFileReader::new(File::open(file).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| row.unwrap().get_long(0).unwrap())
        .collect()
}

/// The `event_id`s of every data file under `dir`, sorted: duplicates stay.
fn all_ids(dir: &Path) -> Vec<i64> {
    let mut ids: Vec<i64> = data_files(dir)
        .iter()
        .flat_map(|f| ids_in(&dir.join(f)))
        .collect();
    ids.sort();
    ids
}

/// The rows of every data file under `dir` as text (the `parquet` crate's
/// reader), sorted, by partition directory.
fn rows_by_partition(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut partitions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in data_files(dir) {
        let (partition, _) = file.rsplit_once('/').unwrap();
        let reader = SerializedFileReader::new(File::open(dir.join(&file)).unwrap()).unwrap();
        let rows = partitions.entry(partition.to_string()).or_default();
        rows.extend(
            reader
                .get_row_iter(None)
                .unwrap()
                .map(|row| row.unwrap().to_string()),
        );
    }
    for rows in partitions.values_mut() {
        rows.sort();
    }
    partitions
}

/// The row counts of the row groups of a data file.
fn row_groups(file: &Path) -> Vec<i64> {
    let reader = SerializedFileReader::new(File::open(file).unwrap()).unwrap();
    let groups = reader.metadata().row_groups().iter();
    groups.map(|g| g.num_rows()).collect()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn shard(name: &str, attempt: u32) -> DatasetOptions {
    DatasetOptions {
        shard: name.to_string(),
        attempt,
        row_group_rows: 8,
        shared: true,
        ..DatasetOptions::default()
    }
}

fn sorted_ids<'a>(cases: impl IntoIterator<Item = &'a Case>) -> Vec<i64> {
    let mut ids: Vec<i64> = cases.into_iter().map(|c| c.event.id).collect();
    ids.sort();
    ids
}

#[test]
fn partition_of_matches_an_independent_calendar() {
    for case in cases(300) {
        assert_eq!(
            partition_of(&case.event),
            case.partition,
            "{:?}",
            case.event.date
        );
    }
}

#[test]
fn writes_hive_partitions_and_success_last() {
    let cases = cases(300);
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("events");
    let summary = write(&dataset, &cases, DatasetOptions::default());

    let partitions: BTreeSet<(i32, u32)> = cases.iter().map(|c| c.partition).collect();
    assert!(partitions.contains(&(0, 0)) && partitions.contains(&(2023, 0)));
    assert!(partitions.contains(&(1969, 12)) && partitions.contains(&(2000, 2)));
    let mut expected: Vec<String> = partitions.iter().copied().map(partition_file).collect();
    expected.push("_SUCCESS".to_string());
    expected.sort();
    // Exactly these: no temporary file is left.
    assert_eq!(files_under(&dataset), expected);

    assert_eq!(summary.rows, 300);
    assert_eq!(summary.partitions, partitions.len());
    let written: Vec<String> = summary
        .files
        .iter()
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    let in_order: Vec<String> = partitions.iter().copied().map(partition_file).collect();
    assert_eq!(written, in_order);
}

#[test]
fn files_have_the_columns_row_groups_and_compression() {
    let cases = cases(300);
    let dir = tempfile::tempdir().unwrap();
    let options = DatasetOptions {
        row_group_rows: 4,
        ..DatasetOptions::default()
    };
    let summary = write(dir.path(), &cases, options);
    for file in &summary.files {
        let rows = cases
            .iter()
            .filter(|c| partition_file(c.partition) == file.to_string_lossy().replace('\\', "/"))
            .count();
        let reader = SerializedFileReader::new(File::open(dir.path().join(file)).unwrap()).unwrap();
        let metadata = reader.metadata();
        let columns: Vec<&str> = metadata
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name())
            .collect();
        // The partition columns live in the directory names only.
        assert_eq!(columns, COLUMNS);
        let row_groups: Vec<i64> = metadata.row_groups().iter().map(|g| g.num_rows()).collect();
        assert_eq!(row_groups.len(), rows.div_ceil(4), "{file:?}");
        assert!(row_groups.iter().all(|&n| (1..=4).contains(&n)));
        assert_eq!(row_groups.iter().sum::<i64>(), rows as i64);
        for group in metadata.row_groups() {
            for column in group.columns() {
                assert!(matches!(column.compression(), Compression::ZSTD(_)));
            }
        }
    }
}

#[test]
fn same_events_same_bytes() {
    let cases = cases(300);
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    write(first.path(), &cases, DatasetOptions::default());
    write(second.path(), &cases, DatasetOptions::default());
    let files = files_under(first.path());
    assert_eq!(files, files_under(second.path()));
    for file in &files {
        let a = fs::read(first.path().join(file)).unwrap();
        let b = fs::read(second.path().join(file)).unwrap();
        assert!(a == b, "{file} differs between two runs");
    }
}

#[test]
fn shard_and_attempt_name_the_files() {
    let cases = cases(20);
    let dir = tempfile::tempdir().unwrap();
    let options = DatasetOptions {
        shard: "00042".to_string(),
        attempt: 3,
        ..DatasetOptions::default()
    };
    let summary = write(dir.path(), &cases, options);
    assert!(summary
        .files
        .iter()
        .all(|f| f.file_name().unwrap() == "part-00042-3.parquet"));
}

#[test]
fn events_may_return_to_an_earlier_partition() {
    let cases = cases(300);
    let may = |c: &&Case| c.partition == (2023, 5);
    let june = |c: &&Case| c.partition == (2023, 6);
    let first = cases.iter().find(may).unwrap();
    let second = cases.iter().find(june).unwrap();
    let late = cases.iter().filter(may).nth(1).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let mut writer = DatasetWriter::create(dir.path(), DatasetOptions::default()).unwrap();
    for case in [first, second, late] {
        writer.push(&case.event).unwrap();
    }
    let summary = writer.finish().unwrap();
    assert_eq!(summary.rows, 3);
    assert_eq!(
        files_under(dir.path()),
        [
            "_SUCCESS".to_string(),
            partition_file((2023, 5)),
            partition_file((2023, 6))
        ]
    );
    let mut may_ids = ids_in(&dir.path().join(partition_file((2023, 5))));
    may_ids.sort();
    let mut expected = vec![first.event.id, late.event.id];
    expected.sort();
    assert_eq!(may_ids, expected);
}

#[test]
fn an_abandoned_writer_leaves_no_files() {
    let cases = cases(50);
    let dir = tempfile::tempdir().unwrap();
    let options = DatasetOptions {
        row_group_rows: 2,
        ..DatasetOptions::default()
    };
    let mut writer = DatasetWriter::create(dir.path(), options).unwrap();
    for case in &cases {
        writer.push(&case.event).unwrap();
    }
    // Row groups are on disk, under temporary names only.
    let files = files_under(dir.path());
    assert!(
        !files.is_empty() && files.iter().all(|f| is_temporary(f)),
        "{files:?}"
    );
    drop(writer);
    // Nothing is committed before `finish`, and the temporary files go.
    let files = files_under(dir.path());
    assert!(files.is_empty(), "{files:?}");
}

#[test]
fn no_events_make_an_empty_complete_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("a").join("b");
    let summary = write(&dataset, &[], DatasetOptions::default());
    assert_eq!(summary.rows, 0);
    assert!(summary.files.is_empty());
    assert_eq!(files_under(&dataset), ["_SUCCESS"]);
}

#[test]
fn a_directory_with_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let error = DatasetWriter::create(dir.path(), DatasetOptions::default()).unwrap_err();
    assert!(
        matches!(error, ParquetError::DirNotEmpty { .. }),
        "{error:?}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn bad_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for shard in ["", "../escape", "a/b", "sp ace"] {
        let options = DatasetOptions {
            shard: shard.to_string(),
            ..DatasetOptions::default()
        };
        let error = DatasetWriter::create(dir.path(), options).unwrap_err();
        assert!(matches!(error, ParquetError::InvalidOption(_)), "{error:?}");
    }
    let options = DatasetOptions {
        row_group_rows: 0,
        ..DatasetOptions::default()
    };
    let error = DatasetWriter::create(dir.path(), options).unwrap_err();
    assert!(matches!(error, ParquetError::InvalidOption(_)), "{error:?}");
    let options = DatasetOptions {
        max_buffered_rows: Some(0),
        ..DatasetOptions::default()
    };
    let error = DatasetWriter::create(dir.path(), options).unwrap_err();
    assert!(matches!(error, ParquetError::InvalidOption(_)), "{error:?}");
}

/// Runs `tests/read_parquet.py` with `args`; `None` when pyarrow is
/// missing and not required.
fn pyarrow(args: &[&Path]) -> Option<String> {
    let python = std::env::var_os("DYAD_PYTHON").unwrap_or_else(|| "python3".into());
    let required = std::env::var("DYAD_REQUIRE_PYARROW").is_ok_and(|v| v == "1");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/read_parquet.py");
    let output = match Command::new(&python).arg(&script).args(args).output() {
        Ok(output) => output,
        Err(error) if !required => {
            println!("SKIPPED: cannot run {python:?}: {error}");
            return None;
        }
        Err(error) => panic!("DYAD_REQUIRE_PYARROW=1 but cannot run {python:?}: {error}"),
    };
    let stdout = String::from_utf8(output.stdout).expect("the reader prints UTF-8");
    if let Some(line) = stdout.lines().next().filter(|l| l.starts_with("SKIPPED:")) {
        assert!(!required, "DYAD_REQUIRE_PYARROW=1 but {line}");
        println!("{line}");
        return None;
    }
    assert!(
        output.status.success(),
        "{python:?} {script:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(stdout)
}

fn expected_row(case: &Case) -> Value {
    let e = &case.event;
    json!({
        "event_id": e.id,
        "date": case.first_day,
        "date_text": e.date,
        "precision": e.precision.as_str(),
        "source_code": e.source.code,
        "source_country": e.source.country,
        "source_igo": e.source.igo,
        "source_name": e.source.name,
        "target_code": e.target.code,
        "target_country": e.target.country,
        "target_igo": e.target.igo,
        "target_name": e.target.name,
        "cameo": e.cameo,
        "root": e.root,
        "quad": e.quad,
        "goldstein": e.goldstein.map(f64::from),
        "plover_type": e.plover_type,
        "plover_mode": e.plover_mode,
        "negated": e.negated,
        "location_name": e.location_name,
        "location_country": e.location_country,
        "num_mentions": e.num_mentions,
        "num_articles": e.num_articles,
        "num_sources": e.num_sources,
        "document_id": e.document_id,
        "url": e.url,
        "sentence": e.sentence,
        "added": e.added_micros,
        "year": case.partition.0,
        "month": case.partition.1,
    })
}

/// Checks that pyarrow reads back exactly the rows of `cases` from the
/// dataset `dir` (when pyarrow is there).
fn assert_pyarrow_reads<'a>(dir: &Path, cases: impl IntoIterator<Item = &'a Case>) {
    let Some(stdout) = pyarrow(&[dir]) else {
        return;
    };
    let mut rows: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON row"))
        .collect();
    for row in &mut rows {
        // A FLOAT read as a double: compare at the column's precision, not
        // at the last bit of a decimal round trip.
        if let Some(goldstein) = row["goldstein"].as_f64() {
            row["goldstein"] = json!(f64::from(goldstein as f32));
        }
    }
    rows.sort_by_key(|row| row["event_id"].as_i64());
    let mut expected: Vec<Value> = cases.into_iter().map(expected_row).collect();
    expected.sort_by_key(|row| row["event_id"].as_i64());
    assert_eq!(rows.len(), expected.len());
    for (row, expected) in rows.iter().zip(&expected) {
        assert_eq!(row, expected);
    }
}

#[test]
fn pyarrow_reads_back_every_row() {
    let cases = cases(300);
    let dir = tempfile::tempdir().unwrap();
    let options = DatasetOptions {
        row_group_rows: 16,
        ..DatasetOptions::default()
    };
    write(dir.path(), &cases, options);
    assert_pyarrow_reads(dir.path(), &cases);
}

#[test]
fn pyarrow_sees_portable_types() {
    let cases = cases(100);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &cases, DatasetOptions::default());
    let Some(stdout) = pyarrow(&[Path::new("--schema"), dir.path()]) else {
        return;
    };
    let description: Value = serde_json::from_str(&stdout).expect("a JSON schema");
    let dataset: Vec<(String, String)> =
        serde_json::from_value(description["dataset"].clone()).unwrap();
    let mut names: Vec<&str> = COLUMNS.to_vec();
    names.extend(["year", "month"]);
    assert_eq!(
        dataset.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        names
    );
    let type_of = |name: &str| {
        let (_, kind) = dataset.iter().find(|(n, _)| n == name).unwrap();
        kind.as_str()
    };
    assert_eq!(type_of("event_id"), "int64");
    assert_eq!(type_of("date"), "date32[day]");
    assert_eq!(type_of("cameo"), "string");
    assert_eq!(type_of("quad"), "int32");
    assert_eq!(type_of("goldstein"), "float");
    assert_eq!(type_of("negated"), "bool");
    assert_eq!(type_of("added"), "timestamp[us, tz=UTC]");
    assert_eq!(type_of("year"), "int32");
    assert_eq!(type_of("month"), "int32");
    assert!(dataset.iter().all(|(_, kind)| !kind.starts_with("uint")));

    let files = description["files"].as_object().unwrap();
    assert_eq!(
        files.len(),
        cases
            .iter()
            .map(|c| c.partition)
            .collect::<BTreeSet<_>>()
            .len()
    );
    for columns in files.values() {
        let added = columns
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "added")
            .unwrap();
        // What Spark reads: INT64 TIMESTAMP(MICROS, UTC), not NANOS.
        assert_eq!(added["physical"], "INT64");
        let logical = added["logical"].as_str().unwrap();
        assert!(
            logical.contains("timeUnit=microseconds") && logical.contains("isAdjustedToUTC=true"),
            "{logical}"
        );
        let event_id = columns
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "event_id");
        assert_eq!(event_id.unwrap()["max_definition_level"], 0, "required");
    }
}

#[test]
fn temporary_names_are_invisible_to_readers() {
    // The writer's own temporary files are gone by `finish`; a stray one
    // (a crashed run) must not be read either.
    let cases = cases(30);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &cases, DatasetOptions::default());
    let partition = dir
        .path()
        .join(PathBuf::from(partition_file(cases[0].partition)));
    let stray = partition.with_file_name(".part-00001-0.parquet.tmp");
    fs::copy(&partition, &stray).unwrap();
    let Some(stdout) = pyarrow(&[dir.path()]) else {
        return;
    };
    assert_eq!(stdout.lines().count(), cases.len());
}

#[test]
fn scrambled_order_gives_the_same_rows() {
    let sorted = cases(300);
    let shuffled = scrambled(unsorted_cases(300));
    assert_ne!(
        sorted.iter().map(|c| c.event.id).collect::<Vec<_>>(),
        shuffled.iter().map(|c| c.event.id).collect::<Vec<_>>()
    );
    let options = DatasetOptions {
        row_group_rows: 16,
        ..DatasetOptions::default()
    };
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let a = write(first.path(), &sorted, options.clone());
    let b = write(second.path(), &shuffled, options);
    assert_eq!(a.rows, b.rows);
    assert_eq!(a.files, b.files);
    assert_eq!(files_under(first.path()), files_under(second.path()));
    let rows = rows_by_partition(second.path());
    assert_eq!(rows, rows_by_partition(first.path()));
    assert_eq!(rows.values().map(Vec::len).sum::<usize>(), 300);
    for file in &b.files {
        let groups = row_groups(&second.path().join(file));
        assert!(groups.iter().all(|&n| (1..=16).contains(&n)), "{groups:?}");
    }
    assert_pyarrow_reads(second.path(), &shuffled);
}

#[test]
fn the_memory_cap_keeps_every_row_once() {
    let cases = unsorted_cases(600);
    let dir = tempfile::tempdir().unwrap();
    let options = DatasetOptions {
        row_group_rows: 3,
        max_buffered_rows: Some(5),
        ..DatasetOptions::default()
    };
    let mut writer = DatasetWriter::create(dir.path(), options).unwrap();
    for case in &cases {
        writer.push(&case.event).unwrap();
    }
    // The rows went to the (temporary) files as they came, not at the end.
    let partitions: BTreeSet<(i32, u32)> = cases.iter().map(|c| c.partition).collect();
    let temporary = files_under(dir.path());
    assert_eq!(temporary.len(), partitions.len(), "{temporary:?}");
    let written: u64 = temporary
        .iter()
        .map(|f| fs::metadata(dir.path().join(f)).unwrap().len())
        .sum();
    assert!(written > 100_000, "{written} bytes on disk");
    let summary = writer.finish().unwrap();

    assert_eq!(summary.rows, 600);
    assert_eq!(summary.partitions, partitions.len());
    assert_eq!(all_ids(dir.path()), sorted_ids(&cases));
    for file in &summary.files {
        let groups = row_groups(&dir.path().join(file));
        assert!(groups.iter().all(|&n| (1..=3).contains(&n)), "{groups:?}");
    }
    assert_pyarrow_reads(dir.path(), &cases);
}

/// `len` letters no compressor shrinks much (a linear congruential
/// sequence).
fn noise(seed: usize, len: usize) -> String {
    let mut state = seed as u64 ^ 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(b'a' + ((state >> 33) % 26) as u8)
        })
        .collect()
}

#[test]
fn many_partitions_interleaved_keep_every_row_once() {
    // More partitions than the writer keeps files open (64), each row group
    // bigger than a write buffer: every row group reaches its file, and
    // files are closed and reopened between row groups.
    const PARTITIONS: usize = 70;
    const ROUNDS: usize = 2;
    let cases: Vec<Case> = (0..PARTITIONS * ROUNDS)
        .map(|i| {
            let p = i % PARTITIONS;
            let mut case = case_in(i, 1800 + p as i32, (p % 12) as u32 + 1);
            case.event.sentence = noise(i, 16 << 10);
            case
        })
        .collect();
    let options = DatasetOptions {
        row_group_rows: 1,
        max_buffered_rows: Some(1_000),
        ..DatasetOptions::default()
    };
    let first = tempfile::tempdir().unwrap();
    let mut writer = DatasetWriter::create(first.path(), options.clone()).unwrap();
    for (i, case) in cases.iter().enumerate() {
        if i == PARTITIONS {
            // Every partition's first row group is in its file.
            let temporary = files_under(first.path());
            assert_eq!(temporary.len(), PARTITIONS);
            for file in &temporary {
                let len = fs::metadata(first.path().join(file)).unwrap().len();
                assert!(len > 8 << 10, "{file}: {len} bytes");
            }
        }
        writer.push(&case.event).unwrap();
    }
    let summary = writer.finish().unwrap();
    assert_eq!(summary.partitions, PARTITIONS);
    assert_eq!(all_ids(first.path()), sorted_ids(&cases));
    for file in &summary.files {
        assert_eq!(
            row_groups(&first.path().join(file)),
            [1; ROUNDS],
            "{file:?}"
        );
    }
    // Deterministic, closing and reopening included.
    let second = tempfile::tempdir().unwrap();
    write(second.path(), &cases, options);
    assert!(snapshot(first.path()) == snapshot(second.path()));
    assert_pyarrow_reads(first.path(), &cases);
}

#[test]
fn shards_share_a_directory() {
    let all = unsorted_cases(300);
    let (one, two): (Vec<&Case>, Vec<&Case>) = all.iter().partition(|c| c.event.id % 2 == 0);
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("events");
    fs::create_dir_all(&dataset).unwrap();
    fs::write(dataset.join("notes.txt"), "keep me").unwrap();

    let mut summaries = Vec::new();
    for (name, cases) in [("00001", &one), ("00002", &two)] {
        let mut writer = DatasetWriter::create(&dataset, shard(name, 0)).unwrap();
        for case in cases.iter() {
            writer.push(&case.event).unwrap();
        }
        summaries.push(writer.finish().unwrap());
        // Shared writers leave `_SUCCESS` to the driver.
        assert!(!dataset.join("_SUCCESS").exists());
    }
    for (summary, name) in summaries.iter().zip(["00001", "00002"]) {
        assert!(summary.removed.is_empty(), "{:?}", summary.removed);
        let expected = format!("part-{name}-0.parquet");
        assert!(summary
            .files
            .iter()
            .all(|f| f.file_name().unwrap() == expected.as_str()));
    }
    let files = data_files(&dataset);
    assert_eq!(
        files.len(),
        summaries[0].files.len() + summaries[1].files.len()
    );
    assert!(!files_under(&dataset).iter().any(|f| is_temporary(f)));
    assert_eq!(all_ids(&dataset), sorted_ids(&all));
    assert_eq!(
        fs::read_to_string(dataset.join("notes.txt")).unwrap(),
        "keep me"
    );

    write_success(&dataset).unwrap();
    assert!(dataset.join("_SUCCESS").is_file());
    assert!(!files_under(&dataset)
        .iter()
        .any(|f| f.contains("_SUCCESS.tmp")));
    fs::remove_file(dataset.join("notes.txt")).unwrap();
    assert_pyarrow_reads(&dataset, &all);

    // A missing directory is an error, not a new dataset.
    let error = write_success(&dir.path().join("missing")).unwrap_err();
    assert!(matches!(error, ParquetError::Io { .. }), "{error:?}");
}

#[test]
fn a_retried_shard_leaves_one_copy() {
    let all = unsorted_cases(300);
    let (one, two): (Vec<&Case>, Vec<&Case>) = all.iter().partition(|c| c.event.id % 2 == 0);
    // Rows only the first attempt of shard 00001 writes, in a partition of
    // their own.
    let extra: Vec<Case> = (300..310).map(|i| case_in(i, 1950, 1)).collect();
    let dir = tempfile::tempdir().unwrap();
    let push_all = |writer: &mut DatasetWriter, cases: &[&Case]| {
        for case in cases {
            writer.push(&case.event).unwrap();
        }
    };

    let mut writer = DatasetWriter::create(dir.path(), shard("00002", 0)).unwrap();
    push_all(&mut writer, &two);
    writer.finish().unwrap();
    let shard_two: BTreeMap<String, Vec<u8>> = snapshot(dir.path());

    // Attempt 0 completes.
    let mut writer = DatasetWriter::create(dir.path(), shard("00001", 0)).unwrap();
    push_all(&mut writer, &one);
    push_all(&mut writer, &extra.iter().collect::<Vec<_>>());
    let first = writer.finish().unwrap();
    assert!(first.files.iter().any(|f| f.starts_with("year=1950")));

    // Attempt 1 is killed half-way: no destructor runs.
    let mut writer = DatasetWriter::create(dir.path(), shard("00001", 1)).unwrap();
    push_all(&mut writer, &one[..one.len() / 2]);
    std::mem::forget(writer);
    let files = files_under(dir.path());
    let killed: Vec<&String> = files.iter().filter(|f| f.contains("00001-1")).collect();
    assert!(!killed.is_empty());
    assert!(killed.iter().all(|f| is_temporary(f)), "{killed:?}");
    // Readers see attempt 0 and shard 00002, once.
    let before = one.iter().chain(&two).copied().chain(&extra);
    assert_eq!(all_ids(dir.path()), sorted_ids(before));

    // Attempt 2 completes, in another order.
    let mut reordered = one.clone();
    reordered.reverse();
    let mut writer = DatasetWriter::create(dir.path(), shard("00001", 2)).unwrap();
    push_all(&mut writer, &reordered);
    let summary = writer.finish().unwrap();

    // One copy of each row: attempt 2's and shard 00002's.
    assert_eq!(all_ids(dir.path()), sorted_ids(&all));
    let files = files_under(dir.path());
    assert!(!files.iter().any(|f| is_temporary(f)), "{files:?}");
    let ours: Vec<&String> = files.iter().filter(|f| f.contains("part-00001-")).collect();
    assert!(
        ours.iter().all(|f| f.ends_with("/part-00001-2.parquet")),
        "{ours:?}"
    );
    assert_eq!(ours.len(), summary.files.len());
    assert!(
        !files.iter().any(|f| f.starts_with("year=1950")),
        "{files:?}"
    );
    // What went: attempt 0's files, attempt 1's temporary files.
    let removed: Vec<String> = summary
        .removed
        .iter()
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    let attempt_zero: Vec<String> = first
        .files
        .iter()
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(
        attempt_zero.iter().all(|f| removed.contains(f)),
        "{removed:?}"
    );
    for file in &killed {
        assert!(removed.contains(file), "{file} not in {removed:?}");
    }
    assert_eq!(removed.len(), attempt_zero.len() + killed.len());
    // Shard 00002 is untouched, byte for byte.
    let now = snapshot(dir.path());
    for (file, bytes) in &shard_two {
        assert!(now.get(file) == Some(bytes), "{file} changed");
    }
    assert!(!dir.path().join("_SUCCESS").exists());
    write_success(dir.path()).unwrap();
    assert_pyarrow_reads(dir.path(), &all);
}

#[test]
fn rerunning_a_shard_attempt_gives_the_same_bytes() {
    let cases = scrambled(unsorted_cases(200));
    let dir = tempfile::tempdir().unwrap();
    let run = |cases: &[Case]| {
        let mut writer = DatasetWriter::create(dir.path(), shard("00001", 0)).unwrap();
        for case in cases {
            writer.push(&case.event).unwrap();
        }
        writer.finish().unwrap()
    };
    let first = run(&cases);
    let before = snapshot(dir.path());
    let second = run(&cases);
    assert_eq!(first, second);
    assert!(second.removed.is_empty(), "{:?}", second.removed);
    assert!(snapshot(dir.path()) == before);

    // A rerun that no longer writes a partition removes its file there.
    let gone = cases[0].partition;
    let fewer: Vec<Case> = scrambled(unsorted_cases(200))
        .into_iter()
        .filter(|c| c.partition != gone)
        .collect();
    let third = run(&fewer);
    assert_eq!(
        third.removed,
        [PathBuf::from(
            partition_file(gone).replace("00000", "00001")
        )]
    );
    assert_eq!(all_ids(dir.path()), sorted_ids(&fewer));
}

#[test]
fn a_shard_leaves_shards_with_longer_names_alone() {
    // `part-a-1-0.parquet` is shard `a-1`'s, not attempt `1-0` of `a`.
    let cases = unsorted_cases(40);
    let (mine, theirs): (Vec<&Case>, Vec<&Case>) = cases.iter().partition(|c| c.event.id % 2 == 0);
    let dir = tempfile::tempdir().unwrap();
    for (name, attempt, cases) in [("a-1", 0, &theirs), ("a", 1, &mine), ("a", 2, &mine)] {
        let mut writer = DatasetWriter::create(dir.path(), shard(name, attempt)).unwrap();
        for case in cases.iter() {
            writer.push(&case.event).unwrap();
        }
        writer.finish().unwrap();
    }
    let files = data_files(dir.path());
    assert!(files.iter().any(|f| f.ends_with("/part-a-1-0.parquet")));
    assert!(!files.iter().any(|f| f.ends_with("/part-a-1.parquet")));
    assert_eq!(all_ids(dir.path()), sorted_ids(&cases));
}
