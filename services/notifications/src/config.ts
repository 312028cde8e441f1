import { Type, type Static } from '@sinclair/typebox'
import { AmqpConfigSchema, serviceConfigSchema } from '@prost/platform'

export const TelegramConfigSchema = Type.Object({
  /** Empty = dry-run: every message is logged and stored instead of sent. */
  TELEGRAM_BOT_TOKEN: Type.String({ default: '' }),
  TELEGRAM_BOT_USERNAME: Type.String({ default: 'ProstBot', pattern: '^[A-Za-z0-9_]{3,64}$' }),
  /** Bot API base URL; tests point it at a local fake. */
  TELEGRAM_API_ROOT: Type.String({ default: 'https://api.telegram.org', pattern: '^https?://' }),
  TELEGRAM_MODE: Type.Union([Type.Literal('polling'), Type.Literal('webhook')], { default: 'polling' }),
  /** Path segment and X-Telegram-Bot-Api-Secret-Token value of the webhook (webhook mode). */
  TELEGRAM_WEBHOOK_SECRET: Type.String({ default: '' }),
  REMINDER_LEAD_MINUTES: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60, default: 60 }),
  /** Messages per second overall; Telegram allows about 30. */
  // The full 30: the budget counts a message from its departure until a second after its answer,
  // so arrival jitter cannot put a 31st into Telegram's window (reminders/send-rate.ts).
  SEND_RATE_PER_SECOND: Type.Number({ minimum: 0.1, maximum: 1000, default: 30 }),
  /** Minimum gap between two messages to one chat (Telegram asks for about one per second). */
  // 1.2 s, not 1 s: Telegram counts arrivals, and network and load jitter can bring two sends closer.
  SEND_CHAT_INTERVAL_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 1200 }),
  /** Prefix for this service's queue names (tests use a unique one per file). */
  NOTIFICATIONS_QUEUE_PREFIX: Type.String({ default: '', pattern: '^[A-Za-z0-9_.-]*$' }),
  SCHEDULER_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1000 }),
  /** How long a claimed (queued) or sending reminder belongs to its claimer before it is re-examined. */
  REMINDER_LEASE_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 120 }),
  /** Transient failures (5xx, network) are retried this many times before the reminder is dead-lettered. */
  SEND_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** Base delay of the exponential backoff after a transient failure. */
  SEND_RETRY_BASE_MS: Type.Integer({ minimum: 10, maximum: 600_000, default: 2000 }),
  /** Per-request timeout towards the Bot API. */
  TELEGRAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 15_000 }),
})

/** Group poll cards: the bot acts as Telegram users through the other services' own APIs. */
export const GroupCardsConfigSchema = Type.Object({
  /** Base URLs of the services, reached directly (not through the ingress). */
  ACCOUNTS_INTERNAL_URL: Type.String({ default: 'http://127.0.0.1:3001', pattern: '^https?://' }),
  EVENTS_INTERNAL_URL: Type.String({ default: 'http://127.0.0.1:3002', pattern: '^https?://' }),
  VOTING_INTERNAL_URL: Type.String({ default: 'http://127.0.0.1:3003', pattern: '^https?://' }),
  /**
   * Shared secret for service-to-service calls (accounts' telegram-session). Empty turns group cards
   * off: /plan then says so. It also keys the MAC of the cards' callback_data.
   */
  INTERNAL_API_TOKEN: Type.String({ default: '' }),
  /** Messages (card posts and edits) per group per minute; Telegram allows about 20. */
  CARD_GROUP_MESSAGES_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 60, default: 20 }),
})

export const NotificationsConfigSchema = serviceConfigSchema(
  AmqpConfigSchema,
  TelegramConfigSchema,
  GroupCardsConfigSchema,
)
export type NotificationsConfig = Static<typeof NotificationsConfigSchema>
