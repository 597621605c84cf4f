"""Publish domain events; apps higher in the app order subscribe to them.

A lower app never imports a higher one (``docs/decisions/0007-app-order.md``): the program app
publishes "a session was recorded" and the clinic app, which subscribed in its
``AppConfig.ready()``, refreshes its triage row. Two kinds of handler
(``docs/decisions/0008-domain-events.md``):

- **inside** the publisher's transaction (the default): for derived rows that must never be
  stale after a commit, such as the clinic's triage row. A failure rolls the whole write back.
- **after commit**: for effects outside the database, such as emails. They run once the
  transaction commits (at once when there is none), never for a write that was rolled back;
  a failure is logged and never undoes the write.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from django.db import transaction

from piri.domain.events import Event

E = TypeVar("E", bound=Event)
Handler = Callable[[Any], None]

log = logging.getLogger(__name__)

_inside: defaultdict[type[Event], list[Handler]] = defaultdict(list)
_after_commit: defaultdict[type[Event], list[Handler]] = defaultdict(list)


def subscribe(
    event_type: type[E], handler: Callable[[E], None], *, after_commit: bool = False
) -> None:
    """Call ``handler`` with every published event of ``event_type`` (once, however often
    this is called with the same pair)."""
    handlers = (_after_commit if after_commit else _inside)[event_type]
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    """Stop calling ``handler`` for ``event_type`` (whichever kind it was)."""
    for handlers in (_inside[event_type], _after_commit[event_type]):
        if handler in handlers:
            handlers.remove(handler)


def publish(*events: Event) -> None:
    """Hand each event to its subscribers: those inside the transaction now, in the order they
    subscribed; those after commit once it commits."""
    for event in events:
        for handler in _inside[type(event)]:
            handler(event)
        for handler in _after_commit[type(event)]:
            transaction.on_commit(partial(_run_after_commit, handler, event))


def _run_after_commit(handler: Handler, event: Event) -> None:
    try:
        handler(event)
    except Exception:  # an email that fails must not undo, or hide, what was stored
        log.exception("after-commit handler %s failed for %r", handler.__qualname__, event)


def subscribers(event_type: type[Event]) -> dict[str, list[Handler]]:
    """Who listens to ``event_type`` (for tests and for the docs)."""
    return {
        "inside": list(_inside[event_type]),
        "after_commit": list(_after_commit[event_type]),
    }
