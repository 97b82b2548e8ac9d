#!/usr/bin/env bash
# Renders an HTML report to PNG in headless Chromium, the whole page at 1280 px wide, to look at it:
#   bash bench/screenshot_report.sh warehouse/report.html /tmp/report.png
# The page's height is measured, not guessed (bench/screenshot_page.py reads the laid-out page over
# Chromium's DevTools pipe), and printed; a page taller than 12,000 px comes as /tmp/report-1.png,
# /tmp/report-2.png, ... Needs Debian's chromium (apt-get install chromium); not part of the test suite.
# Without a browser, the forest plots alone, as PNGs at the size a browser shows them at 100% zoom:
#   bash bench/screenshot_report.sh --plots warehouse/evidence.duckdb /tmp/plots
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
if [ "${1:-}" = "--plots" ]; then
  exec "$python" -m warehouse.report --plots "${2:-$here/warehouse/evidence.duckdb}" "${3:-forest_plots}"
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bash bench/screenshot_report.sh REPORT.html [OUT.png] (the page's height is measured, not given)" >&2
  exit 2
fi
if [ ! -f "$1" ]; then
  echo "screenshot_report.sh: no report at '$1'" >&2
  exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "screenshot_report.sh: Chromium is not installed (Debian: apt-get install chromium); no screenshot taken;" \
       "the forest plots alone: bash bench/screenshot_report.sh --plots WAREHOUSE OUT_DIR" >&2
  exit 3
fi
exec "$python" "$here/bench/screenshot_page.py" "$browser" "$1" "${2:-report.png}"
