"""A report's charts, drawn from their blocks by vl-convert: SVG for the web page and the
PDF, PNG for Word. The same figures always draw the same picture."""

import vl_convert

from smeaton.web.reports.blocks import Chart

FONT = "Helvetica, Arial, sans-serif"


def spec(chart: Chart) -> dict:
    """A horizontal stacked bar for each of the chart's bars, one colour per series, with
    a legend; the figures are also in a table beside it."""
    values = [{"bar": bar.label, "series": name, "value": value, "order": position}
              for bar in chart.bars
              for position, (name, value) in enumerate(zip(chart.series, bar.values,
                                                           strict=True))]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 460, "height": {"step": 22},
        "background": "white",
        "config": {"font": FONT, "axis": {"labelFontSize": 11, "titleFontSize": 11,
                                          "labelLimit": 260},
                   "legend": {"labelFontSize": 11, "titleFontSize": 11}},
        "data": {"values": values},
        "mark": {"type": "bar", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "y": {"field": "bar", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "value", "type": "quantitative", "stack": "zero",
                  "title": "Number", "axis": {"tickMinStep": 1, "format": "d"}},
            "color": {"field": "series", "type": "nominal", "title": None,
                      "scale": {"domain": chart.series, "range": chart.colours},
                      "legend": {"orient": "bottom", "direction": "horizontal"}},
            "order": {"field": "order", "type": "quantitative"},
        },
    }


def svg(chart: Chart) -> str:
    return vl_convert.vegalite_to_svg(spec(chart))


def png(chart: Chart) -> bytes:
    return vl_convert.vegalite_to_png(spec(chart), scale=2)
