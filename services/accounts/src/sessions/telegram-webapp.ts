/**
 * Sign-in from inside Telegram's Mini App: the SPA sends `Telegram.WebApp.initData` as it got it,
 * and we check it as https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
 * says (HMAC-SHA-256 keyed with HMAC("WebAppData", bot token), and a recent `auth_date`) through
 * @telegram-apps/init-data-node rather than our own HMAC code.
 *
 * initData is not single-use: Telegram hands the Mini App one initData for its whole session, and
 * the SPA signs in with it again after a reload. A captured initData is worth as much as the session
 * it buys until `auth_date` leaves the window (TELEGRAM_WEBAPP_MAX_AGE_SECONDS), like a Login Widget
 * payload; the window is what bounds replay.
 */
import { Value } from '@sinclair/typebox/value'
import {
  isAuthDateInvalidError,
  isExpiredError,
  isSignatureInvalidError,
  isSignatureMissingError,
  validate,
} from '@telegram-apps/init-data-node'
import { notFound, unauthenticated } from '@prost/platform'
import { TelegramUserSchema, type AuthSession, type TelegramUser } from '@prost/contracts'
import type { AccountsContext } from '../accounts-context.js'
import { signInAsTelegramUser } from './sign-in.js'

/** auth_date ahead of our clock by more than this is refused: it would stretch the window. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60

export type WebAppCheck =
  | { ok: true; user: TelegramUser; authDate: number }
  | { ok: false; reason: 'malformed' | 'bad-hash' | 'expired' | 'from-the-future' | 'no-user' }

export function checkWebAppInitData(
  initData: string,
  botToken: string,
  maxAgeSeconds: number,
  nowMs = Date.now(),
): WebAppCheck {
  try {
    // The library reads the clock itself; the skew check below uses ours, and tests use real time.
    validate(initData, botToken, { expiresIn: maxAgeSeconds })
  } catch (error) {
    if (isExpiredError(error)) return { ok: false, reason: 'expired' }
    if (isSignatureInvalidError(error)) return { ok: false, reason: 'bad-hash' }
    if (isSignatureMissingError(error) || isAuthDateInvalidError(error))
      return { ok: false, reason: 'malformed' }
    // Anything else the library throws is about the shape of what a stranger sent us, not our fault.
    return { ok: false, reason: 'malformed' }
  }
  const params = new URLSearchParams(initData)
  const authDate = Number(params.get('auth_date'))
  if (!Number.isSafeInteger(authDate)) return { ok: false, reason: 'malformed' }
  if (authDate - Math.floor(nowMs / 1000) > MAX_CLOCK_SKEW_SECONDS)
    return { ok: false, reason: 'from-the-future' }
  // The library's parse() insists on the newer `signature` field, which not every Telegram client
  // sends; the signed `user` JSON is all we need, read and checked against the contract here.
  const rawUser = params.get('user')
  if (!rawUser) return { ok: false, reason: 'no-user' }
  let user: unknown
  try {
    user = JSON.parse(rawUser)
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (!Value.Check(TelegramUserSchema, user)) return { ok: false, reason: 'no-user' }
  return { ok: true, user, authDate }
}

const REFUSALS: Record<Exclude<WebAppCheck, { ok: true }>['reason'], string> = {
  malformed: 'This is not Telegram Mini App launch data',
  'bad-hash': 'The Mini App data is not signed by our bot',
  expired: 'This Mini App session is too old; close the Mini App and open it again',
  'from-the-future': 'The Mini App data is dated in the future; check the clock of this device',
  'no-user': 'The Mini App data names no Telegram user; open the Mini App from a chat with the bot',
}

export async function logInWithTelegramWebApp(ctx: AccountsContext, initData: string): Promise<AuthSession> {
  const { telegramBotToken, telegramWebAppMaxAgeSeconds } = ctx.accountsSettings
  if (!telegramBotToken) throw notFound('Telegram login is not configured')
  const check = checkWebAppInitData(initData, telegramBotToken, telegramWebAppMaxAgeSeconds)
  if (!check.ok) {
    ctx.log.info({ reason: check.reason }, 'telegram mini app sign-in refused')
    throw unauthenticated(REFUSALS[check.reason])
  }
  return signInAsTelegramUser(ctx, check.user)
}
