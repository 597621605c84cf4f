"""The docs stay complete: every file field, plan field, command and API route is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.test import Client
from pydantic import BaseModel

from piri.domain.compiler import compile_plan
from piri.domain.prescription import Prescription, Sides
from piri.protocols import builtin, schema

ROOT = Path(__file__).resolve().parents[2]


def read(name: str) -> str:
    return (ROOT / name).read_text()


def code_words(markdown: str) -> set[str]:
    """Every word written as code (inside backticks), e.g. `dose.hold_s` gives dose and hold_s."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    spans = (span for line in text.splitlines() for span in re.findall(r"`([^`]+)`", line))
    return {word for span in spans for word in re.findall(r"\w+", span)}


def schema_models() -> list[type[BaseModel]]:
    return [
        obj
        for obj in vars(schema).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == schema.__name__
    ]


@pytest.mark.parametrize("model", schema_models(), ids=lambda m: m.__name__)
def test_every_protocol_field_is_in_the_format_doc(model: type[BaseModel]) -> None:
    documented = code_words(read("docs/protocol-format.md"))
    missing = [name for name in model.model_fields if name not in documented]
    assert not missing, f"docs/protocol-format.md does not describe {missing}"


def test_every_plan_field_is_in_the_plan_doc() -> None:
    plan = compile_plan(
        builtin(),
        Prescription(Sides.BOTH, stretch_variant="figure4_lying", massage_option="fingers"),
    ).to_dict()
    doc = read("docs/plan-format.md")
    keys = set(plan) | {key for step in plan["steps"] for key in step}
    keys |= {step["kind"] for step in plan["steps"]}
    missing = sorted(key for key in keys if f"`{key}`" not in doc)
    assert not missing, f"docs/plan-format.md does not describe {missing}"


def test_every_piri_command_is_in_the_readme() -> None:
    readme = read("README.md")
    ours = [name for name, app in get_commands().items() if app == "piri"]
    assert ours, "no piri commands found"
    missing = [name for name in ours if f"piri {name}" not in readme]
    assert not missing, f"README.md does not list {missing}"


def test_every_api_route_is_in_the_readme(db: None) -> None:
    readme = read("README.md")
    spec = Client().get("/api/v1/openapi.json").json()
    routes = [f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops]
    missing = [route for route in routes if route not in readme]
    assert not missing, f"README.md does not list {missing}"


def test_every_setting_is_in_the_readme() -> None:
    readme = read("README.md")
    sources = read("src/piri/settings.py") + read("src/piri/serving.py")
    names = set(re.findall(r'"(PIRI_[A-Z_]+)"', sources))
    missing = sorted(name for name in names if name not in readme)
    assert not missing, f"README.md does not describe {missing}"


def test_the_changelog_has_an_unreleased_section() -> None:
    assert "## [Unreleased]" in read("CHANGELOG.md")


def test_readme_screenshot_exists() -> None:
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", read("README.md")):
        assert (ROOT / image).exists(), image
