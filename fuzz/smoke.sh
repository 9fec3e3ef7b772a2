#!/usr/bin/env bash
# CI's fuzz smoke: every target under afl-fuzz for a short time-box (default 60 s each, FUZZ_SMOKE_SECONDS to change).
# Prints afl-fuzz's execs/s and coverage per target. Exit status: 0 no crash, 1 a target crashed (the crashing input's
# path and the broken invariant are printed) or afl-fuzz could not run.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SMOKE_SECONDS:-60}"
status=0
started=$SECONDS
FUZZ_NO_PUBLISH=0 bash fuzz/run.sh scenario "$seconds" || status=1   # the first run publishes and instruments
for target in table messages serve; do
  FUZZ_NO_PUBLISH=1 bash fuzz/run.sh "$target" "$seconds" || status=1
done
echo "fuzz smoke: $((SECONDS - started)) s, $([ "$status" -eq 0 ] && echo "no crash" || echo "FAILED: see the crashing inputs above")"
exit "$status"
