#!/usr/bin/env bash
# Starts `nianbao serve` on a free loopback port and drives its page in headless Chromium
# (tests/serve/test.js): drop a .docx with a wrong total, download the fixed one and check it
# with the CLI, two years of one agency, paste and edit a report, English. Takes a screenshot
# into a temporary folder; with UPDATE_SCREENSHOTS=1 it replaces the committed
# docs/screenshots/serve.png. SCREENSHOT_DIR names the folder to keep it in instead.
#
# Installs what it needs when missing (idempotent): Debian's chromium and fonts-wqy-microhei
# (scripts/apt-install.sh), playwright-core (npm ci, in tests/serve/node_modules). Builds the
# nianbao binary (debug) unless NIANBAO_BIN names one. Prints a final "N passed, M failed"
# line; exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

fail_setup() {
  echo "setup failed: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# --- Chromium and a CJK font
bash "$root/scripts/apt-install.sh" chromium fonts-wqy-microhei \
  || fail_setup "could not install chromium fonts-wqy-microhei (apt-get install chromium fonts-wqy-microhei)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail_setup "no Chromium at ${CHROMIUM:-/usr/bin/chromium}"

# --- playwright-core (pinned in package-lock.json)
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2 || fail_setup "npm ci in tests/serve"
fi

# --- nianbao
bin="${NIANBAO_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --locked --quiet --bin nianbao >&2 || fail_setup "cargo build"
  bin="${CARGO_TARGET_DIR:-$root/target}/debug/nianbao"
fi
[ -x "$bin" ] || fail_setup "no binary at $bin"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

# --- the server, on a free port of 127.0.0.1, from an empty folder (it reads no file there)
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/cwd"
(cd "$work/cwd" && exec "$bin" serve --addr 127.0.0.1:0) >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/server.out" 2>/dev/null || true)"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.err" >&2; fail_setup "the server did not say where it listens"; }

shots="${SCREENSHOT_DIR:-$work/screenshots}"
mkdir -p "$shots"
status=0
(cd "$here" && node test.js "$url" "$bin" "$work" "$shots/serve.png") || status=$?
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "not ok - the server is still running after the test"
  cat "$work/server.err" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$status" = 0 ] && [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then
  mkdir -p "$root/docs/screenshots"
  cp "$shots/serve.png" "$root/docs/screenshots/serve.png"
  echo "updated docs/screenshots/serve.png" >&2
fi
exit "$status"
