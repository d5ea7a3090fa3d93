"""Reads a Hive-partitioned Parquet dataset with pyarrow, for tests/parquet.rs.

    read_parquet.py DIR           one JSON object per row
    read_parquet.py --schema DIR  one JSON object describing the schema

Rows carry every column of the files plus `year` and `month` from the
partition directories; dates are ISO strings, timestamps integer
microseconds since the epoch. The schema object gives the dataset's Arrow
types (partition columns included) and, for every file, the Parquet
physical and logical type of each column.

When pyarrow cannot be imported, prints a line starting with `SKIPPED:` and
exits successfully: the caller decides whether that is acceptable.
"""

import json
import sys

try:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq
except ImportError as error:
    print(f"SKIPPED: cannot import pyarrow ({error})")
    sys.exit(0)


def open_dataset(path):
    # Hive partitioning infers `year` and `month` as integers; the default
    # ignore_prefixes skips `_SUCCESS` and hidden temporary files.
    return ds.dataset(path, format="parquet", partitioning="hive")


def print_rows(path):
    table = open_dataset(path).to_table()
    for name, as_type in (("date", pa.string()), ("added", pa.int64())):
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, pc.cast(table[name], as_type))
    for row in table.to_pylist():
        print(json.dumps(row, sort_keys=True, allow_nan=False))


def print_schema(path):
    dataset = open_dataset(path)
    files = {}
    for file in sorted(dataset.files):
        parquet = pq.ParquetFile(file)
        columns = []
        for i in range(len(parquet.schema)):
            column = parquet.schema.column(i)
            columns.append(
                {
                    "name": column.name,
                    "physical": column.physical_type,
                    "logical": str(column.logical_type),
                    "max_definition_level": column.max_definition_level,
                }
            )
        files[file] = columns
    description = {
        "dataset": [[field.name, str(field.type)] for field in dataset.schema],
        "files": files,
    }
    print(json.dumps(description, sort_keys=True))


def main(argv):
    if len(argv) == 3 and argv[1] == "--schema":
        print_schema(argv[2])
    elif len(argv) == 2:
        print_rows(argv[1])
    else:
        sys.exit(f"usage: {argv[0]} [--schema] DIR")


if __name__ == "__main__":
    main(sys.argv)
