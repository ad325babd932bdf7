"""Count goals as a PNG for the chat: cumulative progress against the pace line, one panel per goal.

Drawn for a phone: 1080 px wide at 200 dpi, so a point in the figure is about one point on a
phone screen showing the image full width; fonts are 12 pt or more. The Figure API is used
without pyplot: nothing global to set up or forget to close, safe in the bot's worker threads.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patheffects import withStroke
from matplotlib.ticker import FuncFormatter, MaxNLocator

from domain.progress import Arrow, count_progress
from views.i18n import Texts

MAX_PANELS = 6
DPI = 200
WIDTH_IN = 5.4  # 1080 px
TITLE_LINE_IN = 0.32
TITLE_CHARS = 38  # what fits on one line at 15 pt bold
EMPTY_HEIGHT_IN = 1.5
# Panel names by the number of columns: up to this many characters at 14 pt, then 12 pt, cut to the second.
NAME_FIT = {1: (40, 50), 2: (17, 22)}


@dataclass(frozen=True)
class _Layout:
    columns: int
    rows: int
    panel_in: float  # panel height


def _layout(count: int) -> _Layout:
    """One column up to three goals (one alone gets a taller panel), then two."""
    if count == 1:
        return _Layout(1, 1, 3.4)
    if count <= 3:
        return _Layout(1, count, 2.3)
    return _Layout(2, -(-count // 2), 2.6)


MONTHS_SV = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
ARROW_COLOURS = {Arrow.UP: "#1a7f37", Arrow.FLAT: "#b35900", Arrow.DOWN: "#c62828"}
DONE_COLOUR = "#1f5fa8"
GUIDE_COLOUR = "#6e6e6e"


@dataclass(frozen=True)
class ChartSeries:
    name: str  # Swedish display name, e.g. "Nya medlemmar"
    target: float
    start: date
    end: date
    cumulative: tuple[tuple[date, float], ...]  # (day, cumulative total up to that day), ascending, up to today


def progress_chart(series: list[ChartSeries], today: date, title: str) -> bytes:
    """PNG bytes, 1080 px wide: at most six panels; an empty list gives a small PNG saying so."""
    if not series:
        return _message_png("Inga räknemål att visa")
    shown = series[:MAX_PANELS]
    if len(series) > MAX_PANELS:
        title = f"{title}\n(visar {MAX_PANELS} av {len(series)} mål)"
    title = "\n".join(textwrap.fill(line, TITLE_CHARS) for line in title.splitlines())
    layout = _layout(len(shown))
    figure = Figure(figsize=(WIDTH_IN, _height_in(title, layout)), dpi=DPI, layout="constrained")
    figure.get_layout_engine().set(h_pad=0.08, w_pad=0.08, hspace=0.08, wspace=0.08)
    figure.suptitle(title, fontsize=15, fontweight="bold")
    axes = list(figure.subplots(layout.rows, layout.columns, squeeze=False).flat)
    for ax, one in zip(axes, shown, strict=False):
        _panel(ax, one, today, layout.columns)
    for ax in axes[len(shown) :]:  # the empty cell of an odd number in two columns
        ax.set_visible(False)
    return _png(figure)


def _height_in(title: str, layout: _Layout) -> float:
    return TITLE_LINE_IN * (len(title.splitlines()) + 1) + layout.rows * layout.panel_in


def _panel(ax: Axes, series: ChartSeries, today: date, columns: int) -> None:
    t = Texts("sv")
    done = series.cumulative[-1][1] if series.cumulative else 0.0
    progress = count_progress(done, series.target, series.start, series.end, today)
    _title(ax, series.name, f"{t.num(done)} av {t.num(series.target)} {progress.arrow.value}", progress.arrow, columns)
    ax.plot([series.start, series.end], [0, series.target], linestyle="--", color=GUIDE_COLOUR, linewidth=1.5)
    ax.axhline(series.target, color=GUIDE_COLOUR, linewidth=1, linestyle=":")
    ax.annotate(
        f"Mål {t.num(series.target)}",
        (series.start, series.target),
        xytext=(2, 3),
        textcoords="offset points",
        color=GUIDE_COLOUR,
        fontsize=11,
    )
    if series.cumulative and today >= series.start:
        _done_line(ax, series, t)
    else:
        starts = f"Börjar {t.day(series.start, with_year=True)}"
        ax.text(0.5, 0.5, starts, transform=ax.transAxes, ha="center", fontsize=13, bbox={"color": "white"})
    _axes_style(ax, series, 6 if columns == 1 else 4, t)


def _title(ax: Axes, name: str, figures: str, status: Arrow, columns: int) -> None:
    """The name, and below it the figures in the arrow's colour: two lines, so they never collide."""
    big, most = NAME_FIT[columns]
    size = 14 if len(name) <= big else 12
    text = name if len(name) <= most else name[: most - 1].rstrip() + "…"
    ax.set_title(text, loc="left", fontsize=size, fontweight="bold", pad=22)
    ax.text(
        0,
        1.03,
        figures,
        transform=ax.transAxes,
        color=ARROW_COLOURS[status],
        fontsize=13,
        fontweight="bold",
        va="bottom",
    )


def _done_line(ax: Axes, series: ChartSeries, t: Texts) -> None:
    days = [day for day, _ in series.cumulative]
    totals = [total for _, total in series.cumulative]
    ax.plot(days, totals, color=DONE_COLOUR, linewidth=2.5, solid_capstyle="round")
    ax.plot(days[-1], totals[-1], "o", color=DONE_COLOUR, markersize=7)
    left_half = (days[-1] - series.start) < (series.end - series.start) / 2
    ax.annotate(
        t.num(totals[-1]),
        (days[-1], totals[-1]),
        xytext=(8 if left_half else -8, 4),
        textcoords="offset points",
        ha="left" if left_half else "right",
        va="bottom",
        color=DONE_COLOUR,
        fontsize=13,
        fontweight="bold",
        path_effects=[withStroke(linewidth=4, foreground="white")],  # readable where it crosses the pace line
    )


def _axes_style(ax: Axes, series: ChartSeries, max_ticks: int, t: Texts) -> None:
    ax.set_xlim(series.start, series.end)
    top = max(series.target, *(total for _, total in series.cumulative), 1)
    ax.set_ylim(0, top * 1.15)
    ticks = _month_ticks(series.start, series.end, max_ticks)
    ax.set_xticks(ticks, [_month_label(day, series) for day in ticks])
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: t.num(value)))
    ax.tick_params(labelsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)


def _month_ticks(start: date, end: date, max_ticks: int) -> list[date]:
    """The first of the month, every one, second, third… month so that at most ``max_ticks`` fit."""
    months = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        if date(year, month, 1) >= start:
            months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, -(-len(months) // max_ticks))
    return months[::step] or [start]


def _month_label(day: date, series: ChartSeries) -> str:
    label = MONTHS_SV[day.month - 1]
    spans_years = series.start.year != series.end.year
    return f"{label}\n{day.year}" if spans_years and (day.month == 1 or day == series.start) else label


def _message_png(message: str) -> bytes:
    figure = Figure(figsize=(WIDTH_IN, EMPTY_HEIGHT_IN), dpi=DPI)
    figure.text(0.5, 0.5, message, ha="center", va="center", fontsize=16)
    return _png(figure)


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()
