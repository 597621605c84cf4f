"""Every page's words are ours: no template repeats six words in a row from the sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from piri.protocols import builtin_path
from tests.copy_check import ARTICLE, RESEARCH, Source, copied_runs, texts

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "src/piri/templates").rglob("*.html"))


def visible_text(html: str) -> str:
    text = re.sub(r"\{[%#{].*?[%#}]\}", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.parametrize("source", [ARTICLE, RESEARCH], ids=lambda p: p.name)
def test_templates_are_in_our_own_words(source: Source) -> None:
    assert TEMPLATES
    copied = {
        t.name: runs
        for t in TEMPLATES
        if (runs := copied_runs([visible_text(t.read_text())], source))
    }
    assert copied == {}


# Six words of the article that the own-words check must catch wherever they turn up. They are
# quoted here, in a test, only to prove the check works; no page or data file may use them.
COPIED = "down the back of your thigh"


def test_a_template_copying_six_words_of_the_article_is_caught(tmp_path: Path) -> None:
    page = tmp_path / "copied.html"
    page.write_text(f"<p>{{% trans 'Stop if the' %}} Tingling runs {COPIED.upper()}.</p>")
    assert copied_runs([visible_text(page.read_text())], ARTICLE) == [COPIED]
    # Five of the six words are not a copy.
    assert copied_runs([COPIED.rsplit(" ", 1)[0] + " calf"], ARTICLE) == []


def test_a_data_file_copying_six_words_of_the_article_is_caught() -> None:
    data = yaml.safe_load(builtin_path("rss").read_text())
    data["exercises"][0]["cues"] = {"start": f"Feel it {COPIED}, then relax."}
    assert copied_runs(texts(data, skip=frozenset({"source"})), ARTICLE) == [COPIED]


def test_fingerprints_are_committed_and_hold_no_text() -> None:
    for source in (ARTICLE, RESEARCH):
        lines = source.path.read_text().split()
        assert len(lines) > 500, source.name
        assert all(re.fullmatch(r"[0-9a-f]{16}", line) for line in lines), source.name
