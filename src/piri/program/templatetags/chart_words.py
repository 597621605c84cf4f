"""Words and dates the chart templates (``templates/piri/charts/``) put on their marks.

``{% load chart_words %}`` then ``{{ cell.level|extent_label }}`` ("Back of thigh"; "No
check-in" for a day without one), ``{{ chart.instrument|score_name }}`` (or
``score_name:"short"`` for a table heading), ``{{ row.tally|week_status }}`` ("Yes", "Not
yet", "No"), ``{{ span|adherence }}`` and ``{{ reading|reach }}`` (``program.fact_words``),
and two remembered versions of Django's filters: ``{{ point.start|day:"j M Y" }}`` (``date``) and
``{{ point.value|number:"-1" }}`` (``floatformat``, a dash for no value), kept per value,
format and language because the same weeks and the same few scores fill the rows of five
tables. Filters, not included templates or tags: they run once per table row, and two years
drawn week by week make about 500 rows.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from piri.domain.adherence import WeekTally
from piri.domain.adherence_span import SpanAdherence
from piri.domain.extent_latest import ExtentReading
from piri.program.fact_words import EXTENT_WORDS, adherence_words, reading_words

register = template.Library()

EXTENT_LABELS: dict[str, Promise] = EXTENT_WORDS
NO_CHECKIN = _("No check-in")
WEEK_STATUS = {"met": _("Yes"), "open": _("Not yet"), "missed": _("No")}
NO_VALUE = "–"

SCORE_NAMES: dict[str, tuple[Promise, Promise]] = {
    "nprs": (_("Average pain (0–10)"), _("Pain")),
    "rmdq": (_("Daily tasks made hard (RMDQ, 0–24)"), _("RMDQ")),
    "psfs": (_("Your chosen activities (0–10)"), _("Activities")),
    "grc": (_("Overall change since you started (−3 to +3)"), _("Overall")),
}


@register.filter
def extent_label(level: str | None) -> str:
    return str(EXTENT_LABELS.get(str(level or ""), NO_CHECKIN))


@register.filter
def score_name(instrument: str, form: str = "") -> str:
    names = SCORE_NAMES.get(instrument)
    if names is None:
        return instrument
    return str(names[1] if form == "short" else names[0])


@register.filter
def day(value: date, format: str) -> str:
    return _day(value, format, get_language())


@lru_cache(maxsize=4096)
def _day(value: date, format: str, language: str | None) -> str:
    return date_format(value, format)


@register.filter
def number(value: float | None, digits: str = "-1") -> str:
    return NO_VALUE if value is None else _number(value, digits, get_language())


@lru_cache(maxsize=4096)
def _number(value: float, digits: str, language: str | None) -> str:
    return str(floatformat(value, digits))


@register.filter
def week_status(tally: WeekTally) -> str:
    """Whether a week reached the aim, in a word; the current week is "not yet" until it has."""
    if tally.met:
        return str(WEEK_STATUS["met"])
    return str(WEEK_STATUS["open" if tally.is_current else "missed"])


@register.filter
def adherence(span: SpanAdherence | None) -> str:
    return adherence_words(span)


@register.filter
def reach(reading: ExtentReading | None) -> str:
    return reading_words(reading)
