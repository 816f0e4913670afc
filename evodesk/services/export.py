"""CSV files for spreadsheets: the chips list and the audit trail, as the operator sees them.

The dialect is chosen for Excel in Brazilian Portuguese, which is what the operators open these files with:

* UTF-8 with a byte-order mark (``utf-8-sig``): without the BOM Excel reads the file as Windows-1252 and
  "Cobrança" becomes "CobranÃ§a".
* ``;`` between fields: pt_BR uses the comma as the decimal separator, so Excel there splits CSV files on the
  semicolon (the list separator of the Windows regional settings) and would put a whole comma-separated line in
  one cell. Python's ``csv`` module and LibreOffice read it with ``delimiter=";"``.
* One header row; CRLF line ends; fields quoted only when they need it.
* Timestamps in ISO 8601 with their UTC offset, which no locale misreads.
* A text cell that would start a formula gets a leading apostrophe (:func:`neutralise`): one starting with
  ``=``, ``@``, a tab or a carriage return, or with ``+`` or ``-`` followed by anything but a number's
  characters. A profile name typed on a phone must not execute anything on the operator's machine. A signed
  number or a phone (``-1``, ``+55 (11) 98765-4321``) is left as it is: digits, spaces, parentheses, dots and
  dashes cannot call a function or reach another file, and an apostrophe would show in the cell (LibreOffice,
  and Excel too when the file is imported rather than opened, display it). The window writes its formatted
  phone column without the ``+`` (``55 11 98765-4321``), so no spreadsheet reads it as a sum.

Nothing here imports Qt: the window builds the rows (translated texts) and this module writes them, on a worker.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"
CSV_LINE_END = "\r\n"
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# After a leading + or -: what a signed number or a phone is made of, and nothing a formula could call.
_NUMBER_LIKE = re.compile(r"[+-][0-9 ().,/-]*")

Cell = str | int | float | datetime | None


def neutralise(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: a leading apostrophe when it would start a formula."""
    if not text.startswith(_FORMULA_TRIGGERS) or _NUMBER_LIKE.fullmatch(text):
        return text
    return "'" + text


def cell_text(value: Cell) -> str:
    """How one value is written: ISO 8601 for timestamps, empty for None, neutralised text otherwise."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return neutralise(value)


def write_csv(path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write ``header`` and ``rows`` to ``path`` in the dialect above; return the number of data rows.

    The file is written next to its destination and moved into place at the end, so an error (a full disk, a
    folder that disappeared) never leaves a half-written file under the operator's chosen name.
    """
    target = Path(path)
    handle, scratch = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    count = 0
    try:
        # mkstemp makes the file private to the owner; an export is an ordinary document.
        os.chmod(scratch, 0o644)
        with os.fdopen(handle, "w", encoding=CSV_ENCODING, newline="") as stream:
            writer = csv.writer(stream, delimiter=CSV_DELIMITER, lineterminator=CSV_LINE_END)
            writer.writerow([neutralise(str(title)) for title in header])
            for row in rows:
                if len(row) != len(header):
                    raise ValueError(f"row {count + 1} has {len(row)} fields, the header {len(header)}")
                writer.writerow([cell_text(value) for value in row])
                count += 1
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return count


def read_csv(path: str | os.PathLike[str]) -> list[list[str]]:
    """Read a file written by :func:`write_csv` back (header first): what a spreadsheet would get."""
    with open(path, encoding=CSV_ENCODING, newline="") as stream:
        return [list(row) for row in csv.reader(stream, delimiter=CSV_DELIMITER)]
