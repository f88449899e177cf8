#!/usr/bin/env bash
# Model lifecycle figures, appended to docs/benchmarks.md:
#   1. process RSS (VmRSS from /proc/PID/status) of the real gateway serving text-detection, before and after 20
#      unload/load cycles through the management API, with PREDICTS_PER_CYCLE (default 8) predicts of samples/page.jpg
#      after every load so the ONNX Runtime arena is really used (an unloaded version must give its native memory back);
#   2. 16 concurrent hey clients on loopback against loans: 10 s before any change, then 20 s during which version 2 is
#      added by atomic rename and version 1 removed; p99 latency and failed requests of each phase.
# Usage: scripts/bench-lifecycle.sh   (GATEWAY_DLL=path skips the build and uses that gateway; loopback only, bounded in time)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"
dll="${GATEWAY_DLL:-}"
if [[ -z "$dll" ]]; then
  "$REPO_ROOT/scripts/setup.sh" Release
  dll="src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll"
fi
ensure_debs hey curl
key="bench-lifecycle-$RANDOM$RANDOM"
work="$(mktemp -d)"
pid=""
trap '[[ -n "$pid" ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT

start_gateway() { # repo port; the environment scripts/serve.sh and the Dockerfile give the gateway
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}" dotnet "$dll" --model-repository "$1" --urls "http://127.0.0.1:$2" --grpc-port 0 --Logging:LogLevel:Default Warning \
    --Management:Enabled true --Management:ApiKey "$key" --ModelRepository:PollInterval 00:00:00.5 \
    --ModelRepository:SettleTime 00:00:01 >"$work/gateway-$2.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$2/readyz" >/dev/null; do
    kill -0 $pid 2>/dev/null || { cat "$work/gateway-$2.log"; die "gateway exited"; }
    sleep 0.05
  done
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
manage() { curl -fs -X POST -H "x-api-key: $key" "http://127.0.0.1:$1/v2/repository/models/$2/$3" >/dev/null; }

# 1. RSS over 20 unload/load cycles of text-detection, each loaded version answering predicts.
mkdir -p "$work/rss"
cp -r models/text-detection "$work/rss/"
[[ -f samples/page.jpg ]] || die "samples/page.jpg is missing (scripts/setup.sh renders it)"
printf '{"instances":[{"b64":"%s"}]}' "$(base64 -w0 samples/page.jpg)" >"$work/page.json"
predicts="${PREDICTS_PER_CYCLE:-8}"
port=18611
start_gateway "$work/rss" $port
rss_started=$(rss_kb)
predict_pages() { # port
  local i
  for i in $(seq 1 "$predicts"); do
    curl -fs -X POST -H 'Content-Type: application/json' --data-binary "@$work/page.json" \
      "http://127.0.0.1:$1/v1/models/text-detection:predict" >/dev/null || die "text-detection predict failed"
  done
}
predict_pages $port
rss_loaded=$(rss_kb)
manage $port text-detection unload
rss_unloaded_first=$(rss_kb)
manage $port text-detection load
predict_pages $port
rss_series=""
for cycle in $(seq 1 20); do
  manage $port text-detection unload
  manage $port text-detection load
  predict_pages $port
  if (( cycle % 5 == 0 )); then rss_series+="$cycle: $(( $(rss_kb) / 1024 )) MiB; "; fi
done
rss_after=$(rss_kb)
manage $port text-detection unload
rss_after_unloaded=$(rss_kb)
kill $pid; wait $pid 2>/dev/null || true; pid=""

# 2. Swap under load: loans v1 -> v2 by atomic rename, then v1 removed.
mkdir -p "$work/swap"
cp -r models/loans "$work/swap/"
port=18612
start_gateway "$work/swap" $port
printf '%s' '{"instances":[{"income":2000,"credit_cards":2,"age":45}]}' >"$work/body.json"
url="http://127.0.0.1:$port/v1/models/loans:predict"
hey_row() { # phase seconds
  local out ok sent p50 p99
  out="$(hey -z "$2s" -c 16 -m POST -T application/json -D "$work/body.json" "$url")"
  ok="$(awk '/\[200\]/ {print $2}' <<<"$out")"
  sent="$(awk '/^ *\[[0-9]+\]/ {n += $2} END {print n + 0}' <<<"$out")"
  p50="$(awk '/ 50% in/ {print $3*1000}' <<<"$out")"
  p99="$(awk '/ 99% in/ {print $3*1000}' <<<"$out")"
  errors="$(awk '/Error distribution/ {e=1; next} e && /\[/ {n += $1} END {print n + 0}' <<<"$out")"
  printf '| %s | %s | %s | %s | %.1f | %.1f |\n' "$1" "$sent" "${ok:-0}" "$(( sent - ${ok:-0} + errors ))" "$p50" "$p99"
}
hey -n 400 -c 4 -m POST -T application/json -D "$work/body.json" "$url" >/dev/null
before="$(hey_row "before (10 s)" 10)"
(
  sleep 5
  stage="$work/swap/loans/.staging-2"
  cp -r "$work/swap/loans/1" "$stage"
  touch -d '1 minute ago' "$stage"/*
  mv "$stage" "$work/swap/loans/2"
  sleep 5
  rm -rf "$work/swap/loans/1"
) &
swapper=$!
during="$(hey_row "during swap (20 s)" 20)"
wait $swapper
served="$(curl -fs "http://127.0.0.1:$port/v1/models/loans" | tr -d '\n')"
kill $pid; wait $pid 2>/dev/null || true; pid=""

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
{
  echo
  echo "## Model lifecycle: RSS over unload/load cycles, latency during a version swap ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD))"
  echo "Machine: $(nproc) cores, ${cpu}. Command: \`scripts/bench-lifecycle.sh\`${GATEWAY_DLL:+ (GATEWAY_DLL set)}. ${BENCH_NOTE:-}"
  echo
  echo "text-detection, VmRSS of the gateway process: ready $(( rss_started / 1024 )) MiB; after $predicts predicts of"
  echo "samples/page.jpg **$(( rss_loaded / 1024 )) MiB**, first unload $(( rss_unloaded_first / 1024 )) MiB; after 20 cycles of"
  echo "unload, load and $predicts predicts **$(( rss_after / 1024 )) MiB**, unloaded again $(( rss_after_unloaded / 1024 )) MiB."
  echo "Every 5 cycles: ${rss_series}(MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1})"
  echo
  echo "loans, hey -c 16 on loopback; during the second phase version 2 arrives by rename at 5 s and version 1 is deleted at 10 s."
  echo "Status afterwards: \`$served\`"
  echo
  echo "| phase | requests | 200 OK | failed | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|---|"
  echo "$before"
  echo "$during"
} | tee -a docs/benchmarks.md
