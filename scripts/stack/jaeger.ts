/**
 * Jaeger (the v2 binary: an OpenTelemetry Collector with Jaeger's storage and query) as the local
 * trace backend: in-memory store, OTLP/HTTP in, the UI and query API out, everything on loopback.
 * The config names every listener it enables, so nothing falls back to a default 0.0.0.0 address:
 * no gRPC, Jaeger-protocol or Zipkin receivers, no remote sampling, health, pprof or zpages
 * endpoints, and no internal metrics server. Jaeger sends nothing anywhere on its own (no usage
 * reporting). The Go module carries no built UI (only a placeholder page); a UI built from
 * jaeger-ui's source is served from a folder when there is one (`jaegerUiAssets`).
 */
import { existsSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort, isPortOpen, waitUntil } from './net.js'
import { startProcess } from './processes.js'
import type { StackDirs } from './stores.js'

/** Jaeger's own defaults: UI and query API, OTLP over HTTP, and the query gRPC API. */
export const JAEGER_DEFAULT_PORTS = { ui: 16686, otlpHttp: 4318, queryGrpc: 16685 }

/** The jaeger-ui release that matches Jaeger v1.75.0 (its UI version: the same number). */
export const JAEGER_UI_VERSION = 'v1.75.0'

/**
 * The folder of a built Jaeger UI (index.html + static/), or undefined: PROST_JAEGER_UI_DIR, else
 * ~/.cache/prost/jaeger-ui/<version> when it exists. Built from jaeger-ui's source (README "Tracing"
 * says how); neither GitHub releases nor npm carry the built files, so it is never downloaded here.
 */
export function jaegerUiAssets(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir =
    env.PROST_JAEGER_UI_DIR || path.join(os.homedir(), '.cache', 'prost', 'jaeger-ui', JAEGER_UI_VERSION)
  return existsSync(path.join(dir, 'index.html')) ? dir : undefined
}

export function renderJaegerConfig(ports: typeof JAEGER_DEFAULT_PORTS, uiAssets?: string) {
  return `# Rendered by scripts/stack/jaeger.ts; do not edit.
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    # Jaeger's own traces and metrics would go to localhost:4317 / a :8888 server: neither is wanted.
    metrics:
      level: none
    traces:
      level: none
    logs:
      level: warn

extensions:
  jaeger_query:
    # On by default: the query service would trace itself to localhost:4317.
    enable_tracing: false
    storage:
      traces: memory_store
    http:
      endpoint: 127.0.0.1:${ports.ui}
    grpc:
      endpoint: 127.0.0.1:${ports.queryGrpc}${
        uiAssets ? `\n    ui:\n      assets_path: ${JSON.stringify(uiAssets)}` : ''
      }
  jaeger_storage:
    backends:
      memory_store:
        memory:
          max_traces: 100000

receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${ports.otlpHttp}

processors:
  batch:
    timeout: 200ms

exporters:
  jaeger_storage_exporter:
    trace_storage: memory_store
`
}

export interface Jaeger {
  /** The UI and query API, e.g. http://127.0.0.1:16686 (GET /api/services, /api/traces). */
  url: string
  /** The built UI it serves, or undefined (then :16686 is Jaeger's placeholder; the API still answers). */
  uiAssets: string | undefined
  /** What OTEL_EXPORTER_OTLP_ENDPOINT should be for processes exporting to it. */
  otlpEndpoint: string
  stop: () => Promise<void>
  logFile: string
  /** Its process id (benchmarks read its CPU time). */
  pid: number | undefined
}

/**
 * Starts Jaeger on its default ports (`npm start`), or on free ones (`ports: 'free'`, tests). Throws
 * when a default port is taken, naming it.
 */
export async function startJaeger(
  dirs: StackDirs,
  options: { ports?: 'default' | 'free'; name?: string } = {},
): Promise<Jaeger> {
  const bin = process.env.PROST_JAEGER_BIN
  if (!bin)
    throw new Error('PROST_JAEGER_BIN is not set: run through `npm start`/`npm test`, which build Jaeger.')
  const ports =
    options.ports === 'free'
      ? { ui: await freePort(), otlpHttp: await freePort(), queryGrpc: await freePort() }
      : JAEGER_DEFAULT_PORTS
  if (options.ports !== 'free') {
    for (const [what, port] of Object.entries(ports))
      if (await isPortOpen(port))
        throw new Error(
          `port ${port} (Jaeger ${what}) is taken: stop what uses it, or run with PROST_TRACING=off.`,
        )
  }
  const name = options.name ?? 'jaeger'
  const configFile = path.join(dirs.data, `${name}.yaml`)
  const uiAssets = jaegerUiAssets()
  writeFileSync(configFile, renderJaegerConfig(ports, uiAssets))
  const proc = startProcess(name, bin, ['--config', configFile], {
    logDir: dirs.logs,
    // Never inherit the OTLP settings meant for the services (Jaeger would trace itself into itself).
    env: { PATH: process.env.PATH, HOME: process.env.HOME, OTEL_SDK_DISABLED: 'true' },
  })
  const url = `http://127.0.0.1:${ports.ui}`
  await waitUntil(
    async () =>
      (await fetch(`${url}/api/services`, { signal: AbortSignal.timeout(1000) })).ok &&
      (await isPortOpen(ports.otlpHttp)),
    30_000,
    `Jaeger did not start; see ${proc.logFile}`,
  )
  return {
    url,
    uiAssets,
    otlpEndpoint: `http://127.0.0.1:${ports.otlpHttp}`,
    stop: () => proc.stop(),
    logFile: proc.logFile,
    pid: proc.child.pid,
  }
}
