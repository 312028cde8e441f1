/**
 * The `--import` preload every Prost process starts with (`node --import
 * @prost/platform/tracing/preload dist/server.js`). With no OTLP endpoint configured it only reads
 * two environment variables: the SDK is not even loaded. Otherwise it starts the OpenTelemetry SDK
 * before the service's modules load, so the instrumentations can wrap them.
 */
import { tracingRequested } from './tracing-switch.js'

if (tracingRequested(process.env)) {
  const { startTracing } = await import('./node-sdk.js')
  startTracing(process.env)
}
