/**
 * Group poll cards end to end: the real accounts, events, voting and notifications behind HAProxy,
 * on the real FerretDB, Redis and RabbitMQ, with the fake Bot API (Telegram's per-chat limits on)
 * delivering real Update JSON to the bot's webhook through the ingress. Checks: /plan posts a card
 * with signed buttons; a tap by someone without an account records their vote (account created,
 * joined), is answered, and the card ends equal to the board; forged or misplaced callback_data
 * records nothing; one person tapping in two groups that share an event has one ballot and both
 * cards follow; a removed bot stops editing and nothing crashes; a burst of 200 taps from 40 people
 * in 10 s loses no tap, stays within 20 messages a minute in the group, honours 429 retry_after, and
 * leaves the card equal to the board.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Board } from '@prost/contracts'
import {
  call,
  inDays,
  startTelegramStack,
  TEST_INTERNAL_API_TOKEN,
  type FakeTelegram,
  type IngressStack,
  urlOf,
  type TelegramUserJson,
  type ChatJson,
} from '@prost/test-support'
import { renderCard } from '../../services/notifications/src/cards/card-render.js'
import { cardKey } from '../../services/notifications/src/cards/callback-data.js'
import type { Store } from '../../services/notifications/src/store/store.js'

const TOKEN = '4242:group-cards-test-token'
const SECRET = 'group-cards-webhook-secret'
const BOT = 'ProstTestBot'
const ZONE = 'Europe/Moscow'

let fake: FakeTelegram
let stack: IngressStack
let base: string
let organizer: string

const tg = () => fake.client

beforeAll(async () => {
  ;({ fake, stack, base } = await startTelegramStack({
    token: TOKEN,
    username: BOT,
    webhookSecret: SECRET,
    // Two of each: taps land on either bot replica (edits share one budget and one lock per card in
    // Redis), and board.changed comes from whichever voting replica took the ballot.
    replicas: { notifications: 2, voting: 2 },
  }))
  const reg = await call<{ accessToken: string }>(base, 'POST', '/api/auth/register', {
    body: {
      email: `org-${Date.now()}@example.com`,
      password: 'organizer-password-123',
      displayName: 'Organizer',
    },
  })
  expect(reg.status, reg.text).toBe(201)
  organizer = reg.json.accessToken
})

afterAll(async () => {
  await stack?.stop()
  await fake?.close()
})

async function newEvent(title: string, times = 2, places = 2) {
  const created = await call<{ id: string; inviteToken: string }>(base, 'POST', '/api/events', {
    token: organizer,
    body: {
      title,
      timeZone: ZONE,
      visibility: 'private',
      votingDeadline: inDays(2),
      timeOptions: Array.from({ length: times }, (_, i) => ({ startsAt: inDays(3 + i) })),
      placeOptions: Array.from({ length: places }, (_, i) => ({ name: `Pub ${i + 1}` })),
    },
  })
  expect(created.status, created.text).toBe(201)
  return { eventId: created.json.id, invite: created.json.inviteToken }
}

const board = async (eventId: string) => {
  const res = await call<Board>(base, 'GET', `/api/votes/${eventId}`, { token: organizer })
  expect(res.status, res.text).toBe(200)
  return res.json
}

/** The card as the bot should render it from the board now (English, the test bot, this stack). */
const expectedCard = async (eventId: string, cardId: string) =>
  renderCard(await board(eventId), {
    cardId,
    lang: 'en',
    timeZone: ZONE,
    key: cardKey(TEST_INTERNAL_API_TOKEN),
    botUsername: BOT,
    publicUrl: base,
  })

const callbackButtons = (chatId: number, messageId: number) =>
  (fake.message(chatId, messageId)?.replyMarkup?.inline_keyboard ?? [])
    .flat()
    .filter((b) => b.callback_data)
    .map((b) => b.callback_data!)

/** Posts a card with /plan in `chat` and answers its message id. */
async function plan(chat: ChatJson, from: TelegramUserJson, argument: string) {
  const before = fake.messagesIn(chat.id).length
  const sent = await tg().say(chat, from, `/plan ${argument}`)
  expect(sent.status).toBe(200)
  return vi.waitFor(
    () => {
      const card = fake
        .messagesIn(chat.id)
        .slice(before)
        .find((m) => m.replyMarkup)
      if (!card) throw new Error('no card yet')
      return card.messageId
    },
    { timeout: 15_000, interval: 50 },
  )
}

/** The card id a card's buttons carry (base64url of the ObjectId). */
const cardIdOf = (data: string) => Buffer.from(data.split(':')[1]!, 'base64url').toString('hex')

/** Waits until the card shows exactly what the board renders to (text and buttons). */
async function expectCardEqualsBoard(chatId: number, messageId: number, eventId: string, timeout = 30_000) {
  const cardId = cardIdOf(
    callbackButtons(chatId, messageId)[0] ??
      fake.edits
        .find((e) => e.chatId === chatId)
        ?.replyMarkup?.inline_keyboard.flat()
        .find((b) => b.callback_data)?.callback_data ??
      '',
  )
  await vi.waitFor(
    async () => {
      const expected = await expectedCard(eventId, cardId)
      const shown = fake.message(chatId, messageId)!
      expect(shown.text).toBe(expected.text)
      expect(shown.replyMarkup).toEqual(expected.markup)
    },
    { timeout, interval: 200 },
  )
}

async function answerOf(queryId: string, timeout = 15_000) {
  return vi.waitFor(
    () => {
      const answer = tg().answerTo(queryId)
      if (!answer) throw new Error('not answered yet')
      return answer
    },
    { timeout, interval: 50 },
  )
}

const namesOn = (b: Board) => JSON.stringify(b)

describe('group poll cards', () => {
  const ivan = () => tg().user(777_001, 'Ivan', 'ru')
  const olga = () => tg().user(777_002, 'Olga', 'en')
  let shared: { eventId: string; invite: string }
  let first: { chat: ChatJson; messageId: number }

  it('/plan <invite link> posts a card with per-option buttons in the group', async () => {
    shared = await newEvent('Probe beer')
    const chat = tg().group(-100_777_001, 'Probe friends')
    const messageId = await plan(chat, tg().user(777_000, 'Anna', 'en'), `${base}/join/${shared.invite}`)
    first = { chat, messageId }
    const card = fake.message(chat.id, messageId)!
    expect(card.text).toContain('Probe beer')
    expect(card.text).toContain(`(${ZONE})`)
    const data = callbackButtons(chat.id, messageId)
    expect(data).toHaveLength(4 * 3)
    for (const d of data) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64)
    const urls = card.replyMarkup!.inline_keyboard.flat().filter((b) => b.url)
    expect(urls.map((b) => b.url)).toEqual([`https://t.me/${BOT}?startapp=${shared.eventId}`])
  })

  it('a tap by a Telegram user without an account records the vote, answers it and updates the card', async () => {
    const yesFirst = callbackButtons(first.chat.id, first.messageId)[0]!
    const tap = await tg().tap(olga(), first.chat.id, first.messageId, yesFirst)
    expect(tap.status).toBe(200)
    expect((await answerOf(tap.id)).text).toMatch(/^Yes: .*\(Europe\/Moscow\)\. Recorded!$/)
    const b = await board(shared.eventId)
    expect(b.timeOptions[0]!.voters.yes.map((v) => v.name)).toEqual(['Olga'])
    await expectCardEqualsBoard(first.chat.id, first.messageId, shared.eventId)
    expect(fake.message(first.chat.id, first.messageId)!.text).toContain('✅ Olga')
  })

  it('refuses forged callback_data and data from another card; nothing is recorded, no 5xx', async () => {
    const mallory = tg().user(777_003, 'Mallory', 'ru')
    const before = await board(shared.eventId)
    const forged = await tg().tap(mallory, first.chat.id, first.messageId, 'v:000000000000000000000000:0:y')
    expect(forged.status).toBe(200)
    expect((await answerOf(forged.id)).text).toBe('Эта кнопка недействительна (уже).')
    // A real button with its MAC changed, and with its answer changed (MAC left as it was).
    const real = callbackButtons(first.chat.id, first.messageId)[0]!
    const parts = real.split(':')
    const badMac = await tg().tap(
      mallory,
      first.chat.id,
      first.messageId,
      [...parts.slice(0, 4), 'AAAAAAAAAAAA'].join(':'),
    )
    const otherAnswer = await tg().tap(
      mallory,
      first.chat.id,
      first.messageId,
      [...parts.slice(0, 3), 'n', parts[4]].join(':'),
    )
    // A real button of this card, tapped on a message in another chat.
    const elsewhere = tg().group(-100_777_999, 'Elsewhere')
    const copied = await tg().tap(mallory, elsewhere.id, first.messageId, real)
    for (const tap of [badMac, otherAnswer, copied]) {
      expect(tap.status).toBe(200)
      expect((await answerOf(tap.id)).text).toBe('Эта кнопка недействительна (уже).')
    }
    const after = await board(shared.eventId)
    expect(namesOn(after)).not.toContain('Mallory')
    expect(after.participants).toEqual(before.participants)
  })

  it('one person tapping in two groups sharing the event has one ballot, and both cards follow', async () => {
    const chat = tg().group(-100_777_002, 'Second group')
    const messageId = await plan(chat, tg().user(777_000, 'Anna', 'en'), `${base}/join/${shared.invite}`)
    const data = callbackButtons(chat.id, messageId)
    // Second option (row 2), "if need be".
    const tap = await tg().tap(olga(), chat.id, messageId, data[3 + 1]!)
    expect((await answerOf(tap.id)).text).toMatch(/^If need be: /)
    const ivanTap = await tg().tap(ivan(), chat.id, messageId, data[6]!)
    expect((await answerOf(ivanTap.id)).text).toMatch(/^Да: Pub 1\. Записал!$/)
    const b = await board(shared.eventId)
    expect(b.participants.filter((p) => p.name === 'Olga')).toHaveLength(1)
    expect(b.timeOptions[0]!.voters.yes.map((v) => v.name)).toEqual(['Olga'])
    expect(b.timeOptions[1]!.voters.maybe.map((v) => v.name)).toEqual(['Olga'])
    await expectCardEqualsBoard(chat.id, messageId, shared.eventId)
    await expectCardEqualsBoard(first.chat.id, first.messageId, shared.eventId)
  })

  it('stops editing the cards of a group the bot was removed from, and keeps working elsewhere', async () => {
    const removed = tg().group(-100_777_003, 'Removed')
    const silent = tg().group(-100_777_004, 'Silently removed')
    const removedCard = await plan(
      removed,
      tg().user(777_000, 'Anna', 'en'),
      shared.eventId === '' ? '' : `${base}/join/${shared.invite}`,
    )
    const silentCard = await plan(silent, tg().user(777_000, 'Anna', 'en'), `${base}/join/${shared.invite}`)
    const removal = await tg().removeBot(removed, tg().user(777_000, 'Anna', 'en'))
    expect(removal.status).toBe(200)
    fake.kick(silent.id) // no update at all: only the next edit's 403 tells
    const store = (stack.apps.notifications![0]! as unknown as { notificationsStore: Store })
      .notificationsStore
    await vi.waitFor(async () =>
      expect((await store.groupCards.findOne({ chatId: removed.id }))?.state).toBe('dead'),
    )
    const writesBefore = fake.writes.filter((w) => w.chatId === removed.id).length
    const tap = await tg().tap(
      tg().user(777_010, 'Petr', 'en'),
      first.chat.id,
      first.messageId,
      callbackButtons(first.chat.id, first.messageId)[2]!,
    )
    expect((await answerOf(tap.id)).text).toMatch(/^No: /)
    await expectCardEqualsBoard(first.chat.id, first.messageId, shared.eventId)
    await vi.waitFor(
      async () => expect((await store.groupCards.findOne({ chatId: silent.id }))?.state).toBe('dead'),
      { timeout: 15_000 },
    )
    expect(fake.writes.filter((w) => w.chatId === removed.id)).toHaveLength(writesBefore)
    expect(fake.rejected.filter((r) => r.chatId === removed.id)).toHaveLength(0)
    expect(fake.message(removed.id, removedCard)).toBeDefined()
    expect(fake.message(silent.id, silentCard)).toBeDefined()
    const health = await call(base, 'GET', '/api/notifications/healthz')
    expect(health.status).toBe(200)
  })

  it('a vote from the web (no tap) reaches the cards through board.changed', async () => {
    const before = await board(shared.eventId)
    const put = await call(base, 'PUT', `/api/votes/${shared.eventId}`, {
      token: organizer,
      body: { choices: { [before.placeOptions[1]!.id]: 'yes' } },
    })
    expect(put.status, put.text).toBe(200)
    await expectCardEqualsBoard(first.chat.id, first.messageId, shared.eventId)
    expect(fake.message(first.chat.id, first.messageId)!.text).toContain('✅ Organizer')
  })

  it('counts Telegram’s "message is not modified" as sent, and a vanished message ends its card', async () => {
    type Replica = {
      notificationsStore: Store
      groupCards: { editor: { refreshCard(id: string): Promise<void>; busy: number } }
    }
    const replicas = stack.apps.notifications! as unknown as Replica[]
    const notifications = replicas[0]!
    const store = notifications.notificationsStore
    const cardId = cardIdOf(callbackButtons(first.chat.id, first.messageId)[0]!)
    // Settled first: the card shows the board and no replica is still editing it.
    await expectCardEqualsBoard(first.chat.id, first.messageId, shared.eventId)
    await vi.waitFor(() => expect(replicas.map((r) => r.groupCards.editor.busy)).toEqual([0, 0]), {
      timeout: 20_000,
    })
    const card = (await store.groupCards.findOne({ _id: cardId }))!
    expect(card.lastHash).toBe((await expectedCard(shared.eventId, cardId)).hash)
    // Forget what was sent, as a replica that lost the race would: the same render goes out again.
    await store.groupCards.updateOne({ _id: cardId }, { $set: { lastHash: null } })
    const refusedBefore = fake.rejected.length
    await notifications.groupCards.editor.refreshCard(cardId)
    expect(fake.rejected.slice(refusedBefore)).toEqual([
      expect.objectContaining({ chatId: first.chat.id, status: 400, method: 'editMessageText' }),
    ])
    expect((await store.groupCards.findOne({ _id: cardId }))!.lastHash).toBe(card.lastHash)

    // A card whose message is gone (deleted in the chat) stops; the others go on.
    const gone = { ...card, _id: '0123456789abcdef01234567', messageId: 999_999, lastHash: null }
    await store.groupCards.insertOne(gone)
    await notifications.groupCards.editor.refreshCard(gone._id)
    expect((await store.groupCards.findOne({ _id: gone._id }))!.state).toBe('dead')
  })

  it('/plan <event id> posts the card for its organizer; a stranger or a bad link gets a reply, not a card', async () => {
    const accounts = urlOf(stack.apps.accounts![0]!)
    const boris = tg().user(777_020, 'Boris', 'en')
    const session = (token?: string) =>
      call<{ accessToken: string }>(accounts, 'POST', '/api/auth/internal/telegram-session', {
        body: { user: { id: boris.id, first_name: boris.first_name, language_code: 'en' } },
        headers: token ? { 'x-prost-internal-token': token } : {},
      })
    expect((await session()).status).toBe(401)
    expect((await session('wrong')).status).toBe(401)
    const own = await session(TEST_INTERNAL_API_TOKEN)
    expect(own.status, own.text).toBe(200)
    const created = await call<{ id: string }>(base, 'POST', '/api/events', {
      token: own.json.accessToken,
      body: {
        title: 'Boris beer',
        timeZone: ZONE,
        visibility: 'private',
        timeOptions: [{ startsAt: inDays(5) }],
        placeOptions: [{ name: 'Bar' }],
      },
    })
    expect(created.status, created.text).toBe(201)
    const chat = tg().group(-100_777_006, 'Boris friends')
    const replies = () =>
      fake
        .messagesIn(chat.id)
        .filter((m) => !m.replyMarkup)
        .map((m) => m.text)
    await tg().say(chat, tg().user(777_021, 'Eve', 'en'), `/plan ${created.json.id}`)
    await tg().say(chat, tg().user(777_021, 'Eve', 'ru'), `/plan ${base}/join/NoSuchInviteToken000`)
    await vi.waitFor(
      () =>
        expect(replies()).toEqual([
          // Eve is not in the event: a private event she cannot see is not there for her.
          'I cannot find this event.',
          'Не знаю такой ссылки (возможно, её заменили). Попросите у организатора актуальную.',
        ]),
      { timeout: 15_000 },
    )
    const messageId = await plan(chat, boris, created.json.id)
    expect(callbackButtons(chat.id, messageId)).toHaveLength(2 * 3)
    expect(fake.message(chat.id, messageId)!.text).toContain('Boris beer')
  })

  it('finalize turns every card into the final card; its old buttons record nothing', async () => {
    const before = await board(shared.eventId)
    const oldButton = callbackButtons(first.chat.id, first.messageId)[1]!
    const done = await call(base, 'POST', `/api/events/${shared.eventId}/finalize`, {
      token: organizer,
      body: { timeOptionId: before.timeOptions[0]!.id, placeOptionId: before.placeOptions[0]!.id },
    })
    expect(done.status, done.text).toBe(200)
    await vi.waitFor(
      () => {
        const card = fake.message(first.chat.id, first.messageId)!
        expect(card.text.startsWith('✅ It is decided: Probe beer')).toBe(true)
        expect(card.replyMarkup!.inline_keyboard.flat().map((b) => b.text)).toEqual([
          '📅 Add to calendar',
          '🍺 Open in Prost',
        ])
      },
      { timeout: 20_000 },
    )
    await expectCardEqualsBoard(first.chat.id, first.messageId, shared.eventId)
    const late = await tg().tap(tg().user(777_030, 'Late', 'en'), first.chat.id, first.messageId, oldButton)
    expect((await answerOf(late.id)).text).toBe('Voting on this event is closed.')
    expect(namesOn(await board(shared.eventId))).not.toContain('Late')
  })

  it('a burst of 200 taps from 40 people in 10 s: no tap lost, ≤ 20 messages a minute, 429 honoured, card = board', async () => {
    const burst = await newEvent('Burst beer', 3, 3)
    const chat = tg().group(-100_777_005, 'Burst')
    const messageId = await plan(chat, tg().user(777_000, 'Anna', 'en'), `${base}/join/${burst.invite}`)
    const data = callbackButtons(chat.id, messageId)
    expect(data).toHaveLength(6 * 3)
    // Telegram answers the first edit in the burst with 429 retry_after 2.
    fake.failNext({ kind: 'rate-limited', retryAfter: 2 }, 1, chat.id)
    const people = Array.from({ length: 40 }, (_, i) =>
      tg().user(778_000 + i, `User${i}`, i % 2 ? 'ru' : 'en'),
    )
    const answers = ['yes', 'maybe', 'no'] as const
    // Each person answers 5 different options, so their ballot does not depend on the order taps land in.
    const plans = people.flatMap((person, p) =>
      Array.from({ length: 5 }, (_, k) => {
        const option = (p + k) % 6
        const answer = (p + 2 * k) % 3
        return { person, option, answer: answers[answer]!, data: data[option * 3 + answer]! }
      }),
    )
    const started = Date.now()
    const taps = await Promise.all(
      plans.map(async (t, i) => {
        // Spread over 10 s, interleaving people.
        const at = started + Math.floor((i % 40) * 250 + Math.floor(i / 40) * 50)
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))
        return { ...t, tap: await tg().tap(t.person, chat.id, messageId, t.data) }
      }),
    )
    expect(taps.every((t) => t.tap.status === 200)).toBe(true)
    // Forty newcomers joining one event at once queue on events' per-event lock: answers may be late, never lost.
    for (const t of taps) expect((await answerOf(t.tap.id, 120_000)).text).toMatch(/Recorded!|Записал!/)

    const b = await board(burst.eventId)
    const options = [...b.timeOptions, ...b.placeOptions]
    for (const t of plans) {
      const voters = options[t.option]!.voters[t.answer].map((v) => v.name)
      expect(voters, `${t.person.first_name} ${t.answer} on option ${t.option}`).toContain(
        t.person.first_name,
      )
    }
    await expectCardEqualsBoard(chat.id, messageId, burst.eventId, 90_000)

    const writes = fake.writes.filter((w) => w.chatId === chat.id).map((w) => w.at)
    const perMinute = Math.max(...writes.map((at) => writes.filter((x) => x >= at && x < at + 60_000).length))
    expect(perMinute).toBeLessThanOrEqual(20)
    // Only the one 429 injected above: the fake enforces Telegram's 20 a minute, so any attempt
    // past the budget would have been refused with a 429 of its own.
    const tooMany = fake.rejected.filter((r) => r.chatId === chat.id && r.status === 429)
    expect(tooMany).toHaveLength(1)
    for (const refusal of tooMany) {
      const next = [...writes, ...fake.rejected.filter((r) => r.chatId === chat.id).map((r) => r.at)]
        .filter((at) => at > refusal.at)
        .sort((x, y) => x - y)[0]
      if (next !== undefined) expect(next - refusal.at).toBeGreaterThanOrEqual(2000 - 50)
    }
  }, 300_000)
})
