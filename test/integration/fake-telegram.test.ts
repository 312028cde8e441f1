/**
 * The fake Bot API behaves like Telegram where Prost relies on it: what every Telegram test stands
 * on. Driven with plain HTTP, as a bot would call api.telegram.org.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeTelegram, type FakeTelegram } from '@prost/test-support'

const TOKEN = '777:fake-behaviour'
let fake: FakeTelegram

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN, chatLimits: true })
})
afterAll(async () => {
  await fake?.close()
})

async function api(method: string, body: Record<string, unknown> = {}) {
  const res = await fetch(`${fake.apiRoot}/bot${TOKEN}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as ApiAnswer }
}

/** Telegram's answer envelope; `result` is whatever the method returns (a Message for sends and edits). */
interface ApiAnswer {
  ok: boolean
  result?: { message_id: number; text: string; chat: unknown } & Record<string, unknown>
  description?: string
  error_code?: number
  parameters?: { retry_after?: number }
}

const keyboard = { inline_keyboard: [[{ text: 'yes', callback_data: 'v:1' }]] }

describe('the fake Telegram Bot API', () => {
  it('sends to groups, edits, and refuses an edit that changes nothing or names no message', async () => {
    const sent = await api('sendMessage', { chat_id: -100123, text: 'card', reply_markup: keyboard })
    expect(sent.json.result!.chat).toEqual({ id: -100123, type: 'supergroup', title: 'Group' })
    const id = sent.json.result!.message_id
    const same = await api('editMessageText', {
      chat_id: -100123,
      message_id: id,
      text: 'card',
      reply_markup: keyboard,
    })
    expect(same.status).toBe(400)
    expect(same.json.description).toMatch(
      /^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/,
    )
    const edited = await api('editMessageText', {
      chat_id: -100123,
      message_id: id,
      text: 'card 2',
      reply_markup: keyboard,
    })
    expect(edited.json.result!.text).toBe('card 2')
    const markupOnly = await api('editMessageReplyMarkup', {
      chat_id: -100123,
      message_id: id,
      reply_markup: { inline_keyboard: [] },
    })
    expect(markupOnly.status).toBe(200)
    expect(
      (await api('editMessageText', { chat_id: -100123, message_id: 99_999, text: 'x' })).json.description,
    ).toBe('Bad Request: message to edit not found')
    const tooLong = await api('sendMessage', {
      chat_id: -100123,
      text: 'x',
      reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'x'.repeat(65) }]] },
    })
    expect(tooLong.json.description).toBe('Bad Request: BUTTON_DATA_INVALID')
  })

  it('answers 403 once the bot was kicked from a group', async () => {
    const chat = fake.client.group(-100456)
    const sent = await api('sendMessage', { chat_id: chat.id, text: 'hi' })
    await fake.client.removeBot(chat, fake.client.user(1, 'Ann'))
    const after = await api('editMessageText', {
      chat_id: chat.id,
      message_id: sent.json.result!.message_id,
      text: 'x',
    })
    expect(after.status).toBe(403)
    expect(after.json.description).toBe('Forbidden: bot was kicked from the supergroup chat')
  })

  it('holds a group to 20 messages a minute and a private chat to one a second, with retry_after', async () => {
    for (let i = 0; i < 20; i++)
      expect((await api('sendMessage', { chat_id: -100789, text: `m${i}` })).status).toBe(200)
    const refused = await api('sendMessage', { chat_id: -100789, text: 'one too many' })
    expect(refused.status).toBe(429)
    expect(refused.json.parameters!.retry_after).toBeGreaterThanOrEqual(59)
    expect((await api('sendMessage', { chat_id: 42, text: 'a' })).status).toBe(200)
    const fast = await api('sendMessage', { chat_id: 42, text: 'b' })
    expect(fast.status).toBe(429)
    expect(fast.json.parameters!.retry_after).toBe(1)
  })

  it('delivers updates to the webhook with the secret header, refuses getUpdates meanwhile, and answers a callback query once', async () => {
    const seen: { secret: string | undefined; body: Record<string, Record<string, unknown>> }[] = []
    const hook = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        seen.push({
          secret: req.headers['x-telegram-bot-api-secret-token'] as string,
          body: JSON.parse(body),
        })
        res.end('{}')
      })
    })
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`
      expect((await api('setWebhook', { url, secret_token: 's3cret' })).json.ok).toBe(true)
      expect((await api('getUpdates')).status).toBe(409)
      const chat = fake.client.group(-100321)
      const sent = await api('sendMessage', { chat_id: chat.id, text: 'card', reply_markup: keyboard })
      const command = await fake.client.say(chat, fake.client.user(5, 'Olga'), '/plan@ProstTestBot x')
      const tap = await fake.client.tap(
        fake.client.user(5, 'Olga'),
        chat.id,
        sent.json.result!.message_id,
        'v:1',
      )
      expect([command.status, tap.status]).toEqual([200, 200])
      expect(seen.map((s) => s.secret)).toEqual(['s3cret', 's3cret'])
      expect(seen[0]!.body.message!.entities).toEqual([
        { type: 'bot_command', offset: 0, length: '/plan@ProstTestBot'.length },
      ])
      expect(seen[1]!.body.callback_query).toMatchObject({
        id: tap.id,
        data: 'v:1',
        message: { message_id: sent.json.result!.message_id, chat: { id: chat.id }, reply_markup: keyboard },
      })
      expect((await api('answerCallbackQuery', { callback_query_id: tap.id, text: 'ok' })).status).toBe(200)
      expect((await api('answerCallbackQuery', { callback_query_id: tap.id, text: 'again' })).status).toBe(
        400,
      )
      expect((await api('answerCallbackQuery', { callback_query_id: 'made-up' })).status).toBe(400)
      expect(fake.client.answerTo(tap.id)).toMatchObject({ text: 'ok' })
      expect((await api('setChatMenuButton', { menu_button: { type: 'commands' } })).json.ok).toBe(true)
      // Telegram answers only a query it sent, once.
      expect((await api('answerInlineQuery', { inline_query_id: '1', results: [] })).status).toBe(400)
      const inline = await fake.client.inlineQuery(fake.client.user(42, 'Ann'), 'pils')
      expect(inline.status).toBe(200)
      expect(seen.at(-1)!.body.inline_query).toMatchObject({
        id: inline.id,
        query: 'pils',
        chat_type: 'supergroup',
      })
      expect((await api('answerInlineQuery', { inline_query_id: inline.id, results: [] })).json.ok).toBe(true)
      expect((await api('answerInlineQuery', { inline_query_id: inline.id, results: [] })).status).toBe(400)
    } finally {
      await api('deleteWebhook')
      hook.close()
    }
  })

  it('checks answers to inline queries as Telegram does: ≤ 50 results, unique ids ≤ 64 bytes, a valid button', async () => {
    const article = (id: string) => ({
      type: 'article',
      id,
      title: 'Pils',
      input_message_content: { message_text: 'Pils night' },
    })
    const answer = async (body: Record<string, unknown>) => {
      const query = await fake.client.inlineQuery(fake.client.user(43, 'Bo'), '')
      const res = await api('answerInlineQuery', { inline_query_id: query.id, ...body })
      return { ...res, stored: fake.client.inlineAnswer(query.id) }
    }
    const bad = [
      { results: Array.from({ length: 51 }, (_, i) => article(`r${i}`)) },
      { results: [article('same'), article('same')] },
      { results: [article('x'.repeat(65))] },
      { results: [article('')] },
      { results: [{ ...article('a'), input_message_content: { message_text: '' } }] },
      {
        results: [
          {
            ...article('a'),
            reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'y'.repeat(65) }]] },
          },
        ],
      },
      { results: [], button: { text: 'Open', start_parameter: 'has space' } },
      { results: 'not json' },
    ]
    for (const body of bad) {
      const res = await answer(body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(res.stored).toBeUndefined()
    }
    const good = await answer({
      results: JSON.stringify(Array.from({ length: 50 }, (_, i) => article(`r${i}`))),
      button: { text: 'Open Prost', start_parameter: 'inline' },
      is_personal: true,
      cache_time: 10,
    })
    expect(good.json.ok).toBe(true)
    expect(good.stored).toMatchObject({
      isPersonal: true,
      cacheTime: 10,
      button: { start_parameter: 'inline' },
    })
    expect(good.stored!.results).toHaveLength(50)
  })
})
