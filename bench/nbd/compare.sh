#!/usr/bin/env bash
# Quick comparison of `dmio-sim nbd` with `nbdkit memory`, without BenchmarkDotNet: nbdcopy of a 256 MiB random
# image into each server (IN) and back out to null: (OUT), each server on its own Unix socket, started with --run so
# the timing covers only the copies (inside the --run command), not the servers' start-up.
#
#   bench/nbd/compare.sh [ROUNDS]        # default 3 rounds; prints seconds per copy and the ratio
#
# Needs nbdkit and nbdcopy on PATH and dmio-sim built (nice -n 19 dotnet build src/Cli -c Release), or DMIO_SIM set
# to its path. Ratio = nbdkit seconds / dmio-sim seconds: 1.0 or more means dmio-sim is at least as fast.
set -euo pipefail

rounds=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
dmio=${DMIO_SIM:-$root/src/Cli/bin/Release/net10.0/dmio-sim}
for tool in nbdkit nbdcopy; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is not on PATH" >&2; exit 2; }
done
[[ -x $dmio ]] || { echo "compare.sh: $dmio is not built (nice -n 19 dotnet build src/Cli -c Release)" >&2; exit 2; }

work=$(mktemp -d /tmp/dmio-nbd-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
head -c $((256 << 20)) /dev/urandom > "$work/image"
cat > "$work/memory.json" <<'JSON'
{ "format": 1, "name": "nbd-compare-memory", "seed": 1,
  "devices": [ { "name": "d0", "backend": "memory", "sectors": 524288 } ], "steps": [] }
JSON

# The command each server runs: copy in, copy out, write "IN OUT" seconds to $TIMES.
copies='set -e; t0=$(date +%s.%N); nbdcopy "$IMAGE" "$uri"; t1=$(date +%s.%N); nbdcopy "$uri" null:; t2=$(date +%s.%N);
        echo "$t0 $t1 $t2" | awk "{ printf \"%.3f %.3f\n\", \$2 - \$1, \$3 - \$2 }" > "$TIMES"'
export IMAGE=$work/image TIMES=$work/times

printf '%-6s %10s %10s %8s   %10s %10s %8s\n' round "nbdkit IN" "ours IN" ratio "nbdkit OUT" "ours OUT" ratio
for round in $(seq 1 "$rounds"); do
  rm -f "$TIMES"; nbdkit -U - memory 256M --run "$copies" >/dev/null
  read -r kin kout < "$TIMES"
  rm -f "$TIMES" "$work/sock"
  "$dmio" nbd "$work/memory.json" --export a=d0 --unix "$work/sock" --run "$copies" </dev/null >/dev/null 2>&1
  read -r oin oout < "$TIMES"
  printf '%-6s %10s %10s %8s   %10s %10s %8s\n' "$round" "$kin" "$oin" "$(echo "$kin $oin" | awk '{ printf "%.2fx", $1 / $2 }')" \
    "$kout" "$oout" "$(echo "$kout $oout" | awk '{ printf "%.2fx", $1 / $2 }')"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
