"""The year's evaluation as the board hands it in with next year's plan: an xlsx to print.

Laid out for landscape A4: goals grouped by area (the area named on its group's first row, a rule
above each group), the header repeated on every page, page numbers in the footer. openpyxl is
imported only here, so the bot loads it on the first evaluation, not at start.
"""

from __future__ import annotations

import math
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from views.evaluation import HEADERS, EvaluationRow, by_area
from views.i18n import Texts

WIDTHS = (16, 44, 14, 14, 5) + (6,) * 12  # in characters; about 160 in all, so A4 landscape prints at ~85 %
WRAPPED = 4  # the first four columns wrap; the arrow and the figures fit
LEGEND = "↑ nått eller i fas · → något efter · ↓ efter"

TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 4
LINE_POINTS = 13  # the height of one line of 10 pt text
ARROW_STYLES = {  # Excel's own good / neutral / bad colours: they read in colour and in grey
    "↑": ("C6EFCE", "006100"),
    "→": ("FFEB9C", "9C5700"),
    "↓": ("FFC7CE", "9C0006"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
GROUP_RULE = Side(style="thin", color="808080")
BODY_FONT = Font(size=10)


def evaluation_xlsx(org_name: str, year: int, rows: list[EvaluationRow], generated: date) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Utvärdering {year}"
    _heading(sheet, f"Utvärdering av verksamhetsplan {year} – {org_name}", generated)
    _header_row(sheet)
    line = HEADER_ROW + 1
    for area, group in by_area(rows):
        for first, row in zip((True, *([False] * (len(group) - 1))), group, strict=True):
            _goal_row(sheet, line, area if first else "", row, new_group=first)
            line += 1
    _print_setup(sheet, org_name, year)
    workbook.properties.title = sheet.title
    workbook.properties.creator = "Verksam"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(sheet: Worksheet, title: str, generated: date) -> None:
    last = get_column_letter(len(HEADERS))
    sheet["A1"] = title
    sheet["A1"].font = Font(size=14, bold=True)
    sheet[f"A{SUBTITLE_ROW}"] = f"Skapad {Texts('sv').day(generated, with_year=True)}. Pilar: {LEGEND}"
    sheet[f"A{SUBTITLE_ROW}"].font = Font(size=10, italic=True)
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    sheet.merge_cells(f"A{SUBTITLE_ROW}:{last}{SUBTITLE_ROW}")
    sheet.row_dimensions[TITLE_ROW].height = 22


def _header_row(sheet: Worksheet) -> None:
    for column, (name, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(HEADER_ROW, column, name)
        cell.font = Font(size=10, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="left" if column <= WRAPPED else "center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)  # the header, the area and the goal stay in view


def _goal_row(sheet: Worksheet, line: int, area: str, row: EvaluationRow, new_group: bool) -> None:
    texts = (area, row.text, row.target, row.result)
    for column, value in enumerate(texts, start=1):
        cell = sheet.cell(line, column, value)
        cell.font = Font(size=10, bold=True) if column == 1 else BODY_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _arrow_cell(sheet, line, row.arrow)
    for column, value in enumerate(row.monthly, start=WRAPPED + 2):
        cell = sheet.cell(line, column, value)
        cell.font = BODY_FONT
        cell.alignment = Alignment(vertical="top")
        cell.number_format = "#,##0" if value is None or float(value).is_integer() else "#,##0.0"
    if new_group:
        for column in range(1, len(HEADERS) + 1):
            sheet.cell(line, column).border = Border(top=GROUP_RULE)
    # Set, not left to Excel: LibreOffice and printing from a viewer need the height of wrapped rows.
    sheet.row_dimensions[line].height = LINE_POINTS * _lines(texts) + 3


def _arrow_cell(sheet: Worksheet, line: int, arrow: str) -> None:
    cell = sheet.cell(line, WRAPPED + 1, arrow)
    fill, colour = ARROW_STYLES.get(arrow, ("FFFFFF", "000000"))
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(size=12, bold=True, color=colour)
    cell.alignment = Alignment(horizontal="center", vertical="top")


def _lines(texts: tuple[str, ...]) -> int:
    """How many lines the tallest wrapped cell needs, counting a character as a column-width unit."""
    return max(
        max(1, sum(math.ceil(max(1, len(part)) / (width - 1)) for part in text.split("\n")))
        for text, width in zip(texts, WIDTHS, strict=False)
    )


def _print_setup(sheet: Worksheet, org_name: str, year: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.left.text = f"{org_name} – utvärdering {year}"
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Sida &P av &N"
    sheet.oddFooter.right.size = 8
