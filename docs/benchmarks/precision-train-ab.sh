#!/bin/bash
# docs/precision.md: interleaved end-to-end timings: metasemi train on the shipped subset, 200 steps, one thread on core 1.
cd "$(dirname "$0")/../.."
out=${1:-/tmp/precision-ab}
mkdir -p "$out"
cli=samples/MetaSemi.Cli/bin/Release/net10.0/metasemi.dll
for round in 1 2; do
  for malloc in default tuned; do
    for p in fp32 bf16; do
      rm -rf $out/$p-$malloc-$round
      env=""
      [ $malloc = tuned ] && env="MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824"
      load=$(cut -d' ' -f1 /proc/loadavg)
      start=$(date +%s.%N)
      env $env taskset -c 1 dotnet $cli train --dataset fashion-mnist --data-path samples/data/fashion-mnist-small --total-steps 200 --test-freq 200 --print-freq 100 --threads 1 --precision $p --save-path $out/$p-$malloc-$round > $out/$p-$malloc-$round.log 2>&1
      end=$(date +%s.%N)
      echo "round $round malloc $malloc $p: $(echo "$end - $start" | bc) s, load at start $load, end $(cut -d' ' -f1 /proc/loadavg); $(grep -o 'test accuracy [0-9.]* %' $out/$p-$malloc-$round.log | tail -1)"
    done
  done
done
