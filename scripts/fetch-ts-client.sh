#!/usr/bin/env bash
# Installs the pinned TypeScript client tools (openapi-typescript, openapi-fetch, typescript; versions and sha512 integrity
# of every package in scripts/ts-client/package-lock.json) into $MODELSERVING_CACHE/ts-client/<lock digest> with `npm ci`
# and prints that directory. Idempotent: a complete install for the same lock file is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

npm_ci_locked ts-client "TypeScript client tools" "to generate TypeScript clients"
