/**
 * `/plan <invite link>` or `/plan <event id>` typed in a group: posts the event's poll card there.
 * With a link, the sender joins through it (they shared it: they are in; joining is idempotent) and
 * the card keeps its token for everyone who taps. With an id, the sender must be the organizer, and
 * the card takes the event's current invite link, read as them. The card's language is the sender's.
 */
import { ObjectId } from 'mongodb'
import type { FastifyBaseLogger } from 'fastify'
import type { Store } from '../store/store.js'
import type { GroupCardDoc } from '../store/documents.js'
import { languageOf } from '../telegram/messages.js'
import { cardMessages } from './card-messages.js'
import { renderCard, type CardRenderContext } from './card-render.js'
import type { CardEditor } from './card-editor.js'
import type { GroupBudget } from './group-budget.js'
import { ProstApiError, type ProstApi } from './prost-api.js'
import { telegramUserOf, type CallbackQueryLike } from './card-taps.js'

export interface PlanRequest {
  chat: { id: number; type: string }
  from: CallbackQueryLike['from']
  /** What follows the command. */
  payload: string
}

export interface CardPlanOptions {
  store: Store
  api: ProstApi
  editor: CardEditor
  budget: GroupBudget
  render: Omit<CardRenderContext, 'cardId' | 'lang' | 'timeZone'>
  log: FastifyBaseLogger
}

const INVITE_IN_LINK = /\/join\/([A-Za-z0-9_-]{16,64})\/?(?:[?#].*)?$/
const EVENT_ID = /^[0-9a-f]{24}$/

/** What /plan was given: an invite token (from a link, or bare) or an event id. */
export function parsePlanArgument(payload: string): { inviteToken: string } | { eventId: string } | null {
  const arg = payload.trim().split(/\s+/)[0] ?? ''
  if (EVENT_ID.test(arg)) return { eventId: arg }
  const link = INVITE_IN_LINK.exec(arg)
  if (link) return { inviteToken: link[1]! }
  if (/^[A-Za-z0-9_-]{16,64}$/.test(arg)) return { inviteToken: arg }
  return null
}

export function createCardPlan({ store, api, editor, budget, render, log }: CardPlanOptions) {
  return {
    /** Posts the card; answers the text to reply with instead when there is none to post. */
    async plan(request: PlanRequest): Promise<{ posted: true } | { posted: false; reply: string }> {
      const lang = languageOf(request.from.language_code)
      const t = cardMessages[lang]
      if (request.chat.type !== 'group' && request.chat.type !== 'supergroup')
        return { posted: false, reply: t.planPrivate }
      const arg = parsePlanArgument(request.payload)
      if (!arg) return { posted: false, reply: t.planUsage }
      const creator = telegramUserOf(request.from)
      let eventId: string
      let inviteToken: string
      try {
        const as = await api.actAs(creator)
        if ('inviteToken' in arg) {
          eventId = (await api.join(as, arg.inviteToken)).eventId
          inviteToken = arg.inviteToken
        } else {
          const event = await api.event(as, arg.eventId)
          if (event.organizer.id !== as.userId || !event.inviteToken)
            return { posted: false, reply: t.planNotOrganizer }
          eventId = event.id
          inviteToken = event.inviteToken
        }
        const event = await api.event(as, eventId)
        const now = new Date()
        const card: GroupCardDoc = {
          _id: new ObjectId().toHexString(),
          chatId: request.chat.id,
          messageId: null,
          eventId,
          inviteToken,
          creator,
          lang,
          timeZone: event.timeZone,
          options: [],
          lastHash: null,
          state: 'posting',
          createdAt: now,
          updatedAt: now,
        }
        await store.groupCards.insertOne(card)
        await budget.acquire(card.chatId)
        // Read after the wait, so the card shows the board as it is when it appears.
        const rendered = renderCard(await api.board(as, eventId), {
          ...render,
          cardId: card._id,
          lang,
          timeZone: card.timeZone,
        })
        const outcome = await editor.call('sendMessage', {
          chat_id: card.chatId,
          text: rendered.text,
          reply_markup: rendered.markup,
          link_preview_options: { is_disabled: true },
        })
        if (!outcome.ok) {
          if (outcome.kind === 'kicked') await editor.markChatDead(card.chatId, outcome.error)
          else await store.groupCards.deleteOne({ _id: card._id })
          if (outcome.kind === 'rate-limited') await budget.pause(card.chatId, outcome.retryAfterMs)
          log.warn({ chatId: card.chatId, err: outcome.error }, 'poll card not posted')
          return { posted: false, reply: t.planFailed }
        }
        const messageId = (outcome.result as { message_id: number }).message_id
        await store.groupCards.updateOne(
          { _id: card._id },
          {
            $set: {
              messageId,
              lastHash: rendered.hash,
              options: rendered.options,
              state: rendered.state,
              updatedAt: new Date(),
            },
          },
        )
        log.info({ chatId: card.chatId, eventId, cardId: card._id }, 'poll card posted')
        // A vote made while the card was being posted is on the board now, maybe not on the card.
        void editor.refreshCard(card._id)
        return { posted: true }
      } catch (error) {
        if (error instanceof ProstApiError && (error.status === 404 || error.status === 403))
          return { posted: false, reply: 'inviteToken' in arg ? t.planBadLink : t.planNotFound }
        log.warn({ err: error, chatId: request.chat.id }, 'poll card not posted')
        return { posted: false, reply: t.planFailed }
      }
    },
  }
}
export type CardPlan = ReturnType<typeof createCardPlan>
