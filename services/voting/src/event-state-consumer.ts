/**
 * Applies the events service's event.* / participant.joined messages to the read model and tells
 * live subscribers; relays comment.posted to them as a notice (no read model involved). Every replica consumes one shared durable queue (each message is applied once;
 * the board change then reaches the other replicas through the fan-out). Messages that do not match
 * the contract are dead-lettered; a database outage (or a lock held too long) requeues them.
 */
import { FormatRegistry } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { CommentPostedMessage, EVENT_MESSAGE_TYPES, EventMessageSchema, type EventState } from '@prost/contracts'
import { DatabaseUnavailableError, HttpProblem, RetryLater, type MessageHandler, type QueueSpec } from '@prost/platform'
import type { BoardChangeType } from '@prost/contracts'
import type { EventReadModel } from './event-read-model.js'
import type { BoardFeed } from './board-feed.js'

// TypeBox checks formats only once they are registered; these two are all the envelopes use.
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v))
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v)))

const checkMessage = TypeCompiler.Compile(EventMessageSchema)
const checkCommentPosted = TypeCompiler.Compile(CommentPostedMessage)
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
  'event.finalized': 'event.finalized',
  'event.cancelled': 'event.cancelled',
}

export function eventStateHandler(
  readModel: EventReadModel,
  feed: BoardFeed,
  commentsChanged: (eventId: string) => void,
): MessageHandler {
  return async (envelope) => {
    if (envelope.type === COMMENT_POSTED) {
      if (!checkCommentPosted.Check(envelope)) throw new Error(`not a known comment message (v${envelope.version})`)
      commentsChanged(envelope.payload.eventId)
      return
    }
    if (!checkMessage.Check(envelope)) {
      const first = checkMessage.Errors(envelope).First()
      throw new Error(`not a known event message (${envelope.type} v${envelope.version}): ${first?.path} ${first?.message}`)
    }
    const { participant: _participant, ...state } = envelope.payload as EventState & { participant?: unknown }
    try {
      if (await readModel.apply(state)) feed.changed(state.eventId, CHANGE[envelope.type])
    } catch (error) {
      // Database down, or the event's apply lock busy for too long: both pass, so try again later.
      const transient =
        error instanceof DatabaseUnavailableError || (error instanceof HttpProblem && error.kind === 'dependency-unavailable')
      if (transient) throw new RetryLater((error as Error).message, { cause: error })
      throw error
    }
  }
}
