#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages (where missing), npm ci, build, lint,
# typecheck, then unit + integration (real registries, dockerd) + browser end-to-end tests.
# Ends with one plain line: "N passed, N failed", the vitest test counts; a failing build, lint or
# typecheck prints "FAILED: <step>" and makes the exit status non-zero without changing the counts.
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

# build, lint and typecheck are gates, not tests: a failure fails the run (FAILED: <step>, non-zero
# exit) but does not change the counts, which are vitest's alone.
failed_steps=()
step() {
  local name=$1; shift
  echo "== $name"
  if ! "$@"; then failed_steps+=("$name"); echo "FAILED: $name"; fi
}

step build npm run --silent build
step lint npm run --silent lint
step typecheck npm run --silent typecheck

echo "== vitest (unit, integration, end-to-end)"
rm -f test-output/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json
vitest_rc=$?
# A vitest that could not run, or left no readable report, counts as one failure, never as 0 failed.
counts=$(node scripts/vitest-summary.mjs test-output/vitest.json "$vitest_rc")
if [[ "$counts" =~ ^([0-9]+)\ ([0-9]+)$ ]]; then
  passed=${BASH_REMATCH[1]}
  failed=${BASH_REMATCH[2]}
else
  echo "could not read vitest's report (vitest exit $vitest_rc)"
  passed=0
  failed=1
fi

for name in "${failed_steps[@]}"; do echo "FAILED: $name"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "${#failed_steps[@]}" -eq 0 ]
