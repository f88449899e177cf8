#!/usr/bin/env bash
# The composed ocr model beside the same chain run by a client (issue 17, Measure: speed):
#
#   scripts/bench-ocr.sh [--no-record]
#
# One gateway serves the example models (models/, configs unchanged). The page is rendered here with ImageMagick and DejaVu
# Sans: 1000x900, 12 lines of words and digits at 18 to 48 px. Closed loops on loopback at c=1 and c=8, one connection per
# worker, one page per request:
#   - graph: POST /v1/models/ocr:predict (tools/ModelServing.LoadGen closed);
#   - client chain: text-detection, then crops cut and JPEG-encoded in the client, text-orientation, the upside-down ones turned,
#     text-recognition: three HTTP calls per page (scripts/lib/ocr_chain_client.py, run by /usr/bin/python3 with Debian's python3-pil).
# Each point: pages/s, p50/p99 ms per page, failures. The markdown table (with command, machine and commit) is printed and
# appended to docs/benchmarks.md unless --no-record.
#
# Settings (environment):
#   DURATION (20)   seconds per point; WARMUP (15) seconds of unmeasured load before each point. A request counts when it
#                   ends in the window, and the first c=8 wave on a fresh gateway takes 7-12 s (text-detection's first batch of
#                   8 pages pays ONNX Runtime's first allocations for that shape), so a shorter warm-up measures the cold start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_record_args "scripts/bench-ocr.sh [--no-record]" "$@"
duration="${DURATION:-20}"
warmup="${WARMUP:-15}"

"$REPO_ROOT/scripts/setup.sh" Release
ensure_debs jq curl imagemagick fonts-dejavu-core python3-pil
cd "$REPO_ROOT"
dotnet build tools/ModelServing.LoadGen -c Release -nologo -clp:ErrorsOnly -v:q >&2 || die "the load generator does not build"
loadgen_dll="$REPO_ROOT/tools/ModelServing.LoadGen/bin/Release/net10.0/ModelServing.LoadGen.dll"
gateway_dll="$REPO_ROOT/src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll"

bench_workdir

font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
lines=(
  "18|60|70|Order 58213 shipped on 2026-11-30" "24|60|140|Customer number 4471-0923" "30|60|220|Invoice 40817 total 1299.50"
  "36|60|310|Delivery window 08:00 to 12:00" "20|560|70|Ref KX-2231" "42|60|410|Thank you for your order"
  "22|60|490|Warehouse 7, aisle 14, shelf 3" "48|60|590|Page 2 of 7" "26|520|600|Due 2026-12-31"
  "28|60|690|Account 0081 2273 9902" "32|60|780|Questions? Call 555-0142" "19|600|850|Printed 2026-12-07 10:42"
)
args=(-size 1000x900 xc:white -font "$font" -fill black)
for line in "${lines[@]}"; do
  IFS='|' read -r size x y text <<<"$line"
  args+=(-pointsize "$size" -annotate "+$x+$y" "$text")
done
convert "${args[@]}" -quality 92 "$work/page.jpg"
printf '{"instances":[{"b64":"%s"}]}' "$(base64 -w0 "$work/page.jpg")" >"$work/ocr.json"

port="$(free_port)"
dotnet "$gateway_dll" --model-repository models --urls "http://127.0.0.1:$port" --grpc-port 0 --Logging:LogLevel:Default Warning >"$work/gateway.log" 2>&1 &
gateway_pid=$!
deadline=$((SECONDS + 180))
until [ "$(curl -s "http://127.0.0.1:$port/v1/models/ocr" | jq -r '.model_version_status[0].state // ""' 2>/dev/null)" = AVAILABLE ]; do
  kill -0 "$gateway_pid" 2>/dev/null || die "the gateway exited"
  [ "$SECONDS" -lt "$deadline" ] || die "ocr not AVAILABLE after 180 s (models/text-recognition placed by scripts/setup.sh?)"
  sleep 0.2
done
log "page read by ocr: $(curl -s -H 'Content-Type: application/json' "http://127.0.0.1:$port/v1/models/ocr:predict" -d @"$work/ocr.json" | jq -c '[.predictions[0][].text]')"

results="$work/results.jsonl"
: >"$results"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at=$(date +%s)
for c in 1 8; do
  log "graph, c=$c"
  dotnet "$loadgen_dll" closed --url "http://127.0.0.1:$port/v1/models/ocr:predict" --body "$work/ocr.json" --items 1 -c "$c" \
    --duration "$duration" --warmup "$warmup" --server-pid "$gateway_pid" --json --label "case=ocr graph" \
    | jq -c '{labels, concurrency, pagesPerSecond: .requestsPerSecond, p50Ms: .latency.p50Ms, p99Ms: .latency.p99Ms, failures: .errorCount}' >>"$results"
  log "client chain, c=$c"
  /usr/bin/python3 scripts/lib/ocr_chain_client.py --port "$port" --page "$work/page.jpg" -c "$c" --duration "$duration" --warmup "$warmup" \
    --label "case=client chain (3 calls)" >>"$results"
done

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
section="$(
  echo
  echo "## ocr: composed model beside a client-side chain ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD))"
  echo "Machine: $(nproc) cores, ${cpu}; load average before the run ${load_before}."
  echo "Command: \`scripts/bench-ocr.sh${*:+ $*}\` (DURATION=$duration, WARMUP=$warmup; $(($(date +%s) - started_at)) s)."
  echo "A 1000x900 page of 12 lines (DejaVu Sans, 18-48 px), one page per request, closed loops on loopback. Graph: one call to"
  echo "\`ocr\`. Client chain: text-detection, crops cut and JPEG-encoded by the client (Python, PIL), text-orientation, text-recognition."
  echo
  echo "| case | c | pages/s | p50 ms | p99 ms | failures |"
  echo "|---|---|---|---|---|---|"
  jq -r '"| \(.labels.case) | \(.concurrency) | \(.pagesPerSecond) | \(.p50Ms) | \(.p99Ms) | \(.failures) |"' "$results"
)"
echo "$section"
if [ "$record" = 1 ]; then
  echo "$section" >>docs/benchmarks.md
  log "appended to docs/benchmarks.md"
fi
