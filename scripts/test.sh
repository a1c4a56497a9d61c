#!/usr/bin/env bash
# The one test command: installs what the tests need (Azurite from npm, the web UI's packages,
# Debian's chromium and prometheus when the machine allows it), builds, and runs every test project.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
log() { printf '\n==> %s\n' "$*"; }

log "Installing test prerequisites"
bash scripts/install-prereqs.sh

log "Building (Release)"
dotnet build FlowOrleans.sln -c Release -nologo -v q -clp:ErrorsOnly

log "Running tests"
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
set +e
dotnet test FlowOrleans.sln -c Release --no-build -nologo \
  --blame-hang-timeout 5m --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" "$@" \
  | tee "$results/console.log" | grep -E '^\s*(Passed|Failed|Skipped) |^(Passed|Failed)!|error|Error Message'
status=${PIPESTATUS[0]}
set -e

passed=0; failed=0; skipped=0
# Each test project ends with "Total tests: N" followed by "Passed: N", "Failed: N", "Skipped: N" lines.
count() { awk -v k="$1" '$1 == k":" && $2 ~ /^[0-9]+$/ && NF == 2 { n += $2 } END { print n + 0 }' "$results/console.log"; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then echo "dotnet test exited $status"; fi
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then status=1; fi

log "Running the web UI's unit tests (vitest)"
web_status=0
(cd web && TZ=UTC npx --no-install vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json") || web_status=$?
if [ -f "$results/vitest.json" ]; then
  read -r wp wf ws < <(node -e 'const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests)' "$results/vitest.json")
  passed=$((passed + wp)); failed=$((failed + wf)); skipped=$((skipped + ws))
fi
if [ "$web_status" -ne 0 ]; then
  echo "vitest exited $web_status"
  [ "$status" -ne 0 ] || status=$web_status
fi

echo
if [ "$failed" -gt 0 ]; then
  echo "failed tests (details in $results/console.log):"
  node scripts/failed-tests.js "$results" || true
  [ -f "$results/vitest.json" ] && node -e 'const r = require(process.argv[1]); for (const f of r.testResults) for (const t of f.assertionResults) if (t.status === "failed") console.log("  Failed " + t.fullName)' "$results/vitest.json" || true
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
