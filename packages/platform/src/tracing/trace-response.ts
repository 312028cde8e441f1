/**
 * The `traceresponse` header (W3C Trace Context Level 2): which trace a request ended up in, so the
 * ingress can log it (scripts/stack/haproxy.ts) and a caller can look it up. Only for sampled spans.
 */
import { trace } from '@opentelemetry/api'

export function traceResponseHeader(): string | undefined {
  const span = trace.getActiveSpan()
  if (!span) return undefined
  const { traceId, spanId, traceFlags } = span.spanContext()
  if (!(traceFlags & 1)) return undefined
  return `00-${traceId}-${spanId}-01`
}
