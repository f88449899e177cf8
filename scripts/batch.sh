#!/usr/bin/env bash
# Runs a batch prediction job with modelserving-batch on the example model repository (./models), after setting up what
# is missing (as scripts/serve.sh does). Arguments go to modelserving-batch; --model-repository defaults to ./models.
# Example: scripts/batch.sh --model loans --input data/loans.csv --format csv --instance-type object --output out/loans
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
"$REPO_ROOT/scripts/setup.sh" Release
cli="$REPO_ROOT/src/ModelServing.BatchCli/bin/Release/net10.0/modelserving-batch.dll"
[ -f "$cli" ] || die "modelserving-batch was not built: $cli"
case " $* " in
  *" --model-repository "*) exec dotnet "$cli" "$@" ;;
  *) exec dotnet "$cli" --model-repository "$REPO_ROOT/models" "$@" ;;
esac
