/**
 * Tracing end to end, against a real Jaeger started here and queried over its HTTP API: every
 * process runs as `npm start` runs it (own process, the kit's `--import` preload, OTEL_* settings)
 * behind HAProxy. A finalize through the ingress is one trace from the events route through the
 * RabbitMQ publish to the worker's consume, and the reminder the worker sends later (short lead time
 * here) is a trace of its own whose send span links back to it, with the Bot API call inside; a
 * service-to-service call (events → voting) continues its caller's trace; a vote
 * reaches the WebSocket push on the other voting replica through the Redis fan-out; with the
 * collector down, every request still gets the answer it gets without tracing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { MongoClient } from 'mongodb'
import WebSocket from 'ws'
import {
  call,
  freeClosedPort,
  jaegerAvailable,
  jaegerServices,
  jaegerTrace,
  jaegerTraces,
  startFakeTelegram,
  startTestJaeger,
  startTracedStack,
  testBackends,
  traceIdOf,
  viewOf,
  type FakeTelegram,
  type TracedStack,
} from '@prost/test-support'
import type { Jaeger } from '../../scripts/stack/jaeger.js'

const TOKEN = '4343:tracing-test-token'
const CHAT_ID = 7_000_001

let jaeger: Jaeger
let fake: FakeTelegram
let stack: TracedStack

describe.skipIf(!jaegerAvailable())('tracing into a real Jaeger', () => {
  beforeAll(async () => {
    jaeger = await startTestJaeger()
    fake = await startFakeTelegram({ token: TOKEN, username: 'ProstTraceBot', chatLimits: false })
    stack = await startTracedStack({
      otlpEndpoint: jaeger.otlpEndpoint,
      replicas: { voting: 2 },
      env: {
        // Request log lines, to see that they carry the trace's ids; a sweeper that finds due deadlines fast.
        events: { LOG_LEVEL: 'info', DEADLINE_SWEEP_MS: '300' },
        'notifications-worker': {
          TELEGRAM_BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: fake.apiRoot,
          REMINDER_LEAD_MINUTES: '1',
          SCHEDULER_INTERVAL_MS: '200',
        },
      },
    })
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
    await fake?.close()
    await jaeger?.stop()
  })

  async function register(name: string) {
    const reg = await call<{ accessToken: string; user: { id: string } }>(
      stack.url,
      'POST',
      '/api/auth/register',
      {
        body: {
          email: `${name}-${Date.now()}-${Math.random()}@example.com`,
          password: 'password-123-trace',
          displayName: name,
        },
      },
    )
    expect(reg.status, reg.text).toBe(201)
    return { token: reg.json.accessToken, id: reg.json.user.id }
  }

  async function createEvent(token: string, startsAt: Date) {
    const created = await call<{ id: string; timeOptions: { id: string }[]; placeOptions: { id: string }[] }>(
      stack.url,
      'POST',
      '/api/events',
      {
        token,
        body: {
          title: 'Traced meetup',
          timeZone: 'UTC',
          visibility: 'private',
          timeOptions: [{ startsAt: startsAt.toISOString() }],
          placeOptions: [{ name: 'Bar' }],
        },
      },
    )
    expect(created.status, created.text).toBe(201)
    return created.json
  }

  /** Waits until Jaeger holds a trace that satisfies `check` (which throws until it does). */
  const traceWhere = <T>(traceId: string, check: (spans: ReturnType<typeof viewOf>) => T) =>
    vi.waitFor(
      async () => {
        const trace = await jaegerTrace(jaeger.url, traceId)
        if (!trace) throw new Error(`trace ${traceId} not in Jaeger yet`)
        return check(viewOf(trace))
      },
      { timeout: 20_000, interval: 250 },
    )

  it('follows a finalize from the events route through RabbitMQ to the worker, and links the reminder sent later', async () => {
    const organizer = await register('Tracer')
    // Linked to the bot as /start with a link token would (the private chat's id is the user's id).
    const mongo = new MongoClient(testBackends().mongoUrl)
    await mongo.connect()
    try {
      await mongo
        .db(stack.databases.notifications!)
        .collection('telegram_links')
        .insertOne({
          _id: organizer.id as never,
          subjectKind: 'user',
          chatId: CHAT_ID,
          languageCode: 'en',
          linkedAt: new Date(),
        })
    } finally {
      await mongo.close()
    }
    // Starts in 62 s; with a one-minute lead the reminder is due about two seconds after the finalize.
    const event = await createEvent(organizer.token, new Date(Date.now() + 62_000))
    const finalized = await call(stack.url, 'POST', `/api/events/${event.id}/finalize`, {
      token: organizer.token,
      body: { timeOptionId: event.timeOptions[0]!.id, placeOptionId: event.placeOptions[0]!.id },
    })
    expect(finalized.status, finalized.text).toBe(200)
    const traceId = traceIdOf(finalized.headers.get('traceresponse'))
    expect(traceId, 'the service names its trace in traceresponse, through the ingress').toMatch(
      /^[0-9a-f]{32}$/,
    )

    const finalizeSpans = await traceWhere(traceId!, (spans) => {
      const route = spans.find((s) => s.service === 'prost-events' && s.tag('span.kind') === 'server')
      const publish = spans.find(
        (s) => s.service === 'prost-events' && s.operationName === 'event.finalized publish',
      )
      const consume = spans.find(
        (s) =>
          s.service === 'prost-notifications-worker' &&
          s.tag('span.kind') === 'consumer' &&
          s.parent?.spanID === publish?.spanID,
      )
      if (!route || !publish || !consume)
        throw new Error(`incomplete: ${spans.map((s) => `${s.service}:${s.operationName}`).join(', ')}`)
      return { route, publish, consume }
    })
    expect(finalizeSpans.route.traceID).toBe(traceId)
    // The voting read model consumed the same message within the same trace.
    const trace = viewOf((await jaegerTrace(jaeger.url, traceId!))!)
    expect(trace.some((s) => s.service === 'prost-voting' && s.tag('span.kind') === 'consumer')).toBe(true)
    // HAProxy's request log names the trace, and so do the events service's log lines of the request.
    expect(readFileSync(stack.ingressLog, 'utf8')).toContain(`trace_id=${traceId}`)
    const eventsLog = readFileSync(stack.processes.find((p) => p.name === 'events')!.proc.logFile, 'utf8')
    const finalizeLines = eventsLog
      .split('\n')
      .filter((line) => line.includes(`"trace_id":"${traceId}"`))
      .map((line) => JSON.parse(line) as { span_id?: string; msg?: string })
    expect(finalizeLines.map((l) => l.msg)).toContain('request completed')
    expect(finalizeLines.every((l) => /^[0-9a-f]{16}$/.test(l.span_id ?? ''))).toBe(true)

    // The reminder: the fake Bot API got it, and its send span (a later trace) links to the finalize's.
    await vi.waitFor(() => expect(fake.messagesIn(CHAT_ID).some((m) => m.text.startsWith('⏰'))).toBe(true), {
      timeout: 30_000,
      interval: 250,
    })
    const send = await vi.waitFor(
      async () => {
        const traces = await jaegerTraces(jaeger.url, {
          service: 'prost-notifications-worker',
          operation: 'telegram reminder send',
        })
        const spans = traces.flatMap(viewOf)
        const linked = spans.find(
          (s) =>
            s.operationName === 'telegram reminder send' &&
            s.references.some((r) => r.refType === 'FOLLOWS_FROM' && r.traceID === traceId),
        )
        if (!linked) throw new Error('no reminder send span linked to the finalize yet')
        const botCall = spans.find(
          (s) => s.parent?.spanID === linked.spanID && s.tag('span.kind') === 'client',
        )
        if (!botCall) throw new Error('no Bot API call inside the send span yet')
        return { linked, botCall }
      },
      { timeout: 20_000, interval: 250 },
    )
    expect(send.linked.traceID).not.toBe(traceId)
    expect(String(send.botCall.tag('url.full') ?? send.botCall.tag('http.url'))).toContain('/sendMessage')
    // The notifications API traces its requests too: every process reports under its own name.
    const mine = await call(stack.url, 'GET', '/api/notifications/me', { token: organizer.token })
    expect(mine.status, mine.text).toBe(200)
    await vi.waitFor(
      async () =>
        expect(await jaegerServices(jaeger.url)).toEqual(
          expect.arrayContaining([
            'prost-accounts',
            'prost-events',
            'prost-voting',
            'prost-notifications',
            'prost-notifications-worker',
          ]),
        ),
      { timeout: 10_000, interval: 250 },
    )
  }, 90_000)

  it('continues a trace across a service-to-service call (events asks voting for the best choice)', async () => {
    const organizer = await register('Sweeper')
    const created = await call<{ id: string; version: number }>(stack.url, 'POST', '/api/events', {
      token: organizer.token,
      body: {
        title: 'Traced deadline',
        timeZone: 'UTC',
        visibility: 'private',
        votingDeadline: new Date(Date.now() + 86_400_000).toISOString(),
        autoFinalize: true,
        timeOptions: [{ startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }],
        placeOptions: [{ name: 'Bar' }],
      },
    })
    expect(created.status, created.text).toBe(201)
    const eventId = created.json.id
    // The deadline passes (the API allows a recent past deadline); events' sweeper then calls voting.
    const moved = await call(stack.url, 'PATCH', `/api/events/${eventId}`, {
      token: organizer.token,
      body: { votingDeadline: new Date(Date.now() - 60_000).toISOString() },
    })
    expect(moved.status, moved.text).toBe(200)
    await vi.waitFor(
      async () => {
        const traces = await jaegerTraces(jaeger.url, { service: 'prost-voting' })
        const internal = traces
          .flatMap(viewOf)
          .find(
            (s) =>
              s.tag('span.kind') === 'server' &&
              String(s.tag('url.path')).includes(`/internal/${eventId}/best`),
          )
        if (!internal) throw new Error("voting's internal route has not been traced yet")
        // Its parent is events' outgoing call, in the same trace.
        expect(internal.parent?.service).toBe('prost-events')
        expect(internal.parent?.tag('span.kind')).toBe('client')
      },
      { timeout: 20_000, interval: 250 },
    )
  }, 40_000)

  it('carries a vote through the Redis fan-out to the WebSocket push on the other voting replica', async () => {
    const voter = await register('Voter')
    const event = await createEvent(voter.token, new Date(Date.now() + 7 * 86_400_000))
    const replicas = stack.processes.filter((p) => p.name === 'voting')
    expect(replicas).toHaveLength(2)
    // One socket on each replica (their own addresses, so the vote is remote for one of them).
    const sockets = replicas.map((replica) => {
      const ws = new WebSocket(`${replica.url.replace('http://', 'ws://')}/ws?token=${voter.token}`)
      const messages: { type: string }[] = []
      ws.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }))
      return {
        ws,
        messages,
        opened: new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject)),
      }
    })
    try {
      for (const socket of sockets) {
        await socket.opened
        // The event reaches voting's read model through RabbitMQ; subscribe until it is known there.
        await vi.waitFor(
          () => {
            socket.messages.length = 0
            socket.ws.send(JSON.stringify({ type: 'subscribe', eventId: event.id }))
            return vi.waitFor(() => expect(socket.messages.map((m) => m.type)).toContain('snapshot'), {
              timeout: 1000,
              interval: 20,
            })
          },
          { timeout: 15_000, interval: 200 },
        )
      }
      const vote = await call(stack.url, 'PUT', `/api/votes/${event.id}`, {
        token: voter.token,
        body: { choices: { [event.timeOptions[0]!.id]: 'yes' } },
      })
      expect(vote.status, vote.text).toBe(200)
      const traceId = traceIdOf(vote.headers.get('traceresponse'))
      for (const socket of sockets)
        await vi.waitFor(() => expect(socket.messages.map((m) => m.type)).toContain('ballot.changed'), {
          timeout: 5000,
          interval: 20,
        })

      await traceWhere(traceId!, (spans) => {
        const pushes = spans.filter(
          (s) => s.service === 'prost-voting' && s.operationName === 'websocket board send',
        )
        const remote = pushes.find((s) => {
          for (let up = s.parent; up; up = up.parent)
            if (up.operationName === 'board fan-out receive') return true
          return false
        })
        const handler = spans.find((s) => s.service === 'prost-voting' && s.tag('span.kind') === 'server')
        if (!remote || !handler || pushes.length < 2)
          throw new Error(
            `incomplete: ${spans.map((s) => `${s.service}/${String(s.pid)}:${s.operationName}<${s.parent?.operationName ?? '-'}`).join(', ')}`,
          )
        // The remote push ran in the other replica than the one that took the vote.
        expect(remote.pid).not.toBe(handler.pid)
      })
    } finally {
      for (const socket of sockets) socket.ws.close()
    }
  }, 60_000)
})

describe('with the trace collector down', () => {
  let down: TracedStack
  beforeAll(async () => {
    down = await startTracedStack({
      otlpEndpoint: `http://127.0.0.1:${await freeClosedPort()}`,
      only: ['accounts', 'events'],
    })
  }, 120_000)
  afterAll(async () => {
    await down?.stop()
  })

  it('answers every request as usual and loses none', async () => {
    const reg = await call<{ accessToken: string }>(down.url, 'POST', '/api/auth/register', {
      body: { email: `down-${Date.now()}@example.com`, password: 'password-123-trace', displayName: 'Down' },
    })
    expect(reg.status, reg.text).toBe(201)
    const token = reg.json.accessToken
    const titles = Array.from({ length: 30 }, (_, i) => `Offline collector ${i}`)
    const started = Date.now()
    const created = await Promise.all(
      titles.map((title) =>
        call<{ id: string }>(down.url, 'POST', '/api/events', {
          token,
          body: {
            title,
            timeZone: 'UTC',
            visibility: 'private',
            timeOptions: [{ startsAt: new Date(Date.now() + 86_400_000).toISOString() }],
            placeOptions: [{ name: 'Bar' }],
          },
        }),
      ),
    )
    expect(created.map((c) => c.status)).toEqual(titles.map(() => 201))
    // Exporting never waits on the collector: no request sat out an export timeout.
    expect(Date.now() - started).toBeLessThan(10_000)
    for (const [i, c] of created.entries()) {
      const read = await call<{ title: string }>(down.url, 'GET', `/api/events/${c.json.id}`, { token })
      expect(read.status).toBe(200)
      expect(read.json.title).toBe(titles[i])
    }
    for (const p of down.processes) expect(p.proc.child.exitCode).toBeNull()
  })
})
