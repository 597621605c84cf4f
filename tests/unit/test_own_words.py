"""Every page's words are ours: no template repeats six words in a row from the sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.copy_check import ARTICLE, RESEARCH, copied_runs

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "src/piri/templates").rglob("*.html"))


def visible_text(html: str) -> str:
    text = re.sub(r"\{[%#{].*?[%#}]\}", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.parametrize("source", [ARTICLE, RESEARCH], ids=lambda p: p.name)
def test_templates_are_in_our_own_words(source: Path) -> None:
    assert TEMPLATES
    copied = {
        t.name: runs
        for t in TEMPLATES
        if (runs := copied_runs([visible_text(t.read_text())], source))
    }
    assert copied == {}
