/**
 * Group poll cards wired together: the Bot API client, the group budget, the services' APIs, the
 * editor, /plan and taps, and the consumer of the cards' queue. Decorated as `groupCards`, or null
 * when cards cannot work here: dry-run (no bot token) or no INTERNAL_API_TOKEN to act as users with.
 */
import fp from 'fastify-plugin'
import { createDocumentLocks, publicUrls } from '@prost/platform'
import { COLLECTIONS } from '../store/documents.js'
import type { NotificationsConfig } from '../config.js'
import { queueNames } from '../topology.js'
import { cardKey } from './callback-data.js'
import { createCardEditor, type CardEditor } from './card-editor.js'
import { createCardPlan, type CardPlan } from './card-plan.js'
import { createCardTaps, type CardTaps } from './card-taps.js'
import { cardMessageHandler } from './card-consumer.js'
import { createGroupBudget } from './group-budget.js'
import { createProstApi, type ProstApi } from './prost-api.js'
import { createNudgeTaps, type NudgeTaps } from '../nudges/nudge-taps.js'
import { nudgeKey } from '../nudges/nudge-data.js'
import { createAllVotedWatch } from '../nudges/all-voted.js'
import { createVotingBoardReader } from '../nudges/voting-board.js'
import { createRsvpTaps, type RsvpTaps } from '../rsvp/rsvp-taps.js'
import { rsvpKey } from '../rsvp/rsvp-data.js'
import { createInlineShare, type InlineShare } from '../inline/inline-share.js'

export interface GroupCards {
  editor: CardEditor
  plan: CardPlan
  taps: CardTaps
  /** Taps on the deadline nudges' buttons (sent by the worker, answered here like card taps). */
  nudges: NudgeTaps
  /** Taps on the RSVP buttons of reminders and notices (`r:` data). */
  rsvp: RsvpTaps
  /** Inline mode: `@<bot> <title>` lists the sender's polling events to share. */
  inline: InlineShare
  /** accounts, for what the bot learns about a person (a linked chat names their account). */
  accounts: Pick<ProstApi, 'linkTelegram'>
}

declare module 'fastify' {
  interface FastifyInstance {
    groupCards: GroupCards | null
  }
}

type CardsConfig = Pick<
  NotificationsConfig,
  | 'ACCOUNTS_INTERNAL_URL'
  | 'EVENTS_INTERNAL_URL'
  | 'VOTING_INTERNAL_URL'
  | 'INTERNAL_API_TOKEN'
  | 'CARD_GROUP_MESSAGES_PER_MINUTE'
  | 'TELEGRAM_BOT_USERNAME'
  | 'TELEGRAM_TIMEOUT_MS'
  | 'NOTIFICATIONS_QUEUE_PREFIX'
  | 'PUBLIC_URL'
>

export const groupCards = fp<{ config: CardsConfig }>(
  async (fastify, { config }) => {
    const telegram = fastify.telegramSender.telegram
    if (!telegram || !config.INTERNAL_API_TOKEN) {
      fastify.log.info(
        { reason: telegram ? 'no INTERNAL_API_TOKEN' : 'dry-run bot' },
        'group poll cards are off',
      )
      fastify.decorate('groupCards', null)
      return
    }
    const redis = fastify.hasDecorator('redis') ? fastify.redis : undefined
    const store = fastify.notificationsStore
    const key = cardKey(config.INTERNAL_API_TOKEN)
    const render = {
      key,
      botUsername: config.TELEGRAM_BOT_USERNAME,
      publicUrl: publicUrls(config).primary,
    }
    const api = createProstApi({
      accountsUrl: config.ACCOUNTS_INTERNAL_URL,
      eventsUrl: config.EVENTS_INTERNAL_URL,
      votingUrl: config.VOTING_INTERNAL_URL,
      internalToken: config.INTERNAL_API_TOKEN,
      timeoutMs: config.TELEGRAM_TIMEOUT_MS,
      log: fastify.log,
      // A person's private chat has their Telegram id as its id; of several accounts linked to one
      // chat, the last linked is the one /start told accounts about.
      linkedAccountOf: async (telegramId) => {
        const links = await store.links.find({ chatId: telegramId, subjectKind: 'user' }).toArray()
        links.sort((a, b) => b.linkedAt.getTime() - a.linkedAt.getTime())
        return links[0]?._id ?? null
      },
    })
    const budget = createGroupBudget({
      perMinute: config.CARD_GROUP_MESSAGES_PER_MINUTE,
      redis,
      keyPrefix: config.NOTIFICATIONS_QUEUE_PREFIX,
      log: fastify.log,
    })
    const editor = createCardEditor({
      store,
      api,
      telegram,
      budget,
      redis,
      render,
      log: fastify.log,
      timeoutMs: config.TELEGRAM_TIMEOUT_MS,
    })
    const plan = createCardPlan({ store, api, editor, budget, render, log: fastify.log })
    // A tap may wait for the same person's previous tap on another replica, which may itself take up
    // to a minute under load (see card-taps.ts): the lease and the wait are sized for that.
    const tapLocks = createDocumentLocks(fastify.mongo.db, {
      collection: COLLECTIONS.locks,
      leaseMs: 3 * 60_000,
      waitMs: 3 * 60_000,
    })
    const taps = createCardTaps({ store, locks: tapLocks, api, editor, key, log: fastify.log })
    await fastify.amqp.consume(
      queueNames(config).cards,
      cardMessageHandler({
        store,
        editor,
        log: fastify.log,
        allVoted: createAllVotedWatch({
          store,
          voting: createVotingBoardReader(config.VOTING_INTERNAL_URL, config.INTERNAL_API_TOKEN),
          clock: fastify.notificationsClock,
          log: fastify.log,
        }),
      }),
      { prefetch: 50 },
    )
    fastify.addHook('preClose', async () => editor.close())
    const nudges = createNudgeTaps({
      store,
      locks: tapLocks,
      api,
      key: nudgeKey(config.INTERNAL_API_TOKEN),
      log: fastify.log,
    })
    const rsvp = createRsvpTaps({ api, key: rsvpKey(config.INTERNAL_API_TOKEN), log: fastify.log })
    const inline = createInlineShare({
      api,
      botUsername: config.TELEGRAM_BOT_USERNAME,
      publicUrl: render.publicUrl,
      log: fastify.log,
    })
    fastify.decorate('groupCards', { editor, plan, taps, nudges, rsvp, inline, accounts: api })
  },
  {
    name: 'notifications-group-cards',
    dependencies: [
      'mongo',
      'amqp',
      'notifications-store',
      'notifications-telegram-sender',
      'notifications-clock',
    ],
  },
)
