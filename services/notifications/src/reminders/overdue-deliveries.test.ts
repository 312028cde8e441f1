import { describe, expect, it, vi } from 'vitest'
import { createOverdueDeliveries, summarizeOverdue } from './overdue-deliveries.js'
import type { Store } from '../store/store.js'
import type { DeliveryDoc } from '../store/documents.js'

const now = new Date('2026-03-01T18:00:00Z')
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000)

/** A deliveries collection whose finds answer with `answer()` (per status queried), recording the filters. */
function deliveriesAnswering(answer: () => Promise<Pick<DeliveryDoc, 'kind' | 'dueAt'>[]>) {
  const filters: unknown[] = []
  const deliveries = {
    find(filter: { status: string }) {
      filters.push(filter)
      const cursor = {
        maxTimeMS: () => cursor,
        // Each status's query answers for its own status only: one answer in total, on 'pending'.
        toArray: () => (filter.status === 'pending' ? answer() : Promise.resolve([])),
        close: async () => undefined,
      }
      return cursor
    },
  }
  return { store: { deliveries } as unknown as Pick<Store, 'deliveries'>, filters }
}

describe('summarizeOverdue', () => {
  it('counts per kind and keeps the age of the oldest due time', () => {
    const summary = summarizeOverdue(
      [
        { kind: 'reminder', dueAt: ago(120) },
        { kind: 'reminder', dueAt: ago(600) },
        { kind: 'nudge', dueAt: ago(90) },
      ],
      now,
    )
    expect(Object.fromEntries(summary)).toEqual({
      reminder: { count: 2, oldestSeconds: 600 },
      nudge: { count: 1, oldestSeconds: 90 },
    })
  })
})

describe('createOverdueDeliveries', () => {
  const clock = { now: () => now }

  it('asks by status equality (pending, queued, sending) for what was due before the grace', async () => {
    const { store, filters } = deliveriesAnswering(async () => [{ kind: 'reminder', dueAt: ago(600) }])
    const overdue = createOverdueDeliveries({ store, clock, log: { warn: vi.fn() } as never })
    expect((await overdue.read()).get('reminder')).toEqual({ count: 1, oldestSeconds: 600 })
    expect(filters).toEqual(
      ['pending', 'queued', 'sending'].map((status) => ({ status, dueAt: { $lt: ago(60) } })),
    )
  })

  it('keeps the last values and warns when the database fails, or does not answer in time', async () => {
    let answer: () => Promise<Pick<DeliveryDoc, 'kind' | 'dueAt'>[]> = async () => [
      { kind: 'reminder', dueAt: ago(600) },
    ]
    const { store } = deliveriesAnswering(() => answer())
    const warn = vi.fn()
    const overdue = createOverdueDeliveries({ store, clock, log: { warn } as never, timeoutMs: 50 })
    const first = await overdue.read()

    answer = () => Promise.reject(new Error('connection reset'))
    expect(await overdue.read()).toEqual(first)
    expect(warn).toHaveBeenCalledTimes(1)

    answer = () => new Promise(() => undefined) // never answers
    const started = Date.now()
    expect(await overdue.read()).toEqual(first)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(warn).toHaveBeenCalledTimes(2)
    expect(String(warn.mock.calls[1]![0].err)).toContain('no answer within 50 ms')
  })

  it('shares one read between scrapes that overlap', async () => {
    let finish: (docs: Pick<DeliveryDoc, 'kind' | 'dueAt'>[]) => void = () => undefined
    const answer = vi.fn(
      () => new Promise<Pick<DeliveryDoc, 'kind' | 'dueAt'>[]>((resolve) => (finish = resolve)),
    )
    const { store } = deliveriesAnswering(answer)
    const overdue = createOverdueDeliveries({ store, clock, log: { warn: vi.fn() } as never })
    const [a, b] = [overdue.read(), overdue.read()]
    finish([{ kind: 'nudge', dueAt: ago(120) }])
    expect(await a).toBe(await b)
    expect(answer).toHaveBeenCalledTimes(1)
  })
})
