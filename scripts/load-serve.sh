#!/usr/bin/env bash
# Load test of `nianbao serve` on loopback, beside `nianbao check` on the same file from the
# command line, in the same run.
#
#   scripts/load-serve.sh [SECONDS] [CLIENTS]     (default: 20 seconds, 64 clients)
#
# Starts the release binary on a free port of 127.0.0.1 (default workers: one per core), then
# wrk (Debian's; installed when missing) posts the seed .docx to /api/check from CLIENTS
# connections for SECONDS seconds, stopping early after MAX_REQUESTS requests (default
# 200000); every answer must be 200 with the CLI's JSON. Prints requests/s, p50, p99, the
# non-200 answers and socket errors, and the server's peak RSS; then the CLI on the same file:
# one process per check (as many checks as the server answered in a second, on every core) and
# one process over a folder of 1000 copies, with their peak RSS. Only 127.0.0.1 is ever
# contacted; everything stops by itself (wrk's duration, `timeout`).
# NIANBAO_BIN names a binary to use instead of building target/release/nianbao.
set -euo pipefail

seconds="${1:-20}"
clients="${2:-64}"
max_requests="${MAX_REQUESTS:-200000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seed="tests/fixtures/rendered/002_57935d37ad0b2f69.docx"

if ! command -v wrk >/dev/null; then
  if [ -f scripts/apt-install.sh ]; then
    bash scripts/apt-install.sh wrk
  else
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
  fi
fi
bin="${NIANBAO_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --locked --release --quiet --bin nianbao
  bin="${CARGO_TARGET_DIR:-$root/target}/release/nianbao"
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && exec "$bin" serve --addr 127.0.0.1:0) >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/server.out" 2>/dev/null || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.err" >&2; echo "the server did not start" >&2; exit 1; }

# The request body: one multipart `file` part holding the seed .docx.
boundary="nianbao-load-boundary"
{
  printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="seed.docx"\r\nContent-Type: application/octet-stream\r\n\r\n' "$boundary"
  cat "$seed"
  printf -- '\r\n--%s--\r\n' "$boundary"
} >"$work/body"

# The answer every request must get: what the CLI prints for the same file.
cp "$seed" "$work/seed.docx"
(cd "$work" && "$bin" check --format json seed.docx >expected.json) || [ $? -le 1 ]
curl -sf -F "file=@$work/seed.docx" "${url}api/check" >"$work/answer.json"
cmp -s "$work/answer.json" "$work/expected.json" || { echo "the server's answer differs from the CLI's" >&2; exit 1; }

threads=2
per_thread=$(( (max_requests + threads - 1) / threads ))
cat >"$work/post.lua" <<LUA
local f = io.open("$work/body", "rb")
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "multipart/form-data; boundary=$boundary"
local expected_len = $(stat -c %s "$work/expected.json")
local counts = {}
function setup(thread)
  table.insert(counts, thread)
end
function init(args)
  sent = 0
  bad = 0
end
function request()
  sent = sent + 1
  if sent > $per_thread then wrk.thread:stop() end
  return wrk.format()
end
function response(status, headers, body)
  if status ~= 200 or #body ~= expected_len then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total_bad = 0
  for _, t in ipairs(counts) do total_bad = total_bad + t:get("bad") end
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f wrong=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    total_bad, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
LUA

# CPU seconds (user + system) the server has used: the machine may be shared, so the figures
# say the CPU time per request as well as the wall-clock ones.
cpu() { awk '{ print ($14 + $15) / '"$(getconf CLK_TCK)"' }' /proc/"$server_pid"/stat; }
cpu0="$(cpu)"
echo "== nianbao serve: $clients clients posting $(basename "$seed") ($(stat -c %s "$seed") bytes) to /api/check for ${seconds}s (at most $max_requests requests), $(nproc) cores"
timeout $((seconds + 30)) wrk -t"$threads" -c"$clients" -d"${seconds}s" --timeout 10s -s "$work/post.lua" "${url}api/check" | tee "$work/wrk.out"
result="$(grep '^RESULT' "$work/wrk.out")"
rss_kb="$(awk '/VmHWM/ {print $2}' /proc/"$server_pid"/status)"
cpu1="$(cpu)"
kill -0 "$server_pid"
curl -sf "${url}healthz" >/dev/null || { echo "/healthz does not answer after the load" >&2; exit 1; }
get() { echo "$result" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
rps="$(get rps)"
calc() { awk "BEGIN { print $1 }"; }
echo "server: $(get requests) requests, $rps requests/s, p50 $(get p50_ms) ms, p99 $(get p99_ms) ms, max $(get max_ms) ms; wrong answers $(get wrong); socket errors connect $(get connect) read $(get read) write $(get write) timeout $(get timeout); peak RSS $((rss_kb / 1024)) MiB; CPU $(calc "1000 * ($cpu1 - $cpu0) / $(get requests)") ms per request"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

# --- the CLI on the same file, in the same run
n=$(printf '%.0f' "$rps")
[ "$n" -ge 100 ] || n=100
echo "== nianbao check: $n processes, one per check, $(nproc) at a time"
start=$(date +%s.%N)
# (the CPU time of the whole batch: xargs, the shells and the nianbao processes they ran)
/usr/bin/time -o "$work/cli1.cpu" -f "%U %S" xargs -P "$(nproc)" -I{} -a <(seq "$n") \
  sh -c '"$1" check --format json "$2" >/dev/null; [ $? -le 1 ]' _ "$bin" "$work/seed.docx"
end=$(date +%s.%N)
cli_rate=$(calc "$n / ($end - $start)")
cli_cpu=$(awk -v n="$n" '{ print 1000 * ($1 + $2) / n }' "$work/cli1.cpu")
/usr/bin/time -o "$work/cli1.rss" -f "%M" "$bin" check --format json "$work/seed.docx" >/dev/null || true
cli_rss=$(( $(cat "$work/cli1.rss") / 1024 ))
printf 'cli, one process per check: %.1f checks/s (%d at a time), CPU %.2f ms per check, peak RSS %d MiB\n' \
  "$cli_rate" "$(nproc)" "$cli_cpu" "$cli_rss"
mkdir -p "$work/folder"
for i in $(seq 1000); do cp "$seed" "$work/folder/r$i.docx"; done
echo "== nianbao check: one process over a folder of 1000 copies"
start=$(date +%s.%N)
/usr/bin/time -f "%U %S %M" -o "$work/cli2.cpu" "$bin" check --format json "$work/folder" >/dev/null || [ $? -le 1 ]
end=$(date +%s.%N)
read -r u s m <"$work/cli2.cpu"
printf 'cli, one process over 1000 files: %.1f files/s, CPU %.2f ms per file, peak RSS %d MiB\n' \
  "$(calc "1000 / ($end - $start)")" "$(calc "1000 * ($u + $s) / 1000")" "$((m / 1024))"
wrong="$(get wrong)"
errors=$(( $(get connect) + $(get read) + $(get write) + $(get timeout) ))
if [ "$wrong" != 0 ] || [ "$errors" != 0 ]; then
  echo "FAILED: $wrong wrong answers, $errors socket errors" >&2
  exit 1
fi
