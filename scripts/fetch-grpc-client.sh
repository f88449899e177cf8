#!/usr/bin/env bash
# Installs the pinned gRPC client libraries (@grpc/grpc-js, @grpc/proto-loader; versions and sha512 integrity
# of every package in scripts/grpc-client/package-lock.json) into $MODELSERVING_CACHE/grpc-client/<lock digest> with `npm ci`
# and prints that directory. Idempotent: a complete install for the same lock file is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

lock="$REPO_ROOT/scripts/grpc-client/package-lock.json"
digest="$(openssl dgst -sha256 -r "$lock" | cut -c1-16)"
dest="$MODELSERVING_CACHE/grpc-client/$digest"
if [ -f "$dest/.complete" ]; then
  printf '%s\n' "$dest"
  exit 0
fi

require_cmd npm "Install Node.js and npm (Debian: apt-get install nodejs npm) to run the Node gRPC client tests."
mkdir -p "$MODELSERVING_CACHE/grpc-client"
(
  flock 9
  if [ -f "$dest/.complete" ]; then exit 0; fi
  tmp="$(mktemp -d "$MODELSERVING_CACHE/grpc-client/.install.XXXXXX")"
  cp "$REPO_ROOT/scripts/grpc-client/package.json" "$lock" "$tmp/"
  log "installing the Node gRPC client libraries (npm ci, integrity from scripts/grpc-client/package-lock.json)"
  (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund >"$tmp/npm.log" 2>&1) \
    || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "npm ci for the Node gRPC client libraries failed"; }
  touch "$tmp/.complete"
  rm -rf "$dest"
  mv "$tmp" "$dest"
) 9>"$MODELSERVING_CACHE/grpc-client/.lock"
printf '%s\n' "$dest"
