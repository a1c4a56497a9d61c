#!/usr/bin/env bash
# Installs what the tests and scripts need and the .NET SDK does not bring:
#  - Azurite from npm, into .tools/azurite (tests start it on a free loopback port);
#  - the web UI's npm packages (web/node_modules);
#  - Debian's chromium (browser test) and prometheus (scrape test), when apt-get is usable.
# Idempotent: it does nothing for what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .tools/azurite/node_modules/.bin/azurite ]; then
  echo "installing azurite (npm) into .tools/azurite"
  mkdir -p .tools/azurite
  (cd .tools/azurite && [ -f package.json ] || echo '{"private":true}' > package.json
   npm install --no-audit --no-fund --silent azurite@3.37.0 >/dev/null)
fi

if [ -f web/package.json ] && [ ! -d web/node_modules ]; then
  echo "installing the web UI's packages (npm ci)"
  (cd web && npm ci --no-audit --no-fund --silent)
fi

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} (apt-get)"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "note: ${need[*]} missing and apt-get is not usable here; the tests that need them will say so" >&2
  fi
fi
