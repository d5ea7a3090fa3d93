//! Export of events as a Hive-partitioned Parquet dataset.
//!
//! # Layout
//!
//! ```text
//! DIR/
//!   year=0000/month=00/part-00000-0.parquet   events with no known date
//!   year=2023/month=00/part-00000-0.parquet   events of 2023, month unknown
//!   year=2023/month=05/part-00000-0.parquet   events of May 2023
//!   year=2023/month=05/part-00001-2.parquet   the same month, from shard 00001 (its attempt 2)
//!   _SUCCESS                                  written last: the dataset is complete
//! ```
//!
//! Each `year=YYYY/month=MM` directory holds one file per writer
//! (`part-{shard}-{attempt}.parquet`, see [Shards](#shards-attempts-and-commit)).
//! The partition comes from the event's date ([`partition_of`]):
//!
//! - an event with no known date goes to `year=0000/month=00`. A sentinel
//!   number rather than Hive's `__HIVE_DEFAULT_PARTITION__` keeps the
//!   partition columns integers (a name in the directory would make `year`
//!   a string column for pyarrow and Polars);
//! - an event whose date is known to the year only goes to `month=00` of
//!   its year: its first day is in January, but its month is unknown, and
//!   `month=01` would claim otherwise.
//!
//! So `month = 0` means "month unknown" and `year = 0` "date unknown" (or
//! the year 1 BC of the proleptic calendar, which no news report has);
//! filter them out (`WHERE month > 0`) to aggregate by month.
//!
//! The partition columns are not stored inside the files (readers take
//! them from the directory names). The files' columns are [`COLUMNS`]:
//! signed integers only, dates as `DATE`, `added` as `TIMESTAMP(MICROS,
//! UTC)` (Spark rejects nanoseconds), CAMEO codes as strings (leading zeros
//! matter), compressed with ZSTD, in row groups of at most
//! [`DatasetOptions::row_group_rows`] rows.
//!
//! # Order and memory
//!
//! Events may arrive in any order of partitions (a coder emits them in
//! document order). The writer keeps one file per partition it has seen,
//! each with the rows buffered for its next row group:
//!
//! - a partition's buffer is written as a row group when it reaches
//!   [`DatasetOptions::row_group_rows`] rows (or 128 MiB of text);
//! - when the rows buffered across all partitions exceed
//!   [`DatasetOptions::max_buffered_rows`] (or their text 256 MiB), the
//!   largest buffer is written early, as a smaller row group. The largest
//!   but the one of the event just added, if any other holds rows: with
//!   events sorted by partition the last rows of finished partitions go
//!   first, and (given `max_buffered_rows >= row_group_rows`) the row
//!   groups are those of a writer without a cap.
//!
//! Memory therefore holds about `max_buffered_rows` rows, whatever the
//! number of partitions, plus what every Parquet writer keeps until it
//! writes a file's footer, here for every partition until `finish`: some
//! 30 KiB per partition seen (its write buffer, schema, empty builders)
//! and some 25 KiB per row group written (the metadata of its 28 column
//! chunks). A shard of 10 million events in document order over 500
//! partitions, with the default options, makes row groups of about
//! 1,000 rows, 10,000 of them: over 200 MiB of metadata, on top of the
//! 524,288 buffered rows. Smaller shards, or a larger `max_buffered_rows`,
//! keep that down.
//!
//! At most 64 files are open at once: beyond that, the least recently
//! written is synced and closed, and reopened, to append, when its
//! partition next writes a row group (the bytes written are the same).
//!
//! The output is deterministic: the same events in the same order with the
//! same options give byte-identical files. Events sorted by
//! [`partition_of`] make the fewest, fullest row groups.
//!
//! # Shards, attempts and commit
//!
//! Several writers (shards: Spark tasks, a user's parts of a corpus) may
//! fill one dataset with [`DatasetOptions::shared`]; each writes only the
//! files named after its [`shard`](DatasetOptions::shard), and a retry of
//! a shard uses a new [`attempt`](DatasetOptions::attempt) number. The
//! protocol:
//!
//! 1. **While a writer runs**, its data is in hidden temporary files next
//!    to where they will go, `year=…/month=…/.part-{shard}-{attempt}.parquet.tmp`.
//!    No reader lists them: pyarrow's dataset discovery (and so pandas')
//!    and Spark's file index skip names starting with `.` or `_`, and the
//!    `**/*.parquet` globs of DuckDB and Polars do not match a name ending
//!    in `.tmp`.
//! 2. **[`DatasetWriter::finish`]** first completes every file (footer,
//!    `fsync`) while all are still hidden; then renames each into place,
//!    `part-{shard}-{attempt}.parquet` (a rename within a directory is
//!    atomic: a reader sees the old file or the new one, never half a file,
//!    and a rerun of the same shard and attempt replaces its files); then
//!    deletes this shard's files from other runs, in every partition of the
//!    dataset: `part-{shard}-{M}.parquet` of any other attempt `M`,
//!    `part-{shard}-{attempt}.parquet` in partitions this run did not
//!    write, and the `.part-{shard}-*.parquet.tmp` of killed runs. Files of
//!    other shards are never touched. Partition directories left empty
//!    stay (readers ignore them).
//! 3. **`_SUCCESS`** marks the dataset complete. An exclusive writer (the
//!    default, `shared: false`) writes it at the end of `finish`; with
//!    shared writers, the job's driver calls [`write_success`] once every
//!    shard's `finish` has returned `Ok`.
//!
//! What a reader sees: before `_SUCCESS`, the shards finished so far, and
//! possibly a shard in the middle of its `finish` (some partitions renamed
//! and some not, or both the new attempt's and the old attempt's files,
//! i.e. duplicate rows, between its renames and its deletions). After
//! `_SUCCESS`, every shard's rows exactly once, from its attempt that
//! finished last.
//!
//! A killed writer (no destructors run) leaves only temporary files,
//! invisible and deleted by the next `finish` of the same shard; a writer
//! dropped without `finish` (an error, a panic) deletes its own temporary
//! files. A `finish` that fails or is killed after its first rename may
//! leave duplicates, so the driver must rerun that shard (any attempt
//! number) before writing `_SUCCESS`.
//!
//! Requirements: shards have distinct names; at most one attempt of a
//! shard runs at a time, or at least runs `finish` (two concurrent ones
//! may each delete the other's files): let one attempt commit (Spark's
//! output commit coordinator) or turn speculative execution off; and the
//! file system renames atomically (local file systems, NFS; not object
//! stores such as S3 mounted as file systems, whose renames copy).
//!
//! # Reading
//!
//! - DuckDB: `SELECT * FROM read_parquet('DIR/**/*.parquet', hive_partitioning = true,
//!   hive_types = {'year': INTEGER, 'month': INTEGER})`. Without
//!   `hive_types` DuckDB keeps zero-padded values (`05`) as `VARCHAR`
//!   (comparisons with numbers, `WHERE month = 5`, still work).
//! - pandas: `pd.read_parquet("DIR")` (`year` and `month` come as
//!   categoricals of integers); pyarrow:
//!   `pyarrow.dataset.dataset("DIR", partitioning="hive")`.
//! - Polars: `pl.read_parquet("DIR/**/*.parquet", hive_partitioning=True)`
//! - Spark: `spark.read.parquet("DIR")`
//!
//! pyarrow, Polars and Spark infer `year` and `month` as integers.
//!
//! An export with no events has no data files, only `_SUCCESS`; engines
//! that infer the schema from the files (Spark, DuckDB) refuse to read it.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ::parquet::arrow::ArrowWriter;
use ::parquet::basic::{Compression, ZstdLevel};
use ::parquet::file::properties::{WriterProperties, WriterVersion};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float32Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};

use crate::event::{Precision, StoredEvent};

/// The columns of every data file, in order.
pub const COLUMNS: &[&str] = &[
    "event_id",
    "date",
    "date_text",
    "precision",
    "source_code",
    "source_country",
    "source_igo",
    "source_name",
    "target_code",
    "target_country",
    "target_igo",
    "target_name",
    "cameo",
    "root",
    "quad",
    "goldstein",
    "plover_type",
    "plover_mode",
    "negated",
    "location_name",
    "location_country",
    "num_mentions",
    "num_articles",
    "num_sources",
    "document_id",
    "url",
    "sentence",
    "added",
];

/// The marker file written once every data file is in place (Hadoop's
/// convention; Spark and pyarrow skip names starting with `_`).
const SUCCESS: &str = "_SUCCESS";

/// Where [`write_success`] writes the marker before renaming it.
const SUCCESS_TEMPORARY: &str = "._SUCCESS.tmp";

/// The text a record batch may buffer before it is written out, whatever
/// its row count: bounds memory for long sentences, and keeps every string
/// column below Arrow's 2 GiB of 32-bit offsets.
const MAX_BATCH_TEXT_BYTES: usize = 128 << 20;

/// The text buffered across all partitions before the largest buffer is
/// written early.
const MAX_BUFFERED_TEXT_BYTES: usize = 2 * MAX_BATCH_TEXT_BYTES;

/// The most temporary files open at once; the least recently written are
/// closed beyond it (and reopened when written again).
const MAX_OPEN_FILES: usize = 64;

/// The longest string a `Utf8` value holds (32-bit offsets).
const MAX_VALUE_BYTES: usize = i32::MAX as usize;

/// How a dataset is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetOptions {
    /// Names this writer's files (`part-{shard}-{attempt}.parquet`), so that
    /// several writers can fill one dataset: ASCII letters, digits, `-` and
    /// `_`.
    pub shard: String,
    /// The try of the shard: a retry with a new attempt number never
    /// overwrites a file a reader may hold, and its `finish` deletes the
    /// files of the shard's other attempts.
    pub attempt: u32,
    /// The most rows of a row group, and of the batch buffered in memory
    /// for one partition.
    pub row_group_rows: usize,
    /// The most rows buffered across all partitions: beyond it the largest
    /// buffer is written as a (smaller) row group. `None`: four times
    /// `row_group_rows`. With `max_buffered_rows < row_group_rows`, row
    /// groups hold at most about `max_buffered_rows` rows.
    pub max_buffered_rows: Option<usize>,
    /// Whether other writers (shards) share the directory: it may exist
    /// and hold their files, and `finish` leaves `_SUCCESS` to the job's
    /// driver ([`write_success`]). When `false`, the directory must be
    /// empty or absent and `finish` writes `_SUCCESS`.
    pub shared: bool,
}

impl Default for DatasetOptions {
    fn default() -> Self {
        DatasetOptions {
            shard: "00000".to_string(),
            attempt: 0,
            row_group_rows: 131_072,
            max_buffered_rows: None,
            shared: false,
        }
    }
}

/// What [`DatasetWriter::finish`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSummary {
    /// Events written.
    pub rows: u64,
    /// The data files, relative to the dataset directory, in partition
    /// order.
    pub files: Vec<PathBuf>,
    /// Partition directories holding a file.
    pub partitions: usize,
    /// The files of this shard's other runs that `finish` deleted (other
    /// attempts' data files, files of this attempt in partitions it no
    /// longer writes, temporary files of killed runs), relative to the
    /// dataset directory, sorted.
    pub removed: Vec<PathBuf>,
}

/// Why a dataset could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ParquetError {
    /// A file or directory operation failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The Parquet encoder failed on the file at `path`.
    #[error("{path}: cannot write Parquet: {source}")]
    Parquet {
        path: PathBuf,
        #[source]
        source: ::parquet::errors::ParquetError,
    },
    /// The buffered rows did not make a record batch.
    #[error("{path}: cannot build a record batch: {source}")]
    Arrow {
        path: PathBuf,
        #[source]
        source: ArrowError,
    },
    /// The dataset directory already holds something.
    #[error("{path}: the dataset directory is not empty")]
    DirNotEmpty { path: PathBuf },
    /// A string of the event is over the 2 GiB a value can hold.
    #[error("event {event_id}: its {column} is {len} bytes, more than a Parquet string holds")]
    ValueTooLarge {
        event_id: i64,
        column: &'static str,
        len: usize,
    },
    /// A [`DatasetOptions`] field is unusable.
    #[error("invalid dataset option: {0}")]
    InvalidOption(String),
    /// An earlier error discarded the rows written so far; writing on would
    /// produce a dataset missing rows.
    #[error("{path}: an earlier error aborted this dataset")]
    Aborted { path: PathBuf },
}

impl ParquetError {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ParquetError + '_ {
        move |source| ParquetError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    fn parquet(path: &Path) -> impl FnOnce(::parquet::errors::ParquetError) -> ParquetError + '_ {
        move |source| ParquetError::Parquet {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The `(year, month)` partition of an event: `(0, 0)` when its date is
/// unknown, month `0` when only its year is known. Events sorted by it
/// make the fewest, fullest row groups.
pub fn partition_of(e: &StoredEvent) -> (i32, u32) {
    let Some(day) = e.day else {
        return (0, 0);
    };
    let (year, month, _) = civil_from_days(day);
    if e.precision == Precision::Year {
        (year, 0)
    } else {
        (year, month)
    }
}

/// The proleptic Gregorian `(year, month, day)` of a count of days since
/// 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i32) -> (i32, u32, u32) {
    // Eras of 400 years start on March 1st, so that the leap day ends them.
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // |days| < 2^31 keeps |year| under six million: the casts cannot truncate.
    (year as i32, month as u32, day as u32)
}

/// Writes `_SUCCESS` into the dataset directory `dir`, marking the dataset
/// complete: what the driver of a job of shared writers calls once every
/// shard's [`DatasetWriter::finish`] has returned. The marker is written
/// under a hidden name and renamed, so it appears whole.
pub fn write_success(dir: &Path) -> Result<(), ParquetError> {
    let temporary = dir.join(SUCCESS_TEMPORARY);
    let success = dir.join(SUCCESS);
    if let Err(source) = File::create(&temporary).and_then(|f| f.sync_all()) {
        let _ = fs::remove_file(&temporary);
        return Err(ParquetError::io(&temporary)(source));
    }
    if let Err(source) = fs::rename(&temporary, &success) {
        let _ = fs::remove_file(&temporary);
        return Err(ParquetError::io(&success)(source));
    }
    sync_dir(dir);
    Ok(())
}

/// Makes the entries of `dir` (names renamed into it) durable. Best effort:
/// the renames are done, and some file systems cannot sync a directory.
#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Windows cannot open a directory as a file (nor needs to).
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

/// Writes events into a Hive-partitioned Parquet dataset (see the module
/// documentation for the layout, the memory used and the commit protocol).
#[derive(Debug)]
pub struct DatasetWriter {
    dir: PathBuf,
    options: DatasetOptions,
    /// [`DatasetOptions::max_buffered_rows`], resolved.
    max_buffered_rows: usize,
    schema: SchemaRef,
    properties: WriterProperties,
    /// The file of every partition seen, in partition order.
    partitions: BTreeMap<(i32, u32), PartitionFile>,
    /// The partitions whose temporary file is open, least recently written
    /// first.
    open_files: VecDeque<(i32, u32)>,
    /// Rows and text in the partitions' buffers.
    buffered_rows: usize,
    buffered_text: usize,
    rows: u64,
    aborted: bool,
}

impl DatasetWriter {
    /// Creates the dataset directory `dir` if missing. Unless
    /// [`DatasetOptions::shared`], it must be empty.
    pub fn create(dir: &Path, options: DatasetOptions) -> Result<DatasetWriter, ParquetError> {
        let shard_is_a_name = !options.shard.is_empty()
            && options
                .shard
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !shard_is_a_name {
            return Err(ParquetError::InvalidOption(format!(
                "shard {:?} is not a file name part (ASCII letters, digits, `-`, `_`)",
                options.shard
            )));
        }
        if options.row_group_rows == 0 {
            return Err(ParquetError::InvalidOption(
                "row_group_rows must be at least 1".to_string(),
            ));
        }
        let max_buffered_rows = match options.max_buffered_rows {
            Some(0) => {
                return Err(ParquetError::InvalidOption(
                    "max_buffered_rows must be at least 1".to_string(),
                ))
            }
            Some(rows) => rows,
            None => options.row_group_rows.saturating_mul(4),
        };
        fs::create_dir_all(dir).map_err(ParquetError::io(dir))?;
        if !options.shared {
            let mut entries = fs::read_dir(dir).map_err(ParquetError::io(dir))?;
            if entries.next().is_some() {
                return Err(ParquetError::DirNotEmpty {
                    path: dir.to_path_buf(),
                });
            }
        }
        let properties = WriterProperties::builder()
            // Data pages v1: the format every reader knows, older Spark and
            // Hive included.
            .set_writer_version(WriterVersion::PARQUET_1_0)
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_size(options.row_group_rows)
            .build();
        Ok(DatasetWriter {
            dir: dir.to_path_buf(),
            options,
            max_buffered_rows,
            schema: schema(),
            properties,
            partitions: BTreeMap::new(),
            open_files: VecDeque::new(),
            buffered_rows: 0,
            buffered_text: 0,
            rows: 0,
            aborted: false,
        })
    }

    /// Adds one event, of any partition. An event refused with
    /// [`ParquetError::ValueTooLarge`] changes nothing; any other error
    /// deletes this writer's temporary files and aborts it (later calls
    /// return [`ParquetError::Aborted`]).
    pub fn push(&mut self, e: &StoredEvent) -> Result<(), ParquetError> {
        if self.aborted {
            return Err(ParquetError::Aborted {
                path: self.dir.clone(),
            });
        }
        let text_bytes = text_bytes(e)?;
        let result = self.append(e, partition_of(e), text_bytes);
        if result.is_err() {
            // A partition's rows may be lost: writing on would silently
            // produce a dataset missing them.
            self.abort();
        }
        result
    }

    fn abort(&mut self) {
        self.aborted = true;
        // Dropping the files deletes them (they are all temporary).
        self.partitions.clear();
        self.open_files.clear();
        self.buffered_rows = 0;
        self.buffered_text = 0;
    }

    fn append(
        &mut self,
        e: &StoredEvent,
        partition: (i32, u32),
        text_bytes: usize,
    ) -> Result<(), ParquetError> {
        let too_much_text = self.partitions.get(&partition).is_some_and(|file| {
            file.batch.rows > 0 && file.batch.text_bytes + text_bytes > MAX_BATCH_TEXT_BYTES
        });
        if too_much_text {
            self.write_row_group(partition)?;
        }
        let file = match self.partitions.entry(partition) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(PartitionFile::create(
                &self.dir,
                partition,
                &self.options,
                self.schema.clone(),
                self.properties.clone(),
            )?),
        };
        file.batch.append(e, text_bytes);
        let full = file.batch.rows >= self.options.row_group_rows;
        self.buffered_rows += 1;
        self.buffered_text += text_bytes;
        self.rows += 1;
        if full {
            self.write_row_group(partition)?;
        }
        while self.buffered_rows > self.max_buffered_rows {
            let Some(largest) = self.largest_buffer(|batch| batch.rows, partition) else {
                break;
            };
            self.write_row_group(largest)?;
        }
        while self.buffered_text > MAX_BUFFERED_TEXT_BYTES {
            let Some(largest) = self.largest_buffer(|batch| batch.text_bytes, partition) else {
                break;
            };
            self.write_row_group(largest)?;
        }
        Ok(())
    }

    /// The partition whose buffer is the largest by `size`, the first in
    /// partition order among equals (for deterministic output), but not
    /// `hot` (the partition just written to) unless every other buffer is
    /// empty: with events sorted by partition, the last rows of finished
    /// partitions go first, and row groups stay as full as they would be
    /// without a cap. `None` when every buffer is empty.
    fn largest_buffer(
        &self,
        size: impl Fn(&Batch) -> usize,
        hot: (i32, u32),
    ) -> Option<(i32, u32)> {
        let mut largest: Option<((i32, u32), usize)> = None;
        for (&partition, file) in &self.partitions {
            let n = size(&file.batch);
            if partition != hot && n > 0 && largest.is_none_or(|(_, most)| n > most) {
                largest = Some((partition, n));
            }
        }
        let hot_is_buffered = self
            .partitions
            .get(&hot)
            .is_some_and(|file| size(&file.batch) > 0);
        match largest {
            Some((partition, _)) => Some(partition),
            None => hot_is_buffered.then_some(hot),
        }
    }

    /// Writes the rows buffered for `partition` as a row group, then keeps
    /// the open files within [`MAX_OPEN_FILES`].
    fn write_row_group(&mut self, partition: (i32, u32)) -> Result<(), ParquetError> {
        let Some(file) = self.partitions.get_mut(&partition) else {
            return Ok(());
        };
        self.buffered_rows -= file.batch.rows;
        self.buffered_text -= file.batch.text_bytes;
        file.write_batch()?;
        if !file.is_open() {
            // Still in the write buffer: no file opened.
            return Ok(());
        }
        if let Some(i) = self.open_files.iter().position(|&p| p == partition) {
            self.open_files.remove(i);
        }
        self.open_files.push_back(partition);
        while self.open_files.len() > MAX_OPEN_FILES {
            let Some(oldest) = self.open_files.pop_front() else {
                break;
            };
            if let Some(file) = self.partitions.get_mut(&oldest) {
                file.close_file()?;
            }
        }
        Ok(())
    }

    /// Commits the dataset (see the module documentation):
    ///
    /// 1. writes every partition's buffered rows and completes its file
    ///    (footer, `fsync`), all still under temporary names;
    /// 2. renames each into place, `part-{shard}-{attempt}.parquet`,
    ///    replacing a file of the same name;
    /// 3. deletes this shard's files from other runs, in every partition:
    ///    other attempts' data files, this attempt's in partitions not
    ///    written now, and temporary files;
    /// 4. unless [`DatasetOptions::shared`], writes `_SUCCESS`, last.
    ///
    /// On an error, the files not yet renamed are deleted.
    pub fn finish(mut self) -> Result<DatasetSummary, ParquetError> {
        if self.aborted {
            return Err(ParquetError::Aborted { path: self.dir });
        }
        self.open_files.clear();
        // On an error, dropping them deletes the files not renamed.
        let mut partitions = std::mem::take(&mut self.partitions);
        for file in partitions.values_mut() {
            file.complete()?;
        }
        let mut files = Vec::with_capacity(partitions.len());
        let mut directories = BTreeSet::new();
        let mut committed = BTreeSet::new();
        for file in partitions.values_mut() {
            file.rename()?;
            // The path is under `dir` by construction.
            let relative = file.path.strip_prefix(&self.dir).unwrap_or(&file.path);
            files.push(relative.to_path_buf());
            committed.insert(file.path.clone());
            if let Some(month) = file.path.parent() {
                directories.insert(month.to_path_buf());
                if let Some(year) = month.parent() {
                    directories.insert(year.to_path_buf());
                }
            }
        }
        directories.insert(self.dir.clone());
        for directory in &directories {
            sync_dir(directory);
        }
        let removed = remove_other_runs(&self.dir, &self.options.shard, &committed)?;
        if !self.options.shared {
            write_success(&self.dir)?;
        }
        Ok(DatasetSummary {
            rows: self.rows,
            partitions: files.len(),
            files,
            removed,
        })
    }
}

/// Deletes, in every `year=…/month=…` directory of the dataset `dir`, the
/// files of `shard` (data files of any attempt, temporary files) other than
/// those in `keep`; returns them, relative to `dir`, sorted.
fn remove_other_runs(
    dir: &Path,
    shard: &str,
    keep: &BTreeSet<PathBuf>,
) -> Result<Vec<PathBuf>, ParquetError> {
    let mut removed = Vec::new();
    for year in sub_dirs(dir, "year=")? {
        for month in sub_dirs(&year, "month=")? {
            let entries = fs::read_dir(&month).map_err(ParquetError::io(&month))?;
            for entry in entries {
                let entry = entry.map_err(ParquetError::io(&month))?;
                let is_ours = entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| is_shard_file(name, shard));
                let path = entry.path();
                if !is_ours || keep.contains(&path) {
                    continue;
                }
                match fs::remove_file(&path) {
                    Ok(()) => {}
                    // Deleted meanwhile: the same outcome.
                    Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
                    Err(error) => return Err(ParquetError::io(&path)(error)),
                }
                removed.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
            }
        }
    }
    removed.sort();
    Ok(removed)
}

/// The directories in `dir` whose name starts with `prefix` (not following
/// links).
fn sub_dirs(dir: &Path, prefix: &str) -> Result<Vec<PathBuf>, ParquetError> {
    let mut dirs = Vec::new();
    for entry in fs::read_dir(dir).map_err(ParquetError::io(dir))? {
        let entry = entry.map_err(ParquetError::io(dir))?;
        let named = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(prefix));
        if named && entry.file_type().is_ok_and(|t| t.is_dir()) {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// Whether `name` is a file of `shard`: `part-{shard}-{attempt}.parquet`
/// or its temporary `.part-{shard}-{attempt}.parquet.tmp`, for any attempt.
/// Attempts are digits, so the last `-` ends the shard: shard `a` does not
/// claim `part-a-1-0.parquet` (shard `a-1`).
fn is_shard_file(name: &str, shard: &str) -> bool {
    let data = name
        .strip_suffix(".tmp")
        .and_then(|n| n.strip_prefix('.'))
        .unwrap_or(name);
    let Some(stem) = data
        .strip_prefix("part-")
        .and_then(|n| n.strip_suffix(".parquet"))
    else {
        return false;
    };
    stem.rsplit_once('-').is_some_and(|(s, attempt)| {
        s == shard && !attempt.is_empty() && attempt.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The Arrow schema of the data files: [`COLUMNS`] with their types.
fn schema() -> SchemaRef {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    Arc::new(Schema::new(vec![
        Field::new("event_id", DataType::Int64, false),
        Field::new("date", DataType::Date32, true),
        text("date_text", true),
        text("precision", false),
        text("source_code", false),
        text("source_country", true),
        text("source_igo", true),
        text("source_name", false),
        text("target_code", false),
        text("target_country", true),
        text("target_igo", true),
        text("target_name", false),
        text("cameo", false),
        text("root", false),
        Field::new("quad", DataType::Int32, false),
        Field::new("goldstein", DataType::Float32, true),
        text("plover_type", true),
        text("plover_mode", true),
        Field::new("negated", DataType::Boolean, false),
        text("location_name", true),
        text("location_country", true),
        Field::new("num_mentions", DataType::Int64, false),
        Field::new("num_articles", DataType::Int64, false),
        Field::new("num_sources", DataType::Int64, false),
        text("document_id", false),
        text("url", true),
        text("sentence", false),
        Field::new(
            "added",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            false,
        ),
    ]))
}

/// The bytes of an event's strings, refusing one too long for a column.
fn text_bytes(e: &StoredEvent) -> Result<usize, ParquetError> {
    let texts = [
        ("date_text", e.date.as_deref()),
        ("source_code", Some(e.source.code.as_str())),
        ("source_country", e.source.country.as_deref()),
        ("source_igo", e.source.igo.as_deref()),
        ("source_name", Some(e.source.name.as_str())),
        ("target_code", Some(e.target.code.as_str())),
        ("target_country", e.target.country.as_deref()),
        ("target_igo", e.target.igo.as_deref()),
        ("target_name", Some(e.target.name.as_str())),
        ("cameo", Some(e.cameo.as_str())),
        ("root", Some(e.root.as_str())),
        ("plover_type", e.plover_type.as_deref()),
        ("plover_mode", e.plover_mode.as_deref()),
        ("location_name", e.location_name.as_deref()),
        ("location_country", e.location_country.as_deref()),
        ("document_id", Some(e.document_id.as_str())),
        ("url", e.url.as_deref()),
        ("sentence", Some(e.sentence.as_str())),
    ];
    let mut total = 0usize;
    for (column, text) in texts {
        let len = text.map_or(0, str::len);
        if len > MAX_VALUE_BYTES {
            return Err(ParquetError::ValueTooLarge {
                event_id: e.id,
                column,
                len,
            });
        }
        total = total.saturating_add(len);
    }
    Ok(total)
}

/// The data file of one partition, while it is written.
#[derive(Debug)]
struct PartitionFile {
    /// Where the file is written, and where it goes once complete.
    temporary: PathBuf,
    path: PathBuf,
    /// `None` once complete.
    writer: Option<ArrowWriter<TemporaryFile>>,
    batch: Batch,
    schema: SchemaRef,
    /// Renamed into place: no temporary file to delete.
    committed: bool,
}

impl PartitionFile {
    fn create(
        dir: &Path,
        partition: (i32, u32),
        options: &DatasetOptions,
        schema: SchemaRef,
        properties: WriterProperties,
    ) -> Result<PartitionFile, ParquetError> {
        let (year, month) = partition;
        let partition_dir = dir
            .join(format!("year={year:04}"))
            .join(format!("month={month:02}"));
        fs::create_dir_all(&partition_dir).map_err(ParquetError::io(&partition_dir))?;
        let name = format!("part-{}-{}.parquet", options.shard, options.attempt);
        let path = partition_dir.join(&name);
        // Hidden (`.`) and not `*.parquet`: no reader or glob picks it up.
        let temporary = partition_dir.join(format!(".{name}.tmp"));
        // Created (or emptied, the leftover of a killed run) now, opened
        // when first written.
        File::create(&temporary).map_err(ParquetError::io(&temporary))?;
        let file = TemporaryFile {
            path: temporary.clone(),
            file: None,
        };
        let mut partition_file = PartitionFile {
            temporary,
            path,
            writer: None,
            batch: Batch::new(),
            schema: schema.clone(),
            committed: false,
        };
        // On an error, dropping `partition_file` deletes the file.
        let writer = ArrowWriter::try_new(file, schema, Some(properties))
            .map_err(ParquetError::parquet(&partition_file.temporary))?;
        partition_file.writer = Some(writer);
        Ok(partition_file)
    }

    /// Whether the file is open (its writer has written to it since it
    /// was last closed).
    fn is_open(&self) -> bool {
        self.writer
            .as_ref()
            .is_some_and(|writer| writer.inner().file.is_some())
    }

    /// Closes the file, after syncing what was written (a file system may
    /// report a failed write only to `fsync` or `close`, and `close` errors
    /// are lost). The writer reopens it when it next writes.
    fn close_file(&mut self) -> Result<(), ParquetError> {
        if let Some(writer) = self.writer.as_mut() {
            if let Some(file) = writer.inner_mut().file.take() {
                file.sync_data()
                    .map_err(ParquetError::io(&self.temporary))?;
            }
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group.
    fn write_batch(&mut self) -> Result<(), ParquetError> {
        if self.batch.rows == 0 {
            return Ok(());
        }
        let batch =
            self.batch
                .finish(self.schema.clone())
                .map_err(|source| ParquetError::Arrow {
                    path: self.temporary.clone(),
                    source,
                })?;
        let Some(writer) = self.writer.as_mut() else {
            return Ok(());
        };
        writer
            .write(&batch)
            .and_then(|()| writer.flush())
            .map_err(ParquetError::parquet(&self.temporary))
    }

    /// Writes the last rows and the footer, and syncs the file, still
    /// under its temporary name.
    fn complete(&mut self) -> Result<(), ParquetError> {
        self.write_batch()?;
        if let Some(writer) = self.writer.take() {
            let mut file = writer
                .into_inner()
                .map_err(ParquetError::parquet(&self.temporary))?;
            // On disk before it is visible under its name.
            file.open()
                .and_then(|f| f.sync_all())
                .map_err(ParquetError::io(&self.temporary))?;
        }
        Ok(())
    }

    /// Renames the complete file into place, over a file of the same name.
    fn rename(&mut self) -> Result<(), ParquetError> {
        fs::rename(&self.temporary, &self.path).map_err(ParquetError::io(&self.path))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for PartitionFile {
    /// An abandoned file (an error, or the writer dropped unfinished)
    /// leaves no temporary file behind.
    fn drop(&mut self) {
        // Closes the file first: Windows cannot remove an open file.
        drop(self.writer.take());
        if !self.committed {
            // Best effort: the error being reported matters more.
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

/// A temporary data file, opened on demand: [`DatasetWriter`] closes the
/// least recently written ones to bound the open files, and the next write
/// reopens it to append. The bytes written are the same either way.
#[derive(Debug)]
struct TemporaryFile {
    path: PathBuf,
    file: Option<File>,
}

impl TemporaryFile {
    fn open(&mut self) -> io::Result<&mut File> {
        let file = match self.file.take() {
            Some(file) => file,
            // Not `create`: a file deleted meanwhile (another run of the
            // shard cleaning up) is an error, not a new, truncated file.
            None => OpenOptions::new().append(true).open(&self.path)?,
        };
        Ok(self.file.insert(file))
    }
}

impl Write for TemporaryFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.open()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

/// The rows buffered for the next row group, one builder per column.
#[derive(Debug)]
struct Batch {
    rows: usize,
    text_bytes: usize,
    event_id: Int64Builder,
    date: Date32Builder,
    date_text: StringBuilder,
    precision: StringBuilder,
    source_code: StringBuilder,
    source_country: StringBuilder,
    source_igo: StringBuilder,
    source_name: StringBuilder,
    target_code: StringBuilder,
    target_country: StringBuilder,
    target_igo: StringBuilder,
    target_name: StringBuilder,
    cameo: StringBuilder,
    root: StringBuilder,
    quad: Int32Builder,
    goldstein: Float32Builder,
    plover_type: StringBuilder,
    plover_mode: StringBuilder,
    negated: BooleanBuilder,
    location_name: StringBuilder,
    location_country: StringBuilder,
    num_mentions: Int64Builder,
    num_articles: Int64Builder,
    num_sources: Int64Builder,
    document_id: StringBuilder,
    url: StringBuilder,
    sentence: StringBuilder,
    added: TimestampMicrosecondBuilder,
}

impl Batch {
    /// Empty builders, allocating nothing until used: a writer may hold
    /// a batch for each of many partitions.
    fn new() -> Batch {
        Batch {
            rows: 0,
            text_bytes: 0,
            event_id: Int64Builder::with_capacity(0),
            date: Date32Builder::with_capacity(0),
            date_text: StringBuilder::with_capacity(0, 0),
            precision: StringBuilder::with_capacity(0, 0),
            source_code: StringBuilder::with_capacity(0, 0),
            source_country: StringBuilder::with_capacity(0, 0),
            source_igo: StringBuilder::with_capacity(0, 0),
            source_name: StringBuilder::with_capacity(0, 0),
            target_code: StringBuilder::with_capacity(0, 0),
            target_country: StringBuilder::with_capacity(0, 0),
            target_igo: StringBuilder::with_capacity(0, 0),
            target_name: StringBuilder::with_capacity(0, 0),
            cameo: StringBuilder::with_capacity(0, 0),
            root: StringBuilder::with_capacity(0, 0),
            quad: Int32Builder::with_capacity(0),
            goldstein: Float32Builder::with_capacity(0),
            plover_type: StringBuilder::with_capacity(0, 0),
            plover_mode: StringBuilder::with_capacity(0, 0),
            negated: BooleanBuilder::with_capacity(0),
            location_name: StringBuilder::with_capacity(0, 0),
            location_country: StringBuilder::with_capacity(0, 0),
            num_mentions: Int64Builder::with_capacity(0),
            num_articles: Int64Builder::with_capacity(0),
            num_sources: Int64Builder::with_capacity(0),
            document_id: StringBuilder::with_capacity(0, 0),
            url: StringBuilder::with_capacity(0, 0),
            sentence: StringBuilder::with_capacity(0, 0),
            added: TimestampMicrosecondBuilder::with_capacity(0).with_timezone("UTC"),
        }
    }

    fn append(&mut self, e: &StoredEvent, text_bytes: usize) {
        self.event_id.append_value(e.id);
        self.date.append_option(e.day);
        self.date_text.append_option(e.date.as_deref());
        self.precision.append_value(e.precision.as_str());
        self.source_code.append_value(&e.source.code);
        self.source_country
            .append_option(e.source.country.as_deref());
        self.source_igo.append_option(e.source.igo.as_deref());
        self.source_name.append_value(&e.source.name);
        self.target_code.append_value(&e.target.code);
        self.target_country
            .append_option(e.target.country.as_deref());
        self.target_igo.append_option(e.target.igo.as_deref());
        self.target_name.append_value(&e.target.name);
        self.cameo.append_value(&e.cameo);
        self.root.append_value(&e.root);
        self.quad.append_value(i32::from(e.quad));
        self.goldstein.append_option(e.goldstein);
        self.plover_type.append_option(e.plover_type.as_deref());
        self.plover_mode.append_option(e.plover_mode.as_deref());
        self.negated.append_value(e.negated);
        self.location_name.append_option(e.location_name.as_deref());
        self.location_country
            .append_option(e.location_country.as_deref());
        self.num_mentions.append_value(e.num_mentions);
        self.num_articles.append_value(e.num_articles);
        self.num_sources.append_value(e.num_sources);
        self.document_id.append_value(&e.document_id);
        self.url.append_option(e.url.as_deref());
        self.sentence.append_value(&e.sentence);
        self.added.append_value(e.added_micros);
        self.rows += 1;
        self.text_bytes += text_bytes;
    }

    /// The buffered rows as a record batch, in [`COLUMNS`] order; the
    /// builders start over empty.
    fn finish(&mut self, schema: SchemaRef) -> Result<RecordBatch, ArrowError> {
        self.rows = 0;
        self.text_bytes = 0;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.event_id.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.date_text.finish()),
            Arc::new(self.precision.finish()),
            Arc::new(self.source_code.finish()),
            Arc::new(self.source_country.finish()),
            Arc::new(self.source_igo.finish()),
            Arc::new(self.source_name.finish()),
            Arc::new(self.target_code.finish()),
            Arc::new(self.target_country.finish()),
            Arc::new(self.target_igo.finish()),
            Arc::new(self.target_name.finish()),
            Arc::new(self.cameo.finish()),
            Arc::new(self.root.finish()),
            Arc::new(self.quad.finish()),
            Arc::new(self.goldstein.finish()),
            Arc::new(self.plover_type.finish()),
            Arc::new(self.plover_mode.finish()),
            Arc::new(self.negated.finish()),
            Arc::new(self.location_name.finish()),
            Arc::new(self.location_country.finish()),
            Arc::new(self.num_mentions.finish()),
            Arc::new(self.num_articles.finish()),
            Arc::new(self.num_sources.finish()),
            Arc::new(self.document_id.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.sentence.finish()),
            Arc::new(self.added.finish()),
        ];
        RecordBatch::try_new(schema, columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::StoredActor;

    /// The inverse of `civil_from_days` (Hinnant's `days_from_civil`).
    fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
        let year = if month <= 2 { year - 1 } else { year };
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let march_month = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * march_month + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    fn event(day: Option<i32>, precision: Precision) -> StoredEvent {
        let actor = |code: &str| StoredActor {
            code: code.to_string(),
            country: None,
            igo: None,
            name: code.to_string(),
        };
        StoredEvent {
            id: 1,
            date: None,
            day,
            precision,
            source: actor("RUS"),
            target: actor("UKR"),
            cameo: "042".to_string(),
            root: "04".to_string(),
            quad: 1,
            goldstein: None,
            plover_type: None,
            plover_mode: None,
            negated: false,
            location_name: None,
            location_country: None,
            num_mentions: 1,
            num_articles: 1,
            num_sources: 1,
            document_id: "d".to_string(),
            url: None,
            sentence: "s".to_string(),
            added_micros: 0,
        }
    }

    #[test]
    fn civil_from_days_known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_489), (2023, 5, 12));
        assert_eq!(civil_from_days(-719_468), (0, 3, 1));
        assert_eq!(civil_from_days(2_932_896), (9999, 12, 31));
    }

    #[test]
    fn civil_from_days_round_trips() {
        // Four centuries on either side of the epoch: every leap rule.
        for days in -146_097 * 4..146_097 * 4 {
            let (year, month, day) = civil_from_days(days);
            assert!((1..=12).contains(&month) && (1..=31).contains(&day));
            let back = days_from_civil(year.into(), month.into(), day.into());
            assert_eq!(back, i64::from(days), "{year}-{month}-{day}");
        }
    }

    #[test]
    fn civil_from_days_extremes_do_not_overflow() {
        for days in [i32::MIN, i32::MIN + 1, i32::MAX - 1, i32::MAX] {
            let (year, month, day) = civil_from_days(days);
            assert!((1..=12).contains(&month) && (1..=31).contains(&day));
            assert_eq!(
                days_from_civil(year.into(), month.into(), day.into()),
                i64::from(days)
            );
        }
    }

    #[test]
    fn partition_of_follows_precision() {
        assert_eq!(partition_of(&event(None, Precision::None)), (0, 0));
        assert_eq!(
            partition_of(&event(Some(19_489), Precision::Day)),
            (2023, 5)
        );
        // 2023-05-01, known to the month.
        assert_eq!(
            partition_of(&event(Some(19_478), Precision::Month)),
            (2023, 5)
        );
        // 2023-01-01 stands for "some day of 2023": the month is unknown.
        assert_eq!(
            partition_of(&event(Some(19_358), Precision::Year)),
            (2023, 0)
        );
        assert_eq!(partition_of(&event(Some(-1), Precision::Day)), (1969, 12));
    }

    #[test]
    fn shard_files_are_told_apart() {
        assert!(is_shard_file("part-00001-0.parquet", "00001"));
        assert!(is_shard_file("part-00001-17.parquet", "00001"));
        assert!(is_shard_file(".part-00001-2.parquet.tmp", "00001"));
        assert!(is_shard_file("part-a-1.parquet", "a"));
        // Shard `a-1`, attempt 0: not shard `a`'s.
        assert!(!is_shard_file("part-a-1-0.parquet", "a"));
        assert!(is_shard_file("part-a-1-0.parquet", "a-1"));
        assert!(!is_shard_file("part-00002-0.parquet", "00001"));
        assert!(!is_shard_file("part-00001-.parquet", "00001"));
        assert!(!is_shard_file("part-00001-x.parquet", "00001"));
        assert!(!is_shard_file("part-00001-0.parquet.tmp", "00001"));
        assert!(!is_shard_file(".part-00001-0.parquet", "00001"));
        assert!(!is_shard_file("part-00001-0.csv", "00001"));
        assert!(!is_shard_file("_SUCCESS", "00001"));
    }

    #[test]
    fn schema_has_the_columns_in_order() {
        let schema = schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, COLUMNS);
    }
}
