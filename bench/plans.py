"""The plan reader against the corpus of real plans: precision and recall per plan and per half.

Scoring is the issue's (tests/plan_scoring.credit): a goal counts when kind and target
agree with the hand-written one for the same sentence; a count or level the reader found
only as a milestone counts half. The training half is read while rules are written, the
held-out half only scored (tests/fixtures/plans/split.json, drawn once at random).
"""

from __future__ import annotations

import time
from datetime import date

from domain.plan_documents import extract_text
from domain.plan_reader import read_plan
from tests.documents import make_docx
from tests.plan_scoring import Credit, corpus_split, credit, expected_goals, plan_text

TODAY = date(2024, 5, 1)  # plans without a year in their title are read as of this day
PAGE_CHARS = 3_000  # a dense A4 page of plain text
PAGES = 50


def score_plan(stem: str) -> tuple[Credit, list]:
    found = [goal.to_json() for goal in read_plan(plan_text(stem), today=TODAY)]
    return credit(found, expected_goals(stem))


def speed() -> dict:
    """Milliseconds to read a 50-page plan made of the corpus's texts, repeated: as text,
    and as a .docx and a .pdf from the file to the goals."""
    split = corpus_split()
    body = "\n\n".join(plan_text(stem) for half in split.values() for stem in half)
    text = (body * (PAGES * PAGE_CHARS // len(body) + 1))[: PAGES * PAGE_CHARS]
    lines = [line[:95] for line in text.splitlines()]
    files = {"docx": make_docx(lines), "pdf": _make_pdf_pages(lines)}
    result = {"pages": PAGES, "chars": len(text), "ms": _ms(lambda: read_plan(text, today=TODAY))}
    for kind, data in files.items():
        result[f"{kind}_ms"] = _ms(lambda kind=kind, data=data: read_plan(extract_text(f"plan.{kind}", data), today=TODAY))
    return result


def _ms(work) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def _make_pdf_pages(lines: list[str], per_page: int = 60) -> bytes:
    """A plain PDF of as many A4 pages as the lines need, one text line per operation, as
    word processors write them (matplotlib's PDFs place each glyph alone, which no plan does)."""
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
               b" /Encoding /WinAnsiEncoding >>"]  # fmt: skip
    kids = []
    for page in pages:
        rows = "".join(f"({_pdf_string(line)}) Tj T* " for line in page)
        stream = f"BT /F1 10 Tf 12 TL 50 800 Td {rows}ET".encode("cp1252", "replace")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % (len(objects))
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{k} 0 R" for k in kids).encode(), len(kids))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def run(only: str | None = None) -> dict:
    """Per plan and per half; with ``only`` one half and no speed run (for writing rules on training
    without seeing the held-out rows)."""
    halves = {}
    for half, stems in corpus_split().items():
        if only is not None and half != only:
            continue
        plans = {}
        total = Credit(0, 0, 0.0)
        for stem in stems:
            result, _ = score_plan(stem)
            total += result
            plans[stem] = _figures(result)
        halves[half] = {"plans": plans, "total": _figures(total)}
    return {"halves": halves, "speed": speed()} if only is None else {"halves": halves}


def _figures(result: Credit) -> dict:
    return {
        "found": result.found,
        "expected": result.expected,
        "points": result.points,
        "precision": round(result.precision, 3),
        "recall": round(result.recall, 3),
    }


def table(result: dict) -> str:
    lines = [f"{'plan':<36}{'found':>6}{'expected':>9}{'points':>8}{'precision':>10}{'recall':>8}"]
    for half, data in result["halves"].items():
        lines.append(f"-- {half}")
        rows = [*data["plans"].items(), ("TOTAL " + half, data["total"])]
        for stem, f in rows:
            lines.append(
                f"{stem:<36}{f['found']:>6}{f['expected']:>9}{f['points']:>8.1f}"
                f"{f['precision']:>10.2f}{f['recall']:>8.2f}"
            )
    if "speed" not in result:
        return "\n".join(lines)
    s = result["speed"]
    lines.append(f"\nread {s['pages']} pages ({s['chars']} characters) in {s['ms']:.0f} ms   target < 1000 ms")
    lines.append(f"  the same as .docx {s['docx_ms']:.0f} ms, as .pdf {s['pdf_ms']:.0f} ms (from the file's bytes)")
    return "\n".join(lines)
