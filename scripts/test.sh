#!/usr/bin/env bash
# Runs every test: sets up what is missing, builds with warnings as errors, checks formatting, runs all test projects and
# the GPU flavour's checks (scripts/check-gpu-flavour.sh), and prints one summary line ("N passed, N failed, N skipped").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SETUP_BUILD_ARGS="-p:TreatWarningsAsErrors=true" "$REPO_ROOT/scripts/setup.sh" Release
cd "$REPO_ROOT"

# The dependency cache may sit inside the clone (MODELSERVING_CACHE): what is fetched there is not ours to format.
cache_rel="$(realpath -m --relative-to="$REPO_ROOT" "$MODELSERVING_CACHE")"
log "checking formatting (dotnet format --verify-no-changes)"
dotnet format ModelServing.sln --verify-no-changes --no-restore --exclude "$cache_rel" >&2 \
  || die "formatting differs: run scripts/format.sh"

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build --nologo --logger trx --results-directory "$results/$name" || status=$?
done

# The GPU flavour (Microsoft.ML.OnnxRuntime.Gpu.Linux) builds, falls back to the CPU with one clear line, and answers as
# the CPU build does: its checks count with the tests.
gpu_checks="$results/gpu-flavour.txt"
SETUP_BUILD_ARGS="-p:TreatWarningsAsErrors=true" bash "$REPO_ROOT/scripts/check-gpu-flavour.sh" | tee "$gpu_checks" || status=1

passed=0; failed=0; skipped=0
gpu_summary="$(grep -E '^gpu-flavour: [0-9]+ passed, [0-9]+ failed$' "$gpu_checks" || true)"
if [ -n "$gpu_summary" ]; then
  passed=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$gpu_summary")
  failed=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$gpu_summary")
else
  failed=1
fi
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then die "no test ran"; fi
exit "$status"
