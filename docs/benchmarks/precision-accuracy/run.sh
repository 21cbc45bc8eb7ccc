#!/usr/bin/env bash
# fp32 against bf16 at 40 labels, the label-efficiency study's recipe (docs/benchmarks/precision-accuracy.md): the
# study's configs with --precision bf16 (and one fp32 rerun, to show the committed fp32 runs are what this code does).
# Usage: [STUDY_WORKERS=N] [STUDY_FIRST_CORE=C] docs/benchmarks/precision-accuracy/run.sh [PATTERN]
set -euo pipefail
cd "$(dirname "$0")/../../.."
STUDY_DIR=docs/benchmarks/precision-accuracy STUDY_OUT=runs/precision-accuracy exec docs/results/label-efficiency/run-study.sh "$@"
