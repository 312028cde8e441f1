#!/usr/bin/env bash
# `npm start`: install what is missing, build, then run the whole platform behind HAProxy on :8080.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/tools.sh
ensure_node_modules
ensure_stack_tools
say "building (turbo) ..."
npx turbo run build --output-logs=errors-only >&2 || die "the build failed; see the output above."
exec npx tsx scripts/stack/start.ts "$@"
