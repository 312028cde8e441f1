/**
 * Signing in from inside Telegram: the Mini App's launch data, and the bot acting as a Telegram user.
 *
 * `initData` is sent exactly as Telegram handed it to the Mini App (the raw query string of
 * `Telegram.WebApp.initData` / the `tgWebAppData` launch parameter): its signature covers the string
 * as sent, so the client must not parse and re-encode it. It is URL-encoded, so a real one never
 * holds control characters; the bound caps the work a stranger can make us do per request.
 */
import { Type, type Static } from '@sinclair/typebox'
import { SingleLineText } from '../common/text.js'
import { ObjectIdString } from '../common/ids.js'

export const TelegramWebAppLoginSchema = Type.Object(
  {
    initData: SingleLineText({
      minLength: 1,
      maxLength: 4096,
      description: 'Telegram.WebApp.initData unchanged (query string with auth_date, user, hash)',
    }),
  },
  { additionalProperties: false },
)
export type TelegramWebAppLogin = Static<typeof TelegramWebAppLoginSchema>

/**
 * A Telegram user as the Bot API describes them in an update (`from`). Sent by the bot, which got it
 * from Telegram; the names are Telegram's as typed by the user and are cleaned (toSingleLineText)
 * before storing rather than refused, so no Telegram user is locked out by an odd character.
 */
export const TelegramUserSchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    first_name: Type.String({ minLength: 1, maxLength: 256 }),
    last_name: Type.Optional(Type.String({ maxLength: 256 })),
    username: Type.Optional(Type.String({ maxLength: 64 })),
    language_code: Type.Optional(Type.String({ maxLength: 35, description: 'IETF language tag' })),
  },
  // Telegram adds fields to User over time (is_premium, added_to_attachment_menu…); the bot may
  // pass `from` through as it is, so unknown fields are accepted and ignored, not refused.
  { additionalProperties: true },
)
export type TelegramUser = Static<typeof TelegramUserSchema>

/** Body of accounts' internal `POST /api/auth/internal/telegram-session` (the bot, never the ingress). */
export const InternalTelegramSessionSchema = Type.Object(
  { user: TelegramUserSchema },
  { additionalProperties: false },
)
export type InternalTelegramSession = Static<typeof InternalTelegramSessionSchema>

/**
 * Body of accounts' internal `POST /api/auth/internal/telegram-link`: the bot heard `/start <link
 * token>` from this Telegram user in their private chat, and the token was made for this account.
 * From then on the Telegram id signs in to that account (taps, Mini App, Login Widget).
 */
export const InternalTelegramLinkSchema = Type.Object(
  { userId: ObjectIdString, user: TelegramUserSchema },
  { additionalProperties: false },
)
export type InternalTelegramLink = Static<typeof InternalTelegramLinkSchema>

/** What the link did; `previousUserId` is the account the Telegram id signed in to before, if another. */
export const TelegramIdentityLinkSchema = Type.Object(
  {
    userId: ObjectIdString,
    telegramId: Type.Integer({ minimum: 1 }),
    previousUserId: Type.Union([ObjectIdString, Type.Null()]),
  },
  { additionalProperties: false },
)
export type TelegramIdentityLink = Static<typeof TelegramIdentityLinkSchema>

/** The header that carries INTERNAL_API_TOKEN on service-to-service calls. */
export const INTERNAL_TOKEN_HEADER = 'x-prost-internal-token'
