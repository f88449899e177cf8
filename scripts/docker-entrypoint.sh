#!/usr/bin/env bash
# Container entrypoint: maps the container contracts onto the gateway and exec's it, so the gateway is PID 1's process and
# receives SIGTERM directly (graceful shutdown: readiness 503, drain, in-flight requests finish).
#   TF Serving:  MODEL_BASE_PATH (default /models) and MODEL_NAME (serve only that model, from $MODEL_BASE_PATH/$MODEL_NAME)
#   Vertex AI:   AIP_HTTP_PORT, AIP_HEALTH_ROUTE, AIP_PREDICT_ROUTE, AIP_STORAGE_URI, AIP_MODEL_NAME (read by the gateway;
#                AIP_* also selects the 1.5 MB request body profile)
#   Explicit:    MODEL_REPOSITORY wins over both; PORT sets the port when AIP_HTTP_PORT is absent (default 8501).
# Arguments starting with '-' go to the gateway; any other first argument is run instead (e.g. "bash").
set -euo pipefail

GATEWAY_DLL="${MODELSERVING_GATEWAY_DLL:-/app/ModelServing.Gateway.dll}"

if [ "$#" -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec "$@"
fi

# A remote MODEL_BASE_PATH (s3://, gs://, az://, https://) is mirrored by the gateway, and AZUREML_MODEL_DIR names the
# model AzureML mounted: neither is a directory to check or to default here.
if [ -z "${MODEL_REPOSITORY:-}" ] && [ -z "${AIP_STORAGE_URI:-}" ] && [ -z "${AZUREML_MODEL_DIR:-}" ]; then
  export MODEL_BASE_PATH="${MODEL_BASE_PATH:-/models}"
  if [[ "$MODEL_BASE_PATH" != *://* ]] && [ ! -d "$MODEL_BASE_PATH" ]; then
    echo "docker-entrypoint: model directory '$MODEL_BASE_PATH' does not exist (mount models at /models or set MODEL_BASE_PATH)" >&2
    exit 64
  fi
fi

args=()
if [ -z "${AIP_HTTP_PORT:-}" ] && [ -n "${PORT:-}" ]; then
  args+=(--port "$PORT")
fi

if [ ! -f "$GATEWAY_DLL" ]; then
  echo "docker-entrypoint: gateway '$GATEWAY_DLL' not found" >&2
  exit 66
fi

exec dotnet "$GATEWAY_DLL" "${args[@]}" "$@"
