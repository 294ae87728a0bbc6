"""Each table of figures as a chart, drawn once with reportlab's own graphics
(already the register's PDF library, so no new dependency) and rendered two
ways: as SVG in the page, and into the PDF appendix.

The SVG is made fit for the page: a title and a description named by
``aria-labelledby`` with ``role="img"``, so a screen reader announces the
chart by its title and description and not each bar (the same numbers are in
the table beside it); reportlab's ``style`` attributes become presentation
attributes, because the Content-Security-Policy allows no inline style; and
its fixed ids (clip paths) go, so several charts can share a page. A hidden
figure is drawn as no bar, labelled as the table labels it ("fewer than 5")."""

import hashlib
import re
import xml.etree.ElementTree as ET
from html import escape

from django.core.cache import cache
from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from .figures import Table

SVG = "http://www.w3.org/2000/svg"
BLUE = colors.HexColor("#1d70b8")  # GOV.UK blue: 5.2:1 against white
TEXT = colors.HexColor("#0b0c0c")
GRID = colors.HexColor("#b1b4b6")
# Drawn about the size it is shown at (half the page's width), so its text
# reads at about the size of the table's beside it.
WIDTH = 480
FONT_SIZE = 13
LABEL_CHARS = 26
MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def _short(label: str) -> str:
    label = MONTHS.sub(lambda m: m.group(1)[:3], label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def drawing(table: Table) -> Drawing | None:
    """The table as a bar chart (categories down the side), or for quarters as
    a trend (quarters along the bottom). None for a table with no rows."""
    if not table.rows:
        return None
    values = [cell.value or 0 for _, cell in table.rows]
    labels = [_short(label) for label, _ in table.rows]
    texts = [cell.text for _, cell in table.rows]
    top = max([*values, 5])
    chart: HorizontalBarChart | VerticalBarChart
    if table.chart == "trend":
        many = len(labels) > 3
        height = 320 if many else 260
        chart = VerticalBarChart()
        bottom = 110 if many else 40
        # Room on the left for the first slanted quarter's name.
        left = 90 if many else 50
        chart.x, chart.y = left, bottom
        chart.width, chart.height = WIDTH - left - 10, height - bottom - 30
        # Quarters on a slant once there are more than three, so they do not collide.
        chart.categoryAxis.labels.angle = 40 if many else 0
        chart.categoryAxis.labels.boxAnchor = "ne" if many else "n"
        # A bar's own label runs up the bar where bars are narrow.
        narrow = len(labels) > 6
        chart.barLabels.angle = 90 if narrow else 0
        chart.barLabels.boxAnchor = "w" if narrow else "s"
        chart.barLabels.nudge = 6
    else:
        height = 50 + 30 * len(labels)
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = 190, 30, WIDTH - 190 - 90, height - 40
        chart.categoryAxis.reverseDirection = True  # first row at the top, as in the table
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 4
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.2
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.bars[0].fillColor = BLUE
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "values"
    chart.barLabelArray = [texts]
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = FONT_SIZE
    chart.barLabels.fillColor = TEXT
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = "Helvetica"
        axis.labels.fontSize = FONT_SIZE
        axis.labels.fillColor = TEXT
        axis.strokeColor = TEXT
    chart.valueAxis.labelTextFormat = _axis_number
    drawn = Drawing(WIDTH, height)
    drawn.add(chart)
    return drawn


def _axis_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else ""


def description(table: Table, period_label: str) -> str:
    kind = "trend by quarter" if table.chart == "trend" else "bar chart"
    return (
        f"A {kind} of {table.title.lower()}, {period_label}. Counts from 1 to 4 are shown as "
        "fewer than 5 and drawn as no bar. The same figures are in the table beside it."
    )


def svg(table: Table, period_label: str) -> str:
    """The chart as an SVG element for the page, or "" if there is nothing to
    draw. Drawing is the page's slowest part, and the same figures always make
    the same chart, so each is kept by what it shows (for a day)."""
    content = repr((table.key, table.title, table.chart, table.rows, period_label))
    key = "reports:chart:" + hashlib.sha256(content.encode()).hexdigest()
    kept = cache.get(key)
    if kept is None:
        kept = _svg(table, period_label)
        cache.set(key, kept, 24 * 3600)
    return str(kept)


def _svg(table: Table, period_label: str) -> str:
    drawn = drawing(table)
    if drawn is None:
        return ""
    text = renderSVG.drawToString(drawn)
    # Past the XML declaration and doctype: the svg element itself.
    root = ET.fromstring(text[text.index("<svg") :])  # noqa: S314 - reportlab's own output
    return _fit_for_page(root, table.key, table.title, description(table, period_label))


def _fit_for_page(root: ET.Element, key: str, title: str, desc: str) -> str:
    ns = f"{{{SVG}}}"
    for element in list(root.iter()):
        for child in list(element):
            if child.tag == ns + "clipPath":
                element.remove(child)
        element.attrib.pop("id", None)
        if element.attrib.get("transform") == "":
            del element.attrib["transform"]
        style = element.attrib.pop("style", "")
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if name and value and name != "clip-path":
                element.set(name, value)
    for old in root.findall(ns + "title") + root.findall(ns + "desc"):
        root.remove(old)
    body = "".join(ET.tostring(child, encoding="unicode") for child in root)
    body = body.replace("ns0:", "").replace(f' xmlns:ns0="{SVG}"', "")
    view_box = root.attrib.get("viewBox", f"0 0 {WIDTH} 200")
    return (
        f'<svg xmlns="{SVG}" viewBox="{escape(view_box)}" width="100%" role="img" '
        f'focusable="false" class="register-chart" '
        f'aria-labelledby="{key}-chart-title {key}-chart-desc">'
        f'<title id="{key}-chart-title">{escape(title)}</title>'
        f'<desc id="{key}-chart-desc">{escape(desc)}</desc>{body}</svg>'
    )
