"""Our texts are in our own words: no run of six words may match a source we read.

The sources (the clinic's article and our research notes) are not part of the repository, so
the check compares against their *fingerprints*: a short hash of every run of six normalised
words, one per line, sorted, in ``tests/fingerprints/<source>.txt``. The text cannot be read
back from them, and a test never reads outside the repository. When the sources change,
regenerate the fingerprints beside them (see CONTRIBUTING.md)::

    uv run python -m tests.copy_check ../shared
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

RUN = 6
FINGERPRINTS = Path(__file__).resolve().parent / "fingerprints"
# Where each source lives in the shared folder the fingerprints were made from.
SOURCE_FILES = {
    "article": Path("seed/piriformis-rss-article.txt"),
    "research": Path("clinical/research.md"),
}


@dataclass(frozen=True)
class Source:
    """A source we read, known to the tests only by its fingerprints."""

    name: str

    @property
    def path(self) -> Path:
        return FINGERPRINTS / f"{self.name}.txt"


ARTICLE = Source("article")
RESEARCH = Source("research")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def fingerprint(run: Iterable[str]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def fingerprints_of(text: str) -> set[str]:
    found = words(text)
    return {fingerprint(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


@cache
def known(source: Source) -> frozenset[str]:
    lines = source.path.read_text().split()
    assert lines, f"{source.path} is empty"
    return frozenset(lines)


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


def copied_runs(ours: Iterable[str], source: Source) -> list[str]:
    """Each run of six words in ``ours`` whose fingerprint is one of the source's."""
    theirs = known(source)
    return [
        " ".join(mine[i : i + RUN])
        for text in ours
        for mine in [words(text)]
        for i in range(len(mine) - RUN + 1)
        if fingerprint(mine[i : i + RUN]) in theirs
    ]


def regenerate(shared: Path) -> None:
    """Write the fingerprints of every source found under ``shared``."""
    FINGERPRINTS.mkdir(exist_ok=True)
    for name, relative in SOURCE_FILES.items():
        prints = sorted(fingerprints_of((shared / relative).read_text()))
        Source(name).path.write_text("\n".join(prints) + "\n")
        print(f"{Source(name).path}: {len(prints)} runs of {RUN} words from {relative}")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit(
            "usage: python -m tests.copy_check SHARED_DIR  (the folder holding seed/ and clinical/)"
        )
    regenerate(Path(sys.argv[1]))
