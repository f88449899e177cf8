#!/usr/bin/env bash
# gRPC beside REST, in one run on one gateway (issue 15, Measure):
#
#   scripts/bench-grpc.sh [--no-record]
#
# One gateway serves the example models (models/, configs unchanged) on REST and gRPC. tools/ModelServing.LoadGen drives
# closed loops on loopback, one connection (REST: HTTP/1.1 keep-alive; gRPC: one HTTP/2 channel) per worker:
#   - loans, one row per request, c=1 and c=16: TF Serving REST, TF Serving gRPC (Predict, float_val), Open Inference v2 REST
#     and v2 gRPC (ModelInfer, typed fp32_contents);
#   - text-orientation, 8 JPEGs per request, c=8: TF Serving REST (base64 in JSON) and TF Serving gRPC (the JPEG bytes as
#     string_val, no base64).
# Each point: req/s, items/s, p50/p99 latency, failures, gateway CPU. The markdown table (with command, machine and commit) is
# printed and appended to docs/benchmarks.md unless --no-record; the raw JSON lines are kept under
# $MODELSERVING_CACHE/bench-grpc/.
#
# Settings (environment):
#   DURATION (10)          seconds per point; WARMUP (1) seconds of unmeasured load before each point
#   LOADGEN_CPUS (last core)  taskset list for the load generator; empty for unpinned
#   GATEWAY_CPUS (unset)   taskset list for the gateway; unset for every core
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_record_args "scripts/bench-grpc.sh [--no-record]" "$@"
duration="${DURATION:-10}"
warmup="${WARMUP:-1}"
loadgen_cpus="${LOADGEN_CPUS-$(($(nproc) - 1))}"
gateway_cpus="${GATEWAY_CPUS:-}"

"$REPO_ROOT/scripts/setup.sh" Release
ensure_debs jq curl util-linux
cd "$REPO_ROOT"
dotnet build tools/ModelServing.LoadGen -c Release -nologo -clp:ErrorsOnly -v:q >&2 || die "the load generator does not build"
loadgen_dll="$REPO_ROOT/tools/ModelServing.LoadGen/bin/Release/net10.0/ModelServing.LoadGen.dll"
gateway_dll="$REPO_ROOT/src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll"
[ -f samples/text-line.jpg ] || die "samples/ is missing; scripts/setup.sh renders it"

bench_workdir

loadgen() {
  local pin=()
  [ -n "$loadgen_cpus" ] && pin=(taskset -c "$loadgen_cpus")
  "${pin[@]}" dotnet "$loadgen_dll" "$@"
}

# Request bodies: REST JSON, and the gRPC messages in protobuf's JSON mapping (bytes as base64; sent as raw bytes).
b64_line="$(base64 -w0 samples/text-line.jpg)"
repeat() { local i; for i in $(seq 1 "$1"); do [ "$i" -gt 1 ] && printf ','; printf '%s' "$2"; done; } # repeat N ITEM: a JSON list body
printf '%s' '{"instances":[{"income":2000,"credit_cards":2,"age":45}]}' >"$work/loans-tf.json"
printf '%s' '{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":[2000]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[2]},{"name":"age","shape":[1],"datatype":"FP32","data":[45]}]}' >"$work/loans-v2.json"
tf_float() { printf '{"dtype":"DT_FLOAT","tensorShape":{"dim":[{"size":"1"}]},"floatVal":[%s]}' "$1"; }
printf '{"modelSpec":{"name":"loans"},"inputs":{"income":%s,"credit_cards":%s,"age":%s}}' "$(tf_float 2000)" "$(tf_float 2)" "$(tf_float 45)" >"$work/loans-tf-grpc.json"
v2_fp32() { printf '{"name":"%s","datatype":"FP32","shape":["1"],"contents":{"fp32Contents":[%s]}}' "$1" "$2"; }
printf '{"modelName":"loans","inputs":[%s,%s,%s]}' "$(v2_fp32 income 2000)" "$(v2_fp32 credit_cards 2)" "$(v2_fp32 age 45)" >"$work/loans-v2-grpc.json"
printf '{"instances":[%s]}' "$(repeat 8 "{\"b64\":\"$b64_line\"}")" >"$work/orientation-8.json"
printf '{"modelSpec":{"name":"text-orientation"},"inputs":{"image":{"dtype":"DT_STRING","tensorShape":{"dim":[{"size":"8"}]},"stringVal":[%s]}}}' \
  "$(repeat 8 "\"$b64_line\"")" >"$work/orientation-8-grpc.json"

rest_port="$(free_port)"
grpc_port="$(free_port)"
pin=()
[ -n "$gateway_cpus" ] && pin=(taskset -c "$gateway_cpus")
"${pin[@]}" dotnet "$gateway_dll" --model-repository models --urls "http://127.0.0.1:$rest_port" --grpc-port "$grpc_port" \
  --Logging:LogLevel:Default Warning >"$work/gateway.log" 2>&1 &
gateway_pid=$!
deadline=$((SECONDS + 180))
for model in loans text-orientation; do
  until [ "$(curl -s "http://127.0.0.1:$rest_port/v1/models/$model" | jq -r '.model_version_status[0].state // ""' 2>/dev/null)" = AVAILABLE ]; do
    kill -0 "$gateway_pid" 2>/dev/null || die "the gateway exited"
    [ "$SECONDS" -lt "$deadline" ] || die "$model not AVAILABLE after 180 s"
    sleep 0.2
  done
done

results="$work/results.jsonl"
: >"$results"
started_at=$(date +%s)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
rest() { # rest CASE PROTOCOL PATH BODY C ITEMS (items per request: the loads count TF bodies themselves, not v2 ones)
  loadgen closed --url "http://127.0.0.1:$rest_port$3" --body "$work/$4" --items "$6" -c "$5" --duration "$duration" --warmup "$warmup" \
    --server-pid "$gateway_pid" --json --label "case=$1" --label "protocol=$2" >>"$results"
}
grpc() { # grpc CASE PROTOCOL CALL BODY C
  loadgen grpc --target "http://127.0.0.1:$grpc_port" --call "$3" --body "$work/$4" -c "$5" --duration "$duration" --warmup "$warmup" \
    --server-pid "$gateway_pid" --json --label "case=$1" --label "protocol=$2" >>"$results"
}
for c in 1 16; do
  log "loans, 1 row, c=$c"
  rest "loans 1 row" "TF REST" /v1/models/loans:predict loans-tf.json "$c" 1
  grpc "loans 1 row" "TF gRPC" tf-predict loans-tf-grpc.json "$c"
  rest "loans 1 row" "v2 REST" /v2/models/loans/infer loans-v2.json "$c" 1
  grpc "loans 1 row" "v2 gRPC" v2-infer loans-v2-grpc.json "$c"
done
log "text-orientation, 8 JPEGs per request, c=8"
rest "text-orientation 8 JPEGs" "TF REST (base64 JSON)" /v1/models/text-orientation:predict orientation-8.json 8 8
grpc "text-orientation 8 JPEGs" "TF gRPC (raw bytes)" tf-predict orientation-8-grpc.json 8

saved="$MODELSERVING_CACHE/bench-grpc/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p "$(dirname "$saved")"
cp "$results" "$saved"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
section="$(
  echo
  echo "## gRPC beside REST ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD))"
  echo "Machine: $(nproc) cores, ${cpu}, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before the run ${load_before}."
  echo "Command: \`scripts/bench-grpc.sh${*:+ $*}\` (DURATION=$duration, WARMUP=$warmup; $(($(date +%s) - started_at)) s)."
  echo "One gateway, example models with their configs, REST and gRPC ports; ModelServing.LoadGen closed loops on loopback, one"
  echo "connection (HTTP/1.1 keep-alive, or one HTTP/2 channel) per worker; load generator on core(s) ${loadgen_cpus:-any}, gateway on"
  echo "${gateway_cpus:-every core}. gRPC bodies are pre-serialized messages; CPU % is of one core."
  echo
  echo "| case | protocol | c | req/s | items/s | p50 ms | p99 ms | failures | gateway CPU % | loadgen CPU % |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  jq -r '"| \(.labels.case) | \(.labels.protocol) | \(.concurrency) | \(.requestsPerSecond) | \(.itemsPerSecond) | \(.latency.p50Ms) | \(.latency.p99Ms) | \(.errorCount)\(if .errorCount > 0 then " (" + (.errors | to_entries | map("\(.key): \(.value)") | join(", ")) + ")" else "" end) | \(.server.cpuPercent // "-") | \(.loadGenCpuPercent) |"' "$results"
)"
echo "$section"
log "raw results: $saved"
if [ "$record" = 1 ]; then
  echo "$section" >>docs/benchmarks.md
  log "appended to docs/benchmarks.md"
fi
