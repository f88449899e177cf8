#!/usr/bin/env bash
# OCR accuracy on a generated, deterministic set: renders pages (or single lines) with ImageMagick and the DejaVu fonts,
# known text beside each, posts them to a running gateway and prints character and exact-line accuracy (and JSON).
#   scripts/ocr-accuracy.sh URL [--mode page|line] [--count N] [--seed S] [--rotated] [--batch N] [--model M] [--confirm-turns] [--keep DIR] [--json FILE]
# page (default): 1000x900 pages of 12 lines (18-48 px, words and digits) to POST URL/v1/models/ocr:predict; --rotated
# turns 2-3 lines of each page by 180 degrees; --model chain calls text-detection, text-orientation and text-recognition
# one by one from the client instead (a baseline; --confirm-turns reads crops the classifier turns both ways).
# line: single lines to text-recognition (--batch per request, default 1).
# Defaults: 50 pages or 300 lines, seed 17. The set is rendered into a temporary directory (or --keep DIR, reused if there).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_cmd python3 "Install python3 (Debian: apt-get install python3)."
[ -x /usr/bin/convert ] || die "ImageMagick is missing: run scripts/setup.sh (or apt-get install imagemagick fonts-dejavu-core)."
[ $# -ge 1 ] || die "usage: scripts/ocr-accuracy.sh URL [--mode page|line] [--count N] [--seed S] [--rotated] [--batch N] [--model M] [--confirm-turns] [--keep DIR] [--json FILE]"
url="$1"
shift
mode=page count="" seed=17 rotated="" batch=1 model="" confirm="" keep="" json=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --rotated) rotated="--rotated"; shift ;;
    --batch) batch="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --confirm-turns) confirm="--confirm-turns"; shift ;;
    --keep) keep="$2"; shift 2 ;;
    --json) json="$2"; shift 2 ;;
    *) die "unknown argument: $1" ;;
  esac
done
count="${count:-$([ "$mode" = page ] && echo 50 || echo 300)}"
tool="$REPO_ROOT/scripts/ocr-accuracy/ocr_accuracy.py"
if [ -n "$keep" ]; then
  dir="$keep"
else
  dir="$(mktemp -d)"
  trap 'rm -rf "$dir"' EXIT
fi
if ! ls "$dir/$mode-"*.json >/dev/null 2>&1; then
  log "rendering $count ${mode}s (seed $seed${rotated:+, some lines turned 180 degrees}) into $dir"
  python3 "$tool" generate --out "$dir" --count "$count" --seed "$seed" --mode "$mode" $rotated >&2
fi
python3 "$tool" score "$url" --dir "$dir" --mode "$mode" --batch "$batch" ${model:+--model "$model"} $confirm ${json:+--json "$json"}
