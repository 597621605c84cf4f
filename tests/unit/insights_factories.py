"""Factories for the insight tests: plain functions with keyword overrides."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from piri.domain.insights import InsightSettings

_DEFAULT = InsightSettings(
    min_sessions=3,
    min_within=2,
    interval_level=0.9,
    resamples=300,
    seed=7,
    min_difference=1.0,
    min_extent_difference=0.5,
)


def insight_settings(**overrides: Any) -> InsightSettings:
    """Small thresholds so that short constructed histories reach a verdict."""
    return replace(_DEFAULT, **overrides)
