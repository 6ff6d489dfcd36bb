#!/usr/bin/env bash
# End-to-end tests of the editor integrations in real editors, against a built nianbao binary:
#   - Neovim (current, from scripts/install-nvim.sh): lsp/nianbao.lua + vim.lsp.enable,
#     require('nianbao').setup{} (vim.lsp.config, vim.lsp.start, BufWritePre code action);
#   - Neovim 0.7.2 (Debian's neovim package): setup{} through vim.lsp.start_client;
#   - VS Code (code-server from scripts/install-code-server.sh, driven by headless Chromium
#     through playwright-core): the packaged .vsix with the binary bundled in.
# Run from the repository root after `cargo build --locked --release`:
#   bash editors/test-e2e.sh
# Env: NIANBAO_BIN (default target/release/nianbao);
#   UPDATE_SCREENSHOTS=1: when every suite passed, the screenshots taken replace the committed
#     ones in editors/screenshots (otherwise they go to a temporary folder, removed on success);
#   SCREENSHOT_DIR: a folder to keep the screenshots in instead of the temporary one;
#   SKIP_NVIM=1, SKIP_NVIM07=1, SKIP_VSCODE=1: leave a suite out, for a quick run by hand. A
#     suite left out is reported on the last line; under CI=true it counts as a failure;
#   NVIM_DIR / CODE_SERVER_DIR (install folders, passed to the scripts; default: theirs).
# Installs are idempotent (each is skipped when already done). Last line: `N passed, M failed`
# (and `, K left out` when a SKIP_* left suites out).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SCRIPTS=$ROOT/scripts
BIN=${NIANBAO_BIN:-$ROOT/target/release/nianbao}
FIXTURE=$ROOT/tests/fixtures/002_57935d37ad0b2f69.txt
LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-editors-e2e.XXXXXX")
SCREENSHOT_DIR=${SCREENSHOT_DIR:-$LOG_DIR/screenshots}
mkdir -p "$SCREENSHOT_DIR"
T0=$SECONDS

passed=0
failed=0
left_out=()

note() { printf '[editors-e2e %4ss] %s\n' "$((SECONDS - T0))" "$*"; }

# Runs one suite, echoing its output; counts its `ok - ` / `not ok - ` lines. A suite that
# fails without reporting a failed step counts as one failure.
suite() {
  local name=$1
  shift
  local log="$LOG_DIR/$name.log" start=$SECONDS rc
  note "suite $name: $*"
  "$@" >"$log" 2>&1
  rc=$?
  cat "$log"
  local ok bad
  ok=$(grep -c '^ok - ' "$log")
  bad=$(grep -c '^not ok - ' "$log")
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  if [ "$rc" -eq 0 ] && [ "$ok" -eq 0 ]; then bad=$((bad + 1)); echo "not ok - $name: ran no step"; fi
  passed=$((passed + ok))
  failed=$((failed + bad))
  note "suite $name: rc=$rc, $ok passed, $bad failed, $((SECONDS - start))s"
}

fail_setup() {
  echo "not ok - setup: $*"
  failed=$((failed + 1))
}

# A suite left out by SKIP_*: reported; a failure under CI=true (CI must run every suite).
leave_out() {
  if [ "${CI:-}" = true ]; then
    echo "not ok - $1: left out by $2 under CI=true"
    failed=$((failed + 1))
  else
    echo "# left out: $1 ($2)"
    left_out+=("$1")
  fi
}

finish() {
  if [ "$failed" -eq 0 ] && [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then
    for png in "$SCREENSHOT_DIR"/*.png; do
      [ -f "$png" ] || continue
      cp "$png" "$ROOT/editors/screenshots/"
      note "updated editors/screenshots/$(basename "$png")"
    done
  fi
  if [ "$failed" -eq 0 ]; then
    rm -rf "$LOG_DIR"
    note "total time $((SECONDS - T0))s"
  else
    note "total time $((SECONDS - T0))s; logs and screenshots kept in $LOG_DIR"
  fi
  if [ ${#left_out[@]} -gt 0 ]; then
    echo "$passed passed, $failed failed, ${#left_out[@]} left out (${left_out[*]})"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

if [ ! -x "$BIN" ]; then
  fail_setup "no nianbao binary at $BIN (cargo build --release, or set NIANBAO_BIN)"
  finish
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
export NIANBAO_BIN=$BIN
note "server binary: $BIN"

nvim_suite() {
  local nvim=$1 mode=$2
  NIANBAO_TEST_MODE=$mode NIANBAO_FIXTURE=$FIXTURE timeout 120 \
    "$nvim" --headless -u NONE -i NONE --cmd "set rtp^=$ROOT/editors/nvim" \
    -c "luafile $ROOT/editors/nvim/test/e2e.lua"
}

# --- Neovim, current ---------------------------------------------------------------------
NVIM=
if [ "${SKIP_NVIM:-0}" = 1 ]; then
  leave_out "nvim (current)" SKIP_NVIM=1
else
  note "installing Neovim (skipped when present)"
  if NVIM=$(bash "$SCRIPTS/install-nvim.sh" ${NVIM_DIR:+"$NVIM_DIR"} 2>"$LOG_DIR/install-nvim.log"); then
    note "nvim: $NVIM ($("$NVIM" --version | sed -n 1p))"
    for mode in enable setup start code_action; do
      suite "nvim-$mode" nvim_suite "$NVIM" "$mode"
    done
  else
    NVIM=
    cat "$LOG_DIR/install-nvim.log"
    fail_setup "scripts/install-nvim.sh failed"
  fi
fi

# --- Neovim 0.7.2 (Debian) ---------------------------------------------------------------
if [ "${SKIP_NVIM07:-0}" = 1 ]; then
  leave_out "nvim 0.7.2" SKIP_NVIM07=1
else
  bash "$SCRIPTS/apt-install.sh" neovim >"$LOG_DIR/apt-neovim.log" 2>&1 || {
    cat "$LOG_DIR/apt-neovim.log"
    fail_setup "apt-get install neovim failed"
  }
  if [ -x /usr/bin/nvim ]; then
    note "nvim: /usr/bin/nvim ($(/usr/bin/nvim --version | sed -n 1p))"
    suite "nvim07-setup" nvim_suite /usr/bin/nvim setup
  else
    fail_setup "no /usr/bin/nvim after installing Debian's neovim"
  fi
fi

# --- VS Code (code-server + headless Chromium) -------------------------------------------
if [ "${SKIP_VSCODE:-0}" = 1 ]; then
  leave_out "vscode" SKIP_VSCODE=1
else
  note "installing code-server (skipped when present)"
  if ENTRY=$(bash "$SCRIPTS/install-code-server.sh" ${CODE_SERVER_DIR:+"$CODE_SERVER_DIR"} 2>"$LOG_DIR/install-code-server.log"); then
    note "code-server: $ENTRY"
    VSC=$ROOT/editors/vscode
    lock_sum=$(sha256sum "$VSC/package-lock.json" | cut -d' ' -f1)
    if [ "$(cat "$VSC/node_modules/.nianbao-lock" 2>/dev/null)" != "$lock_sum" ]; then
      note "npm ci in editors/vscode"
      if (cd "$VSC" && npm ci --no-audit --no-fund >"$LOG_DIR/npm-ci.log" 2>&1); then
        echo "$lock_sum" >"$VSC/node_modules/.nianbao-lock"
      else
        tail -20 "$LOG_DIR/npm-ci.log"
        fail_setup "npm ci failed"
      fi
    fi
    note "npm run package (bundles $BIN)"
    if (cd "$VSC" && npm run package >"$LOG_DIR/package.log" 2>&1); then
      grep -E 'DONE|copy-binary' "$LOG_DIR/package.log"
      suite "vscode" env CODE_SERVER_ENTRY="$ENTRY" VSIX="$VSC/nianbao.vsix" FIXTURE="$FIXTURE" \
        SCREENSHOT_DIR="$SCREENSHOT_DIR" timeout 600 node "$VSC/test/e2e.js"
    else
      tail -30 "$LOG_DIR/package.log"
      fail_setup "npm run package failed"
    fi
  else
    tail -30 "$LOG_DIR/install-code-server.log"
    fail_setup "scripts/install-code-server.sh failed"
  fi
fi

# --- Neovim screenshot (last: it renders with the Chromium and playwright-core installed above)
if [ -n "$NVIM" ]; then
  suite "nvim-screenshot" bash "$ROOT/editors/nvim/test/screenshot.sh" "$NVIM" "$SCREENSHOT_DIR/nvim.png"
fi

finish
