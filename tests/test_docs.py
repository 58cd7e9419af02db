"""The commands and options the README and docs show exist in the CLI's --help."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT

from hadath.cli import build_parser

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND_LINE = re.compile(r"^ {4}hadath (.+?)(?:\s+#.*)?$")


def _shown_commands():
    for doc in DOCS:
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            match = COMMAND_LINE.match(line)
            if match:
                yield pytest.param(match.group(1), id=f"{doc.name}:{number}")


def _subparsers():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


@pytest.mark.parametrize("shown", list(_shown_commands()))
def test_documented_commands_and_options_exist(shown):
    subparsers = _subparsers()
    words = shown.split()
    assert words[0] in subparsers, f"hadath {words[0]} is documented but is no command"
    parser = subparsers[words[0]]
    if words[0] == "kb" and len(words) > 1:
        assert words[1] in parser.format_help()
    known = {s for a in parser._actions for s in a.option_strings}
    for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", shown):
        assert option in known, f"{option} is documented for hadath {words[0]} but not in its --help"


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _subparsers() if f"hadath {name}" not in readme]
    assert not missing, f"commands the README does not show: {missing}"
