#!/usr/bin/env bash
# Set up back-coach on a Debian/Ubuntu machine: system audio libraries, then a venv in .venv.
#   bash setup.sh          # to run the assistant
#   bash setup.sh --test   # also the test tools (pytest, mypy) and the virtual-room packages
set -euo pipefail
cd "$(dirname "$0")"

packages=(libportaudio2 libasound2-plugins espeak-ng)
[ "${1:-}" = "--test" ] && packages+=(pulseaudio pulseaudio-utils sox)

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e '.[test,whisper]'
else
  .venv/bin/python -m pip install -q -e .
fi
echo "Ready: .venv/bin/assistant --help"
