#!/usr/bin/env bash
# Runs every cargo-fuzz target of nianbao for a bounded time, seeded with the seed reports and
# the rule cases; exits non-zero when a target finds a crash (the input is left in
# fuzz/artifacts/<target>/). Used by CI (`bash fuzz/run.sh`) and by hand.
#
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_SECONDS_<target>  seconds for that target only, e.g. FUZZ_SECONDS_lsp_messages=30
#                  (CI gives lsp_messages a shorter share: see .ci/run)
#   FUZZ_TARGETS   targets to run (default: all of `cargo fuzz list`)
#   FUZZ_SANITIZER sanitizer for cargo fuzz (default none: safe Rust; `address` is ~3x slower)
#   FUZZ_ARGS      extra libFuzzer arguments
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

sanitizer="${FUZZ_SANITIZER:-none}"
# libFuzzer needs nightly compiler features; the stable toolchain allows them with this.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: installing cargo-fuzz" >&2
    cargo install --locked cargo-fuzz
fi

targets="${FUZZ_TARGETS:-$(cargo fuzz list)}"
if [ -z "${targets//[[:space:]]/}" ]; then
    echo "fuzz/run.sh: no fuzz target to run" >&2
    exit 1
fi

# Seed corpora: the five seed reports and the rule cases as files for `engine`; the
# committed mutation programs for `seed_mutations`. Corpora grow across runs (not committed).
for t in $targets; do
    mkdir -p "fuzz/corpus/$t"
    case "$t" in
        engine) cp -n tests/fixtures/*.txt tests/fixtures/cases/*.txt "fuzz/corpus/$t/" 2>/dev/null || true ;;
    esac
    if [ -d "fuzz/seeds/$t" ]; then
        cp -n fuzz/seeds/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
    fi
done



status=0
for t in $targets; do
    # FUZZ_SECONDS_<target> overrides FUZZ_SECONDS for one target.
    override="FUZZ_SECONDS_$t"
    seconds="${!override:-${FUZZ_SECONDS:-60}}"
    echo "=== fuzz target $t: ${seconds}s ===" >&2
    log="fuzz/artifacts/$t.log"
    mkdir -p fuzz/artifacts
    # -rss_limit_mb: a leak or blow-up is a finding too; -timeout: one input taking >10 s is one.
    # shellcheck disable=SC2086
    if cargo fuzz run -s "$sanitizer" "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 ${FUZZ_ARGS:-} \
        >"$log" 2>&1; then
        # The last status line (executions, coverage `cov:`, features `ft:`, corpus), then the totals.
        grep -E '^#[0-9]+' "$log" | tail -1 >&2 || true
        grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added)' "$log" >&2 || true
        echo "corpus: $(find "fuzz/corpus/$t" -type f | wc -l) inputs" >&2
    else
        status=1
        echo "fuzz/run.sh: target $t FAILED; last lines of $log:" >&2
        grep -v NEW_FUNC "$log" | tail -40 >&2
        ls "fuzz/artifacts/$t/" >&2 2>/dev/null || true
    fi
done
exit "$status"
