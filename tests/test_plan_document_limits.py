"""Plan documents are bounded and read off the event loop (issue 9, item 11): a 221 KB .docx zip
bomb once took 162 s and 840 MB while nobody else was answered."""

from __future__ import annotations

import asyncio
import io
import sys
import time
import zipfile

import pytest
from sqlalchemy import select

from domain.plan_documents import MAX_CHARS, MAX_PDF_PAGES, PlanDocumentError, extract_text
from handlers import document_reader
from storage.models import Entry, Goal
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.documents import make_docx
from tests.harness import text_of

BOMB_BYTES = 120 * 1024 * 1024  # 120 KB packed, 120 MB unpacked (the issue's: 221 KB)


def zip_bomb_docx(expanded: int = BOMB_BYTES) -> bytes:
    """A real Word file whose document.xml is one paragraph of ``expanded`` bytes of "a"."""
    real = zipfile.ZipFile(io.BytesIO(make_docx(["Verksamhetsplan 2025"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in real.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, real.read(info))
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/')
            part.write(b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b"a" * (1024 * 1024)
            for _ in range(expanded // len(chunk)):
                part.write(chunk)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def many_parts_docx(parts: int = 5000) -> bytes:
    real = zipfile.ZipFile(io.BytesIO(make_docx(["Verksamhetsplan 2025"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as many:
        for info in real.infolist():
            many.writestr(info, real.read(info))
        for number in range(parts):
            many.writestr(f"extra/part{number}.xml", "<a/>")
    return buffer.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` pages sharing one content stream: small to send, long to read."""
    content = b"BT /F1 12 Tf 72 720 Td (Genomfora 6 medlemsmoten) Tj ET"
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    objects += [page] * pages
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


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb_docx()


@pytest.mark.parametrize(
    ("filename", "make"),
    [
        ("bomb.docx", lambda: zip_bomb_docx(30 * 1024 * 1024)),
        ("parts.docx", many_parts_docx),
        ("book.pdf", lambda: many_pages_pdf(MAX_PDF_PAGES + 1)),
        ("book.txt", lambda: ("Mål: värva 42 nya medlemmar.\n" * (MAX_CHARS // 20)).encode()),
    ],
)
def test_documents_beyond_a_plan_are_refused_before_they_are_read(filename, make):
    started = time.monotonic()
    with pytest.raises(PlanDocumentError) as refused:
        extract_text(filename, make())
    assert refused.value.reason == "too_large"
    assert time.monotonic() - started < 5


def test_a_plan_just_inside_the_limits_is_read():
    assert extract_text("plan.pdf", many_pages_pdf(MAX_PDF_PAGES)).count("Genomfora 6 medlemsmoten") == MAX_PDF_PAGES


def conversation(team, person) -> str:
    return text_of([c for c in team.api.calls if int(c.params.get("chat_id", 0)) == person.id])


async def test_a_zip_bomb_is_refused_in_seconds_by_a_bounded_worker(team, db, bomb):
    assert len(bomb) < 300 * 1024
    await team.send(BOARD_MEMBER, "/plan")
    started = time.monotonic()
    refused = await team.send_document(BOARD_MEMBER, "verksamhetsplan.docx", bomb)
    took = time.monotonic() - started
    assert text_of(refused).startswith("Det där är mer än en plan (högst 100 sidor eller 200\xa0000 tecken)")
    assert took < 5, took
    async with db.session() as s:
        assert list(await s.scalars(select(Goal))) == []
    assert "Jag hittade 3 mål" in text_of(await team.send(BOARD_MEMBER, "- Värva 42 nya medlemmar\n- Genomföra 6 medlemsmöten\n- Ta fram en handlingsplan"))


async def test_an_oversized_pdf_is_refused_in_the_chat(team):
    await team.send(BOARD_MEMBER, "/plan")
    refused = await team.send_document(BOARD_MEMBER, "plan.pdf", many_pages_pdf(2000))
    assert text_of(refused).startswith("Det där är mer än en plan")


async def test_a_slow_document_is_stopped_and_others_are_answered_meanwhile(team, db, monkeypatch):
    """The worker is killed at its time limit; while it runs, another user's /knack is saved."""
    monkeypatch.setattr(document_reader, "WORKER", (sys.executable, "-c", "import time; time.sleep(60)"))
    monkeypatch.setattr(document_reader, "READ_SECONDS", 1.5)
    await team.send(BOARD_MEMBER, "/plan")
    upload = asyncio.create_task(team.send_document(BOARD_MEMBER, "plan.docx", make_docx(["Mål: 3 möten"])))
    await asyncio.sleep(0.3)  # the worker is running
    started = time.monotonic()
    knocked = await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    assert time.monotonic() - started < 1.0
    assert not upload.done()
    assert text_of(knocked).startswith("✅ Sparat")
    await upload
    assert conversation(team, BOARD_MEMBER).endswith(
        "Det där är mer än en plan (högst 100 sidor eller 200\xa0000 tecken), så jag läser den inte. "
        "Skicka bara verksamhetsplanen, som .docx, .pdf eller .txt."
    )
    async with db.session() as s:
        assert [e.doors for e in await s.scalars(select(Entry))] == [40]


async def test_the_reader_process_gets_no_secrets(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret-token")
    monkeypatch.setattr(
        document_reader,
        "WORKER",
        (sys.executable, "-c", "import json, os; print(json.dumps({'text': ' '.join(sorted(os.environ))}))"),
    )
    seen = await document_reader.read_document("plan.txt", b"x", asyncio.Semaphore(1))
    assert "TELEGRAM_BOT_TOKEN" not in seen and "VERKSAM_DATA_KEY" not in seen


def test_the_worker_cannot_take_more_than_its_memory():
    import subprocess

    grab = "from domain.plan_documents import _limit_resources; _limit_resources(); bytearray(2 * 1024**3)"
    done = subprocess.run([sys.executable, "-c", grab], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "MemoryError" in done.stderr
