/**
 * Sends one text message through the Bot API (telegraf's client) and classifies the outcome, or, in
 * dry-run mode (no token), logs it and stores it so GET /api/notifications/me can show it.
 */
import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import { Telegram, TelegramError } from 'telegraf'
import type { InlineKeyboardMarkup } from 'telegraf/types'
import type { Store } from '../store/store.js'
import type { Clock } from '../clock.js'
import type { NotificationsConfig } from '../config.js'

export type SendOutcome =
  | { ok: true; messageId: number | null }
  | { ok: false; kind: 'rate-limited'; retryAfterMs: number; error: string }
  | { ok: false; kind: 'transient'; error: string }
  | { ok: false; kind: 'permanent'; code: number; error: string }

export interface OutgoingMessage {
  chatId: number | null
  text: string
  /** Who it is for (dry-run log key); null for bot replies to an unlinked chat. */
  recipientId: string | null
  kind: string
  /** Inline keyboard (e.g. the RSVP buttons); Telegram's reply_markup as is. */
  replyMarkup?: InlineKeyboardMarkup
}

export interface TelegramSender {
  readonly dryRun: boolean
  readonly telegram: Telegram | null
  send(message: OutgoingMessage): Promise<SendOutcome>
}

export interface TelegramSenderOptions {
  token: string
  apiRoot: string
  timeoutMs: number
  store: Store
  clock: Clock
  log: FastifyBaseLogger
}

type SenderConfig = Pick<
  NotificationsConfig,
  'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_TIMEOUT_MS'
>

/** The sender the API and the worker both use, from the service's settings. */
export const telegramSenderFor = (
  config: SenderConfig,
  deps: Pick<TelegramSenderOptions, 'store' | 'clock' | 'log'>,
) =>
  createTelegramSender({
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    timeoutMs: config.TELEGRAM_TIMEOUT_MS,
    ...deps,
  })

export function createTelegramSender(options: TelegramSenderOptions): TelegramSender {
  const { token, store, log, clock } = options
  if (!token) {
    return {
      dryRun: true,
      telegram: null,
      async send(message) {
        log.info(
          {
            dryRun: true,
            chatId: message.chatId,
            recipientId: message.recipientId,
            kind: message.kind,
            text: message.text,
          },
          'telegram message (dry-run, not sent)',
        )
        await store.dryRunLog.insertOne({
          _id: randomUUID(),
          recipientId: message.recipientId,
          chatId: message.chatId,
          kind: message.kind,
          text: message.text,
          sentAt: clock.now(),
        })
        return { ok: true, messageId: null }
      },
    }
  }
  const telegram = new Telegram(token, { apiRoot: options.apiRoot, webhookReply: false })
  return {
    dryRun: false,
    telegram,
    async send(message) {
      if (message.chatId === null)
        return { ok: false, kind: 'permanent', code: 400, error: 'no chat to send to' }
      try {
        const sent = await telegram.callApi(
          'sendMessage',
          {
            chat_id: message.chatId,
            text: message.text,
            link_preview_options: { is_disabled: true },
            ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
          },
          // telegraf's own timeout is 500 s; a stuck request must not hold a reminder that long.
          { signal: AbortSignal.timeout(options.timeoutMs) as never },
        )
        return { ok: true, messageId: sent.message_id }
      } catch (error) {
        return classifySendError(error)
      }
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    telegramSender: TelegramSender
  }
}

/** The API (bot replies) and the worker (reminders, notices) both send through this one. */
export const telegramSender = fp<{ config: SenderConfig }>(
  async (fastify, { config }) => {
    const sender = telegramSenderFor(config, {
      store: fastify.notificationsStore,
      clock: fastify.notificationsClock,
      log: fastify.log,
    })
    fastify.decorate('telegramSender', sender)
  },
  { name: 'notifications-telegram-sender', dependencies: ['notifications-store', 'notifications-clock'] },
)

/** 429 → wait retry_after; 5xx, 401/404 (our configuration) and network errors → retry; other 4xx → permanent. */
export function classifySendError(error: unknown): Exclude<SendOutcome, { ok: true }> {
  if (error instanceof TelegramError) {
    const code = error.code
    if (code === 429) {
      const seconds = error.parameters?.retry_after ?? 1
      return {
        ok: false,
        kind: 'rate-limited',
        retryAfterMs: Math.max(1, seconds) * 1000,
        error: error.message,
      }
    }
    if (code >= 500 || code === 401 || code === 404)
      return { ok: false, kind: 'transient', error: error.message }
    return { ok: false, kind: 'permanent', code, error: error.description ?? error.message }
  }
  return { ok: false, kind: 'transient', error: (error as Error)?.message ?? String(error) }
}
