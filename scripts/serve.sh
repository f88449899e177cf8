#!/usr/bin/env bash
# Starts the gateway on the example model repository (./models) on port 8501, after setting up what is missing.
# Extra arguments go to the gateway, e.g. scripts/serve.sh --model-repository /srv/models --port 9000
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
"$REPO_ROOT/scripts/setup.sh" Release
cd "$REPO_ROOT"
# One glibc malloc arena: native memory an unloaded model frees is not stranded in per-thread arenas (docs/model-config.md).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
exec dotnet "$REPO_ROOT/src/ModelServing.Gateway/bin/Release/net10.0/ModelServing.Gateway.dll" --model-repository "$REPO_ROOT/models" "$@"
