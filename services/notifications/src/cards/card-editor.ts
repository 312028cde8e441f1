/**
 * Keeps every card equal to its event's board. `refreshEvent` (a board change, an event message, a
 * tap) re-renders each live card of the event; per card at most one edit is in flight (in this
 * process by a loop that coalesces every request made meanwhile into one more round, across replicas
 * by a short Redis lock), so a burst of 200 votes costs a few edits, and each round reads the board
 * after every change requested before it started: the last edit always equals the board.
 *
 * Before an edit: the group's budget (group-budget.ts) is spent and the board is read again, so
 * the edit carries the latest state, not the one seen before waiting; a render equal to the last one
 * sent is skipped (and Telegram's "message is not modified" counts as success). 429 → the group
 * pauses for retry_after and the round runs again with the latest render; 403 (the bot was removed
 * from the group) → every card of that chat is dead and never edited again; the message gone → that
 * card is dead. Nothing here throws into a caller.
 */
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { FastifyBaseLogger } from 'fastify'
import { TelegramError, type Telegram } from 'telegraf'
import type { Store } from '../store/store.js'
import type { CardRsvpsDoc, GroupCardDoc } from '../store/documents.js'
import { sleep } from '../reminders/send-rate.js'
import type { GroupBudget } from './group-budget.js'
import type { ProstApi } from './prost-api.js'
import { renderCard, type CardRenderContext, type RenderedCard } from './card-render.js'

export interface CardEditorOptions {
  store: Store
  api: ProstApi
  telegram: Telegram
  budget: GroupBudget
  redis: Redis | undefined
  render: Omit<CardRenderContext, 'cardId' | 'lang' | 'timeZone'>
  log: FastifyBaseLogger
  timeoutMs: number
}

/** How a Bot API call ended, as the card code cares. */
export type BotCallOutcome =
  | { ok: true; result: unknown }
  | { ok: false; kind: 'not-modified' | 'gone' | 'kicked' | 'transient' | 'refused'; error: string }
  | { ok: false; kind: 'rate-limited'; retryAfterMs: number; error: string }

export function classifyBotError(error: unknown): Exclude<BotCallOutcome, { ok: true }> {
  if (error instanceof TelegramError) {
    const description = error.description ?? error.message
    if (error.code === 429)
      return {
        ok: false,
        kind: 'rate-limited',
        retryAfterMs: Math.max(1, error.parameters?.retry_after ?? 1) * 1000,
        error: description,
      }
    if (error.code === 400 && /message is not modified/i.test(description))
      return { ok: false, kind: 'not-modified', error: description }
    if (error.code === 403) return { ok: false, kind: 'kicked', error: description }
    if (
      error.code === 400 &&
      /message to edit not found|chat not found|message can't be edited/i.test(description)
    )
      return { ok: false, kind: 'gone', error: description }
    if (error.code >= 500) return { ok: false, kind: 'transient', error: description }
    return { ok: false, kind: 'refused', error: description }
  }
  return { ok: false, kind: 'transient', error: (error as Error)?.message ?? String(error) }
}

/** Edit lock lease: longer than one round (budget wait excluded: the lock is taken after it). */
const EDIT_LOCK_MS = 20_000
const MAX_TRANSIENT_RETRIES = 5

export function createCardEditor(options: CardEditorOptions) {
  const { store, api, telegram, budget, redis, log } = options
  const rounds = new Map<string, { dirty: boolean; done: Promise<void> }>()
  const running = new Set<Promise<void>>()
  let closed = false
  const stopping = new AbortController()

  const renderFor = (
    card: GroupCardDoc,
    board: Parameters<typeof renderCard>[0],
    rsvps: CardRsvpsDoc['rsvps'] | undefined,
  ) =>
    renderCard(board, {
      ...options.render,
      cardId: card._id,
      lang: card.lang,
      timeZone: card.timeZone,
      rsvps,
    })

  async function latestRender(card: GroupCardDoc): Promise<RenderedCard> {
    const creator = await api.actAs(card.creator)
    const [board, rsvps] = await Promise.all([
      api.board(creator, card.eventId),
      store.cardRsvps.findOne({ _id: card.eventId }),
    ])
    return renderFor(card, board, rsvps?.rsvps)
  }

  async function call(method: string, payload: Record<string, unknown>): Promise<BotCallOutcome> {
    try {
      const result = await telegram.callApi(method as 'editMessageText', payload as never, {
        signal: AbortSignal.timeout(options.timeoutMs) as never,
      })
      return { ok: true, result }
    } catch (error) {
      return classifyBotError(error)
    }
  }

  async function lockCard(cardId: string): Promise<(() => Promise<void>) | null> {
    if (!redis || redis.status !== 'ready') return async () => undefined
    const key = `notifications:cards:edit:${cardId}`
    const owner = randomUUID()
    try {
      const taken = await redis.set(key, owner, 'PX', EDIT_LOCK_MS, 'NX')
      if (taken !== 'OK') return null
    } catch {
      return async () => undefined // Redis away: this process's own single flight still holds
    }
    return async () => {
      await redis
        .eval(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
          1,
          key,
          owner,
        )
        .catch(() => undefined)
    }
  }

  async function editingElsewhere(cardId: string) {
    if (!redis || redis.status !== 'ready') return false
    return (await redis.exists(`notifications:cards:edit:${cardId}`).catch(() => 0)) === 1
  }

  async function markChatDead(chatId: number, reason: string) {
    const result = await store.groupCards.updateMany(
      { chatId },
      { $set: { state: 'dead', deadReason: reason, updatedAt: new Date() } },
    )
    log.info(
      { chatId, cards: result.modifiedCount, reason },
      'group cards stopped: the bot cannot post there',
    )
  }

  async function markCardDead(cardId: string, reason: string) {
    await store.groupCards.updateOne(
      { _id: cardId },
      { $set: { state: 'dead', deadReason: reason, updatedAt: new Date() } },
    )
    log.info({ cardId, reason }, 'group card stopped')
  }

  async function recordSent(card: GroupCardDoc, rendered: RenderedCard) {
    await store.groupCards.updateOne(
      { _id: card._id },
      {
        $set: {
          lastHash: rendered.hash,
          options: rendered.options,
          state: rendered.state,
          updatedAt: new Date(),
        },
      },
    )
  }

  /** One round: returns true when it must run again (429, lock busy, a transient failure). */
  async function round(cardId: string, attempt: number): Promise<boolean> {
    const card = await store.groupCards.findOne({ _id: cardId })
    if (!card || card.state === 'dead' || card.messageId === null) return false
    let rendered = await latestRender(card)
    if (rendered.hash === card.lastHash) {
      // Another replica may be sending an older render right now: look again once it is done.
      if (await editingElsewhere(cardId)) {
        await sleep(250, stopping.signal)
        return true
      }
      return false
    }
    await budget.acquire(card.chatId, stopping.signal)
    if (closed) return false
    const unlock = await lockCard(cardId)
    if (!unlock) {
      await sleep(250, stopping.signal)
      return true
    }
    try {
      // Waiting for the budget may have taken seconds: send what the board says now.
      const fresh = await store.groupCards.findOne({ _id: cardId })
      if (!fresh || fresh.state === 'dead') return false
      rendered = await latestRender(fresh)
      if (rendered.hash === fresh.lastHash) return false
      const outcome = await call('editMessageText', {
        chat_id: fresh.chatId,
        message_id: fresh.messageId,
        text: rendered.text,
        reply_markup: rendered.markup,
        link_preview_options: { is_disabled: true },
      })
      if (outcome.ok || outcome.kind === 'not-modified') {
        await recordSent(fresh, rendered)
        return false
      }
      switch (outcome.kind) {
        case 'rate-limited':
          log.warn(
            { chatId: fresh.chatId, retryAfterMs: outcome.retryAfterMs },
            'card edit rate-limited; waiting',
          )
          await budget.pause(fresh.chatId, outcome.retryAfterMs)
          return true
        case 'kicked':
          await markChatDead(fresh.chatId, outcome.error)
          return false
        case 'gone':
          await markCardDead(fresh._id, outcome.error)
          return false
        case 'transient':
          if (attempt >= MAX_TRANSIENT_RETRIES) {
            log.warn({ cardId, err: outcome.error }, 'card edit failed; the next change retries')
            return false
          }
          await sleep(500 * 2 ** attempt, stopping.signal)
          return true
        default:
          log.error({ cardId, err: outcome.error }, 'card edit refused by telegram')
          return false
      }
    } finally {
      await unlock()
    }
  }

  async function loop(cardId: string, entry: { dirty: boolean }) {
    let attempt = 0
    try {
      while (entry.dirty && !closed) {
        entry.dirty = false
        try {
          if (await round(cardId, attempt)) {
            entry.dirty = true
            attempt++
          } else attempt = 0
        } catch (error) {
          // The board could not be read (voting or accounts away): try again a little later.
          log.warn({ err: error, cardId }, 'card not re-rendered; retrying')
          if (attempt++ < MAX_TRANSIENT_RETRIES) {
            entry.dirty = true
            await sleep(500 * 2 ** attempt, stopping.signal)
          }
        }
      }
    } finally {
      rounds.delete(cardId)
    }
  }

  function refreshCard(cardId: string): Promise<void> {
    if (closed) return Promise.resolve()
    const known = rounds.get(cardId)
    if (known) {
      known.dirty = true
      return known.done
    }
    const entry = { dirty: true, done: Promise.resolve() }
    entry.done = loop(cardId, entry)
    rounds.set(cardId, entry)
    running.add(entry.done)
    void entry.done.finally(() => running.delete(entry.done))
    return entry.done
  }

  return {
    refreshCard,
    /** Re-renders every card of the event that still can be edited; resolves when they are done. */
    async refreshEvent(eventId: string) {
      const cards = await store.groupCards
        .find({ eventId, state: { $ne: 'dead' } }, { projection: { _id: 1 } })
        .toArray()
      await Promise.all(cards.map((c) => refreshCard(c._id)))
    },
    markChatDead,
    call,
    /** What is being edited now (tests wait for it to settle). */
    get busy() {
      return rounds.size
    },
    async close() {
      closed = true
      stopping.abort()
      await Promise.allSettled([...running])
    },
  }
}
export type CardEditor = ReturnType<typeof createCardEditor>
