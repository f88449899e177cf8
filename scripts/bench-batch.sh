#!/usr/bin/env bash
# Batch prediction benchmark: 512,000 loans CSV rows (deterministic generated data) and 2,000 JPEGs (copies of the
# samples/ text lines) through text-orientation as a file list, each a fresh job with modelserving-batch. Reports
# rows/s, images/s and peak RSS (/usr/bin/time -v) and appends them to docs/benchmarks.md.
# The images job is compared with its in-process limit, measured in the same run by `modelserving-batch limit`: the same
# model, files, batch size, workers and session options (threads), decode + preprocess + ONNX Runtime Run + postprocess
# straight from the file bytes held in memory (one warm-up pass, one timed pass), without the engine, JSON or output
# files. Job and limit run back to back BENCH_BATCH_REPEAT times, alternating; the medians and their ratio are reported.
# Usage: scripts/bench-batch.sh [--no-append]
#   (env: BENCH_BATCH_ROWS, BENCH_BATCH_IMAGES, BENCH_BATCH_WORKERS (cores), BENCH_BATCH_IMAGE_BATCH (8), BENCH_BATCH_REPEAT (3))
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
append=1
[ "${1:-}" = "--no-append" ] && append=0
rows="${BENCH_BATCH_ROWS:-512000}"
images="${BENCH_BATCH_IMAGES:-2000}"
workers="${BENCH_BATCH_WORKERS:-$(nproc)}"
image_batch="${BENCH_BATCH_IMAGE_BATCH:-8}"
repeat="${BENCH_BATCH_REPEAT:-3}"
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

# limit: the in-process limit of the images job; prints "items/s".
limit() {
  dotnet "$cli" limit --model-repository "$REPO_ROOT/models" --model text-orientation --input "$list" \
    --batch-size "$image_batch" --workers "$workers" | grep -o '"perSecond":[0-9.]*' | cut -d: -f2
}

median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

loans_args=(--model loans --input "$csv" --format csv --instance-type object --batch-size 1024)
image_args=(--model text-orientation --input "$list" --format file-list --batch-size "$image_batch")
read -r loans_rate loans_rss loans_seconds < <(run loans "${loans_args[@]}")
job_rates=() limit_rates=() image_rss=0
for ((i = 1; i <= repeat; i++)); do
  limit_rates+=("$(limit)")
  read -r rate rss seconds < <(run images "${image_args[@]}")
  job_rates+=("$rate")
  ((rss > image_rss)) && image_rss=$rss
  log "round $i: limit ${limit_rates[-1]} images/s, job $rate images/s"
done
image_rate=$(echo "${job_rates[*]}" | median)
limit_rate=$(echo "${limit_rates[*]}" | median)
image_seconds=$(awk -v n="$images" -v r="$image_rate" 'BEGIN { printf "%.3f", n / r }')
ratio=$(awk -v a="$image_rate" -v b="$limit_rate" 'BEGIN { printf "%.2f", a / b }')
load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD)
echo "loans: $rows rows in $loans_seconds s = $loans_rate rows/s, peak RSS $loans_rss MiB"
echo "text-orientation: $images images, median of $repeat: $image_rate images/s (job) vs $limit_rate images/s (in-process limit) = ${ratio}x, peak RSS $image_rss MiB"
echo "  rounds (limit, job): $(for ((i = 0; i < repeat; i++)); do printf '(%s, %s) ' "${limit_rates[i]}" "${job_rates[i]}"; done)"

if [ "$append" = 1 ]; then
  {
    echo
    echo "## Batch prediction ($(date -u +%Y-%m-%d), commit $commit)"
    echo "Command: \`scripts/bench-batch.sh\` (modelserving-batch, $workers workers, default threads). Machine: $(nproc) cores, $cpu; load average at the end $load."
    echo
    echo "| Job | Items | Seconds | Items/s | Peak RSS |"
    echo "| --- | --- | --- | --- | --- |"
    echo "| loans, CSV, \`--instance-type object --batch-size 1024\` | $rows rows | $loans_seconds | $loans_rate rows/s | $loans_rss MiB |"
    echo "| text-orientation, file-list of JPEGs, \`--batch-size $image_batch\` (median of $repeat) | $images images | $image_seconds | $image_rate images/s | $image_rss MiB |"
    echo
    echo "In-process limit of the images job (\`modelserving-batch limit\`, same files, batch size, workers and threads; median of $repeat, alternating with the job): $limit_rate images/s; job / limit = **${ratio}x** (target >= 0.9x)."
    echo "Rounds (limit, job): $(for ((i = 0; i < repeat; i++)); do printf '(%s, %s) ' "${limit_rates[i]}" "${job_rates[i]}"; done)"
  } >> "$REPO_ROOT/docs/benchmarks.md"
  log "appended to docs/benchmarks.md"
fi
