#!/usr/bin/env bash
# `npm test`: the same provisioning as `npm start`, then lint, type checks and every test suite
# against real FerretDB, Redis, RabbitMQ, MinIO, Toxiproxy and HAProxy. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/tools.sh
ensure_node_modules
ensure_stack_tools
ensure_browser
if [ -f scripts/lib/deploy-tools.sh ]; then source scripts/lib/deploy-tools.sh; ensure_deploy_tools; fi
say "building (turbo) ..."
npx turbo run build --output-logs=errors-only >&2 || die "the build failed."
say "lint and type checks ..."
npx eslint . || die "eslint found problems."
npx turbo run typecheck --output-logs=errors-only >&2 || die "type check failed."
npx tsc -p bench || die "type check of bench/ failed."
exec npx tsx scripts/stack/test-run.ts "$@"
