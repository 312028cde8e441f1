/**
 * Applies the events service's event.* / participant.joined messages to the read model and tells
 * live subscribers; relays comment.posted to them as a notice (no read model involved). Every
 * replica consumes one shared durable queue (each message is applied once; the board change then
 * reaches the other replicas through the fan-out). Messages that do not match the contract are
 * dead-lettered; a database outage (or a lock held too long) requeues them.
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { EVENT_MESSAGE_TYPES, type BoardChangeType, type EventState } from '@prost/contracts'
import { commentPostedChecker, describeRefusal, eventMessageChecker } from '@prost/contracts/checkers'
import {
  HttpProblem,
  isDatabaseUnavailable,
  RetryLater,
  type MessageHandler,
  type QueueSpec,
} from '@prost/platform'
import type { EventReadModel } from './event-read-model.js'
import type { BoardFeed } from '../live/board-feed.js'

const COMMENT_POSTED = 'comment.posted'

export function eventStateQueue(name: string, expiresMs?: number): QueueSpec {
  return {
    name,
    bindings: [...EVENT_MESSAGE_TYPES, COMMENT_POSTED].map((pattern) => ({ pattern })),
    // A queue that expires is a throwaway one (tests); it keeps no dead-letter queue behind.
    deadLetter: expiresMs === undefined,
    arguments: expiresMs === undefined ? {} : { 'x-expires': expiresMs },
  }
}

const CHANGE: Record<(typeof EVENT_MESSAGE_TYPES)[number], BoardChangeType> = {
  'event.created': 'event.changed',
  'event.updated': 'event.changed',
  'event.rescheduled': 'event.changed',
  'participant.joined': 'event.changed',
  'participant.removed': 'event.changed',
  'participant.left': 'event.changed',
  'event.finalized': 'event.finalized',
  'event.cancelled': 'event.cancelled',
}

export interface EventStateHandlerDeps {
  readModel: EventReadModel
  feed: BoardFeed
  commentsChanged: (eventId: string) => void
  /** Marks kept boards of the event stale (board/board-cache.ts); before the message is acked. */
  boardChanged?: (eventId: string) => Promise<void>
  /** Deletes a participant's ballot and its tally entry (participant.removed / participant.left). */
  dropBallot?: (eventId: string, participantId: string) => Promise<void>
}

const DEPARTURES = new Set(['participant.removed', 'participant.left'])

export function eventStateHandler({
  readModel,
  feed,
  commentsChanged,
  boardChanged,
  dropBallot,
}: EventStateHandlerDeps): MessageHandler {
  return async (envelope) => {
    if (envelope.type === COMMENT_POSTED) {
      if (!commentPostedChecker.Check(envelope)) {
        throw new Error(
          `not a known comment message (v${envelope.version}): ${describeRefusal(commentPostedChecker, envelope)}`,
        )
      }
      commentsChanged(envelope.payload.eventId)
      return
    }
    if (!eventMessageChecker.Check(envelope)) {
      throw new Error(
        `not a known event message (${envelope.type} v${envelope.version}): ${describeRefusal(eventMessageChecker, envelope)}`,
      )
    }
    const { participant, ...state } = envelope.payload as EventState & { participant?: { id: string } }
    try {
      let changed = await readModel.apply(state)
      if (DEPARTURES.has(envelope.type) && participant && dropBallot) {
        // Idempotent, and also on a redelivery (the apply then changes nothing) so a crash between
        // the two steps is finished; but never once they are back in the event (a late message of
        // an old departure must not delete the ballot of their return).
        const current = await readModel.get(state.eventId)
        if (current && !current.participants.some((p) => p.id === participant.id)) {
          await dropBallot(state.eventId, participant.id)
          changed = true
        }
      }
      if (changed) {
        await boardChanged?.(state.eventId)
        feed.changed(state.eventId, CHANGE[envelope.type])
      }
    } catch (error) {
      // Database down, or the event's apply lock busy for too long: both pass, so try again later.
      const transient =
        isDatabaseUnavailable(error) ||
        (error instanceof HttpProblem && error.kind === 'dependency-unavailable')
      if (transient) throw new RetryLater((error as Error).message, { cause: error })
      throw error
    }
  }
}

export interface EventStateConsumerOptions {
  /** The durable queue this service's replicas share (EVENT_QUEUE), declared in the kit's topology. */
  queue: string
}

export const eventStateConsumer = fp<EventStateConsumerOptions>(
  async function eventStateConsumer(fastify: FastifyInstance, { queue }) {
    const { eventReadModel, boardFeed, boardFanout, liveBoard, boardCache, ballotWrites } = fastify
    const commentsChanged = (eventId: string) => {
      liveBoard.notify(eventId, 'comments.changed')
      boardFanout.publish(eventId, 'comments.changed')
    }
    const handler = eventStateHandler({
      readModel: eventReadModel,
      feed: boardFeed,
      commentsChanged,
      boardChanged: (eventId) => boardCache.changed(eventId),
      dropBallot: (eventId, participantId) => ballotWrites.remove(eventId, participantId),
    })
    await fastify.amqp.consume(queue, handler, { prefetch: 20 })
  },
  {
    name: 'voting-event-state-consumer',
    dependencies: [
      'amqp',
      'voting-event-read-model',
      'voting-live',
      'voting-board-cache',
      'voting-ballot-writes',
    ],
  },
)
