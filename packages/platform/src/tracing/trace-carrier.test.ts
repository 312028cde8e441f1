import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { context, propagation, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { contextFromCarrier, currentTraceCarrier, linkFromCarrier } from './trace-carrier.js'
import { traceLogFields } from './log-correlation.js'
import { traceResponseHeader } from './trace-response.js'
import { inSpan } from './prost-tracer.js'
import { tracingRequested } from './tracing-switch.js'

const exporter = new InMemorySpanExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  propagation.setGlobalPropagator(new W3CTraceContextPropagator())
  trace.setGlobalTracerProvider(provider)
})

afterAll(() => {
  trace.disable()
  propagation.disable()
  context.disable()
})

describe('trace context carried by hand', () => {
  it('carries nothing outside a span', () => {
    expect(currentTraceCarrier()).toBeUndefined()
    expect(traceLogFields()).toEqual({})
    expect(traceResponseHeader()).toBeUndefined()
    expect(linkFromCarrier(undefined)).toEqual([])
  })

  it('carries the active span into a payload and continues it on the other side', async () => {
    const carried = await inSpan('publish side', {}, (span) => {
      const carrier = currentTraceCarrier()!
      expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`)
      expect(traceLogFields()).toEqual({
        trace_id: span.spanContext().traceId,
        span_id: span.spanContext().spanId,
      })
      expect(traceResponseHeader()).toBe(carrier.traceparent)
      return { carrier, ids: span.spanContext() }
    })
    // A JSON round trip, as through Redis or a Mongo document.
    const received = JSON.parse(JSON.stringify(carried.carrier)) as Record<string, unknown>
    await inSpan('receive side', { parent: contextFromCarrier(received) }, (span) => {
      expect(span.spanContext().traceId).toBe(carried.ids.traceId)
    })
    const receive = exporter.getFinishedSpans().find((s) => s.name === 'receive side')!
    expect(receive.parentSpanContext?.spanId).toBe(carried.ids.spanId)
    // A link instead of a parent: a later trace of its own that points back.
    const [link] = linkFromCarrier(carried.carrier)
    expect(link!.context.traceId).toBe(carried.ids.traceId)
    expect(link!.context.spanId).toBe(carried.ids.spanId)
  })

  it('ignores a malformed traceparent (it starts a fresh trace instead)', () => {
    expect(linkFromCarrier({ traceparent: '00-not-a-trace' })).toEqual([])
    expect(trace.getSpanContext(contextFromCarrier({ traceparent: 42 }))).toBeUndefined()
  })

  it('ends the span and marks it failed when the work throws', async () => {
    await expect(inSpan('failing', {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    const failing = exporter.getFinishedSpans().find((s) => s.name === 'failing')!
    expect(failing.status.code).toBe(2)
    expect(failing.events.map((e) => e.name)).toContain('exception')
  })
})

describe('tracingRequested', () => {
  it('is on only with an OTLP endpoint and not switched off', () => {
    expect(tracingRequested({})).toBe(false)
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true)
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toBe(true)
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_SDK_DISABLED: 'true' })).toBe(
      false,
    )
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_EXPORTER: 'none' })).toBe(
      false,
    )
  })
})
