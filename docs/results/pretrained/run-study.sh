#!/usr/bin/env bash
# The pretrained study (docs/results/pretrained.md): the ImageNet ResNet-18 fine-tuned on the full Fashion-MNIST at
# 40 and 250 labels, two seeds, the same budget for every row (configs/). Runs like the label-efficiency study
# (resumable, one run per core at one thread, load averages recorded): see ../label-efficiency/run-study.sh.
# Usage: [STUDY_WORKERS=N] docs/results/pretrained/run-study.sh [PATTERN]
set -euo pipefail
cd "$(dirname "$0")/../../.."
STUDY_DIR=docs/results/pretrained exec docs/results/label-efficiency/run-study.sh "$@"
