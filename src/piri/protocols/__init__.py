"""Protocol files: the YAML format, its loader and the built-in RSS program.

``load_protocol(path)`` reads any protocol file; ``builtin("rss")`` is the program shipped
with Piri; ``resolve(name_or_path)`` takes either. The safety policy is read the same way:
``load_policy(path)``, or ``builtin_policy()`` for the one shipped (``data/policy.yaml``,
which is not a protocol). Problems raise ``ProtocolError``, whose ``errors`` are
``FILE:LINE: field.path: message`` lines.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from piri.domain.measures.model import MeasuresCatalog
from piri.domain.policy import Policy
from piri.domain.protocol import Protocol
from piri.protocols.loader import ProtocolError, load_protocol, parse_protocol
from piri.protocols.measures_loader import load_measures, parse_measures
from piri.protocols.measures_text import load_measure_text, parse_measure_text
from piri.protocols.policy_loader import load_policy, parse_policy

DATA_DIR = Path(__file__).resolve().parent / "data"
POLICY_PATH = DATA_DIR / "policy.yaml"
MEASURES_PATH = DATA_DIR / "measures" / "measures.yaml"  # a folder of its own: not a protocol
_BUILTIN_ID = re.compile(r"^[a-z][a-z0-9_]*$")

__all__ = [
    "DATA_DIR",
    "MEASURES_PATH",
    "POLICY_PATH",
    "ProtocolError",
    "builtin",
    "builtin_ids",
    "builtin_measures",
    "builtin_path",
    "builtin_policy",
    "load_measure_text",
    "load_measures",
    "load_policy",
    "load_protocol",
    "parse_measure_text",
    "parse_measures",
    "parse_policy",
    "parse_protocol",
    "resolve",
]


def builtin_ids() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in DATA_DIR.glob("*.yaml") if p != POLICY_PATH))


def builtin_path(protocol_id: str = "rss") -> Path:
    """The file of a protocol shipped with Piri; ``KeyError`` if there is none of that id."""
    path = DATA_DIR / f"{protocol_id}.yaml"
    if not _BUILTIN_ID.match(protocol_id) or not path.is_file() or path == POLICY_PATH:
        raise KeyError(protocol_id)
    return path


def builtin(protocol_id: str = "rss") -> Protocol:
    """A protocol shipped with Piri, loaded once per process."""
    return _load_builtin(protocol_id)


@cache
def _load_builtin(protocol_id: str) -> Protocol:
    return load_protocol(builtin_path(protocol_id))


def resolve(name_or_path: str) -> Protocol:
    """A built-in protocol id (``"rss"``) or the path of a protocol file."""
    if name_or_path in builtin_ids():
        return builtin(name_or_path)
    return load_protocol(Path(name_or_path))


def builtin_policy() -> Policy:
    """The safety policy shipped with Piri, checked against the built-in RSS protocol and
    loaded once per process."""
    return _load_builtin_policy()


@cache
def _load_builtin_policy() -> Policy:
    return load_policy(POLICY_PATH, protocol=builtin("rss"))


def builtin_measures() -> MeasuresCatalog:
    """The outcome measures and insight settings shipped with Piri
    (``data/measures/measures.yaml``), loaded once per process."""
    return _load_builtin_measures()


@cache
def _load_builtin_measures() -> MeasuresCatalog:
    return load_measures(MEASURES_PATH)
