"""Tables the council keeps in Excel, read from and written to CSV: the machinery the plan and the registry share.

Reading: UTF-8 (with or without BOM) or cp1251 (Excel's «CSV» on Ukrainian Windows), «;» or «,», a header
row naming the columns in Ukrainian or English, every row checked, and the file refused as a whole with
each problem named by file, line and column. Writing: UTF-8 with a BOM, «;», CRLF, cells that Excel would
run as formulas quoted with «'» (the reader drops that «'» again).

A table's problems and messages: a ``TableProblem`` subclass names its catalog (``plan.csv``,
``registry.csv``) and its columns; a message key missing from that catalog is looked up under ``table``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from inspect_tui.i18n import catalog, get_language, t

#: a cell Excel would run as a formula starts with one of these; the export quotes it with «'», the import drops that «'»
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: problems listed before the rest are only counted
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class TableProblem:
    """One reason a file is refused: ``code`` is a message key of the table's catalog; ``line`` is 1-based."""

    #: the message namespace of the table (``plan.csv``); codes it lacks come from ``table``
    CATALOG: ClassVar[str] = "table"
    #: column key → (Ukrainian header, English header), in the order the export writes them
    COLUMNS: ClassVar[Mapping[str, tuple[str, str]]] = {}

    file: str
    code: str
    line: int | None = None
    column: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def message(cls, code: str, /, **params: Any) -> str:
        key = f"{cls.CATALOG}.{code}"
        return t(key if key in catalog(get_language()) else f"table.{code}", **params)

    def reason(self) -> str:
        return self.message(self.code, **self.params)

    def __str__(self) -> str:
        if self.line is None:
            return self.message("at_file", file=self.file, reason=self.reason())
        if self.column is None:
            return self.message("at_line", file=self.file, line=self.line, reason=self.reason())
        header = self.COLUMNS[self.column][0] if self.column in self.COLUMNS else self.column
        return self.message("at_cell", file=self.file, line=self.line, column=header, reason=self.reason())


class TableRejected(Exception):
    """The file was refused; nothing of it was imported. ``problems`` holds the first ``MAX_PROBLEMS``, ``total`` all."""

    def __init__(self, file: str, problems: list[TableProblem], total: int) -> None:
        kind = type(problems[0]) if problems else TableProblem
        super().__init__(kind.message("rejected", file=file, count=total))
        self.problems = problems
        self.total = total

    def lines(self) -> list[str]:
        """Every kept problem, then how many more there were."""
        more = [TableProblem.message("more", count=self.total - len(self.problems))] if self.total > len(self.problems) else []
        return [str(p) for p in self.problems] + more


@dataclass
class Row:
    """One data row: its cells by column key, and the problems found in them."""

    problem: type[TableProblem]
    file: str
    line: int
    cells: dict[str, str]
    problems: list[TableProblem] = field(default_factory=list)

    def bad(self, column: str | None, code: str, /, **params: Any) -> None:
        self.problems.append(self.problem(self.file, code, self.line, column, params))


@dataclass(frozen=True)
class Table:
    """How one kind of table is read: its problem type (catalog, columns), the columns it needs, its bounds."""

    problem: type[TableProblem]
    rejected: type[TableRejected]
    required: tuple[str, ...]
    max_bytes: int
    max_rows: int
    #: problems of a header beyond a missing required column (the plan needs a month or a quarter column)
    header_check: Callable[[dict[str, int], str], list[TableProblem]] | None = None

    def refuse(self, file: str, code: str, /, line: int | None = None, **params: Any) -> TableRejected:
        return self.rejected(file, [self.problem(file, code, line, params=params)], 1)

    def decode(self, raw: bytes, file: str) -> str:
        """UTF-8 (with or without BOM) when the bytes are valid UTF-8, else cp1251.

        UTF-16 («Unicode text») and binary files are refused: cp1251 would read them as nonsense.
        """
        if len(raw) > self.max_bytes:
            raise self.refuse(file, "too_big", size=len(raw), limit=self.max_bytes)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise self.refuse(file, "utf16")
        if b"\x00" in raw:
            raise self.refuse(file, "binary")
        try:
            text = raw.removeprefix(UTF8_BOM).decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1251")
            except UnicodeDecodeError as exc:
                raise self.refuse(file, "encoding", offset=exc.start) from None
        if _CONTROL.search(text):  # escape sequences and the like: no table has them, a terminal would act on them
            raise self.refuse(file, "binary")
        return text

    def _header(self, cells: list[str], file: str) -> tuple[dict[str, int], list[TableProblem]]:
        columns = self.problem.COLUMNS
        names = {name.casefold(): key for key, pair in columns.items() for name in pair}
        known = "; ".join(pair[0] for pair in columns.values())
        positions: dict[str, int] = {}
        problems: list[TableProblem] = []
        for index, raw in enumerate(cells):
            label = raw.strip().removeprefix("\ufeff").strip()
            key = names.get(label.casefold())
            if key is None:
                if label:
                    problems.append(self.problem(file, "unknown_column", 1, params={"name": label[:60], "known": known}))
                continue
            if key in positions:
                problems.append(self.problem(file, "duplicate_column", 1, params={"name": label}))
            positions[key] = index
        problems += [
            self.problem(file, "missing_column", 1, params={"name": columns[key][0]}) for key in self.required if key not in positions
        ]
        if self.header_check is not None:
            problems += self.header_check(positions, file)
        return positions, problems

    def rows(self, raw: bytes, file: str) -> tuple[dict[str, int], list[Row], list[TableProblem]]:
        """The header's columns, every data row, and the problems of the file's structure.

        Refused at once (``rejected``): a file too big, not text, with no or a bad header, with more rows
        than any such table has. Blank rows (and the «;;;;» rows Excel leaves under a table) are skipped.
        """
        text = self.decode(raw, file)
        first = text.split("\n", 1)[0]
        delimiter = ";" if ";" in first or "," not in first else ","
        positions: dict[str, int] | None = None
        rows: list[Row] = []
        problems: list[TableProblem] = []
        count = 0
        for line, cells in _records(text, delimiter):
            if cells is None:
                problems.append(self.problem(file, "bad_quoting", line))
                break
            if not any(c.strip() for c in cells):
                continue
            if positions is None:
                positions, header_problems = self._header(cells, file)
                if header_problems:
                    raise self.rejected(file, header_problems, len(header_problems))
                continue
            count += 1
            if count > self.max_rows:  # no council keeps a table this long: the file is refused as a whole
                raise self.refuse(file, "too_many_rows", line, limit=self.max_rows)
            if len(cells) > len(self.problem.COLUMNS) * 2 + max(positions.values()):
                problems.append(self.problem(file, "too_many_cells", line, params={"count": len(cells)}))
                continue
            rows.append(Row(self.problem, file, line, {key: _cell(cells[i]) if i < len(cells) else "" for key, i in positions.items()}))
        if positions is None:
            raise self.refuse(file, "empty")
        return positions, rows, problems

    def reject_if(self, file: str, problems: list[TableProblem]) -> None:
        if problems:
            raise self.rejected(file, problems[:MAX_PROBLEMS], len(problems))


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None]]:
    """(line where the record starts, its cells) for every record; cells None where the CSV syntax breaks."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, None
            return  # the reader cannot resynchronise after broken quoting
        yield start, row


def _cell(value: str) -> str:
    value = value.strip()
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def edrpou_cell(text: str) -> str:
    """Excel shows codes as numbers and drops their leading zeros: «32129» is 00032129."""
    return text.zfill(8) if text.isascii() and text.isdecimal() and len(text) < 8 else text


def excel_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def write_table(header: list[str], rows: list[list[str]]) -> bytes:
    """A table as Excel opens it right on Ukrainian Windows: UTF-8 with a BOM, «;», CRLF."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(excel_safe(cell) for cell in row)
    return UTF8_BOM + out.getvalue().encode("utf-8")
