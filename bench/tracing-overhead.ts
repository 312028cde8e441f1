/**
 * Tracing overhead (issue 17): the cached event read and ballot writes with tracing on (the kit's
 * preload, 100 % sampling, every span exported to a local Jaeger) vs off, in the same run. Each is
 * the real path: events and voting from dist/ as their own processes, a traced and an untraced copy
 * of each on the same database, behind two HAProxies (one per copy); autocannon in this process.
 *   npx tsx bench/tracing-overhead.ts [seconds=6]
 * Off and on run in adjacent short rounds, and each row is the median pair (bench/paired-rounds.ts:
 * the machine is shared). Never fails on speed.
 */
import amqplib from 'amqplib'
import autocannon from 'autocannon'
import { MongoClient, ObjectId } from 'mongodb'
import { DOMAIN_EXCHANGE, type EventState } from '@prost/contracts'
import { newEnvelope } from '@prost/platform'
import { startJaeger } from '../scripts/stack/jaeger.js'
import { TRACING_PRELOAD, tracedProcessEnv } from '../scripts/stack/tracing-env.js'
import { report, ratio } from './report.js'
import { warmUntilSteady, warmUpTrail } from './warm-up.js'
import { pairTrail, pairedRounds, roundRate } from './paired-rounds.js'
import { CpuMeter, type CpuGroup } from './process-cpu.js'
import {
  logDir,
  serviceEnv,
  startIngress,
  startService,
  stopAll,
  stopOnSignals,
  userToken,
} from './ingress-stack.js'

const [seconds = 6] = process.argv.slice(2).map(Number)
/** Pairs of off/on rounds per row, each round a third of `seconds` long. */
const PAIRS = 5
const CONNECTIONS = 20
const dbName = `bench_tracing_${process.pid}_${Date.now()}`
const votingDb = `${dbName}_voting`
const oid = () => new ObjectId().toHexString()

/** One round of load; its rate, and its requests for the CPU meters (process-cpu.ts). */
async function load(url: string, request: (n: number) => autocannon.Request, duration: number) {
  let n = 0
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [{ setupRequest: (req) => ({ ...req, ...request(n++) }) }],
  })
  if (result.non2xx > 0 || result.errors > 0)
    console.error(`  ! ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rate: roundRate(result), requests: result.requests.total }
}

/**
 * Where a traced request's extra time goes: the service's main (JavaScript) thread, its other
 * threads (V8's garbage collector helpers, libuv's pool) and, for the traced copy, Jaeger.
 */
function cpuMeter(pid: number | undefined, jaegerPid?: number) {
  const service = (threads: CpuGroup['threads']): CpuGroup => ({ pids: () => (pid ? [pid] : []), threads })
  return new CpuMeter({
    'main thread': service('main'),
    'other threads': service('others'),
    ...(jaegerPid && { jaeger: { pids: () => [jaegerPid] } }),
  })
}

/** An event voting learns about from RabbitMQ (as from the events service), with `voters` as participants. */
async function announceEvent(voters: { id: string; name: string }[]) {
  const connection = await amqplib.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672')
  const channel = await connection.createConfirmChannel()
  const joinedAt = new Date().toISOString()
  const event = { id: oid(), optionId: oid() }
  const state: EventState = {
    eventId: event.id,
    version: 1,
    title: 'Traced bench',
    timeZone: 'UTC',
    visibility: 'public',
    status: 'polling',
    organizer: voters[0]!,
    votingDeadline: null,
    timeOptions: [
      { id: event.optionId, startsAt: '2031-01-01T18:00:00.000Z', endsAt: '2031-01-01T20:00:00.000Z' },
    ],
    placeOptions: [],
    participants: voters.map((p) => ({ id: p.id, name: p.name, kind: 'user' as const, joinedAt })),
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
  await channel.waitForConfirms()
  await connection.close()
  return event
}

async function main() {
  const jaeger = await startJaeger(
    { data: logDir, logs: logDir },
    { ports: 'free', name: `bench-jaeger-${process.pid}` },
  )
  const traced = (name: string) => ({
    ...tracedProcessEnv(name, jaeger.otlpEndpoint),
    OTEL_TRACES_SAMPLER: 'always_on',
  })
  const eventsEnv = serviceEnv({ MONGODB_DB: dbName, CACHE_ENABLED: 'true' })
  // Both voting copies consume one queue on one database, like two replicas.
  const votingEnv = serviceEnv({
    MONGODB_DB: votingDb,
    EVENT_QUEUE: `bench-tracing-${process.pid}`,
    EVENT_QUEUE_EXPIRES_MS: '60000',
  })
  const preload = ['--import', TRACING_PRELOAD]
  const [eventsOff, eventsOn, votingOff, votingOn] = [
    await startService('events', eventsEnv, 1, preload, 'events-untraced'),
    await startService('events', { ...eventsEnv, ...traced('events') }, 1, preload, 'events-traced'),
    await startService('voting', votingEnv, 1, preload, 'voting-untraced'),
    await startService('voting', { ...votingEnv, ...traced('voting') }, 1, preload, 'voting-traced'),
  ]
  const off = await startIngress('tracing-off', { events: eventsOff, voting: votingOff })
  const on = await startIngress('tracing-on', { events: eventsOn, voting: votingOn })
  console.log(
    `tracing bench: events and voting, each untraced and traced (100 % sampled, exported to Jaeger ${jaeger.url}); ${seconds} s per round`,
  )

  const organizer = { id: oid(), name: 'Bench Organizer' }
  const token = userToken(organizer)
  const ids: string[] = []
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${off.url}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: `Traced read ${i}`,
        timeZone: 'Europe/Berlin',
        visibility: 'public',
        timeOptions: [{ startsAt: new Date(Date.now() + (i + 1) * 86_400_000).toISOString() }],
        placeOptions: [{ name: 'Kneipe' }],
      }),
    })
    if (!res.ok) throw new Error(`POST /api/events: HTTP ${res.status} ${await res.text()}`)
    ids.push(((await res.json()) as { id: string }).id)
  }
  const readsFor = (url: string, duration: number) =>
    load(url, (n) => ({ method: 'GET', path: `/api/events/${ids[n % ids.length]}` }), duration)
  const round = seconds / 3
  const metered = (meter: CpuMeter, work: () => Promise<{ rate: number; requests: number }>) => async () =>
    (await meter.around(work, (r) => r.requests)).rate
  const readCpu = {
    off: cpuMeter(eventsOff[0]!.proc.child.pid),
    on: cpuMeter(eventsOn[0]!.proc.child.pid, jaeger.pid),
  }
  const read = (url: string, meter: CpuMeter) => metered(meter, () => readsFor(url, round))

  const voters = Array.from({ length: CONNECTIONS }, (_, i) => ({ id: oid(), name: `Voter ${i}` }))
  const tokens = voters.map((v) => userToken(v))
  const event = await announceEvent([organizer, ...voters])
  const deadline = Date.now() + 30_000
  while (
    (await fetch(`${on.url}/api/votes/${event.id}`, { headers: { authorization: `Bearer ${token}` } }))
      .status !== 200
  ) {
    if (Date.now() > deadline) throw new Error(`the voting read model never got event ${event.id}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const answers = ['yes', 'maybe', 'no'] as const
  const ballotsFor = (url: string, duration: number) =>
    load(
      url,
      (n) => ({
        method: 'PUT',
        path: `/api/votes/${event.id}`,
        headers: { authorization: `Bearer ${tokens[n % tokens.length]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ choices: { [event.optionId]: answers[n % 3] } }),
      }),
      duration,
    )
  const writeCpu = {
    off: cpuMeter(votingOff[0]!.proc.child.pid),
    on: cpuMeter(votingOn[0]!.proc.child.pid, jaeger.pid),
  }
  const ballots = (url: string, meter: CpuMeter) => metered(meter, () => ballotsFor(url, round))

  // Warm-up: JIT, pools, the cache, and the exporter's first batches; each copy until its rate stops
  // climbing (bench/warm-up.ts), as the traced copy has the SDK's code to optimise as well. Writes
  // take longer to warm up than reads (a vote runs more code).
  const copies = { untraced: off.url, traced: on.url }
  for (const [name, url] of Object.entries(copies)) {
    const trail = await warmUntilSteady(async (duration) => (await readsFor(url, duration)).rate, {
      window: 1.5,
      minSeconds: 3,
      maxSeconds: 4.5,
    })
    console.log(`  cached reads warmed up (${name}): ${warmUpTrail(trail)}`)
  }
  const readPairs = await pairedRounds(read(on.url, readCpu.on), read(off.url, readCpu.off), PAIRS)
  const reads = { on: readPairs.subject, off: readPairs.baseline }
  for (const [name, url] of Object.entries(copies)) {
    const trail = await warmUntilSteady(async (duration) => (await ballotsFor(url, duration)).rate, {
      window: 1.5,
      minSeconds: 4.5,
      maxSeconds: 3 * seconds,
    })
    console.log(`  ballot writes warmed up (${name}): ${warmUpTrail(trail)}`)
  }
  const writePairs = await pairedRounds(ballots(on.url, writeCpu.on), ballots(off.url, writeCpu.off), PAIRS)
  const writes = { on: writePairs.subject, off: writePairs.baseline }
  const spans = await fetch(`${jaeger.url}/api/services`).then(
    async (r) => ((await r.json()) as { data: string[] | null }).data ?? [],
  )
  console.log(
    `  cached event read: ${Math.round(reads.off)} req/s untraced, ${Math.round(reads.on)} req/s traced (traced/untraced per pair: ${pairTrail(readPairs)}); ballot writes: ${Math.round(writes.off)} untraced, ${Math.round(writes.on)} traced (${pairTrail(writePairs)}) (Jaeger holds traces of ${spans.join(', ')})`,
  )
  console.log(`  CPU per cached read, untraced: ${readCpu.off.describe()}`)
  console.log(`  CPU per cached read, traced: ${readCpu.on.describe()}`)
  console.log(`  CPU per ballot write, untraced: ${writeCpu.off.describe()}`)
  console.log(`  CPU per ballot write, traced: ${writeCpu.on.describe()}`)
  report({
    figure: 'GET /api/events/:id via HAProxy, cache warm, traced (100 % sampled, exported to Jaeger)',
    value: reads.on,
    unit: 'req/s',
    baseline: { name: 'tracing off', value: reads.off },
    target: '≥ 0.85× tracing off',
    pass: ratio(reads.on, reads.off) >= 0.85,
  })
  report({
    figure: `ballot writes PUT /api/votes/:id via HAProxy, traced (100 % sampled, exported to Jaeger), ${CONNECTIONS} concurrent`,
    value: writes.on,
    unit: 'req/s',
    baseline: { name: 'tracing off', value: writes.off },
    target: '≥ 0.85× tracing off',
    pass: ratio(writes.on, writes.off) >= 0.85,
  })
}

async function cleanUp() {
  const client = await MongoClient.connect(process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/')
  await client.db(dbName).dropDatabase()
  await client.db(votingDb).dropDatabase()
  await client.close()
}

stopOnSignals(cleanUp)
try {
  await main()
} finally {
  await stopAll()
  await cleanUp().catch((error: Error) => console.error(`  ! clean-up: ${error.message}`))
}
