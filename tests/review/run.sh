#!/usr/bin/env bash
# Renders the HTML review page for a small folder of reports and checks it in headless
# Chromium (tests/review/test.js), taking a screenshot into a temporary folder; with
# UPDATE_SCREENSHOTS=1 the screenshot replaces the committed docs/screenshots/review.png.
# SCREENSHOT_DIR names the folder to keep the screenshot in instead (default: removed at the end).
#
# Installs what it needs when missing (idempotent): Debian's chromium and fonts-wqy-microhei
# (scripts/apt-install.sh), playwright-core (npm ci, in tests/review/node_modules).
# Builds the nianbao binary (debug) unless NIANBAO_BIN names one.
# Prints a final "N passed, M failed" line; exits non-zero on any failure.
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
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2 || fail_setup "npm ci in tests/review"
fi

# --- nianbao
bin="${NIANBAO_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --locked --quiet --bin nianbao >&2 || fail_setup "cargo build"
  bin="${CARGO_TARGET_DIR:-$root/target}/debug/nianbao"
fi
[ -x "$bin" ] || fail_setup "no binary at $bin"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

# --- the folder: a report with a wrong total, a wrong prose count (next to markup) and a
# second wrong total dismissed by an [[ignore]] entry in the folder's nianbao.toml, two clean
# reports, a text that is not a report, a file that cannot be decoded.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dir="$work/各单位年报"
mkdir -p "$dir"
seed="tests/fixtures/002_57935d37ad0b2f69.txt"
sed -e 's/\t55\t0\t146\t/\t55\t0\t147\t/' \
    -e 's/上年度结转 2 件，均依法依规予以答复处理。/上年度结转 3 件，均依法依规予以答复处理<script>alert("x")<\/script>。/' \
    -e 's/^\(\t\t8\. 属于行政查询事项\t7\t0\t0\t0\t0\t0\t\)7$/\19/' \
    "$seed" >"$dir/broken.txt"
grep -q $'\t147\t' "$dir/broken.txt" || fail_setup "could not seed the wrong total"
grep -q $'\t0\t9$' "$dir/broken.txt" || fail_setup "could not seed the ignored total"
cat >"$dir/nianbao.toml" <<'TOML'
[[ignore]]
code = "NB201"
file = "broken.txt"
cell = "表三·（三）8.属于行政查询事项·总计"
reason = "含转办件，与上级统计口径一致"
TOML
cp tests/fixtures/000_d07e733a374d2c05.txt "$dir/"
cp tests/fixtures/001_68f00f12ba36a829.txt "$dir/"
printf '会议纪要\n<b>不是报告</b>\n' >"$dir/notes.txt"
printf '\xff\xfe\x00\xd8' >"$dir/undecodable.txt"

set +e
(cd "$work" && "$bin" check 各单位年报 --format html -o review.html) 2>"$work/stderr"
status=$?
set -e
# 2: one file could not be read (it is listed on the page).
[ "$status" = 2 ] || { cat "$work/stderr" >&2; fail_setup "nianbao check exited $status, expected 2"; }
[ -s "$work/review.html" ] || fail_setup "no review.html written"

shots="${SCREENSHOT_DIR:-$work/screenshots}"
mkdir -p "$shots"
cd "$here"
node test.js "$work/review.html" "$shots/review.png" 5
if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then
  cp "$shots/review.png" "$root/docs/screenshots/review.png"
  echo "updated docs/screenshots/review.png" >&2
fi
