#!/usr/bin/env bash
# Renders an HTML report to a PNG in headless Chromium, to look at it.
#   bash bench/screenshot_report.sh warehouse/report.html /tmp/report.png [HEIGHT]
# Needs Debian's chromium (apt-get install chromium); not part of the test suite.
set -euo pipefail
report=$(realpath "$1"); out=${2:-report.png}; height=${3:-4000}
profile=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1280,"$height" --screenshot="$out" "file://$report" 2>/dev/null
rm -rf "$profile"
echo "screenshot: $out"
