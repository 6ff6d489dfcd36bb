#!/usr/bin/env bash
# Times `nianbao check` on 10,000 report files side by side with the text linters authors of
# Chinese documents already run (typos, autocorrect --lint) and with reading the files once
# (`find … -exec cat {} +`), all on the same files in one hyperfine run.
#
#   scripts/bench-cli.sh [N_FILES] [RUNS]      (defaults: 10000 files, 10 runs)
#   BASELINE=/path/to/older/nianbao scripts/bench-cli.sh   (adds that build's `check` as a row)
#
# The files are copies of the seed reports (tests/fixtures/*.txt) in a temporary directory.
# Missing tools are installed: hyperfine (apt-get), typos (cargo install --locked typos-cli),
# autocorrect (npm install -g autocorrect-node). A tool that cannot be installed is left out.
# Prints hyperfine's table and the machine load; exports it as Markdown to $OUT (if set).
set -euo pipefail

N=${1:-10000}
RUNS=${2:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

have() { command -v "$1" >/dev/null 2>&1; }
export PATH="$HOME/.cargo/bin:$PATH"
have hyperfine || { apt-get install -y hyperfine >/dev/null 2>&1 || sudo apt-get install -y hyperfine >/dev/null; }
have typos || cargo install --locked typos-cli >/dev/null 2>&1 || echo "typos not available; left out" >&2
have autocorrect || npm install -g autocorrect-node >/dev/null 2>&1 || echo "autocorrect not available; left out" >&2

[ -n "${NIANBAO:-}" ] || cargo build --release --quiet --bin nianbao
NIANBAO="${NIANBAO:-$ROOT/target/release/nianbao}"

DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
mkdir -p "$DIR/reports"
seeds=(tests/fixtures/*.txt)
for ((i = 0; i < N; i++)); do
    cp "${seeds[i % ${#seeds[@]}]}" "$DIR/reports/$(printf '%05d' "$i").txt"
done
bytes=$(cat "$DIR"/reports/*.txt | wc -c)
echo "$N files, $bytes bytes in $DIR/reports; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

cd "$DIR"
cmds=(
    -n "nianbao check (human)" "$NIANBAO check reports > /dev/null"
    -n "nianbao check --format json" "$NIANBAO check --format json reports > /dev/null"
)
[ -n "${BASELINE:-}" ] && cmds+=(-n "baseline nianbao check (human)" "$BASELINE check reports > /dev/null")
have typos && cmds+=(-n "typos" "typos reports > /dev/null")
have autocorrect && cmds+=(-n "autocorrect --lint" "autocorrect --lint reports > /dev/null")
cmds+=(-n "find -exec cat (read once)" "find reports -name '*.txt' -exec cat {} + > /dev/null")

# Linters exit non-zero when they find something; only the time matters here.
hyperfine --ignore-failure --warmup 1 --runs "$RUNS" --export-markdown "${OUT:-$DIR/table.md}" "${cmds[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${OUT:-}" ] || cat "$DIR/table.md"
