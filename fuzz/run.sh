#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with SharpFuzz + afl-fuzz (see fuzz/README.md).
#
#   fuzz/run.sh TARGET SECONDS      TARGET: scenario | table | messages | serve
#
# Publishes fuzz/DmIo.Fuzz.Runner to fuzz/out/bin (a copy of its own: the build the tests use is never touched),
# instruments the product assemblies there with `dotnet sharpfuzz`, runs afl-fuzz on fuzz/corpus/TARGET for
# SECONDS, prints afl-fuzz's numbers, copies crashes to fuzz/out/crashes/TARGET and replays each one to name the
# broken invariant. Exit status: 0 no crash, 1 crashes found, 2 bad usage or a broken setup.
#   FUZZ_NO_PUBLISH=1   reuse fuzz/out/bin as it is (fuzz/smoke.sh publishes once for all targets)
#   FUZZ_TIMEOUT_MS=N   afl-fuzz's per-input time limit (default 5000; a slower input counts as a hang)
set -euo pipefail
cd "$(dirname "$0")/.."

targets="scenario table messages serve"
target="${1:-}"
seconds="${2:-}"
if [[ -z "$target" || -z "$seconds" || ! " $targets " =~ " $target " || ! "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh TARGET SECONDS   (TARGET: ${targets// / | })" >&2
  exit 2
fi

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is not installed (apt-get install -y afl++)" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

out="$(pwd)/fuzz/out"
bin="$out/bin"
mkdir -p "$out"
# One run at a time: a second one would republish the binaries and share afl-fuzz's output folder under the first.
exec 9>"$out/.lock"
flock -n 9 || { echo "fuzz: another fuzz/run.sh is running (fuzz/out/.lock)" >&2; exit 2; }
# The product assemblies afl-fuzz gets coverage from; the runner, the harness and the runtime stay uninstrumented.
instrumented="DmIo.dll DmIo.VirtualDevices.dll DmIo.FaultInjection.dll DmIo.Clients.dll DmIo.Simulation.dll dmio-sim.dll"

if [[ "${FUZZ_NO_PUBLISH:-0}" != 1 || ! -x "$bin/dmio-fuzz" || ! -x "$out/plain/dmio-fuzz" ]]; then
  echo "fuzz: publishing and instrumenting into $bin"
  rm -rf "$bin"   # a fresh copy each time: sharpfuzz must not see an assembly it has already instrumented
  # Children get the lock's descriptor closed (9>&-): MSBuild and build-server processes outlive the publish for
  # minutes, and holding it they made the next target's run find the lock taken.
  dotnet tool restore >/dev/null 9>&-
  dotnet publish fuzz/DmIo.Fuzz.Runner/DmIo.Fuzz.Runner.csproj -c Release -o "$bin" --nologo -v quiet >/dev/null 9>&-
  # An uninstrumented copy replays crashes: instrumented code run outside afl-fuzz's fork server has no coverage map to write to.
  rm -rf "$out/plain"
  cp -r "$bin" "$out/plain"
  for dll in $instrumented; do
    dotnet sharpfuzz "$bin/$dll" >/dev/null 9>&-
  done
fi

findings="$out/findings/$target"
crashes="$out/crashes/$target"
rm -rf "$findings" "$crashes"
mkdir -p "$findings" "$crashes"

# afl-fuzz in a container: the runner is a managed app (no afl-cc instrumentation to check), the CPU governor and
# the core-dump handler belong to the host, other jobs share the cores, and nobody watches a status screen.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export AFL_NO_AFFINITY=1 AFL_IGNORE_UNKNOWN_ENVS=1 AFL_NO_CRASH_README=1 AFL_FAST_CAL=1
export AFL_FORKSRV_INIT_TMOUT=60000   # the .NET runtime starts and JIT-compiles before the fork server answers
timeout_ms="${FUZZ_TIMEOUT_MS:-5000}"

echo "fuzz: $target for ${seconds}s (corpus fuzz/corpus/$target, $(ls fuzz/corpus/$target | wc -l) files; findings $findings)"
status=0
# -V stops afl-fuzz after SECONDS; the outer timeout only guards against a fuzzer that never starts or never stops.
timeout --kill-after=30 $((seconds + 180)) \
  afl-fuzz -i "fuzz/corpus/$target" -o "$findings" -t "$timeout_ms" -m none -x "fuzz/dict/$target.dict" -V "$seconds" -- "$bin/dmio-fuzz" "$target" \
  >"$out/afl-$target.log" 2>&1 9>&- || status=$?

stats="$findings/default/fuzzer_stats"
if [[ ! -f "$stats" ]]; then
  echo "fuzz: afl-fuzz did not start for $target (exit $status); last lines of $out/afl-$target.log:" >&2
  tail -n 15 "$out/afl-$target.log" >&2
  exit 2
fi

if [[ $status -ne 0 ]]; then
  echo "fuzz: afl-fuzz stopped with exit $status for $target; last lines of $out/afl-$target.log:" >&2
  tail -n 8 "$out/afl-$target.log" >&2
  exit 2
fi

stat() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "fuzz: $target: execs_done $(stat execs_done), execs_per_sec $(stat execs_per_sec), corpus_count $(stat corpus_count), bitmap_cvg $(stat bitmap_cvg), saved_crashes $(stat saved_crashes), saved_hangs $(stat saved_hangs), run_time $(stat run_time)s"

shopt -s nullglob
found=("$findings"/default/crashes/id:*)
for file in "${found[@]}"; do
  cp "$file" "$crashes/"
done
# afl-fuzz 4.04c skips a seed that crashes (with a warning) instead of stopping: those count as crashes too.
seeds=$(sed -n "s/.*Test case '\([^']*\)' results in a crash.*/\1/p" "$out/afl-$target.log" | sed 's/^id:[0-9]*,time:[0-9]*,execs:[0-9]*,orig://' | sort -u)
for seed in $seeds; do
  cp "fuzz/corpus/$target/$seed" "$crashes/seed:$seed"
done
hangs=("$findings"/default/hangs/id:*)
if [[ ${#hangs[@]} -gt 0 ]]; then
  mkdir -p "$out/hangs/$target"
  cp "${hangs[@]}" "$out/hangs/$target/"
  echo "fuzz: $target: ${#hangs[@]} input(s) took over ${timeout_ms} ms, copied to $out/hangs/$target (not failures)"
fi

copied=("$crashes"/*)
if [[ ${#copied[@]} -eq 0 ]]; then
  echo "fuzz: $target: no crash"
  exit 0
fi

echo "fuzz: $target: ${#copied[@]} crashing input(s) (seeds that crash: $(wc -w <<<"$seeds")), copied to $crashes; the first 10 replayed:"
for file in "${copied[@]:0:10}"; do
  "$out/plain/dmio-fuzz" "$target" --replay "$file" 2>&1 9>&- | head -n 1 | cut -c 1-400 | sed 's/^/  /' || true
done
exit 1
