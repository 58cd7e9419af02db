"""Help text the commands share (kept apart so that --help imports nothing heavy)."""
DB_HELP = ("SQLite file or postgresql:// URL (default: $HADATH_DB, else db under [store] in the config file, "
           "else hadath.db in your data folder; see docs/store.md)")
