"""The Compose recipes as Compose reads them, for the tests that check them and run their bots.

Docker does not run everywhere the tests do, so the files are read here with a YAML parser:
the base file and an override merged the way Compose merges a service's `environment`, and
`${NAME}`, `${NAME:-default}` and `${NAME:?message}` interpolated from the given variables.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "docker-compose.yml"
WEBHOOK = ROOT / "docker-compose.webhook.yml"
CADDYFILE = ROOT / "deploy" / "Caddyfile"

_VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}|\$\$")


class MissingVariable(Exception):
    """A `${NAME:?message}` whose variable is not set: Compose refuses with the message."""


def interpolate(value: str, variables: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        name, op, arg = match["name"], match["op"], match["arg"] or ""
        given = variables.get(name, "")
        if given:
            return given
        if op == ":?":
            raise MissingVariable(f"{name}: {arg}")
        return arg if op == ":-" else ""

    return _VARIABLE.sub(replace, value)


def read(*files: Path) -> dict[str, Any]:
    """The files merged, uninterpolated: services' mappings merged key by key, the rest
    (lists, values) replaced by the later file's, as Compose does for these keys."""
    merged: dict[str, Any] = {}
    for file in files:
        _merge(merged, yaml.safe_load(file.read_text()))
    return merged


def _merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def environment(service: dict[str, Any], variables: dict[str, str]) -> dict[str, str]:
    """A service's environment as its container sees it."""
    return {
        name: interpolate(str(value), variables)
        for name, value in (service.get("environment") or {}).items()
    }
