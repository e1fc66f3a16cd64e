#!/usr/bin/env bash
# The long crash-safety run (not part of `npm test`): test/engine/crashSafety.test.ts with ALW_SOAK_KILLS SIGKILLs
# of the engine in all (default 210: 30 during a dataset save and 30 during each of normalize, dedup, filter,
# near-dedup, split and mix), then the total and what the files were left as. Builds first.
# Usage: bash scripts/soak.sh [KILLS]
set -uo pipefail
cd "$(dirname "$0")/.."
export ALW_SOAK_KILLS=${1:-${ALW_SOAK_KILLS:-210}}
[ "${ALW_SOAK_NO_BUILD:-}" = 1 ] || npm run -s build || exit 1
# Runs dist/engine.js and out/test/engine as built: do not rebuild while it runs.
log=out/soak-last.log # the whole output, kept
start=$SECONDS
node --test --test-concurrency=1 --test-reporter=spec out/test/engine/crashSafety.test.js > "$log" 2>&1
status=$?
grep -aE '^(✔|✖)|ℹ (save|normalize|dedup|filter|neardedup|split|mix|crash kills|pass|fail)' "$log" | cut -c1-300
echo "soak: $(grep -aoE 'crash kills: [0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0) kills, exit $status, $((SECONDS - start)) s ($(nproc) cores, $(date -u +%FT%TZ)); full output: $log"
exit "$status"
