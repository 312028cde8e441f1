/**
 * A fake Telegram Bot API on 127.0.0.1: the real HTTP shape (`POST /bot<token>/<method>`, JSON in,
 * `{ ok, result }` or `{ ok: false, error_code, description, parameters }` out) for getMe,
 * sendMessage, getUpdates, setWebhook and deleteWebhook. It records every delivered message and can be
 * told to fail: 429 with retry_after, 5xx, 403 "bot was blocked by the user", 400 "chat not found",
 * to enforce N messages per second with 429s, or to hold responses (the message is delivered, the
 * answer never arrives: what a sender sees when it dies mid-request).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface DeliveredMessage {
  chatId: number
  text: string
  at: number
  messageId: number
}

type Failure =
  | { kind: 'rate-limited'; retryAfter: number }
  | { kind: 'server-error'; status?: number }
  | { kind: 'blocked' }
  | { kind: 'chat-not-found' }

export interface FakeTelegramOptions {
  token: string
  username?: string
}

export async function startFakeTelegram(options: FakeTelegramOptions) {
  const username = options.username ?? 'ProstTestBot'
  const delivered: DeliveredMessage[] = []
  const calls: { method: string; body: Record<string, unknown>; at: number }[] = []
  const rejected: { chatId: number; status: number; at: number }[] = []
  const queuedFailures: { failure: Failure; chatId: number | null }[] = []
  const blockedChats = new Set<number>()
  const updates: Record<string, unknown>[] = []
  let nextUpdateId = 1
  let nextMessageId = 1
  let ratePerSecond: number | null = null
  let perChatIntervalMs: number | null = null
  const lastPerChat = new Map<number, number>()
  let holding = false
  const held: (() => void)[] = []
  let webhook: { url: string; secret?: string } | null = null
  const pollers = new Set<() => void>()

  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded || res.destroyed) return
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const fail = (
    res: ServerResponse,
    code: number,
    description: string,
    parameters?: Record<string, unknown>,
  ) => send(res, code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) })

  const readBody = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        try {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {})
        } catch {
          resolve({})
        }
      })
    })

  function sendMessage(body: Record<string, unknown>, res: ServerResponse) {
    const chatId = Number(body.chat_id)
    const now = Date.now()
    const index = queuedFailures.findIndex((f) => f.chatId === null || f.chatId === chatId)
    const failure = index >= 0 ? queuedFailures.splice(index, 1)[0]!.failure : undefined
    const reject = (status: number, description: string, parameters?: Record<string, unknown>) => {
      rejected.push({ chatId, status, at: now })
      fail(res, status, description, parameters)
    }
    if (failure?.kind === 'rate-limited')
      return reject(429, `Too Many Requests: retry after ${failure.retryAfter}`, {
        retry_after: failure.retryAfter,
      })
    if (failure?.kind === 'server-error') {
      rejected.push({ chatId, status: failure.status ?? 502, at: now })
      res.writeHead(failure.status ?? 502, { 'content-type': 'text/plain' })
      return res.end('Bad Gateway')
    }
    if (failure?.kind === 'blocked' || blockedChats.has(chatId))
      return reject(403, 'Forbidden: bot was blocked by the user')
    if (failure?.kind === 'chat-not-found' || !Number.isFinite(chatId))
      return reject(400, 'Bad Request: chat not found')
    if (ratePerSecond !== null) {
      const recent = delivered.filter((m) => m.at > now - 1000).length
      if (recent >= ratePerSecond) return reject(429, 'Too Many Requests: retry after 1', { retry_after: 1 })
    }
    if (perChatIntervalMs !== null) {
      const last = lastPerChat.get(chatId)
      if (last !== undefined && now - last < perChatIntervalMs)
        return reject(429, 'Too Many Requests: retry after 1', { retry_after: 1 })
    }
    lastPerChat.set(chatId, now)
    const message = { chatId, text: String(body.text ?? ''), at: now, messageId: nextMessageId++ }
    delivered.push(message)
    const answer = () =>
      send(res, 200, {
        ok: true,
        result: {
          message_id: message.messageId,
          date: Math.floor(now / 1000),
          chat: { id: chatId, type: 'private' },
          text: message.text,
        },
      })
    if (holding) held.push(answer)
    else answer()
  }

  async function getUpdates(body: Record<string, unknown>, res: ServerResponse) {
    const offset = Number(body.offset ?? 0)
    const pending = () => updates.filter((u) => Number(u.update_id) >= offset)
    if (pending().length === 0 && Number(body.timeout ?? 0) > 0) {
      // Long poll, but at most 500 ms so tests stop quickly.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          pollers.delete(done)
          resolve()
        }
        const timer = setTimeout(done, 500)
        pollers.add(done)
      })
    }
    const limit = Number(body.limit ?? 100)
    send(res, 200, { ok: true, result: pending().slice(0, limit) })
  }

  const server = createServer((req, res) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url?.split('?')[0] ?? '')
      if (!match) return fail(res, 404, 'Not Found')
      const [, token, method] = match
      const body = await readBody(req)
      calls.push({ method: method!, body, at: Date.now() })
      if (token !== options.token) return fail(res, 401, 'Unauthorized')
      switch (method) {
        case 'getMe':
          return send(res, 200, {
            ok: true,
            result: {
              id: 4242,
              is_bot: true,
              first_name: 'Prost',
              username,
              can_join_groups: false,
              can_read_all_group_messages: false,
              supports_inline_queries: false,
            },
          })
        case 'sendMessage':
          return sendMessage(body, res)
        case 'getUpdates':
          return getUpdates(body, res)
        case 'setWebhook':
          webhook = { url: String(body.url), secret: body.secret_token as string | undefined }
          return send(res, 200, { ok: true, result: true, description: 'Webhook was set' })
        case 'deleteWebhook':
          webhook = null
          return send(res, 200, { ok: true, result: true, description: 'Webhook was deleted' })
        default:
          return fail(res, 404, 'Not Found: method not found')
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const apiRoot = `http://127.0.0.1:${port}`

  return {
    apiRoot,
    token: options.token,
    delivered,
    calls,
    rejected,
    get webhook() {
      return webhook
    },
    to: (chatId: number) => delivered.filter((m) => m.chatId === chatId),
    /** The next `count` sendMessage calls (to `chatId`, or to anyone) fail this way, in order. */
    failNext(failure: Failure, count = 1, chatId: number | null = null) {
      for (let i = 0; i < count; i++) queuedFailures.push({ failure, chatId })
    },
    blockChat: (chatId: number) => blockedChats.add(chatId),
    /** Answers 429 (retry_after 1) past `perSecond` messages in any 1 s window, and per chat within `chatIntervalMs`. */
    enforceRate(perSecond: number | null, chatIntervalMs: number | null = null) {
      ratePerSecond = perSecond
      perChatIntervalMs = chatIntervalMs
    },
    /** Deliver messages but keep their HTTP answers back until release(). */
    hold: () => {
      holding = true
    },
    release() {
      holding = false
      for (const answer of held.splice(0)) answer()
    },
    get heldCount() {
      return held.length
    },
    /** A private-chat text message update, as Telegram would send it (webhook body or getUpdates item). */
    textUpdate(chatId: number, text: string, languageCode = 'en') {
      const updateId = nextUpdateId++
      const entities = text.startsWith('/')
        ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }]
        : undefined
      return {
        update_id: updateId,
        message: {
          message_id: 1000 + updateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: 'Test' },
          from: { id: chatId, is_bot: false, first_name: 'Test', language_code: languageCode },
          text,
          ...(entities ? { entities } : {}),
        },
      }
    },
    /** Queues an update for getUpdates (long polling). */
    pushUpdate(update: Record<string, unknown>) {
      updates.push(update)
      for (const wake of [...pollers]) wake()
    },
    async close() {
      for (const wake of [...pollers]) wake()
      held.splice(0)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>
