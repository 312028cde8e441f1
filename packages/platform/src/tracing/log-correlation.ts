/** A pino mixin that puts the active span's ids on every log line, so a line leads to its trace. */
import { trace } from '@opentelemetry/api'

export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan()
  if (!span) return {}
  const { traceId, spanId, traceFlags } = span.spanContext()
  // Unsampled contexts (flag bit 0 clear) have ids no backend holds: they would mislead.
  if (!(traceFlags & 1)) return {}
  return { trace_id: traceId, span_id: spanId }
}
