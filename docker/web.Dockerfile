# syntax=docker/dockerfile:1.7
# The SPA: built with Vite, served as static files by unprivileged nginx on port 3000.
#   docker build -f docker/web.Dockerfile -t prost-web .

ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

FROM ${NODE_IMAGE} AS prune
WORKDIR /app
ARG TURBO_VERSION=2.10.0
COPY . .
RUN npx --yes "turbo@${TURBO_VERSION}" prune @prost/web --docker

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=prune /app/out/json/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY --from=prune /app/out/full/ ./
RUN npx turbo run build --filter="@prost/web..."

FROM ${NGINX_IMAGE} AS runtime
COPY docker/web.nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/web/dist/ /usr/share/nginx/html/
# nginx-unprivileged runs as uid 101 and keeps its pid and temp files in /tmp.
USER 101:101
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:3000/healthz"]
