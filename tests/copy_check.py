"""Our texts are in our own words: no run of six words may match a source we read."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTICLE = SHARED / "seed" / "piriformis-rss-article.txt"
RESEARCH = SHARED / "clinical" / "research.md"
RUN = 6


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def texts(value: Any, *, skip: frozenset[str], key: str = "") -> Iterator[str]:
    """Every string in a nested structure, except under the keys in ``skip``."""
    if isinstance(value, str):
        if key not in skip:
            yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from texts(item, skip=skip, key=name)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item, skip=skip, key=key)


def copied_runs(ours: Iterable[str], source: Path) -> list[str]:
    theirs = words(source.read_text())
    runs = {tuple(theirs[i : i + RUN]) for i in range(len(theirs) - RUN + 1)}
    return [
        " ".join(mine[i : i + RUN])
        for text in ours
        for mine in [words(text)]
        for i in range(len(mine) - RUN + 1)
        if tuple(mine[i : i + RUN]) in runs
    ]
