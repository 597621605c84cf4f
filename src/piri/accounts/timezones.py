"""Time zones a patient can choose, and their validation."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@lru_cache(maxsize=1)
def available_time_zones() -> tuple[str, ...]:
    return tuple(
        sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/"))
    )


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones() and value != "UTC":
        raise ValidationError(_("“%(zone)s” is not a known time zone."), params={"zone": value})
