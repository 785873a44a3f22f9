#!/usr/bin/env bash
# Save PNG screenshots of the main window to docs/screenshots/, drawn by the real xcb platform on
# an Xvfb screen the size of a common exam-room PC (1366x768), then of the small screens the window
# must fit (1280x720 and 1024x768, in docs/screenshots/1280x720/ and docs/screenshots/1024x768/). Needs `make system-deps-test`
# (xvfb, xauth, Qt's xcb libraries) and the venv; `make screenshots` does both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
OUT="${1:-docs/screenshots}"

if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "screenshots: xvfb-run not found; run: scripts/system-deps.sh test" >&2
    exit 1
fi

# An empty data folder: the pictures show the shipped reference-range table, not this machine's.
data_dir="$(mktemp -d)"
trap 'rm -rf "$data_dir"' EXIT

# The common exam-room PC first (the README's pictures), then the small screens the window must
# fit without sideways scrolling, each in its own folder.
for size in 1366x768 1280x720 1024x768; do
    if [ "$size" = 1366x768 ]; then target="$OUT"; else target="$OUT/$size"; fi
    rm -rf "$data_dir/screens"
    env -u WAYLAND_DISPLAY \
        QT_QPA_PLATFORM=xcb \
        VITALSDESK_DATA_DIR="$data_dir" \
        xvfb-run -a -s "-screen 0 ${size}x24" \
        "$PYTHON" scripts/take_screenshots.py "$target" "$size"
done
