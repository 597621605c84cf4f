"""Scores on known questionnaire answers: boundary values and each instrument's own rule for
unanswered items (docs/measures.md)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piri.domain.history import GlobalRating, RatingOfChange
from piri.domain.measures import Instrument, InstrumentText, ItemText, score_instrument
from piri.domain.measures.grc import improved, latest, rating_of
from piri.domain.measures.nprs import PainContext, PainReading, check_pain, summarise
from piri.domain.measures.psfs import score_psfs
from piri.domain.measures.rmdq import score_rmdq
from piri.protocols import builtin_measures

CATALOG = builtin_measures()
RMDQ_IDS = [f"rmdq_{n:02d}" for n in range(1, 25)]


def _all(instrument: str, value: int) -> dict[str, int | None]:
    return dict.fromkeys(CATALOG[instrument].item_ids, value)


# -- NPRS -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 10], ids=["floor", "ceiling"])
def test_pain_accepts_0_to_10(value: int) -> None:
    assert check_pain(value) == value


@pytest.mark.parametrize("value", [-1, 11, 2.5, True, "3"], ids=["-1", "11", "2.5", "bool", "str"])
def test_pain_rejects_anything_else(value: object) -> None:
    with pytest.raises(ValueError):
        check_pain(value)  # type: ignore[arg-type]


def test_pain_summary_is_the_mean_of_one_context_in_the_period() -> None:
    readings = [
        PainReading(date(2025, 3, 3), PainContext.NEXT_MORNING, 6),
        PainReading(date(2025, 3, 4), PainContext.NEXT_MORNING, 3),
        PainReading(date(2025, 3, 5), PainContext.NOW, 9),  # another context
        PainReading(date(2025, 3, 10), PainContext.NEXT_MORNING, 0),  # after the period
    ]
    week = summarise(
        readings, context=PainContext.NEXT_MORNING, start=date(2025, 3, 3), end=date(2025, 3, 9)
    )
    assert (week.n, week.mean, week.low, week.high) == (2, 4.5, 3, 6)
    empty = summarise(
        readings, context=PainContext.WORST_EXERCISE, start=date(2025, 3, 3), end=date(2025, 3, 9)
    )
    assert (empty.n, empty.mean) == (0, None)


def test_nprs_items_are_the_four_contexts_coded_72514_3() -> None:
    nprs = CATALOG["nprs"]
    assert nprs.item_ids == tuple(c.value for c in PainContext)
    assert {i.loinc for i in nprs.items} == {"72514-3"}
    assert score_instrument(nprs, {"pain_now": 7})["pain_now"].value == 7
    assert score_instrument(nprs, {"pain_now": 7})["pain_next_morning"].value is None


# -- RMDQ -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [([], 0), (RMDQ_IDS[:1], 1), (RMDQ_IDS[:12], 12), (RMDQ_IDS, 24)],
    ids=["none-ticked", "one", "half", "all-ticked"],
)
def test_rmdq_counts_the_ticked_statements(ticked: list[str], expected: int) -> None:
    score = score_rmdq(ticked, instrument=CATALOG["rmdq"])
    assert score.value == expected
    assert score["total"].answered == len(ticked)  # unticked = 0, never "missing"


def test_rmdq_rejects_unknown_items_and_other_instruments() -> None:
    with pytest.raises(ValueError, match="rmdq_25"):
        score_rmdq(["rmdq_25"], instrument=CATALOG["rmdq"])
    with pytest.raises(ValueError, match="not the RMDQ"):
        score_rmdq([], instrument=CATALOG["odi"])


# -- PSFS -----------------------------------------------------------------------------------

SLOTS = ["activity_1", "activity_2", "activity_3", "activity_4", "activity_5"]


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ({"activity_1": 0, "activity_2": 0, "activity_3": 0}, 0.0),
        ({"activity_1": 10, "activity_2": 10, "activity_3": 10}, 10.0),
        ({"activity_1": 2, "activity_2": 5, "activity_3": 7}, 14 / 3),
        (dict(zip(SLOTS, [1, 2, 3, 4, 5], strict=True)), 3.0),
    ],
    ids=["all-0", "all-10", "three-mixed", "five"],
)
def test_psfs_is_the_mean_of_the_named_activities(ratings: dict[str, int], expected: float) -> None:
    score = score_psfs(ratings, activities=list(ratings), instrument=CATALOG["psfs"])
    assert score.mean == pytest.approx(expected)


def test_psfs_with_an_unrated_activity_has_no_score() -> None:
    ratings = {"activity_1": 4, "activity_2": None, "activity_3": 6}
    score = score_psfs(ratings, activities=SLOTS[:3], instrument=CATALOG["psfs"])
    assert score.mean is None and "activity_2" in score.reason


@pytest.mark.parametrize(
    ("activities", "ratings", "error"),
    [
        (SLOTS[:2], {"activity_1": 1, "activity_2": 1}, "3 to 5"),
        (["activity_1", "activity_1", "activity_2"], {}, "twice"),
        (["activity_6", "activity_1", "activity_2"], {}, "unknown"),
        (SLOTS[:3], {"activity_1": 11}, "outside"),
        (SLOTS[:3], {"activity_4": 3}, "not named"),
    ],
    ids=["too-few", "twice", "unknown-slot", "out-of-range", "unnamed-rating"],
)
def test_psfs_rejects_bad_input(activities: list[str], ratings: dict[str, int], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        score_psfs(ratings, activities=activities, instrument=CATALOG["psfs"])


# -- global rating of change -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rating", "better"),
    [
        (-3, GlobalRating.VERY_MUCH_WORSE, False),
        (0, GlobalRating.SAME, False),
        (1, GlobalRating.A_LITTLE_BETTER, False),
        (2, GlobalRating.MUCH_BETTER, True),
        (3, GlobalRating.VERY_MUCH_BETTER, True),
    ],
    ids=["-3", "0", "+1", "+2", "+3"],
)
def test_global_rating_scale(value: int, rating: GlobalRating, better: bool) -> None:
    assert rating_of(value) is rating and rating.rank == value
    assert improved(rating) is better


def test_global_rating_out_of_range_and_latest() -> None:
    with pytest.raises(ValueError):
        rating_of(4)
    ratings = [
        RatingOfChange(date(2025, 1, 1), GlobalRating.SAME),
        RatingOfChange(date(2025, 2, 1), GlobalRating.MUCH_BETTER),
    ]
    assert latest(ratings, on_or_before=date(2025, 1, 31)) == ratings[0]
    assert latest(ratings, on_or_before=date(2024, 12, 31)) is None
    assert set(CATALOG["grc"].texts) >= {r.value for r in GlobalRating} | {"question"}


# -- plug-ins -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (_all("odi", 0), 0.0),
        (_all("odi", 5), 100.0),
        ({**_all("odi", 2), "odi_10": None}, 18 / 45 * 100),  # one section missed: /45
        ({**_all("odi", 2), "odi_09": None, "odi_10": None}, None),  # two: no score
    ],
    ids=["floor", "ceiling", "one-missing", "two-missing"],
)
def test_odi_percent_of_sections_answered(
    answers: dict[str, int | None], expected: float | None
) -> None:
    score = score_instrument(CATALOG["odi"], answers)["percent"]
    assert score.value == (None if expected is None else pytest.approx(expected))


def _start_back(agree: list[int], bother: int) -> dict[str, int | None]:
    answers: dict[str, int | None] = {f"sbst_{n}": int(n in agree) for n in range(1, 9)}
    return {**answers, "sbst_9": bother}


@pytest.mark.parametrize(
    ("answers", "total", "psychosocial", "band"),
    [
        (_start_back([], 0), 0, 0, "low"),
        (_start_back([1, 2, 3], 2), 3, 0, "low"),  # "moderately" bothersome scores 0
        (_start_back([1, 2, 3], 3), 4, 1, "medium"),  # "very much" scores 1
        (_start_back([1, 2, 3, 4, 5, 6], 0), 6, 2, "medium"),
        (_start_back([5, 6, 7], 0), 3, 3, "low"),
        (_start_back([5, 6, 7, 8], 0), 4, 4, "high"),
        (_start_back([1, 2, 3, 4, 5, 6, 7, 8], 4), 9, 5, "high"),
    ],
    ids=["none", "total-3", "total-4", "medium", "sub-3", "sub-4", "all"],
)
def test_start_back_bands(
    answers: dict[str, int | None], total: int, psychosocial: int, band: str
) -> None:
    score = score_instrument(CATALOG["start_back"], answers)
    assert (score["total"].value, score["psychosocial"].value, score.band) == (
        total,
        psychosocial,
        band,
    )


def test_start_back_with_a_missing_answer_has_no_band() -> None:
    answers = {**_start_back([5, 6, 7, 8], 0), "sbst_2": None}
    score = score_instrument(CATALOG["start_back"], answers)
    assert score["total"].value is None and score.band is None


def _table_text(instrument: Instrument) -> InstrumentText:
    items = {
        i: ItemText(f"[item {i}]", {v: f"[{v}]" for v in range(1, 6)}) for i in instrument.item_ids
    }
    table = {raw: 20.0 + raw for raw in range(6, 31)}
    return InstrumentText(
        instrument.id,
        "test licence",
        "test notice",
        "en",
        "[instructions]",
        items,
        {"t_score": table},
    )


def test_promis_raw_sum_and_t_score_from_the_clinic_table() -> None:
    pi = CATALOG["promis_pi_6a"]
    answers = _all("promis_pi_6a", 3)
    without = score_instrument(pi, answers)
    assert without["raw"].value == 18 and without["t_score"].value is None
    assert "licensed" in without["t_score"].reason
    assert score_instrument(pi, answers, text=_table_text(pi))["t_score"].value == 38.0
    one_missing = score_instrument(pi, {**answers, "pi_6": None}, text=_table_text(pi))
    assert one_missing["raw"].value is None and one_missing["t_score"].value is None


@pytest.mark.parametrize(
    ("instrument", "answers", "expected"),
    [
        ("lefs", _all("lefs", 4), 80),
        ("lefs", {**_all("lefs", 4), "lefs_20": None}, None),
        ("sbi", _all("sbi", 6), 24),
        ("sfi", _all("sfi", 0), 0),
        ("sbi", {**_all("sbi", 6), "sbi_4": None}, None),
    ],
    ids=["lefs-ceiling", "lefs-missing", "sbi-ceiling", "sfi-floor", "sbi-missing"],
)
def test_all_items_needed(
    instrument: str, answers: dict[str, int | None], expected: int | None
) -> None:
    assert score_instrument(CATALOG[instrument], answers).value == expected


@pytest.mark.parametrize(
    ("answers", "error"),
    [({"lefs_21": 1}, "unknown item"), ({"lefs_01": 5}, "outside"), ({"lefs_01": 1.0}, "whole")],
    ids=["unknown", "out-of-range", "not-int"],
)
def test_bad_answers_are_refused(answers: dict[str, int], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        score_instrument(CATALOG["lefs"], answers)


@st.composite
def _answers(draw: st.DrawFn, instrument: Instrument) -> dict[str, int | None]:
    return {
        item.id: draw(st.none() | st.integers(item.low, item.high)) for item in instrument.items
    }


@pytest.mark.parametrize("instrument", [i.id for i in CATALOG.instruments], ids=str)
@given(data=st.data())
def test_scores_stay_within_their_range(instrument: str, data: st.DataObject) -> None:
    definition = CATALOG[instrument]
    answers = data.draw(_answers(definition))
    for value in score_instrument(definition, answers).scores:
        rule = definition.score(value.id)
        if value.value is not None:
            assert rule.low <= value.value <= rule.high
        else:
            assert value.reason
