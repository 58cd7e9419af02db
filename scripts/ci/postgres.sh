#!/bin/sh
# Install the PostgreSQL 15 server binaries the store tests start a throwaway cluster from
# (tests/store_support.py). Idempotent; Debian 12 (bookworm), as root. No cluster is created or
# started here: the tests make their own on 127.0.0.1 and remove it.
set -eu

BIN=/usr/lib/postgresql/15/bin
if [ -x "$BIN/initdb" ] && [ -x "$BIN/pg_ctl" ]; then
    echo "postgresql-15 is installed ($BIN)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: run as root (apt-get install postgresql-15)" >&2
    exit 1
fi
# keep the package from creating and starting a 'main' cluster of its own
mkdir -p /etc/postgresql-common
if ! grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf 2>/dev/null; then
    echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
test -x "$BIN/initdb"
echo "postgresql-15 installed ($BIN)"
