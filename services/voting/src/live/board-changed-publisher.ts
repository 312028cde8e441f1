/**
 * Tells other services (the Telegram bot's group cards) that an event's board changed, as a
 * `board.changed` message on the domain exchange. Coalesced per event: the first change is published
 * at once, further changes within the window are folded into one more message at its end, so a burst
 * of 200 ballots costs a handful of messages while the last one always follows the last change.
 * Only changes made on this replica are published (the others publish their own), and a failed
 * publish is logged and dropped: the next change, or an event message, brings the cards up to date.
 */
import type { FastifyBaseLogger } from 'fastify'
import { BOARD_CHANGED, type BoardChangedMessage } from '@prost/contracts'
import { newEnvelope, type AmqpClient } from '@prost/platform'

export interface BoardChangedPublisherOptions {
  amqp: Pick<AmqpClient, 'publish'>
  log: FastifyBaseLogger
  /** At most one message per event in this window (ms). */
  windowMs: number
}

export function createBoardChangedPublisher({ amqp, log, windowMs }: BoardChangedPublisherOptions) {
  /** Per event: when the window ends, and whether a change waits for it. */
  const windows = new Map<string, { timer: NodeJS.Timeout; pending: boolean }>()
  const inflight = new Set<Promise<void>>()
  let closed = false

  const publish = (eventId: string) => {
    const envelope = newEnvelope(BOARD_CHANGED, 1, {
      eventId,
      at: new Date().toISOString(),
    }) as BoardChangedMessage
    const work = amqp
      .publish(envelope)
      .catch((error: unknown) => log.warn({ err: error, eventId }, 'board.changed not published'))
    inflight.add(work)
    void work.finally(() => inflight.delete(work))
  }

  const open = (eventId: string) => {
    const entry = {
      pending: false,
      timer: setTimeout(() => {
        windows.delete(eventId)
        if (entry.pending && !closed) {
          publish(eventId)
          open(eventId)
        }
      }, windowMs),
    }
    entry.timer.unref()
    windows.set(eventId, entry)
  }

  return {
    changed(eventId: string) {
      if (closed) return
      const entry = windows.get(eventId)
      if (entry) {
        entry.pending = true
        return
      }
      publish(eventId)
      open(eventId)
    },
    /** Publishes what is still pending, then waits for the broker's confirms (before shutdown). */
    async close() {
      closed = true
      for (const [eventId, entry] of windows) {
        clearTimeout(entry.timer)
        if (entry.pending) publish(eventId)
      }
      windows.clear()
      await Promise.allSettled([...inflight])
    },
  }
}
export type BoardChangedPublisher = ReturnType<typeof createBoardChangedPublisher>
