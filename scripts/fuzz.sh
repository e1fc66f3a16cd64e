#!/usr/bin/env bash
# The long fuzz run (not part of `npm test`): the fuzz suites of test/unit/fuzz*.test.ts with ALW_FUZZ_RUNS cases
# per property (weighted per property; default 14000 ≈ 100,000 cases in all), then the total. Builds first.
# ALW_FUZZ_SEED=N replays a failure fast-check reported. Usage: bash scripts/fuzz.sh [RUNS]
set -uo pipefail
cd "$(dirname "$0")/.."
export ALW_FUZZ_RUNS=${1:-${ALW_FUZZ_RUNS:-14000}}
npm run -s build || exit 1
# A copy of the bundles, so a build during a long run does not swap them under it.
run=out/fuzz-run/$$
mkdir -p "$run" && cp out/test/unit/fuzz*.test.js "$run"/
log=out/fuzz-last.log # the whole TAP output, kept for a failure's counterexample and stack
start=$SECONDS
node --test --test-concurrency=1 --test-reporter=tap "$run"/fuzz*.test.js | tee "$log" | grep -aE '^(not )?ok |fuzz cases' | cut -c1-300
status=${PIPESTATUS[0]}
total=$(grep -aoE 'fuzz cases: [0-9]+' "$log" | awk '{ s += $3 } END { print s + 0 }')
failed=$(grep -acE '^not ok ' "$log")
echo "fuzz: $total cases, $failed failing properties, $((SECONDS - start)) s (ALW_FUZZ_RUNS=$ALW_FUZZ_RUNS, $(nproc) cores, $(date -u +%FT%TZ))"
[ "$failed" -eq 0 ] || { grep -aE 'seed:|cause|Error' "$log" | cut -c1-300; echo "full output: $log"; }
rm -rf "$run"
exit "$status"
