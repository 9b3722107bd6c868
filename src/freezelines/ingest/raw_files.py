"""What every raw reader shares: the error it raises (:class:`RawDataError`, whose message names
the file, the line or snapshot and the value at fault), the log of what it left out or repaired
(:class:`QA`, written to ``data/qa_report.csv``), and the checks of a file as a whole (present,
UTF-8, an xz stream that decompresses to the end)."""

from __future__ import annotations

import datetime as dt
import hashlib
import lzma
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


class RawDataError(ValueError):
    """A raw input that cannot be read as documented; the message says where and why."""


@dataclass
class QA:
    """What the readers left out or repaired, row by row, and counters for the summary."""

    rows: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def record(self, *, file: str, where: str, date: dt.date | None, issue: str, action: str, detail: str = ""):
        self.rows.append(
            {
                "file": file,
                "where": where,
                "date": date.isoformat() if date else "",
                "issue": issue,
                "action": action,
                "detail": detail,
            }
        )
        self.counts[issue] += 1

    def table(self) -> pd.DataFrame:
        columns = ["file", "where", "date", "issue", "action", "detail"]
        table = pd.DataFrame(self.rows, columns=columns)
        return table.sort_values(["file", "date", "where", "issue"], kind="stable").reset_index(drop=True)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RawDataError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def require(path: Path) -> Path:
    if not path.is_file():
        raise RawDataError(f"{path}: raw file not found")
    return path


def utf8_problem(data: bytes) -> str:
    """Where ``data`` stops being UTF-8: the first bad byte, its line and column (both from 1,
    the column in bytes) and its offset; ``""`` when all of it is UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        return f"byte 0x{data[at]:02x} at line {line}, column {column} (byte {at:,} of the file) is not UTF-8 ({exc.reason})"
    return ""


def xz_problem(path: Path) -> str:
    """What is wrong with a compressed (xz) file as a whole: ``""`` when its stream decompresses to
    the end and every check sum matches, else the decoder's complaint."""
    try:
        with lzma.open(path, "rb") as handle:
            while handle.read(1 << 22):
                pass
    except (lzma.LZMAError, EOFError) as exc:
        return str(exc) or type(exc).__name__
    return ""
