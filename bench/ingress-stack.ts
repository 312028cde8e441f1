/**
 * The real path for benchmarks: services as their own processes from their built `dist/` entry points
 * (as `npm start` runs them, scripts/stack/start.ts), replicas on free loopback ports, behind an HAProxy
 * rendered from routes.json (scripts/stack/haproxy.ts) plus one extra backend, `/bare`: a constant-JSON
 * route on the same server kit, also its own process, so a "vs bare route" ratio pays for the same
 * ingress hop, the same process boundary and the same kit hooks. The load generator is whoever imports
 * this (never a process that serves). Needs a build (npx turbo run build) and PROST_HAPROXY_BIN or
 * `haproxy` on PATH.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createSigner } from 'fast-jwt'
import { freePort, waitUntil } from '../scripts/stack/net.js'
import { startProcess, stopAll, type Managed } from '../scripts/stack/processes.js'
import { renderHaproxyConfig, type Upstreams } from '../scripts/stack/haproxy.js'
import { routes, type RouteTable } from '../scripts/stack/routes.js'

const root = path.resolve(import.meta.dirname, '..')
export const logDir = process.env.PROST_TEST_LOG_DIR ?? path.join(os.tmpdir(), 'prost-bench-logs')
const jwtSecret = `bench-${process.pid}-${Date.now()}-0123456789abcdef0123456789`
/** Shared by the bot and accounts for service-to-service calls; new every run like jwtSecret. */
export const internalApiToken = `bench-internal-${process.pid}-${Date.now()}-0123456789abcdef`

/** What a container would have (no loaders inherited from this tsx process), plus lifted per-client limits. */
export function serviceEnv(own: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_ENV: 'prod',
    HOST: '127.0.0.1',
    // Every request is a log line in prod; warn keeps the logging cost out of the ratios.
    LOG_LEVEL: 'warn',
    PUBLIC_URL: 'http://localhost:8080',
    TRUST_PROXY: '127.0.0.1,::1',
    MONGODB_URL: process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    JWT_SECRET: jwtSecret,
    INTERNAL_API_TOKEN: internalApiToken,
    MINIO_ENDPOINT: process.env.MINIO_ENDPOINT ?? '127.0.0.1',
    MINIO_PORT: process.env.MINIO_PORT ?? '9000',
    MINIO_USE_SSL: 'false',
    MINIO_ACCESS_KEY: process.env.MINIO_ACCESS_KEY ?? 'prost-local',
    MINIO_SECRET_KEY: process.env.MINIO_SECRET_KEY ?? 'prost-local-secret-key',
    // All load comes from one address: lift the per-client limits, not the work behind them.
    RATE_LIMIT_MAX: '100000000',
    BALLOT_RATE_LIMIT_MAX: '100000000',
    ...own,
  }
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))
}

/** Access tokens the services accept (they share JWT_SECRET with serviceEnv). */
const sign = createSigner({ key: jwtSecret, algorithm: 'HS256', expiresIn: 3_600_000 })
export const userToken = (user: { id: string; name: string }) =>
  sign({ sub: user.id, kind: 'user', role: 'user', name: user.name })

export interface Replica {
  name: string
  /** host:port */
  address: string
  proc: Managed
}

/** Starts `replicas` processes of a service from routes.json (its dist entry point) and waits until each is ready. */
export async function startService(
  name: string,
  env: Record<string, string>,
  replicas = 1,
  /** Node flags before the entry point, e.g. the tracing preload (`--import …/preload.js`). */
  nodeFlags: string[] = [],
  label = name,
): Promise<Replica[]> {
  const spec = routes.services.find((s) => s.name === name)
  if (!spec) throw new Error(`no service ${name} in routes.json`)
  return startReplicas(label, [...nodeFlags, path.join(root, spec.command)], env, replicas, '/readyz')
}

/** The bare route (bench/bare-route.ts) as its own process. */
export async function startBareRoute(env: Record<string, string>): Promise<Replica[]> {
  return startReplicas('bare', ['--import', 'tsx', path.join(root, 'bench/bare-route.ts')], env, 1, '/bare')
}

async function startReplicas(
  name: string,
  args: string[],
  env: Record<string, string>,
  replicas: number,
  ready: string,
) {
  const started: Replica[] = []
  for (let i = 1; i <= replicas; i++) {
    const port = await freePort()
    const label = `bench-${name}${replicas > 1 ? `-${i}` : ''}`
    // PROST_BENCH_CPU_PROF=<dir>: every service process writes V8 CPU profiles to <dir>/<label>/ when
    // it stops, one per thread (Node's default names carry the thread id: a traced process also runs
    // the module loader hooks' thread, whose profile must not overwrite the main thread's).
    const profile = process.env.PROST_BENCH_CPU_PROF
    const nodeArgs = profile ? [`--cpu-prof`, `--cpu-prof-dir=${path.join(profile, label)}`, ...args] : args
    const proc = startProcess(label, process.execPath, nodeArgs, {
      cwd: root,
      env: { ...env, PORT: String(port) },
      logDir,
    })
    started.push({ name: label, address: `127.0.0.1:${port}`, proc })
  }
  for (const r of started) {
    await waitUntil(
      async () => r.proc.child.exitCode === null && (await fetch(`http://${r.address}${ready}`)).ok,
      60_000,
      `${r.name} did not become ready; see ${r.proc.logFile}`,
    )
  }
  return started
}

/** The route table plus `/bare`, so the bare route sits behind the very same ingress config. */
const benchRoutes: RouteTable = {
  ...routes,
  services: [
    ...routes.services,
    { name: 'bare', port: 0, command: 'bench/bare-route.ts', prefixes: ['/bare'], health: '/bare' },
  ],
}

/** HAProxy on a free port in front of `upstreams` (service name → its replicas); waits until every one answers through it. */
export async function startIngress(label: string, upstreams: Record<string, Replica[]>) {
  const port = await freePort()
  const dir = path.join(os.tmpdir(), `prost-bench-ingress-${process.pid}`)
  mkdirSync(dir, { recursive: true })
  const configFile = path.join(dir, `${label}.cfg`)
  const servers: Upstreams = Object.fromEntries(
    Object.entries(upstreams).map(([name, list]) => [name, list.map((r) => r.address)]),
  )
  writeFileSync(configFile, renderHaproxyConfig(port, servers, benchRoutes))
  const proc = startProcess(
    `bench-${label}`,
    process.env.PROST_HAPROXY_BIN ?? 'haproxy',
    ['-db', '-f', configFile],
    { logDir },
  )
  const url = `http://127.0.0.1:${port}`
  const health = benchRoutes.services.filter((s) => upstreams[s.name]?.length).map((s) => s.health)
  await waitUntil(
    async () =>
      (
        await Promise.all(health.map((p) => fetch(`${url}${p}`, { signal: AbortSignal.timeout(1000) })))
      ).every((res) => res.ok),
    20_000,
    `HAProxy ${label} does not reach every backend; see ${proc.logFile}`,
  )
  // HAProxy marks a server up after its first check; with two replicas, wait until both take traffic.
  await new Promise((r) => setTimeout(r, 1500))
  return { url, host: `127.0.0.1:${port}`, proc }
}

export { stopAll }

/** Stops every process started here on Ctrl-C / SIGTERM too. */
export function stopOnSignals(cleanUp: () => Promise<void> = async () => undefined) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(
      signal,
      () =>
        void stopAll()
          .then(cleanUp)
          .finally(() => process.exit(130)),
    )
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
