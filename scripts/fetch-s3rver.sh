#!/usr/bin/env bash
# Installs the pinned S3 emulator (s3rver; versions and sha512 integrity of every package in scripts/s3rver/package-lock.json)
# into $MODELSERVING_CACHE/s3rver/<lock digest> with `npm ci` and prints that directory. The storage tests and
# scripts/bench-storage.sh start it with node on a free loopback port. Idempotent: a complete install is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

npm_ci_locked s3rver "S3 emulator (s3rver)" "to run the S3 storage tests"
