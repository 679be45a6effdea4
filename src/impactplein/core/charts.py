"""Charts as inline SVG, drawn on the server from plain data; no Django import.

DESIGN.md: one small chart module, each chart with its data table, so the same chart serves a page,
a PDF and a spreadsheet and nobody depends on seeing it. Every chart is an ``<svg role="img">``
named by its ``<title>`` and described by its ``<desc>``; :func:`chart_table` gives the same
figures as a table (caption, headers, rows) for ``components/table.html`` or an Excel sheet.

Two kinds:

- :class:`BarChart`, horizontal bars (one per label) against a fixed maximum, with optional
  reference lines such as a minimum to reach;
- :class:`LineChart`, one or more series over the same points (years, quarters, dates), each
  with its own colour *and* marker shape and dash, so colour is never the only difference.

Texts (titles, labels, value labels) are escaped here; the SVG returned is a :class:`Svg`, a
``str`` that template engines which honour ``__html__`` (Django's, Jinja's) insert as it is.
Numbers are formatted by the caller (``format_value``), so Dutch pages show ``62,5``.

Colours are the Impactplein theme's (``core/static/impactplein/css/theme.css``); each has at least
3:1 contrast with white as WCAG 1.4.11 asks of graphics, the text colour 17:1.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from typing import Final

Number = int | float | Decimal

# Theme colours, with their contrast on white.
INK: Final = "#1b1b1b"  # text, 17.2:1
GRID: Final = "#5c6b6a"  # axis and grid lines, 5.6:1
TRACK: Final = "#f4f6f6"  # the empty part of a bar (decoration only)
BAR: Final = "#00615a"  # teal-60, 7.4:1
REFERENCE: Final = "#b3261e"  # red-60, 6.5:1
SERIES_COLOURS: Final[tuple[str, ...]] = (
    "#00615a",  # teal-60, 7.4:1
    "#8a5a00",  # yellow-60, 6.2:1
    "#b3261e",  # red-60, 6.5:1
    "#2e6b34",  # green-60, 6.1:1
    "#4a4a4a",  # grey-60, 8.9:1
)
SERIES_DASHES: Final[tuple[str, ...]] = ("", "6 3", "2 3", "8 3 2 3", "1 2")
SERIES_MARKERS: Final[tuple[str, ...]] = ("circle", "square", "diamond", "triangle", "cross")

FONT_SIZE: Final = 14
WIDTH: Final = 640


class Svg(str):
    """SVG markup that is already escaped; templates insert it without escaping it again."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


# Characters XML 1.0 does not allow (C0 controls but tab, newline and carriage return; surrogates;
# U+FFFE and U+FFFF): dropped, so the SVG stays well-formed whatever a label holds.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)), quote=True)


def _number(value: float) -> str:
    """Coordinates with at most two decimals and no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def default_format(value: Number) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Number | None  # None: no value (e.g. not applicable); drawn as an empty track


@dataclass(frozen=True)
class ReferenceLine:
    value: Number
    label: str


@dataclass(frozen=True)
class BarChart:
    id: str  # unique on the page: the ids of <title> and <desc> derive from it
    title: str
    description: str
    bars: Sequence[Bar]
    maximum: Number
    value_heading: str  # the table's heading of the value column, e.g. "Score (%)"
    label_heading: str  # the table's heading of the label column, e.g. "Onderdeel"
    missing_label: str = "-"  # shown for a bar without a value
    references: Sequence[ReferenceLine] = ()
    format_value: Callable[[Number], str] = default_format


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]  # one per point; None leaves a gap


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    description: str
    points: Sequence[str]  # the labels along the horizontal axis
    series: Sequence[Series]
    point_heading: str  # the table's heading of the first column, e.g. "Jaar"
    minimum: Number = 0
    maximum: Number | None = None  # default: the highest value (or 1)
    missing_label: str = "-"
    format_value: Callable[[Number], str] = default_format
    ticks: int = 4  # horizontal grid lines above the minimum
    format_tick: Callable[[Number], str] | None = None  # the axis labels; default format_value


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    numeric_columns: list[int] = field(default_factory=list)


def _open(chart_id: str, title: str, description: str, width: int, height: float) -> list[str]:
    ident = _text(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="impactplein-chart" role="img"'
        f' viewBox="0 0 {width} {_number(height)}" width="100%"'
        f' preserveAspectRatio="xMinYMin meet"'
        f' aria-labelledby="{ident}-title {ident}-desc" focusable="false"'
        f' font-size="{FONT_SIZE}" font-family="inherit">',
        f'<title id="{ident}-title">{_text(title)}</title>',
        f'<desc id="{ident}-desc">{_text(description)}</desc>',
    ]


def _check_id(chart_id: str) -> None:
    if not chart_id or not all(char.isalnum() or char in "-_" for char in chart_id):
        raise ValueError("A chart id needs letters, digits, '-' or '_' only")


def _ratio(value: Number, low: Number, high: Number) -> float:
    span = float(high) - float(low)
    if span <= 0:
        return 0.0
    return min(max((float(value) - float(low)) / span, 0.0), 1.0)


def bar_chart_svg(chart: BarChart) -> Svg:
    """Horizontal bars, labels on the left and each value at the end of its bar."""
    _check_id(chart.id)
    if float(chart.maximum) <= 0:
        raise ValueError("The maximum of a bar chart must be above zero")
    label_width, value_width, row, bar_height = 190, 70, 34, 20
    top = 10 + (FONT_SIZE + 8 if chart.references else 0)
    plot_left, plot_right = label_width, WIDTH - value_width
    plot_width = plot_right - plot_left
    height = top + row * len(chart.bars) + 10
    parts = _open(chart.id, chart.title, chart.description, WIDTH, height)
    parts.append('<g aria-hidden="true">')
    for index, bar in enumerate(chart.bars):
        y = top + index * row + (row - bar_height) / 2
        text_y = _number(y + bar_height / 2 + FONT_SIZE * 0.35)
        parts.append(
            f'<text x="{label_width - 8}" y="{text_y}" text-anchor="end" fill="{INK}">'
            f"{_text(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{plot_left}" y="{_number(y)}" width="{plot_width}"'
            f' height="{bar_height}" fill="{TRACK}" stroke="{GRID}" stroke-width="1"/>'
        )
        if bar.value is None:
            shown = chart.missing_label
        else:
            length = plot_width * _ratio(bar.value, 0, chart.maximum)
            parts.append(
                f'<rect x="{plot_left}" y="{_number(y)}" width="{_number(length)}"'
                f' height="{bar_height}" fill="{BAR}"/>'
            )
            shown = chart.format_value(bar.value)
        parts.append(f'<text x="{plot_right + 8}" y="{text_y}" fill="{INK}">{_text(shown)}</text>')
    bottom = top + row * len(chart.bars)
    for reference in chart.references:
        x = _number(plot_left + plot_width * _ratio(reference.value, 0, chart.maximum))
        parts.append(
            f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{bottom}" stroke="{REFERENCE}"'
            f' stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{x}" y="{top - 8}" text-anchor="middle" fill="{INK}">'
            f"{_text(reference.label)}</text>"
        )
    parts.append("</g></svg>")
    return Svg("".join(parts))


def _points(*pairs: tuple[float, float]) -> str:
    return " ".join(f"{_number(x)},{_number(y)}" for x, y in pairs)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    cx, cy = _number(x), _number(y)
    if shape == "square":
        corner = f'x="{_number(x - 4)}" y="{_number(y - 4)}"'
        return f'<rect {corner} width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        points = _points((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "triangle":
        points = _points((x, y - 5), (x + 5, y + 4), (x - 5, y + 4))
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "cross":
        return (
            f'<path d="M{_number(x - 4)} {_number(y - 4)}L{_number(x + 4)} {_number(y + 4)}'
            f'M{_number(x - 4)} {_number(y + 4)}L{_number(x + 4)} {_number(y - 4)}"'
            f' stroke="{colour}" stroke-width="2.5"/>'
        )
    return f'<circle cx="{cx}" cy="{cy}" r="4.5" fill="{colour}"/>'


def _line_maximum(chart: LineChart) -> float:
    if chart.maximum is not None:
        return float(chart.maximum)
    values = [float(v) for series in chart.series for v in series.values if v is not None]
    return max([*values, float(chart.minimum) + 1])


def line_chart_svg(chart: LineChart) -> Svg:
    """One line per series over ``points``, with a grid, axis labels and a legend."""
    _check_id(chart.id)
    if not chart.points:
        raise ValueError("A line chart needs at least one point")
    for series in chart.series:
        if len(series.values) != len(chart.points):
            raise ValueError(f"Series {series.name!r} needs one value per point")
    low, high = float(chart.minimum), _line_maximum(chart)
    if high <= low:
        raise ValueError("The maximum of a line chart must be above its minimum")
    # The first and last points sit inside the plot, so their labels are not cut off.
    left, right, top, plot_height, inset = 60, WIDTH - 20, 12, 220, 40
    legend_top = top + plot_height + 34
    height = legend_top + 22 * len(chart.series) + 4
    step = (right - left - 2 * inset) / max(len(chart.points) - 1, 1)

    def x_of(index: int) -> float:
        return left + inset + step * index if len(chart.points) > 1 else (left + right) / 2

    def y_of(value: Number) -> float:
        return top + plot_height * (1 - _ratio(value, low, high))

    parts = _open(chart.id, chart.title, chart.description, WIDTH, height)
    parts.append('<g aria-hidden="true">')
    ticks = max(chart.ticks, 1)
    for tick in range(ticks + 1):
        tick_value = low + (high - low) * tick / ticks
        y = _number(y_of(tick_value))
        faint = ' stroke-opacity="0.4"' if tick else ""
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="{GRID}"'
            f' stroke-width="{1 if tick else 1.5}"{faint}/>'
        )
        format_tick = chart.format_tick or chart.format_value
        shown = format_tick(int(tick_value) if tick_value.is_integer() else round(tick_value, 1))
        parts.append(
            f'<text x="{left - 8}" y="{_number(y_of(tick_value) + FONT_SIZE * 0.35)}"'
            f' text-anchor="end" fill="{INK}">{_text(shown)}</text>'
        )
    for index, point in enumerate(chart.points):
        parts.append(
            f'<text x="{_number(x_of(index))}" y="{top + plot_height + 20}"'
            f' text-anchor="middle" fill="{INK}">{_text(point)}</text>'
        )
    for number, series in enumerate(chart.series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        dash = SERIES_DASHES[number % len(SERIES_DASHES)]
        shape = SERIES_MARKERS[number % len(SERIES_MARKERS)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        runs: list[list[str]] = []
        for index, maybe in enumerate(series.values):
            if maybe is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{_number(x_of(index))},{_number(y_of(maybe))}")
        if run:
            runs.append(run)
        for segment in runs:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}"'
                    f' stroke-width="2.5"{dash_attr}/>'
                )
        for index, point_value in enumerate(series.values):
            if point_value is not None:
                parts.append(_marker(shape, x_of(index), y_of(point_value), colour))
        legend_y = legend_top + 22 * number
        parts.append(
            f'<line x1="{left}" y1="{legend_y}" x2="{left + 28}" y2="{legend_y}"'
            f' stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker(shape, left + 14, legend_y, colour))
        parts.append(
            f'<text x="{left + 36}" y="{_number(legend_y + FONT_SIZE * 0.35)}" fill="{INK}">'
            f"{_text(series.name)}</text>"
        )
    parts.append("</g></svg>")
    return Svg("".join(parts))


def chart_svg(chart: BarChart | LineChart) -> Svg:
    if isinstance(chart, BarChart):
        return bar_chart_svg(chart)
    return line_chart_svg(chart)


def chart_table(chart: BarChart | LineChart) -> Table:
    """The chart's figures as a table with the chart's title as its caption."""
    if isinstance(chart, BarChart):
        return Table(
            caption=chart.title,
            headers=[chart.label_heading, chart.value_heading],
            rows=[
                [
                    bar.label,
                    chart.missing_label if bar.value is None else chart.format_value(bar.value),
                ]
                for bar in chart.bars
            ],
            numeric_columns=[1],
        )
    return Table(
        caption=chart.title,
        headers=[chart.point_heading, *(series.name for series in chart.series)],
        rows=[
            [
                point,
                *(
                    chart.missing_label
                    if series.values[index] is None
                    else chart.format_value(series.values[index])  # type: ignore[arg-type]
                    for series in chart.series
                ),
            ]
            for index, point in enumerate(chart.points)
        ],
        numeric_columns=list(range(1, len(chart.series) + 1)),
    )
