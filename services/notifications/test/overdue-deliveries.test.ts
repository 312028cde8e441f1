import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { metricValue } from '@prost/platform/testing'
import { buildWorker, eventState, openStore, testConfig, type TestWorker } from './helper.js'
import { newDelivery, toStateDoc } from '../src/reminders/reminder-planner.js'
import type { DeliveryDoc, DeliveryKind, DeliveryStatus } from '../src/store/documents.js'
import { offsetClock } from '../src/clock.js'

const MINUTE = 60_000

describe('overdue delivery gauges (real FerretDB, the worker scraped as Prometheus would)', () => {
  // The worker lives three hours ahead: "overdue" must be judged by its clock, not the system's.
  const clock = offsetClock(180 * MINUTE)
  const config = testConfig()
  let worker: TestWorker
  let db: Awaited<ReturnType<typeof openStore>>
  const event = toStateDoc(
    eventState({ version: 1, startsAt: new Date(clock.now().getTime() + 60 * MINUTE), participants: ['p0'] }),
    clock.now(),
  )
  /** A delivery of `kind` in `status`, due `minutesAgo` before the worker's now (negative: ahead). */
  const delivery = (
    id: string,
    kind: DeliveryKind,
    status: DeliveryStatus,
    minutesAgo: number,
  ): DeliveryDoc => {
    const dueAt = new Date(clock.now().getTime() - minutesAgo * MINUTE)
    return { ...newDelivery(id, kind, event, 'p0', event.final!.startsAt, dueAt, dueAt), status }
  }
  const overdue = (kind: DeliveryKind) => metricValue('prost_reminder_overdue_deliveries', { kind })
  const oldest = (kind: DeliveryKind) => metricValue('prost_reminder_oldest_overdue_seconds', { kind })

  beforeAll(async () => {
    db = await openStore(config)
    // Nothing of the worker runs: the deliveries below stay exactly as inserted.
    worker = await buildWorker(
      { ...config, LOG_LEVEL: 'silent' },
      { clock, run: { planner: false, scheduler: false, sender: false } },
    )
  })

  afterAll(async () => {
    await worker?.close()
    await db?.close()
  })

  it('counts unsent deliveries more than a minute past due, per kind, and how long the oldest waits', async () => {
    await db.store.deliveries.insertMany([
      delivery('due-10-minutes-ago', 'reminder', 'pending', 10),
      delivery('due-in-20-minutes', 'reminder', 'pending', -20),
      delivery('sent-long-ago', 'reminder', 'sent', 300),
      // Done or never meant to go out: failed, skipped, cancelled.
      delivery('failed-long-ago', 'reminder', 'failed', 300),
      delivery('skipped-long-ago', 'reminder', 'skipped', 300),
      delivery('cancelled-long-ago', 'reminder', 'cancelled', 300),
      // Within the grace: a scheduler pass will take it.
      delivery('due-30-seconds-ago', 'reminder', 'pending', 0.5),
      // Claimed, and being sent, but neither went out.
      delivery('notice-queued-3-minutes-ago', 'finalized', 'queued', 3),
      delivery('notice-sending-5-minutes-ago', 'finalized', 'sending', 5),
    ])

    expect(await overdue('reminder')).toBe(1)
    const reminderAge = await oldest('reminder')
    expect(reminderAge).toBeGreaterThanOrEqual(600)
    expect(reminderAge).toBeLessThan(600 + 30) // the seconds this test took
    expect(await overdue('finalized')).toBe(2)
    expect(Math.round((await oldest('finalized')) / 60)).toBe(5)
    // A kind with nothing overdue reads 0, not "no data".
    expect(await overdue('nudge')).toBe(0)
    expect(await oldest('nudge')).toBe(0)
  })

  it('drops a delivery once it went out', async () => {
    await db.store.deliveries.updateOne(
      { _id: 'due-10-minutes-ago' },
      { $set: { status: 'sent', sentAt: clock.now() } },
    )
    expect(await overdue('reminder')).toBe(0)
    expect(await oldest('reminder')).toBe(0)
  })
})
