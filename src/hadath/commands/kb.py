"""`hadath kb`: knowledge-base tools."""
from __future__ import annotations

import json


def add_parser(sub) -> None:
    kb = sub.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    kb_sub.add_parser("validate", help="check every knowledge-base file")
    kb_sub.add_parser("stats", help="count the entries of the knowledge base")
    kb.set_defaults(run=run)


def run(args) -> int:
    if args.kb_command == "validate":
        from ..kb.validate import main as validate_main

        return validate_main([])
    from ..kb.stats import stats

    print(json.dumps(stats(), ensure_ascii=False, indent=2))
    return 0
