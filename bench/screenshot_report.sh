#!/usr/bin/env bash
# Renders an HTML report to a PNG in headless Chromium, to look at it.
#   bash bench/screenshot_report.sh warehouse/report.html /tmp/report.png [HEIGHT]
# Needs Debian's chromium (apt-get install chromium); not part of the test suite.
# Without a browser, the forest plots alone, as PNGs at the size a browser shows them at 100% zoom:
#   bash bench/screenshot_report.sh --plots warehouse/evidence.duckdb /tmp/plots
set -euo pipefail
if [ "${1:-}" = "--plots" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  python=${PYTHON:-$here/.venv/bin/python}
  exec "$python" -m warehouse.forest "${2:-$here/warehouse/evidence.duckdb}" "${3:-forest_plots}"
fi
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: bash bench/screenshot_report.sh REPORT.html [OUT.png] [HEIGHT] (no report at '${1:-}')" >&2
  exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "screenshot_report.sh: Chromium is not installed (Debian: apt-get install chromium); no screenshot taken;" \
       "the forest plots alone: bash bench/screenshot_report.sh --plots WAREHOUSE OUT_DIR" >&2
  exit 3
fi
report=$(realpath "$1"); out=${2:-report.png}; height=${3:-4000}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1280,"$height" --screenshot="$out" "file://$report" 2>/dev/null
echo "screenshot: $out"
