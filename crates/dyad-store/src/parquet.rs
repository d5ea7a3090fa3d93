//! Export of events as a Hive-partitioned Parquet dataset.
//!
//! # Layout
//!
//! ```text
//! DIR/
//!   year=0000/month=00/part-00000-0.parquet   events with no known date
//!   year=2023/month=00/part-00000-0.parquet   events of 2023, month unknown
//!   year=2023/month=05/part-00000-0.parquet   events of May 2023
//!   _SUCCESS                                  written last: the dataset is complete
//! ```
//!
//! Each `year=YYYY/month=MM` directory holds one file per writer
//! (`part-{shard}-{attempt}.parquet`). The partition comes from the event's
//! date ([`partition_of`]):
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
//! A file is written under a hidden temporary name (`.part-….parquet.tmp`,
//! which every reader below skips) and renamed into place once complete, so
//! a reader never sees half a file, and a re-run of the same shard and
//! attempt replaces the file atomically.
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

use std::collections::BTreeSet;
use std::fs::{self, File};
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

/// The text a record batch may buffer before it is written out, whatever
/// its row count: bounds memory for long sentences, and keeps every string
/// column below Arrow's 2 GiB of 32-bit offsets.
const MAX_BATCH_TEXT_BYTES: usize = 128 << 20;

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
    /// overwrites a file a reader may hold.
    pub attempt: u32,
    /// The most rows of a row group, and of the batch buffered in memory.
    pub row_group_rows: usize,
}

impl Default for DatasetOptions {
    fn default() -> Self {
        DatasetOptions {
            shard: "00000".to_string(),
            attempt: 0,
            row_group_rows: 131_072,
        }
    }
}

/// What [`DatasetWriter::finish`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSummary {
    /// Events written.
    pub rows: u64,
    /// The data files, relative to the dataset directory, in the order
    /// written.
    pub files: Vec<PathBuf>,
    /// Partition directories holding a file.
    pub partitions: usize,
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
    /// The event belongs to a partition whose file is already closed.
    #[error(
        "event {event_id}: partition year={year:04}/month={month:02} is already written; \
         events must arrive sorted by partition (year, month)"
    )]
    Unsorted {
        event_id: i64,
        year: i32,
        month: u32,
    },
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
    /// An earlier error left a partition incomplete; writing on would
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
/// unknown, month `0` when only its year is known. Sorting events by it
/// gives [`DatasetWriter::push`] the order it needs.
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

/// Writes events into a Hive-partitioned Parquet dataset (see the module
/// documentation for the layout).
#[derive(Debug)]
pub struct DatasetWriter {
    dir: PathBuf,
    options: DatasetOptions,
    schema: SchemaRef,
    properties: WriterProperties,
    /// The file of the partition events are arriving for.
    open: Option<PartitionFile>,
    /// Partitions whose file is closed: an event for one of them came out
    /// of order.
    closed: BTreeSet<(i32, u32)>,
    files: Vec<PathBuf>,
    rows: u64,
    aborted: bool,
}

impl DatasetWriter {
    /// Creates the dataset directory `dir`, which must not exist or be
    /// empty.
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
        fs::create_dir_all(dir).map_err(ParquetError::io(dir))?;
        let mut entries = fs::read_dir(dir).map_err(ParquetError::io(dir))?;
        if entries.next().is_some() {
            return Err(ParquetError::DirNotEmpty {
                path: dir.to_path_buf(),
            });
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
            schema: schema(),
            properties,
            open: None,
            closed: BTreeSet::new(),
            files: Vec::new(),
            rows: 0,
            aborted: false,
        })
    }

    /// Adds one event. Events must arrive grouped by [`partition_of`]
    /// (sorting by it does): an event of a partition already closed is
    /// refused with [`ParquetError::Unsorted`], and the writer stays usable.
    pub fn push(&mut self, e: &StoredEvent) -> Result<(), ParquetError> {
        if self.aborted {
            return Err(ParquetError::Aborted {
                path: self.dir.clone(),
            });
        }
        let partition = partition_of(e);
        let current = self.open.as_ref().map(|file| file.partition);
        if current != Some(partition) && self.closed.contains(&partition) {
            return Err(ParquetError::Unsorted {
                event_id: e.id,
                year: partition.0,
                month: partition.1,
            });
        }
        let text_bytes = text_bytes(e)?;
        let result = self.append(e, partition, text_bytes);
        if result.is_err() {
            // The partition's file is gone (its temporary file removed):
            // writing on would silently lose its earlier rows.
            self.aborted = true;
            self.open = None;
        }
        result
    }

    fn append(
        &mut self,
        e: &StoredEvent,
        partition: (i32, u32),
        text_bytes: usize,
    ) -> Result<(), ParquetError> {
        let mut file = match self.open.take() {
            Some(file) if file.partition == partition => file,
            previous => {
                if let Some(previous) = previous {
                    self.close(previous)?;
                }
                PartitionFile::create(
                    &self.dir,
                    partition,
                    &self.options,
                    self.schema.clone(),
                    self.properties.clone(),
                )?
            }
        };
        let batch = &file.batch;
        if batch.rows > 0 && batch.text_bytes + text_bytes > MAX_BATCH_TEXT_BYTES {
            file.write_batch()?;
        }
        file.batch.append(e, text_bytes);
        if file.batch.rows >= self.options.row_group_rows {
            file.write_batch()?;
        }
        self.open = Some(file);
        self.rows += 1;
        Ok(())
    }

    fn close(&mut self, file: PartitionFile) -> Result<(), ParquetError> {
        let partition = file.partition;
        let path = file.commit()?;
        self.closed.insert(partition);
        // The path is under `dir` by construction.
        let relative = path.strip_prefix(&self.dir).unwrap_or(&path);
        self.files.push(relative.to_path_buf());
        Ok(())
    }

    /// Closes the last file and writes `_SUCCESS`, last.
    pub fn finish(mut self) -> Result<DatasetSummary, ParquetError> {
        if self.aborted {
            return Err(ParquetError::Aborted { path: self.dir });
        }
        if let Some(file) = self.open.take() {
            self.close(file)?;
        }
        let success = self.dir.join(SUCCESS);
        File::create(&success)
            .and_then(|f| f.sync_all())
            .map_err(ParquetError::io(&success))?;
        Ok(DatasetSummary {
            rows: self.rows,
            partitions: self.closed.len(),
            files: self.files,
        })
    }
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
    partition: (i32, u32),
    /// Where the file is written, and where it goes once complete.
    temporary: PathBuf,
    path: PathBuf,
    /// `None` once committed.
    writer: Option<ArrowWriter<File>>,
    batch: Batch,
    schema: SchemaRef,
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
        let file = File::create(&temporary).map_err(ParquetError::io(&temporary))?;
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties))
            .map_err(ParquetError::parquet(&temporary))?;
        Ok(PartitionFile {
            partition,
            temporary,
            path,
            writer: Some(writer),
            batch: Batch::new(),
            schema,
        })
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

    /// Completes the file and renames it into place; returns its path.
    fn commit(mut self) -> Result<PathBuf, ParquetError> {
        self.write_batch()?;
        if let Some(writer) = self.writer.take() {
            let file = match writer.into_inner() {
                Ok(file) => file,
                Err(source) => {
                    self.remove_temporary();
                    return Err(ParquetError::parquet(&self.temporary)(source));
                }
            };
            // On disk before it is visible under its name.
            let synced = file.sync_all();
            drop(file);
            if let Err(source) = synced.and_then(|()| fs::rename(&self.temporary, &self.path)) {
                self.remove_temporary();
                return Err(ParquetError::io(&self.path)(source));
            }
        }
        Ok(std::mem::take(&mut self.path))
    }

    fn remove_temporary(&self) {
        // Best effort: the error being reported matters more.
        let _ = fs::remove_file(&self.temporary);
    }
}

impl Drop for PartitionFile {
    /// An abandoned file (an error, or the writer dropped unfinished)
    /// leaves no temporary file behind.
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            // Closes the file first: Windows cannot remove an open file.
            drop(writer);
            self.remove_temporary();
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
    fn new() -> Batch {
        Batch {
            rows: 0,
            text_bytes: 0,
            event_id: Int64Builder::new(),
            date: Date32Builder::new(),
            date_text: StringBuilder::new(),
            precision: StringBuilder::new(),
            source_code: StringBuilder::new(),
            source_country: StringBuilder::new(),
            source_igo: StringBuilder::new(),
            source_name: StringBuilder::new(),
            target_code: StringBuilder::new(),
            target_country: StringBuilder::new(),
            target_igo: StringBuilder::new(),
            target_name: StringBuilder::new(),
            cameo: StringBuilder::new(),
            root: StringBuilder::new(),
            quad: Int32Builder::new(),
            goldstein: Float32Builder::new(),
            plover_type: StringBuilder::new(),
            plover_mode: StringBuilder::new(),
            negated: BooleanBuilder::new(),
            location_name: StringBuilder::new(),
            location_country: StringBuilder::new(),
            num_mentions: Int64Builder::new(),
            num_articles: Int64Builder::new(),
            num_sources: Int64Builder::new(),
            document_id: StringBuilder::new(),
            url: StringBuilder::new(),
            sentence: StringBuilder::new(),
            added: TimestampMicrosecondBuilder::new().with_timezone("UTC"),
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
    fn schema_has_the_columns_in_order() {
        let schema = schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, COLUMNS);
    }
}
