"""Progress charts as geometry: pure Python, no Django.

Each builder takes plain values (by the patient's local date) and a ``Window`` and returns a
frozen dataclass of coordinates in SVG user units that a template draws
(``templates/piri/charts/<name>.html``): pain trend, extent strip, adherence calendar,
sitting tolerance and the weekly scores. Words stay out of here: templates say things, in
the patient's language.
"""

from piri.charts.calendar import AdherenceCalendar, adherence_calendar
from piri.charts.extent import ExtentStrip, extent_strip
from piri.charts.pain import PainTrend, pain_trend
from piri.charts.scores import ScoreSpec, WeeklyScores, weekly_scores
from piri.charts.sitting import SittingTrend, sitting_trend
from piri.charts.span import DEFAULT_SPAN, Span, Window, first_day, window_for

__all__ = [
    "DEFAULT_SPAN",
    "AdherenceCalendar",
    "ExtentStrip",
    "PainTrend",
    "ScoreSpec",
    "SittingTrend",
    "Span",
    "WeeklyScores",
    "Window",
    "adherence_calendar",
    "extent_strip",
    "first_day",
    "pain_trend",
    "sitting_trend",
    "weekly_scores",
    "window_for",
]
