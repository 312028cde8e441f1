import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { AuthSession } from '@prost/contracts'
import { build, call, randomIp } from './helper.js'
import { nowSeconds, randomTelegramId, signInitData } from './telegram-initdata.js'

const BOT_TOKEN = '7000000002:AAH-test-bot-token-for-mini-app'
const app = await build({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_BOT_USERNAME: 'prost_test_bot' })

const webAppLogin = (initData: unknown, on = app) =>
  call(on, 'POST', '/api/auth/telegram/webapp', initData === undefined ? {} : { initData })

const miniAppUser = (fields: Record<string, unknown> = {}) => ({
  id: randomTelegramId(),
  first_name: 'Ivan',
  last_name: 'Petrov',
  username: 'ivan_p',
  language_code: 'ru',
  allows_write_to_pm: true,
  ...fields,
})

/** What Telegram gives a Mini App opened from the bot's menu button, signed with `botToken`. */
const launchData = (
  user: Record<string, unknown> | undefined,
  authDate = nowSeconds(),
  botToken = BOT_TOKEN,
) => signInitData({ query_id: 'AAHdF6IQAAAAAN0XohDhrOrc', user, auth_date: authDate }, botToken)

const refusal = (res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) => ({
  status: res.statusCode,
  contentType: String(res.headers['content-type']),
  body: res.json() as { type: string; detail: string },
})

describe('POST /api/auth/telegram/webapp', () => {
  it('creates the account from the Mini App user, in their Telegram language', async () => {
    const user = miniAppUser()
    const res = await webAppLogin(launchData(user))
    expect(res.statusCode, res.body).toBe(200)
    const session = res.json<AuthSession>()
    expect(session.user).toMatchObject({
      displayName: 'Ivan Petrov',
      telegram: { id: user.id, username: 'ivan_p' },
      language: 'ru',
      role: 'user',
    })
    expect(session.accessToken).toMatch(/^ey/)
    const me = await call(app, 'GET', '/api/auth/me', undefined, { token: session.accessToken })
    expect(me.json<AuthSession['user']>().id).toBe(session.user.id)
  })

  it('signs in again with the very same initData (Telegram keeps one per Mini App session)', async () => {
    const initData = launchData(miniAppUser({ language_code: 'en' }))
    const first = await webAppLogin(initData)
    const again = await webAppLogin(initData)
    expect([first.statusCode, again.statusCode]).toEqual([200, 200])
    expect(again.json<AuthSession>().user.id).toBe(first.json<AuthSession>().user.id)
    expect(first.json<AuthSession>().user.language).toBe('en')
    expect(again.json<AuthSession>().refreshToken).not.toBe(first.json<AuthSession>().refreshToken)
  })

  it('is the same account as the Login Widget gives that Telegram id, whichever came first', async () => {
    // Widget first, then the Mini App.
    const id = randomTelegramId()
    const authDate = nowSeconds()
    const widgetFields = { id, first_name: 'Ada', auth_date: authDate }
    const checkString = Object.entries(widgetFields)
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join('\n')
    const widgetHash = createHmac('sha256', createHash('sha256').update(BOT_TOKEN).digest())
      .update(checkString)
      .digest('hex')
    const widget = await call(app, 'POST', '/api/auth/telegram', { ...widgetFields, hash: widgetHash })
    expect(widget.statusCode, widget.body).toBe(200)
    const miniApp = await webAppLogin(
      launchData(miniAppUser({ id, first_name: 'Someone', language_code: 'ru' })),
    )
    expect(miniApp.statusCode, miniApp.body).toBe(200)
    expect(miniApp.json<AuthSession>().user.id).toBe(widget.json<AuthSession>().user.id)
    // The account keeps what it was created with: the name and the language chosen in Prost.
    expect(miniApp.json<AuthSession>().user).toMatchObject({ displayName: 'Ada', language: 'en' })
  })

  it('refuses a forged hash and a changed user', async () => {
    const user = miniAppUser()
    const good = launchData(user)
    const forged = good.replace(/hash=[0-9a-f]+/, `hash=${'0'.repeat(64)}`)
    const params = new URLSearchParams(good)
    params.set('user', JSON.stringify({ ...user, id: user.id + 1 }))
    for (const initData of [forged, params.toString()]) {
      const res = refusal(await webAppLogin(initData))
      expect(res).toMatchObject({
        status: 401,
        body: { detail: 'The Mini App data is not signed by our bot' },
      })
      expect(res.contentType).toContain('application/problem+json')
    }
  })

  it('refuses initData signed for another bot', async () => {
    const res = refusal(
      await webAppLogin(launchData(miniAppUser(), nowSeconds(), '7000000003:AAH-another-bot')),
    )
    expect(res).toMatchObject({
      status: 401,
      body: {
        type: 'https://prost.dev/problems/unauthenticated',
        detail: 'The Mini App data is not signed by our bot',
      },
    })
  })

  it('refuses initData older than the window (one day by default), and an 8-day-old one', async () => {
    for (const age of [86_400 + 60, 8 * 86_400]) {
      const res = refusal(await webAppLogin(launchData(miniAppUser(), nowSeconds() - age)))
      expect(res).toMatchObject({
        status: 401,
        body: { detail: 'This Mini App session is too old; close the Mini App and open it again' },
      })
    }
    // Just inside the window it is still good.
    expect((await webAppLogin(launchData(miniAppUser(), nowSeconds() - 86_400 + 60))).statusCode).toBe(200)
  })

  it('honours TELEGRAM_WEBAPP_MAX_AGE_SECONDS', async () => {
    const strict = await build({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_WEBAPP_MAX_AGE_SECONDS: '300' })
    const res = await webAppLogin(launchData(miniAppUser(), nowSeconds() - 600), strict)
    expect(res.statusCode).toBe(401)
    expect((await webAppLogin(launchData(miniAppUser(), nowSeconds() - 60), strict)).statusCode).toBe(200)
  })

  it('refuses signed initData dated in the future', async () => {
    const res = refusal(await webAppLogin(launchData(miniAppUser(), nowSeconds() + 3600)))
    expect(res.status).toBe(401)
    expect(res.body.detail).toContain('dated in the future')
  })

  it('refuses signed initData without a user, or with a user that is not one', async () => {
    for (const user of [undefined, { first_name: 'No id' }, { id: 'x', first_name: 'Bad' }]) {
      const res = refusal(await webAppLogin(launchData(user as Record<string, unknown> | undefined)))
      expect(res).toMatchObject({
        status: 401,
        body: { detail: expect.stringContaining('names no Telegram user') },
      })
    }
    const notJson = signInitData({ user: '{not json', auth_date: nowSeconds() }, BOT_TOKEN)
    expect(refusal(await webAppLogin(notJson))).toMatchObject({
      status: 401,
      body: { detail: 'This is not Telegram Mini App launch data' },
    })
  })

  it('refuses malformed strings with 401 and non-strings with 400, never 500', async () => {
    for (const initData of [
      'hello',
      'a=1&b=2',
      `auth_date=${nowSeconds()}`,
      'hash=abc',
      `hash=${'a'.repeat(64)}&auth_date=soon`,
    ]) {
      const res = refusal(await webAppLogin(initData))
      expect(res, initData).toMatchObject({
        status: 401,
        body: { detail: 'This is not Telegram Mini App launch data' },
      })
    }
    for (const body of [
      {},
      { initData: '' },
      { initData: 42 },
      { initData: { $ne: '' } },
      { initData: 'x', extra: 1 },
    ]) {
      const res = await call(app, 'POST', '/api/auth/telegram/webapp', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    expect((await webAppLogin('x'.repeat(4097))).statusCode).toBe(400)
  })

  it('refuses control characters in initData with 400', async () => {
    const good = launchData(miniAppUser())
    for (const initData of [`${good}\u0000`, `${good}\n`, `\u001b${good}`]) {
      const res = await webAppLogin(initData)
      expect(res.statusCode).toBe(400)
      expect(res.json().errors?.[0]?.message).toContain('control characters')
    }
  })

  it('stores names with control characters taken out (they are signed by Telegram as sent)', async () => {
    const user = miniAppUser({ first_name: 'Iv\u0000an\n', last_name: 'Pe\u001btrov', username: undefined })
    const res = await webAppLogin(launchData(user))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<AuthSession>().user.displayName).toBe('Ivan Petrov')
  })

  it('answers a clear 404 problem when no bot token is configured', async () => {
    const plain = await build()
    const res = await webAppLogin(launchData(miniAppUser()), plain)
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({
      type: 'https://prost.dev/problems/not-found',
      detail: 'Telegram login is not configured',
    })
  })

  it('limits sign-in attempts per IP like the Login Widget', async () => {
    const ip = randomIp()
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await call(app, 'POST', '/api/auth/telegram/webapp', { initData: 'hello' }, { ip })).statusCode,
      )
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true)
    expect(statuses[10]).toBe(429)
  })
})
