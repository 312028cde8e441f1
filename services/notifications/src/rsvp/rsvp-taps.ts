/**
 * A tap on an RSVP button (reminder or "It's decided" notice, in the private chat): check the signed
 * data against the tapper's Telegram id, act as them and PUT the answer to events (which owns the
 * participants and refuses it unless the event is decided), then answer the tap with what was
 * recorded. Telling the organizer about "running late" follows from events' message (the planner),
 * so an answer given on the web tells them too.
 */
import type { FastifyBaseLogger } from 'fastify'
import { languageOf } from '../telegram/messages.js'
import { telegramUserOf, type CallbackQueryLike, type TapAnswer } from '../cards/card-taps.js'
import { ProstApiError, type ProstApi } from '../cards/prost-api.js'
import { decodeRsvpTap } from './rsvp-data.js'
import { rsvpMessages } from './rsvp-messages.js'

export function createRsvpTaps({ api, key, log }: { api: ProstApi; key: Buffer; log: FastifyBaseLogger }) {
  return {
    async handle(query: CallbackQueryLike): Promise<TapAnswer> {
      const t = rsvpMessages[languageOf(query.from.language_code)]
      const tap = decodeRsvpTap(key, query.data, query.from.id)
      if (!tap || query.from.is_bot) return { text: t.invalid, recorded: false }
      try {
        const as = await api.actAs(telegramUserOf(query.from))
        await api.rsvp(as, tap.eventId, tap.answer)
      } catch (error) {
        if (error instanceof ProstApiError) {
          if (error.status === 409) return { text: t.notDecided, recorded: false }
          if (error.status === 403 || error.status === 404) return { text: t.notParticipant, recorded: false }
          if (error.status === 401) api.forget(query.from.id)
        }
        log.warn({ err: error, eventId: tap.eventId, telegramId: query.from.id }, 'rsvp tap not recorded')
        return { text: t.failed, recorded: false }
      }
      return { text: t.recorded[tap.answer], recorded: true }
    },
  }
}
export type RsvpTaps = ReturnType<typeof createRsvpTaps>
