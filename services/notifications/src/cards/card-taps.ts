/**
 * A tap on a card's vote button: check the signed callback_data against the card and the message it
 * was tapped on, act as the tapper (accounts creates their account on first use), join the event
 * through its invite link (being in the group counts as invited), change only the tapped option in
 * their ballot, and answer the tap with what was recorded, in the tapper's language. Anything that is
 * not a valid tap on a live card is answered with a short error and records nothing. One tapper's
 * taps on one event are applied one at a time (a lock shared by all replicas), so two quick taps on
 * two options never lose one of the answers.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { TelegramUser } from '@prost/contracts'
import type { DocumentLocks } from '@prost/platform'
import type { Store } from '../store/store.js'
import { languageOf } from '../telegram/messages.js'
import { decodeCardTap } from './callback-data.js'
import { cardMessages } from './card-messages.js'
import { describeOption } from './card-render.js'
import type { CardEditor } from './card-editor.js'
import { ProstApiError, type ActingUser, type ProstApi } from './prost-api.js'

export interface CallbackQueryLike {
  id: string
  from: TelegramUser & { is_bot?: boolean }
  data?: string
  message?: { message_id: number; chat: { id: number } }
}

export interface CardTapsOptions {
  store: Store
  /** One tapper's taps on one event, one at a time across replicas (waits as long as a tap may take). */
  locks: DocumentLocks
  api: ProstApi
  editor: CardEditor
  key: Buffer
  log: FastifyBaseLogger
}

/** What to answer the tap with; the caller sends it (answerCallbackQuery). */
export interface TapAnswer {
  text: string
  recorded: boolean
}

/**
 * How long a tap keeps trying: voting learns of a join from events' message (under load that takes
 * seconds), and a service may answer 502/503 for a while (a replica restarting, the database away,
 * or events' per-event lock busy while 40 newcomers join one event at once). A late answer to the
 * tap is better than a lost vote.
 */
const TAP_PATIENCE_MS = 60_000

const isTransient = (error: unknown) =>
  error instanceof ProstApiError &&
  (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504)

/** The fields of Telegram's User that accounts takes (an update carries more, e.g. is_bot). */
export const telegramUserOf = (from: CallbackQueryLike['from']): TelegramUser => ({
  id: from.id,
  first_name: from.first_name,
  ...(from.last_name !== undefined ? { last_name: from.last_name } : {}),
  ...(from.username !== undefined ? { username: from.username } : {}),
  ...(from.language_code !== undefined ? { language_code: from.language_code } : {}),
})

export function createCardTaps({ store, locks, api, editor, key, log }: CardTapsOptions) {
  /** Taps of one person on one event, in this process, in arrival order (the lock covers replicas). */
  const queues = new Map<string, Promise<unknown>>()
  /** Who this process already joined to which event, so a tapper's later taps skip the join. */
  const joined = new Set<string>()

  const serially = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(key) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(work)
    queues.set(key, next)
    void next
      .finally(() => {
        if (queues.get(key) === next) queues.delete(key)
      })
      .catch(() => undefined)
    return next
  }

  /** Sets one option in the tapper's ballot, keeping their other answers. */
  async function vote(as: ActingUser, eventId: string, optionId: string, answer: 'yes' | 'maybe' | 'no') {
    const giveUpAt = Date.now() + TAP_PATIENCE_MS
    for (let attempt = 0; ; attempt++) {
      try {
        const ballot = await api.ballot(as, eventId)
        return await api.putBallot(as, eventId, { ...ballot?.choices, [optionId]: answer })
      } catch (error) {
        // Right after joining, voting may not know yet that the tapper is a participant (403/404).
        const notYet = error instanceof ProstApiError && (error.status === 403 || error.status === 404)
        if (!(notYet || isTransient(error)) || Date.now() > giveUpAt) throw error
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * (attempt + 1), 2000)))
      }
    }
  }

  /** Calls that must not fail on a transient hiccup (a session, the join). */
  async function patiently<T>(work: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + TAP_PATIENCE_MS
    for (let attempt = 0; ; attempt++) {
      try {
        return await work()
      } catch (error) {
        if (!isTransient(error) || Date.now() > giveUpAt) throw error
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * (attempt + 1), 2000)))
      }
    }
  }

  return {
    async handle(query: CallbackQueryLike): Promise<TapAnswer> {
      const t = cardMessages[languageOf(query.from.language_code)]
      const lang = languageOf(query.from.language_code)
      const invalid = { text: t.invalidButton, recorded: false }
      const tap = decodeCardTap(key, query.data)
      if (!tap || !query.message || query.from.is_bot) return invalid
      const card = await store.groupCards.findOne({ _id: tap.cardId })
      // Bound to the card and the message it is on: data copied to another chat or message is refused.
      if (!card || card.chatId !== query.message.chat.id || card.messageId !== query.message.message_id)
        return invalid
      if (card.state === 'final' || card.state === 'cancelled') return { text: t.closed, recorded: false }
      const option = card.options[tap.optionIndex]
      if (!option || card.state !== 'live') return invalid
      const lockKey = `card-tap:${card.eventId}:${query.from.id}`
      try {
        await serially(lockKey, () =>
          locks.withLock(lockKey, async () => {
            const as = await patiently(() => api.actAs(telegramUserOf(query.from)))
            const member = `${card.eventId}:${query.from.id}`
            if (!joined.has(member)) {
              const result = await patiently(() => api.join(as, card.inviteToken))
              if (result.eventId !== card.eventId) throw new ProstApiError(404, 'invite link moved')
              joined.add(member)
              if (joined.size > 50_000) joined.clear()
            }
            await vote(as, card.eventId, option.id, tap.answer)
          }),
        )
      } catch (error) {
        if (error instanceof ProstApiError) {
          if (error.status === 409) return { text: t.closed, recorded: false }
          if (error.status === 404) return { text: t.linkReplaced, recorded: false }
          if (error.status === 429) return { text: t.busy, recorded: false }
          if (error.status === 401) api.forget(query.from.id)
        }
        log.warn({ err: error, cardId: card._id, telegramId: query.from.id }, 'card tap not recorded')
        return { text: t.failed, recorded: false }
      }
      void editor
        .refreshEvent(card.eventId)
        .catch((error: unknown) =>
          log.warn({ err: error, eventId: card.eventId }, 'cards not refreshed after a tap'),
        )
      return {
        text: t.recorded(t.answers[tap.answer], describeOption(option, card.timeZone, lang)),
        recorded: true,
      }
    },
  }
}
export type CardTaps = ReturnType<typeof createCardTaps>
