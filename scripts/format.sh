#!/usr/bin/env bash
# Formats the repository's C# code with dotnet format (the ONNX Runtime sources in the cache are left alone).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"
dotnet format ModelServing.sln --exclude "$(realpath -m --relative-to="$REPO_ROOT" "$MODELSERVING_CACHE")" "$@"
