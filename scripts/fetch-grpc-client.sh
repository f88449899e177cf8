#!/usr/bin/env bash
# Installs the pinned gRPC client libraries (@grpc/grpc-js, @grpc/proto-loader; versions and sha512 integrity
# of every package in scripts/grpc-client/package-lock.json) into $MODELSERVING_CACHE/grpc-client/<lock digest> with `npm ci`
# and prints that directory. Idempotent: a complete install for the same lock file is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

npm_ci_locked grpc-client "Node gRPC client libraries" "to run the Node gRPC client tests"
