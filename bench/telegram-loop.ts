/**
 * The Telegram loop (issue 15 benchmark): p99 from the last tap of a burst to the group card showing
 * it, and Bot API calls per tap, through the real path: accounts, events, voting and notifications as
 * their own processes from dist/ (notifications polling getUpdates, as `npm start` does locally),
 * HAProxy in front for the organizer's calls, and the fake Bot API (test/support/fake-telegram-server.ts)
 * as its own process with Telegram's per-chat limits on (20 messages a minute per group, edits count).
 *   npx tsx bench/telegram-loop.ts [groups=10] [rounds=3]
 *
 * Each group gets its own event and card (/plan <invite link>, as in a chat). Then `rounds` bursts per
 * group, all groups at once: 6 taps from 3 Telegram users (new ones each round, so the first tap of
 * each also creates the account and joins), 100 ms apart. "Shown" is the first moment the card's text
 * equals what the board renders to (card-render.ts with the board read after every tap was answered),
 * polled every 50 ms at the fake's control API; the clock starts when the burst's last tap was
 * handed to the fake. Calls per tap: every Bot API call the bot made during the bursts / taps sent.
 * Database, queues and processes are unique to the run and removed afterwards.
 */
import path from 'node:path'
import amqplib from 'amqplib'
import { MongoClient } from 'mongodb'
import type { Board } from '@prost/contracts'
import { freePort, waitUntil } from '../scripts/stack/net.js'
import { startProcess } from '../scripts/stack/processes.js'
import { renderCard } from '../services/notifications/src/cards/card-render.js'
import { cardKey } from '../services/notifications/src/cards/callback-data.js'
import {
  internalApiToken,
  logDir,
  percentile,
  serviceEnv,
  sleep,
  startIngress,
  startService,
  stopAll,
  stopOnSignals,
  userToken,
} from './ingress-stack.js'
import { report } from './report.js'

const [groups = 10, rounds = 3] = process.argv.slice(2).map(Number)
const TAPS_PER_BURST = 6
const USERS_PER_BURST = 3
const TOKEN = '4242:telegram-loop-bench'
const BOT = 'ProstBenchBot'
const ZONE = 'Europe/Berlin'
const root = path.resolve(import.meta.dirname, '..')
const suffix = `${process.pid}_${Date.now()}`
const names = {
  db: (service: string) => `bench_tg_${service}_${suffix}`,
  notificationsPrefix: `bench_tg_${suffix}.`,
  votingQueue: `bench-tg-voting-${suffix}`,
}

interface StoredMessage {
  chatId: number
  messageId: number
  text: string
  replyMarkup?: { inline_keyboard: { text: string; callback_data?: string }[][] }
}

async function main() {
  stopOnSignals(cleanUp)
  const fakePort = await freePort()
  const fakeRoot = `http://127.0.0.1:${fakePort}`
  startProcess(
    'bench-fake-telegram',
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'test/support/fake-telegram-server.ts'),
      '--port',
      String(fakePort),
      '--token',
      TOKEN,
      '--username',
      BOT,
      '--limits',
    ],
    { cwd: root, logDir },
  )
  await waitUntil(
    async () => (await fetch(`${fakeRoot}/bot${TOKEN}/getMe`)).ok,
    30_000,
    'fake Bot API did not start',
  )
  const control = async <T>(what: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${fakeRoot}/fake/${TOKEN}/${what}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return ((await res.json()) as { result: T }).result
  }

  const env = serviceEnv({
    NOTIFICATIONS_QUEUE_PREFIX: names.notificationsPrefix,
    EVENT_QUEUE: names.votingQueue,
    EVENT_QUEUE_EXPIRES_MS: '60000',
  })
  const accounts = await startService('accounts', { ...env, MONGODB_DB: names.db('accounts') })
  const events = await startService('events', { ...env, MONGODB_DB: names.db('events') })
  const voting = await startService('voting', { ...env, MONGODB_DB: names.db('voting') })
  const notifications = await startService('notifications', {
    ...env,
    MONGODB_DB: names.db('notifications'),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_BOT_USERNAME: BOT,
    TELEGRAM_API_ROOT: fakeRoot,
    TELEGRAM_MODE: 'polling',
    ACCOUNTS_INTERNAL_URL: `http://${accounts[0]!.address}`,
    EVENTS_INTERNAL_URL: `http://${events[0]!.address}`,
    VOTING_INTERNAL_URL: `http://${voting[0]!.address}`,
  })
  const ingress = await startIngress('telegram', { accounts, events, voting, notifications })
  const organizer = userToken({ id: '0123456789abcdef01234567', name: 'Organizer' })
  const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${ingress.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${organizer}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }

  let updateId = 1
  const user = (id: number, name: string) => ({ id, is_bot: false, first_name: name, language_code: 'en' })
  const messages = async () => control<StoredMessage[]>('messages')

  // One event and one card per group.
  const cards: { chatId: number; eventId: string; messageId: number; cardId: string; buttons: string[] }[] =
    []
  for (let g = 0; g < groups; g++) {
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()
    const event = await api<{ id: string; inviteToken: string }>('POST', '/api/events', {
      title: `Bench beer ${g + 1}`,
      timeZone: ZONE,
      visibility: 'private',
      timeOptions: [{ startsAt: inDays(3) }, { startsAt: inDays(4) }],
      placeOptions: [{ name: 'Pub 1' }, { name: 'Pub 2' }],
    })
    const chatId = -1_009_000_000 - g
    const text = `/plan http://localhost:8080/join/${event.inviteToken}`
    await control('update', {
      update_id: updateId++,
      message: {
        message_id: 1,
        from: user(990_000 + g, 'Sharer'),
        chat: { id: chatId, type: 'supergroup', title: `Group ${g}` },
        date: Math.floor(Date.now() / 1000),
        text,
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    })
    cards.push({ chatId, eventId: event.id, messageId: 0, cardId: '', buttons: [] })
  }
  await waitUntil(
    async () => {
      const all = await messages()
      return cards.every((c) => all.some((m) => m.chatId === c.chatId && m.replyMarkup))
    },
    60_000,
    'cards were not posted',
  )
  for (const card of await messages()) {
    const c = cards.find((x) => x.chatId === card.chatId)
    if (!c || !card.replyMarkup) continue
    c.messageId = card.messageId
    c.buttons = card.replyMarkup.inline_keyboard
      .flat()
      .flatMap((b) => (b.callback_data ? [b.callback_data] : []))
    c.cardId = Buffer.from(c.buttons[0]!.split(':')[1]!, 'base64url').toString('hex')
  }

  const callsBefore = (await control<unknown[]>('calls')).length
  const latencies: number[] = []
  let taps = 0
  let nextUser = 1_000_000
  let nextQuery = 1
  const key = cardKey(internalApiToken)
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      cards.map(async (card) => {
        const people = Array.from({ length: USERS_PER_BURST }, (_, i) => user(nextUser++, `U${round}x${i}`))
        const queryIds: string[] = []
        let lastTapAt = 0
        for (let t = 0; t < TAPS_PER_BURST; t++) {
          const id = `q${nextQuery++}`
          queryIds.push(id)
          const data = card.buttons[(t * 7 + round) % card.buttons.length]!
          await control('update', {
            update_id: updateId++,
            callback_query: {
              id,
              from: people[t % USERS_PER_BURST],
              message: {
                message_id: card.messageId,
                date: Math.floor(Date.now() / 1000),
                chat: { id: card.chatId, type: 'supergroup', title: 'Group' },
                text: '',
              },
              chat_instance: `ci${card.chatId}`,
              data,
            },
          })
          lastTapAt = performance.now()
          taps++
          if (t < TAPS_PER_BURST - 1) await sleep(100)
        }
        // Every tap answered: the board now holds them all.
        await waitUntil(
          async () => {
            const answered = (
              await control<{ method: string; body: { callback_query_id?: string } }[]>('calls')
            )
              .filter((c) => c.method === 'answerCallbackQuery')
              .map((c) => c.body.callback_query_id)
            return queryIds.every((q) => answered.includes(q))
          },
          120_000,
          'taps were not answered',
        )
        const board = await api<Board>('GET', `/api/votes/${card.eventId}`)
        const expected = renderCard(board, {
          cardId: card.cardId,
          lang: 'en',
          timeZone: ZONE,
          key,
          botUsername: BOT,
          publicUrl: 'http://localhost:8080',
        }).text
        for (;;) {
          const shown = (await messages()).find(
            (m) => m.chatId === card.chatId && m.messageId === card.messageId,
          )
          if (shown?.text === expected) break
          if (performance.now() - lastTapAt > 120_000)
            throw new Error(`card ${card.chatId} never showed the board`)
          await sleep(50)
        }
        latencies.push(performance.now() - lastTapAt)
      }),
    )
  }
  const calls = (await control<{ method: string }[]>('calls')).slice(callsBefore)
  const byMethod = new Map<string, number>()
  for (const c of calls) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1)
  // getUpdates is the bot's polling, not a cost of the taps.
  const perTap = [...byMethod].filter(([m]) => m !== 'getUpdates').reduce((sum, [, n]) => sum + n, 0) / taps
  const sorted = [...latencies].sort((a, b) => a - b)
  console.log(`  ${groups} groups × ${rounds} bursts of ${TAPS_PER_BURST} taps (${taps} taps)`)
  console.log(
    `  last tap → card shows it: p50 ${Math.round(percentile(sorted, 50))} ms, p99 ${Math.round(percentile(sorted, 99))} ms, max ${Math.round(sorted.at(-1)!)} ms`,
  )
  console.log(`  Bot API calls: ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(', ')}`)
  report({
    figure: 'last tap → card shows it, p99',
    value: percentile(sorted, 99),
    unit: 'ms',
    target: 'informational (group budget 20 edits/min)',
  })
  report({
    figure: 'Bot API calls per tap',
    value: perTap,
    unit: 'calls',
    target: '≤ 2 (1 answer + coalesced edits)',
    pass: perTap <= 2,
  })
}

async function cleanUp() {
  const client = await MongoClient.connect(process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/')
  for (const service of ['accounts', 'events', 'voting', 'notifications'])
    await client
      .db(names.db(service))
      .dropDatabase()
      .catch(() => undefined)
  await client.close()
  const connection = await amqplib.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672')
  const channel = await connection.createChannel()
  for (const queue of ['events', 'reminders', 'cards'].map(
    (q) => `${names.notificationsPrefix}notifications.${q}`,
  ))
    await channel.deleteQueue(queue).catch(() => undefined)
  await connection.close().catch(() => undefined)
}

try {
  await main()
} finally {
  await stopAll()
  await cleanUp().catch((error: unknown) => console.error('clean-up failed', error))
}
