/**
 * Checks a Telegram Login Widget payload as https://core.telegram.org/widgets/login#checking-authorization
 * describes: HMAC-SHA-256 of the data-check-string (every received field except `hash`, as sorted
 * `key=value` lines), keyed with SHA-256 of the bot token, must equal `hash`; and the login must be recent.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { TelegramLogin } from '@prost/contracts'

/** Telegram's example uses one day; an older payload may have been captured and replayed. */
export const MAX_AUTH_AGE_SECONDS = 24 * 60 * 60
/** Clock skew tolerated for an auth_date in the future. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60

export type TelegramCheck = { ok: true } | { ok: false; reason: 'bad-hash' | 'expired' | 'from-the-future' }

export function dataCheckString(payload: Record<string, unknown>): string {
  return Object.keys(payload)
    .filter((key) => key !== 'hash' && payload[key] !== undefined)
    .sort()
    .map((key) => `${key}=${String(payload[key])}`)
    .join('\n')
}

export function telegramHash(payload: Record<string, unknown>, botToken: string): string {
  const secret = createHash('sha256').update(botToken).digest()
  return createHmac('sha256', secret).update(dataCheckString(payload)).digest('hex')
}

export function checkTelegramLogin(
  payload: TelegramLogin,
  botToken: string,
  nowMs = Date.now(),
): TelegramCheck {
  const expected = Buffer.from(telegramHash(payload, botToken), 'hex')
  const received = Buffer.from(payload.hash, 'hex')
  if (received.length !== expected.length || !timingSafeEqual(received, expected))
    return { ok: false, reason: 'bad-hash' }
  const now = Math.floor(nowMs / 1000)
  if (now - payload.auth_date > MAX_AUTH_AGE_SECONDS) return { ok: false, reason: 'expired' }
  if (payload.auth_date - now > MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'from-the-future' }
  return { ok: true }
}
