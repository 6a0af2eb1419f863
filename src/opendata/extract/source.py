"""Read a report, as plain text or as the text layer of a PDF."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from opendata.errors import InputError


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
    if not path.is_file():
        raise InputError(f"{path}: no such report file")
    size = path.stat().st_size
    if size > MAX_REPORT_BYTES:
        raise InputError(
            f"{path}: {size / 2**20:.0f} MiB is too large for a report "
            f"(limit {MAX_REPORT_BYTES // 2**20} MiB); is this the right file?"
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(f"{path}: the report is empty")
    page_starts = None
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-"):
        pages = _pdf_pages(path)
        text = "\n".join(pages)
        page_starts = tuple(_starts(pages))
    else:
        text = _decode(path, data)
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


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs its repairs of damaged files; a file it cannot read becomes our one error line.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(path)
        # Layout mode keeps blank lines between paragraphs and list items; plain mode drops them.
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InputError(f"{path}: unreadable PDF ({exc})") from None
    return pages
