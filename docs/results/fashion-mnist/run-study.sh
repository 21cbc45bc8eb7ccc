#!/usr/bin/env bash
# Runs the training runs of the Fashion-MNIST study into runs/fashion-mnist/ (one folder per run).
# Usage: docs/results/fashion-mnist/run-study.sh [seed ...]      (default seeds: 1 2)
#   then: dotnet samples/MetaSemi.Cli/bin/Release/net10.0/metasemi.dll compare runs/fashion-mnist/...
# A run whose folder exists is skipped (finished, or running in another invocation: two
# invocations with different seeds can share a machine); delete the folder to run it again.
# Needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist).
set -euo pipefail
cd "$(dirname "$0")/../../.."
config=docs/results/fashion-mnist/study.json
out=${STUDY_OUT:-runs/fashion-mnist}
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(1 2)
dotnet build samples/MetaSemi.Cli -c Release -v q -nologo
cli="dotnet samples/MetaSemi.Cli/bin/Release/net10.0/metasemi.dll"
run() { # name, command...
  local name=$1; shift
  if [ -d "$out/$name" ]; then echo "skip $name ($out/$name exists)"; return; fi
  echo "== $name: $*"
  mkdir -p "$out/$name"
  local start=$SECONDS
  echo "start: $(uptime)" > "$out/$name/load.txt"
  "$@" --save-path "$out/$name"
  echo "end:   $(uptime)" >> "$out/$name/load.txt"
  echo "$((SECONDS - start))" > "$out/$name/done"
}
for seed in "${seeds[@]}"; do
  run baseline-seed$seed $cli train-baseline --config $config --seed "$seed"
  run finite-difference-seed$seed $cli train --config $config --meta-gradient finite-difference --seed "$seed"
  run none-seed$seed $cli train --config $config --meta-gradient none --seed "$seed"
  run exact-seed$seed $cli train --config $config --meta-gradient exact --seed "$seed"
done
# The ceiling: the same network, schedule and budget with all 60 000 training labels.
run all-labels-seed1 $cli train-baseline --config $config --num-label 60000 --seed 1
