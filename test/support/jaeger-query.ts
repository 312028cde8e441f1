/** Reads traces back from Jaeger's HTTP query API (what its UI uses): `/api/services`, `/api/traces`. */

export interface JaegerTag {
  key: string
  value: unknown
}

export interface JaegerSpan {
  traceID: string
  spanID: string
  operationName: string
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[]
  processID: string
  tags: JaegerTag[]
}

export interface JaegerTrace {
  traceID: string
  spans: JaegerSpan[]
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>
}

/** A span with what the assertions need at hand: its process's service name and pid, and its tags. */
export interface SpanView extends JaegerSpan {
  service: string
  pid: unknown
  tag: (key: string) => unknown
  /** The span this one is a child of, within the trace. */
  parent: SpanView | undefined
}

export function viewOf(trace: JaegerTrace): SpanView[] {
  const views = new Map<string, SpanView>()
  for (const span of trace.spans) {
    const process = trace.processes[span.processID]
    views.set(span.spanID, {
      ...span,
      service: process?.serviceName ?? '?',
      pid: process?.tags.find((t) => t.key === 'process.pid')?.value,
      tag: (key) => span.tags.find((t) => t.key === key)?.value,
      parent: undefined,
    })
  }
  for (const view of views.values()) {
    const parent = view.references.find((r) => r.refType === 'CHILD_OF' && r.traceID === view.traceID)
    view.parent = parent ? views.get(parent.spanID) : undefined
  }
  return [...views.values()]
}

export async function jaegerServices(jaegerUrl: string): Promise<string[]> {
  const res = await fetch(`${jaegerUrl}/api/services`)
  return ((await res.json()) as { data: string[] | null }).data ?? []
}

export async function jaegerTrace(jaegerUrl: string, traceId: string): Promise<JaegerTrace | undefined> {
  const res = await fetch(`${jaegerUrl}/api/traces/${traceId}`)
  if (!res.ok) return undefined
  return ((await res.json()) as { data: JaegerTrace[] }).data[0]
}

export async function jaegerTraces(
  jaegerUrl: string,
  query: { service: string; operation?: string; limit?: number },
): Promise<JaegerTrace[]> {
  const params = new URLSearchParams({
    service: query.service,
    limit: String(query.limit ?? 100),
    lookback: '1h',
  })
  if (query.operation) params.set('operation', query.operation)
  const res = await fetch(`${jaegerUrl}/api/traces?${params}`)
  if (!res.ok) return []
  return ((await res.json()) as { data: JaegerTrace[] | null }).data ?? []
}

/** The trace id a `traceresponse`/`traceparent` header names. */
export const traceIdOf = (header: string | null | undefined) => header?.split('-')[1]
