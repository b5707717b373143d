#!/usr/bin/env bash
# The README's test command: sets up a fresh Debian machine (apt packages, npm ci), then runs every
# check CI runs: dist freshness, lint, typecheck and all tests (real nginx + ModSecurity + CRS, real sshd).
set -euo pipefail
cd "$(dirname "$0")/.."
# Every peer the tests talk to (nginx, dpkg, rpm, zip, sshd, cron) is installed below, so a test that
# would skip for a missing one fails instead, and scripts/run-tests.mjs fails on any skipped test.
# WAF_GATE_REQUIRE_PEERS=0 bash scripts/test-all.sh lets them skip (e.g. not running as root).
export WAF_GATE_REQUIRE_PEERS="${WAF_GATE_REQUIRE_PEERS:-1}"

APT_PACKAGES=(nginx libnginx-mod-http-modsecurity modsecurity-crs openssh-server dpkg-dev wrk apache2-utils procps git zip cron rpm chromium)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null; then as_root=(sudo); else
    echo "test-all: missing Debian packages: ${missing[*]}. Run as root, or install them: apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "test-all: installing ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "test-all: npm ci"
npm ci --no-audit --no-fund

echo "test-all: checking that dist/ is built from src/"
node scripts/build.mjs
if [ -d .git ] && [ -n "$(git status --porcelain -- dist)" ]; then
  git status --short -- dist | head -20 >&2
  echo "test-all: dist/ is stale: run 'npm run build' and commit dist/." >&2
  exit 1
fi

echo "test-all: lint"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check . ; exit 1; }

echo "test-all: dependency direction and cycles (.dependency-cruiser.cjs)"
npm run --silent lint:deps

echo "test-all: typecheck"
npx tsc --noEmit -p tsconfig.json

echo "test-all: tests"
node scripts/run-tests.mjs

echo "test-all: replay tests again on the net.Socket fallback (WAF_GATE_NET_SOCKETS=1)"
WAF_GATE_NET_SOCKETS=1 node scripts/run-tests.mjs test/replay
