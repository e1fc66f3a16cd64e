#!/usr/bin/env bash
# Installs what the workbench needs on a fresh machine, skipping what is already there:
# npm packages, the bundled build, and the Python environment (.venv) with CPU torch and the trainer.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip   # its postinstall would fetch CUDA files; the CPU binaries ship inside

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: building" >&2
npm run -s build

stamp=.venv/.alw-trainer-installed
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "${PYTHON:-python3}" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ trainer/pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing torch (CPU pin first) and the trainer into .venv" >&2
  .venv/bin/python -m pip install -q torch==2.13.0
  .venv/bin/python -m pip install -q -e "trainer[onnx,test]"
  touch "$stamp"
fi
