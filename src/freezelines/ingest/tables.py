"""The raw archives' tables (CSV), each checked against its Frictionless schema in
``datapackage.yaml`` before it is read (used by the readers in :mod:`freezelines.ingest`).

:func:`check_table` finds every fault in one pass and raises :class:`~.raw_files.RawDataError`
naming the file and, for up to five faults, the line (of the file, counting the header as
line 1), the column and the value: a missing or extra column, a value of the wrong type, an
empty required value, a value out of range or not among the allowed ones, a repeated key.
:func:`read_table` returns the checked table typed by its schema.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from . import descriptor as D
from .raw_files import RawDataError, require, utf8_problem

TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "date": "a YYYY-MM-DD date",
    "datetime": "a date and time",
    "yearmonth": "a YYYY-MM month",
    "boolean": "true or false",
}


def _record_lines(path: Path) -> list[int]:
    """The line each CSV record starts on (record 0 is the header): quoted fields may hold line breaks."""
    out, start = [], 1
    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle)
        for _ in reader:
            out.append(start)
            start = reader.line_num + 1
    return out


def _problem(error, schema: dict, lines: list[int], header: list[str]) -> str:
    """One Frictionless error in words: where (line, column), the value and what is wrong with it."""

    def line_of(row: int | None) -> str:
        return str(lines[row - 1]) if row and row - 1 < len(lines) else str(row)

    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    spec = next((f for f in schema["fields"] if f["name"] == column), {})
    where = f"line {line_of(row)}" + (f", column {column!r}" if column else "")
    if error.type == "type-error":
        kind = spec.get("type", "")
        words = TYPE_WORDS.get(kind, f"of type {kind}")
        if spec.get("format") and spec["format"] != "default":
            words = f"a {kind} in the form {spec['format']}"
        return f"{where}: {cell!r} is not {words}"
    if error.type == "constraint-error":
        found = re.match(r'constraint "(\w+)" is "(.*)"', error.note or "")
        name, limit = found.groups() if found else ("", "")
        if name == "required":
            return f"{where}: empty, but a value is required"
        if name == "enum":
            return f"{where}: {cell!r} is not one of {spec['constraints']['enum']}"
        if name in ("minimum", "maximum"):
            return f"{where}: {cell!r} is {'below the minimum' if name == 'minimum' else 'above the maximum'} {limit}"
        if name == "pattern":
            return f"{where}: {cell!r} does not match the pattern {limit}"
        return f"{where}: {cell!r} breaks the constraint {error.note}"
    if error.type in ("unique-error", "primary-key"):
        other = re.search(r"position (\d+)", error.note or "")
        value = f"{cell!r} " if cell not in (None, "") else ""
        keys = f" (key {', '.join(schema.get('primaryKey', []))})" if error.type == "primary-key" else ""
        return f"{where}: {value}repeats line {line_of(int(other.group(1))) if other else '?'}{keys}"
    if error.type == "missing-label":
        shown = ", ".join(header[:8]) + (", ..." if len(header) > 8 else "")
        return f"line 1: column {column!r} missing from the header ({len(header)} columns: {shown})"
    if error.type == "missing-cell":
        return f"{where}: missing (the row has fewer fields than the header)"
    if error.type == "extra-cell":
        return f"line {line_of(row)}: more fields than the header has ({cell!r} is extra)"
    return f"{where}: {error.title} ({error.note})" if row or column else f"{error.title} ({error.note})"


def _resource(path: Path, schema: dict):
    from frictionless import Dialect, Resource, Schema
    from frictionless.formats import CsvControl

    # "subset": the schema types the columns it names; the file may have more.
    return Resource(
        path=path.name,
        basepath=str(path.parent),
        schema=Schema.from_descriptor({**schema, "fieldsMatch": "subset"}),
        format="csv",
        encoding="utf-8",
        dialect=Dialect(controls=[CsvControl(delimiter=",")]),
    )


def _rows(path: Path, schema: dict, limit: int = 5) -> tuple[list[str], list]:
    """The header's labels (every column, as the check reads them) and the rows of a raw CSV table read by Frictionless against ``schema`` (types and
    constraints, in one pass); raises :class:`RawDataError` on the first ``limit`` errors (see
    :func:`check_table`). A byte that is not UTF-8 is named with its line and column in the file."""
    from frictionless import FrictionlessException

    path = require(Path(path))
    problem = utf8_problem(path.read_bytes())
    if problem:
        raise RawDataError(f"{path.name}: {problem}")
    errors, rows = [], []
    labels: list[str] = []
    try:
        with _resource(path, schema) as resource:
            header = list(resource.header or [])
            if not header:
                raise RawDataError(f"{path.name}: the file is empty (no header line)")
            labels = list(resource.header.labels)
            errors += list(resource.header.errors)
            if not errors:
                for row in resource.row_stream:
                    rows.append(row)
                    errors += row.errors
    except FrictionlessException as exc:
        raise RawDataError(f"{path.name}: cannot be read as CSV ({exc.error.note or exc.error.title})") from exc
    except UnicodeDecodeError as exc:
        raise RawDataError(f"{path.name}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if errors:
        lines = _record_lines(path)
        problems = [_problem(error, schema, lines, header) for error in errors[:limit]]
        more = len(errors) - limit
        raise RawDataError(f"{path.name} " + "; ".join(problems) + (f"; and {more} more" if more > 0 else ""))
    return labels, rows


def check_table(path: Path, schema: dict, limit: int = 5) -> None:
    """Check a raw CSV table against its Frictionless ``schema`` (types and constraints).

    Raises :class:`RawDataError` naming the file and, for up to ``limit`` errors, the line (of
    the file: the header is line 1, and a quoted field may span lines), the column, the value
    at fault and what is wrong with it: a missing file or column, a value of the wrong type,
    an empty required value, a value out of range or not among the allowed ones, a repeated key.
    """
    _rows(path, schema, limit)


def read_table(path: Path, schema: dict, *, typed: bool = True, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A raw CSV table checked as :func:`check_table` does, with ``_line``: the line each record starts on.

    ``typed``: the schema's columns only, typed (dates as datetime64, integers as Int64,
    numbers as float, booleans as bool, months as YYYY-MM text, text with '' for an empty cell).
    Otherwise every column as text, as written, under the header as checked (the labels with
    the spaces around them removed, as the schema check reads them). ``columns``: further
    columns, outside the schema, that the caller reads; one missing from the header is an error
    naming the file and the column.
    """
    path = require(Path(path))
    header, rows = _rows(path, schema)
    absent = [c for c in columns if c not in header]
    if absent:
        shown = ", ".join(header[:8]) + (", ..." if len(header) > 8 else "")
        raise RawDataError(
            f"{path.name} line 1: column {absent[0]!r} missing from the header ({len(header)} columns: {shown})"
        )
    lines = _record_lines(path)
    if not typed:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        if len(table.columns) != len(header):
            raise RawDataError(
                f"{path.name} line 1: {len(table.columns)} columns read, {len(header)} in the checked header"
            )
        table.columns = header
        table["_line"] = [lines[row.row_number - 1] for row in rows]
        return table
    table = pd.DataFrame(index=range(len(rows)))
    for spec in schema["fields"]:
        values = [row[spec["name"]] for row in rows]
        kind = spec["type"]
        if kind in ("date", "datetime"):
            column = pd.to_datetime(pd.Series(values, dtype=object))
        elif kind == "integer":
            column = pd.array(values, dtype="Int64")
        elif kind == "number":
            column = [float("nan") if v is None else float(v) for v in values]
        elif kind == "yearmonth":
            column = [None if v is None else f"{v[0]:04d}-{v[1]:02d}" for v in values]
        elif kind == "boolean":
            column = [bool(v) for v in values]
        else:
            column = ["" if v is None else str(v) for v in values]
        table[spec["name"]] = column
    table["_line"] = [lines[row.row_number - 1] for row in rows]
    return table


def raw_table(raw: Path, source: str, *, typed: bool = True, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A raw source's table (by its name in the descriptor), checked and read with :func:`read_table`."""
    return read_table(Path(raw) / D.source(source)["path"], D.raw_schema(source), typed=typed, columns=columns)


def check_raw_tables(raw: Path) -> None:
    """Check every raw table the descriptor gives a schema for (``make data``'s first step)."""
    for spec in D.sources().values():
        if "schema" in spec:
            check_table(Path(raw) / spec["path"], spec["schema"])
