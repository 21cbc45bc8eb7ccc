#!/usr/bin/env bash
# Issue 16: MetaSemi.NET's BenchmarkDotNet cases against the PyTorch peer, alternately, in one window.
# For each thread count, network and case it runs the peer (median of its steps) and then the one
# matching BenchmarkDotNet case (median of a short job), each under the same CPU pinning and
# OMP_NUM_THREADS, and prints one Markdown row: both medians, the ratio MetaSemi.NET / PyTorch and
# /proc/loadavg read just before each of the two measurements.
#
#   MetaSemi.Benchmarks/Peer/compare.sh                         # everything (1 thread on core 0, then 2 threads)
#   THREADS="1" NETWORKS="small-cnn" CASES="metasemi-fd-mixup" MetaSemi.Benchmarks/Peer/compare.sh
#   NO_BUILD=1 OUT=/tmp/compare.md MetaSemi.Benchmarks/Peer/compare.sh
#
# Knobs (environment): THREADS ("1 2"), NETWORKS ("small-cnn convlarge"), CASES ("eval-forward
# supervised-mixup metasemi-fd-mixup metasemi-exact-mixup conv3x3 batchnorm"; eval-forward is one eval-mode
# no-grad forward of the unlabelled batch; meta-fd and meta-exact, the meta step alone, can be added; conv3x3 and batchnorm are the library probes and run once per
# thread count), SMALL_ITERATIONS (10) / LARGE_ITERATIONS (3) measured steps per side, ROW_TIMEOUT (seconds
# per side and row, 600; a side that runs longer is printed as "timeout" and the run goes on), NO_BUILD
# (skip the Release build), OUT (also append the rows to this file), PYTHON (/usr/bin/python3, Debian's
# python3-torch).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
peer="$root/MetaSemi.Benchmarks/Peer/pytorch_peer.py"
dll="$root/MetaSemi.Benchmarks/bin/Release/net10.0/MetaSemi.Benchmarks.dll"
python=${PYTHON:-/usr/bin/python3}
threads_list=${THREADS:-"1 2"}
networks=${NETWORKS:-"small-cnn convlarge"}
cases=${CASES:-"eval-forward supervised-mixup metasemi-fd-mixup metasemi-exact-mixup conv3x3 batchnorm"}
small_iterations=${SMALL_ITERATIONS:-10}
large_iterations=${LARGE_ITERATIONS:-3}
out=${OUT:-/dev/null}
row_timeout=${ROW_TIMEOUT:-600}

if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "compare.sh: $python cannot import torch; install Debian's python3-torch (apt-get install python3-torch) or set PYTHON." >&2
  exit 2
fi

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build -c Release "$root/MetaSemi.Benchmarks/MetaSemi.Benchmarks.csproj" -v q -nologo >&2
fi

bdn_method() {
  case "$1" in
    eval-forward) echo "StepLeverBenchmarks.EvalForward_NoGrad" ;;
    meta-fd) echo "MetaStepBenchmarks.FiniteDifference" ;;
    meta-exact) echo "MetaStepBenchmarks.Exact" ;;
    supervised-mixup) echo "TrainingStepBenchmarks.Supervised_Mixup" ;;
    metasemi-fd-mixup) echo "TrainingStepBenchmarks.MetaSemi_FiniteDifference_Mixup" ;;
    metasemi-exact-mixup) echo "TrainingStepBenchmarks.MetaSemi_Exact_Mixup" ;;
    conv3x3) echo "PeerProbeBenchmarks.Convolution3x3" ;;
    batchnorm) echo "PeerProbeBenchmarks.BatchNorm2d" ;;
    *) echo "compare.sh: unknown case '$1'" >&2; exit 2 ;;
  esac
}

bdn_network() {
  case "$1" in
    small-cnn) echo "SmallCnn-1x28x28-b64" ;;
    convlarge) echo "ConvLarge-3x32x32-b32" ;;
    *) echo "compare.sh: unknown network '$1'" >&2; exit 2 ;;
  esac
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

header="| threads | network | case | MetaSemi.NET median ms | PyTorch median ms | ratio | load before peer | load before BDN |"
echo "// $(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-); peer $("$python" -c 'import torch; print("pytorch", torch.__version__)')" | tee -a "$out"
echo "$header" | tee -a "$out"
echo "|---|---|---|---|---|---|---|---|" | tee -a "$out"

for threads in $threads_list; do
  if [[ "$threads" == 1 ]]; then pin="0"; else pin="0-$((threads - 1))"; fi
  for c in $cases; do
    probe=0
    [[ "$c" == conv3x3 || "$c" == batchnorm ]] && probe=1
    for n in $networks; do
      if [[ $probe == 1 && "$n" != "$(echo "$networks" | awk '{print $1}')" ]]; then continue; fi
      iterations=$small_iterations
      [[ "$n" == convlarge && $probe == 0 ]] && iterations=$large_iterations
      peer_load=$(load)
      if peer_json=$(OMP_NUM_THREADS=$threads taskset -c "$pin" timeout "$row_timeout" "$python" "$peer" --threads "$threads" \
        --network "$n" --case "$c" --warmup 1 --steps "$iterations"); then
        peer_ms=$(echo "$peer_json" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["median_ms"])')
      else
        peer_ms=timeout
      fi

      artifacts=$(mktemp -d)
      bdn_load=$(load)
      bdn_rc=0
      OMP_NUM_THREADS=$threads METASEMI_BENCH_NETWORKS=$(bdn_network "$n") taskset -c "$pin" timeout "$row_timeout" \
        dotnet "$dll" --filter "MetaSemi.Benchmarks.$(bdn_method "$c")" --warmupCount 1 --iterationCount "$iterations" \
        --invocationCount 1 --unrollFactor 1 --launchCount 1 --exporters json --artifacts "$artifacts" > "$artifacts/log.txt" 2>&1 || bdn_rc=$?
      if [[ $bdn_rc == 124 ]]; then
        net_ms=timeout
      elif [[ $bdn_rc != 0 ]]; then
        echo "compare.sh: BenchmarkDotNet failed for $c $n ($threads threads); log: $artifacts/log.txt" >&2; exit 1
      else
      net_ms=$("$python" - "$artifacts" <<'EOF'
import glob, json, sys
files = glob.glob(sys.argv[1] + "/results/*.json")
benchmarks = [b for f in files for b in json.load(open(f))["Benchmarks"] if b.get("Statistics")]
if len(benchmarks) != 1:
    sys.exit("expected one measured benchmark, got %d in %s" % (len(benchmarks), files))
print(round(benchmarks[0]["Statistics"]["Median"] / 1e6, 2))
EOF
)
      fi
      if [[ $net_ms == timeout || $peer_ms == timeout ]]; then ratio="-"; else
        ratio="$("$python" -c "print(f'{$net_ms / $peer_ms:.2f}')")×"; fi
      label=$n
      [[ $probe == 1 ]] && label="-"
      echo "| $threads | $label | $c | $net_ms | $peer_ms | ${ratio} | $peer_load | $bdn_load |" | tee -a "$out"
      rm -rf "$artifacts"
    done
  done
done
echo "// end $(date -u '+%H:%M:%S UTC'), load $(load)" | tee -a "$out"
