"""Read and write registry tables as CSV (UTF-8 or GBK) or XLSX, with line numbers.

Chinese spreadsheets are often saved as GBK, so a CSV that is not UTF-8 is read as
GB18030 (a superset of GBK). Exports are UTF-8 with a BOM so Excel shows the Chinese
correctly. Every failure is an `ImportValidationError` whose problems are Chinese
sentences; nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from errors import ImportValidationError

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
TEXT_ONLY_HEADERS = {"统一社会信用代码"}  # numbers here mean Excel already mangled the value
# OWASP CSV injection: a cell starting with one of these is read as a formula by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# Digits, spaces and phone punctuation only: a phone "+86 22 1234", "-" for none, "-3".
_NUMBER_LIKE = re.compile(r"[+\-]?[\d\s+\-().()]*")


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]  # (line number in the file, header → cell)
    encoding: str


def escape_formula(text: str) -> str:
    """The OWASP rule: a cell a spreadsheet would read as a formula gets a leading quote."""
    return ESCAPE + text if text.startswith(FORMULA_PREFIXES) else text


def unescape_formula(text: str) -> str:
    """Undo `escape_formula` so an exported file imports back unchanged."""
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def looks_like_formula(text: str) -> bool:
    """True when a (stripped) text cell could run as a formula: it starts with = + - @ and
    is not just a number or phone number (which are harmless and common in 联系电话)."""
    if not text.startswith(FORMULA_PREFIXES):
        return False
    return text.startswith(("=", "@")) or _NUMBER_LIKE.fullmatch(text) is None


def _fail(message: str) -> ImportValidationError:
    return ImportValidationError([message], f"导入失败,未写入任何数据:{message}")


def read_table(path: Path) -> Table:
    """Rows of a .csv or .xlsx file keyed by (stripped) header; blank rows skipped."""
    if not path.exists():
        raise _fail(f"找不到文件 {path}。")
    if not path.is_file():
        raise _fail(f"“{path}”不是文件(是一个目录?),请给出 .csv 或 .xlsx 文件的路径。")
    if path.stat().st_size > MAX_BYTES:
        raise _fail(f"文件超过 {MAX_BYTES // 1024 // 1024} MB,请拆分后导入。")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise _fail(f"无法读取文件 {path}:{exc.strerror or exc.__class__.__name__}。") from None
        table = _read_csv(raw)
    elif suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path)
    elif suffix == ".xls":
        raise _fail("不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 或 CSV。")
    else:
        raise _fail(f"不支持的文件类型“{path.suffix}”,请使用 .csv 或 .xlsx。")
    if len(table.rows) > MAX_ROWS:
        raise _fail(f"文件有 {len(table.rows)} 行数据,超过上限 {MAX_ROWS} 行,请拆分后导入。")
    return table


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), "UTF-8" if encoding == "utf-8-sig" else "GBK/GB18030"
        except UnicodeDecodeError:
            continue
    raise _fail("无法识别文件编码,请另存为 UTF-8 或 GBK 编码的 CSV。")


def _read_csv(data: bytes) -> Table:
    if b"\x00" in data[:4096]:
        raise _fail(
            "文件不是文本 CSV(可能是 UTF-16 或二进制文件),请另存为 UTF-8 或 GBK 编码的 CSV。"
        )
    text, encoding = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_row = next(reader, None)
        if header_row is None or not any(cell.strip() for cell in header_row):
            raise _fail("文件是空的,第1行应为列名。")
        headers = tuple(_clean_header(h) for h in header_row)
        rows: list[tuple[int, dict[str, Any]]] = []
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
                raise _fail(f"第{start}行有{len(cells)}列,比列名行多,请检查是否有多余的逗号。")
            values = (unescape_formula(c) for c in cells)
            rows.append((start, dict(zip(headers, values, strict=False))))
    except csv.Error as exc:
        raise _fail(f"CSV 格式错误(第{reader.line_num}行):{exc}") from None
    return Table(headers, tuple(rows), encoding)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise _fail("无法读取该 Excel 文件,文件可能已损坏,或不是 .xlsx 格式。") from None
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header_row = next(iterator, None)
        if header_row is None or not any(v not in (None, "") for v in header_row):
            raise _fail("工作表是空的,第1行应为列名。")
        headers = tuple(_clean_header(h) for h in header_row)
        rows: list[tuple[int, dict[str, Any]]] = []
        for line, values in enumerate(iterator, start=2):
            if not any(v not in (None, "") and str(v).strip() for v in values):
                continue
            cells: dict[str, Any] = {}
            for header, value in zip(headers, values, strict=False):
                if header in TEXT_ONLY_HEADERS and isinstance(value, int | float):
                    raise _fail(
                        f"第{line}行 {header}被 Excel 存成了数字,可能已丢失位数;"
                        "请把该列设为“文本”格式后重新填写。"
                    )
                cells[header] = _cell(value)
            rows.append((line, cells))
    finally:
        workbook.close()
    return Table(headers, tuple(rows), "XLSX")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value
    return unescape_formula(str(value))


def _clean_header(value: Any) -> str:
    text = "" if value is None else str(value)
    return "".join(text.replace("\ufeff", "").split())


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write .csv (UTF-8 with BOM) or .xlsx, every cell as text so codes keep their digits.

    Cells that a spreadsheet would run as formulas are escaped (`escape_formula`), and XLSX
    cells are typed as strings, so an exported registry never executes anything when opened.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows([[_export_text(v) for v in row] for row in rows])
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "评价机构备案"
        for row_number, values in enumerate([list(headers), *rows], start=1):
            for column_number, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column_number)
                cell.value = _export_text(value)
                cell.data_type = "s"  # set after the value: openpyxl types "=…" as a formula
                cell.number_format = "@"
        workbook.save(path)
    else:
        raise _fail(f"不支持导出为“{path.suffix}”,请使用 .csv 或 .xlsx。")


def _export_text(value: Any) -> str:
    return "" if value is None else escape_formula(str(value))
