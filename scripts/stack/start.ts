/**
 * `npm start`: the whole platform on this machine. Stores first (FerretDB on PostgreSQL, Redis, RabbitMQ, MinIO;
 * reused when already running, or taken from MONGODB_URL / REDIS_URL / AMQP_URL), then every service
 * and the worker as their own processes, the SPA, and HAProxy on :8080 routing like the k8s ingress.
 * Ctrl-C stops everything this script started, and nothing else.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { mkdirSync } from 'node:fs'
import { freePort, isPortOpen, waitUntil } from './net.js'
import { startProcess, stopAll } from './processes.js'
import { ensureRabbitMq, ensureRedis, startFerretDb, startMinio, stopRabbitMq } from './stores.js'
import { startHaproxy } from './haproxy.js'
import { routes } from './routes.js'
import { serveSpa } from './web.js'
import { ensurePostgres } from './postgres.js'
import { startJaeger, type Jaeger } from './jaeger.js'
import { tracedProcessEnv, TRACING_PRELOAD } from './tracing-env.js'

const root = path.resolve(import.meta.dirname, '../..')
const dirs = { data: path.join(root, '.data', 'local'), logs: path.join(root, '.data', 'logs') }
mkdirSync(dirs.data, { recursive: true })
const INGRESS_PORT = Number(process.env.PROST_PORT ?? 8080)
let rabbitStartedHere = false
let web: Awaited<ReturnType<typeof serveSpa>> | undefined
let stopping = false

const say = (line: string) => console.log(`\x1b[1;33m[prost]\x1b[0m ${line}`)

async function portFor(preferred: number) {
  return (await isPortOpen(preferred)) ? freePort() : preferred
}

/** FerretDB on the database `prost_local` (kept between runs), or on SQLite files when no PostgreSQL can be had. */
async function startLocalFerretDb() {
  const postgres = await ensurePostgres(dirs, 'prost_local', true)
  const ferret = await startFerretDb(dirs, 27017, postgres?.url)
  const storage = postgres
    ? `PostgreSQL database prost_local on ${postgres.via}`
    : 'SQLite in .data/local/ferretdb'
  return { url: ferret.url, via: `FerretDB (${storage}), started here` }
}

async function main() {
  if (await isPortOpen(INGRESS_PORT)) {
    throw new Error(
      `port ${INGRESS_PORT} is taken: is Prost already running? Stop it, or set PROST_PORT to another port.`,
    )
  }
  say('starting the stores ...')
  const [mongo, redis, rabbit, minio] = await Promise.all([
    process.env.MONGODB_URL ? { url: process.env.MONGODB_URL, via: 'MONGODB_URL' } : startLocalFerretDb(),
    process.env.REDIS_URL
      ? { url: process.env.REDIS_URL, via: 'REDIS_URL' }
      : ensureRedis(dirs).then((r) => ({
          url: r.url,
          via: r.proc ? 'private redis-server, started here' : 'the local Redis already running',
        })),
    process.env.AMQP_URL
      ? { url: process.env.AMQP_URL, via: 'AMQP_URL', startedHere: false }
      : ensureRabbitMq().then((r) => ({
          ...r,
          via: r.startedHere ? 'rabbitmq-server, started here' : 'the local RabbitMQ already running',
        })),
    startMinio(dirs, 9000),
  ])
  rabbitStartedHere = 'startedHere' in rabbit && rabbit.startedHere
  let jaeger: Jaeger | undefined
  // No binary when PROST_TRACING=off or Jaeger could not be built (scripts/lib/tools.sh says why).
  if (process.env.PROST_TRACING !== 'off' && process.env.PROST_JAEGER_BIN) {
    say('starting Jaeger (traces; PROST_TRACING=off skips it) ...')
    jaeger = await startJaeger(dirs)
  }

  const env = {
    ...process.env,
    APP_ENV: process.env.APP_ENV ?? 'local',
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${INGRESS_PORT}`,
    MONGODB_URL: mongo.url,
    REDIS_URL: redis.url,
    AMQP_URL: rabbit.url,
    MINIO_ENDPOINT: minio.endpoint,
    MINIO_PORT: String(minio.port),
    MINIO_USE_SSL: 'false',
    MINIO_ACCESS_KEY: minio.accessKey,
    MINIO_SECRET_KEY: minio.secretKey,
  }

  say('starting the services ...')
  const upstreams: Record<string, string[]> = {}
  const processes = [...routes.services, ...routes.workers]
  const ports = new Map<string, number>()
  for (const spec of processes) ports.set(spec.name, await portFor(spec.port))
  // The bot (notifications) acts as Telegram users through the other services' own APIs, on their
  // direct addresses; the shared secret for that is made up per run unless one is given (only the
  // processes started here need to know it).
  const internal = {
    INTERNAL_API_TOKEN: process.env.INTERNAL_API_TOKEN || randomBytes(32).toString('base64url'),
    ACCOUNTS_INTERNAL_URL: `http://127.0.0.1:${ports.get('accounts')}`,
    EVENTS_INTERNAL_URL: `http://127.0.0.1:${ports.get('events')}`,
    VOTING_INTERNAL_URL: `http://127.0.0.1:${ports.get('voting')}`,
  }
  for (const spec of processes) {
    const port = ports.get(spec.name)!
    startProcess(spec.name, process.execPath, ['--import', TRACING_PRELOAD, path.join(root, spec.command)], {
      cwd: root,
      env: { ...env, ...internal, PORT: String(port), ...tracedProcessEnv(spec.name, jaeger?.otlpEndpoint) },
      logDir: dirs.logs,
      echo: true,
      onExit: (code) => {
        if (!stopping)
          say(`\x1b[31m${spec.name} exited (code ${code}); see .data/logs/${spec.name}.log\x1b[0m`)
      },
    })
    if (routes.services.some((s) => s.name === spec.name)) upstreams[spec.name] = [`127.0.0.1:${port}`]
  }
  const webPort = await portFor(routes.web.port)
  web = await serveSpa(path.join(root, 'web', 'dist'), webPort)
  upstreams.web = [`127.0.0.1:${webPort}`]

  for (const spec of processes) {
    const port = ports.get(spec.name)!
    await waitUntil(
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok,
      60_000,
      `${spec.name} did not become healthy on port ${port}; see .data/logs/${spec.name}.log`,
    )
  }
  const ingress = await startHaproxy(dirs, INGRESS_PORT, upstreams)

  say('')
  say(
    `\x1b[1;32mProst is up: http://localhost:${INGRESS_PORT}\x1b[0m  (Ctrl-C stops everything started here)`,
  )
  say(`  MongoDB   ${mongo.url}  ← ${mongo.via}`)
  say(`  Redis     ${redis.url}  ← ${redis.via}`)
  say(`  RabbitMQ  ${rabbit.url.replace(/\/\/[^@]*@/, '//')}  ← ${rabbit.via}`)
  say(`  MinIO     http://127.0.0.1:${minio.port}  ← MinIO server (data in .data/local/minio), started here`)
  say(`  HAProxy   ${ingress.url}  ← config ${path.relative(root, ingress.configFile)}`)
  say(
    jaeger
      ? `  Jaeger    ${jaeger.url}  ← traces of every process (in memory; OTLP in at ${jaeger.otlpEndpoint})${jaeger.uiAssets ? '' : '; no built UI here, the query API answers (README "Tracing")'}`
      : '  Jaeger    off (PROST_TRACING=off, or not built): no traces',
  )
  for (const spec of processes)
    say(
      `  ${spec.name.padEnd(21)} http://127.0.0.1:${ports.get(spec.name)}  (logs .data/logs/${spec.name}.log)`,
    )
  say(
    `  API docs  http://localhost:${INGRESS_PORT}/api/events/docs (and /api/auth/docs, /api/votes/docs, /api/notifications/docs)`,
  )
}

async function shutdown(code: number) {
  if (stopping) return
  stopping = true
  say('stopping everything started here ...')
  await web?.close()
  await stopAll()
  if (rabbitStartedHere) await stopRabbitMq()
  process.exit(code)
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0))

main().catch((error: Error) => {
  console.error(`\x1b[1;31m[prost]\x1b[0m ${error.message}`)
  void shutdown(1)
})
