/**
 * The deadline loop in Telegram end to end: the real accounts, events, voting and notifications (API
 * and a worker whose clock runs a day ahead) with the fake Bot API delivering taps to the webhook.
 * A nudge reaches the participant who has not voted; a tap on it votes as them and is answered (also
 * for someone who registered with an email and linked Telegram with /start: one account per person);
 * the same data tapped by someone else, or forged, records nothing; once everyone has answered, the
 * organizer is told once; an automatic finalize that finds nothing choosable tells the organizer.
 */
import { MongoClient, ObjectId } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Board, Event } from '@prost/contracts'
import { buildService, testBackends } from '@prost/platform/testing'
import {
  call,
  inDays,
  linkTelegramByStart,
  startFakeTelegram,
  startIngressStack,
  TEST_INTERNAL_API_TOKEN,
  urlOf,
  type FakeTelegram,
  type IngressStack,
} from '@prost/test-support'
import { freePort } from '../../scripts/stack/net.js'
import { notificationsWorkerService } from '../../services/notifications/src/notifications-worker.js'
import { offsetClock } from '../../services/notifications/src/clock.js'

const TOKEN = '4343:nudges-test-token'
const SECRET = 'nudges-webhook-secret'
const BOT = 'ProstNudgeBot'

let fake: FakeTelegram
let stack: IngressStack
let base: string
let worker: Awaited<ReturnType<typeof buildService>>
let mongo: MongoClient
const clock = offsetClock(0)

const tg = () => fake.client
const olgaTg = () => tg().user(888_001, 'Olga', 'en')
const ivanTg = () => tg().user(888_002, 'Ivan', 'ru')
const malloryTg = () => tg().user(888_003, 'Mallory', 'en')

interface Person {
  token: string
  userId: string
  chatId: number
}
let olga: Person
let ivan: Person

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN, username: BOT })
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  const bot = {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_BOT_USERNAME: BOT,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PUBLIC_URL: base,
  }
  stack = await startIngressStack({
    ingressPort: port,
    env: {
      notifications: { ...bot, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: SECRET },
      events: { DEADLINE_SWEEP_MS: '600000' },
    },
  })
  // The worker on the API's database and queues; it sends, the API process only answers taps.
  worker = await buildService(
    notificationsWorkerService,
    { ...stack.env.notifications!, ...bot, TELEGRAM_MODE: 'polling', SCHEDULER_INTERVAL_MS: '100' },
    { keepOpen: true, pluginOptions: { clock } },
  )
  await vi.waitFor(() => expect(fake.webhook?.url).toBe(`${base}/api/telegram/webhook/${SECRET}`), {
    timeout: 10_000,
  })
  mongo = new MongoClient(testBackends().mongoUrl)
  await mongo.connect()
  const sessionOf = async (user: ReturnType<typeof olgaTg>): Promise<Person> => {
    const res = await fetch(`${urlOf(stack.apps.accounts![0]!)}/api/auth/internal/telegram-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-prost-internal-token': TEST_INTERNAL_API_TOKEN },
      body: JSON.stringify({ user }),
    })
    expect(res.status).toBe(200)
    const session = (await res.json()) as { accessToken: string; user: { id: string } }
    // Linked to the bot as /start with a link token would (the private chat's id is the user's id).
    await mongo
      .db(stack.databases.notifications!)
      .collection('telegram_links')
      .insertOne({
        _id: session.user.id as never,
        subjectKind: 'user',
        chatId: user.id,
        languageCode: user.language_code ?? null,
        linkedAt: new Date(),
      })
    return { token: session.accessToken, userId: session.user.id, chatId: user.id }
  }
  olga = await sessionOf(olgaTg())
  ivan = await emailAccountLinkedByStart(ivanTg())
}, 120_000)

/**
 * Ivan registered with an email and linked Telegram the way the SPA offers it (a link token, then
 * `/start <token>` in his private chat). Before that he had tapped a card once, which made him a
 * Telegram-only account: the link moves his Telegram id to the email account, so taps vote as him.
 */
async function emailAccountLinkedByStart(user: ReturnType<typeof ivanTg>): Promise<Person> {
  const direct = urlOf(stack.apps.accounts![0]!)
  const telegramSession = async () => {
    const res = await fetch(`${direct}/api/auth/internal/telegram-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-prost-internal-token': TEST_INTERNAL_API_TOKEN },
      body: JSON.stringify({ user }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { user: { id: string } }).user.id
  }
  const earlierTapAccount = await telegramSession()
  const registered = await call<{ accessToken: string; user: { id: string } }>(
    base,
    'POST',
    '/api/auth/register',
    {
      body: { email: `ivan-${Date.now()}@example.com`, password: 'password-123', displayName: 'Ivan' },
    },
  )
  expect(registered.status, registered.text).toBe(201)
  const { accessToken: token, user: account } = registered.json
  await linkTelegramByStart(base, fake, token, user)
  await vi.waitFor(async () => expect(await telegramSession()).toBe(account.id), { timeout: 10_000 })
  const before = await mongo
    .db(stack.databases.accounts!)
    .collection('users')
    .findOne({ _id: new ObjectId(earlierTapAccount) })
  expect(before?.telegram).toBeUndefined()
  const me = await call<{ telegram?: { id: number } }>(base, 'GET', '/api/auth/me', { token })
  expect(me.json.telegram?.id).toBe(user.id)
  return { token, userId: account.id, chatId: user.id }
}

afterAll(async () => {
  await worker?.close()
  await mongo?.close()
  await stack?.stop()
  await fake?.close()
})

async function pollOfTwo(title: string, extra: Record<string, unknown> = {}) {
  const created = await call<Event>(base, 'POST', '/api/events', {
    token: olga.token,
    body: {
      title,
      timeZone: 'Europe/Moscow',
      visibility: 'public',
      votingDeadline: inDays(1.5),
      timeOptions: [{ startsAt: inDays(5) }, { startsAt: inDays(6) }],
      placeOptions: [{ name: 'Kneipe' }],
      ...extra,
    },
  })
  expect(created.status, created.text).toBe(201)
  const joined = await call<Event>(base, 'POST', `/api/events/${created.json.id}/join`, {
    token: ivan.token,
    body: {},
  })
  expect(joined.status, joined.text).toBe(200)
  return joined.json
}

const boardOf = async (eventId: string) =>
  (await call<Board>(base, 'GET', `/api/votes/${eventId}`, { token: olga.token })).json

async function answerOf(queryId: string) {
  return vi.waitFor(
    () => {
      const answer = tg().answerTo(queryId)
      if (!answer) throw new Error('not answered yet')
      return answer
    },
    { timeout: 20_000, interval: 50 },
  )
}

const startingWith = (chatId: number, icon: string) => fake.to(chatId).filter((m) => m.text.startsWith(icon))

describe('deadline nudges and the organizer’s notices in Telegram', () => {
  it(
    'nudge, vote by tap, refuse forged taps, and tell the organizer once that everyone answered',
    { timeout: 120_000 },
    async () => {
      const event = await pollOfTwo('Nudge beer')
      // Both have not voted; the nudge (24 h before a deadline 36 h away) is due once the clock runs 13 h ahead.
      await vi.waitFor(
        async () => {
          const board = await call<Board>(base, 'GET', `/api/votes/${event.id}`, { token: olga.token })
          expect(board.json.participants?.length, board.text).toBe(2)
        },
        { timeout: 20_000, interval: 200 },
      )
      clock.shift(13 * 3_600_000)
      const [nudge] = await vi.waitFor(
        () => {
          const got = startingWith(ivan.chatId, '⏳')
          expect(got).toHaveLength(1)
          return got
        },
        { timeout: 30_000, interval: 100 },
      )
      expect(nudge!.text).toContain('Nudge beer: голосование до')
      const rows = fake.message(ivan.chatId, nudge!.messageId)!.replyMarkup!.inline_keyboard
      const yesSecond = rows[1]![0]!.callback_data!
      expect(yesSecond.startsWith(`n:${event.id}:1:y:`)).toBe(true)

      // Someone else with Ivan's button data, in their own chat or in Ivan's: nothing recorded.
      const stolen = await tg().tap(malloryTg(), 888_003, nudge!.messageId, yesSecond)
      expect((await answerOf(stolen.id)).text).toMatch(/not valid/)
      const forged = await tg().tap(
        ivanTg(),
        ivan.chatId,
        nudge!.messageId,
        yesSecond.replace(':1:y:', ':0:y:'),
      )
      expect((await answerOf(forged.id)).text).toMatch(/недействительна/)
      expect((await boardOf(event.id)).notVoted.map((p) => p.id)).toContain(ivan.userId)

      // Ivan's own tap votes as Ivan.
      const tap = await tg().tap(ivanTg(), ivan.chatId, nudge!.messageId, yesSecond)
      expect(await answerOf(tap.id)).toMatchObject({ text: 'Да: #2. Записал!' })
      const afterTap = await boardOf(event.id)
      expect(afterTap.timeOptions[1]!.voters.yes.map((v) => v.id)).toEqual([ivan.userId])
      expect(startingWith(olga.chatId, '🙌')).toHaveLength(0)

      // Olga answers on her own nudge: now everyone has, and she is told once.
      const olgaNudge = await vi.waitFor(() => {
        const got = startingWith(olga.chatId, '⏳')
        expect(got).toHaveLength(1)
        return got[0]!
      })
      const olgaRows = fake.message(olga.chatId, olgaNudge.messageId)!.replyMarkup!.inline_keyboard
      const olgaTap = await tg().tap(
        olgaTg(),
        olga.chatId,
        olgaNudge.messageId,
        olgaRows[0]![1]!.callback_data!,
      )
      expect((await answerOf(olgaTap.id)).text).toBe('If need be: #1. Recorded!')
      await vi.waitFor(() => expect(startingWith(olga.chatId, '🙌')).toHaveLength(1), {
        timeout: 30_000,
        interval: 100,
      })
      expect(startingWith(olga.chatId, '🙌')[0]!.text).toContain('Everyone has answered: Nudge beer')
      // A later change of mind is another board change, not another notice.
      const again = await tg().tap(
        olgaTg(),
        olga.chatId,
        olgaNudge.messageId,
        olgaRows[0]![0]!.callback_data!,
      )
      expect((await answerOf(again.id)).text).toBe('Yes: #1. Recorded!')
      const notices = await mongo
        .db(stack.databases.notifications!)
        .collection('deliveries')
        .countDocuments({ eventId: event.id, kind: 'allVoted' })
      expect(notices).toBe(1)
      expect(startingWith(ivan.chatId, '⏳')).toHaveLength(1)
    },
  )

  it(
    'tells the organizer when the automatic finalize finds nothing choosable',
    { timeout: 60_000 },
    async () => {
      const event = await pollOfTwo('Undecided beer', { autoFinalize: true, nudgeHoursBeforeDeadline: null })
      const [t1, t2] = event.timeOptions.map((o) => o.id)
      const place = event.placeOptions[0]!.id
      for (const person of [olga, ivan]) {
        const put = await call(base, 'PUT', `/api/votes/${event.id}`, {
          token: person.token,
          body: { choices: { [t1!]: 'yes', [t2!]: 'no', [place]: 'no' }, eventVersion: event.version },
        })
        expect(put.status, put.text).toBe(200)
      }
      const moved = await call<Event>(base, 'PATCH', `/api/events/${event.id}`, {
        token: olga.token,
        body: { votingDeadline: new Date(Date.now() - 60_000).toISOString() },
      })
      expect(moved.status, moved.text).toBe(200)
      const events = stack.apps.events![0]! as unknown as { deadlineSweeper: { sweep(): Promise<void> } }
      await vi.waitFor(
        async () => {
          expect((await boardOf(event.id)).eventVersion).toBe(moved.json.version)
        },
        { timeout: 10_000 },
      )
      await events.deadlineSweeper.sweep()
      await vi.waitFor(() => expect(startingWith(olga.chatId, '🤷')).toHaveLength(1), {
        timeout: 30_000,
        interval: 100,
      })
      expect(startingWith(olga.chatId, '🤷')[0]!.text).toContain('Undecided beer: voting has closed')
      expect(startingWith(ivan.chatId, '🤷')).toHaveLength(0)
      const after = await call<Event>(base, 'GET', `/api/events/${event.id}`, { token: olga.token })
      expect(after.json.status).toBe('polling')
    },
  )
})
