"""The progress chart (a PNG of the designed size) and the year's evaluation (xlsx to print, csv to reuse)."""

from __future__ import annotations

import csv
import struct
from datetime import date, timedelta
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook

from views.charts import ChartSeries, progress_chart
from views.evaluation import EvaluationRow, evaluation_csv
from views.evaluation_xlsx import evaluation_xlsx

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
START, END, TODAY = date(2025, 1, 1), date(2025, 12, 31), date(2025, 6, 14)


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def series(name: str, target: float, start: date = START, end: date = END, per_day: float = 0.2) -> ChartSeries:
    days = [start + timedelta(days=n) for n in range(max(0, (min(TODAY, end) - start).days + 1))]
    return ChartSeries(name, target, start, end, tuple((day, round(n * per_day)) for n, day in enumerate(days)))


NAMES = ["Nya medlemmar", "Samtal", "Dörrknackningar", "Medlemsmöten", "Studiecirklar", "Medlemsutbildningar", "Övrigt"]


@pytest.mark.parametrize(
    ("count", "size"),
    [
        (1, (1080, 808)),  # one tall panel
        (3, (1080, 1508)),  # one column
        (4, (1080, 1168)),  # two columns, two rows
        (7, (1080, 1752)),  # the first six, and a second title line saying so
    ],
)
def test_chart_is_a_png_of_the_designed_size(count: int, size: tuple[int, int]) -> None:
    chosen = [series(name, 42) for name in NAMES[:count]]
    assert png_size(progress_chart(chosen, TODAY, "Norrköpings AK 2025")) == size


def test_chart_without_series_says_so_in_a_small_png() -> None:
    assert png_size(progress_chart([], TODAY, "Norrköpings AK 2025")) == (1080, 300)


def test_chart_for_a_period_that_has_not_started() -> None:
    later = ChartSeries("Nya medlemmar", 42, date(2026, 1, 1), date(2026, 12, 31), ())
    assert png_size(progress_chart([later], TODAY, "Plan 2026")) == (1080, 808)


def test_chart_for_a_two_year_period_with_long_names_and_a_target_passed() -> None:
    long = series("Facklig-politiska träffar på arbetsplatser", 10, end=date(2026, 12, 31), per_day=1)
    assert png_size(progress_chart([long, series("Samtal", 4215)], TODAY, "Tvåårsplan"))[0] == 1080


# --- evaluation --------------------------------------------------------------------------------------

MONTHLY = (3.0, 4.0, 2.0, 5.0, 3.0, 1.0, 0.0, 2.0, 6.0, 4.0, 5.0, 2.0)
ROWS = [
    EvaluationRow("Medlemsvärvning", "Värva 42 nya medlemmar", "42", "37", "→", MONTHLY),
    EvaluationRow(
        None, "Ta fram en facklig-politisk handlingsplan", "klart senast 28 februari", "pågår", "↓", (None,) * 12
    ),
    EvaluationRow("Kommunikation", "Minst 25% ska betala via autogiro", "25 %", "26,5 %", "↑", (21.5,) + (None,) * 11),
    EvaluationRow("Medlemsvärvning", "Välkomstsamtal inom två veckor", "inom 14 dagar", "12 av 14 i tid", "↓", MONTHLY),
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]
HEADERS = ["Område", "Mål", "Målvärde", "Resultat", "Pil", *MONTHS]


@pytest.fixture(scope="module")
def sheet():
    data = evaluation_xlsx("Partille AK", 2025, ROWS, date(2026, 1, 15))
    return load_workbook(BytesIO(data))["Utvärdering 2025"]


def values(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


def test_xlsx_title_subtitle_and_header(sheet) -> None:
    assert sheet["A1"].value == "Utvärdering av verksamhetsplan 2025 – Partille AK"
    assert "15 januari 2026" in sheet["A2"].value
    assert "↑ nått eller i fas" in sheet["A2"].value
    assert values(sheet, 4) == HEADERS
    assert sheet.freeze_panes == "C5"


def test_xlsx_groups_rows_by_area_with_the_area_on_the_first_row(sheet) -> None:
    assert values(sheet, 5) == ["Medlemsvärvning", "Värva 42 nya medlemmar", "42", "37", "→", *MONTHLY]
    assert values(sheet, 6)[:2] == [None, "Välkomstsamtal inom två veckor"]
    assert values(sheet, 7)[:5] == ["Kommunikation", "Minst 25% ska betala via autogiro", "25 %", "26,5 %", "↑"]
    assert values(sheet, 8)[:4] == [
        "Övrigt",
        "Ta fram en facklig-politisk handlingsplan",
        "klart senast 28 februari",
        "pågår",
    ]
    assert values(sheet, 8)[5:] == [None] * 12
    assert sheet.max_row == 8


def test_xlsx_colours_arrows_and_wraps_the_goal(sheet) -> None:
    assert sheet["E5"].fill.fgColor.rgb.endswith("FFEB9C")
    assert sheet["E7"].fill.fgColor.rgb.endswith("C6EFCE")
    assert sheet["E8"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["B5"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["F"].width


def test_xlsx_prints_on_landscape_a4_fitted_to_width(sheet) -> None:
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"
    assert "&P" in sheet.oddFooter.right.text


def test_csv_is_excel_swedish_and_parses_back() -> None:
    data = evaluation_csv(ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0] == HEADERS
    assert parsed[1][:5] == ["Medlemsvärvning", "Värva 42 nya medlemmar", "42", "37", "→"]
    assert parsed[1][5:] == ["3", "4", "2", "5", "3", "1", "0", "2", "6", "4", "5", "2"]
    assert parsed[2][:5] == ["", "Ta fram en facklig-politisk handlingsplan", "klart senast 28 februari", "pågår", "↓"]
    assert parsed[3][5:7] == ["21,5", ""]
    assert len(parsed) == 1 + len(ROWS)
