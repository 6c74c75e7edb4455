#!/usr/bin/env bash
# Install Debian's Chromium and its WebDriver for the browser test (tests/test_web_page.py).
#
# Idempotent: does nothing when /usr/bin/chromium and /usr/bin/chromedriver are present.
# Never fails the caller: when it cannot install (not root, no apt-get, no network), it says
# why and exits 0, and the browser test then skips with its own message.
set -u

CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver

if [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ]; then
    echo "install_chromium: $CHROMIUM and $DRIVER already present"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium: apt-get not found; install chromium and chromium-driver by hand" >&2
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "install_chromium: not root and no password-less sudo; skipping" \
            "(the browser test will be skipped)" >&2
        exit 0
    fi
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -q; then
    echo "install_chromium: apt-get update failed; skipping" >&2
    exit 0
fi
if ! $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-liberation; then
    echo "install_chromium: apt-get install chromium chromium-driver fonts-liberation failed; skipping" >&2
    exit 0
fi

if [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ]; then
    echo "install_chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
else
    echo "install_chromium: packages installed but $CHROMIUM or $DRIVER is still missing" >&2
fi
exit 0
