"""The version ranges in pyproject.toml are true: constraints/lowest.txt pins every runtime
dependency at its lowest allowed version, and `make test-lowest` runs the storage,
end-to-end and web tests with those installed (and these, which then check that they are)."""

from __future__ import annotations

import os
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def lowest_allowed() -> dict[str, Version]:
    """Each runtime dependency's `>=` bound."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        bounds = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        assert len(bounds) == 1, f"{line}: one lowest version, please"
        floors[canonicalize_name(requirement.name)] = bounds[0]
    return floors


def pinned() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints" / "lowest.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pin = line.partition("==")
            pins[canonicalize_name(name)] = Version(pin)
    return pins


def test_the_lowest_constraints_pin_every_dependency_at_its_lowest_allowed_version() -> None:
    assert pinned() == lowest_allowed()


def test_what_is_installed_is_allowed() -> None:
    """Under `make test-lowest` (which sets LOWEST_VERSIONS) exactly the pins."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lowest = os.environ.get("LOWEST_VERSIONS") == "1"
    for line in project["dependencies"]:
        requirement = Requirement(line)
        installed = Version(version(requirement.name))
        assert requirement.specifier.contains(installed), f"{requirement.name} {installed}"
        if lowest:
            assert installed == pinned()[canonicalize_name(requirement.name)], requirement.name
