#!/usr/bin/env bash
# What the tests need from Debian beside the Python packages: Chromium (browser tests drive it)
# and poppler-utils (pdftotext/pdftoppm read the PDF reports back). Install what is missing
# when we may (root); otherwise say what to install.
set -euo pipefail
missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ]; then
  missing+=(chromium)
fi
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  missing+=(poppler-utils)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing for the tests: ${missing[*]}. Install Debian's packages (sudo apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing Debian's ${missing[*]} for the tests…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
