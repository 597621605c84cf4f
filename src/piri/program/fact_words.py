"""The facts every surface states, in the same words on every page, in the report and in the
14-day summary.

- Adherence: "(1 Nov - 28 Nov 2026): 14 of 16 planned sessions, 88 %" and, past the plan,
  ", plus 2 extra sessions" (never a percentage over 100). A span cut short by the program's
  start says so: "(since the start: 4 Dec 2026)". The caller puts the span's name in front
  ("Last 7 days").
- The latest reach of numbness or tingling: "Back of thigh (daily check-in, 4 Dec, 18:05)".
- A session's safety events: "Finger massage, right side: numbness or tingling spread from
  the back of the thigh to below the knee" and "Side-lying clamshell hold: pain 7/10, stopped".
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from piri.domain.adherence_span import SpanAdherence
from piri.domain.extent_latest import ExtentReading, ExtentSource
from piri.domain.monitoring import EventKind, SafetyEvent
from piri.domain.protocol import Protocol


def span_days(span: SpanAdherence) -> str:
    if span.first == span.last:
        days = date_format(span.first, "j M Y")
    else:
        same_year = span.first.year == span.last.year
        days = _("%(first)s – %(last)s") % {
            "first": date_format(span.first, "j M" if same_year else "j M Y"),
            "last": date_format(span.last, "j M Y"),
        }
    return _("since the start: %(days)s") % {"days": days} if span.from_start else days


def adherence_words(span: SpanAdherence | None) -> str:
    """``(days): done of planned planned sessions, percent %[, plus n extra sessions].``"""
    if span is None:
        return _(": the program has not started yet.")
    text = ngettext(
        "(%(days)s): %(done)d of %(planned)d planned session, %(percent)d %%",
        "(%(days)s): %(done)d of %(planned)d planned sessions, %(percent)d %%",
        span.planned,
    ) % {
        "days": span_days(span),
        "done": span.counted,
        "planned": span.planned,
        "percent": span.percent,
    }
    if span.extra:
        text += ngettext(
            ", plus %(n)d extra session", ", plus %(n)d extra sessions", span.extra
        ) % {"n": span.extra}
    return text + "."


EXTENT_WORDS: dict[str, Promise] = {
    "none": gettext_lazy("None at all"),
    "buttock": gettext_lazy("Buttock"),
    "thigh": gettext_lazy("Back of thigh"),
    "below_knee": gettext_lazy("Below the knee"),
    "foot": gettext_lazy("Foot"),
}
SOURCE_WORDS = {
    ExtentSource.SESSION: gettext_lazy("check during a session"),
    ExtentSource.CHECKIN: gettext_lazy("daily check-in"),
}


def extent_name(value: str) -> str:
    return str(EXTENT_WORDS.get(value, value))


def reading_words(reading: ExtentReading | None) -> str:
    """``Back of thigh (daily check-in, 4 Dec 2026, 18:05)``; the moment on the clock the
    reading carries (the patient's)."""
    if reading is None:
        return _("Not recorded yet.")
    return _("%(place)s (%(source)s, %(when)s)") % {
        "place": extent_name(reading.extent.value),
        "source": SOURCE_WORDS[reading.source],
        "when": date_format(reading.at, "j M Y, H:i"),
    }


REACH_WORDS: dict[str, Promise] = {
    "none": gettext_lazy("nothing"),
    "buttock": gettext_lazy("the buttock"),
    "thigh": gettext_lazy("the back of the thigh"),
    "below_knee": gettext_lazy("below the knee"),
    "foot": gettext_lazy("the foot"),
}
SIDE_WORDS: dict[str, Promise] = {
    "left": gettext_lazy("left side"),
    "right": gettext_lazy("right side"),
}


def event_words(event: SafetyEvent, protocol: Protocol) -> str:
    try:
        name = protocol.item_name(event.item)
    except KeyError:
        name = event.item
    if event.side in SIDE_WORDS:
        name = _("%(item)s, %(side)s") % {"item": name, "side": SIDE_WORDS[event.side]}
    if event.kind is EventKind.SPREAD:
        return _("%(item)s: numbness or tingling spread from %(before)s to %(after)s") % {
            "item": name,
            "before": REACH_WORDS.get(getattr(event.extent_before, "value", ""), "?"),
            "after": REACH_WORDS.get(getattr(event.extent_after, "value", ""), "?"),
        }
    return _("%(item)s: pain %(pain)s/10, stopped") % {"item": name, "pain": event.pain}
