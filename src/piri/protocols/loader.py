"""Read a protocol file: YAML -> checked schema -> domain ``Protocol``.

``parse_document`` is the shared machinery (the safety policy file uses it too).

Every problem is reported as ``FILE:LINE: field.path: message``. Lines come from the YAML
node marks (``yaml.compose``): the line of the field at fault, or of its nearest parent that
exists when the field is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from piri.domain.protocol import POSE_FIELDS, Protocol
from piri.protocols.convert import to_domain
from piri.protocols.references import Loc, Problem, reference_problems
from piri.protocols.schema import SCHEMA_VERSION, PosesModel, ProtocolFile

ROOT = "(file)"  # the field path shown for problems with the file as a whole
M = TypeVar("M", bound=BaseModel)
Explain = Callable[[dict[str, Any], Loc, str], str]  # (the file's data, where, message)


class ProtocolError(Exception):
    """A protocol file that cannot be used; ``errors`` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def load_protocol(path: Path) -> Protocol:
    """Load and check the protocol file at ``path``; raise ``ProtocolError`` if it is wrong."""
    return parse_protocol(read_text(path), filename=str(path))


def parse_protocol(text: str, *, filename: str) -> Protocol:
    """Check protocol text; ``filename`` is only used in the error lines."""
    doc = parse_document(
        text,
        filename=filename,
        model=ProtocolFile,
        schema_version=SCHEMA_VERSION,
        checks=reference_problems,
        explain=_explain,
    )
    return to_domain(doc)


def _explain(data: dict[str, Any], loc: Loc, message: str) -> str:
    """A figure's unknown joint or pose says which ones there are."""
    if message != "unknown field" or "poses" not in loc[:-1]:
        return message
    depth = len(loc) - loc.index("poses")
    if depth == 2:
        names = ", ".join(PosesModel.model_fields)
        return f"unknown pose '{loc[-1]}' (a figure's poses are {names})"
    return f"unknown joint '{loc[-1]}' (a pose sets {', '.join(POSE_FIELDS)})"


def read_text(path: Path) -> str:
    """A file's text, or ``ProtocolError`` naming the file when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ProtocolError([f"{path}:1: {ROOT}: cannot read the file ({reason})"]) from exc


def parse_document(
    text: str,
    *,
    filename: str,
    model: type[M],
    schema_version: int,
    checks: Callable[[M], list[Problem]],
    explain: Explain | None = None,
) -> M:
    """YAML text -> a checked ``model``; every problem is a ``FILE:LINE: path: message`` line.

    Shared by every Piri data file (protocols, the safety policy): YAML syntax, a mapping at
    the top, ``schema_version``, duplicate keys, the pydantic schema, then ``checks`` (problems
    across fields), each located at the line of the field at fault. ``explain(data, loc,
    message)``, given, rewrites each message knowing the file's data (e.g. to name the
    question a problem is in).
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "not valid YAML"
        raise ProtocolError([f"{filename}:{line}: {ROOT}: YAML syntax: {problem}"]) from exc
    except yaml.YAMLError as exc:
        raise ProtocolError([f"{filename}:1: {ROOT}: YAML syntax: {exc}"]) from exc
    if root is None:
        raise ProtocolError([f"{filename}:1: {ROOT}: the file is empty"])
    if not isinstance(root, MappingNode) or not isinstance(data, dict):
        raise ProtocolError([f"{filename}:1: {ROOT}: must be a mapping of fields (key: value)"])
    return _validate(root, data, filename, model, schema_version, checks, explain)


def _validate(
    root: MappingNode,
    data: dict[str, Any],
    filename: str,
    model: type[M],
    schema_version: int,
    checks: Callable[[M], list[Problem]],
    explain: Explain | None,
) -> M:
    def fail(problems: list[Problem]) -> ProtocolError:
        if explain is not None:
            problems = [(loc, explain(data, loc, msg)) for loc, msg in problems]
        located = sorted(((_line_of(root, loc), loc, msg) for loc, msg in problems), key=_by_line)
        return ProtocolError(
            [f"{filename}:{line}: {_path(loc)}: {msg}" for line, loc, msg in located]
        )

    version = data.get("schema_version")
    if "schema_version" in data and (isinstance(version, bool) or version != schema_version):
        raise fail(
            [
                (
                    ("schema_version",),
                    f"unsupported version {version!r} (Piri reads {schema_version})",
                )
            ]
        )
    problems = list(_duplicate_keys(root, ()))
    if problems:
        raise fail(problems)
    try:
        doc = model.model_validate(data)
    except ValidationError as exc:
        raise fail([(tuple(e["loc"]), _message(e)) for e in exc.errors()]) from None
    problems = checks(doc)
    if problems:
        raise fail(problems)
    return doc


def _by_line(entry: tuple[int, Loc, str]) -> int:
    return entry[0]


def _path(loc: Loc) -> str:
    return ".".join(str(part) for part in loc) or ROOT


def _duplicate_keys(node: Node, loc: Loc) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else str(key)
            if name in seen:
                problems.append(((*loc, name), f"duplicate key '{name}'"))
            seen.add(name)
            problems += _duplicate_keys(value, (*loc, name))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(item, (*loc, index))
    return problems


def _line_of(root: Node, loc: Loc) -> int:
    """1-based line of the node at ``loc``, or of its nearest parent that exists."""
    node, line = root, root.start_mark.line + 1
    for part in loc:
        if isinstance(node, MappingNode):
            match = [
                (k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)
            ]
            if not match:
                break
            key, node = match[-1]  # the value YAML keeps is the last one
            line = key.start_mark.line + 1
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _message(error: ErrorDetails) -> str:
    """Pydantic's error in the words of this file format."""
    kind, ctx = error["type"], error.get("ctx", {})
    fixed = {
        "missing": "is required",
        "extra_forbidden": "unknown field",
        "int_type": "must be a whole number",
        "string_type": "must be text (put quotes around numbers and dates)",
        "bool_type": "must be true or false",
        "list_type": "must be a list",
        "model_type": "must be a mapping (key: value)",
        "dict_type": "must be a mapping (key: value)",
        "string_too_short": "must not be empty",
        "string_pattern_mismatch": "must use only a-z, 0-9 and _, starting with a letter",
    }
    if kind in fixed:
        return fixed[kind]
    if kind == "greater_than":
        return f"must be greater than {ctx['gt']}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}"
    if kind == "literal_error":
        return f"must be {ctx['expected']}"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters"
    if kind == "too_short":
        return f"must have at least {ctx['min_length']} item(s)"
    if kind == "too_long":
        return f"must have at most {ctx['max_length']} item(s)"
    message = error["msg"].removeprefix("Value error, ")
    return message[:1].lower() + message[1:]
