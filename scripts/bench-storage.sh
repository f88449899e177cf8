#!/usr/bin/env bash
# Remote repository figures (issue 16), printed and appended to docs/benchmarks.md:
#   1. start-to-ready of the gateway serving the example repository (models/) from each store in STORES (default "s3":
#      s3rver on loopback), with a cold cache (empty MODEL_CACHE) and then a warm one (the same cache, a new process);
#   2. a generated LARGE_MB MiB model (default 300; ModelGen large-external: model.onnx + weights.bin) served from s3rver with
#      a cold cache: download MB/s (first staged byte to the version renamed into place) and the gateway's peak RSS during
#      the download next to its RSS when the download started (it must not grow by the model's size).
# Usage: scripts/bench-storage.sh   (GATEWAY_DLL=path skips the build; STORES="s3 azurite" adds Azurite (npm, on loopback);
#        LARGE_MB=20 for a quick check; NO_RECORD=1 prints without appending). Loopback only, bounded in time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"
dll="${GATEWAY_DLL:-}"
if [[ -z "$dll" ]]; then
  "$REPO_ROOT/scripts/setup.sh" Release >/dev/null
  dll="src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll"
fi
require_cmd curl "Install curl (Debian: apt-get install curl)."
s3rver_dir="$(scripts/fetch-s3rver.sh)"
large_mb="${LARGE_MB:-300}"
bench_workdir
store_pids=()
trap 'for p in "${store_pids[@]}"; do kill "$p" 2>/dev/null || true; done; bench_workdir_exit' EXIT

now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$gateway_pid/status" 2>/dev/null || echo 0; }

# --- Stores. Each store NAME has store_NAME_start (starts the emulator, sets its variables), store_NAME_put KEY FILE,
# store_NAME_uri PREFIX and store_NAME_env (the gateway's environment, one VAR=value per line).
store_s3_start() {
  s3_port="$(free_port)"
  mkdir -p "$work/s3rver"
  node --openssl-legacy-provider "$s3rver_dir/node_modules/s3rver/bin/s3rver.js" -d "$work/s3rver" -a 127.0.0.1 -p "$s3_port" -s \
    >"$work/s3rver.log" 2>&1 &
  store_pids+=($!)
  until curl -s -o /dev/null "http://127.0.0.1:$s3_port/"; do sleep 0.05; done
  s3_curl -X PUT "http://127.0.0.1:$s3_port/bench" || die "could not create the bucket"
}
s3_curl() { curl -fs -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" --user S3RVER:S3RVER -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }
store_s3_put() { s3_curl -X PUT -H 'Content-Type: application/octet-stream' --upload-file "$2" "http://127.0.0.1:$s3_port/bench/$1" || die "upload of $1 failed"; }
store_s3_uri() { printf 's3://bench/%s' "$1"; }
store_s3_env() { printf '%s\n' "AWS_ENDPOINT_URL=http://127.0.0.1:$s3_port" AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1; }

# Azurite (pinned in scripts/azurite): uploads signed with its published development key by scripts/azurite/put-blob.py.
store_azurite_start() {
  local dir
  dir="$(scripts/fetch-azurite.sh)"
  azurite_port="$(free_port)"
  mkdir -p "$work/azurite"
  "$dir/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$azurite_port" --location "$work/azurite" --silent --loose \
    --skipApiVersionCheck --disableTelemetry >"$work/azurite.log" 2>&1 &
  store_pids+=($!)
  until curl -s -o /dev/null "http://127.0.0.1:$azurite_port/"; do sleep 0.05; done
  python3 scripts/azurite/put-blob.py "http://127.0.0.1:$azurite_port/devstoreaccount1" bench || die "could not create the container"
}
store_azurite_put() { python3 scripts/azurite/put-blob.py "http://127.0.0.1:$azurite_port/devstoreaccount1" bench "$1" "$2" || die "upload of $1 failed"; }
store_azurite_uri() { printf 'az://devstoreaccount1/bench/%s' "$1"; }
store_azurite_env() {
  printf '%s\n' "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
}

upload_tree() { # store local-root prefix
  local file
  while IFS= read -r file; do
    "store_$1_put" "$3/${file#"$2"/}" "$file"
  done < <(find "$2" -type f ! -name '.*')
}

# start_gateway store uri cache: starts the gateway in the background (gateway_pid), returns at once.
start_gateway() {
  local port env=()
  port="$(free_port)"
  gateway_port=$port
  mapfile -t env < <("store_$1_env")
  env "${env[@]}" MODEL_CACHE="$3" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}" dotnet "$dll" --model-repository "$2" \
    --urls "http://127.0.0.1:$port" --grpc-port 0 --Logging:LogLevel:Default Warning >"$work/gateway.log" 2>&1 &
  gateway_pid=$!
}
wait_ready() {
  until curl -fs "http://127.0.0.1:$gateway_port/readyz" >/dev/null; do
    kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log" >&2; die "gateway exited"; }
    sleep 0.02
  done
}
stop_gateway() { kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true; gateway_pid=""; }

[[ -f models/text-detection/1/model.onnx ]] || die "models/ lacks the fetched example models (run scripts/setup.sh)"
rows=""
for store in ${STORES:-s3}; do
  declare -F "store_${store}_start" >/dev/null || die "no store '$store' in this script (see the store_* functions)"
  "store_${store}_start"
  upload_tree "$store" models example
  cache="$work/cache-$store"
  for phase in cold warm; do
    started=$(now_ms)
    start_gateway "$store" "$("store_${store}_uri" example)" "$cache"
    wait_ready
    rows+="| example repository from $store, $phase cache | start to ready $(( $(now_ms) - started )) ms |"$'\n'
    stop_gateway
  done
done

# The large model, from s3rver, cold cache.
[[ " ${STORES:-s3} " == *" s3 "* ]] || store_s3_start
mkdir -p "$work/large/big/1"
dotnet run --project tools/ModelServing.ModelGen -c Release -- large-external "$work/large/big/1/model.onnx" "$large_mb" >/dev/null
upload_tree s3 "$work/large" large
rm -rf "$work/large"
cache="$work/cache-large"
start_gateway s3 "$(store_s3_uri large)" "$cache"
peak=0; rss_at_start=0; first=""; done_ms=""
while [[ -z "$done_ms" ]]; do
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log" >&2; die "gateway exited"; }
  rss=$(rss_kb); (( rss > peak )) && peak=$rss
  if [[ -z "$first" ]] && [[ -n "$(find "$cache" -path '*/.staging/*' -name weights.bin 2>/dev/null)" ]]; then
    first=$(now_ms); rss_at_start=$rss
  fi
  [[ -n "$(find "$cache" -path '*/big/1/weights.bin' ! -path '*/.staging/*' 2>/dev/null)" ]] && done_ms=$(now_ms)
  sleep 0.02
done
wait_ready
bytes=$(( large_mb * 1024 * 1024 ))
elapsed=$(( done_ms - ${first:-$done_ms} ))
rate=$(awk -v b="$bytes" -v ms="$elapsed" 'BEGIN { printf "%.0f", (ms > 0 ? b / 1048576 / (ms / 1000) : 0) }')
rows+="| $large_mb MiB model from s3, cold cache | $rate MiB/s; RSS $(( rss_at_start / 1024 )) MiB at the first byte, peak $(( peak / 1024 )) MiB during the download |"$'\n'
stop_gateway

printf '%s' "$rows"
if [[ -z "${NO_RECORD:-}" ]]; then
  {
    printf '\n## Remote repository (scripts/bench-storage.sh, %s, LARGE_MB=%s, %s cores)\n\n| Case | Figure |\n|---|---|\n' \
      "$(date -u +%Y-%m-%d)" "$large_mb" "$(nproc)"
    printf '%s' "$rows"
  } >>docs/benchmarks.md
  log "appended to docs/benchmarks.md"
fi
