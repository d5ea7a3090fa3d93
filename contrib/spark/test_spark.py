#!/usr/bin/env python3
"""End-to-end test of contrib/spark/dyad_spark.py (run by .ci/run).

Writes a small corpus of news-like JSON Lines documents (with one malformed
line), runs the Spark job in local[2], runs the single-process `dyad code`
on the same documents, and checks that:

- both give the same events (as a set of rows over doc_id, sentence_index,
  source_code, target_code, cameo, date_text, negated);
- Spark SQL reads the dataset back (count; GROUP BY year, month, with
  dyad's partitions: month 0 = year only, year 0 = undated);
- DuckDB reads it with hive_partitioning and counts the same;
- the malformed line came back as an error record, not lost.

Needs pyspark (4.3), duckdb, Java 17 or 21 (JAVA_HOME) and a built dyad:

    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
        python contrib/spark/test_spark.py [--dyad target/release/dyad]

Exits non-zero with a message on any mismatch.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ beside the sources

# (sentences, published): each document's text is its sentences joined.
# Dates: several months of 2023 and 2024, one year-only and one month-only
# publication date, and undated documents.
DOCS = [
    (["Russia and Kazakhstan signed an agreement on trade."], "2023-01-12"),
    (["The president of Armenia paid an official visit to France."], "2023-01-20"),
    (["Moldova expelled two Russian diplomats."], "2023-02-03"),
    (["Germany accused Poland of violating the treaty."], "2023-02-17"),
    (["Japan hosted the prime minister of India."], "2023-03-08"),
    (["China criticized the United States.", "The weather in Beijing was mild."], "2023-03-30"),
    (["Turkey and Greece signed an agreement on migration."], "2023-04-11"),
    (["Georgia did not criticize Turkey."], "2023-04-25"),
    (["The president of Ukraine paid an official visit to Poland."], "2023-05-12"),
    (["Iran condemned Israel.", "Israel accused Iran of supporting militants."], "2023-05-19"),
    (["Egypt hosted the foreign minister of Jordan."], "2023-06-02"),
    (["Brazil and Argentina signed an agreement on energy."], "2023-06-28"),
    (["Lithuania expelled three Belarusian diplomats."], "2023-07-07"),
    (["The prime minister of Canada paid an official visit to Mexico."], "2023-08-15"),
    (["Serbia accused Kosovo of provocations."], "2023-09-21"),
    (["Azerbaijan and Armenia signed an agreement on borders."], "2023-10-05"),
    (["Nothing happened in the capital on Sunday."], "2023-10-29"),
    (["Vietnam hosted the president of Indonesia."], "2023-11-14"),
    (["India criticized Pakistan.", "Pakistan condemned India."], "2023-12-01"),
    (["South Korea and Japan signed an agreement on security."], "2024-01-09"),
    (["The president of Kenya paid an official visit to Ethiopia."], "2024-01-30"),
    (["Estonia expelled a Russian diplomat."], "2024-02-14"),
    (["Hungary accused Romania of discrimination."], "2024-03-03"),
    (["The markets were calm and trading was light."], "2024-03-27"),
    (["Norway hosted the prime minister of Sweden."], "2024-04-18"),
    (["Chile and Peru signed an agreement on fishing."], "2024-05-06"),
    (["Nigeria condemned Niger."], "2024-06-12"),
    (["Saudi Arabia and Iran signed an agreement on diplomatic relations."], "2024-07-01"),
    (["The president of France paid an official visit to Morocco."], "2024-08-22"),
    (["Finland did not criticize Sweden."], "2024-09-10"),
    (["Spain hosted the king of Jordan."], "2024-10-16"),
    (["Algeria expelled two French diplomats."], "2024-11-04"),
    (["Thailand and Cambodia signed an agreement on tourism."], "2024-12-19"),
    # Month-only and year-only dates (month = 0 in the dataset).
    (["Belgium and the Netherlands signed an agreement on ports."], "2024-02"),
    (["Austria accused Slovakia of violating the agreement."], "2023"),
    # No publication date: undated events (year = 0, month = 0); the
    # second run gives them a --published default.
    (["Portugal hosted the president of Brazil."], None),
    (["A storm closed several roads in the north."], None),
    (["Denmark and Iceland signed an agreement on fisheries."], None),
    (["Greece criticized Turkey.", "Local football results were announced."], "2024-04-02"),
    (["Cuba condemned the United States."], "2023-08-01"),
]
MALFORMED = '{"id": "broken", "text": "Malta signed an agreement with Italy."'  # no }


def corpus_lines():
    lines = []
    for i, (sentences, published) in enumerate(DOCS):
        doc = {"id": f"doc{i:02d}", "text": " ".join(sentences), "source": "test wire"}
        if published:
            doc["published"] = published
        lines.append(json.dumps(doc))
        if i == 20:
            lines.append(MALFORMED)
    return lines


def fail(message):
    print(f"test_spark: FAIL: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def single_process_events(dyad, corpus):
    """`dyad code` over the whole corpus in one process: (events, stderr)."""
    cmd = [dyad, "code", "--threads", "1", "--input-format", "jsonl", corpus]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail(f"{' '.join(cmd)} exited with {p.returncode}:\n{p.stderr}")
    events = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return [e for e in events if "error" not in e], p.stderr


def event_key(doc_id, sentence_index, source_code, target_code, cameo, date_text, negated):
    return (doc_id, int(sentence_index), source_code, target_code, cameo, date_text, bool(negated))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dyad", default=os.path.join(ROOT, "target", "release", "dyad"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    dyad = os.path.abspath(args.dyad)
    if not os.access(dyad, os.X_OK):
        fail(f"no dyad binary at {dyad} (cargo build --release -p dyad)")

    import dyad_spark
    import duckdb
    from pyspark.sql import SparkSession

    started = time.time()
    work = tempfile.mkdtemp(prefix="dyad-spark-test-")
    try:
        corpus = os.path.join(work, "corpus.jsonl")
        with open(corpus, "w") as f:
            f.write("\n".join(corpus_lines()) + "\n")
        # A wrapper that logs each coding run: dyad must run once per
        # partition (the job persists the coded rows between the write and
        # the error report instead of coding the corpus twice).
        runs_log = os.path.join(work, "runs.log")
        wrapper = os.path.join(work, "dyad-wrapper")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\n"
                    f"case \"$*\" in *--help*) ;; *) echo run >> '{runs_log}' ;; esac\n"
                    f"exec '{dyad}' \"$@\"\n")
        os.chmod(wrapper, 0o755)
        out = os.path.join(work, "events")
        errors_out = os.path.join(work, "errors")
        # 1. The Spark job, in this process, local[2], two partitions.
        spark = (
            SparkSession.builder.master("local[2]")
            .appName("dyad-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        job_args = dyad_spark.parse_args(
            [corpus, "--out", out, "--dyad", wrapper, "--partitions", "2",
             "--errors-out", errors_out]
        )
        print(f"test_spark: dyad {dyad_spark.filter_flags(dyad)}")
        t0 = time.time()
        n_events, n_errors, shown = dyad_spark.run(spark, job_args)
        job_s = time.time() - t0
        print(f"test_spark: job wrote {n_events} events, {n_errors} error records in {job_s:.1f} s")
        if not os.path.exists(os.path.join(out, "_SUCCESS")):
            fail("no _SUCCESS in the output")
        with open(runs_log) as f:
            runs = len(f.readlines())
        if runs != 2:
            fail(f"dyad ran {runs} times for 2 partitions (expected once per partition)")

        # 2. The malformed line is an error record, not lost.
        if n_errors != 1:
            fail(f"expected 1 error record (the malformed line), got {n_errors}: {shown}")
        if "malformed JSON" not in shown[0]:
            fail(f"the error record does not name the malformed JSON: {shown[0]!r}")
        kept = []
        for name in sorted(os.listdir(errors_out)):
            if name.endswith(".json"):
                with open(os.path.join(errors_out, name)) as f:
                    kept += [json.loads(l)["error"] for l in f if l.strip()]
        if len(kept) != 1:
            fail(f"--errors-out kept {len(kept)} error records, expected 1")

        # 3. The same events as one dyad process over the same documents.
        single, single_stderr = single_process_events(dyad, corpus)
        if "malformed JSON" not in single_stderr:
            fail(f"single-process dyad did not report the malformed line:\n{single_stderr}")
        expected = collections.Counter(
            event_key(e["doc_id"], e["sentence_index"], e["source"]["code"],
                      e["target"]["code"], e["cameo"], e["date"], e["negated"])
            for e in single
        )
        df = spark.read.parquet(out)
        got = collections.Counter(
            event_key(*r)
            for r in df.select("doc_id", "sentence_index", "source_code", "target_code",
                               "cameo", "date_text", "negated").collect()
        )
        if len(single) < 30:
            fail(f"the corpus gave only {len(single)} events in one process; expected 30 or more")
        if got != expected:
            missing = expected - got
            extra = got - expected
            fail(f"Spark's events differ from one dyad process's: "
                 f"missing {sorted(missing)[:10]}, extra {sorted(extra)[:10]}")
        print(f"test_spark: same {len(single)} events as one dyad process")

        # 4. Spark SQL: types, count, GROUP BY year, month.
        types = dict(df.dtypes)
        for col, t in [("year", "int"), ("month", "int"), ("date", "date"), ("quad", "int"),
                       ("goldstein", "float"), ("negated", "boolean"), ("cameo", "string")]:
            if types.get(col) != t:
                fail(f"column {col} reads back as {types.get(col)}, expected {t}")
        df.createOrReplaceTempView("events")
        count = spark.sql("SELECT count(*) AS n FROM events").collect()[0]["n"]
        if count != len(single):
            fail(f"Spark SQL counts {count} events, expected {len(single)}")
        by_month = {
            (r["year"], r["month"]): r["n"]
            for r in spark.sql(
                "SELECT year, month, count(*) AS n FROM events GROUP BY year, month ORDER BY year, month"
            ).collect()
        }
        want_by_month = collections.Counter()
        for e in single:
            d = e["date"]
            if d is None:
                want_by_month[(0, 0)] += 1
            elif len(d) == 4:
                want_by_month[(int(d), 0)] += 1
            else:
                want_by_month[(int(d[:4]), int(d[5:7]))] += 1
        if by_month != dict(want_by_month):
            fail(f"GROUP BY year, month: {by_month}, expected {dict(want_by_month)}")
        years = {y for y, _ in by_month}
        if not {2023, 2024} <= years:
            fail(f"expected events in 2023 and 2024, got years {sorted(years)}")
        if len(by_month) < 12:
            fail(f"expected events in 12 or more year/month partitions, got {len(by_month)}")
        if not any(m == 0 and y > 0 for y, m in by_month):
            fail("no year-only events (month = 0)")
        if (0, 0) not in by_month:
            fail("no undated events (year = 0, month = 0)")
        # The date columns agree with date_text and precision.
        bad = spark.sql("""
            SELECT date_text, date, precision, year, month FROM events WHERE NOT (
              (precision = 'day'   AND date = to_date(date_text) AND year = year(date) AND month = month(date)) OR
              (precision = 'month' AND date = to_date(date_text || '-01') AND month = month(date)) OR
              (precision = 'year'  AND date = make_date(year, 1, 1) AND month = 0) OR
              (precision = 'none'  AND date IS NULL AND year = 0 AND month = 0))
        """).collect()
        if bad:
            fail(f"date columns disagree: {bad[:5]}")
        print(f"test_spark: Spark SQL reads {count} events in {len(by_month)} year/month partitions")

        # 5. --published: the default date of documents that give none.
        small = os.path.join(work, "small.jsonl")
        with open(small, "w") as f:
            f.write(json.dumps({"id": "undated", "text": "Portugal hosted the president of Brazil."}) + "\n")
            f.write(json.dumps({"id": "dated", "text": "Nigeria condemned Niger.",
                                "published": "2023-03-09"}) + "\n")
        out2 = os.path.join(work, "events2")
        n2, e2, _ = dyad_spark.run(spark, dyad_spark.parse_args(
            [small, "--out", out2, "--dyad", dyad, "--published", "2022-06"]))
        dates = {(r["doc_id"], r["date_text"], r["year"], r["month"])
                 for r in spark.read.parquet(out2).collect()}
        if e2 or dates != {("undated", "2022-06", 2022, 6), ("dated", "2023-03-09", 2023, 3)}:
            fail(f"--published 2022-06: got {sorted(dates)}, {e2} errors")

        # 6. --text: whole files, one document each, the path as id; an
        # empty file is an error record that names the file.
        texts = os.path.join(work, "texts")
        os.makedirs(texts)
        files = {"a.txt": "Moldova expelled two Russian diplomats.\nGermany accused Poland of violating the treaty.\n",
                 "b.html": "<html><body><p>Japan hosted the prime minister of India.</p></body></html>",
                 "empty.txt": ""}
        for name, content in files.items():
            with open(os.path.join(texts, name), "w") as f:
                f.write(content)
        out3 = os.path.join(work, "events3")
        n3, e3, shown3 = dyad_spark.run(spark, dyad_spark.parse_args(
            ["--text", texts, "--out", out3, "--dyad", dyad, "--published", "2023-04-02"]))
        got3 = sorted((os.path.basename(r["doc_id"]), r["cameo"])
                      for r in spark.read.parquet(out3).collect())
        if got3 != [("a.txt", "112"), ("a.txt", "161"), ("b.html", "043")]:
            fail(f"--text: events {got3}")
        if e3 != 1 or "empty.txt" not in shown3[0]:
            fail(f"--text: the empty file should be one error record naming it, got {e3}: {shown3}")
        spark.stop()

        # 7. DuckDB, with hive partitioning.
        con = duckdb.connect()
        pattern = os.path.join(out, "**", "*.parquet").replace("'", "''")
        n_duck = con.execute(
            f"SELECT count(*) FROM read_parquet('{pattern}', hive_partitioning = true)"
        ).fetchone()[0]
        if n_duck != len(single):
            fail(f"DuckDB counts {n_duck} events, expected {len(single)}")
        duck_months = dict(
            ((int(y), int(m)), n)
            for y, m, n in con.execute(
                f"SELECT year, month, count(*) FROM read_parquet('{pattern}', hive_partitioning = true) "
                "GROUP BY ALL"
            ).fetchall()
        )
        if duck_months != by_month:
            fail(f"DuckDB's GROUP BY year, month {duck_months} differs from Spark's {by_month}")
        print(f"test_spark: DuckDB reads the same {n_duck} events")
        print(f"test_spark: OK in {time.time() - started:.1f} s")
    finally:
        if args.keep:
            print(f"test_spark: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
