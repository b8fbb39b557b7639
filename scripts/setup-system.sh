#!/usr/bin/env bash
# System packages rasd's pages and browser tests use, installed when missing and the machine allows (root + apt-get).
#   scripts/setup-system.sh fonts      Arabic fonts for the web pages (fonts-noto-core)
#   scripts/setup-system.sh browser    + Debian's chromium for the browser tests
# Never fails the build: where it cannot install, it says so loudly (the pages still render with any font;
# the browser tests are then skipped).
set -u
want=()
if ! fc-list 2>/dev/null | grep -qi "Noto Naskh Arabic\|Noto Sans Arabic"; then
  want+=(fonts-noto-core)
fi
if [ "${1:-fonts}" = browser ] && [ ! -x /usr/bin/chromium ]; then
  want+=(chromium)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing ${want[*]} (Debian packages)" >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null; }; then
    echo "!!! setup: could not install ${want[*]}" >&2
  fi
else
  echo "!!! setup: ${want[*]} missing and this machine cannot install them (needs root and apt-get)" >&2
fi
if [ "${1:-fonts}" = browser ] && [ ! -x /usr/bin/chromium ]; then
  echo "!!! /usr/bin/chromium is missing: the browser tests (tests/test_browser.py) will be SKIPPED" >&2
fi
exit 0
