#!/usr/bin/env bash
# Type-checks the SST config, infra/ and the infra tests without AWS.
#
# The types of `sst`, `aws` and `$app` live in .sst/platform, which
# `sst install` writes from the SST binary. It runs only when that folder
# is missing: the first time takes about a minute, later runs skip it.
set -euo pipefail

cd "$(dirname "$0")/.."

if [ ! -f .sst/platform/config.d.ts ]; then
  log="$(mktemp -t sst-install.XXXXXX.log)"
  echo "Installing the SST platform into .sst/platform (log: $log)"

  # The dependency check would download Pulumi, which is not needed here.
  SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1 \
    SST_LOG="$log" npx sst install --stage typecheck </dev/null
fi

npx tsc -p tsconfig.infra.json
npx tsc -p tests/infra/tsconfig.json
