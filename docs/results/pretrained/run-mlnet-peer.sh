#!/usr/bin/env bash
# ML.NET's own transfer path on the study's labelled images (docs/results/pretrained.md): samples/MlNetPeer draws the
# same class-balanced splits as the study's runs (40 and 250 labels, seeds 1 and 2) and writes
# docs/results/pretrained/mlnet/peer.csv, with its log and the load averages in peer.log.
set -euo pipefail
cd "$(dirname "$0")/../../.."
dotnet build samples/MlNetPeer -c Release -v q -nologo
log=docs/results/pretrained/mlnet/peer.log
mkdir -p "$(dirname "$log")"
echo "start $(date -u +%Y-%m-%dT%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg)" > "$log"
OMP_NUM_THREADS=1 dotnet samples/MlNetPeer/bin/Release/net10.0/MlNetPeer.dll /usr/share/datasets/fashion-mnist docs/results/pretrained/mlnet/peer.csv 250:1 40:1 250:2 40:2 >> "$log" 2>&1
echo "end $(date -u +%Y-%m-%dT%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$log"
