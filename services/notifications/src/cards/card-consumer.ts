/**
 * The cards' queue: voting's board.changed and events' event.* messages re-render every card of
 * their event (an event message may also move the event to another zone, which the card keeps).
 * The message is acknowledged once the re-render is requested, not when the edit is made: edits wait
 * for the group's budget (seconds to a minute), and a newer change supersedes an older one anyway.
 */
import type { FastifyBaseLogger } from 'fastify'
import { BOARD_CHANGED } from '@prost/contracts'
import { boardChangedChecker, describeRefusal, eventMessageChecker } from '@prost/contracts/checkers'
import { isDuplicateKey, type MessageHandler } from '@prost/platform'
import type { Store } from '../store/store.js'
import type { CardEditor } from './card-editor.js'
import type { AllVotedWatch } from '../nudges/all-voted.js'

export function cardMessageHandler(deps: {
  store: Store
  editor: CardEditor
  log: FastifyBaseLogger
  /** "Everyone has answered" for the organizer, checked on every board change. */
  allVoted?: AllVotedWatch
}): MessageHandler {
  const { store, editor, log, allVoted } = deps
  const refresh = (eventId: string) =>
    void editor
      .refreshEvent(eventId)
      .catch((error: unknown) => log.warn({ err: error, eventId }, 'cards not refreshed'))
  return async (envelope) => {
    if (envelope.type === BOARD_CHANGED) {
      if (!boardChangedChecker.Check(envelope)) {
        log.warn({ reason: describeRefusal(boardChangedChecker, envelope) }, 'board.changed ignored')
        return
      }
      refresh(envelope.payload.eventId)
      if (allVoted) {
        const { eventId } = envelope.payload
        await allVoted
          .check(eventId)
          .catch((error: unknown) => log.warn({ err: error, eventId }, '"everyone answered" not checked'))
      }
      return
    }
    if (!eventMessageChecker.Check(envelope)) {
      // Not ours to judge (the planner dead-letters what it cannot read); a card needs nothing from it.
      log.debug({ type: envelope.type }, 'message ignored by group cards')
      return
    }
    const { eventId, timeZone, version, participants } = envelope.payload
    await store.groupCards.updateMany({ eventId, timeZone: { $ne: timeZone } }, { $set: { timeZone } })
    // RSVP answers for the final card; an older message arriving late must not undo a newer answer.
    const rsvps = participants.flatMap((p) => (p.rsvp ? [{ name: p.name, rsvp: p.rsvp }] : []))
    await store.cardRsvps
      .updateOne(
        { _id: eventId, version: { $lt: version } },
        { $set: { rsvps, version, updatedAt: new Date() } },
        { upsert: true },
      )
      .catch((error: unknown) => {
        // A newer version is stored already: the upsert collides with it, which is fine.
        if (!isDuplicateKey(error)) throw error
      })
    refresh(eventId)
  }
}
