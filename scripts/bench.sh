#!/usr/bin/env bash
# `npm run bench`: the same provisioning as `npm test`, then every benchmark in one table (bench/run.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/tools.sh
ensure_node_modules
ensure_stack_tools
npx turbo run build --output-logs=errors-only >&2 || die "the build failed."
exec npx tsx scripts/stack/bench-run.ts "$@"
