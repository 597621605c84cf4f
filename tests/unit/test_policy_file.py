"""The safety policy file: it loads, every rule has a source, the words are our own, and a
malformed copy fails with ``FILE:LINE: field.path: message`` lines like protocol files."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from piri.domain.policy import Ratio, Tier, Value
from piri.protocols import POLICY_PATH, ProtocolError, builtin_ids, builtin_policy, load_policy
from tests.copy_check import ARTICLE, RESEARCH, Source, copied_runs, texts, words

SOURCES = [RESEARCH, ARTICLE]
SOURCE_FIELDS = {"source", "final_source", "answers_source", "id", "version"}


def test_builtin_policy_loads_and_is_cached() -> None:
    policy = builtin_policy()
    assert policy.id == "piri_safety" and policy.version
    assert builtin_policy() is policy
    assert load_policy(POLICY_PATH) == policy


def test_the_policy_file_is_not_a_protocol() -> None:
    assert "policy" not in builtin_ids()


CES = ["E1", "E2", "E3", "E4", "E5", "E6"]


@pytest.mark.parametrize(
    "question_id",
    CES,
    ids=lambda q: f"spec §2 tier E, possible cauda equina syndrome: the {q} label names it",
)
def test_the_cauda_equina_questions_name_it_for_clinicians(question_id: str) -> None:
    question = builtin_policy().triage.question(question_id)
    assert question.tier == "E"
    assert question.label.startswith("cauda equina syndrome: ")
    patient_words = f"{question.text} {question.help}".lower()
    assert "cauda" not in patient_words  # the patient keeps the plain words


def test_only_the_cauda_equina_questions_name_it() -> None:
    labelled = [q.id for q in builtin_policy().triage.questions if "cauda equina" in q.label]
    assert labelled == CES


@pytest.mark.parametrize(
    "words",
    ["get worse", "peeing", "pooing", "between your legs", "call your local emergency number now"],
    ids=lambda w: f"spec §2 tier U: the urgent advice says what to do if it gets worse ({w})",
)
def test_the_urgent_advice_says_when_to_call_the_emergency_number(words: str) -> None:
    assert words in builtin_policy().triage.tier(Tier.U).advice


def _sourced(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, Value | Ratio):
        yield path, value.source
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _sourced(getattr(value, field.name), f"{path}.{field.name}")
        if hasattr(value, "source") and not isinstance(value, Value | Ratio):
            yield path, value.source
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _sourced(item, f"{path}.{index}")


def test_every_rule_names_its_source() -> None:
    found = dict(_sourced(builtin_policy()))
    assert len(found) > 50
    for path, source in found.items():
        assert re.search(r"\bS\d+\b", source) or source.startswith("policy"), path


def test_the_age_gate_is_ahcpr_over_50_or_under_20() -> None:
    gate = builtin_policy().triage.age_gate
    assert (gate.over, gate.under, gate.first_episode_only) == (50, 20, True)
    assert "S22" in gate.source


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_no_sentence_copied(source: Source) -> None:
    ours = texts(dataclasses.asdict(builtin_policy()), skip=frozenset(SOURCE_FIELDS))
    assert copied_runs(ours, source) == []


def test_questions_are_short_and_plain() -> None:
    for question in builtin_policy().triage.questions:
        sentences = [s for s in re.split(r"[.?!]\s", question.text) if s.strip()]
        longest = max(len(words(s)) for s in sentences)
        assert longest <= 32, question.id
        assert question.help


# --- malformed copies --------------------------------------------------------------------


def variant(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """The built-in policy with ``old`` replaced by ``new`` (which must be found once)."""
    base = POLICY_PATH.read_text()
    assert base.count(old) == 1, old
    text = base.replace(old, new)
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return path, text


def line_of(text: str, snippet: str) -> int:
    assert text.count(snippet) == 1, snippet
    return text[: text.index(snippet)].count("\n") + 1


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        load_policy(path)
    return caught.value.errors


BAD = [
    (
        "yaml syntax",
        "title: Piri safety policy\n",
        "title: Piri safety policy\n  oops: [\n",
        "  oops: [",
        "(file): YAML syntax:",
    ),
    (
        "unsupported schema version",
        "schema_version: 1",
        "schema_version: 2",
        "schema_version: 2",
        "schema_version: unsupported version 2 (Piri reads 1)",
    ),
    (
        "a threshold that is not a number",
        "  pain_green_max:\n    value: 3\n",
        "  pain_green_max:\n    value: three\n",
        "value: three",
        "monitoring.pain_green_max.value: must be a whole number",
    ),
    (
        "a threshold without its source",
        '      value: 30\n      source: "S90 (30 s isometric holds)"\n',
        "      value: 30\n",
        "    hold_cap_s:",
        "progression.limits.hold_cap_s.source: is required",
    ),
    (
        "an unknown field",
        "  first_episode_only: true\n",
        "  first_episode_only: true\n  minimum_age: 3\n",
        "minimum_age: 3",
        "age_gate.minimum_age: unknown field",
    ),
    (
        "not sure must count as yes",
        "  not_sure_counts_as_yes: true",
        "  not_sure_counts_as_yes: false",
        "not_sure_counts_as_yes: false",
        "answers.not_sure_counts_as_yes: must be True",
    ),
    (
        "tier E cannot be dismissed",
        "    exercises: locked\n    locks: true\n    dismissible: false\n",
        "    exercises: locked\n    locks: true\n    dismissible: true\n",
        "  - tier: E",
        "tiers.0: tier E must lock, be locked for exercises and not be dismissible",
    ),
    (
        "tier U must pause the exercises",
        "    exercises: paused\n",
        "    exercises: allowed\n",
        "  - tier: U",
        "tiers.1: tier U must lock and pause the exercises",
    ),
    (
        "a duplicate question id",
        "  - id: E3\n",
        "  - id: E2\n",
        '  - id: E2\n    block: E\n    tier: E\n    label: "cauda equina syndrome: lost bladder',
        "questions.2.id: duplicate question id 'E2' (question E2)",
    ),
    (
        "a question id of the wrong form",
        "  - id: U5\n",
        "  - id: u5\n",
        "  - id: u5",
        "questions.14.id: must be a capital letter and a number, like E1 (question u5)",
    ),
    (
        "a label of more than six words",
        "    label: new weakness in one leg\n",
        "    label: new weakness in one leg or in both\n",
        "label: new weakness in one leg or in both",
        "questions.11.label: keep it to one line of at most 6 words (question U2)",
    ),
    (
        "a label too long to read at a glance",
        "    label: past cancer\n",
        "    label: " + "x" * 61 + "\n",
        "label: xxx",
        "questions.15.label: must be at most 60 characters (question D1)",
    ),
    (
        "an empty label",
        "    label: past cancer\n",
        '    label: ""\n',
        'label: ""',
        "questions.15.label: must not be empty (question D1)",
    ),
    (
        "two questions with the same label",
        '    label: "cauda equina syndrome: lost bowel control/sensation"\n',
        '    label: "Cauda equina syndrome: lost bladder  control/sensation"\n',
        'label: "Cauda equina',
        "questions.3.label: the same label as E3: clinicians could not tell them apart",
    ),
    (
        "the age gate label naming other ages",
        "    label: first episode, age outside 20–50\n",
        "    label: first episode, age outside 18–50\n",
        "  question: D4",
        "age_gate.question: the label of D4 must name both ages or none",
    ),
    (
        "escalation naming an unknown question",
        "with_any: [E1, E2, E3, E4, E5, E6]",
        "with_any: [E1, E2, E3, E4, E5, E66]",
        "with_any: [",
        "questions.9.escalate.with_any.5: unknown question 'E66'",
    ),
    (
        "the E block before every session",
        "  before_session: [E]",
        "  before_session: [U]",
        "before_session: [U]",
        "schedule.before_session: must ask the E block before every session",
    ),
    (
        "a full screening missing a block",
        "  weekly: [E, U, D]",
        "  weekly: [E, U]",
        "weekly: [E, U]",
        "schedule.weekly: a full screening must ask every block (missing ['D'])",
    ),
    (
        "the age gate text must match its numbers",
        "  over: 50",
        "  over: 55",
        "  question: D4",
        "age_gate.question: the text of D4 must name both ages",
    ),
    (
        "amber must be above green",
        "  pain_amber_max:\n    value: 5\n",
        "  pain_amber_max:\n    value: 3\n",
        '    value: 3\n    source: "S34',
        "monitoring.pain_amber_max.value: must be above pain_green_max",
    ),
    (
        "a cap below its floor",
        "    sets_cap:\n      value: 6\n",
        "    sets_cap:\n      value: 0\n",
        "      value: 0\n",
        "progression.limits.sets_cap.value: must be at least sets_floor",
    ),
    (
        "an unknown placeholder",
        'hold_s: "{item}, hold {old} s → {new} s"',
        'hold_s: "{item}, hold {old} s → {neww} s"',
        'hold_s: "{item}',
        "texts.changes.hold_s: unknown placeholder '{neww}' (allowed here: {item}, {new}, {old})",
    ),
    (
        "a reason template without the change",
        'reason: "{change}: {because}"',
        'reason: "{because}"',
        'reason: "{because}"',
        "texts.changes.reason: must contain {change}",
    ),
    (
        "an exercise the protocol does not have",
        "  keep: [glute_isometric]",
        "  keep: [glute_squeeze]",
        "  keep: [glute_squeeze]",
        "flare_up.keep.0: unknown exercise 'glute_squeeze' in 'rss'",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "at", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_malformed_policy_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, at: str, message: str
) -> None:
    path, text = variant(tmp_path, old, new)
    if "unknown exercise" in message:
        from piri.protocols import builtin

        with pytest.raises(ProtocolError) as caught:
            load_policy(path, protocol=builtin())
        errors = caught.value.errors
    else:
        errors = errors_of(path)
    expected = f"{path}:{line_of(text, at)}: {message}"
    assert any(error.startswith(expected) for error in errors), errors


def test_every_question_has_a_short_label_of_its_own() -> None:
    questions = builtin_policy().triage.questions
    labels = [q.label for q in questions]
    for question in questions:
        assert 2 <= len(question.label.split()) <= 6, question.id
        assert question.label == question.label.strip() and "\n" not in question.label
    assert len({label.lower() for label in labels}) == len(labels)
    assert builtin_policy().triage.question("U1").label == "foot drop or toe/heel weakness"
    assert builtin_policy().triage.question("D1").label == "past cancer"


def test_a_question_without_a_label_is_refused_by_its_id(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "    label: foot drop or toe/heel weakness\n", "")
    assert errors_of(path) == [
        f"{path}:{line_of(text, '  - id: U1')}: questions.10.label: question U1 has no label: "
        "add the few words (at most 6) a clinician reads for it, like 'past cancer'"
    ]


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert errors_of(missing) == [
        f"{missing}:1: (file): cannot read the file (No such file or directory)"
    ]
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert errors_of(empty) == [f"{empty}:1: (file): the file is empty"]


def test_every_policy_field_is_in_the_safety_doc() -> None:
    from pydantic import BaseModel

    from piri.protocols import policy_schema

    doc = (Path(__file__).resolve().parents[2] / "docs" / "safety.md").read_text()
    text = re.sub(r"```.*?```", " ", doc, flags=re.S)
    spans = (span for line in text.splitlines() for span in re.findall(r"`([^`]+)`", line))
    documented = {word for span in spans for word in re.findall(r"\w+", span)}
    models = [
        obj
        for obj in vars(policy_schema).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == policy_schema.__name__
    ]
    missing = sorted(
        {
            f"{m.__name__}.{name}"
            for m in models
            for name in m.model_fields
            if name not in documented
        }
    )
    assert missing == []


def test_the_safety_doc_says_what_piri_is_not() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "safety.md").read_text()
    assert "self-management support" in doc and "not a\ndiagnosis" in doc.replace("**", "")
    assert "evidence for\npiriformis-specific physiotherapy is **low**" in doc
