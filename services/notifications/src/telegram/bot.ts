/**
 * The Telegram bot (telegraf): /start <token> links the chat, /stop unlinks, /events lists upcoming
 * meetups, anything else gets the help text. Updates arrive by long polling (local) or through the
 * webhook route (k8s); replies go through the TelegramSender, so dry-run mode records them too.
 */
import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import { Telegraf, type Context } from 'telegraf'
import type { Update } from 'telegraf/types'
import { isDatabaseUnavailable, publicUrls } from '@prost/platform'
import type { Clock } from '../clock.js'
import type { NotificationsConfig } from '../config.js'
import type { Store } from '../store/store.js'
import { upcomingReminders } from '../reminders/upcoming.js'
import type { TelegramSender } from './telegram-sender.js'
import type { TelegramLinking } from './telegram-linking.js'
import { formatWhen, languageOf, messages } from './messages.js'
import type { GroupCards } from '../cards/group-cards.js'
import { cardMessages } from '../cards/card-messages.js'
import { RSVP_PREFIX } from '../rsvp/rsvp-data.js'
import { INLINE_START_PARAMETER } from '../inline/inline-share.js'

/** The invite link in a message shared via inline mode (inline-share.ts writes it). */
const START_IN_GROUP = /^\/start(?:@[A-Za-z0-9_]+)?\s+([0-9a-f]{24})\s*$/
const INVITE_LINK = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{16,64}/

export interface BotOptions {
  token: string
  username: string
  apiRoot: string
  store: Store
  clock: Clock
  sender: TelegramSender
  linking: TelegramLinking
  log: FastifyBaseLogger
  /** Group poll cards (/plan, button taps); null when they are off. */
  cards?: GroupCards | null
}

export function createBot(options: BotOptions) {
  const { store, clock, sender, linking, log } = options
  // Without a token telegraf never calls the API: botInfo is given, and replies go through the sender.
  const bot = new Telegraf(options.token || 'dry-run', {
    telegram: { apiRoot: options.apiRoot, webhookReply: false },
    handlerTimeout: 30_000,
  })
  if (!options.token) {
    bot.botInfo = {
      id: 0,
      is_bot: true,
      first_name: 'Prost',
      username: options.username,
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    } as typeof bot.botInfo & object
  }

  const reply = async (ctx: Context, text: string, recipientId: string | null = null) => {
    const outcome = await sender.send({ chatId: ctx.chat!.id, text, recipientId, kind: 'bot' })
    if (!outcome.ok) log.warn({ chatId: ctx.chat!.id, err: outcome.error }, 'bot reply not delivered')
  }
  const lang = (ctx: Context) => messages[languageOf(ctx.from?.language_code)]

  // Group poll cards: /plan in a group, taps on a card's buttons, the bot leaving a group.
  const cards = options.cards ?? null
  bot.command('plan', async (ctx) => {
    if (!cards) return reply(ctx, cardMessages[languageOf(ctx.from.language_code)].planOff)
    const result = await cards.plan.plan({ chat: ctx.chat, from: ctx.from, payload: ctx.payload })
    if (!result.posted) await reply(ctx, result.reply)
  })
  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery
    const tap = {
      id: query.id,
      from: query.from,
      data: 'data' in query ? query.data : undefined,
      message: query.message,
    }
    // `r:` buttons are RSVPs (rsvp/rsvp-taps.ts), `n:` a deadline nudge's (nudges/nudge-taps.ts),
    // the rest group cards'.
    const answer = !cards
      ? { text: cardMessages[languageOf(query.from.language_code)].invalidButton, recorded: false }
      : tap.data?.startsWith(RSVP_PREFIX)
        ? await cards.rsvp.handle(tap)
        : tap.data?.startsWith('n:')
          ? await cards.nudges.handle(tap)
          : await cards.taps.handle(tap)
    await ctx.answerCbQuery(answer.text).catch((error: unknown) => {
      log.warn({ err: error, callbackQueryId: query.id }, 'tap answer not delivered')
    })
  })
  bot.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery
    const answer = cards
      ? await cards.inline.answer({ id: query.id, from: query.from, query: query.query })
      : { results: [] }
    // Personal (the list is the sender's own events) and cached briefly, as new events should show up.
    await ctx.telegram
      .callApi('answerInlineQuery', {
        inline_query_id: query.id,
        results: answer.results,
        cache_time: 10,
        is_personal: true,
        ...('button' in answer && answer.button ? { button: answer.button } : {}),
      } as never)
      .catch((error: unknown) =>
        log.warn({ err: error, inlineQueryId: query.id }, 'inline answer not delivered'),
      )
  })
  // Sharing from the SPA outside Telegram: t.me/<bot>?startgroup=<event id> adds the bot to a group,
  // and Telegram then sends `/start <event id>` there: the same as /plan <event id> (organizers only).
  bot.on('message', async (ctx, next) => {
    const text = (ctx.message as { text?: string }).text ?? ''
    const start = START_IN_GROUP.exec(text)
    if (!cards || ctx.chat.type === 'private' || !start) return next()
    const result = await cards.plan.plan({ chat: ctx.chat, from: ctx.from, payload: start[1]! })
    if (!result.posted) await reply(ctx, result.reply)
  })
  // An event shared via inline mode into a group the bot is in: post its live card, as /plan would.
  bot.on('message', async (ctx, next) => {
    const message = ctx.message as { via_bot?: { id: number }; text?: string }
    if (!cards || message.via_bot?.id !== ctx.botInfo.id || ctx.chat.type === 'private') return next()
    const link = message.text ? INVITE_LINK.exec(message.text)?.[0] : undefined
    if (!link) return
    const result = await cards.plan.plan({ chat: ctx.chat, from: ctx.from, payload: link })
    if (!result.posted) await reply(ctx, result.reply)
  })
  bot.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status
    if (cards && (status === 'left' || status === 'kicked')) {
      await cards.editor.markChatDead(ctx.chat.id, `bot ${status}`)
    }
  })

  // Private chats only: a group must not be linked to someone's account.
  bot.use(async (ctx, next) => {
    if (ctx.chat?.type === 'private') return next()
  })

  bot.start(async (ctx) => {
    const token = ctx.payload.trim()
    const text = lang(ctx)
    // INLINE_START_PARAMETER: the "Open Prost" button of an empty inline answer, not a link token.
    if (!token || token === INLINE_START_PARAMETER) return reply(ctx, text.welcome)
    const result = await linking.redeem(token, ctx.chat.id, ctx.from.language_code ?? null)
    log.info({ chatId: ctx.chat.id, result: result.outcome }, 'telegram link attempt')
    // One account per person: the Telegram id now signs in to the account that made the token (the
    // chat is private, so its id is the sender's). Reminders work without it, so a failure only logs.
    if (result.outcome === 'linked' && result.subjectKind === 'user' && cards) {
      await cards.accounts.linkTelegram(result.subject, ctx.from).catch((error: unknown) => {
        log.warn({ err: error, chatId: ctx.chat.id }, 'accounts did not take the Telegram link')
      })
    }
    const answer = {
      linked: text.linked,
      expired: text.linkExpired,
      used: text.linkUsed,
      unknown: text.linkUnknown,
    }
    return reply(ctx, answer[result.outcome])
  })

  bot.command('stop', async (ctx) => {
    const removed = await linking.unlinkChat(ctx.chat.id)
    return reply(ctx, removed > 0 ? lang(ctx).unlinked : lang(ctx).notLinked)
  })

  bot.command('events', async (ctx) => {
    const text = lang(ctx)
    const links = await store.links.find({ chatId: ctx.chat.id }).toArray()
    if (links.length === 0) return reply(ctx, text.notLinked)
    const upcoming = await upcomingReminders(
      store,
      clock,
      links.map((l) => l._id),
      10,
    )
    if (upcoming.length === 0) return reply(ctx, text.noEvents)
    const l = languageOf(ctx.from.language_code)
    const lines = upcoming.map(({ reminder, state }) =>
      text.eventLine({
        title: state.title,
        when: formatWhen(reminder.startsAt!, state.timeZone, l),
        placeName: state.final?.place.name ?? null,
        address: state.final?.place.address ?? null,
      }),
    )
    return reply(ctx, [text.eventsHeader, ...lines].join('\n'))
  })

  bot.on('message', async (ctx) => reply(ctx, lang(ctx).help))

  // Updates that came through the webhook: Telegram sends them again after a non-2xx answer.
  const fromWebhook = new WeakSet<object>()
  bot.catch((error, ctx) => {
    // The database away is worth a retry: the webhook answers 503 and Telegram brings the update back.
    // Anything else would fail again, and a polling loop stops at the first error it sees.
    if (isDatabaseUnavailable(error) && fromWebhook.has(ctx.update)) throw error
    log.error({ err: error, updateId: ctx.update.update_id }, 'bot failed to handle an update')
  })

  let polling = false
  return {
    bot,
    /** Hands one update (from the webhook) to the bot; malformed ones are logged and ignored. */
    async handleUpdate(update: unknown) {
      if (!isUpdate(update)) {
        log.warn({ update: summarize(update) }, 'malformed telegram update ignored')
        return false
      }
      fromWebhook.add(update)
      await bot.handleUpdate(update)
      return true
    },
    /** Long polling; resolves once polling has started (telegraf's launch runs until stop). */
    startPolling() {
      polling = true
      void bot.launch({ dropPendingUpdates: false }).catch((error: unknown) => {
        log.error({ err: error }, 'telegram polling stopped with an error')
      })
    },
    stop() {
      if (polling) {
        polling = false
        try {
          bot.stop('shutdown')
        } catch {
          // not running yet
        }
      }
    },
  }
}
export type ProstBot = ReturnType<typeof createBot>

type BotConfig = Pick<
  NotificationsConfig,
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_BOT_USERNAME'
  | 'TELEGRAM_API_ROOT'
  | 'TELEGRAM_MODE'
  | 'TELEGRAM_WEBHOOK_SECRET'
  | 'PUBLIC_URL'
>

declare module 'fastify' {
  interface FastifyInstance {
    telegramBot: ProstBot & {
      /** Set only in webhook mode; without it the webhook route answers 401 to everyone. */
      webhookSecret: string | null
    }
  }
}

/** The bot, receiving updates by long polling or through the webhook (registered at start), as configured. */
export const telegramBot = fp<{ config: BotConfig }>(
  async (fastify, { config }) => {
    const sender = fastify.telegramSender
    const bot = createBot({
      token: config.TELEGRAM_BOT_TOKEN,
      username: config.TELEGRAM_BOT_USERNAME,
      apiRoot: config.TELEGRAM_API_ROOT,
      store: fastify.notificationsStore,
      clock: fastify.notificationsClock,
      sender,
      linking: fastify.telegramLinking,
      log: fastify.log,
      cards: fastify.groupCards,
    })
    const webhookMode = config.TELEGRAM_MODE === 'webhook'
    if (!sender.dryRun && !webhookMode) {
      fastify.addHook('onReady', async () => bot.startPolling())
      fastify.addHook('preClose', async () => bot.stop())
    }
    if (!sender.dryRun && webhookMode) {
      fastify.addHook('onReady', async () => {
        const url = `${publicUrls(config).primary}/api/telegram/webhook/${config.TELEGRAM_WEBHOOK_SECRET}`
        // Every replica sets the same URL; failing here must not keep the API down.
        await sender
          .telegram!.setWebhook(url, { secret_token: config.TELEGRAM_WEBHOOK_SECRET })
          .catch((error: unknown) => {
            fastify.log.error({ err: error }, 'could not register the telegram webhook')
          })
      })
    }
    fastify.log.info(
      { mode: sender.dryRun ? 'dry-run' : config.TELEGRAM_MODE, bot: config.TELEGRAM_BOT_USERNAME },
      'telegram bot configured',
    )
    const webhookSecret =
      webhookMode && config.TELEGRAM_WEBHOOK_SECRET ? config.TELEGRAM_WEBHOOK_SECRET : null
    fastify.decorate('telegramBot', Object.assign(bot, { webhookSecret }))
  },
  {
    name: 'notifications-telegram-bot',
    dependencies: [
      'notifications-store',
      'notifications-clock',
      'notifications-telegram-sender',
      'notifications-telegram-linking',
      'notifications-group-cards',
    ],
  },
)

function isUpdate(value: unknown): value is Update {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const update = value as Record<string, unknown>
  if (!Number.isSafeInteger(update.update_id)) return false
  const message = update.message as Record<string, unknown> | undefined
  if (message !== undefined) {
    const chat = message?.chat as Record<string, unknown> | undefined
    if (!chat || typeof chat.id !== 'number' || typeof message.message_id !== 'number') return false
  }
  return true
}

const summarize = (value: unknown) => {
  try {
    return JSON.stringify(value).slice(0, 200)
  } catch {
    return typeof value
  }
}
