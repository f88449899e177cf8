#!/usr/bin/env bash
# Measures the gateway as a user sees it and appends the figures to docs/benchmarks.md:
#   - time from process start to /readyz 200 on ./models
#   - loans predict latency (p50/p99) and throughput with hey at concurrency 1 and 16, on loopback
#   - the in-process floor: raw ONNX Runtime Run on the same row, our runner, and the JSON path without HTTP (BenchmarkDotNet)
# Usage: scripts/bench-gateway.sh [requests-per-run]   (default 4800; bounded in count and loopback only; hey sends
# requests/concurrency per worker, so a multiple of 16 is sent exactly)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
requests="${1:-4800}"
"$REPO_ROOT/scripts/setup.sh" Release
mkdir -p "$MODELSERVING_CACHE"
ensure_debs hey curl
cd "$REPO_ROOT"

port=18501
body="$(mktemp)"; log_file="$(mktemp)"
printf '%s' '{"instances":[{"income":2000,"credit_cards":2,"age":45}]}' >"$body"
start_ns=$(date +%s%N)
dotnet src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll --model-repository models --urls "http://127.0.0.1:$port" \
  --Logging:LogLevel:Default Warning >"$log_file" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$body" "$log_file"' EXIT
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$log_file"; die "gateway exited"; }
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
log "ready after ${ready_ms} ms"

url="http://127.0.0.1:$port/v1/models/loans:predict"
hey -n 500 -c 4 -m POST -T application/json -D "$body" "$url" >/dev/null # warm-up
run_hey() {
  local c="$1" out
  out="$(hey -n "$requests" -c "$c" -m POST -T application/json -D "$body" "$url")"
  local rps p50 p99 ok sent
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '/ 50% in/ {print $3*1000}' <<<"$out")"
  p99="$(awk '/ 99% in/ {print $3*1000}' <<<"$out")"
  ok="$(awk '/\[200\]/ {print $2}' <<<"$out")"
  sent="$(awk '/^ *\[[0-9]+\]/ {n += $2} END {print n + 0}' <<<"$out")"
  printf '| %s | %s | %s | %.0f | %.1f | %.1f |\n' "$c" "$sent" "${ok:-0}" "$rps" "$p50" "$p99"
}
rows="$(run_hey 1; run_hey 16)"
kill $pid; wait $pid 2>/dev/null || true

log "running the in-process benchmarks (BenchmarkDotNet)"
dotnet run -c Release --project tests/ModelServing.Benchmarks -- --filter '*LoansInference*' --job short --exporters markdown \
  --artifacts "$MODELSERVING_CACHE/bench-artifacts" >/dev/null
inproc="$(cat "$MODELSERVING_CACHE"/bench-artifacts/results/*LoansInference*-report-github.md | sed -n '/^| Method/,$p' | sed "s/&#39;/'/g")"

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
{
  echo
  echo "## Gateway latency, loans predict ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD))"
  echo "Machine: $(nproc) cores, ${cpu}, $(free -g | awk '/Mem:/ {print $2}') GiB. Command: \`scripts/bench-gateway.sh $requests\`."
  echo "Load: hey on loopback, one row per request. Start to ready (process start until /readyz is 200 on ./models): **${ready_ms} ms**."
  echo
  echo "| concurrency | requests answered | 200 OK | req/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|---|"
  echo "$rows"
  echo
  echo "In process, same row (BenchmarkDotNet, short job):"
  echo
  echo "$inproc"
} | tee -a docs/benchmarks.md
