"""The PDF's dots on a line chart (``LineChart.print_markers``): every point when there are
few; when there are many, only the points no line passes through."""

from __future__ import annotations

from datetime import date, timedelta

from piri.charts import Span, window_for
from piri.charts.line import DENSE, line_chart
from piri.charts.pain import FRAME
from piri.charts.paths import circle

TODAY = date(2026, 11, 23)


def test_few_points_keep_every_dot() -> None:
    window = window_for(Span.ALL, today=TODAY, first_day=TODAY - timedelta(days=60))
    values = {TODAY - timedelta(days=d): 4.0 for d in range(0, 60, 7)}
    chart = line_chart(values, window, frame=FRAME, low=0, high=10, step=2)
    assert len(chart.points) <= DENSE
    assert chart.print_markers == chart.markers


def test_many_points_print_only_the_lone_ones() -> None:
    window = window_for(Span.ALL, today=TODAY, first_day=TODAY - timedelta(days=730))
    weeks = [window.start + timedelta(weeks=n) for n in range(window.size)]
    lone = weeks[10]  # weeks 8 and 12 are left empty around it: too far to join
    values = {week: 3.0 for week in weeks if week not in (weeks[8], weeks[9], weeks[11], weeks[12])}
    chart = line_chart(values, window, frame=FRAME, low=0, high=10, step=2)
    assert len(chart.points) > DENSE
    (point,) = [p for p in chart.points if p.start == lone]
    assert chart.lone == (point,)
    assert chart.print_markers == circle(point.x, point.y, chart.radius)
