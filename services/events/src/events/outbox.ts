/**
 * The outbox relay. A change and the messages it causes are written in one document (the event's
 * `outbox` array), so a message cannot be lost between the database write and the publish. The relay
 * publishes them (with broker confirms) right after the write, and a sweeper retries whatever a
 * crash or a broker outage left behind. Delivery is at-least-once: consumers deduplicate by id.
 */
import type { Collection, ObjectId } from 'mongodb'
import type { FastifyBaseLogger } from 'fastify'
import type { AmqpClient } from '@prost/platform'
import type { EventDoc } from './event-document.js'

export function createOutboxRelay(
  events: Collection<EventDoc>,
  amqp: AmqpClient,
  log: FastifyBaseLogger,
  /** Runs a write under the event's lock, so removing sent messages never races a change. */
  withEventLock: (id: string, work: () => Promise<void>) => Promise<void>,
) {
  const flushing = new Map<string, Promise<void>>()
  let timer: NodeJS.Timeout | undefined
  let sweeping = false

  async function flushNow(id: ObjectId) {
    const doc = await events.findOne({ _id: id }, { projection: { outbox: 1 } })
    if (!doc || doc.outbox.length === 0) return
    const published = new Set<string>()
    for (const message of doc.outbox) {
      await amqp.publish(message)
      published.add(message.id)
    }
    // Remove what was published, keeping anything appended meanwhile.
    await withEventLock(id.toHexString(), async () => {
      const fresh = await events.findOne({ _id: id }, { projection: { outbox: 1 } })
      if (!fresh) return
      const remaining = fresh.outbox.filter((m) => !published.has(m.id))
      await events.updateOne(
        { _id: id },
        { $set: { outbox: remaining, hasOutbox: remaining.length > 0 }, $inc: { rev: 1 } },
      )
    })
  }

  /** Publishes an event's pending messages; calls for the same event run one after another. */
  function flush(id: ObjectId): Promise<void> {
    const key = id.toHexString()
    const previous = flushing.get(key) ?? Promise.resolve()
    const next = previous
      .then(() => flushNow(id))
      .catch((error: unknown) =>
        log.warn({ err: error, eventId: key }, 'outbox publish failed; the sweeper will retry'),
      )
      .finally(() => {
        if (flushing.get(key) === next) flushing.delete(key)
      })
    flushing.set(key, next)
    return next
  }

  async function sweep() {
    if (sweeping) return
    sweeping = true
    try {
      const pending = await events
        .find({ hasOutbox: true }, { projection: { _id: 1 } })
        .limit(100)
        .toArray()
      await Promise.all(pending.map((doc) => flush(doc._id)))
    } catch (error) {
      log.warn({ err: error }, 'outbox sweep failed')
    } finally {
      sweeping = false
    }
  }

  return {
    flush,
    sweep,
    start(intervalMs: number) {
      timer = setInterval(() => void sweep(), intervalMs)
      timer.unref()
    },
    async stop() {
      clearInterval(timer)
      await Promise.allSettled([...flushing.values()])
    },
  }
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>
