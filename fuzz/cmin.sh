#!/usr/bin/env bash
# Minimises fuzz/corpus/<target> in place with afl-cmin: keeps the fewest seeds that reach every branch tuple the whole
# set reaches. Needs the instrumented build of a previous fuzz/run.sh (fuzz/out/bin). Run after fuzz/make-corpus.py.
#   fuzz/cmin.sh [TARGET...]      (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x fuzz/out/bin/dmio-fuzz ]] || { echo "fuzz/out/bin is missing: run fuzz/run.sh TARGET 1 first" >&2; exit 2; }
export AFL_SKIP_BIN_CHECK=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_NO_AFFINITY=1
for target in "${@:-scenario table messages serve}"; do
  for t in $target; do
    rm -rf "fuzz/out/cmin/$t"
    mkdir -p fuzz/out/cmin
    afl-cmin -i "fuzz/corpus/$t" -o "fuzz/out/cmin/$t" -t 5000 -m none -- fuzz/out/bin/dmio-fuzz "$t" >"fuzz/out/cmin-$t.log" 2>&1
    before=$(ls "fuzz/corpus/$t" | wc -l)
    for seed in "fuzz/corpus/$t"/*; do
      [[ -e "fuzz/out/cmin/$t/$(basename "$seed")" ]] || rm "$seed"
    done
    echo "cmin: $t: $before -> $(ls "fuzz/corpus/$t" | wc -l) seeds"
  done
done
