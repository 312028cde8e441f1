/**
 * Whether this process exports traces: only when an OTLP endpoint is configured (the standard
 * `OTEL_*` variables, nothing of our own), and not switched off by `OTEL_SDK_DISABLED` or
 * `OTEL_TRACES_EXPORTER=none`. Read by the preload before anything else is loaded.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT
  if (!endpoint) return false
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false
  return env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() !== 'none'
}
