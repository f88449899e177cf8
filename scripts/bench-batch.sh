#!/usr/bin/env bash
# Batch prediction benchmark: 512,000 loans CSV rows (deterministic generated data) and 2,000 JPEGs (copies of the
# samples/ text lines) through text-orientation as a file list, each a fresh job with modelserving-batch. Reports
# rows/s, images/s and peak RSS (/usr/bin/time -v) and appends them to docs/benchmarks.md.
# Usage: scripts/bench-batch.sh [--no-append]   (env: BENCH_BATCH_ROWS, BENCH_BATCH_IMAGES, BENCH_BATCH_WORKERS)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
append=1
[ "${1:-}" = "--no-append" ] && append=0
rows="${BENCH_BATCH_ROWS:-512000}"
images="${BENCH_BATCH_IMAGES:-2000}"
workers="${BENCH_BATCH_WORKERS:-$(nproc)}"
require_cmd /usr/bin/time "Install it: apt-get install time"

dotnet build "$REPO_ROOT/src/ModelServing.BatchCli" -c Release -nologo -clp:ErrorsOnly -v:q >&2
cli="$REPO_ROOT/src/ModelServing.BatchCli/bin/Release/net10.0/modelserving-batch.dll"
work="$MODELSERVING_CACHE/bench-batch"
mkdir -p "$work"

csv="$work/loans-$rows.csv"
if [ ! -s "$csv" ]; then
  log "generating $rows loans rows"
  awk -v n="$rows" 'BEGIN { print "\"income\",\"credit_cards\",\"age\""; s = 12345
    for (i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) % 2147483648; income = 1000 + (s % 90000)
      s = (s * 1103515245 + 12345) % 2147483648; cards = s % 8
      s = (s * 1103515245 + 12345) % 2147483648; age = 18 + (s % 62)
      print income "," cards "," age } }' > "$csv.tmp"
  mv "$csv.tmp" "$csv"
fi

jpegs="$work/jpegs-$images"
list="$work/images-$images.txt"
if [ ! -s "$list" ]; then
  log "writing $images JPEGs"
  mkdir -p "$jpegs"
  : > "$list.tmp"
  for ((i = 0; i < images; i++)); do
    if ((i % 2 == 0)); then src="$REPO_ROOT/samples/text-line.jpg"; else src="$REPO_ROOT/samples/text-line-180.jpg"; fi
    cp "$src" "$jpegs/img-$i.jpg"
    echo "$jpegs/img-$i.jpg" >> "$list.tmp"
  done
  mv "$list.tmp" "$list"
fi

# run NAME ARGS...: a fresh job; prints "items/s peak-RSS-MiB seconds".
run() {
  local name="$1"; shift
  local out="$work/out-$name" timing="$work/time-$name.txt"
  rm -rf "$out"
  /usr/bin/time -v -o "$timing" dotnet "$cli" --model-repository "$REPO_ROOT/models" --output "$out" --workers "$workers" --no-progress "$@" \
    > "$work/summary-$name.json"
  local rate seconds rss
  rate=$(grep -o '"perSecond":[0-9.]*' "$work/summary-$name.json" | cut -d: -f2)
  seconds=$(grep -o '"seconds":[0-9.]*' "$work/summary-$name.json" | cut -d: -f2)
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$timing")
  echo "$rate $rss $seconds"
}

loans_args=(--model loans --input "$csv" --format csv --instance-type object --batch-size 1024)
image_args=(--model text-orientation --input "$list" --format file-list --batch-size 8)
read -r loans_rate loans_rss loans_seconds < <(run loans "${loans_args[@]}")
read -r image_rate image_rss image_seconds < <(run images "${image_args[@]}")
load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD)
echo "loans: $rows rows in $loans_seconds s = $loans_rate rows/s, peak RSS $loans_rss MiB"
echo "text-orientation: $images images in $image_seconds s = $image_rate images/s, peak RSS $image_rss MiB"

if [ "$append" = 1 ]; then
  {
    echo
    echo "## Batch prediction ($(date -u +%Y-%m-%d), commit $commit)"
    echo "Command: \`scripts/bench-batch.sh\` (modelserving-batch, $workers workers). Machine: $(nproc) cores, $cpu; load average at the end $load."
    echo
    echo "| Job | Items | Seconds | Items/s | Peak RSS |"
    echo "| --- | --- | --- | --- | --- |"
    echo "| loans, CSV, \`--instance-type object --batch-size 1024\` | $rows rows | $loans_seconds | $loans_rate rows/s | $loans_rss MiB |"
    echo "| text-orientation, file-list of JPEGs, \`--batch-size 8\` | $images images | $image_seconds | $image_rate images/s | $image_rss MiB |"
  } >> "$REPO_ROOT/docs/benchmarks.md"
  log "appended to docs/benchmarks.md"
fi
