import { describe, expect, it } from 'vitest'
import type { AuthSession } from '@prost/contracts'
import { build, call } from './helper.js'
import { nowSeconds, randomTelegramId, signInitData } from './telegram-initdata.js'

const BOT_TOKEN = '7000000004:AAH-test-bot-token-for-internal'
const INTERNAL_TOKEN = 'internal-token-for-tests-0123456789abcdef'
const app = await build({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, INTERNAL_API_TOKEN: INTERNAL_TOKEN })

const URL = '/api/auth/internal/telegram-session'
/** `token: null` sends no header at all. */
const botSession = (body: unknown, token: string | null = INTERNAL_TOKEN, on = app) =>
  call(on, 'POST', URL, body, token === null ? {} : { headers: { 'x-prost-internal-token': token } })

/** A Telegram update's `from`, as the bot passes it through (with fields we do not use). */
const tgUser = (fields: Record<string, unknown> = {}) => ({
  id: randomTelegramId(),
  is_bot: false,
  first_name: 'Olga',
  language_code: 'en',
  ...fields,
})

describe('POST /api/auth/internal/telegram-session', () => {
  it('creates the account of a Telegram user on first use and gives the same one later', async () => {
    const user = tgUser({ last_name: 'Ivanova', username: 'olga_i', language_code: 'ru-RU' })
    const first = await botSession({ user })
    expect(first.statusCode, first.body).toBe(200)
    const session = first.json<AuthSession>()
    expect(session.user).toMatchObject({
      displayName: 'Olga Ivanova',
      telegram: { id: user.id, username: 'olga_i' },
      language: 'ru',
    })
    expect(session.accessToken).toBeTruthy()
    expect(session.refreshToken).toBeTruthy()
    const again = await botSession({ user: { id: user.id, first_name: 'Renamed' } })
    expect(again.json<AuthSession>().user).toMatchObject({ id: session.user.id, displayName: 'Olga Ivanova' })
    const me = await call(app, 'GET', '/api/auth/me', undefined, {
      token: again.json<AuthSession>().accessToken,
    })
    expect(me.json<AuthSession['user']>().id).toBe(session.user.id)
  })

  it('is the same account as the Mini App sign-in of that Telegram id, either way round', async () => {
    const viaBot = tgUser()
    const botFirst = await botSession({ user: viaBot })
    const miniAppAfter = await call(app, 'POST', '/api/auth/telegram/webapp', {
      initData: signInitData({ user: viaBot, auth_date: nowSeconds() }, BOT_TOKEN),
    })
    expect(miniAppAfter.statusCode, miniAppAfter.body).toBe(200)
    expect(miniAppAfter.json<AuthSession>().user.id).toBe(botFirst.json<AuthSession>().user.id)

    const viaMiniApp = tgUser()
    const miniAppFirst = await call(app, 'POST', '/api/auth/telegram/webapp', {
      initData: signInitData({ user: viaMiniApp, auth_date: nowSeconds() }, BOT_TOKEN),
    })
    const botAfter = await botSession({ user: viaMiniApp })
    expect(botAfter.json<AuthSession>().user.id).toBe(miniAppFirst.json<AuthSession>().user.id)
  })

  it('answers 401 for a missing or wrong token, before reading the body', async () => {
    for (const token of [null, '', 'wrong', `${INTERNAL_TOKEN}x`, INTERNAL_TOKEN.slice(0, -1)]) {
      const res = await botSession({ user: tgUser() }, token)
      expect(res.statusCode, String(token)).toBe(401)
      expect(res.json()).toMatchObject({ type: 'https://prost.dev/problems/unauthenticated' })
    }
    // A bad body with a wrong token is still 401: a stranger learns nothing about the route.
    expect((await botSession({ nonsense: true }, 'wrong')).statusCode).toBe(401)
  })

  it('answers 404 when no INTERNAL_API_TOKEN is configured, whatever is sent', async () => {
    const plain = await build({ TELEGRAM_BOT_TOKEN: BOT_TOKEN })
    for (const token of [null, '', INTERNAL_TOKEN]) {
      const res = await botSession({ user: tgUser() }, token, plain)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ type: 'https://prost.dev/problems/not-found' })
    }
  })

  it('refuses a bad body with 400', async () => {
    for (const body of [
      {},
      { user: {} },
      { user: { id: '1', first_name: 'A' } },
      { user: { id: 0, first_name: 'A' } },
      { user: { id: 5, first_name: '' } },
      { user: { id: 5, first_name: 'x'.repeat(257) } },
      { user: tgUser(), extra: true },
    ]) {
      const res = await botSession(body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
  })

  it('stores Telegram names with control characters taken out', async () => {
    const res = await botSession({ user: tgUser({ first_name: 'Ol\u0000ga\n', last_name: '\u001b' }) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<AuthSession>().user.displayName).toBe('Olga')
  })

  it('refuses an INTERNAL_API_TOKEN shorter than 32 characters at start-up', async () => {
    await expect(build({ INTERNAL_API_TOKEN: 'short' })).rejects.toThrow(/INTERNAL_API_TOKEN/)
  })
})
