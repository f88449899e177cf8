#!/usr/bin/env bash
# Installs the pinned TypeScript client tools (openapi-typescript, openapi-fetch, typescript; versions and sha512 integrity
# of every package in scripts/ts-client/package-lock.json) into $MODELSERVING_CACHE/ts-client/<lock digest> with `npm ci`
# and prints that directory. Idempotent: a complete install for the same lock file is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

lock="$REPO_ROOT/scripts/ts-client/package-lock.json"
digest="$(openssl dgst -sha256 -r "$lock" | cut -c1-16)"
dest="$MODELSERVING_CACHE/ts-client/$digest"
if [ -f "$dest/.complete" ]; then
  printf '%s\n' "$dest"
  exit 0
fi

require_cmd npm "Install Node.js and npm (Debian: apt-get install nodejs npm) to generate TypeScript clients."
mkdir -p "$MODELSERVING_CACHE/ts-client"
(
  flock 9
  if [ -f "$dest/.complete" ]; then exit 0; fi
  tmp="$(mktemp -d "$MODELSERVING_CACHE/ts-client/.install.XXXXXX")"
  cp "$REPO_ROOT/scripts/ts-client/package.json" "$lock" "$tmp/"
  log "installing the TypeScript client tools (npm ci, integrity from scripts/ts-client/package-lock.json)"
  (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund >"$tmp/npm.log" 2>&1) \
    || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "npm ci for the TypeScript client tools failed"; }
  touch "$tmp/.complete"
  rm -rf "$dest"
  mv "$tmp" "$dest"
) 9>"$MODELSERVING_CACHE/ts-client/.lock"
printf '%s\n' "$dest"
