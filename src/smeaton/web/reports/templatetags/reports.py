import base64

from django import template

from smeaton.web.reports.writers import charts

register = template.Library()


@register.simple_tag(takes_context=True)
def chart_src(context, chart) -> str:
    """The chart as an image's address, its picture inline: SVG on the web page; PNG in
    the PDF, drawn with the chart's own fonts, so its labels fit whatever fonts the PDF
    has. As an image with alternative text, the PDF tags it as a figure."""
    if context.get("printing"):
        return "data:image/png;base64," + base64.b64encode(charts.png(chart)).decode()
    return "data:image/svg+xml;base64," + base64.b64encode(charts.svg(chart).encode()).decode()
