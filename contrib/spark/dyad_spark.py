#!/usr/bin/env python3
"""Code political events with dyad on a Spark cluster.

Reads documents (JSON Lines, one document a line; or whole text files with
--text), pipes each partition through one `dyad code` process, parses its
events into a DataFrame with a flat, explicit schema and writes a
Hive-partitioned Parquet dataset (year=Y/month=M, as dyad's own export:
month 0 when only the year is known, year 0 when the date is unknown).

    spark-submit --master 'local[2]' contrib/spark/dyad_spark.py \
        --dyad target/release/dyad --out events/ docs/*.jsonl

Documents dyad cannot read (malformed JSON, empty text, ...) come back as
error records: they are counted and printed at the end (and written as
JSON Lines with --errors-out), never dropped silently. A dyad failure
(exit status 2 or a signal: bad dictionary, out of memory) fails the task,
and Spark retries it.

See contrib/spark/README.md.
"""

import argparse
import datetime
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    BooleanType,
    DateType,
    FloatType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)

# The event columns, in order: the flat schema of the dataset (the
# partition columns year and month come last, from the directory names
# when it is read back). `error` is internal: it marks error records and is
# not written to the event dataset.
EVENT_SCHEMA = StructType(
    [
        StructField("doc_id", StringType(), False),
        StructField("sentence_index", IntegerType(), False),
        StructField("sentence_start", IntegerType(), True),
        StructField("sentence_end", IntegerType(), True),
        StructField("source_code", StringType(), True),
        StructField("source_country", StringType(), True),
        StructField("source_igo", StringType(), True),
        StructField("source_name", StringType(), True),
        StructField("target_code", StringType(), True),
        StructField("target_country", StringType(), True),
        StructField("target_igo", StringType(), True),
        StructField("target_name", StringType(), True),
        StructField("cameo", StringType(), True),
        StructField("root", StringType(), True),
        StructField("quad", IntegerType(), True),
        StructField("goldstein", FloatType(), True),
        StructField("plover_type", StringType(), True),
        StructField("plover_mode", StringType(), True),
        StructField("date_text", StringType(), True),
        StructField("date", DateType(), True),
        StructField("precision", StringType(), False),
        StructField("negated", BooleanType(), True),
        StructField("location_name", StringType(), True),
        StructField("location_country", StringType(), True),
        StructField("speaker_code", StringType(), True),
        StructField("num_mentions", IntegerType(), True),
        StructField("text", StringType(), True),
        StructField("year", IntegerType(), False),
        StructField("month", IntegerType(), False),
    ]
)
ROW_SCHEMA = StructType(
    # Nullable here: an error record fills only `error` (and the
    # partition columns, 0/0).
    [StructField(f.name, f.dataType, True) for f in EVENT_SCHEMA.fields]
    + [StructField("error", StringType(), True)]
)
N_EVENT_FIELDS = len(EVENT_SCHEMA.fields)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(text):
    """dyad's date string -> (date of the period's first day, precision,
    year, month), with dyad's partitions: month 0 when only the year is
    known, year 0 when the date is unknown (or not a date Python can hold)."""
    m = _DATE.match(text) if text else None
    if not m:
        return None, "none", 0, 0
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        first = datetime.date(year, int(month or 1), int(day or 1))
    except ValueError:
        return None, "none", 0, 0
    if day:
        return first, "day", year, int(month)
    if month:
        return first, "month", year, int(month)
    return first, "year", year, 0


def event_row(ev):
    """One event record of `dyad code --format json` -> a flat tuple in
    ROW_SCHEMA order."""
    src = ev.get("source") or {}
    tgt = ev.get("target") or {}
    plover = ev.get("plover") or {}
    loc = ev.get("location") or {}
    speaker = ev.get("speaker") or {}
    span = ev.get("sentence_span") or [None, None]
    date_text = ev.get("date")
    date, precision, year, month = parse_date(date_text)
    goldstein = ev.get("goldstein")
    quad = ev.get("quad")
    return (
        ev["doc_id"],
        int(ev["sentence_index"]),
        span[0],
        span[1],
        src.get("code"),
        src.get("country"),
        src.get("igo"),
        src.get("name"),
        tgt.get("code"),
        tgt.get("country"),
        tgt.get("igo"),
        tgt.get("name"),
        ev.get("cameo"),
        ev.get("root"),
        None if quad is None else int(quad),
        None if goldstein is None else float(goldstein),
        plover.get("type"),
        plover.get("mode"),
        date_text,
        date,
        precision,
        ev.get("negated"),
        loc.get("name"),
        loc.get("country"),
        speaker.get("code"),
        len(ev.get("mentions") or [ev]),
        ev.get("text"),
        year,
        month,
        None,
    )


def error_row(message):
    return (None,) * (N_EVENT_FIELDS - 2) + (0, 0, message)


# --- running dyad on an executor -------------------------------------------

_FLAGS = {}


def resolve_file(name):
    """A file on this machine: a path as given, or a file shipped with
    spark-submit --files (SparkFiles, by its base name); None if neither."""
    if os.path.exists(name):
        return os.path.abspath(name)
    try:
        shipped = SparkFiles.get(os.path.basename(name))
    except Exception:  # no SparkContext files on this worker
        return None
    return shipped if os.path.exists(shipped) else None


def resolve_binary(dyad):
    """The dyad binary on this machine: a path as given, a file shipped
    with --files (SparkFiles), or a name on PATH."""
    found = resolve_file(dyad) if os.sep in dyad else None
    if found is None:
        shipped = resolve_file(os.path.basename(dyad))
        if shipped is not None and os.path.isfile(shipped):
            found = shipped
    if found is None and os.sep not in dyad:
        found = shutil.which(dyad)
    if found is None:
        raise RuntimeError(
            f"dyad binary {dyad!r} not found on this executor (ship it with "
            f"spark-submit --files and pass --dyad with its file name, or put it on PATH)"
        )
    if not os.access(found, os.X_OK):
        os.chmod(found, 0o755)  # --files may drop the executable bit
    return found


def filter_flags(binary):
    """`--jsonl --errors-as-records` when this dyad has them (flushes per
    document; errors as records on stdout), else the older equivalent."""
    if binary not in _FLAGS:
        help_text = subprocess.run(
            [binary, "code", "--help"], capture_output=True, text=True, check=False
        ).stdout
        if "--jsonl" in help_text and "--errors-as-records" in help_text:
            _FLAGS[binary] = ["--jsonl", "--errors-as-records"]
        else:
            _FLAGS[binary] = ["--input-format", "jsonl", "-"]
    return _FLAGS[binary]


# An error dyad printed on stderr (the older dyad, without
# --errors-as-records): "dyad: error: -:LINE: message".
_STDERR_ERROR = re.compile(r"^dyad: error: (.*)$")


_LINE = re.compile(r"^-:(\d+): ")


def where(index, labels, message):
    """An error message of dyad's ("-:LINE: ...", LINE in this partition's
    input) with the file it came from when known (--text), else the
    partition."""
    m = _LINE.match(message)
    if m and labels and 0 < int(m.group(1)) <= len(labels):
        return f"{labels[int(m.group(1)) - 1]}: {message[m.end():]}"
    return f"partition {index}: {message}"


def make_coder(dyad, published, dicts, extra_args):
    """The function mapPartitionsWithIndex runs: one dyad process per
    partition, documents (bytes, one JSON line each) in, rows out."""

    def code_partition(index, docs):
        docs = iter(docs)
        first = next(docs, None)
        if first is None:
            return  # an empty partition: no process to start
        docs = itertools.chain([first], docs)
        binary = resolve_binary(dyad)
        flags = filter_flags(binary)
        cmd = [binary, "code", "--threads", "1"] + flags
        if published:
            cmd += ["--published", published]
        for d in dicts:
            path = resolve_file(d)
            if path is None:
                raise RuntimeError(f"dictionary {d!r} not found on this executor (ship it with --files)")
            cmd += ["--dict", path]
        cmd += extra_args
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err
            )
            feed_error = []
            labels = []  # with --text: the file of each line fed

            def feed():
                # A thread writes while this one reads: a partition's
                # events can exceed the pipe buffers either way.
                try:
                    for doc in docs:
                        if isinstance(doc, tuple):  # (label, line): --text
                            labels.append(doc[0])
                            doc = doc[1]
                        if isinstance(doc, str):
                            doc = doc.encode("utf-8")
                        proc.stdin.write(doc)
                        proc.stdin.write(b"\n")
                except BrokenPipeError:
                    pass  # dyad died; its exit status says why
                except BaseException as e:  # reading the input failed
                    feed_error.append(e)
                finally:
                    try:
                        proc.stdin.close()
                    except BrokenPipeError:
                        pass

            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
            error_records = 0
            try:
                for line in proc.stdout:
                    if not line.strip():
                        continue
                    rec = json.loads(line)
                    if "error" in rec and "doc_id" not in rec:
                        error_records += 1
                        yield error_row(where(index, labels, rec["error"]))
                    else:
                        yield event_row(rec)
            except BaseException:
                # The task was cancelled or a line did not parse: end dyad.
                proc.kill()
                proc.wait()
                raise
            rc = proc.wait()
            feeder.join()
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
        if feed_error:
            raise feed_error[0]
        if rc not in (0, 1):
            # 2: a fatal error (dictionary, model, output); < 0: a signal.
            # The task fails (its rows are dropped) and Spark retries it.
            raise RuntimeError(
                f"dyad failed on partition {index} (exit status {rc}): "
                f"{' '.join(cmd)}\n{stderr[-4000:]}"
            )
        if stderr:
            # The executor's log keeps dyad's summary and warnings (their
            # last 64 KiB: the summary comes last).
            tail = stderr if len(stderr) <= 65536 else "...\n" + stderr[-65536:]
            sys.stderr.write(f"[dyad, partition {index}] {tail}")
        if error_records == 0 and (rc == 1 or "--errors-as-records" not in flags):
            # An older dyad (or one that skipped something it could not
            # write as a record): the documents it skipped are on stderr.
            found = 0
            for l in stderr.splitlines():
                m = _STDERR_ERROR.match(l)
                if m:
                    found += 1
                    yield error_row(where(index, labels, m.group(1)))
            if found == 0 and rc == 1:
                yield error_row(
                    f"partition {index}: dyad exited with status 1 "
                    f"(something skipped): {stderr.strip()[-2000:]}"
                )

    return code_partition


# --- the job ----------------------------------------------------------------


def to_text_document(path_content):
    """(path, content) of wholeTextFiles -> (path, one JSON line): the file
    is one document, its path the id (HTML by extension)."""
    path, content = path_content
    field = "html" if path.lower().endswith((".html", ".htm")) else "text"
    line = json.dumps({"id": path, field: content}, ensure_ascii=False).encode("utf-8")
    return (path, line)


def read_documents(sc, args):
    """The documents as an RDD of JSON lines (bytes), or of (path, JSON
    line) with --text."""
    paths = ",".join(args.inputs)
    if args.text:
        rdd = sc.wholeTextFiles(paths, minPartitions=args.partitions or None).map(
            to_text_document
        )
    else:
        # Bytes, not str: dyad decodes (and reports) bad UTF-8 itself.
        rdd = sc.textFile(paths, minPartitions=args.partitions or None, use_unicode=False)
        rdd = rdd.filter(lambda line: line.strip() != b"")
    if args.partitions and rdd.getNumPartitions() != args.partitions:
        rdd = rdd.repartition(args.partitions)
    return rdd


def run(spark, args):
    """Runs the job; returns (events written, error records, the first
    error messages)."""
    sc = spark.sparkContext
    if __name__ != "__main__":
        # Imported (a test, a notebook): the workers unpickle the coder by
        # reference to this module, so they need its file.
        sc.addPyFile(os.path.abspath(__file__))
    docs = read_documents(sc, args)
    rows = docs.mapPartitionsWithIndex(
        make_coder(args.dyad, args.published, args.dict or [], args.dyad_arg or []),
        preservesPartitioning=True,
    )
    # Persisted: the write and the error report read the same coded rows;
    # without it the report would run dyad over the corpus a second time.
    coded = spark.createDataFrame(rows, ROW_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        events = coded.where(F.col("error").isNull()).select(
            *[F.col(f.name) for f in EVENT_SCHEMA.fields]
        )
        if args.repartition_by_month:
            # One file per year/month directory (per task otherwise).
            events = events.repartition("year", "month")
        (
            events.write.mode("overwrite")
            .option("compression", args.compression)
            .partitionBy("year", "month")
            .parquet(args.out)
        )
        counts = (
            coded.groupBy(F.col("error").isNull().alias("is_event")).count().collect()
        )
        n_events = sum(r["count"] for r in counts if r["is_event"])
        n_errors = sum(r["count"] for r in counts if not r["is_event"])
        errors_df = coded.where(F.col("error").isNotNull()).select("error")
        if args.errors_out and n_errors:
            errors_df.write.mode("overwrite").json(args.errors_out)
        shown = [r["error"] for r in errors_df.limit(args.show_errors).collect()]
    finally:
        coded.unpersist()
    return n_events, n_errors, shown


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Code political events with dyad on Spark; writes a "
        "year/month-partitioned Parquet dataset."
    )
    p.add_argument("inputs", nargs="+", help="input paths (any Hadoop path or glob)")
    p.add_argument("--out", required=True, help="output directory (overwritten)")
    p.add_argument(
        "--dyad",
        default="dyad",
        help="the dyad binary: a path, the name of a file shipped with "
        "--files, or a command on PATH (default: dyad)",
    )
    p.add_argument(
        "--text",
        action="store_true",
        help="inputs are plain text (or .html) files, one document each, id = path",
    )
    p.add_argument("--partitions", type=int, help="partitions (= dyad processes)")
    p.add_argument("--published", help="default publication date (dyad code --published)")
    p.add_argument(
        "--dict",
        action="append",
        help="a dictionary for dyad code --dict: a path, or the name of a file "
        "shipped with --files (repeat for several)",
    )
    p.add_argument(
        "--dyad-arg",
        action="append",
        help="an extra argument for dyad code (repeat: --dyad-arg=--keep-partial)",
    )
    p.add_argument(
        "--repartition-by-month",
        action="store_true",
        help="shuffle events by year/month before writing: one file per "
        "month directory instead of one per task",
    )
    p.add_argument("--compression", default="zstd", help="Parquet codec (default zstd)")
    p.add_argument("--errors-out", help="write every error record here (JSON Lines)")
    p.add_argument(
        "--show-errors", type=int, default=20, help="error records printed (default 20)"
    )
    p.add_argument(
        "--fail-on-errors",
        action="store_true",
        help="exit with status 1 when any document could not be read (as dyad "
        "code does); the dataset is written either way",
    )
    p.add_argument("--master", help="Spark master when not run by spark-submit")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    builder = SparkSession.builder.appName("dyad-code")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        n_events, n_errors, shown = run(spark, args)
    finally:
        spark.stop()
    print(f"dyad_spark: {n_events} events written to {args.out}")
    if n_errors:
        noun = "document" if n_errors == 1 else "documents"
        print(f"dyad_spark: {n_errors} {noun} could not be read (error records):")
        for e in shown:
            print(f"  {e}")
        if n_errors > len(shown):
            print(f"  ... and {n_errors - len(shown)} more" + (
                f" (all in {args.errors_out})" if args.errors_out else " (--errors-out PATH keeps them all)"))
    else:
        print("dyad_spark: no error records")
    return 1 if n_errors and args.fail_on_errors else 0


if __name__ == "__main__":
    sys.exit(main())
