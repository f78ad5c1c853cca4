#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is not installed: run 'sudo apt-get install chromium'." >&2
  exit 1
fi
echo "Installing Chromium (Debian package chromium)..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
