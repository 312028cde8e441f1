import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { authHeader, build } from './helper.js'
import { startFakeTelegram, type FakeTelegram } from '@prost/test-support'
import { offsetClock } from '../src/clock.js'

const TOKEN = '123456:test-token'
const SECRET = 'webhook-secret-0123456789'

describe('Telegram linking and the bot (webhook mode, fake Bot API)', () => {
  let fake: FakeTelegram
  let app: FastifyInstance
  const clock = offsetClock(0)

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN, username: 'ProstTestBot' })
    app = await build(
      {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_BOT_USERNAME: 'ProstTestBot',
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: 'https://prost.example',
      },
      { clock, keepOpen: true },
    )
  })
  afterAll(async () => {
    await app?.close()
    await fake?.close()
  })

  const bearer = async (sub: string, kind: 'user' | 'participant' = 'user') =>
    authHeader(
      kind === 'user'
        ? { sub, kind, role: 'user', name: 'Ann' }
        : { sub, kind, eventId: '0123456789abcdef01234567', name: 'Guest' },
    )
  const webhook = (update: unknown, secret = SECRET, header: string | null = SECRET) =>
    app.inject({
      method: 'POST',
      url: `/api/telegram/webhook/${secret}`,
      headers: header === null ? {} : { 'x-telegram-bot-api-secret-token': header },
      payload: update as object,
    })
  const lastTextTo = (chatId: number) => fake.to(chatId).at(-1)?.text ?? ''
  const newLink = async (sub: string, kind: 'user' | 'participant' = 'user') => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/telegram/link',
      headers: await bearer(sub, kind),
    })
    expect(res.statusCode).toBe(200)
    const body = res.json<{ deepLink: string; expiresAt: string }>()
    return { ...body, token: new URL(body.deepLink).searchParams.get('start')! }
  }

  it('registers the webhook with its secret token on start', () => {
    expect(fake.webhook).toEqual({
      url: `https://prost.example/api/telegram/webhook/${SECRET}`,
      secret: SECRET,
    })
  })

  it('refuses a link request without a token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/telegram/link' })
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('links a user through /start <token>, once', async () => {
    const link = await newLink('user-ann')
    expect(link.deepLink).toMatch(/^https:\/\/t\.me\/ProstTestBot\?start=[A-Za-z0-9_-]{32}$/)
    expect(Date.parse(link.expiresAt) - clock.now().getTime()).toBeGreaterThan(14 * 60_000)

    const res = await webhook(fake.textUpdate(111, `/start ${link.token}`))
    expect(res.statusCode).toBe(200)
    expect(lastTextTo(111)).toContain('Telegram is linked')

    const me = await app.inject({ url: '/api/notifications/me', headers: await bearer('user-ann') })
    expect(me.json()).toMatchObject({ linked: true, dryRun: false, upcoming: [], dryRunMessages: [] })

    // The same token again, from another chat: refused, and the first chat keeps the link.
    await webhook(fake.textUpdate(222, `/start ${link.token}`))
    expect(lastTextTo(222)).toContain('already been poured')
  })

  it('links an invite-link guest and answers in Russian', async () => {
    const link = await newLink('guest-boris', 'participant')
    await webhook(fake.textUpdate(333, `/start ${link.token}`, 'ru'))
    expect(lastTextTo(333)).toContain('Telegram привязан')
    const me = await app.inject({
      url: '/api/notifications/me',
      headers: await bearer('guest-boris', 'participant'),
    })
    expect(me.json().linked).toBe(true)
  })

  // Telegram's language_code reaches the store past any schema; a NUL in it made the store refuse
  // the link (PostgreSQL behind FerretDB), so the bot never answered.
  it('links a chat whose language code carries control characters, storing no such code', async () => {
    const link = await newLink('user-nul')
    await webhook(fake.textUpdate(334, `/start ${link.token}`, 'en\u0000\u001b'))
    expect(lastTextTo(334)).toContain('Telegram is linked')
    const me = await app.inject({ url: '/api/notifications/me', headers: await bearer('user-nul') })
    expect(me.json().linked).toBe(true)
  })

  it('refuses an expired token with a clear reply', async () => {
    const link = await newLink('user-late')
    clock.shift(16 * 60_000)
    try {
      await webhook(fake.textUpdate(444, `/start ${link.token}`))
    } finally {
      clock.shift(-16 * 60_000)
    }
    expect(lastTextTo(444)).toContain('expired')
    const me = await app.inject({ url: '/api/notifications/me', headers: await bearer('user-late') })
    expect(me.json().linked).toBe(false)
  })

  it('answers an unknown token, unknown commands and plain text with help', async () => {
    await webhook(fake.textUpdate(555, '/start nosuchtoken'))
    expect(lastTextTo(555)).toContain('do not know this link')
    await webhook(fake.textUpdate(555, '/dance'))
    expect(lastTextTo(555)).toContain('/events')
    await webhook(fake.textUpdate(555, 'hello?'))
    expect(lastTextTo(555)).toContain('/stop')
  })

  it('lists upcoming events with /events and unlinks with /stop', async () => {
    const link = await newLink('user-carl')
    await webhook(fake.textUpdate(666, `/start ${link.token}`))
    await webhook(fake.textUpdate(666, '/events'))
    expect(lastTextTo(666)).toContain('No upcoming meetups')
    await webhook(fake.textUpdate(666, '/stop'))
    expect(lastTextTo(666)).toContain('Unlinked')
    const me = await app.inject({ url: '/api/notifications/me', headers: await bearer('user-carl') })
    expect(me.json().linked).toBe(false)
  })

  it('unlinks through DELETE /api/telegram/link', async () => {
    const link = await newLink('user-dora')
    await webhook(fake.textUpdate(777, `/start ${link.token}`))
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/telegram/link',
      headers: await bearer('user-dora'),
    })
    expect(res.statusCode).toBe(204)
    const me = await app.inject({ url: '/api/notifications/me', headers: await bearer('user-dora') })
    expect(me.json().linked).toBe(false)
  })

  it('refuses a webhook call with a wrong path secret or header, and processes nothing', async () => {
    const link = await newLink('user-eve')
    const before = fake.delivered.length
    for (const [secret, header] of [
      ['wrong-secret', SECRET],
      [SECRET, 'wrong-header'],
      [SECRET, null],
    ] as const) {
      const res = await webhook(fake.textUpdate(888, `/start ${link.token}`), secret, header)
      expect(res.statusCode).toBe(401)
      expect(res.json().type).toBe('https://prost.dev/problems/unauthenticated')
    }
    expect(fake.delivered.length).toBe(before)
    const me = await app.inject({ url: '/api/notifications/me', headers: await bearer('user-eve') })
    expect(me.json().linked).toBe(false)
    // The token was not consumed by the refused calls.
    await webhook(fake.textUpdate(888, `/start ${link.token}`))
    expect(lastTextTo(888)).toContain('Telegram is linked')
  })

  it('ignores malformed updates with 200', async () => {
    const before = fake.delivered.length
    for (const update of [
      { nope: true },
      { update_id: 'x' },
      { update_id: 5, message: { text: '/start' } },
      [1, 2],
    ]) {
      const res = await webhook(update)
      expect(res.statusCode).toBe(200)
    }
    expect(fake.delivered.length).toBe(before)
  })
})

describe('Telegram long polling', () => {
  it('receives /start through getUpdates and replies', async () => {
    const fake = await startFakeTelegram({ token: TOKEN })
    const app = await build(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_MODE: 'polling' },
      { keepOpen: true },
    )
    try {
      const auth = authHeader({ sub: 'user-poll', kind: 'user', role: 'user', name: 'P' })
      const res = await app.inject({ method: 'POST', url: '/api/telegram/link', headers: auth })
      const token = new URL(res.json().deepLink).searchParams.get('start')!
      fake.pushUpdate(fake.textUpdate(999, `/start ${token}`))
      await expect.poll(() => fake.to(999).length, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0)
      expect(fake.to(999).map((m) => m.text)).toEqual([expect.stringContaining('Telegram is linked')])
      expect(fake.calls.some((c) => c.method === 'deleteWebhook')).toBe(true)
    } finally {
      await app.close()
      await fake.close()
    }
  })
})
