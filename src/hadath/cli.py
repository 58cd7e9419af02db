"""Command line: a thin layer over the library. Library errors become one-line messages."""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .commands import COMMANDS
from .errors import HadathError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hadath", description="Arabic news in, event data out.")
    parser.add_argument("--version", action="version", version=f"hadath {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"hadath.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"hadath.commands.{name}":
                raise
            continue  # a command not written yet
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except HadathError as exc:
        print(f"hadath: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
