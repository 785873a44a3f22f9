#!/usr/bin/env bash
# Regenerate vitalsdesk/gui/forms/ui_*.py from the Designer forms in ui/ (the source of truth).
# The compiled modules are committed; tests/gui/test_forms_fresh.py fails when they are stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

UIC="${PYSIDE6_UIC:-.venv/bin/pyside6-uic}"
if [ ! -x "$UIC" ]; then
    UIC="$(command -v pyside6-uic || true)"
fi
if [ -z "$UIC" ]; then
    echo "compile-ui: pyside6-uic not found; run 'make venv' first" >&2
    exit 1
fi

shopt -s nullglob
forms=(ui/*.ui)
if [ "${#forms[@]}" -eq 0 ]; then
    echo "compile-ui: no forms in ui/" >&2
    exit 1
fi
for form in "${forms[@]}"; do
    name="$(basename "$form" .ui)"
    "$UIC" "$form" -o "vitalsdesk/gui/forms/ui_$name.py"
    echo "compiled $form -> vitalsdesk/gui/forms/ui_$name.py"
done
