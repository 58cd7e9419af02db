"""One module per CLI command, each with add_parser(subparsers) and run(args)."""
COMMANDS = ("extract", "kb", "ingest", "search", "events", "show", "export", "serve", "batch", "dedup", "evaluate")
