"""Read a safety policy file: YAML -> checked schema -> domain ``Policy``.

The YAML, line-number and error machinery is the protocol loader's (``parse_document``):
every problem is a ``FILE:LINE: field.path: message`` line in a ``ProtocolError``. Beyond
the schema this checks references (question ids, blocks, placeholders), the order of the
thresholds, and the safety floors no file may lower: tier E locks and cannot be dismissed,
tier U locks and pauses, the E block is asked before every session, the full screenings
ask every block. With a protocol it also checks the exercise ids the policy names. A problem
inside a question also names the question ("(question U1)"), since the path only counts them.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from piri.domain.policy import Policy
from piri.domain.protocol import Protocol
from piri.protocols.loader import parse_document, read_text
from piri.protocols.policy_convert import to_policy
from piri.protocols.policy_schema import LABEL_MAX_WORDS, POLICY_SCHEMA_VERSION, PolicyFile
from piri.protocols.references import Loc, Problem

_TEXT_FIELDS: dict[str, frozenset[str]] = {
    "changes.reason": frozenset({"change", "because"}),
    "changes.hold_s": frozenset({"item", "old", "new"}),
    "changes.sets": frozenset({"item", "old", "new"}),
    "changes.rounds": frozenset({"item", "old", "new"}),
    "changes.variant": frozenset({"item", "old", "new"}),
    "changes.massage": frozenset({"item", "old", "new"}),
    "notices.left_out": frozenset({"item"}),
    "notices.easing": frozenset({"days"}),
}
_REQUIRED_PLACEHOLDERS = {"changes.reason": ("change", "because")}


def load_policy(path: Path, *, protocol: Protocol | None = None) -> Policy:
    """Load and check the policy file at ``path`` (and, given a protocol, the exercise ids it
    names); raise ``ProtocolError`` with one line per problem."""
    return parse_policy(read_text(path), filename=str(path), protocol=protocol)


def parse_policy(text: str, *, filename: str, protocol: Protocol | None = None) -> Policy:
    def checks(doc: PolicyFile) -> list[Problem]:
        problems = policy_problems(doc)
        if protocol is not None:
            problems += list(_protocol_ids(doc, protocol))
        return problems

    doc = parse_document(
        text,
        filename=filename,
        model=PolicyFile,
        schema_version=POLICY_SCHEMA_VERSION,
        checks=checks,
        explain=_name_the_question,
    )
    return to_policy(doc)


def _name_the_question(data: dict[str, Any], loc: Loc, message: str) -> str:
    """``questions.N...`` problems also say which question N is, by its id."""
    if len(loc) < 2 or loc[0] != "questions" or not isinstance(loc[1], int):
        return message
    questions = data.get("questions")
    item = questions[loc[1]] if isinstance(questions, list) and loc[1] < len(questions) else None
    question_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(question_id, str) or not question_id:
        return message
    if loc[2:] == ("label",) and message == "is required":
        return (
            f"question {question_id} has no label: add the few words (at most "
            f"{LABEL_MAX_WORDS}) a clinician reads for it, like 'past cancer'"
        )
    return f"{message} (question {question_id})"


def policy_problems(doc: PolicyFile) -> list[Problem]:
    return [
        *_tiers(doc),
        *_questions(doc),
        *_schedule(doc),
        *_age_gate(doc),
        *_order(doc),
        *_texts(doc.texts.model_dump(), ("texts",)),
    ]


def _tiers(doc: PolicyFile) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, tier in enumerate(doc.tiers):
        loc = ("tiers", index)
        if tier.tier in seen:
            yield (*loc, "tier"), f"duplicate tier '{tier.tier}'"
        seen.add(tier.tier)
        e_ok = tier.locks and not tier.dismissible and tier.exercises == "locked"
        if tier.tier == "E" and not e_ok:
            yield loc, "tier E must lock, be locked for exercises and not be dismissible"
        if tier.tier == "U" and (not tier.locks or tier.exercises not in ("paused", "locked")):
            yield loc, "tier U must lock and pause the exercises"
        if tier.tier == "D" and tier.exercises == "allowed":
            yield (*loc, "exercises"), "tier D cannot allow exercises without monitoring"
    for missing in sorted({"E", "U", "D", "C"} - seen):
        yield ("tiers",), f"missing tier '{missing}'"


def _questions(doc: PolicyFile) -> Iterator[Problem]:
    ids = [q.id for q in doc.questions]
    seen: set[str] = set()
    labels: dict[str, str] = {}
    for index, question in enumerate(doc.questions):
        loc = ("questions", index)
        if question.id in seen:
            yield (*loc, "id"), f"duplicate question id '{question.id}'"
        seen.add(question.id)
        yield from _label(question.label, (*loc, "label"), labels, question.id)
        if question.tier == "C":
            yield (*loc, "tier"), "a 'yes' must give tier E, U or D"
        escalate = question.escalate
        if escalate is None:
            continue
        if _rank(escalate.to) <= _rank(question.tier):
            yield (
                (*loc, "escalate", "to"),
                f"must be higher than the question's tier {question.tier}",
            )
        for n, other in enumerate(escalate.with_any):
            if other not in ids:
                yield (*loc, "escalate", "with_any", n), f"unknown question '{other}'"
            elif other == question.id:
                yield (*loc, "escalate", "with_any", n), "cannot name the question itself"


def _label(label: str, loc: Loc, labels: dict[str, str], question_id: str) -> Iterator[Problem]:
    """Short enough to read at a glance, and telling the questions apart."""
    if len(label.split()) > LABEL_MAX_WORDS or "\n" in label.strip():
        yield loc, f"keep it to one line of at most {LABEL_MAX_WORDS} words"
    key = " ".join(label.lower().split())
    if key in labels:
        yield loc, f"the same label as {labels[key]}: clinicians could not tell them apart"
    labels.setdefault(key, question_id)


def _rank(tier: str) -> int:
    return "CDUE".index(tier)


def _schedule(doc: PolicyFile) -> Iterator[Problem]:
    used = {q.block for q in doc.questions}
    schedule = doc.schedule
    if "E" not in schedule.before_session:
        yield ("schedule", "before_session"), "must ask the E block before every session"
    for name in ("onboarding", "weekly", "after_worse"):
        missing = sorted(used - set(getattr(schedule, name)))
        if missing:
            yield ("schedule", name), f"a full screening must ask every block (missing {missing})"
    for name in ("onboarding", "before_session", "weekly", "after_worse", "spreading"):
        for index, block in enumerate(getattr(schedule, name)):
            if block not in used:
                yield ("schedule", name, index), f"no question is in block '{block}'"


def _age_gate(doc: PolicyFile) -> Iterator[Problem]:
    gate = doc.age_gate
    question = next((q for q in doc.questions if q.id == gate.question), None)
    if question is None:
        yield ("age_gate", "question"), f"unknown question '{gate.question}'"
    elif str(gate.over) not in question.text or str(gate.under) not in question.text:
        yield ("age_gate", "question"), f"the text of {gate.question} must name both ages"
    elif any(c.isdigit() for c in question.label) and not (
        str(gate.over) in question.label and str(gate.under) in question.label
    ):
        yield ("age_gate", "question"), f"the label of {gate.question} must name both ages or none"
    if gate.under >= gate.over:
        yield ("age_gate", "under"), "must be below 'over'"


def _order(doc: PolicyFile) -> Iterator[Problem]:
    """Thresholds that only make sense in a given order, and values that must be positive."""
    m, lim, f = doc.monitoring, doc.progression.limits, doc.flare_up
    at_least: list[tuple[tuple[str, ...], int, int, str]] = [
        (("monitoring", "pain_amber_max"), m.pain_amber_max.value, m.pain_green_max.value + 1,
         "must be above pain_green_max"),
        (("progression", "limits", "hold_cap_s"), lim.hold_cap_s.value, lim.hold_floor_s.value,
         "must be at least hold_floor_s"),
        (("progression", "limits", "sets_cap"), lim.sets_cap.value, lim.sets_floor.value,
         "must be at least sets_floor"),
        (("progression", "limits", "contract_cap_s"), lim.hold_cap_s.value,
         lim.contract_cap_s.value, "must be at most hold_cap_s"),
        (("monitoring", "pain_amber_max"), 10, m.pain_amber_max.value, "must be at most 10"),
        (("flare_up", "max_days"), f.max_days.value, f.min_days.value,
         "must be at least min_days"),
        (("flare_up", "settle_days"), f.settle_days.value, f.max_days.value,
         "must be at least max_days"),
        (("flare_up", "hold_percent"), 100, f.hold_percent.value, "must be at most 100"),
    ]  # fmt: skip
    for loc, value, minimum, message in at_least:
        if value < minimum:
            yield (*loc, "value"), message
    ratio = doc.progression.min_adherence
    if ratio.done > ratio.of:
        yield ("progression", "min_adherence", "done"), "must be at most 'of'"
    positive: list[tuple[str, ...]] = [
        ("monitoring", n) for n in type(m).model_fields if n.endswith(("_days", "_weeks"))
    ]
    positive += [("monitoring", "next_morning_raised_by"), ("progression", "tolerated_in_a_row")]
    positive += [
        ("progression", "limits", n)
        for n in ("hold_floor_s", "sets_floor", "hold_step_s", "sets_step", "rounds_step")
    ]
    positive += [("flare_up", n) for n in ("daily_rise", "rise_days", "min_days", "hold_percent")]
    positive += [("review", n) for n in ("first_weeks", "final_weeks", "window_days")]
    positive += [("review", "worse_in_a_row"), ("schedule", "weekly_every_days")]
    for loc in positive:
        if _value_at(doc, loc) < 1:
            yield (*loc, "value"), "must be at least 1"


def _value_at(doc: PolicyFile, loc: tuple[str, ...]) -> int:
    node: Any = doc
    for part in loc:
        node = getattr(node, part)
    return int(node.value)


def _texts(value: Any, loc: tuple[str, ...]) -> Iterator[Problem]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
        return
    name = ".".join(loc[1:])
    allowed = _TEXT_FIELDS.get(name, frozenset())
    try:
        found = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
    except ValueError as exc:
        yield loc, f"bad braces: {exc} (write {{{{ and }}}} for a brace)"
        return
    for field in sorted(found - allowed):
        hint = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
        yield loc, f"unknown placeholder '{{{field}}}' (allowed here: {hint})"
    for needed in _REQUIRED_PLACEHOLDERS.get(name, ()):
        if needed not in found:
            yield loc, f"must contain {{{needed}}}"


def _protocol_ids(doc: PolicyFile, protocol: Protocol) -> Iterator[Problem]:
    exercises = {e.id for e in protocol.exercises}
    f = doc.flare_up
    if f.stretch not in protocol.stretch_variants:
        yield ("flare_up", "stretch"), f"not a stretch variant of protocol '{protocol.id}'"
    for name, ids in (("keep", f.keep), ("half_hold", f.half_hold)):
        for index, item in enumerate(ids):
            if item not in exercises:
                yield ("flare_up", name, index), f"unknown exercise '{item}' in '{protocol.id}'"
