#!/usr/bin/env bash
# Fetch the web view's front-end libraries with npm and copy the files it serves into
# src/hadath/web/static/vendor/, with their licences. The result is committed: the web view
# never loads anything from the internet at run time. Rerun to update (pinned versions below).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/hadath/web/static/vendor"
PACKAGES=(leaflet@1.9.4 leaflet.markercluster@1.5.3 world-atlas@2.0.2 topojson-client@3.1.0)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm init -y >/dev/null 2>&1
npm install --no-audit --no-fund --ignore-scripts --silent "${PACKAGES[@]}"
NM="$WORK/node_modules"

rm -rf "$DEST"
mkdir -p "$DEST/leaflet/images" "$DEST/leaflet.markercluster" "$DEST/world-atlas" "$DEST/topojson-client"
cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$NM/leaflet/LICENSE" "$DEST/leaflet/"
cp "$NM/leaflet/dist/images/"*.png "$DEST/leaflet/images/"
cp "$NM/leaflet.markercluster/dist/leaflet.markercluster.js" "$NM/leaflet.markercluster/dist/MarkerCluster.css" \
   "$NM/leaflet.markercluster/dist/MarkerCluster.Default.css" "$NM/leaflet.markercluster/MIT-LICENCE.txt" \
   "$DEST/leaflet.markercluster/"
# countries at 1:50m (Natural Earth, public domain): detailed enough for the Middle East's coasts
cp "$NM/world-atlas/countries-50m.json" "$NM/world-atlas/LICENSE" "$DEST/world-atlas/"
cp "$NM/topojson-client/dist/topojson-client.min.js" "$NM/topojson-client/LICENSE" "$DEST/topojson-client/"

{
  echo "# Vendored front-end files"
  echo
  echo "Produced by scripts/vendor_web_assets.sh (npm); do not edit by hand."
  echo
  echo "| package | version | licence |"
  echo "|---|---|---|"
  for spec in "${PACKAGES[@]}"; do
    name="${spec%@*}"
    node -e "const p=require('$NM/$name/package.json');console.log('| '+p.name+' | '+p.version+' | '+p.license+' |')"
  done
  echo
  echo "world-atlas's shapes come from Natural Earth (public domain)."
} > "$DEST/README.md"
echo "vendored into $DEST:"
(cd "$DEST" && find . -type f | sort)
