/**
 * Live board fan-out and ballot write throughput, on the real stack (run under the test backends:
 * `npx tsx scripts/stack/test-run.ts` sets MONGODB_URL/REDIS_URL/AMQP_URL; or point them at `npm start`'s).
 *   npx tsx services/voting/bench/ws-fanout.ts [clients=1000] [ballots=200] [seconds=5]
 * Two voting instances in this process, clients spread over both, one event; each ballot is one
 * voter's "yes"; latency = first board on a client that shows that yes − the ballot's HTTP 200.
 * Then autocannon: ballots/s through PUT /api/votes vs a bare route on the same server kit.
 * Prints figures; never fails on speed. Everything runs on one machine, so the clients' own JSON
 * parsing is part of the figure.
 */
import { performance } from 'node:perf_hooks'
import fp from 'fastify-plugin'
import autocannon from 'autocannon'
import WebSocket from 'ws'
import { ObjectId } from 'mongodb'
import { createServer, loadConfig, newEnvelope } from '@prost/platform'
import { votingApp } from '../src/app.js'
import { VotingConfigSchema } from '../src/config.js'
import { PutBallotSchema } from '@prost/contracts'
import { report } from '../../../bench/report.js'

const [clients = 1000, ballots = 200, seconds = 5] = process.argv.slice(2).map(Number)
const oid = () => new ObjectId().toHexString()
const suffix = `${process.pid}_${Date.now()}`
const env = {
  MONGODB_URL: process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  MONGODB_DB: `voting_bench_${suffix}`,
  EVENT_QUEUE: `voting-bench-${suffix}`,
  EVENT_QUEUE_EXPIRES_MS: '60000',
  BALLOT_RATE_LIMIT_MAX: '1000000',
  RATE_LIMIT_MAX: '1000000',
  LOG_LEVEL: 'error',
}

async function instance() {
  const config = loadConfig(VotingConfigSchema, env)
  const app = await createServer({ name: 'voting', config, metrics: false, logger: false })
  await app.register(fp(votingApp), { config })
  app.put('/bare/:eventId', { schema: { body: PutBallotSchema } }, async (request) => request.body)
  await app.listen({ host: '127.0.0.1', port: 0 })
  return Object.assign(app, { url: `127.0.0.1:${(app.server.address() as { port: number }).port}` })
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
const fmt = (n: number) => n.toFixed(1)

async function main() {
  const [a, b] = [await instance(), await instance()]
  const organizer = { id: oid(), name: 'Organizer' }
  const voters = Array.from({ length: Math.max(ballots, 50) }, (_, i) => ({ id: oid(), name: `Voter ${i}` }))
  const now = new Date().toISOString()
  const optionId = oid()
  const eventId = oid()
  await a.amqp.publish(
    newEnvelope('event.created', 1, {
      eventId,
      version: 1,
      title: 'Bench',
      timeZone: 'UTC',
      visibility: 'public',
      status: 'polling',
      organizer,
      votingDeadline: null,
      timeOptions: [{ id: optionId, startsAt: '2031-01-01T18:00:00.000Z', endsAt: '2031-01-01T20:00:00.000Z' }],
      placeOptions: [],
      participants: [organizer, ...voters].map((p) => ({ ...p, kind: 'user', joinedAt: now })),
      invitedUserIds: [],
      final: null,
    }),
  )
  while (!(await a.mongo.db.collection('events').findOne({ _id: eventId as never }))) await new Promise((r) => setTimeout(r, 50))
  const tokens = await Promise.all(voters.map((v) => a.signAccessToken({ sub: v.id, kind: 'user', role: 'user', name: v.name })))

  // clients
  const received = new Map<string, number[]>() // voter name → receipt times on every client
  const sockets: WebSocket[] = []
  const opened = performance.now()
  for (let i = 0; i < clients; i++) {
    const ws = new WebSocket(`ws://${(i % 2 ? b : a).url}/ws`)
    const seen = new Set<string>()
    ws.on('message', (data) => {
      const at = performance.now()
      const message = JSON.parse(String(data))
      if (message.type !== 'ballot.changed') return
      for (const voter of message.board.timeOptions[0].voters.yes as { name: string }[]) {
        if (seen.has(voter.name)) continue
        seen.add(voter.name)
        let list = received.get(voter.name)
        if (!list) received.set(voter.name, (list = []))
        list.push(at)
      }
    })
    sockets.push(ws)
  }
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve, reject) => {
          ws.once('open', () => {
            ws.once('message', () => resolve())
            ws.send(JSON.stringify({ type: 'subscribe', eventId }))
          })
          ws.once('error', reject)
        }),
    ),
  )
  console.log(`${clients} clients connected and subscribed in ${fmt(performance.now() - opened)} ms`)

  // ballots: 10 at a time, alternating instances
  const okAt = new Map<string, number>()
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < ballots) {
        const i = next++
        const res = await fetch(`http://${(i % 2 ? b : a).url}/api/votes/${eventId}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ choices: { [optionId]: 'yes' } }),
        })
        okAt.set(voters[i]!.name, performance.now())
        if (res.status !== 200) console.log(`ballot ${i}: HTTP ${res.status}`)
      }
    }),
  )
  const wrote = performance.now() - started
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline && [...okAt.keys()].some((name) => (received.get(name)?.length ?? 0) < clients)) {
    await new Promise((r) => setTimeout(r, 50))
  }
  const latencies: number[] = []
  let missing = 0
  for (const [name, ok] of okAt) {
    const times = received.get(name) ?? []
    missing += clients - times.length
    for (const t of times) latencies.push(Math.max(0, t - ok))
  }
  latencies.sort((x, y) => x - y)
  console.log(
    `${ballots} ballots in ${fmt(wrote)} ms; HTTP 200 → receipt over ${latencies.length} deliveries: ` +
      `p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(latencies.at(-1) ?? NaN)} ms` +
      (missing ? `; ${missing} deliveries missing after 10 s` : ''),
  )
  const p99 = percentile(latencies, 99)
  report({ figure: `WebSocket fan-out p99, ${clients} clients on 2 instances, ${ballots} ballots`, value: p99, unit: 'ms', target: '≤ 150 ms', pass: p99 <= 150 && missing === 0 })
  for (const ws of sockets) ws.close()

  // throughput
  const body = JSON.stringify({ choices: { [optionId]: 'maybe' } })
  let k = 0
  const run = (path: string) =>
    autocannon({
      url: `http://${a.url}`,
      connections: 20,
      duration: seconds,
      requests: [
        {
          method: 'PUT',
          path,
          setupRequest: (req) => ({
            ...req,
            headers: { authorization: `Bearer ${tokens[k++ % tokens.length]}`, 'content-type': 'application/json' },
            body,
          }),
        },
      ],
    })
  const real = await run(`/api/votes/${eventId}`)
  const bare = await run(`/bare/${eventId}`)
  console.log(
    `ballot writes: ${fmt(real.requests.average)} req/s (p99 ${real.latency.p99} ms, non-2xx ${real.non2xx}); ` +
      `bare route: ${fmt(bare.requests.average)} req/s; ratio ${fmt((100 * real.requests.average) / bare.requests.average)} %` +
      ` (store: FerretDB/MongoDB at ${env.MONGODB_URL.replace(/\/\/[^@/]*@/, '//***@')})`,
  )
  report({ figure: 'ballot writes (PUT /api/votes/:eventId)', value: real.requests.average, unit: 'req/s', baseline: { name: 'bare route, same kit', value: bare.requests.average } })
  await a.mongo.db.dropDatabase().catch(() => undefined)
  await Promise.all([a.close(), b.close()])
}

await main()
