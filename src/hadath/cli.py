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


def _refuse_unknown(parser: argparse.ArgumentParser, args: argparse.Namespace, unknown: list[str]) -> None:
    """A misspelled option gets its command's usage and the nearest option (exits with status 2)."""
    import difflib

    command = next(a for a in parser._actions if a.dest == "command").choices.get(args.command, parser)
    known = [s for a in command._actions for s in a.option_strings if s.startswith("--")]
    hints = []
    for word in unknown:
        if word.startswith("-"):
            close = difflib.get_close_matches(word.split("=", 1)[0], known, n=1, cutoff=0.6)
            if close:
                hints.append(f"did you mean {close[0]} (not {word.split('=', 1)[0]})?")
    command.error(f"unrecognized arguments: {' '.join(unknown)}" + ("; " + " ".join(hints) if hints else ""))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        _refuse_unknown(parser, args, unknown)
    try:
        return args.run(args)
    except HadathError as exc:
        print(f"hadath: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
