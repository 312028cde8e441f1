/**
 * The notifications API with its database cut off (a Toxiproxy link in front of FerretDB): every route
 * that needs the database answers 503 problem+json with Retry-After, not 500. The webhook too, so
 * Telegram sends the update again instead of it being lost. Readiness says so, and the service serves
 * again once the link is back, without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { testBackends, toxicLink } from '@prost/test-support'
import { authHeader, build, objectId } from '../helper.js'

const SECRET = 'webhook-secret-0123456789'

let link: Awaited<ReturnType<typeof toxicLink>>
let app: Awaited<ReturnType<typeof build>>

beforeAll(async () => {
  const mongo = new URL(testBackends().mongoUrl)
  link = await toxicLink(`${mongo.hostname}:${mongo.port}`)
  // Dry-run (no bot token) in webhook mode: the bot's replies are database writes too.
  app = await build(
    {
      MONGODB_URL: `mongodb://127.0.0.1:${link.port}/`,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    },
    { keepOpen: true },
  )
})

afterAll(async () => {
  await link?.restore().catch(() => undefined)
  await app?.close()
  await link?.remove()
})

const user = authHeader({ sub: objectId(), kind: 'user', role: 'user', name: 'Ann' })
/** A private-chat text update as Telegram sends it (a command carries its entity). */
const update = (text: string) => ({
  update_id: Math.floor(Math.random() * 1e9),
  message: {
    message_id: 1,
    date: 0,
    chat: { id: 4242, type: 'private' },
    from: { id: 4242, is_bot: false, first_name: 'Ann' },
    text,
    ...(text.startsWith('/')
      ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] }
      : {}),
  },
})
const webhook = (text: string) =>
  app.inject({
    method: 'POST',
    url: `/api/telegram/webhook/${SECRET}`,
    headers: { 'x-telegram-bot-api-secret-token': SECRET },
    payload: update(text),
  })

const expectUnavailable = (res: LightMyRequestResponse, what: string) => {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(503)
  expect(res.headers['content-type'], what).toContain('application/problem+json')
  expect(res.json().type, what).toBe('https://prost.dev/problems/dependency-unavailable')
  expect(res.headers['retry-after'], what).toBeDefined()
  expect(res.body, what).not.toMatch(/Mongo|ECONNREFUSED|at .+:\d+:\d+/)
}

describe('notifications with its database cut off', () => {
  it(
    'answers 503 on every route that needs it, the webhook too, and recovers by itself',
    { timeout: 90_000 },
    async () => {
      expect((await app.inject({ url: '/api/notifications/me', headers: user })).statusCode).toBe(200)
      expect((await webhook('hello')).statusCode).toBe(200)

      await link.cut()
      // Not ready once the driver has seen the database go. (Asked before that, a request can also wait
      // for a connection being opened into the cut: the driver's connect timeout, 30 s.)
      await expect
        .poll(async () => (await app.inject({ url: '/api/notifications/readyz' })).json().status, {
          timeout: 30_000,
          interval: 200,
        })
        .toBe('unavailable')
      // Side by side: each waits for the driver to give up on the database (a few seconds).
      const calls = {
        'GET /me': app.inject({ url: '/api/notifications/me', headers: user }),
        'PUT /me/language': app.inject({
          method: 'PUT',
          url: '/api/notifications/me/language',
          headers: user,
          payload: { language: 'ru' },
        }),
        'POST /link': app.inject({ method: 'POST', url: '/api/telegram/link', headers: user }),
        'DELETE /link': app.inject({ method: 'DELETE', url: '/api/telegram/link', headers: user }),
        'webhook /start': webhook('/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
        'webhook text': webhook('hello'),
      }
      const answers = Object.fromEntries(
        await Promise.all(Object.entries(calls).map(async ([what, call]) => [what, await call] as const)),
      )
      for (const [what, res] of Object.entries(answers)) expectUnavailable(res, what)
      expect((await app.inject({ url: '/api/notifications/readyz' })).statusCode).toBe(503)

      await link.restore()
      await expect
        .poll(async () => (await app.inject({ url: '/readyz' })).statusCode, {
          timeout: 30_000,
          interval: 200,
        })
        .toBe(200)
      await expect
        .poll(async () => (await app.inject({ url: '/api/notifications/me', headers: user })).statusCode, {
          timeout: 30_000,
          interval: 200,
        })
        .toBe(200)
      expect((await webhook('hello')).statusCode).toBe(200)
    },
  )
})
