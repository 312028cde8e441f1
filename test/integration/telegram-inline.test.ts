/**
 * Inline mode end to end (the real services behind HAProxy, the fake Bot API checking answers as
 * Telegram does): `@<bot> <text>` lists only the sender's own events still being voted on whose title
 * matches, as valid articles (≤ 50, unique ids ≤ 64 bytes) carrying the invite link and "Open in
 * Prost"; a Telegram user with no events gets an empty, personal list with the "Open Prost" button;
 * choosing a result in a group the bot is in (the message arrives via the bot) posts the live card.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { INTERNAL_TOKEN_HEADER, type AuthSession } from '@prost/contracts'
import {
  call,
  inDays,
  startTelegramStack,
  TEST_INTERNAL_API_TOKEN,
  urlOf,
  type FakeTelegram,
  type IngressStack,
  type TelegramUserJson,
} from '@prost/test-support'

const TOKEN = '4244:inline-test-token'
const SECRET = 'inline-webhook-secret'
const BOT = 'ProstInlineBot'

let fake: FakeTelegram
let stack: IngressStack
let base: string

const tg = () => fake.client

beforeAll(async () => {
  ;({ fake, stack, base } = await startTelegramStack({
    token: TOKEN,
    username: BOT,
    webhookSecret: SECRET,
  }))
})

afterAll(async () => {
  await stack?.stop()
  await fake?.close()
})

/** The Prost session of a Telegram user, as the bot gets it (the account is made on first use). */
async function sessionOf(user: TelegramUserJson) {
  const { is_bot: _bot, ...telegramUser } = user
  const res = await call<AuthSession>(
    urlOf(stack.apps.accounts![0]!),
    'POST',
    '/api/auth/internal/telegram-session',
    { body: { user: telegramUser }, headers: { [INTERNAL_TOKEN_HEADER]: TEST_INTERNAL_API_TOKEN } },
  )
  expect(res.status, res.text).toBe(200)
  return res.json.accessToken
}

async function newEvent(token: string, title: string) {
  const created = await call<{ id: string; inviteToken: string }>(base, 'POST', '/api/events', {
    token,
    body: {
      title,
      timeZone: 'Europe/Berlin',
      visibility: 'private',
      timeOptions: [{ startsAt: inDays(3) }, { startsAt: inDays(4) }],
      placeOptions: [{ name: 'Hofbräu', address: 'Platzl 9' }],
    },
  })
  expect(created.status, created.text).toBe(201)
  return created.json
}

async function inline(user: TelegramUserJson, query: string) {
  const sent = await tg().inlineQuery(user, query)
  expect(sent.status).toBe(200)
  return vi.waitFor(
    () => {
      const answer = tg().inlineAnswer(sent.id)
      if (!answer) throw new Error('not answered yet')
      return answer
    },
    { timeout: 15_000, interval: 50 },
  )
}

describe('inline mode: share an event to a group', () => {
  const anna = () => tg().user(779_001, 'Anna', 'en')
  const boris = () => tg().user(779_002, 'Boris', 'ru')
  const nobody = () => tg().user(779_003, 'Nobody', 'ru')
  let pils: { id: string; inviteToken: string }

  it("lists only the sender's own polling events matching the text, as valid articles", async () => {
    const annToken = await sessionOf(anna())
    const borisToken = await sessionOf(boris())
    pils = await newEvent(annToken, 'Pils night')
    const weizen = await newEvent(annToken, 'Weizen afternoon')
    const decided = await newEvent(annToken, 'Pils decided')
    const full = await call<{ timeOptions: { id: string }[]; placeOptions: { id: string }[] }>(
      base,
      'GET',
      `/api/events/${decided.id}`,
      { token: annToken },
    )
    const fin = await call(base, 'POST', `/api/events/${decided.id}/finalize`, {
      token: annToken,
      body: { timeOptionId: full.json.timeOptions[0]!.id, placeOptionId: full.json.placeOptions[0]!.id },
    })
    expect(fin.status, fin.text).toBe(200)
    // Boris organizes his own Pils event and takes part in Anna's: neither of Anna's is his to share.
    const borisPils = await newEvent(borisToken, 'Pils at Boris')
    const joined = await call(base, 'POST', '/api/events/join', {
      token: borisToken,
      body: { inviteToken: pils.inviteToken },
    })
    expect(joined.status, joined.text).toBe(200)

    const annPils = await inline(anna(), 'pils')
    expect(annPils.isPersonal).toBe(true)
    expect(annPils.results.map((r) => r.id)).toEqual([pils.id])
    const result = annPils.results[0]!
    expect(result.title).toBe('Pils night')
    const text = result.input_message_content!.message_text
    expect(text).toContain('🍻 Pils night')
    expect(text).toContain('Hofbräu, Platzl 9')
    expect(text).toContain(`${base}/join/${pils.inviteToken}`)
    expect(result.reply_markup!.inline_keyboard.flat().map((b) => b.url)).toEqual([
      `https://t.me/${BOT}?startapp=${pils.id}`,
    ])
    expect((await inline(anna(), '')).results.map((r) => r.id).sort()).toEqual([pils.id, weizen.id].sort())

    const borisAll = await inline(boris(), '')
    expect(borisAll.results.map((r) => r.id)).toEqual([borisPils.id])
    // Russian for a Russian Telegram app.
    expect(borisAll.results[0]!.input_message_content!.message_text).toContain('Голосовать в Prost')
  })

  it('a Telegram user with no events gets an empty personal list with the "Open Prost" button', async () => {
    const answer = await inline(nobody(), 'pils')
    expect(answer.results).toEqual([])
    expect(answer.isPersonal).toBe(true)
    expect(answer.button).toEqual({
      text: '🍺 Открыть Prost и запланировать встречу',
      start_parameter: 'inline',
    })
  })

  it('the chosen result, sent via the bot into a group the bot is in, becomes the live poll card', async () => {
    const chosen = (await inline(anna(), 'Pils night')).results[0]!
    const group = tg().group(-100_779_001, 'Beer friends')
    const sent = await tg().sendViaBot(
      group,
      anna(),
      chosen.input_message_content!.message_text,
      chosen.reply_markup,
    )
    expect(sent.status).toBe(200)
    const card = await vi.waitFor(
      () => {
        const posted = fake
          .messagesIn(group.id)
          .find((m) => m.replyMarkup?.inline_keyboard.flat().some((b) => b.callback_data))
        if (!posted) throw new Error('no card yet')
        return posted
      },
      { timeout: 15_000, interval: 50 },
    )
    expect(card.text).toContain('Pils night')
    // Two times and one place: a yes / if need be / no row each.
    expect(card.replyMarkup!.inline_keyboard.flat().filter((b) => b.callback_data)).toHaveLength(3 * 3)
    // An ordinary message with a link in it (not via the bot) posts nothing.
    const before = fake.messagesIn(group.id).length
    await tg().say(group, anna(), `look ${base}/join/${pils.inviteToken}`)
    const other = tg().group(-100_779_002, 'Quiet group')
    await tg().sendViaBot(other, anna(), 'no link here')
    await tg().say(group, anna(), '/plan')
    // The /plan usage reply is the last thing the bot does for these updates, in order.
    await vi.waitFor(() => expect(fake.messagesIn(group.id).length).toBe(before + 1), { timeout: 10_000 })
    expect(fake.messagesIn(group.id).at(-1)!.text).toMatch(/^Share a Prost event here/)
    expect(fake.messagesIn(other.id)).toEqual([])
  })

  it("the SPA's startgroup link: /start <event id> in the group posts the card for the organizer only", async () => {
    const group = tg().group(-100_779_003, 'Added by link')
    await tg().say(group, boris(), `/start ${pils.id}`)
    await vi.waitFor(
      () =>
        expect(fake.messagesIn(group.id).map((m) => m.text)).toEqual([
          'По id делиться встречей может только организатор; отправьте ссылку-приглашение.',
        ]),
      { timeout: 10_000 },
    )
    await tg().say(group, anna(), `/start@${BOT} ${pils.id}`)
    const card = await vi.waitFor(
      () => {
        const posted = fake.messagesIn(group.id).find((m) => m.replyMarkup)
        if (!posted) throw new Error('no card yet')
        return posted
      },
      { timeout: 15_000, interval: 50 },
    )
    expect(card.text).toContain('Pils night')
  })
})
