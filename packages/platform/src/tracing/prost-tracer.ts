/**
 * Prost's own spans (message publish/consume, fan-out, reminder sends, WebSocket pushes): one named
 * tracer, and a helper that runs work inside a span and ends it however the work ends. With tracing
 * off the API hands out no-op spans, so callers never check.
 */
import { SpanStatusCode, context, trace, type Context, type Span, type SpanOptions } from '@opentelemetry/api'

export { SpanKind } from '@opentelemetry/api'

export const prostTracer = () => trace.getTracer('prost')

export async function inSpan<T>(
  name: string,
  options: SpanOptions & { parent?: Context },
  work: (span: Span) => Promise<T> | T,
): Promise<T> {
  const { parent, ...spanOptions } = options
  const span = prostTracer().startSpan(name, spanOptions, parent ?? context.active())
  try {
    return await context.with(trace.setSpan(parent ?? context.active(), span), () => work(span))
  } catch (error) {
    span.recordException(error as Error)
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message })
    throw error
  } finally {
    span.end()
  }
}

/** The active trace context, to run later work in it (e.g. work coalesced from several changes). */
export const activeTraceContext = (): Context => context.active()

/** Runs `work` in a trace context captured earlier with activeTraceContext. */
export const inTraceContext = <T>(captured: Context, work: () => T): T => context.with(captured, work)

/** Flushes spans not yet exported (at shutdown); nothing to do when tracing is off. */
export async function flushTraces() {
  const provider = trace.getTracerProvider() as { getDelegate?: () => unknown }
  const delegate = (provider.getDelegate?.() ?? provider) as { forceFlush?: () => Promise<void> }
  await delegate.forceFlush?.().catch(() => undefined)
}
