/**
 * Voting on the real path (issue 14): two voting replicas from dist/ as their own processes behind
 * HAProxy (bench/ingress-stack.ts), the bare route as another process behind the same HAProxy, the
 * WebSocket clients in a forked process of their own (board-watchers.ts), HTTP load from this process.
 *   npx tsx services/voting/bench/voting-real-path.ts [clients=1000] [seconds=6]
 * Events reach the replicas' read model as event.created envelopes on RabbitMQ (the events service's
 * messages), with the voters as participants. Rows:
 * - vote → board p99: 200 ballots (one voter's "yes" each) paced over 10 s through HAProxy to both
 *   replicas; latency = first board on a client that shows that yes − the ballot's HTTP 200.
 * - board read GET /api/votes/:id on that event (200 ballots) vs the bare route, both via HAProxy.
 * - ballot writes via HAProxy vs a raw driver upsert loop (one updateOne upsert per ballot) on the
 *   same store, both 20 at a time.
 * - ballot write throughput on an event with 1,000 ballots vs one with 10 (the same 10 voters
 *   re-voting, so the counts stay put).
 * Throughput rows warm up first (ballot writes until their rate stops climbing, bench/warm-up.ts);
 * each compares its two loads in adjacent short rounds and reports the median pair
 * (bench/paired-rounds.ts: the machine is shared).
 * Prints figures; never fails on speed.
 */
import { fork } from 'node:child_process'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import amqplib from 'amqplib'
import autocannon from 'autocannon'
import { MongoClient, ObjectId } from 'mongodb'
import { DOMAIN_EXCHANGE, type EventState } from '@prost/contracts'
import { newEnvelope } from '@prost/platform'
import { report, ratio } from '../../../bench/report.js'
import { warmUntilSteady, warmUpTrail } from '../../../bench/warm-up.js'
import { pairTrail, pairedRounds, roundRate } from '../../../bench/paired-rounds.js'
import { CpuMeter, pidsNamed } from '../../../bench/process-cpu.js'
import {
  percentile,
  serviceEnv,
  startBareRoute,
  startIngress,
  startService,
  stopAll,
  stopOnSignals,
  userToken,
} from '../../../bench/ingress-stack.js'

const [clients = 1000, seconds = 6] = process.argv.slice(2).map(Number)
const BALLOTS = 200
const PACE_MS = 10_000
const CONCURRENCY = 20
const suffix = `${process.pid}_${Date.now()}`
const names = { db: `bench_voting_${suffix}`, queue: `bench-voting-${suffix}` }
const oid = () => new ObjectId().toHexString()
const now = () => performance.timeOrigin + performance.now()
const fmt = (n: number) => n.toFixed(1)
const answers = ['yes', 'maybe', 'no'] as const

interface Voter {
  id: string
  name: string
  token: string
}
interface BenchEvent {
  id: string
  optionId: string
}

// Fixed-width names: every voter's entry in a board has the same size.
const voters: Voter[] = Array.from({ length: 1000 }, (_, i) => {
  const voter = { id: oid(), name: `Voter ${String(i).padStart(4, '0')}` }
  return { ...voter, token: userToken(voter) }
})
const organizer = { id: oid(), name: 'Organizer' }

async function publishEvents(count: number[]): Promise<BenchEvent[]> {
  const connection = await amqplib.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672')
  const channel = await connection.createConfirmChannel()
  const joinedAt = new Date().toISOString()
  const events = count.map((participants) => {
    const event = { id: oid(), optionId: oid() }
    const state: EventState = {
      eventId: event.id,
      version: 1,
      title: `Bench ${participants}`,
      timeZone: 'UTC',
      visibility: 'public',
      status: 'polling',
      organizer,
      votingDeadline: null,
      timeOptions: [
        { id: event.optionId, startsAt: '2031-01-01T18:00:00.000Z', endsAt: '2031-01-01T20:00:00.000Z' },
      ],
      placeOptions: [],
      participants: [organizer, ...voters.slice(0, participants)].map((p) => ({
        id: p.id,
        name: p.name,
        kind: 'user' as const,
        joinedAt,
      })),
      invitedUserIds: [],
      final: null,
    }
    const envelope = newEnvelope('event.created', 1, state)
    channel.publish(DOMAIN_EXCHANGE, envelope.type, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      type: envelope.type,
    })
    return event
  })
  await channel.waitForConfirms()
  await connection.close()
  return events
}

async function vote(ingress: string, event: BenchEvent, voter: Voter, answer: (typeof answers)[number]) {
  const res = await fetch(`${ingress}/api/votes/${event.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${voter.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ choices: { [event.optionId]: answer } }),
  })
  await res.arrayBuffer()
  if (res.status !== 200) console.error(`  ! ballot of ${voter.name}: HTTP ${res.status}`)
}

/** Ballots of voters[from..to) on the event, CONCURRENCY at a time. */
async function prefill(ingress: string, event: BenchEvent, count: number) {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await vote(ingress, event, voters[next++]!, 'yes')
    }),
  )
}

async function fanOut(ingress: string, host: string, event: BenchEvent) {
  const watchers = fork(
    path.join(import.meta.dirname, 'board-watchers.ts'),
    [`ws://${host}/ws`, event.id, String(clients)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  )
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type) return
        watchers.off('message', onMessage)
        resolve(message)
      }
      watchers.on('message', onMessage)
      watchers.once('exit', (code) =>
        reject(new Error(`board-watchers exited (code ${code}) before '${type}'`)),
      )
    })
  const subscribed = await next('subscribed')
  console.log(
    `  ${clients} WebSocket clients (own process) connected via HAProxy and subscribed in ${fmt(subscribed.ms as number)} ms`,
  )
  const ballotVoters = voters.slice(0, BALLOTS)
  const complete = next('complete')
  watchers.send({ type: 'expect', names: ballotVoters.map((v) => v.name) })

  const sentAt = new Map<string, number>()
  const okAt = new Map<string, number>()
  const started = performance.now()
  await Promise.all(
    ballotVoters.map(async (voter, i) => {
      await new Promise((r) => setTimeout(r, (i * PACE_MS) / BALLOTS))
      sentAt.set(voter.name, now())
      await vote(ingress, event, voter, 'yes')
      okAt.set(voter.name, now())
    }),
  )
  const wrote = performance.now() - started
  await Promise.race([complete, new Promise((r) => setTimeout(r, 10_000))])
  const collected = next('receipts')
  watchers.send({ type: 'collect' })
  const { receipts, closed } = (await collected) as unknown as {
    receipts: Record<string, number[]>
    closed: number
  }

  const latencies: number[] = []
  const fromSend: number[] = []
  let missing = 0
  for (const [name, ok] of okAt) {
    const times = receipts[name] ?? []
    missing += clients - times.length
    for (const t of times) {
      latencies.push(Math.max(0, t - ok))
      fromSend.push(t - sentAt.get(name)!)
    }
  }
  latencies.sort((x, y) => x - y)
  fromSend.sort((x, y) => x - y)
  const p99 = percentile(latencies, 99)
  console.log(
    `  ${BALLOTS} ballots in ${fmt(wrote)} ms; HTTP 200 → board over ${latencies.length} deliveries: p50 ${fmt(percentile(latencies, 50))} ms, ` +
      `p99 ${fmt(p99)} ms, max ${fmt(latencies.at(-1) ?? NaN)} ms; from the PUT's start: p99 ${fmt(percentile(fromSend, 99))} ms` +
      (missing ? `; ${missing} deliveries missing after 10 s` : '') +
      (closed ? `; ${closed} sockets closed` : ''),
  )
  report({
    figure: `vote → board p99, ${clients.toLocaleString('en')} WebSocket clients over 2 voting replicas via HAProxy, ${BALLOTS} ballots in ${PACE_MS / 1000} s`,
    value: p99,
    unit: 'ms',
    target: '≤ 150 ms',
    pass: p99 <= 150 && missing === 0,
  })
}

function cannon(
  ingress: string,
  connections: number,
  duration: number,
  request: (connection: number, n: number) => autocannon.Request,
) {
  let connectionsSeen = 0
  return autocannon({
    url: ingress,
    connections,
    duration,
    requests: [
      {
        setupRequest: (req, context) => {
          const own = context as { connection?: number; n?: number }
          own.connection ??= connectionsSeen++
          own.n = (own.n ?? 0) + 1
          return { ...req, ...request(own.connection, own.n) }
        },
      },
    ],
  }).then((result) => {
    if (result.non2xx > 0 || result.errors > 0)
      console.error(`  ! ${result.non2xx} non-2xx, ${result.errors} errors`)
    return roundRate(result)
  })
}

const ballotRequest = (event: BenchEvent, writers: Voter[]) => (connection: number, n: number) => ({
  method: 'PUT' as const,
  path: `/api/votes/${event.id}`,
  headers: {
    authorization: `Bearer ${writers[connection % writers.length]!.token}`,
    'content-type': 'application/json',
  },
  body: JSON.stringify({ choices: { [event.optionId]: answers[n % 3] } }),
})

/** The same work the store does at minimum for a ballot: one upsert by key, CONCURRENCY at a time. */
async function rawUpserts(duration: number) {
  const client = await MongoClient.connect(process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/')
  const collection = client.db(names.db).collection<{ _id: string }>('bench_raw_ballots')
  const eventId = oid()
  let done = 0
  const until = performance.now() + duration * 1000
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, c) => {
      for (let n = 0; performance.now() < until; n++) {
        const participantId = voters[c]!.id
        await collection.updateOne(
          { _id: `${eventId}:${participantId}` },
          { $set: { eventId, participantId, choices: { [eventId]: answers[n % 3] }, updatedAt: new Date() } },
          { upsert: true },
        )
        done++
      }
    }),
  )
  await client.close()
  return done / duration
}

/** Pairs of rounds per throughput row, each round a third of `seconds` long. */
const PAIRS = 5

async function main() {
  const env = serviceEnv({ MONGODB_DB: names.db, EVENT_QUEUE: names.queue, EVENT_QUEUE_EXPIRES_MS: '60000' })
  const voting = await startService('voting', env, 2)
  const bare = await startBareRoute(env)
  const ingress = await startIngress('voting', { voting, bare })
  console.log(
    `voting bench: 2 voting replicas + bare route, own processes behind HAProxy ${ingress.url}; ${seconds} s per round`,
  )

  const [board, small, large] = await publishEvents([BALLOTS, 1000, 1000])
  const reader = { authorization: `Bearer ${userToken(organizer)}` }
  for (const event of [board!, small!, large!]) {
    const deadline = Date.now() + 30_000
    while ((await fetch(`${ingress.url}/api/votes/${event.id}`, { headers: reader })).status !== 200) {
      if (Date.now() > deadline) throw new Error(`the voting read model never got event ${event.id}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  await fanOut(ingress.url, ingress.host, board!)

  const warmUp = 2
  // Readers are browsers: they accept gzip (the kept board goes out gzipped, voting's board-bytes.ts).
  const browser = { ...reader, 'accept-encoding': 'gzip, deflate, br' }
  const round = seconds / 3
  const boardReadsFor = (duration: number) =>
    cannon(ingress.url, CONCURRENCY, duration, () => ({
      method: 'GET',
      path: `/api/votes/${board!.id}`,
      headers: browser,
    }))
  const boardRead = () => boardReadsFor(round)
  const bareRead = () =>
    cannon(ingress.url, CONCURRENCY, round, () => ({ method: 'GET', path: '/bare', headers: browser }))
  // Until the replicas' read path is optimised (bench/warm-up.ts): after a fixed 2 s the pairs'
  // board/bare ratio still climbed from 0.45 to 0.70 over the measured rounds.
  const readWarmUp = await warmUntilSteady(boardReadsFor, {
    window: 1.5,
    minSeconds: 4.5,
    maxSeconds: 3 * seconds,
  })
  console.log(`  board reads warmed up: ${warmUpTrail(readWarmUp)}`)
  await cannon(ingress.url, CONCURRENCY, warmUp, () => ({ method: 'GET', path: '/bare', headers: browser }))
  const readPairs = await pairedRounds(boardRead, bareRead, PAIRS)
  const reads = { board: readPairs.subject, bare: readPairs.baseline }
  console.log(
    `  board read ${Math.round(reads.board)} req/s, bare route ${Math.round(reads.bare)} req/s (board/bare per pair: ${pairTrail(readPairs)})`,
  )
  report({
    figure: `board read GET /api/votes/:id (${BALLOTS} ballots, Accept-Encoding: gzip as browsers send) via HAProxy, 2 replicas`,
    value: reads.board,
    unit: 'req/s',
    baseline: { name: 'bare route (own process, same HAProxy)', value: reads.bare },
    target: '≥ 0.6× bare route',
    pass: ratio(reads.board, reads.bare) >= 0.6,
  })

  // The fan-out event's first CONCURRENCY voters re-vote: its ballot count stays at BALLOTS.
  const writesFor = (duration: number) =>
    cannon(ingress.url, CONCURRENCY, duration, ballotRequest(board!, voters.slice(0, CONCURRENCY)))
  const writes = () => writesFor(round)
  // Until the replicas' write path is optimised (bench/warm-up.ts): 2 s left it mostly in baseline
  // code, and their CPU per vote kept falling for ~25 s of writes.
  const writeWarmUp = await warmUntilSteady(writesFor, {
    window: 3,
    minSeconds: 4 * seconds,
    maxSeconds: 10 * seconds,
    climb: 0.03,
  })
  console.log(`  ballot writes warmed up: ${warmUpTrail(writeWarmUp)}`)
  await rawUpserts(warmUp)
  // Where each write's CPU goes, measured in the same rounds (bench/process-cpu.ts).
  const processes = {
    voting: { pids: () => voting.flatMap((replica) => replica.proc.child.pid ?? []) },
    FerretDB: { pids: () => pidsNamed('ferretdb') },
    PostgreSQL: { pids: () => pidsNamed('postgres') },
    HAProxy: { pids: () => pidsNamed('haproxy') },
    Redis: { pids: () => pidsNamed('redis-server') },
    'load generator': { pids: () => [process.pid] },
  }
  const writeCpu = { real: new CpuMeter(processes), raw: new CpuMeter(processes) }
  const inRound = (rate: number) => rate * round
  const writePairs = await pairedRounds(
    () => writeCpu.real.around(writes, inRound),
    () => writeCpu.raw.around(() => rawUpserts(round), inRound),
    PAIRS,
  )
  const write = { real: writePairs.subject, raw: writePairs.baseline }
  console.log(
    `  ballot writes via HAProxy ${Math.round(write.real)} req/s; raw driver upserts ${Math.round(write.raw)}/s (${CONCURRENCY} at a time each; real/raw per pair: ${pairTrail(writePairs)})`,
  )
  console.log(`  CPU per ballot write: ${writeCpu.real.describe()}`)
  console.log(`  CPU per raw upsert: ${writeCpu.raw.describe()}`)
  report({
    figure: `ballot writes PUT /api/votes/:id via HAProxy, 2 voting replicas, ${CONCURRENCY} concurrent`,
    value: write.real,
    unit: 'req/s',
    baseline: { name: `raw driver upsert loop, same store, ${CONCURRENCY} concurrent`, value: write.raw },
    target: '≥ 0.5× raw upserts',
    pass: ratio(write.real, write.raw) >= 0.5,
  })

  const prefilled = performance.now()
  await prefill(ingress.url, large!, 1000)
  await prefill(ingress.url, small!, 10)
  console.log(`  prefilled 1,010 ballots in ${fmt((performance.now() - prefilled) / 1000)} s`)
  const writers = voters.slice(0, 10)
  const sizedPairs = await pairedRounds(
    () => cannon(ingress.url, writers.length, round, ballotRequest(large!, writers)),
    () => cannon(ingress.url, writers.length, round, ballotRequest(small!, writers)),
    PAIRS,
  )
  const sized = { thousand: sizedPairs.subject, ten: sizedPairs.baseline }
  console.log(
    `  ballot writes: ${Math.round(sized.thousand)} req/s with 1,000 ballots in the event, ${Math.round(sized.ten)} req/s with 10 (per pair: ${pairTrail(sizedPairs)})`,
  )
  report({
    figure: `ballot write throughput with 1,000 ballots already in the event, ${writers.length} voters re-voting`,
    value: sized.thousand,
    unit: 'req/s',
    baseline: { name: 'with 10 ballots', value: sized.ten },
    target: '≥ 0.8× with 10',
    pass: ratio(sized.thousand, sized.ten) >= 0.8,
  })
}

async function cleanUp() {
  const client = await MongoClient.connect(process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/')
  await client.db(names.db).dropDatabase()
  await client.close()
  const connection = await amqplib.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672')
  const channel = await connection.createChannel()
  await channel.deleteQueue(names.queue)
  await connection.close()
}

stopOnSignals(cleanUp)
try {
  await main()
} finally {
  await stopAll()
  await cleanUp().catch((error: Error) => console.error(`  ! clean-up: ${error.message}`))
}
