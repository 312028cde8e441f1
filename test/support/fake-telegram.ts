/**
 * A fake Telegram Bot API on 127.0.0.1 that behaves like Telegram where Prost relies on it: the real
 * HTTP shape (`POST /bot<token>/<method>`, JSON or form in, `{ ok, result }` or `{ ok: false,
 * error_code, description, parameters }` out) for getMe, getUpdates (409 while a webhook is set),
 * setWebhook / deleteWebhook / getWebhookInfo (updates are then POSTed to the webhook with
 * X-Telegram-Bot-Api-Secret-Token), sendMessage (chat ids < 0 are groups), editMessageText /
 * editMessageReplyMarkup (400 "message is not modified" for an identical edit, 400 for an unknown
 * message), answerCallbackQuery (once per query the client sent), answerInlineQuery,
 * setChatMenuButton, setMyCommands; 403 "bot was kicked" once a test removed the bot from a group;
 * Telegram's per-chat limits on request (1 message a second in a private chat, 20 a minute in a
 * group, edits included) answered with 429 and parameters.retry_after. It records every call and can
 * be told to fail: 429 with retry_after, 5xx, 403 "bot was blocked by the user", 400 "chat not
 * found", N messages per second overall, or to hold responses (the message is delivered, the answer
 * never arrives: what a sender sees when it dies mid-request).
 *
 * `client` is a scripted Telegram user side: it builds real Update JSON (commands with bot_command
 * entities, callback queries carrying the message they were tapped on, my_chat_member) and delivers
 * it the way Telegram would (to the webhook, or to getUpdates).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface DeliveredMessage {
  chatId: number
  text: string
  at: number
  messageId: number
}

/** A message as the fake holds it now (after any edits). */
export interface StoredMessage {
  chatId: number
  messageId: number
  text: string
  replyMarkup: InlineKeyboardMarkup | undefined
  date: number
}

export interface InlineKeyboardButton {
  text: string
  callback_data?: string
  url?: string
}
export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][]
}

/** Every message-producing call (send or edit) that went through, per chat: what the limits count. */
export interface ChatWrite {
  chatId: number
  method: string
  messageId: number
  at: number
}

export interface TelegramUserJson {
  id: number
  is_bot: boolean
  first_name: string
  last_name?: string
  username?: string
  language_code?: string
}

export interface ChatJson {
  id: number
  type: 'private' | 'group' | 'supergroup'
  title?: string
  first_name?: string
}

export type InlineChatType = 'sender' | 'private' | 'group' | 'supergroup' | 'channel'

/** The bot's answer to an inline query, as the fake accepted it. */
export interface InlineAnswer {
  results: {
    type: string
    id: string
    title?: string
    description?: string
    input_message_content?: { message_text: string }
    reply_markup?: InlineKeyboardMarkup
  }[]
  button?: { text: string; start_parameter?: string }
  isPersonal: boolean
  cacheTime: number
}

type Failure =
  | { kind: 'rate-limited'; retryAfter: number }
  | { kind: 'server-error'; status?: number }
  | { kind: 'blocked' }
  | { kind: 'chat-not-found' }

export interface FakeTelegramOptions {
  token: string
  username?: string
  /** Listen on this port (default: a free one). */
  port?: number
  /** Enforce Telegram's per-chat limits from the start (see enforceChatLimits). */
  chatLimits?: boolean
}

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'
const QUERY_INVALID = 'Bad Request: query is too old and response timeout expired or query ID is invalid'
const GROUP_WINDOW_MS = 60_000

const chatType = (chatId: number): ChatJson['type'] =>
  chatId > 0 ? 'private' : String(chatId).startsWith('-100') ? 'supergroup' : 'group'

/** Telegram takes reply_markup as an object or as a JSON string (form posts). */
function parseMarkup(value: unknown): InlineKeyboardMarkup | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined
  let markup = value
  if (typeof value === 'string') {
    try {
      markup = JSON.parse(value)
    } catch {
      return 'invalid'
    }
  }
  const rows = (markup as InlineKeyboardMarkup).inline_keyboard
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) return 'invalid'
  return markup as InlineKeyboardMarkup
}

/** Telegram refuses buttons whose callback_data is empty or over 64 bytes. */
const badButtons = (markup: InlineKeyboardMarkup | undefined) =>
  (markup?.inline_keyboard ?? [])
    .flat()
    .some(
      (b) =>
        typeof b.text !== 'string' ||
        b.text === '' ||
        (b.callback_data !== undefined &&
          (Buffer.byteLength(String(b.callback_data)) < 1 ||
            Buffer.byteLength(String(b.callback_data)) > 64)) ||
        (b.callback_data === undefined && b.url === undefined),
    )

export async function startFakeTelegram(options: FakeTelegramOptions) {
  const username = options.username ?? 'ProstTestBot'
  const botUser: TelegramUserJson = { id: 4242, is_bot: true, first_name: 'Prost', username }
  const delivered: DeliveredMessage[] = []
  const calls: { method: string; body: Record<string, unknown>; at: number }[] = []
  const rejected: { chatId: number; status: number; at: number; method: string }[] = []
  const queuedFailures: { failure: Failure; chatId: number | null }[] = []
  const blockedChats = new Set<number>()
  const kickedChats = new Set<number>()
  const updates: Record<string, unknown>[] = []
  const messages = new Map<string, StoredMessage>()
  const writes: ChatWrite[] = []
  const edits: (StoredMessage & { at: number; method: string })[] = []
  /** Callback queries the client sent → their answer, once answered. */
  const callbackQueries = new Map<
    string,
    { answered: boolean; text?: string; showAlert?: boolean; at?: number }
  >()
  /** Inline queries the client sent → the bot's answer, once answered. */
  const inlineQueries = new Map<string, { answered: boolean; answer?: InlineAnswer }>()
  const webhookResults: { updateId: number; status: number }[] = []
  let nextUpdateId = 1
  let nextMessageId = 1
  let nextQueryId = 1
  let ratePerSecond: number | null = null
  let perChatIntervalMs: number | null = null
  let chatLimits = options.chatLimits ?? false
  const lastPerChat = new Map<number, number>()
  let holding = false
  const held: (() => void)[] = []
  let webhook: { url: string; secret?: string } | null = null
  const pollers = new Set<() => void>()

  const key = (chatId: number, messageId: number) => `${chatId}:${messageId}`

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
        const text = Buffer.concat(chunks).toString('utf8')
        const query = Object.fromEntries(new URL(req.url ?? '/', 'http://fake').searchParams)
        try {
          if (!text) return resolve(query)
          if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded'))
            return resolve(Object.fromEntries(new URLSearchParams(text)))
          resolve(JSON.parse(text) as Record<string, unknown>)
        } catch {
          resolve({})
        }
      })
    })

  /** Telegram's per-chat flood limits; answers how long to wait (0 = allowed). */
  function chatLimitWait(chatId: number, now: number): number {
    if (!chatLimits) return 0
    const recent = writes.filter((w) => w.chatId === chatId)
    if (chatType(chatId) === 'private') {
      const last = recent.at(-1)
      return last && now - last.at < 1000 ? 1000 - (now - last.at) : 0
    }
    const inWindow = recent.filter((w) => w.at > now - GROUP_WINDOW_MS)
    return inWindow.length >= 20 ? inWindow[0]!.at + GROUP_WINDOW_MS - now : 0
  }

  /**
   * What every message-producing call goes through first: queued failures, blocked and kicked chats,
   * the overall rate and the per-chat limits. Answers true when the call was refused (and answered).
   */
  function refuseWrite(method: string, chatId: number, res: ServerResponse, now: number): boolean {
    const index = queuedFailures.findIndex((f) => f.chatId === null || f.chatId === chatId)
    const failure = index >= 0 ? queuedFailures.splice(index, 1)[0]!.failure : undefined
    const reject = (status: number, description: string, parameters?: Record<string, unknown>) => {
      rejected.push({ chatId, status, at: now, method })
      fail(res, status, description, parameters)
      return true
    }
    if (failure?.kind === 'rate-limited')
      return reject(429, `Too Many Requests: retry after ${failure.retryAfter}`, {
        retry_after: failure.retryAfter,
      })
    if (failure?.kind === 'server-error') {
      rejected.push({ chatId, status: failure.status ?? 502, at: now, method })
      res.writeHead(failure.status ?? 502, { 'content-type': 'text/plain' })
      res.end('Bad Gateway')
      return true
    }
    if (kickedChats.has(chatId))
      return reject(
        403,
        `Forbidden: bot was kicked from the ${chatType(chatId) === 'group' ? 'group' : 'supergroup'} chat`,
      )
    if (failure?.kind === 'blocked' || blockedChats.has(chatId))
      return reject(403, 'Forbidden: bot was blocked by the user')
    if (failure?.kind === 'chat-not-found' || !Number.isFinite(chatId) || chatId === 0)
      return reject(400, 'Bad Request: chat not found')
    if (ratePerSecond !== null) {
      const recent = writes.filter((m) => m.at > now - 1000).length
      if (recent >= ratePerSecond) return reject(429, 'Too Many Requests: retry after 1', { retry_after: 1 })
    }
    if (perChatIntervalMs !== null) {
      const last = lastPerChat.get(chatId)
      if (last !== undefined && now - last < perChatIntervalMs)
        return reject(429, 'Too Many Requests: retry after 1', { retry_after: 1 })
    }
    const wait = chatLimitWait(chatId, now)
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000))
      return reject(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds })
    }
    return false
  }

  const messageJson = (m: StoredMessage) => ({
    message_id: m.messageId,
    from: botUser,
    date: m.date,
    chat: {
      id: m.chatId,
      type: chatType(m.chatId),
      ...(m.chatId < 0 ? { title: 'Group' } : { first_name: 'Test' }),
    },
    text: m.text,
    ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
  })

  function checkText(text: unknown, res: ServerResponse) {
    if (typeof text !== 'string' || text.trim() === '') {
      fail(res, 400, 'Bad Request: message text is empty')
      return false
    }
    if ([...text].length > 4096) {
      fail(res, 400, 'Bad Request: message is too long')
      return false
    }
    return true
  }

  function sendMessage(body: Record<string, unknown>, res: ServerResponse) {
    const chatId = Number(body.chat_id)
    const now = Date.now()
    if (refuseWrite('sendMessage', chatId, res, now)) return
    const markup = parseMarkup(body.reply_markup)
    if (markup === 'invalid' || badButtons(markup)) return fail(res, 400, 'Bad Request: BUTTON_DATA_INVALID')
    if (!checkText(body.text, res)) return
    lastPerChat.set(chatId, now)
    const message = { chatId, text: String(body.text ?? ''), at: now, messageId: nextMessageId++ }
    delivered.push(message)
    writes.push({ chatId, method: 'sendMessage', messageId: message.messageId, at: now })
    const stored: StoredMessage = {
      chatId,
      messageId: message.messageId,
      text: message.text,
      replyMarkup: markup,
      date: Math.floor(now / 1000),
    }
    messages.set(key(chatId, stored.messageId), stored)
    const answer = () => send(res, 200, { ok: true, result: messageJson(stored) })
    if (holding) held.push(answer)
    else answer()
  }

  function editMessage(
    method: 'editMessageText' | 'editMessageReplyMarkup',
    body: Record<string, unknown>,
    res: ServerResponse,
  ) {
    const chatId = Number(body.chat_id)
    const messageId = Number(body.message_id)
    const now = Date.now()
    if (refuseWrite(method, chatId, res, now)) return
    const stored = messages.get(key(chatId, messageId))
    const refuse = (description: string) => {
      rejected.push({ chatId, status: 400, at: now, method })
      fail(res, 400, description)
    }
    if (!stored) return refuse('Bad Request: message to edit not found')
    const markup = parseMarkup(body.reply_markup)
    if (markup === 'invalid' || badButtons(markup)) return fail(res, 400, 'Bad Request: BUTTON_DATA_INVALID')
    if (method === 'editMessageText' && !checkText(body.text, res)) return
    const text = method === 'editMessageText' ? String(body.text) : stored.text
    // editMessageText without reply_markup removes the keyboard, as in Telegram.
    if (text === stored.text && JSON.stringify(markup) === JSON.stringify(stored.replyMarkup))
      return refuse(NOT_MODIFIED)
    stored.text = text
    stored.replyMarkup = markup
    writes.push({ chatId, method, messageId, at: now })
    edits.push({ ...stored, at: now, method })
    send(res, 200, { ok: true, result: { ...messageJson(stored), edit_date: Math.floor(now / 1000) } })
  }

  function answerCallbackQuery(body: Record<string, unknown>, res: ServerResponse) {
    const id = String(body.callback_query_id ?? '')
    const query = callbackQueries.get(id)
    if (!query || query.answered) return fail(res, 400, QUERY_INVALID)
    const text = body.text === undefined ? undefined : String(body.text)
    if (text !== undefined && [...text].length > 200) return fail(res, 400, 'Bad Request: MESSAGE_TOO_LONG')
    Object.assign(query, { answered: true, text, showAlert: body.show_alert === true, at: Date.now() })
    send(res, 200, { ok: true, result: true })
  }

  /**
   * As Telegram checks an answer to an inline query: a query it sent and not answered yet, at most 50
   * results, each with a type and a unique id of 1-64 bytes; an article needs a title and
   * input_message_content with message_text (1-4096 characters); the button (Bot API 6.7) needs a text
   * and a start_parameter of 1-64 characters A-Z, a-z, 0-9, _ and - (or a web_app).
   */
  function answerInlineQuery(body: Record<string, unknown>, res: ServerResponse) {
    const id = String(body.inline_query_id ?? '')
    const query = inlineQueries.get(id)
    if (!query || query.answered) return fail(res, 400, QUERY_INVALID)
    let results = body.results
    if (typeof results === 'string') {
      try {
        results = JSON.parse(results)
      } catch {
        return fail(res, 400, 'Bad Request: RESULTS_INVALID')
      }
    }
    if (!Array.isArray(results)) return fail(res, 400, 'Bad Request: RESULTS_INVALID')
    if (results.length > 50) return fail(res, 400, 'Bad Request: RESULTS_TOO_MUCH')
    const ids = new Set<string>()
    for (const r of results as Record<string, unknown>[]) {
      const rid = typeof r?.id === 'string' ? r.id : ''
      if (!rid || Buffer.byteLength(rid) > 64 || typeof r.type !== 'string')
        return fail(res, 400, 'Bad Request: RESULT_ID_INVALID')
      if (ids.has(rid)) return fail(res, 400, 'Bad Request: RESULT_ID_DUPLICATE')
      ids.add(rid)
      if (r.type === 'article') {
        const content = r.input_message_content as { message_text?: unknown } | undefined
        const text = content?.message_text
        if (
          typeof r.title !== 'string' ||
          r.title === '' ||
          typeof text !== 'string' ||
          text === '' ||
          [...text].length > 4096
        )
          return fail(res, 400, 'Bad Request: MESSAGE_EMPTY')
      }
      const markup = parseMarkup(r.reply_markup)
      if (markup === 'invalid' || badButtons(markup))
        return fail(res, 400, 'Bad Request: BUTTON_DATA_INVALID')
    }
    const button = body.button as { text?: unknown; start_parameter?: unknown; web_app?: unknown } | undefined
    if (
      button !== undefined &&
      (typeof button.text !== 'string' ||
        button.text === '' ||
        (button.web_app === undefined &&
          !(
            typeof button.start_parameter === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(button.start_parameter)
          )))
    )
      return fail(res, 400, 'Bad Request: BUTTON_INVALID')
    Object.assign(query, {
      answered: true,
      answer: {
        results: results as InlineAnswer['results'],
        button: button as InlineAnswer['button'],
        isPersonal: body.is_personal === true,
        cacheTime: body.cache_time === undefined ? 300 : Number(body.cache_time),
      },
    })
    send(res, 200, { ok: true, result: true })
  }

  async function getUpdates(body: Record<string, unknown>, res: ServerResponse) {
    if (webhook)
      return fail(
        res,
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      )
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

  /** Queues an update for getUpdates (long polling). */
  function pushUpdate(update: Record<string, unknown>) {
    updates.push(update)
    for (const wake of [...pollers]) wake()
  }

  /**
   * Delivers an update as Telegram would: POSTed to the webhook (with the secret header) when one is
   * set, else queued for getUpdates. Answers the webhook's HTTP status (0 when unreachable; 200 when
   * queued).
   */
  async function deliver(update: Record<string, unknown>): Promise<number> {
    if (!webhook) {
      pushUpdate(update)
      return 200
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (webhook.secret) headers['x-telegram-bot-api-secret-token'] = webhook.secret
    let status = 0
    try {
      const res = await fetch(webhook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(60_000),
      })
      await res.text()
      status = res.status
    } catch {
      status = 0
    }
    webhookResults.push({ updateId: Number(update.update_id), status })
    return status
  }

  async function control(path: string, req: IncomingMessage, res: ServerResponse) {
    // Only for the standalone server: lets a script outside this process play the Telegram side.
    const body = await readBody(req)
    if (path === 'update') return send(res, 200, { ok: true, result: { status: await deliver(body) } })
    if (path === 'calls') return send(res, 200, { ok: true, result: calls })
    if (path === 'messages') return send(res, 200, { ok: true, result: [...messages.values()] })
    if (path === 'kick') {
      kickedChats.add(Number(body.chat_id))
      return send(res, 200, { ok: true, result: true })
    }
    return fail(res, 404, 'Not Found')
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = req.url?.split('?')[0] ?? ''
      const controlMatch = /^\/fake\/([^/]+)\/([a-z]+)$/.exec(path)
      if (controlMatch && controlMatch[1] === options.token) return control(controlMatch[2]!, req, res)
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path)
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
              ...botUser,
              can_join_groups: true,
              can_read_all_group_messages: false,
              supports_inline_queries: true,
            },
          })
        case 'sendMessage':
          return sendMessage(body, res)
        case 'editMessageText':
        case 'editMessageReplyMarkup':
          return editMessage(method, body, res)
        case 'answerCallbackQuery':
          return answerCallbackQuery(body, res)
        case 'answerInlineQuery':
          return answerInlineQuery(body, res)
        case 'setChatMenuButton':
        case 'setMyCommands':
        case 'deleteMyCommands':
          return send(res, 200, { ok: true, result: true })
        case 'getUpdates':
          return getUpdates(body, res)
        case 'setWebhook':
          if (!/^https?:\/\//.test(String(body.url ?? ''))) {
            webhook = null
            return send(res, 200, { ok: true, result: true, description: 'Webhook was deleted' })
          }
          webhook = { url: String(body.url), secret: body.secret_token as string | undefined }
          return send(res, 200, { ok: true, result: true, description: 'Webhook was set' })
        case 'deleteWebhook':
          webhook = null
          return send(res, 200, { ok: true, result: true, description: 'Webhook was deleted' })
        case 'getWebhookInfo':
          return send(res, 200, {
            ok: true,
            result: {
              url: webhook?.url ?? '',
              has_custom_certificate: false,
              pending_update_count: updates.length,
            },
          })
        default:
          return fail(res, 404, 'Not Found: method not found')
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const apiRoot = `http://127.0.0.1:${port}`

  /** The scripted Telegram user side: real Update JSON, delivered as Telegram delivers it. */
  /** A message update from `from` in `chat`, delivered to the bot as Telegram would. */
  async function sendMessageUpdate(
    chat: ChatJson,
    from: TelegramUserJson,
    text: string,
    extra: Record<string, unknown>,
  ) {
    const updateId = nextUpdateId++
    const update = {
      update_id: updateId,
      message: {
        message_id: 100_000 + updateId,
        from,
        chat,
        date: Math.floor(Date.now() / 1000),
        text,
        ...extra,
      },
    }
    return { update, status: await deliver(update) }
  }

  const client = {
    user(
      id: number,
      firstName: string,
      languageCode = 'en',
      extra: Partial<TelegramUserJson> = {},
    ): TelegramUserJson {
      return { id, is_bot: false, first_name: firstName, language_code: languageCode, ...extra }
    },
    group(id: number, title = 'Friends'): ChatJson {
      return { id, type: chatType(id), title }
    },
    /** A text message in `chat` (a command gets its bot_command entity, as Telegram adds it). */
    async say(chat: ChatJson, from: TelegramUserJson, text: string) {
      const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text)
      return sendMessageUpdate(chat, from, text, {
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      })
    },
    /**
     * A tap on a button of a message the bot sent: the callback query carries that message as the
     * chat shows it now, a fresh query id, and the data. `data` defaults to the button's; pass any
     * string to forge one.
     */
    async tap(from: TelegramUserJson, chatId: number, messageId: number, data: string) {
      const stored = messages.get(key(chatId, messageId))
      const id = String(1_000_000_000 + nextQueryId++)
      callbackQueries.set(id, { answered: false })
      const update = {
        update_id: nextUpdateId++,
        callback_query: {
          id,
          from,
          message: stored
            ? messageJson(stored)
            : {
                message_id: messageId,
                date: Math.floor(Date.now() / 1000),
                chat: { id: chatId, type: chatType(chatId) },
                text: '',
              },
          chat_instance: `ci${Math.abs(chatId)}`,
          data,
        },
      }
      return { id, update, status: await deliver(update) }
    },
    /** The bot is removed from a group: later sends there get 403, and the bot gets my_chat_member. */
    async removeBot(chat: ChatJson, by: TelegramUserJson) {
      kickedChats.add(chat.id)
      const update = {
        update_id: nextUpdateId++,
        my_chat_member: {
          chat,
          from: by,
          date: Math.floor(Date.now() / 1000),
          old_chat_member: { status: 'member', user: botUser },
          new_chat_member: { status: 'kicked', user: botUser, until_date: 0 },
        },
      }
      return { update, status: await deliver(update) }
    },
    /** `@bot <query>` typed in a chat of `chatType`: an inline_query update; answers its id. */
    async inlineQuery(from: TelegramUserJson, query: string, chatType: InlineChatType = 'supergroup') {
      const id = String(2_000_000_000 + nextQueryId++)
      inlineQueries.set(id, { answered: false })
      const update = {
        update_id: nextUpdateId++,
        inline_query: { id, from, query, offset: '', chat_type: chatType },
      }
      return { id, update, status: await deliver(update) }
    },
    /** What the bot answered to an inline query (undefined until it did). */
    inlineAnswer: (queryId: string) => inlineQueries.get(queryId)?.answer,
    /**
     * The message a user sends by choosing an inline result in `chat`: it carries via_bot (which
     * Telegram delivers to the bot even in privacy mode) and the result's text and keyboard.
     */
    async sendViaBot(
      chat: ChatJson,
      from: TelegramUserJson,
      text: string,
      replyMarkup?: InlineKeyboardMarkup,
    ) {
      return sendMessageUpdate(chat, from, text, {
        via_bot: botUser,
        ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
      })
    },
    /** What the bot answered to a callback query (undefined until it did). */
    answerTo(queryId: string) {
      const query = callbackQueries.get(queryId)
      return query?.answered ? { text: query.text, showAlert: query.showAlert, at: query.at! } : undefined
    },
  }

  return {
    apiRoot,
    port,
    token: options.token,
    delivered,
    calls,
    rejected,
    /** Sends and edits that went through, per chat, in order: what Telegram's limits count. */
    writes,
    edits,
    webhookResults,
    client,
    get webhook() {
      return webhook
    },
    to: (chatId: number) => delivered.filter((m) => m.chatId === chatId),
    /** A message as the chat shows it now. */
    message: (chatId: number, messageId: number) => messages.get(key(chatId, messageId)),
    /** Messages in a chat (as they are now), oldest first. */
    messagesIn: (chatId: number) => [...messages.values()].filter((m) => m.chatId === chatId),
    /** The next `count` message writes (to `chatId`, or to anyone) fail this way, in order. */
    failNext(failure: Failure, count = 1, chatId: number | null = null) {
      for (let i = 0; i < count; i++) queuedFailures.push({ failure, chatId })
    },
    blockChat: (chatId: number) => blockedChats.add(chatId),
    /** The bot is removed from a group without telling it (no update): only the 403s say so. */
    kick: (chatId: number) => kickedChats.add(chatId),
    /** Answers 429 (retry_after 1) past `perSecond` messages in any 1 s window, and per chat within `chatIntervalMs`. */
    enforceRate(perSecond: number | null, chatIntervalMs: number | null = null) {
      ratePerSecond = perSecond
      perChatIntervalMs = chatIntervalMs
    },
    /** Telegram's per-chat limits: 1 message a second in a private chat, 20 a minute in a group (edits count). */
    enforceChatLimits(on = true) {
      chatLimits = on
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
    pushUpdate,
    deliver,
    async close() {
      for (const wake of [...pollers]) wake()
      held.splice(0)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>
