#!/usr/bin/env bash
# Install the Debian/Ubuntu packages VitalsDesk needs, and only those that are missing.
#
#   scripts/system-deps.sh runtime   what `make run` needs: Qt's libraries and python3-venv
#   scripts/system-deps.sh test      runtime + what the tests and screenshots need
#                                    (PostgreSQL, poppler-utils, Xvfb and Qt's xcb libraries,
#                                    D-Bus, the AT-SPI bus and python3-pyatspi for the
#                                    screen-reader tests)
#
# Safe to run again: with everything present it only runs `dpkg -s` and exits.
set -euo pipefail

RUNTIME_PACKAGES=(
    libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
    python3-venv
)
TEST_PACKAGES=(
    postgresql poppler-utils xvfb xauth
    dbus at-spi2-core python3-pyatspi
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-xkb1
)

group="${1:-runtime}"
case "$group" in
    runtime) wanted=("${RUNTIME_PACKAGES[@]}") ;;
    test) wanted=("${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
    *)
        echo "usage: $0 [runtime|test]" >&2
        exit 2
        ;;
esac

if ! command -v dpkg >/dev/null 2>&1; then
    # Not Debian/Ubuntu: we cannot check, so say what is needed and let the next step show
    # whether it is really missing.
    echo "system-deps: no dpkg here; make sure the equivalents of these are installed:" >&2
    echo "  ${wanted[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
    # `dpkg -s` also succeeds for a package removed but not purged: read its Status line.
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "system-deps ($group): all ${#wanted[@]} packages present"
    exit 0
fi

echo "system-deps ($group): installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "system-deps: these packages are missing and this user is not root and has no sudo:" >&2
    echo "  ${missing[*]}" >&2
    echo "Ask an administrator to run: apt-get install ${missing[*]}" >&2
    exit 1
fi

# sudo drops the environment, so pass DEBIAN_FRONTEND through env (no prompts, no stdin in CI).
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
