"""The text of an uploaded plan document (.txt, .md, .docx, .pdf), for the plan reader.

Word and PDF readers are imported only when such a file arrives, so the rest of the
bot runs without them. Word list paragraphs come out as "- " lines and Word headings
as "# " lines, the shapes the plan reader knows.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import PurePath


class PlanDocumentError(ValueError):
    """A file the bot cannot read a plan from; ``reason`` says why, for the reply:
    "unsupported", "binary", "unreadable" or "empty"."""

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
    return text


def _plain_text(data: bytes) -> str:
    text = _decode(data)
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
    try:
        import docx
    except ImportError as error:
        raise PlanDocumentError("unsupported", "reading .docx needs python-docx") from error
    try:
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_lines(document))
    except Exception as error:  # a damaged file fails anywhere in zip, XML or docx
        raise PlanDocumentError("unreadable", "the Word file cannot be read") from error


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
        return "\n".join(page.extract_text() or "" for page in reader.pages)
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
