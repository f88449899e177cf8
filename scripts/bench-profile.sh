#!/usr/bin/env bash
# Issue 18's measurement: what `modelserving-batch profile` recommends, against today's configs and the hand-tuned batching
# of docs/benchmarks.md, through the gateway, same machine, same run.
#
#   scripts/bench-profile.sh [quick] [--no-record]
#
# 1. Profiles under the gateway's runtime settings (server GC, tiered compilation, as scripts/profile.sh), each with the
#    default budget (PROFILE_BUDGET, 5m: the in-process search, then the gateway check of the finalists) and timed, on
#    scratch copies of models/ (models/ is left alone): text-orientation with 1 JPEG per request (target
#    ORIENTATION_P99, 50ms), text-orientation with 8 JPEGs per request (ORIENTATION8_P99, 100ms), text-detection with
#    one page (DETECTION_P99, 500ms; 5 s in-process windows, as a page takes about 75 ms) and loans with generated rows
#    (LOANS_P99, 5ms), each with --write and --concurrency set to the closed-loop points bench-serving.sh measures in
#    the same mode (`bench-serving.sh [quick] --print-points`: quick 1,8,32 and 1,2,4 for text-detection). Copy "one" gets
#    the 1-image text-orientation config, copy "eight" the 8-image one.
# 2. scripts/bench-serving.sh twice with BATCHING_MODES="profiled on keep" and ROUNDS (BENCH_ROUNDS, default 6, so each
#    mode runs first, second and last equally often) and DETECTION_SECONDS (default 8: about 100 pages per point at
#    concurrency 1): each round starts a fresh gateway per mode, all up at once, and measures every point mode after
#    mode (INTERLEAVE, on with rounds), the order of the modes rotated from round to round, and the report compares the
#    modes at each case's p99 target round by round (the medians over the rounds with their spread, and the paired
#    ratios). keep = today's configs (models/ as committed), on = the hand-tuned batching
#    (BATCH_MAX_SIZE 32, no delay, one execution per core), profiled = the recommendation. The first run serves copy
#    "one" (CASES text-orientation-1, text-detection, loans), the second copy "eight" (text-orientation-8). The
#    profiles' JSON reports, logs and the two repository copies stay under $MODELSERVING_CACHE/bench-profile/<time>/.
# quick: bench-serving.sh quick points (about 15 + 6 minutes for the two runs at 6 rounds); full: its full points (several
# times that). Profiles: about 4 x the budget. Each profile's JSON report holds its gateway check under .gatewayCheck.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_args=("$@")
budget="${PROFILE_BUDGET:-5m}"
mapfile -t points < <("$REPO_ROOT/scripts/bench-serving.sh" "${bench_args[@]}" --print-points)
concurrency="${points[0]// /,}" detection_concurrency="${points[1]// /,}"
[ -n "$concurrency" ] && [ -n "$detection_concurrency" ] || die "bench-serving.sh --print-points printed no concurrency points"
"$REPO_ROOT/scripts/setup.sh" Release
cd "$REPO_ROOT"
cli="$REPO_ROOT/src/ModelServing.BatchCli/bin/Release/net10.0/modelserving-batch.dll"
out="$MODELSERVING_CACHE/bench-profile/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
for copy in one eight; do rm -rf "${out:?}/$copy" && cp -r models "$out/$copy"; done

profile() {
  local name="$1" repository="$2" started
  shift 2
  log "profile $name (budget $budget)"
  started=$SECONDS
  DOTNET_gcServer=1 DOTNET_TieredCompilation=1 dotnet "$cli" profile --model-repository "$repository" --budget "$budget" --write --json "$@" >"$out/$name.json" 2>"$out/$name.log" \
    || die "profile $name failed: $(tail -n 3 "$out/$name.log")"
  log "profile $name: $((SECONDS - started)) s; recommended $(jq -c '.recommendation | {config, measuredThrough, currentConfigIsBest, gainRequired}' "$out/$name.json")"
}

profile text-orientation-1 "$out/one" --model text-orientation --samples samples/text-line.jpg,samples/text-line-180.jpg --target-p99 "${ORIENTATION_P99:-50ms}" --concurrency "$concurrency"
profile text-orientation-8 "$out/eight" --model text-orientation --samples samples/text-line.jpg,samples/text-line-180.jpg --items-per-request 8 --target-p99 "${ORIENTATION8_P99:-100ms}" --concurrency "$concurrency"
profile text-detection "$out/one" --model text-detection --samples samples/page.jpg --target-p99 "${DETECTION_P99:-500ms}" --trial-duration 5s --concurrency "$detection_concurrency"
profile loans "$out/one" --model loans --target-p99 "${LOANS_P99:-5ms}" --concurrency "$concurrency"
cp "$out/one/loans/config.json" "$out/eight/loans/config.json"
cp "$out/one/text-detection/config.json" "$out/eight/text-detection/config.json"

targets="text-orientation-1=${ORIENTATION_P99:-50ms} text-orientation-8=${ORIENTATION8_P99:-100ms} text-detection=${DETECTION_P99:-500ms} loans=${LOANS_P99:-5ms}"
targets="${targets//ms/}"
for copy in one eight; do
  cases="text-orientation-1 text-detection loans"
  [ "$copy" = eight ] && cases="text-orientation-8"
  log "bench-serving.sh with the recommendations of copy $copy: $cases, ${BENCH_ROUNDS:-6} rounds"
  BATCHING_MODES="profiled on keep" ROUNDS="${BENCH_ROUNDS:-6}" DETECTION_SECONDS="${DETECTION_SECONDS:-8}" CASES="$cases" P99_TARGETS="$targets" PROFILED_REPOSITORY="$out/$copy" \
    "$REPO_ROOT/scripts/bench-serving.sh" "${bench_args[@]}"
done
log "profiles and their reports: $out"
