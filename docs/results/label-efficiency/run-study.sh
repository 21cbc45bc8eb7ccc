#!/usr/bin/env bash
# The label-efficiency study (docs/results/label-efficiency.md): runs every config in configs/ (in name order),
# STUDY_WORKERS at a time (default 2), each on its own core with one libtorch thread.
#
# Usage: [STUDY_WORKERS=N] [STUDY_FIRST_CORE=C] docs/results/label-efficiency/run-study.sh [PATTERN]
#   PATTERN: only the configs whose file name contains it (e.g. 250- or fixmatch); default every config.
#
# Resumable: a run whose folder has `done` is skipped; an unfinished one (stopped, killed, machine gone)
# continues from its checkpoint with --resume. Two invocations can share the run list: each run is claimed
# with flock, so a run in progress elsewhere is skipped. Run folders go to runs/label-efficiency/ (STUDY_OUT);
# each finished run's metrics.csv, options.json, args.json, log.txt and load.txt (not its checkpoints) are
# copied to docs/results/label-efficiency/runs/<name>/ to be committed. Then:
#   dotnet samples/MetaSemi.Cli/bin/Release/net10.0/metasemi.dll compare docs/results/label-efficiency/runs/*
# Needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist).
# STUDY_DIR runs another study's configs/ the same way (docs/results/pretrained/run-study.sh sets it).
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=${STUDY_DIR:-docs/results/label-efficiency}
out=${STUDY_OUT:-runs/$(basename "$here")}
workers=${STUDY_WORKERS:-2}
first_core=${STUDY_FIRST_CORE:-0}   # worker w runs on core (first_core + w) mod the number of cores
pattern=${1:-}
cores=$(nproc)

dotnet build samples/MetaSemi.Cli -c Release -v q -nologo
mkdir -p "$out/.claims"
# A private copy of the CLI: rebuilding the repository while the study runs does not change what runs.
bin=$(mktemp -d "$out/.cli.XXXXXX")
trap 'rm -rf "$bin"' EXIT
cp -r samples/MetaSemi.Cli/bin/Release/net10.0/. "$bin"

stamp() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg)"; }

run_one() { # config core
  local config=$1 core=$2 name dir start rc sampler
  name=$(basename "$config" .json); name=${name#[0-9][0-9]-}
  dir=$out/$name
  mkdir -p "$dir"
  local resume=()
  if [ -f "$dir/checkpoint" ]; then resume=(--resume "$dir/checkpoint"); fi
  echo "== $name on core $core ${resume[*]}"
  echo "start $(stamp)${resume:+ (resume)}" >> "$dir/load.txt"
  # The load average once a minute while the run trains.
  ( while sleep 60; do echo "during $(stamp)" >> "$dir/load.txt"; done ) &
  sampler=$!
  start=$SECONDS
  set +e
  OMP_NUM_THREADS=1 taskset -c "$core" dotnet "$bin/metasemi.dll" train --config "$config" --save-path "$dir" "${resume[@]}" >> "$dir/console.txt" 2>&1
  rc=$?
  set -e
  kill "$sampler" 2>/dev/null || true
  echo "end   $(stamp) exit $rc after $((SECONDS - start)) s" >> "$dir/load.txt"
  # Wall time counts every segment, also one that was stopped (its steps since the last checkpoint are redone).
  echo "$((SECONDS - start))" >> "$dir/segments"
  if [ "$rc" -ne 0 ]; then echo "!! $name stopped (exit $rc): see $dir/console.txt; run the script again to resume it"; return 1; fi
  awk '{ s += $1 } END { print s }' "$dir/segments" > "$dir/done"
  local keep=$here/runs/$name
  mkdir -p "$keep"
  cp "$dir/metrics.csv" "$dir/options.json" "$dir/args.json" "$dir/log.txt" "$dir/load.txt" "$dir/done" "$keep/"
  echo "== $name done in $(cat "$dir/done") s"
}

worker() { # core
  # The config list is read again after every run, so configs added while the study runs are picked up.
  local core=$1 config name fd ran=1 failed=" "
  while [ "$ran" -eq 1 ]; do
    ran=0
    for config in "$here"/configs/*.json; do
      name=$(basename "$config" .json); name=${name#[0-9][0-9]-}
      [[ -z "$pattern" || "$(basename "$config")" == *"$pattern"* ]] || continue
      [ -f "$out/$name/done" ] && continue
      [[ "$failed" == *" $name "* ]] && continue   # stopped in this invocation: left for the next one
      exec {fd}>"$out/.claims/$name"
      if flock -n "$fd"; then
        if [ ! -f "$out/$name/done" ]; then run_one "$config" "$core" || failed+="$name "; ran=1; fi
      fi
      exec {fd}>&-
      if [ "$ran" -eq 1 ]; then break; fi
    done
  done
}

for ((w = 0; w < workers; w++)); do
  worker $(((first_core + w) % cores)) &
done
wait
echo "study: every run matching '${pattern}' is done or claimed elsewhere; compare with: metasemi compare $here/runs/*"
