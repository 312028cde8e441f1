/**
 * How a process the stack starts is traced: the kit's preload on the command line, and the standard
 * OTEL_* variables naming the collector and the process (`prost-events`, `prost-notifications-worker`).
 * Without an endpoint the preload loads nothing, so every process can always carry it.
 */
import { fileURLToPath } from 'node:url'

/** The built preload (packages/platform/dist), for `node --import`. */
export const TRACING_PRELOAD = fileURLToPath(
  new URL('../../packages/platform/dist/tracing/preload.js', import.meta.url),
)

/** OTEL_* for one process; none (tracing off) without an endpoint. */
export function tracedProcessEnv(name: string, otlpEndpoint: string | undefined): Record<string, string> {
  if (!otlpEndpoint) return {}
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_SERVICE_NAME: `prost-${name}`,
  }
}
