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
import { createLeadingWindow } from './leading-window.js'

export interface BoardChangedPublisherOptions {
  amqp: Pick<AmqpClient, 'publish'>
  log: FastifyBaseLogger
  /** At most one message per event in this window (ms). */
  windowMs: number
}

export function createBoardChangedPublisher({ amqp, log, windowMs }: BoardChangedPublisherOptions) {
  const inflight = new Set<Promise<void>>()

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
  const windows = createLeadingWindow<null>(windowMs, publish)

  return {
    changed(eventId: string) {
      windows.add(eventId, null)
    },
    /** Publishes what is still pending, then waits for the broker's confirms (before shutdown). */
    async close() {
      for (const [eventId] of windows.close()) publish(eventId)
      await Promise.allSettled([...inflight])
    },
  }
}

export type BoardChangedPublisher = ReturnType<typeof createBoardChangedPublisher>
