#!/usr/bin/env bash
# Measures image preprocessing in process and appends the figures to docs/benchmarks.md: decode + resize + normalize
# straight into the tensor for a 640x480 and a 1920x1080 photo-like JPEG, to 224x224 and to 48x192, against a full-size
# tjDecompress2 decode, with MP/s per core, images/s and managed allocations per image (BenchmarkDotNet, MemoryDiagnoser).
# Targets (issue 3): full-size decode >= 100 MP/s per core; 1920x1080 -> 224x224 <= 8 ms; 0 B allocated per image.
# Usage: scripts/bench-imaging.sh [job]   (BenchmarkDotNet job, default "short"; "default" for tighter intervals)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
job="${1:-short}"
"$REPO_ROOT/scripts/setup.sh" Release
cd "$REPO_ROOT"

artifacts="$MODELSERVING_CACHE/bench-artifacts-imaging"
rm -rf "$artifacts"
log "running the imaging benchmarks (BenchmarkDotNet, $job job; a few minutes)"
dotnet run -c Release --project tests/ModelServing.Benchmarks -- --filter '*Imaging*' --job "$job" --exporters markdown \
  --artifacts "$artifacts" >/dev/null
report="$(cat "$artifacts"/results/*Imaging*-report-github.md | sed -n '/^| Method/,$p' | sed "s/&#39;/'/g")"
[ -n "$report" ] || die "BenchmarkDotNet wrote no report under $artifacts/results"

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
{
  echo
  echo "## Image preprocessing in process ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD))"
  echo "Machine: $(nproc) cores, ${cpu}, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`scripts/bench-imaging.sh $job\`. One thread; MP/s counts the source image's pixels."
  echo
  echo "$report"
} | tee -a docs/benchmarks.md
