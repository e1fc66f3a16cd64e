#!/usr/bin/env bash
# The long crash-safety run (not part of `npm test`): test/engine/crashSafety.test.ts with ALW_SOAK_KILLS SIGKILLs
# of the engine in all (default 210: 30 during a dataset save and 30 during each of normalize, dedup, filter,
# near-dedup, split and mix), then the total and what the files were left as. Builds first.
# Usage: bash scripts/soak.sh [KILLS]
set -uo pipefail
cd "$(dirname "$0")/.."
export ALW_SOAK_KILLS=${1:-${ALW_SOAK_KILLS:-210}}
npm run -s build || exit 1
# A copy of the engine and the test (the test starts the engine at ../../dist/engine.js beside it), so a build
# during a long run does not swap them under it.
run=out/soak-run/$$
mkdir -p "$run/test/engine" "$run/dist" && cp dist/engine.js* "$run/dist/" && cp out/test/engine/crashSafety.test.js* "$run/test/engine/"
log=out/soak-last.log # the whole output, kept
start=$SECONDS
node --test --test-concurrency=1 --test-reporter=spec "$run/test/engine/crashSafety.test.js" > "$log" 2>&1
status=$?
grep -aE '^(✔|✖)|ℹ (save|normalize|dedup|filter|neardedup|split|mix|crash kills|pass|fail)' "$log" | cut -c1-300
echo "soak: $(grep -aoE 'crash kills: [0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0) kills, exit $status, $((SECONDS - start)) s ($(nproc) cores, $(date -u +%FT%TZ)); full output: $log"
rm -rf "$run"
exit "$status"
