/**
 * The bot writes in the language chosen in Prost (the profile's, sent by the SPA when it changes),
 * not in the Telegram app's: a user whose Telegram is in English but who switched Prost to Russian
 * gets Russian messages.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { AccessClaims } from '@prost/platform'
import {
  authHeader,
  build,
  eventState,
  objectId,
  testConfig,
  workerWithFakeTelegram,
  type FakeTelegramWorker,
} from './helper.js'

const TOKEN = '779:language'

describe('PUT /api/notifications/me/language', () => {
  const env = { TELEGRAM_BOT_TOKEN: TOKEN, SEND_CHAT_INTERVAL_MS: '50' }
  const config = testConfig(env)
  let delivery: FakeTelegramWorker
  let api: Awaited<ReturnType<typeof build>>

  beforeAll(async () => {
    delivery = await workerWithFakeTelegram(config, TOKEN)
    // The API on the worker's database: the preference it stores is what the sender reads.
    api = await build({
      ...env,
      MONGODB_DB: config.MONGODB_DB!,
      NOTIFICATIONS_QUEUE_PREFIX: config.NOTIFICATIONS_QUEUE_PREFIX,
      TELEGRAM_API_ROOT: config.TELEGRAM_API_ROOT!,
    })
  })

  const put = (claims: AccessClaims, body: unknown) =>
    api.inject({
      method: 'PUT',
      url: '/api/notifications/me/language',
      headers: authHeader(claims),
      payload: body as object,
    })

  it('makes the bot write in the chosen language, over the Telegram app language', async () => {
    const { fake, link, publisher } = delivery
    const [ann, bob] = [objectId(), objectId()]
    const [annChat, bobChat] = [await link(ann, 'en'), await link(bob, 'en')]
    const res = await put({ sub: ann, kind: 'user', role: 'user', name: 'Ann' }, { language: 'ru' })
    expect(res.statusCode).toBe(204)

    await publisher.publish(
      'event.finalized',
      eventState({ version: 1, startsAt: new Date(Date.now() + 3 * 86_400_000), participants: [ann, bob] }),
    )
    await expect
      .poll(() => [fake.to(annChat).length, fake.to(bobChat).length], { timeout: 15_000 })
      .toEqual([1, 1])
    expect(fake.to(annChat)[0]!.text).toContain('Решено')
    expect(fake.to(bobChat)[0]!.text).toContain('It is decided')
  })

  it('refuses guests, unknown languages and anonymous callers', async () => {
    const guest: AccessClaims = { sub: objectId(), kind: 'participant', eventId: objectId(), name: 'Gus' }
    const user: AccessClaims = { sub: objectId(), kind: 'user', role: 'user', name: 'Ann' }
    expect((await put(guest, { language: 'ru' })).statusCode).toBe(403)
    const bad = await put(user, { language: 'de' })
    expect(bad.statusCode).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    expect((await put(user, { language: 'ru', extra: 1 })).statusCode).toBe(400)
    expect(
      (
        await api.inject({
          method: 'PUT',
          url: '/api/notifications/me/language',
          payload: { language: 'ru' },
        })
      ).statusCode,
    ).toBe(401)
  })
})
