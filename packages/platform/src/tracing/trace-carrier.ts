/**
 * W3C trace context as a small plain object (`traceparent`, `tracestate`) that can travel where no
 * instrumentation looks: a Redis pub/sub payload, a Mongo document, message headers. Everything
 * here goes through the registered propagator, so it costs next to nothing (and carries nothing)
 * when tracing is off.
 */
import { ROOT_CONTEXT, context, propagation, trace, type Context, type Link } from '@opentelemetry/api'

export interface TraceCarrier {
  traceparent?: string
  tracestate?: string
}

/** The active trace context, or undefined when there is none to carry (tracing off, no span). */
export function currentTraceCarrier(active: Context = context.active()): TraceCarrier | undefined {
  if (!trace.getSpan(active)?.spanContext().traceId) return undefined
  const carrier: Record<string, string> = {}
  propagation.inject(active, carrier)
  if (!carrier.traceparent) return undefined
  return carrier.tracestate
    ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
    : { traceparent: carrier.traceparent }
}

/** Copies the active context into `headers` (e.g. a message's), keeping what is already there. */
export function injectTraceContext(headers: Record<string, unknown>, active: Context = context.active()) {
  propagation.inject(active, headers)
}

/** The context a carrier (or headers holding one) names, as the parent of what comes next. */
export function contextFromCarrier(carrier: Record<string, unknown> | undefined | null): Context {
  if (!carrier) return ROOT_CONTEXT
  return propagation.extract(ROOT_CONTEXT, carrier, {
    get: (c, key) => {
      const value = c[key]
      return typeof value === 'string' ? value : undefined
    },
    keys: (c) => Object.keys(c),
  })
}

/** A span link to the span a carrier names (e.g. the finalize that scheduled a reminder). */
export function linkFromCarrier(carrier: TraceCarrier | undefined | null): Link[] {
  const linked = trace.getSpanContext(contextFromCarrier(carrier as Record<string, unknown>))
  return linked && trace.isSpanContextValid(linked) ? [{ context: linked }] : []
}
