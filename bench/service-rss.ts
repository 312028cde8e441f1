/**
 * Peak memory per process under load, against each component's memory limit in the Helm chart.
 *   npx tsx bench/service-rss.ts [seconds=60]
 * Starts accounts, events, voting, notifications and the notifications worker from their built
 * dist/ entry points, each as its own Node process as `npm start` does (scripts/stack/start.ts), with
 * APP_ENV=prod like the chart (JSON logs, to .data/bench-logs/rss-*.log), on free loopback ports,
 * against the backends in MONGODB_URL/REDIS_URL/AMQP_URL/MINIO_* (scripts/stack/bench-run.ts). Idle
 * RSS is read right after start; then, for `seconds`, a bounded mixed load: GET /api/auth/me;
 * event reads, listing, search and "mine" plus a few creates a second; ballot writes and board reads;
 * GET /api/notifications/me; and event.finalized messages (100 participants each) into the worker,
 * which plans and sends (dry-run) the notices and reminders. Peak RSS is the kernel's high-water
 * mark (VmHWM in /proc/<pid>/status) after the load. Databases and queues are unique to the run and
 * removed afterwards; every process started here is stopped, also on failure. Needs Linux (/proc)
 * and a build (npx turbo run build). Prints figures; never fails on speed.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import amqplib from 'amqplib'
import { MongoClient, ObjectId } from 'mongodb'
import { parse } from 'yaml'
import { newEnvelope } from '@prost/platform'
import type { EventState } from '@prost/contracts'
import { freePort, waitUntil } from '../scripts/stack/net.js'
import { startProcess, stopAll, type Managed } from '../scripts/stack/processes.js'
import { routes } from '../scripts/stack/routes.js'
import { report } from './report.js'
import { serviceEnv } from './ingress-stack.js'

const [seconds = 60] = process.argv.slice(2).map(Number)
const root = path.resolve(import.meta.dirname, '..')
const suffix = `${process.pid}_${Date.now()}`
const logDir = process.env.PROST_TEST_LOG_DIR ?? path.join(os.tmpdir(), 'prost-bench-logs')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const oid = () => new ObjectId().toHexString()
const mib = (n: number) => `${n.toFixed(1)} MiB`

const names = {
  db: (service: string) => `bench_rss_${service}_${suffix}`,
  notificationsPrefix: `bench_rss_${suffix}.`,
  votingQueue: `bench-rss-voting-${suffix}`,
}

/** Memory limit (MiB) of each component: componentDefaults.resources, overridden per component. */
function chartLimits() {
  const values = parse(readFileSync(path.join(root, 'charts/prost/values.yaml'), 'utf8')) as {
    componentDefaults: { resources?: { limits?: { memory?: string } } }
    components: Record<string, { resources?: { limits?: { memory?: string } } }>
  }
  const limit = (name: string) => {
    const quantity =
      values.components[name]?.resources?.limits?.memory ?? values.componentDefaults.resources?.limits?.memory
    if (!quantity) throw new Error(`charts/prost/values.yaml gives ${name} no memory limit`)
    return { quantity, mib: toMiB(quantity) }
  }
  return limit
}

/** Kubernetes memory quantity → MiB ("384Mi", "1Gi", "500M", "268435456"). */
function toMiB(quantity: string) {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim())
  if (!match) throw new Error(`memory quantity ${quantity} not understood`)
  const factor: Record<string, number> = {
    '': 1,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  }
  return (Number(match[1]) * factor[match[2] ?? '']!) / 2 ** 20
}

/** VmRSS (current) and VmHWM (peak) of a process, in MiB. */
function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024
  return { rss: field('VmRSS'), hwm: field('VmHWM') }
}

interface Service {
  name: string
  url: string
  proc: Managed
  idle: number
  sampledPeak: number
}

async function startAll(): Promise<Service[]> {
  // What a container would have (bench/ingress-stack.ts), logging at info as `npm start` does.
  const env = serviceEnv({
    LOG_LEVEL: 'info',
    NOTIFICATIONS_QUEUE_PREFIX: names.notificationsPrefix,
    EVENT_QUEUE: names.votingQueue,
    EVENT_QUEUE_EXPIRES_MS: '60000',
  })
  const own: Record<string, Record<string, string>> = {
    accounts: { MONGODB_DB: names.db('accounts') },
    events: { MONGODB_DB: names.db('events') },
    voting: { MONGODB_DB: names.db('voting') },
    notifications: { MONGODB_DB: names.db('notifications') },
    'notifications-worker': { MONGODB_DB: names.db('notifications') },
  }
  const started: { name: string; port: number; proc: Managed }[] = []
  for (const spec of [...routes.services, ...routes.workers]) {
    const port = await freePort()
    const proc = startProcess(`rss-${spec.name}`, process.execPath, [path.join(root, spec.command)], {
      cwd: root,
      env: { ...env, ...own[spec.name], PORT: String(port) },
      logDir,
    })
    started.push({ name: spec.name, port, proc })
  }
  const services: Service[] = []
  for (const { name, port, proc } of started) {
    const url = `http://127.0.0.1:${port}`
    await waitUntil(
      async () => proc.child.exitCode === null && (await fetch(`${url}/readyz`)).ok,
      60_000,
      `${name} did not become ready; see ${proc.logFile}`,
    )
    services.push({ name, url, proc, idle: 0, sampledPeak: 0 })
  }
  await sleep(2000) // let start-up work (index creation, first connections) settle
  for (const service of services) {
    service.idle = memory(service.proc.child.pid!).rss
    service.sampledPeak = service.idle
  }
  return services
}

async function json<T>(url: string, init: RequestInit & { body?: string } = {}, token?: string): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  })
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

const newEvent = (n: number) => ({
  title: `Stammtisch ${n} ${n % 3 ? 'beer' : 'quiz'}`,
  description: 'Created by the memory benchmark',
  timeZone: 'Europe/Berlin',
  visibility: 'public',
  timeOptions: [1, 2, 3].map((d) => ({
    startsAt: new Date(Date.now() + (d + (n % 30)) * 86_400_000).toISOString(),
  })),
  placeOptions: [{ name: `Kneipe ${n % 50}`, address: 'Berlin' }, { name: 'Biergarten' }],
})

/** A finalized event state as event.finalized carries it, starting in 59 minutes (reminders due now). */
function finalizedEvent(n: number, participants: number): EventState {
  const people = Array.from({ length: participants }, (_, i) => ({
    id: oid(),
    kind: 'participant' as const,
    name: `Guest ${i}`,
    joinedAt: new Date().toISOString(),
  }))
  const startsAt = new Date(Date.now() + 59 * 60_000).toISOString()
  const endsAt = new Date(Date.now() + 179 * 60_000).toISOString()
  const timeOption = { id: oid(), startsAt, endsAt }
  const place = { id: oid(), name: 'Zum Goldenen Fass', address: 'Hauptstr. 1' }
  return {
    eventId: oid(),
    version: 3,
    title: `Finalized ${n}`,
    timeZone: 'Europe/Berlin',
    visibility: 'private',
    status: 'finalized',
    organizer: { id: people[0]!.id, name: people[0]!.name },
    votingDeadline: null,
    timeOptions: [timeOption],
    placeOptions: [place],
    participants: people,
    invitedUserIds: [],
    final: { timeOptionId: timeOption.id, placeOptionId: place.id, startsAt, endsAt, place },
  }
}

type Call = { method: 'GET' | 'POST' | 'PUT'; path: string; body?: string }

/** autocannon over a rotating list of calls, all with the bearer token. */
function cannon(
  url: string,
  token: string,
  next: () => Call,
  options: { connections: number; overallRate?: number },
) {
  return autocannon({
    url,
    connections: options.connections,
    duration: seconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const call = next()
          return {
            ...req,
            ...call,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          }
        },
      },
    ],
  })
}

async function load(services: Service[]) {
  const at = Object.fromEntries(services.map((s) => [s.name, s.url])) as Record<string, string>
  // One organizer, a few public events they can vote on.
  const session = await json<{ accessToken: string }>(`${at.accounts}/api/auth/register`, {
    method: 'POST',
    body: JSON.stringify({
      email: `rss-${suffix}@bench.example`,
      password: 'bench-password-1234',
      displayName: 'Bench Organizer',
    }),
  })
  const token = session.accessToken
  const events: { id: string; timeOptions: { id: string }[]; placeOptions: { id: string }[] }[] = []
  for (let i = 0; i < 10; i++)
    events.push(
      await json<(typeof events)[number]>(
        `${at.events}/api/events`,
        { method: 'POST', body: JSON.stringify(newEvent(i)) },
        token,
      ),
    )
  // Voting learns of them through RabbitMQ (events outbox → prost.events → its queue).
  for (const event of events) {
    await waitUntil(
      async () =>
        (await fetch(`${at.voting}/api/votes/${event.id}`, { headers: { authorization: `Bearer ${token}` } }))
          .ok,
      30_000,
      `voting never saw event ${event.id}`,
    )
  }

  let k = 0
  const reads = [
    '/api/events?limit=20',
    '/api/events?q=quiz&limit=20',
    '/api/events?place=kneipe&limit=20',
    '/api/events/mine',
  ]
  const eventCalls = (): Call => {
    const i = k++
    return i % 2
      ? { method: 'GET', path: `/api/events/${events[i % events.length]!.id}` }
      : { method: 'GET', path: reads[(i / 2) % reads.length]! }
  }
  let created = 10
  const createCalls = (): Call => ({
    method: 'POST',
    path: '/api/events',
    body: JSON.stringify(newEvent(created++)),
  })
  let v = 0
  const answers = ['yes', 'maybe', 'no'] as const
  const votingCalls = (): Call => {
    const i = v++
    const event = events[i % events.length]!
    if (i % 3 === 2) return { method: 'GET', path: `/api/votes/${event.id}` }
    const choices = Object.fromEntries(
      [...event.timeOptions, ...event.placeOptions].map((o, j) => [o.id, answers[(i + j) % 3]]),
    )
    return { method: 'PUT', path: `/api/votes/${event.id}`, body: JSON.stringify({ choices }) }
  }

  // The worker: event.finalized messages straight into its own queue (not via prost.events, so no
  // other consumer on the broker gets them), spread over the run.
  const connection = await amqplib.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672')
  const channel = await connection.createConfirmChannel()
  const workerQueue = `${names.notificationsPrefix}notifications.events`
  let finalized = 0
  const feeding = (async () => {
    const count = Math.max(5, Math.round(seconds / 2))
    for (; finalized < count; finalized++) {
      const envelope = newEnvelope('event.finalized', 1, finalizedEvent(finalized, 100))
      channel.sendToQueue(workerQueue, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
        contentType: 'application/json',
        messageId: envelope.id,
        type: envelope.type,
      })
      await channel.waitForConfirms()
      await sleep((seconds * 1000) / count)
    }
  })()

  const sampler = setInterval(() => {
    for (const s of services) {
      if (s.proc.child.exitCode !== null) continue
      s.sampledPeak = Math.max(s.sampledPeak, memory(s.proc.child.pid!).rss)
    }
  }, 500)
  try {
    const [accounts, reads_, creates, voting, notifications] = await Promise.all([
      cannon(at.accounts!, token, () => ({ method: 'GET', path: '/api/auth/me' }), { connections: 4 }),
      cannon(at.events!, token, eventCalls, { connections: 6 }),
      cannon(at.events!, token, createCalls, { connections: 1, overallRate: 5 }),
      cannon(at.voting!, token, votingCalls, { connections: 6 }),
      cannon(at.notifications!, token, () => ({ method: 'GET', path: '/api/notifications/me' }), {
        connections: 4,
      }),
    ])
    await feeding
    for (const [name, r] of Object.entries({
      accounts,
      'events reads': reads_,
      'events creates': creates,
      voting,
      notifications,
    })) {
      console.log(
        `  ${name.padEnd(14)} ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx, ${r.errors} errors`,
      )
    }
    console.log(`  worker         ${finalized} event.finalized × 100 participants published`)
  } finally {
    clearInterval(sampler)
    await connection.close().catch(() => undefined)
  }
}

async function cleanUp() {
  const client = await MongoClient.connect(process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/')
  for (const service of ['accounts', 'events', 'voting', 'notifications'])
    await client.db(names.db(service)).dropDatabase()
  await client.close()
  const connection = await amqplib.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672')
  const channel = await connection.createChannel()
  for (const queue of [
    `${names.notificationsPrefix}notifications.events`,
    `${names.notificationsPrefix}notifications.reminders`,
  ]) {
    await channel.deleteQueue(queue)
    await channel.deleteQueue(`${queue}.dead`)
  }
  await channel.deleteQueue(names.votingQueue)
  await connection.close()
}

async function main() {
  const limitOf = chartLimits()
  console.log(`memory bench: 5 processes, ${seconds} s of mixed load (logs in ${logDir}/rss-*.log)`)
  let services: Service[] = []
  try {
    services = await startAll()
    await load(services)
    await sleep(1000)
    for (const s of services) {
      const limit = limitOf(s.name)
      if (s.proc.child.exitCode !== null) {
        console.error(
          `  ! ${s.name} exited during the load (code ${s.proc.child.exitCode}); see ${s.proc.logFile}`,
        )
        report({
          figure: `peak RSS under load: ${s.name} (exited)`,
          value: s.sampledPeak,
          unit: 'MiB',
          baseline: { name: 'idle after start', value: s.idle },
          target: `≤ ${limit.quantity} (chart limit)`,
          pass: false,
        })
        continue
      }
      const { rss, hwm: kernelPeak } = memory(s.proc.child.pid!)
      // The kernel syncs its per-thread RSS counters lazily: a sample can top VmHWM by a few pages.
      const hwm = Math.max(kernelPeak, s.sampledPeak, rss)
      console.log(
        `  ${s.name.padEnd(21)} idle ${mib(s.idle)}, sampled peak ${mib(Math.max(s.sampledPeak, rss))}, VmHWM ${mib(kernelPeak)}, now ${mib(rss)}; chart limit ${limit.quantity}`,
      )
      report({
        figure: `peak RSS under load: ${s.name}`,
        value: hwm,
        unit: 'MiB',
        baseline: { name: 'idle after start', value: s.idle },
        target: `≤ ${limit.quantity} (chart limit)`,
        pass: hwm <= limit.mib,
      })
    }
  } finally {
    await stopAll()
    await cleanUp().catch((error: Error) => console.error(`  ! clean-up: ${error.message}`))
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)))
}
await main()
