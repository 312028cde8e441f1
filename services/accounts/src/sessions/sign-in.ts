/**
 * The ways into an account: register with email and password, log in with them, or log in with
 * Telegram (the Login Widget here; the Mini App and the bot reach signInAsTelegramUser too).
 */
import { forbidden, HttpProblem, notFound, unauthenticated } from '@prost/platform'
import {
  toSingleLineText,
  type AuthSession,
  type Login,
  type Register,
  type Language,
  type TelegramLogin,
  type TelegramUser,
} from '@prost/contracts'
import type { AccountsContext } from '../accounts-context.js'
import { hashPassword, verifyPassword } from '../passwords.js'
import { checkTelegramLogin } from '../telegram-login.js'
import { emailLoginId, telegramLoginId, type UserDocument } from '../users/users-repository.js'
import {
  cleanDisplayName,
  DEFAULT_TIME_ZONE,
  normalizeEmail,
  requireTimeZone,
} from '../users/profile-fields.js'
import { issueSession } from './sessions.js'

/** The same answer for an unknown email and a wrong password, so it does not tell which accounts exist. */
const wrongCredentials = () => unauthenticated('The email or password is wrong')
const accountDisabled = () => forbidden('This account has been disabled')
const lockedOut = (seconds: number) =>
  new HttpProblem(
    'rate-limited',
    `Too many failed logins for this account; try again in ${Math.ceil(seconds / 60)} min`,
    {
      headers: { 'retry-after': String(seconds) },
    },
  )

export async function register(ctx: AccountsContext, input: Register): Promise<AuthSession> {
  const email = normalizeEmail(input.email)
  const timeZone = input.timeZone === undefined ? DEFAULT_TIME_ZONE : requireTimeZone(input.timeZone)
  const user = await ctx.usersRepository.createWithLogin(
    {
      displayName: cleanDisplayName(input.displayName),
      email,
      timeZone,
      language: input.language ?? 'en',
    },
    { id: emailLoginId(email), passwordHash: await hashPassword(input.password) },
    'An account with this email already exists',
  )
  return issueSession(ctx, user)
}

/**
 * Every refused attempt does the same work (one lookup, one scrypt, one counter update), whether
 * or not the email has an account. A locked email is refused before any of it.
 */
export async function logInWithPassword(ctx: AccountsContext, input: Login): Promise<AuthSession> {
  const email = normalizeEmail(input.email)
  const retryAfter = await ctx.loginThrottle.lockedFor(email)
  if (retryAfter > 0) throw lockedOut(retryAfter)

  const login = await ctx.usersRepository.findLogin(emailLoginId(email))
  const passwordMatches = await verifyPassword(input.password, login?.passwordHash)
  const user = passwordMatches && login ? await ctx.usersRepository.findById(login.userId) : null
  if (!user) {
    await ctx.loginThrottle.recordFailure(email)
    throw wrongCredentials()
  }
  await ctx.loginThrottle.reset(email)
  if (await ctx.usersRepository.isDisabled(user._id)) throw accountDisabled()
  return issueSession(ctx, user)
}

export async function logInWithTelegram(ctx: AccountsContext, payload: TelegramLogin): Promise<AuthSession> {
  const botToken = ctx.accountsSettings.telegramBotToken
  if (!botToken) throw notFound('Telegram login is not configured')
  const check = checkTelegramLogin(payload, botToken)
  if (!check.ok) {
    ctx.log.info({ reason: check.reason, telegramId: payload.id }, 'telegram login refused')
    throw unauthenticated(
      check.reason === 'bad-hash'
        ? 'The Telegram login data is not signed by our bot'
        : 'This Telegram login is too old; log in with Telegram again',
    )
  }
  return signInAsTelegramUser(ctx, payload)
}

/**
 * Who a Telegram user is, as the Login Widget, a Mini App's initData or a bot update names them
 * (the widget sends no language).
 */
export type TelegramIdentity = Pick<
  TelegramUser,
  'id' | 'first_name' | 'last_name' | 'username' | 'language_code'
>

/**
 * The session of the account of a Telegram user whose identity Telegram vouched for (the caller has
 * checked the signature or the internal token). One account per Telegram id, whichever way the user
 * came first: the widget, the Mini App or a tap in a group chat; the first of them creates it.
 */
export async function signInAsTelegramUser(
  ctx: AccountsContext,
  identity: TelegramIdentity,
): Promise<AuthSession> {
  const user = (await findTelegramUser(ctx, identity.id)) ?? (await createTelegramUser(ctx, identity))
  if (await ctx.usersRepository.isDisabled(user._id)) throw accountDisabled()
  return issueSession(ctx, user)
}

/** Prost speaks English and Russian; Telegram's IETF tag (`ru`, `ru-RU`, `en-GB`) picks one. */
export const languageFromTelegram = (languageCode: string | undefined): Language =>
  languageCode?.toLowerCase().split('-')[0] === 'ru' ? 'ru' : 'en'

async function findTelegramUser(ctx: AccountsContext, telegramId: number): Promise<UserDocument | null> {
  const login = await ctx.usersRepository.findLogin(telegramLoginId(telegramId))
  return login ? ctx.usersRepository.findById(login.userId) : null
}

/**
 * First Telegram sign-in: the account is created on the spot, without an email, in the language
 * the user's Telegram app is in (an existing account keeps the language chosen in Prost).
 */
async function createTelegramUser(ctx: AccountsContext, payload: TelegramIdentity): Promise<UserDocument> {
  // Telegram's names pass no text schema (they are checked against its signature as sent), so what
  // a name field would refuse (control characters, lone surrogates) is taken out before storing.
  const fullName = cleanDisplayName(toSingleLineText([payload.first_name, payload.last_name ?? ''].join(' ')))
  const username = toSingleLineText(payload.username ?? '').trim()
  const displayName = Array.from(fullName || username || `Telegram ${payload.id}`)
    .slice(0, 80)
    .join('')
    .trim()
  const telegram: UserDocument['telegram'] = { id: payload.id }
  if (username) telegram.username = username
  try {
    return await ctx.usersRepository.createWithLogin(
      {
        displayName,
        telegram,
        timeZone: DEFAULT_TIME_ZONE,
        language: languageFromTelegram(payload.language_code),
      },
      { id: telegramLoginId(payload.id) },
    )
  } catch (error) {
    if (!(error instanceof HttpProblem) || error.kind !== 'already-exists') throw error
    // A concurrent first login won the race; use the account it created. It claims the login before
    // it writes the user, so the user may take a moment to appear.
    for (let attempt = 0; attempt < 40; attempt++) {
      const user = await findTelegramUser(ctx, payload.id)
      if (user) return user
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new HttpProblem('conflict', 'Your account is being created; try again in a moment')
  }
}
