#!/usr/bin/env bash
# The soak benchmark: one gateway on the example models under mixed valid and hostile traffic, its memory every 10 s.
#
#   scripts/bench-soak.sh [SECONDS (600)] [--no-record]
#
# What it does (everything on loopback, bounded in time):
#   1. setup (Release): models, samples, build;
#   2. a gateway on ./models with an API key (MODELSERVING_API_KEYS), on a free loopback port, logging at Warning, with
#      MALLOC_ARENA_MAX=1 unless set (as scripts/serve.sh and the image run it);
#   3. scripts/lib/soak.py for SECONDS: SOAK_WORKERS (8) keep-alive workers pick requests from a weighted mix:
#      valid (loans by TF Serving row/64 rows, v2 and /score; text-orientation with 1 and 4 JPEGs; text-detection with one
#      page) and hostile (malformed JSON, invalid UTF-8 on the TF, v2 and /score routes, a lone surrogate, 1e400, 5000-deep
#      JSON, zero images (TF Serving, and v2 shape [0]), v2 shape [2^62], unknown models with 3000-character names with and
#      without a key, keyless requests, a PNG declaring 60000x60000 pixels, a gzip bomb (48 MiB of spaces), 20001 1x1 PNGs,
#      a text-detection padding bomb), beside five slow clients at a time holding half-sent requests for 10 s, and a
#      /metrics scrape; every 10 s the gateway's RSS (VmRSS), the GC's committed memory (from the scrape), the requests
#      answered and the size and time of the scrape;
#   4. a markdown section (command, machine, load average, RSS table, growth after the warm-up, answers by kind and
#      status) printed and appended to docs/benchmarks.md unless --no-record.
# Valid requests must answer 200 and hostile ones a 4xx: any 5xx or broken connection counts as a failure, and a hostile
# request answered 2xx is reported. Target: RSS growth after the warm-up (60 s, or a quarter of shorter runs) < 100 MB,
# judged on the median of the first and of the last minute after the warm-up (one sample holds whatever batches were in
# flight at that instant); the single-sample growth, the highest sample and a least-squares trend are reported beside it.
#
# Settings (environment): SOAK_WORKERS (8), SOAK_SKIP (kinds to leave out, comma-separated), SOAK_WARMUP (seconds).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

seconds=600
record=1
for arg in "$@"; do
  case "$arg" in
    --no-record) record=0 ;;
    -h | --help) script_help "${BASH_SOURCE[0]}"; exit 0 ;;
    *[!0-9]* | '') die "unknown argument '$arg' (usage: scripts/bench-soak.sh [SECONDS] [--no-record])" ;;
    *) seconds="$arg" ;;
  esac
done
[ "$seconds" -ge 20 ] || die "run for at least 20 s"
workers="${SOAK_WORKERS:-8}"
warmup="${SOAK_WARMUP:-$((seconds / 4 < 60 ? seconds / 4 : 60))}"

"$REPO_ROOT/scripts/setup.sh" Release
require_cmd python3 "Install python3 (Debian: apt-get install python3); it drives the soak traffic."
cd "$REPO_ROOT"
gateway_dll="$REPO_ROOT/src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll"
[ -f samples/page.jpg ] && [ -f samples/text-line.jpg ] || die "samples/ is missing; scripts/setup.sh renders it"

bench_workdir

port="$(free_port)"
key="soak-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}" MODELSERVING_API_KEYS="$key" dotnet "$gateway_dll" --model-repository "$REPO_ROOT/models" --urls "http://127.0.0.1:$port" --grpc-port 0 \
  --Logging:LogLevel:Default Warning >"$work/gateway.log" 2>&1 &
gateway_pid=$!
deadline=$((SECONDS + 180))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
  kill -0 "$gateway_pid" 2>/dev/null || die "the gateway exited"
  [ "$SECONDS" -lt "$deadline" ] || die "the gateway was not ready after 180 s"
  sleep 0.2
done

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "soak: $seconds s, $workers workers, gateway pid $gateway_pid on port $port"
python3 "$REPO_ROOT/scripts/lib/soak.py" run --port "$port" --pid "$gateway_pid" --key "$key" --seconds "$seconds" \
  --samples "$REPO_ROOT/samples" --out "$work/result.json" --workers "$workers" --skip "${SOAK_SKIP:-}"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
kill -0 "$gateway_pid" 2>/dev/null || die "the gateway died during the soak"

commit="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
memory="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
command="scripts/bench-soak.sh $seconds"
[ -n "${SOAK_SKIP:-}" ] && command="SOAK_SKIP=$SOAK_SKIP $command"
section="$(python3 "$REPO_ROOT/scripts/lib/soak.py" report --result "$work/result.json" --warmup "$warmup" \
  --title "Soak: mixed valid and hostile traffic, ${seconds} s ($(date -u +%Y-%m-%d), commit $commit)" \
  --header "Machine: $(nproc) cores, $cpu, $memory; load average before $load_before, after $load_after." \
  --header "Command: \`$command\` ($workers workers, one keep-alive connection each, plus 5 slow clients at a time and a /metrics scrape every 10 s; API key set)." \
  --header "Gateway on ./models (loans, text-orientation, text-detection), RSS from /proc/PID/status every 10 s.")"
printf '%s\n' "$section"
if [ "$record" = 1 ]; then
  printf '\n%s\n' "$section" >>"$REPO_ROOT/docs/benchmarks.md"
  log "appended to docs/benchmarks.md"
fi
