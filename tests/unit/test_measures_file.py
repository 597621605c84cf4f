"""The measures file and the clinic's licensed-text files: the shipped file loads, carries no
licensed text, sources every MCID and codes what spec §6 codes; a malformed copy fails with
``FILE:LINE: field.path: message`` lines like the protocol files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from piri.domain.measures import Method, TextSource
from piri.protocols import (
    MEASURES_PATH,
    ProtocolError,
    builtin_ids,
    builtin_measures,
    load_measure_text,
    load_measures,
    parse_measure_text,
    parse_measures,
)

TEXT = MEASURES_PATH.read_text(encoding="utf-8")
CATALOG = builtin_measures()


def test_builtin_measures_load_and_are_cached() -> None:
    assert builtin_measures() is CATALOG
    assert load_measures(MEASURES_PATH) == CATALOG
    assert "measures" not in builtin_ids()  # not mistaken for a protocol
    assert [i.id for i in CATALOG.builtin] == ["nprs", "rmdq", "psfs", "grc"]
    assert {i.id for i in CATALOG.plugins} == {
        "odi", "promis_pi_6a", "promis_pf_6b", "lefs", "start_back", "sbi", "sfi"
    }  # fmt: skip


def test_no_licensed_text_ships() -> None:
    for instrument in CATALOG.instruments:
        if instrument.text is TextSource.CLINIC_SUPPLIED:
            assert instrument.texts == {}, instrument.id
    assert CATALOG["rmdq"].text is TextSource.CLINIC_SUPPLIED
    assert all(i.text is TextSource.CLINIC_SUPPLIED for i in CATALOG.plugins)


def test_every_mcid_names_its_source() -> None:
    found = [(i.id, m) for i in CATALOG.instruments for s in i.scores for m in s.mcids]
    assert len(found) >= 10
    for instrument, mcid in found:
        assert re.search(r"\bS\d+\b", mcid.source) or mcid.source.startswith("POLICY"), instrument


@pytest.mark.parametrize(
    ("instrument", "score", "context", "points", "percent"),
    [
        ("nprs", "pain_now", "default", 2, 30),
        ("rmdq", "total", "default", 5, 30),
        ("rmdq", "total", "sciatica_trials", 7.5, None),
        ("psfs", "mean", "default", 2, None),
        ("odi", "percent", "default", 10, 30),
        ("lefs", "total", "default", 9, None),
    ],
    ids=["nprs", "rmdq", "rmdq-sciatica", "psfs", "odi", "lefs"],
)
def test_mcids_are_the_specs(
    instrument: str, score: str, context: str, points: float, percent: float | None
) -> None:
    mcid = CATALOG[instrument].score(score).mcid(context)
    assert mcid is not None and (mcid.points, mcid.percent) == (points, percent)


@pytest.mark.parametrize(
    ("instrument", "score", "code"),
    [
        ("odi", None, "97908-8"),
        ("odi", "percent", "97909-6"),
        ("promis_pi_6a", None, "90973-9"),
        ("promis_pi_6a", "t_score", "77865-4"),
        ("promis_pf_6b", None, "76804-4"),
        ("promis_pf_6b", "t_score", "77866-2"),
        ("nprs", "pain_now", "72514-3"),
    ],
    ids=["odi", "odi-score", "pi", "pi-t", "pf", "pf-t", "nprs"],
)
def test_loinc_codes_of_spec_section_6(instrument: str, score: str | None, code: str) -> None:
    definition = CATALOG[instrument]
    assert (definition.loinc if score is None else definition.score(score).loinc) == code


def test_attribution_and_licence_statements() -> None:
    assert "Stratford" in CATALOG["psfs"].attribution and "1995" in CATALOG["psfs"].attribution
    assert "S52" in CATALOG["rmdq"].licence and "Roland" in CATALOG["rmdq"].attribution
    for instrument in CATALOG.instruments:
        assert instrument.licence and instrument.attribution, instrument.id


def test_insight_settings() -> None:
    s = CATALOG.insights
    assert (s.min_sessions, s.interval_level, s.seed) == (5, 0.9, 20250101)


def _fail(text: str) -> list[str]:
    with pytest.raises(ProtocolError) as info:
        parse_measures(text, filename="m.yaml")
    return info.value.errors


def _line(needle: str, text: str = TEXT) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ("  - id: lefs\n", "  - id: odi\n", "instruments.7.id", "duplicate instrument id 'odi'"),
        (
            "        items: [sbst_5,",
            "        items: [sbst_0,",
            "instruments.8.scores.1.items.0",
            "unknown item 'sbst_0'",
        ),
        (
            "        from: raw\n",  # the first is promis_pi_6a's
            "        from: t_score\n",
            "instruments.5.scores.1.from",
            "must name a score listed before it",
        ),
        (
            "scored: [0, 0, 0, 1, 1]",
            "scored: [0, 0, 1, 1]",
            "instruments.8.items.8.scored",
            "must give 5 points",
        ),
        (
            '{points: 9, source: "S62',
            '{points: 9, source: "Binkley',
            "instruments.7.scores.0.mcid.0.source",
            "S-number",
        ),
        (
            "  min_sessions:\n    value: 5",
            "  min_sessions:\n    value: 1",
            "insights.min_sessions.value",
            "at least 2",
        ),
        ("  - id: psfs\n", "  - id: psfs_x\n", "instruments", "missing built-in instrument 'psfs'"),
        ("      much_better: Clearly better\n", "", "instruments.3.texts", "'much_better'"),
        (
            "      - {id: high, when: [{score: psychosocial",
            "      - {id: high, when: [{score: distress",
            "instruments.8.bands.0.when.0.score",
            "unknown score 'distress'",
        ),
        (
            "    method: percent_of_max",
            "    method: median",
            "instruments.4.scores.0.method",
            "must be",
        ),
    ],
    ids=[
        "dup-id",
        "unknown-item",
        "table-from",
        "scored-length",
        "mcid-source",
        "min-sessions",
        "missing-builtin",
        "grc-words",
        "band-score",
        "method",
    ],
)
def test_errors_name_file_line_and_field(old: str, new: str, path: str, message: str) -> None:
    assert old in TEXT, old
    errors = _fail(TEXT.replace(old, new, 1))
    found = [e for e in errors if f": {path}: " in e and message in e]
    assert found, errors
    assert found[0].startswith("m.yaml:") and int(found[0].split(":")[1]) >= 1


def test_error_line_is_the_line_of_the_field() -> None:
    text = TEXT.replace("  - id: lefs\n", "  - id: odi\n")
    line = text[: text.rindex("  - id: odi\n")].count("\n") + 1
    assert _fail(text) == [f"m.yaml:{line}: instruments.7.id: duplicate instrument id 'odi'"]


def test_licensed_text_in_the_file_is_refused() -> None:
    old = "    sources: [S45, S50, S51, S52, S53, S54]\n"
    errors = _fail(TEXT.replace(old, old + "    texts: {rmdq_01: some words}\n"))
    assert any("instruments.1.texts: licensed text never ships here" in e for e in errors)


def test_yaml_syntax_error() -> None:
    assert _fail("instruments: [\n")[0].startswith("m.yaml:")


# -- the clinic's text file ----------------------------------------------------------------

ODI_TEXT = """\
schema_version: 1
instrument: odi
licence: "test licence"
copyright: "test notice"
instructions: "[instructions]"
labels: {0: "[0]", 1: "[1]", 2: "[2]", 3: "[3]", 4: "[4]", 5: "[5]"}
items:
""" + "".join(f'  odi_{n:02d}: {{text: "[section {n}]"}}\n' for n in range(1, 11))

PI_TEXT = (
    """\
schema_version: 1
instrument: promis_pi_6a
licence: "test licence"
copyright: "test notice"
instructions: "[instructions]"
labels: {1: "[1]", 2: "[2]", 3: "[3]", 4: "[4]", 5: "[5]"}
items:
"""
    + "".join(f'  pi_{n}: {{text: "[item {n}]"}}\n' for n in range(1, 7))
    + "tables:\n  t_score:\n"
    + "".join(f"    {raw}: {30 + raw}.5\n" for raw in range(6, 31))
)


def test_a_clinic_text_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "odi.yaml"
    path.write_text(ODI_TEXT, encoding="utf-8")
    text = load_measure_text(path, instrument=CATALOG["odi"])
    assert text.items["odi_03"].text == "[section 3]" and text.items["odi_03"].labels[5] == "[5]"
    pi = parse_measure_text(PI_TEXT, filename="pi.yaml", instrument=CATALOG["promis_pi_6a"])
    assert pi.tables["t_score"][6] == 36.5
    assert CATALOG["promis_pi_6a"].score("t_score").method is Method.TABLE


def _text_fail(text: str, instrument: str = "odi") -> list[str]:
    with pytest.raises(ProtocolError) as info:
        parse_measure_text(text, filename="t.yaml", instrument=CATALOG[instrument])
    return info.value.errors


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('  odi_10: {text: "[section 10]"}\n', "", "t.yaml:7: items: missing item 'odi_10'"),
        ("  odi_10:", "  odi_11:", "t.yaml:17: items.odi_11: unknown item 'odi_11' (not in odi)"),
        (', 5: "[5]"}', "}", "t.yaml:6: labels: must label exactly the answers 0..5"),
        (
            "instrument: odi",
            "instrument: lefs",
            "t.yaml:2: instrument: this file is for 'lefs', not 'odi'",
        ),
        ('licence: "test licence"\n', "", "t.yaml:1: licence: is required"),
        (
            '  odi_02: {text: "[section 2]"}',
            '  odi_02: {text: "[section 2]", labels: {0: a}}',
            "t.yaml:9: items.odi_02.labels: must label exactly the answers 0..5",
        ),
    ],
    ids=["missing-item", "unknown-item", "labels", "other-instrument", "no-licence", "item-labels"],
)
def test_text_file_errors(old: str, new: str, expected: str) -> None:
    assert ODI_TEXT.count(old) == 1, old
    assert expected in _text_fail(ODI_TEXT.replace(old, new))


def test_text_file_tables_must_cover_every_raw_score() -> None:
    errors = _text_fail(PI_TEXT.replace("    30: 60.5\n", ""), "promis_pi_6a")
    assert errors == ["t.yaml:15: tables.t_score: must give a value for every raw 6..30"]


def test_own_words_instruments_take_no_text_file() -> None:
    errors = _text_fail(ODI_TEXT.replace("instrument: odi", "instrument: grc"), "grc")
    assert errors == ["t.yaml:2: instrument: 'grc' is in Piri's own words: it takes no text file"]


def test_the_rmdq_text_comes_from_a_clinic_file_with_all_24_items() -> None:
    head = (
        'schema_version: 1\ninstrument: rmdq\nlicence: "test"\ncopyright: "test"\n'
        'instructions: "[instructions]"\nlabels: {0: "[not ticked]", 1: "[ticked]"}\nitems:\n'
    )
    lines = [f'  rmdq_{n:02d}: {{text: "[statement {n}]"}}\n' for n in range(1, 25)]
    text = parse_measure_text(head + "".join(lines), filename="r.yaml", instrument=CATALOG["rmdq"])
    assert len(text.items) == 24 and text.items["rmdq_24"].labels[1] == "[ticked]"
    errors = _text_fail(head + "".join(lines[:23]), "rmdq")
    assert errors == ["t.yaml:7: items: missing item 'rmdq_24'"]
