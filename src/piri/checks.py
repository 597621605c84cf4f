"""System checks: the server refuses to start when its protocol or policy file, or a clinic's
questionnaire text file, is not valid."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register


@register()
def protocol_file_is_valid(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from piri.program.services.protocol import active_policy, active_protocol
    from piri.protocols import ProtocolError

    try:
        active_protocol()
        active_policy()
    except ProtocolError as exc:
        return [Error(line, id="piri.E001") for line in exc.errors]
    except (FileNotFoundError, KeyError) as exc:
        return [Error(f"protocol not found: {exc}", id="piri.E002")]
    return []


@register()
def measure_texts_are_valid(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A clinic's questionnaire text file (PIRI_MEASURES_TEXT_DIR) that does not check out."""
    from piri.program.services.measure_texts import text_problems

    return [Error(line, id="piri.E003") for line in text_problems()]
