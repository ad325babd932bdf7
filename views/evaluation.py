"""The year's evaluation: one row per goal with its arrow (Partille's "pilsystem") and twelve
monthly figures, as a csv to reuse; views/evaluation_xlsx.py lays the same rows out to print.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from io import StringIO

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec")
HEADERS = ("Område", "Mål", "Målvärde", "Resultat", "Pil", *MONTHS)
NO_AREA = "Övrigt"


@dataclass(frozen=True)
class EvaluationRow:
    area: str | None
    text: str  # the goal as the plan words it
    target: str  # already formatted, e.g. "42", "25 %", "inom 5 dagar", "klart senast 28 februari"
    result: str  # already formatted, e.g. "37", "12 av 14 i tid", "pågår"
    arrow: str  # "↑" "→" "↓"
    monthly: tuple[float | None, ...]  # 12 figures, Jan..Dec (None where a kind has no monthly figure)


def evaluation_csv(rows: list[EvaluationRow]) -> bytes:
    """UTF-8 with a BOM and ';' between fields, with decimal commas: what Swedish Excel opens as is."""
    text = StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(HEADERS)
    for row in rows:
        figures = ["" if value is None else _decimal_comma(value) for value in row.monthly]
        writer.writerow([row.area or "", row.text, row.target, row.result, row.arrow, *figures])
    return text.getvalue().encode("utf-8-sig")


def _decimal_comma(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def by_area(rows: Iterable[EvaluationRow]) -> list[tuple[str, list[EvaluationRow]]]:
    """Groups in the order the areas first appear; goals without an area last."""
    groups: dict[str | None, list[EvaluationRow]] = {}
    for row in rows:
        groups.setdefault(row.area, []).append(row)
    named = [(area, group) for area, group in groups.items() if area is not None]
    return named + ([(NO_AREA, groups[None])] if None in groups else [])
