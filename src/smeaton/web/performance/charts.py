"""Charts as SVG, drawn on the server: no script, and always beside a data table.

The indicator page's trend is Vega-Altair rendered by vl-convert; the scorecard's
small trend lines are drawn here directly, since twenty of them must be quick.
Lines differ in dash and point shape as well as colour, so colour is never the only cue.
"""

import hashlib
import json
import math

import vl_convert
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from smeaton.web.performance.scorecard import Row

# GOV.UK colours: blue, black, orange, green.
SERIES_STYLES = [
    ("#1d70b8", [1, 0], "circle"),
    ("#0b0c0c", [6, 3], "square"),
    ("#d4351c", [2, 2], "triangle-up"),
    ("#00703c", [8, 2, 2, 2], "diamond"),
]


def trend_lines(row: Row) -> list[tuple[str, list[tuple[int, object]]]]:
    """The council, England, the region and the neighbours' average, year by year."""
    comparators = row.comparators
    lines = [(area.name, [(year, row.value(area, year)) for year in row.years])
             for area in (comparators.council, comparators.england, comparators.region) if area]
    lines.append((f"Statistical neighbours' average ({comparators.model} model)",
                  [(year, row.neighbours_average(year).value) for year in row.years]))
    return lines


def trend_chart(row: Row) -> SafeString:
    """The trend over every published year, as an accessible SVG."""
    import altair as alt  # takes a second to import: only pages with a chart pay for it

    definition = row.definition
    lines = trend_lines(row)
    # A missing or suppressed year stays in the data as null, so the line breaks there
    # instead of joining two real figures across a year that has none.
    values = [
        {"period": row.label(year), "value": None if value is None else float(value),
         "series": name}
        for name, points in lines for year, value in points
    ]
    names = [name for name, _ in lines]
    styles = SERIES_STYLES[: len(names)]
    scale = {"domain": names, "range": [s[0] for s in styles]}
    legend = alt.Legend(orient="bottom", columns=1, labelLimit=400, symbolSize=200,
                        symbolStrokeWidth=3)
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point={"size": 90, "filled": True}, strokeWidth=3,
                   invalid="break-paths-show-path-domains")
        .encode(
            x=alt.X("period:O", title=definition.period[0].upper() + definition.period[1:],
                    sort=[row.label(year) for year in row.years],
                    axis=alt.Axis(labelAngle=0 if len(row.years) <= 6 else -45)),
            y=alt.Y("value:Q", title=definition.unit, scale=alt.Scale(zero=False)),
            # One legend: colour, dash and marker shape together, so colour is not needed.
            color=alt.Color("series:N", title=None, scale=alt.Scale(**scale), legend=legend),
            strokeDash=alt.StrokeDash("series:N", title=None, legend=legend, scale=alt.Scale(
                domain=names, range=[s[1] for s in styles])),
            shape=alt.Shape("series:N", title=None, legend=legend, scale=alt.Scale(
                domain=names, range=[s[2] for s in styles])),
        )
        .properties(width=560, height=280)
        .configure(font="Arial, sans-serif")
        .configure_axis(labelFontSize=14, titleFontSize=14)
        .configure_legend(labelFontSize=14, symbolStrokeWidth=3)
    )
    title = (f"{definition.title}: {row.comparators.council.name} against England, "
             "region and neighbours")
    return _accessible(_render(chart.to_dict()), title)


def own_chart(monthly, targets: dict) -> SafeString:
    """The council's own figure at each month end, with the target and its tolerance
    band for each year that has one, as an accessible SVG. Drawn once per distinct set
    of figures and targets: Altair is not imported or run again for the same data."""
    definition = monthly.definition
    months = [{"month": shown.period_end.isoformat(),
               "value": None if shown.value is None else float(shown.value)}
              for shown in monthly.figures]
    bands = []
    for shown in monthly.figures:
        target = targets.get(definition.year_of(shown.period_end))
        if target is not None:
            value, tolerance = float(target.value), float(target.tolerance)
            bands.append({"month": shown.period_end.isoformat(),
                          "year": definition.year_of(shown.period_end), "target": value,
                          "low": value - tolerance, "high": value + tolerance})
    title = f"{definition.title}: the council's own figure for the 12 months to each month end"
    key = json.dumps([definition.slug, definition.unit, months, bands], sort_keys=True)
    return _accessible(_cached("own-chart", key, lambda: _own_spec(definition, months, bands)),
                       title)


def _own_spec(definition, months: list[dict], bands: list[dict]) -> dict:
    import altair as alt  # takes a second to import: only pages with a chart pay for it

    # A tick a month (every few months over years): left to itself, a short series gets
    # ticks between month ends, each labelled with the same month.
    step = max(1, math.ceil(len(months) / 12))
    x = alt.X("month:T", title="12 months to the end of", axis=alt.Axis(
        format="%b %Y", tickCount={"interval": "month", "step": step}))
    y_title = definition.unit if definition.unit != "%" else "%"
    # The figure: a solid blue line with points; a month with none breaks the line.
    figure = alt.Chart(alt.Data(values=months)).mark_line(
        point={"size": 60, "filled": True}, strokeWidth=3, color=SERIES_STYLES[0][0],
        invalid="break-paths-show-path-domains").encode(
        x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)))
    layers = [figure]
    if bands:
        # Each year's target is its own dashed black line over a grey band (amber within
        # it), so a change of target between years is a step, not a slope.
        band_data = alt.Data(values=bands)
        layers = [
            alt.Chart(band_data).mark_area(opacity=0.25, color="#b1b4b6").encode(
                x=x, y="low:Q", y2="high:Q", detail="year:N"),
            alt.Chart(band_data).mark_line(strokeDash=[6, 3], strokeWidth=2,
                                           color=SERIES_STYLES[1][0]).encode(
                x=x, y="target:Q", detail="year:N"),
            figure,
        ]
    chart = (alt.layer(*layers).properties(width=560, height=260)
             .configure(font="Arial, sans-serif")
             .configure_axis(labelFontSize=14, titleFontSize=14))
    return chart.to_dict()


def _cached(kind: str, key: str, spec) -> str:
    """The SVG drawn from ``spec()``, built and rendered only the first time ``key``
    (everything the chart shows) is seen."""
    name = f"chart:{kind}:" + hashlib.sha256(key.encode()).hexdigest()
    svg = cache.get(name)
    if svg is None:
        svg = _render(spec())
        cache.set(name, svg, timeout=None)
    return svg


def _render(spec: dict) -> str:
    """Render once per distinct chart: the same figures draw the same SVG."""
    key = "chart:" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(spec)
        cache.set(key, svg, timeout=None)
    return svg


def _accessible(svg: str, title: str) -> SafeString:
    # The table beside the chart carries the figures; the SVG gets a name for the image.
    head = f'<svg role="img" aria-label="{escape(title)}" focusable="false" '
    return mark_safe(svg.replace("<svg ", head, 1))  # noqa: S308  vl-convert's own SVG


def sparkline(points: list[tuple[float, str, object]], title: str, width: int = 100,
              height: int = 32) -> SafeString:
    """A small line through ``points`` (position along the line, its name, value or None),
    in order, with the last known point marked. Named "``title``, first to last"."""
    known = [(x, name, float(value)) for x, name, value in points if value is not None]
    if len(known) < 2:
        return mark_safe("")  # noqa: S308
    low = min(v for _, _, v in known)
    high = max(v for _, _, v in known)
    span = (high - low) or 1.0
    first, last = points[0][0], points[-1][0]

    def x(position):
        return 4 + (position - first) / ((last - first) or 1) * (width - 8)

    def y(value):
        return 4 + (high - value) / span * (height - 8)

    # A point with no figure (missing, suppressed) breaks the line rather than being bridged.
    runs, run = [], []
    for position, _, value in points:
        if value is None:
            runs, run = runs + [run], []
        else:
            run.append((position, float(value)))
    lines = "".join(
        f'<polyline points="{" ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in part)}" '
        'fill="none" stroke="#1d70b8" stroke-width="2"/>'
        for part in [*runs, run] if len(part) > 1)
    end_x, end_y = x(known[-1][0]), y(known[-1][2])
    label = f"{title}, {known[0][1]} to {known[-1][1]}"
    return mark_safe(  # noqa: S308  numbers and escaped text only
        f'<svg class="smeaton-sparkline" role="img" aria-label="{escape(label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" focusable="false">'
        f"{lines}"
        f'<circle cx="{end_x:.1f}" cy="{end_y:.1f}" r="3" fill="#1d70b8"/></svg>'
    )


def published_sparkline(row: Row) -> SafeString:
    """The council's published figures, year by year."""
    council = row.comparators.council
    return sparkline([(year, row.label(year), row.value(council, year)) for year in row.years],
                     f"Trend for {council.name}")


def own_sparkline(row: Row) -> SafeString:
    """The council's own figures for each 12 months to a month end, from its returns."""
    if row.own is None:
        return mark_safe("")  # noqa: S308
    return sparkline([(shown.period_end.toordinal(), f"{shown.period_end:%b %Y}", shown.value)
                      for shown in row.own.figures],
                     f"Month by month for {row.comparators.council.name}, from its returns",
                     width=80)  # narrow: the scorecard's last column, which must fit
