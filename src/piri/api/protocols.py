from __future__ import annotations

import dataclasses
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from piri.program.services.protocol import active_protocol

router = Router(tags=["protocols"])


@router.get("/{protocol_id}", response=dict[str, Any])
def get_protocol(request: HttpRequest, protocol_id: str) -> dict[str, Any]:
    """The whole program of a protocol: phases, exercises, massage options, triggers, education."""
    protocol = active_protocol()
    if protocol_id != protocol.id:
        raise Http404
    return dataclasses.asdict(protocol)
