"""Text out of uploaded plan documents, and the files refused with a reason."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from domain.goals import GoalKind
from domain.plan_documents import PlanDocumentError, extract_text
from domain.plan_reader import read_plan

TODAY = date(2025, 3, 14)  # the plans name their year; the reader's day is given, never the machine's


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Verksamhetsplan 2024")
    document.add_heading("Medlemsvärvning", level=1)
    document.add_paragraph("Vi behöver bli fler för att kunna påverka.")
    document.add_paragraph("Mål:")
    document.add_paragraph("Värva 42 nya medlemmar", style="List Bullet")
    document.add_paragraph("Genomföra 6 medlemsmöten", style="List Bullet")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Ansvarig: Styrelsen"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the lines in Helvetica; pypdf reads but cannot write text."""

    def escaped(line: str) -> bytes:
        return line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = b"BT /F1 12 Tf 14 TL 72 720 Td " + b" ".join(b"(" + escaped(x) + b") Tj T*" for x in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def test_docx_keeps_headings_lists_and_tables_for_the_reader() -> None:
    text = extract_text("plan.docx", make_docx())
    assert "# Medlemsvärvning" in text
    assert "- Värva 42 nya medlemmar" in text
    goals = read_plan(text, today=TODAY)
    assert [(g.metric, g.target, g.area, g.responsible) for g in goals] == [
        ("new_members", 42, "Medlemsvärvning", "Styrelsen"),
        ("member_meetings", 6, "Medlemsvärvning", "Styrelsen"),
    ]


def test_pdf_text_is_extracted() -> None:
    data = make_pdf(["Verksamhetsplan 2022", "Mål:", "- Värva 42 nya medlemmar", "- Ta fram en handlingsplan"])
    text = extract_text("Plan.PDF", data)
    assert "Värva 42 nya medlemmar" in text
    assert [g.kind for g in read_plan(text, today=TODAY)] == [GoalKind.COUNT, GoalKind.MILESTONE]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_files_decode_utf8_then_cp1252(suffix: str) -> None:
    assert extract_text("plan" + suffix, "Mål: värva".encode()) == "Mål: värva"
    assert extract_text("plan" + suffix, "\ufeffMål".encode()) == "Mål"
    assert extract_text("plan" + suffix, "Mål: värva".encode("cp1252")) == "Mål: värva"
    assert extract_text("plan" + suffix, "Mål: värva".encode("utf-16")) == "Mål: värva"


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("plan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("plan.txt", bytes(range(1, 32)) * 10 + b"text", "binary"),
        ("plan.txt", b"\x81\x8d\x8f\x90\x9d", "binary"),  # neither UTF-8 nor cp1252
        ("plan.txt", b"", "empty"),
        ("plan.md", b"  \n\t\n", "empty"),
        ("plan.docx", b"", "empty"),
        ("plan.docx", b"PK\x03\x04 not really a zip", "unreadable"),
        ("plan.pdf", b"%PDF-1.4\n garbage", "unreadable"),
        ("plan.odt", b"anything", "unsupported"),
        ("plan", b"anything", "unsupported"),
    ],
)
def test_files_refused_with_a_reason(filename: str, data: bytes, reason: str) -> None:
    with pytest.raises(PlanDocumentError) as refused:
        extract_text(filename, data)
    assert refused.value.reason == reason
    assert isinstance(refused.value, ValueError)


def test_pdf_without_text_is_empty() -> None:
    with pytest.raises(PlanDocumentError) as refused:
        extract_text("scan.pdf", make_pdf([]))
    assert refused.value.reason == "empty"
