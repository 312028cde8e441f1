/**
 * A tap on a deadline nudge's vote button (`n:` callback data). The data must be signed for the
 * tapper's own Telegram id and tapped in their private chat with the bot; the option is looked up in
 * the nudge as it was sent to the Prost person linked to that chat. The vote goes through voting's
 * API as the tapper (accounts' telegram-session, like a card tap), and only if that session is the
 * very person the nudge was for (the link makes it so, see linkedAccountOf in prost-api.ts; should
 * it still differ, the tap is answered with "open Prost" instead of voting as a stranger). Taps of one person on one event share the card taps' lock, so the two never interleave.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { DocumentLocks } from '@prost/platform'
import type { Store } from '../store/store.js'
import { languageOf } from '../telegram/messages.js'
import { cardMessages } from '../cards/card-messages.js'
import { telegramUserOf, type CallbackQueryLike, type TapAnswer } from '../cards/card-taps.js'
import { ProstApiError, type ProstApi } from '../cards/prost-api.js'
import { decodeNudgeTap } from './nudge-data.js'
import { nudgeTapMessages } from './nudge-messages.js'

export interface NudgeTapsOptions {
  store: Store
  locks: DocumentLocks
  api: ProstApi
  key: Buffer
  log: FastifyBaseLogger
}

export function createNudgeTaps({ store, locks, api, key, log }: NudgeTapsOptions) {
  return {
    async handle(query: CallbackQueryLike): Promise<TapAnswer> {
      const lang = languageOf(query.from.language_code)
      const t = cardMessages[lang]
      const invalid = { text: t.invalidButton, recorded: false }
      const tap = decodeNudgeTap(key, query.data, query.from.id)
      // A nudge lives in the recipient's private chat, whose id is their Telegram id.
      if (!tap || query.from.is_bot || query.message?.chat.id !== query.from.id) return invalid
      const link = await store.links.findOne({ chatId: query.from.id })
      if (!link) return invalid
      const nudge = await store.deliveries.findOne({ _id: `nudge:${tap.eventId}:${link._id}` })
      const optionId = nudge?.status === 'sent' ? nudge.options?.[tap.optionIndex] : undefined
      if (!optionId) return invalid
      const lockKey = `card-tap:${tap.eventId}:${query.from.id}`
      try {
        const voted = await locks.withLock(lockKey, async () => {
          const as = await api.actAs(telegramUserOf(query.from))
          if (as.userId !== link._id) return false
          const ballot = await api.ballot(as, tap.eventId)
          await api.putBallot(as, tap.eventId, { ...ballot?.choices, [optionId]: tap.answer })
          return true
        })
        if (!voted) return { text: nudgeTapMessages[lang].openProst, recorded: false }
      } catch (error) {
        if (error instanceof ProstApiError) {
          if (error.status === 409) return { text: t.closed, recorded: false }
          if (error.status === 429) return { text: t.busy, recorded: false }
          if (error.status === 401) api.forget(query.from.id)
        }
        log.warn({ err: error, eventId: tap.eventId, telegramId: query.from.id }, 'nudge tap not recorded')
        return { text: t.failed, recorded: false }
      }
      return { text: t.recorded(t.answers[tap.answer], `#${tap.optionIndex + 1}`), recorded: true }
    },
  }
}
export type NudgeTaps = ReturnType<typeof createNudgeTaps>
