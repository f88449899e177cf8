#!/usr/bin/env bash
# Proves the GPU flavour on a machine without a GPU: builds the gateway against Microsoft.ML.OnnxRuntime.Gpu.Linux
# (-p:OnnxRuntimeFlavor=GpuLinux, into bin/gpulinux/ beside the CPU build), starts it on ./models, checks that it logs the
# one line saying why CUDA is unavailable and serves every example model on the CPU, and compares its predictions with the
# CPU build's on the same requests (loans rows, samples/ text lines, samples/page.jpg).
#   scripts/check-gpu-flavour.sh [--no-build]
# Prints one line per check and ends with "gpu-flavour: N passed, N failed" (scripts/test.sh adds them to its count).
# On a machine with CUDA 13 and cuDNN 9 the first check fails by design: the models then run on CUDA, not the CPU.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_cmd python3 "Install python3 (Debian: apt-get install python3); it compares the two builds' answers."
require_cmd curl "Install curl (Debian: apt-get install curl)."
cd "$REPO_ROOT"

cpu_dll="src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll"
gpu_dll="src/ModelServing.Gateway/bin/gpulinux/Release/net10.0/ModelServing.Gateway.dll"
[ -f "$cpu_dll" ] || die "the CPU build is missing: run scripts/setup.sh first"
for f in samples/page.jpg samples/text-line.jpg samples/text-line-180.jpg models/text-orientation/1/model.onnx; do
  [ -f "$f" ] || die "$f is missing: run scripts/setup.sh first"
done

if [ "${1:-}" != "--no-build" ]; then
  log "building the GPU flavour (Microsoft.ML.OnnxRuntime.Gpu.Linux) into bin/gpulinux/"
  dotnet build src/ModelServing.Gateway -c Release -p:OnnxRuntimeFlavor=GpuLinux -nologo -clp:ErrorsOnly -v:q ${SETUP_BUILD_ARGS:-} >&2 \
    || die "GPU flavour build failed"
fi
[ -f "$gpu_dll" ] || die "GPU flavour build produced no $gpu_dll"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT


# start NAME DLL: starts a gateway on ./models on a free loopback port and waits for /readyz; sets $port. (Not run in a
# command substitution: the gateway must be this shell's child so the EXIT trap stops it.)
start() {
  local name="$1" dll="$2"
  port="$(free_port)"
  MALLOC_ARENA_MAX=1 dotnet "$dll" --model-repository models --urls "http://127.0.0.1:$port" --grpc-port 0 >"$work/$name.log" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 120))
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log" >&2; die "the $name gateway exited"; }
    [ $SECONDS -lt $deadline ] || { cat "$work/$name.log" >&2; die "the $name gateway was not ready within 120 s"; }
    sleep 0.2
  done
}

start cpu "$cpu_dll"; cpu_port="$port"
start gpu "$gpu_dll"; gpu_port="$port"
log "CPU build on :$cpu_port, GPU flavour on :$gpu_port"

printf '%s' '{"instances":[{"income":2000,"credit_cards":2,"age":45},{"income":8000,"credit_cards":0,"age":30},{"income":150,"credit_cards":7,"age":90}]}' >"$work/loans.json"
printf '{"instances":[{"b64":"%s"},{"b64":"%s"}]}' "$(base64 -w0 samples/text-line.jpg)" "$(base64 -w0 samples/text-line-180.jpg)" >"$work/text-orientation.json"
printf '{"instances":[{"b64":"%s"}]}' "$(base64 -w0 samples/page.jpg)" >"$work/text-detection.json"
for model in loans text-orientation text-detection; do
  for build in cpu gpu; do
    port_var="${build}_port"
    curl -fsS -X POST "http://127.0.0.1:${!port_var}/v1/models/$model:predict" --data-binary "@$work/$model.json" >"$work/$model.$build.out" \
      || die "$model predict failed on the $build build"
    curl -fsS "http://127.0.0.1:${!port_var}/v1/models/$model/metadata" >"$work/$model.$build.meta" \
      || die "$model metadata failed on the $build build"
  done
done
grep -hE "CUDA|prefers" "$work/gpu.log" >"$work/fallback.txt" || true

python3 - "$work" <<'PY'
import json, math, sys
work = sys.argv[1]
passed = failed = 0

def check(ok, what):
    global passed, failed
    print(("ok    " if ok else "FAIL  ") + what)
    if ok:
        passed += 1
    else:
        failed += 1

lines = open(f"{work}/fallback.txt").read().splitlines()
reason = [l for l in lines if "CUDA is unavailable" in l]
check(len(reason) == 1, f"GPU flavour logs one line saying why CUDA is unavailable: {reason[0].strip() if reason else lines}")
cpu_log = open(f"{work}/cpu.log").read()
check("CUDA" not in cpu_log, "CPU build logs nothing about CUDA for models that name no provider")

def numbers(value, path="$"):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        yield path, value
    elif isinstance(value, (int, float)):
        yield path, float(value)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numbers(v, f"{path}[{i}]")
    else:
        for k in sorted(value):
            yield from numbers(value[k], f"{path}.{k}")

for model in ["loans", "text-orientation", "text-detection"]:
    meta = json.load(open(f"{work}/{model}.gpu.meta"))
    provider = meta.get("metadata", {}).get("runtime", {}).get("execution_provider")
    check(provider == "cpu", f"{model}: GPU flavour serves it on the CPU (metadata says {provider!r})")
    cpu = list(numbers(json.load(open(f"{work}/{model}.cpu.out"))))
    gpu = list(numbers(json.load(open(f"{work}/{model}.gpu.out"))))
    same_shape = [p for p, _ in cpu] == [p for p, _ in gpu]
    diff = 0.0
    if same_shape:
        for (_, a), (_, b) in zip(cpu, gpu):
            if isinstance(a, float) and isinstance(b, float):
                diff = max(diff, abs(a - b))
            elif a != b:
                diff = math.inf
    check(same_shape and diff <= 1e-5, f"{model}: GPU flavour answers as the CPU build ({len(cpu)} values, largest difference {diff:g})")

orientation = json.load(open(f"{work}/text-orientation.gpu.out"))["predictions"]
check([p[0]["label"] for p in orientation] == ["0", "180"], f"text-orientation: upright line read as 0, turned line as 180 ({[p[0] for p in orientation]})")
boxes = json.load(open(f"{work}/text-detection.gpu.out"))["predictions"][0]
check(len(boxes) == 3, f"text-detection: the three text lines of samples/page.jpg found ({len(boxes)} boxes)")
loans = json.load(open(f"{work}/loans.gpu.out"))["predictions"]
check([p["approved"] for p in loans] == [0, 1, 0], f"loans: approvals {[p['approved'] for p in loans]} (expected [0, 1, 0])")

print(f"gpu-flavour: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
