#!/usr/bin/env bash
# Installs the pinned Azurite (Microsoft's Azure Storage emulator; version and sha512 integrity of every package in
# scripts/azurite/package-lock.json) into $MODELSERVING_CACHE/azurite/<lock digest> with `npm ci` and prints that directory;
# the Azure Blob store tests run its node_modules/.bin/azurite-blob. Idempotent: a complete install for the same lock is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

npm_ci_locked azurite "Azurite storage emulator" "to run the Azure Blob store tests against Azurite"
