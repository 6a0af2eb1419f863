"""Read a report, as plain text or as the text layer of a PDF."""

from __future__ import annotations

import hashlib
import io
import logging
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from opendata.errors import InputError
from opendata.files import read_bytes_bounded, size_text


@dataclass(frozen=True)
class ReportText:
    """The text of one report and where it came from."""

    path: Path
    text: str
    sha256: str
    # For a PDF, the index of each page's first line in `text.split("\n")`.
    page_starts: tuple[int, ...] | None = None


# A closing report is tens of kilobytes of text; a PDF with images a few megabytes.
MAX_REPORT_BYTES = 50 * 1024 * 1024


def read_report(path: Path) -> ReportText:
    """Read `path` (.txt in UTF-8, or .pdf); a damaged file raises InputError naming it."""
    if not path.exists():
        raise InputError(f"{path}: no such report file")
    data = read_bytes_bounded(path, MAX_REPORT_BYTES, "report")
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(f"{path}: the report is empty")
    page_starts = None
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-"):
        pages = _pdf_pages(path, data)
        text = "\n".join(pages)
        page_starts = tuple(_starts(pages))
    else:
        text = _decode(path, data)
    # Accents written decomposed ("ma\u0301s") read as the composed letters the words have.
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(f"{path}: no text in the report (a scanned PDF needs OCR first)")
    return ReportText(path=path, text=text, sha256=digest, page_starts=page_starts)


def _starts(pages: list[str]) -> list[int]:
    starts, line = [], 0
    for page in pages:
        starts.append(line)
        line += page.count("\n") + 1
    return starts


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{path}:{line}: binary data (NUL byte) in a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pdf_pages(path: Path, data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    # pypdf logs its repairs of damaged files; a file it cannot read becomes our one error line.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        # Layout mode keeps blank lines between paragraphs and list items; plain mode drops them.
        pages = []
        size = 0
        for page in reader.pages:
            pages.append(page.extract_text(extraction_mode="layout"))
            size += len(pages[-1])
            if size > MAX_REPORT_BYTES:
                limit = size_text(MAX_REPORT_BYTES)
                raise InputError(f"{path}: PDF too complex or damaged (over {limit} of text)")
    except LimitReachedError as exc:  # pypdf's own bounds on what a file may make it allocate
        raise InputError(f"{path}: PDF too complex or damaged ({exc})") from None
    except RecursionError:  # objects nested thousands deep
        raise InputError(f"{path}: PDF too complex or damaged (nested too deeply)") from None
    # What pypdf raises on a damaged file besides its own errors.
    except (
        PyPdfError,
        DependencyError,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        NotImplementedError,
        OverflowError,
        struct.error,
        zlib.error,
    ) as exc:
        raise InputError(f"{path}: PDF too complex or damaged ({exc})") from None
    return pages
