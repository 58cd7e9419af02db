#!/bin/sh
# Java for the Spark engine's tests (tests/test_batch.py): Debian's OpenJDK 17 runtime, when no
# java is on the PATH. Idempotent; Debian 12, as root. The Spark tests skip without Java.
set -eu
if command -v java >/dev/null 2>&1; then
    echo "java.sh: $(java -version 2>&1 | head -n 1)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "java.sh: need root to install openjdk-17-jre-headless" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends openjdk-17-jre-headless
java -version
