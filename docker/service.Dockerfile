# syntax=docker/dockerfile:1.7
# One image per Node service of the monorepo. Build from the repository root:
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=events -t prost-events .
# The notifications image also runs the worker: override the command with `node dist/worker.js`.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

# Keep only the workspaces the service depends on, so an unrelated change (web/, another service)
# does not invalidate the dependency layers below. out/json holds manifests + a pruned lockfile.
FROM base AS prune
ARG SERVICE
# Same turbo as package-lock.json (checked by test/deploy), fetched here because the full
# dev install happens only after pruning.
ARG TURBO_VERSION=2.10.0
RUN test -n "$SERVICE" || (echo "build with --build-arg SERVICE=<accounts|events|voting|notifications>" && exit 1)
COPY . .
RUN npx --yes "turbo@${TURBO_VERSION}" prune "@prost/${SERVICE}" --docker

FROM base AS build
ARG SERVICE
COPY --from=prune /app/out/json/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY --from=prune /app/out/full/ ./
RUN npx turbo run build --filter="@prost/${SERVICE}..."
# Collect just what runs: each workspace's package.json and dist/ (no sources, no tests).
RUN mkdir -p /out && for dir in packages/* services/*; do \
      [ -f "$dir/package.json" ] || continue; \
      mkdir -p "/out/$dir" && cp "$dir/package.json" "/out/$dir/"; \
      if [ -d "$dir/dist" ]; then cp -r "$dir/dist" "/out/$dir/"; fi; \
    done

# Production dependencies only, installed from the same pruned lockfile.
FROM base AS deps
COPY --from=prune /app/out/json/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# Every Node process of the image (the service, and the worker the chart and compose start with
# their own command) starts with the kit's tracing preload; it loads nothing unless
# OTEL_EXPORTER_OTLP_ENDPOINT is set (README "Tracing"). Resolved from the working directory below.
ENV NODE_OPTIONS="--import=@prost/platform/tracing/preload"
WORKDIR /app
COPY --from=deps --chown=1000:1000 /app/ ./
COPY --from=build --chown=1000:1000 /out/ ./
# A numeric user, so Kubernetes can verify runAsNonRoot (the image's "node" user is uid 1000).
USER 1000:1000
# An exec-form CMD does not expand build args, so the working directory carries the service
# name instead; CMD and the worker's override are relative to it.
WORKDIR /app/services/${SERVICE}
EXPOSE 3000
# node:*-slim has neither curl nor wget: Node's own fetch checks liveness.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.js"]
