#!/usr/bin/env bash
# The serving benchmark, in one command: the gateway against the in-process limit, with dynamic batching on and off.
#
#   scripts/bench-serving.sh [quick] [--no-record] [--print-points]
#
# What it does (everything on loopback, every load bounded in time; tools/ModelServing.LoadGen drives it all):
#   1. setup (Release) and request bodies from samples/: text-orientation with 1 and 8 base64 JPEGs per request, loans with
#      one JSON row, text-detection with one 800x600 page;
#   2. the in-process limits, with no gateway running: raw `Run` per batch size on ready model tensors, and for image models
#      the serving function from the JPEG bytes (decode, preprocess, run, postprocess) per batch size and number of callers
#      (the best is the limit), loaded with the gateway's own factory, config and session options; plus one request's whole
#      JSON path in process;
#   3. for batching on and off (scratch copies of the models with a `batching` section written into config.json): a gateway
#      serving them, a closed-loop concurrency sweep per case, an open-loop run at 70 % of the best closed-loop rate, and
#      (full mode, batching on) a steady 60 s run that counts the gateway's GCs and allocated bytes per request;
#   4. (full mode) the JSON codec benchmark (BenchmarkDotNet, short job);
#   5. a markdown section (tables per case, ratios gateway/limit and on/off, targets) printed and appended to
#      docs/benchmarks.md unless --no-record. The raw JSON lines are kept under $MODELSERVING_CACHE/bench-serving/.
# quick: 3 concurrencies, 2 s points, no steady run and no BenchmarkDotNet (about 4 minutes); full: about 14 minutes.
# --print-points prints the closed-loop concurrencies of the mode (a line for most cases, then one for text-detection) and
# exits: scripts/bench-profile.sh profiles at exactly those points.
# text-detection (a few hundred ms per page here) gets its own shorter sweep (1-16) of longer points (10 s; quick 1, 2 and 4, 4 s).
#
# Fairness on a small machine: the gateway runs unpinned on every core, as the in-process limit does (measured first, with
# nothing else running, so ONNX Runtime sizes its thread pool to every core in both); the load generator is pinned to one
# core (LOADGEN_CPUS, default the last core) so it can never take more than that core, and its CPU use is measured and
# reported next to the gateway's for every point. On 2 cores its share is what separates the gateway figure
# from the limit at high request rates (loans), and next to nothing for image models (a few hundred requests per second).
#
# Settings (environment):
#   BATCH_MAX_SIZE (32), BATCH_QUEUE_DELAY_US (0), BATCH_MAX_CONCURRENT (cores)  the batching section when on
#   BATCHING_MODES ("on off")   which gateway runs; "keep" serves the configs unchanged; "profiled" serves the configs of
#                               PROFILED_REPOSITORY unchanged (a copy of models/ after `modelserving-batch profile --write`)
#   LOADGEN_CPUS (last core)    taskset list for the load generator; empty for unpinned
#   LOADGEN_NICE (0)            nice level of the load generator
#   GATEWAY_CPUS (unset)        taskset list for the gateway; unset for every core
#   STEADY_SECONDS (quick 0, full 60)  length of the steady run (0 skips it)
#   DETECTION_CONCURRENCY (quick "1 2 4", full "1 2 4 8 16")  the closed-loop points of text-detection
#   DETECTION_SECONDS (quick 4, full 10)  the window of each text-detection point (a page takes about 75 ms: a 4 s window
#                               at concurrency 1 answers about 50 requests, whose p99 is their maximum)
#   JSON_BENCH (quick 0, full 1)       1 runs the JSON codec benchmark
#   ROUNDS (1)                  measure every mode this many times, a fresh gateway each time, the order of the modes rotated
#                               each round (A B C, B C A, C A B...); the report then gives each point's median over the rounds
#                               with its spread, and the comparison below pairs the modes round by round
#   CASES (all)                 the cases to measure, e.g. "text-orientation-8" (text-orientation-1, text-orientation-8, loans,
#                               text-detection)
#   P99_TARGETS (none)          "CASE=MS ...": compare the modes of each such case by their best items/s at a point whose p99 is
#                               within MS, per round (the table "Comparison at the p99 targets")
#   OPEN_LOOP (1; 0 when ROUNDS > 1)   1 runs the open-loop point of each case
#   INTERLEAVE (0; 1 when ROUNDS > 1)  1 starts every mode's gateway at once, fresh each round, and measures each point mode
#                               after mode (the order rotated each round), so the modes compared at a point are measured
#                               seconds apart rather than minutes: on a shared 2-core VM the machine's speed drifts by tens of
#                               percent over minutes (one request at a time ran at 300-610 requests/s within one run), and
#                               measuring a whole mode after another folds that drift into the comparison
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

mode=full
record=1
print_points=0
for arg in "$@"; do
  case "$arg" in
    quick) mode=quick ;;
    --no-record) record=0 ;;
    --print-points) print_points=1 ;;
    -h | --help) script_help "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument '$arg' (usage: scripts/bench-serving.sh [quick] [--no-record] [--print-points])" ;;
  esac
done

batch_max="${BATCH_MAX_SIZE:-32}"
queue_delay_us="${BATCH_QUEUE_DELAY_US:-0}"
batch_concurrent="${BATCH_MAX_CONCURRENT:-$(nproc)}"
batching_modes="${BATCHING_MODES:-on off}"
loadgen_cpus="${LOADGEN_CPUS-$(($(nproc) - 1))}"
loadgen_nice="${LOADGEN_NICE:-0}"
gateway_cpus="${GATEWAY_CPUS:-}"
if [ "$mode" = quick ]; then
  concurrencies="1 8 32"; duration=2; warmup=1; open_duration=3
  detection_concurrencies="1 2 4"; detection_duration=4
  inproc_duration=1; inproc_parallel="1,2"; steady_duration=0; json_bench=0
  loans_batches="1,8,64"; orientation_batches="1,8,32"; detection_batches="1,2"
else
  concurrencies="1 2 4 8 16 32 64"; duration=5; warmup=1; open_duration=10
  detection_concurrencies="1 2 4 8 16"; detection_duration=10
  inproc_duration=1.5; inproc_parallel="1,2,4"; steady_duration=60; json_bench=1
  loans_batches="1,8,64,256"; orientation_batches="1,2,4,8,16,32"; detection_batches="1,2,4"
fi
steady_duration="${STEADY_SECONDS:-$steady_duration}"
detection_duration="${DETECTION_SECONDS:-$detection_duration}"
detection_concurrencies="${DETECTION_CONCURRENCY:-$detection_concurrencies}"
[[ "$detection_concurrencies" =~ ^[1-9][0-9]*( [1-9][0-9]*)*$ ]] || die "DETECTION_CONCURRENCY must be concurrencies separated by spaces, not '$detection_concurrencies'"
[[ "$detection_duration" =~ ^[1-9][0-9]*$ ]] || die "DETECTION_SECONDS must be a positive integer, not '$detection_duration'"
json_bench="${JSON_BENCH:-$json_bench}"
rounds="${ROUNDS:-1}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$rounds'"
open_loop="${OPEN_LOOP:-$([ "$rounds" = 1 ] && echo 1 || echo 0)}"
interleave="${INTERLEAVE:-$([ "$rounds" = 1 ] && echo 0 || echo 1)}"
[[ "$interleave" =~ ^[01]$ ]] || die "INTERLEAVE must be 0 or 1, not '$interleave'"
p99_targets="${P99_TARGETS:-}"
if [ "$print_points" = 1 ]; then
  echo "$concurrencies"
  echo "$detection_concurrencies"
  exit 0
fi

"$REPO_ROOT/scripts/setup.sh" Release
ensure_debs jq curl util-linux
cd "$REPO_ROOT"
dotnet build tools/ModelServing.LoadGen -c Release -nologo -clp:ErrorsOnly -v:q >&2 || die "the load generator does not build"
loadgen_dll="$REPO_ROOT/tools/ModelServing.LoadGen/bin/Release/net10.0/ModelServing.LoadGen.dll"
gateway_dll="$REPO_ROOT/src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll"
[ -f samples/page.jpg ] && [ -f samples/text-line.jpg ] || die "samples/ is missing; scripts/setup.sh renders it"

work="$(mktemp -d)"
gateway_pid=""
stop_gateway() {
  if [ -n "$gateway_pid" ]; then
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
    gateway_pid=""
  fi
}
declare -A mode_pids=() mode_ports=() # INTERLEAVE=1: each mode's gateway of the current round
stop_gateways() {
  local batching
  for batching in "${!mode_pids[@]}"; do
    kill "${mode_pids[$batching]}" 2>/dev/null || true
    wait "${mode_pids[$batching]}" 2>/dev/null || true
  done
  mode_pids=() mode_ports=()
}
on_exit() {
  local status=$?
  stop_gateway
  stop_gateways
  if [ "$status" -ne 0 ]; then
    for f in "$work"/gateway-*.log; do [ -f "$f" ] && { log "tail of $(basename "$f"):"; tail -n 20 "$f" >&2; }; done
  fi
  rm -rf "$work"
}
trap on_exit EXIT

loadgen() {
  local pin=()
  [ -n "$loadgen_cpus" ] && pin=(taskset -c "$loadgen_cpus")
  "${pin[@]}" nice -n "$loadgen_nice" dotnet "$loadgen_dll" "$@"
}

# Request bodies.
b64_line="$(base64 -w0 samples/text-line.jpg)"
b64_page="$(base64 -w0 samples/page.jpg)"
printf '%s' '{"instances":[{"income":2000,"credit_cards":2,"age":45}]}' >"$work/loans.json"
printf '{"instances":[{"b64":"%s"}]}' "$b64_line" >"$work/orientation-1.json"
{ printf '{"instances":['; for i in 1 2 3 4 5 6 7 8; do [ "$i" -gt 1 ] && printf ','; printf '{"b64":"%s"}' "$b64_line"; done; printf ']}'; } >"$work/orientation-8.json"
printf '{"instances":[{"b64":"%s"}]}' "$b64_page" >"$work/detection-1.json"

# case | model | body | title
cases=(
  "text-orientation-1|text-orientation|orientation-1.json|text-orientation, 1 JPEG (480x64) per request"
  "text-orientation-8|text-orientation|orientation-8.json|text-orientation, 8 JPEGs per request"
  "loans|loans|loans.json|loans, 1 JSON row per request"
  "text-detection|text-detection|detection-1.json|text-detection, 1 page (800x600 JPEG) per request"
)
if [ -n "${CASES:-}" ]; then
  selected=()
  for name in $CASES; do
    found=""
    for entry in "${cases[@]}"; do [ "${entry%%|*}" = "$name" ] && found="$entry"; done
    [ -n "$found" ] || die "CASES: unknown case '$name' (text-orientation-1, text-orientation-8, loans, text-detection)"
    selected+=("$found")
  done
  cases=("${selected[@]}")
fi
models="$(for entry in "${cases[@]}"; do IFS='|' read -r _ model _ <<<"$entry"; echo "$model"; done | sort -u | paste -sd,)"
target_args=()
for target in $p99_targets; do
  [[ "$target" =~ ^[a-z0-9-]+=[0-9.]+$ ]] || die "P99_TARGETS: '$target' is not CASE=MS"
  target_args+=(--p99-target "$target")
done
results="$work/results.jsonl"
: >"$results"

note() { # note CASE BATCHING TEXT: a line the report prints under the case
  jq -nc --arg c "$1" --arg b "$2" --arg t "$3" \
    '{mode: "note", labels: ({batching: $b} + (if $c == "" then {} else {case: $c} end)), text: $t}' >>"$results"
}

started_at=$(date +%s)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

log "in-process limits (no gateway running)"
inprocess() { # inprocess MODEL BODY BATCHES PARALLEL: unpinned, on every core, as the gateway runs
  dotnet "$loadgen_dll" inprocess --model-dir "models/$1" --body "$work/$2" --batch-sizes "$3" --parallel "$4" \
    --duration "$inproc_duration" --json --label "model=$1" >>"$results" 2>"$work/inprocess-$1.log" \
    || { tail -3 "$work/inprocess-$1.log" >&2; note "" "-" "in-process limit of $1 not measured: $(tail -1 "$work/inprocess-$1.log")"; }
  grep -v '^#' "$work/inprocess-$1.log" >&2 || true
}
[[ ",$models," == *,loans,* ]] && inprocess loans loans.json "$loans_batches" 1
[[ ",$models," == *,text-orientation,* ]] && inprocess text-orientation orientation-1.json "$orientation_batches" "$inproc_parallel"
[[ ",$models," == *,text-detection,* ]] && inprocess text-detection detection-1.json "$detection_batches" "$inproc_parallel"


start_gateway() { # start_gateway REPOSITORY LOG: starts it and waits until every model is AVAILABLE or failed
  port="$(free_port)"
  local pin=()
  [ -n "$gateway_cpus" ] && pin=(taskset -c "$gateway_cpus")
  "${pin[@]}" dotnet "$gateway_dll" --model-repository "$1" --urls "http://127.0.0.1:$port" --grpc-port 0 \
    --Logging:LogLevel:Default Warning >"$2" 2>&1 &
  gateway_pid=$!
  local deadline=$((SECONDS + 180)) model pending
  while :; do
    kill -0 "$gateway_pid" 2>/dev/null || { tail -20 "$2" >&2; die "the gateway exited"; }
    pending=0
    for model in ${models//,/ }; do
      case "$(model_state "$model")" in AVAILABLE | END | ERROR) ;; *) pending=1 ;; esac
    done
    [ "$pending" = 0 ] && break
    [ "$SECONDS" -lt "$deadline" ] || die "models not loaded after 180 s"
    sleep 0.2
  done
}
model_state() {
  curl -s "http://127.0.0.1:$port/v1/models/$1" 2>/dev/null \
    | jq -r 'if .error then "ERROR" else (.model_version_status[0].state // "") end' 2>/dev/null || true
}
model_error() {
  curl -s "http://127.0.0.1:$port/v1/models/$1" | jq -r '.error // .model_version_status[0].status.error_message'
}

closed() { # closed CASE MODEL BODY TITLE BATCHING KIND CONCURRENCY DURATION
  loadgen closed --url "http://127.0.0.1:$port/v1/models/$2:predict" --body "$work/$3" -c "$7" --duration "$8" \
    --warmup "$warmup" --server-pid "$gateway_pid" --json --label "case=$1" --label "model=$2" --label "title=$4" \
    --label "batching=$5" --label "kind=$6" --label "round=$round" >>"$results"
}

case_points() { # case_points MODEL: sets points and seconds, the closed-loop concurrencies and window of that model's case
  points="$concurrencies" seconds="$duration"
  # A page takes the detector a few hundred ms: fewer, longer points, so each holds enough answers.
  if [ "$1" = text-detection ]; then points="$detection_concurrencies" seconds="$detection_duration"; fi
}

warm_case() { # warm_case MODEL BODY: 2 s at concurrency 4, not recorded
  loadgen closed --url "http://127.0.0.1:$port/v1/models/$1:predict" --body "$work/$2" -c 4 --duration 2 --warmup 0 >/dev/null
}

open_point() { # open_point CASE MODEL BODY TITLE BATCHING: open loop at 70 % of the round's best closed-loop rate of that mode
  local best rate seconds="$open_duration"
  best="$(jq -s --arg c "$1" --arg b "$5" --arg r "$round" \
    '[.[] | select(.mode == "closed" and .labels.case == $c and .labels.batching == $b and .labels.round == $r) | .requestsPerSecond] | max // 0' "$results")"
  rate="$(awk -v b="$best" 'BEGIN { r = 0.7 * b; printf "%.1f", (r < 1 ? 1 : r) }')"
  [ "$2" = text-detection ] && seconds="$detection_duration"
  loadgen open --url "http://127.0.0.1:$port/v1/models/$2:predict" --body "$work/$3" --rate "$rate" --duration "$seconds" --warmup 1 --timeout 10 \
    --server-pid "$gateway_pid" --json --label "case=$1" --label "model=$2" --label "title=$4" --label "batching=$5" \
    --label kind=open --label "round=$round" >>"$results"
}

run_case() { # run_case CASE MODEL BODY TITLE BATCHING: warm-up, closed-loop sweep, open loop at 70 % of the best rate
  local c points seconds
  case_points "$2"
  warm_case "$2" "$3"
  for c in $points; do
    closed "$1" "$2" "$3" "$4" "$5" sweep "$c" "$seconds"
  done
  [ "$open_loop" = 1 ] || return 0
  open_point "$@"
}

read -r -a mode_list <<<"$batching_modes"
for batching in "${mode_list[@]}"; do
  source_repo=models repo_batching="$batching"
  if [ "$batching" = profiled ]; then
    source_repo="${PROFILED_REPOSITORY:?BATCHING_MODES has profiled: set PROFILED_REPOSITORY}" repo_batching=keep
  fi
  loadgen repo --source "$source_repo" --dest "$work/repo-$batching" --models "$models" --batching "$repo_batching" --max-batch-size "$batch_max" \
    --queue-delay-us "$queue_delay_us" --max-concurrent-executions "$batch_concurrent"
done

measure_mode() { # measure_mode BATCHING STEADY: a fresh gateway serving the copy of that mode, every case (and the steady run if STEADY is 1)
  local batching="$1" repo="$work/repo-$1" steady="$2" entry case_name model body title attempt lines
  log "gateway with batching $batching$([ "$rounds" -gt 1 ] && echo " (round $round of $rounds)")"
  for entry in "${cases[@]}" "steady"; do
    IFS='|' read -r case_name model body title <<<"$entry"
    if [ "$case_name" = steady ]; then
      [ "$steady_duration" -gt 0 ] && [ "$steady" = 1 ] || continue
      IFS='|' read -r case_name model body title <<<"${cases[0]}"
    fi
    for attempt in 1 2; do
      if [ -z "$gateway_pid" ] || ! kill -0 "$gateway_pid" 2>/dev/null; then
        start_gateway "$repo" "$work/gateway-$batching.log"
      fi
      if [ "$(model_state "$model")" != AVAILABLE ]; then
        note "$case_name" "$batching" "$model did not load with batching $batching: $(model_error "$model")"
        log "skipping $case_name: $model is not AVAILABLE"
        break
      fi
      lines=$(wc -l <"$results")
      if [ "$entry" = steady ]; then
        log "steady ${steady_duration} s run (GCs, allocated bytes per request)"
        closed "$case_name" "$model" "$body" "$title" "$batching" steady 32 "$steady_duration"
      else
        run_case "$case_name" "$model" "$body" "$title" "$batching"
      fi
      kill -0 "$gateway_pid" 2>/dev/null && break
      # Something else stopped the gateway mid-case (on a shared machine, another session's clean-up): measure again.
      log "the gateway exited during $case_name: $(tail -n 1 "$work/gateway-$batching.log")"
      wait "$gateway_pid" 2>/dev/null || true
      gateway_pid=""
      if [ "$attempt" = 1 ]; then
        head -n "$lines" "$results" >"$work/results.tmp" && mv "$work/results.tmp" "$results"
      else
        note "$case_name" "$batching" "the gateway exited during this case twice; its figures are partial"
      fi
    done
  done
  stop_gateway
}

use_mode() { # use_mode BATCHING: the next requests go to that mode's gateway of this round (INTERLEAVE=1)
  gateway_pid="${mode_pids[$1]}" port="${mode_ports[$1]}"
}

start_mode() { # start_mode BATCHING: a fresh gateway for that mode in this round (INTERLEAVE=1)
  gateway_pid=""
  start_gateway "$work/repo-$1" "$work/gateway-$1.log"
  mode_pids[$1]="$gateway_pid" mode_ports[$1]="$port"
}

interleaved_point() { # interleaved_point BATCHING CASE MODEL BODY TITLE KIND [CONCURRENCY SECONDS]: one point on that mode's gateway
  local batching="$1" attempt lines
  shift
  for attempt in 1 2; do
    use_mode "$batching"
    lines=$(wc -l <"$results")
    if [ "$5" = open ]; then open_point "$1" "$2" "$3" "$4" "$batching"; else closed "$1" "$2" "$3" "$4" "$batching" "$5" "$6" "$7"; fi
    kill -0 "$gateway_pid" 2>/dev/null && return 0
    # Something else stopped the gateway mid-point (on a shared machine, another session's clean-up): measure it again.
    log "the $batching gateway exited during $1: $(tail -n 1 "$work/gateway-$batching.log")"
    wait "$gateway_pid" 2>/dev/null || true
    head -n "$lines" "$results" >"$work/results.tmp" && mv "$work/results.tmp" "$results"
    start_mode "$batching"
    [ "$(model_state "$2")" = AVAILABLE ] && warm_case "$2" "$3"
  done
  note "$1" "$batching" "the gateway exited during a point of this case twice; the point is missing"
}

measure_round_interleaved() { # every mode's gateway up at once, fresh this round; each point measured mode after mode
  local batching entry case_name model body title c points seconds slot ready
  log "round $round of $rounds: a gateway per mode ($batching_modes), the points interleaved"
  for batching in "${mode_list[@]}"; do start_mode "$batching"; done
  for entry in "${cases[@]}"; do
    IFS='|' read -r case_name model body title <<<"$entry"
    ready=" "
    for batching in "${mode_list[@]}"; do
      use_mode "$batching"
      if [ "$(model_state "$model")" != AVAILABLE ]; then
        note "$case_name" "$batching" "$model did not load with batching $batching: $(model_error "$model")"
        log "skipping $case_name with batching $batching: $model is not AVAILABLE"
        continue
      fi
      ready+="$batching "
      warm_case "$model" "$body"
    done
    case_points "$model"
    for c in $points open; do
      [ "$c" = open ] && [ "$open_loop" != 1 ] && continue
      for ((slot = 0; slot < ${#mode_list[@]}; slot++)); do
        batching="${mode_list[$(((round - 1 + slot) % ${#mode_list[@]}))]}"
        [[ "$ready" == *" $batching "* ]] || continue
        if [ "$c" = open ]; then
          interleaved_point "$batching" "$case_name" "$model" "$body" "$title" open
        else
          interleaved_point "$batching" "$case_name" "$model" "$body" "$title" sweep "$c" "$seconds"
        fi
      done
    done
  done
  IFS='|' read -r case_name model body title <<<"${cases[0]}"
  use_mode "${mode_list[0]}"
  if [ "$round" = 1 ] && [ "$steady_duration" -gt 0 ] && [ "$(model_state "$model")" = AVAILABLE ]; then
    log "steady ${steady_duration} s run (GCs, allocated bytes per request), batching ${mode_list[0]}"
    interleaved_point "${mode_list[0]}" "$case_name" "$model" "$body" "$title" steady 32 "$steady_duration"
  fi
  stop_gateways
  gateway_pid=""
}

# Round r starts at mode r-1 of the list (A B C, B C A, C A B...): over the rounds every mode runs in every position, so a
# machine growing quieter or busier during the run favours none of them. INTERLEAVE=1 rotates the same way within each point.
for ((round = 1; round <= rounds; round++)); do
  if [ "$interleave" = 1 ]; then
    measure_round_interleaved
    continue
  fi
  for ((slot = 0; slot < ${#mode_list[@]}; slot++)); do
    measure_mode "${mode_list[$(((round - 1 + slot) % ${#mode_list[@]}))]}" "$([ "$round$slot" = 10 ] && echo 1 || echo 0)"
  done
done

json_table=""
if [ "$json_bench" = 1 ]; then
  log "JSON codec benchmark (BenchmarkDotNet, short job)"
  rm -rf "$work/bdn"
  dotnet run -c Release --project tests/ModelServing.Benchmarks -- --filter '*JsonCodec*' --job short --exporters markdown \
    --artifacts "$work/bdn" >/dev/null
  json_table="$(sed -n '/^| Method/,$p' "$work"/bdn/results/*JsonCodec*-report-github.md | sed "s/&#39;/'/g; s/\*\*//g")"
fi

saved="$MODELSERVING_CACHE/bench-serving/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p "$(dirname "$saved")"
cp "$results" "$saved"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
args="$*"
section="$(
  echo
  echo "## Serving benchmark: gateway vs in-process limit, batching on/off ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD))"
  echo "Machine: $(nproc) cores, ${cpu}, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before the run ${load_before}."
  settings="BATCHING_MODES=\"$batching_modes\""
  [ "$rounds" -gt 1 ] && settings+=" ROUNDS=$rounds"
  [ -n "${CASES:-}" ] && settings+=" CASES=\"$CASES\""
  [ -n "$p99_targets" ] && settings+=" P99_TARGETS=\"$p99_targets\""
  [ -n "${DETECTION_SECONDS:-}" ] && settings+=" DETECTION_SECONDS=$DETECTION_SECONDS"
  [ -n "${DETECTION_CONCURRENCY:-}" ] && settings+=" DETECTION_CONCURRENCY=\"$DETECTION_CONCURRENCY\""
  [ -n "${INTERLEAVE:-}" ] && settings+=" INTERLEAVE=$INTERLEAVE"
  echo "Command: \`$settings scripts/bench-serving.sh${args:+ $args}\` ($mode mode, $(($(date +%s) - started_at)) s)."
  echo "Load: ModelServing.LoadGen on loopback, HTTP/1.1 keep-alive, one connection per closed-loop worker; closed-loop points"
  echo "${duration} s (text-detection ${detection_duration} s) after ${warmup} s of warm-up; open loop at 70 % of the best closed-loop rate for ${open_duration} s, latency from the"
  echo "scheduled send time. Gateway on ${gateway_cpus:-every core}; load generator on core(s) ${loadgen_cpus:-any} (nice ${loadgen_nice}); CPU % is of one core."
  [ "$interleave" = 1 ] && echo "Interleaved: each round starts a fresh gateway per mode, all at once, and measures every point mode after mode (the order rotated each round)."
  echo "Batching on: \`{\"maxBatchSize\": $batch_max, \"maxQueueDelayMicroseconds\": $queue_delay_us, \"maxConcurrentExecutions\": $batch_concurrent}\`; off: \`{\"maxBatchSize\": 0}\`."
  echo
  loadgen report --input "$results" --queue-delay-us "$queue_delay_us" "${target_args[@]}"
  if [ -n "$json_table" ]; then
    echo "JSON codec (BenchmarkDotNet, short job; \`M floats/s\` is the target's unit):"
    echo
    echo "$json_table"
  fi
)"
echo "$section"
log "raw results: $saved"
if [ "$record" = 1 ]; then
  echo "$section" >>docs/benchmarks.md
  log "appended to docs/benchmarks.md"
fi
