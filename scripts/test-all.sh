#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages (where missing), npm ci, build, lint,
# typecheck, then unit + integration (real registries, dockerd) + browser end-to-end tests.
# Ends with one plain line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
mkdir -p test-output

bash scripts/setup-system.sh || { echo "system set-up failed"; echo "0 passed, 1 failed"; exit 1; }

# npm ci only when node_modules does not match the lock file (CI: always; developers: rarely).
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.airgap-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
  echo "$lock_sum" > node_modules/.airgap-lock-sha256
fi

passed=0
failed=0
step() {
  local name=$1; shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

step build npm run --silent build
step lint npm run --silent lint
step typecheck npm run --silent typecheck

echo "== vitest (unit, integration, end-to-end)"
rm -f test-output/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json
read -r vp vf < <(node scripts/vitest-summary.mjs test-output/vitest.json)
passed=$((passed + vp))
failed=$((failed + vf))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
