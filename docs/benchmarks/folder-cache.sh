#!/usr/bin/env bash
# The folder-cache measurement (docs/benchmarks/folder-cache.md): a 100 000-image unlabeled/ folder at 128 px, trained
# with the on-disk image cache (built, then reused) and in memory; peak resident memory and wall time of each run.
# Usage: docs/benchmarks/folder-cache.sh [WORK_DIR, default /tmp/metasemi-folder-cache] [unlabelled count, default 100000]
# Needs Debian's dataset-fashion-mnist, GNU time (apt-get install time) and about 6 GB of disk for the cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/metasemi-folder-cache}
count=${2:-100000}
dotnet build samples/MetaSemi.Cli -c Release -v q -nologo
dotnet build MetaSemi.Benchmarks -c Release -v q -nologo
[ -d "$work/folder/unlabeled" ] || dotnet MetaSemi.Benchmarks/bin/Release/net10.0/MetaSemi.Benchmarks.dll large-folder "$work/folder" "$count"
rm -rf "$work/cache"
run() { # name cache-mode
  rm -rf "$work/run-$1"
  echo "== $1 (--image-cache $2), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -v dotnet samples/MetaSemi.Cli/bin/Release/net10.0/metasemi.dll train --dataset folders --data-path "$work/folder" \
    --image-size 128 --channels 3 --image-cache "$2" --cache-dir "$work/cache" --pretrained imagenet --algorithm flexmatch \
    --batch-size 16 --unlabeled-ratio 2 --total-steps 5 --test-freq 5 --print-freq 1 --lr 0.003 --warmup 0 \
    --save-path "$work/run-$1" > "$work/$1.log" 2>&1
  grep -E "Image cache|step 1/5|Maximum resident|Elapsed \(wall" "$work/$1.log"
  echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
run cache-build on
run cache-reuse on
run in-memory off
