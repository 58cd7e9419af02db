#!/bin/sh
# CI setup for the web view's end-to-end tests (tests/test_web_e2e.py): Debian's Chromium and
# its driver, and the Noto fonts (Arabic included) so pages render the same everywhere.
# POSIX sh (.ci/run runs it with sh); idempotent; needs root on Debian 12 (apt-get).
# The tests skip when /usr/bin/chromium is missing.
set -eu
PACKAGES="chromium chromium-driver fonts-noto-core"
missing=""
for pkg in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
if [ -z "$missing" ]; then
  echo "browser.sh: $PACKAGES already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "browser.sh: need root to install:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086  # the list is meant to split into words
apt-get install -y -q --no-install-recommends $missing
fc-cache -f >/dev/null 2>&1 || true
/usr/bin/chromium --version
