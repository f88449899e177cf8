#!/usr/bin/env bash
# A/B of two builds of the gateway on loans, one row per request: alternating rounds, each a fresh gateway (logging at
# Warning, as scripts/bench-gateway.sh), a warm-up, then hey at concurrency 1 and 16. Loopback only, bounded in count.
#   scripts/bench-ab.sh DIR_A DIR_B [rounds (3)] [requests at c=16 (20000; a quarter of them at c=1)]
# DIR_A and DIR_B are clones with a Release build (scripts/setup.sh Release) and the example models. Prints one line per run
# and the medians; nothing is recorded.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[ $# -ge 2 ] || die "usage: bench-ab.sh DIR_A DIR_B [rounds] [requests]"
rounds="${3:-3}"; requests="${4:-20000}"
require_cmd hey "Install hey (Debian: apt-get install hey)."
body="$(mktemp)"; trap 'rm -f "$body"' EXIT
printf '%s' '{"instances":[{"income":2000,"credit_cards":2,"age":45}]}' >"$body"

# run DIR PORT: one gateway, prints "c1 c16" in req/s.
run() {
  local dir="$1" port="$2" pid url c1 c16
  MALLOC_ARENA_MAX=1 dotnet "$dir/src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll" \
    --model-repository "$dir/models" --urls "http://127.0.0.1:$port" --grpc-port 0 --Logging:LogLevel:Default Warning >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || die "the gateway in $dir exited"
    sleep 0.1
  done
  url="http://127.0.0.1:$port/v1/models/loans:predict"
  hey -n 2000 -c 8 -m POST -T application/json -D "$body" "$url" >/dev/null
  c1="$(hey -n $((requests / 4)) -c 1 -m POST -T application/json -D "$body" "$url" | awk '/Requests\/sec/ {printf "%.0f", $2}')"
  c16="$(hey -n "$requests" -c 16 -m POST -T application/json -D "$body" "$url" | awk '/Requests\/sec/ {printf "%.0f", $2}')"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$c1 $c16"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A c1s c16s
for ((r = 1; r <= rounds; r++)); do
  for side in A B; do
    dir="$1"; [ "$side" = B ] && dir="$2"
    read -r c1 c16 <<<"$(run "$dir" $((18900 + r)))"
    echo "round $r $side ($dir): c=1 $c1 req/s, c=16 $c16 req/s"
    c1s[$side]+="$c1 "; c16s[$side]+="$c16 "
  done
done
for side in A B; do
  echo "$side median: c=1 $(tr ' ' '\n' <<<"${c1s[$side]}" | grep . | median) req/s, c=16 $(tr ' ' '\n' <<<"${c16s[$side]}" | grep . | median) req/s"
done
