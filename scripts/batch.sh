#!/usr/bin/env bash
# Runs a batch prediction job with modelserving-batch on the example model repository (./models), after setting up what
# is missing (as scripts/serve.sh does). Arguments go to modelserving-batch; --model-repository defaults to ./models.
# Example: scripts/batch.sh --model loans --input data/loans.csv --format csv --instance-type object --output out/loans
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
exec_batch_cli "" "$@"
