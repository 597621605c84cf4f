"""Stepping a massage down never lands on an option the clinician switched off."""

from __future__ import annotations

from piri.domain.ladder import easier_massage
from piri.protocols import builtin

PROTOCOL = builtin()


def test_the_next_easier_option_is_the_one_before_it():
    option = PROTOCOL.massage_option("foam_roller_crossed")
    assert easier_massage(option, PROTOCOL) == "foam_roller"


def test_switched_off_options_are_passed_over():
    option = PROTOCOL.massage_option("foam_roller_crossed")
    assert easier_massage(option, PROTOCOL, excluded=frozenset({"foam_roller"})) == "fingers"


def test_nothing_easier_when_every_easier_option_is_off():
    option = PROTOCOL.massage_option("foam_roller")
    assert easier_massage(option, PROTOCOL, excluded=frozenset({"fingers"})) is None
    assert easier_massage(PROTOCOL.massage_option("fingers"), PROTOCOL) is None
