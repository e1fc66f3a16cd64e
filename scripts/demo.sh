#!/usr/bin/env bash
# Quick start, step 1: install what is missing, then run the main job on the bundled Arabic samples.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
node dist/alw.js demo --python .venv/bin/python "$@"
