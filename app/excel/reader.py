"""Reading an uploaded workbook safely (catalog §4.1 step 3, file-level checks).

``open_workbook`` checks the extension and the content, the archive's sizes (zip bombs) and every XML
part for DTDs (entity expansion) before any spreadsheet parser sees the file; only then is it opened,
read-only and streamed (openpyxl ``read_only``: one row in memory at a time; xlrd for .xls). Formulas
are reported, never evaluated; external links are neither kept nor fetched; macros are refused.

Pure: a file path in, typed rows out; no database, no Flask. Every refusal is an ``ExcelFileError``
whose message is the catalog's verbatim Chinese text.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .cells import RawCell, is_blank
from .import_spec import OPTIONS_SHEET

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000

ONLY_XLS = "仅支持 *.xls 和 *.xlsx 文件"
TOO_LARGE = "文件超过 10MB"
TOO_MANY_ROWS = "数据行超过 5000 行，请拆分后导入"
EMPTY_HEADER = "表头第 {n} 列为空，请补全表头或删除该列"
DUPLICATE_HEADER = "表头“{label}”重复"
UNREADABLE = "文件无法读取，请另存为 xlsx 后重试"
NO_HEADER = "表头为空，请在第 1 行填写表头"
NO_SUCH_SHEET = "工作表“{name}”不存在"

# archive limits: a 10 MB upload of real data never comes near them; a bomb exceeds them at once
MAX_MEMBERS = 2000
MAX_UNPACKED = 256 * 1024 * 1024           # sum of declared sizes
MAX_RATIO = 200                            # per member, uncompressed / compressed (beyond 1 MB)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_MACRO_TYPES = (b"macroEnabled", b"vbaProject")
_SCAN_CHUNK = 256 * 1024


class ExcelFileError(ValueError):
    """The whole file is refused; ``message`` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SheetScan:
    """The header and size of one sheet, from a first streaming pass (upload, step 3)."""

    name: str
    headers: list[str]
    data_rows: int


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One non-empty data row: its spreadsheet row number (1-based) and its cells by header position."""

    number: int
    cells: list[RawCell]


def file_kind(file_name: str, head: bytes) -> str:
    """``"xlsx"`` or ``"xls"`` when the extension and the first bytes agree.

    Raises:
        ExcelFileError: 「仅支持 *.xls 和 *.xlsx 文件」 for any other extension (.xlsm, .csv …) or content
            that is not what the extension says (catalog §4.1 step 3).
    """
    suffix = Path(file_name or "").suffix.lower()
    if suffix == ".xlsx" and head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if suffix == ".xls" and head.startswith(_OLE_MAGIC):
        return "xls"
    raise ExcelFileError(ONLY_XLS)


class Workbook:
    """An opened upload. Use as a context manager; ``close`` releases the file handle."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path, self.kind = path, kind
        self._handle = path.open("rb") if kind == "xlsx" else None     # openpyxl judges a path by its suffix
        try:
            self._book = _open_xlsx(self._handle) if kind == "xlsx" else _open_xls(path)
        except BaseException:
            if self._handle is not None:
                self._handle.close()
            raise

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._handle is not None:
            self._book.close()
            self._handle.close()
        else:
            self._book.release_resources()

    @property
    def sheet_names(self) -> list[str]:
        """Every sheet's name, in workbook order."""
        return list(self._book.sheetnames) if self.kind == "xlsx" else list(self._book.sheet_names())

    @property
    def data_sheet_names(self) -> list[str]:
        """The sheets an admin may pick as data (every sheet but 可选值)."""
        return [n for n in self.sheet_names if n != OPTIONS_SHEET] or self.sheet_names[:1]

    def rows(self, sheet: str | None = None) -> Iterator[tuple[int, list[RawCell]]]:
        """Every row of ``sheet`` (default: the first data sheet) as ``(row number, cells)``, streamed.

        Raises:
            ExcelFileError: unknown sheet, or the file breaks while being read (「文件无法读取…」).
        """
        name = sheet or self.data_sheet_names[0]
        if name not in self.sheet_names:
            raise ExcelFileError(NO_SUCH_SHEET.format(name=name))
        try:
            if self.kind == "xlsx":
                yield from _xlsx_rows(self._book[name])
            else:
                yield from _xls_rows(self._book, self._book.sheet_by_name(name))
        except ExcelFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - any parser failure is one message to the user
            raise ExcelFileError(UNREADABLE) from exc

    def scan(self, sheet: str | None = None) -> SheetScan:
        """Header labels and the number of non-empty data rows, checking the header (step 3).

        Raises:
            ExcelFileError: 「表头第 N 列为空…」 (an empty header cell left of the last used column,
                or data under an empty header), 「表头“X”重复」, 「数据行超过 5000 行…」, 「表头为空…」.
        """
        name = sheet or self.data_sheet_names[0]
        rows = self.rows(name)
        headers = next((header_labels(cells) for number, cells in rows if number == 1), None)
        if not headers:
            raise ExcelFileError(NO_HEADER)
        count = 0
        for _number, cells in data_rows(rows):
            count += 1
            if count > MAX_ROWS:
                raise ExcelFileError(TOO_MANY_ROWS)
            beyond = next((i for i in range(len(headers), len(cells)) if not is_blank(cells[i].value)), None)
            if beyond is not None:
                raise ExcelFileError(EMPTY_HEADER.format(n=beyond + 1))
        return SheetScan(name, headers, count)

    def data(self, sheet: str | None = None) -> Iterator[SheetRow]:
        """The non-empty data rows of ``sheet`` (row 1 is the header), streamed."""
        rows = self.rows(sheet)
        for number, _cells in rows:
            if number == 1:
                break
        for number, cells in data_rows(rows):
            yield SheetRow(number, cells)


def header_labels(cells: list[RawCell]) -> list[str]:
    """The header row's labels, trimmed, up to its last non-empty cell.

    Raises:
        ExcelFileError: 「表头第 N 列为空，请补全表头或删除该列」, 「表头“X”重复」 (catalog §4.1 step 3).
    """
    labels = ["" if is_blank(c.value) else str(c.value).strip() for c in cells]
    while labels and not labels[-1]:
        labels.pop()
    seen: set[str] = set()
    for n, label in enumerate(labels, start=1):
        if not label:
            raise ExcelFileError(EMPTY_HEADER.format(n=n))
        if label in seen:
            raise ExcelFileError(DUPLICATE_HEADER.format(label=label))
        seen.add(label)
    return labels


def data_rows(rows: Iterator[tuple[int, list[RawCell]]]) -> Iterator[tuple[int, list[RawCell]]]:
    """The rows that hold at least one value (blank lines between data are skipped)."""
    for number, cells in rows:
        if any(c.is_formula or not is_blank(c.value) for c in cells):
            yield number, cells


def open_workbook(path: Path, file_name: str) -> Workbook:
    """Check and open an uploaded file (catalog §4.1 step 3).

    Args:
        path: the spooled upload on disk.
        file_name: the name the user gave it (only its extension is used).

    Returns:
        The opened ``Workbook``; the caller closes it.

    Raises:
        ExcelFileError: 「文件超过 10MB」, 「仅支持 *.xls 和 *.xlsx 文件」 (wrong extension, content that
            does not match it, or a macro-enabled workbook), 「文件无法读取，请另存为 xlsx 后重试」 (not a
            valid workbook, an archive over its limits, or an XML part with a DTD).
    """
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ExcelFileError(TOO_LARGE)
    with path.open("rb") as handle:
        kind = file_kind(file_name, handle.read(8))
    if kind == "xlsx":
        check_archive(path)
    try:
        return Workbook(path, kind)
    except ExcelFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - every parser failure is one message to the user
        raise ExcelFileError(UNREADABLE) from exc


def check_archive(path: Path) -> None:
    """Refuse a zip bomb, an entity-expansion part or a macro workbook before parsing.

    Sizes come from the central directory, which bounds what ``zipfile`` will ever inflate (it stops
    at the declared size), so the checks are cheap and cannot be outrun. Each XML part is then
    inflated once, chunk by chunk, and refused if it declares a DTD or is not UTF-8 (Excel writes
    UTF-8; another encoding could hide a DTD from the scan).
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExcelFileError(UNREADABLE) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
            raise ExcelFileError(UNREADABLE)
        for member in members:
            if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise ExcelFileError(UNREADABLE)
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise ExcelFileError(UNREADABLE)
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise ExcelFileError(ONLY_XLS)
        try:
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    _scan_xml(archive, member)
        except ExcelFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - a corrupt member
            raise ExcelFileError(UNREADABLE) from exc
        if any(t in archive.read("[Content_Types].xml") for t in _MACRO_TYPES):
            raise ExcelFileError(ONLY_XLS)


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    with archive.open(member) as stream:
        first = stream.read(_SCAN_CHUNK)
        if first.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")):
            raise ExcelFileError(UNREADABLE)
        tail, chunk = b"", first
        while chunk:
            if _DTD.search(tail + chunk):
                raise ExcelFileError(UNREADABLE)
            tail = chunk[-16:]
            chunk = stream.read(_SCAN_CHUNK)


def _open_xlsx(handle):
    from openpyxl import load_workbook
    return load_workbook(handle, read_only=True, data_only=False, keep_links=False, keep_vba=False)


def _open_xls(path: Path):
    import xlrd
    return xlrd.open_workbook(str(path), on_demand=True, formatting_info=False)


def _xlsx_rows(sheet) -> Iterator[tuple[int, list[RawCell]]]:
    expected = 1
    for row in sheet.iter_rows():
        cells = [RawCell(c.value, getattr(c, "data_type", None) == "f") for c in row]
        number = next((c.row for c in row if getattr(c, "row", None) is not None), expected)
        expected = number + 1
        yield number, cells


def _xls_rows(book, sheet) -> Iterator[tuple[int, list[RawCell]]]:
    """.xls cells; xlrd does not say which cells hold formulas (their cached result is read)."""
    import xlrd
    for index in range(sheet.nrows):
        cells = []
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_DATE:
                value: object = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                value = None
            else:
                value = cell.value
            cells.append(RawCell(value))
        yield index + 1, cells
