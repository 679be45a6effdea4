"""Charts are accessible inline SVG drawn from plain data, and carry the same figures as a table.

A screen reader hears the chart's title and description; every text a caller passes in is
escaped; bars are as long as their value says; a missing value shows as such in the chart and in
the table; lines keep gaps where a value is missing; bad input is refused with a clear error.
"""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impactplein.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def bar_chart(**overrides: object) -> charts.BarChart:
    values: dict[str, object] = {
        "id": "scan-areas",
        "title": "Score per onderdeel",
        "description": "Missie 75, Mens 50, Milieu niet van toepassing.",
        "bars": [
            charts.Bar("Missie & bestuur", Decimal("75.0")),
            charts.Bar("Mens & werk", Decimal("50.0")),
            charts.Bar("Milieu & klimaat", None),
        ],
        "maximum": 100,
        "label_heading": "Onderdeel",
        "value_heading": "Score (%)",
        "missing_label": "n.v.t.",
    }
    values.update(overrides)
    return charts.BarChart(**values)  # type: ignore[arg-type]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_bar_chart_is_an_image_named_by_its_title_and_description() -> None:
    root = parse(charts.bar_chart_svg(bar_chart()))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "scan-areas-title scan-areas-desc"
    assert root.find(f"{SVG}title").get("id") == "scan-areas-title"
    assert root.find(f"{SVG}title").text == "Score per onderdeel"
    assert root.find(f"{SVG}desc").text.startswith("Missie 75")


def test_bars_are_as_long_as_their_value_and_a_missing_value_draws_no_bar() -> None:
    root = parse(charts.bar_chart_svg(bar_chart()))
    rects = root.findall(f".//{SVG}rect")
    tracks = [rect for rect in rects if rect.get("fill") == charts.TRACK]
    bars = [rect for rect in rects if rect.get("fill") == charts.BAR]
    assert len(tracks) == 3
    assert len(bars) == 2
    full = float(tracks[0].get("width"))
    assert float(bars[0].get("width")) == pytest.approx(full * 0.75)
    assert float(bars[1].get("width")) == pytest.approx(full * 0.5)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "n.v.t." in texts
    assert "Milieu & klimaat" in texts


def test_values_beyond_the_scale_are_clipped_to_it() -> None:
    chart = bar_chart(bars=[charts.Bar("te veel", 250), charts.Bar("negatief", -5)])
    root = parse(charts.bar_chart_svg(chart))
    track = next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.TRACK)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.BAR]
    assert float(bars[0].get("width")) == pytest.approx(float(track.get("width")))
    assert float(bars[1].get("width")) == 0


def test_value_labels_use_the_callers_format() -> None:
    chart = bar_chart(format_value=lambda value: f"{value}".replace(".", ","))
    root = parse(charts.bar_chart_svg(chart))
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "75,0" in texts
    assert charts.chart_table(chart).rows[0] == ["Missie & bestuur", "75,0"]


def test_a_reference_line_is_drawn_with_its_label() -> None:
    chart = bar_chart(references=[charts.ReferenceLine(40, "minimum Koploper")])
    root = parse(charts.bar_chart_svg(chart))
    line = next(root.iter(f"{SVG}line"))
    track = next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.TRACK)
    expected = float(track.get("x")) + float(track.get("width")) * 0.4
    assert float(line.get("x1")) == pytest.approx(expected, abs=0.01)
    assert "minimum Koploper" in [text.text for text in root.iter(f"{SVG}text")]


def test_every_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    chart = bar_chart(
        title=hostile,
        description=hostile,
        bars=[charts.Bar(hostile, 10)],
        references=[charts.ReferenceLine(5, hostile)],
    )
    svg = charts.bar_chart_svg(chart)
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == hostile
    line = charts.line_chart_svg(
        charts.LineChart(
            id="x",
            title=hostile,
            description=hostile,
            points=[hostile],
            series=[charts.Series(hostile, [1])],
            point_heading="Jaar",
        )
    )
    assert "<script>" not in line
    parse(line)


def test_the_svg_is_inserted_unescaped_by_templates_that_honour_html() -> None:
    from django.utils.html import conditional_escape

    svg = charts.bar_chart_svg(bar_chart())
    assert conditional_escape(svg) == svg


@pytest.mark.parametrize("chart_id", ["", "a b", 'x"onload="y', "<svg>"])
def test_a_chart_id_that_could_break_the_markup_is_refused(chart_id: str) -> None:
    with pytest.raises(ValueError, match="chart id"):
        charts.bar_chart_svg(bar_chart(id=chart_id))


def test_a_bar_chart_needs_a_positive_maximum() -> None:
    with pytest.raises(ValueError, match="maximum"):
        charts.bar_chart_svg(bar_chart(maximum=0))


def test_the_bar_table_has_the_same_figures_as_the_chart() -> None:
    table = charts.chart_table(bar_chart())
    assert table.caption == "Score per onderdeel"
    assert table.headers == ["Onderdeel", "Score (%)"]
    assert table.rows == [
        ["Missie & bestuur", "75.0"],
        ["Mens & werk", "50.0"],
        ["Milieu & klimaat", "n.v.t."],
    ]
    assert table.numeric_columns == [1]


def line_chart(**overrides: object) -> charts.LineChart:
    values: dict[str, object] = {
        "id": "kpi",
        "title": "Banen voor doelgroepen per jaar",
        "description": "Van 10 in 2024 naar 30 in 2026.",
        "points": ["2024", "2025", "2026"],
        "series": [
            charts.Series("Dordrecht", [10, 20, 30]),
            charts.Series("Drechtsteden", [5, None, 15]),
        ],
        "point_heading": "Jaar",
        "maximum": 40,
    }
    values.update(overrides)
    return charts.LineChart(**values)  # type: ignore[arg-type]


def test_line_chart_draws_each_series_with_its_own_colour_and_a_legend() -> None:
    root = parse(charts.line_chart_svg(line_chart()))
    assert root.get("role") == "img"
    polylines = root.findall(f".//{SVG}polyline")
    # The second series has a gap in 2025, so only the first has a line of more than one point.
    assert len(polylines) == 1
    assert polylines[0].get("stroke") == charts.SERIES_COLOURS[0]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"Dordrecht", "Drechtsteden", "2024", "2026"} <= set(texts)
    # 3 markers for the first series, 2 for the second, and one in each legend entry.
    markers = root.findall(f".//{SVG}circle") + root.findall(f".//{SVG}rect")
    assert len(markers) == 3 + 1 + 2 + 1


def test_line_values_sit_at_their_height() -> None:
    root = parse(charts.line_chart_svg(line_chart()))
    points = root.find(f".//{SVG}polyline").get("points").split()
    ys = [float(point.split(",")[1]) for point in points]
    # Higher values are drawn higher up (smaller y), evenly: 10, 20, 30 of 0..40.
    assert ys[0] > ys[1] > ys[2]
    assert ys[0] - ys[1] == pytest.approx(ys[1] - ys[2])


def test_line_table_has_a_row_per_point_and_a_column_per_series() -> None:
    table = charts.chart_table(line_chart(missing_label="geen"))
    assert table.headers == ["Jaar", "Dordrecht", "Drechtsteden"]
    assert table.rows == [["2024", "10", "5"], ["2025", "20", "geen"], ["2026", "30", "15"]]
    assert table.numeric_columns == [1, 2]


def test_a_series_with_the_wrong_number_of_values_is_refused() -> None:
    chart = line_chart(series=[charts.Series("kort", [1, 2])])
    with pytest.raises(ValueError, match="one value per point"):
        charts.line_chart_svg(chart)


def test_chart_svg_picks_the_kind() -> None:
    assert charts.chart_svg(bar_chart()) == charts.bar_chart_svg(bar_chart())
    assert charts.chart_svg(line_chart()) == charts.line_chart_svg(line_chart())


def test_series_colours_have_enough_contrast_on_white() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in (*charts.SERIES_COLOURS, charts.BAR, charts.REFERENCE, charts.GRID):
        assert (1.05) / (luminance(colour) + 0.05) >= 3, colour
    assert (1.05) / (luminance(charts.INK) + 0.05) >= 4.5


@given(
    st.lists(
        st.one_of(st.none(), st.integers(-10, 200), st.decimals(0, 100, places=1)),
        min_size=1,
        max_size=8,
    ),
    st.text(max_size=30),
)
def test_any_data_gives_well_formed_svg_and_a_matching_table(values: list, label: str) -> None:
    chart = bar_chart(bars=[charts.Bar(label, value) for value in values])
    root = parse(charts.bar_chart_svg(chart))
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.TRACK]) == len(values)
    assert len(charts.chart_table(chart).rows) == len(values)


def test_axis_labels_have_their_own_format_and_stay_inside_the_chart() -> None:
    chart = line_chart(format_value=lambda v: f"{v}!", format_tick=lambda v: f"<{v}>")
    root = parse(charts.line_chart_svg(chart))
    texts = {text.text: text for text in root.iter(f"{SVG}text")}
    assert {"<0>", "<10>", "<40>"} <= set(texts)
    assert "10!" not in texts  # values are in the table, not on the axis
    width = float(root.get("viewBox").split()[2])
    for label in ("2024", "2026"):
        x = float(texts[label].get("x"))
        assert 30 < x < width - 30, label
    assert charts.chart_table(chart).rows[0] == ["2024", "10!", "5!"]
