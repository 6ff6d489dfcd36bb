#!/usr/bin/env bash
# Takes a screenshot of Neovim (editors/test-e2e.sh: into its screenshot folder): runs a real (non-headless) Neovim with the plugin in a
# tmux pane on a seed report with one wrong total, captures the pane with its colours once the
# NB201 diagnostic and its float are shown, and renders it to PNG with headless Chromium
# (ansi-to-png.js, playwright-core from editors/vscode/node_modules).
#   usage: screenshot.sh NVIM OUT.png      (env: NIANBAO_BIN, NIANBAO_FIXTURE)
set -euo pipefail
NVIM=$1
OUT=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
FIXTURE=${NIANBAO_FIXTURE:-$ROOT/tests/fixtures/002_57935d37ad0b2f69.txt}
bash "$ROOT/scripts/apt-install.sh" tmux chromium fonts-wqy-microhei
if [ ! -d "$ROOT/editors/vscode/node_modules/playwright-core" ]; then
  (cd "$ROOT/editors/vscode" && npm ci --no-audit --no-fund >/dev/null 2>&1)
fi
TMP=$(mktemp -d)
trap 'tmux -L nianbao-shot kill-server 2>/dev/null || true; rm -rf "$TMP"' EXIT
sed 's/^\(一、本年新收政府信息公开申请数量\t\t91\t0\t0\t0\t55\t0\t\)146\t$/\1147\t/' "$FIXTURE" >"$TMP/report.txt"
grep -q $'\t147\t$' "$TMP/report.txt"
READY=$TMP/ready
tmux -L nianbao-shot -f /dev/null new-session -d -x 130 -y 32 \
  "env TERM=xterm-256color NIANBAO_BIN='$NIANBAO_BIN' NIANBAO_SHOT_READY='$READY' '$NVIM' -u NONE -i NONE \
   --cmd 'set rtp^=$ROOT/editors/nvim' -c 'luafile $HERE/screenshot.lua' '$TMP/report.txt'"
for _ in $(seq 1 100); do
  [ -f "$READY" ] && break
  sleep 0.2
done
if [ ! -f "$READY" ]; then
  tmux -L nianbao-shot capture-pane -p
  echo "not ok - nvim screenshot: no NB201 diagnostic shown within 20 s"
  exit 1
fi
sleep 0.5
tmux -L nianbao-shot capture-pane -e -p >"$TMP/screen.ansi"
grep -q 'NB201' "$TMP/screen.ansi" || { echo "not ok - nvim screenshot: NB201 not on screen"; exit 1; }
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"
NODE_PATH=$ROOT/editors/vscode/node_modules node "$HERE/ansi-to-png.js" "$TMP/screen.ansi" "$OUT"
[ "$(head -c 4 "$OUT" | od -An -tx1 | tr -d ' ')" = 89504e47 ] || { echo "not ok - nvim screenshot: no PNG at $OUT"; exit 1; }
echo "ok - nvim screenshot with the NB201 diagnostic: $OUT"
