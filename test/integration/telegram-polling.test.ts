/**
 * The Telegram loop with the bot in polling mode (how `npm start` runs it; k8s uses the webhook, which
 * the other Telegram suites cover): the bot takes updates with getUpdates from the fake Bot API, and
 * /plan, a tap on the card and the card's edit behave as through the webhook.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Board } from '@prost/contracts'
import { call, inDays, startTelegramStack, type TelegramStack } from '@prost/test-support'

const BOT = 'ProstPollingBot'
let telegram: TelegramStack
let organizer: string

beforeAll(async () => {
  telegram = await startTelegramStack({
    token: '4244:polling-test-token',
    username: BOT,
    webhookSecret: 'polling-unused-secret',
    mode: 'polling',
  })
  const reg = await call<{ accessToken: string }>(telegram.base, 'POST', '/api/auth/register', {
    body: {
      email: `poll-org-${Date.now()}@example.com`,
      password: 'organizer-password-123',
      displayName: 'Org',
    },
  })
  expect(reg.status, reg.text).toBe(201)
  organizer = reg.json.accessToken
}, 120_000)

afterAll(async () => {
  await telegram?.stop()
})

describe('group cards with the bot polling', () => {
  it('/plan posts the card, a tap votes and is answered, and the card is edited to the board', async () => {
    const { fake, base } = telegram
    expect(fake.webhook).toBeFalsy()
    const created = await call<{ id: string; inviteToken: string }>(base, 'POST', '/api/events', {
      token: organizer,
      body: {
        title: 'Polling beer',
        timeZone: 'Europe/Berlin',
        visibility: 'private',
        timeOptions: [{ startsAt: inDays(3) }],
        placeOptions: [{ name: 'Pub' }],
      },
    })
    expect(created.status, created.text).toBe(201)
    const group = fake.client.group(-100_779_001, 'Polling friends')
    await fake.client.say(
      group,
      fake.client.user(779_000, 'Anna', 'en'),
      `/plan ${base}/join/${created.json.inviteToken}`,
    )
    const card = await vi.waitFor(
      () => {
        const message = fake.messagesIn(group.id).find((m) => m.replyMarkup)
        if (!message) throw new Error('no card yet')
        return message
      },
      { timeout: 15_000, interval: 50 },
    )
    const yes = card.replyMarkup!.inline_keyboard[0]![0]!.callback_data!
    const tap = await fake.client.tap(fake.client.user(779_001, 'Pavel', 'en'), group.id, card.messageId, yes)
    const answer = await vi.waitFor(
      () => {
        const got = fake.client.answerTo(tap.id)
        if (!got) throw new Error('not answered yet')
        return got
      },
      { timeout: 15_000, interval: 50 },
    )
    expect(answer.text).toMatch(/Recorded!/)
    const board = await call<Board>(base, 'GET', `/api/votes/${created.json.id}`, { token: organizer })
    expect(board.json.timeOptions[0]!.voters.yes.map((v) => v.name)).toEqual(['Pavel'])
    await vi.waitFor(() => expect(fake.message(group.id, card.messageId)!.text).toContain('Pavel'), {
      timeout: 30_000,
      interval: 100,
    })
  })
})
