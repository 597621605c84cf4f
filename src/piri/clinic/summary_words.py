"""A stored 14-day summary (``services.summary14``) in plain, translatable lines, for the
patient's preview and the clinician's thread (``templates/piri/clinic/summary.html``).

Reads only the stored JSON, so a request shows what was sent even if the patient's data has
changed since; a key missing from an older summary reads as "not recorded". The red-flag
questions stored by id are named by the safety policy's labels ("past cancer (D1)").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from piri.domain.adherence_span import SpanAdherence
from piri.domain.extent_latest import ExtentReading, ExtentSource
from piri.domain.plan import Extent
from piri.domain.policy import Policy
from piri.program.fact_words import adherence_words, reading_words
from piri.program.reason_words import reasons_in_words
from piri.program.services.protocol import active_policy
from piri.program.templatetags.chart_words import EXTENT_LABELS

TIER_NAMES = {
    "E": gettext_lazy("emergency"),
    "U": gettext_lazy("urgent, same day"),
    "D": gettext_lazy("see a doctor within days"),
}


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class SummaryWords:
    period: str
    lines: list[Line]
    pain_days: list[tuple[str, int]]  # (the day in words, pain 0-10)
    open_flag: bool


def _day(value: Any) -> str:
    try:
        return str(date_format(date.fromisoformat(str(value)), "j M"))
    except ValueError:
        return str(value)


def _number(value: Any) -> str:
    return str(number_format(float(value), decimal_pos=1))


def _pain_text(pain: dict[str, Any], days: int) -> str:
    if not pain.get("days"):
        return _("No pain scores in these days.")
    text = ngettext(
        "Average %(average)s of 10 over %(n)d day with a check-in; highest %(highest)s.",
        "Average %(average)s of 10 over %(n)d days with a check-in; highest %(highest)s.",
        pain["days"],
    ) % {"average": _number(pain["average"]), "n": pain["days"], "highest": pain["highest"]}
    first, second = pain.get("first_week"), pain.get("second_week")
    if first is not None and second is not None:
        text += " " + _("First week %(first)s, second week %(second)s.") % {
            "first": _number(first),
            "second": _number(second),
        }
    return text


def _latest_text(extent: dict[str, Any], fallback: str) -> str:
    """The latest reach with when and where it was answered (summaries since the latest was
    kept with its moment); else the place alone."""
    try:
        reading = ExtentReading(
            Extent(extent["latest"]),
            datetime.fromisoformat(str(extent["latest_at"])),
            date.fromisoformat(str(extent["latest_at"])[:10]),
            ExtentSource(extent["latest_source"]),
        )
    except (KeyError, ValueError):
        return str(EXTENT_LABELS.get(extent.get("latest") or "", fallback))
    return reading_words(reading).removesuffix(".")


def _extent_text(extent: dict[str, Any]) -> str:
    furthest = extent.get("furthest")
    if not furthest:
        return _("Not recorded in these days.")
    place = str(EXTENT_LABELS.get(furthest, furthest))
    return _("%(place)s (on %(day)s); most recently: %(latest)s.") % {
        "place": place,
        "day": _day(extent.get("furthest_day")),
        "latest": _latest_text(extent, place),
    }


def _sessions_text(sessions: dict[str, Any], days: int, end: Any) -> str:
    target = sessions.get("weekly_target", 0)
    if sessions.get("first") and "planned" in sessions:  # worded as on every page
        span = SpanAdherence(
            first=date.fromisoformat(str(sessions["first"])),
            last=date.fromisoformat(str(end)),
            done=int(sessions.get("done", 0)),
            planned=int(sessions["planned"]),
            from_start=bool(sessions.get("from_start")),
        )
        aim = ngettext(
            "Aim: %(target)d session a week.", "Aim: %(target)d sessions a week.", target
        ) % {"target": target}
        name = _("Last %(days)d days") % {"days": days}
        return f"{name} {adherence_words(span)} {aim}"
    return ngettext(
        "%(done)d session in %(days)d days; the aim is %(target)d a week (%(expected)d).",
        "%(done)d sessions in %(days)d days; the aim is %(target)d a week (%(expected)d).",
        sessions.get("done", 0),
    ) % {
        "done": sessions.get("done", 0),
        "days": days,
        "target": target,
        "expected": sessions.get("expected", 0),
    }


def _flags_text(flags: list[dict[str, Any]], policy: Policy) -> str:
    if not flags:
        return _("None open.")
    parts = []
    for flag in flags:
        reasons = ", ".join(reasons_in_words(flag.get("reasons", []), policy))
        words = _("Tier %(tier)s (%(name)s) since %(day)s") % {
            "tier": flag.get("tier", "?"),
            "name": str(TIER_NAMES.get(str(flag.get("tier")), "?")),
            "day": _day(flag.get("day", "")),
        }
        parts.append(f"{words}: {reasons}" if reasons else words)
    return "; ".join(parts) + "."


def summary_words(summary: dict[str, Any], *, policy: Policy | None = None) -> SummaryWords:
    """``policy`` names the red-flag questions by their labels (the active one by default)."""
    days = int(summary.get("days") or 14)
    pain = summary.get("pain") or {}
    flags = summary.get("flags") or []
    return SummaryWords(
        period=_("%(start)s to %(end)s (%(zone)s)")
        % {
            "start": _day(summary.get("start", "")),
            "end": _day(summary.get("end", "")),
            "zone": summary.get("time_zone", ""),
        },
        lines=[
            Line(_("Pain (daily check-ins)"), _pain_text(pain, days)),
            Line(_("Numbness or tingling, furthest"), _extent_text(summary.get("extent") or {})),
            Line(
                _("Sessions"),
                _sessions_text(summary.get("sessions") or {}, days, summary.get("end", "")),
            ),
            Line(_("Open red flags"), _flags_text(flags, policy or active_policy())),
        ],
        pain_days=[(_day(day), int(value)) for day, value in pain.get("by_day", [])],
        open_flag=bool(flags),
    )
