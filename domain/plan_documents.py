"""The text of an uploaded plan document (.txt, .md, .docx, .pdf), for the plan reader.

Word and PDF readers are imported only when such a file arrives, so the rest of the
bot runs without them. Word list paragraphs come out as "- " lines and Word headings
as "# " lines, the shapes the plan reader knows.

A document is bounded before it is read: a .docx (a zip) may expand to MAX_EXPANDED bytes in
at most MAX_PARTS parts, a PDF may have MAX_PDF_PAGES pages, and no more than MAX_CHARS
characters are read from any file. Beyond that it is no plan but a zip bomb or a book
("too_large"). The bot reads documents in a separate process with a time and memory limit
(``python -m domain.plan_documents``, see handlers/document_reader.py).
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePath

MAX_EXPANDED = 25 * 1024 * 1024  # a 60-page plan with photos unpacks to a few MB
MAX_PARTS = 300  # a Word file has 10 to 30 parts, a few more per picture
MAX_PDF_PAGES = 100
MAX_CHARS = 200_000  # about 70 pages of text; the longest real plans are a fifth of that


class PlanDocumentError(ValueError):
    """A file the bot cannot read a plan from; ``reason`` says why, for the reply:
    "unsupported", "binary", "unreadable", "empty", "too_large" or "too_slow"."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


# Control characters a text file does not contain (tab, newlines and form feed excepted).
_CONTROL = frozenset(chr(c) for c in range(32)) - set("\t\n\r\f")
_MAX_CONTROL_SHARE = 0.01


def extract_text(filename: str, data: bytes) -> str:
    """The plan's text; raises PlanDocumentError when there is none to read."""
    suffix = PurePath(filename).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise PlanDocumentError("unsupported", f"cannot read {suffix or 'files without a suffix'}")
    if not data.strip():
        raise PlanDocumentError("empty", "the file is empty")
    text = reader(data)
    if not text.strip():
        raise PlanDocumentError("empty", "the file holds no text")
    if len(text) > MAX_CHARS:
        raise _too_large(f"more than {MAX_CHARS} characters")
    return text


def _too_large(why: str) -> PlanDocumentError:
    return PlanDocumentError("too_large", why)


def _bounded(lines: Iterator[str]) -> str:
    """The lines joined, stopping as soon as there are more characters than a plan has."""
    kept, length = [], 0
    for line in lines:
        length += len(line) + 1
        if length > MAX_CHARS + 1:
            raise _too_large(f"more than {MAX_CHARS} characters")
        kept.append(line)
    return "\n".join(kept)


def _plain_text(data: bytes) -> str:
    text = _decode(data)
    if len(text) > MAX_CHARS:
        raise _too_large(f"more than {MAX_CHARS} characters")
    controls = sum(1 for ch in text if ch in _CONTROL)
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise PlanDocumentError("binary", "the file is not text")
    return text


def _decode(data: bytes) -> str:
    """UTF-8 (or UTF-16 when it says so), else Windows-1252, the two encodings Swedish
    text files come in; NUL bytes mean a binary file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise PlanDocumentError("binary", "the file is not text") from error
    if b"\x00" in data:
        raise PlanDocumentError("binary", "the file is not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise PlanDocumentError("binary", "the file is not text") from error


def _docx_text(data: bytes) -> str:
    _check_zip(data)
    try:
        import docx
    except ImportError as error:
        raise PlanDocumentError("unsupported", "reading .docx needs python-docx") from error
    try:
        document = docx.Document(io.BytesIO(data))
        return _bounded(_docx_lines(document))
    except PlanDocumentError:
        raise
    except Exception as error:  # a damaged file fails anywhere in zip, XML or docx
        raise PlanDocumentError("unreadable", "the Word file cannot be read") from error


def _check_zip(data: bytes) -> None:
    """Refuse a zip that would unpack to more than a plan. Python's zipfile never inflates a part
    beyond the size its header declares (and checks the CRC), so the declared sizes are a bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PlanDocumentError("unreadable", "the Word file cannot be read") from error
    if len(parts) > MAX_PARTS:
        raise _too_large(f"{len(parts)} parts in the zip")
    if sum(part.file_size for part in parts) > MAX_EXPANDED:
        raise _too_large(f"the zip unpacks to more than {MAX_EXPANDED} bytes")


def _docx_lines(document) -> Iterator[str]:
    """Paragraphs and table cells in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    # Style names by id, looked up once: paragraph.style searches every style again, which
    # made a 50-page plan take seconds.
    styles = {style.style_id: (style.name or "").lower() for style in document.styles}
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            yield _docx_paragraph(Paragraph(element, document), styles)
        elif element.tag.endswith("}tbl"):
            for row in Table(element, document).rows:
                for cell in row.cells:
                    yield from (_docx_paragraph(p, styles) for p in cell.paragraphs)


def _docx_paragraph(paragraph, styles: dict[str, str]) -> str:
    text = paragraph.text
    if not text.strip():
        return ""
    style = styles.get(paragraph._p.style or "", "")
    if style.startswith(("heading", "rubrik")):
        return "# " + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or style.startswith(("list", "liststycke")):
        return "- " + text
    return text


def _pdf_text(data: bytes) -> str:
    try:
        import pypdf
    except ImportError as error:
        raise PlanDocumentError("unsupported", "reading .pdf needs pypdf") from error
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PlanDocumentError("unreadable", "the PDF is password protected")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _too_large(f"{len(reader.pages)} pages")
        return _bounded(page.extract_text() or "" for page in reader.pages)
    except PlanDocumentError:
        raise
    except Exception as error:  # a damaged file fails anywhere in pypdf
        raise PlanDocumentError("unreadable", "the PDF cannot be read") from error


_READERS: dict[str, Callable[[bytes], str]] = {
    ".txt": _plain_text,
    ".md": _plain_text,
    ".docx": _docx_text,
    ".pdf": _pdf_text,
}


def main() -> None:
    """The worker: a document's bytes on stdin, its name as the argument; JSON on stdout,
    {"text": ...} or {"reason": ..., "message": ...}. Run with limits by handlers/document_reader.py."""
    _limit_resources()
    data = sys.stdin.buffer.read()
    try:
        result = {"text": extract_text(sys.argv[1], data)}
    except PlanDocumentError as error:
        result = {"reason": error.reason, "message": str(error)}
    except MemoryError:
        result = {"reason": "too_large", "message": "out of memory"}
    sys.stdout.write(json.dumps(result))


WORKER_MEMORY = 768 * 1024 * 1024  # address space, so the imports (lxml, pypdf) fit with room to spare
WORKER_CPU_SECONDS = 30


def _limit_resources() -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the parent's time limit still holds
        return
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (WORKER_CPU_SECONDS, WORKER_CPU_SECONDS + 1))


if __name__ == "__main__":
    main()
