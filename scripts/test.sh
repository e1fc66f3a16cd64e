#!/usr/bin/env bash
# Quick start, step 2 (`npm test`): every test — unit, engine integration, trainer, end-to-end in real VS Code.
# Installs what is missing first. Runs every phase, then fails if any phase failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1 ALW_PYTHON="$PWD/.venv/bin/python"

failed=()
phase() {
  local name=$1; shift
  echo; echo "=== $name: $*"
  local start=$SECONDS
  if "$@"; then echo "=== $name passed in $((SECONDS - start)) s"; else echo "=== $name FAILED in $((SECONDS - start)) s"; failed+=("$name"); fi
}

phase unit node --test --test-reporter=spec out/test/unit/
phase engine node --test --test-reporter=spec --test-concurrency=1 out/test/engine/
phase trainer .venv/bin/python -m pytest -q test/trainer
phase e2e bash -c 'bash scripts/e2e-setup.sh && node test/e2e/run.mjs'

echo
if [ ${#failed[@]} -gt 0 ]; then echo "FAILED phases: ${failed[*]}"; exit 1; fi
echo "all test phases passed"
