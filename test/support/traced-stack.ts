/**
 * The services as separate processes, each started the way `npm start` and the container start them
 * (`node --import <the kit's tracing preload> dist/…js`) with the standard OTEL_* variables, behind a
 * private HAProxy: what the tracing tests drive, since one process holds one tracer provider and one
 * service name. Jaeger (the real local trace backend) is started on free loopback ports when its
 * binary is available (`npm test` builds it), and stopped with the stack.
 */
import path from 'node:path'
import { freePort, waitUntil } from '../../scripts/stack/net.js'
import { startHaproxy } from '../../scripts/stack/haproxy.js'
import { startProcess, type Managed } from '../../scripts/stack/processes.js'
import { startJaeger, type Jaeger } from '../../scripts/stack/jaeger.js'
import { routes } from '../../scripts/stack/routes.js'
import { TRACING_PRELOAD, tracedProcessEnv } from '../../scripts/stack/tracing-env.js'
import { TEST_JWT_SECRET } from '@prost/platform/testing'
import { testBackends, uniqueName } from './backends.js'
import { privateRedis } from './private-servers.js'
import { removePrivateQueues, serviceEnv } from './service-instance.js'
import type { ServiceName } from './services.js'

const root = path.resolve(import.meta.dirname, '../..')

/** Whether Jaeger can be started here (PROST_JAEGER_BIN, set by `npm test`). */
export const jaegerAvailable = () => Boolean(process.env.PROST_JAEGER_BIN)

export async function startTestJaeger(): Promise<Jaeger> {
  const { dataDir, logDir } = testBackends()
  return startJaeger({ data: dataDir, logs: logDir }, { ports: 'free', name: uniqueName('jaeger') })
}

type ProcessName = ServiceName | 'notifications-worker'

export interface TracedStackOptions {
  /** Where spans go: a Jaeger's OTLP endpoint, or e.g. a closed port (collector down). */
  otlpEndpoint: string
  /** Which services (default: all four and the worker). */
  only?: readonly ProcessName[]
  replicas?: Partial<Record<ProcessName, number>>
  /** Extra settings per process. */
  env?: Partial<Record<ProcessName, Record<string, string>>>
}

export interface TracedProcess {
  name: ProcessName
  url: string
  pid: number
  proc: Managed
}

export interface TracedStack {
  /** The ingress, e.g. http://127.0.0.1:PORT. */
  url: string
  ingressLog: string
  processes: TracedProcess[]
  databases: Partial<Record<ServiceName, string>>
  stop: () => Promise<void>
}

const commands: Record<ProcessName, string> = {
  ...Object.fromEntries(routes.services.map((s) => [s.name, s.command])),
  ...Object.fromEntries(routes.workers.map((w) => [w.name, w.command])),
} as Record<ProcessName, string>

export async function startTracedStack(options: TracedStackOptions): Promise<TracedStack> {
  const backends = testBackends()
  const redis = await privateRedis()
  const processes: TracedProcess[] = []
  const envs: Partial<Record<ServiceName, Record<string, string>>> = {}
  let ingress: Awaited<ReturnType<typeof startHaproxy>> | undefined
  const stop = async () => {
    await ingress?.proc.stop()
    await Promise.all(processes.map((p) => p.proc.stop()))
    await redis.stop()
    for (const env of Object.values(envs)) await removePrivateQueues(env)
  }
  try {
    const wanted = options.only ?? ['accounts', 'events', 'voting', 'notifications', 'notifications-worker']
    const ports = new Map<string, number[]>()
    for (const name of wanted)
      ports.set(
        name,
        await Promise.all(Array.from({ length: options.replicas?.[name] ?? 1 }, () => freePort())),
      )
    const first = (name: ServiceName) => ports.get(name)?.[0]
    const internal: Record<string, string> = {}
    for (const [name, key] of [
      ['accounts', 'ACCOUNTS_INTERNAL_URL'],
      ['events', 'EVENTS_INTERNAL_URL'],
      ['voting', 'VOTING_INTERNAL_URL'],
    ] as const)
      if (first(name)) internal[key] = `http://127.0.0.1:${first(name)}`
    for (const name of wanted) {
      // The worker works on the notifications service's database and queues.
      const service: ServiceName = name === 'notifications-worker' ? 'notifications' : name
      envs[service] ??= serviceEnv(service, { REDIS_URL: redis.url })
      for (const [i, port] of ports.get(name)!.entries()) {
        const env = {
          PATH: process.env.PATH ?? '',
          APP_ENV: 'dev',
          LOG_LEVEL: 'warn',
          HOST: '127.0.0.1',
          PORT: String(port),
          MONGODB_URL: backends.mongoUrl,
          AMQP_URL: backends.amqpUrl,
          JWT_SECRET: TEST_JWT_SECRET,
          ...envs[service],
          ...internal,
          ...tracedProcessEnv(name, options.otlpEndpoint),
          // Spans reach the backend within a fraction of a second, so tests wait less.
          OTEL_BSP_SCHEDULE_DELAY: '200',
          ...options.env?.[name],
        }
        const proc = startProcess(
          uniqueName(`${name}${i}`),
          process.execPath,
          ['--import', TRACING_PRELOAD, path.join(root, commands[name])],
          { cwd: root, env, logDir: backends.logDir },
        )
        processes.push({ name, url: `http://127.0.0.1:${port}`, pid: proc.child.pid!, proc })
      }
    }
    for (const p of processes) {
      await waitUntil(
        async () => {
          if (p.proc.child.exitCode !== null) throw new Error(`${p.name} exited; see ${p.proc.logFile}`)
          return (await fetch(`${p.url}/healthz`)).ok
        },
        60_000,
        `${p.name} did not become healthy; see ${p.proc.logFile}`,
      )
    }
    const upstreams: Record<string, string[]> = {}
    for (const p of processes)
      if (p.name !== 'notifications-worker') (upstreams[p.name] ??= []).push(p.url.replace('http://', ''))
    ingress = await startHaproxy(
      { data: backends.dataDir, logs: backends.logDir },
      await freePort(),
      upstreams,
      uniqueName('haproxy'),
    )
    const databases = Object.fromEntries(Object.entries(envs).map(([name, env]) => [name, env.MONGODB_DB]))
    return { url: ingress.url, ingressLog: ingress.proc.logFile, processes, databases, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** A loopback port nothing listens on (a collector that is down). */
export async function freeClosedPort() {
  return freePort()
}
