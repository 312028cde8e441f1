/**
 * accounts' internal telegram-link route: after `/start <link token>` the Telegram id signs in to the
 * account that made the token (one account per person), moving away from any account it signed in to
 * before; strangers and bad bodies are refused.
 */
import { describe, expect, it } from 'vitest'
import type { AuthSession, TelegramIdentityLink } from '@prost/contracts'
import { build, call } from './helper.js'
import { randomTelegramId } from './telegram-initdata.js'

const INTERNAL_TOKEN = 'internal-token-for-tests-0123456789abcdef'
const app = await build({ INTERNAL_API_TOKEN: INTERNAL_TOKEN })
const internal = { headers: { 'x-prost-internal-token': INTERNAL_TOKEN } }

const tgUser = (fields: Record<string, unknown> = {}) => ({
  id: randomTelegramId(),
  is_bot: false,
  first_name: 'Ivan',
  ...fields,
})
const link = (body: unknown, options: { headers: Record<string, string> } = internal) =>
  call(app, 'POST', '/api/auth/internal/telegram-link', body, options)
const botSession = async (user: unknown) =>
  (await call(app, 'POST', '/api/auth/internal/telegram-session', { user }, internal)).json<AuthSession>()
const register = async () => {
  const res = await call(app, 'POST', '/api/auth/register', {
    email: `ivan-${randomTelegramId()}@example.com`,
    password: 'password-123',
    displayName: 'Ivan Email',
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<AuthSession>()
}
const me = async (session: AuthSession) =>
  (await call(app, 'GET', '/api/auth/me', undefined, { token: session.accessToken })).json<
    AuthSession['user']
  >()

describe('POST /api/auth/internal/telegram-link', () => {
  it('makes the Telegram id sign in to the email account that linked it', async () => {
    const account = await register()
    const user = tgUser({ username: 'ivan_tg' })
    const res = await link({ userId: account.user.id, user })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<TelegramIdentityLink>()).toEqual({
      userId: account.user.id,
      telegramId: user.id,
      previousUserId: null,
    })
    expect((await botSession(user)).user.id).toBe(account.user.id)
    expect((await me(account)).telegram).toEqual({ id: user.id, username: 'ivan_tg' })
    // Linking again is harmless.
    expect(
      (await link({ userId: account.user.id, user })).json<TelegramIdentityLink>().previousUserId,
    ).toBeNull()
  })

  it('moves the Telegram id away from the Telegram-only account an earlier tap made', async () => {
    const user = tgUser()
    const earlier = await botSession(user)
    const account = await register()
    const res = await link({ userId: account.user.id, user })
    expect(res.json<TelegramIdentityLink>().previousUserId).toBe(earlier.user.id)
    expect((await botSession(user)).user.id).toBe(account.user.id)
    expect((await me(earlier)).telegram).toBeUndefined()
    expect((await me(account)).telegram?.id).toBe(user.id)
  })

  it('refuses strangers (401), unknown accounts (404) and bad bodies (400)', async () => {
    const account = await register()
    expect((await link({ userId: account.user.id, user: tgUser() }, { headers: {} })).statusCode).toBe(401)
    const stranger = { headers: { 'x-prost-internal-token': 'wrong' } }
    expect((await link({ userId: account.user.id, user: tgUser() }, stranger)).statusCode).toBe(401)
    const unknown = await link({ userId: '65a1b2c3d4e5f60718293a40', user: tgUser() })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.headers['content-type']).toContain('application/problem+json')
    for (const body of [
      {},
      { userId: account.user.id },
      { userId: 'not-an-id', user: tgUser() },
      { userId: { $ne: null }, user: tgUser() },
      { userId: account.user.id, user: { id: 0, first_name: 'A' } },
      { userId: account.user.id, user: tgUser(), extra: 1 },
    ]) {
      const res = await link(body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
  })
})
