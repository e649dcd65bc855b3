#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One libFuzzer run: FUZZER for SECONDS from SEEDS, new inputs kept in CORPUS (created), then the
# figures libFuzzer printed last (executions, executions per second, coverage: cov = edges, ft =
# features). A crash, leak or failed check exits non-zero with libFuzzer's report.
# usage: run_fuzzer.sh FUZZER SECONDS CORPUS SEEDS
set -euo pipefail
fuzzer=$1 seconds=$2 corpus=$3 seeds=$4
mkdir -p "$corpus"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
"$fuzzer" -max_total_time="$seconds" -seed=1 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$corpus/../$(basename "$fuzzer")-" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    cat "$log"
    exit "$status"
fi
grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -1
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log"
