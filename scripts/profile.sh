#!/usr/bin/env bash
# Profiles a model of the example repository (./models) with `modelserving-batch profile`, after setting up what is missing
# (as scripts/serve.sh does). Arguments go to the profile command; --model-repository defaults to ./models.
# Examples:
#   scripts/profile.sh --model loans --target-p99 5ms
#   scripts/profile.sh --model text-orientation --samples samples/text-line.jpg,samples/text-line-180.jpg --target-p99 50ms --write
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# The gateway process's runtime settings (server GC, tiered compilation), not the batch CLI's: the profile ranks configs
# as the gateway would run them.
export DOTNET_gcServer=1 DOTNET_TieredCompilation=1
exec_batch_cli profile "$@"
