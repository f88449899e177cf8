#!/usr/bin/env bash
# Runs every test: sets up what is missing, builds with warnings as errors, checks formatting, runs all test projects,
# and prints one summary line ("N passed, N failed, N skipped").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SETUP_BUILD_ARGS="-p:TreatWarningsAsErrors=true" "$REPO_ROOT/scripts/setup.sh" Release
cd "$REPO_ROOT"

# The ONNX Runtime sources compiled from the cache are not ours to format.
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

passed=0; failed=0; skipped=0
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
