"""Every kind of bad protocol file gives an exact ``FILE:LINE: field.path: message`` line."""

from __future__ import annotations

from pathlib import Path

import pytest

from piri.protocols import ProtocolError, builtin_path, load_protocol


def write(tmp_path: Path, text: str, *, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def variant(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """The built-in file with ``old`` replaced by ``new`` (which must be found once)."""
    base = builtin_path().read_text()
    assert base.count(old) == 1, old
    text = base.replace(old, new)
    return write(tmp_path, text), text


def line_of(text: str, snippet: str) -> int:
    assert text.count(snippet) == 1, snippet
    return text[: text.index(snippet)].count("\n") + 1


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version: 1\nid: rss\n  title: oops\n")
    assert errors_of(path) == [
        f"{path}:3: (file): YAML syntax: mapping values are not allowed here"
    ]


def test_tab_indentation_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "id: rss\ntiming:\n\tget_ready_s: 3\n")
    assert errors_of(path) == [
        f"{path}:3: (file): YAML syntax: found character '\\t' that cannot start any token"
    ]


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert errors_of(path) == [f"{path}:1: (file): the file is empty"]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- rest\n- stretch\n")
    assert errors_of(path) == [f"{path}:1: (file): must be a mapping of fields (key: value)"]


def test_unknown_schema_version(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "schema_version: 1", "schema_version: 2")
    line = line_of(text, "schema_version: 2")
    assert errors_of(path) == [
        f"{path}:{line}: schema_version: unsupported version 2 (Piri reads 1)"
    ]


def test_missing_fields_point_at_the_parent(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version: 1\nid: rss\nversion: '1'\n")
    errors = errors_of(path)
    assert f"{path}:1: title: is required" in errors
    assert f"{path}:1: exercises: is required" in errors


def test_missing_figure_points_at_its_exercise(tmp_path: Path) -> None:
    base = builtin_path().read_text()
    start = base.index("    figure:", base.index("  - id: clamshell_hold"))
    text = base[:start] + base[base.index("    dose:", start) :]
    path = write(tmp_path, text)
    line = line_of(text, "  - id: clamshell_hold")
    assert errors_of(path) == [f"{path}:{line}: exercises.3.figure: is required"]


def test_zero_hold_is_rejected(tmp_path: Path) -> None:
    old = '      hold_s: 10\n      source: "article: hold for 10 seconds, 4 sets"'
    new = '      hold_s: 0\n      source: "article: hold for 10 seconds, 4 sets"'
    path, text = variant(tmp_path, old, new)
    line = line_of(text, new)
    assert errors_of(path) == [f"{path}:{line}: exercises.2.dose.hold_s: must be greater than 0"]


def test_negative_sets_are_rejected(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "      sets: 5\n", "      sets: -1\n")
    line = line_of(text, "      sets: -1\n")
    assert errors_of(path) == [f"{path}:{line}: exercises.0.dose.sets: must be greater than 0"]


def test_zero_timing_is_rejected(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "  rest_s:\n    value: 10\n", "  rest_s:\n    value: 0\n")
    line = line_of(text, "  rest_s:\n") + 1
    assert errors_of(path) == [f"{path}:{line}: timing.rest_s.value: must be greater than 0"]


def test_wrong_types(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "      sets: 5\n", "      sets: five\n")
    line = line_of(text, "sets: five")
    assert errors_of(path) == [f"{path}:{line}: exercises.0.dose.sets: must be a whole number"]


def test_unquoted_version_number_must_be_text(tmp_path: Path) -> None:
    path, text = variant(tmp_path, 'version: "1.3.0"', "version: 1.0")
    line = line_of(text, "version: 1.0\n")
    assert errors_of(path) == [
        f"{path}:{line}: version: must be text (put quotes around numbers and dates)"
    ]


def test_value_outside_a_choice(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "    position: chair", "    position: bed")
    line = line_of(text, "position: bed")
    assert errors_of(path) == [f"{path}:{line}: exercises.1.position: must be 'floor' or 'chair'"]


def test_unknown_field(tmp_path: Path) -> None:
    old = "    needs_floor: false\n    setup: Sit, stand"
    path, text = variant(
        tmp_path, old, "    needs_floor: false\n    colour: red\n    setup: Sit, stand"
    )
    line = line_of(text, "colour: red")
    assert errors_of(path) == [f"{path}:{line}: massage_options.0.colour: unknown field"]


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    old = "weekly_target_default: 4\n"
    path, text = variant(tmp_path, old, old + "weekly_target_default: 5\n")
    line = line_of(text, "weekly_target_default: 5")
    assert errors_of(path) == [
        f"{path}:{line}: weekly_target_default: duplicate key 'weekly_target_default'"
    ]


def test_unknown_stretch_variant(tmp_path: Path) -> None:
    new = "stretch_variants: [figure4_lying, figure4_sofa]"
    path, text = variant(tmp_path, "stretch_variants: [figure4_lying, figure4_chair]", new)
    line = line_of(text, new)
    assert errors_of(path) == [
        f"{path}:{line}: stretch_variants.1: unknown exercise 'figure4_sofa'"
    ]


def test_unknown_next_easier(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "next_easier: figure4_chair", "next_easier: figure4_stool")
    line = line_of(text, "next_easier: figure4_stool")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.0.next_easier: unknown exercise 'figure4_stool'"
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    old = "  - id: clamshell_hold\n"
    path, text = variant(tmp_path, old, "  - id: glute_isometric\n")
    line = text.count("\n", 0, text.rindex("  - id: glute_isometric\n")) + 1
    assert errors_of(path) == [
        f"{path}:{line}: exercises.3.id: duplicate id 'glute_isometric' (also exercises.2)"
    ]


def test_exercise_and_massage_ids_share_one_namespace(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "  - id: massage_gun\n", "  - id: clamshell_hold\n")
    line = line_of(text, "  - id: clamshell_hold\n    name: Side-lying")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.3.id: duplicate id 'clamshell_hold' (also massage_options.4)"
    ]


def test_unknown_placeholder(tmp_path: Path) -> None:
    new = "feel: The sore spots fade in your {leg}."
    path, text = variant(tmp_path, "feel: The sore spots fade.", new)
    line = line_of(text, new)
    assert errors_of(path) == [
        f"{path}:{line}: massage_options.4.feel: unknown placeholder '{{leg}}' "
        "(use {side} or {other_side})"
    ]


def test_the_side_to_lie_on_is_only_for_the_lying_switch_words(tmp_path: Path) -> None:
    new = "feel: The sore spots fade. Lie on your {lie_side} side."
    path, text = variant(tmp_path, "feel: The sore spots fade.", new)
    line = line_of(text, new)
    assert errors_of(path) == [
        f"{path}:{line}: massage_options.4.feel: "
        "'{lie_side}' can only be used in prompts.switch_sides_lying"
    ]


def test_lie_on_needs_the_lying_switch_words(tmp_path: Path) -> None:
    base = builtin_path().read_text()
    start, end = base.index("  switch_sides_lying:\n"), base.index("  massage_continue:\n")
    text = base[:start] + base[end:]
    path = write(tmp_path, text)
    line = line_of(text, "    lie_on: other_side")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.3.lie_on: "
        "needs prompts.switch_sides_lying (the words for turning over)"
    ]


def test_lie_on_is_a_choice(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "    lie_on: other_side", "    lie_on: left")
    line = line_of(text, "lie_on: left")
    assert errors_of(path) == [f"{path}:{line}: exercises.3.lie_on: must be 'side' or 'other_side'"]


def test_contract_relax_needs_a_relax_step(tmp_path: Path) -> None:
    old = "    style: hold\n    one_sided: true\n    setup: >-\n      Lie face up"
    new = "    style: contract_relax\n    one_sided: true\n    setup: >-\n      Lie face up"
    path, text = variant(tmp_path, old, new)
    line = line_of(text, "  - id: glute_isometric")
    poses = line_of(text, "        hold: {shoulder: 49")
    assert errors_of(path) == [
        f"{path}:{line}: exercises.2.relax: is required when style is contract_relax",
        # and its figure needs the poses of a press and a relax, not of a hold
        f"{path}:{poses - 5}: exercises.2.figure.poses.press: is required for a contract_relax "
        "exercise",
        f"{path}:{poses - 5}: exercises.2.figure.poses.relax: is required for a contract_relax "
        "exercise",
        f"{path}:{poses}: exercises.2.figure.poses.hold: is not a pose of a contract_relax "
        "exercise (it has press, relax, start)",
    ]


def test_several_errors_come_sorted_by_line(tmp_path: Path) -> None:
    base = builtin_path().read_text()
    text = base.replace("weekly_target_default: 4", "weekly_target_default: 0").replace(
        "      sets: 5\n", "      sets: 0\n"
    )
    path = write(tmp_path, text)
    errors = errors_of(path)
    assert [e.split(": ")[1] for e in errors] == ["weekly_target_default", "exercises.0.dose.sets"]
    lines = [int(e.split(":")[1]) for e in errors]
    assert lines == sorted(lines)


def test_session_is_a_reserved_item_id(tmp_path: Path) -> None:
    path, text = variant(tmp_path, "  - id: fingers\n", "  - id: session\n")
    line = line_of(text, "  - id: session\n")
    assert errors_of(path) == [
        f"{path}:{line}: massage_options.0.id: 'session' is reserved for the session's own steps"
    ]


def test_countdown_cannot_outlast_the_get_ready_time(tmp_path: Path) -> None:
    new = 'countdown: ["4", "3", "2", "1"]'
    path, text = variant(tmp_path, 'countdown: ["3", "2", "1"]', new)
    line = line_of(text, new)
    assert errors_of(path) == [
        f"{path}:{line}: prompts.countdown: has 4 words but the get-ready time is 3 s"
    ]
